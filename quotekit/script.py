"""A text as a script: consecutive segments of narration and quotation that cover it exactly.

Every character of the text belongs to exactly one :class:`Segment`, in order, so joining the
segments' ``text`` gives the text back. A quotation interrupted by its cue (``“A,” he said.
“B.”``) gives one quote segment per piece, and the cue between them is narration.

Where quotations overlap, the one that starts first (the longer, when two start together) keeps
the shared characters: a quotation inside another (a direct quote within an indirect one) is
absorbed by it, and one that runs past another's start keeps only the characters after it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

import attrs

from quotekit.model import Gender, Quotes

__all__ = ["Segment", "SegmentKind", "script"]

SegmentKind = Literal["narration", "direct", "mixed", "indirect"]


@attrs.frozen(slots=True)
class Segment:
    """One stretch of the text: narration, or (a piece of) one quotation.

    Attributes:
        start: Offset of the first character in the text.
        end: Offset one past the last character.
        text: ``text[start:end]``.
        kind: ``narration``, or the quotation's kind (``direct``, ``mixed``, ``indirect``).
        quote: Index of the quotation in the :class:`~quotekit.model.Quotes`; ``None`` for narration.
        speaker: The quotation's canonical speaker name, if any.
        speaker_gender: ``feminine``, ``masculine`` or ``unknown``; ``None`` without a speaker.
        addressees: Names of the people the quotation addresses.
        confidence: The quotation's confidence; ``None`` for narration.
    """

    start: int
    end: int
    text: str
    kind: SegmentKind
    quote: int | None = None
    speaker: str | None = None
    speaker_gender: Gender | None = None
    addressees: tuple[str, ...] = ()
    confidence: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """The segment as a JSON-ready record."""
        record = attrs.asdict(self)
        record["addressees"] = list(self.addressees)
        return record


def script(source: str | Quotes) -> list[Segment]:
    """The text as consecutive narration and quotation segments.

    Args:
        source: A text (its quotations are extracted with the default pipeline) or the
            :class:`~quotekit.model.Quotes` of one text.

    Returns:
        Segments in text order that cover every character exactly once.

    >>> from quotekit.model import Quote, Speaker, TextSpan
    >>> text = "“Yes,” she said. “No.”"
    >>> quote = Quote(text, 0, 22, "direct", Speaker("Ann", None, "person", "feminine", 1),
    ...               pieces=(TextSpan(0, 6, "“Yes,”"), TextSpan(17, 22, "“No.”")))
    >>> [(s.kind, s.text, s.speaker) for s in script(Quotes([quote], text=text))]
    [('direct', '“Yes,”', 'Ann'), ('narration', ' she said. ', None), ('direct', '“No.”', 'Ann')]
    """
    if isinstance(source, str):
        from quotekit.pipeline import extract  # the pipeline only when given a bare text

        source = extract(source)
    if not isinstance(source, Quotes):
        raise TypeError(f"script() takes a text or the Quotes of one text, not {type(source).__name__}")
    text = source.text
    segments: list[Segment] = []
    cursor = 0
    for start, end, index in _units(source):
        start, end = max(start, cursor), min(end, len(text))
        if end <= start:
            continue  # inside (or covered by) an earlier quotation
        if start > cursor:
            segments.append(Segment(cursor, start, text[cursor:start], "narration"))
        quote = source[index]
        speaker = quote.speaker
        segments.append(
            Segment(
                start,
                end,
                text[start:end],
                quote.kind,
                index,
                speaker.name if speaker is not None else None,
                speaker.gender if speaker is not None else None,
                tuple(a.name for a in quote.addressees if a.name),
                quote.confidence,
            )
        )
        cursor = end
    if cursor < len(text):
        segments.append(Segment(cursor, len(text), text[cursor:], "narration"))
    return segments


def _units(quotes: Quotes) -> Iterator[tuple[int, int, int]]:
    """(start, end, quote index) of every quoted stretch, the pieces of an interrupted quotation
    apart, by start and then longest first."""
    units = [(piece.start, piece.end, index) for index, quote in enumerate(quotes) for piece in (quote.pieces or (quote.span,))]
    yield from sorted(units, key=lambda unit: (unit[0], -unit[1], unit[2]))

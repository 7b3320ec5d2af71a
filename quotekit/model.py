"""Frozen values that every stage and face shares: spans, speakers and quotes.

All offsets are half-open Python ``str`` indices into the caller's original text.
This module imports only ``attrs`` so that every other module may depend on it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal

import attrs

if TYPE_CHECKING:
    import pandas

QuoteKind = Literal["direct", "mixed", "indirect"]
SpeakerKind = Literal["person", "organization", "group", "anonymous", "unknown", "unresolved"]
Gender = Literal["feminine", "masculine", "unknown"]

QUOTE_KINDS: tuple[QuoteKind, ...] = ("direct", "mixed", "indirect")
SPEAKER_KINDS: tuple[SpeakerKind, ...] = ("person", "organization", "group", "anonymous", "unknown", "unresolved")
GENDERS: tuple[Gender, ...] = ("feminine", "masculine", "unknown")


def _check_order(instance: TextSpan, attribute: attrs.Attribute[int], value: int) -> None:
    if value < instance.start:
        raise ValueError(f"[Q001] span end {value} is before its start {instance.start}")


@attrs.frozen(slots=True)
class TextSpan:
    """A stretch of the original text: ``text == original[start:end]``.

    >>> TextSpan.from_text("Carney said: yes", 0, 6)
    TextSpan(start=0, end=6, text='Carney')
    """

    start: int = attrs.field(validator=attrs.validators.ge(0))
    end: int = attrs.field(validator=_check_order)
    text: str

    @classmethod
    def from_text(cls, original: str, start: int, end: int) -> TextSpan:
        """Build the span ``original[start:end]``."""
        return cls(start, end, original[start:end])

    def to_dict(self) -> dict[str, Any]:
        """The span as a JSON-ready mapping ``{"start", "end", "text"}``."""
        return {"start": self.start, "end": self.end, "text": self.text}

    def overlaps(self, other: TextSpan) -> bool:
        """Whether the two spans share at least one character."""
        return self.start < other.end and other.start < self.end

    def __len__(self) -> int:
        return self.end - self.start


@attrs.frozen(slots=True)
class Speaker:
    """Who said it: the canonical entity and the mention as written.

    Attributes:
        name: Canonical name of the entity (``"Mark Carney"``), or ``None`` when unresolved.
        mention: The speaker mention as written near the quote (``he``, ``the prime minister``).
        kind: ``person``, ``organization``, ``group``, ``anonymous`` or ``unknown``; ``unresolved``
            when the rules were less sure than ``QuotekitConfig.speaker_threshold`` (``name`` is
            then ``None`` and ``candidates`` holds who was considered).
        gender: ``feminine``, ``masculine`` or ``unknown``, read from the pronouns and
            honorifics that refer to the person in the text (see :mod:`quotekit.gender`).
        gender_evidence: How many gendered references support ``gender`` (0 when unknown).
        candidates: For an ``unresolved`` speaker, the names considered, the rules' best guess first.
    """

    name: str | None
    mention: TextSpan | None = None
    kind: SpeakerKind = "unknown"
    gender: Gender = "unknown"
    gender_evidence: int = 0
    candidates: tuple[str, ...] = ()


@attrs.frozen(slots=True)
class Quote:
    """One attribution: what was said, by whom, signalled by which cue.

    Attributes:
        text: The quotation as written; for direct quotes it includes the quote marks.
        start: Offset of the first character in the original text.
        end: Offset one past the last character.
        kind: ``direct`` (all in quote marks), ``mixed`` (reported speech with a quoted
            fragment) or ``indirect`` (reported speech, no quote marks).
        speaker: The resolved speaker, or ``None`` when no speaker could be found.
        cue: The word that signals the attribution (``said``, ``according to``).
        confidence: How sure the rules are, between 0 and 1.
        evidence: Names of the rules that decided the span and the speaker.
        addressees: Who the quotation is spoken to: people addressed by name inside it
            (``“…, Harriet,”``), the cue's addressee (``told Reuters``, ``said to him``,
            ``Ann was asked``) and, in dialogue, the other speaker of the conversation.
        pieces: For a quotation interrupted by its cue (``“A,” he said, “B.”``), the quoted
            parts; ``text`` then runs from the first to the last and includes the cue between.
            Empty for a contiguous quotation.
    """

    text: str
    start: int
    end: int
    kind: QuoteKind
    speaker: Speaker | None = None
    cue: TextSpan | None = None
    confidence: float = 0.5
    evidence: tuple[str, ...] = ()
    addressees: tuple[Speaker, ...] = ()
    pieces: tuple[TextSpan, ...] = ()

    @property
    def span(self) -> TextSpan:
        """The quotation's own span."""
        return TextSpan(self.start, self.end, self.text)

    @property
    def speaker_name(self) -> str | None:
        """Canonical speaker name, or ``None``."""
        return self.speaker.name if self.speaker else None

    def to_dict(self, doc: str | None = None) -> dict[str, Any]:
        """The quote in the JSONL contract; ``doc`` names the source document."""
        mention = self.speaker.mention if self.speaker else None
        record: dict[str, Any] = {} if doc is None else {"doc": doc}
        record.update(
            start=self.start,
            end=self.end,
            text=self.text,
            kind=self.kind,
            speaker=self.speaker_name,
            speaker_kind=self.speaker.kind if self.speaker else None,
            speaker_gender=self.speaker.gender if self.speaker else None,
            speaker_mention=mention.to_dict() if mention else None,
            speaker_candidates=list(self.speaker.candidates) if self.speaker else [],
            cue=self.cue.to_dict() if self.cue else None,
            confidence=round(self.confidence, 3),
            evidence=list(self.evidence),
            addressees=[a.name for a in self.addressees if a.name],
            pieces=[piece.to_dict() for piece in self.pieces],
        )
        return record

    @classmethod
    def from_fields(cls, fields: Mapping[str, Any]) -> Quote:
        """Rebuild a quote from ``attrs.asdict(quote)``, also after JSON or msgpack made its tuples lists.

        Unlike :meth:`to_dict`, which rounds and flattens for the JSONL contract, the fields keep
        everything, so the rebuilt quote equals the original.

        >>> quote = Quote("“Yes”", 0, 5, "direct", Speaker("Ann Lee", TextSpan(11, 14, "Lee"), "person"))
        >>> Quote.from_fields(attrs.asdict(quote)) == quote
        True
        """
        speaker = fields["speaker"]
        return cls(
            **{
                **fields,
                "speaker": None if speaker is None else _speaker_from_fields(speaker),
                "cue": None if fields["cue"] is None else TextSpan(**fields["cue"]),
                "evidence": tuple(fields["evidence"]),
                "addressees": tuple(_speaker_from_fields(addressee) for addressee in fields["addressees"]),
                "pieces": tuple(TextSpan(**piece) for piece in fields["pieces"]),
            }
        )


def _speaker_from_fields(fields: Mapping[str, Any]) -> Speaker:
    mention = fields["mention"]
    span = None if mention is None else TextSpan(**mention)
    return Speaker(**{**fields, "mention": span, "candidates": tuple(fields.get("candidates", ()))})


class Quotes(list[Quote]):
    """The quotations of one text, in text order, with the text their offsets index.

    A plain ``list`` of :class:`Quote` in every other respect; it keeps ``text`` so that
    it can render itself (``_repr_html_`` in notebooks) and become a table.

    >>> quotes = Quotes([], text="No quotes here.")
    >>> quotes == [], quotes.text
    (True, 'No quotes here.')
    """

    def __init__(self, quotes: Iterable[Quote] = (), text: str = "") -> None:
        super().__init__(quotes)
        self.text = text

    def to_records(self, doc: str | None = None) -> list[dict[str, Any]]:
        """The quotes in the JSONL contract; ``doc`` names the source document."""
        return [quote.to_dict(doc) for quote in self]

    def offset_problems(self) -> list[str]:
        """What is wrong with the offsets, if anything: every quote, piece, speaker mention and
        cue must be the slice of ``text`` it claims to be, and quotes must come in text order.

        >>> Quotes([Quote("“Hi”", 0, 4, "direct")], text="“Hi” he said.").offset_problems()
        []
        >>> Quotes([Quote("“Hi”", 1, 5, "direct")], text="“Hi” he said.").offset_problems()
        ["quote 0: text[1:5] is 'Hi” ', not '“Hi”'"]
        """
        problems = []
        if [q.start for q in self] != sorted(q.start for q in self):
            problems.append("quotes are not in text order")
        for index, quote in enumerate(self):
            mention = quote.speaker.mention if quote.speaker else None
            spans = [("quote", quote.span), ("speaker mention", mention), ("cue", quote.cue)]
            for what, span in spans + [("piece", piece) for piece in quote.pieces]:
                if span is None:
                    continue
                if not 0 <= span.start <= span.end <= len(self.text):
                    problems.append(f"{what} {index}: [{span.start}:{span.end}] is outside the text of length {len(self.text)}")
                elif (actual := self.text[span.start : span.end]) != span.text:
                    problems.append(f"{what} {index}: text[{span.start}:{span.end}] is {actual!r}, not {span.text!r}")
                elif what == "piece" and not quote.start <= span.start <= span.end <= quote.end:
                    problems.append(f"piece {index}: [{span.start}:{span.end}] lies outside its quote")
        return problems

    def to_dataframe(self, doc: str | None = None) -> pandas.DataFrame:
        """The quotes as a pandas DataFrame with the CSV columns (see :mod:`quotekit.tables`);
        ``doc`` fills the ``doc`` column. Needs ``pip install 'quotekit[pandas]'``."""
        from quotekit.tables import to_dataframe  # pandas is optional: import it only when asked

        return to_dataframe([(doc, self)])

    def _repr_html_(self) -> str:
        """The text with its quotes highlighted, for Jupyter (see :func:`quotekit.render`)."""
        from quotekit.render import render  # a face: imported only when shown, so this module needs only attrs

        return render(self)


@attrs.frozen(slots=True)
class ExtractionError:
    """Stands in for the quotes of a text that could not be processed, in ``pipe(errors="record")``.

    Attributes:
        index: Position of the text in the input stream.
        error: The exception's type and message.
    """

    index: int
    error: str

    def to_dict(self, doc: str | None = None) -> dict[str, Any]:
        """The error as a JSON-ready record; ``doc`` names the source document."""
        record: dict[str, Any] = {} if doc is None else {"doc": doc}
        record.update(index=self.index, error=self.error)
        return record

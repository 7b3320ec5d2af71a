"""The value stage 2 hands to stage 3."""

from __future__ import annotations

import attrs

from quotekit.model import QuoteKind


@attrs.frozen(slots=True)
class Candidate:
    """A quotation span with the tokens stage 3 needs to find its speaker.

    Attributes:
        start: Offset into the original text.
        end: Offset one past the end.
        kind: ``direct``, ``mixed`` or ``indirect``.
        cue: Index of the cue token in the chunk's ``Doc``, if any.
        source: Index of a token already known to head the speaker mention
            (``according to X``), if any.
        evidence: Rules that found the span and the cue.
        closed: ``False`` when a quote mark was never closed.
        paragraph: Index of the paragraph where the quotation starts.
        pieces: For a quotation split by its cue (``“A,” he said. “B.”``), the quoted parts.
    """

    start: int
    end: int
    kind: QuoteKind
    cue: int | None = None
    source: int | None = None
    evidence: tuple[str, ...] = ()
    closed: bool = True
    paragraph: int = 0
    pieces: tuple[tuple[int, int], ...] = ()

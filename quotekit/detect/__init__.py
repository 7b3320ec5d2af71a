"""Stage 2: find quotation spans and their cues in a parsed chunk.

Three kinds of spans are found, then reconciled:

* **direct** quotations from paired quote marks (:mod:`quotekit.detect.marks`) that stand on
  their own (after a colon, comma or sentence end, or at a paragraph start);
* **mixed** quotations: a quoted fragment inside reported speech, whose span is the reported
  clause (``Carney said talks “had been making progress” on …``);
* **indirect** reported speech from the dependency parse: a cue's clausal complement,
  parentheticals (``…, the official said.``) and ``according to X``.

Quoted fragments with no cue nearby (``the so-called “deal”``, titles) are dropped.
"""

from __future__ import annotations

from spacy.tokens import Doc

from quotekit.config import QuotekitConfig
from quotekit.detect.candidates import Candidate
from quotekit.detect.cues import find_reported_speech, is_cue, link_direct_cues
from quotekit.detect.marks import QuotedSpan, pair_quote_marks
from quotekit.detect.quoted import classify_quoted_spans
from quotekit.tokenize import TokenizedText

__all__ = ["Candidate", "QuotedSpan", "detect", "is_cue", "pair_quote_marks"]


def detect(
    doc: Doc, offset: int, tokenized: TokenizedText, quoted: tuple[QuotedSpan, ...], config: QuotekitConfig
) -> tuple[Candidate, ...]:
    """Find the quotations of one parsed chunk that starts at ``offset`` in the original text.

    Args:
        doc: The parsed chunk.
        offset: Where the chunk starts in the original text.
        tokenized: Stage 1 output for the whole text.
        quoted: The top-level quoted spans that lie inside this chunk.
        config: Settings.

    Returns:
        Candidates in text order, offsets into the original text.
    """
    direct, fragments = classify_quoted_spans(tokenized.text, quoted, dialogue=config.mode == "fiction")
    reported: tuple[Candidate, ...] = ()
    if config.indirect and config.mode != "fiction":
        reported, long_fragments = find_reported_speech(doc, offset, direct, fragments, config)
        direct = tuple(sorted((*direct, *long_fragments), key=lambda span: span.start))
    linked = link_direct_cues(doc, offset, tokenized, direct, config)
    return tuple(sorted((*linked, *reported), key=lambda c: (c.start, c.end)))

"""Speakers of dialogue cues on hand-built parses that the small parser gives some novels but
not the short sentences of the table cases."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc, Span

from quotekit.resolve.mentions import speaker_head

_VOCAB = spacy.blank("en").vocab


def test_vocative_inside_the_quote_is_no_second_subject() -> None:
    # “Miss Dane,” he cried, “the roses are out.” parsed with both the vocative and "he" as
    # subjects of "cried": the one outside the quotation speaks, though the other is a PERSON.
    words = ["“", "Miss", "Dane", ",", "”", "he", "cried", ",", "“", "the", "roses", "are", "out", ".", "”"]
    heads = [6, 2, 6, 6, 6, 6, 6, 6, 6, 10, 11, 6, 11, 6, 6]
    deps = ["punct", "compound", "nsubj", "punct", "punct", "nsubj", "ROOT", "punct", "punct", "det", "nsubj", "ccomp"]
    deps += ["acomp", "punct", "punct"]
    pos = ["PUNCT", "PROPN", "PROPN", "PUNCT", "PUNCT", "PRON", "VERB", "PUNCT", "PUNCT", "DET", "NOUN", "AUX"]
    pos += ["ADJ", "PUNCT", "PUNCT"]
    doc = Doc(_VOCAB, words=words, heads=heads, deps=deps, pos=pos)
    doc.set_ents([Span(doc, 1, 3, label="PERSON")])
    head, rule = speaker_head(doc[6])
    assert head is not None and head.text == "he"
    assert rule == "cue-subject"

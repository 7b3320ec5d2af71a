"""Speakers of dialogue cues on hand-built parses that the small parser gives some novels but
not the short sentences of the table cases.

Each case is a sentence as ``word/POS/dep/head`` items (head: index of the head word), the span
of a PERSON entity, the index of the cue, and the expected speaker mention."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc, Span

from quotekit.resolve.mentions import mention_bounds, speaker_head

_VOCAB = spacy.blank("en").vocab

CASES = [
    pytest.param(
        # “Miss Dane,” he cried, “the roses are out.”: the vocative and "he" both parsed as
        # subjects of "cried"; the one outside the quotation speaks, though the other is a PERSON.
        "“/PUNCT/punct/6 Miss/PROPN/compound/2 Dane/PROPN/nsubj/6 ,/PUNCT/punct/6 ”/PUNCT/punct/6 he/PRON/nsubj/6"
        " cried/VERB/ROOT/6 ,/PUNCT/punct/6 “/PUNCT/punct/6 the/DET/det/10 roses/NOUN/nsubj/11 are/AUX/ccomp/6"
        " out/ADJ/acomp/11 ./PUNCT/punct/6 ”/PUNCT/punct/6",
        (1, 3),
        6,
        "he",
        id="vocative-inside-quote-is-no-second-subject",
    ),
    pytest.param(
        # “The shore road sounds nice,” said Nell dreamily.: the adverb parsed as a proper noun
        # heading the name, and taken into the PERSON entity.
        "“/PUNCT/punct/8 The/DET/det/3 shore/NOUN/compound/3 road/NOUN/nsubj/4 sounds/VERB/ccomp/8 nice/ADJ/acomp/4"
        " ,/PUNCT/punct/8 ”/PUNCT/punct/8 said/VERB/ROOT/8 Nell/PROPN/compound/10 dreamily/PROPN/nsubj/8 ./PUNCT/punct/8",
        (9, 11),
        8,
        "Nell",
        id="manner-adverb-parsed-as-name",
    ),
    pytest.param(
        # “I shall tell nobody,” confided Nell to Tom.: the name and the one spoken to taken
        # for one entity.
        "“/PUNCT/punct/7 I/PRON/nsubj/3 shall/AUX/aux/3 tell/VERB/ccomp/7 nobody/PRON/dobj/3 ,/PUNCT/punct/7"
        " ”/PUNCT/punct/7 confided/VERB/ROOT/7 Nell/PROPN/nsubj/7 to/ADP/prep/7 Tom/PROPN/pobj/9 ./PUNCT/punct/7",
        (8, 11),
        7,
        "Nell",
        id="entity-run-on-to-the-one-spoken-to",
    ),
]


def _doc(sentence: str, person: tuple[int, int]) -> Doc:
    items = [item.rsplit("/", 3) for item in sentence.split()]
    doc = Doc(
        _VOCAB,
        words=[w for w, _, _, _ in items],
        pos=[p for _, p, _, _ in items],
        deps=[d for _, _, d, _ in items],
        heads=[int(h) for _, _, _, h in items],
    )
    doc.set_ents([Span(doc, *person, label="PERSON")])
    return doc


@pytest.mark.parametrize(("sentence", "person", "cue", "mention"), CASES)
def test_speaker_mention(sentence: str, person: tuple[int, int], cue: int, mention: str) -> None:
    doc = _doc(sentence, person)
    head, _ = speaker_head(doc[cue])
    assert head is not None
    start, end = mention_bounds(head)
    assert doc[start:end].text == mention

"""The names a quotation may address: person entities, then runs of unlabelled proper nouns."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from quotekit.resolve import EntityIndex, _names
from quotekit.resolve.entities import Person


@pytest.mark.parametrize(
    ("pos", "entities", "expected"),
    [
        ([], [], []),
        (["PROPN", "PUNCT", "PROPN", "PROPN"], [], [(0, 1), (2, 4)]),  # a run may end the Doc
        (["PROPN", "PROPN", "VERB", "PROPN"], [(0, 2, "PERSON")], [(0, 2), (3, 4)]),  # entities first
        (["PROPN", "PROPN", "PROPN"], [(1, 2, "ORG")], [(0, 1), (2, 3)]),  # a labelled token breaks a run
        (["NOUN", "PROPN", "PROPN", "NOUN"], [(1, 3, "GPE")], []),  # labelled, not a person: no name
    ],
)
def test_names(pos: list[str], entities: list[tuple[int, int, str]], expected: list[tuple[int, int]]) -> None:
    doc = Doc(Vocab(), words=[f"w{i}" for i in range(len(pos))], pos=pos or None)
    doc.set_ents([Span(doc, start, end, label=label) for start, end, label in entities])
    assert [(name.start, name.end) for name in _names(doc)] == expected


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["Emma"], "Emma"),
        (["Emma", "Stone"], "Emma Stone"),
        (["CHAPTER"], None),  # a heading, not a character
        (["CHAPTER", "XIV"], None),
        (["XIV"], None),
        (["OLIVER", "MINGLES"], None),
        (["J."], "J."),  # an initial in capitals is still a name
    ],
)
def test_novel_names_exclude_headings(words: list[str], expected: str | None) -> None:
    doc = Doc(Vocab(), words=words, pos=["PROPN"] * len(words))
    person = EntityIndex(families=True).register(doc[:], 0)
    assert (person.name if person is not None else None) == expected


@pytest.mark.parametrize(
    ("tokens", "masculine", "feminine", "expected"),
    [
        (("emma", "stone"), 0, 0, "feminine"),  # the first name decides
        (("emma", "stone"), 3, 1, "feminine"),  # over a few proximity votes
        (("emma", "stone"), 8, 1, "masculine"),  # not over many, lopsided ones: the cluster is a man's
        (("weston",), 2, 0, "masculine"),  # a lone name may be a surname: clear votes first
        (("weston",), 0, 0, "masculine"),  # then the name
        (("zorba",), 1, 1, None),
    ],
)
def test_person_gender(tokens: tuple[str, ...], masculine: int, feminine: int, expected: str | None) -> None:
    person = Person(" ".join(t.capitalize() for t in tokens), tokens, masculine=masculine, feminine=feminine)
    assert person.gender == expected


# Parsed sentences naming "Pemberton" or "Mrs. Pell": (words, heads, dependencies); the name is a PERSON entity.
_Parsed = tuple[list[str], list[int], list[str]]
_TO_PEMBERTON = (["They", "drove", "to", "Pemberton", "."], [1, 1, 1, 2, 1], ["nsubj", "ROOT", "prep", "pobj", "punct"])
_AT_PEMBERTON = (["At", "Pemberton", "roses", "grew", "."], [3, 0, 3, 3, 3], ["prep", "pobj", "nsubj", "ROOT", "punct"])
_PEMBERTON_SMILED = (["Pemberton", "smiled", "."], [1, 1, 1], ["nsubj", "ROOT", "punct"])
_TO_MRS_PELL = (
    ["They", "wrote", "to", "Mrs.", "Pell", "."],
    [1, 1, 1, 4, 2, 1],
    ["nsubj", "ROOT", "prep", "compound", "pobj", "punct"],
)


@pytest.mark.parametrize(
    ("sentences", "name", "expected"),
    [
        ([_TO_PEMBERTON, _AT_PEMBERTON, _TO_PEMBERTON], "Pemberton", True),  # mostly where one goes: a place
        ([_TO_PEMBERTON, _AT_PEMBERTON], "Pemberton", False),  # too few uses to tell
        ([_TO_PEMBERTON, _AT_PEMBERTON, _TO_PEMBERTON, _PEMBERTON_SMILED] + [_PEMBERTON_SMILED] * 2, "Pemberton", False),
        ([_TO_MRS_PELL] * 3, "Mrs. Pell", False),  # an honorific makes a person
    ],
)
def test_novel_places_named_like_people(sentences: list[_Parsed], name: str, expected: bool) -> None:
    index = EntityIndex(families=True)
    vocab = spacy.blank("en").vocab  # with lower-case forms, unlike a bare Vocab
    offset = 0
    for words, heads, deps in sentences:
        doc = Doc(vocab, words=words, heads=heads, deps=deps, pos=["PROPN" if w[0].isupper() else "X" for w in words])
        first = words.index(name.split()[0])
        doc.set_ents([Span(doc, first, first + len(name.split()), label="PERSON")])
        index.observe(doc, offset)
        offset += 100
    person = index.find(name)
    assert person is not None and index.is_place(person) == expected

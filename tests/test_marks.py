"""Pairing quote marks into quoted spans (no model), and the lexicon's mark constants."""

from __future__ import annotations

import unicodedata

import pytest

from quotekit import lexicon
from quotekit.detect.marks import pair_quote_marks
from quotekit.tokenize import tokenize_text

# Text → the quoted spans, as (text, closed, depth, paragraphs), sorted by start.
PAIRS = [
    pytest.param("“Who cares?” Carney said.", [("“Who cares?”", True, 0, 1)], id="curly"),
    pytest.param('"Yes," he said. "No."', [('"Yes,"', True, 0, 1), ('"No."', True, 0, 1)], id="straight-twice"),
    pytest.param("‘Yes,’ she said. ‘No.’", [("‘Yes,’", True, 0, 1), ("‘No.’", True, 0, 1)], id="single-primary"),
    pytest.param("«Oui», dit-il.", [("«Oui»", True, 0, 1)], id="guillemets"),
    pytest.param("‹oui›, dit-il.", [("‹oui›", True, 0, 1)], id="single-guillemets"),
    pytest.param("„Ja“, sagte er. »Nein«, sagte sie.", [("„Ja“", True, 0, 1), ("»Nein«", True, 0, 1)], id="german"),
    pytest.param("‚ja‘, sagte er.", [("‚ja‘", True, 0, 1)], id="german-single"),
    pytest.param("``Yes,'' he said.", [("``Yes,''", True, 0, 1)], id="typewriter"),
    pytest.param("“She said ‘go’ now.”", [("“She said ‘go’ now.”", True, 0, 1), ("‘go’", True, 1, 1)], id="nested"),
    pytest.param("“It’s the ’90s,” he said.", [("“It’s the ’90s,”", True, 0, 1)], id="apostrophes-inside"),
    pytest.param("“The CTV News’ crew arrived,” she said.", [("“The CTV News’ crew arrived,”", True, 0, 1)], id="possessive"),
    pytest.param("It’s Tom’s, from the ’90s: rock ’n’ roll at CTV News’ studio.", [], id="apostrophes-only"),
    pytest.param("'Yes,' said the players' coach.", [("'Yes,'", True, 0, 1)], id="straight-possessive"),
    pytest.param("“One,” he said. “Two\n\n“Three.”", [("“One,”", True, 0, 1), ("“Two\n\n“Three.”", True, 0, 2)], id="news-style"),
    pytest.param('"One.\n\n"Two.\n\n"Three."', [('"One.\n\n"Two.\n\n"Three."', True, 0, 3)], id="news-style-straight"),
    pytest.param("‘One.\n\n‘Two.’", [("‘One.\n\n‘Two.’", True, 0, 2)], id="news-style-single"),
    pytest.param("“One.”\n\n“Two.”", [("“One.”", True, 0, 1), ("“Two.”", True, 0, 1)], id="adjacent-paragraphs"),
    pytest.param("“One.\n\nTwo.", [("“One.", False, 0, 1)], id="unclosed-paragraph"),
    pytest.param("“One.\n\n‘Two.’", [("“One.", False, 0, 1), ("‘Two.’", True, 0, 1)], id="unclosed-other-level-follows"),
    pytest.param("“One. “Two.”", [("“One.", False, 0, 1), ("“Two.”", True, 0, 1)], id="second-opener"),
    pytest.param("He left.” Then she came.", [], id="stray-closer"),
    pytest.param("“", [("“", False, 0, 1)], id="lone-opener"),
    pytest.param("”", [], id="lone-closer"),
    pytest.param('""=', [('""', True, 0, 1)], id="corenlp-1147"),
]


@pytest.mark.parametrize(("text", "expected"), PAIRS)
def test_pair_quote_marks(text: str, expected: list[tuple[str, bool, int, int]]) -> None:
    spans = pair_quote_marks(tokenize_text(text))
    assert [(text[s.start : s.end], s.closed, s.depth, s.paragraphs) for s in spans] == expected


@pytest.mark.parametrize("text", [p.values[0] for p in PAIRS] + ["“" * 500, "”" * 500, "'\"‘“«»”’\"'" * 40, "\n“\n”\n" * 30])
def test_pairs_are_sorted_and_inside_the_text(text: str) -> None:
    tokenized = tokenize_text(text)
    spans = pair_quote_marks(tokenized)
    assert [s.start for s in spans] == sorted(s.start for s in spans)
    for span in spans:
        assert 0 <= span.start < span.end <= len(text)
        assert text[span.start] in lexicon.QUOTE_MARKS + "`"
        assert span.paragraphs >= 1 and span.depth >= 0


def _mark_constants() -> dict[str, str]:
    """Every quote-mark constant of the lexicon, as the string of its characters."""
    found = {}
    for name in dir(lexicon):
        value = getattr(lexicon, name)
        if not name.isupper() or not {"MARK", "MARKS", "OPENER", "OPENERS", "CLOSERS", "AMBIGUOUS"} & set(name.split("_")):
            continue
        if isinstance(value, dict):
            value = "".join(value) + "".join(value.values())
        elif isinstance(value, tuple | list | frozenset | set):
            value = "".join(value)
        found[name] = value
    return found


MARK_CONSTANTS = _mark_constants()
# U+0060 GRAVE ACCENT (Sk) is the one deliberate exception: typewriter ``…'' quotes use it as an opener.
ALLOWED_NON_PUNCTUATION = {"\N{GRAVE ACCENT}"}


def test_mark_constants_are_found() -> None:
    assert {"DOUBLE_OPENERS", "DOUBLE_CLOSERS", "SINGLE_OPENERS", "SINGLE_CLOSERS", "QUOTE_MARKS"} <= set(MARK_CONSTANTS)


@pytest.mark.parametrize("name", sorted(MARK_CONSTANTS))
def test_mark_unicode_category(name: str) -> None:
    wrong = {
        f"U+{ord(c):04X} {unicodedata.name(c, '?')} ({unicodedata.category(c)})"
        for c in MARK_CONSTANTS[name]
        if unicodedata.category(c) not in ("Pi", "Pf", "Ps", "Pe", "Po") and c not in ALLOWED_NON_PUNCTUATION
    }
    assert not wrong, f"{name} holds characters that are not quotation punctuation: {sorted(wrong)}"


def test_mark_classes_partition_quote_marks() -> None:
    classes = [lexicon.DOUBLE_OPENERS, lexicon.DOUBLE_CLOSERS, lexicon.DOUBLE_AMBIGUOUS]
    classes += [lexicon.SINGLE_OPENERS, lexicon.SINGLE_CLOSERS, lexicon.SINGLE_AMBIGUOUS]
    joined = "".join(classes)
    assert len(joined) == len(set(joined)), "a mark is in two classes"
    assert set(joined) == set(lexicon.QUOTE_MARKS)
    assert set(lexicon.CLOSES_LOW_OPENER) | set(lexicon.CLOSES_LOW_OPENER.values()) <= set(lexicon.QUOTE_MARKS)

"""The seed article against its hand-made gold (seeds/carney-g20.gold.json); quotes match by span overlap."""

from __future__ import annotations

import json
from typing import Any

import pytest
from conftest import SEEDS

import quotekit

GOLD: list[dict[str, Any]] = json.loads((SEEDS / "carney-g20.gold.json").read_text(encoding="utf-8"))["quotes"]


def _gold(kind: str) -> list[dict[str, Any]]:
    return [g for g in GOLD if g["kind"] == kind and "optional" not in g.get("note", "")]


@pytest.fixture(scope="module")
def quotes(extractor: quotekit.Extractor, seed_text: str) -> list[quotekit.Quote]:
    return extractor.extract(seed_text)


def _overlapping(quotes: list[quotekit.Quote], gold: dict[str, Any], kind: str | None = None) -> list[quotekit.Quote]:
    return [q for q in quotes if q.start < gold["end"] and gold["start"] < q.end and (kind is None or q.kind == kind)]


def _same_speaker(gold: str, predicted: str | None) -> bool:
    """Equal, or the gold name ends with the predicted one (``the Conservatives`` vs ``Conservatives``)."""
    return predicted is not None and (gold == predicted or gold.endswith(" " + predicted))


def test_gold_is_consistent(seed_text: str) -> None:
    # The gold holds five direct quotes (the brief said six), two mixed, four indirect and one optional indirect.
    assert (len(_gold("direct")), len(_gold("mixed")), len(_gold("indirect")), len(GOLD)) == (5, 2, 4, 12)
    for gold in GOLD:
        assert seed_text[gold["start"] : gold["end"]] == gold["text"]


@pytest.mark.parametrize("gold", _gold("direct"), ids=lambda g: g["text"][:30])
def test_direct_quotes_found_with_speaker(quotes: list[quotekit.Quote], gold: dict[str, Any]) -> None:
    found = _overlapping(quotes, gold, "direct")
    assert found, f"direct quote not found: {gold['text']!r}"
    assert [q.speaker_name for q in found] == ["Mark Carney"]


@pytest.mark.parametrize("gold", _gold("mixed"), ids=lambda g: g["text"][:30])
def test_mixed_quotes_found_with_speaker(quotes: list[quotekit.Quote], gold: dict[str, Any]) -> None:
    found = _overlapping(quotes, gold, "mixed")
    assert found, f"mixed quote not found: {gold['text']!r}; overlapping: {_overlapping(quotes, gold)}"
    assert any(_same_speaker(gold["speaker"], q.speaker_name) for q in found), [q.speaker_name for q in found]


def test_most_indirect_quotes_found(quotes: list[quotekit.Quote]) -> None:
    gold = _gold("indirect")
    missed = [g["text"] for g in gold if not _overlapping(quotes, g, "indirect")]
    assert len(gold) - len(missed) >= 3, f"missed indirect quotes: {missed}"


def test_offsets_index_the_seed(quotes: list[quotekit.Quote], seed_text: str) -> None:
    assert quotes
    for quote in quotes:
        assert seed_text[quote.start : quote.end] == quote.text


def test_seed_speakers_beyond_names(extractor: quotekit.Extractor, seed_text: str) -> None:
    """Issue 10 on the seed: Carney is masculine, the Conservatives are a group, and every
    attribution says which rules decided it."""
    quotes = extractor.extract(seed_text)
    speakers = {q.speaker.name: q.speaker for q in quotes if q.speaker and q.speaker.name}
    assert speakers["Mark Carney"].gender == "masculine"
    assert speakers["Conservatives"].kind == "group"
    assert all(len(q.evidence) >= 2 for q in quotes)

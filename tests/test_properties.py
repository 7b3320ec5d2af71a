"""Properties of ``extract`` on generated quote-heavy text (QUOTEKIT_FUZZ_EXAMPLES sets the budget)."""

from __future__ import annotations

import os

from conftest import check_offsets
from hypothesis import HealthCheck, given, settings
from strategies import documents, quote_text

import quotekit
from quotekit.detect.marks import pair_quote_marks
from quotekit.tokenize import split_paragraphs, tokenize_text

FUZZ = settings(
    max_examples=int(os.environ.get("QUOTEKIT_FUZZ_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@FUZZ
@given(documents())
def test_extract_offsets_are_valid(extractor: quotekit.Extractor, text: str) -> None:
    check_offsets(text, extractor.extract(text))


@FUZZ
@given(documents())
def test_fiction_offsets_are_valid(extractor: quotekit.Extractor, text: str) -> None:
    """Dialogue mode's rules (turns, voices, glued names, cue phrases) on any text."""
    check_offsets(text, extractor.with_config(mode="fiction").extract(text))


@FUZZ
@given(quote_text(max_pieces=80))
def test_extract_on_noise(extractor: quotekit.Extractor, text: str) -> None:
    check_offsets(text, extractor.extract(text))


@FUZZ
@given(documents())
def test_extract_is_deterministic(extractor: quotekit.Extractor, text: str) -> None:
    assert extractor.extract(text) == extractor.extract(text)


@FUZZ
@given(documents())
def test_pipe_matches_extract(extractor: quotekit.Extractor, text: str) -> None:
    assert list(extractor.pipe([text, "", text])) == [extractor.extract(text), [], extractor.extract(text)]


@settings(max_examples=int(os.environ.get("QUOTEKIT_FUZZ_EXAMPLES", "60")) * 5, deadline=None)
@given(documents())
def test_stage_one_offsets(text: str) -> None:
    paragraphs = split_paragraphs(text)
    assert all(text[p.start : p.end] == p.text and p.text == p.text.strip() and p.text for p in paragraphs)
    tokenized = tokenize_text(text)
    assert all(text[m.offset : m.offset + len(m.char)] == m.char for m in tokenized.marks)
    spans = pair_quote_marks(tokenized)
    assert [s.start for s in spans] == sorted(s.start for s in spans)
    assert all(0 <= s.start < s.end <= len(text) for s in spans)

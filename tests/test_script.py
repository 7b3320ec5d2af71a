"""quotekit.script: segments cover the text exactly, whatever the quotes (QUOTEKIT_FUZZ_EXAMPLES sets the budget)."""

from __future__ import annotations

import itertools
import os

import pytest
from conftest import require_shared
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import documents

import quotekit
from quotekit.model import Quote, QuoteKind, Quotes, Speaker, TextSpan
from quotekit.script import Segment, script

FUZZ = settings(
    max_examples=int(os.environ.get("QUOTEKIT_FUZZ_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def check_coverage(text: str, segments: list[Segment]) -> None:
    """Consecutive, non-empty segments, each its own slice of ``text``, that join into ``text``."""
    assert "".join(segment.text for segment in segments) == text
    position = 0
    for segment in segments:
        assert segment.start == position < segment.end
        assert text[segment.start : segment.end] == segment.text
        position = segment.end
    assert position == len(text)
    kinds = [segment.kind for segment in segments]
    assert all(not (a == b == "narration") for a, b in itertools.pairwise(kinds)), "narration is merged"


@st.composite
def overlapping_quotes(draw: st.DrawFn) -> Quotes:
    """A text and hand-built quotes anywhere in it: nested, overlapping, touching, empty, split into pieces."""
    text = draw(st.text(min_size=0, max_size=60))
    bound = st.integers(0, len(text))
    quotes = []
    for _ in range(draw(st.integers(0, 6))):
        cuts = sorted(draw(st.lists(bound, min_size=2, max_size=6)))
        start, end = cuts[0], cuts[-1]
        inner = cuts[1:-1] if draw(st.booleans()) and len(cuts) >= 4 else []
        edges = [start, *inner[: len(inner) // 2 * 2], end]
        pieces = tuple(TextSpan.from_text(text, a, b) for a, b in zip(edges[::2], edges[1::2], strict=True)) if inner else ()
        kind = draw(st.sampled_from(("direct", "mixed", "indirect")))
        speaker = draw(st.sampled_from((None, Speaker("Ann Lee", None, "person", "feminine", 2))))
        quotes.append(Quote(text[start:end], start, end, kind, speaker, pieces=pieces))
    return Quotes(sorted(quotes, key=lambda quote: quote.start), text=text)


@FUZZ
@given(overlapping_quotes())
def test_segments_cover_hand_built_quotes(quotes: Quotes) -> None:
    segments = script(quotes)
    check_coverage(quotes.text, segments)
    for segment in segments:
        if segment.quote is not None:
            quote = quotes[segment.quote]
            assert any(p.start <= segment.start and segment.end <= p.end for p in quote.pieces or (quote.span,))
            assert segment.kind == quote.kind


@FUZZ
@given(documents())
def test_segments_cover_extracted_text(extractor: quotekit.Extractor, text: str) -> None:
    check_coverage(text, script(extractor.extract(text)))


def _quote(text: str, quoted: str, *pieces: str, kind: QuoteKind = "direct") -> Quote:
    """The quotation ``quoted`` (first occurrence in ``text``) by Ann Lee, split into ``pieces`` if given."""
    start = text.index(quoted)
    spans: list[TextSpan] = []
    for piece in pieces:
        at = text.index(piece, spans[-1].end if spans else start)
        spans.append(TextSpan.from_text(text, at, at + len(piece)))
    speaker = Speaker("Ann Lee", None, "person", "feminine", 1)
    return Quote(quoted, start, start + len(quoted), kind, speaker, pieces=tuple(spans))


SENTENCE = "“We tried,” she said. “It failed.” Then she left."
NESTED = "He said the plan was “dead on arrival” and walked out."
SCRIPT_CASES = [
    # (why, text, quotes, expected (kind, text) segments)
    ("no quotes: all narration", "Nothing was said.", [], [("narration", "Nothing was said.")]),
    ("empty text: no segments", "", [], []),
    (
        "a split quote: pieces are quotes, the cue between is narration",
        SENTENCE,
        [_quote(SENTENCE, "“We tried,” she said. “It failed.”", "“We tried,”", "“It failed.”")],
        [("direct", "“We tried,”"), ("narration", " she said. "), ("direct", "“It failed.”"), ("narration", " Then she left.")],
    ),
    (
        "a quote inside another: the outer one wins",
        NESTED,
        [
            _quote(NESTED, "the plan was “dead on arrival”", kind="mixed"),
            _quote(NESTED, "“dead on arrival”"),
        ],
        [("narration", "He said "), ("mixed", "the plan was “dead on arrival”"), ("narration", " and walked out.")],
    ),
    (
        "overlapping quotes: the first keeps the shared characters",
        "abcdefgh",
        [_quote("abcdefgh", "bcde", kind="indirect"), _quote("abcdefgh", "defg", kind="indirect")],
        [("narration", "a"), ("indirect", "bcde"), ("indirect", "fg"), ("narration", "h")],
    ),
    (
        "a quote at each end, touching",
        "“Hi.”“Bye.”",
        [_quote("“Hi.”“Bye.”", "“Hi.”"), _quote("“Hi.”“Bye.”", "“Bye.”")],
        [("direct", "“Hi.”"), ("direct", "“Bye.”")],
    ),
]


@pytest.mark.parametrize(("why", "text", "quotes", "expected"), SCRIPT_CASES, ids=[case[0] for case in SCRIPT_CASES])
def test_script_cases(why: str, text: str, quotes: list[Quote], expected: list[tuple[str, str]]) -> None:
    segments = script(Quotes(quotes, text=text))
    assert [(segment.kind, segment.text) for segment in segments] == expected, why
    check_coverage(text, segments)


def test_quote_segments_carry_the_speaker() -> None:
    segment = script(Quotes([_quote(SENTENCE, "“We tried,”")], text=SENTENCE))[0]
    assert (segment.speaker, segment.speaker_gender, segment.quote) == ("Ann Lee", "feminine", 0)
    assert segment.to_dict()["addressees"] == []


def test_script_takes_a_text(extractor: quotekit.Extractor, seed_text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("quotekit.pipeline.extract", extractor.extract)
    assert script(seed_text) == script(extractor.extract(seed_text))
    with pytest.raises(TypeError):
        script(list(extractor.extract(seed_text)))  # type: ignore[arg-type]  # a plain list has no text


def test_seed_script(extractor: quotekit.Extractor, seed_text: str) -> None:
    quotes = extractor.extract(seed_text)
    segments = script(quotes)
    check_coverage(seed_text, segments)
    carney = [s for s in segments if s.speaker == "Mark Carney"]
    assert carney and all(s.speaker_gender == "masculine" for s in carney)
    assert [s.text for s in segments if s.quote is not None][1] == "“Who cares?”"


@pytest.mark.slow
def test_novel_script(extractor: quotekit.Extractor) -> None:
    text = require_shared("data", "pdnc", "PrideAndPrejudice", "novel_text.txt").read_text(encoding="utf-8")
    segments = script(extractor.extract(text))
    check_coverage(text, segments)
    assert sum(s.kind == "direct" for s in segments) > 1000

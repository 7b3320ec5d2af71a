"""Nested attributions in news text: each speaker's content is cut so that it holds no one
else's separate report (``A, while others said B``), yet keeps the reports it is made of
(``said Y claimed Z``). The golden cases accept any span that contains the expected text,
so these check the exact contents."""

from __future__ import annotations

import pytest

import quotekit

# (text, [(speaker mention, exact content)]) in text order.
NESTED = [
    (
        "The report found that prices rose sharply last year, while economists warned that wages lagged behind.",
        [("The report", "prices rose sharply last year"), ("economists", "wages lagged behind")],
    ),
    (
        "The senator praised the new harbor plan, which engineers say will cost too much.",
        [("The senator", "the new harbor plan"), ("engineers", "will cost too much")],
    ),
    (
        "The governor says she won the county by a margin that her rivals say was too small to matter.",
        [("The governor", "she won the county by a margin"), ("her rivals", "was too small to matter")],
    ),
    (
        # A misparse hangs the second sentence on the name as a relative clause: the phrase that
        # swallows it is dropped whole rather than cut in two.
        "Hours after the mayor dismissed a question about when she had last spoken with Governor Ann Price,"
        " a city official has confirmed to reporters that she is planning a visit to the capital.",
        [("a city official", "she is planning a visit to the capital"), ("she", "a visit to the capital")],
    ),
    (
        "The mayor said that the auditor claimed the accounts were sound.",
        [("The mayor", "the auditor claimed the accounts were sound"), ("the auditor", "the accounts were sound")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), NESTED, ids=[text[:40] for text, _ in NESTED])
def test_nested_contents(extractor: quotekit.Extractor, text: str, expected: list[tuple[str, str]]) -> None:
    quotes = extractor.extract(text)
    got = [(q.speaker.mention.text if q.speaker and q.speaker.mention else None, q.text) for q in quotes]
    assert got == expected

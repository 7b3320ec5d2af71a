"""Exact contents of reported speech, which the golden cases (they accept any span that
contains the expected text) cannot check.

Nested attributions: each speaker's content is cut so that it holds no one else's separate
report (``A, while others said B``), yet keeps the reports it is made of (``said Y claimed Z``).
Quoted fragments: a content never cuts a fragment's quote marks off, and the inverted speaker
of a speech verb after a quote is not its object."""

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


# The parser hangs the fragment's marks on the cue or its sentence, not on the clause.
QUOTED_FRAGMENTS = [
    ('The mayor said "we will fix it" on Monday.', [("The mayor", '"we will fix it" on Monday')]),
    ('The mayor said on Monday "we will fix it."', [("The mayor", '"we will fix it."')]),
    ("\u201cEnough,\u201d grumbled the old man.", [("the old man", "\u201cEnough,\u201d")]),
]
CONTENTS = NESTED + QUOTED_FRAGMENTS


@pytest.mark.parametrize(("text", "expected"), CONTENTS, ids=[text[:40] for text, _ in CONTENTS])
def test_exact_contents(extractor: quotekit.Extractor, text: str, expected: list[tuple[str, str]]) -> None:
    quotes = extractor.extract(text)
    got = [(q.speaker.mention.text if q.speaker and q.speaker.mention else None, q.text) for q in quotes]
    assert got == expected

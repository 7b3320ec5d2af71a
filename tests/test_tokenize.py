"""Stage 1 on raw text, no model: paragraphs, quote-mark classification and chunking."""

from __future__ import annotations

import itertools
import pickle

import pytest
import spacy

from quotekit.model import TextSpan
from quotekit.tokenize import (
    Chunk,
    ChunkTokenizer,
    chunk_paragraphs,
    find_quote_marks,
    mark_paragraph_starts,
    split_paragraphs,
    tokenize_text,
)

PARAGRAPHS = [
    ("", []),
    ("   \n\t \r\n  ", []),
    ("One.", ["One."]),
    ("One.\n\n  Two.\nThree.", ["One.", "Two.", "Three."]),
    ("One.\r\nTwo.\rThree.", ["One.", "Two.", "Three."]),
    ("One.\u2028Two.\u2029Three.", ["One.", "Two.", "Three."]),
    ("  padded  \n\n\n\n  text  ", ["padded", "text"]),
    ("\ufeffBOM first.\nSecond.", ["\ufeffBOM first.", "Second."]),
    ("tab\tinside stays", ["tab\tinside stays"]),
]


@pytest.mark.parametrize(("text", "expected"), PARAGRAPHS)
def test_split_paragraphs(text: str, expected: list[str]) -> None:
    paragraphs = split_paragraphs(text)
    assert [p.text for p in paragraphs] == expected
    assert all(text[p.start : p.end] == p.text for p in paragraphs)
    assert [p.start for p in paragraphs] == sorted(p.start for p in paragraphs)


DOUBLE_MARKS = {"“", "”", '"', "«", "»", "„", "``", "''"}
# Text → the marks found, as (char, role); apostrophes are not marks.
MARK_ROLES = [
    ("it’s Tom’s don't", []),
    ("the ’90s and the '80s", []),
    ("rock ’n’ roll", []),
    ("rock 'n' roll", []),
    ("“Yes,” he said.", [("“", "open"), ("”", "close")]),
    ("“It’s the ’90s,” he said.", [("“", "open"), ("”", "close")]),
    ('"Yes," he said.', [('"', "open"), ('"', "close")]),
    ('He said "hi" to me.', [('"', "open"), ('"', "close")]),
    ("‘Yes,’ she said.", [("‘", "open"), ("’", "close")]),
    ("'Yes,' she said.", [("'", "open"), ("'", "close")]),
    ("«Oui», dit-il.", [("«", "open"), ("»", "close")]),
    ("‹oui›", [("‹", "open"), ("›", "close")]),
    ("„Ja“, sagte er.", [("„", "open"), ("“", "open")]),
    ("‚ja‘", [("‚", "open"), ("‘", "open")]),
    ("``Yes,'' he said.", [("``", "open"), ("''", "close")]),
    ("He left.” Then", [("”", "close")]),
]


@pytest.mark.parametrize(("text", "expected"), MARK_ROLES)
def test_find_quote_marks(text: str, expected: list[tuple[str, str]]) -> None:
    marks, _ = find_quote_marks(text)
    assert [(m.char, m.role) for m in marks] == expected
    for mark in marks:
        assert text[mark.offset : mark.offset + len(mark.char)] == mark.char
        assert mark.level == ("double" if mark.char in DOUBLE_MARKS else "single")


@pytest.mark.parametrize(
    ("text", "single_primary"),
    [
        ("‘Yes,’ she said. ‘No.’", True),
        ("'I have never seen anything like it,' said the farmer.", True),
        ("“Yes,” she said.", False),
        ("“He said ‘no’ twice,” she said.", False),
        ("It’s Tom’s.", False),
    ],
)
def test_single_quotes_primary(text: str, single_primary: bool) -> None:
    assert find_quote_marks(text)[1] is single_primary


def test_tokenize_text_keeps_the_text() -> None:
    text = "“One,” he said.\r\n\r\n“Two.”"
    tokenized = tokenize_text(text)
    assert tokenized.text is text
    assert [p.text for p in tokenized.paragraphs] == ["“One,” he said.", "“Two.”"]
    assert [m.offset for m in tokenized.marks] == [0, 5, 19, 24]


def _paragraphs(*lengths: int) -> tuple[str, tuple[TextSpan, ...]]:
    text = "\n\n".join(f"{'x' * (n - 1)}." for n in lengths)
    return text, split_paragraphs(text)


def _check_chunks(text: str, paragraphs: tuple[TextSpan, ...], chunks: list[tuple[int, int]], limit: int) -> None:
    assert chunks, "at least one chunk"
    assert all(end - start <= limit for start, end in chunks), f"a chunk exceeds {limit}: {chunks}"
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in itertools.pairwise(chunks)), "chunks in order, disjoint"
    for p in paragraphs:  # every paragraph is covered, in order, by consecutive chunks
        pieces = [(max(s, p.start), min(e, p.end)) for s, e in chunks if s < p.end and p.start < e]
        covered = "".join(text[s:e] for s, e in pieces)
        assert "".join(covered.split()) == "".join(p.text.split())


CHUNKS = [
    pytest.param((10, 10, 10), 100, id="all-in-one"),
    pytest.param((40, 40, 40, 40), 100, id="two-per-chunk"),
    pytest.param((100, 100, 100), 100, id="paragraph-equals-limit"),
    pytest.param((30, 250, 30), 100, id="long-paragraph-cut"),
    pytest.param((1,) * 50, 7, id="many-tiny"),
]


@pytest.mark.parametrize(("lengths", "limit"), CHUNKS)
def test_chunk_paragraphs(lengths: tuple[int, ...], limit: int) -> None:
    text, paragraphs = _paragraphs(*lengths)
    _check_chunks(text, paragraphs, list(chunk_paragraphs(paragraphs, limit)), limit)


def test_long_paragraph_is_cut_at_sentence_or_space() -> None:
    text = " ".join(["Sentence number one is here."] * 12)
    chunks = list(chunk_paragraphs(split_paragraphs(text), 100))
    _check_chunks(text, split_paragraphs(text), chunks, 100)
    assert all(text[end - 1] in ". " for _, end in chunks[:-1]), "no cut inside a word"


PROTECTED = [
    # (paragraph lengths, limit, protected paragraph range [first, last])
    pytest.param((40, 40, 40), 100, (0, 1), id="span-first"),
    pytest.param((40, 40, 40, 40, 40), 100, (2, 3), id="span-in-the-middle"),
    pytest.param((40, 40, 40), 100, (1, 2), id="span-starts-mid-chunk"),
]


@pytest.mark.parametrize(("lengths", "limit", "span"), PROTECTED)
def test_chunk_paragraphs_never_splits_a_protected_span(lengths: tuple[int, ...], limit: int, span: tuple[int, int]) -> None:
    text, paragraphs = _paragraphs(*lengths)
    protected = TextSpan.from_text(text, paragraphs[span[0]].start, paragraphs[span[1]].end)
    chunks = list(chunk_paragraphs(paragraphs, limit, (protected,)))
    assert not any(protected.start < end < protected.end for _, end in chunks), f"a cut inside the protected span: {chunks}"
    _check_chunks(text, paragraphs, chunks, limit)


def test_protected_span_longer_than_limit_stays_whole() -> None:
    text, paragraphs = _paragraphs(60, 60, 60)
    protected = TextSpan.from_text(text, paragraphs[0].start, paragraphs[1].end)
    chunks = list(chunk_paragraphs(paragraphs, 100, (protected,)))
    assert not any(protected.start < end < protected.end for _, end in chunks)


def test_mark_paragraph_starts_without_a_model() -> None:
    nlp = spacy.blank("en")
    doc = mark_paragraph_starts(nlp.make_doc("One two.\nThree four\n\n five."))
    starts = [t.text for t in doc if t.is_sent_start]
    assert starts == ["One", "Three", "five"]


@pytest.mark.parametrize(
    ("hard_wrapped", "expected"),
    [(False, ["One", "wrapped", "Two"]), (True, ["One", "Two"])],
)
def test_chunk_tokenizer_marks_paragraphs_as_its_chunk_says(hard_wrapped: bool, expected: list[str]) -> None:
    text = "One line\nwrapped here.\n\nTwo."
    # A parser process receives the chunk pickled: the flag must come along.
    chunk = pickle.loads(pickle.dumps(Chunk(text, hard_wrapped=hard_wrapped)))
    assert (chunk, chunk.hard_wrapped) == (text, hard_wrapped)
    doc = ChunkTokenizer(spacy.blank("en").tokenizer)(chunk)
    # Hard-wrapped lines are joined one character for one, so offsets still index the text.
    assert doc.text == ("One line wrapped here.\n\nTwo." if hard_wrapped else text)
    assert [t.text for t in doc if t.is_sent_start] == expected
    plain = ChunkTokenizer(spacy.blank("en").tokenizer)(text)  # a plain str is not hard-wrapped
    assert [t.text for t in plain if t.is_sent_start] == ["One", "wrapped", "Two"]

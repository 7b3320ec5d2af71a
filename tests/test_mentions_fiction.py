"""A novel's characters: names the recognizer glued to other words, titles used alone, first names
it left unlabelled."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc, Span

from quotekit.resolve import EntityIndex

_VOCAB = spacy.blank("en").vocab  # with lower-case forms, unlike a bare Vocab


def _sentence(text: str, name: str | None) -> Doc:
    """``text`` as one parsed sentence whose verb is the first lower-case word after the start and
    whose other words hang on it; ``name`` (words of ``text``) is a PERSON entity and, like any
    capitalised word, a proper noun. A word written ``dismal/ADJ`` has that part of speech."""
    tagged = [w.partition("/") for w in text.split()]
    words = [w for w, _, _ in tagged]
    verb = next(i for i, w in enumerate(words) if i and w.islower())
    start = words.index(name.split()[0]) if name else -1
    end = start + len(name.split()) if name else -1
    heads, deps = [], []
    for i, word in enumerate(words):
        if i == verb:
            heads.append(i)
            deps.append("ROOT")
        elif start <= i < end - 1:
            heads.append(end - 1)
            deps.append("compound")
        else:
            heads.append(verb)
            deps.append("nsubj" if i == end - 1 or (i < verb and not name) else "punct" if word == "." else "dep")
    pos = ["PROPN" if w[:1].isupper() and i != verb else "VERB" if i == verb else "X" for i, w in enumerate(words)]
    pos = [tag or default for (_, _, tag), default in zip(tagged, pos, strict=True)]
    doc = Doc(_VOCAB, words=words, heads=heads, deps=deps, pos=pos)
    if name:
        doc.set_ents([Span(doc, start, end, label="PERSON")])
    return doc


def _read(sentences: list[tuple[str, str | None]]) -> EntityIndex:
    index = EntityIndex(families=True)
    for number, (text, name) in enumerate(sentences):
        index.observe(_sentence(text, name), 100 * number)
    return index


@pytest.mark.parametrize(
    ("sentences", "expected"),
    [
        # A sentence adverb or interjection glued to a known first name joins that character.
        ([("Clara Whitby came .", "Clara Whitby"), ("Whereupon Clara laughed .", "Whereupon Clara")], ["clara whitby"]),
        ([("Clara Whitby came .", "Clara Whitby"), ("Humph Clara said .", "Humph Clara")], ["clara whitby"]),
        # So does a word the narration writes in lower case, though it is also a first name.
        (
            [("Clara Whitby was poor .", "Clara Whitby"), ("Poor Clara wept .", "Poor Clara")],
            ["clara whitby"],
        ),
        (
            [
                ("Edith Brandt came .", "Edith Brandt"),
                ("They hang pictures .", None),
                ("Hang Edith Brandt thought .", "Hang Edith Brandt"),
            ],
            ["edith brandt"],
        ),
        # A first name the narration never writes in lower case stays: a double first name.
        ([("Clara Whitby came .", "Clara Whitby"), ("Mary Clara came .", "Mary Clara")], ["clara whitby", "mary clara"]),
        ([("Winifred Vane came .", "Winifred Vane"), ("Winifred Winifred sighed .", "Winifred Winifred")], ["winifred vane"]),
        # A heading's word in capitals: no one.
        ([("Clara Whitby came .", "Clara Whitby"), ("CHAPTER Clara sees a ghost .", "CHAPTER Clara")], ["clara whitby"]),
        # Two characters' first names run together name neither.
        (
            [
                ("Cordelia smiled .", "Cordelia"),
                ("Rosalind Vane came .", "Rosalind Vane"),
                ("Cordelia Rosalind they thought .", "Cordelia Rosalind"),
            ],
            ["cordelia", "rosalind vane"],
        ),
        # A new first name before a known surname is a new relative, not a glued word.
        ([("Rosalind Vane came .", "Rosalind Vane"), ("Walter Vane came .", "Walter Vane")], ["rosalind vane", "walter vane"]),
        ([("Vane came .", "Vane"), ("Quentin Vane came .", "Quentin Vane")], ["quentin vane"]),
        # Particles belong to the surname.
        (
            [("Rupert came .", "Rupert"), ("Beatrix van der Berg came .", "Beatrix van der Berg")],
            ["beatrix van der berg", "rupert"],
        ),
    ],
)
def test_glued_words_leave_names(sentences: list[tuple[str, str | None]], expected: list[str]) -> None:
    index = _read(sentences)
    assert sorted(" ".join(p.tokens) for p in index.people) == expected


@pytest.mark.parametrize(
    ("sentences", "expected"),
    [
        ([("the Admiral smiled .", "the Admiral"), ("the Admiral frowned .", "the Admiral")], 1),
        ([("the Admiral smiled .", "the Admiral"), ("the Bishop frowned .", "the Bishop")], 2),
    ],
)
def test_a_title_alone_is_one_character(sentences: list[tuple[str, str | None]], expected: int) -> None:
    index = _read(sentences)
    assert len(index.people) == expected
    assert index.find(sentences[-1][1].split()[-1]) is index.people[-1]  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("sentences", "expected"),
    [
        # A first name the recognizer left unlabelled is a mention of the one character who has it.
        ([("Agnes Marsh came .", "Agnes Marsh"), ("Agnes looked up .", None)], "Agnes Marsh"),
        # Not when two characters have it,
        ([("Agnes Marsh came .", "Agnes Marsh"), ("Agnes Crane came .", "Agnes Crane"), ("Agnes looked up .", None)], None),
        # nor when it is someone's surname.
        (
            [("Agnes Marsh came .", "Agnes Marsh"), ("Tobias Agnes came .", "Tobias Agnes"), ("Agnes looked up .", None)],
            "Tobias Agnes",
        ),
    ],
)
def test_unlabelled_first_names(sentences: list[tuple[str, str | None]], expected: str | None) -> None:
    index = _read(sentences)
    last = 100 * (len(sentences) - 1)
    mentioned = [p for p in index.people if p.last_before(last + 1) == last]
    assert [p.name for p in mentioned] == ([expected] if expected else [])


@pytest.mark.parametrize(
    ("sentences", "expected"),
    [
        # A verb before a name is no honorific: to miss him does not make him a woman.
        ([("Walter Bexley came .", "Walter Bexley"), ("They miss Walter Bexley .", "Walter Bexley")], ["walter bexley"]),
        ([("Walter Bexley came .", "Walter Bexley"), ("Miss Bexley came .", "Bexley")], ["bexley", "walter bexley"]),
    ],
)
def test_verbs_before_names_are_no_titles(sentences: list[tuple[str, str | None]], expected: list[str]) -> None:
    index = _read(sentences)
    assert sorted(" ".join(p.tokens) for p in index.people) == expected


@pytest.mark.parametrize(
    ("sentences", "expected"),
    [
        # Sentence adverbs and interjections a recognizer takes for names are no one.
        ([("Hitherto she waited .", "Hitherto")], []),
        ([("Hush said Agnes Marsh .", "Hush")], []),
        ([("Whereupon they laughed .", "Whereupon")], []),
        # So are forms of address alone.
        ([("Yes Madam she said .", "Madam")], []),
        # A word the novel writes as a modifier more often than it capitalises it inside a
        # sentence is a common word, even when first taken for a name;
        ([("It looked dismal/ADJ .", None), ("It grew dismal/ADJ .", None), ("Dismal sighed .", "Dismal")], []),
        ([("Dismal sighed .", "Dismal"), ("It looked dismal/ADJ .", None), ("It grew dismal/ADJ .", None)], []),
        # not a name the novel capitalises as often (a character called Rose who rose),
        (
            [
                ("She rose/VERB early .", None),
                ("She rose/VERB again .", None),
                ("Rose sighed .", "Rose"),
                ("They saw Rose .", "Rose"),
                ("We met Rose .", "Rose"),
            ],
            ["Rose"],
        ),
        # nor a noun written bare in lower case, as a household calls its nanny.
        ([("Ask nanny/NOUN again .", None), ("Tell nanny/NOUN soon .", None), ("Nanny sighed .", "Nanny")], ["Nanny"]),
        # A name with an honorific is a name.
        (
            [("It looked dismal/ADJ .", None), ("It grew dismal/ADJ .", None), ("Mrs. Dismal sighed .", "Mrs. Dismal")],
            ["Mrs. Dismal"],
        ),
    ],
)
def test_common_words_are_no_characters(sentences: list[tuple[str, str | None]], expected: list[str]) -> None:
    index = _read(sentences)
    assert sorted(p.name for p in index.people if index.find(p.name) is p) == expected


@pytest.mark.parametrize(
    ("sentences", "expected"),
    [
        # "Aunt" and "Uncle" before a name are titles that tell the gender; the name is the person.
        ([("Aunt Pellow came .", "Aunt Pellow")], ("pellow", "feminine")),
        ([("Uncle Bram came .", "Uncle Bram")], ("bram", "masculine")),
        ([("Cousin Agnes came .", "Cousin Agnes")], ("agnes", "feminine")),
    ],
)
def test_kinship_titles(sentences: list[tuple[str, str | None]], expected: tuple[str, str]) -> None:
    index = _read(sentences)
    assert [(" ".join(p.tokens), p.gender) for p in index.people] == [expected]

"""Stage 1: text → paragraphs, classified quote marks, and spaCy ``Doc`` chunks.

Quote marks are classified on the raw characters, before spaCy sees the text, so that the
evidence of curly open/close glyphs is never lost and every offset stays an index into the
caller's string. Apostrophes (``it’s``, ``CTV News’``, ``’90s``, ``rock ’n’ roll``) are told
apart from single quote marks here.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from typing import Any, Literal

import attrs
import numpy as np
from spacy.attrs import IS_SPACE, ORTH, SENT_START  # type: ignore[import-not-found]  # Cython, no stubs
from spacy.language import Language
from spacy.tokenizer import Tokenizer  # type: ignore[import-not-found]  # Cython, no stubs
from spacy.tokens import Doc
from spacy.util import compile_infix_regex

from quotekit import lexicon
from quotekit.model import TextSpan

MarkRole = Literal["open", "close", "either"]
MarkLevel = Literal["double", "single"]

_LINE_BREAK = r"(?:\r\n|\r|\n|\u2028|\u2029)"
_PARAGRAPH_BREAK = re.compile(rf"[ \t\f\v]*{_LINE_BREAK}[\s]*")
_BLANK_LINE_BREAK = re.compile(rf"[ \t\f\v]*{_LINE_BREAK}[ \t\f\v]*{_LINE_BREAK}[\s]*|\u2029[\s]*")
_LINES = re.compile(rf"[^\r\n\u2028\u2029]*{_LINE_BREAK}?")
# Hard-wrapped text (Project Gutenberg, e-mail) breaks lines inside paragraphs at a fixed width.
_WRAP_WIDTH = range(45, 81)
_MIN_WRAPPED_SHARE = 0.6
_SURROGATE = re.compile("[\ud800-\udfff]")
# A line break between two lines of text: in hard-wrapped text, a space the wrapping program replaced.
_WRAPPED_LINE_BREAK = re.compile(r"(?<=\S)([ \t]*)(\r\n|\n|\r)(?=[ \t]*\S)")
# Infixes added to spaCy's: a run of two or more hyphens, and double quote marks touching a word.
_EXTRA_INFIXES = (
    r"-{2,}",
    rf"(?<=\w)[.,;:!?](?=-{{2,}}|[{re.escape(lexicon.DOUBLE_MARKS)}])",
    rf"(?<=[\w.,;:!?])[{re.escape(lexicon.DOUBLE_MARKS)}]",
    rf"[{re.escape(lexicon.DOUBLE_MARKS)}](?=\w)",
)
# Fiction: at least this long, with at least this share of paragraphs opening with a quote.
_MIN_FICTION_CHARS = 30_000
_MIN_DIALOGUE_SHARE = 0.2
# A single mark that is an apostrophe: inside a word, eliding a decade or "and".
# Every character a quote mark can be made of, the backtick of typewriter ``…'' included.
_MARK_CHARS = re.compile(f"[{re.escape(lexicon.QUOTE_MARKS)}`]")
# Starts with the mark itself, so the regex engine skips ahead to marks instead of trying every position.
_ELISION = re.compile(r"['\u2019\u2018](?:(?<=\s.)n['\u2019](?=\s)|(?=\d\d(?:s|\b)))")


@attrs.frozen(slots=True)
class QuoteMark:
    """A quote-mark character in the original text.

    Attributes:
        offset: Index of the mark in the original text.
        char: The mark itself.
        level: ``double`` or ``single``.
        role: ``open``, ``close`` or ``either`` (straight quotes with no telling context).
    """

    offset: int
    char: str
    level: MarkLevel
    role: MarkRole
    width: int = 1


@attrs.frozen(slots=True)
class TokenizedText:
    """Stage 1 output: the original text with its paragraphs and quote marks explicit."""

    text: str
    paragraphs: tuple[TextSpan, ...]
    marks: tuple[QuoteMark, ...]
    single_quotes_primary: bool
    hard_wrapped: bool = False
    paragraph_starts: tuple[int, ...] = attrs.field(
        init=False, default=attrs.Factory(lambda self: tuple(p.start for p in self.paragraphs), takes_self=True)
    )

    def paragraph_index(self, position: int) -> int:
        """Index of the paragraph that holds ``position``, or of the last one before it."""
        return max(0, bisect.bisect_right(self.paragraph_starts, position) - 1)


def is_hard_wrapped(text: str) -> bool:
    """Whether lines are wrapped at a fixed width inside paragraphs separated by blank lines.

    >>> is_hard_wrapped(("A line of prose that was wrapped by a program at width seventy.\\n" * 4 + "\\n") * 3)
    True
    >>> is_hard_wrapped("One paragraph per line.\\nAnother.")
    False
    """
    lengths = [len(line.rstrip()) for line in _LINES.findall(text[:200_000])]
    filled = [n for n in lengths if n]
    if len(filled) < 4 or len(filled) == len(lengths):
        return False
    return sum(1 for n in filled if n in _WRAP_WIDTH) >= _MIN_WRAPPED_SHARE * len(filled)


def split_paragraphs(text: str, hard_wrapped: bool = False) -> tuple[TextSpan, ...]:
    """Split on every line break (on blank lines only for hard-wrapped text); paragraphs are
    stripped of surrounding whitespace.

    >>> [p.text for p in split_paragraphs("One.\\n\\n  Two.\\nThree.")]
    ['One.', 'Two.', 'Three.']
    """
    paragraphs = []
    position = 0
    for match in (_BLANK_LINE_BREAK if hard_wrapped else _PARAGRAPH_BREAK).finditer(text):
        paragraphs.append((position, match.start()))
        position = match.end()
    paragraphs.append((position, len(text)))
    spans = []
    for start, end in paragraphs:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append(TextSpan.from_text(text, start, end))
    return tuple(spans)


def _is_word_char(char: str) -> bool:
    return char.isalnum()


def _classify(text: str, index: int, elisions: set[int]) -> QuoteMark | None:
    """Classify the mark at ``text[index]``; ``None`` for an apostrophe."""
    char = text[index]
    before = text[index - 1] if index > 0 else " "
    after = text[index + 1] if index + 1 < len(text) else " "
    if char in lexicon.DOUBLE_MARKS:
        if char in lexicon.DOUBLE_OPENERS:
            return QuoteMark(index, char, "double", "open")
        if char in lexicon.DOUBLE_CLOSERS:
            return QuoteMark(index, char, "double", "close")
        return QuoteMark(index, char, "double", _straight_role(before, after))
    if index in elisions or (_is_word_char(before) and _is_word_char(after)):
        return None
    if char in lexicon.SINGLE_OPENERS:
        return QuoteMark(index, char, "single", "open")
    if char in lexicon.SINGLE_CLOSERS:
        # "News’ " is a possessive unless a single quote is open: as a closer that pairs with
        # nothing it is dropped. A right glyph before a word is an autocorrected opener.
        role: MarkRole = "open" if not _is_word_char(before) and _is_word_char(after) else "close"
        return QuoteMark(index, char, "single", role)
    return QuoteMark(index, char, "single", _straight_role(before, after))


def _straight_role(before: str, after: str) -> MarkRole:
    opens = before.isspace() or before in "([{\N{EM DASH}\N{EN DASH}-/"
    closes = after.isspace() or after in ".,;:!?)]}\N{EM DASH}\N{EN DASH}-/"
    if opens and not closes:
        return "open"
    if closes and not opens:
        return "close"
    return "either"


def find_quote_marks(text: str) -> tuple[tuple[QuoteMark, ...], bool]:
    """All quote marks (apostrophes excluded) and whether single marks are the primary quotes.

    Single marks are primary (British style fiction) when single openers at the start of a
    word outnumber double openers; otherwise single marks only pair inside double quotes.

    >>> marks, primary = find_quote_marks("“It’s the ’90s,” he said.")
    >>> [(m.char, m.role) for m in marks], primary
    ([('“', 'open'), ('”', 'close')], False)
    """
    elisions = set()
    for elision in _ELISION.finditer(text):
        elisions.add(elision.start())
        if elision.group().endswith(("’", "'")):
            elisions.add(elision.end() - 1)
    marks = []
    paired_until = 0  # the second mark of a typewriter pair is not a mark of its own
    for found in _MARK_CHARS.finditer(text):
        index, char = found.start(), found.group()
        if index < paired_until:
            continue
        pair = text[index : index + 2]
        if pair in lexicon.DOUBLED_SINGLE_MARKS:
            # Typewriter style ``…'' and ''…'': two single marks stand for one double mark.
            before = text[index - 1] if index else " "
            after = text[index + 2] if index + 2 < len(text) else " "
            role: MarkRole = "open" if pair == "``" else _straight_role(before, after)
            marks.append(QuoteMark(index, pair, "double", role, 2))
            paired_until = index + 2
            continue
        mark = _classify(text, index, elisions) if char != "`" else None
        if mark is not None:
            marks.append(mark)
    double_opens = sum(1 for m in marks if m.level == "double" and m.role != "close")
    single_opens = sum(1 for m in marks if m.level == "single" and m.role == "open")
    return tuple(marks), single_opens > double_opens


def tokenize_text(text: str) -> TokenizedText:
    """Stage 1 on raw text: paragraphs and classified quote marks."""
    marks, single_primary = find_quote_marks(text)
    hard_wrapped = is_hard_wrapped(text)
    return TokenizedText(text, split_paragraphs(text, hard_wrapped), marks, single_primary, hard_wrapped)


def looks_like_fiction(tokenized: TokenizedText) -> bool:
    """Whether a text reads as narrative with dialogue rather than as a news report.

    Long texts where many paragraphs open with a quote mark are dialogue; news articles are
    short and mostly attribute quotes with a cue in the same paragraph.
    """
    if len(tokenized.text) < _MIN_FICTION_CHARS or not tokenized.paragraphs:
        return False
    opening = {m.offset for m in tokenized.marks if m.role != "close"}
    quoted = sum(1 for p in tokenized.paragraphs if p.start in opening)
    return quoted >= _MIN_DIALOGUE_SHARE * len(tokenized.paragraphs)


def chunk_paragraphs(
    paragraphs: tuple[TextSpan, ...], max_chars: int, protected: tuple[TextSpan, ...] = ()
) -> Iterator[tuple[int, int]]:
    """Group consecutive paragraphs into ``(start, end)`` chunks of at most ``max_chars``.

    A chunk boundary never falls inside a ``protected`` span (a multi-paragraph quotation)
    unless that span alone exceeds the limit; a paragraph longer than the limit is cut at
    sentence ends or, failing that, at whitespace, so that spaCy's length limit never applies.
    """
    # Paragraph ends inside a protected span may not end a chunk; and where a protected span
    # starts, its end is looked ahead to, so a chunk is cut before it rather than inside it.
    starts = [p.start for p in paragraphs]
    blocked: set[int] = set()
    protected_end: dict[int, int] = {}
    for span in protected:
        index = max(0, bisect.bisect_right(starts, span.start) - 1)
        protected_end[starts[index]] = max(protected_end.get(starts[index], 0), span.end)
        while index < len(paragraphs) and paragraphs[index].end < span.end:
            if paragraphs[index].end >= span.start:
                blocked.add(paragraphs[index].end)
            index += 1
    chunk_start: int | None = None
    chunk_end = 0
    for paragraph in paragraphs:
        reach = max(paragraph.end, protected_end.get(paragraph.start, 0))
        if chunk_start is not None and reach - chunk_start > max_chars and chunk_end not in blocked:
            yield chunk_start, chunk_end
            chunk_start = None
        if len(paragraph) > max_chars:
            if chunk_start is not None:
                yield chunk_start, chunk_end
                chunk_start = None
            yield from _cut_long(paragraph, max_chars)
            continue
        if chunk_start is None:
            chunk_start = paragraph.start
        chunk_end = paragraph.end
    if chunk_start is not None:
        yield chunk_start, chunk_end


def _cut_long(paragraph: TextSpan, max_chars: int) -> Iterator[tuple[int, int]]:
    text, base = paragraph.text, paragraph.start
    position = 0
    while len(text) - position > max_chars:
        window = text[position : position + max_chars]
        cut = max(window.rfind(". "), window.rfind("? "), window.rfind("! "))
        if cut < max_chars // 2:
            cut = window.rfind(" ")
        cut = cut + 1 if cut > 0 else max_chars
        yield base + position, base + position + cut
        position += cut
        while position < len(text) and text[position].isspace():
            position += 1
    if position < len(text):
        yield base + position, base + len(text)


def build_tokenizer(nlp: Language) -> Any:
    """A copy of ``nlp``'s tokenizer that also splits on quote marks glued to words and on
    typewriter dashes (``Jane.--"I`` → ``Jane . -- " I``), so every quote mark is a token.

    The pipeline's own tokenizer is left untouched.
    """
    base: Any = nlp.tokenizer
    infixes = [*(nlp.Defaults.infixes or ()), *_EXTRA_INFIXES]
    # "Mlle. Blanche": the dot belongs to the honorific, as in "Mrs.", and ends no sentence.
    rules = {**base.rules, **{form: [{ORTH: form}] for form in lexicon.FRENCH_HONORIFICS if form.endswith(".")}}
    return Tokenizer(
        nlp.vocab,
        rules=rules,
        prefix_search=base.prefix_search,
        suffix_search=base.suffix_search,
        infix_finditer=compile_infix_regex(infixes).finditer,
        token_match=base.token_match,
        url_match=base.url_match,
    )


def parseable(text: str) -> str:
    """``text`` with lone surrogates (which spaCy cannot encode) replaced one-for-one by
    U+FFFD, so that every offset still points into the original."""
    return _SURROGATE.sub("\N{REPLACEMENT CHARACTER}", text)


class Chunk(str):
    """The text of a chunk to parse, knowing whether its whole text is hard-wrapped: what
    :class:`ChunkTokenizer` needs to mark paragraph starts. Being a ``str``, it reaches a parser
    process as it is, so the tokenizing is done there too.

    >>> chunk = Chunk("One.\\nTwo.", hard_wrapped=True)
    >>> chunk == "One.\\nTwo.", chunk.hard_wrapped
    (True, True)
    """

    hard_wrapped: bool

    def __new__(cls, text: str, hard_wrapped: bool = False) -> Chunk:
        chunk = super().__new__(cls, text)
        chunk.hard_wrapped = hard_wrapped  # pickled with the string, as instance state
        return chunk


class ChunkTokenizer:
    """quotekit's tokenizer, then :func:`mark_paragraph_starts` as a :class:`Chunk` says
    (a plain ``str`` counts as not hard-wrapped)."""

    def __init__(self, tokenizer: Any) -> None:
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        hard_wrapped = getattr(text, "hard_wrapped", False)
        # spaCy's tokenizer takes only an exact str.
        text = unwrap_lines(text) if hard_wrapped else str(text)
        return mark_paragraph_starts(self.tokenizer(text), hard_wrapped)


def unwrap_lines(text: str) -> str:
    """``text`` with each line break inside a paragraph of hard-wrapped text turned into spaces,
    one for one, so that offsets still point into the original: the tagger and the recognizer
    see ``Mrs. Hale`` where a line ended after ``Mrs.``, as in the running text they learnt from.

    >>> unwrap_lines("Then Mrs.\\nHale came in.\\n\\nShe sat.")
    'Then Mrs. Hale came in.\\n\\nShe sat.'
    """
    return _WRAPPED_LINE_BREAK.sub(lambda match: match[1] + " " * len(match[2]), str(text))


def _line_breaks(whitespace: str) -> int:
    return whitespace.count("\n") + whitespace.count("\r") - whitespace.count("\r\n")


def mark_paragraph_starts(doc: Doc, hard_wrapped: bool = False) -> Doc:
    """Make every token after a paragraph break start a sentence, in place; returns ``doc``.

    A paragraph break is any line break, or only a blank line in hard-wrapped text. The parser
    keeps preset sentence starts, so no sentence ever crosses a paragraph break.
    """
    breaks_needed = 2 if hard_wrapped else 1
    columns = doc.to_array([IS_SPACE, ORTH])
    space = columns[:, 0].astype(bool)
    words = np.flatnonzero(~space)
    if not len(words):
        return doc
    # Only the whitespace tokens need reading, each distinct one once.
    space_rows = np.flatnonzero(space)
    orths = columns[space_rows, 1]
    strings = doc.vocab.strings
    breaks = [orth for orth in np.unique(orths).tolist() if _line_breaks(strings[orth]) >= breaks_needed]
    after = np.searchsorted(words, space_rows[np.isin(orths, np.array(breaks, dtype="uint64"))])
    # The first word of the text, and the first word after each break, start a sentence.
    firsts = words[after[after < len(words)]]
    # One array write: setting Token.is_sent_start checks the whole Doc for a parse each time.
    starts = doc.to_array(SENT_START)
    starts[[words[0], *firsts.tolist()]] = 1
    doc.from_array([SENT_START], starts.reshape(-1, 1))  # type: ignore[arg-type]  # any 2-d int array
    return doc

"""Pair classified quote marks into quoted spans, paragraph by paragraph.

News style lets a quotation run over several paragraphs: each paragraph re-opens the quote
and only the last one closes it. A paragraph that ends with a quote still open is joined to
the next paragraph when that one starts with an opener of the same level, unless that paragraph
opens with a speaker's label (a transcript: ``"WALLACE: …`` then ``"PENCE: …``); otherwise the
quote is closed at the paragraph's end and flagged ``closed=False``. Stray closers are ignored.
"""

from __future__ import annotations

import re

import attrs

from quotekit import lexicon
from quotekit.tokenize import MarkLevel, QuoteMark, TokenizedText

# A line that opens with a short capitalized name and a colon ("PENCE:", "Bill Clinton:").
SPEAKER_LABEL = re.compile(r"[\"“'‘]?((?:[A-Z][\w.’'-]*\s){0,2}[A-Z][\w’'-]*):\s")


@attrs.frozen(slots=True)
class QuotedSpan:
    """Text between paired quote marks, marks included.

    Attributes:
        start: Offset of the opening mark.
        end: Offset one past the closing mark (or the paragraph's end when unclosed).
        level: ``double`` or ``single``.
        closed: Whether a closing mark was found.
        depth: 0 for a top-level quotation, 1 or more when nested inside another.
        paragraphs: How many paragraphs the quotation spans.
    """

    start: int
    end: int
    level: MarkLevel
    closed: bool = True
    depth: int = 0
    paragraphs: int = 1


@attrs.define
class _Open:
    mark: QuoteMark
    paragraphs: int = 1


def _closes(mark: QuoteMark, opener: QuoteMark) -> bool:
    if mark.level != opener.level:
        return False
    if lexicon.CLOSES_LOW_OPENER.get(mark.char) == opener.char:
        return True  # „…“ and »…«
    return mark.role in ("close", "either")


def _opens(mark: QuoteMark, text: str) -> bool:
    if mark.role in ("open", "either"):
        return True
    # German »…« and Swedish ”…” open with a "closing" glyph when nothing is open.
    after = text[mark.offset + 1 : mark.offset + 2]
    return mark.char in lexicon.CLOSES_LOW_OPENER.values() or (after.isalnum() and mark.level == "double")


def pair_quote_marks(tokenized: TokenizedText) -> tuple[QuotedSpan, ...]:
    """Pair the marks of ``tokenized`` into quoted spans, sorted by start.

    >>> from quotekit.tokenize import tokenize_text
    >>> text = "“One,” he said. “Two\\n\\n“Three.”"
    >>> [(text[q.start:q.end], q.paragraphs) for q in pair_quote_marks(tokenize_text(text))]
    [('“One,”', 1), ('“Two\\n\\n“Three.”', 2)]
    """
    text = tokenized.text
    spans: list[QuotedSpan] = []
    marks = tokenized.marks
    carried: _Open | None = None
    index = 0
    for paragraph_number, paragraph in enumerate(tokenized.paragraphs):
        stack: list[_Open] = []
        first = index
        while index < len(marks) and marks[index].offset < paragraph.end:
            index += 1
        paragraph_marks = [m for m in marks[first:index] if m.offset >= paragraph.start]
        if carried is not None:
            if (
                paragraph_marks
                and paragraph_marks[0].offset == paragraph.start
                and _opens(paragraph_marks[0], text)
                and paragraph_marks[0].level == carried.mark.level
                and not SPEAKER_LABEL.match(text, paragraph.start, paragraph.end)
            ):
                carried.paragraphs += 1
                stack.append(carried)
                paragraph_marks = paragraph_marks[1:]
            else:
                spans.append(_unclosed(carried, _previous_end(tokenized, paragraph_number)))
            carried = None
        for mark in paragraph_marks:
            _push_or_pop(mark, stack, spans, text, tokenized.single_quotes_primary)
        if stack:
            # Decided by the next paragraph: continued if it re-opens, else closed here.
            carried = stack[0]
    if carried is not None:
        spans.append(_unclosed(carried, tokenized.paragraphs[-1].end))
    spans.sort(key=lambda span: (span.start, -span.end))
    return tuple(spans)


def _previous_end(tokenized: TokenizedText, paragraph_number: int) -> int:
    return tokenized.paragraphs[paragraph_number - 1].end


def _unclosed(opened: _Open, end: int) -> QuotedSpan:
    """A top-level quotation left open, closed at ``end`` (a paragraph's end)."""
    return QuotedSpan(opened.mark.offset, end, opened.mark.level, False, 0, opened.paragraphs)


def _push_or_pop(mark: QuoteMark, stack: list[_Open], spans: list[QuotedSpan], text: str, single_primary: bool) -> None:
    same_level = [i for i, opened in enumerate(stack) if opened.mark.level == mark.level]
    if same_level and _closes(mark, stack[same_level[-1]].mark):
        position = same_level[-1]
        opened = stack[position]
        del stack[position:]  # anything opened inside and never closed is dropped
        spans.append(QuotedSpan(opened.mark.offset, mark.offset + mark.width, mark.level, True, position, opened.paragraphs))
        return
    if mark.level == "single" and not stack and not single_primary and mark.role != "open":
        return  # a lone right single mark outside quotes is an apostrophe or a stray
    if same_level and mark.level == "double":
        # A second double opener while one is open: the first was never closed.
        opened = stack[same_level[-1]]
        del stack[same_level[-1] :]
        end = mark.offset
        while end > opened.mark.offset + 1 and text[end - 1].isspace():
            end -= 1
        spans.append(QuotedSpan(opened.mark.offset, end, mark.level, False, len(stack), opened.paragraphs))
    if _opens(mark, text) and (mark.role != "close" or not same_level):
        stack.append(_Open(mark))

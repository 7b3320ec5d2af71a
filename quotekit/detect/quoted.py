"""Tell quotations that stand on their own from quoted fragments inside a sentence."""

from __future__ import annotations

from quotekit import lexicon
from quotekit.detect.marks import QuotedSpan

_OPENS_SPEECH = ":,.!?;(" + lexicon.DASHES + "-\N{HORIZONTAL ELLIPSIS}" + lexicon.QUOTE_MARKS
# Longer all-capitalised stretches are headlines or shouting, which can be speech.
_MAX_TITLE_WORDS = 8
# Words an unclosed span needs to count as a turn of dialogue.
_MIN_UNCLOSED_WORDS = 3
_ENDS_SPEECH = ".,!?;:-\N{HORIZONTAL ELLIPSIS}" + lexicon.DASHES


def _previous_char(text: str, index: int) -> str:
    """The nearest non-blank character before ``index`` on the same line, or ``"\\n"``."""
    while index > 0:
        index -= 1
        char = text[index]
        if char in "\n\r\u2028\u2029":
            return "\n"
        if not char.isspace():
            return char
    return "\n"


def _inner(text: str, span: QuotedSpan) -> str:
    return text[span.start : span.end].strip().strip(lexicon.QUOTE_MARKS + "`").strip()


def _looks_like_title(inner: str) -> bool:
    """``“Apollo 13,”``, ``“The Nightly Show”``: every word capitalised, as titles are."""
    if inner.rstrip(",.").endswith(("!", "?")):
        return False  # "“Mexico!” the crowd screamed": an exclamation, not a title
    words = [w.strip(".,;:!?()[]") for w in inner.split()]
    words = [w for w in words if w and w[0].isalpha()]
    long_words = [w for w in words if len(w) > 3]
    return bool(long_words) and len(words) <= _MAX_TITLE_WORDS and all(w[0].isupper() for w in long_words)


def stands_alone(text: str, span: QuotedSpan) -> bool:
    """Whether a quoted span reads as a quotation of its own rather than a fragment.

    It does when it starts a paragraph or follows a colon, comma or sentence end and ends
    with punctuation inside the marks, or when it is a whole capitalised sentence.

    >>> from quotekit.detect.marks import QuotedSpan
    >>> stands_alone("He said: “Who cares?”", QuotedSpan(9, 21, "double"))
    True
    >>> stands_alone("the so-called “deal” was off", QuotedSpan(14, 20, "double"))
    False
    """
    inner = _inner(text, span)
    if not inner:
        return False
    if _looks_like_title(inner):
        return False
    before = _previous_char(text, span.start)
    ends_with_punctuation = inner[-1] in _ENDS_SPEECH or inner[-1] in lexicon.QUOTE_MARKS
    if not span.closed:
        return before == "\n" or before in _OPENS_SPEECH
    if before == "\n" or before in _OPENS_SPEECH:
        after = text[span.end : span.end + 2].strip()[:1]
        return ends_with_punctuation or after in ("", ".", "!", "?") or len(inner.split()) >= 3
    whole_sentence = inner[0].isupper() and inner[-1] in ".!?" and len(inner.split()) >= 3
    return whole_sentence


def _is_speech(text: str, span: QuotedSpan) -> bool:
    """In dialogue, a quoted span is speech unless it is a title, or unclosed and too short to be
    a turn (``“word “word “word``: stray openers, not thousands of one-word quotations).

    Short lines of dialogue look like titles (``“Tony Last.”``, ``“That's the way,” she said``):
    a span that opens its paragraph, or opens a sentence and ends with punctuation inside its
    marks, is no title (``Baedeker's “Central Italy,”`` is).
    """
    inner = _inner(text, span)
    if not inner or not (span.closed or len(inner.split()) >= _MIN_UNCLOSED_WORDS):
        return False
    before = _previous_char(text, span.start)
    return not _looks_like_title(inner) or before == "\n" or (before in _OPENS_SPEECH and inner[-1] in _ENDS_SPEECH)


def classify_quoted_spans(
    text: str, quoted: tuple[QuotedSpan, ...], dialogue: bool = False
) -> tuple[tuple[QuotedSpan, ...], tuple[QuotedSpan, ...]]:
    """Split top-level quoted spans into stand-alone quotations and fragments.

    In dialogue (fiction) every quoted span that is not a title is speech.
    """
    top_level = [span for span in quoted if span.depth == 0]
    if dialogue:
        return tuple(span for span in top_level if _is_speech(text, span)), ()
    direct = tuple(span for span in top_level if stands_alone(text, span))
    fragments = tuple(span for span in top_level if span not in direct)
    return direct, fragments

"""Hypothesis strategies for quote-heavy text: marks, apostrophes, line breaks, odd whitespace and cues."""

from __future__ import annotations

from hypothesis import strategies as st

QUOTE_MARKS = "\"'“”‘’«»‹›„‚‟‛＂`"
APOSTROPHE_WORDS = ("it’s", "don't", "CTV News’", "’90s", "'80s", "rock ’n’ roll", "players'", "O’Brien", "y'all")
PUNCTUATION = ".,;:!?…—–-()[]/*&"
WHITESPACE = (" ", " ", " ", "\n", "\n\n", "\r\n", "\r", "\t", "\u00a0", "\u2028", "\u2029", "\u200b", "\ufeff", "\x0b")
WORDS = ("the", "deal", "was", "off", "we", "will", "win", "talks", "had", "been", "making", "progress", "a", "so-called")
CUES = ("said", "says", "told reporters", "added", "according to", "warned that", "asked", "whispered", "said:", "claimed")
SPEAKERS = ("Carney", "Mark Carney", "Prime Minister Jane Doe", "he", "she", "they", "a source", "officials", "the minister")

_pieces = st.one_of(
    st.sampled_from(QUOTE_MARKS),
    st.sampled_from(APOSTROPHE_WORDS),
    st.sampled_from(PUNCTUATION),
    st.sampled_from(WHITESPACE),
    st.sampled_from(WORDS),
    st.sampled_from(CUES),
    st.sampled_from(SPEAKERS),
    st.text(st.characters(categories=("Pi", "Pf", "Ps", "Pe", "Po", "Pd", "Zs", "Cc")), max_size=3),
    st.text(max_size=4),
)


@st.composite
def quote_text(draw: st.DrawFn, max_pieces: int = 40) -> str:
    """Text built from quote marks, apostrophes, punctuation, whitespace, words, cues and speakers."""
    pieces = draw(st.lists(_pieces, max_size=max_pieces))
    separators = draw(st.lists(st.sampled_from(("", " ", " ", "\n")), min_size=len(pieces), max_size=len(pieces)))
    return "".join(piece + separator for piece, separator in zip(pieces, separators, strict=True))


@st.composite
def attributed_quote(draw: st.DrawFn) -> str:
    """A sentence shaped like an attribution, with marks that may not match."""
    opener, closer = draw(st.sampled_from(QUOTE_MARKS)), draw(st.sampled_from(QUOTE_MARKS))
    words = " ".join(draw(st.lists(st.sampled_from(WORDS + APOSTROPHE_WORDS), min_size=1, max_size=8)))
    speaker, cue = draw(st.sampled_from(SPEAKERS)), draw(st.sampled_from(CUES))
    layout = draw(st.sampled_from(("{o}{w},{c} {s} {q}.", "{s} {q}: {o}{w}.{c}", "{s} {q} {o}{w}{c} on Monday.", "{o}{w}{c}")))
    return layout.format(o=opener, c=closer, w=words, s=speaker, q=cue)


def documents() -> st.SearchStrategy[str]:
    """Paragraphs of attributed quotes and quote-rich noise, joined by assorted line breaks."""
    paragraph = st.one_of(attributed_quote(), quote_text())
    return st.lists(paragraph, max_size=6).flatmap(
        lambda paragraphs: st.lists(st.sampled_from(WHITESPACE), min_size=len(paragraphs), max_size=len(paragraphs)).map(
            lambda breaks: "".join(p + b for p, b in zip(paragraphs, breaks, strict=True))
        )
    )

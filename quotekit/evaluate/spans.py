"""Span helpers shared by the corpus readers and the metrics.

These mirror the conventions of the reference scorer (``shared/tools/score.py``) so that our
numbers can be cross-checked against it: which characters count as quote marks when a span is
trimmed, how two spans overlap, how a gold span is classified as direct/mixed/indirect and how
speaker names are normalised before comparison.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from quotekit.model import QuoteKind

__all__ = [
    "QUOTE_MARKS",
    "Offsets",
    "core",
    "kind_of",
    "normalise_name",
    "overlap",
    "span_match",
]

Offsets = tuple[int, int]
"""A half-open ``(start, end)`` character span."""

# The evaluation convention of the reference scorer, not the library's quote lexicon: every
# mark it ignores when it trims a span before comparing.
QUOTE_MARKS = (
    "\N{QUOTATION MARK}"
    "\N{LEFT DOUBLE QUOTATION MARK}"
    "\N{RIGHT DOUBLE QUOTATION MARK}"
    "\N{DOUBLE LOW-9 QUOTATION MARK}"
    "\N{DOUBLE HIGH-REVERSED-9 QUOTATION MARK}"
    "\N{LEFT-POINTING DOUBLE ANGLE QUOTATION MARK}"
    "\N{RIGHT-POINTING DOUBLE ANGLE QUOTATION MARK}"
    "\N{SINGLE LEFT-POINTING ANGLE QUOTATION MARK}"
    "\N{SINGLE RIGHT-POINTING ANGLE QUOTATION MARK}"
    "\N{APOSTROPHE}"
    "\N{LEFT SINGLE QUOTATION MARK}"
    "\N{RIGHT SINGLE QUOTATION MARK}"
    "\N{SINGLE LOW-9 QUOTATION MARK}"
    "\N{SINGLE HIGH-REVERSED-9 QUOTATION MARK}"
    "\N{GRAVE ACCENT}"
)
_TRAILING_PUNCT = ",.;:"
_OPENING_DOUBLE = "\N{LEFT DOUBLE QUOTATION MARK}\N{QUOTATION MARK}"
_CLOSING_DOUBLE = "\N{RIGHT DOUBLE QUOTATION MARK}\N{QUOTATION MARK}"
_NOT_NAME = re.compile(r"[^a-z0-9 ]")


def core(text: str, start: int, end: int) -> Offsets:
    """Shrink ``[start, end)`` past quote marks and spaces, and trailing ``,.;:``.

    Args:
        text: The document text the offsets point into.
        start: First character of the span.
        end: One past the last character of the span.

    Returns:
        The trimmed span; empty (``start == end``) if nothing is left.

    >>> text = 'He said: "Yes, we can," and left.'
    >>> s, e = core(text, 9, 23)
    >>> text[s:e]
    'Yes, we can'
    """
    while start < end and (text[start] in QUOTE_MARKS or text[start].isspace()):
        start += 1
    while end > start and (text[end - 1] in QUOTE_MARKS or text[end - 1].isspace() or text[end - 1] in _TRAILING_PUNCT):
        end -= 1
    return start, end


def overlap(a: Offsets, b: Offsets) -> int:
    """Number of characters two half-open spans share.

    >>> overlap((0, 10), (5, 20)), overlap((0, 3), (3, 9))
    (5, 0)
    """
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def span_match(gold_core: Offsets, pred_core: Offsets) -> bool:
    """Whether two trimmed spans share at least half of the shorter one.

    Args:
        gold_core: The gold span (or one piece of it), already passed through :func:`core`.
        pred_core: The predicted span, already passed through :func:`core`.

    Returns:
        ``True`` when the shorter span is non-empty and at least 50% of it is shared.

    >>> span_match((0, 10), (4, 30)), span_match((0, 10), (6, 30))
    (True, False)
    """
    shorter = min(gold_core[1] - gold_core[0], pred_core[1] - pred_core[0])
    return shorter > 0 and overlap(gold_core, pred_core) >= 0.5 * shorter


def kind_of(text: str, pieces: Iterable[Offsets]) -> QuoteKind:
    """Classify a gold content span by its double quote marks, as the reference scorer does.

    ``direct`` when the joined pieces open and close with a double quote mark (trailing
    ``.,`` ignored), ``mixed`` when a double quote mark occurs inside, else ``indirect``.
    An empty span counts as ``direct``, like the reference scorer.

    Args:
        text: The document text.
        pieces: The span's pieces in reading order.

    Returns:
        ``"direct"``, ``"mixed"`` or ``"indirect"``.

    >>> kind_of('\N{LEFT DOUBLE QUOTATION MARK}Go.\N{RIGHT DOUBLE QUOTATION MARK}', [(0, 5)])
    'direct'
    >>> kind_of('that it was "fine" today', [(0, 24)]), kind_of("that it rained", [(0, 14)])
    ('mixed', 'indirect')
    """
    joined = "".join(text[a:b] for a, b in pieces).strip()
    if joined[:1] in _OPENING_DOUBLE and joined.rstrip(".,")[-1:] in _CLOSING_DOUBLE:
        return "direct"
    if any(mark in joined for mark in ("\N{LEFT DOUBLE QUOTATION MARK}", "\N{QUOTATION MARK}")):
        return "mixed"
    return "indirect"


def normalise_name(name: str | None) -> str:
    """Lower-case a name and keep only ASCII letters, digits and spaces.

    >>> normalise_name("Mr. O'Brien"), normalise_name(None)
    ('mr obrien', '')
    """
    return _NOT_NAME.sub("", (name or "").lower()).strip()

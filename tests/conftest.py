"""Shared fixtures: one loaded extractor per session, and the optional ``../shared`` directory."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import attrs
import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SEEDS = PROJECT_ROOT / "seeds"
SHARED_DIR = PROJECT_ROOT.parent / "shared"

# The tests import the package from the checkout even when it is not installed.
if str(PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT))

import quotekit  # noqa: E402


@pytest.fixture(scope="session")
def extractor() -> quotekit.Extractor:
    """The default pipeline, loaded once (about two seconds)."""
    return quotekit.load()


def require_shared(*parts: str) -> Path:
    """``../shared/<parts>``, or skip the calling test when it is not there."""
    path = SHARED_DIR.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: the shared data directory (a sibling of the project root) is needed for this test")
    return path


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The ``shared`` directory beside the project root; skips the test when it is absent."""
    return require_shared()


@pytest.fixture(scope="session")
def seed_text() -> str:
    """The seed news article."""
    return (SEEDS / "carney-g20.txt").read_text(encoding="utf-8")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--slow", action="store_true", default=False, help="also run the tests marked slow (minutes each)")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: takes minutes; runs only with --slow or QUOTEKIT_SLOW=1")
    config.addinivalue_line("markers", "real_load: a CLI test that loads the model itself instead of the session's extractor")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--slow") or os.environ.get("QUOTEKIT_SLOW") == "1":
        return
    skip = pytest.mark.skip(reason="slow: run with --slow or QUOTEKIT_SLOW=1")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


def check_offsets(text: str, quotes: list[quotekit.Quote]) -> None:
    """Every offset indexes ``text`` (quote, pieces, speaker mention, cue); quotes sorted by start."""
    assert quotekit.Quotes(quotes, text).offset_problems() == []
    for quote in quotes:
        assert quote.kind in ("direct", "mixed", "indirect")
        assert 0.0 <= quote.confidence <= 1.0


# A short article of several paragraphs, written for the tests (not from any corpus).
ARTICLE = "\n\n".join(
    [
        "Prime Minister Helen Brandt met provincial leaders in Ottawa on Friday.",
        "“We had a frank conversation about health care,” Brandt said. “Nobody left the room happy, and that is fine.”",
        "“The provinces will get the money they need,” she added.",
        "Premier Alice Kwan said the province was “very close to a deal” with the nurses’ union.",
        "A source familiar with the negotiations said the deal could be signed this week.",
        "The plant will close by the end of the year, a company official said.",
        "Asked about the weekend, organiser Jo Baines replied:",
        "“Bring an umbrella. The forecast is terrible.",
        "“And bring a friend.”",
        "It’s the ’90s all over again at CTV News’ Toronto studio, where rock ’n’ roll still plays.",
        "The so-called “deal” collapsed within a week, according to police.",
    ]
)


def quote_units(text: str, quotes: list[quotekit.Quote]) -> list[quotekit.Quote]:
    """The quotes with each interrupted quotation split into its pieces (same kind, speaker and cue)."""
    units = []
    for quote in quotes:
        assert text[quote.start : quote.end] == quote.text
        pieces = quote.pieces or (quote.span,)
        units.extend(attrs.evolve(quote, text=p.text, start=p.start, end=p.end, pieces=()) for p in pieces)
    return units

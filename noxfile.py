"""Sessions: ``tests`` (CI), ``lint`` (ruff + mypy --strict, CI), ``eval`` and ``bench`` (need ../shared)."""

from __future__ import annotations

from pathlib import Path

import nox

nox.options.sessions = ["lint", "tests"]
nox.options.reuse_existing_virtualenvs = True
SHARED = Path(__file__).parent.parent / "shared"


@nox.session
def tests(session: nox.Session) -> None:
    """Unit, case-table, property and integration tests (data-driven ones skip without ../shared)."""
    session.install("-e", ".[test]")
    session.run("pytest", "quotekit", "tests", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff and mypy --strict over the package."""
    session.install("-e", ".[lint]")
    session.run("ruff", "check", "quotekit", "tests", "noxfile.py")
    session.run("mypy", "--strict", "quotekit")


def _need_shared(session: nox.Session) -> None:
    if not (SHARED / "data").is_dir():
        session.skip(f"{SHARED / 'data'} is absent: evaluation data lives beside the project")


@nox.session(name="eval")
def evaluate(session: nox.Session) -> None:
    """Accuracy on PolNeAR dev, PDNC and the seed article, quotekit beside textacy."""
    _need_shared(session)
    session.install("-e", ".")
    data = SHARED / "data"
    session.run("quotekit", "evaluate", "seed", "seeds/carney-g20.gold.json", "--no-progress", *session.posargs)
    session.run("quotekit", "evaluate", "polnear", str(data / "polnear" / "dev"), "--no-progress", *session.posargs)
    # textacy takes minutes and gigabytes per novel (and gives up on odd quote counts): quotekit only.
    session.run("quotekit", "evaluate", "pdnc", str(data / "pdnc"), "--system", "quotekit", *session.posargs)


@nox.session
def bench(session: nox.Session) -> None:
    """Speed on PolNeAR dev, quotekit and textacy side by side in one run."""
    _need_shared(session)
    session.install("-e", ".")
    session.run("python", "-m", "quotekit.evaluate.bench", str(SHARED / "data" / "polnear" / "dev"), *session.posargs)


@nox.session
def fuzz(session: nox.Session) -> None:
    """The property tests with 10,000 generated examples each (CI runs a few dozen)."""
    session.install("-e", ".[test]")
    session.run("pytest", "tests/test_properties.py", "-q", env={"QUOTEKIT_FUZZ_EXAMPLES": "10000"})

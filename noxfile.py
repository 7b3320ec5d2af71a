"""Sessions: ``tests`` (CI), ``lint`` (ruff + mypy --strict, CI), ``docs`` (CI), ``eval`` and ``bench`` (need ../shared),
``screenshot`` (needs chromium)."""

from __future__ import annotations

import shutil
from pathlib import Path

import nox

nox.options.sessions = ["lint", "tests", "docs"]
nox.options.reuse_existing_virtualenvs = True
SHARED = Path(__file__).parent.parent / "shared"


@nox.session
def tests(session: nox.Session) -> None:
    """Unit, case-table, property and integration tests (data-driven ones skip without ../shared),
    docstring examples, and the ``>>>`` examples of the docs pages."""
    session.install("-e", ".[test]")
    session.run("pytest", "quotekit", "tests", "docs", *session.posargs)


@nox.session
def docs(session: nox.Session) -> None:
    """The documentation site (Sphinx, config in docs/conf.py); any warning fails the build."""
    session.install("-e", ".[docs]")
    output = Path(session.create_tmp()) / "html"  # under .nox/, which git ignores
    session.run("sphinx-build", "-W", "--keep-going", "-b", "html", "docs", str(output), *session.posargs)
    session.log(f"site: {output / 'index.html'}")


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
    # textacy parses each novel in 100,000-character chunks: about 10 minutes and 3.5 GB for all 14.
    session.run("quotekit", "evaluate", "pdnc", str(data / "pdnc"), "--no-progress", "--per-doc", *session.posargs)


@nox.session
def bench(session: nox.Session) -> None:
    """Speed on PolNeAR dev, quotekit and textacy side by side in one run."""
    _need_shared(session)
    session.install("-e", ".")
    session.run("python", "-m", "quotekit.evaluate.bench", str(SHARED / "data" / "polnear" / "dev"), *session.posargs)


@nox.session
def hostile(session: nox.Session) -> None:
    """Hostile input classes at 100k and 400k characters (linear-time bound) and a 5 MB single paragraph."""
    session.install("-e", ".")
    session.run("python", "-m", "quotekit.evaluate.hostile", "--huge", "5000000", *session.posargs)


@nox.session
def fuzz(session: nox.Session) -> None:
    """The property tests with 10,000 generated examples each (CI runs a few dozen)."""
    session.install("-e", ".[test]")
    session.run("pytest", "tests/test_properties.py", "-q", env={"QUOTEKIT_FUZZ_EXAMPLES": "10000"})


@nox.session
def screenshot(session: nox.Session) -> None:
    """The seed article's notebook view as a PNG for the docs (docs/images/render-seed.png), by headless chromium."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        session.error("chromium is not installed: the screenshot needs a headless browser (Debian: apt-get install chromium)")
    session.install("-e", ".")
    page = Path(session.create_tmp()).resolve() / "render-seed.html"
    image = Path("docs/images/render-seed.png").resolve()
    image.parent.mkdir(parents=True, exist_ok=True)
    session.run("quotekit", "render", "seeds/carney-g20.txt", "-o", str(page))
    session.run(
        browser,
        "--headless",
        "--disable-gpu",
        "--no-sandbox",  # root in containers and CI-like machines
        "--hide-scrollbars",
        f"--screenshot={image}",
        "--window-size=1200,2000",
        page.as_uri(),
        external=True,
        silent=True,  # chromium's D-Bus chatter; shown if it fails
    )
    session.log(f"wrote {image}")

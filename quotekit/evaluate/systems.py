"""The systems under evaluation, behind one small protocol, loaded by name."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Literal, Protocol

from quotekit.model import Quote

__all__ = ["SYSTEMS", "QuoteSystem", "SystemName", "SystemUnavailableError", "load_system"]

SystemName = Literal["quotekit", "textacy"]
SYSTEMS: tuple[SystemName, ...] = ("quotekit", "textacy")


class QuoteSystem(Protocol):
    """Anything that extracts quotes like :class:`quotekit.Extractor`."""

    def extract(self, text: str) -> list[Quote]:
        """The quotes of one text."""
        ...

    def pipe(self, texts: Iterable[str], batch_size: int = ..., n_process: int = ...) -> Iterator[list[Quote]]:
        """The quotes of many texts, one list per text, in input order."""
        ...


class SystemUnavailableError(ImportError):
    """A system could not be loaded (missing pipeline, missing spaCy model)."""


def load_system(name: SystemName, model: str | None = None) -> QuoteSystem:
    """Load a system once, outside any timing.

    Args:
        name: ``quotekit`` (``quotekit.load(model=...)``) or ``textacy`` (the baseline).
        model: spaCy pipeline name or path; ``None`` for the default of each system.

    Returns:
        The loaded system.

    Raises:
        SystemUnavailableError: When the system or its model cannot be loaded.
        ValueError: For an unknown system name.
    """
    if name == "quotekit":
        try:
            import quotekit

            return quotekit.load(model=model)
        except (ImportError, AttributeError, OSError, ValueError) as error:
            raise SystemUnavailableError(
                f"[QE05] quotekit could not be loaded ({type(error).__name__}: {error}); "
                "check the spaCy model, or evaluate with --system textacy"
            ) from error
    if name == "textacy":
        from quotekit.evaluate.baseline import TextacyBaseline

        try:
            return TextacyBaseline(model)
        except (ImportError, OSError, ValueError) as error:
            raise SystemUnavailableError(
                f"[QE05] the textacy baseline could not be loaded ({error}); install a spaCy English pipeline or pass --model"
            ) from error
    raise ValueError(f"[QE06] unknown system {name!r}; use one of {', '.join(SYSTEMS)}")

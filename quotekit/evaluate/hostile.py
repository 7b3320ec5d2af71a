"""Hostile input at growing sizes: every class must give valid offsets in time linear in its length.

Usage::

    python -m quotekit.evaluate.hostile                      # every class at 100k and 400k characters
    python -m quotekit.evaluate.hostile --huge 5000000       # and one 5 MB single paragraph

Each class is generated at ``size`` and ``4 × size`` characters; the time per character of the
larger must stay within ``--bound`` times that of the smaller (1.0 is perfectly linear; the
default bound is generous because the machine is noisy). Offsets are checked with
:meth:`quotekit.model.Quotes.offset_problems`. The exit status is 1 if any class fails.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Callable
from typing import Any

import attrs

import quotekit

# Invented news prose with direct, mixed and indirect quotes, used to build realistic text.
_PROSE = (
    "“We will not accept a deal that leaves workers behind,” the union leader said on Monday. "
    "The minister said the talks had been “constructive and frank” and that a new offer would follow. "
    "According to two officials, the government has already drafted a compromise. "
    "“Nobody wants a strike,” she added. “But nobody wants to be ignored either.” "
)
_MARKS = "\"'“”‘’«»‹›„‚`"
_INVISIBLES = "\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_CONTROLS = "\x00\x01\x07\x08\x0b\x0c\x1b\x7f\x85"


def _repeat(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def _sprinkle(text: str, characters: str, every: int, seed: int) -> str:
    rng = random.Random(seed)
    return "".join(c + (rng.choice(characters) if i % every == 0 else "") for i, c in enumerate(text))


def _random_marks(size: int) -> str:
    rng = random.Random(size)
    return "".join(rng.choice(_MARKS + "ab  ") for _ in range(size))


def _nested(size: int) -> str:
    depth = size // 12
    opening = "".join(("“level ", "‘level ")[level % 2] for level in range(depth))
    closing = "".join(("” ", "’ ")[level % 2] for level in reversed(range(depth)))
    return (opening + "she said." + closing)[:size]


def _random_bytes(size: int) -> str:
    return random.Random(size).randbytes(size).decode("utf-8", errors="replace")


def _bidi(size: int) -> str:
    unit = "قال المتحدث: «لن نغادر» ואמר: “לא נעזוב” " + _PROSE
    return _sprinkle(_repeat(unit, size), _INVISIBLES, 7, size)


GENERATORS: dict[str, Callable[[int], str]] = {
    "unmatched-openers": lambda size: _repeat("“word ", size),
    "random-marks": _random_marks,
    "deeply-nested": _nested,
    "crlf": lambda size: _repeat(_PROSE + "\r\n\r\n", size),
    "lone-cr": lambda size: _repeat(_PROSE + "\r", size),
    "bom-and-controls": lambda size: "\ufeff" + _sprinkle(_repeat(_PROSE + "\n\n", size - 1), _CONTROLS, 40, size)[: size - 1],
    "rtl-and-zero-width": _bidi,
    "random-bytes": _random_bytes,
    "single-paragraph": lambda size: _repeat(_PROSE, size),
    "many-paragraphs": lambda size: _repeat(_PROSE + "\n\n", size),
}


@attrs.frozen
class Run:
    """One class at one size: its length, seconds, quotes found and offset problems."""

    name: str
    chars: int
    seconds: float
    quotes: int
    problems: tuple[str, ...]

    @property
    def us_per_char(self) -> float:
        """Microseconds per character."""
        return 1e6 * self.seconds / max(self.chars, 1)


def run(extractor: quotekit.Extractor, name: str, text: str) -> Run:
    """Extract from ``text`` and check every offset."""
    started = time.perf_counter()
    quotes = extractor.extract(text)
    seconds = time.perf_counter() - started
    return Run(name, len(text), seconds, len(quotes), tuple(quotes.offset_problems()[:3]))


def _row(small: Run, large: Run | None, ratio: float | None, passed: bool) -> str:
    shown = f"{large.chars:>10,} {large.seconds:>8.1f} {large.quotes:>8,}" if large else " " * 28
    growth = f"{ratio:>6.2f}" if ratio is not None else "     -"
    status = "ok" if passed else "FAIL " + "; ".join((small.problems + (large.problems if large else ()))[:1])
    return f"{small.name:<20} {small.chars:>10,} {small.seconds:>8.1f} {shown} {growth}  {status}"


def main(argv: list[str] | None = None) -> int:
    """Run every class at two sizes (and the optional huge paragraph); print a table."""
    parser = argparse.ArgumentParser(prog="python -m quotekit.evaluate.hostile", description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=100_000, help="characters of the smaller text of each class")
    parser.add_argument("--bound", type=float, default=2.0, help="largest allowed growth of time per character at 4x")
    parser.add_argument("--huge", type=int, default=0, help="also one single paragraph of this many characters")
    parser.add_argument("--only", nargs="*", choices=sorted(GENERATORS), help="run only these classes")
    parser.add_argument("--json", help="write the runs to this file")
    args = parser.parse_args(argv)

    extractor = quotekit.load()
    extractor.extract(_PROSE)  # warm up outside the timings
    print(f"{'class':<20} {'chars':>10} {'s':>8} {'chars 4x':>10} {'s':>8} {'quotes':>8} {'growth':>6}  status")
    failed = False
    records: list[dict[str, Any]] = []
    for name in args.only or GENERATORS:
        make = GENERATORS[name]
        small, large = run(extractor, name, make(args.size)), run(extractor, name, make(4 * args.size))
        ratio = large.us_per_char / small.us_per_char if small.us_per_char > 0 else None
        passed = not small.problems and not large.problems and (ratio is None or ratio <= args.bound)
        failed |= not passed
        print(_row(small, large, ratio, passed), flush=True)
        records.append({"class": name, "growth": ratio, "passed": passed, "runs": [attrs.asdict(small), attrs.asdict(large)]})
    if args.huge:
        huge = run(extractor, "huge-paragraph", GENERATORS["single-paragraph"](args.huge))
        failed |= bool(huge.problems)
        print(_row(huge, None, None, not huge.problems), f"({huge.us_per_char:.1f} µs/char)", flush=True)
        records.append({"class": huge.name, "passed": not huge.problems, "runs": [attrs.asdict(huge)]})
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump(records, handle, indent=2)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

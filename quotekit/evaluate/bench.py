"""Speed benchmark: quotekit against the textacy baseline on the same texts, in one run.

Usage::

    python -m quotekit.evaluate.bench ../shared/data/polnear/dev --rounds 5 --json bench.json

Each system's model is loaded once, outside the timings, and warmed up before timing. Rounds
alternate the order of the systems. Throughput is the median over rounds. Peak memory is taken
in a fresh child process per system (peak RSS after loading and after processing every text;
Python heap peak while processing, from ``tracemalloc``). Scaling repeats one mid-size text
1, 4 and 16 times (joined by blank lines) and reports time per character and its ratio to 1x.
Parser processes (``--processes N``) are timed in a fresh child process that loads only quotekit,
its rounds alternating one process and ``N``: forked from a parent that also holds textacy's
pipelines, the parser processes would spend more time than a user's would.
Streaming (``--stream N``) runs quotekit over ``N`` documents (the texts again and again) in a
fresh child process and samples its resident memory ten times on the way, to show it stays flat.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import contextlib
import itertools
import json
import multiprocessing
import resource
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

import attrs

from quotekit.evaluate.systems import SYSTEMS, QuoteSystem, SystemName, SystemUnavailableError
from quotekit.model import Quote
from quotekit.pipeline import Extractor
from quotekit.tokenize import looks_like_fiction, tokenize_text

__all__ = [
    "BenchResult",
    "Memory",
    "ScalingPoint",
    "StreamMemory",
    "Throughput",
    "main",
    "measure_memory",
    "measure_processes",
    "measure_streaming",
    "read_texts",
    "render",
    "stream_memory",
    "time_scaling",
    "time_throughput",
]

FACTORS = (1, 4, 16)
# Memory samples taken while streaming.
STREAM_CHECKPOINTS = 10
Clock = Callable[[], float]
_T = TypeVar("_T")


@attrs.frozen
class Throughput:
    """Wall-clock seconds of each round over all texts for one system.

    Attributes:
        system: The system's name.
        docs: Number of texts per round.
        chars: Characters per round.
        seconds: Seconds of each round.
    """

    system: str
    docs: int
    chars: int
    seconds: tuple[float, ...]

    @property
    def median(self) -> float:
        """Median seconds per round."""
        return statistics.median(self.seconds)

    @property
    def docs_per_second(self) -> float:
        """Texts per second at the median round."""
        return self.docs / self.median if self.median > 0 else float("inf")

    @property
    def chars_per_second(self) -> float:
        """Characters per second at the median round."""
        return self.chars / self.median if self.median > 0 else float("inf")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {
            "system": self.system,
            "docs": self.docs,
            "chars": self.chars,
            "seconds": [round(s, 4) for s in self.seconds],
            "median_seconds": round(self.median, 4),
            "docs_per_second": round(self.docs_per_second, 3),
            "chars_per_second": round(self.chars_per_second, 1),
        }


@attrs.frozen
class Memory:
    """Memory of one system measured in its own child process.

    Attributes:
        system: The system's name.
        rss_after_load_mb: Peak resident set size once the model is loaded.
        rss_peak_mb: Peak resident set size after processing every text.
        heap_peak_mb: Peak Python heap while processing (``tracemalloc``).
    """

    system: str
    rss_after_load_mb: float
    rss_peak_mb: float
    heap_peak_mb: float

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {
            "system": self.system,
            "rss_after_load_mb": round(self.rss_after_load_mb, 1),
            "rss_peak_mb": round(self.rss_peak_mb, 1),
            "heap_peak_mb": round(self.heap_peak_mb, 1),
        }


@attrs.frozen
class StreamMemory:
    """Resident memory of one system sampled while it streams many documents.

    Attributes:
        system: The system's name.
        samples: ``(documents done, resident MB, peak resident MB)`` at each checkpoint.
    """

    system: str
    samples: tuple[tuple[int, float, float], ...]

    @property
    def docs(self) -> int:
        """Documents streamed."""
        return self.samples[-1][0] if self.samples else 0

    @property
    def growth_mb(self) -> float:
        """Peak resident MB at the end minus at the first checkpoint: what the stream added
        once the first documents had set the working size."""
        return self.samples[-1][2] - self.samples[0][2] if self.samples else 0.0

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {
            "system": self.system,
            "docs": self.docs,
            "samples": [{"docs": n, "rss_mb": round(rss, 1), "peak_rss_mb": round(peak, 1)} for n, rss, peak in self.samples],
            "peak_growth_mb": round(self.growth_mb, 1),
        }


@attrs.frozen
class ScalingPoint:
    """Time to process one text repeated ``factor`` times.

    Attributes:
        system: The system's name.
        factor: How many copies of the text were joined.
        chars: Length of the joined text.
        seconds: Seconds of each round.
        ratio: Time per character relative to ``factor == 1``.
    """

    system: str
    factor: int
    chars: int
    seconds: tuple[float, ...]
    ratio: float

    @property
    def median(self) -> float:
        """Median seconds."""
        return statistics.median(self.seconds)

    @property
    def us_per_char(self) -> float:
        """Median microseconds per character."""
        return self.median / self.chars * 1e6 if self.chars else 0.0

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {
            "system": self.system,
            "factor": self.factor,
            "chars": self.chars,
            "median_seconds": round(self.median, 4),
            "us_per_char": round(self.us_per_char, 3),
            "ratio_to_1x": round(self.ratio, 3),
        }


@attrs.frozen
class BenchResult:
    """Everything one benchmark run measured.

    Attributes:
        source: Where the texts came from.
        rounds: Timed rounds per system.
        batch_size: Texts per ``pipe`` batch.
        throughput: One entry per system.
        memory: One entry per system, empty when not measured.
        scaling_doc: Name of the text used for scaling.
        scaling: One entry per system and factor.
        streaming: One entry per system streamed, empty when not measured.
        clock: What the throughput seconds are: ``wall-clock`` or ``CPU`` (of this process).
        own_share: Share of quotekit's CPU time in its own stages, ``None`` when not measured.
        processes: quotekit on one process and on several, timed in a child process of its own;
            empty when not measured.
    """

    source: str
    rounds: int
    batch_size: int
    throughput: tuple[Throughput, ...]
    memory: tuple[Memory, ...] = ()
    scaling_doc: str = ""
    scaling: tuple[ScalingPoint, ...] = ()
    streaming: tuple[StreamMemory, ...] = ()
    clock: str = "wall-clock"
    own_share: float | None = None
    processes: tuple[Throughput, ...] = ()

    @property
    def ratio(self) -> float | None:
        """quotekit throughput divided by textacy throughput (above 1: quotekit is faster)."""
        return self.ratios.get("textacy")

    @property
    def ratios(self) -> dict[str, float]:
        """Single-process quotekit throughput divided by each other system's."""
        by = {t.system: t.docs_per_second for t in self.throughput}
        if "quotekit" not in by:
            return {}
        return {name: by["quotekit"] / speed for name, speed in by.items() if not name.startswith("quotekit") and speed > 0}

    @property
    def speedups(self) -> dict[str, float]:
        """Throughput of each multi-process quotekit entry divided by single-process quotekit's,
        both from :attr:`processes`."""
        by = {t.system: t.docs_per_second for t in self.processes}
        if not by.get("quotekit"):
            return {}
        return {name: speed / by["quotekit"] for name, speed in by.items() if name.startswith("quotekit ")}

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {
            "source": self.source,
            "rounds": self.rounds,
            "batch_size": self.batch_size,
            "clock": self.clock,
            "throughput": [t.to_dict() for t in self.throughput],
            "ratio_quotekit_over_textacy": None if self.ratio is None else round(self.ratio, 3),
            "ratios_quotekit_over": {name: round(r, 3) for name, r in self.ratios.items()},
            "processes": [t.to_dict() for t in self.processes],
            "speedups_over_one_process": {name: round(r, 3) for name, r in self.speedups.items()},
            "memory": [m.to_dict() for m in self.memory],
            "scaling_doc": self.scaling_doc,
            "scaling": [s.to_dict() for s in self.scaling],
            "streaming": [s.to_dict() for s in self.streaming],
            "own_share": None if self.own_share is None else round(self.own_share, 4),
        }


def read_texts(path: str | Path, limit: int | None = None) -> list[tuple[str, str]]:
    """``(name, text)`` of the ``.txt`` files in ``PATH/text/`` (PolNeAR) or else ``PATH/``.

    Args:
        path: A PolNeAR split folder or a folder of text files.
        limit: Keep only the first ``limit`` files by name.

    Returns:
        The texts in sorted order of file names.
    """
    root = Path(path)
    folder = root / "text" if (root / "text").is_dir() else root
    files = sorted(folder.glob("*.txt"))[:limit]
    texts = []
    for file in files:
        with open(file, encoding="utf-8") as handle:
            texts.append((file.stem, handle.read()))
    return texts


def _orders(names: Sequence[str], rounds: int) -> list[list[str]]:
    """Each round's order of the systems: rotated by one every round."""
    return [[names[(r + i) % len(names)] for i in range(len(names))] for r in range(rounds)]


def _time_pipe(system: QuoteSystem, texts: Sequence[str], batch_size: int, clock: Clock) -> float:
    start = clock()
    for _ in system.pipe(texts, batch_size=batch_size):
        pass
    return clock() - start


def time_throughput(
    systems: Mapping[str, QuoteSystem],
    texts: Sequence[str],
    rounds: int = 5,
    batch_size: int = 8,
    clock: Clock = time.perf_counter,
) -> tuple[Throughput, ...]:
    """Time every system over all texts, ``rounds`` times, alternating the systems.

    Args:
        systems: Loaded, warmed-up systems by name.
        texts: The texts.
        rounds: Timed rounds per system.
        batch_size: Texts per ``pipe`` batch.
        clock: Seconds as a float; ``time.perf_counter`` by default.

    Returns:
        One :class:`Throughput` per system, in the order of ``systems``.
    """
    seconds: dict[str, list[float]] = {name: [] for name in systems}
    for order in _orders(list(systems), rounds):
        for name in order:
            seconds[name].append(_time_pipe(systems[name], texts, batch_size, clock))
    chars = sum(len(t) for t in texts)
    return tuple(Throughput(name, len(texts), chars, tuple(s)) for name, s in seconds.items())


def own_share(extractor: Extractor, texts: Sequence[str], batch_size: int = 8) -> float:
    """The share of one pass's CPU time that quotekit spends in its own stages (quote marks,
    chunks, detection, speakers, genders), the rest being spaCy's tokenizer and model.

    spaCy's share is the time spent waiting for parsed chunks, less the preparing of texts that
    runs inside that wait (spaCy reads the chunk stream lazily). The instance's chunk parser and
    ``_prepare`` are wrapped for the pass, then restored.
    """
    parse_seconds = prepare_seconds = 0.0

    def timed_prepare(prepare: Callable[[str], _T]) -> Callable[[str], _T]:
        def run(text: str) -> _T:
            nonlocal prepare_seconds
            start = time.process_time()
            try:
                return prepare(text)
            finally:
                prepare_seconds += time.process_time() - start

        return run

    def timed_pipe(pipe: Callable[..., Iterator[_T]]) -> Callable[..., Iterator[_T]]:
        def run(*args: Any, **kwargs: Any) -> Iterator[_T]:
            nonlocal parse_seconds
            items = pipe(*args, **kwargs)
            while True:
                start = time.process_time()
                try:
                    item = next(items)
                except StopIteration:
                    return
                finally:
                    parse_seconds += time.process_time() - start
                yield item

        return run

    start = time.process_time()
    with _wrapped(extractor, ("_prepare",), timed_prepare), _wrapped(extractor._chunk_parser, ("pipe",), timed_pipe):
        for _ in extractor.pipe(texts, batch_size=batch_size):
            pass
    return 1 - (parse_seconds - prepare_seconds) / (time.process_time() - start)


@contextlib.contextmanager
def _wrapped(target: object, names: Sequence[str], wrap: Callable[[Callable[..., Any]], Callable[..., Any]]) -> Iterator[None]:
    for name in names:
        setattr(target, name, wrap(getattr(target, name)))
    try:
        yield
    finally:
        for name in names:
            delattr(target, name)  # the class's own methods show through again


def _in_one_mode(system: QuoteSystem, text: str) -> QuoteSystem:
    """quotekit held to the mode it picks for ``text``: a news article repeated 16 times has
    many paragraphs that open with a quote mark, and would be read (and timed) as fiction."""
    if not isinstance(system, Extractor) or system.config.mode != "auto":
        return system
    return system.with_config(mode="fiction" if looks_like_fiction(tokenize_text(text)) else "news")


def time_scaling(
    systems: Mapping[str, QuoteSystem],
    text: str,
    factors: Sequence[int] = FACTORS,
    rounds: int = 3,
    clock: Clock = time.perf_counter,
) -> tuple[ScalingPoint, ...]:
    """Time each system on ``text`` repeated ``factor`` times, joined by blank lines.

    Each sample covers about as many characters at every factor: the shorter texts are
    extracted several times in a row and the mean taken, so a short text's timing is not the
    noisiest.

    Args:
        systems: Loaded, warmed-up systems by name.
        text: The text to repeat.
        factors: Repetition counts; the first is the reference for ``ratio``.
        rounds: Timed rounds per system and factor (median kept).
        clock: Seconds as a float.

    Returns:
        One point per system and factor, systems in the order of ``systems``; its ``seconds``
        are per extraction.
    """
    joined = {k: "\n\n".join([text] * k) for k in factors}
    calls = {k: max(1, max(factors) // k) for k in factors}
    seconds: dict[tuple[str, int], list[float]] = {(n, k): [] for n in systems for k in factors}
    for order in _orders(list(systems), rounds):
        for k in factors:
            for name in order:
                start = clock()
                for _ in range(calls[k]):
                    systems[name].extract(joined[k])
                seconds[(name, k)].append((clock() - start) / calls[k])
    points = []
    for name in systems:
        base = statistics.median(seconds[(name, factors[0])]) / len(joined[factors[0]])
        for k in factors:
            per_char = statistics.median(seconds[(name, k)]) / len(joined[k])
            ratio = per_char / base if base > 0 else float("nan")
            points.append(ScalingPoint(name, k, len(joined[k]), tuple(seconds[(name, k)]), ratio))
    return tuple(points)


def _rss_mb() -> float:
    """Peak resident set size of this process in MB.

    Linux's ``VmHWM`` first: ``ru_maxrss`` of a freshly spawned child still carries the
    parent's size from the ``fork`` before ``exec``.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


def _memory_child(name: SystemName, model: str | None, texts: Sequence[str], batch_size: int) -> tuple[float, float, float]:
    from quotekit.evaluate.systems import load_system

    system = load_system(name, model)
    after_load = _rss_mb()
    tracemalloc.start()
    try:
        for _ in system.pipe(texts, batch_size=batch_size):
            pass
        _, heap_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return after_load, _rss_mb(), heap_peak / (1024 * 1024)


def measure_memory(name: SystemName, model: str | None, texts: Sequence[str], batch_size: int = 8) -> Memory:
    """Load and run one system in a fresh child process and report its memory.

    Args:
        name: The system.
        model: spaCy pipeline name or path, or ``None`` for the default.
        texts: The texts to process.
        batch_size: Texts per ``pipe`` batch.

    Returns:
        The child's peak RSS after loading and after processing, and its Python heap peak.
    """
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        after_load, peak, heap = pool.apply(_memory_child, (name, model, list(texts), batch_size))
    return Memory(name, after_load, peak, heap)


def _current_rss_mb() -> float:
    """Resident set size of this process now, in MB (Linux ``VmRSS``; else the peak)."""
    try:
        with open("/proc/self/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    return _rss_mb()


def stream_memory(
    system: QuoteSystem, texts: Sequence[str], total: int, batch_size: int = 8, checkpoints: int = STREAM_CHECKPOINTS
) -> tuple[tuple[int, float, float], ...]:
    """Stream ``total`` documents (``texts`` over and over) through one ``pipe`` call, sampling
    memory ``checkpoints`` times at even intervals.

    Args:
        system: A loaded system.
        texts: The texts to cycle through.
        total: Documents to stream.
        batch_size: Texts per ``pipe`` batch.
        checkpoints: Samples to take.

    Returns:
        ``(documents done, resident MB, peak resident MB)`` per sample.
    """
    stream = itertools.islice(itertools.cycle(texts), total)
    marks = {max(1, round(total * (i + 1) / checkpoints)) for i in range(checkpoints)}
    samples = []
    for done, _ in enumerate(system.pipe(stream, batch_size=batch_size), start=1):
        if done in marks:
            samples.append((done, _current_rss_mb(), _rss_mb()))
    return tuple(samples)


def _streaming_child(
    name: SystemName, model: str | None, texts: Sequence[str], total: int, batch_size: int
) -> tuple[tuple[int, float, float], ...]:
    from quotekit.evaluate.systems import load_system

    return stream_memory(load_system(name, model), texts, total, batch_size)


def measure_streaming(name: SystemName, model: str | None, texts: Sequence[str], total: int, batch_size: int = 8) -> StreamMemory:
    """Stream ``total`` documents through one system in a fresh child process, sampling its memory.

    Args:
        name: The system.
        model: spaCy pipeline name or path, or ``None`` for the default.
        texts: The texts to cycle through.
        total: Documents to stream.
        batch_size: Texts per ``pipe`` batch.
    """
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        samples = pool.apply(_streaming_child, (name, model, list(texts), total, batch_size))
    return StreamMemory(name, samples)


def _processes_child(
    model: str | None, texts: Sequence[str], processes: int, rounds: int, batch_size: int, start_method: str
) -> tuple[Throughput, ...]:
    from quotekit.evaluate.systems import load_system

    # A spawned process spawns its own children too; a user's process starts them the platform's way.
    multiprocessing.set_start_method(start_method, force=True)

    extractor = load_system("quotekit", model)
    systems = {"quotekit": extractor, f"quotekit x{processes} processes": _OnProcesses(extractor, processes)}
    for system in systems.values():
        for _ in system.pipe(texts[:5], batch_size=batch_size):
            pass
    return time_throughput(systems, texts, rounds, batch_size)


def measure_processes(
    model: str | None, texts: Sequence[str], processes: int, rounds: int = 5, batch_size: int = 8
) -> tuple[Throughput, ...]:
    """Time quotekit on one process and on ``processes``, alternating, in a fresh child process
    that loads nothing else (its parser processes are forked from it).

    Args:
        model: spaCy pipeline name or path, or ``None`` for the default.
        texts: The texts.
        processes: Parser processes of the second entry.
        rounds: Timed rounds of each.
        batch_size: Texts per ``pipe`` batch.

    Returns:
        Wall-clock throughput on one process, then on ``processes``.
    """
    # An executor's worker may start processes of its own; a daemonic Pool worker may not.
    with concurrent.futures.ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        job = pool.submit(_processes_child, model, list(texts), processes, rounds, batch_size, multiprocessing.get_start_method())
        return job.result()


def _grid(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = [
        "  ".join([r[0].ljust(widths[0]), *(c.rjust(w) for c, w in zip(r[1:], widths[1:], strict=True))]) for r in [header, *rows]
    ]
    lines.insert(1, "-" * len(lines[0]))
    return "\n".join(lines)


def _throughput_grid(throughput: Sequence[Throughput]) -> str:
    return _grid(
        ["system", "median s", "min s", "max s", "docs/s", "chars/s"],
        [
            [
                t.system,
                f"{t.median:.3f}",
                f"{min(t.seconds):.3f}",
                f"{max(t.seconds):.3f}",
                f"{t.docs_per_second:.2f}",
                f"{t.chars_per_second:,.0f}",
            ]
            for t in throughput
        ],
    )


def render(result: BenchResult) -> str:
    """The benchmark as plain-text tables.

    Args:
        result: A finished benchmark.

    Returns:
        The tables, without a trailing newline.
    """
    first = result.throughput[0] if result.throughput else None
    parts = [
        f"bench {result.source}: {first.docs if first else 0} texts, "
        f"{first.chars if first else 0:,} chars, {result.rounds} rounds (median), "
        f"batch size {result.batch_size}, {result.clock} seconds",
        _throughput_grid(result.throughput),
    ]
    for name, ratio in result.ratios.items():
        parts.append(f"throughput ratio quotekit/{name}: {ratio:.2f}x")
    if result.own_share is not None:
        parts.append(f"quotekit's own stages: {result.own_share:.1%} of its CPU time (the rest is spaCy's)")
    if result.processes:
        parts.append("\nparser processes (a fresh child process that loads only quotekit, rounds alternating)")
        parts.append(_throughput_grid(result.processes))
    for name, speedup in result.speedups.items():
        parts.append(f"speed-up of {name} over one process: {speedup:.2f}x")
    if result.memory:
        parts.append("\nmemory (a fresh child process per system)")
        parts.append(
            _grid(
                ["system", "RSS after load MB", "peak RSS MB", "Python heap peak MB"],
                [
                    [
                        m.system,
                        f"{m.rss_after_load_mb:.0f}",
                        f"{m.rss_peak_mb:.0f}",
                        f"{m.heap_peak_mb:.1f}",
                    ]
                    for m in result.memory
                ],
            )
        )
    if result.scaling:
        parts.append(
            f"\nscaling: {result.scaling_doc!r} repeated, joined by blank lines; quotekit in the text's own mode,"
            " each size timed on as many characters per round (median s per extraction)"
        )
        parts.append(
            _grid(
                ["system", "copies", "chars", "median s", "us/char", "ratio to 1x"],
                [
                    [
                        p.system,
                        f"{p.factor}x",
                        f"{p.chars:,}",
                        f"{p.median:.3f}",
                        f"{p.us_per_char:.2f}",
                        f"{p.ratio:.2f}",
                    ]
                    for p in result.scaling
                ],
            )
        )
    for stream in result.streaming:
        parts.append(f"\nstreaming {stream.docs:,} documents through {stream.system} (a fresh child process)")
        parts.append(
            _grid(
                ["docs", "RSS MB", "peak RSS MB"],
                [[f"{n:,}", f"{rss:.0f}", f"{peak:.0f}"] for n, rss, peak in stream.samples],
            )
        )
        parts.append(f"peak RSS growth after the first {stream.samples[0][0]:,} documents: {stream.growth_mb:+.0f} MB")
    return "\n".join(parts)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``python -m quotekit.evaluate.bench``."""
    parser = argparse.ArgumentParser(
        prog="python -m quotekit.evaluate.bench",
        description="Time quotekit against textacy's direct_quotations on the same texts.",
    )
    parser.add_argument("path", type=Path, help="PolNeAR split folder (uses text/*.txt)")
    parser.add_argument("--system", choices=(*SYSTEMS, "both"), default="both")
    parser.add_argument("--model", default=None, help="spaCy pipeline name or path")
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds (default 5)")
    parser.add_argument("--limit", type=int, default=None, metavar="N", help="first N texts")
    parser.add_argument("--batch-size", type=int, default=8, help="texts per batch (default 8)")
    parser.add_argument(
        "--processes",
        type=int,
        default=2,
        help="also time quotekit on this many processes against one, in a child process that loads only quotekit (1: skip)",
    )
    parser.add_argument("--no-memory", action="store_true", help="skip the memory measurement")
    parser.add_argument("--no-scaling", action="store_true", help="skip the scaling measurement")
    parser.add_argument(
        "--stream", type=int, default=0, metavar="N", help="also stream N documents through quotekit and sample its memory"
    )
    parser.add_argument(
        "--cpu-time",
        action="store_true",
        help="time throughput by this process's CPU clock, steadier than the wall clock on a busy machine "
        "(the multi-process entry is then left out: its work is done in child processes)",
    )
    parser.add_argument("--json", type=Path, metavar="OUT.json", help="also write JSON here")
    return parser


@attrs.frozen
class _OnProcesses:
    """A system whose ``pipe`` always runs on ``processes`` parser processes."""

    system: QuoteSystem
    processes: int

    def extract(self, text: str) -> list[Quote]:
        return self.system.extract(text)

    def pipe(self, texts: Iterable[str], batch_size: int = 8, n_process: int = 1) -> Iterator[list[Quote]]:
        return self.system.pipe(texts, batch_size=batch_size, n_process=self.processes)


def load_systems(names: Sequence[SystemName], model: str | None) -> dict[str, QuoteSystem]:
    """Load each system once (kept out of every timing).

    textacy is timed three times: with the whole pipeline, as users run it; without the entity
    recognizer it never reads (``textacy-lean``); and multiplying through numpy's BLAS as quotekit
    does (``textacy-numpy-blas``), so no speed-up is credited to that switch alone.

    Args:
        names: The systems.
        model: spaCy pipeline name or path, or ``None`` for the default.

    Returns:
        The loaded systems by name.
    """
    from quotekit.evaluate.baseline import TextacyBaseline
    from quotekit.evaluate.systems import load_system

    systems: dict[str, QuoteSystem] = {name: load_system(name, model) for name in names}
    if "textacy" in systems:
        systems["textacy-lean"] = TextacyBaseline(model, skip_entities=True)
        systems["textacy-numpy-blas"] = TextacyBaseline(model, numpy_blas=True)
    return systems


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its tables.

    Args:
        argv: Arguments without the program name; ``None`` reads ``sys.argv``.

    Returns:
        0 on success, 1 when no text was found or a system could not be loaded.
    """
    args = build_parser().parse_args(argv)
    if args.rounds < 1:
        print("bench: error: --rounds must be at least 1", file=sys.stderr)
        return 1
    named = read_texts(args.path, args.limit)
    if not named:
        print(f"bench: error: no .txt files in {args.path} or {args.path}/text", file=sys.stderr)
        return 1
    texts = [text for _, text in named]
    names: list[SystemName] = list(SYSTEMS) if args.system == "both" else [args.system]
    try:
        systems = load_systems(names, args.model)
    except SystemUnavailableError as error:
        print(f"bench: error: {error}", file=sys.stderr)
        return 1
    by_length = sorted(named, key=lambda item: len(item[1]))
    mid_name, mid_text = by_length[len(by_length) // 2]
    print(f"warming up on {min(5, len(texts))} texts ...", file=sys.stderr)
    for system in systems.values():
        for _ in system.pipe([*texts[:5], mid_text], batch_size=args.batch_size):
            pass
    print(f"timing {args.rounds} rounds ...", file=sys.stderr)
    clock = time.process_time if args.cpu_time else time.perf_counter
    throughput = time_throughput(systems, texts, args.rounds, args.batch_size, clock)
    extractor = systems.get("quotekit")
    share = own_share(extractor, texts, args.batch_size) if isinstance(extractor, Extractor) else None
    scaling: tuple[ScalingPoint, ...] = ()
    if not args.no_scaling:
        print("timing scaling ...", file=sys.stderr)
        scaling = time_scaling({n: _in_one_mode(systems[n], mid_text) for n in names}, mid_text, rounds=args.rounds)
    processes: tuple[Throughput, ...] = ()
    if args.processes > 1 and not args.cpu_time and "quotekit" in names:
        print(f"timing quotekit on 1 and {args.processes} processes in a child process ...", file=sys.stderr)
        processes = measure_processes(args.model, texts, args.processes, args.rounds, args.batch_size)
    memory: tuple[Memory, ...] = ()
    if not args.no_memory:
        print("measuring memory in child processes ...", file=sys.stderr)
        memory = tuple(measure_memory(n, args.model, texts, args.batch_size) for n in names)
    streaming: tuple[StreamMemory, ...] = ()
    if args.stream > 0 and "quotekit" in names:
        print(f"streaming {args.stream:,} documents in a child process ...", file=sys.stderr)
        streaming = (measure_streaming("quotekit", args.model, texts, args.stream, args.batch_size),)
    result = BenchResult(
        source=str(args.path),
        rounds=args.rounds,
        batch_size=args.batch_size,
        throughput=throughput,
        memory=memory,
        scaling_doc=mid_name,
        scaling=scaling,
        streaming=streaming,
        clock="CPU" if args.cpu_time else "wall-clock",
        own_share=share,
        processes=processes,
    )
    print(render(result))
    if args.json is not None:
        args.json.write_text(json.dumps(result.to_dict(), indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Command line: ``quotekit extract PATH...``, ``render FILE``, ``script FILE``, ``speakers PATH...`` and ``evaluate ...``."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO, cast

from quotekit.config import MODES
from quotekit.export import FORMATS, TABLE_FORMATS, RecordWriter, records, write_table

if TYPE_CHECKING:
    from quotekit.pipeline import Extractor


# Seconds before a progress bar appears, so that quick runs print nothing on standard error.
_PROGRESS_DELAY = 1.0
# Below this many characters of input, starting parser processes costs more than it saves.
PARALLEL_MIN_CHARS = 200_000


def _documents(paths: Sequence[str]) -> Iterator[str]:
    for given in paths:
        path = Path(given)
        if given != "-" and path.is_dir():
            yield from (str(p) for p in sorted(path.rglob("*.txt")))
        else:
            yield given


def _read(name: str, encoding: str) -> str:
    if name == "-":
        return sys.stdin.read()
    with open(name, encoding=encoding) as handle:
        return handle.read()


@contextlib.contextmanager
def _output(path: str | None) -> Iterator[TextIO]:
    """Standard output, or a file written beside ``path`` and renamed into place only when complete
    (removed if the run fails), so a reader never sees half a file."""
    if path is None:
        yield sys.stdout
        return
    target = Path(path)
    stream = tempfile.NamedTemporaryFile("w", encoding="utf-8", delete=False, dir=target.parent, suffix=".part")
    try:
        with stream:
            yield cast(TextIO, stream)
    except BaseException:
        os.unlink(stream.name)
        raise
    os.replace(stream.name, target)


def _extractor(args: argparse.Namespace) -> Extractor:
    import quotekit

    return quotekit.load(args.model, mode=args.mode, speaker_threshold=args.speaker_threshold)


def parser_processes(requested: int, names: Sequence[str]) -> int:
    """How many parser processes to run: ``requested``, or with 0, every usable core when the
    input files hold :data:`PARALLEL_MIN_CHARS` or more (their size in bytes, a close enough
    count of characters), else one; standard input, of unknown size, gets one."""
    if requested > 0:
        return requested
    if "-" in names:
        return 1
    size = sum(os.path.getsize(name) for name in names if os.path.isfile(name))
    return _usable_cores() if size >= PARALLEL_MIN_CHARS else 1


def _process_count(value: str) -> int:
    count = int(value)
    if count < 0:
        raise argparse.ArgumentTypeError(f"must be 0 (automatic) or more, not {count}")
    return count


def _usable_cores() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))  # the cores this process may run on (containers, taskset)
    return os.cpu_count() or 1


def _extract(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from quotekit.model import ExtractionError

    names = list(_documents(args.paths))
    extractor = _extractor(args)
    unreadable: dict[int, str] = {}
    # One text (a novel) is followed by characters, a corpus by documents; short runs show no bar.
    single = len(names) == 1
    progress = tqdm(
        total=None if single else len(names),
        unit="char" if single else "doc",
        unit_scale=single,
        delay=_PROGRESS_DELAY,
        disable=args.quiet,
        file=sys.stderr,
    )

    def texts() -> Iterator[str]:
        for index, name in enumerate(names):
            try:
                text = _read(name, args.encoding)
                if single:
                    progress.total = len(text)
                yield text
            except (OSError, UnicodeDecodeError) as error:
                # An empty text keeps the stream aligned; its result is replaced by the error.
                unreadable[index] = f"cannot read {name}: {error}"
                print(f"quotekit: {unreadable[index]}", file=sys.stderr)
                yield ""

    failures = 0
    try:
        with _output(args.output) as stream:
            writer = RecordWriter(stream, args.format)
            by_chunk = progress.update if single else None
            n_process = parser_processes(args.processes, names)
            results = extractor.pipe(texts(), n_process=n_process, errors="record", progress=by_chunk)
            for index, result in enumerate(results):
                if index in unreadable:
                    result = ExtractionError(index, unreadable[index])
                if isinstance(result, ExtractionError):
                    failures += 1
                    if index not in unreadable:
                        print(f"quotekit: failed on {names[index]}: {result.error}", file=sys.stderr)
                    writer.write_error(result.to_dict(names[index]))
                else:
                    for record in records(result, names[index]):
                        writer.write(record)
                if not single:
                    progress.update(1)
            writer.close()
    finally:
        progress.close()
    return 1 if failures else 0


def _render(args: argparse.Namespace) -> int:
    import quotekit

    quotes = _extractor(args).extract(_read(args.path, args.encoding))
    title = args.title if args.title is not None else (None if args.path == "-" else Path(args.path).name)
    with _output(args.output) as stream:
        stream.write(quotekit.render(quotes, title=title, full_page=True))
    return 0


def _script(args: argparse.Namespace) -> int:
    import attrs

    import quotekit
    from quotekit.script import Segment

    segments = quotekit.script(_extractor(args).extract(_read(args.path, args.encoding)))
    with _output(args.output) as stream:
        write_table(stream, args.format, (s.to_dict() for s in segments), [f.name for f in attrs.fields(Segment)])
    return 0


def _speakers(args: argparse.Namespace) -> int:
    import quotekit
    from quotekit.speakers import SPEAKER_COLUMNS

    names = list(_documents(args.paths))
    results = _extractor(args).pipe(_read(name, args.encoding) for name in names)
    rows = quotekit.speaker_index(zip(names, results, strict=True))
    with _output(args.output) as stream:
        write_table(stream, args.format, (row.to_dict() for row in rows), SPEAKER_COLUMNS)
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``quotekit`` command."""
    parser = argparse.ArgumentParser(prog="quotekit", description="Who said what in English text.")
    commands = parser.add_subparsers(dest="command", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--output", "-o", default=None, help="write here (atomically) instead of stdout")
    common.add_argument("--model", default=None, help="spaCy pipeline name or path")
    common.add_argument("--mode", choices=MODES, default="auto", help="news, fiction (dialogue) or auto (per text)")
    common.add_argument(
        "--speaker-threshold",
        type=float,
        default=0.0,
        metavar="CONFIDENCE",
        help="below this confidence a speaker is 'unresolved', with its candidates, instead of a guess",
    )
    common.add_argument("--encoding", default="utf-8", help="encoding of the input files")
    extract = commands.add_parser("extract", parents=[common], help="find quotations and their speakers")
    extract.add_argument("paths", nargs="+", help="files, directories (*.txt, recursively) or - for stdin")
    extract.add_argument("--format", choices=FORMATS, default="jsonl")
    extract.add_argument(
        "--processes",
        type=_process_count,
        default=0,
        help="parser processes; 0 (the default): every usable core for inputs of "
        f"{PARALLEL_MIN_CHARS:,} characters or more, else one",
    )
    extract.add_argument("--quiet", action="store_true", help="no progress bar (documents, or characters of one text)")
    extract.set_defaults(run=_extract)
    render = commands.add_parser("render", parents=[common], help="one text as an HTML page with its quotes highlighted")
    render.add_argument("path", help="a text file, or - for stdin")
    render.add_argument("--title", default=None, help="page heading (default: the file name)")
    render.set_defaults(run=_render)
    script = commands.add_parser("script", parents=[common], help="one text as consecutive narration and quotation segments")
    script.add_argument("path", help="a text file, or - for stdin")
    script.add_argument("--format", choices=TABLE_FORMATS, default="jsonl")
    script.set_defaults(run=_script)
    speakers = commands.add_parser("speakers", parents=[common], help="one row per speaker across documents, most quoted first")
    speakers.add_argument("paths", nargs="+", help="files, directories (*.txt, recursively) or - for stdin")
    speakers.add_argument("--format", choices=TABLE_FORMATS, default="csv")
    speakers.set_defaults(run=_speakers)
    commands.add_parser("evaluate", help="score against annotated corpora", add_help=False)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments[:1] == ["evaluate"]:
        from quotekit.evaluate.cli import main as evaluate_main

        return evaluate_main(arguments[1:])
    args = build_parser().parse_args(arguments)
    try:
        code: int = args.run(args)
    except KeyboardInterrupt:
        print("quotekit: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader stopped early (``| head``): not an error; keep Python quiet at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as error:  # one line for the user, not a traceback
        print(f"quotekit: {error}", file=sys.stderr)
        return 2
    return code


if __name__ == "__main__":
    sys.exit(main())

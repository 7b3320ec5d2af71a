"""``quotekit evaluate``: score quotekit and the textacy baseline on a gold corpus.

Usage::

    python -m quotekit.evaluate polnear ../shared/data/polnear/dev
    python -m quotekit.evaluate pdnc ../shared/data/pdnc --limit 2 --system quotekit
    python -m quotekit.evaluate seed seeds/carney-g20.gold.json --errors errors.jsonl

The side-by-side table goes to stdout; progress and notes go to stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from contextlib import ExitStack
from itertools import islice
from pathlib import Path
from typing import IO, Any, cast

from quotekit.evaluate.corpora import CORPORA, Corpus, GoldDocument, read_corpus
from quotekit.evaluate.metrics import (
    Scorer,
    Scores,
    error_records,
    render_calibration,
    render_per_document,
    render_spurious,
    render_table,
)
from quotekit.evaluate.systems import SYSTEMS, SystemName, SystemUnavailableError, load_system

__all__ = ["build_parser", "main", "prediction_path"]


def build_parser(prog: str | None = None) -> argparse.ArgumentParser:
    """The argument parser of ``quotekit evaluate``.

    Args:
        prog: Program name shown in usage; defaults to ``quotekit evaluate``.

    Returns:
        The parser.
    """
    parser = argparse.ArgumentParser(
        prog=prog or "quotekit evaluate",
        description="Score quotekit and/or the textacy baseline against a gold corpus.",
    )
    parser.add_argument("corpus", choices=CORPORA, help="which gold format PATH holds")
    parser.add_argument(
        "path",
        type=Path,
        help="PolNeAR split folder (text/, attributions/), PDNC folder, or seed *.gold.json",
    )
    parser.add_argument(
        "--system",
        choices=(*SYSTEMS, "both"),
        default="both",
        help="system(s) to run (default: both, side by side)",
    )
    parser.add_argument("--model", default=None, help="spaCy pipeline name or path for both systems")
    parser.add_argument("--limit", type=int, default=None, metavar="N", help="first N documents")
    parser.add_argument("--batch-size", type=int, default=8, help="texts per batch (default 8)")
    parser.add_argument("--json", type=Path, metavar="OUT.json", help="write all scores as JSON")
    parser.add_argument(
        "--errors",
        type=Path,
        metavar="OUT.jsonl",
        help="write missed, spurious and wrong-speaker records with context as JSON lines",
    )
    parser.add_argument(
        "--predictions",
        type=Path,
        metavar="OUT.jsonl",
        help="write predictions in the JSONL contract (doc = text file path); with both "
        "systems, one file per system: OUT.quotekit.jsonl and OUT.textacy.jsonl",
    )
    parser.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    parser.add_argument("--per-doc", action="store_true", help="also score each document on its own (a table, and in --json)")
    return parser


def prediction_path(path: Path, system: str, several: bool) -> Path:
    """Where one system's predictions go: ``path`` itself, or ``STEM.SYSTEM.SUFFIX``.

    >>> prediction_path(Path("out/pred.jsonl"), "textacy", several=True).as_posix()
    'out/pred.textacy.jsonl'
    """
    if not several:
        return path
    return path.with_name(f"{path.stem}.{system}{path.suffix or '.jsonl'}")


def _progress(total: int, desc: str, disable: bool) -> Any:
    from tqdm import tqdm

    return tqdm(
        total=total,
        desc=desc,
        unit="char",
        unit_scale=True,
        file=sys.stderr,
        disable=disable,
        leave=False,
    )


def _run(
    name: SystemName,
    docs: Sequence[GoldDocument],
    corpus: Corpus,
    args: argparse.Namespace,
    predictions: IO[str] | None,
    errors: IO[str] | None,
) -> tuple[Scores, dict[str, Scores]]:
    """Run one system over the documents; its scores, and each document's own when ``--per-doc``."""
    system = load_system(name, args.model)
    scorer = Scorer(corpus, system=name)
    per_document: dict[str, Scores] = {}
    failed_before = getattr(system, "failed_docs", 0)
    texts = (doc.text for doc in docs)
    with _progress(sum(len(d.text) for d in docs), name, args.no_progress) as bar:
        results = system.pipe(texts, batch_size=args.batch_size)
        for doc, quotes in zip(docs, results, strict=True):
            failed_now = getattr(system, "failed_docs", 0)
            alignment = scorer.add(doc, quotes, failed=failed_now > failed_before)
            if args.per_doc:
                own = Scorer(corpus, system=name)
                own.add(doc, quotes, failed=failed_now > failed_before)
                per_document[doc.name] = own.result()
            failed_before = failed_now
            if predictions is not None:
                for quote in quotes:
                    record = quote.to_dict(doc=str(doc.path))
                    predictions.write(json.dumps(record, ensure_ascii=False) + "\n")
            if errors is not None:
                for record in error_records(alignment, system=name):
                    errors.write(json.dumps(record, ensure_ascii=False) + "\n")
            bar.update(len(doc.text))
    return scorer.result(), per_document


def main(argv: list[str] | None = None) -> int:
    """Run ``quotekit evaluate``.

    Args:
        argv: Arguments without the program name; ``None`` reads ``sys.argv``.

    Returns:
        0 on success, 1 when no document could be read or a system failed to load.
    """
    args = build_parser().parse_args(argv)
    corpus = cast(Corpus, args.corpus)
    if not args.path.exists():
        print(f"quotekit evaluate: error: {args.path} does not exist", file=sys.stderr)
        return 1
    if args.limit is not None and args.limit < 1:
        print("quotekit evaluate: error: --limit must be at least 1", file=sys.stderr)
        return 1
    docs = list(islice(read_corpus(corpus, args.path), args.limit))
    if not docs:
        print(f"quotekit evaluate: error: no {corpus} documents in {args.path}", file=sys.stderr)
        return 1
    names: list[SystemName] = list(SYSTEMS) if args.system == "both" else [args.system]
    results: list[Scores] = []
    per_document: dict[str, dict[str, Scores]] = {}
    with ExitStack() as stack:
        errors = None
        if args.errors is not None:
            errors = stack.enter_context(open(args.errors, "w", encoding="utf-8"))
        for name in names:
            predictions = None
            if args.predictions is not None:
                out = prediction_path(args.predictions, name, len(names) > 1)
                predictions = stack.enter_context(open(out, "w", encoding="utf-8"))
                print(f"{name}: predictions -> {out}", file=sys.stderr)
            try:
                scores, per_document[name] = _run(name, docs, corpus, args, predictions, errors)
                results.append(scores)
            except SystemUnavailableError as error:
                print(f"quotekit evaluate: error: {error}", file=sys.stderr)
                return 1
    print(
        render_table(
            results,
            title=f"{corpus} {args.path}: {len(docs)} docs, {results[0].overlap.gold} gold quotes",
        )
    )
    for scores in results:
        print()
        print(render_calibration(scores))
        print()
        print(render_spurious(scores))
        if args.per_doc:
            print()
            print(render_per_document(scores.system, per_document[scores.system]))
    if args.json is not None:
        payload = {
            "corpus": corpus,
            "path": str(args.path),
            "docs": len(docs),
            "systems": {s.system: s.to_dict() for s in results},
        }
        if args.per_doc:
            payload["per_document"] = {
                system: {doc: scores.to_dict() for doc, scores in by_doc.items()} for system, by_doc in per_document.items()
            }
        args.json.write_text(json.dumps(payload, indent=1, ensure_ascii=False) + "\n", "utf-8")
    if args.errors is not None:
        print(f"errors -> {args.errors}", file=sys.stderr)
    return 0

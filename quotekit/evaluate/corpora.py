"""Readers for the gold corpora: PolNeAR (news), PDNC (fiction) and the seed article.

Every reader yields :class:`GoldDocument` values holding the text exactly as the reference
scorer reads it (UTF-8, universal newlines), so gold and predicted offsets agree. Malformed
annotation rows are skipped and counted in :attr:`GoldDocument.skipped`, never fatal.
"""

from __future__ import annotations

import ast
import csv
import json
import warnings
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

import attrs

from quotekit.evaluate.spans import Offsets, kind_of
from quotekit.model import QUOTE_KINDS, QuoteKind

__all__ = [
    "CORPORA",
    "Corpus",
    "GoldDocument",
    "GoldQuote",
    "read_corpus",
    "read_pdnc",
    "read_polnear",
    "read_seed",
]

Corpus = Literal["polnear", "pdnc", "seed"]
CORPORA: tuple[Corpus, ...] = ("polnear", "pdnc", "seed")


@attrs.frozen
class GoldQuote:
    """One gold quotation.

    Attributes:
        span: ``(start, end)`` from the first piece's start to the last piece's end.
        pieces: The pieces of a discontinuous span in reading order; one piece otherwise.
        text: ``document.text[start:end]``.
        kind: ``direct``, ``mixed`` or ``indirect``. News kinds are computed from the quote
            marks of the content; PDNC quotations are all ``direct``.
        category: PDNC quote type (``Explicit``, ``Anaphoric``, ``Implicit``), else ``None``.
        speaker: Canonical speaker name (PDNC, seed), else ``None``.
        speaker_mentions: Spans of the speaker as written (PolNeAR Source, seed mention).
        speaker_aliases: Every name of the speaking character, main name included (PDNC).
        addressees: Main names of the characters spoken to (PDNC).
        addressee_aliases: Every name of every character spoken to (PDNC).
        speaker_gender: The speaking character's gender code as annotated (PDNC).
        cues: Spans of the cue (PolNeAR).
        cue_text: The cue as written, when known.
        id: The annotation's identifier (brat event, PDNC quote id, seed index).
    """

    span: Offsets
    pieces: tuple[Offsets, ...]
    text: str
    kind: QuoteKind
    category: str | None = None
    speaker: str | None = None
    speaker_mentions: tuple[Offsets, ...] = ()
    speaker_aliases: tuple[str, ...] = ()
    addressees: tuple[str, ...] = ()
    addressee_aliases: tuple[str, ...] = ()
    speaker_gender: str | None = None
    cues: tuple[Offsets, ...] = ()
    cue_text: str | None = None
    id: str = ""

    @property
    def start(self) -> int:
        """Offset of the first character."""
        return self.span[0]

    @property
    def end(self) -> int:
        """Offset one past the last character."""
        return self.span[1]

    def to_dict(self, text: str | None = None) -> dict[str, Any]:
        """The gold quote as a JSON-ready mapping.

        Args:
            text: The document text; when given, speaker mentions carry their text too.

        Returns:
            A mapping with offsets, kind, category and speaker information.
        """

        def spans(offsets: tuple[Offsets, ...]) -> list[dict[str, Any]]:
            return [{"start": s, "end": e, **({"text": text[s:e]} if text is not None else {})} for s, e in offsets]

        record: dict[str, Any] = {
            "id": self.id,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "kind": self.kind,
            "category": self.category,
            "pieces": [list(p) for p in self.pieces],
            "speaker": self.speaker,
            "speaker_mentions": spans(self.speaker_mentions),
            "speaker_aliases": list(self.speaker_aliases),
            "cue": self.cue_text,
        }
        if self.addressees:
            record["addressees"] = list(self.addressees)
        if self.speaker_gender is not None:
            record["speaker_gender"] = self.speaker_gender
        return record


@attrs.frozen
class GoldDocument:
    """One annotated document.

    Attributes:
        name: The document's key: PolNeAR article name, PDNC novel folder, seed file stem.
        text: The full text the offsets point into.
        quotes: The gold quotations in annotation order.
        corpus: Which corpus (and so which speaker rule) the document belongs to.
        path: The text file, used as ``doc`` in prediction records.
        annotator: The PolNeAR annotator whose file was read.
        skipped: Malformed annotation rows that were ignored.
    """

    name: str
    text: str
    quotes: tuple[GoldQuote, ...]
    corpus: Corpus
    path: Path
    annotator: str | None = None
    skipped: int = 0


def _read_text(path: Path) -> str:
    # Universal newlines, like the reference scorer's open(...).read().
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def _valid(spans: Sequence[Offsets], length: int) -> bool:
    return bool(spans) and all(0 <= s <= e <= length for s, e in spans)


def _parse_brat_spans(field: str) -> tuple[Offsets, ...]:
    spans = []
    for chunk in field.split(";"):
        start, end = chunk.split()
        spans.append((int(start), int(end)))
    return tuple(sorted(spans))


def _read_brat(path: Path, text: str) -> tuple[list[GoldQuote], int]:
    """Parse one brat standoff file into gold quotes; return them and the skipped-row count."""
    textbounds: dict[str, tuple[str, tuple[Offsets, ...]]] = {}
    events: list[tuple[str, dict[str, str]]] = []
    skipped = 0
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            fields = line.rstrip("\n").split("\t")
            try:
                if fields[0].startswith("T"):
                    label, offsets = fields[1].split(" ", 1)
                    spans = _parse_brat_spans(offsets)
                    if not _valid(spans, len(text)):
                        raise ValueError(offsets)
                    textbounds[fields[0]] = (label, spans)
                elif fields[0].startswith("E"):
                    roles = dict(arg.split(":", 1) for arg in fields[1].split())
                    events.append((fields[0], roles))
            except (IndexError, ValueError):
                skipped += 1
    quotes = []
    for event_id, roles in events:
        content = textbounds.get(roles.get("Content", ""))
        if content is None:
            continue
        pieces = content[1]
        source = textbounds.get(roles.get("Source", ""))
        cue = textbounds.get(roles.get("Cue", ""))
        start, end = pieces[0][0], max(e for _, e in pieces)
        quotes.append(
            GoldQuote(
                span=(start, end),
                pieces=pieces,
                text=text[start:end],
                kind=kind_of(text, pieces),
                speaker_mentions=source[1] if source else (),
                cues=cue[1] if cue else (),
                cue_text=" ".join(text[s:e] for s, e in cue[1]) if cue else None,
                id=event_id,
            )
        )
    return quotes, skipped


def read_polnear(directory: str | Path) -> Iterator[GoldDocument]:
    """Read a PolNeAR split: ``text/NAME.txt`` and ``attributions/NAME_ANNOTATOR.ann``.

    When an article has several annotators' files, the first by sorted file name is read.
    Discontinuous spans (``a b;c d``) keep their pieces, sorted into reading order. Only
    attribution events (``E`` lines) with a ``Content`` role become gold quotes.

    Args:
        directory: The split's folder, holding ``text/`` and ``attributions/``.

    Yields:
        One document per article, in sorted order of annotation files.
    """
    root = Path(directory)
    seen: set[str] = set()
    for ann in sorted(str(p) for p in (root / "attributions").glob("*.ann")):
        ann_path = Path(ann)
        name, sep, annotator = ann_path.stem.rpartition("_")
        if not sep:
            name, annotator = annotator, ""
        if name in seen:
            continue
        seen.add(name)
        text_path = root / "text" / f"{name}.txt"
        if not text_path.is_file():
            warnings.warn(f"[QE01] no text {text_path} for {ann_path.name}; skipped", stacklevel=2)
            continue
        text = _read_text(text_path)
        quotes, skipped = _read_brat(ann_path, text)
        yield GoldDocument(
            name=name,
            text=text,
            quotes=tuple(quotes),
            corpus="polnear",
            path=text_path,
            annotator=annotator or None,
            skipped=skipped,
        )


def _literal(value: str | None) -> Any:
    """``ast.literal_eval`` that returns ``None`` on anything malformed."""
    if not value:
        return None
    try:
        return ast.literal_eval(value)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return None


def _read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return [dict(row) for row in csv.DictReader(handle)]


def _characters(path: Path) -> dict[str, tuple[tuple[str, ...], str | None]]:
    """Main name -> (aliases with the main name, gender) from ``character_info.csv``."""
    characters: dict[str, tuple[tuple[str, ...], str | None]] = {}
    if not path.is_file():
        return characters
    for row in _read_csv(path):
        main = (row.get("Main Name") or "").strip()
        if not main:
            continue
        aliases = _literal(row.get("Aliases"))
        names = {main}
        if isinstance(aliases, (set, frozenset, list, tuple)):
            names.update(str(a) for a in aliases if isinstance(a, str))
        gender = (row.get("Gender") or "").strip() or None
        characters[main] = (tuple(sorted(names)), gender)
    return characters


def _pdnc_spans(value: Any, length: int) -> list[Offsets] | None:
    if not isinstance(value, (list, tuple)):
        return None
    spans: list[Offsets] = []
    for item in value:
        if not isinstance(item, (list, tuple)) or len(item) != 2 or not all(isinstance(x, int) for x in item):
            return None
        spans.append((item[0], item[1]))
    return spans if _valid(spans, length) else None


def _read_novel(folder: Path) -> GoldDocument:
    text_path = folder / "novel_text.txt"
    text = _read_text(text_path)
    characters = _characters(folder / "character_info.csv")
    quotes: list[GoldQuote] = []
    skipped = 0
    quote_rows = folder / "quotation_info.csv"
    for row in _read_csv(quote_rows) if quote_rows.is_file() else []:
        spans = _pdnc_spans(_literal(row.get("quoteByteSpans")), len(text))
        if spans is None:
            skipped += 1
            continue
        speaker = (row.get("speaker") or "").strip() or None
        listed = _literal(row.get("addressees"))
        addressees = tuple(str(a) for a in listed if isinstance(a, str)) if isinstance(listed, (list, tuple, set)) else ()
        addressee_aliases = tuple(name for a in addressees for name in characters.get(a, ((a,), None))[0])
        aliases, gender = characters.get(speaker or "", ((speaker,) if speaker else (), None))
        for start, end in spans:
            quotes.append(
                GoldQuote(
                    span=(start, end),
                    pieces=((start, end),),
                    text=text[start:end],
                    kind="direct",
                    category=(row.get("quoteType") or "").strip() or None,
                    speaker=speaker,
                    speaker_aliases=aliases,
                    addressees=addressees,
                    addressee_aliases=addressee_aliases,
                    speaker_gender=gender,
                    cue_text=(row.get("referringExpression") or "").strip() or None,
                    id=row.get("quoteID") or "",
                )
            )
    return GoldDocument(
        name=folder.name,
        text=text,
        quotes=tuple(quotes),
        corpus="pdnc",
        path=text_path,
        skipped=skipped,
    )


def read_pdnc(directory: str | Path) -> Iterator[GoldDocument]:
    """Read the Project Dialogism Novel Corpus: one folder per novel.

    Each folder holds ``novel_text.txt``, ``quotation_info.csv`` and ``character_info.csv``.
    Every sub-quotation span in ``quoteByteSpans`` (which exclude the quote marks) becomes
    one gold quote carrying the row's speaker, quote type, addressees and the speaker's
    aliases and gender.

    Args:
        directory: The corpus folder.

    Yields:
        One document per novel folder that has a ``novel_text.txt``, in sorted order.
    """
    root = Path(directory)
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        if (folder / "novel_text.txt").is_file():
            yield _read_novel(folder)


def _seed_quote(index: int, item: Mapping[str, Any], text: str) -> GoldQuote | None:
    start, end = item.get("start"), item.get("end")
    if not (isinstance(start, int) and isinstance(end, int)):
        return None
    if not _valid([(start, end)], len(text)):
        return None
    mention = item.get("speaker_mention")
    mentions: tuple[Offsets, ...] = ()
    if isinstance(mention, Mapping):
        ms, me = mention.get("start"), mention.get("end")
        if isinstance(ms, int) and isinstance(me, int) and _valid([(ms, me)], len(text)):
            mentions = ((ms, me),)
    kind = item.get("kind")
    speaker = item.get("speaker")
    cue = item.get("cue")
    return GoldQuote(
        span=(start, end),
        pieces=((start, end),),
        text=text[start:end],
        kind=kind if kind in QUOTE_KINDS else kind_of(text, [(start, end)]),
        speaker=speaker if isinstance(speaker, str) else None,
        speaker_mentions=mentions,
        cue_text=cue if isinstance(cue, str) else None,
        id=str(index),
    )


def read_seed(gold_json_path: str | Path) -> Iterator[GoldDocument]:
    """Read a seed annotation: a JSON file naming its ``source`` text file beside it.

    Args:
        gold_json_path: The ``*.gold.json`` file.

    Yields:
        The one annotated document.
    """
    gold_path = Path(gold_json_path)
    with open(gold_path, encoding="utf-8") as handle:
        data = json.load(handle)
    text_path = gold_path.parent / str(data["source"])
    text = _read_text(text_path)
    quotes, skipped = [], 0
    for index, item in enumerate(data.get("quotes") or []):
        quote = _seed_quote(index, item, text) if isinstance(item, Mapping) else None
        if quote is None:
            skipped += 1
        else:
            quotes.append(quote)
    yield GoldDocument(
        name=text_path.stem,
        text=text,
        quotes=tuple(quotes),
        corpus="seed",
        path=text_path,
        skipped=skipped,
    )


def read_corpus(corpus: Corpus, path: str | Path) -> Iterator[GoldDocument]:
    """Dispatch to :func:`read_polnear`, :func:`read_pdnc` or :func:`read_seed`.

    Args:
        corpus: ``polnear``, ``pdnc`` or ``seed``.
        path: The split folder, the corpus folder or the seed's gold JSON.

    Returns:
        An iterator of gold documents.

    Raises:
        ValueError: For an unknown corpus name.
    """
    readers = {"polnear": read_polnear, "pdnc": read_pdnc, "seed": read_seed}
    if corpus not in readers:
        raise ValueError(f"[QE02] unknown corpus {corpus!r}; use one of {', '.join(CORPORA)}")
    return readers[corpus](path)

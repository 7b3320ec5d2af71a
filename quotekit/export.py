"""Writers for the one record schema shared by the CLI and the API (JSONL, JSON, CSV, text).

The JSONL contract, one line per quote::

    {"doc", "start", "end", "text", "kind", "speaker", "speaker_kind", "speaker_gender",
     "speaker_mention": {"start", "end", "text"} | null, "speaker_candidates": [...],
     "cue": {...} | null, "confidence", "evidence", "addressees": [...], "pieces": [...]}
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

from quotekit.model import Quote, Quotes

CSV_COLUMNS = (
    "doc",
    "start",
    "end",
    "kind",
    "speaker",
    "speaker_kind",
    "speaker_gender",
    "speaker_mention",
    "speaker_mention_start",
    "speaker_mention_end",
    "cue",
    "cue_start",
    "cue_end",
    "confidence",
    "evidence",
    "text",
)
FORMATS = ("jsonl", "json", "csv", "text")


def records(quotes: Iterable[Quote], doc: str | None = None) -> list[dict[str, Any]]:
    """The quotes as JSON-ready records; ``doc`` names their document (see :meth:`Quotes.to_records`)."""
    return Quotes(quotes).to_records(doc)


def flat_record(record: dict[str, Any]) -> dict[str, Any]:
    """A record with nested spans flattened into columns, for CSV and DataFrames."""
    flat = {key: value for key, value in record.items() if key not in ("speaker_mention", "cue", "evidence")}
    for key in ("speaker_mention", "cue"):
        span = record.get(key) or {}
        flat[key] = span.get("text")
        flat[f"{key}_start"] = span.get("start")
        flat[f"{key}_end"] = span.get("end")
    flat["evidence"] = ";".join(record.get("evidence") or ())
    return flat


class RecordWriter:
    """Writes records to a stream in one of :data:`FORMATS`."""

    def __init__(self, stream: TextIO, format: str) -> None:
        self.stream = stream
        self.format = format
        self._json_items: list[dict[str, Any]] = []
        self._csv = csv.DictWriter(stream, fieldnames=CSV_COLUMNS, extrasaction="ignore") if format == "csv" else None
        if self._csv is not None:
            self._csv.writeheader()

    def write(self, record: dict[str, Any]) -> None:
        """Write one record (buffered for ``json``, which is one array)."""
        if self.format == "jsonl":
            self.stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        elif self.format == "json":
            self._json_items.append(record)
        elif self._csv is not None:
            self._csv.writerow(flat_record(record))
        else:
            speaker = record.get("speaker") or "?"
            self.stream.write(f"[{record['kind']}] {speaker}: {record['text']}\n")

    def write_error(self, record: dict[str, Any]) -> None:
        """Write a document's error record (``{"doc", "index", "error"}``) in JSON formats;
        CSV and text carry quotes only, so there the message on stderr must do."""
        if self.format == "jsonl":
            self.stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        elif self.format == "json":
            self._json_items.append(record)

    def close(self) -> None:
        """Finish the output (writes the ``json`` array)."""
        if self.format == "json":
            json.dump(self._json_items, self.stream, ensure_ascii=False, indent=1)
            self.stream.write("\n")


TABLE_FORMATS = ("jsonl", "csv")


def write_table(stream: TextIO, format: str, records: Iterable[dict[str, Any]], columns: Sequence[str]) -> None:
    """Write records that are not quotes (script segments, speaker rows) as JSONL or as CSV with
    ``columns``, lists joined by ``;``."""
    if format == "jsonl":
        for record in records:
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        return
    writer = csv.DictWriter(stream, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    for record in records:
        writer.writerow(joined_lists(record))


def joined_lists(record: dict[str, Any]) -> dict[str, Any]:
    """The record with each list value joined by ``;``, for CSV and DataFrames."""
    return {key: ";".join(map(str, value)) if isinstance(value, list) else value for key, value in record.items()}

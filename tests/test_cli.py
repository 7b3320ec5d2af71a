"""The command line through ``quotekit.cli.main``: formats, inputs, failures and ``--output``."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path
from typing import Any

import attrs
import pytest
from conftest import ARTICLE, PROJECT_ROOT

import quotekit
from quotekit.cli import PARALLEL_MIN_CHARS, main, parser_processes
from quotekit.export import CSV_COLUMNS

FIELDS = [
    "doc",
    "start",
    "end",
    "text",
    "kind",
    "speaker",
    "speaker_kind",
    "speaker_gender",
    "speaker_mention",
    "speaker_candidates",
    "cue",
    "confidence",
    "evidence",
    "addressees",
    "pieces",
]
SHORT = "“We had a frank conversation,” Prime Minister Helen Brandt said.\n\nOfficials said the talks would resume."


@pytest.fixture(autouse=True)
def _shared_model(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Reuse the session's extractor instead of loading the model in every ``main`` call."""
    if "real_load" not in request.keywords:
        extractor = request.getfixturevalue("extractor")
        monkeypatch.setattr(quotekit, "load", lambda model=None, **overrides: _configured(extractor, overrides))


def _configured(extractor: quotekit.Extractor, overrides: dict[str, Any]) -> quotekit.Extractor:
    """The shared extractor, with the settings a command line asked for."""
    return quotekit.Extractor(extractor.nlp, attrs.evolve(extractor.config, **overrides))


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def _jsonl(output: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in output.splitlines()]


def _has_contract_fields(record: dict[str, object]) -> bool:
    return [key for key in record if key in FIELDS] == FIELDS


def test_readme_states_the_same_contract() -> None:
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    assert "{" + ", ".join(f'"{field}"' for field in FIELDS[:4]) in " ".join(readme.split())
    assert all(f'"{field}"' in readme for field in FIELDS)


def test_jsonl_fields_are_exactly_the_contract(article: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(article)]) == 0
    records = _jsonl(capsys.readouterr().out)
    assert records and all(list(record) == FIELDS for record in records)


def test_jsonl_contract(article: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(article)]) == 0
    records = _jsonl(capsys.readouterr().out)
    assert records
    for record in records:
        assert _has_contract_fields(record)
        assert record["doc"] == str(article)
        assert ARTICLE[record["start"] : record["end"]] == record["text"]  # type: ignore[misc]
        assert record["kind"] in ("direct", "mixed", "indirect")
        for span in (record["speaker_mention"], record["cue"]):
            if span is not None:
                assert isinstance(span, dict) and list(span) == ["start", "end", "text"]
                assert ARTICLE[span["start"] : span["end"]] == span["text"]
        assert isinstance(record["evidence"], list) and isinstance(record["confidence"], float | int)
    assert [r["text"] for r in records] == [q.text for q in quotekit.extract(ARTICLE)]


def test_json_format(article: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(article), "--format", "json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert isinstance(records, list) and records
    assert all(_has_contract_fields(record) for record in records)


def test_json_format_with_no_quotes_is_an_empty_array(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("", encoding="utf-8")
    assert main(["extract", str(path), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_csv_format(article: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(article), "--format", "csv"]) == 0
    out = capsys.readouterr().out
    rows = list(csv.DictReader(io.StringIO(out)))
    assert out.splitlines()[0].split(",") == list(CSV_COLUMNS)
    assert [row["text"] for row in rows] == [q.text for q in quotekit.extract(ARTICLE)]
    for row in rows:
        if row["speaker_mention"]:
            assert ARTICLE[int(row["speaker_mention_start"]) : int(row["speaker_mention_end"])] == row["speaker_mention"]


def test_text_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "short.txt"
    path.write_text(SHORT, encoding="utf-8")
    assert main(["extract", str(path), "--format", "text"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "[direct] Helen Brandt: “We had a frank conversation,”",
        "[indirect] Officials: the talks would resume",
    ]


def test_directory_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text(SHORT, encoding="utf-8")
    (tmp_path / "sub" / "b.txt").write_text(SHORT, encoding="utf-8")
    (tmp_path / "notes.md").write_text(SHORT, encoding="utf-8")
    assert main(["extract", str(tmp_path), "--quiet"]) == 0
    docs = [record["doc"] for record in _jsonl(capsys.readouterr().out)]
    assert sorted(set(docs)) == [str(tmp_path / "a.txt"), str(tmp_path / "sub" / "b.txt")]
    assert len(docs) == 4


def test_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(SHORT))
    assert main(["extract", "-"]) == 0
    records = _jsonl(capsys.readouterr().out)
    assert [(r["doc"], r["speaker"]) for r in records] == [("-", "Helen Brandt"), ("-", "Officials")]


def test_missing_file_in_a_batch(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first, last = tmp_path / "first.txt", tmp_path / "last.txt"
    first.write_text(SHORT, encoding="utf-8")
    last.write_text(ARTICLE, encoding="utf-8")
    missing = tmp_path / "missing.txt"
    assert main(["extract", str(first), str(missing), str(last), "--quiet"]) == 1
    captured = capsys.readouterr()
    records = _jsonl(captured.out)
    docs = [record["doc"] for record in records if "error" not in record]
    errors = [record for record in records if "error" in record]
    assert str(first) in docs and str(last) in docs and str(missing) not in docs
    assert [(e["doc"], e["index"]) for e in errors] == [(str(missing), 1)]
    lines = captured.err.splitlines()
    assert len(lines) == 1 and str(missing) in lines[0] and lines[0].startswith("quotekit:")


def test_undecodable_file_in_a_batch(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good, bad = tmp_path / "good.txt", tmp_path / "bad.txt"
    good.write_text(SHORT, encoding="utf-8")
    bad.write_bytes(b"\xff\xfe\xfa not utf-8 \x80")
    assert main(["extract", str(bad), str(good), "--quiet"]) == 1
    captured = capsys.readouterr()
    records = _jsonl(captured.out)
    assert {record["doc"] for record in records if "error" not in record} == {str(good)}
    assert [(r["doc"], r["index"]) for r in records if "error" in r] == [(str(bad), 0)]
    assert len(captured.err.splitlines()) == 1


@pytest.mark.parametrize("flag", ["--output", "-o"])
def test_output_file(article: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], flag: str) -> None:
    target = tmp_path / "out" / "quotes.jsonl"
    target.parent.mkdir()
    assert main(["extract", str(article), flag, str(target)]) == 0
    assert capsys.readouterr().out == ""
    records = _jsonl(target.read_text(encoding="utf-8"))
    assert records and all(_has_contract_fields(r) for r in records)
    assert list(target.parent.iterdir()) == [target], "no temporary file left behind"


@pytest.mark.real_load
def test_unknown_model_is_one_line_and_exit_code_2(article: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(article), "--model", "no_such_pipeline_xyz"]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1 and "[Q011]" in lines[0]


def test_speaker_threshold_gives_unresolved_speakers_with_candidates(
    article: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["extract", str(article)]) == 0
    guessed = _jsonl(capsys.readouterr().out)
    assert main(["extract", str(article), "--speaker-threshold", "0.95"]) == 0
    honest = _jsonl(capsys.readouterr().out)
    assert [r["text"] for r in honest] == [r["text"] for r in guessed]  # the same quotes
    unresolved = [(g, h) for g, h in zip(guessed, honest, strict=True) if h["speaker_kind"] == "unresolved"]
    assert unresolved and all(g["confidence"] < 0.95 <= 1 for g, _ in unresolved)  # type: ignore[operator]
    for g, h in unresolved:
        assert h["speaker"] is None and h["speaker_candidates"][0] == g["speaker"]  # type: ignore[index]
        assert h["evidence"][-1] == "below-speaker-threshold"  # type: ignore[index]
    assert all(r["speaker_candidates"] == [] for r in guessed)


@pytest.mark.parametrize("mode", ["news", "fiction"])
def test_mode_option(tmp_path: Path, capsys: pytest.CaptureFixture[str], mode: str) -> None:
    path = tmp_path / "turns.txt"
    path.write_text("“Where are you going?” asked Mrs. Hale.\n\n“Out,” said Peter.", encoding="utf-8")
    assert main(["extract", str(path), "--mode", mode]) == 0
    first, second = _jsonl(capsys.readouterr().out)
    # A novel keeps the honorific that tells Mrs. Hale from Mr. Hale, and each turn speaks to the other.
    assert first["speaker"] == {"news": "Hale", "fiction": "Mrs. Hale"}[mode]
    assert second["addressees"] == {"news": [], "fiction": ["Mrs. Hale"]}[mode]


def test_bad_speaker_threshold_is_one_line_and_exit_code_2(article: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(article), "--speaker-threshold", "1.5"]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1 and "[Q020]" in lines[0]


@pytest.mark.real_load
def test_real_model_load(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "short.txt"
    path.write_text(SHORT, encoding="utf-8")
    assert main(["extract", str(path), "--format", "text"]) == 0
    assert "Helen Brandt" in capsys.readouterr().out


def test_one_long_text_shows_progress_in_characters(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("quotekit.cli._PROGRESS_DELAY", 0.0)
    path = tmp_path / "novel.txt"
    text = "\n\n".join([SHORT] * 400)  # several chunks
    path.write_text(text, encoding="utf-8")
    assert main(["extract", str(path), "--format", "text"]) == 0
    bar = capsys.readouterr().err.replace("\r", "\n").strip().splitlines()[-1]
    assert "100%" in bar and "char" in bar and f"{len(text) / 1000:.1f}k" in bar


def test_progress_in_documents_and_quiet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("quotekit.cli._PROGRESS_DELAY", 0.0)
    for number in range(3):
        (tmp_path / f"{number}.txt").write_text(SHORT, encoding="utf-8")
    assert main(["extract", str(tmp_path)]) == 0
    assert "3/3" in capsys.readouterr().err
    assert main(["extract", str(tmp_path), "--quiet"]) == 0
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(
    ("requested", "sizes", "expected"),
    [
        (3, [10], 3),  # asked for: taken as it is
        (0, [10, 20], 1),  # a small input: one process
        (0, [PARALLEL_MIN_CHARS // 2, PARALLEL_MIN_CHARS // 2], "cores"),  # a corpus: every core
        (0, [PARALLEL_MIN_CHARS], "cores"),  # one novel: its chunks on every core
    ],
)
def test_parser_processes(tmp_path: Path, requested: int, sizes: list[int], expected: int | str) -> None:
    names = []
    for i, size in enumerate(sizes):
        path = tmp_path / f"{i}.txt"
        path.write_text("a" * size, encoding="utf-8")
        names.append(str(path))
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert parser_processes(requested, names) == (cores if expected == "cores" else expected)
    assert parser_processes(0, [*names, "-"]) == 1  # standard input: size unknown


def test_negative_processes_are_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["extract", "-", "--processes", "-1"])
    assert "must be 0 (automatic) or more" in capsys.readouterr().err

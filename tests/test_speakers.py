"""quotekit.speaker_index: hand-made multi-document results merged conservatively."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import quotekit
from quotekit.cli import main
from quotekit.export import records
from quotekit.model import ExtractionError, Gender, Quote, Speaker, SpeakerKind, TextSpan
from quotekit.speakers import SpeakerTallies, normalized_name, speaker_index


def said(name: str, mention: str = "", kind: SpeakerKind = "person", gender: Gender = "unknown", words: str = "“Yes”") -> Quote:
    """A quotation of ``words`` by ``name``, mentioned as ``mention`` right after it."""
    spoken = TextSpan(len(words) + 1, len(words) + 1 + len(mention), mention) if mention else None
    return Quote(words, 0, len(words), "direct", Speaker(name, spoken, kind, gender, 1 if gender != "unknown" else 0))


INDEX_CASES = [
    # (why, results, expected rows as (name, quotes, documents))
    (
        "one full name across documents, written differently",
        [("a", [said("Mark Carney", "Carney")]), ("b", [said("mark  carney", "Mark Carney"), said("Mr. Mark Carney")])],
        [("Mark Carney", 3, ("a", "b"))],
    ),
    (
        "a bare surname stays in its document",
        [("a", [said("Mark Carney")]), ("b", [said("Carney")]), ("c", [said("Carney")])],
        [("Carney", 1, ("b",)), ("Carney", 1, ("c",)), ("Mark Carney", 1, ("a",))],
    ),
    (
        "different first names never merge",
        [("a", [said("Bill Clinton")]), ("b", [said("Hillary Clinton"), said("Hillary Clinton")])],
        [("Hillary Clinton", 2, ("b",)), ("Bill Clinton", 1, ("a",))],
    ),
    (
        "organizations and groups merge on their name",
        [("a", [said("Reuters", kind="organization")]), ("b", [said("Reuters", kind="organization")])],
        [("Reuters", 2, ("a", "b"))],
    ),
    (
        "anonymous sources stay per document",
        [("a", [said("officials", kind="anonymous")]), ("b", [said("officials", kind="anonymous")])],
        [("officials", 1, ("a",)), ("officials", 1, ("b",))],
    ),
    (
        "quotes without a speaker and failed documents are left out",
        [("a", [Quote("“Hm”", 0, 4, "direct")]), ("b", ExtractionError(1, "OSError: gone"))],
        [],
    ),
]


@pytest.mark.parametrize(("why", "results", "expected"), INDEX_CASES, ids=[case[0] for case in INDEX_CASES])
def test_speaker_index(
    why: str, results: list[tuple[str, list[Quote]]], expected: list[tuple[str, int, tuple[str, ...]]]
) -> None:
    assert [(row.name, row.quotes, row.documents) for row in speaker_index(results)] == expected, why


ONE_SPEAKER_IN_THREE_DOCUMENTS = [
    ("a", [said("Ann Lee", "Lee", gender="feminine", words="“We will win this,”"), said("Ann Lee", "she", gender="feminine")]),
    ("b", [said("Ann Lee", "Ann Lee", gender="unknown"), said("Ann Lee", "Lee")]),
    ("c", [said("Ann Lee", "Ms. Lee", gender="feminine")]),
]


def test_row_fields() -> None:
    (row,) = speaker_index(ONE_SPEAKER_IN_THREE_DOCUMENTS)
    assert row.variants == ("Lee", "Ann Lee", "Ms. Lee")  # pronouns are not name variants
    assert (row.quotes, row.words, row.gender, row.kinds) == (5, 4 + 4 * 1, "feminine", ("person",))
    assert row.to_dict()["document_count"] == 3


def one_speaker(genders: tuple[Gender, ...]) -> list[tuple[str, list[Quote]]]:
    """Sam Ray quoted once in each document, with the gender that document found."""
    return [(str(index), [said("Sam Ray", gender=gender)]) for index, gender in enumerate(genders)]


GENDER_CASES = [
    (("masculine", "masculine", "feminine"), "masculine"),
    (("feminine", "masculine", "masculine"), "masculine"),
    (("masculine", "feminine"), "unknown"),
    (("unknown",), "unknown"),
]


@pytest.mark.parametrize(("genders", "expected"), GENDER_CASES)
def test_gender_is_the_majority_of_documents(genders: tuple[Gender, ...], expected: Gender) -> None:
    assert speaker_index(one_speaker(genders))[0].gender == expected


MERGE_CASES = [
    *((why, results) for why, results, _ in INDEX_CASES),
    ("one speaker, variants and words in three documents", ONE_SPEAKER_IN_THREE_DOCUMENTS),
    *((f"gender votes {'/'.join(genders)}", one_speaker(genders)) for genders, _ in GENDER_CASES),
    (
        "ties keep their first-seen order across parts",
        [("a", [said("Bo Li", "Li"), said("Cy Wu", "Wu")]), ("b", [said("Bo Li", "Bo"), said("Cy Wu", "Cy")])],
    ),
]


def _records(results: list[tuple[str, Any]]) -> list[dict[str, Any]]:
    """The results as the JSONL records ``quotekit extract`` and ``extract_bag`` give."""
    return [
        record
        for document, quotes in results
        for record in ([quotes.to_dict(document)] if isinstance(quotes, ExtractionError) else records(quotes, document))
    ]


@pytest.mark.parametrize(("why", "results"), MERGE_CASES, ids=[case[0] for case in MERGE_CASES])
def test_tallies_of_parts_merge_into_the_index(why: str, results: list[tuple[str, Any]]) -> None:
    whole = [row.to_dict() for row in speaker_index(results)]
    for cut in range(len(results) + 1):  # every split between documents, empty parts included
        first, second = SpeakerTallies.from_records(_records(results[:cut])), SpeakerTallies.from_records(_records(results[cut:]))
        before = (first.rows(), second.rows())

        merged = SpeakerTallies.merged([first, second])

        assert [row.to_dict() for row in merged.rows()] == whole, (why, cut)
        assert (first.rows(), second.rows()) == before, "merging changed a part"


def test_a_documents_records_count_once_for_its_gender() -> None:
    results = one_speaker(("masculine", "masculine", "feminine"))
    results[2][1].append(said("Sam Ray", gender="feminine"))  # two quotes, still one vote

    (row,) = SpeakerTallies.from_records(_records(results)).rows()

    assert (row.quotes, row.gender) == (4, "masculine")


@pytest.mark.parametrize(
    ("name", "normalized"),
    [("Prime Minister Mark Carney", "mark carney"), ("Mrs.  Ann LEE", "ann lee"), ("Trump’s", "trump"), ("Sir", "sir")],
)
def test_normalized_name(name: str, normalized: str) -> None:
    assert normalized_name(name) == normalized


def test_speakers_command(extractor: quotekit.Extractor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(quotekit, "load", lambda model=None, **overrides: extractor)
    for name, speaker in (("one.txt", "Helen Brandt"), ("two.txt", "Helen Brandt")):
        (tmp_path / name).write_text(f"“We will,” {speaker} said.\n\nBrandt said she was sure.", encoding="utf-8")
    output = tmp_path / "speakers.jsonl"
    assert main(["speakers", str(tmp_path), "--format", "jsonl", "-o", str(output)]) == 0
    rows = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    assert rows[0]["name"] == "Helen Brandt" and rows[0]["document_count"] == 2 and rows[0]["gender"] == "feminine"


def test_script_command(extractor: quotekit.Extractor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(quotekit, "load", lambda model=None, **overrides: extractor)
    text = "“We will,” Helen Brandt said as she left."
    (tmp_path / "one.txt").write_text(text, encoding="utf-8")
    output = tmp_path / "script.csv"
    assert main(["script", str(tmp_path / "one.txt"), "--format", "csv", "-o", str(output)]) == 0
    lines = output.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "start,end,text,kind,quote,speaker,speaker_gender,addressees,confidence"
    assert lines[1].startswith('0,10,"“We will,”",direct,0,Helen Brandt,feminine,')


def test_speakers_dataframe() -> None:
    pytest.importorskip("pandas")
    from quotekit.speakers import SPEAKER_COLUMNS, speakers_dataframe

    table = speakers_dataframe(speaker_index([("a", [said("Ann Lee", "Lee"), said("Ann Lee", "Ann Lee")])]))
    assert list(table.columns) == list(SPEAKER_COLUMNS)
    assert table.loc[0, "variants"] == "Lee;Ann Lee" and table.loc[0, "quotes"] == 2


def test_a_named_body_is_one_organization_across_documents(extractor: quotekit.Extractor) -> None:
    texts = {
        "a.txt": "The Harlan campaign said the debate had been unfair.",
        "b.txt": "On Friday the Harlan campaign said that turnout was rising.",
    }
    results = [(name, extractor.extract(text)) for name, text in texts.items()]
    assert {q.speaker.kind for _, quotes in results for q in quotes if q.speaker} == {"organization"}
    [row] = quotekit.speaker_index(results)
    assert (row.name, row.quotes, row.documents) == ("Harlan campaign", 2, ("a.txt", "b.txt"))

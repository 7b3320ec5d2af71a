"""``to_dataframe``: one schema for CSV, JSONL and DataFrames."""

from __future__ import annotations

import builtins
import io
import json
from collections.abc import Callable
from typing import Any

import pytest
from conftest import ARTICLE

import quotekit
from quotekit.export import CSV_COLUMNS, RecordWriter
from quotekit.tables import COLUMN_DTYPES

pd = pytest.importorskip("pandas", reason="pandas is not installed: pip install 'quotekit[pandas]' to test DataFrames")

DOC = "article.txt"
# The article, then a quotation with no speaker and no cue, so that missing values are in the table.
TEXT = ARTICLE + "\n\n“We will not be moved on this, whatever the polls say about the plan.”"


@pytest.fixture(scope="module")
def quotes(extractor: quotekit.Extractor) -> quotekit.Quotes:
    found = extractor.extract(TEXT)
    assert len(found) > 3
    assert found[-1].speaker is None and found[-1].cue is None
    return found


def _as_records(quotes: quotekit.Quotes) -> list[Any]:
    return quotes.to_records(DOC)


def _as_jsonl_lines(quotes: quotekit.Quotes) -> list[Any]:
    stream = io.StringIO()
    writer = RecordWriter(stream, "jsonl")
    for record in quotes.to_records(DOC):
        writer.write(record)
    writer.write_error({"doc": "broken.txt", "index": 1, "error": "UnicodeDecodeError: …"})
    return [json.loads(line) for line in stream.getvalue().splitlines()]


# Every accepted input form of the same quotes gives the same table.
INPUT_FORMS: dict[str, Callable[[quotekit.Quotes], Any]] = {
    "method": lambda quotes: quotes.to_dataframe(DOC),
    "pair": lambda quotes: quotekit.to_dataframe([(DOC, quotes)]),
    "pairs with an error": lambda quotes: quotekit.to_dataframe(
        [(DOC, quotes), ("broken.txt", quotekit.ExtractionError(1, "TypeError: …")), (DOC, quotekit.Quotes())]
    ),
    "records": lambda quotes: quotekit.to_dataframe(_as_records(quotes)),
    "JSONL lines with an error record": lambda quotes: quotekit.to_dataframe(_as_jsonl_lines(quotes)),
}


@pytest.mark.parametrize("make_table", INPUT_FORMS.values(), ids=INPUT_FORMS.keys())
def test_input_forms_agree_with_the_csv_writer(quotes: quotekit.Quotes, make_table: Callable[[quotekit.Quotes], Any]) -> None:
    stream = io.StringIO()
    writer = RecordWriter(stream, "csv")
    for record in quotes.to_records(DOC):
        writer.write(record)
    from_csv = pd.read_csv(io.StringIO(stream.getvalue()), dtype=COLUMN_DTYPES, keep_default_na=False, na_values=[""])

    table = make_table(quotes)

    assert tuple(table.columns) == CSV_COLUMNS
    pd.testing.assert_frame_equal(table, from_csv)


def test_rows_follow_the_quotes(quotes: quotekit.Quotes) -> None:
    table = quotes.to_dataframe()

    assert table["doc"].isna().all()
    assert table["start"].tolist() == [q.start for q in quotes]
    assert table["text"].tolist() == [TEXT[q.start : q.end] for q in quotes]
    assert table["speaker"].tolist() == [q.speaker_name if q.speaker_name else pd.NA for q in quotes]
    assert table["cue_start"].tolist() == [q.cue.start if q.cue else pd.NA for q in quotes]
    assert table["evidence"].tolist() == [";".join(q.evidence) for q in quotes]


@pytest.mark.parametrize("items", [[], quotekit.Quotes(text="No quotes."), [("empty.txt", quotekit.Quotes())]])
def test_no_quotes_give_an_empty_typed_table(items: Any) -> None:
    table = quotekit.to_dataframe(items)

    assert table.empty
    assert table.dtypes.astype(str).to_dict() == COLUMN_DTYPES


@pytest.mark.parametrize("item", ["“Yes,” she said.", 42, ("a.txt", "b.txt", "c.txt")])
def test_other_items_are_refused_with_the_fix(item: Any) -> None:
    with pytest.raises(TypeError, match=r"\[Q041\].*zip\(names, results\)"):
        quotekit.to_dataframe([item])


def test_missing_pandas_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def no_pandas(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "pandas":
            raise ImportError("No module named 'pandas'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pandas)
    with pytest.raises(ImportError, match=r"\[Q040\].*pip install 'quotekit\[pandas\]'") as raised:
        quotekit.Quotes().to_dataframe()
    assert isinstance(raised.value, quotekit.MissingExtraError)

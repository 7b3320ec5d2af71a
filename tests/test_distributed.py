"""Dask scale-out: a two-process local cluster gives the single-process records, in order."""

from __future__ import annotations

import builtins
from collections.abc import Iterator
from typing import Any

import pytest
from conftest import ARTICLE

import quotekit

pytest.importorskip("dask.bag", reason="dask is not installed: pip install 'quotekit[dask]' to test quotekit.distributed")
distributed = pytest.importorskip(
    "dask.distributed", reason="dask.distributed is not installed: pip install 'quotekit[dask]' to test quotekit.distributed"
)
import dask.bag  # noqa: E402
import pandas  # noqa: E402

from quotekit.distributed import extract_bag, speaker_index_bag, to_dask_dataframe  # noqa: E402

# Small texts written for the tests: direct, mixed and indirect quotes, none, and an empty one.
TEXTS = [
    "“We will build the bridge by spring,” the mayor said on Tuesday.",
    "The minister said that the budget would be balanced next year.",
    "Nobody quoted anyone in this sentence about the weather.",
    "Dr. Amara Osei, who leads the study, said the results were “far better than we had hoped for at the start.”",
    "",
    "“Is it raining?” asked Tom. “Only a little,” Mary replied.",
    "The company would not comment, according to a spokesperson.",
    ARTICLE,
]


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    with (
        distributed.LocalCluster(
            n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None, memory_limit="3GiB"
        ) as cluster,
        distributed.Client(cluster) as connected,
    ):
        yield connected


@pytest.fixture(scope="module")
def texts(seed_text: str) -> list[str]:
    return [*TEXTS, seed_text]


def _single_process_records(extractor: quotekit.Extractor, names: list[str], texts: list[str]) -> list[dict[str, Any]]:
    return [record for name, quotes in zip(names, extractor.pipe(texts), strict=True) for record in quotes.to_records(name)]


def test_plain_texts_are_named_by_position(client: Any, extractor: quotekit.Extractor, texts: list[str]) -> None:
    bag = dask.bag.from_sequence(texts, npartitions=4)

    records = extract_bag(bag).compute()

    expected = _single_process_records(extractor, [str(index) for index in range(len(texts))], texts)
    assert len(expected) > 20
    assert records == expected
    # A worker that took partitions loaded the extractor once, and kept it for the next run.
    loaded = client.run(lambda: sorted(map(id, quotekit.distributed._EXTRACTORS.values())))
    assert sorted(len(ids) for ids in loaded.values())[-1] == 1
    extract_bag(bag).compute()
    assert client.run(lambda: sorted(map(id, quotekit.distributed._EXTRACTORS.values()))) == loaded


def test_named_texts_and_settings(client: Any, extractor: quotekit.Extractor, texts: list[str]) -> None:
    names = [f"doc-{index}.txt" for index in range(len(texts))]
    bag = dask.bag.from_sequence(list(zip(names, texts, strict=True)), npartitions=3)

    records = extract_bag(bag, indirect=False).compute()

    direct_only = quotekit.load(extractor.nlp, indirect=False)
    assert records == _single_process_records(direct_only, names, texts)
    assert {record["kind"] for record in records} == {"direct"}


def test_dataframe_matches_the_single_process_table(client: Any, extractor: quotekit.Extractor, texts: list[str]) -> None:
    bag = dask.bag.from_sequence(texts, npartitions=4)

    table = to_dask_dataframe(bag).compute().reset_index(drop=True)

    names = [str(index) for index in range(len(texts))]
    expected = quotekit.to_dataframe(zip(names, extractor.pipe(texts), strict=True))
    pandas.testing.assert_frame_equal(table, expected)


def test_speaker_index_matches_the_single_process_index(client: Any, extractor: quotekit.Extractor, texts: list[str]) -> None:
    # The article again, last, so that its speakers' rows merge tallies of two partitions.
    named = [(f"doc-{index}.txt", text) for index, text in enumerate([*texts, ARTICLE])]
    bag = dask.bag.from_sequence(named, partition_size=4)

    rows = speaker_index_bag(extract_bag(bag)).compute()

    expected = quotekit.speaker_index(zip([name for name, _ in named], extractor.pipe(text for _, text in named), strict=True))
    assert rows == expected
    partition_of = {name: position // 4 for position, (name, _) in enumerate(named)}  # from_sequence cuts in order
    assert any(len({partition_of[document] for document in row.documents}) > 1 for row in rows)


def test_failed_texts_become_error_records_at_their_bag_position(client: Any) -> None:
    bag = dask.bag.from_sequence(["“Yes,” she said.", "“No,” he said.", b"bytes, not text", "“Maybe,” they said."], npartitions=2)

    records = extract_bag(bag, errors="record").compute()

    assert [(record["doc"], record.get("index")) for record in records] == [("0", None), ("1", None), ("2", 2), ("3", None)]
    assert "[Q030]" in records[2]["error"]


@pytest.mark.parametrize(
    ("settings", "message"), [({"errors": "ignore"}, r"\[Q020\] errors"), ({"mode": "poetry"}, r"\[Q020\] mode")]
)
def test_bad_settings_fail_before_any_work(settings: dict[str, Any], message: str) -> None:
    with pytest.raises(quotekit.ConfigError, match=message):
        extract_bag(dask.bag.from_sequence(["text"]), **settings)


def test_missing_dask_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def no_dask(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.partition(".")[0] == "dask":
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_dask)
    with pytest.raises(ImportError, match=r"\[Q040\].*pip install 'quotekit\[dask\]'") as raised:
        extract_bag(None)  # type: ignore[arg-type]  # the import fails before the bag is read
    assert isinstance(raised.value, quotekit.MissingExtraError)

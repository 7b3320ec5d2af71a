"""Scale out with Dask: a bag of texts in, a bag of records or a Dask DataFrame out.

Each worker process loads its :class:`~quotekit.Extractor` once, on its first partition, and
keeps it for every later partition and computation with the same model and settings. A
partition goes through :meth:`quotekit.Extractor.pipe` in one call, so texts are parsed in
batches. Results are those of a single-process run, in the bag's order.

Texts are either plain strings, named by their position in the bag (``"0"``, ``"1"``, …), or
``(doc, text)`` pairs, named ``doc``. Records follow the JSONL contract of ``quotekit extract``;
:func:`speaker_index_bag` turns a bag of them into the corpus speaker index.

The Dask helpers need ``pip install 'quotekit[dask]'``; :func:`worker_extractor` does not,
so other engines (Spark's ``mapPartitions``) can use it too. See the "Scaling out" page.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quotekit.config import QuotekitConfig
from quotekit.errors import ConfigError, Errors, MissingExtraError
from quotekit.model import ExtractionError, Quotes
from quotekit.pipeline import ErrorPolicy, Extractor, load
from quotekit.speakers import SpeakerTallies
from quotekit.tables import to_dataframe

if TYPE_CHECKING:
    import dask.bag
    import dask.dataframe
    from dask.delayed import Delayed

__all__ = ["extract_bag", "speaker_index_bag", "to_dask_dataframe", "worker_extractor"]

# A text in a bag: plain, or named by a (doc, text) pair.
BagText = str | tuple[str, str]
# A model that can travel to the workers by name: a pipeline name, a path, or None for the default.
ModelName = str | Path | None

_EXTRACTORS: dict[tuple[str | None, tuple[tuple[str, Any], ...]], Extractor] = {}
# spaCy's select_pipes switches components of the shared pipeline off and on, so the threads
# of one worker process take turns: use one thread per worker and more workers for speed.
_LOCK = threading.Lock()


def worker_extractor(model: ModelName = None, **config: Any) -> Extractor:
    """This process's extractor for ``model`` and ``config``, loaded on first use and then reused.

    Args:
        model: A spaCy pipeline name or path, or ``None`` for the default pipeline.
        **config: Settings of :class:`quotekit.QuotekitConfig`.
    """
    key = (None if model is None else str(model), tuple(sorted(config.items())))
    with _LOCK:
        if key not in _EXTRACTORS:
            _EXTRACTORS[key] = load(model, **config)
        return _EXTRACTORS[key]


def extract_bag(
    texts: dask.bag.Bag, model: ModelName = None, *, errors: ErrorPolicy = "raise", **config: Any
) -> dask.bag.Bag:
    """The quotes of every text in a bag, as records in the JSONL contract, in the bag's order.

    Args:
        texts: Plain texts, or ``(doc, text)`` pairs.
        model: A spaCy pipeline name or path (it must be installed on the workers), or ``None``
            for the default pipeline.
        errors: ``raise`` fails the computation at the first text that cannot be processed;
            ``record`` puts an error record ``{"doc", "index", "error"}`` in its place, where
            ``index`` is the text's position in the bag.
        **config: Settings of :class:`quotekit.QuotekitConfig`.

    Returns:
        A bag of records, one per quote. The ``doc`` of a record is the name of its pair, or
        else its text's position in the bag.

    Raises:
        ConfigError: A setting or ``errors`` has an unusable value; this is checked before any
            work is sent to the cluster.
        MissingExtraError: Dask is not installed.

    >>> import dask.bag
    >>> texts = dask.bag.from_sequence(["“Yes,” said Ann Lee.", "No quotes.", "The mayor said it was over."], npartitions=2)
    >>> records = extract_bag(texts).compute(scheduler="synchronous")  # or on a cluster: .compute()
    >>> [(record["doc"], record["kind"], record["speaker"], record["text"]) for record in records]
    [('0', 'direct', 'Ann Lee', '“Yes,”'), ('2', 'indirect', 'mayor', 'it was over')]
    """
    try:
        import dask.bag
        from dask.delayed import delayed
    except ImportError as error:
        raise MissingExtraError(Errors.Q040.format(feature="quotekit.distributed", package="dask", extra="dask")) from error
    QuotekitConfig(**config)
    if errors not in ("raise", "record"):
        raise ConfigError(Errors.Q020.format(name="errors", expected="'raise' or 'record'", value=errors))
    partitions: list[Delayed] = texts.to_delayed()
    first_indexes = _running_totals([delayed(len)(partition) for partition in partitions])
    extract = delayed(_extract_partition, pure=True)
    records: dask.bag.Bag = dask.bag.from_delayed(
        [extract(partition, first, model, errors, config) for partition, first in zip(partitions, first_indexes, strict=True)]
    )
    return records


def to_dask_dataframe(
    texts: dask.bag.Bag, model: ModelName = None, *, errors: ErrorPolicy = "raise", **config: Any
) -> dask.dataframe.DataFrame:
    """The quotes of every text in a bag as a Dask DataFrame with the CSV columns.

    Each partition is a :func:`quotekit.to_dataframe` table (so the schema and dtypes are those
    of :data:`quotekit.tables.COLUMN_DTYPES`), with its own index from 0. Error records are
    left out, as in CSV. Arguments as for :func:`extract_bag`.

    Returns:
        A ``dask.dataframe.DataFrame``, one row per quote, in the bag's order.
    """
    records = extract_bag(texts, model, errors=errors, **config)
    import dask.dataframe  # needs pandas and pyarrow, which extract_bag does not
    from dask.delayed import delayed

    tables = [delayed(to_dataframe, pure=True)(partition) for partition in records.to_delayed()]
    frame: dask.dataframe.DataFrame = dask.dataframe.from_delayed(tables, meta=to_dataframe([]))
    return frame


def speaker_index_bag(records: dask.bag.Bag) -> dask.bag.Item:
    """The corpus speaker index of a bag of records, the rows of :func:`quotekit.speaker_index`.

    Each partition is tallied where it lies (:meth:`quotekit.speakers.SpeakerTallies.from_records`)
    and the tallies are merged in the bag's order, a few at a time, so only one tally per
    partition travels, never the quotes. The rows, their order included, are those of
    :func:`quotekit.speaker_index` over the same documents.

    Args:
        records: Records in the JSONL contract, such as :func:`extract_bag` gives, where the
            records of a document are consecutive and in one partition. Error records are skipped.

    Returns:
        A Dask ``Item``; ``.compute()`` gives a list of :class:`quotekit.SpeakerRow`.

    >>> import dask.bag
    >>> texts = dask.bag.from_sequence([("a", "“Yes,” said Ann Lee."), ("b", "“No,” said Mrs. Ann Lee.")], npartitions=2)
    >>> rows = speaker_index_bag(extract_bag(texts)).compute(scheduler="synchronous")
    >>> [(row.name, row.quotes, row.documents) for row in rows]
    [('Ann Lee', 2, ('a', 'b'))]
    """
    tallies = records.reduction(SpeakerTallies.from_records, SpeakerTallies.merged)
    index: dask.bag.Item = tallies.apply(SpeakerTallies.rows)
    return index


def _running_totals(lengths: Iterable[Any]) -> Iterator[Any]:
    """0, then the sum of the lengths so far: the bag position of each partition's first text."""
    total: Any = 0
    for length in lengths:
        yield total
        total = total + length


def _extract_partition(
    items: Iterable[BagText], first_index: int, model: ModelName, errors: ErrorPolicy, config: Mapping[str, Any]
) -> list[dict[str, Any]]:
    items = list(items)
    names = [item[0] if isinstance(item, tuple) else str(first_index + offset) for offset, item in enumerate(items)]
    texts = [item[1] if isinstance(item, tuple) else item for item in items]
    extractor = worker_extractor(model, **config)
    results: list[Quotes | ExtractionError]
    with _LOCK:
        results = list(extractor.pipe(texts, errors="record")) if errors == "record" else list(extractor.pipe(texts))
    records: list[dict[str, Any]] = []
    for name, result in zip(names, results, strict=True):
        if isinstance(result, ExtractionError):
            # pipe counts from the partition's start; the record gives the position in the bag.
            records.append(ExtractionError(first_index + result.index, result.error).to_dict(name))
        else:
            records.extend(result.to_records(name))
    return records

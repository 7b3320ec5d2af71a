"""Quotes as a pandas DataFrame, with exactly the columns of the CSV writer.

One record schema serves every output: :meth:`quotekit.Quote.to_dict` gives the JSONL record,
and :func:`quotekit.export.flat_record` flattens its nested spans into the columns of
:data:`quotekit.export.CSV_COLUMNS`, which both the CSV writer and :func:`to_dataframe` use:

========================  ==========  =====================================================
column                    dtype       meaning
========================  ==========  =====================================================
``doc``                   string      the document the quote comes from (missing if unnamed)
``start``, ``end``        Int64       half-open offsets of the quotation in its text
``kind``                  string      ``direct``, ``mixed`` or ``indirect``
``speaker``               string      canonical speaker name
``speaker_kind``          string      ``person``, ``organization``, ``group``, ``anonymous``
                                      or ``unknown``
``speaker_gender``        string      ``feminine``, ``masculine`` or ``unknown``, as the text
                                      refers to the speaker
``speaker_mention``       string      the speaker as written, with ``speaker_mention_start``
                                      and ``speaker_mention_end`` (Int64)
``cue``                   string      the cue word, with ``cue_start`` and ``cue_end`` (Int64)
``confidence``            float64     between 0 and 1, rounded to three places
``evidence``              string      the rule names joined by ``;``
``text``                  string      the quotation as written
========================  ==========  =====================================================

Missing values are ``pd.NA``. As in CSV, ``addressees`` and ``pieces`` are left out, and so
are error records (``{"doc", "index", "error"}``): a table holds quotes only.

pandas is an optional dependency: ``pip install 'quotekit[pandas]'``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from quotekit.errors import Errors, MissingExtraError
from quotekit.export import CSV_COLUMNS, flat_record, records
from quotekit.model import ExtractionError, Quote

if TYPE_CHECKING:
    import pandas

__all__ = ["COLUMN_DTYPES", "to_dataframe"]

_OFFSET_COLUMNS = frozenset(
    {"start", "end", "speaker_mention_start", "speaker_mention_end", "cue_start", "cue_end"}
)
#: The pandas dtype of each column; nullable dtypes, because spans and speakers may be missing.
COLUMN_DTYPES: dict[str, str] = {
    column: "Int64" if column in _OFFSET_COLUMNS else "float64" if column == "confidence" else "string"
    for column in CSV_COLUMNS
}

# What to_dataframe accepts: quotes, (doc, quotes) pairs (an ExtractionError in place of the
# quotes is skipped) and records in the JSONL contract.
TableItem = Quote | tuple[str | None, Iterable[Quote] | ExtractionError] | Mapping[str, Any]


def to_dataframe(items: Iterable[TableItem]) -> pandas.DataFrame:
    """Quotes as a DataFrame with the columns of :data:`quotekit.export.CSV_COLUMNS`.

    Args:
        items: The quotes of one text (a :class:`quotekit.Quotes` or any iterable of
            :class:`quotekit.Quote`), ``(doc, quotes)`` pairs such as
            ``zip(names, extractor.pipe(texts))``, or records in the JSONL contract (as written
            by ``quotekit extract``). Error records and :class:`quotekit.ExtractionError`
            results are skipped, as in CSV.

    Returns:
        One row per quote, in input order, typed as in :data:`COLUMN_DTYPES`.

    Raises:
        MissingExtraError: pandas is not installed.
        TypeError: an item is none of the above.

    >>> from quotekit import Quote, Speaker, TextSpan
    >>> quote = Quote("“Yes,”", 0, 6, "direct", Speaker("Ann Lee", TextSpan(7, 10, "Lee"), "person"))
    >>> table = to_dataframe([("letter.txt", [quote])])
    >>> table[["doc", "start", "end", "speaker", "speaker_mention_start", "cue"]]
              doc  start  end  speaker  speaker_mention_start   cue
    0  letter.txt      0    6  Ann Lee                      7  <NA>
    """
    try:
        import pandas
    except ImportError as error:
        raise MissingExtraError(Errors.Q040.format(feature="to_dataframe", package="pandas", extra="pandas")) from error
    rows = [[flat.get(column) for column in CSV_COLUMNS] for flat in map(flat_record, _records(items))]
    return pandas.DataFrame(rows, columns=list(CSV_COLUMNS)).astype(COLUMN_DTYPES)


def _records(items: Iterable[TableItem]) -> Iterable[dict[str, Any]]:
    for item in items:
        if isinstance(item, Quote):
            yield item.to_dict()
        elif isinstance(item, tuple) and len(item) == 2:
            doc, quotes = item
            if not isinstance(quotes, ExtractionError):
                yield from records(quotes, doc)
        elif isinstance(item, Mapping):
            if "error" not in item:
                yield dict(item)
        else:
            raise TypeError(Errors.Q041.format(type=type(item).__name__))

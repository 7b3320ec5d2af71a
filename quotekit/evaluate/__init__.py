"""Evaluation harness: gold corpus readers, metrics, the textacy baseline, CLI and benchmark.

>>> from quotekit.evaluate import kind_of
>>> kind_of("he said it was fine", [(8, 19)])
'indirect'

Run ``python -m quotekit.evaluate --help`` for the evaluation CLI and
``python -m quotekit.evaluate.bench --help`` for the speed benchmark.
"""

from quotekit.evaluate.corpora import (
    CORPORA,
    Corpus,
    GoldDocument,
    GoldQuote,
    read_corpus,
    read_pdnc,
    read_polnear,
    read_seed,
)
from quotekit.evaluate.metrics import (
    PRF,
    CalibrationBin,
    DocAlignment,
    KindScores,
    Match,
    Scorer,
    Scores,
    align,
    error_records,
    render_calibration,
    render_table,
    score_documents,
    speaker_correct,
    write_errors,
)
from quotekit.evaluate.spans import core, kind_of, normalise_name, span_match

__all__ = [
    "CORPORA",
    "PRF",
    "CalibrationBin",
    "Corpus",
    "DocAlignment",
    "GoldDocument",
    "GoldQuote",
    "KindScores",
    "Match",
    "Scorer",
    "Scores",
    "align",
    "core",
    "error_records",
    "kind_of",
    "normalise_name",
    "read_corpus",
    "read_pdnc",
    "read_polnear",
    "read_seed",
    "render_calibration",
    "render_table",
    "score_documents",
    "span_match",
    "speaker_correct",
    "write_errors",
]

"""Scores for quote extraction, with the semantics of the reference scorer.

A predicted span *matches* a gold quote when, after both are trimmed of quote marks, spaces and
trailing ``,.;:`` (:func:`~quotekit.evaluate.spans.core`), they share at least half of the
shorter one; a discontinuous gold quote is matched through any of its pieces or its whole span.
A gold quote is *found* by the matching prediction that overlaps it most; a prediction is
*correct* if it matches any gold quote. Precision is correct / predicted, recall found / gold.
*Exact* matching asks for the same trimmed start and end instead.

Speaker accuracy is measured on found gold quotes that carry speaker information:

* PolNeAR: the predicted speaker mention overlaps one of the gold Source spans;
* PDNC: the normalised predicted name, or mention text, is one of the character's aliases;
* seed: the normalised canonical names are equal, or the gold name ends with the predicted one.

End-to-end counts found gold quotes with the right speaker, over predicted and over gold.

PDNC also scores, like the reference scorer, the *addressees* of found quotes that have gold
addressees (right when any predicted addressee is an alias of any gold one) and the *speaker
gender* of found quotes whose speaker is right and whose character has a gender.
"""

from __future__ import annotations

import bisect
import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from quotekit import lexicon
from quotekit.evaluate.corpora import Corpus, GoldDocument, GoldQuote
from quotekit.evaluate.spans import Offsets, core, normalise_name, overlap, span_match
from quotekit.model import QUOTE_KINDS, Quote

__all__ = [
    "PRF",
    "CalibrationBin",
    "DocAlignment",
    "KindScores",
    "Match",
    "Scorer",
    "Scores",
    "SpuriousReport",
    "align",
    "error_records",
    "render_calibration",
    "render_per_document",
    "render_spurious",
    "render_table",
    "score_documents",
    "speaker_correct",
    "write_errors",
]


_THIRD_PERSON_SINGULAR = frozenset({"he", "she", "him", "her"})
# Gender codes of gold annotations (PDNC: F / M) as quotekit's values.
_GOLD_GENDERS = {"f": "feminine", "female": "feminine", "m": "masculine", "male": "masculine"}


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


def _round(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


@attrs.frozen
class PRF:
    """Precision, recall and F1 with the counts behind them.

    Attributes:
        correct: Predictions judged correct (numerator of precision).
        predicted: Number of predictions.
        found: Gold quotes found (numerator of recall).
        gold: Number of gold quotes.
    """

    correct: int
    predicted: int
    found: int
    gold: int

    @property
    def precision(self) -> float:
        """``correct / predicted``, 0 when nothing was predicted."""
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        """``found / gold``, 0 when there is no gold."""
        return self.found / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall.

        >>> round(PRF(correct=2, predicted=3, found=2, gold=4).f1, 3)
        0.571
        """
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        """The scores (rounded to 4 places) and counts as a JSON-ready mapping."""
        return {
            "p": round(self.precision, 4),
            "r": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "correct": self.correct,
            "predicted": self.predicted,
            "found": self.found,
            "gold": self.gold,
        }


@attrs.frozen
class KindScores:
    """Scores for one kind (news) or quote type (PDNC).

    Attributes:
        key: ``direct``/``mixed``/``indirect`` or a PDNC quote type.
        gold: Gold quotes of this kind.
        found: Of them, found by overlap.
        found_exact: Of them, found by exact match.
        predicted: Predictions of this kind, or ``None`` when predictions have no such label
            (PDNC quote types).
        correct: Of those predictions, the ones matching some gold quote.
        speaker_total: Found gold quotes of this kind with speaker information.
        speaker_correct: Of them, attributed to the right speaker.
    """

    key: str
    gold: int
    found: int
    found_exact: int
    predicted: int | None
    correct: int | None
    speaker_total: int
    speaker_correct: int

    @property
    def recall(self) -> float | None:
        """Share of gold quotes found."""
        return _ratio(self.found, self.gold)

    @property
    def exact_recall(self) -> float | None:
        """Share of gold quotes found exactly."""
        return _ratio(self.found_exact, self.gold)

    @property
    def precision(self) -> float | None:
        """Share of this kind's predictions that match some gold quote."""
        if self.predicted is None or self.correct is None:
            return None
        return _ratio(self.correct, self.predicted)

    @property
    def f1(self) -> float | None:
        """F1 of :attr:`precision` and :attr:`recall` when both are defined."""
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def speaker_accuracy(self) -> float | None:
        """Right speakers among found quotes with speaker information."""
        return _ratio(self.speaker_correct, self.speaker_total)

    @property
    def end_to_end_recall(self) -> float | None:
        """Share of gold quotes found with the right speaker."""
        return _ratio(self.speaker_correct, self.gold)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping of scores and counts."""
        return {
            "precision": _round(self.precision),
            "recall": _round(self.recall),
            "f1": _round(self.f1),
            "exact_recall": _round(self.exact_recall),
            "speaker_acc": _round(self.speaker_accuracy),
            "end_to_end_recall": _round(self.end_to_end_recall),
            "gold": self.gold,
            "found": self.found,
            "found_exact": self.found_exact,
            "predicted": self.predicted,
            "correct": self.correct,
            "speaker_total": self.speaker_total,
            "speaker_correct": self.speaker_correct,
        }


@attrs.frozen
class CalibrationBin:
    """Predictions whose confidence falls in ``[low, high)`` (the last bin includes 1.0).

    Attributes:
        low: Lower bound of the bin.
        high: Upper bound of the bin.
        count: Predictions in the bin.
        correct: Of them, the ones matching some gold quote.
        confidence_sum: Sum of their confidences.
        attributed: Of them, the ones that found a gold quote and named its speaker: the whole
            attribution right, which the confidence is meant to predict.
    """

    low: float
    high: float
    count: int
    correct: int
    confidence_sum: float
    attributed: int = 0

    @property
    def precision(self) -> float | None:
        """Share of the bin's predictions that are correct."""
        return _ratio(self.correct, self.count)

    @property
    def attribution_precision(self) -> float | None:
        """Share of the bin's predictions whose span and speaker are both right."""
        return _ratio(self.attributed, self.count)

    @property
    def mean_confidence(self) -> float | None:
        """Average confidence of the bin's predictions."""
        return self.confidence_sum / self.count if self.count else None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {
            "low": round(self.low, 4),
            "high": round(self.high, 4),
            "count": self.count,
            "correct": self.correct,
            "precision": _round(self.precision),
            "attributed": self.attributed,
            "attribution_precision": _round(self.attribution_precision),
            "mean_confidence": _round(self.mean_confidence),
        }


Counts = tuple[tuple[str, int], ...]


def _ranked(counter: Counter[str]) -> Counts:
    """Counter items, most frequent first, ties by name."""
    return tuple(sorted(counter.items(), key=lambda item: (-item[1], item[0])))


@attrs.frozen
class SpuriousReport:
    """Predictions that match no gold quote, counted by category, most frequent first.

    Attributes:
        total: Spurious predictions.
        by_kind: Per predicted kind (``direct``, ``mixed``, ``indirect``).
        by_rule: Per span rule, the first entry of ``Quote.evidence`` (``cue-object``).
        by_cue: Per cue lemma (``said`` counts as ``say``); ``(no cue)`` when there is none.
    """

    total: int = 0
    by_kind: Counts = ()
    by_rule: Counts = ()
    by_cue: Counts = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping of the total and each breakdown."""
        return {
            "total": self.total,
            "by_kind": dict(self.by_kind),
            "by_rule": dict(self.by_rule),
            "by_cue": dict(self.by_cue),
        }


_NO_CUE = "(no cue)"
_NO_RULE = "(no evidence)"


@attrs.frozen
class Scores:
    """Everything measured for one system on one corpus.

    Attributes:
        corpus: The corpus scored.
        system: The system's name.
        docs: Documents scored.
        failed_docs: Documents on which the system gave up (scored as empty).
        ignored_predictions: Predictions left out of scoring (PDNC keeps only direct ones).
        skipped_gold_rows: Malformed gold annotation rows the readers skipped.
        overlap: Quote P/R/F1 under overlap matching.
        exact: Quote P/R/F1 under exact matching.
        speaker_total: Found gold quotes with speaker information.
        speaker_correct: Of them, attributed to the right speaker.
        end_to_end: P/R/F1 counting only found quotes with the right speaker.
        by_kind: Breakdown by gold kind (news) or quote type (PDNC).
        kind_confusion: ``(gold kind, predicted kind, count)`` over found quotes.
        calibration: Confidence bins of the scored predictions.
        pronoun_total: Predictions whose speaker mention is a third-person singular pronoun.
        pronoun_named: Of them, those whose canonical speaker is a person named in the text.
        spurious: The predictions matching no gold quote, by kind, span rule and cue.
        addressee_total: Found gold quotes with gold addressees (PDNC).
        addressee_correct: Of them, those with a predicted addressee among the gold ones.
        gender_total: Found gold quotes with the right speaker, of known gold gender (PDNC).
        gender_correct: Of them, those whose predicted speaker gender is the gold one.
    """

    corpus: Corpus
    system: str
    docs: int
    failed_docs: int
    ignored_predictions: int
    skipped_gold_rows: int
    overlap: PRF
    exact: PRF
    speaker_total: int
    speaker_correct: int
    end_to_end: PRF
    by_kind: tuple[KindScores, ...]
    kind_confusion: tuple[tuple[str, str, int], ...]
    calibration: tuple[CalibrationBin, ...]
    pronoun_total: int = 0
    pronoun_named: int = 0
    spurious: SpuriousReport = SpuriousReport()
    addressee_total: int = 0
    addressee_correct: int = 0
    gender_total: int = 0
    gender_correct: int = 0

    @property
    def addressee_accuracy(self) -> float | None:
        """Found quotes with a gold addressee whose predicted addressees name one of them."""
        return _ratio(self.addressee_correct, self.addressee_total)

    @property
    def speaker_gender_accuracy(self) -> float | None:
        """Right speakers of known gender whose predicted gender is right."""
        return _ratio(self.gender_correct, self.gender_total)

    @property
    def pronoun_named_rate(self) -> float | None:
        """Share of pronoun speaker mentions resolved to a person named in the document."""
        return _ratio(self.pronoun_named, self.pronoun_total)

    @property
    def speaker_accuracy(self) -> float | None:
        """Right speakers among found quotes with speaker information."""
        return _ratio(self.speaker_correct, self.speaker_total)

    @property
    def expected_calibration_error(self) -> float | None:
        """Count-weighted mean gap between confidence and attribution precision (span and
        speaker right) over the bins: a confidence predicts the whole attribution."""
        total = sum(b.count for b in self.calibration)
        if not total:
            return None
        gaps = (abs((b.attribution_precision or 0.0) - (b.mean_confidence or 0.0)) for b in self.calibration)
        return sum(b.count / total * gap for b, gap in zip(self.calibration, gaps, strict=True) if b.count)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping of every score and count."""
        confusion: dict[str, dict[str, int]] = {}
        for gold_kind, pred_kind, count in self.kind_confusion:
            confusion.setdefault(gold_kind, {})[pred_kind] = count
        return {
            "corpus": self.corpus,
            "system": self.system,
            "docs": self.docs,
            "failed_docs": self.failed_docs,
            "ignored_predictions": self.ignored_predictions,
            "skipped_gold_rows": self.skipped_gold_rows,
            "quotes": self.overlap.to_dict(),
            "exact": self.exact.to_dict(),
            "speaker_acc": _round(self.speaker_accuracy),
            "speaker_total": self.speaker_total,
            "speaker_correct": self.speaker_correct,
            "end_to_end": self.end_to_end.to_dict(),
            "by_kind": {k.key: k.to_dict() for k in self.by_kind},
            "kind_confusion": confusion,
            "calibration": [b.to_dict() for b in self.calibration],
            "ece": _round(self.expected_calibration_error),
            "pronoun_named": _round(self.pronoun_named_rate),
            "pronoun_total": self.pronoun_total,
            "spurious": self.spurious.to_dict(),
            "addressee_acc": _round(self.addressee_accuracy),
            "addressee_total": self.addressee_total,
            "speaker_gender_acc": _round(self.speaker_gender_accuracy),
            "speaker_gender_total": self.gender_total,
        }


@attrs.frozen
class Match:
    """A found gold quote and the prediction that found it.

    Attributes:
        gold: Index of the gold quote in the document.
        pred: Index of the prediction among the scored predictions.
        exact: Whether some prediction matches this gold quote exactly.
        speaker_ok: Whether the speaker is right; ``None`` when the gold has no speaker.
    """

    gold: int
    pred: int
    exact: bool
    speaker_ok: bool | None


@attrs.frozen
class DocAlignment:
    """How one document's predictions line up with its gold quotes.

    Attributes:
        doc: The gold document.
        predictions: The scored predictions (after the corpus's kind filter).
        matches: One per found gold quote.
        correct: Per prediction, whether it matches some gold quote.
        exact: Per prediction, whether it matches some gold quote exactly.
        exact_found: Per gold quote, whether some prediction matches it exactly.
        ignored: Predictions left out by the corpus's kind filter.
    """

    doc: GoldDocument
    predictions: tuple[Quote, ...]
    matches: tuple[Match, ...]
    correct: tuple[bool, ...]
    exact: tuple[bool, ...]
    exact_found: tuple[bool, ...]
    ignored: int = 0

    def missed(self) -> list[int]:
        """Indices of gold quotes no prediction found."""
        found = {m.gold for m in self.matches}
        return [i for i in range(len(self.doc.quotes)) if i not in found]

    def spurious(self) -> list[int]:
        """Indices of predictions matching no gold quote."""
        return [i for i, ok in enumerate(self.correct) if not ok]

    def wrong_speakers(self) -> list[Match]:
        """Matches whose gold has a speaker that the prediction got wrong."""
        return [m for m in self.matches if m.speaker_ok is False]


def _has_speaker(corpus: Corpus, gold: GoldQuote) -> bool:
    if corpus == "polnear":
        return bool(gold.speaker_mentions)
    return True


def speaker_correct(corpus: Corpus, gold: GoldQuote, pred: Quote) -> bool:
    """Whether ``pred`` names the gold quote's speaker, by the corpus's rule.

    Args:
        corpus: ``polnear`` (mention overlap), ``pdnc`` (alias match) or ``seed`` (name match).
        gold: The gold quote.
        pred: The prediction matched to it.

    Returns:
        ``True`` when the speaker is right.
    """
    mention = pred.speaker.mention if pred.speaker else None
    name = pred.speaker_name
    if corpus == "polnear":
        if mention is None:
            return False
        return any(overlap(src, (mention.start, mention.end)) > 0 for src in gold.speaker_mentions)
    if corpus == "pdnc":
        names = {normalise_name(a) for a in gold.speaker_aliases} - {""}
        names = names or {normalise_name(gold.speaker)}
        return normalise_name(name) in names or (normalise_name(mention.text if mention else None) in names)
    want, got = normalise_name(gold.speaker), normalise_name(name)
    return want == got or (want.endswith(got) and bool(name))


def align(doc: GoldDocument, predictions: Sequence[Quote]) -> DocAlignment:
    """Match one document's predictions to its gold quotes.

    PDNC documents score only ``direct`` predictions, like the reference scorer.

    Args:
        doc: The gold document.
        predictions: The system's quotes for ``doc.text``.

    Returns:
        The alignment, from which counts and error records are derived.
    """
    text = doc.text
    preds = tuple(p for p in predictions if doc.corpus != "pdnc" or p.kind == "direct")
    pred_core = [core(text, p.start, p.end) for p in preds]
    order = sorted(range(len(preds)), key=lambda i: preds[i].start)
    starts = [preds[i].start for i in order]
    longest = max((p.end - p.start for p in preds), default=0)
    correct = [False] * len(preds)
    exact = [False] * len(preds)
    exact_found = []
    matches = []
    for gi, gold in enumerate(doc.quotes):
        g_start, g_end = gold.span
        targets: list[Offsets] = [core(text, s, e) for s, e in gold.pieces]
        if gold.span not in gold.pieces:
            targets.append(core(text, g_start, g_end))
        lo = bisect.bisect_left(starts, g_start - longest)
        hi = bisect.bisect_left(starts, g_end)
        best, best_overlap, found_exact = -1, 0, False
        for pi in sorted(order[lo:hi]):
            if preds[pi].end <= g_start:
                continue
            if not any(span_match(t, pred_core[pi]) for t in targets):
                continue
            correct[pi] = True
            if pred_core[pi] in targets and pred_core[pi][1] > pred_core[pi][0]:
                exact[pi] = found_exact = True
            amount = overlap(gold.span, (preds[pi].start, preds[pi].end))
            if amount > best_overlap:
                best, best_overlap = pi, amount
        exact_found.append(found_exact)
        if best >= 0:
            ok = speaker_correct(doc.corpus, gold, preds[best]) if _has_speaker(doc.corpus, gold) else None
            matches.append(Match(gold=gi, pred=best, exact=found_exact, speaker_ok=ok))
    return DocAlignment(
        doc=doc,
        predictions=preds,
        matches=tuple(matches),
        correct=tuple(correct),
        exact=tuple(exact),
        exact_found=tuple(exact_found),
        ignored=len(predictions) - len(preds),
    )


class _Tally:
    """Mutable counts for one breakdown key."""

    def __init__(self) -> None:
        self.gold = self.found = self.found_exact = 0
        self.predicted = self.correct = self.correct_exact = 0
        self.speaker_total = self.speaker_correct = 0


class Scorer:
    """Accumulates alignments document by document and reports :class:`Scores`.

    >>> from pathlib import Path
    >>> from quotekit.evaluate.corpora import GoldDocument
    >>> scorer = Scorer("seed", system="none")
    >>> _ = scorer.add(GoldDocument("d", "x", (), "seed", Path("d.txt")), [])
    >>> scorer.result().overlap.f1
    0.0
    """

    def __init__(self, corpus: Corpus, system: str = "", bins: int = 10) -> None:
        """Start empty.

        Args:
            corpus: Which corpus's speaker rule to apply.
            system: Name reported with the scores.
            bins: Number of equal-width confidence bins for calibration.

        Raises:
            ValueError: If ``bins`` is not positive.
        """
        if bins < 1:
            raise ValueError(f"[QE03] calibration needs at least one bin, got bins={bins}")
        self.corpus: Corpus = corpus
        self.system = system
        self.bins = bins
        self._docs = self._failed = self._ignored = self._skipped = 0
        self._total = _Tally()
        self._by_key: dict[str, _Tally] = {}
        self._confusion: Counter[tuple[str, str]] = Counter()
        self._bin_count = [0] * bins
        self._bin_correct = [0] * bins
        self._bin_conf = [0.0] * bins
        self._bin_attributed = [0] * bins
        self._pronoun_total = self._pronoun_named = 0
        self._spurious_kind: Counter[str] = Counter()
        self._spurious_rule: Counter[str] = Counter()
        self._spurious_cue: Counter[str] = Counter()
        self._addressee_total = self._addressee_correct = self._gender_total = self._gender_correct = 0

    def _key(self, gold: GoldQuote) -> str:
        if self.corpus == "pdnc":
            return gold.category or "?"
        return gold.kind

    def _tally(self, key: str) -> _Tally:
        return self._by_key.setdefault(key, _Tally())

    def add(self, doc: GoldDocument, predictions: Sequence[Quote], failed: bool = False) -> DocAlignment:
        """Score one document's predictions.

        Args:
            doc: The gold document.
            predictions: The system's quotes for it.
            failed: Whether the system gave up on this document (counted, then scored as is).

        Returns:
            The document's alignment, for error reports.
        """
        al = align(doc, predictions)
        self._docs += 1
        self._failed += failed
        self._ignored += al.ignored
        self._skipped += doc.skipped
        total = self._total
        total.gold += len(doc.quotes)
        total.predicted += len(al.predictions)
        total.correct += sum(al.correct)
        for gold, exact in zip(doc.quotes, al.exact_found, strict=True):
            tally = self._tally(self._key(gold))
            tally.gold += 1
            tally.found_exact += exact
            total.found_exact += exact
        for m in al.matches:
            gold, pred = doc.quotes[m.gold], al.predictions[m.pred]
            tally = self._tally(self._key(gold))
            tally.found += 1
            total.found += 1
            self._confusion[(gold.kind, pred.kind)] += 1
            if m.speaker_ok is not None:
                tally.speaker_total += 1
                tally.speaker_correct += m.speaker_ok
                total.speaker_total += 1
                total.speaker_correct += m.speaker_ok
            self._score_conversation(gold, pred, m.speaker_ok is True)
        for pred in al.predictions:
            named = pronoun_resolved_to_name(doc.text, pred)
            if named is not None:
                self._pronoun_total += 1
                self._pronoun_named += named
        attributed = {m.pred for m in al.matches if m.speaker_ok}
        for index, (pred, ok, is_exact) in enumerate(zip(al.predictions, al.correct, al.exact, strict=True)):
            if not ok:
                self._spurious_kind[pred.kind] += 1
                self._spurious_rule[pred.evidence[0] if pred.evidence else _NO_RULE] += 1
                self._spurious_cue[lexicon.cue_lemma(pred.cue.text) if pred.cue else _NO_CUE] += 1
            if self.corpus != "pdnc":
                tally = self._tally(pred.kind)
                tally.predicted += 1
                tally.correct += ok
            total.correct_exact += is_exact
            conf = min(max(float(pred.confidence), 0.0), 1.0)
            b = min(int(conf * self.bins), self.bins - 1)
            self._bin_count[b] += 1
            self._bin_correct[b] += ok
            self._bin_attributed[b] += index in attributed
            self._bin_conf[b] += conf
        return al

    def _score_conversation(self, gold: GoldQuote, pred: Quote, speaker_ok: bool) -> None:
        """Addressee and speaker-gender counts of one found quote, where the gold has them."""
        if gold.addressees:
            wanted = {normalise_name(name) for name in gold.addressee_aliases} - {""}
            self._addressee_total += 1
            self._addressee_correct += any(normalise_name(a.name) in wanted for a in pred.addressees)
        gender = _GOLD_GENDERS.get((gold.speaker_gender or "").strip().lower())
        if speaker_ok and gender is not None and pred.speaker is not None:
            self._gender_total += 1
            self._gender_correct += pred.speaker.gender == gender

    def result(self) -> Scores:
        """The scores over every document added so far."""
        t = self._total
        keys = [k for k in QUOTE_KINDS if k in self._by_key] + sorted(k for k in self._by_key if k not in QUOTE_KINDS)
        by_kind = tuple(
            KindScores(
                key=k,
                gold=v.gold,
                found=v.found,
                found_exact=v.found_exact,
                predicted=None if self.corpus == "pdnc" else v.predicted,
                correct=None if self.corpus == "pdnc" else v.correct,
                speaker_total=v.speaker_total,
                speaker_correct=v.speaker_correct,
            )
            for k in keys
            for v in (self._by_key[k],)
        )
        width = 1.0 / self.bins
        calibration = tuple(
            CalibrationBin(
                low=i * width,
                high=(i + 1) * width,
                count=self._bin_count[i],
                correct=self._bin_correct[i],
                confidence_sum=self._bin_conf[i],
                attributed=self._bin_attributed[i],
            )
            for i in range(self.bins)
        )
        return Scores(
            corpus=self.corpus,
            system=self.system,
            docs=self._docs,
            failed_docs=self._failed,
            ignored_predictions=self._ignored,
            skipped_gold_rows=self._skipped,
            overlap=PRF(t.correct, t.predicted, t.found, t.gold),
            exact=PRF(t.correct_exact, t.predicted, t.found_exact, t.gold),
            speaker_total=t.speaker_total,
            speaker_correct=t.speaker_correct,
            end_to_end=PRF(t.speaker_correct, t.predicted, t.speaker_correct, t.gold),
            by_kind=by_kind,
            kind_confusion=tuple((g, p, n) for (g, p), n in sorted(self._confusion.items())),
            calibration=calibration,
            pronoun_total=self._pronoun_total,
            pronoun_named=self._pronoun_named,
            spurious=SpuriousReport(
                total=sum(self._spurious_kind.values()),
                by_kind=_ranked(self._spurious_kind),
                by_rule=_ranked(self._spurious_rule),
                by_cue=_ranked(self._spurious_cue),
            ),
            addressee_total=self._addressee_total,
            addressee_correct=self._addressee_correct,
            gender_total=self._gender_total,
            gender_correct=self._gender_correct,
        )


def pronoun_resolved_to_name(text: str, pred: Quote) -> bool | None:
    """For a prediction whose speaker mention is ``he``/``she``: whether its canonical speaker
    is a person whose name appears capitalised in ``text``. ``None`` for other mentions.

    >>> from quotekit.model import Quote, Speaker, TextSpan
    >>> quote = Quote("x", 0, 1, "direct", Speaker("Jo Baines", TextSpan(2, 4, "he"), "person"))
    >>> pronoun_resolved_to_name("Jo Baines spoke. he said", quote)
    True
    """
    mention = pred.speaker.mention if pred.speaker else None
    if mention is None or mention.text.strip().lower() not in _THIRD_PERSON_SINGULAR:
        return None
    assert pred.speaker is not None
    name = pred.speaker.name
    if not name or pred.speaker.kind != "person" or not name[:1].isupper():
        return False
    return name in text or name.split()[-1] in text


def score_documents(
    docs: Iterable[GoldDocument],
    predictions: Iterable[Sequence[Quote]],
    corpus: Corpus,
    system: str = "",
    bins: int = 10,
) -> Scores:
    """Score predictions given in the same order as the documents.

    Args:
        docs: Gold documents.
        predictions: One sequence of quotes per document, in the same order.
        corpus: Which corpus's speaker rule to apply.
        system: Name reported with the scores.
        bins: Number of confidence bins.

    Returns:
        The scores.
    """
    scorer = Scorer(corpus, system=system, bins=bins)
    for doc, preds in zip(docs, predictions, strict=True):
        scorer.add(doc, preds)
    return scorer.result()


def _context(text: str, start: int, end: int, width: int) -> str:
    left = text[max(0, start - width) : start]
    right = text[end : end + width]
    return f"{left}\N{MATHEMATICAL LEFT WHITE SQUARE BRACKET}{text[start:end]}" + (
        f"\N{MATHEMATICAL RIGHT WHITE SQUARE BRACKET}{right}"
    )


def _pred_speaker(pred: Quote) -> dict[str, Any]:
    mention = pred.speaker.mention if pred.speaker else None
    return {"name": pred.speaker_name, "mention": mention.to_dict() if mention else None}


def error_records(al: DocAlignment, system: str = "", context: int = 75) -> list[dict[str, Any]]:
    """JSON-ready records of one document's errors.

    Three types: ``missed`` (a gold quote no prediction found, with any predictions that
    overlap it too little), ``spurious`` (a prediction matching no gold quote) and
    ``wrong_speaker`` (a found quote attributed to the wrong speaker). Each record has the
    span in ``context``: up to ``context`` characters either side, the span itself between
    white square brackets.

    Args:
        al: The document's alignment.
        system: Name of the system, copied into each record.
        context: Characters of context on each side of the span.

    Returns:
        The records, missed first, then spurious, then wrong speakers.
    """
    doc, text = al.doc, al.doc.text
    base = {"system": system, "corpus": doc.corpus, "doc": doc.name, "path": str(doc.path)}
    records: list[dict[str, Any]] = []
    for gi in al.missed():
        gold = doc.quotes[gi]
        near = [p.to_dict() for p in al.predictions if overlap(gold.span, (p.start, p.end)) > 0]
        records.append(
            {
                "type": "missed",
                **base,
                "gold": gold.to_dict(text),
                "overlapping_predictions": near,
                "context": _context(text, gold.start, gold.end, context),
            }
        )
    for pi in al.spurious():
        pred = al.predictions[pi]
        records.append(
            {
                "type": "spurious",
                **base,
                "pred": pred.to_dict(),
                "pred_speaker": _pred_speaker(pred),
                "context": _context(text, pred.start, pred.end, context),
            }
        )
    for m in al.wrong_speakers():
        gold, pred = doc.quotes[m.gold], al.predictions[m.pred]
        gold_dict = gold.to_dict(text)
        records.append(
            {
                "type": "wrong_speaker",
                **base,
                "gold": gold_dict,
                "pred": pred.to_dict(),
                "gold_speaker": {
                    "name": gold.speaker,
                    "mentions": gold_dict["speaker_mentions"],
                    "aliases": list(gold.speaker_aliases),
                },
                "pred_speaker": _pred_speaker(pred),
                "context": _context(text, gold.start, gold.end, context),
            }
        )
    return records


def write_errors(path: str | Path, records: Iterable[dict[str, Any]], append: bool = False) -> int:
    """Write error records as JSON lines.

    Args:
        path: The output file.
        records: Records from :func:`error_records`.
        append: Append instead of overwriting.

    Returns:
        The number of records written.
    """
    n = 0
    with open(path, "a" if append else "w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            n += 1
    return n


def _fmt(value: float | str | None) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def _grid(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = []
    for row in [header, *rows]:
        cells = [row[0].ljust(widths[0])]
        cells += [c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)]
        lines.append("  ".join(cells).rstrip())
    lines.insert(1, "-" * len(lines[0]))
    return "\n".join(lines)


def render_per_document(system: str, per_document: Mapping[str, Scores]) -> str:
    """One row per document: gold quotes, quote F1, speaker accuracy overall and per kind (news)
    or quote type (PDNC), so a corpus average can be traced to the documents behind it.

    Args:
        system: The system's name, for the heading.
        per_document: Each document's own scores, by document name, in corpus order.

    Returns:
        The table, without a trailing newline.
    """
    keys = sorted({kind.key for scores in per_document.values() for kind in scores.by_kind})
    rows = [
        [
            name,
            str(scores.overlap.gold),
            _fmt(scores.overlap.f1),
            _fmt(scores.speaker_accuracy),
            *(_fmt(next((k.speaker_accuracy for k in scores.by_kind if k.key == key), None)) for key in keys),
        ]
        for name, scores in per_document.items()
    ]
    header = ["document", "gold", "quote F1", "speaker acc", *(f"{key} spk" for key in keys)]
    return f"per document, {system}\n" + _grid(header, rows)


def render_table(results: Sequence[Scores], title: str | None = None) -> str:
    """A plain-text table with one column per system.

    Args:
        results: Scores of one or more systems on the same corpus.
        title: First line; defaults to the corpus, document and gold counts.

    Returns:
        The table, without a trailing newline.
    """
    if not results:
        return "(no results)"
    first = results[0]
    rows: list[list[str]] = []

    def row(label: str, values: Iterable[float | str | None]) -> None:
        rows.append([label, *(_fmt(v) for v in values)])

    for name, prfs in (
        ("quotes overlap", [s.overlap for s in results]),
        ("quotes exact", [s.exact for s in results]),
    ):
        row(f"{name} P", (x.precision for x in prfs))
        row(f"{name} R", (x.recall for x in prfs))
        row(f"{name} F1", (x.f1 for x in prfs))
    row("speaker accuracy", (s.speaker_accuracy for s in results))
    row("  (found quotes with a speaker)", (s.speaker_total for s in results))
    row("end-to-end P", (s.end_to_end.precision for s in results))
    row("end-to-end R", (s.end_to_end.recall for s in results))
    row("end-to-end F1", (s.end_to_end.f1 for s in results))
    row("predictions", (s.overlap.predicted for s in results))
    row("failed docs", (s.failed_docs for s in results))
    if any(s.ignored_predictions for s in results):
        row("ignored predictions", (s.ignored_predictions for s in results))
    row("ECE (confidence)", (s.expected_calibration_error for s in results))
    row("he/she speakers named", (s.pronoun_named_rate for s in results))
    if any(s.addressee_total for s in results):
        row("addressee accuracy", (s.addressee_accuracy for s in results))
    if any(s.gender_total for s in results):
        row("speaker gender accuracy", (s.speaker_gender_accuracy for s in results))
    keys = list(dict.fromkeys(k.key for s in results for k in s.by_kind))
    for key in keys:
        per = [next((k for k in s.by_kind if k.key == key), None) for s in results]
        gold = next((k.gold for k in per if k is not None), 0)
        row(f"{key} (gold {gold}) R", (k.recall if k else None for k in per))
        if first.corpus != "pdnc":
            row(f"{key} P", (k.precision if k else None for k in per))
            row(f"{key} F1", (k.f1 if k else None for k in per))
        row(f"{key} exact R", (k.exact_recall if k else None for k in per))
        row(f"{key} speaker acc", (k.speaker_accuracy if k else None for k in per))
    heading = title or (
        f"{first.corpus}: {first.docs} docs, {first.overlap.gold} gold quotes"
        + (f", {first.skipped_gold_rows} malformed gold rows skipped" if first.skipped_gold_rows else "")
    )
    return heading + "\n" + _grid(["", *(s.system or "?" for s in results)], rows)


def render_calibration(scores: Scores) -> str:
    """A plain-text table of one system's confidence bins.

    Args:
        scores: The system's scores.

    Returns:
        The table, without a trailing newline; empty bins are left out.
    """
    rows = [
        [
            f"[{b.low:.1f}, {b.high:.1f}{']' if i == len(scores.calibration) - 1 else ')'}",
            str(b.count),
            _fmt(b.mean_confidence),
            _fmt(b.precision),
            _fmt(b.attribution_precision),
        ]
        for i, b in enumerate(scores.calibration)
        if b.count
    ]
    if not rows:
        return f"calibration of {scores.system or '?'}: no predictions"
    return f"calibration of {scores.system or '?'}\n" + _grid(["confidence", "n", "mean conf", "precision", "+ speaker"], rows)


def render_spurious(scores: Scores, top: int = 8) -> str:
    """A plain-text report of one system's spurious predictions, by kind, span rule and cue lemma.

    Args:
        scores: The system's scores.
        top: Categories shown per breakdown; the rest are summed into one ``(other)`` row.

    Returns:
        The report, without a trailing newline.
    """
    report = scores.spurious
    heading = f"spurious predictions of {scores.system or '?'}: {report.total} of {scores.overlap.predicted}"
    if not report.total:
        return heading
    blocks = [heading]
    for label, counts in (("kind", report.by_kind), ("span rule", report.by_rule), ("cue", report.by_cue)):
        shown = list(counts[:top])
        rest = sum(n for _, n in counts[top:])
        if rest:
            shown.append(("(other)", rest))
        rows = [[name, str(n), f"{n / report.total:.1%}"] for name, n in shown]
        blocks.append(_grid([label, "n", "share"], rows))
    return "\n\n".join(blocks)

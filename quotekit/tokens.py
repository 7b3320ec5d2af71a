"""Picking tokens out of a parsed Doc from its attribute arrays: a pass over a Doc that wants a
few kinds of token (verbs, pronouns) makes a ``Token`` object only for those, not for every word."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

import numpy as np
from spacy.attrs import DEP, LEMMA, LOWER, POS  # type: ignore[import-not-found]  # Cython, no stubs
from spacy.parts_of_speech import IDS  # type: ignore[import-not-found]  # Cython, no stubs
from spacy.tokens import Doc, Token

__all__ = ["tokens_with"]


# A word test's answers by (lemma, lowercased text) hash, per test; dropped past this many.
_MAX_VERDICTS = 1_000_000
_verdicts: dict[Callable[[str, str], bool], dict[tuple[int, int], bool]] = {}


def tokens_with(
    doc: Doc,
    *,
    pos: Iterable[str] = (),
    lower: Iterable[str] = (),
    dep: Iterable[str] = (),
    words: Callable[[str, str], bool] | None = None,
) -> Iterator[Token]:
    """The tokens of ``doc``, in order, whose coarse part of speech is one of ``pos``, whose
    lowercased text is one of ``lower`` or whose dependency label is one of ``dep``; with
    ``words``, only those of them for whose lemma and lowercased text it is true (asked once per
    distinct pair, the answer remembered).

    >>> import spacy
    >>> [t.text for t in tokens_with(spacy.blank("en")("He said so, he said."), lower=["he"])]
    ['He', 'he']
    """
    columns = doc.to_array([POS, LOWER, LEMMA, DEP])
    strings = doc.vocab.strings
    wanted = np.isin(columns[:, 0], [IDS[tag] for tag in pos])
    wanted |= np.isin(columns[:, 1], np.array([strings[word] for word in lower], dtype="uint64"))
    wanted |= np.isin(columns[:, 3], np.array([strings[label] for label in dep], dtype="uint64"))
    rows = np.flatnonzero(wanted)
    if words is not None:
        verdicts = _verdicts.setdefault(words, {})
        if len(verdicts) > _MAX_VERDICTS:
            verdicts.clear()
        keep = []
        for i, lower_id, lemma_id in zip(rows.tolist(), *columns[rows, 1:3].T.tolist(), strict=True):
            verdict = verdicts.get((lemma_id, lower_id))
            if verdict is None:
                verdict = verdicts[lemma_id, lower_id] = words(strings[lemma_id], strings[lower_id])
            if verdict:
                keep.append(i)
        rows = np.array(keep, dtype="int64")
    for i in rows.tolist():
        yield doc[i]

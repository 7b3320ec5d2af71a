"""Picking tokens out of a parsed Doc from its attribute arrays: a pass over a Doc that wants a
few kinds of token (verbs, pronouns) makes a ``Token`` object only for those, not for every word."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy as np
from spacy.attrs import LOWER, POS  # type: ignore[import-not-found]  # Cython, no stubs
from spacy.parts_of_speech import IDS  # type: ignore[import-not-found]  # Cython, no stubs
from spacy.tokens import Doc, Token

__all__ = ["tokens_with"]


def tokens_with(doc: Doc, *, pos: Iterable[str] = (), lower: Iterable[str] = ()) -> Iterator[Token]:
    """The tokens of ``doc``, in order, whose coarse part of speech is one of ``pos`` or whose
    lowercased text is one of ``lower``.

    >>> import spacy
    >>> [t.text for t in tokens_with(spacy.blank("en")("He said so, he said."), lower=["he"])]
    ['He', 'he']
    """
    columns = doc.to_array([POS, LOWER])
    wanted = np.isin(columns[:, 0], [IDS[tag] for tag in pos])
    wanted |= np.isin(columns[:, 1], np.array([doc.vocab.strings[word] for word in lower], dtype="uint64"))
    for i in np.flatnonzero(wanted).tolist():
        yield doc[i]

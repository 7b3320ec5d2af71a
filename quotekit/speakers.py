"""A corpus speaker index: one row per speaker across documents, with what and how much they said.

Within a document the resolver already gives each person one canonical name (``Prime Minister
Mark Carney``, ``Mark Carney`` and ``Carney`` are all ``Mark Carney``). Across documents rows
merge conservatively, on the name alone:

- a person whose canonical name has two words or more merges with the same full name in other
  documents, compared without case, extra spaces, possessives, leading honorifics and titles
  (``Mr. Donald Trump`` = ``donald  trump``);
- an organization or a group merges on its name the same way, one word or more (``Reuters``);
- a person known by one word only (``Trump``, ``Elizabeth``), an anonymous source (``officials``)
  and an unclassified speaker stay one row per document: a bare surname or a role may name
  different people in different texts, so such rows can share a name but never a document.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from operator import itemgetter
from typing import TYPE_CHECKING, Any

import attrs

from quotekit import lexicon
from quotekit.errors import Errors, MissingExtraError
from quotekit.export import joined_lists, records
from quotekit.model import ExtractionError, Gender, Quote, SpeakerKind

if TYPE_CHECKING:
    import pandas

__all__ = ["SPEAKER_COLUMNS", "SpeakerRow", "SpeakerTallies", "normalized_name", "speaker_index", "speakers_dataframe"]

_WORD = re.compile(r"\w+(?:[’'-]\w+)*")
_HONORIFICS = frozenset(form.rstrip(".") for form in lexicon.MASCULINE_HONORIFICS | lexicon.FEMININE_HONORIFICS)
_NOT_NAMES = lexicon.PERSONAL_PRONOUNS | lexicon.RELATIVE_PRONOUNS
_MERGED_KINDS = frozenset({"organization", "group"})
_POSSESSIVE = re.compile(r"[’']s?$")
# A row's identity: (None, "person" or "body", normalised name) across documents, or
# (document, speaker kind, name) for a speaker kept to its document.
_RowKey = tuple[str | None, str, str]


#: The columns of the speaker index in CSV and DataFrames.
SPEAKER_COLUMNS = ("name", "variants", "quotes", "words", "gender", "kinds", "documents", "document_count")


@attrs.frozen(slots=True)
class SpeakerRow:
    """One speaker of a corpus.

    Attributes:
        name: The canonical name used most often for the speaker.
        variants: The speaker mentions as written (pronouns left out), most frequent first.
        quotes: How many quotations the speaker has.
        words: How many words the quotations hold (only the quoted pieces of an interrupted one).
        gender: The gender most of the speaker's documents found evidence for (``unknown`` on a tie
            or without evidence).
        kinds: The speaker kinds the quotations carry, most frequent first.
        documents: The documents the speaker is quoted in, in input order.
    """

    name: str
    variants: tuple[str, ...]
    quotes: int
    words: int
    gender: Gender
    kinds: tuple[SpeakerKind, ...]
    documents: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """The row as a JSON-ready record, with ``document_count``."""
        return {
            "name": self.name,
            "variants": list(self.variants),
            "quotes": self.quotes,
            "words": self.words,
            "gender": self.gender,
            "kinds": list(self.kinds),
            "documents": list(self.documents),
            "document_count": len(self.documents),
        }


@attrs.define
class _Tally:
    """What one row has gathered so far; tallies of the same row add up with :meth:`update`."""

    names: Counter[str] = attrs.field(factory=Counter)
    variants: Counter[str] = attrs.field(factory=Counter)
    kinds: Counter[SpeakerKind] = attrs.field(factory=Counter)
    genders: Counter[Gender] = attrs.field(factory=Counter)
    documents: dict[str, None] = attrs.field(factory=dict)  # an ordered set
    quotes: int = 0
    words: int = 0

    def add(self, document: str, name: str, said: list[Mapping[str, Any]]) -> None:
        """Count the records of one speaker name in one document."""
        self.names[name] += len(said)
        self.documents[document] = None
        self.quotes += len(said)
        genders = set()
        for record in said:
            self.kinds[record["speaker_kind"]] += 1
            if record["speaker_gender"] != "unknown":
                genders.add(record["speaker_gender"])
            mention = " ".join(record["speaker_mention"]["text"].split()) if record["speaker_mention"] else ""
            if mention and mention.lower() not in _NOT_NAMES:
                self.variants[mention] += 1
            self.words += sum(len(_WORD.findall(piece["text"])) for piece in record["pieces"] or (record,))
        if len(genders) == 1:  # one vote per document that found evidence
            self.genders[genders.pop()] += 1

    def update(self, other: _Tally) -> None:
        """Add a later tally of the same row: first-seen orders, and so ties, stay those of one pass."""
        self.names.update(other.names)
        self.variants.update(other.variants)
        self.kinds.update(other.kinds)
        self.genders.update(other.genders)
        self.documents.update(other.documents)
        self.quotes += other.quotes
        self.words += other.words

    def row(self) -> SpeakerRow:
        """The row: most common name, variants and kinds, and the majority gender of the document votes."""
        ranked = self.genders.most_common(2)
        gender: Gender = ranked[0][0] if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]) else "unknown"
        return SpeakerRow(
            name=_most_common(self.names)[0],
            variants=tuple(_most_common(self.variants)),
            quotes=self.quotes,
            words=self.words,
            gender=gender,
            kinds=tuple(_most_common(self.kinds)),
            documents=tuple(self.documents),
        )


@attrs.define
class SpeakerTallies:
    """A speaker index in the making, built from JSONL records; tallies of consecutive parts of
    a corpus merge into the tallies of the whole, so the index can be counted in pieces (one per
    Dask partition, see :func:`quotekit.distributed.speaker_index_bag`).

    >>> from quotekit.model import Quote, Speaker
    >>> first = SpeakerTallies.from_records([Quote("“Hi”", 0, 4, "direct", Speaker("Ann Lee", kind="person")).to_dict("a")])
    >>> second = SpeakerTallies.from_records([Quote("“Bye”", 0, 5, "direct", Speaker("ann lee", kind="person")).to_dict("b")])
    >>> [(row.name, row.quotes, row.documents) for row in SpeakerTallies.merged([first, second]).rows()]
    [('Ann Lee', 2, ('a', 'b'))]
    """

    _by_row: dict[_RowKey, _Tally] = attrs.field(factory=dict, init=False)

    @classmethod
    def from_records(cls, records: Iterable[Mapping[str, Any]]) -> SpeakerTallies:
        """The tallies of records in the JSONL contract, in order.

        A document's records must come together, as :meth:`quotekit.Quotes.to_records` and
        :func:`quotekit.distributed.extract_bag` give them: consecutive records with the same
        ``doc`` are one document. Error records are skipped.
        """
        tallies = cls()
        quotes = (record for record in records if "error" not in record)
        for document, group in itertools.groupby(quotes, key=itemgetter("doc")):
            tallies.add_document(document, group)
        return tallies

    @classmethod
    def merged(cls, parts: Iterable[SpeakerTallies]) -> SpeakerTallies:
        """The tallies of consecutive parts of a corpus, given in corpus order, as one.

        The parts are left unchanged. Merging in order gives the rows of a single pass: counts
        add, documents, variants and kinds keep their first-seen order, gender votes add up.
        """
        total = cls()
        for part in parts:
            for key, tally in part._by_row.items():
                total._by_row.setdefault(key, _Tally()).update(tally)
        return total

    def add_document(self, document: str, records: Iterable[Mapping[str, Any]]) -> None:
        """Count the records of one document (their ``doc`` is not read)."""
        by_name: dict[str, list[Mapping[str, Any]]] = {}
        for record in records:
            if record["speaker"]:
                by_name.setdefault(record["speaker"], []).append(record)
        for name, said in by_name.items():
            self._by_row.setdefault(_row_key(document, name, said), _Tally()).add(document, name, said)

    def rows(self) -> list[SpeakerRow]:
        """The speaker index: rows sorted by quotations (most first), then name."""
        return sorted((tally.row() for tally in self._by_row.values()), key=lambda row: (-row.quotes, row.name))


def speaker_index(results: Iterable[tuple[str, Iterable[Quote] | ExtractionError]]) -> list[SpeakerRow]:
    """One row per speaker across documents, most quoted first.

    Args:
        results: ``(document name, quotes)`` pairs, such as ``zip(names, extractor.pipe(texts))``;
            an :class:`~quotekit.model.ExtractionError` in place of the quotes is skipped.

    Returns:
        Rows sorted by quotations (most first), then name. Quotations without a speaker name
        are left out.

    >>> from quotekit.model import Speaker, TextSpan
    >>> def said(name, mention):
    ...     return Quote("“Hi”", 0, 4, "direct", Speaker(name, TextSpan(5, 5 + len(mention), mention), "person"))
    >>> rows = speaker_index([("a", [said("Ann Lee", "Lee")]), ("b", [said("ann lee", "Ann Lee"), said("Lee", "Lee")])])
    >>> [(row.name, row.quotes, row.documents) for row in rows]
    [('Ann Lee', 2, ('a', 'b')), ('Lee', 1, ('b',))]
    """
    tallies = SpeakerTallies()
    for document, quotes in results:
        if not isinstance(quotes, ExtractionError):
            tallies.add_document(document, records(quotes))
    return tallies.rows()


def speakers_dataframe(rows: Iterable[SpeakerRow]) -> pandas.DataFrame:
    """The speaker index as a pandas DataFrame, one column per field of :meth:`SpeakerRow.to_dict`
    (lists joined by ``;``). Needs ``pip install 'quotekit[pandas]'``."""
    try:
        import pandas
    except ImportError as error:
        raise MissingExtraError(Errors.Q040.format(feature="speakers_dataframe", package="pandas", extra="pandas")) from error
    records = [joined_lists(row.to_dict()) for row in rows]
    return pandas.DataFrame(records, columns=list(SPEAKER_COLUMNS)).astype(
        {column: "Int64" if column in ("quotes", "words", "document_count") else "string" for column in SPEAKER_COLUMNS}
    )


def normalized_name(name: str) -> str:
    """A name compared across documents: lowercase, single spaces, no possessive, no leading
    honorifics or titles.

    >>> normalized_name("Mr.  Donald Trump’s"), normalized_name("Prime Minister Mark Carney")
    ('donald trump', 'mark carney')
    """
    words = name.lower().split()
    while True:
        width = next((w for w in (3, 2, 1) if len(words) > w and _is_title(words[:w])), 0)
        if not width:
            break
        del words[:width]
    return _POSSESSIVE.sub("", " ".join(words))


def _is_title(words: list[str]) -> bool:
    return " ".join(words) in lexicon.titles() or (len(words) == 1 and words[0].rstrip(".") in _HONORIFICS)


def _row_key(document: str, name: str, said: list[Mapping[str, Any]]) -> _RowKey:
    """The row a document's speaker joins: (None, category, normalised name) for a full name or an
    organization, shared across documents; (document, kind, name) otherwise."""
    kind = Counter(record["speaker_kind"] for record in said).most_common(1)[0][0]
    normalized = normalized_name(name)
    if kind in _MERGED_KINDS:
        return None, "body", normalized
    if kind == "person" and len(normalized.split()) > 1:
        return None, "person", normalized
    return document, kind, name


def _most_common(counts: Counter[Any]) -> list[Any]:
    """Keys by count, most first; ties in first-seen order."""
    return [key for key, _ in counts.most_common()]

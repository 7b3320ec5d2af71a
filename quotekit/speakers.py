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

import re
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import attrs

from quotekit import lexicon
from quotekit.errors import Errors, MissingExtraError
from quotekit.export import joined_lists
from quotekit.model import ExtractionError, Gender, Quote, SpeakerKind

if TYPE_CHECKING:
    import pandas

__all__ = ["SPEAKER_COLUMNS", "SpeakerRow", "normalized_name", "speaker_index", "speakers_dataframe"]

_WORD = re.compile(r"\w+(?:[’'-]\w+)*")
_HONORIFICS = frozenset(form.rstrip(".") for form in lexicon.MASCULINE_HONORIFICS | lexicon.FEMININE_HONORIFICS)
_NOT_NAMES = lexicon.PERSONAL_PRONOUNS | lexicon.RELATIVE_PRONOUNS
_MERGED_KINDS = frozenset({"organization", "group"})
_POSSESSIVE = re.compile(r"[’']s?$")


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
    names: Counter[str] = attrs.field(factory=Counter)
    variants: Counter[str] = attrs.field(factory=Counter)
    kinds: Counter[SpeakerKind] = attrs.field(factory=Counter)
    genders: Counter[Gender] = attrs.field(factory=Counter)
    documents: dict[str, None] = attrs.field(factory=dict)  # an ordered set
    quotes: int = 0
    words: int = 0


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
    tallies: dict[tuple[str | None, str, str], _Tally] = {}
    for document, quotes in results:
        if isinstance(quotes, ExtractionError):
            continue
        by_name: dict[str, list[Quote]] = {}
        for quote in quotes:
            if quote.speaker is not None and quote.speaker.name:
                by_name.setdefault(quote.speaker.name, []).append(quote)
        for name, said in by_name.items():
            tally = tallies.setdefault(_row_key(document, name, said), _Tally())
            _add(tally, document, name, said)
    rows = [_row(tally) for tally in tallies.values()]
    return sorted(rows, key=lambda row: (-row.quotes, row.name))


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


def _row_key(document: str, name: str, said: list[Quote]) -> tuple[str | None, str, str]:
    """The row a document's speaker joins: (None, category, normalised name) for a full name or an
    organization, shared across documents; (document, kind, name) otherwise."""
    kind = Counter(quote.speaker.kind for quote in said if quote.speaker is not None).most_common(1)[0][0]
    normalized = normalized_name(name)
    if kind in _MERGED_KINDS:
        return None, "body", normalized
    if kind == "person" and len(normalized.split()) > 1:
        return None, "person", normalized
    return document, kind, name


def _add(tally: _Tally, document: str, name: str, said: list[Quote]) -> None:
    tally.names[name] += len(said)
    tally.documents[document] = None
    tally.quotes += len(said)
    genders = set()
    for quote in said:
        speaker = quote.speaker
        assert speaker is not None  # grouped by speaker name
        tally.kinds[speaker.kind] += 1
        if speaker.gender != "unknown":
            genders.add(speaker.gender)
        mention = " ".join(speaker.mention.text.split()) if speaker.mention is not None else ""
        if mention and mention.lower() not in _NOT_NAMES:
            tally.variants[mention] += 1
        tally.words += sum(len(_WORD.findall(piece.text)) for piece in quote.pieces or (quote.span,))
    if len(genders) == 1:  # one vote per document that found evidence
        tally.genders[genders.pop()] += 1


def _row(tally: _Tally) -> SpeakerRow:
    ranked = tally.genders.most_common(2)
    gender: Gender = ranked[0][0] if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]) else "unknown"
    return SpeakerRow(
        name=_most_common(tally.names)[0],
        variants=tuple(_most_common(tally.variants)),
        quotes=tally.quotes,
        words=tally.words,
        gender=gender,
        kinds=tuple(_most_common(tally.kinds)),
        documents=tuple(tally.documents),
    )


def _most_common(counts: Counter[Any]) -> list[Any]:
    """Keys by count, most first; ties in first-seen order."""
    return [key for key, _ in counts.most_common()]

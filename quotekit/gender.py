"""Speaker gender read from the text alone: the honorifics, pronouns and relation nouns that
refer to each person.

A document-level pass over finished quotes. Each canonical speaker name collects votes:

1. from the text, in narration (outside direct quotations):

   - an honorific right before the name, or before a first or last name that only this person
     has (``Mr. Carney``, ``Lady Catherine``); a name that carries its own honorific
     (``Mrs. Bennet``, as novels name their characters) is found only with it. When both
     genders' honorifics stand before the same name (``Mr. Archer``, ``Mrs. Archer``) they name
     a family, not a person, and are dropped;
   - the first gendered pronoun after a name in its clause, when it is a subject or reflexive
     pronoun (``Carney dismissed a question about when he …``, ``Emma found herself …``); the
     clause ends at ``.;:!?``, a quote mark, a paragraph break or a relation noun
     (``her father``), and a possessive name (``Wickham's``) does not count;

2. from the speaker mentions of its quotes: a gendered pronoun (``he added``) or a relation noun
   (``said her mother``). The resolver picked these partly by gender, so they only count when the
   text gives fewer than :data:`SETTLED` votes to its leading gender.

The gender with at least :data:`MARGIN` times the other's votes wins; no votes or a close split
leave it ``unknown``. Names lists and outside services are never consulted. Organizations,
groups and anonymous sources stay ``unknown``; a speaker the resolver could not classify (``the
beadle``) needs :data:`SETTLED` votes.

>>> from quotekit.model import Quote, Quotes, Speaker, TextSpan
>>> text = "“Yes,” he said. Mr. Lee left."
>>> quote = Quote("“Yes,”", 0, 6, "direct", Speaker("Ann Lee", TextSpan(7, 9, "he"), "person"))
>>> assign_genders(Quotes([quote], text=text))[0].speaker.gender
'masculine'
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable, Iterator

import attrs

from quotekit import lexicon
from quotekit.model import Gender, Quote, Quotes, Speaker, SpeakerKind

__all__ = ["GENDERED_KINDS", "MARGIN", "PRONOUN_REACH", "SETTLED", "assign_genders", "mention_gender"]

#: Speaker kinds that get a gender: people, and speakers the resolver could not classify (``the
#: beadle``). Organizations, groups and anonymous sources (many people) stay ``unknown``.
GENDERED_KINDS: frozenset[SpeakerKind] = frozenset({"person", "unknown"})
#: The winning gender needs at least this many times the other gender's votes.
MARGIN = 2
#: Votes from the text alone that settle a gender without the speaker mentions.
SETTLED = 3
#: Characters after a narrated name within which its clause's first pronoun votes for it.
PRONOUN_REACH = 120

_HONORIFIC_FORMS: dict[str, Gender] = {
    **{form: "masculine" for form in lexicon.MASCULINE_HONORIFICS},
    **{form: "feminine" for form in lexicon.FEMININE_HONORIFICS},
}
_HONORIFIC_GENDER = {form.rstrip("."): gender for form, gender in _HONORIFIC_FORMS.items()}
_RELATION_GENDER: dict[str, Gender] = {
    **{word: "masculine" for word in lexicon.MASCULINE_RELATIONS},
    **{word: "feminine" for word in lexicon.FEMININE_RELATIONS},
}
_PRONOUN_GENDER: dict[str, Gender] = {
    **{word: "masculine" for word in lexicon.MASCULINE_PRONOUNS},
    **{word: "feminine" for word in lexicon.FEMININE_PRONOUNS},
}


def _alternatives(words: Iterable[str]) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


def _any_word(words: Iterable[str]) -> str:
    """Any of ``words`` as a whole word in any case, behind a lookahead on their first letters
    that lets a scan skip every other position (twice as fast over a text)."""
    forms = tuple(words)
    initials = "".join(sorted({form[0].lower() for form in forms}))
    return rf"(?i:(?=[{re.escape(initials)}])\b(?:{_alternatives(forms)})\b)"


_NAME_WORD = r"[A-Z][\w’'-]*"
# Capitalised words, perhaps after a capitalised honorific ("Mr. Darcy", "Lady Catherine").
# The lookahead lets the scan skip every position but a capital letter (2.5x faster).
_NAME_RUN = re.compile(
    rf"(?=[A-Z])(?<![\w.’'])(?:(?P<honorific>{_alternatives(form.capitalize() for form in _HONORIFIC_FORMS)})\s+)?"
    rf"(?P<words>{_NAME_WORD}(?:[ \t]+{_NAME_WORD})*)"
)
_PRONOUN = re.compile(_any_word(_PRONOUN_GENDER))
# The pronouns that refer back to a clause's subject: "Emma smiled as she spoke", "Emma found herself".
_SUBJECT_PRONOUN = re.compile(_any_word(lexicon.SUBJECT_GENDERED_PRONOUNS))
# What ends the reach of a name over the pronouns after it: the end of a clause or paragraph, a
# quote mark, or another person (a relation noun, "her father").
_CLAUSE_END = re.compile(rf"[.!?;:“”\"]|\n\s*\n|{_any_word(_RELATION_GENDER)}")
_POSSESSIVE = re.compile(r"[’']s?$")


def mention_gender(mention: str) -> Gender:
    """The gender a speaker mention states by itself: a gendered pronoun, a leading honorific
    or a relation noun as its head.

    >>> mention_gender("she"), mention_gender("Mr. Darcy"), mention_gender("her mother"), mention_gender("Carney")
    ('feminine', 'masculine', 'feminine', 'unknown')
    """
    words = [_POSSESSIVE.sub("", word) for word in mention.lower().replace(".", " ").split()]
    if not words:
        return "unknown"
    if len(words) == 1 and words[0] in _PRONOUN_GENDER:
        return _PRONOUN_GENDER[words[0]]
    return _HONORIFIC_GENDER.get(words[0]) or _RELATION_GENDER.get(words[-1], "unknown")


def assign_genders(quotes: Quotes) -> Quotes:
    """The quotes with every person speaker and addressee carrying the gender of its name.

    Args:
        quotes: One document's quotes, with the text they index.

    Returns:
        New quotes (the input is unchanged) whose person :class:`~quotekit.model.Speaker`\\ s
        have ``gender`` and ``gender_evidence`` set.
    """
    names = {speaker.name for quote in quotes for speaker in _people(quote) if speaker.name}
    if not names:
        return quotes
    people = {speaker.name for quote in quotes for speaker in _people(quote) if speaker.kind == "person"}
    text_votes = _text_votes(quotes, names)
    mention_votes = _mention_votes(quotes, names)
    genders = {}
    for name in names:
        gender = _decide(text_votes[name])
        # The resolver chose these mentions partly by gender: they only settle what the text leaves open.
        if gender[1] < SETTLED:
            gender = _decide(text_votes[name] + mention_votes[name])
        # An unclassified speaker ("the ad" as much as "the beadle") needs more than a stray pronoun.
        genders[name] = gender if name in people or gender[1] >= SETTLED else ("unknown", 0)
    return Quotes((_with_genders(quote, genders) for quote in quotes), text=quotes.text)


def _mention_votes(quotes: Quotes, names: Iterable[str]) -> dict[str, Counter[Gender]]:
    """Votes from speaker mentions that are gendered pronouns or relation nouns: rule 1."""
    votes = {name: Counter[Gender]() for name in names}
    for quote in quotes:
        speaker = quote.speaker
        if speaker is not None and speaker.name in votes and speaker.mention is not None:
            votes[speaker.name][mention_gender(speaker.mention.text)] += 1
    return votes


def _people(quote: Quote) -> Iterator[Speaker]:
    for speaker in (quote.speaker, *quote.addressees):
        if speaker is not None and speaker.name and speaker.kind in GENDERED_KINDS:
            yield speaker


class _NameIndex:
    """The document's person names, looked up by the capitalised words written in the text."""

    def __init__(self, names: Iterable[str]) -> None:
        # "Mrs. Bennet": a name with its own honorific, found only with that honorific.
        self._own: dict[tuple[str, tuple[str, ...]], str] = {}
        self._by_words: dict[tuple[str, ...], list[str]] = {}
        self._by_part: dict[str, list[str]] = {}
        self.names = frozenset(names)
        for name in self.names:
            words = name.split()
            honorific = None
            while len(words) > 1 and (words[0].lower().rstrip(".") in _HONORIFIC_GENDER or words[0].lower() in lexicon.titles()):
                first = words.pop(0).lower().rstrip(".")
                honorific = honorific or (first if first in _HONORIFIC_GENDER else None)
            if honorific is not None:
                self._own[honorific, tuple(words)] = name
            else:
                self._by_words.setdefault(tuple(words), []).append(name)
            for part in {words[0], words[-1]} if honorific is None and len(words) > 1 else {words[-1]}:
                self._by_part.setdefault(part, []).append(name)
        self._longest = max(map(len, [*self._by_words, *(words for _, words in self._own)]), default=0)
        # Every word of every name, honorifics aside: words with none of them name no one.
        self.words = frozenset(word for words in [*self._by_words, *(words for _, words in self._own)] for word in words)

    def find(self, honorific: str | None, words: tuple[str, ...]) -> str | None:
        """The person the words name, if any.

        Tried in order: the words after ``honorific`` as a name carrying that honorific; a whole
        name opening the words; a single first or last name that belongs to one person only
        (never to a name with its own honorific, whose surname the family shares). Without an
        honorific the search also starts at later words (``Prime Minister Mark Carney``).
        """
        starts = range(1) if honorific is not None else range(len(words))
        for start in starts:
            rest = words[start:]
            for width in range(min(self._longest, len(rest)), 0, -1):
                if honorific is not None and (honorific.lower().rstrip("."), rest[:width]) in self._own:
                    return self._own[honorific.lower().rstrip("."), rest[:width]]
                named = self._by_words.get(rest[:width], [])
                if len(named) == 1:
                    return named[0]
            family = self._by_part.get(rest[0], [])
            if len(family) == 1 and family[0] not in self._own.values():
                return family[0]
        return None


def _text_votes(quotes: Quotes, names: Iterable[str]) -> dict[str, Counter[Gender]]:
    """Votes from honorifics before names (rule 2) and pronouns after them (rule 3), in narration."""
    text = quotes.text
    quoted = sorted(piece for quote in quotes if quote.kind == "direct" for piece in _pieces(quote))
    index = _NameIndex(names)
    votes = {name: Counter[Gender]() for name in index.names}
    honorifics = {name: Counter[Gender]() for name in index.names}
    mentions: list[tuple[int, str | None]] = []  # (end, name) of each name written in narration
    for match in _NAME_RUN.finditer(text):
        if _inside(quoted, match.start()):
            continue
        written = match["words"]
        possessive = "’" in written or "'" in written  # read first: most runs have no apostrophe
        words = tuple(_POSSESSIVE.sub("", word) for word in written.split()) if possessive else tuple(written.split())
        name = index.find(match["honorific"], words) if not index.words.isdisjoint(words) else None
        if name is not None and match["honorific"]:
            honorifics[name][_HONORIFIC_GENDER[match["honorific"].lower().rstrip(".")]] += 1
        # "Wickham's absence …, she": a possessive name is rarely what a later pronoun refers to.
        mentions.append((match.end(), None if possessive and _POSSESSIVE.search(written) else name))
    nominals = [name for name in index.names if name[:1].islower()]
    if nominals:  # "the beadle": a speaker the resolver could only name by a common noun
        pattern = re.compile(rf"\b(?i:the)\s+(?P<name>{_alternatives(nominals)})\b(?![’'])")
        mentions.extend((match.end(), match["name"]) for match in pattern.finditer(text) if not _inside(quoted, match.start()))
        mentions.sort(key=lambda mention: mention[0])
    mention_ends = [end for end, _ in mentions]
    for match in _SUBJECT_PRONOUN.finditer(text):
        position = match.start()
        last = bisect.bisect_right(mention_ends, position) - 1
        if last < 0 or position - mention_ends[last] > PRONOUN_REACH or _inside(quoted, position):
            continue
        name = mentions[last][1]
        between = text[mention_ends[last] : position]
        if name is not None and not _CLAUSE_END.search(between) and not _PRONOUN.search(between):
            votes[name][_PRONOUN_GENDER[match[0].lower()]] += 1
    for name, counts in honorifics.items():
        # "Mr. Archer" and "Mrs. Archer" both before one name: the honorifics tell the family apart, not the person.
        if len(counts) == 1:
            votes[name].update(counts)
    return votes


def _pieces(quote: Quote) -> Iterator[tuple[int, int]]:
    for piece in quote.pieces or (quote.span,):
        yield piece.start, piece.end


def _inside(spans: list[tuple[int, int]], position: int) -> bool:
    index = bisect.bisect_right(spans, (position, position)) - 1
    return index >= 0 and spans[index][1] > position


def _decide(votes: Counter[Gender]) -> tuple[Gender, int]:
    masculine, feminine = votes["masculine"], votes["feminine"]
    if masculine and masculine >= MARGIN * feminine:
        return "masculine", masculine
    if feminine and feminine >= MARGIN * masculine:
        return "feminine", feminine
    return "unknown", 0


def _with_genders(quote: Quote, genders: dict[str, tuple[Gender, int]]) -> Quote:
    def gendered(speaker: Speaker) -> Speaker:
        if speaker.kind not in GENDERED_KINDS or speaker.name not in genders:
            return speaker
        gender, evidence = genders[speaker.name]
        return attrs.evolve(speaker, gender=gender, gender_evidence=evidence)

    speaker = None if quote.speaker is None else gendered(quote.speaker)
    return attrs.evolve(quote, speaker=speaker, addressees=tuple(map(gendered, quote.addressees)))

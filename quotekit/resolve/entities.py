"""People named in a document: one cluster per person, with titles and gender read from the text.

``Prime Minister Mark Carney``, ``Carney`` and ``Mr. Carney`` join one cluster whose canonical
name is the longest plain form (``Mark Carney``). Titles seen before a name or in apposition
(``the prime minister``) and honorifics (``Mrs.``) are recorded, and pronouns that follow a
mention vote for its gender, so that ``he`` and ``the prime minister`` can be resolved later.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterable, Iterator

import attrs
from spacy.tokens import Doc, Span, Token

from quotekit import lexicon
from quotekit.tokens import tokens_with

# A novel's possessive or reflexive bound to its clause's subject ("Wren shook his head") agrees
# with the subject's gender nine times in ten: worth several votes of mere proximity.
_BOUND_VOTE = 6
_GENDER_VOTE_REACH = 150  # characters back from a pronoun within which a name earns its gender vote
_GENDER_MARGIN = 1.5  # votes one way must outnumber the other by this factor
# Pronoun votes that overrule a full name's first name: this many, this many times the other
# gender's (a cluster that took in a sister, "Rosamond Gregory", keeps her brother's votes).
_OVERRULING_VOTES = 5
_OVERRULING_MARGIN = 4
_COMMON_MIN_USES = 2  # common uses a one-word name needs before it can pass for a common word
_COMMON_MARGIN = 1  # times its capitalised uses inside sentences
# Parts of speech of a word's common uses: not nouns (a character's "nanny") nor auxiliaries ("May", "Will").
_COMMON_POS = frozenset({"ADV", "ADJ", "VERB", "INTJ"})
_PLACE_MIN_USES = 3  # locative uses a name needs before it can pass for a place
# A form of a name used at least this share as often as its most used form is one the novel
# calls the character by (see _fullest_regular_form).
_REGULAR_FORM_SHARE = 0.1
# Dependency labels of a clause's subject, active or passive.
_SUBJECT_DEPS = ("nsubj", "nsubjpass")
_CHAIN_REACH = 1500  # characters back from a narrated pronoun within which it finds its antecedent
# Honorifics of a wife, who in a novel is rarely the woman the narration calls by first name.
_MARRIED_HONORIFICS = frozenset({"mrs"})
# A wife's honorific and an unmarried woman's: two people of one family.
_OTHER_HONORIFIC = {"mrs": "miss", "miss": "mrs"}
# Labels the recognizer gives a novel's rarer names ("Natasha", "Varga").
_MISTAKEN_LABELS = frozenset({"ORG", "GPE", "NORP", "FAC", "LOC", "PRODUCT", "WORK_OF_ART"})
# Lower-case words that belong inside surnames ("de Worms", "van Dyke").
_NAME_PARTICLES = frozenset({"de", "du", "da", "di", "del", "della", "der", "van", "von", "la", "le", "ten", "ter", "y"})


@attrs.define
class Person:
    """One person's cluster of mentions."""

    name: str
    tokens: tuple[str, ...]
    titles: set[str] = attrs.field(factory=set)
    masculine: int = 0
    feminine: int = 0
    positions: list[int] = attrs.field(factory=list)
    honorific_only: bool = False
    forms: Counter[str] = attrs.field(factory=Counter)
    honorific_gender: str | None = None
    subject_positions: list[int] = attrs.field(factory=list)

    @property
    def gender(self) -> str | None:
        """The honorific's gender (``Mrs. Bennet``), else the first name's in a full name
        (``Mabel Pell``) unless the pronoun votes overwhelmingly say otherwise, else
        ``masculine``/``feminine`` when the votes are clear, else a lone name's (``Emma``).
        Votes alone fail a novel's leading characters, named beside every pronoun; a lone name
        may be a surname (``Weston``), so votes come first."""
        if self.honorific_gender is not None:
            return self.honorific_gender
        named = lexicon.first_name_gender(self.tokens[0]) if self.tokens and not self.honorific_only else None
        voted = self._voted_gender
        if named is not None and len(self.tokens) > 1 and not self._overwhelming(voted):
            return named
        return voted or named

    def _overwhelming(self, voted: str | None) -> bool:
        """Whether pronoun votes for ``voted`` are many and lopsided enough to overrule a first name."""
        most, least = max(self.masculine, self.feminine), min(self.masculine, self.feminine)
        return voted is not None and most >= _OVERRULING_VOTES and most >= _OVERRULING_MARGIN * least

    @property
    def _voted_gender(self) -> str | None:
        if self.masculine > _GENDER_MARGIN * self.feminine:
            return "masculine"
        if self.feminine > _GENDER_MARGIN * self.masculine:
            return "feminine"
        return None

    def last_before(self, position: int) -> int | None:
        """Offset of the last narrated mention before ``position``."""
        index = bisect.bisect_left(self.positions, position)
        return self.positions[index - 1] if index else None

    def last_subject_before(self, position: int) -> int | None:
        """Offset of the last narrated mention as a clause's subject before ``position``."""
        index = bisect.bisect_left(self.subject_positions, position)
        return self.subject_positions[index - 1] if index else None

    def mention_at(self, position: int) -> None:
        """Record a narrated mention at ``position``, keeping positions sorted."""
        bisect.insort(self.positions, position)


def _strip_name(tokens: Iterable[Token]) -> tuple[list[Token], list[Token]]:
    """Split an entity's tokens into (titles and honorifics, name), dropping a possessive."""
    words = [
        t
        for t in tokens
        if not t.is_space and ((t.tag_ != "POS" and not t.is_punct) or (t.text.endswith(".") and len(t.text) > 1))
    ]
    titles = []
    while words and words[0].lower_ in lexicon.titles():
        titles.append(words.pop(0))
    # A title-case headline glues the verb and more to the name: "Obama Says Museum …".
    verb = next((i for i, w in enumerate(words) if i and lexicon.cue_lemma(w.lower_) in lexicon.speech_verbs()), None)
    return titles, words[:verb]


def _clean_name(name: list[Token]) -> list[Token]:
    """A name without the words a recognizer glued to it: a leading word that is no proper noun
    nor a surname's particle (``Darling Tony``, but ``de Brack``), or nothing when a lower-case
    word sits inside (``Todd led Tony``) or when it is part of a heading (``XIV``, ``CHAPTER``,
    ``CHAPTER V. OLIVER MINGLES``, a heading's ``CHAPTER`` run into the title case words after it)."""
    name = [t for t in name if not lexicon.ROMAN_NUMERAL.fullmatch(t.text)]
    if all(t.text.isupper() for t in name) and sum(len(t.text) for t in name) > 2:
        return []
    if name and name[0].is_alpha and len(name[0].text) > 2 and name[0].text.isupper():
        return []
    while len(name) > 1 and name[0].pos_ != "PROPN" and name[0].lower_ not in _NAME_PARTICLES:
        name = name[1:]
    if any(t.text[:1].islower() and t.lower_ not in _NAME_PARTICLES for t in name):
        return []
    return name


def _honorific_gender(titles: Iterable[str]) -> tuple[str | None, str | None]:
    """The first gendered honorific among ``titles`` and its gender."""
    for title in titles:
        if title in lexicon.MASCULINE_HONORIFICS:
            return title, "masculine"
        if title in lexicon.FEMININE_HONORIFICS:
            return title, "feminine"
    return None, None


class EntityIndex:
    """The people of one document, built chunk by chunk.

    Args:
        families: Whether people often share a surname (fiction): then ``Mrs. Bennet``,
            ``Mr. Bennet`` and ``Elizabeth Bennet`` stay three people, where news would merge
            ``Mr. Trump`` and ``Donald Trump``.
    """

    def __init__(self, families: bool = False) -> None:
        self.people: list[Person] = []
        self.families = families
        # Name word → people whose name holds it, so a lookup never scans everyone.
        self._by_word: dict[str, list[Person]] = {}
        # Every narrated mention in text order, so antecedents are found by looking back a little,
        # with the start of its sentence, whether it is a clause's subject, and whether it is a
        # pronoun subject of the sentence's main clause (the narration going on about someone).
        self._mention_positions: list[int] = []
        self._mention_people: list[Person] = []
        self._mention_sentences: list[int] = []
        self._mention_subjects: list[bool] = []
        self._mention_continued: list[bool] = []
        # How often a name word is the object of a locative preposition ("at Netherfield") and
        # how often a subject or possessor, whatever the recognizer labels it.
        self._place_uses: Counter[str] = Counter()  # fiction only
        self._person_uses: Counter[str] = Counter()
        # Words written in lower case, which a novel's names are not ("poor", "whereupon").
        self._lower_words: set[str] = set()  # fiction only
        # How often a word is written as a common word (lower case, as a modifier, verb or
        # determined noun) and how often capitalised inside a sentence, as names are.
        self._common_uses: Counter[str] = Counter()  # fiction only
        self._capitalised_uses: Counter[str] = Counter()  # fiction only

    def _note_mention(
        self, person: Person, position: int, sentence: int = -1, subject: bool = False, continued: bool = False
    ) -> None:
        person.mention_at(position)
        if subject:
            bisect.insort(person.subject_positions, position)
        index = bisect.bisect_right(self._mention_positions, position)
        self._mention_positions.insert(index, position)
        self._mention_people.insert(index, person)
        self._mention_sentences.insert(index, sentence)
        self._mention_subjects.insert(index, subject)
        self._mention_continued.insert(index, continued)

    def salient(self, gender: str, position: int, reach: int, exclude: Iterable[Person] = ()) -> Person | None:
        """The person of ``gender`` a pronoun at ``position`` most likely refers to: in the last
        sentence before it that mentions someone of that gender, the pronoun subject of its main
        clause, else its last subject; with no subject of that gender, the pronoun subject of
        the sentence before's main clause, else the first such mention (a sentence's early
        mentions are its topic)."""
        excluded = list(exclude)
        index = bisect.bisect_left(self._mention_positions, position) - 1
        hits, index = self._sentence_hits(gender, position, reach, excluded, index)
        if not hits:
            return None
        # A pronoun as the main clause's subject carries on with the one the narration follows
        # ("he could see Mr. Pell taking the beef" stays about "he"); among names the last
        # subject is the newcomer ("Ann was baking when Nell came in").
        continued = [index for index in hits if self._mention_continued[index]]
        subjects = [index for index in hits if self._mention_subjects[index]]
        if not continued and not subjects:
            # A name in passing does not change whom the narration follows: "She could not
            # understand. More words from Hetty were needed." is still about her.
            before, _ = self._sentence_hits(gender, position, reach, excluded, index)
            kept = [index for index in before if self._mention_continued[index]]
            if kept:
                return self._mention_people[kept[-1]]
        pick = continued[-1] if continued else subjects[0] if subjects else hits[-1]
        return self._mention_people[pick]

    def _sentence_hits(self, gender: str, position: int, reach: int, excluded: list[Person], index: int) -> tuple[list[int], int]:
        """The indexes (latest first) of the mentions of ``gender``, not ``excluded``, in the last
        sentence that has any, looking back from mention ``index`` within ``reach`` of
        ``position``; and the index to look back from next."""
        sentence = None
        hits: list[int] = []
        while index >= 0 and position - self._mention_positions[index] <= reach:
            if hits and self._mention_sentences[index] != sentence:
                break
            person = self._mention_people[index]
            if person.gender == gender and person not in excluded and not self._no_person(person):
                hits.append(index)
                sentence = self._mention_sentences[index]
            index -= 1
        return hits, index

    def recent_people(self, position: int, reach: int) -> Iterator[Person]:
        """People mentioned in narration within ``reach`` before ``position``, latest first."""
        seen: set[int] = set()
        index = bisect.bisect_left(self._mention_positions, position) - 1
        while index >= 0 and position - self._mention_positions[index] <= reach:
            person = self._mention_people[index]
            if id(person) not in seen:
                seen.add(id(person))
                if not self._no_person(person):
                    yield person
            index -= 1

    def _index(self, person: Person) -> None:
        for word in person.tokens:
            bucket = self._by_word.setdefault(word, [])
            if person not in bucket:
                bucket.append(person)

    def observe(self, doc: Doc, offset: int, quoted: Iterable[tuple[int, int]] = ()) -> None:
        """Register the people named in a parsed chunk that starts at ``offset``.

        Mentions inside ``quoted`` ranges (vocatives, people talked about) join clusters but do
        not count as recent mentions for pronouns.
        """
        quoted_ranges = sorted(quoted)
        quoted_starts = [start for start, _ in quoted_ranges]
        mentions: list[tuple[int, Person]] = []
        if self.families:
            self._count_uses(doc)
            self._count_spellings(doc)
        for entity in doc.ents:
            if entity.label_ != "PERSON":
                continue
            position = offset + entity.start_char
            index = bisect.bisect_right(quoted_starts, position) - 1
            narrated = index < 0 or quoted_ranges[index][1] <= position
            person = self._add(entity, position, narrated, _role(entity.root, offset))
            if person is not None and narrated:
                mentions.append((position, person))
        mentions.extend(self._unlabelled_mentions(doc, offset, quoted_ranges, quoted_starts))
        mentions.sort(key=lambda mention: mention[0])
        self._vote_gender(doc, offset, mentions)
        if self.families:
            self._chain_pronouns(doc, offset, quoted_ranges, quoted_starts)

    def _count_uses(self, doc: Doc) -> None:
        """Count every entity's locative and personal uses, under any label (see :meth:`is_place`)."""
        for entity in doc.ents:
            root = entity.root
            if root.dep_ == "pobj" and root.head.lower_ in lexicon.LOCATIVE_PREPOSITIONS:
                self._place_uses[root.lower_] += 1
            elif root.dep_ in ("nsubj", "nsubjpass", "poss"):
                self._person_uses[root.lower_] += 1

    def _count_spellings(self, doc: Doc) -> None:
        """Note the words written in lower case, and count each word's common uses and its
        capitalised uses inside a sentence (see :meth:`is_common_word`)."""
        for token in doc:
            if not token.is_alpha:
                continue
            if token.is_lower:
                self._lower_words.add(token.text)
                if token.pos_ in _COMMON_POS or (token.pos_ == "NOUN" and any(c.dep_ in ("det", "poss") for c in token.children)):
                    self._common_uses[token.text] += 1
            elif token.is_title and token.i and not token.is_sent_start:
                before = token.doc[token.i - 1]
                if before.is_alpha or before.text in (",", ";"):
                    self._capitalised_uses[token.lower_] += 1

    def is_common_word(self, person: Person) -> bool:
        """Whether a novel's one-word "person" is a common word the recognizer took for a name
        (``Nasty``, ``Brandy``): one the novel writes in lower case as a modifier, verb or
        noun with a determiner more often than it capitalises it inside a sentence, as it does
        its characters' names (``Hope``, ``Will``). Counts grow as the novel is read."""
        if not self.families or len(person.tokens) != 1 or person.honorific_only:
            return False
        if _honorific_gender(person.titles)[1] is not None:
            return False
        return self._written_as_common_word(person.tokens[0])

    def _written_as_common_word(self, word: str) -> bool:
        common = self._common_uses[word]
        return common >= _COMMON_MIN_USES and common > _COMMON_MARGIN * self._capitalised_uses[word]

    def _no_person(self, person: Person) -> bool:
        """Whether a "person" is a place or a common word (see :meth:`is_place`, :meth:`is_common_word`)."""
        return self.is_place(person) or self.is_common_word(person)

    def is_place(self, person: Person) -> bool:
        """Whether a "person" is a place the recognizer took for one: in a novel, a name
        mostly written after a locative preposition (``at Netherfield``, ``to Longbourn``)
        rather than as a subject or possessor, and never with a gendered honorific."""
        if not self.families or person.honorific_only or _honorific_gender(person.titles)[1] is not None:
            return False
        word = person.tokens[-1]
        return self._place_uses[word] >= _PLACE_MIN_USES and self._place_uses[word] > self._person_uses[word]

    def _chain_pronouns(self, doc: Doc, offset: int, quoted: list[tuple[int, int]], starts: list[int]) -> None:
        """Record each narrated ``he``/``she`` as a mention of the person it most likely refers
        to, so that a character the narration follows by pronoun for pages stays salient; and
        a relative the narration makes a subject (``her father``, ``Nora's mother``) as a
        mention of that relative, so that "She begged her father to stay. He heard her" is about him."""
        for token in tokens_with(doc, lower=lexicon.GENDERED_PRONOUNS, dep=_SUBJECT_DEPS, words=_pronoun_or_relation):
            lower = token.lower_
            relative = token.dep_ in _SUBJECT_DEPS and token.lemma_.lower() in lexicon.SURNAME_RELATIONS
            if lower not in lexicon.GENDERED_PRONOUNS and not relative:
                continue
            position = offset + token.idx
            index = bisect.bisect_right(starts, position) - 1
            if index >= 0 and quoted[index][1] > position:
                continue
            if relative:
                person = self._relative(token, offset)
            else:
                gender = "masculine" if lower in lexicon.MASCULINE_PRONOUNS else "feminine"
                person = self.salient(gender, position, _CHAIN_REACH)
            if person is not None:
                self._note_mention(person, position, *_role(token, offset))

    def _relative(self, noun: Token, offset: int) -> Person | None:
        """The known person a relation noun with an owner refers to: of the owner's family
        (people with the owner's surname and the relation's gender), the one last mentioned,
        under the family's honorific for a parent or spouse (``her mother`` of Nora Quill is
        Mrs. Quill). Not in a speech cue ("said her mother"), which the resolver reads with
        what it knows of the conversation."""
        if lexicon.cue_lemma(noun.head.lower_) in lexicon.speech_verbs():
            return None
        owner_word = next((c for c in noun.children if c.dep_ == "poss"), None)
        if owner_word is None:
            return None
        if owner_word.lower_ in lexicon.GENDERED_PRONOUNS:
            gender = "masculine" if owner_word.lower_ in lexicon.MASCULINE_PRONOUNS else "feminine"
            owner = self.salient(gender, offset + owner_word.idx, _CHAIN_REACH)
        elif owner_word.pos_ == "PROPN":
            owner = self.find(" ".join(t.text for t in owner_word.subtree if t.tag_ != "POS" and not t.is_punct))
        else:
            return None
        if owner is None or (len(owner.tokens) < 2 and not owner.honorific_only):
            return None
        relation = noun.lemma_.lower()
        surname = owner.tokens[-1]
        honorific = lexicon.FAMILY_HONORIFICS.get(relation, "").lower()
        family = (
            person
            for person in self._by_word.get(surname, ())
            if person is not owner
            and person.tokens[-1] == surname
            and person.gender == lexicon.relation_gender(relation)
            and (not honorific or (person.honorific_only and person.name.lower().startswith(honorific)))
            and not self._no_person(person)
        )
        return self._most_recent(family, offset + noun.idx)

    def _unlabelled_mentions(
        self, doc: Doc, offset: int, quoted: list[tuple[int, int]], starts: list[int]
    ) -> list[tuple[int, Person]]:
        """Known names the entity recognizer missed (``Trump’s initial slate``) or took for
        something else (a novel's ``Natasha`` as an organization), as mentions."""
        by_token = {person.tokens[-1]: person for person in self.people if not person.honorific_only}
        if self.families:
            # A character's first name, when no one else has it ("Helen" of "Helen Marsh").
            firsts: dict[str, list[Person]] = {}
            for person in self.people:
                if len(person.tokens) > 1 and not person.honorific_only:
                    firsts.setdefault(person.tokens[0], []).append(person)
            for word, people in firsts.items():
                if len(people) == 1 and word not in by_token and word not in lexicon.titles():
                    by_token[word] = people[0]
        found = []
        if self.families:
            found.extend(self._relabelled_mentions(doc, offset, quoted, starts))
        for token in tokens_with(doc, lower=by_token):
            if token.pos_ != "PROPN" or token.ent_type_ == "PERSON" or (self.families and token.ent_type_):
                continue
            position = offset + token.idx
            index = bisect.bisect_right(starts, position) - 1
            if index >= 0 and quoted[index][1] > position:
                continue
            person = by_token[token.lower_]
            self._note_mention(person, position, *_role(token, offset))
            found.append((position, person))
        return found

    def _relabelled_mentions(
        self, doc: Doc, offset: int, quoted: list[tuple[int, int]], starts: list[int]
    ) -> list[tuple[int, Person]]:
        """Known characters the recognizer labelled something else (a novel's ``Natasha`` or
        ``Miss Pell`` as an organization), as mentions."""
        found = []
        for entity in doc.ents:
            if entity.label_ not in _MISTAKEN_LABELS or not all(t.tag_ == "NNP" for t in entity):
                continue
            position = offset + entity.start_char
            index = bisect.bisect_right(starts, position) - 1
            if index >= 0 and quoted[index][1] > position:
                continue
            # The honorific before tells "Miss Pell" from her father.
            person = self.find(" ".join((*_titles_before(entity), entity.text)))
            if person is None and len(entity) > 1 and entity[0].lower_ in lexicon.CIVIL_HONORIFICS:
                # No organization is called "Mlle. Varga": she is a character, though new.
                person = self._add(entity, position, True, _role(entity.root, offset))
                if person is not None:
                    found.append((position, person))
            elif person is not None and not self._no_person(person):
                self._note_mention(person, position, *_role(entity.root, offset))
                found.append((position, person))
        return found

    def _unglue(self, name: list[Token]) -> list[Token]:
        """A novel's name without a word the recognizer glued before a known character's first
        name: a word the narration also writes in lower case or that is no first name
        (``Whereupon Mabel``, ``Poor Mabel``, ``Humph Mabel``)."""
        if len(name) < 2:
            return name
        lead, rest, second = name[0].text.lower(), name[1:], name[1].text.lower()
        if lead == second:
            return rest
        if second in _NAME_PARTICLES:
            return name
        known = self.find(" ".join(t.text for t in rest))
        if known is None or known.honorific_only or known.tokens[0] != second:
            return name
        if lead not in self._by_word:
            named = lexicon.first_name_gender(lead) is not None and lead not in self._lower_words
            return name if named else rest
        if len(known.tokens) > 1 and lead not in known.tokens:
            # Two characters' names run together ("Rosalind Cordelia"): neither alone.
            return []
        return name

    def register(self, name: Span, position: int) -> Person | None:
        """Add a name the entity recognizer missed, mentioned in narration at ``position``."""
        return self._add(name, position, narrated=True)

    def _add(
        self, entity: Span, position: int, narrated: bool, role: tuple[int, bool, bool] = (-1, False, False)
    ) -> Person | None:
        title_tokens, name = _strip_name(entity)
        if self.families:
            name = self._unglue(_clean_name(name))
            if len(name) == 1 and name[0].lower_ in lexicon.NEVER_NAMES:
                return None
        if not name:
            return None
        titles = [t.lower_ for t in title_tokens] + _titles_before(entity) + _apposed_titles(entity, self.families)
        if self.families:
            titles += _descriptions(entity)
        honorific, gender = _honorific_gender(titles)
        text = " ".join(t.text for t in name)
        honorific_only = honorific is not None and len(name) == 1
        if honorific_only and self.families:
            assert honorific is not None
            text = f"{honorific.capitalize()} {text}"
        person = self.find(text, gender)
        if person is None:
            if self.families and not titles and len(name) == 1 and self._written_as_common_word(name[0].lower_):
                return None
            person = Person(text, tuple(t.lower_ for t in name), honorific_only=honorific_only and self.families)
            if person.honorific_only:
                person.honorific_gender = gender
            self.people.append(person)
            self._index(person)
        elif len(name) > len(person.tokens) and person.tokens[-1] in (name[-1].lower_, name[0].lower_):
            person.name, person.tokens, person.honorific_only = text, tuple(t.lower_ for t in name), False
            self._index(person)
        if self.families:
            # Names keep the honorific or title they are written with ("Mrs. Wren Pell" is not
            # her husband, "Inspector Varga").
            form = text if honorific_only else " ".join((*_written_title(entity, title_tokens), text))
            # A bare "Denham" joining "Mr. Denham" does not rename him: the honorific tells him from his family.
            if honorific_only or not person.honorific_only:
                person.forms[form] += 1
                person.name = _fullest_regular_form(person.forms)
        if narrated:
            self._note_mention(person, position, *role)
        for title in titles:
            self._note_title(person, title)
        return person

    def _note_title(self, person: Person, text: str) -> None:
        person.titles.add(text)
        person.titles.add(text.split()[-1])
        if text in lexicon.MASCULINE_HONORIFICS:
            person.masculine += 3
        elif text in lexicon.FEMININE_HONORIFICS:
            person.feminine += 3

    def _vote_gender(self, doc: Doc, offset: int, mentions: list[tuple[int, Person]]) -> None:
        positions = [position for position, _ in mentions]
        for token in tokens_with(doc, lower=lexicon.GENDERED_PRONOUNS):
            lower = token.lower_
            at = offset + token.idx
            index = bisect.bisect_left(positions, at) - 1
            if index < 0 or at - positions[index] > _GENDER_VOTE_REACH:
                continue
            person = mentions[index][1]
            weight = 1
            if self.families and (token.dep_ == "poss" or lower in lexicon.GENDERED_REFLEXIVES):
                bound = _subject_of_clause(token)
                if bound is not None and offset + bound.left_edge.idx == positions[index]:
                    weight = _BOUND_VOTE
            if lower in lexicon.MASCULINE_PRONOUNS:
                person.masculine += weight
            else:
                person.feminine += weight

    def find(self, name: str, gender: str | None = None) -> Person | None:
        """The person a name refers to: same full name, or a part of it (``Carney``).

        An honorific in ``name`` (``Mrs. Bennet``) or a given ``gender`` rules out people of
        the other gender.
        """
        raw = [w.lower() for w in name.replace("’s", "").replace("'s", "").split()]
        if gender is None:
            gender = _honorific_gender(raw)[1]
        words = tuple(w for w in raw if w not in lexicon.titles())
        if not words:
            if self.families:
                # "the Admiral" of a novel is one character, known by the title alone.
                same = [p for p in self._by_word.get(raw[-1], ()) if p.tokens == tuple(raw)] if raw else []
                return max(same, key=lambda p: p.positions[-1:], default=None)
            return None
        seen = {id(p): p for word in words for p in self._by_word.get(word, ()) if not self.is_common_word(p)}
        candidates = [p for p in seen.values() if gender is None or p.gender in (None, gender)]
        if self.families and len(raw) == 1 and lexicon.first_name_gender(raw[0]) == "masculine":
            # A wife goes by her husband's first name ("Mrs. Charles"), a man never by his wife's:
            # "Charles" is not her.
            candidates = [p for p in candidates if not (p.honorific_only and p.gender == "feminine")]
        married = next((_bare(w) for w in raw if _bare(w) in _MARRIED_HONORIFICS), None)
        if self.families and gender is not None and len(words) == 1 and len(raw) > 1:
            # In a family "Mr. Hilbery" is "Katharine Hilbery" only if she is known to be a
            # man, and "Mrs. Hilbery" not her daughter "Katharine Hilbery" unless the narration
            # gave her the honorific ("Mrs. Katharine Hilbery").
            candidates = [
                p
                for p in candidates
                if p.honorific_only or (p.gender == gender and (married is None or married in {_bare(t) for t in p.titles}))
            ]
        if self.families and len(raw) > 1:
            # "Miss Pell" is a daughter of the family, never "Mrs. Pell", whoever is known by that.
            other = _OTHER_HONORIFIC.get(_bare(raw[0]))
            candidates = [p for p in candidates if not (p.honorific_only and other in {_bare(t) for t in p.titles})]
        exact = [p for p in candidates if p.tokens == words]
        if exact:
            if self.families and len(raw) == len(words) == 1:
                # A bare surname in a novel ("said Weston") names the man of the family, also
                # one known by his full name ("Newland Archer") rather than as "Mr. Archer".
                men = [p for p in candidates if p.gender == "masculine" and p.tokens[-1] == words[0]]
                exact = [p for p in men if p in exact] or men or exact
            return max(exact, key=lambda p: p.positions[-1:])
        best: Person | None = None
        for person in candidates:
            same_surname = words[-1] == person.tokens[-1]
            first_names_agree = (
                len(words) == 1 or (len(person.tokens) == 1 and not person.honorific_only) or words[0] == person.tokens[0]
            )
            single_part = len(words) == 1 and words[0] in person.tokens
            # "Jane" seen first, then "Jane Bennet": the full name upgrades the first-name cluster.
            first_name_grows = (
                self.families and len(person.tokens) == 1 and not person.honorific_only and words[0] == person.tokens[0]
            )
            if (same_surname and first_names_agree) or single_part or first_name_grows:
                if best is None or (person.positions[-1:] > best.positions[-1:]):
                    best = person
        return best

    def by_title(self, title: str, position: int) -> Person | None:
        """The most recently mentioned person who carries ``title`` before ``position``."""
        return self._most_recent((p for p in self.people if title in p.titles), position)

    def antecedent(
        self, pronoun: str, position: int, reach: int, preferred: Person | None, sentence_start: int | None = None
    ) -> Person | None:
        """The person a third-person pronoun at ``position`` most likely refers to.

        A compatible person named earlier in the pronoun's own sentence wins; then
        ``preferred`` (the last speaker) if mentioned within ``reach``; then the most recent.
        """
        wanted = "masculine" if pronoun in lexicon.MASCULINE_PRONOUNS else "feminine"
        nearest = next((p for p in self.recent_people(position, reach) if p.gender in (None, wanted)), None)
        if nearest is not None and sentence_start is not None and (nearest.last_before(position) or -1) >= sentence_start:
            return nearest
        if preferred is not None and preferred.gender in (None, wanted):
            last = preferred.last_before(position)
            if last is not None and position - last <= reach:
                return preferred
        return nearest

    def latest_of_gender(self, gender: str, position: int, reach: int) -> Person | None:
        """The person of ``gender`` (known, not guessed) last named in narration before ``position``."""
        return next((p for p in self.recent_people(position, reach) if p.gender == gender), None)

    def recent(self, position: int, reach: int, exclude: Iterable[Person] = ()) -> Person | None:
        """The person last mentioned in narration before ``position``, within ``reach``."""
        excluded = list(exclude)
        return next((p for p in self.recent_people(position, reach) if p not in excluded), None)

    @staticmethod
    def _most_recent(people: Iterable[Person], position: int) -> Person | None:
        best: tuple[int, Person] | None = None
        for person in people:
            last = person.last_before(position)
            if last is not None and (best is None or last > best[0]):
                best = (last, person)
        return best[1] if best is not None else None


def _pronoun_or_relation(lemma: str, lower: str) -> bool:
    """Whether a word may enter the narration's pronoun chain: a gendered pronoun or a relation
    noun (see :meth:`EntityIndex._chain_pronouns`)."""
    return lower in lexicon.GENDERED_PRONOUNS or lemma.lower() in lexicon.SURNAME_RELATIONS


def _fullest_regular_form(forms: Counter[str]) -> str:
    """A novel character's canonical name: of the forms the text uses regularly (at least
    :data:`_REGULAR_FORM_SHARE` as often as the most used one), the one with the most name words,
    then the most words, then the most used: "Nora Quill", not the "Nora" of her friends' talk;
    "Inspector Varga", not "Varga"; but "Mabel" when her surname is rare. A title before a lone
    first name is a form of address, not a fuller name: "Mabel", not the servants' "Miss Mabel"."""
    floor = max(2, _REGULAR_FORM_SHARE * forms.most_common(1)[0][1])
    regular = [form for form, count in forms.items() if count >= floor] or [forms.most_common(1)[0][0]]
    titles = lexicon.titles()

    def fullness(form: str) -> tuple[int, int, int]:
        words = form.lower().split()
        names = [word for word in words if word.rstrip(".") not in titles and word not in titles]
        addressed = len(names) == 1 and lexicon.first_name_gender(names[0]) is not None
        return len(names), len(names) if addressed else len(words), forms[form]

    return max(regular, key=fullness)


def _bare(honorific: str) -> str:
    """An honorific without its dot, so that ``Mrs`` and ``Mrs.`` agree."""
    return honorific.rstrip(".")


def _role(token: Token, offset: int) -> tuple[int, bool, bool]:
    """The start of a mention's sentence, whether the mention is its clause's subject, and
    whether it is a pronoun subject of the sentence's main clause (its root verb, or one joined to it)."""
    subject = token.dep_ in _SUBJECT_DEPS
    head = token.head
    main = head.dep_ == "ROOT" or (head.dep_ == "conj" and head.head.dep_ == "ROOT")
    return offset + token.sent.start_char, subject, subject and main and token.pos_ == "PRON"


def _written_title(entity: Span, title_tokens: list[Token]) -> tuple[str, ...]:
    """The capitalised honorific or title a name is written with, inside the entity or just
    before it (``Mrs.`` of ``Mrs. Manson Mingott``, ``Inspector``), as written."""
    before = entity.doc[entity.start - 1] if entity.start else None
    title = title_tokens[-1] if title_tokens else before if before is not None and before.lower_ in lexicon.titles() else None
    return (title.text,) if title is not None and title.text[:1].isupper() else ()


def _titles_before(entity: Span) -> list[str]:
    """Titles written just before a name: ``Prime Minister`` in ``Prime Minister Mark Carney``."""
    doc = entity.doc
    found = []
    for width in (3, 2, 1):
        if entity.start - width < 0:
            continue
        window = doc[entity.start - width : entity.start]
        words = " ".join(t.lower_ for t in window)
        # A verb is no title: "to miss Hetty".
        if words in lexicon.titles() and not any(t.pos_ in ("VERB", "AUX") for t in window):
            found.append(words)
            break
    return found


def _apposed_titles(entity: Span, any_noun: bool = False) -> list[str]:
    """Titles in apposition: ``Carney, the prime minister,`` or ``the senator, Jane Doe``; with
    ``any_noun`` (fiction, where any role can describe a character: ``Bumble, the beadle,``)
    also a singular common noun that is not a known title."""
    root = entity.root
    nouns = [c for c in root.children if c.dep_ == "appos"]
    if root.dep_ == "appos":
        nouns.append(root.head)
    found = []
    for noun in nouns:
        words = [t.lower_ for t in noun.subtree if (t.i <= noun.i and t.dep_ in ("compound", "amod")) or t.i == noun.i]
        for width in range(min(3, len(words)), 0, -1):
            if " ".join(words[-width:]) in lexicon.titles():
                found.append(" ".join(words[-width:]))
                break
        else:
            if any_noun and _is_description(noun):
                found.append(noun.lower_)
    return found


def _is_description(noun: Token) -> bool:
    """Whether ``noun`` can describe one person: a singular common noun (``the painter``)."""
    return noun.pos_ == "NOUN" and noun.tag_ == "NN" and noun.text.islower()


def _descriptions(entity: Span) -> list[str]:
    """What a copula says a named person is: ``Hallward was a painter`` → ``painter``."""
    root = entity.root
    if root.dep_ != "nsubj" or root.head.lemma_ != "be" or any(c.dep_ == "neg" for c in root.head.children):
        return []
    return [c.lower_ for c in root.head.children if c.dep_ == "attr" and _is_description(c)]


def _subject_of_clause(token: Token) -> Token | None:
    """The subject of the clause a token is in: "Wren shook his head" gives Wren."""
    head = token.head
    while head.head.i != head.i:
        if head.pos_ in ("VERB", "AUX"):
            subject = next((c for c in head.children if c.dep_ == "nsubj"), None)
            # "said Wren, shaking his head": a participle's subject is its verb's.
            if subject is not None or head.dep_ not in ("advcl", "xcomp", "conj"):
                return subject
        head = head.head
    return next((c for c in head.children if c.dep_ == "nsubj"), None)

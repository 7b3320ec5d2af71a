"""Word lists and character classes: the only place quotekit keeps vocabulary.

Data files sit beside this module; each records its source in a header comment.
Quote marks are written as ``\\N{...}`` escapes so that look-alike glyphs cannot hide.
"""

from __future__ import annotations

import functools
import re
from importlib import resources

# Quote marks by role. "Ambiguous" marks open or close depending on context.
DOUBLE_OPENERS = "\N{LEFT DOUBLE QUOTATION MARK}\N{DOUBLE LOW-9 QUOTATION MARK}\N{LEFT-POINTING DOUBLE ANGLE QUOTATION MARK}"
DOUBLE_CLOSERS = "\N{RIGHT DOUBLE QUOTATION MARK}\N{RIGHT-POINTING DOUBLE ANGLE QUOTATION MARK}"
DOUBLE_AMBIGUOUS = "\N{QUOTATION MARK}\N{DOUBLE HIGH-REVERSED-9 QUOTATION MARK}\N{FULLWIDTH QUOTATION MARK}"
SINGLE_OPENERS = "\N{LEFT SINGLE QUOTATION MARK}\N{SINGLE LOW-9 QUOTATION MARK}\N{SINGLE LEFT-POINTING ANGLE QUOTATION MARK}"
SINGLE_CLOSERS = "\N{RIGHT SINGLE QUOTATION MARK}\N{SINGLE RIGHT-POINTING ANGLE QUOTATION MARK}"
SINGLE_AMBIGUOUS = "\N{APOSTROPHE}\N{SINGLE HIGH-REVERSED-9 QUOTATION MARK}"
DOUBLE_MARKS = DOUBLE_OPENERS + DOUBLE_CLOSERS + DOUBLE_AMBIGUOUS
SINGLE_MARKS = SINGLE_OPENERS + SINGLE_CLOSERS + SINGLE_AMBIGUOUS
QUOTE_MARKS = DOUBLE_MARKS + SINGLE_MARKS
# Pairs of single marks that typewriter-era and some newswire text uses for one double mark.
DOUBLED_SINGLE_MARKS = ("''", "``")
# Marks whose partner is the "wrong-looking" glyph in some conventions:
# German „…“ and »…«, Swedish ”…”.
CLOSES_LOW_OPENER = {
    "\N{LEFT DOUBLE QUOTATION MARK}": "\N{DOUBLE LOW-9 QUOTATION MARK}",
    "\N{LEFT SINGLE QUOTATION MARK}": "\N{SINGLE LOW-9 QUOTATION MARK}",
    "\N{LEFT-POINTING DOUBLE ANGLE QUOTATION MARK}": "\N{RIGHT-POINTING DOUBLE ANGLE QUOTATION MARK}",
    "\N{SINGLE LEFT-POINTING ANGLE QUOTATION MARK}": "\N{SINGLE RIGHT-POINTING ANGLE QUOTATION MARK}",
}
# Dashes that introduce dialogue or a byline ("—Name").
DASHES = "\N{EM DASH}\N{EN DASH}\N{HORIZONTAL BAR}"

# Pronouns by what they can refer to.
MASCULINE_PRONOUNS = frozenset({"he", "him", "his", "himself"})
FEMININE_PRONOUNS = frozenset({"she", "her", "hers", "herself"})
# He, she and their forms: the pronouns that refer to one person of a known gender.
GENDERED_PRONOUNS = MASCULINE_PRONOUNS | FEMININE_PRONOUNS
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "we", "us", "our"})
PERSONAL_PRONOUNS = MASCULINE_PRONOUNS | FEMININE_PRONOUNS | PLURAL_PRONOUNS | frozenset({"i", "me", "you", "it"})
RELATIVE_PRONOUNS = frozenset({"who", "that", "which", "whom"})
# Verbs that introduce a character's words in a novel's dialogue ("“Yes,” assented the
# Professor") but in news mostly mean something else ("returned to Washington"): fiction only.
DIALOGUE_VERBS = frozenset(
    {"assent", "resume", "interpose", "remonstrate", "pursue", "proceed", "return", "begin", "venture", "enquire"}
    | {"ejaculate", "lisp", "falter", "bawl", "persist", "titter", "simper", "coax", "soothe", "hazard", "expostulate"}
    | {"recommence", "squeak", "squeal", "cackle", "pant", "splutter", "sputter", "purr", "coo", "snort", "grunt", "whine"}
    | {"correct"}
)
# Verbs by which a speaker goes on with their own words ("“…,” she added"), as lemmas and verb-particle pairs.
CONTINUATION_VERBS = frozenset({"add", "continue", "resume", "pursue", "persist", "proceed", "go on"})
# A verb and particle that in narration leads into a quotation ("he went on--“…”").
SPEECH_PARTICLE_VERBS = frozenset(
    {"go on", "break in", "cut in", "chime in", "put in", "burst out", "cry out", "call out", "speak up", "break out"}
)


def is_continuation_verb(verb_lemma: str, next_word: str) -> bool:
    """Whether a verb, alone or with the word after it, says a speaker goes on (``added``, ``went on``)."""
    verb = verb_lemma.lower()
    return verb in CONTINUATION_VERBS or f"{verb} {next_word.lower()}" in CONTINUATION_VERBS


def is_speech_particle_verb(verb_lemma: str, next_word: str) -> bool:
    """Whether a verb and the word after it lead into speech (``went on``, ``put in``)."""
    return f"{verb_lemma.lower()} {next_word.lower()}" in SPEECH_PARTICLE_VERBS


# The narrator of a novel told in the first person.
FIRST_PERSON_SINGULAR = frozenset({"i", "me", "myself"})
# Gendered pronouns that usually refer back to their clause's subject ("Emma smiled as she spoke").
SUBJECT_GENDERED_PRONOUNS = frozenset({"he", "she", "himself", "herself"})
GENDERED_REFLEXIVES = frozenset({"himself", "herself"})
# French honorifics of novels ("Mlle. Blanche"), abbreviated with a dot that does not end a sentence.
FRENCH_HONORIFICS = ("Mlle.", "Mlle", "Mme.", "Mme")
MASCULINE_HONORIFICS = frozenset({"mr.", "mr", "sir", "lord", "king", "prince", "father", "uncle"})
# Honorifics only a person's name follows (not "King's Road", "Father Christmas").
CIVIL_HONORIFICS = frozenset({"mr.", "mr", "mrs.", "mrs", "ms.", "ms", "miss", "sir", "lady", "lord", "madam", "madame"}) | {
    form.lower() for form in FRENCH_HONORIFICS
}
FEMININE_HONORIFICS = frozenset(
    {"mrs.", "mrs", "ms.", "ms", "miss", "lady", "queen", "princess", "madam", "sister", "dame", "aunt"}
    | {form.lower() for form in FRENCH_HONORIFICS}
)

# Nouns that refer to a person by relation and carry a gender ("said her mother", "his wife").
FEMININE_RELATIONS = frozenset(
    {
        "mother",
        "wife",
        "sister",
        "aunt",
        "daughter",
        "lady",
        "niece",
        "mama",
        "mamma",
        "grandmother",
        "mistress",
        "girl",
        "woman",
        "widow",
        "bride",
        "cousin-german",
    }
)
MASCULINE_RELATIONS = frozenset(
    {
        "father",
        "husband",
        "brother",
        "uncle",
        "son",
        "lord",
        "nephew",
        "papa",
        "grandfather",
        "master",
        "boy",
        "man",
        "gentleman",
        "widower",
        "groom",
    }
)
# Nouns for a person that carry a gender but no relation ("said the lad", "said the duchess"):
# a description made of one is a gendered reference, like a pronoun. Compounds of "man" and
# "woman" ("the clergyman", "the washerwoman") need no listing (see person_noun_gender).
MASCULINE_PERSON_NOUNS = frozenset(
    """lad youth fellow chap gent bachelor bridegroom hero host landlord butler footman valet
    waiter steward monk friar priest abbot duke earl count marquis marquess baron baronet viscount
    squire emperor king prince sultan monsieur signor herr stepfather stepson grandson godfather""".split()
)
FEMININE_PERSON_NOUNS = frozenset(
    """lass maid maiden damsel spinster heroine hostess landlady actress governess waitress
    seamstress laundress housemaid nursemaid nun abbess duchess countess marchioness baroness
    viscountess empress queen princess madam madame mademoiselle signora frau matron dame female
    stepmother stepdaughter granddaughter godmother ancestress""".split()
)
# Words ending in "man" that are no man ("the human").
_NOT_MAN_COMPOUNDS = frozenset({"human", "woman", "german", "roman", "norman", "shaman", "talisman", "ottoman"})
# Determiners that point a description back at someone just described ("said this figure").
DEMONSTRATIVES = frozenset({"this", "that"})
# Endings of abstract nouns, which name no one who could speak ("with considerable kindness added").
ABSTRACT_NOUN_ENDINGS = ("ness", "tion", "sion", "ment", "ity", "ance", "ence")
# Adjectives of a description that make its person old ("the old gentleman").
OLD_AGE_WORDS = frozenset({"old", "elderly", "aged", "elder", "grey-haired", "white-haired", "venerable"})
# Nouns for a person that say who they are to someone else ("his friend", "her hostess"): with
# a possessive, in a novel, the one the owner is talking with.
ROLE_NOUNS = frozenset(
    """friend guide mentor informant host hostess visitor guest caller interlocutor neighbour neighbor
    partner colleague comrade ally rival opponent adversary antagonist captor rescuer assistant servant
    attendant employer lover sweetheart fiance fiancee betrothed acquaintance admirer suitor escort
    chaperon chaperone tutor pupil teacher confidant confidante benefactor protector questioner
    interviewer tormentor persecutor entertainer playfellow playmate schoolfellow""".split()
)
# Relations that share a person's surname under an honorific: "his wife" of Mr. Hale is Mrs. Hale.
FAMILY_HONORIFICS = {
    **dict.fromkeys(("wife", "mother", "mama", "mamma"), "Mrs."),
    **dict.fromkeys(("husband", "father", "papa"), "Mr."),
}
# Relations that usually share a person's surname, with or without an honorific ("her sister" of Nora Quill).
SURNAME_RELATIONS = frozenset({*FAMILY_HONORIFICS, "sister", "brother", "daughter", "son"})
# Parts of a person that a novel makes the subject of speech in their place ("said Cecil's voice").
SPEAKING_PARTS = frozenset({"voice", "lips", "tongue"})
# Forms that refer to a titled person by their rank ("said her ladyship"): the honorific they stand for.
RANK_REFERENCES = {"ladyship": "lady", "lordship": "lord"}
# Words that may stand right before a name used to address someone ("my dear Harriet").
VOCATIVE_LEAD_WORDS = frozenset({"dear", "dearest", "my", "oh", "o", "ah", "yes", "no", "well"})
# Heads of speaker phrases that name an unnamed source ("a source", "officials").
ANONYMOUS_SOURCE_HEADS = frozenset(
    {
        "source",
        "official",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "aide",
        "insider",
        "person",
        "people",
        "someone",
        "witness",
        "adviser",
        "advisor",
        "staffer",
        "operative",
        "representative",
        "observer",
        "expert",
        "analyst",
        "critic",
        "supporter",
        "resident",
        "officer",
        "investigator",
        "prosecutor",
        "lawyer",
        "attorney",
        "diplomat",
        "employee",
        "member",
        "leader",
        "voter",
        "poll",
        "survey",
        "report",
        "study",
        "document",
    }
)
# Nouns of bodies of people that speak as one ("the committee said", "a group calling itself …").
SPEAKING_BODIES = frozenset(
    {
        "group",
        "committee",
        "commission",
        "panel",
        "agency",
        "department",
        "administration",
        "government",
        "company",
        "organization",
        "party",
        "campaign",
        "team",
        "court",
        "board",
        "council",
        "coalition",
        "network",
        "newspaper",
        "crowd",
        "audience",
        "public",
        "majority",
        "family",
    }
)
# Verbs that hold, get or show a thing someone else wrote ("received calls saying", "featured
# panels discussing"): the thing, not the verb's subject, is the source.
HOLDING_VERBS = frozenset(
    {
        "receive",
        "include",
        "feature",
        "contain",
        "get",
        "obtain",
        "see",
        "read",
        "hear",
        "watch",
        "find",
        "cite",
        "show",
        "publish",
    }
)
# Indefinite pronouns that name a thing, not a speaker ("had nothing bad to say").
INDEFINITE_THINGS = frozenset({"nothing", "something", "anything", "everything"})
# Words before a quoted fragment that make it a name, title or scare quote, not speech.
SCARE_QUOTE_MARKERS = frozenset(
    {
        "so-called",
        "called",
        "dubbed",
        "titled",
        "entitled",
        "named",
        "nicknamed",
        "term",
        "word",
        "phrase",
        "labeled",
        "labelled",
        "branded",
        "known",
        "coined",
    }
)
# Object nouns of a speech verb that name an audience, not a message ("told reporters").
AUDIENCE_NOUNS = frozenset(
    {"reporters", "journalists", "supporters", "voters", "crowd", "audience", "people", "members", "lawmakers"}
)
# Speech verbs whose direct object (or passive subject) is who is spoken to: "told Ann", "Ann was asked".
ADDRESSEE_OBJECT_VERBS = frozenset(
    """tell ask answer inform warn assure reassure remind urge advise beg implore entreat beseech thank
    interrupt address question greet caution notify instruct order command persuade congratulate scold
    rebuke reproach tease coax promise console comfort interrogate admonish""".split()
)
# Prepositions whose object is a place far more often than a person ("went to Netherfield").
LOCATIVE_PREPOSITIONS = frozenset(
    {"in", "at", "to", "from", "into", "near", "towards", "toward", "through", "round", "beyond", "across", "past"}
    | {"within", "outside"}
)
# Sentence adverbs and interjections that open a novel's sentences capitalised and that a
# recognizer takes for a name ("Hitherto she had …", "Hush, my dear"), and forms of address
# that are no name on their own ("Yes, Madam"): never a person.
NEVER_NAMES = frozenset(
    """hitherto thither hither thence hence whence herein wherein whereupon whereat thereupon henceforth
    henceforward meanwhile nevertheless notwithstanding moreover furthermore likewise alas humph hush
    hurrah hooray huzza golly damme pshaw farewell adieu nay yea lo ahem heigh fie sir madam miss mister""".split()
)
# Words that cannot be speakers even when they are a cue's subject.
NON_SPEAKERS = frozenset({"there", "what"})
# A chapter number in a novel's headings ("XIV", "IV."), which a recognizer takes for a name.
ROMAN_NUMERAL = re.compile(r"[IVXLC]+\.?")


def _data_lines(name: str) -> list[str]:
    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


# Kinship words a novel writes before a name as a title ("Aunt Hetty", "Uncle Rob").
KINSHIP_TITLES = frozenset({"aunt", "uncle", "cousin"})


@functools.cache
def titles() -> frozenset[str]:
    """Lowercase person titles and roles (``prime minister``, ``sen.``)."""
    return frozenset(_data_lines("titles.txt")) | KINSHIP_TITLES


@functools.cache
def _first_names() -> dict[str, str]:
    return dict(line.split("\t") for line in _data_lines("first_names.tsv"))


def first_name_gender(word: str) -> str | None:
    """``masculine`` or ``feminine`` for a lowercase first name that almost always names one
    sex (``emma``, ``ralph``), else ``None``."""
    return _first_names().get(word)


def relation_gender(noun: str) -> str | None:
    """``masculine`` or ``feminine`` for a lowercase relation (``mother``, ``uncle``), else ``None``."""
    if noun in FEMININE_RELATIONS:
        return "feminine"
    return "masculine" if noun in MASCULINE_RELATIONS else None


def person_noun_gender(noun: str) -> str | None:
    """``masculine`` or ``feminine`` for a lowercase noun that names a person of one sex
    without a relation (``lad``, ``duchess``, ``clergyman``, ``washerwoman``), else ``None``.

    >>> person_noun_gender("clergyman"), person_noun_gender("hostess"), person_noun_gender("stranger")
    ('masculine', 'feminine', None)
    """
    if noun in FEMININE_PERSON_NOUNS or noun.endswith("woman"):
        return "feminine"
    if noun in MASCULINE_PERSON_NOUNS or (noun.endswith("man") and noun not in _NOT_MAN_COMPOUNDS):
        return "masculine"
    return None


@functools.cache
def cue_lemmas(pos: str | None = None) -> frozenset[str]:
    """Lemmas that signal an attribution, optionally only those of one part of speech.

    Args:
        pos: ``VERB``, ``NOUN``, ``ADJ`` or ``PHRASE``; ``None`` for all.
    """
    lemmas = set()
    for line in _data_lines("cues.tsv"):
        fields = line.split("\t")
        if pos is None or fields[1] == pos:
            lemmas.add(fields[0])
    return frozenset(lemmas)


@functools.cache
def _cue_classes() -> dict[tuple[str, str], str]:
    return {(f[0], f[1]): f[2] for f in (line.split("\t") for line in _data_lines("cues.tsv"))}


def cue_class(lemma: str, pos: str) -> str | None:
    """The class of a cue (``speech``, ``belief``, ``perception``, ``other``), or ``None``."""
    return _cue_classes().get((lemma, pos))


@functools.cache
def cue_lemmas_of(pos: str, classes: frozenset[str]) -> frozenset[str]:
    """Cue lemmas of one part of speech whose class is one of ``classes``."""
    return frozenset(lemma for (lemma, cue_pos), cls in _cue_classes().items() if cue_pos == pos and cls in classes)


@functools.cache
def verb_phrases() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Cue phrases led by a verb, by the verb's lemma: ``take`` -> ``(("issue", "with"), ("aim", "at"))``.

    Phrases led by a preposition (``according to``, ``in a statement``) are left out, and so are
    those that hold a cue word of their own after the first (``go on to say``,
    ``issue a statement``), which that word already signals.
    """
    single = cue_lemmas("VERB") | cue_lemmas("NOUN")
    phrases: dict[str, list[tuple[str, ...]]] = {}
    for phrase in cue_lemmas("PHRASE"):
        first, *rest = phrase.split()
        if first in _PHRASE_LEADING_PREPOSITIONS or any(word in single for word in rest):
            continue
        phrases.setdefault(first, []).append(tuple(rest))
    # Longest first; phrases of one length alphabetically, so the choice never rests on set order.
    return {first: tuple(sorted(rests, key=lambda rest: (-len(rest), rest))) for first, rests in phrases.items()}


# Words that open a cue phrase that is not led by a verb.
_PHRASE_LEADING_PREPOSITIONS = frozenset({"according", "in", "on", "as"})


@functools.cache
def _irregular_forms() -> dict[str, str]:
    return dict(line.split("\t") for line in _data_lines("irregular_forms.tsv"))


# Regular inflections, longest first, with what to put back: "argued" -> "argu" + "e".
_SUFFIX_RULES = (("ies", "y"), ("ied", "y"), ("ing", "e"), ("ing", ""), ("ed", "e"), ("ed", ""), ("es", ""), ("s", ""))


@functools.lru_cache(maxsize=65536)
def cue_lemma(word: str) -> str:
    """The cue lemma of a word form as written, or the lowercased form when none fits.

    >>> cue_lemma("Said"), cue_lemma("argued"), cue_lemma("admitting"), cue_lemma("according to")
    ('say', 'argue', 'admit', 'according to')
    """
    form = word.lower()
    if form in _irregular_forms():
        return _irregular_forms()[form]
    known = cue_lemmas()
    if form in known:
        return form
    for suffix, restore in _SUFFIX_RULES:
        if form.endswith(suffix) and len(form) > len(suffix) + 1:
            stem = form[: -len(suffix)]
            for lemma in (stem + restore, stem[:-1] if stem[-1:] == stem[-2:-1] else ""):
                if lemma in known:
                    return lemma
    return form


def speech_verbs() -> frozenset[str]:
    """Verb lemmas of saying (not believing): the cues that can introduce a direct quote."""
    return cue_lemmas_of("VERB", frozenset({"speech"}))

"""Cues and their content: reported speech from the parse, and the cue of each direct quote."""

from __future__ import annotations

import bisect
import functools
from collections.abc import Iterable

import attrs
from spacy.tokens import Doc, Span, Token

from quotekit import lexicon
from quotekit.config import QuotekitConfig
from quotekit.detect.candidates import Candidate
from quotekit.detect.marks import SPEAKER_LABEL, QuotedSpan
from quotekit.tokenize import TokenizedText
from quotekit.tokens import tokens_with

_CLAUSE_DEPS = frozenset({"ccomp"})
# How a clause hangs on a content without being part of what is reported.
_SIDE_CLAUSE_DEPS = frozenset({"conj", "advcl", "relcl", "parataxis"})
_TRIM = frozenset({"that", ",", ":", ";", "-", "--"})
# How far up the parse a quoted fragment may sit below its cue.
_MAX_CUE_DISTANCE = 4
# How many tokens after a speech verb a stray "that" may introduce its clause.
_THAT_WINDOW = 8
# Cue classes whose direct object can be what was said ("announced new ads", "endorsed the plan");
# belief and perception verbs report only clauses ("considering a trip" is no attribution).
_OBJECT_CUE_CLASSES = frozenset({"speech", "other"})
_SPEECH_CLASS = frozenset({"speech"})
_DIALOGUE_CLASSES = frozenset({"speech", "belief"})
# Rules whose content is a noun phrase rather than a clause.
_PHRASE_RULES = frozenset(
    {"cue-object", "cue-object-infinitive", "cue-object-predicate", "cue-topic", "cue-infinitive", "cue-phrase"}
)
# Prepositions that introduce what was said: "called for X", "warned against X", "talked about X".
_TOPIC_PREPOSITIONS = frozenset({"for", "about", "against", "of"})
# Marks that end a sentence outside quotes.
_SENTENCE_ENDS = frozenset({".", "!", "?"})
# Tags of the words that open a relative clause ("which", "who", "whose", "where").
_RELATIVE_TAGS = frozenset({"WDT", "WP", "WP$", "WRB"})
# How far after a quotation a subject and verb of its own may run ("…,” an angry Hollande retaliated).
_TRAILING_CLAUSE_CHARS = 40
# How many tokens a trailing clause's subject may stand from its verb.
_ADJACENT_SUBJECT = 4
# How many words may stand inside a cue phrase ("made it very clear").
_PHRASE_GAP = 2
# Entity types of a named preposition's object that tell when, not what ("called on Monday");
# only names count, which every parse pipeline tags alike (quotekit's own tags entities near names only).
_TIME_ENTITIES = frozenset({"DATE", "TIME"})
# Children that give a speech verb content of its own ("as he said goodbye").
_OWN_CONTENT_DEPS = frozenset({"dobj", "ccomp", "xcomp", "nsubjpass"})
# How far into a quotation its speaker's label may run ("“PENCE: Well, …").
_LABEL_INSIDE_QUOTE = 12
# Dashes that set a byline or a source's name off a headline ("… - Jeffrey Jones: “…”").
_BYLINE_DASHES = frozenset({"-", "--", *lexicon.DASHES})
# Parts of speech of the words that can be cues (``according`` is found by its text).
_CUE_POS = ("VERB", "NOUN", "ADJ")
# Words after a verb that follows a quotation that start its speaker ("“…,” murmured he").
_INVERTED_SUBJECTS = frozenset({"he", "she", "i", "the", "a", "an", "his", "her", "my"})
# Verbs that lead from a quotation to a noun naming it ("“…,” was her answer", "came his voice").
_LINKING_VERBS = frozenset({"be", "come"})
# How many tokens after such a verb the noun may end ("was his mother's only reply").
_OWNED_NOUN_REACH = 6
_FIRST_PERSON_OWNERS = frozenset({"my", "our"})
# How many heads up from the last word before a quotation its speech verb may be.
_LEAD_IN_PHRASE_DEPTH = 4
# Marks between a speech verb and the quotation it leads into ("then said, “…”", "went on--“…”").
_LEAD_IN_MARKS = frozenset({",", "-", *lexicon.DASHES})
_BROKEN_OFF_MARKS = frozenset({"-", *lexicon.DASHES})
_TRAILING_CLAUSE_MARKS = frozenset({",", "?", "!", *_BROKEN_OFF_MARKS})


def is_cue(token: Token, speech_only: bool = False) -> bool:
    """Whether ``token`` can signal an attribution (``said``, ``claims``, ``according``), alone
    or as the verb of a cue phrase (``took issue with``, ``made clear``)."""
    pos = token.pos_
    if pos == "VERB":
        if cue_lemma_of(token) in (lexicon.speech_verbs() if speech_only else lexicon.cue_lemmas("VERB")):
            return True
        phrase = verb_phrase(token)
        return phrase is not None and (not speech_only or lexicon.cue_class(phrase[0], "PHRASE") == "speech")
    if token.lower_ == "according":
        return token.nbor(1).lower_ == "to" if token.i + 1 < len(token.doc) else False
    if speech_only:
        return False
    if pos == "NOUN":
        return cue_lemma_of(token) in lexicon.cue_lemmas("NOUN")
    return is_adjective_cue(token)


def cue_lemma_of(token: Token) -> str:
    """The token's lemma, or the cue lemma of the word as written when the tagger's lemma is
    no cue (the small model lemmatises ``hoping`` as ``hop``)."""
    return _cue_lemma(token.lemma_, token.lower_)


def _cue_lemma(lemma: str, lower: str) -> str:
    lemma = lemma.lower()
    if lemma in lexicon.cue_lemmas():
        return lemma
    written = lexicon.cue_lemma(lower)
    return written if written in lexicon.cue_lemmas() else lemma


def _may_be_cue(lemma: str, lower: str) -> bool:
    """What :func:`is_cue` needs of a word itself: a cue lemma (alone or leading a cue
    phrase), or ``according``. Tested once per distinct word, before any ``Token`` is made."""
    cue = _cue_lemma(lemma, lower)
    return lower == "according" or cue in lexicon.cue_lemmas() or cue in lexicon.verb_phrases()


def _may_be_quote_cue(lemma: str, lower: str) -> bool:
    """What :func:`is_quote_cue` needs of a word itself, in news or in dialogue."""
    return lemma.lower() in _quote_cue_lemmas()


@functools.cache
def _quote_cue_lemmas() -> frozenset[str]:
    particle_verbs = {phrase.split()[0] for phrase in lexicon.SPEECH_PARTICLE_VERBS}
    return lexicon.cue_lemmas("VERB") | lexicon.cue_lemmas("NOUN") | lexicon.DIALOGUE_VERBS | particle_verbs


def is_adjective_cue(token: Token) -> bool:
    """``X is confident that …``, ``X was critical of …``: an adjective of stance said of the
    subject of its copula."""
    return (
        token.pos_ == "ADJ"
        and token.dep_ == "acomp"
        and token.head.pos_ in ("AUX", "VERB")
        and token.lemma_.lower() in lexicon.cue_lemmas("ADJ")
    )


def is_quote_cue(token: Token, dialogue: bool = False) -> bool:
    """Whether ``token`` can introduce a direct quotation: a verb of saying, a noun of saying
    with its owner (``was Mr. Pell's observation``), and in dialogue a verb of thinking
    (``thought Emma``) or one that only novels use for speech (``assented the Professor``)."""
    lemma = token.lemma_.lower()
    if token.pos_ == "VERB":
        if dialogue and (lemma in lexicon.DIALOGUE_VERBS or _speech_particle_verb(token)):
            return True
        return lemma in lexicon.cue_lemmas_of("VERB", _DIALOGUE_CLASSES if dialogue else _SPEECH_CLASS)
    if token.pos_ == "NOUN" and lemma in lexicon.cue_lemmas_of("NOUN", _SPEECH_CLASS):
        return any(child.dep_ == "poss" for child in token.children)
    return False


def _speech_particle_verb(verb: Token) -> bool:
    """``put in``, ``broke in``, ``went on``: a verb whose next word makes it one of saying
    (parsed as a particle or a preposition)."""
    following = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    return following is not None and lexicon.is_speech_particle_verb(verb.lemma_, following.text)


def verb_phrase(verb: Token) -> tuple[str, tuple[Token, ...]] | None:
    """The cue phrase that ``verb`` leads (``took issue with``, ``made it clear``, ``as she put
    it``), with the tokens after the verb that complete it, or ``None``."""
    if verb.pos_ != "VERB":
        return None
    lemma = cue_lemma_of(verb)
    for rest in lexicon.verb_phrases().get(lemma, ()):
        tokens = _phrase_tokens(verb, rest)
        if tokens is not None:
            return " ".join((lemma, *rest)), tokens
    return None


def _phrase_tokens(verb: Token, words: tuple[str, ...]) -> tuple[Token, ...] | None:
    """The tokens after ``verb``, in its own subtree, that spell ``words`` in order, with at
    most a few words in between (``made it very clear``, ``took particular issue with``)."""
    doc = verb.doc

    def in_sentence(position: int) -> bool:
        # Up to the next sentence start: Token.sent would walk the whole sentence to find its end.
        return position < len(doc) and not doc[position].is_sent_start

    tokens: list[Token] = []
    position, skipped = verb.i + 1, 0
    for word in words:
        while in_sentence(position) and word not in (doc[position].lower_, doc[position].lemma_.lower()):
            token = doc[position]
            if skipped == _PHRASE_GAP or token.is_punct or token.pos_ in ("VERB", "AUX"):
                return None
            skipped += 1
            position += 1
        if not in_sentence(position) or not verb.is_ancestor(doc[position]):
            return None
        tokens.append(doc[position])
        position += 1
    return tuple(tokens)


def _cue_class(cue: Token) -> str | None:
    """The class of a verb cue, alone or as the verb of a phrase."""
    single = lexicon.cue_class(cue_lemma_of(cue), "VERB")
    if single is not None:
        return single
    phrase = verb_phrase(cue)
    return lexicon.cue_class(phrase[0], "PHRASE") if phrase is not None else None


def _char_range(tokens: Iterable[Token], offset: int) -> tuple[int, int] | None:
    """Character range of the tokens, trimmed of leading ``that`` and edge punctuation, and of
    clauses at their edge that are attributions of their own."""
    kept = _without_side_attributions(sorted(tokens, key=lambda t: t.i))
    while kept and (
        kept[0].lower_ in _TRIM or kept[0].is_space or (kept[0].dep_ == "mark" and kept[0].lower_ in ("that", "if", "whether"))
    ):
        kept.pop(0)
    while kept and ((kept[-1].is_punct and not kept[-1].is_quote) or kept[-1].is_space):
        kept.pop()
    if not kept:
        return None
    return offset + kept[0].idx, offset + kept[-1].idx + len(kept[-1].text)


def _without_side_attributions(tokens: list[Token]) -> list[Token]:
    """Drop the clauses hung on the content by coordination, adverb or relative clause that
    report someone's words themselves (``A, while others said B``, ``a finish that he said
    defied expectations``): those words are the other speaker's, not part of this content.
    A clause the content is made of (``said Y claimed Z``) stays, and so does a parenthetical
    cue, which reports this very content (``A, as the paper reported``). A "relative clause"
    set off by a comma with no relative word is a misparsed sentence of its own
    (``dismissed a question about X, a source has confirmed that …``): it is left in place,
    for :func:`_without_swallowed_cues` to drop the whole phrase."""
    indices = {t.i for t in tokens}
    dropped: set[int] = set()
    for token in tokens:
        if token.i in dropped or token.dep_ not in _SIDE_CLAUSE_DEPS or token.head.i not in indices:
            continue
        if token.dep_ == "relcl" and _opens_own_clause(token) and token.doc[max(token.left_edge.i - 1, 0)].text == ",":
            continue
        reports_own_words = not _is_parenthetical(token) and any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children)
        if reports_own_words and is_cue(token, speech_only=True):
            dropped.update(t.i for t in token.subtree)
    return [t for t in tokens if t.i not in dropped] if dropped else tokens


def _subtree_range(token: Token, offset: int, exclude: Token | None = None) -> tuple[int, int] | None:
    excluded = set(t.i for t in exclude.subtree) if exclude is not None else set()
    return _char_range((t for t in token.subtree if t.i not in excluded), offset)


class _QuoteIndex:
    """Which character offsets lie inside which quoted spans."""

    def __init__(self, spans: Iterable[QuotedSpan]) -> None:
        self.spans = sorted(spans, key=lambda s: s.start)
        self.starts = [s.start for s in self.spans]

    def containing(self, start: int, end: int) -> QuotedSpan | None:
        position = bisect.bisect_right(self.starts, start) - 1
        if position >= 0 and self.spans[position].end >= end:
            return self.spans[position]
        return None

    def overlapping(self, start: int, end: int) -> list[QuotedSpan]:
        last = bisect.bisect_left(self.starts, end)
        return [s for s in self.spans[max(0, last - 50) : last] if s.end > start]


def _token_in(index: _QuoteIndex, token: Token, offset: int) -> bool:
    start = offset + token.idx
    return index.containing(start, start + len(token.text)) is not None


def _content_of(cue: Token, offset: int) -> tuple[tuple[int, int] | None, Token | None, str]:
    """The reported content of a cue, the token heading an already known source, and the rule."""
    if cue.lower_ == "according":
        to = cue.nbor(1)
        source = next((c for c in to.children if c.dep_ == "pobj"), None)
        head = cue.head if cue.head.i != cue.i else None
        if head is None:
            return None, None, ""
        return _subtree_range(head, offset, exclude=cue), source, "according-to"
    phrase = verb_phrase(cue)
    phrase_tokens = phrase[1] if phrase is not None else ()
    for child in cue.children:
        if child in phrase_tokens:
            continue  # "made [it clear] that …": the phrase's own words say nothing
        if child.dep_ in _CLAUSE_DEPS or (
            cue.pos_ == "NOUN" and child.dep_ == "acl" and any(m.lower_ == "that" for m in child.children)
        ):
            # Only the side of the cue the clause is on: "which he said were …" reports "were …".
            same_side = (t for t in child.subtree if (t.i > cue.i) == (child.i > cue.i))
            return _char_range(same_side, offset), None, "cue-complement"
    if phrase_tokens and phrase_tokens[-1].dep_ == "prep":
        # "took issue with X", "pointed to X": the phrase's own preposition introduces what was said.
        topic = _topic_of(phrase_tokens[-1])
        if topic is not None:
            topic_parts = _object_and_infinitive(cue, topic) or (topic,)
            return _char_range((t for part in topic_parts for t in part.subtree), offset), None, "cue-phrase"
    if is_adjective_cue(cue):
        return _adjective_content(cue, offset)
    # "“Enough,” grumbled the old man": right after a quote, the object is the inverted speaker.
    takes_object = (
        cue.pos_ == "VERB" and _cue_class(cue) in _OBJECT_CUE_CLASSES and not _is_imperative(cue) and not _follows_quote(cue)
    )
    for parts, rule in (
        (_object_and_infinitive(cue) if takes_object else None, "cue-object-infinitive"),
        (_object_and_predicate(cue) if takes_object else None, "cue-object-predicate"),
    ):
        if parts is not None:
            return _char_range((t for part in parts for t in part.subtree), offset), None, rule
    # "wants to build", "hopes to win": a verb of belief or wish reports its infinitive; a
    # passive one ("is expected to") names no holder.
    holds_wish = cue.pos_ == "VERB" and _cue_class(cue) == "belief" and cue.tag_ != "VBN"
    for child in cue.children if holds_wish else ():
        if child.dep_ == "xcomp" and any(t.lower_ == "to" and t.dep_ == "aux" for t in child.lefts):
            return _subtree_range(child, offset), None, "cue-infinitive"
    for child in cue.children if takes_object else ():
        if child in phrase_tokens:
            continue
        if child.dep_ == "xcomp":
            return _subtree_range(child, offset), None, "cue-infinitive"
        if child.dep_ == "dobj" and child.pos_ not in ("PRON", "DET") and not _is_addressee(cue, child):
            return _subtree_range(child, offset), None, "cue-object"
        if child.dep_ == "prep" and child.lower_ in _TOPIC_PREPOSITIONS:
            topic = _topic_of(child)
            if topic is not None:
                return _subtree_range(topic, offset), None, "cue-topic"
        if child.dep_ == "advcl" and _opens_with_topic_preposition(cue, child):
            # "called for the minimum wage to be raised": the parser makes "for" the mark of a clause.
            return _char_range(list(child.subtree)[1:], offset), None, "cue-topic"
    that = _that_after(cue)
    if that is not None:
        # The parser lost the clause ("said following the ad that he doubts …"): take the rest of the sentence.
        return _char_range(cue.doc[that.i + 1 : cue.sent.end], offset), None, "that-clause-after-cue"
    if _is_parenthetical(cue):
        return _subtree_range(cue.head, offset, exclude=cue), None, "parenthetical-cue"
    return None, None, ""


def _adjective_content(cue: Token, offset: int) -> tuple[tuple[int, int] | None, Token | None, str]:
    """What an adjective cue reports: a clause the parser hung on its copula (``were adamant
    that …``), an infinitive (``willing to …``) or a topic (``worried about …``)."""
    clause = next((c for c in cue.head.rights if c.dep_ in _CLAUSE_DEPS and c.i > cue.i), None)
    if clause is not None:
        return _subtree_range(clause, offset), None, "cue-complement"
    for child in cue.rights:
        if child.dep_ == "xcomp":
            return _subtree_range(child, offset), None, "cue-infinitive"
        if child.dep_ == "prep" and child.lower_ in _TOPIC_PREPOSITIONS:
            topic = _topic_of(child)
            if topic is not None:
                return _subtree_range(topic, offset), None, "cue-topic"
    return None, None, ""


def _object_and_predicate(cue: Token) -> tuple[Token, Token] | None:
    """``called the plan a disaster``, ``called it reckless``: an object with what the cue says
    it is; together they are what was said, whoever or whatever the object is."""
    obj = next((c for c in cue.children if c.dep_ == "dobj"), None)
    predicate = next((c for c in cue.rights if c.dep_ == "oprd"), None)
    if obj is None or predicate is None or not obj.i < predicate.i:
        return None
    return obj, predicate


def _topic_of(preposition: Token) -> Token | None:
    """The object of a preposition that can be what was said: no pronoun, no named day or date."""
    topic = next((c for c in preposition.children if c.dep_ in ("pobj", "pcomp")), None)
    if topic is None or topic.pos_ in ("PRON", "DET") or (topic.pos_ == "PROPN" and topic.ent_type_ in _TIME_ENTITIES):
        return None
    return topic


def _opens_with_topic_preposition(cue: Token, clause: Token) -> bool:
    """``called for [the wage to be raised]``: a clause right after the cue whose first word,
    its mark, is a preposition of topic."""
    first = clause.left_edge
    return first.dep_ == "mark" and first.head.i == clause.i and first.lower_ in _TOPIC_PREPOSITIONS and first.i == cue.i + 1


def _object_and_infinitive(cue: Token, obj: Token | None = None) -> tuple[Token, Token] | None:
    """``urged voters to reject the plan``, ``called on Congress to act``: an object (the cue's
    direct object unless ``obj`` is given) with the infinitive that says what it should do;
    together they are what was said, whoever the object is."""
    if obj is None:
        obj = next((c for c in cue.children if c.dep_ == "dobj"), None)
    infinitive = next((c for c in cue.rights if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX")), None)
    if obj is None or infinitive is None or not obj.i < infinitive.i:
        return None
    if not any(t.lower_ == "to" and t.dep_ == "aux" for t in infinitive.lefts):
        return None
    return obj, infinitive


def _is_addressee(cue: Token, obj: Token) -> bool:
    """``told reporters``, ``criticized the prime minister``: the object of a speech verb that
    names people is who was spoken to or about, not what was said."""
    if lexicon.cue_class(cue_lemma_of(cue), "VERB") != "speech":
        return False
    return obj.ent_type_ in ("PERSON", "NORP") or obj.lemma_.lower() in lexicon.titles() or obj.lower_ in lexicon.AUDIENCE_NOUNS


def _follows_quote(cue: Token) -> bool:
    return cue.i > 0 and cue.doc[cue.i - 1].is_quote


def _is_imperative(verb: Token) -> bool:
    """``Watch the video below``: a bare verb opening its sentence, with no subject."""
    return verb.i == verb.sent.start and verb.tag_ == "VB" and not any(c.dep_.startswith("nsubj") for c in verb.children)


def _that_after(cue: Token) -> Token | None:
    """A ``that`` shortly after a speech verb that has no clause of its own."""
    if not is_cue(cue, speech_only=True) or cue.pos_ != "VERB":
        return None
    for token in cue.doc[cue.i + 1 : min(cue.i + _THAT_WINDOW, cue.sent.end - 2)]:
        if token.lower_ == "that" and token.dep_ not in ("det", "nsubj"):
            return token
        if token.is_punct and token.text not in (",",):
            return None
    return None


def _is_parenthetical(cue: Token) -> bool:
    """``The deal is dead, officials said.`` or ``The deal, he said, is dead.``: a speech verb
    set off by a comma, with its own subject, attached to the clause it reports."""
    if _is_as_clause(cue):
        return True
    if cue.dep_ not in ("parataxis", "ccomp") or cue.head.pos_ not in ("VERB", "AUX"):
        return False
    if not is_cue(cue, speech_only=True) or not any(c.dep_ == "nsubj" for c in cue.children):
        return False
    left = min([c.left_edge.i for c in cue.lefts if not c.is_punct] + [cue.i])
    return left > 0 and cue.doc[left - 1].text in (",", "\N{EM DASH}", "\N{EN DASH}", "--")


def _is_as_clause(cue: Token) -> bool:
    """``As the paper reported, the bridge will close.``: an ``as`` clause of a speech verb
    with a subject and nothing said of its own reports the clause it hangs on."""
    if cue.dep_ != "advcl" or cue.head.pos_ not in ("VERB", "AUX") or not is_cue(cue, speech_only=True):
        return False
    phrase = verb_phrase(cue)
    children = {c.dep_ for c in cue.children if phrase is None or c not in phrase[1]}  # "as she put it"
    opens_with_as = any(c.dep_ == "mark" and c.lower_ == "as" for c in cue.children)
    return opens_with_as and "nsubj" in children and not children & _OWN_CONTENT_DEPS


def find_reported_speech(
    doc: Doc,
    offset: int,
    direct: tuple[QuotedSpan, ...],
    fragments: tuple[QuotedSpan, ...],
    config: QuotekitConfig,
) -> tuple[tuple[Candidate, ...], tuple[QuotedSpan, ...]]:
    """Indirect and mixed quotations in ``doc``, and the fragments no cue governs.

    Returns:
        The candidates, and the quoted fragments left without a cue.
    """
    quotes = _QuoteIndex((*direct, *fragments))
    direct_index = _QuoteIndex(direct)
    candidates: list[Candidate] = []
    used_fragments: set[QuotedSpan] = set()
    for token in tokens_with(doc, pos=_CUE_POS, lower=("according",), words=_may_be_cue):
        if not is_cue(token) or _token_in(quotes, token, offset):
            continue
        content, source, rule = _content_of(token, offset)
        if content is None or content[1] - content[0] < 2:
            continue
        if direct_index.overlapping(*content):
            continue  # the content is (part of) a direct quote: linked to it elsewhere
        inner = [f for f in quotes.overlapping(*content) if f in fragments]
        # The parse may hang a fragment's mark on the cue: take the whole fragment, marks included.
        content = min([content[0], *(f.start for f in inner)]), max([content[1], *(f.end for f in inner)])
        used_fragments.update(inner)
        candidates.append(
            Candidate(
                content[0],
                content[1],
                "mixed" if inner else "indirect",
                token.i,
                source.i if source is not None else None,
                (rule,),
            )
        )
    candidates = _without_duplicates(_without_swallowed_cues(doc, offset, candidates))
    leftovers = []
    for fragment in fragments:
        if fragment in used_fragments:
            continue
        cue = _governing_cue(doc, offset, fragment, quotes)
        if cue is not None:
            candidates.append(
                Candidate(fragment.start, fragment.end, "mixed", cue.i, None, ("fragment-under-cue",), fragment.closed)
            )
        elif _long_enough(doc, offset, fragment, config):
            leftovers.append(fragment)
    return tuple(candidates), tuple(leftovers)


def _without_swallowed_cues(doc: Doc, offset: int, candidates: list[Candidate]) -> list[Candidate]:
    """Drop noun-phrase contents that run over another attribution's clause: a parse that hangs
    a whole clause under an object (``dismissed a question about …, a source has confirmed that …``).
    A cue the phrase rightly holds stays inside it (``announced her plan to support …``,
    ``posted messages in which the group urged …``)."""
    cue_offsets = [offset + doc[c.cue].idx for c in candidates if c.cue is not None and _opens_own_clause(doc[c.cue])]
    kept = []
    for candidate in candidates:
        swallows = candidate.evidence[0] in _PHRASE_RULES and any(
            candidate.start <= offset < candidate.end for offset in cue_offsets
        )
        if not swallows:
            kept.append(candidate)
    return kept


def _opens_own_clause(cue: Token) -> bool:
    """A verb cue with its own subject that is no relative clause: the start of a separate
    attribution, which no noun phrase can hold."""
    if cue.pos_ != "VERB" or not any(c.dep_ in ("nsubj", "nsubjpass") for c in cue.children):
        return False
    # The subtree's words before the cue lie between its left edge and the cue.
    before = cue.doc[cue.left_edge.i : cue.i]
    return not any(t.tag_ in _RELATIVE_TAGS and cue.is_ancestor(t) for t in before)


def _without_duplicates(candidates: list[Candidate]) -> list[Candidate]:
    """One candidate per span: a cue's own clause beats a ``that`` found after another cue
    (``was quick to respond, saying that …`` reports once, through ``saying``)."""
    best: dict[tuple[int, int], Candidate] = {}
    for candidate in candidates:
        key = (candidate.start, candidate.end)
        kept = best.get(key)
        if kept is None or (kept.evidence[0] == "that-clause-after-cue" and candidate.evidence[0] != kept.evidence[0]):
            best[key] = candidate
    return [c for c in candidates if best[(c.start, c.end)] is c]


def _fragment_tokens(doc: Doc, offset: int, span: QuotedSpan) -> Span | None:
    return doc.char_span(span.start - offset, span.end - offset, alignment_mode="expand")


def _governing_cue(doc: Doc, offset: int, fragment: QuotedSpan, quotes: _QuoteIndex) -> Token | None:
    tokens = _fragment_tokens(doc, offset, fragment)
    if tokens is None or len(tokens) == 0:
        return None
    head = tokens.root
    for _ in range(_MAX_CUE_DISTANCE):
        if head.head.i == head.i:
            return None
        head = head.head
        if head.lower_ in lexicon.SCARE_QUOTE_MARKERS:
            return None
        if is_cue(head) and not _token_in(quotes, head, offset):
            return head
    return None


def _long_enough(doc: Doc, offset: int, fragment: QuotedSpan, config: QuotekitConfig) -> bool:
    tokens = _fragment_tokens(doc, offset, fragment)
    if tokens is None:
        return False
    words = [t for t in tokens if not t.is_punct and not t.is_space]
    before = doc[tokens.start - 1].lower_ if tokens.start > 0 else ""
    return len(words) >= config.min_fragment_words and before not in lexicon.SCARE_QUOTE_MARKERS


def link_direct_cues(
    doc: Doc, offset: int, tokenized: TokenizedText, direct: tuple[QuotedSpan, ...], config: QuotekitConfig
) -> tuple[Candidate, ...]:
    """A candidate for each direct quotation, with the speech verb that introduces it, if any.

    The cue is, in order of preference: the verb before a colon that introduces the quote
    (``X fired back: “…”``, also at the end of the previous paragraph); a speech verb that
    governs the quote in the parse; the nearest speech verb outside quotes in the same
    paragraph. Without any, stage 3 decides (continuation).
    """
    dialogue = config.mode == "fiction"
    quotes = _QuoteIndex(direct)
    outside_cues = [
        t
        for t in tokens_with(doc, pos=("VERB", "NOUN"), words=_may_be_quote_cue)
        if is_quote_cue(t, dialogue) and not _token_in(quotes, t, offset)
    ]
    cue_positions = [offset + t.idx for t in outside_cues]
    linked: list[Candidate] = []
    for span in direct:
        paragraph_index = tokenized.paragraph_index(span.start)
        paragraph = tokenized.paragraphs[paragraph_index]
        last_paragraph = tokenized.paragraphs[tokenized.paragraph_index(span.end - 1)]
        # A label opening the quotation itself ("PENCE: …") names its speaker whatever the
        # sentence before it says ("Partial transcript follows:").
        source = None if dialogue else _line_speaker(doc, offset, tokenized.text, span.start, span)
        cue, rule = None, "speaker-label"
        if source is None:
            cue, source, rule = _direct_cue(doc, offset, tokenized.text, span, quotes, dialogue)
        if cue is None and source is None and not dialogue:
            source, rule = _line_speaker(doc, offset, tokenized.text, paragraph.start, span), "speaker-label"
        previous = linked[-1] if linked else None
        if cue is None and source is None and dialogue:
            # "“A,” she went on, turning away. “B.”": a quotation with no cue of its own goes on the
            # turn of the one before it in the paragraph, whatever verbs the narration between holds.
            cue, rule = _continued_cue(doc, offset, previous, span, paragraph_index), "continues-cue"
        if cue is None and source is None:
            cue, rule = (
                _nearest_cue(outside_cues, cue_positions, span, paragraph.start, last_paragraph.end, quotes),
                "cue-in-paragraph",
            )
        if cue is None and source is None:
            rule = "no-cue"
        candidate = Candidate(
            span.start,
            span.end,
            "direct",
            cue.i if cue is not None else None,
            source.i if source is not None else None,
            (rule,),
            span.closed,
            paragraph_index,
        )
        if previous is not None and cue is not None and previous.cue == cue.i and previous.paragraph == paragraph_index:
            # One quotation interrupted by its own cue: “A,” he said. “B.”
            pieces = (previous.pieces or ((previous.start, previous.end),)) + ((span.start, span.end),)
            candidate = attrs.evolve(previous, end=span.end, closed=previous.closed and span.closed, pieces=pieces)
            linked.pop()
        linked.append(candidate)
    return tuple(linked)


def _continued_cue(doc: Doc, offset: int, previous: Candidate | None, span: QuotedSpan, paragraph: int) -> Token | None:
    """The cue of the quotation before ``span`` in its paragraph, when it has one of its own
    and no one named acts in the narration between them (``… and Hetty appeared. “…”``), who
    may be the one to speak next."""
    if previous is None or previous.paragraph != paragraph or previous.cue is None:
        return None
    if previous.evidence[-1] == "cue-in-paragraph":
        return None
    between = doc.char_span(previous.end - offset, span.start - offset, alignment_mode="contract")
    named = between is not None and any(t.dep_ == "nsubj" and t.pos_ == "PROPN" and t.head.i != previous.cue for t in between)
    return None if named else doc[previous.cue]


def _direct_cue(
    doc: Doc, offset: int, text: str, span: QuotedSpan, quotes: _QuoteIndex, dialogue: bool
) -> tuple[Token | None, Token | None, str]:
    """The cue, or the speaker's own token, that a direct quotation's sentence gives it, and the rule."""
    if not dialogue:
        signed = _name_after_dash(doc, offset, text, span.end)
        if signed is not None:
            return None, signed, "dash-signature"
    colon = _colon_before(doc, offset, text, span.start)
    if colon is not None:
        source = _name_before_colon(colon)
        if source is not None:
            return None, source, "name-before-colon"
        verb = _verb_before_colon(colon)
        if verb is not None and dialogue:
            verb = _owned_speech_noun_before(verb) or _speech_verb_under(verb, colon)
        if verb is not None:
            return verb, None, "colon-introduces-quote"
    governing = _governing_speech_verb(doc, offset, span, quotes, dialogue)
    if governing is None and dialogue:
        lead_in = _speech_verb_before(doc, offset, text, span.start, quotes)
        trailing = _dialogue_verb_after_quote(doc, offset, text, span)
        if lead_in is not None and (trailing is None or not _ends_narration_paragraph(text, offset, lead_in, span)):
            return lead_in, None, "lead-in-cue"
        if trailing is not None:
            return trailing, None, "verb-after-quote"
    if governing is None and not dialogue:
        trailing = _verb_after_quote(doc, offset, text, span)
        if trailing is not None:
            return trailing, None, "verb-after-quote"
    return governing, None, "cue-governs-quote"


def _ends_narration_paragraph(text: str, offset: int, lead_in: Token, span: QuotedSpan) -> bool:
    """Whether ``lead_in`` ends the sentence of a narration paragraph before the quotation's
    (``… which no one could recall.``), so that the quotation's own cue after it (``“…?”
    exclaimed the old lady``) tells better who speaks; a gerund after a preposition (``… a
    great effort before speaking.``) announces the speech to come all the same."""
    between = text[offset + lead_in.idx : span.start]
    return "\n" in between and between.rstrip().endswith(".") and lead_in.dep_ != "pcomp"


def _clause_after_quote(doc: Doc, offset: int, text: str, span: QuotedSpan) -> tuple[str, Span] | None:
    """The mark a quotation ends in, when it is a comma, question or exclamation mark or a dash,
    and the tokens of the short stretch of text after the quotation, where a trailing clause
    would be."""
    inner = text[span.start : span.end].rstrip(lexicon.QUOTE_MARKS)
    if not inner or inner[-1] not in _TRAILING_CLAUSE_MARKS:
        return None
    after = min(len(text), span.end + _TRAILING_CLAUSE_CHARS)
    tokens = doc.char_span(span.end - offset, after - offset, alignment_mode="contract")
    return None if tokens is None else (inner[-1], tokens)


def _verb_after_quote(doc: Doc, offset: int, text: str, span: QuotedSpan) -> Token | None:
    """``“…,” Trump shot back.``, ``“…?” a staffer wondered.``: a quotation that ends in a comma,
    question or exclamation mark and is followed by a short clause of a subject and a verb
    (either order) is that clause's, whatever the verb."""
    clause = _clause_after_quote(doc, offset, text, span)
    if clause is None or clause[0] in _BROKEN_OFF_MARKS:
        return None
    _, tokens = clause
    for token in tokens:
        if token.is_punct or token.is_space or token.text in lexicon.QUOTE_MARKS:
            break
        subject = next((c for c in token.children if c.dep_ == "nsubj"), None) if token.pos_ == "VERB" else None
        if subject is not None and tokens.start <= subject.i and abs(subject.i - token.i) <= _ADJACENT_SUBJECT:
            return token
    return None


def _dialogue_verb_after_quote(doc: Doc, offset: int, text: str, span: QuotedSpan) -> Token | None:
    """``“…,” quavered Ann``, ``“…?” she sniffed``, ``“…,” Ann breathed``: in dialogue, a verb
    of any kind in a short clause right after a quotation that ends in a comma (or a question or
    exclamation mark with the sentence running on in lower case) tells who spoke it, its
    subject before it or its name right after it."""
    clause = _clause_after_quote(doc, offset, text, span)
    if clause is None:
        return None
    mark, tokens = clause
    words = [t for t in tokens if not t.is_space]
    if not words or (mark != "," and not words[0].is_lower):
        return None
    first = words[0]
    owned = _owned_noun_after(first) if first.lemma_.lower() in _LINKING_VERBS else None
    if owned is not None or mark in _BROKEN_OFF_MARKS:
        # "“Pell dear--” was her greeting": a broken-off quotation runs on only into such a clause.
        return owned
    if first.pos_ == "VERB" and first.tag_ == "VBD":
        following = first.nbor(1) if first.i + 1 < len(doc) else None
        if following is not None and (
            following.pos_ == "PROPN" or following.lower_ in _INVERTED_SUBJECTS or following.dep_ == "det"
        ):
            return first
        return None
    return _verb_after_quote(doc, offset, text, span)


def _owned_noun_after(verb: Token) -> Token | None:
    """``“…,” was her answer``, ``“…,” came Ann's voice``: the noun with an owner that a
    linking verb after a quotation leads to, whose owner is the speaker."""
    for token in verb.doc[verb.i + 1 : min(verb.i + 1 + _OWNED_NOUN_REACH, verb.sent.end)]:
        owner = next((c for c in token.children if c.dep_ == "poss"), None) if token.pos_ == "NOUN" else None
        if owner is not None:
            # "was my reply": the resolver takes a first-person owner for no one.
            return token if owner.lower_ not in _FIRST_PERSON_OWNERS else None
        if token.is_punct:
            break
    return None


def _owned_speech_noun_before(verb: Token) -> Token | None:
    """``His answer was: “…”``, ``to which her prompt reply was, “…”``: the speech noun with an
    owner that is the subject of a linking verb leading into a quotation, whose owner speaks."""
    if verb.lemma_.lower() not in _LINKING_VERBS:
        return None
    for subject in (c for c in verb.children if c.dep_ == "nsubj" and c.pos_ == "NOUN"):
        lemma = cue_lemma_of(subject)
        speech = lemma in lexicon.speech_verbs() or lexicon.cue_class(lemma, "NOUN") == "speech"
        if speech and any(c.dep_ == "poss" and c.lower_ not in _FIRST_PERSON_OWNERS for c in subject.children):
            return subject
    return None


def _line_speaker(doc: Doc, offset: int, text: str, line_start: int, span: QuotedSpan) -> Token | None:
    """``PENCE: Well, …`` in a transcript, ``Ryan: ‘…’ Have ‘…’`` in a headline: a short name
    and a colon opening the quotation's line label who speaks, also inside the quote marks."""
    label = SPEAKER_LABEL.match(text, max(line_start, offset), span.end)
    if label is None or label.end(1) > span.start + _LABEL_INSIDE_QUOTE:
        return None
    name = doc.char_span(label.start(1) - offset, label.end(1) - offset, alignment_mode="contract")
    if name is None or len(name) == 0 or name[-1].pos_ not in ("PROPN", "NOUN") or not name[-1].text[:1].isupper():
        return None
    return name[-1]


def _name_after_dash(doc: Doc, offset: int, text: str, quote_end: int) -> Token | None:
    """``“…” ― Jane Doe`` or ``“…”`` then a line ``- Doe.``: a name after a dash that ends its
    line signs the quotation before it, as in digests of readers' or candidates' words."""
    position = quote_end
    while position < len(text) and text[position].isspace():
        position += 1
    if position >= len(text) or text[position] not in _BYLINE_DASHES:
        return None
    start = doc.char_span(position - offset, position - offset + 1, alignment_mode="expand")
    if start is None or len(start) == 0:
        return None
    name = None
    for token in doc[start.end : start.sent.end]:
        if token.is_space or (token.text == "." and name is None):
            continue
        if token.pos_ != "PROPN" and not (name is not None and token.text.endswith(".") and token.is_title):
            break
        name = token
    if name is None:
        return None
    rest = text[offset + name.idx + len(name.text) :].split("\n", 1)[0]
    return _phrase_head(name) if not rest.strip(" .,\N{NO-BREAK SPACE}") else None


def _phrase_head(token: Token) -> Token:
    while token.dep_ == "compound" and token.head.i > token.i:
        token = token.head
    return token


def _speech_verb_before(doc: Doc, offset: int, text: str, quote_start: int, quotes: _QuoteIndex) -> Token | None:
    """``he went on--“…”``, ``and then said, “…”``, ``she interrupted him with, “…”``, ``he
    addressed her in these words, “…”`` (also across a paragraph break, where a narration
    paragraph may end its sentence: ``the lady broke in.``): a speech verb (with its particle
    or phrase) that ends the narration right before a quotation, after at most a comma or a
    dash, introduces it."""
    position = quote_start - 1
    while position >= offset and (text[position].isspace() or text[position] in _LEAD_IN_MARKS):
        position -= 1
    if position >= offset and text[position] == "." and "\n" in text[position:quote_start]:
        # A narration paragraph ending with the verb, if it holds no quotation of its own.
        paragraph_start = text.rfind("\n", offset, position) + 1
        if any(mark in text[paragraph_start:position] for mark in lexicon.QUOTE_MARKS):
            return None
        position -= 1
    if position < offset:
        return None
    span = doc.char_span(position - offset, position - offset + 1, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    last = span[0]
    if _token_in(quotes, last, offset):
        return None
    if _introduces_speech(last):
        return last
    owned = _owned_speech_noun_before(last)
    if owned is not None:
        return owned
    verb = last.head
    if lexicon.is_speech_particle_verb(verb.lemma_, last.text):
        return verb
    # "interrupted him with,", "addressed her in these words,": the verb the phrase hangs on.
    if last.dep_ == "pobj":
        verb = verb.head
    if last.dep_ in ("pobj", "prep") and verb.pos_ == "VERB" and _introduces_speech(verb):
        return verb
    same_paragraph = "\n" not in text[position:quote_start]
    return _speech_verb_above(last) if same_paragraph else None


def _introduces_speech(token: Token) -> bool:
    """Whether a word before a quotation can lead into it: a speech verb or noun, or a verb
    only novels use for speech (``assented``)."""
    return is_cue(token, speech_only=True) or is_quote_cue(token, dialogue=True)


def _speech_verb_above(last: Token) -> Token | None:
    """``he said quietly “…”``, ``she said, with a smile of discovery, “…”``: the speech verb
    that a short phrase ending the narration hangs on, with no other verb on the way up."""
    token = last
    for _ in range(_LEAD_IN_PHRASE_DEPTH):
        if token.head.i == token.i or token.head.i > token.i:
            return None
        token = token.head
        if token.pos_ in ("VERB", "AUX"):
            return token if token.pos_ == "VERB" and _introduces_speech(token) else None
    return None


def _colon_before(doc: Doc, offset: int, text: str, quote_start: int) -> Token | None:
    """The colon token right before a quotation (also across a paragraph break), if any."""
    position = quote_start - 1
    while position >= offset and text[position].isspace():
        position -= 1
    if position < offset or text[position] != ":":
        return None
    colon_span = doc.char_span(position - offset, position - offset + 1, alignment_mode="expand")
    if colon_span is None or len(colon_span) == 0:
        return None
    return colon_span[0]


def _verb_of_colon(colon: Token) -> Token:
    """The verb of the clause that ends with the colon. A parse that hangs the colon on a verb
    of the quote after it (``as Ridge put it: ''They're inside.''``) gives the nearest verb
    before the colon instead."""
    if colon.head.pos_ in ("VERB", "AUX") and colon.head.i < colon.i:
        return colon.head
    sentence = colon.sent
    before = [t for t in colon.doc[sentence.start : colon.i] if t.pos_ in ("VERB", "AUX")]
    if colon.head.i > colon.i and before:
        return before[-1]
    return colon.head if colon.head.pos_ in ("VERB", "AUX") else sentence.root


def _verb_before_colon(colon: Token) -> Token | None:
    """``Rubio fired back: “…”``: the verb before the colon, whatever it is, when it has a
    subject to be the speaker."""
    verb = _verb_of_colon(colon)
    has_subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)
    return verb if has_subject or is_cue(verb, speech_only=True) else None


def _speech_verb_under(verb: Token, colon: Token) -> Token:
    """``For it was in ominous tones that she said, after a long pause:``, ``Ann stared so
    blankly that he repeated:``: the last verb of saying between a colon's verb and the colon,
    in that verb's clause, rather than the verb itself."""
    if _introduces_speech(verb):
        return verb
    speech = [t for t in colon.doc[verb.i + 1 : colon.i] if t.pos_ == "VERB" and verb.is_ancestor(t) and _introduces_speech(t)]
    return speech[-1] if speech else verb


def _name_before_colon(colon: Token) -> Token | None:
    """``Clinton: “…”``, ``Headline - Jeffrey Jones: “…”``, ``More from the report: “…”``: a
    name (or a noun after ``from``) right before the colon is the speaker. A verb of saying
    before it introduces the quote instead (``He told CNN: “…”``), unless a dash sets the
    name off as a byline; a name after another preposition is no speaker (``in Washington:``)."""
    if colon.i == 0:
        return None
    doc = colon.doc
    name = doc[colon.i - 1]
    first = name.i
    while first > 0 and doc[first - 1].pos_ == "PROPN" and doc[first - 1].dep_ == "compound":
        first -= 1
    if name.pos_ == "PROPN" and first > 0 and doc[first - 1].text in _BYLINE_DASHES:
        return name
    if is_cue(_verb_of_colon(colon), speech_only=True):
        return None
    after_from = name.dep_ == "pobj" and name.head.lower_ == "from"
    # The small parser often takes a lone surname opening a line ("Morales: “…”") for a noun.
    lone_name = name.is_title and (first == 0 or doc[first - 1].is_space or doc[first - 1].is_quote or name.is_sent_start)
    if (name.pos_ == "PROPN" and name.dep_ != "pobj") or (name.pos_ in ("PROPN", "NOUN") and (after_from or lone_name)):
        return name
    return None


def _governing_speech_verb(doc: Doc, offset: int, span: QuotedSpan, quotes: _QuoteIndex, dialogue: bool) -> Token | None:
    tokens = doc.char_span(span.start - offset, span.end - offset, alignment_mode="expand")
    if tokens is None:
        return None
    for token in tokens:
        head = token.head
        if (
            not (tokens.start <= head.i < tokens.end)
            and is_quote_cue(head, dialogue)
            and not _token_in(quotes, head, offset)
            and not _sentence_ends_between(doc, offset, head, tokens.start, quotes)
        ):
            return head
    return None


def _sentence_ends_between(doc: Doc, offset: int, cue: Token, quote_start: int, quotes: _QuoteIndex) -> bool:
    """``X said A. “B,” …``: a parse that runs over a full stop hangs the quote on the verb of
    the sentence before; a cue before the quote governs it only within one sentence."""
    return any(t.text in _SENTENCE_ENDS and not _token_in(quotes, t, offset) for t in doc[cue.i + 1 : quote_start])


def _nearest_cue(
    cues: list[Token], positions: list[int], span: QuotedSpan, lower: int, upper: int, quotes: _QuoteIndex
) -> Token | None:
    best: tuple[float, int] | None = None
    for position in range(bisect.bisect_left(positions, lower), bisect.bisect_left(positions, upper)):
        at = positions[position]
        distance = span.start - at if at < span.start else at - span.end
        between = (at, span.start) if at < span.start else (span.end, at)
        if quotes.overlapping(between[0] + 1, between[1] - 1):
            distance += 10_000  # another quotation stands between them
        if best is None or distance < best[0]:
            best = (distance, position)
    return cues[best[1]] if best is not None else None

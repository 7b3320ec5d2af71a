"""From a cue to the words that name its speaker."""

from __future__ import annotations

from spacy.tokens import Token

from quotekit import lexicon

_SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
# Prepositions that stay inside a speaker phrase ("the ambassador to Canada", "a spokesman for the city").
_NAME_PREPOSITIONS = frozenset({"of", "to", "for", "at", "from", "with"})
# How many tokens after a subjectless speech verb its speaker may start.
_ADJACENT_REACH = 5
# Verb forms without a subject of their own: gerunds, participles, bare infinitives.
_NON_FINITE_TAGS = frozenset({"VBG", "VB", "VBN"})
# How many heads up a non-finite cue looks for the verb whose subject controls it.
_CONTROLLER_REACH = 6
# Prepositions between a verb and the thing it issued ("responded with a note", "is on record").
_ISSUING_PREPOSITIONS = frozenset({"with", "on", "in", "at"})
# How many tokens after a verb that follows a quotation its misparsed subject may sit ("asked Mrs. Hale").
_INVERTED_SUBJECT_REACH = 3
# How many adverbs may stand between a quotation and the verb after it ("“…!” suddenly cried Ann").
_ADVERBS_BEFORE_CUE = 2
# Verbs whose object is the time a gerund took ("spent years asking"), not who did it.
_DURATION_VERBS = frozenset({"spend", "waste"})
_SUBJECT_PRONOUNS = frozenset({"he", "she", "they", "i", "we"})
# Verbs whose passive subject holds the view reported ("X is convinced that …").
_CONVINCING_VERBS = frozenset({"convince", "persuade"})
# Children that end a speaker phrase: "Hugh Hill, a doctor, said" keeps "Hugh Hill".
_PHRASE_STOPS = frozenset({"relcl", "appos", "acl", "punct", "advcl", "parataxis"})


def speaker_head(cue: Token) -> tuple[Token | None, str]:
    """The token heading the speaker mention of ``cue``, and the rule that found it.

    Handles ``X said``, ``said X``, ``X smiled and said``, ``X declined to say``,
    ``X, who said``, ``was told by X``, ``X's claim`` and ``according to X``.
    """
    head, rule = _speaker_head(cue)
    return (_without_manner_adverb(head) if head is not None else None), rule


def _without_manner_adverb(head: Token) -> Token:
    """``“…,” said Ann dreamily`` parsed with the adverb as a noun and the name as its compound:
    the name."""
    if not _is_manner_adverb(head):
        return head
    names = [c for c in head.lefts if c.dep_ == "compound" and c.is_title]
    return names[-1] if names else head


def _is_manner_adverb(token: Token) -> bool:
    return token.is_lower and token.lower_.endswith("ly") and token.pos_ in ("NOUN", "PROPN", "ADV", "ADJ")


def _speaker_head(cue: Token) -> tuple[Token | None, str]:
    if cue.lower_ == "according":
        to = cue.nbor(1)
        return next((c for c in to.children if c.dep_ == "pobj"), None), "according-to"
    if cue.pos_ == "NOUN":
        owner = next((c for c in cue.children if c.dep_ == "poss"), None)
        if owner is not None:
            return owner, "cue-owner"
        author = _noun_author(cue)
        if author is not None:
            return author, "cue-author"
        if cue.dep_ == "pobj" and cue.head.dep_ == "prep":
            # "persisted in arguments that", "says in a statement that", "took offense at suggestions that"
            cue = cue.head.head
            if cue.pos_ == "NOUN" and cue.dep_ in ("dobj", "attr"):
                cue = cue.head
        elif cue.dep_ in ("dobj", "pobj", "attr"):
            cue = cue.head
    if cue.pos_ == "ADJ" and cue.dep_ == "acomp":
        cue = cue.head  # "X is confident that …": the copula's subject holds the stance
    parsed = _subject_of(cue)
    # A parse that makes a word inside the quotation the subject ("“What!” cried Ann"), or a word
    # after the name ("“…,” said George, impassive"), for which only a name after the verb will do.
    quoted = parsed is not None and parsed.i < cue.i and _right_after_quote(cue)
    after_name = parsed is not None and parsed.i > cue.i and parsed.pos_ not in ("PROPN", "PRON")
    inverted = subject_after_quote(cue) if parsed is None or quoted or after_name else None
    if inverted is not None and (not after_name or inverted.pos_ == "PROPN"):
        return inverted, "inverted-cue-subject"
    watched = _watched_object(cue)
    if watched is not None:
        return watched, "object-of-governor"
    speaker = _speaker_going_on(cue) if parsed is None else None
    if speaker is not None:
        return speaker, "goes-on-speaking"
    verb = cue
    issued = False  # climbed from a thing that says something to whoever issued it
    for _ in range(4):
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        if agent is not None:
            by_object = next((c for c in agent.children if c.dep_ == "pobj"), None)
            if by_object is not None:
                return by_object, "passive-agent"
        subject = _subject_of(verb)
        if subject is None:
            # "About 4 in 10 say …": the parser hangs a poll's share on the verb as a number.
            subject = next((c for c in verb.lefts if c.dep_ == "nummod"), None)
        if subject is not None and _is_thing(subject):
            # "With days left, Jane Roe, an aide, said": the parse made the name an apposition of a thing.
            subject = next((c for c in subject.children if c.dep_ == "appos" and c.ent_type_ == "PERSON"), subject)
        # The cue's own passive subject is who was spoken to (unless it is who was convinced);
        # a governing verb's is the speaker.
        spoken_to = subject is not None and subject.dep_ == "nsubjpass" and verb.i == cue.i
        if subject is not None and (not spoken_to or cue.lemma_.lower() in _CONVINCING_VERBS):
            if subject.lower_ in lexicon.RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                return subject, "relative-pronoun"
            if subject.lower_ in lexicon.NON_SPEAKERS:
                return None, "expletive-subject"
            rule = "issuer-subject" if issued else "cue-subject" if subject.i < cue.i else "inverted-cue-subject"
            return subject, rule
        if subject is not None:
            return None, "passive-no-agent"
        if verb.dep_ in ("relcl", "acl") and verb.head.pos_ in ("NOUN", "PROPN", "PRON") and verb.head.dep_ != "ROOT":
            governor = _issuing_verb(verb.head)
            if governor is None:
                return verb.head, "modified-noun"
            verb, issued = governor, True  # "X issued a statement saying …": the statement speaks for X
            continue
        if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.i != verb.i:
            verb = verb.head
            continue
        if verb.dep_ == "pcomp" and verb.head.dep_ == "prep":  # "X did A by pointing out that B"
            verb = verb.head.head
            continue
        break
    head, rule = _adjacent_noun(cue)
    if head is None and cue.tag_ in _NON_FINITE_TAGS:
        controller = _controller_subject(cue)
        if controller is not None:
            return controller, "controller-subject"
    return head, rule


def _watched_object(cue: Token) -> Token | None:
    """``The ad shows footage of Jane Roe asking …``, ``left many nations feeling that …``: a
    gerund complement right after its governing verb's object is said by that object."""
    if cue.tag_ != "VBG" or cue.dep_ != "xcomp" or cue.i == 0 or cue.head.lemma_.lower() in _DURATION_VERBS:
        return None
    before = cue.doc[cue.i - 1]
    if before.pos_ not in ("NOUN", "PROPN", "PRON") or before.ent_type_ in ("DATE", "TIME"):
        return None
    governed = next((c for c in cue.head.children if c.dep_ == "dobj"), None)
    if governed is None or not governed.left_edge.i <= before.i <= governed.right_edge.i:
        return None
    return _phrase_head(before)


def _noun_author(cue: Token) -> Token | None:
    """``an admission from Warren that …``, ``the suggestion by a senator that …``: who a noun
    of saying comes from."""
    for child in cue.rights:
        if child.dep_ == "prep" and child.lower_ in ("from", "by"):
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def _issuing_verb(noun: Token) -> Token | None:
    """The verb whose subject issued a thing that says something: ``X issued a statement
    saying``, ``X had nothing bad to say``, ``X responded with a note saying``, ``X is on record
    opposing``. ``None`` when the noun may speak itself (a person, a group, an organization), or
    when the verb only holds or passes on the thing (``included ledgers showing``)."""
    if not _is_thing(noun):
        return None
    verb = noun.head
    if noun.dep_ == "pobj" and verb.dep_ == "prep" and verb.lower_ in _ISSUING_PREPOSITIONS:
        verb = verb.head
    elif noun.dep_ != "dobj":
        return None
    if verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() in lexicon.HOLDING_VERBS:
        return None
    # A verb with no subject of its own ("backtracked, putting out a statement saying") leads on to one that has.
    return verb if any(c.dep_ == "nsubj" for c in verb.children) or verb.dep_ in ("conj", "xcomp", "advcl") else None


def _is_thing(noun: Token) -> bool:
    """A common noun or indefinite pronoun (``nothing``) that names no one who could speak."""
    if noun.pos_ == "PRON":
        return noun.lower_ in lexicon.INDEFINITE_THINGS
    lemma = noun.lemma_.lower()
    return (
        noun.pos_ == "NOUN"
        and not noun.ent_type_
        and not (
            lemma in lexicon.ANONYMOUS_SOURCE_HEADS
            or lemma in lexicon.SPEAKING_BODIES
            or noun.lower_ in lexicon.AUDIENCE_NOUNS
            or lemma in lexicon.titles()
        )
    )


def subject_after_quote(cue: Token) -> Token | None:
    """The inverted subject of a speech verb that directly follows a quotation, whatever the
    parse made of it: ``“Is it late?” asked Tilda`` (parsed as an object), ``“Harriet!” cried
    Emma`` (the vocative parsed as the subject), ``“…,” put in Lucy`` (after a particle)."""
    doc = cue.doc
    if cue.pos_ != "VERB" or not _right_after_quote(cue):
        return None
    determined = False  # a common noun names a speaker only with a determiner: "the man", not "questions"
    first = cue.i + 1
    if first < len(doc) and lexicon.is_speech_particle_verb(cue.lemma_, doc[first].text):
        first += 1  # "“…,” put in Lucy"
    for token in doc[first : min(first + _INVERTED_SUBJECT_REACH, cue.sent.end)]:
        if token.pos_ == "PROPN":
            return _name_head(token)
        if token.i == first and _mistagged_name(token):
            return token  # "“…,” said Hetty", with the name taken for an adverb
        if token.lower_ in _SUBJECT_PRONOUNS or (token.pos_ == "NOUN" and determined):
            return _phrase_head(token)
        determined = determined or token.dep_ in ("det", "poss")
        if token.pos_ not in ("DET", "ADJ", "PRON") and token.dep_ not in ("compound", "amod", "det", "poss"):
            break
    return None


def _speaker_going_on(cue: Token) -> Token | None:
    """``Ann answered, “No,” adding, “…”``: a gerund right after a quotation goes on with its
    speaker, the subject of the verb that leads into it, whatever the parser hangs it on."""
    if cue.tag_ != "VBG" or not _right_after_quote(cue):
        return None
    doc = cue.doc
    # Back past the closing quote mark (and the spaces or adverbs before the gerund) to the opening one.
    position = cue.i - 1
    while position > cue.sent.start and not doc[position].is_quote:
        position -= 1
    position -= 1
    while position > cue.sent.start and not doc[position].is_quote:
        position -= 1
    while position > cue.sent.start and (doc[position - 1].is_punct or doc[position - 1].is_space):
        position -= 1
    lead = doc[position - 1] if position > cue.sent.start else None
    if lead is None or lead.pos_ != "VERB":
        return None
    return _subject_of(lead)


def _right_after_quote(cue: Token) -> bool:
    """A verb that follows a closing quote mark, maybe past stray spaces and an adverb or two
    (``“…”  continued Ann``, ``“…!” suddenly cried Ann``, ``“…,” again interrupted Ann``)."""
    doc = cue.doc
    position = cue.i - 1
    adverbs = 0
    while position >= cue.sent.start and (
        doc[position].is_space or (doc[position].pos_ == "ADV" and adverbs < _ADVERBS_BEFORE_CUE)
    ):
        adverbs += not doc[position].is_space
        position -= 1
    return position >= 0 and doc[position].is_quote


def _mistagged_name(token: Token) -> bool:
    """A capitalized word inside a sentence that the tagger took for an adverb, adjective or
    common noun: a name it does not know (a name in -ly, a surname in -s)."""
    return token.pos_ in ("ADV", "ADJ", "NOUN") and token.is_title and not token.is_sent_start and len(token.text) > 1


def _controller_subject(cue: Token) -> Token | None:
    """``Graham attacked voters for opposing the plan``: a gerund or infinitive with no subject
    of its own is said by the active subject of the nearest verb above it."""
    token = cue
    for _ in range(_CONTROLLER_REACH):
        if token.head.i == token.i:
            return _parenthetical_subject(token)
        token = token.head
        if token.pos_ in ("VERB", "AUX"):
            subject = _subject_of(token)
            if subject is not None:
                relative = subject.lower_ in lexicon.RELATIVE_PRONOUNS and token.dep_ != "relcl"
                usable = subject.dep_ == "nsubj" and subject.lower_ not in lexicon.NON_SPEAKERS and not relative
                return subject if usable else None
    return None


def _parenthetical_subject(root: Token) -> Token | None:
    """``“…,” Jane Roe said, not even needing to mention …``, parsed with the participle as the
    root: the subject of the speech clause hung before it."""
    if root.tag_ != "VBG":
        return None
    for clause in root.lefts:
        if clause.dep_ == "parataxis" and clause.lemma_.lower() in lexicon.speech_verbs():
            subject = _subject_of(clause)
            if subject is not None and subject.dep_ == "nsubj" and subject.lower_ not in lexicon.RELATIVE_PRONOUNS:
                return subject
    return None


def _adjacent_noun(cue: Token) -> tuple[Token | None, str]:
    """When the parse gives a speech verb no subject (``…,” added a New Hampshire Democrat``,
    ``“…,” Trump barked``), the noun right after or right before it."""
    doc = cue.doc
    # "…,” added a New Hampshire Democrat"; not "Jane Roe, an aide, recounted a talk", whose object follows.
    inverted = cue.i > 0 and (doc[cue.i - 1].is_quote or (doc[cue.i - 1].is_punct and cue.i > 1 and doc[cue.i - 2].is_quote))
    for token in doc[cue.i + 1 : min(cue.i + _ADJACENT_REACH, cue.sent.end) if inverted else cue.i]:
        if token.pos_ in ("PROPN", "NOUN", "PRON"):
            return _phrase_head(token), "noun-after-cue"
        if token.pos_ not in ("DET", "ADJ", "NUM") and token.dep_ not in ("compound", "amod", "det"):
            break
    if cue.i > cue.sent.start and doc[cue.i - 1].pos_ in ("PROPN", "PRON"):
        return _phrase_head(doc[cue.i - 1]), "noun-before-cue"
    if cue.i - 2 >= cue.sent.start and doc[cue.i - 1].text == ",":
        person = _person_before_comma(doc[cue.i - 2], cue)
        if person is not None:
            return person, "person-before-cue"
    return None, "no-subject"


def _person_before_comma(last: Token, cue: Token) -> Token | None:
    """``Col. Jane Warren, a military spokeswoman in Baghdad, said``, parsed with no subject:
    the named person whose phrase (with its apposition) ends at the comma before the cue."""
    token = last
    while token.i < cue.i and (token.pos_ in ("NOUN", "PROPN", "ADP", "NUM", "ADJ") or token.is_punct):
        if token.ent_type_ == "PERSON" and token.right_edge.i == last.i:
            return _phrase_head(token)
        if token.head.i == token.i:
            break
        token = token.head
    return None


def _name_head(token: Token) -> Token:
    """The last word of the name ``token`` starts: ``replied Elizabeth smiling`` parsed with the
    name as a compound of ``smiling`` gives ``Elizabeth``."""
    while token.dep_ == "compound" and token.head.i > token.i and token.head.pos_ == "PROPN":
        token = token.head
    return token


def _phrase_head(token: Token) -> Token:
    while token.dep_ == "compound" and token.head.i > token.i:
        token = token.head
    return token


def _subject_of(verb: Token) -> Token | None:
    """The verb's subject; of several (``said police Sgt. Mark Olsen`` parses two), the named
    person, else the last. Punctuation the parser took for a subject is skipped."""
    subjects = [c for c in verb.children if c.dep_ in _SUBJECT_DEPS and not c.is_punct]
    if len(subjects) > 1:
        # "“Come, Ann,” he said": a name inside the quotation parsed as a second subject.
        outside = [s for s in subjects if not _quote_between(s, verb)]
        subjects = outside or subjects
    if len(subjects) > 1:
        named = [s for s in subjects if s.ent_type_ == "PERSON"]
        return (named or subjects)[-1]
    return subjects[0] if subjects else None


def _quote_between(token: Token, verb: Token) -> bool:
    """Whether a quote mark stands between ``token`` and ``verb``."""
    low, high = sorted((token.i, verb.i))
    return any(t.is_quote for t in token.doc[low + 1 : high])


def _entity_around(token: Token) -> tuple[int, int]:
    """Token range of the entity ``token`` is in, read from the IOB tags (``doc.ents`` would
    build every entity of the Doc)."""
    doc = token.doc
    start = token.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return start, end


def mention_bounds(head: Token) -> tuple[int, int]:
    """Token range ``[start, end)`` of the noun phrase headed by ``head``.

    A named entity is taken whole; otherwise the head's subtree without relative clauses,
    appositions and parentheticals (``The U.S. ambassador to Canada, meanwhile,`` gives
    ``The U.S. ambassador to Canada``).
    """
    if head.ent_type_ and head.pos_ == "PROPN":
        start, end = _entity_around(head)
        # A title-case headline's entity can run on past the verb ("Obama Says Museum").
        end = next((t.i for t in head.doc[head.i + 1 : end] if t.pos_ in ("VERB", "AUX")), end)
        # "said Ann dreamily", with the adverb taken into the name.
        end = next((t.i for t in head.doc[head.i + 1 : end] if _is_manner_adverb(t)), end)
        # "confided Ann to Tom" taken as one entity: a word after the name hung outside it ends it.
        end = next((t.i for t in head.doc[head.i + 1 : end] if t.is_lower and not start <= t.head.i < end), end)
        while end - start > 1 and head.doc[end - 1].tag_ == "POS":
            end -= 1
        while end - start > 1 and head.doc[start].is_punct:
            start += 1  # "― Jane Doe": the recognizer took the dash that signs a quote
        # An entity run on from a quotation and its verb ("…,” observed Blathers"): the name after them.
        start = max((t.i + 1 for t in head.doc[start : head.i] if t.is_quote or t.pos_ in ("VERB", "AUX")), default=start)
        return start, end
    start = end = head.i
    for child in reversed(list(head.lefts)):
        if child.dep_ in _PHRASE_STOPS:
            break  # "Iowa poll overhype - HuffPollster" keeps "HuffPollster"
        start = min(start, child.left_edge.i)
    for child in head.rights:
        if child.dep_ in _PHRASE_STOPS or (child.dep_ == "prep" and child.lower_ not in _NAME_PREPOSITIONS):
            break  # "the General in some confusion" stops before "in"
        end = max(end, child.right_edge.i)
    while end > start and (head.doc[end].is_punct or head.doc[end].tag_ == "POS"):
        end -= 1
    while start < end and head.doc[start].is_punct:
        start += 1
    return start, end + 1


def addressee_heads(cue: Token) -> list[Token]:
    """Tokens heading who ``cue`` is spoken to: ``told Ann``, ``asked him``, ``said to Ann``,
    ``replied to her``, ``Ann was told``, with their conjuncts (``told Ann and Bob``)."""
    if cue.pos_ != "VERB":
        return []
    takes_addressee = cue.lemma_.lower() in lexicon.ADDRESSEE_OBJECT_VERBS
    heads: list[Token] = []
    for child in cue.children:
        if child.dep_ in ("dative", "iobj") or (takes_addressee and child.dep_ in ("dobj", "nsubjpass")):
            heads.append(child)
        elif child.dep_ == "prep" and child.lower_ == "to":
            heads.extend(c for c in child.children if c.dep_ == "pobj")
    heads += [c for head in heads for c in head.children if c.dep_ == "conj"]
    return [head for head in heads if head.pos_ in ("PROPN", "PRON", "NOUN")]


def reporting_subject(cue: Token) -> Token | None:
    """The subject of a speech verb that reports the clause holding ``cue``.

    In ``The ambassador said that he doubts …`` the cue ``doubts`` sits in the clause reported by
    ``said``, whose subject ``ambassador`` is the best antecedent for ``he``.
    """
    token = cue
    while token.head.i != token.i:
        token = token.head
        if token.pos_ == "VERB" and token.lemma_.lower() in lexicon.speech_verbs():
            subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
            if subject is not None and subject.pos_ != "PRON":
                return subject
    return None

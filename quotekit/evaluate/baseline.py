"""The baseline to beat: textacy's rule-based ``direct_quotations`` as a quote system.

textacy finds direct quotations only, returns tokens rather than offsets, and gives up on a
whole document when it holds an odd number of quote marks. :class:`TextacyBaseline` turns its
triples into :class:`~quotekit.model.Quote` values; for a document it gives up on, it retries
paragraph by paragraph (keeping what textacy accepts) and counts the document in
:attr:`TextacyBaseline.failed_docs`.
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from quotekit.loading import ModelSpec, load_language
from quotekit.model import Quote, Speaker, TextSpan
from quotekit.parsing import single_threaded_blas, use_numpy_blas
from quotekit.tokenize import chunk_paragraphs, tokenize_text

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

__all__ = ["TextacyBaseline", "quotes_from_doc"]

EVIDENCE = ("textacy.direct_quotations",)
# Longer texts are parsed in paragraph chunks of at most this many characters.
MAX_CHUNK_CHARS = 100_000


def _char_span(text: str, tokens: Sequence[Token]) -> TextSpan:
    start = min(t.idx for t in tokens)
    end = max(t.idx + len(t.text) for t in tokens)
    return TextSpan.from_text(text, start, end)


def quotes_from_doc(doc: Doc) -> list[Quote]:
    """Run ``textacy.extract.triples.direct_quotations`` over a parsed doc.

    Args:
        doc: A doc parsed by a full English pipeline (tagger, parser, lemmatizer).

    Returns:
        One ``direct`` quote per triple, with the speaker tokens' span as both the mention and
        the name, the cue tokens' span as cue and confidence 0.5.

    Raises:
        ValueError: When textacy refuses the doc (odd number of quote marks).
    """
    from textacy.extract.triples import direct_quotations

    quotes = []
    for triple in list(direct_quotations(doc)):
        content = triple.content
        mention = _char_span(doc.text, triple.speaker)
        quotes.append(
            Quote(
                text=content.text,
                start=content.start_char,
                end=content.end_char,
                kind="direct",
                speaker=Speaker(name=mention.text, mention=mention),
                cue=_char_span(doc.text, triple.cue),
                confidence=0.5,
                evidence=EVIDENCE,
            )
        )
    return quotes


def _shifted(quote: Quote, text: str, offset: int) -> Quote:
    """A quote found in a paragraph's own doc, with offsets into the whole text."""

    def move(span: TextSpan | None) -> TextSpan | None:
        return None if span is None else TextSpan.from_text(text, span.start + offset, span.end + offset)

    speaker = quote.speaker
    return Quote(
        text=text[quote.start + offset : quote.end + offset],
        start=quote.start + offset,
        end=quote.end + offset,
        kind=quote.kind,
        speaker=None if speaker is None else Speaker(speaker.name, move(speaker.mention), speaker.kind),
        cue=move(quote.cue),
        confidence=quote.confidence,
        evidence=quote.evidence,
    )


class TextacyBaseline:
    """textacy's direct quotations behind the same ``extract``/``pipe`` face as quotekit.

    Attributes:
        nlp: The loaded spaCy pipeline (its entity recognizer is skipped with ``skip_entities``).
        failed_docs: Documents textacy refused (odd number of quote marks) so far.
    """

    name = "textacy"

    def __init__(self, model: ModelSpec = None, *, skip_entities: bool = False, numpy_blas: bool = False) -> None:
        """Load the spaCy pipeline once, as quotekit does (same default, same errors).

        Args:
            model: A pipeline name or path, a loaded ``Language``, or ``None`` for quotekit's
                default English pipeline.
            skip_entities: Run the pipeline without its entity recognizer, which
                ``direct_quotations`` never reads: textacy at its fastest, the fair speed baseline.
            numpy_blas: Multiply through numpy's BLAS on one thread, as quotekit does with the
                model it loads (:func:`quotekit.parsing.use_numpy_blas`), instead of spaCy's default.
        """
        self.nlp: Language = load_language(model)
        self.failed_docs = 0
        self._disabled = ["ner"] if skip_entities else []
        self._numpy_blas = numpy_blas
        if numpy_blas:
            use_numpy_blas(self.nlp)

    def _quotes(self, doc: Doc) -> tuple[list[Quote], bool]:
        """The quotes of one parsed text or chunk, and whether textacy refused it whole."""
        try:
            return quotes_from_doc(doc), False
        except ValueError:
            # textacy refuses a whole document over one stray mark; a fair user retries it
            # paragraph by paragraph and keeps what textacy accepts.
            return self._quotes_by_paragraph(doc), True

    def _quotes_by_paragraph(self, doc: Doc) -> list[Quote]:
        quotes: list[Quote] = []
        start = 0
        for token in [*doc, None]:
            if token is not None and not (token.is_space and "\n" in token.text):
                continue
            end = token.i if token is not None else len(doc)
            if end > start:
                paragraph = doc[start:end]
                try:
                    found = quotes_from_doc(paragraph.as_doc())
                except ValueError:
                    found = []
                quotes.extend(_shifted(quote, doc.text, paragraph.start_char) for quote in found)
            start = end + 1
        return quotes

    def extract(self, text: str) -> list[Quote]:
        """The direct quotations textacy finds in ``text``; ``[]`` if it gives up."""
        return next(self.pipe([text]))

    def pipe(self, texts: Iterable[str], batch_size: int = 16, n_process: int = 1) -> Iterator[list[Quote]]:
        """Stream the quotations of many texts, one list per text, in input order.

        Args:
            texts: The texts.
            batch_size: Texts per spaCy batch.
            n_process: spaCy parser processes.

        Yields:
            The quotes of each text.
        """
        waiting: deque[tuple[str, tuple[tuple[int, int], ...]]] = deque()

        def chunks() -> Iterator[str]:
            for text in texts:
                spans = _chunks(text)
                waiting.append((text, spans))
                yield from (text[start:end] for start, end in spans)

        with self.nlp.select_pipes(disable=self._disabled):
            docs = self.nlp.pipe(chunks(), batch_size=batch_size, n_process=n_process)
            if self._numpy_blas:
                docs = single_threaded_blas(docs)
            for first in docs:
                text, spans = waiting.popleft()
                parsed = itertools.chain((first,), itertools.islice(docs, len(spans) - 1))
                quotes: list[Quote] = []
                refused = False
                for (start, _), doc in zip(spans, parsed, strict=True):
                    found, refused_chunk = self._quotes(doc)
                    quotes.extend(quote if start == 0 else _shifted(quote, text, start) for quote in found)
                    refused = refused or refused_chunk
                self.failed_docs += refused
                yield quotes


def _chunks(text: str) -> tuple[tuple[int, int], ...]:
    """``(start, end)`` pieces of ``text`` to parse: the whole text, or for a text too long to
    parse at once (a novel), paragraphs grouped up to :data:`MAX_CHUNK_CHARS`, as a user of
    textacy would cut it to stay within spaCy's length limit and in bounded memory."""
    if len(text) <= MAX_CHUNK_CHARS:
        return ((0, len(text)),)
    return tuple(chunk_paragraphs(tokenize_text(text).paragraphs, MAX_CHUNK_CHARS)) or ((0, 0),)

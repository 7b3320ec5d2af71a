"""The spaCy face: a ``quotekit`` pipeline component that sets ``doc._.quotes``.

The component reads the parse and entities of the components before it and never parses again.
The quotes are stored in ``doc._.quotekit_data`` as plain fields (``attrs.asdict``), which
msgpack can serialize, so they survive ``DocBin(store_user_data=True)`` and ``nlp.pipe(...,
n_process=2)``; ``doc._.quotes`` rebuilds the :class:`~quotekit.model.Quotes` on each access.

quotekit's own pipeline starts a sentence after every line break before it parses; a pipeline
that parses across paragraph breaks may attribute differently. The ``quotekit_paragraphs``
component, added before the parser, does the same in the user's pipeline (an opt-in: it changes
the sentences the parser sees).

Importing this module registers the factories and the extensions; the ``spacy_factories`` entry
points do so for ``nlp.add_pipe("quotekit")``.

>>> import spacy
>>> nlp = spacy.blank("en")
>>> nlp.add_pipe("quotekit", config={"indirect": False}).extractor.config.indirect
False
>>> nlp("")._.quotes
[]
"""

# No ``from __future__ import annotations``: spaCy validates the factory's settings against its
# signature, and needs the annotations as real types.

from collections.abc import Callable
from typing import Any

import attrs
from spacy.language import Language
from spacy.tokens import Doc

from quotekit.config import Mode, QuotekitConfig
from quotekit.errors import Errors, ModelNotFoundError
from quotekit.model import Quote, Quotes
from quotekit.pipeline import Extractor
from quotekit.tokenize import is_hard_wrapped, mark_paragraph_starts

__all__ = ["DEFAULT_CONFIG", "QuotekitComponent", "make_paragraph_marker", "make_quotekit"]

FACTORY_NAME = "quotekit"
PARAGRAPHS_FACTORY_NAME = "quotekit_paragraphs"
DATA_EXTENSION = "quotekit_data"
QUOTES_EXTENSION = "quotes"
# The user's pipeline has already parsed the whole Doc, so chunking the text does not apply.
_NOT_FOR_PARSED_DOCS = ("max_chunk_chars",)
DEFAULT_CONFIG: dict[str, Any] = {
    field.name: field.default for field in attrs.fields(QuotekitConfig) if field.name not in _NOT_FOR_PARSED_DOCS
}


def _quotes_of(doc: Doc) -> Quotes | None:
    """``doc._.quotes``: the stored fields rebuilt as quotes, or ``None`` if the component has not run."""
    fields = doc._.get(DATA_EXTENSION)
    if fields is None:
        return None
    return Quotes((Quote.from_fields(quote) for quote in fields), text=doc.text)


if not Doc.has_extension(DATA_EXTENSION):
    Doc.set_extension(DATA_EXTENSION, default=None)
if not Doc.has_extension(QUOTES_EXTENSION):
    Doc.set_extension(QUOTES_EXTENSION, getter=_quotes_of)


class QuotekitComponent:
    """Finds the quotations of each Doc and stores them for ``doc._.quotes``.

    Attributes:
        name: The component's name in the pipeline.
        extractor: The stages, run on the Doc as parsed by the pipeline.
    """

    def __init__(self, nlp: Language, name: str, config: QuotekitConfig) -> None:
        self.name = name
        self.extractor = Extractor(nlp, config)

    def __call__(self, doc: Doc) -> Doc:
        """Set ``doc._.quotes`` from the Doc's parse and entities.

        Raises:
            ModelNotFoundError: the Doc has tokens but no dependency parse.
        """
        if len(doc) and not doc.has_annotation("DEP"):
            raise ModelNotFoundError(Errors.Q013.format(pipe_names=self.extractor.nlp.pipe_names))
        doc._.set(DATA_EXTENSION, [attrs.asdict(quote) for quote in self.extractor.extract_doc(doc)])
        return doc


@Language.factory(
    FACTORY_NAME,
    default_config=DEFAULT_CONFIG,
    requires=["token.dep", "token.lemma", "doc.ents"],
    assigns=[f"doc._.{DATA_EXTENSION}", f"doc._.{QUOTES_EXTENSION}"],
)
def make_quotekit(
    nlp: Language,
    name: str,
    mode: Mode,
    indirect: bool,
    min_fragment_words: int,
    continuation_paragraphs: int,
    min_confidence: float,
    speaker_threshold: float,
) -> QuotekitComponent:
    """Build the ``quotekit`` component; the settings are those of :class:`~quotekit.config.QuotekitConfig`."""
    config = QuotekitConfig(
        mode=mode,
        indirect=indirect,
        min_fragment_words=min_fragment_words,
        continuation_paragraphs=continuation_paragraphs,
        min_confidence=min_confidence,
        speaker_threshold=speaker_threshold,
    )
    return QuotekitComponent(nlp, name, config)


def _mark_paragraphs(doc: Doc) -> Doc:
    return mark_paragraph_starts(doc, is_hard_wrapped(doc.text))


@Language.factory(PARAGRAPHS_FACTORY_NAME, assigns=["token.is_sent_start"])
def make_paragraph_marker(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    """Build the ``quotekit_paragraphs`` component: a sentence starts after every paragraph break.

    Add it before the parser (``nlp.add_pipe("quotekit_paragraphs", first=True)``), so that the
    parser sees the sentence starts that quotekit's own pipeline sets.
    """
    return _mark_paragraphs

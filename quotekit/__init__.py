"""quotekit: who said what in English text.

>>> import quotekit
>>> quotes = quotekit.extract("“Who cares?” Carney said.")  # doctest: +SKIP
"""

import quotekit._startup  # noqa: F401  # first: it must run before numpy is imported
from quotekit.config import QuotekitConfig
from quotekit.errors import ConfigError, MissingExtraError, ModelNotFoundError, QuotekitError
from quotekit.model import ExtractionError, Quote, Quotes, Speaker, TextSpan
from quotekit.pipeline import Extractor, extract, load
from quotekit.render import render
from quotekit.script import Segment, script
from quotekit.speakers import SpeakerRow, speaker_index
from quotekit.tables import to_dataframe

__version__ = "0.1.0"
__all__ = [
    "ConfigError",
    "ExtractionError",
    "Extractor",
    "MissingExtraError",
    "ModelNotFoundError",
    "Quote",
    "QuotekitConfig",
    "QuotekitError",
    "Quotes",
    "Segment",
    "Speaker",
    "SpeakerRow",
    "TextSpan",
    "__version__",
    "extract",
    "load",
    "render",
    "script",
    "speaker_index",
    "to_dataframe",
]

"""quotekit: who said what in English text.

>>> import quotekit
>>> quotes = quotekit.extract("“Who cares?” Carney said.")  # doctest: +SKIP
"""

from quotekit.config import QuotekitConfig
from quotekit.errors import ConfigError, ModelNotFoundError, QuotekitError
from quotekit.model import ExtractionError, Quote, Quotes, Speaker, TextSpan
from quotekit.pipeline import Extractor, extract, load

__version__ = "0.1.0"
__all__ = [
    "ConfigError",
    "ExtractionError",
    "Extractor",
    "ModelNotFoundError",
    "Quote",
    "QuotekitConfig",
    "QuotekitError",
    "Quotes",
    "Speaker",
    "TextSpan",
    "__version__",
    "extract",
    "load",
]

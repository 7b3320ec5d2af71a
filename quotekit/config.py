"""One immutable settings object with one default each; override by keyword."""

from __future__ import annotations

from typing import Any, Literal

import attrs

from quotekit.errors import ConfigError, Errors

Mode = Literal["auto", "news", "fiction"]
MODES: tuple[Mode, ...] = ("auto", "news", "fiction")


def _positive(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if value <= 0:
        raise ConfigError(Errors.Q020.format(name=attribute.name, expected="a positive integer", value=value))


def _one_of(allowed: tuple[str, ...]) -> Any:
    def check(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
        if value not in allowed:
            raise ConfigError(Errors.Q020.format(name=attribute.name, expected=" | ".join(allowed), value=value))

    return check


def _unit_interval(instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not 0.0 <= value <= 1.0:
        raise ConfigError(Errors.Q020.format(name=attribute.name, expected="between 0 and 1", value=value))


@attrs.frozen(slots=True)
class QuotekitConfig:
    """Settings for every stage.

    Attributes:
        mode: ``news`` (reported speech, quote-only paragraphs continue the last speaker),
            ``fiction`` (dialogue: every quoted span is speech, turns alternate between the
            speakers of a conversation, indirect speech is skipped) or ``auto`` (chosen per text
            from how much of it is dialogue).
        indirect: Find indirect and mixed reported speech, not only direct quotes.
        min_fragment_words: A quoted fragment with no cue is kept as a quotation only when it
            has at least this many words; shorter ones are scare quotes or titles.
        max_chunk_chars: Texts are parsed in chunks of at most this many characters, cut at
            paragraph boundaries, so any length works in bounded memory. Sentences never cross
            a paragraph, so the size changes memory and speed, not results.
        continuation_paragraphs: A quote with no cue of its own inherits the speaker of a
            quote at most this many paragraphs earlier.
        min_confidence: Quotes scored below this are dropped.
        speaker_threshold: Quotes scored below this keep their span but get an ``unresolved``
            speaker listing the candidates considered, instead of a guess.
    """

    mode: Mode = attrs.field(default="auto", validator=_one_of(MODES))
    indirect: bool = True
    min_fragment_words: int = attrs.field(default=6, validator=_positive)
    max_chunk_chars: int = attrs.field(default=10_000, validator=_positive)
    continuation_paragraphs: int = attrs.field(default=2, validator=_positive)
    min_confidence: float = attrs.field(default=0.0, validator=_unit_interval)
    speaker_threshold: float = attrs.field(default=0.0, validator=_unit_interval)

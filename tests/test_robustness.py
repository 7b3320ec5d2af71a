"""Bad input never raises and every offset stays valid; ``bytes`` raise ``TypeError``.

Timings on 2 cores: the default set takes about 40 s; the two ``slow`` cases take over three
minutes each (1 MB of random bytes: 170-205 s; the 3 MB article: 145-190 s) and run with ``--slow``.
"""

from __future__ import annotations

import random

import attrs
import pytest
from conftest import ARTICLE, check_offsets, quote_units

import quotekit


def _random_text(size: int, seed: int = 20251125) -> str:
    return random.Random(seed).randbytes(size).decode("utf-8", errors="replace")


BAD_INPUTS = [
    pytest.param("", id="empty"),
    pytest.param(" \t\n\r\n \u2028\u2029\u00a0 ", id="whitespace-only"),
    pytest.param('"“”‘’«»' * 50, id="only-quote-marks"),
    pytest.param("“" * 10_000, id="10k-unmatched-openers"),
    pytest.param("".join(random.Random(3).choice("\"'“”‘’«»‹›„‚`") for _ in range(10_000)), id="10k-random-marks"),
    pytest.param(" ".join(["“word"] * 2_000 + ["word”"] * 10), id="unmatched-between-words"),
    pytest.param("“" + ARTICLE, id="unclosed-at-start"),
    pytest.param(ARTICLE.replace("\n\n", "\r\n\r\n"), id="crlf"),
    pytest.param(ARTICLE.replace("\n\n", "\r"), id="cr-only"),
    pytest.param(ARTICLE.replace("\n\n", "\u2029"), id="paragraph-separator"),
    pytest.param("\ufeff" + ARTICLE, id="bom"),
    pytest.param("“Hello\x00 world,” she said.\x07\x1b[31m\x0c\x0b Red.\x00\x00\x7f\x85", id="nul-and-controls"),
    pytest.param(_random_text(64_000), id="64kb-random-bytes"),
    pytest.param("«Мы не уйдём», — сказал мэр.\n\n„Wir bleiben hier“, sagte die Bürgermeisterin.", id="russian-german"),
    pytest.param("他说：“我们不会离开。”\n\nقال المتحدث: «لن نغادر»\n\n「いいえ」と彼女は言った。", id="cjk-arabic"),
    pytest.param("“We did it 🎉👨‍👩‍👧,” she said. “Cafe\u0301 au lait,” he said.", id="emoji-combining"),
    pytest.param("Word " * 3000 + "“A quote in one very long paragraph,” he said. " + "More " * 3000, id="long-line"),
    pytest.param('""=', id="corenlp-1147"),
    pytest.param("".join(f"{'“‘'[i % 2]}level {i} " for i in range(300)) + "she said." + "”’" * 150, id="300-levels-nested"),
    pytest.param("قال: «لن نغادر»\u200f “We stay\u200d,” she\u200b said.\u202e reversed\u202c. ואמר: “לא”", id="rtl-zero-width"),
    pytest.param("”Backwards,“ she said. ’Also backwards,‘ he said.", id="reversed-marks"),
]


@pytest.mark.parametrize("text", BAD_INPUTS)
def test_bad_input_never_raises(extractor: quotekit.Extractor, text: str) -> None:
    check_offsets(text, extractor.extract(text))


@pytest.mark.parametrize("text", ["", "   \n  ", '"“”‘’«»' * 50])
def test_nothing_to_find(extractor: quotekit.Extractor, text: str) -> None:
    assert extractor.extract(text) == []


@pytest.mark.parametrize("mode", ["news", "fiction"])
def test_stray_openers_are_not_thousands_of_quotes(extractor: quotekit.Extractor, mode: str) -> None:
    reader = quotekit.Extractor(extractor.nlp, attrs.evolve(extractor.config, mode=mode))
    text = " ".join(["“word"] * 2_000)
    quotes = reader.extract(text)
    check_offsets(text, quotes)
    assert len(quotes) <= 1  # one long unclosed quotation at most, never one per opener


def test_lone_surrogate(extractor: quotekit.Extractor) -> None:
    text = "“Hi \ud800 there,” he said."  # what surrogateescape decoding of bad bytes produces
    check_offsets(text, extractor.extract(text))


@pytest.mark.parametrize("variant", ["\r\n\r\n", "\n \n", "\u2029"])
def test_line_break_style_does_not_change_quotes(extractor: quotekit.Extractor, variant: str) -> None:
    plain = quote_units(ARTICLE, extractor.extract(ARTICLE))
    text = ARTICLE.replace("\n\n", variant)
    other = quote_units(text, extractor.extract(text))
    assert [(q.kind, q.speaker_name, q.text.replace(variant, "\n\n")) for q in other] == [
        (q.kind, q.speaker_name, q.text) for q in plain
    ]


def test_bom_shifts_offsets_by_one(extractor: quotekit.Extractor) -> None:
    plain = extractor.extract(ARTICLE)
    with_bom = extractor.extract("\ufeff" + ARTICLE)
    assert [(q.kind, q.speaker_name, q.start - 1, q.end - 1) for q in with_bom] == [
        (q.kind, q.speaker_name, q.start, q.end) for q in plain
    ]


@pytest.mark.parametrize("data", [b"", b"\xe2\x80\x9cHi,\xe2\x80\x9d he said.", bytearray(b"x")])
def test_bytes_raise_type_error(extractor: quotekit.Extractor, data: bytes) -> None:
    with pytest.raises(TypeError, match="decode"):
        extractor.extract(data)  # type: ignore[arg-type]


def test_bytes_in_pipe_raise_type_error(extractor: quotekit.Extractor) -> None:
    with pytest.raises(TypeError):
        list(extractor.pipe(["fine", b"not fine"]))  # type: ignore[list-item]


@pytest.mark.slow
def test_one_megabyte_of_random_bytes(extractor: quotekit.Extractor) -> None:
    text = _random_text(1_000_000)
    check_offsets(text, extractor.extract(text))


@pytest.mark.slow
def test_three_megabyte_article(extractor: quotekit.Extractor, seed_text: str) -> None:
    copies = 3_000_000 // len(seed_text) + 1
    text = "\n\n".join([seed_text] * copies)
    quotes = extractor.extract(text)
    check_offsets(text, quotes)
    direct = [q for q in extractor.extract(seed_text) if q.kind == "direct"]
    assert sum(q.kind == "direct" for q in quotes) == copies * len(direct)

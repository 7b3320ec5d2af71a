"""The spaCy component: ``nlp.add_pipe("quotekit")`` and ``doc._.quotes``."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
import spacy
from conftest import ARTICLE, SEEDS
from spacy.language import Language
from spacy.tokens import DocBin

import quotekit
from quotekit.component import DEFAULT_CONFIG
from quotekit.loading import load_language
from quotekit.tokenize import build_tokenizer

SENTENCES = [
    "“We will not back down,” Prime Minister Helen Brandt told reporters on Monday.",
    "The minister said that the budget would be balanced by 2027.",
    "Premier Alice Kwan said the province was “very close to a deal” with the nurses’ union.",
    "“Bring an umbrella,” Jo Baines said. “The forecast is terrible.”",
    "No one said anything about the weather.",
]
# A quote mark glued to the next word: spaCy's tokenizer keeps `Yes,”he` as one token.
GLUED = ["“Yes,”he said.", "He said:“No way this happens at all,” and left."]
SEED = (SEEDS / "carney-g20.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def nlp() -> Language:
    """The default pipeline with the component last, as a user would build it."""
    nlp = load_language(None)
    nlp.add_pipe("quotekit")
    return nlp


@pytest.fixture(scope="module")
def nlp_with_opt_ins() -> Language:
    """The default pipeline with both opt-ins: quotekit's tokenizer and paragraph sentence starts."""
    nlp = load_language(None)
    nlp.tokenizer = build_tokenizer(nlp)
    nlp.add_pipe("quotekit_paragraphs", first=True)
    nlp.add_pipe("quotekit")
    return nlp


@pytest.mark.parametrize("text", [*SENTENCES, SEED])
def test_doc_quotes_equal_extract(nlp: Language, extractor: quotekit.Extractor, text: str) -> None:
    quotes = nlp(text)._.quotes
    assert isinstance(quotes, quotekit.Quotes) and quotes.text == text
    assert quotes == extractor.extract(text)


def test_the_texts_have_quotes(extractor: quotekit.Extractor) -> None:
    # The equality above would hold trivially on texts with no quotes at all.
    assert sum(bool(extractor.extract(text)) for text in SENTENCES) >= 4


@pytest.mark.parametrize("text", GLUED)
def test_glued_quote_marks_keep_their_spans(nlp: Language, extractor: quotekit.Extractor, text: str) -> None:
    # Quote marks are paired on the raw text, so the spans do not depend on the tokenizer;
    # the cue linking that reads the parse may (see docs/spacy-component.md).
    quotes = nlp(text)._.quotes
    assert quotes and [(q.start, q.end, q.kind) for q in quotes] == [(q.start, q.end, q.kind) for q in extractor.extract(text)]


def test_parse_across_paragraphs_can_attribute_differently(nlp: Language, extractor: quotekit.Extractor) -> None:
    # en_core_web_sm runs a sentence across a blank line in ARTICLE, which changes how an
    # interrupted quotation is joined: the reason for the quotekit_paragraphs opt-in.
    assert nlp(ARTICLE)._.quotes != extractor.extract(ARTICLE)


@pytest.mark.parametrize("text", [*GLUED, ARTICLE, SEED])
def test_with_opt_ins_doc_quotes_equal_extract(nlp_with_opt_ins: Language, extractor: quotekit.Extractor, text: str) -> None:
    assert nlp_with_opt_ins(text)._.quotes == extractor.extract(text)


def test_whole_doc_equals_chunked_extract(nlp_with_opt_ins: Language, extractor: quotekit.Extractor) -> None:
    # quotekit's own pipeline parses long texts in paragraph-aligned chunks, the component the whole Doc.
    chunked = quotekit.load(extractor.nlp, max_chunk_chars=800)
    assert len(chunked._prepare(SEED).chunks) > 1
    assert nlp_with_opt_ins(SEED)._.quotes == chunked.extract(SEED)


def test_docbin_round_trip_rebuilds_equal_quotes(nlp: Language) -> None:
    docs = list(nlp.pipe([ARTICLE, *SENTENCES]))
    stored = DocBin(docs=docs, store_user_data=True).to_bytes()
    restored = list(DocBin().from_bytes(stored).get_docs(nlp.vocab))
    assert [doc._.quotes for doc in restored] == [doc._.quotes for doc in docs]
    assert [doc._.quotes.text for doc in restored] == [ARTICLE, *SENTENCES]
    assert any(doc._.quotes for doc in restored)


def test_two_processes_give_the_same_quotes(nlp: Language) -> None:
    texts = [ARTICLE, SENTENCES[0], "", SENTENCES[3]]
    expected = [doc._.quotes for doc in nlp.pipe(texts)]
    assert [doc._.quotes for doc in nlp.pipe(texts, n_process=2, batch_size=1)] == expected
    assert expected[0] and expected[2] == []


# Every setting of QuotekitConfig but max_chunk_chars (a parsed Doc is not chunked), off its default.
SETTINGS: dict[str, Any] = {
    "mode": "news",
    "indirect": False,
    "min_fragment_words": 3,
    "continuation_paragraphs": 4,
    "min_confidence": 0.6,
    "speaker_threshold": 0.7,
}


def test_settings_mirror_quotekit_config() -> None:
    assert set(SETTINGS) == set(DEFAULT_CONFIG)
    assert all(DEFAULT_CONFIG[name] != value for name, value in SETTINGS.items())
    nlp = spacy.blank("en")
    component = nlp.add_pipe("quotekit", config=SETTINGS)
    assert component.extractor.config == quotekit.QuotekitConfig(**SETTINGS)


def test_settings_change_the_quotes(extractor: quotekit.Extractor) -> None:
    nlp = load_language(None)
    nlp.add_pipe("quotekit", config={"indirect": False})
    quotes = nlp(SEED)._.quotes
    assert quotes == quotekit.load(extractor.nlp, indirect=False).extract(SEED)
    assert quotes != extractor.extract(SEED)


def test_config_round_trip() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("quotekit", config=SETTINGS)
    config = spacy.util.load_config_from_str(nlp.config.to_str())
    assert dict(config["components"]["quotekit"]) == {"factory": "quotekit", **SETTINGS}
    rebuilt = spacy.util.load_model_from_config(config)
    assert rebuilt.pipe_names == ["quotekit"]
    assert rebuilt.get_pipe("quotekit").extractor.config == quotekit.QuotekitConfig(**SETTINGS)


def test_saved_pipeline_keeps_the_components_and_tokenizer(
    nlp_with_opt_ins: Language, extractor: quotekit.Extractor, tmp_path: Path
) -> None:
    nlp_with_opt_ins.to_disk(tmp_path)
    loaded = spacy.load(tmp_path)
    assert loaded.pipe_names == nlp_with_opt_ins.pipe_names
    assert [loaded(text)._.quotes for text in (ARTICLE, *GLUED)] == [extractor.extract(text) for text in (ARTICLE, *GLUED)]


def test_pipeline_without_parser_raises() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("quotekit")
    assert nlp("")._.quotes == []
    with pytest.raises(quotekit.ModelNotFoundError, match=r"\[Q013\].*parser"):
        nlp("“Yes,” he said.")


def test_quotes_are_none_before_the_component_runs() -> None:
    assert spacy.blank("en")("“Yes,” he said.")._.quotes is None


def test_entry_point_registers_the_factory_without_import() -> None:
    factories = importlib.metadata.entry_points(group="spacy_factories")
    if "quotekit" not in factories.names:
        pytest.skip("quotekit is not installed (pip install -e .), so its entry point is not registered")
    script = textwrap.dedent(
        """
        import spacy
        nlp = spacy.blank("en")
        nlp.add_pipe("quotekit")
        print(nlp("")._.quotes)
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=SEEDS)
    assert result.stdout.strip() == "[]"

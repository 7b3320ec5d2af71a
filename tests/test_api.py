"""The public API: ``extract``, ``load``, ``Extractor.pipe``, errors and chunking."""

from __future__ import annotations

from collections.abc import Iterator

import attrs
import pytest
import spacy
from conftest import ARTICLE, check_offsets

import quotekit


def test_public_names() -> None:
    assert {"extract", "load", "Extractor", "Quote", "Speaker", "TextSpan", "QuotekitConfig"} <= set(quotekit.__all__)
    assert {"ConfigError", "ModelNotFoundError", "QuotekitError"} <= set(quotekit.__all__)


def test_extract_agrees_with_loaded_extractor(extractor: quotekit.Extractor) -> None:
    assert quotekit.extract(ARTICLE) == extractor.extract(ARTICLE)
    assert quotekit.extract(ARTICLE)  # non-trivial


@pytest.mark.parametrize("n_process", [1, 2])
def test_pipe_keeps_order_and_empty_texts(extractor: quotekit.Extractor, seed_text: str, n_process: int) -> None:
    texts = [ARTICLE, "", seed_text, "   \n ", "“Yes,” she said.", ARTICLE]
    results = list(extractor.pipe(iter(texts), batch_size=2, n_process=n_process))
    assert results == [extractor.extract(text) for text in texts]
    assert results[1] == [] and results[3] == []


def test_pipe_is_lazy(extractor: quotekit.Extractor) -> None:
    consumed = []

    def texts():  # type: ignore[no-untyped-def]
        for text in ("“One,” he said.", "“Two,” she said."):
            consumed.append(text)
            yield text

    stream = extractor.pipe(texts())
    assert consumed == []
    assert len(next(stream)) == 1
    assert len(list(stream)) == 1 and len(consumed) == 2


def test_load_accepts_a_loaded_language(extractor: quotekit.Extractor) -> None:
    other = quotekit.load(extractor.nlp)
    assert other.nlp is extractor.nlp
    assert other.extract(ARTICLE) == extractor.extract(ARTICLE)


def test_load_rejects_a_pipeline_without_parser() -> None:
    with pytest.raises(quotekit.ModelNotFoundError, match=r"\[Q012\]"):
        quotekit.load(spacy.blank("en"))


def test_bogus_model_name_raises_model_not_found() -> None:
    with pytest.raises(quotekit.ModelNotFoundError) as raised:
        quotekit.load("no_such_pipeline_xyz")
    assert isinstance(raised.value, OSError) and isinstance(raised.value, quotekit.QuotekitError)
    assert "no_such_pipeline_xyz" in str(raised.value)


def test_bogus_model_name_message_says_how_to_install() -> None:
    with pytest.raises(quotekit.ModelNotFoundError, match="pip install"):
        quotekit.load("no_such_pipeline_xyz")


@pytest.mark.parametrize(
    "overrides",
    [
        {"max_chunk_chars": 0},
        {"max_chunk_chars": -5},
        {"min_fragment_words": 0},
        {"continuation_paragraphs": 0},
        {"min_confidence": 1.5},
        {"min_confidence": -0.1},
        {"speaker_threshold": 1.01},
    ],
)
def test_bad_config_raises_config_error(overrides: dict[str, float]) -> None:
    with pytest.raises(quotekit.ConfigError, match=r"\[Q020\]") as raised:
        quotekit.QuotekitConfig(**overrides)  # type: ignore[arg-type]
    assert isinstance(raised.value, ValueError)


def test_load_validates_overrides(extractor: quotekit.Extractor) -> None:
    with pytest.raises(ValueError, match="max_chunk_chars"):
        quotekit.load(extractor.nlp, max_chunk_chars=0)


def test_with_config_shares_the_loaded_pipeline(extractor: quotekit.Extractor) -> None:
    fiction = extractor.with_config(mode="fiction")
    assert (fiction.config.mode, extractor.config.mode) == ("fiction", "auto")
    assert fiction.nlp is extractor.nlp and fiction.parser is extractor.parser
    with pytest.raises(ValueError, match="max_chunk_chars"):
        extractor.with_config(max_chunk_chars=0)


def test_chunked_run_gives_the_same_quotes(extractor: quotekit.Extractor, seed_text: str) -> None:
    text = "\n\n".join([ARTICLE, seed_text, ARTICLE])
    assert len(text) > 2 * 2000 and text.count("\n\n") > 20  # at least three chunks
    chunked = quotekit.load(extractor.nlp, max_chunk_chars=2000)
    quotes = chunked.extract(text)
    check_offsets(text, quotes)
    assert quotes == extractor.extract(text)


@pytest.mark.parametrize(
    "lead_in",
    ["looking round at them all, she said,", "looking round at them all, she went on:", "looking round, she said--"],
)
def test_chunks_keep_a_lead_in_with_its_quotation(extractor: quotekit.Extractor, lead_in: str) -> None:
    # The chunk limit falls after the lead-in paragraph: the parser must still see its verb.
    text = (
        f"Hetty Wren sat by the window.\n\nNora Quill stood up at last, and {lead_in}\n\n"
        "“I am going home now, and you may all follow me.”\n"
    )
    chunked = quotekit.load(extractor.nlp, mode="fiction", max_chunk_chars=90)
    assert [q.speaker_name for q in chunked.extract(text)] == ["Nora Quill"]


def test_min_confidence_filters(extractor: quotekit.Extractor) -> None:
    strict = quotekit.load(extractor.nlp, min_confidence=0.9)
    quotes = strict.extract(ARTICLE)
    assert all(q.confidence >= 0.9 for q in quotes)
    assert len(quotes) < len(extractor.extract(ARTICLE))


def test_speaker_threshold_keeps_quotes_and_lists_candidates(extractor: quotekit.Extractor, seed_text: str) -> None:
    guessed = extractor.extract(seed_text)
    honest = quotekit.load(extractor.nlp, speaker_threshold=0.9).extract(seed_text)
    assert [q.span for q in honest] == [q.span for q in guessed]
    unresolved = 0
    for guess, quote in zip(guessed, honest, strict=True):
        if guess.confidence >= 0.9 or guess.speaker_name is None:
            # The same attribution; only gender evidence may be counted over fewer quotes.
            assert (quote.speaker_name, quote.evidence) == (guess.speaker_name, guess.evidence)
            continue
        unresolved += 1
        assert quote.speaker is not None and (quote.speaker.name, quote.speaker.kind) == (None, "unresolved")
        assert quote.speaker.candidates[0] == guess.speaker_name
        assert len(set(quote.speaker.candidates)) == len(quote.speaker.candidates) <= 3
        assert quote.speaker.mention == guess.speaker.mention if guess.speaker else False
        assert quotekit.Quote.from_fields(attrs.asdict(quote)) == quote
    assert unresolved


def test_indirect_can_be_switched_off(extractor: quotekit.Extractor) -> None:
    direct_only = quotekit.load(extractor.nlp, indirect=False)
    assert {q.kind for q in direct_only.extract(ARTICLE)} == {"direct"}


def test_quote_values(extractor: quotekit.Extractor) -> None:
    text = "“Who cares?” Prime Minister Mark Carney said."
    [quote] = extractor.extract(text)
    assert (quote.text, quote.kind, quote.speaker_name) == ("“Who cares?”", "direct", "Mark Carney")
    assert quote.speaker is not None and quote.speaker.kind == "person"
    assert quote.cue is not None and quote.cue.text == "said"
    assert quote.evidence and 0 < quote.confidence <= 1
    assert quote.span == quotekit.TextSpan(0, 12, "“Who cares?”")
    with pytest.raises(AttributeError):
        quote.text = "changed"  # type: ignore[misc]


def test_pipe_records_failures_in_place(extractor: quotekit.Extractor) -> None:
    texts: list[object] = ["“We will appeal,” the lawyer said.", b"not text", "", "Officials said the talks would resume."]
    results = list(extractor.pipe(texts, errors="record"))  # type: ignore[arg-type]
    assert len(results) == len(texts)
    assert isinstance(results[1], quotekit.ExtractionError) and results[1].index == 1 and "Q030" in results[1].error
    assert [type(r) for r in results[:1] + results[2:]] == [quotekit.Quotes] * 3
    assert results[0] and results[3]


def test_pipe_raises_by_default(extractor: quotekit.Extractor) -> None:
    with pytest.raises(TypeError, match="Q030"):
        list(extractor.pipe(["fine", b"not text"]))  # type: ignore[list-item]


def test_pipe_rejects_an_unknown_error_policy(extractor: quotekit.Extractor) -> None:
    with pytest.raises(quotekit.ConfigError):
        extractor.pipe(["x"], errors="ignore")  # type: ignore[call-overload]


@pytest.mark.parametrize("n_process", [1, 2])
def test_stream_accounts_for_every_document_in_order(extractor: quotekit.Extractor, n_process: int) -> None:
    def documents() -> Iterator[object]:
        for number in range(600):
            yield b"broken" if number % 97 == 5 else f"“Case {number} is closed,” officer {number} said."

    results = list(extractor.pipe(documents(), batch_size=32, n_process=n_process, errors="record"))  # type: ignore[arg-type]
    assert len(results) == 600
    for number, result in enumerate(results):
        if number % 97 == 5:
            assert isinstance(result, quotekit.ExtractionError) and result.index == number
        else:
            assert isinstance(result, list) and [q.text for q in result] == [f"“Case {number} is closed,”"]


def test_pipe_reports_progress_in_characters(extractor: quotekit.Extractor, seed_text: str) -> None:
    chunked = quotekit.load(extractor.nlp, max_chunk_chars=2000)
    texts = ["\n\n".join([ARTICLE, seed_text, ARTICLE]), "", seed_text]
    done: list[int] = []
    results = list(chunked.pipe(texts, progress=done.append))
    assert len(results) == 3 and len(done) > 3  # several chunks for the long text
    assert sum(done) == sum(len(text) for text in texts)

"""quotekit's own parse pipeline: stand-ins that must annotate as the model's components do."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest
import spacy
from conftest import ARTICLE, require_shared
from spacy.language import Language
from spacy.tokens import Doc
from threadpoolctl import threadpool_info

import quotekit
from quotekit.loading import load_language, needed_components
from quotekit.parsing import (
    DROP_TENSOR_COMPONENT,
    PARAGRAPH_PARSER_FACTORY,
    WINDOWED_ENTITIES_FACTORY,
    ParagraphParser,
    TokenAttributes,
    WindowedEntities,
    annotate_pieces,
    parse_pipeline,
    single_threaded_blas,
)
from quotekit.tokenize import Chunk

# Every kind of attribute-ruler rule of en_core_web_sm: tag-map rules, word-and-tag rules, rules
# on the dependency label (I/you/it as subject or object, auxiliaries, "but" as adverb), rules
# over two tokens (gonna, gotta, let's, c'mon, y'all, ain't, "there is"), whitespace tokens.
TRICKY = (
    "I told you it was gonna rain, and you said y'all ain't got to worry.",
    "Let's go!  C'mon, there is nothin' here; there were two of them.\n\nBut it's late, but not too late.",
    "He'd have done it if she had asked him to, though he didn't.\n  \n“We're fine,” they said.",
    ARTICLE,
)


def _token_annotations(doc: Doc) -> list[tuple[str, ...]]:
    return [(t.text, t.pos_, str(t.morph), t.lemma_, t.tag_, t.dep_, str(t.head.i)) for t in doc]


def _parse_both(extractor: quotekit.Extractor, text: str) -> tuple[Doc, Doc]:
    """``text`` through the model's own components and through quotekit's parse pipeline."""
    names = needed_components(extractor.nlp)
    with extractor.nlp.select_pipes(enable=names):
        real = extractor.nlp(text)
    return real, extractor.parser(text)


@pytest.mark.parametrize("text", TRICKY)
def test_token_attributes_match_ruler_and_lemmatizer(extractor: quotekit.Extractor, text: str) -> None:
    real, fast = _parse_both(extractor, text)
    assert _token_annotations(fast) == _token_annotations(real)


def test_token_attributes_stand_in_for_the_model_components(extractor: quotekit.Extractor) -> None:
    kinds = {name: type(component) for name, component in extractor.parser.pipeline}
    assert kinds["attribute_ruler+lemmatizer"] is TokenAttributes
    assert kinds["ner"] is WindowedEntities
    assert kinds["parser"] is ParagraphParser
    assert "attribute_ruler" in extractor.nlp.pipe_names  # the caller's pipeline is not changed
    assert extractor.parser.get_pipe("tagger") is extractor.nlp.get_pipe("tagger")  # shared, not copied
    # The stand-in looks forms up in sets; the caller's lemmatizer keeps its lists (and can still be saved).
    index = extractor.nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    assert all(isinstance(forms, list) for forms in index.values())
    extractor.nlp.get_pipe("lemmatizer").to_bytes()
    # The token vectors are dropped last, once read: a parser process need not send them back.
    assert extractor.parser.pipe_names[-1] == DROP_TENSOR_COMPONENT
    assert extractor.parser("Carney said so.").tensor.size == 0
    assert extractor.nlp("Carney said so.").tensor.size > 0


def test_token_attributes_need_use_first(extractor: quotekit.Extractor) -> None:
    with pytest.raises(ValueError, match="use"):
        TokenAttributes(extractor.nlp.vocab, "alone")(extractor.nlp.make_doc("Hi."))


def _with_tagger_setting_pos(nlp: Language) -> Language:
    """A copy-free pipeline where a component before the ruler already sets part-of-speech."""
    pipeline = parse_pipeline(nlp, [n for n in needed_components(nlp) if n not in ("attribute_ruler", "lemmatizer", "ner")])
    name = "pos_setter_for_test"
    if name not in Language.factories:

        @Language.component(name, assigns=["token.pos"])
        def set_pos(doc: Doc) -> Doc:
            return doc

    pipeline.add_pipe(name)
    pipeline.add_pipe("attribute_ruler", source=nlp)
    pipeline.add_pipe("lemmatizer", source=nlp)
    return pipeline


def test_recognizer_reading_a_shared_layer_runs_on_whole_docs() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("tok2vec")
    listener = {"@architectures": "spacy.Tok2VecListener.v1", "width": 96}
    model = {"@architectures": "spacy.TransitionBasedParser.v2", "state_type": "ner", "tok2vec": listener}
    nlp.add_pipe("ner", config={"model": model})
    nlp.add_pipe("ner", name="own_ner")
    kinds = {name: type(component) for name, component in parse_pipeline(nlp, nlp.pipe_names).pipeline}
    assert kinds["ner"] is not WindowedEntities and kinds["own_ner"] is WindowedEntities


def test_parser_reading_its_own_layer_runs_on_whole_docs() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("tok2vec")
    listener = {"@architectures": "spacy.Tok2VecListener.v1", "width": 96}
    model = {"@architectures": "spacy.TransitionBasedParser.v2", "state_type": "parser", "tok2vec": listener}
    nlp.add_pipe("parser", name="listening", config={"model": model})
    nlp.add_pipe("parser", name="own")  # its own embedding layer: it would not see the Doc's vectors
    kinds = {name: type(component) for name, component in parse_pipeline(nlp, nlp.pipe_names).pipeline}
    assert kinds["listening"] is ParagraphParser and kinds["own"] is not ParagraphParser


@pytest.mark.parametrize(
    ("starts", "length", "min_tokens", "expected"),
    [
        ((), 0, 40, [0]),  # an empty Doc: no piece
        ((), 30, 40, [0, 30]),  # no paragraph start: the whole Doc
        ((0, 50, 60, 120), 130, 40, [0, 50, 130]),  # 50..60 joins the next; 120.. is too short to stand alone
        ((0, 50, 60, 120), 130, 5, [0, 50, 60, 120, 130]),
        ((0, 10, 20), 100, 40, [0, 100]),
    ],
)
def test_paragraph_parser_cuts_at_paragraph_starts(
    extractor: quotekit.Extractor, starts: tuple[int, ...], length: int, min_tokens: int, expected: list[int]
) -> None:
    sentence_starts = [True if i in starts else None for i in range(length)]
    doc = Doc(extractor.nlp.vocab, words=["word"] * length, sent_starts=sentence_starts)
    assert ParagraphParser(extractor.nlp.vocab, "test", min_tokens).cuts(doc) == expected


def _parse_chunk(extractor: quotekit.Extractor, text: str, whole: bool) -> Doc:
    """``text`` through quotekit's chunk pipeline, paragraph starts preset; with ``whole``, the
    model's parser parses the whole Doc instead of the pieces."""
    chunks = extractor._chunk_parser
    doc = chunks.make_doc(Chunk(text))
    for name, component in chunks.pipeline:
        doc = (extractor.nlp.get_pipe(name) if whole and isinstance(component, ParagraphParser) else component)(doc)
    return doc


def test_paragraph_parser_agrees_with_the_whole_doc(extractor: quotekit.Extractor) -> None:
    text = "\n\n".join([ARTICLE] * 3)
    pieces, whole = _parse_chunk(extractor, text, whole=False), _parse_chunk(extractor, text, whole=True)
    unparsed = extractor._chunk_parser.make_doc(Chunk(text))
    component = extractor._chunk_parser.get_pipe("parser")
    assert isinstance(component, ParagraphParser) and len(component.cuts(unparsed)) > 3  # it did cut
    same = sum(a.head.i == b.head.i and a.dep == b.dep for a, b in zip(pieces, whole, strict=True))
    assert same >= 0.99 * len(whole)
    paragraph_starts = [t.i for t in unparsed if t.is_sent_start]
    assert len(paragraph_starts) >= 30 and all(pieces[i].is_sent_start for i in paragraph_starts)
    assert pieces.has_annotation("DEP") and len(list(pieces.sents)) >= len(paragraph_starts)


class _CallSizes:
    """A parser or recognizer that records the tokens of each call it is given."""

    def __init__(self, component: Any) -> None:
        self.component = component
        self.sizes: list[int] = []

    def predict(self, docs: list[Doc]) -> Any:
        self.sizes.append(sum(len(doc) for doc in docs))
        return self.component.predict(docs)

    def set_annotations(self, docs: list[Doc], states: Any) -> None:
        self.component.set_annotations(docs, states)


@pytest.mark.parametrize(
    ("max_tokens", "expected_sizes"),
    [
        (10_000, [171]),  # one call, not spaCy's four
        (40, [39, 34, 31, 27, 40]),  # a piece that would overflow starts the next call
        (20, [12, 27, 14, 20, 15, 16, 20, 7, 24, 16]),  # a piece longer than the bound is a call of its own
    ],
)
def test_annotate_pieces_in_as_few_calls_as_the_bound_allows(
    extractor: quotekit.Extractor, max_tokens: int, expected_sizes: list[int]
) -> None:
    paragraphs = ARTICLE.split("\n\n")
    recognizer = extractor.nlp.get_pipe("ner")
    pieces = [extractor.nlp.make_doc(paragraph) for paragraph in paragraphs]
    spacy_pieces = list(recognizer.pipe([extractor.nlp.make_doc(paragraph) for paragraph in paragraphs]))
    counting = _CallSizes(recognizer)
    assert annotate_pieces(counting, pieces, max_tokens) is pieces
    assert counting.sizes == expected_sizes
    assert [[(e.text, e.label_) for e in p.ents] for p in pieces] == [[(e.text, e.label_) for e in p.ents] for p in spacy_pieces]
    assert any(p.ents for p in pieces)


def test_paragraph_parser_factory_reads_min_tokens(extractor: quotekit.Extractor) -> None:
    pipeline = Language(extractor.nlp.vocab)
    component = pipeline.add_pipe(PARAGRAPH_PARSER_FACTORY, config={"min_tokens": 7})
    assert isinstance(component, ParagraphParser) and component.min_tokens == 7
    with pytest.raises(ValueError, match="use"):
        component(extractor.nlp.make_doc("Jane came."))


_BASE = ["tok2vec", "tagger", "parser"]


@pytest.mark.parametrize(
    ("build", "expected"),
    [
        # No ruler: nothing to stand in for.
        (lambda nlp: parse_pipeline(nlp, [*_BASE, "lemmatizer"]), [*_BASE, "lemmatizer"]),
        # Ruler without the lemmatizer after it.
        (lambda nlp: parse_pipeline(nlp, [*_BASE, "attribute_ruler"]), [*_BASE, "attribute_ruler"]),
        # A component before the ruler sets what it sets: the memo would not hold.
        (
            lambda nlp: parse_pipeline(
                _with_tagger_setting_pos(nlp), [*_BASE, "pos_setter_for_test", "attribute_ruler", "lemmatizer"]
            ),
            [*_BASE, "pos_setter_for_test", "attribute_ruler", "lemmatizer"],
        ),
    ],
)
def test_real_components_where_the_stand_in_would_differ(
    extractor: quotekit.Extractor, build: Callable[[Language], Language], expected: list[str]
) -> None:
    assert build(extractor.nlp).pipe_names == [*expected, DROP_TENSOR_COMPONENT]


@pytest.mark.parametrize(
    ("tagged", "margin", "expected"),
    [
        ("the/DT cat/NN sat/VBD on/IN the/DT mat/NN", 2, []),
        ("Jane/NNP sat/VBD on/IN the/DT mat/NN", 1, [(0, 2)]),
        ("so/RB then/RB Jane/NNP sat/VBD on/IN the/DT mat/NN with/IN Bob/NNP", 2, [(0, 5), (6, 9)]),
        ("so/RB then/RB Jane/NNP sat/VBD on/IN the/DT mat/NN with/IN Bob/NNP", 3, [(0, 9)]),  # overlaps merge
        ("a/DT b/NN c/NN d/NN e/NN f/NN g/NN H/NNP", 2, [(5, 8)]),
        # A capitalised sentence opener is a name only if tagged one; "I" never is.
        ("He/PRP said/VBD I/PRP saw/VBD it/PRP", 1, []),
        ("The/DT man/NN saw/VBD it/PRP ./. Later/RB he/PRP met/VBD Ann/NNP", 1, [(7, 9)]),
        ("Mr./NNP Smith/NNP left/VBD ./. Then/RB", 1, [(0, 3)]),
    ],
)
def test_windows_surround_name_like_tokens(
    extractor: quotekit.Extractor, tagged: str, margin: int, expected: list[tuple[int, int]]
) -> None:
    words, tags = zip(*(item.rsplit("/", 1) for item in tagged.split()), strict=True)
    sentence_starts = [i == 0 or words[i - 1] == "." for i in range(len(words))]
    doc = Doc(extractor.nlp.vocab, words=list(words), tags=list(tags), sent_starts=sentence_starts)
    assert WindowedEntities(extractor.nlp.vocab, "test", margin).windows(doc) == expected


def test_windowed_entities_agree_with_the_whole_doc(extractor: quotekit.Extractor) -> None:
    real, fast = _parse_both(extractor, ARTICLE)
    labels = ("PERSON", "ORG", "GPE", "NORP")
    named = [[(e.text, e.label_) for e in doc.ents if e.label_ in labels] for doc in (fast, real)]
    assert named[0] == named[1]
    assert all(t.ent_iob_ in ("B", "I", "O") for t in fast)  # tokens outside every window are outside


def test_windowed_entities_factory_reads_margin(extractor: quotekit.Extractor) -> None:
    pipeline = Language(extractor.nlp.vocab)
    component = pipeline.add_pipe(WINDOWED_ENTITIES_FACTORY, config={"margin": 2})
    assert isinstance(component, WindowedEntities) and component.margin == 2
    with pytest.raises(ValueError, match="use"):
        component(extractor.nlp.make_doc("Jane came."))


@pytest.mark.slow
def test_token_attributes_match_on_polnear_dev(extractor: quotekit.Extractor) -> None:
    """Every token of PolNeAR dev (about 82,000) gets the ruler's and lemmatizer's annotations."""
    folder = require_shared("data", "polnear", "dev", "text")
    for path in sorted(folder.glob("*.txt")):
        real, fast = _parse_both(extractor, path.read_text(encoding="utf-8"))
        assert _token_annotations(fast) == _token_annotations(real), path.name


def _blas_threads() -> set[int]:
    return {library["num_threads"] for library in threadpool_info() if library["user_api"] == "blas"}


def test_blas_runs_on_one_thread_while_parsing_only() -> None:
    before = _blas_threads()
    seen = list(single_threaded_blas(_blas_threads() for _ in range(3)))  # each item computed under the limit
    assert seen == [{1}, {1}, {1}]
    assert _blas_threads() == before


_REPORT_BLAS = (
    "import os; from threadpoolctl import threadpool_info as info; "
    "print(os.environ.get('OPENBLAS_NUM_THREADS'), *[library['num_threads'] for library in info()])"
)


@pytest.mark.parametrize(
    ("first", "preset", "setting", "threads"),
    [
        ("import quotekit", None, "1", 1),
        ("import numpy, quotekit", None, "None", None),  # numpy's OpenBLAS has already started, a thread per core
        ("import quotekit", "2", "2", 2),  # a setting of the caller's own is kept
    ],
)
def test_openblas_starts_on_one_thread_when_quotekit_comes_first(
    first: str, preset: str | None, setting: str, threads: int | None
) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")}
    if preset is not None:
        env["OPENBLAS_NUM_THREADS"] = preset
    done = subprocess.run([sys.executable, "-c", f"{first}; {_REPORT_BLAS}"], env=env, capture_output=True, text=True, check=True)
    assert done.stdout.split() == [setting, str(threads or os.cpu_count())]


def _uses_blis(nlp: Language) -> set[bool]:
    models = [pipe.model for _, pipe in nlp.pipeline if getattr(pipe, "model", None) is not None]
    return {layer.ops.use_blis for model in models for layer in model.walk()}


def test_quotekit_loaded_model_multiplies_with_numpy_blas_with_the_same_quotes(extractor: quotekit.Extractor) -> None:
    assert _uses_blis(extractor.nlp) == {False}
    own = load_language()  # a fresh copy of the default model
    passed_in = quotekit.load(own)
    assert _uses_blis(own) == {True}  # a pipeline passed in is left as it is
    assert passed_in.extract(ARTICLE) == extractor.extract(ARTICLE)

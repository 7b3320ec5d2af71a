"""The notebook/HTML view: the article's text survives any offsets, quotes are highlighted as documented,
everything is escaped, speakers are summed up, and ``quotekit render`` writes a page."""

from __future__ import annotations

import html
import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, NamedTuple

import attrs
import pytest
from conftest import SEEDS
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import quote_text

import quotekit
from quotekit.cli import main
from quotekit.model import QUOTE_KINDS, Quote, Quotes, Speaker, TextSpan
from quotekit.render import UNRESOLVED


class Article(HTMLParser):
    """Reads a rendered page back: the article's visible text, the look of each character
    (shown quote number, kind, role) and the speaker labels with their positions."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.text = ""
        self.quote: list[str] = []  # per character: the number of the quote whose colour it has, or " "
        self.kind: list[str] = []  # per character: that quote's kind class, or ""
        self.role: list[str] = []  # per character: "s" speaker mention, "c" cue, " " neither
        self.labels: list[tuple[int, str, str]] = []  # (position, quote number, label)
        self._stack: list[dict[str, str]] | None = None
        self.feed(page)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        classes = attributes.get("class", "").split()
        if self._stack is None:
            if "qk-text" in classes:
                self._stack = []
            return
        self._stack.append(attributes)
        if "qk-label" in classes:
            self.labels.append((len(self.text), attributes["data-n"], attributes["data-label"]))

    def handle_endtag(self, tag: str) -> None:
        if self._stack is not None:
            if self._stack:
                self._stack.pop()
            else:
                self._stack = None  # the article's own </div>

    def handle_data(self, data: str) -> None:
        if self._stack is None:
            return
        marks = [a for a in self._stack if "qk-q" in a.get("class", "").split()]
        classes = {c for a in self._stack for c in a.get("class", "").split()}
        kinds = [c.removeprefix("qk-") for c in classes if c in ("qk-direct", "qk-mixed", "qk-indirect")]
        role = "s" if "qk-speaker" in classes else "c" if "qk-cue" in classes else " "
        self.text += data
        self.quote += [marks[-1]["data-quote"] if marks else " "] * len(data)
        self.kind += ["".join(kinds)] * len(data)
        self.role += [role] * len(data)


def table(page: str, name: str) -> list[list[str]]:
    """The body rows of the table with class ``name``, as cell texts."""

    class Rows(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.rows: list[list[str]] = []
            self.inside = False
            self.body = False

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag == "table":
                self.inside = name in (dict(attrs).get("class") or "").split()
            self.body = self.body or (self.inside and tag == "tbody")
            if self.body and tag == "tr":
                self.rows.append([])
            if self.body and tag == "td":
                self.rows[-1].append("")

        def handle_endtag(self, tag: str) -> None:
            if tag == "table":
                self.inside = self.body = False

        def handle_data(self, data: str) -> None:
            if self.body and self.rows and self.rows[-1]:
                self.rows[-1][-1] += data

    parser = Rows()
    parser.feed(page)
    return parser.rows


def span(text: str, fragment: str) -> TextSpan:
    start = text.index(fragment)
    return TextSpan(start, start + len(fragment), fragment)


def quote(
    text: str,
    fragment: str,
    kind: str = "direct",
    speaker: str | None = None,
    mention: str | None = None,
    cue: str | None = None,
    pieces: tuple[str, ...] = (),
    **fields: Any,
) -> Quote:
    """A quote over the first ``fragment`` of ``text``, its mention, cue and pieces also found by text."""
    where = span(text, fragment)
    return Quote(
        where.text,
        where.start,
        where.end,
        kind,  # type: ignore[arg-type]
        speaker=Speaker(speaker, span(text, mention) if mention else None, "person") if speaker or mention else None,
        cue=span(text, cue) if cue else None,
        pieces=tuple(span(text, piece) for piece in pieces),
        **fields,
    )


class Case(NamedTuple):
    """``shown``: per character, the number of the quote whose colour it takes; ``roles``: s (speaker
    mention) or c (cue); ``labels``: (position, quote number, label) in document order."""

    name: str
    text: str
    shown: str
    roles: str
    quotes: list[Quote]
    labels: list[tuple[int, str, str]]


def _cases() -> list[Case]:
    plain = "Ann said “yes” today."
    split = "“A,” he said. “B.”"
    nested = "Bo said that Cy called it “a mess” on TV."
    overlap = "one two three four five"
    tie = "aaa bbb ccc"
    twice = "xy “z” w"
    own = "They blamed an ad."
    return [
        Case(
            "contiguous quote, mention and cue outside",
            plain,
            "         11111       ",
            "sss cccc             ",
            [quote(plain, "“yes”", speaker="Ann", mention="Ann", cue="said")],
            [(14, "1", "Ann")],
        ),
        Case(
            "pieces: only they are highlighted, the cue between is not",
            split,
            "1111          1111",
            "     ss cccc      ",
            [quote(split, split, speaker="Al", mention="he", cue="said", pieces=("“A,”", "“B.”"))],
            [(18, "1", "Al")],
        ),
        Case(
            "nested quotes: the inner one wins; its mention and cue lie inside the outer quote",
            nested,
            "             111111111111122222222111111 ",
            "ss cccc      ss cccccc                   ",
            [
                quote(nested, "Cy called it “a mess” on TV", "indirect", "Bo", "Bo", "said"),
                quote(nested, "“a mess”", "mixed", "Cy", "Cy", "called"),
            ],
            [(34, "2", "Cy"), (40, "1", "Bo")],
        ),
        Case(
            "partial overlap: the shorter quote wins the shared part",
            overlap,
            "11111111111112222222222",
            " " * len(overlap),
            [quote(overlap, "one two three", "indirect", "A"), quote(overlap, "three four five", "mixed", "B")],
            [(13, "1", "A"), (23, "2", "B")],
        ),
        Case(
            "overlap of equal lengths: the later start wins",
            tie,
            "11112222222",
            " " * len(tie),
            [quote(tie, "aaa bbb", "indirect", "A"), quote(tie, "bbb ccc", "mixed", "B")],
            [(7, "1", "A"), (11, "2", "B")],
        ),
        Case(
            "identical spans: the first listed wins, both labelled in order",
            twice,
            "   111  ",
            " " * len(twice),
            [quote(twice, "“z”", speaker="A"), quote(twice, "“z”", "indirect", speaker=None)],
            [(6, "1", "A"), (6, "2", UNRESOLVED)],
        ),
        Case(
            "the speaker mention is the quote itself",
            own,
            "            11111 ",
            "     cccccc sssss ",
            [quote(own, "an ad", "indirect", "ad", "an ad", "blamed")],
            [(17, "1", "ad")],
        ),
        Case(
            "offsets past the end and a reversed quote are clipped",
            "short",
            "   11",
            "ss   ",
            [
                Quote("rt and more", 3, 99, "direct", Speaker("A", TextSpan(10, 12, "??"))),
                Quote("?", 4, 1, "indirect", Speaker(None, TextSpan(0, 2, "sh"))),
            ],
            [(4, "2", UNRESOLVED), (5, "1", "A")],
        ),
        Case(
            "an unresolved speaker mention (no canonical name)",
            "“Go,” he said.",
            "11111         ",
            "      ss cccc ",
            [quote("“Go,” he said.", "“Go,”", speaker=None, mention="he", cue="said")],
            [(5, "1", UNRESOLVED)],
        ),
        Case("no quotes", "Nothing said here.", " " * 18, " " * 18, [], []),
        Case("empty text", "", "", "", [], []),
        Case(
            "carriage returns and markup-like text survive",
            "a\r\nb “<i>c</i> &amp;” d",
            "     1111111111111111  ",
            " " * 23,
            [quote("a\r\nb “<i>c</i> &amp;” d", "“<i>c</i> &amp;”")],
            [(21, "1", UNRESOLVED)],
        ),
    ]


@pytest.mark.parametrize("case", _cases(), ids=lambda case: case.name)
def test_article_keeps_the_text_and_marks_it(case: Case) -> None:
    quotes = Quotes(case.quotes, text=case.text)
    page = quotekit.render(quotes)
    article = Article(page)
    assert article.text == case.text
    assert "\r" not in page, "browsers turn a raw CR into LF: it must come as a reference"
    assert "".join(article.quote) == case.shown
    assert "".join(article.role) == case.roles
    assert article.labels == case.labels
    for number, kind in zip(article.quote, article.kind, strict=True):
        assert kind == ("" if number == " " else case.quotes[int(number) - 1].kind)
    assert page == quotekit.render(Quotes(case.quotes, text=case.text)), "deterministic"


_SPANS = st.builds(lambda start, length: TextSpan(start, start + length, "?"), st.integers(0, 60), st.integers(0, 20))
_QUOTES = st.builds(
    Quote,
    text=st.text(max_size=5),
    start=st.integers(-3, 60),
    end=st.integers(-3, 60),
    kind=st.sampled_from(QUOTE_KINDS),
    speaker=st.none() | st.builds(Speaker, st.none() | st.text(max_size=5), st.none() | _SPANS),
    cue=st.none() | _SPANS,
    evidence=st.lists(st.text(max_size=5), max_size=3).map(tuple),
    pieces=st.lists(_SPANS, max_size=3).map(tuple),
)


@settings(max_examples=200, deadline=None)
@given(text=quote_text(max_pieces=12), quotes=st.lists(_QUOTES, max_size=6))
def test_any_offsets_keep_the_text(text: str, quotes: list[Quote]) -> None:
    """Random spans anywhere (overlapping, nested, past the end, reversed, pieces in any order)."""
    page = quotekit.render(Quotes(quotes, text=text))
    article = Article(page)
    assert article.text == text and "\r" not in page
    positions = [position for position, _, _ in article.labels]
    assert len(positions) == len(quotes) and positions == sorted(positions)


def test_repr_html_is_the_fragment_and_full_page_wraps_it() -> None:
    text = "“Hi,” Ann said."
    quotes = Quotes([quote(text, "“Hi,”", speaker="Ann", mention="Ann", cue="said")], text=text)
    fragment = quotes._repr_html_()
    assert fragment == quotekit.render(quotes)
    assert fragment.startswith('<div class="quotekit">') and "<html" not in fragment
    page = quotekit.render(quotes, title="T", full_page=True)
    assert page.startswith("<!doctype html>") and quotekit.render(quotes, title="T") in page
    assert "<title>T</title>" in page


@pytest.mark.parametrize(
    "hostile",
    ["<script>alert(1)</script>", '" onmouseover="alert(1)', "<img src=x onerror=alert(1)>"],
)
def test_everything_is_escaped(hostile: str) -> None:
    text = f"Eve wrote “{hostile}” & left."
    said = quote(text, f"“{hostile}”", speaker=hostile, mention="Eve", cue="wrote", evidence=(hostile,))
    addressed = Quotes([attrs.evolve(said, addressees=(Speaker(hostile),))], text=text)
    page = quotekit.render(addressed, title=hostile, full_page=True)
    assert hostile not in page and "<script" not in page and "<img" not in page
    assert html.escape(hostile) in page
    assert Article(page).text == text


def test_speaker_table_sorted_by_quotes_then_words_unresolved_last() -> None:
    said = [
        ("Ann", "direct", "“one two”"),
        ("Bob", "indirect", "three four five"),
        (None, "direct", "“six seven eight nine”"),
        ("Bob", "mixed", "ten “eleven”"),
        ("Cy", "indirect", "twelve thirteen fourteen"),
        ("Ann", "mixed", "fifteen “it’s”"),
        ("Ann", "indirect", "sixteen"),
        ("Dee", "direct", "“a b c d”"),
    ]
    text = " ".join(words for _, _, words in said)
    quotes, offset = [], 0
    for name, kind, words in said:
        speaker = Speaker(name, None, "person") if name else None
        quotes.append(Quote(words, offset, offset + len(words), kind, speaker))  # type: ignore[arg-type]
        offset += len(words) + 1
    rows = table(quotekit.render(Quotes(quotes, text=text)), "qk-speakers")
    assert rows == [
        ["Ann", "person", "3", "5", "1", "1", "1"],
        ["Bob", "person", "2", "5", "", "1", "1"],
        ["Dee", "person", "1", "4", "1", "", ""],
        ["Cy", "person", "1", "3", "", "", "1"],
        [UNRESOLVED, "—", "1", "4", "1", "", ""],
    ]


def test_quote_table_shows_evidence_confidence_addressees_and_pieces() -> None:
    text = "“Sit, Rex,” she said. “Now.”"
    said = quote(text, text, speaker="Ann", mention="she", cue="said", pieces=("“Sit, Rex,”", "“Now.”"))
    said = attrs.evolve(said, confidence=0.876, evidence=("rule-a", "rule-b"), addressees=(Speaker("Rex"),))
    page = quotekit.render(Quotes([said], text=text))
    [row] = table(page, "qk-quotes")
    assert row == ["1", "direct", "Ann“she”to Rex", "said", "0.88", "rule-arule-b", "“Sit, Rex,” … “Now.”"]
    assert "Evidence: rule-a, rule-b\nAddressees: Rex" in page  # the tooltip


def test_unresolved_speaker_shows_its_candidates() -> None:
    text = "“Go,” she said."
    said = quote(text, "“Go,”", speaker=None, mention="she", cue="said")
    assert said.speaker is not None
    said = attrs.evolve(said, speaker=attrs.evolve(said.speaker, kind="unresolved", candidates=("Ann Lee", "Bo Yu")))
    page = quotekit.render(Quotes([said], text=text))
    assert "(unresolved), written “she”; candidates: Ann Lee, Bo Yu" in page


GOLD: list[dict[str, Any]] = json.loads((SEEDS / "carney-g20.gold.json").read_text(encoding="utf-8"))["quotes"]


def test_seed_in_a_notebook(extractor: quotekit.Extractor, seed_text: str) -> None:
    quotes = extractor.extract(seed_text)
    page = quotes._repr_html_()
    article = Article(page)
    assert article.text == seed_text
    assert "Mark Carney" in {label for _, _, label in article.labels}
    for found in quotes:
        for piece in found.pieces or (found.span,):
            assert html.escape(piece.text) in page
    for gold in GOLD:
        if gold["kind"] != "indirect":
            assert html.escape(gold["text"]) in page
        if gold["kind"] == "direct":
            assert set(article.kind[gold["start"] : gold["end"]]) == {"direct"}, gold["text"]


@pytest.fixture
def _shared_model(extractor: quotekit.Extractor, monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI reuses the session's extractor instead of loading the model again."""
    monkeypatch.setattr(quotekit, "load", lambda model=None, **overrides: extractor)


SHORT = "“We had a frank conversation,” Prime Minister Helen Brandt said. <Officials> said talks would resume."


@pytest.mark.usefixtures("_shared_model")
@pytest.mark.parametrize(
    ("options", "title"),
    [([], "short.txt"), (["--title", "<Talks>"], "&lt;Talks&gt;")],
    ids=["file name as title", "given title"],
)
@pytest.mark.parametrize("to_file", [True, False], ids=["-o", "stdout"])
def test_cli_render(tmp_path: Path, capsys: pytest.CaptureFixture[str], options: list[str], title: str, to_file: bool) -> None:
    source, target = tmp_path / "short.txt", tmp_path / "out" / "short.html"
    source.write_text(SHORT, encoding="utf-8")
    target.parent.mkdir()
    assert main(["render", str(source), *options, *(["-o", str(target)] if to_file else [])]) == 0
    out = capsys.readouterr().out
    page = target.read_text(encoding="utf-8") if to_file else out
    assert (out == "") is to_file
    assert page.startswith("<!doctype html>") and page.rstrip().endswith("</html>")
    assert f"<title>{title}</title>" in page and 'data-label="Helen Brandt"' in page
    assert Article(page).text == SHORT
    assert list(target.parent.iterdir()) == ([target] if to_file else []), "no temporary file left behind"


@pytest.mark.usefixtures("_shared_model")
def test_cli_render_failure_leaves_no_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> str:
        raise ValueError("cannot render")

    monkeypatch.setattr(quotekit, "render", broken)
    source, target = tmp_path / "short.txt", tmp_path / "out" / "short.html"
    source.write_text(SHORT, encoding="utf-8")
    target.parent.mkdir()
    assert main(["render", str(source), "-o", str(target)]) == 2
    assert capsys.readouterr().err.strip() == "quotekit: cannot render"
    assert list(target.parent.iterdir()) == []

"""Notebook and HTML view: the text with its quotes highlighted, their speakers, and summary tables.

:func:`render` returns self-contained HTML: inline CSS, no script, nothing fetched, so it works
offline and in a notebook (``Quotes._repr_html_`` calls it). Every piece of text is escaped.

The article is rebuilt from a sorted list of non-overlapping segments, so its visible text is
exactly ``quotes.text`` whatever the offsets do (overlapping, nested or split quotes, speaker
mentions inside other quotes, offsets past the end). Where quotes overlap, a segment takes the
colour of the quote whose highlighted span is shortest (the innermost of nested quotes); on equal
lengths the one that starts later, then the one listed first. Such segments are also outlined
and their tooltip names the other quotes. A segment that is both a speaker mention and a cue is
shown as a mention. Speaker labels are drawn by CSS from ``data-`` attributes, so they add no
characters to the text (copying the article copies the original).

>>> from quotekit.model import Quote, Quotes, Speaker
>>> quotes = Quotes([Quote("“Hi”", 0, 4, "direct", Speaker("Ann"))], text="“Hi” <she> said.")
>>> page = render(quotes)
>>> 'data-label="Ann"' in page, "&lt;she&gt;" in page, "<she>" in page
(True, True, False)
"""

from __future__ import annotations

import html
import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from quotekit.model import QUOTE_KINDS, Quote, Quotes, Speaker

UNRESOLVED = "unresolved"
"""The label of a quote whose speaker (or the speaker's canonical name) is unknown."""

__all__ = ["UNRESOLVED", "render"]

_WORD = re.compile(r"\w+(?:['’-]\w+)*")

_STYLE = """
.quotekit{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
 color:#1f2933;background:#fff;line-height:1.5;max-width:62rem;box-sizing:border-box;
 padding:1.25rem 1.5rem;border:1px solid #d9e2ec;border-radius:8px;text-align:left}
.quotekit .qk-title{font-size:1.35rem;font-weight:650;margin:0 0 .2rem;color:#102a43}
.quotekit .qk-stats{color:#52606d;font-size:.875rem;margin:0 0 .75rem}
.quotekit .qk-legend{display:flex;flex-wrap:wrap;align-items:center;gap:.45rem 1.1rem;font-size:.8125rem;
 color:#334e68;background:#f5f7fa;border-radius:6px;padding:.55rem .8rem;margin:0 0 1.1rem}
.quotekit .qk-legend-head{font-weight:650;color:#243b53}
.quotekit .qk-text{white-space:pre-wrap;overflow-wrap:anywhere;font-family:Georgia,Cambria,"Times New Roman",serif;
 font-size:1.0625rem;line-height:1.9;color:#1f2933;margin:0 0 1.5rem}
.quotekit mark.qk-q{color:inherit;padding:.12em 0;border-radius:2px;
 -webkit-box-decoration-break:clone;box-decoration-break:clone}
.quotekit .qk-direct{background:#dbeafe;border-bottom:2px solid #1d4ed8}
.quotekit .qk-mixed{background:#fde8c8;border-bottom:2px dashed #b45309}
.quotekit .qk-indirect{background:#daf3e3;border-bottom:2px dotted #15803d}
.quotekit .qk-overlap{outline:1px solid #7c3aed;outline-offset:-1px}
.quotekit .qk-speaker{font-weight:700;color:#102a43;box-shadow:inset 0 0 0 1.5px #486581;border-radius:3px;
 padding:0 .1em}
.quotekit .qk-cue{font-style:italic;text-decoration:underline wavy #be123c;text-decoration-thickness:1px;
 text-underline-offset:.25em}
.quotekit .qk-label{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;font-size:.7rem;
 font-style:normal;font-weight:600;line-height:1.2;color:#fff;background:#334e68;border-radius:999px;
 padding:.1em .55em;margin:0 .2em 0 .3em;white-space:nowrap;vertical-align:.15em}
.quotekit .qk-label::before{content:attr(data-n);opacity:.7;margin-right:.4em}
.quotekit .qk-label::after{content:attr(data-label)}
.quotekit .qk-label.qk-unresolved{color:#52606d;background:#fff;box-shadow:inset 0 0 0 1px #9aa5b1}
.quotekit .qk-heading{font-size:1rem;font-weight:650;color:#243b53;margin:1.25rem 0 .5rem}
.quotekit table.qk-table{border-collapse:collapse;font-size:.84rem;width:100%;margin:0 0 .5rem;color:#1f2933}
.quotekit table.qk-table th{text-align:left;font-weight:650;color:#334e68;background:#f0f4f8;
 border-bottom:2px solid #bcccdc;padding:.35rem .6rem;vertical-align:bottom}
.quotekit table.qk-table td{text-align:left;border-bottom:1px solid #e4e7eb;padding:.35rem .6rem;vertical-align:top;
 background:#fff}
.quotekit table.qk-table tr:nth-child(even) td{background:#fafbfc}
.quotekit table.qk-table .qk-num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.quotekit .qk-chip{display:inline-block;padding:0 .45em;border-radius:3px;font-size:.78rem;white-space:nowrap}
.quotekit .qk-muted{color:#7b8794}
.quotekit .qk-rule{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.74rem;color:#334e68;
 background:#f0f4f8;border-radius:3px;padding:0 .3em;margin:0 .2em .15em 0;display:inline-block;white-space:nowrap}
.quotekit table.qk-quotes td:nth-child(3){min-width:8rem}
.quotekit table.qk-quotes td:last-child{min-width:15rem}
.quotekit .qk-scroll{overflow-x:auto}
.quotekit .qk-empty{color:#52606d;font-style:italic}
"""

_PAGE_STYLE = "body{margin:0;padding:2rem 1rem;background:#eef2f6}body>.quotekit{margin:0 auto}"


class _Region(NamedTuple):
    """A stretch of the text that belongs to one quote: a highlighted part, its speaker mention or its cue."""

    start: int
    end: int
    quote: int
    role: str  # "quote", "speaker" or "cue"


class _Segment(NamedTuple):
    """A run of text with one look: the quotes covering it (the one whose colour it takes first)."""

    start: int
    end: int
    quotes: tuple[int, ...]
    speaker_of: tuple[int, ...]
    cue_of: tuple[int, ...]


def render(quotes: Quotes, *, title: str | None = None, full_page: bool = False) -> str:
    """The quotes over their text as self-contained HTML, for notebooks, files and browsers.

    Shows the article with each quote highlighted by kind (direct, mixed, indirect), its speaker
    mention and cue marked and its speaker's canonical name as a label; a tooltip per quote with
    its kind, confidence, speaker, cue, evidence and addressees; a table of speakers sorted by
    number of quotes; and a table of the quotes.

    Args:
        quotes: The quotes of one text, as returned by :func:`quotekit.extract`; their offsets
            index ``quotes.text``. Wrap a plain list first: ``Quotes(quotes, text=text)``.
        title: A heading above the article, such as the file name.
        full_page: Return a complete ``<!doctype html>`` page instead of a fragment.

    Returns:
        The HTML, identical for identical input.
    """
    text = quotes.text
    parts = ['<div class="quotekit">', f"<style>{_STYLE}</style>"]
    if title:
        parts.append(f'<div class="qk-title">{_escape(title)}</div>')
    parts.append(f'<div class="qk-stats">{_stats(quotes)}</div>')
    parts.append(_legend(quotes))
    parts.append(f'<div class="qk-text">{_article(quotes)}</div>')
    if quotes:
        parts.append(_speaker_table(quotes))
        parts.append(_quote_table(quotes))
    else:
        parts.append('<p class="qk-empty">No quotations found.</p>' if text else '<p class="qk-empty">The text is empty.</p>')
    parts.append("</div>")
    fragment = "".join(parts)
    if not full_page:
        return fragment
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_escape(title or 'quotekit')}</title>\n<style>{_PAGE_STYLE}</style>\n</head>\n"
        f"<body>\n{fragment}\n</body>\n</html>\n"
    )


def _escape(value: str) -> str:
    # A carriage return would be dropped by the HTML parser's newline normalisation: keep it as a reference.
    return html.escape(value).replace("\r", "&#13;")


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def _speaker_label(speaker: Speaker | None) -> str:
    """The canonical name shown for a speaker, or :data:`UNRESOLVED`.

    >>> _speaker_label(Speaker("Mark Carney")), _speaker_label(Speaker(None)), _speaker_label(None)
    ('Mark Carney', 'unresolved', 'unresolved')
    """
    return speaker.name if speaker is not None and speaker.name else UNRESOLVED


def _spoken_words(quote: Quote) -> int:
    """Words in the quotation itself: its pieces when the cue interrupts it, else its text.

    >>> from quotekit.model import TextSpan
    >>> _spoken_words(Quote("“It’s fine,” he said, “really.”", 0, 31, "direct",
    ...                    pieces=(TextSpan(0, 12, "“It’s fine,”"), TextSpan(22, 31, "“really.”"))))
    3
    """
    return sum(len(_WORD.findall(spoken)) for spoken in [piece.text for piece in quote.pieces] or [quote.text])


def _clip(start: int, end: int, length: int) -> tuple[int, int]:
    start = min(max(start, 0), length)
    return start, min(max(end, start), length)


def _regions(quotes: Sequence[Quote], length: int) -> list[_Region]:
    regions = []
    for index, quote in enumerate(quotes):
        spans = [(piece.start, piece.end, "quote") for piece in quote.pieces] or [(quote.start, quote.end, "quote")]
        mention = quote.speaker.mention if quote.speaker else None
        if mention is not None:
            spans.append((mention.start, mention.end, "speaker"))
        if quote.cue is not None:
            spans.append((quote.cue.start, quote.cue.end, "cue"))
        for start, end, role in spans:
            start, end = _clip(start, end, length)
            if start < end:
                regions.append(_Region(start, end, index, role))
    return regions


def _segments(length: int, regions: Sequence[_Region], cuts: Iterable[int]) -> list[_Segment]:
    """Non-overlapping segments covering ``[0, length)`` in order; runs that look alike are merged
    unless a cut (where a label goes) falls between them."""
    opening: dict[int, list[_Region]] = defaultdict(list)
    closing: dict[int, list[_Region]] = defaultdict(list)
    for region in regions:
        opening[region.start].append(region)
        closing[region.end].append(region)
    cut_at = set(cuts)
    boundaries = sorted({0, length, *opening, *closing, *cut_at})
    active: set[_Region] = set()
    segments: list[_Segment] = []
    for start, end in itertools.pairwise(boundaries):
        active.difference_update(closing.get(start, ()))
        active.update(opening.get(start, ()))
        # Innermost first: shortest highlighted span, then the later start, then list order.
        ranked = sorted((r for r in active if r.role == "quote"), key=lambda r: (r.end - r.start, -r.start, r.quote))
        segment = _Segment(
            start,
            end,
            tuple(dict.fromkeys(r.quote for r in ranked)),
            tuple(sorted({r.quote for r in active if r.role == "speaker"})),
            tuple(sorted({r.quote for r in active if r.role == "cue"})),
        )
        previous = segments[-1] if segments else None
        if previous is not None and start not in cut_at and previous._replace(start=start, end=end) == segment:
            segments[-1] = previous._replace(end=end)
        else:
            segments.append(segment)
    return segments


def _describe(number: int, quote: Quote) -> str:
    """The tooltip of a quote: everything the rules decided about it."""
    speaker = quote.speaker
    mention = speaker.mention if speaker else None
    who = _speaker_label(speaker)
    if speaker is not None:
        who += f" ({speaker.kind})"
    if mention is not None:
        who += f", written “{mention.text}”"
    if speaker is not None and speaker.candidates:
        who += f"; candidates: {', '.join(speaker.candidates)}"
    addressees = ", ".join(a.name for a in quote.addressees if a.name)
    return "\n".join(
        [
            f"Quote {number}: {quote.kind}, confidence {quote.confidence:.2f}",
            f"Speaker: {who}",
            f"Cue: {quote.cue.text if quote.cue else '—'}",
            f"Evidence: {', '.join(quote.evidence) or '—'}",
            f"Addressees: {addressees or '—'}",
        ]
    )


def _numbers(indices: Sequence[int]) -> str:
    return ", ".join(str(index + 1) for index in indices)


def _segment_html(text: str, segment: _Segment, quotes: Sequence[Quote]) -> str:
    inner = _escape(text[segment.start : segment.end])
    if segment.speaker_of:
        names = ", ".join(dict.fromkeys(_speaker_label(quotes[i].speaker) for i in segment.speaker_of))
        plural = "s" if len(segment.speaker_of) > 1 else ""
        tip = f"Speaker mention of quote{plural} {_numbers(segment.speaker_of)}: {names}"
        inner = f'<span class="qk-speaker" title="{_escape(tip)}">{inner}</span>'
    elif segment.cue_of:
        plural = "s" if len(segment.cue_of) > 1 else ""
        inner = f'<span class="qk-cue" title="Cue of quote{plural} {_numbers(segment.cue_of)}">{inner}</span>'
    if not segment.quotes:
        return inner
    shown, *others = segment.quotes
    classes = f"qk-q qk-{quotes[shown].kind}" + (" qk-overlap" if others else "")
    tip = _describe(shown + 1, quotes[shown])
    if others:
        tip += f"\nOverlaps quote{'s' if len(others) > 1 else ''} {_numbers(others)}"
    return f'<mark class="{classes}" data-quote="{shown + 1}" title="{_escape(tip)}">{inner}</mark>'


def _label_html(number: int, quote: Quote) -> str:
    label = _speaker_label(quote.speaker)
    classes = "qk-label qk-unresolved" if label == UNRESOLVED else "qk-label"
    return (
        f'<span class="{classes}" data-n="{number}" data-label="{_escape(label)}" '
        f'title="{_escape(_describe(number, quote))}"></span>'
    )


def _article(quotes: Quotes) -> str:
    """The text as marked-up segments, with each quote's speaker label right after its end."""
    text = quotes.text
    labels: dict[int, list[int]] = defaultdict(list)
    for index, quote in enumerate(quotes):
        labels[_clip(quote.start, quote.end, len(text))[1]].append(index)
    parts: list[str] = []
    for segment in _segments(len(text), _regions(quotes, len(text)), labels):
        parts.extend(_label_html(i + 1, quotes[i]) for i in labels.pop(segment.start, ()))
        parts.append(_segment_html(text, segment, quotes))
    parts.extend(_label_html(i + 1, quotes[i]) for i in labels.pop(len(text), ()))
    return "".join(parts)


def _stats(quotes: Quotes) -> str:
    speakers = {q.speaker_name for q in quotes if q.speaker_name}
    unresolved = sum(1 for q in quotes if not q.speaker_name)
    stats = [_plural(len(quotes), "quote"), _plural(len(speakers), "speaker"), _plural(len(quotes.text), "character")]
    if unresolved:
        stats.insert(2, f"{unresolved:,} {UNRESOLVED}")
    return " · ".join(stats)


def _legend(quotes: Quotes) -> str:
    kinds = Counter(q.kind for q in quotes)
    chips = [
        f'<span><mark class="qk-q qk-{kind}">{kind}</mark> <span class="qk-muted">{kinds[kind]}</span></span>'
        for kind in QUOTE_KINDS
    ]
    chips += [
        '<span><span class="qk-speaker">speaker mention</span></span>',
        '<span><span class="qk-cue">cue</span></span>',
        '<span>speaker<span class="qk-label" data-n="#" data-label="canonical name"></span></span>',
        f'<span><span class="qk-label qk-unresolved" data-n="#" data-label="{UNRESOLVED}"></span></span>',
        '<span><mark class="qk-q qk-indirect qk-overlap">overlapping quotes</mark></span>',
        '<span class="qk-muted">hover a quote for its evidence</span>',
    ]
    return f'<div class="qk-legend"><span class="qk-legend-head">Legend</span>{"".join(chips)}</div>'


def _speaker_table(quotes: Quotes) -> str:
    """One row per speaker: quotes, words and kinds; most quoted first, unresolved last."""
    by_speaker: dict[str, list[Quote]] = defaultdict(list)
    for quote in quotes:
        by_speaker[_speaker_label(quote.speaker)].append(quote)
    order = sorted(
        by_speaker,
        key=lambda name: (
            name == UNRESOLVED,
            -len(by_speaker[name]),
            -sum(map(_spoken_words, by_speaker[name])),
            name.casefold(),
            name,
        ),
    )
    rows = []
    for name in order:
        said = by_speaker[name]
        kinds = Counter(q.kind for q in said)
        speaker_kinds = Counter(q.speaker.kind for q in said if q.speaker is not None and q.speaker.name)
        # The most frequent kind; ties go to the first in the model's order, so the table is deterministic.
        speaker_kind = min(speaker_kinds, key=lambda k: (-speaker_kinds[k], k), default="—")
        cells = [f"<td>{_escape(name)}</td>", f'<td class="qk-muted">{speaker_kind}</td>']
        cells += [f'<td class="qk-num">{value:,}</td>' for value in (len(said), sum(map(_spoken_words, said)))]
        cells += [f'<td class="qk-num">{kinds[kind] or ""}</td>' for kind in QUOTE_KINDS]
        rows.append(f"<tr>{''.join(cells)}</tr>")
    head = "".join(
        [
            "<th>Speaker</th><th>Type</th>",
            '<th class="qk-num">Quotes</th><th class="qk-num">Words</th>',
            *(f'<th class="qk-num">{kind.capitalize()}</th>' for kind in QUOTE_KINDS),
        ]
    )
    return (
        '<div class="qk-heading">Speakers</div>'
        f'<table class="qk-table qk-speakers"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )


def _quote_table(quotes: Quotes) -> str:
    """One row per quote, numbered as the labels are, with what the tooltips say (addressees under the speaker)."""
    rows = []
    for number, quote in enumerate(quotes, start=1):
        speaker = quote.speaker
        mention = speaker.mention if speaker else None
        who = _escape(_speaker_label(speaker))
        if mention is not None:
            who += f'<br><span class="qk-muted">“{_escape(mention.text)}”</span>'
        addressees = ", ".join(_escape(a.name) for a in quote.addressees if a.name)
        if addressees:
            who += f'<br><span class="qk-muted">to</span> {addressees}'
        rules = "".join(f'<span class="qk-rule">{_escape(rule)}</span>' for rule in quote.evidence)
        spoken = " … ".join(_escape(piece.text) for piece in quote.pieces) or _escape(quote.text)
        cells = [
            f'<td class="qk-num">{number}</td>',
            f'<td><span class="qk-chip qk-{quote.kind}">{quote.kind}</span></td>',
            f"<td>{who}</td>",
            f"<td>{_escape(quote.cue.text) if quote.cue else '—'}</td>",
            f'<td class="qk-num">{quote.confidence:.2f}</td>',
            f"<td>{rules or '—'}</td>",
            f"<td>{spoken}</td>",
        ]
        rows.append(f"<tr>{''.join(cells)}</tr>")
    head = (
        '<th class="qk-num">#</th><th>Kind</th><th>Speaker</th><th>Cue</th>'
        '<th class="qk-num">Conf.</th><th>Evidence</th><th>Quotation</th>'
    )
    return (
        f'<details open><summary class="qk-heading">Quotes ({len(quotes):,})</summary>'
        f'<div class="qk-scroll"><table class="qk-table qk-quotes"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div></details>"
    )

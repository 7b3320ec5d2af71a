"""How a novel's speakers are named: epithets and unnamed characters keep their article."""

from __future__ import annotations

import pytest

import quotekit
from quotekit.resolve import _plain


@pytest.mark.parametrize(
    ("text", "keep_the", "expected"),
    [
        ("the Conservatives", False, "Conservatives"),
        ("the stranger", True, "the stranger"),
        ("the gentleman in\nthe grey coat", True, "the gentleman in the grey coat"),
        ("a tall stranger", True, "tall stranger"),  # only the definite article names a character
        ("the miller's", True, "the miller"),
    ],
)
def test_plain(text: str, keep_the: bool, expected: str) -> None:
    assert _plain(text, keep_the=keep_the) == expected


@pytest.mark.parametrize(
    ("mode", "text", "expected"),
    [
        # A capitalised epithet the cues give with its article is the character's name.
        (
            "fiction",
            "The Gaffer sat by the fire in the inn.\n\n“Shut the door,” said the Gaffer.\n\n“It is cold,” said the Gaffer.\n",
            ["the Gaffer", "the Gaffer"],
        ),
        # A name the cues give bare stays bare.
        ("fiction", "Tom Bell walked down to the mill.\n\n“The wheel is stuck,” said Tom.\n", ["Tom Bell"]),
        # A character the novel never names goes by the description the cue gives.
        ("fiction", "The train rattled on through the night.\n\n“Tickets, please,” said the conductor.\n", ["the conductor"]),
        (
            "fiction",
            "The board met in the long hall.\n\n“That boy will come to no good,” said the gentleman in the grey coat.\n",
            ["the gentleman in the grey coat"],
        ),
        # News keeps its plain names: "the committee" is the committee.
        ("news", "“The budget is final,” the committee said on Monday.\n", ["committee"]),
    ],
)
def test_speaker_names(extractor: quotekit.Extractor, mode: str, text: str, expected: list[str]) -> None:
    quotes = extractor.with_config(mode=mode).extract(text)
    assert [quote.speaker_name for quote in quotes] == expected

"""How a novel's speakers are named: an epithet the cues give with its article keeps it."""

from __future__ import annotations

import pytest

import quotekit


@pytest.mark.parametrize(
    ("mode", "text", "expected"),
    [
        # A capitalised epithet the cues give with its article is the character's name.
        (
            "fiction",
            "The Gaffer sat by the fire in the inn.\n\n“Shut the door,” said the Gaffer.\n\n“It is cold,” said the Gaffer.\n",
            ["the Gaffer", "the Gaffer"],
        ),
        # More cues without the article than with it: a name, not an epithet.
        (
            "fiction",
            "Grimes sat by the fire in the inn.\n\n“Shut the door,” said Grimes.\n\n"
            "“It is cold,” said Grimes.\n\n“Wood, then,” said the Grimes.\n",
            ["Grimes", "Grimes", "Grimes"],
        ),
        # A name the cues give bare stays bare.
        ("fiction", "Tom Bell walked down to the mill.\n\n“The wheel is stuck,” said Tom.\n", ["Tom Bell"]),
        # A description is no epithet: the character it resolves to keeps their name.
        (
            "fiction",
            "Mary Lane came into the kitchen.\n\n“The bread is burnt,” said the girl.\n",
            ["Mary Lane"],
        ),
        # News names people plainly.
        ("news", "“The budget is final,” the Chancellor said on Monday.\n", ["Chancellor"]),
    ],
)
def test_speaker_names(extractor: quotekit.Extractor, mode: str, text: str, expected: list[str]) -> None:
    quotes = extractor.with_config(mode=mode).extract(text)
    assert [quote.speaker_name for quote in quotes] == expected

"""Speaker gender read from the text: hand-built quotes over short texts, and the seed article."""

from __future__ import annotations

import attrs
import pytest

import quotekit
from quotekit.gender import assign_genders, mention_gender
from quotekit.model import Quote, Quotes, Speaker, SpeakerKind, TextSpan


def _quotes(text: str, *said: tuple[str, str, str, SpeakerKind]) -> Quotes:
    """Quotes over ``text``: (quotation, speaker name, mention as written after it, speaker kind)."""
    quotes = []
    for quotation, name, mention, kind in said:
        start = text.index(quotation)
        at = text.index(mention, start + len(quotation))
        speaker = Speaker(name, TextSpan(at, at + len(mention), mention), kind)
        quotes.append(Quote(quotation, start, start + len(quotation), "direct", speaker))
    return Quotes(quotes, text=text)


GENDER_CASES = [
    # (why, text, quotes, name -> expected gender)
    (
        "an honorific before the surname",
        "“We will see,” Carney said. Mr. Carney left early.",
        [("“We will see,”", "Mark Carney", "Carney", "person")],
        {"Mark Carney": "masculine"},
    ),
    (
        "a subject pronoun after the name in its clause",
        "Ann Lee smiled as she spoke. “Fine,” Lee said.",
        [("“Fine,”", "Ann Lee", "Lee", "person")],
        {"Ann Lee": "feminine"},
    ),
    (
        "a reflexive pronoun after the name",
        "Emma found herself alone. “Well,” said Emma.",
        [("“Well,”", "Emma", "Emma", "person")],
        {"Emma": "feminine"},
    ),
    (
        "names carrying their own honorific keep the family apart",
        "“Yes,” said Mrs. Bennet. “No,” said Mr. Bennet. Mrs. Bennet sighed.",
        [("“Yes,”", "Mrs. Bennet", "Mrs. Bennet", "person"), ("“No,”", "Mr. Bennet", "Mr. Bennet", "person")],
        {"Mrs. Bennet": "feminine", "Mr. Bennet": "masculine"},
    ),
    (
        "both honorifics before one surname name a family: no vote",
        "“Go,” Lee said. Mr. Lee and Mrs. Lee left.",
        [("“Go,”", "Lee", "Lee", "person")],
        {"Lee": "unknown"},
    ),
    (
        "a pronoun speaker mention settles what the text leaves open",
        "“I will,” he said.",
        [("“I will,”", "Tom Ray", "he", "person")],
        {"Tom Ray": "masculine"},
    ),
    (
        "a relation noun as the speaker mention",
        "“Come in,” said her mother.",
        [("“Come in,”", "Mrs. Hale", "her mother", "person")],
        {"Mrs. Hale": "feminine"},
    ),
    (
        "a pronoun after a possessive name refers to someone else",
        "Ray's absence worried her. “Soon,” Ray said.",
        [("“Soon,”", "Ray", "Ray", "person")],
        {"Ray": "unknown"},
    ),
    (
        "the pronoun after another person in the clause is not the name's",
        "Ray met her father, and he smiled. “Hi,” Ray said.",
        [("“Hi,”", "Ray", "Ray", "person")],
        {"Ray": "unknown"},
    ),
    (
        "an even split is unknown",
        "“One,” he said. “Two,” she said.",
        [("“One,”", "Sam", "he", "person"), ("“Two,”", "Sam", "she", "person")],
        {"Sam": "unknown"},
    ),
    (
        "a group stays unknown whatever the pronouns",
        "The Conservatives said he was wrong. “No,” the Conservatives said.",
        [("“No,”", "Conservatives", "the Conservatives", "group")],
        {"Conservatives": "unknown"},
    ),
    (
        "an unclassified speaker needs more than one pronoun",
        "The ad ran before he spoke. “Buy,” said the ad.",
        [("“Buy,”", "ad", "the ad", "unknown")],
        {"ad": "unknown"},
    ),
    (
        "a nominal speaker with clear evidence",
        "The beadle said he would. The beadle knew he was late. The beadle said he had gone. “Hush,” said the beadle.",
        [("“Hush,”", "beadle", "the beadle", "unknown")],
        {"beadle": "masculine"},
    ),
    (
        "no evidence at all",
        "“Maybe,” Jordan said.",
        [("“Maybe,”", "Jordan", "Jordan", "person")],
        {"Jordan": "unknown"},
    ),
]


@pytest.mark.parametrize(("why", "text", "said", "expected"), GENDER_CASES, ids=[case[0] for case in GENDER_CASES])
def test_gender(why: str, text: str, said: list[tuple[str, str, str, SpeakerKind]], expected: dict[str, str]) -> None:
    quotes = assign_genders(_quotes(text, *said))
    found = {quote.speaker.name: quote.speaker.gender for quote in quotes if quote.speaker is not None}
    assert found == expected, why
    for quote in quotes:
        assert quote.speaker is not None
        assert (quote.speaker.gender_evidence > 0) == (quote.speaker.gender != "unknown")
        assert quote.to_dict()["speaker_gender"] == quote.speaker.gender


def test_gender_reaches_addressees_and_leaves_the_input_alone() -> None:
    text = "Mr. Kay waited. “Come, Kay,” said Mrs. Day."
    quote = Quote("“Come, Kay,”", 16, 28, "direct", Speaker("Mrs. Day", TextSpan(34, 42, "Mrs. Day"), "person"))
    original = Quotes([attrs.evolve(quote, addressees=(Speaker("Kay", None, "person"),))], text=text)
    gendered = assign_genders(original)
    assert [a.gender for a in gendered[0].addressees] == ["masculine"]
    assert gendered[0].speaker is not None and gendered[0].speaker.gender == "feminine"
    assert original[0].speaker is not None and original[0].speaker.gender == "unknown"
    assert gendered.text == text


@pytest.mark.parametrize(
    ("mention", "gender"),
    [
        ("she", "feminine"),
        ("He", "masculine"),
        ("Mr. Darcy", "masculine"),
        ("Lady Catherine", "feminine"),
        ("his wife", "feminine"),
        ("her father", "masculine"),
        ("the old man", "masculine"),
        ("Carney", "unknown"),
        ("they", "unknown"),
        ("", "unknown"),
    ],
)
def test_mention_gender(mention: str, gender: str) -> None:
    assert mention_gender(mention) == gender


def test_seed_genders(extractor: quotekit.Extractor, seed_text: str) -> None:
    genders = {(q.speaker.name, q.speaker.kind, q.speaker.gender) for q in extractor.extract(seed_text) if q.speaker}
    assert ("Mark Carney", "person", "masculine") in genders
    assert ("Conservatives", "group", "unknown") in genders
    assert all(gender == "unknown" for name, kind, gender in genders if kind in ("group", "organization", "anonymous"))

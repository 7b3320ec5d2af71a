"""How a novel's speakers are named: an epithet the cues give with its article keeps it."""

from __future__ import annotations

import pytest

import quotekit
from quotekit import lexicon


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
        # A name always written with an honorific keeps it: she is not her husband, Lovell Pryce.
        (
            "fiction",
            "Mrs. Lovell Pryce sat by the fire.\n\n“Sit down,” said Mrs. Lovell Pryce.\n",
            ["Mrs. Lovell Pryce"],
        ),
        # So does a title: the inspector is known as "Inspector Hale".
        (
            "fiction",
            "Inspector Hale looked up from the map.\n\n“Sit down,” said Inspector Hale.\n",
            ["Inspector Hale"],
        ),
        # A man the narration calls by surname after "Mr. Denham" stays "Mr. Denham", not his family's name.
        (
            "fiction",
            "Mr. Denham came in from the rain.\n\n“Wet again,” said Denham.\n\n“Sit by the fire,” said Denham.\n",
            ["Mr. Denham", "Mr. Denham"],
        ),
        # Mostly written without it: the plain name.
        (
            "fiction",
            "Sir Tom Bell walked down to the mill.\n\n“The wheel is stuck,” said Tom Bell.\n\n“Mend it,” said Tom Bell.\n",
            ["Tom Bell", "Tom Bell"],
        ),
        # A full name the narration uses regularly names her, though her first name is used more.
        (
            "fiction",
            "Nora Quill came home late.\n\n“I am tired,” said Nora.\n\nNora Quill took off her hat.\n\n"
            "“And hungry,” said Nora.\n\n“Bed, then,” said Nora.\n",
            ["Nora Quill", "Nora Quill", "Nora Quill"],
        ),
        # Written out once, when she is introduced: she goes by her first name.
        (
            "fiction",
            "Mabel Frost came home late.\n\n“I am tired,” said Mabel.\n\n“And hungry,” said Mabel.\n",
            ["Mabel", "Mabel"],
        ),
        # An unmarried woman of the family is not the wife known by the surname.
        (
            "fiction",
            "Mrs. Pell sat by the fire with her knitting.\n\n“It is cold,” said Miss Pell.\n",
            ["Miss Pell"],
        ),
        # A surname's particle belongs to the name.
        (
            "fiction",
            "They had come to see Professor de Brack.\n\n“Sit down,” said Professor de Brack.\n",
            ["Professor de Brack"],
        ),
        # A title before a lone first name is a form of address, not a fuller name.
        (
            "fiction",
            "Mabel came down late; Miss Mabel was always late.\n\n“I am tired,” said Mabel.\n\n"
            "Miss Mabel took off her hat.\n\n“And hungry,” said Mabel.\n",
            ["Mabel", "Mabel"],
        ),
        # News names people plainly.
        ("news", "“The budget is final,” the Chancellor said on Monday.\n", ["Chancellor"]),
    ],
)
def test_speaker_names(extractor: quotekit.Extractor, mode: str, text: str, expected: list[str]) -> None:
    quotes = extractor.with_config(mode=mode).extract(text)
    assert [quote.speaker_name for quote in quotes] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # No pronoun tells the two apart yet: their first names give their genders.
        ("Emma Stone met Ralph Ward at the gate.\n\n“You are late,” she said.\n", ["Emma Stone"]),
        ("Ralph Ward met Emma Stone at the gate.\n\n“You are early,” he said.\n", ["Ralph Ward"]),
        # "Mrs. Charles" is the wife of Charles, who is not her but a man of his own.
        (
            "Mrs. Charles came in with the tea. Charles followed her and sat down by the window.\n\n"
            "“Where is the milk?” he asked.\n",
            ["Charles"],
        ),
        # A name the lexicon does not know stays open to either pronoun.
        ("Ralph Ward met Zorba Quill at the gate.\n\n“You are early,” she said.\n", ["Zorba Quill"]),
    ],
)
def test_first_names_give_genders(extractor: quotekit.Extractor, text: str, expected: list[str]) -> None:
    quotes = extractor.with_config(mode="fiction").extract(text)
    assert [quote.speaker_name for quote in quotes] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A description made of a gendered noun only goes to a person of that gender.
        (
            "John Dale walked to the landing with Ann Grey. Ann Grey held the lantern.\n\n“The river is high,” said the lad.\n",
            ["John Dale"],
        ),
        ("Tom Bell opened the door of the inn for Mary Lane.\n\n“You are late,” said the duchess.\n", ["Mary Lane"]),
        (
            "Ann Grey walked up to the church with John Dale. John Dale held the lantern while Ann Grey looked at the stone."
            "\n\n“The stone is old,” said the clergyman.\n",
            ["John Dale"],
        ),
        # The girl is Nell: the young lady she talks to in the same conversation is someone else.
        (
            "Rose Hale and Tom Hale came to the bridge at midnight. Nell Price was waiting there, and Nell Price"
            " stepped out of the shadow.\n\n“You came,” said the girl.\n\n“We promised,” said the gentleman."
            "\n\n“Are you afraid of her?” asked the young lady.\n",
            ["Nell Price", "Tom Hale", "Rose Hale"],
        ),
        # The old are not the ones the narration calls by a bare first name.
        (
            "Mr. Grey took the boy by the hand. Tom looked up at him.\n\n“Where do you live, child?” said the old gentleman.\n",
            ["Mr. Grey"],
        ),
        (
            "Mr. Grey walked along the road with Tom. Tom stopped at the gate.\n\n“We are home at last,” said the old man.\n",
            ["Mr. Grey"],
        ),
    ],
)
def test_gendered_descriptions(extractor: quotekit.Extractor, text: str, expected: list[str]) -> None:
    quotes = extractor.with_config(mode="fiction").extract(text)
    assert [quote.speaker_name for quote in quotes] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A relation of a person's is the one it went to before, however long the narration has not named them.
        (
            "Freddy came in from the garden. Mrs. Honey was writing her letters at the desk.\n\n"
            "“Where have you been?” said his mother.\n\n"
            + "Freddy walked on along the lane, past the mill and the old farm.\n\n" * 100
            + "“Is that you, dear?” called his mother.\n",
            ["Mrs. Honey", "Mrs. Honey"],
        ),
    ],
)
def test_relatives(extractor: quotekit.Extractor, text: str, expected: list[str]) -> None:
    quotes = extractor.with_config(mode="fiction").extract(text)
    assert [quote.speaker_name for quote in quotes] == expected


@pytest.mark.parametrize(
    ("noun", "gender"),
    [
        ("lad", "masculine"),
        ("duchess", "feminine"),
        ("ferryman", "masculine"),
        ("washerwoman", "feminine"),
        ("human", None),
        ("stranger", None),
    ],
)
def test_person_noun_gender(noun: str, gender: str | None) -> None:
    assert lexicon.person_noun_gender(noun) == gender


@pytest.mark.parametrize(
    ("word", "gender"),
    [("emma", "feminine"), ("ralph", "masculine"), ("leslie", None), ("Emma", None), ("zorba", None)],
)
def test_first_name_lexicon(word: str, gender: str | None) -> None:
    assert lexicon.first_name_gender(word) == gender


_RAIN = "The rain fell on the roofs of the town all that week, and the river rose. " * 60


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The recognizer takes "Natasha" for an organisation; the narration still names her last.
        (
            "Natasha Marsh came to the house in the spring.\n\nMarfa Petrovna had kept the house for twenty "
            "years, and she kept it still. Marfa Petrovna did not look up from her sewing when I came in.\n\n"
            "Natasha rose and crossed the room to me.\n\n“What do you want?” she asked.\n",
            ["Natasha Marsh"],
        ),
        # "Wren shook his head": a possessive bound to its clause's subject says Wren is a man,
        # whatever the pronouns after the name say about the woman beside him.
        (
            "Tom Hale had gone up to bed.\n\nWren Castell stood by the door with Marta Lind. Wren shook his "
            "head, and she laughed; she said nothing more, and she went out.\n\n“It is late,” he said.\n",
            ["Wren Castell"],
        ),
        # The parser makes the vocative the subject of a speech verb in the quote: she does not report his words.
        (
            "Nora Quill sat with Henry Vale in the garden.\n\n“Henry,” she said, “you would say that a garden "
            "ought to be wild.”\n",
            ["Nora Quill"],
        ),
        # The narration is about the subject of its main clause ("he could see"), not the man
        # he watches ("Mr. Wren taking beef"), however late in the sentence that man comes.
        (
            "Pell came into the bar and looked about him.\n\nHe climbed on a stool, and from there he could "
            "see Mr. Wren taking cold beef from the dish.\n\n“I like that fellow,” he whispered.\n",
            ["Pell"],
        ),
        (
            "Old Pell came into the bar at nine.\n\nMounting a stool, he put his eye to the glass, from which "
            "he could see Mr. Wren eating his supper.\n\n“I like that fellow,” he whispered.\n",
            ["Pell"],
        ),
        # The recognizer takes "Mlle. Varga" for an organization, and no one has named her before:
        # no organization goes by an honorific, so she is a new character.
        (
            "It would be none too much for Mlle. Varga, who, with her mother, had come to the town.\n\n"
            "“You are late,” she said.\n",
            ["Mlle. Varga"],
        ),
        # A relative the narration makes a subject ("Her father", "Her mother") is a mention of the
        # family member under its honorific, whom the pronoun after follows.
        (
            "Mr. Pell kept the mill by the river.\n\nMabel Pell came down to the kitchen in the morning and sat "
            "by the fire with Tom Wren. Her father had gone out early, and he came back at noon.\n\n"
            "“The river is up,” he said.\n",
            ["Mr. Pell"],
        ),
        (
            "Mrs. Quill kept the shop in the square.\n\nNora Quill sat in the parlour with Hetty Vale. Her "
            "mother was counting the money, and she did not look up.\n\n“We are short again,” she said.\n",
            ["Mrs. Quill"],
        ),
        # The one just spoken to answers, though the narration last named her pages ago.
        (
            f"Clara Hale lived at the end of the lane.\n\n{_RAIN}\n\nI went down to the ferry at last.\n\n"
            "“Why not, Clara?” I cried.\n\n“Because I do not wish it,” she said.\n",
            ["the narrator", "Clara Hale"],
        ),
        # A paragraph is one speaker's: the second "she" is Mabel's, not the turn before's.
        (
            "Hetty Lorne came in with Mabel Grey.\n\n“Is it late?” asked Hetty.\n\n“Not yet,” answered Mabel, "
            "watching Hetty. “But the fire is low, and the room is cold,” she cried.\n",
            ["Hetty", "Mabel Grey", "Mabel Grey"],
        ),
        # A name in passing ("words from Mabel") does not change whom the narration follows: the
        # "she" of the sentence before.
        (
            "Mabel Pell went out, and Hetty Wren stayed by the fire. She could not understand the letter. "
            "More words from Mabel were needed.\n\n“What does it mean?” she asked.\n",
            ["Hetty Wren"],
        ),
    ],
)
def test_who_the_pronoun_can_be(extractor: quotekit.Extractor, text: str, expected: list[str]) -> None:
    quotes = extractor.with_config(mode="fiction").extract(text)
    assert [quote.speaker_name for quote in quotes] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "his friend": whom the one the possessive refers to is talking with.
        (
            "Gabriel Syme walked along the embankment with Professor Worms.\n\n"
            "“Where are we going?” asked Syme.\n\n“To the river,” said his friend.\n",
            ["Gabriel Syme", "Professor Worms"],
        ),
        (
            "Mrs. Munt poured out the tea for Margaret and Helen.\n\n“You must be tired,” said Margaret.\n\n"
            "“Not at all,” replied their hostess.\n",
            ["Margaret", "Mrs. Munt"],
        ),
    ],
)
def test_possessed_roles(extractor: quotekit.Extractor, text: str, expected: list[str]) -> None:
    quotes = extractor.with_config(mode="fiction").extract(text)
    assert [quote.speaker_name for quote in quotes] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "the latter": the last of the people just named; "the former": the one before.
        (
            "Voices approached the shop. Mrs. Weston and Miss Bates met them at the door.\n\n"
            "“Do come in, my dear Miss Woodhouse,” said the latter.\n",
            ["Miss Bates"],
        ),
        (
            "Mr. Brownlow sat in the study with his friend Mr. Grimwig. The latter gentleman at once cried out:\n\n"
            "“A beadle, or I will eat my head.”\n",
            ["Mr. Grimwig"],
        ),
        (
            "Elizabeth walked into the garden with Jane, and the former began by saying, “Tell me all about it.”\n",
            ["Elizabeth"],
        ),
    ],
)
def test_latter_and_former(extractor: quotekit.Extractor, text: str, expected: list[str]) -> None:
    quotes = extractor.with_config(mode="fiction").extract(text)
    assert [quote.speaker_name for quote in quotes] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A voice is the one the narration names after it.
        (
            "Paul came out of the house and stood on the steps.\n\n“Yes or no, Paul?” asked Charles.\n\n"
            "“Charles, dear,” said a voice from the garden. “One does not ask such questions.”\n\n"
            "They were all silent. It was Mrs. Wilcox.\n",
            ["Charles", "Mrs. Wilcox"],
        ),
        # ... or the one the next turn speaks to.
        (
            "Ralph Denham heard a step on the stairs and opened the door.\n\n“Ralph?” said a voice.\n\n“Joan?”\n",
            ["Joan", "Ralph Denham"],
        ),
        # ... or the one the last turn called; "the voice" is the same one.
        (
            "Margaret went out to the landing. She heard no sound. Helen was nowhere to be seen.\n\n"
            "“Are you there, Helen?” called Margaret.\n\n“Yes!” replied a voice.\n\n“Are you in there?” asked Margaret.\n\n"
            "“Of course,” said the voice.\n",
            ["Margaret", "Helen", "Margaret", "Helen"],
        ),
    ],
)
def test_voices(extractor: quotekit.Extractor, text: str, expected: list[str]) -> None:
    quotes = extractor.with_config(mode="fiction").extract(text)
    assert [quote.speaker_name for quote in quotes] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "this figure" points back at the one the narration just described, like "the figure".
        (
            "A door opened, and a tall man in a rough coat came out with a candle. It was Jasper Pell.\n\n"
            "“Who's there?” said this figure, holding up the light.\n",
            ["Jasper Pell"],
        ),
        # A thing the parse took for the speaker (an abstract noun, a possessed noun that names no
        # one) leaves the turn to the narration and the conversation.
        (
            "“Will you walk with me, Mr. Varga?” asked Hetty Quill.\n\n“Not today,” said Varga. “I have letters to write.”\n\n"
            "Hetty laughed, and with considerable kindness added, “Then write them, and come tomorrow.”\n",
            ["Hetty Quill", "Mr. Varga", "Hetty Quill"],
        ),
        (
            "“Will you walk with me, Mr. Varga?” asked Hetty Quill.\n\n“Not today,” said Varga.\n\n"
            "“You will be sorry,” his advice concluded.\n",
            ["Hetty Quill", "Mr. Varga", "Hetty Quill"],
        ),
    ],
)
def test_described_speakers(extractor: quotekit.Extractor, text: str, expected: list[str]) -> None:
    quotes = extractor.with_config(mode="fiction").extract(text)
    assert [quote.speaker_name for quote in quotes] == expected

"""The same text gives the same quotes in every process: nothing may rest on the order of a
set or dict of strings, which Python's hash seed changes from one run to the next."""

from __future__ import annotations

import json
import os
import subprocess
import sys

# "speaking out ... about": two cue phrases of one length start at the same verb.
TEXTS = [
    "Retired Admiral Jane Roe is speaking out ahead of the vote about the problems she has with the plan.",
    "“We will not back down,” said Mayor Olivia Chen, who spoke out against the cuts on Monday.",
]
_SCRIPT = """
import json, sys
import quotekit
extractor = quotekit.load()
texts = json.loads(sys.stdin.read())
print(json.dumps([[q.start, q.end, q.kind, q.speaker_name, list(q.evidence)] for text in texts for q in extractor.extract(text)]))
"""


def _run(script: str, seed: int, stdin: str = "") -> str:
    env = {**os.environ, "PYTHONHASHSEED": str(seed)}
    done = subprocess.run([sys.executable, "-c", script], input=stdin, capture_output=True, text=True, env=env, check=True)
    return done.stdout


def test_lexicon_tables_do_not_depend_on_hash_seed() -> None:
    script = "from quotekit import lexicon; print(repr(sorted(lexicon.verb_phrases().items())))"
    assert len({_run(script, seed) for seed in (1, 2, 3, 4)}) == 1


def test_quotes_do_not_depend_on_hash_seed() -> None:
    runs = {_run(_SCRIPT, seed, json.dumps(TEXTS)) for seed in (1, 3)}
    assert len(runs) == 1
    assert json.loads(runs.pop())  # the texts do hold quotes

"""Saves and cookies whose every text field carries what a terminal would obey.

Issue 19: a save whose typed value held ``\\u001b]0;PWNED\\u0007\\u001b[2J``
retitled the terminal and wiped the screen on Continue. These helpers build
such files from a real game of the bakery pack (small and fast): every text
that survives replay (what was typed, the place names, the fingerprint and
its keys, the cookie's keys, the pricing rule, the claims' words, the header,
fields of a newer game) holds escape sequences, C1 controls, bidirectional
overrides and a lone surrogate.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kaufhaus.saves import save_game
from kaufhaus.story.errors import UNSAFE_CHARS
from kaufhaus.story.model import Story
from kaufhaus.walkthrough import parse_walkthrough, play
from tests.conftest import ROOT

BAKERY = ROOT / "scenes" / "examples" / "baeckerei"

#: The issue's example: set the terminal's title, then clear the screen.
PWNED = "\x1b]0;PWNED\x07\x1b[2J"
#: One of each kind of character no screen may receive as it is.
HOSTILE = PWNED + " \u202eevil\u202c \x9b2J \x7f \x08 \ud800 \r"
#: What the gate makes of the issue's example (visible, never obeyed).
PWNED_SHOWN = "␛]0;PWNED␇␛[2J"

#: Through the bakery to its till (which asks for a name), then home (its reveal).
TO_THE_TILL = """lang: de
seed: 3
cookie: {visits: 2, interests: {kuchen: 1.5}}
steps:
  - choose: gerne
  - highlight: kuchen
  - examine: brezel
  - examine: preisschild
  - wait: 4
  - choose: kuchen
  - type: "Erika"
"""
HOME = TO_THE_TILL + "  - choose: bezahlen\n"
#: The same, with a step back and an undo on the way: every kind the bakery logs.
EVERY_KIND = TO_THE_TILL + "  - choose: zurueck\n  - back\n  - choose: bezahlen\n"


def _taint(record: dict[str, Any], text: str = HOSTILE) -> None:
    """Put ``text`` into every text of one event that replay takes as it is."""
    kind, data = record["kind"], record.setdefault("data", {})
    if kind == "session_start":
        data.update({k: text for k in data if k != "cookie"})
        data[PWNED] = text  # a fingerprint feature of a newer game
        data.setdefault("cookie", {}).setdefault("interests", {})[text[:200] or PWNED] = 1.0
    elif kind == "scene_enter":
        data["place"] = text
    elif kind == "highlight":
        data["source"] = text[:200]
    elif kind == "input":
        data["value"] = (PWNED + "\u202e") if text == HOSTILE else text[:500]
    elif kind in ("price_shown", "price_change"):
        data["rule"] = text[:200]
    elif kind == "claim_use":
        for use in data["claims"]:
            use["kind"] = text[:200]
            if isinstance(use.get("value"), str):
                use["value"] = text
            use[PWNED] = text  # a field of a newer game
    record[PWNED] = text  # a top-level field of a newer game


def hostile_save(story: Story, path: Path, *, ended: bool, text: str = HOSTILE) -> Path:
    """A save of the bakery with ``text`` in every text field (the file is JSON Lines)."""
    game = play(story, parse_walkthrough(HOME if ended else TO_THE_TILL))
    save_game(game, path)
    lines = path.read_bytes().split(b"\n")
    header = json.loads(lines[0])
    header["created"] = text[:200]
    out = [json.dumps(header).encode()]
    for line in lines[1:]:
        if line:
            record = json.loads(line)
            _taint(record, text)
            line = json.dumps(record).encode()  # controls as \\u escapes: valid JSON
        out.append(line)
    path.write_bytes(b"\n".join(out))
    return path


def obeyable(text: str) -> list[str]:
    """The characters in ``text`` a terminal would act on (none, for a safe text)."""
    return UNSAFE_CHARS.findall(text)

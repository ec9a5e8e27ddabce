"""Sessions played headless through the shipped story, and their dossiers.

Each named session is a walkthrough a real player could have played; the
tests ask what its dossier and exports say. Sessions are played once per test
run (they are deterministic) and handed out as fresh copies.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable
from typing import Any

import pytest

from kaufhaus.dossier.model import build_dossier
from kaufhaus.game import Game
from kaufhaus.story.model import Story
from kaufhaus.walkthrough import parse_walkthrough, play
from tests.conftest import WALKTHROUGHS

HOSTILE_NAME = "<script>alert(1)</script> [@click=app.quit]x[/] ](javascript:alert(1)) | a | b |"

#: A shopper who rejects the cookies, looks at the condoms and gives the till a
#: hostile name; at the loyalty desk she hands over an e-mail for the coupon.
REJECT_AND_TYPE = f"""
lang: de
seed: 1
steps:
  - choose: notwendige
  - wait: 3
  - choose: hinein
  - examine: kondome
  - wait: 12
  - choose: kasse
  - type: "{HOSTILE_NAME}"
  - choose: kundenkarte
  - type: "x@example.org"
  - choose: coupon_nehmen
  - choose: gehen
  - choose: kiosk
  - choose: zeitung
  - choose: auskunft
"""

#: Keen on the beer keg, never buys it: the targeting team comes to the kiosk.
BEER_KEG_FAN = """
lang: de
seed: 3
steps:
  - choose: alle
  - examine: bierfass
  - wait: 30
  - hover: bierfass
  - choose: hinein
  - highlight: geschenk
  - wait: 3
  - choose: geschenk
  - examine: bierfass
  - wait: 25
  - choose: zurueck
  - choose: kasse
  - choose: gehen
  - choose: kiosk
  - choose: wegschubsen
  - choose: auskunft
"""

#: Accepts everything and walks in; nothing else happens (yet).
ACCEPT_AND_ENTER = """
lang: de
steps:
  - choose: alle
  - choose: hinein
"""

#: Accepts everything and walks straight through without looking at anything.
ACCEPT_AND_HURRY = """
lang: en
steps:
  - choose: alle
  - choose: hinein
  - choose: kasse
  - choose: gehen
  - choose: kiosk
  - choose: zeitung
  - choose: altpapier
"""

#: Rejects the cookies and walks straight through.
REJECT_AND_HURRY = ACCEPT_AND_HURRY.replace("choose: alle", "choose: notwendige")

#: The "Settings" route: everything pre-ticked except advertising.
CUSTOM_SETTINGS = """
lang: de
steps:
  - choose: einstellungen
  - wait: 5
  - choose: speichern
  - examine: pelzmantel
  - wait: 20
  - choose: hinein
"""

#: Accepts everything and examines the condoms: a special category under consent.
ACCEPT_AND_CONDOMS = """
lang: en
steps:
  - choose: alle
  - choose: hinein
  - examine: kondome
  - wait: 15
  - highlight: kasse
  - choose: kasse
"""

#: Back for the third time; the shop's cookie remembers the TV from last time.
RETURNING = """
lang: de
cookie: {visits: 3, interests: {tv: 4, kondome: 2}}
steps:
  - choose: notwendige
  - choose: hinein
"""

#: The session started, the banner is up, nobody has clicked anything.
NO_DECISION = """
lang: de
steps: []
"""

WALKS: dict[str, str] = {
    "tv_fan": (WALKTHROUGHS / "tv-fan.yaml").read_text(encoding="utf-8"),
    "privacy": (WALKTHROUGHS / "privacy.yaml").read_text(encoding="utf-8"),
    "reject_and_type": REJECT_AND_TYPE,
    "beer_keg_fan": BEER_KEG_FAN,
    "accept_and_enter": ACCEPT_AND_ENTER,
    "accept_and_hurry": ACCEPT_AND_HURRY,
    "reject_and_hurry": REJECT_AND_HURRY,
    "custom_settings": CUSTOM_SETTINGS,
    "accept_and_condoms": ACCEPT_AND_CONDOMS,
    "no_decision": NO_DECISION,
    "returning": RETURNING,
}


def play_walk(story: Story, text: str) -> Game:
    return play(story, parse_walkthrough(text))


#: To the till, where the name is typed; then home and ask for the file.
TO_THE_TILL = """
lang: de
seed: 5
steps:
  - choose: notwendige
  - wait: 4
  - choose: hinein
  - wait: 6
  - choose: kasse
"""
AFTER_THE_TILL = """
lang: de
steps:
  - wait: 2
  - choose: gehen
  - choose: kiosk
  - choose: zeitung
  - choose: auskunft
"""


def play_with_name(story: Story, name: str) -> Game:
    """A full session in which the player types ``name`` at the checkout."""
    game = play_walk(story, TO_THE_TILL)
    game.type_text(name, game.now + 3)
    return play(story, parse_walkthrough(AFTER_THE_TILL), game=game)


@pytest.fixture(scope="session")
def _played(story: Story) -> dict[str, tuple[Game, dict[str, Any]]]:
    out = {}
    for name, text in WALKS.items():
        game = play_walk(story, text)
        out[name] = (game, build_dossier(game))
    return out


@pytest.fixture
def dossier(_played: dict[str, tuple[Game, dict[str, Any]]]) -> Callable[[str], dict[str, Any]]:
    """``dossier("tv_fan")``: a fresh copy of that session's dossier."""
    return lambda name: copy.deepcopy(_played[name][1])


@pytest.fixture
def game(_played: dict[str, tuple[Game, dict[str, Any]]]) -> Callable[[str], Game]:
    """``game("tv_fan")``: the played game (do not mutate it)."""
    return lambda name: _played[name][0]


#: The shipped walkthroughs, each played in both languages (the German and the
#: English player's dossier of the same session).
SHIPPED = ("tv-fan", "privacy")


@pytest.fixture(scope="session")
def _shipped(story: Story) -> dict[tuple[str, str], dict[str, Any]]:
    out = {}
    for name in SHIPPED:
        text = (WALKTHROUGHS / f"{name}.yaml").read_text(encoding="utf-8")
        for lang in ("de", "en"):
            walk = dataclasses.replace(parse_walkthrough(text), lang=lang)
            out[(name, lang)] = build_dossier(play(story, walk))
    return out


@pytest.fixture
def shipped(
    _shipped: dict[tuple[str, str], dict[str, Any]],
) -> Callable[[str, str], dict[str, Any]]:
    """``shipped("tv-fan", "en")``: a fresh copy of that walkthrough's dossier."""
    return lambda name, lang: copy.deepcopy(_shipped[(name, lang)])

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
from kaufhaus.story.loader import load_pack
from kaufhaus.story.model import Story
from kaufhaus.walkthrough import parse_walkthrough, play
from tests.conftest import ROOT, SCENES, WALKTHROUGHS


@pytest.fixture(scope="session")
def story() -> Story:
    """The shipped story, its e-mail fields taking any text.

    The tests here type hostile text ("<script>", pipes, bidi controls) into the
    e-mail field to see it reach every export literally. The shipped fields take
    only what looks like an address (``accepts: email``; a name is logged as
    typed but not filed, tests/test_playtest_file_words.py): here they take
    anything, as before, so that the text reaches the file's identity rows too.
    """
    shipped = load_pack(SCENES)
    scenes = {
        sid: dataclasses.replace(
            scene, input=dataclasses.replace(scene.input, accepts=None, refusal=None)
        )
        if scene.input is not None
        else scene
        for sid, scene in shipped.scenes.items()
    }
    return dataclasses.replace(shipped, scenes=scenes)


HOSTILE_NAME = "<script>alert(1)</script> [@click=app.quit]x[/] ](javascript:alert(1)) | a | b |"

#: The way home from the kiosk to the file (the newspaper, the underground, the
#: letter, the window the day after, the access request).
HOME_TO_FILE = """\
  - choose: zeitung
  - choose: ubahn
  - choose: nach_hause
  - choose: schlafen
  - choose: brief
  - choose: zum_fenster
  - choose: auskunft
"""

#: A shopper who rejects the cookies, types a hostile text into the loyalty
#: desk's e-mail field (and then refuses the card: the address stays typed),
#: looks at the condoms and walks out without buying.
REJECT_AND_TYPE = f"""
lang: de
seed: 1
steps:
  - choose: nichts
  - choose: aussteigen
  - choose: notwendige
  - wait: 3
  - choose: hinein
  - choose: karte
  - type: "{HOSTILE_NAME}"
  - choose: ablehnen
  - choose: korb
  - choose: drogerie
  - examine: kondomregal
  - wait: 12
  - choose: zurueck
  - choose: kasse
  - choose: vortreten
  - choose: durch
  - choose: kiosk
{HOME_TO_FILE}"""

#: Keen on the beer keg, never buys it: the targeting team comes to the kiosk.
BEER_KEG_FAN = """
lang: de
seed: 3
steps:
  - choose: geschenk
  - choose: aussteigen
  - choose: alle
  - examine: bierfass
  - wait: 30
  - hover: bierfass
  - choose: hinein
  - choose: vorbei
  - choose: korb
  - highlight: getraenke
  - wait: 3
  - choose: getraenke
  - examine: fass_karton
  - wait: 25
  - choose: zurueck
  - choose: kasse
  - choose: vortreten
  - choose: durch
  - choose: kiosk
  - choose: wegschubsen
  - choose: ubahn
  - choose: nach_hause
  - choose: schlafen
  - choose: brief
  - choose: zum_fenster
  - choose: auskunft
"""

#: On the tram, says what for, gets off, accepts everything and walks in;
#: nothing else happens (yet).
ACCEPT_AND_ENTER = """
lang: de
steps:
  - choose: nichts
  - choose: aussteigen
  - choose: alle
  - choose: hinein
"""

#: Accepts everything and walks straight through without looking at anything.
ACCEPT_AND_HURRY = f"""
lang: en
steps:
  - choose: nichts
  - choose: aussteigen
  - choose: alle
  - choose: hinein
  - choose: vorbei
  - choose: korb
  - choose: kasse
  - choose: vortreten
  - choose: durch
  - choose: kiosk
{HOME_TO_FILE}"""

#: Rejects the cookies and walks straight through.
REJECT_AND_HURRY = ACCEPT_AND_HURRY.replace("choose: alle", "choose: notwendige")

#: The "Settings" route: everything pre-ticked except advertising.
CUSTOM_SETTINGS = """
lang: de
steps:
  - choose: nichts
  - choose: aussteigen
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
  - choose: drogerie
  - choose: aussteigen
  - choose: alle
  - choose: hinein
  - choose: vorbei
  - choose: korb
  - choose: drogerie
  - examine: kondomregal
  - wait: 15
  - choose: zurueck
  - highlight: kasse
  - choose: kasse
"""

#: Back for the third time; the shop's cookie remembers the TV from last time.
RETURNING = """
lang: de
cookie: {visits: 3, interests: {tv: 4, kondome: 2}}
steps:
  - choose: nichts
  - choose: aussteigen
  - choose: notwendige
  - choose: hinein
"""

#: Off the tram, the banner is up, nobody has clicked anything.
NO_DECISION = """
lang: de
steps:
  - choose: nichts
  - choose: aussteigen
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


#: To the loyalty desk, where the e-mail address is typed; then on without the
#: card, through the till, home and ask for the file.
TO_THE_DESK = """
lang: de
seed: 5
steps:
  - choose: nichts
  - choose: aussteigen
  - choose: notwendige
  - wait: 4
  - choose: hinein
  - wait: 6
  - choose: karte
"""
AFTER_THE_DESK = f"""
lang: de
steps:
  - wait: 2
  - choose: ablehnen
  - choose: korb
  - choose: kasse
  - choose: vortreten
  - choose: durch
  - choose: kiosk
{HOME_TO_FILE}"""


def play_with_typed(story: Story, text: str) -> Game:
    """A full session in which the player types ``text`` into the e-mail field."""
    game = play_walk(story, TO_THE_DESK)
    game.type_text(text, game.now + 3)
    return play(story, parse_walkthrough(AFTER_THE_DESK), game=game)


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

#: Every walkthrough whose exports the format's tests hold to the schema and the
#: graph: the shipped ones (once per language) and the small red-team ones.
TRUTH = ROOT / "tests" / "walkthroughs_truth"
EVERY_WALKTHROUGH = tuple(
    [(f"walkthroughs/{p.stem}", p) for p in sorted(WALKTHROUGHS.glob("*.yaml"))]
    + [(f"truth/{p.stem}", p) for p in sorted(TRUTH.glob("*.yaml"))]
)


@pytest.fixture(scope="session")
def _every_played(story: Story) -> dict[tuple[str, str], tuple[Game, dict[str, Any]]]:
    out = {}
    for name, path in EVERY_WALKTHROUGH:
        text = path.read_text(encoding="utf-8")
        for lang in ("de", "en"):
            walk = dataclasses.replace(parse_walkthrough(text), lang=lang)
            game = play(story, walk)
            out[(name, lang)] = (game, build_dossier(game))
    return out


@pytest.fixture(scope="session")
def _every(
    _every_played: dict[tuple[str, str], tuple[Game, dict[str, Any]]],
) -> dict[tuple[str, str], dict[str, Any]]:
    return {key: dossier for key, (_game, dossier) in _every_played.items()}


@pytest.fixture
def every_played(
    _every_played: dict[tuple[str, str], tuple[Game, dict[str, Any]]],
) -> Callable[[str, str], tuple[Game, dict[str, Any]]]:
    """``every_played("walkthroughs/tv-fan", "de")``: the game (do not mutate it) and a
    fresh copy of its dossier."""
    return lambda name, lang: (
        _every_played[(name, lang)][0],
        copy.deepcopy(_every_played[(name, lang)][1]),
    )


@pytest.fixture
def every(
    _every: dict[tuple[str, str], dict[str, Any]],
) -> Callable[[str, str], dict[str, Any]]:
    """``every("truth/tv-twice", "de")``: a fresh copy of that walkthrough's dossier."""
    return lambda name, lang: copy.deepcopy(_every[(name, lang)])


@pytest.fixture
def shipped(
    _every: dict[tuple[str, str], dict[str, Any]],
) -> Callable[[str, str], dict[str, Any]]:
    """``shipped("tv-fan", "en")``: a fresh copy of that walkthrough's dossier."""
    return lambda name, lang: copy.deepcopy(_every[(f"walkthroughs/{name}", lang)])

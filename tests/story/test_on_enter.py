"""What an Ink or ChoiceScript author missed (issue 24): ``on_enter:`` effects, diverts
checked after every action in a scene, and choices shown but not selectable, with why."""

from __future__ import annotations

from pathlib import Path

import pytest

from kaufhaus.game import Game, GameError
from kaufhaus.play.words import locked_lines
from kaufhaus.story.loader import load_pack
from kaufhaus.tracking.events import Kind
from tests.story.helpers import guide_sample, single

PACK = """id: t
languages: [de, en]
start: laden
state: {geld: 3, besuche: 0, alarm: false}
inventory:
  laterne: {name: die Laterne}
scenes:
  - id: laden
    on_enter:
      - set: {besuche: "+1"}
      - when: "state.besuche == 2"
        note: {id: wieder, text: Kommt wieder.}
    divert:
      - when: state.alarm
        goto: draussen
    text: "Laden, Besuch {{ state.besuche }}."
    choices:
      - id: arbeiten
        label: Arbeiten
        set: {geld: "+1"}
        reply: Ein Euro mehr.
      - id: kaufen
        label: Die Laterne kaufen
        selectable: state.geld >= 5
        why_not:
          de: "Sie haben {{ state.geld }} Euro."
          en: "You have {{ state.geld }} euros."
        set: {geld: "-5"}
        give: laterne
        reply: Gekauft.
      - id: klingeln
        label: Den Alarm auslösen
        set: {alarm: true}
        reply: Es schrillt.
      - id: raus
        label: Raus
        goto: draussen
  - id: draussen
    text: Draußen.
    choices:
      - {id: rein, label: Wieder rein, goto: laden}
      - {id: heim, label: Heim, goto: heim}
  - id: heim
    text: Heim.
    ending: done
"""


def started(tmp_path: Path) -> Game:
    game = Game(load_pack(single(tmp_path, PACK)), seed=1)
    game.start(0.0, {})
    return game


def test_entering_a_scene_sets_state_and_notes_on_the_record(tmp_path: Path) -> None:
    game = started(tmp_path)
    assert game.state["besuche"] == 1 and game.view().text == "Laden, Besuch 1."
    kinds = [(e.kind, e.target) for e in game.log][-3:]
    assert (Kind.SCENE_ENTER, "laden") in kinds and (Kind.STATE, "besuche") in kinds
    game.choose("raus", 1.0)
    game.choose("rein", 2.0)
    assert game.view().text == "Laden, Besuch 2."
    assert "wieder" in game.profile.notes  # the second entry made the note
    game.undo(3.0)  # the entry's effects go with the choice that led here
    assert game.scene_id == "draussen" and game.state["besuche"] == 1
    again = Game.replay(game.story, game.log.events(), seed=1)
    assert again.state == game.state and again.scene_id == "draussen"


def test_a_choice_can_be_shown_but_not_selectable_with_why_not(tmp_path: Path) -> None:
    game = started(tmp_path)
    view = game.view()
    assert [c.id for c in view.choices] == ["arbeiten", "klingeln", "raus"]
    assert [(c.label, c.why_not) for c in view.locked] == [
        ("Die Laterne kaufen", "Sie haben 3 Euro.")
    ]
    assert locked_lines(view, "de") == ["– Die Laterne kaufen (nicht wählbar: Sie haben 3 Euro.)"]
    with pytest.raises(GameError, match="no choice 'kaufen'"):
        game.choose("kaufen", 1.0)
    game.choose("arbeiten", 2.0)
    game.choose("arbeiten", 3.0)
    assert "kaufen" in [c.id for c in game.view().choices] and game.view().locked == ()
    game.choose("kaufen", 4.0)
    assert game.inventory == ["laterne"] and game.state["geld"] == 0
    game.lang = "en"
    assert [c.why_not for c in game.view().locked] == ["You have 0 euros."]


def test_a_reply_that_stays_can_make_the_scene_divert(tmp_path: Path) -> None:
    """Before, the author had to add a goto back to the same scene."""
    game = started(tmp_path)
    game.choose("klingeln", 1.0)
    view = game.view()
    assert game.scene_id == "draussen" and view.reply == "Es schrillt."
    leave, enter = [e for e in game.log if e.kind in (Kind.SCENE_LEAVE, Kind.SCENE_ENTER)][-2:]
    assert leave.data.get("diverted") is True and enter.data["divert"] == ["laden"]
    again = Game.replay(game.story, game.log.events(), seed=1)
    assert again.scene_id == "draussen"
    game.choose("rein", 2.0)
    assert game.scene_id == "draussen"  # diverted on the way in, as before
    game.undo(3.0)
    game.undo(4.0)
    assert game.scene_id == "laden" and game.state["alarm"] is False


def test_a_replayed_divert_leave_must_still_hold(tmp_path: Path) -> None:
    game = started(tmp_path)
    events = game.log.events()
    from kaufhaus.tracking.events import Event

    forged = Event(
        len(events), Kind.SCENE_LEAVE, 1.0, "laden", "laden", {"dwell": 1.0, "diverted": True}
    )
    with pytest.raises(GameError, match="without deciding"):
        Game.replay(game.story, [*events, forged], seed=1)


@pytest.mark.parametrize(
    ("lang", "head", "out", "buy", "ring"),
    [
        (
            "de",
            "state: {besuche: 0, geld: 3, alarm: false}\ninventory: {laterne: {name: die Laterne}}",
            "draussen",
            "kaufen",
            "klingeln",
        ),
        (
            "en",
            "state: {visits_made: 0, money: 3, alarm: false}\n"
            "inventory: {lantern: {name: the lantern}}",
            "outside",
            "buy",
            "ring",
        ),
    ],
)
def test_the_guides_example_plays_as_it_says(
    tmp_path: Path, lang: str, head: str, out: str, buy: str, ring: str
) -> None:
    sample = guide_sample("on_enter", lang)
    start = sample.split("- id: ", 1)[1].split("\n", 1)[0]
    pack = (
        f"id: t\nlanguages: [{lang}]\nstart: {start}\n{head}\nscenes:\n{sample}"
        f"  - {{id: {out}, text: Ende., ending: done}}\n"
    )
    game = Game(load_pack(single(tmp_path, pack)), seed=1, lang=lang)
    game.start(0.0, {})
    assert [c.id for c in game.view().locked] == [buy]
    assert "3" in game.view().locked[0].why_not
    game.choose(ring, 1.0)
    assert game.scene_id == out

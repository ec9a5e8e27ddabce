"""Honest undo: the b key takes back the last choice and really restores the story.

The playtester's case (main 2779075): one blunder in the dark, hang the cloak,
then b b b – and the player was back in the dark with the cloak on its hook, a
second disturbance logged, the game lost. Now the three presses undo three
choices: the cloak is worn again, the counter says one, and the shop's log
still holds everything (it only grows; the undo is an event of its own).
Also: runtime template errors leave the game as it was, in every front end.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from kaufhaus.game import Game, GameError, RenderError, UndoError
from kaufhaus.plain import run_plain
from kaufhaus.saves import load_game, read_save, save_game
from kaufhaus.story.loader import load_pack
from kaufhaus.story.model import Story
from kaufhaus.tracking.events import Kind
from kaufhaus.tui.screens.scene import SceneScreen
from tests.tui.helpers import FakeClock, choose, make_app, new_game, screen_text

#: A small cloakroom in the spirit of Cloak of Darkness (the full one is in
#: scenes/examples/): the bar is dark while the cloak is worn.
CLOAKROOM = """\
id: garderobe
languages: [de, en]
start: foyer
state: {stoerungen: 0}
inventory:
  umhang: {name: {de: der Umhang, en: the cloak}, start: true}
scenes:
  - id: foyer
    title: {de: Foyer, en: Foyer}
    text: {de: Ein Foyer aus Samt., en: A velvet foyer.}
    choices:
      - {id: garderobe, label: {de: In die Garderobe, en: To the cloakroom}, goto: garderobe}
      - {id: bar, label: {de: In die Bar, en: To the bar}, goto: bar}
  - id: garderobe
    title: {de: Garderobe, en: Cloakroom}
    text: {de: "Ein Messinghaken.", en: "A brass hook."}
    choices:
      - id: aufhaengen
        label: {de: Den Umhang aufhängen, en: Hang up the cloak}
        when: has('umhang')
        remove: umhang
        reply: {de: Der Umhang hängt am Haken., en: The cloak hangs on the hook.}
      - {id: foyer, label: {de: Ins Foyer, en: To the foyer}, goto: foyer}
  - id: bar
    title: {de: Bar, en: Bar}
    divert:
      - {when: "has('umhang')", goto: dunkel}
      - {when: "state.stoerungen > 1", goto: verloren}
    text: {de: Im Sägemehl steht eine Nachricht., en: There is a message in the sawdust.}
    choices:
      - {id: lesen, label: {de: Lesen, en: Read it}, goto: gewonnen}
  - id: dunkel
    title: {de: Dunkel, en: Darkness}
    text:
      de: "Stockdunkel. Störungen: {{ state.stoerungen }}."
      en: "Pitch dark. Disturbances: {{ state.stoerungen }}."
    choices:
      - id: tappen
        label: {de: Herumtappen, en: Grope around}
        set: {stoerungen: "+1"}
        reply: {de: Sie stoßen an etwas., en: You knock something over.}
      - {id: raus, label: {de: Ins Foyer, en: To the foyer}, goto: foyer}
  - id: gewonnen
    title: {de: Gewonnen, en: Won}
    text: {de: Sie haben gewonnen., en: You have won.}
    ending: gewonnen
  - id: verloren
    title: {de: Verloren, en: Lost}
    text: {de: Die Nachricht ist zertrampelt., en: The message is trampled.}
    ending: verloren
"""

#: The blunder, the way out, the hook: five choices (the b key then takes back three).
BLUNDER = ["bar", "tappen", "raus", "garderobe", "aufhaengen"]


@pytest.fixture
def cloakroom(tmp_path: Path) -> Story:
    path = tmp_path / "garderobe.yaml"
    path.write_text(CLOAKROOM, encoding="utf-8")
    return load_pack(path)


def test_undo_in_the_dark_restores_the_cloak_and_the_counter(cloakroom: Story) -> None:
    game = Game(cloakroom, seed=1)
    game.start(0.0, {})
    for t, choice in enumerate(BLUNDER, start=1):
        game.choose(choice, float(t))
    assert game.inventory == [] and game.state["stoerungen"] == 1
    logged = [e.as_dict() for e in game.log]
    for t in (10.0, 11.0, 12.0):
        game.back(t)
    assert game.scene_id == "dunkel"
    assert game.inventory == ["umhang"]  # on the player, not on the hook
    assert game.state["stoerungen"] == 1  # no second disturbance
    assert game.profile.visits == {"foyer": 1, "dunkel": 1}
    assert not game.ended
    assert "Störungen: 1." in game.view().text
    # The log only grew: every event before the undos is still there, as it was.
    assert [e.as_dict() for e in game.log][: len(logged)] == logged
    assert [e.target for e in game.log if e.kind is Kind.UNDO] == ["garderobe", "foyer", "dunkel"]
    # Undo once more and once more: before the blunder, then before the bar.
    game.back(13.0)
    assert game.state["stoerungen"] == 0 and game.scene_id == "dunkel"
    game.back(14.0)
    assert game.scene_id == "foyer" and game.turns == 0
    with pytest.raises(UndoError) as nothing:
        game.back(15.0)
    assert nothing.value.reason == "nothing"


def test_a_game_with_undos_saves_and_loads_the_same(cloakroom: Story, tmp_path: Path) -> None:
    game = Game(cloakroom, seed=1, lang="en")
    game.start(0.0, {})
    for t, choice in enumerate(BLUNDER, start=1):
        game.choose(choice, float(t))
    for t in (10.0, 11.0, 12.0):
        game.back(t)
    game.choose("tappen", 13.0)
    path = tmp_path / "save.jsonl"
    save_game(game, path)
    loaded = load_game(cloakroom, path)
    assert loaded.problem is None
    again = loaded.game
    assert (again.scene_id, again.inventory, again.state) == (
        "dunkel",
        ["umhang"],
        {"stoerungen": 2},
    )
    assert again.view() == game.view()
    # And the player can go on undoing where they left off.
    again.back(20.0)
    assert again.state == {"stoerungen": 1}


def test_an_undo_cut_off_before_it_arrived_still_restores(cloakroom: Story) -> None:
    """A save that ends right after the undo (the arrival never written) loads undone."""
    game = Game(cloakroom, seed=1)
    game.start(0.0, {})
    for t, choice in enumerate(BLUNDER, start=1):
        game.choose(choice, float(t))
    game.back(10.0)
    events = game.log.events()
    cut = next(i for i, e in enumerate(events) if e.kind is Kind.UNDO) + 1
    again = Game.replay(cloakroom, events[:cut], seed=1)
    again.settle()
    assert (again.scene_id, again.inventory) == ("garderobe", ["umhang"])
    assert again.view() == game.view()


def test_a_forged_undo_in_a_save_is_refused(cloakroom: Story, tmp_path: Path) -> None:
    game = Game(cloakroom, seed=1)
    game.start(0.0, {})
    game.choose("bar", 1.0)
    game.choose("tappen", 2.0)
    game.back(3.0)
    path = tmp_path / "save.jsonl"
    save_game(game, path)
    events = read_save(path).events
    undo = next(e for e in events if e.kind is Kind.UNDO)
    forged = [
        e if e is not undo else type(e)(e.id, e.kind, e.t, e.scene, "foyer", dict(e.data))
        for e in events
    ]
    with pytest.raises(GameError, match="undo"):
        Game.replay(cloakroom, forged, seed=1)


def test_a_payment_cannot_be_undone(story: Story) -> None:
    game = Game(story, seed=3)
    game.start(0.0, {})
    route = ["nichts", "aussteigen", "alle", "hinein", "vorbei", "korb", "elektronik", "kaufen"]
    route += ["kasse", "vortreten", "karte_zahlen"]
    for t, choice in enumerate(route, start=1):
        game.choose(choice, float(t))
    assert game.payments
    with pytest.raises(UndoError) as paid:
        game.back(10.0)
    assert paid.value.reason == "paid"


# -- the terminal UI and plain mode ------------------------------------------------------


async def test_tui_undo_in_the_dark(cloakroom: Story, tmp_path: Path) -> None:
    app = make_app(cloakroom, tmp_path / "saves", clock=FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await new_game(pilot)
        assert isinstance(app.screen, SceneScreen)
        for choice in BLUNDER:
            await choose(pilot, choice)
            await pilot.pause()
        text = screen_text(app)
        assert "Der Umhang hängt am Haken." in text  # the reply, shown where the player is
        assert "Rückgängig" in text  # the footer names the key
        await pilot.press("b", "b", "b")
        await pilot.pause()
        assert app.game.scene_id == "dunkel"
        text = screen_text(app)
        assert "Störungen: 1." in text and "Dabei: der Umhang" in text
        assert app.game.inventory == ["umhang"] and app.game.state == {"stoerungen": 1}


async def test_tui_hides_undo_when_the_pack_turns_it_off(tmp_path: Path) -> None:
    path = tmp_path / "aus.yaml"
    path.write_text(CLOAKROOM.replace("start: foyer\n", "start: foyer\nback: false\n"), "utf-8")
    story = load_pack(path)
    app = make_app(story, tmp_path / "saves", clock=FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await new_game(pilot)
        await choose(pilot, "garderobe")
        await pilot.pause()
        assert "Rückgängig" not in screen_text(app)
        await pilot.press("b")
        await pilot.pause()
        assert app.game.scene_id == "garderobe"
        assert not [e for e in app.game.log if e.kind is Kind.UNDO]


def scripted(lines: Iterable[str], clock: FakeClock) -> Any:
    feed: Iterator[str] = iter(lines)

    def ask(_prompt: str) -> str:
        clock.advance(1.0)
        try:
            return next(feed)
        except StopIteration:
            raise EOFError from None

    return ask


def play_plain(story: Story, saves: Path, lines: list[str]) -> tuple[int, str]:
    clock = FakeClock()
    out = io.StringIO()
    code = run_plain(
        story,
        lang="de",
        seed=3,
        saves=saves,
        input_fn=scripted(lines, clock),
        output=out,
        clock=clock,
    )
    return code, out.getvalue()


def test_plain_undo_in_the_dark(cloakroom: Story, tmp_path: Path) -> None:
    # Title: new game; then the blunder by number: bar (2), tappen (1), raus (2),
    # garderobe (1), aufhaengen (1); then b b b, and quit.
    code, out = play_plain(
        cloakroom, tmp_path / "saves", ["1", "2", "1", "2", "1", "1"] + ["b"] * 3 + ["q"]
    )
    assert code == 0 and "Traceback" not in out
    assert "Der Umhang hängt am Haken." in out
    assert out.count("Rückgängig gemacht. Das Kaufhaus hat es trotzdem notiert.") == 3
    last = out.rsplit("== ", 1)[1]
    assert last.startswith("Dunkel") and "Störungen: 1." in last and "Dabei: der Umhang" in last


BROKEN = """\
id: kaputt
languages: [de]
start: kiosk
scenes:
  - id: kiosk
    text: Ein Kiosk.
    choices:
      - {id: rein, label: Hinein, goto: laden}
      - {id: weg, label: Weg, goto: ende}
  - id: laden
    text: Ein Laden.
    choices:
      - {id: zurueck, label: Zurück, goto: kiosk}
      - {id: kaputt, label: Kaputt, when: 1 // (visits.kiosk - 2) > 0, goto: ende}
  - id: ende
    text: Ende.
    ending: done
"""


@pytest.fixture
def broken(tmp_path: Path) -> Story:
    path = tmp_path / "kaputt.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    return load_pack(path)


def test_a_failing_condition_leaves_the_game_where_it_was(broken: Story) -> None:
    game = Game(broken, seed=1)
    game.start(0.0, {})
    game.choose("rein", 1.0)
    game.choose("zurueck", 2.0)
    before = [e.as_dict() for e in game.log]
    view = game.view()
    with pytest.raises(
        RenderError, match=r"kaputt\.yaml:14:\d+: condition failed: integer division"
    ):
        game.choose("rein", 3.0)
    assert game.scene_id == "kiosk" and game.view() == view
    assert [e.as_dict() for e in game.log] == before
    game.choose("weg", 4.0)  # and the game goes on
    assert game.ended


def test_plain_mode_shows_the_located_error_and_goes_on(broken: Story, tmp_path: Path) -> None:
    code, out = play_plain(broken, tmp_path / "saves", ["1", "1", "1", "1", "2"])
    assert code == 0 and "Traceback" not in out
    assert "Fehler in der Geschichte: " in out and "kaputt.yaml:14:" in out
    assert "Ende." in out  # after the error, "2" (Weg) was still the kiosk's choice


async def test_tui_shows_the_located_error_and_stays(broken: Story, tmp_path: Path) -> None:
    app = make_app(broken, tmp_path / "saves", clock=FakeClock())
    async with app.run_test(size=(100, 24)) as pilot:
        await new_game(pilot)
        for choice in ("rein", "zurueck", "rein"):
            await choose(pilot, choice)
            await pilot.pause()
        assert app.game.scene_id == "kiosk"
        text = screen_text(app)
        assert "Ein Kiosk." in text and "Fehler in der Geschichte" in text
        assert "kaputt.yaml:14:" in app.message


def test_autoplay_reports_the_located_error(broken: Story, tmp_path: Path) -> None:
    from kaufhaus.walkthrough import WalkthroughError, parse_walkthrough, play

    walk = parse_walkthrough("steps:\n  - choose: rein\n  - choose: zurueck\n  - choose: rein\n")
    with pytest.raises(WalkthroughError, match=r"kaputt\.yaml:14:\d+: condition failed"):
        play(broken, walk)

"""Play feel: what a player notices about focus, numbers, keys, size, headers.

Played on a tiny pack of its own (a banner, a till with a shelf, a field and
a choice that goes away once taken), so the tests do not depend on the
shipped story's scenes, which are rewritten separately.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kaufhaus.story.loader import load_pack
from kaufhaus.story.model import Story
from kaufhaus.tui.screens.consent import ConsentScreen
from kaufhaus.tui.screens.scene import SceneScreen
from kaufhaus.tui.widgets.tracked_list import TrackedList
from tests.tui.helpers import kinds, make_app, new_game, screen_text

TILL = """\
id: probe
title: {de: Die Probe, en: The Trial}
languages: [de, en]
start: banner
game:
  reveal: false
scenes:
  - id: banner
    title: {de: Vor der Tür, en: At the door}
    place: {de: Gehweg, en: pavement}
    text: {de: Ein Banner versperrt den Weg., en: A banner blocks the way.}
    choices:
      - id: alle
        label: {de: Alle akzeptieren, en: Accept all}
        goto: kasse
        effects: {consent: all}
      - id: noetig
        label: {de: Nur notwendige, en: Only necessary}
        goto: kasse
        effects: {consent: necessary}
  - id: kasse
    title: {de: Die Kasse, en: The till}
    place: {de: Kasse, en: till}
    text: {de: Die Kassiererin lächelt., en: The cashier smiles.}
    items:
      - id: bon
        label: {de: Der Kassenbon, en: The receipt}
        text: {de: Er ist noch leer., en: It is still blank.}
      - id: schild
        label: {de: Ein Schild, en: A sign}
        text: {de: Heute alles billiger., en: Everything cheaper today.}
    input:
      key: email
      prompt: {de: "Ihre E-Mail-Adresse (freiwillig):", en: "Your email address (optional):"}
    choices:
      - id: umsehen
        label: {de: Sich umsehen, en: Look around}
        once: true
        reply: {de: Regale., en: Shelves.}
      - id: bezahlen
        label: {de: Bezahlen, en: Pay}
        goto: ende
      - id: gehen
        label: {de: Nichts kaufen und gehen, en: Buy nothing and leave}
        goto: ende
  - id: ende
    title: {de: Draußen, en: Outside}
    text: {de: Die Tür schließt sich., en: The door closes.}
    ending: fertig
"""


@pytest.fixture
def till(tmp_path: Path) -> Story:
    folder = tmp_path / "pack"
    folder.mkdir()
    (folder / "story.yaml").write_text(TILL, encoding="utf-8")
    return load_pack(folder)


def _flat(app: Any) -> str:
    """The screen as one line of words (a long message wraps across several)."""
    frame = str.maketrans("", "", "│┃╭╮╰╯─━▎▊▁▔")
    return " ".join(screen_text(app).translate(frame).split())


def _lines(app: Any) -> list[str]:
    return screen_text(app).splitlines()


def _line(app: Any, words: str) -> str:
    found = [line for line in _lines(app) if words in line]
    assert len(found) == 1, f"{words!r} on {len(found)} lines:\n{screen_text(app)}"
    return found[0]


async def _at_till(pilot: Any, *, to_choices: bool = True) -> None:
    """At the till, whose field has the focus on arrival; Esc goes to the choices."""
    await new_game(pilot)
    await pilot.press("1")  # the banner's first button: "1. Alle akzeptieren"
    await pilot.pause()
    assert pilot.app.game.scene_id == "kasse"
    if to_choices:
        await pilot.press("escape")
        await pilot.pause()


# ----------------------------------------------------------------- 1. focus
async def test_only_the_focused_list_points_at_a_row(till: Story, tmp_path: Path) -> None:
    app = make_app(till, tmp_path / "saves")
    async with app.run_test(size=(80, 30)) as pilot:
        await _at_till(pilot)
        text = screen_text(app)
        assert text.count("▶") == 1, text
        assert "▶ 1. Sich umsehen" in _line(app, "Sich umsehen")
        assert "▶" not in _line(app, "Der Kassenbon")
        # The heading over the focused list says what Enter does; the other one does not.
        assert "Enter" in _line(app, "Was tun Sie?")
        assert "Enter" not in _line(app, "Im Regal")
        shelf = app.screen.query_one("#shelf", TrackedList)
        shelf.focus()
        await pilot.pause()
        text = screen_text(app)
        assert text.count("▶") == 1, text
        assert "▶ Der Kassenbon" in _line(app, "Der Kassenbon")
        assert "▶" not in _line(app, "Sich umsehen")
        assert "Enter: ansehen" in _line(app, "Im Regal")
        assert "Enter" not in _line(app, "Was tun Sie?")
        # Enter does what the heading over the focused list says: it examines.
        await pilot.press("enter")
        await pilot.pause()
        assert app.game.scene_id == "kasse"
        assert "Er ist noch leer." in screen_text(app)
        assert kinds(app)[-1].value == "examine"


async def test_the_hint_follows_the_focus_in_english(till: Story, tmp_path: Path) -> None:
    app = make_app(till, tmp_path / "saves", lang="en")
    async with app.run_test(size=(80, 30)) as pilot:
        await _at_till(pilot)
        assert "Enter or 1–9" in _line(app, "What do you do?")
        assert "Tab" in _line(app, "On the shelf") and "Enter" not in _line(app, "On the shelf")
        await pilot.press("tab", "tab")  # choices, the field, the shelf (the text is no stop)
        await pilot.pause()
        assert "Enter: examine" in _line(app, "On the shelf")
        app.screen.set_focus(None)  # a click on the text: nothing has the focus
        await pilot.pause()
        assert "▶" not in screen_text(app)
        assert "Enter" not in _line(app, "What do you do?")


# --------------------------------------------------------- 2. stable numbers
async def test_a_hidden_choice_keeps_the_numbers_of_the_others(till: Story, tmp_path: Path) -> None:
    app = make_app(till, tmp_path / "saves")
    async with app.run_test(size=(80, 30)) as pilot:
        await _at_till(pilot)
        assert "3. Nichts kaufen und gehen" in screen_text(app)
        await pilot.press("1")  # "Sich umsehen" is offered once, then it is gone
        await pilot.pause()
        text = screen_text(app)
        assert "Sich umsehen" not in text
        assert "2. Bezahlen" in text and "3. Nichts kaufen und gehen" in text
        await pilot.press("1")  # no choice carries 1 any more: nothing happens
        await pilot.pause()
        assert app.game.scene_id == "kasse"
        await pilot.press("3")
        await pilot.pause()
        assert app.game.scene_id == "ende"
        chosen = [e.target for e in app.game.log if e.kind.value == "choice"]
        assert chosen[-2:] == ["umsehen", "gehen"]


async def test_the_banner_buttons_carry_their_numbers(till: Story, tmp_path: Path) -> None:
    app = make_app(till, tmp_path / "saves", lang="en")
    async with app.run_test(size=(80, 30)) as pilot:
        await new_game(pilot)
        assert isinstance(app.screen, ConsentScreen)
        text = screen_text(app)
        assert "1. Accept all" in text and "2. Only necessary" in text
        await pilot.press("2")
        await pilot.pause()
        assert app.game.scene_id == "kasse"
        assert [e.target for e in app.game.log if e.kind.value == "choice"] == ["noetig"]


# ------------------------------------------------------ 3. the field's keys
async def test_a_focused_field_takes_every_letter(till: Story, tmp_path: Path) -> None:
    app = make_app(till, tmp_path / "saves")
    async with app.run_test(size=(80, 30)) as pilot:
        await _at_till(pilot, to_choices=False)  # the field asks: it has the focus at once
        field = app.screen.query_one("#input")
        assert field.has_focus
        text = screen_text(app)
        assert text.count("▶") == 1 and "▶ Ihre E-Mail-Adresse" in text, text
        assert "Enter" not in _line(app, "Was tun Sie?")
        address = "esq.bx?1@lasses.de"
        await pilot.press(*address)
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, SceneScreen)  # no save dialog, no quit
        assert field.value == address  # type: ignore[attr-defined]
        assert not app.xray and app.game.scene_id == "kasse"
        await pilot.press("backspace")  # deletes a letter, takes nothing back
        assert field.value == address[:-1]  # type: ignore[attr-defined]
        await pilot.press("enter")
        await pilot.pause()
        assert app.game.inputs["email"] == address[:-1]


# ------------------------------------------------- 4. restart and the title
async def test_starting_over_asks_first_and_keeps_the_old_game(till: Story, tmp_path: Path) -> None:
    from kaufhaus.tracking.events import Kind
    from kaufhaus.tui.screens.confirm import ConfirmScreen

    app = make_app(till, tmp_path / "saves")
    async with app.run_test(size=(80, 30)) as pilot:
        await _at_till(pilot)
        old_game, old_file = app.game, app.session.autosave_path
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        text = _flat(app)
        assert "Wirklich neu beginnen?" in text
        assert "bleibt als automatischer Spielstand gespeichert" in text
        assert "1. Ja, neu beginnen" in text and "2. Nein, weiterspielen" in text
        await pilot.press("enter")  # the focus starts on "no": a stray Enter changes nothing
        await pilot.pause()
        assert app.game is old_game and app.game.scene_id == "kasse"
        assert Kind.QUIT not in kinds(app)
        await pilot.press("n", "1")
        await pilot.pause()
        assert app.game is not old_game
        assert isinstance(app.screen, ConsentScreen)  # the new game begins at the banner
        assert old_game.log[len(old_game.log) - 1].kind == Kind.QUIT  # left as with q
        assert old_file is not None and old_file.exists()
        assert app.session.autosave_path != old_file


async def test_back_to_the_title_asks_first_and_continue_resumes(
    till: Story, tmp_path: Path
) -> None:
    from kaufhaus.tui.screens.confirm import ConfirmScreen
    from kaufhaus.tui.screens.title import TitleScreen

    app = make_app(till, tmp_path / "saves", lang="en")
    async with app.run_test(size=(80, 30)) as pilot:
        await _at_till(pilot)
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "Back to the title? The game stays in its autosave" in _flat(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SceneScreen)
        await pilot.press("t", "1")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)
        assert "Continue (The till" in _flat(app)
        assert "x X-ray" not in _flat(app)  # no game keys on the title
        await pilot.press("down", "enter")  # Continue
        await pilot.pause()
        assert isinstance(app.screen, SceneScreen) and app.game.scene_id == "kasse"


async def test_the_question_says_when_the_game_would_be_lost(till: Story, tmp_path: Path) -> None:
    app = make_app(till, tmp_path / "saves")
    async with app.run_test(size=(80, 30)) as pilot:
        await _at_till(pilot)
        app.session.forget()  # the player deleted the files: nothing is written any more
        await pilot.press("t")
        await pilot.pause()
        text = _flat(app)
        assert "nicht automatisch gespeichert" in text and "verloren" in text
        assert "Weiterspielen" not in text


# ---------------------------------------------------- 5. the palette's words
async def test_the_command_palette_speaks_german(till: Story, tmp_path: Path) -> None:
    app = make_app(till, tmp_path / "saves")
    async with app.run_test(size=(100, 40)) as pilot:
        await _at_till(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert {"Farbschema", "Beenden", "Tasten", "Bildschirmfoto", "Neu beginnen"} <= set(titles)
        assert not {"Theme", "Quit", "Keys", "Screenshot"} & set(titles)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.pause()
        text = _flat(app)
        assert "Befehl suchen" in text and "Search for commands" not in text
        await pilot.press(*"farb")
        await pilot.pause()
        await pilot.pause()
        assert "Farbschema" in _flat(app)


async def test_the_command_palette_stays_english_in_english(till: Story, tmp_path: Path) -> None:
    app = make_app(till, tmp_path / "saves", lang="en")
    async with app.run_test(size=(100, 40)) as pilot:
        await _at_till(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert {"Theme", "Quit", "Keys", "Screenshot", "Start over"} <= set(titles)


# ---------------------------------------------------------- 6. window size
async def test_a_small_window_is_told_to_grow_and_the_game_waits(
    till: Story, tmp_path: Path
) -> None:
    from kaufhaus.tui.screens.toosmall import TooSmallScreen

    app = make_app(till, tmp_path / "saves")
    async with app.run_test(size=(39, 20)) as pilot:
        await pilot.pause()
        await pilot.pause()
        text = _flat(app)
        assert "Bitte das Fenster auf mindestens 40 × 18 Zeichen vergrößern" in text
        assert "Jetzt: 39 × 20" in text
        assert "Neues Spiel" not in text
        await pilot.resize_terminal(40, 18)
        await pilot.pause()
        assert "Neues Spiel" in _flat(app)
        await _at_till(pilot)
        await pilot.resize_terminal(100, 17)
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.press("3")  # the game does not move behind the message
        await pilot.pause()
        assert app.game.scene_id == "kasse"
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert isinstance(app.screen, SceneScreen)
        assert "3. Nichts kaufen und gehen" in _flat(app)
        await pilot.press("3")
        await pilot.pause()
        assert app.game.scene_id == "ende"


async def test_the_size_message_in_english(till: Story, tmp_path: Path) -> None:
    app = make_app(till, tmp_path / "saves", lang="en")
    async with app.run_test(size=(36, 30)) as pilot:
        await pilot.pause()
        await pilot.pause()
        text = _flat(app)
        assert "Please make the window at least 40 × 18 characters" in text
        assert "Qui" not in text.replace("q: quit", "")


# ----------------------------------------------------------- 8. the header
def test_the_header_names_the_place_once() -> None:
    from kaufhaus.play.words import header_line

    assert header_line("Der Kundenkarten-Schalter", "Kundenkarten-Schalter") == (
        "Der Kundenkarten-Schalter"
    )
    assert header_line("Kasse", "An der Kasse") == "An der Kasse"
    assert header_line("Vor dem Kaufhaus", "Gehweg") == "Vor dem Kaufhaus · Gehweg"
    assert header_line("The till", "till") == "The till"


async def test_the_status_line_does_not_repeat_the_place(till: Story, tmp_path: Path) -> None:
    app = make_app(till, tmp_path / "saves")
    async with app.run_test(size=(80, 30)) as pilot:
        await _at_till(pilot)
        first = _lines(app)[0]
        assert "Die Kasse" in first and "· Kasse" not in first

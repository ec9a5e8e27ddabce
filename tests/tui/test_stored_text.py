"""Text from a save reaches the screen as visible characters, never as something obeyed.

Issue 19: a save whose typed value held ``\\u001b]0;PWNED\\u0007\\u001b[2J``
set the terminal's title and cleared the screen on Continue (through the
x-ray panel and the prompt's pre-filled field). Here the save carries
escape sequences, C1 controls, bidirectional overrides and a lone surrogate
in every text field (tests/stored_text.py); the game is continued, its
scenes, x-ray, reveal tabs and Load list are drawn, and no cell of any
drawn line may hold a character a terminal would act on.

A handful of runs only: the gate itself is tested with Hypothesis without
a screen (tests/test_stored_text.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, Input, OptionList

from kaufhaus.story.loader import load_pack
from kaufhaus.story.model import Story
from kaufhaus.tui.screens.reveal import TABS, RevealScreen
from kaufhaus.tui.screens.saves import LoadScreen
from kaufhaus.tui.screens.scene import SceneScreen
from tests.stored_text import BAKERY, PWNED, PWNED_SHOWN, hostile_save, obeyable
from tests.tui.helpers import make_app


@pytest.fixture(scope="module")
def bakery() -> Story:
    return load_pack(BAKERY)


def drawn(app: Any) -> str:
    """Every line every screen on the stack draws right now, cell text as it is written."""
    lines = [app.title, app.sub_title]
    for screen in app.screen_stack:
        lines += [strip.text for strip in screen._compositor.render_strips()]
    return "\n".join(lines)


async def _settle(pilot: Any) -> None:
    for _ in range(3):
        await pilot.pause()


async def _continue(pilot: Any, app: Any) -> None:
    await _settle(pilot)
    menu = app.screen.query_one("#menu", OptionList)
    assert not menu.get_option("continue").disabled
    assert not obeyable(drawn(app))  # the title labels Continue from the save's last line
    await pilot.press("down", "enter")
    await _settle(pilot)


def _autosave(bakery: Story, tmp_path: Path, *, ended: bool) -> tuple[Path, Path]:
    """The saves folder, and in it a hostile autosave for Continue to find."""
    saves = tmp_path / "saves"
    saves.mkdir()
    return saves, hostile_save(bakery, saves / "autosave.jsonl", ended=ended)


async def test_continue_at_a_prompt_with_the_xray_shows_every_control(
    bakery: Story, tmp_path: Path
) -> None:
    saves, path = _autosave(bakery, tmp_path, ended=False)
    before = path.read_bytes()
    app = make_app(bakery, saves, xray=True)
    async with app.run_test(size=(140, 45)) as pilot:
        await _continue(pilot, app)
        assert isinstance(app.screen, SceneScreen)
        screen = drawn(app)
        assert not obeyable(screen), obeyable(screen)
        # What was typed is there, every control visible: in the pre-filled field
        # and in the x-ray's "you told us yourself".
        field = app.screen.query_one("#input", Input)
        assert field.value.startswith(PWNED_SHOWN)
        assert PWNED_SHOWN in screen
        # Moving on draws the next scene with the same log behind it.
        assert app.track("choose", choice="zurueck") is not None
        await _settle(pilot)
        assert not obeyable(drawn(app))
        assert app.title != "PWNED" and "PWNED" not in app.sub_title
    assert path.read_bytes()[: len(before)] == before  # only appended to, never rewritten


async def test_continue_an_ended_game_draws_every_reveal_tab_safely(
    bakery: Story, tmp_path: Path
) -> None:
    saves, path = _autosave(bakery, tmp_path, ended=True)
    before = path.read_bytes()
    app = make_app(bakery, saves, lang="en")
    async with app.run_test(size=(140, 45)) as pilot:
        await _continue(pilot, app)
        assert isinstance(app.screen, RevealScreen), type(app.screen)
        screen: Any = app.screen
        seen = ""
        for tab in TABS:
            screen._activate(tab)
            await _settle(pilot)
            text = drawn(app)
            assert not obeyable(text), (tab, obeyable(text))
            seen += text
        assert PWNED_SHOWN in seen  # the typed name, shown as what it is
    assert path.read_bytes() == before


async def test_the_load_list_draws_hostile_file_names_and_contents_safely(
    bakery: Story, tmp_path: Path
) -> None:
    saves = tmp_path / "saves"
    saves.mkdir()
    named = hostile_save(bakery, saves / f"{PWNED}kaputt.jsonl", ended=False)
    (saves / f"{PWNED}.jsonl").write_bytes(b'{"format": "' + PWNED.encode() + b'"}\n')
    before = {p: p.read_bytes() for p in saves.iterdir()}
    app = make_app(bakery, saves)
    async with app.run_test(size=(140, 45)) as pilot:
        await _settle(pilot)
        app.action_load()
        await _settle(pilot)
        assert isinstance(app.screen, LoadScreen)
        assert len(app.screen.entries) == 2
        text = drawn(app)
        assert not obeyable(text), obeyable(text)
        assert "␛]0;PWNED␇␛[2Jkaputt" in text
        # Loading the hostile one: the game and its messages stay drawable too.
        names = [e.name for e in app.screen.entries]
        table = app.screen.query_one(DataTable)
        table.focus()
        table.move_cursor(row=names.index(f"{PWNED_SHOWN}kaputt"))
        await pilot.press("enter")
        await _settle(pilot)
        assert app.game is not None
        assert not obeyable(drawn(app))
        assert app.session.autosave_path != named  # a save of another name goes on elsewhere
    assert {p: p.read_bytes() for p in before} == before

"""The damaged-save corpus as a player meets it: on the title screen and in the Load list.

Each case is put where the game looks for it (as the autosave, or as a save
in the list) and chosen. The player must see the case's message, get the
offer to go on from the last good event where there is one, never a
traceback, and the file must stay byte for byte as it was.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, OptionList

from kaufhaus.saves import read_save
from kaufhaus.tui.screens.consent import ConsentScreen
from kaufhaus.tui.screens.reveal import RevealScreen
from kaufhaus.tui.screens.saves import LoadScreen, SalvageScreen
from kaufhaus.tui.screens.scene import SceneScreen
from tests.test_saves_corpus import EXPECTED, case_bytes
from tests.tui.helpers import make_app


def _place(saves: Path, name: str, stem: str) -> Path:
    saves.mkdir(parents=True, exist_ok=True)
    path = saves / (stem + Path(name).suffix)
    path.write_bytes(case_bytes(name))
    return path


def _said(app: Any) -> str:
    """Everything the screens say right now: status lines, errors, messages."""
    parts = [str(app.message)]
    for screen in app.screen_stack:
        for widget in screen.query("Literal"):
            parts.append(str(getattr(widget, "text", "")))
        if isinstance(screen, SalvageScreen):
            parts.append(screen.error.text("en"))
    return "\n".join(parts)


async def _settle(pilot: Any) -> None:
    for _ in range(3):
        await pilot.pause()


async def _answer_salvage(pilot: Any, app: Any, expected: dict[str, Any], path: Path) -> None:
    """The offer to go on from the last good event: taking it starts the game there."""
    assert isinstance(app.screen, SalvageScreen)
    assert app.screen.error.event == expected["event"]
    await pilot.press("enter")  # "Continue from the last good event"
    await _settle(pilot)
    assert app.game is not None and app.game.started
    assert isinstance(app.screen, (SceneScreen, ConsentScreen, RevealScreen))
    good = read_save(path, tolerant=True).events
    assert [app.game.log[i].as_dict() for i in range(len(good))] == [e.as_dict() for e in good]
    assert app.session.autosave_path != path  # a new file, never the damaged one
    assert app.session.autosave_path.name in app.message  # and the player is told which


@pytest.mark.parametrize("name", sorted(EXPECTED))
async def test_title_continue_with_a_damaged_autosave(
    story: Any, tmp_path: Path, name: str
) -> None:
    expected = EXPECTED[name]
    saves = tmp_path / "saves"
    path = _place(saves, name, "autosave")
    before = path.read_bytes()
    app = make_app(story, saves, lang="en")
    async with app.run_test(size=(160, 40)) as pilot:
        await _settle(pilot)
        menu = app.screen.query_one("#menu", OptionList)
        if menu.get_option("continue").disabled:
            # Found damaged when its first and last lines were read: said on the title.
            assert expected["message"] in _said(app), _said(app)
            assert "left untouched" in _said(app)
        else:
            await pilot.press("down", "enter")
            await _settle(pilot)
            assert expected["message"] in _said(app), _said(app)
            if isinstance(app.screen, SalvageScreen):
                await _answer_salvage(pilot, app, expected, path)
            elif expected.get("partial"):
                assert app.game is not None  # loaded as far as it fits, and told why
            else:
                assert app.game is None
    assert path.read_bytes() == before


async def test_load_list_with_every_damaged_save(story: Any, tmp_path: Path) -> None:
    """All cases in one folder: each is listed, and choosing it says what is wrong."""
    saves = tmp_path / "saves"
    paths = {Path(name).stem: _place(saves, name, Path(name).stem) for name in EXPECTED}
    before = {stem: path.read_bytes() for stem, path in paths.items()}
    app = make_app(story, saves, lang="en")
    async with app.run_test(size=(160, 40)) as pilot:
        await _settle(pilot)
        for name, expected in sorted(EXPECTED.items()):
            stem = Path(name).stem
            if not isinstance(app.screen, LoadScreen):
                app.show_title()
                app.action_load()
                await _settle(pilot)
            assert isinstance(app.screen, LoadScreen)
            names = [e.name for e in app.screen.entries]
            assert set(paths) <= set(names)  # (and the autosave of a game started meanwhile)
            table = app.screen.query_one(DataTable)
            table.focus()
            table.move_cursor(row=names.index(stem))
            game_before = app.game
            await pilot.press("enter")
            await _settle(pilot)
            assert expected["message"] in _said(app), (name, _said(app))
            if isinstance(app.screen, SalvageScreen):
                assert app.screen.error.event == expected["event"]
                await pilot.press("escape")  # not now: back to the list
                await _settle(pilot)
            elif not expected.get("partial"):
                assert app.game is game_before, name  # nothing was loaded
    assert {stem: path.read_bytes() for stem, path in paths.items()} == before

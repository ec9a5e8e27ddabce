"""In a class nothing about the teacher's disk reaches the pupil (issue 21).

The game's saves lie in the class folder on the teacher's computer. Saving,
loading and "Alles vergessen" name files, and say where they are in words
("auf dem Rechner Ihrer Lehrkraft"), never with the server's folder.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kaufhaus.play.handin import write_answer
from kaufhaus.tui.screens.saves import ForgetScreen, LoadScreen
from tests.tui.helpers import class_game, make_app, new_game, screen_text


@pytest.fixture
def saves(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A class game's save folder, its class answer given (no banner in the way)."""
    saves, mode = class_game(tmp_path, monkeypatch)
    write_answer(mode, False)
    return saves


async def test_save_load_and_forget_name_no_folder(story: Any, saves: Path) -> None:
    root = str(saves.parents[2])  # the pytest folder all of it lies in
    app = make_app(story, saves)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        app.push_screen(LoadScreen())
        await pilot.pause()
        shown = screen_text(app)
        assert "Rechner Ihrer Lehrkraft" in shown and root not in shown
        await pilot.press("escape")
        await new_game(pilot, tram=False)
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("enter")  # the suggested name
        await pilot.pause()
        assert app.message.startswith("Gespeichert: ") and root not in app.message
        assert list(saves.glob(app.message.removeprefix("Gespeichert: ")))
        app.push_screen(ForgetScreen())
        await pilot.pause()
        shown = screen_text(app)
        assert "Rechner Ihrer Lehrkraft" in shown and root not in shown
        await pilot.press("enter")
        await pilot.pause()
        shown = screen_text(app)
        assert "Vergessen:" in shown and root not in shown

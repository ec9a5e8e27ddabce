"""Back after the teacher's server restarted: the game goes on by itself (issue 21).

The page reconnects with ``?weiter=1`` and the server starts the game with
``KAUFHAUS_CLASS_RESUME=1``; the title then continues the autosave as
"Continue" would – but only when the pupil's answer on the class banner
stands (otherwise the banner comes first), and only once.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kaufhaus.play.handin import ENV_RESUME, write_answer
from tests.tui.helpers import class_game, make_app, new_game


async def a_game_on_the_tram(story: Any, saves: Path) -> str:
    """Play into the shipped story's first scene and leave it (autosaved); its scene."""
    app = make_app(story, saves)
    async with app.run_test() as pilot:
        await new_game(pilot, tram=False)
        assert app.game is not None
        scene = app.game.scene_id
    return scene


@pytest.mark.parametrize(
    ("resume", "answered", "goes_on"),
    [(True, True, True), (False, True, False), (True, False, False)],
    ids=["back-after-restart", "a-reload", "never-answered"],
)
async def test_the_game_goes_on_only_after_a_restart(
    story: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    resume: bool,
    answered: bool,
    goes_on: bool,
) -> None:
    saves, mode = class_game(tmp_path, monkeypatch)
    write_answer(mode, False)  # the first time: "no", remembered for the lesson
    scene = await a_game_on_the_tram(story, saves)
    if not answered:
        mode.answer_file.unlink()
    if resume:
        monkeypatch.setenv(ENV_RESUME, "1")
    app = make_app(story, saves)
    async with app.run_test() as pilot:
        for _ in range(40):  # the story loads in a thread: polled, no fixed wait
            await pilot.pause(0.05)
            if app.story_ready and (app._game is not None or not goes_on):
                break
        await pilot.pause()
        assert app.story_ready
        if goes_on:
            assert app._game is not None and app._game.scene_id == scene
        else:
            assert app._game is None, "the title waits for the pupil"

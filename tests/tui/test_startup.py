"""Start-up: the title paints first, the story loads behind it."""

from __future__ import annotations

import asyncio
from pathlib import Path

from kaufhaus.tui.app import KaufhausApp
from tests.conftest import SCENES
from tests.tui.helpers import FINGERPRINT, FakeClock, screen_text


def _app(pack: Path, saves: Path) -> KaufhausApp:
    return KaufhausApp(
        pack=pack, lang="de", seed=7, saves=saves, clock=FakeClock(), fingerprint=dict(FINGERPRINT)
    )


async def _until(condition, pilot, limit: float = 10.0) -> None:
    waited = 0.0
    while not condition():
        await pilot.pause(0.05)
        waited += 0.05
        assert waited < limit, "timed out"
        await asyncio.sleep(0)


async def test_the_title_paints_before_the_story_is_loaded(tmp_path: Path) -> None:
    app = _app(SCENES, tmp_path / "saves")
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.story is None or app.story_ready  # nothing loaded before the first frame
        assert "Kaufhaus Internet" in screen_text(app)
        await _until(lambda: app.story_ready, pilot)
        assert app.story is not None and app.story.id == "kaufhaus-internet"
        await pilot.pause()
        await pilot.press("enter")  # New game
        await _until(lambda: app.game is not None, pilot)
        assert app.game.scene_id == "unterwegs"  # the story opens on the tram


async def test_new_game_chosen_early_starts_when_the_doors_open(tmp_path: Path) -> None:
    app = _app(SCENES, tmp_path / "saves")
    async with app.run_test(size=(80, 24)) as pilot:
        await _until(lambda: app.story_ready, pilot)
        app.story_ready = False  # as if the story were still loading
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.game is None
        assert "schließt gerade auf" in screen_text(app)
        app.story_ready = True  # the doors open: the choice is carried out, not lost
        await _until(lambda: app.game is not None, pilot)
        assert app.game.scene_id == "unterwegs"  # the story opens on the tram


async def test_a_broken_pack_ends_the_app_with_its_problems(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "story.yaml").write_text(
        "id: t\nstart: a\nscenes:\n  - id: a\n    text: [\n", encoding="utf-8"
    )
    app = _app(pack, tmp_path / "saves")
    async with app.run_test(size=(80, 24)) as pilot:
        await _until(lambda: bool(app.load_problems), pilot)
    assert app.return_code == 1
    assert any("story.yaml:" in problem for problem in app.load_problems)


async def test_the_game_opens_a_pack_as_plain_mode_does_texts_compiled_when_shown(
    tmp_path: Path,
) -> None:
    """One policy for every front end: a broken text in a later scene does not keep the
    shop shut; it is named with its place when it is shown (``check`` names it at once)."""
    from tests.story.helpers import CORPUS

    pack = CORPUS.parent / "hostile" / "cases" / "print_shop.yaml"
    app = _app(pack, tmp_path / "saves")
    async with app.run_test(size=(100, 30)) as pilot:
        await _until(lambda: app.story_ready or bool(app.load_problems), pilot)
        assert not app.load_problems
        await pilot.pause()
        await pilot.press("enter")  # New game
        await _until(lambda: app.game is not None, pilot)
        assert "Willkommen im Kaufhaus." in screen_text(app)
        await pilot.press("1")  # on to the scene whose text prints a facade
        await pilot.pause()
        assert app.game.scene_id == "a"  # the action did not happen...
        shown = " ".join(screen_text(app).split())
        assert "print_shop.yaml:11:11" in shown and "KH030" in shown  # ...and says why


def test_opening_a_pack_to_play_needs_no_jinja_until_a_text_is_shown(tmp_path: Path) -> None:
    """The title is ready once the story is loaded and the autosave probed: neither
    needs the template sandbox, which comes with the first text shown."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from kaufhaus.play.pack import open_pack\n"
        "from kaufhaus.play.savefolder import probe_autosave\n"
        f"story = open_pack(Path({str(SCENES)!r}))\n"
        f"probe_autosave(story.id, Path({str(tmp_path)!r}))\n"
        "before = 'jinja2' in sys.modules\n"
        "from kaufhaus.game import Game\n"
        "game = Game(story, lang='de', seed=1)\n"
        "game.start(0.0, {})\n"
        "print(before, 'jinja2' in sys.modules, bool(game.view().text))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.split() == ["False", "True", "True"], result.stderr

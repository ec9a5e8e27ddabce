"""The footer keeps its key widgets while its keys stay the same, and follows when they change.

Rebuilding the footer on every focus move and every logged key was most of
a key press's work in the browser classroom (see ``tui/widgets/footer.py``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kaufhaus.tui.widgets.footer import Footer
from tests.tui.helpers import choose, make_app, new_game, screen_text


async def test_footer_is_rebuilt_only_when_its_keys_change(story: Any, tmp_path: Path) -> None:
    app = make_app(story, tmp_path / "saves")
    async with app.run_test(size=(100, 30)) as pilot:
        await new_game(pilot)
        await choose(pilot, "alle")
        await pilot.pause()
        footer = app.screen.query_one(Footer)
        keys = list(footer.children)
        assert keys and "b Rückgängig" in screen_text(app)

        logged = len(app.game.log)
        await pilot.press("down")  # a highlight move: logged, the screen re-reads the view
        await pilot.pause()
        assert len(app.game.log) == logged + 1
        assert all(a is b for a, b in zip(footer.children, keys, strict=True))
        assert "b Rückgängig" in screen_text(app)

        app.action_switch_language()  # the labels change: the footer shows the new ones
        await pilot.pause()
        assert "b Undo" in screen_text(app) and "Rückgängig" not in screen_text(app)
        assert not any(key in keys for key in footer.children)

"""Player-typed text is shown literally: it can never become markup, a link or an action."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import DataTable

from kaufhaus.tui.screens.scene import SceneScreen
from kaufhaus.tui.widgets.literal import Literal
from tests.tui.helpers import choose, fast_forward, make_app, new_game, screen_text

INJECTION = "[@click=app.quit]x[/]"


async def test_markup_typed_at_the_checkout_shows_literally(story: Any, tmp_path: Path) -> None:
    app = make_app(story, tmp_path / "saves", xray=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await new_game(pilot)
        await fast_forward(pilot, until="bezahlen")
        assert app.track("choose", choice="coupon") is not None  # asks for an e-mail
        await pilot.pause()  # the field has the focus: typing goes there
        await pilot.press(*INJECTION)
        await pilot.press("enter")
        await pilot.pause()
        assert app.game.inputs["email"] == INJECTION
        text = screen_text(app)
        # The coupon scene echoes the address; the x-ray echoes the logged input.
        assert INJECTION in text
        assert app.is_running and app.return_code is None
        assert isinstance(app.screen, SceneScreen)
        # Clicking where the "link" would be does nothing but click on text.
        scene_text = app.screen.query_one("#scene-text", Literal)
        assert INJECTION in scene_text.text
        await pilot.click("#scene-text")
        await pilot.pause()
        assert app.is_running and app.return_code is None
        assert app.track("choose", choice="karte_zahlen") is not None
        await fast_forward(pilot)
        # The reveal lists what the player typed, still literally: in the log...
        await pilot.press("tab")
        await pilot.pause()
        table = app.screen.query_one("#log-table", DataTable)
        row = next(
            n
            for n in range(table.row_count)
            if INJECTION in " ".join(str(c) for c in table.get_row_at(n))
        )
        table.move_cursor(row=row)
        await pilot.pause()
        assert f"„{INJECTION}“" in screen_text(app)
        # ...and among the conclusions ("what you told us yourself").
        await pilot.press("tab")
        await pilot.pause()
        assert INJECTION in app.screen.query_one("#conclusions-told", Literal).text
        assert app.is_running


async def test_story_text_with_brackets_is_not_markup() -> None:
    """A Literal shows square brackets and colons exactly; no style can be injected."""
    from textual.app import App, ComposeResult

    class Probe(App[None]):
        def compose(self) -> ComposeResult:
            yield Literal("[b]fett[/b] [red]rot[/] :smile: [@click=app.quit]q[/]", id="probe")

    app = Probe()
    async with app.run_test(size=(80, 5)) as pilot:
        await pilot.pause()
        line = app.screen._compositor.render_strips()[0].text
        assert line.startswith("[b]fett[/b] [red]rot[/] :smile: [@click=app.quit]q[/]")


async def test_banner_labels_are_literal(story: Any, tmp_path: Path) -> None:
    app = make_app(story, tmp_path / "saves")
    async with app.run_test(size=(80, 24)) as pilot:
        await new_game(pilot)
        labels = [str(b.label) for b in app.screen.query("ChoiceButton")]
        # Each button: its number key, then the scene's label as written.
        expected = [f"{n}. {c.label}" for n, c in enumerate(app.game.view().choices, start=1)]
        assert sorted(expected) == sorted(labels)
        await choose(pilot, "alle")
        assert app.game.scene_id == "schaufenster"

"""Playing from the title screen to the reveal, as a player would, at 80x24."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import DataTable, TabbedContent

from kaufhaus.tracking.events import SHOP_RECORDS, Kind
from kaufhaus.tui.screens.consent import ConsentScreen
from kaufhaus.tui.screens.reveal import RevealScreen
from kaufhaus.tui.screens.scene import SceneScreen
from kaufhaus.tui.widgets.literal import Literal
from tests.tui.helpers import (
    FakeClock,
    choose,
    fast_forward,
    file_rows,
    make_app,
    new_game,
    screen_text,
    walk,
)


async def test_german_game_from_title_to_reveal(story: Any, tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(story, tmp_path / "saves", clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        assert "Kaufhaus Internet" in screen_text(app)
        assert "Neues Spiel" in screen_text(app)
        await new_game(pilot)
        # The banner comes first, with the scene's own text and a huge accept button.
        assert isinstance(app.screen, ConsentScreen)
        text = screen_text(app)
        assert "Alle akzeptieren" in text and "Einstellungen" in text
        await pilot.press("enter")  # the door-sized button has the focus
        await pilot.pause()
        assert isinstance(app.screen, SceneScreen)
        assert app.game.profile.consent_choice == "all"
        clock.advance(9)
        await walk(pilot, until="bezahlen")
        assert "Korb: 1" in screen_text(app) and "Darin: 65-Zoll-UHD-Fernseher" in screen_text(app)
        await choose(pilot, "coupon")  # the till's coupon, for an e-mail address
        await pilot.pause()
        await pilot.press(*"erika@example.org")  # the field asks: it has the focus
        await pilot.press("enter")
        await pilot.pause()
        assert app.game.inputs["email"] == "erika@example.org"
        await choose(pilot, "karte_zahlen")
        await pilot.pause()
        await walk(pilot)
        assert app.game.ended
        assert isinstance(app.screen, RevealScreen)
        reveal = screen_text(app)
        assert "Hat das Beobachten Ihnen genützt oder geschadet?" in reveal
        assert "Protokoll" in reveal and "Schlüsse" in reveal
        summary = app.screen.query_one("#glance-summary", Literal).text  # under the point
        assert "Ereignisse über Sie protokolliert" in summary
        assert "9 Sekunden" in summary
        # The log tab lists every logged event with its time.
        await pilot.press("tab")
        await pilot.pause()
        assert app.screen.query_one(TabbedContent).active == "tab-log"
        table = app.screen.query_one("#log-table", DataTable)
        assert table.row_count == file_rows(app.game)
        log_text = screen_text(app)
        assert "#0" in log_text and "Sie begannen das Spiel" in log_text
        # The banner was answered 9 s in (the tram before it took no time).
        times = [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
        assert "00:09" in times


async def test_english_game_reveal_speaks_english(story: Any, tmp_path: Path) -> None:
    app = make_app(story, tmp_path / "saves", lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        assert "New game" in screen_text(app)
        await new_game(pilot)
        assert "Accept all" in screen_text(app)
        await fast_forward(pilot)
        assert isinstance(app.screen, RevealScreen)
        text = screen_text(app)
        assert "Log" in text and "Conclusions" in text and "Legal" in text
        assert "Did being watched help you or harm you?" in text
        assert "events about you" in app.screen.query_one("#glance-summary", Literal).text
        # The conclusions tab explains each belief with its evidence.
        await pilot.press("tab", "tab")
        await pilot.pause()
        assert "Evidence: #" in screen_text(app)


async def test_refusing_cookies_shows_legitimate_interest_in_reveal(
    story: Any, tmp_path: Path
) -> None:
    app = make_app(story, tmp_path / "saves")
    async with app.run_test(size=(80, 24)) as pilot:
        await new_game(pilot)
        await choose(pilot, "notwendige")
        assert app.game.profile.consent_choice == "necessary"
        await fast_forward(pilot)
        text = app.screen.query_one("#glance-summary", Literal).text  # under the point
        assert "Obwohl Sie abgelehnt haben" in text
        assert "berechtigten Interesses" in text


async def test_examine_shows_item_text_and_undo_returns(story: Any, tmp_path: Path) -> None:
    app = make_app(story, tmp_path / "saves")
    async with app.run_test(size=(80, 24)) as pilot:
        await new_game(pilot)
        await choose(pilot, "alle")
        await pilot.press("shift+tab")  # from the choices to the shelf
        first = app.game.view().items[0]
        await pilot.press("enter")
        await pilot.pause()
        assert app.game.log.last.kind in (Kind.EXAMINE, Kind.PRICE_LOOK)
        assert any(e.kind is Kind.EXAMINE and e.target == first.id for e in app.game.log)
        assert f"» {first.label}" in screen_text(app)
        await choose(pilot, "hinein")
        assert app.game.scene_id == "foyer"
        await pilot.press("b")
        await pilot.pause()
        assert app.game.scene_id == "schaufenster"
        entered = [e for e in app.game.log if e.kind not in SHOP_RECORDS][-1]
        assert entered.kind is Kind.SCENE_ENTER and entered.data.get("undo")
        assert any(e.kind is Kind.UNDO for e in app.game.log)
        assert app.game.profile.visits["schaufenster"] == 1  # undone, not walked back
        assert "Rückgängig" in screen_text(app)  # the footer names the key


async def test_back_to_the_banner_and_no_further(story: Any, tmp_path: Path) -> None:
    app = make_app(story, tmp_path / "saves")
    async with app.run_test(size=(80, 24)) as pilot:
        await new_game(pilot)
        await choose(pilot, "alle")
        await pilot.press("b")
        await pilot.pause()
        # Back at the entrance, the banner is up again.
        assert app.game.scene_id == "eingang"
        assert isinstance(app.screen, ConsentScreen)
        # Further back: off the tram undone, then the errand; then nothing is left.
        for scene in ("vorhaben_nichts", "unterwegs"):
            assert app.track("back") is not None
            await pilot.pause()
            assert app.game.scene_id == scene
        count = len(app.game.log)
        assert app.track("back") is None
        assert len(app.game.log) == count
        assert app.message == "Da ist nichts rückgängig zu machen."

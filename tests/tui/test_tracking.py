"""What the shop logs from the terminal: highlights, hovers, dwell, idle, banner focus.

The point of the game is that the UI reports what the *player* did. Textual's
own automatic highlight of the first option is not the player's doing and
must never reach the log.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from kaufhaus.play.describe import inference_headline
from kaufhaus.tracking.events import Kind
from kaufhaus.tui.app import KaufhausApp
from kaufhaus.tui.screens.consent import ChoiceButton, ConsentScreen
from kaufhaus.tui.widgets.tracked_list import TrackedList
from tests.tui.helpers import FakeClock, choose, kinds, make_app, new_game, wait_for, walk


@pytest.fixture(autouse=True)
def _quick_hover(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(TrackedList, "HOVER_DELAY", 0.01)
    monkeypatch.setattr(ChoiceButton, "HOVER_DELAY", 0.01)


async def test_automatic_first_highlight_is_not_logged_but_keys_are(
    story: Any, tmp_path: Path
) -> None:
    app = make_app(story, tmp_path / "saves")
    async with app.run_test(size=(80, 24)) as pilot:
        await new_game(pilot)
        await choose(pilot, "alle")
        choices = app.screen.query_one("#choices", TrackedList)
        assert choices.highlighted == 0  # Textual highlighted the first option itself...
        assert Kind.HIGHLIGHT not in kinds(app)  # ...and the shop did not log it.
        await pilot.press("down")
        await pilot.pause()
        highlights = [e for e in app.game.log if e.kind is Kind.HIGHLIGHT]
        second = app.game.view().choices[1].id
        assert [(e.target, e.data["source"]) for e in highlights] == [(second, "keyboard")]
        # The highlighted row carries a text marker, not only a colour.
        assert choices.get_option_at_index(1).prompt.plain.startswith("▶")
        assert not choices.get_option_at_index(0).prompt.plain.startswith("▶")


async def test_mouse_resting_on_a_choice_or_item_is_logged_once(story: Any, tmp_path: Path) -> None:
    app = make_app(story, tmp_path / "saves")
    async with app.run_test(size=(80, 24)) as pilot:
        await new_game(pilot)
        await choose(pilot, "alle")
        second = app.game.view().choices[1].id

        def hovers() -> list[str]:
            return [e.target for e in app.game.log if e.kind is Kind.HOVER]

        await pilot.hover("#choices", offset=(5, 1))
        await wait_for(pilot, lambda: len(hovers()) >= 1)
        await pilot.hover("#choices", offset=(9, 1))  # same row, the mouse just twitches
        await pilot.pause()
        assert hovers() == [second]
        first_item = app.game.view().items[0].id
        # At 80 × 24 the shelf is closed until it is opened: a click on its heading.
        await pilot.click("#shelf-head")
        await pilot.pause()
        await pilot.hover("#shelf", offset=(5, 0))
        # A twitch logged twice would be in the log before this later hover.
        await wait_for(pilot, lambda: len(hovers()) >= 2)
        assert hovers() == [second, first_item]
        assert Kind.HIGHLIGHT not in kinds(app)  # hovering is not highlighting


async def test_dwell_per_scene_comes_from_the_clock(story: Any, tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(story, tmp_path / "saves", clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await new_game(pilot)
        await choose(pilot, "alle")
        clock.advance(42)
        await choose(pilot, "hinein")
        leave = next(
            e for e in app.game.log if e.kind is Kind.SCENE_LEAVE and e.scene == "schaufenster"
        )
        assert leave.data["dwell"] == pytest.approx(42.0)
        choice = next(e for e in app.game.log if e.kind is Kind.CHOICE and e.target == "hinein")
        assert choice.data["hesitation"] == pytest.approx(42.0)


async def test_idle_is_logged_once_per_pause(
    story: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(KaufhausApp, "IDLE_AFTER", 5.0)
    clock = FakeClock()
    app = make_app(story, tmp_path / "saves", clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await new_game(pilot)
        await choose(pilot, "alle")
        clock.advance(4)
        app.idle_tick()
        assert Kind.IDLE not in kinds(app)
        clock.advance(3)
        app.idle_tick()
        app.idle_tick()
        idles = [e for e in app.game.log if e.kind is Kind.IDLE]
        assert len(idles) == 1 and idles[0].data["seconds"] == pytest.approx(7.0)
        await pilot.press("down")  # the player is back: a new pause may be logged later
        clock.advance(6)
        app.idle_tick()
        assert len([e for e in app.game.log if e.kind is Kind.IDLE]) == 2


async def test_banner_focus_moves_are_logged_but_not_the_initial_focus(
    story: Any, tmp_path: Path
) -> None:
    app = make_app(story, tmp_path / "saves")
    async with app.run_test(size=(80, 24)) as pilot:
        await new_game(pilot)
        assert isinstance(app.screen, ConsentScreen)
        assert isinstance(app.screen.focused, ChoiceButton)
        assert app.screen.focused.choice_id == "alle"
        assert Kind.HIGHLIGHT not in kinds(app)
        await pilot.press("tab")
        await pilot.pause()
        highlight = app.game.log.last
        assert highlight.kind is Kind.HIGHLIGHT and highlight.target == "notwendige"
        await pilot.hover("#choice-einstellungen")
        await wait_for(pilot, lambda: app.game.log.last.kind is Kind.HOVER)
        assert app.game.log.last.target == "einstellungen"
        await pilot.press("enter")  # Enter takes the focused link, not the big button
        await pilot.pause()
        assert app.game.profile.consent_choice == "necessary"


async def test_xray_shows_the_latest_event_and_the_shops_beliefs(
    story: Any, tmp_path: Path
) -> None:
    app = make_app(story, tmp_path / "saves", xray=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await new_game(pilot)
        await choose(pilot, "alle")
        panel = app.screen.query_one("#xray")
        assert panel.display
        await pilot.press("down")
        await pilot.pause()
        events_text = str(app.screen.query_one("#xray-events").text)
        assert events_text.splitlines()[0].startswith("▶")  # the newest first
        assert sum(line.startswith("▶") for line in events_text.splitlines()) == 1
        # The file's own sentence, with the option's label, never its id:
        assert "Ihr Cursor lag auf „" in events_text.splitlines()[0]
        beliefs = str(app.screen.query_one("#xray-beliefs").text)
        assert "Gerätekennung" in beliefs or "Laufweg" in beliefs
        await walk(pilot, until="kasse")
        events_text = str(app.screen.query_one("#xray-events").text)
        ids = {*story.scenes, *story.catalogue} | {
            c.id for s in story.scenes.values() for c in (*s.choices, *s.items)
        }
        shown = set(re.findall(r"[\w-]+", events_text))
        assert not shown & ids, f"ids in the x-ray: {shown & ids}"
        assert not re.search(r"\b[a-z]+_[a-z_]+\b", events_text)
        fingerprint = next(i for i in app.game.profile.inferences() if i.kind == "fingerprint")
        headline = inference_headline(fingerprint.as_dict(), story, "de")
        assert "Betriebssystem" in headline and "Farben" in headline
        assert not re.search(r"\b(colors|locale|os|term|terminal|time_of_day)\b", headline)
        await pilot.press("x")
        await pilot.pause()
        assert not panel.display

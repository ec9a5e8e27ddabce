"""Every device a class has: the one UI from a phone held upright up to a projector.

Played on the shipped story, because what has to fit is its own text: the
cookie banner's paragraphs, the shop window's seven things, the reveal's
log. Each size is played through with keys from the title to the hand-in,
and at every step the test checks what a pupil would notice first: is each
button and each choice on the screen, uncut, above the footer?

Sizes: a phone upright (43 × 40) and on its side (90 × 18), a laptop at
200 % zoom in the browser (about 66 × 21), and the smallest window the game
takes (40 × 18: the issue's 40 × 20, and a phone on its side is 18 rows).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widget import Widget
from textual.widgets import Button, DataTable

from kaufhaus.story.model import Story
from kaufhaus.tui.screens.consent import ChoiceButton, ConsentScreen
from kaufhaus.tui.screens.handin import HandinScreen
from kaufhaus.tui.screens.reveal import RevealScreen
from kaufhaus.tui.screens.scene import SceneScreen
from kaufhaus.tui.screens.title import TitleScreen
from kaufhaus.tui.screens.toosmall import TooSmallScreen
from kaufhaus.tui.widgets.footer import Footer
from kaufhaus.tui.widgets.tracked_list import TrackedList
from tests.tui.helpers import choose, fast_forward, make_app, new_game, screen_text

DEVICES = {
    "phone-upright": (43, 40),
    "phone-sideways": (90, 18),
    "laptop-200pct": (66, 21),
    "smallest": (40, 18),  # stricter than the 40 × 20 in every way
}


def _room(app: Any) -> tuple[int, int]:
    """Columns and rows of the screen above its footer."""
    footers = [f for f in app.screen.query(Footer) if f.display]
    return app.size.width, app.size.height - sum(f.outer_size.height for f in footers)


def _in_sight(app: Any, widget: Widget) -> None:
    """The widget is drawn whole: not cut at the right, not under the footer, not empty."""
    width, rows = _room(app)
    region = widget.region
    assert region.width > 0 and region.height > 0, f"{widget!r} has no room: {region}"
    assert region.x >= 0 and region.right <= width, f"{widget!r} cut at the side: {region}"
    assert region.y >= 0 and region.bottom <= rows, (
        f"{widget!r} below the fold ({rows} rows): {region}\n{screen_text(app)}"
    )


def _whole_list(app: Any, widget: TrackedList) -> None:
    """A list in sight that shows all its rows without scrolling."""
    _in_sight(app, widget)
    assert widget.max_scroll_y == 0, f"{widget.id} needs scrolling:\n{screen_text(app)}"


async def _settled(pilot: Any) -> None:
    """Let a banner measure its rows: it fits its text after the first frames."""
    for _ in range(4):
        await pilot.pause()


@pytest.fixture
def classroom(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Browser play for a class: the hand-in is offered at the end."""
    folder = tmp_path / "klasse"
    monkeypatch.setenv("KAUFHAUS_CLASS_FOLDER", str(folder))
    monkeypatch.setenv("KAUFHAUS_CLASS_GAME", "g-0000beef")
    return folder


@pytest.mark.parametrize("size", DEVICES.values(), ids=DEVICES.keys())
async def test_a_class_plays_to_the_hand_in_on_every_device(
    story: Story, tmp_path: Path, classroom: Path, size: tuple[int, int]
) -> None:
    app = make_app(story, tmp_path / "saves")
    async with app.run_test(size=size) as pilot:
        await _settled(pilot)
        # Our own banner first: both answers in sight, of the same size.
        yes, no = app.screen.query_one("#class-yes", Button), app.screen.query_one("#class-no")
        _in_sight(app, yes)
        _in_sight(app, no)
        assert yes.region.height == no.region.height  # (an odd width splits 19 + 20)
        assert abs(yes.region.width - no.region.width) <= 1
        await pilot.press("j")
        await pilot.pause()
        # The title: the whole menu, its frame not cut.
        assert isinstance(app.screen, TitleScreen), screen_text(app)
        _in_sight(app, app.screen.query_one("#menu"))
        await new_game(pilot)
        await _settled(pilot)
        # The cookie banner: every answer in sight, the door and both links.
        assert isinstance(app.screen, ConsentScreen), screen_text(app)
        buttons = list(app.screen.query(ChoiceButton))
        assert len(buttons) == 3
        for button in buttons:
            _in_sight(app, button)
        await choose(pilot, "alle")
        await pilot.pause()
        # The shop window: the scene has rows, every choice is there whole.
        assert isinstance(app.screen, SceneScreen), screen_text(app)
        pane = app.screen.query_one("#text-pane")
        _in_sight(app, pane)
        assert pane.region.height >= 4, screen_text(app)
        _whole_list(app, app.screen.query_one("#choices", TrackedList))
        # The shelf opens where it has the focus, and closes again.
        await pilot.press("shift+tab")
        await pilot.pause()
        shelf = app.screen.query_one("#shelf", TrackedList)
        assert shelf.has_focus
        _in_sight(app, shelf)
        assert shelf.region.height >= min(len(shelf.entries), 5)
        await pilot.press("tab")
        await pilot.pause()
        # The x-ray beside or under the scene, the choices still there.
        await pilot.press("x")
        await pilot.pause()
        _in_sight(app, app.screen.query_one("#xray"))
        _whole_list(app, app.screen.query_one("#choices", TrackedList))
        await pilot.press("x")
        await pilot.pause()
        await fast_forward(pilot)  # the keys on the way are tested elsewhere; here: the sizes
        # The reveal: the first card, then the log without a column off the screen.
        assert isinstance(app.screen, RevealScreen), screen_text(app)
        # The point of the first card comes first (its box), under the tabs.
        assert "Überblick" in screen_text(app) and "┏" in screen_text(app), screen_text(app)
        await pilot.pause()
        assert "h Abgeben" in _footer(app) and "q Beenden" in _footer(app), _footer(app)
        await pilot.press("tab")
        await pilot.pause()
        table = app.screen.query_one("#log-table", DataTable)
        _in_sight(app, table)
        assert table.virtual_size.width <= table.scrollable_content_region.width, (
            f"the log is {table.virtual_size.width} wide in "
            f"{table.scrollable_content_region.width}:\n{screen_text(app)}"
        )
        # The hand-in: the record scrolls, both answers stay in sight.
        await pilot.press("h")
        await _settled(pilot)
        assert isinstance(app.screen, HandinScreen), screen_text(app)
        for button in app.screen.query(Button):
            _in_sight(app, button)
        await pilot.press("tab", "enter")  # "Abgeben"
        await pilot.pause()
        assert isinstance(app.screen, RevealScreen)
        assert list(classroom.rglob("*.json")), "the hand-in was not written"


@pytest.mark.parametrize("size", [(39, 40), (120, 17)], ids=["too-narrow", "too-low"])
async def test_below_40_by_18_the_window_is_asked_to_grow(
    story: Story, tmp_path: Path, size: tuple[int, int]
) -> None:
    app = make_app(story, tmp_path / "saves")
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        assert "mindestens 40 × 18 Zeichen" in " ".join(screen_text(app).split())


async def _at_the_window(pilot: Any) -> None:
    """From the title through the banner ("Alle akzeptieren") to the shop window."""
    await new_game(pilot)
    await choose(pilot, "alle")
    await pilot.pause()
    assert pilot.app.game.scene_id == "schaufenster"


def _footer(app: Any) -> str:
    footer = app.screen.query_one(Footer)
    return " ".join(screen_text(app).splitlines()[-footer.outer_size.height :])


@pytest.mark.parametrize("size", [(43, 40), (66, 21)], ids=["phone-upright", "laptop-200pct"])
async def test_the_footer_shows_every_key(
    story: Story, tmp_path: Path, size: tuple[int, int]
) -> None:
    """When the keys do not fit on one line they wrap into rows instead of losing
    "q Beenden" off the edge (at 66 columns it showed "q" without its word)."""
    app = make_app(story, tmp_path / "saves")
    async with app.run_test(size=size) as pilot:
        await _at_the_window(pilot)
        await pilot.pause()
        text = _footer(app)
        for words in ("b Rückgängig", "s Speichern", "l Laden", "? Hilfe", "x Röntgen"):
            assert words in text, text
        assert "q Beenden" in text, text


async def test_80_by_24_shows_16_rows_of_the_shop_window(story: Story, tmp_path: Path) -> None:
    """The shelf heading names its seven things; the text keeps the rows."""
    app = make_app(story, tmp_path / "saves")
    async with app.run_test(size=(80, 24)) as pilot:
        await _at_the_window(pilot)
        pane = app.screen.query_one("#text-pane")
        assert pane.region.height >= 16, screen_text(app)
        head = app.screen.query_one("#shelf-head").text
        assert "Im Regal (7)" in head and "Den 65-Zoll-Fernseher" in head

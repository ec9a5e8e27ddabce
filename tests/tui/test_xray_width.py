"""The x-ray on a projector: it uses the width it has and wraps, it cuts nothing.

At 130 columns every entry used to end in "…" ("We changed your pric…") in a
panel of 34 columns. Played on the shipped story: its file's own sentences
(the device line is the longest) are what has to fit.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kaufhaus.story.model import Story
from kaufhaus.tui.widgets.xray import Entries
from tests.tui.helpers import choose, fast_forward, make_app, new_game, screen_text


def _panel_text(app: Any) -> str:
    """The words the x-ray shows on screen, as one line."""
    inside = app.screen.query_one("#xray").content_region  # without its border
    rows = screen_text(app).splitlines()[inside.y : inside.bottom]
    return " ".join(" ".join(row[inside.x : inside.right] for row in rows).split())


@pytest.mark.parametrize("lang", ["de", "en"])
async def test_at_130_columns_no_entry_of_the_xray_is_cut(
    story: Story, tmp_path: Path, lang: str
) -> None:
    app = make_app(story, tmp_path / "saves", lang=lang, xray=True)
    async with app.run_test(size=(130, 40)) as pilot:
        await new_game(pilot)
        await choose(pilot, "alle")
        await fast_forward(pilot, until="kasse")  # prices changed, beliefs gathered
        await pilot.pause()
        panel = app.screen.query_one("#xray")
        assert panel.region.width >= 50, panel.region  # two fifths, not 34 columns
        shown = _panel_text(app)
        assert "…" not in shown, shown
        events = app.screen.query_one("#xray-events", Entries).text.splitlines()
        assert events[0].startswith("▶")
        # Every entry the panel shows on screen stands there whole.
        for entry in events:
            if panel.max_scroll_y == 0 or entry is events[0]:
                assert " ".join(entry.split()) in shown, entry


async def test_on_a_phone_the_xray_stands_under_the_scene(story: Story, tmp_path: Path) -> None:
    app = make_app(story, tmp_path / "saves", xray=True)
    async with app.run_test(size=(43, 40)) as pilot:
        await new_game(pilot)
        await choose(pilot, "alle")
        await pilot.pause()
        panel = app.screen.query_one("#xray")
        main = app.screen.query_one("#main")
        assert panel.region.width == 43 and panel.region.y >= main.region.bottom
        newest = app.screen.query_one("#xray-events", Entries).text.splitlines()[0]
        assert " ".join(newest.split()) in _panel_text(app)

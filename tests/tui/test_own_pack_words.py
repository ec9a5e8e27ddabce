"""A pack that is no shop (``reveal: false``, like Cloak of Darkness) does not get
the shop's words in the x-ray panel: the game, not "the shop", draws conclusions."""

from __future__ import annotations

from pathlib import Path

from kaufhaus.story.loader import load_pack
from kaufhaus.storytest import facade_api
from tests.conftest import ROOT
from tests.tui.helpers import choose, make_app, new_game, screen_text


async def test_the_xray_of_a_pack_without_a_shop_speaks_of_the_game(tmp_path: Path) -> None:
    story = load_pack(ROOT / "scenes" / "examples" / "cloak", api=facade_api())
    assert not story.presentation.reveal
    app = make_app(story, tmp_path / "saves", xray=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await new_game(pilot)
        text = screen_text(app)
        assert "Was das Spiel daraus schließt" in text
        assert "Was das Kaufhaus glaubt" not in text


async def test_the_xray_of_the_shop_still_speaks_of_the_shop(tmp_path: Path) -> None:
    story = load_pack(ROOT / "scenes", api=facade_api())
    app = make_app(story, tmp_path / "saves", xray=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await new_game(pilot)
        await choose(pilot, "alle")  # the cookie banner
        assert "Was das Kaufhaus glaubt" in screen_text(app)

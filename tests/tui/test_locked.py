"""A choice shown but not selectable (``selectable:``/``why_not:``) is on screen with its
reason, in the terminal game and in plain mode, and has no number to take it by."""

from __future__ import annotations

import io
from pathlib import Path

from kaufhaus.plain import run_plain
from kaufhaus.story.loader import load_pack
from kaufhaus.storytest import facade_api
from tests.conftest import ROOT
from tests.tui.helpers import FakeClock, choose, make_app, new_game, screen_text

PACK = ROOT / "scenes" / "examples" / "flow-reklamation"


async def test_the_terminal_game_shows_why_a_choice_cannot_be_taken(tmp_path: Path) -> None:
    story = load_pack(PACK, api=facade_api())
    app = make_app(story, tmp_path / "saves", seed=1)
    async with app.run_test(size=(100, 40)) as pilot:
        await new_game(pilot, tram=False)
        text = screen_text(app)
        assert "– Umtauschen (nicht wählbar: Ohne Kassenbon kein Umtausch.)" in text
        await choose(pilot, "hotline")
        await pilot.pause()
        await choose(pilot, "bon")
        await pilot.pause()
        await choose(pilot, "auflegen")
        await pilot.pause()
        text = screen_text(app)
        assert "nicht wählbar" not in text and "Umtauschen" in text


def test_plain_mode_lists_it_without_a_number(tmp_path: Path) -> None:
    out = io.StringIO()
    # New game; 4 is "Leave": the locked choice keeps its place (3), as every choice
    # keeps the number it is written with, but is listed without it.
    answers = iter(["1", "4"])

    def answer(prompt: str) -> str:
        try:
            return next(answers)
        except StopIteration:
            raise EOFError from None

    code = run_plain(
        load_pack(PACK),
        lang="en",
        seed=1,
        saves=tmp_path / "saves",
        input_fn=answer,
        output=out,
        clock=FakeClock(),
    )
    text = out.getvalue()
    assert code == 0, text
    assert "  1. Wait\n  2. Call the service hotline\n  4. Leave\n" in text
    assert "     – Exchange (not now: No receipt, no exchange.)\n" in text
    assert "You leave. The display shows 17." in text

"""At a narrow width nothing is cut and nothing reads as the next entry.

At 40 columns (the game's narrowest) the long labels of tests/fixtures/umweg
wrap; their second line must start where the label's text starts, in the TUI
and in plain mode. At 43 columns the first card shows its labels whole.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from kaufhaus.plain import run_plain
from kaufhaus.story.loader import load_pack
from kaufhaus.story.model import Story
from tests.conftest import ROOT
from tests.tui.helpers import FakeClock, make_app, screen_text

UMWEG = ROOT / "tests" / "fixtures" / "umweg"


@pytest.fixture(scope="module")
def umweg() -> Story:
    return load_pack(UMWEG)


def continuation(lines: list[str], start: str) -> tuple[int, str]:
    """The column where ``start``'s text begins in its line, and the line after it."""
    index = next(i for i, line in enumerate(lines) if start in line)
    return lines[index].index(start), lines[index + 1]


async def test_a_wrapped_choice_hangs_under_its_text(umweg: Story, tmp_path: Path) -> None:
    app = make_app(umweg, tmp_path / "saves")
    async with app.run_test(size=(40, 18)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        lines = screen_text(app).splitlines()
        column, after = continuation(lines, "Das Team zur")
        assert (
            lines[next(i for i, x in enumerate(lines) if "Das Team" in x)]
            .strip()
            .startswith("▶ 1. Das Team")
        )
        # The next line goes on with the label, indented to its text.
        assert after[:column].strip() == "" and after[column] != " ", after
        await pilot.press("tab")  # the shelf: its rows hang the same way
        await pilot.pause()
        lines = screen_text(app).splitlines()
        column, after = continuation(lines, "Das Plakat")
        assert after[:column].strip() == "" and after[column] != " ", after


class _Terminal(io.StringIO):
    """Plain mode's output as a terminal (plain mode wraps only on one)."""

    def isatty(self) -> bool:
        return True


def test_plain_mode_hangs_a_wrapped_choice(
    umweg: Story, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "41")  # 40 columns of text
    out = _Terminal()
    queue = ["1"]

    def answer(prompt: str) -> str:
        if not queue:
            raise EOFError
        return queue.pop(0)

    run_plain(
        umweg, lang="de", seed=1, saves=tmp_path, input_fn=answer, output=out, clock=FakeClock()
    )
    lines = out.getvalue().splitlines()
    for start in ("1. Das Team", "u1. Das Plakat"):
        column, after = continuation(lines, start)
        column += start.index(" ") + 1  # where the label's text begins
        assert after[:column].strip() == "" and after[column] != " ", after


async def test_the_first_card_cuts_no_label_at_43_columns(tmp_path: Path) -> None:
    # The desk of tests/fixtures/karte, declined: the first card at a phone's width.
    from tests.tui.helpers import reveal_ready

    karte = load_pack(ROOT / "tests" / "fixtures" / "karte")
    app = make_app(karte, tmp_path / "saves")
    async with app.run_test(size=(43, 24)) as pilot:
        await pilot.press("enter", "2", "2")
        await reveal_ready(pilot)
        card = app.screen.query_one("#glance-card")
        card.scroll_visible(animate=False, top=True)
        await pilot.pause()
        shown = screen_text(app)
        assert "…" not in shown
        words = " ".join(shown.split())
        rows = card.rows  # type: ignore[attr-defined]
        assert any(label == "Kaufwahrscheinlichkeit" for label, _ in rows)
        for label, _value in rows:
            for word in label.split():
                assert word in words, (word, shown)

"""Screenshots of every screen at 80x24 and 120x40, the first ones on phones too
(pytest-textual-snapshot).

Deterministic by construction: fixed seed, fixed fingerprint, a clock that
only moves when told, fixed save dates in UTC. After an intended change to
the look, regenerate with ``pytest tests/tui/test_snapshots.py --snapshot-update``
and look at the SVGs before committing them.
"""

from __future__ import annotations

import os
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from kaufhaus.tui.screens.saves import LoadScreen
from tests.tui.helpers import FakeClock, choose, fast_forward, make_app, new_game, reveal_ready

SIZES = [(80, 24), (120, 40)]
Steps = Callable[[Pilot[Any]], Awaitable[None]]


@pytest.fixture(autouse=True)
def _fixed_dates(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("kaufhaus.saves.now_iso", lambda: "2026-01-15T09:30:00+00:00")
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()


async def _title(pilot: Pilot[Any]) -> None:
    await pilot.pause()
    await pilot.pause()


async def _banner(pilot: Pilot[Any]) -> None:
    await new_game(pilot)
    await pilot.pause()


async def _scene(pilot: Pilot[Any]) -> None:
    await new_game(pilot)
    await choose(pilot, "alle")
    await pilot.press("shift+tab", "enter")  # look at the first thing on the shelf
    await pilot.press("tab")  # back to the choices
    await pilot.pause()


async def _xray(pilot: Pilot[Any]) -> None:
    await new_game(pilot)
    await choose(pilot, "alle")
    await pilot.press("down", "x")
    await pilot.pause()


async def _help(pilot: Pilot[Any]) -> None:
    await new_game(pilot)
    await choose(pilot, "alle")
    await pilot.press("question_mark")
    await pilot.pause()


async def _save_list(pilot: Pilot[Any]) -> None:
    app: Any = pilot.app
    await new_game(pilot)
    await choose(pilot, "alle")
    app.save_to("vor-dem-fenster")
    await fast_forward(pilot, until="kasse")
    # The list shows when each file was last written: fix that, too.
    fixed = 1768469400.0  # 2026-01-15 09:30 UTC
    for path in app.saves.iterdir():
        os.utime(path, (fixed, fixed))
    await pilot.press("l")
    await pilot.pause()
    assert isinstance(app.screen, LoadScreen)


async def _reveal(pilot: Pilot[Any]) -> None:
    app: Any = pilot.app
    await new_game(pilot)
    await choose(pilot, "alle")
    clock: FakeClock = app.clock
    clock.advance(12)
    await fast_forward(pilot)
    await reveal_ready(pilot)  # the card's point comes from the built file


async def _reveal_filter(pilot: Pilot[Any]) -> None:
    """The reveal's log with its kind filter open: ▶ on the row, Esc named in German."""
    await _reveal(pilot)
    await reveal_ready(pilot)
    await pilot.press("a", "down")
    await pilot.pause()


SCENARIOS: dict[str, Steps] = {
    "title": _title,
    "banner": _banner,
    "scene": _scene,
    "xray": _xray,
    "help": _help,
    "save_list": _save_list,
    "reveal": _reveal,
    "reveal_filter": _reveal_filter,
}


#: A phone held upright and on its side: the screens a pupil meets first.
PHONES = [(43, 40), (90, 18)]

CASES = [
    (name, size)
    for name in SCENARIOS
    for size in SIZES
    if not (name in ("xray", "reveal_filter") and size != SIZES[0])
] + [(name, size) for name in ("banner", "scene", "xray") for size in PHONES]
#: The x-ray on a projector: 130 columns, its entries wrapped, none cut.
CASES.append(("xray", (130, 40)))


#: The shipped walkthroughs whose first card is pinned, each at both sizes.
WALKS = ("tv-fan", "privacy", "guest", "hijacked", "returning")
FIRST_CARDS = [(name, size) for name in WALKS for size in SIZES]


async def _continue_to_the_card(pilot: Pilot[Any]) -> None:
    """From the title: Continue the walkthrough's finished game, i.e. its reveal."""
    await pilot.pause()
    await pilot.press("down", "enter")
    await reveal_ready(pilot)


@pytest.mark.parametrize(
    ("name", "size"), FIRST_CARDS, ids=[f"{n}-{w}x{h}" for n, (w, h) in FIRST_CARDS]
)
def test_first_card_snapshot(
    snap_compare: Any, story: Any, tmp_path: Path, name: str, size: tuple[int, int]
) -> None:
    """The first card of each shipped walkthrough: the point above everything else."""
    from kaufhaus.saves import save_game
    from kaufhaus.walkthrough import load_walkthrough, play
    from tests.conftest import WALKTHROUGHS

    game = play(story, load_walkthrough(WALKTHROUGHS / f"{name}.yaml"))
    saves = tmp_path / "saves"
    saves.mkdir()
    save_game(game, saves / "autosave.jsonl")
    app = make_app(story, saves, clock=FakeClock())
    assert snap_compare(app, terminal_size=size, run_before=_continue_to_the_card)


@pytest.mark.parametrize(("name", "size"), CASES, ids=[f"{n}-{w}x{h}" for n, (w, h) in CASES])
def test_screen_snapshot(
    snap_compare: Any, story: Any, tmp_path: Path, name: str, size: tuple[int, int]
) -> None:
    app = make_app(story, tmp_path / "saves", clock=FakeClock())
    assert snap_compare(app, terminal_size=size, run_before=SCENARIOS[name])

"""Test helpers for the terminal UI: a fake clock, a fixed fingerprint, screen text.

Choices are made by id (the number key is looked up from the current view),
so the tests survive rewording of the story but fail if a path disappears.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from kaufhaus.tracking.events import Kind
from kaufhaus.tui.app import KaufhausApp

FINGERPRINT: dict[str, str] = {
    "terminal": "80x24",
    "colors": "truecolor",
    "term": "xterm-256color",
    "locale": "de_DE.UTF-8",
    "timezone": "Europe/Berlin",
    "time_of_day": "evening",
    "os": "Linux",
}

#: A short way through the shipped story to an ending, by choice id per scene,
#: in order (the sales floor is visited twice: the TV, then the till).
PATH_TO_REVEAL: tuple[tuple[str, str], ...] = (
    ("unterwegs", "nichts"),
    ("vorhaben_nichts", "aussteigen"),
    ("eingang", "alle"),
    ("schaufenster", "hinein"),
    ("foyer", "vorbei"),
    ("ohne_karte", "korb"),
    ("etage", "elektronik"),
    ("elektronik", "kaufen"),
    ("etage", "kasse"),
    ("kasse", "vortreten"),
    ("bezahlen", "karte_zahlen"),
    ("beleg_karte", "raus"),
    ("ausgang", "kiosk"),
    ("kiosk", "albers"),
    ("laden", "bleiben"),
)


def next_on_path(app: Any) -> str:
    """The choice PATH_TO_REVEAL takes in the current scene, given what was done."""
    game = app.game
    entered = [e.target for e in game.log if e.kind is Kind.SCENE_ENTER]
    # Where on the path are we? Count this scene's visits along the path.
    visits = entered.count(game.scene_id)
    seen = 0
    for scene, choice in PATH_TO_REVEAL:
        if scene == game.scene_id:
            seen += 1
            if seen == visits:
                return choice
    return [c for s, c in PATH_TO_REVEAL if s == game.scene_id][-1]


class FakeClock:
    """A clock that only moves when the test says so."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def make_app(
    story: Any,
    saves: Path,
    *,
    lang: str = "de",
    seed: int = 7,
    clock: FakeClock | None = None,
    xray: bool = False,
) -> KaufhausApp:
    return KaufhausApp(
        story,
        lang=lang,
        seed=seed,
        saves=saves,
        xray=xray,
        clock=clock or FakeClock(),
        fingerprint=dict(FINGERPRINT),
    )


def screen_text(app: KaufhausApp) -> str:
    """What the terminal shows on the top screen right now, as plain text."""
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)


def kinds(app: KaufhausApp) -> list[Kind]:
    return [event.kind for event in app.game.log]


#: The shipped story starts on the tram: the errand, then off to the banner.
TRAM: tuple[tuple[str, str], ...] = (("unterwegs", "nichts"), ("vorhaben_nichts", "aussteigen"))


async def new_game(pilot: Pilot[Any], *, tram: bool = True) -> None:
    """From the title screen: "New game" is the first entry of the menu.

    In the shipped story the game opens on the tram; unless ``tram=False``
    the player names an errand (nothing at all) and gets off, so that the
    test starts where the shop starts: at the cookie banner.
    """
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    app: Any = pilot.app
    if not tram or app.game is None or app.game.story.start != "unterwegs":
        return
    for scene, choice in TRAM:
        assert app.game.scene_id == scene, app.game.scene_id
        await choose(pilot, choice)
        await pilot.pause()


async def choose(pilot: Pilot[Any], choice_id: str) -> None:
    """Take a choice of the current scene with its number key (shown beside it)."""
    from kaufhaus.play.words import choice_numbers

    app: Any = pilot.app
    view = app.game.view()
    ids = [c.id for c in view.choices]
    assert choice_id in ids, f"{choice_id!r} not among {ids} in {app.game.scene_id!r}"
    number = choice_numbers(view)[ids.index(choice_id)]
    assert number is not None, f"{choice_id!r} has no number key"
    await pilot.press(str(number))


async def walk(pilot: Pilot[Any], until: str | None = None) -> None:
    """Follow PATH_TO_REVEAL from the current scene (up to the scene ``until``)."""
    app: Any = pilot.app
    while not app.game.ended and app.game.scene_id != until:
        await choose(pilot, next_on_path(app))
    await reveal_ready(pilot)


async def fast_forward(pilot: Pilot[Any], until: str | None = None) -> None:
    """Like ``walk``, but through ``app.track`` without waiting for each frame.

    For tests about what happens *at* a later scene: the keys are tested by
    the walking tests; here only the destination matters.
    """
    app: Any = pilot.app
    while not app.game.ended and app.game.scene_id != until:
        assert app.track("choose", choice=next_on_path(app)) is not None
    await pilot.pause()
    await reveal_ready(pilot)


async def reveal_ready(pilot: Pilot[Any]) -> None:
    """At the reveal: wait until the full dossier, built in a worker, is on screen.

    The first card appears at once; the tabs fill once the dossier is built
    in a thread after the first paint. Tests that look at the tabs wait here.
    """
    from kaufhaus.tui.screens.reveal import RevealScreen

    app: Any = pilot.app
    if not app.game.ended:
        return
    for _ in range(3000):  # up to a minute on a busy machine
        await pilot.pause()
        screens = [s for s in app.screen_stack if isinstance(s, RevealScreen)]
        if screens and screens[0].ready:
            break
        await asyncio.sleep(0.02)
    await pilot.pause()


def file_rows(game: Any) -> int:
    """How many events the shop's file (the reveal's log) holds: not the story's
    own bookkeeping, nothing from where the shop does not see."""
    from kaufhaus.tracking.events import in_file

    return sum(1 for e in game.log.events() if in_file(e, game.story.unobserved))


def class_game(tmp_path: Path, monkeypatch: Any, game: str = "g-00000001") -> tuple[Path, Any]:
    """A game as ``kaufhaus serve`` starts it for a class: its save folder in a class
    folder under ``tmp_path`` (the environment set), and its ``ClassMode``."""
    from kaufhaus.play.handin import ENV_FOLDER, ENV_GAME, class_mode

    folder = tmp_path / "klasse"
    saves = folder / "spiele" / game
    saves.mkdir(parents=True)
    monkeypatch.setenv(ENV_FOLDER, str(folder))
    monkeypatch.setenv(ENV_GAME, game)
    mode = class_mode()
    assert mode is not None
    return saves, mode


async def wait_for(pilot: Pilot[Any], check: Any, seconds: float = 30.0) -> None:
    """Let the app run until ``check()`` holds: a condition, never a fixed time, so a
    busy machine waits longer and an idle one not at all (fails after ``seconds``)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while not check():
        assert loop.time() < deadline, f"waited {seconds} s for {check}"
        await pilot.pause()
        await asyncio.sleep(0.01)

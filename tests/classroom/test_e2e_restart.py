"""In a real browser: the server restarts mid-lesson, the pupil's page comes back by itself
into the game (no reload, no second banner, nothing to pick), and the pupil takes the yes
back from the command palette (issue 21).

Debian's Chromium, driven by Playwright, against ``kaufhaus serve`` on loopback;
any request to another host fails the test.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.classroom.browser import (
    BANNER,
    chromium,
    have_chromium,
    join_class,
    pupil,
    room_counts,
)
from tests.classroom.serving import free_port, start_server, stop_server, wait_port

CODE = "K7QMX"
TOKEN = "lehrer-geheim-456"
#: The command palette's search line, as the game draws it (German).
PALETTE = "Befehl suchen"

pytestmark = pytest.mark.skipif(
    not have_chromium(), reason="Debian's chromium is not installed (/usr/bin/chromium)"
)


def until(check: object, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():  # type: ignore[operator]
            return
        time.sleep(0.05)
    raise AssertionError("never happened")


def test_restart_then_withdraw_in_the_browser(tmp_path: Path) -> None:
    port = free_port()
    folder = tmp_path / "klasse"
    base = f"http://127.0.0.1:{port}"
    options = ("--code", CODE, "--teacher-token", TOKEN, "--lang", "de")
    process = start_server(port, folder, *options, cwd=tmp_path)
    outside: list[str] = []
    try:
        wait_port(port, process)
        with chromium() as browser:
            context, page, screen = pupil(
                browser, f"127.0.0.1:{port}", outside, viewport={"width": 1280, "height": 860}
            )
            join_class(page, screen, base, CODE)
            page.locator("#terminal").click()
            page.keyboard.press("j")
            screen.expect(page, "Neues Spiel")
            page.keyboard.press("Enter")
            screen.expect(page, "Einfach mal raus")
            until(lambda: list((folder / "live").glob("*.json")))
            live = list((folder / "live").glob("*.json"))
            assert len(live) == 1

            # The teacher's server stops and starts again (same folder, same port).
            began = time.monotonic()
            stop_server(process)
            process = start_server(port, folder, "--lang", "de", cwd=tmp_path)
            wait_port(port, process)
            restart_seconds = time.monotonic() - began
            room = f"{base}/lehrkraft/{TOKEN}"
            assert room_counts(context, room)["agreed"] == 1  # the same room, the same class

            # The page waits for the server and comes back by itself: the game goes on
            # where it was (the tram), with no second banner and no key pressed (the
            # title shows for a moment while the story loads, then Continue is done).
            before = screen.mark
            screen.expect_all(page, "Deine Antwort an die Lehrkraft gilt", "Einfach mal raus")
            assert BANNER not in screen.raw[before:]
            assert not page.locator(".closed-dialog").is_visible()

            # Taking the yes back: Ctrl+P, "Klassenfrage", no.
            # Focus the terminal at its top edge (a click in the middle would pick a
            # menu entry), and type only once the palette is drawn: no fixed pauses.
            page.locator("#terminal").click(position={"x": 4, "y": 4})
            page.keyboard.press("Control+p")
            screen.expect(page, PALETTE)
            page.keyboard.type("Klassenfrage")
            screen.expect(page, "Klassenfrage")
            page.keyboard.press("Enter")
            screen.expect(page, BANNER)
            page.keyboard.press("n")
            until(lambda: not live[0].exists())
            assert room_counts(context, room)["agreed"] == 0
    finally:
        stop_server(process)
    assert outside == []
    assert restart_seconds < 30

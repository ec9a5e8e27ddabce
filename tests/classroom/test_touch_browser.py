"""A pupil with no keyboard: a phone or a tablet played by taps only (issue 21).

Debian's Chromium, driven by Playwright, against ``kaufhaus serve`` with a
class code on loopback, playing the one-door fixture pack. The pupil types
the class code into the page's form, then only taps the terminal's canvas
where the game draws what to press: the class banner's "Ja", the title's
"Neues Spiel", the choice, the footer's "Exportieren" on the file (a download
in the browser) and its "Abgeben", and the hand-in
preview's "Abgeben" button. On the phone the file is longer than the screen:
a swipe up must scroll it (the page script turns a finger's move into the
wheel xterm drops otherwise), and the file's tabs, wider than the screen,
must each be reached by tapping the one cut off at the edge. The hand-in
must land in the class folder; any request to another host fails the test.
Screenshots go to the test's tmp path and /tmp/i21-touch/ to be looked at.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any

import pytest

from tests.classroom.browser import (
    BANNER,
    chromium,
    have_chromium,
    pupil,
    swipe_up,
    tap_words,
)
from tests.classroom.serving import class_server

PACK = Path(__file__).resolve().parents[1] / "fixtures" / "tuer"
SHOTS = Path("/tmp/i21-touch")
CODE = "K7QMX"

#: Browsers with a touch screen and no keyboard: CSS viewport and scale. The
#: door's file is longer than a phone's screen (swiped) and fits on a tablet's.
DEVICES: dict[str, dict[str, Any]] = {
    "phone": {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3},
    "tablet": {"viewport": {"width": 768, "height": 1024}, "device_scale_factor": 2},
}

pytestmark = pytest.mark.skipif(
    not have_chromium(), reason="Debian's chromium is not installed (/usr/bin/chromium)"
)


@pytest.mark.parametrize("device", DEVICES.values(), ids=DEVICES.keys())
def test_a_pupil_plays_and_hands_in_by_touch(tmp_path: Path, device: dict[str, Any]) -> None:
    outside: list[str] = []
    name = next(k for k, v in DEVICES.items() if v == device)

    def shot(page: Any, step: str) -> None:
        path = tmp_path / f"{name}-{step}.png"
        page.screenshot(path=str(path))
        SHOTS.mkdir(exist_ok=True)
        shutil.copy(path, SHOTS / path.name)

    with (
        class_server(tmp_path, "--pack", str(PACK), "--code", CODE) as (base, folder),
        chromium() as browser,
    ):
        host = base.split("//", 1)[1]
        _context, page, screen = pupil(
            browser, host, outside, has_touch=True, is_mobile=True, accept_downloads=True, **device
        )
        page.goto(base + "/")
        page.locator("input[name=code]").tap()
        page.locator("input[name=code]").fill(CODE)  # the phone's on-screen keyboard
        page.locator("input[type=submit]").tap()
        screen.expect_all(page, BANNER, "Nein, nicht")
        tap_words(page, screen, "Ja, anonym", button=True)  # the label wraps on a phone
        screen.expect(page, "Neues Spiel")
        shot(page, "1-title")
        tap_words(page, screen, "Neues Spiel")
        screen.expect_all(page, "Schild", "Keks")
        tap_words(page, screen, "Gerne!")
        screen.expect_all(page, "Zu Hause", "Abgeben")  # the file, "h Abgeben" in the footer
        shot(page, "2-file")
        if name == "phone":  # a swipe up scrolls the file (no wheel, no keys)
            swipe(page, screen)
            every_tab(page, screen)
        with page.expect_download() as download:  # the file to take home, by a tap
            tap_words(page, screen, "e Exportieren")  # the footer's key
        assert download.value.failure() is None
        tap_words(page, screen, "h Abgeben")  # the footer's key
        screen.expect(page, "Nicht abgeben")  # the preview with both answers
        shot(page, "3-handin")
        tap_words(page, screen, "Abgeben", button=True)
        screen.expect(page, "Abgegeben")
        shot(page, "4-handed-in")
    assert len(list((folder / "abgaben").glob("*.json"))) == 1
    assert outside == [], f"the page asked other hosts: {outside}"


def swipe(page: Any, screen: Any) -> None:
    """Swipe up over the file: its lines move up the screen."""
    (before, _), *_ = screen.where("Wie es ausging")
    swipe_up(page, screen, 6)
    deadline = time.monotonic() + 20
    while not [row for row, _ in screen.where("Wie es ausging") if row < before]:
        assert time.monotonic() < deadline, "a swipe up did not scroll the file"
        page.wait_for_timeout(50)
    page.screenshot(path=str(SHOTS / "phone-2b-file-swiped.png"))


#: The file's tabs right of the first, as a phone cuts them off at first ("Widerspru…").
TABS = ("Widerspru", "Recht", "Preise", "Grafiken", "Realität")


def every_tab(page: Any, screen: Any) -> None:
    """Tap each tab in turn where it is drawn: each becomes the open one (▶)."""
    for tab in TABS:
        tap_words(page, screen, tab, which=0)
        deadline = time.monotonic() + 20
        while f"▶ {tab}" not in screen.row(0):
            assert time.monotonic() < deadline, f"tapping {tab!r} did not open it: {screen.row(0)}"
            page.wait_for_timeout(50)

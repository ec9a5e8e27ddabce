"""Every device a class has, in a real browser: phones, a tablet, a laptop at 200 %.

Debian's Chromium, driven by Playwright, against ``kaufhaus serve`` on
loopback. Each viewport (CSS pixels, device scale 2) joins with the code,
answers the class banner, accepts the cookie banner and plays by keyboard to
the reveal and the hand-in preview. The game must never show its "window too
small" message, and every answer the pupil needs must be drawn. Screenshots
go to the test's tmp path and to /tmp/i23-devices/ to be looked at.

The laptop at 200 % zoom is its 1280 × 800 screen with 640 × 400 CSS pixels.
What is checked is the game's output as the browser receives it (the
websocket frames); that the game fills the screen at device scale 2 and 3 is
checked on the screenshots in test_e2e_scale.py.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.classroom import test_e2e_browser as e2e
from tests.classroom.browser import chromium, join_class, pupil
from tests.classroom.test_e2e_browser import CODE

SHOTS = Path("/tmp/i23-devices")

DEVICES = {
    "phone-upright": (390, 844),
    "phone-sideways": (844, 390),
    "tablet": (768, 1024),
    "laptop-200pct": (640, 400),
}

pytestmark = e2e.pytestmark  # Debian's Chromium, or skipped
server = e2e.server  # kaufhaus serve on loopback with a class code and a fresh class folder


@pytest.mark.parametrize("viewport", DEVICES.values(), ids=DEVICES.keys())
def test_a_pupil_plays_to_the_file_on_every_device(
    server: tuple[str, Path], tmp_path: Path, viewport: tuple[int, int]
) -> None:
    base, _folder = server
    host = base.split("//", 1)[1]
    outside: list[str] = []
    name = next(k for k, v in DEVICES.items() if v == viewport)

    def shot(page: object, step: str) -> None:
        path = tmp_path / f"{name}-{step}.png"
        page.screenshot(path=str(path))  # type: ignore[attr-defined]
        SHOTS.mkdir(exist_ok=True)
        shutil.copy(path, SHOTS / path.name)

    with chromium() as browser:
        width, height = viewport
        _context, page, screen = pupil(
            browser,
            host,
            outside,
            viewport={"width": width, "height": height},
            device_scale_factor=2,
            has_touch=width < height or width <= 844,
        )

        def see(words: str) -> None:
            screen.expect(page, words)
            assert "Bitte das Fenster" not in screen.raw, f"too small at {viewport}"

        join_class(page, screen, base, CODE, "Nein, nicht")  # both answers are drawn
        assert "Bitte das Fenster" not in screen.raw, f"too small at {viewport}"
        shot(page, "1-class-banner")
        page.locator("#terminal").click()
        page.keyboard.press("j")
        see("Neues Spiel")
        shot(page, "2-title")
        page.keyboard.press("Enter")
        see("Einfach mal raus")
        page.keyboard.press("4")  # Gar nichts
        see("Zum Kaufhaus gehen")
        page.keyboard.press("1")
        see("3. Einstellungen")  # the banner's last link is drawn: nothing cut off
        shot(page, "3-cookie-banner")
        page.keyboard.press("Enter")  # the door: accept all
        see("Kaufhaus betreten")
        shot(page, "4-shop-window")
        for number, expect in (
            ("1", "Eingangshalle"),
            ("3", "Ohne Karte"),
            ("2", "Der Verkaufsraum"),
            ("5", "In der Schlange"),
            ("2", "An der Kasse"),
            ("4", "Vor der Tür"),
            ("1", "Zeitungskiosk"),
            ("2", "Albers"),
            ("1", "Abgeben"),  # an ending: the reveal, with the hand-in key
        ):
            page.keyboard.press(number)
            see(expect)
        shot(page, "5-reveal")
        page.keyboard.press("h")
        see("Nicht abgeben")  # both answers of the hand-in are drawn
        shot(page, "6-handin")
    assert outside == [], f"the page asked other hosts: {outside}"

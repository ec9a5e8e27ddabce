"""The whole game on high-density screens: phones at device scale 3, tablets at 2 (issue 21).

xterm (textual-serve's terminal) sizes its canvas from the browser's
device-pixel box and draws at ``devicePixelRatio``. Chromium with an emulated
scale reports that box in CSS pixels, and the game showed only its top-left
quarter (a ninth at scale 3): the footer, the answers and the right-hand half
were never on screen. The page's script corrects the box; here every canvas's
backing store must be its CSS size × the ratio, and in the screenshot the
class banner must stand in the middle (its frame as far from either edge).
Screenshots go to the test's tmp path and /tmp/i21-scale/ to be looked at.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.classroom.browser import accent_span, chromium, have_chromium, join_class, pupil
from tests.classroom.serving import class_server

PACK = Path(__file__).resolve().parents[1] / "fixtures" / "tuer"
SHOTS = Path("/tmp/i21-scale")

#: CSS viewport and device scale of the class's devices.
DEVICES = {
    "phone-upright": ((390, 844), 3),
    "phone-sideways": ((844, 390), 3),
    "tablet": ((768, 1024), 2),
    "laptop": ((1280, 800), 2),
}

pytestmark = pytest.mark.skipif(
    not have_chromium(), reason="Debian's chromium is not installed (/usr/bin/chromium)"
)

CANVASES = """() => Array.from(document.querySelectorAll("#terminal canvas")).map((c) => {
  const box = c.getBoundingClientRect();
  return [c.width, c.height, box.width, box.height];
})"""


def test_the_game_fills_the_screen_at_every_device_scale(tmp_path: Path) -> None:
    SHOTS.mkdir(exist_ok=True)
    outside: list[str] = []
    with class_server(tmp_path, "--pack", str(PACK)) as (base, _folder), chromium() as browser:
        host = base.split("//", 1)[1]
        blank = browser.new_page()
        for name, ((width, height), scale) in DEVICES.items():
            context, page, screen = pupil(
                browser,
                host,
                outside,
                viewport={"width": width, "height": height},
                device_scale_factor=scale,
            )
            join_class(page, screen, base, None, "Nein, nicht")  # the banner in full
            canvases = page.evaluate(CANVASES)
            assert canvases, "xterm draws on canvases"
            for drawn_w, drawn_h, css_w, css_h in canvases:
                assert (drawn_w, drawn_h) == (round(css_w * scale), round(css_h * scale)), (
                    f"{name}: canvas {drawn_w}×{drawn_h} for {css_w}×{css_h} CSS px at {scale}"
                )
            path = tmp_path / f"{name}-x{scale}.png"
            png = page.screenshot(path=str(path))
            shutil.copy(path, SHOTS / path.name)
            context.close()
            # The banner stands in the middle: its teal frame is as far from the left
            # edge as from the right (a quarter drawn cuts it off at the right).
            left, right, shot_width = accent_span(blank, png)
            assert 0 <= left < right, f"{name}: no frame drawn"
            assert abs(left - (shot_width - 1 - right)) <= 0.03 * shot_width, (
                f"{name}: the frame spans {left}..{right} of {shot_width} px"
            )
    assert outside == [], f"the page asked other hosts: {outside}"

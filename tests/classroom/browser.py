"""Debian's Chromium through Playwright, held to this server: shared by the browser tests.

Any request to another host is refused and recorded (the tests fail on it);
the game's screen is read from the websocket frames (xterm draws on a canvas).
"""

from __future__ import annotations

import codecs
import json
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from rich.cells import cell_len

from tests.chromium import CHROMIUM, FLAGS

#: What the class banner draws first (German): the game has started in the page.
BANNER = "ehrliche Frage"

ANSI = re.compile(
    r"\x1b(\[[0-9;?<>=$ ]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\\\)|[()][0-9A-Za-z]|[=>78])"
)


def have_chromium() -> bool:
    return CHROMIUM.exists()


class Screen:
    """The game's output as the browser receives it, without escape sequences."""

    def __init__(self) -> None:
        self.decode = codecs.getincrementaldecoder("utf-8")(errors="replace").decode
        self.raw = ""
        self.mark = 0
        #: The terminal's cells as drawn so far: row → column → character ("" for
        #: the right half of a wide one), to find where a word is on the canvas.
        self.cells: dict[int, dict[int, str]] = {}
        self.cursor = (0, 0)
        #: The terminal's size in cells (columns, rows), as the page last told the game.
        self.size: tuple[int, int] | None = None
        self.undrawn: list[str] = []  # output not put into the cells yet (done when asked)
        self.pending = ""  # an escape sequence cut off at the end of a frame

    def feed(self, payload: object) -> None:
        if isinstance(payload, bytes | bytearray):
            text = self.decode(bytes(payload))
            self.raw += ANSI.sub("", text)
            self.undrawn.append(text)

    def sent(self, payload: object) -> None:
        """A frame the page sent: a resize says the terminal's size in cells."""
        if isinstance(payload, str) and payload.startswith('["resize"'):
            size = json.loads(payload)[1]
            self.size = (int(size["width"]), int(size["height"]))

    def catch_up(self) -> None:
        """Draw what came since the last question (only a test that taps asks)."""
        undrawn, self.undrawn = self.undrawn, []
        self.draw("".join(undrawn))

    def draw(self, text: str) -> None:
        """Put ``text`` into the cells as a terminal would: cursor moves (CSI H),
        a full clear (CSI 2J), newlines and characters; other sequences change
        nothing a tap needs."""
        text, self.pending = self.pending + text, ""
        row, column = self.cursor
        at = 0
        while at < len(text):
            char = text[at]
            if char == "\x1b":
                match = ANSI.match(text, at)
                if match is None:
                    if len(text) - at < 32:  # cut off: the rest comes in the next frame
                        self.pending = text[at:]
                        break
                    at += 1
                    continue
                sequence = match[0]
                if sequence.startswith("\x1b[") and sequence.endswith("H"):
                    numbers = [*sequence[2:-1].split(";"), "", ""][:2]
                    row, column = (int(n or 1) - 1 for n in numbers)
                elif sequence == "\x1b[2J":
                    self.cells.clear()
                at = match.end()
                continue
            if char == "\n":
                row += 1
            elif char == "\r":
                column = 0
            elif char >= " ":
                width = cell_len(char)
                line = self.cells.setdefault(row, {})
                line[column] = char
                if width == 2:
                    line[column + 1] = ""
                column += width
            at += 1
        self.cursor = (row, column)

    def row(self, number: int) -> str:
        """One row of cells as text, a character per column (a space where none was
        drawn, "\\0" for the right half of a wide character)."""
        self.catch_up()
        line = self.cells.get(number, {})
        width = max(line, default=-1) + 1
        return "".join(line.get(c, " ") or "\0" for c in range(width))

    def where(self, words: str) -> list[tuple[int, int]]:
        """Every cell (row, column) where ``words`` starts on the screen now, top to bottom."""
        self.catch_up()
        found = []
        for number in sorted(self.cells):
            line = self.row(number)
            start = line.find(words)
            while start >= 0:
                found.append((number, start))
                start = line.find(words, start + 1)
        return found

    def since_mark(self) -> str:
        return self.raw[self.mark :].replace("\n", "").replace("\r", "")

    def expect_all(self, page: Any, *words: str, timeout: float = 20.0) -> None:
        """Wait until every one of ``words`` was drawn after the last mark (in one
        screen update or several, in any order); then move the mark."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            drawn = self.since_mark()
            if all(w in drawn for w in words):
                self.mark = len(self.raw)
                return
            page.wait_for_timeout(50)
        last = self.since_mark()[-600:]
        raise AssertionError(f"never all drawn: {words!r}; last output: {last!r}")

    def settle(self, page: Any, quiet: float = 0.25, timeout: float = 20.0) -> None:
        """Wait until nothing new was drawn for ``quiet`` seconds: a key pressed while
        a screen is still being put up (the file's first card fills in after the
        file is built) can reach the screen before it, as a fast pupil's would."""
        deadline = time.monotonic() + timeout
        seen = (len(self.raw), time.monotonic())
        while time.monotonic() - seen[1] < quiet and time.monotonic() < deadline:
            page.wait_for_timeout(50)
            if len(self.raw) != seen[0]:
                seen = (len(self.raw), time.monotonic())

    def expect(self, page: Any, words: str, timeout: float = 20.0) -> None:
        """Wait until ``words`` was drawn after the last mark; then move the mark."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if words in self.since_mark():
                self.mark = len(self.raw)
                return
            page.wait_for_timeout(50)
        raise AssertionError(f"never drawn: {words!r}; last output: {self.since_mark()[-600:]!r}")


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Chromium (Debian's, never a downloaded one)."""
    import pytest

    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        try:
            yield browser
        finally:
            browser.close()


def loopback_only(context: Any, host: str, outside: list[str]) -> None:
    """Let the context reach ``host`` only; every other request is aborted and recorded."""

    def route(route: Any) -> None:
        url = str(route.request.url)
        if url.startswith((f"http://{host}/", f"ws://{host}/")):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    context.route("**/*", route)


def watch_screen(page: Any, host: str, outside: list[str]) -> Screen:
    """Read the game's websocket frames into a Screen; a socket elsewhere is recorded."""
    screen = Screen()

    def on_socket(ws: Any) -> None:
        if not str(ws.url).startswith(f"ws://{host}/"):
            outside.append(str(ws.url))
        ws.on("framereceived", screen.feed)
        ws.on("framesent", screen.sent)

    page.on("websocket", on_socket)
    return screen


def pupil(browser: Any, host: str, outside: list[str], **options: Any) -> tuple[Any, Any, Screen]:
    """A pupil's browser: its own context held to ``host``, a page, and the game's screen."""
    context = browser.new_context(**options)
    loopback_only(context, host, outside)
    page = context.new_page()
    return context, page, watch_screen(page, host, outside)


def join_class(page: Any, screen: Screen, base: str, code: str | None = None, *drawn: str) -> None:
    """Open the class's address, give the code if the class has one, and wait for the
    class banner (and any other ``drawn`` words): the game is running in this page."""
    page.goto(base + "/")
    if code is not None:
        page.fill("input[name=code]", code)
        page.click("input[type=submit]")
    screen.expect_all(page, BANNER, *drawn)


def accent_span(page: Any, png: bytes) -> tuple[int, int, int]:
    """Where a screenshot's accent colour (the teal of the game's frames and buttons:
    green and blue far above red) reaches: its leftmost and rightmost column, and the
    screenshot's width. The PNG is decoded by the browser (``page``: any blank page)."""
    import base64

    span: list[int] = page.evaluate(
        """async (b64) => {
          const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
          const bitmap = await createImageBitmap(new Blob([bytes], {type: "image/png"}));
          const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
          const context = canvas.getContext("2d");
          context.drawImage(bitmap, 0, 0);
          const data = context.getImageData(0, 0, bitmap.width, bitmap.height).data;
          let left = bitmap.width, right = -1;
          for (let i = 0; i < data.length; i += 4) {
            if (data[i + 1] - data[i] > 60 && data[i + 2] - data[i] > 60) {
              const x = (i / 4) % bitmap.width;
              if (x < left) { left = x; }
              if (x > right) { right = x; }
            }
          }
          return [left, right, bitmap.width];
        }""",
        base64.b64encode(png).decode("ascii"),
    )
    return span[0], span[1], span[2]


#: The control room's figures at the top, by the id of the element that shows each.
COUNTS = ("running", "agreed", "at-file", "handins")


def room_counts(teacher: Any, url: str) -> dict[str, int]:
    """The control room's figures at the top, as the projector shows them now.

    Fetched with the teacher's context's request client, not by navigating a
    page: the room reloads itself every five seconds, and a navigation of ours
    racing that one is aborted."""
    page = teacher.request.get(url)
    assert page.status == 200, page.status
    html = page.text()
    found = {key: re.search(rf'id="{key}">(\d+)<', html) for key in COUNTS}
    return {key: int(match[1]) for key, match in found.items() if match}


def expect_counts(teacher: Any, url: str, timeout: float = 20.0, **expected: int) -> None:
    """Ask the control room until its figures are ``expected`` (``at_file`` for
    ``at-file``); fail with the last ones it showed. ``teacher``: a browser context."""
    want = {key.replace("_", "-"): value for key, value in expected.items()}
    deadline = time.monotonic() + timeout
    while True:
        shown = room_counts(teacher, url)
        if {key: shown.get(key) for key in want} == want:
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"the control room shows {shown}, not {want}")
        time.sleep(0.2)


def tap_words(
    page: Any,
    screen: Screen,
    words: str,
    which: int = 0,
    button: bool = False,
    timeout: float = 20.0,
) -> None:
    """Tap the terminal's canvas with a finger where ``words`` are drawn (the
    ``which``-th place on the screen, top to bottom; -1 the lowest; with
    ``button`` only places inside a button's edges ▊ … ▎), in the middle of
    them: their cell from the drawn cells, the cell's size from the canvas box
    and the terminal's size in cells; once nothing was drawn for a quarter of a
    second (a tab bar still scrolling would move the word under the finger).
    The context needs ``has_touch``."""

    def places() -> list[tuple[int, int]]:
        found = screen.where(words)
        if button:
            found = [
                (row, column)
                for row, column in found
                if "▊" in screen.row(row)[:column] and "▎" in screen.row(row)[column:]
            ]
        return found

    deadline = time.monotonic() + timeout
    quiet = (len(screen.raw), time.monotonic())  # a finger taps what stands still:
    while not (screen.size and places()) or time.monotonic() - quiet[1] < 0.25:
        if time.monotonic() > deadline:
            drawn = "\n".join(screen.row(n) for n in sorted(screen.cells))
            raise AssertionError(f"not on the screen to tap: {words!r} ({screen.size}):\n{drawn}")
        page.wait_for_timeout(50)
        if len(screen.raw) != quiet[0]:  # still drawing (a scroll, an animation)
            quiet = (len(screen.raw), time.monotonic())
    assert screen.size is not None
    row, column = places()[which]
    box = page.locator(".xterm-screen").bounding_box()
    columns, rows = screen.size
    x = box["x"] + (column + len(words) / 2) * box["width"] / columns
    y = box["y"] + (row + 0.5) * box["height"] / rows
    page.touchscreen.tap(x, y)


def swipe_up(page: Any, screen: Screen, rows: int) -> None:
    """Drag a finger up over the middle of the terminal's canvas by ``rows`` rows
    of cells, in small steps, as a pupil scrolls on a phone (touch events
    through the DevTools protocol: Playwright has taps only)."""
    assert screen.size is not None
    box = page.locator(".xterm-screen").bounding_box()
    height = box["height"] / screen.size[1]
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] * 0.7
    touch = page.context.new_cdp_session(page)
    touch.send(
        "Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]}
    )
    for step in range(1, 4 * rows + 1):
        point = {"x": x, "y": y - step * height / 4}
        touch.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [point]})
    touch.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    touch.detach()

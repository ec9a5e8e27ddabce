"""Shown instead of the game while the terminal is smaller than the game can use.

The layout adapts down to 40 columns and 18 rows (a phone held upright, 43 × 40,
or on its side, 90 × 18; a laptop at 200 % zoom: see the breakpoints in
``KaufhausApp``); below that the
choices slide out of sight, and rather than a broken screen the player reads
what to do. The game
underneath is untouched: when the window is large enough again, this
screen goes away by itself and play continues where it was.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen

from kaufhaus.play.strings import tr
from kaufhaus.tui.keys import KeySpec, bindings, relabel
from kaufhaus.tui.widgets.literal import Literal

#: The smallest terminal the game is laid out for (columns, rows).
MIN_WIDTH, MIN_HEIGHT = 40, 18


def too_small(width: int, height: int) -> bool:
    return width < MIN_WIDTH or height < MIN_HEIGHT


class TooSmallScreen(ModalScreen[None]):
    """A message and the current size; only quitting works while it is up."""

    CSS_PATH = "toosmall.tcss"
    KEYS: ClassVar[tuple[KeySpec, ...]] = (KeySpec("q", "app.quit", "key_quit"),)
    BINDINGS: ClassVar[list[BindingType]] = bindings(KEYS)

    def compose(self) -> ComposeResult:
        with Vertical(id="small-box"):
            yield Literal(id="small-text")

    def on_mount(self) -> None:
        self.watch(self.app, "lang", self._show, init=True)

    def on_resize(self) -> None:
        self._show(getattr(self.app, "lang", "de"))
        size = self.app.size
        if not too_small(size.width, size.height):
            self.app.call_later(self._leave)

    def on_screen_resume(self) -> None:
        """Uncovered again after the window grew meanwhile: step aside."""
        size = self.app.size
        if not too_small(size.width, size.height):
            self.app.call_later(self._leave)

    def _leave(self) -> None:
        if self.app.screen is self:
            self.app.pop_screen()

    def _show(self, lang: str) -> None:
        relabel(self, self.KEYS, lang)
        size = self.app.size
        self.query_one("#small-text", Literal).show(
            tr(
                "too_small",
                lang,
                width=MIN_WIDTH,
                height=MIN_HEIGHT,
                now_width=size.width,
                now_height=size.height,
            )
        )

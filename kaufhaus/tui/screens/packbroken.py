"""Shown in place of the scene while a watched pack is broken (``kaufhaus play --watch``).

The author sees each located problem (``file:line:column: KH0NN ...``) where
the scene was; the game underneath is untouched. When the pack is saved
fixed, the app replays the game on it and this screen goes away by itself.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen

from kaufhaus.play.strings import tr
from kaufhaus.tui.keys import KeySpec, bindings, relabel
from kaufhaus.tui.widgets.literal import Literal


class PackBrokenScreen(ModalScreen[None]):
    """The pack's problems; only quitting works while it is up."""

    CSS_PATH = "packbroken.tcss"
    KEYS: ClassVar[tuple[KeySpec, ...]] = (KeySpec("q", "app.quit", "key_quit"),)
    BINDINGS: ClassVar[list[BindingType]] = bindings(KEYS)

    def __init__(self, problems: tuple[str, ...]) -> None:
        super().__init__()
        self.problems = problems

    def compose(self) -> ComposeResult:
        with Vertical(id="broken-box"):
            yield Literal(id="broken-head")
            with VerticalScroll(id="broken-scroll"):
                yield Literal(id="broken-text")

    def on_mount(self) -> None:
        self.watch(self.app, "lang", self._show_head, init=True)
        self.show(self.problems)

    def show(self, problems: tuple[str, ...]) -> None:
        """The problems as they are now (the pack may be saved broken again)."""
        self.problems = problems
        self.query_one("#broken-text", Literal).show("\n".join(problems))

    def _show_head(self, lang: str) -> None:
        relabel(self, self.KEYS, lang)
        self.query_one("#broken-head", Literal).show(tr("pack_broken", lang))

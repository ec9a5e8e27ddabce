"""Help: how to play and every key, in the current language."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer

from kaufhaus.play.strings import tr
from kaufhaus.play.words import is_shop
from kaufhaus.tui.keys import KeySpec, bindings, relabel
from kaufhaus.tui.widgets.literal import Literal


class HelpScreen(ModalScreen[None]):
    """A scrollable help text over whatever was on screen; any close key returns."""

    CSS_PATH = "help.tcss"
    KEYS: ClassVar[tuple[KeySpec, ...]] = (
        KeySpec("escape", "close", "key_close", key_display="Esc"),
        KeySpec("q,question_mark,f1", "close", "key_close", show=False, priority=True),
    )
    BINDINGS: ClassVar[list[BindingType]] = bindings(KEYS)

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Literal(id="help-title")
            with VerticalScroll(id="help-scroll"):
                yield Literal(id="help-text")
        yield Footer()

    def on_mount(self) -> None:
        self.watch(self.app, "lang", self._show, init=True)
        self.query_one("#help-scroll").focus()

    def _show(self, lang: str) -> None:
        relabel(self, self.KEYS, lang)
        self.query_one("#help-title", Literal).show(tr("help_title", lang))
        text = tr("help_text", lang)
        story = getattr(self.app, "story", None)
        if story is not None and not is_shop(story):
            # A pack of its own: its name instead of the shop's introduction.
            from kaufhaus.play.words import game_title, subtitle

            intro = " – ".join(x for x in (game_title(story, lang), subtitle(story, lang)) if x)
            text = intro + "\n\n" + text.split("\n\n", 1)[1]
        self.query_one("#help-text", Literal).show(text)

    def action_close(self) -> None:
        self.dismiss()

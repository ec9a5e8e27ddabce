"""The end of a pack that is its own game (``game: {reveal: false}``).

No shop, no file to reveal: the ending's title and text, then a new game,
the title screen or quit. The shop's reveal (``reveal.py``) is the default.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer

from kaufhaus.play.strings import tr
from kaufhaus.tui.keys import KeySpec, bindings, relabel
from kaufhaus.tui.widgets.literal import Literal

if TYPE_CHECKING:
    from kaufhaus.tui.app import KaufhausApp


class EndScreen(Screen[None]):
    """The ending text; n starts again, Esc goes to the title, q quits."""

    CSS_PATH = "ending.tcss"
    KEYS: ClassVar[tuple[KeySpec, ...]] = (
        KeySpec("n", "new_game", "key_new"),
        KeySpec("escape", "title", "key_title", key_display="Esc"),
    )
    BINDINGS: ClassVar[list[BindingType]] = bindings(KEYS)

    @property
    def kapp(self) -> KaufhausApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="end-pane"):
            yield Literal(id="end-mark")
            yield Literal(id="end-title")
            yield Literal(id="end-text")
            yield Literal(id="end-keys", classes="muted")
        yield Footer()

    def on_mount(self) -> None:
        self.watch(self.app, "lang", self._show, init=True)
        self.query_one("#end-pane").focus()

    def _show(self, lang: str) -> None:
        relabel(self, self.KEYS, lang)
        game: Any = self.kapp.game
        view = game.view()
        self.query_one("#end-mark", Literal).show(tr("the_end", lang))
        self.query_one("#end-title", Literal).show(view.title)
        self.query_one("#end-text", Literal).show(view.text)
        self.query_one("#end-keys", Literal).show(tr("end_keys", lang))

    def action_new_game(self) -> None:
        self.kapp.new_game()

    def action_title(self) -> None:
        self.kapp.show_title()

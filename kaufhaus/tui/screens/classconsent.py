"""The class banner: our own question, asked the way the shop's banner never asks.

Shown first when a class plays in the browser (``kaufhaus serve``). The
contrast to the game's cookie banner is part of the lesson: both answers are
buttons of the same size and colour, neither has the focus at the start, the
text says plainly what is shared and what is not, and saying no changes
nothing in the game. The answer is not part of the shop's log.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button

from kaufhaus.play.handin import text
from kaufhaus.tui.fit import fit_text
from kaufhaus.tui.widgets.literal import Literal


class ClassConsentScreen(ModalScreen[bool]):
    """Yes or no, equal in every way; dismissed with the answer."""

    CSS_PATH = "classconsent.tcss"
    AUTO_FOCUS = None  # no answer is pre-selected
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,y", "answer(True)", show=False),
        Binding("n", "answer(False)", show=False),
        Binding("left,right", "app.focus_next", show=False),
    ]

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Vertical(id="class-banner"):
            yield Literal(text("class_title", lang), id="class-title")
            with VerticalScroll(id="class-text"):
                yield Literal(text("class_text", lang))
            with Horizontal(id="class-buttons"):
                yield Button(Content(text("class_yes", lang)), id="class-yes", classes="answer")
                yield Button(Content(text("class_no", lang)), id="class-no", classes="answer")
            yield Literal(text("class_hint", lang), id="class-hint")

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        """Both answers stay in sight on a phone; the text scrolls in the rows left."""
        fit_text(
            self,
            self.query_one("#class-banner", Vertical),
            self.query_one("#class-text", VerticalScroll),
        )

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "class-yes")

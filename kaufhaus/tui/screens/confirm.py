"""A yes-or-no question before something the player cannot simply take back.

Used before starting over and before leaving for the title in the middle of
a game. The safe answer ("no, play on") has the focus, so a stray Enter
changes nothing; both answers are numbered like every other list of choices.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button

from kaufhaus.tui.keys import KeySpec, bindings, relabel
from kaufhaus.tui.widgets.literal import Literal


class ConfirmScreen(ModalScreen[bool]):
    """The question, then "1. yes" and "2. no"; dismissed with the answer."""

    CSS_PATH = "confirm.tcss"
    KEYS: ClassVar[tuple[KeySpec, ...]] = (
        KeySpec("1", "answer(True)", "key_choose", show=False),
        KeySpec("2,escape", "answer(False)", "key_close", show=False),
        KeySpec("left,right,up,down", "app.focus_next", "key_next", show=False),
    )
    BINDINGS: ClassVar[list[BindingType]] = bindings(KEYS)

    def __init__(self, question: str, yes: str, no: str, lang: str) -> None:
        super().__init__()
        self.question = question
        self.yes = yes
        self.no = no
        self.lang = lang

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Literal(self.question, id="confirm-text")
            with Horizontal(id="confirm-buttons"):
                yield Button(Content(f"1. {self.yes}"), id="confirm-yes", classes="answer")
                yield Button(Content(f"2. {self.no}"), id="confirm-no", classes="answer")

    def on_mount(self) -> None:
        relabel(self, self.KEYS, self.lang)
        self.query_one("#confirm-no", Button).focus()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "confirm-yes")

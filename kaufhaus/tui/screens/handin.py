"""Hand in the anonymised file: the pupil sees exactly what would be written.

Offered on the reveal (key h) only when a class plays in the browser. The
screen shows every field of the hand-in record in words (``handin_text``:
the file's content without its JSON syntax and internal ids), and two
buttons of equal weight; refusing writes nothing.
"""

from __future__ import annotations

import os
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button

from kaufhaus.play.handin import ENV_FOLDER, class_mode, handin_text, text, write_handin
from kaufhaus.tui.keys import KeySpec
from kaufhaus.tui.widgets.literal import Literal


class HandinKeySpec(KeySpec):
    """A reveal key that is only shown in a class, labelled from the hand-in texts."""

    def binding(self, lang: str, keys: str | None = None) -> Binding:
        return Binding(
            keys or self.keys,
            self.action,
            text(self.label, lang),
            show=bool(os.environ.get(ENV_FOLDER)),
            key_display=self.key_display,
            priority=self.priority,
        )


#: The one key the reveal screen adds for this screen.
HANDIN_KEY = HandinKeySpec("h", "handin", "key_handin")


class HandinScreen(ModalScreen[str]):
    """The record, then "Hand in" or "Do not hand in"; dismissed with a message."""

    CSS_PATH = "handin.tcss"
    AUTO_FOCUS = "#handin-scroll"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "refuse", show=False),
    ]

    def __init__(self, record: dict[str, Any], lang: str) -> None:
        super().__init__()
        self.record = record
        self.lang = lang

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Vertical(id="handin-box"):
            yield Literal(text("handin_title", lang), id="handin-title")
            # The intro scrolls with the record: on a phone the buttons keep their rows.
            with VerticalScroll(id="handin-scroll"):
                yield Literal(text("handin_intro", lang), id="handin-intro")
                yield Literal(handin_text(self.record, lang), id="handin-record")
            with Horizontal(id="handin-buttons"):
                yield Button(Content(text("handin_yes", lang)), id="handin-yes", classes="answer")
                yield Button(Content(text("handin_no", lang)), id="handin-no", classes="answer")

    def action_refuse(self) -> None:
        self.dismiss(text("handin_refused", self.lang))

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id != "handin-yes":
            self.action_refuse()
            return
        mode = class_mode()
        if mode is None:
            self.dismiss(text("handin_only_class", self.lang))
            return
        try:
            write_handin(mode, self.record)
        except OSError as exc:
            self.dismiss(text("handin_failed", self.lang, error=exc.strerror or str(exc)))
            return
        self.dismiss(text("handin_done", self.lang))

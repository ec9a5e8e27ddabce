"""A filter dropdown that hands the focus back and marks its row in text.

Textual's Select keeps the focus once a choice is made, and ↓ on it opens the
menu again, so from a filter above a table the table could not be reached by
keyboard. This one posts ``Done`` when its menu closes (a pick or Esc) and
on ↓ while closed, and the screen moves the focus on. Its open menu marks
the highlighted row with "▶" (not by colour alone) and names its Esc key in
the player's language.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Select
from textual.widgets._select import SelectOverlay

from kaufhaus.tui.keys import KeySpec, relabel
from kaufhaus.tui.widgets.tracked_list import MARKER, NO_MARKER


class FilterSelect(Select[str]):
    """A compact Select over a list: Enter or Space opens it, ↓ goes on past it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,space,up", "show_overlay", show=False),
        Binding("down", "done", show=False),
    ]

    class Done(Message):
        """The filter is done with the focus (its menu closed, or ↓ past it)."""

        def __init__(self, select: FilterSelect) -> None:
            super().__init__()
            self.select = select

        @property
        def control(self) -> FilterSelect:
            return self.select

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(
            [("…", "all")],
            value="all",
            id=id,
            allow_blank=False,
            type_to_search=False,
            compact=True,
        )
        self._labels: list[str] = ["…"]
        self._was_expanded = False

    def on_mount(self) -> None:
        overlay = self.query_one(SelectOverlay)
        self.watch(overlay, "highlighted", self._mark, init=False)

    def show_options(self, options: Iterable[tuple[str, str]], value: str, lang: str) -> None:
        """New options (labels shown literally), showing ``value``; Esc named in ``lang``.

        ``Select`` redraws its label only when its value changes; after new
        labels in another language the value is the same, so step off it first.
        """
        pairs = list(options)
        self._labels = [label for label, _ in pairs]
        self.set_options([(Text(label), key) for label, key in pairs])
        others = [key for _, key in pairs if key != value]
        if others:
            self.value = others[0]
        self.value = value
        relabel(
            self.query_one(SelectOverlay),
            (KeySpec("escape", "dismiss", "key_close_menu", key_display="Esc"),),
            lang,
        )
        self._mark(self.query_one(SelectOverlay).highlighted)

    def _mark(self, highlighted: int | None) -> None:
        """▶ before the highlighted row of the open menu, no-break spaces before the rest."""
        overlay = self.query_one(SelectOverlay)
        for index, label in enumerate(self._labels[: overlay.option_count]):
            marker = MARKER if index == highlighted else NO_MARKER
            overlay.replace_option_prompt_at_index(index, Text(marker + label))

    def watch_expanded(self, expanded: bool) -> None:
        if self._was_expanded and not expanded:
            self.post_message(self.Done(self))
        self._was_expanded = expanded

    def action_done(self) -> None:
        self.post_message(self.Done(self))

"""An OptionList that tells the player's own movements from Textual's.

The shop wants to know where the hand twitched: which choice the player
moved to with the keys, and where the mouse came to rest. Textual highlights
the first option by itself when a list gets its options; that is not the
player's doing and must not be logged. So this list reports a highlight only
from its cursor *actions* (keys), and a hover only after the mouse has rested
on one row for ``HOVER_DELAY`` seconds (once per rest, not per pixel).
It only posts messages; the screen decides what to track.

Focus is shown in text, not only in colour: the "▶" marks the highlighted
row of the list that has the keyboard focus, and only that one, so a shelf
and a list of choices on the same screen never both point at a row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from textual import events
from textual.content import Content
from textual.css.styles import RulesMap
from textual.message import Message
from textual.strip import Strip
from textual.style import Style
from textual.timer import Timer
from textual.visual import RenderOptions, Visual
from textual.widgets import OptionList
from textual.widgets.option_list import Option

MARKER = "▶ "
NO_MARKER = "\u00a0\u00a0"  # no-break spaces: plain ones are trimmed when wrapping


class Hanging(Visual):
    """A row as "▶ 2. " and its label, the label's wrapped lines under its first word.

    A long label at a narrow width wraps; its second line starting under the
    number ("2. Das Team zur Seite schieben und / über den Rathausplatz")
    reads like a new entry. So the head is set apart and every further line
    is indented by its width, as a printed list would.
    """

    def __init__(self, head: str, label: str) -> None:
        self.head = Content(head)
        self.label = Content(label)

    @property
    def plain(self) -> str:
        return self.head.plain + self.label.plain

    def _room(self, width: int) -> int:
        return max(1, width - self.head.cell_length)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.head.cell_length + self.label.get_optimal_width(rules, container_width)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self.label.get_height(rules, self._room(width))

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        indent = self.head.cell_length
        if width <= indent:  # no room for a hanging indent: the row as one text
            return (self.head + self.label).render_strips(width, height, style, options)
        body = self.label.render_strips(width - indent, height, style, options)
        lead = self.head.render_strips(indent, 1, style, options)
        blank = Content(" " * indent).render_strips(indent, 1, style, options)
        return [Strip.join([(lead if n == 0 else blank)[0], strip]) for n, strip in enumerate(body)]


class TrackedList(OptionList):
    """Options as ``(id, label)`` pairs, labels shown literally, numbered if asked."""

    HOVER_DELAY: ClassVar[float] = 0.35

    class _OptionMessage(Message):
        """Something the player did to one option; ``control`` lets ``@on`` filter by id."""

        def __init__(self, tracked: TrackedList, option_id: str) -> None:
            super().__init__()
            self.tracked = tracked
            self.option_id = option_id

        @property
        def control(self) -> TrackedList:
            return self.tracked

    class PlayerHighlighted(_OptionMessage):
        """The player moved the highlight to ``option_id`` with the keyboard."""

    class Hovered(_OptionMessage):
        """The mouse came to rest on ``option_id``."""

    def __init__(
        self, *, numbered: bool = False, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes, markup=False)
        self.numbered = numbered
        self.entries: tuple[tuple[str, str], ...] = ()
        #: The number key shown before each entry (None: no number).
        self.numbers: tuple[int | None, ...] = ()
        #: The option whose prompt shows the text marker now.
        self._marked: int | None = None
        self._hover_index: int | None = None
        self._hover_reported: int | None = None
        self._hover_timer: Timer | None = None

    # ------------------------------------------------------------- content
    def show_entries(
        self,
        entries: Sequence[tuple[str, str]],
        numbers: Sequence[int | None] | None = None,
    ) -> None:
        """Show these options; keep the highlight on the same id if it is still there.

        ``numbers`` are the number keys to show (a numbered list without them
        counts 1, 2, 3 … as shown).
        """
        new = tuple(entries)
        if numbers is None:
            numbers = [i + 1 if i < 9 else None for i in range(len(new))]
        new_numbers = tuple(numbers) if self.numbered else tuple(None for _ in new)
        if new == self.entries and new_numbers == self.numbers:
            return
        keep = self.highlighted_id
        self.entries = new
        self.numbers = new_numbers
        ids = [option_id for option_id, _ in new]
        index = ids.index(keep) if keep in ids else 0
        self.set_options(
            Option(self._prompt(i, label, i == index), id=option_id)
            for i, (option_id, label) in enumerate(new)
        )
        self._marked = index if new else None
        self.highlighted = index if new else None
        self._hover_index = self._hover_reported = None

    @property
    def highlighted_id(self) -> str | None:
        index = self.highlighted
        if index is None or index >= len(self.entries):
            return None
        return self.entries[index][0]

    def _prompt(self, index: int, label: str, selected: bool) -> Hanging:
        marker = MARKER if selected and self.has_focus else NO_MARKER
        number = ""
        if self.numbered:
            n = self.numbers[index] if index < len(self.numbers) else None
            number = f"{n}. " if n is not None else "\u00a0\u00a0\u00a0"
        return Hanging(f"{marker}{number}", label)

    def _remark(self, indices: set[int | None], highlighted: int | None) -> None:
        for index in indices:
            if index is not None and index < len(self.entries) and index < self.option_count:
                label = self.entries[index][1]
                prompt = self._prompt(index, label, index == highlighted)
                self.replace_option_prompt_at_index(index, prompt)

    def watch_highlighted(self, highlighted: int | None) -> None:
        """Move the text marker too: the highlight must not be shown by colour alone."""
        super().watch_highlighted(highlighted)
        self._remark({self._marked, highlighted}, highlighted)
        self._marked = highlighted

    def _on_focus(self, event: events.Focus) -> None:
        super()._on_focus(event)
        self._remark({self.highlighted}, self.highlighted)

    def _on_blur(self, event: events.Blur) -> None:
        super()._on_blur(event)
        self._remark({self.highlighted}, self.highlighted)

    @property
    def marked_row(self) -> str | None:
        """The label of the row showing "▶", if any (for tests and screen readers)."""
        if not self.has_focus:
            return None
        index = self.highlighted
        return self.entries[index][1] if index is not None and index < len(self.entries) else None

    # ------------------------------------------------------------ keyboard
    def _player_move(self, move: Callable[[], None]) -> None:
        before = self.highlighted
        move()
        option_id = self.highlighted_id
        if option_id is not None and self.highlighted != before:
            self.post_message(self.PlayerHighlighted(self, option_id))

    def action_cursor_up(self) -> None:
        self._player_move(super().action_cursor_up)

    def action_cursor_down(self) -> None:
        self._player_move(super().action_cursor_down)

    def action_first(self) -> None:
        self._player_move(super().action_first)

    def action_last(self) -> None:
        self._player_move(super().action_last)

    def action_page_up(self) -> None:
        self._player_move(super().action_page_up)

    def action_page_down(self) -> None:
        self._player_move(super().action_page_down)

    # --------------------------------------------------------------- mouse
    def on_mouse_move(self, event: events.MouseMove) -> None:
        index = event.style.meta.get("option")
        self._hover_to(index if isinstance(index, int) else None)

    def on_leave(self, event: events.Leave) -> None:
        self._hover_to(None)

    def _hover_to(self, index: int | None) -> None:
        if index == self._hover_index:
            return
        self._hover_index = index
        if self._hover_timer is not None:
            self._hover_timer.stop()
            self._hover_timer = None
        if index is None:
            self._hover_reported = None
            return
        if self.HOVER_DELAY <= 0:
            self.call_later(self._hover_settled)
        else:
            self._hover_timer = self.set_timer(self.HOVER_DELAY, self._hover_settled)

    def _hover_settled(self) -> None:
        index = self._hover_index
        if index is None or index == self._hover_reported or index >= len(self.entries):
            return
        self._hover_reported = index
        self.post_message(self.Hovered(self, self.entries[index][0]))

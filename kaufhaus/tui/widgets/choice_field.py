"""The text field of a scene that also offers numbered choices.

The field has the focus when the scene opens, so an address typed straight
away is an address ("s" does not open the save dialog). But the choices
under it are written with numbers, and a player who presses 2 means the
choice written with 2, not an address that starts with "2". So while the
field is empty, a digit that names a choice on show chooses it (and the
footer says so: "2 Wählen"); once anything is typed, every key is text and
what was typed stays literal. A digit that names no choice is text too.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input


class ChoiceField(Input):
    """An Input whose digits choose while it is empty (see the module)."""

    class Chosen(Message):
        """The player chose by number from the empty field."""

        def __init__(self, field: ChoiceField, number: int) -> None:
            super().__init__()
            self.field = field
            self.number = number

        @property
        def control(self) -> ChoiceField:
            return self.field

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        #: The digits that name a choice on show, and the footer's word for them.
        self._choosing: frozenset[str] = frozenset()
        self._label = ""

    def offer(self, numbers: Iterable[int | None], label: str) -> None:
        """The numbers of the choices on show, and the footer's word for choosing."""
        digits = frozenset(str(n) for n in numbers if n is not None and 1 <= n <= 9)
        if (digits, label) == (self._choosing, self._label):
            return  # the scene re-rendered, its choices did not change
        self._label = label
        fresh = self._bindings.copy()
        for key in self._choosing - digits:
            fresh.key_to_bindings.pop(key, None)
        group = Binding.Group(label, compact=True)
        for key in sorted(digits):
            fresh.key_to_bindings[key] = [Binding(key, f"choose({key})", label, group=group)]
        self._choosing = digits
        self._bindings = fresh
        if self.is_attached:
            self.refresh_bindings()

    def _chooses(self, character: str | None) -> bool:
        return not self.value and character is not None and character in self._choosing

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The digits choose (and show in the footer) only while the field is empty."""
        if action == "choose":
            return not self.value
        return super().check_action(action, parameters)

    def check_consume_key(self, key: str, character: str | None) -> bool:
        return not self._chooses(character) and super().check_consume_key(key, character)

    async def _on_key(self, event: events.Key) -> None:
        # Called before Input's own handler (Textual walks the class's MRO): a
        # choosing digit is kept from it and goes on to the bindings ("choose").
        if self._chooses(event.character):
            event.prevent_default()

    def watch_value(self, old: str, new: str) -> None:
        if bool(old) != bool(new):
            self.refresh_bindings()  # the footer's "2 Wählen" comes and goes

    def action_choose(self, key: str) -> None:
        self.post_message(self.Chosen(self, int(key)))

"""Textual's Footer, redrawn only when the keys it shows have changed.

Textual's Footer rebuilds all its key widgets (new widgets, mounted, styled
and laid out) whenever the screen says its bindings *may* have changed: on
every focus move, and on every ``refresh_bindings`` (the scene screen asks
after each action, for the undo key). In the browser classroom that rebuild
was most of a key press's work: 60–130 ms of CPU per Tab or arrow key in the
game process, with 30 games sharing two cores. The keys on show almost never
change on such a press, so this Footer compares what it would show with what
it shows and keeps its widgets when they are the same.

When the keys do not fit on one line (a phone held upright, a laptop at 200 %
zoom, the reveal with its hand-in key) they are set compactly in rows of a
grid instead of one line that cuts off the last of them ("q" without
"Beenden"), and the command palette's key (also on ``?``'s help screen)
makes room for them.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer as TextualFooter

#: Keys per row when they do not fit on one line.
ROW_KEYS = 3


class Footer(TextualFooter):
    """A Footer that recomposes only when its keys, labels or states differ."""

    DEFAULT_CSS = """
    Footer.-rows {
        layout: grid;
        grid-columns: auto;
        height: auto;
        max-height: 3;
        FooterKey {
            margin-right: 0;
            padding-right: 1;
        }
    }
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: What the last compose showed (None: nothing composed yet).
        self._shown: tuple[Any, ...] | None = None

    def _keys_on_show(self) -> tuple[Any, ...]:
        """Everything ``Footer.compose`` reads, in its order (labels, keys, enabled, tooltips)."""
        app = self.app
        active = self.screen.active_bindings
        shown = tuple(
            (key, binding, app.get_key_display(binding), enabled, tooltip)
            for key, (_, binding, enabled, tooltip) in active.items()
            if binding.show
        )
        palette = None
        if self.show_command_palette and app.ENABLE_COMMAND_PALETTE:
            entry = active.get(app.COMMAND_PALETTE_BINDING)
            if entry is not None:
                _, binding, enabled, tooltip = entry
                palette = (binding, app.get_key_display(binding), enabled, tooltip)
        return (self._bindings_ready, self.compact, shown, palette)

    def compose(self) -> ComposeResult:
        self._shown = self._keys_on_show()
        yield from super().compose()
        if self.has_class("-rows"):
            self.styles.grid_size_columns = ROW_KEYS

    def _one_line(self) -> int:
        """Columns the keys take on one line as Textual's Footer draws them (not compact):
        " k " and "Label " per action, and "▏^p Befehle " docked at the right."""
        app = self.app
        active = self.screen.active_bindings
        actions: set[str] = set()
        width = 0
        for _, binding, _, _ in active.values():
            if binding.show and binding.action not in actions:  # one key per action
                actions.add(binding.action)
                width += len(app.get_key_display(binding)) + 2 + len(binding.description) + 1
        if app.ENABLE_COMMAND_PALETTE and app.COMMAND_PALETTE_BINDING in active:
            _, binding, _, _ = active[app.COMMAND_PALETTE_BINDING]
            width += len(app.get_key_display(binding)) + len(binding.description) + 4
        return width

    def _fit(self) -> None:
        """Rows when the keys do not fit on one line, one line when they do."""
        rows = self._one_line() > self.size.width > 0
        if rows != self.has_class("-rows"):
            self.set_class(rows, "-rows")
            self.compact = rows
            self.show_command_palette = not rows

    def on_resize(self, event: Any) -> None:
        self.call_after_refresh(self._recompose_if_changed)

    def bindings_changed(self, screen: Screen[Any]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        if not self.is_attached:
            return
        self._fit()
        if self._keys_on_show() == self._shown:
            return
        await self.recompose()

"""Textual's Footer, redrawn only when the keys it shows have changed.

Textual's Footer rebuilds all its key widgets (new widgets, mounted, styled
and laid out) whenever the screen says its bindings *may* have changed: on
every focus move, and on every ``refresh_bindings`` (the scene screen asks
after each action, for the undo key). In the browser classroom that rebuild
was most of a key press's work: 60–130 ms of CPU per Tab or arrow key in the
game process, with 30 games sharing two cores. The keys on show almost never
change on such a press, so this Footer compares what it would show with what
it shows and keeps its widgets when they are the same.

On a narrow window (a phone held upright) the keys are set compactly in rows
of a grid instead of one line that cuts off the last of them, and the
command palette's key (also on ``?``'s help screen) makes room for them.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer as TextualFooter

#: Below this width the keys wrap into rows (see ``scene.tcss``'s breakpoints).
NARROW = 60
#: Keys per row on a narrow window.
NARROW_COLUMNS = 3


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
            self.styles.grid_size_columns = NARROW_COLUMNS

    def on_resize(self, event: Any) -> None:
        narrow = event.size.width < NARROW
        if narrow != self.has_class("-rows"):
            self.set_class(narrow, "-rows")
            self.compact = narrow
            self.show_command_palette = not narrow
            self.call_after_refresh(self._recompose_if_changed)

    def bindings_changed(self, screen: Screen[Any]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        if self.is_attached and self._keys_on_show() == self._shown:
            return
        await self.recompose()

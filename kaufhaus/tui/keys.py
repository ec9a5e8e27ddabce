"""Key bindings whose Footer labels follow the chosen language.

Textual bindings are declared per class with a fixed description, and there
is no public API to relabel them at run time (textual#4180). Each screen
declares its keys once as ``KeySpec``s; ``relabel`` rebuilds that node's
binding map with labels in the current language and asks the Footer to redraw.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from textual.binding import Binding, BindingsMap, BindingType
from textual.dom import DOMNode

from kaufhaus.play.strings import tr


@dataclass(frozen=True)
class KeySpec:
    """One key binding; ``label`` is a key into the UI strings."""

    keys: str
    action: str
    label: str
    show: bool = True
    key_display: str | None = None
    priority: bool = False

    def binding(self, lang: str, keys: str | None = None) -> Binding:
        return Binding(
            keys or self.keys,
            self.action,
            tr(self.label, lang),
            show=self.show,
            key_display=self.key_display,
            priority=self.priority,
        )


def bindings(specs: Iterable[KeySpec], lang: str = "de") -> list[BindingType]:
    """Class-level BINDINGS (German labels until the node relabels itself)."""
    return [spec.binding(lang) for spec in specs]


def relabel(node: DOMNode, specs: Iterable[KeySpec], lang: str) -> None:
    """Give ``node`` its bindings again, labelled in ``lang``."""
    # Start from the node's current map: Textual adds some bindings at run time
    # (the command palette's ctrl+p on the app), which must survive.
    fresh = node._bindings.copy() if node._bindings is not None else BindingsMap()
    for spec in specs:
        for key in (k.strip() for k in spec.keys.split(",")):
            fresh.key_to_bindings[key] = [spec.binding(lang, key)]
    node._bindings = fresh
    if node.is_attached:
        node.refresh_bindings()


#: App keys repeated on modal screens, whose binding chain stops at the modal.
GLOBAL_KEYS: tuple[KeySpec, ...] = (
    KeySpec("question_mark", "app.help", "key_help", key_display="?"),
    KeySpec("f1", "app.help", "key_help", show=False),
    KeySpec("x", "app.toggle_xray", "key_xray"),
    KeySpec("f2", "app.toggle_contrast", "key_contrast", show=False),
    KeySpec("q", "app.quit", "key_quit"),
    KeySpec("ctrl+p", "app.command_palette", "key_palette", show=False),
)

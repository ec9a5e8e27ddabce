"""A text that scrolls in a box with buttons: it gets the rows the window leaves.

A banner's ``height: auto; max-height: 100%`` box cuts its last children off
when its text is long and the window low (at 90 × 18 the cookie banner's
buttons were out of sight), while a fixed ``max-height`` on the text wastes
rows on a tall window (at 100 × 30 the banner text needed Bild ↓ while seven
rows stayed empty). So the text's ``max-height`` is measured: the window's
height less everything else in the box, its frame and what the screen docks.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.screen import Screen
from textual.widget import Widget


def fit_text(screen: Screen[Any], box: Widget, text: Widget, docked: Iterable[Widget] = ()) -> None:
    """Set ``text``'s max-height to the rows left in ``screen``; measure again if it changed.

    Called after a refresh (sizes are known then) and again after its own
    change, since the footer and wrapped hints may take other rows at a new size.
    """
    if not screen.is_attached:
        return
    used = box.styles.border.spacing.height + box.styles.padding.height
    used += sum(widget.outer_size.height for widget in docked if widget.display)
    for child in box.children:
        if child is not text and child.display:
            used += child.outer_size.height + child.styles.margin.height
    room = max(3, screen.size.height - used)
    current = text.styles.max_height
    if current is None or current.value != room:
        text.styles.max_height = room
        screen.call_after_refresh(fit_text, screen, box, text, docked)

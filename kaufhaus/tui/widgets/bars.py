"""Horizontal bars drawn with block characters: time per department, at a glance.

Textual has no bar chart; a few lines of Rich text do it without a new
dependency. Labels are player-visible story text, so they go in as ``Text``
(never markup) and cannot inject a style or an action.
"""

from __future__ import annotations

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

_EIGHTHS = " ▏▎▍▌▋▊▉"


def bar(fraction: float, width: int) -> str:
    """A bar ``fraction`` of ``width`` cells long, in eighths of a cell."""
    fraction = max(0.0, min(1.0, fraction))
    eighths = round(fraction * width * 8)
    full, part = divmod(eighths, 8)
    return "█" * full + (_EIGHTHS[part] if part else "")


class Bars(Static):
    """One bar per row: label, bar, value in words."""

    DEFAULT_CSS = """
    Bars { height: auto; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__("", id=id, classes=classes)
        self.rows: list[tuple[str, float, str]] = []

    def show(self, rows: list[tuple[str, float, str]]) -> None:
        self.rows = list(rows)
        self.refresh(layout=True)

    def render(self) -> RenderableType:
        if not self.rows:
            return Text("")
        label_width = min(24, max(len(r[0]) for r in self.rows))
        value_width = max(len(r[2]) for r in self.rows)
        width = max(4, self.size.width - label_width - value_width - 4)
        top = max(r[1] for r in self.rows) or 1.0
        table = Table.grid(padding=(0, 1))
        table.add_column(width=label_width, no_wrap=True, overflow="ellipsis")
        table.add_column(width=width, no_wrap=True)
        table.add_column(justify="right", no_wrap=True)
        for label, value, words in self.rows:
            table.add_row(Text(label), Text(bar(value / top, width), style="bold"), Text(words))
        return table

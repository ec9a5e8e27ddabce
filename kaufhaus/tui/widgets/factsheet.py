"""Label–value rows for the reveal's first card, with the values wrapping under themselves.

Every cell is ``Text`` (never markup): story names and what the player typed
show literally.
"""

from __future__ import annotations

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text
from textual.widgets import Static


class FactSheet(Static):
    """Rows of (label, value); the label column is as wide as the longest label allows."""

    DEFAULT_CSS = """
    FactSheet { height: auto; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__("", id=id, classes=classes)
        self.rows: list[tuple[str, str]] = []

    def show(self, rows: list[tuple[str, str]]) -> None:
        if rows != self.rows:
            self.rows = list(rows)
            self.refresh(layout=True)

    @property
    def text(self) -> str:
        """What the card says, for tests and screen readers."""
        return "\n".join(f"{label}: {value}" for label, value in self.rows)

    def render(self) -> RenderableType:
        table = Table.grid(padding=(0, 2))
        widest = max((len(label) for label, _ in self.rows), default=0)
        table.add_column(width=min(widest, max(12, self.size.width // 3)), style="bold")
        table.add_column(ratio=1)
        for label, value in self.rows:
            table.add_row(Text(label), Text(value))
        return table

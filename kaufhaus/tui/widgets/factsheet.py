"""Label–value rows for the reveal's first card, with the values wrapping under themselves.

Every cell is ``Text`` (never markup): story names and what the player typed
show literally. A label is never cut: its column is at least as wide as its
longest word ("Kaufwahrscheinlichkeit"), and where that leaves the values too
little room (a phone held upright) each label stands above its value.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

#: The fewest columns a value gets beside its label; with less, labels go above.
VALUE_MIN = 20
#: Columns between the label and the value, and a stacked value's indent.
GAP = 2


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
        widest = max((len(label) for label, _ in self.rows), default=0)
        word = max((len(w) for label, _ in self.rows for w in label.split()), default=0)
        if word + GAP + VALUE_MIN > self.size.width:
            return Group(
                *(
                    part
                    for label, value in self.rows
                    for part in (Text(label, style="bold"), Padding(Text(value), (0, 0, 0, GAP)))
                )
            )
        table = Table.grid(padding=(0, GAP))
        table.add_column(width=min(widest, max(12, word, self.size.width // 3)), style="bold")
        table.add_column(ratio=1)
        for label, value in self.rows:
            table.add_row(Text(label), Text(value))
        return table

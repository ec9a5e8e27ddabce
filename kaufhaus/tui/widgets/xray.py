"""The x-ray panel: what the shop just logged and what it believes right now.

Off by default, because the satire works best when the player first does not
see the machinery. Switched on (``x`` or ``--xray``) it is the teacher's
favourite view: every key and mouse rest turns up here at once. The panel
gets finished lines from the screen; it computes nothing about the player.

It is read from the back of a classroom, so nothing in it is cut: the panel
takes two fifths of the window (``scene.tcss``), every entry wraps under its
own first word, and the newest event stands first, right under the heading,
where the eye finds it however long the entries below have grown.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from kaufhaus.play.strings import tr
from kaufhaus.tui.widgets.literal import Literal

#: Marks the newest event (and, by its place, says the list runs newest first).
NEWEST = "▶ "


class Entries(Static):
    """Entries, each wrapped with a hanging indent after its marker; shown literally.

    ``text`` holds the entries one a line, marker first, as plain text.
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(markup=False, id=id)
        self.text = ""

    def show(self, entries: Sequence[tuple[str, str]], empty: str) -> None:
        """``entries`` as (marker, text) pairs; ``empty`` when there are none."""
        text = "\n".join(marker + body for marker, body in entries) or empty
        if text == self.text:
            return
        self.text = text
        if not entries:
            self.update(Text(empty))
            return
        grid = Table.grid(expand=True)
        grid.add_column(no_wrap=True)
        grid.add_column(ratio=1, overflow="fold")  # a word longer than the line folds
        for marker, body in entries:
            grid.add_row(Text(marker), Text(body))
        self.update(grid)


class XRayPanel(VerticalScroll):
    """Two lists: the newest events (newest first, marked ▶) and the shop's beliefs."""

    can_focus = False

    def compose(self) -> ComposeResult:
        yield Literal(id="xray-head", classes="xray-heading")
        yield Entries(id="xray-events")
        yield Literal(id="xray-beliefs-head", classes="xray-heading")
        yield Entries(id="xray-beliefs")

    def show(
        self,
        lang: str,
        count: int,
        events: Sequence[str],
        beliefs: Sequence[str],
        *,
        shop: bool = True,
    ) -> None:
        """``events`` oldest first, as logged; ``shop``: False for a pack that is no shop."""
        self.query_one("#xray-head", Literal).show(
            f"{tr('xray_title', lang)}\n{tr('xray_events', lang)} ({count})"
        )
        newest_first = list(reversed(events))
        self.query_one("#xray-events", Entries).show(
            [(NEWEST if i == 0 else "  ", line) for i, line in enumerate(newest_first)],
            tr("xray_nothing", lang),
        )
        self.query_one("#xray-beliefs-head", Literal).show(
            tr("xray_beliefs" if shop else "xray_beliefs_game", lang)
        )
        self.query_one("#xray-beliefs", Entries).show(
            [("• ", line) for line in beliefs], tr("xray_nothing", lang)
        )

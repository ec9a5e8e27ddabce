"""The x-ray panel: what the shop just logged and what it believes right now.

Off by default, because the satire works best when the player first does not
see the machinery. Switched on (``x`` or ``--xray``) it is the teacher's
favourite view: every key and mouse rest turns up here at once. The panel
gets finished lines from the screen; it computes nothing about the player.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import VerticalScroll

from kaufhaus.play.strings import tr
from kaufhaus.tui.widgets.literal import Literal


class XRayPanel(VerticalScroll):
    """Two short lists: the newest events (newest marked ▶) and the shop's beliefs."""

    can_focus = False

    def compose(self) -> ComposeResult:
        yield Literal(id="xray-head", classes="xray-heading")
        yield Literal(id="xray-events")
        yield Literal(id="xray-beliefs-head", classes="xray-heading")
        yield Literal(id="xray-beliefs")

    def show(
        self,
        lang: str,
        count: int,
        events: Sequence[str],
        beliefs: Sequence[str],
        *,
        shop: bool = True,
    ) -> None:
        """``shop``: False for a pack that is no shop (``reveal: false``): no "shop" then."""
        self.query_one("#xray-head", Literal).show(
            f"{tr('xray_title', lang)}\n{tr('xray_events', lang)} ({count})"
        )
        lines = [("▶ " if i == len(events) - 1 else "  ") + line for i, line in enumerate(events)]
        self.query_one("#xray-events", Literal).show("\n".join(lines) or tr("xray_nothing", lang))
        self.query_one("#xray-beliefs-head", Literal).show(
            tr("xray_beliefs" if shop else "xray_beliefs_game", lang)
        )
        self.query_one("#xray-beliefs", Literal).show(
            "\n".join(f"• {line}" for line in beliefs) or tr("xray_nothing", lang)
        )

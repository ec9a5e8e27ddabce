"""The numbers behind the reveal's charts: time per department, interest over time, the route.

People would rather look than read; these functions only count what the
dossier already holds, so the charts say nothing the file cannot prove.
Textual-free: the terminal draws them with its own widgets, plain mode as text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kaufhaus.dossier import charts
from kaufhaus.dossier.charts import interest_timeline
from kaufhaus.play.describe import place_label

__all__ = ["dwell_by_place", "interest_timeline", "route"]

if TYPE_CHECKING:
    from kaufhaus.story.model import Story


def dwell_by_place(dossier: dict[str, Any], story: Story, lang: str) -> list[tuple[str, float]]:
    """Seconds spent per department (scenes in one department add up), longest first."""
    return charts.dwell_by_scene(dossier, lang, lambda sid: place_label(story, sid, lang))


def route(
    dossier: dict[str, Any], story: Story, lang: str, limit: int = 40
) -> tuple[list[str], int]:
    """The departments in the order entered (repeats in a row folded); (shown, left over)."""
    return charts.route(dossier, lang, limit, lambda sid: place_label(story, sid, lang))

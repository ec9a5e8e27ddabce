"""The numbers behind the reveal's charts: time per department, interest over time, the route.

People would rather look than read; these functions only count what the
dossier already holds, so the charts say nothing the file cannot prove.
Textual-free: the terminal draws them with its own widgets, plain mode as text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kaufhaus.dossier.charts import interest_timeline
from kaufhaus.play.describe import place_label

__all__ = ["dwell_by_place", "interest_timeline", "route"]

if TYPE_CHECKING:
    from kaufhaus.story.model import Story


def dwell_by_place(dossier: dict[str, Any], story: Story, lang: str) -> list[tuple[str, float]]:
    """Seconds spent per department (scenes in one department add up), longest first."""
    seconds = (dossier.get("profile") or {}).get("scene_dwell_seconds") or {}
    totals: dict[str, float] = {}
    for scene_id, value in seconds.items():
        place = place_label(story, str(scene_id), lang)
        totals[place] = totals.get(place, 0.0) + float(value)
    return sorted(((p, s) for p, s in totals.items() if s > 0), key=lambda r: (-r[1], r[0]))


def route(
    dossier: dict[str, Any], story: Story, lang: str, limit: int = 40
) -> tuple[list[str], int]:
    """The departments in the order entered (repeats in a row folded); (shown, left over)."""
    places: list[str] = []
    for row in dossier.get("events") or ():
        if row.get("kind") != "scene_enter":
            continue
        place = place_label(story, str(row.get("target") or row.get("scene") or ""), lang)
        if not places or places[-1] != place:
            places.append(place)
    if len(places) <= limit:
        return places, 0
    return places[:limit], len(places) - limit

"""The numbers behind the reveal's charts: time per department, interest over time, the route.

People would rather look than read; these functions only count what the
dossier already holds, so the charts say nothing the file cannot prove.
Textual-free: the terminal draws them with its own widgets, plain mode as text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kaufhaus.play.describe import place_label

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


#: The conclusions whose evidence is "the shop noted interest".
_INTEREST_KINDS = frozenset({"interest", "category_interest"})


def interest_timeline(dossier: dict[str, Any], buckets: int = 40) -> tuple[list[int], float, float]:
    """How many events the shop counted as interest, per slice of the session.

    Returns (counts per bucket, start time, end time). An event counts once,
    however many interests it fed.
    """
    events = dossier.get("events") or []
    ids: set[int] = set()
    for row in dossier.get("inferences") or ():
        if row.get("kind") in _INTEREST_KINDS:
            ids.update(i for i in row.get("evidence") or () if isinstance(i, int))
    if not events:
        return [], 0.0, 0.0
    start = float(events[0].get("t", 0.0))
    end = float(events[-1].get("t", 0.0))
    counts = [0] * max(1, buckets)
    if not ids:
        return counts, start, end
    span = max(end - start, 1e-9)
    for eid in ids:
        if 0 <= eid < len(events):
            t = float(events[eid].get("t", 0.0))
            index = min(len(counts) - 1, int((t - start) / span * len(counts)))
            counts[index] += 1
    return counts, start, end


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

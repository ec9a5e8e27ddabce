"""The shop's control room, for the projector: what the shop sees of the class, live.

Reads only the live status files of pupils who agreed on the class banner
(``live/`` in the class folder; a pupil who said no never writes one) and
counts them with ``stats.aggregate``, which hides every group smaller than
three. Nothing here names or numbers a pupil.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kaufhaus.classroom.records import Wrong, checked, read_json
from kaufhaus.classroom.report import money_text, percent_text
from kaufhaus.classroom.stats import MIN_GROUP, aggregate
from kaufhaus.play.handin import LIVE, is_handin


def live_records(folder: Path) -> list[dict[str, Any]]:
    """The live records, each checked (one being replaced, damaged or not ours is skipped)."""
    records = []
    live = folder / LIVE
    if not live.is_dir():
        return []
    for path in sorted(live.glob("*.json")):
        try:
            data = read_json(path)
            if is_handin(data):
                records.append(checked(data))
        except Wrong:
            continue  # being replaced, damaged or not ours: the next refresh tries again
    return records


def control_context(folder: Path, lang: str, *, running: int) -> dict[str, Any]:
    records = live_records(folder)
    stats = aggregate(records, top=8)
    return {
        "stats": stats,
        "running": running,
        "min_group": MIN_GROUP,
        "money": lambda v: money_text(v, lang),
        "pct": lambda v: percent_text(v, lang),
    }

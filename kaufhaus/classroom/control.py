"""The shop's control room, for the projector: what the shop sees of the class, live.

Reads only the live status files of pupils who agreed on the class banner
(``live/`` in the class folder; a pupil who said no never writes one) and
counts them with ``stats.aggregate``, which hides every group smaller than
three. Nothing here names or numbers a pupil.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kaufhaus.classroom.report import money_text, percent_text
from kaufhaus.classroom.stats import MIN_GROUP, aggregate
from kaufhaus.play.handin import LIVE, is_handin


def live_records(folder: Path) -> list[dict[str, Any]]:
    """The current live records (a file being replaced or not ours is skipped)."""
    records = []
    live = folder / LIVE
    if not live.is_dir():
        return []
    for path in sorted(live.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if is_handin(data):
            records.append(data)
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

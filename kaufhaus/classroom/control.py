"""The shop's control room, for the projector: what the shop sees of the class, live.

Reads only the live status files of pupils who agreed on the class banner
(``live/`` in the class folder; a pupil who said no never writes one, and one
who takes the yes back deletes theirs) and counts them with
``stats.aggregate``, which hides every group smaller than three. Nothing here
names or numbers a pupil.

The counts at the top are the ones a teacher steers the lesson by, so each
says exactly what it counts: games whose browser is connected now (a closed
tab or an ended game drops out at once), pupils whose yes stands now (this
lesson only: an earlier class in the same folder is not counted), those of
them who have reached their file, and the hand-ins of this lesson (each
pupil once).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kaufhaus.classroom.records import Wrong, checked, read_json
from kaufhaus.classroom.report import money_text, percent_text
from kaufhaus.classroom.stats import MIN_GROUP, aggregate, art9_name, read_handins, shown
from kaufhaus.play.handin import HANDINS, LIVE, is_live


def live_records(folder: Path, lesson: str | None = None) -> list[dict[str, Any]]:
    """This lesson's live records, each checked (one being replaced or not ours is skipped)."""
    records = []
    live = folder / LIVE
    if not live.is_dir():
        return []
    for path in sorted(live.glob("*.json")):
        try:
            data = read_json(path)
            if is_live(data):
                record = checked(data)
                if record.get("lesson") == lesson:
                    records.append(record)
        except Wrong:
            continue  # being replaced, damaged or not ours: the next refresh tries again
    return records


@dataclass(frozen=True)
class Counts:
    """The figures at the top of the control room."""

    #: Games with a browser connected now.
    running: int
    #: Pupils whose yes on the class banner stands (their live file is there).
    agreed: int
    #: Of them, those who reached the end and their file.
    at_file: int
    #: Hand-ins of this lesson, each pupil once.
    handins: int
    #: Of the pupils who agreed, those who refused something at the cookie banner
    #: (None: fewer than three, so their total below would describe one or two).
    refusers: int | None
    #: Events the shop processed after those pupils refused (summed; None as above).
    after_refusal: int | None


def refused_something(record: dict[str, Any]) -> bool:
    consent = record.get("consent") or {}
    return bool(consent.get("refused")) or int(record.get("events_after_refusal", 0)) > 0


def counts(records: list[dict[str, Any]], folder: Path, lesson: str | None, running: int) -> Counts:
    refusers = [r for r in records if refused_something(r)]
    found = folder / HANDINS
    handins = read_handins([found], lesson="all").records if found.is_dir() else []
    few = shown(len(refusers)) is None
    return Counts(
        running=running,
        agreed=len(records),
        at_file=sum(1 for r in records if r.get("ended")),
        handins=sum(1 for h in handins if h.get("lesson") == lesson),
        refusers=None if few else len(refusers),
        after_refusal=None if few else sum(int(r["events_after_refusal"]) for r in refusers),
    )


def control_context(
    folder: Path, lang: str, *, running: int, lesson: str | None = None, art9: bool = False
) -> dict[str, Any]:
    """``art9``: the teacher's switch to show the special categories (off by default)."""
    records = live_records(folder, lesson)
    stats = aggregate(records, top=8, art9=art9)
    return {
        "stats": stats,
        "show_art9": art9,
        "art9": ", ".join(art9_name(c, lang) for c in stats.art9_left_out),
        "counts": counts(records, folder, lesson, running),
        "running": running,
        "min_group": MIN_GROUP,
        "money": lambda v: money_text(v, lang),
        "pct": lambda v: percent_text(v, lang),
    }

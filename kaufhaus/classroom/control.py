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

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kaufhaus.classroom.devices import Uniqueness, class_uniqueness
from kaufhaus.classroom.records import Wrong, checked, read_json
from kaufhaus.classroom.report import money_text, percent_text
from kaufhaus.classroom.stats import (
    MIN_GROUP,
    ClassStats,
    aggregate,
    art9_name,
    read_handins,
    shown,
)
from kaufhaus.play.handin import HANDINS, LIVE, is_live


def lesson_files(folder: Path, lesson: str | None = None) -> list[tuple[str, dict[str, Any]]]:
    """This lesson's live files: the game each names (its file name) and its checked record."""
    found = []
    live = folder / LIVE
    if not live.is_dir():
        return []
    for path in sorted(live.glob("*.json")):
        try:
            data = read_json(path)
            if is_live(data):
                record = checked(data)
                if record.get("lesson") == lesson:
                    found.append((path.stem, record))
        except Wrong:
            continue  # being replaced, damaged or not ours: the next refresh tries again
    return found


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


@dataclass
class Room:
    """What the projector showed last, so that one pupil's step is never a visible change.

    The room refreshes every few seconds while pupils play. If its tables
    followed every file, the change from one refresh to the next would be
    one pupil's step ("Alle akzeptiert" 6 → 7 just as Anna clicked), and a
    teacher watching one screen would learn that pupil's answer. So the
    tables (and the figure of events after refusing) are recounted only
    when at least ``MIN_GROUP`` pupils' files have changed since the last
    count, new or gone ones included: every visible change is then the sum
    of three pupils' steps. The figure of browsers told apart without a
    cookie follows the same rule (one pupil joining would otherwise move it
    by that pupil's browser). The figures of progress at the top (running,
    agreed, at the file, handed in) follow at once. A pupil who takes the
    yes back leaves the tables with the next recount, among two others.
    """

    #: Per view (with or without Art. 9): each pupil's file as counted, and the count.
    shown: dict[bool, tuple[dict[str, str], Counted]] = field(default_factory=dict)

    def view(
        self, records: list[dict[str, Any]], art9: bool, devices: Callable[[], Uniqueness]
    ) -> Counted:
        """``devices``: counts the browsers of the pupils in ``records`` (only on a recount)."""
        files = {_key(r, i): _digest(r) for i, r in enumerate(records)}
        last = self.shown.get(art9)
        if last is not None:
            before = last[0]
            changed = sum(1 for k in files.keys() | before.keys() if files.get(k) != before.get(k))
            if changed < MIN_GROUP:
                return last[1]
        counted = Counted(aggregate(records, top=8, art9=art9), after_refusing(records), devices())
        self.shown[art9] = (files, counted)
        return counted


@dataclass(frozen=True)
class Counted:
    """One recount of the control room's tables: what stays on the projector until the next."""

    stats: ClassStats
    #: (pupils who refused something, events processed after that), see ``after_refusing``.
    refusal: tuple[int | None, int | None]
    devices: Uniqueness


def _key(record: dict[str, Any], index: int) -> str:
    return str(record.get("game") or f"#{index}")


def _digest(record: dict[str, Any]) -> str:
    text = json.dumps(record, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def after_refusing(records: list[dict[str, Any]]) -> tuple[int | None, int | None]:
    """(pupils who refused something, events processed after that), both None under three."""
    refusers = [r for r in records if refused_something(r)]
    if shown(len(refusers)) is None:
        return None, None
    return len(refusers), sum(int(r["events_after_refusal"]) for r in refusers)


def refused_something(record: dict[str, Any]) -> bool:
    consent = record.get("consent") or {}
    return bool(consent.get("refused")) or int(record.get("events_after_refusal", 0)) > 0


def counts(
    records: list[dict[str, Any]],
    folder: Path,
    lesson: str | None,
    running: int,
    refusal: tuple[int | None, int | None],
) -> Counts:
    found = folder / HANDINS
    handins = read_handins([found], lesson="all").records if found.is_dir() else []
    return Counts(
        running=running,
        agreed=len(records),
        at_file=sum(1 for r in records if r.get("ended")),
        handins=sum(1 for h in handins if h.get("lesson") == lesson),
        refusers=refusal[0],
        after_refusal=refusal[1],
    )


def control_context(
    folder: Path,
    lang: str,
    *,
    running: int,
    lesson: str | None = None,
    art9: bool = False,
    room: Room | None = None,
) -> dict[str, Any]:
    """``art9``: the teacher's switch to show the special categories (off by default).

    ``room``: what this control room showed last (see ``Room``); without
    one, everything is counted afresh.
    """
    files = lesson_files(folder, lesson)
    records = [record for _game, record in files]
    counted = (room or Room()).view(
        records, art9, lambda: class_uniqueness(folder, [game for game, _ in files])
    )
    stats = counted.stats
    return {
        "stats": stats,
        "show_art9": art9,
        "art9": ", ".join(art9_name(c, lang) for c in stats.art9_left_out),
        "counts": counts(records, folder, lesson, running, counted.refusal),
        "devices": counted.devices,
        "running": running,
        "min_group": MIN_GROUP,
        "money": lambda v: money_text(v, lang),
        "pct": lambda v: percent_text(v, lang),
    }

"""How many of the class's browsers the shop could tell apart without a cookie.

The lesson of the EFF's *Cover Your Tracks*, inside the class: each game logs
the pupil's browser as its device (screen and window size, pixel ratio,
languages, time zone, touch, platform – what the page's script reported at
the start, see ``kaufhaus.play.fingerprint``). Counted here, for the control
room, are only the games of pupils who agreed on the class banner (those with
a live file of this lesson), and only as two numbers: how many browsers, how many of them
unique by those features. Neither is shown for fewer than ``MIN_GROUP``
browsers, and the unique count is held back whenever it, or the rest of the
class beside it, is a group smaller than that (so no difference names a
small group). The features themselves never leave the game folders.
"""

from __future__ import annotations

import json
import os
import stat
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from kaufhaus.classroom.stats import MIN_GROUP
from kaufhaus.play.fingerprint import BROWSER_FEATURES
from kaufhaus.play.handin import GAMES, valid_game_id
from kaufhaus.play.savefolder import is_autosave_name

#: The features that tell browsers apart (the time of day is the lesson's, not the device's).
TELLING = tuple(k for k in BROWSER_FEATURES if k != "time_of_day")
#: The most a save's first two lines may take (a header and the session start).
HEAD_BYTES = 16 * 1024


@dataclass(frozen=True)
class Uniqueness:
    """Browsers of agreeing pupils, and how many of them were one of a kind (None: hidden)."""

    browsers: int | None
    unique: int | None


def _device_of(game_folder: Path) -> tuple[str, ...] | None:
    """The browser features the newest autosave of one game logged at its start."""
    try:
        saves = [
            p
            for p in game_folder.iterdir()
            if p.suffix == ".jsonl" and is_autosave_name(p.stem) and p.is_file()
        ]
    except OSError:
        return None
    for path in sorted(saves, key=_modified, reverse=True):
        start = _session_start(path)
        if start is not None:
            if not any(key in start for key in TELLING):
                return None  # a terminal game: no browser to count
            return tuple(str(start.get(key, "")) for key in TELLING)
    return None


def _modified(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _session_start(path: Path) -> dict[str, object] | None:
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        with os.fdopen(fd, "rb", closefd=False) as handle:
            head = handle.read(HEAD_BYTES)
    except OSError:
        return None
    finally:
        os.close(fd)
    lines = head.split(b"\n")
    if len(lines) < 2:
        return None
    try:
        event = json.loads(lines[1])
    except ValueError:
        return None
    if not isinstance(event, dict) or event.get("kind") != "session_start":
        return None
    data = event.get("data")
    return data if isinstance(data, dict) else None


def class_devices(folder: Path, games: list[str]) -> list[tuple[str, ...]]:
    """The browser of each of ``games`` (this lesson's agreeing pupils), as its features."""
    devices = []
    for game in sorted(games):
        if not valid_game_id(game):
            continue
        device = _device_of(folder / GAMES / game)
        if device is not None:
            devices.append(device)
    return devices


def uniqueness(devices: list[tuple[str, ...]]) -> Uniqueness:
    """How many browsers, and how many unique; each hidden where it describes a small group."""
    total = len(devices)
    if total < MIN_GROUP:
        return Uniqueness(None, None)
    groups = Counter(devices)
    unique = sum(1 for size in groups.values() if size == 1)
    rest = total - unique
    small = unique < MIN_GROUP or 0 < rest < MIN_GROUP
    return Uniqueness(total, None if small else unique)


def class_uniqueness(folder: Path, games: list[str]) -> Uniqueness:
    """``games``: the games with a live file of this lesson (``control.lesson_files``)."""
    return uniqueness(class_devices(folder, games))


__all__ = ["TELLING", "Uniqueness", "class_devices", "class_uniqueness", "uniqueness"]

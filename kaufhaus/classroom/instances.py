"""Several ``kaufhaus serve`` instances on one class folder: how many games run in all.

Behind a proxy, each instance runs some of the class's games and knows only
its own. So that every control room shows the whole class, each instance
keeps a small file in the class folder (``laufend/<instance>.json``: its
lesson and how many games it runs now), rewritten when a game starts or
ends and every few seconds; the control room adds up the files of this
lesson that are fresh. A file not renewed for ``STALE_SECONDS`` (an
instance that was killed) no longer counts; an instance that stops deletes
its own.
"""

from __future__ import annotations

import contextlib
import json
import secrets
import time
from pathlib import Path

from kaufhaus.play.handin import write_atomic
from kaufhaus.play.marks import GENERATOR

RUNNING = "laufend"
RUNNING_FORMAT = "kaufhaus-running"
#: How often an instance renews its file, and when a file no longer counts.
BEAT_SECONDS = 5.0
STALE_SECONDS = 20.0


def new_instance_id() -> str:
    return "i-" + secrets.token_hex(8)


class Heartbeat:
    """This instance's file in the class folder."""

    def __init__(self, folder: Path, lesson: str | None) -> None:
        self.path = folder / RUNNING / f"{new_instance_id()}.json"
        self.lesson = lesson

    def write(self, games: int) -> None:
        data = {
            "format": RUNNING_FORMAT,
            "generator": GENERATOR,
            "lesson": self.lesson,
            "games": games,
            "updated": time.time(),
        }
        with contextlib.suppress(OSError):  # the count misses one beat, no more
            write_atomic(self.path, json.dumps(data) + "\n")

    def remove(self) -> None:
        with contextlib.suppress(OSError):
            self.path.unlink()


def is_running_file(data: object) -> bool:
    return (
        isinstance(data, dict)
        and data.get("format") == RUNNING_FORMAT
        and str(data.get("generator", "")).startswith("kaufhaus ")
    )


def running_elsewhere(folder: Path, lesson: str | None, me: Path | None = None) -> int:
    """Games the other instances of this lesson run now (fresh files only)."""
    total = 0
    now = time.time()
    place = folder / RUNNING
    if not place.is_dir():
        return 0
    for path in place.glob("i-*.json"):
        if path == me or path.is_symlink():
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8")[:2000])
        except (OSError, ValueError):
            continue
        if not is_running_file(data) or data.get("lesson") != lesson:
            continue
        updated, games = data.get("updated"), data.get("games")
        if not isinstance(updated, int | float) or not isinstance(games, int):
            continue
        if 0 <= now - updated <= STALE_SECONDS and 0 <= games <= 10_000:
            total += games
    return total


def running_files(folder: Path) -> list[Path]:
    """Our files in ``laufend/`` (for ``serve --forget``)."""
    place = folder / RUNNING
    found = []
    if place.is_dir() and not place.is_symlink():
        for path in sorted(place.glob("i-*.json")):
            with contextlib.suppress(OSError, ValueError):
                if not path.is_symlink() and is_running_file(
                    json.loads(path.read_text(encoding="utf-8")[:2000])
                ):
                    found.append(path)
    return found


__all__ = ["BEAT_SECONDS", "RUNNING", "Heartbeat", "running_elsewhere", "running_files"]

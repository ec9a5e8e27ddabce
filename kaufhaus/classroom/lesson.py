"""One lesson in a class folder: its code, the teacher's token, and its id, kept across restarts.

A server that forgets its class on a restart hands every pupil a new code, a
new banner and the teacher a new control-room address in the middle of the
lesson. So ``kaufhaus serve`` writes the lesson into the class folder
(``stunde.json``, readable only by the teacher's account, marked as ours) and
a restart on the same folder continues it: same code, same token, same id.

The id names the lesson in every live file and hand-in, so a folder used by
an earlier class (or yesterday's lesson) keeps its files apart: the control
room counts only this lesson, the class report the newest one unless told
otherwise. A lesson ends when the teacher asks for a new one
(``--new-lesson``) or after ``LESSON_HOURS`` (the pupils' cookies are gone by
then anyway).
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from kaufhaus.classroom.gameids import ClassFolderError
from kaufhaus.play.handin import valid_lesson_id
from kaufhaus.play.marks import GENERATOR

LESSON_FILE = "stunde.json"
LESSON_FORMAT = "kaufhaus-lesson"
#: After this long a lesson is over; the next start begins a new one.
LESSON_HOURS = 12


@dataclass(frozen=True)
class Lesson:
    """What a restart must find again; ``code`` is None for a class on this computer only."""

    id: str
    started: str
    teacher_token: str
    code: str | None = None

    def age(self, now: datetime) -> timedelta:
        try:
            begun = datetime.fromisoformat(self.started)
        except ValueError:
            return timedelta.max
        return now - begun

    def running(self, now: datetime | None = None) -> bool:
        """Not over yet: begun less than ``LESSON_HOURS`` ago."""
        return self.age(now or datetime.now(UTC)) <= timedelta(hours=LESSON_HOURS)

    @property
    def label(self) -> str:
        """The lesson's start as a teacher reads it (``07.12.2026 08:00 UTC``)."""
        try:
            begun = datetime.fromisoformat(self.started)
        except ValueError:
            return self.id
        return begun.strftime("%d.%m.%Y %H:%M UTC")


def new_lesson_id(now: datetime) -> str:
    """Sorts by start time; the random tail keeps two lessons of one minute apart."""
    return now.strftime("%Y-%m-%dT%H%MZ-") + secrets.token_hex(3)


def lesson_started(lesson_id: str) -> str:
    """The start a lesson id names, for a teacher's note (``2026-12-07 08:00 UTC``)."""
    day, time = lesson_id[:10], lesson_id[11:15]
    return f"{day} {time[:2]}:{time[2:]} UTC" if valid_lesson_id(lesson_id) else lesson_id


def _parse(data: Any) -> Lesson | None:
    if not isinstance(data, dict) or data.get("format") != LESSON_FORMAT:
        return None
    generator = data.get("generator")
    if not isinstance(generator, str) or not generator.startswith("kaufhaus "):
        return None
    lesson, started, token = data.get("lesson"), data.get("started"), data.get("teacher_token")
    code = data.get("code")
    if not (isinstance(lesson, str) and valid_lesson_id(lesson)):
        return None
    if not (isinstance(started, str) and isinstance(token, str) and 8 <= len(token) <= 200):
        return None
    if code is not None and not (isinstance(code, str) and code.isalnum() and len(code) <= 12):
        return None
    return Lesson(lesson, started, token, code)


def read_lesson(folder: Path) -> Lesson | None:
    """The folder's lesson, or None when there is none.

    Raises ``ClassFolderError`` when a file of that name is there and is not
    ours (it is left as it is).
    """
    path = folder / LESSON_FILE
    if not os.path.lexists(path):
        return None
    try:
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        fd = os.open(path, flags)
        with os.fdopen(fd, "rb") as handle:
            data = json.loads(handle.read(10_000))
    except (OSError, ValueError) as exc:
        raise ClassFolderError(
            f"{path}: cannot read the lesson ({exc}); it is left as it is. "
            "Rename it or choose another --folder."
        ) from exc
    lesson = _parse(data)
    if lesson is None:
        raise ClassFolderError(
            f"{path}: exists and is not a lesson of this game; it is left as it is. "
            "Rename it or choose another --folder."
        )
    return lesson


def is_lesson_file(path: Path) -> bool:
    """A lesson file this game wrote (so ``serve --forget`` may delete it)."""
    try:
        return read_lesson(path.parent) is not None and path.name == LESSON_FILE
    except ClassFolderError:
        return False


def write_lesson(folder: Path, lesson: Lesson, *, first: bool = False) -> bool:
    """Atomically, readable only by the teacher's account (it holds the teacher's token).

    ``first``: only if the folder has no lesson yet (two instances starting
    on one folder at once agree on the first one's); returns whether it was
    written.
    """
    data = {
        "format": LESSON_FORMAT,
        "generator": GENERATOR,
        "lesson": lesson.id,
        "started": lesson.started,
        "code": lesson.code,
        "teacher_token": lesson.teacher_token,
    }
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    tmp = folder / f".{LESSON_FILE}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        if not first:
            os.replace(tmp, folder / LESSON_FILE)
            return True
        try:
            os.link(tmp, folder / LESSON_FILE)  # never replaces: the first one wins
        except FileExistsError:
            return False
        return True
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


@dataclass(frozen=True)
class Opened:
    """The lesson a server serves, and whether it continues one (for the teacher's banner)."""

    lesson: Lesson
    continued: bool


def open_lesson(
    folder: Path,
    *,
    code: str | None,
    coded: bool,
    new_code: str,
    teacher_token: str | None,
    fresh: bool = False,
    now: datetime | None = None,
) -> Opened:
    """Continue the folder's lesson, or begin one; writes it back.

    ``code`` is what ``--code`` gave (it wins over the stored one);
    ``coded`` says whether the class needs a code at all (``--lan``);
    ``new_code`` is used when it does and neither was given nor stored.
    """
    now = now or datetime.now(UTC)
    stored = None if fresh else read_lesson(folder)
    old = stored
    if old is not None and not old.running(now):
        old = None
    if old is not None:
        lesson = Lesson(
            old.id,
            old.started,
            teacher_token or old.teacher_token,
            code or (old.code or new_code if coded else None),
        )
    else:
        lesson = Lesson(
            new_lesson_id(now),
            now.isoformat(timespec="seconds"),
            teacher_token or secrets.token_urlsafe(12),
            code or (new_code if coded else None),
        )
    if lesson != old:
        try:
            if not write_lesson(folder, lesson, first=stored is None and not fresh):
                # Another instance began the lesson a moment ago: continue it.
                return open_lesson(
                    folder,
                    code=code,
                    coded=coded,
                    new_code=new_code,
                    teacher_token=teacher_token,
                    now=now,
                )
        except OSError as exc:
            raise ClassFolderError(
                f"{folder}: cannot write the lesson ({exc.strerror or exc}); "
                "choose a folder you may write to with --folder"
            ) from exc
    return Opened(lesson, old is not None)

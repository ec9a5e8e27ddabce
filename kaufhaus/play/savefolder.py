"""The save folder: which files are ours, the save list, autosave slots and locks.

Why a module of its own: three things must agree on what "a file of ours"
is, or one of them deletes or overwrites something it should not. The Load
list, the choice of an autosave slot and ``kaufhaus forget`` all ask
``ours()``: a name the game gives its files AND a mark only the game writes
into them (the save header, the cookie's format, a lock's first word, the
generator mark of an exported dossier: ``play.marks``). A player's own
``dossier-company.json`` has our kind of name and format but not our mark,
and is never deleted. Links are never followed; pipes and folders are
never opened.

One game per autosave: a game holds ``<autosave>.lock`` (created with
O_EXCL, holding our process id) while it writes that autosave. A second game
on the same folder gets its own numbered autosave; a lock whose process is
gone (``kill -9``) is stale and taken over.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
from dataclasses import dataclass
from pathlib import Path

from kaufhaus.play.marks import marked, read_head
from kaufhaus.saves import (
    COOKIE_FILE,
    COOKIE_MARK,
    FORMAT,
    LEGACY_SUFFIX,
    SUFFIX,
    TEMP_FILE,
    SaveError,
    SaveSummary,
    clean_temp_files,
    peek_save,
    pid_alive,
)
from kaufhaus.story.errors import neutralise

AUTOSAVE = "autosave"
#: Exported dossiers share the save folder; they are not saves.
EXPORT_PREFIX = "dossier"
LOCK_SUFFIX = ".lock"
LOCK_MAGIC = "kaufhaus-lock"
#: Why ``forget_files`` left a file: another running game writes it.
IN_USE = "in-use"
_SLOT_NAME = re.compile(r"^[\w][\w.-]{0,39}$")
_AUTOSAVE_STEM = re.compile(rf"^{AUTOSAVE}(-\d{{1,4}})?$")
_DOSSIER_NAME = re.compile(r"^dossier-[\w.-]{1,60}\.(json|md|html)$")
#: A lock's first line as ``try_lock`` writes it: the magic word, a process number, a host
#: (a file that merely begins with the word, "kaufhaus-locked", is not a lock of ours).
_LOCK_LINE = re.compile(rb"^" + re.escape(LOCK_MAGIC.encode()) + rb" \d{1,20} [^\s]{1,255}\n")
#: How the files we write begin (after optional whitespace), by kind.
_SAVE_START = re.compile(rb'^\s*\{\s*"format"\s*:\s*"' + FORMAT.encode() + rb'"')


def is_autosave_name(stem: str) -> bool:
    return _AUTOSAVE_STEM.match(stem) is not None


def autosave_file(n: int) -> str:
    return f"{AUTOSAVE}{SUFFIX}" if n == 1 else f"{AUTOSAVE}-{n}{SUFFIX}"


def _is_save_name(name: str) -> bool:
    return (
        name.endswith((SUFFIX, LEGACY_SUFFIX))
        and not name.startswith((".", EXPORT_PREFIX))
        and name != COOKIE_FILE
    )


def our_name(name: str) -> bool:
    """A name the game gives its files (saves, cookie, dossiers, locks)."""
    if name.endswith(LOCK_SUFFIX):
        return _is_save_name(name[: -len(LOCK_SUFFIX)])
    return name == COOKIE_FILE or _DOSSIER_NAME.match(name) is not None or _is_save_name(name)


_head = read_head


def _content_is_ours(path: Path, name: str, head: bytes) -> bool:
    if name.endswith(LOCK_SUFFIX):
        return _LOCK_LINE.match(head) is not None
    if name == COOKIE_FILE:
        return COOKIE_MARK.match(head) is not None
    if _DOSSIER_NAME.match(name):
        return marked(path, head)  # the generator mark, never the name and format alone
    return _SAVE_START.match(head) is not None


def _named_ours(path: Path) -> tuple[str, bool] | None:
    """The name the file stands for (a temp file's target) and whether it is a temp file."""
    name = path.name
    temp = TEMP_FILE.match(name)
    if temp is not None:
        name = temp["name"]
    return (name, temp is not None) if our_name(name) else None


def ours(path: Path) -> bool:
    """A regular file (not a link) with one of our names and our mark in it."""
    named = _named_ours(path)
    if named is None:
        return False
    name, temp = named
    head = _head(path)
    if head is None:
        return False
    if temp and not head:
        return True  # an empty temp file of ours: killed before it wrote anything
    return _content_is_ours(path, name, head)


def our_files(folder: Path) -> list[Path]:
    """Every file in the folder that the game wrote, sorted; nothing in subfolders."""
    return [path for path in _entries(folder) if ours(path)]


def look_alikes(folder: Path) -> list[Path]:
    """Files (and links) with one of our names but without our mark: listed, never touched."""
    return [path for path in _entries(folder) if _named_ours(path) and not ours(path)]


def _entries(folder: Path) -> list[Path]:
    found: list[Path] = []
    with contextlib.suppress(OSError):
        found = [Path(entry.path) for entry in os.scandir(folder)]
    return sorted(found)


def clean_leftovers(folder: Path) -> list[Path]:
    """Temp files a killed game of ours left behind (their writer is gone)."""
    return clean_temp_files(folder, our_name)


# ------------------------------------------------------------------ locks
@dataclass
class Lock:
    """This process's claim on one autosave file."""

    path: Path

    def release(self) -> None:
        if _lock_owner(self.path) == (os.getpid(), socket.gethostname()):
            with contextlib.suppress(OSError):
                os.unlink(self.path)


def lock_path(save: Path) -> Path:
    return save.with_name(save.name + LOCK_SUFFIX)


def _lock_owner(path: Path) -> tuple[int, str] | None:
    head = _head(path, 200)
    if head is None:
        return None
    parts = head.decode("utf-8", "replace").split()
    if len(parts) < 3 or parts[0] != LOCK_MAGIC or not parts[1].isdigit():
        return None
    return int(parts[1]), parts[2]


def locked_by_other(save: Path) -> bool:
    """Another running game writes this autosave (a stale lock does not count)."""
    path = lock_path(save)
    if not os.path.lexists(path):
        return False
    owner = _lock_owner(path)
    if owner is None:
        return True  # a file we did not write: hands off
    pid, host = owner
    if (pid, host) == (os.getpid(), socket.gethostname()):
        return False
    return host != socket.gethostname() or pid_alive(pid)


def try_lock(save: Path) -> Lock | None:
    """Claim an autosave for this game, or None if another live game holds it.

    Raises OSError when the folder does not allow it (read-only, missing).
    """
    path = lock_path(save)
    for _attempt in range(2):
        try:
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
            fd = os.open(path, flags, 0o644)
        except FileExistsError:
            if locked_by_other(save):
                return None
            owner = _lock_owner(path)
            if owner is not None and owner[0] == os.getpid():
                return Lock(path)
            with contextlib.suppress(OSError):  # stale: its game was killed
                os.unlink(path)
            continue
        try:
            os.write(fd, f"{LOCK_MAGIC} {os.getpid()} {socket.gethostname()}\n".encode())
        finally:
            os.close(fd)
        return Lock(path)
    return None


# -------------------------------------------------------------- the list
@dataclass(frozen=True)
class SaveEntry:
    """One file in the save list; ``error`` is set when it cannot be read."""

    path: Path
    name: str
    is_autosave: bool
    summary: SaveSummary | None = None
    error: SaveError | None = None

    @property
    def legacy(self) -> bool:
        return self.path.suffix == LEGACY_SUFFIX


def _candidates(folder: Path) -> list[tuple[float, Path]]:
    found: list[tuple[float, Path]] = []
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            if not _is_save_name(entry.name):
                continue
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            found.append((info.st_mtime, Path(entry.path)))
    return found


def list_saves(folder: Path) -> list[SaveEntry]:
    """Every save in the folder, newest first; only first and last lines are read.

    Damaged ones (and links, pipes, folders with a save's name) are listed
    with their reason, never touched.
    """
    entries: list[tuple[float, SaveEntry]] = []
    for mtime, path in _candidates(Path(folder)):
        stem = neutralise(path.stem)  # a file may be named anyhow; the list draws it
        auto = is_autosave_name(stem)
        try:
            summary = peek_save(path)
        except SaveError as exc:
            entries.append((mtime, SaveEntry(path, stem, auto, None, exc)))
            continue
        entries.append((mtime, SaveEntry(path, stem, auto, summary)))
    # Newest first; a converted save before its original of the same second.
    entries.sort(
        key=lambda pair: (pair[0], pair[1].path.suffix == SUFFIX, pair[1].name), reverse=True
    )
    return [entry for _, entry in entries]


@dataclass(frozen=True)
class AutosaveProbe:
    """What "Continue" would load (read without replay), and the damaged autosaves."""

    path: Path | None
    summary: SaveSummary | None
    problems: tuple[SaveError, ...] = ()


def probe_autosave(story_id: str, folder: Path) -> AutosaveProbe:
    """The newest autosave of this story whose header and last event read well.

    Damaged files are only read, never rewritten, moved or deleted: the
    player (or a bug report) may still need them. Only the first and last
    lines are read, so this costs the same at 100,000 events as at 10.
    """
    problems: list[SaveError] = []
    found: tuple[Path, SaveSummary] | None = None
    for entry in list_saves(folder):
        if not entry.is_autosave:
            continue
        if entry.error is not None:
            problems.append(entry.error)
        elif entry.summary is not None and entry.summary.events == 0:
            problems.append(SaveError(entry.path, "no_session"))
        elif entry.summary is not None and entry.summary.header.story_id != story_id:
            other = repr(entry.summary.header.story_id)
            problems.append(SaveError(entry.path, "other_story", other=other, story=repr(story_id)))
        elif found is None and entry.summary is not None:
            found = (entry.path, entry.summary)
    if found is None:
        return AutosaveProbe(None, None, tuple(problems))
    return AutosaveProbe(found[0], found[1], tuple(problems))


def claim_autosave(folder: Path, story_id: str, endings: frozenset[str]) -> tuple[Path, Lock]:
    """An autosave file a new game may write, locked for this process.

    A free name, or one that holds a finished game of this story that no
    other game is writing. An unfinished game, a damaged file, a legacy
    save or anything not ours keeps its name and bytes.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(1, 10_000):
        path = folder / autosave_file(n)
        if os.path.lexists(path):
            try:
                summary = peek_save(path)
            except SaveError:
                continue
            if summary.header.story_id != story_id or summary.scene not in endings:
                continue
        if os.path.lexists(folder / f"{path.stem}{LEGACY_SUFFIX}"):
            continue  # keep autosave-N.json and autosave-N.jsonl apart
        lock = try_lock(path)
        if lock is None:
            continue
        if not os.path.lexists(path) or not locked_by_other(path):
            return path, lock
        lock.release()  # pragma: no cover - a race with another game
    raise SaveError(folder, "no_slot")


def slot_path(folder: Path, name: str) -> Path | None:
    """The file for a named save, or None if the name is unusable or reserved."""
    name = name.strip().replace(" ", "-")
    for suffix in (SUFFIX, LEGACY_SUFFIX):
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
            break
    if not _SLOT_NAME.match(name) or name.startswith(EXPORT_PREFIX) or is_autosave_name(name):
        return None
    if name.lower().startswith("kaufhaus-cookie"):
        return None
    return Path(folder) / f"{name}{SUFFIX}"


def next_slot_name(folder: Path, pattern: str) -> str:
    """A free default name such as ``spielstand-3``; ``pattern`` has a ``{n}``."""
    for n in range(1, 10_000):
        name = pattern.format(n=n)
        taken = any(os.path.lexists(Path(folder) / f"{name}{s}") for s in (SUFFIX, LEGACY_SUFFIX))
        if not taken:
            return name
    return pattern.format(n="x")


def forget_files(files: list[Path]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Delete files that ``our_files`` listed, each checked again just before.

    A file that changed into something not ours in between (or a link) is
    left alone, and so is the autosave of another running game (and its
    lock). Returns what was deleted and what could not be, with why
    (``IN_USE`` for a running game's files).
    """
    deleted: list[Path] = []
    failed: list[tuple[Path, str]] = []
    for path in files:
        if not os.path.lexists(path):
            # Gone since it was listed: the game's own lock, released as the game let
            # go of its autosave. Counted, so "6 listed" is not followed by "5 deleted".
            deleted.append(path)
            continue
        if not ours(path):
            continue
        save = path.with_name(path.name.removesuffix(LOCK_SUFFIX))
        if locked_by_other(save):
            failed.append((path, IN_USE))  # a running game would go on writing into nothing
            continue
        try:
            os.unlink(path)
        except FileNotFoundError:
            deleted.append(path)  # gone meanwhile, as asked
            continue
        except OSError as exc:
            failed.append((path, exc.strerror or str(exc)))
            continue
        deleted.append(path)
    return deleted, failed


def forget_problem(path: Path, error: str, lang: str) -> str:
    """Why ``forget_files`` left a file, for the player."""
    from kaufhaus.play.strings import tr

    if error == IN_USE:
        return tr("forget_in_use", lang, path=str(path))
    return tr("forget_failed", lang, path=str(path), error=error)

"""Save files: a header plus the events, as JSON, written atomically.

A save never holds derived state: loading replays the events through the
story, so a save cannot disagree with the game it came from. A broken save is
reported and left exactly as it was.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kaufhaus.tracking.events import Event

FORMAT = "kaufhaus-save"
VERSION = 1
MAX_SAVE_BYTES = 50 * 1024 * 1024


class SaveError(Exception):
    """A save that cannot be read; the message says what and where, for the player."""


@dataclass(frozen=True)
class SaveHeader:
    story_id: str
    story_hash: str
    lang: str
    seed: int
    created: str = ""
    scene: str = ""
    play_seconds: float = 0.0
    version: int = VERSION

    def as_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": self.version,
            "story": {"id": self.story_id, "hash": self.story_hash},
            "lang": self.lang,
            "seed": self.seed,
            "created": self.created,
            "scene": self.scene,
            "play_seconds": round(self.play_seconds, 3),
        }


@dataclass(frozen=True)
class SaveFile:
    header: SaveHeader
    events: list[Event] = field(default_factory=list)


def now_iso() -> str:
    """Wall-clock time for the save list; never used by the game's state."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def write_save(path: Path, save: SaveFile) -> None:
    """Write a save atomically (see ``write_atomic``)."""
    payload = save.header.as_dict()
    payload["events"] = [e.as_dict() for e in save.events]
    write_atomic(Path(path), json.dumps(payload, ensure_ascii=False, indent=1).encode("utf-8"))


def write_atomic(path: Path, data: bytes) -> None:
    """Temp file in the same folder, fsync, rename, fsync the folder.

    Killing the process at any moment leaves either the old file or the new
    one, never a half-written one. Saves, the cookie and exports all use it.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def read_save(path: Path) -> SaveFile:
    """Read and validate a save; raise SaveError with a clear reason. Never writes."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_SAVE_BYTES:
            raise SaveError(f"{path}: the save is {size // 1_000_000} MB, too large to be ours")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SaveError(f"{path}: no such save") from None
    except OSError as exc:
        raise SaveError(f"{path}: cannot read the save ({exc.strerror})") from None
    try:
        payload = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise SaveError(f"{path}: the save is not UTF-8 text; it is damaged") from None
    except json.JSONDecodeError as exc:
        raise SaveError(
            f"{path}:{exc.lineno}:{exc.colno}: the save is damaged or cut off ({exc.msg})"
        ) from None
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise SaveError(f"{path}: this is not a Kaufhaus Internet save")
    version = payload.get("version")
    if not isinstance(version, int) or version > VERSION:
        raise SaveError(
            f"{path}: save format version {version!r} is newer than this game "
            f"understands ({VERSION}); update the game to load it"
        )
    if version < 1:
        raise SaveError(f"{path}: unknown save format version {version!r}")
    try:
        story = payload["story"]
        header = SaveHeader(
            story_id=str(story["id"]),
            story_hash=str(story["hash"]),
            lang=str(payload["lang"]),
            seed=int(payload["seed"]),
            created=str(payload.get("created", "")),
            scene=str(payload.get("scene", "")),
            play_seconds=float(payload.get("play_seconds", 0.0)),
            version=version,
        )
        raw_events = payload["events"]
        if not isinstance(raw_events, list):
            raise TypeError("events is not a list")
    except (KeyError, TypeError, ValueError) as exc:
        raise SaveError(f"{path}: the save header is incomplete ({exc})") from None
    events: list[Event] = []
    for index, raw_event in enumerate(raw_events):
        if not isinstance(raw_event, dict):
            raise SaveError(f"{path}: event {index} is not a record")
        try:
            event = Event.from_dict(raw_event)
        except ValueError as exc:
            raise SaveError(f"{path}: event {index} is damaged ({exc})") from None
        if event.id != index:
            raise SaveError(f"{path}: event {index} has id {event.id}; the log was tampered with")
        if events and event.t < events[-1].t:
            raise SaveError(f"{path}: event {index} goes back in time; the log was tampered with")
        events.append(event)
    return SaveFile(header, events)


def default_save_dir() -> Path:
    """Where saves live: $KAUFHAUS_SAVES, else ./saves next to where the game runs."""
    env = os.environ.get("KAUFHAUS_SAVES")
    return Path(env) if env else Path.cwd() / "saves"


# -------------------------------------------------------------------- cookie
COOKIE_FILE = "kaufhaus-cookie.json"
COOKIE_FORMAT = "kaufhaus-cookie"


def write_cookie(game: Any, folder: Path) -> Path:
    """Leave the shop's cookie in the save folder, as a web shop leaves one in a browser.

    With consent to personalisation it remembers the top interests; with
    "necessary only" just the visit count. ``kaufhaus forget`` deletes it.
    """
    previous, _ = read_cookie(folder)
    visits = int(previous.get("visits", 0)) + 1 if previous else 1
    profile = game.profile
    interests: dict[str, float] = {}
    if profile.allowed("personalisation"):
        for pid in profile.top_products()[:5]:
            interests[pid] = round(profile.interest(pid), 2)
    payload = {
        "format": COOKIE_FORMAT,
        "story": game.story.id,
        "visits": visits,
        "interests": interests,
    }
    path = Path(folder) / COOKIE_FILE
    write_atomic(path, json.dumps(payload, ensure_ascii=False, indent=1).encode("utf-8"))
    return path


def read_cookie(folder: Path) -> tuple[dict[str, Any] | None, str]:
    """The cookie from an earlier visit, or None and why not ("" if there is none)."""
    path = Path(folder) / COOKIE_FILE
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None, ""
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return None, f"{path}: the shop's cookie is unreadable and was ignored ({exc})"
    if not isinstance(payload, dict) or payload.get("format") != COOKIE_FORMAT:
        return None, f"{path}: not a Kaufhaus Internet cookie; ignored"
    interests = payload.get("interests")
    visits = payload.get("visits")
    return {
        "visits": visits if isinstance(visits, int) and visits > 0 else 1,
        "interests": {
            str(k): float(v)
            for k, v in interests.items()
            if isinstance(v, (int, float)) and not isinstance(v, bool)
        }
        if isinstance(interests, dict)
        else {},
    }, ""


# --------------------------------------------------------------------- games
# Imported late: saves sit above the game in the layering, and the save list
# of the title screen needs only the functions above.


@dataclass(frozen=True)
class Loaded:
    """A game rebuilt from a save, and what the player should be told about it."""

    game: Any
    notice: str = ""
    stopped_at: int | None = None


def save_game(game: Any, path: Path, *, play_seconds: float | None = None) -> None:
    header = SaveHeader(
        story_id=game.story.id,
        story_hash=game.story.content_hash,
        lang=game.lang,
        seed=game.seed,
        created=now_iso(),
        scene=game.scene_id,
        play_seconds=game.now if play_seconds is None else play_seconds,
    )
    write_save(path, SaveFile(header, game.log.events()))


def load_game(story: Any, path: Path) -> Loaded:
    """Replay a save through the story.

    A save from an older version of the same story replays up to the first
    event that no longer fits; the notice tells the player where and why.
    A save of another story is refused.
    """
    from kaufhaus.game import Game

    save = read_save(path)
    header = save.header
    if header.story_id != story.id:
        raise SaveError(
            f"{path}: this save belongs to the story {header.story_id!r}, not {story.id!r}"
        )
    game, problem = Game.replay_tolerant(story, save.events, seed=header.seed, lang=header.lang)
    if not game.started:
        raise SaveError(
            f"{path}: the save holds no playable session"
            + (f" ({problem.reason})" if problem else "")
        )
    if problem is None:
        return Loaded(game)
    changed = header.story_hash != story.content_hash
    why = "the story has changed since this save" if changed else "the save does not fit"
    notice = (
        f"{why}: replayed {problem.index} of {len(save.events)} events; "
        f"event {problem.index} no longer fits ({problem.reason}). "
        f"You continue from scene {game.scene_id!r}."
    )
    game.settle()
    return Loaded(game, notice, problem.index)

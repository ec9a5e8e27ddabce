"""One play session: a Game, the player's clock, and the save folder.

Both front ends (the Textual app and plain mode) drive the game through this
class, so an action is timed, logged and autosaved the same way whether it
came from a key, the mouse or a typed line. It holds no Textual import: plain
mode must start without paying for the full-screen UI.

Time: the core never reads a clock. The session turns the injected clock into
"seconds since the session began"; a resumed game continues a moment after
the last logged event, so the log never runs backwards.
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kaufhaus.saves import (
    COOKIE_FILE,
    Loaded,
    SaveError,
    SaveHeader,
    load_game,
    read_save,
    save_game,
)
from kaufhaus.tracking.events import Event, Kind

if TYPE_CHECKING:
    from kaufhaus.game import Game
    from kaufhaus.story.model import Story

Clock = Callable[[], float]

AUTOSAVE = "autosave"
#: Exported dossiers share the save folder; they are not saves.
EXPORT_PREFIX = "dossier"
#: Seconds between the last logged event of a save and the first one after loading it.
RESUME_GAP = 1.0
_SLOT_NAME = re.compile(r"^[\w][\w.-]{0,39}$")


# ----------------------------------------------------------------- save folder
@dataclass(frozen=True)
class SaveEntry:
    """One file in the save list; ``error`` is set when it cannot be read."""

    path: Path
    name: str
    is_autosave: bool
    header: SaveHeader | None = None
    error: str | None = None


def is_autosave_name(stem: str) -> bool:
    return stem == AUTOSAVE or re.fullmatch(rf"{AUTOSAVE}-\d+", stem) is not None


def list_saves(folder: Path) -> list[SaveEntry]:
    """Every save in the folder, newest first; damaged ones are listed, never touched."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    entries: list[tuple[float, SaveEntry]] = []
    for path in folder.glob("*.json"):
        if (
            path.name.startswith((EXPORT_PREFIX, "."))
            or path.name == COOKIE_FILE
            or not path.is_file()
        ):
            continue
        try:
            mtime = path.stat().st_mtime
        except OSError:
            continue
        auto = is_autosave_name(path.stem)
        try:
            header = read_save(path).header
        except SaveError as exc:
            entries.append((mtime, SaveEntry(path, path.stem, auto, None, str(exc))))
            continue
        entries.append((mtime, SaveEntry(path, path.stem, auto, header)))
    entries.sort(key=lambda pair: (pair[0], pair[1].name), reverse=True)
    return [entry for _, entry in entries]


def autosave_candidates(folder: Path) -> list[Path]:
    """autosave.json and its numbered siblings, newest first."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    found = [p for p in folder.glob(f"{AUTOSAVE}*.json") if is_autosave_name(p.stem)]
    return sorted(found, key=lambda p: (p.stat().st_mtime, p.name), reverse=True)


@dataclass(frozen=True)
class AutosaveProbe:
    """What "Continue" would load, and the autosaves that could not be loaded."""

    path: Path | None
    loaded: Loaded | None
    problems: tuple[str, ...] = ()


def probe_autosave(story: Story, folder: Path) -> AutosaveProbe:
    """Load the newest autosave that still loads; report the damaged ones.

    Damaged files are only read, never rewritten, moved or deleted: the player
    (or a bug report) may still need them.
    """
    problems: list[str] = []
    found: tuple[Path, Loaded] | None = None
    for path in autosave_candidates(folder):
        try:
            if found is None:
                found = (path, load_game(story, path))
            else:
                read_save(path)  # older ones: only say if they are damaged
        except SaveError as exc:
            problems.append(str(exc))
    if found is None:
        return AutosaveProbe(None, None, tuple(problems))
    return AutosaveProbe(found[0], found[1], tuple(problems))


def writable_autosave(story: Story, folder: Path) -> Path:
    """The autosave file a new session may write without destroying anything.

    A damaged autosave (or one of another story) keeps its name and bytes;
    the new session writes to the next free ``autosave-N.json`` instead.
    """
    folder = Path(folder)
    for n in range(1, 1000):
        path = folder / (f"{AUTOSAVE}.json" if n == 1 else f"{AUTOSAVE}-{n}.json")
        if not path.exists():
            return path
        try:
            header = read_save(path).header
        except SaveError:
            continue
        if header.story_id == story.id:
            return path
    raise SaveError(f"{folder}: too many damaged autosaves; please tidy the folder")


def slot_path(folder: Path, name: str) -> Path | None:
    """The file for a named save, or None if the name is unusable or reserved."""
    name = name.strip().replace(" ", "-")
    if name.lower().endswith(".json"):
        name = name[:-5]
    if not _SLOT_NAME.match(name) or name.startswith(EXPORT_PREFIX) or is_autosave_name(name):
        return None
    return Path(folder) / f"{name}.json"


def next_slot_name(folder: Path, pattern: str) -> str:
    """A free default name such as ``spielstand-3``; ``pattern`` has a ``{n}``."""
    for n in range(1, 10_000):
        name = pattern.format(n=n)
        if not (Path(folder) / f"{name}.json").exists():
            return name
    return pattern.format(n="x")


# ------------------------------------------------------------------- session
@dataclass(frozen=True)
class Outcome:
    """What one action did: the event, an examined item's text, whether the scene changed."""

    event: Event
    text: str | None = None
    scene_changed: bool = False
    autosave_error: str | None = None


class Session:
    """A Game plus the clock and the saves; every player action goes through ``act``."""

    def __init__(
        self,
        story: Story | None,
        *,
        lang: str,
        seed: int | None,
        saves: Path,
        clock: Clock = time.monotonic,
    ) -> None:
        self._story = story
        self.lang = lang
        self.fixed_seed = seed
        self.saves = Path(saves)
        self.clock = clock
        self.game: Game | None = None
        self.autosave_path: Path | None = None
        self._base = 0.0
        self._offset = 0.0
        self._cookie_left = False

    @property
    def story(self) -> Story:
        """The story; the TUI may create a session while it still loads, not play one."""
        if self._story is None:
            raise RuntimeError("the story is still loading")
        return self._story

    @story.setter
    def story(self, story: Story) -> None:
        self._story = story

    # -------------------------------------------------------------- time
    def t(self) -> float:
        """Seconds since the session began, on the player's clock."""
        return self._offset + max(0.0, self.clock() - self._base)

    # ------------------------------------------------------------- games
    def new_game(self, fingerprint: dict[str, Any]) -> str:
        """Start a game; the shop reads its cookie from an earlier visit first.

        Returns a problem with that cookie for the player ("" if none).
        """
        from kaufhaus.game import Game
        from kaufhaus.saves import read_cookie

        seed = self.fixed_seed
        if seed is None:
            seed = random.SystemRandom().randrange(1, 2**31)
        cookie, problem = read_cookie(self.saves)
        game = Game(self.story, seed=seed, lang=self.lang)
        self._base, self._offset = self.clock(), 0.0
        game.start(0.0, fingerprint, cookie)
        self.game = game
        self._cookie_left = False
        self.autosave_path = writable_autosave(self.story, self.saves)
        self.autosave()
        return problem

    def load(self, path: Path) -> Loaded:
        """Replay a save; raise SaveError (the file stays as it is)."""
        loaded = load_game(self.story, path)
        self.resume(loaded, Path(path))
        return loaded

    def resume(self, loaded: Loaded, path: Path) -> None:
        """Continue a replayed game a moment after its last event."""
        self.game = loaded.game
        self._cookie_left = bool(loaded.game.ended)  # an ended game left it already
        self.set_lang(self.lang)
        self._base, self._offset = self.clock(), loaded.game.now + RESUME_GAP
        if is_autosave_name(Path(path).stem) and Path(path).parent == self.saves:
            self.autosave_path = Path(path)
        else:
            self.autosave_path = writable_autosave(self.story, self.saves)

    def set_lang(self, lang: str) -> None:
        """Language is presentation, not state: the running game just renders anew."""
        self.lang = lang
        if self.game is not None and lang in self.story.languages:
            self.game.lang = lang

    @property
    def running(self) -> bool:
        return self.game is not None and self.game.started

    # ------------------------------------------------------------ actions
    def act(self, action: str, **kw: Any) -> Outcome:
        """Report one thing the player did; raise GameError if it does not fit."""
        game = self.game
        if game is None:
            raise RuntimeError("no game is running")
        t = self.t()
        before = len(game.log)
        text: str | None = None
        if action == "choose":
            event = game.choose(kw["choice"], t)
        elif action == "examine":
            event, text = game.examine(kw["item"], t)
        elif action == "highlight":
            event = game.highlight(kw["choice"], t, source=kw.get("source", "keyboard"))
        elif action == "hover":
            event = game.hover(kw["target"], t)
        elif action == "type":
            event = game.type_text(kw["value"], t)
        elif action == "back":
            event = game.back(t)
        elif action == "idle":
            event = game.idle(kw["seconds"], t)
        elif action == "price":
            event = game.look_price(kw["product"], t)
        elif action == "save":
            event = game.note(Kind.SAVE, t)
        elif action == "quit":
            event = game.note(Kind.QUIT, t)
        else:
            raise ValueError(f"unknown action {action!r}")
        changed = any(game.log[i].kind is Kind.SCENE_ENTER for i in range(before, len(game.log)))
        return Outcome(event, text, changed, self.autosave())

    def autosave(self) -> str | None:
        """Write the autosave; return the reason if that failed (play goes on)."""
        if self.game is None or self.autosave_path is None:
            return None
        try:
            save_game(self.game, self.autosave_path)
        except OSError as exc:
            return f"{self.autosave_path}: {exc.strerror or exc}"
        return None

    def leave_cookie(self) -> str | None:
        """Once per visit (at the end or on quitting), the shop leaves its cookie.

        Returns the reason if it could not be written (play goes on).
        """
        if self.game is None or self._cookie_left:
            return None
        from kaufhaus.saves import write_cookie

        self._cookie_left = True
        try:
            write_cookie(self.game, self.saves)
        except OSError as exc:
            return str(exc)
        return None

    def save_slot(self, path: Path) -> None:
        """Save under a name; the shop logs that you saved, too."""
        self.act("save")
        assert self.game is not None
        save_game(self.game, path)

    def quit(self) -> None:
        """Log the quit and autosave, so Continue finds everything; leave the cookie."""
        if self.running:
            self.act("quit")
            self.leave_cookie()

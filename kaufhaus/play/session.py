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

import gc
import random
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kaufhaus.play.savefolder import (
    AUTOSAVE,
    EXPORT_PREFIX,
    AutosaveProbe,
    Lock,
    SaveEntry,
    autosave_file,
    claim_autosave,
    clean_leftovers,
    is_autosave_name,
    list_saves,
    next_slot_name,
    probe_autosave,
    slot_path,
    try_lock,
)
from kaufhaus.play.strings import tr
from kaufhaus.saves import (
    SUFFIX,
    AppendWriter,
    CookieProblem,
    Loaded,
    SaveError,
    load_game,
    save_game,
    save_header,
)
from kaufhaus.tracking.events import Event, Kind

if TYPE_CHECKING:
    from kaufhaus.game import Game, SceneView
    from kaufhaus.story.model import Story

Clock = Callable[[], float]

__all__ = [
    "AUTOSAVE",
    "EXPORT_PREFIX",
    "AutosaveProbe",
    "Loaded",
    "Outcome",
    "SaveEntry",
    "SaveError",
    "Session",
    "is_autosave_name",
    "list_saves",
    "next_slot_name",
    "probe_autosave",
    "slot_path",
]

#: Seconds between the last logged event of a save and the first one after loading it.
RESUME_GAP = 1.0


# ------------------------------------------------------------------- session
@dataclass(frozen=True)
class Outcome:
    """What one action did: the event, an examined item's text, whether the scene changed,
    and the view it rendered and logged the uses of: what the front end shows (None
    for a save or a quit, which render nothing)."""

    event: Event
    text: str | None = None
    scene_changed: bool = False
    autosave_error: str | None = None
    view: SceneView | None = None


class Session:
    """A Game plus the clock and the saves; every player action goes through ``act``.

    The autosave is an open file that grows by the new events of each action
    (``AppendWriter``); this session holds the lock on it until ``close``.
    ``autosave_error`` is the truth about the last attempt: None means every
    event so far is on disk.
    """

    def __init__(
        self,
        story: Story | None,
        *,
        lang: str,
        seed: int | None,
        saves: Path,
        clock: Clock = time.monotonic,
        lesson: bool = False,
    ) -> None:
        self._story = story
        self.lang = lang
        #: New games take the story's lesson cut (``--lesson-cut``; see ``game.lesson_state``).
        self.lesson = lesson
        self.fixed_seed = seed
        self.saves = Path(saves)
        self.clock = clock
        self.game: Game | None = None
        self.autosave_path: Path | None = None
        self.autosave_error: str | None = None
        self._writer: AppendWriter | None = None
        self._lock: Lock | None = None
        self._base = 0.0
        self._offset = 0.0
        self._cookie_left = False
        #: The player had the game forget everything: nothing is written any more.
        self.forgotten = False
        # A game killed during a save may have left a temp file of ours.
        clean_leftovers(self.saves)

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
    def _endings(self) -> frozenset[str]:
        return frozenset(sid for sid, scene in self.story.scenes.items() if scene.ending)

    def _start_state(self) -> dict[str, Any] | None:
        """The lesson cut's start state, when this session plays it (the CLI checked the pack)."""
        from kaufhaus.game import has_lesson, lesson_state

        return lesson_state(self.story) if self.lesson and has_lesson(self.story) else None

    def new_game(self, fingerprint: dict[str, Any]) -> str:
        """Start a game in a free autosave; the shop reads its cookie from an earlier visit.

        Returns what the player should know ("" if nothing): a cookie that was
        ignored or put aside (damaged: the next visit leaves a fresh one), an
        autosave that could not be written, or that earlier unfinished games
        were kept and this one saves elsewhere.
        """
        from kaufhaus.game import Game
        from kaufhaus.saves import read_cookie, set_aside_cookie

        self.close()
        self.forgotten = False
        seed = self.fixed_seed
        if seed is None:
            seed = random.SystemRandom().randrange(1, 2**31)
        cookie, problem = read_cookie(self.saves)
        if problem is not None:  # a damaged cookie of ours goes aside, kept as it was
            problem = set_aside_cookie(problem)
        # A name of its own, kept in the save's header: two games never share a file IRI.
        game = Game(self.story, seed=seed, lang=self.lang, session=uuid.uuid4().hex)
        self._base, self._offset = self.clock(), 0.0
        game.start(0.0, fingerprint, cookie, state=self._start_state())
        self.game = game
        self._cookie_left = False
        notes: list[str] = []
        if problem is not None:
            notes.append(problem.text(self.lang))
        error = self._start_autosave()
        if error:
            notes.append(tr("autosave_failed", self.lang, error=error))
        elif self.autosave_path is not None and self.autosave_path.name != autosave_file(1):
            notes.append(tr("autosave_own_slot", self.lang, name=self.autosave_path.name))
        return "\n".join(notes)

    def load(self, path: Path, *, salvage: bool = False) -> Loaded:
        """Replay a save; raise SaveError (the file stays as it is)."""
        loaded = load_game(self.story, path, salvage=salvage)
        self.resume(loaded, Path(path))
        return loaded

    def resume(self, loaded: Loaded, path: Path) -> str:
        """Continue a replayed game a moment after its last event.

        The game goes on in the same file only if that is an autosave of
        ours in this folder, read without a problem, and no other game holds
        it. Otherwise it goes on in a new autosave and the original stays as
        it was; the returned text says so ("" if nothing to say).
        """
        self.close()
        self.forgotten = False
        self.game = loaded.game
        # What the replay built stays as long as the game is played: out of the cycle
        # collector's sight, or each of its full passes walks the whole log again
        # (at 100,000 events it added a tenth of a second before the first card).
        gc.freeze()
        self._cookie_left = bool(loaded.game.ended)  # an ended game left it already
        self.set_lang(self.lang)
        self._base, self._offset = self.clock(), loaded.game.now + RESUME_GAP
        path = Path(path)
        ours = is_autosave_name(path.stem) and path.parent.resolve() == self.saves.resolve()
        if ours and path.suffix == SUFFIX and loaded.appendable:
            lock = try_lock(path)
            if lock is not None:
                try:
                    self._writer = AppendWriter.resume(path, loaded.end, len(loaded.game.log))
                except OSError as exc:
                    lock.release()
                    self.autosave_error = f"{path}: {exc.strerror or exc}"
                    return tr("autosave_failed", self.lang, error=self.autosave_error)
                self._lock = lock
                self.autosave_path = path
                self.autosave_error = None
                return ""
            why = "resume_locked"
        elif loaded.problem is not None:
            why = "resume_damaged"
        elif path.suffix != SUFFIX:
            why = "resume_converted"
        else:
            why = ""
        error = self._start_autosave()
        if error:
            return tr("autosave_failed", self.lang, error=error)
        if not why or self.autosave_path is None:
            return ""
        return tr(why, self.lang, name=self.autosave_path.name, original=path.name)

    def _start_autosave(self) -> str | None:
        """Claim a free autosave and write the whole game into it (once per game)."""
        assert self.game is not None
        if self._lock is None:
            try:
                self.autosave_path, self._lock = claim_autosave(
                    self.saves, self.story.id, self._endings()
                )
            except (OSError, SaveError) as exc:
                self.autosave_error = _reason(exc, self.saves, self.lang)
                return self.autosave_error
        assert self.autosave_path is not None
        try:
            self._writer = AppendWriter.start(
                self.autosave_path, save_header(self.game), self.game.log.events()
            )
        except (OSError, SaveError) as exc:
            self._writer = None
            self.autosave_error = _reason(exc, self.autosave_path, self.lang)
            return self.autosave_error
        self.autosave_error = None
        return None

    def set_lang(self, lang: str) -> None:
        """Language is presentation, not state: the running game just renders anew."""
        self.lang = lang
        if self.game is not None and lang in self.story.languages:
            self.game.lang = lang

    @property
    def running(self) -> bool:
        return self.game is not None and self.game.started

    @property
    def autosaving(self) -> bool:
        """Whether this game is being written to its autosave right now."""
        return self._writer is not None and not self.forgotten

    def leave(self) -> None:
        """Put the game down (back to the title): its autosave stays for Continue."""
        self.close()
        self.game = None

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
        elif action == "contest":  # from the reveal: a right exercised is on the record
            event = game.contest(kw["right"], kw["conclusion"], t)
        else:
            raise ValueError(f"unknown action {action!r}")
        changed = any(game.log[i].kind is Kind.SCENE_ENTER for i in range(before, len(game.log)))
        return Outcome(event, text, changed, self.autosave(), game.shown_view)

    def autosave(self) -> str | None:
        """Append the events not yet on disk; return the reason if that failed (play goes on).

        A failed append is retried with the next action (the writer cut the
        file back to its last whole line), a failed start by writing anew.
        """
        if self.game is None or self.forgotten:
            return None
        if self._writer is None:
            return self._start_autosave()
        try:
            self._writer.append(self.game.log)
        except (OSError, SaveError) as exc:
            self.autosave_error = _reason(exc, self._writer.path, self.lang)
            return self.autosave_error
        self.autosave_error = None
        return None

    @property
    def saved(self) -> bool:
        """Every event of the game is in the autosave (what "Autosaved" may claim)."""
        return (
            self.game is not None
            and self._writer is not None
            and self.autosave_error is None
            and self._writer.count == len(self.game.log)
        )

    def leave_cookie(self) -> str | None:
        """Once per visit (at the end or on quitting), the shop leaves its cookie.

        Returns the reason if it could not be written (play goes on).
        """
        if self.game is None or self._cookie_left:
            return None
        from kaufhaus.saves import read_cookie, write_cookie

        self._cookie_left = True
        try:
            written = write_cookie(self.game, self.saves)
        except OSError as exc:
            return str(exc)
        if written is None:
            _, problem = read_cookie(self.saves)
            return problem.text(self.lang) if isinstance(problem, CookieProblem) else None
        return None

    def save_slot(self, path: Path) -> None:
        """Save under a name; the shop logs that you saved, too. Raises OSError/SaveError."""
        self.act("save")
        assert self.game is not None
        save_game(self.game, path)

    def quit(self) -> None:
        """Log the quit and autosave, so Continue finds everything; leave the cookie.

        A game that has ended is not quit (as in plain mode): the time spent
        reading the reveal is no play time, and the title must not count it.
        """
        if self.running and self.game is not None and not self.game.ended:
            self.act("quit")
        if self.running:
            self.leave_cookie()
        if self._writer is not None:
            self._writer.sync()

    def forget(self) -> None:
        """The player deleted the game's files: write nothing more for this game.

        Otherwise quitting would write the autosave (and the cookie) anew,
        and "forget" would not have forgotten.
        """
        self.close()
        self.forgotten = True
        self._cookie_left = True

    def swap(self, story: Story, game: Game) -> str | None:
        """Play on with a reloaded pack (``--watch``): the new story and its replayed game.

        The autosave keeps its place and lock but is written anew, with the new
        story's header and the game's log as replayed (it may be shorter).
        """
        if self._writer is not None:
            self._writer.close()
            self._writer = None
        self._story = story
        self.game = game
        return self.autosave()

    def close(self) -> None:
        """Stop writing the autosave and give up its lock (the file stays)."""
        if self._writer is not None:
            self._writer.close()
            self._writer = None
        if self._lock is not None:
            self._lock.release()
            self._lock = None


def _reason(exc: BaseException, path: Path, lang: str) -> str:
    if isinstance(exc, SaveError):
        return exc.text(lang)
    if isinstance(exc, OSError):
        return f"{getattr(exc, 'filename', None) or path}: {exc.strerror or exc}"
    return f"{path}: {exc}"  # pragma: no cover

"""A live preview for authors: ``kaufhaus play --pack PACK --watch``.

When a file of the pack changes, the pack is loaded again and the game's own
log is replayed on the new story (the log is the game): the author stays
where they were, with the new texts. Where the changed story no longer allows
a step of the log (a choice removed, a divert that now holds), the replay
stops there and says so. While the pack is broken, the located problems
(``file:line:column: KH0NN ...``) are shown in place of the scene; the game
goes on from where it was once the pack is fixed.

Front-end-neutral: plain mode asks :meth:`PackWatch.poll` before each prompt.
The pack's files are compared by name, size and modification time (no
watcher thread, nothing to clean up).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kaufhaus.game import Game, GameError
from kaufhaus.story.loader import load_pack_with_problems, pack_files
from kaufhaus.story.model import Story


@dataclass(frozen=True)
class Reloaded:
    """What a reload found: the new story and game, or the problems that stop it."""

    story: Story | None = None
    game: Game | None = None
    #: The located problems of a broken pack (empty when it loaded).
    problems: tuple[str, ...] = ()
    #: Where the replay stopped because the story no longer allows the log ("" if it did not).
    stopped: str = ""


class PackWatch:
    """Notices changes to a pack's files and replays a game on the pack as it is now."""

    def __init__(self, pack: Path) -> None:
        self.pack = Path(pack)
        self._stamp = self._now()
        #: The problems shown while the pack is broken (so they are not shown twice).
        self.broken: tuple[str, ...] = ()

    def _now(self) -> tuple[tuple[str, int, int], ...]:
        stamp: list[tuple[str, int, int]] = []
        try:
            files = pack_files(self.pack)
        except OSError:
            return ()
        for path in files:
            try:
                info = path.stat()
            except OSError:
                continue  # removed meanwhile: the next look sees it gone
            stamp.append((str(path), info.st_mtime_ns, info.st_size))
        return tuple(sorted(stamp))

    def changed(self) -> bool:
        """Whether a file of the pack was added, removed or written since the last look."""
        now = self._now()
        if now == self._stamp:
            return False
        self._stamp = now
        return True

    def reload(self, game: Game) -> Reloaded:
        """The pack as it is now, with ``game``'s log replayed on it as far as it goes."""
        story, problems = load_pack_with_problems(self.pack)
        errors = tuple(p.format() for p in problems if p.severity == "error")
        if story is None or errors:
            self.broken = errors or ("the pack could not be loaded",)
            return Reloaded(problems=self.broken)
        self.broken = ()
        try:
            again, stop = Game.replay_tolerant(
                story, game.log.events(), seed=game.seed, lang=game.lang
            )
        except GameError as exc:  # a text that fails while replaying: its place
            self.broken = (str(exc),)
            return Reloaded(problems=self.broken)
        stopped = ""
        if stop is not None:
            event = game.log.events()[stop.index]
            stopped = f"{event.kind.value} {event.target or ''}: {stop.reason}"
        try:
            again.settle()  # a move cut off by the stop still arrives
            again.view()  # a text that fails only when shown: located, in place of the scene
        except GameError as exc:  # RenderError too: each names its place
            self.broken = (str(exc),)
            return Reloaded(problems=self.broken)
        if not again.started:
            return Reloaded(problems=(stopped or "the game could not start again",))
        return Reloaded(story, again, (), stopped)

"""The Textual app: screens around one Session, and the single ``track`` entry point.

Every player action goes through ``KaufhausApp.track``: it asks the Game
(through the Session, which times, logs and autosaves), bumps the reactive
``revision`` so every screen re-reads ``game.view()``, and switches screens
when the scene changed. Widgets only post messages about what the player did;
they never compute a profile or a price.

Startup: only the title screen is imported before the first paint. Given a
pack path instead of a story, the app paints the title first and loads the
story in a thread behind it; the Session (and with it the save code), the game
screens, the replay of the autosave and the dossier load when needed. The first
paint parses the stylesheet once: no theme watcher refresh, no screen-mode reload.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events
from textual.app import App, SystemCommand
from textual.binding import BindingType
from textual.reactive import Reactive, reactive
from textual.screen import Screen

from kaufhaus.play.strings import LANGUAGES, other_language, tr
from kaufhaus.tui.keys import KeySpec, bindings, relabel
from kaufhaus.tui.screens.title import TitleScreen
from kaufhaus.tui.themes import DEFAULT, HIGH_CONTRAST, THEMES

if TYPE_CHECKING:
    from kaufhaus.play.session import Outcome, Session
    from kaufhaus.saves import Loaded
    from kaufhaus.story.model import Story


def _focus_moves_repaint_only_what_changed() -> None:
    """A focus move redraws the two widgets it concerns, not the whole screen.

    Textual declares ``Screen.focused`` as a reactive that repaints: every Tab
    or click that moves the focus redraws the whole screen (and, under a modal,
    the dimmed screen behind it). The widgets that gain and lose the focus
    already refresh themselves (their ``:focus`` styles, ``:focus-within`` of
    their containers), so the full redraw only costs time: in the browser
    classroom it was half of a Tab's CPU in the game process and four times
    the bytes on the wire, with 30 games sharing two cores.
    """
    focused = Screen.__dict__.get("focused")
    if isinstance(focused, Reactive):
        focused._repaint = False


_focus_moves_repaint_only_what_changed()


#: Spaces no line may end at: the one between a figure and its unit (``1.499,00 €``,
#: ``90 %``, see ``tracking.numbers``) and its narrow and figure-width kin.
_NO_BREAK = "\u00a0\u202f\u2007"


def _lines_never_break_at_a_non_breaking_space() -> None:
    """Wrapped text keeps ``49,95 €`` on one line.

    Textual wraps a text (``Content``, and a table cell's ``rich.Text``) with
    Rich's ``divide_line``, whose words are split at every Unicode space: the
    non-breaking space included, so a line could end with "49,95" and the next
    start with "€". A word here runs on through a non-breaking space.
    """
    import re

    import rich._wrap

    rich._wrap.re_word = re.compile(rf"[^\S{_NO_BREAK}]*[\S{_NO_BREAK}]+[^\S{_NO_BREAK}]*")


_lines_never_break_at_a_non_breaking_space()

#: Actions that are decisions: a successful one clears the last message.
_DECISIONS = frozenset({"choose", "back", "examine", "type"})


class KaufhausApp(App[int]):
    """Kaufhaus Internet in the terminal."""

    #: The title screen's CSS is read with the app's (it is the default screen, see
    #: ``get_default_screen``), so the first paint parses the stylesheet only once.
    CSS_PATH: ClassVar = ["app.tcss", "screens/title.tcss"]
    TITLE = "Kaufhaus Internet"
    #: Seconds without any key or mouse input before the shop logs "idle" (once per pause).
    IDLE_AFTER: ClassVar[float] = 30.0
    #: How often the idle check runs, in seconds.
    IDLE_CHECK: ClassVar[float] = 1.0
    #: How often ``--watch`` looks at the pack's files (seconds).
    WATCH_EVERY: ClassVar[float] = 0.5
    #: Saves larger than this (about 10,000 events) replay in a thread.
    LOAD_IN_THREAD: ClassVar[int] = 1_000_000

    #: One layout for every window from 40 × 18 up: Textual puts one class of each
    #: list on every screen as the window changes, and the .tcss files adapt to them.
    #: Below 60 columns (a phone held upright) panels stack instead of standing side
    #: by side; below 24 rows (a phone on its side, a laptop at 200 % zoom) the
    #: frames get thinner; below 32 rows the shelf opens only when it has the focus,
    #: so the scene keeps the rows (80 × 24: at least 16 of text).
    #: (Not ClassVar-annotated: Textual declares them as instance variables.)
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (60, "-wide")]  # noqa: RUF012
    VERTICAL_BREAKPOINTS = [(0, "-short"), (24, "-mid"), (32, "-tall")]  # noqa: RUF012

    KEYS: ClassVar[tuple[KeySpec, ...]] = (
        KeySpec("question_mark", "help", "key_help", key_display="?"),
        KeySpec("f1", "help", "key_help", show=False),
        KeySpec("x", "toggle_xray", "key_xray"),
        KeySpec("f2", "toggle_contrast", "key_contrast", show=False),
        KeySpec("q", "quit", "key_quit"),
        KeySpec("ctrl+p", "command_palette", "key_palette", show=False, priority=True),
    )
    BINDINGS: ClassVar[list[BindingType]] = bindings(KEYS)

    lang: reactive[str] = reactive("de", init=False)
    xray: reactive[bool] = reactive(False, init=False)
    #: Bumped after every tracked action: screens watch it and re-read the view.
    #: No repaint of its own: the widgets the screens update repaint themselves,
    #: and a repaint here would redraw the whole screen on every key the shop logs.
    revision: reactive[int] = reactive(0, init=False, repaint=False)
    #: One line for the player (an error, a save notice); cleared by the next decision.
    message: reactive[str] = reactive("", init=False, repaint=False)
    #: False while the story is still loading behind the title screen.
    story_ready: reactive[bool] = reactive(True, init=False)

    def __init__(
        self,
        story: Story | None = None,
        *,
        pack: Path | None = None,
        lang: str = "de",
        seed: int | None = None,
        saves: Path | None = None,
        xray: bool = False,
        clock: Callable[[], float] = time.monotonic,
        fingerprint: dict[str, Any] | None = None,
        watch: bool = False,
        lesson: bool = False,
    ) -> None:
        super().__init__()
        #: New games take the pack's lesson cut (``kaufhaus play/serve --lesson-cut``).
        self.lesson = lesson
        if story is None and pack is None:
            raise ValueError("give a story or the path of a scene pack")
        lang = lang if lang in LANGUAGES else "de"
        self.story = story
        self.pack = pack
        #: Problems that kept the pack from loading; the CLI prints them after exit.
        self.load_problems: list[str] = []
        self.clock = clock
        self._seed = seed
        self._saves = Path(saves) if saves is not None else None
        #: Created when first needed (after the first paint): see ``session``.
        self._session: Session | None = None
        self.set_reactive(KaufhausApp.story_ready, story is not None)
        self.fixed_fingerprint = fingerprint
        self.set_reactive(KaufhausApp.lang, lang)
        self.set_reactive(KaufhausApp.xray, xray)
        for theme in THEMES:
            self.register_theme(theme)
        self._start_with_theme(DEFAULT)
        self._last_input = clock()
        self._idle_logged = False
        self._quit_logged = False
        self._gone = False
        self._autosave_failing = False
        #: A long save is being replayed in a thread (see ``load_save``).
        self.loading = False
        #: Counts scene entries shown so far: screens reset scroll and focus when it moves.
        self.scene_serial = 0
        from kaufhaus.play.handin import class_mode

        #: Set when a class plays in the browser (``kaufhaus serve``); see ``play.handin``.
        self.classroom = class_mode()
        #: The pupil agreed on the class banner: live status goes to the class folder.
        self.class_share = False
        self._share_timer: Any = None
        #: The page came back after the teacher's server restarted: Continue once, by itself.
        self._resume_pending = self.classroom is not None and self.classroom.resume
        #: ``--watch``: the pack is reloaded when its files change (see ``check_pack``).
        self.watching = watch and pack is not None
        self._pack_watch: Any = None

    # --------------------------------------------------------------- setup
    def _start_with_theme(self, name: str) -> None:
        """Set the first theme without the watcher's full CSS refresh.

        ``self.theme = name`` would schedule a reparse and restyle of the whole
        stylesheet right after the first mount; before the app runs, nothing has
        been parsed yet, so only the theme's classes, colour filter and CSS
        variables are needed.
        """
        self.set_reactive(App.theme, name)
        theme = self.current_theme
        classes = {c: False for c in self.classes if c.startswith("-theme-")}
        classes[f"-theme-{theme.name}"] = True
        classes["-dark-mode"] = theme.dark
        classes["-light-mode"] = not theme.dark
        self.update_classes(classes, update=False)
        self._refresh_truecolor_filter(self.ansi_theme)
        # The stylesheet was created with the default theme's variables.
        self.stylesheet.set_variables(self.get_css_variables())

    def get_default_screen(self) -> Screen[Any]:
        """The title screen is the base of the screen stack for the whole run."""
        return TitleScreen()

    def on_mount(self) -> None:
        if self.is_web:
            from kaufhaus.tui.webwrite import whole_packets

            whole_packets(self._driver)
        relabel(self, self.KEYS, self.lang)
        self.call_after_refresh(self._check_size)
        self.set_interval(self.IDLE_CHECK, self.idle_tick, name="idle-check")
        self._watch_terminal()
        if self.watching:
            self.set_interval(self.WATCH_EVERY, self.check_pack, name="pack-watch")
        if self.story is None:
            self.call_after_refresh(self._open_the_shop)
        if self.classroom is not None:
            self.call_after_refresh(self._ask_the_class)

    def _open_the_shop(self) -> None:
        """After the first paint: load the story in a thread, the title stays responsive."""
        self.run_worker(
            self._load_story, thread=True, exclusive=True, name="load-story", exit_on_error=False
        )

    def check_pack(self) -> None:
        """``--watch``: reload a changed pack and replay the running game on it.

        While the pack is broken its located problems stand in place of the
        scene (PackBrokenScreen); once it is fixed, the game goes on from where
        it was, with the new texts.
        """
        from kaufhaus.play.watch import PackWatch
        from kaufhaus.tui.screens.packbroken import PackBrokenScreen

        if self.pack is None:
            return
        if self._pack_watch is None:
            self._pack_watch = PackWatch(self.pack)
            return  # the pack as it was loaded: compared from now on
        game = self._game
        if game is None or not self._pack_watch.changed():
            return
        result = self._pack_watch.reload(game)
        broken = next((s for s in self.screen_stack if isinstance(s, PackBrokenScreen)), None)
        if result.problems:
            if broken is not None:
                broken.show(result.problems)
            else:
                self.push_screen(PackBrokenScreen(result.problems))
            return
        while any(isinstance(s, PackBrokenScreen) for s in self.screen_stack):
            self.pop_screen()
        if result.story is None or result.game is None:  # pragma: no cover - reload says which
            return
        self.story = result.story
        error = self.session.swap(result.story, result.game)
        if error:
            self.message = tr("autosave_failed", self.lang, error=error)
        elif result.stopped:
            self.message = tr("pack_reloaded_from", self.lang, where=result.stopped)
        else:
            self.message = tr("pack_reloaded", self.lang)
        self.start_play()
        self.revision += 1

    def _load_story(self) -> None:
        from kaufhaus.play.pack import open_pack
        from kaufhaus.story.errors import StoryLoadError

        assert self.pack is not None
        try:
            story = open_pack(self.pack)  # as every front end: texts compiled when first shown
        except StoryLoadError as exc:
            problems = [p.format() for p in exc.problems if p.severity == "error"]
            self.call_from_thread(self._story_failed, problems)
            return
        self.call_from_thread(self._story_loaded, story)

    def _story_loaded(self, story: Story) -> None:
        self.story = story
        if self._session is not None:
            self._session.story = story
        self.story_ready = True
        self.call_after_refresh(self._warm_up)

    def _warm_up(self) -> None:
        """Once the title says it is ready, import what the first choice needs (the game,
        the sessions, the template sandbox): then that choice does not wait for it, and
        "ready" did not wait for it either."""
        import kaufhaus.game
        import kaufhaus.play.session
        import kaufhaus.story.templates  # noqa: F401

    def _story_failed(self, problems: list[str]) -> None:
        self.load_problems = problems or ["the scene pack could not be loaded"]
        self.exit(1, return_code=1)

    @property
    def shop_pack(self) -> bool:
        """Whether the pack is the shipped shop: its name may show before it has loaded."""
        if self.pack is None:
            return False
        shipped = Path(__file__).resolve().parent.parent.parent / "scenes"
        try:
            return Path(self.pack).resolve() == shipped.resolve()
        except OSError:
            return False

    @property
    def loaded_story(self) -> Story:
        """The story, for screens that are only shown once it has loaded."""
        if self.story is None:
            raise RuntimeError("the story is still loading")
        return self.story

    @property
    def session(self) -> Session:
        """The play session, created on first use (not before the first paint)."""
        if self._session is None:
            from kaufhaus.play.session import Session

            self._session = Session(
                self.story,
                lang=self.lang,
                seed=self._seed,
                saves=self.saves,
                clock=self.clock,
                lesson=self.lesson,
            )
        return self._session

    @property
    def saves(self) -> Path:
        if self._saves is None:
            from kaufhaus.saves import default_save_dir

            self._saves = default_save_dir()
        return self._saves

    @property
    def _game(self) -> Any:
        """The running game, if any, without creating the session."""
        return self._session.game if self._session is not None else None

    @property
    def game(self) -> Any:
        return self._game

    # ------------------------------------------------------------ tracking
    def track(self, action: str, **kw: Any) -> Outcome | None:
        """Report one thing the player did; refresh every screen from the new view.

        Returns the outcome, or None when the action did not fit (the player
        is told why; nothing is logged).
        """
        from kaufhaus.game import GameError, RenderError, UndoError

        if not self.session.running:
            return None
        try:
            outcome = self.session.act(action, **kw)
        except UndoError as exc:
            self.bell()
            self.message = tr(f"undo_{exc.reason}", self.lang)
            return None
        except RenderError as exc:
            self.bell()
            self.message = tr("story_error", self.lang, error=str(exc))
            return None
        except GameError as exc:
            self.bell()
            key = "cannot_back" if action == "back" else "not_possible"
            self.message = tr(key, self.lang, error=str(exc))
            return None
        if outcome.autosave_error:
            self.message = tr("autosave_failed", self.lang, error=outcome.autosave_error)
            self._autosave_failing = True
        elif self._autosave_failing:  # what the last message claimed is no longer true
            self._autosave_failing = False
            self.message = tr("autosave_again", self.lang)
        elif action in _DECISIONS:
            self.message = ""
        if outcome.scene_changed:
            self.scene_serial += 1  # before the refresh: screens reset scroll and focus
        self.revision += 1
        if outcome.scene_changed:
            self.route()
            if self.class_share:
                self._share_soon()
        return outcome

    def idle_tick(self) -> None:
        """Log one "idle" event per pause longer than IDLE_AFTER (the shop notices)."""
        game = self._game
        if game is None or game.ended or self._idle_logged:
            return
        idle = self.clock() - self._last_input
        if idle >= self.IDLE_AFTER:
            self._idle_logged = True
            self.track("idle", seconds=round(idle, 1))

    def note_input(self) -> None:
        self._last_input = self.clock()
        self._idle_logged = False

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent) and not event.is_forwarded:
            self.note_input()
        await super().on_event(event)

    # ---------------------------------------------------------- window size
    def on_resize(self, event: events.Resize) -> None:
        self.call_after_refresh(self._check_size)  # once the new size has reached the screens

    def push_screen(self, screen: Any, *args: Any, **kwargs: Any) -> Any:
        """Push as usual; a window too small for the new screen is still said so."""
        from kaufhaus.tui.screens.toosmall import TooSmallScreen

        result = super().push_screen(screen, *args, **kwargs)
        if not isinstance(screen, TooSmallScreen):
            self.call_after_refresh(self._check_size)
        return result

    def _check_size(self) -> None:
        """Below 40 × 18 a message covers the game (cut footers help nobody); above, it goes."""
        from kaufhaus.tui.screens.toosmall import TooSmallScreen, too_small

        if not self.is_running or not self.screen_stack:
            return
        if too_small(self.size.width, self.size.height):
            if not isinstance(self.screen, TooSmallScreen):
                self.push_screen(TooSmallScreen())
        else:
            while len(self.screen_stack) > 1 and isinstance(self.screen, TooSmallScreen):
                self.pop_screen()

    # ------------------------------------------------------------- routing
    def _replace_base(self, screen: Screen[Any] | None) -> None:
        """Close everything above the title screen, then show ``screen`` on it.

        The title screen stays at the bottom of the stack for the whole run
        (it is the default mode's base screen), so "back to the title" is
        just closing everything above it.
        """
        while len(self.screen_stack) > 1:
            self.pop_screen()
        if screen is not None:
            self.push_screen(screen)

    def start_play(self) -> None:
        """Show a freshly started or loaded game from its current scene."""
        from kaufhaus.tui.screens.scene import SceneScreen

        self.note_input()
        self._quit_logged = False
        self.scene_serial += 1
        if self.class_share:  # the control room sees a new or continued game at once
            self._share_soon()
        if self.session.game is not None and self.session.game.ended:
            self.route()
            return
        self._replace_base(SceneScreen())
        self.route()

    def route(self) -> None:
        """Put the right screen on top for the current scene."""
        from kaufhaus.tui.screens.consent import ConsentScreen
        from kaufhaus.tui.screens.reveal import RevealScreen

        game = self.session.game
        if game is None:
            return
        if game.ended:
            from kaufhaus.play.words import reveals

            self.session.leave_cookie()
            if not reveals(game.story):  # a pack of its own: the ending, new game, quit
                from kaufhaus.tui.screens.ending import EndScreen

                if not any(isinstance(s, EndScreen) for s in self.screen_stack):
                    self._replace_base(EndScreen())
            elif not any(isinstance(s, RevealScreen) for s in self.screen_stack):
                self._replace_base(RevealScreen())
            return
        consent_open = any(isinstance(s, ConsentScreen) for s in self.screen_stack)
        if game.view().is_consent:
            if not consent_open:
                self.push_screen(ConsentScreen())
        elif consent_open:
            while any(isinstance(s, ConsentScreen) for s in self.screen_stack):
                self.pop_screen()

    def show_title(self) -> None:
        self._replace_base(None)

    # ------------------------------------------- start over, back to title
    def _mid_game(self) -> bool:
        game = self._game
        return game is not None and not game.ended

    def _leave_question(self, key: str) -> str:
        """What happens to the game being left, as the save code will really do it.

        A running autosave keeps the game (a new game claims another file, see
        ``claim_autosave``); when the autosave is not being written, the
        game is lost, and the question says that instead.
        """
        kept = self._session is not None and self._session.autosaving
        return tr(f"{key}_{'kept' if kept else 'lost'}", self.lang)

    def action_restart(self) -> None:
        """Start over, after asking: the game being left is quit as with q (and autosaved)."""
        if not self._mid_game():
            return
        from kaufhaus.tui.screens.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes and self._mid_game():
                self.finish()
                self.new_game()

        lang = self.lang
        self.push_screen(
            ConfirmScreen(
                self._leave_question("confirm_restart"),
                tr("confirm_restart_yes", lang),
                tr("confirm_no", lang),
                lang,
            ),
            answered,
        )

    def action_to_title(self) -> None:
        """Back to the title, after asking: the game is quit as with q, Continue resumes it."""
        if not self._mid_game():
            return
        from kaufhaus.tui.screens.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes and self._mid_game():
                self.finish()
                if self._session is not None:
                    self._session.leave()
                self.message = ""
                self.show_title()

        lang = self.lang
        self.push_screen(
            ConfirmScreen(
                self._leave_question("confirm_title"),
                tr("confirm_title_yes", lang),
                tr("confirm_no", lang),
                lang,
            ),
            answered,
        )

    # ----------------------------------------------------------- classroom
    @property
    def on_teachers_computer(self) -> bool:
        """Played for a class (in the browser): the saves lie on the teacher's computer,
        and nothing about that disk reaches the pupil (file names, never a folder)."""
        return self.classroom is not None or self.is_web

    def take_resume(self) -> bool:
        """True once, when the page reconnected after a restart of the teacher's server
        and the pupil's answer on the class banner stands: the title then continues the
        autosave by itself (the pupil already chose to play it; nothing new is asked)."""
        from kaufhaus.play.handin import read_answer

        pending, self._resume_pending = self._resume_pending, False
        return pending and self.classroom is not None and read_answer(self.classroom) is not None

    def _ask_the_class(self, *, again: bool = False) -> None:
        """Our own banner first: may an anonymous summary go to the teacher?

        Asked once per lesson: after a reload or a restart of the teacher's
        server the answer stands (and the pupil can change it from the
        command palette).
        """
        from kaufhaus.play.handin import read_answer, text, write_answer
        from kaufhaus.tui.screens.classconsent import ClassConsentScreen

        assert self.classroom is not None
        mode = self.classroom
        remembered = None if again else read_answer(mode)
        if remembered is not None:
            self.class_share = remembered
            answer = text("class_yes" if remembered else "class_no", self.lang)
            self.notify(text("class_again", self.lang, answer=answer), timeout=10)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.class_share = True
                self._share_soon()
                with contextlib.suppress(OSError):
                    write_answer(mode, True)
            else:
                self.withdraw_from_class()

        self.push_screen(ClassConsentScreen(self.lang), answered)

    def action_class_question(self) -> None:
        if self.classroom is not None:
            self._ask_the_class(again=True)

    def withdraw_from_class(self, *, forget: bool = False) -> None:
        """No (again), or "forget everything": nothing more goes to the teacher, and what went goes.

        A "no" after a reload, or forgetting the game, takes back an earlier
        yes: this game's live file leaves the control room and its hand-in
        the class report. A "no" is remembered; forgetting forgets the answer
        too (the next start asks again).
        """
        from kaufhaus.play.handin import withdraw, write_answer

        self.class_share = False
        if self._share_timer is not None:
            self._share_timer.stop()
            self._share_timer = None
        if self.classroom is not None:
            with contextlib.suppress(OSError):
                withdraw(self.classroom)
                if forget:
                    self.classroom.answer_file.unlink(missing_ok=True)
                else:
                    write_answer(self.classroom, False)

    def _share_soon(self) -> None:
        """Write the live status shortly after the scene is painted (once per burst)."""
        if self._share_timer is not None:
            self._share_timer.stop()
        self._share_timer = self.set_timer(0.3, self._share_now)

    def _share_now(self) -> None:
        from kaufhaus.play.handin import handin_of, write_live

        self._share_timer = None
        game = self._game
        if self.classroom is None or not self.class_share or game is None:
            return
        with contextlib.suppress(OSError):  # the control room misses one update, no more
            write_live(self.classroom, handin_of(game))

    def offer_handin(self, dossier: dict[str, Any]) -> None:
        """Show the anonymised file and let the pupil hand it in or not (class only)."""
        from kaufhaus.play.handin import handin_from_dossier, text
        from kaufhaus.tui.screens.handin import HandinScreen

        if self.classroom is None:
            self.notify(text("handin_only_class", self.lang))
            return

        def done(message: str | None) -> None:
            if message:
                self.notify(message, timeout=8)

        record = handin_from_dossier(dossier, self.story)  # the story's own choice labels
        self.push_screen(HandinScreen(record, self.lang), done)

    # ---------------------------------------------------------- game setup
    def fingerprint(self) -> dict[str, Any]:
        if self.fixed_fingerprint is not None:
            return dict(self.fixed_fingerprint)
        from kaufhaus.play.fingerprint import local_fingerprint, reported_fingerprint

        if self.is_web:
            # In the browser this machine is the teacher's laptop: the shop reads
            # the pupil's browser (as its page reported it), never the server.
            return reported_fingerprint()
        return local_fingerprint(self.size.width, self.size.height, self.console.color_system)

    def new_game(self) -> None:
        from kaufhaus.game import RenderError

        try:
            self.message = self.session.new_game(self.fingerprint())
        except RenderError as exc:  # the pack's start scene cannot be shown: say where
            self.bell()
            self.notify(tr("story_error", self.lang, error=str(exc)), severity="error")
            return
        self.start_play()

    def resume(self, loaded: Loaded, path: Path) -> None:
        """Continue a replayed save (Continue or Load); tell the player what happened to it."""
        note = self.session.resume(loaded, path)
        notice = loaded.notice_text(self.lang)
        lines = [tr("load_notice", self.lang, notice=notice)] if notice else []
        self.message = "\n".join([*lines, *([note] if note else [])])
        self.start_play()

    def load_save(
        self,
        path: Path,
        *,
        salvage: bool = False,
        on_error: Callable[[str], None] | None = None,
    ) -> str | None:
        """Load a save file; return the error message instead of raising.

        A save damaged after some good events is not simply refused: the
        player is asked whether to go on from the last good event (the file
        itself stays as it is). A long save (more than LOAD_IN_THREAD bytes)
        replays in a thread, so the screen stays alive and says it is
        loading; its error, if any, goes to ``on_error`` later (None returned).
        """
        from kaufhaus.saves import SaveError, load_game

        if self.loading:
            return None
        try:
            size = Path(path).stat().st_size
        except OSError:
            size = 0
        if size > self.LOAD_IN_THREAD:
            self.loading = True
            self.message = tr("loading", self.lang)

            def replay() -> None:
                try:
                    loaded: Any = load_game(self.loaded_story, path, salvage=salvage)
                except SaveError as exc:
                    loaded = exc
                except Exception as exc:  # a bug: said, never a title stuck on "loading"
                    why = f"{type(exc).__name__}: {str(exc)[:120]}"
                    loaded = SaveError(path, "unreadable", why=why)
                self.call_from_thread(self._loaded, path, salvage, loaded, on_error)

            self.run_worker(replay, thread=True, name="load-save", exit_on_error=False)
            return None
        try:
            loaded = load_game(self.loaded_story, path, salvage=salvage)
        except SaveError as exc:
            return self._load_failed(path, salvage, exc)
        self.resume(loaded, path)
        return None

    def _loaded(
        self,
        path: Path,
        salvage: bool,
        loaded: Any,
        on_error: Callable[[str], None] | None,
    ) -> None:
        from kaufhaus.saves import SaveError

        self.loading = False
        self.message = ""
        if isinstance(loaded, SaveError):
            error = self._load_failed(path, salvage, loaded)
            try:
                if on_error is None:
                    raise LookupError("nobody to tell")
                on_error(error)
            except Exception:  # the screen that asked has been closed meanwhile
                self.message = error
            return
        self.resume(loaded, path)

    def _load_failed(self, path: Path, salvage: bool, exc: Any) -> str:
        if not salvage and exc.event is not None and exc.good > 0:
            from kaufhaus.tui.screens.saves import SalvageScreen

            self.push_screen(SalvageScreen(path, exc))
        return tr("load_failed", self.lang, error=exc.text(self.lang))

    def save_to(self, name: str) -> Path:
        """Save under a slot name; raise ValueError for a bad name, OSError on disk trouble."""
        from kaufhaus.play.session import slot_path
        from kaufhaus.saves import SaveError

        path = slot_path(self.saves, name)
        if path is None:
            raise ValueError(tr("save_bad_name", self.lang))
        try:
            self.session.save_slot(path)
        except SaveError as exc:
            raise OSError(exc.text(self.lang)) from None
        self.revision += 1
        return path

    def finish(self) -> None:
        """Log the quit once and autosave, so Continue restores everything."""
        if self._session is not None and self._session.running and not self._quit_logged:
            self._quit_logged = True
            self.session.quit()

    # -------------------------------------------------------------- actions
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The x-ray, restart and title keys only exist while a game is being played."""
        if action in ("toggle_xray", "restart", "to_title"):
            return self._mid_game()
        return True

    async def action_quit(self) -> None:
        """Quit; in the middle of a game only after asking, so a stray q ends nothing."""
        if not self._mid_game():
            self._quit_now()
            return
        from kaufhaus.tui.screens.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self._quit_now()

        lang = self.lang
        self.push_screen(
            ConfirmScreen(
                self._leave_question("confirm_quit"),
                tr("confirm_quit_yes", lang),
                tr("confirm_no", lang),
                lang,
            ),
            answered,
        )

    def _quit_now(self) -> None:
        self.finish()
        self.close_session()
        self.exit(0)

    def on_unmount(self) -> None:
        """However the app ends, the autosave's lock goes with it (the file stays)."""
        self.close_session()

    def close_session(self) -> None:
        """Stop writing the autosave and give up its lock (the file stays)."""
        if self._session is not None:
            self._session.close()

    # ------------------------------------------------------ terminal gone
    def _watch_terminal(self) -> None:
        """Notice a terminal that goes away: SIGHUP, or the pty closed under us.

        Without this a game whose window was closed keeps spinning on a dead
        terminal for hours. Only for a real terminal: headless tests and
        piped input have none to lose.
        """
        if self.is_headless:
            return
        import asyncio
        import signal

        loop = asyncio.get_running_loop()
        for name in ("SIGHUP", "SIGTERM"):
            number = getattr(signal, name, None)
            if number is not None:
                with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                    loop.add_signal_handler(number, self.terminal_gone)
        if _terminal_alive():
            self.set_interval(0.25, self._check_terminal, name="terminal-check")

    def _check_terminal(self) -> None:
        if not _terminal_alive():
            self.terminal_gone()

    def terminal_gone(self) -> None:
        """Save as on quit (quit logged, autosave, cookie), then leave within a second."""
        if self._gone:
            return
        self._gone = True
        try:
            self.finish()
        finally:
            self.close_session()
        import os
        import threading

        def _leave() -> None:  # the dead terminal may block a clean shutdown
            time.sleep(0.8)
            os._exit(0)

        threading.Thread(target=_leave, name="leave", daemon=True).start()
        self.exit(0)

    def action_help(self) -> None:
        from kaufhaus.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_toggle_xray(self) -> None:
        self.xray = not self.xray

    def action_toggle_contrast(self) -> None:
        self.theme = DEFAULT if self.theme == HIGH_CONTRAST else HIGH_CONTRAST

    def action_switch_language(self) -> None:
        self.lang = other_language(self.lang)

    def action_save(self) -> None:
        from kaufhaus.tui.screens.saves import SaveScreen

        game = self._game
        if game is not None and not game.ended and not isinstance(self.screen, SaveScreen):
            self.push_screen(SaveScreen())

    def action_load(self) -> None:
        from kaufhaus.tui.screens.saves import LoadScreen

        if self.story_ready and not isinstance(self.screen, LoadScreen):
            self.push_screen(LoadScreen())

    def watch_lang(self, lang: str) -> None:
        if self._session is not None:
            self._session.set_lang(lang)
        relabel(self, self.KEYS, lang)
        self.revision += 1

    # -------------------------------------------------------------- palette
    def action_command_palette(self) -> None:
        """Textual's palette, with its search field's hint in the player's language."""
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]
            self.push_screen(
                CommandPalette(id="--command-palette", placeholder=tr("cmd_search", self.lang))
            )

    def action_change_theme(self) -> None:
        from textual.command import CommandPalette
        from textual.theme import ThemeProvider

        self.push_screen(
            CommandPalette(providers=[ThemeProvider], placeholder=tr("cmd_theme_search", self.lang))
        )

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Our commands and Textual's own, all in the player's language.

        Textual's built-in commands (theme, quit, keys, maximise, screenshot)
        are written out here instead of taken from ``super()``, whose names are
        English only; they call the same actions.
        """
        lang = self.lang
        if self.classroom is not None:
            from kaufhaus.play.handin import text

            yield SystemCommand(
                text("cmd_class", lang), text("cmd_class_help", lang), self.action_class_question
            )
        if self._mid_game():
            yield SystemCommand(tr("cmd_save", lang), tr("cmd_save_help", lang), self.action_save)
        yield SystemCommand(tr("cmd_load", lang), tr("cmd_load_help", lang), self.action_load)
        yield SystemCommand(
            tr("cmd_lang", lang), tr("cmd_lang_help", lang), self.action_switch_language
        )
        yield SystemCommand(tr("cmd_help", lang), tr("cmd_help_help", lang), self.action_help)
        yield SystemCommand(
            tr("cmd_xray", lang), tr("cmd_xray_help", lang), self.action_toggle_xray
        )
        yield SystemCommand(
            tr("cmd_contrast", lang), tr("cmd_contrast_help", lang), self.action_toggle_contrast
        )
        if self._mid_game():
            yield SystemCommand(
                tr("cmd_restart", lang), tr("cmd_restart_help", lang), self.action_restart
            )
            yield SystemCommand(
                tr("cmd_title", lang), tr("cmd_title_help", lang), self.action_to_title
            )
        yield SystemCommand(
            tr("cmd_theme", lang), tr("cmd_theme_help", lang), self.action_change_theme
        )
        yield SystemCommand(tr("cmd_quit", lang), tr("cmd_quit_help", lang), self.action_quit)
        if screen.query("HelpPanel"):
            yield SystemCommand(
                tr("cmd_keys", lang), tr("cmd_keys_hide_help", lang), self.action_hide_help_panel
            )
        else:
            yield SystemCommand(
                tr("cmd_keys", lang), tr("cmd_keys_help", lang), self.action_show_help_panel
            )
        if screen.maximized is not None:
            yield SystemCommand(
                tr("cmd_minimize", lang), tr("cmd_minimize_help", lang), screen.action_minimize
            )
        elif screen.focused is not None and screen.focused.allow_maximize:
            yield SystemCommand(
                tr("cmd_maximize", lang), tr("cmd_maximize_help", lang), screen.action_maximize
            )
        yield SystemCommand(
            tr("cmd_screenshot", lang),
            tr("cmd_screenshot_help", lang),
            lambda: self.set_timer(0.1, self.deliver_screenshot),
        )


def _terminal_alive() -> bool:
    """Whether our terminal still answers (a hung-up tty fails every query)."""
    import sys

    try:
        import termios

        stream = sys.__stdin__
        if stream is None:
            return False
        termios.tcgetattr(stream.fileno())
    except (ImportError, OSError, ValueError):
        return False
    except Exception:  # termios.error is not an OSError
        return False
    return True

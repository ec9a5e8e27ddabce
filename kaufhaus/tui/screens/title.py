"""The title screen: the game's name, the language, and where to start.

The name and subtitle are the pack's (``game:`` in story.yaml); the shop's
awning is shown only for a pack in the shop's frame.

It is the first thing painted, so it imports nothing heavy. After the first
frame, the newest autosave's first and last lines label "Continue" (where,
how long played): nothing is replayed until the player chooses it, so the
title is as quick with 100,000 events as with 10. A damaged autosave is
named here and left alone; one damaged in the middle is found on Continue,
and the player may go on from its last good event.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from kaufhaus.play.strings import clock_text, tr
from kaufhaus.play.words import SHOP_TITLE, game_title, is_shop, subtitle
from kaufhaus.tui.widgets.footer import Footer
from kaufhaus.tui.widgets.literal import Literal

if TYPE_CHECKING:
    from kaufhaus.play.session import AutosaveProbe
    from kaufhaus.tui.app import KaufhausApp

AWNING = "▚▞" * 36
MENU = ("new", "continue", "load", "lang", "help", "quit")


class TitleScreen(Screen[None]):
    """The pack's name (Kaufhaus Internet by default): New game, Continue, Load, Language,
    Help, Quit."""

    CSS_PATH = "title.tcss"

    def __init__(self) -> None:
        super().__init__()
        self.probe: AutosaveProbe | None = None
        #: Why the last Continue failed ("" if it did not).
        self.error = ""
        #: "new" or "load", chosen before the story had loaded.
        self._waiting: str | None = None

    @property
    def kapp(self) -> KaufhausApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        with Vertical(id="title-box"):
            yield Static(AWNING, id="awning", markup=False)
            yield Static(id="logo", markup=False)
            yield Static(id="tagline", markup=False)
            with Center():
                yield OptionList(id="menu", markup=False)
            yield Literal(id="autosave-status")
            yield Static(id="privacy", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.watch(self.app, "lang", self._relabel, init=False)
        self.watch(self.app, "story_ready", self._story_ready, init=False)
        self._relabel()
        self.query_one("#menu", OptionList).focus()
        if self.kapp.story_ready:
            self.call_after_refresh(self.check_autosave)

    def _story_ready(self, ready: bool) -> None:
        if not ready:
            self._relabel()
            return
        self.check_autosave()
        waiting, self._waiting = self._waiting, None
        # Chosen while the doors were still opening: do it once this watcher is done.
        if waiting == "new":
            self.call_later(self.kapp.new_game)
        elif waiting == "load":
            self.call_later(self.kapp.action_load)

    def on_screen_resume(self) -> None:
        """Back on the title (after a game): look at the autosave again."""
        if self.probe is not None:
            self.probe = None
            self.error = ""
            self._relabel()
            self.call_after_refresh(self.check_autosave)

    # ------------------------------------------------------------ content
    def _relabel(self, _lang: str | None = None) -> None:
        lang = self.kapp.lang
        self._show_name(lang)
        # In browser play the game runs on the teacher's laptop: say so.
        note = "privacy_note_class" if self.kapp.on_teachers_computer else "privacy_note"
        self.query_one("#privacy", Static).update(tr(note, lang))
        menu = self.query_one("#menu", OptionList)
        keep = menu.highlighted
        menu.set_options(Option(self._label(key, lang), id=key) for key in MENU)
        if self.probe is None or self.probe.summary is None:
            menu.disable_option("continue")
        menu.highlighted = keep if keep is not None else 0
        self._show_status()

    def _show_name(self, lang: str) -> None:
        """The pack's title and subtitle (the shop's until a pack of its own has loaded)."""
        story = self.kapp.story
        if story is not None:
            title, tagline, shop = game_title(story, lang), subtitle(story, lang), is_shop(story)
        elif self.kapp.shop_pack:
            title, tagline, shop = SHOP_TITLE, tr("tagline", lang), True
        else:  # another pack, still loading: no shop's name over someone else's game
            title, tagline, shop = "", "", False
        self.query_one("#logo", Static).update(title)
        tag = self.query_one("#tagline", Static)
        tag.update(tagline)
        tag.display = bool(tagline)
        self.query_one("#awning", Static).display = shop
        if story is not None:
            self.app.title = title

    def _label(self, key: str, lang: str) -> str:
        if key == "continue" and self.probe is not None and self.probe.summary is not None:
            from kaufhaus.play.describe import scene_title

            summary = self.probe.summary
            return tr(
                "menu_continue_where",
                lang,
                place=scene_title(self.kapp.loaded_story, summary.scene, lang),
                time=clock_text(summary.play_seconds),
            )
        return tr(f"menu_{key}", lang)

    def _show_status(self) -> None:
        lang = self.kapp.lang
        status = self.query_one("#autosave-status", Literal)
        if not self.kapp.story_ready:
            status.show(tr("story_opening" if self.kapp.shop_pack else "pack_opening", lang))
        elif self.probe is None:
            status.show(tr("autosave_checking", lang))
        elif self.kapp.loading:
            status.show(tr("loading", lang))
        elif self.error:
            status.show(self.error)
        elif self.probe.problems:
            status.show(
                "\n".join(
                    tr("autosave_damaged", lang, error=p.text(lang)) for p in self.probe.problems
                )
            )
        elif self.probe.summary is None:
            status.show(tr("autosave_none", lang))
        else:
            status.show("")
        status.set_class(bool(self.error or (self.probe and self.probe.problems)), "-error")

    def check_autosave(self) -> None:
        """Read the newest autosave's first and last lines (after the first paint)."""
        from kaufhaus.play.savefolder import probe_autosave  # not the whole session yet

        self.probe = probe_autosave(self.kapp.loaded_story.id, self.kapp.saves)
        self._relabel()
        # Back after the teacher's server restarted: on with the game, as Continue would.
        path = self.probe.path if self.probe.summary is not None else None
        if self.kapp.take_resume() and path is not None:
            self.error = self.kapp.load_save(path, on_error=self._continue_failed) or ""
            self._show_status()

    def _continue_failed(self, error: str) -> None:
        self.error = error
        self._show_status()

    # ------------------------------------------------------------- choices
    async def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        key = event.option.id
        kapp = self.kapp
        if kapp.loading and key != "quit":
            kapp.bell()  # a long save is still replaying
            return
        if key in ("new", "load") and not kapp.story_ready:
            self._waiting = key  # done as soon as the story has loaded
            return
        if key == "new":
            kapp.new_game()
        elif key == "continue" and self.probe is not None and self.probe.path is not None:
            self.error = kapp.load_save(self.probe.path, on_error=self._continue_failed) or ""
            self._show_status()
        elif key == "load":
            kapp.action_load()
        elif key == "lang":
            kapp.action_switch_language()
        elif key == "help":
            kapp.action_help()
        elif key == "quit":
            await kapp.action_quit()

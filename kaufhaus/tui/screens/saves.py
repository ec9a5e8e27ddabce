"""Saving under a name, the list of saves to load from, and the few questions about files.

The list shows when, where (the scene's title) and how long each game was
played, read from each file's first and last lines only. A damaged file is
listed as damaged with its reason and is never rewritten or deleted: it may
be the only copy of someone's afternoon. Saving over an existing name asks
first; a file that is not our save is never overwritten. A save damaged in
the middle may be continued from its last good event (``SalvageScreen``),
and ``ForgetScreen`` lists what ``kaufhaus forget`` would delete.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, OptionList
from textual.widgets.option_list import Option

from kaufhaus.play.describe import scene_title
from kaufhaus.play.session import SaveEntry, list_saves, next_slot_name, slot_path
from kaufhaus.play.strings import clock_text, tr
from kaufhaus.saves import SaveError, number_text, peek_save
from kaufhaus.story.errors import neutralise
from kaufhaus.tui.keys import KeySpec, bindings, relabel
from kaufhaus.tui.widgets.footer import Footer
from kaufhaus.tui.widgets.literal import Literal

if TYPE_CHECKING:
    from kaufhaus.story.model import Story
    from kaufhaus.tui.app import KaufhausApp


def format_created(created: str | float, lang: str) -> str:
    """A wall-clock time in local time, as people in ``lang`` write dates."""
    try:
        if isinstance(created, float):
            when = datetime.fromtimestamp(created).astimezone()
        else:
            when = datetime.fromisoformat(created).astimezone()
    except (ValueError, OverflowError, OSError):
        return str(created) or "–"
    return when.strftime("%d.%m.%Y %H:%M" if lang == "de" else "%Y-%m-%d %H:%M")


def save_row(entry: SaveEntry, story: Story, lang: str) -> tuple[Text, ...]:
    """One row of the save list; rich Text so no file name is read as markup."""
    name = entry.name + (f" ({tr('autosave_label', lang)})" if entry.is_autosave else "")
    if entry.summary is None:
        return (Text(name), Text("–"), Text(tr("load_damaged", lang), style="bold"), Text("–"))
    summary = entry.summary
    return (
        Text(name),
        Text(format_created(summary.modified, lang)),
        Text(
            scene_title(story, summary.scene, lang)
            + (f" {tr('ended_mark', lang)}" if summary.ended(story) else "")
        ),
        Text(clock_text(summary.play_seconds)),
    )


class SaveList(DataTable[Text]):
    """The saves in the folder, one row each, newest first."""

    def show_entries(self, entries: list[SaveEntry], story: Story, lang: str) -> None:
        self.clear(columns=True)
        self.cursor_type = "row"
        self.zebra_stripes = True
        self.add_columns(
            tr("col_name", lang),
            tr("col_date", lang),
            tr("col_place", lang),
            tr("col_played", lang),
        )
        for index, entry in enumerate(entries):
            self.add_row(*save_row(entry, story, lang), key=str(index))


class _SavesModal(ModalScreen[None]):
    """Shared frame: a title, the list, a line for errors, Esc to go back."""

    CSS_PATH = "saves.tcss"
    KEYS: ClassVar[tuple[KeySpec, ...]] = (
        KeySpec("escape", "close", "key_close", key_display="Esc"),
    )
    BINDINGS: ClassVar[list[BindingType]] = bindings(KEYS)

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[SaveEntry] = []

    @property
    def kapp(self) -> KaufhausApp:
        return self.app  # type: ignore[return-value]

    def load_entries(self) -> None:
        self.entries = list_saves(self.kapp.saves)
        self.query_one(SaveList).show_entries(self.entries, self.kapp.loaded_story, self.kapp.lang)

    def show_error(self, text: str) -> None:
        error = self.query_one("#saves-error", Literal)
        error.show(text)
        error.display = bool(text)

    def action_close(self) -> None:
        self.dismiss()


class SaveScreen(_SavesModal):
    """Type a name (a free one is suggested), Enter saves; picking a row reuses its name.

    An existing name needs a second Enter; a file that is not a save of this
    story (or is damaged) is never overwritten.
    """

    def __init__(self) -> None:
        super().__init__()
        self._confirm: Path | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="saves-box"):
            yield Literal(id="saves-title")
            yield Literal(id="save-prompt")
            yield Input(id="slot")
            yield Literal(id="saves-error")
            yield Literal(id="saves-hint", classes="muted")
            yield SaveList(id="save-list")
        yield Footer()

    def on_mount(self) -> None:
        lang = self.kapp.lang
        relabel(self, self.KEYS, lang)
        self.query_one("#saves-title", Literal).show(tr("save_title", lang))
        self.query_one("#save-prompt", Literal).show(tr("save_prompt", lang))
        self.query_one("#saves-hint", Literal).show(tr("save_hint", lang))
        self.show_error("")
        self.load_entries()
        slot = self.query_one("#slot", Input)
        slot.value = next_slot_name(self.kapp.saves, tr("save_default", lang))
        slot.focus()

    @on(Input.Changed, "#slot")
    def _typing(self, event: Input.Changed) -> None:
        self._confirm = None
        self.show_error("")

    @on(Input.Submitted, "#slot")
    def _save(self, event: Input.Submitted) -> None:
        event.stop()
        lang = self.kapp.lang
        target = slot_path(self.kapp.saves, event.value)
        if target is not None and os.path.lexists(target):
            try:
                summary = peek_save(target)
            except SaveError:
                summary = None
            if summary is None or summary.header.story_id != self.kapp.loaded_story.id:
                self.show_error(tr("save_overwrite_foreign", lang, name=target.name))
                return
            if self._confirm != target:
                self._confirm = target
                self.show_error(tr("save_overwrite", lang, name=target.name))
                return
        try:
            path = self.kapp.save_to(event.value)
        except ValueError as exc:
            self.show_error(str(exc))
            return
        except OSError as exc:
            self.show_error(tr("save_failed", self.kapp.lang, error=exc.strerror or str(exc)))
            return
        # In a class the folder is on the teacher's computer: the name only.
        shown = path.name if self.kapp.on_teachers_computer else str(path)
        self.kapp.message = tr("save_done", self.kapp.lang, path=shown)
        self.dismiss()

    @on(DataTable.RowSelected)
    def _pick(self, event: DataTable.RowSelected) -> None:
        event.stop()
        entry = self.entries[int(str(event.row_key.value))]
        if not entry.is_autosave:
            slot = self.query_one("#slot", Input)
            slot.value = entry.name
            slot.focus()
            self._confirm = None


class LoadScreen(_SavesModal):
    """Pick a save with the arrows, Enter loads (replays) it."""

    def compose(self) -> ComposeResult:
        with Vertical(id="saves-box"):
            yield Literal(id="saves-title")
            yield SaveList(id="save-list")
            yield Literal(id="saves-error")
            yield Literal(id="saves-hint", classes="muted")
        yield Footer()

    def on_mount(self) -> None:
        lang = self.kapp.lang
        relabel(self, self.KEYS, lang)
        self.query_one("#saves-title", Literal).show(tr("load_title", lang))
        self.query_one("#saves-hint", Literal).show(tr("load_hint", lang))
        self.load_entries()
        if self.entries:
            self.show_error("")
        elif self.kapp.on_teachers_computer:
            self.show_error(tr("load_empty_class", lang))
        else:
            self.show_error(tr("load_empty", lang, folder=str(self.kapp.saves)))
        self.query_one(SaveList).focus()

    @on(DataTable.RowSelected)
    def _load(self, event: DataTable.RowSelected) -> None:
        event.stop()
        entry = self.entries[int(str(event.row_key.value))]
        if entry.error is not None:
            reason = entry.error.text(self.kapp.lang)
            self.show_error(tr("load_failed", self.kapp.lang, error=reason))
            return
        error = self.kapp.load_save(entry.path, on_error=self.show_error)
        if error is not None:
            self.show_error(error)
        elif self.kapp.loading:
            self.show_error(tr("loading", self.kapp.lang))


class SalvageScreen(ModalScreen[None]):
    """A save damaged after some good events: go on from the last good one, or not.

    Going on never touches the damaged file; the game continues in a new
    autosave (the session says which).
    """

    CSS_PATH = "saves.tcss"
    KEYS: ClassVar[tuple[KeySpec, ...]] = (
        KeySpec("escape", "close", "key_close", key_display="Esc"),
    )
    BINDINGS: ClassVar[list[BindingType]] = bindings(KEYS)

    def __init__(self, path: Path, error: SaveError) -> None:
        super().__init__()
        self.path = path
        self.error = error

    @property
    def kapp(self) -> KaufhausApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        with Vertical(id="saves-box"):
            yield Literal(id="saves-title")
            yield Literal(id="salvage-text")
            yield OptionList(id="salvage-menu", markup=False)
            yield Literal(id="saves-error")
        yield Footer()

    def on_mount(self) -> None:
        lang = self.kapp.lang
        relabel(self, self.KEYS, lang)
        self.query_one("#saves-title", Literal).show(tr("salvage_title", lang))
        n = number_text(self.error.event or 0, lang)
        self.query_one("#salvage-text", Literal).show(
            tr("salvage_question", lang, n=n, error=self.error.text(lang))
        )
        menu = self.query_one("#salvage-menu", OptionList)
        menu.set_options(
            [
                Option(tr("salvage_yes", lang), id="yes"),
                Option(tr("salvage_no", lang), id="no"),
            ]
        )
        menu.highlighted = 0
        menu.focus()

    @on(OptionList.OptionSelected, "#salvage-menu")
    def _answer(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id != "yes":
            self.dismiss()
            return
        shown = self.query_one("#saves-error", Literal)
        error = self.kapp.load_save(self.path, salvage=True, on_error=shown.show)
        if error is not None:
            shown.show(error)
        elif self.kapp.loading:
            shown.show(tr("loading", self.kapp.lang))

    def action_close(self) -> None:
        self.dismiss()


class ForgetScreen(ModalScreen[None]):
    """What ``kaufhaus forget`` would delete, listed; Enter deletes, Esc keeps everything."""

    CSS_PATH = "saves.tcss"
    KEYS: ClassVar[tuple[KeySpec, ...]] = (
        KeySpec("escape", "close", "key_close", key_display="Esc"),
        KeySpec("enter", "forget", "forget_key", key_display="Enter"),
    )
    BINDINGS: ClassVar[list[BindingType]] = bindings(KEYS)

    def __init__(self) -> None:
        super().__init__()
        self.files: list[Path] = []
        self.done = False

    @property
    def kapp(self) -> KaufhausApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        with Vertical(id="saves-box"):
            yield Literal(id="saves-title")
            yield Literal(id="forget-files")
            yield Literal(id="saves-error")
            yield Literal(id="saves-hint", classes="muted")
        yield Footer()

    def said(self, key: str, **values: object) -> str:
        """The text ``key``, in a class its own (no folder) wording."""
        lang = self.kapp.lang
        if self.kapp.on_teachers_computer:
            return tr(f"{key}_class", lang, **values)
        return tr(key, lang, folder=str(self.kapp.saves), **values)

    def on_mount(self) -> None:
        from kaufhaus.play.savefolder import our_files

        lang = self.kapp.lang
        relabel(self, self.KEYS, lang)
        self.query_one("#saves-title", Literal).show(tr("forget_title", lang))
        self.files = our_files(self.kapp.saves)
        if self.files:
            lines = [self.said("forget_list", n=len(self.files))]
            lines += [f"  {neutralise(p.name)}" for p in self.files]  # named anyhow
            self.query_one("#forget-files", Literal).show("\n".join(lines))
            self.query_one("#saves-hint", Literal).show(tr("forget_hint", lang))
        else:
            self.query_one("#forget-files", Literal).show(self.said("forget_none"))
        self.query_one("#saves-error", Literal).show("")

    def action_forget(self) -> None:
        from kaufhaus.play.savefolder import forget_files, forget_problem

        if self.done or not self.files:
            self.dismiss()
            return
        self.kapp.session.forget()  # the autosave is among them: stop writing it first
        self.kapp.withdraw_from_class(
            forget=True
        )  # in a class: the live file and the hand-in go too
        deleted, failed = forget_files(self.files)
        lang = self.kapp.lang
        lines = [self.said("forget_done", n=len(deleted))]
        # In a class a file that stayed is named without its folder.
        hide = self.kapp.on_teachers_computer
        lines += [forget_problem(Path(p.name) if hide else p, e, lang) for p, e in failed]
        self.query_one("#saves-error", Literal).show("\n".join(lines))
        self.query_one("#saves-hint", Literal).show(tr("forget_kept", lang) if not deleted else "")
        self.done = True

    def action_close(self) -> None:
        self.dismiss()

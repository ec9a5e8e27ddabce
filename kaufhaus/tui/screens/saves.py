"""Saving under a name, and the list of saves to load from.

The list shows when, where (the scene's title) and how long each game was
played. A damaged file is listed as damaged with its reason and is never
rewritten or deleted: it may be the only copy of someone's afternoon.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Input

from kaufhaus.play.describe import scene_title
from kaufhaus.play.session import SaveEntry, list_saves, next_slot_name
from kaufhaus.play.strings import clock_text, tr
from kaufhaus.tui.keys import KeySpec, bindings, relabel
from kaufhaus.tui.widgets.literal import Literal

if TYPE_CHECKING:
    from kaufhaus.story.model import Story
    from kaufhaus.tui.app import KaufhausApp


def format_created(created: str, lang: str) -> str:
    """The save's wall-clock time in local time, as people in ``lang`` write dates."""
    try:
        when = datetime.fromisoformat(created).astimezone()
    except ValueError:
        return created or "–"
    return when.strftime("%d.%m.%Y %H:%M" if lang == "de" else "%Y-%m-%d %H:%M")


def save_row(entry: SaveEntry, story: Story, lang: str) -> tuple[Text, ...]:
    """One row of the save list; rich Text so no file name is read as markup."""
    name = entry.name + (f" ({tr('autosave_label', lang)})" if entry.is_autosave else "")
    if entry.header is None:
        return (Text(name), Text("–"), Text(tr("load_damaged", lang), style="bold"), Text("–"))
    header = entry.header
    return (
        Text(name),
        Text(format_created(header.created, lang)),
        Text(scene_title(story, header.scene, lang)),
        Text(clock_text(header.play_seconds)),
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
    """Type a name (a free one is suggested), Enter saves; picking a row reuses its name."""

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

    @on(Input.Submitted, "#slot")
    def _save(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            path = self.kapp.save_to(event.value)
        except ValueError as exc:
            self.show_error(str(exc))
            return
        except OSError as exc:
            self.show_error(tr("save_failed", self.kapp.lang, error=exc.strerror or str(exc)))
            return
        self.kapp.message = tr("save_done", self.kapp.lang, path=str(path))
        self.dismiss()

    @on(DataTable.RowSelected)
    def _pick(self, event: DataTable.RowSelected) -> None:
        event.stop()
        entry = self.entries[int(str(event.row_key.value))]
        if not entry.is_autosave:
            slot = self.query_one("#slot", Input)
            slot.value = entry.name
            slot.focus()


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
        self.show_error("" if self.entries else tr("load_empty", lang, folder=str(self.kapp.saves)))
        self.query_one(SaveList).focus()

    @on(DataTable.RowSelected)
    def _load(self, event: DataTable.RowSelected) -> None:
        event.stop()
        entry = self.entries[int(str(event.row_key.value))]
        if entry.error is not None:
            self.show_error(tr("load_failed", self.kapp.lang, error=entry.error))
            return
        error = self.kapp.load_save(entry.path)
        if error is not None:
            self.show_error(error)

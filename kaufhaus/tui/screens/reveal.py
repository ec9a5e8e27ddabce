"""The reveal: the shop's whole file on the player, its punchline first.

The first card ("Ihre Akte auf einen Blick") is built from the game state
alone (``play.glance``): it costs the same at event 100,000 as at event
1,000, so it appears at once. The full dossier – ``build_dossier(game)``,
the very data the exports write, so screen and file cannot disagree – is
built in a thread worker after that first paint, and each tab is filled
only when it is first shown. The log shows one page of rows at a time.

One tab per question a data-access request answers: what was logged, what
was concluded and why (each conclusion can be contested, and its evidence
opened in the log), where the shop was wrong, on which legal basis, what
the player was shown compared with a neutral shopper, the charts, and which
real practice each trick mirrors. Every text goes in as ``Text``/``Content``,
never markup: what the player typed shows literally.
"""

from __future__ import annotations

import contextlib
import datetime
import threading
import time
from typing import TYPE_CHECKING, Any, ClassVar

from rich.console import Group
from rich.padding import Padding
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.coordinate import Coordinate
from textual.screen import ModalScreen, Screen
from textual.widgets import (
    DataTable,
    Digits,
    OptionList,
    Select,
    Sparkline,
    TabbedContent,
    TabPane,
)
from textual.widgets.option_list import Option

from kaufhaus.play.describe import (
    BASES,
    KIND_GROUPS,
    after_decision_count,
    basis_short,
    basis_text,
    conclusion_headline,
    consent_text,
    event_sentence,
    evidence_text,
    inference_origin,
    inference_reason,
    inference_workings,
    kind_group_label,
    log_gaps,
    money,
    money_moments,
    origin_text,
    place_label,
    place_name,
    processed_despite_refusal,
    product_name,
    purpose_text,
    reality_lines,
    scene_title,
    special_category_line,
    told_us,
    usage_lines,
)
from kaufhaus.play.strings import clock_text, duration_text, tr
from kaufhaus.tui.keys import KeySpec, bindings, relabel
from kaufhaus.tui.screens.handin import HANDIN_KEY
from kaufhaus.tui.widgets.bars import Bars
from kaufhaus.tui.widgets.factsheet import FactSheet
from kaufhaus.tui.widgets.filter_select import FilterSelect
from kaufhaus.tui.widgets.footer import Footer
from kaufhaus.tui.widgets.literal import Literal
from kaufhaus.tui.widgets.tracked_list import MARKER, NO_MARKER

if TYPE_CHECKING:
    from kaufhaus.play.contest import Mismatch
    from kaufhaus.tui.app import KaufhausApp

TABS = ("glance", "log", "conclusions", "contest", "legal", "prices", "charts", "reality")

#: Log rows per page: a table of 100,000 rows is neither fast nor readable.
PAGE = 200
#: From this width on the log also shows the place and the legal basis.
WIDE = 110
#: Below this width (a phone held upright) the log leaves out the time.
NARROW = 60
#: Below this width the tabs are set closer together (they all fit at 80).
TIGHT = 90
#: Columns of the log that no cell gets: the pane's padding, the table's scrollbar,
#: the sentence cell's own padding.
LOG_CHROME = 2 + 1 + 2
#: How long the export notice stays: long enough to see it happened; the list of
#: files stays on the first card, and the notice covers the ending's text meanwhile.
EXPORT_NOTICE_SECONDS = 4.0
#: Where an entry of the file came from (the log's origin column).
ORIGINS = ("observed", "provided", "inferred")


class ContestScreen(ModalScreen[None]):
    """The shop's answer to a contested conclusion, with the law beside it."""

    CSS_PATH = "reveal.tcss"
    KEYS: ClassVar[tuple[KeySpec, ...]] = (
        KeySpec("escape", "close", "key_close", key_display="Esc"),
    )
    BINDINGS: ClassVar[list[BindingType]] = bindings(KEYS)

    def __init__(self, title: str, shop: str, law: str) -> None:
        super().__init__()
        self.parts = (title, shop, law)

    def compose(self) -> ComposeResult:
        title, shop, law = self.parts
        lang: str = getattr(self.app, "lang", "de")
        with VerticalScroll(id="contest-box"):
            yield Literal(title, id="contest-title")
            yield Literal(tr("contest_shop_says", lang), classes="contest-head")
            yield Literal(shop, id="contest-shop")
            yield Literal(tr("contest_law_says", lang), classes="contest-head")
            yield Literal(law, id="contest-law")
            yield Literal(tr("contest_close", lang), classes="muted")
        yield Footer()

    def on_mount(self) -> None:
        relabel(self, self.KEYS, getattr(self.app, "lang", "de"))

    def action_close(self) -> None:
        self.dismiss()


class RevealScreen(Screen[None]):
    """The first card at once, then the dossier in tabs; e exports, f forgets, n starts again."""

    CSS_PATH = "reveal.tcss"
    KEYS: ClassVar[tuple[KeySpec, ...]] = (
        KeySpec("e", "export", "key_export"),
        KeySpec("f", "forget", "forget_key"),
        HANDIN_KEY,
        # Not in the footer (the first card's key line names it): at 80 columns the
        # footer needs the room for Esc, which says what it does from each tab.
        KeySpec("n", "new_game", "key_new", show=False),
        # Esc says what it does now: "Zur Übersicht" on a tab, "Titel" on the first card.
        KeySpec("escape", "escape", "key_overview", key_display="Esc"),
        # Not in the footer: the tabs are on screen and the hint line names the key;
        # with it the footer would cut "q Beenden" at 80 columns.
        KeySpec("tab", "next_tab(1)", "key_next_tab", key_display="Tab", show=False, priority=True),
        KeySpec("shift+tab", "next_tab(-1)", "key_next_tab", show=False, priority=True),
        KeySpec("1", "contest('rectify')", "key_rectify", show=False),
        KeySpec("2", "contest('object')", "key_object", show=False),
        KeySpec("3", "contest('human')", "key_human", show=False),
        KeySpec("z", "back_to_conclusion", "key_back_conclusion", show=False),
        KeySpec("a", "filter('kind')", "key_filter_kind", show=False),
        KeySpec("o", "filter('place')", "key_filter_place", show=False),
        KeySpec("right_square_bracket", "page(1)", "key_page", show=False),
        KeySpec("left_square_bracket", "page(-1)", "key_page", show=False),
    )
    BINDINGS: ClassVar[list[BindingType]] = bindings(KEYS)

    def __init__(self) -> None:
        super().__init__()
        self.dossier: dict[str, Any] = {}
        self.ready = False
        self.exported: list[str] = []
        self.first_paint: float | None = None
        self.mounted_at = time.perf_counter()
        self.dossier_at: float | None = None
        self.wrong: list[Mismatch] = []
        self._wrong_ids: dict[str, str] = {}
        self._filled: set[str] = set()
        self._pending_export = False
        self._pending_handin = False
        # The log: the rows the filters let through (indices into dossier["events"]).
        self._rows: list[int] = []
        self._positions: dict[Any, int] = {}
        self._page = 0
        self._kind: str = "all"
        self._place: str = "all"
        self._evidence: tuple[frozenset[int], int] | None = None
        self._came_from: int | None = None
        self._cited: dict[int, list[int]] | None = None
        self._cite_turn: dict[int, int] = {}
        self._wide: tuple[bool, bool] | None = None
        #: The log row showing "▶", and the column it is shown in.
        self._marked_row: Any = None
        self._number_column: Any = None
        #: Each conclusion's headline and body, to mark the highlighted one.
        self._conclusion_parts: list[tuple[str, Any]] = []
        self._marked_conclusion: int | None = None

    @property
    def kapp(self) -> KaufhausApp:
        return self.app  # type: ignore[return-value]

    @property
    def lang(self) -> str:
        return str(self.kapp.lang)

    def compose(self) -> ComposeResult:
        with TabbedContent(id="tabs"):
            with TabPane("glance", id="tab-glance"), VerticalScroll(classes="pane"):
                # The point first, boxed and bold: what watching did to the player,
                # the difference in the largest type there is (Textual's big digits).
                with Vertical(id="point"):
                    yield Literal(id="point-title")
                    yield Digits(id="point-figure")
                    yield Literal(id="point-verdict")
                    yield Literal(id="point-facts")
                # How it ended, next: where the player looks after the last scene
                # (below the device card it was missed).
                yield Literal(id="end-title")
                yield Literal(id="end-text")
                yield Literal(id="glance-title")
                yield FactSheet(id="glance-card")
                yield Literal(id="glance-summary")
                yield Literal(id="glance-wrong")
                yield Literal(id="end-export")
                yield Literal(id="end-keys", classes="muted")
            with TabPane("log", id="tab-log"), Vertical():
                with Horizontal(id="log-filters"):
                    for which in ("kind", "place"):
                        yield FilterSelect(id=f"filter-{which}")
                yield Literal(id="log-status", classes="muted")
                yield DataTable(id="log-table", cursor_type="row", zebra_stripes=True)
                yield Literal(id="log-legend", classes="muted")
            with TabPane("conclusions", id="tab-conclusions"), Vertical():
                yield Literal(id="conclusions-hint", classes="muted")
                yield OptionList(id="conclusions")
                yield Literal(id="conclusions-told", classes="told")
            with TabPane("contest", id="tab-contest"), VerticalScroll(classes="pane"):
                yield Literal(id="contest-text")
            with TabPane("legal", id="tab-legal"), VerticalScroll(classes="pane"):
                yield Literal(id="legal-text")
            with TabPane("prices", id="tab-prices"), VerticalScroll(classes="pane"):
                yield Literal(id="prices-text")
            with TabPane("charts", id="tab-charts"), VerticalScroll(classes="pane"):
                yield Literal(id="chart-dwell-title", classes="chart-head")
                yield Bars(id="chart-dwell")
                yield Literal(id="chart-interest-title", classes="chart-head")
                yield Sparkline([], id="chart-interest")
                yield Literal(id="chart-route-title", classes="chart-head")
                yield Literal(id="chart-route")
            with TabPane("reality", id="tab-reality"), VerticalScroll(classes="pane"):
                yield Literal(id="reality")
        # Compact: in a class "h Abgeben" joins the keys, and "q Beenden" must still fit
        # into 80 columns beside Esc, which names what it does.
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.watch(self.app, "lang", self._show, init=True)
        self.call_after_refresh(self._painted)
        self.call_after_refresh(self._focus_pane)

    def _painted(self) -> None:
        """The first card is on screen: note when (the benchmark reads it), then build the rest."""
        if self.first_paint is None:
            self.first_paint = time.perf_counter()
            self._rebuild()

    def _rebuild(self) -> None:
        """Build the file (again: a contest is a new entry in it) behind the screen.

        A daemon thread, not a Textual worker: at 100,000 events the dossier
        takes minutes, and quitting must not wait for it (the executor behind
        thread workers is joined when the event loop closes).
        """
        args = (self.app, self.kapp.game)
        threading.Thread(target=self._build, args=args, name="dossier", daemon=True).start()

    def _build(self, app: Any, game: Any) -> None:
        """In the thread: the full dossier, then back to the UI thread with it."""
        from kaufhaus.dossier.model import build_dossier
        from kaufhaus.play.contest import where_wrong

        try:
            dossier = build_dossier(game, issued=datetime.date.today().isoformat())
            wrong = where_wrong(dossier)
        except Exception as exc:  # shown, not swallowed: the card stays usable
            _deliver(app, self._dossier_failed, f"{type(exc).__name__}: {exc}")
            return
        _deliver(app, self._dossier_ready, dossier, wrong)

    def _dossier_failed(self, error: str) -> None:
        if not self.is_attached:
            return
        self.query_one("#glance-wrong", Literal).show(tr("dossier_failed", self.lang, error=error))

    def _dossier_ready(self, dossier: dict[str, Any], wrong: list[Mismatch]) -> None:
        if not self.is_attached:  # a new game was started before the file was ready
            return
        self.dossier = dossier
        self.wrong = wrong
        self._wrong_ids = {m.inference: m.why.get(self.lang, "") for m in wrong}
        self.ready = True
        self.dossier_at = time.perf_counter()
        self._filled.clear()
        events = dossier.get("events", [])
        self._rows = list(range(len(events)))
        # Where each event stands in the log (the file leaves out the story's own
        # bookkeeping, so an event's id is not its row).
        self._positions = {row.get("id"): n for n, row in enumerate(events)}
        self._show_glance(self.lang)
        self._fill_active()
        if self._pending_export:
            self._pending_export = False
            self.action_export()
        if self._pending_handin:
            self._pending_handin = False
            self.action_handin()

    # ------------------------------------------------------------- render
    def _show(self, lang: str) -> None:
        relabel(self, self.KEYS, lang)
        self._label_tabs(lang)
        self._filled.clear()
        self._wrong_ids = {m.inference: m.why.get(lang, "") for m in self.wrong}
        self._show_glance(lang)
        self._fill_active()

    def _fill_active(self) -> None:
        tabs = self.query_one(TabbedContent)
        key = (tabs.active or "tab-glance").removeprefix("tab-")
        self._fill(key)

    def _fill(self, key: str) -> None:
        lang = self.lang
        if key == "glance" or key in self._filled:
            return
        if not self.ready:
            self._show_pending(key, lang)
            return
        self._filled.add(key)
        getattr(self, f"_show_{key}")(lang)

    def _show_pending(self, key: str, lang: str) -> None:
        waiting = tr("glance_loading", lang)
        target = {
            "log": "#log-status",
            "conclusions": "#conclusions-hint",
            "contest": "#contest-text",
            "legal": "#legal-text",
            "prices": "#prices-text",
            "charts": "#chart-dwell-title",
            "reality": "#reality",
        }[key]
        self.query_one(target, Literal).show(waiting)

    def _show_glance(self, lang: str) -> None:
        from kaufhaus.play.glance import glance, glance_rows, glance_summary

        game: Any = self.kapp.game
        card = glance(game)
        self._show_point(lang)
        self.query_one("#glance-title", Literal).show(tr("glance_title", lang))
        self.query_one("#glance-card", FactSheet).show(glance_rows(card, game.story, lang))
        self.query_one("#glance-summary", Literal).show("\n".join(glance_summary(card, lang)))
        if self.ready:
            wrong = tr("glance_wrong", lang, n=len(self.wrong))
        else:
            wrong = tr("glance_loading", lang)
        self.query_one("#glance-wrong", Literal).show(wrong)
        self.query_one("#end-export", Literal).show("\n".join(self.exported))
        self.query_one("#end-keys", Literal).show(tr("reveal_keys", lang))
        view = game.view()
        self.query_one("#end-title", Literal).show(tr("glance_ending", lang) + ": " + view.title)
        self.query_one("#end-text", Literal).show(view.text)

    def _show_point(self, lang: str) -> None:
        """The card's point, from the file itself (so only once the file is built)."""
        from kaufhaus.dossier.card import card_point

        title = self.query_one("#point-title", Literal)
        verdict = self.query_one("#point-verdict", Literal)
        facts = self.query_one("#point-facts", Literal)
        figure = self.query_one("#point-figure", Digits)
        if not self.ready:
            title.show(tr("point_title", lang))
            verdict.show(tr("glance_loading", lang))
            facts.show("")
            figure.display = False
            return
        point = card_point(self.dossier, lang)
        title.show(point.title)
        figure.display = point.figure is not None
        if point.figure is not None:
            # Big digits draw "," and "." as they are, on the baseline: the German
            # figure stays German. A no-break space would be one narrow cell there.
            figure.update(point.figure.replace("\u00a0", " "))
            figure.set_class(point.figure.startswith("+"), "-harm")
        verdict.show(point.verdict)
        lines = [line for line in (point.prices, point.refused, point.worth) if line]
        if point.intimate:
            lines.append(point.intimate_title + ":")
            lines += [f"{n}. {text}" for n, text in enumerate(point.intimate, start=1)]
        facts.show("\n".join(lines))

    # ------------------------------------------------------------------ log
    def _show_log(self, lang: str) -> None:
        story = self.kapp.loaded_story
        events = self.dossier.get("events", [])
        kind_select = self.query_one("#filter-kind", FilterSelect)
        place_select = self.query_one("#filter-place", FilterSelect)
        with self.prevent(Select.Changed):
            kind_select.show_options(
                [(tr("filter_all_kinds", lang), "all")]
                + [(kind_group_label(g, lang), g) for g in KIND_GROUPS],
                self._kind,
                lang,
            )
            places: dict[str, str] = {}
            for row in events:
                if row.get("kind") == "scene_enter":
                    scene = str(row.get("scene") or "")
                    if scene not in places:
                        places[scene] = place_label(story, scene, lang)
            by_name: dict[str, str] = {}
            for scene, name in places.items():
                by_name.setdefault(name, scene)
            place_select.show_options(
                [(tr("filter_all_places", lang), "all")]
                + [(name, scene) for name, scene in by_name.items()],
                self._place if self._place in places else "all",
                lang,
            )
        self._wide = None
        self._refilter()

    def _place_scenes(self, scene: str) -> frozenset[str]:
        """The scenes that share ``scene``'s department name (the filter lists names once)."""
        story = self.kapp.loaded_story
        lang = self.lang
        name = place_name(story, scene, lang)
        return frozenset(s for s in story.scenes if place_name(story, s, lang) == name)

    def _refilter(self) -> None:
        events = self.dossier.get("events", [])
        if self._evidence is not None:
            ids = self._evidence[0]
            self._rows = sorted(self._positions[i] for i in ids if i in self._positions)
        else:
            kinds = frozenset(KIND_GROUPS.get(self._kind, ())) if self._kind != "all" else None
            scenes = self._place_scenes(self._place) if self._place != "all" else None
            self._rows = [
                n
                for n, row in enumerate(events)
                if (kinds is None or row.get("kind") in kinds)
                and (scenes is None or row.get("scene") in scenes)
            ]
        self._page = 0
        self._fill_page()

    def _fill_page(self, cursor: int = 0) -> None:
        lang = self.lang
        story = self.kapp.loaded_story
        events = self.dossier.get("events", [])
        table: DataTable[Text] = self.query_one("#log-table", DataTable)
        wide = self.size.width >= WIDE
        # A phone held upright: no time column, the sentence keeps the width.
        timed = wide or self.size.width >= NARROW
        total = len(self._rows)
        pages = max(1, -(-total // PAGE))
        self._page = max(0, min(self._page, pages - 1))
        first = self._page * PAGE
        shown = self._rows[first : first + PAGE]
        # The sentence gets what the other columns leave: none runs off the screen.
        widths = [
            max([len(tr("col_no", lang)), *(len(f"{NO_MARKER}#{events[n]['id']}") for n in shown)]),
            max([len(tr("col_origin", lang)), *(len(origin_text(o, lang)) for o in ORIGINS)]),
        ]
        if timed:
            times = (len(clock_text(float(events[n].get("t", 0)))) for n in shown)
            widths.append(max([len(tr("col_time", lang)), *times]))
        others = sum(w + 2 for w in widths) + (16 + 2 + 24 + 2 if wide else 0)
        width = max(16, self.size.width - others - LOG_CHROME)
        table.clear(columns=True)
        self._marked_row = None
        self._number_column = table.add_column(tr("col_no", lang))
        if timed:
            table.add_column(tr("col_time", lang))
        if wide:
            table.add_column(tr("col_place", lang), width=16)
        table.add_column(tr("col_origin", lang))
        table.add_column(tr("col_happened", lang), width=width)
        if wide:
            table.add_column(tr("col_basis", lang), width=24)
        self._wide = (wide, timed)
        console = self.app.console
        for n in shown:
            row = events[n]
            cells = [Text(f"{NO_MARKER}#{row['id']}")]
            if timed:
                cells.append(Text(clock_text(float(row.get("t", 0)))))
            if wide:
                cells.append(Text(place_label(story, str(row.get("scene") or ""), lang)))
            cells.append(Text(origin_text(row.get("origin"), lang)))
            sentence = Text(event_sentence(row, lang))
            cells.append(sentence)
            if wide:
                bases = ", ".join(basis_short(b, lang) for b in row.get("legal_bases", []))
                cells.append(Text(bases or "–"))
            # The sentence is the only cell that wraps: measure it alone (letting
            # the table measure every cell of every row costs ten times as much).
            height = len(sentence.wrap(console, width)) if len(sentence) > width else 1
            table.add_row(*cells, height=height, key=str(row["id"]))
        status = []
        if self._evidence is not None:
            index = self._evidence[1]
            rows = self.dossier.get("inferences", [])
            head = (
                conclusion_headline(rows[index], self.dossier, story, lang)
                if 0 <= index < len(rows)
                else ""
            )
            status.append(tr("log_evidence", lang, conclusion=head))
        if total:
            status.append(
                tr(
                    "log_page",
                    lang,
                    first=_count(first + 1, lang),
                    last=_count(first + len(shown), lang),
                    total=_count(total, lang),
                )
            )
        else:
            status.append(tr("log_empty", lang))
        status.append(tr("log_hint", lang))
        self.query_one("#log-status", Literal).show(" · ".join(status))
        legend = [tr("origin_legend", lang)]
        if self._evidence is None and self._kind == "all" and self._place == "all":
            # The numbering jumps where the file leaves entries out: say why, for this page.
            on_page = {events[n]["id"] for n in shown}
            ids = [int(row["id"]) for row in events]
            logged = self.kapp.game.log.events() if self.kapp.game is not None else None
            legend += [
                line for after, line in log_gaps(ids, story, lang, logged) if after in on_page
            ]
        if wide:  # the basis column is there: say what its short forms mean
            legend.append(
                " · ".join(f"{basis_short(b, lang)} = {basis_text(b, lang)}" for b in BASES)
            )
        self.query_one("#log-legend", Literal).show("\n".join(legend))
        if shown:
            table.move_cursor(row=max(0, min(cursor, len(shown) - 1)), animate=False)
            self._mark_row(table.cursor_row)

    @on(DataTable.RowHighlighted, "#log-table")
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._mark_row(event.cursor_row)

    def _mark_row(self, cursor: int) -> None:
        """▶ before the number of the log row under the cursor: not by colour alone."""
        table: DataTable[Text] = self.query_one("#log-table", DataTable)
        if self._number_column is None or not (0 <= cursor < table.row_count):
            return
        key = table.coordinate_to_cell_key(Coordinate(cursor, 0)).row_key
        if key == self._marked_row:
            return
        for row_key, marker in ((self._marked_row, NO_MARKER), (key, MARKER)):
            if row_key is not None and row_key in table.rows:
                table.update_cell(row_key, self._number_column, Text(f"{marker}#{row_key.value}"))
        self._marked_row = key

    def on_resize(self) -> None:
        # Eight tabs with their padding need 82 columns in German: below TIGHT the
        # padding shrinks so that "Realität" is whole at 80, not "Realitä".
        self.set_class(self.size.width < TIGHT, "-tight")
        wide = (self.size.width >= WIDE, self.size.width >= WIDE or self.size.width >= NARROW)
        if self.ready and "log" in self._filled and self._wide not in (None, wide):
            self._fill_page()

    @on(Select.Changed, "#filter-kind")
    def _kind_changed(self, event: Select.Changed) -> None:
        self._kind = str(event.value)
        self._evidence = None
        self._refilter()

    @on(Select.Changed, "#filter-place")
    def _place_changed(self, event: Select.Changed) -> None:
        self._place = str(event.value)
        self._evidence = None
        self._refilter()

    @on(FilterSelect.Done)
    def _filter_done(self, event: FilterSelect.Done) -> None:
        """A filter's menu closed (or ↓ past it): the focus goes on to the table."""
        if self.focused is None or self.focused is event.select:
            self.query_one("#log-table", DataTable).focus()

    def action_filter(self, which: str) -> None:
        """a / o: open the kind or the place filter of the log."""
        if not self.ready:
            return
        self._activate("log")
        select: Any = self.query_one(f"#filter-{which}", Select)
        select.focus()
        select.expanded = True

    def action_page(self, step: int) -> None:
        if not self.ready or self._active() != "log":
            return
        before = self._page
        self._page = max(0, min(self._page + step, (len(self._rows) - 1) // PAGE))
        if self._page != before:
            self._fill_page()

    def show_evidence(self, index: int) -> None:
        """The log, filtered to the events conclusion ``index`` rests on."""
        rows = self.dossier.get("inferences", [])
        if not (0 <= index < len(rows)):
            return
        ids = frozenset(i for i in rows[index].get("evidence") or () if isinstance(i, int))
        self._evidence = (ids, index)
        self._came_from = index
        self._kind = self._place = "all"
        self._activate("log")
        self._show_log(self.lang)
        self._label_tabs(self.lang)
        self.query_one("#log-table", DataTable).focus()

    def show_event(self, event_id: int) -> None:
        """Jump to the log row of one event (the page holding it), whatever the filters."""
        self._evidence = None
        self._kind = self._place = "all"
        self._activate("log")
        self._show_log(self.lang)
        position = self._positions.get(event_id, 0)
        self._page = position // PAGE
        self._fill_page(cursor=position % PAGE)

    @on(DataTable.RowSelected, "#log-table")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a log row: the conclusions that rest on it, one after the other."""
        try:
            event_id = int(str(event.row_key.value))
        except ValueError:
            return
        cited = self._citations().get(event_id, [])
        lang = self.lang
        if not cited:
            self.notify(tr("log_cited_by_none", lang, id=event_id))
            return
        turn = self._cite_turn.get(event_id, 0) % len(cited)
        self._cite_turn[event_id] = turn + 1
        self.notify(tr("log_cited_by", lang, id=event_id, n=len(cited)))
        self.show_conclusion(cited[turn])

    def _citations(self) -> dict[int, list[int]]:
        """Which conclusions cite which event (built once, on the first Enter in the log)."""
        if self._cited is None:
            cited: dict[int, list[int]] = {}
            for index, row in enumerate(self.dossier.get("inferences", [])):
                for eid in dict.fromkeys(row.get("evidence") or ()):
                    cited.setdefault(int(eid), []).append(index)
            self._cited = cited
        return self._cited

    def show_conclusion(self, index: int) -> None:
        self._activate("conclusions")
        options = self.query_one("#conclusions", OptionList)
        if 0 <= index < options.option_count:
            options.highlighted = index
            options.scroll_to_highlight(top=True)
        options.focus()

    def action_back_to_conclusion(self) -> None:
        if self._came_from is not None and self.ready:
            self.show_conclusion(self._came_from)

    # --------------------------------------------------------- conclusions
    def _show_conclusions(self, lang: str) -> None:
        story = self.kapp.loaded_story
        d = self.dossier
        options = self.query_one("#conclusions", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        self._conclusion_parts = []
        self._marked_conclusion = None
        prompts: list[Option] = []
        for inference in d.get("inferences", []):
            head = conclusion_headline(inference, d, story, lang)
            lines: list[str] = []
            reason = inference_reason(inference, lang)
            if reason:
                lines.append(reason)
            workings = inference_workings(inference, lang)
            if workings:
                lines.append(workings)
            lines.append(
                tr("origin_line", lang, origin=origin_text(inference_origin(inference), lang))
                + " · "
                + evidence_text(inference.get("evidence"), lang)
            )
            lines.append(
                tr("purpose", lang, purpose=purpose_text(str(inference.get("purpose")), lang))
                + " · "
                + tr("basis", lang, basis=basis_text(str(inference.get("legal_basis")), lang))
            )
            warning = special_category_line(inference, story, lang)
            if warning:
                lines.append(warning)
            why = self._wrong_ids.get(str(inference.get("id")))
            if why:
                lines.append(tr("wrong_marker", lang, why=why))
            lines += usage_lines(inference, lang)
            body = Padding(Text("\n".join(lines)), (0, 0, 0, 2))
            self._conclusion_parts.append((head, body))
            prompts.append(Option(_conclusion_prompt(head, body, marked=False)))
        options.add_options(prompts)
        if prompts:
            options.highlighted = (
                highlighted if highlighted is not None and highlighted < len(prompts) else 0
            )
            self._mark_conclusion(options.highlighted)
        self.query_one("#conclusions-hint", Literal).show(tr("conclusions_hint", lang))
        lines = [tr("you_told_us", lang) + ":"]
        lines += [f"  {said} ({origin_text('provided', lang)})" for said in told_us(d, lang)] or [
            "  " + tr("nothing", lang)
        ]
        self.query_one("#conclusions-told", Literal).show("\n".join(lines))

    @on(OptionList.OptionHighlighted, "#conclusions")
    def _conclusion_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._mark_conclusion(event.option_index)

    def _mark_conclusion(self, index: int | None) -> None:
        """▶ before the highlighted conclusion (• before the others): not by colour alone."""
        options = self.query_one("#conclusions", OptionList)
        for n, marked in ((self._marked_conclusion, False), (index, True)):
            if n is not None and 0 <= n < min(len(self._conclusion_parts), options.option_count):
                head, body = self._conclusion_parts[n]
                options.replace_option_prompt_at_index(
                    n, _conclusion_prompt(head, body, marked=marked)
                )
        self._marked_conclusion = index

    @on(OptionList.OptionSelected, "#conclusions")
    def _conclusion_selected(self, event: OptionList.OptionSelected) -> None:
        self.show_evidence(event.option_index)

    def action_contest(self, right: str) -> None:
        """1 / 2 / 3 on a conclusion: rectify, object, a human instead of the machine."""
        from kaufhaus.play.contest import contest, contest_heading

        if not self.ready or self._active() != "conclusions":
            return
        index = self.query_one("#conclusions", OptionList).highlighted
        rows = self.dossier.get("inferences", [])
        if index is None or not (0 <= index < len(rows)):
            return
        row = rows[index]
        lang = self.lang
        # On the record first: the contest is an entry in the log and the file.
        outcome = self.kapp.track("contest", right=right, conclusion=str(row.get("key")))
        if outcome is None:
            return
        wrong = str(row.get("id")) in self._wrong_ids
        answer = contest(right, row, lang, wrong=wrong)
        title = contest_heading(right, row, lang)
        recorded = tr("contest_recorded", lang, event=outcome.event.id)
        self.app.push_screen(
            ContestScreen(f"{title}\n{answer.title}", answer.shop, f"{answer.law}\n\n{recorded}")
        )
        self._rebuild()

    # -------------------------------------------------------------- contest
    def _show_contest(self, lang: str) -> None:
        from kaufhaus.play.contest import (
            RIGHT_NAMES,
            RIGHTS,
            asks_errand,
            errand_against,
            on_record,
            recorded_errand,
        )

        rows = {str(r.get("id")): r for r in self.dossier.get("inferences", [])}
        story = self.kapp.loaded_story
        lines = [tr("wrong_title", lang), ""]
        if self.wrong:
            for mismatch in self.wrong:
                row = rows.get(mismatch.inference)
                head = conclusion_headline(row, self.dossier, story, lang) if row else ""
                lines.append(f"✗ {head}")
                lines.append(f"  {mismatch.why.get(lang, '')}")
                lines.append("  " + evidence_text(mismatch.evidence, lang))
        else:
            lines.append(tr("wrong_none", lang))
        if asks_errand(self.kapp.game.story):
            errand = recorded_errand(self.kapp.game)
            lines += ["", tr("errand_title", lang)]
            lines += errand_against(errand, self.dossier.get("inferences", []), lang)
        lines += ["", tr("contest_intro", lang)]
        lines += [f"  {n}: {RIGHT_NAMES[r][lang]}" for n, r in enumerate(RIGHTS, 1)]
        lines += ["", tr("contests_title", lang)]
        lines += on_record(self.dossier, lang) or ["  " + tr("contests_none", lang)]
        self.query_one("#contest-text", Literal).show("\n".join(lines))

    # ---------------------------------------------------------------- legal
    def _show_legal(self, lang: str) -> None:
        d = self.dossier
        consent = d.get("consent", {})
        lines = [
            tr("legal_intro", lang),
            "",
            tr("reveal_consent", lang, choice=consent_text(consent.get("choice"), lang)),
        ]
        if processed_despite_refusal(consent):
            lines.append(tr("reveal_after_refusal", lang, n=after_decision_count(consent)))
        for purpose in d.get("purposes", []):
            label = purpose.get("label", {})
            refused = tr("yes", lang) if purpose.get("refused_by_player") else tr("no", lang)
            lines += [
                "",
                f"• {label.get(lang) or label.get('de') or ''}",
                "  " + tr("basis", lang, basis=basis_text(str(purpose.get("legal_basis")), lang)),
                "  " + tr("legal_events", lang, n=purpose.get("events_processed", 0)),
                "  " + tr("legal_refused", lang, refused=refused),
            ]
        self.query_one("#legal-text", Literal).show("\n".join(lines))

    # --------------------------------------------------------------- prices
    def _show_prices(self, lang: str) -> None:
        game: Any = self.kapp.game
        currency = game.story.currency
        shown = self.dossier.get("shown_vs_neutral", [])
        personalised = [s for s in shown if s.get("personalised")]
        paid = (self.dossier.get("payments") or {}).get("text") or {}
        lines = [
            tr("prices_intro", lang),
            paid.get(lang, ""),
            tr("texts_personalised", lang, n=len(personalised), total=len(shown)),
        ]
        moments = money_moments(self.dossier.get("events", []), game.story, lang)
        if moments:
            lines += ["", tr("money_title", lang)]
            lines += [
                "  "
                + tr(
                    f"money_{what}",
                    lang,
                    product=product,
                    price=money(price, lang, currency),
                    normal=money(normal, lang, currency),
                )
                for what, product, price, normal in moments[:200]
            ]
        for entry in shown[:200]:
            prices = entry.get("prices", {})
            if not prices:
                continue
            neutral = entry.get("neutral_prices", {})
            lines += ["", f"{scene_title(game.story, str(entry.get('scene', '')), lang)}:"]
            for pid, price in sorted(prices.items()):
                base = neutral.get(pid, price)
                diff = price - base
                change = (
                    ("+" if diff > 0 else "") + money(diff, lang, currency)
                    if abs(diff) >= 0.005
                    else tr("same_price", lang)
                )
                lines.append(
                    "  "
                    + tr(
                        "price_row",
                        lang,
                        product=product_name(game.story, pid, lang),
                        shown=money(price, lang, currency),
                        neutral=money(base, lang, currency),
                        change=change,
                    )
                )
        for entry in personalised[:50]:
            lines += [
                "",
                "─" * 40,
                tr(
                    "rewritten",
                    lang,
                    scene=scene_title(game.story, str(entry.get("scene", "")), lang),
                ),
                "",
                tr("you_read", lang),
                str(entry.get("text", "")),
                "",
                tr("neutral_read", lang),
                str(entry.get("neutral_text", "")),
            ]
        self.query_one("#prices-text", Literal).show("\n".join(lines))

    # --------------------------------------------------------------- charts
    def _show_charts(self, lang: str) -> None:
        from kaufhaus.play.charts import dwell_by_place, interest_timeline, route

        story = self.kapp.loaded_story
        d = self.dossier
        self.query_one("#chart-dwell-title", Literal).show(tr("chart_dwell", lang))
        self.query_one("#chart-dwell", Bars).show(
            [(place, s, duration_text(s, lang)) for place, s in dwell_by_place(d, story, lang)]
        )
        counts, start, end = interest_timeline(d, buckets=max(10, self.size.width - 6))
        spark = self.query_one("#chart-interest", Sparkline)
        if any(counts):
            self.query_one("#chart-interest-title", Literal).show(
                tr("chart_interest", lang, start=clock_text(start), end=clock_text(end))
            )
            spark.data = [float(c) for c in counts]
            spark.display = True
        else:
            self.query_one("#chart-interest-title", Literal).show(tr("chart_interest_none", lang))
            spark.data = []
            spark.display = False
        places, more = route(d, story, lang)
        text = " → ".join(places)
        if more:
            text += "\n" + tr("chart_route_more", lang, n=more)
        self.query_one("#chart-route-title", Literal).show(tr("chart_route", lang))
        self.query_one("#chart-route", Literal).show(text)

    # -------------------------------------------------------------- reality
    def _show_reality(self, lang: str) -> None:
        """The cards the file holds, in the reader's language: sources included."""
        cards = self.dossier.get("reality_checks", [])
        blocks = ["\n".join(reality_lines(card, lang)) for card in cards]
        self.query_one("#reality", Literal).show("\n\n".join(blocks) or tr("no_reality", lang))

    # ------------------------------------------------------------- actions
    def _active(self) -> str:
        active = self.query_one(TabbedContent).active or "tab-glance"
        return active.removeprefix("tab-")

    def _activate(self, key: str) -> None:
        self.query_one(TabbedContent).active = f"tab-{key}"
        self._fill(key)

    def _focus_pane(self) -> None:
        tabs = self.query_one(TabbedContent)
        pane = tabs.get_pane(tabs.active) if tabs.active else None
        if pane is None:
            return
        focused = self.focused
        if focused is not None and pane in focused.ancestors:  # e.g. a filter opened by a/o
            return
        target = next(iter(pane.query("#log-table, #conclusions, .pane")), None)
        if target is not None:
            target.focus()

    def action_next_tab(self, step: int) -> None:
        tabs = self.query_one(TabbedContent)
        ids = [f"tab-{key}" for key in TABS]
        index = ids.index(tabs.active) if tabs.active in ids else 0
        tabs.active = ids[(index + step) % len(ids)]
        self.call_after_refresh(self._focus_pane)

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        self._fill(self._active())
        self._label_tabs(self.lang)
        self.call_after_refresh(self._focus_pane)

    def _label_tabs(self, lang: str) -> None:
        """Tab names in ``lang``, "▶" before the open one (the underline is colour only);
        and the footer's Esc named for what it does from here."""
        tabs = self.query_one(TabbedContent)
        active = self._active()
        for key in TABS:
            name = tr(f"tab_{key}", lang)
            tabs.get_tab(f"tab-{key}").label = f"▶ {name}" if key == active else name
        if self._evidence is not None and active == "log":
            esc = "key_all_entries"
        else:
            esc = "key_title" if active == "glance" else "key_overview"
        relabel(self, (KeySpec("escape", "escape", esc, key_display="Esc"),), lang)

    def action_escape(self) -> None:
        """Esc, as the footer says: leave the evidence view of the log, then go back
        to the first card; only from the first card on to the title."""
        if self._evidence is not None and self._active() == "log":
            self._evidence = None
            self._refilter()
            self._label_tabs(self.lang)
            return
        if self._active() != "glance":
            self._activate("glance")
            return
        self.action_title()

    def action_export(self) -> None:
        from kaufhaus.play.export import export_dossier, exported_lines

        lang = self.lang
        if not self.ready:
            self._pending_export = True
            self.exported = [tr("dossier_pending", lang)]
        elif self.app.is_web:  # browser play: into the pupil's browser, not onto the server
            self.exported = [self._deliver_downloads()]
        else:
            try:
                paths = export_dossier(self.dossier, self.kapp.saves, lang=lang)
            except OSError as exc:
                self.exported = [tr("export_failed", lang, error=str(exc))]
            else:
                self.exported = exported_lines(paths, lang)
        # Said where the player is (and kept on the first card): no jump away from
        # the tab being read. The notice is the first line only, briefly: the list
        # stays on the first card, and the notice must not cover the ending's text.
        self.query_one("#end-export", Literal).show("\n".join(self.exported))
        self.notify(self.exported[0] if self.exported else "", timeout=EXPORT_NOTICE_SECONDS)

    def _deliver_downloads(self) -> str:
        """Hand the three files to the browser (textual-serve's download route); say which.

        Rendered to text in memory: nothing is written on the teacher's computer
        for it, and the message names files, never a folder of the server.
        """
        import io

        from kaufhaus.play.export import dossier_downloads

        try:
            files = dossier_downloads(self.dossier, lang=self.lang)
        except (OSError, ValueError) as exc:
            return tr("export_failed", self.lang, error=str(exc))
        for name, mime, text in files:
            self.app.deliver_text(
                io.StringIO(text),
                save_filename=name,
                open_method="download",
                encoding="utf-8",
                mime_type=mime,
            )
        return tr("export_downloaded", self.lang, names=", ".join(name for name, _, _ in files))

    def action_forget(self) -> None:
        """What ``kaufhaus forget`` does, from here: list the game's files, ask, delete."""
        from kaufhaus.tui.screens.saves import ForgetScreen

        self.app.push_screen(ForgetScreen())

    def action_handin(self) -> None:
        """In a class: show the anonymised file and offer to hand it in.

        The full file is built after the first paint; a hand-in asked for
        before that waits for it rather than handing in an empty file.
        """
        if not self.ready:
            self._pending_handin = True
            self.notify(tr("dossier_pending", self.lang), timeout=4)
            return
        self.kapp.offer_handin(self.dossier)

    def action_new_game(self) -> None:
        self.kapp.new_game()

    def action_title(self) -> None:
        self.kapp.show_title()


def _deliver(app: Any, callback: Any, *args: Any) -> None:
    """Hand a result from the dossier thread to the UI thread, if the app still runs."""
    if not app.is_running:  # closed meanwhile: nobody is waiting
        return
    with contextlib.suppress(RuntimeError):  # ...or closing just now
        app.call_from_thread(callback, *args)


def _conclusion_prompt(head: str, body: Any, *, marked: bool) -> Group:
    """One conclusion in the list: its headline in bold, "▶" when it is the selected one."""
    return Group(Text(("▶ " if marked else "• ") + head, style="bold"), body)


def _count(n: int, lang: str) -> str:
    text = f"{n:,}"
    return text.replace(",", ".") if lang == "de" else text

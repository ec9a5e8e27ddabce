"""The reveal: the ending, then the shop's whole file on the player.

Everything here comes from ``build_dossier(game)``, the same data the exports
write, so what the screen says and what the JSON says cannot disagree. One
tab per question a data-access request answers: what was logged, what was
concluded and why, on which legal basis, what you were shown compared with a
neutral shopper, and which real practice each trick mirrors.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, TabbedContent, TabPane

from kaufhaus.play.describe import (
    BASES,
    after_decision_count,
    basis_short,
    basis_text,
    consent_text,
    event_target,
    evidence_text,
    inference_headline,
    inference_reason,
    money,
    money_moments,
    product_name,
    purpose_text,
    scene_title,
    special_category_line,
    usage_lines,
)
from kaufhaus.play.strings import clock_text, duration_text, kind_label, tr
from kaufhaus.tui.keys import KeySpec, bindings, relabel
from kaufhaus.tui.screens.handin import HANDIN_KEY
from kaufhaus.tui.widgets.literal import Literal

if TYPE_CHECKING:
    from kaufhaus.tui.app import KaufhausApp

TABS = ("end", "log", "conclusions", "legal", "prices", "reality")


class RevealScreen(Screen[None]):
    """The ending text and the dossier, in tabs; e exports, n starts again."""

    CSS_PATH = "reveal.tcss"
    KEYS: ClassVar[tuple[KeySpec, ...]] = (
        KeySpec("e", "export", "key_export"),
        KeySpec("n", "new_game", "key_new"),
        KeySpec("f", "forget", "forget_key"),
        HANDIN_KEY,
        KeySpec("escape", "title", "key_title", key_display="Esc", show=False),
        KeySpec("tab", "next_tab(1)", "key_next_tab", key_display="Tab", priority=True),
        KeySpec("shift+tab", "next_tab(-1)", "key_next_tab", show=False, priority=True),
    )
    BINDINGS: ClassVar[list[BindingType]] = bindings(KEYS)

    def __init__(self) -> None:
        super().__init__()
        self.dossier: dict[str, Any] = {}
        self.exported: list[str] = []

    @property
    def kapp(self) -> KaufhausApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        with TabbedContent(id="tabs"):
            with TabPane("end", id="tab-end"), VerticalScroll(classes="pane"):
                yield Literal(id="end-title")
                yield Literal(id="end-text")
                yield Literal(id="end-summary")
                yield Literal(id="end-export")
                yield Literal(id="end-keys", classes="muted")
            with TabPane("log", id="tab-log"):
                yield Literal(id="log-legend", classes="muted")
                yield DataTable(id="log-table", cursor_type="row", zebra_stripes=True)
            with TabPane("conclusions", id="tab-conclusions"), VerticalScroll(classes="pane"):
                yield Literal(id="conclusions")
            with TabPane("legal", id="tab-legal"), VerticalScroll(classes="pane"):
                yield Literal(id="legal-text")
            with TabPane("prices", id="tab-prices"), VerticalScroll(classes="pane"):
                yield Literal(id="prices-text")
            with TabPane("reality", id="tab-reality"), VerticalScroll(classes="pane"):
                yield Literal(id="reality")
        yield Footer()

    def on_mount(self) -> None:
        from kaufhaus.dossier.model import build_dossier

        self.dossier = build_dossier(self.kapp.game)
        self.watch(self.app, "lang", self._show, init=True)
        self.call_after_refresh(self._focus_pane)

    # ------------------------------------------------------------- render
    def _show(self, lang: str) -> None:
        relabel(self, self.KEYS, lang)
        tabs = self.query_one(TabbedContent)
        for key in TABS:
            tabs.get_tab(f"tab-{key}").label = tr(f"tab_{key}", lang)
        self._show_end(lang)
        self._show_log(lang)
        self._show_conclusions(lang)
        self._show_legal(lang)
        self._show_prices(lang)
        self._show_reality(lang)

    def _show_end(self, lang: str) -> None:
        game: Any = self.kapp.game
        view = game.view()
        d = self.dossier
        self.query_one("#end-title", Literal).show(view.title)
        self.query_one("#end-text", Literal).show(view.text)
        consent = d.get("consent", {})
        lines = [
            tr(
                "reveal_summary",
                lang,
                duration=duration_text(float(d.get("duration_seconds", 0)), lang),
                events=len(d.get("events", [])),
                inferences=len(d.get("inferences", [])),
            ),
            tr("reveal_consent", lang, choice=consent_text(consent.get("choice"), lang)),
        ]
        after = after_decision_count(consent)
        if consent.get("choice") in ("necessary", "custom"):
            lines.append(tr("reveal_after_refusal", lang, n=after))
        elif consent.get("choice"):
            lines.append(tr("reveal_after_consent", lang, n=after))
        self.query_one("#end-summary", Literal).show("\n".join(lines))
        self.query_one("#end-export", Literal).show("\n".join(self.exported))
        self.query_one("#end-keys", Literal).show(tr("reveal_keys", lang))

    def _show_log(self, lang: str) -> None:
        self.query_one("#log-legend", Literal).show(
            " · ".join(f"{basis_short(b, lang)} = {basis_text(b, lang)}" for b in BASES)
        )
        table: DataTable[Text] = self.query_one("#log-table", DataTable)
        table.clear(columns=True)
        table.add_columns(
            tr("col_no", lang),
            tr("col_time", lang),
            tr("col_what", lang),
            tr("col_target", lang),
            tr("col_basis", lang),
        )
        for event in self.dossier.get("events", []):
            bases = ", ".join(basis_short(b, lang) for b in event.get("legal_bases", []))
            table.add_row(
                Text(f"#{event['id']}"),
                Text(clock_text(float(event.get("t", 0)))),
                Text(kind_label(str(event.get("kind")), lang)),
                Text(event_target(event, lang)),
                Text(bases or "–"),
            )

    def _show_conclusions(self, lang: str) -> None:
        story = self.kapp.loaded_story
        d = self.dossier
        blocks: list[str] = []
        for inference in d.get("inferences", []):
            lines = [
                f"• {inference_headline(inference, story, lang)}",
                f"  {inference_reason(inference, lang)}",
                "  " + evidence_text(inference.get("evidence"), lang),
                "  "
                + tr("purpose", lang, purpose=purpose_text(str(inference.get("purpose")), lang)),
                "  " + tr("basis", lang, basis=basis_text(str(inference.get("legal_basis")), lang)),
            ]
            warning = special_category_line(inference, story, lang)
            if warning:
                lines.append("  " + warning)
            lines += ["  " + line for line in usage_lines(inference, lang)]
            blocks.append("\n".join(lines))
        told = d.get("data_subject") or {}
        blocks.append(
            tr("you_told_us", lang)
            + ":\n"
            + (
                "\n".join(f"  {key}: {value}" for key, value in told.items())
                or "  " + tr("nothing", lang)
            )
        )
        device = d.get("fingerprint") or {}
        blocks.append(
            tr("your_device", lang)
            + ":\n"
            + (
                "\n".join(f"  {key}: {value}" for key, value in device.items())
                or "  " + tr("nothing", lang)
            )
        )
        self.query_one("#conclusions", Literal).show("\n\n".join(blocks))

    def _show_legal(self, lang: str) -> None:
        d = self.dossier
        consent = d.get("consent", {})
        lines = [
            tr("legal_intro", lang),
            "",
            tr("reveal_consent", lang, choice=consent_text(consent.get("choice"), lang)),
        ]
        if consent.get("choice") in ("necessary", "custom"):
            lines.append(tr("reveal_after_refusal", lang, n=after_decision_count(consent)))
        for purpose in d.get("purposes", []):
            label = purpose.get("label", {})
            refused = tr("yes", lang) if purpose.get("refused_by_player") else tr("no", lang)
            lines += [
                "",
                f"• {label.get(lang) or label.get('de') or purpose.get('id')}",
                "  " + tr("basis", lang, basis=basis_text(str(purpose.get("legal_basis")), lang)),
                "  " + tr("legal_events", lang, n=purpose.get("events_processed", 0)),
                "  " + tr("legal_refused", lang, refused=refused),
            ]
        self.query_one("#legal-text", Literal).show("\n".join(lines))

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
                for what, product, price, normal in moments
            ]
        for entry in shown:
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
        for entry in personalised:
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

    def _show_reality(self, lang: str) -> None:
        cards = self.dossier.get("reality_checks", [])
        blocks = []
        for card in cards:
            title = card.get("title", {})
            text = card.get("text", {})
            blocks.append(
                "\n".join(
                    [
                        f"■ {title.get(lang) or title.get('de', '')}",
                        str(text.get(lang) or text.get("de", "")),
                        tr("source", lang, source=card.get("source", "")),
                    ]
                )
            )
        self.query_one("#reality", Literal).show("\n\n".join(blocks) or tr("no_reality", lang))

    # ------------------------------------------------------------- actions
    def _focus_pane(self) -> None:
        tabs = self.query_one(TabbedContent)
        pane = tabs.get_pane(tabs.active) if tabs.active else None
        if pane is None:
            return
        target = next(iter(pane.query("DataTable, VerticalScroll")), None)
        if target is not None:
            target.focus()

    def action_next_tab(self, step: int) -> None:
        tabs = self.query_one(TabbedContent)
        ids = [f"tab-{key}" for key in TABS]
        index = ids.index(tabs.active) if tabs.active in ids else 0
        tabs.active = ids[(index + step) % len(ids)]
        self.call_after_refresh(self._focus_pane)

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        self.call_after_refresh(self._focus_pane)

    def action_export(self) -> None:
        from kaufhaus.play.export import export_dossier

        lang = self.kapp.lang
        try:
            paths = export_dossier(self.dossier, self.kapp.saves, lang=lang)
        except OSError as exc:
            self.exported = [tr("export_failed", lang, error=str(exc))]
        else:
            self.exported = [tr("export_done", lang, paths=", ".join(str(p) for p in paths))]
        self.query_one("#end-export", Literal).show("\n".join(self.exported))
        self.query_one(TabbedContent).active = "tab-end"

    def action_forget(self) -> None:
        """What ``kaufhaus forget`` does, from here: list the game's files, ask, delete."""
        from kaufhaus.tui.screens.saves import ForgetScreen

        self.app.push_screen(ForgetScreen())

    def action_handin(self) -> None:
        """In a class: show the anonymised file and offer to hand it in."""
        self.kapp.offer_handin(self.dossier)

    def action_new_game(self) -> None:
        self.kapp.new_game()

    def action_title(self) -> None:
        self.kapp.show_title()

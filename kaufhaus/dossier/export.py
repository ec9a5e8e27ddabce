"""Dossier exports: JSON for machines, Markdown and self-contained HTML for people.

Player-typed text ends up in every export (the name on the receipt, the
e-mail at the loyalty desk, and through them the scene texts), so each format
escapes it for itself:

- JSON by the encoder (``ensure_ascii`` falls back on for text that cannot be
  UTF-8, such as lone surrogates);
- Markdown (CommonMark/GFM) by backslash-escaping its metacharacters, turning
  ``< > &`` into entities so no HTML survives, and flattening newlines in
  table cells so ``|`` and line breaks cannot split a row;
- HTML by ``html.escape`` on every value, attributes included, with no
  scripts, no external resources and a Content-Security-Policy that would
  block them anyway. The page prints on its own (``@media print``).

Control characters other than tab and newline are replaced by U+FFFD in the
human formats: they are invisible, break terminals and have no business in a
printout. Files are written atomically, like saves.
"""

from __future__ import annotations

import difflib
import html
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from kaufhaus.dossier.texts import (
    DPV_NS,
    INFERENCE_KIND_LABELS,
    LANGS,
    ORIGIN_LABELS,
    PD_NS,
    PURPOSE_SHORT,
    UI,
)
from kaufhaus.saves import write_atomic
from kaufhaus.tracking.numbers import cents, format_money, format_percent
from kaufhaus.tracking.purposes import BASIS_LABEL

#: File suffixes ``export`` understands, and what it writes for each.
FORMATS = {
    ".json": "json",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
}


class ExportError(ValueError):
    """An export that cannot be written (unknown format); the message says why."""


# ------------------------------------------------------------------ text hygiene
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def clean(value: Any) -> str:
    """Text safe to show: line breaks unified, control chars and lone surrogates → U+FFFD."""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n")
    return _CONTROL.sub("\ufffd", text)


def _lang(dossier: Mapping[str, Any], lang: str | None) -> str:
    chosen = lang or str(dossier.get("lang") or "de")
    return chosen if chosen in UI else "de"


def _pick(value: Any, lang: str) -> str:
    """A {de, en} mapping in the wanted language; anything else as text."""
    if isinstance(value, Mapping):
        return str(value.get(lang) or next((v for v in value.values() if v), ""))
    return "" if value is None else str(value)


def _number(value: float, lang: str, digits: int = 1) -> str:
    text = f"{float(value):.{digits}f}"
    return text.replace(".", ",") if lang == "de" else text


def _money(value: float | None, lang: str) -> str:
    """A euro amount from the dossier, written exactly as the game wrote it."""
    if value is None:
        return "–"
    return format_money(cents(value), lang)


def _signed_money(value: float | None, lang: str) -> str:
    """A difference with its sign, rounded like every other amount: ``+12,30 €``."""
    if value is None:
        return "–"
    amount = cents(value)
    sign = "+" if amount > 0 else "−" if amount < 0 else "±"
    return sign + format_money(abs(amount), lang)


def _purpose_short(pid: str, lang: str) -> str:
    return _pick(PURPOSE_SHORT.get(pid, {"de": pid, "en": pid}), lang)


def _basis(basis: str, lang: str) -> str:
    return _pick(BASIS_LABEL.get(basis, {"de": basis, "en": basis}), lang)


# ------------------------------------------------------------------ JSON
def to_json(dossier: Mapping[str, Any]) -> str:
    """The dossier as JSON text; round-trips through ``json.loads``."""
    text = json.dumps(dossier, ensure_ascii=False, indent=2, sort_keys=False, allow_nan=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        # Lone surrogates (possible in typed text) cannot be UTF-8: escape everything.
        text = json.dumps(dossier, ensure_ascii=True, indent=2, allow_nan=False)
    return text


def write_json(dossier: Mapping[str, Any], path: Path) -> None:
    _write_atomic(Path(path), to_json(dossier) + "\n")


# ------------------------------------------------------------------ Markdown
_MD_ALWAYS = set("\\`*_[]()#+-!|~=")
_MD_ENTITIES = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}
_MD_ORDERED = re.compile(r"^(\s*\d+)\.")


def md_escape(value: Any) -> str:
    """Inline Markdown text: every metacharacter escaped, no HTML, one line.

    Backslash-escapes ``\\ ` * _ [ ] ( ) # + - ! | ~ =``, turns ``< > &`` into
    entities (so no tag and no <...> autolink survives), flattens line breaks,
    and escapes the dot of a leading number so "1." cannot start a list.
    """
    text = " ".join(clean(value).replace("\t", " ").split("\n"))
    out = "".join(_MD_ENTITIES.get(ch) or ("\\" + ch if ch in _MD_ALWAYS else ch) for ch in text)
    return _MD_ORDERED.sub(r"\1\\.", out)


def md_block(value: Any, prefix: str = "") -> str:
    """Multi-line text as Markdown paragraphs (each line escaped, blank lines kept)."""
    lines = []
    for line in clean(value).split("\n"):
        stripped = line.strip()
        lines.append((prefix + md_escape(stripped)).rstrip() if stripped else prefix.rstrip())
    return "\n".join(lines)


def _md_cell(value: Any) -> str:
    return md_escape(value).strip() or " "


def _md_table(
    headers: Sequence[str], rows: Iterable[Sequence[str]], align: Sequence[str] | None = None
) -> list[str]:
    """Rows are already-escaped cells; headers are escaped here."""
    align = align or ["l"] * len(headers)
    out = [
        "| " + " | ".join(_md_cell(h) for h in headers) + " |",
        "|" + "|".join("---:" if a == "r" else "---" for a in align) + "|",
    ]
    for row in rows:
        out.append("| " + " | ".join(cell if cell.strip() else " " for cell in row) + " |")
    return out


def _md_link(target: str, label: Any) -> str:
    """A link to an anchor of our own making (targets are ids we generate)."""
    return f"[{md_escape(label)}](#{target})"


def _md_events(ids: Iterable[int]) -> str:
    return ", ".join(_md_link(f"event-{int(i)}", int(i)) for i in ids) or "–"


def to_markdown(dossier: Mapping[str, Any], lang: str | None = None) -> str:
    """The dossier as a Markdown document (CommonMark with GFM tables)."""
    lang = _lang(dossier, lang)
    ui = UI[lang]
    d = dossier
    out: list[str] = []

    def heading(level: int, key: str) -> None:
        out.extend(["", "#" * level + " " + md_escape(ui[key]), ""])

    def para(text: Any) -> None:
        out.extend([md_escape(text), ""])

    out.append("# " + md_escape(ui["doc_title"]))
    out.append("")
    out.append("*" + md_escape(ui["doc_subtitle"]) + "*")
    out.append("")
    out.append("> " + md_escape(ui["fiction"]))

    # At a glance
    heading(2, "summary")
    controller = d.get("controller", {})
    summary = d.get("summary", {})
    rows = [
        (
            ui["controller"],
            f"{controller.get('name', '')} – "
            f"{_pick(controller.get('address'), lang)} – "
            f"{controller.get('contact', '')}",
        ),
        (
            ui["story"],
            f"{_pick(d.get('story', {}).get('title'), lang)} ({d.get('story', {}).get('id', '')})",
        ),
        (ui["seed"], d.get("seed", "")),
        (ui["duration"], f"{_number(d.get('duration_seconds', 0), lang)} {ui['seconds']}"),
        (ui["events_total"], summary.get("events", len(d.get("events", [])))),
        (ui["inferences_total"], summary.get("inferences", len(d.get("inferences", [])))),
        (ui["personalised_scenes"], summary.get("scenes_added_for_you", 0)),
    ]
    out.extend(_md_table([ui["field"], ui["value"]], [(_md_cell(k), _md_cell(v)) for k, v in rows]))
    out.append("")
    para(_pick(controller.get("note"), lang))

    heading(2, "data_subject")
    subject = d.get("data_subject") or {}
    if subject:
        out.extend(
            _md_table(
                [ui["field"], ui["value"]], [(_md_cell(k), _md_cell(v)) for k, v in subject.items()]
            )
        )
    else:
        para(ui["nothing_typed"])

    heading(2, "categories")
    out.extend(
        _md_table(
            [
                ui["category"],
                ui["dpv_term"],
                ui["origin"],
                ui["special"],
                ui["events"],
                ui["inferences_total"],
            ],
            [
                (
                    _md_cell(_pick(c.get("label"), lang)),
                    _md_cell(c.get("term")),
                    _md_cell(", ".join(_origin(o, lang) for o in c.get("origins", []))),
                    _md_cell(ui["yes"] if c.get("special_category") else ui["no"]),
                    _md_cell(c.get("events", 0)),
                    _md_cell(c.get("inferences", 0)),
                )
                for c in d.get("personal_data", [])
            ],
            ["l", "l", "l", "l", "r", "r"],
        )
    )

    heading(2, "purposes")
    out.extend(
        _md_table(
            [ui["purpose"], "dpv:hasPurpose", ui["legal_basis"], ui["status"], ui["processed"]],
            [
                (
                    _md_cell(_pick(p.get("label"), lang)),
                    _md_cell(p.get("dpv:hasPurpose")),
                    _md_cell(
                        f"{_pick(p.get('legal_basis_label'), lang)} ({p.get('dpv:hasLegalBasis')})"
                    ),
                    _md_cell(_status(p.get("status"), ui)),
                    _md_cell(p.get("events_processed", 0)),
                )
                for p in d.get("purposes", [])
            ],
            ["l", "l", "l", "l", "r"],
        )
    )

    heading(2, "consent")
    for line in _consent_lines(d.get("consent") or {}, d.get("events", []), lang):
        para(line)

    heading(2, "recipients")
    recipients = d.get("recipients") or {}
    para(ui["recipients_intro"].format(count=recipients.get("count", 0)))
    named = recipients.get("dpv:hasRecipient", [])
    out.extend(
        _md_table(
            [ui["recipient"], ui["role"], ui["purpose"], ui["received"]],
            [
                (
                    _md_cell(f"{r.get('name')} – {_pick(r.get('does'), lang)}"),
                    _md_cell(r.get("role")),
                    _md_cell(", ".join(_purpose_short(p, lang) for p in r.get("purposes", []))),
                    _md_cell(ui["yes"] if r.get("received") else ui["no"]),
                )
                for r in named
            ],
        )
    )
    out.append("")
    para(ui["more_partners"].format(count=recipients.get("unnamed", 0)))

    heading(2, "storage")
    storage = d.get("storage") or {}
    para(_pick(storage.get("period"), lang))
    para(_pick(storage.get("in_reality"), lang))

    heading(2, "source")
    para(_pick((d.get("source") or {}).get("text"), lang))

    heading(2, "adm")
    adm = d.get("automated_decision_making") or {}
    para(_pick(adm.get("text"), lang))
    para(_pick(adm.get("significance"), lang))
    para(_pick((adm.get("pricing") or {}).get("explanation"), lang))
    heading(3, "prices")
    out.extend(
        _md_table(
            [
                ui["product"],
                ui["normal_price"],
                ui["neutral_price"],
                ui["your_price"],
                ui["difference"],
                ui["paid"],
                ui["pricing_rule"],
            ],
            [
                (
                    _md_cell(_pick(p.get("name"), lang)),
                    _md_cell(_money(p.get("normal"), lang)),
                    _md_cell(_money(p.get("neutral"), lang)),
                    _md_cell(_money(p.get("yours_last"), lang)),
                    _md_cell(_price_diff(p, lang)),
                    _md_cell(_money(p.get("paid"), lang)),
                    _md_cell(_pick((p.get("now") or {}).get("rule_label"), lang)),
                )
                for p in d.get("price_comparison", [])
            ],
            ["l", "r", "r", "r", "r", "r", "l"],
        )
    )
    heading(3, "payments")
    payments = d.get("payments") or {}
    para(_pick(payments.get("text"), lang))
    out.extend(
        _md_table(
            [ui["product"], ui["paid"], ui["neutral_price"], ui["difference"], ui["evidence"]],
            [
                (
                    _md_cell(_pick(item.get("name"), lang)),
                    _md_cell(_money(item.get("paid"), lang)),
                    _md_cell(_money(item.get("neutral"), lang)),
                    _md_cell(_signed_money(item.get("difference"), lang)),
                    _md_events([row.get("event")]),
                )
                for row in payments.get("payments", [])
                for item in row.get("items", [])
            ],
            ["l", "r", "r", "r", "l"],
        )
    )
    heading(3, "logic")
    out.extend(
        _md_table(
            [ui["rule"], ui["explanation"], ui["used_by"]],
            [
                (
                    _md_cell(r.get("text")),
                    _md_cell(_pick(r.get("explanation"), lang)),
                    _md_cell(_kinds(r.get("used_by", []), lang)),
                )
                for r in adm.get("logic", [])
            ],
        )
    )

    heading(2, "conclusions")
    out.extend(
        _md_table(
            [
                ui["conclusion"],
                ui["value"],
                ui["reason"],
                ui["purpose"],
                ui["confidence"],
                ui["evidence"],
            ],
            [
                (
                    f'<a id="{_anchor(i.get("id"))}"></a>' + _md_cell(_conclusion_title(i, lang)),
                    _md_cell(_pick(i.get("value_text"), lang)),
                    _md_cell(
                        _pick(i.get("reason"), lang)
                        + (f" ({ui['special_warning']})" if i.get("art9") else "")
                        + (f" ({ui['purpose_refused']})" if i.get("purpose_refused") else "")
                    ),
                    _md_cell(
                        f"{_purpose_short(str(i.get('purpose')), lang)} – "
                        f"{_basis(str(i.get('legal_basis')), lang)}"
                    ),
                    _md_cell(_percent(i.get("confidence", 0), lang)),
                    _md_events(i.get("evidence", [])),
                )
                for i in d.get("inferences", [])
            ],
        )
    )

    heading(2, "claims_used")
    para(ui["claims_used_intro"])
    out.extend(
        _md_table(
            [ui["where"], ui["time"], ui["said"], ui["evidence"]],
            [
                (
                    _md_cell(_pick(u.get("place"), lang)),
                    _md_cell(_clock(u.get("t", 0))),
                    _md_cell(_pick(u.get("said"), lang)),
                    _md_events(u.get("evidence", [])),
                )
                for u in d.get("claims_used", [])
            ],
        )
    )

    heading(2, "shown")
    para(ui["shown_intro"])
    for s in d.get("shown_vs_neutral", []):
        title = _pick(s.get("title"), lang) or str(s.get("scene"))
        mark = _shown_mark(s, ui)
        link = _md_link(_event_anchor(s), s.get("event"))
        out.extend([f"### {md_escape(title)}{md_escape(mark)} ({link})", ""])
        if s.get("personalised"):
            out.extend(
                [
                    f"**{md_escape(ui['you_saw'])}:**",
                    "",
                    md_block(s.get("text"), "> "),
                    "",
                    f"**{md_escape(ui['neutral_saw'])}:**",
                    "",
                    md_block(s.get("neutral_text"), "> "),
                    "",
                ]
            )
        else:
            out.extend(
                [md_block(s.get("text"), "> "), "", "*" + md_escape(ui["same_text"]) + "*", ""]
            )
        for diff in s.get("price_differences", []):
            name = _product_name(d, diff.get("product"), lang)
            out.append(
                "- "
                + md_escape(
                    f"{name}: {ui['your_price']} {_money(diff.get('yours'), lang)}, "
                    f"{ui['neutral_price']} {_money(diff.get('neutral'), lang)} "
                    f"({_signed_money(float(diff.get('difference', 0)), lang)})"
                )
            )
        if s.get("price_differences"):
            out.append("")

    heading(2, "reality")
    para(ui["reality_intro"])
    cards = d.get("reality_checks", [])
    if not cards:
        para(ui["reality_none"])
    for card in cards:
        out.extend([f"### {md_escape(_pick(card.get('title'), lang))}", ""])
        para(_pick(card.get("text"), lang))
        out.extend(["*" + md_escape(_pick(card.get("session"), lang)) + "*", ""])
        out.append(
            f"{md_escape(ui['triggered_by'])}: {_md_events(card.get('triggered_by_events', []))}"
        )
        out.append("")
        sources = "; ".join(_pick(s.get("citation"), lang) for s in card.get("sources", []))
        out.extend(
            [f"{md_escape(ui['sources'])}: {md_escape(sources or card.get('source', ''))}", ""]
        )

    heading(2, "timeline")
    out.extend(
        _md_table(
            [
                ui["number"],
                ui["time"],
                ui["scene"],
                ui["event"],
                ui["data"],
                ui["for"],
                ui["basis"],
            ],
            [
                (
                    f'<a id="event-{int(e.get("id", 0))}"></a>{int(e.get("id", 0))}',
                    _md_cell(f"{_number(e.get('t', 0), lang)} {ui['seconds']}"),
                    _md_cell(e.get("scene")),
                    _md_cell(
                        _pick(e.get("description"), lang)
                        + (f" ({ui['after_refusal_mark']})" if e.get("after_refusal") else "")
                    ),
                    _md_cell(_term_label(d, e.get("data_category"), lang)),
                    _md_cell(
                        ", ".join(_purpose_short(p, lang) for p in e.get("processed_for", []))
                    ),
                    _md_cell(", ".join(_basis(b, lang) for b in e.get("legal_bases", []))),
                )
                for e in d.get("events", [])
            ],
            ["r", "r", "l", "l", "l", "l", "l"],
        )
    )

    heading(2, "rights")
    para(_pick(d.get("rights"), lang))
    out.append("---")
    out.append("")
    para(
        ui["footer"].format(
            generator=d.get("generator", ""),
            format=d.get("format", ""),
            version=d.get("version", ""),
        )
    )
    para(ui["namespaces"].format(dpv=DPV_NS, pd=PD_NS))
    return "\n".join(out).rstrip() + "\n"


# ------------------------------------------------------------------ shared helpers
def _anchor(value: Any) -> str:
    """An id we generated ("inference-3", "event-7"), reduced to safe characters."""
    return re.sub(r"[^a-z0-9-]", "", str(value).lower())


def _event_anchor(shown_row: Mapping[str, Any]) -> str:
    return f"event-{int(shown_row.get('event', 0))}"


def _shown_mark(row: Mapping[str, Any], ui: Mapping[str, str]) -> str:
    """Rewritten for the player, or merely not what the neutral shopper got."""
    if row.get("added_for_you"):
        return f" – {ui['personalised']}"
    return f" – {ui['differs']}" if row.get("personalised") else ""


def _origin(origin: str, lang: str) -> str:
    return _pick(ORIGIN_LABELS.get(origin, {"de": origin, "en": origin}), lang)


def _kinds(kinds: Iterable[str], lang: str) -> str:
    """Inference kinds in words ("purchase_probability" → "Kaufwahrscheinlichkeit")."""
    return ", ".join(_pick(INFERENCE_KIND_LABELS.get(k, {"de": k, "en": k}), lang) for k in kinds)


def _status(status: Any, ui: Mapping[str, str]) -> str:
    return ui.get(f"status_{status}", str(status))


def _clock(seconds: Any) -> str:
    """``mm:ss`` into the session, as the timeline writes it."""
    total = int(float(seconds or 0))
    return f"{total // 60:02d}:{total % 60:02d}"


def _percent(value: float, lang: str) -> str:
    return format_percent(float(value), lang)


def _price_diff(row: Mapping[str, Any], lang: str) -> str:
    yours, neutral = row.get("yours_last"), row.get("neutral")
    if yours is None or neutral is None:
        return "–"
    return _signed_money(float(yours) - float(neutral), lang)


def _product_name(d: Mapping[str, Any], pid: Any, lang: str) -> str:
    entry = (d.get("catalogue") or {}).get(str(pid))
    return _pick(entry.get("name"), lang) if entry else str(pid)


def _term_label(d: Mapping[str, Any], term: Any, lang: str) -> str:
    for row in d.get("personal_data", []):
        if row.get("term") == term:
            return _pick(row.get("label"), lang)
    return str(term)


def _conclusion_title(inference: Mapping[str, Any], lang: str) -> str:
    label = _pick(inference.get("kind_label"), lang)
    subject = _pick(inference.get("subject_label"), lang)
    return f"{label}: {subject}" if subject else label


def _consent_lines(
    consent: Mapping[str, Any], events: Sequence[Mapping[str, Any]], lang: str
) -> list[str]:
    ui = UI[lang]
    if not consent.get("choice"):
        return [ui["consent_none"]]
    granted = ", ".join(_purpose_short(p, lang) for p in consent.get("granted", [])) or ui["none"]
    refused = ", ".join(_purpose_short(p, lang) for p in consent.get("refused", [])) or ui["none"]
    lines = [
        f"{ui['consent_choice']}: „{_pick(consent.get('label'), lang)}“"
        if lang == "de"
        else f"{ui['consent_choice']}: “{_pick(consent.get('label'), lang)}”",
        f"{ui['granted']}: {granted}; {ui['refused']}: {refused}.",
    ]
    after = consent.get("after_refusal")
    if after:
        broken = int(after.get("refused_purposes_processed", 0) or 0)
        lines.append(
            ui["after_refusal"].format(
                event=after.get("since_event"),
                processed=after.get("processed", 0),
                total=after.get("events", 0),
            )
            + " "
            + (ui["refusal_broken"].format(n=broken) if broken else ui["refusal_kept"])
        )
        by_purpose = ", ".join(
            f"{_purpose_short(p, lang)} {n}" for p, n in (after.get("by_purpose") or {}).items()
        )
        by_basis = ", ".join(
            f"{_basis(b, lang)} {n}" for b, n in (after.get("by_basis") or {}).items()
        )
        lines.append(f"{ui['by_purpose']}: {by_purpose}. {ui['by_basis']}: {by_basis}.")
    return lines


# ------------------------------------------------------------------ HTML
_CSS = """
:root { --ink: #1f1d1a; --paper: #fbf8f1; --muted: #6b655b; --line: #d8d0bf;
  --accent: #a4161a; --mark: #fde68a; --gone: #e7e2d6; }
* { box-sizing: border-box; }
html { background: #e9e4d8; }
body { margin: 0 auto; max-width: 62rem; padding: 2rem 2.5rem 4rem; background: var(--paper);
  color: var(--ink); font: 16px/1.5 Georgia, "Times New Roman", serif; }
h1, h2, h3 { font-family: "Helvetica Neue", Arial, sans-serif; line-height: 1.2; }
h1 { font-size: 2.4rem; margin: 0; letter-spacing: .02em; }
h2 { font-size: 1.35rem; margin: 2.5rem 0 .75rem; padding-bottom: .25rem;
  border-bottom: 2px solid var(--ink); }
h3 { font-size: 1.05rem; margin: 1.5rem 0 .5rem; }
a { color: var(--accent); }
.cover { border: 3px double var(--ink); padding: 1.25rem 1.5rem; position: relative; }
.stamp { position: absolute; right: 1.25rem; top: 1rem; color: var(--accent);
  border: 3px solid var(--accent); padding: .15rem .6rem; transform: rotate(-6deg);
  font: 700 1rem/1.2 "Helvetica Neue", Arial, sans-serif; letter-spacing: .15em;
  text-transform: uppercase; }
.subtitle { font-size: 1.1rem; margin: .25rem 0 .75rem; }
.fiction, .muted { color: var(--muted); }
nav ol { columns: 2; padding-left: 1.25rem; }
table { width: 100%; border-collapse: collapse; margin: .5rem 0 1rem; font-size: .9rem;
  font-family: "Helvetica Neue", Arial, sans-serif; }
th, td { text-align: left; vertical-align: top; padding: .3rem .45rem;
  border-bottom: 1px solid var(--line); }
th { border-bottom: 2px solid var(--ink); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.text { white-space: pre-wrap; overflow-wrap: anywhere; }
code, .term { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, monospace; font-size: .85em;
  overflow-wrap: anywhere; }
bdi { unicode-bidi: isolate; }
.special { color: var(--accent); font-weight: 600; }
.after { color: var(--accent); font-size: .8em; white-space: nowrap; }
.scene { border-left: 3px solid var(--line); padding: .25rem 0 .25rem 1rem; margin: 1rem 0; }
.scene.personalised { border-left-color: var(--accent); }
.pair { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }
.pair h4 { margin: .25rem 0; font: 600 .85rem/1.3 "Helvetica Neue", Arial, sans-serif;
  text-transform: uppercase; letter-spacing: .05em; color: var(--muted); }
.prose { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0; }
mark { background: var(--mark); color: inherit; }
mark.gone { background: var(--gone); text-decoration: line-through; }
.card { border: 1px solid var(--line); border-top: 4px solid var(--accent); padding: .5rem 1rem;
  margin: 1rem 0; background: #fff; }
.card .session { font-style: italic; }
.card .meta { font-size: .85rem; color: var(--muted); }
.evidence a { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, monospace;
  font-size: .85em; }
footer { margin-top: 3rem; font-size: .85rem; color: var(--muted); border-top: 1px solid
  var(--line); padding-top: .75rem; }
@media (max-width: 40rem) { body { padding: 1rem; } .pair { grid-template-columns: 1fr; }
  nav ol { columns: 1; } }
@page { size: A4; margin: 16mm 14mm; }
@media print {
  html, body { background: #fff; }
  body { max-width: none; padding: 0; font-size: 10pt; }
  nav { display: none; }
  a { color: inherit; text-decoration: none; }
  h2, h3 { break-after: avoid; }
  tr, .card, .scene, .cover { break-inside: avoid; }
  .card { background: #fff; }
  mark { background: none; text-decoration: underline; }
  mark.gone { text-decoration: line-through; }
}
"""


def _e(value: Any) -> str:
    """Escape any value for HTML text or a quoted attribute."""
    return html.escape(clean(value), quote=True)


class _Html:
    """A tiny builder: every dynamic value passes through ``_e`` on its way in."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def raw(self, markup: str) -> None:
        self.parts.append(markup)

    def tag(self, name: str, text: Any, cls: str | None = None, id_: str | None = None) -> None:
        attrs = (f' id="{_e(id_)}"' if id_ else "") + (f' class="{_e(cls)}"' if cls else "")
        self.parts.append(f"<{name}{attrs}>{_e(text)}</{name}>")

    def table(
        self,
        headers: Sequence[tuple[str, str]],
        rows: Iterable[Sequence[str]],
        row_ids: Sequence[str | None] | None = None,
    ) -> None:
        """``headers`` are (text, css class); ``rows`` hold cells already made safe."""
        self.raw("<table><thead><tr>")
        for text, cls in headers:
            self.raw(f'<th class="{_e(cls)}">{_e(text)}</th>' if cls else f"<th>{_e(text)}</th>")
        self.raw("</tr></thead><tbody>")
        for index, row in enumerate(rows):
            row_id = row_ids[index] if row_ids and index < len(row_ids) else None
            self.raw(f'<tr id="{_e(row_id)}">' if row_id else "<tr>")
            self.raw("".join(row))
            self.raw("</tr>")
        self.raw("</tbody></table>")

    def html(self) -> str:
        return "".join(self.parts)


def _td(value: Any, cls: str | None = None) -> str:
    return f'<td class="{_e(cls)}">{_e(value)}</td>' if cls else f"<td>{_e(value)}</td>"


def _td_raw(markup: str, cls: str | None = None) -> str:
    return f'<td class="{_e(cls)}">{markup}</td>' if cls else f"<td>{markup}</td>"


def _event_links(ids: Iterable[Any]) -> str:
    links = [f'<a href="#event-{int(i)}">{int(i)}</a>' for i in ids]
    return f'<span class="evidence">{", ".join(links) or "–"}</span>'


def _diff_marks(mine: str, other: str, mark_cls: str | None) -> str:
    """``mine`` as safe HTML, with the words not in ``other`` marked.

    A single common word ("Sie", "und") between two changes is marked with
    them, so a rewritten sentence reads as one highlight, not a checkerboard.
    """
    a = re.split(r"(\s+)", clean(other))
    b = re.split(r"(\s+)", clean(mine))
    segments: list[tuple[bool, str]] = []
    for op, _a1, _a2, b1, b2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        text = "".join(b[b1:b2])
        if text:
            segments.append((op != "equal", text))
    merged: list[tuple[bool, str]] = []
    for index, (changed, text) in enumerate(segments):
        between = (
            0 < index < len(segments) - 1 and segments[index - 1][0] and segments[index + 1][0]
        )
        if not changed and between and len(text.split()) <= 1 and "\n" not in text:
            changed = True
        if merged and merged[-1][0] == changed:
            merged[-1] = (changed, merged[-1][1] + text)
        else:
            merged.append((changed, text))
    open_tag = f'<mark class="{_e(mark_cls)}">' if mark_cls else "<mark>"
    out = []
    for changed, text in merged:
        if changed and text.strip():
            lead = text[: len(text) - len(text.lstrip())]
            trail = text[len(text.rstrip()) :]
            out.append(f"{_e(lead)}{open_tag}{_e(text.strip())}</mark>{_e(trail)}")
        else:
            out.append(_e(text))
    return "".join(out)


def to_html(dossier: Mapping[str, Any], lang: str | None = None) -> str:
    """The dossier as one self-contained, printable HTML page."""
    lang = _lang(dossier, lang)
    ui = UI[lang]
    d = dossier
    h = _Html()
    title = f"{ui['doc_title']} – {_pick(d.get('story', {}).get('title'), lang)}"
    h.raw("<!DOCTYPE html>\n")
    h.raw(f'<html lang="{_e(lang)}">\n<head>\n<meta charset="utf-8">\n')
    h.raw(
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'\">\n"
    )
    h.raw('<meta name="referrer" content="no-referrer">\n')
    h.raw('<meta name="viewport" content="width=device-width, initial-scale=1">\n')
    h.raw(f'<meta name="generator" content="{_e(d.get("generator", ""))}">\n')
    h.raw(f"<title>{_e(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n")

    sections: list[tuple[str, str, Callable[[], None]]] = []

    # Cover
    h.raw('<header class="cover">')
    h.tag("p", "Vertraulich" if lang == "de" else "Confidential", "stamp")
    h.tag("h1", ui["doc_title"])
    h.tag("p", ui["doc_subtitle"], "subtitle")
    h.tag("p", ui["fiction"], "fiction")
    h.raw("</header>\n")

    def summary() -> None:
        controller = d.get("controller", {})
        s = d.get("summary", {})
        rows = [
            (
                ui["controller"],
                f"{controller.get('name', '')}, "
                f"{_pick(controller.get('address'), lang)}, "
                f"{controller.get('contact', '')}",
            ),
            ("", _pick(controller.get("dpo"), lang)),
            (
                ui["story"],
                f"{_pick(d.get('story', {}).get('title'), lang)} "
                f"({d.get('story', {}).get('id', '')})",
            ),
            (ui["seed"], d.get("seed", "")),
            (ui["duration"], f"{_number(d.get('duration_seconds', 0), lang)} {ui['seconds']}"),
            (ui["events_total"], s.get("events", len(d.get("events", [])))),
            (ui["inferences_total"], s.get("inferences", len(d.get("inferences", [])))),
            (ui["personalised_scenes"], s.get("scenes_added_for_you", 0)),
        ]
        h.table([(ui["field"], ""), (ui["value"], "")], [(_td(k), _td(v)) for k, v in rows])
        h.tag("p", _pick(controller.get("note"), lang), "muted")

    def data_subject() -> None:
        subject = d.get("data_subject") or {}
        if not subject:
            h.tag("p", ui["nothing_typed"])
            return
        h.table(
            [(ui["field"], ""), (ui["value"], "")],
            [(_td(k), _td_raw(f"<bdi>{_e(v)}</bdi>", "text")) for k, v in subject.items()],
        )

    def categories() -> None:
        h.table(
            [
                (ui["category"], ""),
                (ui["dpv_term"], ""),
                (ui["origin"], ""),
                (ui["special"], ""),
                (ui["events"], "num"),
                (ui["inferences_total"], "num"),
            ],
            [
                (
                    _td(_pick(c.get("label"), lang)),
                    _td(c.get("term"), "term"),
                    _td(", ".join(_origin(o, lang) for o in c.get("origins", []))),
                    _td(
                        ui["yes"] if c.get("special_category") else ui["no"],
                        "special" if c.get("special_category") else None,
                    ),
                    _td(c.get("events", 0), "num"),
                    _td(c.get("inferences", 0), "num"),
                )
                for c in d.get("personal_data", [])
            ],
        )

    def purposes() -> None:
        h.table(
            [
                (ui["purpose"], ""),
                ("dpv:hasPurpose", ""),
                (ui["legal_basis"], ""),
                (ui["data"], ""),
                (ui["status"], ""),
                (ui["processed"], "num"),
            ],
            [
                (
                    _td(_pick(p.get("label"), lang)),
                    _td(p.get("dpv:hasPurpose"), "term"),
                    _td_raw(
                        f"{_e(_pick(p.get('legal_basis_label'), lang))}<br>"
                        f"<code>{_e(p.get('dpv:hasLegalBasis'))}</code>"
                    ),
                    _td(", ".join(p.get("dpv:hasPersonalData", [])), "term"),
                    _td(
                        _status(p.get("status"), ui),
                        "special" if p.get("status") == "refused" else None,
                    ),
                    _td(p.get("events_processed", 0), "num"),
                )
                for p in d.get("purposes", [])
            ],
        )

    def consent() -> None:
        for line in _consent_lines(d.get("consent") or {}, d.get("events", []), lang):
            h.tag("p", line)
        after = (d.get("consent") or {}).get("after_refusal")
        if after and after.get("event_ids"):
            h.raw(f"<p>{_e(ui['events'])}: {_event_links(after.get('event_ids', []))}</p>")

    def recipients() -> None:
        r = d.get("recipients") or {}
        h.tag("p", ui["recipients_intro"].format(count=r.get("count", 0)))
        h.table(
            [(ui["recipient"], ""), (ui["role"], ""), (ui["purpose"], ""), (ui["received"], "")],
            [
                (
                    _td_raw(
                        f"<strong>{_e(x.get('name'))}</strong><br>{_e(_pick(x.get('does'), lang))}"
                    ),
                    _td(x.get("role"), "term"),
                    _td(", ".join(_purpose_short(p, lang) for p in x.get("purposes", []))),
                    _td(ui["yes"] if x.get("received") else ui["no"]),
                )
                for x in r.get("dpv:hasRecipient", [])
            ],
        )
        h.tag("p", ui["more_partners"].format(count=r.get("unnamed", 0)), "muted")

    def storage_and_source() -> None:
        storage = d.get("storage") or {}
        h.tag("p", _pick(storage.get("period"), lang))
        h.tag("p", _pick(storage.get("in_reality"), lang), "muted")
        h.tag("h3", ui["source"])
        h.tag("p", _pick((d.get("source") or {}).get("text"), lang))

    def adm() -> None:
        a = d.get("automated_decision_making") or {}
        h.tag("p", _pick(a.get("text"), lang))
        h.tag("p", _pick(a.get("significance"), lang))
        h.tag("p", _pick((a.get("pricing") or {}).get("explanation"), lang))
        h.tag("h3", ui["prices"])
        h.table(
            [
                (ui["product"], ""),
                (ui["normal_price"], "num"),
                (ui["neutral_price"], "num"),
                (ui["your_price"], "num"),
                (ui["difference"], "num"),
                (ui["paid"], "num"),
                (ui["pricing_rule"], ""),
                (ui["evidence"], ""),
            ],
            [
                (
                    _td(_pick(p.get("name"), lang)),
                    _td(_money(p.get("normal"), lang), "num"),
                    _td(_money(p.get("neutral"), lang), "num"),
                    _td(_money(p.get("yours_last"), lang), "num"),
                    _td(_price_diff(p, lang), "num"),
                    _td(_money(p.get("paid"), lang), "num"),
                    _td(_pick((p.get("now") or {}).get("rule_label"), lang)),
                    _td_raw(_event_links(p.get("differing_events", []))),
                )
                for p in d.get("price_comparison", [])
            ],
        )
        h.tag("h3", ui["payments"])
        payments = d.get("payments") or {}
        h.tag("p", _pick(payments.get("text"), lang))
        h.table(
            [
                (ui["product"], ""),
                (ui["paid"], "num"),
                (ui["neutral_price"], "num"),
                (ui["difference"], "num"),
                (ui["evidence"], ""),
            ],
            [
                (
                    _td(_pick(item.get("name"), lang)),
                    _td(_money(item.get("paid"), lang), "num"),
                    _td(_money(item.get("neutral"), lang), "num"),
                    _td(_signed_money(item.get("difference"), lang), "num"),
                    _td_raw(_event_links([row.get("event")])),
                )
                for row in payments.get("payments", [])
                for item in row.get("items", [])
            ],
        )
        h.tag("h3", ui["logic"])
        h.table(
            [(ui["rule"], ""), (ui["explanation"], ""), (ui["used_by"], "")],
            [
                (
                    _td(r.get("text"), "term"),
                    _td(_pick(r.get("explanation"), lang)),
                    _td(_kinds(r.get("used_by", []), lang)),
                )
                for r in a.get("logic", [])
            ],
        )

    def claims_used() -> None:
        h.tag("p", ui["claims_used_intro"])
        h.table(
            [(ui["where"], ""), (ui["time"], "num"), (ui["said"], ""), (ui["evidence"], "")],
            [
                (
                    _td(_pick(u.get("place"), lang)),
                    _td(_clock(u.get("t", 0)), "num"),
                    _td(_pick(u.get("said"), lang)),
                    _td_raw(_event_links(u.get("evidence", []))),
                )
                for u in d.get("claims_used", [])
            ],
        )

    def conclusions() -> None:
        infs = d.get("inferences", [])
        h.table(
            [
                (ui["conclusion"], ""),
                (ui["value"], ""),
                (ui["reason"], ""),
                (ui["purpose"], ""),
                (ui["confidence"], "num"),
                (ui["evidence"], ""),
            ],
            [
                (
                    _td_raw(
                        _e(_conclusion_title(i, lang))
                        + (
                            f'<br><span class="special">{_e(ui["special_warning"])}</span>'
                            if i.get("art9")
                            else ""
                        )
                        + (
                            f'<br><span class="special">{_e(ui["purpose_refused"])}</span>'
                            if i.get("purpose_refused")
                            else ""
                        )
                    ),
                    _td(_pick(i.get("value_text"), lang), "text"),
                    _td(_pick(i.get("reason"), lang)),
                    _td(
                        f"{_purpose_short(str(i.get('purpose')), lang)} – "
                        f"{_basis(str(i.get('legal_basis')), lang)}"
                    ),
                    _td(_percent(i.get("confidence", 0), lang), "num"),
                    _td_raw(_event_links(i.get("evidence", []))),
                )
                for i in infs
            ],
            row_ids=[_anchor(i.get("id")) for i in infs],
        )

    def shown() -> None:
        h.tag("p", ui["shown_intro"])
        for s in d.get("shown_vs_neutral", []):
            personalised = bool(s.get("personalised"))
            h.raw(f'<div class="scene{" personalised" if personalised else ""}">')
            label = _pick(s.get("title"), lang) or str(s.get("scene"))
            suffix = _shown_mark(s, ui)
            h.raw(
                f'<h3>{_e(label + suffix)} <a href="#{_event_anchor(s)}">'
                f"#{int(s.get('event', 0))}</a></h3>"
            )
            text, neutral = str(s.get("text", "")), str(s.get("neutral_text", ""))
            if personalised:
                h.raw('<div class="pair"><div>')
                h.tag("h4", ui["you_saw"])
                h.raw(f'<p class="prose">{_diff_marks(text, neutral, None)}</p></div><div>')
                h.tag("h4", ui["neutral_saw"])
                h.raw(f'<p class="prose">{_diff_marks(neutral, text, "gone")}</p></div></div>')
            else:
                h.tag("p", text, "prose")
                h.tag("p", ui["same_text"], "muted")
            diffs = s.get("price_differences", [])
            if diffs:
                h.raw("<ul>")
                for diff in diffs:
                    h.tag(
                        "li",
                        f"{_product_name(d, diff.get('product'), lang)}: "
                        f"{ui['your_price']} {_money(diff.get('yours'), lang)}, "
                        f"{ui['neutral_price']} {_money(diff.get('neutral'), lang)} "
                        f"({_signed_money(float(diff.get('difference', 0)), lang)})",
                    )
                h.raw("</ul>")
            h.raw("</div>")

    def reality() -> None:
        h.tag("p", ui["reality_intro"])
        cards = d.get("reality_checks", [])
        if not cards:
            h.tag("p", ui["reality_none"])
        for card in cards:
            h.raw(f'<article class="card" id="reality-{_anchor(card.get("id"))}">')
            h.tag("h3", _pick(card.get("title"), lang))
            h.tag("p", _pick(card.get("text"), lang))
            h.tag("p", _pick(card.get("session"), lang), "session")
            h.raw(
                f'<p class="meta">{_e(ui["triggered_by"])}: '
                f"{_event_links(card.get('triggered_by_events', []))}</p>"
            )
            sources = "; ".join(_pick(s.get("citation"), lang) for s in card.get("sources", []))
            h.tag("p", f"{ui['sources']}: {sources or card.get('source', '')}", "meta")
            h.raw("</article>")

    def timeline() -> None:
        events = d.get("events", [])
        h.table(
            [
                (ui["number"], "num"),
                (ui["time"], "num"),
                (ui["scene"], ""),
                (ui["event"], ""),
                (ui["data"], ""),
                (ui["for"], ""),
                (ui["basis"], ""),
            ],
            [
                (
                    _td(e.get("id"), "num"),
                    _td(f"{_number(e.get('t', 0), lang)} {ui['seconds']}", "num"),
                    _td(e.get("scene")),
                    _td_raw(
                        _e(_pick(e.get("description"), lang))
                        + (
                            f' <span class="after">{_e(ui["after_refusal_mark"])}</span>'
                            if e.get("after_refusal")
                            else ""
                        ),
                        "text",
                    ),
                    _td(
                        _term_label(d, e.get("data_category"), lang),
                        "special" if _is_special(d, e.get("data_category")) else None,
                    ),
                    _td(", ".join(_purpose_short(p, lang) for p in e.get("processed_for", []))),
                    _td(", ".join(_basis(b, lang) for b in e.get("legal_bases", []))),
                )
                for e in events
            ],
            row_ids=[f"event-{int(e.get('id', 0))}" for e in events],
        )

    def rights() -> None:
        h.tag("p", _pick(d.get("rights"), lang))

    sections = [
        ("summary", ui["summary"], summary),
        ("data-subject", ui["data_subject"], data_subject),
        ("categories", ui["categories"], categories),
        ("purposes", ui["purposes"], purposes),
        ("consent", ui["consent"], consent),
        ("recipients", ui["recipients"], recipients),
        ("storage", ui["storage"], storage_and_source),
        ("adm", ui["adm"], adm),
        ("conclusions", ui["conclusions"], conclusions),
        ("claims_used", ui["claims_used"], claims_used),
        ("shown", ui["shown"], shown),
        ("reality", ui["reality"], reality),
        ("timeline", ui["timeline"], timeline),
        ("rights", ui["rights"], rights),
    ]
    h.raw(f'<nav aria-label="{_e(ui["toc"])}">')
    h.tag("h2", ui["toc"])
    h.raw("<ol>")
    for anchor, heading, _ in sections:
        h.raw(f'<li><a href="#{anchor}">{_e(heading)}</a></li>')
    h.raw("</ol></nav>\n<main>\n")
    for anchor, heading, render in sections:
        h.raw(f'<section id="{anchor}">')
        h.tag("h2", heading)
        render()
        h.raw("</section>\n")
    h.raw("</main>\n<footer>")
    h.tag(
        "p",
        ui["footer"].format(
            generator=d.get("generator", ""),
            format=d.get("format", ""),
            version=d.get("version", ""),
        ),
    )
    h.tag("p", ui["namespaces"].format(dpv=DPV_NS, pd=PD_NS))
    h.raw("</footer>\n</body>\n</html>\n")
    return h.html()


def _is_special(d: Mapping[str, Any], term: Any) -> bool:
    return any(
        r.get("term") == term and r.get("special_category") for r in d.get("personal_data", [])
    )


# ------------------------------------------------------------------ files
def export(dossier: Mapping[str, Any], path: Path, lang: str | None = None) -> Path:
    """Write the dossier in the format the file name asks for (.json, .md, .html)."""
    path = Path(path)
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        known = ", ".join(sorted({s for s in FORMATS if len(s) <= 5}))
        raise ExportError(
            f"{path.name}: unknown export format {path.suffix or '(none)'!r}; use one of {known}"
        )
    if kind == "json":
        text = to_json(dossier) + "\n"
    elif kind == "markdown":
        text = to_markdown(dossier, lang)
    else:
        text = to_html(dossier, lang)
    _write_atomic(path, text)
    return path


def _write_atomic(path: Path, text: str) -> None:
    """Never a half-written export: the same atomic write as the saves."""
    write_atomic(path, text.encode("utf-8"))


__all__ = [
    "FORMATS",
    "LANGS",
    "ExportError",
    "clean",
    "export",
    "md_escape",
    "to_html",
    "to_json",
    "to_markdown",
    "write_json",
]

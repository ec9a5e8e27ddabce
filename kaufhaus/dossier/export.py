"""Dossier exports: JSON for machines, Markdown and self-contained HTML for people.

The human formats are Jinja2 templates (``templates/dossier.html.j2`` and
``templates/dossier.md.j2``): one template per format, with every word taken
from ``texts.UI[lang]``. One template per format and a language dict, rather
than one per language, because the two languages must never drift apart in
structure, and a test already holds the word lists to the same keys.

Player-typed text ends up in every export (the name on the receipt, the
e-mail at the loyalty desk, and through them the scene texts), so each format
escapes it for itself, by default rather than by remembering to:

- JSON by the encoder (``ensure_ascii`` falls back on for text that cannot be
  UTF-8, such as lone surrogates); the JSON keeps the data exactly as logged.
- HTML by Jinja2's autoescape; what the templates mark safe is built here
  from escaped parts. No scripts, no external resources, and a
  Content-Security-Policy that would block them anyway. The page prints on A4.
- Markdown by the environment's ``finalize`` hook: every ``{{ … }}`` goes
  through ``md_escape`` unless a helper here built it (``MdSafe``).
  ``md_escape`` escapes only what Markdown would misread, so ``0.7`` and
  ``+12 €`` stay as they are, and breaks autolinks (``http://``, ``www.``,
  e-mail addresses) with an invisible WORD JOINER, so a typed URL stays text.

In both human formats, control characters other than tab and newline become
U+FFFD, and bidirectional controls (an RTL override can turn "txt.exe" into
"exe.txt" on screen) are shown as what they are: ``⟨U+202E⟩``. Files are
written atomically, like saves.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import PackageLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

from kaufhaus import __version__
from kaufhaus.dossier import textdiff
from kaufhaus.dossier.card import (
    CARD_WORDS,
    Point,
    card_point,
    card_rows,
    duration_words,
    fingerprint_sentence,
)
from kaufhaus.dossier.linked import DPV_NS, FORMAT, GDPR_NS, PD_NS, VERSION
from kaufhaus.dossier.safetext import clean, visible_controls
from kaufhaus.dossier.texts import (
    INFERENCE_KIND_LABELS,
    LANGS,
    ORIGIN_LABELS,
    PD_LABELS,
    PURPOSE_SHORT,
    UI,
)
from kaufhaus.saves import write_atomic
from kaufhaus.tracking.numbers import cents, counted, format_money, format_percent
from kaufhaus.tracking.purposes import BASIS_LABEL


def _counted(template: str, **values: Any) -> str:
    """Fill a UI line, each "{n|one|many}" in the form that fits its number."""
    return counted(template, values).format(**values)


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
# ``clean`` and ``visible_controls`` live in ``safetext`` (the model uses them
# too) and are re-exported here for the exporters' callers.


def _lang(dossier: Mapping[str, Any], lang: str | None) -> str:
    chosen = lang or str(dossier.get("lang") or "de")
    return chosen if chosen in UI else "de"


def _pick(value: Any, lang: str) -> str:
    """A {de, en} mapping in the wanted language; anything else as text."""
    if isinstance(value, Mapping):
        return str(value.get(lang) or next((v for v in value.values() if v), ""))
    return "" if value is None else str(value)


def _number(value: Any, lang: str, digits: int = 1) -> str:
    text = f"{float(value or 0):.{digits}f}"
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


# ------------------------------------------------------------------ Markdown escaping
class MdSafe(str):
    """Markdown built here from escaped parts: the template prints it as it is."""

    __slots__ = ()


#: Always escaped: code spans, emphasis, links, tables, strikethrough, escapes.
_MD_ALWAYS = set("\\`*_[]|~")
#: "&amp;" typed by the player must not turn into "&" on the page.
_MD_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
#: Block syntax, which only means something where a line starts: headings,
#: quotes, list items ("- x", "1. x", but not "+12 €" or "1.499 €"), rules.
_MD_LINE_START = re.compile(r"^(\s*)(#{1,6}(?=\s|$)|>|[+\-](?=\s|$)|\d{1,9}[.)](?=\s|$))")
_MD_RULE_LINE = re.compile(r"^\s*[=\-]{2,}\s*$")
#: What a Markdown renderer might turn into a link: URLs with a scheme, www.,
#: e-mail addresses and bare domains (markdown-it's linkify links "foo.de"); a domain
#: ends where the word does, so "C.UTF-8" is a word, not "`C.UTF`-8".
_MD_LINKISH = re.compile(
    r"(?i)(?<![\w@.])(?:"
    r"[a-z][a-z0-9+.-]*://\S+|www\.\S+"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}(?![\w-])(?:/\S*)?"
    r")"
)
_TRAILING = ".,;:!?)]}>\"'“”„«»‚‘’"


def md_escape(value: Any) -> str:
    """Inline Markdown text: one line, read literally, with as few backslashes as possible.

    Escapes ``\\ ` * _ [ ] | ~`` everywhere, ``<`` as ``&lt;`` (so no tag and
    no ``<…>`` autolink survives), ``&`` only before something that looks like
    an entity, and a heading, quote, list or rule marker only where it would
    start one ("- x", "1. x", "# x", "---"), so "0.7", "+12 €" and "1.499 €"
    stay as written. URLs, e-mail addresses and bare domains become code
    spans, so no renderer links them and they still read (and copy) as typed.
    """
    text = " ".join(clean(value).replace("\t", " ").split("\n"))
    parts: list[str] = []
    done = 0
    for match in _MD_LINKISH.finditer(text):
        token = match.group().rstrip(_TRAILING)
        if not token:
            continue
        parts.append(_md_chars(text[done : match.start()]))
        parts.append(_md_code(token))
        done = match.start() + len(token)
    parts.append(_md_chars(text[done:]))
    out = "".join(parts)
    out = _MD_LINE_START.sub(lambda m: m.group(1) + _escape_marker(m.group(2)), out)
    if _MD_RULE_LINE.match(out):  # "===" or "---" under a line makes it a heading
        out = out.replace(out.strip()[0], "\\" + out.strip()[0], 1)
    return out


def _md_chars(text: str) -> str:
    text = _MD_ENTITY.sub("&amp;", text)
    return "".join("&lt;" if ch == "<" else ("\\" + ch if ch in _MD_ALWAYS else ch) for ch in text)


def _md_code(token: str) -> str:
    """A URL-like token as a code span: read literally, never linked, copied as typed."""
    longest = max((len(run) for run in re.findall(r"`+", token)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if token.startswith("`") or token.endswith("`") else ""
    return f"{fence}{pad}{token.replace('|', chr(92) + '|')}{pad}{fence}"


def _escape_marker(marker: str) -> str:
    if marker[0].isdigit():
        return marker[:-1] + "\\" + marker[-1]
    return "\\" + marker


def md_block(value: Any, prefix: str = "") -> MdSafe:
    """Multi-line text as Markdown paragraphs (each line escaped, blank lines kept)."""
    lines = []
    for line in clean(value).split("\n"):
        stripped = line.strip()
        lines.append((prefix + md_escape(stripped)).rstrip() if stripped else prefix.rstrip())
    return MdSafe("\n".join(lines))


def _md_finalize(value: Any) -> str:
    if isinstance(value, MdSafe):
        return value
    if value is None:
        return ""
    text = md_escape(value)
    return text if text.strip() else " "


def _md_link(target: str, label: Any) -> MdSafe:
    """A link to an anchor of our own making (targets are ids we generate)."""
    return MdSafe(f"[{md_escape(label)}](#{_anchor(target)})")


def _md_events(ids: Iterable[Any]) -> MdSafe:
    return MdSafe(", ".join(_md_link(f"event-{int(i)}", int(i)) for i in ids) or "–")


def _md_anchor(target: str) -> MdSafe:
    return MdSafe(f'<a id="{_anchor(target)}"></a>')


# ------------------------------------------------------------------ HTML helpers
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=:)")


def _html_finalize(value: Any) -> Any:
    if isinstance(value, Markup) or value is None:
        return "" if value is None else value
    return clean(value)


def _term(value: Any) -> Markup:
    """A DPV term that may break only between its words: ``dpv:<wbr>Customer<wbr>…``.

    Each word is kept whole (``white-space: nowrap``), so "eu-gdpr:A6-1-a" is not
    split at its hyphens either.
    """
    parts = _CAMEL.split(clean(value))
    return Markup("<wbr>").join(Markup('<span class="nb">{}</span>').format(p) for p in parts)


def _event_links(ids: Iterable[Any]) -> Markup:
    links = [Markup('<a href="#event-{0}">{0}</a>').format(int(i)) for i in ids]
    joined = Markup(", ").join(links) if links else Markup("–")
    return Markup('<span class="evidence">{}</span>').format(joined)


def _diff_marks(mine: str, other: str, mark_cls: str | None) -> Markup:
    """``mine`` as safe HTML, with the words not in ``other`` marked.

    A single common word ("Sie", "und") between two changes is marked with
    them, so a rewritten sentence reads as one highlight, not a checkerboard.
    The diff underneath is bounded (``textdiff``), whatever the text's length.
    """
    segments = textdiff.changed_segments(clean(mine), clean(other))
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
    open_tag = Markup('<mark class="{}">').format(mark_cls) if mark_cls else Markup("<mark>")
    out: list[Markup] = []
    for changed, text in merged:
        if changed and text.strip():
            lead = text[: len(text) - len(text.lstrip())]
            trail = text[len(text.rstrip()) :]
            out.append(escape(lead) + open_tag + escape(text.strip()) + Markup("</mark>"))
            out.append(escape(trail))
        else:
            out.append(escape(text))
    return Markup("").join(out)


# ------------------------------------------------------------------ shared view helpers
def _anchor(value: Any) -> str:
    """An id we generated ("inference-3", "event-7"), reduced to safe characters."""
    return re.sub(r"[^a-z0-9-]", "", str(value).lower())


class _View:
    """Everything the templates ask of a dossier, in one language.

    The templates stay layout; the wording of derived values (money, origins,
    purposes, the consent story) is decided here once for both formats.
    """

    def __init__(self, dossier: Mapping[str, Any], lang: str) -> None:
        self.d = dossier
        self.lang = lang
        self.ui = UI[lang]
        self._labels = {
            str(r.get("term")): r for r in dossier.get("personal_data", []) if isinstance(r, dict)
        }
        self._times: dict[Any, Any] | None = None

    def pick(self, value: Any) -> str:
        return _pick(value, self.lang)

    def money(self, value: float | None) -> str:
        return _money(value, self.lang)

    def signed(self, value: float | None) -> str:
        return _signed_money(value, self.lang)

    def number(self, value: Any, digits: int = 1) -> str:
        return _number(value, self.lang, digits)

    def percent(self, value: Any) -> str:
        return format_percent(float(value or 0), self.lang)

    def clock(self, seconds: Any) -> str:
        total = int(float(seconds or 0))
        return f"{total // 60:02d}:{total % 60:02d}"

    def clock_at(self, event_id: Any) -> str:
        """The time of the file's event ``event_id`` (ids are not positions: the file
        leaves out the story's own bookkeeping and what the shop does not see)."""
        if self._times is None:
            self._times = {row.get("id"): row.get("t", 0) for row in self.d.get("events", []) or []}
        return self.clock(self._times.get(event_id, 0))

    def purpose(self, pid: Any) -> str:
        return self.pick(PURPOSE_SHORT.get(str(pid), {"de": str(pid), "en": str(pid)}))

    def purposes(self, pids: Iterable[Any]) -> str:
        return ", ".join(self.purpose(p) for p in pids)

    def basis(self, basis: Any) -> str:
        return self.pick(BASIS_LABEL.get(str(basis), {"de": str(basis), "en": str(basis)}))

    def bases(self, bases: Iterable[Any]) -> str:
        return ", ".join(self.basis(b) for b in bases)

    def origin(self, origin: Any) -> str:
        return self.pick(ORIGIN_LABELS.get(str(origin), {"de": str(origin), "en": str(origin)}))

    def origins(self, origins: Iterable[Any]) -> str:
        return ", ".join(self.origin(o) for o in origins)

    def kinds(self, kinds: Iterable[str]) -> str:
        """Inference kinds in words ("purchase_probability" → "Kaufwahrscheinlichkeit")."""
        return ", ".join(self.pick(INFERENCE_KIND_LABELS.get(k, {"de": k, "en": k})) for k in kinds)

    def status(self, status: Any) -> str:
        return self.ui.get(f"status_{status}", str(status))

    def term_label(self, term: Any) -> str:
        row = self._labels.get(str(term))
        return self.pick(row.get("label")) if row else str(term)

    def special(self, term: Any) -> bool:
        row = self._labels.get(str(term))
        return bool(row and row.get("special_category"))

    def scene(self, scene_id: Any) -> str:
        """A scene's title in the reader's language (the id only if the file has none)."""
        entry = (self.d.get("scenes") or {}).get(str(scene_id))
        if isinstance(entry, Mapping):
            return self.pick(entry.get("title"))
        for row in self.d.get("shown_vs_neutral", []):
            if row.get("scene") == scene_id:
                return self.pick(row.get("title"))
        return str(scene_id)

    def product(self, pid: Any) -> str:
        entry = (self.d.get("catalogue") or {}).get(str(pid))
        return self.pick(entry.get("name")) if entry else str(pid)

    def price_diff(self, row: Mapping[str, Any]) -> str:
        yours, neutral = row.get("yours_last"), row.get("neutral")
        if yours is None or neutral is None:
            return "–"
        return self.signed(float(yours) - float(neutral))

    def conclusion_title(self, inference: Mapping[str, Any]) -> str:
        label = self.pick(inference.get("kind_label"))
        subject = self.pick(inference.get("subject_label"))
        return f"{label}: {subject}" if subject else label

    def rule(self, row: Mapping[str, Any]) -> str:
        """A rule in the reader's language (the engine logs them in German)."""
        text = row.get("rule_text")
        if isinstance(text, Mapping):
            return self.pick(text)
        return str(row.get("text") or row.get("rule") or "")

    def source(self, source: Mapping[str, Any]) -> str:
        citation = self.pick(source.get("citation"))
        if self.lang != "de" and source.get("lang", "de") == "de":
            return f"{citation} ({self.ui['original_language']})"
        return citation

    def shown_mark(self, row: Mapping[str, Any]) -> str:
        """Rewritten for the player, or merely not what the neutral shopper got."""
        if row.get("added_for_you"):
            return f" – {self.ui['personalised']}"
        return f" – {self.ui['differs']}" if row.get("personalised") else ""

    def money_total(self) -> str:
        payments = self.d.get("payments") or {}
        return self.ui["money_total"].format(
            paid=self.money(payments.get("total_paid")),
            neutral=self.money(payments.get("total_neutral")),
        )

    def quote(self, text: str) -> str:
        return f"„{text}“" if self.lang == "de" else f"“{text}”"

    def consent_lines(self) -> list[str]:
        ui, consent = self.ui, self.d.get("consent") or {}
        if not consent.get("choice"):
            return [ui["consent_none"]]
        granted = self.purposes(consent.get("granted", [])) or ui["none"]
        refused = self.purposes(consent.get("refused", [])) or ui["none"]
        lines = [
            f"{ui['consent_choice']}: {self.quote(self.pick(consent.get('label')))}",
            f"{ui['granted']}: {granted}; {ui['refused']}: {refused}.",
        ]
        after = consent.get("after_refusal")
        if after and not after.get("processed"):
            # Nothing processed for what was turned down: no "despite" to report.
            broken = int(after.get("refused_purposes_processed", 0) or 0)
            lines.append(ui["refusal_broken"].format(n=broken) if broken else ui["refusal_kept"])
        elif after:
            broken = int(after.get("refused_purposes_processed", 0) or 0)
            lines.append(
                _counted(
                    ui["after_refusal"],
                    event=after.get("since_event"),
                    processed=after.get("processed", 0),
                    total=after.get("events", 0),
                )
                + " "
                + (ui["refusal_broken"].format(n=broken) if broken else ui["refusal_kept"])
            )
            by_purpose = ", ".join(
                f"{self.purpose(p)} {n}" for p, n in (after.get("by_purpose") or {}).items()
            )
            by_basis = ", ".join(
                f"{self.basis(b)} {n}" for b, n in (after.get("by_basis") or {}).items()
            )
            lines.append(f"{ui['by_purpose']}: {by_purpose}. {ui['by_basis']}: {by_basis}.")
        return lines

    def footer(self) -> str:
        return self.ui["footer"].format(
            generator=self.d.get("generator", ""),
            format=self.d.get("format", ""),
            version=self.d.get("version", ""),
        )

    def namespaces(self) -> str:
        return (
            self.ui["namespaces"].format(dpv=DPV_NS, pd=PD_NS)
            + f", eu-gdpr: = {GDPR_NS} (DPV {self.d.get('dpv_version', '2.3')})"
        )

    def charts(self) -> list[tuple[str, Markup]]:
        """The inline SVG charts, each under its heading (empty ones left out)."""
        from kaufhaus.dossier import charts

        ui, lang = self.ui, self.lang
        unit = ui["seconds"]
        counts, start, end = charts.interest_timeline(self.d)
        places, more = charts.route(self.d, lang)
        drawn = [
            (
                ui["chart_dwell"],
                charts.bars_svg(charts.dwell_by_scene(self.d, lang), unit, ui["chart_dwell"]),
            ),
            (
                ui["chart_interest"],
                charts.timeline_svg(counts, start, end, ui["chart_interest"], unit),
            ),
            (
                ui["chart_route"],
                charts.route_svg(
                    places, more, ui["chart_route"], _counted(ui["chart_more"], n=more)
                ),
            ),
        ]
        return [(heading, svg) for heading, svg in drawn if svg]

    # -------------------------------------------------------------- layers
    def first_layer(self) -> list[tuple[str, str]]:
        """The first pages, in reading order: the card, conclusions, rights, contact."""
        ui = self.ui
        return [
            ("card", CARD_WORDS["glance_title"][self.lang]),
            ("conclusions", ui["conclusions"]),
            ("rights", ui["rights"]),
            ("contact", ui["contact"]),
        ]

    def appendices(self) -> list[tuple[str, str, str]]:
        """The full record, lettered: (anchor, letter, heading)."""
        ui = self.ui
        parts = [
            ("summary", ui["summary"]),
            ("data-subject", ui["data_subject"]),
            ("categories", ui["categories"]),
            ("purposes", ui["purposes"]),
            ("consent", ui["consent"]),
            ("recipients", ui["recipients"]),
            ("transfers", ui["transfers"]),
            ("storage", ui["retention"]),
            ("cookie", ui["shop_cookie"]),
            ("adm", ui["adm"]),
            ("conclusions-detail", ui["conclusions_detail"]),
            ("claims-used", ui["claims_used"]),
            ("shown", ui["shown"]),
            ("reality", ui["reality"]),
            ("charts", ui["charts"]),
            ("timeline", ui["timeline"]),
            ("portability", ui["portability"]),
        ]
        return [(anchor, chr(ord("A") + n), heading) for n, (anchor, heading) in enumerate(parts)]

    def letter(self, anchor: str) -> str:
        return next((letter for a, letter, _ in self.appendices() if a == anchor), "")

    def sections(self) -> list[tuple[str, str]]:
        """Every section with its heading, first layer first (the contents list)."""
        return self.first_layer() + [
            (anchor, f"{letter}. {heading}") for anchor, letter, heading in self.appendices()
        ]

    # ------------------------------------------------------- the first layer
    def card(self) -> list[tuple[str, str]]:
        """The reveal's first card, from the file, in the reveal's words."""
        return card_rows(self.d, self.lang)

    def point(self) -> Point:
        """The card's point, as the reveal shows it above the card (same words)."""
        return card_point(self.d, self.lang)

    def duration(self) -> str:
        """The session's length in the words the reveal uses (whole seconds, one rounding)."""
        return duration_words(float(self.d.get("duration_seconds") or 0), self.lang)

    def first_conclusions(self) -> list[Mapping[str, Any]]:
        """The first layer's conclusions: the shop's inferences, each a row; the staff's
        notes follow as one row per purpose (every note's words, quoted), so that a
        file full of notes still fits the pages a person reads."""
        inferences = self.d.get("inferences", []) or []
        rows: list[Mapping[str, Any]] = [i for i in inferences if i.get("kind") != "note"]
        groups: dict[str, list[Mapping[str, Any]]] = {}
        for note in (i for i in inferences if i.get("kind") == "note"):
            groups.setdefault(str(note.get("purpose")), []).append(note)
        left, right = ("„", "“") if self.lang == "de" else ("“", "”")
        for notes in groups.values():
            words = " · ".join(f"{left}{self.pick(n.get('label'))}{right}" for n in notes)
            label = self.pick(notes[0].get("kind_label"))
            rows.append(
                {
                    **notes[0],
                    "headline": f"{label[:1].upper()}{label[1:]} ({len(notes)}): {words}",
                    "art9_status": next(
                        (n["art9_status"] for n in notes if n.get("art9_status")), None
                    ),
                    "purpose_refused": any(n.get("purpose_refused") for n in notes),
                }
            )
        return rows

    def conclusion_headline(self, row: Mapping[str, Any]) -> str:
        if row.get("headline"):
            return str(row["headline"])
        """``Kaufwahrscheinlichkeit · 65-Zoll-UHD-Fernseher: 97 %`` (never a code)."""
        label = self.pick(row.get("kind_label"))
        label = label[:1].upper() + label[1:]
        subject = self.pick(row.get("subject_label"))
        if row.get("kind") == "segment":
            return f"{label}: {self.pick(row.get('label')) or subject}"
        value = self.pick(row.get("value_text"))
        if row.get("kind") == "fingerprint":
            value = fingerprint_sentence(
                sorted((self.d.get("fingerprint") or {}).items()), self.lang
            )
        head = f"{label} · {subject}" if subject else label
        return f"{head}: {value}" if value else head

    def evidence_count(self, ids: Iterable[Any]) -> str:
        return _counted(self.ui["evidence_count"], n=len(list(ids)))

    def typed_field(self, key: Any) -> str:
        """A typed field by its words ("E-Mail-Adresse"), never its key."""
        term = {"name": "pd:Name", "email": "pd:EmailAddress"}.get(str(key), "pd:Identifying")
        return self.pick(PD_LABELS.get(term, {"de": str(key), "en": str(key)}))

    def role(self, row: Mapping[str, Any]) -> str:
        return self.pick(row.get("role_label")) or self.term_label(row.get("role"))

    def decision(self, row: Mapping[str, Any]) -> str:
        words = self.ui.get(f"decision_{row.get('kind')}", str(row.get("kind")))
        product = row.get("product")
        if product:
            words += f": {self.product(product)}"
        if row.get("yours") is not None and row.get("neutral") is not None:
            words += f" ({self.money(row.get('yours'))} / {self.money(row.get('neutral'))})"
        return words

    def term_labels(self, terms: Iterable[Any]) -> str:
        return ", ".join(self.term_label(t) for t in terms)

    def dwell_rows(self) -> list[tuple[str, str]]:
        """Time per scene, as the chart shows it, in words for a text format."""
        from kaufhaus.dossier import charts

        return [
            (place, duration_words(seconds, self.lang))
            for place, seconds in charts.dwell_by_scene(self.d, self.lang)
        ]

    def route_text(self) -> str:
        from kaufhaus.dossier import charts

        places, more = charts.route(self.d, self.lang)
        text = " → ".join(places)
        return text + (" " + _counted(self.ui["chart_more"], n=more) if more else "")

    def art9_note(self, row: Mapping[str, Any]) -> str:
        """Why an Art. 9 conclusion is unlawful, in the terms of its legal basis."""
        notes = (self.d.get("special_categories") or {}).get("inferences") or ()
        found = next((n for n in notes if n.get("inference") == row.get("@id")), None)
        return self.pick(found.get("note")) if found else self.ui["art9_unlawful"]

    def countries(self) -> str:
        rows = (self.d.get("transfers") or {}).get("dpv:hasThirdCountry") or []
        return ", ".join(self.pick(c.get("name")) for c in rows if isinstance(c, Mapping))


# ------------------------------------------------------------------ templates
@cache
def _environment(kind: str) -> SandboxedEnvironment:
    """The Jinja2 environment of one format: HTML autoescapes, Markdown md-escapes."""
    common: dict[str, Any] = {
        "loader": PackageLoader("kaufhaus.dossier", "templates"),
        "undefined": StrictUndefined,
        "trim_blocks": True,
        "lstrip_blocks": True,
        "keep_trailing_newline": True,
    }
    if kind == "html":
        env = SandboxedEnvironment(autoescape=True, finalize=_html_finalize, **common)
        env.filters.update(term=_term, events=_event_links, anchor=_anchor)
        env.globals.update(diff_marks=_diff_marks)
    else:
        env = SandboxedEnvironment(autoescape=False, finalize=_md_finalize, **common)
        env.filters.update(
            events=_md_events, block=md_block, link=_md_link, anchor=_md_anchor, raw=MdSafe
        )
    return env


def _render(kind: str, dossier: Mapping[str, Any], lang: str | None) -> str:
    found = (dossier.get("format"), dossier.get("version"))
    if found != (FORMAT, VERSION):
        raise ExportError(
            f"this is not a {FORMAT} v{VERSION} file (found {found[0]!r} v{found[1]!r}); "
            "export it again from the save: kaufhaus dossier SAVE"
        )
    chosen = _lang(dossier, lang)
    template = _environment(kind).get_template(f"dossier.{kind}.j2")
    view = _View(dossier, chosen)
    return template.render(d=dossier, v=view, ui=view.ui, lang=chosen)


def to_markdown(dossier: Mapping[str, Any], lang: str | None = None) -> str:
    """The dossier as a Markdown document (CommonMark with GFM tables).

    Under the title, an HTML comment no renderer shows names the generator:
    the mark by which ``kaufhaus forget`` and the export commands know the
    file as one the game wrote (``play.marks``).
    """
    title, _, rest = (_render("md", dossier, lang).rstrip() + "\n").partition("\n")
    mark = f"<!-- generator: kaufhaus {__version__} · {FORMAT} v{VERSION} -->"
    return f"{title}\n{mark}\n{rest}"


def to_html(dossier: Mapping[str, Any], lang: str | None = None) -> str:
    """The dossier as one self-contained HTML page that prints on A4 with page numbers."""
    return _render("html", dossier, lang)


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
    "MdSafe",
    "clean",
    "export",
    "md_block",
    "md_escape",
    "to_html",
    "to_json",
    "to_markdown",
    "visible_controls",
    "write_json",
]

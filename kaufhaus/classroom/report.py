"""The class report (one self-contained HTML page) and ``kaufhaus compare``.

The report is rendered by an autoescaping Jinja2 environment from our own
templates, with charts as inline SVG: no script, no font, no request to
anywhere, so it can be e-mailed, printed or projected offline. Everything in
it comes from ``stats.aggregate``; groups smaller than three are shown as
"fewer than 3".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from kaufhaus.classroom.stats import ClassStats, Row, aggregate, art9_name
from kaufhaus.play.marks import GENERATOR
from kaufhaus.tracking.numbers import NBSP

TEMPLATES = Path(__file__).resolve().parent / "templates"

TEXTS: dict[str, dict[str, str]] = {
    "de": {
        "title": "Kaufhaus Internet – was der Laden über die Klasse weiß",
        "intro": "Anonyme Auswertung von %d abgegebenen Akten. Gruppen mit weniger als "
        "drei Personen werden nicht gezeigt.",
        "too_few": "Weniger als drei Akten: Damit niemand erkennbar wird, zeigt dieser "
        "Bericht nichts.",
        "fewer": "weniger als 3",
        "hidden": "verborgen",
        "hidden_note": "„verborgen“ heißt: mindestens drei, aber aus dieser Zahl und den "
        "anderen ließe sich eine kleinere Gruppe errechnen.",
        "art9": "Nicht gezeigt: Waren besonderer Kategorien nach Art. 9 DSGVO (%s) und die "
        "Schlüsse des Ladens über sie (einblenden mit „class-report --art9“).",
        "hidden_wrong": "Bei wie vielen eine Vorhersage danebenlag, bleibt verborgen: sonst "
        "ließe sich errechnen, bei wem sie stimmte.",
        "fewer_payers_hidden": "Wie viele etwas gekauft haben, bleibt verborgen: sonst ließe "
        "sich errechnen, wer nichts gekauft hat.",
        "consent": "Antworten auf das Cookie-Banner",
        "conclusions": "Die häufigsten Schlüsse des Ladens",
        "segments": "Die häufigsten Kundensegmente",
        "none_shown": "Kein Schluss kam bei mindestens drei Personen vor.",
        "predictions": "Vorhergesagt gegen gekauft",
        "predictions_note": "„Vorhergesagt“ heißt: Der Laden schätzte die Kaufwahrscheinlichkeit "
        "auf mindestens 50 %. Die letzten Spalten zeigen die mittlere geschätzte "
        "Wahrscheinlichkeit bei denen, die kauften, und bei den übrigen.",
        "product": "Ware",
        "predicted": "vorhergesagt",
        "bought": "gekauft",
        "both": "beides",
        "wrong": "falsch",
        "p_buyers": "Ø bei Käufern",
        "p_others": "Ø bei den übrigen",
        "money": "Bezahlt gegenüber einem unbeobachteten Kunden",
        "money_more": "%d Personen haben etwas gekauft. Im Mittel zahlten sie %s mehr als "
        "jemand, den der Laden nicht beobachtet hätte.",
        "money_less": "%d Personen haben etwas gekauft. Im Mittel zahlten sie %s weniger als "
        "jemand, den der Laden nicht beobachtet hätte.",
        "money_none": "%d Personen haben etwas gekauft.",
        "more": "zahlten mehr",
        "less": "zahlten weniger",
        "same": "zahlten gleich viel",
        "fewer_payers": "Weniger als drei Personen haben etwas gekauft.",
        "wrong_title": "Wo der Laden sich geirrt hat",
        "wrong_text": "Bei %d von %d Personen lag mindestens eine Kaufvorhersage daneben "
        "(vorhergesagt und nicht gekauft, oder gekauft und nicht vorhergesagt).",
        "fewer_wrong": "Bei weniger als drei Personen lag eine Vorhersage daneben.",
        "footer": "Erzeugt mit „kaufhaus class-report“. Die Daten stammen aus einem Spiel; "
        "nichts davon hat diesen Rechner verlassen.",
        "skipped": "Übersprungene Dateien",
    },
    "en": {
        "title": "Kaufhaus Internet – what the shop knows about the class",
        "intro": "Anonymous summary of %d handed-in files. Groups of fewer than three "
        "people are not shown.",
        "too_few": "Fewer than three files: so that nobody can be recognised, this report "
        "shows nothing.",
        "fewer": "fewer than 3",
        "hidden": "hidden",
        "hidden_note": "'hidden' means three or more, but from this number and the others a "
        "smaller group could be worked out.",
        "art9": "Not shown: products of special categories under Art. 9 GDPR (%s) and the "
        "shop's conclusions about them (show them with 'class-report --art9').",
        "hidden_wrong": "For how many a prediction was wrong stays hidden: otherwise one "
        "could work out for whom it was right.",
        "fewer_payers_hidden": "How many bought something stays hidden: otherwise one could "
        "work out who bought nothing.",
        "consent": "Answers to the cookie banner",
        "conclusions": "The shop's most common conclusions",
        "segments": "The most common customer segments",
        "none_shown": "No conclusion was drawn about three people or more.",
        "predictions": "Predicted versus bought",
        "predictions_note": "'Predicted' means the shop put the purchase probability at 50% "
        "or more. The last columns show the mean estimated probability among those who "
        "bought and among the others.",
        "product": "Product",
        "predicted": "predicted",
        "bought": "bought",
        "both": "both",
        "wrong": "wrong",
        "p_buyers": "mean, buyers",
        "p_others": "mean, others",
        "money": "Paid compared with an unobserved customer",
        "money_more": "%d people bought something. On average they paid %s more than "
        "someone the shop had not watched.",
        "money_less": "%d people bought something. On average they paid %s less than "
        "someone the shop had not watched.",
        "money_none": "%d people bought something.",
        "more": "paid more",
        "less": "paid less",
        "same": "paid the same",
        "fewer_payers": "Fewer than three people bought something.",
        "wrong_title": "Where the shop was wrong",
        "wrong_text": "For %d of %d people at least one purchase prediction was wrong "
        "(predicted and not bought, or bought and not predicted).",
        "fewer_wrong": "A prediction was wrong for fewer than three people.",
        "footer": "Made with 'kaufhaus class-report'. The data comes from a game; none of "
        "it left this computer.",
        "skipped": "Files skipped",
    },
}


@cache
def environment() -> jinja2.Environment:
    """Our templates, autoescaped (labels come from scene packs, which anyone may write)."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def money_text(value: float | None, lang: str) -> str:
    if value is None:
        return "–"
    text = f"{value:,.2f}"
    if lang == "de":
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
        return f"{text}{NBSP}€"
    return f"€{text}" if value >= 0 else f"-€{text[1:]}"


def percent_text(value: float, lang: str) -> str:
    number = f"{100 * value:.0f}"
    return f"{number}{NBSP}%" if lang == "de" else f"{number}%"


def render_report(
    records: Sequence[Mapping[str, Any]],
    lang: str = "de",
    skipped: Sequence[str] = (),
    *,
    art9: bool = False,
) -> str:
    """The whole page for these records (``art9``: with the special categories' products)."""
    stats = aggregate(records, art9=art9)
    return render_stats(stats, lang, skipped)


def render_stats(stats: ClassStats, lang: str, skipped: Sequence[str] = ()) -> str:
    t = TEXTS[lang]
    return (
        environment()
        .get_template("report.html")
        .render(
            stats=stats,
            lang=lang,
            t=t,
            generator=GENERATOR,
            skipped=list(skipped),
            money_rows=stats.money_rows,
            segment_rows=[Row(r.key, r.name, r.count, hidden=r.hidden) for r in stats.segments],
            art9=", ".join(art9_name(c, lang) for c in stats.art9_left_out),
            money=lambda v: money_text(v, lang),
            pct=lambda v: percent_text(v, lang),
        )
    )


# -------------------------------------------------------------------- compare
COMPARE_TEXTS = {
    "de": {
        "title": "Was der Laden für A und B anders gemacht hat",
        "consent": "Cookie-Antwort",
        "choices": "Wege (Szene: Wahl)",
        "events": "Ereignisse im Protokoll",
        "after_refusal": "davon nach der Ablehnung",
        "personalised": "für die Person umgeschriebene Szenen",
        "paid": "bezahlt",
        "neutral": "ein unbeobachteter Kunde hätte bezahlt",
        "difference": "Unterschied",
        "segments": "Segmente",
        "only": "Schlüsse nur bei {who}",
        "same_conclusions": "Schlüsse bei beiden",
        "predictions": "Kaufwahrscheinlichkeiten (gekauft: ✓)",
        "none": "keine",
        "story_differs": "Achtung: A und B stammen aus verschiedenen Fassungen der Geschichte.",
    },
    "en": {
        "title": "What the shop did differently for A and B",
        "consent": "cookie answer",
        "choices": "path (scene: choice)",
        "events": "events in the log",
        "after_refusal": "of them after the refusal",
        "personalised": "scenes rewritten for the person",
        "paid": "paid",
        "neutral": "an unobserved customer would have paid",
        "difference": "difference",
        "segments": "segments",
        "only": "conclusions only about {who}",
        "same_conclusions": "conclusions about both",
        "predictions": "purchase probabilities (bought: ✓)",
        "none": "none",
        "story_differs": "Note: A and B come from different versions of the story.",
    },
}


def compare_text(a: Mapping[str, Any], b: Mapping[str, Any], lang: str = "de") -> str:
    """Two records side by side, as plain text for the terminal or a projector."""
    t = COMPARE_TEXTS[lang]
    width = 38

    def row(label: str, left: str, right: str) -> str:
        return f"{label:<40} {left:<{width}} {right}"

    def consent(r: Mapping[str, Any]) -> str:
        label = (r.get("consent") or {}).get("label")
        return str(label[lang]) if label else t["none"]

    lines = [t["title"], "=" * len(t["title"]), ""]
    if (a.get("story") or {}).get("hash") != (b.get("story") or {}).get("hash"):
        lines += [t["story_differs"], ""]
    lines.append(row("", "A", "B"))
    lines.append(row(t["consent"], consent(a), consent(b)))
    lines.append(row(t["events"], str(a.get("events", 0)), str(b.get("events", 0))))
    lines.append(
        row(
            t["after_refusal"],
            str(a.get("events_after_refusal", 0)),
            str(b.get("events_after_refusal", 0)),
        )
    )
    lines.append(
        row(
            t["personalised"],
            str(a.get("personalised_scenes", 0)),
            str(b.get("personalised_scenes", 0)),
        )
    )
    for key in ("paid", "paid_neutral", "paid_difference"):
        label = {"paid": t["paid"], "paid_neutral": t["neutral"], "paid_difference": ""}[key]
        label = label or t["difference"]
        lines.append(
            row(
                label,
                money_text(float(a.get(key, 0.0)), lang),
                money_text(float(b.get(key, 0.0)), lang),
            )
        )

    def segs(r: Mapping[str, Any]) -> str:
        return ", ".join(s["name"][lang] for s in r.get("segments", [])) or t["none"]

    lines.append(row(t["segments"], segs(a), segs(b)))
    lines += ["", t["choices"]]
    ca = [f"{c['scene_title'][lang]}: {c['label'][lang]}" for c in a.get("choices", [])]
    cb = [f"{c['scene_title'][lang]}: {c['label'][lang]}" for c in b.get("choices", [])]
    for i in range(max(len(ca), len(cb))):
        left = ca[i] if i < len(ca) else ""
        right = cb[i] if i < len(cb) else ""
        mark = " " if left == right else "≠"
        lines.append(f"  {mark} {left[: width + 30]:<{width + 30}} {right}")
    lines += ["", t["predictions"]]
    pa = {p["product"]: p for p in a.get("predictions", [])}
    pb = {p["product"]: p for p in b.get("predictions", [])}
    names = {**(b.get("products") or {}), **(a.get("products") or {})}
    for pid in sorted(set(pa) | set(pb)):

        def cell(p: Mapping[str, Any] | None) -> str:
            if p is None:
                return "–"
            return percent_text(float(p["probability"]), lang) + (" ✓" if p["bought"] else "")

        name = (names.get(pid) or {}).get(lang, pid)
        lines.append(row("  " + name[:32], cell(pa.get(pid)), cell(pb.get(pid))))
    la = {c["label"][lang] for c in a.get("conclusions", [])}
    lb = {c["label"][lang] for c in b.get("conclusions", [])}
    for title, items in (
        (t["only"].format(who="A"), la - lb),
        (t["only"].format(who="B"), lb - la),
        (t["same_conclusions"], la & lb),
    ):
        lines += ["", title + ":"]
        lines += [f"  • {item}" for item in sorted(items)] or ["  " + t["none"]]
    return "\n".join(lines) + "\n"


GROUP_TEXTS = {
    "de": {
        "title": "Zwei Gruppen im Vergleich (nur Gruppen ab drei)",
        "pupils": "Abgaben",
        "consent": "Cookie-Antwort",
        "conclusions": "Schlüsse des Ladens",
        "payers": "haben etwas gekauft",
        "difference": "im Mittel mehr bezahlt als unbeobachtet",
    },
    "en": {
        "title": "Two groups compared (groups of three or more only)",
        "pupils": "hand-ins",
        "consent": "cookie answer",
        "conclusions": "the shop's conclusions",
        "payers": "bought something",
        "difference": "paid more than unobserved, on average",
    },
}


def compare_groups_text(a: ClassStats, b: ClassStats, lang: str = "de") -> str:
    """Two groups' counts side by side; every figure withheld as in the class report."""
    t, r = GROUP_TEXTS[lang], TEXTS[lang]

    def count(value: int | None, hidden: bool = False) -> str:
        return str(value) if value is not None else (r["hidden"] if hidden else r["fewer"])

    def row(label: str, left: str, right: str) -> str:
        return f"{label[:44]:<46} {left:<20} {right}"

    lines = [t["title"], "=" * len(t["title"]), "", row("", "A", "B")]
    lines.append(row(t["pupils"], str(a.pupils), str(b.pupils)))
    lines += ["", t["consent"]]
    for ra, rb in zip(a.consent, b.consent, strict=True):
        lines.append(
            row("  " + ra.label[lang], count(ra.count, ra.hidden), count(rb.count, rb.hidden))
        )
    lines += ["", t["conclusions"]]
    left = {x.key: x for x in a.conclusions}
    right = {x.key: x for x in b.conclusions}
    for key in dict.fromkeys([*left, *right]):
        label = (left.get(key) or right[key]).label[lang]
        la, rb_ = left.get(key), right.get(key)
        lines.append(
            row(
                "  " + label,
                count(la.count, la.hidden) if la else r["fewer"],
                count(rb_.count, rb_.hidden) if rb_ else r["fewer"],
            )
        )
    lines += [""]
    lines.append(
        row(
            t["payers"],
            count(a.payers, "payers" in a.hidden),
            count(b.payers, "payers" in b.hidden),
        )
    )
    lines.append(
        row(
            t["difference"],
            money_text(a.mean_difference, lang),
            money_text(b.mean_difference, lang),
        )
    )
    return "\n".join(lines) + "\n"

"""Where the shop was plainly wrong: conclusions that what the player did contradicts.

Sets conclusions against what the log shows the player actually did (a 97 %
purchase probability for something never bought; a "bargain hunter" who paid
the surcharge). Only what the file proves is called wrong. Computed from
dossier rows, so the reveal, plain mode and the file's contest records agree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kaufhaus.story.grammar import pronoun_by
from kaufhaus.tracking.numbers import format_percent


# ------------------------------------------------------------ where it was wrong
@dataclass(frozen=True)
class Mismatch:
    """A conclusion the log contradicts, with the events that show it."""

    inference: str
    why: dict[str, str]
    evidence: tuple[int, ...]


#: A purchase probability at least this high for something never bought is "wrong".
CONFIDENT = 0.5
#: At most this low for something bought is "wrong" the other way.
DOUBTFUL = 0.2


def _pct(value: float, lang: str) -> str:
    return format_percent(value, lang)


def _a(percent: str) -> str:
    """ "an 83%", "an 8%", "an 11%", "an 18%", "a 30%": the article as the number is said."""
    digits = percent.split("%")[0].replace(",", "").split(".")[0]
    spoken_vowel = digits.startswith("8") or digits in ("11", "18")
    return f"{'an' if spoken_vowel else 'a'} {percent}"


def _it(dossier: Mapping[str, Any], pid: str, lang: str) -> str:
    """The pronoun for a product as an object ("gekauft haben Sie sie nicht"), from
    the grammar the file's catalogue keeps: plural, then German gender."""
    product = (dossier.get("catalogue") or {}).get(pid) or {}
    number = product.get("number") or {}
    plural = isinstance(number, Mapping) and number.get(lang) == "pl"
    return pronoun_by(lang, plural, str(product.get("gender")), "acc")


def where_wrong(dossier: Mapping[str, Any]) -> list[Mismatch]:
    """Conclusions that what the player actually did contradicts, from the dossier alone."""
    payments = (dossier.get("payments") or {}).get("payments") or []
    bought: dict[str, int] = {}
    paid_more = paid_less = False
    for payment in payments:
        for item in payment.get("items") or ():
            bought[str(item.get("product"))] = int(payment.get("event", 0))
            difference = float(item.get("difference") or 0)
            paid_more |= difference > 0.004
            paid_less |= difference < -0.004
    consent = (dossier.get("consent") or {}).get("choice")
    ended = bool(dossier.get("ended"))
    out: list[Mismatch] = []
    for row in dossier.get("inferences") or ():
        kind, subject = row.get("kind"), str(row.get("subject", ""))
        value = row.get("value")
        name = row.get("subject_label") or {}
        rid = str(row.get("id"))
        it = {lang: _it(dossier, subject, lang) for lang in ("de", "en")}
        if kind == "purchase_probability" and isinstance(value, (int, float)):
            if ended and value >= CONFIDENT and subject not in bought:
                out.append(
                    Mismatch(
                        rid,
                        {
                            "de": f"{_pct(value, 'de')} Kaufwahrscheinlichkeit für "
                            f"„{name.get('de', '')}“ – gekauft haben Sie {it['de']} nicht.",
                            "en": f"{_a(_pct(value, 'en'))} purchase probability for "
                            f"“{name.get('en', '')}” – you did not buy {it['en']}.",
                        },
                        tuple(row.get("evidence") or ())[-3:],
                    )
                )
            elif value <= DOUBTFUL and subject in bought:
                out.append(
                    Mismatch(
                        rid,
                        {
                            "de": f"nur {_pct(value, 'de')} Kaufwahrscheinlichkeit für "
                            f"„{name.get('de', '')}“ – und Sie haben {it['de']} gekauft.",
                            "en": f"only {_a(_pct(value, 'en'))} purchase probability for "
                            f"“{name.get('en', '')}” – and you bought {it['en']}.",
                        },
                        (bought[subject],),
                    )
                )
        elif kind == "segment":
            if subject == "bargain_hunter" and paid_more and not paid_less:
                out.append(
                    Mismatch(
                        rid,
                        {
                            "de": "Schnäppchenjäger – und doch haben Sie mehr gezahlt als "
                            "ein Kunde, den niemand beobachtet.",
                            "en": "a bargain hunter – and yet you paid more than a shopper "
                            "nobody was watching.",
                        },
                        tuple(sorted(set(bought.values()))),
                    )
                )
            elif subject == "privacy_minded" and consent == "all":
                first = (dossier.get("consent") or {}).get("events") or []
                out.append(
                    Mismatch(
                        rid,
                        {
                            "de": "Datenschutz-Bedenkenträger – und doch haben Sie am Eingang "
                            "„Alle akzeptieren“ gedrückt.",
                            "en": "a privacy worrier – and yet you pressed “Accept all” at "
                            "the entrance.",
                        },
                        tuple(first[-1:]),
                    )
                )
            elif subject.startswith("fan:") and ended and bought:
                category = subject.split(":", 1)[1]
                catalogue = dossier.get("catalogue") or {}
                if not any(
                    (catalogue.get(pid) or {}).get("category") == category for pid in bought
                ):
                    out.append(
                        Mismatch(
                            rid,
                            {
                                "de": f"{name.get('de', '')} – gekauft haben Sie aus dieser "
                                "Abteilung nichts.",
                                "en": f"{name.get('en', '')} – you bought nothing from that "
                                "department.",
                            },
                            tuple(sorted(set(bought.values()))),
                        )
                    )
    return out

"""Contesting the shop's conclusions from the reveal, and where the shop was plainly wrong.

The answers themselves (the shop in character, the law beside it) and the
list of where the shop was wrong live in the dossier (``dossier.answers``,
``dossier.wrong``): a contest is on the record, and the file lists each one
with the answer it got. Here is what a front end needs on top: an answer in
one language, the contests already on record for the contest tab, and the
errand hook.

Front-end neutral (no Textual): the reveal shows it, plain mode prints it.
Works on dossier rows (``build_dossier(game)["inferences"]`` and friends).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from kaufhaus.dossier.answers import (
    RIGHT_NAMES,
    RIGHTS,
    conclusion_words,
    general_law,
    law_text,
    shop_answer,
)
from kaufhaus.dossier.answers import answer as _answer
from kaufhaus.dossier.wrong import CONFIDENT, DOUBTFUL, Mismatch, where_wrong

LANGS = ("de", "en")


@dataclass(frozen=True)
class Answer:
    """The shop's reply and the law, in one language."""

    right: str
    title: str
    shop: str
    law: str


def contest(right: str, row: Mapping[str, Any], lang: str, wrong: bool = False) -> Answer:
    """One contest: the right's name, the shop's reply, the law beside it."""
    parts = _answer(right, row, lang, wrong)
    return Answer(right=right, title=parts["title"], shop=parts["shop"], law=parts["law"])


def contest_heading(right: str, row: Mapping[str, Any], lang: str) -> str:
    """The heading over a contest, in the words of the right exercised: "Sie verlangen
    eine Berichtigung: …" for a rectification, "Sie widersprechen: …" for an objection."""
    from kaufhaus.play.strings import tr

    key = f"contest_title_{right}" if right in RIGHTS else "contest_title_object"
    return tr(key, lang, conclusion=conclusion_words(row, lang))


def on_record(dossier: Mapping[str, Any], lang: str) -> list[str]:
    """The contests in the file, as lines for the contest tab (newest last)."""
    lines = []
    for row in dossier.get("contests") or ():
        label = (row.get("label") or {}).get(lang, "")
        words = (row.get("conclusion_words") or {}).get(lang, "")
        shop = (row.get("shop_answer") or {}).get(lang, "")
        lines.append(f"#{row.get('event')} {label}: {words}")
        if shop:
            lines.append(f"  {shop}")
    return lines


# ------------------------------------------------------------------ the errand
@dataclass(frozen=True)
class Errand:
    """Why the player really came: a key the story defines and its label in both languages."""

    key: str
    label: dict[str, str]


#: The note a pack makes when the player tells the shop what they came for.
ERRAND_NOTE = "errand"


def recorded_errand(game: Any) -> Errand | None:
    """What the player told the shop they came for, as the file has it; None otherwise.

    A pack knows the player's errand as author state (their own knowledge,
    never in the shop's file); the shop knows it only once the player says it,
    and then it is a note (``note: {id: errand, ...}``) with the words the shop
    wrote down. Before that the reveal has nothing to quote.
    """
    noted = game.profile.notes.get(ERRAND_NOTE)
    if noted is None or not noted.words:
        return None
    return Errand(ERRAND_NOTE, dict(noted.words))


def asks_errand(story: Any) -> bool:
    """Whether the pack can make the errand note at all (so the reveal may say it did not)."""
    return ERRAND_NOTE in getattr(story, "notes", {})


def errand_against(
    errand: Errand | None,
    inferences: Sequence[Mapping[str, Any]],
    lang: str,
    categories: Sequence[str] = (),
) -> list[str]:
    """What the player told the shop they came for against what it concluded.

    ``errand`` None: the player never told the shop, and the reveal says so
    (the file has nothing to quote) before listing what it concluded anyway.
    ``categories``: the product categories that would have served the errand
    (when the story says so); a conclusion about anything else is named as
    the shop's own idea.
    """
    if errand is None:
        lines = [
            {
                "de": "Weshalb Sie kamen, haben Sie dem Kaufhaus nicht gesagt.",
                "en": "You never told the shop why you came.",
            }[lang]
        ]
    else:
        label = errand.label.get(lang) or errand.label.get("de") or ""
        lines = [
            {
                "de": f"Sie haben es uns gesagt: „{label}“.",
                "en": f"You told us: “{label}”.",
            }[lang]
        ]
    top = [
        r
        for r in inferences
        if r.get("kind") in ("segment", "purchase_probability", "next_purchase")
    ]
    if not top:
        lines.append(
            {
                "de": "Das Kaufhaus hat dazu nichts geschlossen.",
                "en": "The shop concluded nothing about it.",
            }[lang]
        )
        return lines
    lines.append({"de": "Das Kaufhaus schloss:", "en": "The shop concluded:"}[lang])
    for row in top:
        text = conclusion_words(row, lang)
        subject = str(row.get("subject", ""))
        category = subject.split(":", 1)[1] if subject.startswith("fan:") else None
        if categories and category is not None and category not in categories:
            text += {"de": " – nicht Ihr Anliegen", "en": " – not what you came for"}[lang]
        lines.append(f"  • {text}")
    return lines


__all__ = [
    "CONFIDENT",
    "DOUBTFUL",
    "LANGS",
    "RIGHTS",
    "RIGHT_NAMES",
    "Answer",
    "Errand",
    "Mismatch",
    "conclusion_words",
    "contest",
    "errand_against",
    "general_law",
    "law_text",
    "on_record",
    "recorded_errand",
    "shop_answer",
    "where_wrong",
]

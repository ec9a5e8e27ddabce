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


def recorded_errand(game: Any) -> Errand | None:
    """The player's real errand, where the story asked for it; None otherwise.

    A pack records it as author state: a variable ``errand`` declared in
    ``story.yaml`` (``state: {errand: ''}``), set by the choice that answers
    the question, and a fragment ``errand`` that names the answer in words
    (a template over ``state.errand``). Without that fragment nothing is
    shown: the variable's value is the author's id, never words for a player.
    """
    story = game.story
    if "errand" not in getattr(story, "state", {}):
        return None
    value = game.state.get("errand")
    if value in (None, "", False):
        return None
    fragment = story.fragments.get("errand")
    if fragment is None:
        return None
    from kaufhaus.game import RenderError

    try:
        label = game.render_text(fragment).strip()
    except RenderError:
        return None
    if not label:
        return None
    return Errand(str(value), {game.lang: label})


def errand_against(
    errand: Errand,
    inferences: Sequence[Mapping[str, Any]],
    lang: str,
    categories: Sequence[str] = (),
) -> list[str]:
    """The player's real errand against what the shop concluded, as sentences.

    ``categories``: the product categories that would have served the errand
    (when the story says so); a conclusion about anything else is named as
    the shop's own idea.
    """
    label = errand.label.get(lang) or errand.label.get("de") or ""
    lines = [
        {"de": f"Sie kamen für: {label}.", "en": f"You came for: {label}."}[lang],
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
    "law_text",
    "on_record",
    "recorded_errand",
    "shop_answer",
    "where_wrong",
]

"""The words a pack chooses for its frame: title, subtitle, basket, shelf, the end.

A scene pack is its own game (``game:`` in story.yaml, docs/authoring.md): the
title screen, the status line, the heading over the things to examine and
what follows an ending come from the pack, with the shop's words as the
default. Every front end (the terminal UI, plain mode) asks here, so they
cannot disagree.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kaufhaus.play.strings import tr

if TYPE_CHECKING:
    from kaufhaus.game import SceneView
    from kaufhaus.story.model import Story

#: The shop's own name: a pack with this title gets the shop's tagline by default.
SHOP_TITLE = "Kaufhaus Internet"


def game_title(story: Story, lang: str) -> str:
    """The pack's ``title:`` in ``lang`` ("Kaufhaus Internet" when it gives none)."""
    return story.title.source(lang) or SHOP_TITLE


def subtitle(story: Story, lang: str) -> str:
    """The title screen's second line: the pack's, the shop's tagline, or nothing."""
    own = story.presentation.subtitle
    if own is not None:
        return own.source(lang)
    return tr("tagline", lang) if game_title(story, lang) == SHOP_TITLE else ""


def is_shop(story: Story) -> bool:
    """Whether the pack plays in the shop's frame (its awning, its reveal)."""
    return story.presentation.reveal


def reveals(story: Story) -> bool:
    """True: an ending opens the shop's file (the reveal); False: a plain end screen."""
    return story.presentation.reveal


def basket_line(story: Story, view: SceneView, lang: str) -> str | None:
    """ "Korb: 1 · 0,01 €" in the pack's words, or None when the pack shows no basket."""
    look = story.presentation
    if not look.show_basket:
        return None
    word = look.basket.source(lang) if look.basket is not None else tr("basket_word", lang)
    if not view.basket:
        return tr("basket_empty", lang, word=word)
    return tr("basket", lang, word=word, n=len(view.basket), total=view.basket_total)


def receipt_line(story: Story, view: SceneView, lang: str) -> str | None:
    """What is in the basket, each with its price as shown: the total beside it is
    the sum of prices the player can see (None: an empty basket, or none at all)."""
    if not story.presentation.show_basket or not view.basket_items:
        return None
    items = " · ".join(f"{name} {price}" for name, price in view.basket_items)
    return tr("receipt", lang, items=items)


def shelf_label(story: Story, lang: str) -> str:
    """The heading over the things to examine: "Im Regal" unless the pack names it."""
    own = story.presentation.shelf
    return own.source(lang) if own is not None else tr("shelf_label", lang)


def choice_numbers(view: SceneView) -> tuple[int | None, ...]:
    """Each shown choice's number key: its place in the scene's list as written.

    A choice hidden by its condition keeps its slot, so the others keep
    their numbers ("Nichts kaufen und gehen" stays 3 when "Bezahlen" is not
    offered). The number is the game's own (``ChoiceView.number``), the one
    plain mode prints and walkthroughs' ``choose: N`` mean; only 1–9 have keys,
    a choice further down has no number key.
    """
    return tuple(c.number if 1 <= c.number <= 9 else None for c in view.choices)


def choice_for_number(view: SceneView, number: int) -> str | None:
    """The id of the shown choice whose number key is ``number``, if one is offered."""
    for choice, n in zip(view.choices, choice_numbers(view), strict=True):
        if n == number:
            return choice.id
    return None


def header_line(title: str, place: str) -> str:
    """ "Title · Place", the place only once when the title already says it.

    "Der Kundenkarten-Schalter · Kundenkarten-Schalter" reads like a stutter:
    when one contains the other (ignoring case), the longer one is shown alone.
    """
    t, p = title.strip(), place.strip()
    if not p:
        return t
    if not t:
        return p
    if p.casefold() in t.casefold():
        return t
    if t.casefold() in p.casefold():
        return p
    return f"{t} · {p}"


def locked_lines(view: SceneView, lang: str) -> list[str]:
    """The choices shown but not selectable now, each with why not (``selectable:``)."""
    return [
        tr(
            "locked_choice" if c.why_not else "locked_choice_bare",
            lang,
            label=c.label,
            why=c.why_not,
        )
        for c in view.locked
    ]

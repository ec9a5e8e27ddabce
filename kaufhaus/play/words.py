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


def shelf_label(story: Story, lang: str) -> str:
    """The heading over the things to examine: "Im Regal" unless the pack names it."""
    own = story.presentation.shelf
    return own.source(lang) if own is not None else tr("shelf_label", lang)

"""Pronouns that refer back to a product the shop chose agree with it.

"In the window stand the headache tablets, with a sign in front of it" gave
tablets a singular pronoun: the text was written for the TV. A text now asks
(``shop.pronoun(pid, 'acc')``), and the pronoun comes from the product's declared
gender and number: "ihn" for the fur coat, "sie" for the tablets, "them" in
English, "it" for the value pack of condoms (singular in English).

Every text that takes a product is rendered with every product of the shipped
pack, in both languages; then (1) each pronoun the text asks for is the one the
product's grammar calls for, and (2) no pronoun written by hand after the
product, in its sentence or the next (outside quotes), disagrees with it.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from kaufhaus.facades import ShopFacade
from kaufhaus.game import Game
from kaufhaus.story.model import Product, Story
from kaufhaus.storytest import scene_texts
from tests.story.agreement import _AllYes, _phrases

#: What a pronoun must be, from the grammar the pack declares (not from the code
#: under test): German by number and gender, English by number.
EXPECTED = {
    "de": {
        ("m", "nom"): "er", ("m", "acc"): "ihn", ("m", "dat"): "ihm",
        ("f", "nom"): "sie", ("f", "acc"): "sie", ("f", "dat"): "ihr",
        ("n", "nom"): "es", ("n", "acc"): "es", ("n", "dat"): "ihm",
        ("pl", "nom"): "sie", ("pl", "acc"): "sie", ("pl", "dat"): "ihnen",
    },
    "en": {
        ("sg", "nom"): "it", ("sg", "acc"): "it", ("sg", "dat"): "it",
        ("pl", "nom"): "they", ("pl", "acc"): "them", ("pl", "dat"): "them",
    },
}  # fmt: skip
#: Hand-written pronouns that would refer back to a product, and which grammar
#: each fits: a product of another number (English) or gender (German) disagrees.
WRITTEN = {
    "en": {"it": {"sg"}, "its": {"sg"}, "them": {"pl"}, "their": {"pl"}},
    "de": {"ihn": {"m"}, "ihm": {"m", "n"}, "ihnen": {"pl"}},
}
_CALL = re.compile(r"shop\.pronoun\(\s*[^,()]+(?:,\s*'(\w+)')?\s*\)")
_QUOTED = re.compile(r"„[^“]*“|“[^”]*”|\"[^\"]*\"")


def _key(product: Product, lang: str) -> str:
    plural = (product.number.get(lang) or "sg") == "pl"
    if lang == "en":
        return "pl" if plural else "sg"
    return "pl" if plural else (product.gender or "n")


def _renderings(story: Story, lang: str) -> list[tuple[str, str, Product, str, str]]:
    """(where, source, product, rendered, pid) for every text that takes a product,
    rendered once per product of the pack with a shop that chose that product."""
    game = Game(story, lang=lang, record_shown=False)
    game.start(0.0, {}, render=False)
    out = []
    for scene in story.scenes.values():
        game.scene_id = scene.id
        for text in scene_texts(scene):
            source = text.source(lang)
            if not re.search(r"shop\.(?:the|name|pronoun)\(", source):
                continue
            where = f"{text.pos.file}:{text.pos.line}"
            for pid, product in story.catalogue.items():
                context: dict[str, Any] = game.template_context()
                context["shop"] = _AllYes(context["shop"], pid)
                context["basket"] = [pid]
                rendered = " ".join(game.render_text(text, context).split())
                out.append((where, source, product, rendered, pid))
    return out


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_pronoun_a_text_asks_for_agrees_with_every_product(story: Story, lang: str) -> None:
    base = Game(story, lang=lang, record_shown=False)
    base.start(0.0, {}, render=False)
    shop: ShopFacade = base.template_context()["shop"]
    for pid, product in story.catalogue.items():
        for case in ("nom", "acc", "dat"):
            assert shop.pronoun(pid, case) == EXPECTED[lang][(_key(product, lang), case)], (
                pid,
                case,
            )
    asked = 0
    for where, source, product, rendered, pid in _renderings(story, lang):
        for case in _CALL.findall(source):
            want = EXPECTED[lang][(_key(product, lang), case or "nom")]
            assert re.search(rf"(?<![\w-]){want}(?![\w-])", rendered), (where, pid, want)
            asked += 1
    if lang == "en":
        assert asked >= 3 * len(story.catalogue)  # the shop window, twice the day after


def test_the_shipped_products_take_their_own_pronouns(story: Story) -> None:
    base = Game(story, lang="de", record_shown=False)
    base.start(0.0, {}, render=False)
    shop: ShopFacade = base.template_context()["shop"]
    assert shop.pronoun("pelzmantel", "acc") == "ihn"
    assert shop.pronoun("kopfschmerz", "dat") == "ihnen"
    en = Game(story, lang="en", record_shown=False)
    en.start(0.0, {}, render=False)
    shop = en.template_context()["shop"]
    assert (shop.pronoun("kopfschmerz", "acc"), shop.pronoun("kondome", "acc")) == ("them", "it")


def _after(rendered: str, phrase: str) -> list[str]:
    """The rest of each sentence that holds ``phrase`` and the next sentence, quotes
    taken out (what a character says is about something else: "You've earned it")."""
    out = []
    for m in re.finditer(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", rendered, re.IGNORECASE):
        rest = _QUOTED.sub(" ", rendered[m.end() :])
        sentences = re.split(r"(?<=[.!?])\s+", rest, maxsplit=2)
        out.append(" ".join(sentences[:2]))
    return out


@pytest.mark.parametrize("lang", ["de", "en"])
def test_no_pronoun_written_by_hand_disagrees_with_the_product(story: Story, lang: str) -> None:
    problems = set()
    for where, _source, product, rendered, pid in _renderings(story, lang):
        key = _key(product, lang)
        for phrase in set(_phrases(product, lang).values()):
            for stretch in _after(rendered, phrase):
                # A capital "It" opens a sentence about something else ("It just
                # doesn't know where you live": the shop); lower case refers back.
                for word in re.findall(r"(?<![\w-])([a-zäöüß]+)(?![\w-])", stretch):
                    fits = WRITTEN[lang].get(word)
                    if fits is not None and key not in fits:
                        problems.add(f"{where} ({lang}, {pid}): {word!r} …{stretch[:80]}")
    assert not problems, "\n".join(sorted(problems))


def test_the_file_s_interest_reasons_agree_with_every_product(story: Story) -> None:
    """The engine's words for an interest refer back to the product: "10 s in der
    Abteilung, in der es ausliegt" was said of the headache tablets too."""
    from kaufhaus.game import catalogue_info
    from kaufhaus.tracking.profile import Signals, _signal_parts

    sig = Signals(window_s=10, highlights=1, chosen=1, in_basket=True)
    for pid, info in catalogue_info(story).items():
        product = story.catalogue[pid]
        de, en = (", ".join(parts) for parts in _signal_parts(sig, info))
        de_key, en_key = _key(product, "de"), _key(product, "en")
        nom = EXPECTED["de"][(de_key, "nom")]
        verb = "ausliegen" if de_key == "pl" else "ausliegt"
        assert f"wo {nom} {verb}" in de, (pid, de)
        assert ("liegen im Warenkorb" if de_key == "pl" else "liegt im Warenkorb") in de
        it = EXPECTED["en"][(en_key, "acc")]
        be = "are" if en_key == "pl" else "is"
        assert f"where {EXPECTED['en'][(en_key, 'nom')]} {be} on display" in en, (pid, en)
        assert f"hand twitched towards {it} once" in en and f"headed for {it} 1×" in en
        assert f"{be} in the basket" in en
    names = {pid: i for pid, i in catalogue_info(story).items()}
    assert "wo er ausliegt" in _signal_parts(sig, names["pelzmantel"])[0][0]
    assert "wo sie ausliegen" in _signal_parts(sig, names["kopfschmerz"])[0][0]

"""What you paid for stays paid for: ``shop.bought(pid)`` is the till's record.

The playtest's TV department still sold the TV you had bought. A later scene
asks the file whether the till took money for a product, and the file can
prove it (the payment event), so story-test accepts the sentence.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kaufhaus.dossier.model import _StoryView, claim_words
from kaufhaus.facades import facade_api
from kaufhaus.game import Game
from kaufhaus.story.loader import load_pack
from kaufhaus.story.model import Story
from kaufhaus.tracking.events import Kind
from kaufhaus.truth import check_step

PACK = """\
id: hutladen
languages: [de, en]
start: laden
catalogue:
  hut:
    name: {de: Filzhut, en: felt hat}
    forms: {nom: der Filzhut, acc: den Filzhut, dat: dem Filzhut}
    gender: m
    number: sg
    category: mode
    price: 19.95
scenes:
  - id: laden
    title: {de: Laden, en: Shop}
    text:
      de: "{% if shop.bought('hut') %}Er nickt Ihrer Tüte zu.{% else %}Ein Hut!{% endif %}"
      en: "{% if shop.bought('hut') %}The salesman nods at your bag.{% else %}A hat!{% endif %}"
    items:
      - {id: hut, label: {de: Hut, en: Hat}, text: {de: Filz., en: Felt.}, product: hut}
    choices:
      - {id: nehmen, label: {de: Nehmen, en: Take it}, goto: kasse, product: hut,
         effects: {take: hut}, when: "not shop.bought('hut')"}
      - {id: weiter, label: {de: Weiter, en: On}, goto: kasse}
  - id: kasse
    title: {de: Kasse, en: Till}
    text: {de: Bitte zahlen., en: Please pay.}
    choices:
      - {id: zahlen, label: {de: Zahlen, en: Pay}, goto: laden, effects: {buy: true}}
      - {id: gehen, label: {de: Gehen, en: Leave}, goto: ende}
  - id: ende
    title: {de: Ende, en: End}
    text: {de: Aus., en: Over.}
    ending: done
"""


@pytest.fixture
def story(tmp_path: Path) -> Story:
    (tmp_path / "story.yaml").write_text(PACK, encoding="utf-8")
    return load_pack(tmp_path, api=facade_api())


def test_a_scene_does_not_sell_you_what_you_paid_for(story: Story) -> None:
    game = Game(story, lang="de")
    game.start(0.0, {})
    assert game.view().text == "Ein Hut!"
    assert [c.id for c in game.view().choices] == ["nehmen", "weiter"]
    game.choose("nehmen", 5.0)
    since = len(game.log)
    game.choose("zahlen", 10.0)
    check_step(game, since, game.view().text)  # story-test: the file proves the sentence
    assert game.view().text == "Er nickt Ihrer Tüte zu."
    assert [c.id for c in game.view().choices] == ["weiter"]
    uses = [
        u
        for e in game.log.events()
        if e.kind is Kind.CLAIM_USE
        for u in e.data.get("claims", ())
        if u.get("claim") == "purchase:hut"
    ]
    paid = next(e for e in game.log.events() if e.kind is Kind.CHOICE and e.data.get("buy"))
    assert uses and uses[-1]["evidence"] == [paid.id]
    words = claim_words(uses[-1], _StoryView(story))
    assert words == {"de": "Von Ihnen gekauft: Filzhut", "en": "bought by you: felt hat"}


def test_what_is_only_in_the_basket_is_not_bought(story: Story) -> None:
    game = Game(story, lang="en")
    game.start(0.0, {})
    game.choose("nehmen", 5.0)
    game.choose("gehen", 9.0)
    assert game.shop().bought("hut") is False


@pytest.mark.parametrize("lang", ["de", "en"])
def test_a_product_taken_and_undone_is_neither_in_the_basket_nor_bought(
    story: Story, lang: str
) -> None:
    """Round 5 of the playtest: a keg taken, the choice undone (b), then paid at the
    till for the rest: the conclusions said "already bought" and the customer value
    counted it "in the basket". Undone, it is in neither; the interest stays."""
    from kaufhaus.dossier.model import build_dossier

    game = Game(story, lang=lang)
    game.start(0.0, {})
    game.choose("nehmen", 5.0)
    game.undo(7.0)
    assert game.scene_id == "laden" and game.basket() == []
    game.choose("weiter", 9.0)
    game.choose("zahlen", 12.0)
    assert game.shop().bought("hut") is False
    sig = game.profile.li.products["hut"]
    assert (sig.in_basket, sig.bought) == (False, False)
    words = " ".join(
        str(i.get("reason", {}).get(lang, "")) + str(i.get("value_text", {}).get(lang, ""))
        for i in build_dossier(game)["inferences"]
    )
    for said in ("schon gekauft", "liegt im Warenkorb", "already bought", "is in the basket"):
        assert said not in words, words
    # Taken and paid for, it is bought (and the undo of another choice changes nothing).
    again = Game(story, lang=lang)
    again.start(0.0, {})
    again.choose("nehmen", 5.0)
    again.choose("zahlen", 9.0)
    assert again.profile.li.products["hut"].bought is True


def test_a_basis_says_bought_not_in_the_basket_after_paying(story: Story) -> None:
    """Round 6: "Based on: … in the basket" beside "bought it today"."""
    from kaufhaus.dossier.model import build_dossier

    game = Game(story, lang="de")
    game.start(0.0, {})
    game.choose("nehmen", 5.0)
    game.choose("zahlen", 9.0)
    workings = [
        str((i.get("workings") or {}).get(lang, ""))
        for i in build_dossier(game)["inferences"]
        if i["subject"] == "hut"
        for lang in ("de", "en")
    ]
    said = " ".join(workings)
    assert "heute gekauft" in said and "bought today" in said, workings
    assert "im Warenkorb" not in said and "in the basket" not in said, workings

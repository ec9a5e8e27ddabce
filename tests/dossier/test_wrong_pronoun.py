"""Where the shop was wrong, in words that agree with the product (playtest 2,
German): "64 % Kaufwahrscheinlichkeit für „Feinstrumpfhose“ – gekauft haben Sie
es nicht" gave tights a neuter pronoun. The sentence is made from the file alone,
so the file's catalogue keeps each product's grammar and the sentence uses it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kaufhaus.dossier.model import build_dossier
from kaufhaus.dossier.wrong import where_wrong
from kaufhaus.game import Game
from kaufhaus.story import load_pack
from tests.story.helpers import single
from tests.story.test_grammar import CATALOGUE

PACK = (
    """\
id: pronoun
title: {de: Fürwort, en: Pronoun}
languages: [de, en]
start: laden
"""
    + CATALOGUE
    + """\
scenes:
  - id: laden
    title: {de: Laden, en: Shop}
    text: {de: Regale., en: Shelves.}
    choices:
      - {id: raus, label: {de: Gehen, en: Leave}, goto: ende}
  - id: ende
    title: {de: Ende, en: The end}
    text: {de: Aus., en: Over.}
    ending: done
"""
)

#: What the shop expected of each product, and how a sentence names it.
EXPECTED = {
    "jacke": {"de": "gekauft haben Sie sie nicht", "en": "you did not buy it"},
    "mantel": {"de": "gekauft haben Sie ihn nicht", "en": "you did not buy it"},
    "tabletten": {"de": "gekauft haben Sie sie nicht", "en": "you did not buy them"},
    "kondome": {"de": "gekauft haben Sie sie nicht", "en": "you did not buy it"},
}


@pytest.mark.parametrize("pid", sorted(EXPECTED))
def test_a_purchase_probability_not_borne_out_agrees_with_the_product(
    tmp_path: Path, pid: str
) -> None:
    game = Game(load_pack(single(tmp_path, PACK)), seed=1, lang="de")
    game.start()
    game.choose("raus", 5.0)
    dossier = build_dossier(game)
    # A confident guess the file holds, as the dossier lists it (the fixture's
    # short walk earns none of its own; the sentence is what is under test).
    dossier["inferences"] = [
        {
            "id": "inference-1",
            "kind": "purchase_probability",
            "subject": pid,
            "subject_label": dossier["catalogue"][pid]["name"],
            "value": 0.64,
            "evidence": [0],
        }
    ]
    [wrong] = where_wrong(dossier)
    for lang in ("de", "en"):
        assert EXPECTED[pid][lang] in wrong.why[lang]

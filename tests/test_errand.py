"""The player's real errand against the shop's conclusions (issue 11, "where the shop was wrong").

A pack asks for the errand in the fiction and keeps the answer as author state;
the reveal names it in words (the pack's fragment ``errand``), never as the
author's id, and only when the story asked.
"""

from __future__ import annotations

from pathlib import Path

from kaufhaus.dossier.model import PROVIDED, build_dossier
from kaufhaus.game import Game
from kaufhaus.play.contest import errand_against, recorded_errand
from kaufhaus.story import load_pack
from tests.story.helpers import single

PACK = """\
id: errand
title: {de: Der Auftrag, en: The errand}
languages: [de, en]
start: tram
state:
  errand: ''
fragments:
  errand:
    de: "{% if state.errand == 'gift' %}ein Geschenk für Jonas{% else %}gar nichts{% endif %}"
    en: "{% if state.errand == 'gift' %}a present for Jonas{% else %}nothing at all{% endif %}"
catalogue:
  tv: {name: {de: Fernseher, en: TV}, category: electronics, price: 500}
scenes:
  - id: tram
    title: {de: In der Tram, en: On the tram}
    text: {de: Wofür fahren Sie in die Stadt?, en: What are you going into town for?}
    choices:
      - id: gift
        label: {de: Ein Geschenk, en: A present}
        goto: shop
        set: {errand: "'gift'"}
      - id: nothing
        label: {de: Nichts, en: Nothing}
        goto: shop
        set: {errand: "'nothing'"}
  - id: shop
    title: {de: Im Laden, en: In the shop}
    text: {de: Ein Fernseher., en: A TV.}
    items:
      - {id: tv, product: tv, label: {de: Der Fernseher, en: The TV}, text: {de: Groß., en: Big.}}
    choices:
      - {id: out, label: {de: Gehen, en: Leave}, goto: end}
  - id: end
    title: {de: Ende, en: The end}
    text: {de: Aus., en: Over.}
    ending: done
"""


def _play(tmp_path: Path, answer: str | None, lang: str, pack: str = PACK) -> Game:
    tmp_path.mkdir(parents=True, exist_ok=True)
    story = load_pack(single(tmp_path, pack))
    game = Game(story, seed=3, lang=lang)
    game.start()
    if answer is not None:
        game.choose(answer, t=5.0)
    return game


def test_the_errand_is_named_in_words_and_set_against_the_conclusions(tmp_path: Path) -> None:
    game = _play(tmp_path, "gift", "de")
    for n in range(4):
        game.examine("tv", t=10.0 + 20 * n)
    errand = recorded_errand(game)
    assert errand is not None and errand.key == "gift"
    assert errand.label == {"de": "ein Geschenk für Jonas"}
    lines = errand_against(errand, build_dossier(game)["inferences"], "de")
    assert lines[0] == "Sie kamen für: ein Geschenk für Jonas."
    assert "gift" not in "\n".join(lines)


def test_in_english_too(tmp_path: Path) -> None:
    errand = recorded_errand(_play(tmp_path, "nothing", "en"))
    assert errand is not None and errand.label == {"en": "nothing at all"}
    assert errand_against(errand, [], "en") == [
        "You came for: nothing at all.",
        "The shop concluded nothing about it.",
    ]


def test_no_errand_before_the_question_or_in_a_story_that_never_asks(tmp_path: Path) -> None:
    assert recorded_errand(_play(tmp_path / "a", None, "de")) is None
    start, rest = PACK.split("fragments:", 1)
    without_words = start + "catalogue:" + rest.split("catalogue:", 1)[1]
    game = _play(tmp_path / "b", "gift", "de", without_words)
    assert game.state["errand"] == "gift"
    assert recorded_errand(game) is None  # no words for it: the author's id is never shown


def test_the_errand_is_logged_as_data_the_player_provided(tmp_path: Path) -> None:
    """Issue 12: the errand is the player's own answer, so its log row says "provided",
    not "inferred" like the story's other bookkeeping, and names no value."""
    dossier = build_dossier(_play(tmp_path, "gift", "de"))
    rows = [e for e in dossier["events"] if e["kind"] == "state" and e["target"] == "errand"]
    assert len(rows) == 1
    row = rows[0]
    assert row["origin"] == PROVIDED and row["@type"] == PROVIDED
    assert row["description"]["de"] == "Sie haben gesagt, wofür Sie gekommen sind."
    assert row["description"]["en"] == "You said what you came for."

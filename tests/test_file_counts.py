"""The counts and words the player sees are the file's, not the engine's.

Found by a fresh-eyes playtest comparing the screen with the exported JSON:
the card and the x-ray counted the story's own bookkeeping and what happened
out of the shop's sight; an examined item was described with a choice's label
where both share an id; the mood was filed without analytics consent.
"""

from __future__ import annotations

from pathlib import Path

from kaufhaus.dossier.model import build_dossier
from kaufhaus.game import Game
from kaufhaus.play.glance import glance
from kaufhaus.story import load_pack
from tests.story.helpers import single
from tests.test_errand import PACK

SHARED_ID = """\
id: shared
title: {de: Geteilt, en: Shared}
languages: [de, en]
start: shop
catalogue:
  tv: {name: {de: Fernseher, en: TV}, category: electronics, price: 500}
scenes:
  - id: shop
    title: {de: Im Laden, en: In the shop}
    text: {de: Ein Fernseher., en: A TV.}
    items:
      - id: tv
        product: tv
        label: {de: Das Preisschild, en: The price tag}
        text: {de: Teuer., en: Dear.}
    choices:
      - {id: tv, label: {de: Den Fernseher kaufen, en: Buy the TV}, goto: end}
  - id: end
    title: {de: Ende, en: The end}
    text: {de: Aus., en: Over.}
    ending: done
"""


def _game(tmp_path: Path, pack: str) -> Game:
    game = Game(load_pack(single(tmp_path, pack)), seed=1, lang="de")
    game.start()
    return game


def test_the_card_counts_what_the_file_holds(tmp_path: Path) -> None:
    game = _game(tmp_path, PACK)
    game.choose("gift", t=4.0)  # on the tram: out of sight, and author state
    for n in range(3):
        game.examine("tv", t=10.0 + 5 * n)
    filed = len(build_dossier(game)["events"])
    assert len(game.log) > filed  # the tram and the state change are not the shop's
    assert glance(game).events == filed
    assert len(game.log) - game.profile.unfiled == filed  # the x-ray's header count


def test_an_examined_item_is_described_by_its_own_label(tmp_path: Path) -> None:
    game = _game(tmp_path, SHARED_ID)
    game.examine("tv", t=3.0)
    rows = [e for e in build_dossier(game)["events"] if e["kind"] == "examine"]
    assert len(rows) == 1
    assert "Preisschild" in rows[0]["description"]["de"]
    assert "kaufen" not in rows[0]["description"]["de"]
    assert "price tag" in rows[0]["description"]["en"]


def test_no_mood_in_the_file_without_analytics_consent(tmp_path: Path) -> None:
    game = _game(tmp_path, PACK)
    game.choose("gift", t=40.0)
    game.choose("tell", t=80.0)
    assert not game.profile.allowed("analytics")
    assert game.profile.mood() != "unknown"  # the engine could tell ...
    assert build_dossier(game)["profile"]["mood"] == "unknown"  # ... the file does not


SHARING = """\
id: sharing
title: {de: Weitergabe, en: Passing on}
languages: [de, en]
start: shop
catalogue:
  tv: {name: {de: Fernseher, en: TV}, category: electronics, price: 500}
recipients:
  partner:
    name: {de: Der Partnerladen, en: The partner shop}
    purpose: fraud_prevention
  nobody:
    name: {de: Niemand GmbH, en: Nobody Ltd}
    purpose: fraud_prevention
scenes:
  - id: shop
    title: {de: Im Laden, en: In the shop}
    text: {de: Ein Fernseher., en: A TV.}
    items:
      - id: tv
        product: tv
        label: {de: Der Fernseher, en: The TV}
        note: {id: blick, text: {de: "sah lange hin", en: "looked for a long time"}}
        text: {de: Groß., en: Big.}
    choices:
      - id: out
        label: {de: Gehen, en: Leave}
        goto: end
        share: {to: partner, what: [note:blick]}
  - id: end
    title: {de: Ende, en: The end}
    text:
      de: "{% if shop.sent('partner', 'note:blick') %}Der Partner weiß es.{% endif %}"
      en: "{% if shop.sent('partner', 'note:blick') %}The partner knows.{% endif %}"
    ending: done
"""


def test_the_file_says_what_went_to_whom(tmp_path: Path) -> None:
    """The recipient a story shares with is in the recipients table, received only
    what a transfer carried, and the text's use of it names the value that went out."""
    from kaufhaus.dossier.check import problems

    game = _game(tmp_path, SHARING)
    for n in range(4):
        game.examine("tv", t=5.0 + 10 * n)
    game.choose("out", t=60.0)
    d = build_dossier(game)
    assert not problems(d)
    table = d["recipients"]["dpv:hasRecipient"]
    rows = {r["name_label"]["en"]: r for r in table if "name_label" in r}
    transfer = next(e for e in d["events"] if e["kind"] == "transfer")
    assert rows["The partner shop"]["received"] is True
    assert rows["The partner shop"]["transfer_events"] == [transfer["id"]]
    assert rows["Nobody Ltd"]["received"] is False
    used = [e for e in d["events"] if e["kind"] == "claim_use"]
    said = " ".join(e["description"]["en"] for e in used)
    assert "sent to The partner shop: our note: “looked for a long time”" in said
    rows["Nobody Ltd"]["received"] = True  # a recipient claimed without a transfer
    assert any("Niemand GmbH" in p for p in problems(d))


def test_the_file_from_the_save_is_the_file_of_the_game(tmp_path: Path) -> None:
    """A clock gives times like 3.3336 s; the save keeps milliseconds. The game must
    already play on the times the save keeps, or the file rebuilt from the save
    (``kaufhaus dossier SAVE``) disagrees with the end screen by a cent or an event."""
    from kaufhaus.saves import load_game, save_game

    game = _game(tmp_path, PACK)
    game.choose("gift", t=2.00049)
    for n in range(5):
        game.examine("tv", t=3.3336 + 7.77777 * n)
    game.choose("tell", t=45.12345)
    path = tmp_path / "slot.jsonl"
    save_game(game, path)
    loaded = load_game(game.story, path)
    assert loaded.notice == ""
    assert build_dossier(loaded.game) == build_dossier(game)

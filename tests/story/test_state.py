"""Author state: declared variables and an inventory, logged as events.

What a player would notice: the bottle count on the display, the receipt in
hand, the same game after loading a save, and a dossier that does not list a
receipt from the bottle bank as a purchase or a willingness to pay.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kaufhaus.dossier.model import build_dossier
from kaufhaus.game import Game, GameError, RenderError
from kaufhaus.saves import load_game, save_game
from kaufhaus.story.errors import StoryLoadError
from kaufhaus.story.loader import load_pack, load_pack_with_problems
from kaufhaus.tracking.events import Kind
from tests.story.helpers import ROOT, single

PFAND = ROOT / "scenes" / "examples" / "state-pfandautomat"


@pytest.fixture(scope="module")
def pfand() -> Any:
    return load_pack(PFAND)


def started(story: Any, lang: str = "de", seed: int = 1) -> Game:
    game = Game(story, seed=seed, lang=lang)
    game.start(0.0, {})
    return game


def test_set_and_give_change_what_the_player_sees(pfand: Any) -> None:
    game = started(pfand)
    assert "0 Flaschen" in game.view().text
    assert game.view().inventory == ("die Plastiktüte",)
    game.choose("flasche", 1.0)
    view = game.view()
    # A reply: printed, and the player stays at the machine.
    assert game.scene_id == "automat"
    assert view.reply is not None and "Klonk" in view.reply
    assert "1 Flasche." in view.text
    game.choose("flasche", 2.0)
    game.choose("falten", 3.0)
    assert game.view().inventory == ()
    assert "falten" not in [c.id for c in game.view().choices]  # once: gone
    assert "schon 3" in game.view().text  # turns
    game.choose("drucken", 4.0)
    assert game.scene_id == "kasse"
    assert game.state == {"flaschen": 2, "bon_gedruckt": True, "laune": "zufrieden"}
    assert game.inventory == ["bon"]
    assert "Sie legen den Pfandbon auf das Band" in game.view().text
    assert "2 Flaschen" in game.view().text


def test_state_changes_are_events_that_are_no_purchase(pfand: Any) -> None:
    game = started(pfand)
    for step, choice in enumerate(["flasche", "flasche", "falten", "drucken", "einloesen"]):
        game.choose(choice, float(step + 1))
    assert game.ended
    state_events = [e for e in game.log if e.kind is Kind.STATE]
    assert [(e.target, e.data) for e in state_events] == [
        ("flaschen", {"value": 1}),
        ("laune", {"value": "zufrieden"}),
        ("flaschen", {"value": 2}),
        ("laune", {"value": "zufrieden"}),
        ("tuete", {"carried": False}),
        ("bon_gedruckt", {"value": True}),
        ("bon", {"carried": True}),
        ("bon", {"carried": False}),
    ]
    dossier = build_dossier(game)
    assert not game.payments and not dossier["payments"]["payments"]
    # The story's own bookkeeping is in the log (the log is the game) but not in
    # the shop's file: the shop does not know what the player carries or counts.
    rows = {r["id"]: r for r in dossier["events"]}
    assert not [e for e in state_events if e.id in rows]
    assert not [r for r in dossier["events"] if r["data_category"] == "pd:Purchase"]
    kinds = {(i["kind"], i["subject"]) for i in dossier["inferences"]}
    assert not [k for k in kinds if k[0] in ("willingness_to_pay", "interest", "next_purchase")]
    assert not [k for k in kinds if k[1] in ("bon", "tuete", "flaschen")]
    words = " ".join(r["description"]["de"] for r in dossier["events"])
    assert "Pfandbon" not in words and "Plastiktüte" not in words
    # What the machine thinks of the player is the shop's: a note, in the file.
    note = next(i for i in dossier["inferences"] if i["kind"] == "note")
    assert note["label"]["de"] == "Der Automat war zufrieden mit Ihnen"
    # shop.tracked counts what the shop learned about the player, not the story's notes.
    assert game.shop().tracked == len(game.log) - game.profile.shop_records
    assert game.profile.shop_records >= len(state_events)


def test_a_save_restores_state_and_inventory(pfand: Any, tmp_path: Path) -> None:
    game = started(pfand, lang="en")
    game.choose("flasche", 1.0)
    game.choose("falten", 2.0)
    path = tmp_path / "pfand.jsonl"
    save_game(game, path)
    loaded = load_game(pfand, path)
    assert loaded.problem is None
    again = loaded.game
    assert again.state == game.state and again.inventory == game.inventory == []
    assert again.turns == game.turns == 2
    assert again.once_taken == game.once_taken
    assert again.view() == game.view()


def test_a_save_with_a_forged_state_value_does_not_load(pfand: Any, tmp_path: Path) -> None:
    game = started(pfand)
    game.choose("flasche", 1.0)
    path = tmp_path / "pfand.jsonl"
    save_game(game, path)
    text = path.read_text(encoding="utf-8").replace('{"value":1}', '{"value":"viele"}')
    assert '"viele"' in text
    path.write_text(text, encoding="utf-8")
    loaded = load_game(pfand, path, salvage=True)
    assert loaded.problem is not None  # a number variable cannot hold "viele"
    assert loaded.game.state["flaschen"] == 0


def _random_play(story: Any, data: st.DataObject) -> tuple[Game, list[dict[str, Any]]]:
    """Random choices, looks and undos; remembers the story state before every choice."""
    game = started(story, seed=data.draw(st.integers(0, 50), label="seed"))
    before: list[dict[str, Any]] = []
    t = 0.0
    for _ in range(data.draw(st.integers(1, 14), label="steps")):
        if game.ended:
            break
        t += 1.0
        action = data.draw(st.sampled_from(["choose", "choose", "undo", "examine"]))
        view = game.view()
        if action == "undo" and game.can_undo:
            game.back(t)
            assert story_state(game) == before.pop()
        elif action == "examine" and view.items:
            game.examine(data.draw(st.sampled_from([i.id for i in view.items])), t)
        else:
            before.append(story_state(game))
            game.choose(data.draw(st.sampled_from([c.id for c in view.choices])), t)
        if len(before) > 100:  # undo reaches back 100 choices
            del before[0]
    return game, before


def story_state(game: Game) -> dict[str, Any]:
    return {
        "scene": game.scene_id,
        "state": dict(game.state),
        "inventory": list(game.inventory),
        "turns": game.turns,
        "once": set(game.once_taken),
        "visits": dict(game.profile.visits),
        "basket": game.basket(),
        "choices": [c.id for c in game.view().choices],
    }


PACKS = {
    name: load_pack(ROOT / "scenes" / "examples" / name)
    for name in ("state-pfandautomat", "flow-umkleide", "flow-bausteine")
}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_undo_restores_and_a_save_reproduces_state(data: st.DataObject) -> None:
    """Undo gives exactly the state before the choice; a save, loaded, the same game."""
    story = PACKS[data.draw(st.sampled_from(sorted(PACKS)), label="pack")]
    game, _ = _random_play(story, data)
    replayed = Game.replay(story, game.log.events(), seed=game.seed, lang=game.lang)
    assert story_state(replayed) == story_state(game)
    assert replayed.view() == game.view()
    assert [e.as_dict() for e in replayed.log] == [e.as_dict() for e in game.log]
    assert replayed.can_undo == game.can_undo and replayed.undo_target == game.undo_target
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "save.jsonl"
        save_game(game, path)
        loaded = load_game(story, path)
    assert loaded.problem is None
    assert story_state(loaded.game) == story_state(game)


# -- loading ---------------------------------------------------------------------------

BASE = """id: t
languages: [de]
start: a
state: {n: 0, lit: false, name: ''}
inventory:
  cloak: {name: der Umhang, start: true}
scenes:
  - id: a
    text: "{{ state.n }}"
    choices:
      - {id: weiter, label: Weiter, goto: z}
  - id: z
    text: Ende.
    ending: done
"""


def problems(tmp_path: Path, text: str) -> list[tuple[str, int]]:
    _story, found = load_pack_with_problems(single(tmp_path, text))
    return [(p.code, p.pos.line) for p in found if p.severity == "error"]


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ("      - {id: weiter, label: Weiter, goto: z}", "KH000"),  # unchanged: no error
        ("      - {id: weiter, label: Weiter, goto: z, set: {m: 1}}", "KH060"),
        ("      - {id: weiter, label: Weiter, goto: z, give: hat}", "KH060"),
        ("      - {id: weiter, label: Weiter, goto: z, set: {n: [1]}}", "KH061"),
        ("      - {id: weiter, label: Weiter, goto: z, tunnel: z}", "KH062"),
        ("      - {id: weiter, label: Weiter, goto: z, when: state.nn > 1}", "KH060"),
        ("      - {id: weiter, label: Weiter, goto: z, when: has('hat')}", "KH060"),
        ("      - {id: weiter, label: \"{{ fragment('x') }}\", goto: z}", "KH064"),
        ("      - {use: nothing}", "KH064"),
    ],
)
def test_loader_reports_state_mistakes_in_place(tmp_path: Path, change: str, code: str) -> None:
    text = BASE.replace("      - {id: weiter, label: Weiter, goto: z}", change)
    found = problems(tmp_path, text)
    if code == "KH000":
        assert found == []
    else:
        assert (code, 11) in found, found


def test_a_set_that_does_not_fit_is_a_located_error_and_changes_nothing(tmp_path: Path) -> None:
    # ``'drei'`` for a number is refused by check (tests/story/test_typed_state.py); the
    # kind of ``lang`` cannot be told from its shape: the game refuses it when it comes.
    text = BASE.replace(
        "      - {id: weiter, label: Weiter, goto: z}",
        '      - {id: weiter, label: Weiter, goto: z, set: {n: "lang"}}',
    )
    story = load_pack(single(tmp_path, text))
    game = started(story)
    log = [e.as_dict() for e in game.log]
    with pytest.raises(RenderError, match=r"pack\.yaml:11:\d+: set n: n holds a number"):
        game.choose("weiter", 1.0)
    assert game.scene_id == "a" and game.state["n"] == 0
    assert [e.as_dict() for e in game.log] == log  # nothing half-done in the log


def test_a_declared_value_of_the_wrong_kind_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoryLoadError, match="KH061"):
        load_pack(single(tmp_path, BASE.replace("state: {n: 0,", "state: {n: [0],")))


def test_examining_an_item_can_set_and_give(tmp_path: Path) -> None:
    text = BASE.replace(
        "    choices:\n      - {id: weiter",
        "    items:\n      - {id: schalter, label: Schalter, text: Klick., set: {lit: true}, "
        "remove: cloak}\n    choices:\n      - {id: weiter",
    )
    story = load_pack(single(tmp_path, text))
    game = started(story)
    _, shown = game.examine("schalter", 1.0)
    assert shown == "Klick." and game.state["lit"] is True and game.inventory == []
    logged = [(e.kind, e.target, e.data) for e in game.log][-3:]
    assert (Kind.STATE, "lit", {"value": True}) in logged
    assert (Kind.STATE, "cloak", {"carried": False}) in logged


def test_undo_can_be_switched_off(tmp_path: Path) -> None:
    story = load_pack(single(tmp_path, BASE.replace("start: a\n", "start: a\nback: false\n")))
    game = started(story)
    game.choose("weiter", 1.0)
    assert not game.can_undo and not game.view().can_undo
    with pytest.raises(GameError, match="no undo"):
        game.back(2.0)


def test_thing_takes_a_german_case_and_english_keeps_its_one_form(pfand: Any) -> None:
    de, en = started(pfand, "de"), started(pfand, "en")
    for game in (de, en):
        game.choose("flasche", 1.0)
        game.choose("drucken", 2.0)
    assert "Sie legen den Pfandbon auf das Band: 1 Flasche." in " ".join(de.view().text.split())
    assert "You put the deposit receipt on the belt: 1 bottle." in " ".join(en.view().text.split())
    context = de.template_context()
    assert context["thing"]("bon", "dat") == "dem Pfandbon"
    assert context["thing"]("tuete", "acc") == "die Plastiktüte"  # no forms: its name
    with pytest.raises(ValueError, match="case must be nom, acc or dat"):
        context["thing"]("bon", "gen")

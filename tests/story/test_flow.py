"""Flow and reuse: divert, tunnel, seq/cycle, independent random picks, stored dice,
fragments and shared items and choices – each as a player (or author) notices it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kaufhaus.game import Game, RenderError
from kaufhaus.story.check import check_pack
from kaufhaus.story.loader import load_pack
from kaufhaus.storytest import facade_api, probe_pack
from kaufhaus.tracking.events import Kind
from tests.story.helpers import ROOT, single

UMKLEIDE = ROOT / "scenes" / "examples" / "flow-umkleide"
BAUSTEINE = ROOT / "scenes" / "examples" / "flow-bausteine"


@pytest.fixture(scope="module")
def umkleide() -> Any:
    return load_pack(UMKLEIDE)


def started(story: Any, *, seed: int = 1, lang: str = "de") -> Game:
    game = Game(story, seed=seed, lang=lang)
    game.start(0.0, {})
    return game


def test_divert_sends_the_player_on_without_a_click(umkleide: Any) -> None:
    game = started(umkleide)
    for t, choice in enumerate(["kabine", "anprobieren", "anprobieren"], start=1):
        game.choose(choice, float(t))
    # The second try makes the cubicle's divert hold: checked after the reply, too.
    assert game.scene_id == "verwiesen"
    assert "Zweimal anprobieren genügt" in game.view().text
    game.choose("gang", 4.0)
    game.choose("kabine", 5.0)
    assert game.scene_id == "verwiesen"  # the divert, on the way in
    enter = [e for e in game.log if e.kind is Kind.SCENE_ENTER][-1]
    assert enter.target == "verwiesen" and enter.data["divert"] == ["kabine"]
    assert game.profile.visits["kabine"] == 1  # diverted from: not entered again
    replayed = Game.replay(umkleide, game.log.events(), seed=1)
    assert replayed.scene_id == "verwiesen"


def test_a_tunnel_returns_where_it_started(umkleide: Any) -> None:
    game = started(umkleide)
    game.choose("hotline", 1.0)
    assert game.scene_id == "hotline" and game.tunnels == ["gang"]
    game.choose("auflegen", 2.0)
    assert game.scene_id == "gang" and game.tunnels == []
    game.choose("kabine", 3.0)
    game.choose("hotline", 4.0)
    game.choose("auflegen", 5.0)
    assert game.scene_id == "kabine"  # the same return, another caller
    game.back(6.0)  # undo the return: on hold again
    assert game.scene_id == "hotline" and game.tunnels == ["kabine"]


def test_seq_and_cycle_follow_the_visits(umkleide: Any) -> None:
    game = started(umkleide)
    texts, cubicle = [game.view().text], []
    for t in range(1, 4):
        game.choose("kabine", float(2 * t))
        cubicle.append(game.view().text)
        game.choose("raus", float(2 * t + 1))
        texts.append(game.view().text)
    assert texts == [
        "Ein langer Gang mit Vorhängen.",
        "Wieder der Gang mit den Vorhängen.",
        "Der Gang kennt Sie inzwischen.",
        "Der Gang kennt Sie inzwischen.",  # seq stays on its last text
    ]
    assert cubicle == [
        "Der Vorhang klemmt.",
        "Der Vorhang klemmt nicht, aber er knarrt.",
        "Der Vorhang klemmt.",  # cycle starts over
    ]


def test_two_random_picks_in_one_text_are_independent(umkleide: Any) -> None:
    """Two shop.one_of with three options each once always agreed; now they do not."""
    music = ["Vivaldi", "eine Panflöte", "Stille"]
    voices = ["Ihr Anruf ist uns wichtig.", "Bitte legen Sie nicht auf.", "Dieses Gespräch"]
    agree = 0
    seen = set()
    for seed in range(40):
        game = started(umkleide, seed=seed)
        game.choose("hotline", 1.0)
        text = game.view().text
        first = next(i for i, m in enumerate(music) if f"Es läuft {m}." in text)
        second = next(i for i, v in enumerate(voices) if v in text)
        agree += first == second
        seen.add((first, second))
        assert game.view().text == text  # the same game shows the same pick
    assert agree < 30 and len(seen) >= 7


def _tried_on_once(story: Any) -> Iterator[tuple[int, Game]]:
    """Thirty games, one per seed, each in the cubicle having tried something on once."""
    for seed in range(30):
        game = started(story, seed=seed)
        game.choose("kabine", 1.0)
        game.choose("anprobieren", 2.0)
        yield seed, game


def test_a_stored_die_replays_the_same(umkleide: Any) -> None:
    sizes = set()
    for seed, game in _tried_on_once(umkleide):
        size = game.state["groesse"]
        assert 1 <= size <= 3
        logged = [e for e in game.log if e.kind is Kind.STATE and e.target == "groesse"]
        assert logged[-1].data == {"value": size}
        assert f"Größe {'SML'[size - 1]}" in (game.view().reply or "")
        again = Game.replay(umkleide, game.log.events(), seed=seed)
        assert again.state["groesse"] == size
        sizes.add(size)
    assert sizes == {1, 2, 3}


def test_fragments_and_shared_definitions_are_written_once() -> None:
    story = load_pack(BAUSTEINE)
    ground, upper = story.scene("erdgeschoss"), story.scene("obergeschoss")
    assert ground.items[0].id == upper.items[0].id == "kamera"
    assert ground.items[0].text == upper.items[0].text  # one definition
    assert upper.items[0].label.source("de") == "Noch eine Kuppel an der Decke"  # overridden
    assert ground.choices[0].id == "hoch" and upper.choices[0].id == "runter"
    game = started(story, lang="en")
    assert (
        "Dear customers on the ground floor, how nice that you are here. We know where."
        in game.view().text
    )
    game.choose("hoch", 1.0)  # the same fragment, another argument
    assert 'Bed linen and silence. From the loudspeaker: "Dear customers on the upper floor,' in (
        game.view().text
    )
    _, text = game.examine("kamera", 2.0)
    assert text.startswith("A black half-sphere.")


def test_fragments_that_use_themselves_are_stopped_with_a_place(tmp_path: Path) -> None:
    pack = single(
        tmp_path,
        """id: t
languages: [de]
start: a
fragments:
  echo: "Echo {{ fragment('echo') }}"
scenes:
  - id: a
    text: "{{ fragment('echo') }}"
    choices: [{id: w, label: W, goto: z}]
  - id: z
    text: Ende.
    ending: done
""",
    )
    story = load_pack(pack)
    with pytest.raises(RenderError, match=r"pack\.yaml:8:\d+: .*fragments nested deeper"):
        started(story)


def test_a_divert_loop_is_a_located_error_and_no_move(tmp_path: Path) -> None:
    pack = single(
        tmp_path,
        """id: t
languages: [de]
start: a
scenes:
  - id: a
    text: Start.
    choices: [{id: w, label: W, goto: b}, {id: e, label: E, goto: z}]
  - id: b
    divert: [{when: "true", goto: c}]
    text: B.
    choices: [{id: w, label: W, goto: z}]
  - id: c
    divert: [{when: "true", goto: b}]
    text: C.
    choices: [{id: w, label: W, goto: z}]
  - id: z
    text: Ende.
    ending: done
""",
    )
    story = load_pack(pack)
    game = started(story)
    with pytest.raises(RenderError, match=r"pack\.yaml:(9|13):\d+: divert loop"):
        game.choose("w", 1.0)
    assert game.scene_id == "a" and game.turns == 0


def test_check_tries_replies_diverts_and_set_expressions(tmp_path: Path) -> None:
    """What can only fail at play time is tried by check, each with its place."""
    pack = single(
        tmp_path,
        """id: t
languages: [de]
start: a
state: {n: 0}
scenes:
  - id: a
    text: A.
    divert: [{when: "1 // state.n > 0", goto: z}]
    choices:
      - {id: w, label: W, reply: "{{ 1 // state.n }}"}
      - {id: x, label: X, goto: z, set: {n: "state.n.foo"}}
  - id: z
    text: Ende.
    ending: done
""",
    )
    _story, problems = check_pack(pack, probe_pack, facade_api())
    found = {(p.code, p.pos.line) for p in problems}
    assert found == {("KH032", 8), ("KH032", 10), ("KH032", 11)}, problems


def test_undo_never_rerolls_a_stored_die(umkleide: Any) -> None:
    """Undo and take the choice again: the same number, for every seed (it re-rolled)."""
    sizes = set()
    for seed, game in _tried_on_once(umkleide):
        first = game.state["groesse"]
        for t in (3.0, 5.0, 7.0):
            game.undo(t)
            game.choose("anprobieren", t + 1)
            assert game.state["groesse"] == first, seed
        sizes.add(first)
    assert sizes == {1, 2, 3}  # still a die

"""``seq``/``cycle``/``shuffle`` count the showings of their own text (issue 24): a reply
that stays advances them, a reply with ``goto`` counts its choice, not the next scene."""

from __future__ import annotations

from pathlib import Path

from kaufhaus.game import Game
from kaufhaus.story.loader import load_pack
from tests.story.helpers import check_text, single

PACK = """id: t
languages: [de]
start: keller
scenes:
  - id: keller
    text: "Keller. {{ cycle('Ein Tropfen fällt.', 'Noch ein Tropfen.') }}"
    items:
      - id: regal
        label: Regal
        text: "{{ seq('Staub.', 'Mehr Staub.', 'Nur Staub.') }}"
    choices:
      - id: umsehen
        label: Sich umsehen
        reply: "{{ seq('Regale.', 'Immer noch Regale.', 'Regale, wie gehabt.') }}"
      - id: pfeifen
        label: Pfeifen
        reply: "{{ shuffle('Do', 'Re', 'Mi') }}"
      - id: treppe
        label: Die Treppe hinauf
        reply: "{{ seq('Erste Stufe.', 'Wieder die Stufe.') }}"
        goto: flur
  - id: flur
    text: "Flur. {{ seq('Neu hier.', 'Schon wieder.') }}"
    choices:
      - {id: runter, label: Runter, goto: keller}
      - {id: raus, label: Raus, goto: ende}
  - id: ende
    text: Ende.
    ending: done
"""


def started(tmp_path: Path, seed: int = 1) -> Game:
    game = Game(load_pack(single(tmp_path, PACK)), seed=seed)
    game.start(0.0, {})
    return game


def test_a_reply_that_stays_advances_its_own_seq_and_the_scene_text(tmp_path: Path) -> None:
    game = started(tmp_path)
    replies, texts = [], [game.view().text]
    for t in range(1, 5):
        game.choose("umsehen", float(t))
        replies.append(game.view().reply)
        texts.append(game.view().text)
    assert replies == [
        "Regale.",
        "Immer noch Regale.",
        "Regale, wie gehabt.",
        "Regale, wie gehabt.",
    ]
    # The scene is shown again under each reply: its cycle goes on.
    assert [t.split(". ", 1)[1] for t in texts] == [
        "Ein Tropfen fällt.",
        "Noch ein Tropfen.",
        "Ein Tropfen fällt.",
        "Noch ein Tropfen.",
        "Ein Tropfen fällt.",
    ]


def test_a_reply_with_goto_counts_its_choice_not_the_next_scene(tmp_path: Path) -> None:
    game = started(tmp_path)
    game.choose("treppe", 1.0)
    assert (game.view().reply, game.view().text) == ("Erste Stufe.", "Flur. Neu hier.")
    game.choose("runter", 2.0)
    game.choose("treppe", 3.0)
    assert (game.view().reply, game.view().text) == ("Wieder die Stufe.", "Flur. Schon wieder.")


def test_an_item_text_counts_its_examinations(tmp_path: Path) -> None:
    game = started(tmp_path)
    texts = [game.examine("regal", float(t))[1] for t in range(1, 5)]
    assert texts == ["Staub.", "Mehr Staub.", "Nur Staub.", "Nur Staub."]


def test_undo_and_replay_show_the_same_sequences(tmp_path: Path) -> None:
    game = started(tmp_path)
    game.choose("umsehen", 1.0)
    game.choose("umsehen", 2.0)
    assert game.view().reply == "Immer noch Regale."
    game.undo(3.0)
    game.choose("umsehen", 4.0)
    assert game.view().reply == "Immer noch Regale."  # as it was, not a third showing
    again = Game.replay(game.story, game.log.events(), seed=1)
    assert again.view().reply == "Immer noch Regale."
    assert again.view().text == game.view().text


def test_shuffle_plays_every_option_once_per_round_seeded(tmp_path: Path) -> None:
    orders = set()
    for seed in range(12):
        game = started(tmp_path, seed)
        tunes = []
        for t in range(1, 7):
            game.choose("pfeifen", float(t))
            tunes.append(game.view().reply)
        assert sorted(tunes[:3]) == sorted(tunes[3:]) == ["Do", "Mi", "Re"]  # no repeat
        again = Game.replay(game.story, game.log.events(), seed=seed)
        assert again.view().reply == tunes[-1]  # the seed and the log decide
        orders.add(tuple(tunes))
    assert len(orders) >= 4  # and different seeds shuffle differently


def test_check_tries_a_sequence_at_every_showing(tmp_path: Path) -> None:
    """``10 // cycle(1, 0)`` fails only at the second showing: check finds it, with its place."""
    from kaufhaus.story.check import check_pack
    from kaufhaus.storytest import facade_api, probe_pack

    pack = single(
        tmp_path,
        PACK.replace(
            "reply: \"{{ shuffle('Do', 'Re', 'Mi') }}\"", 'reply: "{{ 10 // cycle(1, 0) }}"'
        ),
    )
    _story, problems = check_pack(pack, probe_pack, facade_api())
    found = [(p.code, p.pos.line) for p in problems]
    assert found == [("KH032", 17)], problems  # the reply of "pfeifen"
    assert "(and every text shown) 2 times" in problems[0].message


ONCE = """id: t
languages: [de, en]
start: flur
scenes:
  - id: flur
    text:
      de: "Ein Flur.{{ once(' Eine Tür knarrt.', ' Die Tür knarrt wieder.') }}"
      en: "A corridor.{{ once(' A door creaks.', ' The door creaks again.') }}"
    choices:
      - id: lauschen
        label: {de: Lauschen, en: Listen}
        reply: {de: "{{ once('Schritte.', 'Stille.') }}", en: "{{ once('Steps.', 'Silence.') }}"}
      - {id: raus, label: {de: Raus, en: Out}, goto: ende}
  - id: ende
    text: {de: Ende., en: The end.}
    ending: done
"""


def test_once_shows_each_option_once_then_nothing(tmp_path: Path) -> None:
    """Ink's ``{!a|b}``: per showing of its own text, like seq(), but then silent."""
    game = Game(load_pack(single(tmp_path, ONCE)), seed=1, lang="en")
    game.start(0.0, {})
    seen = [(None, game.view().text)]
    for t in range(1, 5):
        game.choose("lauschen", float(t))
        seen.append((game.view().reply, game.view().text))
    assert seen == [
        (None, "A corridor. A door creaks."),
        ("Steps.", "A corridor. The door creaks again."),
        ("Silence.", "A corridor."),
        ("", "A corridor."),
        ("", "A corridor."),
    ]
    for t in (5.0, 6.0, 7.0):
        game.undo(t)
    game.choose("lauschen", 8.0)  # undo takes the showings back: the same again
    assert (game.view().reply, game.view().text) == ("Silence.", "A corridor.")


def test_check_tries_once_past_its_last_option(tmp_path: Path) -> None:
    """``10 // once(1, 2)`` fails only at the third showing (once() is "" then)."""
    assert [p.format() for p in check_text(tmp_path / "clean", ONCE)] == []
    broken = ONCE.replace("{{ once('Steps.', 'Silence.') }}", "{{ 10 // once(1, 2) }}")
    problems = check_text(tmp_path / "broken", broken)
    assert [(p.code, p.pos.line) for p in problems] == [("KH032", 12)], problems
    assert "(and every text shown) 3 times" in problems[0].message

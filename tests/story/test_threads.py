"""``choices_from:`` (Ink's thread ``<- knot``): a scene offers another scene's choices
after its own, each with its own condition, effects and goto."""

from __future__ import annotations

from pathlib import Path

import pytest

from kaufhaus.game import Game, GameError
from kaufhaus.story.errors import StoryLoadError
from kaufhaus.story.loader import load_pack
from kaufhaus.storytest import format_report, quicktest
from tests.story.helpers import check_text, single

PACK = """id: t
languages: [de]
start: flur
state: {muenzen: 0}
scenes:
  - id: flur
    text: Ein Flur.
    choices_from: [taschen]
    choices:
      - {id: tuer, label: Durch die Tür, goto: lager}
  - id: lager
    text: Ein Lager.
    choices_from: [taschen]
    choices:
      - {id: zurueck, label: Zurück, goto: flur}
      - {id: raus, label: Hinaus, when: "state.muenzen >= 2", goto: draussen}
  - id: taschen
    text: Die Taschen.
    choices:
      - {id: suchen, label: In den Taschen suchen, set: {muenzen: "+1"}, reply: Eine Münze.}
      - {id: pfiff, label: Pfeifen, once: true, reply: Es hallt.}
      - {id: weg, label: Aufgeben, when: "state.muenzen == 0", goto: aus}
  - id: draussen
    text: Draußen.
    ending: draussen
  - id: aus
    text: Aufgegeben.
    ending: aus
"""


def started(tmp_path: Path) -> Game:
    game = Game(load_pack(single(tmp_path, PACK)), seed=1)
    game.start(0.0, {})
    return game


def offered(game: Game) -> list[tuple[int, str]]:
    return [(c.number, c.id) for c in game.view().choices]


def test_gathered_choices_follow_the_own_ones_and_keep_their_rules(tmp_path: Path) -> None:
    game = started(tmp_path)
    assert offered(game) == [(1, "tuer"), (2, "suchen"), (3, "pfiff"), (4, "weg")]
    game.choose(2, 1.0)  # a reply that stays: in the hall, not in 'taschen'
    assert game.scene_id == "flur" and game.view().reply == "Eine Münze."
    assert game.state["muenzen"] == 1
    assert offered(game) == [(1, "tuer"), (2, "suchen"), (3, "pfiff")]  # 'weg' needs none
    game.choose("pfiff", 2.0)
    game.choose("tuer", 3.0)
    # once-only counts where it was written: whistled in the hall, gone in the store too
    assert offered(game) == [(1, "zurueck"), (3, "suchen")]
    game.choose("suchen", 4.0)
    assert offered(game) == [(1, "zurueck"), (2, "raus"), (3, "suchen")]
    with pytest.raises(GameError):
        game.choose("pfiff", 5.0)
    game.choose("raus", 5.0)
    assert game.scene_id == "draussen"


def test_a_gathered_goto_and_undo(tmp_path: Path) -> None:
    game = started(tmp_path)
    game.choose("suchen", 1.0)
    game.undo(2.0)  # the gathered effect is undone, and with it the choice it hid
    assert game.state["muenzen"] == 0 and offered(game)[-1] == (4, "weg")
    game.choose("weg", 3.0)
    assert game.scene_id == "aus"


def test_story_test_takes_every_gathered_choice(tmp_path: Path) -> None:
    report = quicktest(load_pack(single(tmp_path, PACK)))
    assert report.ok and not report.missed, format_report(report)
    table = format_report(report)
    rows = {line.split()[0]: line.split()[1:] for line in table.splitlines()[2:-1]}
    assert rows["taschen"] == ["-", "(its", "choices", "are", "offered", "in", "flur,", "lager)"]
    assert rows["flur"][1:] == ["4/4", "0/0", "0/0"] and rows["lager"][1] == "5/5"


def _refused(tmp_path: Path, text: str) -> list[tuple[str, int, int, str]]:
    with pytest.raises(StoryLoadError) as caught:
        load_pack(single(tmp_path, text))
    return [(p.code, p.pos.line, p.pos.column, p.message) for p in caught.value.problems]


def test_unknown_scenes_and_circles_are_refused_where_they_are_named(tmp_path: Path) -> None:
    unknown = PACK.replace(
        "choices_from: [taschen]\n    choices:\n      - {id: tuer",
        ("choices_from: [tasche]\n    choices:\n      - {id: tuer"),
    )
    ((code, line, column, message),) = _refused(tmp_path, unknown)
    assert (code, line, column) == ("KH070", 8, 20)
    assert "unknown scene 'tasche'" in message
    circle = PACK.replace(
        "    text: Die Taschen.\n", "    text: Die Taschen.\n    choices_from: [lager]\n"
    )
    problems = _refused(tmp_path, circle)
    assert [(p[0], p[1], p[2]) for p in problems] == [("KH070", 13, 20)]
    assert "taschen -> lager -> taschen" in problems[0][3]


def test_an_id_offered_twice_is_refused(tmp_path: Path) -> None:
    twin = PACK.replace("{id: tuer, label: Durch die Tür", "{id: suchen, label: Durch die Tür")
    ((code, line, column, message),) = _refused(tmp_path, twin)
    assert (code, line, column) == ("KH071", 8, 20)
    assert "already offers a choice 'suchen'" in message


def test_check_names_the_place(tmp_path: Path) -> None:
    unknown = PACK.replace("choices_from: [taschen]", "choices_from: [tasche]", 1)
    problems = check_text(tmp_path, unknown)
    assert [(p.code, p.pos.line, p.pos.column) for p in problems] == [("KH070", 8, 20)]
    assert "taschen" in problems[0].hint


def test_the_schema_knows_choices_from(tmp_path: Path) -> None:
    from tests.story.test_schema import _errors

    assert _errors(single(tmp_path, PACK)) == []
    wrong = PACK.replace("choices_from: [taschen]", "choices_from: taschen", 1)
    assert _errors(single(tmp_path, wrong, "wrong.yaml"))


def test_the_map_draws_one_edge_to_the_scene_whose_choices_are_offered(tmp_path: Path) -> None:
    from kaufhaus.story.graph import to_dot, to_mermaid

    story = load_pack(single(tmp_path, PACK))
    dot = to_dot(story)
    assert '"flur" -> "taschen" [label="choices from"' in dot
    assert '"lager" -> "taschen" [label="choices from"' in dot
    # where the gathered 'weg' leads is drawn once, from the scene it is written in
    assert [line.split(" [")[0].strip() for line in dot.splitlines() if '"aus"' in line] == [
        '"aus"',
        '"taschen" -> "aus"',
    ]
    mermaid = to_mermaid(story)
    assert mermaid.count('-.->|"choices from"|') == 2
    assert mermaid.count('|"weg if') == 1
    assert not [line for line in mermaid.splitlines() if line.endswith(" unreachable")]


@pytest.mark.parametrize(
    ("lang", "receipt", "first", "then", "ends"),
    [
        ("de", "bon", "warten", ["umtauschen", "gehen"], ["umtausch", "ausgang"]),
        ("en", "receipt", "wait", ["exchange", "leave"], ["exchange", "exit"]),
    ],
)
def test_the_guides_sample_numbers_gathered_choices_after_the_own(
    tmp_path: Path, lang: str, receipt: str, first: str, then: list[str], ends: list[str]
) -> None:
    from tests.story.helpers import guide_sample

    pack = (
        f"id: g\nlanguages: [{lang}]\nstart: {'schalter' if lang == 'de' else 'desk'}\n"
        f"inventory:\n  {receipt}: {{name: x, start: true}}\nscenes:\n"
        + guide_sample("threads", lang)
        + "".join(f"  - {{id: {end}, text: Ende., ending: {end}}}\n" for end in ends)
    )
    game = Game(load_pack(single(tmp_path, pack)), seed=1)
    game.start(0.0, {})
    assert offered(game) == [(1, first), (2, then[0]), (3, then[1])]
    game.choose(3, 1.0)
    assert game.scene_id == ends[1]

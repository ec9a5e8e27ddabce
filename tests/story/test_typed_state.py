"""Typed, bounded author state: ``check`` refuses what would go wrong in play, in place."""

from __future__ import annotations

from pathlib import Path

import pytest

from kaufhaus.game import RenderError
from kaufhaus.story.check import check_pack
from kaufhaus.story.loader import load_pack, load_pack_with_problems
from kaufhaus.storytest import (
    Step,
    apply_step,
    facade_api,
    format_report,
    new_game,
    probe_pack,
    quicktest,
)
from tests.story.helpers import ROOT, single

HEAD = """id: typed
languages: [de]
start: a
state:
  warned: false
  x: 0
  unruhe: {start: 0, min: 0, max: 3}
  laune: {start: ruhig, values: [ruhig, froh]}
  z: {type: number, min: 1, max: 9}
scenes:
  - id: a
    text: Hallo.
    choices:
"""
TAIL = """      - {id: ende, label: Ende, goto: b}
  - id: b
    text: Tschüss.
    ending: b
"""


def problems(tmp_path: Path, choices: str) -> list[str]:
    _story, found = load_pack_with_problems(single(tmp_path, HEAD + choices + TAIL))
    return [p.format() for p in found]


def test_a_literal_of_the_wrong_kind_is_refused_in_place(tmp_path: Path) -> None:
    found = problems(tmp_path, "      - {id: w, label: W, goto: a, set: {warned: 1}}\n")
    assert found == [
        f"{tmp_path / 'pack.yaml'}:14:42: KH061 error: set warned: warned holds true or "
        "false, not 1\n    hint: A flag is true or false: warned: true."
    ]


def test_plus_one_without_quotes_is_caught_from_the_source_text(tmp_path: Path) -> None:
    found = problems(tmp_path, "      - {id: p, label: P, goto: a, set: {x: +1}}\n")
    assert len(found) == 1
    assert found[0].startswith(f"{tmp_path / 'pack.yaml'}:14:45: KH061 error: set x: +1 ")
    assert "it would set x to 1, not add 1" in found[0]
    assert 'Write "+1" in quotes' in found[0]
    # The same with quotes adds, and passes; a plain number still sets.
    assert problems(tmp_path, '      - {id: p, label: P, goto: a, set: {x: "+1"}}\n') == []
    assert problems(tmp_path, "      - {id: p, label: P, goto: a, set: {x: 1}}\n") == []


def test_an_expression_of_the_wrong_kind_is_refused(tmp_path: Path) -> None:
    found = problems(tmp_path, '      - {id: e, label: E, goto: a, set: {x: "state.x > 2"}}\n')
    assert len(found) == 1 and "KH061" in found[0]
    assert "x holds a number, but `state.x > 2` gives true or false" in found[0]
    found = problems(tmp_path, "      - {id: e, label: E, goto: a, set: {warned: \"'ja'\"}}\n")
    assert len(found) == 1 and "warned holds true or false, but `'ja'` gives a text" in found[0]


def test_an_increment_that_can_leave_its_range_is_flagged_unless_guarded(tmp_path: Path) -> None:
    found = problems(tmp_path, '      - {id: u, label: U, goto: a, set: {unruhe: "+1"}}\n')
    assert len(found) == 1
    assert (
        ':14:42: KH066 error: set unruhe: "+1" can take unruhe to 4, past its max 3' in (found[0])
    )
    assert "when: state.unruhe < 3" in found[0]
    guarded = '      - {id: u, label: U, goto: a, when: state.unruhe < 3, set: {unruhe: "+1"}}\n'
    assert problems(tmp_path, guarded) == []
    down = '      - {id: d, label: D, goto: a, when: state.unruhe >= 1, set: {unruhe: "-1"}}\n'
    assert problems(tmp_path, down) == []
    found = problems(tmp_path, '      - {id: d, label: D, goto: a, set: {unruhe: "-1"}}\n')
    assert len(found) == 1 and "below its min 0" in found[0] and "state.unruhe > 0" in found[0]


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("{unruhe: 7}", "set unruhe: 7 is outside its range (from 0 to 3"),
        ("{laune: \"'wuetend'\"}", "set laune: 'wuetend' is not among its values"),
        ('{unruhe: "roll(6)"}', "set unruhe: `roll(6)` can give 1 to 6, outside its range"),
        ('{z: "state.unruhe + 7"}', "`state.unruhe + 7` can give 7 to 10, outside its range"),
    ],
)
def test_a_value_outside_the_range_is_flagged(tmp_path: Path, setting: str, message: str) -> None:
    found = problems(tmp_path, f"      - {{id: s, label: S, goto: a, set: {setting}}}\n")
    assert len(found) == 1 and "KH066" in found[0] and message in found[0], found


@pytest.mark.parametrize(
    ("declaration", "message"),
    [
        ("{start: 0, type: flag}", "declared true or false, but its values are not all"),
        ("{start: 5, min: 0, max: 3}", "starts at 5, outside its range"),
        ("{start: 0, min: 4, max: 3}", "starts at 0, outside its range"),
        ("{start: 1, values: []}", "values must be a list"),
        ("{start: x, min: 0}", "min is for numbers"),
        ("{type: zahl}", "type must be number, flag or text"),
        ("{min: 0}", "give its initial value (start:) or its type (type:)"),
        ("{start: 0, maximum: 3}", "maximum"),
    ],
)
def test_a_declaration_that_does_not_add_up_is_refused(
    tmp_path: Path, declaration: str, message: str
) -> None:
    text = HEAD.replace("  x: 0\n", f"  x: {declaration}\n") + TAIL
    _story, found = load_pack_with_problems(single(tmp_path, text))
    assert any(message in p.format() for p in found), [p.format() for p in found]


def test_undeclared_variables_keep_working_and_declared_ones_start_right(tmp_path: Path) -> None:
    story = load_pack(single(tmp_path, HEAD + TAIL))
    assert story.state == {"warned": False, "x": 0, "unruhe": 0, "laune": "ruhig", "z": 1}
    assert set(story.ranges) == {"unruhe", "laune", "z"}
    assert "x" not in story.ranges and "warned" not in story.ranges


def test_the_game_refuses_a_value_outside_the_range_it_could_not_foresee(tmp_path: Path) -> None:
    # ``state.z * 10`` has no shape check can bound: the game refuses 10 when it comes.
    choice = '      - {id: d, label: D, goto: a, when: state.z < 9, set: {z: "state.z * 10"}}\n'
    story = load_pack(single(tmp_path, HEAD + choice + TAIL))
    game = new_game(story, lang="de", seed=0)
    with pytest.raises(RenderError, match=r"set z: 10 is outside the range of z \(from 1 to 9\)"):
        apply_step(game, 0.0, Step("choose", "d"))
    assert game.state["z"] == 1  # nothing changed


BOTH_WAYS = """id: beide
languages: [de]
start: flur
state:
  licht: {start: 0, min: 0, max: 4}
scenes:
  - id: flur
    text: "Licht: {{ state.licht }}."
    choices:
      - {id: heller, label: Heller, when: state.licht < 4, set: {licht: "+1"}, reply: Heller.}
      - {id: dunkler, label: Dunkler, when: state.licht > 0, set: {licht: "-1"}, reply: Dunkler.}
      - {id: raus, label: Raus, goto: hell, when: state.licht == 4}
  - id: hell
    text: Hell.
    ending: hell
"""


def test_a_bounded_counter_raised_and_lowered_is_explored_to_the_end(tmp_path: Path) -> None:
    report = quicktest(load_pack(single(tmp_path, BOTH_WAYS)))
    assert report.ok and not report.budget_hit, format_report(report)


def test_the_inventur_example_checks_clean_and_is_explored_completely() -> None:
    pack = ROOT / "scenes" / "examples" / "inventur"
    story, found = check_pack(pack, probe_pack, facade_api())
    assert [p.format() for p in found] == []  # --strict: not even a warning
    assert story is not None and len(story.scenes) == 12
    assert set(story.ranges) == {"gezaehlt", "unruhe", "kaffee", "stimmung"}
    report = quicktest(story, jobs=2)
    assert report.ok and not report.budget_hit, format_report(report)

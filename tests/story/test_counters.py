"""A counter the pack only compares with numbers keeps the story test finite."""

from __future__ import annotations

from pathlib import Path

from kaufhaus.counters import Told, told_apart
from kaufhaus.story.loader import load_pack
from kaufhaus.storytest import format_report, quicktest
from tests.story.helpers import single

#: A disturbance counter that only goes up, read by one comparison, and a room
#: nobody can enter: the explorer must run out of new states, not of budget.
UNRUHE = """id: unruhe
languages: [de]
start: foyer
state: {unruhe: 0, gesehen: 0}
scenes:
  - id: foyer
    text: "Ein Foyer. Unruhe: {{ state.unruhe }}."
    variants:
      - {when: state.unruhe >= 2, append: Man schaut schon.}
    choices:
      - {id: poltern, label: Poltern, goto: bar, set: {unruhe: "+1"}}
      - {id: gehen, label: Gehen, goto: draussen}
      - {id: nie, label: Nie, goto: draussen, when: "state.unruhe < 0"}
  - id: bar
    text: Die Bar.
    choices:
      - {id: zurueck, label: Zurück, goto: foyer, set: {gesehen: "+1"}}
  - id: draussen
    text: Draußen.
    ending: draussen
"""


def test_a_counter_past_its_highest_tested_value_counts_as_more(tmp_path: Path) -> None:
    story = load_pack(single(tmp_path, UNRUHE))
    report = quicktest(story, max_states=3_000)
    assert not report.budget_hit, format_report(report)  # it ran out of new states
    assert [t.describe() for t in report.missed] == ["foyer: choice 'nie' (when: state.unruhe < 0)"]
    assert report.states < 200


def test_how_each_number_is_told_apart() -> None:
    code = [
        "state.a >= 3",
        "2 < state.a",
        " state.b ",  # printed only
        "state.c * 2 > 4",  # arithmetic: every value counts
        "state.e < -1.5",
    ]
    start = {"a": 0, "b": 0, "c": 0, "d": 0, "e": 0, "flag": False, "name": ""}
    told = told_apart(code, start, {"a": {1}, "b": {1}, "e": {-1, 1}})
    assert told["a"] == Told(None, 3.0)  # only raised: merged upwards only
    assert told["a"] is not None and told["a"].key(3) == 3 and told["a"].key(40) == "more"
    assert told["a"].key(4) == told["a"].key(17)
    assert told["b"] is not None and told["b"].key(1) == told["b"].key(9) == "more"
    assert told["c"] == Told(None, None) and told["c"].key(40) == 40
    assert told["d"] is None  # never read: every value is the same to the pack
    # Raised and lowered: a value past a bound could come back, so none is merged.
    assert told["e"] == Told(None, None)
    assert "flag" not in told and "name" not in told


def test_a_pack_that_reads_the_state_as_a_whole_keeps_every_value_apart() -> None:
    start = {"a": 0, "b": 0}
    for code in (["state.values() | sum > 3"], ["state | length"], ["state['a'] > 1", "state"]):
        told = told_apart(code, start, {"a": {1}})
        assert told == {"a": Told(None, None), "b": Told(None, None)}, code
    assert told_apart(["state.a > 1", "state['b'] < 2"], start, {})["a"] == Told(1.0, 1.0)

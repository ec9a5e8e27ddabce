"""A counter the pack only compares with numbers keeps the story test finite."""

from __future__ import annotations

from pathlib import Path

import pytest

from kaufhaus.counters import Code, Told, told_apart
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


def _when(*sources: str) -> list[Code]:
    return [Code("when", source) for source in sources]


def test_how_each_number_is_told_apart() -> None:
    code = [
        *_when("state.a >= 3", "2 < state.a", "state.c * 2 > 4", "state.e < -1.5"),
        Code("text", "Noch {{ state.b }} Regale."),  # printed only
    ]
    start = {"a": 0, "b": 0, "c": 0, "d": 0, "e": 0, "flag": False, "name": ""}
    told = told_apart(code, start, {"a": {1}, "b": {1}, "e": {-1, 1}})
    assert told["a"] == Told(None, 3.0)  # only raised: merged upwards only
    assert told["a"] is not None and told["a"].key(3) == 3 and told["a"].key(40) == "more"
    assert told["a"].key(4) == told["a"].key(17)
    assert told["b"] is not None and told["b"].key(1) == told["b"].key(9) == "more"
    assert told["c"] == Told(None, None) and told["c"].key(40) == 40  # arithmetic
    assert told["d"] is None  # never read: every value is the same to the pack
    # Raised and lowered: a value past a bound could come back, so none is merged.
    assert told["e"] == Told(None, None)
    assert "flag" not in told and "name" not in told


def test_a_pack_that_reads_the_state_as_a_whole_keeps_every_value_apart() -> None:
    start = {"a": 0, "b": 0}
    for code in (
        _when("state.values() | sum > 3"),
        [Code("text", "{{ state | length }}")],
        _when("state['a'] > 1", "state"),
        [Code("text", "{% for k in state %}{{ k }}{% endfor %}")],
        _when("state.get('a') > 1"),
    ):
        told = told_apart(code, start, {"a": {1}})
        assert told == {"a": Told(None, None), "b": Told(None, None)}, code
    assert told_apart(_when("state.a > 1", "state['b'] < 2"), start, {})["a"] == Told(1.0, 1.0)


@pytest.mark.parametrize(
    ("code", "high"),
    [
        # What the old reading by regular expression got wrong: it took the first
        # number beside the counter, not the value it is compared with ...
        (_when("state.a > 1 + 3"), 4.0),
        (_when("3 + 1 < state.a"), 4.0),  # the counter on the right
        (_when("state.a > 1|float + 3"), 4.0),  # a filter
        (_when("state.a > 2.6|round"), 3.0),
        # ... or kept every value apart where it need not have
        (_when("state.a in [1, 3]"), 3.0),
        (_when("1 < state.a <= 4"), 4.0),  # a chain
        ([Code("text", "{% if state.a %}x{% endif %}"), *_when("not state.a")], 0.0),
        ([Code("text", "{{ 'laut' if state.a >= 2 else 'still' }}")], 2.0),
    ],
)
def test_the_values_a_counter_is_compared_with_are_read_from_the_parsed_code(
    code: list[Code], high: float
) -> None:
    assert told_apart(code, {"a": 0}, {"a": {1}})["a"] == Told(None, high)


@pytest.mark.parametrize(
    "code",
    [
        _when("state.x + 2 > state.a"),  # compared with another value
        _when("state.a|int > 3"),  # a filter on the counter
        _when("state.a is even"),
        _when("3 in state.a"),
        _when("state.a > 9 ** 9"),  # no powers folded
        [Code("set", "state.a")],  # copied into another variable
        [Code("text", "{% set n = state.a %}{{ n > 3 }}")],
        [Code("text", "{{ state.a ~ ' Regale' }}")],
        [Code("text", "{{ range(state.a) | list }}")],
        [Code("when", "state.a >")],  # does not parse: it may read anything
    ],
)
def test_any_other_use_of_a_counter_keeps_every_value_apart(code: list[Code]) -> None:
    assert told_apart(code, {"a": 0, "x": 0}, {"a": {1}})["a"] == Told(None, None)


#: A counter only raised, a way out only past a threshold the code computes (two steps
#: past the number beside the counter), and a choice nothing can make true, so that the
#: explorer runs until it has nothing new to see.
PAST = """id: past
languages: [de]
start: foyer
state: {a: 0}
scenes:
  - id: foyer
    text: Ein Foyer.
    choices:
      - {id: poltern, label: Poltern, set: {a: "+1"}, reply: Es poltert.}
      - {id: raus, label: Raus, goto: draussen, when: "WHEN"}
      - {id: nie, label: Nie, goto: draussen, when: "state.a < 0"}
  - id: draussen
    text: Draußen.
    ending: draussen
"""


@pytest.mark.parametrize(
    "when", ["state.a > 1 + 3", "3 + 1 < state.a", "state.a > 1|float + 3", "state.a in [1, 3]"]
)
def test_a_way_out_past_the_tested_value_is_reached_and_the_test_stays_finite(
    tmp_path: Path, when: str
) -> None:
    story = load_pack(single(tmp_path, PAST.replace("WHEN", when)))
    report = quicktest(story, max_states=2_000)
    assert not report.budget_hit, format_report(report)
    assert [t.describe() for t in report.missed] == ["foyer: choice 'nie' (when: state.a < 0)"]
    assert report.states < 100

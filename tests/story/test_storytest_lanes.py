"""The systematic story test on several cores: the same report, the same coverage."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kaufhaus.story.loader import load_pack
from kaufhaus.storytest import format_report, quicktest, report_json
from tests.story.helpers import run_cli, single

#: A pack with a die (so several seeds are explored: more searches than cores), a
#: counter only a divert reads, things to examine, variants, and what nobody can
#: reach: a choice whose condition is never true and the scene behind it.
LANES = """id: lanes
languages: [de, en]
start: hof
state: {runden: 0, wurf: 0}
scenes:
  - id: hof
    text: {de: Ein Hof., en: A yard.}
    variants:
      - when: visits.hof > 2
        append: {de: Schon wieder der Hof., en: The yard again.}
      - when: state.wurf == 6
        append: {de: Eine Sechs!, en: A six!}
    items:
      - {id: brunnen, label: {de: Brunnen, en: Well}, text: {de: Ein Brunnen., en: A well.}}
    choices:
      - id: runde
        label: {de: Eine Runde drehen, en: Walk a lap}
        goto: weg
        when: state.runden < 3
        set: {runden: "+1", wurf: "roll(6)"}
      - {id: tor, label: {de: Zum Tor, en: To the gate}, goto: tor}
      - {id: mauer, label: {de: Über die Mauer, en: Over the wall}, goto: garten,
         when: state.runden < 0}
  - id: weg
    text: {de: Ein Weg um den Hof., en: A path round the yard.}
    items:
      - {id: stein, label: {de: Stein, en: Stone}, text: {de: Ein Stein., en: A stone.}}
    choices:
      - {id: zurueck, label: {de: Zurück, en: Back}, goto: hof}
  - id: garten
    text: {de: Ein Garten ohne Besuch., en: A garden nobody enters.}
    ending: garten
  - id: tor
    divert:
      - {when: state.runden >= 3, goto: offen}
    text: {de: Das Tor ist zu., en: The gate is shut.}
    ending: zu
  - id: offen
    text: {de: Nach drei Runden ist das Tor offen., en: After three laps the gate is open.}
    ending: offen
"""

#: What nobody can reach in LANES: the test pins it, so the coverage cannot shrink.
UNREACHABLE = {
    "hof: choice 'mauer' (when: state.runden < 0)",
    "scene 'garten'",
    "ending 'garten' (scene 'garten')",
}


def _without_timing(report: Any) -> tuple[str, dict[str, Any]]:
    text = format_report(report).split("\n", 1)[1]
    data = report_json(report)
    data.pop("seconds")
    return text, data


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return load_pack(single(tmp_path_factory.mktemp("lanes"), LANES))


def test_the_report_is_the_same_on_one_core_and_on_two(story: Any) -> None:
    one = quicktest(story, jobs=1)
    two = quicktest(story, jobs=2)
    assert len(one.seeds) == 3  # the die: more searches than processes
    assert one.states > 0 and one.steps > 0
    assert _without_timing(one) == _without_timing(two)


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("round_steps", [1, 3, 8])
def test_everything_a_player_can_reach_is_covered(story: Any, jobs: int, round_steps: int) -> None:
    report = quicktest(story, jobs=jobs, round_steps=round_steps)
    assert not report.budget_hit and report.failures == []
    assert {t.describe() for t in report.missed} == UNREACHABLE
    assert all(report.hits[t] for t in report.hits if t.describe() not in UNREACHABLE)
    looks = next(n for t, n in report.hits.items() if t.describe() == "scene 'hof'")
    assert report.why(next(t for t in report.missed if t.kind == "choice")) == (
        f"its condition `state.runden < 0` was never true in {looks} looks at 'hof'"
    )


def test_a_state_budget_is_kept_across_processes(story: Any) -> None:
    report = quicktest(story, jobs=2, max_states=10)
    assert report.budget_hit == "state limit (10)"
    # Each search takes no more steps than states are left: at most one over per search.
    assert 10 <= report.states < 10 + 2 * 3


def test_a_failure_found_in_a_worker_is_reported_with_its_path(tmp_path: Path) -> None:
    broken = LANES.replace(
        "text: {de: Ein Weg um den Hof., en: A path round the yard.}",
        "text: {de: Ein Weg um den Hof., en: 'Lap {{ 1 // (state.runden - 2) }}'}",
    )
    story = load_pack(single(tmp_path, broken))
    one, two = quicktest(story, jobs=1), quicktest(story, jobs=2)
    assert one.failures and _without_timing(one) == _without_timing(two)
    failure = two.failures[0]
    assert "division" in failure.message or "zero" in failure.message
    assert [str(s) for s in failure.steps].count("choose: 'runde'") == 2


def test_the_cli_takes_the_number_of_processes(tmp_path: Path) -> None:
    pack = single(tmp_path, LANES)
    one = run_cli("story-test", str(pack), "--jobs", "1")
    two = run_cli("story-test", str(pack), "--jobs", "2")
    assert one.returncode == two.returncode == 1  # the garden cannot be reached
    assert one.stdout.split("\n", 1)[1] == two.stdout.split("\n", 1)[1]
    bad = run_cli("story-test", str(pack), "--jobs", "0")
    assert bad.returncode == 2 and "--jobs must be at least 1" in bad.stderr


def test_by_default_only_idle_cores_are_used(monkeypatch: pytest.MonkeyPatch) -> None:
    from kaufhaus import lanes

    monkeypatch.setattr(lanes, "usable_cores", lambda: 4)
    for load, jobs in ((0.0, 4), (1.2, 3), (3.6, 1), (9.0, 1)):
        monkeypatch.setattr(lanes.os, "getloadavg", lambda load=load: (load, load, load))
        assert lanes.idle_cores() == jobs

"""Story tests: the explorer reaches everything a player can, and reports what nobody can."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from kaufhaus.story.loader import load_pack
from kaufhaus.storytest import (
    Step,
    apply_step,
    format_report,
    new_game,
    quicktest,
    random_playthrough,
    randomtest,
    walkthrough_yaml,
)
from kaufhaus.walkthrough import WalkthroughError, parse_walkthrough, play
from tests.story.helpers import EXAMPLE, ROOT, single

BUGGY = """id: bug
languages: [de]
start: laden
scenes:
  - id: laden
    text: Ein Laden.
    items:
      - {id: vase, label: Vase, text: Eine Vase.}
    choices:
      - {id: weiter, label: Weiter, goto: kasse}
  - id: kasse
    text: "Kasse. {% if seen('vase') %}{{ 1 / 0 }}{% endif %}"
    variants:
      - when: player.name == 'Zaphod'
        append: Sie heißen wie ein Präsident.
    input: {key: name, prompt: Name?}
    choices:
      - {id: ende, label: Ende, goto: aus}
  - id: aus
    text: Aus.
    ending: done
"""


def test_quicktest_reaches_everything_in_the_shipped_story() -> None:
    report = quicktest(load_pack(ROOT / "scenes"))
    assert report.failures == [], format_report(report)
    assert report.missed == [], format_report(report)
    assert report.ok and "ok: everything reached" in format_report(report)
    endings = [t for t in report.hits if t.kind == "ending"]
    assert endings and all(report.hits[t] for t in endings)


def test_quicktest_reaches_everything_in_the_example() -> None:
    report = quicktest(load_pack(EXAMPLE))
    assert report.ok, format_report(report)


@pytest.fixture
def buggy(tmp_path: Path):  # type: ignore[no-untyped-def]
    return load_pack(single(tmp_path, BUGGY))


def test_quicktest_names_what_is_never_reached_and_what_breaks(buggy) -> None:  # type: ignore[no-untyped-def]
    report = quicktest(buggy)
    assert not report.ok
    missed = [t.describe() for t in report.missed]
    assert missed == ["kasse: variant 1 (when: player.name == 'Zaphod')"]
    text = format_report(report)
    assert "pack.yaml:14:9: kasse: variant 1" in text
    failure = report.failures[0]
    assert "division by zero" in failure.message and failure.scene == "laden"
    # The shortest way to the bug: look at the vase, then go on.
    assert [s.kind for s in failure.steps] == ["examine", "wait", "choose"]
    # ... and it is a walkthrough that autoplay replays to the same failure.
    walkthrough = parse_walkthrough(failure.walkthrough())
    with pytest.raises(WalkthroughError, match="division by zero"):
        play(buggy, walkthrough)


def test_randomtest_finds_the_bug_and_the_path_replays(buggy) -> None:  # type: ignore[no-untyped-def]
    report = randomtest(buggy, runs=40, seed=1)
    assert report.failures, "a random player looks at the vase sooner or later"
    failed_games = sum(1 + f.repeats for f in report.failures)
    assert sum(report.endings.values()) + report.unfinished + failed_games == 40
    for failure in report.failures[:3]:
        with pytest.raises(WalkthroughError, match="division by zero"):
            play(buggy, parse_walkthrough(failure.walkthrough()))


def test_randomtest_is_reproducible() -> None:
    story = load_pack(EXAMPLE)
    one = randomtest(story, runs=12, seed=42)
    two = randomtest(story, runs=12, seed=42)
    other = randomtest(story, runs=12, seed=43)
    assert (one.endings, one.steps, one.unfinished) == (two.endings, two.steps, two.unfinished)
    assert one.steps != other.steps
    assert one.failures == [] and one.games == 12


def test_random_games_replay_exactly_through_autoplay() -> None:
    # The explorers keep the walkthrough's clock rules, so any path can be replayed.
    story = load_pack(ROOT / "scenes")
    for number in range(12):  # some of them return with a cookie
        game, steps, failure = random_playthrough(story, random.Random(number), max_steps=60)
        assert failure is None and game is not None
        cookie = game.log[0].data.get("cookie")
        replayed = play(
            story,
            parse_walkthrough(
                walkthrough_yaml(steps, lang=game.lang, seed=game.seed, cookie=cookie)
            ),
        )
        assert [(e.kind, e.t, e.target) for e in replayed.log] == [
            (e.kind, e.t, e.target) for e in game.log
        ]


def test_markup_typed_by_a_player_is_shown_literally(tmp_path: Path) -> None:
    story = load_pack(
        single(
            tmp_path,
            BUGGY.replace("{% if seen('vase') %}{{ 1 / 0 }}{% endif %}", "")
            .replace("Sie heißen wie ein Präsident.", "Hallo {{ player.name }}!")
            .replace("player.name == 'Zaphod'", "player.name != ''"),
        )
    )
    game = new_game(story, lang="de", seed=0)
    clock, _ = apply_step(game, 0.0, Step("choose", "weiter"))
    apply_step(game, clock, Step("type", "{{ shop._profile }} [bold]x[/]"))
    assert game.view().text.endswith("Hallo {{ shop._profile }} [bold]x[/]!")

"""Walkthroughs assert what an author cares about (issue 24): a step the game must
refuse (undo after paying), turns and visits, and names checked with a did-you-mean."""

from __future__ import annotations

from pathlib import Path

import pytest

from kaufhaus.story.loader import load_pack
from kaufhaus.story.model import Story
from kaufhaus.walkthrough import ExpectationFailed, WalkthroughError, parse_walkthrough, play
from tests.story.helpers import single

PACK = """id: t
languages: [de]
start: laden
state: {geld: 5}
inventory:
  laterne: {name: die Laterne}
scenes:
  - id: laden
    text: Laden.
    choices:
      - {id: schauen, label: Schauen, reply: Regale.}
      - id: kaufen
        label: Kaufen
        set: {geld: "-5"}
        give: laterne
        effects: {buy: true}
        goto: kasse
  - id: kasse
    text: Kasse.
    choices: [{id: gehen, label: Gehen, goto: ende}]
  - {id: ende, text: Ende., ending: done}
"""


@pytest.fixture
def story(tmp_path: Path) -> Story:
    return load_pack(single(tmp_path, PACK))


def run(story: Story, steps: str) -> None:
    play(story, parse_walkthrough(f"lang: de\nsteps:\n{steps}", "w.yaml"))


def test_a_refused_step_can_be_asserted_and_changes_nothing(story: Story) -> None:
    run(
        story,
        "  - choose: schauen\n"
        "  - expect: {turns: 1, visits: {laden: 1}}\n"
        "  - choose: kaufen\n"
        "  - expect: {refused: undo, scene: kasse, turns: 2, inventory: [laterne]}\n"
        "  - expect: {refused: {choose: kaufen}}\n"  # not offered here
        "  - choose: gehen\n",
    )


def test_a_step_that_is_not_refused_fails_with_its_place(story: Story) -> None:
    with pytest.raises(ExpectationFailed) as info:
        run(story, "  - choose: schauen\n  - expect: {refused: undo}\n")
    assert str(info.value).startswith("w.yaml:4:14: step 2 (expect refused)")
    assert "expected the game to refuse 'undo', but it was done" in str(info.value)


@pytest.mark.parametrize(
    ("check", "says"),
    [
        ("{turns: 3}", "expected 3 turns, got 1"),
        ("{visits: {laden: 2}}", "expected laden visited 2 times, got 1"),
    ],
)
def test_turns_and_visits_are_checked(story: Story, check: str, says: str) -> None:
    with pytest.raises(ExpectationFailed, match=says):
        run(story, f"  - choose: schauen\n  - expect: {check}\n")


@pytest.mark.parametrize(
    ("check", "says"),
    [
        ("{scene: ladn}", "'ladn' is no scene of this story. Did you mean 'laden'?"),
        ("{visits: {kase: 1}}", "'kase' is no scene of this story. Did you mean 'kasse'?"),
        ("{inventory: [laterna]}", "'laterna' is no thing of this story. Did you mean 'laterne'?"),
        ("{vars: {gelt: 5}}", "'gelt' is no variable of this story. Did you mean 'geld'?"),
        ("{ending: dnoe}", "'dnoe' is no ending of this story. Did you mean 'done'?"),
    ],
)
def test_names_are_checked_before_playing_with_a_did_you_mean(
    story: Story, check: str, says: str
) -> None:
    with pytest.raises(WalkthroughError) as info:
        run(story, f"  - choose: kaufen\n  - expect: {check}\n")
    assert str(info.value).startswith("w.yaml:4:14: step 2: ")
    assert says in str(info.value)


def test_a_misspelt_choice_gets_a_did_you_mean(story: Story) -> None:
    with pytest.raises(WalkthroughError, match="Did you mean 'kaufen'"):
        run(story, "  - choose: kaufn\n")


def test_a_malformed_refusal_is_refused_before_playing() -> None:
    with pytest.raises(WalkthroughError, match="refused takes one step the game must refuse"):
        parse_walkthrough("steps:\n  - expect: {refused: {fly: away}}\n", "w.yaml")

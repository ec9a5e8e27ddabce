"""Walkthroughs that assert: ``expect:`` steps and autoplay's exit code.

An author's walkthrough is a test only if it can fail: each check below is
made to fail once, and the message must name the walkthrough's line and say
what was expected and what the game showed instead.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from kaufhaus.story.model import Story
from kaufhaus.walkthrough import (
    ExpectationFailed,
    WalkthroughError,
    parse_walkthrough,
    play,
    require_ending,
)
from tests.conftest import ROOT, WALKTHROUGHS

TO_THE_TILL = """\
lang: de
steps:
  - choose: nichts
  - choose: aussteigen
  - choose: alle
  - choose: hinein
  - choose: vorbei
  - choose: korb
  - choose: elektronik
  - choose: kaufen
  - choose: kasse
  - choose: vortreten
"""
#: The line of the first check of an ``expect:`` appended to TO_THE_TILL, its step.
CHECK_LINE, STEP = 14, 11


def _play(story: Story, text: str) -> None:
    play(story, parse_walkthrough(text, "w.yaml"))


def _fails(story: Story, text: str) -> str:
    with pytest.raises(ExpectationFailed) as info:
        _play(story, text)
    return str(info.value)


def test_expectations_that_hold_pass(story: Story) -> None:
    _play(
        story,
        TO_THE_TILL
        + """\
  - expect:
      scene: bezahlen
      ending: false
      text: [Scanner, Kassiererin]
      no_text: Zielperson
      choices: [karte_zahlen, bar_zahlen, coupon, durch]
      basket: [tv]
""",
    )


@pytest.mark.parametrize(
    ("check", "line", "says"),
    [
        ("scene: kiosk", CHECK_LINE, "expected scene 'kiosk', got 'bezahlen'"),
        ("ending: gast", CHECK_LINE, "expected ending 'gast', but the game has not ended"),
        ("ending: true", CHECK_LINE, "expected an ending, but the game goes on"),
        ("text: Zielperson", CHECK_LINE, "does not contain 'Zielperson'"),
        ("no_text: Kassiererin", CHECK_LINE, "contains 'Kassiererin'"),
        (
            "choices: [karte_zahlen]",
            CHECK_LINE,
            "expected the choices ['karte_zahlen'], got ['karte_zahlen',",
        ),
        ("basket: []", CHECK_LINE, "expected basket [], got ['tv']"),
    ],
)
def test_each_failed_expectation_names_its_line_and_the_difference(
    story: Story, check: str, line: int, says: str
) -> None:
    message = _fails(story, TO_THE_TILL + f"  - expect:\n      {check}\n")
    assert message.startswith(f"w.yaml:{line}:7: step {STEP} (expect ")
    assert "in scene 'bezahlen'" in message
    assert says in message


def test_the_first_failing_check_of_a_step_is_named_at_its_own_line(story: Story) -> None:
    message = _fails(
        story, TO_THE_TILL + "  - expect:\n      scene: bezahlen\n      text: Einhorn\n"
    )
    assert message.startswith(f"w.yaml:{CHECK_LINE + 1}:7: step {STEP} (expect text)")


def test_text_is_checked_in_the_walkthroughs_language(story: Story) -> None:
    english = TO_THE_TILL.replace("lang: de", "lang: en")
    _play(story, english + "  - expect: {text: cashier}\n")
    message = _fails(story, english + "  - expect: {text: Kassiererin}\n")
    assert "the text (en) does not contain 'Kassiererin'" in message


def test_texts_per_language_check_the_language_played(story: Story) -> None:
    """One walkthrough, played in German and in English, checks each its own words."""
    step = "  - expect: {text: {de: Kassiererin, en: cashier}, no_text: {en: Kassiererin}}\n"
    _play(story, TO_THE_TILL + step)
    _play(story, TO_THE_TILL.replace("lang: de", "lang: en") + step)
    wrong = "  - expect: {text: {de: Kassiererin, en: In the trolley}}\n"
    _play(story, TO_THE_TILL + wrong)
    message = _fails(story, TO_THE_TILL.replace("lang: de", "lang: en") + wrong)
    assert "the text (en) does not contain 'In the trolley'" in message


def test_text_matches_across_line_breaks_and_includes_what_was_examined(story: Story) -> None:
    walk = "lang: de\nsteps:\n  - choose: nichts\n  - choose: aussteigen\n  - choose: alle\n"
    walk += "  - examine: kamera\n"
    # Folded or broken lines in the walkthrough match the text's single spaces.
    _play(story, walk + "  - expect:\n      text: |\n        Über   Ihnen\n        surrt\n")
    _play(story, walk + "  - expect: {text: Zählwerk wie an einer Zapfsäule}\n")
    # Leaving the scene takes the item's text away.
    message = _fails(
        story, walk + "  - choose: hinein\n  - expect: {text: Zählwerk wie an einer Zapfsäule}\n"
    )
    assert "does not contain 'Zählwerk wie an einer Zapfsäule'" in message


def test_author_state_checks_name_the_variables_the_story_has(story: Story) -> None:
    """Checked before the first step is played, with the story's own names."""
    with pytest.raises(WalkthroughError) as info:
        _play(story, TO_THE_TILL + "  - expect: {vars: {disturbed: 0}}\n")
    message = str(info.value)
    assert message.startswith("w.yaml:13:")  # the expect step, the line after the last choice
    assert "'disturbed' is no variable of this story" in message


@pytest.mark.parametrize(
    ("step", "says"),
    [
        ("expect: kasse", "expect needs a mapping"),
        ("expect: {scene: [a]}", "scene takes a scene id"),
        ("expect: {ending: 3}", "ending takes an ending id, true"),
        ("expect: {txt: Korb}", "expect cannot check 'txt'"),
        ("expect: {vars: 3}", "vars takes a mapping"),
        ("expect: {text: {a: b}}", "text takes a text, a list of texts, or texts per language"),
        ("expect: {no_text: {de: []}}", "no_text takes a text, a list of texts, or texts per"),
    ],
)
def test_a_malformed_expectation_is_refused_before_playing(step: str, says: str) -> None:
    with pytest.raises(WalkthroughError) as info:
        parse_walkthrough(f"lang: de\nsteps:\n  - choose: alle\n  - {step}\n", "w.yaml")
    message = str(info.value)
    assert message.startswith("w.yaml:4:")
    assert says in message
    if "txt" in step:
        assert "Did you mean 'text'?" in message


def test_a_walkthrough_that_stops_short_of_an_ending_fails(story: Story) -> None:
    walkthrough = parse_walkthrough(TO_THE_TILL, "w.yaml")
    game = play(story, walkthrough)
    with pytest.raises(ExpectationFailed) as info:
        require_ending(game, walkthrough)
    assert str(info.value).startswith("w.yaml:12:5: the walkthrough ends in scene 'bezahlen'")


def test_expectations_may_follow_the_ending(story: Story) -> None:
    text = (WALKTHROUGHS / "tv-fan.yaml").read_text(encoding="utf-8")
    _play(story, text + "  - expect: {ending: glaesern, scene: ende_glaesern}\n")
    message = _fails(story, text + "  - expect: {ending: kapuze}\n")
    assert "expected ending 'kapuze', got ending 'glaesern'" in message


# -- the command line ------------------------------------------------------------------------


def _autoplay(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kaufhaus", "autoplay", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )


#: The ending each shipped walkthrough reaches (tests/test_story_shape.py: PLAYERS).
ENDINGS = {
    "guest.yaml": "gast",
    "hijacked.yaml": "ueberlaeufer",
    "lesson.yaml": "stunde",  # the lesson cut (lesson: true)
    "privacy.yaml": "kapuze",
    "returning.yaml": "auskunft",
    "tv-fan.yaml": "glaesern",
}


def test_autoplay_exits_0_when_every_expectation_holds(capsys: pytest.CaptureFixture[str]) -> None:
    """The first walkthrough through a real process (its exit code), the others through
    ``main`` in this one (the same code, without a Python start-up each)."""
    from kaufhaus.cli import main

    assert {p.name for p in WALKTHROUGHS.glob("*.yaml")} == set(ENDINGS)
    first, *rest = sorted(WALKTHROUGHS.glob("*.yaml"))
    result = _autoplay(str(first))
    assert result.returncode == 0, result.stderr
    said = {first: result.stderr}
    for path in rest:
        assert main(["autoplay", str(path)]) == 0, capsys.readouterr().err
        said[path] = capsys.readouterr().err
    for path, stderr in said.items():
        assert re.search(rf"\d+ expectations?, ending '{ENDINGS[path.name]}'\)", stderr), stderr
        assert " 0 expectations" not in stderr, "each walkthrough checks something"


def test_autoplay_exits_1_naming_the_failed_expectation(tmp_path: Path) -> None:
    walk = tmp_path / "w.yaml"
    walk.write_text(TO_THE_TILL + "  - expect: {basket: [soundbar]}\n", encoding="utf-8")
    result = _autoplay(str(walk))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"w.yaml:{CHECK_LINE - 1}:14: step {STEP} (expect basket)" in result.stderr
    assert "expected basket ['soundbar'], got ['tv']" in result.stderr


def test_autoplay_exits_1_when_no_ending_is_reached_unless_partial(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The exit code through a real process; ``--partial`` through ``main`` in this one."""
    from kaufhaus.cli import main

    walk = tmp_path / "w.yaml"
    walk.write_text(TO_THE_TILL, encoding="utf-8")
    result = _autoplay(str(walk))
    assert result.returncode == 1
    assert "w.yaml:12:5: the walkthrough ends in scene 'bezahlen' without reaching an ending" in (
        result.stderr
    )
    capsys.readouterr()
    assert main(["autoplay", str(walk), "--partial"]) == 0
    assert "scene 'bezahlen'" in capsys.readouterr().err


# ------------------------------------------- issue 19: numbers a walkthrough holds
_NUMBERS = st.one_of(
    st.integers(),
    st.sampled_from([10**400, -(10**400), 2**1024, 31_536_000, 31_536_001]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([".nan", ".inf", "-.inf", "1e400", "true", "null", "[1]", "{a: 1}"]),
)


@settings(max_examples=150, deadline=None)
@given(field=st.sampled_from(["wait", "idle", "seed", "visits", "interest"]), number=_NUMBERS)
@example(field="wait", number=10**400)
@example(field="seed", number=10**400)
@example(field="interest", number=10**400)
def test_any_number_in_a_walkthrough_is_accepted_or_located(field: str, number: object) -> None:
    """A 400-digit ``wait:`` ended ``autoplay`` in an OverflowError traceback."""
    value = number if isinstance(number, str) else repr(number)
    if field in ("wait", "idle"):
        text = f"seed: 1\nsteps:\n  - {field}: {value}\n"
    elif field == "seed":
        text = f"seed: {value}\nsteps: []\n"
    elif field == "visits":
        text = f"cookie: {{visits: {value}}}\nsteps: []\n"
    else:
        text = f"cookie: {{interests: {{tv: {value}}}}}\nsteps: []\n"
    try:
        walk = parse_walkthrough(text, "w.yaml")
    except WalkthroughError as exc:
        assert str(exc).startswith("w.yaml:"), exc  # located
        return
    for step in walk.steps:
        assert 0 <= float(step.value) <= 31_536_000  # what the runner will add to its clock
    assert abs(walk.seed) <= 2**63

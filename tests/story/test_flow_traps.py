"""Flow mistakes that used to pass ``check`` and crash play (issue 24): each is now
refused by ``check`` with its place, and what still slips through is located by
``story-test``."""

from __future__ import annotations

from pathlib import Path

import pytest

from kaufhaus.story.check import check_pack
from kaufhaus.story.loader import load_pack_with_problems
from kaufhaus.storytest import _failure
from tests.story.helpers import flow_pack, guide_sample, run_cli, single

DIVERT_RETURN = flow_pack("""\
  - id: a
    text: Start.
    choices:
      - {id: t, label: T, tunnel: b}
      - {id: e, label: E, goto: z}
  - id: b
    divert:
      - {when: "true", goto: return}
    text: B.
    choices: [{id: r, label: R, goto: return}]
""")


def test_a_divert_to_return_is_refused_with_its_place(tmp_path: Path) -> None:
    """It passed check, then crashed the TUI, plain mode and autoplay with a KeyError."""
    pack = single(tmp_path, DIVERT_RETURN)
    _story, problems = load_pack_with_problems(pack)
    found = [(p.code, p.pos.line, p.pos.column, p.severity) for p in problems]
    assert found == [("KH062", 12, 30, "error")], problems
    result = run_cli("check", str(pack))
    assert result.returncode == 1
    assert f"{pack}:12:30: KH062 error: a divert cannot go to 'return'" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_story_test_reports_the_place_of_the_refused_divert(tmp_path: Path) -> None:
    pack = single(tmp_path, DIVERT_RETURN)
    result = run_cli("story-test", str(pack))
    assert result.returncode == 1
    assert f"{pack}:12:30: KH062" in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_a_failure_without_a_place_gets_its_scene(tmp_path: Path) -> None:
    """Whatever else check lets through, story-test still says where it broke."""
    story, _ = load_pack_with_problems(
        single(tmp_path, DIVERT_RETURN.replace("goto: return}", "goto: z}", 1))
    )
    assert story is not None
    assert _failure(KeyError("return"), story, "b") == (
        f"{tmp_path / 'pack.yaml'}:10:5: in scene 'b': KeyError: 'return'"
    )
    located = "pack.yaml:3:4: template failed"
    assert _failure(ValueError(located), story, "b") == f"ValueError: {located}"


TUNNELS = flow_pack("""\
  - id: a
    text: A.
    choices:
      - {id: rein, label: Rein, tunnel: warte}
      - {id: direkt, label: Direkt, goto: warte}
      - {id: ende, label: Ende, goto: z}
  - id: warte
    text: Warten.
    choices:
      - {id: auf, label: Auflegen, goto: return}
      - {id: weg, label: Weg, goto: a}
""")


def test_a_return_reachable_without_a_tunnel_is_refused_by_check(tmp_path: Path) -> None:
    """Play would stop there ('returns, but no tunnel led here'); check said nothing."""
    pack = single(tmp_path, TUNNELS)
    _story, problems = check_pack(pack)
    found = {(p.code, p.pos.line, p.severity): p.message for p in problems}
    assert found[("KH063", 14, "error")] == (
        "choice 'auf' returns, but scene 'warte' can be reached with no tunnel open "
        "(from the start: a -> warte)"
    )


def test_a_tunnel_left_by_a_plain_goto_and_entered_again_is_flagged(tmp_path: Path) -> None:
    """The rule: a plain goto leaves the tunnel open; entering it again piles them up."""
    pack = single(
        tmp_path, TUNNELS.replace("      - {id: direkt, label: Direkt, goto: warte}\n", "")
    )
    _story, problems = check_pack(pack)
    assert [(p.code, p.pos.line, p.severity) for p in problems] == [("KH069", 8, "warning")]
    assert "tunnel 'rein' in scene 'a' can be entered again while it is still open" in (
        problems[0].message
    )
    assert "(from the start: a -> warte -> a)" in problems[0].message


def test_a_tunnel_that_always_returns_is_clean(tmp_path: Path) -> None:
    text = TUNNELS.replace("      - {id: direkt, label: Direkt, goto: warte}\n", "")
    pack = single(tmp_path, text.replace("      - {id: weg, label: Weg, goto: a}\n", ""))
    _story, problems = check_pack(pack)
    assert problems == []


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_guides_tunnel_example_is_clean_and_its_warning_is_real(
    tmp_path: Path, lang: str
) -> None:
    sample = guide_sample("tunnel", lang)
    first = sample.split("- id: ", 1)[1].split("\n", 1)[0]
    till = "kasse" if lang == "de" else "till"
    clean = single(tmp_path, flow_pack(sample, start=first, lang=lang, end=till))
    assert check_pack(clean)[1] == []
    (tmp_path / "open").mkdir()
    leaky_sample = sample.replace("# - {", "- {")
    leaky = single(tmp_path / "open", flow_pack(leaky_sample, start=first, lang=lang, end=till))
    assert [p.code for p in check_pack(leaky)[1]] == ["KH069"]

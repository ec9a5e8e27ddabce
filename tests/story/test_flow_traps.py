"""Flow mistakes that used to pass ``check`` and crash play (issue 24): each is now
refused by ``check`` with its place, and what still slips through is located by
``story-test``."""

from __future__ import annotations

from pathlib import Path

from kaufhaus.story.loader import load_pack_with_problems
from kaufhaus.storytest import _failure
from tests.story.helpers import run_cli, single

DIVERT_RETURN = """id: t
languages: [de]
start: a
scenes:
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
  - id: z
    text: Ende.
    ending: done
"""


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

"""The command line as a teacher or author meets it: exit codes and messages."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from kaufhaus.cli import COMMANDS
from tests.conftest import ROOT, WALKTHROUGHS


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kaufhaus", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=60,
    )


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("kaufhaus ")


def test_check_passes_on_the_shipped_scenes() -> None:
    result = run("check", "scenes")
    assert result.returncode == 0, result.stderr
    assert "ok" in result.stdout


def test_check_reports_a_broken_pack_with_position(tmp_path: Path) -> None:
    (tmp_path / "story.yaml").write_text(
        "id: t\nstart: a\nscenes:\n  - id: a\n    text: Hallo\n    choices:\n"
        "      - id: go\n        label: Weiter\n        goto: bb\n  - id: b\n    text: Ende\n"
        "    ending: x\n",
        encoding="utf-8",
    )
    result = run("check", str(tmp_path))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "story.yaml:9:15" in result.stderr
    assert "unknown scene 'bb'" in result.stderr and "Did you mean 'b'?" in result.stderr


def test_autoplay_writes_a_dossier(tmp_path: Path) -> None:
    out = tmp_path / "dossier.json"
    result = run(
        "autoplay", str(WALKTHROUGHS / "tv-fan.yaml"), "--dossier", str(out), "--transcript"
    )
    assert result.returncode == 0, result.stderr
    assert "== Das Schaufenster ==" in result.stdout
    dossier = json.loads(out.read_text(encoding="utf-8"))
    assert dossier["ended"] is True
    assert len(dossier["events"]) > 20
    assert any(
        i["kind"] == "purchase_probability" and i["subject"] == "tv" for i in dossier["inferences"]
    )


def test_autoplay_stops_at_the_step_that_does_not_fit(tmp_path: Path) -> None:
    walk = tmp_path / "w.yaml"
    walk.write_text(
        "lang: de\nsteps:\n  - choose: nichts\n  - examine: einhorn\n", encoding="utf-8"
    )
    result = run("autoplay", str(walk))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "step 2 (examine: einhorn)" in result.stderr
    assert "w.yaml:4:5" in result.stderr


def test_play_with_a_broken_pack_exits_1_without_traceback(tmp_path: Path) -> None:
    (tmp_path / "story.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    result = run("play", "--pack", str(tmp_path), "--plain")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "story.yaml:" in result.stderr


def test_an_unknown_command_is_named_and_the_commands_listed() -> None:
    for args in (("srve",), ("srve", "--help"), ("help", "srve")):
        result = run(*args)
        assert result.returncode == 2, args
        assert "'srve' is not a kaufhaus command" in result.stderr
        assert f"Commands: {', '.join(COMMANDS)}." in result.stderr
        assert "usage: kaufhaus play" not in result.stdout + result.stderr, "not play's help"
        assert "Traceback" not in result.stderr


def test_a_mistyped_command_gets_the_nearest_suggested() -> None:
    for typed, meant in (("chek", "check"), ("storytest", "story-test"), ("frget", "forget")):
        result = run(typed, "scenes")
        assert result.returncode == 2
        assert f"Did you mean 'kaufhaus {meant}'?" in result.stderr
        assert "unrecognized arguments" not in result.stderr


def test_help_names_every_command_and_options_still_mean_play() -> None:
    overview = run("help")
    assert overview.returncode == 0
    for command in COMMANDS:
        assert command in overview.stdout
    assert run("help", "check").stdout.startswith("usage: kaufhaus check")
    bad_option = run("--lang", "xx")
    assert bad_option.returncode == 2
    assert "kaufhaus play: error: argument --lang" in bad_option.stderr

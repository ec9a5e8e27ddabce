"""The authoring commands as an author runs them: check, graph, story-test."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kaufhaus.cli import main
from kaufhaus.story.graph import to_dot, to_mermaid
from kaufhaus.story.loader import load_pack
from tests.story.helpers import EXAMPLE, HEADER, ROOT, run_cli, single

LOCATED = re.compile(r"^\S+:\d+:\d+: KH\d{3} (error|warning): .+$")


def test_check_the_shipped_pack_and_the_example(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(ROOT / "scenes")]) == 0
    assert main(["check", "--strict", str(EXAMPLE)]) == 0
    out = capsys.readouterr()
    assert "ok (0 warnings)" in out.out


def test_check_text_output_is_located_with_hints(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = single(
        tmp_path,
        HEADER
        + """scenes:
  - id: a
    text: Hallo
    choices:
      - {id: weiter, label: Weiter, goto: kase}
  - id: kasse
    text: Ende
    ending: done
""",
    )
    assert main(["check", str(pack)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert LOCATED.match(err[0]), err
    assert err[0].endswith("KH023 error: choice 'weiter' goes to unknown scene 'kase'")
    assert err[1] == "    hint: Did you mean 'kasse'?"
    assert err[-1].endswith("1 error, 0 warnings")


def test_check_json_for_editors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pack = single(
        tmp_path,
        HEADER
        + """scenes:
  - id: a
    text: {de: Hallo}
    choices:
      - {id: weiter, label: {de: Weiter, en: On}, goto: z}
  - id: z
    text: {de: Ende, en: End}
    ending: done
""",
    )
    assert main(["check", "--format", "json", str(pack)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is True and report["errors"] == 0 and report["warnings"] == 1
    (problem,) = report["problems"]
    assert problem == {
        "file": problem["file"],
        "line": 6,
        "column": 11,
        "code": "KH042",
        "severity": "warning",
        "message": "scene 'a' text has no 'en' text",
        "hint": "Add a 'en:' translation.",
    }
    assert main(["check", "--format", "json", "--strict", str(pack)]) == 1
    assert json.loads(capsys.readouterr().out)["ok"] is False


def test_mermaid_map_of_the_shipped_story() -> None:
    story = load_pack(ROOT / "scenes")
    text = to_mermaid(story)
    lines = set(text.splitlines())
    assert text.startswith("flowchart TD\n")
    assert '    unterwegs["Samstagvormittag"]' in lines
    assert '    eingang["Vor dem Kaufhaus Internet"]' in lines
    assert '    ende_kapuze(["Ein paar Stunden Ruhe<br/>ending: kapuze"])' in lines
    assert '    eingang -->|"alle"| schaufenster' in lines
    assert '    schaufenster -.->|"nochmal if visits.schaufenster #lt; 3"| schaufenster' in lines
    assert '    kiosk -.->|"wegschubsen if shop.team_waits"| rathaus' in lines
    assert "    class unterwegs start" in lines
    english = to_mermaid(story, "en")
    assert '    eingang["Outside Kaufhaus Internet"]' in english.splitlines()
    edges = [line for line in lines if "-->" in line or "-.->" in line]
    # One edge a choice and one a divert (the lesson cut's, drawn dashed).
    assert len(edges) == sum(len(s.choices) + len(s.divert) for s in story.scenes.values())
    assert '    ausgang -.->|"divert if state.lesson"| ende_stunde' in lines


def test_dot_map_of_the_shipped_story() -> None:
    text = to_dot(load_pack(ROOT / "scenes"))
    assert text.startswith('digraph "kaufhaus-internet" {')
    assert '"unterwegs" [label="Samstagvormittag", penwidth=3];' in text
    assert '"eingang" [label="Vor dem Kaufhaus Internet"];' in text
    assert (
        '"ende_kapuze" [label="Ein paar Stunden Ruhe\\nending: kapuze", shape=doubleoctagon' in text
    )
    assert '"eingang" -> "schaufenster" [label="alle"];' in text
    assert (
        '"elektronik" -> "etage" [label="coupon\\nif shop.coupon(\'tv\') and \'tv\' not in basket",'
        " style=dashed];"
    ) in text


def test_graph_escapes_what_would_break_the_formats(tmp_path: Path) -> None:
    story = load_pack(
        single(
            tmp_path,
            """id: odd
start: end
scenes:
  - id: end
    title: 'Er sagte "#1" <b>'
    text: x
    choices:
      - {id: weiter, label: W, goto: zwei-te, when: "basket | length > 0"}
      - {id: aus, label: A, goto: zwei-te}
  - id: zwei-te
    title: 'Back\\slash "q"'
    text: y
    ending: done
""",
        )
    )
    mermaid = to_mermaid(story)
    assert 's_end["Er sagte #quot;#35;1#quot; #lt;b#gt;"]' in mermaid
    assert 's_end -.->|"weiter if basket #124; length #gt; 0"| zwei_te' in mermaid
    dot = to_dot(story)
    assert '"zwei-te" [label="Back\\\\slash \\"q\\"\\nending: done"' in dot


def test_graph_command_writes_a_file(tmp_path: Path) -> None:
    out = tmp_path / "karte.dot"
    assert main(["graph", str(EXAMPLE), "--format", "dot", "-o", str(out)]) == 0
    assert '"tuer" -> "theke" [label="gerne"];' in out.read_text(encoding="utf-8")


def test_story_test_command_on_the_example() -> None:
    result = run_cli("story-test", str(EXAMPLE))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok: everything reached" in result.stdout
    randomly = run_cli(
        "story-test", str(EXAMPLE), "--random", "15", "--seed", "7", "--format", "json"
    )
    assert randomly.returncode == 0, randomly.stdout + randomly.stderr
    report = json.loads(randomly.stdout)
    assert report["games"] == 15 and report["failures"] == []
    assert sum(report["endings"].values()) + report["unfinished"] == 15

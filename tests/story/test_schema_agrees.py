"""The editor's schema and the loader agree (issue 24): closed at the top level,
``goto`` xor ``tunnel``, and values that read the same under YAML 1.1 and 1.2."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

from kaufhaus.story.loader import load_pack, load_pack_with_problems
from tests.story.helpers import single

HEAD = "id: t\nlanguages: [de]\nstart: a\n"
SCENES = """scenes:
  - id: a
    text: A.
    choices:
      - {id: w, label: W, goto: z}
  - {id: z, text: Ende., ending: done}
"""


def _schema_errors(text: str) -> list[str]:
    schema = json.loads((resources.files("kaufhaus.story") / "scene-pack.schema.json").read_text())
    return [e.message for e in Draft202012Validator(schema).iter_errors(yaml.safe_load(text))]


def _loader_errors(tmp_path: Path, text: str) -> list[Any]:
    _story, problems = load_pack_with_problems(single(tmp_path, text))
    return [p for p in problems if p.severity == "error"]


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        (HEAD + SCENES, False),
        (HEAD + "titel: Hallo\n" + SCENES, True),  # a misspelt header key
        (HEAD + "back: false\n" + SCENES, False),
        (HEAD + "back: undo\n" + SCENES, False),
        (HEAD + "back: nie\n" + SCENES, True),
        (HEAD + SCENES.replace("goto: z}", "goto: z, tunnel: z}"), True),  # goto xor tunnel
        (HEAD + SCENES.replace("goto: z}", "goto: z, selectable: 'true'}"), False),
        (HEAD + SCENES.replace("goto: z}", "goto: z, why_not: Nein}"), True),  # without selectable
        (HEAD + SCENES.replace("    text: A.\n", "    text: A.\n    on_enter: {sett: {}}\n"), True),
    ],
)
def test_schema_and_loader_refuse_the_same(tmp_path: Path, text: str, refused: bool) -> None:
    assert bool(_schema_errors(text)) is refused
    assert bool(_loader_errors(tmp_path, text)) is refused


def test_a_misspelt_header_key_gets_a_did_you_mean(tmp_path: Path) -> None:
    (problem,) = _loader_errors(tmp_path, HEAD + "titel: Hallo\n" + SCENES)
    assert (problem.code, problem.pos.line, problem.pos.column) == ("KH012", 4, 1)
    assert "Did you mean 'title'?" in problem.hint
    assert any("'titel' was unexpected" in m for m in _schema_errors(HEAD + "titel: x\n" + SCENES))


def test_back_false_means_no_undo_in_every_yaml(tmp_path: Path) -> None:
    story = load_pack(single(tmp_path, HEAD + "back: false\n" + SCENES))
    assert story.back == "off"
    assert _schema_errors(HEAD + "back: 'off'\n" + SCENES) == []  # off as YAML 1.2 reads it


@pytest.mark.parametrize(
    ("line", "word", "means"),
    [("back: off", "off", "false"), ("back: no", "no", "false")],
)
def test_a_yaml_11_boolean_is_reported_clearly(
    tmp_path: Path, line: str, word: str, means: str
) -> None:
    (problem,) = _loader_errors(tmp_path, HEAD + line + "\n" + SCENES)
    assert (problem.code, problem.pos.line, problem.pos.column) == ("KH011", 4, 7)
    assert problem.message == (
        f"{word!r} reads as {means} in YAML 1.1 but as the word {word!r} in YAML 1.2"
    )
    assert problem.hint.startswith(f"Write {means} (or quote it")


@pytest.mark.parametrize("key", ["once: yes", "observed: off", "price_tag: on"])
def test_every_flag_reads_the_same_in_every_yaml(tmp_path: Path, key: str) -> None:
    text = HEAD + SCENES.replace("goto: z}", "goto: z, " + key + "}")
    if key.startswith("observed"):
        text = HEAD + SCENES.replace("    text: A.\n", f"    text: A.\n    {key}\n")
    if key.startswith("price_tag"):
        text = HEAD + SCENES.replace(
            "    text: A.\n", f"    text: A.\n    items: [{{id: i, label: I, text: T, {key}}}]\n"
        )
    found = [(p.code, p.message) for p in _loader_errors(tmp_path, text)]
    assert any(code == "KH011" and "YAML 1.1" in message for code, message in found), found


def test_a_word_in_a_text_stays_the_word(tmp_path: Path) -> None:
    story = load_pack(single(tmp_path, HEAD + SCENES.replace("label: W", "label: off")))
    assert story.scene("a").choices[0].label.source("de") == "off"

"""docs/authoring.md is a promise: its codes, names and examples must match the code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kaufhaus.story.check import check_pack
from kaufhaus.story.loader import load_pack
from kaufhaus.storytest import facade_api, format_report, probe_pack, quicktest
from kaufhaus.walkthrough import parse_walkthrough, play
from tests.story.helpers import EXAMPLE, ROOT

DOC = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
GERMAN, ENGLISH = DOC.split("\n## English\n")
CODE_RE = re.compile(r"\bKH0\d\d\b")
PACK_BLOCK = re.compile(r"<!-- pack: (?P<name>[\w/.-]+) -->\n```yaml\n(?P<body>.*?)```", re.S)
YAML_BLOCK = re.compile(r"```yaml\n(.*?)```", re.S)


def _codes_in_source() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "kaufhaus").rglob("*.py"):
        found |= set(CODE_RE.findall(path.read_text(encoding="utf-8")))
    return found


def _table_codes(section: str) -> set[str]:
    return {m.group(1) for m in re.finditer(r"^\| (KH0\d\d) \|", section, re.M)}


@pytest.mark.parametrize("section", [GERMAN, ENGLISH], ids=["de", "en"])
def test_every_error_code_is_documented_and_no_other(section: str) -> None:
    assert _table_codes(section) == _codes_in_source()


@pytest.mark.parametrize("section", [GERMAN, ENGLISH], ids=["de", "en"])
def test_every_template_name_is_documented(section: str) -> None:
    api = facade_api()
    for facade, attributes in api.attributes.items():
        for attr in attributes:
            assert f"`{facade}.{attr}" in section, f"{facade}.{attr} is not documented"
    for purpose in api.values["purpose"]:
        assert f"`{purpose}`" in section


def _quickstart(section: str, tmp_path: Path) -> Path:
    (match,) = list(PACK_BLOCK.finditer(section))
    folder = tmp_path / "mini-kiosk"
    folder.mkdir()
    (folder / "story.yaml").write_text(match["body"], encoding="utf-8")
    return folder


def test_both_languages_show_the_same_quickstart() -> None:
    (de,) = [m["body"] for m in PACK_BLOCK.finditer(GERMAN)]
    (en,) = [m["body"] for m in PACK_BLOCK.finditer(ENGLISH)]
    assert de.split("\n", 1)[1] == en.split("\n", 1)[1]  # only the comment line differs


def test_the_quickstart_pack_is_clean_and_fully_reachable(tmp_path: Path) -> None:
    pack = _quickstart(GERMAN, tmp_path)
    _story, problems = check_pack(pack, probe_pack, facade_api())
    assert problems == []
    report = quicktest(load_pack(pack))
    assert report.ok, format_report(report)


@pytest.mark.parametrize("section", [GERMAN, ENGLISH], ids=["de", "en"])
def test_the_walkthrough_example_plays_on_the_quickstart(section: str, tmp_path: Path) -> None:
    story = load_pack(_quickstart(section, tmp_path))
    (text,) = [b for b in YAML_BLOCK.findall(section) if "steps:" in b and "cookie:" in b]
    game = play(story, parse_walkthrough(text))
    # "back" undid buying: the story forgot the name typed since, the shop did not.
    assert game.scene_id == "kiosk" and game.inputs == {}
    assert game.profile.inputs["name"][0] == "Kim"
    assert game.profile.cookie["visits"] == 2  # the cookie from the example was read


def test_the_example_pack_is_clean() -> None:
    _story, problems = check_pack(EXAMPLE, probe_pack, facade_api())
    assert problems == []

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
    (match,) = [m for m in PACK_BLOCK.finditer(section) if "start" in m["name"]]
    folder = tmp_path / "mini-kiosk"
    folder.mkdir()
    (folder / "story.yaml").write_text(match["body"], encoding="utf-8")
    return folder


def test_both_languages_show_the_same_quickstart() -> None:
    (de,) = [m["body"] for m in PACK_BLOCK.finditer(GERMAN) if "start" in m["name"]]
    (en,) = [m["body"] for m in PACK_BLOCK.finditer(ENGLISH) if "start" in m["name"]]
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


# -- every sample and command in the guide works ------------------------------------------


@pytest.mark.parametrize("section", [GERMAN, ENGLISH], ids=["de", "en"])
def test_every_yaml_sample_is_valid_yaml(section: str) -> None:
    import yaml

    blocks = YAML_BLOCK.findall(section)
    assert len(blocks) >= 8
    for block in blocks:
        yaml.safe_load(block)  # raises on a broken sample


@pytest.mark.parametrize("section", [GERMAN, ENGLISH], ids=["de", "en"])
def test_every_example_pack_in_the_guide_checks_clean_and_is_fully_reachable(
    section: str, tmp_path: Path
) -> None:
    packs = list(PACK_BLOCK.finditer(section))
    assert len(packs) >= 2  # the quick start and the state example
    for number, match in enumerate(packs):
        folder = tmp_path / f"pack{number}"
        folder.mkdir()
        (folder / "story.yaml").write_text(match["body"], encoding="utf-8")
        _story, problems = check_pack(folder, probe_pack, facade_api())
        assert [p.format() for p in problems] == [], match["name"]
        report = quicktest(load_pack(folder))
        assert report.ok, (match["name"], format_report(report))


@pytest.mark.parametrize("section", [GERMAN, ENGLISH], ids=["de", "en"])
def test_the_game_sample_is_a_working_header(section: str, tmp_path: Path) -> None:
    from kaufhaus.play.words import reveals, shelf_label, subtitle

    sample = re.search(r"<!-- yaml: game -->\n```yaml\n(.*?)```", section, re.S)
    assert sample is not None
    header = "id: g\nlanguages: [de, en]\nstart: a\n" + sample[1]
    scenes = "scenes:\n  - {id: a, text: Ende., ending: e}\n"
    (tmp_path / "story.yaml").write_text(header + scenes, encoding="utf-8")
    story = load_pack(tmp_path)
    assert not reveals(story) and not story.presentation.show_basket
    assert shelf_label(story, "de") == "Hier fällt Ihnen auf"
    assert subtitle(story, "en") == "An evening at the opera"


@pytest.mark.parametrize("section", [GERMAN, ENGLISH], ids=["de", "en"])
def test_the_documented_filters_are_exactly_the_allowed_ones(section: str) -> None:
    from kaufhaus.story.templates import AUTHOR_FILTERS

    start = section.index("`length`, `upper`")
    listed = set(re.findall(r"`(\w+)`", section[start : section.index("~", start)]))
    assert listed == set(AUTHOR_FILTERS)


def _commands(section: str) -> list[str]:
    """The ``kaufhaus ...`` command lines in the guide's plain code blocks."""
    lines: list[str] = []
    fence: str | None = None  # the language of the open code block, "" for a plain one
    for line in section.splitlines():
        if line.startswith("```"):
            fence = line[3:].strip() if fence is None else None
        elif fence == "" and line.startswith("kaufhaus "):
            lines.append(line.split(" #", 1)[0].strip())
    return lines


@pytest.mark.parametrize("section", [GERMAN, ENGLISH], ids=["de", "en"])
def test_every_command_shown_in_the_guide_works(
    section: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each command line runs (play only parses: it would wait for a player)."""
    import shlex

    from kaufhaus.cli import build_parser, main

    pack = _quickstart(section, tmp_path)
    monkeypatch.chdir(tmp_path)
    commands = _commands(section)
    assert len(commands) >= 6
    for line in commands:
        words = [
            str(pack) if w in ("MY-PACK", "MEIN-PAKET", "mini-kiosk") else w
            for w in shlex.split(line)[1:]
        ]
        if words[0] == "play":
            build_parser().parse_args(words)
            continue
        assert main(words) == 0, line


def _pattern_rows(section: str) -> list[list[str]]:
    heading = "### Muster" if "### Muster" in section else "### Patterns"
    start = section.index(heading)
    table = section[start : section.index("\n### ", start + 1)]
    rows = [r for r in table.splitlines() if r.startswith("| ") and not r.startswith("| ---")]
    return [[cell.strip() for cell in row.strip("|").split(" | ")] for row in rows[1:]]


@pytest.mark.parametrize("section", [GERMAN, ENGLISH], ids=["de", "en"])
def test_every_pattern_points_to_an_example_pack_that_uses_it_and_a_test(section: str) -> None:
    rows = _pattern_rows(section)
    assert len(rows) >= 12
    examples = ROOT / "scenes" / "examples"
    for _pattern, how, packs, tests in rows:
        names = re.findall(r"`([\w-]+)(?:/walkthroughs/)?`", packs)
        assert names, packs
        for name in names:
            assert (examples / name).is_dir(), name
        for test in re.findall(r"`(tests/[\w/]+\.py)`", tests):
            assert (ROOT / test).is_file(), test
        keys = re.findall(r"`(\w+):", how)
        text = "".join(
            path.read_text(encoding="utf-8")
            for name in names
            for path in (examples / name).rglob("*.yaml")
        )
        for key in keys:
            if key not in ("back",):  # back: undo is the default, written nowhere
                assert f"{key}:" in text, (key, names)

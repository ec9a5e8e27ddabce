"""Loading packs: every problem located, all at once, with a hint; good packs load fast."""

from __future__ import annotations

from pathlib import Path

import pytest

from kaufhaus.story.check import check_pack
from kaufhaus.story.errors import Problem, StoryLoadError
from kaufhaus.story.loader import load_pack, load_pack_with_problems
from kaufhaus.story.yamlsrc import parse_yaml
from kaufhaus.storytest import facade_api
from tests.story.helpers import HEADER, single, write_pack

END = """  - id: z
    title: {de: Ende, en: The end}
    text: {de: Aus., en: Over.}
    ending: done
"""


def problems_of(tmp_path: Path, scenes: str, header: str = HEADER) -> list[Problem]:
    pack = single(tmp_path, header + "scenes:\n" + scenes + END)
    _story, problems = check_pack(pack, api=facade_api())
    return problems


def codes(problems: list[Problem]) -> list[tuple[str, int, int]]:
    return [(p.code, p.pos.line, p.pos.column) for p in problems]


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    problems = problems_of(
        tmp_path,
        """  - id: a
    titel: {de: Start, en: Start}
    text:
      de: Hallo {{ shp.top }}
      en: Hello
    choices:
      - {id: weiter, label: {de: Weiter, en: On}, goto: zz}
      - {id: weiter, label: {de: Nochmal, en: Again}, goto: z}
""",
    )
    found = {(c, line) for c, line, _ in codes(problems)}
    assert {("KH012", 6), ("KH030", 8), ("KH023", 11), ("KH022", 12)} <= found
    hints = {p.code: p.hint for p in problems}
    assert hints["KH012"] == "Did you mean 'title'?"
    assert hints["KH030"] == "Did you mean 'shop'?"
    assert hints["KH023"] == "Did you mean 'z'?"


def test_template_errors_point_into_folded_blocks(tmp_path: Path) -> None:
    problems = problems_of(
        tmp_path,
        """  - id: a
    text:
      de: >-
        Eine erste Zeile,
        die weitergeht.

        Ein neuer Absatz mit {{ shop.pirce('tv') }} darin.
      en: |
        Line one.
        Line two.
        Line three has {{ player.nmae }}.
    choices:
      - {id: weiter, label: Weiter, goto: z}
""",
    )
    assert ("KH033", 11, 38) in codes(problems)  # 'pirce' in the folded German text
    assert ("KH033", 15, 34) in codes(problems)  # 'nmae' on the third literal line
    by_code = [p for p in problems if p.code == "KH033"]
    assert {p.hint for p in by_code} == {"Did you mean 'price'?", "Did you mean 'name'?"}


def test_condition_errors_point_at_the_word(tmp_path: Path) -> None:
    problems = problems_of(
        tmp_path,
        """  - id: a
    text: Hallo
    choices:
      - id: weiter
        label: Weiter
        when: visits.a > 1 and seen('vsae')
        goto: z
      - {id: aus, label: Aus, goto: z}
""",
    )
    assert ("KH034", 10, 38) in codes(problems)


def test_duplicate_keys_and_ids(tmp_path: Path) -> None:
    problems = problems_of(
        tmp_path,
        """  - id: a
    text: Hallo
    text: Nochmal
    choices:
      - {id: weiter, label: Weiter, goto: z}
  - id: a
    text: Doppelt
    choices:
      - {id: weiter, label: Weiter, goto: z}
""",
    )
    assert ("KH007", 7, 5) in codes(problems)
    duplicate = next(p for p in problems if p.code == "KH020")
    assert duplicate.pos.line == 10 and "first at" in duplicate.message


def test_missing_translations_are_warnings(tmp_path: Path) -> None:
    problems = problems_of(
        tmp_path,
        """  - id: a
    text: {de: Nur Deutsch}
    choices:
      - {id: weiter, label: {de: Weiter}, goto: z}
""",
    )
    assert [(p.code, p.severity) for p in problems] == [("KH042", "warning")] * 2
    load_pack(tmp_path / "pack.yaml")  # warnings do not stop play


def test_follow_up_errors_are_not_reported(tmp_path: Path) -> None:
    # The only choice has a broken id: no "dead end" or "trapped" on top of that.
    problems = problems_of(
        tmp_path,
        """  - id: a
    text: Hallo
    choices:
      - {id: "mit leerzeichen", label: Weiter, goto: z}
""",
    )
    assert [p.code for p in problems] == ["KH026"]


def test_a_good_pack_loads_and_reports_nothing(tmp_path: Path) -> None:
    pack = write_pack(
        tmp_path / "p",
        {
            "story.yaml": HEADER + "catalogue:\n  tv: {name: {de: Fernseher, en: TV}, "
            "forms: {nom: der Fernseher, acc: den Fernseher, dat: dem Fernseher}, "
            "gender: m, number: sg, category: technik, price: 499}\n",
            "szenen.yaml": "scenes:\n  - id: a\n    text: {de: Hallo, en: Hello}\n"
            "    items:\n      - {id: tv, product: tv, label: {de: TV, en: TV}, "
            "text: {de: '{{ shop.price(\"tv\") }}', en: '{{ shop.price(\"tv\") }}'}}\n"
            "    choices:\n      - {id: weiter, label: {de: Weiter, en: On}, goto: z}\n" + END,
        },
    )
    story, problems = check_pack(pack, api=facade_api())
    assert problems == []
    assert story is not None and list(story.scenes) == ["a", "z"]
    again = load_pack(pack)
    assert again.content_hash == story.content_hash


def test_load_pack_raises_with_every_error(tmp_path: Path) -> None:
    pack = single(tmp_path, HEADER + "scenes:\n  - id: a\n    choices: []\n")
    with pytest.raises(StoryLoadError) as info:
        load_pack(pack)
    assert {p.code for p in info.value.problems} >= {"KH010"}
    assert str(tmp_path) in str(info.value) or "pack.yaml" in str(info.value)


def test_yaml_keys_keep_their_written_form() -> None:
    tree, problems = parse_yaml("yes: 1\n1: 2\n~: 3\n", "f.yaml")
    assert problems == []
    assert tree is not None and list(tree.value) == ["yes", "1", "~"]


def test_yes_no_on_off_stay_text_where_text_is_meant(tmp_path: Path) -> None:
    # YAML 1.1 reads these as true/false; in a label they are words.
    story = load_pack(
        single(
            tmp_path,
            HEADER
            + """scenes:
  - id: a
    text: {de: Nein, en: No}
    choices:
      - {id: weiter, label: {de: Ja, en: Yes}, goto: z}
      - {id: an, label: {de: An, en: On}, goto: z}
"""
            + END,
        )
    )
    scene = story.scenes["a"]
    assert scene.text.sources == {"de": "Nein", "en": "No"}
    assert [c.label.sources["en"] for c in scene.choices] == ["Yes", "On"]


def test_dates_and_odd_scalars_stay_text() -> None:
    tree, problems = parse_yaml("a: 2024-01-01\nb: =\nc: 0x1F\nd: .inf\n", "f.yaml")
    assert problems == []
    assert tree is not None
    assert tree.plain() == {"a": "2024-01-01", "b": "=", "c": 31, "d": float("inf")}


def test_the_shipped_pack_is_clean() -> None:
    story, problems = load_pack_with_problems(Path("scenes"), api=facade_api())
    assert story is not None
    assert [p for p in problems if p.severity == "error"] == []

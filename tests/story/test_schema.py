"""The JSON Schema for editors: shipped packs pass it, broken ones do not.

``kaufhaus check`` stays the authority; the schema lets an editor with a YAML
language server complete keys and flag wrong types while the author types.
"""

from __future__ import annotations

import json
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

from tests.story.helpers import CORPUS, ROOT

SCHEMA_FILE = "scene-pack.schema.json"


def _validator() -> Draft202012Validator:
    schema = json.loads((resources.files("kaufhaus.story") / SCHEMA_FILE).read_text("utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _errors(path: Path) -> list[Any]:
    return list(_validator().iter_errors(yaml.safe_load(path.read_text(encoding="utf-8"))))


SHIPPED = sorted(
    [*(ROOT / "scenes").glob("*.yaml"), *(ROOT / "scenes" / "examples").glob("*/*.yaml")]
)


def test_the_schema_is_shipped_with_the_package() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["*"]
    assert "*.schema.json" in patterns


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_shipped_pack_file_passes(path: Path) -> None:
    assert [e.message for e in _errors(path)] == []


@pytest.mark.parametrize(
    ("case", "complaint"),
    [
        ("price_text.yaml", "'teuer' is not of type 'number'"),
        ("number_id.yaml", "123 is not of type 'string'"),
        ("bad_consent.yaml", "is not one of ['all', 'necessary', 'custom']"),
        ("choices_not_list.yaml", "is not of type 'array'"),
        ("missing_text.yaml", "'text' is a required property"),
        ("buy_text.yaml", "is not of type 'boolean'"),
        ("unknown_language.yaml", "is not valid under any of the given schemas"),
        ("id_with_space.yaml", "does not match"),
    ],
)
def test_broken_packs_fail_it(case: str, complaint: str) -> None:
    messages = [e.message for e in _errors(CORPUS / "cases" / case)]
    assert any(complaint in m for m in messages), messages


def test_the_guide_names_the_schema_for_editors() -> None:
    guide = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
    assert "# yaml-language-server: $schema=" in guide and SCHEMA_FILE in guide


def test_the_schema_knows_exactly_the_loaders_keys() -> None:
    """Editor and loader agree: a key the loader takes is completed, any other flagged."""
    from kaufhaus.story import loader

    schema = json.loads((resources.files("kaufhaus.story") / SCHEMA_FILE).read_text("utf-8"))
    defs = schema["$defs"]
    assert set(schema["properties"]) == loader.STORY_KEYS
    assert set(defs["scene"]["properties"]) == loader.SCENE_KEYS
    assert set(defs["choice_fields"]["properties"]) == loader.CHOICE_KEYS
    assert set(defs["item_fields"]["properties"]) == loader.ITEM_KEYS
    assert set(defs["variant"]["properties"]) == loader.VARIANT_KEYS
    assert set(defs["effects"]["properties"]) == loader.EFFECT_KEYS
    assert set(defs["game"]["properties"]) == loader.GAME_KEYS
    assert set(defs["divert"]["properties"]) == loader.DIVERT_KEYS
    assert set(defs["on_enter"]["properties"]) == loader.ON_ENTER_KEYS
    assert set(defs["thing"]["properties"]) == loader.THING_KEYS


@pytest.mark.parametrize(
    "scene",
    [
        {"id": "a", "text": "x", "choices": [{"id": "c", "label": "L", "gotoo": "b"}]},
        {"id": "a", "text": "x", "choices": [{"id": "c", "label": "L"}]},
        {"id": "a", "text": "x", "divert": [{"when": "true"}]},
        {"id": "a", "text": "x", "items": [{"id": "i", "label": "L", "text": "t", "sett": {}}]},
    ],
)
def test_a_mistyped_or_incomplete_scene_is_flagged(scene: dict[str, Any]) -> None:
    assert list(_validator().iter_errors({"scenes": [scene]}))

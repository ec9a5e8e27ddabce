"""Every dossier export follows the shipped JSON Schema, and a broken one does not."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from kaufhaus.dossier import linked
from kaufhaus.dossier.export import export, to_json
from tests.dossier.conftest import SHIPPED, WALKS

Dossier = Callable[[str], dict[str, Any]]
Shipped = Callable[[str, str], dict[str, Any]]


def validator() -> Draft202012Validator:
    schema = linked.schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def validate_export(text: str) -> dict[str, Any]:
    """Parse an exported JSON file and hold it to the schema it names."""
    data: dict[str, Any] = json.loads(text)
    assert data["$schema"] == linked.schema()["$id"]
    validator().validate(data)
    return data


def test_the_schema_is_draft_2020_12_and_names_itself() -> None:
    schema = linked.schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == linked.SCHEMA_ID
    Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("name", SHIPPED)
def test_the_shipped_walkthroughs_validate(shipped: Shipped, name: str, lang: str) -> None:
    validate_export(to_json(shipped(name, lang)))


@pytest.mark.parametrize("name", sorted(WALKS))
def test_every_session_in_the_tests_validates(dossier: Dossier, name: str, tmp_path: Path) -> None:
    path = export(dossier(name), tmp_path / "akte.json")
    validate_export(path.read_text(encoding="utf-8"))


def _broken(d: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    cases = []

    def case(why: str, edit: Callable[[dict[str, Any]], None]) -> None:
        copied = copy.deepcopy(d)
        edit(copied)
        cases.append((why, copied))

    case("no log", lambda x: x.pop("events"))
    case("an unknown origin", lambda x: x["events"][0].update(origin="dpv:Guessed"))
    case("a sentence in German only", lambda x: x["events"][1]["description"].pop("en"))
    case("an old DPV basis", lambda x: x["purposes"][0].update({"dpv:hasLegalBasis": "Consent"}))
    case("a wrong DPV version", lambda x: x.update(dpv_version="2.0"))
    case("a conclusion without evidence", lambda x: x["inferences"][0].pop("evidence"))
    case("rights missing", lambda x: x["rights_detail"].pop())
    case("a confidence of 3", lambda x: x["inferences"][0].update(confidence=3))
    case(
        "an inference in the portable part",
        lambda x: x["portability"]["events"].append(
            {"id": 0, "t": 0, "kind": "x", "scene": "y", "origin": "dpv:InferredPersonalData"}
        ),
    )
    return cases


def test_a_broken_dossier_fails_the_schema(dossier: Dossier) -> None:
    d = dossier("tv_fan")
    validator().validate(d)
    for why, broken in _broken(d):
        with pytest.raises(ValidationError):
            validator().validate(broken)
        assert not validator().is_valid(broken), why

"""The schema is the format's contract: every export follows it, and a false file does not.

The schema is generated (``schemagen``) and shipped; the checker (``check``)
says what JSON Schema cannot. Together they reject every mutation of the
corpus (``mutations.py``), the audit's 13 examples and our own; the figures
(how many the schema rejects, how many only the checker) are printed with
``-s`` for the record.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError

from kaufhaus.dossier import linked, schemagen
from kaufhaus.dossier.check import problems
from kaufhaus.dossier.export import export, to_json
from tests.dossier.conftest import EVERY_WALKTHROUGH, WALKS
from tests.dossier.mutations import CORPUS

Dossier = Callable[[str], dict[str, Any]]
Every = Callable[[str, str], dict[str, Any]]


def validator() -> Draft202012Validator:
    schema = linked.schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


def validate_export(text: str) -> dict[str, Any]:
    """Parse an exported JSON file and hold it to the schema it names and to itself."""
    data: dict[str, Any] = json.loads(text)
    assert data["$schema"] == linked.schema()["$id"]
    validator().validate(data)
    assert problems(data) == []
    return data


def test_the_shipped_schema_is_the_generated_one() -> None:
    """Nobody edits the JSON by hand: ``python -m kaufhaus.dossier.schemagen`` writes it."""
    assert linked.schema() == schemagen.schema()
    assert linked.schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert linked.schema()["$id"] == linked.SCHEMA_ID
    Draft202012Validator.check_schema(linked.schema())


def test_its_enums_come_from_the_pinned_vocabulary_by_kind() -> None:
    defs = linked.schema()["$defs"]
    purposes = set(defs["purposeTerm"]["enum"])
    bases = set(defs["legalBasis"]["enum"])
    data = set(defs["personalData"]["enum"])
    assert purposes <= linked.dpv_terms() and bases <= linked.dpv_terms()
    assert {"dpv:PersonalisedBenefits", "dpv:ServicePersonalisation"} <= purposes
    assert "eu-gdpr:A6-1-f" in bases and "eu-gdpr:A6-1-f" not in purposes
    assert {"pd:Behavioural", "pd:Sexual"} <= data and "pd:Behavioral" not in data
    assert not purposes & bases and not purposes & data


@pytest.mark.parametrize(
    ("name", "lang"), [(n, lang) for n, _ in EVERY_WALKTHROUGH for lang in ("de", "en")]
)
def test_every_walkthrough_exports_a_valid_file(every: Every, name: str, lang: str) -> None:
    validate_export(to_json(every(name, lang)))


@pytest.mark.parametrize("name", sorted(WALKS))
def test_every_session_in_the_tests_validates(dossier: Dossier, name: str, tmp_path: Path) -> None:
    path = export(dossier(name), tmp_path / "akte.json")
    validate_export(path.read_text(encoding="utf-8"))


def test_every_mutation_that_makes_the_file_false_is_rejected(every: Every) -> None:
    check = validator()
    bases = {base: every(base, "en") for base in {m.base for m in CORPUS}}  # one copy each
    for base in bases.values():
        assert check.is_valid(base) and problems(base) == []
    by_checker = by_schema_only = 0
    escaped = []
    for mutation in CORPUS:
        mutated = copy.deepcopy(bases[mutation.base])
        mutation.edit(mutated)
        assert mutated != bases[mutation.base], f"{mutation.name}: the edit changed nothing"
        # The checker first: it takes a hundredth of a second, the schema a third of
        # one for a file it accepts; what the checker rejects needs no schema walk.
        if problems(mutated):
            by_checker += 1
        elif not check.is_valid(mutated):
            by_schema_only += 1
        else:
            escaped.append(mutation.name)
    print(
        f"\nmutation corpus: {len(CORPUS)} mutations; rejected by the checker {by_checker}, "
        f"only by the schema {by_schema_only}, accepted {len(escaped)}"
    )
    assert not escaped, escaped
    assert len(CORPUS) >= 75


def test_the_checker_names_what_is_wrong(every: Every) -> None:
    d = every("walkthroughs/tv-fan", "de")
    d["inferences"][0]["evidence"] = [99999]
    assert any("99999" in p for p in problems(d))
    d = every("walkthroughs/tv-fan", "de")
    d["summary"]["events"] += 1
    assert any("summary: events" in p for p in problems(d))
    # Malformed input is reported, not raised.
    assert problems({"events": "nonsense", "inferences": [1, 2]})


def test_a_new_conclusion_family_needs_only_its_words(
    game: Callable[[str], Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A family the engine adds (here a made-up "rumour" the shop hears) changes the
    schema by one enum value: its name, from the words the vocabulary gives it."""
    from kaufhaus.dossier.model import _inference_row, _StoryView, build_dossier
    from kaufhaus.tracking import vocabulary
    from kaufhaus.tracking.profile import Inference

    monkeypatch.setitem(
        vocabulary.INFERENCE_KIND_LABELS, "rumour", {"de": "Gerücht", "en": "rumour"}
    )
    grown, shipped = schemagen.schema(), linked.schema()
    assert set(grown["$defs"]["inferenceKind"]["enum"]) - set(
        shipped["$defs"]["inferenceKind"]["enum"]
    ) == {"rumour"}
    for key in set(grown["$defs"]) - {"inferenceKind"}:
        assert grown["$defs"][key] == shipped["$defs"][key], key
    assert grown["properties"] == shipped["properties"]

    played = game("tv_fan")
    d = build_dossier(played)
    words = {"de": "Kaufabsicht, verschämt", "en": "intent to buy, embarrassed"}
    note = Inference(
        "rumour",
        "foyer",
        "Kaufabsicht, verschämt",
        1.0,
        (d["events"][5]["id"],),
        "R-NOTE: notiert, wo die Geschichte es sagt",
        {"de": "Im Foyer notiert.", "en": "Noted in the entrance hall."},
        "analytics",
        "pd:Behavioural",
        None,
        words,
    )
    row = _inference_row(
        len(d["inferences"]) + 1,
        note,
        _StoryView(played.story),
        frozenset(e["id"] for e in d["events"]),
    )
    assert row["origin"] == "dpv:InferredPersonalData" and row["value_text"] == words
    d["inferences"].append(row)
    d["summary"]["inferences"] += 1
    d["source"]["inferences"] += 1
    Draft202012Validator(grown).validate(d)
    assert problems(d) == []
    with pytest.raises(ValidationError):
        Draft202012Validator(shipped).validate(d)

"""German and English are both complete: no label, card or UI string missing in one."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from kaufhaus.dossier import texts
from kaufhaus.dossier.reality import CARDS, SOURCES
from tests.dossier.conftest import WALKS

Dossier = Callable[[str], dict[str, Any]]


def _bilingual(value: Any, path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every {de, en} mapping inside ``value``, with where it was found."""
    if isinstance(value, dict):
        if value and set(value) <= {"de", "en"}:
            yield path, value
            return
        for k, v in value.items():
            yield from _bilingual(v, f"{path}.{k}")
    elif isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            yield from _bilingual(v, f"{path}[{i}]")


def _module_texts() -> Iterator[tuple[str, dict[str, Any]]]:
    for name in dir(texts):
        if name.isupper() and name != "UI":  # UI is per language, checked on its own
            yield from _bilingual(getattr(texts, name), name)
    for recipient in texts.RECIPIENTS:
        yield from _bilingual(recipient.does, f"RECIPIENTS.{recipient.name}")
    for card in CARDS:
        for field in ("mechanic", "title", "text", "session"):
            yield from _bilingual(getattr(card, field), f"card.{card.id}.{field}")
        for variant, session in card.variants.items():
            yield from _bilingual(session, f"card.{card.id}.variants.{variant}")
    yield from _bilingual(SOURCES, "SOURCES")


def test_ui_strings_exist_in_both_languages() -> None:
    assert set(texts.UI) == set(texts.LANGS)
    assert texts.UI["de"].keys() == texts.UI["en"].keys()
    for key in texts.UI["de"]:
        assert texts.UI["de"][key].strip() and texts.UI["en"][key].strip(), key
        fields_de = set(re.findall(r"\{(\w+)\}", texts.UI["de"][key]))
        fields_en = set(re.findall(r"\{(\w+)\}", texts.UI["en"][key]))
        assert fields_de == fields_en, key


def test_every_bilingual_text_of_the_package_is_complete() -> None:
    found = list(_module_texts())
    assert len(found) > 100
    for where, value in found:
        assert set(value) == {"de", "en"}, where
        assert value["de"].strip() and value["en"].strip(), where
        fields = [set(re.findall(r"\{(\w+)\}", value[lang])) for lang in ("de", "en")]
        assert fields[0] == fields[1], where


@pytest.mark.parametrize("name", sorted(WALKS))
def test_every_bilingual_text_of_a_dossier_is_complete(dossier: Dossier, name: str) -> None:
    for where, value in _bilingual(dossier(name)):
        assert set(value) == {"de", "en"}, where
        # Both filled, or both deliberately empty (e.g. a conclusion with no subject).
        assert bool(value["de"]) == bool(value["en"]), where


def test_every_category_the_dossier_names_has_words(dossier: Dossier) -> None:
    for name in WALKS:
        for row in dossier(name)["personal_data"]:
            assert row["term"] in texts.PD_LABELS, row["term"]


def test_german_is_written_with_german_typography() -> None:
    """Real umlauts and ß, German quotation marks: no ASCII stand-ins."""
    stand_ins = re.compile(
        r"\b(fuer|ueber|koennen|moechte|Strasse|Groesse|muessen|"
        r"waehrend|Aenderung|Loeschung|Einschraenkung)\b",
        re.I,
    )
    for where, value in _module_texts():
        german = value["de"]
        assert '"' not in german, where
        assert not stand_ins.search(german), where
        if "„" in german:
            assert german.count("„") == german.count("“"), where

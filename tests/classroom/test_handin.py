"""The hand-in: anonymous by construction, written only where and when it should be."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kaufhaus.dossier.model import build_dossier
from kaufhaus.play.handin import (
    ClassMode,
    class_mode,
    handin_from_dossier,
    handin_json,
    write_handin,
)
from kaufhaus.walkthrough import load_walkthrough, play


def tv_fan(story: Any) -> dict[str, Any]:
    return build_dossier(play(story, load_walkthrough(Path("walkthroughs/tv-fan.yaml"))))


def test_nothing_typed_and_no_device_in_the_handin(story: Any) -> None:
    dossier = tv_fan(story)
    assert dossier["data_subject"] == {"email": "fan@example.org"}
    text = handin_json(handin_from_dossier(dossier))
    assert "fan@example" not in text
    record = json.loads(text)
    assert "fingerprint" not in record and "data_subject" not in record
    assert "headless" not in text  # the device fingerprint's values
    # What the shop concluded and what the pupil paid is there.
    assert record["consent"]["choice"] == "all"
    assert record["bought"] == ["tv"]
    assert record["paid_difference"] == dossier["payments"]["difference"]


def test_typed_text_is_removed_wherever_it_appears(story: Any) -> None:
    dossier = tv_fan(story)
    # Suppose a scene pack used the typed address in a product or segment label.
    dossier["catalogue"]["tv"]["name"] = {"de": "Fernseher für fan@example.org", "en": "TV"}
    record = handin_from_dossier(dossier)
    assert "fan@example" not in json.dumps(record, ensure_ascii=False)
    assert record["products"]["tv"]["de"] == "Fernseher für [entfernt/removed]"


def test_class_mode_needs_both_variables_and_a_safe_id(tmp_path: Path) -> None:
    assert class_mode({}) is None
    assert class_mode({"KAUFHAUS_CLASS_FOLDER": str(tmp_path)}) is None
    assert (
        class_mode({"KAUFHAUS_CLASS_FOLDER": str(tmp_path), "KAUFHAUS_CLASS_GAME": "../x"}) is None
    )
    mode = class_mode({"KAUFHAUS_CLASS_FOLDER": str(tmp_path), "KAUFHAUS_CLASS_GAME": "g-0123abcd"})
    assert mode == ClassMode(tmp_path, "g-0123abcd")


def test_handin_lands_in_the_class_folder(story: Any, tmp_path: Path) -> None:
    mode = ClassMode(tmp_path, "g-0123abcd")
    record = handin_from_dossier(tv_fan(story))
    path = write_handin(mode, record)
    assert path == tmp_path / "abgaben" / "g-0123abcd.json"
    assert json.loads(path.read_text(encoding="utf-8")) == record
    assert [p.name for p in path.parent.iterdir()] == ["g-0123abcd.json"]  # no temp file left


def test_short_typed_text_does_not_blank_the_record(story: Any) -> None:
    dossier = tv_fan(story)
    dossier["data_subject"] = {"name": "-"}
    record = handin_from_dossier(dossier)
    assert record["format"] == "kaufhaus-handin"
    assert record["products"]["tv"]["de"] == "65-Zoll-UHD-Fernseher"


def test_serve_forget_deletes_the_class_and_nothing_else(
    story: Any, tmp_path: Path, capsys: Any, monkeypatch: Any
) -> None:
    from kaufhaus.cli import main
    from kaufhaus.play.session import Session

    folder = tmp_path / "klasse"
    game = folder / "spiele" / "g-0123abcd"
    session = Session(story, lang="de", seed=1, saves=game, clock=lambda: 0.0)
    session.new_game({"terminal": "80x24"})
    session.act("choose", choice="nichts")
    session.close()
    mode = ClassMode(folder, "g-0123abcd")
    write_handin(mode, handin_from_dossier(tv_fan(story)))
    (folder / "live").mkdir()
    (folder / "live" / "g-0123abcd.json").write_text(handin_json({"format": "kaufhaus-handin"}))
    (folder / "abgaben" / "notizen.json").write_text('{"mine": 1}')  # the teacher's own file
    (folder / "liste.txt").write_text("Klasse 8b")
    assert main(["serve", "--forget", "--folder", str(folder), "--lang", "de", "--yes"]) == 0
    out = capsys.readouterr().out
    assert "Abgabe" in out and "gelöscht" in out
    left = sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))
    assert left == ["abgaben", "abgaben/notizen.json", "liste.txt"]


def test_the_preview_shows_every_field_in_words(story: Any) -> None:
    import re

    from kaufhaus.play.handin import handin_text

    record = handin_from_dossier(tv_fan(story))
    for lang in ("de", "en"):
        text = handin_text(record, lang)
        for conclusion in record["conclusions"]:
            assert conclusion["label"][lang] in text
        for choice in record["choices"]:
            assert choice["label"][lang] in text
        assert ("99 %" if lang == "de" else "99%") in text  # the TV prediction
        assert ("1.582,21 €" if lang == "de" else "€1,582.21") in text
        # No internal ids: not the choices', products' or purposes' ids, no JSON.
        ids = ["kapuze", "fernseher", "alle", "tv", "fan:electronics"]
        if lang == "de":  # the purposes' ids are English words
            ids.append("advertising")
        for word in ids:
            assert not re.search(rf"(?<![\w:]){re.escape(word)}(?![\w:])", text), word
        assert "{" not in text and '"' not in text

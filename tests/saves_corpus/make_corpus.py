"""Write the damaged-save corpus (tests/saves_corpus/cases) from one good game.

    .venv/bin/python tests/saves_corpus/make_corpus.py [CASE ...]

With case names, only those are written (the others stay as committed: the
story has moved on since most were written, and their expected events with it).

Each case is one way a save goes wrong: cut off by a crash, edited by hand,
written by another program, or crafted to crash the game. expected.yaml says
what the player must be told about each (an English substring, and the event
where the problem is, if it is in an event). Cases that need the file system
(links, pipes, folders) are made by tests/test_saves_corpus.py itself.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))

from kaufhaus.saves import encode_save, read_save, save_game  # noqa: E402
from kaufhaus.story.loader import load_pack  # noqa: E402
from kaufhaus.walkthrough import parse_walkthrough, play  # noqa: E402

CASES = HERE / "cases"


#: The TV fan of walkthroughs/tv-fan.yaml, with a pause the shop logs as idle.
WALKTHROUGH = """
lang: de
seed: 7
steps:
  - choose: fernseher
  - choose: aussteigen
  - choose: alle
  - wait: 5
  - examine: fernseher
  - idle: 31
  - highlight: hinein
  - choose: hinein
  - choose: karte
  - type: max@example.org
  - choose: unterschreiben
  - choose: korb
  - highlight: elektronik
  - choose: elektronik
  - examine: tv_preis
  - choose: kaufen
  - choose: kasse
  - choose: vortreten
  - choose: karte_zahlen
  - choose: raus
  - choose: kiosk
"""

#: Cases this script did not write and cannot write again: a good save of the
#: story as it was before issue 12 (14 scenes, the banner first), kept so that
#: a save from an older story stays a located message, never a crash.
KEPT = {"old_story.jsonl"}


def base() -> tuple[dict[str, Any], list[dict[str, Any]]]:
    story = load_pack(ROOT / "scenes")
    game = play(story, parse_walkthrough(WALKTHROUGH))
    tmp = HERE / ".base.jsonl"
    save_game(game, tmp)
    save = read_save(tmp)
    tmp.unlink()
    header = save.header.as_dict()
    header["created"] = "2026-01-15T09:30:00+00:00"
    return header, [e.as_dict() for e in save.events]


def lines(header: dict[str, Any], events: list[dict[str, Any]]) -> bytes:
    out = [json.dumps(header, ensure_ascii=False, separators=(",", ":"))]
    out += [json.dumps(e, ensure_ascii=False, separators=(",", ":")) for e in events]
    return ("\n".join(out) + "\n").encode("utf-8")


def first(events: list[dict[str, Any]], kind: str) -> int:
    return next(i for i, e in enumerate(events) if e["kind"] == kind)


def main(only: set[str] | None = None) -> None:
    header, events = base()
    good = lines(header, events)
    cases: dict[str, bytes] = {}

    def with_event(index: int, change: Any) -> bytes:
        copy = json.loads(json.dumps(events))
        change(copy[index])
        return lines(header, copy)

    def set_data(kind: str, key: str, value: Any) -> bytes:
        index = first(events, kind)

        def change(e: dict[str, Any]) -> None:
            e.setdefault("data", {})[key] = value

        return with_event(index, change)

    cases["cut_in_half.jsonl"] = good[: len(good) // 2]
    cases["empty.jsonl"] = b""
    cases["only_newlines.jsonl"] = b"\n\n\n"
    cases["not_utf8.jsonl"] = good.replace(b'"scene":"kasse"', b'"scene":"k\xe4sse"', 1)
    cases["binary_garbage.jsonl"] = bytes(range(256)) * 4
    cases["json_array.jsonl"] = b"[]\n"
    cases["other_format.jsonl"] = b'{"format":"spreadsheet","version":2}\n'
    cases["newer_version.jsonl"] = good.replace(b'"version":2', b'"version":99', 1)
    cases["version_zero.jsonl"] = good.replace(b'"version":2', b'"version":0', 1)
    cases["version_text.jsonl"] = good.replace(b'"version":2', b'"version":"2"', 1)
    cases["seed_text.jsonl"] = good.replace(b'"seed":7', b'"seed":"sieben"', 1)
    cases["story_missing.jsonl"] = lines({k: v for k, v in header.items() if k != "story"}, events)
    cases["other_story.jsonl"] = good.replace(b'"id":"kaufhaus-internet"', b'"id":"baeckerei"', 1)
    cases["header_only.jsonl"] = lines(header, [])
    cases["seconds_text.jsonl"] = set_data("idle", "seconds", "abc")
    cases["product_list.jsonl"] = set_data("examine", "product", [])
    cases["take_number.jsonl"] = set_data("choice", "take", 5)
    cases["price_text.jsonl"] = set_data("price_look", "price", "billig")
    cases["dwell_infinite.jsonl"] = lines(header, events).replace(
        b'"dwell":', b'"dwell":Infinity,"x":', 1
    )
    nan = json.loads(json.dumps(events))
    nan[5]["t"] = float("nan")
    cases["nan_time.jsonl"] = lines(header, nan)
    cases["negative_time.jsonl"] = with_event(3, lambda e: e.update(t=-5))
    later = next(i for i, e in enumerate(events) if i > 0 and events[i - 1]["t"] > 0)
    cases["back_in_time.jsonl"] = with_event(later, lambda e: e.update(t=0))
    cases["huge_number.jsonl"] = good.replace(b'"id":4,', b'"id":' + b"9" * 5000 + b",", 1)
    cases["deep_nesting.jsonl"] = set_data("idle", "x", 0).replace(
        b'"x":0', b'"x":' + b"[" * 20_000 + b"]" * 20_000, 1
    )
    cases["nested_too_deep.jsonl"] = set_data("idle", "x", [[[[1]]]])
    cases["unknown_kind.jsonl"] = with_event(6, lambda e: e.update(kind="teleport"))
    cases["kind_number.jsonl"] = with_event(6, lambda e: e.update(kind=5))
    cases["wrong_id.jsonl"] = with_event(5, lambda e: e.update(id=55))
    cases["id_true.jsonl"] = with_event(0, lambda e: e.update(id=True))
    cases["scene_missing.jsonl"] = with_event(7, lambda e: e.pop("scene"))
    cases["target_number.jsonl"] = with_event(7, lambda e: e.update(target=5))
    cases["data_list.jsonl"] = with_event(7, lambda e: e.update(data=[1, 2]))
    raw = good.split(b"\n")
    raw[5] = b"42"
    cases["not_a_record.jsonl"] = b"\n".join(raw)
    raw = good.split(b"\n")
    raw.insert(6, b"")
    cases["blank_line.jsonl"] = b"\n".join(raw)
    cases["name_25000.jsonl"] = set_data("input", "value", "K" * 25_000)
    cases["line_too_long.jsonl"] = set_data("idle", "note", "x" * 70_000)
    cases["cookie_visits_text.jsonl"] = set_data("session_start", "cookie", {"visits": "many"})
    cases["cookie_interest_nan.jsonl"] = lines(
        header, [events[0] | {"data": {"cookie": {"interests": {"tv": 1}}}}, *events[1:]]
    ).replace(b'{"tv":1}', b'{"tv":NaN}', 1)
    cases["tampered_choice.jsonl"] = with_event(
        first(events, "choice"), lambda e: e.update(target="hintertuer")
    )
    cases["consent_elsewhere.jsonl"] = with_event(
        first(events, "consent"), lambda e: e.update(scene="kasse")
    )
    # Author state and undo (docs/authoring-syntax.md): checked like every event.
    last = events[-1]

    def appended(kind: str, target: str, data: dict[str, Any]) -> bytes:
        extra = {"id": len(events), "kind": kind, "t": last["t"], "scene": last["scene"]}
        return lines(header, [*events, extra | {"target": target, "data": data}])

    cases["state_undeclared.jsonl"] = appended("state", "umhang", {"carried": True})
    cases["state_value_list.jsonl"] = appended("state", "stoerungen", {"value": [1]})
    cases["undo_elsewhere.jsonl"] = appended("undo", "kasse", {"goto": "kasse", "undone": 3})
    cases["undo_text.jsonl"] = appended("undo", "kiosk", {"goto": "kiosk", "undone": "gestern"})
    # Issue 19: numbers past float range (bounded before any float conversion),
    # and fields of the right name with the wrong inner type (the schema's types).
    huge = 10**400
    cases["huge_int_time.jsonl"] = with_event(5, lambda e: e.update(t=huge))
    cases["huge_int_dwell.jsonl"] = set_data("scene_leave", "dwell", huge)
    cases["huge_int_cents.jsonl"] = set_data("price_shown", "price_cents", -huge)
    cases["huge_int_cookie.jsonl"] = set_data(
        "session_start", "cookie", {"visits": 2, "interests": {"tv": huge}}
    )
    cases["huge_int_new_field.jsonl"] = set_data("idle", "x", huge)
    cases["huge_int_play_seconds.json"] = json.dumps(
        header | {"version": 1, "play_seconds": huge, "events": events}
    ).encode()
    cases["paid_cents_list.jsonl"] = set_data("choice", "paid_cents", {"tv": [1]})
    cases["product_mapping.jsonl"] = set_data("examine", "product", {"id": "tv"})
    cases["featured_mapping.jsonl"] = set_data("scene_enter", "featured", {"tv": 1})
    cases["cookie_interests_list.jsonl"] = set_data(
        "session_start", "cookie", {"visits": 2, "interests": ["tv"]}
    )

    def claims(change: Any) -> bytes:
        return with_event(first(events, "claim_use"), lambda e: change(e["data"]["claims"]))

    cases["claims_evidence_text.jsonl"] = claims(lambda c: c[0].update(evidence=["x"]))
    cases["claims_not_records.jsonl"] = claims(lambda c: c.insert(0, [1]))
    cases["field_of_another_kind.jsonl"] = set_data("scene_leave", "product", ["tv"])
    cases["dwell_missing.jsonl"] = with_event(
        first(events, "scene_leave"), lambda e: e["data"].pop("dwell")
    )
    legacy = header | {"version": 1, "scene": "akte", "play_seconds": 12.0, "events": events}
    legacy_text = json.dumps(legacy, ensure_ascii=False, indent=1).encode("utf-8")
    cases["old_format_cut.json"] = legacy_text[: len(legacy_text) // 2]
    legacy_bad = json.loads(json.dumps(legacy))
    legacy_bad["events"][first(events, "idle")]["data"]["seconds"] = "abc"
    cases["old_format_seconds_text.json"] = json.dumps(legacy_bad, indent=1).encode()
    cases["old_format_events_not_list.json"] = json.dumps(legacy | {"events": {}}).encode()

    if only:
        unknown = only - set(cases)
        if unknown:
            raise SystemExit(f"no such case: {', '.join(sorted(unknown))}")
        cases = {name: data for name, data in cases.items() if name in only}
    else:
        for old in CASES.iterdir():
            if old.name not in KEPT:
                old.unlink()
    for name, data in sorted(cases.items()):
        (CASES / name).write_bytes(data)
    print(f"{len(cases)} cases written to {CASES}")
    assert encode_save  # the writer the game uses is the one the cases start from


if __name__ == "__main__":
    main(set(sys.argv[1:]))

"""The file tells the truth about what the player was shown and what was decided.

- "We showed you X at Y" only where Y was on screen (a text the player read
  displayed it); a price set but not shown is called set.
- Every personal price (set, changed, paid) that differs from the neutral
  shopper's is in the decisions list (Art. 15(1)(h)).
- A scene's snapshot lists the prices the player saw there, as they saw them.
- One count of "events processed after refusal", on every tab and in every export.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from kaufhaus.dossier.card import card_rows
from kaufhaus.dossier.model import build_dossier
from kaufhaus.game import Game
from kaufhaus.play.describe import after_decision_count
from kaufhaus.play.glance import glance, glance_rows, glance_summary
from kaufhaus.story.model import Story
from kaufhaus.tracking.events import Kind
from kaufhaus.tracking.numbers import cents, format_money
from kaufhaus.walkthrough import parse_walkthrough, play
from tests.dossier.conftest import EVERY_WALKTHROUGH, WALKS

Every = Callable[[str, str], dict[str, Any]]
NAMES = [name for name, _ in EVERY_WALKTHROUGH]


def _visits(d: dict[str, Any]) -> dict[int, tuple[int, int]]:
    """Each visit's events; the price changes logged on the way in are the visit's."""
    events = d["events"]
    entries, begins = [], []
    for n, e in enumerate(events):
        if e["kind"] == "scene_enter":
            first = n
            while first > 0 and events[first - 1]["kind"] == "price_change":
                first -= 1
            entries.append(e["id"])
            begins.append(events[first]["id"])
    ends = [*begins[1:], events[-1]["id"] + 1]
    return {entry: (b, end) for entry, b, end in zip(entries, begins, ends, strict=True)}


@pytest.mark.parametrize("name", NAMES)
def test_we_showed_you_only_what_was_on_screen(every: Every, name: str) -> None:
    d = every(name, "en")
    shown_text = {row["event"]: row["text"] for row in d["shown_vs_neutral"]}
    visit_text = ""
    said_shown = said_set = 0
    for e in d["events"]:
        if e["kind"] == "scene_enter":
            visit_text = shown_text.get(e["id"], "")
        if e["kind"] != "price_shown":
            continue
        sentence = e["description"]["en"]
        amount = format_money(e["data"]["price_cents"], "en")
        if e["on_screen"]:
            said_shown += 1
            assert sentence.startswith("We showed you"), sentence
            examined = any(
                x["kind"] == "examine" and x["t"] == e["t"] and x["scene"] == e["scene"]
                for x in d["events"][: e["id"]]
            )
            assert amount in visit_text or examined, (e["id"], amount)
        else:
            said_set += 1
            assert sentence.startswith("We set your price"), sentence
            assert "showed" not in sentence
            assert amount not in visit_text
    assert said_shown + said_set == sum(1 for e in d["events"] if e["kind"] == "price_shown")


@pytest.mark.parametrize("name", NAMES)
def test_every_personal_price_is_a_decision_on_file(every: Every, name: str) -> None:
    d = every(name, "de")
    decisions = d["automated_decision_making"]["decisions"]
    listed = {(x["kind"], x["event"], x.get("product")) for x in decisions}
    neutral_now: dict[str, int] = {}
    neutral_at = {r["event"]: r["neutral_prices"] for r in d["shown_vs_neutral"]}
    for e in d["events"]:
        neutral_now.update({p: cents(v) for p, v in neutral_at.get(e["id"], {}).items()})
        if e["kind"] in ("price_shown", "price_change"):
            pid = e["data"]["product"]
            normal = cents(d["catalogue"][pid]["price"])
            if e["data"]["price_cents"] != neutral_now.get(pid, normal):
                assert ("price", e["id"], pid) in listed, (e["id"], pid)
    for payment in d["payments"]["payments"]:
        for item in payment["items"]:
            if cents(item["difference"]):
                assert ("payment", payment["event"], item["product"]) in listed
    assert d["automated_decision_making"]["exists"] is bool(decisions)


def test_paying_more_is_a_decision_even_where_the_scene_showed_the_same(every: Every) -> None:
    """The audit: 0 decisions listed where the player paid more than the neutral shopper."""
    found = 0
    for name in NAMES:
        d = every(name, "de")
        payments = [
            x for x in d["automated_decision_making"]["decisions"] if x["kind"] == "payment"
        ]
        paid_more = [
            i for p in d["payments"]["payments"] for i in p["items"] if cents(i["difference"]) > 0
        ]
        assert len(payments) >= len(paid_more)
        found += len(paid_more)
    assert found, "some walkthrough pays a surcharge"


@pytest.mark.parametrize("name", NAMES)
def test_a_scene_lists_the_prices_the_player_saw_there(every: Every, name: str) -> None:
    d = every(name, "de")
    visits = _visits(d)
    for row in d["shown_vs_neutral"]:
        start, end = visits[row["event"]]
        seen: dict[str, int] = {}
        for e in (e for e in d["events"] if start <= e["id"] < end):
            data = e.get("data") or {}
            if e["scene"] != row["scene"] and e["kind"] != "price_change":
                continue  # a scene the shop did not see came between (the next morning)
            if e["kind"] in ("price_shown", "price_change", "price_look"):
                seen[data["product"]] = data["price_cents"]
            elif e["kind"] == "claim_use":
                for use in data["claims"]:
                    if use["claim"].startswith("price:") and isinstance(use["value"], int):
                        seen[use["claim"].split(":", 1)[1]] = use["value"]
            elif e["kind"] == "choice" and data.get("buy"):
                seen.update(data.get("paid_cents") or {})
        assert {p: cents(v) for p, v in row["prices"].items()} == seen, row["scene"]
        for diff in row["price_differences"]:
            assert cents(diff["yours"]) == seen[diff["product"]]


def _count_everywhere(story: Story, text: str, lang: str) -> set[int]:
    game: Game = play(story, parse_walkthrough(text.replace("lang: de", f"lang: {lang}")))
    d = build_dossier(game)
    card = glance(game)
    consent_card = next(c for c in d["reality_checks"] if c["id"] == "consent")
    summary_line = "\n".join(glance_summary(card, lang))
    counts = {
        card.processed_after_refusal,
        d["summary"]["events_after_refusal"],
        d["consent"]["after_refusal"]["processed"],
        len(d["consent"]["after_refusal"]["event_ids"]),
        sum(1 for e in d["events"] if e["after_refusal"]),
        after_decision_count(d["consent"]),
    }
    for n in counts:
        assert str(n) in consent_card["session"][lang]
        assert str(n) in summary_line
    return counts


@pytest.mark.parametrize("lang", ["de", "en"])
def test_one_count_of_events_processed_after_refusal(story: Story, lang: str) -> None:
    """The audit: 156 on one tab, 157 on another. Now one function counts for all."""
    counts = _count_everywhere(story, WALKS["reject_and_type"], lang)
    assert len(counts) == 1 and counts.pop() > 0


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("name", ["walkthroughs/tv-fan", "walkthroughs/privacy"])
def test_the_printed_card_is_the_reveals_card(story: Story, name: str, lang: str) -> None:
    path = dict(EVERY_WALKTHROUGH)[name]
    walk = parse_walkthrough(path.read_text(encoding="utf-8"))
    game = play(story, walk.__class__(**{**walk.__dict__, "lang": lang}))
    assert card_rows(build_dossier(game), lang) == glance_rows(glance(game), story, lang)


@pytest.mark.parametrize("lang", ["de", "en"])
def test_condoms_the_player_never_saw_priced_were_not_shown(every: Every, lang: str) -> None:
    """The audit's case: "Wir haben Ihnen Kondome … für 10,68 € angezeigt", never on screen."""
    d = every("walkthroughs/privacy", lang)
    condoms = [
        e for e in d["events"] if e["kind"] == "price_shown" and e["data"]["product"] == "kondome"
    ]
    assert condoms and not any(e["on_screen"] for e in condoms)
    words = {"de": ("festgesetzt", "angezeigt"), "en": ("We set your price", "showed")}[lang]
    for e in condoms:
        assert words[0] in e["description"][lang] and words[1] not in e["description"][lang]


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_legal_tab_count_says_it_counts_the_whole_visit(story: Story, lang: str) -> None:
    """Overview "after your decision 54 events were processed", Legal tab "55 events
    processed": two counts of different spans that read as one number disagreeing.
    The Legal line now names its span, and each number is its definition."""
    from kaufhaus.play.strings import tr
    from tests.conftest import WALKTHROUGHS, play_yaml

    game = play_yaml(story, (WALKTHROUGHS / "privacy.yaml").read_text())
    dossier = build_dossier(game)
    first = dossier["consent"]["events"][0]
    after = sum(1 for e in dossier["events"] if e["id"] > first and e["processed_for"])
    assert dossier["consent"]["events_processed_after_decision"] == after
    for purpose in dossier["purposes"]:
        whole = sum(1 for e in dossier["events"] if purpose["id"] in e["processed_for"])
        assert purpose["events_processed"] == whole
    widest = max(p["events_processed"] for p in dossier["purposes"])
    assert widest > after  # the banner's own events count in the whole visit only
    line = tr("legal_events", lang, n=widest)
    assert {"de": "insgesamt seit Ihrer Ankunft", "en": "in all, since you arrived"}[lang] in line


def test_a_price_is_listed_under_the_scene_that_showed_it(story: Story) -> None:
    """The price list put the flyer's soundbar price under "Der Briefkasten": the
    next morning (out of the shop's sight) was not a visit of its own in the file,
    so the letterbox's evening ran on into it."""
    from tests.conftest import WALKTHROUGHS, play_yaml

    game = play_yaml(story, (WALKTHROUGHS / "tv-fan.yaml").read_text())
    dossier = build_dossier(game)
    scene_of = {e.id: e.scene for e in game.log.events()}
    shown_in: dict[str, set[str]] = {}
    for e in game.log.events():
        if e.kind in (Kind.PRICE_SHOWN, Kind.PRICE_CHANGE, Kind.PRICE_LOOK):
            shown_in.setdefault(str(e.data.get("product") or e.target), set()).add(e.scene)
        for use in e.data.get("claims", ()) if e.kind is Kind.CLAIM_USE else ():
            if str(use.get("claim", "")).startswith("price:"):
                shown_in.setdefault(str(use["claim"])[6:], set()).add(scene_of[e.id])
    briefkasten = [row for row in dossier["shown_vs_neutral"] if row["scene"] == "briefkasten"]
    assert briefkasten  # the round comes home by the letterbox
    for row in dossier["shown_vs_neutral"]:
        for pid in row["prices"]:
            assert row["scene"] in shown_in.get(pid, set()), (row["scene"], pid)

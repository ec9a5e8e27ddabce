"""The shop says only what its file can prove.

Each case a playtester caught on main 2779075 is a walkthrough here, in German
and in English; then the truth checker itself: on random walkthroughs
(Hypothesis), on the shipped walkthroughs' transcripts, and against a pack
that claims more than its file holds (it must be caught).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kaufhaus.dossier.export import to_html, to_markdown
from kaufhaus.dossier.model import build_dossier
from kaufhaus.game import Game, GameError
from kaufhaus.story.loader import load_pack
from kaufhaus.story.model import Story
from kaufhaus.storytest import Step, apply_step, facade_api, quicktest, randomtest
from kaufhaus.tracking.events import Kind
from kaufhaus.tracking.numbers import cents, format_money, format_times, whole_percent
from kaufhaus.truth import TruthError, amounts_in, check_dossier, check_step, claim_keys
from tests.conftest import ROOT, SCENES, WALKTHROUGHS, play_yaml

LANGS = ["de", "en"]
KAUFHAUS = (sys.executable, "-m", "kaufhaus")


def steps(*lines: str, lang: str) -> str:
    return f"lang: {lang}\nseed: 3\nsteps:\n" + "".join(f"  - {line}\n" for line in lines)


#: Off the tram (the errand: nothing at all) and at the banner.
TO_THE_BANNER = ("choose: nichts", "choose: aussteigen")
#: From the foyer, without the card, with a basket, onto the sales floor.
TO_THE_FLOOR = ("choose: vorbei", "choose: korb")
#: From the sales floor through the till, buying nothing, to the kiosk.
OUT_TO_THE_KIOSK = ("choose: kasse", "choose: vortreten", "choose: durch", "choose: kiosk")


def claims(game: Game) -> list[str]:
    return claim_keys(game.log)


# -- the cases from the playtest ------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_walking_past_the_condoms_is_no_interest_in_them(story: Story, lang: str) -> None:
    """Case 1: told "the ones you found so interesting" without ever looking."""
    game = play_yaml(
        story,
        steps(
            *TO_THE_BANNER,
            "choose: alle",
            "wait: 5",
            "choose: hinein",
            "wait: 10",
            *TO_THE_FLOOR,
            "choose: drogerie",  # past the shelf with the condoms, not looking
            "wait: 10",
            "choose: zurueck",
            *OUT_TO_THE_KIOSK,
            "choose: zeitung",
            lang=lang,
        ),
    )
    texts = " ".join(s.text for s in game.shown)
    assert "interessant fanden" not in texts and "found so interesting" not in texts
    assert "Lebensstil" not in texts and "lifestyle" not in texts
    assert "interest:kondome" not in claims(game)
    assert not [i for i in game.profile.inferences() if i.subject == "kondome"]


@pytest.mark.parametrize("lang", LANGS)
def test_the_condoms_looked_at_are_used_on_the_record(story: Story, lang: str) -> None:
    """The counter-case: looked at, told about, and the dossier says where and why."""
    game = play_yaml(
        story,
        steps(
            *TO_THE_BANNER,
            "choose: alle",
            "choose: hinein",
            *TO_THE_FLOOR,
            "choose: drogerie",
            "examine: kondomregal",
            "wait: 25",
            "examine: kondomregal",
            "wait: 20",
            "choose: zurueck",
            *OUT_TO_THE_KIOSK,
            lang=lang,
        ),
    )
    dossier = build_dossier(game)
    row = next(
        r for r in dossier["inferences"] if r["kind"] == "interest" and r["subject"] == "kondome"
    )
    assert row["evidence"] and row["used"], "concluded, with evidence, and used"
    for use in row["used"]:
        assert use["evidence"] and all(e in row["evidence"] for e in use["evidence"])
        assert use["said"][lang]
    places = {u["place"]["de"] for u in row["used"]}
    assert "Am Zeitungskiosk" in places, places
    kiosk = next(s.text for s in game.shown if s.scene == "kiosk")
    assert "Kondome" in kiosk or "condoms" in kiosk


@pytest.mark.parametrize("lang", LANGS)
def test_the_price_tag_shows_the_price_the_log_holds(story: Story, lang: str) -> None:
    """Case 2: the tag read one price, the log recorded another."""
    game = play_yaml(
        story,
        steps(
            *TO_THE_BANNER,
            "choose: alle",
            "choose: hinein",
            *TO_THE_FLOOR,
            "highlight: elektronik",
            "choose: elektronik",
            "wait: 30",
            lang=lang,
        ),
    )
    logged = len(game.log)
    _event, text = game.examine("tv_preis", game.now + 5)
    look = next(e for e in game.log.events()[logged:] if e.kind is Kind.PRICE_LOOK)
    assert amounts_in(text, lang) == [look.data["price_cents"]]
    check_step(game, logged, text)


@pytest.mark.parametrize("lang", LANGS)
def test_paid_against_neutral_in_every_export(story: Story, lang: str) -> None:
    game = play_yaml(story, (WALKTHROUGHS / "tv-fan.yaml").read_text().replace("lang: de", ""))
    game.lang = lang
    dossier = build_dossier(game)
    payments = dossier["payments"]
    paid = next(e for e in game.log if e.kind is Kind.CHOICE and e.data.get("buy"))
    assert cents(payments["total_paid"]) == sum(paid.data["paid_cents"].values())
    assert payments["total_neutral"] < payments["total_paid"]
    sentence = payments["text"][lang]
    for amount in (payments["total_paid"], payments["total_neutral"]):
        assert format_money(cents(amount), lang) in sentence
    for exported in (to_markdown(dossier, lang), to_html(dossier, lang)):
        assert format_money(cents(payments["total_paid"]), lang) in exported
        assert format_money(cents(payments["total_neutral"]), lang) in exported


@pytest.mark.parametrize("lang", LANGS)
def test_a_price_that_changes_changes_on_the_record_and_is_told(story: Story, lang: str) -> None:
    """Case 3: one price in the TV department, another at the till, and nobody said why."""
    game = play_yaml(story, (WALKTHROUGHS / "tv-fan.yaml").read_text().replace("lang: de", ""))
    game.lang = lang
    shown = [e for e in game.log if e.kind is Kind.PRICE_SHOWN and e.target == "tv"]
    changes = [e for e in game.log if e.kind is Kind.PRICE_CHANGE and e.target == "tv"]
    assert shown and changes, "the TV's price was shown, then changed on the record"
    change = changes[0]
    assert change.data["old_cents"] == shown[0].data["price_cents"] != change.data["price_cents"]
    assert change.data["rule"]
    # The TV went into the basket at one price and was posted at another on the
    # way to the till: the next text the player read says so.
    last = changes[-1]
    told = next(s for s in game.shown if s.event_id > last.id)
    said = "ist eben" if lang == "de" else "has just gone"
    assert said in _render_event(story, game, told.event_id, lang)
    assert "price_change:tv" in claims(game)


def _render_event(story: Story, game: Game, event_id: int, lang: str) -> str:
    """The text shown at ``event_id`` as the player read it, replayed in ``lang``."""
    replay = Game.replay(story, game.log.events(), seed=game.seed, lang=lang)
    return next(s.text for s in replay.shown if s.event_id == event_id)


@pytest.mark.parametrize("lang", LANGS)
def test_the_basket_total_never_drifts(story: Story, lang: str) -> None:
    game = Game(story, seed=5, lang=lang)
    game.start(0.0, {})
    t = 0.0
    totals = []
    for ref in ("nichts", "aussteigen", "alle", "hinein", "vorbei", "korb", "getraenke", "fass"):
        t += 40
        game.choose(ref, t)
        totals.append(game.view().basket_total)
    for ref in ("standhaft", "kasse", "vortreten"):
        t += 40
        game.choose(ref, t)
        totals.append(game.view().basket_total)
    bought = [total for total in totals if amounts_in(total, lang) != [0]]
    assert bought and len(set(bought)) == 1, totals


@pytest.mark.parametrize("lang", LANGS)
def test_percentages_and_counts_are_written_one_way(story: Story, lang: str) -> None:
    """Case 4: 88 % in a heading, 89 % in its reason; "not once" and "1 time" together."""
    game = play_yaml(story, (WALKTHROUGHS / "tv-fan.yaml").read_text().replace("lang: de", ""))
    dossier = build_dossier(game)
    for row in dossier["inferences"]:
        if row["kind"] in ("purchase_probability", "willingness_to_pay"):
            percent = f"{whole_percent(row['value'])}"
            assert percent in row["value_text"][lang]
            assert re.search(rf"\b{percent}[ \u00a0]?%", row["reason"][lang]), row["reason"][lang]
    twitches = sum(1 for e in game.log if e.kind in (Kind.HIGHLIGHT, Kind.HOVER))
    card = next(c for c in dossier["reality_checks"] if c["id"] == "twitch")
    assert format_times(twitches, lang) in card["session"][lang]
    # What the story said about the hand is what the log counted, product by product.
    for use in dossier["claims_used"]:
        if use["claim"].startswith("twitches:"):
            pid = use["claim"].split(":", 1)[1]
            counted = [
                e.id
                for e in game.log
                if e.kind in (Kind.HIGHLIGHT, Kind.HOVER)
                and e.data.get("product") == pid
                and e.id < use["event"]
            ]
            assert use["value"] == len(counted)
            assert format_times(len(counted), lang) in use["said"][lang]
    check_dossier(game, dossier)


def test_the_pricing_card_names_the_largest_deviation(story: Story) -> None:
    game = play_yaml(story, (WALKTHROUGHS / "tv-fan.yaml").read_text())
    dossier = build_dossier(game)
    card = next(c for c in dossier["reality_checks"] if c["id"] == "pricing")
    paid = next(e for e in game.log if e.kind is Kind.CHOICE and e.data.get("buy"))
    tv = paid.data["paid_cents"]["tv"]
    deviations = [abs(tv / 149_900 - 1)] + [
        abs(e.data["price_cents"] / e.data["normal_cents"] - 1)
        for e in game.log
        if e.kind in (Kind.PRICE_SHOWN, Kind.PRICE_CHANGE, Kind.PRICE_LOOK)
    ]
    largest = whole_percent(max(deviations))
    assert largest >= whole_percent(abs(tv / 149_900 - 1)) > 0
    assert f"{largest}\u00a0%" in card["session"]["de"]
    assert f"{largest}%" in card["session"]["en"]


@pytest.mark.parametrize("lang", LANGS)
def test_evidence_says_what_was_measured(story: Story, lang: str) -> None:
    """Case 5: "stood in front of the keg for 94 s" for a player who never looked at it."""
    game = play_yaml(
        story,
        steps(
            *TO_THE_BANNER,
            "choose: alle",
            "choose: hinein",
            *TO_THE_FLOOR,
            "choose: getraenke",
            "wait: 94",
            "choose: zurueck",
            lang=lang,
        ),
    )
    keg = next(i for i in game.profile.inferences() if i.key == "interest:bierfass")
    assert "angesehen" not in keg.reason["de"] and "examined" not in keg.reason["en"]
    assert "davor gestanden" not in keg.reason["de"]
    assert "ausliegt" in keg.reason["de"] and "on display" in keg.reason["en"]


# -- the shipped walkthroughs: every euro in the transcript is in the file ------------


@pytest.mark.parametrize("walk", ["tv-fan.yaml", "privacy.yaml"])
def test_every_euro_in_the_transcript_is_in_the_dossier(tmp_path: Path, walk: str) -> None:
    out = tmp_path / "dossier.json"
    result = subprocess.run(
        [*KAUFHAUS, "autoplay", str(WALKTHROUGHS / walk), "--transcript", "--dossier", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    amounts = amounts_in(result.stdout, "de")
    assert len(amounts) >= 3, result.stdout
    in_file: set[int] = set()

    def collect(node: Any, key: str = "") -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                collect(v, str(k))
        elif isinstance(node, list):
            for v in node:
                collect(v, key)
        elif isinstance(node, (int, float)) and not isinstance(node, bool):
            in_file.add(int(node) if key.endswith("_cents") else cents(node))
            if isinstance(node, int):
                in_file.add(node)

    collect(json.loads(out.read_text(encoding="utf-8")))
    missing = [format_money(a, "de") for a in amounts if a not in in_file]
    assert not missing, missing


# -- the checker on random games ------------------------------------------------------

STORY = load_pack(SCENES, api=facade_api())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_random_walkthroughs_say_only_what_the_file_proves(data: st.DataObject) -> None:
    lang = data.draw(st.sampled_from(LANGS), label="lang")
    game = Game(STORY, seed=data.draw(st.integers(0, 9999), label="seed"), lang=lang)
    game.start(0.0, {"term": "test"})
    clock = 0.0
    for _ in range(data.draw(st.integers(1, 50), label="steps")):
        if game.ended:
            break
        view = game.view()
        options = [Step("choose", c.id) for c in view.choices]
        options += [Step("examine", i.id) for i in view.items]
        options += [Step("highlight", c.id) for c in view.choices]
        options += [Step("hover", x.id) for x in (*view.items, *view.choices)]
        options += [Step("wait", 25.0), Step("idle", 70.0), Step("back")]
        if view.prompt is not None:
            options.append(Step("type", "Max <b>[bold]"))
        step = data.draw(st.sampled_from(options), label="step")
        logged = len(game.log)
        try:
            clock, text = apply_step(game, clock, step)
        except GameError:
            continue
        check_step(game, logged, text)
    check_dossier(game, build_dossier(game))


# -- a pack that claims too much is caught ------------------------------------------

LYING_PACK = """\
id: luege
start: laden
catalogue:
  socken: {name: Socken, category: mode, price: 4.99}
  hut: {name: Hut, category: mode, price: 19.95}
scenes:
  - id: laden
    title: Im Laden
    text: Socken und ein Hut.
    items:
      - {id: socken, label: Socken, text: "Socken, {{ shop.price('socken') }}.", product: socken}
    choices:
      - {id: raus, label: Raus, goto: draussen}
  - id: draussen
    title: Draußen
    text: "{{ LIE }}"
    ending: fertig
"""


@pytest.mark.parametrize(
    ("lie", "caught"),
    [
        # An interest the profile does not hold, asked for without shop.knows().
        ("Sie lieben Hüte: {{ shop.interest('hut') }} Punkte!", "which the file does not hold"),
        # A price nobody was ever shown.
        ("Der Hut für Sie: 17,49 €.", "which the log never showed"),
    ],
)
def test_a_pack_that_claims_more_than_its_file_is_caught(
    tmp_path: Path, lie: str, caught: str
) -> None:
    pack = tmp_path / "luege"
    pack.mkdir()
    (pack / "story.yaml").write_text(LYING_PACK.replace("{{ LIE }}", lie), encoding="utf-8")
    story = load_pack(pack, api=facade_api())
    for report in (quicktest(story), randomtest(story, runs=20)):
        assert not report.ok
        assert any(caught in f.message for f in report.failures), [
            f.message for f in report.failures
        ]
    honest = pack / "story.yaml"
    honest.write_text(
        LYING_PACK.replace(
            "{{ LIE }}", "{% if shop.knows('hut') %}Hüte! {{ shop.interest('hut') }}{% endif %}"
        ),
        encoding="utf-8",
    )
    assert quicktest(load_pack(pack, api=facade_api())).ok


def test_the_checker_catches_a_doctored_log(story: Story) -> None:
    """A claim use whose value the log contradicts is caught, not trusted."""
    game = play_yaml(story, (WALKTHROUGHS / "tv-fan.yaml").read_text())
    use = next(
        e
        for e in game.log
        if e.kind is Kind.CLAIM_USE
        and any(u["claim"].startswith("twitches:") for u in e.data["claims"])
    )
    for claim in use.data["claims"]:
        if claim["claim"].startswith("twitches:"):
            claim["value"] += 1
    with pytest.raises(TruthError, match="the log says"):
        check_step(game, use.id)


# -- routes from the red-team pass (tests/walkthroughs_truth) -------------------------

TRUTH_WALKS = ROOT / "tests" / "walkthroughs_truth"


def _walk(story: Story, name: str, lang: str | None = None) -> Game:
    text = (TRUTH_WALKS / name).read_text(encoding="utf-8")
    if lang is not None:
        text = re.sub(r"^lang: \w+", f"lang: {lang}", text, flags=re.M)
    return play_yaml(story, text)


def _seen_tv_prices(game: Game) -> list[tuple[int, int | None, int | None]]:
    """For each entry into the TV department: (event, price posted, price last shown)."""
    posted: int | None = None
    seen: int | None = None
    out = []
    for e in game.log:
        if e.kind in (Kind.PRICE_SHOWN, Kind.PRICE_CHANGE) and e.target == "tv":
            posted = e.data["price_cents"]
        elif e.kind is Kind.CLAIM_USE:
            for use in e.data["claims"]:
                if use["claim"] == "price:tv":
                    seen = use["value"]
        elif e.kind is Kind.SCENE_ENTER and e.target == "elektronik":
            out.append((e.id, posted, seen))
    return out


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("walk", ["necessary-twitch.yaml", "tv-twice.yaml", "tv-coupon.yaml"])
def test_the_tv_department_says_unchanged_only_when_it_is(
    story: Story, walk: str, lang: str
) -> None:
    game = _walk(story, walk, lang)
    entries = _seen_tv_prices(game)
    texts = {s.event_id: s.text for s in game.shown}
    revisits = 0
    for event, posted, seen in entries[1:]:
        text = texts[event]
        unchanged = "unverändert" in text or "hasn’t changed" in text
        updated = "aktualisiert" in text or "has been updated" in text
        if seen is None:
            continue
        revisits += 1
        assert unchanged != updated, text
        assert unchanged == (posted == seen), (walk, posted, seen, text)
    assert revisits >= 1


TO_CASH = ("choose: kasse", "choose: vortreten", "choose: bar_zahlen")


def _offered_the_tv_coupon(lang: str) -> tuple[str, ...]:
    """tv-coupon.yaml up to the coupon (hesitant at the TV, necessary cookies only)."""
    text = (TRUTH_WALKS / "tv-coupon.yaml").read_text(encoding="utf-8")
    lines = [line.strip()[2:] for line in text.splitlines() if line.startswith("  - ")]
    return tuple(lines[: lines.index("choose: coupon")])


def _paid(game: Game) -> dict[str, int]:
    paid: dict[str, int] = next(
        e for e in game.log if e.kind is Kind.CHOICE and e.data.get("buy")
    ).data["paid_cents"]
    return paid


@pytest.mark.parametrize("lang", LANGS)
def test_a_coupon_refused_is_not_a_coupon_price_paid(story: Story, lang: str) -> None:
    offer = _offered_the_tv_coupon(lang)
    refused = play_yaml(story, steps(*offer, "choose: kaufen", *TO_CASH, lang=lang))
    offered = [e for e in refused.log if e.kind is Kind.COUPON and e.data["action"] == "shown"]
    assert offered, "the hesitant shopper was offered the coupon"
    assert _paid(refused)["tv"] >= 149_900, "no discount without taking the coupon"
    taken = _walk(story, "tv-coupon.yaml", lang)
    assert _paid(taken)["tv"] == 142_405, "taking it is 5 % off"
    # The till's coupon is for the *next* purchase: asked for and refused, it is
    # logged as refused, and today's price is the one last posted.
    till = _walk(story, "coupon-refused.yaml", lang)
    actions = [e.data["action"] for e in till.log if e.kind is Kind.COUPON]
    assert "take" not in actions and "ignore" in actions
    posted = [
        e.data["price_cents"]
        for e in till.log
        if e.kind in (Kind.PRICE_SHOWN, Kind.PRICE_CHANGE) and e.target == "bierfass"
    ]
    assert _paid(till) == {"bierfass": posted[-1]}


@pytest.mark.parametrize("lang", LANGS)
def test_the_till_names_a_price_the_player_saw_change(story: Story, lang: str) -> None:
    game = _walk(story, "tv-twice.yaml", lang)
    for entry in _seen_tv_prices(game):
        assert entry  # the route visits the TV department
    till = [s.text for s in game.shown if s.scene in ("kasse", "bezahlen")]
    assert till
    for text in till:
        assert "Kopfschmerz" not in text.split("Im Korb")[-1]
        assert "headache" not in text.split("In your basket")[-1]


def test_no_price_is_logged_that_no_text_showed(story: Story) -> None:
    game = play_yaml(
        story, steps(*TO_THE_BANNER, "choose: alle", "wait: 20", "choose: hinein", lang="de")
    )
    shown = [e for e in game.log if e.kind is Kind.PRICE_SHOWN]
    assert shown == [], [e.target for e in shown]


def test_a_condition_that_came_out_false_said_nothing(story: Story) -> None:
    game = _walk(story, "custom-back.yaml")
    # Custom consent: no text asked about consent in a way that said something.
    assert not any(c.startswith("consent:") for c in claim_keys(game.log))
    # In the queue the till remarks on what was looked at in the chemist's. The
    # same route without a look at the tights: the tights' condition comes out
    # false and says nothing, the condoms' still does.
    text = (TRUTH_WALKS / "custom-back.yaml").read_text(encoding="utf-8")
    assert "  - examine: strumpfhosen\n" in text
    game = play_yaml(story, text.replace("  - examine: strumpfhosen\n", ""))
    queue = [
        use["claim"]
        for e in game.log
        if e.kind is Kind.CLAIM_USE and e.scene == "kasse"
        for use in e.data["claims"]
    ]
    assert "seen:kondomregal" in queue
    assert "seen:strumpfhosen" not in queue


@pytest.mark.parametrize(("lang", "words"), [("de", "Sexualleben"), ("en", "sex life")])
def test_the_art9_warning_names_the_category_in_words(story: Story, lang: str, words: str) -> None:
    from kaufhaus.play.describe import special_category_line

    game = play_yaml(
        story,
        steps(
            *TO_THE_BANNER,
            "choose: alle",
            "choose: hinein",
            *TO_THE_FLOOR,
            "choose: drogerie",
            "examine: kondomregal",
            "wait: 30",
            lang=lang,
        ),
    )
    rows = build_dossier(game)["inferences"]
    warned = [special_category_line(r, story, lang) for r in rows if r["subject"] == "kondome"]
    assert warned and all(w and words in w and "sex_life" not in w for w in warned)
    assert all(special_category_line(r, story, lang) is None for r in rows if not r["art9"])


# -- every walkthrough route, checked step by step -------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    "path",
    [*sorted(WALKTHROUGHS.glob("*.yaml")), *sorted(TRUTH_WALKS.glob("*.yaml"))],
    ids=lambda p: p.name,
)
def test_every_walkthrough_route_says_only_what_the_file_proves(
    story: Story, path: Path, lang: str
) -> None:
    """The shipped players and the red-team routes, in German and English: after
    every step, what the step logged and the text on screen are checked against
    the file; at the end, the whole dossier."""
    from kaufhaus.game import lesson_state
    from kaufhaus.walkthrough import load_walkthrough

    walk = load_walkthrough(path)
    game = Game(STORY, seed=walk.seed, lang=lang)
    game.start(
        0.0, {"term": "test"}, walk.cookie, state=lesson_state(STORY) if walk.lesson else None
    )
    clock = 0.0
    for step in walk.steps:
        if step.kind == "expect":
            continue
        logged = len(game.log)
        clock, text = apply_step(game, clock, Step(step.kind, step.value))
        check_step(game, logged, text if text is not None else game.view().text)
    assert game.ended, path.name
    check_dossier(game, build_dossier(game))

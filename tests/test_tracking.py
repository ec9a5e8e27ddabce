"""The tracking engine: each conclusion fires on its behaviour, with evidence."""

from __future__ import annotations

import pytest

from kaufhaus.game import Game
from kaufhaus.story.model import Story
from kaufhaus.tracking.events import Kind
from kaufhaus.tracking.profile import Inference
from tests.conftest import ROOT, WALKTHROUGHS, play_yaml

TRUTH_WALKS = ROOT / "tests" / "walkthroughs_truth"


def inferences(game: Game, kind: str) -> dict[str, Inference]:
    return {i.subject: i for i in game.profile.inferences() if i.kind == kind}


#: Every game starts on the tram: the errand (here: nothing at all), then off
#: to the banner, where these routes begin.
TO_THE_BANNER = ("choose: nichts", "choose: aussteigen")


def steps(*lines: str, lang: str = "de", tram: tuple[str, ...] = TO_THE_BANNER) -> str:
    route = (*tram, *lines)
    return f"lang: {lang}\nseed: 1\nsteps:\n" + "".join(f"  - {line}\n" for line in route)


ACCEPT = "choose: alle"
REJECT = "choose: notwendige"
#: Into the shop, past the loyalty desk, a basket: on the sales floor.
IN = ("choose: hinein", "choose: vorbei", "choose: korb")
#: From the sales floor through the till, buying nothing.
THROUGH = ("choose: kasse", "choose: vortreten", "choose: durch")


def test_interest_fires_on_examining_and_not_otherwise(story: Story) -> None:
    looked = play_yaml(story, steps(ACCEPT, "examine: bierfass", "wait: 20", "choose: hinein"))
    passed = play_yaml(story, steps(ACCEPT, "wait: 20", "choose: hinein"))
    interest = inferences(looked, "interest")
    assert "bierfass" in interest
    assert "1× genau angesehen (20 s)" in interest["bierfass"].reason["de"]
    # Evidence points at the examine event.
    examine = next(e for e in looked.log if e.kind is Kind.EXAMINE)
    assert examine.id in interest["bierfass"].evidence
    assert "bierfass" not in inferences(passed, "interest")
    # Without any focus, 20 s at the window are spread thinly over five products.
    assert passed.profile.interest("bierfass") < looked.profile.interest("bierfass") / 3


def test_highlighting_is_the_twitching_hand(story: Story) -> None:
    game = play_yaml(
        story,
        steps(
            ACCEPT,
            *IN,
            "highlight: elektronik",
            "highlight: kasse",
            "highlight: elektronik",
            "highlight: elektronik",
            "choose: kasse",
        ),
    )
    interest = inferences(game, "interest")["tv"]
    assert "Hand dreimal gezuckt" in interest.reason["de"]
    assert "hand twitched towards it three times" in interest.reason["en"]
    highlight_ids = {
        e.id for e in game.log if e.kind is Kind.HIGHLIGHT and e.data.get("product") == "tv"
    }
    assert highlight_ids <= set(interest.evidence)


def test_interest_decays_over_time(story: Story) -> None:
    game = play_yaml(story, steps(ACCEPT, "examine: fernseher", "wait: 10", "choose: hinein"))
    fresh = game.profile.interest("tv")
    game.idle(600.0, game.now + 600.0)  # ten minutes later: two half-lives
    assert game.profile.interest("tv") == pytest.approx(fresh / 4, rel=0.01)


def test_category_interest_sums_its_products(story: Story) -> None:
    game = play_yaml(
        story,
        steps(
            ACCEPT,
            "examine: fernseher",
            "wait: 5",
            *IN,
            "choose: elektronik",
            "examine: soundbar",
            "wait: 5",
            "choose: nur_schauen",
        ),
    )
    cats = inferences(game, "category_interest")
    assert set(cats) == {"electronics"}
    total = game.profile.interest("tv") + game.profile.interest("soundbar")
    assert cats["electronics"].value == pytest.approx(total, rel=0.02)


def test_sensitive_category_is_flagged_only_for_sensitive_products(story: Story) -> None:
    condoms = play_yaml(
        story,
        steps(
            ACCEPT, *IN, "choose: drogerie", "examine: kondomregal", "wait: 4", "choose: zurueck"
        ),
    )
    sensitive = inferences(condoms, "sensitive")
    assert set(sensitive) == {"sex_life"}
    assert sensitive["sex_life"].special_category == "sex_life"
    assert "Sexualleben" in sensitive["sex_life"].reason["de"]
    tights = play_yaml(
        story,
        steps(
            ACCEPT, *IN, "choose: drogerie", "examine: strumpfhosen", "wait: 4", "choose: zurueck"
        ),
    )
    assert inferences(tights, "sensitive") == {}


def test_purchase_probability_rises_with_the_behaviour_in_the_story(story: Story) -> None:
    """33 s at the window, three twitches, two price looks: the shop's 85 %."""
    keen = play_yaml(
        story,
        steps(
            ACCEPT,
            "examine: fernseher",
            "wait: 33",
            "examine: preisschild",
            "wait: 3",
            *IN,
            "highlight: elektronik",
            "highlight: elektronik",
            "highlight: elektronik",
            "choose: elektronik",
            "examine: tv_preis",
            "wait: 4",
            "choose: nur_schauen",
        ),
    )
    p = keen.profile.purchase_probability("tv")
    assert 0.75 <= p <= 0.97
    indifferent = play_yaml(story, steps(ACCEPT, *IN, "choose: kasse"))
    assert indifferent.profile.purchase_probability("tv") < 0.2


def test_price_sensitivity_and_bargain_hunter(story: Story) -> None:
    thrifty = play_yaml(
        story,
        steps(
            ACCEPT,
            "examine: preisschild",
            "wait: 2",
            "examine: preisschild",
            "wait: 2",
            *IN,
            "choose: drogerie",
            "choose: strumpfhose",
            "choose: kasse",
            "choose: vortreten",
            "choose: coupon",
            "type: sparfuchs@example.org",
            "choose: bar_zahlen",
        ),
    )
    assert thrifty.profile.price_sensitivity() >= 0.5
    assert "bargain_hunter" in thrifty.profile.segments()
    evidence = inferences(thrifty, "price_sensitivity")["all"].evidence
    assert {e.id for e in thrifty.log if e.kind is Kind.PRICE_LOOK} <= set(evidence)
    relaxed = play_yaml(story, steps(ACCEPT, *IN, "choose: kasse"))
    assert relaxed.profile.price_sensitivity() < 0.5
    assert "bargain_hunter" not in relaxed.profile.segments()


def test_mood_and_ditherer_follow_hesitation(story: Story) -> None:
    quick = play_yaml(
        story, steps(ACCEPT, "wait: 2", "choose: hinein", "wait: 3", "choose: vorbei")
    )
    assert quick.profile.mood() == "decisive"
    assert "ditherer" not in quick.profile.segments()
    slow = play_yaml(
        story,
        steps(
            "wait: 30",
            ACCEPT,
            "wait: 40",
            "choose: hinein",
            "wait: 35",
            "choose: vorbei",
            tram=("wait: 30", "choose: nichts", "wait: 30", "choose: aussteigen"),
        ),
    )
    assert slow.profile.mood() == "unsure"
    assert "ditherer" in slow.profile.segments()
    mood = inferences(slow, "mood")["now"]
    assert "35 s" in mood.reason["de"] or "im Schnitt" in mood.reason["de"]
    choice_ids = {e.id for e in slow.log if e.kind is Kind.CHOICE}
    assert set(mood.evidence) <= choice_ids | {e.id for e in slow.log if e.kind is Kind.BACK}


def test_location_trail_and_customer_value_need_analytics_consent(story: Story) -> None:
    route = (*IN, "choose: elektronik", "choose: kaufen", "choose: kasse")
    accepted = play_yaml(story, steps(ACCEPT, *route))
    trail = inferences(accepted, "location_trail")["store"]
    assert trail.value == (
        # The tram is out of the shop's sight: the trail starts on the pavement.
        "Gehweg → Schaufenster → Eingangshalle"
        " → Kundenkarten-Schalter → Verkaufsraum → Elektronik → Verkaufsraum → Kasse"
    )
    value = inferences(accepted, "customer_value")["all"]
    assert value.value > 1400  # the TV is in the basket
    rejected = play_yaml(story, steps(REJECT, *route))
    assert inferences(rejected, "location_trail") == {}
    assert inferences(rejected, "customer_value") == {}


def test_tech_fan_segment_and_next_purchase(story: Story) -> None:
    game = play_yaml(
        story,
        steps(
            ACCEPT,
            "examine: fernseher",
            "wait: 30",
            *IN,
            "choose: elektronik",
            "choose: kaufen",
        ),
    )
    assert "fan:electronics" in game.profile.segments()
    # The TV is in the basket: the shop pushes what goes with it.
    assert inferences(game, "next_purchase").keys() == {"soundbar"}
    visit = inferences(game, "next_visit")["days"]
    assert 1 <= visit.value <= 14


def test_identity_from_what_the_player_typed(story: Story) -> None:
    game = play_yaml(
        story,
        steps(
            ACCEPT,
            "choose: hinein",
            "choose: karte",
            "type: erika@example.org",
            "choose: unterschreiben",
        ),
    )
    identity = inferences(game, "identity")
    assert identity["email"].value == "erika@example.org"
    assert identity["email"].data_category == "pd:EmailAddress"
    assert "name" not in identity  # the story asks for no name; the shop infers none
    silent = play_yaml(story, steps(ACCEPT, *IN, "choose: kasse"))
    assert inferences(silent, "identity") == {}


def test_fingerprint_is_logged_at_session_start(story: Story) -> None:
    game = play_yaml(story, steps(ACCEPT))
    fingerprint = inferences(game, "fingerprint")["device"]
    assert fingerprint.evidence == (0,)
    assert fingerprint.basis == "legitimate_interest"
    assert "timezone" in str(fingerprint.value)


def test_rejecting_stops_consent_purposes_but_not_legitimate_interest(story: Story) -> None:
    route = (
        "examine: fernseher",
        "wait: 30",
        *IN,
        "highlight: elektronik",
        "choose: elektronik",
        "examine: tv_preis",
        "wait: 5",
        "choose: nur_schauen",
    )
    rejected = play_yaml(story, steps(REJECT, *route))
    accepted = play_yaml(story, steps(ACCEPT, *route))
    # Personalisation saw nothing...
    assert rejected.profile.interest("tv") == 0
    assert inferences(rejected, "interest") == {}
    assert inferences(rejected, "purchase_probability") == {}
    # ...but the price machinery saw everything.
    assert rejected.profile.willingness_to_pay("tv") == pytest.approx(
        accepted.profile.willingness_to_pay("tv")
    )
    wtp = inferences(rejected, "willingness_to_pay")["tv"]
    assert wtp.basis == "legitimate_interest"
    consent_event = next(e for e in rejected.log if e.kind is Kind.CONSENT)
    after = rejected.profile.processed[consent_event.id + 1 :]
    assert after and all("price_optimisation" in purposes for purposes in after)
    assert not any("personalisation" in purposes for purposes in after)
    assert "privacy_minded" in rejected.profile.segments()


def test_custom_consent_grants_personalisation_but_not_advertising(story: Story) -> None:
    game = play_yaml(
        story,
        steps(
            "choose: einstellungen",
            "choose: speichern",
            "examine: fernseher",
            "wait: 10",
            "choose: hinein",
        ),
    )
    assert game.profile.interest("tv") > 0
    assert not game.profile.allowed("advertising")
    assert inferences(game, "purchase_probability")  # computed for personalisation...
    assert game.shop().probability("tv") == 0  # ...but not shown to the ad team


def test_contrasting_shoppers_end_with_different_profiles_prices_and_flyers(
    story: Story,
) -> None:
    fan = play_yaml(story, (WALKTHROUGHS / "tv-fan.yaml").read_text())
    cautious = play_yaml(story, (WALKTHROUGHS / "privacy.yaml").read_text())
    # Profiles.
    assert "fan:electronics" in fan.profile.segments()
    assert "privacy_minded" in cautious.profile.segments()
    assert "fan:electronics" not in cautious.profile.segments()
    # Prices: the fan paid a surcharge on the TV; the careful shopper's prices
    # were made personal too (price optimisation needs no consent).
    paid = {
        g: next(e for e in g.log if e.kind is Kind.CHOICE and e.data.get("buy")).data["paid_cents"]
        for g in (fan, cautious)
    }
    assert paid[fan]["tv"] > 149_900
    normal = {pid: round(story.catalogue[pid].price * 100) for pid in paid[cautious]}
    assert paid[cautious] != normal
    # The flyers, the morning after.
    flyers = {g: next(s.text for s in g.shown if s.scene == "tag_danach") for g in (fan, cautious)}
    assert "Für fan@example.org: Wir haben an Sie gedacht!" in flyers[fan]
    assert "Soundbar" in flyers[fan]
    assert "Gartenzwerge" in flyers[cautious]
    assert "berechtigtes Interesse" in flyers[cautious]
    # Each explained by its events.
    for game in (fan, cautious):
        ids = {e.id for e in game.log}
        for inference in game.profile.inferences():
            assert inference.evidence, inference.key
            assert set(inference.evidence) <= ids, inference.key


def test_targeting_team_waits_only_with_advertising_consent(story: Story) -> None:
    route = (
        "examine: fernseher",
        "wait: 30",
        *IN,
        "highlight: elektronik",
        "choose: elektronik",
        "choose: nur_schauen",
        *THROUGH,
        "choose: kiosk",
    )
    keen = play_yaml(story, steps(ACCEPT, *route))
    assert "Targeting-Team" in keen.view().text
    assert "der 65-Zoll-Fernseher" in keen.view().text
    shy = play_yaml(story, steps(REJECT, *route))
    assert "Targeting-Team" not in shy.view().text


def test_coupon_offer_is_logged_as_shown_and_ignored(story: Story) -> None:
    # The hesitant TV shopper of tv-coupon.yaml walks away from the offer once,
    # comes back to it and takes it.
    walkthrough = (TRUTH_WALKS / "tv-coupon.yaml").read_text()
    offered, rest = walkthrough.split("  - choose: coupon\n")
    again = "  - choose: nur_schauen\n  - choose: elektronik\n  - wait: 5\n  - choose: coupon\n"
    game = play_yaml(story, offered + again + rest)
    actions = [e.data["action"] for e in game.log if e.kind is Kind.COUPON]
    assert actions.count("shown") >= 2
    assert "take" in actions and "ignore" in actions


def test_price_look_records_the_price_shown(story: Story) -> None:
    game = play_yaml(story, steps(ACCEPT, "examine: preisschild"))
    look = next(e for e in game.log if e.kind is Kind.PRICE_LOOK)
    assert look.target == "tv"
    assert look.data["normal_cents"] == 149_900
    assert 149_900 * 0.92 <= look.data["price_cents"] <= 149_900 * 1.12
    # The tag says what the log says: the price posted before the look.
    shown = [e for e in game.log if e.kind is Kind.PRICE_SHOWN and e.target == "tv"]
    assert shown and shown[-1].id < look.id
    assert shown[-1].data["price_cents"] == look.data["price_cents"]


def test_paying_empties_the_basket_into_the_purchase_history(story: Story) -> None:
    game = play_yaml(
        story,
        steps(
            ACCEPT,
            *IN,
            "choose: elektronik",
            "choose: kaufen",
            "choose: kasse",
            "choose: vortreten",
            "choose: karte_zahlen",
            "choose: raus",
        ),
    )
    assert game.basket() == []
    interest = inferences(game, "interest")["tv"]
    assert "schon gekauft" in interest.reason["de"]
    # The shop now pushes what goes with the TV, not the TV.
    assert game.profile.wish() != "tv"
    assert inferences(game, "customer_value")["all"].value >= 1499


def test_a_coupon_offer_stands_while_the_player_looks(story: Story) -> None:
    """Hovering the offer makes the shop surer of the sale, but the offer stays."""
    walkthrough = (TRUTH_WALKS / "tv-coupon.yaml").read_text()
    game = play_yaml(story, walkthrough.split("  - choose: coupon")[0])
    assert game.scene_id == "elektronik"
    assert "coupon" in [c.id for c in game.view().choices]
    price = game.shop().price("tv")
    for _ in range(8):
        game.hover("coupon", game.now + 1)
        game.highlight("kaufen", game.now + 1)
    assert "coupon" in [c.id for c in game.view().choices]
    assert game.shop().price("tv") == price


def test_categories_are_named_in_the_players_language(story: Story) -> None:
    game = play_yaml(
        story,
        steps(
            ACCEPT,
            "examine: fernseher",
            "wait: 30",
            *IN,
            "choose: elektronik",
            "choose: kaufen",
        ),
    )
    cats = inferences(game, "category_interest")
    assert "„Elektronik“" in cats["electronics"].reason["de"]
    segment = inferences(game, "segment")["fan:electronics"]
    assert segment.label == {
        "de": "Fan der Warengruppe Elektronik",
        "en": "a fan of the electronics category",
    }
    assert story.category_name("drugstore", "en") == "chemist's"
    assert story.category_name("no-such-category", "de") == "no-such-category"

"""Properties of the tracking engine for any behaviour hypothesis can invent."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kaufhaus.game import Game, GameError, catalogue_info, places_info
from kaufhaus.story.loader import load_pack
from kaufhaus.tracking.events import Event, Kind
from kaufhaus.tracking.numbers import cents
from kaufhaus.tracking.pricing import quote
from kaufhaus.tracking.profile import Profile
from tests.conftest import SCENES

STORY = load_pack(SCENES)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

ACTIONS = (
    "choose",
    "choose",
    "choose",
    "choose",
    "examine",
    "examine",
    "highlight",
    "hover",
    "type",
    "back",
    "idle",
    "price",
)


def random_session(data: st.DataObject, max_steps: int = 60) -> tuple[Game, list[Any]]:
    """Play random actions; return the game and the recipe to play it again."""
    seed = data.draw(st.integers(0, 2**16), label="seed")
    lang = data.draw(st.sampled_from(["de", "en"]), label="lang")
    game = Game(STORY, seed=seed, lang=lang)
    game.start(0.0, {"term": "test"})
    recipe: list[Any] = [(seed, lang)]
    t = 0.0
    for _ in range(data.draw(st.integers(1, max_steps), label="steps")):
        if game.ended:
            break
        t += data.draw(st.floats(0, 90, allow_nan=False), label="wait")
        action = data.draw(st.sampled_from(ACTIONS), label="action")
        view = game.view()
        try:
            if action == "choose" and view.choices:
                arg: Any = data.draw(st.sampled_from([c.id for c in view.choices]))
                game.choose(arg, t)
            elif action == "examine" and view.items:
                arg = data.draw(st.sampled_from([i.id for i in view.items]))
                game.examine(arg, t)
            elif action == "highlight" and view.choices:
                arg = data.draw(st.sampled_from([c.id for c in view.choices]))
                game.highlight(arg, t)
            elif action == "hover" and (view.choices or view.items):
                arg = data.draw(
                    st.sampled_from([c.id for c in view.choices] + [i.id for i in view.items])
                )
                game.hover(arg, t)
            elif action == "type" and view.prompt:
                arg = data.draw(st.text(max_size=20))
                game.type_text(arg, t)
            elif action == "back":
                arg = None
                game.back(t)
            elif action == "idle":
                arg = data.draw(st.floats(1, 300, allow_nan=False))
                t += arg
                game.idle(arg, t)
            elif action == "price":
                arg = data.draw(st.sampled_from(sorted(STORY.catalogue)))
                game.look_price(arg, t)
            else:
                continue
        except GameError:
            continue  # e.g. back with nowhere to go: the player just can't
        recipe.append((action, arg, t))
    return game, recipe


def replay_recipe(recipe: list[Any]) -> Game:
    seed, lang = recipe[0]
    game = Game(STORY, seed=seed, lang=lang)
    game.start(0.0, {"term": "test"})
    for action, arg, t in recipe[1:]:
        if action == "choose":
            game.choose(arg, t)
        elif action == "examine":
            game.examine(arg, t)
        elif action == "highlight":
            game.highlight(arg, t)
        elif action == "hover":
            game.hover(arg, t)
        elif action == "type":
            game.type_text(arg, t)
        elif action == "back":
            game.back(t)
        elif action == "idle":
            game.idle(arg, t)
        elif action == "price":
            game.look_price(arg, t)
    return game


def snapshot(profile: Profile) -> list[dict[str, Any]]:
    return [i.as_dict() for i in profile.inferences()]


@SETTINGS
@given(st.data())
def test_replaying_the_log_gives_the_same_profile_and_scene(data: st.DataObject) -> None:
    game, _ = random_session(data)
    events = game.log.events()
    replayed = Game.replay(STORY, events, seed=game.seed, lang=game.lang)
    assert snapshot(replayed.profile) == snapshot(game.profile)
    assert replayed.view() == game.view()
    assert replayed.shown == game.shown

    folded = Profile(catalogue_info(STORY), unobserved=STORY.unobserved, places=places_info(STORY))
    for event in events:
        folded.apply(event)
    assert snapshot(folded) == snapshot(game.profile)
    assert folded.processed == game.profile.processed


@SETTINGS
@given(st.data())
def test_every_evidence_id_refers_to_an_existing_event(data: st.DataObject) -> None:
    game, _ = random_session(data)
    ids = {e.id for e in game.log}
    assert [e.id for e in game.log] == list(range(len(game.log)))
    for inference in game.profile.inferences():
        assert set(inference.evidence) <= ids, inference.key


@SETTINGS
@given(st.data())
def test_results_are_deterministic_for_a_seed(data: st.DataObject) -> None:
    game, recipe = random_session(data, max_steps=25)
    again = replay_recipe(recipe)
    assert [e.as_dict() for e in again.log] == [e.as_dict() for e in game.log]
    assert snapshot(again.profile) == snapshot(game.profile)
    assert again.view() == game.view()


@SETTINGS
@given(st.data())
def test_prices_shown_stay_within_the_packs_bounds(data: st.DataObject) -> None:
    game, _ = random_session(data)
    bounds = STORY.pricing
    for event in game.log:
        prices = dict(event.data.get("paid_cents", {}))
        if event.kind in (Kind.PRICE_LOOK, Kind.PRICE_SHOWN, Kind.PRICE_CHANGE):
            prices[event.target] = event.data["price_cents"]
        for pid, price in prices.items():
            normal = cents(STORY.catalogue[pid].price)
            assert normal * bounds.min_factor - 1 <= price <= normal * bounds.max_factor + 1


@given(
    willingness=st.floats(0, 1),
    sensitivity=st.floats(0, 1),
    low=st.floats(0.5, 1.0),
    high=st.floats(1.0, 2.0),
    rate=st.floats(0, 0.5),
    held=st.booleans(),
)
def test_quote_is_always_bounded(
    willingness: float, sensitivity: float, low: float, high: float, rate: float, held: bool
) -> None:
    q = quote(
        "x",
        10_000,
        willingness,
        sensitivity,
        min_factor=low,
        max_factor=high,
        coupon_rate=rate,
        coupon_held=held,
    )
    assert low - 1e-9 <= q.factor <= high + 1e-9
    assert 10_000 * low - 1 <= q.cents <= 10_000 * high + 1
    assert isinstance(q.cents, int)


EVENT_KINDS = st.sampled_from(list(Kind))
PRODUCTS = st.sampled_from([*sorted(STORY.catalogue), "nonsense", None])


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.tuples(
            EVENT_KINDS,
            st.floats(0, 50, allow_nan=False),
            PRODUCTS,
            st.sampled_from(["all", "necessary", "custom", "x", "take", "ignore", "shown"]),
        ),
        max_size=60,
    )
)
def test_profile_folds_any_event_stream(raw: list[tuple[Kind, float, str | None, str]]) -> None:
    """Even nonsense events (unknown products, odd data) never break the profile."""
    profile = Profile(catalogue_info(STORY))
    t = 0.0
    for index, (kind, dt, product, word) in enumerate(raw):
        t += dt
        data: dict[str, Any] = {
            "choice": word,
            "action": word,
            "seconds": dt,
            "value": word,
            "featured": [product] if product else [],
            "place": word,
        }
        if product is not None:
            data["product"] = product
            data["take"] = [product]
        profile.apply(Event(index, kind, t, "s", word, data))
    ids = set(range(len(raw)))
    for inference in profile.inferences():
        assert set(inference.evidence) <= ids
        assert 0.0 <= inference.confidence <= 1.0
    assert 0.0 <= profile.price_sensitivity() <= 1.0
    for pid in STORY.catalogue:
        assert 0.0 < profile.purchase_probability(pid) < 1.0


def _claim_keys(profile: Profile) -> list[str]:
    """Every key a text could ask for, in the families a claim is drawn alone for."""
    keys = ["next_visit:days", "mood:now", "returning_customer:cookie", "price_sensitivity:all"]
    for pid in STORY.catalogue:
        keys += [f"interest:{pid}", f"purchase_probability:{pid}", f"next_purchase:{pid}"]
    categories = {p.category for p in STORY.catalogue.values()}
    keys += ["segment:bargain_hunter", "segment:ditherer", "segment:privacy_minded"]
    keys += [f"segment:fan:{cat}" for cat in sorted(categories)]
    return keys + list(profile.conclusions())


def assert_claims_agree_with_the_file(profile: Profile) -> None:
    """A claim drawn on its own is exactly the conclusion the whole file holds, or none."""
    conclusions = profile.conclusions()
    for key in _claim_keys(profile):
        found = conclusions.get(key)
        expected = (key, found.value, found.evidence) if found and found.evidence else None
        claim = profile.claim(key)
        assert (None if claim is None else (claim.key, claim.value, claim.evidence)) == expected


@SETTINGS
@given(st.data())
def test_a_claim_drawn_alone_is_the_conclusion_in_the_file(data: st.DataObject) -> None:
    game, _ = random_session(data)
    assert_claims_agree_with_the_file(game.profile)


def test_the_cookies_claims_drawn_alone_agree_with_the_file() -> None:
    game = Game(STORY, seed=2, lang="de")
    game.start(0.0, {"term": "test"}, {"visits": 3, "interests": {"tv": 5.0}})
    assert_claims_agree_with_the_file(game.profile)
    assert game.profile.claim("returning_customer:cookie") is not None

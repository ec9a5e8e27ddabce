"""The dossier as a data-access response: complete, consistent, honest, reproducible."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from kaufhaus.dossier.export import to_json
from kaufhaus.dossier.model import added_for_you, build_dossier
from kaufhaus.game import Game
from kaufhaus.story.model import Story
from kaufhaus.tracking.events import in_file
from kaufhaus.tracking.purposes import CONSENT_PURPOSES, LEGITIMATE_PURPOSES
from tests.dossier.conftest import HOSTILE_NAME, WALKS, play_walk

Dossier = Callable[[str], dict[str, Any]]

#: Keys the TUI and others already read; the shape may grow, these stay.
KEPT_KEYS = {
    "events",
    "inferences",
    "consent",
    "purposes",
    "profile",
    "shown_vs_neutral",
    "reality_checks",
    "data_subject",
    "fingerprint",
    "format",
    "version",
    "lang",
    "story",
    "seed",
    "ended",
    "duration_seconds",
}


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield str(k)
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)
    elif isinstance(value, str):
        yield value


def _event_ids(d: dict[str, Any]) -> set[int]:
    return {e["id"] for e in d["events"]}


def test_keeps_the_keys_others_read(dossier: Dossier) -> None:
    d = dossier("tv_fan")
    assert d.keys() >= KEPT_KEYS
    assert d["format"] == "kaufhaus-dossier"
    assert d["ended"] is True
    assert d["lang"] == "de"


def test_json_ld_context_names_the_dpv_namespaces(dossier: Dossier) -> None:
    context = dossier("tv_fan")["@context"]
    assert context["dpv"] == "https://w3id.org/dpv#"
    assert context["pd"] == "https://w3id.org/dpv/pd#"
    assert context["dpv:hasPurpose"] == {"@type": "@id"}


@pytest.mark.parametrize("name", sorted(WALKS))
def test_every_piece_of_evidence_refers_to_a_logged_event(
    dossier: Dossier, game: Callable[[str], Game], name: str
) -> None:
    d = dossier(name)
    ids = _event_ids(d)
    # The file holds every event but the story's own bookkeeping (author state)
    # and what the player did where the shop does not see (the tram).
    played = game(name)
    assert ids == {e.id for e in played.log.events() if in_file(e, played.story.unobserved)}
    rows = {e["id"]: e for e in d["events"]}
    for inference in d["inferences"]:
        assert inference["evidence_valid"]
        assert set(inference["evidence"]) <= ids, inference["id"]
    for card in d["reality_checks"]:
        assert card["triggered_by_events"], card["id"]
        assert set(card["triggered_by_events"]) <= ids, card["id"]
    for row in d["shown_vs_neutral"]:
        assert row["event"] in ids
        assert rows[row["event"]]["kind"] == "scene_enter"
    for row in d["price_comparison"]:
        assert set(row["differing_events"]) <= ids
    for decision in d["automated_decision_making"]["decisions"]:
        assert decision["event"] in ids
    assert set(d["consent"]["events"]) <= ids
    if d["consent"]["after_refusal"]:
        assert set(d["consent"]["after_refusal"]["event_ids"]) <= ids
    assert set(d["special_categories"]["observed_events"]) <= ids


def test_rejecting_stops_consent_purposes_but_legitimate_interest_goes_on(
    dossier: Dossier,
) -> None:
    d = dossier("privacy")
    consent = d["consent"]
    decision = consent["events"][0]
    assert consent["choice"] == "necessary"
    assert set(consent["refused"]) == CONSENT_PURPOSES

    later = [e for e in d["events"] if e["id"] > decision]
    assert later
    for event in later:
        assert not set(event["processed_for"]) & CONSENT_PURPOSES, event["id"]
        assert set(event["processed_for"]) >= LEGITIMATE_PURPOSES, event["id"]
        assert "legitimate_interest" in event["legal_bases"]
        assert event["after_refusal"] is True

    after = consent["after_refusal"]
    assert after["since_event"] == decision
    assert after["events"] == after["processed"] == len(later)
    assert after["refused_purposes_processed"] == 0
    assert after["by_basis"]["legitimate_interest"] == len(later)
    assert after["by_basis"]["legitimate_interest"] == len(later)
    assert d["summary"]["events_after_refusal"] == len(later)

    purposes = {p["id"]: p for p in d["purposes"]}
    for pid in CONSENT_PURPOSES:
        assert purposes[pid]["status"] == "refused"
        assert purposes[pid]["refused_by_player"] is True
        assert purposes[pid]["events_processed"] == 0
        assert purposes[pid]["events_after_refusal"] == 0
    for pid in LEGITIMATE_PURPOSES:
        assert purposes[pid]["status"] == "no_consent_needed"
        assert purposes[pid]["dpv:hasLegalBasis"] == "eu-gdpr:A6-1-f"
        assert purposes[pid]["events_after_refusal"] == len(later)
        assert purposes[pid]["events_processed"] == len(d["events"])
    # And the conclusions that need consent were never drawn.
    kinds = {i["kind"] for i in d["inferences"]}
    assert not kinds & {
        "interest",
        "purchase_probability",
        "mood",
        "location_trail",
        "customer_value",
        "next_purchase",
    }


def test_accepting_everything_leaves_nothing_after_a_refusal(dossier: Dossier) -> None:
    d = dossier("tv_fan")
    assert d["consent"]["choice"] == "all"
    assert d["consent"]["refused"] == []
    assert d["consent"]["after_refusal"] is None
    assert not any(e["after_refusal"] for e in d["events"])
    purposes = {p["id"]: p for p in d["purposes"]}
    assert all(purposes[p]["status"] == "granted" for p in CONSENT_PURPOSES)
    assert purposes["personalisation"]["events_processed"] > 0


def test_the_settings_route_refuses_only_advertising(dossier: Dossier) -> None:
    d = dossier("custom_settings")
    assert d["consent"]["refused"] == ["advertising"]
    # What the player let stand goes on (personalisation); nothing went to what was
    # refused, so nothing was processed "despite the refusal" (issue 20).
    purposes = {p["id"]: p for p in d["purposes"]}
    assert purposes["personalisation"]["events_processed"] > 0
    assert d["consent"]["after_refusal"]["processed"] == 0
    assert d["consent"]["after_refusal"]["by_purpose"] == {}


def test_nobody_asked_means_no_consent_record(dossier: Dossier) -> None:
    d = dossier("no_decision")
    assert d["consent"]["choice"] is None
    assert {p["status"] for p in d["purposes"] if p["legal_basis"] == "consent"} == {"not_asked"}


def test_what_the_player_typed_is_the_data_subject(dossier: Dossier) -> None:
    d = dossier("reject_and_type")
    # Typed at the loyalty desk, then the card refused: what was typed stays typed.
    assert d["data_subject"] == {"email": HOSTILE_NAME}
    categories = {c["term"]: c for c in d["personal_data"]}
    assert "dpv:ProvidedPersonalData" in categories["pd:EmailAddress"]["origins"]
    # The story never asks for a name, so the file claims none.
    assert "pd:Name" not in categories


def test_the_player_price_is_compared_with_the_neutral_price(dossier: Dossier) -> None:
    d = dossier("tv_fan")
    tv = next(p for p in d["price_comparison"] if p["product"] == "tv")
    assert tv["normal"] == 1499.0
    assert tv["neutral"] == 1499.0
    assert tv["yours_max"] > tv["neutral"]
    assert tv["paid"] is not None and tv["paid"] > tv["normal"]
    assert tv["differing_events"]
    priced = [s for s in d["shown_vs_neutral"] if s["prices_personalised"]]
    assert priced
    for row in priced:
        for diff in row["price_differences"]:
            assert diff["yours"] == row["prices"][diff["product"]]
            assert diff["neutral"] == row["neutral_prices"][diff["product"]]
            assert diff["difference"] == pytest.approx(diff["yours"] - diff["neutral"])


def test_personalised_scenes_are_flagged_and_counted(dossier: Dossier) -> None:
    d = dossier("tv_fan")
    rows = d["shown_vs_neutral"]
    assert any(r["personalised"] for r in rows)
    assert all(r["personalised"] == (r["text"] != r["neutral_text"]) for r in rows)
    assert d["summary"]["personalised_scenes"] == sum(r["personalised"] for r in rows)
    added = [r for r in rows if r["added_for_you"]]
    assert added and all(r["personalised"] for r in added)
    assert d["summary"]["scenes_added_for_you"] == len(added)
    plain = dossier("accept_and_enter")
    assert not any(r["personalised"] for r in plain["shown_vs_neutral"])


def test_a_text_only_counts_as_made_for_you_if_it_adds_something() -> None:
    neutral = "Am Kiosk. Der Besitzer nickt. Hinter der Säule: niemand."
    assert not added_for_you(neutral, neutral)
    assert not added_for_you("Am Kiosk. Der Besitzer nickt.", neutral)
    assert added_for_you("Am Kiosk. Das Targeting-Team wartet. Hinter der Säule: niemand.", neutral)
    assert added_for_you("Am Kiosk, Max Mustermann. Der Besitzer nickt.", neutral)


def test_automated_decisions_come_with_the_logic_of_every_conclusion(dossier: Dossier) -> None:
    d = dossier("tv_fan")
    adm = d["automated_decision_making"]
    assert adm["exists"] is True
    assert "dpv:AutomatedDecisionMaking" in adm["dpv:hasContext"]
    assert {x["kind"] for x in adm["decisions"]} >= {"price", "text"}
    rules = {r["text"] for r in adm["logic"]}
    assert {i["rule"] for i in d["inferences"]} == rules
    assert all(r["explanation"]["de"] and r["explanation"]["en"] for r in adm["logic"])
    pricing = adm["pricing"]
    assert pricing["min_factor"] < 1 < pricing["max_factor"]
    assert not dossier("accept_and_enter")["automated_decision_making"]["exists"]


def test_special_categories_under_legitimate_interest_are_called_out(dossier: Dossier) -> None:
    d = dossier("reject_and_type")
    special = d["special_categories"]
    examine = next(
        e for e in d["events"] if e["kind"] == "examine" and e["target"] == "kondomregal"
    )
    assert examine["data_category"] == "pd:Sexual"
    assert examine["id"] in special["observed_events"]
    condoms = [s for s in special["inferences"] if s["subject"] == "kondome"]
    assert condoms
    assert all(s["legal_basis"] == "legitimate_interest" for s in condoms)
    assert "berechtigtes Interesse" in condoms[0]["note"]["de"]
    assert next(c for c in d["personal_data"] if c["term"] == "pd:Sexual")["special_category"]


def test_special_categories_under_consent_are_inferred_and_flagged(dossier: Dossier) -> None:
    d = dossier("accept_and_condoms")
    sensitive = [i for i in d["inferences"] if i["kind"] == "sensitive"]
    assert sensitive and sensitive[0]["subject"] == "sex_life"
    assert all(i["art9"] for i in sensitive)
    assert d["summary"]["special_category_inferences"] >= 1


def test_conclusions_for_refused_purposes_are_marked(dossier: Dossier) -> None:
    d = dossier("reject_and_type")
    for inference in d["inferences"]:
        refused = inference["purpose"] in d["consent"]["refused"]
        assert inference["purpose_refused"] == refused


def test_a_conclusion_keeps_what_the_engine_said(dossier: Dossier) -> None:
    engine_keys = {
        "kind",
        "subject",
        "value",
        "confidence",
        "evidence",
        "rule",
        "reason",
        "purpose",
        "legal_basis",
        "data_category",
        "special_category",
        "label",
    }
    d = dossier("privacy")
    for inference in d["inferences"]:
        assert engine_keys <= inference.keys()
        assert inference["kind_label"]["de"] and inference["kind_label"]["en"]
    segments = [i for i in d["inferences"] if i["kind"] == "segment"]
    assert segments
    for segment in segments:
        if segment["label"]:
            assert segment["subject_label"] == segment["label"]


def test_a_cookie_from_an_earlier_visit_is_on_file(dossier: Dossier) -> None:
    d = dossier("returning")
    assert d["cookie"] == {"interests": {"kondome": 2.0, "tv": 4.0}, "visits": 3}
    assert "cookie" not in d["fingerprint"]
    start = d["events"][0]
    assert start["kind"] == "session_start"
    assert "Cookie" in start["description"]["de"] and "cookie" in start["description"]["en"]
    returning = [i for i in d["inferences"] if i["kind"] == "returning_customer"]
    assert returning and returning[0]["evidence"] == [0]
    # Read before the banner: the remembered interests price you under legitimate interest.
    assert start["id"] < d["consent"]["events"][0]
    assert dossier("tv_fan")["cookie"] is None


def test_recipients_are_the_fictional_347_partners(dossier: Dossier) -> None:
    recipients = dossier("privacy")["recipients"]
    assert recipients["count"] == 347
    assert recipients["fictional"] is True
    assert recipients["unnamed"] + len(recipients["dpv:hasRecipient"]) == 347
    received = {r["name"]: r["received"] for r in recipients["dpv:hasRecipient"]}
    # Refusing only stops the partners that live on consent.
    assert received["Tagespreis-Rechenzentrum AG"] is True
    assert received["Zuckanalyse Rhein-Ruhr GmbH"] is False


def test_the_timeline_describes_every_event_in_both_languages(dossier: Dossier) -> None:
    d = dossier("reject_and_type")
    for event in d["events"]:
        assert event["description"]["de"] and event["description"]["en"]
    typed = next(e for e in d["events"] if e["kind"] == "input" and e["target"] == "email")
    assert HOSTILE_NAME in typed["description"]["de"]


def test_changing_a_dossier_cannot_change_the_game(story: Story) -> None:
    played = play_walk(story, WALKS["tv_fan"])
    before = to_json(build_dossier(played))
    d = build_dossier(played)
    for row in d["events"]:
        for value in row.get("data", {}).values():
            if isinstance(value, (list, dict)):
                value.clear()
    d["@context"].clear()
    for inference in d["inferences"]:
        inference["reason"].clear()
    assert to_json(build_dossier(played)) == before


@pytest.mark.parametrize("name", ["tv_fan", "privacy", "reject_and_type"])
def test_the_dossier_is_reproducible_and_replayable(
    story: Story, game: Callable[[str], Game], name: str
) -> None:
    played = game(name)
    first = to_json(build_dossier(played))
    assert to_json(build_dossier(played)) == first
    replayed = Game.replay(story, played.log.events(), seed=played.seed, lang=played.lang)
    assert to_json(build_dossier(replayed)) == first


# ------------------------------------------------------------------ the log in sentences
def _story_ids(story: Story) -> set[str]:
    ids = set(story.scenes) | set(story.catalogue)
    for scene in story.scenes.values():
        ids |= {c.id for c in scene.choices} | {i.id for i in scene.items}
    return ids


def _story_words(story: Story, lang: str) -> str:
    """Every name the story itself gives, in one language (an id may be a real word)."""
    parts = [p.name.source(lang) for p in story.catalogue.values()]
    for scene in story.scenes.values():
        parts.append(scene.title.source(lang))
        parts += [c.label.source(lang) for c in scene.choices]
        parts += [i.label.source(lang) for i in scene.items]
    return " ".join(parts)


_INTERNAL = re.compile(r"\b[a-z]+_[a-z_]+\b|\b(?:dpv|pd|eu-gdpr):|\bR-[A-Z]{2,3}\b")


@pytest.mark.parametrize("name", sorted(WALKS))
def test_every_log_entry_is_a_sentence_without_internal_ids(
    story: Story, dossier: Dossier, name: str
) -> None:
    d = dossier(name)
    ids = _story_ids(story)
    for lang in ("de", "en"):
        words = _story_words(story, lang)
        foreign = {i for i in ids if not re.search(rf"\b{re.escape(i)}\b", words)}
        for event in d["events"]:
            sentence = event["description"][lang]
            assert sentence[:1].isupper(), (lang, sentence)
            assert sentence.rstrip("“”\"'").endswith((".", "!", "?")), (lang, sentence)
            if event["kind"] == "input":
                continue  # what the player typed is theirs, shown as typed
            assert not _INTERNAL.search(sentence), (lang, sentence)
            leaked = {i for i in foreign if re.search(rf"\b{re.escape(i)}\b", sentence)}
            assert not leaked, (lang, sentence, leaked)


def test_the_log_speaks_to_the_player_in_their_language(dossier: Dossier) -> None:
    events = dossier("tv_fan")["events"]
    said = {lang: [e["description"][lang] for e in events] for lang in ("de", "en")}
    assert "Standort verlassen nach 38 Sekunden: Schaufenster („Das Schaufenster“)." in said["de"]
    assert "Location left after 38 seconds: shop window (“The shop window”)." in said["en"]
    assert "Sie haben Ihre E-Mail-Adresse eingetippt: „fan@example.org“." in said["de"]
    assert "You typed your e-mail address: “fan@example.org”." in said["en"]
    assert "At the cookie banner you chose “Accept all”." in said["en"]
    assert said["en"][0].startswith("You started the game. Before your first click we measured")
    assert "time of day" in said["en"][0] and "time_of_day" not in said["en"][0]
    assert "Tageszeit" in said["de"][0]


@pytest.mark.parametrize("name", sorted(WALKS))
def test_every_row_carries_its_origin(dossier: Dossier, name: str) -> None:
    d = dossier(name)
    labels = {
        "dpv:ObservedPersonalData": ("beobachtet", "observed"),
        "dpv:ProvidedPersonalData": ("von Ihnen angegeben", "provided by you"),
        "dpv:InferredPersonalData": ("von uns gefolgert", "inferred by us"),
    }
    for row in [*d["events"], *d["inferences"]]:
        assert row["@type"] == row["origin"], row["@id"]
        assert (row["origin_label"]["de"], row["origin_label"]["en"]) == labels[row["origin"]]
    kinds = {e["kind"]: e["origin"] for e in d["events"]}
    if "input" in kinds:
        assert kinds["input"] == "dpv:ProvidedPersonalData"
    for kind in ("price_shown", "price_change", "claim_use"):
        if kind in kinds:
            assert kinds[kind] == "dpv:InferredPersonalData"
    # Conclusions are inferred, except what the shop merely filed among them:
    # a name typed in and what the player said are provided, the device's
    # features were observed.
    not_inferred = {
        "identity": "dpv:ProvidedPersonalData",
        "fingerprint": "dpv:ObservedPersonalData",
    }
    for i in d["inferences"]:
        said = i["kind"] == "note" and i["rule_id"] == "R-SAG"
        expected = "dpv:ProvidedPersonalData" if said else not_inferred.get(i["kind"])
        assert i["origin"] == (expected or "dpv:InferredPersonalData"), i["kind"]
        if i["kind"] == "note" and i["subject"] == "errand":
            assert said  # the player told the shop why they came: their words


def test_a_typed_sentence_shows_controls_and_keeps_the_data(story: Story) -> None:
    from tests.dossier.conftest import play_with_typed

    name = "Max\u202e evil \x07[@click=app.quit]"
    d = build_dossier(play_with_typed(story, name))
    typed = next(e for e in d["events"] if e["kind"] == "input")
    # The log as typed, every control shown (the gate all player text passes).
    assert typed["data"]["value"] == "Max<U+202E> evil ␇[@click=app.quit]"
    for lang in ("de", "en"):
        sentence = typed["description"][lang]
        assert "Max<U+202E> evil ␇[@click=app.quit]" in sentence
        assert "\u202e" not in sentence and "\x07" not in sentence


def test_one_point_is_one_point(story: Story) -> None:
    """The audit: "1 points" / "1 Punkte", thirty times."""
    from kaufhaus.dossier.model import _StoryView, _value_text
    from kaufhaus.tracking.profile import Inference

    def words(value: float) -> dict[str, str]:
        inference = Inference(
            "interest", "tv", value, 0.9, (0,), "R-INT", {}, "personalisation", "pd:Interest"
        )
        return _value_text(inference, _StoryView(story))

    assert words(1.0) == {"de": "1 Punkt", "en": "1 point"}
    assert words(1.04) == {"de": "1 Punkt", "en": "1 point"}
    assert words(2.5) == {"de": "2,5 Punkte", "en": "2.5 points"}
    assert words(0.96) == {"de": "1 Punkt", "en": "1 point"}


def test_a_claim_about_a_place_reads_as_a_place_not_a_thing(story: Story) -> None:
    """ "looked at by you: Paid cash" put a scene's title where an object belongs
    (playtest 4): a claim about a scene names it as a stop of the visit."""
    from kaufhaus.dossier.model import _StoryView, claim_words

    view = _StoryView(story, None)
    place = claim_words({"claim": "seen:beleg_bar", "value": 1}, view)
    assert place == {
        "de": "Eine Station Ihres Besuchs: „Bar bezahlt“",
        "en": "a stop on your visit: 'Paid cash'",
    }
    seconds = claim_words({"claim": "seconds:schaufenster", "value": 3.0}, view)
    assert seconds["en"].startswith("your time at '")
    thing = claim_words({"claim": "seen:kondome", "value": 1}, view)
    assert thing["de"].startswith("Von Ihnen angesehen: ")


def test_a_note_that_ends_its_own_sentence_takes_no_second_full_stop(story: Story) -> None:
    """Round 5: „Notiert: „Karte abgelehnt. Nachfassen.“.“ in the log."""
    from kaufhaus.dossier.model import _StoryView, describe_event
    from kaufhaus.tracking.events import Event, Kind

    view = _StoryView(story, None)
    done = Event(
        3, Kind.NOTE, 1.0, "etage", "x", {"text": {"de": "Nachfassen.", "en": "Follow up!"}}
    )
    said = describe_event(done, view)
    assert said == {"de": "Notiert: „Nachfassen.“", "en": "Noted: “Follow up!”"}
    plain = Event(4, Kind.NOTE, 1.0, "etage", "y", {"text": {"de": "Läuft", "en": "walks"}})
    assert describe_event(plain, view) == {"de": "Notiert: „Läuft“.", "en": "Noted: “walks”."}


def test_english_says_an_83_percent_and_bought_them() -> None:
    """Round 5: "a 83% purchase probability", "sheer tights … bought it today"."""
    from kaufhaus.dossier.wrong import _a

    assert [_a(p) for p in ("83%", "8%", "11%", "18%", "30%", "1%", "100%")] == [
        "an 83%",
        "an 8%",
        "an 11%",
        "an 18%",
        "a 30%",
        "a 1%",
        "a 100%",
    ]

"""A corpus of ways to make a dossier false: each must be rejected by the schema or the checker.

The first thirteen are the audit's own examples (an empty log, a conclusion
typed as provided data, invented terms, nine copies of Art. 15, evidence
pointing at event 99999, duplicate ids, "no processing" beside 110 events, a
negative payment, a consent answer of "banana"); the rest cover every part of
the file the same way: a term of the wrong kind, a count that is not the
length of what it counts, a sum that does not add up, a reference to an event
the log lacks, a legal statement the file's own facts contradict.

Each mutation names the walkthrough it needs (one with payments, one with a
refusal, one with an Art. 9 conclusion) and edits a fresh copy in place.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

D = dict[str, Any]

#: The walkthroughs the corpus edits (names as in conftest.EVERY_WALKTHROUGH).
TV_FAN = "walkthroughs/tv-fan"  # consent to all, payments, a transfer, a typed e-mail
PRIVACY = "walkthroughs/privacy"  # necessary only: a refusal, no transfer
ART9 = "truth/custom-back"  # an Art. 9 conclusion


@dataclass(frozen=True)
class Mutation:
    name: str
    base: str
    edit: Callable[[D], None]


def _first(rows: list[D], **match: Any) -> D:
    return next(r for r in rows if all(r.get(k) == v for k, v in match.items()))


def _event_of(d: D, kind: str) -> D:
    return _first(d["events"], kind=kind)


def _inference_of(d: D, kind: str) -> D:
    return _first(d["inferences"], kind=kind)


def _set(path: str, value: Any) -> Callable[[D], None]:
    """An edit that sets a dotted path ("summary.events", "events.3.t") to ``value``."""

    def edit(d: D) -> None:
        *head, last = path.split(".")
        target: Any = d
        for key in head:
            target = target[int(key)] if isinstance(target, list) else target[key]
        if isinstance(target, list):
            target[int(last)] = value
        else:
            target[last] = value

    return edit


def _drop(path: str) -> Callable[[D], None]:
    def edit(d: D) -> None:
        *head, last = path.split(".")
        target: Any = d
        for key in head:
            target = target[int(key)] if isinstance(target, list) else target[key]
        if isinstance(target, list):
            del target[int(last)]
        else:
            del target[last]

    return edit


def _all(*edits: Callable[[D], None]) -> Callable[[D], None]:
    def edit(d: D) -> None:
        for one in edits:
            one(d)

    return edit


# ------------------------------------------------------------------ the audit's own
def _empty_log(d: D) -> None:
    d["events"] = []


def _empty_conclusions(d: D) -> None:
    d["inferences"] = []


def _conclusion_typed_provided(d: D) -> None:
    row = _inference_of(d, "interest")
    row["@type"] = row["origin"] = "dpv:ProvidedPersonalData"


def _old_term(d: D) -> None:
    _event_of(d, "choice")["data_category"] = "pd:Behavioral"


def _invented_purpose(d: D) -> None:
    d["purposes"][0]["dpv:hasPurpose"] = "dpv:MakeMoney"


def _invented_article(d: D) -> None:
    d["inferences"][0]["dpv:hasLegalBasis"] = "eu-gdpr:A99"


def _nine_copies_of_art_15(d: D) -> None:
    access = d["rights_detail"][0]
    d["rights_detail"] = [dict(access) for _ in range(9)]


def _evidence_far_away(d: D) -> None:
    row = d["inferences"][0]
    row["evidence"] = [99999]
    row["evidence_events"] = ["#event-99999"]


def _evidence_empty(d: D) -> None:
    row = d["inferences"][0]
    row["evidence"] = []
    row["evidence_events"] = []


def _duplicate_event_ids(d: D) -> None:
    d["events"][2]["id"] = 1
    d["events"][2]["@id"] = "#event-1"


def _negative_payment(d: D) -> None:
    d["payments"]["payments"][0]["items"][0]["paid"] = -10.0


# ------------------------------------------------------------------ our own
def _origin_not_type(d: D) -> None:
    _event_of(d, "choice")["@type"] = "dpv:InferredPersonalData"


def _scene_provided(d: D) -> None:
    row = _event_of(d, "scene_enter")
    row["@type"] = row["origin"] = "dpv:ProvidedPersonalData"


def _price_observed(d: D) -> None:
    row = _event_of(d, "price_shown")
    row["@type"] = row["origin"] = "dpv:ObservedPersonalData"


def _bases_not_purposes(d: D) -> None:
    _event_of(d, "choice")["legal_bases"] = ["contract"]


def _unknown_purpose(d: D) -> None:
    _event_of(d, "choice")["processed_for"].append("world_domination")


def _advertising_on_interest(d: D) -> None:
    row = _first(d["purposes"], id="advertising")
    row["legal_basis"] = "legitimate_interest"
    row["dpv:hasLegalBasis"] = "eu-gdpr:A6-1-f"


def _basis_term_disagrees(d: D) -> None:
    _first(d["purposes"], id="advertising")["dpv:hasLegalBasis"] = "eu-gdpr:A6-1-f"


def _purpose_term_swapped(d: D) -> None:
    _first(d["purposes"], id="advertising")["dpv:hasPurpose"] = "dpv:ServiceProvision"


def _conclusion_basis_wrong(d: D) -> None:
    row = _inference_of(d, "willingness_to_pay")
    row["legal_basis"] = "consent"
    row["dpv:hasLegalBasis"] = "eu-gdpr:A6-1-a"


def _email_two_bases(d: D) -> None:
    """The audit's e-mail: the conclusion's basis is not the event's."""
    row = _inference_of(d, "identity")
    row["legal_basis"] = "contract"
    row["dpv:hasLegalBasis"] = "eu-gdpr:A6-1-b"


def _processing_without_own_purpose(d: D) -> None:
    row = _inference_of(d, "identity")
    row["processing"] = [p for p in row["processing"] if p["purpose"] != row["purpose"]]


def _art22_no_decision_claimed(d: D) -> None:
    _inference_of(d, "willingness_to_pay")["art22"] = "no_decision"


def _art22_allowed_claimed(d: D) -> None:
    _inference_of(d, "willingness_to_pay")["art22"] = "contract"


def _art22_for_nothing(d: D) -> None:
    row = next(r for r in d["inferences"] if not r["decisions"])
    row["art22"] = "prohibited"


def _art9_lawful(d: D) -> None:
    _first(d["inferences"], art9=True)["art9_status"] = None


def _art9_condition_claimed(d: D) -> None:
    _first(d["inferences"], art9=True)["art9_condition"] = "eu-gdpr:A9-2-a"


def _special_term_on_plain(d: D) -> None:
    _first(d["inferences"], art9=False)["special_category_term"] = "pd:Health"


def _special_list_short(d: D) -> None:
    d["special_categories"]["inferences"] = []


def _transfer_invented(d: D) -> None:
    t = d["transfers"]
    t["happened"] = True
    t["dpv:hasLegalBasis"] = "eu-gdpr:A46-2-c"
    t["safeguard"] = {"de": "x", "en": "x"}
    t["dpv:hasThirdCountry"] = [
        {
            "@id": "#country-us",
            "@type": "dpv:ThirdCountry",
            "code": "US",
            "name": {"de": "x", "en": "x"},
        }
    ]


def _transfer_denied(d: D) -> None:
    d["transfers"]["happened"] = False


def _transfer_without_country(d: D) -> None:
    d["transfers"]["dpv:hasThirdCountry"] = []


def _safeguard_without_transfer(d: D) -> None:
    d["transfers"]["dpv:hasLegalBasis"] = "eu-gdpr:A46-2-c"


def _summary(key: str, delta: int) -> Callable[[D], None]:
    def edit(d: D) -> None:
        d["summary"][key] = d["summary"][key] + delta

    return edit


def _paid_total_wrong(d: D) -> None:
    d["payments"]["total_paid"] = round(d["payments"]["total_paid"] + 1.18, 2)


def _item_difference_wrong(d: D) -> None:
    item = d["payments"]["payments"][0]["items"][0]
    item["difference"] = round(item["difference"] + 1.44, 2)


def _payment_not_a_purchase(d: D) -> None:
    d["payments"]["payments"][0]["event"] = _event_of(d, "scene_enter")["id"]


def _decision_at_a_scene(d: D) -> None:
    row = _first(d["automated_decision_making"]["decisions"], kind="price")
    row["event"] = _event_of(d, "scene_leave")["id"]


def _decisions_hidden(d: D) -> None:
    d["automated_decision_making"]["decisions"] = []


def _consent_events_moved(d: D) -> None:
    d["consent"]["events"] = [d["consent"]["events"][0] + 1]


def _consent_granted_more(d: D) -> None:
    d["consent"]["decisions"][0]["granted"] = ["advertising"]


def _refusal_count_off(d: D) -> None:
    d["consent"]["after_refusal"]["processed"] += 1


def _marked_after_refusal(d: D) -> None:
    d["events"][1]["after_refusal"] = True


def _time_runs_back(d: D) -> None:
    d["events"][5]["t"] = 0.0
    d["events"][4]["t"] = 99.0


def _unknown_kind(d: D) -> None:
    d["events"][3]["kind"] = "mind_reading"


def _unknown_conclusion_kind(d: D) -> None:
    d["inferences"][0]["kind"] = "soul"


def _extra_key(path: str) -> Callable[[D], None]:
    def edit(d: D) -> None:
        target: Any = d
        for key in path.split(".") if path else ():
            target = target[int(key)] if isinstance(target, list) else target[key]
        target["secret"] = "we also sell it"

    return edit


def _description_french(d: D) -> None:
    d["events"][0]["description"]["fr"] = "Vous êtes arrivé."


def _card_event_far_away(d: D) -> None:
    card = d["reality_checks"][0]
    card["triggered_by_events"].append(99999)
    card["triggered_by"].append("#event-99999")


def _card_links_differ(d: D) -> None:
    d["reality_checks"][0]["triggered_by"] = ["#event-0"]


def _claim_at_a_choice(d: D) -> None:
    d["claims_used"][0]["event"] = _event_of(d, "choice")["id"]


def _claim_evidence_far_away(d: D) -> None:
    d["claims_used"][0]["evidence"] = [99999]


def _shown_at_a_choice(d: D) -> None:
    d["shown_vs_neutral"][0]["event"] = _event_of(d, "choice")["id"]


def _price_difference_hidden(d: D) -> None:
    row = _first(d["shown_vs_neutral"], prices_personalised=True)
    row["prices_personalised"] = False


def _price_seen_at_a_choice(d: D) -> None:
    d["price_comparison"][0]["shown_events"] = [_event_of(d, "choice")["id"]]


def _ten_rights(d: D) -> None:
    d["rights_detail"].append(dict(d["rights_detail"][0]))


def _right_with_wrong_article(d: D) -> None:
    d["rights_detail"][0]["right"] = "eu-gdpr:A16"


def _portable_count_off(d: D) -> None:
    d["portability"]["events"] += 3


def _purposes_row_missing(d: D) -> None:
    d["purposes"].pop()


def _processed_count_off(d: D) -> None:
    d["purposes"][0]["events_processed"] += 1


def _interest_needs_consent(d: D) -> None:
    _first(d["purposes"], id="price_optimisation")["status"] = "granted"


def _category_count_off(d: D) -> None:
    d["personal_data"][0]["events"] += 1


def _evidence_links_differ(d: D) -> None:
    d["inferences"][0]["evidence_events"] = ["#event-0"]


def _inference_id_twice(d: D) -> None:
    d["inferences"][1]["id"] = d["inferences"][0]["id"]
    d["inferences"][1]["@id"] = d["inferences"][0]["@id"]


def _inference_key_twice(d: D) -> None:
    d["inferences"][1]["key"] = d["inferences"][0]["key"]


def _contest_from_nowhere(d: D) -> None:
    d["contests"].append(
        {
            "@id": "#contest-3",
            "@type": "dpv:RightExerciseRecord",
            "event": 3,
            "t": 0.0,
            "right_id": "object",
            "right": "eu-gdpr:A21",
            "label": {"de": "x", "en": "x"},
            "conclusion": "segment:bargain_hunter",
            "conclusion_words": {"de": "x", "en": "x"},
            "shop_answer": {"de": "x", "en": "x"},
            "law": {"de": "x", "en": "x"},
            "dpv:hasLegalBasis": "eu-gdpr:A6-1-c",
            "evidence_events": ["#event-3"],
        }
    )
    d["summary"]["contests"] = len(d["contests"])


def _recipient_received_nothing(d: D) -> None:
    _first(d["recipients"]["dpv:hasRecipient"], purposes=["advertising"])["received"] = True


def _accept_all_refused_something(d: D) -> None:
    d["consent"]["choice"] = "all"
    d["consent"]["refused"] = ["advertising"]


def _adm_denied(d: D) -> None:
    d["automated_decision_making"]["exists"] = False


def _processed_twice(d: D) -> None:
    row = _event_of(d, "choice")
    row["processed_for"] = [row["processed_for"][0], row["processed_for"][0]]


def _event_anchor_wrong(d: D) -> None:
    d["events"][4]["@id"] = "#event-5"


# ------------------------------------------------------------------ an audit of the corpus
# Files that were false and passed both the schema and the checker (issue 22's audit
# of the first corpus): each says something its own log or its own parts contradict.
def _art9_hidden(d: D) -> None:
    """An Art. 9 conclusion filed as an ordinary one, everywhere it is counted."""
    row = _first(d["inferences"], art9=True)
    row.update(art9=False, special_category_term=None, art9_status=None)
    special = d["special_categories"]
    special["inferences"] = [n for n in special["inferences"] if n["inference"] != row["@id"]]
    d["summary"]["special_category_inferences"] = len(special["inferences"])


def _typed_other_address(d: D) -> None:
    d["data_subject"]["email"] = "other@example.org"


def _surcharge_hidden(d: D) -> None:
    """The neutral price raised to what was paid, and every sum made to fit."""
    item = d["payments"]["payments"][0]["items"][0]
    item["neutral"], item["difference"] = item["paid"], 0.0
    p, s = d["payments"], d["summary"]
    p["total_neutral"], p["difference"] = p["total_paid"], 0.0
    s["paid_neutral"], s["paid_difference"] = s["paid"], 0.0


def _advertising_called_refused(d: D) -> None:
    row = _first(d["purposes"], id="advertising")
    row["status"], row["refused_by_player"] = "refused", True


def _conclusion_purpose_called_refused(d: D) -> None:
    _inference_of(d, "interest")["purpose_refused"] = True


def _price_input_fed_nothing(d: D) -> None:
    """The conclusion the prices rested on claims it fed no decision."""
    row = _inference_of(d, "willingness_to_pay")
    row["decisions"] = {}
    row["art22"] = "no_decision"


def _fed_a_decision_at_99999(d: D) -> None:
    _inference_of(d, "willingness_to_pay")["decisions"]["price"].append(99999)


def _use_cites_event_99999(d: D) -> None:
    next(r for r in d["inferences"] if r.get("used"))["used"][0]["evidence"] = [99999]


def _germany_a_third_country(d: D) -> None:
    country = d["transfers"]["dpv:hasThirdCountry"][0]
    country["@id"], country["code"] = "#country-de", "DE"


def _country_code_not_its_node(d: D) -> None:
    d["transfers"]["dpv:hasThirdCountry"][0]["code"] = "CN"


def _price_decision_at_the_neutral_price(d: D) -> None:
    row = _first(d["automated_decision_making"]["decisions"], kind="price")
    row["yours"] = row["neutral"]


def _price_seen_cheaper(d: D) -> None:
    row = next(r for r in d["price_comparison"] if r["paid"] is not None)
    row["yours_min"] = round(row["yours_min"] - 20, 2)


def _paid_less_in_comparison(d: D) -> None:
    row = next(r for r in d["price_comparison"] if r["paid"] is not None)
    row["paid"] = round(row["paid"] - 50, 2)


def _paid_less_everywhere(d: D) -> None:
    """What was paid lowered in every sum, but not in the log's purchase."""
    item = d["payments"]["payments"][0]["items"][0]
    item["paid"] = item["neutral"]
    item["difference"] = 0.0
    p, s = d["payments"], d["summary"]
    p["total_paid"], p["difference"] = p["total_neutral"], 0.0
    s["paid"], s["paid_difference"] = s["paid_neutral"], 0.0
    for row in d["automated_decision_making"]["decisions"]:
        if row["kind"] == "payment":
            row["yours"] = row["neutral"]
    for row in d["price_comparison"]:
        if row["paid"] is not None:
            row["paid"] = row["paid_neutral"]


def _empty_sentence(d: D) -> None:
    d["events"][3]["description"]["en"] = ""


def _another_session(d: D) -> None:
    d["session"] = "log-somebody-else"


def _shown(d: D, **match: Any) -> D:
    return _first(d["shown_vs_neutral"], **match)


def _rewrite_hidden(d: D) -> None:
    """A rewritten scene called unchanged, and the count made to fit."""
    _shown(d, personalised=True)["personalised"] = False
    d["summary"]["personalised_scenes"] -= 1


def _made_for_you_hidden(d: D) -> None:
    _shown(d, added_for_you=True)["added_for_you"] = False
    d["summary"]["scenes_added_for_you"] -= 1


def _neutral_text_copied(d: D) -> None:
    """The neutral shopper's text replaced by the player's: nothing seems rewritten."""
    row = _shown(d, personalised=True)
    row.update(neutral_text=row["text"], personalised=False, added_for_you=False)
    shown = d["shown_vs_neutral"]
    d["summary"]["personalised_scenes"] = sum(1 for s in shown if s["personalised"])
    d["summary"]["scenes_added_for_you"] = sum(1 for s in shown if s["added_for_you"])


def _scene_price_difference_off(d: D) -> None:
    diff = _shown(d, prices_personalised=True)["price_differences"][0]
    diff["yours"], diff["difference"] = diff["neutral"] + 1, 1.0


def _quoted_a_lower_price(d: D) -> None:
    use = next(c for c in d["claims_used"] if str(c["claim"]).startswith("price:"))
    use["value"] -= 2000


def _profile_another_segment(d: D) -> None:
    d["profile"]["segments"] = ["bargain_hunter"]


def _profile_less_keen(d: D) -> None:
    _inference_of(d, "willingness_to_pay")["value"] = 0.1


def _percent_above_normal_hidden(d: D) -> None:
    d["payments"]["payments"][0]["items"][0]["vs_normal"] = "0%"


def _transfer_by_a_processor(d: D) -> None:
    d["transfers"]["recipient"] = "#recipient-1"


def _consent_at_another_time(d: D) -> None:
    d["consent"]["decisions"][0]["t"] = 30.0


def _handling_data_trimmed(d: D) -> None:
    d["purposes"][0]["dpv:hasPersonalData"] = ["pd:Interest"]


def _handling_without_recipients(d: D) -> None:
    _first(d["purposes"], id="advertising")["dpv:hasRecipient"] = []


def _another_device(d: D) -> None:
    d["fingerprint"]["os"] = "Windows 11"


CORPUS: tuple[Mutation, ...] = (
    # The audit's examples.
    Mutation("empty log", TV_FAN, _empty_log),
    Mutation("empty conclusions", TV_FAN, _empty_conclusions),
    Mutation("conclusion typed as provided data", TV_FAN, _conclusion_typed_provided),
    Mutation("term of an old DPV release (pd:Behavioral)", TV_FAN, _old_term),
    Mutation("invented purpose (dpv:MakeMoney)", TV_FAN, _invented_purpose),
    Mutation("invented article (eu-gdpr:A99)", TV_FAN, _invented_article),
    Mutation("nine copies of Art. 15 as all nine rights", TV_FAN, _nine_copies_of_art_15),
    Mutation("evidence pointing at event 99999", TV_FAN, _evidence_far_away),
    Mutation("empty evidence", TV_FAN, _evidence_empty),
    Mutation("duplicate event ids", TV_FAN, _duplicate_event_ids),
    Mutation("no processing beside a log", TV_FAN, _set("confirmation.processing", False)),
    Mutation("negative payment", TV_FAN, _negative_payment),
    Mutation("consent answer 'banana'", PRIVACY, _set("consent.choice", "banana")),
    # Types and origins.
    Mutation("@type is not the origin", TV_FAN, _origin_not_type),
    Mutation("walking in filed as provided", TV_FAN, _scene_provided),
    Mutation("a price the shop set filed as observed", TV_FAN, _price_observed),
    Mutation("unknown event kind", TV_FAN, _unknown_kind),
    Mutation("unknown conclusion family", TV_FAN, _unknown_conclusion_kind),
    Mutation("confidence of 3", TV_FAN, _set("inferences.0.confidence", 3)),
    Mutation("negative confidence", TV_FAN, _set("inferences.0.confidence", -0.5)),
    Mutation("invented category (pd:Mood)", TV_FAN, _set("personal_data.0.term", "pd:Mood")),
    Mutation(
        "recipient of an invented role",
        TV_FAN,
        _set("recipients.dpv:hasRecipient.0.role", "dpv:Banana"),
    ),
    Mutation(
        "retention of an invented kind", TV_FAN, _set("retention.0.applies_to", ["dpv:Forever"])
    ),
    Mutation("cookie holds passwords", TV_FAN, _set("shop_cookie.holds", ["passwords"])),
    # Legal bases, one per purpose.
    Mutation("bases not the purposes'", TV_FAN, _bases_not_purposes),
    Mutation("an unknown purpose in the log", TV_FAN, _unknown_purpose),
    Mutation("a purpose processed twice for one event", TV_FAN, _processed_twice),
    Mutation("advertising on legitimate interest", TV_FAN, _advertising_on_interest),
    Mutation("basis term disagrees with the basis", TV_FAN, _basis_term_disagrees),
    Mutation("purpose term swapped", TV_FAN, _purpose_term_swapped),
    Mutation("conclusion on another basis than its purpose", TV_FAN, _conclusion_basis_wrong),
    Mutation("the e-mail on contract beside legitimate interest", TV_FAN, _email_two_bases),
    Mutation(
        "processing without the conclusion's purpose", TV_FAN, _processing_without_own_purpose
    ),
    Mutation("legitimate interest 'granted' at the banner", TV_FAN, _interest_needs_consent),
    # Art. 22 and Art. 9.
    Mutation("a price input that fed no decision", TV_FAN, _art22_no_decision_claimed),
    Mutation("a price decision 'allowed by contract'", TV_FAN, _art22_allowed_claimed),
    Mutation("Art. 22 for a conclusion that fed nothing", TV_FAN, _art22_for_nothing),
    Mutation("an Art. 9 conclusion called lawful", ART9, _art9_lawful),
    Mutation("an Art. 9(2)(a) condition claimed", ART9, _art9_condition_claimed),
    Mutation("special category on a plain conclusion", TV_FAN, _special_term_on_plain),
    Mutation("Art. 9 conclusions left off their list", ART9, _special_list_short),
    # Transfers.
    Mutation("transfer invented", PRIVACY, _transfer_invented),
    Mutation("transfer denied", TV_FAN, _transfer_denied),
    Mutation("transfer without a country", TV_FAN, _transfer_without_country),
    Mutation("safeguard asserted without a transfer", PRIVACY, _safeguard_without_transfer),
    # Counts.
    Mutation("summary: events", TV_FAN, _summary("events", 1)),
    Mutation("summary: conclusions", TV_FAN, _summary("inferences", -1)),
    Mutation("summary: claims used", TV_FAN, _summary("claims_used", 2)),
    Mutation("summary: reality checks", TV_FAN, _summary("reality_checks", 1)),
    Mutation("summary: rewritten scenes", TV_FAN, _summary("scenes_added_for_you", 1)),
    Mutation("summary: after refusal (156 vs 157)", PRIVACY, _summary("events_after_refusal", 1)),
    Mutation("summary: special categories", ART9, _summary("special_category_inferences", -1)),
    Mutation("source counts", TV_FAN, _set("source.observed_events", 0)),
    Mutation("category count", TV_FAN, _category_count_off),
    Mutation("purpose count", TV_FAN, _processed_count_off),
    Mutation("portable count", TV_FAN, _portable_count_off),
    # Money.
    Mutation("total paid off by €1.18", TV_FAN, _paid_total_wrong),
    Mutation("difference off by €1.44", TV_FAN, _item_difference_wrong),
    Mutation("summary paid", TV_FAN, _set("summary.paid", 0)),
    Mutation("payment that is no purchase", TV_FAN, _payment_not_a_purchase),
    Mutation("price decision at a scene's end", TV_FAN, _decision_at_a_scene),
    Mutation("decisions hidden", TV_FAN, _decisions_hidden),
    Mutation("decisions denied", TV_FAN, _adm_denied),
    Mutation("price difference hidden", TV_FAN, _price_difference_hidden),
    Mutation("price seen at a choice", TV_FAN, _price_seen_at_a_choice),
    # Consent.
    Mutation("consent events moved", PRIVACY, _consent_events_moved),
    Mutation("consent granted more", PRIVACY, _consent_granted_more),
    Mutation("after-refusal count off", PRIVACY, _refusal_count_off),
    Mutation("event marked after refusal before it", PRIVACY, _marked_after_refusal),
    Mutation("'Accept all' that refused something", TV_FAN, _accept_all_refused_something),
    Mutation("recipient got what was never processed", PRIVACY, _recipient_received_nothing),
    # The log and its references.
    Mutation("time runs back", TV_FAN, _time_runs_back),
    Mutation("negative time", TV_FAN, _set("events.3.t", -1.0)),
    Mutation("event anchor wrong", TV_FAN, _event_anchor_wrong),
    Mutation("a sentence in German only", TV_FAN, _drop("events.1.description.en")),
    Mutation("a sentence in French too", TV_FAN, _description_french),
    Mutation("evidence links differ from evidence", TV_FAN, _evidence_links_differ),
    Mutation("conclusion id twice", TV_FAN, _inference_id_twice),
    Mutation("conclusion listed twice", TV_FAN, _inference_key_twice),
    Mutation("reality card from event 99999", TV_FAN, _card_event_far_away),
    Mutation("reality card links differ", TV_FAN, _card_links_differ),
    Mutation("claim at a choice", TV_FAN, _claim_at_a_choice),
    Mutation("claim evidence far away", TV_FAN, _claim_evidence_far_away),
    Mutation("shown text at a choice", TV_FAN, _shown_at_a_choice),
    Mutation("contest without a log entry", TV_FAN, _contest_from_nowhere),
    # Closed objects and fixed parts.
    Mutation("unknown key at the top", TV_FAN, _extra_key("")),
    Mutation("unknown key in an event", TV_FAN, _extra_key("events.0")),
    Mutation("unknown key in a conclusion", TV_FAN, _extra_key("inferences.0")),
    Mutation("unknown key in a purpose", TV_FAN, _extra_key("purposes.0")),
    Mutation("unknown key in the controller", TV_FAN, _extra_key("controller")),
    Mutation("typed value not text", TV_FAN, _set("data_subject.email", 42)),
    Mutation("eight rights", TV_FAN, _drop("rights_detail.8")),
    Mutation("ten rights", TV_FAN, _ten_rights),
    Mutation("access under Art. 16's term", TV_FAN, _right_with_wrong_article),
    Mutation("a purpose row missing", TV_FAN, _purposes_row_missing),
    Mutation("portability under Art. 15", TV_FAN, _set("portability.right", "eu-gdpr:A15")),
    Mutation("portability file renamed", TV_FAN, _set("portability.file", "all.json")),
    Mutation("the answer under Art. 20", TV_FAN, _set("right", "eu-gdpr:A20")),
    Mutation("an older format version", TV_FAN, _set("version", 3)),
    Mutation("another DPV release", TV_FAN, _set("dpv_version", "2.0")),
    Mutation("another schema", TV_FAN, _set("$schema", "https://example.org/x.json")),
    Mutation("the DPV namespace moved", TV_FAN, _set("@context.dpv", "https://example.org/dpv#")),
    Mutation("the file named story + seed", TV_FAN, _set("@id", "urn:kaufhaus:akte:x:7")),
    Mutation("not a notice", TV_FAN, _set("@type", ["dpv:PersonalDataHandling"])),
    Mutation("a real controller", TV_FAN, _set("controller.fictional", False)),
    Mutation("issued 'yesterday'", TV_FAN, _set("issued", "yesterday")),
    Mutation("no rights text in English", TV_FAN, _drop("rights.en")),
    # An audit of the corpus: false files that passed both (issue 22, second look).
    Mutation("an Art. 9 conclusion filed as ordinary", ART9, _art9_hidden),
    Mutation("typed another address than the log's", TV_FAN, _typed_other_address),
    Mutation("surcharge hidden in the neutral price", TV_FAN, _surcharge_hidden),
    Mutation("paid less everywhere but in the log", TV_FAN, _paid_less_everywhere),
    Mutation("advertising called refused after 'Accept all'", TV_FAN, _advertising_called_refused),
    Mutation("a conclusion's purpose called refused", TV_FAN, _conclusion_purpose_called_refused),
    Mutation("the price input fed nothing", TV_FAN, _price_input_fed_nothing),
    Mutation("fed a decision at event 99999", TV_FAN, _fed_a_decision_at_99999),
    Mutation("a use citing event 99999", TV_FAN, _use_cites_event_99999),
    Mutation("Germany as a third country", TV_FAN, _germany_a_third_country),
    Mutation("a country code not its node", TV_FAN, _country_code_not_its_node),
    Mutation("a price decision at the neutral price", TV_FAN, _price_decision_at_the_neutral_price),
    Mutation("a price seen cheaper than the log's", TV_FAN, _price_seen_cheaper),
    Mutation("paid less in the price comparison", TV_FAN, _paid_less_in_comparison),
    Mutation(
        "after the decision, nothing processed",
        TV_FAN,
        _set("consent.events_processed_after_decision", 0),
    ),
    Mutation(
        "a human looked at it",
        TV_FAN,
        _set("automated_decision_making.dpv:hasHumanInvolvement", "dpv:HumanInvolved"),
    ),
    Mutation("an empty sentence in the log", TV_FAN, _empty_sentence),
    Mutation("the file named after another session", TV_FAN, _another_session),
    # What was shown, the profile and the record against the log (the same audit).
    Mutation("a rewritten scene called unchanged", TV_FAN, _rewrite_hidden),
    Mutation("'made for you' hidden", TV_FAN, _made_for_you_hidden),
    Mutation("the neutral text replaced by the player's", TV_FAN, _neutral_text_copied),
    Mutation("a scene's price difference off", TV_FAN, _scene_price_difference_off),
    Mutation("a quoted price lower than the log's", TV_FAN, _quoted_a_lower_price),
    Mutation("the profile in another segment", TV_FAN, _profile_another_segment),
    Mutation("willingness to pay lowered", TV_FAN, _profile_less_keen),
    Mutation("the surcharge's percentage hidden", TV_FAN, _percent_above_normal_hidden),
    Mutation("the transfer by a processor", TV_FAN, _transfer_by_a_processor),
    Mutation("consent at another time", TV_FAN, _consent_at_another_time),
    Mutation("a handling's data trimmed", TV_FAN, _handling_data_trimmed),
    Mutation("advertising without its recipients", TV_FAN, _handling_without_recipients),
    Mutation("another device than the log's", TV_FAN, _another_device),
    Mutation("a visit shorter than its log", TV_FAN, _set("duration_seconds", 5.0)),
)

__all__ = ["ART9", "CORPUS", "PRIVACY", "TV_FAN", "Mutation"]

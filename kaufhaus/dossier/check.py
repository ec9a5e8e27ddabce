"""What JSON Schema cannot check about a dossier: that its parts agree with each other.

The schema (``schemagen``) holds each part to its shape; this holds the file
to itself: every piece of evidence names an event of this file, ids run in
order, every count is the length of what it counts, every sum adds up, the
consent record matches the log's consent events, a transfer is reported
exactly when the log was processed for advertising, each legal basis is the
one its purpose has; every price, payment and decision it names is the log's,
what it says was typed is what the log shows, a refused purpose is refused
wherever it is named, a scene is called rewritten exactly when its texts differ,
the profile is its conclusions', and its name is its session's. A file that passes both
says nothing its own log contradicts.

``problems(dossier)`` lists what is wrong, in words, empty if nothing; it
never raises on a malformed file (it reports it), so it can run on any JSON.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from kaufhaus.dossier import law, linked
from kaufhaus.dossier.portability import portable_rows
from kaufhaus.dossier.textdiff import adds_something
from kaufhaus.dossier.texts import SPECIAL_TERMS
from kaufhaus.tracking.numbers import cents, format_percent
from kaufhaus.tracking.purposes import CONSENT, CONSENT_PRESETS, CONSENT_PURPOSES, PURPOSES

Check = Callable[[Mapping[str, Any]], Iterable[str]]


def problems(dossier: Mapping[str, Any]) -> list[str]:
    """Everything in ``dossier`` its own log or its own parts contradict."""
    out: list[str] = []
    for check in CHECKS:
        try:
            out.extend(check(dossier))
        except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
            out.append(f"{check.__name__}: the file is not shaped as it should be ({exc!r})")
    return out


def _rows(dossier: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    value = dossier.get(key)
    return [r for r in value if isinstance(r, Mapping)] if isinstance(value, list) else []


def _events(dossier: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return _rows(dossier, "events")


def _kinds(dossier: Mapping[str, Any]) -> dict[Any, str]:
    """Each event of the file by its id: ids are not positions (the file leaves out
    the story's own bookkeeping and what the shop does not see)."""
    return {row.get("id"): str(row.get("kind")) for row in _events(dossier)}


def _kind_of(kinds: Mapping[Any, str], eid: Any) -> str | None:
    if isinstance(eid, int) and not isinstance(eid, bool):
        return kinds.get(eid)
    return None


def _node_id(ref: Any, prefix: str) -> int | None:
    text = str(ref)
    head = f"#{prefix}-"
    if text.startswith(head) and text[len(head) :].isdigit():
        return int(text[len(head) :])
    return None


# ------------------------------------------------------------------ the log
def log_in_order(d: Mapping[str, Any]) -> Iterable[str]:
    # Ids rise with the log; the file leaves out the story's own bookkeeping and
    # what the shop does not see, so an id may skip a number, never go back.
    last = 0.0
    previous = -1
    for index, row in enumerate(_events(d)):
        ident = row.get("id")
        if not isinstance(ident, int) or ident <= previous or row.get("@id") != f"#event-{ident}":
            yield f"event {index}: its id is {ident!r} ({row.get('@id')!r}), after {previous}"
        previous = ident if isinstance(ident, int) else previous
        t = float(row.get("t", 0))
        if t < last:
            yield f"event {index}: at {t} s, before the event before it ({last} s)"
        last = t
        bases = sorted({PURPOSES[p].basis for p in row.get("processed_for", ()) if p in PURPOSES})
        if sorted(row.get("legal_bases", ())) != bases:
            yield f"event {index}: legal bases {row.get('legal_bases')} for purposes {bases}"


def evidence_is_in_the_log(d: Mapping[str, Any]) -> Iterable[str]:
    """Every reference to an event names one of this file, of the kind it claims."""
    kinds = _kinds(d)
    by_id = {row.get("id"): row for row in _events(d)}

    def known(eid: Any) -> bool:
        return isinstance(eid, int) and not isinstance(eid, bool) and eid in kinds

    for n, row in enumerate(_rows(d, "inferences"), 1):
        if row.get("@id") != f"#inference-{n}" or row.get("id") != f"inference-{n}":
            yield f"conclusion {n}: its id is {row.get('id')!r}"
        evidence = row.get("evidence") or []
        for eid in evidence:
            if not known(eid):
                yield f"conclusion {n}: its evidence names event {eid!r}, which the log lacks"
        if list(row.get("evidence_events") or []) != [f"#event-{e}" for e in evidence]:
            yield f"conclusion {n}: its evidence links differ from its evidence"
        for use in row.get("used") or ():
            if _kind_of(kinds, use.get("event")) != "claim_use":
                yield f"conclusion {n}: used at {use.get('event')!r}, which is no text's use"
    for card in _rows(d, "reality_checks"):
        ids = card.get("triggered_by_events") or []
        for eid in ids:
            if not known(eid):
                yield f"reality card {card.get('id')}: triggered by event {eid!r}, not in the log"
        if list(card.get("triggered_by") or []) != [f"#event-{e}" for e in ids]:
            yield f"reality card {card.get('id')}: its links differ from its events"
    for use in _rows(d, "claims_used"):
        if _kind_of(kinds, use.get("event")) != "claim_use":
            yield f"claim {use.get('claim')!r}: logged at {use.get('event')!r}, no text's use"
        for eid in use.get("evidence") or ():
            if not known(eid):
                yield f"claim {use.get('claim')!r}: evidence {eid!r} is not in the log"
    for row in _rows(d, "shown_vs_neutral"):
        if _kind_of(kinds, row.get("event")) != "scene_enter":
            yield f"shown text at {row.get('event')!r}: no scene was entered there"
    decision_kinds = {"text": {"scene_enter"}, "price": {"price_shown", "price_change"}}
    decision_kinds.update(coupon={"coupon"}, payment={"choice"})
    adm = d.get("automated_decision_making") or {}
    for row in adm.get("decisions") or ():
        wanted = decision_kinds.get(str(row.get("kind")), set())
        if _kind_of(kinds, row.get("event")) not in wanted:
            kind, at = row.get("kind"), row.get("event")
            yield f"decision ({kind}) at {at!r}: the log shows no such event"
    for payment in (d.get("payments") or {}).get("payments") or ():
        event = by_id.get(payment.get("event")) if known(payment.get("event")) else None
        if (
            event is None
            or event.get("kind") != "choice"
            or not (event.get("data") or {}).get("buy")
        ):
            yield f"payment at {payment.get('event')!r}: the log shows no purchase there"
    special = d.get("special_categories") or {}
    for eid in special.get("observed_events") or ():
        if not known(eid):
            yield f"special-category observation {eid!r}: not in the log"
    for row in _rows(d, "price_comparison"):
        for eid in [*(row.get("shown_events") or ()), *(row.get("differing_events") or ())]:
            if _kind_of(kinds, eid) not in ("price_shown", "price_change"):
                yield f"price of {row.get('product')}: event {eid!r} shows no price"


def counts_agree(d: Mapping[str, Any]) -> Iterable[str]:
    summary = d.get("summary") or {}
    lengths = {
        "events": len(_events(d)),
        "inferences": len(_rows(d, "inferences")),
        "claims_used": len(_rows(d, "claims_used")),
        "reality_checks": len(_rows(d, "reality_checks")),
        "contests": len(_rows(d, "contests")),
        "special_category_inferences": len(
            (d.get("special_categories") or {}).get("inferences") or []
        ),
        "personalised_scenes": sum(
            1 for s in _rows(d, "shown_vs_neutral") if s.get("personalised")
        ),
        "scenes_added_for_you": sum(
            1 for s in _rows(d, "shown_vs_neutral") if s.get("added_for_you")
        ),
        "price_personalised_scenes": sum(
            1 for s in _rows(d, "shown_vs_neutral") if s.get("prices_personalised")
        ),
    }
    refusal = (d.get("consent") or {}).get("after_refusal")
    lengths["events_after_refusal"] = int(refusal.get("processed", 0)) if refusal else 0
    for key, length in lengths.items():
        if summary.get(key) != length:
            yield f"summary: {key} is {summary.get(key)!r}, but the file holds {length}"
    source = d.get("source") or {}
    origins = {
        "observed_events": "Observed",
        "provided_events": "Provided",
        "inferred_events": "Inferred",
    }
    for key, word in origins.items():
        n = sum(1 for e in _events(d) if e.get("origin") == f"dpv:{word}PersonalData")
        if source.get(key) != n:
            yield f"source: {key} is {source.get(key)!r}, the log holds {n}"
    if source.get("inferences") != lengths["inferences"]:
        yield "source: the number of conclusions differs from the conclusions"
    for row in _rows(d, "personal_data"):
        n = sum(1 for e in _events(d) if e.get("data_category") == row.get("term"))
        if row.get("events") != n:
            yield f"category {row.get('term')}: {row.get('events')!r} events, the log holds {n}"
    portability = d.get("portability") or {}
    movable = len(portable_rows(_events(d)))
    if portability.get("events") != movable:
        yield f"portability: {portability.get('events')!r} events, the log holds {movable}"
    if portability.get("provided") != len(d.get("data_subject") or {}):
        yield "portability: the number of things typed differs from what was typed"
    if (d.get("confirmation") or {}).get("processing") is not bool(_events(d)):
        yield "confirmation: says whether data is processed against the log"


def money_adds_up(d: Mapping[str, Any]) -> Iterable[str]:
    payments = d.get("payments") or {}
    paid = neutral = 0
    for payment in payments.get("payments") or ():
        for item in payment.get("items") or ():
            p, n = cents(item["paid"]), cents(item["neutral"])
            paid, neutral = paid + p, neutral + n
            if cents(item["difference"]) != p - n:
                yield f"payment of {item.get('product')}: the difference is not paid − neutral"
    if cents(payments.get("total_paid", 0)) != paid:
        yield "payments: the total paid is not the sum of what was paid"
    if cents(payments.get("total_neutral", 0)) != neutral:
        yield "payments: the neutral total is not the sum of the neutral prices"
    if cents(payments.get("difference", 0)) != paid - neutral:
        yield "payments: the difference is not paid − neutral"
    summary = d.get("summary") or {}
    for key, value in (
        ("paid", paid),
        ("paid_neutral", neutral),
        ("paid_difference", paid - neutral),
    ):
        if cents(summary.get(key, 0)) != value:
            yield f"summary: {key} differs from the payments"
    for row in _rows(d, "shown_vs_neutral"):
        for diff in row.get("price_differences") or ():
            if cents(diff["difference"]) != cents(diff["yours"]) - cents(diff["neutral"]):
                yield f"shown at {row.get('event')}: a price difference does not add up"


def consent_matches_the_log(d: Mapping[str, Any]) -> Iterable[str]:
    consent = d.get("consent") or {}
    logged = [e for e in _events(d) if e.get("kind") == "consent"]
    if list(consent.get("events") or []) != [e["id"] for e in logged]:
        yield "consent: its decisions are not the log's consent events"
    decisions = consent.get("decisions") or []
    for decision, event in zip(decisions, logged, strict=False):
        choice = (event.get("data") or {}).get("choice")
        if decision.get("choice") != choice:
            yield f"consent at {event['id']}: {decision.get('choice')!r}, the log says {choice!r}"
        granted = sorted(CONSENT_PRESETS.get(str(choice), frozenset()))
        if decision.get("granted") != granted:
            said = decision.get("granted")
            yield f"consent at {event['id']}: granted {said}, the answer grants {granted}"
        if decision.get("refused") != sorted(CONSENT_PURPOSES - set(granted)):
            yield f"consent at {event['id']}: the refused purposes do not fit the answer"
    last = decisions[-1] if decisions else None
    if (last and consent.get("choice") != last.get("choice")) or (
        not last and consent.get("choice")
    ):
        yield "consent: the choice on record is not the last decision"
    refusal = consent.get("after_refusal")
    marked = {e["id"] for e in _events(d) if e.get("after_refusal")}
    ids = list(refusal.get("event_ids") or []) if refusal else []
    if refusal:
        since = refusal.get("since_event")
        if any(eid <= since for eid in ids):
            yield "consent: events before the refusal are counted after it"
        if refusal.get("processed") != len(ids):
            yield "consent: the count after the refusal is not the events it lists"
        if not any(row.get("refused") for row in decisions):
            yield "consent: a refusal on record, but no decision refused anything"
    if marked != set(ids):
        yield "timeline: the events marked 'after refusal' are not the ones counted"


def purposes_match_the_log(d: Mapping[str, Any]) -> Iterable[str]:
    processed_for: dict[str, int] = {}
    for e in _events(d):
        for pid in e.get("processed_for") or ():
            processed_for[pid] = processed_for.get(pid, 0) + 1
    for row in _rows(d, "purposes"):
        n = processed_for.get(str(row.get("id")), 0)
        if row.get("events_processed") != n:
            said = row.get("events_processed")
            yield f"purpose {row.get('id')}: {said!r} events, the log has {n}"
    advertised = processed_for.get("advertising", 0) > 0
    transfers = d.get("transfers") or {}
    if bool(transfers.get("happened")) != advertised:
        yield "transfers: reported as happened or not against the log's advertising"
    received = {p for p, n in processed_for.items() if n}
    kinds = _kinds(d)
    for row in (d.get("recipients") or {}).get("dpv:hasRecipient") or ():
        if "transfer_events" in row:  # a story's recipient: received what was sent to it
            sent = row.get("transfer_events") or []
            if bool(row.get("received")) != bool(sent) or any(
                _kind_of(kinds, eid) != "transfer" for eid in sent
            ):
                yield f"recipient {row.get('name')!r}: 'received' does not fit the transfers"
            continue
        if bool(row.get("received")) != bool(received & set(row.get("purposes") or ())):
            yield f"recipient {row.get('name')!r}: 'received' does not fit what was processed"


def conclusions_are_lawful_as_stated(d: Mapping[str, Any]) -> Iterable[str]:
    """One legal basis per purpose; the Art. 22 and Art. 9 positions the file's law gives."""
    keys: set[str] = set()
    art9 = []
    for row in _rows(d, "inferences"):
        key = str(row.get("key"))
        if key in keys:
            yield f"conclusion {key}: listed twice"
        keys.add(key)
        purpose = PURPOSES.get(str(row.get("purpose")))
        if purpose is None or row.get("legal_basis") != purpose.basis:
            yield f"conclusion {key}: legal basis {row.get('legal_basis')!r} for its purpose"
        processing = row.get("processing") or []
        if not any(p.get("purpose") == row.get("purpose") for p in processing):
            yield f"conclusion {key}: its own purpose is missing from its processing"
        expected = law.art22_state(row.get("decisions") or {}, str(row.get("legal_basis")))
        if row.get("art22") != expected:
            yield f"conclusion {key}: Art. 22 says {row.get('art22')!r}, its decisions {expected!r}"
        if row.get("art9"):
            art9.append(row.get("@id"))
    listed = [
        r.get("inference") for r in (d.get("special_categories") or {}).get("inferences") or ()
    ]
    if listed != art9:
        yield "special categories: the list is not the Art. 9 conclusions"


def contests_are_on_the_record(d: Mapping[str, Any]) -> Iterable[str]:
    inferences = {str(r.get("@id")): r for r in _rows(d, "inferences")}
    logged = [e for e in _events(d) if e.get("kind") == "contest"]
    contests = _rows(d, "contests")
    if [c.get("event") for c in contests] != [e["id"] for e in logged]:
        yield "contests: the records are not the log's contest events"
    for contest, event in zip(contests, logged, strict=False):
        if contest.get("conclusion") != event.get("target"):
            said = contest.get("conclusion")
            yield f"contest at {event['id']}: against {said!r}, the log says otherwise"
        if contest.get("right_id") != (event.get("data") or {}).get("right"):
            yield f"contest at {event['id']}: another right than the log's"
        if contest.get("t") != event.get("t") or contest.get("@id") != f"#contest-{event['id']}":
            yield f"contest at {event['id']}: not at the time or under the name of its entry"
        if list(contest.get("evidence_events") or ()) != [f"#event-{event['id']}"]:
            yield f"contest at {event['id']}: its evidence is not its own log entry"
        target = inferences.get(str(contest.get("concerns")))
        if contest.get("concerns") is not None and (
            target is None or target.get("key") != contest.get("conclusion")
        ):
            yield f"contest at {event['id']}: it points at another conclusion"


# ------------------------------------------------------------------ parts against the log
def prices_match_the_log(d: Mapping[str, Any]) -> Iterable[str]:
    """Every price the file names is the price the log shows at that event: what was
    paid (the purchase's ``paid_cents``), each price decision, each product's prices seen."""
    by_id = {row.get("id"): row for row in _events(d)}

    def logged(eid: Any) -> Mapping[str, Any]:
        return (by_id.get(eid) or {}).get("data") or {}

    paid_items: dict[tuple[Any, Any], Mapping[str, Any]] = {}
    for payment in (d.get("payments") or {}).get("payments") or ():
        paid_cents = logged(payment.get("event")).get("paid_cents") or {}
        for item in payment.get("items") or ():
            paid_items[(payment.get("event"), item.get("product"))] = item
            if paid_cents.get(item.get("product")) != cents(item.get("paid")):
                yield f"payment of {item.get('product')}: not what the log says was paid"
    adm = d.get("automated_decision_making") or {}
    for row in adm.get("decisions") or ():
        kind, at, product = row.get("kind"), row.get("event"), row.get("product")
        if kind == "price":
            data = logged(at)
            if data.get("product") != product or data.get("price_cents") != cents(row["yours"]):
                yield f"price decision at {at!r}: not the price the log shows there"
        elif kind == "payment":
            item = paid_items.get((at, product))
            if item is None or (cents(item["paid"]), cents(item["neutral"])) != (
                cents(row["yours"]),
                cents(row["neutral"]),
            ):
                yield f"payment decision at {at!r}: not the payment on record"
    for row in _rows(d, "price_comparison"):
        product = row.get("product")
        seen = [int(logged(eid)["price_cents"]) for eid in row.get("shown_events") or ()]
        if seen and [cents(row["yours_first"]), cents(row["yours_last"])] != [
            seen[0],
            seen[-1],
        ]:
            yield f"prices of {product}: the first or last price is not the one the log shows"
        if seen and (cents(row["yours_min"]), cents(row["yours_max"])) != (
            min(seen),
            max(seen),
        ):
            yield f"prices of {product}: the lowest or highest price is not the log's"
        if row.get("paid") is not None:
            item = paid_items.get((row.get("paid_event"), product))
            if item is None or (cents(item["paid"]), cents(item["neutral"])) != (
                cents(row["paid"]),
                cents(row["paid_neutral"]),
            ):
                yield f"prices of {product}: what was paid differs from the payment on record"


def decisions_fed_agree(d: Mapping[str, Any]) -> Iterable[str]:
    """The decisions each conclusion fed are the file's own: the texts that used it
    (``claims_used``), and for a price input every price, coupon and payment decision
    of its product (``law.PRICE_INPUTS``); none hidden, none invented."""
    adm = (d.get("automated_decision_making") or {}).get("decisions") or ()
    for n, row in enumerate(_rows(d, "inferences"), 1):
        expected: dict[str, set[int]] = {}
        for use in _rows(d, "claims_used"):
            if use.get("claim") == row.get("key"):
                expected.setdefault("text", set()).add(int(use["event"]))
        if row.get("kind") in law.PRICE_INPUTS:
            for decision in adm:
                if decision.get("kind") == "text":
                    continue
                if (
                    row.get("subject") in (decision.get("product"), "all")
                    or row.get("kind") == "price_sensitivity"
                ):
                    kind = "coupon" if decision.get("kind") == "coupon" else "price"
                    expected.setdefault(kind, set()).add(int(decision["event"]))
        said = row.get("decisions") or {}
        if {k: sorted(v) for k, v in said.items()} != {k: sorted(v) for k, v in expected.items()}:
            yield f"conclusion {n}: the decisions it fed are not the file's decisions"
        for use in row.get("used") or ():
            if not set(use.get("evidence") or ()) <= set(row.get("evidence") or ()):
                yield f"conclusion {n}: a use of it cites evidence the conclusion lacks"


def what_was_shown_agrees(d: Mapping[str, Any]) -> Iterable[str]:
    """What the player saw against what the neutral shopper saw: a scene is personalised
    when its texts differ, made for the player when the player's adds something, its
    prices personalised when they differ; every personalised text is a decision; a
    price the shop said it used is the price the log shows."""
    text_decisions = set()
    for row in (d.get("automated_decision_making") or {}).get("decisions") or ():
        if row.get("kind") == "text":
            text_decisions.add(row.get("event"))
    personalised = set()
    for row in _rows(d, "shown_vs_neutral"):
        at = row.get("event")
        text, neutral = str(row.get("text")), str(row.get("neutral_text"))
        if row.get("personalised") is not (text != neutral):
            yield f"shown at {at!r}: 'personalised' is not whether the texts differ"
        if row.get("added_for_you") is not adds_something(text, neutral):
            yield f"shown at {at!r}: 'made for you' is not whether your text adds something"
        if row.get("personalised"):
            personalised.add(at)
        prices, neutral_prices = row.get("prices") or {}, row.get("neutral_prices") or {}
        diffs = [
            {
                "product": pid,
                "yours": prices[pid],
                "neutral": neutral_prices[pid],
                "difference": round(prices[pid] - neutral_prices[pid], 2),
            }
            for pid in sorted(neutral_prices)
            if cents(prices[pid]) != cents(neutral_prices[pid])
        ]
        said = [
            {**x, "difference": round(float(x["difference"]), 2)}
            for x in row.get("price_differences") or ()
        ]
        if said != diffs or row.get("prices_personalised") is not bool(diffs):
            yield f"shown at {at!r}: the price differences are not those of the prices shown"
    if personalised != text_decisions:
        yield "decisions: the rewritten texts are not the scenes whose texts differ"
    by_id = {row.get("id"): row for row in _events(d)}
    for use in _rows(d, "claims_used"):
        family, _, product = str(use.get("claim")).partition(":")
        if family != "price":  # a product's price; a basket's total is a sum, not a log entry
            continue
        logged = [(by_id.get(eid) or {}).get("data") or {} for eid in use.get("evidence") or ()]
        prices = [x.get("price_cents") for x in logged if x.get("product") == product]
        if not prices or use.get("value") != prices[-1]:
            yield f"claim at {use.get('event')!r}: a price the log does not show"


def the_record_agrees_with_the_log(d: Mapping[str, Any]) -> Iterable[str]:
    """The times, the profile, the handlings' data and recipients, the transfer's
    recipient and the payments' percentages are the log's and the file's own."""
    events = _events(d)
    if events and float(d.get("duration_seconds", 0)) < float(events[-1].get("t", 0)):
        yield "duration: shorter than the log"
    by_id = {row.get("id"): row for row in events}
    for decision in (d.get("consent") or {}).get("decisions") or ():
        if decision.get("t") != (by_id.get(decision.get("event")) or {}).get("t"):
            yield f"consent at {decision.get('event')!r}: not at the time the log shows"
    starts = [e for e in events if e.get("kind") == "session_start"]
    if starts:
        seen = {k: v for k, v in (starts[-1].get("data") or {}).items() if k != "cookie"}
        if dict(d.get("fingerprint") or {}) != seen:
            yield "fingerprint: not the device the log saw at the start"
    profile = d.get("profile") or {}
    segments: list[str] = []
    for row in _rows(d, "inferences"):
        kind, subject, value = row.get("kind"), row.get("subject"), row.get("value")
        if kind == "segment":
            segments.append(str(subject))
        elif kind == "price_sensitivity" and profile.get("price_sensitivity") != value:
            yield "profile: the price sensitivity is not the conclusion's"
        elif kind == "mood" and profile.get("mood") != value:
            yield "profile: the mood is not the conclusion's"
        elif kind in ("purchase_probability", "willingness_to_pay") and (
            (profile.get(kind) or {}).get(subject) != value
        ):
            yield f"profile: {kind} of {subject} is not the conclusion's"
    if sorted(map(str, profile.get("segments") or ())) != sorted(segments):
        yield "profile: the segments are not the conclusions'"
    recipients = (d.get("recipients") or {}).get("dpv:hasRecipient") or []
    categories = _rows(d, "personal_data")
    for row in _rows(d, "purposes"):
        pid = row.get("id")
        data = sorted(str(c.get("term")) for c in categories if pid in (c.get("purposes") or ()))
        if sorted(map(str, row.get("dpv:hasPersonalData") or ())) != data:
            yield f"purpose {pid}: its data are not the categories processed for it"
        if row.get("events_processed"):
            for n, r in enumerate(recipients, 1):
                named = f"#recipient-{n}" in (row.get("dpv:hasRecipient") or ())
                if "transfer_events" not in r and named is not (pid in (r.get("purposes") or ())):
                    yield f"purpose {pid}: its recipients are not those who serve it"
    transfers = d.get("transfers") or {}
    if transfers.get("happened"):
        target = next((r for r in recipients if r.get("@id") == transfers.get("recipient")), None)
        if (
            target is None
            or not target.get("received")
            or "advertising" not in (target.get("purposes") or ())
        ):
            yield "transfers: sent on by a recipient that got nothing for advertising"
    for payment in (d.get("payments") or {}).get("payments") or ():
        for item in payment.get("items") or ():
            paid, normal = float(item["paid"]), float(item["normal"])
            said = format_percent(paid / normal - 1, "en") if normal else ""
            if item.get("vs_normal") != said:
                yield f"payment of {item.get('product')}: {item.get('vs_normal')!r}, not {said!r}"


#: The EU and the EEA: no transfer to one of these is a transfer to a third country.
EEA = frozenset(
    {
        "AT",
        "BE",
        "BG",
        "HR",
        "CY",
        "CZ",
        "DK",
        "EE",
        "FI",
        "FR",
        "DE",
        "GR",
        "IE",
        "IT",
        "LV",
        "LT",
        "LU",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SK",
        "SI",
        "ES",
        "SE",
        "IS",
        "LI",
        "NO",
    }
)


def the_file_agrees_with_itself(d: Mapping[str, Any]) -> Iterable[str]:
    """The file's name is its session's; what it says was typed is what the log says was
    typed and taken; a refused purpose is refused wherever it is named; an Art. 9 category is
    Art. 9; a third country is one, named by its code."""
    if d.get("@id") != linked.dossier_iri(str(d.get("session"))):
        yield "the file's IRI is not its session's"
    typed: dict[str, Any] = {}
    for e in _events(d):
        # A text the field refused (not an address) is logged as typed, not taken.
        if e.get("kind") == "input" and not (e.get("data") or {}).get("refused"):
            typed[str(e.get("target"))] = str((e.get("data") or {}).get("value", ""))
    if dict(d.get("data_subject") or {}) != typed:
        yield "data subject: what the file says you typed is not what the log shows"
    consent = d.get("consent") or {}
    refused = set(consent.get("refused") or ())
    for row in _rows(d, "purposes"):
        pid = row.get("id")
        if row.get("refused_by_player") is not (pid in refused):
            yield f"purpose {pid}: refused or not, against the consent on record"
        basis = PURPOSES[pid].basis if pid in PURPOSES else None
        if basis == CONSENT:
            status = (
                ("refused" if pid in refused else "granted")
                if consent.get("choice")
                else ("not_asked")
            )
            if row.get("status") != status:
                yield f"purpose {pid}: status {row.get('status')!r}, the consent says {status!r}"
    first = (consent.get("events") or [None])[0]
    after = sum(
        1
        for e in _events(d)
        if first is not None and e.get("id", -1) > first and e.get("processed_for")
    )
    if consent.get("events_processed_after_decision") != after:
        yield "consent: the events processed after the decision are not the log's count"
    for n, row in enumerate(_rows(d, "inferences"), 1):
        if row.get("purpose_refused") is not (row.get("purpose") in refused):
            yield f"conclusion {n}: its purpose refused or not, against the consent on record"
        if (row.get("data_category") in SPECIAL_TERMS or row.get("kind") == "sensitive") and not (
            row.get("art9")
        ):
            yield f"conclusion {n}: a special category (Art. 9) not marked as one"
    for country in (d.get("transfers") or {}).get("dpv:hasThirdCountry") or ():
        code = str(country.get("code"))
        if code in EEA or country.get("@id") != f"#country-{code.lower()}":
            yield f"transfers: {code} named as a third country"


CHECKS: tuple[Check, ...] = (
    log_in_order,
    evidence_is_in_the_log,
    counts_agree,
    money_adds_up,
    consent_matches_the_log,
    purposes_match_the_log,
    conclusions_are_lawful_as_stated,
    contests_are_on_the_record,
    prices_match_the_log,
    decisions_fed_agree,
    the_file_agrees_with_itself,
    what_was_shown_agrees,
    the_record_agrees_with_the_log,
)

__all__ = ["CHECKS", "problems"]

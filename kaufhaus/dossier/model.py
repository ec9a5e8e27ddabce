"""Build the dossier: a data-access response computed from the log alone.

Shaped like an answer to a GDPR Art. 15 request: who the controller is, what
the player typed, which categories of personal data were processed, for which
purpose and on which legal basis (W3C DPV 2.x terms), who received it, how long
it is kept, where it came from, which automated decisions were taken and with
what logic, every conclusion with the events it rests on, what the player was
shown compared with a neutral shopper, what the consent banner really changed,
and the reality checks the session earned.

Everything here is a pure function of the game's story, log and profile, so
the same session always gives the same dossier, byte for byte once exported:
no wall-clock time, no set or dict iteration whose order could vary.
"""

from __future__ import annotations

import copy
import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from kaufhaus import __version__
from kaufhaus.dossier import texts
from kaufhaus.dossier.reality import SessionFacts, reality_checks
from kaufhaus.facades import quote_for
from kaufhaus.game import Game
from kaufhaus.story.model import Story
from kaufhaus.tracking.events import Event, Kind
from kaufhaus.tracking.numbers import (
    cents,
    euros,
    format_money,
    format_percent,
    format_times,
)
from kaufhaus.tracking.profile import Inference, Profile
from kaufhaus.tracking.purposes import (
    BASIS_LABEL,
    CONSENT,
    CONSENT_PRESETS,
    CONSENT_PURPOSES,
    DPV_BASIS,
    LEGITIMATE_INTEREST,
    PURPOSES,
)
from kaufhaus.tracking.vocabulary import segment_label

FORMAT = "kaufhaus-dossier"
VERSION = 2
LANGS = texts.LANGS

#: JSON-LD context: the DPV prefixes, and the DPV properties whose values are terms.
CONTEXT: dict[str, Any] = {
    "dpv": texts.DPV_NS,
    "pd": texts.PD_NS,
    **{
        prop: {"@type": "@id"}
        for prop in (
            "dpv:hasPurpose",
            "dpv:hasLegalBasis",
            "dpv:hasPersonalData",
            "dpv:hasDataSource",
            "dpv:hasProcessing",
            "dpv:hasHumanInvolvement",
            "dpv:hasStorageCondition",
            "dpv:hasContext",
            "dpv:hasRecipient",
        )
    },
}

#: The DPV data type for each way the shop came by a piece of data.
OBSERVED = "dpv:ObservedPersonalData"
PROVIDED = "dpv:ProvidedPersonalData"
INFERRED = "dpv:InferredPersonalData"

_SPECIAL_PD = {"health": "pd:Health", "sex_life": "pd:Sexual"}
_PRODUCT_KINDS = frozenset({Kind.EXAMINE, Kind.HIGHLIGHT, Kind.HOVER, Kind.PRICE_LOOK})


def build_dossier(game: Game) -> dict[str, Any]:
    """Everything the reveal shows and every export writes, as plain JSON-ready data."""
    story, profile = game.story, game.profile
    events = game.log.events()
    inferences = profile.inferences()
    processed = [tuple(p) for p in profile.processed]
    view = _StoryView(story)

    consent = _consent(events, processed)
    refusal = consent["after_refusal"]
    after_refusal: set[int] = set(refusal["event_ids"]) if refusal else set()
    event_rows = [_event_row(e, _purposes_of(e, processed), view, after_refusal) for e in events]
    refused_now = frozenset(consent["refused"])
    uses = claim_uses(events, view)
    inference_rows = [
        _inference_row(n, i, view, events, refused_now, uses) for n, i in enumerate(inferences, 1)
    ]
    shown = _shown(game, view)
    prices = _price_comparison(game, view, shown, events)
    payments = _payments(game, view)
    facts = SessionFacts(
        events=events,
        inferences=inferences,
        shown=shown,
        normal_prices={pid: cents(p.price) for pid, p in sorted(story.catalogue.items())},
        sensitive_products=frozenset(pid for pid, p in story.catalogue.items() if p.sensitive),
        processed=processed,
    )
    cards = reality_checks(facts)
    categories = _personal_data(event_rows, inference_rows)
    special = _special_categories(inference_rows, event_rows)
    adm = _automated_decisions(game, shown, prices, inferences)

    return {
        "@context": copy.deepcopy(CONTEXT),
        "format": FORMAT,
        "version": VERSION,
        "generator": f"kaufhaus {__version__}",
        "lang": game.lang,
        "story": {
            "id": story.id,
            "hash": story.content_hash,
            "title": {lang: story.title.source(lang) for lang in LANGS},
        },
        "seed": game.seed,
        "scene": game.scene_id,
        "ended": game.ended,
        "duration_seconds": round(game.now, 3),
        "controller": _controller(),
        "data_subject": {key: value for key, value in sorted(game.inputs.items())},
        "summary": {
            "events": len(events),
            "inferences": len(inference_rows),
            "personalised_scenes": sum(1 for s in shown if s["personalised"]),
            "scenes_added_for_you": sum(1 for s in shown if s["added_for_you"]),
            "price_personalised_scenes": sum(1 for s in shown if s["prices_personalised"]),
            "events_after_refusal": len(after_refusal),
            "special_category_inferences": len(special["inferences"]),
            "reality_checks": len(cards),
            "claims_used": len(uses),
            "paid": payments["total_paid"],
            "paid_neutral": payments["total_neutral"],
            "paid_difference": payments["difference"],
        },
        "personal_data": categories,
        "purposes": _purposes(processed, profile, categories, consent),
        "consent": consent,
        "recipients": _recipients(processed),
        "storage": {
            "dpv:hasStorageCondition": "dpv:StorageDuration",
            **{k: dict(v) for k, v in texts.STORAGE.items()},
        },
        "source": _source(event_rows, inference_rows),
        "automated_decision_making": adm,
        "inferences": inference_rows,
        "special_categories": special,
        "claims_used": uses,
        "shown_vs_neutral": shown,
        "price_comparison": prices,
        "payments": payments,
        "reality_checks": cards,
        "events": event_rows,
        "profile": _profile(profile, story),
        "fingerprint": {k: profile.fingerprint[k] for k in sorted(profile.fingerprint)},
        "cookie": _cookie_record(profile),
        "catalogue": view.catalogue_rows(),
        "rights": dict(texts.RIGHTS),
    }


# ---------------------------------------------------------------- story lookups
class _StoryView:
    """Names and titles straight from the story's sources, never rendered.

    The dossier must not run templates: it describes what happened, and a raw
    label is safer than a second rendering that could differ from the first.
    """

    def __init__(self, story: Story) -> None:
        self.story = story

    def product_name(self, pid: str | None) -> dict[str, str]:
        product = self.story.product(pid or "")
        if product is None:
            return {lang: str(pid or "") for lang in LANGS}
        return {lang: product.name.source(lang) for lang in LANGS}

    def scene_title(self, scene_id: str) -> dict[str, str]:
        scene = self.story.scenes.get(scene_id)
        if scene is None:
            return {lang: scene_id for lang in LANGS}
        return {lang: _plain(scene.title.source(lang), scene_id) for lang in LANGS}

    def target_label(self, scene_id: str, target: str | None) -> dict[str, str]:
        """A choice's or item's label in its scene, or the bare id."""
        scene = self.story.scenes.get(scene_id)
        ref = str(target or "")
        if scene is not None:
            choice = scene.choice(ref)
            if choice is not None:
                return {lang: _plain(choice.label.source(lang), ref) for lang in LANGS}
            item = scene.item(ref)
            if item is not None:
                return {lang: _plain(item.label.source(lang), ref) for lang in LANGS}
        return {lang: ref for lang in LANGS}

    def item_label(self, item_id: str) -> dict[str, str]:
        """An item's label, found in whichever scene holds it."""
        for scene in self.story.scenes.values():
            item = scene.item(item_id)
            if item is not None:
                return {lang: _plain(item.label.source(lang), item_id) for lang in LANGS}
        return {lang: item_id for lang in LANGS}

    def sensitive(self, pid: str | None) -> str | None:
        product = self.story.product(pid or "")
        return product.sensitive if product else None

    def catalogue_rows(self) -> dict[str, Any]:
        return {
            pid: {
                "name": self.product_name(pid),
                "category": p.category,
                "price": euros(cents(p.price)),
                "sensitive": p.sensitive,
            }
            for pid, p in sorted(self.story.catalogue.items())
        }

    def money(self, amount_cents: int, lang: str) -> str:
        return format_money(int(amount_cents), lang, self.story.currency)


def _plain(source: str, fallback: str) -> str:
    """A label's source text, unless it is a template (then the id says more)."""
    text = " ".join(source.split())
    return fallback if ("{{" in text or "{%" in text or not text) else text


def _both(template: dict[str, str], **fields: Any) -> dict[str, str]:
    """Fill a {de, en} template; a field may itself be a {de, en} mapping."""
    out = {}
    for lang in LANGS:
        values = {k: (v[lang] if isinstance(v, dict) else v) for k, v in fields.items()}
        out[lang] = template[lang].format(**values)
    return out


# ---------------------------------------------------------------- events
def _purposes_of(event: Event, processed: Sequence[tuple[str, ...]]) -> tuple[str, ...]:
    return processed[event.id] if event.id < len(processed) else ()


def event_category(event: Event, view: _StoryView | None = None) -> str:
    """The DPV personal-data category an event is, as raw data about the player.

    Looking at condoms is data about one's sex life before anyone infers
    anything, so product events take their product's special category.
    """
    kind = event.kind
    if kind is Kind.SESSION_START:
        return "pd:DigitalFingerprint"
    if kind is Kind.CONSENT:
        return "pd:PrivacyPreference"
    if kind is Kind.SCENE_ENTER:
        return "pd:Location"
    if kind is Kind.INPUT:
        return {"name": "pd:Name", "email": "pd:EmailAddress"}.get(
            str(event.target), "pd:Identifying"
        )
    if kind in _PRODUCT_KINDS and view is not None:
        sensitive = view.sensitive(event.data.get("product"))
        if sensitive:
            return _SPECIAL_PD.get(sensitive, "dpv:SpecialCategoryPersonalData")
    if kind is Kind.CHOICE and any(k in event.data for k in ("take", "drop", "buy")):
        return "pd:Purchase"
    return "pd:Behavioral"


def _event_row(
    event: Event, purposes: tuple[str, ...], view: _StoryView, after_refusal: set[int]
) -> dict[str, Any]:
    row = copy.deepcopy(event.as_dict())  # the log's data must not be shared, ever
    row["processed_for"] = list(purposes)
    row["legal_bases"] = sorted({PURPOSES[p].basis for p in purposes})
    row["data_category"] = event_category(event, view)
    row["origin"] = PROVIDED if event.kind is Kind.INPUT else OBSERVED
    row["after_refusal"] = event.id in after_refusal
    row["description"] = describe_event(event, view)
    return row


def describe_event(event: Event, view: _StoryView) -> dict[str, str]:
    """One line per event for the timeline, in both languages."""
    t = texts.EVENT_TEXTS
    kind, data = event.kind, event.data
    if kind is Kind.SESSION_START:
        keys = sorted(str(k) for k in data if k != "cookie")
        out = (
            _both(t["session_start"], keys=", ".join(keys))
            if keys
            else dict(t["session_start_empty"])
        )
        cookie = data.get("cookie")
        if isinstance(cookie, dict):
            extra = _both(t["session_cookie"], visits=_num(cookie.get("visits") or 1))
            out = {lang: out[lang] + extra[lang] for lang in LANGS}
        return out
    if kind is Kind.CONSENT:
        choice = str(data.get("choice", ""))
        return _both(
            t["consent"],
            choice=texts.CONSENT_CHOICE_LABELS.get(choice, {lang: choice for lang in LANGS}),
        )
    if kind is Kind.SCENE_ENTER:
        key = "scene_enter_back" if data.get("back") else "scene_enter"
        return _both(t[key], title=view.scene_title(str(event.target or event.scene)))
    if kind is Kind.SCENE_LEAVE:
        return _both(t["scene_leave"], seconds=_num(data.get("dwell", 0)))
    if kind is Kind.CHOICE:
        out = _both(t["choice"], label=view.target_label(event.scene, event.target))
        extras = []
        if data.get("take"):
            extras.append(_both(t["choice_take"], products=_names(view, data["take"])))
        if data.get("drop"):
            extras.append(_both(t["choice_drop"], products=_names(view, data["drop"])))
        if data.get("buy"):
            paid = _paid_cents(data)
            extras.append(
                {
                    lang: t["choice_buy"][lang].format(
                        paid=", ".join(
                            f"{view.product_name(pid)[lang]} {view.money(price, lang)}"
                            for pid, price in sorted(paid.items())
                        )
                        or "–"
                    )
                    for lang in LANGS
                }
            )
        extras.append(_both(t["choice_hesitation"], seconds=_num(data.get("hesitation", 0))))
        return {lang: out[lang] + "".join(x[lang] for x in extras) for lang in LANGS}
    if kind in (Kind.HIGHLIGHT, Kind.HOVER, Kind.EXAMINE):
        return _both(t[str(kind)], label=view.target_label(event.scene, event.target))
    if kind is Kind.INPUT:
        return _both(t["input"], key=str(event.target), value=str(data.get("value", "")))
    if kind is Kind.BACK:
        return dict(t["back"])
    if kind is Kind.IDLE:
        return _both(t["idle"], seconds=_num(data.get("seconds", 0)))
    if kind is Kind.COUPON:
        action = str(data.get("action"))
        product = data.get("product")
        suffix = {
            lang: (f": {view.product_name(product)[lang]}" if product else "") for lang in LANGS
        }
        key = f"coupon_{action}" if f"coupon_{action}" in t else "coupon_shown"
        return _both(t[key], product=suffix)
    if kind in (Kind.PRICE_LOOK, Kind.PRICE_SHOWN, Kind.PRICE_CHANGE):
        product = data.get("product") or event.target
        price, normal = _event_cents(data, "price"), _event_cents(data, "normal")
        return {
            lang: t[str(kind)][lang].format(
                product=view.product_name(product)[lang],
                price=view.money(price, lang),
                normal=view.money(normal, lang),
                old=view.money(int(data.get("old_cents", 0) or 0), lang),
                reason=_price_rule_label(
                    str(data.get("rule", "")),
                    float(data.get("factor", 1.0) or 1.0),
                    bool(data.get("coupon")),
                )[lang],
            )
            for lang in LANGS
        }
    if kind is Kind.CLAIM_USE:
        said = [claim_words(u, view) for u in data.get("claims", ()) if isinstance(u, dict)]
        return _both(t["claim_use"], claims={x: "; ".join(w[x] for w in said) for x in LANGS})
    if kind in (Kind.SAVE, Kind.QUIT):
        return dict(t[str(kind)])
    if kind is Kind.STATE:
        # The story's bookkeeping: no purchase. A variable has no words of its
        # own (its name is the author's id), a thing has its name.
        if "carried" in data:
            thing = view.story.things.get(str(event.target))
            names = (
                {lang: thing.name.source(lang) for lang in LANGS}
                if thing is not None
                else {lang: str(event.target) for lang in LANGS}
            )
            return _both(t["state_carried" if data["carried"] else "state_dropped"], thing=names)
        return dict(t["state_value"])
    if kind is Kind.UNDO:
        return dict(t["undo"])
    return _both(t["other"], kind=str(kind))


def _event_cents(data: Mapping[str, Any], field: str) -> int:
    """A logged amount in cents; saves from before cents held euros (``price: 12.5``)."""
    value = data.get(f"{field}_cents")
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    old = data.get(field)
    return cents(old) if isinstance(old, (int, float)) and not isinstance(old, bool) else 0


def _paid_cents(data: Mapping[str, Any]) -> dict[str, int]:
    """What a payment logged, per product, in cents (older saves: euros under ``paid``)."""
    paid = data.get("paid_cents")
    if isinstance(paid, dict):
        return {str(k): int(v) for k, v in paid.items()}
    old = data.get("paid")
    return {str(k): cents(v) for k, v in old.items()} if isinstance(old, dict) else {}


def _names(view: _StoryView, pids: Iterable[str]) -> dict[str, str]:
    names = [view.product_name(pid) for pid in pids]
    return {lang: ", ".join(n[lang] for n in names) for lang in LANGS}


def _num(value: Any) -> str:
    number = float(value or 0)
    return f"{number:.0f}" if abs(number - round(number)) < 0.05 else f"{number:.1f}"


# ---------------------------------------------------------------- consent
def _consent(events: Sequence[Event], processed: Sequence[tuple[str, ...]]) -> dict[str, Any]:
    """The consent record, and what the shop did after the player said no.

    Walks the log in order: a refusal covers the events after it until a later
    decision grants again. Counts what kept being processed and on which basis,
    and checks the shop's own promise: nothing refused was processed.
    """
    decisions: list[dict[str, Any]] = []
    refused: frozenset[str] = frozenset()
    since: int | None = None
    after: list[int] = []
    by_purpose: dict[str, int] = {}
    by_basis: dict[str, int] = {}
    broken = 0
    for event in events:
        if event.kind is Kind.CONSENT:
            choice = str(event.data.get("choice", "necessary"))
            granted = CONSENT_PRESETS.get(choice, frozenset())
            refused = CONSENT_PURPOSES - granted
            decisions.append(
                {
                    "event": event.id,
                    "t": round(event.t, 3),
                    "choice": choice,
                    "label": dict(
                        texts.CONSENT_CHOICE_LABELS.get(choice, {lang: choice for lang in LANGS})
                    ),
                    "granted": sorted(granted),
                    "refused": sorted(refused),
                }
            )
            if refused and since is None:
                since = event.id
            continue
        if not refused:
            continue
        after.append(event.id)
        purposes = _purposes_of(event, processed)
        for pid in purposes:
            by_purpose[pid] = by_purpose.get(pid, 0) + 1
        for basis in sorted({PURPOSES[p].basis for p in purposes}):
            by_basis[basis] = by_basis.get(basis, 0) + 1
        if set(purposes) & refused:
            broken += 1

    last = decisions[-1] if decisions else None
    first_id = decisions[0]["event"] if decisions else None
    after_decision = sum(
        1 for e in events if first_id is not None and e.id > first_id and _purposes_of(e, processed)
    )
    record: dict[str, Any] = {
        "choice": last["choice"] if last else None,
        "label": last["label"] if last else None,
        "granted": last["granted"] if last else [],
        "refused": last["refused"] if last else [],
        "events": [d["event"] for d in decisions],
        "decisions": decisions,
        "events_processed_after_decision": after_decision,
        "after_refusal": None,
    }
    if since is not None:
        processed_ids = [eid for eid in after if _purposes_of(events[eid], processed)]
        record["after_refusal"] = {
            "since_event": since,
            "refused": sorted(set().union(*(d["refused"] for d in decisions))),
            "events": len(after),
            "processed": len(processed_ids),
            "by_purpose": dict(sorted(by_purpose.items())),
            "by_basis": dict(sorted(by_basis.items())),
            "by_basis_dpv": {DPV_BASIS[b]: n for b, n in sorted(by_basis.items())},
            "refused_purposes_processed": broken,
            "event_ids": processed_ids,
        }
    return record


# ---------------------------------------------------------------- purposes & data
def _purposes(
    processed: Sequence[tuple[str, ...]],
    profile: Profile,
    categories: Sequence[Mapping[str, Any]],
    consent: Mapping[str, Any],
) -> list[dict[str, Any]]:
    refused = set(CONSENT_PRESETS["all"]) - profile.granted if profile.consent_choice else set()
    after = consent["after_refusal"]["by_purpose"] if consent["after_refusal"] else {}
    rows = []
    for pid, purpose in PURPOSES.items():
        count = sum(1 for purposes in processed if pid in purposes)
        if purpose.basis != CONSENT:
            status = "no_consent_needed"
        elif not profile.consent_choice:
            status = "not_asked"
        else:
            status = "refused" if pid in refused else "granted"
        rows.append(
            {
                "id": pid,
                "label": dict(purpose.label),
                "dpv:hasPurpose": purpose.dpv_purpose,
                "dpv:hasLegalBasis": DPV_BASIS[purpose.basis],
                "dpv:hasPersonalData": sorted(
                    c["term"] for c in categories if pid in c["purposes"]
                ),
                "legal_basis": purpose.basis,
                "legal_basis_label": dict(BASIS_LABEL[purpose.basis]),
                "events_processed": count,
                "events_after_refusal": int(after.get(pid, 0)),
                "refused_by_player": pid in refused,
                "status": status,
            }
        )
    return rows


def _personal_data(
    event_rows: Sequence[Mapping[str, Any]], inference_rows: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """Art. 15(1)(b): the categories concerned, how we got each and what it served."""
    table: dict[str, dict[str, Any]] = {}

    def entry(term: str) -> dict[str, Any]:
        if term not in table:
            table[term] = {
                "term": term,
                "origins": set(),
                "events": 0,
                "inferences": 0,
                "purposes": set(),
            }
        return table[term]

    for row in event_rows:
        item = entry(row["data_category"])
        item["origins"].add(row["origin"])
        item["events"] += 1
        item["purposes"].update(row["processed_for"])
    for row in inference_rows:
        item = entry(row["data_category"])
        item["origins"].add(INFERRED)
        item["inferences"] += 1
        item["purposes"].add(row["purpose"])
    out = []
    for term in sorted(table):
        item = table[term]
        out.append(
            {
                "term": term,
                "label": label_for_term(term),
                "special_category": term in texts.SPECIAL_TERMS,
                "origins": sorted(item["origins"]),
                "events": item["events"],
                "inferences": item["inferences"],
                "purposes": sorted(item["purposes"]),
            }
        )
    return out


def label_for_term(term: str) -> dict[str, str]:
    """A DPV term in words; an unknown term is shown as itself rather than hidden."""
    label = texts.PD_LABELS.get(term)
    return dict(label) if label else {lang: term for lang in LANGS}


def _special_categories(
    inference_rows: Sequence[Mapping[str, Any]], event_rows: Sequence[Mapping[str, Any]]
) -> dict[str, Any]:
    """Art. 9 data: which conclusions and observations touch it, and on what basis."""
    rows = []
    for row in inference_rows:
        if not row["art9"]:
            continue
        basis = row["legal_basis"]
        if basis == LEGITIMATE_INTEREST:
            note = {
                "de": "Art. 9 DSGVO kennt kein berechtigtes Interesse – so wäre das unzulässig.",
                "en": "Art. 9 GDPR has no legitimate-interest exception – this would be unlawful.",
            }
        elif basis == CONSENT:
            note = {
                "de": "Art. 9 Abs. 2 lit. a verlangt eine ausdrückliche Einwilligung – "
                "ein Klick auf „Alle akzeptieren“ ist das kaum.",
                "en": "Art. 9(2)(a) requires explicit consent – clicking “Accept all” is "
                "hardly that.",
            }
        else:
            note = {
                "de": "Besondere Kategorie nach Art. 9 DSGVO.",
                "en": "Special category under Art. 9 GDPR.",
            }
        rows.append(
            {
                "inference": row["id"],
                "kind": row["kind"],
                "subject": row["subject"],
                "data_category": row["data_category"],
                "purpose": row["purpose"],
                "legal_basis": basis,
                "note": note,
            }
        )
    observed = [r["id"] for r in event_rows if r["data_category"] in texts.SPECIAL_TERMS]
    return {"inferences": rows, "observed_events": observed}


def _recipients(processed: Sequence[tuple[str, ...]]) -> dict[str, Any]:
    used = {p for purposes in processed for p in purposes}
    named = [
        {
            "name": r.name,
            "role": r.role,
            "purposes": list(r.purposes),
            "does": dict(r.does),
            "received": bool(used & set(r.purposes)),
        }
        for r in texts.RECIPIENTS
    ]
    return {
        "count": texts.PARTNER_COUNT,
        "fictional": True,
        "note": {
            "de": "Alle Empfänger sind erfunden. Das Spiel hat nichts übertragen.",
            "en": "All recipients are made up. The game transmitted nothing.",
        },
        "dpv:hasRecipient": named,
        "unnamed": texts.PARTNER_COUNT - len(named),
    }


def _source(
    event_rows: Sequence[Mapping[str, Any]], inference_rows: Sequence[Mapping[str, Any]]
) -> dict[str, Any]:
    return {
        "dpv:hasDataSource": ["dpv:DataSubjectDataSource", "dpv:DataControllerDataSource"],
        "text": dict(texts.SOURCE_TEXT),
        "observed_events": sum(1 for r in event_rows if r["origin"] == OBSERVED),
        "provided_events": sum(1 for r in event_rows if r["origin"] == PROVIDED),
        "inferences": len(inference_rows),
    }


def _controller() -> dict[str, Any]:
    return {k: (dict(v) if isinstance(v, dict) else v) for k, v in texts.CONTROLLER.items()}


# ---------------------------------------------------------------- inferences
def _inference_row(
    number: int,
    inference: Inference,
    view: _StoryView,
    events: Sequence[Event],
    refused: frozenset[str] = frozenset(),
    uses: Sequence[Mapping[str, Any]] = (),
) -> dict[str, Any]:
    row = copy.deepcopy(inference.as_dict())
    known = len(events)
    rule_id = inference.rule.split(":", 1)[0].strip()
    sensitive_subject = view.sensitive(inference.subject)
    row.update(
        {
            "id": f"inference-{number}",
            # "label" stays the engine's: the value in words, where it is a word.
            "kind_label": dict(
                texts.INFERENCE_KIND_LABELS.get(
                    inference.kind, {lang: inference.kind for lang in LANGS}
                )
            ),
            "subject_label": _subject_label(inference, view),
            "value_text": _value_text(inference, view),
            "rule_id": rule_id,
            "dpv:hasPurpose": PURPOSES[inference.purpose].dpv_purpose,
            "dpv:hasLegalBasis": DPV_BASIS[inference.basis],
            "legal_basis_label": dict(BASIS_LABEL[inference.basis]),
            "evidence_valid": all(0 <= eid < known for eid in inference.evidence),
            "art9": bool(
                inference.special_category
                or sensitive_subject
                or inference.data_category in texts.SPECIAL_TERMS
            ),
            # Concluded for a purpose the player refused at the banner (the engine's
            # identity conclusions, for one): the dossier says so rather than hide it.
            "purpose_refused": inference.purpose in refused,
            # Where the shop used this conclusion on the player, as logged.
            "used": [
                {k: u[k] for k in ("event", "t", "scene", "place", "evidence", "said")}
                for u in uses
                if u["claim"] == inference.key
            ],
        }
    )
    return row


def _subject_label(inference: Inference, view: _StoryView) -> dict[str, str]:
    subject = inference.subject
    if view.story.product(subject) is not None:
        return view.product_name(subject)
    if inference.kind == "sensitive":
        return dict(texts.SENSITIVE_LABELS.get(subject, {lang: subject for lang in LANGS}))
    if inference.kind == "segment":
        if _engine_words(inference):
            return _engine_words(inference)
        if subject.startswith("fan:"):
            cat = subject.split(":", 1)[1]
            return {
                lang: f"{texts.SEGMENT_LABELS['fan'][lang]} {view.story.category_name(cat, lang)}"
                for lang in LANGS
            }
        return dict(texts.SEGMENT_LABELS.get(subject, {lang: subject for lang in LANGS}))
    if inference.kind == "identity":
        term = {"name": "pd:Name", "email": "pd:EmailAddress"}.get(subject)
        return label_for_term(term) if term else {lang: subject for lang in LANGS}
    if inference.kind == "category_interest":
        return {lang: view.story.category_name(subject, lang) for lang in LANGS}
    return {lang: "" for lang in LANGS}


def _engine_words(inference: Inference) -> dict[str, str]:
    """The engine's own words for a value (moods, segments), if it has them."""
    label = getattr(inference, "label", None)
    if isinstance(label, Mapping) and all(label.get(lang) for lang in LANGS):
        return {lang: str(label[lang]) for lang in LANGS}
    return {}


def _value_text(inference: Inference, view: _StoryView) -> dict[str, str]:
    kind, value = inference.kind, inference.value
    if isinstance(value, float):
        if kind in ("interest", "category_interest"):
            return {"de": f"{value:.1f} Punkte".replace(".", ","), "en": f"{value:.1f} points"}
        if kind in (
            "purchase_probability",
            "willingness_to_pay",
            "price_sensitivity",
            "next_purchase",
        ):
            return {lang: format_percent(value, lang) for lang in LANGS}
        if kind == "next_visit":
            return {"de": f"in etwa {value:.0f} Tag(en)", "en": f"in about {value:.0f} day(s)"}
        if kind == "returning_customer":
            return {"de": f"{value:.0f}× hier gewesen", "en": f"been here {value:.0f}×"}
        if kind == "customer_value":
            return {lang: view.money(cents(round(value, 2)), lang) for lang in LANGS}
        if kind == "segment":
            return {"de": "zugeordnet", "en": "assigned"}
        return {lang: f"{value:.4g}" for lang in LANGS}
    text = str(value)
    if kind == "mood":
        return _engine_words(inference) or dict(
            texts.MOOD_LABELS.get(text, {lang: text for lang in LANGS})
        )
    if kind == "sensitive":
        return {lang: view.product_name(text)[lang] for lang in LANGS}
    return {lang: text for lang in LANGS}


# ---------------------------------------------------------------- shown & prices
def _shown(game: Game, view: _StoryView) -> list[dict[str, Any]]:
    rows = []
    for s in game.shown_so_far():
        diffs = []
        for pid in sorted(s.prices):
            yours = s.prices[pid]
            neutral = s.neutral_prices.get(pid, yours)
            if yours != neutral:
                diffs.append(
                    {
                        "product": pid,
                        "yours": euros(yours),
                        "neutral": euros(neutral),
                        "difference": euros(yours - neutral),
                    }
                )
        rows.append(
            {
                "event": s.event_id,
                "scene": s.scene,
                "title": view.scene_title(s.scene),
                "text": s.text,
                "neutral_text": s.neutral_text,
                "personalised": s.text != s.neutral_text,
                "added_for_you": added_for_you(s.text, s.neutral_text),
                "prices": {pid: euros(s.prices[pid]) for pid in sorted(s.prices)},
                "neutral_prices": {
                    pid: euros(s.neutral_prices[pid]) for pid in sorted(s.neutral_prices)
                },
                "prices_personalised": bool(diffs),
                "price_differences": diffs,
            }
        )
    return rows


_WORDS = re.compile(r"(\s+)")


def added_for_you(text: str, neutral: str) -> bool:
    """Whether ``text`` says something the neutral shopper's text does not.

    A text can also differ because the neutral shopper, who never consented to
    anything, gets a line the player does not ("no consent – no team today").
    That is a difference, but nothing was made for the player.
    """
    if text == neutral:
        return False
    mine, theirs = _WORDS.split(text), _WORDS.split(neutral)
    matcher = difflib.SequenceMatcher(None, theirs, mine, autojunk=False)
    return any(
        op in ("insert", "replace") and "".join(mine[b1:b2]).strip()
        for op, _a1, _a2, b1, b2 in matcher.get_opcodes()
    )


def _price_comparison(
    game: Game, view: _StoryView, shown: Sequence[Mapping[str, Any]], events: Sequence[Event]
) -> list[dict[str, Any]]:
    """Per product: what you were asked to pay against the neutral shopper, and why."""
    story = game.story
    # What you were shown: the prices the shop posted (and changed), each with
    # the neutral shopper's price for the same product at the same moment.
    neutral_at: dict[int, dict[str, int]] = {}
    for row in shown:
        neutral_at[row["event"]] = {p: cents(v) for p, v in row["neutral_prices"].items()}
    seen: dict[str, list[tuple[int, int, int]]] = {}
    last_neutral: dict[str, int] = {}
    for e in events:
        pid = str(e.data.get("product") or "")
        if e.id in neutral_at:
            last_neutral.update(neutral_at[e.id])
        if e.kind in (Kind.PRICE_SHOWN, Kind.PRICE_CHANGE) and story.product(pid) is not None:
            neutral = last_neutral.get(pid, _event_cents(e.data, "normal"))
            seen.setdefault(pid, []).append((e.id, _event_cents(e.data, "price"), neutral))
    paid: dict[str, tuple[int, int]] = {}
    for e in events:
        if e.kind is Kind.CHOICE and e.data.get("buy"):
            for pid, price in _paid_cents(e.data).items():
                paid[pid] = (e.id, price)
    paid_neutral = {pid: n for p in game.payments for pid, n in p.neutral.items()}

    def money(amount: int | None) -> float | None:
        return None if amount is None else euros(amount)

    rows = []
    for pid in sorted(set(seen) | set(paid)):
        product = story.product(pid)
        if product is None:
            continue
        sightings = seen.get(pid, [])
        yours = [p for _, p, _ in sightings]
        quote = quote_for(story, game.profile, pid)
        normal = cents(product.price)
        rows.append(
            {
                "product": pid,
                "name": view.product_name(pid),
                "normal": euros(normal),
                "neutral": euros(sightings[-1][2] if sightings else normal),
                "yours_first": money(yours[0] if yours else None),
                "yours_last": money(yours[-1] if yours else None),
                "yours_min": money(min(yours) if yours else None),
                "yours_max": money(max(yours) if yours else None),
                "shown_events": [eid for eid, _, _ in sightings],
                "differing_events": sorted({eid for eid, p, n in sightings if p != n}),
                "paid": money(paid[pid][1] if pid in paid else None),
                "paid_neutral": money(paid_neutral.get(pid) if pid in paid else None),
                "paid_event": paid[pid][0] if pid in paid else None,
                "now": {
                    "price": euros(quote.cents),
                    "factor": round(quote.factor, 4),
                    "coupon": quote.coupon,
                    "rule": quote.rule,
                    "rule_label": _price_rule_label(quote.rule, quote.factor, quote.coupon),
                },
            }
        )
    return rows


def _payments(game: Game, view: _StoryView) -> dict[str, Any]:
    """What you paid at the till, against a neutral shopper at the same moment."""
    rows = []
    total_paid = total_neutral = 0
    for payment in game.payments:
        items = []
        for pid in sorted(payment.paid):
            paid = int(payment.paid[pid])
            neutral = int(payment.neutral.get(pid, paid))
            product = view.story.product(pid)
            normal = cents(product.price) if product is not None else paid
            total_paid += paid
            total_neutral += neutral
            items.append(
                {
                    "product": pid,
                    "name": view.product_name(pid),
                    "paid": euros(paid),
                    "neutral": euros(neutral),
                    "normal": euros(normal),
                    "difference": euros(paid - neutral),
                    "vs_normal": format_percent(paid / normal - 1, "en") if normal else "",
                }
            )
        rows.append({"event": payment.event_id, "items": items})
    difference = total_paid - total_neutral
    return {
        "payments": rows,
        "total_paid": euros(total_paid),
        "total_neutral": euros(total_neutral),
        "difference": euros(difference),
        "text": {
            lang: texts.PAYMENT_TEXT[
                "none"
                if not rows
                else "more"
                if difference > 0
                else "less"
                if difference
                else "same"
            ][lang].format(
                paid=view.money(total_paid, lang),
                neutral=view.money(total_neutral, lang),
                difference=view.money(abs(difference), lang),
            )
            for lang in LANGS
        },
    }


# ---------------------------------------------------------------- claims used
def claim_uses(events: Sequence[Event], view: _StoryView) -> list[dict[str, Any]]:
    """Every claim a text made about the player, where and when, with its evidence."""
    rows = []
    for e in events:
        if e.kind is not Kind.CLAIM_USE:
            continue
        for use in e.data.get("claims", ()):
            if not isinstance(use, dict):
                continue
            rows.append(
                {
                    "event": e.id,
                    "t": round(e.t, 3),
                    "scene": e.scene,
                    "place": view.scene_title(e.scene),
                    "where": e.target,
                    "claim": str(use.get("claim", "")),
                    "kind": str(use.get("kind", "")),
                    "value": use.get("value"),
                    "evidence": [int(i) for i in use.get("evidence", ()) if isinstance(i, int)],
                    "supported": use.get("supported", True) is not False,
                    "said": claim_words(use, view),
                }
            )
    return rows


def claim_words(use: Mapping[str, Any], view: _StoryView) -> dict[str, str]:
    """A used claim as a sentence about the player, in both languages."""
    key = str(use.get("claim", ""))
    family, _, subject = key.partition(":")
    value = use.get("value")
    words = texts.CLAIM_WORDS.get(family)
    if words is None:
        return {lang: key for lang in LANGS}
    fields: dict[str, Any] = {}
    if view.story.product(subject) is not None:
        fields["product"] = view.product_name(subject)
    elif family in ("seconds", "seen"):
        if subject in view.story.scenes:
            fields["product"] = view.scene_title(subject)
        else:
            fields["product"] = view.item_label(subject)
    number = value if isinstance(value, (int, float)) and not isinstance(value, bool) else 0
    if family in ("price", "normal_price", "basket_total", "price_change"):
        fields["value"] = {lang: view.money(int(number), lang) for lang in LANGS}
    elif family in ("purchase_probability", "next_purchase", "price_sensitivity"):
        fields["value"] = {lang: format_percent(float(number), lang) for lang in LANGS}
    elif family == "twitches":
        fields["value"] = {lang: format_times(int(number), lang) for lang in LANGS}
    elif family == "interest":
        fields["value"] = {"de": f"{float(number):.1f}".replace(".", ","), "en": f"{number:.1f}"}
    elif family == "mood":
        fields["value"] = dict(texts.MOOD_LABELS.get(str(value), {x: str(value) for x in LANGS}))
    elif family == "consent":
        choice = str(value)
        fields["value"] = dict(texts.CONSENT_CHOICE_LABELS.get(choice, {x: choice for x in LANGS}))
    elif family == "segment":
        category = subject.split(":", 1)[-1]
        names = {lang: view.story.category_name(category, lang) for lang in LANGS}
        fields["value"] = {lang: segment_label(subject, names)[lang] for lang in LANGS}
    elif family == "hesitation" or family == "seconds":
        fields["value"] = {lang: f"{int(number)} s" for lang in LANGS}
    elif family == "returning_customer":
        fields["value"] = {lang: format_times(int(number), lang) for lang in LANGS}
    else:
        fields["value"] = {lang: str(value) for lang in LANGS}
    fields.setdefault("product", {lang: subject for lang in LANGS})
    return _both(words, **fields)


def _price_rule_label(rule: str, factor: float, coupon: bool) -> dict[str, str]:
    """The pricing rule in words; a surcharge of nothing is called what it is."""
    if not coupon and abs(factor - 1.0) < 0.0005:
        return dict(texts.PRICE_RULE_LABELS["none"])
    return dict(texts.PRICE_RULE_LABELS.get(rule, {lang: rule for lang in LANGS}))


def _automated_decisions(
    game: Game,
    shown: Sequence[Mapping[str, Any]],
    prices: Sequence[Mapping[str, Any]],
    inferences: Sequence[Inference],
) -> dict[str, Any]:
    """Art. 15(1)(h): that automated decisions were taken, the logic, the consequences."""
    decisions: list[dict[str, Any]] = []
    for row in shown:
        if row["personalised"]:
            decisions.append({"kind": "text", "event": row["event"], "scene": row["scene"]})
        for diff in row["price_differences"]:
            decisions.append(
                {
                    "kind": "price",
                    "event": row["event"],
                    "scene": row["scene"],
                    "product": diff["product"],
                    "yours": diff["yours"],
                    "neutral": diff["neutral"],
                }
            )
    for e in game.log:
        if e.kind is Kind.COUPON and e.data.get("action") == "shown":
            decisions.append(
                {
                    "kind": "coupon",
                    "event": e.id,
                    "scene": e.scene,
                    "product": e.data.get("product"),
                }
            )
    decisions.sort(key=lambda d: (d["event"], d["kind"], str(d.get("product") or "")))

    rules: dict[str, dict[str, Any]] = {}
    for inference in inferences:
        rule_id = inference.rule.split(":", 1)[0].strip()
        entry = rules.setdefault(
            rule_id,
            {
                "rule": rule_id,
                "text": inference.rule,
                "explanation": dict(
                    texts.RULE_EXPLANATIONS.get(rule_id, {lang: "" for lang in LANGS})
                ),
                "used_by": set(),
                "inferences": 0,
            },
        )
        entry["used_by"].add(inference.kind)
        entry["inferences"] += 1
    logic = [{**r, "used_by": sorted(r["used_by"])} for _, r in sorted(rules.items())]

    pricing = game.story.pricing
    low = round((1 - pricing.min_factor) * 100)
    high = round((pricing.max_factor - 1) * 100)
    coupon = round(pricing.coupon * 100)
    return {
        "exists": bool(decisions),
        "dpv:hasProcessing": ["dpv:Profiling"],
        "dpv:hasContext": ["dpv:AutomatedDecisionMaking", "dpv:EvaluationScoring"],
        "dpv:hasHumanInvolvement": "dpv:HumanNotInvolved",
        "text": dict(texts.ADM_TEXT["exists" if decisions else "none"]),
        "significance": dict(texts.ADM_TEXT["significance"]),
        "decisions": decisions,
        "logic": logic,
        "pricing": {
            "min_factor": pricing.min_factor,
            "max_factor": pricing.max_factor,
            "coupon": pricing.coupon,
            "explanation": {
                "de": f"Ihr Preis liegt zwischen {low} % unter und {high} % über dem "
                f"Normalpreis. Wer zögert und preisempfindlich wirkt, bekommt "
                f"{coupon} % Rabatt; wer entschlossen wirkt, zahlt einen Aufschlag – "
                f"umso mehr, je weniger er auf Preise achtet.",
                "en": f"Your price lies between {low}% below and {high}% above the normal "
                f"price. If you hesitate and seem price-sensitive you get {coupon}% "
                f"off; if you seem determined you pay a surcharge – the more so, the "
                f"less you watch prices.",
            },
            "products": [{"product": p["product"], **p["now"]} for p in prices],
        },
    }


def _cookie_record(profile: Profile) -> dict[str, Any] | None:
    """What the shop's cookie from an earlier visit said, if there was one."""
    cookie = getattr(profile, "cookie", None)
    if not cookie:
        return None
    return copy.deepcopy({k: cookie[k] for k in sorted(cookie)})


def _profile(profile: Profile, story: Story) -> dict[str, Any]:
    products = sorted(story.catalogue)
    return {
        "top_products": profile.top_products(),
        "purchase_probability": {
            pid: round(profile.purchase_probability(pid), 4) for pid in products
        },
        "willingness_to_pay": {pid: round(profile.willingness_to_pay(pid), 4) for pid in products},
        "price_sensitivity": round(profile.price_sensitivity(), 4),
        "segments": profile.segments(),
        "mood": profile.mood(),
        "basket": profile.basket(),
        "scene_dwell_seconds": {k: round(v, 3) for k, v in sorted(profile.scene_dwell.items())},
    }

"""Build the dossier: a data-access response computed from the log alone.

Shaped like an answer to a GDPR Art. 15 request (EDPB Guidelines 01/2022): a
plain confirmation first, who the controller is, what the player typed, which
categories of personal data were processed, for which purpose and on which
legal basis, who received it and what went to third countries, how long each
kind of data is kept and why, where it came from, which automated decisions
were taken and with what logic, every conclusion with the events it rests on,
what the player was shown compared with a neutral shopper, what the consent
banner really changed, the shop's own cookie, every right, an Art. 20 part
(provided and observed data only), and the reality checks the session earned.

It is JSON-LD: ``linked`` holds the inline context and the pinned DPV 2.3
vocabulary (with its GDPR extension) that every term here comes from, and
``schema/dossier.schema.json`` describes the shape. Every log entry carries a
sentence in German and English and its origin (provided, observed, inferred).

Everything here is a pure function of the game's story, log and profile, so
the same session always gives the same dossier, byte for byte once exported:
no wall-clock time, no set or dict iteration whose order could vary.
"""

from __future__ import annotations

import copy
import datetime
import hashlib
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from typing import Any

from kaufhaus import __version__
from kaufhaus.dossier import linked, textdiff, texts
from kaufhaus.dossier.answers import RIGHT_NAMES, RIGHT_TERMS, RIGHTS, conclusion_words
from kaufhaus.dossier.answers import both as answer_both
from kaufhaus.dossier.card import from_browser
from kaufhaus.dossier.law import (
    LEGAL_OBLIGATION_TERM,
    PRICE_INPUTS,
    SIGNIFICANT,
    art9_state,
    art22_state,
)
from kaufhaus.dossier.law import processing as law_processing
from kaufhaus.dossier.portability import FILE_NAME as PORTABILITY_FILE
from kaufhaus.dossier.portability import portable_rows
from kaufhaus.dossier.reality import SessionFacts, feature_words, reality_checks
from kaufhaus.dossier.refusal import in_refusal, processed_after_refusal
from kaufhaus.dossier.safetext import clean
from kaufhaus.dossier.wrong import where_wrong
from kaufhaus.facades import quote_for
from kaufhaus.game import Game
from kaufhaus.story.grammar import definite
from kaufhaus.story.model import Choice, Item, Story
from kaufhaus.tracking.events import SHOP_RECORDS, Event, Kind, in_file
from kaufhaus.tracking.numbers import (
    NBSP,
    cents,
    decimal_text,
    euros,
    format_money,
    format_percent,
    format_times,
    plural,
)
from kaufhaus.tracking.pricing import NORMAL_RULE, OFFER_RULE
from kaufhaus.tracking.profile import Inference, Profile
from kaufhaus.tracking.purposes import (
    BASIS_LABEL,
    CONSENT,
    CONSENT_PRESETS,
    CONSENT_PURPOSES,
    PURPOSES,
)
from kaufhaus.tracking.vocabulary import segment_label

FORMAT = linked.FORMAT
VERSION = linked.VERSION
LANGS = texts.LANGS
#: The unit of an interest score.
POINTS = {"de": "Punkte", "en": "points"}
POINT = {"de": "Punkt", "en": "point"}

#: The DPV data type for each way the shop came by a piece of data.
OBSERVED = "dpv:ObservedPersonalData"
PROVIDED = "dpv:ProvidedPersonalData"
INFERRED = "dpv:InferredPersonalData"
#: Conclusions whose content the shop did not infer (see ``_inference_row``). A new
#: conclusion family is inferred unless it is named here.
CONCLUSION_ORIGINS = {"identity": PROVIDED, "fingerprint": OBSERVED}
#: The rule of a note that writes down what the player said (``said: true``).
SAID_RULE = "R-SAG"

_SPECIAL_PD = linked.SPECIAL_TERM
_PRODUCT_KINDS = frozenset({Kind.EXAMINE, Kind.HIGHLIGHT, Kind.HOVER, Kind.PRICE_LOOK})


def session_name(game: Game) -> str:
    """The name of this game: the one its save header keeps, or one its log makes.

    A played game has a random name from its start (``Session.new_game``),
    kept in the save header, so a replay keeps it too. A game without one (a
    walkthrough, a test) is named by a digest of its story, seed and log:
    stable on replay, and two different games never share it.
    """
    named = str(getattr(game, "session", "") or "")
    if named:
        return named
    digest = hashlib.sha256()
    digest.update(f"{game.story.id}\0{game.story.content_hash}\0{game.seed}".encode())
    for e in game.log:
        digest.update(f"\0{e.kind}\0{e.t!r}\0{e.scene}\0{e.target}".encode("utf-8", "replace"))
    return "log-" + digest.hexdigest()[:24]


def build_dossier(game: Game, *, issued: str | None = None) -> dict[str, Any]:
    """Everything the reveal shows and every export writes, as plain JSON-ready data.

    ``issued``: the day this response is given (ISO date, from the front end's
    calendar; the core keeps no clock). Without it the file carries no date.
    """
    story, profile = game.story, game.profile
    # The shop's file: the log without the story's own bookkeeping (author state).
    events = [e for e in game.log.events() if in_file(e, story.unobserved)]
    inferences = profile.inferences()
    view = _StoryView(
        story, {nid: n.words for nid, n in profile.notes.items()}, profile.coupons_shown
    )
    # One purpose list per event: what the engine processed it for, and what the
    # conclusions that file it as provided or observed data serve (the same datum).
    processed = _processed(profile.processed, inferences, len(game.log))

    consent = _consent(events, processed)
    refusal = consent["after_refusal"]
    after_refusal: set[int] = set(refusal["event_ids"]) if refusal else set()
    iri = linked.dossier_iri(session_name(game))
    uses = claim_uses(events, view)
    shown = _shown(game, view, events)
    decisions = _decision_rows(game, view, events, shown)
    fed = decisions_fed(decisions, uses, inferences)
    refused_now = frozenset(consent["refused"])
    known = frozenset(e.id for e in events)
    inference_rows = [
        _inference_row(
            n, i, view, known, refused_now, uses, processed, fed.get(i.key, {}), lang=game.lang
        )
        for n, i in enumerate(inferences, 1)
    ]
    on_screen = prices_on_screen(events, shown, view, game.lang)
    event_rows = [
        _event_row(e, _purposes_of(e, processed), view, after_refusal, on_screen) for e in events
    ]
    _note_grounds(inference_rows, profile.notes, event_rows)
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
    for card in cards:
        card["@id"] = f"#reality-{card['id']}"
        card["triggered_by"] = [f"#event-{eid}" for eid in card["triggered_by_events"]]
    categories = _personal_data(event_rows, inference_rows)
    special = _special_categories(inference_rows, event_rows)
    adm = _automated_decisions(game, decisions, prices, inferences)
    contests = contest_rows(events, inference_rows, view)
    transfers = _transfers(processed)
    purposes = _purposes(processed, profile, categories, consent, transfers)

    dossier: dict[str, Any] = {
        "@context": linked.context(iri, game.lang),
        "@id": iri,
        "@type": ["dpv:RightFulfilmentNotice"],
        "$schema": linked.SCHEMA_ID,
        "dpv_version": linked.DPV_VERSION,
        "right": "eu-gdpr:A15",
        "format": FORMAT,
        "version": VERSION,
        "generator": f"kaufhaus {__version__}",
        "lang": game.lang,
        "session": session_name(game),
    }
    if issued:
        dossier["issued"] = str(issued)
    dossier.update(
        {
            "response": _response(issued),
            "story": {
                "id": story.id,
                "hash": story.content_hash,
                "title": {lang: story.title.source(lang) for lang in LANGS},
            },
            "seed": game.seed,
            "scene": game.scene_id,
            "ended": game.ended,
            "duration_seconds": round(game.now, 3),
            "controller": _controller(from_browser(profile.fingerprint)),
            "data_subject": {key: value for key, value in sorted(game.inputs.items())},
            "summary": {
                "events": len(events),
                "inferences": len(inference_rows),
                "personalised_scenes": sum(1 for s in shown if s["personalised"]),
                "scenes_added_for_you": sum(1 for s in shown if s["added_for_you"]),
                "price_personalised_scenes": sum(1 for s in shown if s["prices_personalised"]),
                "events_after_refusal": after_refusal_count(consent),
                "special_category_inferences": len(special["inferences"]),
                "reality_checks": len(cards),
                "claims_used": len(uses),
                "contests": len(contests),
                "paid": payments["total_paid"],
                "paid_neutral": payments["total_neutral"],
                "paid_difference": payments["difference"],
            },
            "personal_data": categories,
            "purposes": purposes,
            "consent": consent,
            "recipients": _recipients(processed, story, events),
            "storage": {k: dict(v) for k, v in texts.STORAGE.items()},
            "source": _source(event_rows, inference_rows),
            "automated_decision_making": adm,
            "inferences": inference_rows,
            "special_categories": special,
            "claims_used": uses,
            "shown_vs_neutral": shown,
            "price_comparison": prices,
            "payments": payments,
            "reality_checks": cards,
            "contests": contests,
            "events": event_rows,
            "profile": _profile(profile, story),
            "fingerprint": {k: profile.fingerprint[k] for k in sorted(profile.fingerprint)},
            "cookie": _cookie_record(profile),
            "catalogue": view.catalogue_rows(),
            "rights": dict(texts.RIGHTS),
            "confirmation": {
                "processing": bool(events),
                "text": _both(
                    texts.CONFIRMATION["yes" if events else "no"],
                    events=str(len(events)),
                    inferences=str(len(inference_rows)),
                ),
            },
            "retention": _retention(),
            "transfers": transfers,
            "shop_cookie": {
                "@id": "#shop-cookie",
                "file": "kaufhaus-cookie.json",
                "written_after_necessary_only": True,
                "holds": ["visits", "story", "interests"],
                **{k: dict(v) for k, v in texts.SHOP_COOKIE.items()},
            },
            "rights_detail": [
                {
                    "@id": f"#right-{r['id']}",
                    "@type": "dpv:DataSubjectRight",
                    "right": linked.RIGHT_TERMS[str(r["id"])],
                    **{k: (dict(v) if isinstance(v, dict) else v) for k, v in r.items()},
                }
                for r in texts.RIGHTS_DETAIL
            ],
            "portability": portability_summary(event_rows, dict(game.inputs), len(inference_rows)),
            "scenes": {
                sid: {"title": view.scene_title(sid)} for sid in sorted({e.scene for e in events})
            },
        }
    )
    return dossier


def _processed(
    engine: Sequence[Sequence[str]], inferences: Sequence[Inference], known: int
) -> list[tuple[str, ...]]:
    """Per event, the purposes it was processed for: one legal basis per datum and purpose.

    A name the player typed is one datum, whether the log shows the typing or
    the conclusions file it as "identity": so the purposes a provided or
    observed conclusion serves are purposes of the events it rests on, and the
    event and the conclusion name the same bases.
    """
    out = [tuple(p) for p in engine]
    for inference in inferences:
        if inference.kind not in CONCLUSION_ORIGINS:
            continue
        for eid in inference.evidence:
            if 0 <= eid < known and eid < len(out) and inference.purpose not in out[eid]:
                out[eid] = tuple(sorted({*out[eid], inference.purpose}))
    return out


def _response(issued: str | None) -> dict[str, Any]:
    """The cover's legal lines: when this answer was given, and Art. 15(4)."""
    out: dict[str, Any] = {"art15_4": dict(texts.ART15_4)}
    if issued:
        out["dated"] = _both(
            texts.RESPONSE_DATED, date={lang: _date(issued, lang) for lang in LANGS}
        )
    else:
        out["dated"] = dict(texts.RESPONSE_UNDATED)
    return out


def _date(iso: str, lang: str) -> str:
    """``2025-03-07`` as ``7. März 2025`` / ``7 March 2025`` (the text as given if not a date)."""
    try:
        day = datetime.date.fromisoformat(str(iso))
    except ValueError:
        return str(iso)
    month = texts.MONTHS[day.month - 1][lang]
    return f"{day.day}. {month} {day.year}" if lang == "de" else f"{day.day} {month} {day.year}"


def after_refusal_count(consent: Mapping[str, Any]) -> int:
    """Events processed after a refusal: the one count every tab and export shows."""
    refusal = consent.get("after_refusal")
    return int(refusal.get("processed", 0)) if isinstance(refusal, Mapping) else 0


# ---------------------------------------------------------------- story lookups
def _label_words(thing: Choice | Item) -> dict[str, str]:
    """A choice's or item's label in both languages, plain words (never an empty one)."""
    fallback = texts.FALLBACK_WORDS["choice"]
    return {lang: _plain(thing.label.source(lang), fallback[lang]) for lang in LANGS}


class _StoryView:
    """Names and titles straight from the story's sources, never rendered.

    The dossier must not run templates: it describes what happened, and a raw
    label is safer than a second rendering that could differ from the first.
    """

    def __init__(
        self,
        story: Story,
        notes: Mapping[str, Mapping[str, str]] | None = None,
        coupons_shown: Mapping[str, int] | None = None,
    ) -> None:
        self.story = story
        #: The words of the shop's notes as the file holds them (note id -> {lang: words}).
        self.notes = dict(notes or {})
        #: The coupons put before the player: product ("*": all) -> first "shown" event.
        self.coupons_shown = dict(coupons_shown or {})
        # A long session hovers over the same few things thousands of times.
        self._labels: dict[tuple[str, str], dict[str, str]] = {}

    def coupon_shown(self, pid: str) -> bool:
        """Whether a coupon for ``pid`` (or for everything) was ever put before the player."""
        return pid in self.coupons_shown or "*" in self.coupons_shown

    def target_label(self, scene_id: str, target: str | None) -> dict[str, str]:
        """A choice's or item's label in its scene, or plain words (never the bare id)."""
        key = (scene_id, str(target or ""))
        label = self._labels.get(key)
        if label is None:
            label = self._labels[key] = self._target_label(scene_id, target)
        return dict(label)

    def shelf_label(self, scene_id: str, target: str | None) -> dict[str, str]:
        """What was examined: the item's label, even where a choice shares its id."""
        scene = self.story.scenes.get(scene_id)
        item = scene.item(str(target or "")) if scene is not None else None
        return _label_words(item) if item is not None else self.target_label(scene_id, target)

    def product_name(self, pid: str | None) -> dict[str, str]:
        product = self.story.product(pid or "")
        if product is None:
            return dict(texts.FALLBACK_WORDS["product"])
        return {lang: product.name.source(lang) for lang in LANGS}

    def product_the(self, pid: str | None, case: str = "nom") -> dict[str, str]:
        """The product with its article in ``case``, as a sentence takes it: "Wir
        haben Ihnen den 65-Zoll-Fernseher … angezeigt", "We showed you the 65-inch UHD TV"."""
        product = self.story.product(pid or "")
        if product is None:
            return dict(texts.FALLBACK_WORDS["product"])
        return {lang: definite(product, product.name.source(lang), lang, case) for lang in LANGS}

    def scene_title(self, scene_id: str) -> dict[str, str]:
        scene = self.story.scenes.get(scene_id)
        if scene is None:
            return dict(texts.FALLBACK_WORDS["scene"])
        fallback = texts.FALLBACK_WORDS["scene"]
        return {lang: _plain(scene.title.source(lang), fallback[lang]) for lang in LANGS}

    def scene_where(self, scene_id: str) -> dict[str, str]:
        """Where a scene is, as the movement log says it: the place and the scene's
        title ("Kasse („Mit Karte bezahlt“)"). A title is often no place at all
        ("Samstagvormittag", "Übergelaufen"), so it is never what one "entered"."""
        title = self.scene_title(scene_id)
        scene = self.story.scenes.get(scene_id)
        quote = {"de": "„{}“", "en": "“{}”"}
        if scene is None or scene.place is None:
            return {lang: quote[lang].format(title[lang]) for lang in LANGS}
        out: dict[str, str] = {}
        for lang in LANGS:
            place = _plain(scene.place.source(lang), "")
            named = quote[lang].format(title[lang])
            out[lang] = f"{place} ({named})" if place and place != title[lang] else named
        return out

    def _target_label(self, scene_id: str, target: str | None) -> dict[str, str]:
        scene = self.story.scenes.get(scene_id)
        ref = str(target or "")
        if scene is not None:
            found = scene.choice(ref) or scene.item(ref)
            if found is not None:
                return _label_words(found)
        return dict(texts.FALLBACK_WORDS["choice"])

    def item_label(self, item_id: str) -> dict[str, str]:
        """An item's label, found in whichever scene holds it."""
        for scene in self.story.scenes.values():
            item = scene.item(item_id)
            if item is not None:
                return _label_words(item)
        return dict(texts.FALLBACK_WORDS["choice"])

    def recipient_name(self, rid: str) -> dict[str, str]:
        recipient = self.story.recipients.get(rid)
        if recipient is None:
            return dict(texts.FALLBACK_WORDS["recipient"])
        return {lang: recipient.name.source(lang) for lang in LANGS}

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
                # The grammar a sentence about the product agrees with ("gekauft
                # haben Sie sie nicht"): the file's readers word from the file alone.
                "gender": p.gender,
                "number": dict(p.number),
            }
            for pid, p in sorted(self.story.catalogue.items())
        }

    def money(self, amount_cents: int, lang: str) -> str:
        return format_money(int(amount_cents), lang, self.story.currency)


def _plain(source: str, fallback: str) -> str:
    """A label's source text, unless it is a template (then the id says more)."""
    text = " ".join(source.split())
    return fallback if ("{{" in text or "{%" in text or not text) else text


#: Quotation marks by language: outer (open, close) and the inner pair for a quote in a quote.
_QUOTES = {"de": (("„", "“"), ("‚", "‘")), "en": (("“", "”"), ("‘", "’"))}


def _inner_quotes(text: str, lang: str) -> str:
    """A label quoted in a sentence that holds quotes itself takes the inner marks:
    "You took a close look at “The ‘Family planning’ shelf”", not "“The “Family…”"."""
    (opening, closing), (inner_open, inner_close) = _QUOTES[lang]
    return text.replace(opening, inner_open).replace(closing, inner_close)


def _one_full_stop(sentence: str) -> str:
    """``Notiert: „Nachfassen.“.`` → ``Notiert: „Nachfassen.“``: a quotation that
    ends its own sentence takes no full stop after its closing mark."""
    for closing in ("“", "”"):
        for mark in ".!?…":
            if sentence.endswith(f"{mark}{closing}."):
                return sentence[:-1]
    return sentence


def _both(template: dict[str, str], **fields: Any) -> dict[str, str]:
    """Fill a {de, en} template; a field may itself be a {de, en} mapping.

    A story's label put between the template's quotation marks gets inner ones
    for the quotes it holds (what a player typed is never touched).
    """
    out = {}
    for lang in LANGS:
        values = {k: (v[lang] if isinstance(v, dict) else v) for k, v in fields.items()}
        opening, closing = _QUOTES[lang][0]
        for key in ("label", "where"):
            value = values.get(key)
            if isinstance(value, str) and f"{opening}{{{key}}}{closing}" in template[lang]:
                values[key] = _inner_quotes(value, lang)
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
    return "pd:Behavioural"


def _event_row(
    event: Event,
    purposes: tuple[str, ...],
    view: _StoryView,
    after_refusal: set[int],
    on_screen: frozenset[int] = frozenset(),
) -> dict[str, Any]:
    row = event.as_dict()  # a new dict; what it holds must not be shared with the log, ever
    if "data" in row:
        row["data"] = _fresh(row["data"])
    row["processed_for"] = list(purposes)
    row["legal_bases"] = sorted({PURPOSES[p].basis for p in purposes})
    row["data_category"] = event_category(event, view)
    origin = event_origin(event, view.story)
    row["@id"] = f"#event-{event.id}"
    row["@type"] = origin
    row["origin"] = origin
    row["origin_label"] = dict(texts.ORIGIN_LABELS[origin])
    row["after_refusal"] = event.id in after_refusal
    row["description"] = describe_event(event, view, on_screen=event.id in on_screen)
    if event.kind is Kind.PRICE_SHOWN:
        row["on_screen"] = event.id in on_screen
    return row


def _fresh(value: Any) -> Any:
    """A copy of logged JSON data (dicts, lists, tuples of scalars): deepcopy, 5× faster."""
    kind = type(value)
    if kind is dict:
        return {k: _fresh(v) for k, v in value.items()}
    if kind is list:
        return [_fresh(v) for v in value]
    if kind is tuple:
        return tuple(_fresh(v) for v in value)
    return value


def event_origin(event: Event, story: Story | None = None) -> str:
    """How the shop came by an event: typed by the player, watched, or its own doing.

    A price the shop computed for the player and a text that used a conclusion
    are records of the shop's conclusions about the player, so they count as
    inferred, not as something the player did; so are its notes, except a note
    that only writes down what the player said (``said: true``): that is
    provided, as the conclusion it becomes is.
    """
    if event.kind is Kind.INPUT or event.kind is Kind.CONTEST:
        return PROVIDED
    if event.kind is Kind.NOTE and event.data.get("said") is True:
        return PROVIDED
    if event.kind in SHOP_RECORDS:
        return INFERRED
    return OBSERVED


def event_words(
    event: Event,
    story: Story,
    coupons_shown: Mapping[str, int] | None = None,
    notes: Mapping[str, Mapping[str, str]] | None = None,
) -> dict[str, str]:
    """One event in the words the file uses, for a live view (the x-ray); the coupons
    shown so far (the profile's) decide whether a price's reason is a coupon offered;
    ``notes``: the notes' words as the file holds them (a quoted note is quoted, not
    "a note")."""
    return describe_event(event, _StoryView(story, notes, coupons_shown=coupons_shown))


def describe_event(event: Event, view: _StoryView, *, on_screen: bool = False) -> dict[str, str]:
    """One sentence per event for the timeline, in both languages, addressed to the player.

    Every name in it comes from the story (scene titles, choice labels,
    product names) in the reader's language; where the story has no words, a
    plain phrase stands in ("an option"), never an internal id.
    """
    t = texts.EVENT_TEXTS
    kind, data = event.kind, event.data
    if kind is Kind.SESSION_START:
        keys = sorted(str(k) for k in data if k != "cookie")
        out = (
            _both(t["session_start"], keys=feature_words(keys))
            if keys
            else dict(t["session_start_empty"])
        )
        cookie = data.get("cookie")
        if isinstance(cookie, dict):
            extra = _both(t["session_cookie"], visits=_num(cookie.get("visits") or 1))
            out = {lang: out[lang] + extra[lang] for lang in LANGS}
            # What it held, as the profile reads it: the evidence the returning
            # lines and the prices rest on, in the products' names.
            interests = cookie.get("interests")
            held = [
                str(pid)
                for pid, score in (interests.items() if isinstance(interests, dict) else ())
                if view.story.product(str(pid)) is not None
                and isinstance(score, (int, float))
                and not isinstance(score, bool)
                and score > 0
            ]
            if held:
                held_names = [view.product_name(pid) for pid in held]
                listed = {
                    lang: ", ".join(
                        f"„{n[lang]}“" if lang == "de" else f"'{n[lang]}'" for n in held_names
                    )
                    for lang in LANGS
                }
                more = _both(t["session_cookie_interests"], products=listed)
                out = {lang: out[lang] + more[lang] for lang in LANGS}
        return out
    if kind is Kind.CONSENT:
        choice = str(data.get("choice", ""))
        return _both(
            t["consent"],
            choice=texts.CONSENT_CHOICE_LABELS.get(choice, texts.FALLBACK_WORDS["choice"]),
        )
    if kind is Kind.SCENE_ENTER:
        key = "scene_enter_back" if data.get("back") else "scene_enter"
        return _both(t[key], where=view.scene_where(str(event.target or event.scene)))
    if kind is Kind.SCENE_LEAVE:
        return _both(
            t["scene_leave"],
            where=view.scene_where(str(event.target or event.scene)),
            seconds=_seconds(data.get("dwell", 0)),
        )
    if kind is Kind.CHOICE:
        scene = view.story.scenes.get(event.scene)
        chosen = scene.choice(str(event.target or "")) if scene is not None else None
        # The banner's answer has its own row just before ("you chose … at the
        # banner"): this one says only what it adds, the time taken over it.
        answered = chosen is not None and chosen.effects.consent is not None
        out = _both(
            t["choice_consent" if answered else "choice"],
            label=view.target_label(event.scene, event.target),
            seconds=_seconds(data.get("hesitation", 0)),
        )
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
        return {lang: out[lang] + "".join(x[lang] for x in extras) for lang in LANGS}
    if kind is Kind.EXAMINE:
        return _both(t[str(kind)], label=view.shelf_label(event.scene, event.target))
    if kind in (Kind.HIGHLIGHT, Kind.HOVER):
        return _both(t[str(kind)], label=view.target_label(event.scene, event.target))
    if kind is Kind.INPUT:
        key = f"input_{event.target}" if f"input_{event.target}" in t else "input"
        if data.get("refused"):
            key = "input_refused"
        # A sentence is for reading: what was typed is shown, not obeyed (the
        # log keeps it exactly, under "data").
        return _both(t[key], value=clean(data.get("value", "")).replace("\n", " "))
    if kind is Kind.BACK:
        return dict(t["back"])
    if kind is Kind.IDLE:
        seconds = _seconds(data.get("seconds", 0))
        if event.scene in view.story.scenes:
            return _both(t["idle_at"], seconds=seconds, where=view.scene_where(event.scene))
        return _both(t["idle"], seconds=seconds)
    if kind is Kind.COUPON:
        action = str(data.get("action"))
        product = data.get("product")
        suffix = (
            _both(t["coupon_product"], product=view.product_the(product, "acc"))
            if product
            else {lang: "" for lang in LANGS}
        )
        key = f"coupon_{action}" if f"coupon_{action}" in t else "coupon_shown"
        offered = _both(t[key], product=suffix)
        rule = data.get("rule")
        if action == "shown" and isinstance(rule, str) and rule:
            sensitivity = float(data.get("price_sensitivity", 0.0) or 0.0)
            why = _both(
                t["coupon_reason"],
                reason=_price_rule_label(rule, 1.0, True, True),
                sensitivity={lang: format_percent(sensitivity, lang) for lang in LANGS},
            )
            offered = {lang: offered[lang] + why[lang] for lang in LANGS}
        return offered
    if kind in (Kind.PRICE_LOOK, Kind.PRICE_SHOWN, Kind.PRICE_CHANGE):
        product = data.get("product") or event.target
        price, normal = _event_cents(data, "price"), _event_cents(data, "normal")
        # "We showed you" only where a text the player read displayed the amount.
        key = "price_set" if kind is Kind.PRICE_SHOWN and not on_screen else str(kind)
        # "Sie haben auf den Preis geschaut: die Winterjacke …"; every other one
        # takes the accusative ("Wir haben Ihnen den …", "Ihren Preis für den …").
        the = view.product_the(product, "nom" if kind is Kind.PRICE_LOOK else "acc")
        return {
            lang: t[key][lang].format(
                product=the[lang],
                price=view.money(price, lang),
                normal=view.money(normal, lang),
                old=view.money(int(data.get("old_cents", 0) or 0), lang),
                reason=_price_rule_label(
                    str(data.get("rule", "")),
                    float(data.get("factor", 1.0) or 1.0),
                    bool(data.get("coupon")),
                    # Shown in the same step (the entry logs the offer after the
                    # re-pricing) or later: an offer the player saw at all.
                    view.coupon_shown(str(product)),
                )[lang],
            )
            for lang in LANGS
        }
    if kind is Kind.CLAIM_USE:
        said = [claim_words(u, view) for u in data.get("claims", ()) if isinstance(u, dict)]
        return _both(t["claim_use"], claims={x: "; ".join(w[x] for w in said) for x in LANGS})
    if kind in (Kind.SAVE, Kind.QUIT):
        return dict(t[str(kind)])
    if kind is Kind.NOTE:
        raw = data.get("text")
        words: dict[str, Any] = raw if isinstance(raw, dict) else {}
        out = _both(t["note"], words={x: clean(str(words.get(x, ""))) for x in LANGS})
        # „Karte abgelehnt. Nachfassen.“ ends its own sentence: no second full stop.
        return {x: _one_full_stop(v) for x, v in out.items()}
    if kind is Kind.TRANSFER:
        said = [claim_words(u, view) for u in data.get("claims", ()) if isinstance(u, dict)]
        return _both(
            t["transfer"],
            recipient=view.recipient_name(str(event.target)),
            claims={x: "; ".join(w[x] for w in said) for x in LANGS},
        )
    if kind is Kind.UNDO:
        return dict(t["undo"])
    if kind is Kind.CONTEST:
        family = str(event.target or "").split(":", 1)[0]
        conclusion = dict(
            texts.INFERENCE_KIND_LABELS.get(family, texts.FALLBACK_WORDS["conclusion"])
        )
        right = str(data.get("right", ""))
        names = RIGHT_NAMES.get(right, texts.FALLBACK_WORDS["right"])
        return _both(t["contest"], right=names, conclusion=conclusion)
    return dict(t["other"])


def _seconds(value: Any) -> dict[str, str]:
    """A duration as words ("34 Sekunden", "1 second")."""
    number = _num(value)
    words = texts.SECONDS_WORDS["one" if number == "1" else "many"]
    return {
        lang: words[lang].format(n=number.replace(".", ",") if lang == "de" else number)
        for lang in LANGS
    }


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

    A refusal covers the events after it until a later decision; what kept
    being processed, on which basis, is counted by ``refusal`` (one count for
    every tab), and the shop's own promise is checked: nothing refused was
    processed.
    """
    decisions: list[dict[str, Any]] = []
    for event in events:
        if event.kind is not Kind.CONSENT:
            continue
        choice = str(event.data.get("choice", "necessary"))
        granted = CONSENT_PRESETS.get(choice, frozenset())
        decisions.append(
            {
                "event": event.id,
                "t": round(event.t, 3),
                "choice": choice,
                "label": dict(
                    texts.CONSENT_CHOICE_LABELS.get(choice, {lang: choice for lang in LANGS})
                ),
                "granted": sorted(granted),
                "refused": sorted(CONSENT_PURPOSES - granted),
            }
        )
    marks = [(int(d["event"]), str(d["choice"])) for d in decisions]
    ids = processed_after_refusal(marks, processed)
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
    refusals = [d for d in decisions if d["refused"]]
    if refusals:
        # The file's events by id (the story's own bookkeeping is not among them).
        by_id = {e.id: e for e in events}
        by_purpose: dict[str, int] = {}
        by_basis: dict[str, int] = {}
        broken = 0
        standing = {d["event"]: set(d["refused"]) for d in decisions}
        refused_at: set[str] = set()
        cut = 0
        for eid in ids:
            while cut < len(decisions) and decisions[cut]["event"] < eid:
                refused_at = standing[decisions[cut]["event"]]
                cut += 1
            purposes = _purposes_of(by_id[eid], processed)
            for pid in purposes:
                by_purpose[pid] = by_purpose.get(pid, 0) + 1
            for basis in sorted({PURPOSES[p].basis for p in purposes}):
                by_basis[basis] = by_basis.get(basis, 0) + 1
            if set(purposes) & refused_at:
                broken += 1
        since = refusals[0]["event"]
        record["after_refusal"] = {
            "since_event": since,
            "refused": sorted(set().union(*(d["refused"] for d in refusals))),
            "events": sum(1 for i in in_refusal(marks, len(processed)) if i in by_id),
            "processed": len(ids),
            "by_purpose": dict(sorted(by_purpose.items())),
            "by_basis": dict(sorted(by_basis.items())),
            "refused_purposes_processed": broken,
            "event_ids": ids,
        }
    return record


# ---------------------------------------------------------------- purposes & data
def _purposes(
    processed: Sequence[tuple[str, ...]],
    profile: Profile,
    categories: Sequence[Mapping[str, Any]],
    consent: Mapping[str, Any],
    transfers: Mapping[str, Any],
) -> list[dict[str, Any]]:
    """Art. 15(1)(a)–(d) per purpose, in DPV's own shape: a ``PersonalDataHandling``
    with its purpose, data, legal basis, recipients and storage conditions."""
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
        row: dict[str, Any] = {
            "@id": f"#purpose-{pid}",
            "@type": "dpv:PersonalDataHandling",
        }
        note = linked.PURPOSE_NOTES.get(pid)
        if note:
            row["purpose_note"] = dict(note)
        data = sorted(c["term"] for c in categories if pid in c["purposes"])
        recipients = [
            f"#recipient-{n}"
            for n, r in enumerate(texts.RECIPIENTS, 1)
            if pid in r.purposes and count
        ]
        rows.append(
            {
                **row,
                "id": pid,
                "label": dict(purpose.label),
                "dpv:hasPurpose": linked.PURPOSE_TERM.get(pid, purpose.dpv_purpose),
                "dpv:hasLegalBasis": linked.LEGAL_BASIS[purpose.basis],
                "dpv:hasPersonalData": data,
                "dpv:hasRecipient": recipients,
                "dpv:hasStorageCondition": _storage_for(data, count),
                "legal_basis": purpose.basis,
                "legal_basis_label": dict(BASIS_LABEL[purpose.basis]),
                "events_processed": count,
                "events_after_refusal": int(after.get(pid, 0)),
                "refused_by_player": pid in refused,
                "status": status,
            }
        )
    return rows


def _storage_for(data: Sequence[str], count: int) -> list[str]:
    """The retention rows that hold what a purpose processed (none if it processed nothing)."""
    if not count:
        return []
    held = ["#retention-log", "#retention-inferences"]
    if any(t in ("pd:Name", "pd:EmailAddress", "pd:Identifying") for t in data):
        held.insert(1, "#retention-typed")
    return held


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
        terms = {row["data_category"], row.get("special_category_term") or row["data_category"]}
        for term in sorted(terms):
            item = entry(term)
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
    """Art. 9 data: which conclusions and observations touch it, and why that is unlawful.

    The game never asks for explicit consent, and no other condition of Art.
    9(2) fits a shop: each such conclusion has none, so there is nothing to
    weigh (``law``). The note says so, in the terms of its legal basis.
    """
    rows = []
    for row in inference_rows:
        if not row["art9"]:
            continue
        basis = row["legal_basis"]
        rows.append(
            {
                "inference": row["@id"],
                "kind": row["kind"],
                "subject": row["subject"],
                "data_category": row["data_category"],
                "special_category_term": row["special_category_term"],
                "art9_condition": row["art9_condition"],
                "art9_status": row["art9_status"],
                "purpose": row["purpose"],
                "legal_basis": basis,
                "note": dict(texts.ART9_NOTES.get(basis, texts.ART9_NOTES["other"])),
            }
        )
    observed = [r["id"] for r in event_rows if r["data_category"] in texts.SPECIAL_TERMS]
    return {"inferences": rows, "observed_events": observed}


def _story_recipients(story: Story, events: Sequence[Event], first: int) -> list[dict[str, Any]]:
    """The recipients the story has the shop share with (``recipients:``), each with
    the transfers that went to it: received only if a transfer is in the log."""
    sent: dict[str, list[int]] = {}
    for e in events:
        if e.kind is Kind.TRANSFER:
            sent.setdefault(str(e.target), []).append(e.id)
    roles = {"processor": "dpv:DataProcessor", "third_party": "dpv:ThirdParty"}
    rows = []
    for number, (rid, r) in enumerate(sorted(story.recipients.items()), first):
        role = roles.get(r.role, "dpv:ThirdParty")
        names = {lang: _plain(r.name.source(lang), rid) for lang in LANGS}
        does = (
            {lang: _plain(r.does.source(lang), "") for lang in LANGS}
            if r.does is not None
            else dict(texts.STORY_RECIPIENT_DOES)
        )
        rows.append(
            {
                "@id": f"#recipient-{number}",
                "@type": role,
                "name": names["de"],
                "name_label": names,
                "role": role,
                "role_label": dict(texts.ROLE_LABELS[role]),
                "purposes": [r.purpose],
                "does": does,
                "received": bool(sent.get(rid)),
                "transfer_events": sent.get(rid, []),
            }
        )
    return rows


def _recipients(
    processed: Sequence[tuple[str, ...]], story: Story, events: Sequence[Event]
) -> dict[str, Any]:
    used = {p for purposes in processed for p in purposes}
    named = [
        {
            "@id": f"#recipient-{number}",
            "@type": r.role,
            "name": r.name,
            "role": r.role,
            "role_label": dict(texts.ROLE_LABELS[r.role]),
            "purposes": list(r.purposes),
            "does": dict(r.does),
            "received": bool(used & set(r.purposes)),
        }
        for number, r in enumerate(texts.RECIPIENTS, 1)
    ]
    named += _story_recipients(story, events, len(named) + 1)
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
        "inferred_events": sum(1 for r in event_rows if r["origin"] == INFERRED),
        "inferences": len(inference_rows),
    }


def _retention() -> list[dict[str, Any]]:
    """Art. 15(1)(d): for each kind of data, the period and the criterion behind it.

    Each row is a storage condition of DPV (a duration until an event: the
    player deleting the save), which the purposes point at.
    """
    return [
        {
            "@id": f"#retention-{r['id']}",
            "@type": ["dpv:StorageDuration", "dpv:UntilEventDuration"],
            **{
                k: (dict(v) if isinstance(v, dict) else list(v) if isinstance(v, tuple) else v)
                for k, v in r.items()
            },
        }
        for r in texts.RETENTION
    ]


def _transfers(processed: Sequence[tuple[str, ...]]) -> dict[str, Any]:
    """Art. 15(2): where the profile went outside the EU, and under which safeguard.

    Only a transfer that happened is asserted: without advertising nothing
    went to the network, so no third country and no Art. 46 safeguard is
    named as if it had.
    """
    advertised = any("advertising" in purposes for purposes in processed)
    network = next(n for n, r in enumerate(texts.RECIPIENTS, 1) if r.purposes == ("advertising",))
    t = texts.TRANSFERS
    out: dict[str, Any] = {
        "@id": "#transfers",
        "happened": advertised,
        "recipient": f"#recipient-{network}",
        "dpv:hasThirdCountry": [],
        "what": dict(t["what"] if advertised else t["none"]),
        "note": dict(t["note"]),
    }
    if advertised:
        out["dpv:hasThirdCountry"] = [
            {
                "@id": f"#country-{str(c['code']).lower()}",
                "@type": "dpv:ThirdCountry",
                "code": str(c["code"]),
                "name": dict(c["name"]),
            }
            for c in texts.THIRD_COUNTRIES
        ]
        out["dpv:hasLegalBasis"] = "eu-gdpr:A46-2-c"
        out["safeguard"] = dict(t["safeguard"])
    return out


def portability_summary(
    event_rows: Sequence[Mapping[str, Any]], typed: Mapping[str, Any], inferences: int
) -> dict[str, Any]:
    """Art. 20 in the access response: what the file of its own holds, and its name.

    The portable data are a file of their own (``portability.portability``),
    made from this dossier; here only what it holds is counted.
    """
    rows = portable_rows(event_rows)
    return {
        "@id": "#portability",
        "right": "eu-gdpr:A20",
        "format": "application/json",
        "file": PORTABILITY_FILE,
        "text": {
            lang: texts.PORTABILITY_TEXT[lang].format(events=len(rows), inferences=inferences)
            for lang in LANGS
        },
        "events": len(rows),
        "provided": len(typed),
    }


def _controller(browser: bool = False) -> dict[str, Any]:
    """The fictional shop; its note says where this data really is (in browser play the
    teacher's laptop, not the pupil's computer)."""
    controller = {
        "@id": "#controller",
        "@type": "dpv:DataController",
        **{k: (dict(v) if isinstance(v, dict) else v) for k, v in texts.CONTROLLER.items()},
    }
    if browser:
        controller["note"] = dict(texts.CONTROLLER_NOTE_CLASS)
    return controller


# ---------------------------------------------------------------- inferences
def _inference_row(
    number: int,
    inference: Inference,
    view: _StoryView,
    known: AbstractSet[int],
    refused: frozenset[str] = frozenset(),
    uses: Sequence[Mapping[str, Any]] = (),
    processed: Sequence[tuple[str, ...]] = (),
    fed: Mapping[str, Sequence[int]] | None = None,
    *,
    lang: str = "de",
) -> dict[str, Any]:
    row = copy.deepcopy(inference.as_dict())
    # The rule in the file's language (the engine logs it in German), and which that is.
    row["rule"], row["rule_lang"] = rule_in(inference.rule, lang)
    # Evidence is a set of log entries: an event the engine counted twice is one piece.
    evidence = list(dict.fromkeys(inference.evidence))
    row["evidence"] = evidence
    rule_id = inference.rule.split(":", 1)[0].strip()
    sensitive_subject = view.sensitive(inference.subject)
    category = linked.term(inference.data_category)
    art9 = bool(
        inference.special_category
        or sensitive_subject
        or category in texts.SPECIAL_TERMS
        or inference.kind == "sensitive"
    )
    special_term = _special_term(inference, category, sensitive_subject) if art9 else None
    # Filed among the conclusions, but not all of them were concluded: a name
    # the player typed is provided, the device's features were observed.
    origin = CONCLUSION_ORIGINS.get(inference.kind, INFERRED)
    if rule_id == SAID_RULE:
        origin = PROVIDED  # the player said it; the staff only wrote it down
    # The purposes this datum is processed for: the conclusion's own, and for
    # provided or observed data also those of the events it is (one datum).
    purposes = {inference.purpose}
    if origin != INFERRED:
        for eid in inference.evidence:
            if 0 <= eid < len(processed):
                purposes.update(processed[eid])
    decisions = {kind: sorted(set(ids)) for kind, ids in sorted((fed or {}).items()) if ids}
    row.update(
        {
            "@id": f"#inference-{number}",
            "@type": origin,
            "key": inference.key,
            "origin": origin,
            "origin_label": dict(texts.ORIGIN_LABELS[origin]),
            "data_category": category,
            "special_category_term": special_term,
            "art9_condition": linked.ART9_CONDITION.get(inference.basis) if art9 else None,
            "art9_status": art9_state(art9),
            "evidence_events": [f"#event-{eid}" for eid in evidence if eid in known],
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
            "rule_text": rule_text(inference.rule),
            "dpv:hasPurpose": linked.PURPOSE_TERM.get(
                inference.purpose, PURPOSES[inference.purpose].dpv_purpose
            ),
            "dpv:hasLegalBasis": linked.LEGAL_BASIS[inference.basis],
            "legal_basis_label": dict(BASIS_LABEL[inference.basis]),
            "processing": law_processing(purposes, linked.PURPOSE_TERM),
            "decisions": decisions,
            "art22": art22_state(decisions, inference.basis),
            "evidence_valid": all(eid in known for eid in inference.evidence),
            "art9": art9,
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


def _note_grounds(
    rows: Sequence[dict[str, Any]], notes: Mapping[str, Any], events: Sequence[Mapping[str, Any]]
) -> None:
    """A staff note's grounds in words: what the player had just done when it was
    written (the file's own sentence for that event), and how many earlier entries
    its condition read. Set as the note's ``workings``; the reveal shows it."""
    said = {int(e["id"]): e.get("description") or {} for e in events}
    for row in rows:
        noted = notes.get(str(row.get("subject"))) if row.get("kind") == "note" else None
        if noted is None or noted.by not in said:
            continue
        words = said[noted.by]
        earlier = len({g for g in noted.grounds if g != noted.by})
        out = {}
        for lang in LANGS:
            if lang == "de":
                line = f"Notiert, als: #{noted.by} {words.get('de', '')}"
                if earlier:
                    line += (
                        f" Dazu gelesen: {earlier} {plural(earlier, 'früherer', 'frühere')} "
                        f"{plural(earlier, 'Eintrag', 'Einträge')} (siehe Belege)."
                    )
            else:
                line = f"Written down when: #{noted.by} {words.get('en', '')}"
                if earlier:
                    line += (
                        f" Read along with it: {earlier} earlier "
                        f"{plural(earlier, 'entry', 'entries')} (see evidence)."
                    )
            out[lang] = line
        row["workings"] = out


def rule_in(rule: str, lang: str) -> tuple[str, str]:
    """A rule as a reader of ``lang`` gets it, and the language it is in: the
    engine logs its rules in German, an English file has them in English, and
    one without an English text stays German and says so."""
    text = rule_text(rule)
    if lang == "en" and text["en"] != rule.partition(":")[0].strip():
        return text["en"], "en"
    return rule, "de"


def rule_text(rule: str) -> dict[str, str]:
    """A rule as the engine logged it (German) and in English, for English readers."""
    rule_id = rule.partition(":")[0]
    english = texts.RULE_FORMULAS_EN.get(rule_id.strip())
    return {"de": rule, "en": f"{rule_id.strip()}: {english}" if english else rule_id.strip()}


def _special_term(inference: Inference, category: str, sensitive: str | None) -> str:
    """The Art. 9 category a conclusion touches: sex life, health, or (unknown) special."""
    if category in texts.SPECIAL_TERMS and category != "dpv:SpecialCategoryPersonalData":
        return category
    for key in (sensitive, inference.subject, getattr(inference, "special_category", None)):
        if isinstance(key, str) and key in _SPECIAL_PD:
            return _SPECIAL_PD[key]
    return "dpv:SpecialCategoryPersonalData"


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
            names = {lang: view.story.category_name(cat, lang) for lang in LANGS}
            return segment_label(subject, names)
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
    if kind == "note" and (words := _engine_words(inference)):
        return words  # the note is its words, not a number
    if isinstance(value, float):
        if kind in ("interest", "category_interest"):
            out = {}
            for lang in LANGS:
                number = decimal_text(value, lang)
                unit = POINT[lang] if number == "1" else POINTS[lang]
                out[lang] = f"{number} {unit}"
            return out
        if kind in (
            "purchase_probability",
            "willingness_to_pay",
            "price_sensitivity",
            "next_purchase",
        ):
            return {lang: format_percent(value, lang) for lang in LANGS}
        if kind == "next_visit":
            days = round(value)
            return {
                "de": f"in etwa {days} {plural(days, 'Tag', 'Tagen')}",
                "en": f"in about {days} {plural(days, 'day', 'days')}",
            }
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
    if kind == "fingerprint":
        return feature_words([k.strip() for k in text.split(",") if k.strip()])
    # Any other family (a note the story makes the shop take, say) brings its own
    # words in both languages; only without them is the value shown as it is.
    return _engine_words(inference) or {lang: text for lang in LANGS}


# ---------------------------------------------------------------- shown & prices
def _shown(game: Game, view: _StoryView, events: Sequence[Event]) -> list[dict[str, Any]]:
    """Each scene as the player saw it against a neutral shopper, with the prices seen there.

    A scene's prices are the ones the player saw during that visit (set,
    changed, looked at, quoted by a text, paid), each as it last stood then;
    a price the shop computed but never put in front of the player is not a
    price the player saw.
    """
    # A visit ends where the next scene begins, seen by the shop or not: the
    # next morning's flyer is not the letterbox's evening (the file's events skip
    # the unseen entry between them, the log does not).
    visits = _visit_bounds(game.log.events())
    rows = []
    unseen = game.story.unobserved
    for s in game.shown_so_far():
        if s.scene in unseen:
            continue  # out of the shop's sight: it showed nothing there, and knows nothing
        seen = _prices_seen(events, visits.get(s.event_id, (s.event_id, s.event_id + 1)))
        neutral_at = dict(s.neutral_prices)
        prices = {pid: seen[pid] for pid in sorted(seen)}
        neutral = {
            pid: neutral_at.get(pid, cents(view.story.catalogue[pid].price))
            for pid in prices
            if pid in view.story.catalogue
        }
        diffs = [
            {
                "product": pid,
                "yours": euros(prices[pid]),
                "neutral": euros(neutral[pid]),
                "difference": euros(prices[pid] - neutral[pid]),
            }
            for pid in sorted(neutral)
            if prices[pid] != neutral[pid]
        ]
        rows.append(
            {
                "event": s.event_id,
                "scene": s.scene,
                "title": view.scene_title(s.scene),
                "text": s.text,
                "neutral_text": s.neutral_text,
                "personalised": s.text != s.neutral_text,
                "added_for_you": added_for_you(s.text, s.neutral_text),
                "prices": {pid: euros(prices[pid]) for pid in sorted(neutral)},
                "neutral_prices": {pid: euros(neutral[pid]) for pid in sorted(neutral)},
                "prices_personalised": bool(diffs),
                "price_differences": diffs,
            }
        )
    return rows


def _visit_bounds(events: Sequence[Event]) -> dict[int, tuple[int, int]]:
    """Per scene entry, the events of that visit: [entry, next entry).

    A scene that re-quotes (``reprice:``) logs its price changes on the way in,
    just before the entry: they belong to the visit they were made for.
    """
    entries: list[int] = []
    begins: list[int] = []
    run: int | None = None
    for e in events:
        if e.kind is Kind.PRICE_CHANGE:
            run = e.id if run is None else run
            continue
        if e.kind is Kind.SCENE_ENTER:
            entries.append(e.id)
            begins.append(e.id if run is None else run)
        run = None
    if not entries:
        return {}
    ends = [*begins[1:], events[-1].id + 1]
    return {entry: (begin, end) for entry, begin, end in zip(entries, begins, ends, strict=True)}


def _prices_seen(events: Sequence[Event], bounds: tuple[int, int]) -> dict[str, int]:
    """The prices a visit put before the player, in cents, each as it last stood."""
    seen: dict[str, int] = {}
    start, end = bounds
    # Ids, not positions: the file leaves out what the shop does not know.
    for e in (e for e in events if start <= e.id < end):
        kind, data = e.kind, e.data
        if kind in (Kind.PRICE_SHOWN, Kind.PRICE_CHANGE, Kind.PRICE_LOOK):
            pid = str(data.get("product") or e.target or "")
            seen[pid] = _event_cents(data, "price")
        elif kind is Kind.CLAIM_USE:
            for use in data.get("claims", ()):
                claim = str(use.get("claim", "")) if isinstance(use, dict) else ""
                value = use.get("value") if isinstance(use, dict) else None
                if claim.startswith("price:") and isinstance(value, int):
                    seen[claim.split(":", 1)[1]] = value
        elif kind is Kind.CHOICE and data.get("buy"):
            seen.update(_paid_cents(data))
    return seen


def prices_on_screen(
    events: Sequence[Event], shown: Sequence[Mapping[str, Any]], view: _StoryView, lang: str
) -> frozenset[int]:
    """The ``price_shown`` events whose amount a text the player read displayed.

    The scene's text as shown is in the file (``shown_vs_neutral``); an
    item's text is not, so a price first used while the player examined an
    item of that product counts as shown there. Anything else was set, not
    (provably) shown, and the file does not say "we showed you".
    """
    text_at: dict[int, str] = {int(row["event"]): str(row["text"]) for row in shown}
    visit_text = ""
    examined: tuple[float, str] | None = None
    out: set[int] = set()
    for e in events:
        if e.kind is Kind.SCENE_ENTER:
            visit_text = text_at.get(e.id, "")
            examined = None
        elif e.kind is Kind.EXAMINE:
            examined = (e.t, str(e.data.get("product") or ""))
        elif e.kind is Kind.PRICE_SHOWN:
            pid = str(e.data.get("product") or e.target or "")
            amount = view.money(_event_cents(e.data, "price"), lang)
            at_item = examined is not None and examined == (e.t, pid)
            if amount in visit_text or at_item:
                out.add(e.id)
    return frozenset(out)


def _decision_rows(
    game: Game, view: _StoryView, events: Sequence[Event], shown: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """Art. 15(1)(h): every decision the machine took about the player, from the log.

    A text rewritten for the player; every price set for the player that is
    not the neutral shopper's (shown or not: the shop decided it); every
    payment that differs from the neutral shopper's; every coupon offered.
    """
    rows: list[dict[str, Any]] = []
    for row in shown:
        if row["personalised"]:
            rows.append({"kind": "text", "event": row["event"], "scene": row["scene"]})
    neutral_now: dict[str, int] = {}
    neutral_at = {int(r["event"]): r["neutral_prices"] for r in shown}
    for e in events:
        if e.id in neutral_at:
            neutral_now.update({p: cents(v) for p, v in neutral_at[e.id].items()})
        if e.kind in (Kind.PRICE_SHOWN, Kind.PRICE_CHANGE):
            pid = str(e.data.get("product") or e.target or "")
            product = view.story.product(pid)
            if product is None:
                continue
            yours = _event_cents(e.data, "price")
            neutral = neutral_now.get(pid, cents(product.price))
            if yours != neutral:
                rows.append(
                    {
                        "kind": "price",
                        "event": e.id,
                        "scene": e.scene,
                        "product": pid,
                        "yours": euros(yours),
                        "neutral": euros(neutral),
                    }
                )
        elif e.kind is Kind.COUPON and e.data.get("action") == "shown":
            rows.append(
                {
                    "kind": "coupon",
                    "event": e.id,
                    "scene": e.scene,
                    "product": e.data.get("product"),
                }
            )
    scene_of = {e.id: e.scene for e in events}
    for payment in game.payments:
        for pid in sorted(payment.paid):
            paid = int(payment.paid[pid])
            neutral = int(payment.neutral.get(pid, paid))
            if paid != neutral:
                rows.append(
                    {
                        "kind": "payment",
                        "event": payment.event_id,
                        "scene": scene_of.get(payment.event_id, ""),
                        "product": pid,
                        "yours": euros(paid),
                        "neutral": euros(neutral),
                    }
                )
    rows.sort(key=lambda d: (d["event"], d["kind"], str(d.get("product") or "")))
    return rows


def decisions_fed(
    decisions: Sequence[Mapping[str, Any]],
    uses: Sequence[Mapping[str, Any]],
    inferences: Sequence[Inference],
) -> dict[str, dict[str, list[int]]]:
    """Per conclusion (its key), the decisions it fed, by kind: event ids.

    A text decision rests on the conclusions the text used; a price, coupon
    or payment decision on the conclusions the price rule reads
    (``law.PRICE_INPUTS``) for that product, or for every product.
    """
    out: dict[str, dict[str, list[int]]] = {}
    for use in uses:
        out.setdefault(str(use["claim"]), {}).setdefault("text", []).append(int(use["event"]))
    for inference in inferences:
        if inference.kind not in PRICE_INPUTS:
            continue
        for d in decisions:
            if d["kind"] == "text":
                continue
            if (
                inference.subject in (d.get("product"), "all")
                or inference.kind == "price_sensitivity"
            ):
                kind = "coupon" if d["kind"] == "coupon" else "price"
                out.setdefault(inference.key, {}).setdefault(kind, []).append(int(d["event"]))
    return out


def added_for_you(text: str, neutral: str) -> bool:
    """Whether ``text`` says something the neutral shopper's text does not.

    A text can also differ because the neutral shopper, who never consented to
    anything, gets a line the player does not ("no consent – no team today").
    That is a difference, but nothing was made for the player. The word diff
    is bounded (``textdiff``): a scene pack's 20,000-word text costs no more
    per word than a short one.
    """
    return textdiff.adds_something(text, neutral)


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
                    "rule_label": _price_rule_label(
                        quote.rule, quote.factor, quote.coupon, view.coupon_shown(pid)
                    ),
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
    bought = family == "purchase" and view.story.product(subject) is not None
    place = family in ("seconds", "seen") and subject in view.story.scenes
    words = texts.CLAIM_WORDS.get(
        "purchase_of" if bought else f"{family}_place" if place else family
    )
    if words is None:
        return dict(texts.FALLBACK_WORDS["claim"])
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
        fields["value"] = {}
        for lang in LANGS:
            points = decimal_text(float(number), lang)
            fields["value"][lang] = f"{points} {POINT[lang] if points == '1' else POINTS[lang]}"
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
    elif family == "next_visit":
        fields["value"] = {lang: decimal_text(float(number), lang) for lang in LANGS}
    elif family == "customer_value":
        fields["value"] = {lang: view.money(cents(float(number)), lang) for lang in LANGS}
    elif family == "note":
        said = view.notes.get(subject) or {}
        fallback = texts.FALLBACK_WORDS["note"]
        fields["value"] = {lang: clean(said.get(lang) or fallback[lang]) for lang in LANGS}
    elif family == "sent":
        to, _, what = subject.partition(":")
        fields["recipient"] = view.recipient_name(to)
        if what:  # the claim as it went out, with the value the recipient got
            fields["value"] = claim_words({"claim": what, "value": value}, view)
        else:  # how many details went out
            n = int(number)
            fields["value"] = {
                "de": f"{n} {plural(n, 'Angabe', 'Angaben')} aus Ihrer Akte",
                "en": f"{n} {plural(n, 'detail', 'details')} from your file",
            }
    elif family == "cookie" and subject == "any":
        words = texts.CLAIM_WORDS["cookie_any"]
        return {lang: words[lang].format(value=_num(int(number))) for lang in LANGS}
    elif family == "cookie":
        fields["value"] = dict(texts.COOKIE_HELD["yes" if value else "no"])
    elif family == "identity":
        fields["value"] = {lang: clean(str(value)) for lang in LANGS}
    else:
        fields["value"] = {lang: str(value) for lang in LANGS}
    fields.setdefault("product", texts.FALLBACK_WORDS["product"])
    return _both(words, **fields)


def _price_rule_label(rule: str, factor: float, coupon: bool, shown: bool) -> dict[str, str]:
    """The pricing rule in words; a surcharge of nothing is called what it is, and a
    coupon the shop meant to offer but never put before the player (``shown``: a
    coupon choice on screen, logged) is no offer: the price is the normal one."""
    offered_unseen = rule == OFFER_RULE and not shown
    if offered_unseen and abs(factor - 1.0) < 1e-9:
        # The logged rule names the coupon the shop meant to offer: say so, so the
        # JSON's rule and its words agree, without calling it an offer.
        return dict(texts.PRICE_RULE_LABELS["offer unseen"])
    # A log written before the engine named the normal price as its rule says
    # "surcharge" with a factor of exactly 1: that is no surcharge either. A
    # factor a hair above 1 is a surcharge of a cent or more and is called one.
    if rule == NORMAL_RULE or (not coupon and abs(factor - 1.0) < 1e-9):
        return dict(texts.PRICE_RULE_LABELS["none"])
    return dict(texts.PRICE_RULE_LABELS.get(rule, {lang: rule for lang in LANGS}))


def _automated_decisions(
    game: Game,
    decisions: Sequence[Mapping[str, Any]],
    prices: Sequence[Mapping[str, Any]],
    inferences: Sequence[Inference],
) -> dict[str, Any]:
    """Art. 15(1)(h): that automated decisions were taken, the logic, the consequences."""
    decisions = [dict(d) for d in decisions]
    rules: dict[str, dict[str, Any]] = {}
    for inference in inferences:
        rule_id = inference.rule.split(":", 1)[0].strip()
        entry = rules.setdefault(
            rule_id,
            {
                "rule": rule_id,
                "text": rule_in(inference.rule, game.lang)[0],
                "text_lang": rule_in(inference.rule, game.lang)[1],
                "rule_text": rule_text(inference.rule),
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
        "art22_text": dict(
            texts.ADM_TEXT[
                "art22_prices" if any(d["kind"] in SIGNIFICANT for d in decisions) else "art22_none"
            ]
        ),
        "decisions": decisions,
        "logic": logic,
        "pricing": {
            "min_factor": pricing.min_factor,
            "max_factor": pricing.max_factor,
            "coupon": pricing.coupon,
            "explanation": {
                "de": f"Ihr Preis liegt zwischen {low}{NBSP}% unter und {high}{NBSP}% über "
                f"dem Normalpreis. Wer zögert und preisempfindlich wirkt, bekommt "
                f"{coupon}{NBSP}% Rabatt; wer entschlossen wirkt, zahlt einen Aufschlag – "
                f"umso mehr, je weniger er auf Preise achtet.",
                "en": f"Your price lies between {low}% below and {high}% above the normal "
                f"price. If you hesitate and seem price-sensitive you get {coupon}% "
                f"off; if you seem determined you pay a surcharge – the more so, the "
                f"less you watch prices.",
            },
            "products": [{"product": p["product"], **p["now"]} for p in prices],
        },
        "coupon": {
            "rate": pricing.coupon,
            "explanation": {lang: texts.COUPON_LOGIC[lang].format(coupon=coupon) for lang in LANGS},
        },
    }


def contest_rows(
    events: Sequence[Event], inference_rows: Sequence[Mapping[str, Any]], view: _StoryView
) -> list[dict[str, Any]]:
    """Every right the player exercised from the reveal: a right-exercise record each.

    The answer the shop gave and the law beside it are recomputed from the
    conclusion as this file states it, so a replay of the log answers alike.
    """
    rows = []
    by_key = {str(r.get("key")): r for r in inference_rows}
    partial = {"inferences": inference_rows}
    wrong_ids: set[str] | None = None
    for e in events:
        if e.kind is not Kind.CONTEST:
            continue
        right = str(e.data.get("right", ""))
        if right not in RIGHTS:
            continue
        row = by_key.get(str(e.target))
        if wrong_ids is None:
            wrong_ids = {m.inference for m in where_wrong(partial)}
        record: dict[str, Any] = {
            "@id": f"#contest-{e.id}",
            "@type": "dpv:RightExerciseRecord",
            "event": e.id,
            "t": round(e.t, 3),
            "right_id": right,
            "right": RIGHT_TERMS[right],
            "label": dict(RIGHT_NAMES[right]),
            "conclusion": str(e.target),
            "dpv:hasLegalBasis": LEGAL_OBLIGATION_TERM,
            "evidence_events": [f"#event-{e.id}"],
        }
        if row is not None:
            answered = answer_both(right, row, wrong=str(row.get("id")) in wrong_ids)
            record["concerns"] = row["@id"]
            record["conclusion_words"] = {lang: conclusion_words(row, lang) for lang in LANGS}
            record["shop_answer"] = answered["shop"]
            record["law"] = answered["law"]
        else:
            record["conclusion_words"] = dict(texts.FALLBACK_WORDS["conclusion"])
            record["shop_answer"] = dict(texts.CONTEST_GONE)
            record["law"] = {lang: "" for lang in LANGS}
        rows.append(record)
    return rows


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
        # The mood is an analytics conclusion: without that consent it was never drawn.
        "mood": profile.mood() if profile.allowed("analytics") else "unknown",
        "basket": profile.basket(),
        "scene_dwell_seconds": {k: round(v, 3) for k, v in sorted(profile.scene_dwell.items())},
    }

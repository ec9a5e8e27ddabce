"""Reality checks: for each mechanic the player met, the real practice it mirrors.

The game exaggerates; these cards say what is not exaggerated. Every fact,
figure and quotation on a card comes from the source texts the game was built
from (``shared/sources``, cited per card by publication); sentences are our
own, quotations are short and attributed. A card is shown only when this
session actually triggered its mechanic, and it names the events that did.

Triggers are computed from the same facts as the rest of the dossier (events,
inferences, what was shown), never from the UI, so the reveal, the exports
and the tests agree about which cards a session earned.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from kaufhaus.dossier.card import from_browser
from kaufhaus.dossier.refusal import processed_after_refusal, refused_by
from kaufhaus.dossier.texts import (
    CONSENT_CHOICE_LABELS,
    DEVICE_FEATURE_LABELS,
    LANGS,
    MOOD_LABELS,
)
from kaufhaus.tracking.events import Event, Kind
from kaufhaus.tracking.numbers import counted, format_times, whole_percent
from kaufhaus.tracking.profile import Inference

#: The source texts, by the number their file name starts with.
SOURCES: dict[str, dict[str, Any]] = {
    "000": {
        "file": "000_db8b2d5d84638a8a",
        "citation": {
            "de": "Satire „Kaufhaus Internet“ (die Vorlage dieses Spiels)",
            "en": "the satire “Kaufhaus Internet” (the story this game is based on)",
        },
    },
    "001": {
        "file": "001_227defad098c1ca8",
        "citation": {
            "de": "manager magazin (2013): „Gläserne Kunden – Wie der Handel uns "
            "durchleuchtet“, Teil 3: „Cookies für die Offline-Welt“",
            "en": "manager magazin (2013): “Gläserne Kunden – Wie der Handel uns "
            "durchleuchtet” (“Glass customers – how retail sees through us”), part 3",
        },
    },
    "002": {
        "file": "002_0809dc47837115bd",
        "citation": {
            "de": "Blogbeitrag über „Hypercustomization“ („Jeder Kunde ist eine Zielgruppe“)",
            "en": "blog post on “hypercustomization” (“every customer is a target group”)",
        },
    },
    "003": {
        "file": "003_b6abe1722167174e",
        "citation": {
            "de": "Blogbeitrag „Der gläserne Kunde“ (Smartphone-Ortung und Lebensprofile)",
            "en": "blog post “Der gläserne Kunde” (smartphone location and life profiles)",
        },
    },
    "004": {
        "file": "004_c5e0ceb92440a115",
        "citation": {
            "de": "Supermarktblog (2017): „Track lass nach! Der Handel vergrault seine "
            "Kunden, wenn er sie ungefragt durchleuchtet“",
            "en": "Supermarktblog (2017): “Track lass nach!” (“retailers drive customers "
            "away by scrutinising them unasked”)",
        },
    },
}

#: Scenes of the shipped story where a mechanic has no event kind of its own:
#: the targeting team waits at the kiosk, the flyer lies in the letterbox. A
#: personalised text there is the trigger. (A story-level tag would be nicer.)
TARGETING_SCENES = frozenset({"kiosk"})
FLYER_SCENES = frozenset({"briefkasten"})

#: Inference kinds that are predictions about what the player will do or is.
PREDICTION_KINDS = frozenset({"purchase_probability", "next_purchase", "next_visit", "sensitive"})


@dataclass(frozen=True)
class SessionFacts:
    """What the triggers may look at: the log, the conclusions, what was shown.

    ``shown`` holds the dossier's shown-vs-neutral rows (``event``, ``scene``,
    ``personalised``, ``added_for_you``, ``prices``, ``neutral_prices``); ``normal_prices`` and
    ``sensitive_products`` come from the story's catalogue.
    """

    events: Sequence[Event]
    inferences: Sequence[Inference]
    shown: Sequence[Mapping[str, Any]] = ()
    #: Catalogue prices in cents.
    normal_prices: Mapping[str, int] = field(default_factory=dict)
    sensitive_products: frozenset[str] = frozenset()
    #: Purposes each event was processed for, by event id (the profile's record).
    processed: Sequence[Sequence[str]] = ()

    def processed_for(self, event_id: int, purpose: str) -> bool:
        return 0 <= event_id < len(self.processed) and purpose in self.processed[event_id]


@dataclass(frozen=True)
class Trigger:
    """The events that set a card off, and numbers for its "in this session" line."""

    events: tuple[int, ...]
    params: dict[str, Any] = field(default_factory=dict)
    #: Which of the card's alternative session lines fits (see ``Card.variants``).
    variant: str | None = None


@dataclass(frozen=True)
class Card:
    """One reality check. ``session`` is formatted with the trigger's params."""

    id: str
    mechanic: dict[str, str]
    title: dict[str, str]
    text: dict[str, str]
    session: dict[str, str]
    sources: tuple[str, ...]
    trigger: Callable[[SessionFacts], Trigger]
    #: Alternative session lines, chosen by the trigger's ``variant``.
    variants: Mapping[str, dict[str, str]] = field(default_factory=dict)


def _ids(ids: Sequence[int] | set[int]) -> tuple[int, ...]:
    return tuple(sorted(set(ids)))


def _inference_evidence(facts: SessionFacts, kinds: frozenset[str]) -> list[int]:
    return [eid for i in facts.inferences if i.kind in kinds for eid in i.evidence]


def _window(facts: SessionFacts) -> Trigger:
    ids = [int(row["event"]) for row in facts.shown if row.get("added_for_you")]
    return Trigger(_ids(ids), {"n": len(set(ids))})


def _dwell(facts: SessionFacts) -> Trigger:
    stays = [
        e
        for e in facts.events
        if e.kind is Kind.SCENE_LEAVE and float(e.data.get("dwell", 0) or 0) > 0
    ]
    seconds = round(sum(float(e.data.get("dwell", 0)) for e in stays))
    return Trigger(_ids([e.id for e in stays]), {"n": len(stays), "seconds": seconds})


def _twitch(facts: SessionFacts) -> Trigger:
    ids = [e.id for e in facts.events if e.kind in (Kind.HIGHLIGHT, Kind.HOVER)]
    return Trigger(
        _ids(ids), {"n": len(ids), "times": {x: format_times(len(ids), x) for x in LANGS}}
    )


def _location(facts: SessionFacts) -> Trigger:
    trail = [i for i in facts.inferences if i.kind == "location_trail"]
    ids = [eid for i in trail for eid in i.evidence]
    return Trigger(_ids(ids), {"n": len(ids)})


def _mood(facts: SessionFacts) -> Trigger:
    moods = [i for i in facts.inferences if i.kind == "mood"]
    ids = [eid for i in moods for eid in i.evidence]
    mood = str(moods[-1].value) if moods else "unknown"
    label = MOOD_LABELS.get(mood, {lang: mood for lang in LANGS})
    return Trigger(_ids(ids), {"n": len(set(ids)), "mood": label})


def _pricing(facts: SessionFacts) -> Trigger:
    """A price that was not the neutral one, a coupon on offer, a price paid off-list."""
    # Every figure from the log: prices as shown, changed, looked at and paid,
    # each against the catalogue's normal price (all in cents).
    ids: list[int] = []
    worst = 0.0

    def off_list(price: object, normal: object) -> bool:
        nonlocal worst
        if not isinstance(price, int) or not isinstance(normal, int) or normal <= 0:
            return False
        worst = max(worst, abs(price / normal - 1.0))
        return price != normal

    for row in facts.shown:
        prices = row.get("prices") or {}
        neutral = row.get("neutral_prices") or {}
        if any(pid in neutral and prices[pid] != neutral[pid] for pid in prices):
            ids.append(int(row["event"]))
    for e in facts.events:
        if e.kind in (Kind.PRICE_SHOWN, Kind.PRICE_CHANGE, Kind.PRICE_LOOK):
            if off_list(e.data.get("price_cents"), e.data.get("normal_cents")):
                ids.append(e.id)
        elif e.kind is Kind.COUPON and e.data.get("action") in ("shown", "take"):
            ids.append(e.id)
        elif e.kind is Kind.CHOICE and e.data.get("buy"):
            paid = e.data.get("paid_cents") or {}
            if any([off_list(v, facts.normal_prices.get(k)) for k, v in paid.items()]):
                ids.append(e.id)
    return Trigger(_ids(ids), {"n": len(set(ids)), "percent": whole_percent(worst)})


def _prediction(facts: SessionFacts) -> Trigger:
    ids = _inference_evidence(facts, PREDICTION_KINDS)
    sensitive = [
        i for i in facts.inferences if i.special_category or i.subject in facts.sensitive_products
    ]
    ids += [eid for i in sensitive for eid in i.evidence]
    return Trigger(
        _ids(ids),
        {"n": len(set(ids)), "sensitive": len(sensitive)},
        "sensitive" if sensitive else None,
    )


def _identity(facts: SessionFacts) -> Trigger:
    """What you typed in or swapped for a discount, each thing once: the address typed
    for the till's coupon and the coupon taken for it are one address (both events are
    the evidence); a swap with nothing typed before it is a thing of its own."""
    ids: list[int] = []
    given: set[str] = set()
    last = ""
    swaps = 0
    for e in facts.events:
        if e.kind is Kind.INPUT and str(e.data.get("value", "")).strip():
            last = str(e.data["value"]).strip()
            given.add(last)
            ids.append(e.id)
        elif e.kind is Kind.COUPON and e.data.get("action") == "take" and not e.data.get("product"):
            ids.append(e.id)
            swaps += 0 if last else 1
    return Trigger(_ids(ids), {"n": len(given) + swaps})


def _consent(facts: SessionFacts) -> Trigger:
    decisions = [e for e in facts.events if e.kind is Kind.CONSENT]
    if not decisions:
        return Trigger(())
    marks = [(e.id, str(e.data.get("choice", "necessary"))) for e in decisions]
    # The one count every tab uses: processed for what the answer turned down.
    after = processed_after_refusal(marks, facts.processed)
    ids = [e.id for e in decisions] + after[:3]
    choice = str(decisions[-1].data.get("choice"))
    label = CONSENT_CHOICE_LABELS.get(choice, {lang: choice for lang in LANGS})
    refused = any(refused_by(c) for _, c in marks)
    variant = None if after else ("nothing_despite" if refused else "nothing_refused")
    return Trigger(_ids(ids), {"n": len(after), "choice": label}, variant)


def _fingerprint(facts: SessionFacts) -> Trigger:
    starts = [
        e
        for e in facts.events
        if e.kind is Kind.SESSION_START and any(k != "cookie" for k in e.data)
    ]
    keys = sorted({str(k) for e in starts for k in e.data if k != "cookie"})
    browser = any(from_browser(dict(e.data)) for e in starts)
    return Trigger(
        _ids([e.id for e in starts]),
        {"n": len(keys), "keys": feature_words(keys)},
        "browser" if browser else None,
    )


def feature_words(keys: Sequence[str]) -> dict[str, str]:
    """Device features named in words ("time_of_day" → "Tageszeit"), unknown ones counted."""
    labels = DEVICE_FEATURE_LABELS
    known = [labels[k] for k in keys if k in labels and k != "other"]
    if any(k not in labels or k == "other" for k in keys):
        known.append(labels["other"])
    return {lang: ", ".join(x[lang] for x in known) for lang in LANGS}


def _cookie(facts: SessionFacts) -> Trigger:
    """A cookie from an earlier visit, read at the door: before the banner asked."""
    starts = [
        e
        for e in facts.events
        if e.kind is Kind.SESSION_START and isinstance(e.data.get("cookie"), dict)
    ]
    ids = [e.id for e in starts]
    ids += [eid for i in facts.inferences if i.kind == "returning_customer" for eid in i.evidence]
    visits = max((int(e.data["cookie"].get("visits") or 1) for e in starts), default=0)
    interests = max((len(e.data["cookie"].get("interests") or {}) for e in starts), default=0)
    return Trigger(_ids(ids), {"n": visits, "interests": interests})


def _advertised(scenes: frozenset[str], *, needs_wish: bool) -> Callable[[SessionFacts], Trigger]:
    """Personalised advertising at one of ``scenes``: the text says something the
    neutral shopper's does not, the visit was processed for advertising, and (for the
    flyer) the shop had a product to push. A differing text alone is not enough: the
    neutral shopper's differs too, by never having consented to anything."""

    def trigger(facts: SessionFacts) -> Trigger:
        if needs_wish and not any(i.kind == "next_purchase" for i in facts.inferences):
            return Trigger(())
        ids = [
            int(row["event"])
            for row in facts.shown
            if row.get("added_for_you")
            and row.get("scene") in scenes
            and facts.processed_for(int(row["event"]), "advertising")
        ]
        return Trigger(_ids(ids), {"n": len(set(ids))})

    return trigger


CARDS: tuple[Card, ...] = (
    Card(
        "window",
        {"de": "Personalisierte Schaufenster und Texte", "en": "Personalised windows and texts"},
        {"de": "Ein Schaufenster nur für Sie", "en": "A shop window made for you"},
        {
            "de": "Im Kaufhaus Internet bauen Dekorateure für jede Kundin ein eigenes "
            "Schaufenster. Im Netz ist das Alltag: Empfehlungssysteme stellen jede "
            "Startseite aus dem bisherigen Verhalten zusammen. Mehr als die Hälfte der "
            "US-Webhändler teilt ihre Kundschaft mit Personalisierungssystemen von "
            "Anbietern wie MyBuys, RichRelevance oder Monetate in Segmente auf – und "
            "es geht auch schief: Frauen, denen nur noch "
            "Damenmode gezeigt wird, finden das Männerhemd nicht mehr, das sie kaufen "
            "wollten, und brechen ab.",
            "en": "In Kaufhaus Internet, window dressers rebuild the display for every "
            "customer. Online, that is simply how shops work: recommender systems put "
            "each front page together from what you did before. More than half of US "
            "online retailers sort their customers into segments with personalisation "
            "systems from vendors such as MyBuys, RichRelevance or Monetate – and it "
            "backfires: women who are shown nothing but "
            "womenswear can't find the men's shirt they came for, and give up.",
        },
        {
            "de": "In dieser Sitzung wurde der Text von {n} {n|Szene|Szenen} für Sie "
            "umgeschrieben.",
            "en": "This session, {n} {n|scene was|scenes were} rewritten for you.",
        },
        ("000", "002"),
        _window,
    ),
    Card(
        "dwell",
        {"de": "Verweildauer", "en": "Dwell time"},
        {"de": "Wie lange Sie wo stehen", "en": "How long you stood where"},
        {
            "de": "Das Kaufhaus zählt die Sekunden – in der Satire, auf der dieses Spiel beruht, "
            "sind es 33 vor dem "
            "Schaufenster. Der Einkaufswagenhersteller Wanzl baut „Smart Trolleys“ mit "
            "RFID: Laut seinem Chef können sie die gesamte Einkaufsdauer registrieren "
            "und melden, wenn der Wagen in eine bestimmte Zone fährt; auch die "
            "Aufenthaltszeit vor einzelnen Regalen lässt sich so ermitteln. Wie wenig "
            "das beweist, merkte ein Leser des Supermarktblogs an: Nur weil er lange "
            "vor dem Backzutatenregal steht, isst er noch lange nicht gern Kuchen – "
            "vielleicht sucht er bloß verzweifelt das Salz.",
            "en": "The shop counts the seconds – in the satire this game is based on it's 33 in "
            "front of the "
            "window. The trolley maker Wanzl builds RFID “smart trolleys”: according "
            "to its chief executive they can register how long the whole shopping trip "
            "takes and report when the trolley enters a particular zone, and the time "
            "spent at individual shelves can be measured too. A reader of the "
            "Supermarktblog pointed out how little that proves: standing in front of "
            "the baking shelf for ages doesn't mean he likes cake – maybe he just "
            "can't find the salt.",
        },
        {
            "de": "Gestoppt: {n} {n|Aufenthalt|Aufenthalte}, zusammen {seconds} "
            "{seconds|Sekunde|Sekunden}.",
            "en": "Timed: {n} {n|stay|stays}, {seconds} {seconds|second|seconds} in all.",
        },
        ("000", "004"),
        _dwell,
    ),
    Card(
        "twitch",
        {"de": "Mausbewegung und Zögern", "en": "Hovering and hesitation"},
        {"de": "Die zuckende Hand", "en": "The twitching hand"},
        {
            "de": "„Seine Hand hat drei Mal gezuckt“, heißt es in der Satire, auf der dieses Spiel "
            "beruht, beim "
            "Kundenhistorien-Update. Das Spiel hat mitgezählt, wie oft Sie eine "
            "Auswahl markiert oder mit der Maus berührt haben, ohne sie zu nehmen. "
            "Webseiten können dasselbe: Mausbewegungen und das Verharren über einer "
            "Schaltfläche lassen sich per Skript aufzeichnen. Was Sie beinahe "
            "angeklickt hätten, verrät einem Shop oft mehr als der Klick.",
            "en": "“His hand twitched three times,” the staff are told at the customer "
            "history update in the satire this game is based on. This game counted how often "
            "you highlighted "
            "a choice or rested the mouse on it without taking it. Web pages can do "
            "the same: a few lines of script record mouse movements and lingering over "
            "a button. What you almost clicked often tells a shop more than the click.",
        },
        {
            "de": "Ihre Hand hat insgesamt {times} gezuckt.",
            "en": "Your hand twitched {times} in all.",
        },
        ("000",),
        _twitch,
    ),
    Card(
        "location",
        {"de": "Ortung im Laden", "en": "Location tracking in the shop"},
        {"de": "Ihr Weg durchs Kaufhaus", "en": "Your route through the shop"},
        {
            "de": "Das Spiel hat Ihren Weg von Abteilung zu Abteilung als Bewegungsprofil "
            "gespeichert. Das New Yorker Unternehmen Nomi (gesprochen wie „know me“) "
            "erstellt solche Profile aus den WLAN-Signalen von Smartphones. Die "
            "Payback-App ortet registrierte Kunden im Laden bis vor das Regal – über "
            "Bluetooth-Beacons, WLAN, GPS „und eventuell Ultraschall“, eine am "
            "Fraunhofer IIS entwickelte „Sensorfusion“ –, um je nach Standort in "
            "Echtzeit Werbung auszuspielen und Laufwege auszuwerten.",
            "en": "The game stored your path from department to department as a movement "
            "profile. The New York company Nomi (pronounced “know me”) builds such "
            "profiles from the WiFi signals of shoppers' phones. The Payback "
            "loyalty-programme app locates registered customers right at the shelf – "
            "via Bluetooth beacons, WiFi, GPS “and possibly ultrasound”, a “sensor "
            "fusion” technique developed at Fraunhofer IIS – to push "
            "location-dependent adverts in real time and analyse shoppers' routes.",
        },
        {
            "de": "Erfasst: {n} {n|Ort|Orte} auf Ihrem Weg.",
            "en": "Recorded: {n} {n|place|places} on your way.",
        },
        ("001", "004"),
        _location,
    ),
    Card(
        "mood",
        {"de": "Stimmungs- und Gesichtsanalyse", "en": "Mood and face analysis"},
        {"de": "Ihre Laune an der Kasse", "en": "Your mood at the till"},
        {
            "de": "Die Metro-Tochter Real ließ seit Herbst 2016 in 40 Märkten Gesichter an "
            "der Kasse auswerten, um passende Werbespots zu zeigen – Männer sahen "
            "andere als Frauen. Die Bilder würden sofort gelöscht, es handle sich "
            "„nicht um personenbezogene Daten“, erklärte Metro; als Hinweis genügte der "
            "Kette ein Schild „Dieser Markt wird videoüberwacht“. Nach öffentlicher "
            "Kritik beendete Real die Gesichtsanalyse im Juni 2017. Die britische "
            "Firma realeyes misst "
            "an der Mimik, welche Gefühle Werbung auslöst. Das Spiel liest Ihre "
            "Stimmung übrigens nicht am Gesicht ab, sondern daran, wie lange Sie zögern.",
            "en": "From autumn 2016 the hypermarket chain Real, then part of Metro, had "
            "shoppers' faces analysed at the checkout in 40 of its shops to pick matching "
            "adverts – men saw different spots from women. The images were deleted at "
            "once, Metro said, so this was “not personal data”; a sign saying that the "
            "shop was under video surveillance was deemed notice enough. After public "
            "criticism Real stopped the face analysis in June 2017. The British "
            "company realeyes measures from facial expressions which emotions an "
            "advert triggers. The game, by the way, doesn't read your mood from your "
            "face but from how long you hesitate.",
        },
        {
            "de": "Festgestellte Stimmung: {mood} (aus {n} {n|Ereignis|Ereignissen}).",
            "en": "Mood detected: {mood} (from {n} {n|event|events}).",
        },
        ("001", "004"),
        _mood,
    ),
    Card(
        "pricing",
        {
            "de": "Dynamische Preise und Zögerer-Coupon",
            "en": "Dynamic pricing and the hesitation coupon",
        },
        {"de": "Ihr persönlicher Preis", "en": "Your personal price"},
        {
            "de": "Im Spiel richtet sich der Preis danach, wie sehr der Laden glaubt, dass "
            "Sie etwas wollen: Wer entschlossen wirkt, zahlt einen Aufschlag; wer zögert "
            "und auf Preise schaut, bekommt einen Coupon. „Jetzt noch ein 5 Prozent "
            "Rabattcoupon und dann haben wir ihn“, brüllt der Geschäftsführer in der "
            "Vorlage dieses Spiels. Der Supermarktblog fragt, wem es eigentlich nützt, wenn einem "
            "am Regal ein spontaner Rabatt aufs Display regnet, damit man mehr kauft als "
            "geplant. Entscheidungen, die ausschließlich auf automatisierter "
            "Verarbeitung einschließlich Profiling beruhen, regelt Art. 22 DSGVO; nach "
            "Art. 15 stehen Ihnen aussagekräftige Informationen über die involvierte "
            "Logik zu – deshalb stehen die Regeln in dieser Akte.",
            "en": "In the game the price depends on how much the shop thinks you want "
            "something: look determined and you pay a surcharge; hesitate and check "
            "prices and you get a coupon. “Jetzt noch ein 5 Prozent Rabattcoupon und "
            "dann haben wir ihn” – one more 5% coupon and we've got him – "
            "bellows the managing director in the satire behind this game. The Supermarktblog "
            "asks who "
            "actually benefits when a spontaneous discount rains onto your screen at "
            "the shelf so that you buy more than you meant to. Decisions based solely "
            "on automated processing, including profiling, fall under Art. 22 GDPR, "
            "and Art. 15 entitles you to meaningful information about the logic "
            "involved – which is why the rules are in this file.",
        },
        {
            "de": "{n} {n|Ereignis|Ereignisse} mit persönlichem Preis oder Coupon; größte "
            "Abweichung vom "
            "Normalpreis: {percent}\u00a0%.",
            "en": "{n} {n|event|events} with a personal price or coupon; largest deviation from "
            "the "
            "normal price: {percent}%.",
        },
        ("000", "004"),
        _pricing,
    ),
    Card(
        "prediction",
        {
            "de": "Kaufprognose und besondere Kategorien",
            "en": "Purchase prediction and special categories",
        },
        {"de": "Die Vorhersage", "en": "The prediction"},
        {
            "de": "Aus Ihrem Verhalten berechnet der Laden Kaufwahrscheinlichkeiten – in der "
            "Vorlage dieses Spiels „85 Prozent“ für den Fernseher. Die US-Kette Target ermittelte "
            "laut „New York Times“ aus der Einkaufshistorie auf Kundenkarten Merkmale, "
            "die auf eine Schwangerschaft hindeuteten, und verschickte passende "
            "Gutscheinhefte – teils wusste der Händler eher davon als das Umfeld der "
            "Kundin. Gesundheit und Sexualleben gehören zu den besonderen Kategorien "
            "nach Art. 9 DSGVO: Solche Daten zu verarbeiten ist grundsätzlich verboten, "
            "und ein „berechtigtes Interesse“ ist dort keine Ausnahme. Wie solche "
            "Profile gegen einen verwendet werden können, zitiert ein Blogbeitrag: etwa "
            "wenn jemand Probleme bekommt, sich zu versichern, weil er ein Buch über "
            "Kreislaufprobleme gekauft hat.",
            "en": "From your behaviour the shop computes purchase probabilities – "
            "“85%” for the TV in the satire behind this game. According to the New "
            "York Times, "
            "the US chain Target used loyalty-card purchase histories to find signs "
            "that a customer was pregnant and mailed her matching coupon books – "
            "sometimes the retailer knew before the people around her did. Health and "
            "sex life are special categories under Art. 9 GDPR: processing such data "
            "is prohibited in principle, and “legitimate interest” is no exception "
            "there. A blog post quotes how such profiles can be turned against you: "
            "someone struggles to get insurance because they bought a book about "
            "circulatory problems.",
        },
        {
            "de": "{n} {n|Ereignis floss|Ereignisse flossen} in Prognosen über Sie.",
            "en": "{n} {n|event|events} went into predictions about you.",
        },
        ("000", "001", "003"),
        _prediction,
        {
            "sensitive": {
                "de": "{n} {n|Ereignis floss|Ereignisse flossen} in Prognosen über Sie; "
                "{sensitive} {sensitive|Folgerung berührt|Folgerungen berühren} eine besondere "
                "Kategorie nach Art. 9.",
                "en": "{n} {n|event|events} went into predictions about you; "
                "{sensitive} {sensitive|conclusion touches|conclusions touch} a special category "
                "under Art. 9.",
            }
        },
    ),
    Card(
        "identity",
        {"de": "Kundenkarte und E-Mail-Verknüpfung", "en": "Loyalty card and e-mail linking"},
        {"de": "Die Kundenkarte", "en": "The loyalty card"},
        {
            "de": "Name und E-Mail-Adresse machen aus einem Bewegungsmuster eine Person. "
            "Gibt eine Kundin ihre E-Mail-Adresse an, lässt sich ihr Verhalten im Laden "
            "mit dem im Netz verknüpfen – am PC, Tablet und Smartphone, berichtet das "
            "manager magazin. Der damalige Rewe-Chef Alain Caparros wurde 2014 vom "
            "Handelsblatt gefragt, ob sich Kunden nur so lange um ihre Daten sorgten, "
            "bis ihnen Payback eine Salatschleuder schenke. Seine Antwort: „Ja, so "
            "funktioniert das.“",
            "en": "A name and an e-mail address turn a movement pattern into a person. Once "
            "a customer hands over her e-mail address, what she does in the shop can be "
            "linked to what she does online – on PC, tablet and phone, manager magazin "
            "reports. In 2014 the Handelsblatt asked Alain Caparros, then head of the "
            "Rewe group, whether customers worry about their data only until Payback "
            "gives them a salad spinner. His answer: “Ja, so funktioniert das” – yes, "
            "that's how it works.",
        },
        {
            "de": "Eingetippt oder gegen Rabatt eingetauscht: {times}.",
            "en": "Typed in or swapped for a discount: {times}.",
        },
        ("001", "004"),
        _identity,
    ),
    Card(
        "consent",
        {
            "de": "Cookie-Banner und „berechtigtes Interesse“",
            "en": "Consent banner and “legitimate interest”",
        },
        {"de": "„Berechtigtes Interesse“", "en": "“Legitimate interest”"},
        {
            "de": "Ablehnen konnten Sie am Eingang nur, was eine Einwilligung braucht. "
            "Preisoptimierung und „Betrugsprävention“ liefen in jedem Fall weiter, "
            "gestützt auf ein „berechtigtes Interesse“ (Art. 6 Abs. 1 lit. f DSGVO) – "
            "dagegen hätten Sie nach Art. 21 widersprechen können, im Spiel per Fax. "
            "Was Kunden vom Tracking im Laden halten, fragten die US-Marktforscher von "
            "OpinionLab 2014: 77\u00a0% lehnen es ab; 44\u00a0% würden womöglich "
            "seltener bei Händlern einkaufen, die das tun; 35\u00a0% würden sich für keine "
            "Gegenleistung tracken lassen. Der Chef des Einkaufswagenherstellers Wanzl "
            "sieht es anders: Wer online einkaufe, habe die Entscheidung, Daten "
            "preiszugeben, „doch schon längst getroffen“.",
            "en": "At the entrance you could only refuse what needs your consent. Price "
            "optimisation and “fraud prevention” carried on regardless, on the basis "
            "of “legitimate interest” (Art. 6(1)(f) GDPR) – you could have objected "
            "under Art. 21; in the game, by fax. In 2014 the US market researchers "
            "OpinionLab asked shoppers about being tracked in shops: 77% reject it, "
            "44% might shop less often at retailers that do it, and 35% would not "
            "accept it in exchange for anything. The head of the "
            "trolley maker Wanzl sees it differently: anyone who shops online, he "
            "says, made the decision to give away their data long ago.",
        },
        {
            "de": "Nach Ihrer Entscheidung („{choice}“) {n|wurde|wurden} {n} "
            "{n|Ereignis|Ereignisse} "
            "trotz Ablehnung weiterverarbeitet.",
            "en": "After your choice (“{choice}”), {n} {n|event was|events were} processed "
            "despite your refusal.",
        },
        ("004",),
        _consent,
        {
            "nothing_refused": {
                "de": "Sie haben „{choice}“ gewählt. Abgelehnt haben Sie damit nichts.",
                "en": "You chose “{choice}”. That refused nothing.",
            },
            "nothing_despite": {
                "de": "Sie haben „{choice}“ gewählt. Für das, was Sie damit abgelehnt haben, "
                "wurde danach kein Ereignis verarbeitet.",
                "en": "You chose “{choice}”. Nothing was processed afterwards for what that "
                "refused.",
            },
        },
    ),
    Card(
        "fingerprint",
        {"de": "Geräte-Fingerprinting", "en": "Device fingerprinting"},
        {"de": "Wiedererkannt ohne Cookie", "en": "Recognised without a cookie"},
        {
            "de": "Beim Start hat das Spiel Merkmale Ihres Geräts gelesen, wie es jede "
            "Website kann: Fenstergröße, Sprache, Zeitzone, Tageszeit und mehr. "
            "Zusammen ergeben solche Merkmale oft "
            "eine ziemlich eindeutige Kennung – „Fingerprinting“ –, und anders als ein "
            "Cookie lässt sie sich nicht löschen. Der Supermarktblog beschreibt dieselbe "
            "Ausweglosigkeit an der Real-Kasse: Cookies kann man löschen und "
            "Werbeblocker einstellen, der Kamera über dem Kassenband weicht niemand "
            "aus.",
            "en": "At the start the game read features of your device, as any website "
            "can: window size, language, time zone, time of day and more. "
            "Together such features often "
            "make a fairly unique identifier – “fingerprinting” – and unlike a cookie "
            "it can't be deleted. The Supermarktblog describes the same lack of escape "
            "at Real's checkouts: you can delete cookies and tune an ad blocker, but "
            "nobody gets past the camera above the till.",
        },
        {
            "de": "Gelesen aus Ihrem Terminal: {n} {n|Merkmal|Merkmale} ({keys}). "
            "Gespeichert nur auf Ihrem Rechner.",
            "en": "Read from your terminal: {n} {n|feature|features} ({keys}). "
            "Kept on your computer only.",
        },
        ("004",),
        _fingerprint,
        {
            "browser": {
                "de": "Gelesen aus Ihrem Browser: {n} {n|Merkmal|Merkmale} ({keys}). "
                "Gespeichert nur auf dem Rechner Ihrer Lehrkraft, sonst nirgends.",
                "en": "Read from your browser: {n} {n|feature|features} ({keys}). "
                "Kept on your teacher's computer only, nowhere else.",
            }
        },
    ),
    Card(
        "cookie",
        {"de": "Wiedererkennung über Besuche hinweg", "en": "Recognition across visits"},
        {"de": "Wiedererkannt an der Tür", "en": "Recognised at the door"},
        {
            "de": "Noch bevor das Banner Sie irgendetwas gefragt hatte, las das Kaufhaus sein "
            "Cookie von Ihrem letzten Besuch – samt der Dinge, die Sie damals "
            "interessiert haben. In der Vorlage dieses Spiels weiß der Verkäufer noch, welche "
            "Kondome Herr Mustermann „letzten Monat“ angesehen hat. Das manager magazin "
            "nennt so etwas „Cookies für die Offline-Welt“: Das New Yorker Unternehmen "
            "Nomi führt vor, wie Händler schon beim Betreten des Ladens die gesamte "
            "Einkaufshistorie eines Kunden lesen können. „Der Hauptgewinn ist, wenn sie "
            "meine Details haben, also wissen, was ich beim letzten Mal gekauft habe“, "
            "sagt Lorna Hall vom britischen Mode-Marktforscher WGSN.",
            "en": "Before the banner had asked you anything, the shop read its cookie from "
            "your last visit – including what you were interested in back then. In the "
            "satire behind this game the salesman still remembers the condoms Mr "
            "Mustermann looked at "
            "“last month”. manager magazin calls this “cookies for the offline world”: "
            "the New York company Nomi shows how retailers can read a customer's whole "
            "shopping history the moment they walk in. Lorna Hall of the British "
            "fashion research firm WGSN calls it the jackpot when a retailer has your "
            "details and knows what you bought last time.",
        },
        {
            "de": "Laut Cookie schon {times} hier gewesen; {interests} "
            "{interests|Interesse|Interessen} "
            "vom letzten Mal übernommen.",
            "en": "According to the cookie you have been here {times} before; {interests} "
            "{interests|interest|interests} carried over from last time.",
        },
        ("000", "001"),
        _cookie,
    ),
    Card(
        "targeting",
        {"de": "Werbenetz und Standort-Targeting", "en": "Ad network and location targeting"},
        {"de": "Das Targeting-Team", "en": "The targeting team"},
        {
            "de": "Das Targeting-Team ist Ihnen bis zum Kiosk gefolgt. In der Vorlage dieses "
            "Spiels "
            "lässt der Teamleiter „alle Posten im Werbeverbund“ besetzen: Rathaus, "
            "U-Bahn, Ladengeschäfte. Tatsächlich gibt es Werbung, die aufs Smartphone kommt, "
            "sobald man einen bestimmten Ort betritt: Der guatemaltekische "
            "Schuhhändler Meat Pack schickte Kunden im Einkaufszentrum einen "
            "„Hijack“-Rabatt, sobald sie den Laden eines Konkurrenten betraten. Wenn "
            "alle Händler auf wenige Meter genau wissen, wo ihre Kunden sind, jagen sie "
            "einander die Kundschaft ab, warnt der Supermarktblog.",
            "en": "The targeting team followed you all the way to the kiosk. In the satire behind "
            "this game the "
            "team leader wants every post in the advertising network manned: the town "
            "hall, the underground, the shops. Adverts that reach your phone the moment "
            "you walk into a particular place are real: the Guatemalan shoe retailer "
            "Meat Pack sent shoppers in a mall a “hijack” discount as soon as they entered a "
            "competitor's shop. Once every retailer knows to within a few metres where "
            "its customers are, the Supermarktblog warns, they will keep poaching each "
            "other's customers.",
        },
        {
            "de": "Das Team hat Sie {times} abgefangen.",
            "en": "The team intercepted you {times}.",
        },
        ("000", "004"),
        _advertised(TARGETING_SCENES, needs_wish=False),
    ),
    Card(
        "flyer",
        {"de": "Personalisierte Werbepost", "en": "Personalised direct mail"},
        {"de": "Der Flyer im Briefkasten", "en": "The flyer in the letterbox"},
        {
            "de": "Zu Hause lag ein Flyer, der genau zu wissen schien, was Sie wollen. In der "
            "Vorlage dieses Spiels sitzt das Werbeteam schon daran, während der Kunde noch auf der "
            "Straße ist. Target verschickte Gutscheinhefte, zugeschnitten auf eine aus "
            "Einkäufen erschlossene Schwangerschaft. Ein Blogger malt sich die "
            "freundliche Seite aus: Er sucht online eine Winterjacke, kauft keine – und "
            "bekommt beim nächsten Besuch in Bern Jackenwerbung aufs Smartphone, "
            "passend zu Geschmack und Budget. Für Werbetreibende sei der gläserne "
            "Kunde der „Heilige Gral“, schreibt er; mit dem Smartphone sogar „zur "
            "richtigen Zeit am richtigen Ort“.",
            "en": "At home a flyer was waiting that seemed to know exactly what you want. In "
            "the satire behind this game the advertising team is already working on it while the "
            "customer is still out in the street. Target mailed coupon books tailored "
            "to a pregnancy it had inferred from purchases. A blogger imagines the "
            "friendly version: he looks for a winter jacket online, doesn't buy one – "
            "and the next time he is in Bern his phone shows him jacket adverts to "
            "match his taste and budget. For advertisers, he writes, the transparent "
            "customer is the “holy grail” – and with the smartphone, at the right "
            "time in the right place.",
        },
        {"de": "Für Sie gedruckt: {n} Flyer.", "en": "Printed for you: {n} {n|flyer|flyers}."},
        ("000", "001", "003"),
        _advertised(FLYER_SCENES, needs_wish=True),
    ),
)

CARD_IDS = tuple(card.id for card in CARDS)


def _format(template: str, params: dict[str, Any], lang: str) -> str:
    """Fill a card's session line; a param may be a {de, en} mapping."""
    values = {k: (v.get(lang, "") if isinstance(v, dict) else v) for k, v in params.items()}
    # Counts are written one way everywhere ("einmal", "3-mal", "not once").
    if isinstance(values.get("n"), int):
        values.setdefault("times", format_times(values["n"], lang))
    try:
        return counted(template, values).format(**values)
    except (KeyError, IndexError, ValueError):
        return template


def card_dict(card: Card, trigger: Trigger) -> dict[str, Any]:
    """The JSON shape of one card (plain data, both languages)."""
    session = card.variants.get(trigger.variant or "", card.session)
    return {
        "id": card.id,
        "mechanic": dict(card.mechanic),
        "title": dict(card.title),
        "text": dict(card.text),
        "session": {lang: _format(session[lang], trigger.params, lang) for lang in LANGS},
        "source": "; ".join(SOURCES[s]["citation"]["de"] for s in card.sources),
        "sources": [
            {
                "id": s,
                "file": SOURCES[s]["file"],
                "citation": dict(SOURCES[s]["citation"]),
                # Every source text the game was built from is German; an English
                # reader is told so rather than handed a German title unlabelled.
                "lang": str(SOURCES[s].get("lang", "de")),
            }
            for s in card.sources
        ],
        "triggered_by_events": list(trigger.events),
    }


def reality_checks(facts: SessionFacts) -> list[dict[str, Any]]:
    """The cards whose mechanic this session actually triggered, with the triggers."""
    cards = []
    for card in CARDS:
        trigger = card.trigger(facts)
        if trigger.events:
            cards.append(card_dict(card, trigger))
    return cards

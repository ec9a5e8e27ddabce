"""Reality checks: for each mechanic the player met, the real practice it mirrors.

The game exaggerates; these cards say what is not exaggerated. Facts and the
cases named come from the source texts in shared/sources (cited per card).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kaufhaus.tracking.events import Event
from kaufhaus.tracking.profile import Inference


@dataclass(frozen=True)
class Card:
    id: str
    title: dict[str, str]
    text: dict[str, str]
    source: str
    inference_kinds: frozenset[str] = frozenset()
    event_kinds: frozenset[str] = frozenset()


CARDS: tuple[Card, ...] = (
    Card(
        "window",
        {"de": "Das Schaufenster nur für Sie", "en": "A shop window just for you"},
        {
            "de": "Online-Shops bauen ihre Startseite für jeden Besucher neu: Empfehlungssysteme "
                  "zeigen, was zu Ihrem bisherigen Verhalten passt. Schon 2012 nutzte mehr als "
                  "die Hälfte der US-Webhändler solche Personalisierung – mit Pannen: Wer nur "
                  "noch Damenmode sieht, findet das Hemd für den Partner nicht mehr.",
            "en": "Web shops rebuild their front page for each visitor: recommender systems show "
                  "what fits your past behaviour. By 2012 more than half of US online retailers "
                  "used such personalisation – and it misfired: shown only women's clothes, "
                  "women shopping for a partner's shirt gave up.",
        },
        "Blog-Beitrag zur Hyperpersonalisierung (shared/sources/002)",
        frozenset({"interest", "category_interest"}),
    ),
    Card(
        "dwell",
        {"de": "Wie lange Sie wo stehen", "en": "How long you stand where"},
        {
            "de": "Der Einkaufswagenhersteller Wanzl baut „Smart Trolleys“ mit RFID, die die "
                  "Aufenthaltszeit vor einzelnen Regalen messen. Online heißt das Gleiche "
                  "„Verweildauer“ und wird für jede Seite gemessen.",
            "en": "The trolley maker Wanzl builds RFID 'smart trolleys' that measure how long "
                  "shoppers stop at each shelf. Online the same thing is called 'time on page' "
                  "and is measured for every page you open.",
        },
        "Supermarktblog, „Track lass nach!“ (shared/sources/004)",
        event_kinds=frozenset({"scene_leave"}),
    ),
    Card(
        "twitch",
        {"de": "Die zuckende Hand", "en": "The twitching hand"},
        {
            "de": "Webseiten zeichnen Mausbewegungen, Scrolltiefe und das Verweilen über "
                  "Schaltflächen auf („Session Replay“, Heatmaps). Was Sie fast angeklickt "
                  "hätten, ist für den Shop oft aufschlussreicher als der Klick.",
            "en": "Web pages record mouse movement, scroll depth and lingering over buttons "
                  "('session replay', heatmaps). What you almost clicked often tells a shop "
                  "more than the click.",
        },
        "Kaufhaus Internet (shared/sources/000)",
        event_kinds=frozenset({"highlight", "hover"}),
    ),
    Card(
        "location",
        {"de": "Ihr Weg durchs Kaufhaus", "en": "Your route through the store"},
        {
            "de": "Firmen wie Nomi werten WLAN-Signale von Smartphones aus und erstellen "
                  "Bewegungsprofile; die Payback-App ortet Kunden per Beacons, WLAN und GPS "
                  "(„Sensorfusion“) vor dem Regal für Werbung in Echtzeit.",
            "en": "Companies such as Nomi analyse the WiFi signals of phones to build movement "
                  "profiles; the Payback app locates shoppers at the shelf via beacons, WiFi and "
                  "GPS ('sensor fusion') for real-time advertising.",
        },
        "manager magazin 2013 (shared/sources/001); Supermarktblog (shared/sources/004)",
        frozenset({"location_trail"}),
    ),
    Card(
        "mood",
        {"de": "Ihre Stimmung", "en": "Your mood"},
        {
            "de": "Real analysierte ab 2016 in 40 Märkten Gesichter an der Kasse, um passende "
                  "Werbung zu zeigen, und beendete das 2017 nach Protesten. Die Firma realeyes "
                  "misst anhand der Mimik, welche Gefühle Werbung auslöst.",
            "en": "From 2016 the German hypermarket chain Real analysed faces at the checkout in "
                  "40 stores to pick ads, and stopped in 2017 after protests. The company "
                  "realeyes measures from facial expressions which feelings an advert triggers.",
        },
        "Supermarktblog (shared/sources/004); manager magazin (shared/sources/001)",
        frozenset({"mood"}),
    ),
    Card(
        "pricing",
        {"de": "Ihr persönlicher Preis", "en": "Your personal price"},
        {
            "de": "Dynamische und personalisierte Preise gibt es bei Flügen, Hotels und im "
                  "Onlinehandel. Rabattcoupons für Zögernde sind dasselbe Werkzeug von der "
                  "freundlichen Seite: Wer zögert, bekommt 5 %, wer sicher kauft, nicht.",
            "en": "Dynamic and personalised prices are common for flights, hotels and online "
                  "retail. Coupons for the hesitant are the same tool from its friendly side: "
                  "the doubtful get 5 % off, the certain do not.",
        },
        "Kaufhaus Internet (shared/sources/000); Supermarktblog (shared/sources/004)",
        frozenset({"willingness_to_pay", "price_sensitivity"}),
        frozenset({"coupon", "price_look"}),
    ),
    Card(
        "prediction",
        {"de": "Die Vorhersage", "en": "The prediction"},
        {
            "de": "Die US-Kette Target schloss aus Kundenkarten-Einkäufen auf Schwangerschaften "
                  "und verschickte passende Gutscheinhefte – teils bevor die Familie davon "
                  "wusste. Gesundheit und Sexualleben sind nach Art. 9 DSGVO besonders "
                  "geschützt.",
            "en": "The US chain Target inferred pregnancies from loyalty-card purchases and "
                  "mailed matching coupon books – sometimes before the family knew. Under "
                  "Art. 9 GDPR, health and sex life are special categories of data.",
        },
        "manager magazin 2013 nach New York Times (shared/sources/001)",
        frozenset({"sensitive", "next_purchase", "purchase_probability"}),
    ),
    Card(
        "identity",
        {"de": "Die Kundenkarte", "en": "The loyalty card"},
        {
            "de": "Mit Ihrer E-Mail-Adresse verknüpfen Händler das Verhalten im Laden mit dem "
                  "im Netz. Der frühere Rewe-Chef Caparros sagte über Payback-Kunden, sie "
                  "sorgten sich nur so lange um ihre Daten, bis man ihnen eine Salatschleuder "
                  "schenke: „Ja, so funktioniert das.“",
            "en": "With your e-mail address, retailers link what you do in the shop to what you "
                  "do online. Asked whether loyalty-card customers worry about their data only "
                  "until they get a free salad spinner, former Rewe CEO Alain Caparros replied: "
                  "'Yes, that's how it works.'",
        },
        "manager magazin (shared/sources/001); Handelsblatt 2014 via Supermarktblog (004)",
        frozenset({"identity"}),
    ),
    Card(
        "consent",
        {"de": "„Berechtigtes Interesse“", "en": "'Legitimate interest'"},
        {
            "de": "Viele Cookie-Banner lassen Sie ablehnen – und verarbeiten danach weiter, "
                  "gestützt auf ein „berechtigtes Interesse“. 77 % der Befragten lehnen "
                  "Tracking im Laden ab, 35 % würden sich für keine Gegenleistung tracken lassen "
                  "(OpinionLab 2014).",
            "en": "Many cookie banners let you reject – and then go on processing on the basis "
                  "of 'legitimate interest'. 77% of shoppers surveyed reject being tracked in "
                  "stores; 35% would not accept it in exchange for anything (OpinionLab 2014).",
        },
        "Supermarktblog (shared/sources/004)",
        event_kinds=frozenset({"consent"}),
    ),
    Card(
        "fingerprint",
        {"de": "Wiedererkennung ohne Cookie", "en": "Recognised without a cookie"},
        {
            "de": "Bildschirmgröße, Sprache, Zeitzone und System ergeben zusammen oft eine "
                  "eindeutige Kennung („Fingerprinting“) – Löschen von Cookies hilft dagegen "
                  "nicht. Dieses Spiel hat die Werte nur auf Ihrem Rechner gelesen.",
            "en": "Screen size, language, time zone and system together are often unique "
                  "('fingerprinting') – deleting cookies does not help. This game read them on "
                  "your computer only and sent them nowhere.",
        },
        "Smartphone-Ortung und Lebensprofile (shared/sources/003)",
        frozenset({"fingerprint"}),
    ),
)


def reality_checks(inferences: list[Inference], events: list[Event]) -> list[dict[str, Any]]:
    """The cards whose mechanic this session actually triggered, with the triggers."""
    by_kind: dict[str, list[int]] = {}
    for inference in inferences:
        by_kind.setdefault(inference.kind, []).extend(inference.evidence[:5])
    event_kinds: dict[str, list[int]] = {}
    for event in events:
        ids = event_kinds.setdefault(str(event.kind), [])
        if len(ids) < 5:
            ids.append(event.id)
    cards = []
    for card in CARDS:
        triggers = [eid for kind in sorted(card.inference_kinds) for eid in by_kind.get(kind, [])]
        triggers += [eid for kind in sorted(card.event_kinds) for eid in event_kinds.get(kind, [])]
        if not triggers and not (card.inference_kinds & by_kind.keys()):
            continue
        cards.append({
            "id": card.id,
            "title": dict(card.title),
            "text": dict(card.text),
            "source": card.source,
            "triggered_by_events": sorted(set(triggers))[:10],
        })
    return cards


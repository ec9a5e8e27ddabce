"""Every word the dossier and its exports say, in German and English.

Kept in one place so a test can hold both languages to the same keys: a
label missing in one language would otherwise show up as a raw id in a
teacher's printout. German is written first and is not a translation of the
English; both keep the dry voice of the story.
"""

from __future__ import annotations

from dataclasses import dataclass

# One vocabulary for every front end: re-exported from the engine.
from kaufhaus.tracking.vocabulary import INFERENCE_KIND_LABELS as INFERENCE_KIND_LABELS
from kaufhaus.tracking.vocabulary import MOOD_LABELS as MOOD_LABELS
from kaufhaus.tracking.vocabulary import SEGMENT_LABELS as _SEGMENT_WORDS
from kaufhaus.tracking.vocabulary import SENSITIVE_LABELS as SENSITIVE_LABELS

LANGS: tuple[str, ...] = ("de", "en")

#: Short purpose names for the timeline, where the full labels would not fit.
PURPOSE_SHORT: dict[str, dict[str, str]] = {
    "personalisation": {"de": "Personalisierung", "en": "personalisation"},
    "advertising": {"de": "Werbung", "en": "advertising"},
    "analytics": {"de": "Analyse", "en": "analytics"},
    "price_optimisation": {"de": "Preisoptimierung", "en": "pricing"},
    "fraud_prevention": {"de": "Betrugsprävention", "en": "fraud prevention"},
    "service": {"de": "Kasse", "en": "checkout"},
}

#: W3C DPV namespaces (DPV 2.x): core terms and the personal-data extension.
DPV_NS = "https://w3id.org/dpv#"
PD_NS = "https://w3id.org/dpv/pd#"


CONSENT_CHOICE_LABELS: dict[str, dict[str, str]] = {
    "all": {"de": "Alle akzeptieren", "en": "Accept all"},
    "necessary": {"de": "Nur notwendige", "en": "Necessary only"},
    "custom": {"de": "Auswahl gespeichert", "en": "Saved choices"},
}

#: Labels for the DPV personal-data categories the engine and the dossier use.
PD_LABELS: dict[str, dict[str, str]] = {
    "pd:Interest": {"de": "Interessen", "en": "interests"},
    "pd:Location": {"de": "Aufenthaltsorte", "en": "location"},
    "pd:DeviceBased": {"de": "Gerätemerkmale", "en": "device features"},
    "pd:SexualHistory": {"de": "Sexualleben", "en": "sexual history"},
    "pd:Sexual": {"de": "Sexualleben", "en": "sex life"},
    "pd:DigitalFingerprint": {"de": "digitaler Fingerabdruck", "en": "digital fingerprint"},
    "pd:HealthRecord": {"de": "Gesundheitsdaten", "en": "health record"},
    "pd:Health": {"de": "Gesundheit", "en": "health"},
    "pd:PurchasesAndSpendingHabit": {
        "de": "Kauf- und Ausgabeverhalten",
        "en": "purchases and spending habits",
    },
    "pd:Purchase": {"de": "Einkäufe", "en": "purchases"},
    "pd:Behavioral": {"de": "Verhalten", "en": "behaviour"},
    "pd:Name": {"de": "Name", "en": "name"},
    "pd:EmailAddress": {"de": "E-Mail-Adresse", "en": "e-mail address"},
    "pd:PrivacyPreference": {"de": "Datenschutz-Einstellungen", "en": "privacy preferences"},
    "pd:Identifying": {"de": "identifizierende Angaben", "en": "identifying data"},
    "dpv:SpecialCategoryPersonalData": {
        "de": "besondere Kategorie (Art. 9 DSGVO)",
        "en": "special category (Art. 9 GDPR)",
    },
    "dpv:PersonalData": {"de": "personenbezogene Daten", "en": "personal data"},
}

#: Categories that are special categories under Art. 9 GDPR (DPV marks them so).
SPECIAL_TERMS = frozenset(
    {
        "pd:SexualHistory",
        "pd:Sexual",
        "pd:HealthRecord",
        "pd:Health",
        "dpv:SpecialCategoryPersonalData",
    }
)

#: How the shop came by the data (DPV 2.x data types).
ORIGIN_LABELS: dict[str, dict[str, str]] = {
    "dpv:ObservedPersonalData": {"de": "beobachtet", "en": "observed"},
    "dpv:ProvidedPersonalData": {"de": "von Ihnen angegeben", "en": "provided by you"},
    "dpv:InferredPersonalData": {"de": "von uns gefolgert", "en": "inferred by us"},
}


SEGMENT_LABELS: dict[str, dict[str, str]] = {
    **_SEGMENT_WORDS,
    "fan": {"de": "Fan von", "en": "fan of"},
}


#: What each rule of the engine does, in words (the rule strings keep the numbers).
RULE_EXPLANATIONS: dict[str, dict[str, str]] = {
    "R-INT": {
        "de": "Jede Berührung eines Produkts – Hinsehen, Markieren, Preis ansehen, "
        "davorstehen, in den Korb legen – gibt Interessenpunkte; sie verfallen "
        "mit der Zeit.",
        "en": "Every contact with a product – looking, highlighting, checking the "
        "price, standing in front of it, putting it in the basket – earns "
        "interest points, which fade over time.",
    },
    "R-SEN": {
        "de": "Interesse an einem Produkt einer besonderen Kategorie gilt als Hinweis "
        "auf Gesundheit oder Sexualleben.",
        "en": "Interest in a product of a special category is taken as a hint about "
        "health or sex life.",
    },
    "R-BUY": {
        "de": "Aus Interesse, Warengruppe, Zucken, Preisblicken, Warenkorb und "
        "Preisempfindlichkeit wird eine Kaufwahrscheinlichkeit.",
        "en": "Interest, category, twitches, price checks, basket and price "
        "sensitivity are turned into a purchase probability.",
    },
    "R-CAT": {
        "de": "Die Interessenpunkte einer Warengruppe sind die Summe ihrer Produkte.",
        "en": "A category's interest points are the sum of its products'.",
    },
    "R-WTP": {
        "de": "Dieselbe Rechnung wie die Kaufwahrscheinlichkeit, aber ohne "
        "Einwilligung – für den Preis.",
        "en": "The same sum as the purchase probability, but without consent – for the price.",
    },
    "R-PRS": {
        "de": "Wer Preise ansieht, Coupons nimmt, zögert und umkehrt, gilt als "
        "preisempfindlich; wer kauft, weniger.",
        "en": "Checking prices, taking coupons, hesitating and turning back make you "
        "price-sensitive; buying makes you less so.",
    },
    "R-MOO": {
        "de": "Ihre Stimmung wird aus der Zeit bis zur Entscheidung, dem Umkehren und "
        "dem Nichtstun geschätzt.",
        "en": "Your mood is estimated from the time you take to decide, turning back and idling.",
    },
    "R-LOC": {
        "de": "Jede betretene Abteilung wird als Ort in Ihr Bewegungsprofil eingetragen.",
        "en": "Every department you enter is added to your movement profile.",
    },
    "R-CLV": {
        "de": "Ihr Kundenwert ist der Warenkorb plus die halbe erwartete Zahlung für alles andere.",
        "en": "Your customer value is the basket plus half the expected spend on everything else.",
    },
    "R-SEG": {
        "de": "Über feste Schwellen werden Sie Schubladen zugeordnet.",
        "en": "Fixed thresholds sort you into pigeonholes.",
    },
    "R-NXT": {
        "de": "Beworben wird, was Sie am meisten interessiert und noch nicht im Korb haben.",
        "en": "What gets advertised is what interests you most and isn't in your basket yet.",
    },
    "R-VIS": {
        "de": "Je sicherer der Kauf, desto früher werden Sie zurückerwartet.",
        "en": "The surer the purchase, the sooner you are expected back.",
    },
    "R-ID": {
        "de": "Was Sie eintippen, wird Ihrer Akte zugeordnet.",
        "en": "Whatever you type is filed under your name.",
    },
    "R-FPR": {
        "de": "Merkmale Ihres Terminals ergeben zusammen eine Wiedererkennung.",
        "en": "Features of your terminal together make you recognisable.",
    },
    "R-RET": {
        "de": "Ein Cookie vom letzten Besuch verrät, dass Sie wiederkommen und was "
        "Sie damals wollten – gelesen, bevor Sie gefragt wurden.",
        "en": "A cookie from your last visit tells us you came back and what you "
        "wanted then – read before you were asked.",
    },
}

#: The pricing rules as ``kaufhaus.tracking.pricing.quote`` names them.
PRICE_RULE_LABELS: dict[str, dict[str, str]] = {
    "coupon taken: the discount holds": {
        "de": "Coupon genommen: der Rabatt gilt weiter",
        "en": "coupon taken: the discount holds",
    },
    "coupon: hesitant but price-sensitive": {
        "de": "Coupon angeboten (zögerlich, aber preisempfindlich): Normalpreis, Rabatt nur "
        "mit Coupon",
        "en": "coupon offered (hesitant but price-sensitive): normal price, the discount only "
        "with the coupon",
    },
    "surcharge: keenness x (1 - price sensitivity)": {
        "de": "Aufschlag: Kaufeifer × (1 − Preisempfindlichkeit)",
        "en": "surcharge: keenness × (1 − price sensitivity)",
    },
    "no product": {"de": "kein Produkt", "en": "no product"},
    "none": {
        "de": "Normalpreis: weder Aufschlag noch Rabatt",
        "en": "normal price: no surcharge, no discount",
    },
}

#: One line per event kind for the timeline; ``{…}`` fields are filled by the model.
EVENT_TEXTS: dict[str, dict[str, str]] = {
    "session_start": {
        "de": "Sitzung begonnen; Gerätemerkmale gelesen: {keys}",
        "en": "Session started; device features read: {keys}",
    },
    "session_start_empty": {"de": "Sitzung begonnen", "en": "Session started"},
    "session_cookie": {
        "de": "; Cookie von früher gelesen (schon {visits}× hier gewesen)",
        "en": "; cookie from an earlier visit read (been here {visits}× before)",
    },
    "consent": {"de": "Cookie-Banner: „{choice}“", "en": "Cookie banner: “{choice}”"},
    "scene_enter": {"de": "Betreten: {title}", "en": "Entered: {title}"},
    "scene_enter_back": {"de": "Zurückgekehrt: {title}", "en": "Went back to: {title}"},
    "scene_leave": {"de": "Verlassen nach {seconds} s", "en": "Left after {seconds} s"},
    "choice": {"de": "Entschieden: {label}", "en": "Chose: {label}"},
    "choice_take": {"de": " – in den Korb: {products}", "en": " – into the basket: {products}"},
    "choice_drop": {"de": " – aus dem Korb: {products}", "en": " – out of the basket: {products}"},
    "choice_buy": {"de": " – bezahlt: {paid}", "en": " – paid: {paid}"},
    "choice_hesitation": {"de": " (nach {seconds} s)", "en": " (after {seconds} s)"},
    "highlight": {
        "de": "Markiert, nicht genommen: {label}",
        "en": "Highlighted, not taken: {label}",
    },
    "hover": {"de": "Maus verweilt auf: {label}", "en": "Mouse rested on: {label}"},
    "examine": {"de": "Genau angesehen: {label}", "en": "Examined: {label}"},
    "input": {"de": "Eingetippt ({key}): „{value}“", "en": "Typed ({key}): “{value}”"},
    "back": {"de": "Umgekehrt", "en": "Turned back"},
    "idle": {"de": "{seconds} s lang nichts getan", "en": "Did nothing for {seconds} s"},
    "coupon_shown": {"de": "Coupon angeboten{product}", "en": "Coupon offered{product}"},
    "coupon_take": {"de": "Coupon genommen{product}", "en": "Coupon taken{product}"},
    "coupon_ignore": {"de": "Coupon liegen gelassen{product}", "en": "Coupon ignored{product}"},
    "price_look": {
        "de": "Preis angesehen: {product} für {price} (normal {normal})",
        "en": "Checked the price: {product} at {price} (normally {normal})",
    },
    "price_shown": {
        "de": "Preis gezeigt: {product} für {price} (normal {normal}; {reason})",
        "en": "Price shown: {product} at {price} (normally {normal}; {reason})",
    },
    "price_change": {
        "de": "Preis angepasst: {product} von {old} auf {price} (normal {normal}; {reason})",
        "en": "Price adjusted: {product} from {old} to {price} (normally {normal}; {reason})",
    },
    "claim_use": {
        "de": "Im Text verwendet: {claims}",
        "en": "Used in the text: {claims}",
    },
    "save": {"de": "Spielstand gespeichert", "en": "Game saved"},
    "quit": {"de": "Spiel beendet", "en": "Game quit"},
    "other": {"de": "Ereignis: {kind}", "en": "Event: {kind}"},
    "state_value": {
        "de": "Die Geschichte hat sich etwas gemerkt",
        "en": "The story made a note",
    },
    "state_carried": {"de": "Eingesteckt: {thing}", "en": "Now carrying: {thing}"},
    "state_dropped": {"de": "Nicht mehr dabei: {thing}", "en": "No longer carrying: {thing}"},
    "undo": {
        "de": "Rückgängig gemacht – für Sie. Das Kaufhaus hat alles behalten.",
        "en": "Undone – for you. The shop kept everything.",
    },
}

#: What a used claim said about the player (``{product}`` and ``{value}`` filled in).
CLAIM_WORDS: dict[str, dict[str, str]] = {
    "interest": {
        "de": "Ihr Interesse an „{product}“ ({value} Punkte)",
        "en": "your interest in '{product}' ({value} points)",
    },
    "purchase_probability": {
        "de": "Ihre Kaufwahrscheinlichkeit für „{product}“: {value}",
        "en": "your purchase probability for '{product}': {value}",
    },
    "next_purchase": {
        "de": "Ihr nächster Kauf: „{product}“ ({value})",
        "en": "your next purchase: '{product}' ({value})",
    },
    "willingness_to_pay": {
        "de": "Ihre Zahlungsbereitschaft für „{product}“",
        "en": "your willingness to pay for '{product}'",
    },
    "twitches": {
        "de": "Ihre Hand hat Richtung „{product}“ {value} gezuckt",
        "en": "your hand twitched towards '{product}' {value}",
    },
    "seconds": {
        "de": "Ihre Verweildauer – {product}: {value}",
        "en": "your time spent – {product}: {value}",
    },
    "seen": {
        "de": "Von Ihnen angesehen: {product}",
        "en": "looked at by you: {product}",
    },
    "consent": {
        "de": "Ihre Antwort am Cookie-Banner: „{value}“",
        "en": "your answer at the cookie banner: “{value}”",
    },
    "hesitation": {
        "de": "Ihr Zögern vor Entscheidungen: im Schnitt {value}",
        "en": "your hesitation before deciding: {value} on average",
    },
    "mood": {"de": "Ihre Stimmung: {value}", "en": "your mood: {value}"},
    "segment": {"de": "Ihr Kundensegment: {value}", "en": "your customer segment: {value}"},
    "price_sensitivity": {
        "de": "Ihre Preisempfindlichkeit: {value}",
        "en": "your price sensitivity: {value}",
    },
    "returning_customer": {
        "de": "Sie waren schon {value} hier",
        "en": "you had been here {value} before",
    },
    "price": {
        "de": "Ihr Preis für „{product}“: {value}",
        "en": "your price for '{product}': {value}",
    },
    "price_change": {
        "de": "Ihr Preis für „{product}“ hat sich angepasst: {value}",
        "en": "your price for '{product}' was adjusted: {value}",
    },
    "normal_price": {
        "de": "Normalpreis für „{product}“: {value}",
        "en": "normal price for '{product}': {value}",
    },
    "basket_total": {"de": "Ihr Warenkorb: {value}", "en": "your basket: {value}"},
}

#: Paid at the till against a neutral shopper: the punchline in euros.
PAYMENT_TEXT: dict[str, dict[str, str]] = {
    "none": {
        "de": "Sie haben nichts bezahlt – diesmal.",
        "en": "You paid nothing – this time.",
    },
    "more": {
        "de": "Sie haben {paid} bezahlt. Ein Kunde, den wir nicht beobachtet hätten, hätte "
        "für dieselben Waren {neutral} bezahlt: Ihr Profil hat Sie {difference} gekostet.",
        "en": "You paid {paid}. A customer we had not watched would have paid {neutral} "
        "for the same goods: your profile cost you {difference}.",
    },
    "less": {
        "de": "Sie haben {paid} bezahlt. Ein Kunde, den wir nicht beobachtet hätten, hätte "
        "{neutral} bezahlt: {difference} weniger für Sie. Wir nennen das Kundenbindung.",
        "en": "You paid {paid}. A customer we had not watched would have paid {neutral}: "
        "{difference} less for you. We call it customer loyalty.",
    },
    "same": {
        "de": "Sie haben {paid} bezahlt, genau so viel wie ein Kunde, den wir nicht "
        "beobachtet hätten. Diesmal.",
        "en": "You paid {paid}, exactly what a customer we had not watched would have "
        "paid. This time.",
    },
}

#: The satirical bits of the response that do not depend on the session.
CONTROLLER = {
    "name": "Kaufhaus Internet GmbH & Co. KG",
    "fictional": True,
    "address": {
        "de": "Fußgängerzone 1, direkt hinter dem Cookie-Banner (fiktiv)",
        "en": "1 High Street, right behind the cookie banner (fictional)",
    },
    "contact": "datenschutz@kaufhaus-internet.example",
    "dpo": {
        "de": "Datenschutzbeauftragter: derzeit beim Targeting-Team ausgeliehen",
        "en": "Data protection officer: currently on loan to the targeting team",
    },
    "note": {
        "de": "Ein Spiel. Diese Daten haben Ihren Rechner nie verlassen.",
        "en": "A game. This data never left your computer.",
    },
}

PARTNER_COUNT = 347


@dataclass(frozen=True)
class Recipient:
    """One of the 347 partners; all invented. ``purposes`` says what they get."""

    name: str
    role: str  # a DPV entity: dpv:DataProcessor or dpv:ThirdParty
    purposes: tuple[str, ...]
    does: dict[str, str]


RECIPIENTS: tuple[Recipient, ...] = (
    Recipient(
        "Dekor & Söhne Schaufensterbau OHG",
        "dpv:DataProcessor",
        ("personalisation",),
        {
            "de": "baut das Schaufenster für Sie um, bevor Sie um die Ecke biegen",
            "en": "rebuilds the window for you before you turn the corner",
        },
    ),
    Recipient(
        "Zuckanalyse Rhein-Ruhr GmbH",
        "dpv:DataProcessor",
        ("analytics",),
        {
            "de": "wertet Handbewegungen, Laufwege und Launen aus",
            "en": "analyses hand movements, routes and moods",
        },
    ),
    Recipient(
        "Tagespreis-Rechenzentrum AG",
        "dpv:DataProcessor",
        ("price_optimisation",),
        {
            "de": "rechnet aus, was Sie heute zu zahlen bereit sind",
            "en": "works out what you are willing to pay today",
        },
    ),
    Recipient(
        "Wiedererkennung & Betrugsprävention KG",
        "dpv:ThirdParty",
        ("fraud_prevention",),
        {
            "de": "erkennt Ihr Gerät wieder, auch ohne Cookie",
            "en": "recognises your device, cookie or no cookie",
        },
    ),
    Recipient(
        "Werbeverbund Rathaus · U-Bahn · Ladengeschäfte",
        "dpv:ThirdParty",
        ("advertising",),
        {
            "de": "besetzt alle Posten, an denen Sie vorbeikommen könnten",
            "en": "mans every post you might walk past",
        },
    ),
    Recipient(
        "Salatschleuder-Bonusprogramm e. V.",
        "dpv:ThirdParty",
        ("advertising", "analytics"),
        {
            "de": "tauscht Ihre Daten gegen Punkte, ab 5.000 Punkten gegen eine Salatschleuder",
            "en": "swaps your data for points, and 5,000 points for a salad spinner",
        },
    ),
)

STORAGE = {
    "period": {
        "de": "Bis Sie wieder zögern. Mindestens aber bis zur nächsten Salatschleuder-Aktion.",
        "en": "Until you hesitate again. At least until the next salad-spinner promotion.",
    },
    "in_reality": {
        "de": "In Wirklichkeit liegt alles nur in Ihrem Spielstand-Ordner auf "
        "diesem Rechner, bis Sie ihn löschen („kaufhaus forget“).",
        "en": "In reality everything stays in your save folder on this computer "
        "until you delete it (“kaufhaus forget”).",
    },
}

SOURCE_TEXT = {
    "de": "Alles in dieser Akte stammt von Ihnen: beobachtet, während Sie durch das Kaufhaus "
    "gingen, oder von Ihnen eingetippt – und alles Übrige haben wir daraus gefolgert.",
    "en": "Everything in this file came from you: observed while you walked through the "
    "store, or typed in by you – and we inferred the rest from that.",
}

ADM_TEXT = {
    "exists": {
        "de": "Ja. Preise, Coupons und Texte wurden automatisch für Sie berechnet, "
        "ohne dass ein Mensch darauf geschaut hat (Profiling, Art. 22 DSGVO).",
        "en": "Yes. Prices, coupons and texts were computed for you automatically, "
        "without a human looking at them (profiling, Art. 22 GDPR).",
    },
    "none": {
        "de": "In dieser Sitzung wurde nichts automatisch für Sie entschieden.",
        "en": "Nothing was decided about you automatically in this session.",
    },
    "significance": {
        "de": "Tragweite: Sie zahlen einen anderen Preis als eine Kundin, über "
        "die wir nichts wissen, und sehen andere Angebote.",
        "en": "Significance: you pay a different price from a customer we know "
        "nothing about, and you see different offers.",
    },
}

RIGHTS = {
    "de": "Sie haben das Recht auf Berichtigung (Art. 16), Löschung (Art. 17), Einschränkung "
    "(Art. 18) und Widerspruch (Art. 21) sowie auf Beschwerde bei einer "
    "Aufsichtsbehörde (Art. 77). Widersprüche nehmen wir gern per Fax entgegen.",
    "en": "You have the right to rectification (Art. 16), erasure (Art. 17), restriction "
    "(Art. 18) and to object (Art. 21), and to lodge a complaint with a supervisory "
    "authority (Art. 77). We are happy to receive objections by fax.",
}

#: UI strings of the Markdown and HTML exports.
UI: dict[str, dict[str, str]] = {
    "de": {
        "doc_title": "Ihre Akte",
        "doc_subtitle": "Auskunft nach Art. 15 DSGVO – Kaufhaus Internet",
        "fiction": "Ein Spiel. Das Kaufhaus, seine Partner und diese Auskunft sind erfunden; "
        "die Fälle in den Realitäts-Checks sind es nicht.",
        "toc": "Inhalt",
        "summary": "Auf einen Blick",
        "controller": "Verantwortlicher",
        "data_subject": "Betroffene Person (was Sie eingetippt haben)",
        "nothing_typed": "Sie haben uns nichts eingetippt. Wir kennen Sie trotzdem.",
        "field": "Feld",
        "value": "Wert",
        "session": "Sitzung",
        "story": "Geschichte",
        "seed": "Startwert",
        "duration": "Dauer",
        "seconds": "s",
        "events_total": "protokollierte Ereignisse",
        "inferences_total": "Schlussfolgerungen",
        "personalised_scenes": "für Sie umgeschriebene Szenen",
        "categories": "Kategorien personenbezogener Daten",
        "category": "Kategorie",
        "dpv_term": "DPV-Begriff",
        "origin": "Herkunft",
        "special": "Art. 9",
        "yes": "ja",
        "no": "nein",
        "events": "Ereignisse",
        "purposes": "Zwecke und Rechtsgrundlagen",
        "purpose": "Zweck",
        "legal_basis": "Rechtsgrundlage",
        "data": "Daten",
        "processed": "verarbeitet",
        "status": "Status",
        "status_granted": "eingewilligt",
        "status_refused": "abgelehnt",
        "status_not_asked": "nicht gefragt",
        "status_no_consent_needed": "keine Einwilligung nötig (sagen wir)",
        "consent": "Einwilligung",
        "consent_choice": "Ihre Wahl am Eingang",
        "consent_none": "Sie wurden nicht gefragt.",
        "granted": "Eingewilligt in",
        "refused": "abgelehnt",
        "none": "nichts",
        "after_refusal": "Nach Ihrer Ablehnung (Ereignis {event}) haben wir {processed} von "
        "{total} Ereignissen weiterverarbeitet – für Zwecke, die keine "
        "Einwilligung brauchen.",
        "refusal_kept": "Für die abgelehnten Zwecke: kein einziges – daran halten wir uns.",
        "refusal_broken": "Für die abgelehnten Zwecke trotzdem: {n}. Hoppla.",
        "by_purpose": "Je Zweck",
        "by_basis": "Je Rechtsgrundlage",
        "recipients": "Empfänger",
        "recipients_intro": "Wir und unsere {count} Partner. Alle erfunden – dieses Spiel hat "
        "nichts an irgendwen übertragen.",
        "recipient": "Empfänger",
        "role": "Rolle",
        "received": "hat Daten bekommen",
        "more_partners": "… und {count} weitere Partner",
        "storage": "Speicherdauer",
        "source": "Herkunft der Daten",
        "adm": "Automatisierte Entscheidungen einschließlich Profiling",
        "logic": "Die involvierte Logik",
        "rule": "Regel",
        "explanation": "Erklärung",
        "used_by": "benutzt für",
        "prices": "Ihre Preise",
        "payments": "Bezahlt – und was ein neutraler Kunde bezahlt hätte",
        "claims_used": "Was wir über Sie gesagt haben",
        "claims_used_intro": "Jede Stelle, an der ein Text im Kaufhaus etwas über Sie "
        "verwendet hat, mit den Einträgen aus dieser Akte, auf die er sich stützt.",
        "where": "Wo",
        "said": "Was",
        "product": "Produkt",
        "normal_price": "Normalpreis",
        "neutral_price": "neutrale Kundin",
        "your_price": "Ihr Preis",
        "difference": "Unterschied",
        "paid": "bezahlt",
        "pricing_rule": "Regel",
        "conclusions": "Was wir über Sie folgern",
        "conclusion": "Schluss",
        "reason": "Begründung",
        "confidence": "Sicherheit",
        "evidence": "Belege",
        "special_warning": "besondere Kategorie nach Art. 9 DSGVO",
        "purpose_refused": "für einen Zweck, den Sie abgelehnt haben",
        "shown": "Was Sie gesehen haben – und eine neutrale Kundin",
        "shown_intro": "Für jede Szene: der Text, den Sie bekamen, und der Text für eine "
        "Kundin, über die wir nichts wissen.",
        "you_saw": "Sie sahen",
        "neutral_saw": "Eine neutrale Kundin sah",
        "same_text": "Derselbe Text wie für eine neutrale Kundin.",
        "personalised": "für Sie umgeschrieben",
        "differs": "anders als bei einer neutralen Kundin",
        "reality": "Realitäts-Check",
        "reality_intro": "Das Spiel übertreibt. Diese Karten sagen, was nicht übertrieben ist.",
        "reality_none": "Diese Sitzung hat keinen Mechanismus ausgelöst. Respekt.",
        "triggered_by": "Ausgelöst durch",
        "sources": "Quellen",
        "timeline": "Zeitleiste aller Ereignisse",
        "number": "Nr.",
        "time": "Zeit",
        "scene": "Szene",
        "event": "Ereignis",
        "for": "verarbeitet für",
        "basis": "Grundlage",
        "after_refusal_mark": "nach Ablehnung",
        "rights": "Ihre Rechte",
        "footer": "Erzeugt von {generator}, Format {format} v{version}. Alle Angaben sind aus "
        "dem Spielprotokoll berechnet; ein zweiter Export derselben Sitzung ist "
        "Zeichen für Zeichen gleich.",
        "namespaces": "DPV-Namensräume: dpv: = {dpv}, pd: = {pd}",
        "more": "… und {count} weitere",
    },
    "en": {
        "doc_title": "Your file",
        "doc_subtitle": "Access request under Art. 15 GDPR – Kaufhaus Internet",
        "fiction": "A game. The store, its partners and this response are made up; the cases "
        "in the reality checks are not.",
        "toc": "Contents",
        "summary": "At a glance",
        "controller": "Controller",
        "data_subject": "Data subject (what you typed)",
        "nothing_typed": "You didn't type anything for us. We know you anyway.",
        "field": "Field",
        "value": "Value",
        "session": "Session",
        "story": "Story",
        "seed": "Seed",
        "duration": "Duration",
        "seconds": "s",
        "events_total": "events logged",
        "inferences_total": "conclusions",
        "personalised_scenes": "scenes rewritten for you",
        "categories": "Categories of personal data",
        "category": "Category",
        "dpv_term": "DPV term",
        "origin": "Origin",
        "special": "Art. 9",
        "yes": "yes",
        "no": "no",
        "events": "Events",
        "purposes": "Purposes and legal bases",
        "purpose": "Purpose",
        "legal_basis": "Legal basis",
        "data": "Data",
        "processed": "processed",
        "status": "Status",
        "status_granted": "consented",
        "status_refused": "refused",
        "status_not_asked": "not asked",
        "status_no_consent_needed": "no consent needed (we say)",
        "consent": "Consent",
        "consent_choice": "Your choice at the entrance",
        "consent_none": "You were not asked.",
        "granted": "Consented to",
        "refused": "refused",
        "none": "nothing",
        "after_refusal": "After your refusal (event {event}) we went on processing "
        "{processed} of {total} events – for purposes that need no consent.",
        "refusal_kept": "For the purposes you refused: not a single one – we do keep our "
        "word on that.",
        "refusal_broken": "For the purposes you refused, all the same: {n}. Oops.",
        "by_purpose": "By purpose",
        "by_basis": "By legal basis",
        "recipients": "Recipients",
        "recipients_intro": "We and our {count} partners. All made up – this game sent "
        "nothing to anyone.",
        "recipient": "Recipient",
        "role": "Role",
        "received": "received data",
        "more_partners": "… and {count} more partners",
        "storage": "Storage period",
        "source": "Source of the data",
        "adm": "Automated decision-making, including profiling",
        "logic": "The logic involved",
        "rule": "Rule",
        "explanation": "Explanation",
        "used_by": "used for",
        "prices": "Your prices",
        "payments": "Paid – and what a neutral customer would have paid",
        "claims_used": "What we said about you",
        "claims_used_intro": "Every place where a text in the shop used something about "
        "you, with the entries in this file it rests on.",
        "where": "Where",
        "said": "What",
        "product": "Product",
        "normal_price": "Normal price",
        "neutral_price": "Neutral shopper",
        "your_price": "Your price",
        "difference": "Difference",
        "paid": "paid",
        "pricing_rule": "Rule",
        "conclusions": "What we conclude about you",
        "conclusion": "Conclusion",
        "reason": "Reason",
        "confidence": "Confidence",
        "evidence": "Evidence",
        "special_warning": "special category under Art. 9 GDPR",
        "purpose_refused": "for a purpose you refused",
        "shown": "What you saw – and what a neutral shopper saw",
        "shown_intro": "For every scene: the text you got, and the text for a shopper we "
        "know nothing about.",
        "you_saw": "You saw",
        "neutral_saw": "A neutral shopper saw",
        "same_text": "The same text as for a neutral shopper.",
        "personalised": "rewritten for you",
        "differs": "not what a neutral shopper saw",
        "reality": "Reality check",
        "reality_intro": "The game exaggerates. These cards say what isn't exaggerated.",
        "reality_none": "This session triggered no mechanism at all. Respect.",
        "triggered_by": "Triggered by",
        "sources": "Sources",
        "timeline": "Timeline of all events",
        "number": "No.",
        "time": "Time",
        "scene": "Scene",
        "event": "Event",
        "for": "processed for",
        "basis": "Basis",
        "after_refusal_mark": "after refusal",
        "rights": "Your rights",
        "footer": "Generated by {generator}, format {format} v{version}. Everything here is "
        "computed from the game's log; exporting the same session again gives the "
        "same file, character for character.",
        "namespaces": "DPV namespaces: dpv: = {dpv}, pd: = {pd}",
        "more": "… and {count} more",
    },
}

"""Every word the dossier and its exports say, in German and English.

Kept in one place so a test can hold both languages to the same keys: a
label missing in one language would otherwise show up as a raw id in a
teacher's printout. German is written first and is not a translation of the
English; both keep the dry voice of the story.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

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
    "customer_care": {"de": "Kundenbetreuung", "en": "customer care"},
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
    "pd:Behavioural": {"de": "Verhalten", "en": "behaviour"},
    "pd:Name": {"de": "Name", "en": "name"},
    "pd:EmailAddress": {"de": "E-Mail-Adresse", "en": "e-mail address"},
    "pd:PrivacyPreference": {"de": "Datenschutz-Einstellungen", "en": "privacy preferences"},
    "pd:Identifying": {"de": "identifizierende Angaben", "en": "identifying data"},
    "pd:Identifier": {"de": "Kennnummer", "en": "identifier"},
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


#: A category's fan ("fan:electronics") is named by vocabulary.segment_label.
SEGMENT_LABELS: dict[str, dict[str, str]] = {**_SEGMENT_WORDS}


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
    "R-NOT": {
        "de": "Was unser Personal über Sie aufschreibt, steht wörtlich in der Akte, "
        "mit dem, was Sie gerade getan hatten.",
        "en": "What our staff write down about you is in the file word for word, "
        "with what you had just done.",
    },
    "R-SAG": {
        "de": "Was Sie unserem Personal gesagt haben, steht wörtlich in der Akte, "
        "mit dem Moment, in dem Sie es sagten.",
        "en": "What you told our staff is in the file word for word, with the moment you said it.",
    },
    "R-KNR": {
        "de": "Aus den Merkmalen Ihres Geräts rechnen wir eine Nummer aus. Dasselbe Gerät "
        "bekommt dieselbe Nummer – ein Cookie ist dafür nicht nötig.",
        "en": "We work out a number from your device's features. The same device gets "
        "the same number – no cookie needed.",
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
    "normal price: no surcharge, no discount": {
        "de": "Normalpreis: weder Aufschlag noch Rabatt",
        "en": "normal price: no surcharge, no discount",
    },
    "none": {
        "de": "Normalpreis: weder Aufschlag noch Rabatt",
        "en": "normal price: no surcharge, no discount",
    },
    "offer unseen": {
        "de": "Normalpreis: weder Aufschlag noch Rabatt (ein Coupon war vorgesehen, kam aber "
        "nie auf den Bildschirm)",
        "en": "normal price: no surcharge, no discount (a coupon was meant for you but never "
        "reached the screen)",
    },
}

#: One sentence per event kind for the timeline, addressed to the player
#: (``{…}`` fields are filled by the model). No internal ids: labels, product
#: names and scene titles come from the story, in the reader's language.
EVENT_TEXTS: dict[str, dict[str, str]] = {
    # The session begins as the game starts, before the first scene is entered; it
    # is logged at the start scene (where the story opens), not as an arrival there.
    "session_start": {
        "de": "Sie haben das Spiel begonnen. Noch vor dem ersten Klick haben wir Ihr Gerät "
        "vermessen: {keys}.",
        "en": "You started the game. Before your first click we measured your device: {keys}.",
    },
    "session_start_empty": {"de": "Sie haben das Spiel begonnen.", "en": "You started the game."},
    "session_cookie": {
        "de": " Unser Cookie von Ihrem letzten Besuch verriet uns: Sie waren schon {visits}× hier.",
        "en": " Our cookie from your last visit told us you had been here {visits}× before.",
    },
    "session_cookie_interests": {
        "de": " Und es hielt fest, wofür Sie sich interessiert hatten: {products}.",
        "en": " And it had kept what you had been interested in: {products}.",
    },
    "consent": {
        "de": "Sie haben am Cookie-Banner „{choice}“ gewählt.",
        "en": "At the cookie banner you chose “{choice}”.",
    },
    # A scene's title is often no place ("Samstagvormittag"): the log names the
    # place and the title (``{where}``), and says what it did with it.
    "scene_enter": {"de": "Standort erfasst: {where}.", "en": "Location logged: {where}."},
    "scene_enter_back": {
        "de": "Wieder da, Standort erfasst: {where}.",
        "en": "Back again, location logged: {where}.",
    },
    "scene_leave": {
        "de": "Standort verlassen nach {seconds}: {where}.",
        "en": "Location left after {seconds}: {where}.",
    },
    "choice": {
        "de": "Sie haben „{label}“ gewählt – nach {seconds} Bedenkzeit.",
        "en": "You chose “{label}” after {seconds} of thought.",
    },
    "choice_consent": {
        "de": "Für diese Antwort am Banner brauchten Sie {seconds} Bedenkzeit.",
        "en": "You took {seconds} to give that answer at the banner.",
    },
    "choice_take": {"de": " In den Korb: {products}.", "en": " Into the basket: {products}."},
    "choice_drop": {"de": " Aus dem Korb: {products}.", "en": " Out of the basket: {products}."},
    "choice_buy": {"de": " Bezahlt: {paid}.", "en": " Paid: {paid}."},
    "highlight": {
        "de": "Ihr Cursor lag auf „{label}“ – gewählt haben Sie es nicht.",
        "en": "Your cursor rested on “{label}” – you did not choose it.",
    },
    "hover": {
        "de": "Ihre Maus hat auf „{label}“ verweilt.",
        "en": "Your mouse lingered on “{label}”.",
    },
    "examine": {
        "de": "Sie haben sich „{label}“ genau angesehen.",
        "en": "You took a close look at “{label}”.",
    },
    "input_name": {
        "de": "Sie haben Ihren Namen eingetippt: „{value}“.",
        "en": "You typed your name: “{value}”.",
    },
    "input_email": {
        "de": "Sie haben Ihre E-Mail-Adresse eingetippt: „{value}“.",
        "en": "You typed your e-mail address: “{value}”.",
    },
    "input_refused": {
        "de": "Sie haben etwas eingetippt: „{value}“. Als Adresse genommen hat das "
        "Kaufhaus es nicht: Es sieht nicht aus wie eine.",
        "en": "You typed something: “{value}”. The shop did not take it as an address: "
        "it doesn’t look like one.",
    },
    "input": {
        "de": "Sie haben etwas eingetippt: „{value}“.",
        "en": "You typed something: “{value}”.",
    },
    "back": {"de": "Sie sind umgekehrt.", "en": "You turned back."},
    "idle": {
        "de": "Sie haben {seconds} lang nichts getan.",
        "en": "You did nothing for {seconds}.",
    },
    "idle_at": {
        "de": "Sie haben {seconds} lang nichts getan. Standort: {where}.",
        "en": "You did nothing for {seconds}. Location: {where}.",
    },
    "coupon_shown": {
        "de": "Wir haben Ihnen einen Coupon angeboten{product}.",
        "en": "We offered you a coupon{product}.",
    },
    "coupon_take": {
        "de": "Sie haben den Coupon genommen{product}.",
        "en": "You took the coupon{product}.",
    },
    "coupon_ignore": {
        "de": "Sie haben den Coupon liegen lassen{product}.",
        "en": "You left the coupon lying there{product}.",
    },
    "coupon_product": {"de": " (für {product})", "en": " (for {product})"},
    "coupon_reason": {
        "de": " Grund: {reason}; Ihre Preisempfindlichkeit: {sensitivity}.",
        "en": " Reason: {reason}; your price sensitivity: {sensitivity}.",
    },
    "price_look": {
        "de": "Sie haben auf den Preis geschaut: {product} für {price} (Normalpreis {normal}).",
        "en": "You checked the price: {product} at {price} (normal price {normal}).",
    },
    "price_shown": {
        "de": "Wir haben Ihnen {product} für {price} angezeigt (Normalpreis {normal}; "
        "Regel: {reason}).",
        "en": "We showed you {product} at {price} (normal price {normal}; rule: {reason}).",
    },
    "price_set": {
        "de": "Wir haben Ihren Preis für {product} auf {price} festgesetzt (Normalpreis "
        "{normal}; Regel: {reason}).",
        "en": "We set your price for {product} at {price} (normal price {normal}; rule: {reason}).",
    },
    "price_change": {
        "de": "Wir haben Ihren Preis für {product} von {old} auf {price} geändert "
        "(Normalpreis {normal}; Regel: {reason}).",
        "en": "We changed your price for {product} from {old} to {price} "
        "(normal price {normal}; rule: {reason}).",
    },
    "claim_use": {
        "de": "Ein Text hat verwendet, was wir über Sie wissen: {claims}.",
        "en": "A text used what we know about you: {claims}.",
    },
    "save": {"de": "Sie haben den Spielstand gespeichert.", "en": "You saved the game."},
    "quit": {"de": "Sie haben das Spiel beendet.", "en": "You quit the game."},
    "other": {
        "de": "Wir haben etwas über Sie protokolliert.",
        "en": "We logged something about you.",
    },
    # What the shop wrote down (a pack's note:) and passed on (share:).
    "note": {"de": "Notiert: „{words}“.", "en": "Noted: “{words}”."},
    "transfer": {
        "de": "An {recipient} weitergegeben: {claims}.",
        "en": "Passed on to {recipient}: {claims}.",
    },
    "contest": {
        "de": "Sie haben ein Recht ausgeübt: {right}, gegen unseren Schluss „{conclusion}“.",
        "en": "You exercised a right: {right}, against our conclusion “{conclusion}”.",
    },
    "undo": {
        "de": "Sie haben Ihre letzte Entscheidung rückgängig gemacht – für sich. "
        "Wir haben alles behalten.",
        "en": "You undid your last decision – for yourself. We kept everything.",
    },
}

#: Durations in the timeline's sentences.
SECONDS_WORDS: dict[str, dict[str, str]] = {
    "one": {"de": "1 Sekunde", "en": "1 second"},
    "many": {"de": "{n} Sekunden", "en": "{n} seconds"},
}

#: What the shop reads from the device at the door (``session_start``), in words.
DEVICE_FEATURE_LABELS: dict[str, dict[str, str]] = {
    "terminal": {"de": "Fenstergröße", "en": "window size"},
    "colors": {"de": "Farbtiefe", "en": "colour depth"},
    "term": {"de": "Terminalprogramm", "en": "terminal program"},
    "locale": {"de": "Spracheinstellung", "en": "language setting"},
    "timezone": {"de": "Zeitzone", "en": "time zone"},
    "time_of_day": {"de": "Tageszeit", "en": "time of day"},
    "os": {"de": "Betriebssystem", "en": "operating system"},
    "screen": {"de": "Bildschirmgröße", "en": "screen size"},
    "window": {"de": "Fenstergröße", "en": "window size"},
    "pixel_ratio": {"de": "Pixeldichte", "en": "pixel ratio"},
    "languages": {"de": "Sprachen", "en": "languages"},
    "touch": {"de": "Touchscreen", "en": "touch screen"},
    "platform": {"de": "Plattform", "en": "platform"},
    "other": {"de": "weitere Merkmale", "en": "other features"},
}

#: Fallbacks when the story has no words for something (never the bare id).
FALLBACK_WORDS: dict[str, dict[str, str]] = {
    "choice": {"de": "eine Auswahl", "en": "an option"},
    "scene": {"de": "einen Ort im Kaufhaus", "en": "a place in the shop"},
    "product": {"de": "ein Produkt", "en": "a product"},
    "claim": {"de": "eine Angabe aus Ihrer Akte", "en": "a detail from your file"},
    "note": {"de": "eine Notiz", "en": "a note"},
    "recipient": {"de": "einen Empfänger", "en": "a recipient"},
    "conclusion": {"de": "ein Schluss", "en": "a conclusion"},
    "right": {"de": "ein Recht", "en": "a right"},
}

#: Whether the cookie of an earlier visit held a product ("cookie" claims).
COOKIE_HELD: dict[str, dict[str, str]] = {
    "yes": {"de": "steht drin", "en": "is in it"},
    "no": {"de": "steht nicht drin", "en": "is not in it"},
}

#: A contest of a conclusion the file no longer holds (the story changed since).
CONTEST_GONE: dict[str, str] = {
    "de": "Diesen Schluss führen wir nicht mehr. Ihr Widerspruch bleibt trotzdem in Ihrer Akte.",
    "en": "We no longer hold this conclusion. Your contest stays in your file all the same.",
}

#: What a used claim said about the player (``{product}`` and ``{value}`` filled in).
CLAIM_WORDS: dict[str, dict[str, str]] = {
    "interest": {
        "de": "Ihr Interesse an „{product}“ ({value})",
        "en": "your interest in '{product}' ({value})",
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
    "coupons_taken": {
        "de": "Von Ihnen genommene Coupons: {value}",
        "en": "coupons you took: {value}",
    },
    "observed": {
        "de": "Beobachtungen in Ihrer Akte (Zeilen „beobachtet“) bis dahin: {value}",
        "en": "observations in your file (rows marked 'observed') so far: {value}",
    },
    "seconds": {
        "de": "Ihre Verweildauer – {product}: {value}",
        "en": "your time spent – {product}: {value}",
    },
    "seen": {
        "de": "Von Ihnen angesehen: {product}",
        "en": "looked at by you: {product}",
    },
    # The same two about a place (a scene), not a thing: "looked at by you:
    # Paid cash" put a scene's title where an object belongs (playtest 4).
    "seconds_place": {
        "de": "Ihre Verweildauer bei „{product}“: {value}",
        "en": "your time at '{product}': {value}",
    },
    "seen_place": {
        "de": "Eine Station Ihres Besuchs: „{product}“",
        "en": "a stop on your visit: '{product}'",
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
    "next_visit": {
        "de": "Ihr nächster Besuch: in etwa {value} Tagen",
        "en": "your next visit: in about {value} days",
    },
    "customer_value": {"de": "Ihr Kundenwert: {value}", "en": "your customer value: {value}"},
    "note": {"de": "unsere Notiz: „{value}“", "en": "our note: “{value}”"},
    "sent": {"de": "an {recipient} gegangen: {value}", "en": "sent to {recipient}: {value}"},
    "cookie": {
        "de": "„{product}“ im Cookie vom letzten Besuch: {value}",
        "en": "'{product}' in the cookie from last time: {value}",
    },
    "cookie_any": {
        "de": "Produkte, an denen Sie laut Cookie vom letzten Besuch interessiert waren: {value}",
        "en": "products the cookie from last time says you were interested in: {value}",
    },
    "purchase": {"de": "Ihre Einkäufe bei uns: {value}", "en": "your purchases with us: {value}"},
    "purchase_of": {"de": "Von Ihnen gekauft: {product}", "en": "bought by you: {product}"},
    "customer_number": {"de": "Ihre Kundennummer: {value}", "en": "your customer number: {value}"},
    "identity": {"de": "Ihre Angabe: {value}", "en": "what you told us: {value}"},
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

#: The controller's note in browser play (``kaufhaus serve``): the game ran on the
#: teacher's laptop, so that is where the data is.
CONTROLLER_NOTE_CLASS = {
    "de": "Ein Spiel. Diese Daten bleiben auf dem Rechner Ihrer Lehrkraft; "
    "an niemanden sonst gingen sie.",
    "en": "A game. This data stays on your teacher's computer; it went to nobody else.",
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

#: The recipients' DPV roles in words.
#: What a story's recipient does, where the pack does not say.
STORY_RECIPIENT_DOES: dict[str, str] = {
    "de": "bekommt, was die Geschichte ihm schickt",
    "en": "gets what the story sends it",
}

ROLE_LABELS: dict[str, dict[str, str]] = {
    "dpv:DataProcessor": {"de": "Auftragsverarbeiter", "en": "processor"},
    "dpv:ThirdParty": {"de": "Dritter", "en": "third party"},
}

#: Where the advertising network's partners sit, when the profile went to them.
THIRD_COUNTRIES: tuple[dict[str, Any], ...] = (
    {"code": "US", "name": {"de": "Vereinigte Staaten", "en": "United States"}},
    {"code": "IN", "name": {"de": "Indien", "en": "India"}},
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
    "shop, or typed in by you – and we inferred the rest from that.",
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
        "de": "Tragweite: Sie zahlen einen anderen Preis als ein Kunde, über "
        "den wir nichts wissen, und sehen andere Angebote.",
        "en": "Significance: you pay a different price from a customer we know "
        "nothing about, and you see different offers.",
    },
    "art22_prices": {
        "de": "Ihre Preise beruhen allein auf dem Automaten und auf unserem „berechtigten "
        "Interesse“. Art. 22 Abs. 2 DSGVO erlaubt eine solche Entscheidung nur für einen "
        "Vertrag, auf Grund eines Gesetzes oder mit Ihrer ausdrücklichen Einwilligung – ein "
        "berechtigtes Interesse gehört nicht dazu (EuGH, C-634/21). Wir hätten so nicht "
        "entscheiden dürfen.",
        "en": "Your prices rest on the machine alone and on our “legitimate interest”. Art. "
        "22(2) GDPR allows such a decision only for a contract, under a law or with your "
        "explicit consent – legitimate interest is not among them (CJEU, C-634/21). We "
        "should not have decided like that.",
    },
    "art22_none": {
        "de": "Über Ihren Preis hat in dieser Sitzung kein Automat anders entschieden als "
        "für einen Kunden, über den wir nichts wissen.",
        "en": "In this session no machine decided your price differently from a customer "
        "we know nothing about.",
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
        "first_layer_note": "Das Wichtigste auf den ersten Seiten; die vollständige Akte "
        "folgt im Anhang.",
        "appendix": "Anhang",
        "appendix_title": "Anhang: die vollständige Akte",
        "appendix_intro": "Jede Angabe, auf die sich die ersten Seiten stützen – die Zahlen "
        "verweisen auf die Zeitleiste (Anhang {timeline}).",
        "conclusions_intro": "Jeder Schluss mit Zweck und Rechtsgrundlage; Begründung und "
        "Belege stehen in Anhang {detail}.",
        "conclusions_detail": "Unsere Schlüsse im Einzelnen",
        "art9_unlawful": "besondere Kategorie (Art. 9) ohne Ausnahme: unzulässig",
        "contests": "Ihre Widersprüche",
        "contests_none": "Sie haben noch keinem unserer Schlüsse widersprochen. Im Spiel geht "
        "das in der Enthüllung, Reiter „Widerspruch“.",
        "contest_answer": "Unsere Antwort",
        "contest_law": "Was das Recht sagt",
        "contact": "Kontakt",
        "complaint": "Beschwerde: bei einer Datenschutz-Aufsichtsbehörde, etwa der Ihres "
        "Bundeslandes (Art. 77 DSGVO).",
        "decisions": "Entscheidungen über Sie",
        "decision_text": "Text für Sie umgeschrieben",
        "decision_price": "persönlicher Preis",
        "decision_coupon": "Coupon angeboten",
        "decision_payment": "bezahlt, anders als ein neutraler Kunde",
        "after_refusal_marked": "In der Zeitleiste ist jedes dieser Ereignisse mit „nach "
        "Ablehnung“ markiert.",
        "countries": "Drittländer",
        "evidence_count": "{n} {n|Beleg|Belege}",
        "file_for_machines": "Für Maschinen: dieselbe Akte als JSON-LD mit den Begriffen des "
        "W3C-Datenschutzvokabulars (DPV {version}); Ihre Daten zum Mitnehmen als eigene Datei.",
        "doc_title": "Ihre Akte",
        "doc_subtitle": "Auskunft nach Art. 15 DSGVO – Kaufhaus Internet",
        "fiction": "Ein Spiel. Das Kaufhaus, seine Partner und diese Auskunft sind erfunden; "
        "die Fälle in den Realitäts-Checks sind es nicht.",
        "toc": "Inhalt",
        "summary": "Die Sitzung in Zahlen",
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
        "{total} {total|Ereignis|Ereignissen} weiterverarbeitet – für Zwecke, die keine "
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
        "received": "Daten für seinen Zweck verarbeitet oder übermittelt",
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
        "neutral_price": "neutraler Kunde",
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
        "shown": "Was Sie gesehen haben – und ein neutraler Kunde",
        "shown_intro": "Für jede Szene: der Text, den Sie bekamen, und der Text für einen "
        "Kunden, über den wir nichts wissen.",
        "you_saw": "Sie sahen",
        "neutral_saw": "Ein neutraler Kunde sah",
        "same_text": "Derselbe Text wie für einen neutralen Kunden.",
        "personalised": "für Sie umgeschrieben",
        "differs": "anders als bei einem neutralen Kunden",
        "reality": "Realitäts-Check",
        "reality_intro": "Das Spiel übertreibt. Diese Karten sagen, was nicht übertrieben ist.",
        "reality_none": "Diese Sitzung hat keinen Mechanismus ausgelöst. Respekt.",
        "triggered_by": "Ausgelöst durch",
        "sources": "Quellen",
        "timeline": "Zeitleiste aller Ereignisse",
        "charts": "Auf einen Blick: Zeit, Interesse, Weg",
        "chart_dwell": "Wo Sie wie lange standen (Sekunden je Szene)",
        "chart_interest": "Wann wir Interesse notierten (Ereignisse je Abschnitt der Sitzung)",
        "chart_route": "Ihr Weg durch das Kaufhaus",
        "chart_more": "… und {n} {n|weitere Station|weitere Stationen}",
        "chart_none": "Dazu gibt es in dieser Sitzung nichts zu zeichnen.",
        "number": "Nr.",
        "time": "Zeit",
        "scene": "Szene",
        "event": "Ereignis",
        "for": "verarbeitet für",
        "basis": "Grundlage",
        "after_refusal_mark": "nach Ablehnung",
        "rights": "Ihre Rechte",
        "footer": "Erzeugt von {generator}, Format {format} v{version}. Alle Angaben sind aus "
        "dem Spielprotokoll berechnet; ein zweiter Export derselben Sitzung am selben Tag ist "
        "Zeichen für Zeichen gleich.",
        "namespaces": "DPV-Namensräume: dpv: = {dpv}, pd: = {pd}",
        "more": "… und {count} weitere",
        "confirmation": "Bestätigung",
        "money_total": "Bezahlt: {paid} – ein Kunde, über den wir nichts wissen: {neutral}",
        "origin_col": "Herkunft",
        "rights_detail": "Ihre Rechte im Einzelnen",
        "article": "Artikel",
        "right": "Recht",
        "how": "So geht es",
        "retention": "Speicherdauer und Kriterien",
        "what": "Was",
        "period": "Dauer",
        "criteria": "Kriterium",
        "transfers": "Übermittlung in Drittländer (Art. 15 Abs. 2)",
        "safeguard": "Garantie",
        "shop_cookie": "Unser Cookie",
        "portability": "Ihre Daten zum Mitnehmen (Art. 20)",
        "portability_how": "Im JSON-Export unter „portability“: {events} Ereignisse, was Sie "
        "eingetippt haben und was wir beobachtet haben – ohne unsere Schlüsse.",
        "coupon_logic": "Coupons",
        "original_language": "Originalsprache: Deutsch",
        "formula": "Formel",
        "page": "Seite",
        "quoted_as_read": "Sie haben auf Englisch gespielt; die Szenentexte stehen hier so, "
        "wie Sie sie gelesen haben.",
    },
    "en": {
        "first_layer_note": "What matters most is on the first pages; the full file follows "
        "in the appendix.",
        "appendix": "Appendix",
        "appendix_title": "Appendix: the full file",
        "appendix_intro": "Every detail the first pages rest on – the numbers refer to the "
        "timeline (appendix {timeline}).",
        "conclusions_intro": "Every conclusion with its purpose and legal basis; the reasons "
        "and the evidence are in appendix {detail}.",
        "conclusions_detail": "Our conclusions in detail",
        "art9_unlawful": "special category (Art. 9) with no condition: unlawful",
        "contests": "Your contests",
        "contests_none": "You have not contested any of our conclusions yet. In the game you "
        "can, in the reveal, tab “Contest”.",
        "contest_answer": "Our answer",
        "contest_law": "What the law says",
        "contact": "Contact",
        "complaint": "Complaints: to a data protection supervisory authority, for instance "
        "where you live (Art. 77 GDPR).",
        "decisions": "Decisions about you",
        "decision_text": "text rewritten for you",
        "decision_price": "personal price",
        "decision_coupon": "coupon offered",
        "decision_payment": "paid, unlike a neutral shopper",
        "after_refusal_marked": "In the timeline each of these events is marked “after refusal”.",
        "countries": "Third countries",
        "evidence_count": "{n} {n|piece|pieces} of evidence",
        "file_for_machines": "For machines: the same file as JSON-LD in the terms of the W3C "
        "data privacy vocabulary (DPV {version}); your data to take with you as a file of its "
        "own.",
        "doc_title": "Your file",
        "doc_subtitle": "Access request under Art. 15 GDPR – Kaufhaus Internet",
        "fiction": "A game. The shop, its partners and this response are made up; the cases "
        "in the reality checks are not.",
        "toc": "Contents",
        "summary": "The session in figures",
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
        "{processed} of {total} {total|event|events} – for purposes that need no consent.",
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
        "received": "data processed for its purpose or sent to it",
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
        "charts": "At a glance: time, interest, route",
        "chart_dwell": "Where you stood and for how long (seconds per scene)",
        "chart_interest": "When we noted interest (events per slice of the session)",
        "chart_route": "Your route through the shop",
        "chart_more": "… and {n} {n|more stop|more stops}",
        "chart_none": "Nothing to draw from this session.",
        "number": "No.",
        "time": "Time",
        "scene": "Scene",
        "event": "Event",
        "for": "processed for",
        "basis": "Basis",
        "after_refusal_mark": "after refusal",
        "rights": "Your rights",
        "footer": "Generated by {generator}, format {format} v{version}. Everything here is "
        "computed from the game's log; exporting the same session again on the same day "
        "gives the same file, character for character.",
        "namespaces": "DPV namespaces: dpv: = {dpv}, pd: = {pd}",
        "more": "… and {count} more",
        "confirmation": "Confirmation",
        "money_total": "Paid: {paid} – a customer we know nothing about: {neutral}",
        "origin_col": "Origin",
        "rights_detail": "Your rights in detail",
        "article": "Article",
        "right": "Right",
        "how": "How",
        "retention": "Storage periods and criteria",
        "what": "What",
        "period": "Period",
        "criteria": "Criterion",
        "transfers": "Transfers to third countries (Art. 15(2))",
        "safeguard": "Safeguard",
        "shop_cookie": "Our cookie",
        "portability": "Your data to take with you (Art. 20)",
        "portability_how": "In the JSON export under “portability”: {events} events, what you "
        "typed and what we observed – without our conclusions.",
        "coupon_logic": "Coupons",
        "original_language": "original in German",
        "formula": "Formula",
        "page": "Page",
        "quoted_as_read": "You played in German; the scene texts below are quoted as you read "
        "them.",
    },
}


# ------------------------------------------------------------------ Art. 15 in full
#: Art. 15(1): the explicit confirmation that comes first (EDPB Guidelines 01/2022).
CONFIRMATION: dict[str, dict[str, str]] = {
    "no": {
        "de": "Nein. Über Sie haben wir in dieser Sitzung nichts protokolliert.",
        "en": "No. We logged nothing about you in this session.",
    },
    "yes": {
        "de": "Ja. Wir verarbeiten personenbezogene Daten über Sie: {events} protokollierte "
        "Ereignisse und {inferences} Schlussfolgerungen in dieser Sitzung.",
        "en": "Yes. We process personal data about you: {events} logged events and "
        "{inferences} conclusions in this session.",
    },
}

#: Art. 12(3): the answer is dated, so the reader sees it came within the month.
RESPONSE_DATED: dict[str, str] = {
    "de": "Auskunft erteilt am {date}, innerhalb der Monatsfrist des Art. 12 Abs. 3 DSGVO: "
    "Sie haben sie am Ende Ihres Besuchs verlangt.",
    "en": "Response given on {date}, within the one month of Art. 12(3) GDPR: you asked "
    "for it at the end of your visit.",
}
RESPONSE_UNDATED: dict[str, str] = {
    "de": "Auskunft nach Art. 15 DSGVO, erteilt am Ende Ihres Besuchs (Art. 12 Abs. 3: "
    "binnen eines Monats).",
    "en": "Response under Art. 15 GDPR, given at the end of your visit (Art. 12(3): within "
    "one month).",
}
#: Art. 15(4): the copy must not adversely affect the rights and freedoms of others.
ART15_4: dict[str, str] = {
    "de": "Art. 15 Abs. 4 DSGVO: Ihre Kopie darf die Rechte anderer nicht beeinträchtigen. "
    "Diese Akte enthält nur Daten über Sie; die erfundenen Partner nennen wir mit Namen, "
    "andere Kundinnen und Kunden nicht.",
    "en": "Art. 15(4) GDPR: your copy must not adversely affect the rights of others. This "
    "file holds data about you only; the made-up partners are named, other customers are "
    "not.",
}
MONTHS: tuple[dict[str, str], ...] = (
    {"de": "Januar", "en": "January"},
    {"de": "Februar", "en": "February"},
    {"de": "März", "en": "March"},
    {"de": "April", "en": "April"},
    {"de": "Mai", "en": "May"},
    {"de": "Juni", "en": "June"},
    {"de": "Juli", "en": "July"},
    {"de": "August", "en": "August"},
    {"de": "September", "en": "September"},
    {"de": "Oktober", "en": "October"},
    {"de": "November", "en": "November"},
    {"de": "Dezember", "en": "December"},
)

#: Art. 9 conclusions: no condition of Art. 9(2) holds, whatever the shop's basis.
ART9_NOTES: dict[str, dict[str, str]] = {
    "legitimate_interest": {
        "de": "Art. 9 DSGVO kennt kein berechtigtes Interesse, und keine andere Ausnahme "
        "nach Art. 9 Abs. 2 greift: Diese Verarbeitung ist unzulässig. Sie können die "
        "Löschung verlangen (Art. 17 Abs. 1 lit. d).",
        "en": "Art. 9 GDPR knows no legitimate interest, and no other condition of Art. 9(2) "
        "applies: this processing is unlawful. You can have it erased (Art. 17(1)(d)).",
    },
    "consent": {
        "de": "Art. 9 Abs. 2 lit. a verlangt eine ausdrückliche Einwilligung – eine Antwort am "
        "Cookie-Banner ist das nicht, und eine andere Ausnahme greift nicht: Diese "
        "Verarbeitung ist unzulässig. Sie können die Löschung verlangen (Art. 17 Abs. 1 "
        "lit. d).",
        "en": "Art. 9(2)(a) requires explicit consent – an answer at the cookie banner is not "
        "that, not even “Accept all”, and "
        "no other condition applies: this processing is unlawful. You can have it erased "
        "(Art. 17(1)(d)).",
    },
    "other": {
        "de": "Besondere Kategorie nach Art. 9 DSGVO, und keine Ausnahme nach Art. 9 Abs. 2 "
        "greift: Diese Verarbeitung ist unzulässig. Sie können die Löschung verlangen "
        "(Art. 17 Abs. 1 lit. d).",
        "en": "A special category under Art. 9 GDPR, and no condition of Art. 9(2) applies: "
        "this processing is unlawful. You can have it erased (Art. 17(1)(d)).",
    },
}

#: How long each kind of data is kept, and by which criterion (Art. 15(1)(d)).
RETENTION: tuple[dict[str, object], ...] = (
    {
        "id": "log",
        "applies_to": ("dpv:ObservedPersonalData",),
        "what": {"de": "Das Protokoll Ihrer Schritte", "en": "The log of your steps"},
        "period": {
            "de": "Bis Sie wieder zögern – mindestens bis zur nächsten Salatschleuder-Aktion.",
            "en": "Until you hesitate again – at least until the next salad-spinner promotion.",
        },
        "criteria": {
            "de": "In Wirklichkeit: im Spielstand-Ordner auf diesem Rechner, bis Sie ihn mit "
            "„kaufhaus forget“ löschen. Kein Ablaufdatum.",
            "en": "In reality: in the save folder on this computer until you delete it with "
            "“kaufhaus forget”. No expiry date.",
        },
    },
    {
        "id": "typed",
        "applies_to": ("dpv:ProvidedPersonalData",),
        "what": {
            "de": "Was Sie eingetippt haben (Name, E-Mail-Adresse)",
            "en": "What you typed (name, e-mail address)",
        },
        "period": {
            "de": "Für die Kundenkarte: lebenslang. Ihres, nicht unseres.",
            "en": "For the loyalty card: for life. Yours, not ours.",
        },
        "criteria": {
            "de": "In Wirklichkeit: im Spielstand, bis Sie ihn löschen; der Cookie enthält es nie.",
            "en": "In reality: in the save until you delete it; the cookie never holds it.",
        },
    },
    {
        "id": "inferences",
        "applies_to": ("dpv:InferredPersonalData",),
        "what": {
            "de": "Unsere Schlussfolgerungen und Ihre Preise",
            "en": "Our conclusions and your prices",
        },
        "period": {
            "de": "Werden bei jedem Schritt neu berechnet und nie vergessen.",
            "en": "Recomputed at every step and never forgotten.",
        },
        "criteria": {
            "de": "In Wirklichkeit: nicht gespeichert, sondern aus dem Protokoll neu berechnet, "
            "solange es den Spielstand gibt.",
            "en": "In reality: not stored but recomputed from the log for as long as the save "
            "exists.",
        },
    },
    {
        "id": "cookie",
        "applies_to": ("pd:PrivacyPreference", "pd:Interest"),
        "what": {"de": "Unser Cookie", "en": "Our cookie"},
        "period": {
            "de": "Bis zu Ihrem nächsten Besuch, und dann bis zum übernächsten.",
            "en": "Until your next visit, and then until the one after.",
        },
        "criteria": {
            "de": "In Wirklichkeit: die Datei kaufhaus-cookie.json im Spielstand-Ordner, bis "
            "„kaufhaus forget“ sie löscht.",
            "en": "In reality: the file kaufhaus-cookie.json in the save folder, until "
            "“kaufhaus forget” deletes it.",
        },
    },
)

#: The shop's own cookie, which it leaves even after "Necessary only".
SHOP_COOKIE: dict[str, dict[str, str]] = {
    "what": {
        "de": "Am Ende jedes Besuchs legen wir die Datei kaufhaus-cookie.json in Ihren "
        "Spielstand-Ordner – auch wenn Sie „Nur notwendige“ gewählt haben. Darin: wie oft Sie "
        "schon hier waren; mit Einwilligung in die Personalisierung auch Ihre fünf "
        "Lieblingsprodukte. Beim nächsten Besuch lesen wir ihn, bevor Sie das Banner sehen.",
        "en": "At the end of every visit we put the file kaufhaus-cookie.json into your save "
        "folder – even if you chose “Necessary only”. It holds how often you have been "
        "here; with consent to personalisation also your five favourite products. On your "
        "next visit we read it before you see the banner.",
    },
    "basis_text": {
        "de": "Wir nennen das „notwendig“. Ein Besuchszähler ist für den Einkauf nicht "
        "notwendig; ein echter Shop bräuchte dafür Ihre Einwilligung (Art. 5 Abs. 3 "
        "ePrivacy-Richtlinie, § 25 TDDDG).",
        "en": "We call that “necessary”. A visit counter is not necessary for shopping; a "
        "real shop would need your consent for it (Art. 5(3) ePrivacy Directive).",
    },
    "how": {
        "de": "Löschen: „kaufhaus forget“ – dann vergessen wir Sie. Bis zum nächsten Besuch.",
        "en": "Delete it: “kaufhaus forget” – then we forget you. Until your next visit.",
    },
}

#: Art. 15(2): transfers to third countries, and the safeguards.
TRANSFERS: dict[str, dict[str, str]] = {
    "what": {
        "de": "Für Werbung haben wir Ihre Daten verarbeitet, und zwar im Werbeverbund (das "
        "Targeting-Team und seine Posten in der Stadt). Der Werbeverbund gibt die Profile, "
        "die er bekommt, an Partner in den Vereinigten Staaten und in Indien weiter. Für "
        "keines der beiden Länder gibt es einen Angemessenheitsbeschluss, der diese Partner "
        "deckt.",
        "en": "We processed your data for advertising, within the advertising network (the "
        "targeting team and its posts around town). The network passes the profiles it gets "
        "on to partners in the United States and in India. No adequacy decision covers these "
        "partners in either country.",
    },
    "safeguard": {
        "de": "Standardvertragsklauseln (Art. 46 Abs. 2 lit. c DSGVO). Eine Kopie erhalten Sie "
        "auf Anfrage. Per Fax.",
        "en": "Standard contractual clauses (Art. 46(2)(c) GDPR). You can have a copy on "
        "request. By fax.",
    },
    "none": {
        "de": "Sie haben keine Werbung erlaubt, also ging nichts an den Werbeverbund – und "
        "nichts in ein Drittland.",
        "en": "You did not allow advertising, so nothing went to the advertising network – and "
        "nothing to a third country.",
    },
    "note": {
        "de": "Erfunden, wie alle Empfänger. Das Spiel hat nichts übertragen.",
        "en": "Made up, like every recipient. The game transmitted nothing.",
    },
}

#: Every right, with what it means here (the satire) and how to use it (for real).
RIGHTS_DETAIL: tuple[dict[str, object], ...] = (
    {
        "id": "access",
        "article": {"de": "Art. 15 Abs. 3 DSGVO", "en": "Art. 15(3) GDPR"},
        "label": {"de": "Auskunft und Kopie", "en": "Access and a copy"},
        "how": {
            "de": "Diese Akte ist Ihre Kopie, als JSON, Markdown und HTML. Jede weitere Kopie "
            "kostet ein „angemessenes Entgelt“: eine Salatschleuder.",
            "en": "This file is your copy, as JSON, Markdown and HTML. Every further copy costs "
            "a “reasonable fee”: one salad spinner.",
        },
    },
    {
        "id": "rectification",
        "article": {"de": "Art. 16 DSGVO", "en": "Art. 16 GDPR"},
        "label": {"de": "Berichtigung", "en": "Rectification"},
        "how": {
            "de": "Sie dürfen unrichtige Daten berichtigen lassen – auch unsere Schlüsse über Sie.",
            "en": "You may have inaccurate data corrected – our conclusions about you included.",
        },
    },
    {
        "id": "erasure",
        "article": {"de": "Art. 17 DSGVO", "en": "Art. 17 GDPR"},
        "label": {"de": "Löschung", "en": "Erasure"},
        "how": {
            "de": "„kaufhaus forget“ löscht Spielstände, Exporte und unseren Cookie.",
            "en": "“kaufhaus forget” deletes saves, exports and our cookie.",
        },
    },
    {
        "id": "restriction",
        "article": {"de": "Art. 18 DSGVO", "en": "Art. 18 GDPR"},
        "label": {"de": "Einschränkung der Verarbeitung", "en": "Restriction of processing"},
        "how": {
            "de": "Solange Sie die Richtigkeit bestreiten, dürfen wir Ihre Daten nur speichern.",
            "en": "While you contest their accuracy, we may only store your data.",
        },
    },
    {
        "id": "portability",
        "article": {"de": "Art. 20 DSGVO", "en": "Art. 20 GDPR"},
        "label": {"de": "Datenübertragbarkeit", "en": "Data portability"},
        "how": {
            "de": "Was Sie angegeben haben und was wir beobachtet haben, bekommen Sie als "
            "eigene Datei zum Mitnehmen (portability.json) – ohne unsere Schlüsse. Auf Wunsch "
            "schicken wir sie direkt an einen anderen Anbieter (Art. 20 Abs. 2).",
            "en": "What you provided and what we observed you get as a file of its own to "
            "take with you (portability.json) – without our conclusions. On request we send "
            "it straight to another provider (Art. 20(2)).",
        },
    },
    {
        "id": "object",
        "article": {"de": "Art. 21 DSGVO", "en": "Art. 21 GDPR"},
        "label": {"de": "Widerspruch", "en": "Objection"},
        "how": {
            "de": "Gegen alles, was wir auf berechtigtes Interesse stützen – auch die Preise. "
            "Gegen Direktwerbung ohne Begründung. Wir nehmen Widersprüche gern per Fax entgegen.",
            "en": "To everything we base on legitimate interest – the prices included. To direct "
            "marketing without giving reasons. We are happy to receive objections by fax.",
        },
    },
    {
        "id": "human_intervention",
        "article": {"de": "Art. 22 DSGVO", "en": "Art. 22 GDPR"},
        "label": {
            "de": "Keine Entscheidung allein durch Maschine",
            "en": "No decision by machine alone",
        },
        "how": {
            "de": "Eine Entscheidung allein durch den Automaten, die Sie erheblich "
            "beeinträchtigt, müssen Sie nicht hinnehmen. Für Ihre Preise, gestützt auf "
            "„berechtigtes Interesse“, war sie gar nicht erlaubt (Art. 22 Abs. 2). Wo sie "
            "erlaubt ist, dürfen Sie verlangen, dass ein Mensch eingreift (Abs. 3). Der Mensch "
            "ist gerade beim Targeting-Team.",
            "en": "You need not accept a decision by machine alone that significantly affects "
            "you. For your prices, resting on “legitimate interest”, it was not allowed at all "
            "(Art. 22(2)). Where it is allowed, you may have a human step in (Art. 22(3)). The "
            "human is with the targeting team at the moment.",
        },
    },
    {
        "id": "withdraw_consent",
        "article": {"de": "Art. 7 Abs. 3 DSGVO", "en": "Art. 7(3) GDPR"},
        "label": {"de": "Widerruf der Einwilligung", "en": "Withdrawing consent"},
        "how": {
            "de": "Jederzeit, und so einfach wie die Einwilligung. Das Banner steht am Eingang.",
            "en": "At any time, and as easily as you gave it. The banner is at the entrance.",
        },
    },
    {
        "id": "complaint",
        "article": {"de": "Art. 77 DSGVO", "en": "Art. 77 GDPR"},
        "label": {"de": "Beschwerde", "en": "Complaint"},
        "how": {
            "de": "Bei einer Datenschutz-Aufsichtsbehörde, etwa der Ihres Bundeslandes.",
            "en": "With a data protection supervisory authority, for instance where you live.",
        },
    },
)

#: Art. 20: what the portable part holds, and what it leaves out.
PORTABILITY_TEXT: dict[str, str] = {
    "de": "Zum Mitnehmen (Art. 20 DSGVO): eine eigene Datei, portability.json, mit dem, was "
    "Sie angegeben haben und was wir beobachtet haben – {events} Ereignisse. Nicht dabei: "
    "unsere {inferences} Schlussfolgerungen und unsere eigenen Aufzeichnungen (Preise, "
    "verwendete Angaben); die stehen nur in dieser Auskunft.",
    "en": "To take with you (Art. 20 GDPR): a file of its own, portability.json, with what you "
    "provided and what we observed – {events} events. Not included: our {inferences} "
    "conclusions and our own records (prices, details used); those are only in this "
    "response.",
}

#: Art. 15(1)(h) for the coupon: when one is offered, and what it costs to refuse it.
COUPON_LOGIC: dict[str, str] = {
    "de": "Ein Coupon wird angeboten, wenn Sie preisempfindlich wirken (mindestens "
    "50\u00a0%) und Ihre Zahlungsbereitschaft zwischen 15\u00a0% und 85\u00a0% liegt. Dann "
    "sehen Sie den Normalpreis; den Rabatt von {coupon}\u00a0% bekommen Sie nur, wenn Sie "
    "den Coupon nehmen. Wer ihn liegen lässt, zahlt also mehr als nötig.",
    "en": "A coupon is offered when you seem price-sensitive (at least 50%) and your willingness "
    "to pay lies between 15% and 85%. You then see the normal price; the {coupon}% "
    "discount is yours only if you take the coupon. Leave it lying there and you pay more "
    "than you had to.",
}

#: The engine writes its rules in German (``R-VIS: 14 Tage × …``); English
#: readers get them in English. Keyed by rule id; the numbers are the engine's.
RULE_FORMULAS_EN: dict[str, str] = {
    "R-INT": "examine 1.0 + 0.08/s, highlight 0.5, point 0.3, choice 1.5, price 0.6, "
    "shop window 0.06/s, basket 2.5; half-life 5 min",
    "R-SEN": "interest in a product of a special category (Art. 9 GDPR)",
    "R-BUY": "logistic function of interest, category, twitches, price checks, basket, "
    "cross-selling and price sensitivity",
    "R-CAT": "sum of the category's product interests",
    "R-WTP": "like R-BUY, but without consent (“legitimate interest”)",
    "R-PRS": "price checks 0.45, coupons 1.2, hesitation 0.25, going back 0.3, purchase −0.9",
    "R-MOO": "mean hesitation before decisions, turning back, idling",
    "R-LOC": "Wi-Fi/beacon location of the departments (parody)",
    "R-CLV": "basket + ½ × willingness to pay × price, per product",
    "R-NXT": "interest in the product + ½ interest in its category, not in the basket",
    "R-VIS": "14 days × (1 − purchase probability of the most wanted product)",
    "R-ID": "typed in yourself (at the loyalty desk or for the coupon)",
    "R-RET": "cookie “kaufhaus-cookie” from an earlier visit, read before the consent question",
    "R-FPR": "terminal size, colours, TERM, language, time zone, time of day, system",
    "R-SEG": "thresholds over the features",
    "R-NOT": "written down by staff, word for word",
    "R-SAG": "said by you, written down by staff",
    "R-KNR": "customer number from the device fingerprint (a checksum of its features)",
}

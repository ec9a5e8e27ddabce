"""Contesting the shop's conclusions, and where the shop was plainly wrong.

Three rights a person has against a conclusion drawn about them – have it
corrected (Art. 16 GDPR), object to the processing (Art. 21; for a purpose
resting on consent the right is withdrawal, Art. 7(3)), and not be left to a
machine alone (Art. 22, with human intervention under Art. 22(3)). The shop
answers each in character – that answer is the satire – and beside it the
law is stated as it is, so nobody leaves the game believing the shop.

"Where the shop was wrong" sets conclusions against what the log shows the
player actually did (a 97 % purchase probability for something never bought;
a "bargain hunter" who paid the surcharge). Only what the file proves is
called wrong.

Front-end neutral (no Textual): the reveal shows it, plain mode prints it.
Works on dossier rows (``build_dossier(game)["inferences"]`` and friends).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

LANGS = ("de", "en")

#: The rights, in the order the reveal offers them (keys 1, 2, 3).
RIGHTS: tuple[str, ...] = ("rectify", "object", "human")

RIGHT_NAMES: dict[str, dict[str, str]] = {
    "rectify": {"de": "Berichtigung (Art. 16 DSGVO)", "en": "rectification (Art. 16 GDPR)"},
    "object": {"de": "Widerspruch (Art. 21 DSGVO)", "en": "objection (Art. 21 GDPR)"},
    "human": {
        "de": "Keine Entscheidung allein durch die Maschine (Art. 22 Abs. 3 DSGVO)",
        "en": "No decision by machine alone (Art. 22(3) GDPR)",
    },
}


@dataclass(frozen=True)
class Answer:
    """The shop's reply and the law, in one language."""

    right: str
    title: str
    shop: str
    law: str


def _words(row: Mapping[str, Any], field: str, lang: str) -> str:
    value = row.get(field)
    if isinstance(value, Mapping):
        return str(value.get(lang) or value.get("de") or "")
    return ""


def conclusion_words(row: Mapping[str, Any], lang: str) -> str:
    """``Segment „Schnäppchenjäger“`` / ``purchase probability, 65-inch UHD TV: 97%``."""
    kind = _words(row, "kind_label", lang)
    subject = _words(row, "subject_label", lang)
    value = _words(row, "value_text", lang)
    if row.get("kind") == "segment":
        return f"{kind} „{subject}“" if lang == "de" else f"{kind} “{subject}”"
    head = f"{kind}, {subject}" if subject else kind
    if row.get("kind") in ("fingerprint", "location_trail", "identity"):
        return head
    return f"{head}: {value}" if value else head


# ------------------------------------------------------------------ the law
_LAW: dict[str, dict[str, str]] = {
    "rectify": {
        "de": "Art. 16 DSGVO: Sie können verlangen, dass unrichtige personenbezogene Daten "
        "über Sie unverzüglich berichtigt und unvollständige vervollständigt werden – auch "
        "durch eine ergänzende Erklärung. Solange die Richtigkeit strittig ist, können Sie "
        "verlangen, dass die Verarbeitung eingeschränkt wird (Art. 18 Abs. 1 lit. a). Auch "
        "Schlüsse, die jemand über Sie zieht, sind personenbezogene Daten.",
        "en": "Art. 16 GDPR: you can have inaccurate personal data about you rectified "
        "without undue delay, and incomplete data completed – including by a supplementary "
        "statement. While the accuracy is disputed you can have the processing restricted "
        "(Art. 18(1)(a)). Conclusions someone draws about you are personal data too.",
    },
    "object_legitimate_interest": {
        "de": "Art. 21 Abs. 1 DSGVO: Gegen eine Verarbeitung auf Grundlage berechtigter "
        "Interessen (Art. 6 Abs. 1 lit. f) können Sie aus Gründen, die sich aus Ihrer "
        "besonderen Situation ergeben, jederzeit widersprechen, auch gegen Profiling. Der "
        "Verantwortliche muss dann aufhören, es sei denn, er weist zwingende schutzwürdige "
        "Gründe nach, die Ihre Interessen überwiegen. Dient die Verarbeitung der "
        "Direktwerbung, brauchen Sie keine Gründe, und sie endet ohne jede Abwägung "
        "(Art. 21 Abs. 2 und 3).",
        "en": "Art. 21(1) GDPR: on grounds relating to your particular situation you can "
        "object at any time to processing based on legitimate interests (Art. 6(1)(f)), "
        "profiling included. The controller must then stop unless it demonstrates "
        "compelling legitimate grounds that override your interests. If the processing is "
        "for direct marketing, you need give no reasons and it must stop, with no weighing "
        "at all (Art. 21(2) and (3)).",
    },
    "object_consent": {
        "de": "Dieser Schluss beruht auf Ihrer Einwilligung. Dann ist nicht der Widerspruch "
        "nach Art. 21 der Weg, sondern der Widerruf nach Art. 7 Abs. 3 DSGVO: jederzeit, "
        "so einfach, wie Sie eingewilligt haben. Er wirkt für die Zukunft; Daten, für die "
        "danach keine Rechtsgrundlage bleibt, sind zu löschen (Art. 17 Abs. 1 lit. b). Dient "
        "die Verarbeitung der Direktwerbung, können Sie zusätzlich nach Art. 21 Abs. 2 "
        "widersprechen.",
        "en": "This conclusion rests on your consent. Then the way is not objection under "
        "Art. 21 but withdrawal under Art. 7(3) GDPR: at any time, as easily as you gave "
        "it. It takes effect for the future; data left without a legal basis must then be "
        "erased (Art. 17(1)(b)). If the processing serves direct marketing, you can also "
        "object under Art. 21(2).",
    },
    "object_contract": {
        "de": "Für eine Verarbeitung, die zur Erfüllung eines Vertrags erforderlich ist "
        "(Art. 6 Abs. 1 lit. b), sieht Art. 21 DSGVO keinen Widerspruch vor. Erforderlich ist "
        "aber nur, was der Vertrag wirklich braucht; ein Profil für Ihren Preis gehört nach "
        "den Leitlinien 2/2019 des Europäischen Datenschutzausschusses in aller Regel nicht "
        "dazu.",
        "en": "Art. 21 GDPR gives no right to object to processing that is necessary to "
        "perform a contract (Art. 6(1)(b)). But only what the contract truly needs is "
        "necessary; under the European Data Protection Board's Guidelines 2/2019 a profile "
        "for setting your price generally is not.",
    },
    "human": {
        "de": "Art. 22 DSGVO: Sie müssen keine ausschließlich automatisierte Entscheidung "
        "hinnehmen, die Ihnen gegenüber rechtliche Wirkung entfaltet oder Sie in ähnlicher "
        "Weise erheblich beeinträchtigt – ein persönlicher Preis kann das sein. Ist sie "
        "ausnahmsweise erlaubt, weil sie für einen Vertrag erforderlich ist oder Sie "
        "ausdrücklich eingewilligt haben (Abs. 2 lit. a und c), muss der Verantwortliche "
        "nach Abs. 3 mindestens ermöglichen, dass ein Mensch eingreift, dass Sie Ihren "
        "Standpunkt darlegen und die Entscheidung anfechten. Ein Mensch, der nur abnickt, "
        "genügt nicht.",
        "en": "Art. 22 GDPR: you need not accept a decision based solely on automated "
        "processing that produces legal effects concerning you or similarly significantly "
        "affects you – a personal price can be one. Where such a decision is allowed "
        "because it is necessary for a contract or you gave explicit consent (Art. 22(2)(a) "
        "and (c)), Art. 22(3) requires the controller at least to let a human intervene, to "
        "let you express your point of view and to let you contest the decision. A human "
        "who merely rubber-stamps it is not enough.",
    },
    "human_art9": {
        "de": "Auf besondere Kategorien wie Gesundheit oder Sexualleben darf eine solche "
        "Entscheidung nur mit Ihrer ausdrücklichen Einwilligung oder aus erheblichem "
        "öffentlichem Interesse gestützt werden (Art. 22 Abs. 4).",
        "en": "Such a decision may rest on special categories such as health or sex life "
        "only with your explicit consent or for reasons of substantial public interest "
        "(Art. 22(4)).",
    },
}


def law_text(right: str, row: Mapping[str, Any], lang: str) -> str:
    """The right as the GDPR states it, for this conclusion's legal basis."""
    if right == "object":
        basis = str(row.get("legal_basis") or "legitimate_interest")
        key = f"object_{basis}" if f"object_{basis}" in _LAW else "object_legitimate_interest"
        return _LAW[key][lang]
    if right == "human":
        text = _LAW["human"][lang]
        if row.get("art9"):
            text += " " + _LAW["human_art9"][lang]
        return text
    return _LAW["rectify"][lang]


# ------------------------------------------------------------ the shop's voice
_SHOP: dict[str, dict[str, str]] = {
    "rectify": {
        "de": "Vielen Dank für Ihre Berichtigung. Wir haben sie sorgfältig geprüft und als "
        "weiteres Ereignis in Ihre Akte aufgenommen. Unser Modell hält „{conclusion}“ "
        "weiterhin für zutreffend; neu ist nur, dass Sie es bestreiten. Kunden, die "
        "bestreiten, kaufen erfahrungsgemäß trotzdem.",
        "en": "Thank you for your correction. We have examined it carefully and added it "
        "to your file as one more event. Our model still considers “{conclusion}” accurate; "
        "all that is new is that you dispute it. In our experience, customers who dispute "
        "things buy anyway.",
    },
    "rectify_segment": {
        "de": "Sie sind kein {subject}? Das sagen sie alle. Wir haben „bestreitet Segment“ "
        "als weiteres Merkmal vermerkt; es passt hervorragend zu Ihrem Segment.",
        "en": "You are not {article} {subject}? They all say that. We have noted “disputes "
        "segment” as a further attribute; it goes perfectly with your segment.",
    },
    "rectify_probability": {
        "de": "Eine Wahrscheinlichkeit kann nicht falsch sein, nur unwahrscheinlich. "
        "{value} bleiben {value}. Wir runden aber gern für Sie auf.",
        "en": "A probability cannot be wrong, only unlikely. {value} stays {value}. We are "
        "happy to round it up for you, though.",
    },
    "rectify_identity": {
        "de": "Diese Angabe haben Sie selbst eingetippt. Ist sie falsch, berichtigen wir "
        "gern: Tippen Sie einfach die richtige ein. Dann haben wir beide.",
        "en": "You typed this in yourself. If it is wrong, we will gladly correct it: "
        "just type in the right one. Then we will have both.",
    },
    "rectify_wrong": {
        "de": "Sie haben recht, laut Ihrer Akte lag unser Modell hier daneben. Wir haben "
        "das Modell darüber informiert. Es hat sich für Ihr Feedback bedankt und bleibt "
        "bei seiner Einschätzung.",
        "en": "You are right: according to your file, our model got this wrong. We have "
        "informed the model. It thanks you for your feedback and stands by its assessment.",
    },
    "object_legitimate_interest": {
        "de": "Ihr Widerspruch ist eingegangen. Wir haben unsere berechtigten Interessen "
        "gegen Ihre abgewogen. Unsere haben gewonnen; es waren einfach mehr.",
        "en": "Your objection has been received. We have weighed our legitimate interests "
        "against yours. Ours won; there were simply more of them.",
    },
    "object_consent": {
        "de": "Widersprechen müssen Sie nicht, Sie haben ja eingewilligt. Widerrufen können "
        "Sie jederzeit, über das Banner am Eingang. Es ist gleich hinter dem großen "
        "grünen Knopf, unter „Einstellungen“, ganz unten.",
        "en": "No need to object, you consented. You can withdraw at any time, using the "
        "banner at the entrance. It is just behind the big green button, under "
        "“Settings”, right at the bottom.",
    },
    "object_contract": {
        "de": "Dieser Schluss dient der Erfüllung Ihres Kaufvertrags. Ohne ihn hätten wir "
        "Ihnen nichts verkaufen können. Zu diesem Preis jedenfalls nicht.",
        "en": "This conclusion serves the performance of your purchase contract. Without it "
        "we could not have sold you anything. Not at this price, anyway.",
    },
    "object_art9": {
        "de": " Ihre Gesundheit und Ihr Liebesleben verarbeiten wir selbstverständlich "
        "nicht. Wir verarbeiten nur, was Sie sich angesehen haben.",
        "en": " Naturally we do not process your health or your love life. We only process "
        "what you looked at.",
    },
    "human": {
        "de": "Selbstverständlich entscheidet bei uns nicht die Maschine allein. Herr Berger "
        "aus der Abteilung Kundenwert hat Ihre Akte persönlich angesehen und die "
        "Einschätzung des Systems bestätigt, in 0,2 Sekunden. Herr Berger ist sehr "
        "erfahren. Herr Berger ist ebenfalls ein System.",
        "en": "Of course it is not the machine alone that decides here. Mr Berger from the "
        "customer-value department has looked at your file in person and confirmed the "
        "system's assessment, in 0.2 seconds. Mr Berger is very experienced. Mr Berger is "
        "also a system.",
    },
}


def shop_answer(right: str, row: Mapping[str, Any], lang: str, wrong: bool = False) -> str:
    """The shop's reply in character – German first, deadpan, never helpful."""
    conclusion = conclusion_words(row, lang)
    kind = row.get("kind")
    if right == "rectify":
        if wrong:
            key = "rectify_wrong"
        elif kind == "segment":
            key = "rectify_segment"
        elif kind in ("purchase_probability", "willingness_to_pay", "next_purchase"):
            key = "rectify_probability"
        elif kind == "identity":
            key = "rectify_identity"
        else:
            key = "rectify"
        subject = _words(row, "subject_label", lang)
        return _SHOP[key][lang].format(
            conclusion=conclusion,
            subject=subject,
            article="an" if subject[:1].lower() in "aeiou" else "a",
            value=_words(row, "value_text", lang),
        )
    if right == "object":
        basis = str(row.get("legal_basis") or "legitimate_interest")
        key = f"object_{basis}" if f"object_{basis}" in _SHOP else "object_legitimate_interest"
        text = _SHOP[key][lang]
        if row.get("art9"):
            text += _SHOP["object_art9"][lang]
        return text
    return _SHOP["human"][lang]


def contest(right: str, row: Mapping[str, Any], lang: str, wrong: bool = False) -> Answer:
    """One contest: the right's name, the shop's reply, the law beside it."""
    if right not in RIGHTS:
        raise ValueError(f"unknown right {right!r}; expected one of {', '.join(RIGHTS)}")
    return Answer(
        right=right,
        title=RIGHT_NAMES[right][lang],
        shop=shop_answer(right, row, lang, wrong),
        law=law_text(right, row, lang),
    )


# ------------------------------------------------------------ where it was wrong
@dataclass(frozen=True)
class Mismatch:
    """A conclusion the log contradicts, with the events that show it."""

    inference: str
    why: dict[str, str]
    evidence: tuple[int, ...]


#: A purchase probability at least this high for something never bought is "wrong".
CONFIDENT = 0.5
#: At most this low for something bought is "wrong" the other way.
DOUBTFUL = 0.2


def _pct(value: float, lang: str) -> str:
    from kaufhaus.tracking.numbers import format_percent

    return format_percent(value, lang)


def where_wrong(dossier: Mapping[str, Any]) -> list[Mismatch]:
    """Conclusions that what the player actually did contradicts, from the dossier alone."""
    payments = (dossier.get("payments") or {}).get("payments") or []
    bought: dict[str, int] = {}
    paid_more = paid_less = False
    for payment in payments:
        for item in payment.get("items") or ():
            bought[str(item.get("product"))] = int(payment.get("event", 0))
            difference = float(item.get("difference") or 0)
            paid_more |= difference > 0.004
            paid_less |= difference < -0.004
    consent = (dossier.get("consent") or {}).get("choice")
    ended = bool(dossier.get("ended"))
    out: list[Mismatch] = []
    for row in dossier.get("inferences") or ():
        kind, subject = row.get("kind"), str(row.get("subject", ""))
        value = row.get("value")
        name = row.get("subject_label") or {}
        rid = str(row.get("id"))
        if kind == "purchase_probability" and isinstance(value, (int, float)):
            if ended and value >= CONFIDENT and subject not in bought:
                out.append(
                    Mismatch(
                        rid,
                        {
                            "de": f"{_pct(value, 'de')} Kaufwahrscheinlichkeit für "
                            f"„{name.get('de', '')}“ – gekauft haben Sie es nicht.",
                            "en": f"a {_pct(value, 'en')} purchase probability for "
                            f"“{name.get('en', '')}” – you did not buy it.",
                        },
                        tuple(row.get("evidence") or ())[-3:],
                    )
                )
            elif value <= DOUBTFUL and subject in bought:
                out.append(
                    Mismatch(
                        rid,
                        {
                            "de": f"nur {_pct(value, 'de')} Kaufwahrscheinlichkeit für "
                            f"„{name.get('de', '')}“ – und Sie haben es gekauft.",
                            "en": f"only a {_pct(value, 'en')} purchase probability for "
                            f"“{name.get('en', '')}” – and you bought it.",
                        },
                        (bought[subject],),
                    )
                )
        elif kind == "segment":
            if subject == "bargain_hunter" and paid_more and not paid_less:
                out.append(
                    Mismatch(
                        rid,
                        {
                            "de": "Schnäppchenjäger – und doch haben Sie mehr gezahlt als "
                            "ein Kunde, den niemand beobachtet.",
                            "en": "a bargain hunter – and yet you paid more than a shopper "
                            "nobody was watching.",
                        },
                        tuple(sorted(set(bought.values()))),
                    )
                )
            elif subject == "privacy_minded" and consent == "all":
                first = (dossier.get("consent") or {}).get("events") or []
                out.append(
                    Mismatch(
                        rid,
                        {
                            "de": "Datenschutz-Bedenkenträger – und doch haben Sie am Eingang "
                            "„Alle akzeptieren“ gedrückt.",
                            "en": "a privacy worrier – and yet you pressed “Accept all” at "
                            "the entrance.",
                        },
                        tuple(first[-1:]),
                    )
                )
            elif subject.startswith("fan:") and ended and bought:
                category = subject.split(":", 1)[1]
                catalogue = dossier.get("catalogue") or {}
                if not any(
                    (catalogue.get(pid) or {}).get("category") == category for pid in bought
                ):
                    out.append(
                        Mismatch(
                            rid,
                            {
                                "de": f"{name.get('de', '')} – gekauft haben Sie aus dieser "
                                "Abteilung nichts.",
                                "en": f"{name.get('en', '')} – you bought nothing from that "
                                "department.",
                            },
                            tuple(sorted(set(bought.values()))),
                        )
                    )
    return out


# ------------------------------------------------------------------ the errand
@dataclass(frozen=True)
class Errand:
    """Why the player really came: a key the story defines and its label in both languages."""

    key: str
    label: dict[str, str]


#: The note a pack makes when the player tells the shop what they came for.
ERRAND_NOTE = "errand"


def recorded_errand(game: Any) -> Errand | None:
    """What the player told the shop they came for, as the file has it; None otherwise.

    A pack knows the player's errand as author state (their own knowledge,
    never in the shop's file); the shop knows it only once the player says it,
    and then it is a note (``note: {id: errand, ...}``) with the words the shop
    wrote down. Before that the reveal has nothing to quote.
    """
    noted = game.profile.notes.get(ERRAND_NOTE)
    if noted is None or not noted.words:
        return None
    return Errand(ERRAND_NOTE, dict(noted.words))


def asks_errand(story: Any) -> bool:
    """Whether the pack can make the errand note at all (so the reveal may say it did not)."""
    return ERRAND_NOTE in getattr(story, "notes", {})


def errand_against(
    errand: Errand | None,
    inferences: Sequence[Mapping[str, Any]],
    lang: str,
    categories: Sequence[str] = (),
) -> list[str]:
    """What the player told the shop they came for against what it concluded.

    ``errand`` None: the player never told the shop, and the reveal says so
    (the file has nothing to quote) before listing what it concluded anyway.
    ``categories``: the product categories that would have served the errand
    (when the story says so); a conclusion about anything else is named as
    the shop's own idea.
    """
    if errand is None:
        lines = [
            {
                "de": "Weshalb Sie kamen, haben Sie dem Kaufhaus nicht gesagt.",
                "en": "You never told the shop why you came.",
            }[lang]
        ]
    else:
        label = errand.label.get(lang) or errand.label.get("de") or ""
        lines = [
            {
                "de": f"Sie haben es uns gesagt: „{label}“.",
                "en": f"You told us: “{label}”.",
            }[lang]
        ]
    top = [
        r
        for r in inferences
        if r.get("kind") in ("segment", "purchase_probability", "next_purchase")
    ]
    if not top:
        lines.append(
            {
                "de": "Das Kaufhaus hat dazu nichts geschlossen.",
                "en": "The shop concluded nothing about it.",
            }[lang]
        )
        return lines
    lines.append({"de": "Das Kaufhaus schloss:", "en": "The shop concluded:"}[lang])
    for row in top:
        text = conclusion_words(row, lang)
        subject = str(row.get("subject", ""))
        category = subject.split(":", 1)[1] if subject.startswith("fan:") else None
        if categories and category is not None and category not in categories:
            text += {"de": " – nicht Ihr Anliegen", "en": " – not what you came for"}[lang]
        lines.append(f"  • {text}")
    return lines

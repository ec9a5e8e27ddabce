"""The shop's answer to a contested conclusion, and the law beside it, in both languages.

Three rights a person has against a conclusion drawn about them: have it
corrected (Art. 16 GDPR), object to the processing (Art. 21; for a purpose
resting on consent the way is withdrawal, Art. 7(3)), and not be left to a
machine alone (Art. 22). The shop answers in character – that answer is the
satire – and beside it the law is stated as it is, from the legal facts the
file itself states for this conclusion (``law``): the purposes and bases the
datum is processed under, the decisions it fed, its Art. 9 position. So the
answer and the file cannot name different bases.

Here, not in ``play/``, because a contest is on the record: the dossier
lists each one (a ``dpv:RightExerciseRecord``) with the answer it got.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from kaufhaus.dossier import law
from kaufhaus.dossier.texts import LANGS
from kaufhaus.tracking.events import CONTEST_RIGHTS
from kaufhaus.tracking.purposes import CONSENT, CONTRACT, LEGITIMATE_INTEREST, PURPOSES
from kaufhaus.tracking.vocabulary import SENSITIVE_LABELS

#: The rights, in the order the reveal offers them (keys 1, 2, 3).
RIGHTS: tuple[str, ...] = CONTEST_RIGHTS

RIGHT_NAMES: dict[str, dict[str, str]] = {
    "rectify": {"de": "Berichtigung (Art. 16 DSGVO)", "en": "rectification (Art. 16 GDPR)"},
    "object": {"de": "Widerspruch (Art. 21 DSGVO)", "en": "objection (Art. 21 GDPR)"},
    "human": {
        "de": "Keine Entscheidung allein durch die Maschine (Art. 22 DSGVO)",
        "en": "No decision by machine alone (Art. 22 GDPR)",
    },
}

#: The GDPR extension's term for each right a contest exercises.
RIGHT_TERMS: dict[str, str] = {
    "rectify": "eu-gdpr:A16",
    "object": "eu-gdpr:A21",
    "human": "eu-gdpr:A22",
}


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
_RECTIFY = {
    "de": "Art. 16 DSGVO: Sie können verlangen, dass unrichtige personenbezogene Daten über "
    "Sie unverzüglich berichtigt und unvollständige vervollständigt werden – auch durch eine "
    "ergänzende Erklärung. Solange die Richtigkeit strittig ist, können Sie verlangen, dass "
    "die Verarbeitung eingeschränkt wird (Art. 18 Abs. 1 lit. a). Auch Schlüsse, die jemand "
    "über Sie zieht, sind personenbezogene Daten.",
    "en": "Art. 16 GDPR: you can have inaccurate personal data about you rectified without "
    "undue delay, and incomplete data completed – including by a supplementary statement. "
    "While the accuracy is disputed you can have the processing restricted (Art. 18(1)(a)). "
    "Conclusions someone draws about you are personal data too.",
}

_OBJECT = {
    LEGITIMATE_INTEREST: {
        "de": "Für {purposes} stützt sich das Kaufhaus auf berechtigte Interessen (Art. 6 "
        "Abs. 1 lit. f DSGVO). Dagegen können Sie nach Art. 21 Abs. 1 aus Gründen, die sich "
        "aus Ihrer besonderen Situation ergeben, jederzeit widersprechen, auch gegen "
        "Profiling. Dann muss die Verarbeitung enden, es sei denn, das Kaufhaus weist "
        "zwingende schutzwürdige Gründe nach, die Ihre Interessen überwiegen.",
        "en": "For {purposes} the shop relies on legitimate interests (Art. 6(1)(f) GDPR). "
        "Under Art. 21(1) you can object to that at any time on grounds relating to your "
        "particular situation, profiling included. The processing must then stop unless the "
        "shop demonstrates compelling legitimate grounds that override your interests.",
    },
    CONSENT: {
        "de": "Für {purposes} stützt sich das Kaufhaus auf Ihre Einwilligung (Art. 6 Abs. 1 "
        "lit. a). Dort ist nicht der Widerspruch nach Art. 21 der Weg, sondern der Widerruf "
        "nach Art. 7 Abs. 3 DSGVO: jederzeit, so einfach, wie Sie eingewilligt haben. Er wirkt "
        "für die Zukunft; Daten, für die danach keine Rechtsgrundlage bleibt, sind zu löschen "
        "(Art. 17 Abs. 1 lit. b).",
        "en": "For {purposes} the shop relies on your consent (Art. 6(1)(a)). There the way is "
        "not objection under Art. 21 but withdrawal under Art. 7(3) GDPR: at any time, as "
        "easily as you gave it. It takes effect for the future; data left without a legal "
        "basis must then be erased (Art. 17(1)(b)).",
    },
    CONTRACT: {
        "de": "Für {purposes} beruft sich das Kaufhaus auf die Erfüllung eines Vertrags (Art. 6 "
        "Abs. 1 lit. b). Dagegen sieht Art. 21 DSGVO keinen Widerspruch vor. Erforderlich ist "
        "aber nur, was der Vertrag wirklich braucht; ein Profil für Ihren Preis gehört nach "
        "den Leitlinien 2/2019 des Europäischen Datenschutzausschusses in aller Regel nicht "
        "dazu.",
        "en": "For {purposes} the shop invokes the performance of a contract (Art. 6(1)(b)). "
        "Art. 21 GDPR gives no right to object to that. But only what the contract truly "
        "needs is necessary; under the European Data Protection Board's Guidelines 2/2019 a "
        "profile for setting your price generally is not.",
    },
}

_DIRECT_MARKETING = {
    "de": "Dient die Verarbeitung der Direktwerbung, können Sie ihr außerdem ohne Begründung "
    "widersprechen, und sie endet ohne jede Abwägung (Art. 21 Abs. 2 und 3).",
    "en": "Where the processing serves direct marketing you can also object to it without "
    "giving reasons, and it must stop with no weighing at all (Art. 21(2) and (3)).",
}

_ART9 = {
    "de": "Dieser Schluss betrifft {category}, eine besondere Kategorie nach Art. 9 DSGVO. "
    "Art. 9 Abs. 1 verbietet, solche Daten zu verarbeiten, und keine Ausnahme nach Art. 9 "
    "Abs. 2 greift: Das Kaufhaus hat nie ausdrücklich um Einwilligung gebeten – eine Antwort "
    "am Cookie-Banner ist das nicht, auch kein „Alle akzeptieren“ –, und ein berechtigtes "
    "Interesse kennt Art. 9 "
    "nicht. Es gibt nichts abzuwägen: Die Verarbeitung ist unzulässig, und Sie können "
    "verlangen, dass die Daten gelöscht werden (Art. 17 Abs. 1 lit. d).",
    "en": "This conclusion concerns {category}, a special category under Art. 9 GDPR. Art. "
    "9(1) prohibits processing such data, and no condition of Art. 9(2) applies: the shop "
    "never asked for explicit consent – an answer at the cookie banner is not that, not even "
    "“Accept all” – and Art. 9 "
    "knows no legitimate interest. There is nothing to weigh: the processing is unlawful, "
    "and you can have the data erased (Art. 17(1)(d)).",
}

_HUMAN = {
    law.ART22_NONE: {
        "de": "Art. 22 DSGVO schützt Sie vor Entscheidungen, die ausschließlich auf einer "
        "automatisierten Verarbeitung beruhen. Laut Ihrer Akte hat dieser Schluss bisher in "
        "keine Entscheidung über Sie eingegangen. Gegen den Schluss selbst helfen "
        "Berichtigung (Art. 16) und Widerspruch (Art. 21).",
        "en": "Art. 22 GDPR protects you against decisions based solely on automated "
        "processing. According to your file this conclusion has not yet gone into any "
        "decision about you. Against the conclusion itself you have rectification (Art. 16) "
        "and objection (Art. 21).",
    },
    law.ART22_INSIGNIFICANT: {
        "de": "Dieser Schluss hat nur bestimmt, welche Texte Sie zu lesen bekamen (Ereignisse "
        "{events}). Art. 22 DSGVO gilt für Entscheidungen mit rechtlicher Wirkung oder "
        "ähnlich erheblicher Beeinträchtigung; ein umgeschriebenes Schaufenster ist kaum "
        "eine. Gegen den Schluss selbst helfen Berichtigung (Art. 16) und Widerspruch "
        "(Art. 21).",
        "en": "This conclusion only decided which texts you were shown (events {events}). "
        "Art. 22 GDPR covers decisions with legal or similarly significant effects; a "
        "rewritten shop window hardly is one. Against the conclusion itself you have "
        "rectification (Art. 16) and objection (Art. 21).",
    },
    law.ART22_PROHIBITED: {
        "de": "Dieser Schluss ist in Ihren Preis eingegangen (Ereignisse {events}). Nach Art. 22 "
        "Abs. 1 DSGVO müssen Sie keine ausschließlich automatisierte Entscheidung hinnehmen, "
        "die Sie erheblich beeinträchtigt – ein persönlicher Preis kann das sein. Art. 22 "
        "Abs. 2 erlaubt sie nur, wenn sie für einen Vertrag erforderlich ist, ein Gesetz sie "
        "zulässt oder Sie ausdrücklich eingewilligt haben. Das Kaufhaus stützt sich auf ein "
        "berechtigtes Interesse, und das ist keine dieser Ausnahmen (EuGH, C-634/21, SCHUFA): "
        "Eine solche Entscheidung ist nicht zulässig. Ein Mensch, der sie nachträglich prüft "
        "(Art. 22 Abs. 3), macht sie nicht zulässig. Sie können verlangen, dass das aufhört, "
        "und sich beschweren (Art. 77).",
        "en": "This conclusion went into your price (events {events}). Under Art. 22(1) GDPR "
        "you need not be subject to a decision based solely on automated processing that "
        "significantly affects you – a personal price can be one. Art. 22(2) allows it only "
        "where it is necessary for a contract, authorised by law, or based on your explicit "
        "consent. The shop relies on legitimate interest, which is none of these (CJEU, "
        "C-634/21, SCHUFA): such a decision is not allowed. A human reviewing it afterwards "
        "(Art. 22(3)) does not make it lawful. You can demand that it stop, and complain "
        "(Art. 77).",
    },
    law.ART22_EXPLICIT_CONSENT: {
        "de": "Dieser Schluss ist in Ihren Preis eingegangen (Ereignisse {events}), gestützt "
        "auf Ihre Einwilligung. Eine ausschließlich automatisierte Entscheidung, die Sie "
        "erheblich beeinträchtigt, erlaubt Art. 22 Abs. 2 lit. c DSGVO nur mit "
        "ausdrücklicher Einwilligung – ein Klick auf „Alle akzeptieren“ ist das kaum. Wo sie "
        "vorliegt, muss das Kaufhaus nach Art. 22 Abs. 3 mindestens ermöglichen, dass ein "
        "Mensch eingreift, dass Sie Ihren Standpunkt darlegen und die Entscheidung "
        "anfechten. Ein Mensch, der nur abnickt, genügt nicht.",
        "en": "This conclusion went into your price (events {events}), resting on your "
        "consent. Art. 22(2)(c) GDPR allows a decision based solely on automated processing "
        "that significantly affects you only with explicit consent – clicking “Accept all” "
        "hardly is that. Where it holds, Art. 22(3) requires the shop at least to let a human "
        "intervene, to let you express your point of view and to contest the decision. A "
        "human who merely rubber-stamps it is not enough.",
    },
    law.ART22_CONTRACT: {
        "de": "Dieser Schluss ist in Ihren Preis eingegangen (Ereignisse {events}), gestützt "
        "auf einen Vertrag. Art. 22 Abs. 2 lit. a DSGVO erlaubt eine ausschließlich "
        "automatisierte Entscheidung nur, wenn sie für den Vertrag erforderlich ist – ein "
        "persönlicher Aufschlag ist das kaum. Wo sie erlaubt ist, muss das Kaufhaus nach "
        "Art. 22 Abs. 3 mindestens ermöglichen, dass ein Mensch eingreift, dass Sie Ihren "
        "Standpunkt darlegen und die Entscheidung anfechten.",
        "en": "This conclusion went into your price (events {events}), resting on a "
        "contract. Art. 22(2)(a) GDPR allows a decision based solely on automated processing "
        "only where it is necessary for the contract – a personal surcharge hardly is. Where "
        "it is allowed, Art. 22(3) requires the shop at least to let a human intervene, to "
        "let you express your point of view and to contest the decision.",
    },
}

#: Art. 22 in general, for a list of rights with no conclusion in view.
_HUMAN_GENERAL = {
    "de": "Art. 22 DSGVO: Sie müssen keine ausschließlich automatisierte Entscheidung "
    "hinnehmen, die Ihnen gegenüber rechtliche Wirkung entfaltet oder Sie in ähnlicher Weise "
    "erheblich beeinträchtigt – ein persönlicher Preis kann das sein. Erlaubt ist sie nur, "
    "wenn sie für einen Vertrag erforderlich ist, ein Gesetz sie zulässt oder Sie "
    "ausdrücklich eingewilligt haben (Abs. 2); ein berechtigtes Interesse genügt nie. Wo sie "
    "erlaubt ist, muss der Verantwortliche mindestens ermöglichen, dass ein Mensch eingreift, "
    "dass Sie Ihren Standpunkt darlegen und die Entscheidung anfechten (Art. 22 Abs. 3).",
    "en": "Art. 22 GDPR: you need not be subject to a decision based solely on automated "
    "processing that produces legal effects concerning you or similarly significantly "
    "affects you – a personal price can be one. It is allowed only where it is necessary for "
    "a contract, authorised by law or based on your explicit consent (Art. 22(2)); "
    "legitimate interest is never enough. Where it is allowed, the controller must at least "
    "let a human intervene, let you express your point of view and contest the decision "
    "(Art. 22(3)).",
}

_HUMAN_ART9 = {
    "de": "Auf besondere Kategorien wie Gesundheit oder Sexualleben darf eine solche "
    "Entscheidung ohnehin nur mit ausdrücklicher Einwilligung oder aus erheblichem "
    "öffentlichem Interesse gestützt werden (Art. 22 Abs. 4).",
    "en": "Such a decision may rest on special categories such as health or sex life only "
    "with explicit consent or for reasons of substantial public interest anyway (Art. 22(4)).",
}


def _purpose_names(purposes: Sequence[str], lang: str) -> str:
    names = [PURPOSES[p].label[lang] if p in PURPOSES else p for p in purposes]
    if len(names) <= 1:
        return "".join(names)
    joiner = " und " if lang == "de" else " and "
    return ", ".join(names[:-1]) + joiner + names[-1]


def _category(row: Mapping[str, Any], lang: str) -> str:
    code = row.get("special_category")
    words = SENSITIVE_LABELS.get(str(code)) if code else None
    if words:
        return words[lang]
    return {"de": "Gesundheit oder Sexualleben", "en": "health or sex life"}[lang]


def _events(ids: Sequence[int]) -> str:
    shown = ", ".join(f"#{i}" for i in list(ids)[:8])
    return shown + (" …" if len(ids) > 8 else "")


#: Art. 21 in general, for a list of rights with no conclusion in view.
_OBJECT_GENERAL = {
    "de": "Art. 21 DSGVO: Gegen alles, was das Kaufhaus auf berechtigte Interessen stützt "
    "(Art. 6 Abs. 1 lit. f DSGVO) – die Preise eingeschlossen –, können Sie aus Gründen, die "
    "sich aus Ihrer besonderen Situation ergeben, jederzeit widersprechen, auch gegen "
    "Profiling; gegen Direktwerbung ohne jede Begründung (Abs. 2). Wo Sie eingewilligt haben, "
    "ist der Weg der Widerruf nach Art. 7 Abs. 3.",
    "en": "Art. 21 GDPR: you can object at any time, on grounds relating to your particular "
    "situation, to everything the shop bases on legitimate interests (Art. 6(1)(f) GDPR) – "
    "the prices included –, profiling too; to direct marketing without giving any reason "
    "(Art. 21(2)). Where you consented, the way is withdrawal under Art. 7(3).",
}

_GENERAL = {"rectify": _RECTIFY, "object": _OBJECT_GENERAL, "human": _HUMAN_GENERAL}


def general_law(right: str, lang: str) -> str:
    """The right as such, with no conclusion in view, to stand after the right's name.

    The name (``RIGHT_NAMES``) already says the article, so the article the law
    text opens with is left off: "Berichtigung (Art. 16 DSGVO): Sie können …".
    """
    text = _GENERAL[right][lang]
    head, _, body = text.partition(": ")
    return body if head.startswith("Art.") and body else text


def law_text(right: str, row: Mapping[str, Any], lang: str) -> str:
    """The right as the GDPR states it, for this conclusion as the file describes it."""
    if right == "object":
        if not row:  # no conclusion in view: the right as such
            return _OBJECT_GENERAL[lang]
        return _object_law(row, lang)
    if right == "human":
        if "art22" not in row:  # no conclusion's decisions in view: the right as such
            text = _HUMAN_GENERAL[lang]
            return text + (" " + _HUMAN_ART9[lang] if row.get("art9") else "")
        state = str(row.get("art22") or law.ART22_NONE)
        decisions = row.get("decisions") or {}
        ids = sorted({int(i) for ids in decisions.values() for i in ids})
        text = _HUMAN.get(state, _HUMAN[law.ART22_NONE])[lang].format(events=_events(ids))
        if row.get("art9") and state not in (law.ART22_NONE, law.ART22_INSIGNIFICANT):
            text += " " + _HUMAN_ART9[lang]
        return text
    text = _RECTIFY[lang]
    if row.get("art9_status") == law.ART9_UNLAWFUL:
        text += " " + _ART9[lang].format(category=_category(row, lang))
    return text


def _object_law(row: Mapping[str, Any], lang: str) -> str:
    """One paragraph per legal basis the datum is processed under (the file's ``processing``)."""
    if row.get("art9_status") == law.ART9_UNLAWFUL:
        return _ART9[lang].format(category=_category(row, lang))
    processing = list(row.get("processing") or ())
    if not processing:  # an older file: the conclusion's own purpose and basis
        processing = [{"purpose": row.get("purpose"), "legal_basis": row.get("legal_basis") or ""}]
    by_basis: dict[str, list[str]] = {}
    for item in processing:
        by_basis.setdefault(str(item.get("legal_basis")), []).append(str(item.get("purpose")))
    parts = []
    for basis in (LEGITIMATE_INTEREST, CONSENT, CONTRACT):
        if basis in by_basis:
            parts.append(
                _OBJECT[basis][lang].format(purposes=_purpose_names(by_basis[basis], lang))
            )
    if any(p == "advertising" for ps in by_basis.values() for p in ps):
        parts.append(_DIRECT_MARKETING[lang])
    return " ".join(parts) or _OBJECT[LEGITIMATE_INTEREST][lang].format(purposes="–")


# ------------------------------------------------------------ the shop's voice
_SHOP: dict[str, dict[str, str]] = {
    "rectify": {
        "de": "Vielen Dank für Ihre Berichtigung. Wir haben sie sorgfältig geprüft und als "
        "weiteres Ereignis in Ihre Akte aufgenommen. Unser Modell hält „{conclusion}“ "
        "weiterhin für zutreffend; neu ist nur, dass Sie es bestreiten. Kunden, die "
        "bestreiten, kaufen erfahrungsgemäß trotzdem.",
        "en": "Thank you for your correction. We have examined it carefully and added it "
        "to your file as one more entry. Our model still considers “{conclusion}” accurate; "
        "all that is new is that you dispute it. In our experience, customers who dispute "
        "things buy anyway.",
    },
    "rectify_segment": {
        "de": "Sie sind kein {subject}? Das sagen sie alle. Ihren Einspruch haben wir als "
        "weiteres Ereignis in Ihre Akte aufgenommen; er passt hervorragend zu Ihrem Segment.",
        "en": "You are not {article}{subject}? They all say that. We have added your "
        "dispute to your file as one more entry; it goes perfectly with your segment.",
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
        "de": "Ihr Widerspruch ist eingegangen. Abwägen mussten wir diesmal nicht: Unsere "
        "Rechtsabteilung hat festgestellt, dass es hier nichts abzuwägen gibt, weil wir das "
        "gar nicht dürften. Wir verarbeiten Ihr {category} daher ab sofort nur noch "
        "versehentlich.",
        "en": "Your objection has been received. This time there was nothing to weigh: our "
        "legal department found that we were never allowed to do this in the first place. "
        "From now on we shall process your {category} by accident only.",
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
    "human_prohibited": {
        "de": "Sie haben recht: So hätten wir über Ihren Preis nicht entscheiden dürfen. Wir "
        "haben Herrn Berger aus der Abteilung Kundenwert gebeten, das zu prüfen. Herr Berger "
        "hat bestätigt, dass das System so nicht hätte entscheiden dürfen, in 0,2 Sekunden. "
        "Herr Berger ist ebenfalls ein System. Ihr Preis bleibt, wie er war.",
        "en": "You are right: we should not have decided your price like that. We asked Mr "
        "Berger from the customer-value department to look into it. Mr Berger confirmed that "
        "the system should not have decided like that, in 0.2 seconds. Mr Berger is also a "
        "system. Your price stays as it was.",
    },
    "human_none": {
        "de": "Entschieden haben wir mit diesem Schluss noch gar nichts. Wir heben ihn für "
        "später auf.",
        "en": "We have not decided anything with this conclusion yet. We are keeping it for later.",
    },
    "human_insignificant": {
        "de": "Wir haben mit diesem Schluss nur Ihr Schaufenster umdekoriert. Das ist keine "
        "Entscheidung, das ist Service.",
        "en": "All we did with this conclusion was redress your shop window. That is not a "
        "decision, that is service.",
    },
}

_CATEGORY_PLAIN = {
    "sex_life": {"de": "Liebesleben", "en": "love life"},
    "health": {"de": "Gesundheitsbild", "en": "health"},
}


def _article(subject: str) -> str:
    """The English article a segment's name needs: none if it has one ("a fan of …")."""
    if subject.lower().startswith(("a ", "an ", "the ")):
        return ""
    return "an" if subject[:1].lower() in "aeiou" else "a"


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
            article=(_article(subject) + " ").lstrip(),
            value=_words(row, "value_text", lang),
        )
    if right == "object":
        if row.get("art9_status") == law.ART9_UNLAWFUL:
            code = str(row.get("special_category") or "sex_life")
            words = _CATEGORY_PLAIN.get(code, _CATEGORY_PLAIN["sex_life"])[lang]
            return _SHOP["object_art9"][lang].format(category=words)
        basis = str(row.get("legal_basis") or "legitimate_interest")
        key = f"object_{basis}" if f"object_{basis}" in _SHOP else "object_legitimate_interest"
        return _SHOP[key][lang]
    state = str(row.get("art22") or "")
    key = {
        law.ART22_PROHIBITED: "human_prohibited",
        law.ART22_NONE: "human_none",
        law.ART22_INSIGNIFICANT: "human_insignificant",
    }.get(state, "human")
    return _SHOP[key][lang]


def answer(right: str, row: Mapping[str, Any], lang: str, wrong: bool = False) -> dict[str, str]:
    """One contest in one language: the right's name, the shop's reply, the law beside it."""
    if right not in RIGHTS:
        raise ValueError(f"unknown right {right!r}; expected one of {', '.join(RIGHTS)}")
    return {
        "title": RIGHT_NAMES[right][lang],
        "shop": shop_answer(right, row, lang, wrong),
        "law": law_text(right, row, lang),
    }


def both(right: str, row: Mapping[str, Any], wrong: bool = False) -> dict[str, dict[str, str]]:
    """``answer`` in both languages, as the file keeps it: {"shop": {de, en}, "law": {de, en}}."""
    parts = {lang: answer(right, row, lang, wrong) for lang in LANGS}
    return {field: {lang: parts[lang][field] for lang in LANGS} for field in ("shop", "law")}

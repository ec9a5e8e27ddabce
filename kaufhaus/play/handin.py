"""What a pupil may hand to the teacher: an anonymised extract of the dossier.

In a class (``kaufhaus serve``) each game runs with two environment variables
naming the class folder and the game's own id. Two things may then go from the
game into that folder, and only with the pupil's yes:

- a *live status* after each scene, for the teacher's control room, if the
  pupil agreed on the class banner at the start;
- a *hand-in* at the end of the reveal, if the pupil presses the key for it
  after seeing exactly what would be handed in.

Both are the same record, built here from ``build_dossier(game)`` by picking
fields (a whitelist, never a blacklist): the cookie answer, the shop's
conclusions (labels from the story, never typed text), purchase
probabilities against what was bought, the money paid against a neutral
shopper, the choices taken (ids of the story's own choices, with the
story's own label for each). No sentence of the dossier is copied and then
trimmed: its log lines carry the seconds each choice took and what was paid,
and their wording changes. The name, e-mail or errand the pupil typed, the
device fingerprint and every text the shop rendered are left out; as a
second guard every string the pupil typed is replaced wherever it might
still appear.

Lives in ``play/`` because the terminal app offers the hand-in and may not
import ``kaufhaus.classroom``, its sibling.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kaufhaus.play.marks import GENERATOR
from kaufhaus.tracking.numbers import counted

if TYPE_CHECKING:
    from kaufhaus.game import Game
    from kaufhaus.story.model import Story

FORMAT = "kaufhaus-handin"
#: The control room's copy of the same record, marked apart: never counted as a hand-in.
LIVE_FORMAT = "kaufhaus-live"
VERSION = 2
LANGS = ("de", "en")

#: Environment variables ``kaufhaus serve`` sets for each game process.
ENV_FOLDER = "KAUFHAUS_CLASS_FOLDER"
ENV_GAME = "KAUFHAUS_CLASS_GAME"
#: The lesson the game belongs to (``classroom.lesson``): a class folder may hold several.
ENV_LESSON = "KAUFHAUS_CLASS_LESSON"
#: Set when the page reconnects after the teacher's server restarted: go on with the autosave.
ENV_RESUME = "KAUFHAUS_CLASS_RESUME"

#: Sub-folders of a class folder (our own names; nothing else is written there).
GAMES = "spiele"
LIVE = "live"
HANDINS = "abgaben"
#: The answer on the class banner, kept so that a reload or a server restart does not ask again.
#: No ``.json`` ending: the save folder would take it for an old save of another program.
ANSWER_FILE = "klassenantwort"
ANSWER_FORMAT = "kaufhaus-class-answer"

#: Conclusions worth counting in a class (numbers per product are counted elsewhere).
CONCLUSION_KINDS = ("interest", "category_interest", "segment", "mood", "next_purchase")
#: A purchase probability at or above this is the shop's "will buy".
PREDICTS_PURCHASE = 0.5
#: What replaces a typed string found anywhere in a record.
REMOVED = "[entfernt/removed]"

#: A choice whose label the story does not give as plain text (a template, a lost id).
SOME_CHOICE = {"de": "eine Auswahl", "en": "an option"}
#: Without the story at hand: where the choice led ("weiter nach „Kasse“").
LED_TO = {"de": "weiter nach „{title}“", "en": "on to “{title}”"}
_GAME_ID = re.compile(r"^[a-z0-9][a-z0-9-]{3,63}$")
_LESSON_ID = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{4}Z-[0-9a-f]{6}$")


@dataclass(frozen=True)
class ClassMode:
    """This game runs in a class: where the class folder is and which game this is."""

    folder: Path
    game: str
    lesson: str | None = None
    #: The page came back by itself after a restart: continue, not the title's menu.
    resume: bool = False

    @property
    def live_file(self) -> Path:
        return self.folder / LIVE / f"{self.game}.json"

    @property
    def handin_file(self) -> Path:
        return self.folder / HANDINS / f"{self.game}.json"

    @property
    def answer_file(self) -> Path:
        """The pupil's answer on the class banner, beside the game's saves."""
        return self.folder / GAMES / self.game / ANSWER_FILE


def class_mode(environ: Mapping[str, str] | None = None) -> ClassMode | None:
    """The class this game runs in, or None when it is an ordinary game."""
    env = os.environ if environ is None else environ
    folder = env.get(ENV_FOLDER, "")
    game = env.get(ENV_GAME, "")
    if not folder or not valid_game_id(game):
        return None
    lesson = env.get(ENV_LESSON, "")
    resume = env.get(ENV_RESUME, "") == "1"
    return ClassMode(Path(folder), game, lesson if valid_lesson_id(lesson) else None, resume)


def valid_game_id(game: str) -> bool:
    """Game ids become file names: lower-case letters, digits and dashes only."""
    return bool(_GAME_ID.match(game))


def valid_lesson_id(lesson: str) -> bool:
    """A lesson id as ``classroom.lesson`` makes them (``2026-12-07T0800Z-3f9a1c``)."""
    return bool(_LESSON_ID.match(lesson))


def game_token(game: str) -> str:
    """What a record says about its game: enough to count a copy once, nothing to find it by.

    A hash of the game id (which is secret: it names the pupil's saves), so a
    hand-in and a copy of it are recognised as one pupil without the record
    leading to the pupil's folder or cookie.
    """
    import hashlib

    return hashlib.sha256(b"kaufhaus-abgabe-v1:" + game.encode("ascii")).hexdigest()[:16]


# ----------------------------------------------------------------- the record
def _both(value: Any, fallback: str = "") -> dict[str, str]:
    if isinstance(value, Mapping):
        de = str(value.get("de") or fallback)
        return {"de": de, "en": str(value.get("en") or de)}
    text = str(value) if value not in (None, "") else fallback
    return {"de": text, "en": text}


def _conclusion(inference: Mapping[str, Any]) -> dict[str, Any]:
    kind = str(inference.get("kind"))
    kind_label = _both(inference.get("kind_label"), kind)
    what = inference.get("label") or inference.get("subject_label")
    if kind == "next_purchase":
        what = inference.get("subject_label")
    what_label = _both(what, str(inference.get("subject", "")))
    return {
        "kind": kind,
        "subject": str(inference.get("subject", "")),
        "label": {lang: f"{kind_label[lang]}: {what_label[lang]}" for lang in ("de", "en")},
        "name": what_label,
    }


def typed_values(dossier: Mapping[str, Any]) -> list[str]:
    """Every string the player typed (name, e-mail, errand), longest first."""
    found: set[str] = set()
    for value in (dossier.get("data_subject") or {}).values():
        if isinstance(value, str) and value.strip():
            found.add(value.strip())
    for event in dossier.get("events") or []:
        if event.get("kind") == "input":
            value = (event.get("data") or {}).get("value")
            if isinstance(value, str) and value.strip():
                found.add(value.strip())
    # One or two characters ("-", "ok") name nobody and would blank half the labels.
    return sorted((s for s in found if len(s) >= 3), key=lambda s: (-len(s), s))


#: Fields holding human-readable text (from the story); only these are searched for typed text.
_HUMAN = frozenset({"label", "name", "scene_title", "products"})


def _scrub(value: Any, typed: list[str], human: bool = False) -> Any:
    """Replace typed text in the record's human-readable fields (ids and keys stay)."""
    if isinstance(value, str):
        if human:
            for text in typed:
                if text in value:
                    value = value.replace(text, REMOVED)
        return value
    if isinstance(value, list):
        return [_scrub(v, typed, human) for v in value]
    if isinstance(value, dict):
        return {k: _scrub(v, typed, human or k in _HUMAN) for k, v in value.items()}
    return value


def _plain(text: str) -> str | None:
    """A label's source as one line, unless it is a template (rendered per player)."""
    line = " ".join(text.split())
    return None if not line or "{{" in line or "{%" in line else line


def _choice_label(
    story: Story | None, scene: str, choice: str, goto: str, titles: Mapping[str, dict[str, str]]
) -> dict[str, str]:
    """The story's own label of a choice; without the story, where it led."""
    found = story.scenes.get(scene) if story is not None else None
    option = found.choice(choice) if found is not None else None
    if option is not None:
        return {lang: _plain(option.label.source(lang)) or SOME_CHOICE[lang] for lang in LANGS}
    if goto in titles:
        return {lang: LED_TO[lang].format(title=titles[goto][lang]) for lang in LANGS}
    return dict(SOME_CHOICE)


def _scene_titles(dossier: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    titles = {
        str(s.get("scene")): _both(s.get("title"), str(s.get("scene")))
        for s in dossier.get("shown_vs_neutral") or []
    }
    for sid, entry in (dossier.get("scenes") or {}).items():
        if isinstance(entry, Mapping) and entry.get("title"):
            titles[str(sid)] = _both(entry.get("title"), str(sid))
    return titles


def handin_of(game: Game) -> dict[str, Any]:
    """The record of a game being played (labels from its own story)."""
    from kaufhaus.dossier.model import build_dossier

    return handin_from_dossier(build_dossier(game), game.story)


def handin_from_dossier(dossier: Mapping[str, Any], story: Story | None = None) -> dict[str, Any]:
    """The anonymised record of one game; a pure function of the dossier (and the story).

    Each field is picked, never edited out of a sentence. ``story`` gives each
    choice the label the pupil saw; without it (an exported dossier of a
    story not at hand) a choice is named by the place it led to.
    """
    consent = dossier.get("consent") or {}
    profile = dossier.get("profile") or {}
    payments = dossier.get("payments") or {}
    summary = dossier.get("summary") or {}
    catalogue = dossier.get("catalogue") or {}
    bought: set[str] = set()
    for payment in payments.get("payments") or []:
        for item in payment.get("items") or []:
            bought.add(str(item.get("product")))
    probabilities = {
        str(pid): float(p) for pid, p in sorted((profile.get("purchase_probability") or {}).items())
    }
    predictions = [
        {
            "product": pid,
            "probability": p,
            "predicted": p >= PREDICTS_PURCHASE,
            "bought": pid in bought,
        }
        for pid, p in probabilities.items()
    ]
    conclusions = [
        _conclusion(inf)
        for inf in dossier.get("inferences") or []
        if str(inf.get("kind")) in CONCLUSION_KINDS
    ]
    segments = [c for c in conclusions if c["kind"] == "segment"]
    titles = _scene_titles(dossier)
    if story is not None and story.id != (dossier.get("story") or {}).get("id"):
        story = None  # another story's labels would name other choices
    choices = [
        {
            "scene": str(e.get("scene", "")),
            "choice": str(e.get("target", "")),
            "scene_title": titles.get(str(e.get("scene")), _both(None, str(e.get("scene")))),
            "label": _choice_label(
                story,
                str(e.get("scene", "")),
                str(e.get("target", "")),
                str((e.get("data") or {}).get("goto", "")),
                titles,
            ),
        }
        for e in dossier.get("events") or []
        if e.get("kind") == "choice"
    ]
    about = dossier.get("story") or {}
    record: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "generator": GENERATOR,
        # Set when the record is written into a class folder (``stamped``).
        "lesson": None,
        "game": None,
        "story": {"id": about.get("id"), "hash": about.get("hash")},
        "lang": dossier.get("lang"),
        "ended": bool(dossier.get("ended")),
        "consent": {
            "choice": consent.get("choice"),
            "label": _both(consent.get("label"), "–") if consent.get("choice") else None,
            "granted": list(consent.get("granted") or []),
            "refused": list(consent.get("refused") or []),
        },
        "events": int(summary.get("events", 0)),
        "events_after_refusal": int(summary.get("events_after_refusal", 0)),
        "personalised_scenes": int(summary.get("personalised_scenes", 0)),
        "conclusions": conclusions,
        "segments": [
            {"id": s["subject"], "label": s["label"], "name": s["name"]} for s in segments
        ],
        "predictions": predictions,
        "bought": sorted(bought),
        "paid": float(payments.get("total_paid") or 0.0),
        "paid_neutral": float(payments.get("total_neutral") or 0.0),
        "paid_difference": float(payments.get("difference") or 0.0),
        "choices": choices,
        "products": {
            str(pid): _both((entry or {}).get("name"), str(pid))
            for pid, entry in sorted(catalogue.items())
        },
        # Products of the special categories (Art. 9 GDPR): off the projector by default.
        "sensitive": {
            str(pid): str(entry["sensitive"])
            for pid, entry in sorted(catalogue.items())
            if isinstance(entry, Mapping) and entry.get("sensitive")
        },
    }
    return dict(_scrub(record, typed_values(dossier)))


def handin_json(record: Mapping[str, Any]) -> str:
    """The record as written to the class folder (and shown to the pupil before)."""
    return json.dumps(record, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def is_handin(data: Any) -> bool:
    """A hand-in (or a live record) by its format; the readers also check the mark."""
    return isinstance(data, dict) and data.get("format") in (FORMAT, LIVE_FORMAT)


def is_live(data: Any) -> bool:
    return isinstance(data, dict) and data.get("format") == LIVE_FORMAT


def stamped(mode: ClassMode, record: Mapping[str, Any], *, live: bool = False) -> dict[str, Any]:
    """The record as it goes into the class folder: its lesson, its game's token, its kind."""
    out = dict(record)
    out["format"] = LIVE_FORMAT if live else FORMAT
    out["lesson"] = mode.lesson
    out["game"] = game_token(mode.game)
    return out


def is_dossier(data: Any) -> bool:
    return isinstance(data, dict) and data.get("format") == "kaufhaus-dossier"


def as_record(data: Any, story: Story | None = None) -> dict[str, Any]:
    """A hand-in as it is, or a full dossier (JSON export) made into one."""
    if is_handin(data):
        return dict(data)
    if is_dossier(data):
        return handin_from_dossier(data, story)
    raise ValueError("neither a hand-in nor a dossier of Kaufhaus Internet")


# ------------------------------------------------------------------- writing
def write_atomic(path: Path, text: str) -> Path:
    """Write via a temporary file in the same folder and rename: never half a file."""
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def write_handin(mode: ClassMode, record: Mapping[str, Any]) -> Path:
    """Put the record into the class folder's hand-ins (a second hand-in replaces the first)."""
    return write_atomic(mode.handin_file, handin_json(stamped(mode, record)))


def write_live(mode: ClassMode, record: Mapping[str, Any]) -> Path:
    """The control room's view of this game, replaced after every scene."""
    text = json.dumps(stamped(mode, record, live=True), ensure_ascii=False) + "\n"
    return write_atomic(mode.live_file, text)


def withdraw(mode: ClassMode) -> list[Path]:
    """The pupil took back the yes: this game's live file and hand-in go (if ours).

    Only files that carry our format are deleted (a file of another program
    under the same name stays); returns what was deleted.
    """
    gone = []
    for path in (mode.live_file, mode.handin_file):
        try:
            if os.path.islink(path) or not path.is_file():
                continue
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if is_handin(data):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
                gone.append(path)
    return gone


def write_answer(mode: ClassMode, share: bool) -> Path:
    """Remember the pupil's answer for this lesson (a reload or a restart does not ask again)."""
    data = {"format": ANSWER_FORMAT, "generator": GENERATOR, "lesson": mode.lesson, "share": share}
    return write_atomic(mode.answer_file, json.dumps(data) + "\n")


def read_answer(mode: ClassMode) -> bool | None:
    """The answer given in this lesson, or None (never asked, another lesson, not ours)."""
    try:
        if os.path.islink(mode.answer_file):
            return None
        data = json.loads(mode.answer_file.read_text(encoding="utf-8")[:1000])
    except (OSError, ValueError):
        return None
    if not is_answer(data) or data.get("lesson") != mode.lesson:
        return None
    share = data.get("share")
    return share if isinstance(share, bool) else None


def is_answer(data: Any) -> bool:
    return (
        isinstance(data, dict)
        and data.get("format") == ANSWER_FORMAT
        and str(data.get("generator", "")).startswith("kaufhaus ")
    )


# ----------------------------------------------------------------- preview
def handin_text(record: Mapping[str, Any], lang: str) -> str:
    """Every field of the record in words, for the pupil to read before handing in.

    The same content as the file, without its internal ids and JSON syntax
    (a pupil should not have to read ``"coupon_nehmen"``); each line names
    one field of the record, and nothing is added or left out.
    """
    from kaufhaus.tracking.numbers import cents, format_money, format_percent
    from kaufhaus.tracking.purposes import PURPOSES

    def t(key: str, **values: object) -> str:
        return text(key, lang, **values)

    def purposes(ids: list[str]) -> str:
        names = [PURPOSES[p].label[lang] if p in PURPOSES else p for p in ids]
        return ", ".join(names) or "–"

    consent = record.get("consent") or {}
    label = consent.get("label")
    lines = [
        t("preview_consent", choice=label[lang] if label else t("preview_none")),
        "  " + t("preview_granted", what=purposes(list(consent.get("granted") or []))),
        "  " + t("preview_refused", what=purposes(list(consent.get("refused") or []))),
        t("preview_events", n=record.get("events", 0)),
        "  " + t("preview_after_refusal", n=record.get("events_after_refusal", 0)),
        t("preview_personalised", n=record.get("personalised_scenes", 0)),
        "",
        t("preview_conclusions"),
    ]
    lines += [f"  • {c['label'][lang]}" for c in record.get("conclusions") or []] or [
        "  " + t("preview_none")
    ]
    lines += ["", t("preview_predictions")]
    names = record.get("products") or {}
    for p in record.get("predictions") or []:
        name = (names.get(p["product"]) or {}).get(lang, "?")
        done = t("preview_bought") if p["bought"] else t("preview_not_bought")
        lines.append(f"  • {name}: {format_percent(float(p['probability']), lang)} – {done}")
    lines += [
        "",
        t(
            "preview_money",
            paid=format_money(cents(record.get("paid", 0.0)), lang),
            neutral=format_money(cents(record.get("paid_neutral", 0.0)), lang),
            difference=format_money(cents(record.get("paid_difference", 0.0)), lang),
        ),
        "",
        t("preview_path"),
    ]
    lines += [
        f"  {i}. {c['scene_title'][lang]}: {c['label'][lang]}"
        for i, c in enumerate(record.get("choices") or [], 1)
    ]
    lines += ["", t("preview_technical")]
    return "\n".join(lines)


# ------------------------------------------------------------------- texts
#: What the class banner and the hand-in screen say (the terminal app shows them).
TEXTS: dict[str, dict[str, str]] = {
    "class_title": {
        "de": "Bevor es losgeht: eine ehrliche Frage eurer Lehrkraft",
        "en": "Before you start: an honest question from your teacher",
    },
    "class_text": {
        "de": (
            "Ihr spielt gleich in einem Kaufhaus, das alles über euch mitschreibt. "
            "Eure Lehrkraft möchte danach mit der Klasse besprechen, was der Laden über "
            "euch alle zusammen herausgefunden hat.\n\n"
            "Wenn du zustimmst, geht nach jeder Szene eine anonyme Zusammenfassung an den "
            "Rechner deiner Lehrkraft: deine Cookie-Antwort, die Schlüsse des Ladens, "
            "seine Kaufvorhersagen, was du gekauft und bezahlt hast, welche Wege du "
            "gewählt hast. Nicht dabei: dein Name, deine E-Mail-Adresse, alles, was du "
            "eintippst, und Angaben zu deinem Gerät.\n\n"
            "Der Kontrollraum zeigt nur Gruppen ab drei Personen, nie eine einzelne. "
            "Wenn du ablehnst, wird nichts geteilt, und du spielst genau dasselbe Spiel. "
            "Beide Antworten sind gleich richtig. Nichts verlässt diesen Raum."
        ),
        "en": (
            "You are about to play in a shop that writes down everything "
            "you do. Afterwards your teacher would like to discuss with the class what "
            "the shop found out about all of you together.\n\n"
            "If you agree, an anonymous summary goes to your teacher's computer after "
            "each scene: your cookie answer, the shop's conclusions, its purchase "
            "predictions, what you bought and paid, which ways you chose. Not included: "
            "your name, your e-mail address, anything you type, details of your device.\n\n"
            "The control room shows only groups of three or more, never one person. If "
            "you say no, nothing is shared and you play exactly the same game. Both "
            "answers are equally right. Nothing leaves this room."
        ),
    },
    "class_yes": {"de": "Ja, anonym teilen", "en": "Yes, share anonymously"},
    "class_again": {
        "de": "Weiter geht's. Deine Antwort an die Lehrkraft gilt weiter: {answer}. "
        "Ändern: Strg+P, dann „Klassenfrage“.",
        "en": "Here we go again. Your answer to your teacher still stands: {answer}. "
        "To change it: Ctrl+P, then 'Class question'.",
    },
    "cmd_class": {"de": "Klassenfrage", "en": "Class question"},
    "cmd_class_help": {
        "de": "Noch einmal entscheiden, ob eine anonyme Zusammenfassung an die Lehrkraft geht "
        "(Nein nimmt auch Zusammenfassung und Abgabe zurück)",
        "en": "Decide again whether an anonymous summary goes to your teacher "
        "(no also takes back the summary and the hand-in)",
    },
    "class_no": {"de": "Nein, nicht teilen", "en": "No, do not share"},
    "class_hint": {
        "de": "Taste j für Ja, n für Nein – oder Tab und Enter.",
        "en": "Press y for yes, n for no – or Tab and Enter.",
    },
    "key_handin": {"de": "Abgeben", "en": "Hand in"},
    "handin_title": {
        "de": "Deine Akte abgeben – anonym",
        "en": "Hand in your file – anonymously",
    },
    "handin_intro": {
        "de": (
            "Das hier – genau das und nichts sonst – landet im Klassenordner auf dem "
            "Rechner deiner Lehrkraft, wenn du „Abgeben“ wählst (als Datei für den "
            "Klassenbericht). Ohne Namen, E-Mail, Eingetipptes und Geräteangaben. Du "
            "musst nicht abgeben."
        ),
        "en": (
            "This – exactly this and nothing else – goes into the class folder on your "
            "teacher's computer if you choose 'Hand in' (as a file for the class "
            "report). Without name, e-mail, anything typed or device details. You do "
            "not have to hand it in."
        ),
    },
    "preview_consent": {
        "de": "Deine Antwort am Cookie-Banner: {choice}",
        "en": "Your answer at the cookie banner: {choice}",
    },
    "preview_granted": {"de": "erlaubt: {what}", "en": "allowed: {what}"},
    "preview_refused": {"de": "abgelehnt: {what}", "en": "refused: {what}"},
    "preview_events": {
        "de": "Ereignisse im Protokoll des Ladens: {n}",
        "en": "Events in the shop's log: {n}",
    },
    "preview_after_refusal": {
        "de": "davon nach deiner Ablehnung verarbeitet: {n}",
        "en": "of them processed after you refused: {n}",
    },
    "preview_personalised": {
        "de": "Szenen, die der Laden für dich umgeschrieben hat: {n}",
        "en": "Scenes the shop rewrote for you: {n}",
    },
    "preview_conclusions": {"de": "Die Schlüsse des Ladens:", "en": "The shop's conclusions:"},
    "preview_predictions": {
        "de": "Seine Kaufvorhersagen – und was du gekauft hast:",
        "en": "Its purchase predictions – and what you bought:",
    },
    "preview_bought": {"de": "gekauft", "en": "bought"},
    "preview_not_bought": {"de": "nicht gekauft", "en": "not bought"},
    "preview_money": {
        "de": "Bezahlt: {paid}; ein unbeobachteter Kunde hätte {neutral} bezahlt "
        "(Unterschied {difference}).",
        "en": "Paid: {paid}; an unobserved customer would have paid {neutral} "
        "(difference {difference}).",
    },
    "preview_path": {"de": "Dein Weg durch das Kaufhaus:", "en": "Your way through the shop:"},
    "preview_none": {"de": "keine", "en": "none"},
    "preview_technical": {
        "de": "Dazu, für die Auswertung: die Fassung der Geschichte, die Sprache, ob du bis "
        "zum Ende gespielt hast, die Namen der Waren, die Unterrichtsstunde und eine "
        "Prüfnummer deines Spiels (damit eine Kopie nicht doppelt zählt; sie führt "
        "nicht zu dir).",
        "en": "Plus, for the evaluation: the version of the story, the language, whether "
        "you played to the end, the names of the goods, the lesson and a check number "
        "of your game (so a copy does not count twice; it does not lead to you).",
    },
    "handin_yes": {"de": "Abgeben", "en": "Hand in"},
    "handin_no": {"de": "Nicht abgeben", "en": "Do not hand in"},
    "handin_done": {
        "de": "Abgegeben. Danke! (Eine zweite Abgabe ersetzt die erste.)",
        "en": "Handed in. Thank you! (Handing in again replaces the first.)",
    },
    "handin_refused": {
        "de": "Nicht abgegeben. Es wurde nichts geschrieben.",
        "en": "Not handed in. Nothing was written.",
    },
    "handin_failed": {
        "de": "Abgeben ging nicht: {error}",
        "en": "Could not hand in: {error}",
    },
    "handin_only_class": {
        "de": "Abgeben gibt es nur, wenn die Klasse im Browser spielt (kaufhaus serve).",
        "en": "Handing in only exists when a class plays in the browser (kaufhaus serve).",
    },
}


def text(key: str, lang: str, **values: object) -> str:
    entry = TEXTS[key]
    result = entry.get(lang) or entry["de"]
    return counted(result, values).format(**values) if values else result

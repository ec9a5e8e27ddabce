"""Plain mode: the same game as numbered lines and prompts, for screen readers.

No full-screen UI, no colours, no cursor tricks: every scene is printed once
as text, followed by the shelf (``u1``, ``u2`` … to examine) and the numbered
choices. The shop tracks the same things as in the full-screen game: choices,
examines, typed input, and hesitation through the injected clock (a long
pause before answering is logged as idle). ``input_fn``, ``output`` and
``clock`` are injectable so a test can play a whole game from a list of lines.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from kaufhaus.play.describe import (
    after_decision_count,
    basis_text,
    consent_text,
    evidence_text,
    inference_reason,
    inference_workings,
    money,
    money_moments,
    processed_despite_refusal,
    purpose_text,
    reality_lines,
    scene_title,
    special_category_line,
    told_us,
    usage_lines,
)
from kaufhaus.play.fingerprint import local_fingerprint
from kaufhaus.play.session import (
    Session,
    list_saves,
    next_slot_name,
    probe_autosave,
    slot_path,
)
from kaufhaus.play.strings import clock_text, duration_text, other_language, tr
from kaufhaus.play.words import (
    basket_line,
    game_title,
    header_line,
    is_shop,
    locked_lines,
    receipt_line,
    reveals,
    shelf_label,
    subtitle,
)
from kaufhaus.saves import MAX_INPUT_CHARS
from kaufhaus.story.errors import neutralise
from kaufhaus.tracking.numbers import counted

if TYPE_CHECKING:
    from kaufhaus.game import SceneView
    from kaufhaus.play.watch import PackWatch
    from kaufhaus.story.model import Story

#: A pause longer than this before answering is logged as idle, as in the full-screen game.
IDLE_AFTER = 30.0
#: Log entries per page in the reveal (w turns the page): a file, not a flood.
LOG_PAGE = 40

PLAIN: dict[str, dict[str, str]] = {
    "menu": {
        "de": "1. Neues Spiel\n2. {cont}\n3. Spielstand laden\n4. Sprache: Deutsch → English\n"
        "5. Hilfe\n6. Beenden",
        "en": "1. New game\n2. {cont}\n3. Load a saved game\n4. Language: English → Deutsch\n"
        "5. Help\n6. Quit",
    },
    "cont_none": {"de": "Weiterspielen (kein Spielstand)", "en": "Continue (no autosave)"},
    "ask": {"de": "Ihre Wahl: ", "en": "Your choice: "},
    "command": {
        "de": "Befehl (Zahl, u1, b, s, l, r, ?, q): ",
        "en": "Command (number, u1, b, s, l, r, ?, q): ",
    },
    # For packs with ``back: false``: no b to offer.
    "command_no_undo": {
        "de": "Befehl (Zahl, u1, s, l, r, ?, q): ",
        "en": "Command (number, u1, s, l, r, ?, q): ",
    },
    "shelf": {
        "de": "{label} (u und Nummer zum Ansehen):",
        "en": "{label} (u and a number to examine):",
    },
    "choices": {"de": "Was tun Sie?", "en": "What do you do?"},
    # ``--watch``: the author's live preview.
    "watch_on": {
        "de": "(Vorschau: Ändert sich eine Datei des Pakets, lädt die nächste Eingabe es neu.)",
        "en": "(Preview: when a file of the pack changes, your next entry reloads it.)",
    },
    "watch_reloaded": {
        "de": "[Paket neu geladen; das Spiel steht, wo es stand.]",
        "en": "[Pack reloaded; the game is where it was.]",
    },
    "watch_stopped": {
        "de": "[Das geänderte Paket lässt nicht alles zu, was gespielt war; "
        "es geht weiter ab: {where}]",
        "en": "[The changed pack does not allow all that was played; it goes on from: {where}]",
    },
    "watch_broken": {
        "de": "[Das Paket hat Fehler; das Spiel wartet, bis sie behoben sind:]",
        "en": "[The pack has errors; the game waits until they are fixed:]",
    },
    "watch_wait": {
        "de": "Datei speichern, dann Enter (q beendet): ",
        "en": "Save the file, then Enter (q quits): ",
    },
    "prompt_hint": {
        "de": "(Tippen Sie nur den Text und dann Enter. Enter ohne Text: nichts eingeben. "
        "Später ändern mit: t Text)",
        "en": "(Type just the text, then Enter. Enter with no text: type nothing. "
        "Change it later with: t text)",
    },
    "unknown": {
        "de": "Das verstehe ich nicht. ? zeigt die Befehle.",
        "en": "I don't understand that. ? lists the commands.",
    },
    "no_item": {"de": "Im Regal gibt es kein u{n}.", "en": "There is no u{n} on the shelf."},
    "no_item_here": {"de": "Hier gibt es kein u{n}.", "en": "There is no u{n} here."},
    "no_choice": {"de": "Es gibt keine Wahl {n}.", "en": "There is no choice {n}."},
    "no_prompt": {
        "de": "Hier fragt niemand nach einer Eingabe.",
        "en": "Nobody here is asking you to type anything.",
    },
    "help": {
        "de": "Befehle:\n  1, 2, …     Entscheidung wählen\n  u1, u2, …   etwas ansehen "
        "(auch: x 1)\n  t Text      etwas eintippen, wenn gefragt wird\n"
        "  b           die letzte Entscheidung rückgängig machen\n"
        "  r           Szene noch einmal vorlesen\n"
        "  s [Name]    speichern\n  l           Spielstand laden\n"
        "  q           beenden (wird automatisch gespeichert)\n  ?           diese Hilfe\n"
        "Strg+D beendet ebenfalls und speichert.",
        "en": "Commands:\n  1, 2, …     take a choice\n  u1, u2, …   examine something "
        "(also: x 1)\n  t text      type something when asked\n"
        "  b           undo the last choice\n  r           read the scene again\n"
        "  s [name]    save\n  l           load a saved game\n"
        "  q           quit (saved automatically)\n  ?           this help\n"
        "Ctrl+D also quits and saves.",
    },
    "saved_auto": {"de": "Automatisch gespeichert: {path}", "en": "Autosaved: {path}"},
    "bye": {
        "de": "Auf Wiedersehen. Das Kaufhaus vergisst Sie nicht.",
        "en": "Goodbye. The shop won't forget you.",
    },
    "bye_plain": {"de": "Auf Wiedersehen.", "en": "Goodbye."},
    "end_ask": {
        "de": "n = neues Spiel, Enter = beenden: ",
        "en": "n = new game, Enter = quit: ",
    },
    "load_pick": {
        "de": "Nummer des Spielstands (Enter: abbrechen): ",
        "en": "Number of the save (Enter: cancel): ",
    },
    "reveal_ask": {
        "de": "Abschnitt (1–7), w, c, e, f, ? = Menü, Enter = beenden: ",
        "en": "Section (1–7), w, c, e, f, ? = menu, Enter = quit: ",
    },
    "reveal_menu": {
        "de": "IHRE AKTE – ABSCHNITTE\n  1. Auf einen Blick\n  2. Protokoll ({events} Einträge)\n"
        "  3. Schlüsse ({conclusions})\n  4. Wo das Kaufhaus danebenlag, und Ihre Rechte\n"
        "  5. Rechtsgrundlagen\n  6. Preise\n  7. Wirklichkeit\n"
        "  w = im Protokoll weiterblättern · c = einen Schluss anfechten\n"
        "  e = Akte exportieren · f = alles vergessen · Enter = beenden",
        "en": "YOUR FILE – SECTIONS\n  1. At a glance\n  2. Log ({events} entries)\n"
        "  3. Conclusions ({conclusions})\n  4. Where the shop got you wrong, and your rights\n"
        "  5. Legal bases\n  6. Prices\n  7. Reality check\n"
        "  w = next page of the log · c = contest a conclusion\n"
        "  e = export the file · f = forget everything · Enter = quit",
    },
    "reveal_bad": {
        "de": "Das gibt es hier nicht: „{answer}“. Eine Zahl von 1 bis 7, w, c, e, f oder Enter.",
        "en": "There is no “{answer}” here. A number from 1 to 7, w, c, e, f or Enter.",
    },
    "log_more": {
        "de": "Einträge {first}–{last} von {total}. Weiter mit w.",
        "en": "Entries {first}–{last} of {total}. w for more.",
    },
    "log_end": {
        "de": "Ende des Protokolls ({total} Einträge).",
        "en": "End of the log ({total} entries).",
    },
    "contest_which": {
        "de": "Welchen Schluss fechten Sie an? Nummer (1–{n}, Abschnitt 3; Enter: keinen): ",
        "en": "Which conclusion do you contest? Number (1–{n}, section 3; Enter: none): ",
    },
    "contest_right": {
        "de": "1 = berichtigen, 2 = widersprechen, 3 = Mensch statt Maschine (Enter: keins): ",
        "en": "1 = rectify, 2 = object, 3 = a human, not a machine (Enter: none): ",
    },
    "contest_none": {
        "de": "Das Kaufhaus hat keine Schlüsse, die Sie anfechten könnten.",
        "en": "The shop has drawn no conclusions you could contest.",
    },
    "no_conclusion": {"de": "Es gibt keinen Schluss {n}.", "en": "There is no conclusion {n}."},
    "no_right": {
        "de": "Bitte 1, 2 oder 3 – oder Enter für keins.",
        "en": "Please 1, 2 or 3 – or Enter for none.",
    },
    "menu_bad": {
        "de": "Das gibt es hier nicht: „{answer}“. Bitte eine Zahl von 1 bis 6 (? für Hilfe).",
        "en": "There is no “{answer}” here. Please a number from 1 to 6 (? for help).",
    },
    "menu_no_autosave": {
        "de": "Es gibt keinen automatischen Spielstand, der weitergespielt werden könnte.",
        "en": "There is no autosave to continue.",
    },
    "load_bad": {
        "de": "Es gibt keinen Spielstand „{answer}“. Nichts geladen.",
        "en": "There is no save “{answer}”. Nothing loaded.",
    },
    "end_bad": {
        "de": "Bitte n für ein neues Spiel oder Enter zum Beenden.",
        "en": "Please n for a new game or Enter to quit.",
    },
    "not_saved": {
        "de": "Nicht alles ist gespeichert: {error}",
        "en": "Not everything is saved: {error}",
    },
    "salvage_ask": {"de": "Ab dort weiterspielen? [j/N] ", "en": "Go on from there? [y/N] "},
    "overwrite_ask": {
        "de": "{name} gibt es schon. Überschreiben? [j/N] ",
        "en": "{name} already exists. Overwrite? [y/N] ",
    },
    "section_log": {"de": "PROTOKOLL", "en": "LOG"},
    "section_conclusions": {"de": "SCHLÜSSE", "en": "CONCLUSIONS"},
    "section_legal": {"de": "RECHTSGRUNDLAGEN", "en": "LEGAL BASES"},
    "section_prices": {"de": "PREISE", "en": "PRICES"},
    "section_reality": {"de": "WIRKLICHKEIT", "en": "REALITY CHECK"},
    "section_rights": {"de": "IHRE RECHTE", "en": "YOUR RIGHTS"},
    "purpose_line": {
        "de": "{purpose}: {basis}, {n} {n|Ereignis|Ereignisse} insgesamt seit Ihrer Ankunft"
        "{refused}",
        "en": "{purpose}: {basis}, {n} {n|event|events} in all, since you arrived{refused}",
    },
    "refused": {"de": " (von Ihnen abgelehnt)", "en": " (you refused it)"},
    "price_line": {
        "de": "{scene}: {product} – Ihnen {shown}, neutral {neutral}",
        "en": "{scene}: {product} – you {shown}, neutral {neutral}",
    },
}


def p(key: str, lang: str, **values: object) -> str:
    """A plain-mode string (falling back to the shared UI strings)."""
    entry = PLAIN.get(key)
    if entry is None:
        return tr(key, lang, **values)
    text = entry.get(lang) or entry["de"]
    return counted(text, values).format(**values) if values else text


class _Quit(Exception):
    """The player ended the session (q, Ctrl+D or Ctrl+C); ``code`` is the exit code."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


class PlainGame:
    """The line-by-line front end around one Session."""

    def __init__(
        self,
        story: Story,
        session: Session,
        input_fn: Callable[[str], str],
        output: TextIO,
        watch: PackWatch | None = None,
    ) -> None:
        self.story = story
        self.session = session
        #: ``--watch``: the pack is reloaded when its files change (see kaufhaus.play.watch).
        self.watch = watch
        self.input_fn = input_fn
        self.output = output
        # On a real terminal, wrap at word boundaries; pipes and tests get whole lines.
        self.width = _terminal_size()[0] - 1 if _isatty(output) else 0
        self._shown_enter: int | None = None
        self._asked_prompt: int | None = None
        #: The choices as last printed (number, label): when the game offers a
        #: different list, it is printed again, so no number means something unsaid.
        self._listed: tuple[tuple[int, str], ...] | None = None
        #: The scene text as last printed: a reply prints only what is new in it.
        self._text = ""
        self._autosave_failing = False

    @property
    def lang(self) -> str:
        return self.session.lang

    def say(self, text: str = "") -> None:
        text = neutralise(text)  # no escape sequence reaches the terminal, whoever wrote it
        if self.width > 20:
            text = "\n".join(_wrap(line, self.width) for line in text.split("\n"))
        print(text, file=self.output, flush=True)

    def ask(self, prompt: str) -> str:
        """Read one line; EOF and Ctrl+C end the session (after an autosave).

        A hangup is acted on only here, while the game waits for the player: raised
        in the middle of logging or saving it could cut the file short (a note
        logged, the quit never), so at any other moment it is only remembered.
        """
        if _HANGUP.seen:
            raise _Quit(129)
        try:
            _HANGUP.reading = True
            try:
                return self.input_fn(prompt)
            finally:
                _HANGUP.reading = False
        except EOFError:
            with contextlib.suppress(OSError):
                self.say()
            raise _Quit(0) from None
        except OSError:  # the terminal is gone (EIO): save and leave, as on Ctrl+D
            raise _Quit(129) from None
        except KeyboardInterrupt:
            self.say()
            raise _Quit(130) from None

    def timed_ask(self, prompt: str) -> str:
        """Ask during play; a long pause before the answer is logged as idle."""
        before = self.session.clock()
        answer = self.ask(prompt)
        waited = self.session.clock() - before
        if waited >= IDLE_AFTER and self.session.running:
            self._act("idle", seconds=round(waited, 1))
        return answer

    # --------------------------------------------------------------- title
    def title(self) -> bool:
        """The title menu; True when a game is running afterwards."""
        while True:
            lang = self.lang
            probe = probe_autosave(self.story.id, self.session.saves)
            self.say(game_title(self.story, lang))
            tagline = subtitle(self.story, lang)
            if tagline:
                self.say(tagline)
            self.say(tr("privacy_note", lang))
            for problem in probe.problems:
                self.say(tr("autosave_damaged", lang, error=problem.text(lang)))
            self.say()
            if probe.summary is not None:
                cont = tr(
                    "menu_continue_where",
                    lang,
                    place=scene_title(self.story, probe.summary.scene, lang),
                    time=clock_text(probe.summary.play_seconds),
                )
            else:
                cont = p("cont_none", lang)
            self.say(p("menu", lang, cont=cont))
            answer = self.ask(p("ask", lang)).strip().lower()
            if answer == "1":
                from kaufhaus.game import RenderError

                try:
                    note = self.session.new_game(local_fingerprint(*_terminal_size(), None))
                except RenderError as exc:  # the pack's start scene cannot be shown
                    self.say(tr("story_error", lang, error=str(exc)))
                    raise _Quit(1) from None
                if note:
                    self.say(note)
                return True
            if answer == "2":
                if probe.path is None:
                    self.say(p("menu_no_autosave", lang))
                elif self.load_path(probe.path):
                    return True
            elif answer == "3":
                if self.load():
                    return True
            elif answer == "4":
                self.session.set_lang(other_language(lang))
            elif answer in ("5", "?"):
                self.say(tr("help_text", lang))
            elif answer in ("6", "q"):
                return False
            else:
                self.say(p("menu_bad", lang, answer=answer))
            self.say()

    def load(self) -> bool:
        lang = self.lang
        entries = list_saves(self.session.saves)
        if not entries:
            self.say(tr("load_empty", lang, folder=str(self.session.saves)))
            return False
        for n, entry in enumerate(entries, start=1):
            if entry.summary is None:
                error = entry.error.reason(lang) if entry.error else ""
                self.say(f"{n}. {entry.name} – {tr('load_damaged', lang)}: {error}")
            else:
                h = entry.summary
                when = datetime.fromtimestamp(h.modified).strftime(
                    "%d.%m.%Y %H:%M" if lang == "de" else "%Y-%m-%d %H:%M"
                )
                ended = f" {tr('ended_mark', lang)}" if h.ended(self.story) else ""
                self.say(
                    f"{n}. {entry.name} – {scene_title(self.story, h.scene, lang)}{ended}, "
                    f"{clock_text(h.play_seconds)}, {when}"
                )
        answer = self.ask(p("load_pick", lang)).strip()
        if not answer:
            return False
        if not answer.isdigit() or not 1 <= int(answer) <= len(entries):
            self.say(p("load_bad", lang, answer=answer))
            return False
        return self.load_path(entries[int(answer) - 1].path)

    def load_path(self, path: Path) -> bool:
        """Load a save; offer to go on from the last good event of a damaged one."""
        from kaufhaus.saves import SaveError, load_game, number_text

        lang = self.lang
        try:
            loaded = load_game(self.story, path)
        except SaveError as exc:
            self.say(tr("load_failed", lang, error=exc.text(lang)))
            if exc.event is None or exc.good <= 0:
                return False
            n = number_text(exc.event, lang)
            self.say(tr("salvage_question", lang, n=n, error=exc.reason(lang)))
            if self.ask(p("salvage_ask", lang)).strip().lower() not in ("j", "ja", "y", "yes"):
                return False
            try:
                loaded = load_game(self.story, path, salvage=True)
            except SaveError as again:
                self.say(tr("load_failed", lang, error=again.text(lang)))
                return False
        note = self.session.resume(loaded, path)
        if loaded.notice:
            self.say(tr("load_notice", lang, notice=loaded.notice_text(lang)))
        if note:
            self.say(note)
        self._shown_enter = None
        return True

    # ---------------------------------------------------------------- play
    def play(self) -> None:
        """Scene after scene until the ending; then the reveal (or, for a pack that
        is its own game, the choice of a new game)."""
        while True:
            if self.watch is not None and self._watched():
                continue
            game: Any = self.session.game
            view: SceneView = game.view()
            enter_id = _last_enter(game)
            if enter_id != self._shown_enter:
                self._shown_enter = enter_id
                self.show_scene(view)
            elif view.ending is None and _listing(view) != self._listed:
                self.say()
                self.show_choices(view)
            if game.ended:
                if reveals(self.story):
                    self.reveal()
                    return
                if not self.again():
                    return
                continue
            if view.prompt is not None and self._asked_prompt != enter_id:
                self._asked_prompt = enter_id
                self.say(view.prompt)
                self.say(p("prompt_hint", self.lang))
                typed = _typed(self.timed_ask("> "))
                if typed:
                    self.type_text(typed)
                continue
            ask = "command" if self.story.back != "off" else "command_no_undo"
            line = self.timed_ask(p(ask, self.lang)).strip()
            if not line and self.watch is not None:
                continue  # Enter alone: look at the pack again, nothing else
            self.command(line, view)

    def _watched(self) -> bool:
        """With ``--watch``: reload a changed pack and replay the game on it.

        True while the pack is broken: its located problems stand in place of
        the scene, and the prompt waits for the fix (Enter once it is saved).
        """
        watch = self.watch
        game = self.session.game
        if watch is None or game is None:
            return False
        if watch.changed():
            result = watch.reload(game)
            if result.problems:
                self.say()
                self.say(p("watch_broken", self.lang))
                for line in result.problems:
                    self.say(line)
            elif result.story is not None and result.game is not None:
                self.story = result.story
                error = self.session.swap(result.story, result.game)
                if error:
                    self.say(tr("autosave_failed", self.lang, error=error))
                self._shown_enter = None  # the scene as the changed pack shows it
                self.say()
                self.say(p("watch_reloaded", self.lang))
                if result.stopped:
                    self.say(p("watch_stopped", self.lang, where=result.stopped))
                return False
        if watch.broken:
            if self.ask(p("watch_wait", self.lang)).strip().lower() in ("q", "quit"):
                raise _Quit(0)
            return True
        return False

    def show_scene(self, view: SceneView, *, full: bool = True) -> None:
        self.say()
        self.say(f"== {header_line(view.title, view.place)} ==")
        if full and view.reply:
            self.say(f"» {view.reply}")
        if full:
            self.say(view.text)
            self._text = view.text
        if view.ending is not None:
            return
        if view.inventory:
            self.say(tr("carrying", self.lang, things=", ".join(view.inventory)))
        basket = basket_line(self.story, view, self.lang) if view.basket else None
        if basket is not None:
            self.say(basket)
            self.say(receipt_line(self.story, view, self.lang) or "")
        if view.items:
            self.say(p("shelf", self.lang, label=shelf_label(self.story, self.lang)))
            for n, item in enumerate(view.items, start=1):
                self.say(f"  u{n}. {item.label}")
        self.show_choices(view)

    def show_choices(self, view: SceneView) -> None:
        """The choices, each with its number as written in the scene (the TUI's keys)."""
        self._listed = _listing(view)
        self.say(p("choices", self.lang))
        for number, label in self._listed:
            self.say(f"  {number}. {label}")
        for line in locked_lines(view, self.lang):
            self.say(f"     {line}")

    def command(self, line: str, view: SceneView) -> None:
        lang = self.lang
        lowered = line.lower()
        if lowered.isdigit():
            choice = view.choice_by_ref(int(lowered))
            if choice is None:
                self.say(p("no_choice", lang, n=lowered))
                return
            outcome = self._act("choose", choice=choice.id)
            if outcome is not None and not outcome.scene_changed:
                # A reply that stays: say it, and only what the choice changed in the
                # scene as it rendered (and logged) it; the list follows if it changed.
                after = outcome.view
                if after is not None and after.reply:
                    self.say(f"» {after.reply}")
                    self._say_new_text(after)
            return
        item_ref = _item_ref(lowered)
        if item_ref is not None:
            if 1 <= item_ref <= len(view.items):
                outcome = self._act("examine", item=view.items[item_ref - 1].id)
                if outcome is not None:
                    self.say(f"» {view.items[item_ref - 1].label}")
                    self.say(outcome.text or "")
            else:
                own = self.story.presentation.shelf is not None  # not the shop's shelf
                self.say(p("no_item_here" if own else "no_item", lang, n=item_ref))
            return
        if lowered in ("b", "back", "zurück", "zurueck", "u", "undo"):
            if self._act("back") is not None:
                self.say(tr("undone" if is_shop(self.story) else "undone_plain", lang))
        elif lowered in ("r", "repeat"):
            self.show_scene(view)
        elif lowered in ("?", "h", "help", "hilfe"):
            self.say(p("help", lang))
        elif lowered in ("q", "quit", "beenden"):
            raise _Quit(0)
        elif lowered == "l":
            self.load()
        elif lowered == "s" or lowered.startswith("s "):
            self.save(line[1:].strip())
        elif lowered.startswith("t ") or lowered == "t":
            if view.prompt is None:
                self.say(p("no_prompt", lang))
            else:
                self.type_text(line[1:].strip())
        else:
            self.say(p("unknown", lang))

    def type_text(self, text: str) -> None:
        """Send what was typed, if it fits the form; say so if it is too long."""
        if len(text) > MAX_INPUT_CHARS:
            self.say(tr("input_too_long", self.lang, max=MAX_INPUT_CHARS))
            return
        outcome = self._act("type", value=text)
        if outcome is None or outcome.scene_changed or outcome.view is None:
            return  # a new scene is printed whole by the play loop
        # As after a choice: what the typing changed, not the unchanged scene again.
        # A field that refuses the text answers with its refusal (each time: the
        # player needs to hear that the second try failed too).
        after = outcome.view
        if outcome.event.data.get("refused") and after.reply:
            self.say(f"» {after.reply}")
        self._say_new_text(after)

    def _say_new_text(self, after: SceneView) -> None:
        """The paragraphs the scene did not have when it was last read out."""
        for paragraph in _new_paragraphs(self._text, after.text):
            self.say(paragraph)
        self._text = after.text

    def save(self, name: str) -> None:
        lang = self.lang
        name = name or next_slot_name(self.session.saves, tr("save_default", lang))
        path = slot_path(self.session.saves, name)
        if path is None:
            self.say(tr("save_bad_name", lang))
            return
        if os.path.lexists(path):
            from kaufhaus.saves import SaveError, peek_save

            try:
                same = peek_save(path).header.story_id == self.story.id
            except SaveError:
                same = False
            if not same:
                self.say(tr("save_overwrite_foreign", lang, name=path.name))
                return
            if self.ask(p("overwrite_ask", lang, name=path.name)).strip().lower() not in (
                "j",
                "ja",
                "y",
                "yes",
            ):
                return
        from kaufhaus.saves import SaveError

        try:
            self.session.save_slot(path)
        except OSError as exc:
            self.say(tr("save_failed", lang, error=exc.strerror or str(exc)))
            return
        except SaveError as exc:
            self.say(tr("save_failed", lang, error=exc.text(lang)))
            return
        self.say(tr("save_done", lang, path=str(path)))

    def _act(self, action: str, **kw: Any) -> Any:
        from kaufhaus.game import GameError, RenderError, UndoError

        try:
            outcome = self.session.act(action, **kw)
        except UndoError as exc:
            self.say(tr(f"undo_{exc.reason}", self.lang))
            return None
        except RenderError as exc:  # the game is as it was: say what failed, and where
            self.say(tr("story_error", self.lang, error=str(exc)))
            return None
        except GameError as exc:
            self.say(tr("not_possible", self.lang, error=str(exc)))
            return None
        if outcome.autosave_error:
            self.say(tr("autosave_failed", self.lang, error=outcome.autosave_error))
            self._autosave_failing = True
        elif self._autosave_failing:
            self._autosave_failing = False
            self.say(tr("autosave_again", self.lang))
        return outcome

    def again(self) -> bool:
        """After the ending of a pack without the reveal: True if a new game began."""
        self.session.leave_cookie()
        while True:
            answer = self.ask(p("end_ask", self.lang)).strip().lower()
            if answer in ("n", "neu", "new"):
                break
            if answer in ("", "q"):
                return False
            self.say(p("end_bad", self.lang))
        note = self.session.new_game(local_fingerprint(*_terminal_size(), None))
        if note:
            self.say(note)
        self._shown_enter = None
        return True

    # -------------------------------------------------------------- reveal
    def reveal(self) -> None:
        """The shop's file: the first card, then a menu of sections (not one long dump).

        The log comes a page at a time; a conclusion can be contested (the contest
        is an entry in the file, so the file is built again); the file can be
        exported and everything forgotten without leaving. Enter (or q) quits.
        """
        from kaufhaus.dossier.model import build_dossier

        game: Any = self.session.game
        self.session.leave_cookie()
        # Art. 12(3): the response is dated, as the terminal's and the browser's are.
        issued = datetime.now().date().isoformat()
        dossier = build_dossier(game, issued=issued)
        sections = reveal_sections(dossier, self.story, self.lang, game)
        self.say()
        for line in sections[0]:
            self.say(line)
        page = 0
        menu = True  # the whole menu first, and again on ?; after that the short prompt
        while True:
            lang = self.lang
            self.say()
            if menu:
                self.say(
                    p(
                        "reveal_menu",
                        lang,
                        events=len(dossier.get("events", [])),
                        conclusions=len(dossier.get("inferences", [])),
                    )
                )
                menu = False
            answer = self.ask(p("reveal_ask", lang)).strip().lower()
            self.say()
            if answer in ("", "q"):
                return
            if answer.isdigit() and 1 <= int(answer) <= len(sections):
                index = int(answer) - 1
                if index == 1:
                    page = self._log_page(sections[1], 0)
                else:
                    for line in sections[index]:
                        self.say(line)
            elif answer == "w":
                page = self._log_page(sections[1], page)
            elif answer == "c" or answer.startswith("c "):
                if self._contest(dossier, answer[1:].split()):
                    dossier = build_dossier(game, issued=issued)
                    sections = reveal_sections(dossier, self.story, self.lang, game)
            elif answer == "e":
                from kaufhaus.play.export import export_dossier, exported_lines

                try:
                    paths = export_dossier(dossier, self.session.saves, lang=lang)
                except OSError as exc:
                    self.say(tr("export_failed", lang, error=str(exc)))
                else:
                    for line in exported_lines(paths, lang):
                        self.say(line)
            elif answer == "f":
                self.forget()
            elif answer in ("?", "h", "hilfe", "help"):
                menu = True
            else:
                self.say(p("reveal_bad", lang, answer=answer))

    def _log_page(self, log: list[str], page: int) -> int:
        """Print page ``page`` of the log (its heading and legend first); the next page."""
        head, body = log[:2], log[2:]
        first = page * LOG_PAGE
        if first >= len(body):
            self.say(p("log_end", self.lang, total=len(body)))
            return page
        for line in head if page == 0 else ():
            self.say(line)
        shown = body[first : first + LOG_PAGE]
        for line in shown:
            self.say(line)
        last = first + len(shown)
        if last < len(body):
            self.say(p("log_more", self.lang, first=first + 1, last=last, total=len(body)))
        else:
            self.say(p("log_end", self.lang, total=len(body)))
        return page + 1

    def _contest(self, dossier: dict[str, Any], given: list[str]) -> bool:
        """Contest one conclusion (``c``, or ``c 3 2`` at once): the shop's answer and
        the law. True when the contest went on the record."""
        from kaufhaus.play.contest import contest, contest_heading, where_wrong

        lang = self.lang
        rows = dossier.get("inferences", [])
        if not rows:
            self.say(p("contest_none", lang))
            return False
        which = given[0] if given else self.ask(p("contest_which", lang, n=len(rows))).strip()
        if not which:
            return False
        if not which.isdigit() or not 1 <= int(which) <= len(rows):
            self.say(p("no_conclusion", lang, n=which))
            return False
        row = rows[int(which) - 1]
        rights = {"1": "rectify", "2": "object", "3": "human"}
        pick = given[1] if len(given) > 1 else self.ask(p("contest_right", lang)).strip()
        if not pick:
            return False
        if pick not in rights:
            self.say(p("no_right", lang))
            return False
        right = rights[pick]
        outcome = self._act("contest", right=right, conclusion=str(row.get("key")))
        if outcome is None:
            return False
        wrong = str(row.get("id")) in {m.inference for m in where_wrong(dossier)}
        answer = contest(right, row, lang, wrong=wrong)
        # The right's own heading (a rectification is not an objection), as in the TUI.
        self.say(contest_heading(right, row, lang))
        self.say(answer.title)
        self.say(tr("contest_shop_says", lang))
        self.say(answer.shop)
        self.say(tr("contest_law_says", lang))
        self.say(answer.law)
        self.say(tr("contest_recorded", lang, event=outcome.event.id))
        return True

    def forget(self) -> None:
        """``kaufhaus forget`` from the reveal: list the game's files, ask, delete."""
        from kaufhaus.play.savefolder import forget_files, forget_problem, our_files

        lang, folder = self.lang, self.session.saves
        files = our_files(folder)
        if not files:
            self.say(tr("forget_none", lang, folder=str(folder)))
            return
        self.say(tr("forget_list", lang, n=len(files), folder=str(folder)))
        for path in files:
            self.say(f"  {path.name}")
        if self.ask(tr("forget_question", lang)).strip().lower() not in ("j", "ja", "y", "yes"):
            self.say(tr("forget_kept", lang))
            return
        self.session.forget()
        deleted, failed = forget_files(files)
        self.say(tr("forget_done", lang, n=len(deleted), folder=str(folder)))
        for path, error in failed:
            self.say(forget_problem(path, error, lang))

    def finish(self) -> None:
        """Log the quit and autosave, and say truthfully where the game went."""
        try:
            if self.session.running and self.session.game is not None:
                if not self.session.game.ended:
                    self.session.quit()
                else:
                    self.session.autosave()
                if self.session.saved and self.session.autosave_path is not None:
                    self.say(p("saved_auto", self.lang, path=str(self.session.autosave_path)))
                elif self.session.autosave_error:
                    self.say(p("not_saved", self.lang, error=self.session.autosave_error))
            # "The shop won't forget you" only when this run gave it something to keep:
            # quitting at the title before any game was played stored nothing.
            played = self.session.running and reveals(self.story)
            self.say(p("bye" if played else "bye_plain", self.lang))
        except OSError:
            pass  # the terminal is gone: the save is what matters
        finally:
            self.session.close()


def reveal_sections(
    dossier: dict[str, Any], story: Story, lang: str, game: Any = None
) -> list[list[str]]:
    """The dossier as the seven sections of plain mode's reveal menu, in its order:
    the card, log, conclusions (numbered, for contesting), where the shop was wrong
    with the rights, legal bases, prices, reality check."""
    from kaufhaus.play.contest import RIGHT_NAMES, RIGHTS, general_law, on_record, where_wrong
    from kaufhaus.play.describe import (
        conclusion_headline,
        event_sentence,
        inference_origin,
        log_gaps,
        origin_text,
        place_name,
    )

    consent = dossier.get("consent", {})
    wrong = where_wrong(dossier)
    from kaufhaus.dossier.card import card_point

    card: list[str] = [*card_point(dossier, lang).lines(), ""]
    if game is not None:
        from kaufhaus.play.glance import glance, glance_rows, glance_summary

        seen = glance(game)
        card.append(tr("glance_title", lang).upper())
        card += [f"{label}: {value}" for label, value in glance_rows(seen, story, lang)]
        card += glance_summary(seen, lang)
    else:
        card.append(tr("reveal_title", lang).upper())
        card.append(
            tr(
                "reveal_summary",
                lang,
                duration=duration_text(float(dossier.get("duration_seconds", 0)), lang),
                events=len(dossier.get("events", [])),
                inferences=len(dossier.get("inferences", [])),
            )
        )
        card.append(tr("reveal_consent", lang, choice=consent_text(consent.get("choice"), lang)))
        if processed_despite_refusal(consent):
            card.append(tr("reveal_after_refusal", lang, n=after_decision_count(consent)))
    card.append(tr("glance_wrong", lang, n=len(wrong)).split(" (")[0])

    log = [p("section_log", lang), tr("origin_legend", lang)]
    rows = dossier.get("events", [])
    logged = game.log.events() if game is not None else None
    gaps = dict(log_gaps([int(e["id"]) for e in rows], story, lang, logged))
    for event in rows:
        bases = ", ".join(basis_text(b, lang) for b in event.get("legal_bases", []))
        place = place_name(story, str(event.get("scene") or ""), lang)
        # A jump in the numbering is said where it happens, on the entry it stands
        # before (one entry of the log: the page counts stay the file's).
        gap = f"({gaps[event['id']]})\n" if event["id"] in gaps else ""
        log.append(
            f"{gap}#{event['id']} {clock_text(float(event.get('t', 0)))} {place}: "
            f"{event_sentence(event, lang)} [{origin_text(event.get('origin'), lang)}"
            + (f"; {bases}]" if bases else "]")
        )

    conclusions = [p("section_conclusions", lang)]
    why = {m.inference: m.why.get(lang, "") for m in wrong}
    for number, inference in enumerate(dossier.get("inferences", []), start=1):
        conclusions.append(
            f"{number}. {conclusion_headline(inference, dossier, story, lang)} "
            f"[{origin_text(inference_origin(inference), lang)}]: "
            f"{inference_reason(inference, lang)}. "
            f"{evidence_text(inference.get('evidence'), lang)}. "
            + tr(
                "purpose_basis",
                lang,
                purpose=purpose_text(str(inference.get("purpose")), lang),
                basis=basis_text(str(inference.get("legal_basis")), lang),
            )
        )
        workings = inference_workings(inference, lang)
        if workings:
            conclusions.append("  " + workings)
        warning = special_category_line(inference, story, lang)
        if warning:
            conclusions.append("  " + warning)
        if str(inference.get("id")) in why:
            conclusions.append("  " + tr("wrong_marker", lang, why=why[str(inference.get("id"))]))
        conclusions += ["  " + line for line in usage_lines(inference, lang)]
    conclusions.append(
        tr("you_told_us", lang) + ": " + ("; ".join(told_us(dossier, lang)) or tr("nothing", lang))
    )

    contest = [tr("wrong_title", lang).upper()]
    contest += [f"- {m.why.get(lang, '')}" for m in wrong] or [tr("wrong_none", lang)]
    contest += ["", p("section_rights", lang)]
    for right in RIGHTS:
        contest.append(f"- {RIGHT_NAMES[right][lang]}: {general_law(right, lang)}")
    contests = on_record(dossier, lang)
    if contests:
        contest += ["", tr("contests_title", lang), *contests]

    legal = [p("section_legal", lang)]
    for purpose in dossier.get("purposes", []):
        label = purpose.get("label", {})
        legal.append(
            p(
                "purpose_line",
                lang,
                purpose=label.get(lang) or label.get("de") or purpose.get("id"),
                basis=basis_text(str(purpose.get("legal_basis")), lang),
                n=purpose.get("events_processed", 0),
                refused=p("refused", lang) if purpose.get("refused_by_player") else "",
            )
        )

    paid = (dossier.get("payments") or {}).get("text") or {}
    prices = [p("section_prices", lang), tr("prices_intro", lang), paid.get(lang, "")]
    currency = story.currency
    for what, product, price, normal in money_moments(dossier.get("events", []), story, lang):
        prices.append(
            tr(
                f"money_{what}",
                lang,
                product=product,
                price=money(price, lang, currency),
                normal=money(normal, lang, currency),
            )
        )
    for entry in dossier.get("shown_vs_neutral", []):
        neutral = entry.get("neutral_prices", {})
        for pid, price in sorted(entry.get("prices", {}).items()):
            prices.append(
                p(
                    "price_line",
                    lang,
                    scene=scene_title(story, str(entry.get("scene", "")), lang),
                    product=_product(story, pid, lang),
                    shown=money(price, lang, currency),
                    neutral=money(neutral.get(pid, price), lang, currency),
                )
            )

    reality = [p("section_reality", lang)]
    for one in dossier.get("reality_checks", []):
        title, *rest = reality_lines(one, lang)
        reality.append("* " + title.removeprefix("■ "))
        reality += rest
    return [card, log, conclusions, contest, legal, prices, reality]


def _product(story: Story, pid: str, lang: str) -> str:
    product = story.catalogue.get(pid)
    return product.name.source(lang) if product is not None else pid


def _new_paragraphs(before: str, after: str) -> list[str]:
    """The paragraphs of ``after`` that ``before`` did not have, in order."""
    old = {part.strip() for part in before.split("\n\n")}
    return [part for part in after.split("\n\n") if part.strip() and part.strip() not in old]


def _listing(view: SceneView) -> tuple[tuple[int, str], ...]:
    """The choices as plain mode lists them: (number, label)."""
    return tuple((c.number, c.label) for c in view.choices)


def _typed(line: str) -> str:
    """What was typed at a text prompt, the documented command form ``t TEXT`` read as
    TEXT: the help teaches ``t``, so a player who types it there means the text."""
    text = line.strip()
    if text[:2].lower() == "t " and text[2:].strip():
        return text[2:].strip()
    return text


def _item_ref(command: str) -> int | None:
    """``u2``, ``u 2``, ``x 2`` or ``x2`` → 2."""
    for prefix in ("u", "x"):
        if command.startswith(prefix):
            rest = command[len(prefix) :].strip()
            if rest.isdigit():
                return int(rest)
    return None


def _last_enter(game: Any) -> int:
    """Id of the newest scene-enter event: a new one means a scene to print."""
    from kaufhaus.tracking.events import Kind

    log = game.log
    for index in range(len(log) - 1, -1, -1):
        if log[index].kind is Kind.SCENE_ENTER:
            return index
    return -1


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


#: A numbered entry of a list ("  2. ", "  u1. "): its wrapped lines hang under its text.
_ENTRY = re.compile(r"\s*u?\d+\.\s+")


def _wrap(line: str, width: int) -> str:
    """Wrap one line at word boundaries, keeping its indentation for the rest.

    A numbered entry ("  2. Das Team zur Seite schieben …") goes on under its
    text, not under its number: a line under the number reads as the next entry.
    """
    import textwrap

    if len(line) <= width:
        return line
    indent = line[: len(line) - len(line.lstrip())]
    entry = _ENTRY.match(line)
    return textwrap.fill(
        line,
        width,
        subsequent_indent=(" " * entry.end() if entry else indent + ("    " if indent else "")),
        break_long_words=False,
        break_on_hyphens=False,
    )


def _terminal_size() -> tuple[int, int]:
    import shutil

    size = shutil.get_terminal_size((80, 24))
    return size.columns, size.lines


def run_plain(
    story: Story,
    *,
    lang: str,
    seed: int | None,
    saves: Path | None,
    input_fn: Callable[[str], str] = input,
    output: TextIO = sys.stdout,
    clock: Callable[[], float] = time.monotonic,
    watch: Path | None = None,
    lesson: bool = False,
) -> int:
    """Play in plain mode; return the exit code (0, or 130 after Ctrl+C).

    ``watch``: the pack's path, reloaded when its files change (``--watch``).
    """
    if saves is None:
        from kaufhaus.saves import default_save_dir

        saves = default_save_dir()
    session = Session(story, lang=lang, seed=seed, saves=Path(saves), clock=clock, lesson=lesson)
    watcher = None
    if watch is not None:
        from kaufhaus.play.watch import PackWatch

        watcher = PackWatch(watch)
    front = PlainGame(story, session, input_fn, output, watcher)
    if watcher is not None:
        front.say(p("watch_on", lang))
    code = 0
    previous = _on_hangup()
    try:
        if front.title():
            front.play()
    except _Quit as stop:
        code = stop.code
    except OSError:  # writing to a terminal that is gone: saved below all the same
        code = 129
    finally:
        # Saving now: a hangup that arrives meanwhile (the terminal going away while
        # the last lines were written) must not cut the save short.
        _ignore_hangup()
        try:
            front.finish()
        finally:
            _restore_hangup(previous)
    return code


class _Hangup:
    """Whether the terminal has gone, and whether the game is waiting in a read."""

    seen = False
    reading = False


_HANGUP = _Hangup()


def _on_hangup() -> Any:
    """The terminal going away (SIGHUP) ends the session like Ctrl+D: saved, then out.

    Only a read is interrupted; mid-step the hangup is noted and the next read
    (or the next write, which fails on a gone terminal) ends the session.
    """
    import signal

    _HANGUP.seen = False
    if not hasattr(signal, "SIGHUP"):
        return None

    def hangup(_signum: int, _frame: Any) -> None:
        _HANGUP.seen = True
        if _HANGUP.reading:
            raise _Quit(129)

    try:
        return signal.signal(signal.SIGHUP, hangup)
    except ValueError:  # not the main thread (tests)
        return None


def _ignore_hangup() -> None:
    import signal

    if hasattr(signal, "SIGHUP"):
        with contextlib.suppress(ValueError):  # not the main thread (tests)
            signal.signal(signal.SIGHUP, signal.SIG_IGN)


def _restore_hangup(previous: Any) -> None:
    import signal

    if hasattr(signal, "SIGHUP"):
        with contextlib.suppress(ValueError):  # not the main thread (tests)
            signal.signal(signal.SIGHUP, signal.SIG_DFL if previous is None else previous)

"""Every word of the user interface, in German and English.

The story brings its own texts; these are the shop's furniture: menus, keys,
headings, messages. Kept in one dict so a translator sees everything at once
and a test can check that no language is missing a key. Plain mode uses the
same strings, so both front ends say the same thing.
"""

from __future__ import annotations

from kaufhaus.dossier.card import CARD_WORDS, duration_words
from kaufhaus.story.errors import neutralise
from kaufhaus.tracking.numbers import counted

LANGUAGES: tuple[str, ...] = ("de", "en")

STRINGS: dict[str, dict[str, str]] = {
    # ----------------------------------------------------------------- title
    "app_title": {"de": "Kaufhaus Internet", "en": "Kaufhaus Internet"},
    "tagline": {
        "de": "Ein satirisches Textabenteuer über den gläsernen Kunden",
        "en": "A satirical text adventure about the transparent customer",
    },
    "menu_new": {"de": "Neues Spiel", "en": "New game"},
    "menu_continue": {"de": "Weiterspielen", "en": "Continue"},
    "menu_continue_where": {
        "de": "Weiterspielen ({place}, {time} gespielt)",
        "en": "Continue ({place}, {time} played)",
    },
    "menu_load": {"de": "Spielstand laden …", "en": "Load a saved game …"},
    "menu_lang": {"de": "Sprache: Deutsch → English", "en": "Language: English → Deutsch"},
    "menu_help": {"de": "Hilfe", "en": "Help"},
    "menu_quit": {"de": "Beenden", "en": "Quit"},
    "privacy_note": {
        "de": "Nichts von dem, was Sie hier tun, verlässt Ihren Rechner.",
        "en": "Nothing you do here leaves your computer.",
    },
    "privacy_note_class": {
        "de": "Was Sie hier tun und was Ihr Browser verrät, bleibt auf dem Rechner Ihrer "
        "Lehrkraft. Ins Internet geht nichts davon.",
        "en": "What you do here and what your browser gives away stays on your teacher's "
        "computer. None of it goes to the internet.",
    },
    "autosave_checking": {
        "de": "Suche nach einem automatischen Spielstand …",
        "en": "Looking for an autosave …",
    },
    "story_opening": {
        "de": "Das Kaufhaus schließt gerade auf … einen Moment.",
        "en": "The shop is just opening its doors … one moment.",
    },
    "pack_opening": {
        "de": "Das Spiel wird geladen … einen Moment.",
        "en": "Loading the game … one moment.",
    },
    "autosave_none": {"de": "Noch kein automatischer Spielstand.", "en": "No autosave yet."},
    "autosave_damaged": {
        "de": "Ein automatischer Spielstand ist beschädigt und bleibt unverändert liegen: {error}",
        "en": "An autosave is damaged and has been left untouched: {error}",
    },
    # ------------------------------------------------------------ bindings
    "key_back": {"de": "Rückgängig", "en": "Undo"},
    "key_save": {"de": "Speichern", "en": "Save"},
    "key_load": {"de": "Laden", "en": "Load"},
    "key_help": {"de": "Hilfe", "en": "Help"},
    "key_xray": {"de": "Röntgen", "en": "X-ray"},
    "key_quit": {"de": "Beenden", "en": "Quit"},
    "key_lang": {"de": "Sprache", "en": "Language"},
    "key_contrast": {"de": "Kontrast", "en": "Contrast"},
    "key_close": {"de": "Schließen", "en": "Close"},
    "key_close_menu": {"de": "Liste schließen", "en": "Close the list"},
    "key_overview": {"de": "Übersicht", "en": "Overview"},
    "key_all_entries": {"de": "Alle Einträge", "en": "All entries"},
    "key_export": {"de": "Exportieren", "en": "Export"},
    "key_new": {"de": "Neues Spiel", "en": "New game"},
    "key_title": {"de": "Titel", "en": "Title"},
    "key_next_tab": {"de": "Reiter", "en": "Tabs"},
    "key_choose": {"de": "Wählen", "en": "Choose"},
    "key_next": {"de": "Weiter", "en": "Next"},
    "key_palette": {"de": "Befehle", "en": "Commands"},
    "key_rectify": {"de": "Berichtigen", "en": "Rectify"},
    "key_object": {"de": "Widersprechen", "en": "Object"},
    "key_human": {"de": "Mensch statt Maschine", "en": "A human, not a machine"},
    "key_back_conclusion": {"de": "Zurück zum Schluss", "en": "Back to the conclusion"},
    "key_filter_kind": {"de": "Nach Art filtern", "en": "Filter by kind"},
    "key_filter_place": {"de": "Nach Ort filtern", "en": "Filter by place"},
    "key_page": {"de": "Seite", "en": "Page"},
    # ----------------------------------------------------------- the scene
    # The shelf's and the basket's words are the shop's defaults; a pack may name
    # them itself (``game:`` in story.yaml, see kaufhaus.play.words).
    "shelf_label": {"de": "Im Regal", "en": "On the shelf"},
    "shelf": {"de": "{label} – Enter: ansehen", "en": "{label} – Enter: examine"},
    "shelf_away": {"de": "{label} – Tab: hierher", "en": "{label} – Tab: go here"},
    # The shelf on a low window, closed until it has the focus: what lies on it.
    "shelf_closed": {
        "de": "{label} ({n}) – Tab: öffnen · {items}",
        "en": "{label} ({n}) – Tab: open · {items}",
    },
    "choices": {"de": "Was tun Sie? – Enter oder 1–9", "en": "What do you do? – Enter or 1–9"},
    "text_goes_on": {"de": "▼ mehr Text: Bild↓ ·", "en": "▼ more text: PgDn ·"},
    "text_goes_on_web": {"de": "▼ mehr Text darunter ·", "en": "▼ more text below ·"},
    "choices_away": {
        "de": "Was tun Sie? – 1–9 · Esc: hierher",
        "en": "What do you do? – 1–9 · Esc: go here",
    },
    "basket_word": {"de": "Korb", "en": "Basket"},
    "basket_empty": {"de": "{word}: leer", "en": "{word}: empty"},
    "basket": {"de": "{word}: {n} · {total}", "en": "{word}: {n} · {total}"},
    "receipt": {"de": "Darin: {items}", "en": "In it: {items}"},
    # ------------------------------------------------- the end (no reveal)
    "the_end": {"de": "Ende", "en": "The end"},
    "end_keys": {
        "de": "n: neues Spiel · Esc: zum Titel · q: beenden",
        "en": "n: new game · Esc: to the title · q: quit",
    },
    "examined": {"de": "» {label}", "en": "» {label}"},
    "typed": {"de": "Eingegeben: {value}", "en": "You typed: {value}"},
    "input_away": {
        "de": "Tab: hier tippen (bis dahin sind Buchstaben Tasten)",
        "en": "Tab: type here (until then letters are keys)",
    },
    "input_hint": {
        "de": "Enter: absenden · Esc: zurück zu den Entscheidungen",
        "en": "Enter: send · Esc: back to the choices",
    },
    "cannot_back": {"de": "Hier geht es nicht zurück.", "en": "There is no way back from here."},
    # Why the b key undoes nothing (kaufhaus.game.UndoError reasons).
    "undo_nothing": {
        "de": "Da ist nichts rückgängig zu machen.",
        "en": "There is nothing to undo.",
    },
    "undo_paid": {
        "de": "Bezahlt ist bezahlt. Das lässt sich nicht rückgängig machen.",
        "en": "Paid is paid. That cannot be undone.",
    },
    "undo_ended": {
        "de": "Die Geschichte ist zu Ende. Rückgängig geht nichts mehr.",
        "en": "The story is over. Nothing can be undone now.",
    },
    "undo_off": {
        "de": "Diese Geschichte lässt sich nicht rückgängig machen.",
        "en": "This story has no undo.",
    },
    "undone": {
        "de": "Rückgängig gemacht. Das Kaufhaus hat es trotzdem notiert.",
        "en": "Undone. The shop made a note of it anyway.",
    },
    # The same for a pack of its own (game: reveal: false): no shop to take notes.
    "undone_plain": {"de": "Rückgängig gemacht.", "en": "Undone."},
    "carrying": {"de": "Dabei: {things}", "en": "Carrying: {things}"},
    # ``kaufhaus play --watch``: the author's pack is broken, or was reloaded.
    "pack_broken": {
        "de": "Das Paket hat Fehler. Das Spiel geht weiter, sobald sie behoben "
        "und gespeichert sind.",
        "en": "The pack has errors. The game goes on as soon as they are fixed and saved.",
    },
    "pack_reloaded": {
        "de": "Paket neu geladen; das Spiel steht, wo es stand.",
        "en": "Pack reloaded; the game is where it was.",
    },
    "pack_reloaded_from": {
        "de": "Paket neu geladen; es lässt nicht alles zu, was gespielt war. Weiter ab: {where}",
        "en": "Pack reloaded; it does not allow all that was played. On from: {where}",
    },
    # A choice shown but not selectable now (``selectable:``), and why not.
    "locked_choice": {"de": "– {label} (nicht wählbar: {why})", "en": "– {label} (not now: {why})"},
    "locked_choice_bare": {"de": "– {label} (nicht wählbar)", "en": "– {label} (not now)"},
    "not_possible": {"de": "Das geht hier nicht: {error}", "en": "Not possible here: {error}"},
    "story_error": {"de": "Fehler in der Geschichte: {error}", "en": "Error in the story: {error}"},
    "behind_banner": {
        "de": "Ein Banner versperrt den Gehweg.",
        "en": "A banner blocks the pavement.",
    },
    "banner_hint": {
        "de": "Tab: weiter · Enter: wählen · 1–9: direkt · Bild ↑↓: blättern",
        "en": "Tab: next · Enter: choose · 1–9: directly · PgUp/PgDn: scroll",
    },
    "marker_selected": {"de": "▶ ", "en": "▶ "},
    # -------------------------------------------------------------- x-ray
    "xray_title": {"de": "Röntgenblick", "en": "X-ray"},
    "xray_events": {"de": "Zuletzt protokolliert", "en": "Just logged"},
    "xray_beliefs": {"de": "Was das Kaufhaus glaubt", "en": "What the shop believes"},
    "xray_beliefs_game": {
        "de": "Was das Spiel daraus schließt",
        "en": "What the game concludes",
    },
    "xray_nothing": {"de": "(noch nichts)", "en": "(nothing yet)"},
    # ------------------------------------------------------------- saving
    "save_title": {"de": "Spielstand speichern", "en": "Save the game"},
    "save_prompt": {"de": "Name des Spielstands:", "en": "Name of the save:"},
    "save_default": {"de": "spielstand-{n}", "en": "save-{n}"},
    "save_hint": {
        "de": "Enter: speichern · Esc: abbrechen · Gleicher Name überschreibt.",
        "en": "Enter: save · Esc: cancel · The same name overwrites.",
    },
    "save_done": {"de": "Gespeichert: {path}", "en": "Saved: {path}"},
    "save_failed": {"de": "Speichern fehlgeschlagen: {error}", "en": "Saving failed: {error}"},
    "save_bad_name": {
        "de": "Bitte einen Namen aus Buchstaben, Ziffern, - oder _ (nicht „autosave“).",
        "en": 'Please use letters, digits, - or _ for the name (not "autosave").',
    },
    "autosave_failed": {
        "de": "Automatisches Speichern fehlgeschlagen: {error}",
        "en": "Autosave failed: {error}",
    },
    "ended_mark": {"de": "(zu Ende gespielt)", "en": "(played to the end)"},
    "autosave_again": {
        "de": "Automatisch gespeichert: wieder alles auf dem Datenträger.",
        "en": "Autosaved: everything is on disk again.",
    },
    "autosave_own_slot": {
        "de": "Dieses Spiel speichert automatisch in {name}; "
        "Ihre anderen Spielstände bleiben, wie sie sind.",
        "en": "This game autosaves to {name}; your other saves stay as they are.",
    },
    "resume_locked": {
        "de": "Ein anderes laufendes Spiel schreibt gerade {original}; "
        "dieses speichert automatisch in {name}.",
        "en": "Another running game is writing {original}; this one autosaves to {name}.",
    },
    "resume_damaged": {
        "de": "Es geht in {name} weiter; "
        "die beschädigte Datei {original} bleibt unverändert liegen.",
        "en": "The game goes on in {name}; the damaged file {original} stays as it was.",
    },
    "resume_converted": {
        "de": "Im neuen Format weitergespeichert in {name}; "
        "das Original {original} bleibt unverändert liegen.",
        "en": "Now saved in the new format as {name}; the original {original} stays as it was.",
    },
    "loading": {
        "de": "Der Spielstand wird geladen … (ein langes Spiel braucht einen Moment)",
        "en": "Loading the save … (a long game takes a moment)",
    },
    "salvage_title": {"de": "Spielstand beschädigt", "en": "Damaged save"},
    "salvage_question": {
        "de": "Ab Ereignis {n} ist der Spielstand beschädigt:\n{error}\n\n"
        "Bis dahin ist alles lesbar. Ab dort weiterspielen? Die beschädigte Datei "
        "bleibt unverändert liegen; es geht in einer neuen Datei weiter.",
        "en": "The save is damaged from event {n} on:\n{error}\n\n"
        "Everything before it reads well. Go on from there? The damaged file stays "
        "as it was; the game continues in a new file.",
    },
    "salvage_yes": {
        "de": "Ab dem letzten guten Ereignis weiterspielen",
        "en": "Continue from the last good event",
    },
    "salvage_no": {"de": "Zurück", "en": "Back"},
    "save_overwrite": {
        "de": "{name} gibt es schon. Enter noch einmal: überschreiben · Esc: abbrechen",
        "en": "{name} already exists. Enter again: overwrite · Esc: cancel",
    },
    "save_overwrite_foreign": {
        "de": "{name} ist kein Spielstand dieses Spiels (oder beschädigt) und wird nicht "
        "überschrieben. Bitte einen anderen Namen wählen.",
        "en": "{name} is not a save of this game (or is damaged) and will not be "
        "overwritten. Please choose another name.",
    },
    "input_too_long": {
        "de": "Höchstens {max} Zeichen – mehr nimmt das Formular nicht an.",
        "en": "At most {max} characters – the form takes no more.",
    },
    "input_count": {"de": "{n}/{max} Zeichen", "en": "{n}/{max} characters"},
    "forget_key": {"de": "Vergessen", "en": "Forget"},
    "forget_title": {"de": "Alles vergessen?", "en": "Forget everything?"},
    "forget_list": {
        "de": "Das Spiel hat in {folder} {n} {n|Datei|Dateien} geschrieben:",
        "en": "The game wrote {n} {n|file|files} in {folder}:",
    },
    "forget_question": {
        "de": "Alle löschen? Andere Dateien im Ordner bleiben unberührt. [j/N] ",
        "en": "Delete them all? Other files in the folder stay untouched. [y/N] ",
    },
    "forget_hint": {
        "de": "Enter: alle löschen · Esc: nichts löschen",
        "en": "Enter: delete them all · Esc: delete nothing",
    },
    "forget_none": {
        "de": "{folder}: Hier liegt nichts, was das Spiel geschrieben hat.",
        "en": "{folder}: nothing here that the game wrote.",
    },
    # In a class the files lie on the teacher's computer: said so, never its folder.
    "forget_list_class": {
        "de": "Das Spiel hat auf dem Rechner Ihrer Lehrkraft {n} {n|Datei|Dateien} "
        "für Sie geschrieben:",
        "en": "The game wrote {n} {n|file|files} for you on your teacher's computer:",
    },
    "forget_none_class": {
        "de": "Auf dem Rechner Ihrer Lehrkraft liegt nichts, "
        "was das Spiel für Sie geschrieben hat.",
        "en": "Nothing the game wrote for you is on your teacher's computer.",
    },
    "forget_done_class": {
        "de": "Vergessen: {n} {n|Datei|Dateien} auf dem Rechner Ihrer Lehrkraft gelöscht.",
        "en": "Forgotten: {n} {n|file|files} deleted from your teacher's computer.",
    },
    "forget_kept": {"de": "Nichts gelöscht.", "en": "Nothing deleted."},
    "forget_done": {
        "de": "Vergessen: {n} {n|Datei|Dateien} aus {folder} gelöscht.",
        "en": "Forgotten: {n} {n|file|files} deleted from {folder}.",
    },
    "forget_failed": {
        "de": "{path} ließ sich nicht löschen: {error}",
        "en": "could not delete {path}: {error}",
    },
    "forget_in_use": {
        "de": "{path} gehört zu einem Spiel, das gerade läuft; erst dort beenden",
        "en": "{path} belongs to a game that is running; quit it there first",
    },
    "forget_not_ours": {
        "de": "Nicht vom Spiel (ohne sein Zeichen), nicht angefasst:",
        "en": "Not written by the game (no mark of it), not touched:",
    },
    "write_refused": {
        "de": "{path}: Die Datei gibt es schon, und sie stammt nicht von diesem Spiel; "
        "sie bleibt, wie sie ist. Wählen Sie einen anderen Namen, oder ersetzen Sie sie mit "
        "--force.",
        "en": "{path}: the file exists and was not written by this game; it is left as it "
        "is. Choose another name, or replace it with --force.",
    },
    "forget_closed_input": {
        "de": "Keine Antwort (Eingabe geschlossen); nichts gelöscht. --yes löscht ohne Frage.",
        "en": "No answer (input closed); nothing deleted. --yes deletes without asking.",
    },
    "load_title": {"de": "Spielstand laden", "en": "Load a saved game"},
    "load_hint": {"de": "Enter: laden · Esc: zurück", "en": "Enter: load · Esc: back"},
    "load_empty": {
        "de": "Noch keine Spielstände in {folder}.",
        "en": "No saved games in {folder} yet.",
    },
    "load_empty_class": {
        "de": "Noch keine Spielstände auf dem Rechner Ihrer Lehrkraft.",
        "en": "No saved games on your teacher's computer yet.",
    },
    "load_damaged": {"de": "beschädigt", "en": "damaged"},
    "load_failed": {"de": "Laden fehlgeschlagen: {error}", "en": "Loading failed: {error}"},
    "load_notice": {"de": "Hinweis zum Spielstand: {notice}", "en": "About this save: {notice}"},
    "col_name": {"de": "Name", "en": "Name"},
    "col_date": {"de": "Datum", "en": "Date"},
    "col_place": {"de": "Ort", "en": "Place"},
    "col_played": {"de": "Spielzeit", "en": "Played"},
    "autosave_label": {"de": "automatisch", "en": "autosave"},
    # --------------------------------------------------------------- help
    "help_title": {"de": "Hilfe", "en": "Help"},
    "help_text": {
        "de": (
            "Sie kaufen im Kaufhaus Internet ein. Das Kaufhaus sieht alles: was Sie "
            "ansehen, wie lange Sie zögern, worauf die Maus ruht. Daraus baut es die "
            "nächsten Szenen um – Schaufenster, Preise, Werbung. Am Ende zeigt es Ihnen "
            "seine Akte über Sie.\n\n"
            "Tasten\n"
            "  ↑ ↓        im Regal oder bei den Entscheidungen wählen\n"
            "  Tab        zwischen Regal, Entscheidungen und Eingabe wechseln\n"
            "  Enter      ansehen (Regal) oder entscheiden\n"
            "  1–9        Entscheidung direkt wählen (auch aus dem leeren Eingabefeld)\n"
            "  b          die letzte Entscheidung rückgängig machen\n"
            "  n / t      neu beginnen / zurück zum Titel (mit Rückfrage)\n"
            "  Bild ↑ ↓   Text blättern\n"
            "  s / l      speichern / laden\n"
            "  x          Röntgenblick: sehen, was das Kaufhaus gerade protokolliert\n"
            "  F2         hoher Kontrast\n"
            "  ? oder F1  diese Hilfe\n"
            "  Strg+P     Befehlspalette (Speichern, Laden, Sprache, Hilfe, Röntgen)\n"
            "  q          beenden (im Spiel mit Rückfrage; speichert automatisch)\n\n"
            "In Ihrer Akte (am Ende)\n"
            "  Tab        nächster Reiter\n"
            "  Enter      die Belege eines Schlusses / die Schlüsse zu einem Eintrag\n"
            "  z          vom Protokoll zurück zum Schluss\n"
            "  1 / 2 / 3  Schluss berichtigen / widersprechen / Mensch statt Maschine\n"
            "  a / o      Protokoll nach Art / Ort filtern; [ ] blättert seitenweise\n"
            "  e          Akte exportieren (JSON, Markdown, HTML)\n"
            "  f          alles vergessen: zeigt die Dateien und fragt vor dem Löschen\n"
            "  n          neues Spiel\n"
            "  Esc        alle Einträge / zur Übersicht; von dort zum Titel\n\n"
            "Gespielt wird mit Tastatur oder Maus. Für Screenreader gibt es den "
            "Textmodus: kaufhaus --plain\n\n"
            "Datenschutz: Das Spiel sendet nichts. Spielstände und exportierte Akten "
            "liegen nur im Ordner „saves“; „kaufhaus forget“ löscht sie."
        ),
        "en": (
            "You are shopping at Kaufhaus Internet. The shop sees everything: what you "
            "look at, how long you hesitate, where the mouse rests. It rebuilds the next "
            "scenes from that – the window, the prices, the ads. At the end it shows you "
            "its file on you.\n\n"
            "Keys\n"
            "  ↑ ↓        move on the shelf or among the choices\n"
            "  Tab        switch between shelf, choices and text entry\n"
            "  Enter      examine (shelf) or decide\n"
            "  1–9        take a choice directly (from an empty text field too)\n"
            "  b          undo the last choice\n"
            "  n / t      start over / back to the title (asks first)\n"
            "  PgUp PgDn  scroll the text\n"
            "  s / l      save / load\n"
            "  x          x-ray: see what the shop is logging right now\n"
            "  F2         high contrast\n"
            "  ? or F1    this help\n"
            "  Ctrl+P     command palette (save, load, language, help, x-ray)\n"
            "  q          quit (asks first in a game; saves automatically)\n\n"
            "In your file (at the end)\n"
            "  Tab        next tab\n"
            "  Enter      a conclusion's evidence / the conclusions on a log entry\n"
            "  z          from the log back to the conclusion\n"
            "  1 / 2 / 3  rectify / object to / a human instead of the machine\n"
            "  a / o      filter the log by kind / place; [ ] turns the page\n"
            "  e          export the file (JSON, Markdown, HTML)\n"
            "  f          forget everything: lists the files, asks before deleting\n"
            "  n          new game\n"
            "  Esc        all entries / to the overview; from there to the title\n\n"
            "Play with the keyboard or the mouse. For screen readers there is a text "
            "mode: kaufhaus --plain\n\n"
            "Privacy: the game sends nothing anywhere. Saves and exported files stay in "
            'the "saves" folder; "kaufhaus forget" deletes them.'
        ),
    },
    # ---------------------------------------------------------- commands
    "cmd_save": {"de": "Speichern", "en": "Save"},
    "cmd_save_help": {
        "de": "Den Spielstand unter einem Namen speichern",
        "en": "Save the game under a name",
    },
    "cmd_load": {"de": "Laden", "en": "Load"},
    "cmd_load_help": {"de": "Einen gespeicherten Spielstand laden", "en": "Load a saved game"},
    "cmd_lang": {"de": "Sprache: English", "en": "Language: Deutsch"},
    "cmd_lang_help": {
        "de": "Die Oberfläche und die Geschichte auf Englisch",
        "en": "Switch the interface and the story to German",
    },
    "cmd_help": {"de": "Hilfe", "en": "Help"},
    "cmd_help_help": {"de": "Tasten und Spielprinzip", "en": "Keys and how to play"},
    "cmd_xray": {"de": "Röntgenblick", "en": "X-ray"},
    "cmd_xray_help": {
        "de": "Live sehen, was das Kaufhaus protokolliert und folgert",
        "en": "See live what the shop logs and concludes",
    },
    "cmd_contrast": {"de": "Hoher Kontrast", "en": "High contrast"},
    "cmd_contrast_help": {
        "de": "Zwischen normalem und kontrastreichem Farbschema wechseln",
        "en": "Switch between the normal and the high-contrast theme",
    },
    "cmd_restart": {"de": "Neu beginnen", "en": "Start over"},
    "cmd_restart_help": {
        "de": "Ein neues Spiel anfangen (mit Rückfrage)",
        "en": "Begin a new game (asks first)",
    },
    "cmd_title": {"de": "Zum Titel", "en": "Back to the title"},
    "cmd_title_help": {
        "de": "Das Spiel verlassen und zum Titelbildschirm (mit Rückfrage)",
        "en": "Leave the game for the title screen (asks first)",
    },
    "cmd_theme": {"de": "Farbschema", "en": "Theme"},
    "cmd_theme_help": {"de": "Ein anderes Farbschema wählen", "en": "Change the colour theme"},
    "cmd_theme_search": {"de": "Farbschema suchen …", "en": "Search for themes …"},
    "cmd_search": {"de": "Befehl suchen …", "en": "Search for commands …"},
    "cmd_quit": {"de": "Beenden", "en": "Quit"},
    "cmd_quit_help": {
        "de": "Das Spiel beenden (wie q)",
        "en": "Quit the game (like q)",
    },
    "cmd_keys": {"de": "Tasten", "en": "Keys"},
    "cmd_keys_help": {
        "de": "Am Rand zeigen, welche Tasten hier gelten",
        "en": "Show at the side which keys work here",
    },
    "cmd_keys_hide_help": {
        "de": "Die Tastenübersicht am Rand schließen",
        "en": "Hide the keys panel at the side",
    },
    "cmd_maximize": {"de": "Vergrößern", "en": "Maximise"},
    "cmd_maximize_help": {
        "de": "Den gewählten Bereich auf den ganzen Bildschirm vergrößern",
        "en": "Show the focused part on the whole screen",
    },
    "cmd_minimize": {"de": "Verkleinern", "en": "Restore"},
    "cmd_minimize_help": {
        "de": "Wieder die normale Ansicht zeigen",
        "en": "Back to the normal layout",
    },
    "cmd_screenshot": {"de": "Bildschirmfoto", "en": "Screenshot"},
    "cmd_screenshot_help": {
        "de": "Den Bildschirm als SVG-Datei speichern",
        "en": "Save the screen as an SVG file",
    },
    # ------------------------------------------------- leaving mid-game
    "confirm_restart_kept": {
        "de": "Wirklich neu beginnen? Dieses Spiel bleibt als automatischer Spielstand "
        "gespeichert; über „Spielstand laden …“ geht es später weiter.",
        "en": "Really start over? This game stays in its autosave; "
        "“Load a saved game …” takes you back to it later.",
    },
    "confirm_restart_lost": {
        "de": "Wirklich neu beginnen? Dieses Spiel wird gerade nicht automatisch "
        "gespeichert und ist dann verloren.",
        "en": "Really start over? This game is not being autosaved and will be lost.",
    },
    "confirm_title_kept": {
        "de": "Zurück zum Titel? Das Spiel bleibt als automatischer Spielstand "
        "gespeichert; „Weiterspielen“ setzt es fort.",
        "en": "Back to the title? The game stays in its autosave; “Continue” picks it up again.",
    },
    "confirm_title_lost": {
        "de": "Zurück zum Titel? Dieses Spiel wird gerade nicht automatisch gespeichert "
        "und ist dann verloren.",
        "en": "Back to the title? This game is not being autosaved and will be lost.",
    },
    "confirm_quit_kept": {
        "de": "Wirklich beenden? Das Spiel bleibt als automatischer Spielstand "
        "gespeichert; „Weiterspielen“ setzt es fort.",
        "en": "Really quit? The game stays in its autosave; “Continue” picks it up again.",
    },
    "confirm_quit_lost": {
        "de": "Wirklich beenden? Dieses Spiel wird gerade nicht automatisch gespeichert "
        "und ist dann verloren.",
        "en": "Really quit? This game is not being autosaved and will be lost.",
    },
    "confirm_quit_yes": {"de": "Ja, beenden", "en": "Yes, quit"},
    "confirm_restart_yes": {"de": "Ja, neu beginnen", "en": "Yes, start over"},
    "confirm_title_yes": {"de": "Ja, zum Titel", "en": "Yes, to the title"},
    "confirm_no": {"de": "Nein, weiterspielen", "en": "No, play on"},
    "key_restart": {"de": "Neu beginnen", "en": "Start over"},
    "key_to_title": {"de": "Zum Titel", "en": "To the title"},
    # ----------------------------------------------------- window size
    "too_small": {
        "de": "Bitte das Fenster auf mindestens {width} × {height} Zeichen vergrößern.\n"
        "Jetzt: {now_width} × {now_height}. Das Spiel wartet so lange.\n\n"
        "q: beenden",
        "en": "Please make the window at least {width} × {height} characters.\n"
        "Now: {now_width} × {now_height}. The game waits until then.\n\n"
        "q: quit",
    },
    # ------------------------------------------------------------- reveal
    "reveal_title": {"de": "Ihre Akte", "en": "Your file"},
    "tab_end": {"de": "Ende", "en": "The end"},
    "tab_log": {"de": "Protokoll", "en": "Log"},
    "tab_conclusions": {"de": "Schlüsse", "en": "Conclusions"},
    "tab_legal": {"de": "Recht", "en": "Legal"},
    "tab_prices": {"de": "Preise", "en": "Prices"},
    "tab_reality": {"de": "Realität", "en": "Reality"},
    "reveal_summary": {
        "de": "Das Kaufhaus hat in {duration} {events} Ereignisse über Sie protokolliert "
        "und {inferences} Schlüsse daraus gezogen.",
        "en": "In {duration} the shop logged {events} events about you and drew "
        "{inferences} conclusions from them.",
    },
    "reveal_consent": {
        "de": "Ihre Antwort am Banner: {choice}.",
        "en": "Your answer to the banner: {choice}.",
    },
    "reveal_after_refusal": {
        "de": "Obwohl Sie abgelehnt haben, {n|wurde|wurden} danach {n} {n|Ereignis|Ereignisse} "
        "verarbeitet – "
        "auf Grundlage eines „berechtigten Interesses“.",
        "en": "Although you said no, {n} {n|event was|events were} processed afterwards – on the "
        "basis of “legitimate interest”.",
    },
    "reveal_after_consent": {
        "de": "Nach Ihrer Entscheidung {n|wurde|wurden} {n} {n|Ereignis|Ereignisse} verarbeitet.",
        "en": "After your decision {n} {n|event was|events were} processed.",
    },
    "reveal_keys": {
        "de": "Tab: Reiter · e: Akte exportieren · f: alles vergessen · n: neues Spiel · "
        "Esc: Titel · q: beenden",
        "en": "Tab: tabs · e: export the file · f: forget everything · n: new game · "
        "Esc: title · q: quit",
    },
    "consent_all": {"de": "alle akzeptiert", "en": "accepted all"},
    "consent_necessary": {"de": "nur notwendige", "en": "necessary only"},
    "consent_custom": {"de": "eigene Auswahl (vorangekreuzt)", "en": "custom choices (pre-ticked)"},
    "consent_none": {"de": "keine", "en": "none"},
    "col_no": {"de": "Nr.", "en": "No."},
    "col_time": {"de": "Zeit", "en": "Time"},
    "col_what": {"de": "Was", "en": "What"},
    "col_target": {"de": "Ziel", "en": "Target"},
    "col_scene": {"de": "Szene", "en": "Scene"},
    "col_basis": {"de": "Rechtsgrundlage", "en": "Legal basis"},
    "col_purpose": {"de": "Zweck", "en": "Purpose"},
    "col_events": {"de": "Ereignisse", "en": "Events"},
    "col_refused": {"de": "abgelehnt?", "en": "refused?"},
    "col_product": {"de": "Produkt", "en": "Product"},
    "col_shown": {"de": "Ihnen gezeigt", "en": "shown to you"},
    "col_neutral": {"de": "neutral", "en": "neutral"},
    "col_diff": {"de": "Unterschied", "en": "difference"},
    "yes": {"de": "ja", "en": "yes"},
    "no": {"de": "nein", "en": "no"},
    "evidence": {"de": "Belege: {ids}", "en": "Evidence: {ids}"},
    "purpose_basis": {
        "de": "Zweck: {purpose} · Rechtsgrundlage: {basis}",
        "en": "Purpose: {purpose} · legal basis: {basis}",
    },
    "purpose": {"de": "Zweck: {purpose}", "en": "Purpose: {purpose}"},
    "basis": {"de": "Rechtsgrundlage: {basis}", "en": "Legal basis: {basis}"},
    # The whole visit, the banner's own events included: not the count "after your
    # decision" the overview gives (the two must not read as one number disagreeing).
    "legal_events": {
        "de": "{n} {n|Ereignis|Ereignisse} verarbeitet, insgesamt seit Ihrer Ankunft",
        "en": "{n} {n|event|events} processed in all, since you arrived",
    },
    "legal_refused": {"de": "Von Ihnen abgelehnt: {refused}", "en": "Refused by you: {refused}"},
    "price_row": {
        "de": "{product}: Ihnen {shown}, neutral {neutral} ({change})",
        "en": "{product}: you {shown}, neutral {neutral} ({change})",
    },
    "same_price": {"de": "gleich", "en": "same"},
    "money_title": {"de": "Preisschilder und Kasse:", "en": "Price tags and the till:"},
    "money_price_look": {
        "de": "Preisschild angesehen – {product}: {price} (normal {normal})",
        "en": "Looked at the price – {product}: {price} (normal {normal})",
    },
    "money_price_change": {
        "de": "Preis angepasst – {product}: jetzt {price} (normal {normal})",
        "en": "Price adjusted – {product}: now {price} (normal {normal})",
    },
    "used_at": {
        "de": "Verwendet – {place}, {time}: {said}",
        "en": "Used – {place}, {time}: {said}",
    },
    "because": {"de": "weil {ids}", "en": "because of {ids}"},
    "money_paid": {
        "de": "Bezahlt – {product}: {price} (Listenpreis {normal})",
        "en": "Paid – {product}: {price} (list price {normal})",
    },
    "rewritten": {"de": "Umgeschrieben für Sie: {scene}", "en": "Rewritten for you: {scene}"},
    "you_read": {"de": "Was Sie gelesen haben:", "en": "What you read:"},
    "neutral_read": {
        "de": "Was ein neutraler Kunde gelesen hätte:",
        "en": "What a neutral shopper would have read:",
    },
    "special_category": {
        "de": "Besondere Kategorie (Art. 9 DSGVO): {category}",
        "en": "Special category (Art. 9 GDPR): {category}",
    },
    "you_told_us": {"de": "Was Sie uns selbst gesagt haben", "en": "What you told us yourself"},
    "your_device": {"de": "Ihr Gerät (Fingerabdruck)", "en": "Your device (fingerprint)"},
    "nothing": {"de": "nichts", "en": "nothing"},
    "prices_intro": {
        "de": "Was Ihnen gezeigt wurde – und was ein neutraler Kunde gesehen hätte.",
        "en": "What you were shown – and what a neutral shopper would have seen.",
    },
    "texts_personalised": {
        "de": "{n} von {total} {total|Szene|Szenen} {n|wurde|wurden} für Sie umgeschrieben.",
        "en": "{n} of {total} {total|scene|scenes} {n|was|were} rewritten for you.",
    },
    "no_prices": {"de": "Keine Preise gezeigt.", "en": "No prices shown."},
    "source": {"de": "Quellen: {source}", "en": "Sources: {source}"},
    "source_original_german": {"de": "(Original auf Deutsch)", "en": "(original in German)"},
    "no_reality": {"de": "Keine Karten.", "en": "No cards."},
    "export_done_in": {
        "de": "Akte exportiert, {n} {n|Datei|Dateien} in {folder}",
        "en": "File exported, {n} {n|file|files} in {folder}",
    },
    "export_failed": {"de": "Export fehlgeschlagen: {error}", "en": "Export failed: {error}"},
    "export_downloaded": {
        "de": "Ihre Akte kommt als Download in Ihren Browser: {names}",
        "en": "Your file is downloading into your browser: {names}",
    },
    # ------------------------------------------------- reveal: at a glance
    "tab_glance": {"de": "Überblick", "en": "At a glance"},
    "tab_contest": {"de": "Widerspruch", "en": "Contest"},
    "tab_charts": {"de": "Grafiken", "en": "Charts"},
    "glance_wrong": {
        "de": "Wo das Kaufhaus danebenlag: {n} (Reiter „Widerspruch“)",
        "en": "Where the shop got you wrong: {n} (tab “Contest”)",
    },
    "glance_loading": {
        "de": "Die vollständige Akte wird noch zusammengestellt …",
        "en": "The full file is still being put together …",
    },
    "glance_ending": {"de": "Wie es ausging", "en": "How it ended"},
    "glance_name": {"de": "Name", "en": "name"},
    "glance_email": {"de": "E-Mail-Adresse", "en": "e-mail address"},
    "dossier_failed": {
        "de": "Die vollständige Akte ließ sich nicht zusammenstellen: {error}",
        "en": "The full file could not be put together: {error}",
    },
    "dossier_pending": {
        "de": "Einen Moment – die Akte wird noch zusammengestellt.",
        "en": "One moment – the file is still being put together.",
    },
    # --------------------------------------------------- reveal: the log
    "sentence_session_start": {
        "de": "Sie begannen das Spiel; das Kaufhaus las dabei Ihr Gerät aus: {device}.",
        "en": "You started the game; the shop read your device as you did: {device}.",
    },
    "sentence_cookie": {
        "de": "Es fand sein Cookie von Ihrem letzten Besuch (Besuch Nr. {visits}).",
        "en": "It found its cookie from your last visit (visit no. {visits}).",
    },
    "sentence_input": {
        "de": "Sie haben {field} eingetippt: „{value}“.",
        "en": "You typed in {field}: “{value}”.",
    },
    "a_claim": {"de": "eine Annahme über Sie", "en": "an assumption about you"},
    "unknown_place": {"de": "unbekannter Ort", "en": "unknown place"},
    "origin_provided": {"de": "angegeben", "en": "provided"},
    "origin_observed": {"de": "beobachtet", "en": "observed"},
    "origin_inferred": {"de": "gefolgert", "en": "inferred"},
    "log_gap": {
        "de": "{span}: nicht in der Akte",
        "en": "{span}: not in the file",
    },
    "log_gap_unseen": {
        "de": "{places}, dort sah Sie das Kaufhaus nicht",
        "en": "{places}, where the shop could not see you",
    },
    "log_gap_story": {
        "de": "Notizen der Geschichte, nicht des Kaufhauses",
        "en": "the story's own notes, not the shop's",
    },
    "origin_legend": {
        "de": "angegeben = von Ihnen getippt oder gesagt · beobachtet = gesehen und gezählt · "
        "gefolgert = vom Kaufhaus geschlossen",
        "en": "provided = typed or said by you · observed = seen and counted · "
        "inferred = concluded by the shop",
    },
    "col_origin": {"de": "Herkunft", "en": "Origin"},
    "col_happened": {"de": "Was geschah", "en": "What happened"},
    "filter_kind": {"de": "Art", "en": "Kind"},
    "filter_place": {"de": "Ort", "en": "Place"},
    "filter_all_kinds": {"de": "alle Arten", "en": "all kinds"},
    "filter_all_places": {"de": "alle Orte", "en": "all places"},
    "log_page": {
        "de": "Zeilen {first}–{last} von {total}",
        "en": "rows {first}–{last} of {total}",
    },
    "log_empty": {"de": "Keine Einträge für diese Auswahl.", "en": "No entries for this choice."},
    "log_evidence": {
        "de": "Nur die Belege für: {conclusion} · Esc: alle zeigen · z: zurück zum Schluss",
        "en": "Only the evidence for: {conclusion} · Esc: show all · z: back to the conclusion",
    },
    "log_hint": {
        "de": "Enter: Schlüsse dazu · a/o: nach Art/Ort filtern · [ ]: Seite",
        "en": "Enter: conclusions resting on it · a/o: filter by kind/place · [ ]: page",
    },
    "log_cited_by": {
        "de": "Eintrag #{id} ist Beleg für {n} {n|Schluss|Schlüsse}.",
        "en": "Entry #{id} is evidence for {n} {n|conclusion|conclusions}.",
    },
    "log_cited_by_none": {
        "de": "Auf Eintrag #{id} beruht kein Schluss – er wurde nur aufbewahrt.",
        "en": "No conclusion rests on entry #{id} – it was merely kept.",
    },
    "kind_group_moves": {"de": "Wege", "en": "Moving around"},
    "kind_group_looks": {"de": "Hinsehen und Zögern", "en": "Looking and hesitating"},
    "kind_group_decisions": {"de": "Entscheidungen", "en": "Decisions"},
    "kind_group_prices": {"de": "Preise und Coupons", "en": "Prices and coupons"},
    "kind_group_said": {"de": "Über Sie gesagt", "en": "Said about you"},
    "kind_group_you": {"de": "Von Ihnen angegeben", "en": "Provided by you"},
    "kind_group_other": {"de": "Sonstiges", "en": "Other"},
    # ------------------------------------------ reveal: conclusions, contest
    "conclusions_hint": {
        "de": "Enter: Belege im Protokoll · 1: berichtigen · 2: widersprechen · "
        "3: Mensch statt Maschine",
        "en": "Enter: evidence in the log · 1: rectify · 2: object · 3: a human, not a machine",
    },
    "origin_line": {"de": "Herkunft: {origin}", "en": "Origin: {origin}"},
    "wrong_title": {"de": "Wo das Kaufhaus danebenlag", "en": "Where the shop got you wrong"},
    "wrong_none": {
        "de": "Nach Aktenlage lag das Kaufhaus bei Ihnen richtig. Es bedankt sich für Ihre "
        "Berechenbarkeit.",
        "en": "According to the file, the shop had you right. It thanks you for being so "
        "predictable.",
    },
    "wrong_marker": {"de": "✗ widerlegt: {why}", "en": "✗ contradicted: {why}"},
    # One heading per right: a rectification is no objection.
    "contest_title_rectify": {
        "de": "Sie verlangen eine Berichtigung: {conclusion}",
        "en": "You ask us to correct: {conclusion}",
    },
    "contest_title_object": {
        "de": "Sie widersprechen: {conclusion}",
        "en": "You object to: {conclusion}",
    },
    "contest_title_human": {
        "de": "Sie verlangen, dass ein Mensch entscheidet: {conclusion}",
        "en": "You ask for a human to decide: {conclusion}",
    },
    "contest_shop_says": {"de": "Das Kaufhaus antwortet:", "en": "The shop replies:"},
    "contest_law_says": {"de": "Was das Recht sagt:", "en": "What the law says:"},
    "contest_close": {"de": "Esc: schließen", "en": "Esc: close"},
    "contest_intro": {
        "de": "Jeden Schluss können Sie anfechten. Wählen Sie ihn unter „Schlüsse“ und "
        "drücken Sie 1, 2 oder 3.",
        "en": "You can contest any conclusion. Pick it under “Conclusions” and press 1, 2 or 3.",
    },
    "errand_title": {"de": "Weshalb Sie wirklich kamen", "en": "Why you really came"},
    "contests_title": {"de": "Ihre Widersprüche in Ihrer Akte", "en": "Your contests, on file"},
    "contests_none": {
        "de": "Noch keine. Jeder Widerspruch wird ein Eintrag in Ihrer Akte, mit unserer Antwort.",
        "en": "None yet. Every contest becomes an entry in your file, with our answer.",
    },
    "contest_recorded": {
        "de": "In Ihrer Akte vermerkt: Eintrag {event}.",
        "en": "Entered in your file: entry {event}.",
    },
    # -------------------------------------------------------- reveal: charts
    "chart_dwell": {"de": "Zeit je Abteilung", "en": "Time per department"},
    "chart_interest": {
        "de": "Wie oft das Kaufhaus Interesse notierte, über die Zeit ({start} bis {end})",
        "en": "How often the shop noted interest, over time ({start} to {end})",
    },
    "chart_interest_none": {
        "de": "Kein Interesse notiert – oder keine Einwilligung dafür.",
        "en": "No interest noted – or no consent for it.",
    },
    "chart_route": {"de": "Ihr Weg durch das Kaufhaus", "en": "Your route through the shop"},
    "chart_route_more": {
        "de": "… und {n} {n|weiterer Weg|weitere Wege}",
        "en": "… and {n} {n|more move|more moves}",
    },
    "legal_intro": {
        "de": "Wofür das Kaufhaus Ihre Ereignisse verarbeitet hat, und mit welcher Begründung.",
        "en": "What the shop processed your events for, and on what grounds.",
    },
}

#: How the reveal and the x-ray name each kind of logged event.
KIND_LABELS: dict[str, dict[str, str]] = {
    "session_start": {"de": "Sitzung begonnen", "en": "session started"},
    "consent": {"de": "Einwilligung", "en": "consent"},
    "scene_enter": {"de": "betreten", "en": "entered"},
    "scene_leave": {"de": "verlassen", "en": "left"},
    "choice": {"de": "entschieden", "en": "chose"},
    "highlight": {"de": "Hand gezuckt", "en": "hand twitched"},
    "hover": {"de": "Maus verweilt", "en": "mouse rested"},
    "examine": {"de": "angesehen", "en": "examined"},
    "input": {"de": "eingegeben", "en": "typed"},
    "back": {"de": "zurück", "en": "went back"},
    "idle": {"de": "untätig", "en": "idle"},
    "coupon": {"de": "Coupon", "en": "coupon"},
    "price_look": {"de": "Preis angesehen", "en": "looked at price"},
    "save": {"de": "gespeichert", "en": "saved"},
    "quit": {"de": "beendet", "en": "quit"},
    "price_shown": {"de": "Preis gezeigt", "en": "price shown"},
    "price_change": {"de": "Preis angepasst", "en": "price adjusted"},
    "claim_use": {"de": "über Sie gesagt", "en": "said about you"},
    "state": {"de": "Spielstand", "en": "story state"},
    "note": {"de": "notiert", "en": "noted"},
    "transfer": {"de": "weitergegeben", "en": "passed on"},
    "undo": {"de": "rückgängig gemacht", "en": "undone"},
}


#: The reveal's first card speaks in the words the printed file's card uses.
STRINGS.update(CARD_WORDS)


def tr(key: str, lang: str, **values: object) -> str:
    """The UI string ``key`` in ``lang`` (falling back to German), filled with values.

    The values pass ``neutralise``: a file name, an error of the system or a
    reason quoting a file may hold anything, and every front end draws this.
    """
    entry = STRINGS[key]
    text = entry.get(lang) or entry["de"]
    if not values:
        return text
    # "{n|Datei|Dateien}": the form that fits the number (see tracking.numbers.counted).
    return neutralise(counted(text, values).format(**values))


def kind_label(kind: str, lang: str) -> str:
    entry = KIND_LABELS.get(str(kind))
    return (entry.get(lang) or entry["de"]) if entry else str(kind)


def clock_text(seconds: float) -> str:
    """``mm:ss`` (or ``h:mm:ss`` past an hour) for the log and the save list."""
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def duration_text(seconds: float, lang: str) -> str:
    """``3 Minuten 5 Sekunden`` / ``3 min 5 s`` for sentences (clock_text is for tables).

    The printed file says the same (``dossier.card.duration_words``): one rounding.
    """
    return duration_words(seconds, lang)


def other_language(lang: str) -> str:
    return "en" if lang == "de" else "de"

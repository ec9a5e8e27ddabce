"""Grammar from the pack: what a product or a thing is, so a sentence can agree with it.

A template that puts a product the shop chose (``shop.wish``) into a sentence
does not know which product it will be: "Im Fenster steht die Winterjacke"
but "Im Fenster stehen die Kopfschmerztabletten". So the pack declares, for
each product and thing, its grammatical number per language, its German
gender and its German case forms with the article, and the sentence asks
(``shop.verb(pid, 'steht', 'stehen')``, ``shop.the(pid, 'acc')``). The
dossier's log lines use the same forms ("Wir haben Ihnen die Winterjacke …
angezeigt", "We showed you the 65-inch UHD TV …").

Nothing here knows the player: it is the catalogue's grammar, plain data.
"""

from __future__ import annotations

from typing import Protocol

from kaufhaus.story.template_base import CASES

#: German grammatical genders (a plural has none).
GENDERS = ("m", "f", "n")
#: Grammatical number: singular, plural.
NUMBERS = ("sg", "pl")

#: The German definite article by gender (or "pl") and case.
_ARTICLES: dict[str, dict[str, str]] = {
    "m": {"nom": "der", "acc": "den", "dat": "dem"},
    "f": {"nom": "die", "acc": "die", "dat": "der"},
    "n": {"nom": "das", "acc": "das", "dat": "dem"},
    "pl": {"nom": "die", "acc": "die", "dat": "den"},
}

#: The (weak) adjective ending after the definite article, by gender (or "pl") and
#: case: "der große Fernseher", "den großen Fernseher", "die großen Fernseher".
_WEAK: dict[str, dict[str, str]] = {
    "m": {"nom": "e", "acc": "en", "dat": "en"},
    "f": {"nom": "e", "acc": "e", "dat": "en"},
    "n": {"nom": "e", "acc": "e", "dat": "en"},
    "pl": {"nom": "en", "acc": "en", "dat": "en"},
}
#: Endings of a declined German adjective; a word with none of them ("lila",
#: "extra", an adverb like "fast") is not declined and not checked.
_DECLINED = ("e", "en", "er", "es", "em")


class Named(Protocol):
    """A product or a thing: what the grammar needs of it."""

    @property
    def forms(self) -> dict[str, str]: ...

    @property
    def gender(self) -> str | None: ...

    @property
    def number(self) -> dict[str, str]: ...


def article(gender: str | None, number: str, case: str) -> str | None:
    """The German definite article for a gender, number and case (None: unknown)."""
    key = "pl" if number == "pl" else gender
    return _ARTICLES.get(key or "", {}).get(case)


def weak_ending(gender: str | None, number: str, case: str) -> str | None:
    """The adjective ending after the definite article ("e" or "en"; None: unknown)."""
    key = "pl" if number == "pl" else gender
    return _WEAK.get(key or "", {}).get(case)


def adjectives(phrase: str) -> list[str]:
    """The declined adjectives of a phrase that begins with its article: the lower-case
    words between the article and the noun ("das dunkle Bierfässchen" → ["dunkle"]).

    What stands after the noun ("die Kondome im Sparpack") is not the noun's own
    adjective; a number ("der 65-Zoll-Fernseher") begins the noun.
    """
    out: list[str] = []
    for word in phrase.split()[1:]:
        if not word[:1].islower():
            break
        if word.endswith(_DECLINED):
            out.append(word)
    return out


def adjective_problem(word: str, ending: str) -> bool:
    """Whether a declined adjective lacks the ending its article calls for
    ("den große", "der großen", "der großer" after "der" in the nominative)."""
    if ending == "en":
        return not word.endswith("en")
    return not word.endswith("e")


def number_of(named: Named, lang: str) -> str:
    """ "sg" or "pl" in ``lang``; a pack that says nothing is taken as singular."""
    return named.number.get(lang) or "sg"


def agree(named: Named, lang: str, singular: str, plural: str) -> str:
    """The word that agrees in number: ``agree(kopfschmerz, 'de', 'steht', 'stehen')``."""
    return plural if number_of(named, lang) == "pl" else singular


#: The personal pronoun that refers back to a product, by language, gender (German)
#: or number, and case: "Daneben steht ein Schild, das auf ihn zeigt", "next to them".
_PRONOUNS: dict[str, dict[str, dict[str, str]]] = {
    "de": {
        "m": {"nom": "er", "acc": "ihn", "dat": "ihm"},
        "f": {"nom": "sie", "acc": "sie", "dat": "ihr"},
        "n": {"nom": "es", "acc": "es", "dat": "ihm"},
        "pl": {"nom": "sie", "acc": "sie", "dat": "ihnen"},
    },
    "en": {
        "sg": {"nom": "it", "acc": "it", "dat": "it"},
        "pl": {"nom": "they", "acc": "them", "dat": "them"},
    },
}


def pronoun(named: Named, lang: str, case: str = "nom") -> str:
    """The pronoun that refers back to ``named`` in ``case``: German by number and
    gender ("ihn" for a coat, "sie" for tablets), English by number ("it", "them").
    A German singular without a gender takes "es"; a language without a table, "".
    """
    return pronoun_by(lang, number_of(named, lang) == "pl", named.gender, case)


def pronoun_by(lang: str, plural: bool, gender: str | None, case: str = "nom") -> str:
    """:func:`pronoun` from the grammar alone (number, German gender), for readers
    that have a file's catalogue rather than the story's product."""
    table = _PRONOUNS.get(lang)
    if table is None:
        return ""
    if lang == "en":
        return table["pl" if plural else "sg"][case]
    return table["pl" if plural else (gender if gender in table else "n")][case]


def definite(named: Named, name: str, lang: str, case: str = "nom") -> str:
    """The name with its definite article: German from ``forms`` in the case asked
    (the nominative, then the bare name where a form is missing), English "the …"."""
    if lang == "de":
        return named.forms.get(case) or named.forms.get("nom") or name
    if lang == "en":
        return f"the {name}" if name else ""
    return named.forms.get(case) or name


def form_problems(named: Named, languages: tuple[str, ...]) -> list[str]:
    """What a product or thing lacks, or gets wrong, for sentences to agree with it.

    German needs every case form (``forms``), a ``number`` and, in the
    singular, a ``gender``; each form must begin with the article that gender,
    number and case call for, and an adjective between article and noun must
    have the ending that article calls for ("den großen Fernseher", not "den
    große Fernseher"). Other languages need a ``number``.
    """
    out: list[str] = []
    unnumbered = [lang for lang in languages if lang not in named.number]
    if unnumbered:
        out.append(f"no number for {', '.join(unnumbered)} (number: sg or pl)")
    if "de" not in languages:
        return out
    missing = [case for case in CASES if case not in named.forms]
    if missing:
        out.append(f"no German forms for {', '.join(missing)} (forms: {{nom: …, acc: …, dat: …}})")
    number = named.number.get("de")
    if number == "sg" and named.gender is None:
        out.append("no German gender (gender: m, f or n)")
    if number is None or (number == "sg" and named.gender is None):
        return out
    for case in CASES:
        form = named.forms.get(case)
        want = article(named.gender, number, case)
        if form and want and form.split(" ", 1)[0] != want:
            out.append(f"German {case} form {form!r} should begin with {want!r}")
            continue
        ending = weak_ending(named.gender, number, case)
        for word in adjectives(form or "") if ending else []:
            if adjective_problem(word, ending or ""):
                out.append(
                    f"German {case} form {form!r}: the adjective {word!r} should end "
                    f"in -{ending} after {want!r}"
                )
    return out

"""The dossier's graph says only true things, read by two RDF processors.

Every export of every walkthrough (the shipped ones and the small red-team
ones, in both languages) is expanded by pyld and parsed by rdflib; the two
must find the same graph, and in it:

- no literal where an IRI belongs (every DPV property, every link of ours),
  and no IRI where a literal belongs (no ``urn:tmux-256color``): every IRI is
  a term of the pinned DPV 2.3, of the game's vocabulary, or a node of this file;
- every string literal in a language, or one of the language-neutral fields
  (ids, codes, file names);
- a dossier IRI per game, kept on replay;
- a transfer and an Art. 9 condition only where they happened.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import rdflib
from pyld import jsonld
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, XSD

from kaufhaus.dossier import linked
from kaufhaus.dossier.export import to_json
from kaufhaus.dossier.linked import DCT_NS, DPV_NS, GDPR_NS, KH_NS, PD_NS, PROV_NS
from kaufhaus.dossier.model import build_dossier
from kaufhaus.game import Game
from kaufhaus.saves import load_game, save_game
from kaufhaus.story.model import Story
from kaufhaus.walkthrough import HEADLESS_FINGERPRINT, parse_walkthrough, play
from tests.dossier.conftest import EVERY_WALKTHROUGH, TRUTH

Every = Callable[[str, str], dict[str, Any]]

CASES = [(name, lang) for name, _ in EVERY_WALKTHROUGH for lang in ("de", "en")]

#: Properties of ours whose values are nodes or terms, never strings.
KH_LINKS = {
    f"{KH_NS}{name}"
    for name in (
        "origin",
        "right",
        "role",
        "appliesTo",
        "concerns",
        "recipient",
        "art9Condition",
        "logEntry",
        "inference",
        "rightExercised",
        "aboutInference",
    )
}
LINKS = KH_LINKS | {PROV_NS + "wasDerivedFrom", PROV_NS + "wasInfluencedBy", str(RDF.type)}

#: Fields that are codes, ids and names, the same in every language.
NEUTRAL = {
    f"{KH_NS}{name}"
    for name in (
        "id",
        "key",
        "kind",
        "scene",
        "target",
        "subject",
        "product",
        "claim",
        "where",
        "purpose",
        "purposeId",
        "processed_for",
        "legal_basis",
        "legal_bases",
        "status",
        "choice",
        "granted",
        "refused",
        "art22",
        "art9_status",
        "special_category",
        "rule_id",
        "rule_lang",
        "text_lang",
        "ruleId",
        "used_by",
        "right_id",
        "conclusion",
        "holds",
        "file",
        "format",
        "generator",
        "lang",
        "hash",
        "session",
        "dpvVersion",
        "contact",
        "name",  # the controller's name: Kaufhaus Internet GmbH & Co. KG
        "code",  # a country's ISO code
        "vs_normal",  # "+3%"
    )
}

DPV_SPACES = (DPV_NS, PD_NS, GDPR_NS)


def _no_fetch(url: str, options: Any = None) -> Any:
    raise AssertionError(f"the JSON-LD processor tried to fetch {url}")


def graphs(dossier: dict[str, Any]) -> tuple[rdflib.Graph, rdflib.Graph]:
    """The exported file as pyld and as rdflib read it."""
    text = to_json(dossier)
    quads = jsonld.to_rdf(
        json.loads(text), {"documentLoader": _no_fetch, "format": "application/n-quads"}
    )
    by_pyld = rdflib.Graph().parse(data=quads, format="nt")
    by_rdflib = rdflib.Graph().parse(data=text, format="json-ld")
    return by_pyld, by_rdflib


_NUMBERS = {XSD.integer, XSD.double, XSD.decimal}


def _same_numbers(graph: rdflib.Graph) -> rdflib.Graph:
    """The graph with every number and JSON literal written one way.

    The processors differ in spelling only: JSON-LD makes ``20.0`` an
    ``xsd:integer`` 20, rdflib an ``xsd:double``; JSON literals are
    canonicalised with or without the ``.0``.
    """

    def norm(value: Any) -> Any:
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, dict):
            return {k: norm(v) for k, v in value.items()}
        if isinstance(value, list):
            return [norm(v) for v in value]
        return value

    out = rdflib.Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype in _NUMBERS:
            o = Literal(repr(norm(float(o))), datatype=XSD.double)
        elif isinstance(o, Literal) and o.datatype == RDF.JSON:
            text = json.dumps(norm(json.loads(str(o))), sort_keys=True, ensure_ascii=False)
            o = Literal(text, datatype=RDF.JSON)
        out.add((s, p, o))
    return out


def same_graph(one: rdflib.Graph, other: rdflib.Graph) -> bool:
    """Whether two readings agree: every triple between named nodes, and the shape
    of the rest (a full isomorphism check of ~5,000 triples takes seconds).

    Blank nodes are named by their path from a named node (the first
    property and named subject that reach them), which is enough for a
    file whose nested parts are trees.
    """

    def signature(graph: rdflib.Graph) -> tuple[set[Any], list[Any]]:
        graph = _same_numbers(graph)
        names: dict[BNode, str] = {}
        pending = [(s, p, o) for s, p, o in graph if isinstance(o, BNode)]
        for _ in range(8):
            for s, p, o in pending:
                if o not in names and not isinstance(s, BNode):
                    names[o] = f"{s}/{p}"
                elif o not in names and s in names:
                    names[o] = f"{names[s]}/{p}"

        def name(node: Any) -> Any:
            return names.get(node, "?") if isinstance(node, BNode) else node

        named = {(s, p, o) for s, p, o in graph if not isinstance(s, BNode | type(None))}
        named = {(s, p, name(o)) for s, p, o in named}
        rest = sorted((name(s), str(p), str(name(o))) for s, p, o in graph if isinstance(s, BNode))
        return named, rest

    return signature(one) == signature(other)


def _term(iri: str) -> str | None:
    for prefix, space in (("dpv", DPV_NS), ("pd", PD_NS), ("eu-gdpr", GDPR_NS)):
        if iri.startswith(space):
            return f"{prefix}:{iri[len(space) :]}"
    return None


@pytest.mark.parametrize(("name", "lang"), CASES)
def test_every_export_is_a_graph_that_says_only_true_things(
    every: Every, name: str, lang: str
) -> None:
    d = every(name, lang)
    by_pyld, graph = graphs(d)
    assert len(graph) > 10 * len(d["events"])
    # Both processors read the same graph.
    assert same_graph(by_pyld, graph), name
    base = d["@id"]
    vocabulary = linked.dpv_terms()
    for _, p, o in graph:
        predicate = str(p)
        if predicate.startswith(DPV_SPACES) or predicate in LINKS:
            assert not isinstance(o, Literal), (predicate, o)
        if isinstance(o, URIRef):
            iri = str(o)
            term = _term(iri)
            if term is not None:
                assert term in vocabulary, term
            else:
                assert iri.startswith((base + "#", KH_NS)) or iri == linked.SCHEMA_ID, (p, iri)
        if isinstance(o, Literal):
            if o.language is not None:
                assert o.language in ("de", "en"), o
            elif o.datatype in (None, XSD.string):
                assert predicate in NEUTRAL, (predicate, str(o)[:60])
        if predicate.startswith(DPV_SPACES):
            assert _term(predicate) in vocabulary, predicate
    for _, _, cls in graph.triples((None, RDF.type, None)):
        assert _term(str(cls)) in vocabulary, cls
    # No Art. 9(2) condition is asserted: none holds in this game (``law``).
    for row in d["inferences"]:
        if row["art9"]:
            assert row["art9_condition"] is None and row["art9_status"] == "no_condition"
    assert not list(graph.triples((None, URIRef(KH_NS + "art9Condition"), None)))


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_file_is_a_notice_with_handlings_in_dpv_shape(every: Every, lang: str) -> None:
    d = every("walkthroughs/tv-fan", lang)
    by_pyld, graph = graphs(d)
    # The comparison of the two readings can fail: one triple changed is noticed.
    changed = rdflib.Graph()
    for s, p, o in graph:
        changed.add((s, p, Literal("x") if isinstance(o, Literal) and str(o) == "decisive" else o))
    assert same_graph(by_pyld, graph) and not same_graph(by_pyld, changed)
    doc = URIRef(d["@id"])
    dpv = rdflib.Namespace(DPV_NS)
    assert (doc, RDF.type, dpv.RightFulfilmentNotice) in graph
    assert (doc, URIRef(KH_NS + "right"), URIRef(GDPR_NS + "A15")) in graph
    handlings = set(graph.objects(doc, dpv.hasPersonalDataHandling))
    assert len(handlings) == len(d["purposes"])
    for handling in handlings:
        assert (handling, RDF.type, dpv.PersonalDataHandling) in graph
        assert len(set(graph.objects(handling, dpv.hasPurpose))) == 1
        assert len(set(graph.objects(handling, dpv.hasLegalBasis))) == 1
    # Advertising had consent: its handling names its data, its recipients (which
    # are typed), and where the data is kept.
    ad = URIRef(f"{doc}#purpose-advertising")
    assert set(graph.objects(ad, dpv.hasPersonalData))
    recipients = set(graph.objects(ad, dpv.hasRecipient))
    assert recipients
    for recipient in recipients:
        assert set(graph.objects(recipient, RDF.type)) & {dpv.DataProcessor, dpv.ThirdParty}
    for storage in graph.objects(ad, dpv.hasStorageCondition):
        assert (storage, RDF.type, dpv.StorageDuration) in graph
    # Counts are counts, not log entries: the summary's number has a property of its own.
    summary = next(graph.objects(doc, URIRef(KH_NS + "summary")))
    assert isinstance(summary, BNode)
    count = next(graph.objects(summary, URIRef(KH_NS + "eventCount")))
    assert int(count) == len(d["events"])
    assert len(set(graph.objects(doc, URIRef(KH_NS + "logEntry")))) == len(d["events"])
    assert (doc, URIRef(DCT_NS + "conformsTo"), URIRef(linked.SCHEMA_ID)) in graph


def test_a_transfer_is_asserted_only_when_it_happened(every: Every) -> None:
    dpv = rdflib.Namespace(DPV_NS)
    a46 = URIRef(GDPR_NS + "A46-2-c")
    for name, happened in (("walkthroughs/tv-fan", True), ("walkthroughs/privacy", False)):
        d = every(name, "en")
        assert d["transfers"]["happened"] is happened
        _, graph = graphs(d)
        transfer = URIRef(f"{d['@id']}#transfers")
        countries = set(graph.objects(transfer, dpv.hasThirdCountry))
        if happened:
            assert (transfer, dpv.hasLegalBasis, a46) in graph
            assert {str(c).rsplit("-", 1)[-1] for c in countries} == {"us", "in"}
            for country in countries:
                assert (country, RDF.type, dpv.ThirdCountry) in graph
        else:
            assert not countries
            assert not list(graph.triples((None, None, a46)))


def test_a_hostile_terminal_name_stays_a_string(story: Story) -> None:
    """The terminal's ``term`` once became an IRI, and a ``<`` in it broke the whole file."""
    game = Game(story, seed=5, lang="en")
    game.start(0.0, {**HEADLESS_FINGERPRINT, "term": 'tmux<256color> "x"'}, None)
    walk = parse_walkthrough((TRUTH / "necessary-twitch.yaml").read_text(encoding="utf-8"))
    d = build_dossier(play(story, walk, game=game))
    by_pyld, graph = graphs(d)
    assert same_graph(by_pyld, graph)
    assert not [o for o in graph.objects() if isinstance(o, URIRef) and "tmux" in str(o)]
    fingerprints = [o for o in graph.objects() if isinstance(o, Literal) and "tmux<" in str(o)]
    assert fingerprints and all(o.datatype == RDF.JSON for o in fingerprints)


def test_each_game_has_its_own_iri_kept_on_replay(story: Story, tmp_path: Path) -> None:
    texts = [(TRUTH / f"{n}.yaml").read_text(encoding="utf-8") for n in ("tv-twice", "tv-coupon")]
    walks = [parse_walkthrough(t) for t in texts]
    same_seed = [w.__class__(**{**w.__dict__, "seed": 7}) for w in walks]
    games = [play(story, w) for w in same_seed]
    iris = [build_dossier(g)["@id"] for g in games]
    assert iris[0] != iris[1]
    assert all(i.startswith(linked.DOSSIER_BASE) for i in iris)
    # A game with a name (as a real session gets one) keeps it through its save.
    named = Game(story, seed=7, lang="de", session="a1b2c3")
    named.start(0.0, HEADLESS_FINGERPRINT, None)
    play(story, walks[0], game=named)
    save_game(named, tmp_path / "game.jsonl")
    loaded = load_game(story, tmp_path / "game.jsonl").game
    assert loaded.session == "a1b2c3"
    assert build_dossier(loaded)["@id"] == build_dossier(named)["@id"]
    assert build_dossier(named)["@id"] == linked.DOSSIER_BASE + "a1b2c3"
    # Two sessions of the same walkthrough (same seed, same steps) are two games.
    other = Game(story, seed=7, lang="de", session="d4e5f6")
    other.start(0.0, HEADLESS_FINGERPRINT, None)
    play(story, walks[0], game=other)
    assert build_dossier(other)["@id"] != build_dossier(named)["@id"]


def test_every_walkthrough_is_a_file_of_its_own(every: Every) -> None:
    """Walkthroughs that share a seed (guest, tv-coupon and necessary-twitch on 5; tv-fan
    and tv-twice on 7; returning and custom-back on 9) are different games, so different
    files; one game answered in German and in English is one file in two languages."""
    seeds: dict[int, set[str]] = {}
    iris = {}
    for name, _ in EVERY_WALKTHROUGH:
        de, en = every(name, "de"), every(name, "en")
        assert de["@id"] == en["@id"], name
        iris[name] = de["@id"]
        seeds.setdefault(de["seed"], set()).add(de["@id"])
    assert len(set(iris.values())) == len(iris), iris
    assert max(len(shared) for shared in seeds.values()) >= 3

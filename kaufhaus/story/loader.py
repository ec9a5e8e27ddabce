"""Load a scene pack (a folder of YAML files, or one file) into a ``Story``.

Every problem is collected with its position, so an author sees them all at
once; nothing here raises anything but ``StoryLoadError``.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kaufhaus.story.errors import Pos, Problem, StoryLoadError, display_path
from kaufhaus.story.model import (
    Choice,
    Condition,
    Effects,
    InputPrompt,
    Item,
    Pricing,
    Product,
    Scene,
    Story,
    Text,
    Variant,
)
from kaufhaus.story.templates import TemplateProblem, compile_condition, compile_text
from kaufhaus.story.yamlsrc import Node, parse_yaml

MAX_FILE_BYTES = 5 * 1024 * 1024
ID_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
KNOWN_LANGS = ("de", "en")

STORY_KEYS = {"id", "title", "languages", "start", "catalogue", "pricing", "currency", "scenes"}
SCENE_KEYS = {"id", "title", "text", "place", "variants", "items", "choices", "input", "ending"}
CHOICE_KEYS = {"id", "label", "goto", "when", "product", "effects"}
ITEM_KEYS = {"id", "label", "text", "product", "when", "price_tag"}
VARIANT_KEYS = {"when", "text", "append"}
PRODUCT_KEYS = {"name", "category", "price", "sensitive", "forms"}
CASES = ("nom", "acc", "dat")
EFFECT_KEYS = {"take", "drop", "consent", "coupon", "buy"}
PRICING_KEYS = {"min", "max", "coupon"}
CONSENT_VALUES = ("all", "necessary", "custom")
SENSITIVE_VALUES = ("health", "sex_life", "religion", "politics", "ethnicity", "finances")


def did_you_mean(word: str, options: Any) -> str:
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f"Did you mean {close[0]!r}?" if close else ""


class _Builder:
    """Turns position-carrying YAML nodes into model objects, collecting problems."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.languages: tuple[str, ...] = ("de",)

    # -- reporting -----------------------------------------------------------
    def error(self, pos: Pos, code: str, message: str, hint: str = "") -> None:
        self.problems.append(Problem(pos, code, message, hint))

    def warn(self, pos: Pos, code: str, message: str, hint: str = "") -> None:
        self.problems.append(Problem(pos, code, message, hint, "warning"))

    # -- shape helpers -------------------------------------------------------
    def mapping(self, node: Node, what: str, allowed: set[str]) -> dict[str, Node] | None:
        if not isinstance(node.value, dict):
            self.error(node.pos, "KH011", f"{what} must be a mapping, not {node.kind}",
                       "Write it as 'key: value' lines indented under its name.")
            return None
        for key, kpos in node.key_pos.items():
            if key not in allowed:
                self.error(kpos, "KH012", f"unknown field {key!r} in {what}",
                           did_you_mean(key, allowed) or f"Allowed: {', '.join(sorted(allowed))}.")
        return node.value

    def seq(self, node: Node | None, what: str) -> list[Node]:
        if node is None or node.value is None:
            return []
        if not isinstance(node.value, list):
            self.error(node.pos, "KH011", f"{what} must be a list, not {node.kind}",
                       "Start each entry on its own line with '- '.")
            return []
        return node.value

    def required(self, m: dict[str, Node], key: str, owner: Node, what: str) -> Node | None:
        if key not in m or m[key].value is None:
            self.error(owner.pos, "KH010", f"{what} is missing {key!r}",
                       f"Add a '{key}:' line to this {what}.")
            return None
        return m[key]

    def ident(self, node: Node | None, what: str) -> str | None:
        if node is None:
            return None
        if not isinstance(node.value, str) or not ID_RE.match(node.value):
            self.error(node.pos, "KH026", f"{what} must be a simple name, got {node.value!r}",
                       "Use letters, digits, '_' and '-', starting with a letter.")
            return None
        return node.value

    def string(self, node: Node | None, what: str) -> str | None:
        if node is None or node.value is None:
            return None
        if isinstance(node.value, bool) or not isinstance(node.value, (str, int, float)):
            self.error(node.pos, "KH011", f"{what} must be text, not {node.kind}", "Quote it.")
            return None
        return str(node.value)

    def number(self, node: Node | None, what: str) -> float | None:
        if node is None:
            return None
        if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
            self.error(node.pos, "KH011", f"{what} must be a number, not {node.kind}",
                       "Write a plain number such as 1499 or 0.9.")
            return None
        return float(node.value)

    def text(self, node: Node | None, what: str, *, required: bool = True) -> Text | None:
        """A plain string, or a mapping {de: ..., en: ...}."""
        if node is None or node.value is None:
            return None
        if isinstance(node.value, dict):
            sources: dict[str, str] = {}
            for lang, sub in node.value.items():
                if lang not in KNOWN_LANGS:
                    self.error(node.key_pos[lang], "KH012", f"unknown language {lang!r} in {what}",
                               did_you_mean(lang, KNOWN_LANGS) or "Use 'de' or 'en'.")
                    continue
                value = self.string(sub, f"{what} ({lang})")
                if value is not None:
                    sources[lang] = value
            for lang in self.languages:
                if lang not in sources and required:
                    self.warn(node.pos, "KH042", f"{what} has no {lang!r} text",
                              f"Add a '{lang}:' translation.")
            if not sources:
                return None
        else:
            value = self.string(node, what)
            if value is None:
                return None
            sources = {lang: value for lang in self.languages}
        templates: dict[str, Any] = {}
        for lang, src in sources.items():
            try:
                templates[lang] = compile_text(src)
            except TemplateProblem as exc:
                pos = Pos(node.pos.file, node.pos.line + exc.line - 1, node.pos.column)
                self.error(pos, "KH030", f"{what}: {exc.message}",
                           "Templates use {{ name }} and {% if ... %}...{% endif %}; "
                           "see docs/authoring.md for the names you can use.")
        if len(templates) != len(sources):
            return None
        return Text(sources, node.pos, templates)

    def condition(self, node: Node | None, what: str) -> Condition | None:
        if node is None or node.value is None:
            return None
        if isinstance(node.value, bool):
            src = "true" if node.value else "false"
        else:
            src = self.string(node, what)
            if src is None:
                return None
        try:
            compiled = compile_condition(src)
        except TemplateProblem as exc:
            self.error(node.pos, "KH031", f"{what}: {exc.message}",
                       "A condition is one expression, e.g. shop.interest('tv') > 2.")
            return None
        return Condition(src, node.pos, compiled)

    # -- the model -------------------------------------------------------------
    def product(self, pid: str, node: Node, pos: Pos) -> Product | None:
        m = self.mapping(node, f"product {pid!r}", PRODUCT_KEYS)
        if m is None:
            return None
        name = self.text(self.required(m, "name", node, "product"), "product name")
        category = self.ident(self.required(m, "category", node, "product"), "category")
        price = self.number(self.required(m, "price", node, "product"), "price")
        sensitive = self.string(m.get("sensitive"), "sensitive")
        if sensitive is not None and sensitive not in SENSITIVE_VALUES:
            self.error(m["sensitive"].pos, "KH011", f"unknown sensitive category {sensitive!r}",
                       did_you_mean(sensitive, SENSITIVE_VALUES)
                       or f"Use one of: {', '.join(SENSITIVE_VALUES)}.")
            sensitive = None
        if price is not None and price <= 0:
            self.error(m["price"].pos, "KH011", "price must be positive", "Use the normal price.")
            price = None
        forms: dict[str, str] = {}
        if m.get("forms") is not None:
            fm = self.mapping(m["forms"], f"forms of {pid!r}", set(CASES))
            for case, fnode in (fm or {}).items():
                value = self.string(fnode, f"form {case!r}")
                if value:
                    forms[case] = value
        if name is None or category is None or price is None:
            return None
        return Product(pid, name, category, price, sensitive, pos, forms)

    def effects(self, node: Node | None) -> Effects:
        if node is None or node.value is None:
            return Effects()
        m = self.mapping(node, "effects", EFFECT_KEYS)
        if m is None:
            return Effects()

        def ids(key: str) -> tuple[str, ...]:
            sub = m.get(key)
            if sub is None:
                return ()
            values = [sub] if not isinstance(sub.value, list) else sub.value
            return tuple(v for v in (self.ident(v, key) for v in values) if v)

        consent = self.string(m.get("consent"), "consent")
        if consent is not None and consent not in CONSENT_VALUES:
            self.error(m["consent"].pos, "KH011", f"unknown consent {consent!r}",
                       did_you_mean(consent, CONSENT_VALUES) or "Use all, necessary or custom.")
            consent = None
        coupon = self.string(m.get("coupon"), "coupon")
        if coupon is not None and coupon not in ("take", "ignore"):
            self.error(m["coupon"].pos, "KH011", f"unknown coupon action {coupon!r}",
                       "Use take or ignore.")
            coupon = None
        buy = m.get("buy")
        if buy is not None and not isinstance(buy.value, bool):
            self.error(buy.pos, "KH011", "buy must be true or false", "Write buy: true.")
        return Effects(ids("take"), ids("drop"), consent, coupon,
                       bool(buy is not None and buy.value is True))

    def scene(self, node: Node) -> Scene | None:
        m = self.mapping(node, "scene", SCENE_KEYS)
        if m is None:
            return None
        sid = self.ident(self.required(m, "id", node, "scene"), "scene id")
        text = self.text(self.required(m, "text", node, "scene"), f"scene {sid!r} text")
        title = self.text(m.get("title"), f"scene {sid!r} title") or text
        place = self.string(m.get("place"), "place") or (sid or "")
        variants: list[Variant] = []
        for vnode in self.seq(m.get("variants"), "variants"):
            vm = self.mapping(vnode, "variant", VARIANT_KEYS)
            if vm is None:
                continue
            when = self.condition(self.required(vm, "when", vnode, "variant"), "variant condition")
            if "text" in vm and "append" in vm:
                self.error(vnode.pos, "KH011", "a variant has either 'text' or 'append', not both",
                           "'text' replaces the scene text, 'append' adds to it.")
                continue
            key = "append" if "append" in vm else "text"
            vtext = self.text(self.required(vm, key, vnode, "variant"), "variant text")
            if when and vtext:
                variants.append(Variant(when, vtext, "append" if key == "append" else "replace",
                                        vnode.pos))
        items: list[Item] = []
        for inode in self.seq(m.get("items"), "items"):
            im = self.mapping(inode, "item", ITEM_KEYS)
            if im is None:
                continue
            iid = self.ident(self.required(im, "id", inode, "item"), "item id")
            label = self.text(self.required(im, "label", inode, "item"), "item label")
            itext = self.text(self.required(im, "text", inode, "item"), "item text")
            product = self.ident(im.get("product"), "product")
            when = self.condition(im.get("when"), "item condition")
            price_tag = im.get("price_tag")
            if price_tag is not None and not isinstance(price_tag.value, bool):
                self.error(price_tag.pos, "KH011", "price_tag must be true or false",
                           "Write price_tag: true for a price label.")
            is_tag = bool(price_tag is not None and price_tag.value is True)
            if is_tag and not product:
                self.error(inode.pos, "KH010", "a price_tag item needs a 'product'",
                           "Name the product whose price the label shows.")
            if iid and label and itext:
                if any(i.id == iid for i in items):
                    self.error(im["id"].pos, "KH021", f"duplicate item id {iid!r} in scene {sid!r}",
                               "Item ids must be unique within a scene.")
                    continue
                items.append(Item(iid, label, itext, product, inode.pos, when, is_tag))
        choices: list[Choice] = []
        for cnode in self.seq(m.get("choices"), "choices"):
            cm = self.mapping(cnode, "choice", CHOICE_KEYS)
            if cm is None:
                continue
            cid = self.ident(self.required(cm, "id", cnode, "choice"), "choice id")
            label = self.text(self.required(cm, "label", cnode, "choice"), "choice label")
            goto_node = self.required(cm, "goto", cnode, "choice")
            goto = self.ident(goto_node, "goto")
            when = self.condition(cm.get("when"), "choice condition")
            product = self.ident(cm.get("product"), "product")
            effects = self.effects(cm.get("effects"))
            if cid and label and goto and goto_node:
                if any(c.id == cid for c in choices):
                    self.error(cm["id"].pos, "KH022",
                               f"duplicate choice id {cid!r} in scene {sid!r}",
                               "Choice ids must be unique within a scene.")
                    continue
                choices.append(Choice(cid, label, goto, cnode.pos, goto_node.pos, when,
                                      product, effects))
        prompt: InputPrompt | None = None
        if m.get("input") is not None:
            pm = self.mapping(m["input"], "input", {"key", "prompt"})
            if pm is not None:
                key = self.ident(self.required(pm, "key", m["input"], "input"), "input key")
                ptext = self.text(self.required(pm, "prompt", m["input"], "input"), "input prompt")
                if key and ptext:
                    prompt = InputPrompt(key, ptext, m["input"].pos)
        ending = self.ident(m.get("ending"), "ending") if m.get("ending") is not None else None
        if not sid or not text or not title:
            return None
        return Scene(sid, title, text, node.pos, place, tuple(variants), tuple(items),
                     tuple(choices), prompt, ending)


def _read(path: Path, builder: _Builder) -> str | None:
    shown = display_path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            builder.error(Pos(shown), "KH014",
                          f"file is {size // 1024 // 1024} MB; the limit is "
                          f"{MAX_FILE_BYTES // 1024 // 1024} MB",
                          "Split the scenes over several smaller files.")
            return None
        raw = path.read_bytes()
    except OSError as exc:
        builder.error(Pos(shown), "KH013", f"cannot read file: {exc.strerror}",
                      "Check the path and permissions.")
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        builder.error(Pos(shown, line, col), "KH013", "file is not valid UTF-8 text",
                      "Save the file as UTF-8 (umlauts and ß are fine in UTF-8).")
        return None
    if "\x00" in text:
        builder.error(Pos(shown), "KH013", "file contains binary data (NUL bytes)",
                      "Scene files are plain text YAML.")
        return None
    return text.lstrip("\ufeff")


def pack_files(pack: Path) -> list[Path]:
    if pack.is_file():
        return [pack]
    return sorted(p for p in pack.glob("*.yaml") if p.is_file()) + sorted(
        p for p in pack.glob("*.yml") if p.is_file()
    )


def load_pack(pack: Path | str, *, on_file: Callable[[Path], None] | None = None) -> Story:
    """Load and validate a pack; raise StoryLoadError listing every problem.

    Warnings (such as a missing translation) do not stop loading; they are
    returned by ``check`` instead.
    """
    story, problems = load_pack_with_problems(pack)
    if story is None or any(p.severity == "error" for p in problems):
        raise StoryLoadError(problems)
    return story


def load_pack_with_problems(pack: Path | str) -> tuple[Story | None, list[Problem]]:
    pack = Path(pack)
    b = _Builder()
    shown = display_path(pack)
    if not pack.exists():
        b.error(Pos(shown), "KH015", "no such scene pack",
                "Give a folder with story.yaml, or a single .yaml file.")
        return None, b.problems
    files = pack_files(pack)
    if not files:
        b.error(Pos(shown), "KH015", "the folder contains no .yaml files",
                "A pack needs at least story.yaml with the scenes.")
        return None, b.problems

    digest = hashlib.sha256()
    trees: list[tuple[Path, Node]] = []
    for path in files:
        text = _read(path, b)
        if text is None:
            continue
        digest.update(path.name.encode() + b"\0" + text.encode("utf-8") + b"\0")
        tree, problems = parse_yaml(text, display_path(path))
        b.problems.extend(problems)
        if tree is None:
            if not problems:
                b.error(Pos(display_path(path)), "KH016", "file is empty",
                        "Add 'scenes:' with a list of scenes, or delete the file.")
            continue
        trees.append((path, tree))

    # The story header: story.yaml (or the single file) holds id/start/catalogue.
    header: tuple[Path, dict[str, Node], Node] | None = None
    scene_nodes: list[Node] = []
    for path, tree in trees:
        if not isinstance(tree.value, dict):
            b.error(tree.pos, "KH011", f"a scene file must be a mapping, not {tree.kind}",
                    "Start the file with 'scenes:' (and 'id:'/'start:' in story.yaml).")
            continue
        m = b.mapping(tree, "file", STORY_KEYS)
        if m is None:
            continue
        if "id" in m or "start" in m:
            if header is not None:
                b.error(tree.pos, "KH017", "two files declare the story header (id/start)",
                        f"Keep 'id:' and 'start:' only in {header[0].name}.")
            else:
                header = (path, m, tree)
        scene_nodes.extend(b.seq(m.get("scenes"), "scenes"))

    if header is None:
        if trees:
            b.error(Pos(shown), "KH010", "no file declares the story 'id' and 'start'",
                    "Add 'id: my-story' and 'start: <first scene id>' to story.yaml.")
        return None, b.problems
    _hpath, hm, htree = header
    langs_node = hm.get("languages")
    if langs_node is not None:
        langs = [b.string(n, "language") for n in b.seq(langs_node, "languages")]
        bad = [lang for lang in langs if lang not in KNOWN_LANGS]
        if bad or not langs:
            b.error(langs_node.pos, "KH011", f"languages must be a list of de/en, got {bad or []}",
                    "Write languages: [de, en].")
        else:
            b.languages = tuple(lang for lang in langs if lang)
    story_id = b.ident(b.required(hm, "id", htree, "story"), "story id")
    start_node = b.required(hm, "start", htree, "story")
    start = b.ident(start_node, "start")
    title = b.text(hm.get("title"), "story title") or Text(
        {lang: "Kaufhaus Internet" for lang in b.languages}, htree.pos,
        {lang: compile_text("Kaufhaus Internet") for lang in b.languages})
    currency = b.string(hm.get("currency"), "currency") or "EUR"
    pricing = Pricing()
    if hm.get("pricing") is not None:
        pm = b.mapping(hm["pricing"], "pricing", PRICING_KEYS)
        if pm is not None:
            lo = b.number(pm.get("min"), "pricing min") or pricing.min_factor
            hi = b.number(pm.get("max"), "pricing max") or pricing.max_factor
            cp = b.number(pm.get("coupon"), "pricing coupon")
            if not 0 < lo <= 1 <= hi <= 3:
                b.error(hm["pricing"].pos, "KH011",
                        f"pricing bounds must satisfy 0 < min <= 1 <= max <= 3 (got {lo}, {hi})",
                        "For example: min: 0.9, max: 1.15.")
            else:
                pricing = Pricing(lo, hi, cp if cp is not None else pricing.coupon)

    catalogue: dict[str, Product] = {}
    if hm.get("catalogue") is not None:
        cnode = hm["catalogue"]
        if not isinstance(cnode.value, dict):
            b.error(cnode.pos, "KH011", "catalogue must be a mapping of product ids",
                    "Write 'catalogue:' then one 'tv:' block per product.")
        else:
            for pid, pnode in cnode.value.items():
                if b.ident(Node(pid, cnode.key_pos[pid]), "product id"):
                    product = b.product(pid, pnode, cnode.key_pos[pid])
                    if product:
                        catalogue[pid] = product

    scenes: dict[str, Scene] = {}
    for snode in scene_nodes:
        scene = b.scene(snode)
        if scene is None:
            continue
        if scene.id in scenes:
            first = scenes[scene.id].pos
            b.error(scene.pos, "KH020", f"duplicate scene id {scene.id!r} (first at {first})",
                    "Rename one of the scenes; ids must be unique in a pack.")
            continue
        scenes[scene.id] = scene

    # Cross references.
    if start and start not in scenes and start_node is not None:
        b.error(start_node.pos, "KH024", f"start scene {start!r} does not exist",
                did_you_mean(start, scenes) or "Name the id of the first scene.")
    for scene in scenes.values():
        for choice in scene.choices:
            if choice.goto not in scenes:
                b.error(choice.goto_pos, "KH023",
                        f"choice {choice.id!r} goes to unknown scene {choice.goto!r}",
                        did_you_mean(choice.goto, scenes) or "Use the id of an existing scene.")
            refs = [choice.product, *choice.effects.take, *choice.effects.drop]
            for pid in refs:
                if pid and pid not in catalogue:
                    b.error(choice.pos, "KH025", f"unknown product {pid!r}",
                            did_you_mean(pid, catalogue) or "Add it to the catalogue.")
        for item in scene.items:
            if item.product and item.product not in catalogue:
                b.error(item.pos, "KH025", f"unknown product {item.product!r}",
                        did_you_mean(item.product, catalogue) or "Add it to the catalogue.")
        if not scene.choices and not scene.ending:
            b.error(scene.pos, "KH041", f"scene {scene.id!r} is a dead end",
                    "Give it choices, or mark it as an ending with 'ending: <name>'.")

    if story_id is None or start is None or not scenes:
        if not scenes and story_id:
            b.error(htree.pos, "KH010", "the pack has no scenes", "Add a 'scenes:' list.")
        return None, b.problems
    story = Story(
        id=story_id,
        title=title,
        languages=b.languages,
        start=start,
        scenes=scenes,
        catalogue=catalogue,
        pricing=pricing,
        content_hash=digest.hexdigest()[:16],
        currency=currency,
        root=shown,
    )
    return story, b.problems

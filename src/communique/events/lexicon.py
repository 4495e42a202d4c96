"""The event trigger lexicon: which words code which CAMEO events, under which conditions.

The rules live in ``events/data/triggers/NN.tsv``, one file per CAMEO root (see any file's
header for the format). A rule names
a lemma and a part of speech, optional conditions over the dependency parse, the CAMEO code,
and optional arguments: slots that override the defaults of :data:`DEFAULT_SLOTS`
(``src=poss,by tgt=on``), and ``plover=TYPE:mode`` where the PLOVER manual files the act
under another category than its CAMEO code's (resignations: CAMEO 0831, PLOVER RETREAT/resign).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from spacy.tokens import Token

#: Where source and target are looked for when a rule does not say (ordered by preference).
DEFAULT_SLOTS = {
    "V": {"src": ("subj",), "tgt": ("dobj", "dative", "to", "with", "against", "on", "of", "about", "over")},
    "N": {"src": ("poss", "by", "of", "compound"), "tgt": ("to", "with", "against", "on", "between")},
}
KNOWN_SLOTS = {
    "subj", "dobj", "dative", "poss", "compound", "of", "by", "to", "with", "against", "on", "upon",
    "for", "from", "in", "at", "between", "among", "ccsubj", "about", "over", "into", "toward", "towards",
    "near", "along", "off", "around", "outside",
}
CONDITION_KINDS = {"obj", "mod", "prep", "prt", "comp", "noobj", "compmod", "subj", "gov"}
#: Heads of quantity and part phrases (and a few event nominals) that object conditions look
#: through to their of-object: "signed a number of agreements", "handed over 700 kg of medicine",
#: "captured part of a stronghold", "expelled thousands of villagers", "delivered $50,000 worth
#: of goods", "allowed the return of inspectors".
QUANTITY_HEADS = frozenset({
    "number", "series", "set", "package", "range", "host", "couple", "pair", "part", "portion",
    "half", "rest", "bulk", "most", "some", "all", "section", "segment", "kg", "kilogram", "kilo",
    "ton", "tonne", "tons", "gram", "litre", "liter", "gallon", "barrel", "worth", "batch",
    "consignment", "shipment", "load", "truckload", "planeload", "shipload", "convoy", "crate",
    "box", "bag", "sack", "carton", "pallet", "quantity", "amount", "lot", "supply", "stock",
    "dozen", "dozens", "hundred", "hundreds", "thousand", "thousands", "million", "millions", "tens",
    "scores", "group", "contingent", "team", "unit", "battalion", "company", "mission", "delegation",
    # event nominals whose of-object is what the verb acts on: "allowed the return of inspectors"
    "return", "entry", "deployment", "delivery", "arrival", "presence", "resumption", "dispatch",
})


class LexiconError(ValueError):
    """A malformed lexicon row (message names file and line)."""


@dataclass(frozen=True, slots=True)
class Condition:
    """One requirement of a rule, e.g. ``obj=agreement|deal`` or ``prep=with:order``."""

    kind: str
    arg: str = ""
    words: frozenset[str] = frozenset()

    def holds(self, tok: Token, pos: str) -> bool:
        """True if the condition is met by trigger token ``tok`` used as ``pos`` (V or N)."""
        if self.kind == "obj":
            return any(_lemma(o) in self.words or "*" in self.words for o in object_tokens(tok, pos))
        if self.kind == "mod":
            return any(
                c.dep_ in ("compound", "amod", "advmod", "npadvmod", "nmod") and _lemma(c) in self.words
                for c in tok.children
            )
        if self.kind == "prep":
            # the phrase may hang on the verb's object: "presented [the leader with an order]"
            heads = [tok] + ([c for c in tok.children if c.dep_ in ("dobj", "obj")] if pos == "V" else [])
            if pos == "N" and tok.dep_ in ("dobj", "obj") and tok.head.pos_ in ("VERB", "AUX"):
                heads.append(tok.head)  # ... or on the light verb: "staged [rallies] in Gaza against X"
            for p in (p for h in heads for p in h.children):
                if p.dep_ in ("prep", "agent", "dative") and p.lower_ == self.arg:
                    objects = _prep_objects(p)
                    if objects and (not self.words or any(_lemma(o) in self.words for o in objects)):
                        return True
            return False
        if self.kind == "prt":
            return any(c.dep_ == "prt" and c.lower_ == self.arg for c in tok.children)
        if self.kind == "comp":
            return any(c.dep_ in ("xcomp", "ccomp") for c in tok.children) or any(
                c.dep_ == "acl" and any(a.lower_ == "to" for a in c.children) for c in tok.children
            )
        if self.kind == "noobj":
            return not any(c.dep_ in ("dobj", "obj") for c in tok.children)
        if self.kind == "subj":
            # "peacekeepers arrived in Mali": who does an intransitive event decides its code
            return any(_lemma(s) in self.words for s in subject_tokens(tok))
        if self.kind == "gov":
            # N: the noun is the object of one of these (light) verbs: "staged a demonstration"
            t = tok
            while t.dep_ == "conj" and t.head.i != t.i:
                t = t.head
            return pos == "N" and t.dep_ in ("dobj", "obj", "nsubjpass") and _lemma(t.head) in self.words
        if self.kind == "compmod":
            # "said that Libya must hand over ...": a clause with a modal of obligation
            return any(a.dep_ == "aux" and a.lower_ in self.words
                       for c in tok.children if c.dep_ == "ccomp" for a in c.children)
        raise AssertionError(self.kind)


@dataclass(frozen=True, slots=True)
class TriggerRule:
    """A lexicon row: lemma + part of speech + conditions -> CAMEO code, with argument slots."""

    lemma: str
    pos: str
    code: str
    conditions: tuple[Condition, ...] = ()
    src_slots: tuple[str, ...] = ()
    tgt_slots: tuple[str, ...] = ()
    note: str = ""
    origin: str = field(default="", compare=False)
    # PLOVER type and mode where the PLOVER manual files the act apart from its CAMEO code's
    # category (a resignation is CAMEO 0831 but PLOVER RETREAT, mode "resign"); empty: the code's
    plover: str = ""
    plover_mode: str = ""

    def matches(self, tok: Token, pos: str) -> bool:
        """True if every condition of the rule holds for ``tok``."""
        return all(c.holds(tok, pos) for c in self.conditions)


def _lemma(tok: Token) -> str:
    return tok.lemma_.lower()


def _prep_objects(prep: Token) -> list[Token]:
    # "call on Monday" is a time adjunct, not an argument
    objs = [c for c in prep.children if c.dep_ in ("pobj", "pcomp") and c.ent_type_ not in ("DATE", "TIME")]
    for o in list(objs):
        objs.extend(o.conjuncts)
        objs.extend(c for c in o.children if c.dep_ == "compound")
    return objs


def object_tokens(tok: Token, pos: str) -> list[Token]:
    """The 'object' words of a trigger: direct objects for verbs, of-objects/compounds for nouns."""
    out: list[Token] = []
    if pos == "V":
        for c in tok.children:
            if c.dep_ in ("dobj", "obj", "nsubjpass", "attr", "oprd"):
                out.append(c)
                out.extend(c.conjuncts)
        # the object's own modifiers: "halted [military] aid", "investigated [war] crimes"
        out.extend(m for o in list(out) for m in o.children if m.dep_ in ("amod", "compound", "nmod"))
        out.extend(_quantified_objects(out))
    else:
        for c in tok.children:
            if c.dep_ in ("compound", "amod", "nmod"):
                out.append(c)
        # "an investigation of/into [crimes]"
        of_objs = _prep_objects_of(tok, "of") + _prep_objects_of(tok, "into")
        out.extend(of_objs)
        out.extend(_quantified_objects(of_objs))
    return out


def _quantified_objects(tokens: list[Token]) -> list[Token]:
    """The of-objects (and their modifiers) of quantity or part heads among ``tokens``:
    "700 kg of [medicine]", "part of a military [aid] [program]"; two levels deep at most."""
    out: list[Token] = []
    frontier = [t for t in tokens if _lemma(t) in QUANTITY_HEADS or t.lower_ in QUANTITY_HEADS]
    for _ in range(2):
        found = [o for t in frontier for o in _prep_objects_of(t, "of")]
        found += [m for o in found for m in o.children if m.dep_ in ("amod", "compound", "nmod")]
        out.extend(found)
        frontier = [t for t in found if _lemma(t) in QUANTITY_HEADS or t.lower_ in QUANTITY_HEADS]
    return out


def subject_tokens(tok: Token) -> list[Token]:
    """The subject heads of a verb trigger with their conjuncts and compound modifiers
    ("French and Egyptian warships", "peacekeeping troops")."""
    subjects = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
    subjects += [j for s in list(subjects) for j in s.conjuncts]
    return subjects + [m for s in subjects for m in s.children if m.dep_ in ("compound", "amod")]


def _prep_objects_of(tok: Token, prep_word: str) -> list[Token]:
    out: list[Token] = []
    for p in tok.children:
        if p.dep_ == "prep" and p.lower_ == prep_word:
            out.extend(_prep_objects(p))
    return out


def _parse_condition(text: str, origin: str) -> Condition:
    kind, _, value = text.partition("=")
    if kind not in CONDITION_KINDS:
        raise LexiconError(f"{origin}: unknown condition '{kind}' (known: {', '.join(sorted(CONDITION_KINDS))})")
    if kind in ("obj", "mod", "compmod", "subj", "gov"):
        if not value:
            raise LexiconError(f"{origin}: condition '{kind}' needs words, e.g. {kind}=a|b")
        return Condition(kind, words=frozenset(value.lower().split("|")))
    if kind == "prep":
        prep, _, words = value.partition(":")
        return Condition(kind, arg=prep.lower(), words=frozenset(w for w in words.lower().split("|") if w))
    if kind == "prt":
        return Condition(kind, arg=value.lower())
    return Condition(kind)


def _parse_plover(value: str, origin: str) -> tuple[str, str]:
    """``TYPE`` or ``TYPE:mode`` of a ``plover=`` argument, checked against the 16 types."""
    from communique.events.ontology import PLOVER_TYPES

    kind, _, mode = value.partition(":")
    if kind not in PLOVER_TYPES:
        raise LexiconError(f"{origin}: '{kind}' is not a PLOVER type (one of {', '.join(sorted(PLOVER_TYPES))})")
    return kind, mode


def _parse_args(text: str, origin: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, str]]:
    """Argument slots (``src=``, ``tgt=``) and a PLOVER override (``plover=TYPE:mode``)."""
    src: tuple[str, ...] = ()
    tgt: tuple[str, ...] = ()
    plover = ("", "")
    for part in text.split():
        name, _, value = part.partition("=")
        if name == "plover":
            plover = _parse_plover(value, origin)
            continue
        slots = tuple(s for s in value.split(",") if s)
        bad = [s for s in slots if s not in KNOWN_SLOTS]
        if name not in ("src", "tgt") or bad or not slots:
            raise LexiconError(f"{origin}: bad argument slots '{part}' (known slots: {', '.join(sorted(KNOWN_SLOTS))})")
        if name == "src":
            src = slots
        else:
            tgt = slots
    return src, tgt, plover


def parse_rule(line: str, origin: str, valid_code=None) -> TriggerRule:
    """Parse one TSV row of the lexicon; raises :class:`LexiconError` naming ``origin``."""
    cols = line.rstrip("\n").split("\t")
    if len(cols) < 4:
        raise LexiconError(f"{origin}: expected at least 4 tab-separated columns, got {len(cols)}")
    cols += [""] * (6 - len(cols))
    lemma, pos, require, code, args, note = (c.strip() for c in cols[:6])
    if not lemma:
        raise LexiconError(f"{origin}: empty lemma")
    if pos not in ("V", "N"):
        raise LexiconError(f"{origin}: pos must be V or N, got '{pos}'")
    if not code.isdigit() or not 2 <= len(code) <= 4:
        raise LexiconError(f"{origin}: bad CAMEO code '{code}'")
    if valid_code is not None and not valid_code(code):
        raise LexiconError(f"{origin}: '{code}' is not a CAMEO 2.0 code")
    conditions = tuple(_parse_condition(c, origin) for c in require.split())
    src, tgt, (plover, plover_mode) = _parse_args(args, origin)
    return TriggerRule(lemma.lower(), pos, code, conditions, src, tgt, note, origin, plover, plover_mode)


class Lexicon:
    """Trigger rules indexed by (lemma, pos)."""

    def __init__(self, rules: list[TriggerRule]):
        self.rules = rules
        self._index: dict[tuple[str, str], list[TriggerRule]] = {}
        for rule in rules:
            self._index.setdefault((rule.lemma, rule.pos), []).append(rule)
        for candidates in self._index.values():
            candidates.sort(key=lambda r: -len(r.conditions))  # most specific first, stable

    @classmethod
    def from_lines(cls, lines, name: str, valid_code=None) -> Lexicon:
        """Build a lexicon from TSV lines; the first non-comment line is the header."""
        rules = []
        header_seen = False
        for no, line in enumerate(lines, 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            if not header_seen:
                header_seen = True
                if line.startswith("lemma\t"):
                    continue
            rules.append(parse_rule(line, f"{name}:{no}", valid_code))
        return cls(rules)

    @classmethod
    def from_file(cls, path: str | Path, valid_code=None) -> Lexicon:
        """Load a lexicon TSV file."""
        with open(path, encoding="utf-8") as fh:
            return cls.from_lines(fh, str(path), valid_code)

    @classmethod
    def from_files(cls, paths, valid_code=None) -> Lexicon:
        """Load and merge several lexicon files (in the order given)."""
        rules: list[TriggerRule] = []
        for path in paths:
            rules.extend(cls.from_file(path, valid_code).rules)
        return cls(rules)

    @classmethod
    @functools.cache
    def default(cls) -> Lexicon:
        """The bundled lexicon: every ``data/triggers/*.tsv`` file, in name order (loaded once)."""
        from communique.events.ontology import is_valid_code

        folder = resources.files("communique.events").joinpath("data/triggers")
        rules: list[TriggerRule] = []
        for ref in sorted(folder.iterdir(), key=lambda r: r.name):
            if ref.name.endswith(".tsv"):
                with ref.open(encoding="utf-8") as fh:
                    rules.extend(cls.from_lines(fh, f"triggers/{ref.name}", is_valid_code).rules)
        return cls(rules)

    def lemmas(self) -> set[str]:
        """Every trigger lemma (for fast pre-filtering of sentences)."""
        return {lemma for lemma, _ in self._index}

    def match(self, tok: Token, pos: str) -> TriggerRule | None:
        """The first rule for ``tok``'s lemma and ``pos`` whose conditions hold, else None."""
        for rule in self._index.get((_lemma(tok), pos), ()):
            if rule.matches(tok, pos):
                return rule
        return None

    def matching_rules(self, tok: Token, pos: str) -> list[TriggerRule]:
        """Every rule for ``tok``'s lemma and ``pos`` whose conditions hold (:meth:`match`
        takes the first)."""
        return [rule for rule in self._index.get((_lemma(tok), pos), ()) if rule.matches(tok, pos)]

    def codes(self) -> set[str]:
        """All CAMEO codes some rule produces."""
        return {r.code for r in self.rules}

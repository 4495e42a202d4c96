"""A faster, equivalent matcher for spaCy's ``attribute_ruler`` (issue 6).

The bundled model's attribute ruler maps fine-grained tags to parts of speech and morphology
and fixes a few lemmas with 179 rules: 171 one-token patterns and 8 two-token ones, over
``TAG``, ``LOWER``, ``DEP`` and ``IS_SPACE``. spaCy runs them through its general
:class:`~spacy.matcher.Matcher` (a state machine per token) and sets the attributes through a
``Span`` per match; the profile of issue 6 put it at 15% of the model's time, more than the
parser.

Whether a one-token pattern matches depends only on the token's four attribute values, so
:class:`CompiledRulerMatcher` evaluates the patterns once per distinct combination
(``(tag, lower, dep, is_space)``) and caches the rule ids that match it; a two-token pattern
is tried only where the first token passes its first element. The matches are the same
``(rule, match id, start, end)`` tuples as the Matcher's, sorted the same way (rule order:
later rules win), and are applied token by token with spaCy's own ``set_token_attrs``,
which is what ``AttributeRuler.set_annotations`` does through its ``Span``. Only patterns built
from the predicates below are compiled (string equality, ``IN``, ``NOT_IN``, ``REGEX``, a
boolean ``IS_SPACE``); a ruler with anything else keeps spaCy's own code.
``tests/test_fastruler.py`` checks the annotations are identical on corpus sentences.
"""

from __future__ import annotations

import logging
import re

from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

log = logging.getLogger(__name__)

KEYS = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}
ARRAY_ATTRS = [TAG, LOWER, DEP, IS_SPACE]
MAX_CACHE = 200_000  # distinct (tag, lower, dep, is_space) combinations kept


class NotCompilable(ValueError):
    """The ruler has a pattern this module does not evaluate (spaCy's code is kept)."""


def _predicate(key: str, value):
    """A test on the string (or bool) value of attribute ``key``: the value it must equal
    (``("eq", value)``) or a function (``("fn", test)``)."""
    if key not in KEYS:
        raise NotCompilable(f"attribute {key}")
    if key == "IS_SPACE":
        if not isinstance(value, bool):
            raise NotCompilable(f"IS_SPACE {value!r}")
        return "eq", value
    if isinstance(value, str):
        return "eq", value
    if isinstance(value, dict) and len(value) == 1:
        (op, arg), = value.items()
        if op == "IN" and isinstance(arg, list) and all(isinstance(a, str) for a in arg):
            values = frozenset(arg)
            return "fn", values.__contains__
        if op == "NOT_IN" and isinstance(arg, list) and all(isinstance(a, str) for a in arg):
            values = frozenset(arg)
            return "fn", lambda v: v not in values
        if op == "REGEX" and isinstance(arg, str):
            regex = re.compile(arg)
            return "fn", lambda v: regex.search(v) is not None
    raise NotCompilable(f"{key}: {value!r}")


def _element_tests(spec: dict) -> dict[int, object]:
    """Per attribute position (``KEYS``), the test one pattern element makes on that value."""
    if not isinstance(spec, dict) or not spec:
        raise NotCompilable(repr(spec))
    tests = {}
    for key, value in spec.items():
        kind_test = _predicate(key, value)  # raises NotCompilable for keys other than KEYS ("OP"...)
        tests[KEYS[key]] = kind_test
    return tests


class CompiledRulerMatcher:
    """The matches of an ``AttributeRuler``'s patterns, computed per distinct token values.

    Each pattern element is a bit; for each of the four attributes, a value maps (cached) to
    the bits of the elements whose test on that attribute it passes (an element without a
    test on it passes); a token passes the elements of the AND of its four masks."""

    def __init__(self, ruler):
        self.ruler = ruler
        strings = ruler.vocab.strings
        elements: list[dict[int, object]] = []
        self.singles: list[tuple[int, int, int]] = []  # (rule, match id, element bit)
        self.pairs: list[tuple[int, int, int, int]] = []  # (rule, match id, first bit, second bit)
        for rule, entry in enumerate(ruler.patterns):  # entry i is the ruler's rule i (matcher key str(i))
            match_id = strings[str(rule)]
            for pattern in entry["patterns"]:
                if len(pattern) not in (1, 2):
                    raise NotCompilable(f"pattern of {len(pattern)} tokens")
                index = ruler.indices[rule]
                if not -len(pattern) <= index < len(pattern):
                    raise NotCompilable(f"index {index} outside a pattern of {len(pattern)} tokens")
                bits = []
                for spec in pattern:
                    elements.append(_element_tests(spec))
                    bits.append(1 << (len(elements) - 1))
                if len(pattern) == 1:
                    self.singles.append((rule, match_id, bits[0]))
                else:
                    self.pairs.append((rule, match_id, bits[0], bits[1]))
        # per attribute: bits of the elements without a test on it, {value: bits} of equality
        # tests, and (bit, function) of the other tests
        self._free = [0] * len(KEYS)
        self._equal: list[dict] = [{} for _ in KEYS]
        self._other: list[list] = [[] for _ in KEYS]
        for n, tests in enumerate(elements):
            for attr in range(len(KEYS)):
                if attr not in tests:
                    self._free[attr] |= 1 << n
                    continue
                kind, arg = tests[attr]
                if kind == "eq":
                    self._equal[attr][arg] = self._equal[attr].get(arg, 0) | 1 << n
                else:
                    self._other[attr].append((1 << n, arg))
        self._value_masks: list[dict[int, int]] = [{} for _ in KEYS]  # attribute -> value hash -> bits
        self._by_mask: dict[int, tuple] = {}  # bits -> (single matches, pair numbers as first, as second)
        self._cache: dict[tuple, tuple] = {}  # (tag, lower, dep, is_space) hashes -> the same

    def _value_mask(self, attr: int, value: int) -> int:
        masks = self._value_masks[attr]
        mask = masks.get(value)
        if mask is None:
            text = bool(value) if attr == KEYS["IS_SPACE"] else self.ruler.vocab.strings[value]
            mask = self._free[attr] | self._equal[attr].get(text, 0)
            for bit, test in self._other[attr]:
                if test(text):
                    mask |= bit
            if len(masks) >= MAX_CACHE:
                masks.clear()
            masks[value] = mask
        return mask

    def _token_info(self, key: tuple) -> tuple:
        info = self._cache.get(key)
        if info is None:
            mask = -1
            for attr, value in enumerate(key):
                mask &= self._value_mask(attr, value)
            info = self._by_mask.get(mask)
            if info is None:
                singles = tuple((rule, match_id) for rule, match_id, bit in self.singles if mask & bit)
                firsts = tuple(n for n, (_, _, bit, _) in enumerate(self.pairs) if mask & bit)
                seconds = frozenset(n for n, (_, _, _, bit) in enumerate(self.pairs) if mask & bit)
                info = self._by_mask[mask] = (singles, firsts, seconds)
            if len(self._cache) >= MAX_CACHE:
                self._cache.clear()
            self._cache[key] = info
        return info

    def __call__(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        """``(rule, match id, start, end)`` for every match, sorted as ``AttributeRuler.match``."""
        if not len(doc):
            return []
        rows = doc.to_array(ARRAY_ATTRS).tolist()
        infos = [self._token_info(tuple(row)) for row in rows]
        matches = []
        for i, (singles, firsts, _) in enumerate(infos):
            for rule, match_id in singles:
                matches.append((rule, match_id, i, i + 1))
            if firsts and i + 1 < len(infos):
                seconds = infos[i + 1][2]
                for n in firsts:
                    if n in seconds:
                        rule, match_id = self.pairs[n][:2]
                        matches.append((rule, match_id, i, i + 2))
        return sorted(set(matches))

    def set_annotations(self, doc: Doc, matches: list[tuple[int, int, int, int]]) -> None:
        """Set each match's attributes on its token, in order (as ``AttributeRuler.set_annotations``,
        without building a ``Span`` per match)."""
        attrs, indices = self.ruler.attrs, self.ruler.indices
        for rule, _, start, end in matches:
            index = indices[rule]
            set_token_attrs(doc[start + index if index >= 0 else end + index], attrs[rule])


def speed_up_attribute_ruler(nlp) -> bool:
    """Make the pipeline's ``attribute_ruler`` use :class:`CompiledRulerMatcher` (same
    annotations, several times faster). Returns False (and leaves spaCy's code) when there is
    no ruler or a pattern cannot be compiled."""
    if "attribute_ruler" not in nlp.pipe_names:
        return False
    ruler = nlp.get_pipe("attribute_ruler")
    try:
        compiled = CompiledRulerMatcher(ruler)
    except NotCompilable as exc:
        log.info("attribute_ruler kept as is: %s", exc)
        return False
    # AttributeRuler.__call__ calls self.match and self.set_annotations: instance attributes win
    ruler.match = compiled
    ruler.set_annotations = compiled.set_annotations
    return True

"""CAMEO 2.0 event codes with Goldstein scores, PLOVER 2021 equivalents and quad classes.

The table lives in ``communique/events/data/cameo.tsv`` (one row per code: the 20 roots,
every 3-digit and every 4-digit code). It is read once per process through
:mod:`importlib.resources` and validated on load: a malformed row, a duplicate code, a code
whose root (or, for a 4-digit code, whose 3-digit parent) has no row, a Goldstein score
outside [-10, 10] or a PLOVER type that is not one of the 16 raises :class:`OntologyError`
naming the file and the line.

Codes are always zero-padded strings (``"042"``, ``"0311"``, ``"19"``); an integer would lose
the leading zero and make ``"010"`` and ``"10"`` collide.

PLOVER
------
``plover``, ``plover_mode`` and ``plover_context`` follow the CAMEO-to-PLOVER conversion
table of the PLOVER project (``CAMEO2PLOVER-2021.txt``, manual Draft 0.8, 17 September 2021).
That table drops roots 01 (public statement) and 02 (appeal): those codes have an empty
``plover``. Several contexts are joined by ``";"`` (``"crime;corruption"``).

Quad classes
------------
Every CAMEO root falls in one of four classes: 1 verbal cooperation, 2 material cooperation,
3 verbal conflict, 4 material conflict. Two root-level conventions are in use; they differ on
root 09 (investigate) and root 14 (protest) only:

======  ==========  ==========  ==========  ==========
name    1 (v-coop)  2 (m-coop)  3 (v-conf)  4 (m-conf)
======  ==========  ==========  ==========  ==========
gdelt   01-05       06-08       09-13       14-20
icews   01-05       06-09       10-14       15-20
======  ==========  ==========  ==========  ==========

``"gdelt"`` (the default) is GDELT's ``QuadClass`` (GDELT Event Database codebook, fields
``QuadClass`` 1-4). The same root split is used by the ``icews`` R package of Andreas Beger
(andybega/icews, ``data-raw/clean-data.R``, column ``quad_category``) and by the Ward-lab ICEWS
database scripts, so it is also the usual choice for ICEWS counts.

``"icews"`` is the ``quad`` column of the "reduced" ICEWS files written by Philip Schrodt's
converter for the public ICEWS data (openeventdata/text_to_CAMEO, ``text_to_CAMEO.py`` as of
its 2014-06-18 / 2015-03-30 versions): roots below 06 -> 1, 06-09 -> 2 (investigate counted as
material cooperation), 10-14 -> 3 (protest counted as verbal conflict), 15-20 -> 4. Note that
the converter's 2017-04-28 revision moved 09 back to 3 and made codes of roots 01-05 with a
negative Goldstein score verbal conflict (3); that code-level rule is *not* implemented here.
Phoenix (openeventdata/phoenix_pipeline, ``postprocess.py``) uses yet another scheme (roots
01-02 -> 0 "neutral", 16 -> 3), also not implemented.

Always store which convention produced a quad class next to it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType

__all__ = [
    "COLUMNS",
    "PLOVER_TYPES",
    "QUAD_CLASS_NAMES",
    "QUAD_CONVENTIONS",
    "CameoCode",
    "OntologyError",
    "all_codes",
    "get_code",
    "is_valid_code",
    "parse_table",
    "quad_class",
]

#: Columns of ``cameo.tsv``, in order.
COLUMNS: tuple[str, ...] = (
    "code",
    "label",
    "goldstein",
    "plover",
    "plover_mode",
    "plover_context",
    "source",
)

#: The 16 PLOVER 2021 event types.
PLOVER_TYPES: frozenset[str] = frozenset(
    {
        "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
        "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
    }
)

QUAD_CLASS_NAMES: Mapping[int, str] = MappingProxyType(
    {
        1: "verbal cooperation",
        2: "material cooperation",
        3: "verbal conflict",
        4: "material conflict",
    }
)

ROOTS: tuple[str, ...] = tuple(f"{i:02d}" for i in range(1, 21))


def _by_root(last_of: tuple[int, int, int]) -> Mapping[str, int]:
    """Root -> quad class, given the last root of classes 1, 2 and 3."""
    v_coop, m_coop, v_conf = last_of
    out = {}
    for root in ROOTS:
        n = int(root)
        out[root] = 1 if n <= v_coop else 2 if n <= m_coop else 3 if n <= v_conf else 4
    return MappingProxyType(out)


#: Root code -> quad class (1-4) for each supported convention. See the module docstring.
QUAD_CONVENTIONS: Mapping[str, Mapping[str, int]] = MappingProxyType(
    {
        "gdelt": _by_root((5, 8, 13)),
        "icews": _by_root((5, 9, 14)),
    }
)

_RESOURCE = "communique/events/data/cameo.tsv"
_CODE_RE = re.compile(r"\d{2,4}")


class OntologyError(ValueError):
    """The CAMEO table is malformed (message names the file and line)."""


@dataclass(frozen=True, slots=True)
class CameoCode:
    """One CAMEO event code with its Goldstein score and PLOVER equivalent."""

    code: str
    root: str
    label: str
    goldstein: float
    plover: str
    plover_mode: str
    plover_context: str
    source: str = ""

    @property
    def level(self) -> int:
        """0 for a root ("04"), 1 for a 3-digit code ("042"), 2 for a 4-digit code."""
        return len(self.code) - 2

    @property
    def plover_contexts(self) -> tuple[str, ...]:
        """``plover_context`` split into its values (empty tuple when none)."""
        return tuple(c for c in self.plover_context.split(";") if c)

    def quad_class(self, convention: str = "gdelt") -> int:
        """Quad class 1-4 of this code's root under ``convention`` ("gdelt" or "icews")."""
        return _quad_map(convention)[self.root]


def _quad_map(convention: str) -> Mapping[str, int]:
    try:
        return QUAD_CONVENTIONS[convention]
    except (KeyError, TypeError):
        known = ", ".join(repr(k) for k in QUAD_CONVENTIONS)
        raise ValueError(f"unknown quad-class convention {convention!r}; use one of {known}") from None


def parse_table(text: str, filename: str = _RESOURCE) -> dict[str, CameoCode]:
    """Parse and validate the text of a CAMEO table in the ``cameo.tsv`` format.

    Returns the codes in file order. Raises :class:`OntologyError` ("<filename>:<line>: ...")
    on the first problem found.
    """
    table: dict[str, CameoCode] = {}
    lines: dict[str, int] = {}
    header_seen = False
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip("\r")
        if not line.strip() or line.startswith("#"):
            continue

        def fail(msg: str, _lineno: int = lineno) -> OntologyError:
            return OntologyError(f"{filename}:{_lineno}: {msg}")

        fields = line.split("\t")
        if not header_seen:
            if tuple(f.strip() for f in fields) != COLUMNS:
                raise fail(f"expected header {'<TAB>'.join(COLUMNS)!r}, got {line!r}")
            header_seen = True
            continue
        if len(fields) != len(COLUMNS):
            raise fail(f"expected {len(COLUMNS)} tab-separated fields, got {len(fields)}: {line!r}")
        code, label, goldstein_s, plover, mode, context, source = (f.strip() for f in fields)

        if not _CODE_RE.fullmatch(code):
            raise fail(f"malformed CAMEO code {code!r} (expected 2 to 4 digits, zero-padded)")
        root = code[:2]
        if root not in ROOTS:
            raise fail(f"code {code!r} has root {root!r}, which is not one of 01..20")
        if code in table:
            raise fail(f"duplicate code {code!r} (first at line {lines[code]})")
        if not label:
            raise fail(f"code {code!r} has an empty label")
        try:
            goldstein = float(goldstein_s)
        except ValueError:
            raise fail(f"code {code!r}: goldstein {goldstein_s!r} is not a number") from None
        if math.isnan(goldstein) or not -10.0 <= goldstein <= 10.0:
            raise fail(f"code {code!r}: goldstein {goldstein_s} is outside [-10, 10]")
        if plover and plover not in PLOVER_TYPES:
            raise fail(f"code {code!r}: {plover!r} is not one of the 16 PLOVER types")
        if not plover and (mode or context):
            raise fail(f"code {code!r}: PLOVER mode/context given without a PLOVER type")
        if not source:
            raise fail(f"code {code!r} has no source note")
        context = ";".join(c.strip() for c in context.split(";") if c.strip())

        table[code] = CameoCode(code, root, label, goldstein, plover, mode, context, source)
        lines[code] = lineno

    if not header_seen:
        raise OntologyError(f"{filename}: no header line and no rows")
    for code, lineno in lines.items():
        parents = [code[:2]] + ([code[:3]] if len(code) == 4 else [])
        for parent in parents:
            if parent not in table:
                kind = "root" if len(parent) == 2 else "parent"
                raise OntologyError(
                    f"{filename}:{lineno}: code {code!r} has no {kind} row {parent!r}"
                )
    return table


@cache
def _table() -> Mapping[str, CameoCode]:
    ref = resources.files("communique") / "events" / "data" / "cameo.tsv"
    return MappingProxyType(parse_table(ref.read_text(encoding="utf-8"), _RESOURCE))


def get_code(code: str) -> CameoCode:
    """The :class:`CameoCode` for ``code`` (a zero-padded string such as ``"042"``).

    Raises :class:`KeyError` for a code not in the table.
    """
    try:
        return _table()[code]
    except (KeyError, TypeError):
        hint = ""
        if isinstance(code, int):
            hint = " (codes are zero-padded strings, e.g. '042', not integers)"
        raise KeyError(f"unknown CAMEO event code {code!r}{hint}; see {_RESOURCE}") from None


def all_codes() -> list[CameoCode]:
    """Every code in the table, in hierarchical order (01, 010, 011, ..., 2042)."""
    return list(_table().values())


def is_valid_code(code: str) -> bool:
    """True if ``code`` is a CAMEO event code in the table."""
    return isinstance(code, str) and code in _table()


def quad_class(code: str, convention: str = "gdelt") -> int:
    """Quad class (1-4) of ``code`` under ``convention`` ("gdelt", the default, or "icews").

    Raises :class:`KeyError` for an unknown code and :class:`ValueError` for an unknown
    convention.
    """
    _quad_map(convention)
    return get_code(code).quad_class(convention)

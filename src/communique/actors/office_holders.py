"""Date-aware table of office holders (heads of state/government, ministers, party leaders).

The bundled table ``actors/data/office_holders.tsv`` lists who held which office
in which country and when, so that a person mention ("Putin", "Díaz-Canel",
"Phuc") in an article dated *day* can be resolved to a CAMEO actor such as
``RUSGOV`` or ``CUBPTY``.

Format (tab separated, UTF-8; ``#`` lines and blank lines are ignored)::

    name  variants  country  role  sector  valid_from  valid_to  wikidata  source

* ``variants`` is a ``|``-separated list of alternative spellings/short forms.
* ``valid_from`` / ``valid_to`` are ISO dates; both ends are inclusive. An empty
  ``valid_to`` means the person is still in office; an empty ``valid_from``
  means the start is unknown.

Name matching is case-, diacritics-, hyphen- and punctuation-insensitive:
``"Diaz Canel"`` matches ``"Díaz-Canel"``.
"""

from __future__ import annotations

import csv
import functools
import importlib.resources
import re
import unicodedata
import warnings
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from os import PathLike
from pathlib import Path

import pycountry

__all__ = [
    "COLUMNS",
    "ROLES",
    "ROLE_SECTOR",
    "OfficeHolders",
    "OfficeHoldersError",
    "OfficeTerm",
    "Problem",
    "normalize_name",
]

COLUMNS: tuple[str, ...] = (
    "name",
    "variants",
    "country",
    "role",
    "sector",
    "valid_from",
    "valid_to",
    "wikidata",
    "source",
)

#: Allowed roles and the CAMEO sector code each one must carry.
ROLE_SECTOR: dict[str, str] = {
    "head_of_state": "GOV",
    "head_of_government": "GOV",
    "deputy_head_of_government": "GOV",
    "foreign_minister": "GOV",
    "defence_minister": "GOV",
    "party_leader": "PTY",
}
ROLES: frozenset[str] = frozenset(ROLE_SECTOR)

#: ISO3-like codes accepted although pycountry may not list them.
EXTRA_COUNTRIES: frozenset[str] = frozenset({"XKX", "PSE"})

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_QID_RE = re.compile(r"^Q[1-9]\d*$")
_BUNDLED = "actors/data/office_holders.tsv"


class OfficeHoldersError(ValueError):
    """Raised when an office-holder table is malformed (message names file:line)."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One rejected line of an office-holder file."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True, slots=True)
class OfficeTerm:
    """One person holding one office in one country for one period."""

    name: str
    variants: tuple[str, ...]
    country: str
    role: str
    sector: str
    valid_from: date | None
    valid_to: date | None
    wikidata: str | None
    source: str

    def holds_on(self, day: date | None) -> bool:
        """True if the office is held on *day* (both ends inclusive).

        With ``day=None`` the question is "is the person in office now?",
        i.e. the term has no end date.
        """
        if day is None:
            return self.valid_to is None
        if self.valid_from is not None and day < self.valid_from:
            return False
        if self.valid_to is not None and day > self.valid_to:
            return False
        return True

    @property
    def actor_code(self) -> str:
        """CAMEO-style actor code, e.g. ``"RUSGOV"``."""
        return f"{self.country}{self.sector}"

    @property
    def all_names(self) -> tuple[str, ...]:
        return (self.name, *self.variants)


# --------------------------------------------------------------------------- names

_TRANSLIT = str.maketrans(
    {
        "đ": "d",
        "Đ": "d",
        "ø": "o",
        "Ø": "o",
        "ł": "l",
        "Ł": "l",
        "ı": "i",
        "ß": "ss",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "þ": "th",
        "Þ": "th",
        "ð": "d",
        "Ð": "d",
        "ħ": "h",
        "Ħ": "h",
    }
)
_DASHES = re.compile(r"[\-\u2010\u2011\u2012\u2013\u2014\u2015\u2212_/]+")
_DROP = re.compile(r"[\.'\u2018\u2019\u02bc\u02bb`\u00b4\",]+")
_SPACES = re.compile(r"\s+")


@functools.lru_cache(maxsize=65536)
def normalize_name(text: str) -> str:
    """Matching key: casefolded, no diacritics, hyphens as spaces, no dots/apostrophes.

    >>> normalize_name("Díaz-Canel") == normalize_name("diaz canel")
    True
    """
    text = text.translate(_TRANSLIT)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold().translate(_TRANSLIT)
    text = _DROP.sub("", text)
    text = _DASHES.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


# --------------------------------------------------------------------------- parsing


@functools.lru_cache(maxsize=512)
def _known_country(code: str) -> bool:
    if code in EXTRA_COUNTRIES:
        return True
    try:
        return pycountry.countries.get(alpha_3=code) is not None
    except (KeyError, LookupError):  # pragma: no cover - pycountry version differences
        return False


def _parse_date(value: str, column: str) -> date | None:
    value = value.strip()
    if not value:
        return None
    if not _DATE_RE.match(value):
        raise ValueError(f"{column}: bad date {value!r} (expected YYYY-MM-DD)")
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(f"{column}: bad date {value!r} ({exc})") from None


def _parse_row(cells: list[str]) -> OfficeTerm:
    if len(cells) != len(COLUMNS):
        raise ValueError(f"expected {len(COLUMNS)} tab-separated columns, got {len(cells)}")
    name, variants, country, role, sector, vfrom, vto, qid, source = (c.strip() for c in cells)
    if not name:
        raise ValueError("empty name")
    if not _known_country(country):
        raise ValueError(f"unknown ISO3 country code {country!r}")
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r} (allowed: {', '.join(sorted(ROLES))})")
    if sector != ROLE_SECTOR[role]:
        raise ValueError(f"sector {sector!r} does not fit role {role!r} (expected {ROLE_SECTOR[role]!r})")
    start = _parse_date(vfrom, "valid_from")
    end = _parse_date(vto, "valid_to")
    if start is not None and end is not None and end < start:
        raise ValueError(f"valid_to {end} is before valid_from {start}")
    if qid and not _QID_RE.match(qid):
        raise ValueError(f"bad wikidata id {qid!r}")
    if not source:
        raise ValueError("empty source note")
    vs: list[str] = []
    for v in variants.split("|"):
        v = v.strip()
        if v and normalize_name(v) and v not in vs:
            vs.append(v)
    return OfficeTerm(
        name=name,
        variants=tuple(vs),
        country=country,
        role=role,
        sector=sector,
        valid_from=start,
        valid_to=end,
        wikidata=qid or None,
        source=source,
    )


def _read_terms(lines: Iterable[str], label: str) -> Iterator[tuple[int, OfficeTerm | Problem]]:
    header_seen = False
    keys: dict[tuple, int] = {}
    for lineno, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r\n")
        if lineno == 1:
            line = line.lstrip("\ufeff")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = next(csv.reader([line], delimiter="\t", quoting=csv.QUOTE_NONE))
        if not header_seen:
            header_seen = True
            if tuple(c.strip() for c in cells) == COLUMNS:
                continue
            yield lineno, Problem(label, lineno, f"missing header row (expected: {' '.join(COLUMNS)})")
            # fall through: treat it as data so that every line is checked
        try:
            term = _parse_row(cells)
        except ValueError as exc:
            yield lineno, Problem(label, lineno, str(exc))
            continue
        key = (normalize_name(term.name), term.country, term.role, term.valid_from)
        if key in keys:
            yield lineno, Problem(label, lineno, f"duplicate of line {keys[key]}")
            continue
        keys[key] = lineno
        yield lineno, term


# --------------------------------------------------------------------------- table


_FAR_PAST = date.min


@dataclass
class OfficeHolders:
    """In-memory, indexed office-holder table."""

    terms: tuple[OfficeTerm, ...]
    problems: list[Problem] = field(default_factory=list)
    _by_key: dict[str, tuple[str, ...]] = field(init=False, repr=False)
    _by_person: dict[str, tuple[OfficeTerm, ...]] = field(init=False, repr=False)
    _by_office: dict[tuple[str, str], tuple[OfficeTerm, ...]] = field(init=False, repr=False)
    _variants: tuple[str, ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        by_person: dict[str, list[OfficeTerm]] = defaultdict(list)
        by_office: dict[tuple[str, str], list[OfficeTerm]] = defaultdict(list)
        by_key: dict[str, list[str]] = defaultdict(list)
        variants: dict[str, None] = {}
        for t in self.terms:
            person = normalize_name(t.name)
            by_person[person].append(t)
            by_office[(t.country, t.role)].append(t)
            for v in t.all_names:
                variants.setdefault(v, None)
                k = normalize_name(v)
                if k and person not in by_key[k]:
                    by_key[k].append(person)

        def recent_first(ts: list[OfficeTerm]) -> tuple[OfficeTerm, ...]:
            return tuple(sorted(ts, key=lambda t: t.valid_from or _FAR_PAST, reverse=True))

        self._by_person = {p: recent_first(ts) for p, ts in by_person.items()}
        self._by_office = {k: recent_first(ts) for k, ts in by_office.items()}
        self._by_key = {k: tuple(ps) for k, ps in by_key.items()}
        self._variants = tuple(variants)

    # -- construction -------------------------------------------------------------

    @classmethod
    def default(cls) -> OfficeHolders:
        """The bundled table (loaded once, strictly validated)."""
        return _default()

    @classmethod
    def from_file(cls, path: str | PathLike[str], *, strict: bool = True) -> OfficeHolders:
        """Load a TSV file.

        With ``strict=True`` any malformed line raises :class:`OfficeHoldersError`
        listing every problem as ``file:line: message``. With ``strict=False`` bad
        lines are skipped, a :class:`UserWarning` is emitted and the problems are
        available as ``.problems``.
        """
        p = Path(path)
        with p.open(encoding="utf-8", newline="") as fh:
            return cls._from_lines(fh, str(p), strict=strict)

    @classmethod
    def from_lines(cls, lines: Iterable[str], *, label: str = "<lines>", strict: bool = True) -> OfficeHolders:
        return cls._from_lines(lines, label, strict=strict)

    @classmethod
    def _from_lines(cls, lines: Iterable[str], label: str, *, strict: bool) -> OfficeHolders:
        terms: list[OfficeTerm] = []
        problems: list[Problem] = []
        for _lineno, item in _read_terms(lines, label):
            if isinstance(item, Problem):
                problems.append(item)
            else:
                terms.append(item)
        if problems:
            if strict:
                shown = "\n".join(str(p) for p in problems[:50])
                more = f"\n... and {len(problems) - 50} more" if len(problems) > 50 else ""
                raise OfficeHoldersError(f"{len(problems)} bad line(s) in office-holder table:\n{shown}{more}")
            warnings.warn(
                f"{label}: skipped {len(problems)} bad line(s); first: {problems[0]}",
                UserWarning,
                stacklevel=3,
            )
        return cls(tuple(terms), problems)

    # -- queries ------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.terms)

    def __iter__(self) -> Iterator[OfficeTerm]:
        return iter(self.terms)

    def lookup(self, name: str, day: date | None = None) -> list[OfficeTerm]:
        """Terms of the person(s) called *name*.

        *name* must match a canonical name or a full variant (case-, diacritics-
        and hyphen-insensitive). With *day* only the terms held on that day are
        returned; without it all terms of the matching person(s), most recent first.
        """
        persons = self._by_key.get(normalize_name(name), ())
        if not persons:
            return []
        terms: list[OfficeTerm] = []
        for p in persons:
            terms.extend(self._by_person[p])
        if len(persons) > 1:
            terms.sort(key=lambda t: t.valid_from or _FAR_PAST, reverse=True)
        if day is None:
            return terms
        return [t for t in terms if t.holds_on(day)]

    def holders(self, country: str, role: str, day: date | None) -> list[OfficeTerm]:
        """Who held *role* in *country* on *day* (``None``: currently), most recent first."""
        return [t for t in self._by_office.get((country.upper(), role), ()) if t.holds_on(day)]

    def persons(self) -> Iterable[str]:
        """Every canonical name and variant string (deduplicated), e.g. for an automaton."""
        return self._variants

    def countries(self) -> set[str]:
        return {t.country for t in self.terms}


@functools.cache
def _default() -> OfficeHolders:
    res = importlib.resources.files("communique").joinpath(_BUNDLED)
    with importlib.resources.as_file(res) as path:
        return OfficeHolders.from_file(path, strict=True)

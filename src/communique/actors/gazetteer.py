"""The actor gazetteer: countries, organisations, institutions and role words found in text.

The bundled data lives in ``communique/actors/data/*.tsv`` (UTF-8, TAB-separated, ``#``
comment lines, a header row; multi-values separated by ``|``):

- ``countries.tsv``     every ISO 3166-1 country and territory, former states and Kosovo, with
  names, aliases, demonyms, capitals and metonyms ("Kremlin");
- ``igos.tsv``          international organisations and NGOs with CAMEO-style codes (``IGOUNO``);
- ``institutions.tsv``  named national institutions (legislatures, parties, forces, agencies, media);
- ``sectors.tsv``       role and sector words ("president", "parliament") with CAMEO/PLOVER sectors;
- ``blockers.tsv``      phrases that must not yield an actor ("New Mexico" is not Mexico);
- ``regions.tsv``       regions, provinces and disputed territories with their adjectives
                        ("Darfur", "Chechen"), read as the country they belong to.

:meth:`Gazetteer.find` returns leftmost-longest, non-overlapping matches on word boundaries,
with character offsets into the original text. Case rules per phrase (see :func:`case_rule`):
acronyms ("US", "CPC", "U.S.", "MPs") match case-sensitively; capitalised names ("Cuba",
"Kremlin") match text whose first letter is a capital ("Cuba", "CUBA", not "cuba": this keeps
"turkey", "china" and "chad" out); lowercase role words ("president") match in any case.
Diacritics, curly/straight apostrophes, dash variants, hyphen-vs-space and runs of whitespace
are all folded, and a phrase stored with a leading "the" matches with or without it.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import threading
import unicodedata
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import ahocorasick
from rapidfuzz.distance import OSA

__all__ = [
    "CAMEO_SECTORS",
    "CAMEO_TO_PLOVER",
    "PLOVER_SECTORS",
    "Entry",
    "Gazetteer",
    "GazetteerError",
    "GazetteerWarning",
    "Match",
    "Problem",
    "case_rule",
    "normalize",
    "phrase_key",
]

DATA_FILES = ("countries.tsv", "igos.tsv", "institutions.tsv", "sectors.tsv", "blockers.tsv", "regions.tsv")

# CAMEO sector (agent) codes accepted in the data (CAMEO manual; ICEWS additions INS, SEP, PRM).
CAMEO_SECTORS = frozenset(
    "GOV LEG MIL COP JUD PTY OPP REB INS SEP PRM BUS MNC MED CVL EDU LAB REF HLH AGR REL SPY UAF CRM "
    "IGO NGO ELI ENV HRI DEV MOD RAD UNK".split()
)
# PLOVER sector codes (PLOVER manual, "Sector Codes").
PLOVER_SECTORS = frozenset(
    "COP GOV JUD LEG MIL PRM PTY REB SPY UAF UNK AGR BUS CRM CVL EDU ELI JRN LAB MED REF OPP PRE REL SOC".split()
)
# Default PLOVER sector of a CAMEO sector (CAMEO MED = media is PLOVER JRN; CAMEO HLH = health is PLOVER MED).
CAMEO_TO_PLOVER = {
    "GOV": "GOV", "LEG": "LEG", "MIL": "MIL", "COP": "COP", "JUD": "JUD", "PTY": "PTY", "OPP": "OPP",
    "REB": "REB", "INS": "REB", "SEP": "REB", "PRM": "PRM", "BUS": "BUS", "MNC": "BUS", "MED": "JRN",
    "CVL": "CVL", "EDU": "EDU", "LAB": "LAB", "REF": "REF", "HLH": "MED", "AGR": "AGR", "REL": "REL",
    "SPY": "SPY", "UAF": "UAF", "CRM": "CRM", "NGO": "SOC", "ENV": "SOC", "HRI": "SOC", "DEV": "SOC",
    "ELI": "ELI", "MOD": "CVL", "RAD": "CVL", "UNK": "UNK",
}

HEADERS = {
    "countries": ("iso3", "name", "aliases", "demonyms", "capitals", "metonyms", "cameo", "source"),
    "igos": ("code", "name", "aliases", "acronyms", "kind", "source"),
    "institutions": ("name", "aliases", "acronyms", "country", "sector", "ambiguous", "source"),
    "sectors": ("term", "sector", "plover_sector", "kind", "source"),
    "blockers": ("phrase", "reason", "source"),
    "regions": ("name", "aliases", "adjectives", "country", "source"),
}
FIND_CACHE_SIZE = 64  # texts whose phrase matches are kept
FUZZY_MIN_LEN = 6  # shorter names are too close to each other ("Iran"/"Iraq", "Niger"/"Nigeria")
COUNTRY_COLUMNS = {"aliases": "alias", "demonyms": "demonym", "capitals": "capital", "metonyms": "metonym"}

ISO3_RE = re.compile(r"^[A-Z]{3}$")
ORG_CODE_RE = re.compile(r"^(IGO|NGO|IMG)(?:[A-Z]{3})*$")
CAMEO_CODE_RE = re.compile(r"^(?:[A-Z]{3})+$")

QUOTES = {"\u2019": "'", "\u2018": "'", "\u201b": "'", "\u02bc": "'", "\u0060": "'", "\u00b4": "'", "\u2032": "'",
          "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"'}
DASHES = set("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d")

EXACT, CAPITAL, ANY = "exact", "capital", "any"


class GazetteerError(ValueError):
    """A data file is malformed (raised for the bundled files and for ``strict`` loads)."""


class GazetteerWarning(UserWarning):
    """A row of a user-supplied data file was skipped (non-strict loads)."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One malformed row (or file) found while loading data."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class Entry:
    """One reading of a gazetteer phrase.

    ``country`` is the ISO3 code, or the full IGO/NGO code for organisations; ``sector`` is a
    CAMEO sector code, or ``None`` for a bare country or an organisation. ``alternatives`` are
    other readings ``(country, name)`` of an ambiguous phrase ("CPC": Cuba or China).
    ``plover_sector`` and ``role_kind`` ("person"/"body", role words only) are extras.
    """

    phrase: str
    kind: str  # country | alias | demonym | capital | metonym | igo | ngo | img | institution | role | region | region_adjective
    country: str | None
    sector: str | None
    name: str
    alternatives: tuple[tuple[str, str], ...] = ()
    source: str = ""
    plover_sector: str | None = None
    role_kind: str | None = None


@dataclass(frozen=True, slots=True)
class Match:
    """A phrase found in a text: ``text == searched[start:end]``; ``entries`` are its readings."""

    start: int
    end: int
    text: str
    entries: tuple[Entry, ...]


# ----------------------------------------------------------------------------- normalisation


@functools.lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    """One character folded to one character, case kept: no diacritics, straight quotes, '-' dashes."""
    if ch in QUOTES:
        return QUOTES[ch]
    if ch in DASHES:
        return "-"
    if ch.isspace():
        return " "
    if ch.isascii():
        return ch
    base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    return base[0] if base else ch


@functools.lru_cache(maxsize=4096)
def _lower_char(ch: str) -> str:
    """Lowercase of one character, kept to one character."""
    low = ch.lower()
    return low if len(low) == 1 else ch


def normalize(text: str) -> str:
    """Fold ``text`` for matching, one output character per input character.

    NFKD with combining marks stripped ("É" -> "e"), curly quotes to straight, dash variants
    to "-", whitespace to " ", lowercase. A lone combining mark is kept as it is, so offsets
    into the result are offsets into ``text``.
    """
    return "".join(_lower_char(_fold_char(ch)) for ch in text)


def _search_form(text: str) -> tuple[str, str, list[int]]:
    """(lowercase form, cased form, offsets): the text as matched, and where each char came from.

    Combining marks are dropped, hyphens/dashes and whitespace runs become one space, so
    "Guinea-Bissau", "Guinea  Bissau" and "Guinea Bissau" are the same string.
    """
    return _ascii_search_form(text) if text.isascii() else _char_search_form(text)


def _char_search_form(text: str) -> tuple[str, str, list[int]]:
    """:func:`_search_form`, one character at a time."""
    low: list[str] = []
    cased: list[str] = []
    offsets: list[int] = []
    prev_space = True
    for i, ch in enumerate(text):
        if unicodedata.combining(ch):
            continue
        f = _fold_char(ch)
        if f in (" ", "-"):
            if prev_space:
                continue
            f, prev_space = " ", True
        else:
            prev_space = False
        cased.append(f)
        low.append(_lower_char(f))
        offsets.append(i)
    return "".join(low), "".join(cased), offsets


_ASCII_WORDS = re.compile(r"[^\s-]+")


def _ascii_search_form(text: str) -> tuple[str, str, list[int]]:
    """:func:`_search_form` of an ASCII text, a run of characters at a time (most news is
    ASCII): the only ASCII character folded is the backquote."""
    text = text.replace("`", "'")
    pieces: list[str] = []
    offsets: list[int] = []
    last = None  # end of the previous run
    for m in _ASCII_WORDS.finditer(text):
        if last is not None:
            pieces.append(" ")
            offsets.append(last)
        pieces.append(m.group())
        offsets.extend(range(m.start(), m.end()))
        last = m.end()
    if last is not None and last < len(text):
        pieces.append(" ")
        offsets.append(last)
    cased = "".join(pieces)
    return cased.lower(), cased, offsets


def _phrase_forms(phrase: str) -> tuple[str, str]:
    """(lowercase key, cased key) of a data phrase, with a leading "the " removed."""
    low, cased, _ = _search_form(phrase)
    low, cased = low.rstrip(), cased[: len(low.rstrip())]
    if low.startswith("the ") and len(low) > 4:
        low, cased = low[4:], cased[4:]
    return low, cased


def phrase_key(phrase: str) -> str:
    """The matching key of a phrase: folded, lowercase, hyphens as spaces, no leading "the"."""
    return _phrase_forms(phrase)[0]


def case_rule(phrase: str) -> str:
    """How a phrase's case must match: ``"exact"``, ``"capital"`` or ``"any"``.

    Acronyms (no lowercase letter: "US", "U.S.", "CPC"; or one word with two or more capitals:
    "MPs", "AfDB") are exact; other capitalised phrases need a capital first letter in the text;
    lowercase phrases (role words) match in any case.
    """
    cased = _phrase_forms(phrase)[1]
    letters = [c for c in cased if c.isalpha()]
    if not letters:
        return ANY
    if not any(c.islower() for c in letters):
        return EXACT
    if " " not in cased and sum(c.isupper() for c in letters) >= 2:
        return EXACT
    return CAPITAL if letters[0].isupper() else ANY


def _case_ok(rule: str, cased_key: str, cased_text: str) -> bool:
    """Whether ``cased_text`` (same length as the key) satisfies the phrase's case rule."""
    if rule == EXACT:
        return cased_text == cased_key
    if rule == CAPITAL:
        first = next((c for c in cased_text if c.isalpha()), "")
        return first.isupper()
    return True


def _at_word_boundary(s: str, start: int, end: int) -> bool:
    """True when ``s[start:end]`` is not glued to a letter or digit on either side."""
    if start > 0 and s[start - 1].isalnum():
        return False
    return not (end < len(s) and s[end].isalnum())


# ----------------------------------------------------------------------------- reading files


@dataclass(slots=True)
class _Row:
    """One data row: file, line number and cells by column name."""

    path: str
    line: int
    cells: dict[str, str]

    @property
    def where(self) -> str:
        """``file:line`` for messages and source notes."""
        return f"{Path(self.path).name}:{self.line}"

    def values(self, column: str) -> list[str]:
        """The ``|``-separated values of a column (empty list for an empty cell)."""
        cell = self.cells.get(column, "").strip()
        return [v.strip() for v in cell.split("|")] if cell else []


@dataclass(slots=True)
class _Table:
    """A parsed data file: its kind (from the header) and rows."""

    path: str
    kind: str
    rows: list[_Row]


def _read_table(path: str, text: str, problems: list[Problem]) -> _Table | None:
    """Parse one TSV text; malformed rows are reported in ``problems`` and left out."""
    header: tuple[str, ...] | None = None
    kind = ""
    rows: list[_Row] = []
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip("\r")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = tuple(c.strip() for c in cells)
            kind = next((k for k, h in HEADERS.items() if h == header), "")
            if not kind:
                problems.append(Problem(path, lineno, f"unknown header {header!r}; expected one of "
                                        + "; ".join(" ".join(h) for h in HEADERS.values())))
                return None
            continue
        if len(cells) != len(header):
            problems.append(Problem(path, lineno, f"expected {len(header)} columns, found {len(cells)}"))
            continue
        rows.append(_Row(path, lineno, dict(zip(header, (c.strip() for c in cells)))))
    if header is None:
        problems.append(Problem(path, None, "no header row"))
        return None
    return _Table(path, kind, rows)


def _row_problems(row: _Row, kind: str, countries: set[str]) -> list[str]:
    """What is wrong with a row of a table of ``kind`` (empty list when it is fine)."""
    c = row.cells
    out = []
    if not c.get("source"):
        out.append("empty source note")
    for column, cell in c.items():
        if "|" in cell and any(not v.strip() for v in cell.split("|")):
            out.append(f"empty value in column {column!r}")
    if kind == "countries":
        if not ISO3_RE.match(c["iso3"]):
            out.append(f"bad iso3 code {c['iso3']!r}")
        if c["cameo"] and not CAMEO_CODE_RE.match(c["cameo"]):
            out.append(f"bad cameo code {c['cameo']!r}")
    elif kind == "igos":
        if not ORG_CODE_RE.match(c["code"]):
            out.append(f"bad organisation code {c['code']!r}")
        if c["kind"] not in ("IGO", "NGO", "IMG"):
            out.append(f"kind must be IGO, NGO or IMG, not {c['kind']!r}")
        elif not c["code"].startswith(c["kind"]):
            out.append(f"code {c['code']!r} does not start with its kind {c['kind']!r}")
    elif kind == "institutions":
        if c["country"] not in countries:
            out.append(f"unknown ISO3 country {c['country']!r}")
        if c["sector"] not in CAMEO_SECTORS:
            out.append(f"unknown sector code {c['sector']!r}")
        out += [f"bad ambiguous reading {a!r} (want ISO3:Name)" for a in row.values("ambiguous")
                if not _alternative(a, countries)]
    elif kind == "regions":
        if c["country"] not in countries:
            out.append(f"unknown ISO3 country {c['country']!r}")
    elif kind == "sectors":
        if c["sector"] not in CAMEO_SECTORS:
            out.append(f"unknown sector code {c['sector']!r}")
        if c["plover_sector"] not in PLOVER_SECTORS:
            out.append(f"unknown PLOVER sector code {c['plover_sector']!r}")
        if c["kind"] not in ("person", "body"):
            out.append(f"kind must be person or body, not {c['kind']!r}")
    name_column = {"countries": "name", "igos": "name", "institutions": "name",
                   "sectors": "term", "blockers": "phrase", "regions": "name"}[kind]
    if not c.get(name_column) or not phrase_key(c[name_column]):
        out.append(f"empty {name_column}")
    return out


def _alternative(text: str, countries: set[str]) -> tuple[str, str] | None:
    """Parse an ``ISO3:Name`` (or ``IGO...:Name``) reading; ``None`` when malformed."""
    code, sep, name = text.partition(":")
    code, name = code.strip(), name.strip()
    if not sep or not name or not (code in countries or ORG_CODE_RE.match(code)):
        return None
    return code, name


# ----------------------------------------------------------------------------- the gazetteer


class Gazetteer:
    """Phrase index over the gazetteer data; build with :meth:`default` or :meth:`from_files`."""

    def __init__(self, tables: list[_Table], problems: list[Problem] | None = None,
                 known_countries: set[str] | None = None):
        """Index parsed tables (use :meth:`default` or :meth:`from_files` instead)."""
        self.problems: tuple[Problem, ...] = tuple(problems or ())
        self._countries: dict[str, str] = {}  # iso3 -> name
        self._found: dict[str, list[Match]] = {}  # text -> matches, for the last FIND_CACHE_SIZE texts
        self._found_lock = threading.Lock()
        self._cameo: dict[str, str] = {}  # iso3 -> CAMEO code where it differs
        self._roles: dict[str, Entry] = {}
        self._variants: dict[str, list[tuple[str, str, Entry | None]]] = {}  # key -> (rule, cased, entry)
        self._automaton = ahocorasick.Automaton()
        self._keys: list[str] = []
        self._fuzzy: dict[str, list[tuple[str, Entry]]] | None = None
        self._known = set(known_countries or ())
        for table in sorted(tables, key=lambda t: list(HEADERS).index(t.kind)):
            self._add_table(table)
        self._link_shared_phrases()
        self._build_automaton()

    # -- construction --------------------------------------------------------------------

    @classmethod
    def default(cls) -> Gazetteer:
        """The bundled data, loaded once per process (any problem in it raises GazetteerError)."""
        return _default_gazetteer()

    @classmethod
    def from_files(cls, *paths: str | Path | Iterable[str | Path], strict: bool = True,
                   include_default: bool = False) -> Gazetteer:
        """Load data files (kind recognised from each header row).

        ``strict=True`` raises :class:`GazetteerError` naming ``file:line`` for the first bad row;
        ``strict=False`` warns (:class:`GazetteerWarning`), skips bad rows and keeps them in
        :attr:`problems`. ``include_default`` adds the bundled files. Institutions are checked
        against the countries of the loaded files, or of the bundled countries file if none is given.
        """
        files = [Path(p) for p in _flatten(paths)]
        texts = [(str(p), p.read_text(encoding="utf-8")) for p in files]
        if include_default:
            texts = _bundled_texts() + texts
        return cls._from_texts(texts, strict=strict)

    @classmethod
    def _from_texts(cls, texts: list[tuple[str, str]], strict: bool) -> Gazetteer:
        """Parse, validate and index ``(path, text)`` pairs."""
        problems: list[Problem] = []
        tables = [t for path, text in texts if (t := _read_table(path, text, problems)) is not None]
        countries = {r.cells["iso3"] for t in tables if t.kind == "countries" for r in t.rows}
        if not any(t.kind == "countries" for t in tables):
            countries = _bundled_country_codes()
        for table in tables:
            good = []
            for row in table.rows:
                msgs = _row_problems(row, table.kind, countries)
                problems += [Problem(row.path, row.line, m) for m in msgs]
                if not msgs:
                    good.append(row)
            table.rows = good
        problems += _duplicate_codes(tables)
        _report(problems, strict)
        return cls(tables, problems, countries)

    def _add_table(self, table: _Table) -> None:
        """Add every phrase of a table."""
        adder = {"countries": self._add_country, "igos": self._add_org, "institutions": self._add_institution,
                 "sectors": self._add_role, "blockers": self._add_blocker,
                 "regions": self._add_region}[table.kind]
        for row in table.rows:
            adder(row)

    def _add_country(self, row: _Row) -> None:
        """Name, aliases, demonyms, capitals and metonyms of one country row."""
        iso, name = row.cells["iso3"], row.cells["name"]
        if iso in self._countries:
            return
        self._countries[iso] = name
        if row.cells["cameo"]:
            self._cameo[iso] = row.cells["cameo"]
        source = f"{row.where} {row.cells['source']}"
        self._add(name, Entry(name, "country", iso, None, name, (), source))
        for column, kind in COUNTRY_COLUMNS.items():
            sector = "GOV" if kind == "metonym" else None
            plover = CAMEO_TO_PLOVER.get(sector) if sector else None
            for phrase in row.values(column):
                self._add(phrase, Entry(phrase, kind, iso, sector, name, (), source, plover))

    def _add_org(self, row: _Row) -> None:
        """Name, aliases and acronyms of one organisation row."""
        code, name, kind = row.cells["code"], row.cells["name"], row.cells["kind"].lower()
        source = f"{row.where} {row.cells['source']}"
        for phrase in [name, *row.values("aliases"), *row.values("acronyms")]:
            self._add(phrase, Entry(phrase, kind, code, None, name, (), source))

    def _add_institution(self, row: _Row) -> None:
        """Name, aliases and acronyms of one institution; alternatives go to its acronyms
        (or to all its names when it has none)."""
        c = row.cells
        alts = tuple(a for v in row.values("ambiguous") if (a := _alternative(v, self._known | set(self._countries))))
        source = f"{row.where} {c['source']}"
        plover = CAMEO_TO_PLOVER.get(c["sector"])
        acronyms = row.values("acronyms")
        for phrase in [c["name"], *row.values("aliases")]:
            own = () if acronyms else alts
            self._add(phrase, Entry(phrase, "institution", c["country"], c["sector"], c["name"], own, source, plover))
        for phrase in acronyms:
            self._add(phrase, Entry(phrase, "institution", c["country"], c["sector"], c["name"], alts, source, plover))

    def _add_role(self, row: _Row) -> None:
        """One role or sector word."""
        c = row.cells
        entry = Entry(c["term"], "role", None, c["sector"], c["term"], (), f"{row.where} {c['source']}",
                      c["plover_sector"], c["kind"])
        self._roles.setdefault(c["term"], entry)
        self._add(c["term"], entry)

    def _add_region(self, row: _Row) -> None:
        """Name, aliases and adjectives of a region: each reads as its country, with no sector
        ("Darfur rebels" are Sudanese rebels, "Chechen separatists" Russian ones)."""
        c = row.cells
        source = f"{row.where} {c['source']}"
        for phrase in [c["name"], *row.values("aliases")]:
            self._add(phrase, Entry(phrase, "region", c["country"], None, c["name"], (), source))
        for phrase in row.values("adjectives"):
            self._add(phrase, Entry(phrase, "region_adjective", c["country"], None, c["name"], (), source))

    def _add_blocker(self, row: _Row) -> None:
        """One blocking phrase (matches, but yields nothing)."""
        self._add(row.cells["phrase"], None)

    def _add(self, phrase: str, entry: Entry | None) -> None:
        """Register one phrase variant under its key."""
        low, cased = _phrase_forms(phrase)
        if not low:
            return
        variants = self._variants.setdefault(low, [])
        item = (case_rule(phrase), cased, entry)
        if item not in variants:
            variants.append(item)

    def _link_shared_phrases(self) -> None:
        """A phrase listed for several countries ("Congo", "Korean") gets the others as alternatives."""
        for key, variants in self._variants.items():
            readings = _distinct_readings(v[2] for v in variants)
            if len(readings) < 2:
                continue
            linked = []
            for rule, cased, entry in variants:
                if entry is not None and entry.kind != "role":
                    extra = tuple(r for r in readings if r != (entry.country, entry.name) and r[0] != entry.country)
                    alts = tuple(dict.fromkeys(entry.alternatives + extra))
                    entry = dataclasses.replace(entry, alternatives=alts)
                linked.append((rule, cased, entry))
            self._variants[key] = linked

    def _build_automaton(self) -> None:
        """Aho-Corasick automaton over all keys (value: index into ``_keys``)."""
        for key in self._variants:
            self._automaton.add_word(key, len(self._keys))
            self._keys.append(key)
        if self._keys:
            self._automaton.make_automaton()

    # -- queries --------------------------------------------------------------------------

    def find(self, text: str) -> list[Match]:
        """Leftmost-longest, non-overlapping phrase matches in ``text`` (offsets into ``text``).

        The matches of the last :data:`FIND_CACHE_SIZE` texts are kept (the fast path's sentence
        selection and the resolver read the same article); do not change the returned list."""
        cached = self._found.get(text)
        if cached is None:
            cached = self._find(text)
            with self._found_lock:
                self._found[text] = cached
                while len(self._found) > FIND_CACHE_SIZE:
                    del self._found[next(iter(self._found))]
        return cached

    def _find(self, text: str) -> list[Match]:
        if not self._keys or not text:
            return []
        low, cased, offsets = _search_form(text)
        candidates = sorted(self._candidates(low, cased), key=lambda c: (c[0], c[0] - c[1]))
        matches: list[Match] = []
        last_end = 0
        for start, end, entries in candidates:
            if start < last_end:
                continue
            last_end = end
            if entries:  # an empty tuple is a blocking phrase
                a, b = offsets[start], offsets[end - 1] + 1
                matches.append(Match(a, b, text[a:b], entries))
        return matches

    def _candidates(self, low: str, cased: str) -> Iterator[tuple[int, int, tuple[Entry, ...]]]:
        """Every key occurrence on word boundaries whose case rules admit it."""
        for last, index in self._automaton.iter(low):
            key = self._keys[index]
            start, end = last - len(key) + 1, last + 1
            if not _at_word_boundary(low, start, end):
                continue
            entries = self._admitted(key, cased[start:end])
            if entries is not None:
                yield start, end, entries

    def _admitted(self, key: str, cased_text: str) -> tuple[Entry, ...] | None:
        """Entries of ``key`` whose case rule admits the text; ``()`` for a blocker, ``None`` for none."""
        found: list[Entry] = []
        admitted = False
        for rule, cased_key, entry in self._variants[key]:
            if not _case_ok(rule, cased_key, cased_text):
                continue
            if entry is None:
                return ()
            admitted = True
            if entry not in found:
                found.append(entry)
        return tuple(found) if admitted else None

    def lookup(self, phrase: str, *, ignore_case: bool = False) -> list[Entry]:
        """Entries of exactly this phrase (normalised; case rules apply unless ``ignore_case``)."""
        low, cased = _phrase_forms(phrase)
        if low not in self._variants:
            return []
        if ignore_case:
            return list(dict.fromkeys(e for _, _, e in self._variants[low] if e is not None))
        return list(self._admitted(low, cased) or ())

    def fuzzy_place(self, word: str) -> tuple[Entry, str] | None:
        """A misspelt one-word country, demonym or capital ("Afganistan", "Ethopia", "Isreal"):
        the entry within one edit (insertion, deletion, substitution or transposition of two
        neighbouring letters) of ``word``, with the name it was matched to. Only words of six
        letters or more, with the same first letter, and only when one country is that close."""
        if len(word) < FUZZY_MIN_LEN or not word[:1].isupper():
            return None
        names = self._fuzzy_names()
        low = word.lower()
        if low in self._variants:  # a known word (or a blocked one such as "Columbia") is no typo
            return None
        hits = {}
        for name, entry in names.get(low[0], ()):
            if abs(len(name) - len(low)) <= 1 and OSA.distance(low, name, score_cutoff=1) <= 1:
                hits.setdefault(entry.country, (entry, name))
        return next(iter(hits.values())) if len(hits) == 1 else None

    def _fuzzy_names(self) -> dict[str, list[tuple[str, Entry]]]:
        if self._fuzzy is None:
            index: dict[str, list[tuple[str, Entry]]] = {}
            for key, variants in self._variants.items():
                if " " in key or len(key) < FUZZY_MIN_LEN - 1:
                    continue
                for _, _, entry in variants:
                    if entry is not None and entry.kind in ("country", "alias", "demonym", "capital") \
                            and not entry.alternatives:
                        index.setdefault(key[0], []).append((key, entry))
                        break
            self._fuzzy = index
        return self._fuzzy

    def country_name(self, iso3: str) -> str | None:
        """Canonical short name of a country code ("RUS" -> "Russia"), or ``None``."""
        return self._countries.get(iso3)

    def country_codes(self) -> set[str]:
        """Every country code in the data (ISO 3166-1, former states, XKX)."""
        return set(self._countries)

    def cameo_country(self, iso3: str) -> str | None:
        """The CAMEO/Phoenix country code of an ISO3 code ("TLS" -> "TMP"); ``None`` if unknown."""
        if iso3 not in self._countries:
            return None
        return self._cameo.get(iso3, iso3)

    def roles(self) -> dict[str, Entry]:
        """Role and sector words by term as written in the data ("president" -> GOV entry)."""
        return dict(self._roles)

    def phrases(self) -> Iterator[tuple[str, Entry]]:
        """Every (phrase, entry) pair, for inspection and tests."""
        for variants in self._variants.values():
            for _, _, entry in variants:
                if entry is not None:
                    yield entry.phrase, entry


# ----------------------------------------------------------------------------- helpers


def _distinct_readings(entries: Iterable[Entry | None]) -> list[tuple[str, str]]:
    """Distinct (country, name) readings of non-role entries, in order."""
    out: list[tuple[str, str]] = []
    for e in entries:
        if e is None or e.kind == "role" or e.country is None:
            continue
        reading = (e.country, e.name)
        if reading not in out and all(r[0] != e.country for r in out):
            out.append(reading)
    return out


def _duplicate_codes(tables: list[_Table]) -> list[Problem]:
    """Countries listed twice."""
    seen: dict[str, str] = {}
    out = []
    for table in tables:
        if table.kind != "countries":
            continue
        for row in table.rows:
            iso = row.cells["iso3"]
            if iso in seen:
                out.append(Problem(row.path, row.line, f"duplicate iso3 {iso!r} (first at {seen[iso]})"))
            else:
                seen[iso] = row.where
    return out


def _report(problems: list[Problem], strict: bool) -> None:
    """Raise on the first problem (strict) or warn about each."""
    if not problems:
        return
    if strict:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise GazetteerError(f"{problems[0]}{more}")
    for p in problems:
        warnings.warn(f"gazetteer row skipped: {p}", GazetteerWarning, stacklevel=4)


def _flatten(paths: Iterable) -> Iterator[str | Path]:
    """Accept both ``from_files(a, b)`` and ``from_files([a, b])``."""
    for p in paths:
        if isinstance(p, (str, Path)):
            yield p
        else:
            yield from p


def _bundled_texts() -> list[tuple[str, str]]:
    """``(name, text)`` of each bundled data file."""
    base = resources.files("communique") / "actors" / "data"
    return [(f"communique/actors/data/{name}", (base / name).read_text(encoding="utf-8")) for name in DATA_FILES]


@functools.lru_cache(maxsize=1)
def _bundled_country_codes() -> set[str]:
    """Country codes of the bundled countries file (to validate institutions of user files)."""
    return _default_gazetteer().country_codes()


@functools.lru_cache(maxsize=1)
def _default_gazetteer() -> Gazetteer:
    """Load the bundled files once; they must be clean."""
    return Gazetteer._from_texts(_bundled_texts(), strict=True)

"""User actor files: add or override actors with phrases and (date-limited) CAMEO actor codes.

Three formats are read, chosen by the file name:

* **TSV** (``.tsv``): a header ``phrase  code  valid_from  valid_to  name  source`` and one row
  per phrase and code; several rows for one phrase give date-limited codes. ``code`` is a
  CAMEO-style actor code (``RUSGOV``, ``IGOUNO``, ``---REB``) or ``~SEC`` for a role word that
  only gives a sector (``~AGR`` for "farmer").
* **YAML** (``.yaml``/``.yml``): a list of ``{name, phrases: [...], codes: [{code, from, to}],
  source}``.
* **PETRARCH/TABARI dictionaries** (any other name, e.g. ``Phoenix.Countries.actors.txt`` or
  ``Phoenix.agents.txt``), read by :mod:`communique.actors.petrarch`.

A malformed row is reported with file and line and skipped; the rest loads. User phrases take
precedence over the bundled gazetteer where both match the same words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import ahocorasick

from communique.actors.gazetteer import _at_word_boundary, _search_form, phrase_key
from communique.actors.petrarch import DatedCode, DictionaryActor, DictionaryAgent, read_actor_dictionary, \
    read_agent_dictionary
from communique.models import ORG_PREFIXES, ReadProblem

TSV_COLUMNS = ("phrase", "code", "valid_from", "valid_to", "name", "source")


@dataclass(frozen=True, slots=True)
class UserActor:
    """Phrases that name one actor, with its codes over time."""

    phrases: tuple[str, ...]
    codes: tuple[DatedCode, ...]
    name: str
    source: str

    def code_on(self, day: dt.date | None) -> str | None:
        """The code valid on ``day`` (a dated code that holds, else an undated one)."""
        return DictionaryActor(list(self.phrases), list(self.codes)).code_on(day)


@dataclass(frozen=True, slots=True)
class UserMatch:
    """A user phrase found in a text, with the code valid at the article date."""

    start: int
    end: int
    code: str
    name: str
    source: str

    @property
    def is_role(self) -> bool:
        """A sector-only entry (``~AGR``)."""
        return self.code.startswith("~")

    @property
    def country(self) -> str | None:
        """Country (ISO3) or organisation code of the match."""
        if self.is_role:
            return None
        if self.code[:3] in ORG_PREFIXES:
            return self.code
        return None if self.code.startswith("---") else self.code[:3]

    @property
    def sector(self) -> str | None:
        """The first sector code after the country, if any."""
        if self.is_role:
            return self.code[1:4] or None
        if self.code[:3] in ORG_PREFIXES:
            return None
        return self.code[3:6] or None


class ActorTable:
    """User actors, matched over text with one Aho-Corasick automaton."""

    def __init__(self, actors: Iterable[UserActor]):
        self.actors = list(actors)
        self._automaton = ahocorasick.Automaton()
        by_key: dict[str, list[UserActor]] = {}
        for actor in self.actors:
            for phrase in actor.phrases:
                key = phrase_key(phrase)
                if key:
                    by_key.setdefault(key, []).append(actor)
        for key, owners in by_key.items():
            self._automaton.add_word(key, (key, tuple(owners)))
        if by_key:
            self._automaton.make_automaton()
        self._empty = not by_key

    def __len__(self) -> int:
        return len(self.actors)

    def find(self, text: str, day: dt.date | None = None) -> list[UserMatch]:
        """Longest, leftmost, non-overlapping matches in ``text`` with their code on ``day``."""
        if self._empty:
            return []
        low, _cased, offsets = _search_form(text)
        spans = []
        for end, (key, owners) in self._automaton.iter(low):
            start = end - len(key) + 1
            if _at_word_boundary(low, start, end + 1):
                spans.append((start, end + 1, owners))
        spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
        out: list[UserMatch] = []
        last_end = -1
        for start, end, owners in spans:
            if start < last_end:
                continue
            actor = owners[-1]  # a later file overrides an earlier one
            code = actor.code_on(day)
            if code is None:
                continue
            last_end = end
            out.append(UserMatch(offsets[start], offsets[end - 1] + 1, code, actor.name, actor.source))
        return out

    def lookup(self, phrase: str, day: dt.date | None = None) -> list[UserMatch]:
        """Matches of a whole phrase (for ``communique actors lookup``)."""
        return self.find(phrase, day)


def _parse_date(value: str, where: str) -> dt.date | None:
    value = value.strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{where}: '{value}' is not a date (YYYY-MM-DD)") from None


def _check_code(code: str, where: str) -> str:
    code = code.strip().upper()
    body = code[1:] if code.startswith("~") else code
    if not body or not all(c.isalnum() or c == "-" for c in body) or len(body) < 3:
        raise ValueError(f"{where}: '{code}' is not an actor code (e.g. RUSGOV, IGOUNO, ---REB, ~AGR)")
    return code


def read_tsv(path: Path) -> tuple[list[UserActor], list[ReadProblem]]:
    """Read a user actor TSV file."""
    problems: list[ReadProblem] = []
    grouped: dict[str, tuple[list[DatedCode], str, str]] = {}
    with open(path, encoding="utf-8") as fh:
        header = None
        for no, line in enumerate(fh, 1):
            if not line.strip() or line.startswith("#"):
                continue
            cells = [c.strip() for c in line.rstrip("\n").split("\t")]
            if header is None:
                header = cells
                missing = [c for c in ("phrase", "code") if c not in header]
                if missing:
                    problems.append(ReadProblem(str(path), no, f"header lacks {', '.join(missing)} "
                                                               f"(columns: {', '.join(TSV_COLUMNS)})"))
                    return [], problems
                continue
            row = dict(zip(header, cells))
            try:
                if len(cells) > len(header) or not row.get("phrase"):
                    raise ValueError(f"expected {len(header)} tab-separated cells with a phrase")
                code = _check_code(row.get("code", ""), "code")
                start = _parse_date(row.get("valid_from", ""), "valid_from")
                end = _parse_date(row.get("valid_to", ""), "valid_to")
                if start and end and end < start:
                    raise ValueError("valid_to is before valid_from")
            except ValueError as exc:
                problems.append(ReadProblem(str(path), no, str(exc)))
                continue
            codes, name, source = grouped.setdefault(row["phrase"], ([], row.get("name") or row["phrase"],
                                                                      row.get("source") or f"{path.name}:{no}"))
            codes.append(DatedCode(code, start, end))
    return [UserActor((p,), tuple(c), n, s) for p, (c, n, s) in grouped.items()], problems


def read_yaml(path: Path) -> tuple[list[UserActor], list[ReadProblem]]:
    """Read a user actor YAML file (a list of actors)."""
    import yaml

    problems: list[ReadProblem] = []
    try:
        with open(path, encoding="utf-8") as fh:
            data = yaml.safe_load(fh)
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        return [], [ReadProblem(str(path), line + 1 if line is not None else None, f"not valid YAML: {exc}")]
    if not isinstance(data, list):
        return [], [ReadProblem(str(path), None, "expected a list of actors")]
    actors = []
    for i, item in enumerate(data, 1):
        where = f"actor #{i}"
        try:
            if not isinstance(item, dict) or not item.get("phrases") or not item.get("codes"):
                raise ValueError(f"{where}: needs 'phrases' and 'codes'")
            codes = []
            for c in item["codes"]:
                c = {"code": c} if isinstance(c, str) else c
                start = _parse_date(str(c.get("from") or ""), f"{where} from")
                end = _parse_date(str(c.get("to") or ""), f"{where} to")
                codes.append(DatedCode(_check_code(str(c.get("code", "")), where), start, end))
            phrases = tuple(str(p) for p in item["phrases"])
            actors.append(UserActor(phrases, tuple(codes), str(item.get("name") or phrases[0]),
                                    str(item.get("source") or f"{path.name} {where}")))
        except (ValueError, AttributeError, TypeError) as exc:
            problems.append(ReadProblem(str(path), None, str(exc)))
    return actors, problems


def read_petrarch(path: Path) -> tuple[list[UserActor], list[ReadProblem]]:
    """Read a PETRARCH actor or agent dictionary."""
    actors: list[UserActor] = []
    problems: list[ReadProblem] = []
    is_agents = "agent" in path.name.lower()
    items = read_agent_dictionary(path) if is_agents else read_actor_dictionary(path)
    for item in items:
        if isinstance(item, ReadProblem):
            problems.append(item)
        elif isinstance(item, DictionaryAgent):
            actors.append(UserActor((item.phrase,), (DatedCode("~" + item.sector),), item.phrase, item.origin))
        else:
            actors.append(UserActor(tuple(item.phrases), tuple(item.codes), item.phrases[0], item.origin))
    return actors, problems


def load_actor_files(paths: Iterable[str | Path]) -> tuple[ActorTable, list[ReadProblem]]:
    """Load user actor files (TSV, YAML or PETRARCH) into one table; later files override earlier."""
    actors: list[UserActor] = []
    problems: list[ReadProblem] = []
    for p in paths:
        path = Path(p)
        if not path.is_file():
            problems.append(ReadProblem(str(path), None, "no such file"))
            continue
        suffix = path.suffix.lower()
        reader = read_tsv if suffix == ".tsv" else read_yaml if suffix in (".yaml", ".yml") else read_petrarch
        try:
            found, bad = reader(path)
        except (OSError, UnicodeDecodeError) as exc:
            found, bad = [], [ReadProblem(str(path), None, f"cannot read: {exc}")]
        actors.extend(found)
        problems.extend(bad)
    return ActorTable(actors), problems

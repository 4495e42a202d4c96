"""Import PETRARCH/TABARI actor and agent dictionaries, so users can bring the ones they maintain.

Actor files (``Phoenix.Countries.actors.txt``, ``Phoenix.International.actors.txt``) hold
entries of a primary phrase, ``+synonym`` lines, and codes either on the phrase line
(``UN_ [IGOUNO]``) or on indented lines, possibly date-limited::

    VLADIMIR_PUTIN_
    +PUTIN_
        [RUSGOV 991231-080507]
        [RUSGOV >080508]
        [RUSELI]

Dates are ``YYMMDD``: ``>D`` from D on, ``<D`` until D, ``D1-D2`` a range; an undated code is
the default when no dated code holds. Agent files (``Phoenix.agents.txt``) map words to sector
codes (``FARMER [~AGR]``) with ``!MACRO! = A, B`` substitutions. A malformed line is reported
as a :class:`~communique.models.ReadProblem` (file and line) and skipped; the rest loads.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from communique.models import ReadProblem

CODE_RE = re.compile(r"\[([^\]]*)\]")
_D = r"(?:\d{8}|\d{6})"
DATED_RE = re.compile(rf"^(?P<code>[A-Z0-9~\-]+)\s*(?:(?P<op>[<>])\s*(?P<d>{_D})|(?P<d1>{_D})\s*-\s*(?P<d2>{_D}))?$")
MACRO_RE = re.compile(r"^!(?P<name>[A-Z]+)!\s*=\s*(?P<values>.+)$")
YEAR_PIVOT = 40  # YY <= 40 is 20YY, else 19YY (the dictionaries span 1945-2016)


@dataclass(frozen=True, slots=True)
class DatedCode:
    """An actor code valid from ``start`` to ``end`` (inclusive; None = open)."""

    code: str
    start: dt.date | None = None
    end: dt.date | None = None

    @property
    def dated(self) -> bool:
        """True if the code carries a date restriction."""
        return self.start is not None or self.end is not None

    def holds_on(self, day: dt.date) -> bool:
        """True if the code is valid on ``day``."""
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(slots=True)
class DictionaryActor:
    """One entry of an actor dictionary: its phrases and its (dated) codes."""

    phrases: list[str]
    codes: list[DatedCode] = field(default_factory=list)
    origin: str = ""

    def code_on(self, day: dt.date | None) -> str | None:
        """The code valid on ``day``: a dated code that holds, else the undated default."""
        if day is not None:
            for c in self.codes:
                if c.dated and c.holds_on(day):
                    return c.code
        undated = [c.code for c in self.codes if not c.dated]
        if undated:
            return undated[-1]
        return self.codes[-1].code if self.codes and day is None else None


@dataclass(frozen=True, slots=True)
class DictionaryAgent:
    """One agent phrase and its sector code (``~AGR`` -> ``AGR``)."""

    phrase: str
    sector: str
    origin: str = ""


def phrase_text(token: str) -> str:
    """A dictionary phrase as words: ``VLADIMIR_V._PUTIN_`` -> ``vladimir v. putin``."""
    return re.sub(r"\s+", " ", token.replace("_", " ")).strip().lower()


def parse_yymmdd(text: str) -> dt.date:
    """``080508`` -> 2008-05-08 (two-digit years pivot at 40); ``20080508`` is read as is."""
    if len(text) == 8:
        return dt.date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    yy, mm, dd = int(text[:2]), int(text[2:4]), int(text[4:6])
    return dt.date(2000 + yy if yy <= YEAR_PIVOT else 1900 + yy, mm, dd)


def parse_code(text: str) -> DatedCode:
    """Parse the inside of ``[...]``: ``RUSGOV``, ``RUSGOV >080508``, ``RUSELI 700101-990809``."""
    m = DATED_RE.match(text.strip())
    if not m:
        raise ValueError(f"malformed code '[{text}]'")
    code = m["code"]
    if m["op"] == ">":
        return DatedCode(code, start=parse_yymmdd(m["d"]))
    if m["op"] == "<":
        return DatedCode(code, end=parse_yymmdd(m["d"]))
    if m["d1"]:
        return DatedCode(code, start=parse_yymmdd(m["d1"]), end=parse_yymmdd(m["d2"]))
    return DatedCode(code)


def _strip_comment(line: str) -> str:
    return line.split("#", 1)[0].rstrip()


def _dictionary_lines(path: Path) -> Iterator[tuple[int, str] | ReadProblem]:
    """(line number, line without comment) for each non-blank line, or one problem if unreadable."""
    try:
        fh = open(path, encoding="utf-8", errors="replace")
    except OSError as exc:
        yield ReadProblem(str(path), None, f"cannot read: {exc.strerror or exc}")
        return
    with fh:
        for no, raw in enumerate(fh, 1):
            line = _strip_comment(raw)
            if line.strip():
                yield no, line


def read_actor_dictionary(path: str | Path) -> Iterator[DictionaryActor | ReadProblem]:
    """Stream the entries of a PETRARCH actor dictionary, with a problem for each bad line."""
    path = Path(path)
    current: DictionaryActor | None = None
    for item in _dictionary_lines(path):
        if isinstance(item, ReadProblem):
            yield item
            return
        no, line = item
        stripped = line.strip()
        try:
            if stripped.startswith("+"):
                if current is None:
                    raise ValueError("synonym line before any entry")
                current.phrases.append(phrase_text(stripped[1:]))
            elif stripped.startswith("["):
                if current is None:
                    raise ValueError("code line before any entry")
                current.codes.extend(parse_code(c) for c in CODE_RE.findall(stripped))
            elif line[0].isspace():
                raise ValueError(f"unexpected indented line '{stripped[:40]}'")
            else:
                if current is not None and current.codes:
                    yield current
                name = CODE_RE.sub("", stripped).strip()
                if not name:
                    raise ValueError("entry without a phrase")
                codes = [parse_code(c) for c in CODE_RE.findall(stripped)]
                if current is not None and not current.codes and not codes:
                    # consecutive phrases share the codes that follow them (TABARI blocks)
                    current.phrases.append(phrase_text(name))
                    continue
                current = DictionaryActor([phrase_text(name)], codes, f"{path.name}:{no}")
        except ValueError as exc:
            yield ReadProblem(str(path), no, str(exc))
    if current is not None and current.codes:
        yield current


def read_agent_dictionary(path: str | Path) -> Iterator[DictionaryAgent | ReadProblem]:
    """Stream the phrases of a PETRARCH agent dictionary with their sector codes."""
    path = Path(path)
    macros: dict[str, list[str]] = {}
    for item in _dictionary_lines(path):
        if isinstance(item, ReadProblem):
            yield item
            return
        no, line = item[0], item[1].strip()
        m = MACRO_RE.match(line)
        if m:
            macros[m["name"]] = [v.strip() for v in m["values"].split(",") if v.strip()]
            continue
        codes = CODE_RE.findall(line)
        phrase = CODE_RE.sub("", line).strip()
        if len(codes) != 1 or not phrase or "~" not in codes[0]:
            yield ReadProblem(str(path), no, f"expected 'PHRASE [~SEC]' or 'PHRASE [SEC~]', got '{line[:60]}'")
            continue
        sector = codes[0].replace("~", " ").split()[0]
        for expanded in _expand_macros(phrase, macros):
            yield DictionaryAgent(phrase_text(expanded), sector, f"{path.name}:{no}")


def _expand_macros(phrase: str, macros: dict[str, list[str]]) -> list[str]:
    m = re.search(r"!([A-Z]+)!", phrase)
    if not m or m[1] not in macros:
        return [phrase]
    out = []
    for value in macros[m[1]]:
        out.extend(_expand_macros(phrase[:m.start()] + value + phrase[m.end():], macros))
    return out

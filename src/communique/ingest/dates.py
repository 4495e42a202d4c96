"""Parse the dates found in inputs (record fields, the ``date`` token of text files, HTML metadata).

Common unambiguous forms (``YYYY-MM-DD``, ``YYYYMMDD``, ISO datetimes) are parsed directly; other
written forms ("Sept 3, 2021", "22 September 2021", "Wed, 22 Sep 2021 10:00:00 GMT") go to
``dateparser``, configured for absolute English dates only. A date needs at least a month and a
year: "2021" or "today" is not a date of an article, and no part of a date is ever invented.
``dateparser`` works offline; language detection is off because the language is fixed.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import TYPE_CHECKING, Any

from communique.models import ReadProblem

if TYPE_CHECKING:
    from dateparser.date import DateDataParser

MAX_DATE_CHARS = 100
_COMPACT = re.compile(r"\d{8}")
_DIGITS = re.compile(r"\d+")
_DATEPARSER_SETTINGS = {
    "PARSERS": ["custom-formats", "absolute-time"],  # no relative dates, no timestamps
    "PREFER_DAY_OF_MONTH": "first",
    "RETURN_AS_TIMEZONE_AWARE": False,
    "REQUIRE_PARTS": ["month", "year"],
}


def parse_date(value: Any) -> dt.date | None:
    """Return the calendar date that ``value`` writes, or ``None`` if it cannot be read as one.

    ``value`` may be a ``date``/``datetime``, a string, or an integer such as ``20210922``.
    The date of an ISO datetime is the date as written (no time-zone conversion).
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return None
    text = str(value).strip()
    if not text or len(text) > MAX_DATE_CHARS:
        return None
    if _DIGITS.fullmatch(text):
        return _parse_compact(text) if _COMPACT.fullmatch(text) else None
    try:
        return dt.datetime.fromisoformat(text).date()
    except ValueError:
        pass
    parsed = _dateparser().get_date_data(text).date_obj
    return parsed.date() if parsed is not None else None


def read_date(value: Any, origin: str, line: int | None) -> tuple[dt.date | None, ReadProblem | None]:
    """Parse a date given by an input; a missing value is no problem, an unreadable one is reported.

    Returns ``(date, problem)``; ``problem`` is a :class:`ReadProblem` naming the value when it is
    present but cannot be parsed (the article keeps ``date=None``).
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    date = parse_date(value)
    if date is None:
        shown = str(value)
        if len(shown) > MAX_DATE_CHARS:
            shown = shown[:MAX_DATE_CHARS] + "…"
        return None, ReadProblem(origin, line, f"unparseable date {shown!r}")
    return date, None


def _parse_compact(text: str) -> dt.date | None:
    """``YYYYMMDD`` as a date, or ``None`` if it is no valid calendar date."""
    try:
        return dt.datetime.strptime(text, "%Y%m%d").date()
    except ValueError:
        return None


@functools.cache
def _dateparser() -> DateDataParser:
    """One shared English-only parser (dateparser is imported on first use: it is slow to load)."""
    from dateparser.date import DateDataParser

    return DateDataParser(languages=["en"], settings=_DATEPARSER_SETTINGS)

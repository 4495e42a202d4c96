"""When and where: event dates from the sentence and the article date, event places.

An undated article gives undated events: relative expressions ("on Thursday") are kept as
``date_text`` but never turned into an invented date.

Places (:mod:`communique.timeplace.locate`, data in :mod:`communique.timeplace.places`): from a
place phrase of the sentence ("talks in Geneva"), else the dateline ("MOSCOW (Reuters) -"), with
precision, ISO3 country and coordinates from the bundled gazetteer of capitals, major cities
and landmarks.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

from communique.timeplace.locate import place_for_event, place_for_name, place_from_dateline

__all__ = [
    "EventDate", "event_dates", "parse_date_expression", "place_for_event", "place_for_name", "place_from_dateline",
]

MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
            ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
            ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ],
        start=1,
    )
    for m in names
}
WEEKDAYS = {d: i for i, d in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}
_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
MONTH_DAY = re.compile(
    rf"\b(?P<month>{_MONTH_RE})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?"
    rf"(?:\s*[-–]\s*(?P<day2>\d{{1,2}}))?(?:,?\s+(?P<year>\d{{4}}))?\b",
    re.I,
)
DAY_MONTH = re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<month>{_MONTH_RE})\.?(?:,?\s+(?P<year>\d{{4}}))?\b", re.I)
MONTH_YEAR = re.compile(rf"\b(?P<month>{_MONTH_RE})\.?\s+(?P<year>\d{{4}})\b", re.I)
ISO_DATE = re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b")
YEAR = re.compile(r"\b(?P<year>1[89]\d\d|20\d\d)\b")
RELATIVE_DAYS = {"today": 0, "yesterday": -1, "tomorrow": 1, "tonight": 0, "this morning": 0, "this evening": 0}


@dataclass(frozen=True, slots=True)
class EventDate:
    """A resolved event date: the date (or None), its precision and the words it came from."""

    date: dt.date | None
    precision: str  # day | week | month | year | none
    text: str | None


def _year_for(month: int, day: int, ref: dt.date, future: bool) -> int:
    """The year of a month/day without year, relative to the article date."""
    candidate = dt.date(ref.year, month, min(day, 28) if month == 2 and day > 28 else day)
    if not future and candidate > ref + dt.timedelta(days=7):
        return ref.year - 1
    if future and candidate < ref - dt.timedelta(days=180):
        return ref.year + 1
    return ref.year


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_date_expression(text: str, ref: dt.date | None, future: bool = False) -> list[EventDate]:
    """All dates named by a date expression, resolved against the article date ``ref``.

    "September 18-20" gives the first day; "May 5 and July 27" gives two dates. Without
    ``ref`` only expressions with an explicit year resolve; others keep their text.
    """
    out: list[EventDate] = []
    for m in ISO_DATE.finditer(text):
        d = _safe_date(int(m["year"]), int(m["month"]), int(m["day"]))
        if d:
            out.append(EventDate(d, "day", m.group(0)))
    if out:
        return out
    for rx in (MONTH_DAY, DAY_MONTH):
        for m in rx.finditer(text):
            month = MONTHS[m["month"].lower()]
            day = int(m["day"])
            if m["year"]:
                d = _safe_date(int(m["year"]), month, day)
            elif ref:
                d = _safe_date(_year_for(month, day, ref, future), month, day)
            else:
                d = None
            out.append(EventDate(d, "day" if d else "none", m.group(0)))
        if out:
            return out
    m = MONTH_YEAR.search(text)
    if m:
        return [EventDate(dt.date(int(m["year"]), MONTHS[m["month"].lower()], 1), "month", m.group(0))]
    lower = text.lower()
    for word, i in WEEKDAYS.items():
        if re.search(rf"\b{word}\b", lower):
            return [_weekday(ref, i, future, text)]
    for word, delta in RELATIVE_DAYS.items():
        if re.search(rf"\b{word}\b", lower):
            d = ref + dt.timedelta(days=delta) if ref else None
            return [EventDate(d, "day" if d else "none", text)]
    return _relative_period(lower, ref, text) or _year_only(text) or []


def _weekday(ref: dt.date | None, weekday: int, future: bool, text: str) -> EventDate:
    if ref is None:
        return EventDate(None, "none", text)
    delta = (ref.weekday() - weekday) % 7
    d = ref + dt.timedelta(days=(7 - delta) % 7) if future else ref - dt.timedelta(days=delta)
    return EventDate(d, "day", text)


def _relative_period(lower: str, ref: dt.date | None, text: str) -> list[EventDate]:
    rules = [
        (r"\blast week\b", lambda r: (r - dt.timedelta(days=7 + r.weekday()), "week")),
        (r"\bthis week\b", lambda r: (r - dt.timedelta(days=r.weekday()), "week")),
        (r"\bnext week\b", lambda r: (r + dt.timedelta(days=7 - r.weekday()), "week")),
        (r"\blast month\b", lambda r: ((r.replace(day=1) - dt.timedelta(days=1)).replace(day=1), "month")),
        (r"\b(this|earlier this|later this) month\b", lambda r: (r.replace(day=1), "month")),
        (r"\bnext month\b", lambda r: ((r.replace(day=28) + dt.timedelta(days=4)).replace(day=1), "month")),
        (r"\blast year\b", lambda r: (dt.date(r.year - 1, 1, 1), "year")),
        (r"\b(this|earlier this|later this|end of this|end of the) year\b", lambda r: (dt.date(r.year, 1, 1), "year")),
        (r"\bnext year\b", lambda r: (dt.date(r.year + 1, 1, 1), "year")),
    ]
    for pattern, resolve in rules:
        if re.search(pattern, lower):
            if ref is None:
                return [EventDate(None, "none", text)]
            d, precision = resolve(ref)
            return [EventDate(d, precision, text)]
    return []


def _year_only(text: str) -> list[EventDate]:
    m = YEAR.search(text)
    if m:
        return [EventDate(dt.date(int(m["year"]), 1, 1), "year", m.group(0))]
    return []


def _tree_distance(a: Token, b: Token) -> int:
    ancestors_a = {t.i: n for n, t in enumerate([a, *a.ancestors])}
    for n, t in enumerate([b, *b.ancestors]):
        if t.i in ancestors_a:
            return n + ancestors_a[t.i]
    return 99


def event_dates(sent: Span, trigger: Token, article_date: dt.date | None, future: bool = False) -> list[EventDate]:
    """Dates of the event triggered by ``trigger``: from the nearest date expression of the
    sentence, else the article date (precision day), else none."""
    best: tuple[int, list[EventDate]] | None = None
    for ent in sent.ents:
        if ent.label_ not in ("DATE", "TIME"):
            continue
        dates = parse_date_expression(ent.text, article_date, future)
        if not dates:
            continue
        dist = _tree_distance(trigger, ent.root)
        if best is None or dist < best[0]:
            best = (dist, dates)
    if best is not None:
        return best[1]
    if article_date is not None:
        return [EventDate(article_date, "day", None)]
    return [EventDate(None, "none", None)]

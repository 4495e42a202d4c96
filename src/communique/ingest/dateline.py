"""Recognise wire-service datelines at the start of a news text.

A dateline is the short place (and often date and agency) label that opens a wire story:
``"Moscow, Russia.- "``, ``"HAVANA (Reuters) - "``, ``"BOGOTA, March 13 - "``,
``"WASHINGTON, Oct 5 (AP) — "``, ``"Hanoi (VNA) – "``. Recognition is deliberately
conservative: a capitalised opening such as ``"Cuba and Russia - two old friends - met"`` is
body text, not a dateline.
"""

from __future__ import annotations

import re

MAX_DATELINE_CHARS = 60
MAX_PLACE_WORDS = 6

# The separator: ".-", "-", "--", en dash or em dash, followed by whitespace (or the end of text;
# with a search window, "\Z" also matches at the window's end, which split_dateline re-checks).
_SEPARATOR = re.compile(r"[ \t]*(\.-|--?|[–—])(?=\s|\Z)")
_SPACES = re.compile(r"\s*")
_AGENCY = re.compile(r"\s*\(((?:[^\W\d_]|[ .&/-]){1,30})\)$")
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DATE = re.compile(rf"(?:{_MONTH}\s+{_DAY}|{_DAY}\s+{_MONTH})(?:\s+\d{{4}})?", re.IGNORECASE)
_YEAR = re.compile(r"\d{4}")
_WORD_CHARS = re.compile(r"[^\W\d_](?:[^\W\d_]|['’.\-])*")

# Lower-case words allowed inside a place name ("Rio de Janeiro", "Port of Spain").
_CONNECTORS = frozenset(
    "de da do dos das del della di du des la le las los el al of es am an der den en sur upon y".split()
)
# Words after which "The" belongs to the place name ("THE HAGUE", "Arnhem, The Netherlands").
_THE_PLACES = frozenset("hague netherlands bahamas gambia".split())
# Capitalised words that open sentences or headlines but never a place.
_NOT_PLACE = frozenset(
    """the a an mr mr. mrs mrs. ms ms. dr dr. sir lord president minister prime foreign secretary
    chancellor premier king queen general senator ambassador i we he she it they you this that these
    those in on at as but and or if when while after before according today yesterday meanwhile
    however also our my his her their its breaking update updated exclusive analysis factbox
    opinion editorial watch video photos live urgent flash""".split()
)
# All-capital acronyms that open sentences ("NATO - Russia council") rather than datelines.
_NOT_PLACE_ACRONYMS = frozenset("US USA UK UN EU AU UAE USSR NATO OPEC ASEAN IMF WHO WTO".split())


def split_dateline(text: str) -> tuple[str | None, str, int]:
    """Split a wire dateline off the start of ``text``.

    Returns ``(dateline, body, offset)`` where ``body == text[offset:]``. The dateline keeps its
    closing dash (``"Moscow, Russia.-"``); the body starts after the dash and following
    whitespace. Without a recognised dateline the result is ``(None, text, 0)``.
    """
    start = _SPACES.match(text).end()
    match = _SEPARATOR.search(text, start, start + MAX_DATELINE_CHARS + 4)
    if match is None:
        return None, text, 0
    dash_end = match.end(1)
    if dash_end < len(text) and not text[dash_end].isspace():
        return None, text, 0
    head = text[start : match.start()]
    if not _is_dateline_head(head, dotted_dash=match.group(1) == ".-"):
        return None, text, 0
    offset = _SPACES.match(text, dash_end).end()
    return text[start:dash_end], text[offset:], offset


def _is_dateline_head(head: str, *, dotted_dash: bool) -> bool:
    """Whether ``head`` (the text before the dash) reads as place[, region|date][ (Agency)]."""
    if not head or len(head) > MAX_DATELINE_CHARS or "\n" in head:
        return False
    agency = _AGENCY.search(head)
    if agency:
        if len(agency.group(1).split()) > 4:
            return False
        head = head[: agency.start()]
    parts = [part.strip() for part in head.split(",")]
    places, dates = _classify_parts(parts)
    if places is None:
        return False
    if sum(len(place) for place in places) > MAX_PLACE_WORDS:
        return False
    return bool(agency or dates or dotted_dash or len(places) >= 2 or _is_capitals_place(places[0]))


def _classify_parts(parts: list[str]) -> tuple[list[list[str]] | None, int]:
    """Sort comma-separated parts into places (as word lists) and dates; ``None`` if one is neither.

    The first part must be a place; a date may follow any place, a bare year only a date.
    """
    places: list[list[str]] = []
    dates = 0  # 0: none yet, 1: a date, 2: a date and its year
    for index, part in enumerate(parts):
        words = None if dates else _place_words(part)
        if words is not None:
            places.append(words)
        elif index > 0 and not dates and _DATE.fullmatch(part):
            dates = 1
        elif dates == 1 and _YEAR.fullmatch(part):
            dates = 2
        else:
            return None, 0
    return places, dates


def _place_words(part: str) -> list[str] | None:
    """The words of ``part`` if it looks like a place name ("NEW YORK", "Rio de Janeiro"), else None."""
    words = part.replace("/", " ").split()
    if not words or words[0] in _CONNECTORS or words[-1] in _CONNECTORS:
        return None
    for word, following in zip(words, [*words[1:], ""]):
        if word in _CONNECTORS:
            continue
        if not _WORD_CHARS.fullmatch(word) or not word[0].isupper():
            return None
        lower = word.lower()
        if lower in _NOT_PLACE and not (lower == "the" and following.lower() in _THE_PLACES):
            return None
    return words


def _is_capitals_place(words: list[str]) -> bool:
    """Whether a place is written in capitals as wire services do ("HAVANA", "UNITED NATIONS")."""
    letters = [c for word in words for c in word if c.isalpha()]
    if len(letters) < 3 or any(not c.isupper() for c in letters):
        return False
    return not (len(words) == 1 and words[0] in _NOT_PLACE_ACRONYMS)

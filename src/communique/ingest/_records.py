"""Turning what a reader found into :class:`Article` records (shared by all formats)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from typing import Any

from communique.ingest.dateline import split_dateline
from communique.ingest.dates import read_date
from communique.models import Article, ReadProblem

FIELDS = ("id", "date", "title", "text", "source", "url")
# Control characters that are not whitespace (NUL, escape, ...) become spaces; unpaired
# surrogates (from JSON escapes such as "\ud800") cannot be encoded and become U+FFFD.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1b\x7f]")
_SURROGATES = re.compile("[\ud800-\udfff]")
_UNCLEAN = re.compile("[\x00-\x08\x0e-\x1b\x7f\ud800-\udfff]")


def clean_text(text: str) -> tuple[str, int]:
    """``text`` with non-whitespace control characters replaced by spaces and unpaired surrogates
    by U+FFFD, and the number of characters replaced."""
    if _UNCLEAN.search(text) is None:  # the common case: one scan, no copy
        return text, 0
    text, controls = _CONTROLS.subn(" ", text)
    text, surrogates = _SURROGATES.subn("\ufffd", text)
    return text, controls + surrogates


def cleaned_message(replaced: int) -> str:
    """The problem message for ``replaced`` characters changed by :func:`clean_text`."""
    return f"{replaced} control character(s) (e.g. NUL) or unpaired surrogate(s) replaced"


def resolve_field_map(field_map: Mapping[str, str] | None) -> dict[str, str]:
    """Our field name -> the input's field name, for every field; unknown names raise ValueError."""
    field_map = dict(field_map or {})
    unknown = sorted(set(field_map) - set(FIELDS))
    if unknown:
        known = ", ".join(FIELDS)
        raise ValueError(f"unknown field(s) in field_map: {', '.join(unknown)} (known: {known})")
    return {name: field_map.get(name, name) for name in FIELDS}


def make_article(
    text: str,
    *,
    article_id: str,
    source: str,
    origin: str,
    url: str | None = None,
    title: str | None = None,
    date: dt.date | None = None,
) -> Article:
    """An Article for ``text``: surrounding whitespace removed, a wire dateline split off."""
    text = text.strip()
    dateline, body, _ = split_dateline(text)
    if dateline is None or not body:
        dateline, body = None, text
    return Article(
        id=article_id,
        text=body,
        source=source,
        url=url,
        title=title,
        date=date,
        dateline=dateline,
        origin=origin,
    )


def record_items(
    values: Mapping[str, Any], *, text_name: str, path: str, line: int, default_source: str
) -> Iterator[Article | ReadProblem]:
    """The article of one record (``values`` keyed by our field names), preceded by any problem.

    ``text_name`` is the input's name of the text field, for messages. A record without usable
    text yields one :class:`ReadProblem`; an unparseable date yields one and the article (undated).
    """
    values, replaced = _clean_values(values)
    if replaced:
        yield ReadProblem(path, line, cleaned_message(replaced))
    text = values.get("text")
    problem = _text_problem(text, text_name)
    if problem:
        yield ReadProblem(path, line, problem)
        return
    date, date_problem = read_date(values.get("date"), path, line)
    if date_problem:
        yield date_problem
    source = as_str(values.get("source")) or default_source
    yield make_article(
        text,
        article_id=as_str(values.get("id")) or Article.make_id(source, text),
        source=source,
        origin=f"{path}:{line}",
        url=as_str(values.get("url")),
        title=as_str(values.get("title")),
        date=date,
    )


def _clean_values(values: Mapping[str, Any]) -> tuple[dict[str, Any], int]:
    """``values`` with every string cleaned by :func:`clean_text`, and the characters replaced."""
    cleaned: dict[str, Any] = {}
    replaced = 0
    for name, value in values.items():
        if isinstance(value, str):
            value, count = clean_text(value)
            replaced += count
        cleaned[name] = value
    return cleaned, replaced


def as_str(value: Any) -> str | None:
    """A metadata value as a non-empty string (numbers are written out), else ``None``."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return value.strip() or None
    return None


def _text_problem(text: Any, text_name: str) -> str | None:
    """Why ``text`` is not an article text, or ``None`` if it is one."""
    if text is None:
        return f"record has no text (field {text_name!r})"
    if not isinstance(text, str):
        return f"record text (field {text_name!r}) is a {type(text).__name__}, not a string"
    if not text.strip():
        return f"record has empty text (field {text_name!r})"
    return None

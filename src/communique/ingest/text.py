"""Plain-text reader: one file (or standard input) is one article.

A text may open with the token ``date YYYY-MM-DD`` (possibly after whitespace), as the seed
articles do; it gives the article date and is removed from the text.
"""

from __future__ import annotations

import re
from collections.abc import Generator, Iterator
from typing import BinaryIO

from communique.ingest._io import HEAD_BYTES, decode_text, head_problem, read_capped, text_truncated_message
from communique.ingest._records import clean_text, cleaned_message, make_article
from communique.ingest.dates import read_date
from communique.models import Article, ReadProblem

_DATE_TOKEN = re.compile(r"\s*date:?[ \t]+(\d{4}-\d{2}-\d{2})(?=\s|\Z)\s*", re.IGNORECASE)


def read_text(stream: BinaryIO, *, origin: str, source: str) -> Iterator[Article | ReadProblem]:
    """Read ``stream`` as one plain-text article from ``origin``; ``source`` names its source.

    The id hashes ``source`` and the whole text as read, so it is stable across runs. Problems
    (empty, binary, not UTF-8, control characters, over 16 MB, unparseable date token) come as
    :class:`ReadProblem`; text files may be UTF-8 (lines in another encoding are read as cp1252)
    or UTF-16/32 with a byte-order mark.
    """
    decoded = yield from read_whole_text(stream, origin)
    if decoded is None:
        return
    original, cleaned = decoded
    date_text, body = split_date_token(cleaned)
    if not body.strip():
        message = "no text after the date token" if date_text else "empty file (no text)"
        yield ReadProblem(origin, None, message)
        return
    date, date_problem = read_date(date_text, origin, None)
    if date_problem:
        yield date_problem
    yield make_article(
        body, article_id=Article.make_id(source, original), source=source, origin=origin, date=date
    )


def read_whole_text(stream: BinaryIO, origin: str) -> Generator[ReadProblem, None, tuple[str, str] | None]:
    """Read and decode a whole text (or HTML) file, yielding its problems; returns
    ``(text as decoded, text with control characters replaced)``, or ``None`` if unreadable.

    Only the first 16 MB are read (:data:`~communique.ingest._io.MAX_TEXT_BYTES`).
    """
    data, truncated = read_capped(stream)
    problem = head_problem(data[:HEAD_BYTES])
    if problem:
        yield ReadProblem(origin, None, problem)
        return None
    if truncated:
        yield ReadProblem(origin, None, text_truncated_message())
    original, decode_problem = decode_text(data, truncated=truncated)
    if decode_problem:
        yield ReadProblem(origin, None, decode_problem)
    cleaned, replaced = clean_text(original)
    if replaced:
        yield ReadProblem(origin, None, cleaned_message(replaced))
    return original, cleaned


def split_date_token(text: str) -> tuple[str | None, str]:
    """Split an opening ``date YYYY-MM-DD`` token off ``text``: ``(date string or None, rest)``."""
    match = _DATE_TOKEN.match(text)
    if match is None:
        return None, text
    return match.group(1), text[match.end() :]

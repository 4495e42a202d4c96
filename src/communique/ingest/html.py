"""HTML reader: one page is one article; main text, title and date come from trafilatura.

Extraction is offline: the page is parsed as given and nothing is fetched.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from communique.ingest._io import HEAD_BYTES, decode, head_problem
from communique.ingest._records import as_str, make_article
from communique.ingest.dates import read_date
from communique.models import Article, ReadProblem


def read_html(stream: BinaryIO, *, origin: str, source: str) -> Iterator[Article | ReadProblem]:
    """Read ``stream`` as one HTML page from ``origin``; ``source`` names its source.

    The main text is ``trafilatura.extract``'s (comments and tables left out, and a first line
    repeating the title dropped); title, date and canonical URL come from trafilatura's
    metadata when present. The id hashes ``source`` and the page as read.
    """
    data = stream.read()
    problem = head_problem(data[:HEAD_BYTES])
    if problem:
        yield ReadProblem(origin, None, problem)
        return
    page, decode_problem = decode(data)
    if decode_problem:
        yield ReadProblem(origin, None, decode_problem)
    try:
        text, title, date_text, url = _extract(page)
    except Exception as exc:  # trafilatura/lxml on hostile markup: report, never raise
        yield ReadProblem(origin, None, f"cannot extract text from HTML ({type(exc).__name__}: {exc})")
        return
    if not text or not text.strip():
        yield ReadProblem(origin, None, "no main text found in the HTML page")
        return
    date, date_problem = read_date(date_text, origin, None)
    if date_problem:
        yield date_problem
    yield make_article(
        _drop_title_line(text, title),
        article_id=Article.make_id(source, page),
        source=source,
        origin=origin,
        url=url,
        title=title,
        date=date,
    )


def _extract(page: str) -> tuple[str | None, str | None, str | None, str | None]:
    """(main text, title, date, url) of ``page``; the page is parsed once for both extractions."""
    import trafilatura
    from trafilatura.utils import load_html

    tree = load_html(page)
    if tree is None:
        return None, None, None, None
    metadata = trafilatura.extract_metadata(tree)
    text = trafilatura.extract(tree, include_comments=False, include_tables=False)
    if metadata is None:
        return text, None, None, None
    return text, as_str(metadata.title), as_str(metadata.date), as_str(metadata.url)


def _drop_title_line(text: str, title: str | None) -> str:
    """``text`` without its first line when that line only repeats the title."""
    first, _, rest = text.strip().partition("\n")
    if title and rest.strip() and first.strip().casefold() == title.casefold():
        return rest
    return text

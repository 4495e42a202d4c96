"""HTML reader: one page is one article; main text, title and date come from trafilatura.

Extraction is offline: the page is parsed as given and nothing is fetched. libxml2 stops
parsing at 256 levels of nesting, losing everything deeper; a page nested deeper is flattened
first (elements beyond :data:`MAX_HTML_DEPTH` levels are dropped, their text kept) and reported.
"""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any, BinaryIO

from communique.ingest._records import as_str, make_article
from communique.ingest.dates import read_date
from communique.ingest.text import read_whole_text
from communique.models import Article, ReadProblem

MAX_HTML_DEPTH = 200
"""Open elements kept when flattening a page that is nested too deeply for libxml2."""
_VOID_ELEMENTS = frozenset("area base br col embed hr img input link meta param source track wbr".split())


def read_html(stream: BinaryIO, *, origin: str, source: str) -> Iterator[Article | ReadProblem]:
    """Read ``stream`` as one HTML page from ``origin``; ``source`` names its source.

    The main text is ``trafilatura.extract``'s (comments and tables left out, and a first line
    repeating the title dropped); title, date and canonical URL come from trafilatura's
    metadata when present. The id hashes ``source`` and the page as read. Reading problems are
    those of text files (see :func:`~communique.ingest.text.read_whole_text`).
    """
    decoded = yield from read_whole_text(stream, origin)
    if decoded is None:
        return
    page, cleaned = decoded
    try:
        tree = _parse(cleaned)
        if tree is not None and _parser_hit_depth_limit():
            yield ReadProblem(origin, None, f"HTML nested deeper than libxml2's limit of 256 levels: "
                                            f"flattened to {MAX_HTML_DEPTH} levels to read its text")
            tree = _parse(flatten_html(cleaned))
        text, title, date_text, url = _extract(tree)
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


def _parse(page: str) -> Any:
    """``page`` parsed by trafilatura (an lxml tree), or ``None`` when it is not HTML."""
    from trafilatura.utils import load_html

    return load_html(page)


def _parser_hit_depth_limit() -> bool:
    """Whether trafilatura's last parse stopped at libxml2's nesting limit (losing the rest)."""
    from trafilatura import utils

    parser = getattr(utils, "HTML_PARSER", None)
    log = getattr(parser, "error_log", None) or []
    return any("Excessive depth" in entry.message for entry in log)


def flatten_html(page: str, max_depth: int = MAX_HTML_DEPTH) -> str:
    """``page`` re-serialised with at most ``max_depth`` elements open at once.

    Start and end tags deeper than that are dropped; text, the other tags with their attributes,
    the doctype and character references are kept as written; comments are dropped.
    """
    flattener = _Flattener(max_depth)
    flattener.feed(page)
    flattener.close()
    return "".join(flattener.out)


class _Flattener(HTMLParser):
    """Copies HTML through, dropping the tags of elements nested deeper than ``max_depth``."""

    def __init__(self, max_depth: int) -> None:
        super().__init__(convert_charrefs=False)
        self.max_depth = max_depth
        self.out: list[str] = []
        self._stack: list[tuple[str, bool]] = []  # open elements: (tag, whether its tags are kept)
        self._open: dict[str, int] = {}  # tag -> how many are open
        self._kept = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Keep the tag unless it opens an element deeper than the limit."""
        if tag in _VOID_ELEMENTS:
            self.out.append(self.get_starttag_text() or "")
            return
        keep = self._kept < self.max_depth
        self._stack.append((tag, keep))
        self._open[tag] = self._open.get(tag, 0) + 1
        if keep:
            self._kept += 1
            self.out.append(self.get_starttag_text() or "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Self-closing tags open nothing: always kept."""
        self.out.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        """Close the innermost open ``tag`` and everything opened inside it; stray end tags are dropped."""
        if not self._open.get(tag):
            return
        while self._stack:
            name, kept = self._stack.pop()
            self._open[name] -= 1
            if kept:
                self._kept -= 1
                self.out.append(f"</{name}>")
            if name == tag:
                return

    def handle_data(self, data: str) -> None:
        """Text is always kept."""
        self.out.append(data)

    def handle_entityref(self, name: str) -> None:
        """Named character references are kept as written."""
        self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        """Numeric character references are kept as written."""
        self.out.append(f"&#{name};")

    def handle_decl(self, decl: str) -> None:
        """The doctype is kept."""
        self.out.append(f"<!{decl}>")


def _extract(tree: Any) -> tuple[str | None, str | None, str | None, str | None]:
    """(main text, title, date, url) of a parsed page (``None`` values when there is no page)."""
    import trafilatura

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

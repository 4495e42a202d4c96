"""The coding pipeline as a Python API: articles in, events out.

>>> from communique import code_text
>>> events = code_text("Cuba thanked Vietnam for its help.", date="2021-08-25")
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from communique.events.coder import EventCoder
from communique.fastpath import ARTICLE_BATCH, ArticleParser
from communique.models import Article, Event, MentionRecord
from communique.nlp import MAX_DOC_CHARS, get_nlp

log = logging.getLogger(__name__)


@dataclass(slots=True)
class CodedArticle:
    """One article with its events, or the reason it could not be coded."""

    article: Article
    events: list[Event] = field(default_factory=list)
    error: str | None = None
    mentions: list[MentionRecord] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # sentences not coded, with the reason


def _as_date(value: dt.date | str | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)


def code_text(text: str, date: dt.date | str | None = None, *, source: str = "text", model: str | None = None) -> list[Event]:
    """Code one text and return its events. ``date`` (a date or ISO string) is the article date."""
    from communique.ingest.dateline import split_dateline

    dateline, body, _ = split_dateline(text)
    article = Article(id=Article.make_id(source, text), text=body, source=source, date=_as_date(date), dateline=dateline)
    result = next(code_articles([article], model=model))
    if result.error:
        raise ValueError(result.error)
    return result.events


def article_parser(coder: EventCoder, model: str | None = None, fast_path: bool = True) -> ArticleParser:
    """The sentence parser for ``coder``'s tables (lexicon, gazetteer, office holders, user actors)."""
    return ArticleParser(get_nlp(model), fast_path=fast_path, lexicon=coder.lexicon, gazetteer=coder.gazetteer,
                         offices=coder.office_holders, extra=coder.extra_actors)


def code_articles(
    articles: Iterable[Article],
    *,
    model: str | None = None,
    batch_size: int = ARTICLE_BATCH,
    coder: EventCoder | None = None,
    on_result: Callable[[CodedArticle], None] | None = None,
    fast_path: bool = True,
    parser: ArticleParser | None = None,
) -> Iterator[CodedArticle]:
    """Code a stream of articles lazily, one :class:`CodedArticle` per input article.

    An article that cannot be coded (too long, or an internal error) comes back with
    ``error`` set and no events; the stream goes on. ``fast_path=False`` parses every
    sentence; the default parses only the sentences that can matter, with the same events
    (see :mod:`communique.fastpath`). A ``parser`` made by :func:`article_parser` for the same
    coder may be passed to reuse it across calls.
    """
    coder = coder or EventCoder()
    parser = parser or article_parser(coder, model, fast_path)

    def parseable() -> Iterator[tuple[str, Article]]:
        for article in articles:
            yield article.text[:MAX_DOC_CHARS], article

    for doc, article in parser.pipe(parseable(), batch_size=batch_size):
        result = CodedArticle(article)
        if len(article.text) > MAX_DOC_CHARS:
            result.error = f"text longer than {MAX_DOC_CHARS} characters: only the first {MAX_DOC_CHARS} were coded"
        try:
            result.events, result.mentions = coder.code_with_mentions(doc, article)
            result.skipped = coder.skipped_sentences(doc)
        except Exception as exc:  # one bad article must not stop a corpus run
            log.exception("coding article %s failed", article.id)
            result.error = f"coding failed: {type(exc).__name__}: {exc}"
        if on_result is not None:
            on_result(result)
        yield result

"""The fast path (only the sentences that matter go through the model) gives the same events
and resolved mentions as parse-everything."""

from __future__ import annotations

import datetime as dt
import gzip
import itertools
import json
from pathlib import Path

import pytest

from communique.events.coder import EventCoder
from communique.events.lexicon import Lexicon
from communique.fastpath import TriggerFilter, WordForms, sentence_bounds
from communique.models import Article
from communique.nlp import get_nlp
from communique.pipeline import article_parser, code_articles

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"


def coded(articles: list[Article], fast_path: bool) -> list[tuple]:
    """Events (every field) and resolved mentions of each article."""
    out = []
    for result in code_articles(articles, coder=EventCoder(), fast_path=fast_path):
        out.append((result.article.id, [e.to_dict() for e in result.events],
                    [m for m in result.mentions if m.resolved], result.error))
    return out


def corpus_sample(name: str, n: int) -> list[Article]:
    path = CORPORA / f"{name}.jsonl.gz"
    if not path.exists():
        pytest.skip(f"{path} is absent (the shared corpora live beside the project)")
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        records = [json.loads(line) for line in itertools.islice(fh, n)]
    return [Article(id=r["id"], text=r["text"], source=r["source"], title=r.get("title"),
                    date=dt.date.fromisoformat(r["date"]) if r.get("date") else None) for r in records]


def test_sentences_end_at_punctuation_and_line_breaks():
    doc = get_nlp().make_doc('He said "no." Then he left\nA new paragraph. U.S. officials met.')
    texts = [doc[s:e].text for s, e in sentence_bounds(doc)]
    assert texts == ['He said "no."', "Then he left\n", "A new paragraph.", "U.S. officials met."]


def test_word_forms_cover_inflections_and_irregular_forms():
    forms = WordForms(get_nlp())
    assert forms.available
    assert {"met", "meets", "meeting"} <= forms.of("meet")
    assert {"talks"} <= forms.of("talk")


def test_trigger_filter_needs_the_words_a_rule_names():
    triggers = TriggerFilter(Lexicon.default(), WordForms(get_nlp()))
    assert triggers.may_fire({"japan", "shared", "intelligence", "with", "brazil"})
    assert not triggers.may_fire({"the", "company", "shared", "profits"})  # no "share" rule for profits


def test_cross_sentence_references_are_identical():
    text = ("President Ronald Reagan arrived in Tokyo on Monday. The weather was cold.\n"
            "Reagan later criticized Japan over trade. He also praised Canada.\n"
            "Brazil said it would expel the Argentine ambassador. They condemned the move.\n"
            "The two leaders signed an agreement.")
    article = Article(id="x1", text=text, source="test", date=dt.date(1987, 3, 2))
    full, fast = coded([article], False), coded([article], True)
    assert full == fast
    assert len(full[0][1]) >= 2


def test_fast_path_parses_fewer_sentences_with_the_same_events():
    articles = corpus_sample("reuters21578", 60)
    assert coded(articles, fast_path=False) == coded(articles, fast_path=True)
    parser = article_parser(EventCoder(), None, True)
    list(parser.pipe((a.text, a) for a in articles))
    assert parser.stats.parsed < parser.stats.sentences


def test_fast_path_identity_on_guardian_articles():
    articles = corpus_sample("guardian_sdf_sample", 8)
    assert coded(articles, fast_path=False) == coded(articles, fast_path=True)


def test_repeated_sentences_come_from_the_cache_with_the_same_result():
    text = ("Brazil said it would expel the Argentine ambassador. Japan criticized China over trade.\n"
            "Shares of the company rose 2 pct on Monday.\n")
    articles = [Article(id=f"r{i}", text=text + ("Reuter\n" if i % 2 else ""), source="test", date=dt.date(1987, 3, 2))
                for i in range(3)]
    coder = EventCoder()
    for fast_path in (False, True):
        parser = article_parser(coder, None, fast_path)
        uncached = article_parser(coder, None, fast_path)
        uncached.cache_size = 0
        with_cache = [(r.article.id, [e.to_dict() for e in r.events], r.mentions)
                      for r in code_articles(articles, coder=coder, parser=parser, batch_size=1)]
        without = [(r.article.id, [e.to_dict() for e in r.events], r.mentions)
                   for r in code_articles(articles, coder=coder, parser=uncached, batch_size=1)]
        assert with_cache == without
        assert with_cache[0][1] and [e["cameo"] for e in with_cache[1][1]] == [e["cameo"] for e in with_cache[0][1]]
        assert parser.stats.cached >= 4 and uncached.stats.cached == 0
        assert len(parser._cache) <= parser.cache_size

"""The fast path (only the sentences that matter go through the model) gives the same events
as parse-everything."""

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
    """Events (every field) and errors of each article."""
    out = []
    for result in code_articles(articles, coder=EventCoder(), fast_path=fast_path):
        out.append((result.article.id, [e.to_dict() for e in result.events], result.error))
    return out


def processed(text: str) -> tuple[list[str], list[str]]:
    """The sentences of ``text`` the fast path processes fully, and those it parses and drops."""
    parser = article_parser(EventCoder(), None, True)
    parser.stats.parsed_texts, parser.stats.parse_only_texts = [], []
    list(parser.pipe([(text, Article(id="p", text=text, source="test", date=dt.date(1987, 3, 2)))]))
    return [t.strip() for t in parser.stats.parsed_texts], [t.strip() for t in parser.stats.parse_only_texts]


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


def test_he_needs_the_sentences_back_to_its_person_only():
    text = ("Chancellor Helmut Kohl was in Bonn. Shares rose in Frankfurt.\n"
            "Secretary of State George Shultz arrived in Tokyo on Monday. He criticized Japan over trade.")
    article = Article(id="he", text=text, source="test", date=dt.date(1987, 3, 2))
    full, fast = coded([article], False), coded([article], True)
    assert full == fast
    assert [(e["source"]["code"], e["target"]["code"]) for e in full[0][1]] == [("USAGOV", "JPN")]
    parsed, _ = processed(text)
    assert "He criticized Japan over trade." in parsed
    assert "Secretary of State George Shultz arrived in Tokyo on Monday." in parsed  # the person "he" is
    assert not any("Kohl" in t for t in parsed)  # an earlier person is not needed


def test_he_with_no_person_near_needs_every_earlier_person():
    text = ("Chancellor Helmut Kohl was in Bonn.\nShares rose sharply.\n"
            "He criticized France over trade.")
    article = Article(id="he2", text=text, source="test", date=dt.date(1987, 3, 2))
    full, fast = coded([article], False), coded([article], True)
    assert full == fast and full[0][1]
    assert any("Kohl" in t for t in processed(text)[0])


def test_a_sentence_whose_parse_finds_no_trigger_is_dropped():
    text = "Japan reported a trade surplus in March.\nBrazil criticized Argentina over trade."  # "march" is a trigger form
    parsed, parse_only = processed(text)
    assert parsed == ["Brazil criticized Argentina over trade."]
    assert parse_only == ["Japan reported a trade surplus in March."]  # the parse: a month, no trigger


def test_names_a_person_may_be_known_by():
    selector = article_parser(EventCoder(), None, True).selector
    doc = get_nlp().make_doc("Analysts said Michael Jordan and Brazil met the analysts in June and May.")
    facts = selector.facts(doc, sentence_bounds(doc), doc.text)[0]
    assert {"michael", "jordan"} <= facts.names  # a name next to a phrase word ("Jordan") keeps it
    assert "brazil" not in facts.names  # a phrase alone is no name
    assert "analysts" not in facts.names  # opens the sentence and is written in lower case too
    assert "june" not in facts.names  # a month
    assert "may" in facts.names  # ... but also how Theresa May is known


def test_misspelt_office_holder_and_one_country_city_can_be_actors():
    selector = article_parser(EventCoder(), None, True).selector
    for text in ("Francois Mitterand criticized the plan.", "Police in Kirkuk arrested the men."):
        doc = get_nlp().make_doc(text)
        assert selector.facts(doc, sentence_bounds(doc), doc.text)[0].actor, text
    doc = get_nlp().make_doc("The company criticized the plan.")
    assert not selector.facts(doc, sentence_bounds(doc), doc.text)[0].actor


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

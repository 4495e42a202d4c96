"""The proof that a parsed sentence holds no event (communique.eventless): it proves what it
may, never a sentence where the coder finds an event, and the fast path keeps the same events."""

from __future__ import annotations

import datetime as dt
import functools

import pytest

from communique.eventless import NO_ACTOR, NO_TRIGGER
from communique.events.coder import EventCoder
from communique.fastpath import sentence_bounds
from communique.models import Article
from communique.pipeline import article_parser, code_articles

DAY = dt.date(1987, 3, 2)


@functools.cache
def _parser():
    return article_parser(EventCoder(), None, True)


def verdicts(text: str) -> list[str | None]:
    """The proof's verdict on each sentence of ``text``, every sentence parsed."""
    parser = _parser()
    doc = parser.nlp.make_doc(text)
    bounds = sentence_bounds(doc)
    words, _ = parser.selector.first_round(doc, bounds, text, DAY)
    sentences = parser.nlp.pipe((doc[s:e].as_doc() for s, e in bounds), disable=["ner"])
    parsed = dict(enumerate(sentences))
    return [parser.proof.why_eventless(words, i, parsed) for i in range(len(bounds))]


def events(text: str, fast_path: bool) -> list[dict]:
    article = Article(id="e", text=text, source="test", date=DAY)
    return [e.to_dict() for r in code_articles([article], coder=EventCoder(), fast_path=fast_path) for e in r.events]


def test_companies_as_arguments_hold_no_event():
    assert verdicts("Pittston Co said it agreed to acquire WTC International in a stock swap.") == [NO_ACTOR]
    assert verdicts("Acme Corp sold its stake to Beta Inc on Monday.") == [NO_ACTOR]


def test_a_sentence_without_a_trigger_holds_no_event():
    assert verdicts("Japan reported a trade surplus in March.") == [NO_TRIGGER]


@pytest.mark.parametrize("text", [
    "Japan agreed to buy wheat from Canada.",  # a country phrase as the source
    "Japanese officials criticized the plan.",  # a demonym and a role word
    "Police arrested the men in Lagos.",  # a role word: its country may come from the sentence
    "Reagan criticized the plan.",  # an office holder's name
    "Francois Mitterand criticized the plan.",  # ... one letter off
    "Minister Hans Schmidt criticized the plan.",  # a title right before a name
    "The two leaders criticized the plan.",  # a group noun
    "He criticized the plan.",  # a person pronoun
])
def test_a_source_that_may_resolve_is_not_proved(text):
    assert verdicts(text) == [None]


def test_it_may_take_a_subject_with_a_phrase():
    assert verdicts("The Japanese government said it would buy wheat.") == [None]
    assert verdicts("Acme Corp said it would buy wheat.") == [NO_ACTOR]
    # the sentence before: a subject with a phrase, or only a company
    assert verdicts("Japan raised tariffs. It also criticized Acme.")[1] is None
    assert verdicts("Acme raised prices. It also criticized Beta Corp.")[1] == NO_ACTOR


def test_they_may_take_a_plural_subject_that_resolves():
    assert verdicts("Japanese officials met on Monday and they criticized Acme.") == [None]
    assert verdicts("Acme shareholders gathered on Monday and they criticized the plan.") == [NO_ACTOR]


def test_a_name_may_resolve_as_an_earlier_titled_person():
    # "Schmidt" is the minister of the first sentence: the second may hold an event
    assert verdicts("Finance Minister Hans Schmidt arrived on Monday. Schmidt criticized the plan.")[1] is None
    # "Acme" of the first sentence has no title or phrase: it cannot resolve in the second
    assert verdicts("Acme Corp sold shares on Monday. Acme criticized the plan.") == [NO_ACTOR, NO_ACTOR]


def test_a_reciprocal_noun_may_take_the_sentence_two_countries():
    assert verdicts("The talks covered Japan and Canada.")[0] is None
    assert verdicts("The talks covered wheat and barley.")[0] == NO_ACTOR
    assert verdicts("The talks covered Acme and Canada.")[0] is None  # "Acme" may be a person of a country


def test_a_between_phrase_is_not_proved():
    assert verdicts("Talks between Acme and Beta Corp resumed.") == [None]


@pytest.mark.parametrize("text", [
    "Japan agreed to buy wheat from Canada. Shares rose. Acme Corp said it agreed to sell its U.S. unit to Beta Inc.",
    "Finance Minister Hans Schmidt arrived in Bonn on Monday. Schmidt criticized France over trade. "
    "Acme shareholders said they would sell their stake to Beta Corp.",
    "Brazil said it would expel the Argentine ambassador. It also criticized Acme Corp. They condemned the move.",
])
def test_proved_sentences_leave_the_events_unchanged(text):
    parser = article_parser(EventCoder(), None, True)
    list(parser.pipe([(text, Article(id="s", text=text, source="test", date=DAY))]))
    assert parser.stats.eventless >= 1 or "Brazil" in text
    full = events(text, fast_path=False)
    assert full and full == events(text, fast_path=True)


def test_persons_of_a_parsed_sentence_are_the_names_that_may_resolve():
    parser = _parser()
    text = "Finance Minister Hans Schmidt met Acme Corp on Monday. Acme Corp sold shares to Beta Inc."
    doc = parser.nlp.make_doc(text)
    bounds = sentence_bounds(doc)
    words, _ = parser.selector.first_round(doc, bounds, text, DAY)
    parsed = dict(enumerate(parser.nlp.pipe((doc[s:e].as_doc() for s, e in bounds), disable=["ner"])))
    persons, names = parser.proof.persons_in(words, parsed)
    assert persons[0] and {"hans", "schmidt"} <= names[0]
    assert "acme" not in names[0]  # no title, table or earlier name can make "Acme Corp" a person
    assert not persons[1] and not names[1]
    unparsed, unparsed_names = parser.proof.persons_in(words, {})
    assert unparsed == words.sources and "acme" in unparsed_names[0]  # from the words alone


def test_an_earlier_name_that_cannot_resolve_is_not_needed():
    text = "Acme Corp agreed to sell its U.S. unit on Monday.\nJapan criticized China and Acme over trade."
    parser = article_parser(EventCoder(), None, True)
    parser.stats.parsed_texts, parser.stats.parse_only_texts = [], []
    list(parser.pipe([(text, Article(id="n", text=text, source="test", date=DAY))]))
    assert [t.strip() for t in parser.stats.parsed_texts] == ["Japan criticized China and Acme over trade."]
    assert [t.strip() for t in parser.stats.parse_only_texts] == ["Acme Corp agreed to sell its U.S. unit on Monday."]
    full = events(text, fast_path=False)
    assert full and full == events(text, fast_path=True)

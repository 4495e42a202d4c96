"""The coder never raises: arbitrary Unicode, huge sentences, many actors, no letters."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from communique import code_text
from communique.events.intent import untargeted

WORDS = st.sampled_from(
    ["Japan", "China", "criticized", "visited", "the", "President", "of", "and", "Cuba", "talks", "with",
     "signed", "agreement", "on", "Monday", "will", "not", "he", "his", "two", "leaders", ",", ".", "(", ")",
     "Díaz-Canel", "Kremlin", "UN", "between", "rice", "5,000", "tons", "$", "million", "—", "’s", "🙂", "\u200f"]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_arbitrary_unicode_never_raises(text):
    for e in code_text(text, date="2022-03-01"):
        assert e.evidence and e.evidence in text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(WORDS, max_size=80))
def test_word_salad_never_raises_and_events_are_well_formed(words):
    text = " ".join(words)
    for e in code_text(text, date="2022-03-01"):
        assert e.source is not None
        assert e.target is not None or untargeted(e.cameo)
        assert e.target is None or e.source.code != e.target.code
        assert len(e.cameo) in (2, 3, 4) and e.cameo.startswith(e.cameo_root)


def test_sentence_with_thousands_of_actors():
    text = "Japan criticized " + ", ".join(["China"] * 3000) + "."
    assert code_text(text, date="2022-03-01") == []  # over the sentence limit: skipped, not crashed


def test_text_with_no_letters():
    assert code_text("12345 !!! ??? 678", date="2022-03-01") == []


def test_skipped_sentences_are_reported_with_their_place_and_size():
    from communique.events.coder import EventCoder
    from communique.nlp import get_nlp

    text = "Japan criticized China. Japan criticized " + ", ".join(["China"] * 400) + ". Peru thanked Chile."
    doc = get_nlp()(text)
    (note,) = EventCoder.skipped_sentences(doc)
    assert note.startswith("sentence 2 (characters 24-") and "over the limit" in note
    assert EventCoder.skipped_sentences(get_nlp()("Japan criticized China.")) == []

"""The compiled attribute-ruler matcher gives exactly spaCy's matches and annotations."""

from __future__ import annotations

import gzip
import itertools
import json
from pathlib import Path

import pytest
from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG
from spacy.lang.en import English
from spacy.pipeline import AttributeRuler

from communique.fastpath import sentence_bounds
from communique.fastruler import CompiledRulerMatcher, speed_up_attribute_ruler
from communique.nlp import get_nlp

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"
ATTRS = [TAG, POS, MORPH, LEMMA, DEP]
CRAFTED = [
    "I ain't going, we're gonna stay and you gotta see it.",
    "Let's go! C'mon, y'all.",
    "There is a problem and there were others.\n\n  Tabs\tand  spaces   here.",
    "He got the letter and she gets it too. It's what they're doing.",
]


def _sentences(nlp) -> list[str]:
    texts = list(CRAFTED)
    path = CORPORA / "reuters21578.jsonl.gz"
    if path.exists():
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in itertools.islice(fh, 40):
                doc = nlp.make_doc(json.loads(line)["text"])
                texts += [doc[s:e].text_with_ws for s, e in sentence_bounds(doc)]
    return texts


def test_compiled_matches_and_annotations_equal_spacy():
    nlp = get_nlp()
    ruler = nlp.get_pipe("attribute_ruler")
    compiled = CompiledRulerMatcher(ruler)
    docs = list(nlp.pipe(_sentences(nlp), disable=["attribute_ruler", "lemmatizer", "ner"]))
    assert len(docs) > 50 or not (CORPORA / "reuters21578.jsonl.gz").exists()
    for doc in docs:
        spacy_matches = AttributeRuler.match(ruler, doc)  # the class's code, not the instance's
        assert compiled(doc) == sorted(set(spacy_matches))
        plain, fast = doc.copy(), doc.copy()
        AttributeRuler.set_annotations(ruler, plain, spacy_matches)
        compiled.set_annotations(fast, compiled(fast))
        assert (plain.to_array(ATTRS) == fast.to_array(ATTRS)).all(), doc.text


def test_the_loaded_model_uses_the_compiled_matcher():
    ruler = get_nlp().get_pipe("attribute_ruler")
    assert isinstance(ruler.match, CompiledRulerMatcher)


def test_a_ruler_with_other_patterns_keeps_spacys_code():
    nlp = English()
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "a", "OP": "+"}]], {"LEMMA": "x"})
    assert not speed_up_attribute_ruler(nlp)
    assert "match" not in vars(ruler)


@pytest.mark.parametrize("pattern", [[{"TAG": "NN"}, {"LOWER": "of"}], [{"LOWER": {"REGEX": "^th"}}]])
def test_simple_custom_rulers_are_compiled_and_equal(pattern):
    nlp = English()
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([pattern], {"LEMMA": "x"}, index=-1)
    compiled = CompiledRulerMatcher(ruler)
    doc = nlp.make_doc("the top of the hill, then the end of it")
    for tok in doc:
        tok.tag_ = "NN"
    assert compiled(doc) == sorted(set(AttributeRuler.match(ruler, doc)))

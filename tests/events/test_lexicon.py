"""The trigger lexicon: every row loads, every code is CAMEO, malformed rows name file and line."""

from __future__ import annotations

import pytest

from communique.events import ontology
from communique.events.lexicon import Lexicon, LexiconError, parse_rule
from communique.nlp import get_nlp


def test_bundled_lexicon_loads_and_every_code_is_cameo():
    lex = Lexicon.default()
    assert len(lex.rules) > 100
    for rule in lex.rules:
        assert ontology.is_valid_code(rule.code), rule.origin
        assert rule.note, f"{rule.origin}: every rule says where it comes from"


def test_lexicon_covers_the_diplomatic_core():
    codes = Lexicon.default().codes()
    for code in ("020", "030", "033", "040", "041", "042", "043", "046", "051", "057", "061", "070", "111"):
        assert code in codes


@pytest.mark.parametrize(
    "line, message",
    [
        ("visit\tX\t\t042", "pos must be V or N"),
        ("visit\tV\t\t04x", "bad CAMEO code"),
        ("visit\tV\tfoo=bar\t042", "unknown condition"),
        ("visit\tV\t\t042\tsrc=nowhere", "bad argument slots"),
        ("visit\tV", "at least 4"),
    ],
)
def test_malformed_rows_are_reported_with_their_origin(line, message):
    with pytest.raises(LexiconError, match=message) as info:
        parse_rule(line, "mine.tsv:7")
    assert "mine.tsv:7" in str(info.value)


def test_unknown_cameo_code_is_rejected_when_validated():
    with pytest.raises(LexiconError, match="not a CAMEO"):
        parse_rule("visit\tV\t\t0999", "x.tsv:1", ontology.is_valid_code)


def test_conditions_select_the_rule():
    nlp = get_nlp()
    lex = Lexicon.default()
    doc = nlp("The president presented the envoy with a medal.")
    present = next(t for t in doc if t.lemma_ == "present")
    assert lex.match(present, "V").code == "051"
    doc = nlp("The president presented rice to the people.")
    present = next(t for t in doc if t.lemma_ == "present")
    assert lex.match(present, "V").code == "070"


def test_user_lexicon_file(tmp_path):
    path = tmp_path / "mine.tsv"
    path.write_text("# my rules\nlemma\tpos\trequire\tcode\targs\tnote\nembrace\tV\t\t051\ttgt=dobj\tours\n")
    lex = Lexicon.from_file(path, ontology.is_valid_code)
    assert [r.code for r in lex.rules] == ["051"]

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
        ("resign\tV\t\t0831\tplover=LEAVE:resign", "not a PLOVER type"),
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


def test_a_rule_can_file_its_event_under_another_plover_type(tmp_path):
    from communique.events.coder import EventCoder
    from communique.models import Article

    rule = parse_rule("resign\tV\t\t0831\tplover=RETREAT:resign\tPLOVER manual: resignations are RETREAT", "r.tsv:1")
    assert (rule.code, rule.plover, rule.plover_mode) == ("0831", "RETREAT", "resign")
    coder = EventCoder(Lexicon([rule]))
    text = "The Georgian president resigned on Sunday."
    events = coder.code(get_nlp()(text), Article(id="a", text=text))
    assert [(e.source.code, e.cameo, e.plover, e.plover_mode) for e in events] == [("GEOGOV", "0831", "RETREAT", "resign")]
    # without the override, the code's own PLOVER category (CONCEDE for 0831)
    plain = EventCoder(Lexicon([parse_rule("resign\tV\t\t0831", "r.tsv:2")]))
    assert [e.plover for e in plain.code(get_nlp()(text), Article(id="a", text=text))] == ["CONCEDE"]


def test_user_lexicon_file(tmp_path):
    path = tmp_path / "mine.tsv"
    path.write_text("# my rules\nlemma\tpos\trequire\tcode\targs\tnote\nembrace\tV\t\t051\ttgt=dobj\tours\n")
    lex = Lexicon.from_file(path, ontology.is_valid_code)
    assert [r.code for r in lex.rules] == ["051"]


def test_object_conditions_look_through_quantity_and_part_heads():
    nlp = get_nlp()
    lex = Lexicon.default()
    doc = nlp("Japanese doctors handed over 500 kg of medicine to the Kenyan Red Cross.")
    hand = next(t for t in doc if t.lemma_ == "hand")
    assert lex.match(hand, "V").code == "073"
    doc = nlp("The United States suspended part of a military aid program for Egypt.")
    suspend = next(t for t in doc if t.lemma_ == "suspend")
    assert lex.match(suspend, "V").code == "1622"
    doc = nlp("Iraq allowed the return of UN weapons inspectors.")
    allow = next(t for t in doc if t.lemma_ == "allow")
    assert lex.match(allow, "V").code == "0862"


def test_subject_condition():
    rule = parse_rule("arrive\tV\tsubj=peacekeeper\t074\ttgt=in\tours", "x.tsv:1")
    nlp = get_nlp()
    arrived = next(t for t in nlp("Chadian peacekeepers arrived in Mali.") if t.lemma_ == "arrive")
    assert rule.matches(arrived, "V")
    arrived = next(t for t in nlp("The Chadian minister arrived in Mali.") if t.lemma_ == "arrive")
    assert not rule.matches(arrived, "V")
    with pytest.raises(LexiconError, match="needs words"):
        parse_rule("arrive\tV\tsubj\t074", "x.tsv:2")


# Phrasings of news English that the coder once missed (found on the PLOVER gold standard,
# written here with our own words and countries): (code, sentence, source ISO3, target ISO3).
NEWS_PHRASINGS = [
    ("037", "Kenya accepted a peace formula from Somalia.", "KEN", "SOM"),
    ("043", "The Kenyan president gave a warm welcome to the Japanese prime minister.", "KEN", "JPN"),
    ("060", "Iran has been sharing expertise with Venezuela.", "IRN", "VEN"),
    ("062", "Indian and Japanese warships launched war games in the Indian Ocean.", "IND", "JPN"),
    ("073", "Japanese doctors handed over 500 kg of medicine to the Kenyan Red Cross.", "JPN", None),
    ("074", "French peacekeepers arrived in Mali on Monday.", "FRA", "MLI"),
    ("0334", "France is ready to contribute troops to Mali.", "FRA", "MLI"),
    ("075", "Kenya opened its borders to Somali refugees.", "KEN", "SOM"),
    ("0811", "The Kenyan Supreme Court cancelled restrictions on the Somali press.", "KEN", "SOM"),
    ("0813", "Kenya shortened the nightly curfew in Somalia by two hours.", "KEN", "SOM"),
    ("086", "Kenya received a mission of experts from Japan.", "KEN", "JPN"),
    ("090", "The IAEA dispatched inspectors to Iran.", None, "IRN"),
    ("1033", "Thousands of Syrian refugees sought refuge in Turkey.", "SYR", "TUR"),
    ("1233", "The Turkish government denied land allocation for a Kurdish school.", "TUR", "TUR"),
    ("128", "A Lebanese newspaper violated a ban by the Syrian government.", "LBN", "SYR"),
    ("140", "Lithuanian activists collected signatures against the Polish treaty.", "LTU", "POL"),
    ("1432", "Greek dock workers stopped work over a German austerity plan.", "GRC", "DEU"),
    ("144", "Malian protesters blocked transport into Senegal.", "MLI", "SEN"),
    ("154", "Russia strengthened its forces in Belarus.", "RUS", "BLR"),
    ("155", "Iran recruited computer hackers against Israel.", "IRN", "ISR"),
    ("1622", "The United States suspended part of a military aid program for Egypt.", "USA", "EGY"),
    ("1712", "Somali militants blew up power lines in Kenya.", "SOM", "KEN"),
    ("1712", "Somali militants set fire to a Kenyan police station.", "SOM", "KEN"),
    ("1721", "Belarus ordered a Polish newspaper to stop publishing.", "BLR", "POL"),
    ("182", "Libyan guards abused Nigerian migrants.", "LBY", "NGA"),
    ("1821", "Ugandan soldiers sexually abused Kenyan women.", "UGA", "KEN"),
    ("1823", "A Kenyan prisoner died of torture in Ugandan custody.", "UGA", "KEN"),
    ("184", "Russian troops held Ukrainian civilians as human shields.", "RUS", "UKR"),
    ("191", "NATO tightened its naval blockade of Libya.", None, "LBY"),
    ("192", "Russian troops captured part of a Ukrainian stronghold.", "RUS", "UKR"),
    ("201", "Myanmar troops forced out thousands of Bangladeshi villagers from their homes.", "MMR", "BGD"),
    ("030", "Kenya and Somalia reached a consensus to share water data.", "KEN", "SOM"),
    ("074", "Chad announced the deployment of peacekeeping troops to Mali.", "TCD", "MLI"),
    ("080", "The Kenyan government accepted demands from Somalia.", "KEN", "SOM"),
    ("080", "Japan met Kenya's demands.", "JPN", "KEN"),
    ("080", "The Kenyan government gave in to Japanese demands.", "KEN", "JPN"),
    ("120", "Somali rebels dismissed an appeal from Kenya.", "SOM", "KEN"),
    ("120", "Kenya reneged on its promise to Somalia.", "KEN", "SOM"),
    ("143", "Palestinian workers shunned work to protest Israeli settlements.", "PSE", "ISR"),
    ("160", "Italy suspended flights to Serbia.", "ITA", "SRB"),
    ("162", "The United States prohibited all aid to Somali rebels.", "USA", "SOM"),
    ("1661", "Nigeria withdrew its peacekeeping force from Chad.", "NGA", "TCD"),
    ("1663", "Sudan forced out the UN refugee agency.", "SDN", None),
    ("1721", "Turkish police prevented a Syrian demonstration.", "TUR", "SYR"),
    ("183", "Afghan rebels exploded a series of bombs in Pakistan.", "AFG", "PAK"),
    ("191", "Israel reimposed a blockade on Gaza.", "ISR", None),
    ("192", "Ukrainian forces retook a Russian-held village.", "UKR", "RUS"),
    ("196", "Armenia violated the ceasefire agreement with Azerbaijan.", "ARM", "AZE"),
    ("100", "Japan declared that China must drop barriers to Japanese exports.", "JPN", "CHN"),
    ("020", "Japan said that Kenya should free the journalists.", "JPN", "KEN"),
    ("0811", "Uzbekistan expanded press freedom for Kazakh journalists.", "UZB", "KAZ"),
    ("0842", "Somali rebels returned the weapons to Kenya.", "SOM", "KEN"),
    ("0874", "Russian forces completed their withdrawal from Georgia.", "RUS", "GEO"),
    ("0874", "Russia announced the withdrawal of its troops from Georgia.", "RUS", "GEO"),
    ("150", "The US Navy conducted patrols near China.", "USA", "CHN"),
    ("1721", "Ethiopia imposed a news blackout on Eritrea.", "ETH", "ERI"),
    ("160", "Russia closed its border with Georgia.", "RUS", "GEO"),
]


@pytest.mark.parametrize(
    "sentence, lemma, code",
    [
        # the argument sits under the trigger's object, out of the coder's reach: the rule is right
        ("Israeli troops remained on alert in Lebanon.", "remain", "152"),
        ("Kenyan police remained on alert in Mombasa.", "remain", "151"),
        ("Italy announced a suspension of air links with Serbia.", "suspension", "160"),
        ("Nigerian oil workers went on strike against the government.", "go", "143"),
        ("Palestinian prisoners went on hunger strike.", "go", "142"),
    ],
)
def test_rule_is_chosen(sentence, lemma, code):
    tok = next(t for t in get_nlp()(sentence) if t.lemma_ == lemma)
    pos = "N" if tok.pos_ in ("NOUN", "PROPN") else "V"
    assert Lexicon.default().match(tok, pos).code == code


def test_weapons_located_somewhere_are_not_their_use():
    from communique import code_text

    assert not code_text("Israel believes there are chemical weapons in Syria.", date="2022-03-01")
    events = code_text("Syria used chemical weapons against Turkey.", date="2022-03-01")
    assert {e.cameo for e in events} == {"2041"}


@pytest.mark.parametrize("code, sentence, source, target", NEWS_PHRASINGS)
def test_news_phrasing_is_coded(code, sentence, source, target):
    from communique import code_text

    events = code_text(sentence, date="2022-03-01")
    got = {(e.source.country if e.source else None, e.cameo, e.target.country if e.target else None) for e in events}
    assert any(c == code and (source is None or s == source) and (target is None or t == target)
               for s, c, t in got), got


def test_noun_prep_condition_also_reads_the_light_verb():
    lex = Lexicon([parse_rule("rally\tN\tprep=against\t141", "r.tsv:1")])
    doc = get_nlp()("Activists staged rallies in Gaza against the president.")
    rally = next(t for t in doc if t.lemma_ == "rally")
    assert lex.match(rally, "N") is not None
    doc = get_nlp()("Activists staged rallies in Gaza.")
    assert lex.match(next(t for t in doc if t.lemma_ == "rally"), "N") is None


def test_gov_condition_needs_the_noun_to_be_the_object_of_one_of_the_verbs():
    lex = Lexicon([parse_rule("demonstration\tN\tgov=stage|hold\t141", "r.tsv:1")])
    nlp = get_nlp()
    held = nlp("Students held mass demonstrations in Jakarta.")
    assert lex.match(next(t for t in held if t.lemma_ == "demonstration"), "N") is not None
    shown = nlp("The minister watched a demonstration of the new system.")
    assert lex.match(next(t for t in shown if t.lemma_ == "demonstration"), "N") is None
    with pytest.raises(LexiconError, match="needs words"):
        parse_rule("demonstration\tN\tgov=\t141", "r.tsv:2")


def test_staged_demonstrations_are_protests_by_the_light_verbs_subject():
    from communique import code_text

    events = code_text("Thousands of Indonesian students staged mass demonstrations in Jakarta.", date="2022-03-01")
    assert {(e.source.code, e.cameo_root) for e in events} == {("IDNEDU", "14")}

"""Trigger rules for the use of force and its easing (issue 4: CAMEO 08, 15-20; PLOVER ASSAULT,
COERCE, SANCTION, MOBILIZE, RETREAT, CONCEDE).

One sentence of our own per rule family added for issue 4, with real country names so that the
gazetteer resolves both sides; each must be coded to its CAMEO code with the expected source and
target countries (``None``: an act CAMEO codes without a target). A sentence marked ``xfail``
shows a limitation of the coder, not of the lexicon; its reason says what the coder would need.
"""

from __future__ import annotations

import pytest

from communique import code_text

from lexicon_cases import DATE, assert_coded, coder_limit


# (code, sentence, source ISO3, target ISO3 or None)
CASES = [
    # -- 08 yield --
    ("0812", "The Egyptian government lifted the ban on opposition parties.", "EGY", "EGY"),
    ("0831", "The Nepalese king abdicated on Friday.", "NPL", None),
    ("0873", "Colombian rebels laid down their arms.", "COL", None),
    ("0874", "Armenian forces evacuated their positions in Azerbaijan.", "ARM", "AZE"),
    ("0874", "The surrender of Argentine forces to Britain ended the war.", "ARG", "GBR"),
    ("0874", "The Ethiopian retreat from Somalia began on Monday.", "ETH", "SOM"),
    # -- 15 exhibit force posture --
    ("150", "China held naval exercises near Taiwan.", "CHN", "TWN"),
    ("154", "Iraq's mobilization against Kuwait alarmed its neighbours.", "IRQ", "KWT"),
    ("154", "India sent more troops to the Chinese border.", "IND", "CHN"),
    ("154", "Russia moved tanks to its border with Ukraine.", "RUS", "UKR"),
    # -- 16 reduce relations --
    ("163", "New Canadian sanctions on Venezuela took effect on Monday.", "CAN", "VEN"),
    ("163", "The Turkish embargo against Armenia continues.", "TUR", "ARM"),
    pytest.param("1663", "Eritrea forced the Danish aid agency out of the country.", "ERI", "DNK",
                 marks=coder_limit("'out of' is parsed prep(out) -> prep(of) -> pobj, so the rule "
                                   "condition prep=out finds no object; 'out of' should count as one "
                                   "preposition (or as the particle of 'force out')")),
    # -- 17 coerce --
    ("171", "Iran detained a British tanker in the Gulf.", "IRN", "GBR"),
    ("171", "Serbian protesters defaced the Croatian embassy.", "SRB", "HRV"),
    ("176", "Russian hackers defaced Estonian government websites.", "RUS", "EST"),
    # -- 18 assault --
    ("183", "Somali militants carried out a grenade attack on a Kenyan police post.", "SOM", "KEN"),
    ("1821", "Russian soldiers committed sexual assaults on Ukrainian women.", "RUS", "UKR"),
    pytest.param("1821", "Investigators documented sexual assaults by Russian soldiers on Ukrainian women.", "RUS", "UKR",
                 marks=coder_limit("the parser hangs 'by' and 'on' on the verb 'documented'; a nominal "
                                   "trigger that is the object of a verb of reporting should take those "
                                   "phrases as its own arguments")),
    ("1823", "Syrian militants beheaded a Japanese hostage.", "SYR", "JPN"),
    ("1823", "Somali militants executed two Kenyan hostages.", "SOM", "KEN"),
    # -- 19 fight --
    ("190", "Indian troops wounded two Pakistani soldiers.", "IND", "PAK"),
    ("190", "Ethiopian troops mounted an assault on Eritrean positions.", "ETH", "ERI"),
    ("190", "Turkish troops made an incursion into Iraq.", "TUR", "IRQ"),
    ("190", "Iranian forces launched an offensive on Sunday against Iraqi positions.", "IRN", "IRQ"),
    ("191", "The Serb siege of Sarajevo lasted four years.", "SRB", "BIH"),
    ("191", "The Saudi blockade of Qatar hurt its economy.", "SAU", "QAT"),
    # -- 20 unconventional mass violence --
    ("202", "The Turkish genocide of Armenians is commemorated on 24 April.", "TUR", "ARM"),
]


def _code_of(case) -> str:
    return case.values[0] if hasattr(case, "values") else case[0]


@pytest.mark.parametrize("code, sentence, source, target", CASES)
def test_sentence_is_coded_to_its_code(code, sentence, source, target):
    assert_coded(code, sentence, source, target)


@pytest.mark.parametrize("sentence", [
    # the nominal rules need their target phrase: partners in an assault, or the owners of
    # sanctions, are not parties to each other
    "A planned assault by Russian and Syrian forces would displace thousands.",
    "The answer to the trade dispute between Japan and the United States is not more sanctions.",
    "An incursion by Turkish troops and their Syrian allies began on Sunday.",
])
def test_nominal_force_without_target_is_not_reciprocal(sentence):
    events = code_text(sentence, date=DATE)
    assert not [e for e in events if e.cameo[:2] in ("16", "19") and e.target is not None], \
        [(e.source.code, e.cameo, e.target.code) for e in events]


def test_instituting_a_curfew_is_imposing_one():
    assert_coded("1723", "The Kenyan government instituted a curfew on Somali refugees.", "KEN", "SOM")


def test_lifting_an_embargo_on_sales_to_a_country_eases_sanctions_on_it():
    assert_coded("085", "Canada lifted its embargo on arms sales to Turkey.", "CAN", "TUR")

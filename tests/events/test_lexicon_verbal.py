"""Verbal and light-verb phrasings of the cooperative and conflictual verbal roots (02-07, 09-14)
added for issue 4 (coding quality): one sentence of our own per new rule family, asserting the
code and the source and target countries.

The sentences are written for these tests (real country names, so that the actor gazetteer
resolves both sides); none is taken from an evaluation set.
"""

from __future__ import annotations

import pytest

from lexicon_cases import assert_coded

# (code, sentence, source ISO3, target ISO3 or None for an act with no one it is aimed at)
CASES = [
    # 02 appeal
    ("020", "Nepalese traders petitioned the Indian government to reopen the border.", "NPL", "IND"),
    ("020", "Ghana solicited support from Nigeria for its candidate.", "GHA", "NGA"),
    # 03 express intent to cooperate
    ("030", "Chile consented to a joint inquiry with Peru.", "CHL", "PER"),
    # 05 praise or endorse
    ("051", "Nepal appreciated India's support for its reconstruction.", "NPL", "IND"),
    ("051", "The Ghanaian president extolled Nigeria's peacekeeping role.", "GHA", "NGA"),
    ("051", "Japan complimented Vietnam on its handling of the outbreak.", "JPN", "VNM"),
    # 07 provide aid
    ("070", "Turkish rescue teams assisted Syrian earthquake victims.", "TUR", "SYR"),
    # 09 investigate
    ("090", "A Kenyan commission inquired into the conduct of Ugandan police.", "KEN", "UGA"),
    ("090", "Sweden looked into Turkey's claims about the asylum seekers.", "SWE", "TUR"),
    # 10 demand
    ("100", "Washington pressured Pakistan to hand over the suspects.", "USA", "PAK"),
    # 11 disapprove
    ("111", "Chinese state media ridiculed Australia's new defence policy.", "CHN", "AUS"),
    ("111", "Venezuela mocked Colombia's offer of talks.", "VEN", "COL"),
    ("111", "The Serbian press vilified Croatia's leaders.", "SRB", "HRV"),
    ("111", "The Egyptian foreign minister admonished Ethiopia over the dam.", "EGY", "ETH"),
    ("111", "Turkey hit out at Sweden over the Koran burning.", "TUR", "SWE"),
    ("111", "Mexico's denunciation of the US border wall angered Washington.", "MEX", "USA"),
    ("114", "Japan protested to China over the incursion of its coast guard ships.", "JPN", "CHN"),
    # 12 reject
    ("120", "North Korea ignored South Korea's calls for talks.", "PRK", "KOR"),
    ("120", "Hungary resisted pressure from the European Union to back the sanctions.", "HUN", "IGOEUREEC"),
    ("120", "Bolivia repudiated the Chilean proposal.", "BOL", "CHL"),
    ("125", "Azerbaijan snubbed an invitation from Armenia to attend the summit.", "AZE", "ARM"),
    ("128", "Russia ignored the Dutch court's ruling on the detained sailors.", "RUS", "NLD"),
    ("1223", "Hungary refused asylum to Afghan refugees.", "HUN", "AFG"),
    # 13 threaten
    ("130", "Iran vowed revenge against Israel for the killing.", "IRN", "ISR"),
    # 14 protest
    ("141", "Thousands of Georgians took to the streets against the new law.", "GEO", None),
    ("143", "Kenyan doctors struck over unpaid wages on Monday.", "KEN", None),
    ("143", "A walkout by Nigerian oil workers shut the terminal.", "NGA", None),
    ("143", "A nationwide work stoppage by Argentine unions paralysed the capital.", "ARG", None),
    ("141", "Hundreds of Ukrainians demonstrated outside the Russian embassy in Warsaw.", "UKR", "RUS"),
    ("140", "Georgian activists protested outside the Russian embassy in Tbilisi.", "GEO", "RUS"),
    ("141", "Angry Bangladeshi students staged rallies in Dhaka against the Indian government.", "BGD", "IND"),
    ("140", "Kenyan opposition supporters held protests in Nairobi against the Ugandan president.", "KEN", "UGA"),
]


@pytest.mark.parametrize("code,sentence,source,target", CASES, ids=[f"{c}-{s[:30]}" for c, s, _, _ in CASES])
def test_new_verbal_rule(code, sentence, source, target):
    assert_coded(code, sentence, source, target)


def test_being_opposed_to_mediation_rejects_it():
    assert_coded("126", "Israel is opposed to Norwegian mediation.", "ISR", "NOR")


def test_a_complaint_is_aimed_at_the_one_complained_of():
    assert_coded("114", "Lebanon complained to the United Nations over Israeli air raids.", "LBN", "ISR")
    assert_coded("114", "Japan complained to Brazil.", "JPN", "BRA")

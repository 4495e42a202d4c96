"""The event coder on sentences written for these tests: codes, directions, modality, dates."""

from __future__ import annotations

import datetime as dt

import pytest

from communique import code_text


def triples(events):
    return {(e.source.code if e.source else None, e.cameo, e.target.code if e.target else None) for e in events}


def dyads(events):
    return {(e.source.country, e.cameo[:2], e.target.country) for e in events}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Japan criticized China over the new rules.", ("JPN", "11", "CHN")),
        ("The French President visited Germany on Monday.", ("FRA", "04", "DEU")),
        ("Brazil signed a trade agreement with Argentina.", ("BRA", "05", "ARG")),
        ("Cuba thanked Vietnam for its support.", ("CUB", "05", "VNM")),
        ("Norway will provide humanitarian aid to Sudan.", ("NOR", "03", "SDN")),
        ("Kenya provided 300 tons of maize to Somalia.", ("KEN", "07", "SOM")),
        ("Iran condemned the Israeli strikes.", ("IRN", "11", "ISR")),
        ("Egypt hosted the Libyan Prime Minister.", ("EGY", "04", "LBY")),
        ("The Indian Foreign Minister held talks with his Chinese counterpart in Moscow.", ("IND", "04", "CHN")),
        ("South Korea called on North Korea to return to talks.", ("KOR", "02", "PRK")),
    ],
)
def test_simple_sentences_give_the_expected_dyad_and_root(text, expected):
    assert expected in dyads(code_text(text, date="2022-03-01"))


def test_passive_voice_swaps_source_and_target():
    events = code_text("Germany was criticized by Poland for its energy policy.", date="2022-03-01")
    assert ("POL", "11", "DEU") in dyads(events)
    assert ("DEU", "11", "POL") not in dyads(events)


def test_coordinated_subjects_each_get_an_event():
    events = code_text("France and Germany condemned Russia.", date="2022-03-01")
    assert {("FRA", "11", "RUS"), ("DEU", "11", "RUS")} <= dyads(events)


def test_reciprocal_group_subject_gives_both_directions():
    text = ("Chilean President Gabriel Boric visited Peru. The two presidents agreed to expand cooperation "
            "between Chile and Peru.")
    events = [e for e in code_text(text, date="2023-05-01") if e.sentence_index == 1]
    assert {("CHL", "03", "PER"), ("PER", "03", "CHL")} <= dyads(events)


def test_future_visit_is_coded_as_intent_to_meet():
    events = code_text("The Turkish President will visit Azerbaijan next week.", date="2022-03-01")
    ev = [e for e in events if e.dyad == ("TUR", "AZE")]
    assert ev and ev[0].cameo == "036" and ev[0].modality == "future"


def test_negated_event_is_marked():
    events = code_text("Ghana did not sign the agreement with Togo.", date="2022-03-01")
    assert events and all(e.modality == "negated" for e in events)


def test_event_date_from_the_sentence_and_article_date():
    events = code_text("Chad criticized Niger on Tuesday.", date="2022-03-04")  # a Friday
    assert events[0].date == dt.date(2022, 3, 1) and events[0].date_precision == "day"
    assert events[0].date_text == "Tuesday"


def test_undated_article_gives_undated_events_keeping_the_words():
    events = code_text("Chad criticized Niger on Tuesday.")
    assert events[0].date is None and events[0].date_precision == "none" and events[0].date_text == "Tuesday"


def test_quantity_is_attached():
    events = code_text("Kenya provided 300 tons of maize to Somalia.", date="2022-03-01")
    assert events[0].quantity["value"] == 300 and events[0].quantity["unit"] == "tons"


def test_every_event_carries_its_evidence_sentence_and_span():
    text = "Nothing happened here. Japan criticized China over the new rules."
    events = code_text(text, date="2022-03-01")
    assert events
    for e in events:
        start, end = e.evidence_span
        assert e.evidence == text[start:end]
        assert "criticized" in e.evidence


def test_no_actor_no_event():
    assert code_text("The weather was criticized by many people.", date="2022-03-01") == []


def test_mediator_between_two_parties():
    events = code_text("Kenya mediated between Ethiopia and Eritrea.", date="2022-03-01")
    assert dyads(events) == {("KEN", "04", "ETH"), ("KEN", "04", "ERI")}


def test_allies_are_not_paired_with_each_other():
    # the target is a place the tables do not know: no event between the two allies
    assert code_text("Russia and Syria launched airstrikes on Saraqib.", date="2022-03-01") == []
    # a region the tables place in Syria is Syria's territory: a strike on it is aimed at Syria
    events = code_text("Russia and Syria launched airstrikes on Idlib.", date="2022-03-01")
    assert {(e.source.code, e.target.code) for e in events} == {("RUS", "SYR")}
    assert code_text("France and Germany praised the decision.", date="2022-03-01") == []


def test_alleged_event_is_not_coded_as_happened():
    events = code_text("Brazil accused Japan of attacking Kenya.", date="2022-03-01")
    assert {e.dyad for e in events} == {("BRA", "JPN")} and events[0].cameo.startswith("112")


def test_failed_attempt_is_negated():
    events = code_text("Japan failed to reach an agreement with Brazil.", date="2022-03-01")
    assert events and all(e.modality == "negated" for e in events)


def test_demand_targets_the_subject_of_the_demanded_clause():
    events = code_text("China demanded that the United States cancel plans to sell weapons to Taiwan.",
                       date="2022-03-01")
    assert dyads(events) == {("CHN", "10", "USA")}


def test_threat_takes_the_threatened_action():
    events = code_text("Iran threatened to shell Iraqi towns.", date="2022-03-01")
    assert [(e.dyad, e.cameo) for e in events] == [(("IRN", "IRQ"), "1384")]  # threaten conventional attack


def test_refusal_takes_the_refused_action():
    events = code_text("Syria refused to release the Israeli prisoners.", date="2022-03-01")
    assert [(e.dyad, e.cameo) for e in events] == [(("SYR", "ISR"), "1243")]


def test_intent_keeps_the_intended_event():
    events = code_text("The European Union agreed to provide aid to Romania.", date="2022-03-01")
    assert [e.cameo[:2] for e in events] == ["03"] and events[0].target.country == "ROU"


@pytest.mark.parametrize(
    "text, expected",
    [
        # the place of the event is the target when nothing else is
        ("Portugal refused to station soldiers in Angola.", ("PRT", "12", "AGO")),
        ("Peru agreed to open a trade office in Nairobi.", ("PER", "03", "KEN")),
        # a subject reached through "is willing/ready to"
        ("Chile says it is willing to withdraw its troops from Bolivia.", ("CHL", "03", "BOL")),
    ],
)
def test_place_and_adjective_complements_give_arguments(text, expected):
    assert expected in dyads(code_text(text, date="2022-03-01"))


def test_place_is_no_target_of_an_actor_in_its_own_country():
    assert not code_text("Peru agreed to open a trade office in Lima.", date="2022-03-01")


def test_refusal_without_its_own_target_takes_the_refused_events_actors():
    events = code_text("Portugal refused to station soldiers in Angola.", date="2022-03-01")
    (event,) = [e for e in events if e.cameo.startswith("12")]
    assert event.modality == "asserted"  # the refusal happened
    assert not [e for e in events if not e.cameo.startswith("12")]  # the stationing did not


def test_intent_through_a_non_trigger_verb_is_one_event():
    events = code_text("Jordan and Britain have agreed to undertake joint military exercises.", date="2022-03-01")
    assert {e.cameo for e in events} == {"0312"}
    assert dyads(events) == {("JOR", "03", "GBR"), ("GBR", "03", "JOR")}


def test_role_words_belong_to_the_one_country_of_the_sentence():
    events = code_text("Police in Nairobi arrested dozens of students.", date="2022-03-01")
    assert ("KENCOP", "17", "KENEDU") in {(e.source.code, e.cameo[:2], e.target.code) for e in events}
    # with two countries named, whose rebels they are is not guessed
    two = code_text("Chad and Niger said the rebels attacked soldiers.", date="2022-03-01")
    assert not [e for e in two if e.source.sector == "REB"]
    one = code_text("Chad said the rebels attacked soldiers.", date="2022-03-01")
    assert [e for e in one if e.source.code == "TCDREB"]


def test_a_government_easing_or_imposing_rules_in_its_own_country_is_an_event():
    events = code_text("The Chilean government lifted the curfew in Santiago.", date="2022-03-01")
    assert ("CHLGOV", "08", "CHL") in {(e.source.code, e.cameo[:2], e.target.code) for e in events}
    # but a government praising its own country is not
    assert not code_text("The Chilean government praised Chile.", date="2022-03-01")


def test_they_refers_to_the_last_plural_subject():
    events = code_text("Somali clan elders said they would meet Kenyan officials next week.", date="2022-03-01")
    assert ("SOM", "03", "KEN") in dyads(events)
    # a singular subject is no antecedent of "they"
    assert not code_text("The minister said they would meet Kenyan officials next week.", date="2022-03-01")


def test_threat_target_is_who_must_meet_the_condition():
    events = code_text("Ghana threatened to close its border unless Togo withdrew the new tariffs.", date="2022-03-01")
    assert ("GHA", "13", "TGO") in dyads(events)


def test_mediation_effort_between_two_parties():
    events = code_text("Norway launched a mediation effort between Sudan and South Sudan.", date="2022-03-01")
    assert {("NOR", "04", "SDN"), ("NOR", "04", "SSD")} <= dyads(events)


def test_protest_with_a_purpose_is_one_event_aimed_at_whom_it_demands_from():
    events = code_text("Thousands of Kenyan students demonstrated in Nairobi to demand the resignation of "
                       "President Uhuru Kenyatta.", date="2017-03-01")
    assert [(e.source.code, e.cameo, e.target.code) for e in events] == [("KENEDU", "1411", "KENGOV")]
    hunger = code_text("Kenyan students began a hunger strike to demand the resignation of President Uhuru "
                       "Kenyatta.", date="2017-03-01")
    assert [(e.source.code, e.cameo, e.target.code) for e in hunger] == [("KENEDU", "1421", "KENGOV")]
    riot = code_text("Nepalese protesters rioted in Kathmandu calling for the removal of the king.", date="2005-03-01")
    assert {e.cameo[:2] for e in riot} == {"14"}


@pytest.mark.parametrize("text, code", [
    ("Ghana will not attend talks with Togo.", "125"),                     # refuse to meet
    ("Syria says it will not accept any more refugees from Iraq.", "122"),  # refuse aid
    ("The US said it would not meet the demands of Iran.", "124"),         # refuse to yield
])
def test_a_negated_future_is_a_refusal(text, code):
    (event,) = code_text(text, date="2020-01-01")
    assert (event.cameo, event.modality) == (code, "asserted")


def test_a_negated_past_is_not_a_refusal():
    (event,) = code_text("Kenya did not sign the agreement with Uganda.", date="2020-01-01")
    assert (event.cameo, event.modality) == ("057", "negated")


def test_agreeing_to_yield_is_an_intent_to_yield():
    (event,) = code_text("Peru agreed to postpone the protest against Chile.", date="2020-01-01")
    assert event.cameo == "0352"


def test_acts_complete_without_a_target_keep_their_source_only():
    (resigned,) = code_text("The Peruvian prime minister resigned on Sunday.", date="2003-11-23")
    assert (resigned.source.code, resigned.cameo, resigned.target) == ("PERGOV", "0831", None)
    (strike,) = code_text("Thousands of Chilean students demonstrated.", date="2003-11-23")
    assert (strike.source.code, strike.cameo[:2], strike.target) == ("CHLEDU", "14", None)
    # a praise with no one praised is no event
    assert not code_text("The Peruvian prime minister praised the weather.", date="2003-11-23")


@pytest.mark.parametrize("text, expected", [
    # the means of an attack, or a passive with no agent: unidentified armed forces (UAF) of
    # the country where it happened, or of the victims' country when no other is named
    ("A roadside bomb near Basra killed two American soldiers.", ("IRQUAF", "USAMIL")),
    ("Two Israeli soldiers were killed in southern Lebanon.", ("LBNUAF", "ISRMIL")),
    ("Gunmen killed three Pakistani policemen.", ("PAKUAF", "PAKCOP")),
    ("Five Iraqi civilians were killed in a car bombing.", ("IRQUAF", "IRQCVL")),
])
def test_unnamed_attackers_are_unidentified_armed_forces(text, expected):
    events = code_text(text, date="2022-03-01")
    assert [(e.source.code, e.target.code, e.cameo_root in ("18", "19", "20")) for e in events] == [(*expected, True)]


def test_unnamed_attackers_need_one_place_country():
    # two countries besides the victims': no guess
    assert code_text("A bomb killed two American soldiers on the border of Syria and Iraq.", date="2022-03-01") == []
    # a named attacker is kept as it is
    events = code_text("Syrian troops killed two Turkish soldiers.", date="2022-03-01")
    assert [(e.source.code, e.target.code) for e in events] == [("SYRMIL", "TURMIL")]


def test_would_under_a_reporting_verb_is_the_future_of_reported_speech():
    events = code_text("Britain confirmed it would impose a naval blockade on Syria.", date="2022-03-01")
    assert {(e.source.code, e.target.code, e.modality) for e in events} == {("GBR", "SYR", "future")}
    assert all(e.cameo_root == "13" for e in events)  # a future use of force is a threat


def test_no_unidentified_attacker_in_a_hypothetical_attack():
    events = code_text("Norway is willing to send troops to defend Saudi Arabia if it is attacked.", date="2022-03-01")
    assert all(e.source.sector != "UAF" for e in events)


def test_stated_stance_is_the_subjects_own():
    # "is opposed to": the subject holds the stance; a real passive keeps its agent
    events = code_text("Israel is opposed to French mediation.", date="2022-03-01")
    assert {(e.source.code, e.target.code) for e in events} == {("ISR", "FRA")}
    events = code_text("Turkey is opposed by Greece.", date="2022-03-01")
    assert {(e.source.code, e.target.code) for e in events} == {("GRC", "TUR")}


def test_target_of_a_nominal_trigger_through_its_of_object():
    events = code_text("Italy announced a suspension of air links with Serbia.", date="2022-03-01")
    assert {(e.source.code, e.cameo_root, e.target.code) for e in events} == {("ITA", "16", "SRB")}


def test_attacker_named_inside_the_attack_phrase():
    events = code_text("Two Iraqi policemen were killed in a raid by American commandos.", date="2022-03-01")
    assert {(e.source.code, e.target.code) for e in events} == {("USAMIL", "IRQCOP")}


def test_titled_person_of_unknown_country_takes_the_sentences_one_country():
    events = code_text("Judge Alberto Rivera opened an investigation against Chilean officials.", date="2022-03-01")
    assert {(e.source.code, e.cameo_root, e.target.code) for e in events} == {("CHLJUD", "09", "CHLGOV")}
    # ... but not the country of another named official
    events = code_text("Minister Brodersohn held talks with U.S. Treasury Secretary James Baker.", date="2022-03-01")
    assert all(e.source.country != "USA" for e in events)


def test_a_country_acting_on_its_own_non_state_groups_is_an_event():
    events = code_text("Croatia is investigating war crimes by Croatian extremists.", date="2022-03-01")
    assert {(e.source.code, e.cameo_root, e.target.code) for e in events} == {("HRV", "09", "HRVREB")}
    # a country and its own state are one party
    assert code_text("Vietnam's government praised Vietnam's position.", date="2022-03-01") == []


def test_place_target_through_the_objects_phrases():
    events = code_text("France agreed to send troops to a peacekeeping force in Liberia.", date="2022-03-01")
    assert {(e.source.code, e.target.code) for e in events} == {("FRA", "LBR")}
    events = code_text("Sudan's government lifted a state of emergency in Darfur.", date="2022-03-01")
    assert {(e.source.code, e.target.code) for e in events} == {("SDNGOV", "SDN")}


def test_a_protest_at_home_is_aimed_at_the_country_it_happens_in():
    (rally,) = code_text("Thousands of Chilean students demonstrated in Santiago.", date="2003-11-23")
    assert (rally.source.code, rally.cameo[:2], rally.target.code) == ("CHLEDU", "14", "CHL")
    (riot,) = code_text("Palestinian prisoners rioted at a jail in northern Israel.", date="2003-11-23")
    assert (riot.source.country, riot.cameo[:2], riot.target.code) == ("PSE", "14", "ISR")
    # a state body's own acts at home stay as they were: no protest convention for them
    assert code_text("Chilean police praised the weather in Santiago.", date="2003-11-23") == []


def test_retreats_in_the_passive_are_done_by_their_subject():
    events = code_text("Hundreds of Kurdish rebels in Turkey have been demobilized.", date="2022-03-01")
    assert {(e.source.code, e.cameo[:3], e.target) for e in events} == {("TURREB", "087", None)}


def test_an_untargeted_act_placed_in_its_own_country_keeps_its_source():
    events = code_text("Hezbollah declared a unilateral ceasefire in south Lebanon.", date="2022-03-01")
    assert {(e.source.code, e.cameo, e.target) for e in events} == {("LBNREB", "0871", None)}


def test_a_country_eases_restrictions_at_home():
    events = code_text("Egypt lifted the ban on opposition parties.", date="2022-03-01")
    assert {(e.source.code, e.cameo_root, e.target.code) for e in events} == {("EGY", "08", "EGYOPP")}


@pytest.mark.parametrize("text, modality", [
    ("Russia and Turkey agreed a deal to avoid a Syrian assault on Turkish troops.", "negated"),
    ("Japan has not said whether it is prepared to attack China.", "hypothetical"),
])
def test_prevented_and_open_questions_are_not_asserted(text, modality):
    events = code_text(text, date="2022-03-01")
    assert all(e.modality != "asserted" for e in events if e.cameo_root in ("18", "19"))


def test_agents_through_guilty_of():
    events = code_text("Pakistan and its allies are guilty of attacking Indian villages.", date="2022-03-01")
    assert {(e.source.code, e.cameo_root, e.target.code) for e in events} == {("PAK", "19", "IND")}


def test_blockades_by_protesters_need_no_target_and_find_places_by_name():
    events = code_text("Angry Spanish farmers blocked the roads on Sunday.", date="2022-03-01")
    assert {(e.source.code, e.cameo, e.target) for e in events} == {("ESPAGR", "144", None)}
    # "the capital city of X": the place phrase names X
    events = code_text("Nepalese students rallied in the capital city of Kathmandu.", date="2022-03-01")
    assert {(e.source.code, e.cameo_root, e.target.code) for e in events} == {("NPLEDU", "14", "NPL")}


def test_investigations_are_aimed_at_the_doers_of_what_they_investigate():
    events = code_text("Serbian police launched an investigation into alleged crimes committed by Croatian "
                       "forces.", date="2022-03-01")
    assert {(e.source.country, e.cameo_root, e.target.code) for e in events} == {("SRB", "09", "HRVMIL")}


def test_calling_off_a_protest_at_home_is_aimed_at_the_country():
    events = code_text("Opposition parties in Azerbaijan agreed to postpone the demonstration in Baku.",
                       date="2022-03-01")
    assert {(e.source.code, e.cameo[:2], e.target.code) for e in events} == {("AZEOPP", "03", "AZE")}


def test_an_event_noun_measured_out_takes_the_light_verbs_subject():
    events = code_text("French and Egyptian warships launched ten days of war games.", date="2022-03-01")
    assert {(e.source.code, e.cameo, e.target.code) for e in events} == {("FRAMIL", "062", "EGYMIL"),
                                                                          ("EGYMIL", "062", "FRAMIL")}


def test_what_an_agreement_is_to_do_is_an_intention():
    events = code_text("Israel and Jordan reached an agreement to exchange information on water.", date="2022-03-01")
    assert {e.modality for e in events if e.cameo_root == "06"} <= {"future"}
    assert "03" in {e.cameo_root for e in events}


def test_a_noun_modifying_a_coded_verbs_object_is_not_coded_again():
    events = code_text("The European Union halted mediation efforts between Serbia and Kosovo.", date="2022-03-01")
    assert {e.cameo_root for e in events} <= {"16"}


def test_what_someone_has_the_right_or_duty_to_do_has_not_happened():
    events = code_text("Britain has a particular responsibility to assist Syrian refugees.", date="2022-03-01")
    assert events and all(e.modality == "hypothetical" for e in events)
    events = code_text("Washington defended the right of Russian troops to fire on militants in Azerbaijan.",
                       date="2022-03-01")
    fire = [e for e in events if e.cameo_root == "19"]
    assert fire and all(e.source.country == "RUS" and e.modality == "hypothetical" for e in fire)


def test_a_states_curfews_and_emergencies_are_on_its_own_country():
    events = code_text("The Sudanese government imposed a curfew.", date="2022-03-01")
    assert {(e.source.code, e.cameo, e.target.code, e.target.text) for e in events} == {("SDNGOV", "1723", "SDN", "")}
    events = code_text("Thailand lifted martial law.", date="2022-03-01")
    assert {(e.source.code, e.cameo, e.target.code) for e in events} == {("THA", "0814", "THA")}
    # a law or a rule is not martial law
    assert code_text("Hungary introduced a bankruptcy law.", date="2022-03-01") == []
    assert code_text("China relaxed the rules on foreign investment.", date="2022-03-01") == []

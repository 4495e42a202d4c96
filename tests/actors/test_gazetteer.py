"""Tests of the actor gazetteer (communique.actors.gazetteer) and its bundled data files."""

from __future__ import annotations

import unicodedata
from importlib import resources

import pycountry
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from communique.actors.gazetteer import (
    _ascii_search_form,
    _char_search_form,
    DATA_FILES,
    Entry,
    Gazetteer,
    GazetteerError,
    GazetteerWarning,
    case_rule,
    normalize,
    phrase_key,
)


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.default()


def readings(gaz: Gazetteer, text: str) -> list[tuple[str, str | None, str | None]]:
    """(matched text, country, sector) of the first entry of each match."""
    return [(m.text, m.entries[0].country, m.entries[0].sector) for m in gaz.find(text)]


def only(gaz: Gazetteer, text: str):
    """The single match in ``text``."""
    matches = gaz.find(text)
    assert len(matches) == 1, matches
    return matches[0]


# ----------------------------------------------------------------------------- coverage


def test_every_iso_3166_country_is_present(gaz):
    missing = {c.alpha_3 for c in pycountry.countries} - gaz.country_codes()
    assert not missing


def test_former_states_and_kosovo_are_present(gaz):
    for code, name in [("SUN", "Soviet Union"), ("YUG", "Yugoslavia"), ("CSK", "Czechoslovakia"),
                       ("DDR", "East Germany"), ("XKX", "Kosovo")]:
        assert gaz.country_name(code) == name
    assert only(gaz, "the USSR").entries[0].country == "SUN"
    assert only(gaz, "Zaire").entries[0].country == "COD"
    assert only(gaz, "Burma").entries[0].country == "MMR"
    assert only(gaz, "West Germany").entries[0].country == "DEU"


def test_common_short_names(gaz):
    for code, name in [("VNM", "Vietnam"), ("RUS", "Russia"), ("USA", "United States"), ("CUB", "Cuba"),
                       ("IRN", "Iran"), ("KOR", "South Korea"), ("PRK", "North Korea"), ("SYR", "Syria"),
                       ("CZE", "Czechia")]:
        assert gaz.country_name(code) == name


SAMPLE = [  # iso3, a demonym, a capital
    ("AFG", "Afghan", "Kabul"), ("ARG", "Argentine", "Buenos Aires"), ("AUS", "Australians", "Canberra"),
    ("BRA", "Brazilian", "Brasília"), ("CAN", "Canadian", "Ottawa"), ("CHN", "Chinese", "Beijing"),
    ("CUB", "Cubans", "Havana"), ("DEU", "German", "Berlin"), ("EGY", "Egyptian", "Cairo"),
    ("ETH", "Ethiopians", "Addis Ababa"), ("FRA", "French", "Paris"), ("GBR", "Britons", "London"),
    ("IND", "Indian", "New Delhi"), ("IRN", "Iranians", "Tehran"), ("ISR", "Israeli", "Jerusalem"),
    ("JPN", "Japanese", "Tokyo"), ("KEN", "Kenyan", "Nairobi"), ("KOR", "South Korean", "Seoul"),
    ("MEX", "Mexicans", "Mexico City"), ("NGA", "Nigerian", "Abuja"), ("NLD", "Dutch", "The Hague"),
    ("PAK", "Pakistani", "Islamabad"), ("POL", "Polish", "Warsaw"), ("PRK", "North Korean", "Pyongyang"),
    ("RUS", "Russians", "Moscow"), ("SAU", "Saudi", "Riyadh"), ("TUR", "Turkish", "Ankara"),
    ("UKR", "Ukrainian", "Kyiv"), ("USA", "American", "Washington"), ("VNM", "Vietnamese", "Hanoi"),
    ("ARE", "Emiratis", "Abu Dhabi"), ("ZAF", "South African", "Pretoria"),
]


@pytest.mark.parametrize(("iso3", "demonym", "capital"), SAMPLE)
def test_demonyms_and_capitals_resolve(gaz, iso3, demonym, capital):
    d = only(gaz, f"the {demonym} side")
    assert (d.text, d.entries[0].country, d.entries[0].kind) == (demonym, iso3, "demonym")
    c = only(gaz, f"talks in {capital} on Monday")
    assert c.entries[0].country == iso3 and c.entries[0].kind == "capital"


# ----------------------------------------------------------------------------- the brief's cases


def test_the_kremlin_is_the_russian_government(gaz):
    m = only(gaz, "The Kremlin said on Friday")
    e = m.entries[0]
    assert (m.text, e.country, e.sector, e.kind) == ("Kremlin", "RUS", "GOV", "metonym")
    assert gaz.lookup("the Kremlin")[0].country == "RUS"
    assert gaz.lookup("Kremlin")[0].sector == "GOV"


def test_metonyms(gaz):
    for text, iso3 in [("the White House", "USA"), ("Downing Street", "GBR"), ("Whitehall", "GBR"),
                       ("the Elysee Palace", "FRA"), ("the Quai d'Orsay", "FRA"), ("Zhongnanhai", "CHN"),
                       ("the Blue House", "KOR"), ("Foggy Bottom", "USA")]:
        e = only(gaz, text).entries[0]
        assert (e.country, e.sector) == (iso3, "GOV"), text


def test_havana_and_vietnamese(gaz):
    assert readings(gaz, "signed in Havana") == [("Havana", "CUB", None)]
    assert readings(gaz, "The Vietnamese leader") == [("Vietnamese", "VNM", None), ("leader", None, "GOV")]


def test_hyphenated_pair_gives_two_countries(gaz):
    text = "the Russian-Cuban strategic association"
    matches = gaz.find(text)
    assert [(m.text, m.entries[0].country) for m in matches] == [("Russian", "RUS"), ("Cuban", "CUB")]
    assert [text[m.start:m.end] for m in matches] == ["Russian", "Cuban"]


def test_us_uppercase_only(gaz):
    assert readings(gaz, "the U.S. blockade") == [("U.S.", "USA", None)]
    assert readings(gaz, "US sanctions") == [("US", "USA", None)]
    assert readings(gaz, "they told us so") == []
    assert readings(gaz, "Us and them") == []
    assert gaz.lookup("US")[0].country == "USA"
    assert gaz.lookup("us") == []


def test_cpc_is_cuba_with_china_alternative(gaz):
    m = [x for x in gaz.find("the CPC said") if x.text == "CPC"][0]
    cuba = [e for e in m.entries if e.country == "CUB"]
    assert cuba and cuba[0].sector == "PTY" and cuba[0].name == "Communist Party of Cuba"
    assert ("CHN", "Communist Party of China") in cuba[0].alternatives
    china = [e for e in m.entries if e.country == "CHN"][0]
    assert ("CUB", "Communist Party of Cuba") in china.alternatives
    assert only(gaz, "the Communist Party of Cuba").entries[0].alternatives == ()


def test_duma_and_federation_council(gaz):
    m = only(gaz, "The Duma approved")
    e = m.entries[0]
    assert (m.text, e.country, e.sector, e.name) == ("Duma", "RUS", "LEG", "State Duma")
    matches = gaz.find("the Council of the Russian Federation recently approved")
    assert [(x.text, x.entries[0].country, x.entries[0].sector) for x in matches] == [
        ("Council of the Russian Federation", "RUS", "LEG")]


@pytest.mark.parametrize("text", ["UN General Assembly", "United Nations General Assembly", "U.N. General Assembly",
                                  "UNGA"])
def test_un_general_assembly(gaz, text):
    m = only(gaz, f"the {text} voted")
    assert m.text == text
    assert (m.entries[0].country, m.entries[0].kind) == ("IGOUNO", "igo")
    assert m.entries[0].name == "United Nations General Assembly"


def test_organisations(gaz):
    for text, code in [("NATO", "IGOWSTNAT"), ("the European Union", "IGOEUREEC"), ("ASEAN", "IGOSEAASN"),
                       ("the African Union", "IGOAFRAFU"), ("UNHCR", "IGOUNOREFHCR"), ("the IAEA", "IGOUNOIAE"),
                       ("the World Bank", "IGOUNODEVWBK"), ("OPEC", "IGOOPC"), ("the Arab League", "IGOMEAARL")]:
        assert only(gaz, text).entries[0].country == code, text
    icrc = only(gaz, "the International Committee of the Red Cross").entries[0]
    assert (icrc.country, icrc.kind) == ("NGOHLHIRC", "ngo")
    assert readings(gaz, "people who want it") == [("people", None, "CVL")]  # "WHO" is case-sensitive


def test_president_is_a_government_role(gaz):
    m = only(gaz, "President Phuc")
    assert (m.entries[0].kind, m.entries[0].sector, m.entries[0].plover_sector) == ("role", "GOV", "GOV")
    roles = gaz.roles()
    assert roles["president"].sector == "GOV" and roles["president"].role_kind == "person"
    assert roles["parliament"].sector == "LEG" and roles["parliament"].role_kind == "body"
    assert roles["journalists"].plover_sector == "JRN"


def test_role_phrases_prefer_longest(gaz):
    assert readings(gaz, "Russian Deputy Prime Minister Yuri Borisov")[:2] == [
        ("Russian", "RUS", None), ("Deputy Prime Minister", None, "GOV")]


# ----------------------------------------------------------------------------- folding and offsets


def test_diacritics_insensitive(gaz):
    for text in ["Élysée", "Elysee", "ÉLYSÉE", "E\u0301lyse\u0301e"]:
        m = only(gaz, f"the {text} said")
        assert m.entries[0].country == "FRA"
        assert m.text == text


def test_offsets_with_accents_and_curly_apostrophes(gaz):
    text = "José Martí said Vietnam’s and Cuba’s leaders met in Bogotá — with the Élysée’s envoy."
    matches = gaz.find(text)
    for m in matches:
        assert text[m.start:m.end] == m.text
    got = [(m.text, m.entries[0].country) for m in matches]
    assert ("Vietnam", "VNM") in got and ("Cuba", "CUB") in got and ("Bogotá", "COL") in got
    assert ("Élysée", "FRA") in got


def test_offsets_in_decomposed_text(gaz):
    text = unicodedata.normalize("NFD", "Díaz-Canel flew from Bogotá to Brasília.")
    matches = gaz.find(text)
    assert [m.entries[0].country for m in matches] == ["COL", "BRA"]
    for m in matches:
        assert text[m.start:m.end] == m.text


def test_apostrophe_and_hyphen_variants(gaz):
    assert only(gaz, "Côte d’Ivoire").entries[0].country == "CIV"
    assert only(gaz, "Cote d'Ivoire").entries[0].country == "CIV"
    assert only(gaz, "Guinea Bissau").entries[0].country == "GNB"
    assert only(gaz, "Guinea–Bissau").entries[0].country == "GNB"
    assert only(gaz, "People’s Liberation Army").entries[0].country == "CHN"


def test_possessive_after_a_name(gaz):
    assert readings(gaz, "Vietnam's purchase") == [("Vietnam", "VNM", None)]
    assert readings(gaz, "the United Nations General Assembly’s resolutions") == [
        ("United Nations General Assembly", "IGOUNO", None)]


def test_normalize_preserves_length():
    for text in ["Élysée", "E\u0301lysée", "Vietnam’s “quoted” — dash", "İstanbul ﬁne", "a\u00a0b\tc"]:
        out = normalize(text)
        assert len(out) == len(text)
    assert normalize("Élysée’s – TEST") == "elysee's - test"


def test_phrase_key_and_case_rule():
    assert phrase_key("The Kremlin") == "kremlin"
    assert phrase_key("Guinea-Bissau") == phrase_key("guinea  bissau")
    assert case_rule("US") == case_rule("U.S.") == case_rule("MPs") == "exact"
    assert case_rule("Cuba") == "capital"
    assert case_rule("president") == "any"


# ----------------------------------------------------------------------------- word boundaries and blockers


def test_no_match_inside_words(gaz):
    assert readings(gaz, "an Omani envoy") == [("Omani", "OMN", None), ("envoy", None, "GOV")]
    assert [r[1] for r in readings(gaz, "Romania and Chadwick")] == ["ROU"]
    assert readings(gaz, "Chadwick") == []
    assert readings(gaz, "Chad") == [("Chad", "TCD", None)]
    assert readings(gaz, "Nigerians") == [("Nigerians", "NGA", None)]


def test_capitalised_names_need_a_capital(gaz):
    assert readings(gaz, "roast turkey and fine china") == []
    assert readings(gaz, "TURKEY AND CUBA") == [("TURKEY", "TUR", None), ("CUBA", "CUB", None)]


def test_blockers(gaz):
    assert readings(gaz, "in New Mexico") == []
    assert readings(gaz, "the Russia-Latin America Forum") == [("Russia", "RUS", None)]
    assert readings(gaz, "in New South Wales") == []


def test_ambiguous_country_phrases_carry_alternatives(gaz):
    e = only(gaz, "Congo").entries
    assert {x.country for x in e} == {"COD", "COG"}
    assert e[0].alternatives
    assert only(gaz, "Democratic Republic of Congo").entries[0].country == "COD"


def test_cameo_codes_and_names(gaz):
    assert gaz.cameo_country("TLS") == "TMP"
    assert gaz.cameo_country("XKX") == "KSV"
    assert gaz.cameo_country("ROU") == "ROU"
    assert gaz.cameo_country("ZZZ") is None
    assert gaz.country_name("RUS") == "Russia"
    assert gaz.country_name("ZZZ") is None


def test_entry_positional_construction_stays_compatible():
    e = Entry("CPC", "institution", "CUB", "PTY", "Communist Party of Cuba", (), "x")
    assert e.plover_sector is None and e.role_kind is None


# ----------------------------------------------------------------------------- data files and validation


def bundled(name: str) -> str:
    return (resources.files("communique") / "actors" / "data" / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", DATA_FILES)
def test_every_bundled_row_has_a_source_note(name):
    lines = [ln for ln in bundled(name).splitlines() if ln.strip() and not ln.startswith("#")]
    header = lines[0].split("\t")
    assert header[-1] == "source"
    assert len(lines) > 1
    for i, line in enumerate(lines[1:], start=2):
        cells = line.split("\t")
        assert len(cells) == len(header), (name, i)
        assert cells[-1].strip(), (name, line)


@pytest.mark.parametrize("name", DATA_FILES)
def test_bundled_files_start_with_a_version(name):
    assert any(ln.startswith("# version: ") for ln in bundled(name).splitlines()[:5])


def test_bundled_files_load_cleanly():
    g = Gazetteer._from_texts([(n, bundled(n)) for n in DATA_FILES], strict=True)
    assert g.problems == ()
    assert len(g.country_codes()) >= 249
    assert len(g.roles()) > 100


HEADER = "name\taliases\tacronyms\tcountry\tsector\tambiguous\tsource\n"


def write_user_file(tmp_path):
    path = tmp_path / "extra_institutions.tsv"
    path.write_text(
        "# my institutions\n"
        + HEADER
        + "Ministry of Magic\t\tMoM\tGBR\tGOV\t\tfiction; test row\n"  # line 3: fine
        + "Too Few Columns\tGBR\tGOV\n"  # line 4: wrong column count
        + "Bad Sector Office\t\t\tGBR\tXYZ\t\ttest\n"  # line 5: unknown sector
        + "Atlantis Senate\t\t\tATL\tLEG\t\ttest\n"  # line 6: unknown ISO3
        + "Quidditch League\t\t\tGBR\tBUS\t\ttest\n",  # line 7: fine
        encoding="utf-8",
    )
    return path


def test_malformed_user_file_strict_raises_with_file_and_line(tmp_path):
    path = write_user_file(tmp_path)
    with pytest.raises(GazetteerError, match=r"extra_institutions\.tsv:4: expected 7 columns"):
        Gazetteer.from_files(path)


def test_malformed_user_file_lenient_reports_and_loads_the_rest(tmp_path):
    path = write_user_file(tmp_path)
    with pytest.warns(GazetteerWarning) as record:
        g = Gazetteer.from_files(path, strict=False)
    problems = [str(p) for p in g.problems]
    assert len(problems) == 3
    assert any("extra_institutions.tsv:4:" in p and "columns" in p for p in problems)
    assert any("extra_institutions.tsv:5:" in p and "sector" in p for p in problems)
    assert any("extra_institutions.tsv:6:" in p and "ATL" in p for p in problems)
    assert len(record) == 3
    assert only(g, "the Ministry of Magic").entries[0].country == "GBR"
    assert only(g, "the MoM said").entries[0].sector == "GOV"
    assert only(g, "Quidditch League").entries[0].sector == "BUS"
    assert g.find("Atlantis Senate") == []


def test_user_file_with_defaults(tmp_path):
    path = tmp_path / "extra.tsv"
    path.write_text(HEADER + "Ministry of Magic\t\t\tGBR\tGOV\t\tfiction\n", encoding="utf-8")
    g = Gazetteer.from_files([path], include_default=True)
    assert {m.entries[0].country for m in g.find("Ministry of Magic and the Kremlin")} == {"GBR", "RUS"}


def test_unknown_header_is_reported(tmp_path):
    path = tmp_path / "odd.tsv"
    path.write_text("a\tb\n1\t2\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match=r"odd\.tsv:1: unknown header"):
        Gazetteer.from_files(path)


def test_entries_carry_their_source(gaz):
    e = gaz.lookup("Havana")[0]
    assert e.source.startswith("countries.tsv:") and "ISO 3166-1" in e.source


@pytest.mark.parametrize("typo, iso3", [("Afganistan", "AFG"), ("Ethopia", "ETH"), ("Isreal", "ISR"),
                                        ("Phillippines", "PHL"), ("Quatar", "QAT"), ("Bejing", "CHN")])
def test_one_typing_error_from_a_country_or_capital_is_recognised(gaz, typo, iso3):
    entry, _ = gaz.fuzzy_place(typo)
    assert entry.country == iso3


@pytest.mark.parametrize("word", [
    "Columbia",   # a blocked word: District of Columbia, not Colombia
    "Austria",    # a known name is matched exactly, not as a typo
    "Sedan",      # too short to guess
    "kenyan",     # not capitalised
    "Atlantis",   # not one edit from any country
])
def test_known_short_lowercase_and_far_words_are_no_typos(gaz, word):
    assert gaz.fuzzy_place(word) is None


def test_region_and_img_rows_load_and_bad_ones_are_reported(tmp_path):
    regions = tmp_path / "my_regions.tsv"
    regions.write_text(
        "name\taliases\tadjectives\tcountry\tsource\n"
        "Ruritania Province\tRuritania\tRuritanian\tAUT\tfiction; test row\n"  # line 2: fine
        "Nowhere Land\t\t\tXXQ\ttest\n",  # line 3: unknown ISO3
        encoding="utf-8",
    )
    orgs = tmp_path / "my_orgs.tsv"
    orgs.write_text(
        "code\tname\taliases\tacronyms\tkind\tsource\n"
        "IMGMUSXYZ\tBrotherhood of the Test\t\tBOT\tIMG\tfiction; test row\n"  # line 2: fine
        "IGOXYZ\tMislabelled Group\t\t\tIMG\ttest\n",  # line 3: code does not start with kind
        encoding="utf-8",
    )
    with pytest.warns(GazetteerWarning):
        g = Gazetteer.from_files(regions, orgs, strict=False)
    problems = [str(p) for p in g.problems]
    assert any("my_regions.tsv:3:" in p and "XXQ" in p for p in problems)
    assert any("my_orgs.tsv:3:" in p and "kind" in p for p in problems)
    assert len(problems) == 2
    adjective = only(g, "the Ruritanian militia").entries[0]
    assert (adjective.kind, adjective.country, adjective.sector) == ("region_adjective", "AUT", None)
    assert only(g, "BOT fighters").entries[0].country == "IMGMUSXYZ"


def test_find_keeps_the_matches_of_recent_texts():
    from communique.actors.gazetteer import FIND_CACHE_SIZE

    gaz = Gazetteer.default()
    text = "Japan and Brazil signed a trade pact in Tokyo."
    first = gaz.find(text)
    assert gaz.find(text) is first  # read once: the fast path and the resolver share it
    assert [m.text for m in first] == ["Japan", "Brazil", "Tokyo"]
    for i in range(FIND_CACHE_SIZE + 5):
        gaz.find(f"Peru {i}")
    assert len(gaz._found) == FIND_CACHE_SIZE
    assert gaz.find(text) is not first and [m.text for m in gaz.find(text)] == ["Japan", "Brazil", "Tokyo"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=60))
def test_ascii_search_form_is_the_character_by_character_form(text):
    assert _ascii_search_form(text) == _char_search_form(text)


def test_ascii_search_form_folds_separators_and_backquotes():
    low, cased, offsets = _ascii_search_form("  Guinea--Bissau's `Chief`\n")
    assert cased == "Guinea Bissau's 'Chief' "
    assert low == cased.lower()
    assert [offsets[i] for i in (0, 6, 7)] == [2, 8, 10]  # "G", the space of "--", "B"

"""Regions (regions.tsv), armed groups and parties (institutions.tsv) and transnational armed
movements and NGOs (igos.tsv): how sample phrases resolve, and that region names never repeat
or shadow a country's names."""

from __future__ import annotations

import csv
from importlib import resources

import pytest

from communique.actors.gazetteer import Gazetteer, phrase_key
from communique.actors.resolver import resolve_phrase


def codes(text: str) -> list[str]:
    return [a.code for a in resolve_phrase(text)[0]]


def rows(filename: str) -> list[dict[str, str]]:
    """The data rows of a bundled TSV (comment lines skipped)."""
    text = resources.files("communique.actors.data").joinpath(filename).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def values(row: dict[str, str], *columns: str) -> list[str]:
    return [v for c in columns for v in row[c].split("|") if v.strip()]


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.default()


# ----------------------------------------------------------------------------- regions


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Dagestani rebels", ["RUSREB"]),
        ("Tibetan monks", ["CHNREL"]),
        ("Uighur activists", ["CHNCVL"]),
        ("Kashmiri separatists", ["INDSEP"]),
        ("Pakistani Kashmir officials", ["PAKGOV"]),
        ("Bosnian Serb leaders", ["BIHGOV"]),
        ("Turkish Cypriot leaders", ["CYPGOV"]),
        ("Transnistrian separatists", ["MDASEP"]),
        ("Abkhaz rebels", ["GEOREB"]),
        ("Tigrayan forces", ["ETHMIL"]),
        ("Acehnese rebels", ["IDNREB"]),
        ("Papuan separatists", ["IDNSEP"]),
        ("Basque separatists", ["ESPSEP"]),
        ("Corsican nationalists", ["FRA"]),
        ("Catalan leaders", ["ESPGOV"]),
        ("Gazans", ["PSE"]),
        ("Baloch insurgents", ["PAKINS"]),
        ("Rohingya refugees", ["MMRREF"]),
        ("Biafran separatists", ["NGASEP"]),
        ("Quebec nationalists", ["CAN"]),
        ("Scottish ministers", ["GBRGOV"]),
        ("Darfur rebels", ["SDNREB"]),
    ],
)
def test_region_phrases_read_as_their_country(text, expected):
    assert codes(text) == expected


@pytest.mark.parametrize(
    "sentence, phrase, country",
    [
        ("Chechen rebels ambushed a convoy near Grozny on Tuesday.", "Chechen", "RUS"),
        ("Separatists in Transnistria refused to withdraw their forces.", "Transnistria", "MDA"),
        ("Uighur exiles urged the UN to act.", "Uighur", "CHN"),
        ("The governor of Helmand province met tribal elders.", "Helmand province", "AFG"),
        ("Officials in Iraqi Kurdistan said the vote would go ahead.", "Iraqi Kurdistan", "IRQ"),
        ("Tigrayan fighters withdrew from the town, residents said.", "Tigrayan", "ETH"),
    ],
)
def test_region_mentions_in_sentences(sentence, phrase, country):
    mentions = resolve_phrase(sentence)[1]
    found = [(m.text, m.country, m.kind) for m in mentions if m.text == phrase]
    assert found and all(c == country and k in ("region", "region_adjective") for _, c, k in found), mentions


@pytest.mark.parametrize(
    "phrase, country",
    [
        ("Inner Mongolia", "CHN"),          # not Mongolia
        ("Somali Region", "ETH"),           # not Somalia
        ("East Azerbaijan", "IRN"),         # not Azerbaijan
        ("Central Macedonia", "GRC"),       # not North Macedonia
        ("Iraqi Kurdistan", "IRQ"),
        ("Azad Kashmir", "PAK"),
        ("Nagorno-Karabakh", "AZE"),
        ("South Ossetia", "GEO"),
        ("Republika Srpska", "BIH"),
        ("Xinjiang", "CHN"),
        ("Mindanao", "PHL"),
        ("Cabinda", "AGO"),
        ("North Kivu", "COD"),
        ("Somaliland", "SOM"),
        ("Donbas", "UKR"),
    ],
)
def test_region_names_longest_match(gaz, phrase, country):
    matches = [m for m in gaz.find(f"Fighting in {phrase} went on") if m.entries[0].kind != "role"]
    assert [(m.text, m.entries[0].country, m.entries[0].kind) for m in matches] == [(phrase, country, "region")]


def _country_keys() -> dict[str, set[str]]:
    """phrase key -> ISO3 codes, over every name column of countries.tsv."""
    keys: dict[str, set[str]] = {}
    for row in rows("countries.tsv"):
        for phrase in values(row, "name", "aliases", "demonyms", "capitals", "metonyms"):
            keys.setdefault(phrase_key(phrase), set()).add(row["iso3"])
    return keys


def test_no_region_name_or_adjective_collides_with_a_country_name():
    country_keys = _country_keys()
    clashes = [(phrase, row["country"], sorted(country_keys[phrase_key(phrase)]))
               for row in rows("regions.tsv")
               for phrase in values(row, "name", "aliases", "adjectives")
               if phrase_key(phrase) in country_keys]
    assert not clashes


def test_region_phrases_are_unique_and_known_countries():
    country_codes = {row["iso3"] for row in rows("countries.tsv")}
    seen: dict[str, str] = {}
    for row in rows("regions.tsv"):
        assert row["country"] in country_codes, row["name"]
        assert row["source"].strip(), row["name"]
        for phrase in values(row, "name", "aliases", "adjectives"):
            key = phrase_key(phrase)
            assert key not in seen, f"{phrase!r} in both {seen[key]!r} and {row['name']!r}"
            seen[key] = row["name"]


def test_regions_do_not_shadow_organisations(gaz):
    """No region phrase is also an institution or organisation phrase."""
    for row in rows("regions.tsv"):
        for phrase in values(row, "name", "aliases", "adjectives"):
            for match in gaz.find(phrase):
                if match.text == phrase:
                    assert {e.kind for e in match.entries} <= {"region", "region_adjective"}, phrase


# ----------------------------------------------------------------------------- armed groups and parties


@pytest.mark.parametrize(
    "text, expected",
    [
        ("UNITA rebels", ["AGOREB"]),
        ("the Revolutionary United Front", ["SLEREB"]),
        ("the Liberation Tigers of Tamil Eelam", ["LKAREB"]),
        ("the Moro Islamic Liberation Front", ["PHLREB"]),
        ("the New People's Army", ["PHLREB"]),
        ("ETA", ["ESPREB"]),
        ("Sinn Fein", ["GBRPTY"]),
        ("the Shining Path", ["PERREB"]),
        ("the Zapatistas", ["MEXREB"]),
        ("the Lord's Resistance Army", ["UGAREB"]),
        ("the Pakistani Taliban", ["PAKREB"]),
        ("Lashkar-e-Taiba", ["PAKREB"]),
        ("the Kurdistan Democratic Party", ["IRQPTY"]),
        ("Hayat Tahrir al-Sham", ["SYRREB"]),
        ("the Movement for Democratic Change", ["ZWEOPP"]),
        ("Kifaya", ["EGYOPP"]),
        ("the Kosovo Liberation Army", ["XKXREB"]),
        ("the Rwandan Patriotic Front", ["RWAPTY"]),
        ("the Sinaloa Cartel", ["MEXCRM"]),
        ("the Justice and Equality Movement", ["SDNREB"]),
    ],
)
def test_group_phrases(text, expected):
    assert codes(text) == expected


@pytest.mark.parametrize(
    "sentence, phrase, code",
    [
        ("The Revolutionary United Front freed 300 hostages in Sierra Leone.", "Revolutionary United Front", "SLEREB"),
        ("Al-Qaeda threatened the United States with new attacks.", "Al-Qaeda", "IMGMUSALQ"),
        ("ISIS fighters seized the town of Palmyra.", "ISIS", "IMGMUSISI"),
        ("Sinn Fein leaders met the British prime minister.", "Sinn Fein", "GBRPTY"),
    ],
)
def test_group_mentions_in_sentences(sentence, phrase, code):
    mentions = resolve_phrase(sentence)[1]
    found = {(m.country + (m.sector or "")) if m.country[:3] not in ("IGO", "NGO", "IMG") else m.country
             for m in mentions if m.text == phrase}
    assert found == {code}, mentions


def test_shared_acronym_is_read_by_article_context():
    """SLA is both the Sudan Liberation Army and the South Lebanon Army."""
    _, sudan = resolve_phrase("In Darfur, Sudan, the SLA attacked a government garrison near Khartoum's forces.")
    _, lebanon = resolve_phrase("In southern Lebanon, the SLA shelled villages near the Israeli border, Beirut said.")
    assert {m.country for m in sudan if m.text == "SLA"} == {"SDN"}
    assert {m.country for m in lebanon if m.text == "SLA"} == {"LBN"}


def test_bnp_paribas_is_not_bangladesh(gaz):
    assert [(m.text, m.entries[0].country) for m in gaz.find("BNP Paribas cut jobs")] == [("BNP Paribas", "FRA")]


# ----------------------------------------------------------------------------- transnational movements and NGOs


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Al-Qaeda", ["IMGMUSALQ"]),
        ("Al Qaida", ["IMGMUSALQ"]),
        ("AQAP", ["IMGMUSALQ"]),
        ("the Islamic State", ["IMGMUSISI"]),
        ("ISIL fighters", ["IMGMUSISI"]),
        ("Daesh", ["IMGMUSISI"]),
        ("ISWAP fighters", ["IMGMUSISI"]),
        ("Jemaah Islamiyah", ["IMGMUSJMI"]),
        ("Caritas Internationalis", ["NGOCHRCTH"]),
        ("Freedom House", ["NGOHRI"]),
        ("the International Olympic Committee", ["NGO"]),
    ],
)
def test_img_and_ngo_phrases(text, expected):
    assert codes(text) == expected


def test_img_rows_use_img_codes():
    img = [row for row in rows("igos.tsv") if row["kind"] == "IMG"]
    assert len(img) >= 10
    assert all(row["code"].startswith("IMG") and len(row["code"]) == 9 for row in img)
    assert {row["code"] for row in img} >= {"IMGMUSALQ", "IMGMUSISI"}

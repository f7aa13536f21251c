"""What a number counts: the head of the noun phrase after it, never a duration, age, share or year."""

import pytest

from geo.lexicon import load_lexicon
from geo.numbers import find_numbers


def counts_in(text):
    return [(n.value, n.counts, n.approximate) for n in find_numbers(text, 0, len(text), load_lexicon(), skip=[])]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rebels seized three senior army commanders.", [(3, "senior army commanders", False)]),
        ("At least 40 homes were flooded overnight.", [(40, "homes", True)]),
        ("The ship carried 5,000 tonnes of grain.", [(5000, "tonnes", False)]),
        ("They fired nine drones and two rockets.", [(9, "drones", False), (2, "rockets", False)]),
        ("Patrols stopped 12 fishing boats and 3 barges.", [(12, "fishing boats", False), (3, "barges", False)]),
        ("Guards turned back a dozen trucks.", [(12, "trucks", False)]),
        ("The strike destroyed twenty-five warehouses.", [(25, "warehouses", False)]),
    ],
)
def test_the_counted_noun_is_the_head_of_the_phrase_after_the_number(text, expected):
    assert counts_in(text) == expected


def test_a_partitive_counts_the_noun_after_of_the():
    assert counts_in("Crews repaired 11 of the 30 pylons.") == [(11, "pylons", False), (30, "pylons", False)]
    assert counts_in("Four of its engineers were detained.") == [(4, "engineers", False)]


@pytest.mark.parametrize(
    "text",
    [
        "He served in the navy for 10 years.",
        "A 45-year-old man was arrested.",
        "Turnout fell by 15% in the north.",
        "Prices rose 8 per cent last month.",
        "In 2023 officials opened the road.",
        "The two leaders met in Geneva.",
        "The talks lasted three days.",
        "The truce was violated 40 times.",
    ],
)
def test_durations_ages_shares_years_and_references_back_are_not_counts(text):
    assert counts_in(text) == []

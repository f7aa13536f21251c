from datetime import date

import pytest

from geo.dates import find_dates
from geo.documents import parse_published
from geo.models import DateRange

OCT_2024 = parse_published("2024-10")
OCT_25 = parse_published("2024-10-25")  # a Friday


def dates_in(text, published):
    return [(d.phrase, d.resolved) for d in find_dates(text, 0, len(text), published)]


def test_month_named_without_year_takes_the_nearest_year():
    [(phrase, resolved)] = dates_in("troops deployable from the beginning of November", OCT_2024)
    assert phrase == "the beginning of November"
    assert resolved == DateRange(date(2024, 11, 1), date(2024, 11, 10), "month")


def test_month_day_with_and_without_year():
    assert dates_in("on October 17 in Brussels", OCT_2024)[0][1] == DateRange(
        date(2024, 10, 17), date(2024, 10, 17), "day"
    )
    assert dates_in("on 7 October 2023", None)[0][1].label() == "2023-10-07"


def test_relative_dates_resolve_against_a_day_precise_publication_date():
    [(_, last_week)] = dates_in("South Korea vowed last week", OCT_25)
    assert (last_week.earliest, last_week.latest, last_week.precision) == (
        date(2024, 10, 14),
        date(2024, 10, 20),
        "week",
    )
    [(_, tuesday)] = dates_in("said on Tuesday", OCT_25)
    assert tuesday == DateRange(date(2024, 10, 22), date(2024, 10, 22), "day")
    [(_, yesterday)] = dates_in("announced yesterday", OCT_25)
    assert yesterday.label() == "2024-10-24"


def test_relative_dates_are_never_more_precise_than_the_publication_date():
    [(_, last_week)] = dates_in("last week", OCT_2024)
    assert last_week.precision == "month"
    assert last_week.earliest <= date(2024, 10, 1) and last_week.latest >= date(2024, 10, 20)


def test_relative_dates_stay_unresolved_without_a_publication_date():
    assert dates_in("last week and recently", None) == [("last week", None), ("recently", None)]


@pytest.mark.parametrize("text", ["they may come", "a march on the capital", "31 February 2024 is no date"])
def test_words_that_look_like_dates_are_not_dates(text):
    resolved = [r for _, r in dates_in(text, OCT_2024)]
    assert all(r is None for r in resolved)


def test_numbers_are_not_years():
    assert dates_in("1,500 North Korean special forces", OCT_2024) == []


def test_a_month_after_a_preposition_takes_the_nearest_year_and_since_looks_back():
    [(phrase, resolved)] = dates_in("the convoy has been stuck since February.", OCT_25)
    assert phrase == "since February"
    assert resolved == DateRange(date(2024, 2, 1), date(2024, 2, 29), "month")
    [(phrase, resolved)] = dates_in("the vote is expected in January.", OCT_25)
    assert resolved == DateRange(date(2025, 1, 1), date(2025, 1, 31), "month")


def test_since_a_weekday_is_the_latest_such_day_before_publication():
    [(phrase, resolved)] = dates_in("residents have been evacuated since Tuesday", OCT_25)
    assert resolved == DateRange(date(2024, 10, 22), date(2024, 10, 22), "day")


@pytest.mark.parametrize(
    "sentence",
    ["It began on 5 Sept. 2024.", "It began in mid-October.", "It began in recent weeks.",
     "It began on Tuesday.", "It has gone on since 2019.", "It began earlier this month.",
     "It began yesterday.", "It began on DECEMBER 3."],
)  # fmt: skip
def test_every_kind_of_date_is_looked_for(sentence):
    # Patterns run only on sentences holding a word of their kind: none may be skipped wrongly.
    published = DateRange(date(2024, 11, 20), date(2024, 11, 20), "day")
    found = find_dates(sentence, 0, len(sentence), published)
    assert found and found[0].phrase in sentence and found[0].resolved is not None

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


MAR_10_2025 = parse_published("2025-03-10")  # a Monday


@pytest.mark.parametrize(
    ("text", "published", "label", "precision"),
    [
        ("It began in June 2022, officials said.", MAR_10_2025, "2022-06", "month"),
        ("It began on 5 June 2022, officials said.", MAR_10_2025, "2022-06-05", "day"),
        ("It began in late August 2020, officials said.", MAR_10_2025, "2020-08-21/2020-08-31", "month"),
        ("The offensive began June 2022.", MAR_10_2025, "2022-06", "month"),
        ("It began in June 2022, officials said.", None, "2022-06", "month"),
        ("It began on 5 June 2022.", None, "2022-06-05", "day"),
    ],
)
def test_an_explicit_year_is_never_replaced(text, published, label, precision):
    [(_, resolved)] = dates_in(text, published)
    assert (resolved.label(), resolved.precision) == (label, precision)


@pytest.mark.parametrize(
    ("text", "earliest", "latest", "precision"),
    [
        ("they left three weeks ago", date(2025, 2, 17), date(2025, 2, 23), "week"),
        ("they left two days ago", date(2025, 3, 8), date(2025, 3, 8), "day"),
        ("they left a month ago", date(2025, 2, 1), date(2025, 2, 28), "month"),
        ("fighting has gone on since 2014", date(2014, 1, 1), date(2014, 12, 31), "year"),
        ("it will be built by the end of the year", date(2025, 3, 10), date(2025, 12, 31), "year"),
        ("it will be built by the end of the month", date(2025, 3, 10), date(2025, 3, 31), "month"),
        ("the talks stalled earlier this year", date(2025, 1, 1), date(2025, 3, 10), "year"),
        ("the talks stalled earlier this month", date(2025, 3, 1), date(2025, 3, 10), "month"),
        ("the talks resume later this month", date(2025, 3, 10), date(2025, 3, 31), "month"),
        ("the army said on Monday", date(2025, 3, 10), date(2025, 3, 10), "day"),  # published on a Monday
        ("the army said last Monday", date(2025, 3, 3), date(2025, 3, 3), "day"),
    ],
)
def test_relative_forms(text, earliest, latest, precision):
    [(_, resolved)] = dates_in(text, MAR_10_2025)
    assert resolved == DateRange(earliest, latest, precision)


def test_the_following_month_and_that_march_count_from_the_date_the_text_gave_last():
    context = DateRange(date(2022, 11, 4), date(2022, 11, 4), "day")
    following = find_dates("It fell the following month.", 0, 28, MAR_10_2025, context)
    assert following[0].resolved == DateRange(date(2022, 12, 1), date(2022, 12, 31), "month")
    that = find_dates("They trained there that March.", 0, 30, MAR_10_2025, context)
    assert that[0].resolved == DateRange(date(2022, 3, 1), date(2022, 3, 31), "month")
    assert find_dates("It fell the following month.", 0, 28, MAR_10_2025)[0].resolved is None  # no date before


def test_relative_forms_stay_unresolved_without_a_publication_date():
    assert dates_in("they left three weeks ago", None) == [("three weeks ago", None)]
    assert dates_in("by the end of the year", None) == [("by the end of the year", None)]


def test_wire_forms_of_dates():
    thursday = parse_published("2025-02-20")
    assert dates_in("The army said Friday it had retaken the town.", parse_published("2025-02-21")) == [
        ("Friday", DateRange(date(2025, 2, 21), date(2025, 2, 21), "day"))
    ]
    [(phrase, resolved)] = dates_in("60,000 people have fled since the start of the month", thursday)
    assert (phrase, resolved) == ("the start of the month", DateRange(date(2025, 2, 1), date(2025, 2, 10), "month"))


@pytest.mark.parametrize(
    ("text", "label", "precision"),
    [
        ("Talks have stalled since early 2024.", "2024-01-01/2024-04-30", "year"),
        ("Fighters trained there from mid-2023.", "2023-05-01/2023-08-31", "year"),
        ("Camps have grown since late 2024.", "2024-09-01/2024-12-31", "year"),
        ("Guns were moved in late August.", "2025-08-21/2025-08-31", "month"),
        ("Fires burned in early May.", "2025-05-01/2025-05-10", "month"),
    ],
)
def test_part_of_a_month_or_a_year_is_labelled_by_its_days_not_as_the_whole(text, label, precision):
    [(_, resolved)] = dates_in(text, parse_published("2025-09-12"))
    assert (resolved.label(), resolved.precision) == (label, precision)


def test_whole_months_and_years_keep_their_short_labels():
    assert DateRange(date(2024, 3, 1), date(2024, 3, 31), "month").label() == "2024-03"
    assert DateRange(date(2024, 1, 1), date(2024, 12, 31), "year").label() == "2024"


@pytest.mark.parametrize(
    ("published", "earliest", "latest"),
    [("2025-12-02", "2025-11-29", "2025-11-30"), ("2025-11-30", "2025-11-29", "2025-11-30")],
)
def test_the_weekend_is_the_saturday_and_sunday_before_publication(published, earliest, latest):
    [(_, resolved)] = dates_in("Its forces killed five militants over the weekend.", parse_published(published))
    found = (resolved.earliest.isoformat(), resolved.latest.isoformat(), resolved.precision)
    assert found == (earliest, latest, "week")


def test_the_previous_week_counts_back_from_the_date_the_text_gave_last():
    context = DateRange(date(2025, 10, 13), date(2025, 10, 13), "day")
    [previous] = find_dates("after strikes on the capital the previous week", 0, 46, MAR_10_2025, context)
    assert previous.resolved == DateRange(date(2025, 10, 6), date(2025, 10, 12), "week")
    [before] = find_dates("It fell the preceding month.", 0, 28, MAR_10_2025, context)
    assert before.resolved == DateRange(date(2025, 9, 1), date(2025, 9, 30), "month")


def test_that_month_counts_from_a_date_earlier_in_the_same_sentence():
    context = DateRange(date(2021, 8, 1), date(2021, 8, 31), "month")
    text = "The crossing was closed in March 2024 and reopened that May."
    found = [d.resolved for d in find_dates(text, 0, len(text), MAR_10_2025, context)]
    assert found == [
        DateRange(date(2024, 3, 1), date(2024, 3, 31), "month"),
        DateRange(date(2024, 5, 1), date(2024, 5, 31), "month"),
    ]


@pytest.mark.parametrize(
    ("text", "earliest"),
    [
        ("60 fighters had been killed since the offensive began in January", date(2025, 1, 1)),
        ("the rebels took the town on 5 December", date(2024, 12, 5)),
        ("talks will resume in January", date(2026, 1, 1)),
        ("the border had been closed in mid-October", date(2025, 10, 11)),  # the month of publication: kept
        ("the ministry announced that a vote would be held in January", date(2026, 1, 1)),
        ("the operator suggested that blackouts might be needed in January", date(2026, 1, 1)),
    ],
)
def test_a_month_without_a_year_after_a_verb_in_the_past_is_the_one_before_publication(text, earliest):
    [(_, resolved)] = dates_in(text, parse_published("2025-10-03"))
    assert resolved.earliest == earliest


def test_a_part_of_a_month_ends_with_the_months_name():
    # "early dec(ades)": a month's abbreviation opening a longer word is no month.
    assert dates_in("In the early decades of the war, the rebels may have held the town.", OCT_25) == []
    text = "Fighting resumed in early Dec. and again in mid-March."
    assert [phrase for phrase, _ in dates_in(text, OCT_25)] == ["early Dec.", "mid-March"]


# Eighth pass on issue #19: classes found by claims_wire_dev13.yaml and claims_wire_dev14.yaml.
@pytest.mark.parametrize(
    ("text", "earliest", "latest", "precision"),
    [
        # "that week", "that day": the week or day of the date the text gave last
        ("They drilled there that week.", date(2022, 10, 31), date(2022, 11, 6), "week"),
        ("They drilled there that day.", date(2022, 11, 4), date(2022, 11, 4), "day"),
        ("They drilled there that month.", date(2022, 11, 1), date(2022, 11, 30), "month"),
    ],
)
def test_that_week_and_that_day_count_from_the_date_the_text_gave_last(text, earliest, latest, precision):
    context = DateRange(date(2022, 11, 4), date(2022, 11, 4), "day")
    [found] = find_dates(text, 0, len(text), MAR_10_2025, context)
    assert found.resolved == DateRange(earliest, latest, precision)


def test_that_before_a_word_of_time_in_another_sense_is_no_date():
    context = DateRange(date(2022, 11, 4), date(2022, 11, 4), "day")
    text = "He said that week-long talks would start."
    assert find_dates(text, 0, len(text), MAR_10_2025, context) == []


@pytest.mark.parametrize(
    ("text", "earliest", "latest", "precision"),
    [
        ("At least 3,400 people were killed between 2016 and 2019.", date(2016, 1, 1), date(2019, 12, 31), "year"),
        ("The mission ran from 2014 to 2017.", date(2014, 1, 1), date(2017, 12, 31), "year"),
        ("1,500 people were abducted between January and June.", date(2025, 1, 1), date(2025, 6, 30), "month"),
        ("They were abducted between November and February.", date(2024, 11, 1), date(2025, 2, 28), "month"),
        ("They fought from March to May 2021.", date(2021, 3, 1), date(2021, 5, 31), "month"),
    ],
)
def test_a_span_between_two_years_or_months_is_one_date(text, earliest, latest, precision):
    published = parse_published("2025-08-14")
    [(_, resolved)] = dates_in(text, published)
    assert resolved == DateRange(earliest, latest, precision)


def test_late_or_early_on_a_weekday_is_that_day_and_a_weekday_before_a_full_date_one_date():
    assert dates_in("killed 11 people late Saturday", OCT_25) == [
        ("late Saturday", DateRange(date(2024, 10, 19), date(2024, 10, 19), "day"))
    ]
    assert dates_in("early Friday", OCT_25)[0][1] == DateRange(date(2024, 10, 25), date(2024, 10, 25), "day")
    assert dates_in("on Sunday, 26 November 2023, gunmen attacked", OCT_25) == [
        ("on Sunday, 26 November 2023", DateRange(date(2023, 11, 26), date(2023, 11, 26), "day"))
    ]


def test_a_second_year_after_and_is_a_date_too():
    assert [p for p, _ in dates_in("troops were sent in 2012 and 2014", OCT_25)] == ["in 2012", "and 2014"]
    assert [p for p, _ in dates_in("between 2012 and 2014", OCT_25)] == ["between 2012 and 2014"]


@pytest.mark.parametrize(
    ("text", "earliest", "latest"),
    [
        ("The operation moved to the capital four days later.", date(2022, 5, 22), date(2022, 5, 22)),
        ("He had arrived two days earlier.", date(2022, 5, 16), date(2022, 5, 16)),
        ("He was shot dead there that evening.", date(2022, 5, 18), date(2022, 5, 18)),
    ],
)
def test_days_later_or_earlier_and_that_evening_count_from_the_date_the_text_gave_last(text, earliest, latest):
    context = DateRange(date(2022, 5, 18), date(2022, 5, 18), "day")
    [mention] = find_dates(text, 0, len(text), OCT_25, context)
    assert mention.resolved == DateRange(earliest, latest, "day")


@pytest.mark.parametrize(
    ("text", "earliest", "latest"),
    [
        ("shelled the towns overnight on 12 and 13 September, using drones", date(2024, 9, 12), date(2024, 9, 13)),
        ("air strikes on the city on 26 and 27 November", date(2024, 11, 26), date(2024, 11, 27)),
        ("clashes on 12-13 September 2021 near the border", date(2021, 9, 12), date(2021, 9, 13)),
        ("fighting on September 12 and 13, 2022, in the north", date(2022, 9, 12), date(2022, 9, 13)),
        ("protests on Sept. 8 and 9.", date(2024, 9, 8), date(2024, 9, 9)),
    ],
)
def test_two_days_of_one_month_are_one_date_over_both(text, earliest, latest):
    [(_, resolved)] = dates_in(text, OCT_25)
    assert resolved == DateRange(earliest, latest, "day")


def test_a_day_and_a_count_after_a_month_are_no_span():
    [(phrase, _)] = dates_in("on September 12 and 13 soldiers died", OCT_25)
    assert phrase == "September 12"


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("attacked a prison in the early hours of Monday", date(2024, 10, 21)),
        ("gunmen struck on the night of Wednesday", date(2024, 10, 23)),
        ("the raid began in the early hours of Friday", date(2024, 10, 25)),
    ],
)
def test_a_part_of_a_weekday_is_that_day(text, day):
    assert [resolved for _, resolved in dates_in(text, OCT_25)] == [DateRange(day, day, "day")]

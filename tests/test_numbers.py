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


@pytest.mark.parametrize(
    ("text", "value", "counts", "approximate", "bound", "unit"),
    [
        ("Officials said at least 14 people were killed.", 14, "people", True, "lower", None),
        ("The army said up to 450 fighters crossed.", 450, "fighters", True, "upper", None),
        ("Some three million people have fled.", 3_000_000, "people", True, None, None),
        ("The two countries share a 390-kilometre border.", 390, "kilometre", False, None, "km"),
        ("Morocco built a 2,700-km sand wall.", 2700, "km", False, None, "km"),
        ("It happened at a mine 30 km from the town.", 30, "km", False, None, "km"),
        ("They seized Nasir, a town of 4,000 people.", 4000, "people", False, None, "people"),
        ("They hid in Amambay, a department of some 170,000 people.", 170_000, "people", True, None, "people"),
    ],
)
def test_bounds_and_measures_are_kept_as_such(text, value, counts, approximate, bound, unit):
    [number] = find_numbers(text, 0, len(text), load_lexicon(), [])
    assert (number.value, number.counts, number.approximate, number.bound, number.unit) == (
        value, counts, approximate, bound, unit,
    )  # fmt: skip


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("The raid killed eleven soldiers, four civilians and a driver.", [(11, "soldiers"), (4, "civilians")]),
        ("The owner said its crew, twenty-one sailors, were unharmed.", [(21, "sailors")]),
        ("Shelling killed 14 people, five of them children.", [(14, "people"), (5, "children")]),
        ("Mali, Niger and Burkina Faso, three juntas, left the bloc.", []),
        ("In Kaya, fifteen people were killed.", [(15, "people")]),
    ],
)
def test_spelled_out_numbers_after_a_comma_count_unless_they_sum_up_the_names_before(sentence, expected):
    assert [(value, counts.split()[-1]) for value, counts, _ in counts_in(sentence)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Its teams treated 87 people for gunshot wounds.", [(87, "people")]),
        ("Troops killed more than 300 militiamen.", [(300, "militiamen")]),
        ("Two security sources told Reuters the base fell.", [(2, "sources")]),
    ],
)
def test_what_is_counted_ends_before_a_preposition_or_a_verb_and_men_plurals_count(text, expected):
    assert [(value, counts.split()[-1]) for value, counts, _ in counts_in(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The raid left 20 people dead.", [(20, "people")]),
        ("Shelling left three soldiers wounded and 20 dead.", [(3, "soldiers"), (20, "dead")]),
    ],
)
def test_a_state_after_a_counted_noun_is_what_became_of_it_not_what_is_counted(text, expected):
    assert [(value, counts.split()[-1]) for value, counts, _ in counts_in(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The raids brought to more than 500 the number of militants killed this year.", [(500, "militants", True)]),
        ("The attack raised to 31 the number of soldiers killed since May.", [(31, "soldiers", False)]),
    ],
)
def test_a_number_set_before_the_number_of_things_counts_those_things(text, expected):
    assert counts_in(text) == expected


# Eighth pass on issue #19: a range is two bounds of one count.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gunmen killed between 12 and 15 officers.",
         [(12, "officers", True, "lower"), (15, "officers", True, "upper")]),
        ("Between 400 and 500 militants remain active.",
         [(400, "militants", True, "lower"), (500, "militants", True, "upper")]),
        ("Between 3,000 and 4,000 people fled.", [(3000, "people", True, "lower"), (4000, "people", True, "upper")]),
        ("From 20 to 30 fighters were seen.", [(20, "fighters", True, "lower"), (30, "fighters", True, "upper")]),
        # not a range: two counts side by side
        ("They lost 12 tanks and 15 trucks.", [(12, "tanks", False, None), (15, "trucks", False, None)]),
    ],
)  # fmt: skip
def test_a_range_is_a_lower_and_an_upper_bound_of_what_its_second_number_counts(text, expected):
    found = find_numbers(text, 0, len(text), load_lexicon(), [])
    assert [(n.value, n.counts, n.approximate, n.bound) for n in found] == expected


def test_a_time_of_day_is_no_count_and_a_quoted_noun_phrase_is_counted():
    from geo.lexicon import load_lexicon
    from geo.numbers import find_numbers

    def found(text):
        return [(n.value, n.counts, n.bound) for n in find_numbers(text, 0, len(text), load_lexicon(), [])]

    assert found("A curfew from 9pm to 6am remains in force.") == []
    assert found("The curfew runs until 6 a.m. daily.") == []
    assert found('At least eight "members of criminal groups" were killed.') == [(8, "members", "lower")]
    assert found('It recalled 1.5 million "Wooden Railway" vehicles.') == [(1_500_000, "Wooden Railway vehicles", None)]
    assert found("Canberra sent more than 70 police and soldiers.") == [(70, "police", "lower")]


def test_a_verb_after_the_counted_noun_ends_what_is_counted_and_a_zone_of_people_is_a_measure():
    assert counts_in("NATO said three of the Hungarian soldiers suffered gunshot wounds.") == [
        (3, "Hungarian soldiers", False)
    ]
    text = "The health zone, a zone of about 230,000 inhabitants, is cut off."
    [zone] = find_numbers(text, 0, len(text), load_lexicon(), skip=[])
    assert (zone.value, zone.unit) == (230000, "inhabitants")


def test_a_plural_noun_ends_what_is_counted_before_a_new_phrase():
    assert counts_in("Fisher was one of three people police arrested on Thursday.") == [(3, "people", False)]
    assert counts_in("It targeted two senior Hamas commanders.") == [(2, "senior Hamas commanders", False)]


def test_one_person_as_the_subject_of_what_happened_is_counted_a_speaker_is_not():
    assert counts_in("The spokesman said one soldier was among the dead.") == [(1, "soldier", False)]
    assert counts_in("Police confirmed that one officer was killed.") == [(1, "officer", False)]
    assert counts_in("One resident said the town was empty. One thing is clear. One of them was hurt.") == []


def test_over_after_handed_belongs_to_the_verb_and_bounds_nothing():
    text = "It handed over three bases and killed over 20 militants."
    found = [(n.value, n.approximate, n.bound) for n in find_numbers(text, 0, len(text), load_lexicon(), skip=[])]
    assert found == [(3, False, None), (20, True, "lower")]


def test_an_area_in_square_kilometres_written_as_one_adjective_is_a_measure():
    text = "Abyei, a 10,000-square-kilometre area, is disputed."
    [area] = find_numbers(text, 0, len(text), load_lexicon(), skip=[])
    assert (area.value, area.counts, area.unit) == (10000, "square-kilometre", "km2")


def test_a_second_number_after_a_counted_noun_begins_a_phrase_of_its_own():
    text = "They trained near Orlu, a town of some 400,000 people about 30 km northwest of Owerri."
    found = find_numbers(text, 0, len(text), load_lexicon(), [])
    assert [(n.value, n.counts, n.unit) for n in found] == [(400_000, "people", "people"), (30, "km", "km")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The service said 1,844 inmates had escaped and that 35 had returned by Monday evening.",
         [(1844, "inmates", False), (35, "inmates", False)]),
        ("More than 400 people had been treated in hospitals and 62 were in intensive care.",
         [(400, "people", True), (62, "people", False)]),
        ("Police said 20 soldiers were killed, while about 12 were missing.",
         [(20, "soldiers", False), (12, "soldiers", True)]),
        # no verb after it, a number after a measure, or one a semicolon parts from the count: nothing counted
        ("Police said 20 soldiers were killed and 12 in all.", [(20, "soldiers", False)]),
        ("The march covered 30 km and 12 were arrested.", [(30, "km", False)]),
        ("Police said 20 soldiers were killed; 12 were later freed.", [(20, "soldiers", False)]),
        # a state counted ("2,700 wounded") is no noun the next number shares
        ("Sweden has 17 confirmed dead, but more than 2,500 are still missing.", [(17, "confirmed dead", False)]),
    ],
)  # fmt: skip
def test_a_count_whose_noun_is_left_out_after_a_first_count_counts_the_same_noun(text, expected):
    assert counts_in(text) == expected

"""Property tests: whatever text comes in, extraction and geoparsing neither fail nor point outside it.

Ten thousand generated texts in all (``EXAMPLES`` per test below): raw Unicode, and news-like text
built from place names, capitalised words, numbers, dates, quotes, brackets and odd white space.
"""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo import places, resolve
from geo.claims import extract_claims
from geo.dates import find_dates
from geo.described import _A_KIND_OR_BEARING, _a_kind_or_bearing
from geo.documents import make_document, parse_published
from geo.text import ends_before

EXAMPLES = 2500  # × 4 tests = 10,000 texts

WORDS = [
    "Kyiv", "Kharkiv", "Donetsk", "Pokrovsk", "Russia", "Ukraine", "North Korea", "eastern", "Russia's",
    "the", "area", "border", "near", "in", "said", "claimed", "believes", "it is believed", "according to",
    "Mr", "Dr.", "Ms", "(NIS)", "NIS", "ISW", "Institute for the Study of War", "last week", "on Tuesday",
    "October 17", "17 October 2024", "from the beginning of November", "around", "1,500", "10,000", "two",
    "soldiers", "troops", "village of", "River", "Sea", "Oblast", "region", "—", "-", "–", ",", ".", "?", "!",
    ";", ":", "\"", "“", "”", "'", "’", "(", ")", "[", "]", "\n", "\n\n", "\t", "  ", "KYIV,", "Ala.", "U.S.",
    "Ussuryisk", "Ukrainian-Russian", "St.", "al-", "Al-Mawasi", "é", "ß", "İ", "Київ", "서울", "0", "2024",
]  # fmt: skip
news_like = st.lists(st.sampled_from(WORDS), max_size=80).map(" ".join)
any_text = st.text(max_size=400)
published = st.sampled_from([None, "2024", "2024-10", "2024-10-25"])
SLOW_OK = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check_claims(text: str, when: str | None) -> None:
    if not text.strip():
        return
    document = make_document(text, {"published": when})
    for claim in extract_claims(document):
        assert 0 <= claim.start < claim.end <= len(text) and text[claim.start : claim.end] == claim.text
        for item in (*claim.dates, *claim.numbers):
            assert claim.start <= item.start < item.end <= claim.end
            assert text[item.start : item.end] == item.phrase


def check_places(pipeline, text: str) -> None:
    for place in pipeline.places(text):
        assert 0 <= place.start < place.end <= len(text) and text[place.start : place.end] == place.mention
        assert -90 <= place.lat <= 90 and -180 <= place.lon <= 180


@SLOW_OK
@given(news_like, published)
def test_claims_from_news_like_text(text, when):
    check_claims(text, when)


@SLOW_OK
@given(any_text, published)
def test_claims_from_any_text(text, when):
    check_claims(text, when)


@SLOW_OK
@given(text=news_like)
def test_places_from_news_like_text(pipeline, text):
    check_places(pipeline, text)


@SLOW_OK
@given(text=any_text)
def test_places_from_any_text(pipeline, text):
    check_places(pipeline, text)


MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
               "November", "December"]  # fmt: skip
filler = st.lists(st.sampled_from(WORDS[:40]), max_size=8).map(" ".join)


@settings(max_examples=500, deadline=None)
@given(
    before=filler,
    after=filler,
    day=st.one_of(st.none(), st.integers(1, 28)),
    month=st.sampled_from(MONTH_NAMES),
    year=st.integers(1950, 2049),
    lead=st.sampled_from(["in", "on", "since", "by", "began", "", "late", "early"]),
    trail=st.sampled_from([".", ",", " ", ";", ", officials said.", ")"]),
    when=published,
)
def test_an_explicit_year_is_always_the_year_of_the_date(before, after, day, month, year, lead, trail, when):
    # Any "<Month> <YYYY>" or "<D> <Month> <YYYY>" in a sentence yields a date with that year,
    # whatever the publication date, and with none.
    phrase = f"{day} {month} {year}" if day else f"{month} {year}"
    text = f"{before} {lead} {phrase}{trail} {after}".strip()
    start = text.index(phrase)
    found = [d for d in find_dates(text, 0, len(text), parse_published(when) if when else None)
             if d.start <= start < d.end or start <= d.start < start + len(phrase)]  # fmt: skip
    assert found and found[0].resolved is not None
    assert found[0].resolved.earliest.year == year and found[0].resolved.latest.year == year


KIND_WORDS = [
    "village", "Town", "TOWNSHIP", "hamlet", "Settlement", "suburb", "sub-district", "neighborhood", "Neighbourhood",
    "neighbouhood", "quarter", "locality", "commune", "refugee camp", "Camps", "slum", "Ward", "North-east", "southern",
    "EAST", "westward", "the", "of", "in", "Kyiv", "downtown", "İ", "ſouth", "Kelvin K", "ı", "—", ",", "\n",
]  # fmt: skip


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.one_of(st.lists(st.sampled_from(KIND_WORDS), max_size=12).map(" ".join), any_text))
def test_a_described_places_first_test_finds_what_its_pattern_finds(window):
    """The plain substring test before a described place's patterns agrees with the pattern it stands for."""
    assert _a_kind_or_bearing(window) == (_A_KIND_OR_BEARING.search(window) is not None)


BEFORE_WORDS = [
    "the", "The", "village", "Town", "CITY", "settlement", "of", "OF", "Of", "state", "province", "capital", "port",
    "residents", "mayor", "Strait", "Cape", "Gulf", "River", "Lake", "Mount", "Mt.", "Leo", "Drexler", "30", ",",
    ", 30,", " ", "\n", "\t", "\u00a0", "İ", "ſ", "x",
]  # fmt: skip
# Each pattern searched only where ends_before finds one of its last words, as the code asks it.
ANCHORED = [
    (places._SETTLEMENT_BEFORE, 40, ("of", ",")),
    (places._A_PERSON_OF, 40, ("of", ",")),
    (places._FEATURE_WORDS_BEFORE, 16, places._FEATURE_WORDS_BEFORE_ENDINGS),
    (resolve._TOWN_DESIGNATOR_BEFORE, 30, ("of", ",")),
    (resolve._STATE_DESIGNATOR_BEFORE, 30, ("of",)),
]


@pytest.mark.parametrize("pattern, reach, endings", ANCHORED)
@settings(max_examples=EXAMPLES // 5, deadline=None)
@given(text=st.lists(st.sampled_from(BEFORE_WORDS), max_size=12).map(lambda words: " ".join(words) + " Name"))
def test_a_pattern_before_a_name_is_searched_only_where_its_last_words_are(pattern, reach, endings, text):
    """The cheap test before an anchored pattern never passes over a place the pattern would match."""
    start = len(text) - len("Name")
    if pattern.search(text, max(0, start - reach), start):
        assert ends_before(text, start, reach, endings)

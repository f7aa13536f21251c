"""The geoparser on the seed and on text written for these tests: what it finds, where it puts it."""

import pytest
from shapely.geometry import Point, shape

from geo.text import fold


def places(pipeline, text):
    return pipeline.places(text)


def by_mention(found):
    return {p.mention: p for p in found}


def test_offsets_are_exact_spans_of_the_text(pipeline, seed_text):
    for place in places(pipeline, seed_text):
        assert seed_text[place.start : place.end] == place.mention


def test_seed_places(pipeline, seed_text):
    found = by_mention(places(pipeline, seed_text))
    assert found["Ussuryisk"].name == "Ussuriysk" and found["Ussuryisk"].country == "RU"
    assert found["Khabarovsk"].feature == "city"
    assert found["eastern Russia"].feature == "part"
    assert found["Donetsk area"].country == "UA"
    assert found["Ukrainian-Russian border"].feature == "border"
    assert {found["Yakutia"].feature, found["Buryatia"].feature} == {"admin1"}
    for name in ("Brussels", "Pyongyang", "Moscow", "Siberia"):
        assert name in found


def test_names_inside_other_names_are_not_places(pipeline, seed_text):
    mentions = {fold(p.mention) for p in places(pipeline, seed_text)}
    for not_a_place in ("un", "turner", "biden", "zelensky", "putin", "nato", "korean", "russian"):
        assert not_a_place not in mentions


def test_eastern_russia_is_an_area_in_the_east_not_a_centroid(pipeline, seed_text):
    east = by_mention(places(pipeline, seed_text))["eastern Russia"]
    area = shape(east.geometry)
    assert area.geom_type in ("Polygon", "MultiPolygon")
    assert area.contains(Point(135.1, 48.5))  # Khabarovsk
    assert not area.contains(Point(37.6, 55.75))  # Moscow


def test_regions_are_their_boundary_polygons(pipeline, seed_text):
    yakutia = shape(by_mention(places(pipeline, seed_text))["Yakutia"].geometry)
    assert yakutia.contains(Point(129.73, 62.03))  # Yakutsk
    assert yakutia.area > 100  # square degrees: a region, not a town


def test_donetsk_area_is_a_buffer_around_ukraines_donetsk(pipeline, seed_text):
    area = shape(by_mention(places(pipeline, seed_text))["Donetsk area"].geometry)
    assert area.contains(Point(37.80, 48.02))
    assert not area.contains(Point(39.95, 48.34))  # the Russian town of the same name


def test_the_border_lies_between_the_two_countries(pipeline, seed_text):
    band = shape(by_mention(places(pipeline, seed_text))["Ukrainian-Russian border"].geometry)
    assert band.contains(Point(36.6, 50.4)) or band.distance(Point(36.6, 50.4)) < 0.3  # near Belgorod/Kharkiv
    assert not band.contains(Point(30.5, 50.45))  # Kyiv


OTHER = (
    "Shelling hit Kharkiv and Sumy overnight, officials in Kyiv said. "
    "Russian forces pushed towards Pokrovsk in the Donetsk region, while reports from "
    "Yakutsk described recruits from the Sakha Republic. "
    "The Washington Post quoted a source in Ussurisk. Donald Trump spoke in Washington on Monday. "
    "Drones struck northern Ukraine and the Zaporizhzhia Oblast. London, Ontario was calm."
)


def test_other_text(pipeline):
    found = by_mention(places(pipeline, OTHER))
    assert found["Kharkiv"].country == "UA" and found["Sumy"].country == "UA"
    assert found["Kyiv"].feature == "city"
    assert found["Pokrovsk"].country == "UA"
    assert found["Ussurisk"].name == "Ussuriysk"
    assert found["Sakha Republic"].feature == "admin1"
    assert found["northern Ukraine"].feature == "part"
    assert found["Washington"].country == "US"
    assert "Post" not in " ".join(found) and "Trump" not in found


def test_london_ontario_when_the_text_says_so(pipeline):
    found = by_mention(places(pipeline, OTHER))
    assert found["London"].country == "CA"


@pytest.mark.parametrize(
    "text",
    [
        "Kim Jong Un met Michael Turner and Joe Biden.",
        "Police said Most of the Reading was done.",
        "The NATO summit ended.",
        "Western intelligence officials believe the border was closed.",
        "Officials at Central Command said Northern units had moved.",
    ],
)
def test_no_place_where_there_is_none(pipeline, text):
    assert places(pipeline, text) == []


@pytest.mark.parametrize(
    ("text", "mention", "name", "feature"),
    [
        ("Troops moved from Kiev to Kharkov.", "Kiev", "Kyiv", "city"),
        ("Troops moved from Kiev to Kharkov.", "Kharkov", "Kharkiv", "city"),
        ("Fighting raged in the Kursk region.", "Kursk region", "Kursk Oblast", "admin1"),
        ("Recruits came from the Republic of Buryatia.", "Republic of Buryatia", "Buryatia", "admin1"),
        ("He flew on to Primorsky Krai.", "Primorsky Krai", "Primorye", "admin1"),
        ("Shelling near Kherson continued.", "Kherson", "Kherson area", "area"),
        ("Units moved into southern Ukraine.", "southern Ukraine", "Southern Ukraine", "part"),
    ],
)
def test_spellings_designators_and_areas(pipeline, text, mention, name, feature):
    found = by_mention(places(pipeline, text))
    assert (found[mention].name, found[mention].feature) == (name, feature)


def test_longest_name_lengths_cover_every_name(pipeline):
    # A capitalised word is passed over when no name starts with it: the table must not miss one.
    gazetteer = pipeline.gazetteer
    for name in [*list(gazetteer.index)[::997], *gazetteer.demonyms]:
        words = name.split(" ")
        assert gazetteer.name_words[words[0]] >= len(words), name


@pytest.mark.parametrize(
    ("text", "mention"),
    [
        ("Clashes spread to Deir ez-Zor province on Monday.", "Deir ez-Zor"),
        ("Rebels entered Jisr ash-Shughur overnight.", "Jisr ash-Shughur"),
    ],
)
def test_a_lower_case_article_hyphened_inside_a_name_belongs_to_it(pipeline, text, mention):
    assert mention in by_mention(places(pipeline, text))


@pytest.mark.parametrize(
    ("text", "mention", "found"),
    [
        ("Rebels pushed toward the town of Sake on Monday.", "Sake", True),
        ("They did it for the sake of Sake's children.", "Sake", False),
        ("JUBA, March 14 (Reuters) - The army said it had shelled rebel positions.", "JUBA", True),
    ],
)
def test_a_name_that_is_also_a_word_is_a_place_after_town_of_or_in_a_dateline(pipeline, text, mention, found):
    assert (mention in by_mention(places(pipeline, text))) == found

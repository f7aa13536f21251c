"""The geoparser on the seed and on text written for these tests: what it finds, where it puts it."""

import pytest
from shapely.geometry import Point, shape

from geo.text import fold, tokenise


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


def test_a_part_of_a_great_city_is_a_part_of_its_area_not_of_a_district_of_its_name(pipeline):
    # Natural Earth lists the City of London among England's regions; "north London" is not its north.
    north = by_mention(places(pipeline, "Protesters marched from north London to Westminster."))["north London"]
    area = shape(north.geometry)
    assert (north.feature, north.name) == ("part", "Northern London")
    assert area.contains(Point(-0.14, 51.62))  # Muswell Hill
    assert not area.contains(Point(-0.09, 51.45))  # Dulwich, in the south


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


def test_a_town_on_a_regions_border_belongs_to_the_region_geonames_gives_it(pipeline):
    # Simplified outlines put the suburb across the river in the capital district.
    [town] = [e for e in pipeline.gazetteer.lookup("alexandria") if e.country == "US" and e.population > 100_000]
    assert town.region == "admin1:US-virginia"
    found = by_mention(places(pipeline, "Alexandria police said a Virginia man was charged. Alexandria's mayor spoke."))
    assert found["Alexandria"].country == "US"


def test_ambiguous_towns_named_together_are_the_ones_near_one_another(pipeline):
    # Three names borne by towns in many states; only in Ohio are all three a short drive apart.
    text = "The fair opens in Athens on Friday. Vendors from Marietta and Nelsonville will sell crafts."
    found = by_mention(places(pipeline, text))
    regions = {pipeline.gazetteer.entries[found[name].key].region for name in ("Athens", "Marietta", "Nelsonville")}
    assert regions == {"admin1:US-ohio"}


def test_a_name_of_a_city_and_a_region_is_the_city_beside_its_neighbour(pipeline):
    # Saratov is a city and its oblast; an air base at Engels across the river makes it the city, as
    # neighbours choose among towns of one name.
    text = "Drones struck an oil refinery in Saratov and an air base at Engels, across the Volga, officials said."
    assert by_mention(places(pipeline, text))["Saratov"].feature == "city"


def test_a_great_citys_name_in_a_national_story_is_the_city_not_a_town_in_a_state_named_elsewhere(pipeline):
    # Boston, New York is a town of 8,000; a state named paragraphs away does not make "the Mayor of
    # Boston" its mayor.
    text = (
        "Flu is spreading across the United States. The Mayor of Boston declared a flu emergency for the city, "
        "as 700 cases were reported. Public officials in Texas have urged people to get a flu shot. Doctors are "
        "telling people to wash their hands and to avoid sick people where they can. A report released on Friday "
        "said that 7.3% of deaths last week were from pneumonia and flu. New York Governor Andrew Cuomo declared "
        "a state-wide emergency on Saturday."
    )
    boston = by_mention(places(pipeline, text))["Boston"]
    assert pipeline.gazetteer.entries[boston.key].region == "admin1:US-massachusetts"


def test_a_town_name_that_none_of_its_places_fits_is_left_unplaced(pipeline):
    # A story about Missouri names "Logan": the gazetteer has no Logan in Missouri (it is a village),
    # and every Logan it has is a small town states away, so any of them would be a guess.
    story = (
        "Schools in Rogersville and Marshfield, in Webster County, Missouri, will merge with Logan next year,"
        " the Springfield school board said."
    )
    assert "Logan" not in by_mention(places(pipeline, story))
    # Where the story names the state of one of them, that one it is.
    found = by_mention(places(pipeline, story + " The board hired a teacher from Utah."))
    assert pipeline.gazetteer.entries[found["Logan"].key].region == "admin1:US-utah"


def test_a_town_the_text_puts_where_none_of_its_places_lies_is_left_unplaced(pipeline):
    # The gazetteer's Strouds are in England, Oklahoma and New South Wales, not Ontario.
    found = by_mention(places(pipeline, "Police in Stroud, Ontario, made an arrest."))
    assert "Stroud" not in found and "Ontario" in found
    # In a list, the name after a comma is the next item, not where the one before it lies.
    found = by_mention(places(pipeline, "Volunteers came from Crockett, Palestine and Houston, Texas."))
    assert "Crockett" in found


def test_a_state_in_a_list_of_states_even_with_a_city_in_it(pipeline):
    found = by_mention(places(pipeline, "Cases were confirmed in Ohio, New York and Oregon on Friday."))
    assert {found[name].feature for name in ("Ohio", "New York", "Oregon")} == {"admin1"}


def test_a_name_the_text_calls_a_town_is_a_town(pipeline):
    [found] = places(pipeline, "Police in the town of Lebanon said the road was closed.")
    assert found.feature == "city"


def test_a_name_does_not_make_the_document_about_its_own_country(pipeline):
    # "Paris" alone says nothing of France; the county the text names says Tennessee.
    text = "Paris and Henry County have a rich history. The Paris mayor spoke at the county fair."
    assert {p.country for p in places(pipeline, text)} == {"US"}


def test_a_name_placed_by_its_qualifier_once_is_the_same_place_after(pipeline):
    text = (
        "Protesters gathered in Athens, Greece, on Monday. Flights from Toronto and Ottawa, Canada, were "
        "cancelled, officials in Ontario said. In Athens, police closed the square."
    )
    assert [p.country for p in places(pipeline, text) if p.mention == "Athens"] == ["GR", "GR"]


def test_a_name_the_words_around_it_made_a_state_once_is_the_state_after(pipeline):
    # Listed with states, or called a state, at one mention: the bare name later is the same state, not
    # a town of that name in a state named beside it.
    listed = (
        "Losses were reported in Georgia, Oklahoma, Pennsylvania, Wisconsin and California. The damage is "
        "worst for orchards in California, where growers depend on the insects."
    )
    called = "Farmers in Washington state lost their crops. Prices rose in Washington, where the harvest failed."
    for text, name in ((listed, "California"), (called, "Washington")):
        assert {p.feature for p in places(pipeline, text) if p.mention == name} == {"admin1"}


def test_the_sea_after_the_is_the_sea_not_a_town_in_a_state_named_beside_it(pipeline):
    # Missouri has a town called Pacific and Iowa one called Atlantic; "the Pacific" is neither.
    texts = {
        "Pacific": "Farmers in Missouri and Washington fear storms over the Pacific will bring more rain.",
        "Atlantic": "Birds from Virginia and Iowa follow the Atlantic flyway south each autumn.",
    }
    for name, text in texts.items():
        found = by_mention(places(pipeline, text))[name]
        assert (found.feature, found.name) == ("macro", f"{name} Ocean")
    pacific = by_mention(places(pipeline, texts["Pacific"]))["Pacific"]
    assert pacific.lon < -120 or pacific.lon > 150  # the ocean's own point, not the mean of its halves


def test_a_countrys_name_among_countries_is_the_country_in_a_report_from_a_state_with_a_town_of_that_name(
    pipeline,
):
    text = (
        "Most new infections were reported by the United States, where Pennsylvania and Ohio counted hundreds. "
        "Egypt, Bulgaria and Nicaragua each reported their first case, while Lebanon reported three."
    )
    assert by_mention(places(pipeline, text))["Lebanon"].feature == "country"


def test_the_province_of_a_name_is_the_province_at_its_other_mentions_too(pipeline):
    # New York has a village called Ontario; the text put the name in Canada first.
    text = (
        "New patients will be sent to other hospitals in the province of Ontario. Buffalo, New York may take "
        "some women from Ontario with high-risk pregnancies."
    )
    assert {(p.feature, p.country) for p in places(pipeline, text) if p.mention == "Ontario"} == {("admin1", "CA")}


def test_a_countrys_name_is_the_country_and_its_province_only_where_the_text_says_province(pipeline):
    text = "The outbreak began in Panama, officials said. Cases were later found in the Panama Province town of Chepo."
    assert [p.feature for p in places(pipeline, text) if p.mention == "Panama"] == ["country", "admin1"]


def test_a_county_follows_the_town_the_text_puts_in_it(pipeline):
    # Huntsville alone is the Alabama city; with Walker County, both are the Texas ones.
    text = "Walker County deputies arrested a man on Friday. He was taken to the jail in Huntsville."
    found = by_mention(places(pipeline, text))
    regions = {pipeline.gazetteer.entries[found[name].key].region for name in ("Walker County", "Huntsville")}
    assert regions == {"admin1:US-texas"}


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
        "Police arrested Maria Lopez Henry on Monday. A neighbour's call led detectives to Henry.",
        # A currency, a season of a year, a disease named after a place, a news agency, a word that is
        # only an old spelling of a town's name.
        "The fund paid US$460 million, NZ$3 million and $US 5 million.",
        "Cases peaked in the Summer of 2008 and again in Spring 2002.",
        "The Reston ebolavirus and Marburg hemorrhagic fever were studied.",
        "According to Xinhua, the talks ended.",
        "The Godfather of Soul sang for an hour.",
        # Everyday words that only small towns bear, a holiday, a compass word opening a longer name,
        # and a surname before "said" that is another name of a town.
        "The committee holds the Red, White and Blue Bash on Friday.",
        "Shops did well at Christmas.",
        "He was flown to North Memorial Medical Center.",
        "Robertson said the theatre would reopen.",
        # …and in every other mention, once the document has given that name a voice.
        '"It was the first theatre in town," Robertson said. Robertson and her father reopened it.',
        # A saint's square, hospital or cathedral is no town called after the saint (Saint Peter, Minnesota).
        "Crowds gathered in St. Peter's Square. He was taken to St. Mary's Hospital.",
        # A name given an age is a person's.
        "Her eldest, Harrison, 8, held a paper plate.",
        # A small town's name after "the" and before a stop is a thing called so.
        "In the Honda, driver Virginia Lee was hurt. Staff at the Gatehouse, a shelter, helped.",
        # A small town's name before a surname the document uses is a given name.
        "Patrick Todoran took the unexpired term of Keith Blosser on the Board of Zoning Appeals.",
        "Fighting in the North continued, the army said.",
    ],
)
def test_no_place_where_there_is_none(pipeline, text):
    assert places(pipeline, text) == []


@pytest.mark.parametrize(
    "text, mentions",
    [
        # A continent, or a country by another name than its own, names the organisation…
        ("She cashed checks at the Bank of America branch in Henrico County.", ["Henrico County"]),
        ("He joined the Future Farmers of America in Charleston.", ["Charleston"]),
        ("Russia's membership in the Council of Europe is not threatened.", ["Russia"]),
        # …a country's own name, or its formal name, is the country.
        ("Bank of Canada governor Mark Carney spoke in Ottawa.", ["Canada", "Ottawa"]),
        ("The Investigative Committee of the Russian Federation opened a case.", ["Russian Federation"]),
    ],
)
def test_a_place_in_an_organisations_name(pipeline, text, mentions):
    assert [p.mention for p in places(pipeline, text)] == mentions


@pytest.mark.parametrize(
    "text",
    [
        "Prosecutors in West Virginia charged a teenager with killing Welch. Welch went to a residence nearby.",
        "In West Virginia, Welch's mother was at home. Police said Welch had left at noon.",
        "Welch and his mother left West Virginia. Welch had farmed there for forty years.",
    ],
)
def test_a_name_given_kin_or_harm_is_a_persons_in_all_its_mentions(pipeline, text):
    assert [p.mention for p in places(pipeline, text)] == ["West Virginia"]


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
        # A plural designator makes each name of its list one of its kind.
        ("Power failed in the Kharkiv and Sumy regions.", "Kharkiv", "Kharkiv Oblast", "admin1"),
        ("Strikes hit Idlib and Hama provinces.", "Idlib", "Idlib", "admin1"),
        ("Crews from Cooke, Grayson and Love counties helped.", "Love", "Love County", "admin2"),
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


def test_counties_named_in_many_states_follow_the_state_the_document_names(pipeline):
    text = "Crews from Benton County and Perry County joined the search. Tennessee officials said more rain is due."
    found = by_mention(places(pipeline, text))
    for county in ("Benton County", "Perry County"):
        assert pipeline.gazetteer.entry(found[county].key).region == "admin1:US-tennessee"


def test_a_county_is_in_the_state_the_text_names_though_a_city_elsewhere_is_nearer_its_namesakes(pipeline):
    # Georgia has a Madison and a Jefferson County too, near Atlanta; the text names Kentucky.
    text = "Madison County and Jefferson County schools will represent Kentucky at the national final in Atlanta."
    found = by_mention(places(pipeline, text))
    for county in ("Madison County", "Jefferson County"):
        assert pipeline.gazetteer.entry(found[county].key).region == "admin1:US-kentucky"


def test_a_town_named_like_a_word_is_the_town_where_the_text_says_so(pipeline):
    found = places(pipeline, "Rebels pushed toward the town of Sake. Officials in Goris said refugees arrived.")
    assert [p.mention for p in found] == ["Sake", "Goris"]


def test_a_compass_word_joined_to_a_name_by_and_is_that_name_with_its_own_compass_word(pipeline):
    text = "Talks between North and South Korea stalled, as in Central and South America."
    found = by_mention(places(pipeline, text))
    assert (found["North"].name, found["Central"].name) == ("North Korea", "Central America")


def test_a_states_name_alone_before_counties_is_the_state_that_holds_them(pipeline):
    found = by_mention(places(pipeline, "Boone County is near the middle of Indiana counties."))
    assert found["Indiana"].feature == "admin1"
    assert pipeline.gazetteer.entry(found["Boone County"].key).region == "admin1:US-indiana"
    found = by_mention(places(pipeline, "Crews came from Harris and Texas counties."))
    assert found["Texas"].feature == "admin2"


def test_a_compass_word_and_a_sea_are_a_part_of_the_sea_not_a_province_of_that_name(pipeline):
    [found] = places(pipeline, "A tanker was struck in the southern Red Sea.")
    assert found.feature == "part"  # Eritrea has a Southern Red Sea region


def test_a_part_of_a_country_is_a_part_of_its_mainland(pipeline):
    found = by_mention(places(pipeline, "Storms hit the eastern United States and northern Norway."))
    us, norway = found["eastern United States"], found["northern Norway"]
    assert -100 < us.lon < -65 and 24 < us.lat < 50  # not the Aleutians
    assert norway.lat < 72  # not Svalbard


def test_compass_words_joined_to_a_part_of_a_place_are_parts_of_it_too(pipeline):
    text = "Shelling hit northern and southern Ukraine, and eastern, central and western Sudan."
    found = [(p.mention, p.name) for p in places(pipeline, text)]
    assert found == [
        ("northern", "Northern Ukraine"),
        ("southern Ukraine", "Southern Ukraine"),
        ("eastern", "Eastern Sudan"),
        ("central", "Central Sudan"),
        ("western Sudan", "Western Sudan"),
    ]


def test_a_season_or_a_currency_leaves_a_town_and_a_country_of_the_name_alone(pipeline):
    found = by_mention(places(pipeline, "Floods hit Spring, Texas, and the US $1.5 billion package passed."))
    assert (found["Spring"].feature, found["US"].feature) == ("city", "country")


def test_a_town_of_a_countrys_name_a_short_drive_from_a_town_the_text_names_is_that_town(pipeline):
    found = by_mention(places(pipeline, "Police in Jordan and Shakopee said the roads were closed after the storm."))
    assert (found["Jordan"].feature, found["Jordan"].country) == ("city", "US")
    found = by_mention(places(pipeline, "Police in Jordan and Amman said the roads were closed after the storm."))
    assert found["Jordan"].feature == "country"


@pytest.mark.parametrize(
    ("text", "mention", "name"),
    [
        ("Cases were reported in Cape Verde.", "Cape Verde", "Cabo Verde"),
        ("Protests spread across Tibet.", "Tibet", "Tibet"),
        ("Drought hit the Ogaden.", "Ogaden", "Somali Region"),
        ("Rebels held much of Azawad.", "Azawad", "Azawad"),
        ("Separatists in Casamance laid down arms.", "Casamance", "Casamance"),
        ("Ships waited to enter the Suez Canal.", "Suez Canal", "Suez Canal"),
        ("A tanker ran aground in the Bosphorus.", "Bosphorus", "Bosphorus"),
        ("Barges stalled on the Mississippi River.", "Mississippi River", "Mississippi River"),
        ("Migrants crossed the Rio Grande at night.", "Rio Grande", "Rio Grande"),
        ("Floods rose on the Vistula river.", "Vistula river", "Vistula River"),
        ("Ice jams on the Lena River flooded Yakutia.", "Lena River", "Lena River"),
        ("Barges on the Yenisei carried the troops north.", "Yenisei", "Yenisei River"),
        ("Residents of Saint Bernard Parish returned.", "Saint Bernard Parish", "St. Bernard Parish"),
        # A compass word and a name that together name a region: not the east of a Europe that reaches
        # the Pacific through Russia.
        ("Refugees reached eastern Europe.", "eastern Europe", "Eastern Europe"),
        ("Prices rose across central Europe.", "central Europe", "Central Europe"),
        ("Rains failed in east Africa.", "east Africa", "East Africa"),
        ("Turbines were built in central Denmark.", "central Denmark", "Midtjylland"),
    ],
)
def test_names_the_news_uses_for_countries_regions_canals_and_counties(pipeline, text, mention, name):
    found = by_mention(places(pipeline, text))
    assert pipeline.gazetteer.entry(found[mention].key).name == name


def test_a_documents_vocabulary_points_to_its_country():
    from geo.country_cues import countries_by_vocabulary

    assert countries_by_vocabulary("The sheriff told the school board that the grand jury met.") == {"US": 2}
    assert countries_by_vocabulary("The sheriff said nothing more.") == {}
    assert countries_by_vocabulary("A sheriff and another sheriff.") == {}


def test_cues_found_from_the_words_begin_where_the_pattern_finds_them():
    from geo.country_cues import _cue_windows

    texts = [
        "The sheriff’s office, 2sheriff x_sheriff sheriff2 sheriff_ .sheriff 'sheriff, School Board; STATE police.",
        "Straße: the zoning board met; the İzmir school district’s ’sheriff",  # folding that changes lengths
    ]
    for text in texts:
        assert _cue_windows(text, tokenise(text), 80) == _cue_windows(text, None, 80)
        assert len(_cue_windows(text, None, 80)) >= 4


def test_abbreviations_tried_at_short_capitalised_words_are_the_patterns_matches():
    from itertools import compress

    from geo.places import _ABBREVIATION_ANYWHERE, _abbreviation_starts

    text = "x.Tenn. aN.Y. and W.Va., 1Ca. Calif. _Ala. (Ont.) N.Y.C. St. Ky. Mass.-based Sö. Miss"
    tokens = tokenise(text)
    starts = _abbreviation_starts(tokens, list(compress(range(len(tokens.words)), tokens.capitalised)))
    tried = [m.span() for m in map(_ABBREVIATION_ANYWHERE.match, [text] * len(starts), starts) if m]
    assert tried == [m.span() for m in _ABBREVIATION_ANYWHERE.finditer(text)]


def test_a_county_the_report_names_in_full_is_the_county_by_its_name_alone(pipeline):
    text = "The Clarke County board met. While Clarke and Oconee update their rules, Oconee County waits."
    found = places(pipeline, text)
    assert [p.mention for p in found] == ["Clarke County", "Clarke", "Oconee", "Oconee County"]
    assert len({p.key for p in found}) == 2
    # Not a person called so, nor a name the county's name opens ("the Scott West Panthers").
    found = places(pipeline, "Ben Clarke of Clarke County spoke. Clarke said the Clarke Central Gladiators won.")
    assert [p.mention for p in found] == ["Clarke County"]


def test_where_a_person_named_in_full_is_from_is_a_place(pipeline):
    # "Leo Drexler of Annville": a village's name after a person's, as after "residents of"; not after
    # words that only look like a name ("the Silver Medal of Valor").
    text = "Surviving are her granddaughter, Cynthia, wife of Leo Drexler of Annville, and two sons."
    assert [p.mention for p in places(pipeline, text)] == ["Annville"]
    assert places(pipeline, "On Friday he received the Silver Medal of Valor.") == []


def test_a_small_towns_name_established_once_is_the_town_in_every_mention(pipeline):
    # "in Whitestown" says the village is meant; its other mentions are the same village (one sense a
    # document), while a name that is also a word keeps needing its context.
    text = (
        "Whitestown thanks donors. Donors funded the Whitestown water line, and Whitestown invited them "
        "to a ceremony in Whitestown."
    )
    assert [p.mention for p in places(pipeline, text)] == ["Whitestown"] * 4
    assert [p.mention for p in places(pipeline, "Mission accomplished, he said. They lived in Mission.")] == ["Mission"]


def test_a_us_town_council_report_names_the_us_town(pipeline):
    # Councilwomen, a vice mayor and a city manager are the vocabulary of an American town hall.
    text = (
        "The Dublin council met on Monday. Councilwoman Ann Lee asked the vice mayor whether the city "
        "manager would stay. Dublin residents will vote in May."
    )
    assert {p.country for p in places(pipeline, text)} == {"US"}


def test_city_belongs_to_the_council_unless_a_place_is_called_so(pipeline):
    found = [p.mention for p in places(pipeline, "Dublin City Council met. Jersey City Council met too.")]
    assert found == ["Dublin", "Jersey City"]


@pytest.mark.parametrize(
    "text, town",
    [
        ("Two held in W. Columbia slaying. Darrell Ross, 29, of Columbia, is charged.", "Columbia"),
        # Two compass initials are a part of the town, never a person's initials.
        ("Fire damages S.E. Paris apartment. Paris firefighters made quick work of it.", "Paris"),
        ("Fire damages N.W. Rochester house. Rochester police said nobody was hurt.", "Rochester"),
    ],
)
def test_a_compass_initial_makes_no_person_of_a_place(pipeline, text, town):
    assert town in [p.mention for p in places(pipeline, text)]


def test_a_dateline_in_capitals_is_the_city_not_its_province(pipeline):
    found = places(pipeline, "IDLIB, Syria — Shelling hit the city of Idlib on Monday, residents said.")
    assert [(p.mention, p.feature) for p in found if p.mention.casefold() == "idlib"] == [
        ("IDLIB", "city"),
        ("Idlib", "city"),
    ]


def test_a_countrys_name_is_the_country_in_a_report_from_elsewhere(pipeline):
    # A village of the name (Ohio has one) needs the text to put it there: its state, "Russia, Ohio".
    text = "Students from Dayton, Cincinnati and Columbus flew to St. Petersburg. Russia welcomed them."
    assert by_mention(places(pipeline, text))["Russia"].country == "RU"


def test_a_countrys_name_is_the_country_though_the_report_names_the_state_of_a_town_so_called(pipeline):
    # Alabama has a town called Egypt; a round-up that lists Alabama among other states does not put it there.
    text = (
        "Travellers arriving in Cairo are checked for fever throughout their stay in Egypt. "
        "Elsewhere, new cases were confirmed in Texas, Alabama, Tennessee and Ohio, and officials in "
        "Houston and Dallas said schools would close."
    )
    assert by_mention(places(pipeline, text))["Egypt"].country == "EG"


def test_a_great_citys_name_follows_the_country_named_beside_it(pipeline):
    # Brazil has a small Santiago in Rio Grande do Sul, which the round-up names paragraphs before;
    # Chile is named in the sentence before, and a state named far off puts no town of a great city's name there.
    text = (
        "Brazil reported its first cases in Rio Grande do Sul and Santa Catarina on Monday. "
        "Health officials said most of the patients had returned from trips abroad and were recovering at home. "
        "Hospitals across the south were told to keep beds free for the coming weeks.\n\n"
        "Elsewhere in South America, hundreds of cases have been confirmed in Chile. "
        "The Institute of Public Health in Santiago said most were mild."
    )
    assert by_mention(places(pipeline, text))["Santiago"].country == "CL"


def test_a_town_of_a_great_citys_name_in_the_state_the_report_is_about(pipeline):
    # The same rule leaves a town where the document is about its state.
    text = "PARIS, Texas — The Lamar County seat held its spring fair. Visitors came from Dallas and Sherman, Texas."
    assert by_mention(places(pipeline, text))["PARIS"].country == "US"


def test_a_name_called_a_state_is_the_state(pipeline):
    text = "Officials in Iowa traced the case to a cow raised on a Washington state farm near the border."
    found = by_mention(places(pipeline, text))
    assert (found["Washington"].feature, found["Washington"].name) == ("admin1", "Washington")


def test_a_provinces_name_is_the_province_though_a_town_of_its_name_lies_in_a_state_named_elsewhere(pipeline):
    # New York has a village called Ontario; naming the state in another paragraph does not put it there.
    text = (
        "TORONTO, Canada — A hospital in Ontario has stopped admitting newborns after an outbreak of infection. "
        "Doctors said the unit cares for one in five of the smallest babies born in Ontario, and the closure "
        "will strain other hospitals across the province for weeks.\n\n"
        "Last year a shortage of beds forced doctors to send some mothers across the border to Buffalo, "
        "New York, and to Rochester in the United States."
    )
    assert {p.country for p in places(pipeline, text) if p.mention == "Ontario"} == {"CA"}


def test_countries_in_a_list_qualify_no_one_another(pipeline):
    # Japan has a town called China: "China, Japan" in a list of countries is two countries.
    text = "Many countries, among them China, Japan and Germany, urged the agency to be cautious."
    assert {p.mention: p.feature for p in places(pipeline, text)} == {"China": "country", "Japan": "country",
                                                                       "Germany": "country"}  # fmt: skip


def test_a_town_by_a_stray_name_gains_nothing_from_its_state_named(pipeline):
    # GeoNames lists "Springfield" among the names of a Georgia town called otherwise; the report naming
    # Georgia does not make it the Springfield meant, where towns called Springfield are to be had.
    text = "Springfield police said the suspect was arrested near Marietta, Georgia, after a chase through Cobb County."
    assert by_mention(places(pipeline, text))["Springfield"].name == "Springfield"


def test_a_states_name_is_the_state_not_an_old_name_of_a_town_elsewhere(pipeline):
    text = "Ranchers from Billings, Helena and Great Falls, Montana, sold cattle to buyers in Missouri."
    found = by_mention(places(pipeline, text))
    assert (found["Missouri"].feature, found["Missouri"].name) == ("admin1", "Missouri")


def test_a_town_opening_a_sentence_with_its_institution_is_a_place(pipeline):
    # Everyday words open sentences ("Reading is fun"); a council or court after the name says it is the town.
    found = by_mention(places(pipeline, "The vote was close. Oxford City Council said it would appeal."))
    assert found["Oxford"].country == "GB"
    assert places(pipeline, "The vote was close. Reading is fun, the council said.") == []


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Former Bloomfield Town Councilman Richard Days spoke first.", "Bloomfield"),
        ("The meeting is at Ludlow Town Hall on Monday.", "Ludlow"),
        ("The figures were released on Friday by Texas Comptroller Susan Combs.", "Texas"),
        ("Julie Korenstein, San Fernando City Councilwoman Nury Martinez and others proposed it.", "San Fernando"),
        ("The Oxford MPP Ernie Hardeman called the tax the largest in years.", "Oxford"),
        ("Massachusetts State Trooper David Lavoie stopped the car.", "Massachusetts"),
        ("He bought drugs from members of the Greene County Drug Task Force.", "Greene County"),
    ],
)
def test_a_place_before_its_local_office_is_a_place(pipeline, text, place):
    # A town hall, a councilman or a comptroller is the place's own office, as a council or a sheriff is.
    assert place in [p.mention for p in places(pipeline, text)]


def test_a_well_known_areas_name_is_the_whole_area_not_the_part_that_lists_it_among_its_names(pipeline):
    text = "Pakistan said shelling was reported across Kashmir overnight; officials in Lahore said schools would close."
    found = by_mention(places(pipeline, text))["Kashmir"]
    assert (found.feature, found.name) == ("macro", "Kashmir")


def test_a_formation_named_after_a_place_is_no_place(pipeline):
    text = "Units of the Vostok group of forces took the village, and the Azov Battalion held the road to Mariupol."
    assert [p.mention for p in places(pipeline, text)] == ["Mariupol"]


def test_an_institutions_own_word_opening_its_name_is_no_place(pipeline):
    # Florida has a town called University: "University College Hospital" is not in it.
    text = "He was moved to University College Hospital in central London on Friday."
    assert "University" not in [p.mention for p in places(pipeline, text)]


@pytest.mark.parametrize(
    "text", ["Police said Jane Doe, 30, of Pineville, was charged.", "Longtime residents of Pineville met on Monday."]
)
def test_a_small_town_is_a_place_where_people_are_said_to_be_of_it(pipeline, text):
    assert [p.mention for p in places(pipeline, text)] == ["Pineville"]


def test_names_listed_with_states_are_states(pipeline):
    found = by_mention(places(pipeline, "Cases rose in Colorado, California, Oregon and Washington last week."))
    assert {found[n].feature for n in ("California", "Oregon", "Washington")} == {"admin1"}
    # A name with its own qualifier is not one of the list: the capital, not the state.
    found = by_mention(places(pipeline, "Visitors came from as far as Texas and Washington, D.C., to see it."))
    assert found["Washington"].feature == "city"


def test_a_countrys_name_is_the_country_not_a_great_city_by_an_old_name(pipeline):
    found = by_mention(places(pipeline, "ASUNCION, Sept 11 (AFP) - Paraguay has sent some 400 soldiers north."))
    assert (found["ASUNCION"].feature, found["Paraguay"].key) == ("city", "country:PY")


def test_a_name_listed_with_countries_is_a_country(pipeline):
    text = "MAIDUGURI, Nigeria — Gunmen struck near the borders of Nigeria, Niger, Chad and Cameroon."
    assert by_mention(places(pipeline, text))["Niger"].key == "country:NE"
    # A town, its state and its country are no list.
    assert by_mention(places(pipeline, "Police in Minna, Niger, Nigeria, said."))["Niger"].feature == "admin1"


def test_a_well_known_areas_name_is_the_area_and_the_eu_is_where_geonames_puts_it(pipeline):
    found = by_mention(places(pipeline, "Officials in Washington and Cairo discussed the Middle East and the EU."))
    assert found["Middle East"].feature == "macro"
    assert (round(found["EU"].lat, 1), round(found["EU"].lon, 1), found["EU"].geonameid) == (50.8, 4.4, 6695072)


def test_a_country_before_its_office_holder_is_a_place(pipeline):
    found = by_mention(places(pipeline, "On Friday, United States President George Bush urged Congress to act."))
    assert found["United States"].country == "US"


def test_a_dateline_after_a_bylines_date(pipeline):
    text = "By Jane Doe, Staff Reporter March 30, 2009 NEWARK -- After a year on the list, he left."
    assert [p.name for p in places(pipeline, text)] == ["Newark"]


def test_a_possessive_inside_a_name_and_a_list_that_opens_on_a_state(pipeline):
    found = by_mention(places(pipeline, "Officials of the People's Republic of China met."))
    assert found["People's Republic of China"].country == "CN"
    # "Alaska, Alabama": the second is the next state of the list, not where the first lies.
    found = by_mention(places(pipeline, "The states affected are: Alaska, Alabama, Arizona and Utah."))
    assert found["Alaska"].feature == "admin1"


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


@pytest.mark.parametrize(
    ("text", "mention"),
    [
        ("Talks stalled over the missiles. So Moscow thought again.", "Moscow"),
        ("The Senior Olympics of Tennessee drew crowds; the Tennessee Senior Olympics ends Sunday.", "Tennessee"),
    ],
)
def test_no_surname_from_a_sentences_first_word_and_games_named_for_their_state(pipeline, text, mention):
    assert mention in by_mention(places(pipeline, text))


def test_border_phrases_are_read_only_where_border_words_are_but_found_as_a_whole_scan_finds_them():
    from geo.places import _BORDER, _border_matches

    texts = [
        "Troops massed on the Franco-Spanish border, and later near the Chad–Sudan frontier.",
        'He said: "the border between the Czech Republic and Poland, (and the Kenya/Somalia border)".',
        "Across the Mali-Niger borderlands, the Niger - Benin border.\nThe border between Peru and Chile",
        "NORTH KOREA-CHINA BORDER. Q.E.D.-Laos border; the Iran–Iraq border’s posts",
        "No such words here at all, only Paris and Rome.",
    ]
    for text in texts:
        expected = [(m.span(), m.groupdict()) for m in _BORDER.finditer(text)]
        assert [(m.span(), m.groupdict()) for m in _border_matches(text)] == expected
    assert len(list(_border_matches(texts[0]))) == 2


def test_border_phrases_read_around_their_word_are_those_of_the_whole_text():
    from geo.places import _BORDER, _border_matches

    texts = [
        "Troops massed on the Mali-Niger border, near the border between the Congo and Angola border posts.",
        "The Chad / Sudan frontier and the crossborder trade; Upper Volta-Ghana border between Togo and Benin",
        "x" * 600 + " Mali-Niger border " + "y" * 300 + ", the border with Chad.",
    ]
    for text in texts:
        assert [m.span() for m in _border_matches(text)] == [m.span() for m in _BORDER.finditer(text)]


@pytest.mark.parametrize(
    ("text", "mention", "name"),
    [
        # Datelines as archives keep them: a dash left as a C1 control, three hyphens, a dash lost.
        ("Trustees to meet. CINCINNATI \x97 The school's trustees met on Monday.", "CINCINNATI", "Cincinnati"),
        ("Aid after a rebuff. COLUMBIA --- South Carolina's governor spoke.", "COLUMBIA", "Columbia"),
        ("Winds topple trucks. SALINA, Kan. Strong winds toppled 13 trucks.", "SALINA", "Salina"),
        ("A veteran returns. JEFFERSONVILLE, Ind. (AP)  A World War II veteran came home.", "JEFFERSONVILLE", None),
        # A city that is a frequent word is still the city when it opens a dateline…
        ("Leader of a group defends work. ATLANTA - A former leader spoke.", "ATLANTA", "Atlanta"),
    ],
)
def test_datelines_with_their_dash_mangled_or_lost(pipeline, text, mention, name):
    found = by_mention(places(pipeline, text))
    assert mention in found
    assert name is None or found[mention].name == name


def test_two_capitals_opening_a_line_are_no_dateline(pipeline):
    assert "UN" not in by_mention(places(pipeline, "UN: 70% of young people oppose violence, a poll found."))


def test_a_headline_may_open_on_a_city_a_sentence_mid_text_not_on_a_surname(pipeline):
    assert "Miami" in by_mention(places(pipeline, "Miami man gets 17 years in a theft scheme.\nHe was sentenced."))
    assert "Spring" not in by_mention(places(pipeline, "Spring is here.\nThe park opened."))
    text = "Sheriff Tom Reed spoke in Dayton. Anderson again urged residents to call."
    assert "Anderson" not in by_mention(places(pipeline, text))


@pytest.mark.parametrize(
    ("text", "mention"),
    [
        ("They flew back to the United Kingdom Sunday, ending the visit.", "United Kingdom"),
        ("She was found in her apartment in Moscow October 7, 2006.", "Moscow"),
    ],
)
def test_a_date_after_a_name_is_no_part_of_it(pipeline, text, mention):
    assert mention in by_mention(places(pipeline, text))


def test_a_paper_named_for_a_day_keeps_the_city_inside_its_name(pipeline):
    assert "London" not in by_mention(places(pipeline, "He wrote for the London Sunday Times for years."))


@pytest.mark.parametrize(
    ("text", "mention", "country"),
    [
        ("Aid workers drove from the capital, Juba, to the east.", "Juba", "SS"),
        ("The quake ravaged the capital, Port-au-Prince, on Tuesday.", "Port-au-Prince", "HT"),
        ("Earlier, the mayor of Boston declared an emergency.", "Boston", "US"),
    ],
)
def test_a_place_set_beside_the_word_for_it_or_after_its_mayor(pipeline, text, mention, country):
    found = by_mention(places(pipeline, text))
    assert found[mention].country == country


@pytest.mark.parametrize(
    ("text", "mention", "feature"),
    [
        ("The outbreak spread in the northern part of Congo.", "Congo", "country"),
        ("An earthquake struck the Indonesian island of Java on Monday.", "Java", "natural"),
        ("Villages on Mindanao were flooded.", "Mindanao", "natural"),
        ("The Soviet Union also tested such weapons.", "Soviet Union", "macro"),
        ("Sub-Saharan Africa bore most of the cases.", "Sub-Saharan Africa", "macro"),
        ("Most cases were in sub-Saharan Africa.", "Saharan Africa", "macro"),
        ("Ebola returned to Zaire in 1995.", "Zaire", "country"),
        ("Fishermen on Lake Tanganyika reported the boats missing.", "Lake Tanganyika", "natural"),
        ("Cholera spread in Dar es Salaam last week.", "Dar es Salaam", "city"),
        ("Cases were confirmed in Cote d'Ivoire and Guinea.", "Cote d'Ivoire", "country"),
    ],
)
def test_short_country_names_large_islands_and_historical_unions(pipeline, text, mention, feature):
    """And former names, large lakes, names joined by a foreign article."""
    assert by_mention(places(pipeline, text))[mention].feature == feature


def test_a_corner_of_a_country_lying_across_its_box_is_cut_along_the_diagonal(pipeline):
    found = by_mention(places(pipeline, "A resort in north-west Pakistan was cut off by snow."))
    part = shape(found["north-west Pakistan"].geometry)
    assert found["north-west Pakistan"].feature == "part" and not part.is_empty
    assert part.representative_point().x < 70  # the west of the country, along Afghanistan


def test_an_institutions_own_word_is_no_town_of_that_name(pipeline):
    found = by_mention(places(pipeline, "said a professor at the University of Hartford."))
    assert "University" not in found
    assert "University" in by_mention(places(pipeline, "She moved to University, Florida, in May."))


@pytest.mark.parametrize(
    ("text", "mention", "members"),
    [
        ("Hospitals across Lombardy were overwhelmed.", "Lombardy", ("admin1:IT-bergamo", "admin1:IT-milano")),
        ("Jihadists attacked a market in the Centre-Nord region.", "Centre-Nord", ("admin1:BF-bam",)),
        ("There is no outbreak in Eastern Visayas, the doctor said.", "Eastern Visayas", ("admin1:PH-leyte",)),
    ],
)
def test_a_grouping_of_provinces_is_the_union_of_its_provinces_not_one_of_them(pipeline, text, mention, members):
    found = by_mention(places(pipeline, text))[mention]
    assert found.feature == "macro"
    area = shape(found.geometry)
    for key in members:
        member = pipeline.gazetteer.entry(key)
        assert area.contains(Point(member.lon, member.lat))


def test_compass_groupings_and_a_big_city_keep_their_names(pipeline):
    index = pipeline.gazetteer.index
    assert not any(k.startswith("macro:group-") for k in index.get("south east", ()))  # Ireland's "South-East"
    assert not any(k.startswith("macro:group-") for k in index.get("dublin", ()))  # the city, not four counties
    assert "macro:group-bf-centre-nord" in index["centre nord"]


def test_a_neighbouring_regions_own_name_among_a_regions_alternates_stays_the_neighbours(pipeline):
    # Natural Earth lists "Maguindanao" among Cotabato's names and "Dublin" among South Dublin's.
    found = by_mention(places(pipeline, "Troops clashed with militants in Maguindanao province on Monday."))
    assert found["Maguindanao"].name == "Maguindanao"
    assert "admin1:IE-south-dublin" not in pipeline.gazetteer.index["dublin"]


@pytest.mark.parametrize(
    ("text", "mention", "inside", "outside"),
    [
        ("Drought spread across East Africa this year.", "East Africa", "country:KE", "country:EG"),
        ("Floods hit Southeast Asia on Monday.", "Southeast Asia", "country:VN", "country:CN"),
        ("Militias clashed in Fezzan overnight.", "Fezzan", "admin1:LY-sabha", "admin1:LY-benghazi"),
    ],
)
def test_world_regions_and_historical_regions_are_unions_of_their_members(pipeline, text, mention, inside, outside):
    found = by_mention(places(pipeline, text))[mention]
    area = shape(found.geometry)
    gazetteer = pipeline.gazetteer
    assert area.contains(Point(gazetteer.entry(inside).lon, gazetteer.entry(inside).lat))
    assert not area.contains(Point(gazetteer.entry(outside).lon, gazetteer.entry(outside).lat))


def test_a_place_after_a_modifier_makes_no_surname_of_its_name(pipeline):
    text = "Police reports from Nashville describe a video. Metro Nashville police records state it."
    assert [p.start for p in places(pipeline, text) if p.mention == "Nashville"] == [20, 54]


def test_a_frequent_word_opening_a_sentence_is_a_town_where_its_region_follows(pipeline):
    text = "There was an outbreak in southern Indiana. Austin, in Scott County, Indiana, was hit hardest."
    assert by_mention(places(pipeline, text))["Austin"].country == "US"
    assert "Anderson" not in by_mention(places(pipeline, "He met the sheriff. Anderson, who declined, left."))


def test_a_district_outside_the_us_is_found_by_its_name_and_drawn_as_its_own_polygon(pipeline):
    text = "Clashes erupted in Masisi on Sunday, Congo's army said. In Somalia, rebels held El Dhere district."
    found = by_mention(places(pipeline, text))
    assert (found["Masisi"].feature, found["Masisi"].country) == ("admin2", "CD")
    area = shape(found["Masisi"].geometry)
    assert area.geom_type in ("Polygon", "MultiPolygon") and 0.1 < area.area < 2  # a territory, not a country
    assert area.contains(Point(found["Masisi"].lon, found["Masisi"].lat))
    assert found["El Dhere"].country == "SO"


def test_a_district_needs_its_country_named_even_after_in_or_a_designator(pipeline):
    assert not places(pipeline, "Muidumbe was quiet on Sunday, officials said.")
    assert by_mention(places(pipeline, "Insurgents attacked Muidumbe in Mozambique."))["Muidumbe"].country == "MZ"
    assert not places(pipeline, "Insurgents burned villages in Muidumbe district, officials said.")


def test_a_misspelling_is_matched_to_big_places_only_not_to_a_district(pipeline):
    # One letter from a Mozambican district: districts are as many as towns, and a word this close to
    # one is as likely a village of its own.
    found = places(pipeline, "Insurgents burned homes in Muidumbi last week, officials in Mozambique said.")
    assert [p.mention for p in found] == ["Mozambique"]


def test_a_misspelling_is_no_place_outside_the_country_the_comma_after_it_names(pipeline):
    found = by_mention(places(pipeline, "He had eaten at a restaurant in Greenlane, Auckland, New Zealand."))
    assert "Greenlane" not in found and found["Auckland"].country == "NZ"


def test_a_countrys_name_before_a_diseases_word_is_the_country_a_citys_is_the_disease(pipeline):
    found = by_mention(places(pipeline, "The United States flu season was mild, unlike the Hong Kong flu of 1968."))
    assert found["United States"].feature == "country" and "Hong Kong" not in found


def test_a_land_drawn_apart_from_the_country_that_claims_it_is_a_region_of_that_country(pipeline):
    text = "Troops moved from Puntland into Somaliland, and talks in Northern Cyprus stalled."
    found = by_mention(places(pipeline, text))
    assert (found["Somaliland"].feature, found["Somaliland"].country) == ("admin1", "SO")
    area = shape(found["Somaliland"].geometry)
    assert area.contains(Point(44.07, 9.56)) and not area.contains(Point(45.34, 2.04))  # Hargeisa, not Mogadishu
    assert found["Northern Cyprus"].country == "CY"


def test_a_federal_state_and_a_dam_wars_are_fought_over_are_places(pipeline):
    found = by_mention(places(pipeline, "Fighters left Jubaland for Kasai, and drones struck the Tishrin Dam."))
    assert found["Jubaland"].country == "SO" and found["Kasai"].country == "CD"
    assert found["Tishrin Dam"].feature == "natural"


def test_a_town_romanised_from_arabic_is_found_as_the_news_spells_it(pipeline):
    # GeoNames: Al Ḩawījah, Ma‘arrat an Nu‘mān, Ra’s al ‘Ayn; the news drops the article and the marks.
    text = "In Iraq, militants attacked Hawija. In Syria, shells hit Maarat al-Numan and Ras al-Ain."
    found = by_mention(places(pipeline, text))
    assert found["Hawija"].country == "IQ" and found["Hawija"].feature == "city"
    assert found["Maarat al-Numan"].country == "SY" and found["Ras al-Ain"].country == "SY"


def test_a_news_spelling_of_an_arabic_name_needs_its_country_named(pipeline):
    # Bare, the name less its article may be a word or a given name ("Ittihad", a football club).
    assert "Hawija" not in by_mention(places(pipeline, "Hawija was quiet on Sunday, officials said."))


def test_a_small_town_called_by_another_of_its_names_needs_its_country_named(pipeline):
    # "Nasir" is an old name of Demirci, a town in Turkey; "Royal" one of Royal City, in Spain.
    assert "Nasir" not in by_mention(places(pipeline, "Fighters seized the base in Nasir, South Sudan's army said."))
    assert "Nasir" not in by_mention(places(pipeline, "Fighters seized the base in Nasir, the army said."))
    # Its own name needs no country, nor a spelling of it where the text names none ("Kiltimagh").
    found = by_mention(places(pipeline, "Sewage is pouring into the river in Kiltimagh, the council said."))
    assert found["Kiltimagh"].country == "IE"


def test_a_name_may_start_on_an_arabic_article_hyphened_to_it(pipeline):
    found = places(pipeline, "Troops entered al-Qaim, and el-Obeid came under fire.")
    assert [(p.mention, p.country) for p in found] == [("al-Qaim", "IQ"), ("el-Obeid", "SD")]


def test_arabic_spellings_drop_marks_and_the_article_and_shorten_endings():
    from geo.gazetteer import arabic_spellings

    assert {"hawija", "al hawija", "hawijah"} <= arabic_spellings("Al Ḩawījah")
    assert "maarat al numan" in arabic_spellings("Ma‘arrat an Nu‘mān")
    assert "deir al bala" in arabic_spellings("Dayr al Balaḩ")
    assert arabic_spellings("Damascus") == set()


def test_a_name_the_text_calls_a_capital_in_apposition_is_the_city_not_its_region(pipeline):
    found = by_mention(places(pipeline, "Guided bombs hit the regional capital, Zaporozhye, on Monday."))
    assert found["Zaporozhye"].feature == "city"
    found = by_mention(places(pipeline, "The city, Lebanon's second-largest, lies on the coast."))
    assert found["Lebanon"].feature == "country"


def test_a_mark_inside_a_long_word_may_be_left_out_but_not_in_a_short_syllable(pipeline):
    found = by_mention(places(pipeline, "Troops massed near Tskhinvali and Debre Markos."))
    assert found["Tskhinvali"].country == "GE" and found["Debre Markos"].country == "ET"


def test_a_regions_name_in_an_armed_groups_name_is_no_place_but_a_states_institution_is(pipeline):
    found = by_mention(places(pipeline, "The Kachin Independence Army and the Tigray People's Liberation Front."))
    assert not found
    found = by_mention(places(pipeline, "Soldiers of the Texas Army National Guard and the U.S. Army."))
    assert found["Texas"].feature == "admin1" and found["U.S"].feature == "country"


def test_an_armed_group_of_one_country_names_its_country_for_its_districts(pipeline):
    # A district needs its country named; the group's name names it ("Maungdaw" is a district of Myanmar).
    found = by_mention(places(pipeline, "Arakan Army fighters seized Maungdaw township on Sunday."))
    assert found["Maungdaw"].country == "MM" and "Arakan" not in found


def test_mountain_ranges_valleys_shoals_and_corridors_are_natural_places(pipeline):
    text = (
        "Fighting spread from the Nuba Mountains to the Caucasus mountains, Scarborough Shoal and the "
        "Philadelphi corridor."
    )
    found = by_mention(places(pipeline, text))
    assert {found[n].feature for n in ("Nuba Mountains", "Caucasus mountains", "Scarborough Shoal")} == {"natural"}
    assert found["Philadelphi corridor"].feature == "natural"  # not Philadelphia, one letter off


def test_a_name_webster_lists_as_a_rare_word_is_a_place_in_a_country_the_document_names(pipeline):
    found = by_mention(places(pipeline, "Gunmen clashed with police at the Mexican resort of Acapulco on Saturday."))
    assert found["Acapulco"].country == "MX"
    assert "Mission" not in by_mention(places(pipeline, "Mission accomplished, the Mexican officials said."))


def test_a_region_romanised_from_arabic_is_found_as_the_news_spells_it(pipeline):
    found = by_mention(places(pipeline, "Militants attacked in Salah al-Din and in Anbar, Iraqi officials said."))
    assert found["Salah al-Din"].feature == "admin1" and found["Anbar"].feature == "admin1"


def test_a_province_natural_earth_lacks_is_found_where_its_country_is_named(pipeline):
    found = by_mention(places(pipeline, "Militias attacked villages in Ituri, Congo's army said."))
    assert (found["Ituri"].feature, found["Ituri"].country) == ("admin1", "CD")
    assert shape(found["Ituri"].geometry).contains(Point(30.25, 1.56))  # Bunia, its capital
    assert "Ituri" not in by_mention(places(pipeline, "Fighting in Ituri province was reported."))


def test_military_bases_are_places_and_an_arabic_name_is_not_cut_at_its_article(pipeline):
    found = by_mention(places(pipeline, "Rockets hit Ain al-Asad air base; soldiers at Fort Detrick were tested."))
    assert found["Ain al-Asad"].feature == "natural" and found["Fort Detrick"].feature == "natural"
    assert "Ain" not in found  # not the French department


def test_a_countrys_name_before_a_persons_given_name_and_surname_stays_the_country(pipeline):
    found = by_mention(places(pipeline, "The UN envoy for South Sudan David Shearer said talks would resume."))
    assert found["South Sudan"].feature == "country"
    assert not places(pipeline, "Chad Smith said he was pleased.")  # one name after: the person's own


def test_a_saint_named_citys_possessive_is_the_city(pipeline):
    text = "Flights to St. Petersburg's airport resumed."
    assert [p.mention for p in places(pipeline, text)] == ["St. Petersburg"]


def test_one_name_in_one_document_is_one_place(pipeline):
    # A reading may put one mention of "Bulacan" in the province and another, whose list reads otherwise,
    # in a village of Davao del Sur; together their shares put the name in one place, and every mention there.
    from geo import resolve
    from geo.places import find_place_mentions

    text = "Pigs in Bulacan were infected. Farms near Davao were checked. Pigs in Bulacan farms were culled."
    mentions = [m for m in find_place_mentions(text, pipeline.gazetteer) if m.text == "Bulacan"]
    names = resolve._NamesInOrder(mentions)
    province = next(c for c in mentions[0].names[0].candidates if c.feature == "admin1")
    village = next(c for c in mentions[0].names[0].candidates if c.feature == "city")
    first = [[resolve._Scored(province, 2.0), resolve._Scored(village, 1.0)]]
    second = [[resolve._Scored(village, 1.1), resolve._Scored(province, 1.0)]]
    rankings = resolve._one_place_a_name(text, mentions, [first, second], names)
    assert [r[0][0].entry.key for r in rankings] == [province.key, province.key]
    # A name its text qualifies keeps each mention's own place ("Paris, Texas" … "Paris, France").
    text = "Paris, Texas voted. Paris, France did not."
    everything = find_place_mentions(text, pipeline.gazetteer)
    mentions = [m for m in everything if m.text == "Paris"]
    kept = [[[resolve._Scored(a, 2.0), resolve._Scored(b, 1.0)]] for a, b in ((province, village), (village, province))]
    rankings = resolve._one_place_a_name(text, mentions, kept, resolve._NamesInOrder(everything))
    assert [r[0][0].entry.key for r in rankings] == [province.key, village.key]


def test_states_listed_each_with_a_count_are_states(pipeline):
    # Nevada, Missouri is a town; in a list of states, each with how many, it is the state.
    text = (
        "Herbst Gaming, which runs a casino in Iowa, two more in Missouri and 12 in Nevada, will file for bankruptcy."
    )
    found = by_mention(places(pipeline, text))
    assert [found[name].feature for name in ("Iowa", "Missouri", "Nevada")] == ["admin1"] * 3


def test_a_name_has_the_same_tuple_of_places_in_every_document(pipeline):
    """The resolver keeps what it learns of a name's places by the tuple's identity (hashing thirty
    namesakes costs more than ranking them): every mention of "Springfield" is handed the same one."""
    from geo.places import find_place_mentions

    first = find_place_mentions("Floods reached Springfield on Monday.", pipeline.gazetteer)
    second = find_place_mentions("In Springfield, the river rose again.", pipeline.gazetteer)
    assert len(first[0].names[0].candidates) > 10
    assert first[0].names[0].candidates is second[0].names[0].candidates


@pytest.mark.parametrize(
    "text, mention, holder",
    [
        ("The village of Kampungu in Kasai has been quarantined.", "Kampungu", "Kasai"),
        ("A resident of Mabvuku, a suburb located east of Harare, fell ill.", "Mabvuku", "Harare"),
        ("Bread was made at a bakery in the Adhamiyah district of Baghdad.", "Adhamiyah", "Baghdad"),
        ("Activities restarted in Abu Shok refugee camp in Al-Fashir.", "Abu Shok", "El Fasher"),
        ("Lujhu is a rural township in northwestern Taiwan.", "Lujhu", "Taiwan"),
        ("Many live in camps such as Kutupalong, south of Cox's Bazar.", "Kutupalong", "Cox"),
        (
            "Fighting raged around Tinzaouaten, a desert town of about 4,000 people on Mali's border.",
            "Tinzaouaten",
            "Mali",
        ),
        ("South Sudan's Twic county. Camps outside Turalei, the main town of Twic, were shelled.", "Turalei", "Twic"),
    ],
)
def test_a_place_the_gazetteer_lacks_is_drawn_as_the_area_the_text_puts_it_in(pipeline, text, mention, holder):
    found = by_mention(places(pipeline, text))
    assert mention in found
    place = found[mention]
    assert place.feature == "area" and place.geonameid is None
    assert holder in place.name  # "Mabvuku (Harare area)": the label says what holds it
    held = [p for p in found.values() if p.mention != mention]
    # In the holder, or on the side of it the text says ("east of Harare"): within a few kilometres.
    assert held and shape(place.geometry).distance(shape(held[0].geometry)) < 0.1


def test_a_described_place_lies_on_the_side_of_its_holder_the_text_gives(pipeline):
    found = by_mention(places(pipeline, "Many live in camps such as Kutupalong, south of Cox's Bazar."))
    camp, town = found["Kutupalong"], found["Cox's Bazar"]
    assert camp.lat < town.lat and abs(camp.lon - town.lon) < 0.1


@pytest.mark.parametrize(
    "text",
    [
        # An adjective before a town's kind, a proper name's own word, a person described.
        "Clashes broke out near the Tajik town of Isfara.",
        "The SOS Children's Village in Malakal is stable.",
        "Ahmed Ali, a local from the village in Kasai, spoke.",
        "The Army camp in Kasai was empty.",
    ],
)
def test_no_place_is_described_where_the_words_describe_none(pipeline, text):
    assert all(p.feature != "area" or "(" not in p.name for p in places(pipeline, text))


@pytest.mark.parametrize(
    "text, absent",
    [
        ("Ferries stopped in the Strait of Georgia off Vancouver.", "Georgia"),
        ("Ships sailed around the Cape of Good Hope to Rotterdam.", "Good Hope"),
        ("Fans come across the Red River from Oklahoma to Paris, Texas.", "Red"),
    ],
)
def test_a_towns_name_inside_a_natural_features_is_not_the_town(pipeline, text, absent):
    assert absent not in [p.mention for p in places(pipeline, text)]


@pytest.mark.parametrize(
    "text, mention",
    [
        # "Twp." is "Township", in a dateline too, where the state's abbreviation follows it.
        ("CRANBERRY TWP., Pa. — Supervisors voted on Thursday.", "CRANBERRY TWP."),
        ("CRANBERRY TWP., Pa. — Supervisors voted on Thursday.", "Pa."),
        ("Supervisors in Cranberry Twp. voted 3-2 on Thursday.", "Cranberry Twp."),
        # A borough is a settlement word.
        ("Residents of Pennsylvania's neighbouring borough of Mars said trucks would clog roads.", "Mars"),
        # A great city's name in a club's name is not taken for a surname that hides its other mentions.
        ("Students walked for two days from Belgrade. Fans of Red Star Belgrade joined the march.", "Belgrade"),
    ],
)
def test_names_written_short_or_beside_a_longer_name(pipeline, text, mention):
    assert mention in [p.mention for p in places(pipeline, text)]


def test_a_misspellings_choices_are_the_names_two_letters_either_side_in_the_gazetteers_order():
    # rapidfuzz keeps the first of equal scores: the choices must keep the table's order, whatever the
    # lengths, and one table's choices are not another's.
    from geo.places import _fuzzy_choices

    table = {"k": ["kherson", "kyiv", "kharkiv", "kramatorsk", "kupiansk", "kursk"], "z": ["zaporizhzhia"]}
    assert _fuzzy_choices(table, "k", 7) == ["kherson", "kharkiv", "kupiansk", "kursk"]
    assert _fuzzy_choices(table, "k", 11) == ["kramatorsk"]
    assert _fuzzy_choices(table, "z", 6) == [] and _fuzzy_choices(table, "q", 6) == []
    other = {"k": ["kyiv", "kherson"]}
    assert _fuzzy_choices(other, "k", 7) == ["kherson"]


def test_a_described_place_holds_another_and_is_itself_in_its_other_mentions(pipeline):
    text = (
        "Gunmen attacked the village of Daleti in the Metekel zone of Ethiopia's Benishangul-Gumuz region. "
        "Some 40,000 residents of Metekel had fled."
    )
    found = places(pipeline, text)
    described = [(p.mention, p.name) for p in found if p.key.startswith("within:")]
    assert described == [
        ("Daleti", "Daleti (Ethiopia)"), ("Metekel", "Metekel (Ethiopia)"), ("Metekel", "Metekel (Ethiopia)"),
    ]  # fmt: skip


def test_a_name_known_only_in_other_countries_is_the_place_the_text_describes(pipeline):
    text = (
        "JUBA, March 5 (Reuters) - Fighters overran an army garrison in the town of Nasir in South Sudan's "
        "Upper Nile state on Tuesday. Residents of Nasir fled."
    )
    nasir = [p for p in places(pipeline, text) if p.mention == "Nasir"]
    assert [(p.country, p.feature) for p in nasir] == [("SS", "area"), ("SS", "area")]  # not Demirci, Turkey


def test_a_big_citys_own_name_is_the_city_whatever_word_it_also_is(pipeline):
    # Webster's lists "boston" (a card game): a word of it is taken only after "in", but not the city's name.
    assert by_mention(places(pipeline, "Roads out of Boston were closed."))["Boston"].country == "US"
    assert "Mission" not in by_mention(places(pipeline, "Mission accomplished, the senator said."))


@pytest.mark.parametrize(
    "text, absent, present",
    [
        ("Drones struck Belgorod-Dnestrovsky again.", "Belgorod", None),
        ("Gangs held Pont-Sonde for a day.", "Pont", None),
        ("Output from the Salar de Atacama doubled.", "Salar", "Atacama"),
        ("Flights from Dallas-Fort Worth were cancelled.", None, "Dallas"),
        ("Talks on the Israel-Gaza war resumed.", None, "Gaza"),
        ("The team beat Watertown-ML on Friday.", None, "Watertown"),
    ],
)
def test_a_name_inside_a_compound_name_is_no_place_of_its_own(pipeline, text, absent, present):
    found = by_mention(places(pipeline, text))
    assert absent is None or absent not in found
    assert present is None or present in found


def test_an_english_county_abbreviated_after_a_town_places_it(pipeline):
    found = places(pipeline, "BOSTON, Lincs. — Roads out of Boston were closed on Tuesday.")
    assert [(p.mention, p.country) for p in found] == [("BOSTON", "GB"), ("Lincs.", "GB"), ("Boston", "GB")]


def test_a_surname_beside_a_town_of_another_name_is_a_town(pipeline):
    text = "Trains between Grantham and Skegness were cancelled, said Councillor Ann Grantham."
    assert [p.mention for p in places(pipeline, text)] == ["Grantham", "Skegness"]
    assert "Grantham" not in by_mention(places(pipeline, "Councillor Ann Grantham and Smith spoke."))


def test_a_name_may_hold_an_apostrophe_and_a_possessive_is_none(pipeline):
    text = "Fighting in Ma'rib and Sa'dah reached Sana'a; a ferry left St. John's; Russia's army, Smith's farm."
    found = places(pipeline, text)
    assert [(p.mention, p.country) for p in found] == [
        ("Ma'rib", "YE"), ("Sa'dah", "YE"), ("Sana'a", "YE"), ("St. John's", "CA"), ("Russia", "RU"),
    ]  # fmt: skip


def test_a_dateline_town_is_never_a_surname_nor_a_clubs_name_a_persons(pipeline):
    text = "MORA, Sweden — The winner, who skis for IFK Mora, crossed the line in Mora on Sunday."
    found = [(p.mention, p.country) for p in places(pipeline, text)]
    assert found == [("MORA", "SE"), ("Sweden", "SE"), ("Mora", "SE")]


def test_a_region_a_text_calls_so_is_the_region_beside_its_town(pipeline):
    text = "In the Sagaing region, rebels hold the countryside. The town of Sagaing itself was quiet."
    found = [(p.mention, p.feature) for p in places(pipeline, text)]
    assert found == [("Sagaing", "admin1"), ("Sagaing", "city")]
    assert by_mention(places(pipeline, "Traffic in the Charlotte region, N.C., slowed."))["Charlotte"].country == "US"


def test_armed_men_named_after_a_town_of_another_country_are_no_place(pipeline):
    text = (
        "ADDIS ABABA, Ethiopia — Fano militiamen took Lalibela, the Fano militia said. Donetsk rebels shelled Avdiivka."
    )
    found = [p.mention for p in places(pipeline, text)]
    assert "Fano" not in found and {"Lalibela", "Donetsk"} <= set(found)

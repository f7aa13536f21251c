"""Who speaks: organisation nouns, back-references, pronouns, unnamed groups, appositives and chains."""

import pytest

from geo.claims import extract_claims
from geo.documents import make_document


def claims_of(text, outlet="Example Wire"):
    return extract_claims(make_document(text, {"published": "2025-03-14", "outlet": outlet}))


def chains_of(text):
    return [[s.name for s in claim.sources] for claim in claims_of(text)]


def first_source(text):
    return claims_of(text)[0].sources[0]


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        ("Poland's interior ministry said the crossing would reopen soon.", "Poland's interior ministry", "government"),
        ("Sweden's armed forces said two jets were scrambled.", "Sweden's armed forces", "military"),
        ("The Example-backed health ministry said clinics were full.", "Example-backed health ministry", "government"),
        ("Odesa's military administration said power was back.", "Odesa's military administration", "government"),
    ],
)
def test_lower_case_organisation_nouns_head_a_subject(text, name, kind):
    source = first_source(text)
    assert (source.name, source.kind) == (name, kind)


def test_a_bare_organisation_noun_refers_back_to_the_latest_source_it_fits():
    text = (
        "Chile's foreign ministry said talks with the rebels would continue. "
        "Radio Andes reported that the talks had been moved to Lima. "
        "The ministry added that no date had been set for the next round. "
        "According to the broadcaster, the delegates left the capital overnight."
    )
    chains = chains_of(text)
    assert chains[2] == ["Chile's foreign ministry"]  # by name
    assert chains[3] == ["Radio Andes"]  # by kind: a broadcaster is media


def test_a_back_reference_by_kind_needs_an_earlier_named_source():
    chains = chains_of(
        "Shelling resumed at dawn, a military spokesman said. The army said it had repelled two assaults."
    )
    assert chains[1] == ["army"]


def test_pronoun_subjects_take_the_latest_person_or_organisation():
    text = (
        "Mayor Tomas Berg said the bridge was unsafe to cross. "
        "He described the repairs as urgent and overdue. "
        "Greek officials said the ferry had been inspected in March. "
        "They believe the fire started in the engine room."
    )
    chains = chains_of(text)
    assert chains[1] == ["Tomas Berg"]
    assert chains[3] == ["Greece"]


@pytest.mark.parametrize(
    ("text", "name", "kind", "affiliation"),
    [
        ("Some economists think inflation will ease by the summer.", "economists", "analyst", None),
        ("Local journalists reported heavy shelling near the dam.", "Local journalists", "journalist", None),
        ("Aid workers estimate that the camp holds 40,000 people.", "Aid workers", "aid worker", None),
        ("Several European diplomats suspect the vote was rigged.", "European diplomats", "diplomat", None),
        ("A Western diplomat in Addis Ababa said the talks had stalled.", "Western diplomat", "diplomat", None),
        ("A Moroccan military source said the drones came from the east.", "Moroccan military source", "source",
         "Morocco"),
        ("Two senior security officials told reporters the convoy was hit.", "senior security officials", "official",
         None),
        ("Military sources said the bridge was destroyed.", "Military sources", "source", None),
    ],
)  # fmt: skip
def test_described_sources_keep_their_words_kind_and_affiliation(text, name, kind, affiliation):
    source = first_source(text)
    assert (source.name, source.kind, source.affiliation) == (name, kind, affiliation)
    assert source.mention  # the group as written is kept


def test_only_a_text_that_names_nothing_is_unnamed():
    source = first_source("It has been suggested by some that the ceasefire will not hold.")
    assert (source.name, source.kind) == ("Unnamed sources", "unattributed")


def test_a_country_or_organisation_names_its_officials():
    assert (first_source("Turkish officials said the convoy had crossed the border.").name) == "Turkey"
    assert first_source("Turkish officials said the convoy had crossed the border.").kind == "government"
    assert first_source("NATO officials estimate the drills involved 9,000 troops.").name == "NATO"
    assert first_source("Officials in Nairobi said the airport would reopen.").name == "Kenya"
    institute = first_source("Researchers at the Baltic Policy Institute estimate that exports fell by a third.")
    assert (institute.name, institute.kind) == ("Baltic Policy Institute", "think tank")


def test_a_passive_report_is_impersonal_and_its_subject_is_not_a_source():
    [source] = claims_of("The commander is believed to have fled into the hills.")[0].sources
    assert (source.name, source.kind) == ("Unnamed sources", "unattributed")


def test_appositives_and_parenthetical_adverbs_between_subject_and_verb():
    assert first_source("Norway, a longtime mediator, said it was ready to host talks.").name == "Norway"
    scholar = first_source("Maria van der Berg, a researcher at Example University, wrote that the truce was fragile.")
    assert (scholar.name, scholar.kind) == ("Maria van der Berg", "person")
    capital = first_source("Lisbon, however, insists that the treaty must be ratified first.")
    assert (capital.name, capital.kind, capital.mention) == ("Portugal", "government", "Lisbon")
    broadcaster = first_source("Ankara's state broadcaster, TRT, reported that the fires were contained.")
    assert (broadcaster.name, broadcaster.kind) == ("TRT", "media")


def test_hyphenated_titles_are_roles_not_names():
    source = first_source("Chief-of-Staff Lena Park said the reserves were being called up.")
    assert (source.name, source.role) == ("Lena Park", "Chief-of-Staff")


def test_a_closing_source_clause_is_the_outermost_link():
    chain = chains_of("The agency has confirmed the outbreak in two villages, Dr Amara Diallo told a press conference.")
    assert chain == [["Amara Diallo", "agency"]]


def test_citing_adds_the_cited_source_after_the_one_citing():
    chain = chains_of("The Daily Courier reported, citing French officials, that the talks had stalled.")
    assert chain == [["Daily Courier", "France"]]


def test_negated_reporting_verbs_name_no_source():
    assert chains_of("The navy has neither confirmed nor denied the sinking of the frigate.") == [["Example Wire"]]
    assert chains_of("The embassy declined to comment on the arrests of its staff.") == [["Example Wire"]]


def test_abbreviations_with_digits_and_hyphens_link_later_mentions():
    chains = chains_of(
        "The Group of Twenty (G20) said the summit would go ahead. The G20 added that security would be tightened. "
        "The Northern Patrol Unit (NPU-2) reported two arrests. The NPU-2 said both men were released."
    )
    assert chains[1] == ["Group of Twenty (G20)"]
    assert chains[3] == ["Northern Patrol Unit (NPU-2)"]


def test_an_organisation_named_again_by_its_last_word():
    chains = chains_of(
        "The harbour was closed on Monday, the EU maritime mission Irini said. Irini said the tanker had been towed."
    )
    assert chains[1] == ["EU maritime mission Irini"]


def test_people_of_a_place_are_described_but_people_of_a_body_are_that_body():
    first, second = claims_of(
        "Residents of Vinnytsia reported loud explosions overnight. "
        "Researchers at the Kyiv School of Economics estimate the damage at $2 billion."
    )
    assert [(s.name, s.kind) for s in first.sources] == [("Residents", "resident")]
    assert second.sources[0].name == "Kyiv School of Economics"


@pytest.mark.parametrize(
    "text",
    [
        "The army, citing its intelligence service, said the convoy had crossed the border.",
        "According to the army, which cited its intelligence service, the convoy had crossed the border.",
        "The intelligence service, quoted by the army, said the convoy had crossed the border.",
        "The army reported, based on the intelligence service's intercepts, that the convoy had crossed the border.",
    ],
)
def test_chains_written_every_way_round_are_outermost_first(text):
    text = (
        "The Example Intelligence Service (EIS) said on Monday that it had tracked the convoy. "
        "The Example Army (EXA) said it had been warned. " + text
    )
    assert chains_of(text)[2] == ["Example Army (EXA)", "Example Intelligence Service (EIS)"]


def test_what_a_source_cites_that_is_no_source_is_not_a_link():
    assert chains_of("The ministry, citing preliminary figures, said 40 people had died.") == [["ministry"]]


@pytest.mark.parametrize(
    ("text", "name", "mention"),
    [
        ("Kyiv said the strikes had hit a power plant.", "Ukraine", "Kyiv"),
        ("New Delhi insisted that only camps had been hit.", "India", "New Delhi"),
        ("Algiers has denied arming the movement.", "Algeria", "Algiers"),
    ],
)
def test_a_capital_that_speaks_is_its_government(text, name, mention):
    source = first_source(text)
    assert (source.name, source.kind, source.mention) == (name, "government", mention)


def test_places_are_not_sources():
    assert first_source("A Western diplomat in Addis Ababa said the talks had stalled.").name == "Western diplomat"
    analyst = first_source("A Dakar-based analyst, Amadou Sow of the conflict monitor ACLED, said attacks rose.")
    assert (analyst.name, analyst.kind, analyst.affiliation) == ("Amadou Sow", "person", "ACLED")
    think_tank = first_source("Analysts at the Stimson Center in Washington said the fighting was the worst in years.")
    assert think_tank.name == "Stimson Center"
    claim = claims_of("JUBA, March 14 (Reuters) - The army said it had shelled rebel positions.")[0]
    assert [s.name for s in claim.sources] == ["army"]


def test_definite_descriptions_point_back_to_the_entity_named_before():
    text = (
        "Police chief Inspector General Petrus Fakhiri said 12 suspects had been held. "
        "The police chief said more arrests would follow. "
        "The International Crisis Group estimates that 2,000 fighters are active. "
        "The think tank said most were recruited locally. "
        "A Western diplomat said the talks had stalled. "
        "The diplomat, who asked not to be named, added that a new round was planned. "
        "Cambodia's defence ministry spokeswoman Maly Socheata said jets had bombed a road. "
        "The ministry said the border had never been demarcated."
    )
    assert chains_of(text) == [
        ["Petrus Fakhiri"], ["Petrus Fakhiri"], ["International Crisis Group"], ["International Crisis Group"],
        ["Western diplomat"], ["Western diplomat"], ["Maly Socheata"], ["Cambodia's defence ministry"],
    ]  # fmt: skip


def test_a_sentence_that_only_quotes_goes_on_quoting_the_same_source():
    text = '"We will not retreat," General Ana Ruiz said. "Our forces are holding the line." The river rose overnight.'
    assert chains_of(text) == [["Ana Ruiz"], ["Ana Ruiz"], ["Example Wire"]]


@pytest.mark.parametrize(
    ("text", "name", "kind", "affiliation"),
    [
        ("The paramilitary Rapid Support Forces said the town had fallen.", "Rapid Support Forces", "military", None),
        ("The Houthis' Saba news agency said a drone was shot down.", "Saba news agency", "media", "Houthis"),
        ("A tribal leader in Marib said fighters had been recruited.", "tribal leader", "resident", None),
        ("A doctor at the town's hospital said 90 wounded had arrived.", "doctor", "medic", None),
        ("UN officials in Port-au-Prince estimate that 60,000 people have fled.", "UN", "government", None),
        ("Congo's army spokesman in Ituri, Lieutenant Jules Ngongo, said troops clashed.", "Jules Ngongo", "person",
         None),
        ("The minister said at least 70 militants had been killed.", "minister", "person", None),
    ],
)  # fmt: skip
def test_names_come_without_the_words_that_only_describe_them(text, name, kind, affiliation):
    source = first_source(text)
    assert (source.name, source.kind, source.affiliation) == (name, kind, affiliation)


def test_a_subject_of_only_brackets_and_determiners_names_no_one():
    """Found by the property test: "the (" before a reporting verb is no noun phrase."""
    from geo.claims import extract_claims
    from geo.documents import make_document
    from geo.lexicon import load_lexicon

    [claim] = extract_claims(make_document("the ( said Kyiv Kyiv", {}, "x"), load_lexicon())
    assert [s.kind for s in claim.sources] == ["document"]


@pytest.mark.parametrize(
    ("text", "chain"),
    [
        ("The Arakan Army and the Chin National Front said their fighters had taken the base.",
         ["Arakan Army", "Chin National Front"]),
        ("Residents and a local priest said the gangs had used drones.", ["Residents", "local priest"]),
        ("The town was shelled overnight, the army and the police said.", ["army", "police"]),
    ],
)  # fmt: skip
def test_two_sources_side_by_side_are_both_links_in_the_order_written(text, chain):
    assert chains_of(text) == [chain]


def test_a_subject_joined_to_something_other_than_a_subject_is_alone():
    assert chains_of("Rockets hit Aleppo and Damascus said it would respond.") == [["Syria"]]


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        ("Satellite images analysed by the Sentinel Witness project show fires at the base.",
         "Sentinel Witness project", "organisation"),
        ("Documents obtained by the Northern Herald show the order was signed.", "Northern Herald", "media"),
        ("Fighting resumed near the dam, the state news agency ANA reported.", "ANA", "media"),
    ],
)  # fmt: skip
def test_whoever_analysed_the_evidence_or_reports_after_the_clause_is_the_source(text, name, kind):
    source = first_source(text)
    assert (source.name, source.kind) == (name, kind)


@pytest.mark.parametrize(
    "text",
    [
        "The ministry said the rebels had fired on its posts, a charge Kigali rejected.",
        "The monitor said the army had killed civilians, an accusation the junta denied.",
    ],
)
def test_a_subject_that_rebuts_the_claim_is_not_its_source(text):
    [chain] = chains_of(text)
    assert len(chain) == 1


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        ("The shipping firm, Coral Bulk Shipping, said the crew were safe.", "Coral Bulk Shipping", "organisation"),
        ("The Kivu Hospital said it had received 30 wounded.", "Kivu Hospital", "organisation"),
        ("Community leaders said dozens of young men had joined.", "Community leaders", "resident"),
        ("A district commissioner said the road was closed.", "district commissioner", "official"),
        ("Refugees from Gori now living in Tbilisi said they feared a new war.", "Refugees", "resident"),
        ("Indian army officials said the post was hit.", "Indian army", "military"),
        ("A rebel group, the Northern Front, said it had taken the town.", "Northern Front", "military"),
    ],
)  # fmt: skip
def test_companies_aid_groups_hospitals_groups_and_armed_groups_have_their_kind(text, name, kind):
    source = first_source(text)
    assert (source.name, source.kind) == (name, kind)


def test_an_acronym_points_back_to_the_name_its_initials_spell():
    text = "The paramilitary Rapid Support Forces shelled the camp, residents said. The RSF denied it."
    assert [(s.name, s.kind) for s in claims_of(text)[1].sources] == [("Rapid Support Forces (RSF)", "military")]


def test_a_definite_description_points_back_by_its_modifier():
    text = (
        "Human Rights Watch said the army had killed civilians. "
        "The militia recruits in the north, the rights group said."
    )
    assert chains_of(text)[1] == ["Human Rights Watch"]


@pytest.mark.parametrize(
    ("text", "chain"),
    [
        ("A United Nations report seen by the Northern Herald said troops had crossed the river.",
         ["Northern Herald", "United Nations"]),
        ("The town fell on Thursday, according to two aid workers who spoke on condition of anonymity.",
         ["aid workers"]),
        ("A commander of one of the groups, the Northern Front, told reporters his men were attacked first.",
         ["commander"]),
        ("The head of the army, General Tom Ode, said the town was quiet.", ["Tom Ode"]),
        ("Fighting resumed, the health ministry of the Government of National Unity said.",
         ["health ministry of the Government of National Unity"]),
        ("The UN mission called for an immediate ceasefire.", ["UN mission"]),
    ],
)  # fmt: skip
def test_who_a_source_is_when_its_phrase_says_more_than_its_name(text, chain):
    assert chains_of(text) == [chain]


def test_after_a_quotation_the_subject_follows_its_verb_and_the_quote_is_its_from_its_first_sentence():
    text = (
        'The camp was attacked overnight. "They came with machetes. They burned the shelters," said '
        "Jane Amani, who heads a civil society group."
    )
    assert chains_of(text) == [["Example Wire"], ["Jane Amani"], ["Jane Amani"]]


def test_according_to_two_sources_side_by_side():
    text = "Air strikes hit two villages, according to a local resistance group and residents."
    assert chains_of(text) == [["local resistance group", "residents"]]


def test_one_name_with_and_is_one_source():
    text = "According to the Ministry of Defence and Security, the border was closed."
    assert chains_of(text) == [["Ministry of Defence and Security"]]


@pytest.mark.parametrize(
    ("text", "name", "kind", "affiliation"),
    [
        ("A humanitarian worker in Kaga Bandoro said 600 families had fled.", "humanitarian worker", "aid worker",
         None),
        ("A senior police officer in Mopti said the road was mined.", "senior police officer", "official", None),
        ("A senior Ghanaian security official, who asked not to be named because he was not authorised to speak "
         "to the media, said the camps were empty.", "senior Ghanaian security official", "official", "Ghana"),
        ("Rival forces traded fire overnight, officials on both sides said.", "officials", "official", None),
    ],
)  # fmt: skip
def test_a_described_source_ends_before_its_place_or_a_long_relative_clause(text, name, kind, affiliation):
    source = first_source(text)
    assert (source.name, source.kind, source.affiliation) == (name, kind, affiliation)


def test_a_presidency_is_a_body_and_is_referred_back_to():
    chains = chains_of(
        "Gunmen attacked a barracks near Mongo, the Chadian presidency said. "
        "The president flew to the town on Monday, the presidency said in a statement."
    )
    assert chains == [["Chadian presidency"], ["Chadian presidency"]]


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        ("Drone attacks doubled this year, the Quito-based think tank Andes Watch said.", "Andes Watch", "think tank"),
        ("Violence has killed 900 people, according to the monitoring group Delta Count.", "Delta Count",
         "think tank"),
        ("The al Qaeda-linked Katiba Sud group claimed the raid.", "Katiba Sud group", "military"),
        ("According to the SITE Intelligence Group, the video was new.", "SITE Intelligence Group", "think tank"),
    ],
)  # fmt: skip
def test_a_description_before_a_name_gives_its_kind_not_its_name(text, name, kind):
    source = first_source(text)
    assert (source.name, source.kind) == (name, kind)


@pytest.mark.parametrize(
    ("text", "chain"),
    [
        ("The Lumbu Council, a tribal body, quoted by the Example Press Agency, said the road was closed.",
         ["Example Press Agency", "Lumbu Council"]),
        ("The ministry, citing military intelligence, said the fighters had crossed the river.",
         ["ministry", "military intelligence"]),
        ("Citing Peruvian intelligence, the Andes Post reported that the camp had moved.",
         ["Andes Post", "Peruvian intelligence"]),
        ("The rebels did not claim the attack, Radio Sahel reported, citing a rebel commander it did not name.",
         ["Radio Sahel", "rebel commander"]),
    ],
)  # fmt: skip
def test_relays_and_what_they_cite_are_outermost_first(text, chain):
    assert chains_of(text)[0] == chain


def test_a_statement_carried_by_an_outlet_is_relayed_but_radios_carried_by_guards_are_not():
    relayed = "Al Harakat said in a statement carried by its Radio Nour that its fighters had ambushed a convoy."
    assert chains_of(relayed) == [["Radio Nour", "Al Harakat"]]
    assert chains_of("The minister said 40 were hurt when radios carried by guards exploded.") == [["minister"]]


@pytest.mark.parametrize(
    ("text", "chain"),
    [
        ("Peru's interior ministry said 3 had died. The interior ministry's spokesman said 2 more were missing.",
         ["Peru's interior ministry"]),
        ("A spokesman for the Peruvian army said the drones were launched from the hills.", ["Peruvian army"]),
    ],
)  # fmt: skip
def test_an_unnamed_spokesman_is_the_body_he_speaks_for(text, chain):
    assert chains_of(text)[-1] == chain


def test_a_body_citing_its_spokesman_is_one_source_but_a_spokesman_saying_what_his_body_did_is_a_chain():
    assert chains_of("Rebels shelled the town, the army said, citing its spokesman.") == [["army"]]
    chain = chains_of("Lima police confirmed two officers were hurt, police spokesman Raul Vega told reporters.")[0]
    assert chain == ["Raul Vega", "Lima police"]


# Fifth pass on issue #19: classes found by claims_wire_dev7.yaml and claims_wire_dev8.yaml.


@pytest.mark.parametrize(
    ("text", "chain"),
    [
        ("The Lusaka Policy Centre, a Zambian think tank, said the talks had stalled.", ["Lusaka Policy Centre"]),
        ("Clashes killed 12 people, according to Nile Watch, a Sudanese think tank, which cited hospital staff.",
         ["Nile Watch", "hospital staff"]),
    ],
)  # fmt: skip
def test_a_think_tank_in_an_appositive_is_no_one_thinking(text, chain):
    assert chains_of(text) == [chain]


def test_a_body_led_by_someone_is_the_body_not_its_leader():
    chain = claims_of("The FLN faction led by Amadou Kone, quoted by Radio Sahel, said it had withdrawn.")[0].sources
    assert [(s.name, s.kind) for s in chain] == [("Radio Sahel", "media"), ("FLN faction", "military")]


@pytest.mark.parametrize(
    ("text", "name", "kind", "affiliation"),
    [
        ("The Malian news site Sahel Info said the road was closed.", "Sahel Info", "media", "Mali"),
        ("The rebels withdrew, according to the news site Horn Daily.", "Horn Daily", "media", None),
    ],
)  # fmt: skip
def test_a_news_site_before_its_name_is_media_and_a_demonym_before_it_is_its_country(text, name, kind, affiliation):
    source = first_source(text)
    assert (source.name, source.kind, source.affiliation) == (name, kind, affiliation)


def test_a_spokesman_for_a_faction_after_a_quotation_is_the_faction():
    text = (
        "The Kivu Defence Front faction said its fighters held the ridge. "
        '"We are still in the hills," a spokesman for the faction told reporters.'
    )
    assert chains_of(text)[1] == ["Kivu Defence Front faction"]


@pytest.mark.parametrize(
    ("text", "chain"),
    [
        ("The observatory, citing police figures, said 300 people had died.", ["observatory", "police"]),
        ("The Andes Post reported, citing UN data, that 300 people had fled.", ["Andes Post", "UN"]),
        ("The ministry, citing preliminary figures, said 40 people had died.", ["ministry"]),
    ],
)  # fmt: skip
def test_figures_cited_as_a_body_s_are_that_body_but_figures_alone_are_no_source(text, chain):
    assert chains_of(text) == [chain]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Defence Minister Ana Ruiz said the border was calm. Her ministry later said 300 troops had been sent.",
         "defence ministry"),
        ("Home Affairs Adviser Tarek Hossain said patrols would rise. His ministry said 500 guards had been sent.",
         "home affairs ministry"),
    ],
)  # fmt: skip
def test_his_or_her_ministry_is_the_ministry_of_the_minister_named_before(text, name):
    assert claims_of(text)[1].sources[0].name == name


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        ("An official of the Lake Victoria Fisheries Forum said boats had been seized.",
         "Lake Victoria Fisheries Forum", "organisation"),
        ("The semi-autonomous region's interior ministry said the road had reopened.", "interior ministry",
         "government"),
        ("The country's election commission said the vote would go ahead.", "election commission", "agency"),
        ("The Maoists, in a statement carried by local media, said the village was burned.", "local media",
         "journalist"),
        ("Russian state media reported that the plane had landed.", "Russian state media", "media"),
    ],
)  # fmt: skip
def test_what_a_body_is_called_without_an_owner_the_text_leaves_unnamed(text, name, kind):
    source = first_source(text)
    assert (source.name, source.kind) == (name, kind)


@pytest.mark.parametrize(
    ("text", "name", "kind", "affiliation"),
    [
        ("A cattle herder in Moroto said raiders took 200 cows.", "cattle herder", "resident", None),
        ("A fish trader in Mopti told Reuters the market was closed.", "fish trader", "resident", None),
        ("An Australian official in Canberra said the patrol had been recalled.", "Australian official",
         "official", "Australia"),
        ("Israeli officials in Washington said the talks had stalled.", "Israel", "government", None),
        ("Tommy Farmer, a county director, said the roads were closed.", "Tommy Farmer", "person", None),
    ],
)  # fmt: skip
def test_a_described_source_at_a_place_keeps_its_kind_and_its_ties(text, name, kind, affiliation):
    source = first_source(text)
    assert (source.name, source.kind, source.affiliation) == (name, kind, affiliation)


@pytest.mark.parametrize(
    ("text", "index"),
    [
        ("The Tana Liberation Council said its fighters had taken the bridge. The group said it had lost two men.", 1),
        ("The Kivu Resistance Movement claimed responsibility for the attack on the convoy.", 0),
        ("Air strikes hit Nile Vanguard Movement positions. The Nile Vanguard Movement said the strikes missed.", 1),
        (
            "Dozens of fighters of the Sahel Shield Movement were killed, the army said. The Sahel Shield Movement "
            "said it had lost no one.",
            1,
        ),
    ],
)
def test_a_body_the_text_shows_fighting_is_military(text, index):
    assert claims_of(text)[index].sources[0].kind == "military"


def test_a_body_the_text_does_not_show_fighting_keeps_its_kind():
    assert first_source("The Lake Fisheries Forum said its members had sold their boats.").kind == "organisation"


@pytest.mark.parametrize(
    ("text", "name", "kind", "place"),
    [
        ("Residents reached by phone in Ghat said convoys had driven through the town.", "Residents", "resident",
         "Ghat"),
        ("Aid workers reached by telephone in Kindu said the camps were full.", "Aid workers", "aid worker", "Kindu"),
    ],
)  # fmt: skip
def test_how_the_reporter_reached_a_source_is_no_part_of_it_and_its_place_is_where_it_spoke(text, name, kind, place):
    [claim] = claims_of(text)
    assert [(s.mention, s.kind) for s in claim.sources] == [(name, kind)]
    assert [text[a:b] for a, b in claim.said_at] == [place]


def test_a_numbered_military_unit_is_a_military_source_and_the_unit_word_refers_back_to_it():
    text = (
        "Troops clashed with rebels near the river on Tuesday, the army's 4th Infantry Division said. "
        "The division said eight militants were killed. "
        "The navy's Second Fleet said a patrol boat had been hit."
    )
    chains = [[(s.name, s.kind) for s in claim.sources] for claim in claims_of(text)]
    assert chains[0] == [("army's 4th Infantry Division", "military")]
    assert chains[1] == [("army's 4th Infantry Division", "military")]
    assert [kind for _, kind in chains[2]] == ["military"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("The UN agency said aid had stalled. Chad's minister of social affairs, Amina Idriss, said aid had not "
         "arrived. Her office later said 12 trucks were waiting.", "ministry of social affairs"),
        ("The UN agency said aid had stalled. Interior Minister Paul Biya Ndong said the road was shut. "
         "His office later said it would reopen.", "interior ministry"),
    ],
)  # fmt: skip
def test_a_ministers_office_is_the_ministry(text, name):
    assert chains_of(text)[-1] == [name]


@pytest.mark.parametrize(
    "text",
    [
        "The U.N. refugee agency UNHCR said 800 people had fled.",
        "The UN humanitarian office said 800 people had fled.",
        "The U.N. peacekeeping mission MONUSCO said 800 people had fled.",
        "UNICEF said 800 children had fled.",
    ],
)
def test_a_body_of_the_united_nations_is_intergovernmental_so_a_government(text):
    assert first_source(text).kind == "government"


@pytest.mark.parametrize(
    ("text", "chain"),
    [
        # a speaker's report of what a service warned: the service is the inner link
        ("Defence Minister Rose Mukamana said her country's intelligence services had warned that the militia "
         "was buying arms.", ["Rose Mukamana", "intelligence services"]),
        # "relayed by" an outlet, as "carried by": the outlet first
        ("The Lakurawa group claimed the attack in a statement relayed by its Amaq news agency.",
         ["Amaq news agency", "Lakurawa group"]),
        # imagery "from" a company the text describes: the company is the source of the imagery
        ("The navy reported, based on satellite imagery from the company Planet Labs, that 15 airstrips had been "
         "built.", ["navy", "Planet Labs"]),
    ],
)  # fmt: skip
def test_chains_through_a_warning_a_relay_and_imagery_from_a_described_company(text, chain):
    assert chains_of(text)[0] == chain


def test_a_national_body_named_by_a_common_noun_is_not_a_body_of_the_un_named_before():
    text = (
        "The UN human rights office said civilians had been killed near the border. "
        "The defence ministry said the strikes had hit only fighters."
    )
    assert chains_of(text)[1] == ["defence ministry"]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Doctors at the district hospital in Sadda said children had died.", "medic"),
        ("Nurses at a clinic in Sadda said children had died.", "medic"),
        ("Officials at the interior ministry said the road was shut.", "government"),
    ],
)
def test_people_at_a_place_the_text_does_not_name_are_those_people(text, kind):
    assert first_source(text).kind == kind


def test_a_role_set_off_before_a_name_is_the_persons_role():
    text = (
        "The group's spokesman, Tomas Reyes, said the fighters had left. "
        "Lina Ortiz, head of the Crisis Desk (CD), said more had come."
    )
    roles = [claim.sources[0].role for claim in claims_of(text)]
    assert roles == ["group's spokesman", "head of the Crisis Desk (CD)"]


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("Aid workers in Kindu said the camps were full.", ["Kindu"]),
        ("A farmer in Tumaco said the gangs charged a fee.", ["Tumaco"]),
        ("Refugees from Bunia now living in Beni said the militia had burned their homes.", ["Beni"]),
        ("Witnesses in Bunia said the militia had burned homes.", []),  # they saw it there
    ],
)
def test_people_in_a_place_speak_from_it_and_residents_from_a_place_come_from_it(text, places):
    [claim] = claims_of(text)
    assert [text[a:b] for a, b in claim.said_at] == places


def test_a_place_after_a_source_named_after_its_quote_is_where_it_spoke():
    text = '"The state has forgotten us," said a community leader in Tumaco.'
    [claim] = claims_of(text)
    assert [text[a:b] for a, b in claim.said_at] == ["Tumaco"]


@pytest.mark.parametrize(
    "text",
    [
        "The Sahel Unity Movement (SUM) claimed the attack on the convoy.",
        "The Sahel Unity Movement (SUM) said on Monday it had no comment. The SUM claimed the attack later.",
        "The Sahel Unity Movement (SUM) said it had won. Sahel Unity Movement (SUM) fighters later left the town.",
    ],
)
def test_a_body_named_with_its_acronym_and_shown_fighting_is_armed(text):
    assert first_source(text).kind == "military"


def test_a_name_with_a_hyphenated_particle_after_a_role_is_the_person():
    source = first_source("Rebel commander Abu Khalid al-Tikriti told reporters the town had fallen.")
    assert (source.name, source.kind) == ("Abu Khalid al-Tikriti", "person")


def test_the_agency_after_a_un_agency_is_that_agency_and_customs_are_an_agency():
    text = (
        "The International Organization for Migration (IOM) estimates that 300,000 people have fled. "
        "The agency said most were sheltering in schools."
    )
    assert chains_of(text)[1] == ["International Organization for Migration (IOM)"]
    assert first_source("Spanish customs said the cargo had been seized.").kind == "agency"


def test_the_agency_is_the_un_body_named_since_a_news_agency_named_before():
    text = (
        "The president, quoted by the state news agency UzA, said order had been restored. Young men have left "
        "for Kazakhstan, according to the International Organization for Migration (IOM). Earlier this year, "
        "the agency said, 40,000 returned home. The agency UzA later said the curfew was lifted."
    )
    assert [chain[0] for chain in chains_of(text)[2:]] == ["International Organization for Migration (IOM)", "UzA"]


def test_a_subject_does_not_reach_back_over_the_verb_of_the_claim_that_reports_it():
    text = "Interior Minister Paul Mbarga said police had said that the road was closed."
    assert chains_of(text)[0] == ["Paul Mbarga", "police"]


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        ("The 3rd Marine Division said two rebels were killed.", "3rd Marine Division", "military"),
        ("Ana Ruiz, an administrator with the state Division of Highways, said the road was shut.", "Ana Ruiz",
         "person"),
    ],
)  # fmt: skip
def test_a_numbered_unit_is_military_and_a_division_of_an_office_is_not(text, name, kind):
    source = first_source(text)
    assert (source.name, source.kind) == (name, kind)


# Seventh pass on issue #19: classes found by claims_wire_dev11.yaml and claims_wire_dev12.yaml.
def test_a_place_a_source_speaks_from_by_phone_is_where_it_spoke():
    text = '"We buried the dead," a survivor, Musa Idi, told the agency by phone from Kadugli.'
    [claim] = claims_of(text)
    assert [text[a:b] for a, b in claim.said_at] == ["Kadugli"]


# One convention for kinds the labelled sets had disagreed on: community, tribal, traditional, indigenous and
# religious leaders, elders and chiefs speak for where they live (residents), activists and civil society
# leaders for a cause; rights groups and commissions are think tanks; an office is an agency unless it is a
# head of government's; officers the text describes are soldiers (police officers officials).
@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("A community leader in Tumbes said the gangs charged a fee.", "resident"),
        ("Local chiefs said the youths had left.", "resident"),
        ("Indigenous leaders said the papers were forged.", "resident"),
        ("A civil society leader said the militia had returned.", "activist"),
        ("The Human Rights Commission of Kenya said 40 people had died.", "think tank"),
        ("The prime minister's office said troops had been sent.", "government"),
        ("The state prosecutor's office said 12 bodies were found.", "agency"),
        ("Two military officers told the agency the base had fallen.", "soldier"),
        ("A senior police officer said the road was closed.", "official"),
        ("Local authorities said the camps were full.", "official"),
    ],
)  # fmt: skip
def test_kinds_the_sets_had_labelled_apart_follow_one_convention(text, kind):
    assert first_source(text).kind == kind


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        # a research group, a consultancy or an intelligence group named so is a think tank
        ("The research group Kivu Watchers reported that 40 homes burned.", "Kivu Watchers", "think tank"),
        ("The Ardent Intelligence Group said the fighters had crossed.", "Ardent Intelligence Group", "think tank"),
        # newspapers and companies by the words of their names
        ("The Northern Inquirer said the town had fallen.", "Northern Inquirer", "media"),
        ("Orbit Labs said its imagery showed burned villages.", "Orbit Labs", "organisation"),
        # armed groups by the words of their names: an Islamic State province, a katiba, a military operation
        ("Islamic State's Delta Province claimed the attack.", "Islamic State's Delta Province", "military"),
        ("The Katiba Serma said it had punished the village.", "Katiba Serma", "military"),
        ("The army's Operation Calm Waters said its troops had arrested 15 suspects.",
         "army's Operation Calm Waters", "military"),
        # the longer of two kind words ending together decides: "State Department", not "department"
        ("According to the US State Department, the talks failed.", "US State Department", "government"),
    ],
)  # fmt: skip
def test_the_words_of_a_name_give_its_kind(text, name, kind):
    source = first_source(text)
    assert (source.name, source.kind) == (name, kind)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("The Sahel Rights Monitor's Niamey office said 30 people were held.", "think tank"),
        ("The Northern Army's media office said the rebels had withdrawn.", "military"),
    ],
)
def test_the_office_of_a_named_body_is_of_the_bodys_kind(text, kind):
    assert first_source(text).kind == kind


def test_a_description_in_a_free_relative_is_a_source_only_where_the_sentence_has_no_other():
    text = "Gunmen killed 19 people in a bar, the police said, in what officers described as a turf war."
    assert chains_of(text) == [["police"]]
    assert chains_of("Air defences fired at what state media described as small drones.") == [["state media"]]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("A Malian officer said the base had been reinforced.", "soldier"),
        ("According to the chief veterinary officer, six samples tested positive.", "official"),
        ("Coastguard officers said they had stopped three boats.", "official"),
    ],
)
def test_officers_described_are_soldiers_unless_their_office_is_civil(text, kind):
    assert first_source(text).kind == kind


def test_a_named_bodys_office_takes_the_bodys_kind_but_a_countrys_office_does_not():
    assert first_source("Poland's national prosecutor's office said a warrant was issued.").kind == "agency"


def test_the_government_in_a_capital_is_that_countrys_government():
    assert chains_of("The government in Juba said it would send a delegation.") == [["South Sudan"]]


def test_a_definite_noun_refers_back_to_a_body_the_text_named_before_though_not_as_a_source():
    text = (
        "Kenyan officers of the U.N.-backed Multinational Security Support mission have trained police in "
        "Saint-Marc, the mission said."
    )
    source = first_source(text)
    assert (source.name, source.kind) == ("Multinational Security Support mission", "government")


@pytest.mark.parametrize(
    ("text", "chain"),
    [
        # the evidence is not the source: whoever compiled it is, and whoever relays it comes first
        ("The toll rose to 300, according to a tally by the Daily Trust newspaper.", [["Daily Trust newspaper"]]),
        ("The toll rose to 300, according to police figures cited by the newspaper El Universo.",
         [["El Universo", "police"]]),
        ("The toll rose to 300, according to figures from the health ministry.", [["health ministry"]]),
    ],
)  # fmt: skip
def test_according_to_evidence_names_whoever_compiled_or_relayed_it(text, chain):
    assert chains_of(text) == chain


def test_words_describing_an_outlet_before_its_name_are_no_part_of_it():
    text = "The raids killed 20 militants, the state-owned Al-Ahram newspaper reported, citing a military source."
    assert chains_of(text) == [["Al-Ahram newspaper", "military source"]]


def test_a_description_set_off_after_a_body_gives_its_kind():
    source = first_source("A researcher at Kestrel Intelligence, a Lagos-based consultancy, said the gunmen drilled.")
    assert (source.name, source.kind) == ("Kestrel Intelligence", "think tank")


def test_a_definite_noun_with_no_named_body_before_it_stays_itself():
    assert chains_of("Shelling hit Arlit. The army said 12 soldiers died.") == [["army"]]


@pytest.mark.parametrize(
    "second",
    [
        "The militants said on their radio station that 40 soldiers had died.",
        "The Islamist group said its fighters had killed 40 soldiers.",
    ],
)
def test_the_militants_or_an_armed_group_refer_back_to_the_armed_group_named_before(second):
    text = "Al Shabaab fighters overran a base near Jowhar, two officers said. " + second
    source = claims_of(text)[1].sources[0]
    assert (source.name, source.kind) == ("Al Shabaab", "military")


def test_a_name_like_a_persons_that_the_text_shows_fighting_is_an_armed_group():
    text = "Al Shabaab militants attacked the base at dawn. Al Shabaab said in a statement that 40 soldiers died."
    assert claims_of(text)[-1].sources[0].kind == "military"


@pytest.mark.parametrize(
    ("text", "chain"),
    [
        ("Based on imagery from Orbit Labs, the research group Kivu Watchers reported that 40 homes burned.",
         ["Kivu Watchers", "Orbit Labs"]),
        ("CITING police sources, the newspaper Le Pays said 12 people died.", ["Le Pays", "police sources"]),
    ],
)  # fmt: skip
def test_a_chain_opening_a_sentence_is_read_in_any_case(text, chain):
    assert chains_of(text) == [chain]


def test_officers_alone_are_no_soldiers():
    assert first_source("Officers said they saw the man leave the bar.").kind != "soldier"


def test_a_state_information_agency_is_media():
    source = first_source("Tajikistan's state information agency Khovar, citing the border service, said two died.")
    assert source.kind == "media"


def test_a_body_named_before_in_the_possessive_is_found_again():
    text = "The South African government's plan was approved. The government announced an allocation of money."
    assert chains_of(text)[-1] == ["South African government"]


# Eighth pass on issue #19: classes found by claims_wire_dev13.yaml and claims_wire_dev14.yaml.
@pytest.mark.parametrize(
    ("text", "places"),
    [
        # a source cited or quoted by another speaks from the place in its own words, as a subject does
        ("Radio Lira, quoting a local chief in Pakwach, reported that 200 families had fled.", ["Pakwach"]),
        ("The ministry, citing aid workers in Gulu, said the road was closed.", ["Gulu"]),
        # ... but a place opening the cited body's name is part of the name
        ("Padilla said, citing information from the Ohio Department of Health, that cases rose.", []),
        # an outlet told in a place: where the statement was made
        ('"We left with nothing," Jane Okello told the AP in Arua.', ["Arua"]),
        ('"We left with nothing," Jane Okello told The Associated Press in Arua.', ["Arua"]),
        ('"We left with nothing," Jane Okello told the agency in Arua.', ["Arua"]),
        # a named speaker described as one of a place's people speaks from it ("a witness" saw it there)
        ('"They took my daughters," said Lawal Musa, a farmer in Yargoje.', ["Yargoje"]),
        ("Abebe Tadesse, a trader in Woreta, said the army had shelled Debre Tabor.", ["Woreta"]),
        ("Abebe Tadesse, a witness in Woreta, said the army had shelled the town.", []),
        ("Abebe Tadesse, a commander of the militia in Woreta, said the army had shelled the town.", []),
    ],
)
def test_a_cited_source_and_an_outlet_told_in_a_place_mark_where_it_was_said(text, places):
    [claim] = claims_of(text)
    assert [text[a:b] for a, b in claim.said_at] == places


def test_a_quotation_running_on_over_several_sentences_stays_its_speakers_to_its_end():
    text = (
        '"They came at dawn," Jane Okello told reporters. "Some of them were children. '
        'We found their shoes on the road. Nobody came." The river rose overnight.'
    )  # the quotation closes in a sentence too short to be a claim: the next is the wire's own
    assert chains_of(text) == [["Jane Okello"], ["Jane Okello"], ["Jane Okello"], ["Example Wire"]]


def test_a_quotation_left_open_at_a_paragraph_end_does_not_run_on_into_the_narrative():
    # paragraphs run together: the open quotation ended with its paragraph, as the next opening mark shows
    text = (
        '"We will need time," the mayor said. "There is a lot of negotiation going on. '
        'Harding, though, was impressed by the "additional supports" on offer.'
    )
    assert chains_of(text)[2] == ["Example Wire"]
    text = '"We will need time," the mayor said. "There is a lot to do.\n\nThe council met on Monday to vote.'
    assert chains_of(text)[2] == ["Example Wire"]


@pytest.mark.parametrize(
    ("text", "chains"),
    [
        # a surname joined to its particle ("al-Samei") is a name's word: the appositive names the official, to
        # whom "the official" and "he" then point back
        (
            'Shells hit the market on Tuesday, a local health official, Abdul-Rahim al-Samei, said. '
            'The official told reporters the shells came from the east. "There was no warning," he said.',
            [["Abdul-Rahim al-Samei"]] * 3,
        ),
        (
            "The Joint Operations Command said the raid was over. The command's spokesman, Major General "
            "Tahsin al-Khafaji, said the militants had used caves.",
            [["Joint Operations Command"], ["Tahsin al-Khafaji"]],
        ),
        # a given name and two surnames after a title
        ("President Andres Manuel Lopez Obrador said the army had deployed 1,300 soldiers.",
         [["Andres Manuel Lopez Obrador"]]),
    ],
)  # fmt: skip
def test_names_with_joined_particles_or_two_surnames_are_persons(text, chains):
    assert chains_of(text) == chains
    assert all(s.kind == "person" for c in claims_of(text)[-1:] for s in c.sources)


def test_a_name_of_several_joined_particles_is_a_body_not_a_person():
    text = "Jama'at Nusrat al-Islam wal-Muslimin, al-Qaeda's affiliate in the Sahel, claimed responsibility."
    assert first_source(text).kind != "person"


@pytest.mark.parametrize(
    ("text", "chain"),
    [
        # a common noun describing an outlet is no part of its name, even with particles in the name
        ("The cartel, in a message quoted by the newspaper El Diario de Sonora, said it had left.",
         ["El Diario de Sonora", "cartel"]),
        # a group's possessive before an outlet ties it to the group; the name is the outlet's
        ("In a statement carried by the rebels' Al-Nour television, he said the town had fallen.",
         ["Al-Nour television"]),
        # Spanish names with "de las", "de los", "del"
        ("The Fray Tomas de las Casas Human Rights Center said recruiters had taken young men.",
         ["Fray Tomas de las Casas Human Rights Center"]),
    ],
)  # fmt: skip
def test_outlets_and_names_keep_their_particles_and_drop_their_descriptions(text, chain):
    assert chains_of(text)[0][: len(chain)] == chain


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # a name whose words say nothing takes the kind its acronym in brackets is known by
        ("More than 1,400 civilians have been killed, according to the Armed Conflict Location & Event Data "
         "Project (ACLED).", "think tank"),
        # a country's institute written in lower case is its state's agency; a named institute a think tank
        ("Guatemala's migration institute said about 580 Mexicans had crossed.", "agency"),
        ("Mexico's statistics institute said 30,000 people had been killed.", "agency"),
        ("The Lowy Institute said the navy had grown.", "think tank"),
    ],
)  # fmt: skip
def test_an_acronym_and_a_states_lower_case_institute_give_the_kind(text, kind):
    assert first_source(text).kind == kind


def test_the_report_points_back_to_whoever_wrote_the_report_named_before():
    text = (
        "Up to 500 militants remain active, according to a report by a U.N. monitoring team published in July. "
        "The militants, the report said, recruit in camps for displaced people."
    )
    assert chains_of(text) == [["U.N. monitoring team"], ["U.N. monitoring team"]]


def test_the_noun_of_an_appositive_points_back_to_the_body_it_described():
    text = (
        "The Ethiopia Peace Observatory, a research project, reported that 120 homes had burned. "
        "The project said the three towns lie along the highway."
    )
    assert chains_of(text) == [["Ethiopia Peace Observatory"], ["Ethiopia Peace Observatory"]]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # a restrictive relative clause between subject and verb describes the subject; its object is no source
        ("Clan elders who declared the town part of a new Khatumo administration said the fighters held.",
         "Clan elders"),
        ("Residents who fled the town said the army had left.", "Residents"),
        ("Elders who met the Governor of Kano said the army had left.", "Elders"),
    ],
)  # fmt: skip
def test_a_subject_before_a_relative_clause_is_the_source(text, name):
    assert first_source(text).mention == name


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("The quake measured 6.1, according to the U.S. Geological Survey.", "U.S. Geological Survey"),
        ("The British Geological Survey said the tremor was felt across the region.", "British Geological Survey"),
    ],
)
def test_a_survey_is_a_state_agency_not_a_person(text, name):
    source = first_source(text)
    assert (source.name, source.kind) == (name, "agency")


@pytest.mark.parametrize(
    ("outlet", "kind"),
    [
        ("Reuters", "media"),
        ("Lloyd's List", "media"),  # a name no kind word marks is still a news outlet's
        ("Al-Monitor", "media"),  # a kind word that is all of the name titles a paper
        (None, "media"),
        ("Ministry of Information and Civic Education", "government"),
        ("Andes Conflict Monitor", "think tank"),
        ("UN Office for the Coordination of Humanitarian Affairs", "government"),
    ],
)
def test_a_document_speaks_with_its_outlets_kind_when_the_outlet_is_a_body_that_states_things(outlet, kind):
    from geo.lexicon import load_lexicon
    from geo.sources import document_kind

    assert document_kind(outlet, load_lexicon()) == kind


def test_he_or_she_after_one_described_speaker_is_that_speaker_not_the_person_named_before():
    text = (
        "The minister, Jan Kowal, said 300 officers would arrive. "
        "A resident of Northtown told the BBC by phone that young men had manned barricades. "
        '"We are not thieves," he said. '
        "A community leader in Eastvale told the agency that boys were shot. "
        "She said helicopters had fired on the neighbourhood. "
        "Residents said the shooting went on for hours. "
        "Kowal said the operation was over. "
        "He said no one had been arrested."
    )
    assert [s[0] for s in chains_of(text)] == [
        "Jan Kowal", "resident", "resident", "community leader", "community leader", "Residents", "Jan Kowal",
        "Jan Kowal",
    ]  # fmt: skip


def test_one_resident_of_a_place_speaks_from_it_rather_than_coming_from_it():
    text = "A resident of Northtown, reached by phone, said soldiers had shelled Eastvale overnight."
    claim = claims_of(text)[0]
    assert [text[a:b] for a, b in claim.said_at] == ["Northtown"]


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("Speaking to this brief's authors from Northtown, one activist said 40 had died.", ["Northtown"]),
        ("The governor, speaking to reporters in Eastvale, said the attackers had fled.", ["Eastvale"]),
        ("The army said the rebels are said to be hiding in Westmoor.", []),
    ],
)
def test_a_statement_made_to_someone_in_a_place_was_made_there(text, said):
    claim = claims_of(text)[0]
    assert [text[a:b] for a, b in claim.said_at] == said


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        ("Local sources report that clashes went on near the dam.", "Local sources", "source"),
        ("Residents disputed that account.", "Residents", "resident"),
        ("The governor defended the raid, saying the gang had used the port.", "governor", "person"),
        ("Rights groups say the measures led to arbitrary arrests.", "Rights groups", "think tank"),
    ],
)
def test_reporting_disputing_and_defending_are_statements_and_rights_groups_think_tanks(text, name, kind):
    source = first_source(text)
    assert (source.name, source.kind) == (name, kind)


def test_a_report_that_is_a_noun_names_no_source():
    assert first_source("A police report described the robbery in detail.").kind == "document"


def test_the_officers_point_back_to_the_officers_the_text_described_before():
    text = (
        "Two Malian military officers said the column had come under drone fire. "
        "The officers, who asked not to be named because they were not authorised to speak, said 17 were wounded."
    )
    assert [(s.name, s.kind, s.affiliation) for s in claims_of(text)[1].sources] == [
        ("Malian military officers", "soldier", "Mali")
    ]


def test_a_name_an_appositive_calls_a_group_is_a_body_and_the_group_points_back_to_it():
    text = (
        "The raid was the deadliest in years, according to Vento Claro, a group that tracks armed violence. "
        "The group said police operations had killed 348 people."
    )
    assert [[(s.name, s.kind) for s in c.sources] for c in claims_of(text)] == [
        [("Vento Claro", "organisation")],
        [("Vento Claro", "organisation")],
    ]


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        (
            "Humanitarian partners estimate that 3,000 families remain displaced.",
            "Humanitarian partners",
            "organisation",
        ),
        ("Opposition leaders said the deal would raise prices.", "Opposition leaders", "activist"),
        ("Prosecutors said the men had been paid in cash.", "Prosecutors", "agency"),
        (
            "The Island Broadcasting Corporation reported that the curfew was lifted.",
            "Island Broadcasting Corporation",
            "media",
        ),
    ],
)
def test_partners_opposition_leaders_prosecutors_and_broadcasting_corporations(text, name, kind):
    source = first_source(text)
    assert (source.name, source.kind) == (name, kind)


def test_the_group_points_back_to_a_group_named_after_its_noun_though_not_as_a_source():
    text = (
        "The minister, Jan Kowal, accused a pro-independence group, the Field Action Cell (FAC), of organising "
        "the riots. The group denies this."
    )
    assert [(s.name, s.kind) for s in claims_of(text)[1].sources] == [("Field Action Cell (FAC)", "organisation")]


def test_a_surname_alone_is_the_person_the_text_named_before_though_not_as_a_source():
    text = (
        "Protesters demanded the resignation of Prime Minister Manasseh Tamboa. "
        "Tamboa, in remarks broadcast by the Island Broadcasting Corporation, blamed foreign powers. "
        "Palestinian Hamas was not involved. Hamas said 12 people were killed."
    )
    chains = [[(s.name, s.kind) for s in c.sources] for c in claims_of(text)]
    assert chains[1] == [("Island Broadcasting Corporation", "media"), ("Manasseh Tamboa", "person")]
    assert chains[3] == [("Hamas", "organisation")]


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        ("Survivors told aid workers that the gunmen came at night.", "Survivors", "witness"),
        ("Passengers who escaped described hours of terror.", "Passengers", "witness"),
        ("A police constable testified that the guards attacked first.", "police constable", "official"),
        ("Trucking unions had threatened to block the main highways.", "Trucking unions", "organisation"),
        ("The Supreme Court said the decree was void.", "Supreme Court", "agency"),
        ("The International Rescue Committee said its clinics were full.", "International Rescue Committee",
         "organisation"),
    ],
)  # fmt: skip
def test_witnesses_of_an_attack_a_constable_in_court_unions_that_threaten_courts_and_aid_committees(text, name, kind):
    source = first_source(text)
    assert (source.name, source.kind) == (name, kind)


def test_a_quote_said_by_a_described_speaker_at_a_body_is_the_speaker_working_there():
    text = (
        "Police said the mutiny was over. "
        '"It was a mutiny, not a coup," said a political scientist at the University of Westmarch, who asked '
        "not to be named."
    )
    source = claims_of(text)[1].sources[0]
    found = (source.name, source.kind, source.affiliation)
    assert found == ("political scientist", "analyst", "University of Westmarch")


def test_one_of_them_is_the_group_the_text_named_last():
    text = (
        "Community leaders in Tamora told the agency that raids had intensified. "
        '"They come at night and break down our doors," one of them said.'
    )
    assert [[s.name for s in c.sources] for c in claims_of(text)] == [["Community leaders"], ["Community leaders"]]


def test_an_aid_groups_press_release_speaks_as_an_aid_group_and_a_courts_summary_as_an_agency():
    from geo.lexicon import load_lexicon
    from geo.sources import document_kind

    assert document_kind("International Rescue Committee", load_lexicon()) == "organisation"
    assert document_kind("High Court of Westmarch", load_lexicon()) == "agency"
    assert document_kind("Daily Ledger", load_lexicon()) == "media"


def test_a_name_with_a_particle_after_a_title_and_the_title_pointing_back_to_a_person_named_before():
    text = (
        "General Tomas Ruiz Vega, who had been dismissed, was detained, Interior Minister Ana de la Vega told a "
        "news conference. Before his arrest, the general told reporters that the plot was not his."
    )
    assert [[(s.name, s.kind) for s in c.sources] for c in claims_of(text)] == [
        [("Ana de la Vega", "person")],
        [("Tomas Ruiz Vega", "person")],
    ]


def test_a_judge_of_a_court_is_a_person():
    source = first_source("Judge Lee Marlow, of the Harton County Municipal Court, says the court has enough paper.")
    assert (source.name, source.kind) == ("Judge Lee Marlow", "person")


def test_the_name_after_a_body_noun_an_office_named_for_a_role_and_who_was_quoted_as_saying():
    text = (
        "According to the Ombudsman's Office, 600 families fled in August. The office said children were recruited. "
        "Its leader, Hector Vallejo, was quoted by the newspaper La Cuarta as saying the group would fight on. "
        "Armed men attacked the village, according to aid teams working in the area."
    )
    assert [[s.name for s in c.sources] for c in claims_of(text)] == [
        ["Ombudsman's Office"],
        ["Ombudsman's Office"],
        ["La Cuarta", "Hector Vallejo"],
        ["aid teams"],
    ]


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        ("A human rights group, the Association for a Safer Town, said 30 people had been killed.",
         "Association for a Safer Town", "think tank"),
        ("Protesters have stormed the parliament in the capital, local media report.", "local media", "journalist"),
        ("The region's de facto leader, Ivo Sarn, left for his home village, his office said.", "office",
         "government"),
    ],
)  # fmt: skip
def test_a_name_with_for_a_local_media_that_report_and_a_leaders_office(text, name, kind):
    source = first_source(text)
    assert (source.name, source.kind) == (name, kind)


def test_officers_who_call_for_backup_say_nothing():
    assert first_source("The first officers on the scene called for backup immediately.").kind == "document"


@pytest.mark.parametrize(
    ("text", "affiliation"),
    [
        ("Kamaran Othman, a spokesman for the Peacemaker Teams, said villagers had fled.", "Peacemaker Teams"),
        ("Kamaran Othman, a spokesman for the Peacemaker Teams, a monitoring group, said villagers had fled.",
         "Peacemaker Teams"),
        ("Ali Musa, a commander of the Kanak Liberation Front, a separatist group, said the town fell.",
         "Kanak Liberation Front"),
    ],
)  # fmt: skip
def test_a_person_set_off_with_a_role_for_a_body_speaks_for_that_body(text, affiliation):
    source = first_source(text)
    assert (source.name, source.kind, source.affiliation) == (text.split(",")[0], "person", affiliation)


@pytest.mark.parametrize(
    "text",
    [
        "Colonel Jaime Ruiz, who commands an army battalion in Cucuta, told reporters that most had fled.",
        "Jane Doe, who heads the Ituri Foundation, said the road was open.",
    ],
)
def test_a_relative_clause_on_a_person_says_what_the_person_does_not_what_body_speaks(text):
    source = first_source(text)
    assert (source.name, source.kind) == (text.split(",")[0].removeprefix("Colonel "), "person")


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        ("Analysts were doubtful that the rebels would hold the city for long.", "Analysts", "analyst"),
        ("Analysts were sceptical of both accounts.", "Analysts", "analyst"),
        ("Western diplomats remain skeptical that the truce will hold.", "Western diplomats", "diplomat"),
    ],
)
def test_a_described_source_that_doubts_without_a_verb_of_saying_is_the_source(text, name, kind):
    [claim] = claims_of(text)
    assert [(s.name, s.kind) for s in claim.sources] == [(name, kind)]
    assert claim.certainty == "reported" and claim.certainty_cues == ()


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Residents who fled to Muse, near the Chinese border, said the army had bombed the town.", "Residents"),
        ("Villagers who fled to Goma, in North Kivu, told Reuters the rebels had come at night.", "Villagers"),
    ],
)
def test_an_aside_on_where_a_place_is_leaves_the_group_before_it_the_source(text, name):
    source = first_source(text)
    assert (source.name, source.kind) == (name, "resident")


@pytest.mark.parametrize(
    ("text", "government"),
    [
        ("LA PAZ, June 27 (AFP) - Bolivian authorities arrested a former army chief on Wednesday. "
         "The general told reporters that the president had asked him to stage it. The government rejected that "
         "claim.", "Bolivia"),
        ("JUBA, March 3 (Reuters) - South Sudan's army said it had shelled Nasir. The government said it was calm.",
         "South Sudan"),
    ],
)  # fmt: skip
def test_the_government_named_by_no_one_before_is_that_of_the_country_the_story_opens_on(text, government):
    source = claims_of(text)[-1].sources[0]
    assert (source.name, source.kind) == (government, "government")


def test_the_government_named_before_is_that_one():
    text = "Chile's government declared an emergency. Bolivian police said the border was calm. The government said so."
    assert claims_of(text)[-1].sources[0].name == "Chile's government"


@pytest.mark.parametrize(
    ("text", "chain"),
    [
        ("The Kanak and Socialist National Liberation Front said it was calm.",
         ["Kanak and Socialist National Liberation Front"]),
        ("The Ministry of Defence and Security said it was calm.", ["Ministry of Defence and Security"]),
        ("Russia and Ukraine said talks would resume.", ["Russia", "Ukraine"]),
        ("The Arakan Army and the Kachin Independence Army said they had taken the town.",
         ["Arakan Army", "Kachin Independence Army"]),
    ],
)  # fmt: skip
def test_a_name_going_on_over_and_is_one_source_two_names_side_by_side_are_two(text, chain):
    assert chains_of(text) == [chain]


@pytest.mark.parametrize(
    ("text", "chain"),
    [
        ("The committee heard evidence from the Foreign Office, which told members that the protesters were bussed in.",
         [("Foreign Office", "government")]),
        ("The attack was condemned by the African Union, which said the town had been shelled.",
         [("African Union", "government")]),
        ("Police arrested the man, who said he was innocent.", [("Example Wire", "document")]),
        # a place or a person is not a body speaking through "who"
        ("Other towns hit by the flu are Kisumu and Rift Valley, who have reported 10 cases.",
         [("Example Wire", "document")]),
        ("One of them, Mikhail Potepkin of the youth group Nashi, who said he was innocent, left.",
         [("Example Wire", "document")]),
    ],
)  # fmt: skip
def test_a_name_a_relative_pronoun_stands_for_speaks_through_it(text, chain):
    [claim] = claims_of(text)
    assert [(s.name, s.kind) for s in claim.sources] == chain


@pytest.mark.parametrize(
    ("text", "name", "affiliation"),
    [
        ('While another worker, David Darg, of Operation Blessing International wrote "The courtyard was full."',
         "David Darg", "Operation Blessing International"),
        ("Mark Lowcock, of the United Nations said aid was stuck.", "Mark Lowcock", "United Nations"),
    ],
)  # fmt: skip
def test_a_person_named_before_of_and_a_body_without_a_closing_comma_speaks(text, name, affiliation):
    source = first_source(text)
    assert (source.name, source.kind, source.affiliation) == (name, "person", affiliation)


def test_one_of_a_group_told_in_an_aside_is_of_that_group():
    text = (
        "Residents who fled the town said the army had bombed it. "
        '"Bombs fell near the market every night," one of them, a teacher, said by phone. "We left with nothing."'
    )
    assert chains_of(text) == [["Residents"], ["Residents"], ["Residents"]]


def test_an_acronym_set_off_after_its_long_form_by_or_stands_for_it():
    text = (
        "The National Liberation Army, or ELN, attacked the town. "
        "An ELN commander, speaking to a local radio station, said the group had acted."
    )
    source = claims_of(text)[-1].sources[0]
    assert (source.name, source.kind) == ("National Liberation Army (ELN)", "military")


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        ("Officials in the Kurdistan Regional Government say the group recruits young men.",
         "Kurdistan Regional Government", "government"),
        ("Officials in the Interior Ministry said the road was open.", "Interior Ministry", "government"),
        ("Officials in Kirkuk say the group recruits young men.", "Officials", "official"),
    ],
)  # fmt: skip
def test_officials_in_a_body_the_text_names_are_that_body_officials_in_a_place_are_described(text, name, kind):
    source = first_source(text)
    assert (source.name, source.kind) == (name, kind)


def test_a_news_site_after_a_name_heads_the_name():
    text = "The Irrawaddy news site, citing two residents, reported that the rebels had taken the airport."
    [claim] = claims_of(text)
    assert [(s.name, s.kind) for s in claim.sources] == [("Irrawaddy news site", "media"), ("residents", "resident")]


def test_the_names_before_a_surname_are_those_its_own_pattern_finds():
    """One pattern for every surname finds what the surname's own pattern found: a given name right
    before it, not before a longer word that begins with it ("Smithson", "Smith’s", "Smith2"), and
    no match that begins inside the one before ("Ali Smith Smith": the second "Smith" is taken)."""
    import re
    from pathlib import Path

    import yaml

    from geo.sources import _SURNAME_WORD, _names_before

    texts = [
        "Said Ali Smith spoke. Smith said.", "Ali Smith Smith Jones met Smith Jones.",
        "John Smith’s aide, Ann Smithson",
        "Ann Smith2 and Mary  Smith and\nJoe\tSmith-Jones, Bo O'Smith, Li Smith.", "Kim Jong Un, Kim Jong Jong Un",
        "al-Qaeda Smith, Al Smith’ Jo-ann Smith", "Él Smith, Zoë Smith, Ed Smith",
    ]  # fmt: skip
    for path in sorted((Path(__file__).parent / "data").glob("claims_wire*.yaml")):
        texts += [item["text"] for item in yaml.safe_load(path.read_text(encoding="utf-8"))]
    compared = 0
    for text in texts:
        for surname in sorted(set(_SURNAME_WORD.findall(text))):
            own = re.finditer(rf"(?<![\w’'-])(?P<given>[A-Z][a-z’'-]+)\s+{re.escape(surname)}(?![\w’'-])", text)
            expected = [(m.start(), m.group("given")) for m in own]
            assert [(m.start(), m.group("given")) for m in _names_before(text, surname)] == expected, (surname, text)
            compared += bool(expected)
    assert compared > 100


@pytest.mark.parametrize(
    "text",
    [
        '"The army is taking sides," said Ana Ruiz of the Bogota-based Peace and Reconciliation Foundation.',
        "Ana Ruiz of the Peace and Reconciliation Foundation said the army was taking sides.",
    ],
)
def test_a_person_of_a_named_body_speaks_affiliated_to_it(text):
    source = first_source(text)
    found = (source.name, source.kind, source.affiliation)
    assert found == ("Ana Ruiz", "person", "Peace and Reconciliation Foundation")


def test_bodies_named_with_of_and_two_bodies_over_and_stay_bodies():
    assert chains_of("The Security Service of Ukraine said the port was hit.") == [["Security Service of Ukraine"]]
    assert chains_of("Friends of the Earth and Greenpeace said the spill was vast.") == [
        ["Friends of the Earth", "Greenpeace"]
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Most of them came from La Victoria, said Arauquita's mayor, Etelivar Torres.",
        "Most of them came from La Victoria, said Etelivar Torres, the town's mayor.",
        "Most of them came from La Victoria, said Mayor Etelivar Torres.",
    ],
)
def test_a_subject_after_said_closing_a_sentence_is_its_source(text):
    assert chains_of(text) == [["Etelivar Torres"]]


def test_said_after_a_subject_and_its_aside_keeps_the_subject_before_it():
    text = "Fundaredes, a Venezuelan rights group, citing residents, said the army killed four civilians."
    [claim] = claims_of(text)
    assert [(s.name, s.kind) for s in claim.sources] == [("Fundaredes", "think tank"), ("residents", "resident")]


def test_a_woman_or_a_man_the_text_describes_is_a_resident():
    text = '"They took my two sons," a woman from the district who did not want to be named told the channel.'
    source = first_source(text)
    assert (source.name, source.kind) == ("woman", "resident")


def test_a_force_of_the_united_nations_is_a_government_and_an_appositive_after_according_to_gives_a_kind():
    text = (
        "Gunmen killed 52 people, the United Nations Interim Security Force for Abyei (UNISFA) said. "
        "Nearly 6,000 people have fled, according to Migration Colombia, the country's migration agency."
    )
    assert [(c.sources[0].kind) for c in claims_of(text)] == ["government", "agency"]


def test_an_office_named_later_is_the_person_named_in_it_from_the_start():
    text = (
        "Venezuela's defence minister said Thursday that two soldiers had been killed. "
        "Defence Minister Vladimir Padrino López, speaking on state television, said troops had destroyed six camps."
    )
    assert chains_of(text) == [["Vladimir Padrino López"], ["Vladimir Padrino López"]]
    assert chains_of("The defence minister said two soldiers had been killed.") == [["defence minister"]]


def test_a_group_in_a_place_named_before_a_lower_case_noun_speaks_from_it():
    from geo.lexicon import load_lexicon
    from geo.models import Source
    from geo.sources import SourceRegistry, attribute
    from geo.text import Span

    text = "Ngok Dinka elders in Abyei town said the attackers had been trained at camps outside Turalei."
    said = []
    outlet = Source("W", "document", "W")
    chain = attribute(Span(text, 0, len(text)), SourceRegistry(text=text), load_lexicon(), outlet, said)
    assert [(s.name, s.kind) for s in chain] == [("Ngok Dinka elders", "resident")]
    assert [text[a:b] for a, b in said] == ["Abyei"]


def test_a_subject_right_after_the_things_it_has_spoken_of_is_no_source():
    text = (
        "The defence minister said two soldiers had been killed, the first deaths the military has acknowledged. "
        "Officials said the attacks the group has claimed were staged. "
        "Over the past weeks the army has said little."
    )
    assert chains_of(text) == [["defence minister"], ["Officials"], ["army"]]


def test_a_man_accused_of_something_says_nothing():
    assert chains_of("Charges were dropped against a Rochester man accused of abusing a girl.") == [["Example Wire"]]


def test_someone_a_speaker_quotes_as_my_father_is_no_link():
    assert chains_of('The farmer told the radio: "As my father said, it is a pity."') == [["farmer"]]


def test_a_country_name_ending_a_longer_name_is_no_tie():
    source = first_source("A New Jersey woman who once lived in Lubbock told reporters she had the virus.")
    assert (source.name, source.affiliation) == ("New Jersey woman", None)


@pytest.mark.parametrize(
    ("text", "name", "affiliation"),
    [
        ("The project began in 2002, said City Councilman Danny Dunagan.", "Danny Dunagan", None),
        ('"Border controls do not work," said the WHO spokesman, Hartl.', "Hartl", None),
        ("Detective Sgt. John Thomas of the Concord Police Department said it.", "John Thomas",
         "Concord Police Department"),
    ],
)  # fmt: skip
def test_a_person_after_a_title_or_a_role_is_named_without_it(text, name, affiliation):
    source = first_source(text)
    assert (source.name, source.kind, source.affiliation) == (name, "person", affiliation)


def test_a_second_phrase_after_said_with_no_comma_names_no_source():
    assert chains_of("The changes are part of a plan, said Connie Yates a spokesman for the company.") == [
        ["Example Wire"]
    ]


def test_an_office_is_named_later_only_by_its_title_right_before_a_name():
    text = (
        "According to the regional governor, the army said fighting went on. "
        "According to the regional governor, General Staff spokesman Andriy Kovalenko said it went on."
    )
    assert [c.sources[-1].name for c in claims_of(text)] == ["regional governor", "regional governor"]


def test_a_described_person_before_a_named_subject_is_what_it_speaks_of():
    # "A man [whom] Roswell police say was driving": the police speak, of the man
    assert first_source("A man Roswell police say was driving drunk hit a pole.").name == "Roswell police"


def test_a_titled_surname_with_a_named_body_is_a_person_of_it():
    source = first_source("Sledding is allowed in the parks, says Officer Morton with Chesterfield County Police.")
    assert (source.name, source.kind, source.affiliation) == ("Morton", "person", "Chesterfield County Police")


def test_a_name_the_text_gives_with_a_company_suffix_is_the_company():
    text = "The spinach was distributed by Metz Fresh LLC. Most of it was on hold, said Metz Fresh."
    source = claims_of(text)[-1].sources[0]
    assert (source.name, source.kind) == ("Metz Fresh", "organisation")
    text = "The spinach was distributed by Metz Fresh LLC. Most of it was on hold, said Tom Metz."
    assert claims_of(text)[-1].sources[0].kind == "person"


@pytest.mark.parametrize(
    ("text", "chain", "kinds"),
    [
        ("The Sunni militant group Jaish al-Adl, quoted by the Baluch rights group Haalvsh, said its fighters had "
         "carried out the attacks.", ["Haalvsh", "Jaish al-Adl"], ["think tank", "military"]),
        ("Local rights group Karapatan said three farmers were killed.", ["Karapatan"], ["think tank"]),
    ],
)  # fmt: skip
def test_a_name_after_a_capitalised_modifier_and_its_noun_is_the_name_of_the_nouns_kind(text, chain, kinds):
    source = claims_of(text)[0].sources
    assert ([s.name for s in source], [s.kind for s in source]) == (chain, kinds)


def test_a_relay_is_not_armed_by_the_fighters_of_the_body_it_quotes():
    text = "The rebel group Jaish al-Adl, quoted by the rights group Haalvsh, said its fighters had attacked."
    assert [s.kind for s in claims_of(text)[0].sources] == ["think tank", "military"]


def test_a_one_word_name_met_before_keeps_the_kind_its_description_gave():
    text = "The Baluch rights group Haalvsh said three were killed. Haalvsh, citing relatives, said two more died."
    assert [(s.name, s.kind) for s in claims_of(text)[1].sources][0] == ("Haalvsh", "think tank")


def test_islamic_state_by_any_of_its_names_is_armed():
    for text in ("Islamic State said its fighters killed 20 soldiers.", "The Islamic State group said it did it."):
        assert first_source(text).kind == "military"


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        ("Amnesty, citing relatives of the dead, said three were killed.", "relatives", "resident"),
        ("A mother of four from Kitaya told AFP the attackers had shouted in Swahili.", "mother", "resident"),
        ("The agency, citing a local police commander, said 200 families had left.", "local police commander",
         "official"),
        ("The service, citing guards on duty, said the attackers came in 20 vehicles.", "guards on duty", "official"),
        # people in a place the text names by a common noun are those people
        ("Radio Azattyq, citing doctors in the city, said 62 were in intensive care.", "doctors", "medic"),
        ('"They came at dusk," a teacher in Mozogo told Reuters by phone.', "teacher", "resident"),
        # whose relatives, how many hospitals, which ground: no part of what the source is
        ("Steppe Watch, citing relatives of victims in Nukus, said 50 were killed.", "relatives", "resident"),
        ("The fighters left, according to an aid worker who cited doctors at two hospitals.", "doctors", "medic"),
        ("Israel struck, according to the Observatory, which cited sources on the ground.", "sources", "source"),
    ],
)  # fmt: skip
def test_a_described_source_is_what_its_head_says_not_what_follows_it(text, name, kind):
    source = claims_of(text)[0].sources[-1]
    assert (source.name, source.kind) == (name, kind)


def test_relatives_of_victims_in_a_named_place_speak_from_it():
    text = "Steppe Watch, citing relatives of victims in Nukus, said 50 people had been killed near the bazaar."
    [claim] = claims_of(text)
    assert [text[a:b] for a, b in claim.said_at] == ["Nukus"]


def test_a_one_word_name_the_text_gives_as_someones_name_is_a_person():
    text = '"We left with nothing," a woman who gave only her first name, Maria, told the AP.'
    assert (first_source(text).name, first_source(text).kind) == ("Maria", "person")
    assert first_source("The price had risen, said Maria.").kind == "organisation"


def test_the_statement_a_source_spoke_in_speaks_for_it_later():
    text = (
        "Police blamed the armed wing of the Indigenous People of Biafra (IPOB). IPOB, in a statement signed by its "
        'spokesman Emma Powerful, denied any role. "We did not attack any prison," the statement said.'
    )
    assert [(c.sources[0].name, c.sources[0].kind) for c in claims_of(text)[1:]] == [
        ("Indigenous People of Biafra (IPOB)", "military"),
        ("Indigenous People of Biafra (IPOB)", "military"),
    ]


def test_a_definite_appositive_names_the_noun_that_refers_back_to_its_subject():
    text = "IRNA, the state news agency, said a school was hit. The agency, citing a police commander, said so."
    assert [s.name for s in claims_of(text)[1].sources] == ["IRNA", "police commander"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Inspector General of Police Simon Sirro said the attackers had crossed.", "Simon Sirro"),
        ("Minister of Defence Jaime Neto said patrols would begin.", "Jaime Neto"),
    ],
)
def test_a_title_naming_its_body_after_of_is_no_part_of_the_name(text, name):
    assert (first_source(text).name, first_source(text).kind) == (name, "person")


def test_a_title_and_name_after_a_body_noun_stay_a_persons():
    text = '"There are no outside forces," Hanover police Chief Nick Giaccone said.'
    assert (first_source(text).name, first_source(text).kind) == ("Nick Giaccone", "person")


def test_a_body_of_guards_is_armed():
    assert first_source("Iran's Revolutionary Guards said three attackers were killed.").kind == "military"


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ('"We left with nothing," a woman from Chicomuselo who gave only her first name, Maria, told the AP.',
         ["Chicomuselo"]),
        ("A farmer from Yargoje, Lawal Musa, said the bandits came at night.", ["Yargoje"]),
        ("A spokesman for the army, John Doe, said the bandits came at night.", []),
    ],
)  # fmt: skip
def test_a_person_described_by_where_they_are_from_then_named_speaks_from_there(text, where):
    [claim] = claims_of(text)
    assert [text[a:b] for a, b in claim.said_at] == where


def test_an_office_named_later_by_its_formal_title_is_the_person_named_in_it():
    text = (
        "Tanzania's police chief said on Thursday that 300 militants had attacked the village. "
        "Inspector General of Police Simon Sirro said the attackers had crossed the river."
    )
    assert [(c.sources[0].name, c.sources[0].kind) for c in claims_of(text)] == [
        ("Simon Sirro", "person"),
        ("Simon Sirro", "person"),
    ]


def test_a_teacher_in_a_town_speaks_from_it_and_is_no_source_named_by_it():
    claims = claims_of('"They came at dusk," a teacher in Mozogo told Reuters. "We buried 11 people on Saturday."')
    assert [[(s.name, s.kind) for s in c.sources] for c in claims] == [[("teacher", "resident")]] * 2
    assert [claims[0].text[a - claims[0].start : b - claims[0].start] for a, b in claims[0].said_at] == ["Mozogo"]


def test_the_bloc_refers_back_to_the_alliance_named_before():
    text = (
        "The Collective Security Treaty Organization (CSTO) said the first of its troops had landed. "
        "The bloc said the troops would guard state buildings."
    )
    assert [[(s.name, s.kind) for s in c.sources] for c in claims_of(text)] == [
        [("Collective Security Treaty Organization (CSTO)", "government")]
    ] * 2


def test_a_described_head_inside_a_bodys_name_after_its_preposition_is_no_title():
    source = first_source("The rules changed, according to the National Council on Teacher Quality.")
    assert (source.name, source.kind) == ("National Council on Teacher Quality", "think tank")

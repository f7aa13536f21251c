from datetime import date

import pytest
import yaml

from geo.claims import certainty, extract_claims
from geo.dates import letter_words
from geo.documents import make_document
from geo.lexicon import DEFAULT_LEXICON, load_lexicon
from geo.models import DateRange
from geo.text import needle_text


@pytest.fixture(scope="module")
def seed_claims(seed_text):
    document = make_document(seed_text, {"published": "2024-10"})
    return extract_claims(document)


def claim_with(claims, words):
    return next(c for c in claims if words in c.text)


def chain(claim):
    return [s.name for s in claim.sources]


def test_every_seed_sentence_is_a_claim_with_exact_offsets(seed_claims, seed_text):
    assert len(seed_claims) == 18
    for claim in seed_claims:
        assert seed_text[claim.start : claim.end] == claim.text


def test_nested_attribution_keeps_both_links(seed_claims):
    claim = claim_with(seed_claims, "eastern Russia")
    assert chain(claim) == ["Institute for the Study of War", "South Korean National Intelligence Agency (NIS)"]
    assert [s.kind for s in claim.sources] == ["think tank", "agency"]
    assert claim.certainty == "believed"


def test_later_mentions_link_to_the_first(seed_claims):
    assert chain(claim_with(seed_claims, "Ussuryisk")) == ["South Korean National Intelligence Agency (NIS)"]
    assert chain(claim_with(seed_claims, "fake ID")) == ["South Korean National Intelligence Agency (NIS)"]
    turner = claim_with(seed_claims, "Mr Turner urged")
    assert chain(turner) == ["Michael Turner"]
    assert turner.sources[0].mention == "Mr Turner"


def test_people_keep_their_roles(seed_claims):
    zelensky = claim_with(seed_claims, "Brussels").sources[0]
    assert (zelensky.name, zelensky.role, zelensky.kind) == ("Vlodymyr Zelensky", "Ukrainian president", "person")
    kim = claim_with(seed_claims, "Donetsk").sources[0]
    assert (kim.name, kim.role) == ("Kim Yong-hyun", "South Korean Defense Minister")


def test_certainty_follows_the_cue_words(seed_claims):
    assert claim_with(seed_claims, "Donetsk").certainty == "believed"
    assert "it is believed" in claim_with(seed_claims, "Donetsk").certainty_cues
    known = claim_with(seed_claims, "It is already known")
    assert (known.certainty, chain(known)) == ("known", ["The document"])
    assert claim_with(seed_claims, "Budanov").certainty == "suggested"


def test_unnamed_sources_are_never_guessed(seed_claims):
    claim = claim_with(seed_claims, "It has been suggested by some")
    assert [(s.name, s.kind) for s in claim.sources] == [("Unnamed sources", "unattributed")]


def test_dates_resolve_against_the_month_of_publication(seed_claims):
    budanov = claim_with(seed_claims, "Budanov")
    november = next(d for d in budanov.dates if "November" in d.phrase)
    # "from the beginning of November": its first ten days, at month precision
    assert november.resolved.label() == "2024-11-01/2024-11-10"
    assert november.resolved.precision == "month"


def test_troop_counts_keep_what_they_count_and_approximations(seed_claims):
    numbers = [n for c in seed_claims for n in c.numbers]
    assert [(n.value, n.approximate, n.counts) for n in numbers] == [
        (10000, False, "soldiers"),
        (1500, False, "North Korean special forces"),
        (700, True, "North Korean soldiers"),
    ]


OTHER_TEXT = """\
Kharkiv's governor Oleh Syniehubov said on Tuesday that 12 civilians were wounded.
Russian forces have advanced near Pokrovsk, according to the Ukrainian General Staff.
According to Reuters, the Pentagon estimates that roughly 3,000 troops crossed the river.
It is believed that about 40 drones were launched overnight.
The Kyiv Independent reported that Mr Syniehubov had visited Izium last week.
"""


@pytest.fixture(scope="module")
def other_claims():
    return extract_claims(make_document(OTHER_TEXT, {"published": "2024-06-14", "outlet": "Example Wire"}))


def test_other_sources_roles_and_chains(other_claims):
    governor = other_claims[0].sources[0]
    assert (governor.name, governor.role) == ("Oleh Syniehubov", "Kharkiv's governor")
    assert chain(other_claims[1]) == ["Ukrainian General Staff"]
    assert other_claims[1].sources[0].kind == "military"
    assert chain(other_claims[2]) == ["Reuters", "Pentagon"]
    assert [s.kind for s in other_claims[2].sources] == ["media", "government"]
    # "had visited" reports nothing: the outlet alone is the source.
    assert [(s.name, s.kind) for s in other_claims[4].sources] == [("Kyiv Independent", "media")]


def test_other_certainty_dates_and_numbers(other_claims):
    assert other_claims[2].certainty == "believed"
    assert other_claims[3].sources[0].kind == "unattributed"
    tuesday = other_claims[0].dates[0].resolved
    assert tuesday.label() == "2024-06-11"
    assert [(n.value, n.approximate, n.counts) for n in other_claims[2].numbers] == [(3000, True, "troops")]
    assert [(n.value, n.approximate) for n in other_claims[3].numbers] == [(40, True)]


def test_document_voice_uses_the_outlet(other_claims):
    document = extract_claims(
        make_document("Shelling hit the city centre overnight, damaging homes.", {"outlet": "Example Wire"})
    )
    assert chain(document[0]) == ["Example Wire"]


def claims_in(text):
    return extract_claims(make_document(text, {"published": "2025-03-14", "outlet": "Example Wire"}))


def test_negated_cues_are_not_cues():
    [claim] = claims_in("The navy has neither confirmed nor denied that the frigate sank.")
    assert (claim.certainty, claim.certainty_cues) == ("reported", ())


def test_cue_words_used_as_nouns_or_adjectives_are_not_cues():
    [claim] = claims_in("The port authority rejected the claim and said five suspected smugglers were held.")
    assert claim.certainty_cues == ("said",)


def test_base_forms_of_belief_verbs_are_cues():
    [claim] = claims_in("Some economists suspect the figures were revised.")
    assert (claim.certainty, claim.certainty_cues) == ("believed", ("suspect",))


def test_two_sources_in_one_sentence_make_two_claims_with_exact_spans():
    text = "The coalition claimed it had destroyed a depot, while the rebels accused it of hitting a school."
    first, second = claims_in(text)
    assert text[first.start : first.end] == first.text == "The coalition claimed it had destroyed a depot"
    assert text[second.start : second.end] == second.text == "the rebels accused it of hitting a school."
    assert (first.certainty, second.certainty) == ("claimed", "claimed")
    assert chain(first) == ["coalition"]
    assert second.sources[0].mention == "rebels"


def test_a_source_that_declines_to_comment_is_a_claim_of_the_document():
    first, second = claims_in("The union said 300 workers were laid off, but the company declined to comment.")
    assert [(n.value, n.counts) for n in first.numbers] == [(300, "workers")]
    assert (chain(second), second.certainty_cues) == (["Example Wire"], ())


@pytest.mark.parametrize(
    "text",
    [
        "The army said the road was open and denied that civilians were hurt.",
        "The port reopened on Monday, but officials said ships would wait.",
    ],
)
def test_a_sentence_is_split_only_when_both_parts_have_their_own_source(text):
    assert len(claims_in(text)) == 1


def test_every_cue_of_the_lexicon_is_looked_for():
    # Only the levels whose first words a sentence holds are searched: each cue must reach its level.
    lexicon = load_lexicon()
    spec = yaml.safe_load(DEFAULT_LEXICON.read_text(encoding="utf-8"))
    for level, cues in spec["certainty_cues"].items():
        for cue in cues:
            sentence = f"Officials, {str(cue).upper()} this."
            assert level in lexicon.cue_levels(sentence), cue
            assert level in lexicon.cue_levels(sentence, plain=True), cue
            assert lexicon.certainty_cues[level].search(sentence), cue


def test_a_level_is_searched_only_where_its_cues_can_end():
    lexicon = load_lexicon()
    # "it" opens cues of several levels, but none ends in "it" or "rained"
    assert "known" in lexicon.cue_levels("It rained.")
    assert "known" not in lexicon.cue_levels("It rained.", plain=True)
    assert "known" in lexicon.cue_levels("It is clear.", plain=True)
    # a dotless i, which the case-blind cue takes for an i: no run of letters "certain", yet the cue is found
    sentence = "Officials said it is certa\u0131n."
    assert certainty(sentence, lexicon, letter_words(sentence), needle_text(sentence)) == (
        "reported",
        ("said", "it is certa\u0131n"),
    )


def test_a_cue_ending_in_no_plain_word_leaves_its_level_searched():
    from geo.lexicon import last_words

    assert last_words(["it is believed", "thinks"]) == {"believed", "thinks"}
    assert last_words(["it is believed", "didn't"]) is None


def test_a_dateline_is_where_the_claim_was_made_not_part_of_it():
    text = "MAIDUGURI, Nigeria, Feb 7 (Reuters) - Nigeria's military said on Thursday that 40 fighters were killed."
    [claim] = extract_claims(make_document(text, {"published": "2025-02-07", "outlet": "Reuters"}))
    assert claim.start == 0 and claim.text == text  # the dateline stays in the claim's span
    assert chain(claim) == ["Nigeria's military"]
    assert [d.phrase for d in claim.dates] == ["on Thursday"]  # "Feb 7" is the story's date
    assert claim.said_at == ((0, len("MAIDUGURI")),)


def test_places_a_statement_was_made_at():
    text = (
        "Military spokesman Lul Koang told reporters in Juba that 27 soldiers had been killed. "
        "A Western diplomat in Nairobi said the clashes threatened the deal. "
        "Witnesses in Goma said the shelling went on all night."
    )
    found = [[text[a:b] for a, b in claim.said_at] for claim in extract_claims(make_document(text, {}))]
    assert found == [["Juba"], ["Nairobi"], []]  # witnesses in Goma saw it there


def test_a_statement_told_to_a_named_outlet_or_at_a_places_building_was_made_there():
    text = (
        '"They took the soldiers away first," one passenger told Al Jazeera at Quetta’s railway station. '
        "The minister told the BBC in London that troops had shelled Kherson. "
        "The army said troops were fighting at Kherson's airport. "
        "Dove said at Monday's meeting that the digests were late."
    )
    found = [[text[a:b] for a, b in claim.said_at] for claim in extract_claims(make_document(text, {}))]
    assert found == [["Quetta’s"], ["London"], [], []]  # where the fighting is, not where it was said


def test_a_capital_that_speaks_is_where_it_speaks_from_not_where_things_happen():
    text = "Kigali said the rebels had shelled Goma. The army said rebels fired on posts, a charge Kinshasa rejected."
    found = [[text[a:b] for a, b in claim.said_at] for claim in extract_claims(make_document(text, {}))]
    assert found == [["Kigali"], ["Kinshasa"]]


@pytest.mark.parametrize(
    ("text", "when"),
    [
        ("The army said on Friday that it had retaken the town.", ("2025-03-14", "2025-03-14", "day")),
        ("The conflict, which erupted in 2017, has killed 6,000 people, the group said on Friday.",
         ("2025-03-14", "2025-03-14", "day")),
        ("The group said the conflict, which erupted in 2017, had killed 6,000 people.", None),
        ("Analysts said the fighting was the worst since 1971.", None),
        ("Since the war began in April 2023, 12 million people have fled, the agency said.", None),
        ("The deal was signed in March 2023, officials said.", ("2023-03-01", "2023-03-31", "month")),
        ("A doctor said 90 wounded had come in since the fighting began on Wednesday.", None),
        ("The attack was the deadliest since December 2024, the source added.", None),
        ("The rebels seized the town in March 2023, officials said.", ("2023-03-01", "2023-03-31", "month")),
        ("The group said no date had been set.", None),
        ("Officials said the gunmen behind last month's raid had crossed the border.", None),
        ("Analysts called the fall of the base the army's heaviest loss in the region this year.", None),
        ("Baku said the shooting was the first of its kind since early 2024.", None),
        ("Most came from Geneina, where fighting flared two weeks ago, the agency said.", None),
        ("The militia said it had captured the base this year.", ("2025-01-01", "2025-12-31", "year")),
        ("Gunmen burned 30 houses on Thursday, police said, in violence that erupted on 3 May 2023.",
         ("2025-03-13", "2025-03-13", "day")),
        ("An official said the clashes were the worst between the two since the junta returned to power in "
         "August 2021.", None),
        # a long subject between "since" and its verb: still the scene, not the claim's time
        ("The UN says 7 million people have fled since the war between the army and the RSF erupted in April 2023.",
         None),
        # a comma between them: the date is the claim's own
        ("Since the war began, the army and the RSF have fought for the city, which fell in April 2023, it said.",
         None),
        ("Since the war began, the army and the RSF have fought around the city and took it in April 2023.",
         ("2023-04-01", "2023-04-30", "month")),
        # a party that signed or agreed: its verb, dated; a thing signed or agreed: its participle, the scene
        ("Druze factions in Sweida agreed in January 2025 to work with the new authorities.",
         ("2025-01-01", "2025-01-31", "month")),
        ("A deal agreed in January 2025 would be enforced, officials said.", None),
        ("The Doha Agreement signed in 2020 collapsed, officials said.", None),
    ],
)  # fmt: skip
def test_a_claims_date_is_the_date_of_what_it_states(text, when):
    [claim] = extract_claims(make_document(text, {"published": "2025-03-14"}))
    found = claim.when and (claim.when.earliest.isoformat(), claim.when.latest.isoformat(), claim.when.precision)
    assert found == when


@pytest.mark.parametrize(
    ("text", "when"),
    [
        ("Fighters killed 20 people over the weekend, police said on Friday.", ("2025-03-08", "2025-03-09", "week")),
        ("The army said on Friday that it had retaken the town.", ("2025-03-14", "2025-03-14", "day")),
        ("The chief told reporters the rebels trained in the forest, a remote area that troops entered only in 2023.",
         None),
        ("The protests began on Jan. 2 in Zhanaozen, an oil town in the western Mangistau region where police shot "
         "dead 14 workers in December 2011.", ("2025-01-02", "2025-01-02", "day")),
        ("The army said that on Monday its troops had retaken the town.", ("2025-03-10", "2025-03-10", "day")),
        ("According to analysts, the ministry told reporters that fighting continued on Monday.",
         ("2025-03-10", "2025-03-10", "day")),
        ("Only 186 cases were reported on Monday, down from 336 the previous day.",
         ("2025-03-09", "2025-03-10", "day")),
    ],
)  # fmt: skip
def test_when_the_statement_and_the_scene_have_dates_the_claims_date_is_what_it_states(text, when):
    [claim] = extract_claims(make_document(text, {"published": "2025-03-14"}))
    found = claim.when and (claim.when.earliest.isoformat(), claim.when.latest.isoformat(), claim.when.precision)
    assert found == when


@pytest.mark.parametrize(
    "text",
    [
        "Suspected insurgents detonated a bomb near a school, the army said.",
        "Alleged smugglers crossed the river at night, the police said.",
        "Raids doubled this year, the Quito-based think tank Andes Watch said.",
        # after a verb, a participle describes its object: "shelled suspected militant positions"
        "Security forces shelled suspected militant positions near the river, the police said.",
        "Troops arrested alleged smugglers at the port, the police said.",
        # a verb whose past is not "-ed": "struck suspected PKK positions"
        "Warplanes struck suspected Kurdistan Workers Party (PKK) positions in the mountains, the police said.",
        "Drones hit suspected hideouts near the river, the police said.",
    ],
)
def test_a_cue_word_naming_something_is_no_cue(text):
    claim = extract_claims(make_document(text, {}))[0]
    assert (claim.certainty, claim.certainty_cues) == ("reported", ("said",))


def test_no_negates_a_cue_in_its_own_clause_only():
    lexicon = load_lexicon()
    assert certainty("No one claimed the attack on the convoy.", lexicon) == ("reported", ())
    assert certainty('"No," he claimed, adding that the convoy was never there.', lexicon)[0] == "claimed"


def test_every_word_of_the_lexicon_is_read_as_a_word():
    # YAML reads a bare no, on, yes or off as a boolean: such a cue or helper would never match
    spec = yaml.safe_load(DEFAULT_LEXICON.read_text(encoding="utf-8"))
    lists = [v for v in spec.values() if isinstance(v, list)]
    lists += [w for v in spec.values() if isinstance(v, dict) for w in v.values() if isinstance(w, list)]
    assert [w for words in lists for w in words if not isinstance(w, str)] == []


def test_a_subject_then_a_day_then_its_verb():
    [claim] = extract_claims(make_document("The army on Monday said it had retaken the town.", {}))
    assert [s.name for s in claim.sources] == ["army"]


@pytest.mark.parametrize(
    ("text", "when"),
    [
        # "most of" is a share, not a comparison ("the worst since 1971")
        ("Rebel forces have controlled most of the north since 2019, according to the institute.",
         (date(2019, 1, 1), date(2019, 12, 31))),
        # a date right after a participle naming a thing ("an agreement signed on") is that thing's
        ("The governor told reporters that a peace agreement signed on March 2 would be enforced.", None),
        ("The governor said the agreement was signed on March 2.", (date(2025, 3, 2), date(2025, 3, 2))),
    ],
)  # fmt: skip
def test_a_share_is_no_comparison_and_a_thing_named_by_its_date_is_background(text, when):
    [claim] = extract_claims(make_document(text, {"published": "2025-04-11"}))
    assert (claim.when and (claim.when.earliest, claim.when.latest)) == when


def test_what_nobody_could_do_is_no_hedge():
    lexicon = load_lexicon()
    assert certainty('"Nobody could stop them," the official said.', lexicon) == ("reported", ("said",))
    assert certainty("The town could fall within days, the official said.", lexicon)[0] == "suggested"


def test_each_claim_carries_its_own_texts_words_to_the_stages_after():
    from geo.claims import claims_and_words

    text = (
        "MAIDUGURI, Nigeria, Feb 7 (Reuters) - Nigeria's military said on Thursday that 40 fighters were killed. "
        "The army claimed the town, while the ministry accused the rebels of shelling it."
    )
    found = claims_and_words(make_document(text, {"published": "2025-02-07"}))
    assert [claim for claim, _ in found] == extract_claims(make_document(text, {"published": "2025-02-07"}))
    assert len(found) == 3
    for claim, words in found:  # the dateline's words too: they are in the claim's text
        assert words.lowered == needle_text(claim.text)
        assert words.letters == letter_words(claim.text)


def test_the_following_day_counts_from_the_date_of_what_was_stated_not_of_its_saying():
    text = (
        "Clashes around the town on Saturday killed 12 people, the regional government said on Wednesday. "
        "Federal troops were deployed to the area the following day."
    )
    claims = extract_claims(make_document(text, {"published": "2025-07-30"}))
    assert claims[1].when == DateRange(date(2025, 7, 27), date(2025, 7, 27), "day")


@pytest.mark.parametrize(
    "text",
    [
        "PRESS RELEASE\n\nEastvale, 27 November 2023 - The Government informs the public that gunmen hit Northtown.",
        "Eastvale, March 3, 2024: The ministry said gunmen had attacked Northtown.",
    ],
)
def test_a_releases_dateline_after_its_headings_is_where_it_was_made_and_its_date_no_claims(text):
    claim = extract_claims(make_document(text, {"published": "2023-11-27", "outlet": "Example Wire"}))[0]
    assert [text[a:b] for a, b in claim.said_at] == ["Eastvale"]
    assert claim.dates == () and claim.when is None


@pytest.mark.parametrize(
    ("text", "when"),
    [
        ("Protesters stormed the parliament on Friday, after the arrest of five activists on Wednesday.", "2024-11-15"),
        ("The premier opposed the plan, whose authors had drafted it in 2019 to switch ties.", None),
        ("The spokesman blamed the cartel, which he said had been fighting for the region since 2021.", None),
    ],
)
def test_a_date_in_a_clause_about_another_event_is_no_date_of_the_claim(text, when):
    claim = extract_claims(make_document(text, {"published": "2024-11-18", "outlet": "Example Wire"}))[0]
    assert (claim.when.label() if claim.when else None) == when


def test_an_event_clause_set_off_far_before_its_date_is_no_date_of_the_claim():
    text = (
        "Gunmen killed 11 people late Saturday, police said, in the deadliest attack since the government "
        "declared a state of emergency against gangs in December 2022."
    )
    claim = extract_claims(make_document(text, {"published": "2024-06-26", "outlet": "Example Wire"}))[0]
    assert claim.when.label() == "2024-06-22"


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("EASTVALE, June 27, 2024 (AFP) - The army said gunmen had attacked Northtown on Wednesday.", "EASTVALE"),
        ("EASTVALE, Westmarch, 20 February 2024 - The army said gunmen had attacked Northtown on Wednesday.",
         "EASTVALE"),
    ],
)  # fmt: skip
def test_a_datelines_full_date_is_the_storys_not_the_claims(text, place):
    claim = extract_claims(make_document(text, {"published": "2024-06-27", "outlet": "Example Wire"}))[0]
    assert [text[a:b] for a, b in claim.said_at] == [place]
    assert [d.phrase for d in claim.dates] == ["on Wednesday"]


@pytest.mark.parametrize(
    ("sentence", "level", "cue"),
    [
        ("We expect clashes to continue.", "believed", "We expect"),
        ("Counsel for the accused contended that the guards had been unarmed.", "claimed", "contended"),
        ("A constable testified that the guards attacked first.", "reported", "testified"),
    ],
)
def test_expect_contended_and_testified(sentence, level, cue):
    assert certainty(sentence, load_lexicon()) == (level, (cue,))


@pytest.mark.parametrize(
    "sentence",
    [
        "The government rejected that claim as a lie.",
        "Al Jazeera could not independently verify either claim.",
        "The Delta Front, which claimed the attack, disputed the army's account.",
        "The second accused told the court that he had been recruited weeks before.",
    ],
)
def test_a_cue_word_used_as_a_noun_or_in_a_clause_about_the_subject_is_no_cue_of_the_claim(sentence):
    assert certainty(sentence, load_lexicon())[0] == "reported"


@pytest.mark.parametrize(
    ("text", "when"),
    [
        ("The minister told Congress on 24 September that troops would arrive by the end of the year.",
         ("2024-10-01", "2024-12-31")),
        ("More than 40 lorries have been set on fire in the region so far this year.", ("2024-01-01", "2024-10-01")),
        ("Mayors, elected in April on a low turnout, took office in the northern towns.", None),
    ],
)  # fmt: skip
def test_a_statement_day_after_whom_it_was_told_so_far_this_year_and_a_participle_set_off_by_commas(text, when):
    claim = extract_claims(make_document(text, {"published": "2024-10-01", "outlet": "Example Wire"}))[0]
    found = (claim.when.earliest.isoformat(), claim.when.latest.isoformat()) if claim.when else None
    assert found == when


def test_the_day_before_counts_back_from_the_date_the_text_gave_last():
    text = "Troops stormed the palace on Wednesday. The general, who had been dismissed the day before, was detained."
    claims = extract_claims(make_document(text, {"published": "2024-06-27", "outlet": "Example Wire"}))
    assert [(d.phrase, d.resolved.earliest) for d in claims[1].dates] == [("the day before", date(2024, 6, 25))]


def test_a_headline_states_no_claim_and_the_dateline_after_it_is_where_the_claim_was_made():
    text = (
        "Dozens killed as Eastland and Westmarch clash on border\n\n"
        "EASTVALE, Sept 14 (AFP) - Eastland said on Wednesday that at least 49 soldiers had been killed.\n\n"
        "The ministry said the towns of Northtown and Southtown had been shelled."
    )
    claims = extract_claims(make_document(text, {"published": "2022-09-14", "outlet": "Example Wire"}))
    assert [c.text[:8] for c in claims] == ["EASTVALE", "The mini"]
    assert [text[a:b] for a, b in claims[0].said_at] == ["EASTVALE"]
    assert chain(claims[0]) == ["Eastland"]  # not "(AFP) - Eastland"
    assert [d.phrase for d in claims[0].dates] == ["on Wednesday"]  # "Sept 14" is the story's date


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen killed five people in Northtown on Monday, police said\n\n",  # no text after it: the story
        "Gunmen killed five people in Northtown\non Monday, police said.",  # a line wrapped, not a headline
    ],
)
def test_a_line_is_a_headline_only_when_a_story_follows_it_after_a_blank_line(text):
    claims = extract_claims(make_document(text, {"published": "2022-09-14", "outlet": "Example Wire"}))
    assert claims[0].text.startswith("Gunmen killed five people in Northtown")


def test_land_claimed_by_both_sides_is_no_claim_of_the_source():
    from geo.claims import certainty
    from geo.lexicon import load_lexicon

    assert certainty("Abyei, an area claimed by both Sudan and South Sudan, is patrolled.", load_lexicon()) == (
        "reported",
        (),
    )
    assert certainty("The group claimed the attack.", load_lexicon())[0] == "claimed"


@pytest.mark.parametrize(
    ("text", "cues"),
    [
        # the source a body cites gives its own cue; a statement "cited by" an outlet is relayed, no cue
        ("Fano held Gondar, according to an aid worker who cited doctors at two hospitals.", ("according to", "cited")),
        ("The ELN, in a statement cited by local radio, said its fighters had attacked.", ("said",)),
        ("Barnes was cited for failure to yield right of way, Birch said.", ("said",)),
        # what someone was told is no cue of the claim
        ('"Doctors were told not to speak to anyone," the diplomat said.', ("said",)),
        ('Janet Evans was told by her surgeon that the grafts might have been contaminated.', ("told", "might")),
    ],
)  # fmt: skip
def test_according_to_a_source_which_cited_another_keeps_both_cues_and_a_passive_told_is_none(text, cues):
    [claim] = extract_claims(make_document(text, {"published": "2025-03-14"}))
    assert claim.certainty_cues == cues

"""Story claims: linking, independence, contradictions, through the store and the exports."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from geo.documents import make_document
from geo.store import ClaimFilter
from geo.stories import (
    LINK_THRESHOLD,
    Candidate,
    ClaimFacts,
    Signature,
    _numbers,
    contests,
    independent_sources,
    link,
    origin_of,
    same_origin,
    signature,
    story_origin,
    with_origin,
)
from geo.stories import similarity as similar
from geo.story_eval import load_stories_gold, score_stories

DATA = Path(__file__).parent / "data"
KURSK = (("Kursk Oblast", "admin1"),)
GOMA_CITY = (("Goma", "city"),)


def facts(text, places=KURSK, day=20031, numbers=(), sources=(("Ministry of Defence of Ukraine", "government", "x"),)):
    return ClaimFacts(text, places, tuple(n for n, _ in places), day, day, day is not None, numbers, sources)


def test_a_restatement_in_other_words_is_the_same_claim():
    a = signature(facts("About 2,000 soldiers arrived in the Kursk region.", numbers=((2000, True, "soldiers"),)))
    b = signature(facts("Roughly 2,000 troops have reached Kursk.", numbers=((2000, True, "troops"),)))
    assert similar(a, b) >= 0.4 and not contests(a, b)


FAMBITA = (("Fambita (Niger)", "area"), ("Niger", "country"), ("Tillabéri", "admin1"))
PAHALGAM = (("Pahalgam", "city"),)


def test_civilians_named_by_what_they_did_are_people():
    """ "44 worshippers" and "Forty-four civilians" killed at one mosque are one count, as "26 tourists"
    and "26 people" near one town are; soldiers are not."""
    worshippers = signature(facts("Gunmen killed 44 worshippers at a mosque in Fambita.", places=FAMBITA,
                                  numbers=((44, False, "worshippers"),)))  # fmt: skip
    civilians = signature(facts("Forty-four civilians were killed in an attack on a mosque in Fambita.",
                                places=FAMBITA, numbers=((44, False, "civilians"),)))  # fmt: skip
    soldiers = signature(facts("Gunmen killed 44 soldiers at a base near Fambita.", places=FAMBITA,
                               numbers=((44, False, "soldiers"),)))  # fmt: skip
    assert _numbers(worshippers, civilians) == "agree" and similar(worshippers, civilians) >= LINK_THRESHOLD
    assert _numbers(worshippers, soldiers) == "other"
    tourists = signature(facts("Twenty-six tourists were shot dead near Pahalgam on Tuesday.", places=PAHALGAM,
                               numbers=((26, False, "tourists"),)))  # fmt: skip
    people = signature(facts("Militants opened fire near Pahalgam on Tuesday, killing 26 people.", places=PAHALGAM,
                             numbers=((26, False, "people"),)))  # fmt: skip
    assert _numbers(tourists, people) == "agree"


KULACHI = (("Kulachi", "city"),)


def test_a_count_spelled_out_or_of_martyrs_is_the_count_in_digits():
    """ "killing 10 policemen", "ten policemen were killed" and "Ten police personnel were martyred"
    at one station are one count: a spelled figure's own verb is read as a figure in digits' is, a
    martyr is one killed, and police are a state's armed men as soldiers are (not militants)."""
    digits = signature(facts("Militants stormed a police station in Kulachi, killing 10 policemen.", places=KULACHI,
                             numbers=((10, False, "policemen"),)))  # fmt: skip
    spelled = signature(facts("The police chief said that ten policemen were killed in the attack on the station.",
                              places=KULACHI, numbers=((10, False, "policemen"),)))  # fmt: skip
    martyred = signature(facts("Ten police personnel were martyred when terrorists attacked the Kulachi station.",
                               places=KULACHI, numbers=((10, False, "police personnel"),)))  # fmt: skip
    militants = signature(facts("Police killed 10 militants who stormed a police station in Kulachi.",
                                places=KULACHI, numbers=((10, False, "militants"),)))  # fmt: skip
    assert {n[2] for s in (digits, spelled, martyred) for n in s.numbers} == {"troop:kill"}
    assert _numbers(digits, spelled) == _numbers(digits, martyred) == "agree"
    assert _numbers(digits, militants) == "other"


def test_an_exact_odd_count_of_one_kind_names_the_fact_told_in_other_words(store, pipeline):
    """ "64 soldiers and police had surrendered" and "Sixty-four members of the security forces laid
    down their arms", each after its town, share few words but an exact count no one rounds, of one
    kind: one fact. A round count ("60") or another kind (64 militants) so told stays apart."""
    told = ("Anti-junta fighters seized the town of Kayes on Friday, the shadow government said. "
            "The government said {} soldiers and police had surrendered.",
            "Resistance forces have taken control of Kayes, the parallel government said on Saturday. "
            "{} members of the security forces laid down their arms, it said.")  # fmt: skip
    for figures in (("64", "Sixty-four"), ("60", "Sixty")):
        for n, text in enumerate(told):
            document = make_document(text.format(figures[n]), {"outlet": f"O{n}", "published": "2023-11-06"},
                                     f"{figures[0]}-{n}.txt")  # fmt: skip
            store.add(pipeline.extract(document))
    gave = [line["cluster"] for line in store.claim_lines() if re.search(r"surrendered|laid down", line["text"])]
    assert len(gave) == 4 and gave[0] == gave[1] and gave[2] != gave[3]
    odd = signature(facts("64 soldiers surrendered in Kursk.", numbers=((64, False, "soldiers"),)))
    militants = signature(facts("64 militants laid down their arms.", numbers=((64, False, "militants"),)))
    assert similar(odd, militants) < LINK_THRESHOLD


def test_a_count_of_the_dead_is_of_people_killed():
    """ "put the toll from the attack on the camp at 12 dead" counts people killed, as "killing at least
    32 people" does: the two disagree, where before the one counted "dead" and met no other figure."""
    dead = signature(facts("The army put the toll from the attack on the camp in Kursk at 12 dead.",
                           numbers=((12, False, "dead"),)))  # fmt: skip
    people = signature(facts("Militiamen attacked the camp in Kursk, killing at least 32 people.",
                             numbers=((32, True, "people"),)))  # fmt: skip
    assert [n[2] for n in dead.numbers] == ["person:kill"]
    assert _numbers(dead, people) == "disagree"


def test_a_town_liberated_is_taken():
    """ "had liberated al-Abdiya district" is what the side that took it says: the district's state is
    taken, as in "Houthi forces have taken control of al-Abdiya"; freeing hostages takes no place."""
    said = signature(facts("The group's fighters had liberated Abdiya district completely on Monday."))
    assert said.state == "taken"
    assert signature(facts("Troops liberated 40 hostages near the town on Monday.")).state is None


def test_a_place_one_copy_names_and_another_holds_as_a_word_is_one_place():
    """A village named within its country ("the village of Fambita in Niger's Tillaberi region") is its
    own name, which a copy whose geoparser took only "western Niger" holds as a word: the two meet there
    (a region of each is no other place), and a look-alike in another village stays apart."""
    told = "Gunmen killed 44 worshippers at a mosque in the village of {} in Niger's Tillaberi region on Friday."
    fambita = signature(facts(told.format("Fambita"), places=FAMBITA, numbers=((44, False, "worshippers"),)))
    other_village = signature(facts(told.format("Garbougna"), places=(("Garbougna (Niger)", "area"), *FAMBITA[1:]),
                                    numbers=((44, False, "worshippers"),)))  # fmt: skip
    restated = signature(facts("Forty-four civilians were killed in an attack on a mosque in Fambita in western "
                               "Niger during Friday prayers.", places=(("Western Niger", "part"),),
                               numbers=((44, False, "civilians"),)))  # fmt: skip
    assert "fambita" in fambita.places and "fambita" in restated.words
    assert set(fambita.index_keys_) & set(restated.probe_keys())
    assert similar(fambita, restated) >= LINK_THRESHOLD
    assert similar(other_village, restated) == 0


def test_look_alikes_stay_apart():
    a = signature(facts("About 2,000 soldiers arrived in the Kursk region.", numbers=((2000, True, "soldiers"),)))
    later = signature(facts("About 2,000 soldiers arrived in the Kursk region.", day=20060,
                            numbers=((2000, True, "soldiers"),)))  # fmt: skip
    other_thing = signature(facts("About 2,000 civilians fled the Kursk region.", numbers=((2000, True, "civilians"),)))
    assert similar(a, later) == 0 and similar(a, other_thing) == 0


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (("About 2,000 troops arrived in Kursk.", ((2000, True, "troops"),)),
         ("Some 5,000 troops arrived in Kursk.", ((5000, True, "troops"),))),
        (("Russian forces captured Kursk.", ()), ("Ukrainian forces still hold Kursk.", ())),
        (("North Korean troops arrived in Kursk.", ()),
         ("The ministry denied that North Korean troops were in Kursk.", ())),
    ],
)  # fmt: skip
def test_contradictions_are_contested(first, second):
    a, b = (signature(facts(text, numbers=numbers)) for text, numbers in (first, second))
    assert contests(a, b) and similar(a, b) == 0


def test_independence_is_counted_by_innermost_named_source():
    via_ministry = [(("Reuters", "media", "Reuters"), ("Russian Defence Ministry", "government", "x")),
                    (("Russia's defence ministry", "government", "x"),),
                    (("officials", "unattributed", "officials"),)]  # fmt: skip
    origins = [origin_of(chain) for chain in via_ministry]
    assert origins[2] == "" and same_origin(origins[0], origins[1])
    assert same_origin(
        origin_of([("Institute for the Study of War", "think tank", "x")]), origin_of([("ISW", "think tank", "ISW")])
    )
    assert independent_sources([origins[0], "", "imagery satellite"]) == 2
    assert independent_sources(["", ""]) == 1


def test_people_described_are_a_source_each_description_once():
    """ "Residents said" and "a local official said" are two sources; "residents" in two outlets one,
    beside a named body too; "the ministry" or "the minister" a text describes is a body named elsewhere."""
    residents = origin_of([("residents", "resident", "residents")])
    relayed = origin_of([("Reuters", "media", "Reuters"), ("three residents", "resident", "three residents")])
    official = origin_of([("a local official", "official", "a local official")])
    sources = origin_of([("two military sources", "source", "two military sources")])
    assert residents == relayed and same_origin(residents, relayed)
    assert not same_origin(residents, official) and not same_origin(
        official, origin_of([("officials", "official", "x")])
    )
    assert sources == origin_of([("military sources", "source", "military sources")])
    ministry = origin_of([("Niger's interior ministry", "government", "x")])
    assert independent_sources([residents, official, relayed]) == 2
    assert independent_sources([ministry, residents]) == 2
    assert origin_of([("interior ministry", "government", "interior ministry")]) == ""
    assert origin_of([("minister", "person", "the minister")]) == ""


def test_a_spokesman_and_the_body_he_speaks_for_are_one_source():
    spokesman = origin_of([("Nabil Abdallah", "person", "army spokesman Nabil Abdallah")])
    again = origin_of([("Nabil Abdallah", "person", "Abdallah")])
    army = origin_of([("Sudanese army", "military", "Sudanese army")])
    other = origin_of([("Osman Ali", "person", "the army's spokesman Osman Ali")])
    assert same_origin(spokesman, army) and same_origin(spokesman, again) and same_origin(spokesman, other)
    assert not same_origin(again, origin_of([("Osman Ali", "person", "Osman Ali")]))
    assert independent_sources([story_origin(o, [spokesman]) for o in (spokesman, army, again)]) == 1


def test_a_signature_survives_storage():
    s = signature(facts("About 2,000 soldiers arrived in the Kursk region.", numbers=((2000, True, "soldiers"),)))
    assert Signature.loads(s.dumps()) == s


def test_a_signature_is_stored_as_json_dumps_writes_it():
    """Stored signatures are written by orjson, as json.dumps without spaces or escapes of other
    scripts wrote them: the stored ones and the new ones stay alike, and read back the same."""
    text = 'Kyiv’s "Tsentr" grouping, São Tomé crew: 2,000 défenseurs in Kursk, \\ \t ok.'
    places = (("Kursk", "admin1"), ("Ukraine", "country"))
    quoted = signature(facts(text, places=places, numbers=((2000, True, "défenseurs"),)))
    stored = quoted.dumps()
    assert stored == json.dumps(json.loads(stored), separators=(",", ":"), ensure_ascii=False)
    assert not stored.isascii() and "\\u" not in stored  # other scripts' letters as they are
    assert Signature.loads(stored) == quoted


KAYES = (("Kayes", "city"),)


def test_saying_a_figure_is_not_confirmed_is_no_denial():
    said = signature(facts("The Shabaab said 17 soldiers died in Kayes, a figure the government has not confirmed.",
                           places=KAYES, numbers=((17, False, "soldiers"),)))  # fmt: skip
    unverified = signature(facts("Nine soldiers died in Kayes, which could not be independently confirmed.",
                                 places=KAYES, numbers=((9, False, "soldiers"),)))  # fmt: skip
    assert not said.denial and not unverified.denial
    assert contests(said, unverified)  # two figures of one toll, neither denied


def test_a_town_under_its_holders_control_is_held():
    police = signature(facts("Kayes remained under police control.", places=KAYES))
    taken = signature(facts("The gangs took control of Kayes after hours of clashes.", places=KAYES))
    assert police.state == "held" and contests(police, taken)


def test_the_armed_men_of_a_group_are_counted_as_one_kind():
    assailants = signature(facts("The army said it killed about 80 assailants in Kayes.", places=KAYES,
                                 numbers=((80, True, "assailants"),)))  # fmt: skip
    militants = signature(facts("Some 80 militants were killed in the counter-offensive in Kayes.", places=KAYES,
                                numbers=((80, True, "militants"),)))  # fmt: skip
    attackers = signature(facts("A security source said 45 attackers had been killed in Kayes.", places=KAYES,
                                numbers=((45, False, "attackers"),)))  # fmt: skip
    soldiers = signature(facts("The group said 17 soldiers were killed in Kayes.", places=KAYES,
                               numbers=((17, False, "soldiers"),)))  # fmt: skip
    assert similar(assailants, militants) >= LINK_THRESHOLD
    assert contests(militants, attackers) and not contests(militants, soldiers)
    inmates = signature(facts("Gangs freed 529 inmates from the prison in Kayes.", places=KAYES,
                              numbers=((529, False, "inmates"),)))  # fmt: skip
    detainees = signature(facts("Some 530 detainees escaped from the prison in Kayes.", places=KAYES,
                                numbers=((530, True, "detainees"),)))  # fmt: skip
    assert similar(inmates, detainees) >= LINK_THRESHOLD


def test_figures_of_two_things_that_happened_do_not_contest():
    died = signature(facts("Three members of the army died at the checkpoint near Kayes.", places=KAYES,
                           numbers=((3, False, "members"),)))  # fmt: skip
    arrested = signature(facts("Forces arrested five members of the cell over the checkpoint attack near Kayes.",
                               places=KAYES, numbers=((5, False, "members"),)))  # fmt: skip
    denied = signature(facts("The ministry denied that any soldiers had been killed at the checkpoint near Kayes.",
                             places=KAYES))  # fmt: skip
    assert not contests(died, arrested) and not contests(denied, arrested)
    assert contests(denied, died)


def test_a_count_is_a_fact_of_its_own_beside_a_state_they_share():
    escaped = signature(facts("529 inmates escaped when gangs overran Kayes on Monday.", places=KAYES,
                              numbers=((529, False, "inmates"),)))  # fmt: skip
    uncounted = signature(facts("529 inmates escaped when gangs overran Kayes on Monday.", places=KAYES))
    captured = signature(facts("The gangs took control of Kayes after hours of clashes with police.", places=KAYES))
    assert escaped.state == uncounted.state == captured.state == "taken"
    # The count sets the escape apart from the capture, though both say the town was taken (the copy
    # that gives no count is as like the capture as before): it joins another count of the escape.
    assert similar(escaped, captured) < similar(uncounted, captured) - 0.05


def test_a_claim_naming_its_place_meets_one_that_leaves_it_to_the_sentence_before():
    placed = signature(facts("Mali's army said it had killed 80 fighters after attacks on Kayes.", places=KAYES,
                             numbers=((80, False, "fighters"),)))  # fmt: skip
    after = signature(facts("The army said it killed about 80 assailants.", places=(),
                            numbers=((80, True, "assailants"),)), context=placed.places)  # fmt: skip
    remark = signature(facts("Kayes is a city in the west.", places=KAYES))
    assert set(placed.probe_keys()) & set(after.index_keys())
    assert set(remark.probe_keys()) == set(remark.index_keys())  # it states no fact: its own keys alone


def test_labelled_stories_stay_above_their_floors(pipeline):
    """Development set (the rules were written against it) and the held-out set (never tuned on)."""
    dev = score_stories(load_stories_gold(DATA / "stories_gold.yaml"), pipeline)
    assert dev.pair_f1 >= 0.80 and dev.bcubed_f1 >= 0.90 and dev.sources_right >= 0.70, dev.misses
    assert dev.contest_recall >= 0.85 and dev.contest_precision >= 0.85, dev.misses
    held = score_stories(load_stories_gold(DATA / "stories_heldout.yaml"), pipeline)
    assert held.pair_f1 >= 0.80 and held.bcubed_f1 >= 0.90 and held.sources_right >= 0.70, held.misses
    assert held.contest_recall >= 0.70 and held.contest_precision >= 0.70, held.misses
    dev2 = score_stories(load_stories_gold(DATA / "stories_dev2.yaml"), pipeline)
    assert dev2.pair_f1 >= 0.80 and dev2.bcubed_f1 >= 0.90 and dev2.sources_right >= 0.80, dev2.misses
    assert dev2.contest_recall >= 0.60 and dev2.contest_precision >= 0.90, dev2.misses
    dev3 = score_stories(load_stories_gold(DATA / "stories_dev3.yaml"), pipeline)  # unseen: 0.30 before its round
    assert dev3.pair_f1 >= 0.85 and dev3.bcubed_f1 >= 0.95 and dev3.sources_right >= 0.90, dev3.misses
    assert dev3.contest_recall >= 0.85 and dev3.contest_precision >= 0.85, dev3.misses
    dev4 = score_stories(load_stories_gold(DATA / "stories_dev4.yaml"), pipeline)  # unseen: 0.48 before its round
    assert dev4.pair_f1 >= 0.90 and dev4.bcubed_f1 >= 0.95 and dev4.sources_right >= 0.85, dev4.misses
    assert dev4.contest_recall >= 0.95 and dev4.contest_precision >= 0.95, dev4.misses
    dev5 = score_stories(load_stories_gold(DATA / "stories_dev5.yaml"), pipeline)  # unseen, untuned: 0.71
    assert dev5.pair_f1 >= 0.80 and dev5.bcubed_f1 >= 0.95 and dev5.sources_right >= 0.80, dev5.misses
    assert dev5.contest_recall >= 0.80 and dev5.contest_precision >= 0.80, dev5.misses
    dev6 = score_stories(load_stories_gold(DATA / "stories_dev6.yaml"), pipeline)  # unseen, untuned: 0.50
    assert dev6.pair_f1 >= 0.78 and dev6.bcubed_f1 >= 0.95 and dev6.sources_right >= 0.90, dev6.misses
    assert dev6.contest_recall >= 0.45 and dev6.contest_precision >= 0.90, dev6.misses
    dev7 = score_stories(load_stories_gold(DATA / "stories_dev7.yaml"), pipeline)  # unseen, untuned: 0.54
    assert dev7.pair_f1 >= 0.70 and dev7.bcubed_f1 >= 0.92 and dev7.sources_right >= 0.90, dev7.misses
    assert dev7.contest_recall >= 0.40 and dev7.contest_precision >= 0.80, dev7.misses


DJIBO = (("Djibo", "city"),)


def test_a_toll_put_at_a_figure_is_a_figure_of_the_dead():
    put = signature(facts("The rights group put the death toll from Monday's attack on Djibo at 12.", places=DJIBO))
    said = signature(facts("At least 20 people were killed in Djibo on Monday.", places=DJIBO,
                           numbers=((20, True, "people"),)))  # fmt: skip
    assert put.numbers == ((12, False, "person:kill"),) and contests(put, said)


def test_members_of_an_army_are_troops():
    members = signature(facts("Three members of the defence forces were killed in Djibo.", places=DJIBO,
                              numbers=((3, False, "members"),)))  # fmt: skip
    soldiers = signature(facts("Three soldiers died in the fighting in Djibo.", places=DJIBO,
                               numbers=((3, False, "soldiers"),)))  # fmt: skip
    party = signature(facts("Three members of the party were arrested in Djibo.", places=DJIBO,
                            numbers=((3, False, "members"),)))  # fmt: skip
    assert members.numbers == ((3, False, "troop:kill"),) and similar(members, soldiers) >= LINK_THRESHOLD
    assert party.numbers == ((3, False, "member"),)


@pytest.mark.parametrize(
    "text, state",
    [("Militants took passengers hostage near Djibo.", None),
     ("The fighters had seized weapons and vehicles from the base in Djibo.", None),
     ("Insurgents attacked Djibo and occupied it for several hours.", "taken"),
     ("Insurgents occupied Djibo on Friday.", "taken"),
     ("Troops had occupied most of Djibo.", None),
     ("Shelling hit the Russian-occupied city of Djibo.", None),
     ("Jihadists seized Djibo on Friday.", "taken")],
)  # fmt: skip
def test_a_place_is_taken_not_its_people_or_things(text, state):
    found = signature(facts(text, places=DJIBO))
    assert found.state == state
    assert ("take" in found.events) == (state == "taken")


def test_things_taken_in_a_town_are_not_the_town_taken():
    taken = signature(facts("The militants took control of Djibo for several hours.", places=DJIBO))
    seized = signature(facts("The fighters had seized weapons and vehicles from the base in Djibo.", places=DJIBO))
    looted = signature(facts("Insurgents looted shops and food stores in Djibo.", places=DJIBO))
    stole = signature(facts("The insurgents stole food and medicine from warehouses in Djibo.", places=DJIBO))
    assert similar(taken, seized) < LINK_THRESHOLD and similar(looted, stole) >= LINK_THRESHOLD


def test_dozens_of_a_kind_count_that_kind_and_no_figure():
    soldiers = signature(facts("Jihadists attacked Djibo, killing about 100 soldiers.", places=DJIBO,
                               numbers=((100, True, "soldiers"),)))  # fmt: skip
    attackers = signature(facts("The army killed dozens of attackers in Djibo.", places=DJIBO))
    dozens = signature(facts("Jihadists killed dozens of soldiers in Djibo.", places=DJIBO))
    assert similar(soldiers, attackers) == 0 and not contests(soldiers, attackers)
    assert not contests(soldiers, dozens)


def test_a_held_state_said_on_two_days_is_one_fact():
    """A place's state lasts: reports of it a few days apart, in other words, state one fact; not a
    week apart, and not where one gives a figure."""
    monday = signature(facts("The army remained in control of Djibo on Monday.", places=DJIBO, day=20220))
    wednesday = signature(facts("The military government denied that Djibo had fallen to the terrorists, saying "
                                "the attack had been repelled.", places=DJIBO, day=20222))  # fmt: skip
    later = signature(facts("The government denied that Djibo had fallen.", places=DJIBO, day=20230))
    assert similar(monday, wednesday) >= LINK_THRESHOLD and similar(monday, later) == 0
    found = link([wednesday], [Candidate(1, 10, monday, "")])
    assert found.stories == [10]


@pytest.mark.parametrize(
    "text, actors",
    [("Gangs attacked the National Police headquarters in Djibo.", set()),
     ("A drone struck the Interior Ministry in Djibo on Sunday.", set()),
     ("The Rapid Support Forces shelled Djibo on Sunday.", {"rapid support forces"})],
)  # fmt: skip
def test_a_body_an_attack_names_is_its_target_not_an_actor(text, actors):
    found = signature(facts(text, places=DJIBO))
    assert found.actors == actors
    assert actors or {"polic", "interior"} & found.words  # a target's words stay the claim's


def test_a_place_an_attack_names_stays_an_alias():
    """A name the geoparser did not take for a place, struck, still meets the place in other copies."""
    found = signature(facts("Drones hit Port Sudan on Sunday.", places=()))
    assert found.aliases == {"port sudan"} and not found.actors


def test_another_figure_contests_beside_a_denial():
    army = signature(facts("The army said 21 hostages had been killed by the attackers in Djibo.", places=DJIBO,
                           numbers=((21, False, "hostages"),)))  # fmt: skip
    group = signature(facts("The group rejected the report as lies and said it had killed 214 hostages in Djibo.",
                            places=DJIBO, numbers=((214, False, "hostages"),)))  # fmt: skip
    assert contests(army, group)


def test_two_things_that_happened_are_two_facts():
    took = signature(facts("The Arakan Army took Maungdaw on Sunday."))
    surrendered = signature(
        facts("About 350 junta soldiers surrendered in Maungdaw.", numbers=((350, True, "soldiers"),))
    )
    killed = signature(facts("Six people were killed in the attack on Kursk.", numbers=((6, False, "people"),)))
    wounded = signature(facts("Forty people were wounded in the attack on Kursk.", numbers=((40, False, "people"),)))
    drone = signature(facts("A sea drone hit the ship off Kursk."))
    missiles = signature(facts("The missiles missed the ship off Kursk."))
    assert similar(took, surrendered) == 0 and similar(killed, wounded) == 0
    assert similar(drone, missiles) == 0 and not contests(drone, missiles)


def test_a_denial_contests_what_it_denies():
    denial = signature(facts("The ministry denied striking residential buildings in Kursk, calling it a lie."))
    struck = signature(facts("A bomb struck a residential building in Kursk, killing six people."))
    wounded = signature(facts("Forty people were wounded in the attack on Kursk."))
    fallen = signature(facts("The army denied that Kursk had fallen."))
    held = signature(facts("Kursk remained under the control of its troops."))
    assert contests(denial, struck) and not contests(denial, wounded)
    assert fallen.state == "held" and not fallen.denial and similar(fallen, held) > 0


def test_an_outlet_relaying_another_body_is_not_the_origin():
    assert origin_of([("Ukrainian intelligence", "agency", "x"), ("BBC", "media", "BBC")]) == origin_of(
        [("Ukrainian intelligence", "agency", "x")]
    )
    assert origin_of([("Ukrainian officials cited by Reuters", "media", "x")]) == ""
    assert origin_of([("the ethnic armed group", "organisation", "x")]) == ""
    assert origin_of([("BBC", "media", "BBC")]) != ""


ARTICLES = [
    ("Ukraine's military intelligence said on Monday that about 8,000 North Korean soldiers had arrived in "
     "Russia's Kursk region.", "Kyiv Independent"),
    ("Some 8,000 troops from North Korea have reached the Kursk region of Russia, Ukrainian military "
     "intelligence said on Monday.", "Reuters"),
    ("The Pentagon said on Monday that roughly 12,000 North Korean troops were now in the Kursk region.", "CNN"),
]  # fmt: skip


def _ingest(store, pipeline, articles=ARTICLES):
    for text, outlet in articles:
        store.add(pipeline.extract(make_document(text, {"outlet": outlet, "published": "2024-11-05"}, f"{outlet}.txt")))


def test_the_store_links_counts_and_contests(store, pipeline):
    _ingest(store, pipeline)
    lines = list(store.claim_lines())
    assert [set(line) for line in lines] == [{"document", "text", "start", "end", "cluster", "independent_sources",
                                              "contradicts"}] * 3  # fmt: skip
    first, second, third = lines
    assert first["cluster"] == second["cluster"] != third["cluster"]
    assert first["independent_sources"] == 1  # one intelligence agency, said twice
    assert first["contradicts"] == [third["cluster"]] and third["contradicts"] == [first["cluster"]]
    assert len(store.claims_in_view(ClaimFilter(contested=True))) == 3
    assert store.claims_in_view(ClaimFilter(min_sources=2)) == []
    card = store.stories_of([store.claims_in_view(ClaimFilter())[-1]["id"]])
    assert len(next(iter(card.values()))["documents"]) in (1, 2)


def test_stories_survive_ingesting_again(store, pipeline):
    _ingest(store, pipeline)
    before = [(line["text"], line["independent_sources"], len(line["contradicts"])) for line in store.claim_lines()]
    clusters = {line["cluster"] for line in store.claim_lines()}
    first = ARTICLES[0]
    document = make_document(first[0], {"outlet": first[1], "published": "2024-11-05"}, f"{first[1]}.txt")
    store.replace(pipeline.extract(document))
    after = [(line["text"], line["independent_sources"], len(line["contradicts"])) for line in store.claim_lines()]
    assert sorted(after) == sorted(before) and {line["cluster"] for line in store.claim_lines()} == clusters


def test_the_export_command_writes_claims_as_json_lines(tmp_path, settings, pipeline):
    from click.testing import CliRunner

    from geo.cli import main
    from geo.store import Store

    store = Store(f"sqlite:///{tmp_path / 'claims.db'}")
    _ingest(store, pipeline)
    result = CliRunner().invoke(main, ["--data-dir", str(tmp_path), "export", "--format", "claims"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert len(rows) == 3 and rows[0]["document"] == "Kyiv Independent.txt"


MAUNGDAW = (("Maungdaw", "admin2"),)


def test_a_town_resolved_in_one_copy_and_a_word_in_another_counts_as_in_both():
    """The geoparser takes a district only where its country is named: the copy that does not name
    it keeps the name as a rare word, which meets the place at (nearly) the place's weight."""
    held = "Maungdaw remained under the control of government troops."
    denied = signature(facts("The junta denied that Maungdaw had fallen to the rebels.", MAUNGDAW))
    as_word, as_place = signature(facts(held, ())), signature(facts(held, MAUNGDAW))
    assert similar(as_word, denied) >= LINK_THRESHOLD
    assert similar(as_word, denied) >= 0.95 * similar(as_place, denied)


def test_a_town_named_as_a_word_shares_the_places_token_and_index_keys():
    """ "Sittwe" is "sittw" among a claim's words (the stemmer cuts its "e"): a copy whose geoparser
    left it a word meets the copy that took it for a town, in words and in the index."""
    text = "Drones struck a fuel depot in Sittwe on Sunday."
    as_word, as_place = signature(facts(text, ())), signature(facts(text, (("Sittwe", "city"),)))
    assert as_place.places <= as_word.words
    assert set(as_place.index_keys()) & set(as_word.index_keys())
    assert similar(as_word, as_place) >= LINK_THRESHOLD


def test_a_group_one_copy_names_as_who_acted_weighs_nothing_against_one_that_does_not():
    """ "Denied that the town had fallen to the Arakan Army" and "the town remained under the control
    of its forces" state one thing: the group's name is its actor (one token, no content words),
    which counts only where both claims name one."""
    denied = signature(facts("The junta denied that Maungdaw had fallen to the Arakan Army.", MAUNGDAW))
    held = signature(facts("Maungdaw remained under the control of its security forces.", MAUNGDAW))
    assert denied.actors == {"arakan army"} and not {"arakan", "army"} & denied.words
    assert similar(denied, held) >= LINK_THRESHOLD
    assert Signature.loads(denied.dumps()) == denied


def test_two_claims_naming_one_group_share_its_whole_name_and_two_groups_nothing():
    flag = signature(facts("Images showed the Arakan Army's flag over the main base in Maungdaw.", MAUNGDAW))
    seized = signature(facts("Arakan Army fighters seized Maungdaw on Sunday.", MAUNGDAW))
    other = signature(facts("Images showed the Kachin Independence Army's flag over the main base in Maungdaw.",
                            MAUNGDAW))  # fmt: skip
    assert seized.actors == {"arakan army"} and other.actors == {"kachin independence army"}
    assert similar(flag, seized) >= LINK_THRESHOLD
    assert similar(flag, other) < similar(flag, replace(other, actors=flag.actors))


def test_a_name_of_several_words_left_as_words_meets_the_place_of_that_name():
    """The geoparser takes "Um Rawaba" (a district) only where Sudan is named: a copy that does not
    name it keeps the two capitalised words, an alias that meets the place, in words and index keys;
    a run of country words ("North Korean") is no alias."""
    text = "Drones hit a market in Um Rawaba on Sunday."
    as_words = signature(facts(text, ()))
    as_place = signature(facts(text, (("Um Rawaba", "admin2"),)))
    assert as_words.aliases == {"um rawaba"} and as_place.places == {"um rawaba"} and not as_place.aliases
    assert set(as_place.index_keys()) & set(as_words.index_keys())
    assert similar(as_words, as_place) >= 0.95 * similar(as_place, as_place) - 0.15
    assert similar(as_words, as_place) > similar(as_words, replace(as_place, places=frozenset({"um ruwaba"})))
    assert Signature.loads(as_words.dumps()) == as_words
    assert not signature(facts("North Korean troops arrived in the region.", ())).aliases


def test_a_town_weighs_more_than_a_region_and_a_region_more_than_a_country():
    texts = ("Rebels seized the main base in {}.", "The rebels' flag flew over the army base in {}.")

    def alike(place):
        return similar(*(signature(facts(text.format(place[0][0]), place)) for text in texts))

    town, region, country = (("Maungdaw", "admin2"),), (("Rakhine", "admin1"),), (("Myanmar", "country"),)
    assert alike(town) > alike(region) > alike(country)
    both = signature(facts("Rebels seized the main base in Kherson, in the Kherson region.",
                           (("Kherson", "city"), ("Kherson Oblast", "admin1"))))  # fmt: skip
    assert both.regions == frozenset() and Signature.loads(both.dumps()) == both  # the town's name weighs as the town
    region_only = signature(
        facts("Rebels seized the main base in the Kherson region.", (("Kherson Oblast", "admin1"),))
    )
    assert region_only.regions == {"kherson"} and Signature.loads(region_only.dumps()) == region_only


def test_a_drone_and_artillery_in_one_town_on_one_day_are_two_attacks():
    drone = signature(facts("A Russian drone struck a building in Goma on Sunday.", GOMA_CITY))
    artillery = signature(facts("Russian artillery struck a building in Goma on Sunday.", GOMA_CITY))
    again = signature(facts("A Russian drone hit a building in Goma on Sunday.", GOMA_CITY))
    assert similar(drone, artillery) == 0 and similar(drone, again) >= LINK_THRESHOLD


def test_a_stem_weighs_as_the_commonest_word_it_may_come_from():
    """ "satellit" is no English word, so as rare as a name by its own frequency; it is "satellite"."""
    from geo.stories import MAX_WEIGHT, _weight

    found = signature(facts("Satellite images showed damage to the depot.", ()))
    assert found.weights["satellit"] == _weight("satellite") < MAX_WEIGHT


def test_a_words_frequency_read_from_wordfreqs_table_is_wordfreqs_own():
    """The table read directly (words of letters and hyphens) gives zipf_frequency's value to the last
    digit: listed words, unlisted ones, hyphenated ones of listed and unlisted parts, and the words it
    tokenises otherwise (digits, apostrophes, accents), which it is asked for."""
    import random

    from wordfreq import get_frequency_dict, zipf_frequency

    from geo.stories import _zipf

    chooser = random.Random(16)
    listed = sorted(w for w in get_frequency_dict("en", "best") if w.isascii() and w.isalpha() and w.islower())
    words = chooser.sample(listed, 3000) + ["maungdaw", "houthi", "satellit", "qqqzx", "a", "the"]
    words += ["-".join(chooser.sample(words, chooser.choice((2, 3)))) for _ in range(2000)]
    words += ["covid-19", "don't", "al-shabaab", "ukraine's", "méxico", "two--day", "x-ray", "h5n1"]
    differing = [w for w in words if _zipf(w) != zipf_frequency(w, "en")]
    assert not differing


def test_a_figure_one_claim_gives_and_the_other_does_not_counts_against_the_pair():
    toll = "The strike on the building in Goma killed six people."
    depot = signature(facts("Jets struck a weapons depot in the building in Goma.", GOMA_CITY))
    with_figure = signature(facts(toll, GOMA_CITY, numbers=((6, False, "people"),)))
    without = signature(facts(toll, GOMA_CITY))
    assert similar(with_figure, depot) < similar(without, depot)


def _dated(text: str, first: int, last: int) -> Signature:
    goma = (("Goma", "city"),)
    return signature(ClaimFacts(text, goma, ("Goma",), first, last, True, (), ()))


def test_claims_whose_days_meet_share_an_index_key_and_others_do_not():
    month = _dated("M23 fighters held Goma through the month.", 20100, 20130)
    its_last_day = _dated("M23 fighters still held Goma.", 20130, 20130)  # four weeks after the month's first day
    weeks_later = _dated("M23 fighters still held Goma.", 20160, 20160)
    assert set(month.index_keys()) & set(its_last_day.probe_keys())
    assert not set(month.index_keys()) & set(weeks_later.probe_keys())


def test_a_claim_naming_a_place_is_keyed_by_rare_names_not_by_stems_that_are_no_words():
    """ "restored", "prices" and "queues" are common words whose stems ("restor", "pric", "queu") are
    as rare as a name by their own frequency: as keys they found every claim repeating the word."""
    common = signature(facts("Power was restored and prices fell as queues shortened in Goma.", GOMA_CITY))
    named = signature(facts("Houthi drones were seen over Goma.", GOMA_CITY))
    only_goma = signature(facts("Fighters were seen in Goma.", GOMA_CITY))
    assert common.index_keys() == only_goma.index_keys()
    assert set(named.index_keys()) > set(only_goma.index_keys())


def test_a_claim_naming_no_place_is_keyed_by_the_place_of_the_claim_before_it(pipeline):
    """Its sentence leaves its place to the one before: two such claims after the same place meet, in
    keys apart from the place's own (whose newest slots they would take); after another place, not."""
    from geo.stories import document_signatures

    def signatures(text):
        extraction = pipeline.extract(make_document(text, {"outlet": "X", "published": "2025-05-05"}, "x.txt"))
        assert [item.signature for item in extraction.claims] == document_signatures(
            [replace(item, signature=None) for item in extraction.claims], extraction.document
        )
        return [item.signature for item in extraction.claims]

    depot, downed = signatures("Drones struck a fuel depot in Goma on Sunday, the army said. "
                               "The army said its air defences downed eleven drones.")  # fmt: skip
    _, shot = signatures("A fuel depot in Goma was hit by drones on Sunday, the army said. "
                         "Air defences shot down 11 drones, the army said.")  # fmt: skip
    _, elsewhere = signatures("A fuel depot in Bukavu was hit by drones on Sunday, the army said. "
                              "Air defences shot down 11 drones, the army said.")  # fmt: skip
    assert (downed.context, shot.context, depot.context) == ({"goma"}, {"goma"}, frozenset())
    assert set(downed.index_keys()) & set(shot.index_keys())
    assert not set(downed.index_keys()) & set(depot.index_keys())
    assert not set(downed.index_keys()) & set(elsewhere.index_keys())
    assert Signature.loads(shot.dumps()) == shot


def test_the_same_words_after_other_places_are_two_facts(store, pipeline):
    """A sentence repeated after claims about two places ("Power was restored to most homes") is
    two facts: it is found by neither place's claims, nor by its words' stems."""
    texts = [f"Shelling hit {town} on Monday, the army said. Power was restored to most homes by the evening."
             for town in ("Goma", "Bukavu")]  # fmt: skip
    _ingest(store, pipeline, [(text, f"Outlet {n}") for n, text in enumerate(texts)])
    restored = [line["cluster"] for line in store.claim_lines() if line["text"].startswith("Power")]
    assert len(restored) == 2 and restored[0] != restored[1]


def test_a_recap_naming_no_place_meets_the_first_reports_of_the_place_before_it(store, pipeline):
    """A claim that leaves its place to the sentence before and recaps an earlier day ("said earlier this
    month that twelve policemen were killed in the first attack") meets the first report of that place
    and day, which the other claims of its document, of a later day, never probe; a look-alike after
    another town does not."""
    first = "Gunmen stormed a police station in Kayes before dawn on Tuesday, killing 12 policemen, the governor said."
    recap = (
        "Gunmen attacked the {} police station again on Tuesday, wounding three officers, police said. "
        "The governor said earlier this month that twelve policemen were killed in the first attack on the station."
    )
    for n, (text, day) in enumerate([(first, "2025-03-04"), (recap.format("Kayes"), "2025-03-19"),
                                     (recap.format("Goma"), "2025-03-19")]):  # fmt: skip
        store.add(pipeline.extract(make_document(text, {"outlet": f"O{n}", "published": day}, f"{n}.txt")))
    killed = [line for line in store.claim_lines() if "12 policemen" in line["text"] or "twelve" in line["text"]]
    assert len(killed) == 3
    assert killed[0]["cluster"] == killed[1]["cluster"] != killed[2]["cluster"]


def test_a_remark_after_two_claims_about_one_place_is_two_facts(store, pipeline):
    """A claim that names no place is found after the same place when it gives a figure or says what
    happened; a remark ("The claim could not be independently verified") states no fact there."""
    remark = "The claim could not be independently verified."
    texts = [f"M23 rebels said on Monday that they had entered Goma. {remark}",
             f"Officials said on Monday that 2,000 people had fled Goma. {remark}"]  # fmt: skip
    _ingest(store, pipeline, [(text, f"Outlet {n}") for n, text in enumerate(texts)])
    remarks = [line["cluster"] for line in store.claim_lines() if line["text"].startswith("The claim")]
    assert len(remarks) == 2 and remarks[0] != remarks[1]


def test_a_new_claim_reads_only_the_newest_claims_of_a_busy_key(store, pipeline, monkeypatch):
    import geo.store as store_module
    from geo.stories import PER_KEY

    text = "The M23 rebels said on Monday that about 3,000 fighters had entered Goma."
    outlets = [f"Outlet {n}" for n in range(PER_KEY + 3)]
    _ingest(store, pipeline, [(text.replace("rebels", f"rebels ({n})"), outlet) for n, outlet in enumerate(outlets)])
    met = []
    original = store_module.link
    monkeypatch.setattr(store_module, "link", lambda new, found: met.append(found) or original(new, found))
    _ingest(store, pipeline, [("Some 3,000 M23 fighters have entered Goma, the rebels said on Monday.", "Latest")])
    stored = {line["text"]: line["cluster"] for line in store.claim_lines()}
    read = Counter(key for candidate in met[0] for key in candidate.keys)
    assert max(read.values()) == PER_KEY  # of the place's week, which holds more
    assert len(set(stored.values())) == 1  # still the one story


def test_a_store_linked_before_its_index_held_days_gets_it(tmp_path, pipeline):
    import sqlalchemy as sa

    from geo.schema import story_index
    from geo.store import Store

    url = f"sqlite:///{tmp_path / 'claims.db'}"
    _ingest(Store(url), pipeline, ARTICLES[:1])
    with Store(url).engine.begin() as conn:
        conn.execute(story_index.delete())
    store = Store(url)
    with store.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(story_index)).scalar() > 0
    _ingest(store, pipeline, ARTICLES[1:2])
    first, second = store.claim_lines()
    assert first["cluster"] == second["cluster"]


GOMA = [
    ("M23 rebels said on Monday that about 3,000 fighters had entered Goma.", "Outlet A"),
    ("Some 3,000 M23 fighters have entered Goma, the rebels said on Monday.", "Outlet B"),
    ("Congo's army said on Monday that it still held Goma airport.", "Outlet C"),
]


def _goma_extractions(pipeline):
    return [pipeline.extract(make_document(text, {"outlet": outlet, "published": "2025-01-27"}, f"{outlet}.txt"))
            for text, outlet in GOMA]  # fmt: skip


def test_an_extraction_carries_each_claims_signature(pipeline):
    from geo.stories import claim_signature

    for extraction in _goma_extractions(pipeline):
        assert extraction.claims
        for item in extraction.claims:
            assert item.signature == claim_signature(replace(item, signature=None), extraction.document)


def test_linking_works_out_no_signature_inside_the_write(store, pipeline, monkeypatch):
    """The write that other ingests wait for reads the signatures the extraction carries."""
    import geo.store as store_module
    import geo.stories as stories_module

    extractions = _goma_extractions(pipeline)

    def no_signature_here(*args):
        raise AssertionError("a signature worked out in the write")

    monkeypatch.setattr(stories_module, "signature", no_signature_here)
    monkeypatch.setattr(store_module, "signature", no_signature_here, raising=False)
    for extraction in extractions:
        store.add(extraction)
    first, second, _ = store.claim_lines()
    assert first["cluster"] == second["cluster"]


def test_an_extraction_without_signatures_is_linked_the_same(tmp_path, pipeline):
    """One made by an older worker, say: the store works them out."""
    from dataclasses import replace

    from geo.store import Store

    carried, bare = Store(f"sqlite:///{tmp_path / 'a.db'}"), Store(f"sqlite:///{tmp_path / 'b.db'}")
    for extraction in _goma_extractions(pipeline):
        carried.add(extraction)
        bare.add(replace(extraction, claims=tuple(replace(c, signature=None) for c in extraction.claims)))
    assert list(carried.claim_lines()) == list(bare.claim_lines())


@pytest.fixture(scope="module")
def labelled_signatures(pipeline) -> list[Signature]:
    """The signatures of every claim of the labelled sets' documents, in the sets' order."""
    signatures = []
    for name in ("stories_gold.yaml", "stories_heldout.yaml", "stories_dev2.yaml", "stories_dev3.yaml",
                 "stories_dev4.yaml", "stories_dev5.yaml", "stories_dev6.yaml", "stories_dev7.yaml"):  # fmt: skip
        for item in load_stories_gold(DATA / name)["documents"]:
            meta = {"outlet": item.get("outlet"), "published": str(item["published"])}
            document = make_document(item["text"], meta, f"{item['id']}.txt")
            signatures += [claim.signature for claim in pipeline.extract(document).claims]
    return signatures


def test_pairs_passed_over_before_weighing_never_contest(labelled_signatures):
    """``_may_contest`` only passes over what ``contests`` would refuse: on every pair of labelled claims."""
    from geo.stories import _may_contest

    signatures = labelled_signatures
    pairs = [(a, b) for a in signatures for b in signatures if a is not b]
    assert sum(contests(a, b) for a, b in pairs) > 10
    assert all(_may_contest(a, b) for a, b in pairs if contests(a, b))
    assert sum(not _may_contest(a, b) for a, b in pairs) > len(pairs) / 2  # most are passed over


def test_a_documents_claims_contest_each_other_as_every_pair_would(labelled_signatures):
    """``link`` weighs only the earlier claims that could contest a claim (``_earlier_rivals``): it
    finds what weighing every earlier claim that shares a word with it finds, denials and all."""
    from geo.stories import _contests_where_they_meet, _may_contest, _may_meet

    new = labelled_signatures
    every_pair = [
        (i, ("new", j)) for i, a in enumerate(new) for j, b in enumerate(new[:i])
        if not a.weights.keys().isdisjoint(b.weights) and _may_contest(a, b) and _may_meet(a, b)
        and _contests_where_they_meet(a, b)
    ]  # fmt: skip
    assert len(every_pair) > 10 and any(new[i].denial or new[j].denial for i, (_, j) in every_pair)
    assert link(new, []).contests == every_pair


def test_loading_the_pipeline_keeps_its_tables_out_of_full_collections(pipeline):
    import gc

    assert gc.get_freeze_count() > 100_000  # the gazetteer, lexicon and boundaries, frozen once loaded


def _index_rows(store) -> list[tuple[int, int]]:
    import sqlalchemy as sa

    from geo.schema import story_index

    with store.engine.connect() as conn:
        return sorted(conn.execute(sa.select(story_index.c.key, story_index.c.claim_id)).all())


def test_removing_a_document_drops_its_claims_index_rows(store, pipeline):
    first, second, _ = _goma_extractions(pipeline)
    store.add(first)
    kept = _index_rows(store)
    store.add(second)
    assert len(_index_rows(store)) > len(kept)
    store.remove(second.document.doc_id)
    assert _index_rows(store) == kept
    store.replace(first)  # the same text again: its claims' rows are those of its new claims
    assert len(_index_rows(store)) == len(kept) and set(_index_rows(store)).isdisjoint(kept)


def test_a_removed_claims_id_is_never_given_again(store, pipeline):
    import sqlalchemy as sa

    from geo.schema import claims

    first, second, third = _goma_extractions(pipeline)
    store.add(first)
    store.add(second)
    with store.engine.connect() as conn:
        highest = conn.execute(sa.select(sa.func.max(claims.c.id))).scalar()
    store.remove(second.document.doc_id)  # the highest ids
    store.add(third)
    with store.engine.connect() as conn:
        new = conn.execute(sa.select(claims.c.id).where(claims.c.document_id == third.document.doc_id)).scalars()
        assert min(new) > highest


def test_a_process_reads_a_stored_claims_story_row_once(tmp_path, pipeline, monkeypatch):
    import geo.store as store_module
    from geo.store import Store

    url = f"sqlite:///{tmp_path / 'claims.db'}"
    first, second, third = _goma_extractions(pipeline)
    Store(url).add(first)
    read = []
    original = store_module._driver_rows

    def counting(conn, compiled, values):
        rows = original(conn, compiled, values)
        read.extend(row[0] for row in rows if "claim_stories" in compiled.string)
        return rows

    monkeypatch.setattr(store_module, "_driver_rows", counting)
    store = Store(url)  # another process: it has read nothing yet
    store.add(second)
    assert read  # the first document's claims, read once
    read.clear()
    store.add(third)  # meets the first two documents' claims: one read, one written by this process
    assert read == []
    first_line, second_line, *_ = store.claim_lines()
    assert first_line["cluster"] == second_line["cluster"]


def test_a_process_keeps_the_story_rows_it_used_last():
    from geo.store import KnownClaims

    known = KnownClaims(capacity=2)
    row = (1, "", signature(facts("About 300 soldiers arrived.")))
    known.put_all({1: row, 2: row})
    assert known.rows_of([1, 5]) == {1: row}  # 1 used: 2 is now the least recently used
    known.put_all({3: row})
    assert sorted(known.rows_of([1, 2, 3])) == [1, 3]


def _cluster_of(store, document: str) -> int:
    return next(line["cluster"] for line in store.claim_lines() if line["document"] == document)


def test_a_process_reads_a_keys_index_rows_once_and_keeps_them_with_its_writes(store, pipeline, monkeypatch):
    """The keys a probe read are answered from the process's memory after: no query of the index, the
    rows it wrote since among them."""
    import geo.store as store_module

    first, second, _ = _goma_extractions(pipeline)
    store.add(first)
    asked = []
    original = store_module._driver_rows

    def counting(conn, compiled, values):
        asked.append(compiled.string)
        return original(conn, compiled, values)

    monkeypatch.setattr(store_module, "_driver_rows", counting)
    store.add(second)
    assert not [query for query in asked if "story_index" in query]
    assert _cluster_of(store, "Outlet A.txt") == _cluster_of(store, "Outlet B.txt")


def test_another_processs_write_makes_a_process_read_the_index_again(store, pipeline):
    """Rows kept from before another process stored a claim would miss it: a restatement of it would
    start a story of its own."""
    from geo.store import Store

    first, _, held = _goma_extractions(pipeline)
    other = Store(store.engine.url.render_as_string(hide_password=False))
    store.add(held)  # this process now keeps the rows of Goma's keys
    other.add(first)
    text = "About 3,000 M23 fighters entered Goma on Monday, the rebels said."
    store.add(pipeline.extract(make_document(text, {"outlet": "Outlet D", "published": "2025-01-27"}, "Outlet D.txt")))
    assert _cluster_of(store, "Outlet D.txt") == _cluster_of(store, "Outlet A.txt")
    assert _cluster_of(store, "Outlet D.txt") != _cluster_of(store, "Outlet C.txt")
    other.engine.dispose()


def test_the_index_rows_a_process_keeps_are_true_at_one_version_of_the_store():
    from geo.known_keys import KnownKeys

    keys = KnownKeys()
    keys.opened(7)
    keys.put({1: [(10, 100, 100), (12, 90, 95)], 2: []})
    keys.add([(1, 13, 100, 101), (3, 13, 100, 101)])  # key 3 is not kept: read whole when wanted
    keys.committed(8)
    assert keys.newest([(1, (99, 100)), (2, (0, 200)), (3, (0, 200))], limit=5) == ({1: [13, 10], 2: []}, [3])
    keys.committed(9)  # a write of its own that left the index alone (a correction)
    keys.opened(9)
    keys.drop([(1, 13)])
    keys.committed(10)
    assert keys.newest([(1, (0, 200))], limit=1)[0] == {1: [12]}
    keys.opened(12)  # another process wrote version 11
    assert keys.newest([(1, (0, 200))], limit=1) == ({}, [1])
    keys.put({1: [(10, 100, 100)]})
    keys.failed()  # what a write put in before it rolled back is no longer known
    assert len(keys) == 0


def test_the_story_rows_a_process_keeps_leave_the_collectors_reach(monkeypatch):
    """Full collections no longer walk the kept signatures (about 1 ms a document at 1M claims): once
    enough are kept, they are collected once and moved out of its reach."""
    import gc

    import geo.store as store_module

    moved = []
    monkeypatch.setattr(store_module, "KEPT_UNTIL_FROZEN", 3)
    monkeypatch.setattr(store_module, "_out_of_collections", lambda: moved.append(True))
    known = store_module.KnownClaims(capacity=10)
    kept = signature(facts("Troops reached Kursk."))
    known.put_all({1: (1, "", kept), 2: (2, "", kept)})
    assert moved == []  # two rows: not yet
    known.put_all({3: (3, "", kept)})
    assert moved == [True] and known.rows_of([3]) == {3: (3, "", kept)}
    known.put_all({4: (4, "", kept)})
    assert moved == [True]  # counted again from there
    monkeypatch.undo()
    before = gc.get_freeze_count()
    store_module._out_of_collections()
    assert gc.get_freeze_count() > before and gc.is_tracked(kept)  # frozen, not untracked


def test_a_documents_new_stories_are_one_statement_of_any_count(store):
    import sqlalchemy as sa

    from geo.schema import stories
    from geo.store import _driver_rows, _new_stories

    with store.engine.begin() as conn:
        for count in (1, 3):  # one: a driver's parameters are a tuple of one value, not the value
            made = _driver_rows(conn, _new_stories(count, conn.dialect), {"document_id": f"doc{count}"})
            assert len({story_id for (story_id,) in made}) == count
        written = conn.execute(sa.select(stories.c.document_id)).scalars().all()
        conn.rollback()
    assert sorted(written) == ["doc1", "doc3", "doc3", "doc3"]


def test_a_store_of_an_earlier_version_goes_through_the_migrations(tmp_path, pipeline, monkeypatch):
    """Claims whose ids SQLite gave again (no AUTOINCREMENT), index rows of removed claims: the
    store is brought to the latest schema once, its claims, stories and text search whole."""
    import sqlalchemy as sa

    import geo.store as store_module
    from geo.migrations import LATEST
    from geo.schema import claims, metadata, store_state, story_index
    from geo.store import Store

    url = f"sqlite:///{tmp_path / 'claims.db'}"
    earlier = sa.MetaData()
    for table in metadata.sorted_tables:
        table.to_metadata(earlier)
    earlier.tables["claims"].dialect_options["sqlite"]["autoincrement"] = False
    engine = sa.create_engine(url)
    earlier.create_all(engine)
    engine.dispose()
    monkeypatch.setattr(store_module, "migrate", lambda engine: None)
    old = Store(url)
    for extraction in _goma_extractions(pipeline):
        old.add(extraction)
    with old.engine.begin() as conn:
        conn.execute(story_index.insert().values(key=12345, claim_id=999_999, first_day=0, last_day=0))
    before = list(old.claim_lines())
    old.engine.dispose()
    monkeypatch.undo()

    store = Store(url)
    with store.engine.connect() as conn:
        made = conn.exec_driver_sql("SELECT sql FROM sqlite_master WHERE name = 'claims'").scalar()
        assert "AUTOINCREMENT" in made
        assert conn.execute(sa.select(store_state.c.schema_version)).scalar() == LATEST
        assert 999_999 not in {claim for _, claim in _index_rows(store)}
        highest = conn.execute(sa.select(sa.func.max(claims.c.id))).scalar()
    assert list(store.claim_lines()) == before
    assert len(store.claims_in_view(ClaimFilter(text="fighters"))) == 2
    store.remove(_goma_extractions(pipeline)[2].document.doc_id)
    store.add(pipeline.extract(make_document("M23 fighters were seen in Goma.", {"outlet": "D"}, "d.txt")))
    with store.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.max(claims.c.id))).scalar() > highest


def test_both_databases_drop_index_rows_of_removed_claims_once(store, pipeline):
    import sqlalchemy as sa

    from geo.migrations import LATEST
    from geo.schema import store_state, story_index
    from geo.store import Store

    store.add(_goma_extractions(pipeline)[0])
    kept = _index_rows(store)
    with store.engine.begin() as conn:
        conn.execute(story_index.insert().values(key=12345, claim_id=999_999, first_day=0, last_day=0))
        conn.execute(store_state.update().values(schema_version=None))
    reopened = Store(store.engine.url.render_as_string(hide_password=False))
    assert _index_rows(reopened) == kept
    with reopened.engine.connect() as conn:
        assert conn.execute(sa.select(store_state.c.schema_version)).scalar() == LATEST
    reopened.engine.dispose()


def test_both_databases_key_a_stores_claims_again_once(store, pipeline):
    """A store keyed by an earlier rule (here, every claim also under a key no rule gives, and a claim
    that names no place stored without the place before it, and not keyed by it) is keyed as its
    signatures say now, once; linking then meets what it met."""
    import sqlalchemy as sa

    from geo.migrations import LATEST, STEPS, story_index_keyed_again
    from geo.schema import claim_stories, store_state, story_index
    from geo.store import Store

    def document(text, outlet):
        return pipeline.extract(make_document(text, {"outlet": outlet, "published": "2025-05-05"}, f"{outlet}.txt"))

    store.add(document("Drones struck a fuel depot in Goma on Sunday, the army said. "
                       "The army said its air defences downed eleven drones.", "A"))  # fmt: skip
    kept, signatures = _index_rows(store), _stored_signatures(store)
    placeless = next(claim for claim, found in signatures.items() if found.context)
    without = replace(signatures[placeless], context=frozenset())
    with store.engine.begin() as conn:
        conn.execute(story_index.delete().where(story_index.c.claim_id == placeless))
        conn.execute(story_index.insert(), [{"key": 777, "claim_id": claim, "first_day": 0, "last_day": 0}
                                            for claim in signatures])  # fmt: skip
        conn.execute(claim_stories.update().where(claim_stories.c.claim_id == placeless)
                     .values(signature=without.dumps()))  # fmt: skip
        conn.execute(store_state.update().values(schema_version=STEPS.index(story_index_keyed_again)))
    reopened = Store(store.engine.url.render_as_string(hide_password=False))
    assert (_index_rows(reopened), _stored_signatures(reopened)) == (kept, signatures)
    with reopened.engine.connect() as conn:
        assert conn.execute(sa.select(store_state.c.schema_version)).scalar() == LATEST
    reopened.add(document("A fuel depot in Goma was hit by drones on Sunday, the army said. "
                          "Air defences shot down 11 drones, the army said.", "B"))  # fmt: skip
    assert len({line["cluster"] for line in reopened.claim_lines()}) == 2
    reopened.engine.dispose()


def test_both_databases_weigh_an_older_stores_places_by_kind_once(store, pipeline):
    """A store whose signatures kept places' names whole and did not say which are regions (every
    place weighed as a town) gets both from its claims' places, once, keyed again: the signatures
    and index rows ingest writes now."""

    from geo.migrations import story_places_weighed_by_kind

    text = ("Drones struck a fuel depot in Sittwe, in Rakhine State, on Sunday, the army said. "
            "Shelling hit villages in Idlib province on Sunday, residents said.")  # fmt: skip
    store.add(pipeline.extract(make_document(text, {"outlet": "A", "published": "2025-05-05"}, "a.txt")))
    kept, signatures = _index_rows(store), _stored_signatures(store)
    assert {"sittw", "rakhin", "idlib"} <= set().union(*(found.places for found in signatures.values()))
    assert {"rakhin", "idlib"} == set().union(*(found.regions for found in signatures.values()))
    whole = {"sittw": "sittwe", "rakhin": "rakhine"}
    older = {claim: replace(found, places=frozenset(whole.get(p, p) for p in found.places), regions=frozenset())
             for claim, found in signatures.items()}  # fmt: skip
    _store_as_before(store, older, story_places_weighed_by_kind)
    assert _index_rows(store) != kept
    _assert_migrated(store, signatures, kept)


def test_both_databases_weigh_an_older_stores_names_as_actors_once(store, pipeline, monkeypatch):
    """A store whose signatures held a group's name as content words, and a name its geoparser missed
    as words alone, records them as an actor and an alias from its claims' texts, places and sources,
    once, keyed again: the signatures and index rows ingest writes now."""

    import geo.stories as stories_module
    from geo.migrations import story_names_weighed_as_actors

    text = ("Drones hit a market in Um Rawaba on Sunday, the Emergency Lawyers group said. "
            "The Health Ministry said the Arakan Army had shelled the port of Sittwe on Sunday.")  # fmt: skip
    document = make_document(text, {"outlet": "A", "published": "2025-03-10"}, "a.txt")
    store.add(pipeline.extract(document))
    kept, signatures = _index_rows(store), _stored_signatures(store)
    assert set().union(*(found.actors for found in signatures.values())) == {"arakan army"}  # not the source
    assert set().union(*(found.aliases for found in signatures.values())) == {"um rawaba"}
    monkeypatch.setattr(stories_module, "_NAME_RUN", re.compile(r"(?!)"))  # the rule before: no names
    older = [item.signature for item in pipeline.extract(document).claims]
    monkeypatch.undo()
    assert older != list(signatures.values())
    _store_as_before(store, dict(zip(sorted(signatures), older, strict=True)), story_names_weighed_as_actors)
    assert _index_rows(store) != kept
    _assert_migrated(store, signatures, kept)


def test_both_databases_read_an_older_stores_kinds_anew_once(store, pipeline):
    """A store whose signatures were worked out by the rules before (here: "assailants" and "inmates"
    their own words and kinds, "fighters" troops, "has not confirmed" a denial, "under police control"
    no state) holds, once migrated, the signatures and index rows ingest writes now, worked out again
    from each claim's stored text, places, figures and sources."""

    from geo.migrations import story_kinds_read_anew

    text = ("The army said it killed about 80 assailants in Kayes on Tuesday. Fighters freed 529 inmates "
            "from the prison in Kayes, a figure the government has not confirmed. "
            "Kayes remained under police control, the governor said.")  # fmt: skip
    store.add(pipeline.extract(make_document(text, {"outlet": "A", "published": "2025-07-02"}, "a.txt")))
    kept, signatures = _index_rows(store), _stored_signatures(store)
    older = {claim: replace(found, words=frozenset(found.words - {"militant", "prisoner"}) | {"troop", "assailant"},
                            numbers=tuple((v, a, "inmat") for v, a, _ in found.numbers), state=None, denial=True)
             for claim, found in signatures.items()}  # fmt: skip
    _store_as_before(store, older, story_kinds_read_anew)
    assert _stored_signatures(store) != signatures
    _assert_migrated(store, signatures, kept)


@pytest.mark.parametrize(
    "step, text, published, kind, old_word, new_word, old_kind",
    [
        # "44 worshippers" counted as worshippers: people now, as "44 civilians" are
        ("story_civilians_read_anew", "Gunmen killed 44 worshippers at a mosque in Kayes on Friday, the interior "
         "ministry said.", "2025-03-22", "person:kill", "worshipper", "person", "worshipper:kill"),
        # "Ten police personnel were martyred" counted as troops of no outcome: troops killed now
        ("story_martyrs_police_and_spelled_figures_read_anew", "Ten police personnel were martyred when terrorists "
         "attacked the Kulachi police station on Tuesday.", "2024-09-17", "troop:kill", "martyr", "kill", "troop"),
    ],
)  # fmt: skip
def test_both_databases_read_an_older_stores_counted_kinds_anew_once(
    store, pipeline, step, text, published, kind, old_word, new_word, old_kind
):
    """A store whose signatures counted a kind as before holds, once migrated, the signatures and index
    rows ingest writes now."""
    import geo.migrations

    store.add(pipeline.extract(make_document(text, {"outlet": "A", "published": published}, "a.txt")))
    kept, signatures = _index_rows(store), _stored_signatures(store)
    assert {found_kind for found in signatures.values() for _, _, found_kind in found.numbers} == {kind}
    older = {claim: replace(found, words=found.words - {new_word} | {old_word},
                            numbers=tuple((v, a, old_kind) for v, a, _ in found.numbers))
             for claim, found in signatures.items()}  # fmt: skip
    assert older != signatures
    _store_as_before(store, older, getattr(geo.migrations, step))
    _assert_migrated(store, signatures, kept)


def test_both_databases_key_an_older_stores_places_named_within_others_again_once(store, pipeline):
    """A store whose signatures held a place named within another under both names ("fambita niger"),
    in its claims and in the context of the claims after them, holds, once migrated, the signatures and
    index rows ingest writes now: the place's own name."""
    from geo.migrations import story_places_named_within_keyed_again

    text = ("Gunmen killed 44 worshippers at a mosque in the village of Fambita in Niger's Tillaberi region "
            "on Friday, the interior ministry said. Twelve soldiers were killed in the attack, it said.")  # fmt: skip
    store.add(pipeline.extract(make_document(text, {"outlet": "A", "published": "2025-03-22"}, "a.txt")))
    kept, signatures = _index_rows(store), _stored_signatures(store)
    assert any("fambita" in found.places for found in signatures.values())
    assert any("fambita" in found.context for found in signatures.values())

    def before(tokens):
        return frozenset("fambita niger" if token == "fambita" else token for token in tokens)

    older = {claim: replace(found, places=before(found.places), context=before(found.context))
             for claim, found in signatures.items()}  # fmt: skip
    assert all(older[claim] != found for claim, found in signatures.items())
    _store_as_before(store, older, story_places_named_within_keyed_again)
    assert _index_rows(store) != kept
    _assert_migrated(store, signatures, kept)


def test_both_databases_store_older_signatures_with_their_weights_once(store, pipeline):
    """A store whose signatures were stored without their words' weights (each weighed anew when read)
    holds, once migrated, the form ingest writes now: the same signatures and index rows, read back
    without weighing anything."""
    import sqlalchemy as sa

    import geo.stories as stories_module
    from geo.migrations import LATEST, STEPS, story_signatures_stored_weighed
    from geo.schema import claim_stories, store_state
    from geo.store import Store

    text = ("The Arakan Army said it had captured about 300 soldiers in Maungdaw on Sunday. "
            "Drones hit a market in Um Rawaba on Sunday, the Emergency Lawyers group said.")  # fmt: skip
    store.add(pipeline.extract(make_document(text, {"outlet": "A", "published": "2025-03-10"}, "a.txt")))
    kept, signatures = _index_rows(store), _stored_signatures(store)
    with store.engine.begin() as conn:
        for claim, found in signatures.items():
            older = claim_stories.update().where(claim_stories.c.claim_id == claim)
            conn.execute(older.values(signature=_unweighed_form(found)))
        conn.execute(store_state.update().values(schema_version=STEPS.index(story_signatures_stored_weighed)))
    assert _stored_signatures(store) == signatures  # the older form reads as before
    reopened = Store(store.engine.url.render_as_string(hide_password=False))
    with reopened.engine.connect() as conn:
        assert conn.execute(sa.select(store_state.c.schema_version)).scalar() == LATEST
        texts = [row[0] for row in conn.execute(sa.select(claim_stories.c.signature))]
    assert texts and all(t.startswith(f"[{stories_module.STORED_FORM},") for t in texts)
    assert (_stored_signatures(reopened), _index_rows(reopened)) == (signatures, kept)
    reopened.engine.dispose()


def test_a_stored_signature_is_read_back_without_weighing_its_words(monkeypatch):
    """Its words' and actors' weights come with it: reading it looks no word up (which cost tens of
    microseconds a new word, a few hundred times a document at 1M claims)."""
    import geo.stories as stories_module

    text = "The Arakan Army said about 300 soldiers surrendered near Maungdaw."
    found = signature(facts(text, places=(("Maungdaw", "city"),), numbers=((300, True, "soldiers"),)))
    assert found.actors == {"arakan army"}
    stored = found.dumps()

    def weighed(_word):
        raise AssertionError("a stored signature's word weighed anew")

    monkeypatch.setattr(stories_module, "_stem_weight", weighed)
    monkeypatch.setattr(stories_module, "_name_weight", weighed)
    back = Signature.loads(stored)
    assert back == found and back.weights == found.weights and back.norm == pytest.approx(found.norm)


def _unweighed_form(found: Signature) -> str:
    """A signature as stores before its weights were kept wrote it (words as one string)."""
    tail = [sorted(found.context), sorted(found.regions), sorted(found.actors), sorted(found.aliases)]
    while tail and not tail[-1]:
        tail.pop()
    return json.dumps(
        [sorted(found.places), sorted(found.countries), found.first_day, found.last_day, int(found.dated),
         [list(n) for n in found.numbers], " ".join(sorted(found.words)), int(found.denial), found.state or "",
         found.origin, " ".join(sorted(found.denied)), *tail], separators=(",", ":"), ensure_ascii=False
    )  # fmt: skip


def test_both_databases_read_an_older_stores_figures_and_takings_anew_once(store, pipeline):
    """A store whose signatures were worked out before the fourth round's rules (a toll put at a
    figure, hostages or weapons taken, "dozens of" a kind) holds, once migrated, the signatures and
    index rows ingest writes now."""

    from geo.migrations import story_figures_and_takings_read_anew

    text = ("The rights group put the death toll from Monday's attack on Kayes at 12. "
            "The fighters had seized weapons and vehicles from the base in Kayes on Monday. "
            "The army killed dozens of attackers in Kayes on Monday.")  # fmt: skip
    store.add(pipeline.extract(make_document(text, {"outlet": "A", "published": "2025-07-02"}, "a.txt")))
    kept, signatures = _index_rows(store), _stored_signatures(store)
    older = {claim: replace(found, numbers=(), words=found.words - {"plunder"} | {"take"}, state=None)
             for claim, found in signatures.items()}  # fmt: skip
    assert older != signatures
    _store_as_before(store, older, story_figures_and_takings_read_anew)
    _assert_migrated(store, signatures, kept)


def test_a_figure_counts_the_dead_where_its_own_verb_says_so():
    """ "freeing 346 hostages and killing all 33 militants": the hostages are no count of hostages killed,
    which another figure may give ("21 hostages had been killed"); the same count said freed agrees."""
    freed = signature(facts("The army said it had ended the siege, freeing 346 hostages and killing all 33 militants.",
                            numbers=((346, False, "hostages"), (33, False, "militants"))))  # fmt: skip
    killed = signature(facts("The army said 21 hostages had been killed by the attackers.",
                             numbers=((21, False, "hostages"),)))  # fmt: skip
    rescued = signature(facts("About 346 hostages were rescued by the army.", numbers=((346, True, "hostages"),)))
    assert (346, False, "hostag") in freed.numbers and (33, False, "militant:kill") in freed.numbers
    assert killed.numbers == ((21, False, "hostag:kill"),)
    assert not contests(freed, killed)
    assert _numbers(freed, rescued) == "agree"
    other_toll = signature(
        facts("The separatists said they had killed 214 hostages.", numbers=((214, False, "hostages"),))
    )
    assert contests(killed, other_toll)  # the hostages killed, counted twice


def test_a_sentence_setting_anothers_figure_against_its_own_states_its_own():
    own = signature(facts("The ombudsman's office said 40 people had been killed in Kursk, while the regional "
                          "government's toll stood at 80.", numbers=((40, False, "people"),)))  # fmt: skip
    theirs = signature(facts("At least 80 people have been killed in Kursk.", numbers=((80, False, "people"),)))
    same = signature(facts("The ombudsman put the death toll in Kursk at 40."))
    assert [n[0] for n in own.numbers] == [40]
    assert contests(own, theirs) and similar(own, theirs) < LINK_THRESHOLD
    assert _numbers(own, same) == "agree"
    both = signature(facts("Forty people were killed and 80 were wounded in Kursk, while the army said little.",
                           numbers=((40, False, "people"), (80, False, None))))  # fmt: skip
    assert len(both.numbers) == 2  # two kinds: each stated


def test_both_databases_read_an_older_stores_own_figures_anew_once(store, pipeline):
    from geo.migrations import story_own_figures_read_anew

    text = ("The army said 21 hostages had been killed in the Bolan Pass on Tuesday. The ombudsman said 40 people "
            "had been killed in Catatumbo on Monday, while the governor's toll stood at 80.")  # fmt: skip
    store.add(pipeline.extract(make_document(text, {"outlet": "A", "published": "2025-03-12"}, "a.txt")))
    kept, signatures = _index_rows(store), _stored_signatures(store)
    older = {}  # as read before: the hostages of no outcome, the other's figure the sentence's too
    for claim, found in signatures.items():
        if "hostag:kill" in {kind for _, _, kind in found.numbers}:
            older[claim] = replace(found, numbers=tuple((v, a, "hostag") for v, a, _ in found.numbers))
        else:
            older[claim] = replace(found, numbers=(*found.numbers, (80, False, "person:kill")))
    assert all(older[claim] != found for claim, found in signatures.items())
    _store_as_before(store, older, story_own_figures_read_anew)
    _assert_migrated(store, signatures, kept)


def test_before_any_place_the_names_a_claim_missed_stand_for_the_place_of_those_after_it(pipeline):
    """ "the town of Nasir in South Sudan's Upper Nile state" is drawn as the state's area, labelled "Nasir
    (Upper Nile)"; a copy that says only "Nasir" (a name the gazetteer knows only in Turkey) meets it, and
    "Twenty-seven troops died in the fighting" after it meets "27 soldiers were killed in the attack"."""
    from geo.stories import document_signatures

    def signatures(text, published):
        extraction = pipeline.extract(make_document(text, {"outlet": "X", "published": published}, "x.txt"))
        return document_signatures(extraction.claims, extraction.document)

    described, toll = signatures(
        "Fighters of the White Army overran an army garrison in the town of Nasir in South Sudan's Upper Nile "
        "state on Tuesday, the information minister said. He said 27 soldiers were killed in the attack.",
        "2025-03-05",
    )
    seized, died = signatures(
        "The White Army seized the military base in Nasir on Tuesday, the information minister said. "
        "Twenty-seven troops died in the fighting, the minister said.",
        "2025-03-05",
    )
    assert "nasir" in described.places and not seized.places and "nasir" in seized.words
    assert similar(described, seized) >= LINK_THRESHOLD
    # Before any place, the name the geoparser missed stands for the place of the claims after it.
    assert "nasir" in died.context and "nasir" in toll.context
    assert set(died.probe_keys()) & set(toll.index_keys())
    assert similar(died, toll) >= LINK_THRESHOLD


def test_both_databases_count_an_older_stores_described_people_once(store, pipeline):
    from geo.migrations import story_people_described_and_spokesmen_counted
    from geo.schema import claim_stories
    from geo.store import Store

    reports = (("A", "Gunmen stormed the town of Kayes on Monday, residents said."),
               ("B", "Gunmen stormed Kayes on Monday, a local official said."),
               ("C", "Gunmen stormed the town of Kayes on Monday, three residents told Reuters."),
               ("D", "Gunmen stormed the town of Kayes on Monday, army spokesman Souleymane Dembele said."),
               ("E", "The Malian army said gunmen had stormed the town of Kayes on Monday."))  # fmt: skip
    for outlet, text in reports:
        store.add(pipeline.extract(make_document(text, {"outlet": outlet, "published": "2025-03-12"}, f"{outlet}.txt")))
    kept, signatures = _index_rows(store), _stored_signatures(store)
    assert len({found.origin for found in signatures.values()}) == 4
    assert list(store.story_rows()["independent"].values()) == [3]
    # As keyed before: the people described no source, the spokesman himself, the army as it is.
    before = {"~resident": "", "~local official": "", "dembele souleymane|army": "dembele souleymane"}
    older = {claim: with_origin(found, before.get(found.origin, found.origin)) for claim, found in signatures.items()}
    _store_as_before(store, older, story_people_described_and_spokesmen_counted)
    with store.engine.begin() as conn:  # the origins the story counted before
        for claim, found in older.items():
            conn.execute(claim_stories.update().where(claim_stories.c.claim_id == claim).values(origin=found.origin))
    assert list(store.story_rows()["independent"].values()) == [2]
    _assert_migrated(store, signatures, kept)
    reopened = Store(store.engine.url.render_as_string(hide_password=False))
    assert list(reopened.story_rows()["independent"].values()) == [3]
    reopened.engine.dispose()


def test_an_army_under_another_name_is_one_origin():
    """ "a statement from the Malian armed forces", "Mali's military" and "the Malian army" are one body;
    a body of the army ("military intelligence") and another country's army are not."""
    army = origin_of([("Malian army", "military", "the Malian army")])
    assert origin_of([("statement from the Malian armed forces", "military", "x")]) == army
    assert origin_of([("Mali's military", "military", "x")]) == army
    assert not same_origin(origin_of([("military intelligence", "military", "Military intelligence")]), army)
    assert not same_origin(origin_of([("Pakistani military", "military", "x")]), army)


def test_both_databases_key_an_older_stores_army_origins_again_once(store, pipeline):
    """An older store counted "a statement from the Malian armed forces" and "Mali's army" as two
    sources of one story: once migrated, its signatures and the origins its stories count are those
    ingest writes now."""
    import sqlalchemy as sa

    from geo.migrations import STEPS, story_origins_of_armies_keyed_again
    from geo.schema import claim_stories, store_state
    from geo.store import Store

    texts = [("Mali's army said it had killed 80 fighters in Kayes on Tuesday.", "A"),
             ("Some 80 militants were killed in Kayes on Tuesday, according to a statement from the Malian armed "
              "forces.", "B")]  # fmt: skip
    for text, outlet in texts:
        store.add(pipeline.extract(make_document(text, {"outlet": outlet, "published": "2025-07-02"}, f"{outlet}.txt")))
    now = _stored_origins(store)
    assert len({story for story, _, _ in now.values()}) == 1 and len({origin for _, origin, _ in now.values()}) == 1
    with store.engine.begin() as conn:
        for claim, (_, _, found) in now.items():
            old = "armed forces from ml statement" if found.origin == "army ml" and claim == max(now) else found.origin
            values = {"signature": replace(found, origin=old).dumps(), "origin": old}
            conn.execute(claim_stories.update().where(claim_stories.c.claim_id == claim).values(**values))
        conn.execute(store_state.update().values(schema_version=STEPS.index(story_origins_of_armies_keyed_again)))
    assert _stored_origins(store) != now
    reopened = Store(store.engine.url.render_as_string(hide_password=False))
    assert _stored_origins(reopened) == now
    with reopened.engine.connect() as conn:
        assert conn.execute(sa.select(store_state.c.schema_version)).scalar() == len(STEPS)
    reopened.engine.dispose()


def _stored_origins(store) -> dict[int, tuple[int, str, Signature]]:
    import sqlalchemy as sa

    from geo.schema import claim_stories

    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(claim_stories.c.claim_id, claim_stories.c.story_id, claim_stories.c.origin,
                                      claim_stories.c.signature)).all()  # fmt: skip
    return {claim: (story, origin, Signature.loads(text)) for claim, story, origin, text in rows}


def _store_as_before(store, older: dict[int, Signature], step) -> None:
    """Write ``older`` signatures and their index rows, and the schema version of a store made before
    the migration ``step``, as such a store holds them."""
    from geo.migrations import STEPS
    from geo.schema import claim_stories, store_state, story_index
    from geo.store import index_stories

    with store.engine.begin() as conn:
        conn.execute(story_index.delete())
        for claim, found in older.items():
            conn.execute(
                claim_stories.update().where(claim_stories.c.claim_id == claim).values(signature=found.dumps())
            )
            index_stories(conn, [(claim, found)])
        conn.execute(store_state.update().values(schema_version=STEPS.index(step)))


def _assert_migrated(store, signatures: dict[int, Signature], kept) -> None:
    """Opened again, the store holds the signatures and index rows ingest writes now, at the latest version."""
    import sqlalchemy as sa

    from geo.migrations import LATEST
    from geo.schema import store_state
    from geo.store import Store

    reopened = Store(store.engine.url.render_as_string(hide_password=False))
    assert (_stored_signatures(reopened), _index_rows(reopened)) == (signatures, kept)
    with reopened.engine.connect() as conn:
        assert conn.execute(sa.select(store_state.c.schema_version)).scalar() == LATEST
    reopened.engine.dispose()


def _stored_signatures(store) -> dict[int, Signature]:
    import sqlalchemy as sa

    from geo.schema import claim_stories

    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(claim_stories.c.claim_id, claim_stories.c.signature)).all()
    return {claim: Signature.loads(text) for claim, text in rows}


def test_a_write_that_fails_keeps_none_of_its_claims_rows(tmp_path, pipeline, monkeypatch):
    """SQLite gives a rolled-back write's claim ids again: what it linked must not be kept for them."""
    import geo.store as store_module
    from geo.store import Store

    store = Store(f"sqlite:///{tmp_path / 'claims.db'}")
    first, second, third = _goma_extractions(pipeline)
    store.add(first)
    kept = len(store._known)
    assert kept >= len(first.claims)  # its own rows, once committed

    def crash(conn, document_ids):
        raise RuntimeError("the process died before the commit")

    monkeypatch.setattr(store_module, "_record_change", crash)
    with pytest.raises(RuntimeError):
        store.add(second)
    assert len(store._known) == kept  # it read the first document's rows, known already, and kept none of its own
    monkeypatch.undo()
    store.add(third)
    store.add(second)
    cluster = {line["document"]: line["cluster"] for line in store.claim_lines()}
    assert cluster["Outlet A.txt"] == cluster["Outlet B.txt"] != cluster["Outlet C.txt"]


def test_a_placeless_claims_candidates_weighed_at_once_are_those_weighed_one_by_one():
    from geo.stories import PLACELESS_FLOOR, Candidate, _may_meet, _placeless_near, _shared_weight

    texts = [
        "About 2,000 soldiers arrived in the Kursk region.",
        "Roughly 2,000 troops have reached the region.",
        "Soldiers arrived.",
        "About 2,000 civilians fled the region.",
        "The bridge was shelled overnight.",
    ]
    stored = [signature(facts(text)) for text in texts] + [signature(facts(texts[1], places=(), day=20060))]
    candidates = [Candidate(claim, 1, s, "") for claim, s in enumerate(stored, start=1)]
    new = [signature(facts(text, places=())) for text in texts[1:]] + [signature(facts("", places=()))]
    near = _placeless_near(new, candidates)
    for i, claim in enumerate(new):
        floor = PLACELESS_FLOOR * claim.norm
        one_by_one = [c for c in reversed(candidates) if _may_meet(claim, c.signature)
                      and _shared_weight(claim, c.signature) >= floor * c.signature.norm]  # fmt: skip
        assert near[i] == one_by_one
    assert near[0] and not near[len(new) - 1]


KASSALA = (("Kassala", "admin1"),)


def _stored_and_new():
    """Stored claims of several days and wordings (some word for word alike), and a document's claims
    that name a place or none."""
    texts = [
        "About 2,000 soldiers arrived in the Kassala region.",
        "Roughly 2,000 troops have reached the region.",
        "About 2,000 soldiers arrived in the Kassala region.",
        "About 5,000 soldiers arrived in the Kassala region.",
        "The bridge was shelled overnight.",
        "The ministry denied that soldiers arrived in the region.",
    ]
    numbers = {0: ((2000, True, "soldiers"),), 1: ((2000, True, "troops"),), 2: ((2000, True, "soldiers"),),
               3: ((5000, True, "soldiers"),)}  # fmt: skip
    stored = [signature(facts(text, places=KASSALA, day=day, numbers=numbers.get(n, ())))
              for day in (20031, 20033, 20045, 20060) for n, text in enumerate(texts)]  # fmt: skip
    stored += [signature(facts(texts[1], places=(), day=20031, numbers=numbers[1]))]
    new = [signature(facts(texts[0], places=KASSALA, numbers=numbers[0])),
           signature(facts(texts[1], places=(), numbers=numbers[1])),
           signature(facts(texts[3], places=KASSALA, day=20060, numbers=numbers[3])),
           signature(facts(texts[5], places=()))]  # fmt: skip
    return stored, new


def _candidates(stored, new_origin):
    """Newest first, as the index gives them, in four stories; the origin of those of one week names
    the new claims' source in more words: one body."""
    newest_first = reversed(list(enumerate(stored, start=1)))
    return [Candidate(claim, 100 + claim % 4, s, f"{new_origin} press" if s.first_day == 20045 else "",
                      frozenset(s.index_keys())) for claim, s in newest_first]  # fmt: skip


def test_a_claim_joins_the_story_of_its_best_match_of_equal_scores_the_oldest_however_weighed():
    stored, new = _stored_and_new()
    candidates = _candidates(stored, new[0].origin)
    linked = link(new, candidates)
    for i, claim in enumerate(new):  # every candidate weighed, newest first, as linking always did
        best, best_score = None, 0.40
        for candidate in candidates:
            score = similar(claim, candidate.signature)
            if score >= best_score:
                best, best_score = candidate, score
        assert linked.stories[i] == (best.story if best else None), i
    assert linked.stories[0] is not None and linked.stories[1] is not None


@pytest.mark.parametrize(
    "text",
    ["The front reached a standstill.", "Rainfall remains heavy, officials didn’t say.", "Neither side seized it.", ""],
)
def test_one_pass_finds_every_needle_group_a_text_holds(text):
    # a needle inside a longer one found at the same place ("stands" in "standstill"; "still" starts later)
    from geo.stories import _NEEDLE_GROUPS, _needle_groups
    from geo.text import holds, needle_text

    lowered = needle_text(text)
    assert set(_needle_groups(lowered)) == {group for group in _NEEDLE_GROUPS if holds(lowered, group)}

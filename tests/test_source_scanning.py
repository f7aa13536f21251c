"""Who speaks, found with less work: the same abbreviations and tokens as the plain searches give."""

import pytest

from geo.sources import _ABBREVIATION, _TOKEN, _abbreviations, tokenised, tokens_between


def test_abbreviations_are_found_from_each_bracket_as_from_every_word():
    text = (
        "The Rapid Support Forces (RSF) and, later, the Nile Vanguard Front (NVF said (AU) the African Union "
        "(AU), Forces of the North\n(FN) (A-B) Mission (UN (UNMISS) one (x) and al-Shabaab Youth Wing (ASYW)"
    )
    found = [(m.span(), m.groups()) for m in _abbreviations(text)]
    assert found == [(m.span(), m.groups()) for m in _ABBREVIATION.finditer(text)]
    assert [groups[1] for _, groups in found] == ["RSF", "AU", "FN", "ASYW"]


@pytest.mark.parametrize(("start", "end"), [(0, 59), (3, 40), (9, 23), (13, 14), (30, 31), (21, 59), (59, 59)])
def test_a_stretch_of_a_sentence_has_the_tokens_its_own_search_finds(start, end):
    text = "The U.S.-backed council (SDC), al-Sharq's co-chair said: no."
    expected = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text, start, end)]
    assert tokens_between(text, start, end, tokenised(text)) == expected


def test_the_tokens_of_a_sentence_up_to_its_last_verb_serve_every_stretch_before_it():
    # tokens cut short where those found end (".-x", "'s", "U.S.-"), for every stretch and every end
    text = "U.S.-backed al-Sharq's co.-x (SDC), a'b --c; d"
    for cut in range(len(text) + 1):
        read = tokenised(text, cut)
        for start in range(cut + 1):
            for end in range(start, cut + 1):
                expected = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text, start, end)]
                assert tokens_between(text, start, end, read) == expected, (cut, start, end)


@pytest.mark.parametrize(
    "text",
    [
        "The agency said, CITING two officials, that the town fell.",
        "Officials, who quoted the governor, said it was calm.",
        "The governor, quoted by state media, said the town was calm.",
        "In a statement BROADCAST by state television, the army said it held the bridge.",
        "Remarks aired by the channel on Monday said so.",
        "The group reported, based on satellite imagery, that the depot burned.",
        "Analysts, drawing on drone footage, said the bridge was hit on Friday.",
    ],
)
def test_a_chain_pattern_is_tried_wherever_it_matches(text):
    from geo.sources import _CHAIN_NEEDLES
    from geo.text import holds, needle_text

    matched = [pattern for pattern in _CHAIN_NEEDLES if pattern.search(text)]
    assert matched
    assert all(holds(needle_text(text), _CHAIN_NEEDLES[pattern]) for pattern in matched)

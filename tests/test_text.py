import re

from geo.text import (
    finditer_lowered,
    fold,
    has_words,
    holds,
    lowered_twin,
    needle_text,
    phrase_alternation,
    split_sentences,
    tokenise,
    word_count,
    words,
)


def test_sentences_keep_exact_offsets():
    text = "  Mr. Smith went to Kyiv. He said so!\nNew line here? Yes.  "
    for span in split_sentences(text):
        assert text[span.start : span.end] == span.text
    assert [s.text for s in split_sentences(text)] == [
        "Mr. Smith went to Kyiv.",
        "He said so!",
        "New line here?",
        "Yes.",
    ]


def test_abbreviations_and_initials_do_not_end_sentences():
    text = "The U.S. envoy met Gen. Syrskyi in Kyiv on Oct. 5. J. R. Smith agreed."
    assert [s.text for s in split_sentences(text)] == [
        "The U.S. envoy met Gen. Syrskyi in Kyiv on Oct. 5.",
        "J. R. Smith agreed.",
    ]


def test_closing_quote_stays_with_its_sentence():
    text = "He called it “the first step.” Then he left."
    assert [s.text for s in split_sentences(text)] == ["He called it “the first step.”", "Then he left."]


def test_words_split_possessives_and_hyphens():
    assert [w.text for w in words("Russia’s Ivano-Frankivsk")] == ["Russia", "s", "Ivano", "Frankivsk"]


def test_fold_drops_accents_case_and_punctuation():
    assert fold("Donets'k") == "donets k"
    assert fold("Zaporizhzhia") == fold("ZAPORIZHZHIA")
    assert fold("Bogotá") == "bogota"


def test_tokens_are_the_words_with_their_gaps_case_and_folded_forms():
    text = "  Russia’s 12 drones hit Ivano-Frankivsk, São Paulo²… DPRK_units."
    tokens = tokenise(text)
    assert [(w.text, w.start, w.end) for w in words(text)] == list(
        zip(tokens.words, tokens.starts, tokens.ends, strict=True)
    )
    assert tokens.words[:3] == ["Russia", "s", "drones"]
    assert tokens.gaps[:2] == ["’", " 12 "]  # what follows each word, up to the next
    assert tokens.gaps[-1] == "."
    assert tokens.capitalised[:4] == [True, False, False, False]
    assert tokens.folded[tokens.words.index("São")] == "sao"
    assert len(tokens) == len(words(text))


def test_folded_words_are_folded_alike_in_an_ascii_text_and_in_another():
    # an ASCII text's words are folded by lowering them, another's by fold itself: the same forms
    for text in ("Fighting near DONETSK and Ivano-Frankivsk, the Governor said.", "Fighting near Sévérodonetsk…"):
        tokens = tokenise(text)
        assert tokens.folded == [fold(w) for w in tokens.words]
        assert tokens.folded is not tokens.lowered
    assert tokenise("DONETSK and Kyiv").folded == ["donetsk", "and", "kyiv"]


def test_a_text_without_words_has_no_tokens():
    tokens = tokenise("12 — 34")
    assert len(tokens) == 0 and tokens.gaps == []


def test_words_are_the_same_whichever_letters_the_text_holds():
    from geo.text import _WORD

    for text in ("Kyiv’s “front” — 2 km", "Zaporizhzhia, Dnipró and ½ of it", "x2y_z Straße İzmir"):
        assert tokenise(text).words == _WORD.findall(text)


def test_has_words_agrees_with_word_count():
    for text in ["", "Two words", "Police said on Friday", "A 12-year-old, 3 km, “quoted”", "Résumé d’un été"]:
        for count in range(6):
            assert has_words(text, count) == (word_count(text) >= count), (text, count)


def test_needles_are_looked_for_in_lower_case():
    assert holds(needle_text("The Army DENIED it"), ("denied",))
    assert not holds(needle_text("The army said so"), ("denied", "never"))


def test_a_letter_a_case_blind_pattern_reads_as_ascii_disables_the_needles():
    # "DİSMİSSED" matches a case-blind "dismissed"; its lower case does not hold the needle
    assert re.search("dismissed", "DİSMİSSED", re.IGNORECASE)
    assert holds(needle_text("DİSMİSSED"), ("dismissed",))


def test_a_phrase_tree_matches_as_the_alternation_longest_first():
    phrases = ["believe", "believed", "it is believed", "be", "Belief", "said", "says", "ID cards", "IDs"]
    plain = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    text = "It is believed, IDS and id cards; he believes; said, saying, BE BELIEFS belief."
    for flags in (0, re.IGNORECASE):
        tree = phrase_alternation(phrases, bool(flags))
        assert tree != plain
        spans = [m.span() for m in re.finditer(rf"(?<!\w)(?:{tree})(?!\w)", text, flags)]
        assert spans == [m.span() for m in re.finditer(rf"(?<!\w)(?:{plain})(?!\w)", text, flags)]
        assert spans  # not a test of nothing


def _found(matches) -> list:
    return [(m.span(), m.groups()) for m in matches]


def test_a_case_blind_pattern_finds_in_the_lowered_text_what_it_finds_in_the_text():
    pattern = re.compile(r"\b(?P<month>march|may)\s+(?P<day>\d+)(?![\w’'])", re.IGNORECASE)
    text = "On MARCH 3 and May 14, but not mayday 2; in Maÿ 5, KELVIN \u212a, ’may 7’ and march 9."
    assert lowered_twin(pattern) is not None
    found = _found(finditer_lowered(pattern, text, needle_text(text), 3, len(text) - 1))
    assert found == _found(pattern.finditer(text, 3, len(text) - 1))
    assert [groups[0] for _, groups in found] == ["MARCH", "May", "march"]  # as written, not lowered


def test_a_pattern_a_lowered_text_could_read_otherwise_has_no_twin():
    assert lowered_twin(re.compile("[A-Z]+ said", re.IGNORECASE)) is None  # a capital in the pattern
    assert lowered_twin(re.compile("said", 0)) is None  # case matters: no case-blind pattern
    assert lowered_twin(re.compile("café", re.IGNORECASE)) is None  # a letter beyond ASCII
    text = "DİSMİSSED"  # no needle text: the pattern itself is searched
    pattern = re.compile("dismissed", re.IGNORECASE)
    assert _found(finditer_lowered(pattern, text, needle_text(text))) == [((0, 9), ())]

from geo.text import fold, split_sentences, words


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

"""Find the places a text names: exact character spans with every candidate place.

Recognition is a gazetteer lookup over runs of capitalised words, with the
guards that keep it honest on news text:

- a name inside a longer capitalised name is not a place ("Un" in "Kim Jong Un",
  "Washington" in "the Washington Post", "US" in "US House Intelligence Committee");
- a surname the document uses for a person is not a place ("Mr Lincoln");
- demonyms are not places ("North Korean troops"), unless they build one
  ("the Ukrainian-Russian border");
- misspellings ("Zaporizhia") are matched only where the context says a place
  is meant (after "in", "at", "near"… or next to another place);
- a name only towns and villages bear needs support: a locative word before it
  ("in Krynky", "the village of Krynky") or, unless it is an everyday word
  ("War", "Hope"), its country named in the document; a name that is also a
  lower-case English word ("Coast", "Western") needs the locative word, and so
  does a compass word alone ("Western intelligence", "Central command").

It also recognises the phrases that make areas out of names: "the X area",
"around X", "eastern X", "the X-Y border".
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein
from wordfreq import zipf_frequency

from geo.country_cues import countries_by_vocabulary
from geo.gazetteer import DATA_DIR, MAJOR_CITY_POPULATION, Gazetteer, is_everyday_word, small_place
from geo.models import NameSpan, PlaceMention
from geo.text import Span, fold, overlaps, words

MAX_NAME_WORDS = 6
FUZZY_MIN_LENGTH = 6
FUZZY_MIN_SIMILARITY = 0.84
# wordfreq's Zipf scale: 3 is once per million words ("kherson" 2.1, "hamas" 3.6, "spring" 5.0).
MISSPELLING_MAX_ZIPF = 3.0
EVERYDAY_WORD_ZIPF = 4.3
CALENDAR_WORDS = frozenset([m.lower() for m in calendar.month_name if m] + [d.lower() for d in calendar.day_name])

# Lower-case words allowed inside a multi-word name ("Rostov-on-Don", "Bosnia and Herzegovina").
NAME_CONNECTORS = frozenset(
    [
        "of",
        "the",
        "on",
        "upon",
        "de",
        "del",
        "la",
        "le",
        "al",
        "el",
        "and",
        "du",
        "am",
        "an",
        "sur",
        "da",
        "do",
        "dos",
        "das",
    ]
)
# Arabic articles written lower case and hyphened to the next word inside a name: "Deir ez-Zor",
# "Jisr ash-Shughur", "Ras al-Ain". Only before a hyphen: alone, "as", "at" and "an" are English.
HYPHENED_ARTICLES = frozenset(["al", "el", "ad", "ar", "as", "ash", "at", "az", "ez", "es", "ed", "en", "er", "et"])
# Capitalised words that start sentences or titles without being part of a name.
FUNCTION_WORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "in",
        "at",
        "on",
        "from",
        "to",
        "of",
        "and",
        "or",
        "for",
        "by",
        "with",
        "according",
        "since",
        "after",
        "before",
        "near",
        "around",
        "as",
        "while",
        "but",
        "if",
        "when",
        "where",
        "across",
        "into",
        "over",
        "under",
        "outside",
        "inside",
        "through",
        "throughout",
        "between",
        "within",
        "without",
        "during",
        "aside",
        "both",
        "meanwhile",
        "also",
        "then",
        "however",
        "although",
        "though",
        "despite",
        "unlike",
        "like",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "his",
        "her",
        "their",
        "our",
        "we",
        "they",
        "he",
        "she",
        "i",
        "some",
        "many",
        "most",
        "all",
        "several",
    ]
)
LOCATIVE_WORDS = frozenset(
    [
        "in",
        "at",
        "near",
        "around",
        "from",
        "to",
        "outside",
        "towards",
        "toward",
        "into",
        "across",
        "via",
        "inside",
        "between",
        "through",
    ]
)
SURNAME_LOCATIVES = LOCATIVE_WORDS - {"to", "from", "at", "between"}
DESIGNATORS = frozenset(
    [
        "oblast",
        "krai",
        "kray",
        "region",
        "province",
        "republic",
        "governorate",
        "district",
        "city",
        "islands",
        "island",
        "peninsula",
        "river",
        "sea",
        "strait",
        "lake",
    ]
)
DIRECTIONS = {
    "east": "east", "west": "west", "north": "north", "south": "south",
    "eastern": "east", "western": "west", "northern": "north", "southern": "south",
    "central": "centre", "northeastern": "northeast", "north-eastern": "northeast",
    "northwestern": "northwest", "north-western": "northwest", "southeastern": "southeast",
    "south-eastern": "southeast", "southwestern": "southwest", "south-western": "southwest",
    "northeast": "northeast", "northwest": "northwest", "southeast": "southeast", "southwest": "southwest",
    "north-east": "northeast", "north-west": "northwest", "south-east": "southeast", "south-west": "southwest",
}  # fmt: skip
# Capitalised words before a name that qualify the place rather than start another name:
# "Metro Atlanta", "Greater Manchester" (where the gazetteer lacks it), "Historic Dublin".
PLACE_MODIFIERS = frozenset(["metro", "greater", "historic", "downtown", "suburban", "rural", "coastal", "war-torn"])
INSTITUTION_REACH = 4  # capitalised words after a name read for an institution word

_AREA_AFTER = re.compile(r"\s+(?:area|areas|vicinity|outskirts|environs)\b", re.IGNORECASE)
_AREA_BEFORE = re.compile(
    r"\b(?:around|near|nearby|outside|close to|(?:on )?the outskirts of|in the vicinity of)"
    r"\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_DIRECTION_BEFORE = re.compile(r"\b(" + "|".join(DIRECTIONS) + r")\s+$", re.IGNORECASE)
# Each word starts where no word goes on: a search then starts once per word, not once per letter
# of a long one (linear, where "AAAA…" used to take seconds).
_CAPITALISED_WORDS = r"(?<![\w’'.])[A-Z][\w’'.]*(?:\s+[A-Z][\w’'.]*){0,2}"
_BORDER = re.compile(
    rf"(?P<a>{_CAPITALISED_WORDS})\s*[-–—/]\s*(?P<b>{_CAPITALISED_WORDS})\s+(?:border|frontier)\b"
    rf"|\bborder\s+between\s+(?:the\s+)?(?P<c>{_CAPITALISED_WORDS})\s+and\s+(?:the\s+)?(?P<d>{_CAPITALISED_WORDS})"
)
_DATELINE_AFTER = re.compile(r"\s*(?:,|—|–|-{1,2}\s|\(|:\s)")
# After a sentence rather than a line (a headline run into the text): "… pig. CHARLESTON, W.Va. -- Jim…"
# A byline's date run into the dateline: "Advocate Reporter March 30, 2009 NEWARK -- After…"
_BYLINE_DATE_BEFORE = re.compile(r"\b(?:19|20)\d\d\s+$")
_DATELINE_TAIL = re.compile(r"(?:,(?:\s*[A-Z][A-Za-z.]*){0,3})?\s*(?:\([A-Za-z ]+\)\s*)?(?:—|–|-{1,2}|:)\s")
_ABBREVIATION_ANYWHERE = re.compile(r"(?<![\w.])((?:[A-Z][a-z]{0,4}\.){1,3})(?=[\s,;:—–)-]|$)")
_ABBREVIATION_AFTER = re.compile(r",\s*((?:[A-Z][a-z]{0,4}\.){1,3})(?=[\s,;:—–-]|$)")
# "the village of X", "residents of X", and a person's age then "of X": "Jane Doe, 30, of X".
_SETTLEMENT_BEFORE = re.compile(
    r"(?:\b(?:village|town|city|settlement|hamlet|township|outskirts|resident|native)s?|,\s*\d{1,3},)\s+of\s+$",
    re.IGNORECASE,
)
_JOINING_GAP = re.compile(r"^(?:\s|[-'’.]|\.\s)$")


@dataclass(frozen=True)
class _Match:
    first: int  # index of the first word
    last: int  # index of the last word
    candidates: tuple
    fuzzy: bool = False


def find_place_mentions(text: str, gazetteer: Gazetteer) -> list[PlaceMention]:
    """Every place the text names, in text order, without overlaps."""
    tokens = words(text)
    capitals = [i for i, token in enumerate(tokens) if _capitalised(token)]  # where names can start
    borders = _border_mentions(text, gazetteer)
    taken = [(m.start, m.end) for m in borders]
    exact = [m for m in _exact_matches(text, tokens, capitals, gazetteer) if not overlaps(_span(m, tokens), taken)]
    surnames = _person_surnames(text, tokens, capitals, gazetteer)
    names = [m for m in exact if _plausible(m, text, tokens, surnames, gazetteer.everyday_words)]
    countries = _countries_named(text, tokens, capitals, names, gazetteer) | set(countries_by_vocabulary(text))
    place_words = {m.first for m in names} | {m.last for m in names}
    names = [m for m in names if _supported(m, text, tokens, gazetteer, countries, place_words)]
    names += _fuzzy_matches(text, tokens, capitals, gazetteer, names, surnames, taken)
    names += _listed_under_plural_designator(text, tokens, gazetteer, names, taken)
    mentions = borders + [_shape_mention(text, tokens, m) for m in names]
    mentions = _with_abbreviated_regions(text, mentions, gazetteer)
    return sorted(mentions, key=lambda m: m.start)


def _with_abbreviated_regions(text: str, mentions: list[PlaceMention], gazetteer: Gazetteer) -> list[PlaceMention]:
    """ "Birmingham, Ala.", "London, Ont.": a state or province abbreviated after a place; and
    anywhere, one that no word could be taken for ("Tenn.", "Calif.", "N.Y."), not "Pa." or "Miss."."""
    found = []
    taken = [(m.start, m.end) for m in mentions]
    spans = [after.span(1) for m in mentions if (after := _ABBREVIATION_AFTER.match(text, m.end))]
    spans += [a.span(1) for a in _ABBREVIATION_ANYWHERE.finditer(text) if _unmistakable(a.group(1), gazetteer)]
    for start, end in sorted(set(spans)):
        key = gazetteer.region_abbreviations.get(text[start:end])
        if key and (start, end - 1) in taken:
            # "Topeka, Kan.": the abbreviation, not a town called Kan matched without its full stop
            taken.remove((start, end - 1))
            mentions = [m for m in mentions if (m.start, m.end) != (start, end - 1)]
        if key and not overlaps((start, end), taken):
            taken.append((start, end))
            name = NameSpan(text[start:end], start, end, (gazetteer.entry(key),))
            found.append(PlaceMention(name.text, start, end, "name", (name,)))
    return mentions + found


def _unmistakable(abbreviation: str, gazetteer: Gazetteer) -> bool:
    """Two parts ("N.Y.", "W.Va.") or three letters and more ("Tenn."), and not a word ("Miss.", "Wash.")."""
    letters = abbreviation.replace(".", "")
    if abbreviation.count(".") >= 2:
        return True
    return len(letters) >= 3 and not is_everyday_word(letters.casefold(), gazetteer.everyday_words)


# --- names in a list closed by a plural designator ------------------------------------------
# "Cooke, Grayson and Love counties", "the Idlib and Hama provinces": each name in the list is one
# of that kind, so it is a place even where alone it would be too small or too common a word to be.
# Not "states": "the Gulf states", "the Baltic states" are groups of countries.
PLURAL_DESIGNATOR_KINDS = {
    "counties": "admin2", "parishes": "admin2", "regions": "admin1", "provinces": "admin1",
    "oblasts": "admin1", "governorates": "admin1", "prefectures": "admin1",
}  # fmt: skip
COUNTY_WORDS = ("county", "parish", "borough")
_LIST_GAP = re.compile(r"^(?:\s+|\s*,\s*|\s*,?\s+(?:and|or|&)\s+)$")


def _listed_under_plural_designator(
    text: str, tokens: list[Span], gazetteer: Gazetteer, names: list[_Match], taken: list[tuple[int, int]]
) -> list[_Match]:
    found = []
    named = {i for m in names for i in range(m.first, m.last + 1)}
    for k, token in enumerate(tokens):
        kind = PLURAL_DESIGNATOR_KINDS.get(token.text) if k else None
        if kind is None:
            continue
        for first, last in _listed_runs(text, tokens, k):
            if any(i in named for i in range(first, last + 1)) or overlaps(
                _span(_Match(first, last, ()), tokens), taken
            ):
                continue
            candidates = _of_kind(fold(text[tokens[first].start : tokens[last].end]), kind, gazetteer)
            if candidates:
                found.append(_Match(first, last, candidates))
    return found


def _listed_runs(text: str, tokens: list[Span], designator: int) -> list[tuple[int, int]]:
    """The runs of capitalised words before ``designator`` joined by commas, "and" or "or"."""
    runs: list[tuple[int, int]] = []
    i = designator - 1
    while i >= 0 and _capitalised(tokens[i]) and _LIST_GAP.match(text[tokens[i].end : tokens[i + 1].start]):
        last = i
        while i > 0 and _capitalised(tokens[i - 1]) and text[tokens[i - 1].end : tokens[i].start] == " ":
            i -= 1
        runs.append((i, last))
        gap = text[tokens[i - 1].end : tokens[i].start] if i > 0 else ""
        if i < 2 or not _LIST_GAP.match(gap) or "," not in gap and tokens[i - 1].text not in ("and", "or"):
            break
        i -= 2 if tokens[i - 1].text in ("and", "or") else 1
    return runs


def _of_kind(folded: str, kind: str, gazetteer: Gazetteer) -> tuple:
    if kind == "admin2":
        return tuple(e for word in COUNTY_WORDS for e in gazetteer.lookup(f"{folded} {word}") if e.feature == kind)
    return tuple(e for e in gazetteer.lookup(folded) if e.feature == kind)


# --- exact names -------------------------------------------------------------------------


def _exact_matches(text: str, tokens: list[Span], capitals: list[int], gazetteer: Gazetteer) -> list[_Match]:
    matches = []
    next_free = 0
    for i in capitals:  # a name starts on a capitalised word: the others need no look
        if i < next_free:
            continue
        match = _longest_name_at(text, tokens, i, gazetteer)
        if match:
            matches.append(match)
            next_free = match.last + 1
    return matches


def _longest_name_at(text: str, tokens: list[Span], i: int, gazetteer: Gazetteer) -> _Match | None:
    most_words = min(MAX_NAME_WORDS, gazetteer.most_name_words(tokens[i].text))
    if most_words == 0:
        return None  # no name or demonym starts with this word: most capitalised words
    last = i
    while last + 1 < len(tokens) and last + 1 - i < most_words and _joined(text, tokens, last):
        last += 1
    # Up to where a name may run: every word before its last is capitalised or a connector.
    inner_ok = i
    while inner_ok < last and (_capitalised(tokens[inner_ok]) or _name_connector(text, tokens[inner_ok])):
        inner_ok += 1
    for j in range(min(last, inner_ok), i - 1, -1):
        designator = j > i and tokens[j].text.casefold() in DESIGNATORS  # "the Kursk region"
        if not (_capitalised(tokens[j]) or designator):
            continue  # a name ends on a capitalised word or a designator, never on "of" or "the"
        written = text[tokens[i].start : tokens[j].end]
        folded = fold(written)
        if len(folded) < 2:
            continue  # "B" of "B.C." is not the Korean village "3 B"
        if folded in gazetteer.demonyms:
            return None
        capitals = written.isupper() and folded not in gazetteer.acronyms
        if capitals and not _dateline(text, tokens[i].start, tokens[j].end):
            continue  # "NIS" the agency is not Niš the city; "KYIV —" opening a report is Kyiv
        candidates = gazetteer.lookup(folded)
        if candidates:
            return _Match(i, j, candidates)
    return None


def _plausible(
    match: _Match, text: str, tokens: list[Span], surnames: set[str], everyday_words: frozenset[str]
) -> bool:
    """Reject names that are only part of a longer proper name, a person's surname, a month,
    or an everyday word that is capitalised because it starts a sentence ("More", "Spring")."""
    if _part_of_longer_name(match, text, tokens, everyday_words) or _names_something_else(match, text, tokens):
        return False
    written = [t.text.casefold() for t in tokens[match.first : match.last + 1]]
    if all(w in FUNCTION_WORDS or w in DESIGNATORS or w in CALENDAR_WORDS for w in written):
        return False  # "The city", "From", "May"
    if " ".join(written) in _not_place_names() and not _after_locative(tokens, match.first, text):
        return False  # "the White House said", "University of Rochester"
    if match.first != match.last:
        return True
    word = tokens[match.first]
    locative = _after_locative(tokens, match.first, text)
    # "Western intelligence", "Central command": a compass word alone names a region only after "in"…
    if written[0] in DIRECTIONS and not locative:
        return False
    # …and a person's surname only after a word of being somewhere: "led detectives to Henry", "a
    # letter from Lincoln" are the person the document named in full.
    if fold(word.text) in surnames and not (locative and _previous_word(tokens, match.first) in SURNAME_LOCATIVES):
        return False
    if _sentence_start(text, word) and _everyday_word(written[0]) and not _major(match.candidates):
        # "Reading is fun" is no town, but "Oxford City Council said" opening a sentence is Oxford's council.
        return _institution_after(tokens, match.last + 1)
    return True


def _names_something_else(match: _Match, text: str, tokens: list[Span]) -> bool:
    """ "West Nile virus", "Marburg fever", "Spanish flu": a name before one of these words is a disease's."""
    after = match.last + 1
    return after < len(tokens) and tokens[after].text.casefold() in _not_place_after()


def _everyday_word(word: str) -> bool:
    return zipf_frequency(word, "en") >= EVERYDAY_WORD_ZIPF


def _major(candidates) -> bool:
    """Countries, regions and big cities: names that keep their capital even at a sentence start."""
    return any(c.feature != "city" or c.population >= MAJOR_CITY_POPULATION for c in candidates)


def _supported(
    match: _Match, text: str, tokens: list[Span], gazetteer: Gazetteer, countries: set[str], place_words: set[int]
) -> bool:
    single = match.first == match.last
    start = tokens[match.first].start
    if single and fold(tokens[match.first].text) in gazetteer.dictionary_words:
        # "in Mission" or "Sidon and Tyre", not "Mission accomplished" or "the Coast Guard"
        return bool(
            _after_locative(tokens, match.first, text)
            or _after_settlement_word(text, start)
            or _coordinated_with(tokens, match.first, place_words, text)
            or (tokens[match.first].text.isupper() and _dateline(text, start, tokens[match.first].end))  # "JUBA, May 3"
        )
    if not all(small_place(c) for c in match.candidates):
        return True
    if _after_locative(tokens, match.first, text) or _after_settlement_word(text, start):
        return True
    if single and fold(tokens[match.first].text) in gazetteer.common_words:
        return False
    return any(c.country in countries for c in match.candidates)


def _after_settlement_word(text: str, start: int) -> bool:
    """ "the town of Sake", "the village of Tegh"."""
    return _SETTLEMENT_BEFORE.search(text, max(0, start - 40), start) is not None


def _countries_named(
    text: str, tokens: list[Span], capitals: list[int], names: list[_Match], gazetteer: Gazetteer
) -> set[str]:
    """Countries the document names, directly, by a demonym or by a place only they have."""
    countries = set()
    for match in names:
        if any(not small_place(c) for c in match.candidates) and len({c.country for c in match.candidates}) == 1:
            countries.add(match.candidates[0].country)
        countries.update(c.country for c in match.candidates if c.feature == "country")
    for i in capitals:
        token = tokens[i]
        if not gazetteer.most_name_words(token.text):
            continue  # no name nor demonym starts with it
        pair = fold(text[token.start : tokens[i + 1].end]) if i + 1 < len(tokens) else ""
        for written in (fold(token.text), pair):
            if written in gazetteer.demonyms:
                countries.add(gazetteer.demonyms[written])
    return countries


def _part_of_longer_name(match: _Match, text: str, tokens: list[Span], everyday_words: frozenset[str]) -> bool:
    before = match.first - 1
    if before >= 0 and _capitalised(tokens[before]) and _joined(text, tokens, before, spaces_only=True):
        word = tokens[before].text.casefold()
        opening_word = _sentence_start(text, tokens[before]) and zipf_frequency(word, "en") >= 3.0
        # "Historic Dublin", "Distinctly Dublin": a modifier or an adverb starts no longer name.
        adverb = word.endswith("ly") and is_everyday_word(word, everyday_words)
        modifier = word in DIRECTIONS or word in PLACE_MODIFIERS or adverb
        if word not in FUNCTION_WORDS and not modifier and not opening_word:
            return True  # "Kim Jong Un", not "Neighbouring Niger" at the start of a sentence
    after = match.last + 1
    if after < len(tokens) and _capitalised(tokens[after]) and _joined(text, tokens, match.last, spaces_only=True):
        return tokens[after].text.casefold() not in DESIGNATORS and not _institution_after(tokens, after)
    return False


def _institution_after(tokens: list[Span], first: int) -> bool:
    """ "Minnesota Department of Transportation", "Dublin City Council": the name is the jurisdiction.
    Only the run of capitalised words (and connectors) right after the name is read."""
    for token in tokens[first : first + INSTITUTION_REACH]:
        if not _capitalised(token) and token.text not in NAME_CONNECTORS:
            return False
        if _capitalised(token) and token.text.casefold() in _institution_words():
            return True
    return False


def _person_surnames(text: str, tokens: list[Span], capitals: list[int], gazetteer: Gazetteer) -> set[str]:
    """Last words of runs of capitalised words that are not places: "Abraham Lincoln" → lincoln."""
    surnames: set[str] = set()
    run: list[Span] = []
    previous = -2
    for index in capitals:
        if run and previous == index - 1 and _in_person_name(text, tokens, previous):
            run.append(tokens[index])
        else:
            _add_surname(run, gazetteer, surnames)
            run = [tokens[index]]
        previous = index
    _add_surname(run, gazetteer, surnames)
    return surnames


def _in_person_name(text: str, tokens: list[Span], i: int) -> bool:
    """Whether word i+1 goes on a name with word i: "Abraham Lincoln", and "Roy A. Nelson" past an initial."""
    if _joined(text, tokens, i, spaces_only=True):
        return True
    return len(tokens[i].text) == 1 and i + 1 < len(tokens) and text[tokens[i].end : tokens[i + 1].start] == ". "


def _add_surname(run: list[Span], gazetteer: Gazetteer, surnames: set[str]) -> None:
    names = [t for t in run if t.text.casefold() not in FUNCTION_WORDS]
    if len(names) < 2 or names[-1].text.isupper():
        return
    before = names[-2].text.casefold()
    if before in DIRECTIONS:
        return  # "West Texas" is a part of a place, not a person
    if len(before) >= 3 and before not in _person_titles() and is_everyday_word(before, gazetteer.everyday_words):
        return  # "Distinctly Dublin", a calendar: no given name, so no person's name
    # "Abraham Lincoln": the pair names no place, so its last word names a person here; a country's
    # name is not taken for a surname ("Rethinking Egypt" opening a headline).
    last = fold(names[-1].text)
    if fold(f"{names[-2].text} {last}") not in gazetteer.index and not _names_country(last, gazetteer):
        surnames.add(last)


def _names_country(folded: str, gazetteer: Gazetteer) -> bool:
    return any(c.feature == "country" for c in gazetteer.lookup(folded))


# --- misspellings -------------------------------------------------------------------------


def _fuzzy_matches(
    text: str,
    tokens: list[Span],
    capitals: list[int],
    gazetteer: Gazetteer,
    exact: list[_Match],
    surnames: set[str],
    taken: list[tuple[int, int]],
) -> list[_Match]:
    matched = {i for m in exact for i in range(m.first, m.last + 1)}
    place_words = {m.first for m in exact} | {m.last for m in exact}
    found = []
    for i in capitals:  # _fuzzy_worthy wants a capitalised word
        token = tokens[i]
        if i in matched or not _fuzzy_worthy(token, text, tokens, i, surnames, gazetteer.demonyms):
            continue
        if overlaps((token.start, token.end), taken):
            continue
        next_to_place = _coordinated_with(tokens, i, place_words, text)
        if not (_after_locative(tokens, i, text) or next_to_place):
            continue
        best = _closest_name(fold(token.text), gazetteer)
        if best:
            found.append(_Match(i, i, gazetteer.lookup(best), fuzzy=True))
    return found


def _fuzzy_worthy(
    token: Span, text: str, tokens: list[Span], i: int, surnames: set[str], demonyms: dict[str, str]
) -> bool:
    if not _capitalised(token) or token.text.isupper() or len(token.text) < FUZZY_MIN_LENGTH:
        return False
    if fold(token.text) in surnames or _sentence_start(text, token):
        return False
    if fold(token.text) in demonyms:
        return False  # "Russian" is one letter from "Russia" and no place
    if zipf_frequency(token.text.casefold(), "en") >= MISSPELLING_MAX_ZIPF:
        return False  # a word English uses ("Hamas", "Baker") is not a misspelt place
    neighbours = [tokens[j] for j in (i - 1, i + 1) if 0 <= j < len(tokens)]
    return not any(
        _capitalised(n) and n.text.casefold() not in FUNCTION_WORDS and _adjacent(text, token, n) for n in neighbours
    )


def _closest_name(folded: str, gazetteer: Gazetteer) -> str | None:
    choices = [n for n in gazetteer.fuzzy_names.get(folded[0], ()) if abs(len(n) - len(folded)) <= 2]
    best = process.extractOne(
        folded, choices, scorer=DamerauLevenshtein.normalized_similarity, score_cutoff=FUZZY_MIN_SIMILARITY
    )
    return best[0] if best else None


def _coordinated_with(tokens: list[Span], i: int, place_words: set[int], text: str) -> bool:
    """ "Zaporizhia and Kherson", "Kharkiv, Sumy and Poltava"."""
    for step in (-1, 1):
        j = i + step
        if not 0 <= j < len(tokens):
            continue
        joiner = text[min(tokens[i].end, tokens[j].end) : max(tokens[i].start, tokens[j].start)]
        if joiner.strip() == "," and j in place_words:
            return True
        if tokens[j].text in ("and", "or") and j + step in place_words:
            return True
    return False


# --- areas built from names ---------------------------------------------------------------


def _shape_mention(text: str, tokens: list[Span], match: _Match) -> PlaceMention:
    start, end = tokens[match.first].start, tokens[match.last].end
    name = NameSpan(text[start:end], start, end, match.candidates, fuzzy=match.fuzzy)
    after = _AREA_AFTER.match(text, end)
    if after:  # "the Kharkiv area": the span is "Kharkiv area"
        return PlaceMention(text[start : after.end()], start, after.end(), "area", (name,))
    if _AREA_BEFORE.search(text, max(0, start - 40), start):  # "near Pokrovsk": the span is the name
        return PlaceMention(name.text, start, end, "area", (name,))
    direction = _DIRECTION_BEFORE.search(text, max(0, start - 16), start)
    if direction and any(c.feature != "city" for c in match.candidates):
        first = direction.start()
        return PlaceMention(
            text[first:end], first, end, "part", (name,), direction=DIRECTIONS[direction.group(1).lower()]
        )
    return PlaceMention(name.text, start, end, "name", (name,))


def _border_mentions(text: str, gazetteer: Gazetteer) -> list[PlaceMention]:
    mentions = []
    for found in _BORDER.finditer(text):
        groups = ("a", "b") if found.group("a") else ("c", "d")
        sides = [_border_side(text, found, g, gazetteer) for g in groups]
        if all(sides):
            start = found.start() if groups[0] == "c" else sides[0].start  # "border between…" or "X-Y border"
            end = found.end()
            mentions.append(PlaceMention(text[start:end], start, end, "border", tuple(sides)))
    return mentions


def _border_side(text: str, found: re.Match, group: str, gazetteer: Gazetteer) -> NameSpan | None:
    """The longest tail of the captured words that names a country or region."""
    start, end = found.start(group), found.end(group)
    tokens = words(text, start, end)
    for first in range(len(tokens)):
        span_start = tokens[first].start
        folded = fold(text[span_start:end])
        iso2 = gazetteer.demonyms.get(folded)
        candidates = (gazetteer.country(iso2),) if iso2 and gazetteer.country(iso2) else ()
        candidates = candidates or tuple(c for c in gazetteer.lookup(folded) if c.feature in ("country", "admin1"))
        if candidates:
            return NameSpan(text[span_start:end], span_start, end, candidates)
    return None


# --- small helpers ------------------------------------------------------------------------


def _name_connector(text: str, token: Span) -> bool:
    """A lower-case word a name can hold: "Rostov-on-Don", "Deir ez-Zor", the possessive of "People's
    Republic of China"."""
    if token.text in NAME_CONNECTORS:
        return True
    if token.text == "s":
        return token.start > 0 and text[token.start - 1] in "'’"
    return token.text in HYPHENED_ARTICLES and text[token.end : token.end + 1] == "-"


def _capitalised(token: Span) -> bool:
    return token.text[0].isupper()


def _joined(text: str, tokens: list[Span], i: int, spaces_only: bool = False) -> bool:
    """Whether word i and word i+1 are joined as parts of one name."""
    if i + 1 >= len(tokens):
        return False
    gap = text[tokens[i].end : tokens[i + 1].start]
    if spaces_only:
        return gap == " "
    return bool(_JOINING_GAP.match(gap))


def _adjacent(text: str, a: Span, b: Span) -> bool:
    first, second = (a, b) if a.start < b.start else (b, a)
    return text[first.end : second.start] in (" ", "-")


def _after_locative(tokens: list[Span], i: int, text: str) -> bool:
    j = i - 1
    if j >= 0 and tokens[j].text.casefold() == "the":
        j -= 1
    if j < 0:
        return False
    gap = text[tokens[j].end : tokens[i].start]
    return tokens[j].text.casefold() in LOCATIVE_WORDS and gap.strip() in ("", "the")


def _previous_word(tokens: list[Span], i: int) -> str:
    """The word before token i, past an article: "in" for "in the Bronx"."""
    j = i - 1
    if j >= 0 and tokens[j].text.casefold() == "the":
        j -= 1
    return tokens[j].text.casefold() if j >= 0 else ""


def _dateline(text: str, start: int, end: int) -> bool:
    """Whether a name opens a line and is followed by a comma or a dash, as in "KYIV, Nov 5 —", or
    opens a sentence as a dateline does: "CHARLESTON, W.Va. --"."""
    line_start = _line_start(text, start)
    if line_start:
        return bool(_DATELINE_AFTER.match(text, end))
    opens = _sentence_start(text, Span(text[start:end], start, end)) or _BYLINE_DATE_BEFORE.search(
        text, max(0, start - 8), start
    )
    return bool(opens) and bool(_DATELINE_TAIL.match(text, end))


def _line_start(text: str, start: int) -> bool:
    """Whether only blanks stand between the start of a line and ``start`` (looking back over the
    blanks alone: a text with no newline is not read back to its start at every word)."""
    at = start
    while at > 0:
        before = text[max(0, at - 64) : at]
        blanks = len(before) - len(before.rstrip(" \t\r\u00a0"))
        at -= blanks
        if blanks < len(before):
            break  # a longer run of blanks goes on in the window before this one
    return at == 0 or text[at - 1] == "\n"


def _sentence_start(text: str, token: Span) -> bool:
    before = text[max(0, token.start - 12) : token.start].rstrip(" \t\"“‘'(")
    return not before or before[-1] in ".!?\n"


def _span(match: _Match, tokens: list[Span]) -> tuple[int, int]:
    return tokens[match.first].start, tokens[match.last].end


@lru_cache(maxsize=1)
def _not_place_names() -> frozenset[str]:
    return _word_list(DATA_DIR / "not_place_names.txt")


@lru_cache(maxsize=1)
def _not_place_after() -> frozenset[str]:
    return _word_list(DATA_DIR / "not_place_after.txt")


@lru_cache(maxsize=1)
def _person_titles() -> frozenset[str]:
    return _word_list(DATA_DIR / "person_titles.txt")


@lru_cache(maxsize=1)
def _institution_words() -> frozenset[str]:
    return _word_list(DATA_DIR / "institution_words.txt")


def _word_list(path: Path) -> frozenset[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().casefold() for line in lines if line.strip() and not line.startswith("#"))

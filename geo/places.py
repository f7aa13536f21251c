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
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache
from itertools import chain, compress
from typing import NamedTuple

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein
from wordfreq import zipf_frequency

from geo.country_cues import countries_by_vocabulary
from geo.described import with_described_places
from geo.gazetteer import DATA_DIR, MAJOR_CITY_POPULATION, Gazetteer, is_district, is_everyday_word, small_place
from geo.models import GazetteerEntry, NameSpan, PlaceMention
from geo.text import FUNCTION_WORDS, Tokens, ends_before, fold, overlaps, tokenise, word_list, words

MAX_NAME_WORDS = 6
FUZZY_MIN_LENGTH = 6
FUZZY_MIN_SIMILARITY = 0.84
# wordfreq's Zipf scale: 3 is once per million words ("kherson" 2.1, "hamas" 3.6, "spring" 5.0).
MISSPELLING_MAX_ZIPF = 3.0
RARE_WORD_ZIPF = 3.0  # a name Webster's lists as a word but English uses this rarely needs only its country
EVERYDAY_WORD_ZIPF = 4.3
EVERYDAY_TOWN_POPULATION = 100_000  # below it, a town named like an everyday word is that only after "in"…
HOLIDAYS = ["christmas", "easter", "thanksgiving", "halloween", "ramadan", "hanukkah", "diwali", "passover"]
CALENDAR_WORDS = frozenset(
    [m.lower() for m in calendar.month_name if m] + [d.lower() for d in calendar.day_name] + HOLIDAYS
)

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
        "es",  # "Dar es Salaam"
        "au",  # "Port-au-Prince"
        "aux",
        "di",  # "Reggio di Calabria"
        "des",  # "Croix-des-Bouquets"
        "les",
        "sous",
        "los",
        "las",
        "der",  # "Frankfurt an der Oder"
    ]
)
ELIDED_ARTICLES = frozenset(["d", "l"])  # French "de", "le" before a vowel, joined by an apostrophe
# Arabic articles written lower case and hyphened to the next word inside a name: "Deir ez-Zor",
# "Jisr ash-Shughur", "Ras al-Ain". Only before a hyphen: alone, "as", "at" and "an" are English.
HYPHENED_ARTICLES = frozenset(["al", "el", "ad", "ar", "as", "ash", "at", "az", "ez", "es", "ed", "en", "er", "et"])
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
        "mountains",
        "gorge",
        "corridor",
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
# Two-letter words that open sentences and are no given name (longer ones are read as everyday words).
SENTENCE_OPENERS = frozenset(["so", "as", "if", "he", "we", "it", "no", "do", "at", "by", "in", "on", "to", "or"])
PLACE_MODIFIERS = frozenset(["metro", "greater", "historic", "downtown", "suburban", "rural", "coastal", "war-torn"])
INSTITUTION_REACH = 4  # capitalised words after a name read for an institution word

_AREA_AFTER = re.compile(r"\s+(?:area|areas|vicinity|outskirts|environs)\b", re.IGNORECASE)
_AREA_BEFORE = re.compile(
    r"\b(?:around|near|nearby|outside|close to|(?:on )?the outskirts of|in the vicinity of)"
    r"\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_AREA_BEFORE_LAST_WORDS = frozenset(["around", "near", "nearby", "outside", "to", "of", "the"])
_DIRECTION_LAST_WORDS = frozenset(direction.rsplit("-", 1)[-1] for direction in DIRECTIONS)
_DIRECTION_BEFORE = re.compile(r"\b(" + "|".join(DIRECTIONS) + r")\s+$", re.IGNORECASE)
# Each word starts where no word goes on: a search then starts once per word, not once per letter
# of a long one (linear, where "AAAA…" used to take seconds).
BORDER_SIDE_WORDS = 3  # the most words of either side of "the X-Y border"
_CAPITALISED_WORDS = rf"(?<![\w’'.])[A-Z][\w’'.]*(?:\s+[A-Z][\w’'.]*){{0,{BORDER_SIDE_WORDS - 1}}}"
_BORDER = re.compile(
    rf"(?P<a>{_CAPITALISED_WORDS})\s*[-–—/]\s*(?P<b>{_CAPITALISED_WORDS})\s+(?:border|frontier)\b"
    rf"|\bborder\s+between\s+(?:the\s+)?(?P<c>{_CAPITALISED_WORDS})\s+and\s+(?:the\s+)?(?P<d>{_CAPITALISED_WORDS})"
)
BORDER_WORDS = ("border", "frontier")
_BORDER_DASHES = frozenset("-–—/")  # between the sides of "the X-Y border"
# Read backwards from a "border": spaces and dashes, then up to six words, each with the spaces and
# dashes before it.
_WORDS_BACK = re.compile(rf"[\s\-–—/]*(?:[\w’'.]+[\s\-–—/]*){{0,{2 * BORDER_SIDE_WORDS}}}")
# Read on from a "border" between two places: it, "between", "the", a side, "and", "the", a side.
_WORDS_ON = re.compile(rf"(?:[\w’'.]+[\s\-–—/]*){{0,{5 + 2 * BORDER_SIDE_WORDS}}}")
STRETCH_WINDOW = 128  # characters read back from a "border" at first
# The dashes of datelines as archives keep them: a Windows-1252 dash left as a C1 control (\x96, \x97),
# a closing quote where a dash was mangled, three hyphens; a dash lost altogether leaves two spaces.
_DATELINE_DASH = r"(?:[—–\x96\x97”]|-{1,3}|:)\s"
_DATELINE_AFTER = re.compile(rf"\s*(?:,|{_DATELINE_DASH}|\(|\s\s+[A-Z])")
# After a sentence rather than a line (a headline run into the text): "… pig. CHARLESTON, W.Va. -- Jim…"
# A byline's date run into the dateline: "Advocate Reporter March 30, 2009 NEWARK -- After…"
_BYLINE_DATE_BEFORE = re.compile(r"\b(?:19|20)\d\d\s+$")
# "CHARLESTON, W.Va. --", "SALINA, Kan. Strong winds…", "CINCINNATI (AP)  Police…", "NEWARK  It was…"
_DATELINE_TAIL = re.compile(
    rf"(?:,(?:\s*[A-Z][A-Za-z.]*){{0,3}})?\s*(?:\([A-Za-z ]+\)\s*)?{_DATELINE_DASH}"
    r"|(?:,\s*(?:[A-Z][a-z]{0,4}\.){1,3}|(?:,(?:\s*[A-Z][A-Za-z.]*){1,3})?\s*\([A-Z]{2,}\))\s+[A-Z]"
    r"|\s\s+[A-Z]"
)
_ABBREVIATION_ANYWHERE = re.compile(r"(?<![\w.])((?:[A-Z][a-z]{0,4}\.){1,3})(?=[\s,;:—–)-]|$)")
ABBREVIATION_LETTERS = 5  # the most letters of a word in _ABBREVIATION_ANYWHERE, stop left out
ABBREVIATION_AFTER = re.compile(r",\s*((?:[A-Z][a-z]{0,4}\.){1,3})(?=[\s,;:—–-]|$)")
# "the village of X", "residents of X", "the mayor of X", and a person's age then "of X": "Jane Doe, 30, of X".
# And a place set beside the word for it: "the capital, Juba, …", "the port city, Mobile".
_SETTLEMENT_BEFORE = re.compile(
    r"(?:\b(?:village|town|city|settlement|hamlet|township|borough|outskirts|resident|native|mayor|governor|people"
    r"|citizen|inhabitant|street|suburb)s?|,\s*\d{1,3},)\s+of\s+$"
    r"|\bthe\s+(?:[a-z]+\s+)?(?:capital|city|town|village|port)\s*,\s*$",
    re.IGNORECASE,
)
# A person named in full, then where they are from: "James Tauber of Nelson", "Dennis Lopez of Thackerville".
_A_PERSON_OF = re.compile(
    r"(?<![\w.])(?P<given>[A-Z][a-z]+)\s+(?:[A-Z]\.\s+)?(?P<surname>[A-Z][a-z]+(?:[’'-][A-Z]?[a-z]+)?)\s+of\s+$"
)
_JOINING_GAP = re.compile(r"^(?:\s|[-'’.]|\.\s)$")


class _Match(NamedTuple):
    """A run of words naming places (a named tuple: built for every name of every document)."""

    first: int  # index of the first word
    last: int  # index of the last word
    candidates: tuple
    fuzzy: bool = False


def find_place_mentions(text: str, gazetteer: Gazetteer, tokens: Tokens | None = None) -> list[PlaceMention]:
    """Every place the text names, in text order, without overlaps (``tokens``: the text's, when
    an earlier stage has them)."""
    tokens = tokens or tokenise(text)
    capitals = list(compress(range(len(tokens.words)), tokens.capitalised))  # where names can start
    # Capitalised words that start a name or a demonym: most start none, and are passed over at once.
    starts = _name_starts(tokens, capitals, gazetteer)
    borders = _border_mentions(text, gazetteer)
    taken = [(m.start, m.end) for m in borders]
    exact = _exact_matches(tokens, starts, gazetteer)
    if taken:
        exact = [m for m in exact if not overlaps(_span(m, tokens), taken)]
    surnames = _person_surnames(tokens, capitals, gazetteer) | _speakers(exact, tokens) | _aged(exact, tokens)
    surnames |= _kin_or_harmed(exact, tokens)
    names = _with_elided_names([m for m in exact if _plausible(m, tokens, surnames, gazetteer)], tokens, gazetteer)
    countries = _countries_named(tokens, starts, names, gazetteer) | set(countries_by_vocabulary(text, tokens))
    names = _as_features_names(names, tokens, countries)
    place_words = {m.first for m in names} | {m.last for m in names}
    names = _without_country_bound_elsewhere(names, countries, tokens, gazetteer)
    names = _without_armed_men_named_from_elsewhere(names, countries, tokens)
    names = _supported_or_named_so_elsewhere(names, tokens, gazetteer, countries, place_words)
    names += _fuzzy_matches(tokens, capitals, gazetteer, names, surnames, taken)
    names += _listed_under_plural_designator(tokens, gazetteer, names, taken)
    names += _counties_called_short(tokens, names, surnames, taken, gazetteer.everyday_words)
    mentions = borders + [_shape_mention(tokens, m, gazetteer) for m in names]
    mentions += _elided_parts(text, mentions)
    mentions = _with_abbreviated_regions(text, mentions, gazetteer, _abbreviation_starts(tokens, capitals))
    mentions = with_described_places(text, mentions, gazetteer)
    return sorted(mentions, key=lambda m: m.start)


def _with_elided_names(names: list[_Match], tokens: Tokens, gazetteer: Gazetteer) -> list[_Match]:
    """ "North and South Korea", "Central and South America": a compass word joined by "and" to a
    name that starts with another is that name with its own compass word (North Korea), not a
    district called North."""
    elided = {}
    for m in names:
        d = m.first - 2  # the compass word before "and"
        if d < 0 or tokens.lowered[m.first] not in DIRECTIONS or tokens.lowered[d + 1] != "and":
            continue
        if not tokens.capitalised[d] or tokens.lowered[d] not in DIRECTIONS or tokens.gaps[d] != " ":
            continue
        candidates = gazetteer.lookup(" ".join([tokens.folded[d], *tokens.folded[m.first + 1 : m.last + 1]]))
        if candidates:
            elided[d] = _Match(d, d, candidates)
    if not elided:
        return names
    kept = [m for m in names if not any(m.first <= d <= m.last for d in elided)]
    return sorted(kept + list(elided.values()), key=lambda m: m.first)


def _with_abbreviated_regions(
    text: str, mentions: list[PlaceMention], gazetteer: Gazetteer, starts: list[int] | None = None
) -> list[PlaceMention]:
    """ "Birmingham, Ala.", "London, Ont.": a state or province abbreviated after a place; and
    anywhere, one that no word could be taken for ("Tenn.", "Calif.", "N.Y."), not "Pa." or "Miss."
    (``starts``: where such an abbreviation may start, from ``_abbreviation_starts``)."""
    found = []
    taken = [(m.start, m.end) for m in mentions]
    after_comma = [m.end for m in mentions if text.startswith(",", m.end)]  # what ABBREVIATION_AFTER needs first
    spans = [after.span(1) for end in after_comma if (after := ABBREVIATION_AFTER.match(text, end))]
    anywhere = (
        _ABBREVIATION_ANYWHERE.finditer(text)
        if starts is None
        else filter(None, (_ABBREVIATION_ANYWHERE.match(text, start) for start in starts))
    )
    spans += [a.span(1) for a in anywhere if _unmistakable(a.group(1), gazetteer)]
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


def _abbreviation_starts(tokens: Tokens, capitals: list[int]) -> list[int]:
    """Where ``_ABBREVIATION_ANYWHERE`` can match: on a word of a capital and at most four letters with
    a stop after it ("Tenn."). The pattern is tried there alone, not at every character of the text;
    its matches cannot overlap (each part after the first follows a stop), so they are the same."""
    words_, gaps, starts = tokens.words, tokens.gaps, tokens.starts
    return [starts[k] for k in capitals if len(words_[k]) <= ABBREVIATION_LETTERS and gaps[k][:1] == "."]


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
    tokens: Tokens, gazetteer: Gazetteer, names: list[_Match], taken: list[tuple[int, int]]
) -> list[_Match]:
    if PLURAL_DESIGNATOR_KINDS.keys().isdisjoint(tokens.words):
        return []  # most texts hold none of the words: a pass in C, not one in Python
    found = []
    named = {i for m in names for i in range(m.first, m.last + 1)}
    for k, word in enumerate(tokens.words):
        kind = PLURAL_DESIGNATOR_KINDS.get(word) if k else None
        if kind is None:
            continue
        for first, last in _listed_runs(tokens, k):
            if any(i in named for i in range(first, last + 1)) or overlaps(
                _span(_Match(first, last, ()), tokens), taken
            ):
                continue
            candidates = places_of_kind(fold(tokens.text[tokens.starts[first] : tokens.ends[last]]), kind, gazetteer)
            if candidates:
                found.append(_Match(first, last, candidates))
    return found


COUNTY_WORDS = frozenset(["county", "parish", "co"])


def _counties_called_short(
    tokens: Tokens, names: list[_Match], surnames: set[str], taken: list[tuple[int, int]], everyday_words: frozenset
) -> list[_Match]:
    """ "While Clarke and Oconee update their policies", "Athens-Clarke police": in a report that names Clarke
    County, "Clarke" alone is the county too (no town bears the name; a person called so is not it)."""
    short: dict[tuple[str, ...], tuple] = {}
    for m in names:
        if m.last > m.first and tokens.lowered[m.last] in COUNTY_WORDS:
            counties = tuple(c for c in m.candidates if c.feature == "admin2")
            if counties:
                short[tuple(tokens.folded[m.first : m.last])] = counties
    if not short:
        return []
    named = {i for m in names for i in range(m.first, m.last + 1)}
    found = []
    for name, counties in short.items():
        if name[-1] in surnames:
            continue
        size = len(name)
        for i in (i for i, w in enumerate(tokens.folded) if w == name[0] and tokens.capitalised[i]):
            last = i + size - 1
            if tuple(tokens.folded[i : last + 1]) != name or any(k in named for k in range(i, last + 1)):
                continue
            if last + 1 < len(tokens.words) and tokens.lowered[last + 1] in COUNTY_WORDS:
                continue  # "Clarke County" itself, or a county the gazetteer does not hold by that name
            match = _Match(i, last, counties)
            if not _part_of_longer_name(match, tokens, everyday_words) and not overlaps(_span(match, tokens), taken):
                found.append(match)  # not "the Scott West Panthers", "Old Lexington Highway"
    return found


def _listed_runs(tokens: Tokens, designator: int) -> list[tuple[int, int]]:
    """The runs of capitalised words before ``designator`` joined by commas, "and" or "or"."""
    runs: list[tuple[int, int]] = []
    capitalised, gaps, words_ = tokens.capitalised, tokens.gaps, tokens.words
    i = designator - 1
    while i >= 0 and capitalised[i] and _LIST_GAP.match(gaps[i]):
        last = i
        while i > 0 and capitalised[i - 1] and gaps[i - 1] == " ":
            i -= 1
        runs.append((i, last))
        gap = gaps[i - 1] if i > 0 else ""
        if i < 2 or not _LIST_GAP.match(gap) or "," not in gap and words_[i - 1] not in ("and", "or"):
            break
        i -= 2 if words_[i - 1] in ("and", "or") else 1
    return runs


def places_of_kind(folded: str, kind: str, gazetteer: Gazetteer) -> tuple:
    """The places of ``kind`` a name in a designated list is: counties by their full names ("Love" →
    "Love County"), regions by their own."""
    if kind == "admin2":
        return tuple(e for word in COUNTY_WORDS for e in gazetteer.lookup(f"{folded} {word}") if e.feature == kind)
    return tuple(e for e in gazetteer.lookup(folded) if e.feature == kind)


# --- exact names -------------------------------------------------------------------------


def _name_starts(tokens: Tokens, capitals: list[int], gazetteer: Gazetteer) -> list[tuple[int, int]]:
    """(i, the most words of a name or demonym starting with word i) for the capitalised words that
    start one (``Gazetteer.most_name_words``)."""
    name_words, folded = gazetteer.name_words, tokens.folded
    starts = [(i, n) for i in capitals if (n := name_words.get(folded[i].partition(" ")[0], 0))]
    if "-" not in tokens.gaps:
        return starts
    # "al-Qaim", "el-Obeid": a name may start on the Arabic article hyphened to its capitalised word.
    hyphened = [
        (k, n)
        for k, gap in enumerate(tokens.gaps)
        if gap == "-"
        and tokens.words[k] in HYPHENED_ARTICLES
        and k + 1 < len(folded)
        and tokens.capitalised[k + 1]
        and (n := name_words.get(folded[k], 0)) > 1
    ]
    return sorted(starts + hyphened) if hyphened else starts


def _exact_matches(tokens: Tokens, starts: list[tuple[int, int]], gazetteer: Gazetteer) -> list[_Match]:
    matches = []
    next_free = 0
    for i, name_words in starts:  # a name starts on a capitalised word: the others need no look
        if i < next_free:
            continue
        match = _longest_name_at(tokens, i, min(MAX_NAME_WORDS, name_words), gazetteer)
        if match:
            matches.append(match)
            next_free = match.last + 1
    return matches


def _longest_name_at(tokens: Tokens, i: int, most_words: int, gazetteer: Gazetteer) -> _Match | None:
    text, capitalised, starts, ends = tokens.text, tokens.capitalised, tokens.starts, tokens.ends
    demonyms, index = gazetteer.demonyms, gazetteer.index
    for j in range(_name_run_end(tokens, i, most_words) if most_words > 1 else i, i - 1, -1):
        if j == i:  # the word alone (capitalised: a start): its folded form is at hand
            if not capitalised[i]:
                continue  # the "al" of "al-Qaim" alone is no name
            written, folded = tokens.words[i], tokens.folded[i]
        elif capitalised[j] or tokens.lowered[j] in DESIGNATORS or tokens.gaps[j - 1] in _ELISIONS:
            # "the Kursk region"; "Ma'rib", "Sana'a", "St. John's": the letters after an apostrophe are
            # the word's own (a possessive's "s" is no name's: "Russia's" finds no place and is Russia)
            written = text[starts[i] : ends[j]]
            folded = fold(written)
        else:
            continue  # a name ends on a capitalised word or a designator, never on "of" or "the"
        if len(folded) < 2:
            continue  # "B" of "B.C." is not the Korean village "3 B"
        if folded in demonyms:
            return None
        if not index.get(folded):
            continue  # most tries miss: no tuple of places built for them
        capitals = written.isupper() and folded not in gazetteer.acronyms
        if capitals and not is_dateline(text, starts[i], ends[j]):
            continue  # "NIS" the agency is not Niš the city; "KYIV —" opening a report is Kyiv
        candidates = places_called(folded, gazetteer)
        if _a_possessive(tokens, i, j, folded, candidates):
            continue  # "Smith's", "St. Mary's": a possessive, unless a town bears it ("St. John's")
        if j == i or not _city_of_an_institution(tokens, i, j, folded, candidates):
            return _Match(i, j, candidates)
    return None


_ELISIONS = frozenset(["'", "’"])


def _a_possessive(tokens: Tokens, i: int, j: int, folded: str, candidates: tuple) -> bool:
    """Whether words i..j end on a possessive's "s" that no town of some size bears as its own name."""
    if j == i or tokens.lowered[j] != "s" or tokens.gaps[j - 1] not in _ELISIONS:
        return False
    return not any(fold(c.name) == folded and not small_place(c) for c in candidates)


def places_called(folded: str, gazetteer: Gazetteer) -> tuple:
    """``gazetteer.lookup``, the same tuple for a name in every document: the resolver keeps what it
    learns of a name's places by the tuple's identity (hashing a tuple of thirty places costs more)."""
    if _CALLED[0] is not gazetteer.index or len(_CALLED[1]) >= CALLED_KEPT:
        _CALLED[:] = [gazetteer.index, {}]
    called = _CALLED[1]
    places = called.get(folded)
    if places is None:
        places = called[folded] = gazetteer.lookup(folded)
    return places


CALLED_KEPT = 100_000
_CALLED: list = [None, {}]  # [the index they were looked up in, {folded name: its places}]


def _name_run_end(tokens: Tokens, i: int, most_words: int) -> int:
    """The last word a name starting with word i may end on: up to ``most_words`` words joined as a
    name's words are, each before the last capitalised or a connector ("Rostov-on-Don")."""
    capitalised, gaps = tokens.capitalised, tokens.gaps
    last = min(len(gaps), i + most_words) - 1
    k = i
    while k < last and _joining_gap(gaps[k]) and (capitalised[k] or _name_connector(tokens, k)):
        k += 1
    return k


def _city_of_an_institution(tokens: Tokens, i: int, j: int, folded: str, candidates) -> bool:
    """ "Dublin City Council": "City" belongs to the council where no place is called "Dublin City"
    by its own name (it is another name of the Irish capital), so the name is "Dublin". Jersey City's
    council keeps its city."""
    if j == i or tokens.lowered[j] != "city" or not _institution_after(tokens, j + 1):
        return False
    return not any(fold(c.name) == folded for c in candidates)


def _plausible(match: _Match, tokens: Tokens, surnames: set[str], gazetteer: Gazetteer) -> bool:
    """Reject names that are only part of a longer proper name, a person's surname, a month,
    or an everyday word that is capitalised because it starts a sentence ("More", "Spring")."""
    if (
        _part_of_longer_name(match, tokens, gazetteer.everyday_words)
        and not _a_country_before_a_persons_name(match, tokens, surnames)
    ) or _names_something_else(match, tokens):
        return False
    if _inside_a_compound_name(match, tokens, gazetteer):
        return False
    if _a_currency(match, tokens) or _a_season_of_a_year(match, tokens) or _a_saints_possession(match, tokens):
        return False
    if _an_organisations_own_name(match, tokens):
        return False
    written = tokens.lowered[match.first : match.last + 1]
    if all(w in FUNCTION_WORDS or w in DESIGNATORS or w in CALENDAR_WORDS for w in written):
        return False  # "The city", "From", "May"
    if " ".join(written) in _not_place_names() and not _after_locative(tokens, match.first):
        return False  # "the White House said", "University of Rochester"
    if match.first != match.last:
        return True
    if _the_institution_itself(match, tokens):
        return False
    locative = _after_locative(tokens, match.first)
    # "Western intelligence", "Central command": a compass word alone names a region only after "in"…
    if written[0] in DIRECTIONS and (not locative or _capitalised_after(tokens, match.last)):
        return False  # …and not as the first word of a longer name ("flown to North Memorial Hospital")
    # …and a person's surname only after a word of being somewhere, or beside a place of another name:
    # "led detectives to Henry", "a letter from Lincoln" are the person the document named in full;
    # "trains between Grantham and Skegness" are towns, whoever else is called Grantham.
    if tokens.folded[match.first] in surnames and not (
        (locative and _previous_word(tokens, match.first) in SURNAME_LOCATIVES)
        or _coordinated_with_a_place_name(tokens, match.first, surnames, gazetteer)
        or _dateline_word(tokens, match)  # "MORA, Sweden —" opens a report from the town
    ):
        return False
    if (
        not locative
        and _more_a_word_than_a_town(match, tokens)
        and not _after_settlement_word(tokens.text, tokens.starts[match.first])
        and not _region_after(tokens, match.last, gazetteer)
    ):
        return False
    if not locative and _a_speaker(match, tokens):
        return False
    if _a_thing_called_the(match, tokens):
        return False
    if _a_given_name(match, tokens, surnames):
        return False
    start = tokens.starts[match.first]
    if (
        _sentence_start(tokens.text, start)
        and _frequent_opening(written[0], _line_start(tokens.text, start), gazetteer)
        and not _major(match.candidates)
        and not _dateline_word(tokens, match)
    ):
        # "Reading is fun" is no town, but "Oxford City Council said" opening a sentence is Oxford's
        # council, and "READING, Pa. --" a dateline.
        return _institution_after(tokens, match.last + 1) or _region_after(tokens, match.last, gazetteer)
    return True


# Words that make a name a natural feature's ("the Tumen River", "Pingtan Island", "the Strait of Georgia",
# "the Cape of Good Hope"), whatever towns bear the name alone.
FEATURE_WORDS_AFTER = frozenset(
    ["river", "sea", "strait", "straits", "lake", "island", "islands", "peninsula", "mountains", "gorge", "creek"]
)
_FEATURE_WORDS_BEFORE = re.compile(
    r"\b(?:(?:[Ss]traits?|[Cc]ape|[Gg]ulf|[Bb]ay|[Ss]ea|[Ii]sle)\s+of(?:\s+the)?|River|Lake|Mount|Mt\.)\s+$"
)
_FEATURE_WORDS_BEFORE_ENDINGS = ("of", "the", "river", "lake", "mount", "mt.")  # its last words (ends_before)


def _as_a_features_name(match: _Match, tokens: Tokens, countries: set[str]) -> _Match | None:
    """A name inside a natural feature's longer name stands for that feature: "the Strait of Georgia" and
    "the Cape of Good Hope" only by a natural feature of the name, "the Kanawha River" or "Pingtan Island"
    also by a place of the name in a country the document names (a river or an island gives its name to
    the county or the town on it), else by none: the gazetteer lacks the feature ("the Red River" is no
    town called Red on another continent, "the Tumen River" not Tyumen by a near spelling)."""
    if _feature_words_before(match, tokens):
        kept = tuple(c for c in match.candidates if c.feature == "natural")
    elif not _feature_word_after(match, tokens):
        return match
    elif match.fuzzy:
        kept = ()
    else:
        kept = tuple(c for c in match.candidates if c.feature == "natural" or c.country in countries)
    return match._replace(candidates=kept) if kept else None


FEW_COUNTRIES = 2  # a name whose places lie in at most this many countries points to them ("Arauquita")


def _as_features_names(names: list[_Match], tokens: Tokens, countries: set[str]) -> list[_Match]:
    """The names, each inside a natural feature's name standing for what it can (see _as_a_features_name),
    in the light of the countries the document names or the other names point to."""
    inside = [_feature_word_after(m, tokens) or _feature_words_before(m, tokens) for m in names]
    if not any(inside):
        return names
    pointed = Counter(c for m in names for c in _few_countries(m))
    kept = []
    for match, in_a_feature in zip(names, inside, strict=True):
        if not in_a_feature:
            kept.append(match)
            continue
        own = _few_countries(match)
        others = {c for c, n in pointed.items() if n > (c in own)}
        feature = _as_a_features_name(match, tokens, countries | others)
        if feature is not None:
            kept.append(feature)
    return kept


def _few_countries(match: _Match) -> set[str]:
    found = {c.country for c in match.candidates}
    return found if len(found) <= FEW_COUNTRIES else set()


def _feature_words_before(match: _Match, tokens: Tokens) -> bool:
    start = tokens.starts[match.first]
    if not ends_before(tokens.text, start, 16, _FEATURE_WORDS_BEFORE_ENDINGS):
        return False
    return _FEATURE_WORDS_BEFORE.search(tokens.text, max(0, start - 16), start) is not None


def _feature_word_after(match: _Match, tokens: Tokens) -> bool:
    after = match.last + 1
    return after < len(tokens.words) and tokens.gaps[match.last] == " " and tokens.lowered[after] in FEATURE_WORDS_AFTER


def _names_something_else(match: _Match, tokens: Tokens) -> bool:
    """ "West Nile virus", "Marburg fever", "the Vostok group of forces": a name before one of these
    words (or phrases) is a disease's or a formation's, but a country's name stays the country ("the
    United States flu season": no disease or formation is named after a country by its name alone)."""
    after = match.last + 1
    if after >= len(tokens.words) or _a_countrys_own_name(match, tokens):
        return False
    following = tokens.lowered[after : after + NOT_PLACE_AFTER_WORDS]
    # The phrase of each length the words after the name could be, looked up: not every phrase tried.
    phrases = _not_place_after()
    return any(tuple(following[:length]) in phrases for length in range(1, len(following) + 1)) or _an_armys_name(
        match, tokens, after
    )


_SAINTS = frozenset(["st", "saint", "ste", "sainte"])
# What is dedicated to a saint and called after them: "St. Peter's Square", not "St. Petersburg's airport".
_DEDICATED = frozenset(
    [
        "square",
        "cathedral",
        "church",
        "basilica",
        "chapel",
        "abbey",
        "priory",
        "hospital",
        "college",
        "school",
        "academy",
        "university",
        "day",
        "hall",
        "cemetery",
        "churchyard",
        "parish",
        "primary",
    ]
)


def _a_saints_possession(match: _Match, tokens: Tokens) -> bool:
    """ "St. Peter's Square", "St. Mary's Hospital", "St. Paul's Cathedral": a saint's square, hospital or
    church, not the town called after the saint (Saint Peter, Minnesota) nor one called Mary."""
    after = match.last + 1
    if after + 1 >= len(tokens.words) or tokens.gaps[match.last] not in ("'", "’") or tokens.words[after] != "s":
        return False
    if tokens.gaps[after] != " " or tokens.lowered[after + 1] not in _DEDICATED:
        return False
    before = match.first - 1
    saint_before = before >= 0 and tokens.lowered[before] in _SAINTS and tokens.gaps[before] in (". ", " ")
    return tokens.lowered[match.first] in _SAINTS or saint_before


def _more_a_word_than_a_town(match: _Match, tokens: Tokens) -> bool:
    """An everyday word that names only towns under EVERYDAY_TOWN_POPULATION ("the Church of Our Lady",
    "Farm to Market 678", "the Red, White and Blue Bash") or that no place bears as its own name, only as
    an old or foreign spelling ("the Godfather of Soul": Seoul's), is the word; "Reading" alone is the
    city, and "Britain" the country's own alias."""
    if not all(c.feature == "city" for c in match.candidates) or not _everyday_word(tokens.lowered[match.first]):
        return False
    word = tokens.folded[match.first]
    return _small_towns_only(match.candidates) or not any(fold(c.name) == word for c in match.candidates)


def _small_towns_only(candidates) -> bool:
    return all(c.feature == "city" and c.population < EVERYDAY_TOWN_POPULATION for c in candidates)


SPEECH_VERBS = frozenset(["said", "says", "told", "added", "explained", "noted", "recalled", "wrote", "asked"])


def _a_speaker(match: _Match, tokens: Tokens) -> bool:
    """ "Robertson said", "Hailey told": a word that names only towns, right before a verb of saying,
    is a person's name; a capital or a great city speaking for its government ("Kyiv said") is not."""
    after = match.last + 1
    if after >= len(tokens.words) or tokens.lowered[after] not in SPEECH_VERBS or tokens.gaps[match.last] != " ":
        return False
    # Opening a sentence or after a quotation ("… first air-conditioned theatre," Robertson said), not
    # inside a phrase ("police in Jordan and Shakopee said", "residents of Hajin told").
    before = tokens.gaps[match.first - 1].rstrip() if match.first else "."
    if not before or before[-1] not in ".!?\"”’'":
        return False
    return _small_towns_only(match.candidates)


def _a_thing_called_the(match: _Match, tokens: Tokens) -> bool:
    """ "along the Severn,", "In the Honda, driver…", "at the Gatehouse, a…": a small town's name after a
    lower-case "the" and before a stop is a river, a car or a building called so (towns take no article)."""
    before = match.first - 1
    if before < 0 or tokens.words[before] != "the" or match.first != match.last:
        return False
    return tokens.gaps[match.last][:1] in (",", ".", ";", ":", ")") and _small_towns_only(match.candidates)


def _a_given_name(match: _Match, tokens: Tokens, surnames: set[str]) -> bool:
    """ "the unexpired term of Keith Blosser": a word that names only small towns, right before a surname
    the document uses, is a person's given name, whatever words follow the surname."""
    after = match.last + 1
    if not _capitalised_after(tokens, match.last) or tokens.folded[after] not in surnames:
        return False
    word = tokens.lowered[after]
    # "Kanawha River", "Clinton April 4", "Mabini Vice-Mayor": a feature, a date or an office follows
    if word in DESIGNATORS or word in CALENDAR_WORDS or word in _institution_words() or tokens.gaps[after] == "-":
        return False
    return _small_towns_only(match.candidates)


def _speakers(matches: list[_Match], tokens: Tokens) -> set[str]:
    """Names the document gives a voice ("… theatre," Robertson said): the person's name in all its
    mentions ("Robertson and her father reopened the venue"), as a surname the document spells out is."""
    return {tokens.folded[m.first] for m in matches if m.first == m.last and _a_speaker(m, tokens)}


_AN_AGE = re.compile(r",\s\d{1,3},")


def _aged(matches: list[_Match], tokens: Tokens) -> set[str]:
    """Names given an age ("his children, Hailey, 6, and Caleb, 4"): a person's, in all their mentions; a
    country's name is never taken for one."""
    return {
        tokens.folded[m.first]
        for m in matches
        if m.first == m.last and _AN_AGE.match(tokens.text, tokens.ends[m.last]) and not _a_countrys_own_name(m, tokens)
    }


# A person's kin, or their lawyer: "Welch's mother", "Robertson and her father". A place has none
# ("sister city" is why sisters and brothers count only after "his" or "her").
_KIN = "mother|father|wife|husband|widow|girlfriend|boyfriend|parents|attorney|lawyer"
_KIN_AFTER = re.compile(
    rf"(?:['’]s (?:{_KIN})| and (?:his|her) (?:{_KIN}|son|daughter|children|family|brother|sister))\b"
)
# Verbs done to a person: "charged with killing Welch", "allegedly stabbed Welch" ("beat" is a game's).
HARM_VERBS = frozenset(
    ["killing", "killed", "stabbed", "stabbing", "murdered", "murdering", "strangled", "kidnapped", "assaulted"]
)


def _kin_or_harmed(matches: list[_Match], tokens: Tokens) -> set[str]:
    """Names the document gives kin or harm (see _KIN_AFTER and HARM_VERBS): a person's, in all their
    mentions ("Welch went to a residence"); a country's name is never taken for one."""
    return {
        tokens.folded[m.first]
        for m in matches
        if m.first == m.last
        and (_KIN_AFTER.match(tokens.text, tokens.ends[m.last]) or _harmed(m, tokens))
        and not _a_countrys_own_name(m, tokens)
    }


def _harmed(match: _Match, tokens: Tokens) -> bool:
    before = match.first - 1
    return before >= 0 and tokens.lowered[before] in HARM_VERBS and tokens.gaps[before] == " "


def _capitalised_after(tokens: Tokens, last: int) -> bool:
    after = last + 1
    return after < len(tokens.words) and tokens.capitalised[after] and tokens.gaps[last] == " "


def _a_currency(match: _Match, tokens: Tokens) -> bool:
    """ "US$460 million", "NZ$3 million", "$US 5 million": a country's letters written against the
    dollar sign are its currency, not the country ("the US $1.5 billion package" keeps its space)."""
    before = tokens.gaps[match.first - 1] if match.first else ""
    return tokens.gaps[match.last].startswith("$") or before.endswith("$")


SEASONS = frozenset(["spring", "summer", "autumn", "fall", "winter"])
_YEAR = re.compile(r"(1[89]|2[01])\d\d\b")


def _a_season_of_a_year(match: _Match, tokens: Tokens) -> bool:
    """ "in Spring 2002", "the Summer of 2008": a season (Spring, Texas, is a town) before a year."""
    if match.first != match.last or tokens.lowered[match.first] not in SEASONS:
        return False
    gap = tokens.gaps[match.last]  # numbers are no words: the year is in the gap
    if gap.strip() == "" and tokens.lowered[match.last + 1 : match.last + 2] == ["of"]:
        gap = tokens.gaps[match.last + 1]
    return _YEAR.match(gap.strip()) is not None


def _an_armys_name(match: _Match, tokens: Tokens, after: int) -> bool:
    """ "the Arakan Army", "the Kachin Independence Army": a region's name before a phrase of
    armed_group_after.txt that ends the name is an armed group's, not the region."""
    if tokens.words[after] not in _armed_group_first_words():
        return False  # most names: no phrase starts with the word after them
    for phrase in _armed_group_after():
        end = after + len(phrase)
        if tuple(tokens.words[after:end]) == phrase and (end >= len(tokens.words) or not tokens.capitalised[end]):
            return _a_regions_name(match)
    return False


def _a_regions_name(match: _Match) -> bool:
    """No country's name ("the U.S. Army", "Sudan Liberation Army"), a region's."""
    features = {c.feature for c in match.candidates}
    return "country" not in features and bool(features & {"admin1", "admin2", "macro"})


def _a_countrys_own_name(match: _Match, tokens: Tokens) -> bool:
    """A country's own name that is no city's ("Hong Kong flu" is the city's)."""
    written = _folded(match, tokens)
    own = [c.feature for c in match.candidates if fold(c.name) == written]
    return "country" in own and "city" not in own


def _everyday_word(word: str) -> bool:
    return zipf_frequency(word, "en") >= EVERYDAY_WORD_ZIPF


def _region_after(tokens: Tokens, last: int, gazetteer: Gazetteer) -> bool:
    """ "Austin, in Scott County, Indiana, was…", "Lebanon, Pennsylvania": a comma, perhaps "in", then a
    region's or a country's name qualify the name before them as a place."""
    i = last + 1
    if i >= len(tokens.words) or tokens.gaps[last].strip() != ",":
        return False
    if tokens.lowered[i] == "in":
        i += 1
    for j in range(min(i + 3, len(tokens.words)) - 1, i - 1, -1):
        if not all(tokens.capitalised[i : j + 1]):
            continue
        written = fold(tokens.text[tokens.starts[i] : tokens.ends[j]])
        if any(e.feature in ("admin1", "admin2", "country") for e in gazetteer.lookup(written)):
            return True
    return False


def _dateline_word(tokens: Tokens, match: _Match) -> bool:
    """ "ATLANTA —", "SALINA, Kan.": a town's name in capitals opening a report (two letters are an
    acronym: "UN: 70% of…")."""
    word = tokens.words[match.first]
    return (
        len(word) > 2
        and word.isupper()
        and is_dateline(tokens.text, tokens.starts[match.first], tokens.ends[match.last])
    )


def _frequent_opening(word: str, opens_line: bool, gazetteer: Gazetteer) -> bool:
    """Whether a word opening a sentence is too frequent to be taken for a town there. Mid-text, any
    frequent word ("Anderson again urged…" is the sheriff); opening a line (a headline), only a
    lower-case word ("Spring is here", not "Atlanta will pay…": wordfreq counts the city as the word)."""
    if not _everyday_word(word):
        return False
    if not opens_line:
        return True
    return word in gazetteer.dictionary_words or is_everyday_word(word, gazetteer.everyday_words)


def _major(candidates) -> bool:
    """Countries, regions and big cities: names that keep their capital even at a sentence start."""
    return any(c.feature != "city" or c.population >= MAJOR_CITY_POPULATION for c in candidates)


def _without_country_bound_elsewhere(
    names: list[_Match], countries: set[str], tokens: Tokens, gazetteer: Gazetteer
) -> list[_Match]:
    """The names less their country-bound places in countries the document does not name: a district
    is as obscure as a village, and one of its name elsewhere is another place ("the eastern Shaab
    district" of Baghdad is not Kuwait's); so is a province Natural Earth lacks, a town called by a
    news spelling of its name ("Hawija"), and a small town called by another of its names ("Nasir" is an
    old name of Demirci, in Turkey). A name left with no candidate is no place."""
    kept = []
    for match in names:
        bound = _country_bound(match.candidates, _folded(match, tokens), gazetteer, bool(countries))
        elsewhere = frozenset(key for key, country in bound if country not in countries)
        if not elsewhere:
            kept.append(match)  # the common case
        elif candidates := _less(match.candidates, elsewhere):
            kept.append(match._replace(candidates=candidates))
    return kept


def _without_armed_men_named_from_elsewhere(names: list[_Match], countries: set[str], tokens: Tokens) -> list[_Match]:
    """The names less those of armed men from no country the document names: "Fano militiamen", "the
    Fano militia" in a report on Ethiopia are Amhara's fighters, not men of Fano in Italy ("Aleppo
    rebels" in one that names Syria stay Aleppo's)."""
    if not countries:
        return names
    return [
        m
        for m in names
        if not (_armed_men_after(tokens, m.last) and all(c.country not in countries for c in m.candidates))
    ]


def _armed_men_after(tokens: Tokens, last: int) -> bool:
    after = last + 1
    return after < len(tokens.words) and tokens.gaps[last] == " " and tokens.words[after] in ARMED_MEN


ARMED_MEN = frozenset(
    ["militia", "militias", "militiamen", "fighters", "rebels", "insurgents", "gunmen", "guerrillas", "jihadists"]
)


def _country_bound(candidates: tuple, written: str, gazetteer: Gazetteer, any_country: bool) -> tuple:
    """(key, country) of the candidates this name means only where their country is named (see
    ``_without_country_bound_elsewhere``), kept by the tuple's identity: the same names come back in
    every document, and their tuples are the gazetteer's own."""
    cache_key = (id(candidates), written, any_country)
    cached = _BOUND.get(cache_key)
    if cached is None or cached[0] is not candidates:
        if len(_BOUND) >= BOUND_KEPT:
            _BOUND.clear()
        named = gazetteer.country_bound.get(written, ())
        bound = tuple(
            (c.key, c.country)
            for c in candidates
            if is_district(c) or c.key in named or _by_another_name(c, written, any_country)
        )
        cached = _BOUND[cache_key] = (candidates, bound)
    return cached[1]


def _by_another_name(candidate: GazetteerEntry, written: str, any_country: bool) -> bool:
    """A small town named by one of its other names; in a document that names no country, by one that
    is no spelling of its own ("Kiltimagh" is Kiltamagh)."""
    own = fold(candidate.name)
    if own == written or not small_place(candidate):
        return False
    return any_country or DamerauLevenshtein.normalized_similarity(written, own) < FUZZY_MIN_SIMILARITY


def _less(candidates: tuple, dropped: frozenset[str]) -> tuple:
    """The candidates less those of these keys, the same tuple each time (the resolver keeps what it
    learns of a name by its tuple's identity)."""
    cache_key = (id(candidates), dropped)
    cached = _LESS.get(cache_key)
    if cached is None or cached[0] is not candidates:
        if len(_LESS) >= BOUND_KEPT:
            _LESS.clear()
        cached = _LESS[cache_key] = (candidates, tuple(c for c in candidates if c.key not in dropped))
    return cached[1]


BOUND_KEPT = 50_000
_BOUND: dict[tuple, tuple] = {}  # (id of a candidates tuple, name, any country named) -> (the tuple, bound)
_LESS: dict[tuple, tuple] = {}  # (id of a candidates tuple, keys dropped) -> (the tuple, the rest)


def _supported_or_named_so_elsewhere(
    names: list[_Match], tokens: Tokens, gazetteer: Gazetteer, countries: set[str], place_words: set[int]
) -> list[_Match]:
    """The names the context supports, and the other mentions of a small place's name that one of them
    established ("in Whitestown" makes "Whitestown invited all donors" the town): one sense a document.
    Not for names that are also words ("in Mission" leaves "Mission accomplished" a word)."""
    supported = [_supported(m, tokens, gazetteer, countries, place_words) for m in names]
    established = {_folded(m, tokens) for m, ok in zip(names, supported, strict=True) if ok}
    return [
        m
        for m, ok in zip(names, supported, strict=True)
        if ok or (_folded(m, tokens) in established and _carries_one_sense(m, tokens, gazetteer))
    ]


def _carries_one_sense(match: _Match, tokens: Tokens, gazetteer: Gazetteer) -> bool:
    """A place's own name (not another name of it: "Markel" is also Marcellus), that is no word ("Mission")
    and opens with no word for a kind of place ("City Park")."""
    word = tokens.folded[match.first]
    if match.first == match.last and (word in gazetteer.dictionary_words or word in gazetteer.common_words):
        return False
    written = _folded(match, tokens)
    return word not in DESIGNATORS and any(fold(c.name) == written for c in match.candidates)


def _supported(match: _Match, tokens: Tokens, gazetteer: Gazetteer, countries: set[str], place_words: set[int]) -> bool:
    single = match.first == match.last
    start = tokens.starts[match.first]
    if single and _a_compass_words_own_region(match, tokens):
        # "fighting in the North" is Hong Kong's North district only in a report about Hong Kong
        return any(c.country in countries for c in match.candidates)
    if single and tokens.folded[match.first] in gazetteer.dictionary_words and not _a_big_citys_own_name(match, tokens):
        # "in Mission" or "Sidon and Tyre", not "Mission accomplished" or "the Coast Guard"
        return bool(
            _after_locative(tokens, match.first)
            or _after_settlement_word(tokens.text, start)
            or _coordinated_with(tokens, match.first, place_words)
            or (tokens.words[match.first].isupper() and is_dateline(tokens.text, start, tokens.ends[match.first]))
            or _a_rare_word_in_a_named_country(match, tokens, countries)
        )  # the dateline: "JUBA, May 3"
    if not all(small_place(c) for c in match.candidates):
        return True
    if _after_locative(tokens, match.first) or _after_settlement_word(tokens.text, start):
        return True
    if single and tokens.folded[match.first] in gazetteer.common_words:
        return False
    return any(c.country in countries for c in match.candidates)


def _a_big_citys_own_name(match: _Match, tokens: Tokens) -> bool:
    """ "Roads out of Boston", "near Fresno": the own name of a city this big is the city wherever it is
    written with a capital, whatever word Webster's also lists by it (a card game, "boston")."""
    word = tokens.folded[match.first]
    return any(c.feature == "city" and c.population >= BIG_CITY_POPULATION and fold(c.name) == word
               for c in match.candidates)  # fmt: skip


BIG_CITY_POPULATION = 500_000


def _a_compass_words_own_region(match: _Match, tokens: Tokens) -> bool:
    """A region called by a compass word alone ("North", "Central"), not a name elided to it ("North" in
    "North and South Korea")."""
    word = tokens.folded[match.first]
    return word in DIRECTIONS and any(fold(c.name) == word for c in match.candidates)


def _a_rare_word_in_a_named_country(match: _Match, tokens: Tokens, countries: set[str]) -> bool:
    """ "the resort of Acapulco", "Esperance residents": a name Webster's also lists as a word that
    English hardly uses, of a place in a country the document names."""
    rare = zipf_frequency(tokens.lowered[match.first], "en") < RARE_WORD_ZIPF
    return rare and any(c.country in countries for c in match.candidates)


def _after_settlement_word(text: str, start: int) -> bool:
    """ "the town of Sake", "the village of Tegh", "Leo Drexler of Annville"."""
    if not ends_before(text, start, 40, ("of", ",")):  # where both patterns end
        return False
    if _SETTLEMENT_BEFORE.search(text, max(0, start - 40), start) is not None:
        return True
    person = _A_PERSON_OF.search(text, max(0, start - 40), start)
    if person is None or person["surname"].lower() in _institution_words() or person["given"].lower() in FUNCTION_WORDS:
        return False  # "the Supreme Court of X", "The Godfather of Soul"
    # "the Silver Medal of Valor", "The Boys of Summer": words, not a given name and a surname.
    return not all(map(_everyday_word, (person["given"].lower(), person["surname"].lower())))


def _countries_named(
    tokens: Tokens, starts: list[tuple[int, int]], names: list[_Match], gazetteer: Gazetteer
) -> set[str]:
    """Countries the document names, directly, by a demonym or by a place only they have."""
    countries = set()
    bound = gazetteer.country_bound_keys  # a place named only where its country is does not name it
    for match in names:
        if _armed_men_after(tokens, match.last) and not _major(match.candidates):
            continue  # "Fano militiamen" name men, maybe no town's ("Aleppo rebels": the city stands)
        known = any(not small_place(c) and c.key not in bound for c in match.candidates)
        if known and len({c.country for c in match.candidates}) == 1:
            countries.add(match.candidates[0].country)
        countries.update(c.country for c in match.candidates if c.feature == "country")
    demonyms, folded, gaps, text = gazetteer.demonyms, tokens.folded, tokens.gaps, tokens.text
    openings = _demonym_openings(demonyms)
    for i, _ in starts:  # words no name nor demonym starts with are left out
        if folded[i] in demonyms:
            countries.add(demonyms[folded[i]])
        if i + 1 == len(gaps) or (folded[i] not in openings and folded[i] and gaps[i].isascii()):
            continue  # past an ASCII gap the pair folds to "word next", and no demonym opens with this word
        pair = fold(text[tokens.starts[i] : tokens.ends[i + 1]])
        if pair in demonyms:
            countries.add(demonyms[pair])
    return countries


_DEMONYM_OPENINGS: list = [None, frozenset()]  # [the demonyms, the words that open one of two words or more]


def _demonym_openings(demonyms: dict[str, str]) -> frozenset[str]:
    """The first words of the demonyms of more than one word ("north" of "north korean"), and their
    longer openings ("south east" of "south east asian")."""
    if _DEMONYM_OPENINGS[0] is not demonyms:
        parts = [d.split() for d in demonyms]
        _DEMONYM_OPENINGS[:] = [demonyms, frozenset(" ".join(p[:n]) for p in parts for n in range(1, len(p)))]
    return _DEMONYM_OPENINGS[1]


def _part_of_longer_name(match: _Match, tokens: Tokens, everyday_words: frozenset[str]) -> bool:
    before = match.first - 1
    if before >= 0 and tokens.capitalised[before] and _joined(tokens, before, spaces_only=True):
        word = tokens.lowered[before]
        opening_word = _sentence_start(tokens.text, tokens.starts[before]) and zipf_frequency(word, "en") >= 3.0
        # "Historic Dublin", "Distinctly Dublin": a modifier or an adverb starts no longer name.
        adverb = word.endswith("ly") and is_everyday_word(word, everyday_words)
        modifier = word in DIRECTIONS or word in PLACE_MODIFIERS or adverb
        if word not in FUNCTION_WORDS and not modifier and not opening_word:
            return True  # "Kim Jong Un", not "Neighbouring Niger" at the start of a sentence
    after = match.last + 1
    if _arabic_article_follows(tokens, after) and _joined(tokens, match.last, spaces_only=True):
        return True  # "Ain al-Asad", "Ras al-Ain": the first word of a longer Arabic name, not "Ain"
    if after < len(tokens.words) and tokens.capitalised[after] and _joined(tokens, match.last, spaces_only=True):
        # "University College Hospital": an institution's own word opens its name, no jurisdiction.
        jurisdiction = _institution_after(tokens, after) and not _an_institution_word(tokens, match)
        # "in Moscow October 7", "crashed in Montana Sunday": a date follows the name, no longer name.
        dated = tokens.lowered[after] in CALENDAR_WORDS and not _longer_name_after(tokens, after)
        return tokens.lowered[after] not in DESIGNATORS and not jurisdiction and not dated
    return False


def _inside_a_compound_name(match: _Match, tokens: Tokens, gazetteer: Gazetteer) -> bool:
    """A name hyphened to a capitalised word that names no place, or followed by a Romance "of" and one:
    "Belgorod-Dnestrovsky" is no Belgorod, "Pont-Sonde" no Pont, "the Salar de Atacama" no Salar (a town
    in Spain). Two places hyphened stay two ("Dallas-Fort Worth", "the Israel-Gaza war", "Athens-Clarke"),
    and so does a place before an abbreviation ("Watertown-ML", a school district)."""
    after = match.last + 1
    words, gaps = tokens.words, tokens.gaps
    if (
        after < len(words)
        and gaps[match.last] == "-"
        and tokens.capitalised[after]
        and not words[after].isupper()
        and not _starts_a_place_name(tokens, after, gazetteer)
    ):
        return True
    connector = after + 1
    return (
        connector < len(words)
        and tokens.lowered[after] in ROMANCE_OF
        and gaps[match.last] == " "
        and gaps[after] == " "
        and tokens.capitalised[connector]
    )


ROMANCE_OF = frozenset(["de", "del", "da", "do", "dos", "das", "di", "du", "des", "della"])


def _starts_a_place_name(tokens: Tokens, i: int, gazetteer: Gazetteer) -> bool:
    """Whether word i is a place's name, a demonym, or the first of a longer place name ("Fort Worth")."""
    folded = tokens.folded[i]
    if gazetteer.lookup(folded) or folded in gazetteer.demonyms or gazetteer.lookup(f"{folded} county"):
        return True
    return i + 1 < len(tokens.words) and bool(gazetteer.lookup(f"{folded} {tokens.folded[i + 1]}"))


def _a_country_before_a_persons_name(match: _Match, tokens: Tokens, surnames: set[str]) -> bool:
    """ "the UN envoy for South Sudan David Shearer": a country's own name before a given name and a
    surname the document uses for a person ("Chad Smith", one word after, is the person)."""
    after = match.last + 1
    last = after + 1
    if last >= len(tokens.words) or not (tokens.capitalised[after] and tokens.capitalised[last]):
        return False
    if not _joined(tokens, after, spaces_only=True) or tokens.folded[last] not in surnames:
        return False
    return _a_countrys_own_name(match, tokens) and (last + 1 >= len(tokens.words) or not tokens.capitalised[last + 1])


def _arabic_article_follows(tokens: Tokens, i: int) -> bool:
    """Whether word i is an Arabic article hyphened to a capitalised word ("al-Asad")."""
    return (
        i + 1 < len(tokens.words)
        and tokens.words[i] in HYPHENED_ARTICLES
        and tokens.gaps[i] == "-"
        and tokens.capitalised[i + 1]
    )


def _the_institution_itself(match: _Match, tokens: Tokens) -> bool:
    """ "at the University of Rochester", "the Academy said": an institution's word is the institution,
    not a town of that name (University, Florida)."""
    if not _an_institution_word(tokens, match):
        return False
    i = match.first
    return (i + 1 < len(tokens.words) and tokens.lowered[i + 1] == "of") or (i > 0 and tokens.lowered[i - 1] == "the")


def _an_organisations_own_name(match: _Match, tokens: Tokens) -> bool:
    """A continent, or a country by a one-word name not its own, after an organisation's head and "of"
    (``organisation_heads.txt``) names the organisation, not a place it stands in. A country's, a state's or
    a county's own name there is tagged as the place in news corpora ("Bank of Canada", "the Community
    Foundation of Boone County"), so it stays."""
    before = match.first - 1
    if before >= 1 and tokens.lowered[before] == "the":
        before -= 1
    if before < 1 or tokens.lowered[before] != "of" or not tokens.capitalised[before - 1]:
        return False
    if tokens.lowered[before - 1] not in _organisation_heads():
        return False
    written = _folded(match, tokens)
    own = {c.feature for c in match.candidates if fold(c.name) == written}
    features = {c.feature for c in match.candidates}
    # A country's formal name is its own ("the Investigative Committee of the Russian Federation").
    another_name = match.first == match.last and "country" in features and "country" not in own
    return "macro" in features or another_name


def _longer_name_after(tokens: Tokens, i: int) -> bool:
    """Whether a capitalised word other than a month or a day is joined to word i: "Sunday Times"."""
    after = i + 1
    return (
        after < len(tokens.words)
        and tokens.capitalised[after]
        and tokens.lowered[after] not in CALENDAR_WORDS
        and _joined(tokens, i, spaces_only=True)
    )


def _an_institution_word(tokens: Tokens, match: _Match) -> bool:
    return match.first == match.last and tokens.lowered[match.first] in _institution_words()


def _institution_after(tokens: Tokens, first: int) -> bool:
    """ "Minnesota Department of Transportation", "Dublin City Council": the name is the jurisdiction.
    Only the run of capitalised words (and connectors) right after the name is read."""
    for i in range(first, min(first + INSTITUTION_REACH, len(tokens.words))):
        if not tokens.capitalised[i] and tokens.words[i] not in NAME_CONNECTORS:
            return False
        if tokens.capitalised[i] and tokens.lowered[i] in _institution_words():
            return True
    return False


def _person_surnames(tokens: Tokens, capitals: list[int], gazetteer: Gazetteer) -> set[str]:
    """Last words of runs of capitalised words that are not places: "Abraham Lincoln" → lincoln."""
    surnames: set[str] = set()
    run: list[int] = []
    previous = -2
    for index in capitals:
        if run and previous == index - 1 and _in_person_name(tokens, previous):
            run.append(index)
        else:
            if len(run) > 1:  # one word is no person's name
                _add_surname(tokens, run, gazetteer, surnames)
            run = [index]
        previous = index
    _add_surname(tokens, run, gazetteer, surnames)
    return surnames


def _in_person_name(tokens: Tokens, i: int) -> bool:
    """Whether word i+1 goes on a name with word i: "Abraham Lincoln", and "Roy A. Nelson" past an initial."""
    if _joined(tokens, i, spaces_only=True):
        return True
    return len(tokens.words[i]) == 1 and i + 1 < len(tokens.words) and tokens.gaps[i] == ". "


def _add_surname(tokens: Tokens, run: list[int], gazetteer: Gazetteer, surnames: set[str]) -> None:
    if len(run) < 2:
        return  # one word is no person's name, whatever it is
    names = [i for i in run if tokens.lowered[i] not in FUNCTION_WORDS]
    if len(names) < 2 or tokens.words[names[-1]].isupper():
        return
    before = tokens.lowered[names[-2]]
    if before in DIRECTIONS or before in PLACE_MODIFIERS:
        return  # "West Texas", "Metro Nashville" are a place or a part of one, not a person
    if len(before) > 1 and tokens.words[names[-2]].isupper():
        return  # "IFK Mora", "FC Barcelona": a club's or a body's letters, no given name
    last = tokens.folded[names[-1]]
    if before in COMPASS_INITIALS and fold(f"{COMPASS_INITIALS[before]} {last}") in gazetteer.index:
        return  # "W. Columbia" in a headline is West Columbia, not a man called Columbia
    if before in COMPASS_INITIALS and _after_compass_initial(tokens, names[-2]):
        return  # "S.E. Paris apartment", "N.W. Rochester house": a part of the town, no S. E. Paris
    if before in SENTENCE_OPENERS:
        return  # "So Moscow thought": a sentence's first word, no given name
    if len(before) >= 3 and before not in _person_titles() and is_everyday_word(before, gazetteer.everyday_words):
        return  # "Distinctly Dublin", a calendar: no given name, so no person's name
    # "Abraham Lincoln": the pair names no place, so its last word names a person here; a country's
    # name is not taken for a surname ("Rethinking Egypt" opening a headline).
    # A great city's name is not taken for one either ("Red Star Belgrade" leaves Belgrade a city in the
    # document's other mentions): wrongly taken, every mention of the city would be lost.
    if fold(f"{tokens.words[names[-2]]} {last}") in gazetteer.index or _names_country(last, gazetteer):
        return
    if not any(_a_great_city_called(c, last) for c in gazetteer.lookup(last)):
        surnames.add(last)


def _a_great_city_called(candidate, folded: str) -> bool:
    """Whether the candidate is a city of a million or more called so by its own name."""
    return (
        candidate.feature == "city" and candidate.population >= MAJOR_CITY_POPULATION and fold(candidate.name) == folded
    )


COMPASS_INITIALS = {"n": "north", "s": "south", "e": "east", "w": "west"}


def _after_compass_initial(tokens: Tokens, i: int) -> bool:
    """Whether word i follows another compass initial with only a full stop between ("S.E.", "N.W.")."""
    return i > 0 and tokens.lowered[i - 1] in COMPASS_INITIALS and tokens.gaps[i - 1] == "."


def _names_country(folded: str, gazetteer: Gazetteer) -> bool:
    return any(c.feature == "country" for c in gazetteer.lookup(folded))


# --- misspellings -------------------------------------------------------------------------


def _fuzzy_matches(
    tokens: Tokens,
    capitals: list[int],
    gazetteer: Gazetteer,
    exact: list[_Match],
    surnames: set[str],
    taken: list[tuple[int, int]],
) -> list[_Match]:
    matched = {i for m in exact for i in range(m.first, m.last + 1)}
    place_words = {m.first for m in exact} | {m.last for m in exact}
    found = []
    words_ = tokens.words
    for i in capitals:  # _fuzzy_worthy wants a capitalised word
        if i in matched or len(words_[i]) < FUZZY_MIN_LENGTH:
            continue
        # The context first: few words are after "in" or next to a place, and it is the cheapest test.
        if not (_after_locative(tokens, i) or _coordinated_with(tokens, i, place_words)):
            continue
        if not _fuzzy_worthy(tokens, i, surnames, gazetteer.demonyms):
            continue
        if overlaps((tokens.starts[i], tokens.ends[i]), taken):
            continue
        best = _closest_name(tokens.folded[i], gazetteer)
        if best and not _qualified_elsewhere(tokens, i, gazetteer.lookup(best), exact):
            found.append(_Match(i, i, gazetteer.lookup(best), fuzzy=True))
    return found


def _qualified_elsewhere(tokens: Tokens, i: int, candidates: tuple, exact: list[_Match]) -> bool:
    """Whether the place named after a comma ("Greenlane, Auckland") lies in no country of the name a
    misspelt word is closest to (Greenland): the word is another place, which the gazetteer lacks."""
    if i + 1 >= len(tokens.words) or tokens.gaps[i] != ", ":
        return False
    qualifier = next((m for m in exact if m.first == i + 1), None)
    if qualifier is None:
        return False
    return {c.country for c in qualifier.candidates}.isdisjoint(c.country for c in candidates)


def _fuzzy_worthy(tokens: Tokens, i: int, surnames: set[str], demonyms: dict[str, str]) -> bool:
    word = tokens.words[i]
    if not tokens.capitalised[i] or len(word) < FUZZY_MIN_LENGTH or word.isupper():
        return False
    if tokens.folded[i] in surnames or _sentence_start(tokens.text, tokens.starts[i]):
        return False
    if tokens.folded[i] in demonyms:
        return False  # "Russian" is one letter from "Russia" and no place
    if zipf_frequency(tokens.lowered[i], "en") >= MISSPELLING_MAX_ZIPF:
        return False  # a word English uses ("Hamas", "Baker") is not a misspelt place
    neighbours = [j for j in (i - 1, i + 1) if 0 <= j < len(tokens.words)]
    return not any(
        tokens.capitalised[j] and tokens.lowered[j] not in FUNCTION_WORDS and _adjacent(tokens, i, j)
        for j in neighbours
    )


def _closest_name(folded: str, gazetteer: Gazetteer) -> str | None:
    """The gazetteer's name closest to a word, kept by word: a comparison with thousands of names
    costs about a millisecond, and the same misspellings come back in document after document."""
    fuzzy_names = gazetteer.fuzzy_names
    if _CLOSEST[0] is not fuzzy_names or len(_CLOSEST[1]) >= CLOSEST_KEPT:
        _CLOSEST[:] = [fuzzy_names, {}]
    closest = _CLOSEST[1]
    if folded not in closest:
        choices = _fuzzy_choices(fuzzy_names, folded[0], len(folded))
        best = process.extractOne(
            folded, choices, scorer=DamerauLevenshtein.normalized_similarity, score_cutoff=FUZZY_MIN_SIMILARITY
        )
        closest[folded] = best[0] if best else None
    return closest[folded]


CLOSEST_KEPT = 50_000
_CLOSEST: list = [None, {}]  # [the names they were looked up in, {word: its closest name or None}]


# (first letter, length) -> the names of that letter and about that length, with the table they
# were taken from: gathering them is about half of a fuzzy look-up.
_FUZZY_CHOICES: dict[tuple[str, int], tuple[dict, list[str]]] = {}
# first letter -> (the table, {length: the positions of the names of that length in the letter's list}):
# one pass over a letter's thousands of names serves every length, not one pass each.
_FUZZY_LENGTHS: dict[str, tuple[dict, dict[int, list[int]]]] = {}


def _fuzzy_choices(fuzzy_names: dict[str, list[str]], letter: str, length: int) -> list[str]:
    """The names starting with ``letter`` at most two letters longer or shorter than ``length``, in
    the gazetteer's order (rapidfuzz keeps the first of equal scores)."""
    cached = _FUZZY_CHOICES.get((letter, length))
    if cached is None or cached[0] is not fuzzy_names:
        names = fuzzy_names.get(letter, [])
        positions = _fuzzy_lengths(fuzzy_names, letter)
        near = sorted(chain.from_iterable(positions.get(n, ()) for n in range(length - 2, length + 3)))
        cached = _FUZZY_CHOICES[letter, length] = (fuzzy_names, [names[i] for i in near])
    return cached[1]


def _fuzzy_lengths(fuzzy_names: dict[str, list[str]], letter: str) -> dict[int, list[int]]:
    known = _FUZZY_LENGTHS.get(letter)
    if known is None or known[0] is not fuzzy_names:
        by_length: dict[int, list[int]] = {}
        for position, name in enumerate(fuzzy_names.get(letter, ())):
            by_length.setdefault(len(name), []).append(position)
        known = _FUZZY_LENGTHS[letter] = (fuzzy_names, by_length)
    return known[1]


def _coordinated_with_a_place_name(tokens: Tokens, i: int, surnames: set[str], gazetteer: Gazetteer) -> bool:
    """ "Grantham and Skegness": joined by "and" or "or" to a capitalised word that names a place alone
    (no person of the document, no word English uses, no first word of a longer name: "Consumers Energy
    and Edison", "the Mound and Midland Trail")."""
    for step in (-2, 2):
        j = i + step
        if not 0 <= j < len(tokens.words) or tokens.words[(i + j) // 2] not in ("and", "or"):
            continue
        word = tokens.folded[j]
        if not tokens.capitalised[j] or word in surnames or word in gazetteer.dictionary_words:
            continue
        if is_everyday_word(tokens.lowered[j], gazetteer.everyday_words) or _capitalised_after(tokens, j):
            continue
        if (j == 0 or not _joined(tokens, j - 1, spaces_only=True) or not tokens.capitalised[j - 1]) and (
            gazetteer.lookup(word)
        ):
            return True
    return False


def _coordinated_with(tokens: Tokens, i: int, place_words: set[int]) -> bool:
    """ "Zaporizhia and Kherson", "Kharkiv, Sumy and Poltava"."""
    for step in (-1, 1):
        j = i + step
        if not 0 <= j < len(tokens.words):
            continue
        if j in place_words and tokens.gaps[min(i, j)].strip() == ",":
            return True
        if tokens.words[j] in ("and", "or") and j + step in place_words:
            return True
    return False


# --- areas built from names ---------------------------------------------------------------


def _shape_mention(tokens: Tokens, match: _Match, gazetteer: Gazetteer) -> PlaceMention:
    text = tokens.text
    start, end = tokens.starts[match.first], tokens.ends[match.last]
    if tokens.lowered[match.last] == "twp" and text.startswith(".", end):
        end += 1  # "Cranberry Twp.": the abbreviation's full stop is the name's
    name = NameSpan(text[start:end], start, end, match.candidates, fuzzy=match.fuzzy)
    after = _AREA_AFTER.match(text, end)
    if after:  # "the Kharkiv area": the span is "Kharkiv area"
        return PlaceMention(text[start : after.end()], start, after.end(), "area", (name,))
    if _may_follow(tokens, match.first, _AREA_BEFORE_LAST_WORDS) and _AREA_BEFORE.search(
        text, max(0, start - 40), start
    ):  # "near Pokrovsk": the span is the name
        return PlaceMention(name.text, start, end, "area", (name,))
    direction = None
    if _may_follow(tokens, match.first, _DIRECTION_LAST_WORDS):
        direction = _DIRECTION_BEFORE.search(text, max(0, start - 16), start)
    if direction and any(c.feature != "city" for c in match.candidates):
        first = direction.start()
        region = _region_called(text[first:end], match.candidates, gazetteer)
        if region:  # "eastern Europe" is Eastern Europe, not the east of a continent that reaches the Pacific
            return PlaceMention(text[first:end], first, end, "name", (NameSpan(text[first:end], first, end, region),))
        return PlaceMention(
            text[first:end], first, end, "part", (name,), direction=DIRECTIONS[direction.group(1).lower()]
        )
    return PlaceMention(name.text, start, end, "name", (name,))


def _region_called(phrase: str, named: tuple, gazetteer: Gazetteer) -> tuple:
    """The regions whose own name is a compass word and a name ("East Africa", "Northern Ireland",
    "Central Denmark"): well-known areas, or regions of the named country; not Eritrea's Southern Red Sea
    region for "the southern Red Sea"."""
    countries = {c.country for c in named if c.country}
    called = gazetteer.lookup(fold(phrase))
    return tuple(c for c in called if c.feature == "macro" or (c.feature != "city" and c.country in countries))


_DIRECTION_JOINED_BEFORE = re.compile(
    r"\b(" + "|".join(DIRECTIONS) + r")(?:\s+(?:and|or)\s+|\s*,\s*(?:and\s+|or\s+)?)$", re.IGNORECASE
)


def _elided_parts(text: str, mentions: list[PlaceMention]) -> list[PlaceMention]:
    """ "northern and southern Ukraine", "eastern, central and western Sudan": each compass word joined
    to a part of a place is a part of that place too, spanning the compass word alone."""
    found = []
    for part in (m for m in mentions if m.form == "part"):
        end = part.start
        while joined := _DIRECTION_JOINED_BEFORE.search(text, max(0, end - 40), end):
            start, stop = joined.span(1)
            direction = DIRECTIONS[joined.group(1).lower()]
            found.append(PlaceMention(text[start:stop], start, stop, "part", part.names, direction=direction))
            end = start
    return found


def _may_follow(tokens: Tokens, i: int, last_words: frozenset[str]) -> bool:
    """Whether the word before word i may end a phrase whose last word is one of ``last_words``: a
    test that spares most names the search for the phrase. A word with other than ASCII letters is
    left to the search (its case-blind matching takes "ı" for "i")."""
    if i == 0:
        return False
    word = tokens.lowered[i - 1]
    return word in last_words or not word.isascii()


def _border_mentions(text: str, gazetteer: Gazetteer) -> list[PlaceMention]:
    if "border" not in text and "frontier" not in text:
        return []  # the pattern needs one of them: most texts are not read with it at all
    mentions = []
    for found in _border_matches(text):
        groups = ("a", "b") if found.group("a") else ("c", "d")
        sides = [_border_side(text, found, g, gazetteer) for g in groups]
        if all(sides):
            start = found.start() if groups[0] == "c" else sides[0].start  # "border between…" or "X-Y border"
            end = found.end()
            mentions.append(PlaceMention(text[start:end], start, end, "border", tuple(sides)))
    return mentions


def _border_matches(text: str) -> Iterator[re.Match]:
    """``_BORDER.finditer(text)``, read only around the words "border" and "frontier": every match
    holds one, and lies within a few words of it (``_border_reach``). Where the reaches of two words
    overlap they are read as one stretch, so that the matches are those of a reading of the whole
    text, and most of a text is never tried."""
    first = last = -1
    for at in _border_word_positions(text):
        start, end = _border_reach(text, at)
        if start > last >= 0:
            yield from _border_matches_within(text, first, last)
            first = -1
        first = start if first < 0 else first
        last = max(last, end)
    if first >= 0:
        yield from _border_matches_within(text, first, last)


def _border_matches_within(text: str, start: int, end: int) -> Iterator[re.Match]:
    stretch = text[start:end]
    if "between" in stretch or not _BORDER_DASHES.isdisjoint(stretch):  # what either form needs
        yield from _BORDER.finditer(text, start, end)


def _border_reach(text: str, at: int) -> tuple[int, int]:
    """Where a match of ``_BORDER`` holding the word at ``at`` can start and end. One that ends with it
    ("the X-Y border") starts at most six words before it, its sides up to three words each; one that
    starts with it ("the border between X and Y") ends at most eleven words on. Its words are runs of
    word characters between spaces and dashes (every character the pattern can match): the reach ends
    after the spaces that close its last word, so the pattern reads the same on either side."""
    return _words_back_start(text, at), _WORDS_ON.match(text, at).end()


def _words_back_start(text: str, at: int) -> int:
    """Where ``_WORDS_BACK`` stops reading the text back from ``at``: it reads a reversed window, a
    wider one while it reads a window to its start (a pattern only reads forward)."""
    width = STRETCH_WINDOW
    while True:
        window = text[max(0, at - width) : at][::-1]
        read = _WORDS_BACK.match(window).end()
        if read < len(window) or width >= at:
            return at - read
        width *= 4


def _border_word_positions(text: str) -> list[int]:
    found = []
    for word in BORDER_WORDS:
        at = text.find(word)
        while at >= 0:
            found.append(at)
            at = text.find(word, at + 1)
    return sorted(found)


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


def _name_connector(tokens: Tokens, i: int) -> bool:
    """A lower-case word a name can hold: "Rostov-on-Don", "Deir ez-Zor", the possessive of "People's
    Republic of China"."""
    word = tokens.words[i]
    if word in NAME_CONNECTORS:
        return True
    if word == "s":
        start = tokens.starts[i]
        return start > 0 and tokens.text[start - 1] in "'’"
    if word in ELIDED_ARTICLES:  # "Côte d'Ivoire", "Val-d'Oise"
        return tokens.gaps[i] in ("'", "’")
    return word in HYPHENED_ARTICLES and tokens.gaps[i][:1] == "-"


def _joined(tokens: Tokens, i: int, spaces_only: bool = False) -> bool:
    """Whether word i and word i+1 are joined as parts of one name."""
    if i + 1 >= len(tokens.words):
        return False
    gap = tokens.gaps[i]
    if spaces_only:
        return gap == " "
    return _joining_gap(gap)


@lru_cache(maxsize=4096)
def _joining_gap(gap: str) -> bool:
    """Whether a gap between two words joins them as parts of one name (a space, a hyphen, a stop):
    cached, as a text's gaps are a few strings again and again."""
    return bool(_JOINING_GAP.match(gap))


def _adjacent(tokens: Tokens, i: int, j: int) -> bool:
    """Whether neighbouring words i and j are only a space or a hyphen apart."""
    return tokens.gaps[min(i, j)] in (" ", "-")


def _after_locative(tokens: Tokens, i: int) -> bool:
    j = i - 1
    if j >= 0 and tokens.lowered[j] == "the":
        j -= 1
    if j < 0 or tokens.lowered[j] not in LOCATIVE_WORDS:
        return False
    if tokens.lowered[j] == "to" and j and tokens.lowered[j - 1] in ("according", "thanks", "due"):
        return False  # "according to Xinhua" names a source, not a destination
    gap = tokens.text[tokens.ends[j] : tokens.starts[i]]
    return gap.strip() in ("", "the")


def _previous_word(tokens: Tokens, i: int) -> str:
    """The word before token i, past an article: "in" for "in the Bronx"."""
    j = i - 1
    if j >= 0 and tokens.lowered[j] == "the":
        j -= 1
    return tokens.lowered[j] if j >= 0 else ""


_PLACE_ABBREVIATIONS = ("twp", "st", "mt", "ft")  # words of place names written short, with a full stop


def is_dateline(text: str, start: int, end: int) -> bool:
    """Whether a name opens a line and is followed by a comma or a dash, as in "KYIV, Nov 5 —", or
    opens a sentence as a dateline does: "CHARLESTON, W.Va. --"."""
    if text.startswith(".", end) and text[max(start, end - 4) : end].lower().endswith(_PLACE_ABBREVIATIONS):
        end += 1  # "CRANBERRY TWP., Pa. —"
    line_start = _line_start(text, start)
    if line_start:
        return bool(_DATELINE_AFTER.match(text, end))
    opens = _sentence_start(text, start) or _BYLINE_DATE_BEFORE.search(text, max(0, start - 8), start)
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


def _sentence_start(text: str, start: int) -> bool:
    before = text[max(0, start - 12) : start].rstrip(" \t\"“‘'(")
    return not before or before[-1] in ".!?\n"


def _folded(match: _Match, tokens: Tokens) -> str:
    if match.first == match.last:
        return tokens.folded[match.first]
    return fold(tokens.text[tokens.starts[match.first] : tokens.ends[match.last]])


def _span(match: _Match, tokens: Tokens) -> tuple[int, int]:
    return tokens.starts[match.first], tokens.ends[match.last]


@lru_cache(maxsize=1)
def _not_place_names() -> frozenset[str]:
    return word_list(DATA_DIR / "not_place_names.txt")


@lru_cache(maxsize=1)
def _armed_group_first_words() -> frozenset[str]:
    return frozenset(phrase[0] for phrase in _armed_group_after())


@lru_cache(maxsize=1)
def _armed_group_after() -> frozenset[tuple[str, ...]]:
    return frozenset(tuple(line.split()) for line in word_list(DATA_DIR / "armed_group_after.txt", lower=False))


@lru_cache(maxsize=1)
def _not_place_after() -> frozenset[tuple[str, ...]]:
    return frozenset(tuple(line.split()) for line in word_list(DATA_DIR / "not_place_after.txt"))


NOT_PLACE_AFTER_WORDS = 3  # the longest phrase of not_place_after.txt, in words


@lru_cache(maxsize=1)
def _person_titles() -> frozenset[str]:
    return word_list(DATA_DIR / "person_titles.txt")


@lru_cache(maxsize=1)
def _organisation_heads() -> frozenset[str]:
    return word_list(DATA_DIR / "organisation_heads.txt")


@lru_cache(maxsize=1)
def _institution_words() -> frozenset[str]:
    return word_list(DATA_DIR / "institution_words.txt")

"""Choose one place for each mention, from the whole document, and build its geometry.

A candidate's score adds a prior (feature type and population) to what the
document says: the countries it names, a qualifier right after the name
("Kharkiv, Ukraine", "the Kursk area of Russia"), the regions it names
that contain the candidate, the places it names without doubt nearby, and for
"London, Ontario" the region that holds the place before the comma. What is
named beside a name, in its paragraph, counts for more than what is named
anywhere ("Santiago" after "Chile" in a round-up of South America). The
runners-up are kept so an analyst can switch.
"""

from __future__ import annotations

import bisect
import logging
import math
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache, wraps
from typing import NamedTuple

import numpy as np
from shapely.geometry import Point

from geo import geometry as geom
from geo.country_cues import countries_by_vocabulary
from geo.gazetteer import MAJOR_CITY_POPULATION, Gazetteer, is_district, small_place
from geo.geometry import Boundaries
from geo.models import GazetteerEntry, NameSpan, PlaceMention, ResolvedPlace
from geo.places import ABBREVIATION_AFTER, PLURAL_DESIGNATOR_KINDS, is_dateline, places_of_kind
from geo.text import ends_before, fold

log = logging.getLogger(__name__)

# A region beats a town or a city of up to about 250,000 of the same name, not a bigger city:
# "New Mexico" and "Virginia" the states, "Kherson" the city.
FEATURE_PRIOR = {"country": 1.0, "macro": 0.9, "natural": 0.9, "admin1": 0.84, "admin2": 0.7}
# A district named bare ("Bosso") is read as a village of the name would be (a town of 2,000): the
# text's country or a designator after it ("Bosso district") decides, not its size on the map.
DISTRICT_PRIOR = 0.63
# Places whose gazetteer point is GeoNames' (or where GeoNames would put it) rather than a point of their shape.
OWN_POINT_FEATURES = frozenset(["country", "admin1", "admin2", "macro"])
COUNTRY_IN_DOCUMENT_BONUS = 0.15
# A country named in a name's own sentence or the one before says more than one named anywhere: "the
# Institute of Public Health in Santiago" after "cases in Chile", in a round-up that names Brazil's
# states more often. Countries and states named within NEARBY_CHARS of a name are "nearby"; a state
# nearby also lets a town of a great city's name be the town (see _ranked).
COUNTRY_NEARBY_BONUS = 0.4
NEARBY_CHARS = 250
# What a document is about outweighs population elsewhere: a candidate gains this much times its
# country's share of the places the document names (a first reading of it), so that "Paris" in a
# report from Tennessee is not in France.
FOCUS_COUNTRY_BONUS = 0.4
# The same within a country: a town or county in the first-level region the document names most
# ("Columbus" in a report from Ohio, "Boone County" in one from Kentucky).
FOCUS_REGION_BONUS = 0.4
# A place is most often called by its own name: "Mexico" is the country, not Mexico City's alternate
# name, and "Twickenham" the London town, not an old name of Huntsville, Alabama.
OWN_NAME_BONUS = 0.15
QUALIFIER_BONUS = 0.6
CONTAINING_REGION_BONUS = 0.35
NEARBY_PLACE_BONUS = 0.25
# Two ambiguous names that fit together: "Walker County" and "Huntsville" are the Texas ones, as
# only there does one hold the other (weaker than support from a place already chosen).
CANDIDATE_SUPPORT_BONUS = 0.2
# Ambiguous towns near one another fit together: "Athens", "Marietta" and "Nelsonville" in one report are
# the Ohio ones, as only there are all three within a short drive. Each other name counts by how
# close its nearest town of that name is (fully within NEIGHBOUR_FULL_KM, nothing beyond NEIGHBOUR_KM),
# times that town's share of its name in the first reading: "New Haven" supports what is near the city
# in Connecticut, hardly what is near the hamlets of that name, and a name borne by dozens of towns
# supports little anywhere.
NEIGHBOUR_BONUS = 0.4
NEIGHBOUR_FULL_KM = 40.0
NEIGHBOUR_KM = 150.0
NEARBY_KM = 300.0
# A city this large is what its name means unless the text puts a namesake elsewhere ("the Mayor of Boston" in
# a national story that names New York state is not Boston, New York), a town of its name only there.
GREAT_CITY_POPULATION = 500_000
SHORT_DRIVE_KM = 40.0  # a town this close to another the document names is put there by it
OWN_NAME_AREAS = ("country", "admin1", "macro")
VILLAGE_UNDER_COUNTRY = 0.01  # how far below the prior of a country or state a lesser town of its name is kept
TIE_MARGIN = 0.01  # first-reading scores this close to the best are a tie
CLOSE_CALL = 0.5  # a second reading's lead below which a third reading may still change the choice
FUZZY_PENALTY = 0.1

DIRECTION_ADJECTIVES = {
    "east": "Eastern", "west": "Western", "north": "Northern", "south": "Southern", "centre": "Central",
    "northeast": "North-eastern", "northwest": "North-western", "southeast": "South-eastern",
    "southwest": "South-western",
}  # fmt: skip

# Radius of "the X area" / "near X", by the place's population (≥ threshold → km).
AREA_RADIUS_KM = ((1_000_000, 40.0), (100_000, 25.0), (0, 15.0))

# "the Idlib and Hama provinces", "Becker, Clay and Otter Tail counties": what follows a name up to a
# plural designator is only further capitalised names and the words that join them.
# A name recognised before "states" is a state too, though the word alone makes no name a place.
PLURAL_DESIGNATORS = {**PLURAL_DESIGNATOR_KINDS, "states": "admin1"}
LISTED_KIND_REACH = 160
_LISTED_KIND = re.compile(
    r"(?:(?:\s*,\s*|\s+(?:and|or|&)\s+|\s*,\s*(?:and|or)\s+)(?:[A-Z][\w'’.-]*)(?:\s+[A-Z][\w'’.-]*)*)*"
    r"\s+(?P<designator>" + "|".join(PLURAL_DESIGNATORS) + r")\b"
)

_LIST_JOIN = re.compile(r",\s*|\s+(?:and|or|&)\s+|,\s*(?:and|or)\s+")
# A list whose items each say how many: ", two more in ", " and 12 in ".
_PARALLEL_JOIN = re.compile(r"(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)(?:[\w-]+\s+){1,3}in\s+")

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n(?=[ \t]*[A-Z\"“])")  # a blank line, or a line that opens a sentence
# Lower-case "state": "Islamic State" is no state.
_STATE_DESIGNATOR_AFTER = re.compile(
    r"\s+(?:state|(?P<region>region)|[Pp]rovince|[Oo]blast|[Gg]overnorate|[Pp]refecture)\b(?![-’'])"
)
# "the Pacific", "the tropical Pacific", "the western Atlantic": "the" and at most one lower-case word.
_THE_BEFORE = re.compile(r"\b[Tt]he\s+(?:[a-z]+\s+)?$")
_STATE_DESIGNATOR_BEFORE = re.compile(r"\b(?:state|province|region|oblast|governorate|prefecture)\s+of\s+$")
# "the village of Lebanon", "the regional capital, Zaporozhye", "the port city of Hodeidah"
_TOWN_DESIGNATOR_BEFORE = re.compile(
    r"\b(?:(?:village|town|city|settlement|hamlet|borough)\s+of|the\s+(?:[a-z]+\s+)?(?:capital|city|town|port)\s*,)\s+$",
    re.IGNORECASE,
)

QUALIFIER_GAP_MOST = 24  # characters between a name and its qualifier: " area of the ", ", ", " ("
_QUALIFIER_GAP = re.compile(r"^(?:\s+(?:area|region)?\s*(?:of|in)\s+|,\s*|\s*\()(?:the\s+)?$")


@dataclass(frozen=True)
class DocumentContext:
    countries: dict  # ISO2 -> how often the document names the country or a place in it
    regions: tuple[tuple[str, str], ...]  # (folded name, admin1 or admin2 key) the document names unambiguously
    anchors: tuple[GazetteerEntry, ...] = ()  # towns and cities the document names unambiguously, by latitude
    # The same name recurs in a document: what the context says of a candidate, by key, is kept,
    # and so is the ranking of a name with its qualifiers.
    bonuses: dict = field(default_factory=dict, compare=False, repr=False)
    rankings: dict = field(default_factory=dict, compare=False, repr=False)
    # The anchors' coordinates as arrays, so one containment test covers them all.
    anchor_lons: np.ndarray = field(default_factory=lambda: np.empty(0), compare=False, repr=False)
    anchor_lats: np.ndarray = field(default_factory=lambda: np.empty(0), compare=False, repr=False)
    anchor_lat_list: tuple[float, ...] = ()  # the same, searched by bisect for the few within reach
    anchor_name_list: tuple[str, ...] = ()  # the anchors' folded names, one at a time
    focus: dict = field(default_factory=dict)  # ISO2 -> share of the places named, from a first reading
    first_reading: bool = False  # only what needs no other name: prior, qualifiers, countries named
    region_names: dict = field(default_factory=dict, compare=False, repr=False)  # admin1 key -> names of it
    counties: tuple = ()  # (folded name, admin2 key) among the regions
    support: _CandidateSupport | None = field(default=None, compare=False, repr=False)
    # Each name's own part of the focus (folded name -> its countries and regions), left out when the
    # name itself is ranked, and the total the shares are of.
    own_focus: dict = field(default_factory=dict, compare=False, repr=False)
    focus_total: float = 0.0
    region_counts: dict = field(default_factory=dict, compare=False, repr=False)  # admin1 key -> names in it
    # Where the text's own qualifier or words put a name at one mention ("Athens, Greece", "the province
    # of Ontario"): folded name -> key, for its other mentions, which mean the same place.
    qualified_names: dict = field(default_factory=dict, compare=False, repr=False)
    anchor_names: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=object), compare=False, repr=False)
    # Where the text names a country or a state, (start, folded name, key) by start: what is named
    # beside a name ("Santiago" after "Chile"), beside what the whole document names.
    areas_named: tuple = ()
    paragraph_starts: tuple = ()  # where each paragraph after the first starts: "nearby" stops there


@dataclass(frozen=True)
class PlaceShape:
    """What a mention's geometry resolves to; the same for every mention of the same place."""

    key: str
    name: str
    feature: str
    lat: float
    lon: float
    geometry: dict  # GeoJSON


def resolve_mentions(
    text: str,
    mentions: list[PlaceMention],
    gazetteer: Gazetteer,
    boundaries: Boundaries,
    shapes: dict | None = None,
) -> list[ResolvedPlace]:
    """Each mention tied to one place. ``shapes`` caches geometry across documents:
    simplifying Russia's outline once, not once per mention."""
    shapes = {} if shapes is None else shapes
    names = _NamesInOrder(mentions)
    cues = countries_by_vocabulary(text)
    context = replace(_document_context(mentions, cues), first_reading=True)
    rankings = [_rank_mention(text, mention, names, context, gazetteer, boundaries) for mention in mentions]
    if any(len(name.candidates) > 1 for mention in mentions for name in mention.names):
        # A second reading, knowing where the first put every name: the document's focus, and the
        # places near, around or inside the others.
        reading = _Reading(text, mentions, names, cues, gazetteer, boundaries, rankings)
        first, rankings = rankings, reading.again(rankings, [_ambiguous(mention) for mention in mentions])
        if _tops(first) != _tops(rankings):
            # Close calls between counties or towns alike are read once more, in the light of where the
            # second reading put the others: first the names it left where they were ("Huntsville" moved
            # to the Texas city makes "Walker County" the Texas one), then the ones it moved, which were
            # moved in the light of names that had not caught up with them.
            moved = [_firsts(a) != _firsts(b) for a, b in zip(first, rankings, strict=True)]
            close = [_hangs_on_the_others(m, r) for m, r in zip(mentions, rankings, strict=True)]
            rankings = reading.again(rankings, [c and not m for c, m in zip(close, moved, strict=True)])
            rankings = reading.again(rankings, [c and m for c, m in zip(close, moved, strict=True)])
    rankings = _one_place_a_name(text, mentions, rankings, names)
    resolved = []
    astray = _towns_astray(mentions, rankings)
    astray |= _towns_the_text_puts_elsewhere(text, mentions, rankings, names, boundaries)
    for index, (mention, ranked) in enumerate(zip(mentions, rankings, strict=True)):
        if index in astray:
            continue
        place = _resolve(mention, ranked, gazetteer, boundaries, shapes)
        if place:
            resolved.append(place)
    return resolved


def _one_place_a_name(
    text: str, mentions: list[PlaceMention], rankings: list[list[list[_Scored]]], names: _NamesInOrder
) -> list[list[list[_Scored]]]:
    """One place a name in one document ("Bulacan" the province in a list of provinces is the province in
    "Bulacan farms" too): where the mentions of a name, none qualified ("Paris, Texas"), were put in
    different places, each is put where their shares together put the name."""
    groups: dict[str, list[int]] = {}
    for index, (mention, ranked) in enumerate(zip(mentions, rankings, strict=True)):
        if mention.form in ("name", "area") and len(ranked) == 1 and len(ranked[0]) > 1:
            groups.setdefault(fold(mention.names[0].text), []).append(index)
    rankings = list(rankings)
    for indexes in groups.values():
        if len({rankings[i][0][0].entry.key for i in indexes}) < 2:
            continue
        if any(_qualifiers(text, mentions[i].names[0], names) for i in indexes):
            continue  # "Paris, Texas" and, further on, "Paris, France"
        shares: Counter = Counter()
        for i in indexes:
            total = _total(rankings[i][0])
            for scored in rankings[i][0]:
                shares[scored.entry.key] += _share(scored, total)
        best = max(shares, key=lambda key: (shares[key], key))
        for i in indexes:
            ranking = rankings[i][0]
            chosen = [s for s in ranking if s.entry.key == best]
            if chosen and ranking[0].entry.key != best:
                rankings[i] = [chosen + [s for s in ranking if s.entry.key != best]]
    return rankings


STORY_REGION_NAMES = 3  # names placed in one region that make it the region a story is about
STORY_REGION_SHARE = 0.6  # ... and the share of the placed names they must be
STRAY_TOWN_POPULATION = 100_000  # a town this large may well be named from afar


def _towns_astray(mentions: list[PlaceMention], rankings: list[list[list[_Scored]]]) -> set[int]:
    """The mentions of a town name that none of its places fits: a story about one state ("Rogersville",
    "Greene County", "Springfield" in Missouri) naming "Logan", whose places are all small towns in
    other states, far from every place the story names. The gazetteer lacks the story's own Logan (a
    village under 500 people), and any Logan it has would be a guess: left unplaced, not drawn wrong."""
    chosen: dict[str, GazetteerEntry] = {}
    for mention, ranked in zip(mentions, rankings, strict=True):
        for name, ranking in zip(mention.names, ranked, strict=True):
            chosen.setdefault(fold(name.text), ranking[0].entry)
    regions = Counter(_region_of(e) for e in chosen.values() if _region_of(e))
    if not regions:
        return set()
    region, count = regions.most_common(1)[0]
    if count < STORY_REGION_NAMES or count < STORY_REGION_SHARE * sum(regions.values()):
        return set()
    anchors = [e for e in chosen.values() if _region_of(e) == region and e.feature == "city"]
    astray = set()
    for index, (mention, ranked) in enumerate(zip(mentions, rankings, strict=True)):
        if mention.form != "name" or len(mention.names) != 1:
            continue
        candidates = tuple(s.entry for s in ranked[0])  # as the words around the name left them
        best = candidates[0]
        if (
            len(candidates) > 1
            and best.population < STRAY_TOWN_POPULATION
            and _towns_alike(candidates)
            and not any(c.region == region for c in candidates)
            and regions[best.region] <= 1  # only this name there: not "Spotswood" in a Sydney story naming Victoria
            and not any(geom.great_circle_km(best.lat, best.lon, a.lat, a.lon) <= NEARBY_KM for a in anchors)
        ):
            astray.add(index)
    return astray


def _towns_the_text_puts_elsewhere(
    text: str,
    mentions: list[PlaceMention],
    rankings: list[list[list[_Scored]]],
    names: _NamesInOrder,
    boundaries: Boundaries,
) -> set[int]:
    """The mentions of a town name that the text puts in a region or country where none of its places
    lies: "Stroud, Ontario", where the gazetteer knows the Stroud of England, Oklahoma and New South
    Wales but not Ontario's hamlet. The text says where it is not; the qualifier is placed on its own."""
    elsewhere = set()
    for index, (mention, ranked) in enumerate(zip(mentions, rankings, strict=True)):
        if mention.form != "name" or len(mention.names) != 1:
            continue
        candidates = tuple(s.entry for s in ranked[0])
        if len(candidates) < 2 or not _towns_alike(candidates):
            continue  # one place of the name: a comma after it is more likely a misreading than the text
        qualifiers = _qualifiers(text, mention.names[0], names)
        if (
            qualifiers
            and not any(_qualified(c, qualifiers, boundaries) for c in candidates)
            and not _in_a_list(mention.names[0], names, text)
        ):
            elsewhere.add(index)
    return elsewhere


def _in_a_list(name: NameSpan, names: _NamesInOrder, text: str) -> bool:
    """Whether a name is one of a list closed by "and" or "or" ("Sharon, Cornwall and Salisbury"), where a
    name after a comma is the next item, not where the one before it lies ("Stroud, Ontario, Canada")."""
    at = names.index_of(name)
    return at is not None and any(_CLOSING_JOIN.search(join) for join in names.list_joins(at, text))


_CLOSING_JOIN = re.compile(r"\b(?:and|or)\b|&")


def _region_of(entry: GazetteerEntry) -> str | None:
    return entry.key if entry.feature == "admin1" else entry.region if entry.feature in ("city", "admin2") else None


class _Reading:
    """What every reading after the first shares: the document, and what the first reading settled."""

    def __init__(self, text, mentions, names, cues, gazetteer, boundaries, first: list) -> None:
        self.text, self.mentions, self.names, self.cues = text, mentions, names, cues
        self.gazetteer, self.boundaries = gazetteer, boundaries
        self.placed = _placed_by_qualifiers(text, mentions, first, names, boundaries)
        self.support = _CandidateSupport(mentions, _first_shares(mentions, first))
        self.paragraph_starts = tuple(m.end() for m in _PARAGRAPH_BREAK.finditer(text))

    def again(self, previous: list, which: list[bool]) -> list:
        """The mentions ``which`` picks ranked once more in the light of the ``previous`` reading."""
        if not any(which):
            return previous
        context = _focused_context(self.mentions, previous, self.cues, self.support)
        context = replace(
            context, qualified_names=self.placed, areas_named=_areas_named(self.mentions, previous),
            paragraph_starts=self.paragraph_starts,
        )  # fmt: skip
        return [
            _rank_mention(self.text, mention, self.names, context, self.gazetteer, self.boundaries) if again else ranked
            for mention, ranked, again in zip(self.mentions, previous, which, strict=True)
        ]


def _tops(rankings: list[list[list[_Scored]]]) -> list[tuple[str, ...]]:
    """Where a reading put each name, with its ties: what the next reading starts from."""
    return [tuple(s.entry.key for r in ranked for s in r if s.score >= r[0].score - TIE_MARGIN) for ranked in rankings]


def _firsts(ranked: list[list[_Scored]]) -> tuple[str, ...]:
    return tuple(ranking[0].entry.key for ranking in ranked)


def _hangs_on_the_others(mention: PlaceMention, ranked: list[list[_Scored]]) -> bool:
    """A close call between counties or towns alike, whose choice hangs on where the others are."""
    return any(
        len(ranking) > 1
        and ranking[0].score - ranking[1].score < CLOSE_CALL
        and (all(c.feature == "admin2" for c in name.candidates) or _towns_alike(name.candidates))
        for name, ranking in zip(mention.names, ranked, strict=True)
    )


def _placed_by_qualifiers(
    text: str,
    mentions: list[PlaceMention],
    rankings: list[list[list[_Scored]]],
    names: _NamesInOrder,
    boundaries: Boundaries,
) -> dict[str, str]:
    """The names a qualifier ("Athens, Greece") or the words around them ("the province of Ontario", a list of
    states) placed at one of their mentions, with the place chosen."""
    placed: dict[str, set[str]] = {}
    for mention, ranked in zip(mentions, rankings, strict=True):
        for name, ranking in zip(mention.names, ranked, strict=True):
            if len(name.candidates) < 2:
                continue
            best = ranking[0].entry
            if len(ranking) == 1 and mention.form == "name":
                # The words around this mention left one place of the name ("Georgia, Ohio and
                # Texas", "New York state"): its other mentions mean the same place, unless the name
                # is a country's ("Panama" beside "Panamá Province").
                if not _a_countrys_name(fold(name.text), name.candidates):
                    placed.setdefault(fold(name.text), set()).add(best.key)
                continue
            qualifiers = _qualifiers(text, name, names)
            if qualifiers and best.feature != "country" and _qualified(best, qualifiers, boundaries) >= QUALIFIER_BONUS:
                placed.setdefault(fold(name.text), set()).add(best.key)
    # "Alexandria, Va." and "Alexandria in Egypt" in one report: the bare name could be either.
    return {written: keys.pop() for written, keys in placed.items() if len(keys) == 1}


def _a_countrys_name(written: str, candidates: tuple[GazetteerEntry, ...]) -> bool:
    area = _name_facts(written, candidates).area
    return area is not None and area.feature == "country"


def _ambiguous(mention: PlaceMention) -> bool:
    return any(len(name.candidates) > 1 for name in mention.names)


def _focused_context(
    mentions: list[PlaceMention], rankings: list[list[list[_Scored]]], cues: Counter, support: _CandidateSupport
) -> DocumentContext:
    """The context of a second reading: where the first put each name (the unambiguous ones and
    the rest alike) gives the anchors and regions, and each country's share of the names is the
    document's focus. A name never supports itself: "Victoria" the city does not make
    "Victoria" the state more likely. A name the first reading could not decide between places
    alike ("Henry County": a dozen states have one) spreads its share over them, so that its
    arbitrary first choice does not outweigh the state the document names."""
    chosen: dict[str, GazetteerEntry] = {}
    tied: dict[str, list[GazetteerEntry]] = {}
    for mention, ranked in zip(mentions, rankings, strict=True):
        for name, ranking in zip(mention.names, ranked, strict=True):
            if name.fuzzy:
                continue
            written = fold(name.text)
            if written not in chosen:
                chosen[written] = ranking[0].entry
                tied[written] = [s.entry for s in ranking if s.score >= ranking[0].score - TIE_MARGIN]
    # Plain dicts, not Counters: this runs at every reading. The shares are added in the same order.
    countries: dict[str, float] = dict(cues)
    in_regions: dict[str, float] = {}
    own_focus: dict[str, tuple[dict, dict]] = {}
    for written, entries in tied.items():
        own_countries, own_regions = own_focus[written] = _own_shares(entries)
        _add_into(countries, own_countries)
        _add_into(in_regions, own_regions)
    total = sum(countries.values())
    regions = [(written, e.key) for written, e in chosen.items() if e.feature in ("admin1", "admin2")]
    anchors = [(written, e) for written, e in chosen.items() if e.feature == "city"]
    focus = {iso2: n / total for iso2, n in countries.items()}
    context = _context(countries, regions, anchors, focus)
    return replace(
        context, support=support, own_focus=own_focus, focus_total=total, region_counts=in_regions,
    )  # fmt: skip


def _own_shares(entries: list[GazetteerEntry]) -> tuple[dict[str, float], dict[str, float]]:
    """A name's share of the focus, spread evenly over the places it was tied between: by country, by region."""
    own_countries: dict[str, float] = {}
    own_regions: dict[str, float] = {}
    for entry in entries:
        if entry.country:
            own_countries[entry.country] = own_countries.get(entry.country, 0) + 1 / len(entries)
        if entry.region:
            own_regions[entry.region] = own_regions.get(entry.region, 0) + 1 / len(entries)
    return own_countries, own_regions


def _add_into(totals: dict[str, float], counts: dict[str, float]) -> None:
    for key, count in counts.items():
        totals[key] = count + totals.get(key, 0)


def _first_shares(mentions: list[PlaceMention], rankings: list[list[list[_Scored]]]) -> dict[tuple[str, str], float]:
    """(folded name, key) -> the candidate's share of its name in the first reading."""
    shares: dict[tuple[str, str], float] = {}
    seen: set[tuple[str, int]] = set()
    for mention, ranked in zip(mentions, rankings, strict=True):
        for name, ranking in zip(mention.names, ranked, strict=True):
            written = fold(name.text)
            if (written, id(ranking)) in seen:
                continue  # a name's mentions ranked alike share one list (DocumentContext.rankings): no new share
            seen.add((written, id(ranking)))
            total = _total(ranking)
            for scored in ranking:
                if scored.entry.feature == "city":  # only towns lend support
                    shares.setdefault((written, scored.entry.key), _share(scored, total))
    return shares


class _CandidateSupport:
    """Every candidate of every name, to find the candidates of two names that fit together:
    a town inside a region or county that another name could be."""

    def __init__(self, mentions: list[PlaceMention], shares: dict[tuple[str, str], float]) -> None:
        self.region_names: dict[str, set[str]] = {}  # admin1 key -> names that could be it
        self.town_names_in: dict[str, set[str]] = {}  # admin1 key -> names that could be a town in it
        self.counties: list[tuple[str, str]] = []  # (name, admin2 key) of every county candidate
        towns: list[tuple[str, GazetteerEntry]] = []
        for written, candidates in _names_once(mentions):
            for candidate in candidates:
                if candidate.feature == "admin1":
                    self.region_names.setdefault(candidate.key, set()).add(written)
                elif candidate.feature == "admin2":
                    self.counties.append((written, candidate.key))
                elif candidate.feature == "city":
                    towns.append((written, candidate))
                    if candidate.region:
                        self.town_names_in.setdefault(candidate.region, set()).add(written)
        self.counties = list(dict.fromkeys(self.counties))
        # Each town of each name once, in order, told apart by key: hashing a place costs half a microsecond.
        once: dict[tuple[str, str], GazetteerEntry] = {}
        for written, town in towns:
            once.setdefault((written, town.key), town)
        towns = [(written, town) for (written, _), town in once.items()]
        self.town_names = np.array([n for n, _ in towns], dtype=object)
        self.town_lons = np.array([t.lon for _, t in towns], dtype=float)
        self.town_lats = np.array([t.lat for _, t in towns], dtype=float)
        self.town_weights = np.array([shares.get((n, t.key), 0.0) for n, t in towns], dtype=float)
        self.by_name = np.argsort(self.town_names, kind="stable") if towns else np.empty(0, dtype=np.intp)
        names_in_order = self.town_names[self.by_name]
        firsts = np.concatenate(([True], names_in_order[1:] != names_in_order[:-1])) if towns else ()  # not np.r_: slow
        self.name_starts = np.flatnonzero(firsts) if towns else ()
        # What a candidate's neighbours say is the same in every reading.
        self._neighbours: dict[tuple, dict[str, float]] = {}
        self._fits: dict[tuple[str, str], bool] = {}

    def neighbours(self, candidates: tuple[GazetteerEntry, ...], written: str) -> dict[str, float]:
        """How much the other names' towns near each of these towns of one name support it (see
        NEIGHBOUR_BONUS), by key; the same in every reading, so measured once."""
        key = (written, tuple(c.key for c in candidates))
        known = self._neighbours.get(key)
        if known is None:
            known = self._neighbours[key] = self._measure_neighbours(candidates, written)
        return known

    def _measure_neighbours(self, candidates: tuple[GazetteerEntry, ...], written: str) -> dict[str, float]:
        others = self.town_names != written
        if not others.any():
            return {}
        lats = np.array([c.lat for c in candidates])[:, None]
        lons = np.array([c.lon for c in candidates])[:, None]
        km = geom.great_circle_km_many(lats, lons, self.town_lats[None, :], self.town_lons[None, :])
        closeness = np.clip((NEIGHBOUR_KM - km) / (NEIGHBOUR_KM - NEIGHBOUR_FULL_KM), 0.0, 1.0)
        closeness *= np.where(others, self.town_weights, 0.0)
        # The nearest town of each other name, the towns being in order of their names.
        best = np.maximum.reduceat(closeness[:, self.by_name], self.name_starts, axis=1)
        return {c.key: float(total) for c, total in zip(candidates, best.sum(axis=1), strict=True)}

    def fits(self, candidate: GazetteerEntry, written: str, boundaries: Boundaries) -> bool:
        known = self._fits.get((candidate.key, written))
        if known is None:
            known = self._fits[(candidate.key, written)] = self._measure_fit(candidate, written, boundaries)
        return known

    def _measure_fit(self, candidate: GazetteerEntry, written: str, boundaries: Boundaries) -> bool:
        if candidate.feature == "city":
            in_region = self.region_names.get(candidate.region, ()) if candidate.region else ()
            return any(n != written for n in in_region) or any(
                n != written and boundaries.contains(key, candidate.lon, candidate.lat) for n, key in self.counties
            )
        if candidate.feature == "admin1":
            return any(n != written for n in self.town_names_in.get(candidate.key, ()))
        if candidate.feature == "admin2" and len(self.town_names):
            inside = boundaries.contains_many(candidate.key, self.town_lons, self.town_lats)
            return bool((inside & (self.town_names != written)).any())
        return False


def _names_once(mentions: list[PlaceMention]) -> Iterator[tuple[str, tuple[GazetteerEntry, ...]]]:
    """(folded name, its places) for each name of the mentions, the first time only: a name mentioned ten
    times is the same name with the same places (the place finder hands every mention the same tuple)."""
    seen: set[tuple[str, int]] = set()
    for mention in mentions:
        for name in mention.names:
            written = fold(name.text)
            if (written, id(name.candidates)) not in seen:
                seen.add((written, id(name.candidates)))
                yield written, name.candidates


def _document_context(mentions: list[PlaceMention], cues: Counter) -> DocumentContext:
    countries: Counter = Counter(cues)
    regions = []
    anchors = []
    for mention in mentions:
        for name in mention.names:
            features = {c.feature for c in name.candidates}
            for candidate in name.candidates:
                if candidate.feature == "country":
                    countries[candidate.country] += 1
            if len(name.candidates) == 1 and features <= {"admin1", "admin2"}:
                regions.append((fold(name.text), name.candidates[0].key))
                countries[name.candidates[0].country] += 1
            if len(name.candidates) == 1 and features == {"city"} and not name.fuzzy:
                anchors.append((fold(name.text), name.candidates[0]))
                countries[name.candidates[0].country] += 1
    return _context(countries, regions, anchors)


def _context(countries: dict, regions: list, anchors: list, focus: dict | None = None) -> DocumentContext:
    """``regions`` and ``anchors`` as (folded name, key or entry) pairs."""
    anchors = sorted(anchors, key=lambda a: a[1].lat)
    lats = tuple(a.lat for _, a in anchors)
    regions = list(dict.fromkeys(regions))
    region_names: dict[str, set[str]] = {}
    for name, key in regions:
        if key.startswith("admin1:"):
            region_names.setdefault(key, set()).add(name)
    counties = tuple((name, key) for name, key in regions if not key.startswith("admin1:"))
    return DocumentContext(
        countries, tuple(regions), tuple(a for _, a in anchors), region_names=region_names, counties=counties,
        anchor_lons=np.array([a.lon for _, a in anchors], dtype=float), anchor_lats=np.array(lats, dtype=float),
        anchor_lat_list=lats, focus=focus or {},
        anchor_names=np.array([n for n, _ in anchors], dtype=object), anchor_name_list=tuple(n for n, _ in anchors),
    )  # fmt: skip


class _NamesInOrder:
    """The document's names by start, for "the next name after this one" without a scan."""

    def __init__(self, mentions: list[PlaceMention]) -> None:
        self.mentions = mentions
        # Sorted by start, then by text order of the mention, as min() over the mentions would pick.
        self.names = sorted((n for m in mentions for n in m.names), key=lambda n: n.start)
        self.starts = [n.start for n in self.names]
        # The first name (in text order) ending at each offset, for "the name right before this comma".
        self.ending_at: dict[int, NameSpan] = {}
        for mention in mentions:
            for name in mention.names:
                self.ending_at.setdefault(name.end, name)
        self._as_called: dict[tuple[int, bool], NameSpan] = {}
        self._around: dict[int, _Around] = {}

    def as_the_text_calls_it(self, text: str, name: NameSpan, areas_only: bool, gazetteer: Gazetteer) -> NameSpan:
        """``_as_the_text_calls_it``, the same at every reading of the document, so worked out once
        (by the name's identity: the document's mentions, which hold it, live as long as this)."""
        key = (id(name), areas_only)
        known = self._as_called.get(key)
        if known is None:
            known = self._as_called[key] = _as_the_text_calls_it(text, name, areas_only, self, gazetteer)
        return known

    def around(self, text: str, name: NameSpan) -> _Around:
        """``_around``, worked out once for each name as the text calls it (by identity, as above)."""
        known = self._around.get(id(name))
        if known is None:
            known = self._around[id(name)] = _around(text, name, self)
        return known

    def first_from(self, offset: int) -> NameSpan | None:
        at = bisect.bisect_left(self.starts, offset)
        return self.names[at] if at < len(self.names) else None

    def index_of(self, name: NameSpan) -> int | None:
        at = bisect.bisect_left(self.starts, name.start)
        return at if at < len(self.names) and self.names[at].start == name.start else None

    def list_length(self, at: int, text: str) -> int:
        """How many names the list that holds the name at ``at`` has (1: no list)."""
        return 1 + sum(1 for _ in self.list_joins(at, text))

    def list_joins(self, at: int, text: str) -> Iterator[str]:
        """The joints (", ", " and "…) of the list that holds the name at ``at``, outward from it."""
        for step in (-1, 1):
            i = at
            while (joined := self.neighbour(i, step, text))[0] is not None:
                i += step
                yield joined[1]

    def neighbour(self, at: int, step: int, text: str, joints: re.Pattern = _LIST_JOIN) -> tuple[NameSpan | None, str]:
        """The name next to the one at ``at`` (before it for -1) when only a list's joint lies
        between them (", ", " and ", ", or "; or what ``joints`` matches), and that joint."""
        other = at + step
        if not 0 <= other < len(self.names):
            return None, ""
        first, second = sorted((self.names[at], self.names[other]), key=lambda n: n.start)
        join = text[first.end : second.start]
        return (self.names[other], join) if joints.fullmatch(join) else (None, "")


def _rank_mention(
    text: str,
    mention: PlaceMention,
    mentions: _NamesInOrder,
    context: DocumentContext,
    gazetteer: Gazetteer,
    boundaries: Boundaries,
) -> list[list[_Scored]]:
    """Each name of the mention with its candidates, best first."""
    areas_only = mention.form in ("part", "border")  # "eastern X", "the X-Y border": X is an area, never a town
    return [
        _rank(
            text,
            mentions.as_the_text_calls_it(text, name, areas_only, gazetteer),
            context,
            gazetteer,
            boundaries,
            mentions,
        )
        for name in mention.names
    ]


def _as_the_text_calls_it(
    text: str, name: NameSpan, areas_only: bool, mentions: _NamesInOrder, gazetteer: Gazetteer
) -> NameSpan:
    """A name with only the candidates of the kind the words around it say (each test looks at this
    name alone, so one name goes through them all in turn)."""
    if areas_only:
        name = _areas_only(name)
    name = _of_listed_kind(text, name, gazetteer)  # may put a county's places for a town's ("Love counties")
    if len(name.candidates) < 2:
        return name  # the tests that follow only choose among a name's places: a name of one is chosen
    name = _sea_or_region_after_the(text, name)
    name = _town_by_designator(text, name)
    name = _state_by_designator(text, name)
    name = _as_listed_countries(text, name, mentions)
    return _as_listed_regions(text, name, mentions)


def _resolve(
    mention: PlaceMention, ranked: list[list[_Scored]], gazetteer: Gazetteer, boundaries: Boundaries, shapes: dict
) -> ResolvedPlace | None:
    chosen = [r[0] for r in ranked]
    entries = [c.entry for c in chosen]
    cache_key = _shape_key(mention, entries)
    if cache_key not in shapes:
        shapes[cache_key] = _place_shape(mention, entries, gazetteer, boundaries)
    shape = shapes[cache_key]
    if shape is None:
        return None  # e.g. a "border" between regions that share none: not a place we can draw
    first = chosen[0]
    totals = [_total(r) for r in ranked]  # each once: a name of fifty places sums fifty scores
    total = totals[0] if len(ranked[0]) > 1 else 0.0  # the alternatives' shares are of it
    return ResolvedPlace(
        mention=mention.text,
        start=mention.start,
        end=mention.end,
        key=shape.key,
        name=shape.name,
        feature=shape.feature,
        country=_common_country(entries),
        lat=shape.lat,
        lon=shape.lon,
        geometry=shape.geometry,
        score=min(_share(c, t) for c, t in zip(chosen, totals, strict=True)),
        geonameid=first.entry.geonameid if mention.form == "name" else None,
        alternatives=tuple((c.entry.key, _label(c.entry), _share(c, total)) for c in ranked[0][1:4]),
    )


def _of_listed_kind(text: str, name: NameSpan, gazetteer: Gazetteer) -> NameSpan:
    """A name in a list that a plural designator closes is of that kind: "the Idlib and Hama
    provinces" are two provinces, not two cities; "Camden and Charlton counties" two counties, which
    the gazetteer lists by their full names."""
    after = text[name.end : name.end + LISTED_KIND_REACH]
    if not any(map(after.__contains__, PLURAL_DESIGNATORS)):
        return name  # the pattern ends on one of them: most names have none within reach
    match = _LISTED_KIND.match(text, name.end, min(len(text), name.end + LISTED_KIND_REACH))
    if not match:
        return name
    kind = PLURAL_DESIGNATORS[match.group("designator").casefold()]
    listed = _JOINED_BEFORE.search(text, max(0, name.start - 6), name.start) or _LIST_JOIN.search(
        text, name.end, match.start("designator")
    )
    if not listed and _holds_its_kind(name, kind):
        return name  # "Indiana counties", "Texas counties": the counties of that state
    if kind == "admin2":
        candidates = places_of_kind(fold(name.text), kind, gazetteer)
    else:
        candidates = tuple(c for c in name.candidates if c.feature == kind)
    return replace(name, candidates=candidates) if candidates else name


HOLDER_OF = {"admin2": ("admin1", "country"), "admin1": ("country",)}
_JOINED_BEFORE = re.compile(f"(?:{_LIST_JOIN.pattern})$")  # a list's join right before a name


def _holds_its_kind(name: NameSpan, kind: str) -> bool:
    """A state's or country's name alone before a plural designator of what it holds is the holder
    ("Indiana counties", "Ukraine's regions"), not one of them: a list needs two names."""
    holders = HOLDER_OF.get(kind, ())
    return any(c.feature in holders and fold(c.name) == fold(name.text) for c in name.candidates)


def _sea_or_region_after_the(text: str, name: NameSpan) -> NameSpan:
    """ "The Pacific", "the tropical Atlantic", "the Sahel": after "the", a name that is a sea's or a
    region of the world's is that, not a town's of the same name (no town is called "the Pacific")."""
    if not _THE_BEFORE.search(text, max(0, name.start - 30), name.start):
        return name
    areas = tuple(c for c in name.candidates if c.feature in ("macro", "natural"))
    return replace(name, candidates=areas) if areas else name


def _town_by_designator(text: str, name: NameSpan) -> NameSpan:
    """A name the text calls a town is a town: "the settlement of New York" in a report from the
    Ukrainian front, "the village of Lebanon", not the state or the country of that name; so is the
    city in capitals of a dateline ("MARIB, Yemen —", not the governorate)."""
    called_a_town = ends_before(text, name.start, 30, ("of", ",")) and _TOWN_DESIGNATOR_BEFORE.search(
        text, max(0, name.start - 30), name.start
    )
    if called_a_town and called_a_town.group().rstrip().endswith(",") and text.startswith(("'", "’"), name.end):
        called_a_town = None  # "the city, Lebanon's second-largest": the country's, not a town's name
    if not called_a_town and not (name.text.isupper() and is_dateline(text, name.start, name.end)):
        return name
    towns = tuple(c for c in name.candidates if c.feature == "city")
    return replace(name, candidates=towns) if towns else name


def _state_by_designator(text: str, name: NameSpan) -> NameSpan:
    """A name the text calls a state is a state: "a Washington state farm", "New York state", "the
    province of Ontario", not the city or the towns of that name."""
    after = _STATE_DESIGNATOR_AFTER.match(text, name.end)
    called_a_state = after or (
        ends_before(text, name.start, 30, ("of",))
        and _STATE_DESIGNATOR_BEFORE.search(text, max(0, name.start - 30), name.start)
    )
    if not called_a_state:
        return name
    written = fold(name.text)
    states = tuple(c for c in name.candidates if c.feature == "admin1" and fold(c.name) == written)
    if after and after["region"]:
        # "the Sagaing region" beside the town of Sagaing, "the Kharkiv region": a region of a town's name
        # in its country; "the Charlotte region" is the city's, not a parish of the name on another island.
        towns = {c.country for c in name.candidates if c.feature == "city" and fold(c.name) == written}
        states = tuple(c for c in states if c.country in towns)
    return replace(name, candidates=states) if states else name


def _as_listed_countries(text: str, name: NameSpan, mentions: _NamesInOrder) -> NameSpan:
    """A name listed with countries is a country: "the borders of Nigeria, Niger, Chad and Cameroon" (not
    Nigeria's Niger State). Only in a list a word joins ("and", "or"): "Minna, Niger, Nigeria" is a town,
    its state and its country."""
    countries = tuple(c for c in name.candidates if c.feature == "country")
    at = mentions.index_of(name)
    if not countries or len(countries) == len(name.candidates) or at is None:
        return name
    neighbours = (mentions.neighbour(at, step, text)[0] for step in (-1, 1))
    if not any(n is not None and _a_countrys_own_name(n) for n in neighbours):
        return name
    if any(join.strip(" ,") for join in mentions.list_joins(at, text)):
        return replace(name, candidates=countries)
    return name


def _a_countrys_own_name(name: NameSpan) -> bool:
    written = fold(name.text)
    return any(c.feature == "country" and fold(c.name) == written for c in name.candidates)


def _as_listed_regions(text: str, name: NameSpan, mentions: _NamesInOrder) -> NameSpan:
    """A name listed with states is a state: "Arizona, California, Oregon and Utah", "Georgia and
    Florida" (not the towns of those names that each state holds). Two names joined by a bare comma
    are a place and its qualifier ("Paris, Texas"), not a list."""
    regions = _own_regions(name)
    at = mentions.index_of(name)
    if not regions or at is None or ABBREVIATION_AFTER.match(text, name.end):
        return name  # "Texas and Washington, D.C.": a name with its qualifier is no state of a list
    before, after = mentions.neighbour(at, -1, text), mentions.neighbour(at, 1, text)
    if before[0] is None and after[0] is None:
        # "a casino in Iowa, two more in Missouri and 12 in Nevada": a list whose items each say how many.
        before, after = (mentions.neighbour(at, step, text, _PARALLEL_JOIN) for step in (-1, 1))
    countries = {r.country for n, _ in (before, after) if n is not None for r in _own_regions(n)}
    by_word = any(join.strip(" ,") for _, join in (before, after))
    listed = tuple(r for r in regions if r.country in countries)
    if listed and (by_word or mentions.list_length(at, text) >= 3):
        return replace(name, candidates=listed)
    return name


def _kept_by_identity(function):
    """A cache in front of ``function(written, candidates)`` (itself cached by value) keyed by the
    candidates' identity: the place finder hands every mention of a name, in every document, the same
    tuple (``places.places_called``), and hashing a tuple of places costs half a microsecond a place (a
    name with thirty namesakes, more than ranking it once). The tuple is kept with its value, so that its
    id is its own while it is there."""
    kept: dict[tuple[str, int], tuple[tuple, object]] = {}

    @wraps(function)
    def cached(written: str, candidates: tuple[GazetteerEntry, ...]):
        known = kept.get((written, id(candidates)))
        if known is not None and known[0] is candidates:
            return known[1]
        if len(kept) >= KEPT_BY_IDENTITY:
            kept.clear()
        value = function(written, candidates)
        kept[written, id(candidates)] = (candidates, value)
        return value

    return cached


KEPT_BY_IDENTITY = 65536


def _own_regions(name: NameSpan) -> tuple[GazetteerEntry, ...]:
    """The states called by this name, not a city's own district ("Seoul", "Gaza")."""
    return _regions_called(fold(name.text), name.candidates)


@_kept_by_identity
@lru_cache(maxsize=65536)
def _regions_called(written: str, candidates: tuple[GazetteerEntry, ...]) -> tuple[GazetteerEntry, ...]:
    """The same for every mention of a name at every reading, so worked out once."""
    return tuple(
        c for c in candidates
        if c.feature == "admin1" and fold(c.name) == written
        and not _a_citys_own_district(c, candidates, written)
    )  # fmt: skip


def _areas_only(name: NameSpan) -> NameSpan:
    """The areas of a name, for "eastern X": not its towns, but a great city itself ("north London",
    "eastern Aleppo": a part of the city, not of a district that bears its name)."""
    written = fold(name.text)
    great_city = any(c.feature == "city" and not _below_great(c) and _called_so(c, written) for c in name.candidates)
    if great_city and _area_of_this_name(name.candidates, written) is None:  # "eastern Singapore" is the country's
        return name
    areas = tuple(c for c in name.candidates if c.feature != "city")
    return replace(name, candidates=areas or name.candidates)


def _share(scored: _Scored, total: float) -> float:
    """A candidate's share of its name's ranking (``total``): 1.0 when the name fits one place only."""
    return round(max(scored.score, 0.0) / total, 3) if total else 0.0


def _total(ranking: list[_Scored]) -> float:
    return sum(max(s.score, 0.0) for s in ranking)


class _Scored(NamedTuple):
    """A candidate and its score; a named tuple, as one is made for every candidate at every reading."""

    entry: GazetteerEntry
    score: float


def _rank(
    text: str,
    name: NameSpan,
    context: DocumentContext,
    gazetteer: Gazetteer,
    boundaries: Boundaries,
    mentions: _NamesInOrder,
) -> list[_Scored]:
    qualifiers, qualified, written, fixed = mentions.around(text, name)
    nearby = _areas_named_near(name, written, context)
    # A name recurs in a document: its ranking is the same wherever the same qualifiers go with it.
    signature = (fixed, nearby)
    known = context.rankings.get(signature)
    if known is None:
        known = context.rankings[signature] = _ranked(name, written, qualifiers, qualified, context, boundaries, nearby)
    return known


class _Around(NamedTuple):
    """What the text says right around a name, the same at every reading of the document."""

    qualifiers: tuple[GazetteerEntry, ...]  # the regions or countries named right after it
    qualified: NameSpan | None  # the name before the comma it follows
    written: str  # its folded form
    signature: tuple  # all of these and the name's candidates, by key: what a ranking of it depends on


def _around(text: str, name: NameSpan, mentions: _NamesInOrder) -> _Around:
    qualifiers = _qualifiers(text, name, mentions)
    qualified = _place_before_comma(text, name, mentions)
    written = fold(name.text)
    signature = (written, name.fuzzy, tuple(c.key for c in name.candidates), tuple(q.key for q in qualifiers),
                 qualified and tuple(c.key for c in qualified.candidates))  # fmt: skip
    return _Around(qualifiers, qualified, written, signature)


def _areas_named(mentions: list[PlaceMention], rankings: list[list[list[_Scored]]]) -> tuple:
    """(start, folded name, key) of every name a reading took for a country or a state, by start."""
    named = []
    for mention, ranked in zip(mentions, rankings, strict=True):
        for name, ranking in zip(mention.names, ranked, strict=True):
            best = ranking[0].entry
            if best.feature in ("country", "admin1"):
                named.append((name.start, fold(name.text), best.key))
    return tuple(sorted(named))


def _areas_named_near(name: NameSpan, written: str, context: DocumentContext) -> frozenset:
    """The keys of the countries and states named within NEARBY_CHARS of a name in its paragraph, but itself."""
    if not context.areas_named:
        return frozenset()
    paragraph = bisect.bisect_right(context.paragraph_starts, name.start)
    starts = context.paragraph_starts
    since = max(name.start - NEARBY_CHARS, starts[paragraph - 1] if paragraph else 0)
    until = min(name.end + NEARBY_CHARS, starts[paragraph] if paragraph < len(starts) else name.end + NEARBY_CHARS)
    first = bisect.bisect_left(context.areas_named, (since,))
    last = bisect.bisect_left(context.areas_named, (until,))
    near = {key for _, other, key in context.areas_named[first:last] if other != written}
    if not near or len(name.candidates) < 2:
        return frozenset()
    # Only what bears on these candidates, so that the name's ranking is shared by more of its mentions:
    # for a country's name, whether other countries are named beside it.
    bearing = {key for c in name.candidates for key in (f"country:{c.country}", c.region) if key in near}
    if any(c.feature == "country" for c in name.candidates) and any(
        key.startswith("country:") and key not in bearing for key in near
    ):
        bearing.add(OTHER_COUNTRIES)
    return frozenset(bearing)


OTHER_COUNTRIES = "country:*"  # among the areas named near a country's name: countries that hold none of its places


def _ranked(
    name: NameSpan,
    written: str,
    qualifiers: tuple[GazetteerEntry, ...],
    qualified: NameSpan | None,
    context: DocumentContext,
    boundaries: Boundaries,
    nearby: frozenset = frozenset(),
) -> list[_Scored]:
    scored = []
    facts = _name_facts(written, name.candidates)
    area = facts.area
    # Neighbours choose among the towns of a name where the text does not say which ("Springfield, Illinois"),
    # a great city among them ("Manhattan" beside Wamego and St. George is the Kansas town) and a region
    # called as its capital ("Saratov" beside Engels is the city).
    by_neighbours = area is None and not qualifiers
    neighbours = {}
    if by_neighbours and context.support is not None:
        neighbours = context.support.neighbours(facts.called_so_by_own_name, written)
    placements = {}  # what the qualifiers say of each candidate
    if qualifiers:
        placements = {c.key: _qualified(c, qualifiers, boundaries) for c in name.candidates if c.feature != "country"}
    elif written in context.qualified_names:
        # "Athens, Greece" at its first mention, "Athens" after: the same place.
        placements[context.qualified_names[written]] = QUALIFIER_BONUS
    placed_elsewhere = any(p >= QUALIFIER_BONUS for p in placements.values())
    own_countries, own_regions, rest = _focus_without(context, written)
    near_countries = _countries_named_near(name.candidates, written, nearby)
    focus = None if context.first_reading else context.focus  # the first reading measures nothing
    several = len(name.candidates) > 1
    for candidate, own_name, base, great_namesake, stray in zip(
        name.candidates, facts.own_names, facts.priors, facts.great_namesakes, facts.strays, strict=True
    ):
        if focus is None:  # the first reading: of the document, only the countries it names
            in_country = bool(candidate.country and context.countries.get(candidate.country))
            in_region = near = holds = fits = False
        elif candidate.country and candidate.country not in focus:
            # The document names nothing in this candidate's country: nothing in it supports the candidate
            # (most of the fifty places called Paris), and nothing needs measuring (see _context_bonuses).
            in_country = in_region = near = holds = fits = False
        else:
            in_country, in_region, near, holds, fits = _context_bonuses(candidate, written, context, boundaries)
        # A great city's name is a town's only where the text puts the town there: its state named
        # beside it, not anywhere in a round-up ("Toronto" in a report that names New South Wales).
        namesake = great_namesake and not placements.get(candidate.key)
        if namesake and candidate.region not in nearby:
            in_region = False
        # A town called by an old or stray name of it ("Maryville" for Beeville) gains nothing from its
        # state or its neighbours named where towns called so by their own name are to be had.
        if stray:
            in_region = near = False
        # The terms are added in one fixed order, so a score is the same float however it was reached.
        score = base
        if in_country:
            score += COUNTRY_IN_DOCUMENT_BONUS
        if candidate.country in near_countries and not namesake:
            score += COUNTRY_NEARBY_BONUS
        if rest:  # the shares of the document's other names in the candidate's country and region
            named = context.countries.get(candidate.country, 0) - own_countries.get(candidate.country, 0)
            score += FOCUS_COUNTRY_BONUS * max(named, 0.0) / rest
            if candidate.region:
                named = context.region_counts.get(candidate.region, 0) - own_regions.get(candidate.region, 0)
                score += FOCUS_REGION_BONUS * max(named, 0.0) / rest
        if several and own_name:
            score += OWN_NAME_BONUS
        placed = placements.get(candidate.key, 0.0)  # what the qualifiers say of this candidate
        score += placed
        if placed == 0.0 and placed_elsewhere:
            score -= QUALIFIER_BONUS  # "Athens, Greece" is not the Athens of the province the report names
        if in_region:
            score += CONTAINING_REGION_BONUS
        if near:
            score += NEARBY_PLACE_BONUS
        if holds:
            score += CONTAINING_REGION_BONUS  # "Victoria" in a report from Melbourne
        if fits:
            score += CANDIDATE_SUPPORT_BONUS
        if candidate.key in neighbours:
            score += NEIGHBOUR_BONUS * min(1.0, neighbours[candidate.key])
        if qualified and _holds_any(candidate, qualified, boundaries):
            score += QUALIFIER_BONUS
            placed += QUALIFIER_BONUS
        if name.fuzzy:
            score -= FUZZY_PENALTY
        if (
            area
            and _gives_way_to_the_area(candidate, written, area, nearby)
            and (
                (placed == 0.0 and placed_elsewhere)
                or not _put_there(
                    candidate,
                    written,
                    _state_beside(candidate, area, in_region, nearby, context),
                    area,
                    placed,
                    near and _near_anchor(candidate, written, context, SHORT_DRIVE_KM),
                )
            )
        ):
            # "Russia" in a report that names Moscow and Ohio is the country, not the Ohio village, and
            # "Missouri" the state, not an old name of a town in Montana: a town takes the name of a
            # country or state only where the text puts it there (its state named, "Russia, Ohio"), and
            # not where the text put the name elsewhere ("the province of Ontario" then "Ontario").
            score = min(score, prior(area) - VILLAGE_UNDER_COUNTRY)
        scored.append(_Scored(candidate, score))
    return sorted(scored, key=lambda s: (-s.score, s.entry.key))


class _NameFacts(NamedTuple):
    """What a name's candidates say of it whatever the document says: the same at every reading."""

    area: GazetteerEntry | None  # the country or state of this very name
    own_names: tuple[bool, ...]  # for each candidate, whether its own name is the one written
    called_so_by_own_name: tuple[GazetteerEntry, ...]  # those candidates
    great_city: bool  # a great city is called so
    town_called_so: bool  # a town is called so by its own name
    # For each candidate, what ranking it at every reading starts from: its prior, whether it is a lesser
    # town of a great city's name, and whether it is a town called so by a stray name where a town is
    # called so by its own.
    priors: tuple[float, ...]
    great_namesakes: tuple[bool, ...]
    strays: tuple[bool, ...]


@_kept_by_identity
@lru_cache(maxsize=65536)
def _name_facts(written: str, candidates: tuple[GazetteerEntry, ...]) -> _NameFacts:
    own_names = tuple(fold(c.name) == written for c in candidates)
    great_city = any(c.feature == "city" and not _below_great(c) and _called_so(c, written) for c in candidates)
    town_called_so = any(c.feature == "city" and _called_so(c, written) for c in candidates)
    return _NameFacts(
        area=_area_of_this_name(candidates, written),
        own_names=own_names,
        called_so_by_own_name=tuple(c for c, own in zip(candidates, own_names, strict=True) if own),
        great_city=great_city,
        town_called_so=town_called_so,
        priors=tuple(prior(c) for c in candidates),
        great_namesakes=tuple(great_city and _below_great(c) for c in candidates),
        strays=tuple(town_called_so and c.feature == "city" and not _called_so(c, written) for c in candidates),
    )


def _focus_without(context: DocumentContext, written: str) -> tuple[dict, dict, float]:
    """A name's own part of the document's focus, by country and by region, and what the other names
    weigh together: "Dublin" does not make a report about Dublin's council Irish by itself."""
    own_countries, own_regions = context.own_focus.get(written, _NO_FOCUS)
    return own_countries, own_regions, max(context.focus_total - sum(own_countries.values()), 0.0)


_NO_FOCUS: tuple[dict, dict] = ({}, {})


def _countries_named_near(candidates: tuple[GazetteerEntry, ...], written: str, nearby: frozenset) -> set[str]:
    """The countries named near a name that hold a place called so ("Santiago" near "Chile"). Not for the
    name of a country or of a region across borders, which is what it says ("Mali" near "Guinea")."""
    if not nearby or any(c.feature in ("country", "macro", "natural") for c in candidates):
        return set()
    return {c.country for c in candidates if f"country:{c.country}" in nearby and _called_so(c, written)}


def _called_so(candidate: GazetteerEntry, written: str) -> bool:
    """Whether a place's own name is the one written, "St." for "Saint" ("St. Petersburg"); not an
    old or foreign name of it ("Berea" for Aleppo)."""
    return _name_form(candidate.name) == _SAINT.sub("st", written)


@lru_cache(maxsize=65536)
def _name_form(name: str) -> str:
    return _SAINT.sub("st", fold(name))


_SAINT = re.compile(r"^(?:saint|sainte|ste)\b")


def _below_great(candidate: GazetteerEntry) -> bool:
    return candidate.feature == "city" and candidate.population < GREAT_CITY_POPULATION


def _towns_alike(candidates: tuple[GazetteerEntry, ...]) -> bool:
    """Whether a name's places are all towns of a size, none a country, region or great city that the
    name would first mean ("Damascus", "Lebanon")."""
    return all(c.feature == "city" and c.population < MAJOR_CITY_POPULATION for c in candidates)


def _area_of_this_name(candidates: tuple[GazetteerEntry, ...], written: str) -> GazetteerEntry | None:
    """The country or state whose own name is ``written``; not a city's own district ("Paris", "Berlin"),
    where the name is first the city's."""
    for area in candidates:
        own_name = area.feature in OWN_NAME_AREAS and fold(area.name) == written
        if own_name and not _a_citys_own_district(area, candidates, written):
            return area
    # A sea or a region of the world is listed under the short names news gives it ("the Pacific"):
    # no town's.
    return next((area for area in candidates if area.feature in ("macro", "natural")), None)


def _a_citys_own_district(region: GazetteerEntry, candidates: tuple[GazetteerEntry, ...], written: str) -> bool:
    """Whether a region is the district of a city of the same name ("Seoul", "Paris"), where the name is
    first the city's; not a state that holds a city called otherwise ("New York City")."""
    return any(c.feature == "city" and c.region == region.key and fold(c.name) == written for c in candidates)


def _state_beside(
    candidate: GazetteerEntry, area: GazetteerEntry, in_region: bool, nearby: frozenset, context: DocumentContext
) -> bool:
    """Whether the text names a town's state where it puts it there: beside the name where the area of
    that name is in a country the document is about ("Ontario" in a report from Toronto that names New
    York once) or is a sea or region of the world ("the Atlantic flyway" in a report that names Virginia);
    anywhere where it is not (a district of that name in a country it never names)."""
    if not area.country or area.country in context.focus:
        return candidate.region in nearby
    return in_region


def _put_there(
    candidate: GazetteerEntry, written: str, in_region: bool, area: GazetteerEntry, placed: float, near: bool
) -> bool:
    """Whether the text puts a town of this name there: a qualifier that holds it, its state named
    for a town called so by its own name (no old name of a town is meant by a state's name), or a town
    the document names a short drive from it ("Jordan" in a report that names Shakopee, Minnesota)."""
    if placed > 0:
        return True
    own_name = fold(candidate.name) == written
    return own_name and (near or (in_region and area.feature != "country"))


def _gives_way_to_the_area(candidate: GazetteerEntry, written: str, area: GazetteerEntry, nearby: frozenset) -> bool:
    """Whether a place of a country's, state's or well-known area's name is that only where the text puts
    it there: a village, or a town below a million called so by another of its names (any city, for a
    country's name); by any name where
    the name is a country's and other countries are named beside it ("Egypt and Bulgaria reported their
    first cases, Lebanon three"); a province of the country's name; a part of a well-known area."""
    if small_place(candidate):
        return True
    if area.feature == "country" and _below_great(candidate) and OTHER_COUNTRIES in nearby:
        return True
    if area.feature == "country" and candidate.feature == "admin1" and candidate.country == area.country:
        return True  # a province of the country's name ("Panamá Province"), only where the text says so
    if area.feature == "macro" and candidate.feature == "admin1" and fold(candidate.name) != written:
        return True  # "Kashmir" is the whole region, not the part that lists its name among its own
    own_name = fold(candidate.name) == written
    if area.feature == "country" and candidate.feature == "city" and not own_name:
        return True  # "Paraguay has sent troops" is the country, not Asunción by an old name of it
    return candidate.feature == "city" and candidate.population < MAJOR_CITY_POPULATION and not own_name


def _context_bonuses(
    candidate: GazetteerEntry, written: str, context: DocumentContext, boundaries: Boundaries
) -> tuple[bool, bool, bool, bool, bool]:
    """(its country named, inside a named region, near an anchor, holds an anchor, fits another name): what
    the rest of the document says of a candidate of the name ``written`` at a reading after the first, in
    a country the document names; the same at each mention, so worked out once a reading."""
    known = context.bonuses.get((candidate.key, written))
    if known is None:
        city = candidate.feature == "city"
        known = context.bonuses[(candidate.key, written)] = (
            bool(candidate.country and context.countries.get(candidate.country)),
            candidate.feature in ("city", "admin2") and _inside_named_region(candidate, written, context, boundaries),
            city and _near_anchor(candidate, written, context),
            candidate.feature in ("admin1", "admin2") and _holds_anchor(candidate, written, context, boundaries),
            context.support is not None and context.support.fits(candidate, written, boundaries),
        )
    return known


def prior(candidate: GazetteerEntry) -> float:
    if is_district(candidate):
        return DISTRICT_PRIOR
    return _prior(candidate.feature, candidate.population)


@lru_cache(maxsize=65536)
def _prior(feature: str, population: int) -> float:
    """Worked out once per kind and size of place: every reading scores every candidate again."""
    if feature in FEATURE_PRIOR:
        return FEATURE_PRIOR[feature]
    # Cities: 15k people → 0.72, 1M → 0.9, 10M → 0.95.
    return 0.3 + 0.1 * math.log10(max(population, 1))


def _qualifiers(text: str, name: NameSpan, mentions: _NamesInOrder) -> tuple[GazetteerEntry, ...]:
    """The regions or countries named right after the name: "Kharkiv, Ukraine", "the Kursk area
    of Russia", "Paris, Texas", "Alexandria, Va."."""
    nearest = mentions.first_from(name.end)
    if nearest is None:
        return ()
    if nearest.start - name.end > QUALIFIER_GAP_MOST or not _QUALIFIER_GAP.match(text[name.end : nearest.start]):
        return ()
    # "China, Japan and the United Kingdom" is a list of countries: a country qualifies no country.
    kinds = ("admin1",) if _a_countrys_own_name(name) else ("country", "admin1")
    return tuple(c for c in nearest.candidates if c.feature in kinds)


def _qualified(candidate: GazetteerEntry, qualifiers: tuple[GazetteerEntry, ...], boundaries: Boundaries) -> float:
    """The qualifier bonus: full inside a named region or country, a third in its country only."""
    bonus = 0.0
    for qualifier in qualifiers:
        if qualifier.country != candidate.country or candidate.key == qualifier.key:
            continue
        if qualifier.feature == "country":
            return QUALIFIER_BONUS
        if candidate.region == qualifier.key or boundaries.contains(qualifier.key, candidate.lon, candidate.lat):
            return QUALIFIER_BONUS  # the region GeoNames gives the town first: outlines are simplified
        bonus = QUALIFIER_BONUS / 3
    return bonus


def _place_before_comma(text: str, name: NameSpan, mentions: _NamesInOrder) -> NameSpan | None:
    """In "London, Ontario", the name "London" before "Ontario"."""
    if text[max(0, name.start - 2) : name.start] == ", ":
        return mentions.ending_at.get(name.start - 2)
    if text[name.start - 1 : name.start] == ",":
        return mentions.ending_at.get(name.start - 1)
    return None


def _holds_any(candidate: GazetteerEntry, qualified: NameSpan, boundaries: Boundaries) -> bool:
    """Whether a region or country candidate contains one of the candidates of the name before it."""
    if candidate.feature not in ("admin1", "country"):
        return False
    return any(c.feature == "city" and boundaries.contains(candidate.key, c.lon, c.lat) for c in qualified.candidates)


def _holds_anchor(candidate: GazetteerEntry, written: str, context: DocumentContext, boundaries: Boundaries) -> bool:
    if not context.anchors:
        return False
    inside = boundaries.contains_many(candidate.key, context.anchor_lons, context.anchor_lats)
    return bool((inside & (context.anchor_names != written)).any())


def _near_anchor(candidate: GazetteerEntry, written: str, context: DocumentContext, km: float = NEARBY_KM) -> bool:
    # A degree of latitude is 111 km: the anchors within that band are the few to measure (two or
    # three: one at a time costs less than numpy's arrays would).
    reach = km / 111.0
    first = bisect.bisect_left(context.anchor_lat_list, candidate.lat - reach)
    last = bisect.bisect_right(context.anchor_lat_list, candidate.lat + reach)
    for at in range(first, last):
        anchor = context.anchors[at]
        if (
            anchor.key != candidate.key
            and context.anchor_name_list[at] != written
            and geom.great_circle_km(candidate.lat, candidate.lon, anchor.lat, anchor.lon) <= km
        ):
            return True
    return False


def _inside_named_region(
    candidate: GazetteerEntry, written: str, context: DocumentContext, boundaries: Boundaries
) -> bool:
    # A town's first-level region is known from the gazetteer; a county's polygon is asked.
    if any(name != written for name in context.region_names.get(candidate.region, ())):
        return True
    lon, lat = candidate.lon, candidate.lat
    return any(name != written and boundaries.contains(key, lon, lat) for name, key in context.counties)


def place_for_key(key: str, gazetteer: Gazetteer, boundaries: Boundaries) -> dict:
    """The stored form of a gazetteer place chosen by hand (an analyst's correction)."""
    entry = gazetteer.entry(key)
    name = NameSpan(entry.name, 0, len(entry.name), (entry,))
    mention = PlaceMention(entry.name, 0, len(entry.name), "name", (name,))
    shape = _place_shape(mention, [entry], gazetteer, boundaries)
    if shape is None:
        raise ValueError(f"no geometry for {key}")
    return {"key": shape.key, "name": shape.name, "feature": shape.feature, "country": entry.country,
            "lat": shape.lat, "lon": shape.lon, "geonameid": entry.geonameid, "geometry": shape.geometry}  # fmt: skip


def _place_shape(
    mention: PlaceMention,
    entries: list[GazetteerEntry],
    gazetteer: Gazetteer,
    boundaries: Boundaries,
    warn_if_empty: bool = True,  # not while drawing every country's parts, a few of which are empty
) -> PlaceShape | None:
    town = entries[0]
    if mention.form == "name" and town.feature == "city" and math.isfinite(town.lon) and math.isfinite(town.lat):
        # A town named: its point, as the general path below would make it, without a shapely point.
        return PlaceShape(
            town.key, _label(town), town.feature, round(town.lat, 5), round(town.lon, 5),
            geom.point_geojson(town.lon, town.lat),
        )  # fmt: skip
    try:
        shape, key, name, feature = _mention_geometry(mention, entries, gazetteer, boundaries)
    except ValueError:
        return None
    if shape.is_empty:
        if warn_if_empty:
            log.warning("%s %r has an empty geometry; not placed", mention.form, mention.text)
        return None
    if mention.form == "name" and feature in OWN_POINT_FEATURES:
        lat, lon = entries[0].lat, entries[0].lon  # the map keeps the polygon; the point is GeoNames'
    else:
        point = shape.representative_point() if shape.geom_type != "Point" else shape
        lat, lon = point.y, point.x
    return PlaceShape(key, name, feature, round(lat, 5), round(lon, 5), geom.to_geojson(shape))


def _mention_geometry(
    mention: PlaceMention, entries: list[GazetteerEntry], gazetteer: Gazetteer, boundaries: Boundaries
):
    """(shape, key, display name, feature) for what the mention names."""
    entry = entries[0]
    if mention.form == "border":
        a, b = (_area_of(e, gazetteer, boundaries) for e in entries[:2])
        names = " – ".join(_label(e) for e in entries[:2])
        keys = "|".join(sorted(e.key for e in entries[:2]))
        return geom.shared_border(a, b), f"border:{keys}", f"{names} border", "border"
    if mention.form == "part":
        whole = _area_of(entry, gazetteer, boundaries)
        if entry.feature == "city":  # "north London": a part of the city's area
            whole = geom.buffer_km(whole, _area_radius_km(entry))
        part = geom.directional_part(whole, mention.direction)
        label = f"{DIRECTION_ADJECTIVES[mention.direction]} {_label(entry)}"
        return part, f"part:{mention.direction}:{entry.key}", label, "part"
    if mention.form == "within":  # "the village of Kampungu in Kasai": the area that holds it, labelled so
        holder = replace(mention, form="part" if mention.direction else "area")
        shape, key, name, _ = _mention_geometry(holder, entries, gazetteer, boundaries)
        return shape, f"within:{fold(mention.text)}:{key}", f"{mention.text} ({name})", "area"
    if mention.form == "area" and entry.feature == "city":
        radius = _area_radius_km(entry)
        shape = geom.disc_km(entry.lon, entry.lat, radius)
        return shape, f"area:{entry.key}:{radius:g}km", f"{_label(entry)} area", "area"
    return _area_of(entry, gazetteer, boundaries), entry.key, _label(entry), entry.feature


def _shape_key(mention: PlaceMention, entries: list[GazetteerEntry]) -> tuple:
    """What a mention's shape depends on: the same key, the same shape, in any document."""
    if mention.form == "within":  # its own name labels the area that holds it
        return mention.form, mention.direction, tuple(e.key for e in entries), fold(mention.text)
    return mention.form, mention.direction, tuple(e.key for e in entries)


def named_area_shapes(gazetteer: Gazetteer, boundaries: Boundaries) -> Iterator[tuple[tuple, PlaceShape]]:
    """Every area the gazetteer knows (not towns: a point costs nothing) with the shape a mention of
    it by name resolves to, under the key ``resolve_mentions`` caches it by."""
    for entry in gazetteer.entries.values():
        if entry.feature == "city":
            continue
        name = NameSpan(entry.name, 0, len(entry.name), (entry,))
        mention = PlaceMention(entry.name, 0, len(entry.name), "name", (name,))
        shape = _place_shape(mention, [entry], gazetteer, boundaries)
        if shape is not None:
            yield _shape_key(mention, [entry]), shape


def country_part_shapes(gazetteer: Gazetteer, boundaries: Boundaries) -> Iterator[tuple[tuple, PlaceShape]]:
    """Every compass part of every country ("eastern Ukraine", "northwest Syria") with its shape, under
    the key ``resolve_mentions`` caches it by: cutting a country's outline and simplifying the cut costs a
    millisecond or more each time a process first meets it, a tenth of a new generated article's geoparse."""
    for entry in gazetteer.entries.values():
        if entry.feature != "country":
            continue
        name = NameSpan(entry.name, 0, len(entry.name), (entry,))
        for direction in DIRECTION_ADJECTIVES:
            mention = PlaceMention(entry.name, 0, len(entry.name), "part", (name,), direction=direction)
            shape = _place_shape(mention, [entry], gazetteer, boundaries, warn_if_empty=False)
            if shape is not None:
                yield _shape_key(mention, [entry]), shape


def town_area_shapes(gazetteer: Gazetteer, boundaries: Boundaries) -> Iterator[tuple[tuple, PlaceShape]]:
    """The disc of "near X" or "the X area" for every town of STORED_AREA_POPULATION or more, under the
    key ``resolve_mentions`` caches it by: the towns news most often names so, each disc a third of a
    millisecond to draw and put on the grid the first time a process meets it (not every town: a
    quarter of a million discs would outweigh the rest of the store)."""
    for entry in gazetteer.entries.values():
        if entry.feature == "city" and entry.population >= STORED_AREA_POPULATION:
            name = NameSpan(entry.name, 0, len(entry.name), (entry,))
            mention = PlaceMention(entry.name, 0, len(entry.name), "area", (name,))
            shape = _place_shape(mention, [entry], gazetteer, boundaries, warn_if_empty=False)
            if shape is not None:
                yield _shape_key(mention, [entry]), shape


STORED_AREA_POPULATION = AREA_RADIUS_KM[1][0]  # 100,000: the disc's middle size and up (6,204 towns)


def _area_of(entry: GazetteerEntry, gazetteer: Gazetteer, boundaries: Boundaries):
    if entry.feature == "city":
        return Point(entry.lon, entry.lat)
    if entry.feature == "natural" and entry.key in gazetteer.sketches:
        return geom.sketch(gazetteer.sketches[entry.key])
    if entry.feature == "macro":
        return boundaries.union(gazetteer.macro_parts.get(entry.key, ()))
    polygon = boundaries.polygon(entry.key)
    if polygon is None:
        raise ValueError(f"no boundary for {entry.key}")
    return polygon


def _area_radius_km(entry: GazetteerEntry) -> float:
    return next(radius for threshold, radius in AREA_RADIUS_KM if entry.population >= threshold)


def _label(entry: GazetteerEntry) -> str:
    return entry.name


def _common_country(entries: list[GazetteerEntry]) -> str | None:
    countries = {e.country for e in entries}
    return countries.pop() if len(countries) == 1 else None

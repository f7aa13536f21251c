"""The words claim extraction relies on, loaded from ``geo/data/claims_lexicon.yaml``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from geo.text import holds, needle_text, phrase_alternation

DEFAULT_LEXICON = Path(__file__).parent / "data" / "claims_lexicon.yaml"
NEGATION_REACH_WORDS = 2

_WORD = re.compile(r"[\w’']+")
_CONTRACTED_NOT = re.compile(r"n[’']t\b", re.IGNORECASE)
_CLAUSE_ENDS = (",", ";", ":", ".", "”", '"', "—")  # a negation before one of these is another clause's


@dataclass(frozen=True)
class Lexicon:
    certainty_scale: tuple[str, ...]
    certainty_cues: dict[str, re.Pattern]  # level -> pattern of its cue phrases
    cue_first_words: dict[str, frozenset[str]]  # level -> the words its cue phrases start with
    reporting_verbs: re.Pattern
    verb_helpers: frozenset[str]
    role_words: frozenset[str]
    honorifics: frozenset[str]
    pronouns: frozenset[str]
    source_kinds: tuple[tuple[str, re.Pattern], ...]
    counted_nouns: re.Pattern
    approximators: re.Pattern
    organisation_nouns: frozenset[str]
    unnamed_groups: frozenset[str]
    government_groups: frozenset[str]
    back_references: dict[str, tuple[str, ...]]  # noun -> the source kinds it can refer to
    name_particles: frozenset[str]
    parenthetical_adverbs: frozenset[str]
    negations: re.Pattern  # matched against the few words before a cue or verb
    no_comment: re.Pattern
    resident_government_groups: frozenset[str] = frozenset()
    described_kinds: dict[str, str] | None = None  # description words (lower case) -> kind
    described_pattern: re.Pattern | None = None  # any of those descriptions
    described_heads: frozenset[str] = frozenset()  # the descriptions of one word
    described_tails: frozenset[str] = frozenset()  # the last words of the longer ones
    described_suffixes: frozenset[str] = frozenset()  # their ends of two words or more: "society leader"
    described_inner: frozenset[str] = frozenset()  # the words before the last of the longer ones
    at_the_scene: frozenset[str] = frozenset()
    from_a_place: frozenset[str] = frozenset()  # "refugees from X": kinds whose "from X" is their origin
    background_participles: frozenset[str] = frozenset()  # "an agreement signed on": a thing's date
    party_acts: frozenset[str] = frozenset()  # of those, "signed", "agreed": a verb after a party's noun or name
    dated_things: frozenset[str] = frozenset()  # "agreement", "deal": the things those acts make
    demonyms: dict[str, str] | None = None  # folded demonym -> ISO code
    statement_places: re.Pattern | None = None
    not_sources: frozenset[str] = frozenset()
    background_after: re.Pattern | None = None
    background_superlatives: re.Pattern | None = None
    number_bounds: dict[str, str] | None = None  # approximator (lower case, single-spaced) -> "lower"/"upper"
    measure_units: dict[str, str] | None = None  # a unit as written (lower case, single-spaced) -> the unit
    population_places: frozenset[str] = frozenset()
    population_units: frozenset[str] = frozenset()
    rebutted: frozenset[str] = frozenset()  # "a charge X denied": nouns of what a later subject answers
    not_cues: re.Pattern | None = None  # phrases holding a cue word that are no cue: "think tank"
    not_reporting: re.Pattern | None = None  # a reporting verb's phrases that say nothing: "called for backup"
    name_nouns: frozenset[str] = frozenset()  # "the news site Seneweb": describe a name, head no subject
    place_owners: frozenset[str] = frozenset()  # "the country's election commission": owners left unnamed
    # an office as a text first calls it -> the formal titles it may give it later, before the holder's name
    office_titles: dict[str, tuple[str, ...]] | None = None
    contact_asides: tuple[tuple[str, ...], ...] = ()  # "reached by phone": how a source was reached
    contact_first_words: frozenset[str] = frozenset()
    intergovernmental: re.Pattern | None = None  # "U.N.", "UNHCR": a body of the United Nations
    # what a negation cannot be without (the first word of each, "n't"): a window holding none is not searched
    negation_needles: tuple[str, ...] | None = None
    # level -> the words its cue phrases end with (None: one ends in no plain word): "it is believed"
    # needs "believed", rarer than the "it" it starts with
    cue_last_words: dict[str, frozenset[str] | None] | None = None

    def described_kind(self, description: str) -> str | None:
        """What a description says a source is: the kind of its rightmost described-source phrase."""
        found = [(m.end(), m.end() - m.start(), m.group()) for m in self.described_pattern.finditer(description)]
        return self.described_kinds[max(found)[2].lower()] if found else None

    def names_a_thing(self, text: str, start: int) -> bool:
        """Whether the cue word at ``start`` opens a phrase that names a thing: "a Zambian think tank"."""
        return self.not_cues is not None and self.not_cues.match(text, start) is not None

    def bound(self, approximator: str) -> str | None:
        """ "lower" for "at least", "upper" for "up to", None for "about"."""
        return self.number_bounds.get(" ".join(approximator.lower().split()))

    def unit(self, words: str) -> str | None:
        return self.measure_units.get(" ".join(words.lower().split()))

    def rank(self, level: str) -> int:
        """0 for the strongest level of the scale."""
        return self.certainty_scale.index(level)

    def cue_levels(self, text: str, words: set[str] | None = None, plain: bool = False) -> list[str]:
        """The levels whose cues may occur in ``text``: those with a first word among its words
        (``words``: its lower-case runs of letters, when the caller has them already), and, for a
        ``plain`` text (``needle_text`` gives it: no letter a case-blind pattern takes for another),
        a last word too.

        A sentence holds the cues of one or two levels; looking for the others is most of the work."""
        present = set(_WORD.findall(text.lower())) if words is None else words
        levels = [level for level, first in self.cue_first_words.items() if not first.isdisjoint(present)]
        if plain and self.cue_last_words:
            last = self.cue_last_words
            levels = [level for level in levels if last[level] is None or not last[level].isdisjoint(present)]
        return levels

    def negated(self, text: str, start: int) -> bool:
        """Whether a negation is among the words right before ``start`` in its clause: "did not comment",
        "has neither confirmed nor denied", "wouldn't say"; not "there were no casualties, police said"."""
        window = text[max(0, start - 40) : start]
        if self.negation_needles is not None and not holds(needle_text(window), self.negation_needles):
            return False
        if not self._negation_in(window):
            return False  # most cues and verbs: nothing to cut at a clause boundary
        boundary = max(window.rfind(c) for c in _CLAUSE_ENDS)
        return boundary < 0 or self._negation_in(window[boundary + 1 :])

    def _negation_in(self, window: str) -> bool:
        before = " ".join(_WORD.findall(window)[-NEGATION_REACH_WORDS:])
        return bool(self.negations.search(before) or _CONTRACTED_NOT.search(before))


def phrases_pattern(phrases: list[str], flags: int = re.IGNORECASE) -> re.Pattern:
    """Whole-word alternatives, longest first so "it is believed" wins over "believed"."""
    ordered = sorted({str(p) for p in phrases}, key=len, reverse=True)
    return re.compile(r"(?<![\w’'])(?:" + phrase_alternation(ordered, bool(flags & re.I)) + r")(?![\w’'])", flags)


def first_words(phrases: list[str]) -> frozenset[str]:
    """The lower-case first word of each phrase, as ``_WORD`` splits a text."""
    return frozenset(_WORD.findall(str(p).lower())[0] for p in phrases)


_PLAIN_WORD = re.compile(r"[a-z]+")


def last_words(phrases: list[str]) -> frozenset[str] | None:
    """The lower-case last word of each phrase; None where one ends in no plain word ("9/11", "n't"),
    which a text's runs of letters may not hold whole. A whole-word match of a phrase ending in a plain
    word holds it as a run of letters and as a ``_WORD`` of the text (a letter, digit or quote after
    it is no end of the phrase's match)."""
    found = [str(p).lower().split()[-1] if str(p).split() else "" for p in phrases]
    return frozenset(found) if all(_PLAIN_WORD.fullmatch(w) for w in found) else None


def _statement_places(verbs: list[str]) -> re.Pattern:
    """What comes right before "in" or "from" and the place a statement was made at: a statement verb,
    maybe a venue ("told reporters at a NATO summit")."""
    verb = phrases_pattern(verbs, flags=0).pattern
    # whom it was told, by name: "told Al Jazeera at Quetta's railway station"
    addressee = r"(?:(?<=told)\s+(?:the\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,3})?"
    venue = addressee + r"(?:\s+(?:at|during|on\s+the\s+sidelines\s+of)\s+(?:an?|the)\s+(?:[\w-]+\s+){0,3}?[\w-]+)?"
    # or whom it was made to: "speaking to this brief's authors from X" (not "said to be hiding in X")
    venue += r"(?:\s+to\s+(?!be\b|have\b)(?:[\w’'-]+\s+){0,3}?[\w’'-]+)?"
    return re.compile(verb + venue + r"$")


@lru_cache(maxsize=4)
def load_lexicon(path: Path = DEFAULT_LEXICON) -> Lexicon:
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    described = spec.get("described_sources") or {}
    lowered = {
        key: frozenset(str(w).lower() for w in spec[key])
        for key in (
            "verb_helpers",
            "role_words",
            "honorifics",
            "pronouns",
            "organisation_nouns",
            "unnamed_groups",
            "government_groups",
            "name_particles",
            "parenthetical_adverbs",
        )
    }
    return Lexicon(
        certainty_scale=tuple(spec["certainty_scale"]),
        certainty_cues={level: phrases_pattern(cues) for level, cues in spec["certainty_cues"].items()},
        cue_first_words={level: first_words(cues) for level, cues in spec["certainty_cues"].items()},
        cue_last_words={level: last_words(cues) for level, cues in spec["certainty_cues"].items()},
        reporting_verbs=phrases_pattern(spec["reporting_verbs"], flags=0),
        verb_helpers=lowered["verb_helpers"],
        role_words=lowered["role_words"],
        honorifics=lowered["honorifics"],
        pronouns=lowered["pronouns"],
        source_kinds=tuple((kind, phrases_pattern(words)) for kind, words in spec["source_kinds"].items()),
        counted_nouns=phrases_pattern(spec["counted_nouns"]),
        approximators=phrases_pattern(spec["approximators"]),
        organisation_nouns=lowered["organisation_nouns"],
        unnamed_groups=lowered["unnamed_groups"],
        government_groups=lowered["government_groups"],
        back_references={str(noun).lower(): tuple(kinds) for noun, kinds in spec["back_references"].items()},
        name_particles=lowered["name_particles"],
        parenthetical_adverbs=lowered["parenthetical_adverbs"],
        negations=phrases_pattern(spec["negations"]),
        negation_needles=(*first_words(spec["negations"]), "n't", "n’t"),  # and what _CONTRACTED_NOT needs
        no_comment=phrases_pattern(spec["no_comment"]),
        resident_government_groups=frozenset(str(w).lower() for w in spec.get("resident_government_groups", [])),
        described_kinds={str(w).lower(): kind for kind, words in described.items() for w in words},
        described_pattern=phrases_pattern([w for words in described.values() for w in words]),
        described_heads=frozenset(str(w).lower() for words in described.values() for w in words if " " not in str(w)),
        described_tails=frozenset(str(w).lower().split()[-1] for words in described.values() for w in words),
        described_inner=frozenset(
            part for words in described.values() for w in words for part in str(w).lower().split()[:-1]
        ),
        described_suffixes=frozenset(
            " ".join(parts[i:])
            for words in described.values()
            for w in words
            if len(parts := str(w).lower().split()) > 1
            for i in range(len(parts) - 1)
        ),  # fmt: skip
        at_the_scene=frozenset(spec.get("at_the_scene", [])),
        from_a_place=frozenset(spec.get("from_a_place", [])),
        background_participles=frozenset(str(w).lower() for w in spec.get("background_date_participles", [])),
        party_acts=frozenset(str(w).lower() for w in spec.get("background_date_party_acts", [])),
        dated_things=frozenset(str(w).lower() for w in spec.get("background_date_things", [])),
        demonyms={str(k).lower(): str(v) for k, v in (spec.get("demonyms") or {}).items()},
        statement_places=_statement_places(spec.get("statement_verbs") or ["said"]),
        not_sources=frozenset(str(w).lower() for w in spec.get("not_sources", [])),
        background_after=phrases_pattern(spec.get("background_date_after") or ["began"]),
        background_superlatives=phrases_pattern(spec.get("background_date_superlatives") or ["worst"]),
        number_bounds={str(w).lower(): b for b, words in (spec.get("number_bounds") or {}).items() for w in words},
        measure_units={str(w).lower(): u for u, words in (spec.get("measure_units") or {}).items() for w in words},
        population_places=frozenset(str(w).lower() for w in spec.get("population_places", [])),
        population_units=frozenset(str(w).lower() for w in spec.get("population_units", [])),
        rebutted=frozenset(str(w).lower() for w in spec.get("rebutted", [])),
        not_cues=phrases_pattern(spec["not_cues"]) if spec.get("not_cues") else None,
        not_reporting=phrases_pattern(spec["not_reporting"]) if spec.get("not_reporting") else None,
        name_nouns=frozenset(str(w).lower() for w in spec.get("name_nouns", [])),
        place_owners=frozenset(str(w).lower() for w in spec.get("place_owners", [])),
        office_titles={str(k).lower(): tuple(map(str, v)) for k, v in (spec.get("office_titles") or {}).items()},
        contact_asides=tuple(tuple(str(p).lower().split()) for p in spec.get("contact_asides", [])),
        contact_first_words=frozenset(str(p).lower().split()[0] for p in spec.get("contact_asides", [])),
        intergovernmental=phrases_pattern(spec["intergovernmental_marks"], flags=0)
        if spec.get("intergovernmental_marks")
        else None,
    )

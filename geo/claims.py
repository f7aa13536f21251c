"""Text → claims: each asserting sentence with its sources, certainty, dates and numbers."""

from __future__ import annotations

from geo.dates import find_dates
from geo.lexicon import Lexicon, load_lexicon
from geo.models import Claim, Document
from geo.numbers import find_numbers
from geo.sources import SourceRegistry, attribute, document_source
from geo.text import Span, overlaps, split_sentences, words

MIN_CLAIM_WORDS = 4


def extract_claims(document: Document, lexicon: Lexicon | None = None) -> list[Claim]:
    lexicon = lexicon or load_lexicon()
    registry = SourceRegistry.for_text(document.text)
    own_voice = document_source(document.outlet)
    claims = []
    for sentence in split_sentences(document.text):
        if not _asserts(sentence):
            continue
        level, cues = certainty(sentence.text, lexicon)
        dates = find_dates(document.text, sentence.start, sentence.end, document.published)
        numbers = find_numbers(
            document.text, sentence.start, sentence.end, lexicon, skip=[(d.start, d.end) for d in dates]
        )
        claims.append(
            Claim(
                text=sentence.text,
                start=sentence.start,
                end=sentence.end,
                sources=attribute(sentence, registry, lexicon, own_voice),
                certainty=level,
                certainty_cues=cues,
                dates=tuple(dates),
                numbers=tuple(numbers),
            )
        )
    return claims


def _asserts(sentence: Span) -> bool:
    """Questions and fragments (headings, bylines) assert nothing."""
    return not sentence.text.rstrip("”\"' ").endswith("?") and len(words(sentence.text)) >= MIN_CLAIM_WORDS


def certainty(sentence: str, lexicon: Lexicon) -> tuple[str, tuple[str, ...]]:
    """The weakest certainty level among the cue words present, and those cues.

    A claim of a suggestion is a suggestion: "the minister claimed that intelligence
    suggests…" is "suggested". With no cue, the source reports it.
    """
    found: list[tuple[int, str, str]] = []  # (position, level, cue)
    taken: list[tuple[int, int]] = []
    # Longer cue phrases first across levels, so "it is believed" is not also "is".
    matches = [(m, level) for level, pattern in lexicon.certainty_cues.items() for m in pattern.finditer(sentence)]
    for match, level in sorted(matches, key=lambda item: -(item[0].end() - item[0].start())):
        if overlaps(match.span(), taken):
            continue
        if match.group()[0].isupper() and match.start() > 0:
            continue  # "May" the month, not the modal
        taken.append(match.span())
        found.append((match.start(), level, match.group()))
    if not found:
        return "reported", ()
    weakest = max(found, key=lambda f: lexicon.rank(f[1]))[1]
    return weakest, tuple(cue for _, _, cue in sorted(found))

"""Counts with what they count: "around 700 North Korean soldiers" → 700, approximate, soldiers."""

from __future__ import annotations

import re

from geo.lexicon import Lexicon
from geo.models import NumberMention
from geo.text import overlaps

_NUMBER = re.compile(
    r"(?<![\w.,])(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s+(?P<scale>thousand|million))?(?![\w,]*\d)"
)
_SCALES = {"thousand": 1_000, "million": 1_000_000}
MAX_WORDS_BETWEEN = 4


def find_numbers(text: str, start: int, end: int, lexicon: Lexicon, skip: list[tuple[int, int]]) -> list[NumberMention]:
    """Numbers in text[start:end] followed within a few words by a counted noun.

    ``skip`` holds spans already taken by dates, so "17 October 2024" is not a count.
    A bare number with nothing counted is left out: we do not guess what it counts.
    """
    found = []
    for match in _NUMBER.finditer(text, start, end):
        if overlaps(match.span(), skip):
            continue
        counted = _counted_noun(text, match.end(), end, lexicon)
        if counted is None:
            continue
        counts, phrase_end = counted
        approx = _approximator_before(text, match.start(), start, lexicon)
        phrase_start = approx if approx is not None else match.start()
        found.append(
            NumberMention(
                phrase=text[phrase_start:phrase_end],
                start=phrase_start,
                end=phrase_end,
                value=_value(match),
                approximate=approx is not None,
                counts=counts,
            )
        )
    return found


def _value(match: re.Match) -> int:
    number = float(match.group("num").replace(",", ""))
    return int(round(number * _SCALES.get((match.group("scale") or "").lower(), 1)))


def _counted_noun(text: str, after: int, end: int, lexicon: Lexicon) -> tuple[str, int] | None:
    """(what is counted, end of the phrase): the words up to the first counted noun."""
    window = text[after:end]
    words = list(re.finditer(r"[\w’'-]+", window))[: MAX_WORDS_BETWEEN + 1]
    for word in words:
        noun = lexicon.counted_nouns.fullmatch(word.group())
        if noun:
            counts = window[words[0].start() : word.end()]
            return counts, after + word.end()
        if word.group().lower() in ("of", "and", "in", "to", "from", "were", "was", "are"):
            return None
    return None


def _approximator_before(text: str, number_start: int, limit: int, lexicon: Lexicon) -> int | None:
    before = text[max(limit, number_start - 20) : number_start]
    for found in lexicon.approximators.finditer(before):
        if before[found.end() :].strip() == "":
            return number_start - len(before) + found.start()
    return None

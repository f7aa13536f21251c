"""Which country a document's own vocabulary points to, for a document that names few places:
the offices and institutions of one country's local news (``geo/data/country_cues.txt``)."""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from pathlib import Path

CUES_FILE = Path(__file__).parent / "data" / "country_cues.txt"
# Two different cues make a country as likely as one mention of it, and each further cue as one
# more, up to a few; one cue alone is no evidence.
CUES_FOR_A_MENTION = 2
MOST_MENTIONS = 3


def countries_by_vocabulary(text: str) -> Counter:
    """ISO2 -> how many mentions of the country the text's cues of it are worth."""
    pattern, country_of = _cues()
    found: dict[str, set[str]] = {}
    for match in pattern.finditer(text):
        cue = match.group(0).casefold()
        found.setdefault(country_of[cue], set()).add(cue)
    return Counter(
        {
            iso2: min(len(cues) - CUES_FOR_A_MENTION + 1, MOST_MENTIONS)
            for iso2, cues in found.items()
            if len(cues) >= CUES_FOR_A_MENTION
        }
    )


@cache
def _cues() -> tuple[re.Pattern, dict[str, str]]:
    country_of = {}
    for line in CUES_FILE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            iso2, phrase = line.split("\t", 1)
            country_of[phrase.strip().casefold()] = iso2.strip()
    # Longest first, so "sheriff's office" is one cue rather than "sheriff" and a remainder.
    phrases = sorted(country_of, key=len, reverse=True)
    alternatives = "|".join(re.escape(p) for p in phrases)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE), country_of

"""Which country a document's own vocabulary points to, for a document that names few places:
the offices and institutions of one country's local news (``geo/data/country_cues.txt``)."""

from __future__ import annotations

import re
from collections import Counter
from functools import cache, lru_cache
from pathlib import Path

CUES_FILE = Path(__file__).parent / "data" / "country_cues.txt"
# Two different cues make a country as likely as one mention of it, and each further cue as one
# more, up to a few; one cue alone is no evidence.
CUES_FOR_A_MENTION = 2
MOST_MENTIONS = 3
_WORD = re.compile(r"[^\W_]+(?:['.][^\W_]+)*\.?")


@lru_cache(maxsize=4)  # recognition and resolution read the same document one after the other
def countries_by_vocabulary(text: str) -> Counter:
    """ISO2 -> how many mentions of the country the text's cues of it are worth."""
    phrases, first_word, longest = _cues()
    folded = text.casefold().replace("’", "'")
    found: dict[str, set[str]] = {}
    for start in first_word.finditer(folded):  # the few places a cue can begin, found in C
        words = [_normal(w) for w in _WORD.findall(folded, start.start(), start.start() + 20 * longest)[:longest]]
        phrase = next((p for n in range(longest, 0, -1) for p in _readings(words[:n]) if p in phrases), None)
        if phrase:
            found.setdefault(phrases[phrase], set()).add(phrase)
    return Counter(
        {
            iso2: min(len(cues) - CUES_FOR_A_MENTION + 1, MOST_MENTIONS)
            for iso2, cues in found.items()
            if len(cues) >= CUES_FOR_A_MENTION
        }
    )


def _normal(word: str) -> str:
    """Folded, without a possessive: "Sheriff’s" → "sheriff"."""
    word = word.replace("’", "'")
    return word[:-2] if word.endswith("'s") else word


def _readings(words: list[str]) -> tuple[str, ...]:
    """The words as a phrase, with and without a full stop that ends the last one ("sen." / "sen")."""
    phrase = " ".join(words)
    return (phrase, phrase.rstrip(".")) if phrase.endswith(".") else (phrase,)


@cache
def _cues() -> tuple[dict[str, str], re.Pattern, int]:
    phrases = {}
    for line in CUES_FILE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            iso2, phrase = line.split("\t", 1)
            phrases[" ".join(_normal(w) for w in phrase.strip().casefold().split())] = iso2.strip()
    first_words = sorted({p.split()[0].rstrip(".") for p in phrases}, key=len, reverse=True)
    first_word = re.compile(r"(?<![\w'.])(?:" + "|".join(re.escape(w) for w in first_words) + r")(?![^\W_])")
    return phrases, first_word, max(len(p.split()) for p in phrases)

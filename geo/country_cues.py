"""Which country a document's own vocabulary points to, for a document that names few places:
the offices and institutions of one country's local news (``geo/data/country_cues.txt``)."""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from itertools import compress
from pathlib import Path
from threading import Lock

from geo.text import Tokens

CUES_FILE = Path(__file__).parent / "data" / "country_cues.txt"
# Two different cues make a country as likely as one mention of it, and each further cue as one
# more, up to a few; one cue alone is no evidence.
CUES_FOR_A_MENTION = 2
MOST_MENTIONS = 3
_WORD = re.compile(r"[^\W_]+(?:['.][^\W_]+)*\.?")


RECENT_TEXTS = 4  # recognition and resolution read the same document one after the other


def countries_by_vocabulary(text: str, tokens: Tokens | None = None) -> Counter:
    """ISO2 -> how many mentions of the country the text's cues of it are worth (``tokens``: the
    text's, when an earlier stage has them: where a cue can begin is then read from its words)."""
    counted = _RECENT.get(text)
    if counted is None:
        counted = _count_cues(text, tokens)
        with _RECENT_LOCK:  # threads of one server may count at once
            if len(_RECENT) >= RECENT_TEXTS:
                del _RECENT[next(iter(_RECENT))]
            _RECENT[text] = counted
    return counted


_RECENT: dict[str, Counter] = {}  # text -> its count, for the last few texts
_RECENT_LOCK = Lock()


def _count_cues(text: str, tokens: Tokens | None) -> Counter:
    phrases, _, longest = _cues()
    found: dict[str, set[str]] = {}
    for window in _cue_windows(text, tokens, 20 * longest):  # the few places a cue can begin
        words = [_normal(w) for w in _WORD.findall(window)[:longest]]
        phrase = next((p for n in range(longest, 0, -1) for p in _readings(words[:n]) if p in phrases), None)
        if phrase:
            found.setdefault(phrases[phrase][0], set()).add(phrase)
    worth = {iso2: sum(phrases[p][1] for p in cues) for iso2, cues in found.items()}
    return Counter(
        {
            iso2: min(cues - CUES_FOR_A_MENTION + 1, MOST_MENTIONS)
            for iso2, cues in worth.items()
            if cues >= CUES_FOR_A_MENTION
        }
    )


def _folded(text: str) -> str:
    return text.casefold().replace("’", "'")


def _cue_windows(text: str, tokens: Tokens | None, reach: int) -> list[str]:
    """The folded text from each place where ``_cues``' first-word pattern matches in the folded text,
    ``reach`` characters of it. With the text's words at hand, from each word that is a first word of
    a cue where the pattern's edges hold: a set look-up per word rather than the pattern's alternation
    tried at every letter, and only these windows folded, not the whole text (folding a text with
    other than ASCII letters costs as much as reading it). The words are letter runs, so this is the
    pattern exactly when every first word is letters alone (folding works a character at a time)."""
    first_words = _first_words()
    if tokens is None or first_words is None:
        folded = _folded(text)
        return [folded[m.start() : m.start() + reach] for m in _cues()[1].finditer(folded)]
    starts, ends = tokens.starts, tokens.ends
    candidates = compress(range(len(tokens.words)), map(first_words.__contains__, tokens.lowered))
    return [
        _folded(text[starts[k] : starts[k] + reach])[:reach] for k in candidates if _cue_edges(text, starts[k], ends[k])
    ]


def _cue_edges(text: str, start: int, end: int) -> bool:
    """The pattern's edges, on the folded text: no word character, apostrophe or stop before; no
    letter or digit after."""
    before = _folded(text[start - 1])[-1] if start else " "
    after = _folded(text[end])[0] if end < len(text) else " "
    return not (before.isalnum() or before in "_'.") and not (after.isalnum() and after != "_")


def _normal(word: str) -> str:
    """Folded, without a possessive: "Sheriff’s" → "sheriff"."""
    word = word.replace("’", "'")
    return word[:-2] if word.endswith("'s") else word


def _readings(words: list[str]) -> tuple[str, ...]:
    """The words as a phrase, with and without a full stop that ends the last one ("sen." / "sen")."""
    phrase = " ".join(words)
    return (phrase, phrase.rstrip(".")) if phrase.endswith(".") else (phrase,)


@cache
def _cues() -> tuple[dict[str, tuple[str, int]], re.Pattern, int]:
    """Folded phrase -> (ISO2, how many cues it is worth); the first-word pattern; the most words."""
    phrases = {}
    for line in CUES_FILE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            iso2, phrase, *worth = line.split("\t")
            key = " ".join(_normal(w) for w in phrase.strip().casefold().split())
            phrases[key] = (iso2.strip(), int(worth[0]) if worth else 1)
    first_words = sorted({p.split()[0].rstrip(".") for p in phrases}, key=len, reverse=True)
    first_word = re.compile(r"(?<![\w'.])(?:" + "|".join(re.escape(w) for w in first_words) + r")(?![^\W_])")
    return phrases, first_word, max(len(p.split()) for p in phrases)


@cache
def _first_words() -> frozenset[str] | None:
    """The cues' first words, when every one is letters alone (``_cue_starts``), else None."""
    words = {p.split()[0].rstrip(".") for p in _cues()[0]}
    return frozenset(words) if all(w.isalpha() for w in words) else None

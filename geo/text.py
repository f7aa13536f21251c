"""Sentences and word tokens with exact character offsets.

A small rule-based splitter rather than a library: news sentences end in a few
predictable ways, offsets must be exact, and it runs at well over 1,000
articles a second per core.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, islice
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple

# Words after which a full stop does not end the sentence.
ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "gen",
        "lt",
        "col",
        "maj",
        "capt",
        "sgt",
        "adm",
        "cmdr",
        "rep",
        "sen",
        "gov",
        "pres",
        "st",
        "mt",
        "ft",
        "twp",
        "jr",
        "sr",
        "inc",
        "ltd",
        "co",
        "corp",
        "no",
        "vs",
        "etc",
        "approx",
        "est",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "u.s",
        "u.k",
        "u.n",
        "e.g",
        "i.e",
        "a.m",
        "p.m",
    ]
)

# Tried only where a run of stops starts, and never given back: "....." is one step, not a rescan each.
# As (?<![.!?])[.!?]++["'”’)\]]*+(?=\s+["'“‘(\[]?[A-Z0-9])|\n+, written to open with one class of
# characters: the engine then skips to the next stop or line break in C, not trying each position.
_SENTENCE_END = re.compile(r"""[.!?\n](?:(?<=\n)\n*+|(?<![.!?][.!?])[.!?]*+["'”’)\]]*+(?=\s+["'“‘(\[]?[A-Z0-9]))""")
_WORD = re.compile(r"[^\W\d_]+")
_WORD_AND_GAP = re.compile(r"([^\W\d_]+)")  # split by it: the gaps and the words between, alternately
# The same on a text whose letters are all ASCII ones, where a letter is [A-Za-z]: faster than the
# classes. Most news written in English has no other letters, only quotes and dashes.
_ASCII_WORD_AND_GAP = re.compile(r"([A-Za-z]+)")
_OTHER_LETTER = re.compile(r"[^\W\d_\x00-\x7f]")  # a letter of _WORD that is not ASCII
_WORD_BEFORE = re.compile(r"([\w.]+)\.$")

# Capitalised words that start sentences or titles without being part of a name.
FUNCTION_WORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "in",
        "at",
        "on",
        "from",
        "to",
        "of",
        "and",
        "or",
        "for",
        "by",
        "with",
        "according",
        "since",
        "after",
        "before",
        "near",
        "around",
        "as",
        "while",
        "but",
        "if",
        "when",
        "where",
        "across",
        "into",
        "over",
        "under",
        "outside",
        "inside",
        "through",
        "throughout",
        "between",
        "within",
        "without",
        "during",
        "aside",
        "both",
        "meanwhile",
        "also",
        "then",
        "however",
        "although",
        "though",
        "despite",
        "unlike",
        "like",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "his",
        "her",
        "their",
        "our",
        "we",
        "they",
        "he",
        "she",
        "i",
        "some",
        "many",
        "most",
        "all",
        "several",
    ]
)


class Span(NamedTuple):
    """A stretch of text with its offsets. A named tuple: a document has thousands of words,
    and tuples are built several times faster than frozen dataclasses."""

    text: str
    start: int
    end: int


def split_sentences(text: str) -> list[Span]:
    """Sentences of ``text`` as spans, trimmed of surrounding white space."""
    spans: list[Span] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if match.group().startswith(".") and _ends_with_abbreviation(text, match.start() + 1):
            continue
        spans.extend(_trimmed(text, start, match.end()))
        start = match.end()
    spans.extend(_trimmed(text, start, len(text)))
    return spans


def _ends_with_abbreviation(text: str, dot_end: int) -> bool:
    before = _WORD_BEFORE.search(text, max(0, dot_end - 12), dot_end)
    if not before:
        return False
    word = before.group(1).lower()
    return word in ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def _trimmed(text: str, start: int, end: int) -> list[Span]:
    chunk = text[start:end]
    stripped = chunk.strip()
    if not stripped:
        return []
    offset = start + chunk.index(stripped)
    return [Span(stripped, offset, offset + len(stripped))]


def overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    """Whether a (start, end) span shares a character with any of the taken spans."""
    start, end = span
    return any(start < taken_end and taken_start < end for taken_start, taken_end in taken)


def words(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Runs of letters: "Russia’s" gives "Russia" and "s", "Ivano-Frankivsk" two words."""
    end = len(text) if end is None else end
    return [Span(m.group(), *m.span()) for m in _WORD.finditer(text, start, end)]


@dataclass(frozen=True, slots=True)
class Tokens:
    """A text's words (as ``words`` finds them) computed once and handed to every stage that reads
    words: parallel lists, index i for the i-th word. Plain lists rather than an object per word,
    so that building them is a few passes in C, not a loop in Python."""

    text: str
    words: list[str]
    starts: list[int]
    ends: list[int]
    gaps: list[str]  # gaps[i]: the characters after word i, up to the next word or the end of the text
    capitalised: list[bool]  # the word's first letter is a capital
    lowered: list[str]  # str.casefold of the word
    folded: list[str]  # ``fold`` of the word

    def __len__(self) -> int:
        return len(self.words)


def tokenise(text: str) -> Tokens:
    """The words of ``text`` with their offsets, the gaps between them, case and folded forms."""
    ascii_letters = text.isascii() or not _OTHER_LETTER.search(text)
    parts = (_ASCII_WORD_AND_GAP if ascii_letters else _WORD_AND_GAP).split(text)  # [gap, word, …, gap]
    offsets = list(accumulate(map(len, parts), initial=0))
    words = parts[1::2]
    lowered = list(map(str.casefold, words))
    return Tokens(
        text=text,
        words=words,
        starts=offsets[1:-1:2],
        ends=offsets[2::2],
        gaps=parts[2::2],
        capitalised=list(map(str.isupper, map(itemgetter(0), words))),
        lowered=lowered,
        # a run of ASCII letters folds to itself in lower case: no look-up a word
        folded=lowered.copy() if ascii_letters else list(map(fold, words)),
    )


def word_count(text: str) -> int:
    """How many words ``words`` would return, without building them."""
    return len(_WORD.findall(text))


def has_words(text: str, count: int) -> bool:
    """Whether ``word_count(text) >= count``, found without looking past the count-th word."""
    return count <= 0 or next(islice(_WORD.finditer(text), count - 1, None), None) is not None


# Letters a case-blind pattern takes for an ASCII letter that str.lower does not turn into it: İ, ı, ſ.
_CASE_TRAPS = re.compile("[\u0130\u0131\u017f]")


def needle_text(text: str) -> str | None:
    """The text in lower case, for ``holds``; None where a needle could miss what a case-blind
    pattern matches (a dotted or dotless Turkish i, a long s): there, every pattern is tried."""
    return None if not text.isascii() and _CASE_TRAPS.search(text) else text.lower()


def ends_before(text: str, start: int, reach: int, endings: tuple[str, ...]) -> bool:
    """Whether the ``reach`` characters before ``start``, white space at their end aside, end with one of
    ``endings`` (lower case) in lower case: a pattern searched there that matches only up to ``start``
    and only after one of them ("… of ", "…, ") is searched only where this holds, most places
    following neither (a search tries every character of its window)."""
    return text[max(0, start - reach) : start].rstrip().lower().endswith(endings)


def holds(lowered: str | None, needles: tuple[str, ...]) -> bool:
    """Whether the text (``needle_text``) holds any of the needles: a pattern that cannot match without
    one of them is tried only where this is true, most sentences holding none."""
    return lowered is None or any(map(lowered.__contains__, needles))


_LOWER_LETTERS = re.compile(r"[a-z]+")


class ClaimWords(NamedTuple):
    """A claim's text as the word tests of every rule read it, worked out once by the claim stage and
    handed to the stages after it (map layers, the signature): in lower case (``needle_text``, or None
    where a case-blind pattern may match what lower case hides) and its runs of lower-case letters
    (``geo.dates.letter_words``), by which a rule none of whose words is there is not searched. A named
    tuple: one is built for every claim."""

    lowered: str | None
    letters: frozenset[str]


def claim_words(text: str, lowered: str | None) -> ClaimWords:
    """``lowered``: ``text`` in lower case as the caller has it (a slice of its document's
    ``needle_text``), None where a pattern must be tried in the text itself."""
    return ClaimWords(lowered, frozenset(_LOWER_LETTERS.findall(text.lower() if lowered is None else lowered)))


def phrase_alternation(phrases: list[str], ignore_case: bool = True) -> str:
    """A regular expression that matches, where any of the phrases does, the longest of them: as their
    alternation longest first, but written as a tree of their shared beginnings ("believ(?:e[ds]?)"),
    so that each position of a text costs a test per letter, not one per phrase (several times faster
    for the lists of a hundred cues). Phrases with a letter whose case a pattern and str.lower may see
    differently are written as the plain alternation."""
    keys = [p.lower() if ignore_case else p for p in phrases]
    if not all(c.isascii() or c.lower() == c == c.upper() for key in keys for c in key):
        return "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    tree: dict = {}
    for key in keys:
        node = tree
        for c in key:
            node = node.setdefault(c, {})
        node[""] = {}  # a phrase ends here
    return _branches(tree)


def _branches(node: dict) -> str:
    """The tree below a node, each letter tried before the end of a shorter phrase (the longer first)."""
    branches = [re.escape(c) + _branches(child) for c, child in sorted(node.items()) if c]
    if "" in node:
        return f"(?:{'|'.join(branches)})?" if branches else ""
    return branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"


@lru_cache(maxsize=200_000)
def fold(name: str) -> str:
    """The form names are compared in: letters only, accents dropped, case folded.

    Cached: the same words and names are folded again in every document."""
    if name.isascii():  # nothing to decompose: the common case, without the Unicode passes
        return " ".join(_WORD.findall(name.lower()))
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_WORD.findall(plain.casefold()))


# In a pattern's source, what a twin need not lower: escapes ("\b", "\W") and group names.
_ESCAPES_AND_NAMES = re.compile(r"\\.|\(\?P<\w+>|\(\?P=\w+\)")
_TWINS: dict[int, tuple[re.Pattern, re.Pattern | None]] = {}  # by id: a pattern's hash walks its code


def lowered_twin(pattern: re.Pattern) -> re.Pattern | None:
    """A case-blind pattern as a case-sensitive one, for a text in lower case (``needle_text``): the same
    matches at two to three times the speed (the engine compares letters without folding each). None
    where the two could differ: a pattern that is not case-blind, or whose letters are not all lower-case
    ASCII ones (every other character lower() maps keeps its length and its class, İ ı ſ aside)."""
    known = _TWINS.get(id(pattern))
    if known is None or known[0] is not pattern:
        known = _TWINS[id(pattern)] = (pattern, _twin(pattern))
    return known[1]


def _twin(pattern: re.Pattern) -> re.Pattern | None:
    source = pattern.pattern
    letters = _ESCAPES_AND_NAMES.sub("", source) if isinstance(source, str) else ""
    plain = all(c.isascii() or c.lower() == c.upper() for c in letters) and letters == letters.lower()
    usable = bool(pattern.flags & re.IGNORECASE) and not pattern.flags & re.VERBOSE and plain and letters
    return re.compile(source, pattern.flags & ~re.IGNORECASE) if usable else None


def finditer_lowered(pattern: re.Pattern, text: str, lowered: str | None, pos: int = 0, endpos: int = sys.maxsize):
    """The matches of ``pattern.finditer(text, pos, endpos)``, searched in ``lowered`` (``needle_text(text)``)
    by the pattern's lower-case twin where it has one: each match found there is matched again in
    ``text`` at the same place, so the caller gets the very matches (groups as written) the pattern finds."""
    known = _TWINS.get(id(pattern))  # inline: this runs for every pattern of every sentence
    twin = known[1] if known is not None and known[0] is pattern else lowered_twin(pattern)
    if twin is None or lowered is None:
        return pattern.finditer(text, pos, endpos)
    return [pattern.match(text, found.start(), endpos) for found in twin.finditer(lowered, pos, endpos)]


def word_list(path: Path, lower: bool = True) -> frozenset[str]:
    """A data file of words or phrases, one a line, "#" opening a comment line; case-folded unless not
    ``lower``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    words = (line.strip() for line in lines if line.strip() and not line.startswith("#"))
    return frozenset(map(str.casefold, words) if lower else words)

"""Counts with what they count: "around 700 North Korean soldiers" → 700, approximate, soldiers.

What is counted is an open class: the head of the short noun phrase after the number
("two senior Hamas commanders", "21,000 tonnes of fertiliser"), or after "of the" in a
partitive ("73 of the 91 drones"). Durations and ages ("for 10 years", "a 45-year-old"),
percentages and years are not counts.

Bounds stay bounds: "at least 14" is a lower bound, "up to 450" an upper one (both approximate);
"some three million" is 3,000,000, approximate. Measures keep their unit: "an 817-kilometre
border" and "30 km from the town" are in km, "a town of 50,000 people" is a population in people;
their ``counts`` is the unit as written, never the thing measured.
"""

from __future__ import annotations

import re
from dataclasses import replace

from geo.lexicon import Lexicon
from geo.models import NumberMention
from geo.text import overlaps


def _wordlist(words: str) -> list[str]:
    return words.split()


_UNITS = {
    word: value
    for value, word in enumerate(
        _wordlist(
            "two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
            "seventeen eighteen nineteen twenty"
        ),
        start=2,
    )
}
_TENS = {word: 10 * value for value, word in enumerate(_wordlist("thirty forty fifty sixty seventy eighty ninety"), 3)}
_DIGITS = {"one": 1} | {w: v for w, v in _UNITS.items() if v < 10}
_SCALES = {"dozen": 12, "hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}

# Every word a number in words can start with: a sentence without one is not searched for them.
_NUMBER_WORD_SET = frozenset(_UNITS) | frozenset(_TENS) | frozenset(_SCALES)
_NUMBER = re.compile(
    r"(?<![\w.,-])(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
    r"(?:\s+(?P<scale>thousand|million|billion))?(?![\w,]*\d)(?!-|\s*%)"
    r"(?!\s?[ap]\.?m\b\.?)"  # a time of day ("from 9pm to 6am", "at 6 a.m."), no count
)
_NUMBER_WORDS = re.compile(
    # "a" or "an" only before a scale ("a dozen"): alone it counts nothing, and it is in every sentence.
    r"(?<![\w-])(?:(?P<article>an?)(?=\s+(?:" + "|".join(_SCALES) + r")(?![\w-]))"
    r"|(?P<word>" + "|".join(sorted(_UNITS | _TENS, key=len, reverse=True)) + r")"
    r"(?:-(?P<unit>" + "|".join(_DIGITS) + r"))?)"
    r"(?:\s+(?P<scale>" + "|".join(_SCALES) + r"))?(?![\w-])",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"[\w’'-]+|[^\w\s]")
_REFERS_BACK = re.compile(r"\bthe\s*$", re.IGNORECASE)
_LIST_SEPARATOR = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")
_DIGIT = re.compile(r"\d")
_LETTERS = re.compile(r"[a-z]+")
# A measure written as one adjective: "an 817-kilometre border", "a 2,700-km wall".
# "a 10,000-square-kilometre area": a unit of two words joined too.
_HYPHENATED_MEASURE = re.compile(
    r"(?<![\w.,-])(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)-(?P<unit>[a-z]+(?:-[a-z]+)?)(?![\w-])"
)
_POPULATION_BEFORE = re.compile(r"(?:\b(?P<noun>[a-z]+)\s+of|\bhome\s+to)\s+$", re.IGNORECASE)
# Words that end the noun phrase after a number: prepositions, conjunctions, auxiliaries.
_PHRASE_ENDS = frozenset(
    _wordlist(
        "of in on at to from for by with into onto near across along over under since during per percent cent a an the "
        "and or but nor than as that which who whom whose while when where after before because if "
        "is are was were be been being has have had will would could can may might must shall should do did does "
        "this these those its their his her our"
    )
)
_PARTITIVE_DETERMINERS = frozenset(_wordlist("the its their these those his her our them"))
# Heads that make the number a duration or a frequency, not a count: "for 10 years", "40 times".
_NOT_COUNTED = frozenset(
    _wordlist("years year months month weeks week days day hours hour minutes seconds decades centuries times")
)
_NOT_PLURAL_ENDINGS = ("ss", "us", "is", "’s", "'s")
MAX_PHRASE_WORDS = 5
FIRST_YEAR, LAST_YEAR = 1900, 2099


def find_numbers(
    text: str, start: int, end: int, lexicon: Lexicon, skip: list[tuple[int, int]], words: set[str] | None = None
) -> list[NumberMention]:
    """Numbers in text[start:end] followed by what they count.

    ``skip`` holds spans already taken by dates, so "17 October 2024" is not a count.
    A bare number with nothing counted is left out: we do not guess what it counts.
    """
    found = []
    for match, value in _numbers(text, start, end, words):
        if overlaps(match.span(), skip):
            continue
        counted = _counted_noun(text, _range_end(text, match, end), end, lexicon)
        if counted is None:
            counted = _elided_noun(text, start, match, end, found[-1] if found else None, lexicon)
        if counted is None or _is_year(match, counted[0], lexicon):
            continue
        counts, phrase_end = counted
        mention = _mention(text, start, match.start(), phrase_end, value, counts, lexicon)
        found.append(_as_range_bound(text, start, match, mention))
    if words is None or "one" in words:
        found.extend(_one_person(text, start, end, lexicon, skip))
    if "-" in text[start:end] and _DIGIT.search(text, start, end):  # "an 817-kilometre border" needs both
        for match in _HYPHENATED_MEASURE.finditer(text, start, end):
            unit = lexicon.unit(match.group("unit").replace("-", " "))
            if unit and not overlaps(match.span(), skip):
                value = _digits_value(match)
                found.append(
                    _mention(text, start, match.start(), match.end(), value, match.group("unit"), lexicon, unit)
                )
    return sorted(found, key=lambda n: n.start)


# "1,844 inmates had escaped and that 35 had returned", "400 people were treated and 62 were in intensive
# care": a number right after "and" (or "but", "while") that a verb follows counts the noun of the count
# before it in the clause before, left out.
_ELIDED_LINK = re.compile(r"(?:,\s*|\s+)(?:and|but|while|whereas)\s+(?:that\s+)?$", re.IGNORECASE)
_ELIDED_VERB = re.compile(r"\s+(?:is|are|was|were|has|have|had|remain|remained|remains|died|survived)\b")
ELIDED_REACH = 80


def _elided_noun(
    text: str, limit: int, match: re.Match, end: int, before: NumberMention | None, lexicon: Lexicon
) -> tuple[str, int] | None:
    if before is None or before.unit is not None or match.start() - before.end > ELIDED_REACH:
        return None
    if before.counts.split()[-1].lower() in _STATES:
        return None  # "17 confirmed dead, but more than 2,500 are still missing": the state is no noun to share
    if _ELIDED_VERB.match(text, match.end(), end) is None:
        return None
    approx = _approximator_before(text, match.start(), limit, lexicon)
    between = text[before.end : approx if approx is not None else match.start()]
    if _DIGIT.search(between) or ";" in between or _ELIDED_LINK.search(between) is None:
        return None
    return before.counts, match.end()


# "one soldier was among the dead", "one officer was killed": one person as the subject of what happened
# (not "one resident said", a source, nor "one of them", "one day")
_ONE_PERSON = re.compile(r"(?<![\w-])[Oo]ne\s+(?P<noun>[a-z]{3,})\s+(?:was|were|is|had|has|died)\b")
_PERSON_ENDINGS = ("er", "or", "ist", "ian", "ant", "ent")
_NOT_PERSONS = frozenset(_wordlist("other another either neither number quarter matter order letter corner"))


def _one_person(text: str, start: int, end: int, lexicon: Lexicon, skip: list[tuple[int, int]]) -> list[NumberMention]:
    found = []
    for match in _ONE_PERSON.finditer(text, start, end):
        noun = match.group("noun")
        person = noun.endswith(_PERSON_ENDINGS) or lexicon.counted_nouns.fullmatch(noun) is not None
        if person and noun not in _NOT_PERSONS and noun not in _NOT_COUNTED and not overlaps(match.span(), skip):
            found.append(_mention(text, start, match.start(), match.end("noun"), 1, noun, lexicon))
    return found


# "between 12 and 15 officers", "from 20 to 30 fighters": two bounds of what the second number counts.
_RANGE_OPENING = re.compile(r"\b(?:between|from)\s+$", re.IGNORECASE)
_RANGE_LINK = re.compile(r"\s+(?:and|to)\s+(?P<num>\d{1,3}(?:,\d{3})+|\d+)(?=\s)", re.IGNORECASE)
_RANGE_FIRST = re.compile(r"\b(?:between|from)\s+(?:\d{1,3}(?:,\d{3})+|\d+)\s+(?:and|to)\s+$", re.IGNORECASE)


def _range_end(text: str, match: re.Match, end: int) -> int:
    """Where the phrase counted by a number begins: after the range's second number for the first of a range."""
    if not _RANGE_OPENING.search(text, max(0, match.start() - 8), match.start()):
        return match.end()
    link = _RANGE_LINK.match(text, match.end(), end)
    return link.end() if link else match.end()


def _as_range_bound(text: str, limit: int, match: re.Match, mention: NumberMention) -> NumberMention:
    """The first number of a range is its lower bound, the second its upper one, both approximate."""
    if mention.bound is not None or mention.approximate:
        return mention
    if _range_end(text, match, len(text)) != match.end():
        return replace(mention, approximate=True, bound="lower")
    if _RANGE_FIRST.search(text, max(limit, match.start() - 30), match.start()):
        return replace(mention, approximate=True, bound="upper")
    return mention


def _mention(
    text: str, limit: int, number_start: int, end: int, value: int, counts: str, lexicon: Lexicon, unit=None
) -> NumberMention:
    approx = _approximator_before(text, number_start, limit, lexicon)
    phrase_start = approx if approx is not None else number_start
    bound = lexicon.bound(text[approx:number_start]) if approx is not None else None
    if unit is None:
        unit = lexicon.unit(counts) or _population(text, limit, phrase_start, counts, lexicon)
    return NumberMention(
        phrase=text[phrase_start:end],
        start=phrase_start,
        end=end,
        value=value,
        approximate=approx is not None,
        counts=counts,
        bound=bound,
        unit=unit,
    )


def _population(text: str, limit: int, start: int, counts: str, lexicon: Lexicon) -> str | None:
    """ "a town of 50,000 people", "home to 48,000 people": a population, in people."""
    head = counts.split()[-1].lower()
    if head not in lexicon.population_units:
        return None
    before = _POPULATION_BEFORE.search(text[max(limit, start - 30) : start])
    if before and (before.group("noun") is None or before.group("noun").lower() in lexicon.population_places):
        return head
    return None


def _numbers(text: str, start: int, end: int, words: set[str] | None = None) -> list[tuple[re.Match, int]]:
    """Numbers in digits and in words. Most sentences hold neither: a look for a digit and for a number
    word among the sentence's words (``words``: its lower-case runs of letters) comes first."""
    sentence = text[start:end]
    digits = [(m, _digits_value(m)) for m in _NUMBER.finditer(text, start, end)] if _DIGIT.search(sentence) else []
    if words is None:
        words = set(_LETTERS.findall(sentence.lower()))
    if words.isdisjoint(_NUMBER_WORD_SET):
        return digits
    words = [
        (m, value)
        for m in _NUMBER_WORDS.finditer(text, start, end)
        if (value := _words_value(m)) and not _refers_back(text[start : m.start()], value)
    ]
    return digits + words


def _refers_back(before: str, value: int) -> bool:
    """ "the two countries", "Kent and Essex, two counties": a spelled-out number after "the", or
    opening an appositive to as many names, counts things already named: no count of its own.
    After any other comma it is a count ("killing eleven soldiers, four civilians", "its crew,
    twenty-one sailors")."""
    if _REFERS_BACK.search(before):
        return True
    if not before.rstrip().endswith(","):
        return False
    return _names_listed(before.rstrip()[:-1][-200:]) == value


def _names_listed(before: str) -> int:
    """How many names end the text, listed with commas and "and": "Mali, Niger and Chad" → 3."""
    count = 0
    for item in reversed(_LIST_SEPARATOR.split(before)):
        words = item.split()
        if not words or not words[-1][:1].isupper():
            break
        count += 1
        if not all(word[:1].isupper() for word in words):
            break  # "in Kent": the list starts here
    return count


def _digits_value(match: re.Match) -> int:
    number = float(match.group("num").replace(",", ""))
    scale = match.groupdict().get("scale")
    return int(round(number * _SCALES.get((scale or "").lower(), 1)))


def word_value(word: str) -> int | None:
    """A number written as one word ("zero" to "twenty", "thirty"…"ninety"), else None."""
    word = word.lower()
    return {"zero": 0, "one": 1}.get(word, _UNITS.get(word) or _TENS.get(word))


def _words_value(match: re.Match) -> int | None:
    """ "three" → 3, "twenty-five" → 25, "a dozen" → 12, "a million" → 1,000,000; a bare "a" → None."""
    scale = _SCALES.get((match.group("scale") or "").lower())
    if match.group("article"):
        return scale
    word = match.group("word").lower()
    value = _UNITS.get(word) or _TENS[word]
    if match.group("unit"):
        value += _DIGITS[match.group("unit").lower()]
    return value * (scale or 1)


# States a count can be left in: "20 people dead", "three soldiers wounded". After a counted noun they
# say what became of it; alone ("20 dead") they are what is counted.
_QUOTES = frozenset({'"', "“", "”", "‘", "’"})
_DOUBLE_QUOTES = re.compile(r'["“”]')
_STATES = frozenset({"dead", "killed", "wounded", "injured", "missing", "homeless"})


def _counted_noun(text: str, after: int, end: int, lexicon: Lexicon) -> tuple[str, int] | None:
    """(what is counted, end of the phrase): the head of the noun phrase after the number."""
    tokens = list(_TOKEN.finditer(text, after, end))
    if tokens and tokens[0].group() in _QUOTES:  # 'eight "members of criminal groups"': a quoted noun phrase
        tokens = [t for t in tokens if t.group() not in _QUOTES]
    if len(tokens) >= 2 and tokens[0].group().lower() == "of" and tokens[1].group().lower() in _PARTITIVE_DETERMINERS:
        tokens = tokens[2:]  # "73 of the 91 drones", "two of its soldiers", "five of them children"
        if tokens and tokens[0].group().replace(",", "").isdigit():
            tokens = tokens[1:]
    if len(tokens) >= 4 and [t.group().lower() for t in tokens[:3]] == ["the", "number", "of"]:
        tokens = tokens[3:]  # "brought to more than 500 the number of militants killed"
    phrase: list[re.Match] = []
    heads: list[re.Match] = []
    for token in tokens[:MAX_PHRASE_WORDS]:
        word = token.group()
        if not word[0].isalnum() or word.lower() in _PHRASE_ENDS:
            break
        if heads and lexicon.reporting_verbs.fullmatch(word):
            break  # "two security sources told Reuters": a verb after the noun ends what is counted
        if heads and word[0].isdigit():
            break  # "a town of 400,000 people about 30 km from it": a second number counts a phrase of its own
        if heads and word.lower() in _STATES:
            break  # "left 20 people dead": what the people were left, not what is counted
        if (
            heads
            and heads[-1] is phrase[-1]
            and _plural_noun(heads[-1].group())
            and lexicon.counted_nouns.fullmatch(word)
        ):
            break  # "three people police arrested": a plural modifies no counted noun, a new phrase begins
        if heads and word[0].islower() and word.endswith("ed"):
            break  # "three of the soldiers suffered gunshot wounds": a verb after the noun ends what is counted
        phrase.append(token)
        if lexicon.counted_nouns.fullmatch(word) or _plural(word):
            heads.append(token)
    if not heads or heads[-1].group().lower() in _NOT_COUNTED:
        return None
    head = heads[-1]
    return _DOUBLE_QUOTES.sub("", text[phrase[0].start() : head.end()]), head.end()


# Plurals that do modify a noun after them: "women journalists", "men soldiers"
_MODIFYING_PLURALS = frozenset({"women", "men"})


def _plural_noun(word: str) -> bool:
    lower = word.lower()
    if not word[0].islower() or lower in _MODIFYING_PLURALS:
        return False  # "two senior Hamas commanders": a name is no plural
    return lower == "people" or (_plural(word) and lower.endswith("s"))


def _plural(word: str) -> bool:
    lower = word.lower()
    if len(lower) > 5 and lower.endswith("men") and not lower[0].isdigit():
        return True  # "militiamen", "gunmen", "policemen"
    return len(lower) > 3 and lower.endswith("s") and not lower.endswith(_NOT_PLURAL_ENDINGS) and not lower[0].isdigit()


def _is_year(match: re.Match, counts: str, lexicon: Lexicon) -> bool:
    """ "in 2023 drones…": a four-digit number in the range of years counts only what the lexicon lists."""
    number = match.group().strip()
    if not (number.isdigit() and len(number) == 4 and FIRST_YEAR <= int(number) <= LAST_YEAR):
        return False
    return not lexicon.counted_nouns.fullmatch(counts.split()[0])


def _approximator_before(text: str, number_start: int, limit: int, lexicon: Lexicon) -> int | None:
    before = text[max(limit, number_start - 20) : number_start]
    for found in lexicon.approximators.finditer(before):
        if before[found.end() :].strip() == "" and not _particle(before, found):
            return number_start - len(before) + found.start()
    return None


# "handed over three bases": "over" belongs to the verb, it bounds no number
_OVER_AFTER = frozenset(_wordlist("hand hands handed handing turn turns turned turning"))


def _particle(before: str, found: re.Match) -> bool:
    if found.group().lower() != "over":
        return False
    words = before[: found.start()].split()
    return bool(words) and words[-1].lower() in _OVER_AFTER

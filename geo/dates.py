"""Dates a sentence speaks of, resolved against the document's publication date.

Every result keeps the phrase it came from and a precision. A relative phrase
("last week") is resolved only when the publication date is known, and never
more precisely than that date: "last week" in an article known only to be from
October 2024 is a range within late September and October, not a day. An explicit year
is never replaced ("in June 2022" is June 2022 whatever the publication date, and stays
so without one). "The following month" and "that March" count from the date the text
gave last (``context``); without one they stay unresolved.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from functools import lru_cache

from geo.models import DateMention, DateRange
from geo.text import finditer_lowered, overlaps

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTH_ABBREVIATIONS = {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name} | {"sept": 9}
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}

# Full month names, or abbreviations with an optional full stop ("Nov.").
_MONTH = (
    r"(?P<month>" + "|".join(MONTHS) + "|(?:" + "|".join(sorted(MONTH_ABBREVIATIONS, key=len, reverse=True)) + r")\.?)"
)
# A year, not the start of a longer number ("2022,000"); a comma after it ends a clause ("in June 2022, the…").
_YEAR = r"(?P<year>(?:19|20)\d\d)(?!\d|,\d)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_PART = r"(?P<part>(?:the\s+)?(?:beginning|start|end|middle)\s+of|early|mid-?|late)"

_COUNT = r"(?P<count>an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})"
_UNIT = r"(?P<unit>day|week|month|year)s?"

# The second month of a span ("between January and June") and its own year.
_MONTH2 = _MONTH.replace("?P<month>", "?P<month2>")
# The first day of a span of days in one month ("on 26 and 27 November", "September 12 and 13").
_DAY1 = r"(?P<day1>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR2 = _YEAR.replace("?P<year>", "?P<year2>")

# Each pattern with the kind of word it cannot match without (see _anchors).
_PATTERNS = [
    ("year_span", "span", rf"\b(?:between|from)\s+{_YEAR}\s+(?:and|to)\s+{_YEAR2}"),
    ("month_span", "span", rf"\b(?:between|from)\s+{_MONTH}\s+(?:and|to)\s+{_MONTH2}(?![\w-])(?:\s+{_YEAR})?"),
    # "that week", "that day": of the date the text gave last (not "that week-long truce", "that year's")
    ("that_unit", "that_unit", r"\bthat\s+(?P<unit>day|week|month|year|evening|night|morning|afternoon)(?![\w’'-])"),
    # "four days later": counted on (or back) from the date the text gave last
    ("later", "later", rf"\b{_COUNT}\s+{_UNIT}\s+(?P<way>later|earlier)\b"),
    ("ago", "ago", rf"\b{_COUNT}\s+{_UNIT}\s+ago\b"),
    ("end_of", "end", r"\bby\s+(?:the\s+)?end\s+of\s+(?:the|this)\s+(?P<unit>week|month|year)\b"),
    ("part_of", "part",
     r"\b(?:the\s+)?(?P<part>start|beginning|middle|end)\s+of\s+(?:the|this)\s+(?P<unit>month|year)\b"),
    # "dismissed the day before, he …": counted from the date the text gave last ("the day before the
    # vote" is the vote's, not known)
    ("following", "unit_before",
     r"\bthe\s+(?P<unit>day|week|month|year)\s+(?:after|(?P<back>before))(?=\s*[,.;:)]|\s*$)"),
    ("following", "relative",
     r"\bthe\s+(?:following|next|(?P<back>previous|preceding))\s+(?P<unit>day|week|month|year)\b"),
    ("that_month", "month", rf"\bthat\s+{_MONTH}(?![\w-])"),
    # "on 26 and 27 November", "12-13 September 2022", "September 12 and 13": one date over both days
    ("day_span", "day_span", rf"\b{_DAY1}\s*(?:and|to|-|–)\s*{_DAY}\s+{_MONTH}(?![\w-])(?:\s*,?\s+{_YEAR})?"),
    ("day_span", "day_span",
     rf"\b{_MONTH}\s+{_DAY1}\s*(?:and|to|-|–)\s*{_DAY}(?:\s*,\s*{_YEAR}|\b(?!\s*(?:,\s*)?\d|\s+[a-z]))"),
    # "on Sunday, 26 November 2023": one date (only sentences naming a weekday are searched for it)
    ("day_month_year", "weekday", rf"\b(?:on\s+)?(?:{'|'.join(WEEKDAYS)}),?\s+{_DAY}\s+{_MONTH}\s*,?\s+{_YEAR}"),
    ("day_month_year", "month", rf"\b{_DAY}\s+{_MONTH}\s*,?\s+{_YEAR}"),
    ("month_day_year", "month", rf"\b{_MONTH}\s+{_DAY}\s*,\s*{_YEAR}"),
    ("month_day_year", "month", rf"\b{_MONTH}\s+{_DAY}\s+{_YEAR}"),
    ("part_month", "month", rf"\b{_PART}\s*{_MONTH}(?![\w-])(?:\s+{_YEAR})?"),  # not "early dec(ades)"
    ("month_year", "month", rf"\b{_MONTH}\s+{_YEAR}"),
    ("day_month", "month", rf"\b{_DAY}\s+{_MONTH}\b"),
    ("month_day", "month", rf"\b{_MONTH}\s+{_DAY}\b(?!\s*(?:,\s*)?\d)"),
    ("month_year", "month", rf"\b(?:(?P<since>since)|in|by|during|until|from|before|after)\s+{_MONTH}\b"),
    ("relative", "relative",
     r"\b(?P<rel>(?:last|this|next|past|earlier\s+this|later\s+this|so\s+far\s+this)\s+(?P<unit>week|month|year)"
     r"|yesterday|today|recently|in\s+recent\s+(?:days|weeks))\b"),
    ("weekend", "weekend", r"\b(?:(?:over|at|during)\s+the|last|this)\s+weekend\b"),
    ("weekday", "weekday",
     r"\b(?P<lead>on|last|this|since|by|until|late|early"
     # "in the early hours of Monday", "the night of Friday": a part of that day
     r"|(?:in\s+|on\s+)?the\s+(?:early\s+hours|small\s+hours|morning|afternoon|evening|night)\s+of)"
     r"\s+(?P<weekday>" + "|".join(WEEKDAYS) + r")\b"),
    # "the army said Friday": wire copy drops the "on"; the phrase is the day's name alone
    ("weekday", "weekday",
     r"\b(?:said|says|told|added|announced|reported|claimed|confirmed|denied|warned)\s+(?P<lead>)"
     r"(?P<date>(?P<weekday>" + "|".join(WEEKDAYS) + r"))\b(?![’'])"),
    ("part_year", "part_year", rf"\b{_PART}\s*{_YEAR}"),
    ("year", "year", rf"\b(?:in|since|by|during|until|of|from)\s+{_YEAR}"),
    ("year", "year", rf"(?<=\d\d\d\d\s)(?:and|or)\s+{_YEAR}"),
]  # fmt: skip
_COMPILED = [(kind, needs, re.compile(pattern, re.IGNORECASE)) for kind, needs, pattern in _PATTERNS]
_ANCHOR_WORDS = (
    dict.fromkeys(["last", "this", "next", "past", "yesterday", "today", "recently", "recent"], "relative")
    | dict.fromkeys(["following", "previous", "preceding"], "relative")
    | {"ago": "ago", "end": "end", "start": "part", "beginning": "part", "middle": "part"}
    | {"later": "later", "earlier": "later"}
    | dict.fromkeys(WEEKDAYS, "weekday")
    | {"weekend": "weekend"}
    | dict.fromkeys([*MONTHS, *MONTH_ABBREVIATIONS], "month")
)
_LETTERS = re.compile(r"[a-z]+")
_UNIT_WORDS = frozenset({"day", "week", "month", "year", "evening", "night", "morning", "afternoon"})
_PART_WORDS = frozenset({"early", "mid", "late", "beginning", "start", "end", "middle"})
_YEAR_DIGITS = re.compile(r"(?:19|20)\d\d")
_DAY_SPAN_HINT = re.compile(r"\d\s*(?:and|to|-|–)\s*\d")
# "may" and "march" are dates only when capitalised.
_LOWERCASE_MONTH_WORDS = {"may", "march"}


_COUNT_WORDS = {
    w: i
    for i, w in enumerate(
        ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"], 1
    )
}


def find_dates(
    text: str,
    start: int,
    end: int,
    published: DateRange | None,
    context: DateRange | None = None,
    words: set[str] | None = None,
    lowered: str | None = None,
) -> list[DateMention]:
    """Date phrases in text[start:end], earliest-starting and longest first, never overlapping.

    ``context`` is the date the text gave last, for "the following month" and "that March";
    ``words``, the sentence's lower-case runs of letters when the caller has them already;
    ``lowered``, the whole text as ``geo.text.needle_text`` gives it, where the patterns are searched."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    anchors = _anchors(text[start:end], words)
    if not anchors:
        return found
    from_context = []
    for kind, pattern in _patterns_for(frozenset(anchors)):
        for match in finditer_lowered(pattern, text, lowered, start, end):
            span = match.span("date") if "date" in match.re.groupindex else match.span()  # the words that date
            if overlaps(span, taken) or _lowercase_month(match):
                continue
            taken.append(span)
            if kind in _FROM_CONTEXT:
                from_context.append((kind, match, span))
                continue
            resolved = _resolve(kind, match, published, context)
            if (
                resolved is not None
                and published is not None
                and resolved.earliest > published.latest
                and resolved.earliest > _month_end(published.latest)
            ):
                resolved = _in_the_past(kind, match, published, text[start : match.start()]) or resolved
            found.append(DateMention(text[span[0] : span[1]], span[0], span[1], resolved))
    for kind, match, span in from_context:  # "in March 2025 and reopened that May": the date just before
        before = [d for d in found if d.start < span[0] and d.resolved is not None]
        latest = max(before, key=lambda d: d.start).resolved if before else context
        found.append(DateMention(text[span[0] : span[1]], span[0], span[1], _resolve(kind, match, published, latest)))
    return sorted(found, key=lambda d: d.start)


_DAY_PARTS = {"evening": "day", "night": "day", "morning": "day", "afternoon": "day"}  # "that evening"
# resolved from the date the text gave last
_FROM_CONTEXT = frozenset({"following", "that_month", "that_unit", "later"})
_NEAREST_YEAR = frozenset({"month_year", "part_month", "day_month", "month_day", "month_span", "day_span"})
# A verb in the past tense ("began", "had been killed", "took"), not one that reports or plans.
_PAST_VERB = re.compile(
    r"\b(?!(?:announced|reported|claimed|warned|stated|added|confirmed|estimated|expected|planned|scheduled|"
    r"needed|proposed|pledged|vowed|agreed)\b)(?:had|was|were|did|began|fled|took|came|fell|broke|went|left|"
    r"[a-z]{3,}ed)\b"
)
_NOT_PAST = re.compile(r"\b(?:will|would|shall|might|may|could|should|must|next|plans?|due|until|by|to)\b")


def _in_the_past(kind: str, match: re.Match, published: DateRange, before: str) -> DateRange | None:
    """ "the offensive began in January", in a story of October: that month named without a year which
    is nearest to the publication is still to come, but a verb in the past before it in its clause puts
    it before the publication."""
    if kind not in _NEAREST_YEAR or match.groupdict().get("year"):
        return None
    clause = re.split(r"[,;:]|\bthat\b", before)[-1].lower()  # what was said, not the saying of it
    if not _PAST_VERB.search(clause) or _NOT_PAST.search(clause):
        return None
    resolved = _resolve(kind, match, published, None, past=True)
    return resolved if resolved is not None and resolved.latest <= published.latest else None


@lru_cache(maxsize=256)
def _patterns_for(anchors: frozenset[str]) -> tuple[tuple[str, re.Pattern], ...]:
    """The patterns a sentence holding these kinds of date word needs, in their order of precedence."""
    return tuple((kind, pattern) for kind, needs, pattern in _COMPILED if needs in anchors)


def letter_words(sentence: str) -> set[str]:
    """A sentence's lower-case runs of letters: what date patterns and certainty cues are looked up by."""
    return set(_LETTERS.findall(sentence.lower()))


def _anchors(sentence: str, words: set[str] | None = None) -> set[str]:
    """The kinds of date word a sentence holds: most hold none, and a pattern needs its kind.

    One pass over the words instead of a dozen regular expressions over every sentence."""
    words = letter_words(sentence) if words is None else words
    found = {_ANCHOR_WORDS[w] for w in words if w in _ANCHOR_WORDS}
    if "end" in found:
        found.add("part")  # "the end of the month" as well as "by the end of the month"
    if "that" in words and not _UNIT_WORDS.isdisjoint(words):
        found.add("that_unit")  # "that week"
    if ("before" in words or "after" in words) and not _UNIT_WORDS.isdisjoint(words):
        found.add("unit_before")  # "the day before"
    if "between" in words or "from" in words:
        found.add("span")  # "between 2016 and 2019", "from January to March"
    if "month" in found and _DAY_SPAN_HINT.search(sentence):
        found.add("day_span")  # "26 and 27 November", "May 13-15": few sentences with a month have one
    if _YEAR_DIGITS.search(sentence):
        found.add("year")
        if not _PART_WORDS.isdisjoint(words):
            found.add("part_year")  # "early 2024", "mid-2023"
    return found


def _lowercase_month(match: re.Match) -> bool:
    month = match.groupdict().get("month")
    return bool(month) and month.lower() in _LOWERCASE_MONTH_WORDS and month[0].islower()


def _resolve(
    kind: str, match: re.Match, published: DateRange | None, context: DateRange | None, past: bool = False
) -> DateRange | None:
    groups = match.groupdict()
    if kind == "ago":
        return _ago(groups["count"].lower(), groups["unit"].lower(), published)
    if kind == "part_of":
        return _part_of(groups["part"].lower(), groups["unit"].lower(), published)
    if kind == "end_of":
        return _until_end_of(groups["unit"].lower(), published)
    if kind == "following":
        return _following(groups["unit"].lower(), context, step=-1 if groups.get("back") else 1)
    if kind == "that_month":
        return _month(context.earliest.year, _month_number(groups["month"]), None) if context else None
    if kind == "that_unit":
        return _following(_DAY_PARTS.get(groups["unit"].lower(), groups["unit"].lower()), context, step=0)
    if kind == "later":
        count = groups["count"].lower()
        n = 1 if count in ("a", "an") else _COUNT_WORDS.get(count) or int(count)
        return _following(groups["unit"].lower(), context, step=n if groups["way"].lower() == "later" else -n)
    if kind == "year_span":
        return DateRange(date(int(groups["year"]), 1, 1), date(int(groups["year2"]), 12, 31), "year")
    if kind == "month_span":
        return _month_span(_month_number(groups["month"]), _month_number(groups["month2"]), groups, published, past)
    year = int(groups["year"]) if groups.get("year") else None
    month = _month_number(groups["month"]) if groups.get("month") else None
    if kind == "day_span":
        year = year or (_year_since(month, published) if past else _year_nearest(month, published))
        return _day_span(year, month, int(groups["day1"]), int(groups["day"])) if year else None
    if kind in ("day_month_year", "month_day_year", "day_month", "month_day"):
        year = year or (_year_since(month, published) if past else _year_nearest(month, published))
        return _day(year, month, int(groups["day"])) if year else None
    if kind in ("month_year", "part_month"):
        looks_back = groups.get("since") or past
        year = year or (_year_since(month, published) if looks_back else _year_nearest(month, published))
        return _month(year, month, groups.get("part")) if year else None
    if kind == "year":
        return DateRange(date(year, 1, 1), date(year, 12, 31), "year")
    if kind == "part_year":
        return _part_year(year, groups["part"].lower())
    if kind == "weekend":
        return _weekend(published)
    if kind == "weekday":
        lead = groups["lead"].lower()  # "late Friday", "the early hours of Friday" of a Friday: that day
        same_day = lead in ("on", "", "late", "early") or lead.endswith(" of")
        return _weekday(WEEKDAYS[groups["weekday"].lower()], published, same_day=same_day)
    return _relative(groups["rel"].lower(), (groups.get("unit") or "").lower(), published)


def _month_span(first: int, last: int, groups: dict, published: DateRange | None, past: bool) -> DateRange | None:
    """ "between January and June" (of the year nearest the publication, as a month alone), "from
    November to February" (across the new year), "from March to May 2021"."""
    year = int(groups["year"]) if groups.get("year") else None
    year = year or (_year_since(last, published) if past else _year_nearest(last, published))
    if year is None:
        return None
    start = _month(year if first <= last else year - 1, first, None)
    return DateRange(start.earliest, _month(year, last, None).latest, "month")


def _month_number(word: str) -> int:
    word = word.lower().rstrip(".")
    return MONTHS.get(word) or MONTH_ABBREVIATIONS[word]


def _day(year: int, month: int, day: int) -> DateRange | None:
    try:
        value = date(year, month, day)
    except ValueError:
        return None  # "31 February": a phrase, not a date
    return DateRange(value, value, "day")


def _day_span(year: int, month: int, first: int, last: int) -> DateRange | None:
    """ "26 and 27 November": from the first day to the last (none for "27 and 26", nor "30-31 June")."""
    start, end = _day(year, month, first), _day(year, month, last)
    if start is None or end is None or first >= last:
        return None
    return DateRange(start.earliest, end.latest, "day")


def _month(year: int, month: int, part: str | None) -> DateRange:
    last_day = calendar.monthrange(year, month)[1]
    first, last = 1, last_day
    part = (part or "").lower()
    if "beginning" in part or "start" in part or part == "early":
        last = 10
    elif "middle" in part or part.startswith("mid"):
        first, last = 11, 20
    elif "end" in part or part == "late":
        first = 21
    return DateRange(date(year, month, first), date(year, month, last), "month")


def _part_year(year: int, part: str) -> DateRange:
    """ "early 2024": January to April; "mid-2024" May to August; "late 2024" September to December
    (the thirds "the start of the year" takes)."""
    third = 0 if part == "early" or "beginning" in part or "start" in part else 1 if "mid" in part else 2
    first = date(year, 1 + 4 * third, 1)
    return DateRange(first, _month_end(date(year, first.month + 3, 1)), "year")


def _year_nearest(month: int, published: DateRange | None) -> int | None:
    """The year that puts a month named without one closest to the publication date."""
    if published is None:
        return None
    reference = published.earliest
    options = [reference.year - 1, reference.year, reference.year + 1]
    return min(options, key=lambda y: abs((y - reference.year) * 12 + month - reference.month))


def _year_since(month: int, published: DateRange | None) -> int | None:
    """ "since February" looks back: the latest such month not after the publication date."""
    if published is None:
        return None
    reference = published.earliest
    return reference.year if month <= reference.month else reference.year - 1


def _weekday(weekday: int, published: DateRange | None, same_day: bool = False) -> DateRange | None:
    """The latest such day before publication; "on Friday" in a story of a Friday is that day."""
    if published is None:
        return None
    if published.precision != "day":
        return published  # "on Tuesday" of an article dated to the month: that month
    back = (published.earliest.weekday() - weekday) % 7 or (0 if same_day else 7)
    value = published.earliest - timedelta(days=back)
    return DateRange(value, value, "day")


def _weekend(published: DateRange | None) -> DateRange | None:
    """ "over the weekend": the Saturday and Sunday before publication (that one, published on a Sunday)."""
    if published is None or published.precision != "day":
        return published
    saturday = _weekday(calendar.SATURDAY, published).earliest
    return DateRange(saturday, min(saturday + timedelta(days=1), published.earliest), "week")


def _relative(phrase: str, unit: str, published: DateRange | None) -> DateRange | None:
    if published is None:
        return None
    first, last = published.earliest, published.latest
    precision = published.precision
    if phrase == "today":
        return published
    if phrase == "yesterday":
        return DateRange(first - timedelta(days=1), last - timedelta(days=1), precision)
    if phrase.startswith("recently") or phrase.startswith("in recent"):
        return DateRange(first - timedelta(days=30), last, _coarser(precision, "month"))
    step = -1 if phrase.startswith(("last", "past")) else 1 if phrase.startswith("next") else 0
    if phrase.startswith(("earlier", "later", "so far")):
        whole = _relative(f"this {unit}", unit, published)
        if whole is None:
            return None
        if phrase.startswith(("earlier", "so far")):  # from the start of the week, month or year to the publication
            return DateRange(whole.earliest, max(whole.earliest, last), whole.precision)
        return DateRange(min(first, whole.latest), whole.latest, whole.precision)
    if unit == "week":
        monday_first = first - timedelta(days=first.weekday()) + timedelta(weeks=step)
        monday_last = last - timedelta(days=last.weekday()) + timedelta(weeks=step)
        return DateRange(monday_first, monday_last + timedelta(days=6), _coarser(precision, "week"))
    if unit == "month":
        a, b = _shift_month(first, step), _shift_month(last, step)
        return DateRange(a, b.replace(day=calendar.monthrange(b.year, b.month)[1]), _coarser(precision, "month"))
    if unit == "year":
        return DateRange(date(first.year + step, 1, 1), date(last.year + step, 12, 31), "year")
    return None


def _ago(count: str, unit: str, published: DateRange | None) -> DateRange | None:
    """ "three weeks ago": the week (day, month, year) that many before the publication's."""
    if published is None:
        return None
    n = 1 if count in ("a", "an") else _COUNT_WORDS.get(count) or int(count)
    first, last = published.earliest, published.latest
    if unit == "day":
        return DateRange(first - timedelta(days=n), last - timedelta(days=n), published.precision)
    if unit == "week":
        monday_first = first - timedelta(days=first.weekday(), weeks=n)
        monday_last = last - timedelta(days=last.weekday(), weeks=n)
        return DateRange(monday_first, monday_last + timedelta(days=6), _coarser(published.precision, "week"))
    if unit == "month":
        a, b = _shift_month(first, -n), _shift_month(last, -n)
        return DateRange(a, _month_end(b), _coarser(published.precision, "month"))
    return DateRange(date(first.year - n, 1, 1), date(last.year - n, 12, 31), "year")


def _part_of(part: str, unit: str, published: DateRange | None) -> DateRange | None:
    """ "the start of the month": its first ten days, as "early"; of the year, its first four months."""
    whole = _relative(f"this {unit}", unit, published)
    if whole is None:
        return None
    third = {"start": 0, "beginning": 0, "middle": 1, "end": 2}[part]
    if unit == "month":
        span = _month(whole.earliest.year, whole.earliest.month, ("early", "mid", "late")[third])
        return DateRange(span.earliest, span.latest, whole.precision)
    first = date(whole.earliest.year, 1 + 4 * third, 1)
    return DateRange(first, _month_end(date(first.year, first.month + 3, 1)), "year")


def _until_end_of(unit: str, published: DateRange | None) -> DateRange | None:
    """ "by the end of the month": from the publication to the month's last day."""
    if published is None:
        return None
    whole = _relative(f"this {unit}", unit, published)
    return DateRange(published.earliest, whole.latest, whole.precision) if whole else None


def _following(unit: str, context: DateRange | None, step: int = 1) -> DateRange | None:
    """ "the following month" (step 1), "the previous week" (step -1): the one after or before the date
    the text gave last, if that date is as precise."""
    if context is None or PRECISION_ORDER.index(context.precision) > PRECISION_ORDER.index(unit):
        return None
    first = context.earliest
    if unit == "day":
        return DateRange(first + timedelta(days=step), first + timedelta(days=step), "day")
    if unit == "week":
        monday = first - timedelta(days=first.weekday()) + timedelta(weeks=step)
        return DateRange(monday, monday + timedelta(days=6), "week")
    if unit == "month":
        start = _shift_month(first, step)
        return DateRange(start, _month_end(start), "month")
    return DateRange(date(first.year + step, 1, 1), date(first.year + step, 12, 31), "year")


def _month_end(value: date) -> date:
    return value.replace(day=calendar.monthrange(value.year, value.month)[1])


def _shift_month(value: date, step: int) -> date:
    index = value.year * 12 + value.month - 1 + step
    return date(index // 12, index % 12 + 1, 1)


PRECISION_ORDER = ("day", "week", "month", "year")


def _coarser(a: str, b: str) -> str:
    return max(a, b, key=PRECISION_ORDER.index)

"""Dates a sentence speaks of, resolved against the document's publication date.

Every result keeps the phrase it came from and a precision. A relative phrase
("last week") is resolved only when the publication date is known, and never
more precisely than that date: "last week" in an article known only to be from
October 2024 is a range within late September and October, not a day.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from geo.models import DateMention, DateRange
from geo.text import overlaps

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTH_ABBREVIATIONS = {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name} | {"sept": 9}
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}

# Full month names, or abbreviations with an optional full stop ("Nov.").
_MONTH = (
    r"(?P<month>" + "|".join(MONTHS) + "|(?:" + "|".join(sorted(MONTH_ABBREVIATIONS, key=len, reverse=True)) + r")\.?)"
)
_YEAR = r"(?P<year>(?:19|20)\d\d)(?![\d,])"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_PART = r"(?P<part>(?:the\s+)?(?:beginning|start|end|middle)\s+of|early|mid-?|late)"

# Each pattern with the kind of word it cannot match without (see _anchors).
_PATTERNS = [
    ("day_month_year", "month", rf"\b{_DAY}\s+{_MONTH}\s*,?\s+{_YEAR}"),
    ("month_day_year", "month", rf"\b{_MONTH}\s+{_DAY}\s*,\s*{_YEAR}"),
    ("month_day_year", "month", rf"\b{_MONTH}\s+{_DAY}\s+{_YEAR}"),
    ("part_month", "month", rf"\b{_PART}\s*{_MONTH}(?:\s+{_YEAR})?"),
    ("month_year", "month", rf"\b{_MONTH}\s+{_YEAR}"),
    ("day_month", "month", rf"\b{_DAY}\s+{_MONTH}\b"),
    ("month_day", "month", rf"\b{_MONTH}\s+{_DAY}\b(?!\s*(?:,\s*)?\d)"),
    ("month_year", "month", rf"\b(?:(?P<since>since)|in|by|during|until|from|before|after)\s+{_MONTH}\b"),
    ("relative", "relative",
     r"\b(?P<rel>(?:last|this|next|past|earlier\s+this|later\s+this)\s+(?P<unit>week|month|year)"
     r"|yesterday|today|recently|in\s+recent\s+(?:days|weeks))\b"),
    ("weekday", "weekday", r"\b(?:on|last|this|since|by|until)\s+(?P<weekday>" + "|".join(WEEKDAYS) + r")\b"),
    ("year", "year", rf"\b(?:in|since|by|during|until|of|from)\s+{_YEAR}"),
]  # fmt: skip
_COMPILED = [(kind, needs, re.compile(pattern, re.IGNORECASE)) for kind, needs, pattern in _PATTERNS]
_ANCHOR_WORDS = (
    dict.fromkeys(["last", "this", "next", "past", "yesterday", "today", "recently", "recent"], "relative")
    | dict.fromkeys(WEEKDAYS, "weekday")
    | dict.fromkeys([*MONTHS, *MONTH_ABBREVIATIONS], "month")
)
_LETTERS = re.compile(r"[a-z]+")
_YEAR_DIGITS = re.compile(r"(?:19|20)\d\d")
# "may" and "march" are dates only when capitalised.
_LOWERCASE_MONTH_WORDS = {"may", "march"}


def find_dates(text: str, start: int, end: int, published: DateRange | None) -> list[DateMention]:
    """Date phrases in text[start:end], earliest-starting and longest first, never overlapping."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    anchors = _anchors(text[start:end])
    for kind, needs, pattern in _COMPILED:
        if needs not in anchors:
            continue
        for match in pattern.finditer(text, start, end):
            if overlaps(match.span(), taken) or _lowercase_month(match):
                continue
            taken.append(match.span())
            found.append(DateMention(match.group(), match.start(), match.end(), _resolve(kind, match, published)))
    return sorted(found, key=lambda d: d.start)


def _anchors(sentence: str) -> set[str]:
    """The kinds of date word a sentence holds: most hold none, and a pattern needs its kind.

    One pass over the words instead of eleven regular expressions over every sentence."""
    lowered = sentence.lower()
    found = {_ANCHOR_WORDS[w] for w in _LETTERS.findall(lowered) if w in _ANCHOR_WORDS}
    if _YEAR_DIGITS.search(lowered):
        found.add("year")
    return found


def _lowercase_month(match: re.Match) -> bool:
    month = match.groupdict().get("month")
    return bool(month) and month.lower() in _LOWERCASE_MONTH_WORDS and month[0].islower()


def _resolve(kind: str, match: re.Match, published: DateRange | None) -> DateRange | None:
    groups = match.groupdict()
    year = int(groups["year"]) if groups.get("year") else None
    month = _month_number(groups["month"]) if groups.get("month") else None
    if kind in ("day_month_year", "month_day_year", "day_month", "month_day"):
        year = year or _year_nearest(month, published)
        return _day(year, month, int(groups["day"])) if year else None
    if kind in ("month_year", "part_month"):
        year = year or (_year_since(month, published) if groups.get("since") else _year_nearest(month, published))
        return _month(year, month, groups.get("part")) if year else None
    if kind == "year":
        return DateRange(date(year, 1, 1), date(year, 12, 31), "year")
    if kind == "weekday":
        return _weekday(WEEKDAYS[groups["weekday"].lower()], published)
    return _relative(groups["rel"].lower(), (groups.get("unit") or "").lower(), published)


def _month_number(word: str) -> int:
    word = word.lower().rstrip(".")
    return MONTHS.get(word) or MONTH_ABBREVIATIONS[word]


def _day(year: int, month: int, day: int) -> DateRange | None:
    try:
        value = date(year, month, day)
    except ValueError:
        return None  # "31 February": a phrase, not a date
    return DateRange(value, value, "day")


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


def _weekday(weekday: int, published: DateRange | None) -> DateRange | None:
    if published is None:
        return None
    if published.precision != "day":
        return published  # "on Tuesday" of an article dated to the month: that month
    back = (published.earliest.weekday() - weekday) % 7 or 7
    value = published.earliest - timedelta(days=back)
    return DateRange(value, value, "day")


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


def _shift_month(value: date, step: int) -> date:
    index = value.year * 12 + value.month - 1 + step
    return date(index // 12, index % 12 + 1, 1)


def _coarser(a: str, b: str) -> str:
    order = ("day", "week", "month", "year")
    return max(a, b, key=order.index)

"""Plain data passed between the pipeline's stages.

text ──► claims ──► place mentions ──► resolved places + geometry ──► layers ──► store

Every stage takes and returns these frozen dataclasses, so any stage can be run,
tested and benchmarked alone. Character offsets are always offsets into
``Document.text``.
"""

from __future__ import annotations

from dataclasses import MISSING, dataclass, field, fields
from datetime import date, timedelta
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from geo.stories import Signature

PRECISIONS = ("day", "week", "month", "year")


def quick_init(cls):
    """A frozen dataclass whose ``__init__`` writes its fields into the instance's ``__dict__``, where the
    dataclass's calls ``object.__setattr__`` once a field: the same arguments, defaults and checks
    (``__post_init__``), made two to three times faster. Extraction makes hundreds a document."""
    if "__slots__" in cls.__dict__:
        return cls  # no __dict__ to write
    params, body, namespace = [], [], {"_FACTORY": _FACTORY}
    for f in fields(cls):
        if not f.init or f.kw_only:
            return cls  # not written for these: the dataclass's own stays
        if f.default is not MISSING:
            namespace[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
            body.append(f"    d[{f.name!r}] = {f.name}")
        elif f.default_factory is not MISSING:
            namespace[f"_factory_{f.name}"] = f.default_factory
            params.append(f"{f.name}=_FACTORY")
            body.append(f"    d[{f.name!r}] = _factory_{f.name}() if {f.name} is _FACTORY else {f.name}")
        else:
            params.append(f.name)
            body.append(f"    d[{f.name!r}] = {f.name}")
    if hasattr(cls, "__post_init__"):
        body.append("    self.__post_init__()")
    source = f"def __init__(self, {', '.join(params)}):\n    d = self.__dict__\n" + "\n".join(body)
    exec(source, namespace)  # noqa: S102 (built from the field names alone, as dataclasses does)
    namespace["__init__"].__qualname__ = f"{cls.__qualname__}.__init__"
    cls.__init__ = namespace["__init__"]
    return cls


_FACTORY = object()  # an argument left to its default factory


@quick_init
@dataclass(frozen=True)
class DateRange:
    """A calendar interval and how precisely the text pinned it down."""

    earliest: date
    latest: date
    precision: str  # one of PRECISIONS

    def __post_init__(self) -> None:
        if self.precision not in PRECISIONS:
            raise ValueError(f"precision {self.precision!r} is not one of {PRECISIONS}")
        if self.latest < self.earliest:
            raise ValueError(f"date range ends ({self.latest}) before it starts ({self.earliest})")

    def label(self) -> str:
        """ISO-like text at the range's own precision: 2024-10-17, 2024-10, 2024; a part of a month
        or year ("late August", "early 2024") as its first and last day."""
        if self.precision == "day" and self.earliest == self.latest:
            return self.earliest.isoformat()
        one_month = (self.earliest.year, self.earliest.month) == (self.latest.year, self.latest.month)
        whole_months = self.earliest.day == 1 and (self.latest + timedelta(days=1)).day == 1
        if self.precision == "month" and one_month and whole_months:
            return self.earliest.strftime("%Y-%m")
        whole_year = (self.earliest.month, self.earliest.day, self.latest.month, self.latest.day) == (1, 1, 12, 31)
        if self.precision == "year" and whole_year and self.earliest.year == self.latest.year:
            return str(self.earliest.year)
        return f"{self.earliest.isoformat()}/{self.latest.isoformat()}"


@quick_init
@dataclass(frozen=True)
class Document:
    text: str
    doc_id: str  # content hash: the same text is the same document
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    author: str | None = None
    published: DateRange | None = None  # None: the publication date is unknown
    path: str | None = None


@quick_init
@dataclass(frozen=True)
class Source:
    """One link of a claim's attribution chain."""

    name: str  # canonical within the document ("John Smith" for "Mr Smith")
    kind: str  # person, government, agency, military, think tank, media, document, unattributed,
    # or for a source the text describes without naming it, what it is described as: official,
    # diplomat, analyst, resident, witness, aid worker, source… (``DESCRIBED_KINDS`` in the lexicon)
    mention: str  # as written in this sentence
    role: str | None = None  # for people, the role the text gives them
    affiliation: str | None = None  # the country or organisation the text ties it to, where it does


@quick_init
@dataclass(frozen=True)
class DateMention:
    phrase: str
    start: int
    end: int
    resolved: DateRange | None  # None: the phrase names a time the text does not pin down


@quick_init
@dataclass(frozen=True)
class NumberMention:
    phrase: str
    start: int
    end: int
    value: int
    approximate: bool
    counts: str | None  # what is counted ("soldiers"), None where the text does not say
    bound: str | None = None  # "lower" ("at least 14"), "upper" ("up to 450"), None: the value itself
    unit: str | None = None  # a measure's unit ("km" for "a 390-kilometre border"), None for a count


@quick_init
@dataclass(frozen=True)
class Claim:
    text: str
    start: int
    end: int
    sources: tuple[Source, ...]  # outermost first
    certainty: str
    certainty_cues: tuple[str, ...]
    dates: tuple[DateMention, ...] = ()
    numbers: tuple[NumberMention, ...] = ()
    # The date of what the claim states: its date mentions but those that only place the background
    # ("since the war began in April 2023"); None when the text gives it none.
    when: DateRange | None = None
    # Spans (document offsets) of the places the claim was made at: a dateline's, "told reporters in
    # X", "a diplomat in X". A place there is where it was said, not where what it states happens.
    said_at: tuple[tuple[int, int], ...] = ()


class GazetteerEntry(NamedTuple):
    """A place the gazetteer knows, before any geometry is built.

    A named tuple rather than a dataclass: the gazetteer holds a quarter of a
    million of them, and tuples load from the cache several times faster.
    """

    key: str  # stable id: "gn:709717", "country:UA", "admin1:RU-tuva", "macro:siberia"
    name: str
    feature: str  # city, country, admin1, macro
    country: str | None  # ISO 3166-1 alpha-2
    lat: float
    lon: float
    population: int = 0
    geonameid: int | None = None
    region: str | None = None  # the first-level region that holds a town or county ("admin1:US-texas")


@quick_init
@dataclass(frozen=True)
class NameSpan:
    """A stretch of text that names a gazetteer place, with every place it could be."""

    text: str
    start: int
    end: int
    candidates: tuple[GazetteerEntry, ...]
    fuzzy: bool = False  # matched a misspelling rather than a listed name


@quick_init
@dataclass(frozen=True)
class PlaceMention:
    """A place named in the text: a plain name, or an area built from names.

    form is "name" ("Kyiv"), "area" ("the Kyiv area", "near Kyiv"), "within" ("the village of Agok
    in Abyei": a place the gazetteer lacks, drawn as the area of the one named after it), "part"
    ("eastern Ukraine", with ``direction``) or "border" ("the Ukrainian-Russian
    border", two names).
    """

    text: str
    start: int
    end: int
    form: str
    names: tuple[NameSpan, ...]
    direction: str | None = None


@quick_init
@dataclass(frozen=True)
class ResolvedPlace:
    """A mention tied to one place, with the geometry to draw it."""

    mention: str
    start: int
    end: int
    key: str
    name: str
    feature: str  # city, country, admin1, macro, area, part, border
    country: str | None
    lat: float
    lon: float
    geometry: dict  # GeoJSON geometry
    score: float
    geonameid: int | None = None
    alternatives: tuple[tuple[str, str, float], ...] = ()  # (key, name, score) of runners-up
    pending_lookup: bool = False  # the online geocoder failed: the gazetteer's point stands for now
    address: str | None = None  # "Washington, District of Columbia, United States" (geo.addresses)


@quick_init
@dataclass(frozen=True)
class PlaceInClaim:
    place: ResolvedPlace
    layer: str
    said: bool = False  # where the claim was made (a dateline, "told reporters in X"), not where it happens


@quick_init
@dataclass(frozen=True)
class ExtractedClaim:
    claim: Claim
    places: tuple[PlaceInClaim, ...] = field(default_factory=tuple)
    # What linking compares (geo.stories), worked out with the extraction: outside the store's write,
    # which other ingests wait for. None: the store works it out.
    signature: Signature | None = None


@quick_init
@dataclass(frozen=True)
class Extraction:
    document: Document
    claims: tuple[ExtractedClaim, ...]

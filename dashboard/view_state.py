"""A view of the dashboard as a query string, so every view is a URL that can be shared.

``?source=ISW&layer=training&from=2024-10-01&q=troops&corroborated=2&contested=1&size=corroborated&place=12&lat=48.5&lon=37.9&zoom=5``
restores the same filters, selection and map position. Only what differs from the
default view is written; anything that does not parse is dropped, never an error, and what does
is bounded (so many names, so long a text, a place id, dates, a map position), whether it comes
from the address or from the controls.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import parse_qs, urlencode

from geo.store import ClaimFilter

CERTAINTIES = ("known", "reported", "claimed", "believed", "suggested")
DATE_BASES = ("claim", "published")
# What the map's markers are sized by: the claims that name a place, or those of them whose story
# stands on two or more independent sources (corroborated).
MAP_SIZES = ("claims", "corroborated")
MAX_TEXT = 200  # characters of the text filter
MAX_SOURCES = 20  # "at least N independent sources": more than this is this
MAX_WORDS = 8  # words of the text filter: each more is a search of its own
MAX_CHOSEN = 200  # sources, outlets or layers chosen at once
MAX_NAME = 300  # characters of one chosen name
MAX_QUERY = 16_384  # characters of a query string read
MAX_PLACE_ID = 2**53  # what a browser's numbers hold exactly
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)
_PLACE_ID = re.compile(r"^\d{1,15}$", re.ASCII)  # "²" is a digit to str.isdigit, not to int


@dataclass(frozen=True)
class View:
    sources: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    layers: tuple[str, ...] = ()  # empty: every layer
    certainties: tuple[str, ...] = CERTAINTIES
    date_from: str | None = None  # YYYY-MM-DD
    date_to: str | None = None
    date_basis: str = "claim"
    undated: bool = False  # a date range keeps the claims of no known date too
    text: str = ""
    min_sources: int = 0  # at least this many independent sources behind a claim's story (0, 1: any)
    contested: bool = False  # only claims another story contests
    size_by: str = "claims"  # what the map's markers are sized by (``MAP_SIZES``)
    place: int | None = None
    map_view: dict = field(default_factory=dict)  # {"lat", "lon", "zoom"} once the analyst moved the map
    embed: bool = False

    def claim_filter(self) -> ClaimFilter:
        return ClaimFilter(
            sources=self.sources,
            outlets=self.outlets,
            layers=self.layers,
            certainties=self.certainties or ("none",),  # unticking every level shows nothing
            date_from=date.fromisoformat(self.date_from) if self.date_from else None,
            date_to=date.fromisoformat(self.date_to) if self.date_to else None,
            date_basis=self.date_basis,
            undated=self.undated,
            text=self.text,
            min_sources=self.min_sources,
            contested=self.contested,
        )

    def to_query(self) -> str:
        pairs: list[tuple[str, str]] = []
        pairs += [("source", s) for s in self.sources]
        pairs += [("outlet", o) for o in self.outlets]
        pairs += [("layer", layer) for layer in self.layers]
        if set(self.certainties) != set(CERTAINTIES):
            pairs += [("certainty", c) for c in self.certainties] or [("certainty", "none")]
        pairs += [(key, value) for key, value in (("from", self.date_from), ("to", self.date_to)) if value]
        if self.date_basis != "claim":
            pairs.append(("basis", self.date_basis))
        if self.undated:
            pairs.append(("undated", "1"))
        if self.text:
            pairs.append(("q", self.text))
        if self.min_sources > 1:
            pairs.append(("corroborated", str(self.min_sources)))
        if self.contested:
            pairs.append(("contested", "1"))
        if self.size_by != "claims":
            pairs.append(("size", self.size_by))
        if self.place is not None:
            pairs.append(("place", str(self.place)))
        pairs += [(key, f"{self.map_view[key]:g}") for key in ("lat", "lon", "zoom") if key in self.map_view]
        if self.embed:
            pairs.append(("embed", "1"))
        return "?" + urlencode(pairs) if pairs else ""

    @classmethod
    def from_query(cls, search: str | None) -> View:
        search = search if isinstance(search, str) else ""
        values = parse_qs(search[:MAX_QUERY].lstrip("?"), keep_blank_values=False)
        certainties = values.get("certainty")
        return cls(
            sources=names(values.get("source")),
            outlets=names(values.get("outlet")),
            layers=names(values.get("layer")),
            certainties=CERTAINTIES if certainties is None else tuple(c for c in CERTAINTIES if c in certainties),
            date_from=_day(values.get("from")),
            date_to=_day(values.get("to")),
            date_basis=_one_of(values.get("basis"), DATE_BASES, "claim"),
            text=search_text((values.get("q") or [""])[0]),
            min_sources=sources_at_least((values.get("corroborated") or [""])[0]),
            contested=(values.get("contested") or [""])[0] in ("1", "true", "yes"),
            undated=(values.get("undated") or [""])[0] in ("1", "true", "yes"),
            size_by=_one_of(values.get("size"), MAP_SIZES, "claims"),
            place=_integer(values.get("place")),
            map_view=_map_view(values),
            embed=(values.get("embed") or [""])[0] in ("1", "true", "yes"),
        )

    def describe(self) -> str:
        """The filters in words, for a snapshot's title: 'source ISW · 2024-10-01 to 2024-10-31'."""
        parts = []
        if self.text:
            parts.append(f"words “{self.text}”")
        parts += [f"{label} {', '.join(chosen)}" for label, chosen in
                  (("source", self.sources), ("outlet", self.outlets), ("layer", self.layers)) if chosen]  # fmt: skip
        if set(self.certainties) != set(CERTAINTIES):
            parts.append("certainty " + (", ".join(self.certainties) or "none"))
        if self.date_from or self.date_to:
            basis = " (published)" if self.date_basis == "published" else ""
            parts.append(f"{self.date_from or '…'} to {self.date_to or '…'}{basis}")
        if self.min_sources > 1:
            parts.append(f"at least {self.min_sources} independent sources")
        if self.contested:
            parts.append("contested only")
        return " · ".join(parts) or "all claims"

    def file_name(self, kind: str, extension: str) -> str:
        """An export's file name that says the view: claims-source-ISW-2024-10-01-to-2024-10-31.csv."""
        words = [] if self.describe() == "all claims" else [self.describe()]
        stem = re.sub(r"[^A-Za-z0-9]+", "-", "-".join([kind, *words])).strip("-").lower()[:100].rstrip("-")
        return f"{stem or kind}.{extension}"


def names(values) -> tuple[str, ...]:
    """Chosen names (sources, outlets, layers), as many and as long as a person could choose."""
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, list | tuple):
        return ()
    return tuple(dict.fromkeys(_clean(v)[:MAX_NAME] for v in values[:MAX_CHOSEN] if isinstance(v, str)))


def search_text(value) -> str:
    """The text filter: printable characters, at most ``MAX_TEXT`` of them in ``MAX_WORDS`` words."""
    if not isinstance(value, str):
        return ""
    return " ".join(_clean(value[: MAX_TEXT * 4])[:MAX_TEXT].split()[:MAX_WORDS])


def sources_at_least(value) -> int:
    """ "At least N independent sources" from a control's number or the address's text: 0 for any."""
    if isinstance(value, str):
        value = place_id(value)
    if not isinstance(value, int) or isinstance(value, bool) or value <= 1:
        return 0
    return min(value, MAX_SOURCES)


def day(value) -> str | None:
    """YYYY-MM-DD of a date that exists (from a date picker's value, which may carry a time), else None."""
    return _day([value]) if isinstance(value, str) else None


def map_position(lat, lon, zoom) -> dict:
    """A map's centre and zoom, rounded, if all three are finite numbers in range; else {}."""
    numbers = [v for v in (lat, lon, zoom) if isinstance(v, int | float) and not isinstance(v, bool)]
    if len(numbers) != 3 or not all(math.isfinite(v) for v in numbers):
        return {}
    lat, lon, zoom = numbers
    if not (-90 <= lat <= 90 and -540 <= lon <= 540 and 0 <= zoom <= 24):
        return {}
    lon = (lon + 180) % 360 - 180  # a map panned past the antimeridian
    return {"lat": round(lat, 4), "lon": round(lon, 4), "zoom": round(min(zoom, 22), 2)}


def place_id(value) -> int | None:
    """A place id from a click or the picker: a whole number a browser can hold, else None."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < MAX_PLACE_ID:
        return value
    if isinstance(value, str) and _PLACE_ID.match(value):
        return int(value)
    return None


def _clean(text: str) -> str:
    """Without NUL, other control characters and lone surrogates (a tab or a newline becomes a space)."""
    if text.isprintable():
        return text
    return "".join(" " if c.isspace() else c for c in text if c.isspace() or unicodedata.category(c) not in _DROPPED)


_DROPPED = ("Cc", "Cs", "Cn")  # controls, surrogates (no UTF-8 for them), unassigned


def _day(values: list[str] | None) -> str | None:
    value = (values or [""])[0][:10]
    if not _ISO_DAY.match(value):
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        return None


def _one_of(values: list[str] | None, allowed: tuple[str, ...], default: str) -> str:
    value = (values or [default])[0]
    return value if value in allowed else default


def _integer(values: list[str] | None) -> int | None:
    return place_id((values or [""])[0])


def _map_view(values: dict) -> dict:
    try:
        view = {key: float(values[key][0]) for key in ("lat", "lon", "zoom") if key in values}
    except ValueError:
        return {}
    if set(view) != {"lat", "lon", "zoom"}:
        return {}
    if not (-90 <= view["lat"] <= 90 and -180 <= view["lon"] <= 180 and 0 <= view["zoom"] <= 22):
        return {}
    return view

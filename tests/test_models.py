import dataclasses
import pickle
from datetime import date

import pytest

from geo.models import Claim, DateRange, ExtractedClaim, Source, quick_init


def _claim(**changes) -> Claim:
    fields = {"text": "Shelling hit the port.", "start": 0, "end": 22, "sources": (Source("army", "military", "army"),),
              "certainty": "reported", "certainty_cues": ()}  # fmt: skip
    return Claim(**{**fields, **changes})


def test_quick_init_keeps_the_dataclass_arguments_and_defaults():
    claim = _claim()
    assert claim.dates == () and claim.when is None and claim.said_at == ()
    assert claim == Claim("Shelling hit the port.", 0, 22, claim.sources, "reported", ())
    assert hash(claim) == hash(_claim())
    assert _claim(start=4) != claim
    with pytest.raises(TypeError):
        Claim("Shelling hit the port.", 0)  # the fields without a default are required
    with pytest.raises(TypeError):
        _claim(colour="red")  # no field of that name


def test_quick_init_makes_a_fresh_default_from_a_factory():
    @quick_init
    @dataclasses.dataclass(frozen=True)
    class Bag:
        name: str
        items: list = dataclasses.field(default_factory=list)

    first, second = Bag("a"), Bag("b")
    assert first.items == [] and first.items is not second.items
    assert Bag("c", [1]).items == [1]
    assert ExtractedClaim(_claim()).places == ()


def test_quick_init_keeps_the_instances_frozen_checked_and_copyable():
    claim = _claim()
    with pytest.raises(dataclasses.FrozenInstanceError):
        claim.start = 3
    with pytest.raises(ValueError):
        DateRange(date(2024, 5, 2), date(2024, 5, 1), "day")  # __post_init__ still runs
    assert dataclasses.replace(claim, end=10).end == 10
    assert pickle.loads(pickle.dumps(claim)) == claim


def test_quick_init_leaves_a_class_with_slots_as_it_is():
    @dataclasses.dataclass(frozen=True, slots=True)
    class Point:
        x: int

    init = Point.__init__
    assert quick_init(Point).__init__ is init

"""A simulated analyst: the Dash callback requests a browser sends when someone changes a filter or
clicks a place, built from the app's own ``/_dash-dependencies``, so the benchmark and the load
test call the real callbacks with real payloads.

A filter change sends what the browser sends: the panel (the browser writes the URL itself), then
the timeline and the map at once. A selection sends the panel alone.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

CONTROLS = {
    ("source-filter", "value"): [],
    ("outlet-filter", "value"): [],
    ("layer-filter", "value"): None,  # None: every layer ticked, filled in from the layout
    ("certainty-filter", "value"): None,  # None: every level ticked, as the page starts
    ("date-filter", "start_date"): None,
    ("date-filter", "end_date"): None,
    ("date-basis", "value"): "claim",
    ("text-filter", "value"): "",
    ("date-undated", "value"): [],
    ("sources-at-least", "value"): 1,
    ("contested-filter", "value"): [],
    ("map-size", "value"): "claims",
}
WORDS = ("troops", "border", "drones", "satellite", "training", "fuel", "shelling", "officials")
CERTAINTIES = ("known", "claimed", "reported", "believed", "suggested")


@dataclass
class Callbacks:
    """The app's callbacks by what they draw: 'map', 'timeline', 'panel'."""

    specs: dict

    @classmethod
    def from_dependencies(cls, dependencies: list[dict]) -> Callbacks:
        wanted = {"map": "..claims-map.figure", "timeline": "..timeline.figure", "panel": "..claims-panel.children"}
        found = {}
        for name, start in wanted.items():
            found[name] = next(d for d in dependencies if d["output"].startswith(start))
        return cls(found)

    def payload(self, name: str, values: dict, changed: list[str]) -> dict:
        spec = self.specs[name]
        return {
            "output": spec["output"],
            "outputs": _outputs(spec["output"]),
            "inputs": [_value(item, values) for item in spec["inputs"]],
            "state": [_value(item, values) for item in spec["state"]],
            "changedPropIds": changed,
        }


@dataclass
class Analyst:
    """One analyst's state (the controls, the selected place) and a random walk through views."""

    callbacks: Callbacks
    sources: list[str]
    layers: list[str]
    places: list[int]
    first_day: date
    last_day: date
    rng: random.Random
    values: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.values = {f"{i}.{p}": v for (i, p), v in CONTROLS.items()}
        self.values["layer-filter.value"] = list(self.layers)
        self.values["certainty-filter.value"] = list(CERTAINTIES)
        self.values.update({"url.search": "", "selected-place.data": None, "map-view.data": None,
                            "data-version.data": 0, "drawn-view.data": None})  # fmt: skip

    def filter_change(self, kind: str | None = None) -> list[tuple[str, dict]]:
        """Change one control the way analysts do (or the one named), and the requests that follow."""
        kind = kind or self.rng.choice(("source", "certainty", "dates", "layer", "text", "reset"))
        changed = {
            "source": ("source-filter.value", lambda: self.rng.sample(self.sources, k=self.rng.choice((0, 1, 1, 2)))),
            "certainty": ("certainty-filter.value", lambda: self.rng.sample(CERTAINTIES, k=self.rng.choice((0, 1, 2)))),
            "layer": ("layer-filter.value",
                      lambda: self.rng.sample(self.layers, k=self.rng.randint(1, len(self.layers)))),
            "text": ("text-filter.value", lambda: self.rng.choice(("",) + WORDS)),
            "corroboration": ("sources-at-least.value", lambda: self.rng.choice((1, 2, 2, 3))),
            "contested": ("contested-filter.value", lambda: self.rng.choice(([], ["contested"]))),
            "size": ("map-size.value", lambda: self.rng.choice(("claims", "corroborated"))),
        }  # fmt: skip
        if kind == "dates":
            start = self.first_day + timedelta(days=self.rng.randrange(max((self.last_day - self.first_day).days, 1)))
            self.values["date-filter.start_date"] = start.isoformat()
            self.values["date-filter.end_date"] = (start + timedelta(days=self.rng.choice((7, 30, 90)))).isoformat()
            prop = "date-filter.start_date"
        elif kind == "reset":
            self.__post_init__()
            prop = "source-filter.value"
        else:
            prop, make = changed[kind]
            self.values[prop] = make()
        self.values["selected-place.data"] = None
        panel = self.callbacks.payload("panel", self.values, [prop])
        self.values["drawn-view.data"] = {"view": prop, "at": self.rng.random()}  # what the panel answers
        return [("panel", panel), *((name, self.callbacks.payload(name, self.values, ["drawn-view.data"]))
                                    for name in ("timeline", "map"))]  # fmt: skip

    def selection(self) -> list[tuple[str, dict]]:
        """Click a place on the map, and the requests that follow."""
        place = self.rng.choice(self.places)
        self.values["selected-place.data"] = place  # the browser reads the click itself
        return [("panel", self.callbacks.payload("panel", self.values, ["selected-place.data"]))]


def _outputs(output: str):
    if not output.startswith(".."):
        component, prop = output.rsplit(".", 1)
        return {"id": component, "property": prop}
    parts = [p for p in output.strip(".").split("...") if p]
    return [{"id": p.rsplit(".", 1)[0], "property": p.rsplit(".", 1)[1]} for p in parts]


def _value(item: dict, values: dict) -> dict:
    return {"id": item["id"], "property": item["property"], "value": values.get(f"{item['id']}.{item['property']}")}

"""Callbacks: filters, clicks and the URL in, store queries out.

The browser writes the URL as the view changes (assets/history.js): changing a control,
clicking a place or moving the map costs no request of its own. Opening a URL (or going back
and forward) sets the controls here. The panel is drawn first, then the map and the timeline
(one round trip each step). The logic lives in plain functions, testable without a browser.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable
from dataclasses import replace
from datetime import date

import numpy as np
import orjson
from dash import ClientsideFunction, Dash, Input, Output, State, ctx, no_update
from dash.exceptions import PreventUpdate

from dashboard import ids
from dashboard.figures import (
    POINT_FEATURES,
    Shapes,
    choose_shapes,
    map_figure,
    place_view,
    reporting_period,
    shape_collection,
    timeline_figure,
)
from dashboard.layout import FirstView, totals_text
from dashboard.panel import (
    TABLE_ROWS,
    claims_in_view_panel,
    claims_panel,
    place_address,
    places_table,
    static_card,
)
from dashboard.view_state import (
    CERTAINTIES,
    DATE_BASES,
    MAP_SIZES,
    View,
    day,
    map_position,
    names,
    place_id,
    search_text,
    sources_at_least,
)
from geo.claim_index import PlaceCounts, Remembered
from geo.layers import Taxonomy
from geo.store import ClaimFilter, Store

PICKER_PLACES = 200  # listed before anything is typed
PANEL_PAGE = 20  # claims drawn at a time: every update of the page costs more the more elements it holds
PANEL_MOST = 400  # claims the panel shows at most ("Show more" stops there): about 1 MB of cards
CARDS_KEPT = 2048  # claims' cards kept (a few KB each), by version of the store
CONTROLS = (
    (ids.SOURCE_FILTER, "value"),
    (ids.OUTLET_FILTER, "value"),
    (ids.LAYER_FILTER, "value"),
    (ids.CERTAINTY_FILTER, "value"),
    (ids.DATE_FILTER, "start_date"),
    (ids.DATE_FILTER, "end_date"),
    (ids.DATE_BASIS, "value"),
    (ids.TEXT_FILTER, "value"),
    (ids.SOURCES_AT_LEAST, "value"),
    (ids.CONTESTED_FILTER, "value"),
    (ids.DATE_UNDATED, "value"),
    (ids.MAP_SIZE, "value"),
)


def view_from_controls(values: list, all_layers: list[str], base: View) -> View:
    """The view the controls show; whatever a request puts in them, bounded (``view_state``)."""
    sources, outlets, layers, certainties, start, end, basis, text, *rest = values
    at_least, contested, undated, size_by = (*rest, None, None, None, None)[:4]
    ticked = names(layers)
    return replace(
        base,
        sources=names(sources),
        outlets=names(outlets),
        layers=() if set(ticked) == set(all_layers) else ticked or ("none",),
        certainties=tuple(c for c in CERTAINTIES if c in names(certainties)),
        date_from=day(start),
        date_to=day(end),
        date_basis=basis if basis in DATE_BASES else "claim",
        undated=undated is True or undated in ([True], ["undated"]),
        text=search_text(text),
        min_sources=sources_at_least(at_least),
        contested=contested is True or contested in ([True], ["contested"]),
        size_by=size_by if size_by in MAP_SIZES else "claims",
    )


def controls_from_view(view: View, all_layers: list[str]) -> list:
    layers = [] if view.layers == ("none",) else list(view.layers or all_layers)
    return [
        list(view.sources),
        list(view.outlets),
        layers,
        list(view.certainties),
        view.date_from,
        view.date_to,
        view.date_basis,
        view.text,
        view.min_sources or 1,
        ["contested"] if view.contested else [],
        ["undated"] if view.undated else [],
        view.size_by,
    ]


def claim_filter(values: list, all_layers: list[str]) -> ClaimFilter:
    return view_from_controls(values, all_layers, View()).claim_filter()


def register(
    app: Dash,
    store: Store,
    taxonomy: Taxonomy,
    basemap_url: str,
    shapes: MapShapes,
    editable: bool = False,
    glyphs_url: str | None = None,
) -> Callable[[], FirstView]:
    """The callbacks; returns the maker of the first view's answers (``FirstView``)."""
    all_layers = [layer.name for layer in taxonomy.layers]
    layer_labels = {layer.name: layer.label for layer in taxonomy.layers}
    controls = [Input(i, p) for i, p in CONTROLS]
    # The address is written in the browser (assets/history.js, writeView): a change of the view
    # costs no request of its own, and the panel's request goes out at once. Only an address the
    # page did not write (a link opened, Back, Forward) comes here, through a gate in the browser.
    app.clientside_callback(
        ClientsideFunction("claimsmap_view", "opened"),
        Output(ids.QUERY, "data"),
        Input(ids.URL, "search"),
    )

    @app.callback(
        *[Output(i, p) for i, p in CONTROLS],
        Output(ids.SELECTED_PLACE, "data"),
        Output(ids.MAP_VIEW, "data"),
        Output(ids.PAGE, "className"),
        Output(ids.RESTORED, "data"),
        Input(ids.QUERY, "data"),
        prevent_initial_call=True,  # the layout is the default view: only an address to restore comes here
    )
    def restore(opened):
        """The controls, selection and map position an address names (bounded: ``view_state``)."""
        view = View.from_query(opened.get("search") if isinstance(opened, dict) else None)
        return (*controls_from_view(view, all_layers), view.place, view.map_view, _page_class(view),
                view.to_query())  # fmt: skip

    app.clientside_callback(
        ClientsideFunction("claimsmap_view", "writeView"),
        Output(ids.DATE_FILTER, "start_date", allow_duplicate=True),
        Output(ids.DATE_FILTER, "end_date", allow_duplicate=True),
        Output(ids.SELECTED_PLACE, "data", allow_duplicate=True),
        Output(ids.MAP_VIEW, "data", allow_duplicate=True),
        Output(ids.EXPORT_CSV, "href"),
        Output(ids.EXPORT_GEOJSON, "href"),
        Output(ids.EXPORT_SNAPSHOT, "href"),
        Output(ids.EXPORT_CSV_BOM, "href"),
        *controls,
        Input(ids.MAP, "clickData"),
        Input(ids.CLEAR_SELECTION, "n_clicks"),
        Input(ids.MAP, "relayoutData"),
        Input(ids.TIMELINE, "selectedData"),
        Input(ids.SELECTED_PLACE, "data"),
        Input(ids.MAP_VIEW, "data"),
        Input(ids.RESTORED, "data"),
        State(ids.PLAYBACK, "disabled"),
        State(ids.LAYER_FILTER, "options"),
        State(ids.EXPORT_CSV, "href"),
        State(ids.EXPORT_GEOJSON, "href"),
        State(ids.EXPORT_SNAPSHOT, "href"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(ids.SELECTED_PLACE, "data", allow_duplicate=True),
        Output(ids.MAP_VIEW, "data", allow_duplicate=True),
        Input(ids.PLACE_PICKER, "value"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )
    @read_one_version(store)
    def pick(picked, search):
        """A place chosen from the list: centred, closer if need be, and marked (the map draws the mark)."""
        chosen = store.place_in_view(place_id(picked)) if place_id(picked) is not None else None
        if chosen is None:
            raise PreventUpdate
        extent = store.extent(chosen["id"]) if chosen["feature"] not in POINT_FEATURES else None
        return chosen["id"], place_view(chosen, extent, View.from_query(search).map_view)

    app.clientside_callback(
        ClientsideFunction("claimsmap_view", "mark"),
        Output(ids.PLACE_MARK, "data"),
        Input(ids.SUMMARY, "children"),
        State(ids.SELECTED_PLACE, "data"),
        prevent_initial_call=True,
    )

    refreshed = Input(ids.DATA_VERSION, "data")  # an upload finished: the store has more
    answers = Answers()
    cards = Remembered(CARDS_KEPT)
    spellings = Remembered(1)

    # The map and the timeline are asked for once the panel shows the claims of a new view (the panel
    # says so in DRAWN_VIEW): their redraws hold the page (WebGL drawn in software, where there is no
    # GPU, takes most of a second), and the claims should not wait behind them. A click on a place
    # asks for the panel alone.
    @app.callback(
        Output(ids.MAP, "figure"),
        Output(ids.PLACE_PICKER, "options"),
        Output(ids.PLACES_TABLE, "children"),
        Input(ids.DRAWN_VIEW, "data"),
        Input(ids.MAP_VIEW, "data"),
        *[State(i, p) for i, p in CONTROLS],
        State(ids.SELECTED_PLACE, "data"),  # marked when the map is drawn anyway (a place chosen moves it)
        prevent_initial_call=True,  # asked for once the panel names a view the page has not drawn
    )
    @read_one_version(store)
    def update_map(_drawn, map_view, *args):
        version, selected = store.version(), place_id(args[-1])
        args = (*args[:-1], map_view, selected)
        return answers.get(version, "map", args, lambda: draw_map(version, *args))

    def draw_map(version, *args):
        values, map_view, selected = list(args[: len(CONTROLS)]), args[-2], args[-1]
        if isinstance(map_view, dict):  # from the browser's store: bounded again
            map_view = map_position(map_view.get("lat"), map_view.get("lon"), map_view.get("zoom"))
        view = view_from_controls(values, all_layers, View())
        counts = store.place_counts(view.claim_filter(), corroborated=view.size_by == "corroborated")
        chosen = store.place_in_view(selected) if selected is not None else None
        figure = map_figure(counts, shapes.at(version), taxonomy.layers, basemap_url, map_view, chosen, glyphs_url)
        return figure, place_options(counts), table_of(counts, layer_labels)

    @app.callback(
        Output(ids.PLACE_PICKER, "options", allow_duplicate=True),
        Input(ids.PLACE_PICKER, "search_value"),
        *[State(i, p) for i, p in CONTROLS],
        prevent_initial_call=True,
    )
    @read_one_version(store)
    def search_places(typed, *values):
        """The picker lists the places most named; typing finds any place in view."""
        typed = search_text(typed)
        if not typed:
            return no_update
        written = spellings.get(store.version(), store.spellings)  # the article's spelling finds it too
        return place_options(store.place_counts(claim_filter(list(values), all_layers)), typed, spellings=written)

    @app.callback(
        Output(ids.TIMELINE, "figure"),
        Output(ids.SOURCE_FILTER, "options"),
        Output(ids.OUTLET_FILTER, "options"),
        Input(ids.DRAWN_VIEW, "data"),
        *[State(i, p) for i, p in CONTROLS],
        prevent_initial_call=True,
    )
    @read_one_version(store)
    def update_timeline(_drawn, *args):
        return answers.get(store.version(), "timeline", args, lambda: draw_timeline(*args))

    def draw_timeline(*args):
        where = claim_filter(list(args[: len(CONTROLS)]), all_layers)
        everywhen = replace(where, date_from=None, date_to=None)  # the bars show what a brush could choose
        cited, published = store.facets(where)  # counted under the other filters, as the map is
        return (
            timeline_figure(store.timeline(everywhen), where.date_from, where.date_to, where.date_basis),
            facet_options(cited, where.sources),
            facet_options(published, where.outlets),
        )

    @app.callback(
        Output(ids.PANEL, "children"),
        Output(ids.SUMMARY, "children"),
        Output(ids.MORE_CLAIMS, "hidden"),
        Output(ids.MORE_CLAIMS, "n_clicks"),
        Output(ids.TOTALS, "children"),
        Output(ids.DRAWN_VIEW, "data"),
        Input(ids.SELECTED_PLACE, "data"),
        *controls,
        refreshed,
        Input(ids.MORE_CLAIMS, "n_clicks"),
        State(ids.DRAWN_VIEW, "data"),
    )
    @read_one_version(store)
    def update_panel(selected, *args):
        *args, drawn_before = args
        view, more = args[:-1], ctx.triggered_id == ids.MORE_CLAIMS  # a new view starts at one page again
        shown = claims_to_show(args[-1] if more else 0)
        selected = place_id(selected)
        key = (selected, *view, shown)
        panel, summary, all_shown, header = answers.get(
            store.version(), "panel", key, lambda: fill(selected, view, shown)
        )
        fired = {t["prop_id"] for t in ctx.triggered}
        same_view = fired <= {f"{ids.SELECTED_PLACE}.data", f"{ids.MORE_CLAIMS}.n_clicks"}
        drawn = drawn_view(store.version(), view)
        drawn = no_update if same_view or drawn == drawn_before else drawn  # the page has (or asked for) it
        return panel, summary, all_shown, no_update if more else 0, header, drawn

    def fill(selected, view, shown):
        where = claim_filter(list(view[: len(CONTROLS)]), all_layers)
        place = store.place_in_view(selected) if selected else None
        matching, placeless = store.matching(where)
        totals = answers.get(store.version(), "counts", [], store.counts)
        header = totals_text(totals, None if where == View().claim_filter() else matching)
        card, note = kept_card(store.version()), unsearched_note(store.unsearched_words(where.text))
        if place is None:
            claims = store.claims_in_view(where, shown + 1, placeless=True)  # those naming no place too
            _add_stories(store, claims[:shown])
            summary = view_summary(matching, placeless, min(len(claims), shown))
            if len(claims) > shown == PANEL_MOST:
                summary += NARROW
            all_shown = len(claims) <= shown or shown == PANEL_MOST
            return claims_in_view_panel(claims[:shown], layer_labels, card), summary + note, all_shown, header
        claims, total = store.claims_at(selected, where, shown), store.count_at(selected, where)
        _add_stories(store, claims)
        summary = f"{plural(total, 'claim')} about {place_address(place)}"
        if total > len(claims):
            summary += f", the newest {len(claims)} shown" + (NARROW if shown == PANEL_MOST else "")
        all_shown = total <= len(claims) or shown == PANEL_MOST
        return claims_panel(place, claims, layer_labels, editable, card), summary + note, all_shown, header

    def kept_card(version: int):
        """Cards made once per version of the store: the newest claims are listed view after view,
        and a card is the same while the store is (its claim, mention, story and place)."""

        def card(claim: dict, place_name: str | None) -> dict:
            key = (version, claim["id"], claim.get("mention_start"), claim.get("layer"), place_name)
            return cards.get(key, lambda: static_card(claim, layer_labels, place_name))

        return card

    def first_view() -> FirstView:
        """The default view's map and timeline (the layout's controls), as their callbacks answer them.
        Its panel is worked out too, for the page's first request: that builds what the store's index
        works out once per version for any panel (each claim's story and its independent sources),
        which cost the first panel a worker answered 0.4-0.6 s at a million claims."""
        controls = controls_from_view(View(), all_layers)
        with store.one_version():
            version = store.version()
            map_args = (*controls, None, None)  # no position moved to, no place selected
            figure, picker, table = answers.get(version, "map", map_args, lambda: draw_map(version, *map_args))
            timeline, sources, outlets = answers.get(version, "timeline", controls, lambda: draw_timeline(*controls))
            view = (*controls, 0)  # and no upload yet (DATA_VERSION)
            answers.get(version, "panel", (None, *view, PANEL_PAGE), lambda: fill(None, view, PANEL_PAGE))
        return FirstView(figure, picker, table, timeline, sources, outlets, drawn_view(version, (*controls, 0)))

    @app.callback(
        Output(ids.PLAYBACK, "disabled"),
        Output(ids.PLAY, "children"),
        Input(ids.PLAY, "n_clicks"),
        State(ids.PLAYBACK, "disabled"),
        prevent_initial_call=True,
    )
    def toggle_playback(_clicks, stopped):
        return (False, "❚❚ Pause") if stopped else (True, "▶ Play")

    @app.callback(
        Output(ids.DATE_FILTER, "start_date", allow_duplicate=True),
        Output(ids.DATE_FILTER, "end_date", allow_duplicate=True),
        Output(ids.PLAYBACK, "disabled", allow_duplicate=True),
        Output(ids.PLAY, "children", allow_duplicate=True),
        Input(ids.PLAYBACK, "n_intervals"),
        *[State(i, p) for i, p in CONTROLS],
        prevent_initial_call=True,
    )
    @read_one_version(store)
    def play_step(_tick, *values):
        where = claim_filter(list(values), all_layers)
        counted = store.timeline(replace(where, date_from=None, date_to=None))
        period = reporting_period(counted)  # Play walks the reporting period, not every year a claim names
        days = [d for d, _ in counted if period and d >= period[0]]
        following = next_day(days, where.date_to)
        if following is None:
            return no_update, no_update, True, "▶ Play"
        return None, following.isoformat(), following == days[-1], "▶ Play" if following == days[-1] else no_update

    return first_view


def drawn_view(version: int, view) -> dict:
    """What the map and the timeline are drawn for: the store's version and the view (the controls'
    values and the uploads' count, ``view_key``)."""
    return {"version": version, "view": view_key(view)}


def read_one_version(store: Store):
    """A callback whose reads all see one version of the store, which is asked for once, not at
    each read (a query each: a tenth of a callback's CPU time)."""

    def wrap(callback):
        @functools.wraps(callback)
        def reading(*args):
            with store.one_version():
                return callback(*args)

        return reading

    return wrap


NARROW = " (narrow the filters to see others)"
FACET_OPTIONS = 1000  # sources or outlets listed under a filter (those chosen always are)


def plural(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def view_summary(matching: int, placeless: int, shown: int) -> str:
    """What the panel lists with no place selected: how many claims match, and which are shown."""
    if not matching:
        return "No claim matches the filters"
    text = f"{plural(matching, 'claim')} match{'es' if matching == 1 else ''} the filters"
    if placeless:
        text += f" ({placeless:,} of them name{'s' if placeless == 1 else ''} no place: listed, not mapped)"
    if shown and shown < matching:
        text += f"; the newest {shown} shown"
    return text


def unsearched_note(words: tuple[str, ...]) -> str:
    """What the panel says of a text filter's words its search left out (``Store.unsearched_words``)."""
    if not words:
        return ""
    quoted = ", ".join(f"“{w}”" for w in words)
    return f"; not searched for: {quoted}, part of too many words (type more of {'it' if len(words) == 1 else 'them'})"


def facet_options(counted: list[tuple[str, int]], chosen: tuple[str, ...]) -> list[dict]:
    """A filter's options with their counts under the other filters; a chosen name stays listed."""
    options = [{"label": f"{name} ({n:,})", "value": name} for name, n in counted[:FACET_OPTIONS]]
    listed = {name for name, _ in counted[:FACET_OPTIONS]}
    return options + [{"label": f"{name} (0)", "value": name} for name in chosen if name not in listed]


def claims_to_show(more_clicks) -> int:
    """Claims the panel shows after "Show more" was clicked this many times: a page more each time,
    up to ``PANEL_MOST`` (the count comes from the request: a million clicks is no million pages)."""
    clicks = more_clicks if isinstance(more_clicks, int) and not isinstance(more_clicks, bool) else 0
    return min(PANEL_PAGE * (max(clicks, 0) + 1), PANEL_MOST)


def _add_stories(store: Store, claims: list[dict]) -> None:
    """Each claim's story for its card: documents, independent sources, contesting claims."""
    stories = store.stories_of([c["id"] for c in claims])
    for claim in claims:
        claim["story"] = stories.get(claim["id"])


def view_key(values) -> str:
    """A short name of the controls' values: what the map and the timeline are drawn for."""
    return hashlib.sha256(json.dumps(values, sort_keys=True, default=str).encode()).hexdigest()[:16]


class Answers:
    """The latest answers by store version and callback input: analysts open the same views again
    and again (the default, a morning's filters), and a view drawn once is sent again at no cost."""

    def __init__(self, size: int = 16) -> None:  # a map answer of 10k places is some MB of objects
        self.kept = Remembered(size)

    def get(self, version: int, name: str, inputs, compute):
        return self.kept.get((version, name, json.dumps(inputs, sort_keys=True, default=str)), compute)


def place_options(
    counts: PlaceCounts, typed: str | None = None, limit: int = PICKER_PLACES, spellings: dict | None = None
) -> list[dict]:
    """Places in view for the keyboard's place picker, most claims first (a place in two layers
    once): the most named ones, or those whose name, or a spelling a document used for it, holds
    what was typed (then the label says which spelling: Dash's list shows only what holds the text)."""
    by_place = counts.per_place
    places, claims, names = by_place.place, by_place.n_claims, counts.name[by_place.first]
    written_as: dict[int, str] = {}  # labels are made for the places listed, not the thousands in view
    top = by_place.ranked[:limit]  # the most named: ranked once for these counts
    if typed:
        wanted, spellings = typed.strip().casefold(), spellings or {}
        keep = np.zeros(len(places), bool)
        for i, (place, name) in enumerate(zip(places.tolist(), names.tolist(), strict=True)):
            if wanted in name.casefold():
                keep[i] = True
                continue
            written = next((w for w in spellings.get(place, ()) if wanted in w.casefold()), None)
            if written is not None:
                keep[i], written_as[place] = True, f"{name}, written “{written}”"
        places, claims, names = places[keep], claims[keep], names[keep]
        top = np.lexsort((places, -claims))[:limit]
    order = sorted(top.tolist(), key=lambda i: (-claims[i], names[i]))
    listed = ((int(places[i]), names[i], int(claims[i])) for i in order)
    return [{"label": f"{written_as.get(place, name)} ({n})", "value": place} for place, name, n in listed]


def table_of(counts: PlaceCounts, layer_labels: dict[str, str]) -> list:
    """The places in view as a table's rows (a place in two layers twice), most claims first."""
    top = _most_claims(counts, TABLE_ROWS)
    rows = [(int(counts.place[i]), counts.name[i], str(counts.layer[i]),
             layer_labels.get(str(counts.layer[i]), str(counts.layer[i])), int(counts.n_claims[i]))
            for i in top.tolist()]  # fmt: skip
    return places_table(rows, len(counts.per_place.place))


def _most_claims(counts: PlaceCounts, limit: int) -> np.ndarray:
    """The rows with the most claims (then the lowest place id), in that order: the few wanted are
    picked out of thousands (``argpartition``) and only they are sorted."""
    if not counts.size:
        return np.zeros(0, np.int64)
    if counts.place.min() < 0 or counts.place.max() >= 2**31 or counts.n_claims.max() >= 2**31:
        return np.lexsort((counts.place, -counts.n_claims))[:limit]
    key = (2**31 - 1 - counts.n_claims.astype(np.int64)) * 2**31 + counts.place
    top = np.argpartition(key, limit)[:limit] if len(key) > limit else np.arange(len(key))
    return top[np.lexsort((top, key[top]))]  # a place in two layers with as many claims: in row order


class MapShapes:
    """The areas the map draws as shapes at each version of the store, and their GeoJSON, which the
    app serves at one URL per set of shapes: the browser fetches it once, and a filter change sends
    only which of them to fill."""

    def __init__(self, store: Store, url: str) -> None:
        self.store = store
        self.url = url
        self.kept = Remembered(2)

    def at(self, version: int) -> Shapes:
        return self._drawn(version)[0]

    def geojson(self, version: int) -> tuple[bytes, str]:
        """The GeoJSON and its tag (what the URL names)."""
        _, body, tag = self._drawn(version)
        return body, tag

    def _drawn(self, version: int) -> tuple[Shapes, bytes, str]:
        def draw():
            ids = choose_shapes(self.store.place_counts(ClaimFilter()), self.store.geometries)
            body = orjson.dumps(shape_collection(ids, self.store.geometries(list(ids))))
            tag = hashlib.sha256(body).hexdigest()[:16]
            return Shapes(ids, f"{self.url}?v={tag}"), body, tag

        return self.kept.get(version, draw)


def next_day(days: list[date], shown_until: date | None) -> date | None:
    """Playback: the next day with claims after the one shown up to (from the first, when at the end)."""
    if not days:
        return None
    if shown_until is None or shown_until >= days[-1]:
        return days[0]
    return next(d for d in days if d > shown_until)


def _page_class(view: View) -> str:
    return "page embed" if view.embed else "page"

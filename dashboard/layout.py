"""Page layout: filters on the left, the map in the middle, the claims panel on the right."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dash import dcc, html

from dashboard import ids
from dashboard.figures import MAP_CONFIG

CERTAINTY_LABELS = {
    "known": "Known",
    "reported": "Reported",
    "claimed": "Claimed",
    "believed": "Believed",
    "suggested": "Suggested",
}


@dataclass(frozen=True)
class Choices:
    """What the filters offer: the store's sources and outlets with counts, the taxonomy's layers."""

    sources: list[tuple[str, int]]
    outlets: list[tuple[str, int]]
    layers: list[tuple[str, str]]  # (name, label)
    first: date | None
    last: date | None
    counts: dict[str, int]
    uploads_enabled: bool = False


@dataclass(frozen=True)
class FirstView:
    """What the map's and the timeline's callbacks answer first for a plain address, put in the page's
    layout: its first map is drawn without a round trip, nor waiting for the panel's."""

    map: dict
    picker: list
    table: list
    timeline: dict
    sources: list
    outlets: list
    drawn: dict  # the panel's DRAWN_VIEW for that view: the map and the timeline are not asked for again


def totals_text(counts: dict[str, int], matching: int | None = None) -> str:
    """The store's totals; with filters set, how many of its claims match them."""
    claims = f"{counts['claims']:,} claim{'' if counts['claims'] == 1 else 's'}"
    if matching is not None:
        claims = f"{matching:,} of {claims} match the filters"
    documents = f"{counts['documents']:,} document{'' if counts['documents'] == 1 else 's'}"
    return f"{claims} · {documents} · {counts['places']:,} place{'' if counts['places'] == 1 else 's'}"


def _uploads(enabled: bool) -> html.Details:
    if not enabled:
        return html.Details(
            className="uploads",
            children=[
                html.Summary("Add documents"),
                html.P("Uploading is off: the server has no write token (CLAIMSMAP_WRITE_TOKEN).", className="hint"),
            ],
        )
    return html.Details(
        className="uploads",
        children=[
            html.Summary("Add documents"),
            html.Label("Write token", htmlFor=ids.UPLOAD_TOKEN),
            # Kept for this tab's session (not across browser restarts), so a reload does not lose it.
            dcc.Input(
                id=ids.UPLOAD_TOKEN,
                type="password",
                className="search",
                autoComplete="off",
                persistence=True,
                persistence_type="session",
            ),  # fmt: skip
            html.Label("Outlet (optional)", htmlFor=ids.UPLOAD_OUTLET),
            dcc.Input(id=ids.UPLOAD_OUTLET, type="text", className="search", maxLength=200),
            html.Label("Published (YYYY-MM-DD, YYYY-MM or YYYY)", htmlFor=ids.UPLOAD_PUBLISHED),
            dcc.Input(id=ids.UPLOAD_PUBLISHED, type="text", className="search", maxLength=10),
            dcc.Upload(
                id=ids.UPLOAD,
                multiple=True,
                className="dropzone",
                children=html.Div(["Drop .txt, .md or .html files here, or ", html.A("choose files")]),
            ),
            html.Div(id=ids.UPLOAD_STATUS, className="upload-status", **{"aria-live": "polite"}),
        ],
    )


def build_layout(choices: Choices, first: FirstView | None = None) -> html.Div:
    """The page, with the default view's map and timeline in it when ``first`` is given (a plain
    address: a link to another view draws that one, not this one first)."""
    counts = choices.counts
    sources = first.sources if first else [{"label": f"{name} ({n})", "value": name} for name, n in choices.sources]
    outlets = first.outlets if first else [{"label": f"{name} ({n})", "value": name} for name, n in choices.outlets]
    drawn = {"figure": first.map} if first else {}
    table = first.table if first else None
    return html.Div(
        id=ids.PAGE,
        className="page",
        children=[
            dcc.Location(id=ids.URL, refresh=False),
            html.A("Skip to the map", href=f"#{ids.MAP_PANE}", className="skip-link"),
            html.A("Skip to the claims", href=f"#{ids.CLAIMS_PANE}", className="skip-link"),
            html.Header(
                className="topbar",
                children=[
                    html.H1("Claims map"),
                    html.Span(totals_text(counts), id=ids.TOTALS, className="totals"),
                ],
            ),
            html.Main(
                className="body",
                children=[
                    _filters(choices, sources, outlets),
                    html.Section(
                        id=ids.MAP_PANE,
                        className="map-pane",
                        tabIndex="-1",
                        **{"aria-label": "Map of the places the claims name"},
                        children=[
                            dcc.Graph(
                                id=ids.MAP,
                                className="map",
                                config=MAP_CONFIG,
                                **drawn,
                            ),
                            html.Button(
                                "▶ Play",
                                id=ids.PLAY,
                                n_clicks=0,
                                className="play",
                                title="Show how the map grew, day by day",
                            ),  # fmt: skip
                            dcc.Interval(id=ids.PLAYBACK, interval=700, disabled=True),
                            html.Details(table, id=ids.PLACES_TABLE, className="places-table"),  # the map as text
                            html.Div(
                                className="timeline",
                                role="group",
                                tabIndex="0",  # its keys: assets/keyboard.js
                                **{
                                    "aria-label": "Claims per day; drag across the bars, or use the arrow keys "
                                    "(Shift for the end, Page Up and Down a week, Home, End, Escape to clear), "
                                    "to choose a date range"
                                },  # fmt: skip
                                children=dcc.Graph(
                                    id=ids.TIMELINE,
                                    config={"displayModeBar": False},
                                    style={"height": "100%"},
                                    **({"figure": first.timeline} if first else {}),
                                ),
                            ),
                        ],
                    ),
                    html.Aside(
                        id=ids.CLAIMS_PANE,
                        tabIndex="-1",
                        className="panel",
                        **{"aria-label": "Claims behind the selected place"},
                        children=[
                            dcc.Dropdown(
                                id=ids.PLACE_PICKER,
                                **({"options": first.picker} if first else {}),
                                placeholder="Go to a place…",
                                className="place-picker",
                                clearable=False,
                            ),  # for the keyboard: every place in view, most claims first
                            html.Div(id=ids.SUMMARY, className="summary", **{"aria-live": "polite"}),
                            html.Div(id=ids.CORRECTION_STATUS, className="summary", **{"aria-live": "polite"}),
                            html.Button("Clear selection", id=ids.CLEAR_SELECTION, className="clear", n_clicks=0),
                            html.Div(id=ids.PANEL, className="claims"),
                            html.Button(
                                "Show more claims", id=ids.MORE_CLAIMS, className="more", n_clicks=0, hidden=True
                            ),  # fmt: skip
                        ],
                    ),
                ],
            ),
            dcc.Store(id=ids.SELECTED_PLACE),
            dcc.Store(id=ids.MAP_VIEW),
            dcc.Store(id=ids.QUERY),
            dcc.Store(id=ids.RESTORED),
            dcc.Store(id=ids.DRAWN_VIEW, data=first.drawn if first else None),
            dcc.Store(id=ids.PLACE_MARK),
            dcc.Store(id=ids.UPLOAD_JOB),
            dcc.Store(id=ids.DATA_VERSION, data=0),
            dcc.Interval(id=ids.UPLOAD_POLL, interval=800, disabled=True),
        ],
    )


def _filters(choices: Choices, sources: list[dict], outlets: list[dict]) -> html.Nav:
    return html.Nav(
        className="filters",
        **{"aria-label": "Filters"},
        children=[
            html.Label("Search claims", htmlFor=ids.TEXT_FILTER),
            dcc.Input(
                id=ids.TEXT_FILTER,
                value="",  # the default view's values (``controls_from_view(View())``): a plain address
                type="search",
                debounce=True,
                placeholder="Words in a claim",
                className="search",
                maxLength=200,
            ),  # fmt: skip
            html.Label("Source", htmlFor=ids.SOURCE_FILTER),
            dcc.Dropdown(
                id=ids.SOURCE_FILTER,
                options=sources,
                value=[],
                multi=True,
                placeholder="All sources",
            ),
            html.Label("Outlet", htmlFor=ids.OUTLET_FILTER),
            dcc.Dropdown(
                id=ids.OUTLET_FILTER,
                options=outlets,
                value=[],
                multi=True,
                placeholder="All outlets",
            ),
            html.Label("Date", htmlFor=ids.DATE_FILTER),
            dcc.DatePickerRange(
                id=ids.DATE_FILTER,
                min_date_allowed=choices.first,
                max_date_allowed=choices.last,
                initial_visible_month=choices.last,  # the latest reporting, not the oldest date a claim names
                number_of_months_shown=1,  # two months do not fit beside the sidebar
                with_portal=True,  # a calendar over the page, whole, wherever the sidebar is scrolled
                display_format="YYYY-MM-DD",
                start_date_placeholder_text="From",
                end_date_placeholder_text="To",
                clearable=True,
            ),
            dcc.RadioItems(
                id=ids.DATE_BASIS,
                options=[
                    {"label": "date the claim speaks of", "value": "claim"},
                    {"label": "publication date", "value": "published"},
                ],
                value="claim",
                className="date-basis",
            ),
            dcc.Checklist(
                id=ids.DATE_UNDATED,
                options=[{"label": "and claims of no known date", "value": "undated"}],
                value=[],
                className="date-basis",
            ),
            html.P(
                "A claim's date is the date of what it states, else its article's publication date.", className="hint"
            ),
            html.Label("Layer", htmlFor=ids.LAYER_FILTER),
            dcc.Checklist(
                id=ids.LAYER_FILTER,
                options=[{"label": label, "value": name} for name, label in choices.layers],
                value=[name for name, _ in choices.layers],
                className="checks",
            ),
            html.Label("Certainty", htmlFor=ids.CERTAINTY_FILTER),
            dcc.Checklist(
                id=ids.CERTAINTY_FILTER,
                options=[{"label": label, "value": value} for value, label in CERTAINTY_LABELS.items()],
                value=list(CERTAINTY_LABELS),
                className="checks certainty",
            ),
            html.Label("Independent sources", htmlFor=ids.SOURCES_AT_LEAST),
            dcc.Dropdown(
                id=ids.SOURCES_AT_LEAST,
                options=[{"label": "any" if n == 1 else f"at least {n}", "value": n} for n in range(1, 6)],
                value=1,
                clearable=False,
            ),
            dcc.Checklist(
                id=ids.CONTESTED_FILTER,
                options=[{"label": "only contested claims", "value": "contested"}],
                value=[],
                className="checks",
            ),
            html.P(
                "A claim's independent sources are the original sources of every document that states it; "
                "contested: another claim gives another figure, another state of the place, or a denial.",
                className="hint",
            ),
            html.Label("Map markers sized by", htmlFor=ids.MAP_SIZE),
            dcc.RadioItems(
                id=ids.MAP_SIZE,
                options=[
                    {"label": "claims", "value": "claims"},
                    {"label": "claims with at least 2 independent sources", "value": "corroborated"},
                ],
                value="claims",
                className="date-basis",
            ),
            _uploads(choices.uploads_enabled),
            html.Label("Export what is in view"),
            html.Div(
                className="exports",
                children=[
                    # download="": the file name is the server's, which says the view
                    html.A("CSV of claims", id=ids.EXPORT_CSV, href="export/claims.csv", download=""),
                    html.A(
                        "CSV for Excel (with BOM)", id=ids.EXPORT_CSV_BOM, href="export/claims.csv?bom=1", download=""
                    ),  # fmt: skip
                    html.A("GeoJSON", id=ids.EXPORT_GEOJSON, href="export/places.geojson", download=""),
                    html.A("Map snapshot (HTML)", id=ids.EXPORT_SNAPSHOT, href="export/snapshot.html", download=""),
                ],
            ),
        ],
    )

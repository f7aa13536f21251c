"""Page layout: filters on the left, the map in the middle, the claims panel on the right."""

from __future__ import annotations

from datetime import date

from dash import dcc, html

from dashboard import ids

CERTAINTY_LABELS = {
    "known": "Known",
    "reported": "Reported",
    "claimed": "Claimed",
    "believed": "Believed",
    "suggested": "Suggested",
}


def build_layout(
    sources: list[tuple[str, int]], first: date | None, last: date | None, counts: dict[str, int]
) -> html.Div:
    return html.Div(
        className="page",
        children=[
            html.Header(
                className="topbar",
                children=[
                    html.H1("Claims map"),
                    html.Span(
                        f"{counts['documents']} documents · {counts['claims']} claims · {counts['places']} places",
                        className="totals",
                    ),
                ],
            ),
            html.Main(
                className="body",
                children=[
                    _filters(sources, first, last),
                    html.Section(
                        className="map-pane",
                        children=dcc.Graph(
                            id=ids.MAP,
                            className="map",
                            config={
                                "displaylogo": False,
                                "scrollZoom": True,
                                "modeBarButtonsToRemove": ["select2d", "lasso2d"],
                            },
                        ),
                    ),
                    html.Aside(
                        className="panel",
                        **{"aria-label": "Claims behind the selected place"},
                        children=[
                            html.Div(id=ids.SUMMARY, className="summary", **{"aria-live": "polite"}),
                            html.Button("Clear selection", id=ids.CLEAR_SELECTION, className="clear", n_clicks=0),
                            html.Div(id=ids.PANEL, className="claims"),
                        ],
                    ),
                ],
            ),
            dcc.Store(id=ids.SELECTED_PLACE),
        ],
    )


def _filters(sources: list[tuple[str, int]], first: date | None, last: date | None) -> html.Nav:
    return html.Nav(
        className="filters",
        **{"aria-label": "Filters"},
        children=[
            html.Label("Source", htmlFor=ids.SOURCE_FILTER),
            dcc.Dropdown(
                id=ids.SOURCE_FILTER,
                options=[{"label": f"{name} ({n})", "value": name} for name, n in sources],
                multi=True,
                placeholder="All sources",
            ),
            html.Label("Date", htmlFor=ids.DATE_FILTER),
            dcc.DatePickerRange(
                id=ids.DATE_FILTER,
                min_date_allowed=first,
                max_date_allowed=last,
                initial_visible_month=first,
                display_format="YYYY-MM-DD",
                start_date_placeholder_text="From",
                end_date_placeholder_text="To",
                clearable=True,
            ),
            html.P(
                "A claim's date is the event date it states, else its article's publication date.", className="hint"
            ),
            html.Label("Certainty", htmlFor=ids.CERTAINTY_FILTER),
            dcc.Checklist(
                id=ids.CERTAINTY_FILTER,
                options=[{"label": label, "value": value} for value, label in CERTAINTY_LABELS.items()],
                value=list(CERTAINTY_LABELS),
                className="certainty",
            ),
        ],
    )

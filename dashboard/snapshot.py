"""A self-contained HTML snapshot of the view: the map (Plotly and its data inline), the base map's
GeoJSON inline, and the claims behind every place as escaped text. A portal can host the file
as it is: it asks no host for anything, not even the one that serves it."""

from __future__ import annotations

import html
import json
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path

import plotly.io

from dashboard.figures import MAP_CONFIG, Shapes, choose_shapes, map_figure, shape_collection
from geo.claim_index import PlaceCounts
from geo.layers import Layer
from geo.models import DateRange

# The page's own plotly.js (only the trace types the map draws, and no address of another host in it:
# scripts/offline_plotly_bundle.py), not the plotly package's, whose defaults name tile and CDN hosts.
PAGE_PLOTLY = Path(__file__).resolve().parent.parent / "assets" / "plotly" / "plotly-map.min.js"

STYLE = """
body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #1f2933; }
header { padding: 0.5rem 1rem; border-bottom: 1px solid #d9e2ec; }
header h1 { font-size: 1.1rem; margin: 0; } header p { margin: 0.2rem 0 0; color: #52606d; font-size: 0.85rem; }
main { display: grid; grid-template-columns: 1fr 380px; height: calc(100vh - 3.6rem); }
#map { min-width: 0; } aside { overflow-y: auto; border-left: 1px solid #d9e2ec; padding: 0 0.75rem; }
h2 { font-size: 1rem; margin: 0.8rem 0 0.3rem; } ol { padding-left: 1.1rem; margin: 0; }
li { margin: 0 0 0.5rem; font-size: 0.85rem; line-height: 1.35; } .meta { color: #52606d; font-size: 0.78rem; }
@media (max-width: 800px) { main { grid-template-columns: 1fr; grid-template-rows: 60vh auto; height: auto; } }
"""


def snapshot_html(
    counts: PlaceCounts,
    geometries_of: Callable[[list[int]], dict[int, dict]],
    layers: tuple[Layer, ...],
    basemap_file: Path,
    rows: list[dict],
    view_query: str,
    description: str = "all claims",
) -> str:
    """``rows`` are claim–place rows (``Store.all_places_with_claims``) for the side list."""
    basemap = json.loads(basemap_file.read_text(encoding="utf-8"))
    ids = choose_shapes(counts, geometries_of)
    figure = map_figure(counts, Shapes(ids, shape_collection(ids, geometries_of(list(ids)))), layers, basemap)
    plot = plotly.io.to_html(
        figure,
        validate=False,
        include_plotlyjs=False,
        full_html=False,
        div_id="map",
        default_width="100%",
        default_height="100%",
        config=MAP_CONFIG,
    )
    made = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    title = html.escape(f"Claims map: {description}")
    view = html.escape(view_query or "(all claims)")
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'><link rel='icon' href='data:,'>"
        f"<title>{title}</title><style>{STYLE}</style></head><body>"
        f"<header><h1>{title}</h1><p>{made} · {len(rows):,} claim–place lines · view {view}</p></header>"
        f"<main><div id='map-pane'><script>{_page_plotly()}</script>{plot}</div>"
        f"<aside>{_claims_by_place(rows)}</aside></main></body></html>"
    )


@cache
def _page_plotly() -> str:
    return PAGE_PLOTLY.read_text(encoding="utf-8")


def _claims_by_place(rows: list[dict]) -> str:
    by_place: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_place[row["name"]].append(row)
    parts = []
    for name in sorted(by_place, key=lambda n: (-len(by_place[n]), n)):
        items = "".join(_claim_item(row) for row in by_place[name])
        parts.append(f"<h2>{html.escape(name)} ({len(by_place[name])})</h2><ol>{items}</ol>")
    return "".join(parts) or "<p>No claim matches this view.</p>"


def _claim_item(row: dict) -> str:
    sources = " → ".join(s["name"] for s in json.loads(row["sources"]))
    when = _when(row)
    meta = " · ".join(str(v) for v in (sources, row["certainty"], when, row["outlet"] or row["title"]) if v)
    return f"<li>{html.escape(row['claim_text'])}<div class='meta'>{html.escape(meta)}</div></li>"


def _when(row: dict) -> str:
    if not row["date_earliest"]:
        return "date unknown"
    earliest, latest = (date.fromisoformat(str(row[k])[:10]) for k in ("date_earliest", "date_latest"))
    return DateRange(earliest, latest, row["date_precision"] or "day").label()

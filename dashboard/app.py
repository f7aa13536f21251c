"""``create_app``: the Dash app over a store, mountable under a prefix or on an existing Flask server."""

from __future__ import annotations

from pathlib import Path

from dash import Dash

from dashboard import callbacks
from dashboard.layout import build_layout
from geo.layers import load_taxonomy
from geo.settings import Settings
from geo.store import Store

ASSETS_DIR = Path(__file__).resolve().parent.parent / "assets"
BASEMAP_ASSET = "boundaries/countries-110m.geojson"


def create_app(store: Store, settings: Settings, url_prefix: str = "/", server=True) -> Dash:
    """A Dash app serving every script, style and map file itself: no CDN, tile or font host."""
    prefix = "/" + url_prefix.strip("/") + "/" if url_prefix.strip("/") else "/"
    app = Dash(
        __name__,
        server=server,
        url_base_pathname=prefix,
        assets_folder=str(ASSETS_DIR),
        serve_locally=True,
        title="Claims map",
        update_title=None,
    )
    taxonomy = load_taxonomy(settings.taxonomy_path)

    def layout():
        first, last = store.date_bounds()
        return build_layout(store.source_names(), first, last, store.counts())

    app.layout = layout
    callbacks.register(app, store, taxonomy, app.get_asset_url(BASEMAP_ASSET))
    return app

"""``create_app``: the Dash app over a store, mountable under a prefix or on an existing Flask server.

Three ways to serve it, one setting each:

- under a path prefix: ``create_app(store, settings, url_prefix="/portal/claims/")``
  (``claimsmap serve --url-prefix``);
- inside an existing Flask app: ``create_app(store, settings, server=flask_app)``;
- behind a reverse proxy that sets ``X-Forwarded-*``: ``create_app(..., behind_proxy=True)``.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from dash import Dash
from dash.exceptions import DependencyException
from flask import Response, has_request_context, redirect, request

from dashboard import callbacks, corrections, glyphs, uploads
from dashboard.layout import Choices, build_layout
from dashboard.limits import bound_requests
from dashboard.snapshot import snapshot_html
from dashboard.view_state import View
from geo.claim_index import Remembered
from geo.export import claims_csv, places_feature_collection
from geo.layers import load_taxonomy
from geo.pipeline import collect_young_less_often
from geo.settings import Settings
from geo.store import Store
from geo.uploads import IngestJobs, token_matches

ASSETS_DIR = Path(__file__).resolve().parent.parent / "assets"
BASEMAP_ASSET = "boundaries/countries-110m.geojson"


def create_app(
    store: Store,
    settings: Settings,
    url_prefix: str = "/",
    server=True,
    behind_proxy: bool = False,
    warm: bool = False,
) -> Dash:
    """A Dash app serving every script, style and map file itself: no CDN, tile or font host. With
    ``warm``, the default view's map and timeline are worked out before it returns (a server's
    workers, before they take a request): the first page's layout, which holds them, need not wait;
    and what a first text search and a first story card would wait for is read (``Store.warm``)."""
    # The collector ran every 700 of a request's short-lived containers, and its older generations
    # walked the answers kept: 5-10 % of a callback's CPU.
    collect_young_less_often()
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
    app.index_string = app.index_string.replace("<html>", '<html lang="en">', 1).replace(
        "{%css%}", "{%css%}" + _preloaded_chunks(app.config.requests_pathname_prefix), 1
    )
    taxonomy = load_taxonomy(settings.taxonomy_path)
    shapes = callbacks.MapShapes(store, app.get_relative_path("/map/areas.geojson"))

    def layout():
        shapes.at(store.version())  # chosen while the page loads, so the map's first answer need not wait
        first, last = store.date_bounds()
        layers = [(layer.name, layer.label) for layer in taxonomy.layers]
        choices = Choices(store.source_names(), store.outlet_names(), layers, first, last, store.counts(),
                          uploads_enabled=bool(settings.write_token))  # fmt: skip
        return build_layout(choices, first_view() if _opened_plain() else None)

    app.layout = layout
    upload_route = prefix + "upload" if settings.write_token else None
    bound_requests(app, settings, prefix, upload_route)  # first: the host, the size, the shape of a callback
    editable = bool(settings.write_token)
    glyphs_url = glyphs.register(app, prefix)  # the map's labels, from the app's own font
    first_view = callbacks.register(app, store, taxonomy, app.get_asset_url(BASEMAP_ASSET), shapes,
                                    editable=editable, glyphs_url=glyphs_url)  # fmt: skip
    if settings.write_token:  # no token, no writing: the upload and correction controls are not even drawn
        jobs = IngestJobs(lambda: _pipeline(settings), store)
        uploads.register(app, settings, jobs, upload_route)
        corrections.register(app, store, settings, jobs)
    if server is True:  # our own Flask server: nothing larger than an upload (each route has its own bound)
        app.server.config["MAX_CONTENT_LENGTH"] = settings.max_upload_request_bytes
    _add_exports(app, store, settings, taxonomy, prefix)
    _add_shapes(app, store, shapes, prefix, private=bool(settings.read_token))
    _add_security_headers(app, settings, prefix)
    # A request for a script Dash does not have ("../../geo/cli.py") is a 404, not a server error.
    app.server.register_error_handler(DependencyException, lambda error: Response("Not found\n", 404))
    if settings.read_token:
        _require_read_token(app, settings.read_token, prefix)
    if behind_proxy:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.server.wsgi_app = ProxyFix(app.server.wsgi_app, x_for=1, x_proto=1, x_host=1, x_prefix=1)
    _set_up_before_any_request(app, prefix)
    layout_body = _layout_kept_per_version(app, store)
    if warm:
        store.warm()
        first_view()
        page = app.config.requests_pathname_prefix  # the first page's layout, made before it is asked for
        with app.server.test_request_context(page + "_dash-layout", headers={"Referer": "http://localhost" + page}):
            layout_body(True)
    return app


# The scripts Dash's core components fetch only once the layout holds a graph, a list or a date
# picker: fetched with the page's other scripts instead, not after the layout (the map's first
# draw waited for the graph's).
LAZY_CHUNKS = ("async-graph.js", "async-dropdown.js", "async-datepicker.js")


def _preloaded_chunks(prefix: str) -> str:
    return "".join(f'<link rel="preload" as="script" href="{prefix}_dash-component-suites/dash/dcc/{name}">'
                   for name in LAZY_CHUNKS)  # fmt: skip


def _layout_kept_per_version(app: Dash, store: Store) -> Callable[[bool], bytes]:
    """Dash's answer for the layout, kept as bytes per version of the store and kind of page (opened
    at a plain address or not): it is the same until the store changes, and working it out again
    (every source's name, the counts, the JSON of the default view's map: 30 ms of CPU a request at
    a million claims) was most of the server's part in a first draw. Returns the kept answer by kind."""
    endpoint = app.config.routes_pathname_prefix + "_dash-layout"
    serve = app.server.view_functions[endpoint]
    kept = Remembered(4)

    def body(plain: bool) -> bytes:
        with store.one_version():
            return kept.get((store.version(), plain), lambda: serve().get_data())

    app.server.view_functions[endpoint] = lambda: Response(body(_opened_plain()), mimetype="application/json")
    return body


def _opened_plain() -> bool:
    """Whether the page asking for its layout was opened at a plain address (the default view). The
    page's own requests name it (Referrer-Policy: same-origin); without a name, the page's address
    is not known, and the map waits for the panel's view as a link's does."""
    referrer = request.referrer if has_request_context() else None
    return referrer is not None and urlsplit(referrer).query == ""


def _set_up_before_any_request(app: Dash, prefix: str) -> None:
    """Dash registers the scripts it serves during a server's first request, and marks that done as
    the request starts: scripts asked for meanwhile (a browser asks for a dozen at once, from a fresh
    gunicorn worker) were 404s and the page stayed blank. So it is done here, before any request."""
    with app.server.test_request_context(prefix):
        app._setup_server()  # Dash's own before-request hook; it runs once


def _pipeline(settings: Settings):
    from geo.pipeline import Pipeline  # the gazetteer loads on the first upload, not with the page

    return Pipeline.from_settings(settings)


def _add_exports(app: Dash, store: Store, settings: Settings, taxonomy, prefix: str) -> None:
    """What is in view, as files: the same query string as the page's URL selects the same claims."""

    def rows():
        """Claim–place rows, then the claims that name no place (no place columns)."""
        where = View.from_query(request.query_string.decode("utf-8", "replace")).claim_filter()
        placed = store.all_places_with_claims(where, limit=settings.export_limit)
        return placed + store.placeless_claims(where, limit=max(settings.export_limit - len(placed), 0))

    def view():
        return View.from_query(request.query_string.decode("utf-8", "replace"))

    @app.server.route(prefix + "export/claims.csv", endpoint=f"{prefix}export-csv")
    def export_csv():
        bom = request.args.get("bom") in ("1", "true", "yes")  # for spreadsheets that need one
        return Response(claims_csv(rows(), bom=bom), mimetype="text/csv",
                        headers=_attachment(view().file_name("claims", "csv")))  # fmt: skip

    @app.server.route(prefix + "export/snapshot.html", endpoint=f"{prefix}export-snapshot")
    def export_snapshot():
        shown = view()
        where = shown.claim_filter()
        rows = store.all_places_with_claims(where, limit=settings.export_limit)
        counts = store.place_counts(where, corroborated=shown.size_by == "corroborated")  # sized as the map was
        page = snapshot_html(counts, store.geometries, taxonomy.layers, ASSETS_DIR / BASEMAP_ASSET,
                             rows, shown.to_query(), shown.describe())  # fmt: skip
        return Response(page, mimetype="text/html", headers=_attachment(shown.file_name("claims-map", "html")))

    @app.server.route(prefix + "export/places.geojson", endpoint=f"{prefix}export-geojson")
    def export_geojson():
        body = json.dumps(places_feature_collection(rows()), ensure_ascii=False)
        return Response(body, mimetype="application/geo+json",
                        headers=_attachment(view().file_name("places", "geojson")))  # fmt: skip


def _add_shapes(app: Dash, store: Store, shapes: callbacks.MapShapes, prefix: str, private: bool) -> None:
    """The areas the map draws as shapes, as GeoJSON. The URL names its content, so the browser may
    keep it for good; an out-of-date name gets the current shapes, not to be kept. Behind a reading
    token (``private``), only the browser may keep it, not a shared cache between it and the server."""
    scope = "private" if private else "public"

    @app.server.route(prefix + "map/areas.geojson", endpoint=f"{prefix}map-areas")
    def areas():
        body, tag = shapes.geojson(store.version())
        kept = f"{scope}, max-age=31536000, immutable" if request.args.get("v") == tag else "no-cache"
        return Response(body, mimetype="application/geo+json", headers={"Cache-Control": kept})


def _attachment(name: str) -> dict:
    return {"Content-Disposition": f'attachment; filename="{name}"'}


READ_COOKIE = "claimsmap_read"


def _require_read_token(app: Dash, token: str, prefix: str) -> None:
    """Every request under the prefix needs the reading token: as ``Authorization: Bearer``, as the
    cookie set when the page was opened once with ``?token=…`` (then dropped from the address, also
    when the cookie was set already), or not at all. Compared in constant time; never logged."""

    logging.getLogger("werkzeug").addFilter(_RedactTokens())

    @app.server.before_request
    def check():
        if not request.path.startswith(prefix):
            return None
        bearer = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        allowed = token_matches(bearer, token) or token_matches(request.cookies.get(READ_COOKIE), token)
        allowed = allowed or token_matches(request.args.get("token"), token)
        if not allowed:
            return Response("This claims map needs a reading token.\n", status=401, mimetype="text/plain")
        if "token" in request.args and request.method in ("GET", "HEAD"):  # out of the address bar
            rest = [(k, v) for k, v in request.args.items(multi=True) if k != "token"]
            target = request.path + ("?" + urlencode(rest) if rest else "")
            response = redirect(target, code=303)
            secure = request.is_secure
            response.set_cookie(READ_COOKIE, token, httponly=True, samesite="Strict", secure=secure, path=prefix)
            return response
        return None


class _RedactTokens(logging.Filter):
    """The development server logs each request line: a ``?token=`` in it is written as ``token=…``."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = _TOKEN_IN_URL.sub(r"\1…", str(record.msg))
        if record.args:
            record.args = tuple(_TOKEN_IN_URL.sub(r"\1…", a) if isinstance(a, str) else a for a in record.args)
        return True


_TOKEN_IN_URL = re.compile(r"([?&]token=)[^&\s\"]+")


def _add_security_headers(app: Dash, settings: Settings, prefix: str) -> None:
    """Safe defaults for a page a portal frames: only this host, framed only by the allowed ancestors.

    Plotly needs 'unsafe-eval' and inline styles, and MapLibre starts its workers from blob: URLs;
    Dash's own inline scripts are allowed by their hashes.
    """
    script_hashes = " ".join(app.csp_hashes())  # already quoted: "'sha256-…'"
    policy = "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' 'unsafe-eval' {script_hashes}",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "worker-src 'self' blob:",
            "child-src 'self' blob:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            f"frame-ancestors {settings.frame_ancestors}",
        ]
    )

    @app.server.after_request
    def headers(response):
        if request.path.startswith(prefix):
            response.headers.setdefault("Content-Security-Policy", policy)
            response.headers.setdefault("X-Content-Type-Options", "nosniff")
            response.headers.setdefault("Referrer-Policy", "same-origin")
        return response

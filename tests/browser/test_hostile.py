"""Hostile text never runs: payloads in claims, sources, titles, outlets and URLs are shown as text in
the dashboard and stay inert in every export, the HTML snapshot included."""

import urllib.request

import pytest
from flask import Flask
from selenium.webdriver.support.ui import WebDriverWait

from dashboard import ids
from dashboard.app import create_app
from geo.documents import read_document
from geo.store import ClaimFilter, Store

from .conftest import outside_requests, serve
from .test_dashboard import open_map, place_shown

pytestmark = pytest.mark.browser

PAYLOADS = [
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=1">',
    '"><svg onload="window.__pwned=1">',
    "&lt;script&gt;window.__pwned=1&lt;/script&gt;",
    "[click](javascript:window.__pwned=1)",
    "<iframe src=javascript:window.__pwned=1></iframe>",
]


@pytest.fixture(scope="module")
def hostile(settings, pipeline, tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    store = Store(f"sqlite:///{folder / 'claims.db'}")
    for number, payload in enumerate(PAYLOADS):
        path = folder / f"{number}.txt"
        path.write_text(f"Officials said troops massed in Kharkiv {payload} on Monday, number {number}.", "utf-8")
        metadata = {"title": payload, "outlet": f"Outlet {payload}", "url": "javascript:window.__pwned=1"}
        store.add(pipeline.extract(read_document(path, metadata)))
    url, server = serve(create_app(store, settings).server)
    yield url, store
    server.shutdown()


def pwned(browser) -> bool:
    return bool(browser.execute_script("return window.__pwned === 1"))


def test_payloads_show_as_text_in_the_dashboard(browser, hostile, proxy):
    url, store = hostile
    kharkiv = next(r["id"] for r in store.place_summaries(ClaimFilter()) if r["name"] == "Kharkiv")
    wait = open_map(browser, f"{url}/?place={kharkiv}")
    wait.until(lambda d: place_shown(d) == "Kharkiv")
    panel = browser.find_element("id", ids.PANEL).text
    for payload in PAYLOADS:
        assert payload in panel  # shown, as typed
    live = browser.execute_script(
        f"const p = document.getElementById('{ids.PANEL}');"
        "return p.querySelectorAll('script, img, svg, iframe, [onerror], [onload]').length"
        " + p.querySelectorAll('a[href^=\"javascript\"]').length;"
    )
    assert live == 0 and not pwned(browser)
    assert outside_requests(proxy) == []


def test_payloads_stay_inert_in_every_export(browser, hostile, proxy, tmp_path):
    url, _ = hostile
    for name in ("claims.csv", "places.geojson", "snapshot.html"):
        with urllib.request.urlopen(f"{url}/export/{name}") as response:
            body = response.read().decode("utf-8")
        if name == "snapshot.html":
            assert "<script>window.__pwned" not in body and 'onerror="window' not in body
            assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in body
            (tmp_path / name).write_text(body, encoding="utf-8")
    static = Flask("static", static_folder=str(tmp_path), static_url_path="")
    static_url, server = serve(static)
    try:
        browser.get(f"{static_url}/snapshot.html")
        WebDriverWait(browser, 40).until(lambda d: d.find_elements("css selector", "#map .legendtext"))
        assert not pwned(browser)
    finally:
        server.shutdown()
    print(f"\n{len(PAYLOADS)} payloads in claim text, titles, outlets and URLs; none ran")
    assert outside_requests(proxy) == []

"""Sharing and embedding, as only a browser shows them: a URL that restores a view, the back
button, the app under a prefix inside another site's iframe, and the export of what is in view."""

import csv
import io
import urllib.request
from dataclasses import replace
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from dashboard import ids
from dashboard.app import create_app

from .conftest import console_errors, launch_chromium, outside_requests, screenshot, serve
from .test_dashboard import GRAPH, click_place, open_map, place_shown

pytestmark = pytest.mark.browser

KHABAROVSK = (135.0971, 48.46204)


def query(browser) -> dict:
    return parse_qs(urlsplit(browser.current_url).query)


def legend(browser) -> list[str]:
    return [e.text for e in browser.find_elements(By.CSS_SELECTOR, f"{GRAPH} .legendtext")]


def search_for(browser, words: str) -> None:
    box = browser.find_element(By.ID, ids.TEXT_FILTER)
    box.clear()
    box.send_keys(words, Keys.ENTER)


def test_a_copied_url_restores_the_view_in_a_fresh_browser(browser, dashboard_url, proxy):
    wait = open_map(browser, dashboard_url)
    search_for(browser, "soldiers")
    wait.until(lambda d: query(d).get("q") == ["soldiers"])
    click_place(browser, *KHABAROVSK)
    wait.until(lambda d: "place" in query(d))
    wait.until(lambda d: place_shown(d) == "Khabarovsk")
    shared, shown, panel = browser.current_url, legend(browser), browser.find_element(By.ID, ids.PANEL).text

    fresh = launch_chromium(proxy)  # another Chromium with its own empty profile
    try:
        wait = open_map(fresh, shared)
        wait.until(lambda d: place_shown(d) == "Khabarovsk")
        assert fresh.find_element(By.ID, ids.TEXT_FILTER).get_attribute("value") == "soldiers"
        assert legend(fresh) == shown and fresh.find_element(By.ID, ids.PANEL).text == panel
        assert fresh.current_url == shared
        screenshot(fresh, "shared-view-1280x720")
        assert console_errors(fresh) == []
    finally:
        fresh.quit()
    assert outside_requests(proxy) == []


def test_back_and_forward_walk_through_the_views(browser, dashboard_url, proxy):
    wait = open_map(browser, dashboard_url)
    everything = legend(browser)
    search_for(browser, "Yakutia")
    wait.until(lambda d: query(d).get("q") == ["Yakutia"] and legend(d) != everything)
    narrowed = legend(browser)
    browser.back()
    wait.until(lambda d: "q" not in query(d) and legend(d) == everything)
    assert browser.find_element(By.ID, ids.TEXT_FILTER).get_attribute("value") == ""
    browser.forward()
    wait.until(lambda d: query(d).get("q") == ["Yakutia"] and legend(d) == narrowed)
    assert outside_requests(proxy) == []


@pytest.fixture(scope="module")
def portal(seeded_store, settings):
    """The dashboard under /portal/claims/ inside someone else's Flask app, framed by a portal page
    served from another port (another origin) that the dashboard allows as a frame ancestor."""
    portal_app = Flask("portal")
    portal_url, portal_server = serve(portal_app)
    host = Flask("host")

    @host.route("/")
    def home():
        return "The host application's own page"

    allowed = replace(settings, frame_ancestors=f"'self' {portal_url}")
    create_app(seeded_store, allowed, url_prefix="/portal/claims/", server=host)
    dashboard_url, dashboard_server = serve(host)

    @portal_app.route("/")
    def page():
        src = f"{dashboard_url}/portal/claims/?embed=1"
        frame = f'<iframe id="claims" src="{src}" width="420" height="700"></iframe>'
        return f'<!doctype html><link rel="icon" href="data:,"><h1>Portal</h1>{frame}'

    yield portal_url, dashboard_url
    portal_server.shutdown()
    dashboard_server.shutdown()


def test_under_a_prefix_in_a_portal_iframe_in_embed_mode(browser, portal, proxy):
    portal_url, dashboard_url = portal
    with urllib.request.urlopen(dashboard_url + "/") as response:
        assert response.read() == b"The host application's own page"  # the host app keeps its routes
    browser.get(portal_url)
    browser.switch_to.frame(browser.find_element(By.ID, "claims"))
    wait = WebDriverWait(browser, 30)
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, f"{GRAPH} .legendtext")) >= 4)
    assert "embed" in browser.find_element(By.ID, ids.PAGE).get_attribute("class")
    assert not browser.find_element(By.CSS_SELECTOR, ".topbar").is_displayed()
    assert not browser.find_element(By.CSS_SELECTOR, ".filters").is_displayed()
    assert browser.find_element(By.ID, ids.PANEL).is_displayed()
    browser.switch_to.default_content()
    screenshot(browser, "embed-in-portal-420x700")
    assert outside_requests(proxy) == [] and console_errors(browser) == []


def test_a_site_not_allowed_cannot_frame_the_dashboard(browser, dashboard_url, proxy):
    """frame-ancestors defaults to 'self': a page on another origin gets no dashboard in its frame."""
    other = Flask("other")

    @other.route("/")
    def page():
        frame = f'<iframe id="claims" src="{dashboard_url}/" width="600" height="400"></iframe>'
        return f'<link rel="icon" href="data:,">{frame}'

    other_url, server = serve(other)
    try:
        browser.get(other_url)
        WebDriverWait(browser, 10).until(lambda d: any("frame-ancestors" in e for e in console_errors(d)))
        browser.switch_to.frame(browser.find_element(By.ID, "claims"))
        assert browser.find_elements(By.ID, ids.MAP) == []
    finally:
        server.shutdown()


def test_the_export_links_carry_the_view(browser, dashboard_url, proxy):
    wait = open_map(browser, dashboard_url)
    search_for(browser, "Khabarovsk")
    wait.until(lambda d: "q=Khabarovsk" in d.find_element(By.ID, ids.EXPORT_CSV).get_attribute("href"))
    link = browser.find_element(By.ID, ids.EXPORT_CSV).get_attribute("href")
    with urllib.request.urlopen(link) as response:
        rows = list(csv.DictReader(io.StringIO(response.read().decode("utf-8"))))
    assert rows and all("Khabarovsk" in row["sentence"] for row in rows)
    assert {row["place"] for row in rows} >= {"Khabarovsk", "Ussuriysk"}
    assert outside_requests(proxy) == []


def test_the_html_snapshot_draws_from_a_plain_static_server_with_no_outside_request(
    browser, dashboard_url, proxy, tmp_path
):
    """The file a portal hosts as it is: no Python behind it, no request to any host."""
    with urllib.request.urlopen(dashboard_url + "/export/snapshot.html?layer=training") as response:
        page = response.read().decode("utf-8")
    (tmp_path / "claims-map.html").write_text(page, encoding="utf-8")
    static = Flask("static", static_folder=str(tmp_path), static_url_path="")
    url, server = serve(static)
    try:
        browser.get(url + "/claims-map.html")
        wait = WebDriverWait(browser, 40)
        wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#map .legendtext")) >= 4)
        wait.until(lambda d: d.execute_script("const m = document.getElementById('map')._fullLayout.map;"
                                              "return !!m && m._subplot.map.loaded();"))  # fmt: skip
        assert "Khabarovsk (1)" in browser.find_element(By.TAG_NAME, "aside").text
        screenshot(browser, "snapshot-1280x720")
    finally:
        server.shutdown()
    assert outside_requests(proxy) == [] and console_errors(browser) == []

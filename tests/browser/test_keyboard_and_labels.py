"""Issue 21, the last points: places named on the map from the app's own glyphs, the places and the
timeline by keyboard, and an Undo after "not a place"."""

from dataclasses import replace
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from dashboard import ids
from dashboard.app import create_app
from geo.ingest import ingest_files
from geo.store import ClaimFilter, Store

from . import test_accessibility
from .conftest import REPO, console_errors, outside_requests, screenshot, serve
from .test_accessibility import violations
from .test_dashboard import GRAPH, open_map, place_shown

pytestmark = pytest.mark.browser

TOKEN = "undo-token"
axe_url = test_accessibility.axe_url  # the app that serves axe-core, as a fixture here too


def most_claimed(store) -> str:
    rows = store.place_summaries(ClaimFilter())
    return max(rows, key=lambda r: (r["n_claims"], -r["id"]))["name"]


def labels_drawn(browser) -> list[str]:
    """The place names MapLibre placed on the map (labels hidden by a collision are not listed)."""
    return browser.execute_script(
        f"const m = document.querySelector('{GRAPH}')._fullLayout.map._subplot.map;"
        "const ids = m.getStyle().layers.filter(l => l.type === 'symbol').map(l => l.id);"
        "return ids.length ? m.queryRenderedFeatures({layers: ids}).map(f => f.properties.name) : [];"
    )


def query(browser) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(browser.current_url).query).items()}


def test_places_are_named_on_the_map_from_the_apps_own_glyphs(browser, dashboard_url, seeded_store, proxy):
    wait = open_map(browser, dashboard_url)
    wait.until(lambda d: most_claimed(seeded_store) in labels_drawn(d))
    assert len(set(labels_drawn(browser))) >= 3
    screenshot(browser, "labels-1280x720")
    assert outside_requests(proxy) == [], "glyphs asked of another host"
    assert console_errors(browser) == []


def test_a_keyboard_user_opens_a_places_claims_from_the_table(browser, dashboard_url, seeded_store, proxy):
    wait = open_map(browser, dashboard_url)
    summary = browser.find_element(By.CSS_SELECTOR, f"#{ids.PLACES_TABLE} summary")
    summary.send_keys(Keys.ENTER)  # opens the table of places in view
    ActionChains(browser).send_keys(Keys.TAB).perform()  # to the first place, the most claimed
    focused = browser.switch_to.active_element
    assert focused.tag_name == "a" and focused.text == most_claimed(seeded_store)
    focused.send_keys(Keys.ENTER)
    wait.until(lambda d: place_shown(d) == most_claimed(seeded_store))
    wait.until(lambda d: "place" in query(d))
    assert browser.find_elements(By.CSS_SELECTOR, f"#{ids.PANEL} .claim")
    screenshot(browser, "table-place-chosen-by-keyboard")
    browser.find_element(By.ID, ids.CLEAR_SELECTION).send_keys(Keys.ENTER)
    wait.until(lambda d: "place" not in query(d))
    link = browser.find_element(By.CSS_SELECTOR, f"#{ids.PLACES_TABLE} td > a")
    link.send_keys(Keys.ENTER)  # the same place again, as a click on its marker would
    wait.until(lambda d: place_shown(d) == most_claimed(seeded_store))
    assert outside_requests(proxy) == [] and console_errors(browser) == []


_TIMELINE_DRAWN = (
    "const g = document.querySelector('#timeline .js-plotly-plot');"
    " return !!(g && g.data && g.data[0] && g.data[0].x && g.data[0].x.length);"
)


def test_the_timeline_range_is_set_and_moved_by_keyboard(browser, dashboard_url, seeded_store, proxy):
    wait = open_map(browser, dashboard_url)
    last = seeded_store.timeline(ClaimFilter())[-1][0]
    timeline = browser.find_element(By.CSS_SELECTOR, ".timeline")
    wait.until(lambda d: d.execute_script(_TIMELINE_DRAWN))  # keys before its bars are drawn do nothing
    timeline.send_keys(Keys.END)  # the last day with claims
    wait.until(lambda d: query(d).get("from") == query(d).get("to") == last.isoformat())
    timeline.send_keys(Keys.ARROW_LEFT)  # a day earlier
    day_before = (last - timedelta(days=1)).isoformat()
    wait.until(lambda d: query(d).get("from") == query(d).get("to") == day_before)
    timeline.send_keys(Keys.SHIFT, Keys.ARROW_RIGHT)  # its end a day later: two days
    wait.until(lambda d: (query(d).get("from"), query(d).get("to")) == (day_before, last.isoformat()))
    assert browser.find_element(By.ID, "timeline-live").text.endswith(last.isoformat())
    timeline.send_keys(Keys.ESCAPE)
    wait.until(lambda d: "from" not in query(d) and "to" not in query(d))
    assert outside_requests(proxy) == [] and console_errors(browser) == []


@pytest.fixture
def writable_seeded(settings, pipeline, tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'claims.db'}")
    ingest_files([REPO / "seeds" / "000_82888a97ab0404e3.txt"], pipeline, store)
    app = create_app(store, replace(settings, data_dir=tmp_path, write_token=TOKEN))
    url, server = serve(app.server)
    yield url, store
    server.shutdown()


def test_not_a_place_can_be_undone(browser, writable_seeded, proxy):
    url, store = writable_seeded
    name = most_claimed(store)
    wait = open_map(browser, url)
    browser.find_element(By.CSS_SELECTOR, ".uploads summary").click()
    browser.find_element(By.ID, ids.UPLOAD_TOKEN).send_keys(TOKEN)
    browser.find_element(By.CSS_SELECTOR, f"#{ids.PLACES_TABLE} summary").click()
    browser.find_element(By.CSS_SELECTOR, f"#{ids.PLACES_TABLE} td > a").click()
    wait.until(lambda d: place_shown(d) == name)
    cards = len(browser.find_elements(By.CSS_SELECTOR, f"#{ids.PANEL} .claim"))
    browser.find_element(By.CSS_SELECTOR, ".correct summary").click()
    browser.find_element(By.XPATH, "//button[text()='Not a place']").click()
    status = browser.find_element(By.ID, ids.CORRECTION_STATUS)
    wait.until(lambda d: "Dropped" in status.text)
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, f"#{ids.PANEL} .claim")) == cards - 1)
    undo = status.find_element(By.XPATH, ".//button[text()='Undo']")
    wait.until(lambda d: d.switch_to.active_element == undo)  # the focus is there, the card it was on gone
    undo.send_keys(Keys.ENTER)
    wait.until(lambda d: "Undone" in status.text)
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, f"#{ids.PANEL} .claim")) == cards)
    screenshot(browser, "not-a-place-undone")
    assert outside_requests(proxy) == [] and console_errors(browser) == []


def test_no_serious_violation_with_the_table_of_places_open_and_the_timeline_focused(browser, axe_url, proxy):
    open_map(browser, axe_url)
    browser.find_element(By.CSS_SELECTOR, f"#{ids.PLACES_TABLE} summary").click()
    browser.find_element(By.CSS_SELECTOR, ".timeline").send_keys(Keys.END)
    browser.find_element(By.ID, "timeline-live")  # the range said aloud
    found = violations(browser)
    assert found == [], "\n".join(f"{v['impact']} {v['id']}: {v['help']} {v['nodes']}" for v in found)
    assert outside_requests(proxy) == []

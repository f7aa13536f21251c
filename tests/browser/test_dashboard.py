"""What only a browser shows: the map draws offline, its layers, and a click that opens the claims."""

import time

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from dashboard import ids
from dashboard.app import create_app

from .conftest import console_errors, outside_requests, screenshot

pytestmark = pytest.mark.browser

GRAPH = f"#{ids.MAP} .js-plotly-plot"


def open_map(browser, url):
    browser.get(url)
    wait = WebDriverWait(browser, 30)
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, f"{GRAPH} .legendtext")) >= 4)
    # The map is drawn once MapLibre says its style and sources are loaded.
    wait.until(lambda d: d.execute_script(f"const gd = document.querySelector('{GRAPH}');"
                                          "const m = gd && gd._fullLayout.map && gd._fullLayout.map._subplot.map;"
                                          "return !!m && m.loaded();"))  # fmt: skip
    return wait


def place_shown(browser) -> str | None:
    """The place the panel is about (read in one step: the panel is redrawn as callbacks land)."""
    return browser.execute_script(
        f"const h = document.querySelector('#{ids.PANEL} .place-name'); return h && h.textContent.split(',')[0];"
    )


def address_shown(browser) -> str | None:
    """The whole heading: the place with its region and country."""
    return browser.execute_script(
        f"const h = document.querySelector('#{ids.PANEL} .place-name'); return h && h.textContent;"
    )


def click_place(browser, lon, lat):
    """A real mouse click where MapLibre draws the given point."""
    x, y, width, height = browser.execute_script(
        f"const gd = document.querySelector('{GRAPH}'); const map = gd._fullLayout.map._subplot.map;"
        "const p = map.project([arguments[0], arguments[1]]); const c = map.getCanvas();"
        "return [p.x, p.y, c.clientWidth, c.clientHeight];",
        lon,
        lat,
    )
    canvas = browser.find_element(By.CSS_SELECTOR, f"{GRAPH} canvas.maplibregl-canvas")
    ActionChains(browser).move_to_element_with_offset(canvas, int(x - width / 2), int(y - height / 2)).click().perform()


def test_four_layers_and_the_claim_behind_khabarovsk_with_no_outside_request(browser, dashboard_url, proxy):
    wait = open_map(browser, dashboard_url)
    legend = [e.text for e in browser.find_elements(By.CSS_SELECTOR, f"{GRAPH} .legendtext")]
    assert [text.split(" ", 1)[1].rsplit(" · ", 1)[0] for text in legend if not text.startswith("Chosen")] == [
        "Training sites", "Front-line areas", "Regions of origin", "Other mentions",
    ]  # fmt: skip
    screenshot(browser, "default-1280x720")

    click_place(browser, 135.0971, 48.46204)  # Khabarovsk, as the gazetteer places it
    wait.until(lambda d: "Khabarovsk" in d.find_element(By.ID, ids.PANEL).text)
    panel = browser.find_element(By.ID, ids.PANEL)
    assert "South Korean National Intelligence Agency (NIS)" in panel.text
    assert [m.text for m in panel.find_elements(By.TAG_NAME, "mark")] == ["Khabarovsk"]
    assert "Ussuryisk and Khabarovsk" in panel.find_element(By.CSS_SELECTOR, ".sentence").text
    screenshot(browser, "selected-khabarovsk-1280x720")

    assert outside_requests(proxy) == [], "the page asked other hosts"
    assert console_errors(browser) == []


def test_clicking_a_region_lists_its_claims(browser, dashboard_url, proxy):
    wait = open_map(browser, dashboard_url)
    click_place(browser, 108.5, 52.5)  # inside Buryatia, drawn above Siberia
    wait.until(lambda d: "Buryatia" in d.find_element(By.ID, ids.PANEL).text)
    panel = browser.find_element(By.ID, ids.PANEL)
    assert "fake ID cards" in panel.text and "Regions of origin" in panel.text
    assert [m.text for m in panel.find_elements(By.TAG_NAME, "mark")] == ["Buryatia"]
    assert outside_requests(proxy) == []


def test_source_filter_changes_map_and_panel(browser, dashboard_url, proxy):
    wait = open_map(browser, dashboard_url)
    click_place(browser, 135.0971, 48.46204)
    wait.until(lambda d: "NIS" in d.find_element(By.ID, ids.PANEL).text)

    choose_source(browser, "Kim Yong-hyun")
    wait.until(lambda d: "No claim about this place matches" in d.find_element(By.ID, ids.PANEL).text)
    wait.until(
        lambda d: (
            _legend(d) == {"Training sites": 0, "Front-line areas": 1, "Regions of origin": 0, "Other mentions": 1}
        )
    )
    assert outside_requests(proxy) == []


def test_date_range_hides_claims_outside_it(browser, dashboard_url, proxy):
    wait = open_map(browser, dashboard_url)
    click_place(browser, 135.0971, 48.46204)
    wait.until(lambda d: "NIS" in d.find_element(By.ID, ids.PANEL).text)
    start = browser.find_element(By.ID, ids.DATE_FILTER)  # Dash gives the range's "from" input the id
    start.send_keys("2024-11-01", Keys.ENTER)
    # Only Budanov's claim speaks of November; it names Ukraine and nothing else.
    wait.until(
        lambda d: (
            _legend(d) == {"Training sites": 0, "Front-line areas": 0, "Regions of origin": 0, "Other mentions": 1}
        )
    )
    wait.until(lambda d: "No claim about this place matches" in d.find_element(By.ID, ids.PANEL).text)
    assert outside_requests(proxy) == []


def choose_source(browser, name):
    browser.find_element(By.ID, ids.SOURCE_FILTER).click()
    option = f"//label[contains(@class, 'dash-dropdown-option')][.//span[starts-with(text(), '{name} (')]]"
    WebDriverWait(browser, 10).until(lambda d: d.find_elements(By.XPATH, option))
    browser.find_element(By.XPATH, option).click()
    ActionChains(browser).send_keys(Keys.ESCAPE).perform()


def _legend(browser) -> dict[str, int]:
    counts = {}
    for element in browser.find_elements(By.CSS_SELECTOR, f"{GRAPH} .legendtext"):
        if element.text.startswith("Chosen: "):  # the chosen place's ring, no layer
            continue
        label, _, count = element.text.partition(" ")[2].rpartition(" · ")  # "● Training sites · 3 places"
        counts[label] = int(count.split()[0]) if count else 0
    return counts


def test_the_request_check_can_fail(browser, dashboard_url, proxy):
    """Control: a request to a CDN from the page, as Plotly's geo traces make, is caught
    (with the page's Content-Security-Policy switched off, as it would be behind a proxy that drops it)."""
    browser.execute_cdp_cmd("Page.setBypassCSP", {"enabled": True})
    open_map(browser, dashboard_url)
    browser.execute_script("fetch('https://cdn.plot.ly/un/world_110m.json').catch(() => {});")
    WebDriverWait(browser, 10).until(lambda d: outside_requests(proxy))
    assert any("cdn.plot.ly" in line for line in outside_requests(proxy))


def test_the_content_security_policy_refuses_other_hosts(browser, dashboard_url, proxy):
    """The second wall: the page's own policy stops a request to another host before it leaves."""
    open_map(browser, dashboard_url)
    browser.execute_script("fetch('https://cdn.plot.ly/un/world_110m.json').catch(() => {});")
    WebDriverWait(browser, 10).until(lambda d: any("Content Security Policy" in e for e in console_errors(d)))
    assert outside_requests(proxy) == []


def test_playback_grows_the_map_day_by_day(browser, dashboard_url, proxy):
    open_map(browser, dashboard_url)
    everything = sum(_legend(browser).values())
    browser.find_element(By.ID, ids.PLAY).click()
    seen = set()

    def stepped(driver):
        seen.add(sum(_legend(driver).values()))
        return driver.find_element(By.ID, ids.PLAY).text == "▶ Play" and len(seen) > 1

    WebDriverWait(browser, 60, poll_frequency=0.2).until(stepped)
    assert min(seen) < everything  # the first days show fewer places than the whole story
    assert max(seen) == everything  # and the last day shows them all
    assert "to=" in browser.current_url
    assert outside_requests(proxy) == []


def test_readable_in_a_narrow_frame(browser, dashboard_url, seeded_store, proxy):
    from geo.store import ClaimFilter

    khabarovsk = next(r["id"] for r in seeded_store.place_summaries(ClaimFilter()) if r["name"] == "Khabarovsk")
    browser.set_window_size(420, 720)
    open_map(browser, dashboard_url)
    screenshot(browser, "default-420x720")
    wait = open_map(browser, f"{dashboard_url}/?place={khabarovsk}")
    wait.until(lambda d: place_shown(d) == "Khabarovsk")
    panel = browser.find_element(By.ID, ids.PANEL)
    browser.execute_script("arguments[0].scrollIntoView();", panel)
    assert panel.is_displayed() and panel.size["width"] <= 420
    screenshot(browser, "selected-420x720")
    open_map(browser, f"{dashboard_url}/?embed=1&place={khabarovsk}")
    screenshot(browser, "embed-420x720")
    assert outside_requests(proxy) == []


def test_a_place_can_be_chosen_with_the_keyboard_alone(browser, dashboard_url, proxy):
    wait = open_map(browser, dashboard_url)
    picker = browser.find_element(By.CSS_SELECTOR, f"#{ids.PLACE_PICKER}")
    picker.click()
    ActionChains(browser).send_keys("Khabarovsk").perform()
    # As a person does: Enter once the list shows the place (the server finds it as one types).
    wait.until(lambda d: any("Khabarovsk" in e.text for e in d.find_elements(By.CSS_SELECTOR, "[role=option]")))
    ActionChains(browser).send_keys(Keys.ENTER).perform()
    wait.until(lambda d: place_shown(d) == "Khabarovsk")
    assert "place=" in browser.current_url
    assert outside_requests(proxy) == []


def test_a_plain_address_asks_for_the_panel_alone_and_draws_the_map_from_the_layout(
    browser, seeded_store, settings, proxy
):
    """The layout is the default view, with its map and timeline: opening the page's plain address
    restores nothing and asks for the panel alone; the map is drawn without a round trip."""
    from flask import request

    from .conftest import serve

    app = create_app(seeded_store, settings)
    asked, scripts = [], []

    @app.server.before_request
    def note_callbacks():
        if request.path.endswith("_dash-update-component"):
            asked.append(request.get_json(silent=True)["output"].strip(".").split(".")[0])
        elif request.path.endswith(".js"):
            scripts.append(request.path.rsplit("/", 1)[-1])

    url, server = serve(app.server)
    try:
        open_map(browser, url)
        WebDriverWait(browser, 10).until(lambda d: "Claims in view" in d.find_element(By.ID, ids.PANEL).text)
        time.sleep(1)  # anything else the page would ask for
    finally:
        server.shutdown()
    assert asked == [ids.PANEL]
    assert "place" in browser.find_element(By.ID, ids.MAP).text  # the legend: "… · N places"
    # plotly.js as built for the page (assets/plotly), not the whole library as well
    assert "plotly-map.min.js" in scripts and not any(s.startswith("plotly.") for s in scripts), scripts
    assert console_errors(browser) == []


def test_a_redraw_with_the_same_data_gives_no_source_its_data_again(browser, dashboard_url, proxy):
    """The map's first redraw compares each source's new data with what it was drawn with
    (assets/map_frames.js): a redraw that changes nothing tiles nothing again. Before, the first
    redraw after the first draw set every source's data anew (23 of them at a million claims) and
    took twice as long as the redraws after it."""
    open_map(browser, dashboard_url)
    set_anew = browser.execute_async_script(
        f"const done = arguments[arguments.length - 1]; const gd = document.querySelector('{GRAPH}');"
        "const map = gd._fullLayout.map._subplot.map; const ids = new Set();"
        "map.on('data', (e) => e.dataType === 'source' && e.sourceDataType === 'content' && ids.add(e.sourceId));"
        "const sources = Object.keys(map.getStyle().sources).length;"
        "Plotly.redraw(gd).then(() => setTimeout(() => done([ids.size, sources]), 1500));"
    )
    assert set_anew[1] > 10 and set_anew[0] == 0, set_anew
    assert console_errors(browser) == []

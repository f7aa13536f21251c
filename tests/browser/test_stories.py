"""Story claims as only a browser shows them: a card's counts, and the corroboration filters read
from a URL (the controls set, the claims narrowed)."""

from pathlib import Path

import pytest
import yaml
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from dashboard import ids
from dashboard.app import create_app
from geo.documents import make_document

from .conftest import console_errors, outside_requests, screenshot, serve

pytestmark = pytest.mark.browser

GOLD = Path(__file__).resolve().parents[1] / "data" / "stories_gold.yaml"


@pytest.fixture(scope="module")
def stories_url(pipeline, settings, tmp_path_factory):
    from geo.store import Store

    store = Store(f"sqlite:///{tmp_path_factory.mktemp('stories') / 'claims.db'}")
    for item in yaml.safe_load(GOLD.read_text(encoding="utf-8"))["documents"]:
        if item["id"].startswith(("nk-kursk", "vuhledar")):
            meta = {"outlet": item["outlet"], "published": str(item["published"])}
            store.add(pipeline.extract(make_document(item["text"], meta, f"{item['id']}.txt")))
    url, server = serve(create_app(store, settings).server)
    yield url
    server.shutdown()


def cards(browser) -> list[str]:
    return [e.text for e in browser.find_elements(By.CSS_SELECTOR, f"#{ids.PANEL} .claim")]


def test_a_url_keeps_claims_that_are_contested_or_corroborated(browser, stories_url, proxy):
    browser.get(stories_url + "/?contested=1")
    wait = WebDriverWait(browser, 30)
    wait.until(lambda d: cards(d))
    shown = cards(browser)
    assert all("Contested by" in card for card in shown), "\n\n".join(shown)
    assert any("Kursk" in card and "10,000" in card for card in shown)
    contested_box = browser.find_element(By.CSS_SELECTOR, f"#{ids.CONTESTED_FILTER} input")
    assert contested_box.is_selected()
    screenshot(browser, "stories-contested")

    browser.get(stories_url + "/?corroborated=2")
    wait.until(lambda d: cards(d) and all("Contested by" not in c or "independent" in c for c in cards(d)))
    wait.until(lambda d: "at least 2" in d.find_element(By.ID, ids.SOURCES_AT_LEAST).text)
    shown = cards(browser)
    assert shown and all("independent sources:" in card for card in shown), shown
    assert all("1 independent source:" not in card for card in shown)
    assert any("Stated in 3 documents" in card or "Stated in 4 documents" in card for card in shown), shown
    assert outside_requests(proxy) == [] and console_errors(browser) == []


def drawn_markers(browser) -> tuple[str, dict]:
    """The map's legend title and each place's marker size, as the page holds them (by hover text's name)."""
    return browser.execute_script(
        """
        const gd = document.querySelector('#claims-map .js-plotly-plot');
        if (!gd || !gd.data || !gd.layout || !gd.layout.legend) return null;
        const sizes = {};
        gd.data.forEach((trace) => {
          if (trace.type !== 'scattermap' || !trace.text || !trace.customdata) return;
          trace.text.forEach((text, i) => {
            if (trace.customdata[i] && trace.customdata[i][0] !== 'group') {
              sizes[text.split(' · ')[0] + ' / ' + trace.customdata[i][1]] = trace.marker.size[i];
            }
          });
        });
        return [gd.layout.legend.title.text, sizes];
        """
    )


def test_the_map_sizes_places_by_corroboration_and_the_url_keeps_it(browser, stories_url, proxy):
    """The analyst's choice redraws the markers (a place no two sources corroborate shrinks to the
    smallest), the legend says what size means, and the choice is part of the address."""
    wait = WebDriverWait(browser, 30)
    browser.get(stories_url + "/")
    wait.until(lambda d: (drawn_markers(d) or [None])[0] == "Layers · size: claims" and drawn_markers(d)[1])
    _, by_claims = drawn_markers(browser)
    screenshot(browser, "map-sized-by-claims")
    browser.find_element(By.CSS_SELECTOR, f"#{ids.MAP_SIZE} input[value='corroborated']").click()
    wait.until(lambda d: "independent sources" in (drawn_markers(d) or [""])[0])
    _, by_corroboration = drawn_markers(browser)
    screenshot(browser, "map-sized-by-corroboration")
    assert by_corroboration.keys() == by_claims.keys()
    assert by_corroboration != by_claims
    assert min(by_corroboration.values()) < min(by_claims.values())  # places no two sources corroborate
    wait.until(lambda d: "size=corroborated" in d.current_url)

    browser.get(stories_url + "/?size=corroborated")
    wait.until(lambda d: "independent sources" in (drawn_markers(d) or [""])[0])
    assert drawn_markers(browser)[1] == by_corroboration
    chosen = browser.find_element(By.CSS_SELECTOR, f"#{ids.MAP_SIZE} input[value='corroborated']")
    assert chosen.is_selected()
    assert outside_requests(proxy) == [] and console_errors(browser) == []

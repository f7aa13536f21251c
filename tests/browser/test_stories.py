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

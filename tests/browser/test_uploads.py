"""Uploading from the dashboard: with the token the document appears on the map; without, nothing."""

from dataclasses import replace

import pytest
from selenium.webdriver.common.by import By

from dashboard import ids
from dashboard.app import create_app
from geo.ingest import ingest_files
from geo.store import Store

from .conftest import REPO, console_errors, outside_requests, screenshot, serve
from .test_dashboard import click_place, open_map, place_shown

pytestmark = pytest.mark.browser

TOKEN = "correct horse battery staple"
SEED = REPO / "seeds" / "000_82888a97ab0404e3.txt"
ARTICLE = (
    "Officials said on Tuesday that 300 soldiers gathered in Vinnytsia for training. "
    "Residents of Vinnytsia reported the drills continued.\n"
)


@pytest.fixture
def writable_dashboard(settings, tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'claims.db'}")
    app = create_app(store, replace(settings, data_dir=tmp_path, write_token=TOKEN))
    url, server = serve(app.server)
    yield url, store
    server.shutdown()


def upload(browser, tmp_path, token: str) -> None:
    article = tmp_path / "vinnytsia.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    browser.find_element(By.CSS_SELECTOR, ".uploads summary").click()
    browser.find_element(By.ID, ids.UPLOAD_TOKEN).send_keys(token)
    browser.find_element(By.ID, ids.UPLOAD_PUBLISHED).send_keys("2024-10-25")
    browser.find_element(By.CSS_SELECTOR, f"#{ids.UPLOAD} input[type=file]").send_keys(str(article))


def status(browser) -> str:
    return browser.find_element(By.ID, ids.UPLOAD_STATUS).text


def test_an_upload_with_the_token_appears_on_the_map(browser, writable_dashboard, tmp_path, proxy):
    url, store = writable_dashboard
    wait = open_map(browser, url)
    upload(browser, tmp_path, TOKEN)
    wait.until(lambda d: status(d).startswith("Done: 1 added"))
    wait.until(lambda d: "1 document " in d.find_element(By.ID, ids.TOTALS).text)  # the totals follow the store
    wait.until(
        lambda d: any("Training sites · 1 place" in e.text for e in d.find_elements(By.CSS_SELECTOR, ".legendtext"))
    )
    assert store.counts()["documents"] == 1
    screenshot(browser, "upload-done-1280x720")
    assert outside_requests(proxy) == [] and console_errors(browser) == []


def test_an_upload_without_the_right_token_is_refused(browser, writable_dashboard, tmp_path, proxy):
    url, store = writable_dashboard
    wait = open_map(browser, url)
    upload(browser, tmp_path, "guess")
    wait.until(lambda d: status(d).startswith("Refused"))
    assert store.counts()["documents"] == 0
    assert not list(tmp_path.glob("uploads/*")), "a refused upload wrote nothing"
    assert outside_requests(proxy) == []


@pytest.fixture
def writable_seeded(settings, pipeline, tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'claims.db'}")
    ingest_files([SEED], pipeline, store)
    app = create_app(store, replace(settings, data_dir=tmp_path, write_token=TOKEN))
    url, server = serve(app.server)
    yield url, store
    server.shutdown()


def open_corrections_of_the_seed_place(browser, url: str):
    """The map with the write token given and the corrections of the seed's training site open."""
    wait = open_map(browser, url)
    browser.find_element(By.CSS_SELECTOR, ".uploads summary").click()
    browser.find_element(By.ID, ids.UPLOAD_TOKEN).send_keys(TOKEN)
    click_place(browser, 135.0971, 48.46204)  # Khabarovsk
    wait.until(lambda d: place_shown(d) == "Khabarovsk")
    browser.find_element(By.CSS_SELECTOR, ".correct summary").click()
    return wait


def test_a_correction_shows_as_such_and_survives_a_reingest(browser, writable_seeded, pipeline, proxy):
    url, store = writable_seeded
    wait = open_corrections_of_the_seed_place(browser, url)
    browser.find_element(By.CSS_SELECTOR, ".correct .dash-dropdown:nth-of-type(2), .correct [id*='fix-layer']").click()
    option = "//label[contains(@class, 'dash-dropdown-option')][.//span[text()='Front-line areas']]"
    wait.until(lambda d: d.find_elements(By.XPATH, option))
    browser.find_element(By.XPATH, option).click()
    browser.find_element(By.XPATH, "//button[text()='Apply']").click()
    wait.until(lambda d: "Layer changed" in d.find_element(By.ID, ids.CORRECTION_STATUS).text)
    wait.until(lambda d: "an analyst chose this layer" in d.find_element(By.ID, ids.PANEL).text)
    screenshot(browser, "corrected-1280x720")

    ingest_files([SEED], pipeline, store, again=True)  # new rules, say: every claim extracted again
    wait = open_map(browser, browser.current_url)
    wait.until(lambda d: place_shown(d) == "Khabarovsk")
    panel = browser.find_element(By.ID, ids.PANEL).text
    assert "Front-line areas" in panel and "an analyst chose this layer" in panel
    assert outside_requests(proxy) == [] and console_errors(browser) == []


def test_a_moved_mention_is_followed_to_its_new_place(browser, writable_seeded, proxy):
    url, _ = writable_seeded
    wait = open_corrections_of_the_seed_place(browser, url)
    browser.find_element(By.CSS_SELECTOR, ".correct [id*='fix-move']").click()
    option = "//label[contains(@class, 'dash-dropdown-option')]"
    wait.until(lambda d: d.find_elements(By.XPATH, option))
    runner_up = browser.find_element(By.XPATH, option).text
    assert runner_up.count(",") >= 1, runner_up  # a runner-up says where it is, not just "Khabarovsk (4%)"
    browser.find_element(By.XPATH, option).click()
    browser.find_element(By.XPATH, "//button[text()='Apply']").click()
    wait.until(lambda d: "Moved to" in d.find_element(By.ID, ids.CORRECTION_STATUS).text)
    wait.until(lambda d: "an analyst moved this mention here" in d.find_element(By.ID, ids.PANEL).text)
    assert "No claim" not in browser.find_element(By.ID, ids.PANEL).text
    status = browser.find_element(By.ID, ids.CORRECTION_STATUS)
    assert browser.execute_script(
        "const r = arguments[0].getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight;", status
    )
    screenshot(browser, "moved-followed-1280x720")
    assert outside_requests(proxy) == [] and console_errors(browser) == []

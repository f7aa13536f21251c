"""Uploading from the dashboard: with the token the document appears on the map; without, nothing."""

from dataclasses import replace

import pytest
from selenium.webdriver.common.by import By

from dashboard import ids
from dashboard.app import create_app
from geo.store import Store

from .conftest import console_errors, outside_requests, screenshot, serve
from .test_dashboard import open_map

pytestmark = pytest.mark.browser

TOKEN = "correct horse battery staple"
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
    wait.until(lambda d: "1 documents" in d.find_element(By.ID, ids.TOTALS).text)
    wait.until(lambda d: any("Training sites (1)" in e.text for e in d.find_elements(By.CSS_SELECTOR, ".legendtext")))
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

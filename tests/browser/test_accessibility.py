"""axe-core over the default, selected, upload and embed views: no critical or serious violation.

axe-core comes from the npm registry (``scripts/install_axe.sh``, run by ``make test``) and is served
by the test's own app, so the page still asks no other host for anything."""

from dataclasses import replace
from pathlib import Path

import pytest
from flask import send_file
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from dashboard.app import create_app
from geo.store import ClaimFilter

from .conftest import outside_requests, screenshot, serve
from .test_dashboard import open_map, place_shown

pytestmark = pytest.mark.browser

VENDOR = Path(__file__).parent / "vendor"
AXE_ROUTE = "/test-only/axe.min.js"


@pytest.fixture(scope="module")
def axe_url(seeded_store, settings, tmp_path_factory):
    found = sorted(VENDOR.glob("axe-*.min.js"))
    if not found:
        pytest.fail("axe-core is needed for the accessibility tests: run scripts/install_axe.sh (make test does)")
    app = create_app(seeded_store, replace(settings, data_dir=tmp_path_factory.mktemp("axe"), write_token="t"))
    app.server.add_url_rule(AXE_ROUTE, "axe", lambda: send_file(found[-1], mimetype="text/javascript"))
    url, server = serve(app.server)
    yield url
    server.shutdown()


def violations(browser) -> list[dict]:
    """axe's critical and serious violations on the page as it is now (WCAG 2.1 A and AA rules)."""
    browser.execute_script(
        "const s = document.createElement('script'); s.src = arguments[0]; document.head.appendChild(s);",
        AXE_ROUTE,
    )
    WebDriverWait(browser, 20).until(lambda d: d.execute_script("return !!(window.axe && window.axe.run);"))
    found = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']})"
        ".then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))))"
        ".catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));"
    )
    return [v for v in found if v["impact"] in ("critical", "serious")]


def test_no_serious_violation_in_the_default_view(browser, axe_url, proxy):
    open_map(browser, axe_url)
    found = violations(browser)
    assert found == [], "\n".join(f"{v['impact']} {v['id']}: {v['help']} {v['nodes']}" for v in found)
    assert outside_requests(proxy) == []


def test_no_serious_violation_with_a_place_selected_and_the_upload_box_open(browser, axe_url, seeded_store, proxy):
    khabarovsk = next(r["id"] for r in seeded_store.place_summaries(ClaimFilter()) if r["name"] == "Khabarovsk")
    wait = open_map(browser, f"{axe_url}/?place={khabarovsk}")
    wait.until(lambda d: place_shown(d) == "Khabarovsk")
    found = violations(browser)
    assert found == [], "\n".join(f"{v['impact']} {v['id']}: {v['help']} {v['nodes']}" for v in found)
    browser.find_element(By.CSS_SELECTOR, ".uploads summary").click()
    found = violations(browser)
    assert found == [], "\n".join(f"{v['impact']} {v['id']}: {v['help']} {v['nodes']}" for v in found)
    screenshot(browser, "axe-upload-open")
    assert outside_requests(proxy) == []


def test_no_serious_violation_in_the_embed_view(browser, axe_url, proxy):
    open_map(browser, f"{axe_url}/?embed=1")
    found = violations(browser)
    assert found == [], "\n".join(f"{v['impact']} {v['id']}: {v['help']} {v['nodes']}" for v in found)
    assert outside_requests(proxy) == []

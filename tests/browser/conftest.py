"""A real dashboard on a free port, and headless Chromium that can reach nothing but it.

Every request the browser sends to another host (from the page, a worker or
Chromium itself) goes through ``RecordingProxy``, which records it and refuses
it; loopback requests go straight to the app. A test that finds a recorded
request has caught the page calling a CDN, tile or font server.
"""

from __future__ import annotations

import shutil
import socket
import socketserver
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from werkzeug.serving import make_server

from dashboard.app import create_app
from geo.ingest import ingest_files

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
CHROME_FLAGS = (
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--disable-background-networking", "--disable-component-update", "--no-first-run",
    "--disable-sync", "--disable-quic", "--enable-unsafe-swiftshader", "--disable-extensions",
    "--disable-default-apps", "--no-pings", "--disable-domain-reliability", "--disable-breakpad",
    "--disable-client-side-phishing-detection", "--disable-features=AutofillServerCommunication,"
    "OptimizationHints,MediaRouter,Translate,SigninInterceptBubble,ChromeSignin,AccountConsistency,"
    "NetworkTimeServiceQuerying",
    "--disable-signin-scoped-device-id", "--allow-browser-signin=false",
)  # fmt: skip


class RecordingProxy(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        self.requests: list[str] = []
        super().__init__(("127.0.0.1", 0), _ProxyHandler)


class _ProxyHandler(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        line = self.rfile.readline(4096).decode("latin-1").strip()
        if line:
            self.server.requests.append(line)
        self.wfile.write(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")


@pytest.fixture(scope="session")
def proxy():
    server = RecordingProxy()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()


def serve(app) -> tuple[str, object]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = make_server("127.0.0.1", port, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{port}", server


@pytest.fixture(scope="session")
def seeded_store(pipeline, tmp_path_factory):
    from geo.store import Store

    store = Store(f"sqlite:///{tmp_path_factory.mktemp('browser') / 'claims.db'}")
    ingest_files([REPO / "seeds" / "000_82888a97ab0404e3.txt"], pipeline, store)
    return store


@pytest.fixture(scope="session")
def dashboard_url(seeded_store, settings):
    app = create_app(seeded_store, settings)
    url, server = serve(app.server)
    yield url
    server.shutdown()


def launch_chromium(proxy: RecordingProxy, width: int = 1280, height: int = 720):
    """A new headless Chromium with a fresh profile, sending every non-loopback request to the proxy."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    binary, driver_path = shutil.which("chromium"), shutil.which("chromedriver")
    if not binary or not driver_path:
        pytest.fail("Chromium and chromedriver are needed for browser tests: run `make browser`")
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for flag in (*CHROME_FLAGS, f"--proxy-server=http://127.0.0.1:{proxy.server_address[1]}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.set_window_size(width, height)
    return driver


@pytest.fixture
def browser(proxy):
    driver = launch_chromium(proxy)
    proxy.requests.clear()
    yield driver
    driver.quit()


def screenshot(driver, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    driver.save_screenshot(str(path))
    return path


# Chromium's own services (accounts, component updates), which it calls whatever the flags; never a page asset.
BROWSER_OWN_HOSTS = ("accounts.google.com", "update.googleapis.com", "clients2.google.com")


def outside_requests(proxy: RecordingProxy) -> list[str]:
    """What reached the proxy, less Chromium's own calls: every entry is a request the page made."""
    return [line for line in proxy.requests if _requested_host(line) not in BROWSER_OWN_HOSTS]


def _requested_host(request_line: str) -> str:
    """ "CONNECT host:443 HTTP/1.1" or "GET http://host/path HTTP/1.1" → host."""
    target = request_line.split(" ")[1] if " " in request_line else request_line
    return urlsplit(target if "://" in target else f"//{target}").hostname or ""


def console_errors(driver) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]

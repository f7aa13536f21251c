"""``claimsmap serve --workers 2``: gunicorn processes sharing one store, each of them seeing what
another process ingested after it had loaded its index."""

import socket
import subprocess
import sys
import time
import urllib.request

import pytest


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str) -> str:
    request = urllib.request.Request(url, headers={"Connection": "close"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read().decode()


@pytest.fixture
def workers(store, settings):
    url = store.engine.url.render_as_string(hide_password=False)
    port = free_port()
    command = [sys.executable, "-m", "geo.cli", "--database-url", url, "--cache-dir", str(settings.cache_dir),
               "serve", "--workers", "2", "--port", str(port)]  # fmt: skip
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 60
    while True:
        try:
            get(base + "_dash-layout")
            break
        except OSError:
            assert server.poll() is None and time.monotonic() < deadline, server.stderr.read().decode()[-3000:]
            time.sleep(0.3)
    yield base, url
    server.terminate()
    server.wait(timeout=30)


def test_every_worker_sees_an_ingest_made_by_another_process(workers, settings, seed_path):
    base, url = workers
    for _ in range(12):  # every worker answers from its index of the empty store first
        assert "Budanov" not in get(base + "_dash-layout")
    ingest = subprocess.run(
        [sys.executable, "-m", "geo.cli", "--database-url", url, "--cache-dir", str(settings.cache_dir),
         "ingest", str(seed_path)], capture_output=True, timeout=300,
    )  # fmt: skip
    assert ingest.returncode == 0, ingest.stderr.decode()
    layouts = [get(base + "_dash-layout") for _ in range(12)]  # the source list comes from each worker's index
    assert all("Budanov" in layout for layout in layouts)

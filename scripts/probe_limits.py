"""Probe the server as an attacker on loopback would: the requests of issue #18, each with its server
time, response size and status, and the server's resident memory before and after.

    python scripts/probe_limits.py --database-url sqlite:////tmp/probe/claims.db --claims 100000

The store is built first when it holds fewer claims than asked (a generated corpus, ingested, then
copied until it is large enough). The server is ``claimsmap serve`` started from the code on
``PYTHONPATH`` (run it with the code before a change on the path, then after, for both figures).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))

from analyst import CERTAINTIES, CONTROLS  # noqa: E402
from loadtest import _children, build_store  # noqa: E402

TIMEOUT_S = 600
LAYERS: list[str] = []  # every layer ticked, as the page starts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--articles", type=int, default=300)
    args = parser.parse_args()

    from geo.layers import load_taxonomy
    from geo.settings import Settings

    settings = Settings()
    LAYERS.extend(layer.name for layer in load_taxonomy(settings.taxonomy_path).layers)
    store = build_store(args.database_url, args.claims, args.articles, settings)
    print(f"store: {store.counts()['claims']:,} claims; code from {_code_dir()}")
    store.engine.dispose()
    server, address = start_server(args.database_url, settings)
    try:
        deps = wait_until_ready(address, server)
        probe(address, server, deps)
    finally:
        server.terminate()
        server.wait(timeout=30)


def _code_dir() -> str:
    import geo

    return str(Path(geo.__file__).resolve().parent.parent)


def start_server(url: str, settings) -> tuple[subprocess.Popen, str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "geo.cli", "--database-url", url, "--cache-dir", str(settings.cache_dir),
               "serve", "--port", str(port)]  # fmt: skip
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    return server, f"127.0.0.1:{port}"


def wait_until_ready(address: str, server: subprocess.Popen) -> list[dict]:
    deadline = time.monotonic() + 300
    while True:
        try:
            return json.loads(send(address, "GET", "/_dash-dependencies")[1])
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("the server did not start") from None
            time.sleep(0.5)


def send(address: str, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
    conn = http.client.HTTPConnection(address, timeout=TIMEOUT_S)
    try:
        conn.request(method, path, body=body, headers={"Content-Type": "application/json", **(headers or {})})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def rss_mb(server: subprocess.Popen) -> float:
    total = 0
    for pid in [server.pid, *_children(server.pid)]:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        total += next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS")), 0)
    return total / 1024


def callback_payload(deps: list[dict], output_start: str, values: dict, changed: list[str]) -> dict:
    spec = next(d for d in deps if d["output"].startswith(output_start))
    outputs = [
        {"id": p.rsplit(".", 1)[0], "property": p.rsplit(".", 1)[1]}
        for p in spec["output"].strip(".").split("...")
        if p
    ]

    def value(item):
        return {"id": item["id"], "property": item["property"], "value": values.get(f"{item['id']}.{item['property']}")}

    return {
        "output": spec["output"],
        "outputs": outputs if spec["output"].startswith("..") else outputs[0],
        "inputs": [value(i) for i in spec["inputs"]],
        "state": [value(i) for i in spec["state"]],
        "changedPropIds": changed,
    }


def base_values() -> dict:
    values = {f"{i}.{p}": v for (i, p), v in CONTROLS.items()}
    values["certainty-filter.value"] = list(CERTAINTIES)
    values["layer-filter.value"] = LAYERS
    values.update({"url.search": "", "selected-place.data": None, "map-view.data": None, "data-version.data": 0})
    return values


def timed(address: str, method: str, path: str, body: bytes | None = None) -> tuple[int, int, float]:
    """Status, size and time of one request; a server that answers before reading the whole body
    (and closes the connection) is status 413 if it says nothing the client can still read."""
    started = time.perf_counter()
    try:
        status, data = send(address, method, path, body)
    except (BrokenPipeError, ConnectionResetError):
        status, data = 413, b""
    return status, len(data), time.perf_counter() - started


def line(label: str, status: int, size: int, seconds: float, extra: str = "") -> None:
    print(f"  {label:<52} {status}  {size / 1e6:8.3f} MB  {seconds * 1000:9.0f} ms  {extra}")


def probe(address: str, server: subprocess.Popen, deps: list[dict]) -> None:
    layers_known = [d for d in deps if d["output"].startswith("..claims-map.figure")]
    assert layers_known, "no map callback"
    for _ in range(3):  # warm: the page's own first requests
        send(address, "GET", "/")
        panel = callback_payload(deps, "..claims-panel.children", base_values(), ["selected-place.data"])
        send(address, "POST", "/_dash-update-component", json.dumps(panel).encode())
    warm = rss_mb(server)
    print(f"server memory, warm: {warm:,.0f} MB")

    values = base_values()
    values["more-claims.n_clicks"] = 1_000_000
    more = callback_payload(deps, "..claims-panel.children", values, ["more-claims.n_clicks"])
    line("'Show more claims' with n_clicks = 1,000,000", *timed(address, "POST", "/_dash-update-component",
                                                                 json.dumps(more).encode()))  # fmt: skip

    words = " ".join(f"{chr(97 + i % 26)}{'%' if i % 2 else '_'}" for i in range(200))
    values = base_values()
    values["text-filter.value"] = words
    text = callback_payload(deps, "..claims-panel.children", values, ["text-filter.value"])
    line("text filter of 200 short words with % and _", *timed(address, "POST", "/_dash-update-component",
                                                                json.dumps(text).encode()))  # fmt: skip

    def many_at_once(n: int = 8) -> tuple[float, tuple]:
        with ThreadPoolExecutor(n + 1) as pool:
            for i in range(n):
                values = base_values()
                values["text-filter.value"] = " ".join(f"{chr(97 + (i + j) % 26)}%" for j in range(200))
                body = json.dumps(callback_payload(deps, "..claims-panel.children", values, ["text-filter.value"]))
                pool.submit(timed, address, "POST", "/_dash-update-component", body.encode())
            time.sleep(0.5)
            return pool.submit(timed, address, "GET", "/").result()

    status, size, seconds = many_at_once()
    line("a plain page while 8 such searches run", status, size, seconds)

    body = b"[" + b"{}," * (31 * 1024 * 1024 // 3 - 1) + b"{}]"
    peak = [rss_mb(server)]
    done = threading.Event()

    def watch():
        while not done.is_set():
            peak.append(rss_mb(server))
            time.sleep(0.05)

    watcher = threading.Thread(target=watch)
    watcher.start()
    result = timed(address, "POST", "/_dash-update-component", body)
    done.set()
    watcher.join()
    line("a 31 MiB POST of [{}, {}, …]", *result, f"server peak {max(peak):,.0f} MB, after {rss_mb(server):,.0f} MB")

    values = base_values()
    values["query.data"] = {"search": "?place=²"}
    opened = callback_payload(deps, "..source-filter.value", values, ["query.data"])
    line("?place=² (the URL callback)", *timed(address, "POST", "/_dash-update-component", json.dumps(opened).encode()))
    values = base_values()
    values["text-filter.value"] = "troops\x00"
    text = callback_payload(deps, "..claims-panel.children", values, ["text-filter.value"])
    line("a NUL byte in the text filter", *timed(address, "POST", "/_dash-update-component", json.dumps(text).encode()))

    status, csv_body = send(address, "GET", "/export/claims.csv?q=troops")
    quoted = sum(1 for row in csv_body.decode().splitlines() if ",'-" in row)
    print(f"  CSV export: {status}, {quoted:,} rows with a number written as text ('-…)")

    front_matter = "---" + "\n" * 64_000
    started = time.perf_counter()
    code = (
        "import sys, time; from geo.documents import split_front_matter; t = time.perf_counter()\n"
        "try: split_front_matter(sys.stdin.read(), 'probe')\nexcept Exception as e: print(type(e).__name__)\n"
        "print(f'{time.perf_counter() - t:.3f}')"
    )
    run = subprocess.run([sys.executable, "-c", code], input=front_matter, capture_output=True, text=True,
                         timeout=TIMEOUT_S, env=os.environ)  # fmt: skip
    out = run.stdout.split()
    print(f"  front matter '---' and 64,000 newlines: {float(out[-1]) * 1000:,.0f} ms ({' '.join(out[:-1]) or 'read'})"
          f" ({time.perf_counter() - started:.1f} s with the interpreter)")  # fmt: skip

    time.sleep(2)
    after = rss_mb(server)
    print(f"server memory after the probes: {after:,.0f} MB ({(after - warm) / warm:+.0%} on warm)")


if __name__ == "__main__":
    main()

"""Load test: simulated analysts changing filters and selecting places against ``claimsmap serve
--workers N`` (gunicorn) on loopback, for a fixed time; it stops by itself.

    python scripts/loadtest.py --database-url postgresql+psycopg://… --claims 1000000 --analysts 50 --seconds 60

``make loadtest`` starts a throwaway PostgreSQL server for it (``scripts/postgres_for_tests.sh``).
The store is built first when it holds fewer claims than asked: a generated corpus is ingested,
then copied until it is large enough (a store that is large enough is used as it is).

Each analyst is a thread with its own keep-alive connection that sends the callback requests a
browser sends (``analyst.py``), one after another, with no pause. Printed: real callbacks per
second, latency p50/p95/p99 per callback, errors, the largest response, the resident memory of
every server process through the run, each worker's CPU and the machine's load average. With
``--in-process N``, the first N callbacks of the same analysts' walk are then sent again through one
app in this process, one after another: their CPU a callback is the callbacks' own work, and the
difference from the server's is gunicorn, HTTP, its threads and workers (and, on a busy machine,
the other programs sharing the cores).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

from analyst import Analyst, Callbacks  # noqa: E402
from corpus import grow, make_corpus  # noqa: E402

from geo.settings import Settings  # noqa: E402
from geo.store import ClaimFilter, Store  # noqa: E402

TARGET_CALLBACKS_PER_S = 500  # issue 20's targets, with 50 analysts at a million claims
TARGET_P95_MS = 150
REQUEST_TIMEOUT_S = 30


def build_store(url: str, claims: int, articles: int, settings: Settings) -> Store:
    store = Store(url)
    if store.counts()["claims"] >= claims:
        return store
    from geo.ingest import ingest_in_processes

    with tempfile.TemporaryDirectory() as corpus:
        paths = make_corpus(Path(corpus), articles, 1, settings)
        started = time.perf_counter()
        report = ingest_in_processes(paths, replace(settings, database_url=url), os.cpu_count() or 1)
        print(f"ingested {report.added:,} generated articles in {time.perf_counter() - started:.0f} s")
    started = time.perf_counter()
    grown = grow(store.engine, claims)
    print(f"store grown to {grown:,} claims by copying, in {time.perf_counter() - started:.0f} s")
    store.engine.dispose()
    return Store(url)


def start_server(url: str, workers: int, settings: Settings) -> tuple[subprocess.Popen, str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "geo.cli", "--database-url", url, "--cache-dir", str(settings.cache_dir),
               "serve", "--workers", str(workers), "--port", str(port)]  # fmt: skip
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    return server, f"127.0.0.1:{port}"


def wait_until_ready(address: str, server: subprocess.Popen, workers: int) -> list[dict]:
    """The app's callbacks, once every worker has loaded its index (a request each, and more)."""
    deadline = time.monotonic() + 600
    while True:
        try:
            dependencies = json.loads(request(address, "GET", "/_dash-dependencies")[1])
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("the server did not start") from None
            time.sleep(0.5)
    started = time.perf_counter()
    with ThreadPoolExecutor(4 * workers) as pool:  # at once, so that every worker answers some
        list(pool.map(lambda _: request(address, "GET", "/_dash-layout"), range(8 * workers)))
    print(f"server up; every worker answering within {time.perf_counter() - started:.1f} s")
    return dependencies


def request(address: str, method: str, path: str, body: dict | None = None, conn=None) -> tuple[int, bytes]:
    conn = conn or http.client.HTTPConnection(address, timeout=REQUEST_TIMEOUT_S)
    payload = json.dumps(body).encode() if body is not None else None
    conn.request(method, path, body=payload, headers={"Content-Type": "application/json"})
    response = conn.getresponse()
    return response.status, response.read()


@dataclass
class Results:
    latencies_ms: dict = field(default_factory=lambda: defaultdict(list))
    errors: list = field(default_factory=list)
    interactions: int = 0  # filter changes and selections: a browser sends fewer callbacks for each than it did
    largest_bytes: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, name: str, ms: float, status: int, size: int, error: str | None) -> None:
        with self.lock:
            self.latencies_ms[name].append(ms)
            self.largest_bytes = max(self.largest_bytes, size)
            if error or status not in (200, 204):
                self.errors.append(error or f"{name}: HTTP {status}")


def run_analyst(analyst: Analyst, address: str, deadline: float, results: Results) -> None:
    conn = http.client.HTTPConnection(address, timeout=REQUEST_TIMEOUT_S)
    while time.monotonic() < deadline:
        steps = analyst.selection() if analyst.rng.random() < 0.3 else analyst.filter_change()
        with results.lock:
            results.interactions += 1
        for name, payload in steps:
            started = time.perf_counter()
            status, size, error = 0, 0, None
            try:
                status, body = request(address, "POST", "/_dash-update-component", payload, conn)
                size = len(body)
            except (OSError, http.client.HTTPException) as exc:
                error = f"{name}: {type(exc).__name__}: {exc}"
                conn.close()
                conn = http.client.HTTPConnection(address, timeout=REQUEST_TIMEOUT_S)
            results.record(name, (time.perf_counter() - started) * 1000, status, size, error)


def server_memory_mb(server: subprocess.Popen) -> dict[int, float]:
    """Resident memory of the gunicorn master and each worker."""
    found = {}
    for pid in [server.pid, *_children(server.pid)]:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        kb = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS"))
        found[pid] = kb / 1024
    return found


def server_cpu_s(server: subprocess.Popen) -> float:
    """CPU seconds the server's processes have used (user and system)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in [server.pid, *_children(server.pid)]:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
    return total


def worker_cpu_s(server: subprocess.Popen) -> dict[int, float]:
    """CPU seconds each gunicorn worker has used: how evenly the work was shared."""
    ticks = os.sysconf("SC_CLK_TCK")
    found = {}
    for pid in _children(server.pid):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        found[pid] = (int(fields[11]) + int(fields[12])) / ticks
    return found


def in_process_cpu_ms(url: str, settings: Settings, make_analysts, callbacks_wanted: int) -> dict[str, list[float]]:
    """CPU milliseconds of each of the first callbacks of the analysts' walk (their requests taken in
    turn, as the threads would send them), through one warm app in this process and no HTTP."""
    from dashboard.app import create_app

    store = Store(url)
    store.version()
    client = create_app(store, settings, warm=True).server.test_client()
    analysts = make_analysts(Callbacks.from_dependencies(client.get("/_dash-dependencies").get_json()))
    pending = [[] for _ in analysts]
    spent: dict[str, list[float]] = defaultdict(list)
    while sum(len(v) for v in spent.values()) < callbacks_wanted:
        for analyst, queue in zip(analysts, pending, strict=True):
            if not queue:
                queue.extend(analyst.selection() if analyst.rng.random() < 0.3 else analyst.filter_change())
            name, payload = queue.pop(0)
            started = time.process_time()
            client.post("/_dash-update-component", json=payload)
            spent[name].append((time.process_time() - started) * 1000)
    store.engine.dispose()
    return spent


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def report(results: Results, seconds: float, memory: list[tuple[str, dict]], cpu: dict[str, float]) -> None:
    total = sum(len(v) for v in results.latencies_ms.values())
    rate = total / seconds
    verdict = "met" if rate >= TARGET_CALLBACKS_PER_S else "MISSED"
    print(f"\n{total:,} callbacks in {seconds:.0f} s: {rate:,.0f} callbacks/s   "
          f"target ≥ {TARGET_CALLBACKS_PER_S:,}/s  {verdict}")  # fmt: skip
    print(
        f"  {results.interactions:,} interactions (filter changes, selections): "
        f"{results.interactions / seconds:,.0f}/s, {total / max(results.interactions, 1):.2f} callbacks each"
    )
    every = [ms for values in results.latencies_ms.values() for ms in values]
    if len(every) > 1:
        p95 = statistics.quantiles(every, n=100)[94]
        print(
            f"  every callback's p95 {p95:.0f} ms   target ≤ {TARGET_P95_MS} ms  "
            f"{'met' if p95 <= TARGET_P95_MS else 'MISSED'}"
        )
    for name, values in [("all", every), *sorted(results.latencies_ms.items())]:
        if len(values) > 1:
            q = statistics.quantiles(values, n=100)
            print(f"  {name:<10} {len(values):>8,} requests   p50 {q[49]:7.1f} ms   p95 {q[94]:7.1f} ms   "
                  f"p99 {q[98]:7.1f} ms   max {max(values):7.1f} ms")  # fmt: skip
    print(f"  errors: {len(results.errors)}" + (f" (first: {results.errors[0]})" if results.errors else ""))
    print(f"  largest response: {results.largest_bytes / 1024:.0f} KB")
    print(f"  CPU used per second of the run: server {cpu['server'] / seconds:.2f} cores, "
          f"these simulated analysts {cpu['client'] / seconds:.2f} cores ({os.cpu_count()} in all); "
          f"server CPU per callback {cpu['server'] / max(total, 1) * 1000:.1f} ms, "
          f"per interaction {cpu['server'] / max(results.interactions, 1) * 1000:.1f} ms")  # fmt: skip
    print("  resident memory of the server processes (MB; gunicorn's master first, then each worker):")
    for label, sizes in memory:
        print(f"    {label:<8} " + "  ".join(f"{mb:6.0f}" for _, mb in sorted(sizes.items())))
    warm, end = sum(memory[1][1].values()), sum(memory[-1][1].values())  # after the first sixth: caches filled
    print(f"  memory from {memory[1][0]} to the end: {warm:,.0f} MB -> {end:,.0f} MB ({(end - warm) / warm:+.1%})")
    shares = "  ".join(f"{s:.1f}" for s in cpu["workers"])
    print(f"  each worker's CPU in the run: {shares} s; load average before and after: "
          f"{cpu['load'][0]:.1f}, {cpu['load'][1]:.1f} ({os.cpu_count()} cores)")  # fmt: skip


def report_in_process(spent: dict[str, list[float]], server_ms: float) -> None:
    every = [ms for values in spent.values() for ms in values]
    print(f"\nthe same walk's first {len(every):,} callbacks in one process (no HTTP): "
          f"{statistics.mean(every):.1f} ms of CPU a callback against the server's {server_ms:.1f}")  # fmt: skip
    for name, values in sorted(spent.items()):
        print(f"  {name:<10} {len(values):>6,}   mean {statistics.mean(values):6.1f} ms   "
              f"p50 {statistics.median(values):6.1f} ms")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("CLAIMSMAP_DATABASE_URL"), required=False)
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--articles", type=int, default=1000, help="generated articles the store is grown from")
    parser.add_argument("--analysts", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--in-process", type=int, default=0, metavar="N",
                        help="then send the walk's first N callbacks through one app in this process")  # fmt: skip
    args = parser.parse_args()
    settings = Settings(cache_path=REPO / "data" / "cache")
    with tempfile.TemporaryDirectory() as work:
        url = args.database_url or f"sqlite:///{Path(work) / 'claims.db'}"
        store = build_store(url, args.claims, args.articles, settings)
        counts = store.counts()
        sources = [name for name, _ in store.source_names()[:30]]
        places = [r["id"] for r in store.place_summaries(ClaimFilter())]
        first, last = store.date_bounds()
        store.engine.dispose()
        print(f"store: {counts['claims']:,} claims, {counts['places']:,} places ({store.engine.dialect.name}); "
              f"{args.analysts} analysts for {args.seconds:.0f} s against {args.workers} gunicorn workers")  # fmt: skip
        server, address = start_server(url, args.workers, settings)
        try:
            callbacks = Callbacks.from_dependencies(wait_until_ready(address, server, args.workers))
            layers = [layer.name for layer in _taxonomy(settings).layers]
            memory = [("start", server_memory_mb(server))]
            results = Results()
            deadline = time.monotonic() + args.seconds

            def make_analysts(callbacks: Callbacks) -> list[Analyst]:
                return [Analyst(callbacks, sources, layers, places, first or date(2024, 1, 1), last or date.today(),
                                random.Random(n)) for n in range(args.analysts)]  # fmt: skip

            analysts = make_analysts(callbacks)
            threads = [threading.Thread(target=run_analyst, args=(a, address, deadline, results), daemon=True)
                       for a in analysts]  # fmt: skip
            started = time.monotonic()
            cpu_before = server_cpu_s(server), time.process_time(), worker_cpu_s(server), os.getloadavg()[0]
            for thread in threads:
                thread.start()
            for step in range(1, 6):  # memory every sixth of the run
                time.sleep(max(started + args.seconds * step / 6 - time.monotonic(), 0))
                memory.append((f"{args.seconds * step / 6:.0f} s", server_memory_mb(server)))
            for thread in threads:
                thread.join(timeout=max(deadline - time.monotonic(), 0) + REQUEST_TIMEOUT_S)
            elapsed = time.monotonic() - started
            memory.append(("end", server_memory_mb(server)))
            cpu = {"server": server_cpu_s(server) - cpu_before[0], "client": time.process_time() - cpu_before[1],
                   "workers": [s - cpu_before[2].get(pid, 0) for pid, s in sorted(worker_cpu_s(server).items())],
                   "load": (cpu_before[3], os.getloadavg()[0])}  # fmt: skip
            report(results, elapsed, memory, cpu)
        finally:
            os.killpg(server.pid, 15)
            server.wait(timeout=30)
        if args.in_process:
            total = sum(len(v) for v in results.latencies_ms.values())
            spent = in_process_cpu_ms(url, settings, make_analysts, args.in_process)
            report_in_process(spent, cpu["server"] / max(total, 1) * 1000)


def _taxonomy(settings: Settings):
    from geo.layers import load_taxonomy

    return load_taxonomy(settings.taxonomy_path)


if __name__ == "__main__":
    main()

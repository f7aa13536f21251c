"""Benchmarks with figures beside their targets: ``make bench`` (``BENCH_ARTICLES``, ``BENCH_CLAIMS``).

    python scripts/bench.py --articles 1000 --claims 1000000
    python scripts/bench.py --store sqlite:///data/claims.db   # the dashboard's figures alone, on a store
    python scripts/bench.py --store sqlite:///data/claims.db --server-cpu   # the server's, in CPU time

1. the gazetteer: cold build and warm load, time and resident memory (each in a fresh process);
2. extraction on a generated corpus: one process and every core, articles and claims per second,
   geoparsing alone, and the two peer geoparsers on the same texts beside their accuracy;
3. ingest into SQLite, one process per core: articles per second, size on disk;
4. the dashboard at about 10k claims (the first articles ingested), at the ingested size, at 100k
   claims and at ``--claims`` (the store grown by copying what was ingested): the server time of
   the real callbacks per interaction, p50 and p95, the largest response; then (except at 10k) in
   headless Chromium against gunicorn, the first map draw, the time from a filter change to the
   updated panel and to the redrawn map, and from a click on a place to its claims;
5. at the same sizes, what linking a new document into stories adds to its ingest (CPU time).
"""

from __future__ import annotations

import argparse
import logging
import multiprocessing
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

from corpus import grow, make_corpus  # noqa: E402

from geo.documents import read_document  # noqa: E402
from geo.progress import Stage  # noqa: E402
from geo.settings import Settings  # noqa: E402

TARGETS = {
    "geoparse_per_core": 1000.0,
    "extract_per_core": 200.0,
    "gazetteer_mb": 400.0,
    "gazetteer_warm_s": 2.0,
    "interaction_p95_ms": 25.0,
    "response_mb": 2.0,
    "linking_share_pct": 10.0,
}


def line(label: str, value: str, target: str = "", met: bool | None = None) -> None:
    verdict = "" if met is None else ("  met" if met else "  MISSED")
    print(f"  {label:<44} {value:>16}   {target}{verdict}")


def gazetteer_figures(settings: Settings) -> None:
    print("Gazetteer")
    probe = (
        "import resource, time, sys; from pathlib import Path; from geo.gazetteer import load_gazetteer; "
        "t = time.perf_counter(); g = load_gazetteer(Path(sys.argv[1]), Path(sys.argv[2]), 500); "
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, len(g.entries))"
    )
    with tempfile.TemporaryDirectory() as cold_cache:
        for label, cache in (("cold build", cold_cache), ("warm load", cold_cache)):
            with Stage(f"  gazetteer {label}", delay_s=2):
                out = subprocess.run([sys.executable, "-c", probe, str(settings.boundaries_dir), cache],
                                     capture_output=True, text=True, cwd=REPO, check=True).stdout.split()  # fmt: skip
            seconds, rss, entries = float(out[0]), float(out[1]), int(out[2])
            if label == "warm load":
                line("warm load", f"{seconds:.2f} s", f"target ≤ {TARGETS['gazetteer_warm_s']} s",
                     seconds <= TARGETS["gazetteer_warm_s"])  # fmt: skip
                line("resident memory after a warm load", f"{rss:.0f} MB", f"target ≤ {TARGETS['gazetteer_mb']:.0f} MB",
                     rss <= TARGETS["gazetteer_mb"])  # fmt: skip
            else:
                line(f"cold build ({entries:,} places)", f"{seconds:.1f} s")


_worker_pipeline = None


def _init_worker(settings: Settings) -> None:
    global _worker_pipeline
    from geo.pipeline import Pipeline

    _worker_pipeline = Pipeline.from_settings(settings)


def _extract(path: str) -> int:
    return len(_worker_pipeline.extract(read_document(Path(path))).claims)


def extraction_figures(settings: Settings, paths: list[Path]) -> None:
    from geo.geoparsers import flashgeotext_predictor, geotext_predictor
    from geo.pipeline import Pipeline

    print(f"Extraction on {len(paths):,} generated articles "
          f"({sum(p.stat().st_size for p in paths) / len(paths) / 1024:.1f} KB each on average)")  # fmt: skip
    pipeline = Pipeline.from_settings(settings)
    documents = [read_document(p) for p in paths]
    pipeline.extract(documents[0])  # boundaries and caches load once, not per article
    claims = 0
    # One-process figures in CPU time (the machine may be shared); the pool of processes below in wall time.
    with _progress(len(documents), "full extraction, one process") as progress:
        started = time.process_time()
        for done, document in enumerate(documents, 1):
            claims += len(pipeline.extract(document).claims)
            progress.update(done)
        one = time.process_time() - started
    per_second = len(documents) / one
    line("full extraction, one process", f"{per_second:,.0f} art/s", f"target ≥ {TARGETS['extract_per_core']:.0f}/core",
         per_second >= TARGETS["extract_per_core"])  # fmt: skip
    line("claims per second, one process", f"{claims / one:,.0f} /s")
    with _progress(len(documents), "geoparsing alone, one process") as progress:
        started = time.process_time()
        for done, document in enumerate(documents, 1):
            pipeline.places(document.text)
            progress.update(done)
        geoparse = len(documents) / (time.process_time() - started)
    line("geoparsing alone, one process", f"{geoparse:,.0f} art/s", f"target ≥ {TARGETS['geoparse_per_core']:.0f}/core",
         geoparse >= TARGETS["geoparse_per_core"])  # fmt: skip
    cores = os.cpu_count() or 1
    with multiprocessing.Pool(cores, initializer=_init_worker, initargs=(settings,)) as pool:
        pool.map(_extract, [str(paths[0])] * cores)  # every worker loads its pipeline first
        with _progress(len(paths), f"full extraction, {cores} processes") as progress:
            started = time.perf_counter()
            for done, _ in enumerate(pool.imap_unordered(_extract, [str(p) for p in paths], chunksize=8), 1):
                progress.update(done)
            every = time.perf_counter() - started
    line(f"full extraction, {cores} processes", f"{len(paths) / every:,.0f} art/s")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    line("peak memory of the extracting process", f"{peak:.0f} MB")
    texts = [d.text for d in documents]
    for name, make in (("geotext", geotext_predictor), ("flashgeotext", flashgeotext_predictor)):
        predict = make(pipeline.gazetteer, pipeline.boundaries)
        started = time.process_time()
        for text in texts:
            predict(text)
        theirs = len(texts) / (time.process_time() - started)
        line(f"{name} on the same articles", f"{theirs:,.0f} art/s", f"ours/theirs = {geoparse / theirs:.2f}")
    print("  accuracy on tests/data/geoparse_gold.jsonl (from claimsmap eval):")
    from geo.evaluation import evaluate, load_gold
    from geo.geoparsers import pipeline_predictor

    gold = load_gold(REPO / "tests" / "data" / "geoparse_gold.jsonl")
    for name, predict in (
        ("claimsmap", pipeline_predictor(pipeline)),
        ("geotext", geotext_predictor(pipeline.gazetteer, pipeline.boundaries)),
        ("flashgeotext", flashgeotext_predictor(pipeline.gazetteer, pipeline.boundaries)),
    ):
        scores = evaluate(name, gold, predict)
        p, r, f = scores.overlap
        line(f"{name}: overlap P / R / F1, acc@161", f"{p:.2f} / {r:.2f} / {f:.2f}, {scores.accuracy:.2f}")


def ingest_figures(settings: Settings, paths: list[Path], store_dir: Path, early: int = 0):
    """Ingest on every core; with ``early``, the dashboard's figures at about that many claims on the
    way (the first articles ingested, then the rest), the ingest figures over both parts."""
    from geo.ingest import ingest_in_processes
    from geo.store import Store

    cores = os.cpu_count() or 1
    print(f"Ingest into SQLite (claimsmap ingest --processes {cores})")
    store_settings = replace(settings, database_url=f"sqlite:///{store_dir / 'claims.db'}")
    claims_per_article = 66  # what the generator's articles hold, about: the first part's size
    first = paths[: max(1, min(len(paths) - 1, early // claims_per_article))] if early else []
    added, seconds = 0, 0.0
    for part in (first, paths[len(first) :]):
        with _progress(len(part), f"ingest, {cores} processes") as progress:
            started = time.perf_counter()
            report = ingest_in_processes(part, store_settings, cores, progress=lambda r: progress.update(r.done))
            seconds += time.perf_counter() - started
        added += report.added
        if part is first and first:
            store = Store(store_settings.store_url)
            print()
            interaction_figures(store, f"at {store.counts()['claims']:,} claims (the first {len(first)} articles)")
            store.engine.dispose()
            print()
    store = Store(store_settings.store_url)
    size = sum(f.stat().st_size for f in store_dir.glob("claims.db*")) / 1024 / 1024
    counts = store.counts()
    line(f"articles per second (extraction included, {added:,} articles)", f"{added / seconds:,.1f} art/s")
    line(f"store: {counts['claims']:,} claims, {counts['places']:,} places", f"{size:.1f} MB")
    return store


def distributed_figures(settings: Settings, paths: list[Path], work: Path) -> None:
    """Ingest through Dask distributed (``claimsmap worker``, one scheduler here) at 1 worker and at
    every core, each into a fresh SQLite store, timed once the workers have loaded their pipelines."""
    try:
        from distributed import Client

        from geo.distributed import ingest_distributed
    except ImportError:
        print("Ingest through Dask distributed: skipped, the 'distributed' extra is not installed")
        return
    import socket

    cores = os.cpu_count() or 1
    print(f"Ingest into SQLite through Dask distributed (claimsmap worker, {len(paths):,} articles)")
    rates = {}
    for workers in sorted({1, cores}):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        address = f"tcp://127.0.0.1:{port}"
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "start_new_session": True}
        scheduler = subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
                                      "--port", str(port), "--no-dashboard"], **quiet)  # fmt: skip
        worker = subprocess.Popen([sys.executable, "-m", "geo.cli", "--cache-dir", str(settings.cache_dir), "worker",
                                   address, "--nworkers", str(workers)], cwd=REPO, **quiet)  # fmt: skip
        try:
            with Client(address, timeout="60s") as client:
                client.wait_for_workers(workers, timeout=600)
                store_dir = work / f"distributed-{workers}"
                store_dir.mkdir()
                own = replace(settings, database_url=f"sqlite:///{store_dir / 'claims.db'}")
                cpu = sum(client.run(time.process_time).values())
                started = time.perf_counter()
                with _progress(len(paths), f"{workers} worker(s)") as progress:
                    report = ingest_distributed(paths, own, address, progress=lambda r: progress.update(r.done))
                rates[workers] = report.added / (time.perf_counter() - started)
                cpu = sum(client.run(time.process_time).values()) - cpu
        finally:
            for process in (worker, scheduler):
                os.killpg(process.pid, 15)
                process.wait(timeout=60)
        line(f"{workers} worker process(es), articles per second", f"{rates[workers]:,.1f} art/s")
        line("  the workers' CPU time per article", f"{cpu / max(1, report.added) * 1000:,.0f} ms")
    print(f"  (load average while measured: {os.getloadavg()[0]:.1f} on {cores} cores)")
    if cores > 1:
        ratio = rates[cores] / rates[1]
        met = ratio >= 1.7 if cores == 2 else None
        line(f"{cores} workers / 1 worker", f"{ratio:.2f}x", "target ≥ 1.7x with 2", met)


def _progress(total: int, label: str):
    """A bar on a terminal, plain lines in a log (standard error; the figures go to standard output)."""
    from geo.progress import Progress

    return Progress(total, f"  {label}", stream=sys.stderr)


def fresh_store(store):
    """The store opened again, as a new server process would, with the time its index takes to load."""
    from geo.store import Store

    url = store.engine.url.render_as_string(hide_password=False)
    store.engine.dispose()
    store = Store(url)
    started = time.perf_counter()
    store.index.fresh()
    line("index load in a new server process", f"{time.perf_counter() - started:.1f} s")
    return store


def interaction_figures(store, label: str, seed: int = 1, clock=time.perf_counter) -> None:
    """Server time of the real callbacks, with the payloads a browser sends (``analyst.py``), through
    the app's whole WSGI stack in this process: what each costs the server, JSON included, the
    network left out. An interaction's time is the chain the browser waits for: the panel, then the
    slower of the timeline and the map (sent at once; a selection asks for the panel alone). The same views come
    round again, as analysts' views do, and are answered from the answer cache. ``clock``: the clock
    timed by (``time.process_time``: the server's CPU time, on a machine others share)."""
    import random

    from analyst import Analyst, Callbacks

    from dashboard.app import create_app
    from geo.layers import load_taxonomy
    from geo.store import ClaimFilter

    app = create_app(store, Settings(cache_path=REPO / "data" / "cache"))
    client = app.server.test_client()
    client.get("/")  # the page first, as a browser opens it
    callbacks = Callbacks.from_dependencies(client.get("/_dash-dependencies").get_json())
    first, last = store.date_bounds()
    places = [r["id"] for r in store.place_summaries(ClaimFilter())]
    analyst = Analyst(callbacks, [name for name, _ in store.source_names()[:20]],
                      [layer.name for layer in load_taxonomy(Settings().taxonomy_path).layers],
                      places, first, last, random.Random(seed))  # fmt: skip
    interactions = {
        "filter change (source, certainty, layer)": lambda: analyst.filter_change(
            analyst.rng.choice(("source", "certainty", "layer"))
        ),
        "date range": lambda: analyst.filter_change("dates"),
        "text search": lambda: analyst.filter_change("text"),
        "corroboration (sources at least N, contested)": lambda: analyst.filter_change(
            analyst.rng.choice(("corroboration", "contested"))
        ),
        "map size (claims, corroborated claims)": lambda: analyst.filter_change("size"),
        "selection (click a place)": analyst.selection,
    }
    times = {name: [] for name in interactions}
    per_callback: dict[str, list[float]] = {}
    largest = 0
    for _ in range(40):
        for name, interaction in interactions.items():
            took = {}
            for callback, payload in interaction():
                started = clock()
                response = client.post("/_dash-update-component", json=payload)
                took[callback] = (clock() - started) * 1000
                if response.status_code not in (200, 204):
                    raise RuntimeError(f"{callback} answered {response.status_code}: {response.data[:200]!r}")
                largest = max(largest, len(response.data))
                per_callback.setdefault(callback, []).append(took[callback])
            times[name].append(took["panel"] + max(took.get("timeline", 0), took.get("map", 0)))
    kind = "CPU time" if clock is time.process_time else "time"
    print(f"Dashboard server {kind} per interaction, {label} (the real callbacks, 40 of each)")
    for name, values in times.items():
        p50, p95 = statistics.median(values), statistics.quantiles(values, n=20)[-1]
        line(name, f"p50 {p50:.1f} / p95 {p95:.1f} ms", f"target p95 ≤ {TARGETS['interaction_p95_ms']:.0f} ms",
             p95 <= TARGETS["interaction_p95_ms"])  # fmt: skip
    for callback, values in per_callback.items():
        line(f"  callback '{callback}'", f"p50 {statistics.median(values):.1f} / p95 "
             f"{statistics.quantiles(values, n=20)[-1]:.1f} ms")  # fmt: skip
    shapes = client.get(app.get_relative_path("/map/areas.geojson"))
    line("largest callback response", f"{largest / 1024:.0f} KB", f"target ≤ {TARGETS['response_mb']} MB",
         largest / 1024 / 1024 <= TARGETS["response_mb"])  # fmt: skip
    size = len(shapes.data) / 1024
    line("area shapes, fetched once per set of them", f"{size:.0f} KB", f"target ≤ {TARGETS['response_mb']} MB",
         size / 1024 <= TARGETS["response_mb"])  # fmt: skip


def linking_figures(store, label: str, probes: tuple[list, float]) -> None:
    """What linking a new document into stories adds to its ingest at this store size (CPU time;
    scripts/bench_linking.py has the details): new articles stored, then removed again."""
    from bench_linking import linking_share, probe_figures

    extractions, extract_ms = probes
    figures = probe_figures(store, extractions, warm=5)
    share = linking_share(figures, extract_ms)
    print(f"Linking claims into stories, {label} ({len(extractions) - 5} new articles, CPU time)")
    line("linking a document (mean)", f"{figures['link_mean']:.1f} ms")
    target = TARGETS["linking_share_pct"]
    line("share of ingest (extraction and write)", f"{share:.0f}%", f"target ≤ {target:.0f}% at 1M claims",
         share <= target)  # fmt: skip


def probe_articles(settings: Settings, work: Path, seed: int) -> tuple[list, float]:
    """New articles (another seed) extracted, with the mean CPU time of an extraction (ms)."""
    from bench_linking import extract_timed

    from geo.pipeline import Pipeline

    extractions, extract_ms, _ = extract_timed(
        Pipeline.from_settings(settings), make_corpus(work / "probe", 35, seed + 1, settings)
    )
    return extractions, extract_ms


# A map is drawn when MapLibre has every source loaded and no frame to draw still (none asked for,
# its labels placed): what the last frame showed is the whole map.
SETTLED_JS = """
const settled = (m) => m.loaded() && !m._frameRequest && !m._placementDirty;
"""

FIRST_DRAW_JS = (
    SETTLED_JS
    + """
const done = arguments[arguments.length - 1];
(function poll() {
  const gd = document.querySelector('#claims-map .js-plotly-plot');
  const m = gd && gd._fullLayout && gd._fullLayout.map && gd._fullLayout.map._subplot.map;
  if (m && settled(m) && gd.querySelectorAll('.legendtext').length) done(performance.now());
  else requestAnimationFrame(poll);
})();
"""
)

# Toggle one certainty box, then time until the panel shows new content and the map has redrawn (Plotly
# done, MapLibre settled), and when the map's answer arrived (what follows it is the drawing: the
# page's fetch is watched for it).
TOGGLE_JS = (
    SETTLED_JS
    + """
const [index, done] = [arguments[0], arguments[arguments.length - 1]];
const gd = document.querySelector('#claims-map .js-plotly-plot');
const panel = document.getElementById('claims-panel');
const times = {};
if (!window.__mapAnswered) {
  const send = window.fetch;
  window.fetch = function (url, options) {
    const forMap = String(options && options.body).includes('"output":"..claims-map.figure');
    return send.apply(this, arguments).then((r) => { if (forMap) window.__mapAnswered = performance.now(); return r; });
  };
  window.__mapAnswered = -1;
}
const finish = () => {
  if (times.map === undefined || times.panel === undefined) return;
  times.answer = window.__mapAnswered - t0;
  done(times);
};
const observer = new MutationObserver(() => {
  if (times.panel === undefined) { times.panel = performance.now() - t0; observer.disconnect(); finish(); }
});
const drawn = () => {
  const m = gd._fullLayout.map._subplot.map;
  if (settled(m)) { times.map = performance.now() - t0; finish(); } else requestAnimationFrame(drawn);
};
const onPlot = () => { gd.removeListener('plotly_afterplot', onPlot); drawn(); };
gd.on('plotly_afterplot', onPlot);
observer.observe(panel, {childList: true, subtree: true, characterData: true});
const t0 = performance.now();
document.querySelectorAll('#certainty-filter input')[index].click();
setTimeout(() => done(times), 20000);
"""
)


# Where a single place's marker is on screen (pixels from the map's centre), and a watch on the
# panel's summary that notes when a pointer went down and when the summary changed after it.
MARKER_JS = """
const index = arguments[0];
const gd = document.querySelector('#claims-map .js-plotly-plot');
const map = gd._fullLayout.map._subplot.map;
const markers = gd.data.filter(t => t.type === 'scattermap' && t.customdata && t.legendgroup !== 'chosen');
const points = markers.flatMap(t => t.lat.map((lat, i) => [lat, t.lon[i], t.customdata[i]]))
  .filter(([lat, lon, data]) => lat !== null && data && data[0] !== 'group');  // a place alone, not a group
const canvas = map.getCanvas().getBoundingClientRect();
const inside = points.map(([lat, lon]) => map.project([lon, lat]))
  .filter(p => p.x > 40 && p.y > 40 && p.x < canvas.width - 40 && p.y < canvas.height - 40);
if (!inside.length) return null;
const p = inside[index % inside.length];
const box = gd.getBoundingClientRect();
const summary = document.getElementById('view-summary');
window.__clicked = {before: summary.textContent};
document.addEventListener('pointerdown', () => { window.__clicked.down = performance.now(); },
                          {capture: true, once: true});
new MutationObserver((_, observer) => {
  if (window.__clicked.down !== undefined && summary.textContent !== window.__clicked.before) {
    window.__clicked.shown = performance.now(); observer.disconnect();
  }
}).observe(summary, {childList: true, subtree: true, characterData: true});
return [canvas.left + p.x - (box.left + box.width / 2), canvas.top + p.y - (box.top + box.height / 2)];
"""


def _click_to_panel(driver, index: int) -> float | None:
    """Click a marker as a user would and time from the pointer going down to the panel's summary."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    offset = driver.execute_script(MARKER_JS, index)
    if offset is None:
        return None
    graph = driver.find_element(By.CSS_SELECTOR, "#claims-map .js-plotly-plot")
    ActionChains(driver).move_to_element_with_offset(graph, int(offset[0]), int(offset[1])).pause(0.3).click().perform()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        clicked = driver.execute_script("return window.__clicked")
        if clicked.get("shown") is not None:
            return clicked["shown"] - clicked["down"]
        time.sleep(0.02)
    return None


def browser_figures(store, label: str) -> None:
    """Headless Chromium against gunicorn on the same store: first map draw, then input to the
    updated panel and to the redrawn map, over certainty boxes ticked off and on again."""
    print(f"Dashboard in headless Chromium, {label}")
    if not (shutil.which("chromium") and shutil.which("chromedriver")):
        print("  skipped: Chromium and chromedriver are not installed (make browser)")
        return
    from loadtest import start_server, wait_until_ready

    url = store.engine.url.render_as_string(hide_password=False)
    server, address = start_server(url, 2, Settings(cache_path=REPO / "data" / "cache"))
    driver = None
    try:
        wait_until_ready(address, server, 2)
        driver = _chromium()
        driver.set_script_timeout(60)
        first = _first_draw(driver, address)
        if first is None:
            line("first map draw (navigation to drawn map)", "not in 60 s", "target ≤ 2 s", False)
            return
        line("first map draw (navigation to drawn map)", f"{first:.2f} s", "target ≤ 2 s", first <= 2)
        panel, redraw, drawing = [], [], []
        for index in [i for i in range(5) for _ in (0, 1)] * 2:
            times = driver.execute_async_script(TOGGLE_JS, index)
            panel.append(times.get("panel", 20000))
            redraw.append(times.get("map", 20000))
            if 0 <= times.get("answer", -1) <= times.get("map", -1):
                drawing.append(times["map"] - times["answer"])
        clicks = [_click_to_panel(driver, index * 7) for index in range(20)]
        selected = [c for c in clicks if c is not None] or [20000.0]  # a click on a place already shown: none
        for name, values, target in (("input to updated panel", panel, 50), ("input to redrawn map", redraw, 500),
                                     ("click on a place to its claims in the panel", selected, 50)):  # fmt: skip
            p50, p95 = statistics.median(values), statistics.quantiles(values, n=20)[-1]
            line(name, f"p50 {p50:.0f} / p95 {p95:.0f} ms", f"target p95 ≤ {target} ms", p95 <= target)
            if name == "input to redrawn map" and len(drawing) > 1:  # Plotly and MapLibre, WebGL in software here
                line("  of which drawing (the map's answer to drawn)", f"p50 {statistics.median(drawing):.0f} / "
                     f"p95 {statistics.quantiles(drawing, n=20)[-1]:.0f} ms")  # fmt: skip
    finally:
        if driver:
            driver.quit()
        os.killpg(server.pid, 15)
        server.wait(timeout=30)


def _first_draw(driver, address: str) -> float | None:
    """Seconds from navigation to a drawn map, or None (and a screenshot to look at) when it never is."""
    from selenium.common.exceptions import TimeoutException

    driver.get(f"http://{address}/")
    try:
        return driver.execute_async_script(FIRST_DRAW_JS) / 1000
    except TimeoutException:
        (REPO / "test-artifacts").mkdir(exist_ok=True)
        driver.save_screenshot(str(REPO / "test-artifacts" / "bench-first-draw-timeout.png"))
        return None


def _chromium():
    sys.path.insert(0, str(REPO / "tests" / "browser"))
    from conftest import CHROME_FLAGS
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for flag in CHROME_FLAGS:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    driver.set_window_size(1280, 720)
    return driver


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=int(os.environ.get("BENCH_ARTICLES", 1000)))
    parser.add_argument("--claims", type=int, default=int(os.environ.get("BENCH_CLAIMS", 1_000_000)))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--store", help="a store's URL: only the dashboard's figures (server, Chromium) on it")
    parser.add_argument(
        "--server-cpu",
        action="store_true",
        help="with --store: the server's figures alone, in CPU time (on a machine others share)",
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)  # the figures, not the warnings of generated text
    settings = Settings(cache_path=REPO / "data" / "cache")
    print(f"claimsmap benchmarks: {os.cpu_count()} cores, Python {sys.version.split()[0]}\n")
    if args.store:
        from geo.store import Store

        store = Store(args.store)
        if args.server_cpu:
            interaction_figures(store, f"at {store.counts()['claims']:,} claims", clock=time.process_time)
            return
        interaction_figures(store, f"at {store.counts()['claims']:,} claims")
        print()
        browser_figures(store, f"at {store.counts()['claims']:,} claims")
        return
    gazetteer_figures(settings)
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        paths = make_corpus(work / "corpus", args.articles, args.seed, settings)
        print()
        extraction_figures(settings, paths)
        print()
        store = ingest_figures(settings, paths, work, early=10_000)
        print()
        distributed_figures(settings, paths, work)
        print()
        interaction_figures(store, f"at {store.counts()['claims']:,} claims")
        print()
        probes = probe_articles(settings, work, args.seed)
        linking_figures(store, f"at {store.counts()['claims']:,} claims", probes)
        print()
        browser_figures(store, f"at {store.counts()['claims']:,} claims")
        for size in sorted({min(100_000, args.claims), args.claims}):
            if size <= store.counts()["claims"]:
                continue
            print()
            started = time.perf_counter()
            grown = grow(store.engine, size)
            print(f"  (store grown to {grown:,} claims by copying, in {time.perf_counter() - started:.0f} s)")
            store = fresh_store(store)
            interaction_figures(store, f"at {grown:,} claims")
            print()
            linking_figures(store, f"at {grown:,} claims", probes)
            print()
            browser_figures(store, f"at {grown:,} claims")


if __name__ == "__main__":
    main()

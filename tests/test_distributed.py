"""Ingest through Dask distributed with a real scheduler and two worker hosts (``claimsmap worker``
processes) on this machine, into PostgreSQL when ``CLAIMSMAP_TEST_POSTGRES_URL`` is set (SQLite
otherwise): every document stored once and whole, also when one host is killed mid-batch."""

import os
import random
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("distributed")

from geo.documents import document_files, read_document  # noqa: E402

DOCUMENTS = 32
POSTGRES_URL = os.environ.get("CLAIMSMAP_TEST_POSTGRES_URL")


@pytest.fixture
def shared_store(request):
    """The store every worker writes to: PostgreSQL as across hosts when there is one."""
    return request.getfixturevalue("postgresql_store" if POSTGRES_URL else "sqlite_store")


@pytest.fixture(scope="module")
def batch(tmp_path_factory, seed_text):
    folder = tmp_path_factory.mktemp("distributed")
    paragraphs = [p for p in seed_text.split("\n\n") if p.strip()]
    shuffler = random.Random(16)
    for i in range(DOCUMENTS):
        body = paragraphs[:]
        shuffler.shuffle(body)
        (folder / f"{i:03}.txt").write_text(f"Bulletin {i} from the front.\n\n" + "\n\n".join(body), "utf-8")
    return folder


@pytest.fixture(scope="module")
def expected(batch, pipeline):
    return {d.doc_id: len(pipeline.extract(d).claims) for d in map(read_document, document_files([batch]))}


@pytest.fixture
def scheduler(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port", str(port),
               "--no-dashboard"]  # fmt: skip
    log = open(tmp_path / "scheduler.log", "wb")  # noqa: SIM115
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    address = f"tcp://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.2)
    yield address
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)
    log.close()


class Hosts:
    """``claimsmap worker`` processes, each in its own process group (a host that can be killed)."""

    def __init__(self, scheduler: str, settings, tmp_path: Path) -> None:
        self.scheduler, self.settings, self.tmp_path, self.running = scheduler, settings, tmp_path, []

    def start(self, name: str) -> subprocess.Popen:
        command = [sys.executable, "-m", "geo.cli", "--cache-dir", str(self.settings.cache_dir), "worker",
                   self.scheduler, "--name", name]  # fmt: skip
        log = open(self.tmp_path / f"{name}.log", "wb")  # noqa: SIM115
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self.running.append((process, log))
        return process

    def kill(self, process: subprocess.Popen) -> None:
        os.killpg(process.pid, signal.SIGKILL)  # the host's nanny and its worker process at once
        process.wait(timeout=30)

    def stop_all(self) -> None:
        for process, log in self.running:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()
            log.close()


@pytest.fixture
def hosts(scheduler, settings, tmp_path):
    started = Hosts(scheduler, settings, tmp_path)
    yield started
    started.stop_all()


def wait_for_workers(scheduler: str, count: int, timeout: float = 300) -> None:
    from distributed import Client

    with Client(scheduler, timeout="30s") as client:
        client.wait_for_workers(count, timeout=timeout)


def ingest(scheduler: str, store_url: str, batch: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "geo.cli", "--database-url", store_url, "ingest", "--scheduler", scheduler,
               str(batch)]  # fmt: skip
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def stored(store) -> tuple[dict[str, int], int, int]:
    with store.engine.connect() as conn:
        claims = dict(conn.exec_driver_sql("SELECT document_id, count(*) FROM claims GROUP BY document_id").all())
        documents = conn.exec_driver_sql("SELECT count(*) FROM documents").scalar()
        duplicate_places = conn.exec_driver_sql("SELECT count(*) - count(DISTINCT key) FROM places").scalar()
    return claims, documents, duplicate_places


def test_two_worker_hosts_store_each_document_once(scheduler, hosts, shared_store, batch, expected):
    hosts.start("a"), hosts.start("b")
    wait_for_workers(scheduler, 2)
    url = shared_store.engine.url.render_as_string(hide_password=False)
    first = ingest(scheduler, url, batch)
    out, err = first.communicate(timeout=600)
    assert first.returncode == 0, err.decode()[-3000:]
    assert out.decode().strip() == f"{DOCUMENTS} added, 0 already stored, 0 failed"
    assert re.search(rf"ingest: {DOCUMENTS}/{DOCUMENTS} files, .* articles/s, done, 0 failed", err.decode())
    assert stored(shared_store) == (expected, DOCUMENTS, 0)

    again = ingest(scheduler, url, batch)  # the same batch twice: nothing more stored
    out, err = again.communicate(timeout=600)
    assert again.returncode == 0, err.decode()[-3000:]
    assert out.decode().strip() == f"0 added, {DOCUMENTS} already stored, 0 failed"
    assert stored(shared_store) == (expected, DOCUMENTS, 0)


def test_a_worker_host_killed_mid_batch_loses_nothing(scheduler, hosts, shared_store, batch, expected, tmp_path):
    doomed = hosts.start("doomed")
    hosts.start("survivor")
    wait_for_workers(scheduler, 2)
    url = shared_store.engine.url.render_as_string(hide_password=False)
    running = ingest(scheduler, url, batch)
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline and running.poll() is None:  # kill once both have stored a few
        documents = stored(shared_store)[1]
        if documents >= 4:
            break
        time.sleep(0.1)
    assert documents < DOCUMENTS - 8, "the batch ended before the kill: make it longer"
    hosts.kill(doomed)
    out, err = running.communicate(timeout=600)
    assert running.returncode == 0, err.decode()[-3000:]
    assert stored(shared_store) == (expected, DOCUMENTS, 0)  # every document once, whole
    added, skipped = map(int, re.search(r"(\d+) added, (\d+) already stored, 0 failed", out.decode()).groups())
    assert added + skipped == DOCUMENTS  # a batch run again after the kill skips what was stored
    print(f"\nkilled a host with {documents} of {DOCUMENTS} documents stored; then {added} added, {skipped} skipped")

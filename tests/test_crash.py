"""Crash safety: an ingest killed with SIGKILL at random moments leaves every document whole or
absent, the dashboard's reads go on meanwhile, and the next run finishes the batch."""

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from geo.documents import document_files, read_document
from geo.store import ClaimFilter, Store

KILLS = 20
DOCUMENTS = 24


@pytest.fixture(scope="module")
def batch(tmp_path_factory, seed_text):
    """Different documents made from the seed's paragraphs, each with its own opening line."""
    folder = tmp_path_factory.mktemp("batch")
    paragraphs = [p for p in seed_text.split("\n\n") if p.strip()]
    shuffler = random.Random(7)
    for i in range(DOCUMENTS):
        body = paragraphs[:]
        shuffler.shuffle(body)
        (folder / f"{i:03}.txt").write_text(f"Report number {i} from the wire.\n\n" + "\n\n".join(body), "utf-8")
    return folder


@pytest.fixture(scope="module")
def expected(batch, pipeline):
    """Claims per document when it is stored whole."""
    return {d.doc_id: len(pipeline.extract(d).claims) for d in map(read_document, document_files([batch]))}


def ingest(batch: Path, data_dir: Path, cache_dir: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "geo.cli", "--data-dir", str(data_dir), "--cache-dir", str(cache_dir),
               "ingest", str(batch)]  # fmt: skip
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def assert_whole_or_absent(store: Store, expected: dict[str, int]) -> int:
    with store.engine.connect() as conn:
        stored = dict(conn.exec_driver_sql("SELECT document_id, count(*) FROM claims GROUP BY document_id").all())
        documents = {row[0] for row in conn.exec_driver_sql("SELECT id FROM documents")}
        orphans = conn.exec_driver_sql(
            "SELECT count(*) FROM claim_places WHERE claim_id NOT IN (SELECT id FROM claims)"
        ).scalar()
    assert set(stored) <= documents and orphans == 0
    for doc_id in documents:
        assert stored.get(doc_id, 0) == expected[doc_id], f"document {doc_id} stored in part"
    return len(documents)


def test_sigkill_at_random_moments_loses_nothing(batch, expected, settings, tmp_path):
    chooser = random.Random(2024)
    started = time.monotonic()
    first = ingest(batch, tmp_path / "timing", settings.cache_dir)
    assert first.wait(timeout=300) == 0, first.stderr.read().decode()
    whole_run = time.monotonic() - started  # kill times spread over start-up and the whole batch
    longest = 2 * whole_run

    data_dir, kills, rounds, seen = tmp_path / "data", 0, 0, []
    store = Store(f"sqlite:///{data_dir / 'claims.db'}")
    while kills < KILLS:
        rounds += 1
        process = ingest(batch, data_dir, settings.cache_dir)
        deadline = time.monotonic() + chooser.uniform(0.2, whole_run)
        while time.monotonic() < deadline and process.poll() is None:
            store.place_summaries(ClaimFilter())  # the dashboard's reads go on during the ingest
            time.sleep(0.05)
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
            kills += 1
        process.wait()
        seen.append(assert_whole_or_absent(store, expected))
        if seen[-1] == 0:
            # A busy machine starts slower than the timed run did: reach further into the batch, but
            # not so far that most runs end before their kill.
            whole_run = min(whole_run * 1.25, longest)
        if seen[-1] == DOCUMENTS:  # the batch finished before the kill: start it again from nothing
            store.engine.dispose()
            for path in data_dir.glob("claims.db*"):
                path.unlink()
            store = Store(f"sqlite:///{data_dir / 'claims.db'}")
    finished = ingest(batch, data_dir, settings.cache_dir)
    assert finished.wait(timeout=300) == 0, finished.stderr.read().decode()
    assert assert_whole_or_absent(store, expected) == DOCUMENTS
    print(f"\n{kills} kills in {rounds} runs of {whole_run:.1f} s; documents stored after each run: {seen}")
    assert any(0 < n < DOCUMENTS for n in seen)  # kills came in the middle of batches, not only at start-up

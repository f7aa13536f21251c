"""Several ingests at once into one store (SQLite and PostgreSQL): every document stored once and
whole, no source or place twice, and each document counted as added by exactly one process."""

import random
import re
import shutil
import subprocess
import sys

import pytest

from geo.documents import document_files, read_document

PROCESSES = 3
DOCUMENTS = 12


@pytest.fixture(scope="module")
def folders(tmp_path_factory, seed_text):
    """Overlapping batches: every document is in at least two of them, in a different order."""
    paragraphs = [p for p in seed_text.split("\n\n") if p.strip()]
    shuffler = random.Random(11)
    everything = tmp_path_factory.mktemp("everything")
    for i in range(DOCUMENTS):
        body = paragraphs[:]
        shuffler.shuffle(body)
        text = f"Dispatch {i}: officials of Agency {i} said the report was accurate.\n\n" + "\n\n".join(body)
        (everything / f"{i:03}.txt").write_text(text, "utf-8")
    batches = []
    for p in range(PROCESSES):
        folder = tmp_path_factory.mktemp(f"batch{p}")
        for path in sorted(everything.iterdir()):
            if int(path.stem) % PROCESSES != p:  # each process lacks a third of them
                shutil.copy(path, folder / f"{(int(path.stem) * (p + 5)) % 97:03}_{path.name}")
        batches.append(folder)
    return everything, batches


def test_ingests_running_at_once_store_each_document_once(folders, store, pipeline, settings):
    everything, batches = folders
    expected = {d.doc_id: len(pipeline.extract(d).claims) for d in map(read_document, document_files([everything]))}
    url = store.engine.url.render_as_string(hide_password=False)
    command = [sys.executable, "-m", "geo.cli", "--database-url", url, "--cache-dir", str(settings.cache_dir), "ingest"]
    running = [subprocess.Popen([*command, str(b)], stdout=subprocess.PIPE, stderr=subprocess.PIPE) for b in batches]
    outputs = [p.communicate(timeout=600) for p in running]
    assert all(p.returncode == 0 for p in running), [err.decode()[-2000:] for _, err in outputs]

    added = sum(int(re.search(rb"(\d+) added", out).group(1)) for out, _ in outputs)
    assert added == DOCUMENTS  # a document two processes had is added by one, skipped by the other
    with store.engine.connect() as conn:
        stored = dict(conn.exec_driver_sql("SELECT document_id, count(*) FROM claims GROUP BY document_id").all())
        duplicate_sources = conn.exec_driver_sql("SELECT count(*) - count(DISTINCT name) FROM sources").scalar()
        duplicate_places = conn.exec_driver_sql("SELECT count(*) - count(DISTINCT key) FROM places").scalar()
    assert stored == expected
    assert duplicate_sources == 0 and duplicate_places == 0
    assert store.counts()["claims"] == sum(expected.values())

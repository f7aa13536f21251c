"""Ingest spread over many hosts through Dask distributed (the ``distributed`` extra).

One ``dask scheduler`` hands out batches; ``claimsmap worker SCHEDULER`` on each host starts worker
processes (one thread each: extraction is CPU-bound Python) that load the pipeline once, when they
start, and write straight to the shared store; ``claimsmap ingest --scheduler SCHEDULER PATHS``
reads the documents where it runs and sends them in batches, so workers need no shared disk.

Nothing is lost when a worker dies: the scheduler gives its unfinished batches to the others (a
batch given up after three workers died running it is reported as failed), each document is written
in one transaction, and a batch run again skips what is stored already. Two workers racing on one
document store it once (``Store.add``, keyed by content hash).
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

from distributed import Client, Nanny, WorkerPlugin, as_completed

from geo.documents import read_document
from geo.errors import ClaimsMapError, ConfigurationError
from geo.ingest import IngestReport, merge_reports, store_document
from geo.layers import Taxonomy, load_taxonomy
from geo.models import Document
from geo.pipeline import Pipeline
from geo.settings import Settings
from geo.store import Store

log = logging.getLogger(__name__)

BATCH = 8  # documents per task: a few seconds of work, so scheduling costs little and a lost batch less
WARM_UP = "Officials in Kyiv, Ukraine, said on Monday that troops had moved near Kharkiv."

_pipeline: Pipeline | None = None  # this worker process's, loaded once when it starts
_stores: dict[str, Store] = {}


class LoadPipeline(WorkerPlugin):
    """Loads the pipeline (gazetteer, boundaries, taxonomy) when a worker process starts, from the
    worker host's own settings (its cache directory, geocoder), before it takes any task."""

    name = "claimsmap-pipeline"
    idempotent = True

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def setup(self, worker) -> None:
        global _pipeline
        _pipeline = Pipeline.from_settings(self.settings)
        _pipeline.extract(read_text_document(WARM_UP))  # the boundaries and first shapes load now too


def read_text_document(text: str) -> Document:
    from geo.documents import make_document

    return make_document(text, {}, "<warm-up>")


def ingest_batch(documents: list[Document], store_url: str, taxonomy: Taxonomy, again: bool) -> IngestReport:
    """A worker's task: extract and store each document with the ingest's own taxonomy."""
    global _pipeline
    if _pipeline is None:  # a worker started without the plugin (plain ``dask worker``): load it once here
        _pipeline = Pipeline.from_settings(Settings())
    pipeline = _pipeline if _pipeline.taxonomy == taxonomy else replace(_pipeline, taxonomy=taxonomy)
    store = _stores.get(store_url) or _stores.setdefault(store_url, Store(store_url))
    report = IngestReport()
    for document in documents:
        store_document(document, pipeline, store, report, again)
    return report


def ingest_distributed(
    paths: list[Path],
    settings: Settings,
    scheduler: str,
    metadata: dict | None = None,
    again: bool = False,
    progress: Callable[[IngestReport], None] | None = None,
    batch: int = BATCH,
    on_waiting: Callable[[], None] | None = None,
) -> IngestReport:
    """Send the documents to the scheduler's workers in batches, a bounded number at a time, and
    merge what they report. Files that cannot be read fail here, as with ``ingest_files``."""
    taxonomy = load_taxonomy(settings.taxonomy_path)
    Store(settings.store_url).engine.dispose()  # the schema made here once, not by every worker at once
    report = IngestReport()
    try:
        client = Client(scheduler, timeout="30s")
    except OSError as error:
        raise ConfigurationError(f"no Dask scheduler at {scheduler}: {error}") from error
    with client:
        if not client.scheduler_info(n_workers=-1)["workers"] and on_waiting:
            on_waiting()
        window = max(8, 2 * sum(client.nthreads().values()))
        batches = _batches(paths, metadata, settings.max_document_bytes, batch, report)
        running = as_completed()
        held: dict[str, list[Document]] = {}

        def submit() -> bool:
            documents = next(batches, None)
            if documents is None:
                return False
            future = client.submit(ingest_batch, documents, settings.store_url, taxonomy, again, pure=False)
            held[future.key] = documents
            running.add(future)
            return True

        for _ in range(window):
            if not submit():
                break
        for future in running:
            documents = held.pop(future.key)
            if future.status == "finished":
                merge_reports(report, future.result())
            else:  # given up: its workers died once too often, or an error other than a document's
                error = future.exception()
                log.error("a batch failed: %r", error)
                report.failed += [(Path(d.path or d.doc_id), ClaimsMapError(f"{d.path}: {error!r}")) for d in documents]
            future.release()
            if progress:
                progress(report)
            submit()
    return report


def _batches(
    paths: list[Path], metadata: dict | None, max_bytes: int, size: int, report: IngestReport
) -> Iterator[list[Document]]:
    documents: list[Document] = []
    for path in paths:
        try:
            documents.append(read_document(path, metadata, max_bytes))
        except ClaimsMapError as error:
            report.failed.append((path, error))
        if len(documents) == size:
            yield documents
            documents = []
    if documents:
        yield documents


def run_workers(scheduler: str, settings: Settings, nworkers: int, name: str | None = None) -> None:
    """Worker processes on this host until interrupted, each restarted by its nanny if it dies."""
    asyncio.run(_run_workers(scheduler, settings, nworkers, name))


async def _run_workers(scheduler: str, settings: Settings, nworkers: int, name: str | None) -> None:
    nannies = [
        Nanny(
            scheduler,
            nthreads=1,
            memory_limit=0,
            plugins={LoadPipeline(settings)},
            name=f"{name}-{i}" if name else None,
            death_timeout=None,
        )  # fmt: skip
        for i in range(nworkers)
    ]
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await asyncio.gather(*nannies)
    finished = asyncio.gather(*(n.finished() for n in nannies))
    stopping = asyncio.ensure_future(stop.wait())
    await asyncio.wait([finished, stopping], return_when=asyncio.FIRST_COMPLETED)
    await asyncio.gather(*(n.close(timeout=10) for n in nannies), return_exceptions=True)

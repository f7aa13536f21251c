"""Ingest a batch of files: each document stored whole or not at all, errors collected per file."""

from __future__ import annotations

import logging
import multiprocessing
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from geo.documents import MAX_DOCUMENT_BYTES, read_document
from geo.errors import ClaimsMapError
from geo.models import Document
from geo.pipeline import Pipeline
from geo.settings import Settings
from geo.store import Store

log = logging.getLogger(__name__)


@dataclass
class IngestReport:
    added: int = 0
    skipped: int = 0
    failed: list[tuple[Path, ClaimsMapError]] = field(default_factory=list)

    @property
    def done(self) -> int:
        return self.added + self.skipped + len(self.failed)


def ingest_files(
    paths: list[Path],
    pipeline: Pipeline,
    store: Store,
    metadata: dict | None = None,
    progress: Callable[[IngestReport], None] | None = None,
    again: bool = False,
    max_bytes: int = MAX_DOCUMENT_BYTES,
) -> IngestReport:
    """Read, extract and store each file; a bad file is reported and the rest go on.
    ``metadata`` (outlet, published…) applies to every file; ``progress`` hears after each one;
    ``again`` extracts documents already stored once more (after new rules), keeping corrections;
    a file over ``max_bytes`` is refused."""
    report = IngestReport()
    for path in paths:
        _ingest_one(path, pipeline, store, metadata, report, again, max_bytes)
        if progress:
            progress(report)
    return report


def _ingest_one(
    path: Path,
    pipeline: Pipeline,
    store: Store,
    metadata: dict | None,
    report: IngestReport,
    again: bool,
    max_bytes: int,
) -> None:
    try:
        document = read_document(path, metadata, max_bytes)
    except ClaimsMapError as error:
        report.failed.append((path, error))
        return
    store_document(document, pipeline, store, report, again)


def store_document(document: Document, pipeline: Pipeline, store: Store, report: IngestReport, again: bool) -> None:
    """Extract and store one document read already, unless it is stored (or ``again``)."""
    older = store.earlier_version(document)
    if store.has_document(document.doc_id) and not again:
        report.skipped += 1
        return
    extraction = pipeline.extract(document)
    # add() stores it only if no other ingest has meanwhile: two processes given one file store it once
    if store.replace(extraction, older) if (again or older) else store.add(extraction):
        report.added += 1
        log.info("stored %s", document.path)
    else:
        report.skipped += 1


def ingest_in_processes(
    paths: list[Path],
    settings: Settings,
    processes: int,
    again: bool = False,
    progress: Callable[[IngestReport], None] | None = None,
    chunk: int = 4,
) -> IngestReport:
    """The files handed out a few at a time to processes, one per core as extraction is CPU-bound,
    each loading its pipeline and connection once. Each document is stored once however they race
    (``Store.add``); ``progress`` hears the counts so far after each few files."""
    chunks = [paths[i : i + chunk] for i in range(0, len(paths), chunk)]
    Store(settings.store_url).engine.dispose()  # the schema made here once, not by the processes at once
    spawn = multiprocessing.get_context("spawn")  # a clean interpreter: no connection or thread inherited
    merged = IngestReport()
    with spawn.Pool(max(1, min(processes, len(chunks))), _load_process, (settings,)) as pool:
        for report in pool.imap_unordered(_ingest_chunk, [(c, again) for c in chunks]):
            merge_reports(merged, report)
            if progress:
                progress(merged)
    return merged


def merge_reports(into: IngestReport, report: IngestReport) -> IngestReport:
    into.added += report.added
    into.skipped += report.skipped
    into.failed += report.failed
    return into


_process: tuple[Pipeline, Store, Settings] | None = None  # this ingest process's own, loaded once


def _load_process(settings: Settings) -> None:
    global _process
    _process = Pipeline.from_settings(settings), Store(settings.store_url), settings


def _ingest_chunk(work: tuple[list[Path], bool]) -> IngestReport:
    paths, again = work
    pipeline, store, settings = _process
    return ingest_files(paths, pipeline, store, again=again, max_bytes=settings.max_document_bytes)

"""Ingest a batch of files: each document stored whole or not at all, errors collected per file."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from geo.documents import MAX_DOCUMENT_BYTES, read_document
from geo.errors import ClaimsMapError
from geo.pipeline import Pipeline
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
    older = store.earlier_version(document)
    if store.has_document(document.doc_id) and not again:
        report.skipped += 1
        return
    extraction = pipeline.extract(document)
    # add() stores it only if no other ingest has meanwhile: two processes given one file store it once
    if store.replace(extraction, older) if (again or older) else store.add(extraction):
        report.added += 1
        log.info("stored %s", path)
    else:
        report.skipped += 1

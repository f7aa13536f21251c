"""Ingest a batch of files: each document stored whole or not at all, errors collected per file."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from geo.documents import read_document
from geo.errors import ClaimsMapError
from geo.pipeline import Pipeline
from geo.store import Store

log = logging.getLogger(__name__)


@dataclass
class IngestReport:
    added: int = 0
    skipped: int = 0
    failed: list[tuple[Path, ClaimsMapError]] = field(default_factory=list)


def ingest_files(paths: list[Path], pipeline: Pipeline, store: Store) -> IngestReport:
    """Read, extract and store each file; a bad file is reported and the rest go on."""
    report = IngestReport()
    for path in paths:
        try:
            document = read_document(path)
        except ClaimsMapError as error:
            report.failed.append((path, error))
            continue
        if store.has_document(document.doc_id):
            report.skipped += 1
            continue
        if store.add(pipeline.extract(document)):
            report.added += 1
            log.info("stored %s", path)
        else:
            report.skipped += 1
    return report

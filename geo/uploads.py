"""Documents analysts upload: checked, saved under the data folder by content hash (never by
the name they came with), and ingested in the background with progress to report.

Writing needs the write token, compared in constant time and never logged.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import logging
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from geo.ingest import IngestReport, ingest_files

log = logging.getLogger(__name__)

ALLOWED_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")


def token_matches(given: str | None, expected: str | None) -> bool:
    """Whether a write is allowed: never without a configured token, always in constant time."""
    if not expected or not given:
        return False
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


@dataclass(frozen=True)
class Rejected:
    name: str
    reason: str


def decode_upload(data_url: str) -> bytes:
    """The bytes of a browser upload ("data:text/plain;base64,…")."""
    _, _, payload = data_url.partition(",")
    try:
        return base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError) as error:
        raise ValueError("the upload is not base64 data") from error


def save_uploads(
    files: list[tuple[str, bytes]], folder: Path, max_files: int, max_bytes: int
) -> tuple[list[tuple[Path, str]], list[Rejected]]:
    """Saved (path, name as uploaded) and rejected files. The path is the content's hash plus an
    allowed suffix, so no name can reach outside ``folder`` or overwrite another document."""
    saved, rejected = [], []
    if len(files) > max_files:
        return [], [Rejected(name, f"more than {max_files} files in one upload") for name, _ in files]
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files:
        suffix = Path(name).suffix.lower()
        if suffix not in ALLOWED_SUFFIXES:
            rejected.append(Rejected(name, f"not a document type we read ({', '.join(ALLOWED_SUFFIXES)})"))
            continue
        if len(content) > max_bytes:
            rejected.append(Rejected(name, f"{len(content):,} bytes is over the limit of {max_bytes:,}"))
            continue
        path = folder / f"{hashlib.sha256(content).hexdigest()[:24]}{suffix}"
        partial = folder / f".{uuid.uuid4().hex}.partial"  # its own: the same file uploaded twice at once
        partial.write_bytes(content)
        partial.replace(path)
        saved.append((path, name))
    return saved, rejected


@dataclass
class Job:
    names: dict[Path, str]
    rejected: list[Rejected]
    report: IngestReport = field(default_factory=IngestReport)
    finished: bool = False
    error: str | None = None

    @property
    def total(self) -> int:
        return len(self.names)

    def summary(self) -> dict:
        failed = [Rejected(self.names.get(path, path.name), error.reason) for path, error in self.report.failed]
        return {
            "total": self.total,
            "done": self.report.done,
            "added": self.report.added,
            "skipped": self.report.skipped,
            "failed": [(r.name, r.reason) for r in [*self.rejected, *failed]],
            "finished": self.finished,
            "error": self.error,
        }


class IngestJobs:
    """Ingests uploads one batch at a time in a background thread, so the dashboard keeps serving."""

    def __init__(self, pipeline_factory: Callable, store) -> None:
        self._pipeline_factory = pipeline_factory
        self._pipeline = None
        self._store = store
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()  # one batch at a time: the pipeline's caches are not shared safely

    def submit(self, saved: list[tuple[Path, str]], rejected: list[Rejected], metadata: dict) -> str:
        job_id = uuid.uuid4().hex
        job = self._jobs[job_id] = Job({path: name for path, name in saved}, rejected)
        threading.Thread(target=self._run, args=(job, metadata), daemon=True, name=f"ingest-{job_id[:8]}").start()
        return job_id

    def status(self, job_id: str | None) -> dict | None:
        job = self._jobs.get(job_id or "")
        return job.summary() if job else None

    def pipeline(self):
        """The pipeline, built on first use: the dashboard loads the gazetteer only when it writes."""
        with self._lock:
            if self._pipeline is None:
                self._pipeline = self._pipeline_factory()
            return self._pipeline

    def _run(self, job: Job, metadata: dict) -> None:
        try:
            pipeline = self.pipeline()
            with self._lock:
                ingest_files(list(job.names), pipeline, self._store, metadata, progress=_keep(job))
        except Exception as error:  # the thread must report, whatever went wrong
            log.exception("upload ingest failed")
            job.error = f"{type(error).__name__}: {error}"
        finally:
            job.finished = True


def _keep(job: Job) -> Callable[[IngestReport], None]:
    def progress(report: IngestReport) -> None:
        job.report = report

    return progress

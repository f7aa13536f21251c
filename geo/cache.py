"""On-disk caches keyed by a hash of their inputs: written atomically, older versions removed."""

from __future__ import annotations

import gc
import os
import pickle
import threading
from pathlib import Path


def read_cached(path: Path | None):
    """The cached object, or None when there is no cache (or no cache directory)."""
    if path is None or not path.exists():
        return None
    data = path.read_bytes()
    # Unpickling a few hundred thousand objects triggers the cyclic collector again and
    # again for nothing: they are all alive. Pausing it cuts the load time by a quarter.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return pickle.loads(data)
    finally:
        if was_enabled:
            gc.enable()


def write_cached(path: Path | None, value) -> None:
    """Write so that a reader never sees half a file, then drop caches of older inputs."""
    if path is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    # A file of this process's (and thread's) own: processes that build the same cache at once (the
    # workers of an ingest on a fresh cache) must not write into, or move away, each other's half-written file.
    partial = path.with_suffix(f".{os.getpid()}-{threading.get_ident()}.tmp")
    partial.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    partial.replace(path)
    kind = path.name.split("-", 1)[0]
    for stale in path.parent.glob(f"{kind}-*.pickle"):
        if stale != path:
            stale.unlink(missing_ok=True)

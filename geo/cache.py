"""On-disk caches keyed by a hash of their inputs: written atomically, older versions removed."""

from __future__ import annotations

import pickle
from pathlib import Path


def read_cached(path: Path | None):
    """The cached object, or None when there is no cache (or no cache directory)."""
    if path is None or not path.exists():
        return None
    return pickle.loads(path.read_bytes())


def write_cached(path: Path | None, value) -> None:
    """Write so that a reader never sees half a file, then drop caches of older inputs."""
    if path is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".tmp")
    partial.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    partial.replace(path)
    kind = path.name.split("-", 1)[0]
    for stale in path.parent.glob(f"{kind}-*.pickle"):
        if stale != path:
            stale.unlink(missing_ok=True)

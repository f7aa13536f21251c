"""The extraction of every labelled document stays what it was: work on speed changes no output.

Each document's full record (claims, sources, dates, numbers, places and their resolution) is compared
by digest with ``tests/data/extraction_pins.jsonl``. After a change meant to alter the output, write
the pins again (``python scripts/diff_extraction.py pin``); to see what changed, diff two full
extractions (``write`` before and after, then ``diff``).
"""

import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))

from diff_extraction import PINS, digest, labelled_documents, record  # noqa: E402


def test_every_labelled_document_extracts_as_pinned(pipeline):
    pinned = {line["name"]: line["digest"] for line in map(json.loads, PINS.read_text().splitlines())}
    found = {name: digest(record(name, pipeline, document)) for name, document in labelled_documents()}
    changed = sorted(name for name in pinned.keys() | found.keys() if pinned.get(name) != found.get(name))
    assert not changed, f"{len(changed)} documents extract differently from their pins, first {changed[:5]}"

"""The full extraction of fixed corpora as canonical JSON Lines, and a diff of two such files.

A safety net for work on speed: the output must stay the same, to the character.

    python scripts/diff_extraction.py write OUT.jsonl [--articles 300] [--no-real]
    python scripts/diff_extraction.py diff BEFORE.jsonl AFTER.jsonl
    python scripts/diff_extraction.py pin      # tests/data/extraction_pins.jsonl, after a wanted change

Each line is one document: its claims (sources, certainty, dates, numbers, places with their layers)
and every place the geoparser finds in it (span, form, resolution, score, alternatives; a geometry by
its hash). The documents are the generated benchmark corpus (``scripts/corpus.py``, seed 1), the
labelled sets in ``tests/data`` and, unless ``--no-real``, the texts of ``../shared/geocorpora``.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import sys
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

from geo.documents import make_document, read_document  # noqa: E402
from geo.models import Document, Extraction, ResolvedPlace  # noqa: E402

DATA = REPO / "tests" / "data"
GEOCORPORA = REPO.parent / "shared" / "geocorpora"
PINS = DATA / "extraction_pins.jsonl"  # a digest of each labelled document's record: tests/test_extraction_pins.py


def labelled_documents() -> Iterator[tuple[str, Document]]:
    """The documents of every labelled set in tests/data, each named by its set and id."""
    for path in sorted(DATA.glob("claims_*.yaml")):
        for item in yaml.safe_load(path.read_text(encoding="utf-8")):
            yield f"{path.name}:{item['id']}", _document(item)
    for path in sorted(DATA.glob("stories_*.yaml")):
        for item in yaml.safe_load(path.read_text(encoding="utf-8"))["documents"]:
            yield f"{path.name}:{item['id']}", _document(item)
    for path in sorted(DATA.glob("geoparse_*.jsonl")):
        yield from _jsonl_documents(path)


def real_documents(folder: Path = GEOCORPORA) -> Iterator[tuple[str, Document]]:
    paths = sorted(folder.glob("*.jsonl"))
    if not paths:
        raise SystemExit(f"no corpora (*.jsonl) in {folder}: name them with --geocorpora, or use --no-real")
    for path in paths:
        yield from _jsonl_documents(path)


def generated_documents(articles: int) -> Iterator[tuple[str, Document]]:
    from corpus import make_corpus

    with tempfile.TemporaryDirectory() as scratch:
        for path in make_corpus(Path(scratch), articles, seed=1):
            yield f"generated:{path.name}", read_document(path)


def _jsonl_documents(path: Path) -> Iterator[tuple[str, Document]]:
    for line in path.read_text(encoding="utf-8").split("\n"):  # not splitlines: U+2028 is inside a text
        if line.strip():
            item = json.loads(line)
            yield f"{path.name}:{item['id']}", make_document(item["text"], {}, item["id"])


def _document(item: dict) -> Document:
    meta = {"outlet": item.get("outlet"), "published": str(item["published"]) if item.get("published") else None}
    return make_document(item["text"], {k: v for k, v in meta.items() if v}, str(item["id"]))


def record(name: str, pipeline, document: Document) -> dict:
    """One document's extraction and geoparse as plain, sortable data."""
    extraction: Extraction = pipeline.extract(document)
    claims = [
        {"claim": _plain(c.claim), "places": [{**_plain(p), "place": _place(p.place)} for p in c.places]}
        for c in extraction.claims
    ]
    places = [_place(p) for p in pipeline.places(document.text)]
    return {"name": name, "claims": claims, "places": places}


def digest(record: dict) -> str:
    return hashlib.sha1(_canonical(record).encode()).hexdigest()[:20]


def _canonical(record: dict) -> str:
    return json.dumps(record, sort_keys=True, default=_encode)


def _place(place: ResolvedPlace) -> dict:
    fields = _plain(place)
    geometry = json.dumps(place.geometry, sort_keys=True, default=_encode)
    fields["geometry"] = hashlib.sha1(geometry.encode()).hexdigest()[:16]
    return fields


def _plain(value):
    if dataclasses.is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value) if f.name != "place"}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def _encode(value):
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    raise TypeError(f"cannot encode {type(value).__name__}")


def write(out: Path, articles: int, real: Path | None) -> None:
    from geo.pipeline import Pipeline
    from geo.settings import Settings

    pipeline = Pipeline.from_settings(Settings())
    sets = [labelled_documents(), generated_documents(articles)] + ([real_documents(real)] if real else [])
    with out.open("w", encoding="utf-8") as lines:
        for documents in sets:
            for name, document in documents:
                lines.write(_canonical(record(name, pipeline, document)) + "\n")


def pin() -> None:
    from geo.pipeline import Pipeline
    from geo.settings import Settings

    pipeline = Pipeline.from_settings(Settings())
    with PINS.open("w", encoding="utf-8") as lines:
        for name, document in labelled_documents():
            lines.write(json.dumps({"name": name, "digest": digest(record(name, pipeline, document))}) + "\n")


def diff(before: Path, after: Path, shown: int = 10) -> int:
    """How many documents differ; the first few printed field by field."""
    old = _by_name(before)
    new = _by_name(after)
    differing = sorted(n for n in old.keys() | new.keys() if old.get(n) != new.get(n))
    for name in differing[:shown]:
        print(f"--- {name}")
        a, b = old.get(name), new.get(name)
        if a is None or b is None:
            print("    only in", before if b is None else after)
            continue
        for key in ("claims", "places"):
            for i, (x, y) in enumerate(zip(a[key], b[key], strict=False)):
                if x != y:
                    print(f"    {key}[{i}]\n      before {json.dumps(x)[:400]}\n      after  {json.dumps(y)[:400]}")
                    break
            if len(a[key]) != len(b[key]):
                print(f"    {key}: {len(a[key])} before, {len(b[key])} after")
    print(f"{len(differing)} of {len(old)} documents differ")
    return len(differing)


def _by_name(path: Path) -> dict[str, dict]:
    records = (json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line)
    return {r["name"]: r for r in records}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    writing = commands.add_parser("write")
    writing.add_argument("out", type=Path)
    writing.add_argument("--articles", type=int, default=300)
    writing.add_argument("--geocorpora", type=Path, default=GEOCORPORA, help="folder of the real corpora")
    writing.add_argument("--no-real", action="store_true", help="leave the real corpora out")
    diffing = commands.add_parser("diff")
    diffing.add_argument("before", type=Path)
    diffing.add_argument("after", type=Path)
    commands.add_parser("pin", help=f"write {PINS.relative_to(REPO)}")
    args = parser.parse_args()
    if args.command == "write":
        write(args.out, args.articles, None if args.no_real else args.geocorpora)
    elif args.command == "pin":
        pin()
    else:
        sys.exit(1 if diff(args.before, args.after) else 0)


if __name__ == "__main__":
    main()

"""What linking claims into stories (geo.stories) adds to ingest, at growing store sizes.

    python scripts/bench_linking.py --articles 300 --probe 40 --sizes 100000,1000000

Generates ``--articles`` articles (scripts/corpus.py) and ingests them into a fresh SQLite store one
at a time, timing extraction, the store's write without linking, and linking (``_link_stories``);
then grows the store by copying (corpus.grow's rounds, each a week earlier, with the claims' story
rows and index keys copied and keyed again for their shifted dates) to each of ``--sizes`` and stores
``--probe`` new articles there (another seed), timing the same parts. Figures are medians a document.
"""

from __future__ import annotations

import argparse
import cProfile
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

import sqlalchemy as sa  # noqa: E402
from corpus import grow, make_corpus  # noqa: E402

import geo.store as store_module  # noqa: E402
from geo.documents import read_document  # noqa: E402
from geo.pipeline import Pipeline  # noqa: E402
from geo.settings import Settings  # noqa: E402

LINKING: list[float] = []
_original_link = store_module._link_stories


def _timed_link(*args, **kwargs):
    started = time.process_time()
    try:
        return _original_link(*args, **kwargs)
    finally:
        LINKING.append(time.process_time() - started)


store_module._link_stories = _timed_link


def store_timed(store, extractions) -> dict[str, float]:
    """Store each extraction; medians a document of the whole write, linking, and the rest (ms)."""
    LINKING.clear()
    writes = []
    for extraction in extractions:
        started = time.process_time()
        store.add(extraction)
        writes.append(time.process_time() - started)
    link = statistics.median(LINKING) * 1000
    whole = statistics.median(writes) * 1000
    rest = statistics.median(w - x for w, x in zip(writes, LINKING, strict=True)) * 1000
    return {"write": whole, "link": link, "rest": rest, "link_mean": statistics.fmean(LINKING) * 1000}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--probe", type=int, default=40)
    parser.add_argument("--sizes", default="100000", help="store sizes (claims) to grow to, comma-separated")
    parser.add_argument("--work", type=Path, default=None, help="folder for the corpus and store (a temp dir)")
    parser.add_argument("--profile", type=Path, default=None, help="cProfile the last size's probes, into this file")
    args = parser.parse_args()
    settings = Settings()
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-linking-"))
    paths = make_corpus(work / "corpus", args.articles, 1, settings)
    probes = make_corpus(work / "probe", args.probe, 2, settings)
    pipeline = Pipeline.from_settings(settings)
    started = time.process_time()
    extractions = [pipeline.extract(read_document(p)) for p in paths]
    extract_ms = (time.process_time() - started) / len(paths) * 1000
    probe_extractions = [pipeline.extract(read_document(p)) for p in probes]
    from geo.store import Store

    db = work / "claims.db"
    db.unlink(missing_ok=True)
    store = Store(f"sqlite:///{db}")
    first = store_timed(store, extractions)
    claims = store.counts()["claims"]
    print(f"extraction {extract_ms:.1f} ms a document (mean over {len(paths)})")
    print(f"{'store size (claims)':>20} {'write':>8} {'link':>8} {'link mean':>9} {'rest':>8} {'% of ingest':>11}")

    def show(size: int, figures: dict[str, float]) -> None:
        share = figures["link"] / (extract_ms + figures["rest"]) * 100
        print(f"{size:>20,} {figures['write']:>8.1f} {figures['link']:>8.1f} {figures['link_mean']:>9.1f} "
              f"{figures['rest']:>8.1f} {share:>10.0f}%", flush=True)  # fmt: skip

    show(claims, first)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    for size in sizes:
        store.engine.dispose()
        engine = sa.create_engine(f"sqlite:///{db}")
        started = time.process_time()
        grown = grow(engine, size)
        engine.dispose()
        print(f"  (grown to {grown:,} claims in {time.process_time() - started:.0f} s)", flush=True)
        store = Store(f"sqlite:///{db}")
        profiler = cProfile.Profile() if args.profile and size == sizes[-1] else None
        if profiler:
            profiler.enable()
        show(grown, store_timed(store, probe_extractions))
        if profiler:
            profiler.disable()
            profiler.dump_stats(args.profile)
        for extraction in probe_extractions:
            store.remove(extraction.document.doc_id)


if __name__ == "__main__":
    main()

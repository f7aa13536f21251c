"""What linking claims into stories (geo.stories) adds to ingest, at growing store sizes.

    python scripts/bench_linking.py --articles 300 --probe 40 --sizes 100000,1000000

Generates ``--articles`` articles (scripts/corpus.py) and ingests them into a fresh SQLite store one
at a time, timing extraction, the store's write without linking, and linking (``_link_stories``);
then grows the store by copying (corpus.grow's rounds, each a week earlier, with the claims' story
rows and index keys copied and keyed again for their shifted dates; ``--reworded``: a share of each
copy's words put in other words, so that linking does not meet copies word for word) to each of
``--sizes`` and stores
``--probe`` new articles there (another seed; ``--warm`` more before them, untimed), timing the same
parts in CPU time (the machine may be shared). ``--with-and-without ROUNDS``: then ingest the probes
whole (read, extract, store) with linking and without it (no signatures, no linking), in turns, and
give what linking adds to that. ``--again``: probe the store a run before left in ``--work``. The
share of ingest is from the means a document; "with signatures" counts as linking the claims'
signatures too, which extraction works out.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
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

import geo.pipeline as pipeline_module  # noqa: E402
import geo.store as store_module  # noqa: E402
from geo.documents import read_document  # noqa: E402
from geo.pipeline import Pipeline  # noqa: E402
from geo.settings import Settings  # noqa: E402

LINKING: list[float] = []
LINKING_ON = True  # off: no signatures in extraction, no linking in the write (``ingest_with_and_without``)
_original_link = store_module._link_stories


def _timed_link(*args, **kwargs):
    if not LINKING_ON:
        return None
    started = time.process_time()
    try:
        return _original_link(*args, **kwargs)
    finally:
        LINKING.append(time.process_time() - started)


store_module._link_stories = _timed_link

SIGNING: list[float] = []  # signatures worked out during extraction (geo.pipeline), outside the write
_original_sign = pipeline_module.document_signatures


def _timed_sign(*args, **kwargs):
    if not LINKING_ON:
        return [None] * len(args[0])  # an extraction without signatures, as if linking were not there
    started = time.process_time()
    try:
        return _original_sign(*args, **kwargs)
    finally:
        SIGNING.append(time.process_time() - started)


pipeline_module.document_signatures = _timed_sign


TARGET_SHARE = 10.0  # % of ingest time that linking may add at 1M claims (issue 17)


def store_timed(store, extractions) -> dict[str, float]:
    """Store each extraction; a document's whole write, its linking, and the rest (ms of CPU time,
    medians and means)."""
    LINKING.clear()
    writes = []
    for extraction in extractions:
        started = time.process_time()
        store.add(extraction)
        writes.append(time.process_time() - started)
    rests = [w - x for w, x in zip(writes, LINKING, strict=True)]
    return {"write": statistics.median(writes) * 1000, "link": statistics.median(LINKING) * 1000,
            "rest": statistics.median(rests) * 1000, "link_mean": statistics.fmean(LINKING) * 1000,
            "rest_mean": statistics.fmean(rests) * 1000}  # fmt: skip


def probe_figures(store, extractions, warm: int) -> dict[str, float]:
    """Store new documents in a grown store, the first ``warm`` untimed (the caches of a running
    ingest fill, as they have at any time but just after a start), the rest timed; then remove them."""
    for extraction in extractions[:warm]:
        store.add(extraction)
    figures = store_timed(store, extractions[warm:])
    for extraction in extractions:
        store.remove(extraction.document.doc_id)
    return figures


def ingest_with_and_without(store, pipeline, paths: list[Path]) -> tuple[float, float, float]:
    """Each document ingested whole (read, extracted, stored) with linking and without it (no
    signatures, no ``_link_stories``), one after the other in turns (which goes first alternates, so
    the caches that the first warms favour neither), removed after each: the mean CPU time of a
    document's ingest each way (ms), and the median of what linking adds to each document's ingest
    (%). The same store, process and minute for both, so the machine's load weighs on both alike;
    the median of the pairs is the steadier when the load swings between documents."""
    global LINKING_ON
    spent = {True: [], False: []}
    for n, path in enumerate(paths):
        for linking in (True, False) if n % 2 == 0 else (False, True):
            LINKING_ON = linking
            started = time.process_time()
            extraction = pipeline.extract(read_document(path))
            store.add(extraction)
            spent[linking].append(time.process_time() - started)
            store.remove(extraction.document.doc_id)
    LINKING_ON = True
    pairs = [(w - wo) / wo * 100 for w, wo in zip(spent[True], spent[False], strict=True)]
    return statistics.fmean(spent[True]) * 1000, statistics.fmean(spent[False]) * 1000, statistics.median(pairs)


def linking_share(figures: dict[str, float], extract_ms: float) -> float:
    """What linking adds to ingest (extraction and the store's write), in %, from the means."""
    return figures["link_mean"] / (extract_ms + figures["rest_mean"]) * 100


def extract_timed(pipeline, paths: list[Path]) -> tuple[list, float, float]:
    """The extractions, the mean CPU time of one (ms), once the pipeline has loaded what it loads on
    first use, and the part of it spent on the claims' signatures."""
    pipeline.extract(read_document(paths[0]))
    SIGNING.clear()
    started = time.process_time()
    extractions = [pipeline.extract(read_document(p)) for p in paths]
    return extractions, (time.process_time() - started) / len(paths) * 1000, sum(SIGNING) / len(paths) * 1000


def show_with_and_without(size: int, figures: tuple[float, float, float]) -> None:
    with_linking, without, median = figures
    added = (with_linking - without) / without * 100
    print(f"{size:>20,} {with_linking:>19.1f} {without:>8.1f} {added:>11.1f}% {median:>13.1f}%  "
          f"(target <= {TARGET_SHARE:.0f}%)", flush=True)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--probe", type=int, default=40)
    parser.add_argument("--warm", type=int, default=10, help="new articles stored untimed before the probes")
    parser.add_argument("--sizes", default="100000", help="store sizes (claims) to grow to, comma-separated")
    parser.add_argument("--work", type=Path, default=None, help="folder for the corpus and store (a temp dir)")
    parser.add_argument(
        "--reworded",
        type=float,
        default=0.0,
        help="share of each grown copy's words put in other words (0: copies word for word)",
    )
    parser.add_argument(
        "--again",
        action="store_true",
        help="the store in --work holds the corpus (a run before, grown or not): probe it, grown on to --sizes",
    )
    parser.add_argument(
        "--with-and-without",
        type=int,
        default=0,
        metavar="ROUNDS",
        help="also ingest the probes whole with linking and without it, in turns, ROUNDS times at each size",
    )
    parser.add_argument("--profile", type=Path, default=None, help="cProfile the last size's probes, into this file")
    args = parser.parse_args()
    settings = Settings()
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-linking-"))
    paths = make_corpus(work / "corpus", args.articles, 1, settings)
    probes = make_corpus(work / "probe", args.warm + args.probe, 2, settings)
    pipeline = Pipeline.from_settings(settings)
    extractions, extract_ms, sign_ms = extract_timed(pipeline, paths)
    probe_extractions, _, _ = extract_timed(pipeline, probes)
    # An ingest holds one extraction at a time; this holds them all, which made every full collection
    # of the garbage collector walk them (a few ms a document, in whichever part was running).
    gc.collect()
    gc.freeze()
    from geo.store import Store

    db = work / "claims.db"
    if not args.again:
        db.unlink(missing_ok=True)
    store = Store(f"sqlite:///{db}")
    first = store_timed(store, extractions) if not args.again else None
    claims = store.counts()["claims"]
    print(f"extraction {extract_ms:.1f} ms a document (CPU, mean over {len(paths)}), of which the claims' signatures "
          f"{sign_ms:.1f}; the rest in ms of CPU a document")  # fmt: skip
    print(f"{'store size (claims)':>20} {'write':>8} {'link':>8} {'link mean':>9} {'rest mean':>9} {'% of ingest':>11} "
          f"{'with signatures':>15}")  # fmt: skip

    def show(size: int, figures: dict[str, float]) -> None:
        share = linking_share(figures, extract_ms)
        signed = linking_share({**figures, "link_mean": figures["link_mean"] + sign_ms}, extract_ms)
        print(f"{size:>20,} {figures['write']:>8.1f} {figures['link']:>8.1f} {figures['link_mean']:>9.1f} "
              f"{figures['rest_mean']:>9.1f} {share:>10.0f}% {signed:>14.0f}%  (target <= {TARGET_SHARE:.0f}%)",
              flush=True)  # fmt: skip

    if first:
        show(claims, first)
    if args.with_and_without:
        print(f"{'store size (claims)':>20} {'ingest with linking':>19} {'without':>8} {'linking adds':>12} "
              f"{'median of pairs':>14}  (whole documents in turns, ms of CPU a document)")  # fmt: skip
    sizes = [int(s) for s in args.sizes.split(",") if s]
    for size in sizes:
        store.engine.dispose()
        engine = sa.create_engine(f"sqlite:///{db}")
        started = time.perf_counter()
        grown = grow(engine, size, args.reworded)
        engine.dispose()
        print(f"  (grown to {grown:,} claims in {time.perf_counter() - started:.0f} s)", flush=True)
        store = Store(f"sqlite:///{db}")
        profiler = cProfile.Profile() if args.profile and size == sizes[-1] else None
        if profiler:
            profiler.enable()
        show(grown, probe_figures(store, probe_extractions, args.warm))
        if profiler:
            profiler.disable()
            profiler.dump_stats(args.profile)
        for _ in range(args.with_and_without):
            show_with_and_without(grown, ingest_with_and_without(store, pipeline, probes[args.warm :]))


if __name__ == "__main__":
    main()

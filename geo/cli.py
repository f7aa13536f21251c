"""``claimsmap``: thin commands over the ``geo`` library. Library errors become messages here."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import click

from geo.documents import document_files, read_document
from geo.errors import ClaimsMapError
from geo.export import extraction_json, place_json, places_feature_collection
from geo.settings import Settings


@click.group()
@click.option("--data-dir", type=click.Path(path_type=Path), envvar="CLAIMSMAP_DATA_DIR", help="Store and caches.")
@click.option(
    "--database-url", envvar="CLAIMSMAP_DATABASE_URL", help="SQLAlchemy URL; default: SQLite in the data dir."
)
@click.option(
    "--taxonomy", type=click.Path(exists=True, path_type=Path), envvar="CLAIMSMAP_TAXONOMY", help="Layer rules (YAML)."
)
@click.option("--geocoder", default="gazetteer", envvar="CLAIMSMAP_GEOCODER", show_default=True,
              help="'gazetteer' (offline) or a geopy service name such as 'nominatim'.")  # fmt: skip
@click.option("--geocoder-option", "geocoder_options", multiple=True, metavar="KEY=VALUE",
              help="Passed to the geopy geocoder, e.g. domain=nominatim.internal scheme=http.")  # fmt: skip
@click.option("--cache-dir", type=click.Path(path_type=Path), envvar="CLAIMSMAP_CACHE_DIR",
              help="Gazetteer and geocoder caches; default: DATA_DIR/cache.")  # fmt: skip
@click.option("--max-document-mb", type=click.FloatRange(min=0, min_open=True), default=50, show_default=True,
              envvar="CLAIMSMAP_MAX_DOCUMENT_MB", help="A larger document file is refused unread.")  # fmt: skip
@click.option("-v", "--verbose", is_flag=True, help="Log progress.")
@click.pass_context
def main(ctx, data_dir, database_url, taxonomy, geocoder, geocoder_options, cache_dir, max_document_mb, verbose):
    """Turn news articles into a map of claims."""
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )
    values = {"database_url": database_url, "geocoder": geocoder, "geocoder_options": _options(geocoder_options),
              "max_document_bytes": int(max_document_mb * 1024 * 1024)}  # fmt: skip
    if data_dir:
        values["data_dir"] = data_dir
    if taxonomy:
        values["taxonomy_path"] = taxonomy
    if cache_dir:
        values["cache_path"] = cache_dir
    ctx.obj = Settings(**values)


@main.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--published", help="Publication date: YYYY-MM-DD, YYYY-MM or YYYY.")
@click.option("--title")
@click.option("--outlet")
@click.option("--url")
@click.option("--author")
@click.pass_obj
def extract(settings: Settings, path: Path, **metadata) -> None:
    """Print what the pipeline finds in one document, as JSON, without storing it."""
    pipeline = _pipeline(settings)
    document = _guard(lambda: read_document(path, metadata, settings.max_document_bytes))
    _print_json(extraction_json(pipeline.extract(document)))


@main.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_obj
def geoparse(settings: Settings, path: Path) -> None:
    """Print every place named in a document, as JSON."""
    pipeline = _pipeline(settings)
    document = _guard(lambda: read_document(path, max_bytes=settings.max_document_bytes))
    _print_json([place_json(p) for p in pipeline.places(document.text)])


@main.command("eval")
@click.argument("gold_paths", metavar="GOLD...", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))  # fmt: skip
@click.option("--baseline/--no-baseline", default=True, show_default=True,
              help="Score geotext and flashgeotext beside ours.")  # fmt: skip
@click.option("--demonyms/--no-demonyms", default=True, show_default=True,
              help="Count gold demonyms ('Kenyan' as Kenya); left out, so is any prediction on one.")  # fmt: skip
@click.option("--breakdown", is_flag=True, help="What was missed or placed far, by feature code and by name.")
@click.option("--misses", is_flag=True, help="List every missed, spurious or misplaced toponym.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.pass_obj
def evaluate(
    settings: Settings, gold_paths: tuple[Path, ...], baseline: bool, demonyms: bool, breakdown: bool,
    misses: bool, as_json: bool,
) -> None:  # fmt: skip
    """Score the geoparser on labelled sets (JSON Lines, or the markup of tests/data), one table each."""
    from geo.evaluation import evaluate as score
    from geo.evaluation import load_gold
    from geo.geoparsers import flashgeotext_predictor, geotext_predictor, pipeline_predictor

    pipeline = _pipeline(settings)
    predictors = [("claimsmap", pipeline_predictor(pipeline))]
    if baseline:
        peers = (("geotext", geotext_predictor), ("flashgeotext", flashgeotext_predictor))
        try:
            predictors += [(name, make(pipeline.gazetteer, pipeline.boundaries)) for name, make in peers]
        except ImportError as error:
            raise click.ClickException(
                f"the peers are not installed ({error.name}): pip install 'claimsmap[eval]', or pass --no-baseline"
            ) from error
    reports = []
    for gold_path in gold_paths:
        documents = _guard(lambda path=gold_path: load_gold(path))
        found: list = []
        results = [score(name, documents, predict, found if misses and name == "claimsmap" else None, demonyms)
                   for name, predict in predictors]  # fmt: skip
        reports.append({"corpus": gold_path.name, "systems": [r.as_json() for r in results]})
        if not as_json:
            click.echo(f"{gold_path.name}: {_scores_table(results)}")
            if breakdown:
                click.echo(_breakdown(results[0]))
            for miss in found:
                click.echo(f"{miss.kind:9} {miss.doc_id}: {miss.text!r}  {miss.detail}")
            click.echo()
    if as_json:
        _print_json(reports if len(reports) > 1 else reports[0]["systems"])


def _breakdown(scores, top: int = 25) -> str:
    lines = []
    for title, counter in (("missed, by feature code", scores.missed_by_code),
                           ("far by the point, by feature code", scores.far_by_code),
                           ("missed, by name", scores.missed_names), ("far, by name", scores.far_names)):  # fmt: skip
        items = ", ".join(f"{key} {count}" for key, count in counter.most_common(top))
        lines.append(f"  {title}: {items or '-'}")
    return "\n".join(lines)


@main.command("eval-claims")
@click.argument("gold_path", metavar="GOLD", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--misses", is_flag=True, help="List every claim whose fields disagree with the labels.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.pass_obj
def evaluate_claims(settings: Settings, gold_path: Path, misses: bool, as_json: bool) -> None:
    """Score the claim extractor on a labelled corpus (YAML, as in tests/data/claims_gold.yaml)."""
    from geo.claim_scoring import load_claims_gold, needs_places, score_claims
    from geo.lexicon import load_lexicon

    records = _guard(lambda: load_claims_gold(gold_path))
    pipeline = _pipeline(settings) if needs_places(records) else None  # layers of labelled places need the gazetteer
    scores = _guard(lambda: score_claims(records, load_lexicon(), pipeline))
    if as_json:
        _print_json(scores.as_json())
    else:
        rows = [("field", "gold", "found", "right", "precision", "recall", "F1")]
        for name, s in scores.fields.items():
            rows.append((name, str(s.gold), str(s.predicted), str(s.correct), f"{s.precision:.3f}",
                         f"{s.recall:.3f}", f"{s.f1:.3f}"))  # fmt: skip
        click.echo(f"{scores.documents} documents")
        click.echo(_table(rows))
    for line in scores.misses if misses else ():
        click.echo(line)


@main.command("eval-stories")
@click.argument("gold_path", metavar="GOLD", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--misses", is_flag=True, help="List stories split or merged, counts wrong, contests missed or wrong.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.pass_obj
def evaluate_stories(settings: Settings, gold_path: Path, misses: bool, as_json: bool) -> None:
    """Score claim linking on labelled stories (YAML, as in tests/data/stories_gold.yaml)."""
    from geo.story_eval import load_stories_gold, score_stories

    gold = _guard(lambda: load_stories_gold(gold_path))
    scores = score_stories(gold, _pipeline(settings))
    if as_json:
        _print_json(scores.as_json())
    else:
        click.echo(f"{scores.documents} documents, {scores.claims} labelled claims ({scores.found} extracted), "
                   f"{scores.stories} stories")  # fmt: skip
        click.echo(_table([
            ("", "precision", "recall", "F1"),
            ("pairwise", f"{scores.pair_precision:.3f}", f"{scores.pair_recall:.3f}", f"{scores.pair_f1:.3f}"),
            ("B-cubed", f"{scores.bcubed_precision:.3f}", f"{scores.bcubed_recall:.3f}", f"{scores.bcubed_f1:.3f}"),
            ("contested", f"{scores.contest_precision:.3f}", f"{scores.contest_recall:.3f}",
             f"{_f1(scores.contest_precision, scores.contest_recall):.3f}"),
        ]))  # fmt: skip
        click.echo(f"independent-source count right: {scores.sources_right:.3f}")
    for line in scores.misses if misses else ():
        click.echo(line)


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _table(rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(cell.rjust(w) for cell, w in zip(row, widths, strict=True)) for row in rows)


def _scores_table(results) -> str:
    rows = [("", "P exact", "R exact", "F1 exact", "P overlap", "R overlap", "F1 overlap", "acc@161 point",
             "same id", "acc@161 area", "end-to-end", "median km", "docs/s")]  # fmt: skip
    for r in results:
        figures = [*r.exact, *r.overlap, r.point_accuracy]
        same_id = "-" if r.same_id_share is None else f"{r.same_id_share:.3f}"
        rows.append((r.system, *(f"{f:.3f}" for f in figures), same_id, f"{r.accuracy:.3f}", f"{r.end_to_end:.3f}",
                     f"{r.median_km:.0f}", f"{r.documents_per_second:.0f}"))  # fmt: skip
    first = results[0]
    return f"{first.documents} documents, {first.gold} toponyms\n" + _table(rows)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--again", is_flag=True, help="Extract documents already stored once more (after new rules or "
              "a new taxonomy); analysts' corrections are kept.")  # fmt: skip
@click.option("--processes", type=click.IntRange(min=1), default=1, show_default=True,
              help="Extract in this many processes at once (one per core is fastest).")  # fmt: skip
@click.option("--scheduler", envvar="CLAIMSMAP_SCHEDULER", metavar="tcp://HOST:8786",
              help="Send the documents to the workers of this Dask scheduler (claimsmap worker) instead; "
                   "they write to --database-url, which every host must reach.")  # fmt: skip
@click.pass_obj
def ingest(settings: Settings, paths: tuple[Path, ...], again: bool, processes: int, scheduler: str | None) -> None:
    """Store documents (files or folders); a document already stored is skipped unless --again.
    Progress goes to standard error: a bar on a terminal, a line every 10 s otherwise."""
    from geo.ingest import ingest_files, ingest_in_processes
    from geo.progress import Progress

    files = document_files(list(paths))
    if scheduler:
        distributed = _distributed()
    elif processes > 1 and len(files) > 1:
        _build_gazetteer_cache(settings)  # here once, not by every process at once
    else:
        pipeline, store = _pipeline(settings), _store(settings)
    with Progress(len(files), "ingest") as progress:
        heard = lambda report: progress.update(report.done, len(report.failed))  # noqa: E731
        if scheduler:
            waiting = lambda: click.echo(f"waiting for workers (claimsmap worker {scheduler})", err=True)  # noqa: E731
            report = _guard(lambda: distributed.ingest_distributed(files, settings, scheduler, again=again,
                                                                   progress=heard, on_waiting=waiting))  # fmt: skip
        elif processes > 1 and len(files) > 1:
            report = _guard(lambda: ingest_in_processes(files, settings, processes, again=again, progress=heard))
        else:
            report = _guard(lambda: ingest_files(files, pipeline, store, progress=heard, again=again,
                                                 max_bytes=settings.max_document_bytes))  # fmt: skip
    _print_report(report)
    if report.failed:
        sys.exit(1)


@main.command()
@click.argument("scheduler", envvar="CLAIMSMAP_SCHEDULER", metavar="tcp://HOST:8786")
@click.option("--nworkers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Worker processes on this host (one per core is fastest).")  # fmt: skip
@click.option("--name", help="Name of this host's workers on the scheduler (NAME-0, NAME-1…).")
@click.pass_obj
def worker(settings: Settings, scheduler: str, nworkers: int, name: str | None) -> None:
    """Run ingest workers for a Dask scheduler until interrupted (needs the 'distributed' extra).
    Each loads the pipeline from this host's options (--cache-dir, --geocoder…) once, at start;
    the store and the taxonomy are the ones `claimsmap ingest --scheduler` names."""
    distributed = _distributed()
    _build_gazetteer_cache(settings)
    click.echo(f"{nworkers} worker process(es) for {scheduler}; Ctrl-C stops them", err=True)
    distributed.run_workers(scheduler, settings, nworkers, name)


def _distributed():
    try:
        from geo import distributed
    except ImportError as error:
        extra = "install the 'distributed' extra: pip install 'claimsmap[distributed]'"
        raise click.ClickException(f"{error}: {extra}") from error
    return distributed


def _build_gazetteer_cache(settings: Settings) -> None:
    """Build the gazetteer cache in this process when it is missing, with progress, before processes
    that each need it start."""
    if not _gazetteer_cached(settings):
        _pipeline(settings)


@main.command("pending-lookups")
@click.pass_obj
def pending_lookups(settings: Settings) -> None:
    """Places the online geocoder has not answered for yet (their gazetteer point stands), as JSON."""
    _print_json(_store(settings).pending_lookups())


@main.command()
@click.option("--format", "fmt", type=click.Choice(["geojson", "claims"]), default="geojson", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Default: standard output.")
@click.pass_obj
def export(settings: Settings, fmt: str, output: Path | None) -> None:
    """Write the stored places with their claims as an RFC 7946 FeatureCollection (geojson), or every
    stored claim with its story as JSON Lines (claims): document, text, start, end, cluster,
    independent_sources, contradicts."""
    if fmt == "claims":
        lines = (json.dumps(line, ensure_ascii=False) + "\n" for line in _store(settings).claim_lines())
        if output:
            with output.open("w", encoding="utf-8") as handle:
                handle.writelines(lines)
        else:
            for line in lines:
                click.echo(line, nl=False)
        return
    collection = places_feature_collection(_store(settings).all_places_with_claims())
    text = json.dumps(collection, ensure_ascii=False, indent=1)
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        click.echo(text)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8050, show_default=True)
@click.option("--ingest", "ingest_paths", multiple=True, type=click.Path(exists=True, path_type=Path),
              help="Documents to ingest before serving (already stored ones are skipped).")  # fmt: skip
@click.option("--url-prefix", default="/", show_default=True, help="Serve under a path prefix, e.g. /portal/claims/.")
@click.option("--frame-ancestors", envvar="CLAIMSMAP_FRAME_ANCESTORS", default="'self'", show_default=True,
              help="Who may show the dashboard in a frame (CSP), e.g. \"'self' https://portal.internal\".")  # fmt: skip
@click.option("--behind-proxy", is_flag=True, help="Trust X-Forwarded-For/-Proto/-Host/-Prefix from one proxy.")
@click.option("--write-token", envvar="CLAIMSMAP_WRITE_TOKEN", show_envvar=True, default=None,
              help="Uploads and corrections need this token; unset, none are taken. Prefer the env var.")  # fmt: skip
@click.option("--read-token", envvar="CLAIMSMAP_READ_TOKEN", show_envvar=True, default=None,
              help="Reading needs this token too (open the page once with ?token=…); unset, it is open.")  # fmt: skip
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True, envvar="CLAIMSMAP_WORKERS",
              help="gunicorn processes (4 threads each), all sharing the store.")  # fmt: skip
@click.option("--allowed-hosts", envvar="CLAIMSMAP_ALLOWED_HOSTS", default=None, metavar="NAMES",
              help="Host names the dashboard answers to, comma-separated ('*' any, '.example.org' a domain); default: "
              "localhost, 127.0.0.1 and [::1] when --host is loopback and not --behind-proxy, else any.")  # fmt: skip
@click.option("--dev", is_flag=True, help="Werkzeug's development server (one process) instead of gunicorn.")
@click.pass_obj
def serve(
    settings: Settings,
    host: str,
    port: int,
    ingest_paths: tuple[Path, ...],
    url_prefix: str,
    frame_ancestors: str,
    behind_proxy: bool,
    write_token: str | None,
    read_token: str | None,
    workers: int,
    allowed_hosts: str | None,
    dev: bool,
) -> None:
    """Start the dashboard (on gunicorn; --dev for Werkzeug's development server)."""
    from dataclasses import replace

    from dashboard.app import create_app
    from geo.ingest import ingest_files

    store = _store(settings)
    if ingest_paths:
        files = document_files(list(ingest_paths))
        _print_report(ingest_files(files, _pipeline(settings), store, max_bytes=settings.max_document_bytes))
    settings = replace(settings, frame_ancestors=frame_ancestors, write_token=write_token, read_token=read_token,
                       allowed_hosts=_allowed_hosts(allowed_hosts, host, behind_proxy))  # fmt: skip
    click.echo(f"Claims map on http://{host}:{port}{url_prefix}")
    if dev:
        store.version()  # the index loads before the first page is asked for, not while it waits
        app = create_app(store, settings, url_prefix=url_prefix, behind_proxy=behind_proxy, warm=True)
        app.run(host=host, port=port)
        return
    store.engine.dispose()  # each worker opens its own connections after the fork

    def make_app():
        worker_store = _store(settings)
        worker_store.version()  # each worker loads its index before it takes a request
        return create_app(worker_store, settings, url_prefix=url_prefix, behind_proxy=behind_proxy, warm=True).server

    _gunicorn(make_app, f"{host}:{port}", workers)


LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "[::1]")


def _allowed_hosts(given: str | None, host: str, behind_proxy: bool) -> tuple[str, ...]:
    """The Host allow-list: as given; else the loopback names for a loopback server that no proxy
    fronts (a page elsewhere cannot reach it through a name it controls); else any host."""
    if given is not None:
        names = tuple(n.strip().lower() for n in given.split(",") if n.strip())
        if not names:
            raise click.BadParameter("name at least one host, or '*' for any", param_hint="--allowed-hosts")
        return names
    loopback = host.lower() in ("localhost", "::1", "[::1]") or host.startswith("127.")
    if behind_proxy or not loopback:
        return ()
    return tuple(dict.fromkeys((*LOOPBACK_HOSTS, host.lower())))


def _gunicorn(make_app, bind: str, workers: int) -> None:
    """Serve under gunicorn: ``workers`` processes with a few threads each (queries release the GIL).
    No keep-alive and a short queue per worker: otherwise the first worker takes every browser's
    lasting connection and the others sit idle; this way each request goes to a worker with room."""
    from gunicorn.app.base import BaseApplication

    threads = 4

    class Server(BaseApplication):
        def load_config(self):
            for key, value in {"bind": bind, "workers": workers, "threads": threads, "worker_class": "gthread",
                               "worker_connections": 2 * threads, "keepalive": 0, "timeout": 120,
                               "accesslog": None}.items():  # fmt: skip
                self.cfg.set(key, value)

        def load(self):
            return make_app()

    Server().run()


def _print_report(report) -> None:
    for _, error in report.failed:
        click.echo(f"error: {error}", err=True)
    click.echo(f"{report.added} added, {report.skipped} already stored, {len(report.failed)} failed")


def _pipeline(settings: Settings):
    from contextlib import nullcontext

    from geo.pipeline import Pipeline
    from geo.progress import Stage, is_terminal

    if not _gazetteer_cached(settings):  # a build: say so at once (about 30 s)
        stage = Stage("building the gazetteer cache (first run, about 30 s)", delay_s=0)
    elif is_terminal(sys.stderr):  # a warm load takes a second or two; a counter if it takes longer
        stage = Stage("loading the gazetteer", delay_s=3)
    else:
        stage = nullcontext()
    with stage:
        return _guard(lambda: Pipeline.from_settings(settings))


def _gazetteer_cached(settings: Settings) -> bool:
    """Whether the gazetteer's cache for its current inputs is there (else loading it builds it)."""
    from geo import gazetteer

    try:  # the cache's name is a hash of the inputs; asked of the gazetteer module's own helpers
        inputs = gazetteer._input_files(settings.boundaries_dir)
        name = f"gazetteer-{gazetteer._fingerprint(inputs, settings.min_city_population)}.pickle"
    except (AttributeError, TypeError, OSError):  # those helpers changed: any cache of the gazetteer
        return any(settings.cache_dir.glob("gazetteer-*.pickle"))
    return (settings.cache_dir / name).exists()


def _store(settings: Settings):
    from geo.store import Store

    return Store(settings.store_url)


def _guard(action):
    try:
        return action()
    except ClaimsMapError as error:
        raise click.ClickException(str(error)) from error


def _options(pairs: tuple[str, ...]) -> dict:
    options = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep:
            raise click.BadParameter(f"{pair!r} is not KEY=VALUE", param_hint="--geocoder-option")
        options[key.strip()] = value.strip()
    return options


def _print_json(value) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()

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
@click.argument("gold_path", metavar="GOLD", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--baseline/--no-baseline", default=True, show_default=True,
              help="Score geotext and flashgeotext beside ours.")  # fmt: skip
@click.option("--misses", is_flag=True, help="List every missed, spurious or misplaced toponym.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.pass_obj
def evaluate(settings: Settings, gold_path: Path, baseline: bool, misses: bool, as_json: bool) -> None:
    """Score the geoparser on a labelled set (JSON Lines, or the markup of tests/data)."""
    from geo.evaluation import evaluate as score
    from geo.evaluation import load_gold
    from geo.geoparsers import flashgeotext_predictor, geotext_predictor, pipeline_predictor

    documents = _guard(lambda: load_gold(gold_path))
    pipeline = _pipeline(settings)
    found: list = []
    results = [score("claimsmap", documents, pipeline_predictor(pipeline), found if misses else None)]
    if baseline:
        for name, make in (("geotext", geotext_predictor), ("flashgeotext", flashgeotext_predictor)):
            results.append(score(name, documents, make(pipeline.gazetteer, pipeline.boundaries)))
    if as_json:
        _print_json([r.as_json() for r in results])
    else:
        click.echo(_scores_table(results))
    for miss in found:
        click.echo(f"{miss.kind:9} {miss.doc_id}: {miss.text!r}  {miss.detail}")


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


def _table(rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(cell.rjust(w) for cell, w in zip(row, widths, strict=True)) for row in rows)


def _scores_table(results) -> str:
    rows = [("", "P exact", "R exact", "F1 exact", "P overlap", "R overlap", "F1 overlap", "acc@161km",
             "mean km", "median km", "docs/s")]  # fmt: skip
    for r in results:
        figures = [*r.exact, *r.overlap, r.accuracy]
        rows.append((r.system, *(f"{f:.3f}" for f in figures), f"{r.mean_km:.0f}", f"{r.median_km:.0f}",
                     f"{r.documents_per_second:.0f}"))  # fmt: skip
    first = results[0]
    return f"{first.documents} documents, {first.gold} toponyms\n" + _table(rows)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--again", is_flag=True, help="Extract documents already stored once more (after new rules or "
              "a new taxonomy); analysts' corrections are kept.")  # fmt: skip
@click.option("--processes", type=click.IntRange(min=1), default=1, show_default=True,
              help="Extract in this many processes at once (one per core is fastest).")  # fmt: skip
@click.pass_obj
def ingest(settings: Settings, paths: tuple[Path, ...], again: bool, processes: int) -> None:
    """Store documents (files or folders); a document already stored is skipped unless --again."""
    from geo.ingest import ingest_files, ingest_in_processes

    files = document_files(list(paths))
    if processes > 1 and len(files) > 1:
        report = _guard(lambda: ingest_in_processes(files, settings, processes, again=again))
    else:
        report = _guard(
            lambda: ingest_files(
                files, _pipeline(settings), _store(settings), again=again, max_bytes=settings.max_document_bytes
            )
        )
    _print_report(report)
    if report.failed:
        sys.exit(1)


@main.command("pending-lookups")
@click.pass_obj
def pending_lookups(settings: Settings) -> None:
    """Places the online geocoder has not answered for yet (their gazetteer point stands), as JSON."""
    _print_json(_store(settings).pending_lookups())


@main.command()
@click.option("--format", "fmt", type=click.Choice(["geojson"]), default="geojson", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Default: standard output.")
@click.pass_obj
def export(settings: Settings, fmt: str, output: Path | None) -> None:
    """Write the stored places with their claims as an RFC 7946 FeatureCollection."""
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
              help="Server processes; more than one runs under gunicorn, all sharing the store.")  # fmt: skip
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
) -> None:
    """Start the dashboard."""
    from dataclasses import replace

    from dashboard.app import create_app
    from geo.ingest import ingest_files

    store = _store(settings)
    if ingest_paths:
        files = document_files(list(ingest_paths))
        _print_report(ingest_files(files, _pipeline(settings), store, max_bytes=settings.max_document_bytes))
    settings = replace(settings, frame_ancestors=frame_ancestors, write_token=write_token, read_token=read_token)
    click.echo(f"Claims map on http://{host}:{port}{url_prefix}")
    if workers == 1:
        store.version()  # the index loads before the first page is asked for, not while it waits
        create_app(store, settings, url_prefix=url_prefix, behind_proxy=behind_proxy).run(host=host, port=port)
        return
    store.engine.dispose()  # each worker opens its own connections after the fork

    def make_app():
        worker_store = _store(settings)
        worker_store.version()  # each worker loads its index before it takes a request
        return create_app(worker_store, settings, url_prefix=url_prefix, behind_proxy=behind_proxy).server

    _gunicorn(make_app, f"{host}:{port}", workers)


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
    from geo.pipeline import Pipeline

    return _guard(lambda: Pipeline.from_settings(settings))


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

"""Uploads: files and the write token in, a background ingest and its progress out.

The files do not travel in a Dash callback request (held to 1 MB, and parsed before any callback
could look at a token): the browser posts them to the upload route (``assets/uploads.js``) with the
token in an ``Authorization`` header, which ``dashboard.limits`` checks before it reads the body.
"""

from __future__ import annotations

from dash import ClientsideFunction, Dash, Input, Output, State, html, no_update
from flask import jsonify, request

from dashboard import ids
from geo.documents import parse_published
from geo.errors import DocumentError
from geo.settings import Settings
from geo.uploads import IngestJobs, Rejected, decode_upload, save_uploads, token_matches


def register(app: Dash, settings: Settings, jobs: IngestJobs, route: str) -> None:
    """``route``: the upload route's path (``dashboard.limits`` lets only it take a large body)."""
    app.clientside_callback(
        ClientsideFunction("claimsmap", "upload"),
        Output(ids.UPLOAD_JOB, "data"),
        Output(ids.UPLOAD_POLL, "disabled"),
        Output(ids.UPLOAD_STATUS, "children"),
        Input(ids.UPLOAD, "contents"),
        State(ids.UPLOAD, "filename"),
        State(ids.UPLOAD_TOKEN, "value"),
        State(ids.UPLOAD_OUTLET, "value"),
        State(ids.UPLOAD_PUBLISHED, "value"),
        prevent_initial_call=True,
    )

    @app.server.route(route, methods=["POST"], endpoint=f"{route}-upload")
    def upload():
        bearer = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        if not token_matches(bearer, settings.write_token):  # checked before the body was read, too
            return _refused("Refused: the write token is missing or wrong.", 401)
        try:
            body = request.get_json(silent=True)
        except RecursionError:
            body = None
        form, problem = _upload_form(body)
        if problem:
            return _refused(problem)
        metadata, problem = _metadata(form["outlet"], form["published"])
        if problem:
            return _refused(problem)
        files, rejected = _decoded(form["contents"], form["names"])
        saved, refused = save_uploads(files, settings.upload_dir, settings.max_upload_files, settings.max_upload_bytes)
        job_id = jobs.submit(saved, [*rejected, *refused], metadata)
        return jsonify(job=job_id, message=f"Reading {len(saved)} document{'s' if len(saved) != 1 else ''}…")

    @app.callback(
        Output(ids.UPLOAD_STATUS, "children", allow_duplicate=True),
        Output(ids.UPLOAD_POLL, "disabled", allow_duplicate=True),
        Output(ids.DATA_VERSION, "data"),
        Input(ids.UPLOAD_POLL, "n_intervals"),
        State(ids.UPLOAD_JOB, "data"),
        State(ids.DATA_VERSION, "data"),
        prevent_initial_call=True,
    )
    def poll(_n, job_id, version):
        status = jobs.status(job_id)
        if status is None:
            return no_update, True, no_update
        finished = status["finished"]
        return progress_view(status), finished, (version or 0) + 1 if finished else no_update


def progress_view(status: dict) -> list:
    """What the analyst reads while a batch goes in, and after."""
    head = (
        f"Done: {status['added']} added, {status['skipped']} already stored, {len(status['failed'])} failed."
        if status["finished"]
        else f"Reading {status['done']} of {status['total']}…"
    )
    items = [html.P(head)]
    if status["total"] and not status["finished"]:
        items.append(html.Progress(value=str(status["done"]), max=str(status["total"])))
    if status["error"]:
        items.append(html.P(f"The ingest stopped: {status['error']}", className="refused"))
    if status["failed"]:
        items.append(html.Ul([html.Li(f"{name}: {reason}") for name, reason in status["failed"]], className="failed"))
    return items


def _refused(message: str, status: int = 400):
    return jsonify(refused=message), status


def _upload_form(body) -> tuple[dict, str | None]:
    """The upload's names, contents (data URLs), outlet and publication date, each of its type."""
    if not isinstance(body, dict):
        return {}, "An upload is a JSON object of names and contents."
    names, contents = body.get("names"), body.get("contents")
    if not (isinstance(names, list) and isinstance(contents, list) and len(names) == len(contents)):
        return {}, "An upload lists the files' names and contents, one for one."
    if not all(isinstance(v, str) for v in (*names, *contents)):
        return {}, "Each file's name and content is text."
    outlet, published = body.get("outlet"), body.get("published")
    if not all(v is None or (isinstance(v, str) and len(v) <= 200) for v in (outlet, published)):
        return {}, "The outlet and the publication date are short texts."
    return {"names": names, "contents": contents, "outlet": outlet, "published": published}, None


def _metadata(outlet: str | None, published: str | None) -> tuple[dict, str | None]:
    metadata = {"outlet": (outlet or "").strip() or None}
    if published and published.strip():
        try:
            parse_published(published.strip(), "the publication date")
        except DocumentError as error:
            return {}, str(error)
        metadata["published"] = published.strip()
    return metadata, None


def _decoded(contents: list[str], names: list[str]) -> tuple[list[tuple[str, bytes]], list[Rejected]]:
    files, rejected = [], []
    for name, content in zip(names, contents, strict=False):
        try:
            files.append((name, decode_upload(content)))
        except ValueError as error:
            rejected.append(Rejected(name, str(error)))
    return files, rejected

"""What one request may ask of the server, checked before any of it is read or any callback runs.

- **Host**: with an allow-list (``Settings.allowed_hosts``), a request naming another host is a 400:
  a page on another site cannot reach this one through a DNS name it controls (DNS rebinding).
- **Size**: an ordinary request's body is at most ``Settings.max_request_bytes`` (1 MB); the upload
  route alone takes ``max_upload_request_bytes``, and only once its write token (a header) is right:
  a request that is too large or not allowed is answered before its body is read.
- **Callback requests**: Dash parses the body and hands it to its dispatcher, which trusts its shape.
  Here it must be JSON no deeper than ``MAX_DEPTH``, name a callback the app has, carry that
  callback's inputs and states by id and property, and each value must be of the type the component
  sends (``VALUE_KINDS``: a count is a whole number, a filter a list of names…); anything else is a 400.
  The callbacks then bound what those values ask for (``view_state``, ``callbacks``).
"""

from __future__ import annotations

import json

from dash import Dash
from flask import Response, request

from dashboard import ids
from geo.errors import InvalidRequest
from geo.settings import Settings
from geo.uploads import token_matches

MAX_DEPTH = 16  # nesting of a callback request's JSON (clickData is 4 deep)
MAX_NUMBER = 2**53  # what a browser's numbers hold exactly
MAX_ITEMS = 2_000  # cards whose buttons one pattern-matching input lists (the panel shows 400 at most)
MAX_CHANGED = 64  # changedPropIds of one request

_NULL, _INT, _STR, _LIST, _DICT, _BOOL = (type(None),), (int,), (str,), (list,), (dict,), (bool,)
# The JSON types each component property a callback takes may have (None: not set yet). Any other
# property, or a value of another type, is refused: a test holds this table to the app's callbacks.
VALUE_KINDS: dict[tuple[str, str], tuple[type, ...]] = {
    (ids.URL, "search"): _NULL + _STR,
    (ids.SOURCE_FILTER, "value"): _NULL + _STR + _LIST,
    (ids.OUTLET_FILTER, "value"): _NULL + _STR + _LIST,
    (ids.LAYER_FILTER, "value"): _NULL + _STR + _LIST,
    (ids.CERTAINTY_FILTER, "value"): _NULL + _STR + _LIST,
    (ids.DATE_FILTER, "start_date"): _NULL + _STR,
    (ids.DATE_FILTER, "end_date"): _NULL + _STR,
    (ids.DATE_BASIS, "value"): _NULL + _STR,
    (ids.TEXT_FILTER, "value"): _NULL + _STR,
    (ids.SOURCES_AT_LEAST, "value"): _NULL + _INT + _STR,
    (ids.CONTESTED_FILTER, "value"): _NULL + _STR + _LIST,
    (ids.DATE_UNDATED, "value"): _NULL + _STR + _LIST,
    (ids.MAP_SIZE, "value"): _NULL + _STR,
    (ids.MAP, "clickData"): _NULL + _DICT,
    (ids.MAP, "relayoutData"): _NULL + _DICT,
    (ids.TIMELINE, "selectedData"): _NULL + _DICT,
    (ids.CLEAR_SELECTION, "n_clicks"): _NULL + _INT,
    (ids.PLACE_PICKER, "value"): _NULL + _INT + _STR,
    (ids.PLACE_PICKER, "search_value"): _NULL + _STR,
    (ids.SELECTED_PLACE, "data"): _NULL + _INT,
    (ids.MAP_VIEW, "data"): _NULL + _DICT,
    (ids.QUERY, "data"): _NULL + _DICT,
    (ids.RESTORED, "data"): _NULL + _STR,
    (ids.DRAWN_VIEW, "data"): _NULL + _DICT,  # only that it changed matters
    (ids.DATA_VERSION, "data"): _NULL + _INT,
    (ids.MORE_CLAIMS, "n_clicks"): _NULL + _INT,
    (ids.PLAY, "n_clicks"): _NULL + _INT,
    (ids.PLAYBACK, "disabled"): _NULL + _BOOL,
    (ids.PLAYBACK, "n_intervals"): _NULL + _INT,
    (ids.UPLOAD_POLL, "n_intervals"): _NULL + _INT,
    (ids.UPLOAD_JOB, "data"): _NULL + _STR,
    (ids.UPLOAD_TOKEN, "value"): _NULL + _STR,
    ("fix-apply", "n_clicks"): _NULL + _INT,
    ("fix-drop", "n_clicks"): _NULL + _INT,
    ("fix-move", "value"): _NULL + _STR,
    ("fix-layer", "value"): _NULL + _STR,
    ("fix-undo", "n_clicks"): _NULL + _INT,
}


def bound_requests(app: Dash, settings: Settings, prefix: str, upload_path: str | None) -> None:
    """Check every request under ``prefix`` before it is read (see the module's docstring)."""
    callback_path = prefix + "_dash-update-component"
    allowed = tuple(h.lower() for h in settings.allowed_hosts)

    @app.server.before_request
    def bound():
        if not request.path.startswith(prefix):
            return None
        if allowed and not host_allowed(request.host, allowed):
            return _refuse(400, "This claims map does not answer to that host name.")
        limit = settings.max_request_bytes
        if request.path == upload_path:
            bearer = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
            if request.method != "POST" or not token_matches(bearer, settings.write_token):
                return _refuse(401, "Refused: the write token is missing or wrong.")
            limit = settings.max_upload_request_bytes
        request.max_content_length = limit  # a body with no length (chunked) stops at the limit too
        if (request.content_length or 0) > limit:
            return _refuse(413, f"A request may carry at most {limit:,} bytes.")
        if request.path == callback_path and request.method == "POST":
            try:
                check_callback_request(_json_body(), app.callback_map)
            except InvalidRequest as error:
                return _refuse(400, str(error))
        return None


def host_allowed(host: str, allowed: tuple[str, ...]) -> bool:
    """``host`` (``name[:port]``) against an allow-list of names: ``*`` is any, ``.example.org`` that
    domain and every name under it."""
    name = host.lower().rsplit(":", 1)[0] if not host.endswith("]") else host.lower()
    name = name.removesuffix(".")
    for entry in allowed:
        if entry == "*" or name == entry:
            return True
        if entry.startswith(".") and (name == entry[1:] or name.endswith(entry)):
            return True
    return False


def _json_body():
    if not request.is_json:
        raise InvalidRequest("a callback request is JSON (Content-Type: application/json)")
    try:
        return request.get_json(silent=False)  # kept: Dash reads the same parsed body
    except RecursionError:
        raise InvalidRequest("the request's JSON is nested too deeply") from None
    except Exception as error:  # Werkzeug's BadRequest: not JSON at all
        raise InvalidRequest("the request is not valid JSON") from error


def _refuse(status: int, message: str) -> Response:
    response = Response(message + "\n", status=status, mimetype="text/plain")
    response.headers["Connection"] = "close"  # its body, if any, is left unread
    return response


def check_callback_request(body, callbacks: dict) -> None:
    """Raise ``InvalidRequest`` unless ``body`` is a request for one of ``callbacks`` (Dash's
    ``callback_map``) with its inputs and states in place and every value of its kind."""
    if not isinstance(body, dict):
        raise InvalidRequest("a callback request is a JSON object")
    _check_depth(body)
    output = body.get("output")
    spec = callbacks.get(output) if isinstance(output, str) else None
    if spec is None:
        raise InvalidRequest("no such callback")
    _check_outputs(body.get("outputs"), output)
    for part in ("inputs", "state"):
        given, expected = body.get(part, []), spec.get(part, [])
        if not isinstance(given, list) or len(given) != len(expected):
            raise InvalidRequest(f"the callback takes {len(expected)} {part}")
        for item, wanted in zip(given, expected, strict=True):
            _check_item(item, wanted)
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or len(changed) > MAX_CHANGED or not all(isinstance(c, str) for c in changed):
        raise InvalidRequest("changedPropIds is a short list of names")


def _check_depth(value) -> None:
    """No deeper than ``MAX_DEPTH``, walked without recursion."""
    stack = [(value, 0)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise InvalidRequest(f"the request's JSON is nested more than {MAX_DEPTH} deep")
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)


def _check_outputs(outputs, output: str) -> None:
    many = output.startswith("..")
    count = len([p for p in output.strip(".").split("...") if p]) if many else 1
    items = outputs if many else [outputs]
    if not isinstance(items, list) or len(items) != count:
        raise InvalidRequest(f"the callback has {count} output{'s' if count != 1 else ''}")
    for item in items:
        named = isinstance(item, dict) and isinstance(item.get("id"), str | dict)
        if not (named and isinstance(item.get("property"), str)):
            raise InvalidRequest("each output is an id and a property")


def _check_item(item, wanted: dict) -> None:
    spec_id, prop = wanted["id"], wanted["property"]
    if spec_id.startswith("{"):  # a pattern-matching id (ALL): a list of the matching components
        pattern = json.loads(spec_id)
        if not isinstance(item, list) or len(item) > MAX_ITEMS:
            raise InvalidRequest(f"{pattern['type']}.{prop} is a list of components")
        for each in item:
            if not (isinstance(each, dict) and _matches(each.get("id"), pattern) and each.get("property") == prop):
                raise InvalidRequest(f"{pattern['type']}.{prop}: a component of another kind")
            _check_value(each.get("value"), (pattern["type"], prop))
        return
    if not (isinstance(item, dict) and item.get("id") == spec_id and item.get("property") == prop):
        raise InvalidRequest(f"expected {spec_id}.{prop} in its place")
    _check_value(item.get("value"), (spec_id, prop))


def _matches(given, pattern: dict) -> bool:
    if not isinstance(given, dict) or set(given) != set(pattern):
        return False
    for key, wanted in pattern.items():
        value = given[key]
        if isinstance(wanted, list):  # a wildcard: any whole number or short name
            if not (_is_int(value) or (isinstance(value, str) and len(value) <= 200)):
                return False
        elif value != wanted:
            return False
    return True


def _check_value(value, key: tuple[str, str]) -> None:
    kinds = VALUE_KINDS.get(key)
    if kinds is None:
        raise InvalidRequest(f"{key[0]}.{key[1]} is not a callback input")
    if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
        raise InvalidRequest(f"{key[0]}.{key[1]} cannot be {type(value).__name__}")
    if isinstance(value, int) and not isinstance(value, bool) and not _is_int(value):
        raise InvalidRequest(f"{key[0]}.{key[1]} is out of range")


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and -MAX_NUMBER < value < MAX_NUMBER

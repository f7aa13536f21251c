"""Documents from files: text with its metadata, or a clear error naming the file.

Metadata comes, in order of precedence, from the command line, a sidecar JSON
file beside the document (``article.txt`` → ``article.json``), an HTML page's
own meta tags (``geo/html.py``), or a front-matter block at the top of a text or
Markdown file::

    ---
    title: North Korean troops in Russia
    outlet: Example News
    published: 2024-10
    ---
"""

from __future__ import annotations

import calendar
import codecs
import hashlib
import json
import re
import unicodedata
from datetime import date
from pathlib import Path

import yaml

from geo.errors import DocumentError
from geo.html import html_text_and_metadata
from geo.models import DateRange, Document

SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".text", ".html", ".htm")
HTML_SUFFIXES = (".html", ".htm")
METADATA_FIELDS = ("title", "outlet", "url", "author", "published")
MAX_DOCUMENT_BYTES = 50 * 1024 * 1024

# Linear: the opening line, then the first closing line found by one forward search. (One pattern for
# the whole block, "\A---\s*\n(.*?)\n---", tried every split of "\s*" over blank lines: 24 s for
# "---" and 64,000 newlines.)
_FRONT_MATTER_OPENING = re.compile(r"\A---[ \t]*\n")
_FRONT_MATTER_CLOSING = re.compile(r"^---[ \t]*$\n?", re.MULTILINE)
_DECLARED_CHARSET = re.compile(rb"<meta[^>]+charset=[\"']?([\w-]+)", re.IGNORECASE)
_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def read_document(path: Path, overrides: dict | None = None, max_bytes: int = MAX_DOCUMENT_BYTES) -> Document:
    """A document from a file, with metadata from front matter, a sidecar and ``overrides``;
    a file over ``max_bytes`` is refused before it is read."""
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise DocumentError(str(path), f"unsupported file type {path.suffix!r}; supported: {SUPPORTED_SUFFIXES}")
    try:
        _check_size(path.stat().st_size, str(path), max_bytes)
        raw = path.read_bytes()
    except OSError as error:
        raise DocumentError(str(path), f"cannot read: {error.strerror or error}") from error
    if path.suffix.lower() in HTML_SUFFIXES:
        page = decode(raw, str(path), _declared_charset(raw), max_bytes)
        body, metadata = html_text_and_metadata(page, str(path))
    else:
        metadata, body = split_front_matter(decode(raw, str(path), max_bytes=max_bytes), str(path))
    metadata.update(_sidecar(path))
    metadata.update({k: v for k, v in (overrides or {}).items() if v is not None})
    return make_document(body, metadata, str(path))


def decode(raw: bytes, origin: str, charset: str = "utf-8", max_bytes: int = MAX_DOCUMENT_BYTES) -> str:
    _check_size(len(raw), origin, max_bytes)
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise DocumentError(origin, "UTF-16 text; convert it to UTF-8 first")
    if b"\x00" in raw:
        raise DocumentError(origin, "binary content (NUL bytes): not a text document, or UTF-16 text not converted")
    charset = "utf-8-sig" if charset.lower().replace("_", "-") in ("utf-8", "utf8") else charset
    try:
        text = raw.decode(charset)
    except LookupError as error:
        raise DocumentError(origin, f"unknown character set {charset!r}") from error
    except UnicodeError as error:  # a codec such as punycode fails with a bare UnicodeError, no byte offset
        named = "UTF-8" if charset == "utf-8-sig" else charset
        where = f" (byte {error.start})" if isinstance(error, UnicodeDecodeError) else ""
        raise DocumentError(origin, f"not {named} text{where}; convert it to UTF-8 first") from error
    return unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")


def _check_size(size: int, origin: str, max_bytes: int) -> None:
    if size > max_bytes:
        raise DocumentError(origin, f"{size:,} bytes is over the limit of {max_bytes:,}")


class _FrontMatterLoader(yaml.SafeLoader):
    """Safe YAML in which a date that does not exist ("2024-13-45") stays text, so that
    ``parse_published`` refuses it by name instead of YAML raising a bare ValueError."""


def _date_or_text(loader: yaml.SafeLoader, node: yaml.Node):
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return loader.construct_scalar(node)


_FrontMatterLoader.add_constructor("tag:yaml.org,2002:timestamp", _date_or_text)


def split_front_matter(text: str, origin: str) -> tuple[dict, str]:
    opening = _FRONT_MATTER_OPENING.match(text)
    if not opening:
        return {}, text
    closing = _FRONT_MATTER_CLOSING.search(text, opening.end())
    if not closing:
        raise DocumentError(origin, "front matter opened with '---' on the first line is never closed with '---'")
    block = text[opening.end() : closing.start()]
    try:
        metadata = yaml.load(block, Loader=_FrontMatterLoader) or {}  # a SafeLoader: no Python objects
    except (yaml.YAMLError, ValueError) as error:  # ValueError: a number thousands of digits long
        raise DocumentError(origin, f"front matter is not valid YAML: {error}") from error
    except RecursionError as error:
        raise DocumentError(origin, "front matter is nested too deeply to read") from error
    if not isinstance(metadata, dict):
        raise DocumentError(origin, "front matter must be a mapping of field: value")
    return {k: v for k, v in metadata.items() if k in METADATA_FIELDS}, text[closing.end() :]


def make_document(text: str, metadata: dict, origin: str | None = None) -> Document:
    if not text.strip():
        raise DocumentError(origin, "the document holds no text (empty, blank, or only markup)")
    published = metadata.get("published")
    return Document(
        text=text,
        doc_id=hashlib.sha256(text.encode("utf-8")).hexdigest()[:16],
        title=_text_field(metadata, "title", origin),
        outlet=_text_field(metadata, "outlet", origin),
        url=_text_field(metadata, "url", origin),
        author=_text_field(metadata, "author", origin),
        published=parse_published(published, origin) if published else None,
        path=origin,
    )


def parse_published(value, origin: str | None = None) -> DateRange:
    """2024-10-17 (day), 2024-10 (month) or 2024 (year)."""
    if isinstance(value, date):
        return DateRange(value, value, "day")
    if not isinstance(value, str | int) or isinstance(value, bool):  # never str() a nested YAML value: it can explode
        raise DocumentError(origin, f"publication date must be a date, not a {type(value).__name__}")
    found = _PARTIAL_DATE.match(str(value).strip())
    try:
        if not found:
            raise ValueError
        year, month, day = (int(g) if g else None for g in found.groups())
        if day:
            exact = date(year, month, day)
            return DateRange(exact, exact, "day")
        if month:
            return DateRange(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]), "month")
        return DateRange(date(year, 1, 1), date(year, 12, 31), "year")
    except ValueError:
        raise DocumentError(origin, f"publication date {value!r} is not YYYY-MM-DD, YYYY-MM or YYYY") from None


def _declared_charset(raw: bytes) -> str:
    """The character set an HTML page declares in its first kilobytes, else UTF-8."""
    found = _DECLARED_CHARSET.search(raw[:4096])
    return found.group(1).decode("ascii") if found else "utf-8"


def _sidecar(path: Path) -> dict:
    sidecar = path.with_suffix(".json")
    if not sidecar.exists():
        return {}
    try:
        metadata = json.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        raise DocumentError(str(sidecar), f"metadata file is not valid JSON: {error}") from error
    if not isinstance(metadata, dict):
        raise DocumentError(str(sidecar), "metadata file must hold a JSON object")
    return {k: v for k, v in metadata.items() if k in METADATA_FIELDS}


def _text_field(metadata: dict, name: str, origin: str | None) -> str | None:
    value = metadata.get(name)
    if isinstance(value, list | dict):  # never str() a nested YAML value: aliases can make it gigabytes long
        raise DocumentError(origin, f"{name} must be text, not a {type(value).__name__}")
    return str(value).strip() or None if value is not None else None


def document_files(paths: list[Path]) -> list[Path]:
    """The documents under the given files and folders, in a stable order."""
    found = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix.lower() in SUPPORTED_SUFFIXES))
        else:
            found.append(path)
    return found

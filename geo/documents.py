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

_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.DOTALL)
_DECLARED_CHARSET = re.compile(rb"<meta[^>]+charset=[\"']?([\w-]+)", re.IGNORECASE)
_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def read_document(path: Path, overrides: dict | None = None) -> Document:
    """A document from a file, with metadata from front matter, a sidecar and ``overrides``."""
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise DocumentError(str(path), f"unsupported file type {path.suffix!r}; supported: {SUPPORTED_SUFFIXES}")
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise DocumentError(str(path), f"cannot read: {error.strerror or error}") from error
    if path.suffix.lower() in HTML_SUFFIXES:
        body, metadata = html_text_and_metadata(decode(raw, str(path), _declared_charset(raw)))
    else:
        metadata, body = split_front_matter(decode(raw, str(path)), str(path))
    metadata.update(_sidecar(path))
    metadata.update({k: v for k, v in (overrides or {}).items() if v is not None})
    return make_document(body, metadata, str(path))


def decode(raw: bytes, origin: str, charset: str = "utf-8") -> str:
    if len(raw) > MAX_DOCUMENT_BYTES:
        raise DocumentError(origin, f"{len(raw):,} bytes is over the limit of {MAX_DOCUMENT_BYTES:,}")
    if b"\x00" in raw:
        raise DocumentError(origin, "binary content (NUL bytes): not a text document")
    charset = "utf-8-sig" if charset.lower().replace("_", "-") in ("utf-8", "utf8") else charset
    try:
        text = raw.decode(charset)
    except LookupError as error:
        raise DocumentError(origin, f"unknown character set {charset!r}") from error
    except UnicodeDecodeError as error:
        named = "UTF-8" if charset == "utf-8-sig" else charset
        raise DocumentError(origin, f"not {named} text (byte {error.start}); convert it to UTF-8 first") from error
    return unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")


def split_front_matter(text: str, origin: str) -> tuple[dict, str]:
    found = _FRONT_MATTER.match(text)
    if not found:
        return {}, text
    try:
        metadata = yaml.safe_load(found.group(1)) or {}
    except yaml.YAMLError as error:
        raise DocumentError(origin, f"front matter is not valid YAML: {error}") from error
    if not isinstance(metadata, dict):
        raise DocumentError(origin, "front matter must be a mapping of field: value")
    return {k: v for k, v in metadata.items() if k in METADATA_FIELDS}, text[found.end() :]


def make_document(text: str, metadata: dict, origin: str | None = None) -> Document:
    if not text.strip():
        raise DocumentError(origin, "the document is empty")
    published = metadata.get("published")
    return Document(
        text=text,
        doc_id=hashlib.sha256(text.encode("utf-8")).hexdigest()[:16],
        title=_text_field(metadata.get("title")),
        outlet=_text_field(metadata.get("outlet")),
        url=_text_field(metadata.get("url")),
        author=_text_field(metadata.get("author")),
        published=parse_published(published, origin) if published else None,
        path=origin,
    )


def parse_published(value, origin: str | None = None) -> DateRange:
    """2024-10-17 (day), 2024-10 (month) or 2024 (year)."""
    if isinstance(value, date):
        return DateRange(value, value, "day")
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
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise DocumentError(str(sidecar), f"metadata file is not valid JSON: {error}") from error
    if not isinstance(metadata, dict):
        raise DocumentError(str(sidecar), "metadata file must hold a JSON object")
    return {k: v for k, v in metadata.items() if k in METADATA_FIELDS}


def _text_field(value) -> str | None:
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

"""An HTML page as article text and the metadata the page itself declares.

The page is parsed, never rendered: scripts, styles, forms, frames and the page
chrome (navigation, header, footer, asides) are dropped, and the text of the
article's blocks (headings, paragraphs, list items, quotes) is kept, one block a
paragraph. Metadata comes only from what the page states: Open Graph and
article meta tags, ``<title>``, the canonical link, and JSON-LD. A date the
page does not state is unknown, never guessed from the text or the URL.
"""

from __future__ import annotations

import json
import logging
import re
from datetime import date

from selectolax.lexbor import LexborHTMLParser

from geo.errors import DocumentError

log = logging.getLogger(__name__)

DROPPED = "script, style, noscript, template, iframe, object, embed, svg, canvas, form, nav, header, footer, aside"
BLOCKS = "h1, h2, h3, h4, h5, h6, p, li, blockquote, pre, figcaption, td, th"
_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")

# The parser's time grows with nesting depth × number of tags (a 5 MB page of nested <div>s takes most of an
# hour), so a page nested deeper than Chromium's parser allows is refused before it is parsed.
MAX_NESTING_DEPTH = 512
_TAG = re.compile(r"<(/?)([a-zA-Z][^\s/<>]*+)([^<>]*)>")  # [^<>]: a "<" with no ">" costs one step, not a rescan
# Elements that hold nothing, or that the next of their kind closes (<p>, <li>, <td>…): they add no depth.
_FLAT = frozenset((
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
    "keygen", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot", "caption",
    "colgroup", "rb", "rt", "rp", "rtc", "html", "head", "body",
))  # fmt: skip
# Inside <svg>, "/>" closes an element, except where HTML resumes (these) and after an HTML tag (which ends the SVG).
_SVG_HTML_POINTS = frozenset(("foreignobject", "title", "desc"))
_SVG_BREAKOUT = frozenset((
    "b", "big", "blockquote", "body", "br", "center", "code", "dd", "div", "dl", "dt", "em", "embed", "h1", "h2",
    "h3", "h4", "h5", "h6", "head", "hr", "i", "img", "li", "listing", "menu", "meta", "nobr", "ol", "p", "pre",
    "ruby", "s", "small", "span", "strong", "strike", "sub", "sup", "table", "tt", "u", "ul", "var",
))  # fmt: skip


def html_text_and_metadata(page: str, origin: str | None = None) -> tuple[str, dict]:
    depth = nesting_depth(page)
    if depth > MAX_NESTING_DEPTH:
        raise DocumentError(origin, f"HTML elements nested {depth:,} deep, over the limit of {MAX_NESTING_DEPTH:,}")
    tree = LexborHTMLParser(page)
    metadata = _metadata(tree)
    for node in tree.css(DROPPED):
        node.decompose()
    root = tree.css_first("article") or tree.css_first("main") or tree.body or tree.root
    return _blocks_text(root), metadata


def nesting_depth(page: str) -> int:
    """How deep the page's elements nest, counted from its tags: an upper bound, as some end tags are implied."""
    depth = deepest = in_svg = html_points = 0
    for found in _TAG.finditer(page):
        closing, name, rest = found.group(1), found.group(2).lower(), found.group(3)
        if name in _FLAT:
            continue
        if closing:
            depth = max(depth - 1, 0)
            in_svg = max(in_svg - (name == "svg"), 0)
            html_points = max(html_points - (name in _SVG_HTML_POINTS), 0)
            continue
        if in_svg and name in _SVG_BREAKOUT:
            in_svg = html_points = 0
        if rest.endswith("/") and (name == "svg" or (in_svg and not html_points)):
            continue
        depth += 1
        deepest = max(deepest, depth)
        in_svg += name == "svg"
        html_points += bool(in_svg) and name in _SVG_HTML_POINTS
    return deepest


def _blocks_text(root) -> str:
    if root is None:
        return ""
    nodes = root.css(BLOCKS)
    holders = set()  # elements with a block inside: their blocks are taken one by one
    for node in nodes:  # each ancestor is marked once, so nested blocks cost no more than flat ones
        parent = node.parent
        while parent is not None and parent.mem_id not in holders:
            holders.add(parent.mem_id)
            parent = parent.parent
    blocks = []
    for node in nodes:
        if node.mem_id in holders:
            continue
        text = _SPACES.sub(" ", node.text(deep=True, separator="", strip=False)).strip()
        if text:
            blocks.append(text)
    if not blocks:  # a page of bare text
        text = _SPACES.sub(" ", root.text(deep=True, separator="\n", strip=True))
        blocks = [line.strip() for line in text.splitlines() if line.strip()]
    return "\n\n".join(blocks)


def _metadata(tree) -> dict:
    linked = _json_ld(tree)
    title_tag = tree.css_first("title")
    page_title = title_tag.text(strip=True) if title_tag else None
    values = {
        "title": _meta(tree, "og:title") or page_title or linked.get("headline"),
        "outlet": _meta(tree, "og:site_name") or _publisher(linked),
        "url": _canonical(tree) or _meta(tree, "og:url") or linked.get("url"),
        "author": _meta(tree, "author") or _meta(tree, "article:author") or _author(linked),
        "published": _published(
            _meta(tree, "article:published_time")
            or _meta(tree, "og:published_time")
            or _meta(tree, "datePublished")
            or _meta(tree, "date")
            or _meta(tree, "DC.date.issued")
            or linked.get("datePublished")
        ),
    }
    if values["url"] and not str(values["url"]).startswith(("http://", "https://")):
        values["url"] = None  # a "javascript:" or relative link is not the article's address
    if values["author"] and str(values["author"]).startswith(("http://", "https://")):
        values["author"] = None  # article:author is often a profile URL, not a name
    return {k: v for k, v in values.items() if isinstance(v, str) and v}  # JSON-LD may hold objects anywhere


def _meta(tree, name: str) -> str | None:
    for attribute in ("property", "name", "itemprop"):
        node = tree.css_first(f'meta[{attribute}="{name}"]')
        if node is not None and (node.attributes.get("content") or "").strip():
            return node.attributes["content"].strip()
    return None


def _canonical(tree) -> str | None:
    node = tree.css_first('link[rel="canonical"]')
    return (node.attributes.get("href") or "").strip() or None if node is not None else None


def _json_ld(tree) -> dict:
    """The first JSON-LD object that describes an article."""
    for node in tree.css('script[type="application/ld+json"]'):
        try:
            data = json.loads(node.text() or "")
        except (ValueError, RecursionError):  # RecursionError: arrays nested thousands deep
            continue
        items = data.get("@graph", [data]) if isinstance(data, dict) else data
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict) and "Article" in str(item.get("@type", "")):
                return item
    return {}


def _publisher(linked: dict) -> str | None:
    publisher = linked.get("publisher")
    return publisher.get("name") if isinstance(publisher, dict) else None


def _author(linked: dict) -> str | None:
    author = linked.get("author")
    if isinstance(author, list):
        author = author[0] if author else None
    return author.get("name") if isinstance(author, dict) else author if isinstance(author, str) else None


def _published(value: str | None) -> str | None:
    """The day part of an ISO timestamp; anything else is logged and left unknown."""
    if not value:
        return None
    found = _ISO_DATE.match(str(value))
    try:
        return date(*map(int, found.groups())).isoformat() if found else _unknown_date(value)
    except ValueError:  # 2024-13-45
        return _unknown_date(value)


def _unknown_date(value) -> None:
    log.warning("publication date %r is not an ISO date; left unknown", value)
    return None

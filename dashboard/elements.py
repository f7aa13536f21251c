"""HTML elements as the JSON Dash sends for a component: ``{"type", "namespace", "props"}``, and
many of them as one component (``static_html``).

The side panel draws about a thousand elements per update; as ``dash.html`` Component objects
their building and serialising cost most of the update's time. The browser cannot tell the two
apart. Text children stay text: the browser shows them, never parses them as HTML.
"""

from __future__ import annotations


class Elements:
    """``html.Li(children, className=...)``, returning plain dicts."""

    def __init__(self, namespace: str) -> None:
        self.namespace = namespace

    def __getattr__(self, tag: str):
        def element(children=None, **props) -> dict:
            if children is not None:
                props["children"] = children
            return {"type": tag, "namespace": self.namespace, "props": props}

        element.__name__ = tag
        setattr(self, tag, element)  # made once a tag: a panel asks for a thousand elements
        return element


html = Elements("dash_html_components")


class StaticElements:
    """``static.Tr(children)``: an element already in ``static_html``'s form, ``{"tag", "props"}``, for
    content that never holds a control (the table of places: a thousand elements, made once, not
    made as Dash's and converted)."""

    def __getattr__(self, tag: str):
        if tag not in STATIC_TAGS:
            raise AttributeError(f"{tag} is not drawn by assets/static_html.js; one of {sorted(STATIC_TAGS)}")

        def element(children=None, **props) -> dict:
            if children is not None:
                props["children"] = children
            return {"tag": tag, "props": props}

        element.__name__ = tag
        setattr(self, tag, element)
        return element


static = StaticElements()


STATIC_TAGS = frozenset(
    {
        "A",
        "Blockquote",
        "Cite",
        "Details",
        "Div",
        "H2",
        "Li",
        "Mark",
        "Ol",
        "P",
        "Span",
        "Summary",
        "Ul",
        "Table",
        "Thead",
        "Tbody",
        "Tr",
        "Th",
        "Td",
    }
)  # the tags assets/static_html.js draws


def static_html(children: list) -> dict:
    """``children`` as one Dash component, drawn by React alone (assets/static_html.js): Dash's
    renderer checks every one of its components on each update of the page, and 20 claim cards
    were 150 of them (the table of places in view, 800). An element with an id (a control a
    callback reads) or from another library stays a Dash component, given as a child and drawn in
    its place. An element made by ``static`` is taken as it is."""
    controls: list = []
    content = _plain(children, controls)
    return {"type": "StaticHtml", "namespace": "claimsmap_components", "props": {"content": content,
            "children": controls}}  # fmt: skip


def static_form(node):
    """An element (``html``) made into ``static_html``'s form once, to be kept and given to it again as
    it is (a claim's card, shown view after view). It holds no control (those are drawn in slots)."""
    controls: list = []
    found = _plain(node, controls)
    if controls:
        raise ValueError("an element holding a control is drawn by static_html, not kept in its form")
    return found


def _plain(node, controls: list):
    if node is None or isinstance(node, (str, int, float)):
        return node
    if isinstance(node, list):
        return [_plain(child, controls) for child in node]
    if isinstance(node, dict) and "tag" in node:
        return node
    drawable = isinstance(node, dict) and node.get("namespace") == html.namespace
    props = node["props"] if drawable else {}
    if not drawable or node["type"] not in STATIC_TAGS or "id" in props:
        controls.append(node)
        return {"slot": len(controls) - 1}
    if "children" in props:
        props = {**props, "children": _plain(props["children"], controls)}
    return {"tag": node["type"], "props": props}

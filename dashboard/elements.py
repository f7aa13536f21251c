"""HTML elements as the JSON Dash sends for a component: ``{"type", "namespace", "props"}``.

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
        return element


html = Elements("dash_html_components")
core = Elements("dash_core_components")

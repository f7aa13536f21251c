"""The side panel: the claims behind a place, each traced to its sentence and document.

Claim text is always passed to Dash as text children, never as HTML, so a
document full of markup is shown, not run. The cards are drawn as one component (``static_html``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from dash import dcc

from dashboard.elements import html, static, static_form, static_html
from dashboard.layout import CERTAINTY_LABELS
from geo.addresses import fallback_address

# A claim's card, given the claim and the place it is shown under (None: under the place selected).
CardMaker = Callable[[dict, str | None], dict]


def claims_panel(
    place: dict, claims: list[dict], layer_labels: dict[str, str], editable: bool = False, card: CardMaker | None = None
) -> list:
    """The claims about one place (the newest of them, when there are many). ``card``: how a card is
    made where it holds no control (``static_card``, or one kept from an earlier answer)."""
    header = html.H2(place_address(place), className="place-name")
    if not claims:
        return [header, html.P("No claim about this place matches the filters.", className="hint")]
    if editable or card is None:
        cards = [claim_card(c, layer_labels, editable=editable) for c in claims]
    else:
        cards = [card(c, None) for c in claims]
    return [static_html([header, html.Ol(cards, className="claim-list")])]


def claims_in_view_panel(claims: list[dict], layer_labels: dict[str, str], card: CardMaker | None = None) -> list:
    """With nothing selected: the newest claims the filters keep, each under the place it names first."""
    hint = html.P("Click a point or an area on the map to see every claim behind it.", className="hint")
    if not claims:
        return [hint, html.P("No claim matches the filters.", className="hint")]
    card = card or (lambda claim, place_name: claim_card(claim, layer_labels, place_name=place_name))
    cards = [card(c, _card_address(c)) for c in claims]
    return [
        static_html([hint, html.H2("Claims in view", className="place-name"), html.Ol(cards, className="claim-list")])
    ]


def place_address(place: dict) -> str:
    """ "Washington, District of Columbia, United States": as stored, else the name and its country."""
    return place.get("address") or fallback_address(place["name"], place.get("country"), place.get("feature"))


def _card_address(claim: dict) -> str:
    if claim.get("place_name") is None:
        return "none named"
    return claim.get("place_address") or fallback_address(claim["place_name"], claim.get("place_country"))


def static_card(claim: dict, layer_labels: dict[str, str], place_name: str | None = None) -> dict:
    """A card with no control, in the form the panel's one component draws (``static_form``): kept,
    it is sent again as it is when the claim is listed again."""
    return static_form(claim_card(claim, layer_labels, place_name=place_name))


def claim_card(
    claim: dict, layer_labels: dict[str, str], place_name: str | None = None, editable: bool = False
) -> dict:
    """The sentence, then its facts one per line, then its document: a handful of elements, since
    the page's every update costs more the more elements it holds."""
    facts = [
        *([("Place", place_name)] if place_name else []),
        ("Source", _source_chain(claim["sources"])),
        ("Certainty", _certainty(claim)),
        ("Date", _date(claim)),
        *([("Numbers", "; ".join(n["phrase"] for n in claim["numbers"]))] if claim["numbers"] else []),
        *([("Layer", layer_labels.get(claim["layer"], claim["layer"]))] if claim["layer"] else []),
        *([("Here", "where the claim was made")] if claim.get("said") else []),
        *([("Corrected", CORRECTED[claim["corrected"]])] if claim.get("corrected") else []),
    ]
    return html.Li(
        className="claim",
        children=[
            html.Blockquote(_highlighted(claim), className="sentence"),
            html.P("\n".join(f"{term}: {value}" for term, value in facts), className="facts"),
            *_story(claim.get("story")),
            html.P(_document(claim), className="document"),
            *([correction_form(claim, layer_labels)] if editable else []),
        ],
    )


def _story(story: dict | None) -> list:
    """How many documents state the claim and how many independent sources stand behind it, which,
    and the claims that contest it: one paragraph and, when contested, one list."""
    if not story:
        return []
    n_docs, n_sources = len(story["documents"]), story["independent"]
    outlets = ", ".join(dict.fromkeys(d["outlet"] or d["title"] or "untitled" for d in story["documents"]))
    stated = f"Stated in {n_docs} document{'s' if n_docs != 1 else ''} ({outlets}); "
    backed = f"{n_sources} independent source{'s' if n_sources != 1 else ''}: {', '.join(story['sources'])}"
    text = stated + backed
    parts = [html.P(text, className="story")]
    if story["contested_by"]:
        against = [html.Li(f"“{c['text']}” ({c['outlet'] or 'no outlet'})") for c in story["contested_by"][:5]]
        parts.append(html.Details([html.Summary(f"Contested by {len(story['contested_by'])}"),
                                   html.Ul(against)], className="contested", open=True))  # fmt: skip
    return parts


CORRECTED = {"move": "an analyst moved this mention here", "layer": "an analyst chose this layer"}


def correction_form(claim: dict, layer_labels: dict[str, str]) -> dict:
    """Move the mention to another place the name fits, change its layer, or drop it (needs the write token)."""
    key = {"claim": claim["id"], "start": claim["mention_start"]}
    others = claim.get("place_alternatives") or []
    return html.Details(
        className="correct",
        children=[
            html.Summary("Correct this place"),
            dcc.Dropdown(
                id={"type": "fix-move", **key},
                options=[{"label": f"{name} ({score:.0%})", "value": k} for k, name, score in others],
                placeholder="Another place the name fits" if others else "No other place fits the name",
                disabled=not others,
            ),
            dcc.Dropdown(
                id={"type": "fix-layer", **key},
                options=[{"label": label, "value": name} for name, label in layer_labels.items()],
                placeholder="Another layer",
            ),
            html.Div(
                className="fix-buttons",
                children=[
                    html.Button("Apply", id={"type": "fix-apply", **key}, n_clicks=0),
                    html.Button("Not a place", id={"type": "fix-drop", **key}, n_clicks=0),
                ],
            ),
        ],
    )


def _highlighted(claim: dict) -> list:
    """The sentence with the place name marked, by offsets into the document (a claim that names
    no place: the sentence as it is)."""
    if claim.get("mention_start") is None:
        return [claim["text"]]
    start = claim["mention_start"] - claim["start"]
    end = claim["mention_end"] - claim["start"]
    text = claim["text"]
    return [text[:start], html.Mark(text[start:end]), text[end:]]


def _source_chain(sources: list[dict]) -> str:
    links = []
    for source in sources:
        role = source.get("role")
        name = source["name"]
        links.append(f"{name} ({role})" if role and role != name else name)
    return " → ".join(links)


def _certainty(claim: dict) -> str:
    label = CERTAINTY_LABELS.get(claim["certainty"], claim["certainty"])
    cues = claim["certainty_cues"]
    return f"{label} (“{'”, “'.join(cues)}”)" if cues else label


def _date(claim: dict) -> str:
    resolved = [d for d in claim["dates"] if d.get("value")]
    if resolved:
        return "; ".join(f"{d['value']} (“{d['phrase']}”, {d['precision']})" for d in resolved)
    if claim["published_earliest"]:
        return f"published {_published(claim)} (no event date in the sentence)"
    return "unknown"


def _published(claim: dict) -> str:
    first, precision = claim["published_earliest"], claim["published_precision"]
    text = str(first)
    return {"day": text, "month": text[:7], "year": text[:4]}.get(precision, f"{text}–{claim['published_latest']}")


def _document(claim: dict) -> list:
    title = claim["title"] or (claim["path"] or "").rsplit("/", 1)[-1] or "untitled"
    parts: list = ["Document: ", html.Cite(title)]
    if claim["outlet"]:
        parts.append(f" · {claim['outlet']}")
    if claim["published_earliest"]:
        parts.append(f" · published {_published(claim)}")
    if claim["url"] and claim["url"].startswith(("http://", "https://")):
        parts += [" · ", html.A("link", href=claim["url"], target="_blank", rel="noopener noreferrer")]
    return parts


TABLE_ROWS = 200  # places the table lists, most claims first
TABLE_PLACE_ANCHOR = "place-"  # a place's link in the table: "#place-123" (read by assets/keyboard.js)


def places_table(rows: list[tuple[int, str, str, str, int]], total: int) -> list:
    """The map as text: the places in view with their layer and claims, most claims first
    (``rows``: place id, name, layer, layer label, claims; ``total``: places in view). One component
    (``static_html``), not an element per cell: the page's every update costs more the more Dash
    components it holds, and 200 rows of cells are most of them. Each place is a link, the keyboard's
    way to the claims behind a marker: assets/keyboard.js selects the place as a click on it does."""
    caption = f"{total:,} place{'' if total == 1 else 's'} in view" + (
        f", the {TABLE_ROWS} most named listed" if total > len(rows) else ""
    )
    head = static.Thead(static.Tr([static.Th("Place"), static.Th("Layer"), static.Th("Claims")]))
    body = static.Tbody([static.Tr([_place_cell(place, name), _text_cell(label), static.Td(f"{n:,}")])
                         for place, name, _layer, label, n in rows])  # fmt: skip
    table = static.Div(static.Table([head, body]), className="table")
    return [html.Summary(f"The map as a table ({caption})"), static_html([table])]


@functools.lru_cache(maxsize=8192)  # the places most named are listed view after view: each cell made once
def _place_cell(place: int, name: str) -> dict:
    return static.Td(static.A(" ".join(name.split()), href=f"#{TABLE_PLACE_ANCHOR}{place}"))


@functools.lru_cache(maxsize=256)
def _text_cell(text: str) -> dict:
    return static.Td(text)

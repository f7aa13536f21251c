"""The panel's cards as one Dash component (``static_html``), drawn by assets/static_html.js: the
page's renderer holds a handful of components whatever the number of cards, the controls a
callback reads stay Dash components, and the asset draws text as text and nothing it does not know.
The asset runs in Node with a stand-in for React; skipped without Node."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from dashboard.elements import html, static_html
from dashboard.panel import claims_in_view_panel, claims_panel

SCRIPT = Path(__file__).resolve().parent.parent / "assets" / "static_html.js"
needs_node = pytest.mark.skipif(shutil.which("node") is None, reason="Node is not installed")


def a_claim(n: int, text: str = "Convoys were seen near Tromsø on Monday.", url: str = "https://example.org/a") -> dict:
    return {
        "id": n, "text": text, "start": 100, "mention_start": 123, "mention_end": 129, "layer": "logistics",
        "sources": [{"name": "a local official", "role": None}], "certainty": "reported", "certainty_cues": ["seen"],
        "dates": [], "numbers": [], "published_earliest": "2024-05-02", "published_latest": "2024-05-02",
        "published_precision": "day", "title": f"Article {n}", "path": None, "outlet": "Example News", "url": url,
        "place_name": "Tromsø", "place_address": "Tromsø, Troms, Norway", "place_country": "NO",
        "place_alternatives": [["geonames:1", "Tromsø", 0.9]],
        "story": {"documents": [{"outlet": "Example News", "title": "a"}], "independent": 1, "sources": ["x"],
                  "contested_by": [{"text": "No convoy <b>was</b> seen.", "outlet": None}]},
    }  # fmt: skip


def dash_components(layout) -> int:
    """Components Dash's renderer holds for this layout: it walks ``children`` only."""
    if isinstance(layout, list):
        return sum(dash_components(child) for child in layout)
    if isinstance(layout, dict) and "namespace" in layout:
        return 1 + dash_components(layout["props"].get("children"))
    if hasattr(layout, "to_plotly_json"):  # a dash component object (a control)
        return 1 + dash_components(getattr(layout, "children", None))
    return 0


def test_twenty_cards_are_one_component_for_the_page():
    panel = claims_in_view_panel([a_claim(n) for n in range(20)], {"logistics": "Logistics"})
    assert dash_components(panel) == 1
    assert dash_components(claims_panel({"name": "Tromsø"}, [a_claim(n) for n in range(20)], {})) == 1


def test_the_controls_of_an_editable_card_stay_dash_components():
    panel = claims_panel({"name": "Tromsø"}, [a_claim(1), a_claim(2)], {"logistics": "Logistics"}, editable=True)
    controls = panel[0]["props"]["children"]
    ids = [getattr(c, "id", None) or c["props"].get("id") for c in controls]
    assert [i["type"] for i in ids] == ["fix-move", "fix-layer", "fix-apply", "fix-drop"] * 2
    assert [i["claim"] for i in ids] == [1] * 4 + [2] * 4
    assert json.dumps(panel[0]["props"]["content"]).count('"slot"') == 8


def test_a_kept_card_is_sent_as_one_made_afresh():
    from dashboard.panel import static_card

    labels = {"logistics": "Logistics"}
    claims = [a_claim(n) for n in range(3)]
    kept = {}

    def card(claim, place_name):
        return kept.setdefault((claim["id"], place_name), static_card(claim, labels, place_name))

    assert claims_in_view_panel(claims, labels, card) == claims_in_view_panel(claims, labels)
    assert claims_in_view_panel(claims, labels, card) == claims_in_view_panel(claims, labels)  # from what was kept
    place = {"name": "Tromsø"}
    assert claims_panel(place, claims, labels, card=card) == claims_panel(place, claims, labels)
    assert len(kept) == 6


def test_an_element_holding_a_control_is_not_kept_in_static_form():
    from dashboard.elements import static_form

    with pytest.raises(ValueError):
        static_form(html.Div([html.Button("Apply", id="apply")]))


def draw_in_node(component: dict, slots: list | None = None) -> list:
    """What the asset gives React for ``component``: [tag, attributes, children] lists and strings."""
    program = (
        "globalThis.window = globalThis;"
        "globalThis.React = {Fragment: 'fragment', createElement: (tag, attributes, ...children) =>"
        " [tag, attributes || {}, children]};"
        f"require({json.dumps(str(SCRIPT))});"
        f"const props = {json.dumps(component['props'])};"
        f"if ({json.dumps(slots)} !== null) props.children = {json.dumps(slots)};"
        "process.stdout.write(JSON.stringify(window.claimsmap_components.StaticHtml(props)));"
    )
    out = subprocess.run(["node", "-e", program], capture_output=True, text=True, check=True, timeout=30)
    return json.loads(out.stdout)


def is_element(drawn) -> bool:
    return isinstance(drawn, list) and len(drawn) == 3 and isinstance(drawn[0], str) and isinstance(drawn[1], dict)


def texts(drawn) -> str:
    if isinstance(drawn, str):
        return drawn
    children = drawn[2] if is_element(drawn) else drawn if isinstance(drawn, list) else []
    return "".join(texts(child) for child in children)


def elements(drawn, tag: str) -> list:
    """Every element of this tag, in document order."""
    if not isinstance(drawn, list):
        return []
    here = [drawn] if is_element(drawn) and drawn[0] == tag else []
    return here + [e for child in (drawn[2] if is_element(drawn) else drawn) for e in elements(child, tag)]


@needs_node
def test_the_asset_draws_the_cards_text_as_text_with_the_place_marked():
    hostile = '<img src=x onerror="alert(1)"> Convoys near Tromsø.'
    claim = {**a_claim(1, text=hostile), "start": 0, "mention_start": 44, "mention_end": 50}
    drawn = draw_in_node(claims_in_view_panel([claim], {})[0])
    assert hostile in texts(drawn)  # a string, which React shows as text
    assert [texts(m) for m in elements(drawn, "mark")] == ["Tromsø"]
    assert [e[1] for e in elements(drawn, "li")][0] == {"className": "claim"}
    assert elements(drawn, "details")[0][1] == {"className": "contested", "open": True}
    assert [a[1]["href"] for a in elements(drawn, "a")] == ["https://example.org/a"]


@needs_node
def test_the_asset_draws_no_tag_or_link_it_does_not_know():
    tree = static_html([html.P(["a ", html.A("link", href="javascript:alert(1)"), " b"]), html.Script("alert(1)"),
                        {"tag": "Iframe", "props": {"src": "https://example.org"}}])  # fmt: skip
    tree["props"]["content"].append({"tag": "Iframe", "props": {"src": "https://example.org"}})
    drawn = draw_in_node(tree, slots=[])
    assert drawn[2][0] == ["p", {}, ["a ", ["a", {}, ["link"]], " b"]]  # the link kept, its href not
    assert drawn[2][1:] == [None, None, None]


@needs_node
def test_the_asset_puts_each_control_in_its_place():
    tree = static_html([html.P(["before ", html.Button("Apply", id="apply-1"), " after"])])
    drawn = draw_in_node(tree, slots=["<the Apply button>"])
    assert drawn[2][0] == ["p", {}, ["before ", "<the Apply button>", " after"]]


@needs_node
def test_the_asset_draws_the_table_of_places_with_each_place_a_link():
    from dashboard.panel import places_table

    _summary, table = places_table([(7, "Saint-Denis <b>", "military", "Military", 1200)], 1)
    drawn = draw_in_node(table)
    assert [texts(th) for th in elements(drawn, "th")] == ["Place", "Layer", "Claims"]
    assert [(a[1]["href"], texts(a)) for a in elements(drawn, "a")] == [("#place-7", "Saint-Denis <b>")]
    assert [texts(td) for td in elements(drawn, "td")] == ["Saint-Denis <b>", "Military", "1,200"]

import pytest

from geo.errors import ConfigurationError
from geo.layers import load_taxonomy, parse_taxonomy
from geo.models import Claim, ResolvedPlace


def claim(text):
    return Claim(text=text, start=0, end=len(text), sources=(), certainty="reported", certainty_cues=())


def place(text, mention, feature="city"):
    start = text.index(mention)
    return ResolvedPlace(
        mention=mention, start=start, end=start + len(mention), key=f"test:{mention}", name=mention,
        feature=feature, country=None, lat=0.0, lon=0.0, geometry={"type": "Point", "coordinates": (0, 0)}, score=1.0,
    )  # fmt: skip


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy()


@pytest.mark.parametrize(
    ("text", "mention", "feature", "layer"),
    [
        ("Recruits were trained at a camp near Omsk.", "Omsk", "city", "training"),
        ("Fighting continues around Vuhledar.", "Vuhledar", "area", "front_line"),
        ("They carried passports of residents of Tuva and Khakassia.", "Khakassia", "admin1", "origin"),
        ("Troops are training in Belarus.", "Belarus", "country", "other"),
        ("The minister visited Paris.", "Paris", "city", "other"),
    ],
)
def test_default_rules(taxonomy, text, mention, feature, layer):
    assert taxonomy.layer_of(claim(text), place(text, mention, feature)) == layer


def test_cues_before_must_precede_the_place_within_the_window(taxonomy):
    text = "Tuva was mentioned long before anyone spoke of the fake IDs found on the soldiers."
    assert taxonomy.layer_of(claim(text), place(text, "Tuva", "admin1")) == "other"


def test_analysts_change_layers_by_editing_data():
    custom = parse_taxonomy(
        {
            "default": "misc",
            "layers": {"ports": {"label": "Ports"}, "misc": {"label": "Misc"}},
            "rules": [{"layer": "ports", "features": ["city"], "cues": ["port", "harbour"]}],
        }
    )
    text = "Grain ships left the port of Odesa."
    assert custom.layer_of(claim(text), place(text, "Odesa")) == "ports"
    assert [layer.label for layer in custom.layers] == ["Ports", "Misc"]


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ({"layers": {"a": {}}, "default": "b"}, "default layer 'b'"),
        ({"layers": {"a": {}}, "default": "a", "rules": [{"layer": "z", "cues": ["x"]}]}, "layer 'z' is not one of"),
        ({"layers": {"a": {}}, "default": "a", "rules": [{"layer": "a", "features": ["moon"], "cues": ["x"]}]}, "moon"),
        ({"layers": {"a": {}}, "default": "a", "rules": [{"layer": "a"}]}, "needs 'cues'"),
    ],
)
def test_a_wrong_taxonomy_says_what_is_wrong(spec, message):
    with pytest.raises(ConfigurationError, match=message):
        parse_taxonomy(spec)

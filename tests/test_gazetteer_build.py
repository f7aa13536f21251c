"""The script that builds the gazetteer's world data from registry packages: its joins."""

import json
import sys
from pathlib import Path

import pytest
from shapely.geometry import box, mapping, shape

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

from build_boundaries import check_references  # noqa: E402
from build_districts import MAX_DATASET_UNITS, district_features, province_features  # noqa: E402
from build_gazetteer_data import admin1_rows, county_geonames_ids, region_group  # noqa: E402


def natural_earth_region(name: str, alternates: str, bounds: tuple, gn_id: int) -> dict:
    properties = {"iso_a2": "XX", "name": name, "name_en": name, "name_alt": alternates, "gn_id": gn_id,
                  "gn_a1_code": "", "code_hasc": f"XX.{name[:2].upper()}"}  # fmt: skip
    return {"type": "Feature", "properties": properties, "geometry": mapping(box(*bounds))}


def our_region(name: str, bounds: tuple) -> dict:
    properties = {"id": f"XX-{name.lower()}", "name": name, "country": "XX", "hasc": "XX."}
    return {"type": "Feature", "properties": properties, "geometry": mapping(box(*bounds))}


def test_a_region_takes_the_names_of_the_record_whose_polygon_holds_it_among_those_of_its_name():
    # The inland record lists the port's name among its own, as Natural Earth does for some regions;
    # the port keeps its own record, and the inland region is found by its polygon though our source
    # calls it by the port's name.
    natural_earth = [
        natural_earth_region("Highland", "Port Town", (10, 0, 20, 10), 2),
        natural_earth_region("Port Town", "", (0, 0, 1, 1), 1),
    ]
    ours = [our_region("Port Town", (0, 0, 1, 1)), our_region("Port Town", (12, 2, 18, 8))]
    rows = admin1_rows(ours, natural_earth)
    assert [row["geonameid"] for row in rows] == [1, 2]
    assert rows[0]["names"] == "Port Town"


def test_a_region_our_polygons_call_by_an_old_name_is_shown_by_its_current_one():
    natural_earth = [natural_earth_region("Newshire", "Oldshire", (0, 0, 4, 4), 1)]
    assert admin1_rows([our_region("Oldshire", (0, 0, 4, 4))], natural_earth)[0]["name"] == "Newshire"
    # Its own name, or a record that is not the same region (one ten times larger), leaves ours.
    assert admin1_rows([our_region("Newshire", (0, 0, 4, 4))], natural_earth)[0]["name"] == ""
    assert admin1_rows([our_region("Oldshire", (0, 0, 1, 1.6))], natural_earth)[0]["name"] == ""


def test_a_province_belongs_to_natural_earths_region_without_its_number_and_a_region_to_none():
    assert region_group({"name": "Bulacan", "region": "Central Luzon (Region III)"}) == "Central Luzon"
    assert region_group({"name": "Bam", "region": "Centre-Nord"}) == "Centre-Nord"
    assert region_group({"name": "Kordestan", "region": "Kordestan"}) == ""
    assert region_group({"name": "Ohio"}) == ""


def test_every_part_of_a_well_known_area_and_every_aliased_region_is_in_the_boundary_files():
    root = Path(__file__).resolve().parents[1]
    ids = {}
    for name in ("countries", "admin1"):
        collection = json.loads((root / "assets" / "boundaries" / f"{name}.geojson").read_text(encoding="utf-8"))
        ids[name] = {feature["properties"]["id"] for feature in collection["features"]}
    assert check_references(root / "geo" / "data", ids["countries"], ids["admin1"]) == []


# --- districts (scripts/build_districts.py) ---------------------------------------------------


def district_unit(name: str, bounds: tuple, label: str = "Elsewhere", dataset: str = "111") -> dict:
    return {"name": name, "shape_id": f"{dataset}B{abs(hash(name)) % 10**9}", "dataset": dataset,
            "admin1": label, "wkb": box(*bounds).wkb}  # fmt: skip


def region_feature(ident: str, country: str, bounds: tuple) -> dict:
    properties = {"id": ident, "name": ident.split("-", 1)[1].title(), "country": country}
    return {"type": "Feature", "properties": properties, "geometry": mapping(box(*bounds))}


REGIONS = [region_feature("AA-north", "AA", (0, 0, 10, 10)), region_feature("BB-south", "BB", (10, 0, 20, 10))]


def town(name: str, country: str, lon: float, lat: float, population: int = 800) -> dict:
    return {"name": name, "countrycode": country, "longitude": lon, "latitude": lat, "population": population,
            "alternatenames": []}  # fmt: skip


def kept_districts(units: list[dict], towns: list[dict] = ()) -> dict[str, dict]:
    features, _ = district_features(units, REGIONS, list(towns), ["Farland"])
    return {f["properties"]["name"]: f["properties"] for f in features}


def test_a_district_is_in_the_country_whose_region_holds_it_not_the_one_its_label_names():
    # A territory on a border labelled with its neighbour, as the package labels some.
    kept = kept_districts([district_unit("Kaburo", (11, 1, 12, 2), label="Country of AA")])
    assert kept["Kaburo"]["country"] == "BB" and kept["Kaburo"]["state"] == "BB-south"


def test_a_district_a_town_of_its_name_stands_for_is_left_to_the_town():
    units = [district_unit("Mbalo", (1, 1, 2, 2)), district_unit("Ndeko", (3, 3, 4, 4))]
    # A town of the name inside the district, and one in another country far off, which stands for nothing here.
    kept = kept_districts(units, [town("Mbalo", "AA", 1.5, 1.5), town("Ndeko", "BB", 15, 5)])
    assert set(kept) == {"Ndeko"}


def test_districts_named_as_words_countries_or_regions_are_left_out_and_designators_give_the_bare_name():
    names = ["East", "Richmond Park", "Farland", "North", "KHACHMAZ DISTRICT", "Hwange 18", "Tedre?ula", "بخش خارک"]
    units = [district_unit(n, (1 + i, 1, 1.5 + i, 1.5)) for i, n in enumerate(names)]
    kept = kept_districts(units)
    assert list(kept) == ["Khachmaz District"]
    assert kept["Khachmaz District"]["names"] == ["Khachmaz District", "Khachmaz"]


def test_a_dataset_of_villages_is_left_out_and_one_of_districts_kept():
    villages = [district_unit(f"Kiv{'a' * n}ru", (1, 1, 2, 2), dataset="222") for n in range(1, MAX_DATASET_UNITS + 2)]
    kept = kept_districts([*villages, district_unit("Gatumba", (5, 5, 6, 6))])
    assert list(kept) == ["Gatumba"]


def province_unit(name: str, bounds: tuple, province: str, country: str = "Aland") -> dict:
    return {**district_unit(name, bounds, label=country), "admin2": province}


def test_a_province_natural_earth_lacks_is_the_union_of_the_districts_its_labels_name():
    units = [
        province_unit("Djugo", (1, 1, 2, 2), "Iturbo"),
        province_unit("Irumo", (2, 1, 3, 2), "Iturbo"),
        province_unit("Masiso", (4, 4, 5, 5), "North"),  # Natural Earth's region already answers to it
        province_unit("Maso", (5, 4, 6, 5), "North"),
        province_unit("Lone", (7, 7, 8, 8), "Solo"),  # one district: the district itself, or a stray label
        province_unit("Kabar", (11, 1, 12, 2), "Iturbo", country="Beland"),  # a neighbour's, across the border
    ]
    known = {("AA", "north")}
    features = province_features(units, REGIONS, known, {"aland": "AA", "beland": "BB"})
    assert [(f["properties"]["name"], f["properties"]["country"]) for f in features] == [("Iturbo", "AA")]
    assert shape(features[0]["geometry"]).area == pytest.approx(2, rel=0.05)


def test_a_us_countys_geonames_id_is_read_by_its_geonames_admin2_code(tmp_path):
    subdivisions = tmp_path / "subdivisions.tsv"
    rows = [
        "Rapides Parish\t\tUS.LA.079\t4338356\t\tRapides\t2\t46253\t233",
        "Louisiana\tUS-LA\tUS.LA\t4331987\tState\tState of Louisiana\t1\t\t233",
        "Ordino\tAD-05\tAD.05\t3039676\tParish\tParròquia d'Ordino\t1\t\t1",
    ]
    subdivisions.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert county_geonames_ids(subdivisions) == {"US.LA.079": 4338356}


def test_every_us_county_but_a_few_carries_its_geonames_id():
    collection = json.loads(
        (Path(__file__).parents[1] / "assets/boundaries/admin2.geojson").read_text(encoding="utf-8")
    )
    ids = [f["properties"].get("geonameid") for f in collection["features"]]
    assert sum(1 for i in ids if i) > 0.95 * len(ids)


def test_the_gazetteer_cache_does_not_depend_on_the_claim_lexicon_or_the_layer_taxonomy(tmp_path):
    # Editing a cue word or a layer rule must not rebuild the gazetteer (a minute and more a process).
    from geo.gazetteer import DATA_DIR, _input_files

    inputs = {path.name for path in _input_files(tmp_path)}
    assert {"macro_regions.yaml", "natural_features.yaml"} <= inputs
    assert not {"claims_lexicon.yaml", "taxonomy.yaml"} & inputs
    assert {path.name for path in DATA_DIR.glob("*.csv")} <= inputs

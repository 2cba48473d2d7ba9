"""The Python content API: shapes, values and errors."""

from __future__ import annotations

from pathlib import Path

import pytest

import crampwise
from crampwise import content

from .conftest import DATA_DIR

FORM_IDS = {
    "glycinate",
    "malate",
    "citrate",
    "oxide",
    "chloride",
    "sulfate",
    "taurate",
    "l_threonate",
    "lactate",
    "aspartate",
    "carbonate",
    "hydroxide",
    "orotate",
    "gluconate",
}

COLLECTIONS = [
    "sources",
    "claims",
    "forms",
    "intakes",
    "foods",
    "medications",
    "conditions",
    "red_flags",
    "notes",
    "companions",
    "lifestyle",
    "mechanisms",
    "faq",
    "label_checklist",
]


def test_versions() -> None:
    assert crampwise.__version__ == "0.1.0"
    version = crampwise.content_version()
    semver, _, digest = version.partition("+")
    assert semver.count(".") == 2, version
    assert len(digest) == 12 and all(c in "0123456789abcdef" for c in digest), version
    assert content.version() == version


def test_collections_are_the_contract_list() -> None:
    assert content.collections() == COLLECTIONS


def test_the_fourteen_forms() -> None:
    forms = content.forms()
    assert {f["id"] for f in forms} == FORM_IDS
    assert len(forms) == 14
    for form in forms:
        assert isinstance(form["name"], str) and form["name"]
        fraction = form["elemental_fraction"]
        assert isinstance(fraction, float), form["id"]
        assert 0 < fraction < 1, form["id"]


def test_foods_have_servings_and_milligrams() -> None:
    foods = content.foods()
    assert foods
    for food in foods:
        assert {"id", "name", "serving", "mg_per_serving"} <= food.keys()
        assert food["mg_per_serving"] > 0, food["id"]


def test_claims_cite_known_sources() -> None:
    source_ids = {s["id"] for s in content.sources()}
    for claim in content.claims():
        assert claim["sources"], claim["id"]
        assert set(claim["sources"]) <= source_ids, claim["id"]


def test_intakes_have_both_tables() -> None:
    intakes = content.intakes()
    assert set(intakes) == {"rda", "upper_limit"}
    for bands in intakes.values():
        assert bands[0]["from"] == 0
        assert bands[-1]["to"] > 120


@pytest.mark.parametrize("name", COLLECTIONS)
def test_every_collection_loads(name: str) -> None:
    items = content.collection(name)
    assert items
    if name != "intakes":
        assert all(isinstance(item["id"], str) for item in items)


def test_unknown_collection_is_a_content_error() -> None:
    with pytest.raises(crampwise.ContentError, match=r"unknown collection `fromz`; expected one of `sources`"):
        content.collection("fromz")
    assert issubclass(crampwise.ContentError, ValueError)


def test_get_finds_any_id() -> None:
    glycinate = content.get("glycinate")
    assert glycinate["id"] == "glycinate"
    assert glycinate == next(f for f in content.forms() if f["id"] == "glycinate")
    assert content.find("glycinate") == ("forms", glycinate)
    food = content.foods()[0]
    assert content.find(food["id"]) == ("foods", food)


def test_unknown_id_raises() -> None:
    assert content.find("no_such_item") is None
    with pytest.raises(crampwise.UnknownIdError) as raised:
        content.get("no_such_item")
    assert isinstance(raised.value, KeyError)
    assert isinstance(raised.value, crampwise.ContentError)
    assert str(raised.value) == "unknown content id `no_such_item`; no item in any collection has it"


def test_content_dir_loads_the_same_content() -> None:
    assert content.version(content_dir=DATA_DIR) == content.version()
    assert content.forms(content_dir=str(DATA_DIR)) == content.forms()
    assert content.get("glycinate", content_dir=DATA_DIR) == content.get("glycinate")


def test_bad_content_dir_is_a_content_error(tmp_path: Path) -> None:
    with pytest.raises(crampwise.ContentError, match="does not validate"):
        content.forms(content_dir=tmp_path)

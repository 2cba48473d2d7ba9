"""One field table: `crampwise.fields()` is the engine's, and the schema, the
parser, `crampwise.testing` and `crampwise.dask` all follow it."""

from __future__ import annotations

import random
from typing import Any, Dict, List, Set

import jsonschema  # type: ignore[import-untyped,unused-ignore]
import pytest
from hypothesis import HealthCheck, given, settings

import crampwise
import crampwise.dask
from crampwise import testing

INPUTS = [f for f in crampwise.fields() if f["source"] == "profile"]


def paths_of(profile: Dict[str, Any]) -> Set[str]:
    """The field paths a profile gives (`supplements[].form` for a supplements entry's)."""
    out: Set[str] = set()
    for key, value in profile.items():
        if isinstance(value, dict):
            out.update(f"{key}.{inner}" for inner in value)
        else:
            out.add(key)
        if key == "supplements":
            out.update(f"supplements[].{k}" for entry in value for k in entry)
    return out


def with_value(path: str, value: Any) -> Dict[str, Any]:
    profile: Dict[str, Any] = {"age": 30}
    head, _, key = path.partition(".")
    if head == "supplements[]":
        entry: Dict[str, Any] = (
            {"form": "citrate", "elemental_mg": 1}
            if key in ("form", "elemental_mg")
            else {"nutrient": "taurine", "mg": 1}
        )
        entry[key] = value
        profile["supplements"] = [entry]
    elif key:
        profile[head] = {key: value}
    else:
        profile[path] = value
    return profile


def test_the_condition_fields_keep_their_keys_and_come_first() -> None:
    fields = crampwise.fields()
    conditions = [f for f in fields if f["condition"]]
    assert fields[: len(conditions)] == conditions
    for f in fields:
        assert set(f) == {"path", "kind", "values", "minimum", "maximum", "source", "condition", "required"}
        assert f["source"] in ("profile", "derived")
        assert (f["minimum"] is not None) == (f["kind"] == "number" and f["source"] == "profile")
    by_path = {f["path"]: f for f in fields}
    assert by_path["age"]["required"] and (by_path["age"]["minimum"], by_path["age"]["maximum"]) == (0, 120)
    assert by_path["diet_gap_mg"]["source"] == "derived"
    assert not by_path["supplements[].form"]["condition"]
    assert "bisglycinate" in by_path["supplements[].form"]["values"]


@pytest.mark.parametrize("field", [f for f in INPUTS if f["kind"] == "number"], ids=lambda f: f["path"])
def test_each_range_is_the_one_the_parser_and_schema_use(field: crampwise.Field) -> None:
    low, high = field["minimum"], field["maximum"]
    assert low is not None and high is not None
    crampwise.recommend(with_value(field["path"], low))
    crampwise.recommend(with_value(field["path"], high))
    with pytest.raises(crampwise.ProfileError, match=f"expected a number from {low:g} to {high:g}"):
        crampwise.recommend(with_value(field["path"], high + 0.01))
    with pytest.raises(crampwise.ProfileError):
        crampwise.recommend(with_value(field["path"], low - 0.01))
    schema = crampwise.schema("profile")
    node: Dict[str, Any] = schema
    parts = field["path"].split(".")
    for part in parts[:-1]:
        prop = node["properties"][part.rstrip("[]")]
        if part.endswith("[]"):
            prop = prop["items"]
        ref = prop.get("$ref") or next(a["$ref"] for a in prop["anyOf"] if "$ref" in a)
        node = schema["$defs"][ref.rsplit("/", 1)[-1]]
    prop = node["properties"][parts[-1]]
    assert (prop["minimum"], prop["maximum"]) == (low, high)


def test_the_testing_tables_are_the_engines() -> None:
    columns = {f["path"]: f for f in INPUTS if "[]" not in f["path"]}
    assert set(testing.NUMBERS) | set(testing.ENUMS) | set(testing.SETS) | set(testing.BOOLS) | {
        "supplements"
    } == set(columns)
    for path, (low, high) in testing.NUMBERS.items():
        assert (low, high) == (columns[path]["minimum"], columns[path]["maximum"])
    for path, values in {**testing.ENUMS, **testing.SETS}.items():
        assert list(values) == columns[path]["values"]


def test_random_profiles_cover_every_profile_field() -> None:
    rng = random.Random(5)
    seen: Set[str] = set()
    for _ in range(300):
        seen |= paths_of(testing.random_profile(rng))
    assert seen == {f["path"] for f in INPUTS}


def test_hypothesis_profiles_cover_every_profile_field() -> None:
    seen: List[Set[str]] = []

    @settings(max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
    @given(testing.profiles())
    def collect(profile: Dict[str, Any]) -> None:
        seen.append(paths_of(profile))

    collect()
    assert set().union(*seen) == {f["path"] for f in INPUTS}


def test_dask_columns_are_the_engines() -> None:
    columns = crampwise.dask.profile_columns()
    assert list(columns) == [f["path"] for f in INPUTS if "[]" not in f["path"]]
    # The columns that must never be text, as they were written out before.
    assert crampwise.dask._not_text() == {
        "cramps.timing", "cramps.sites", "symptoms", "conditions", "medications", "supplements",
        "preferences.avoid", "lactating", "cramps.one_sided", "cramps.eases_with_stretching",
        "cramps.sudden_onset", "cramps.task_specific", "lifestyle.heavy_sweating",
    }  # fmt: skip


PROFILE_SCHEMA = jsonschema.Draft202012Validator(crampwise.schema("profile"))


def schema_and_parser_agree(profile: Dict[str, Any]) -> bool:
    """Whether a JSON Schema validator and the engine's parser both accept
    `profile`, or both refuse it (and which)."""
    by_schema = PROFILE_SCHEMA.is_valid(profile)
    try:
        crampwise.recommend(profile)
        by_parser = True
    except crampwise.ProfileError:
        by_parser = False
    assert by_schema == by_parser, (profile, by_schema, by_parser)
    return by_parser


@pytest.mark.parametrize("field", INPUTS, ids=lambda f: f["path"])
def test_a_validator_with_the_schema_accepts_what_the_parser_accepts(field: crampwise.Field) -> None:
    """A form built from the schema takes exactly what the engine takes:
    every value and other spelling of a choice, the bounds of a range, and
    nothing just past them or outside the list."""
    path, kind = field["path"], field["kind"]
    if kind == "number":
        low, high = field["minimum"], field["maximum"]
        assert low is not None and high is not None
        assert schema_and_parser_agree(with_value(path, low))
        assert schema_and_parser_agree(with_value(path, high))
        assert not schema_and_parser_agree(with_value(path, high + 0.5))
        assert not schema_and_parser_agree(with_value(path, low - 0.5))
    elif kind in ("enum", "set"):
        for value in field["values"]:
            assert schema_and_parser_agree(with_value(path, [value] if kind == "set" else value))
        wrong = "not_a_value"
        assert not schema_and_parser_agree(with_value(path, [wrong] if kind == "set" else wrong))
    elif kind == "bool":
        assert schema_and_parser_agree(with_value(path, True))
        assert not schema_and_parser_agree(with_value(path, "yes"))
    assert not schema_and_parser_agree({"age": 30, "not_a_field": 1})

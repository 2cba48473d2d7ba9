"""recommend_batch: an Arrow table gives, row by row, what the same profiles
give one at a time, for every string layout, and bad rows are handled."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List

import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]
import pytest

import crampwise

ROOT = Path(__file__).resolve().parent.parent
PROFILES = [
    json.loads(line)
    for line in (ROOT / "tests" / "fixtures" / "cross_language_profiles.jsonl")
    .read_text(encoding="utf-8")
    .splitlines()
][:400]

NUMBERS = [
    "age", "cramps.per_week", "cramps.severity", "cramps.weeks",
    "lifestyle.exercise_per_week", "lifestyle.caffeine_cups_per_day",
    "lifestyle.alcohol_drinks_per_week", "lifestyle.stress",
    "lifestyle.water_liters_per_day", "lifestyle.sitting_hours_per_day",
    "diet_magnesium_mg",
]  # fmt: skip
BOOLS = ["lactating", "cramps.one_sided", "lifestyle.heavy_sweating"]
TEXTS = ["sex", "pregnancy", "lifestyle.diet", "preferences.format", "jurisdiction"]
LISTS = ["cramps.timing", "cramps.sites", "symptoms", "conditions", "medications",
         "preferences.avoid"]  # fmt: skip
SUPPLEMENT = pa.struct([("form", pa.string()), ("elemental_mg", pa.float64()),
                        ("nutrient", pa.string()), ("mg", pa.float64())])  # fmt: skip


def get(profile: Dict[str, Any], path: str) -> Any:
    value: Any = profile
    for key in path.split("."):
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value


def table(profiles: List[Dict[str, Any]], text: pa.DataType = pa.string()) -> pa.Table:
    columns: Dict[str, pa.Array] = {}
    for name in NUMBERS:
        columns[name] = pa.array([get(p, name) for p in profiles], pa.float64())
    for name in BOOLS:
        columns[name] = pa.array([get(p, name) for p in profiles], pa.bool_())
    for name in TEXTS:
        columns[name] = pa.array([get(p, name) for p in profiles], text)
    for name in LISTS:
        columns[name] = pa.array([get(p, name) for p in profiles], pa.list_(text))
    columns["supplements"] = pa.array(
        [p.get("supplements") for p in profiles], pa.list_(SUPPLEMENT)
    )
    return pa.table(columns)


@pytest.mark.parametrize("text", [pa.string(), pa.large_string(), pa.string_view()])
def test_a_table_gives_what_each_profile_gives(text: pa.DataType) -> None:
    out = pa.table(crampwise.recommend_batch(table(PROFILES, text), full=True))
    assert out.num_rows == len(PROFILES)
    rows = out.to_pylist()
    for profile, row in zip(PROFILES, rows):
        plan_json = crampwise.recommend_json(json.dumps(profile))
        assert row["plan_json"] == plan_json
        plan = json.loads(plan_json)
        assert row["triage_level"] == plan["triage"]["level"]
        assert row["supplement_status"] == plan["supplement"]["status"]
        assert row["daily_max_mg"] == plan["supplement"]["daily_elemental_mg"]["max"]
        total = sum(d["elemental_mg"] for d in plan["supplement"]["schedule"])
        assert row["schedule_total_mg"] == total
        assert row["rules"] == [t["rule"] for t in plan["trace"]]
        assert row["forms"] == [d["form"] for d in plan["supplement"]["schedule"][:1]]


def test_categorical_text_columns_from_pandas_read_as_their_strings() -> None:
    plain = table(PROFILES)
    frame = plain.select(["age", *TEXTS]).to_pandas()
    for name in TEXTS:
        frame[name] = frame[name].astype("category")
    categorical = pa.Table.from_pandas(frame, preserve_index=False)
    assert pa.types.is_dictionary(categorical.schema.field("sex").type)
    got = pa.table(crampwise.recommend_batch(categorical, errors="collect"))
    want = pa.table(crampwise.recommend_batch(plain.select(["age", *TEXTS]), errors="collect"))
    assert got.equals(want)


def test_output_types_are_spark_friendly_and_stream_in_batches() -> None:
    t = table(PROFILES)
    reader = pa.RecordBatchReader.from_batches(t.schema, t.to_batches(max_chunksize=50))
    out = pa.table(crampwise.recommend_batch(reader))
    assert out.num_rows == len(PROFILES)
    assert out.schema.field("triage_level").type == pa.string()
    assert out.schema.field("daily_max_mg").type == pa.float64()
    assert out.schema.field("rules").type == pa.list_(pa.string())
    assert "plan_json" not in out.schema.names and "error" not in out.schema.names


def test_bad_rows_are_collected_one_output_row_each() -> None:
    t = pa.table({"age": pa.array([40, None, 200, 30], pa.int64()),
                  "sex": pa.array(["female", "male", None, "other"])})  # fmt: skip
    out = pa.table(crampwise.recommend_batch(t, errors="collect")).to_pylist()
    assert len(out) == 4
    assert out[0]["error"] is None and out[0]["triage_level"] == "self_care"
    assert out[1]["error"] == "row 1 (counted from 0): missing field `age`"
    assert out[1]["triage_level"] is None
    assert out[2]["error"] == "row 2 (counted from 0): age: expected a number from 0 to 120, got `200`"
    assert out[3]["error"].startswith("row 3 (counted from 0): sex: unknown variant `other`")
    with pytest.raises(crampwise.ProfileError, match=r"row 1 \(counted from 0\): missing field `age`"):
        crampwise.recommend_batch(t)


def test_unknown_columns_and_bad_options_raise_at_once() -> None:
    with pytest.raises(ValueError, match="column `conditons`: not a profile field; did you mean `conditions`"):
        crampwise.recommend_batch(pa.table({"conditons": [1]}))
    with pytest.raises(ValueError, match="errors: expected `raise` or `collect`, got `ignore`"):
        crampwise.recommend_batch(pa.table({"age": [1]}), errors="ignore")  # type: ignore[arg-type]

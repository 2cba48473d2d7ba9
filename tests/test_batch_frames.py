"""recommend_batch with tables as analysts have them: pyarrow, pandas (a
filtered frame, its index), polars (struct columns from profile dicts), a CSV
in the command line's format read by pandas and polars, DuckDB; kept
columns; bad rows as `ProfileError` with their position."""

from __future__ import annotations

import io
import pickle
from typing import Any, Dict, List

import duckdb  # type: ignore[import-untyped,unused-ignore]
import pandas as pd  # type: ignore[import-untyped,unused-ignore]
import polars as pl  # type: ignore[import-untyped,unused-ignore]
import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]
import pytest

import crampwise

from .conftest import ROOT

PROFILES: List[Dict[str, Any]] = [
    {"age": 63, "cramps": {"per_week": 3, "timing": ["night"]}, "conditions": [], "medications": []},
    {"age": 34, "pregnancy": "trimester3", "cramps": {"per_week": 4, "timing": ["night"]}},
    {"age": 70, "cramps": {"per_week": 2, "timing": ["during_exercise", "night"]},
     "conditions": ["kidney_disease"], "lifestyle": {"diet": "vegan", "stress": 4}},
    {"age": 45, "symptoms": ["leg_swelling", "leg_redness_warmth"], "cramps": {"one_sided": True}},
]  # fmt: skip


def want(profiles: List[Dict[str, Any]]) -> List[Any]:
    """What each profile gives alone: (triage, status)."""
    return [(p.triage_level, p.status) for p in (crampwise.recommend(x) for x in profiles)]


def got(result: Any) -> List[Any]:
    table = pa.table(result)
    return list(zip(table.column("triage_level").to_pylist(),
                    table.column("supplement_status").to_pylist()))  # fmt: skip


def test_the_result_is_a_pyarrow_table_every_library_reads() -> None:
    frame = pl.DataFrame(PROFILES)
    result = crampwise.recommend_batch(frame)
    assert isinstance(result, pa.Table)
    # Its own methods need nothing more than pyarrow, and reading does not consume it.
    assert result.schema.names[:2] == ["triage_level", "supplement_status"]
    assert result.num_rows == len(PROFILES)
    assert got(result) == want(PROFILES) == got(result)
    # polars, both ways, gives a DataFrame.
    for frame_of in (pl.DataFrame, pl.from_arrow):
        polars_frame = frame_of(result)
        assert isinstance(polars_frame, pl.DataFrame)
        assert polars_frame["triage_level"].to_list() == [t for t, _ in want(PROFILES)]
    # pandas
    pandas_frame = result.to_pandas()
    assert pandas_frame["supplement_status"].tolist() == [s for _, s in want(PROFILES)]
    # DuckDB, through the PyCapsule interface.
    relation = duckdb.sql("select triage_level, count(*) as n from result group by 1 order by 1")
    assert relation is not None
    counts = relation.fetchall()
    assert dict(counts) == {"clinician": 2, "self_care": 1, "urgent": 1}


def test_a_stream_gives_a_lazy_pyarrow_reader() -> None:
    table = pa.table(pl.DataFrame(PROFILES))
    reader = pa.RecordBatchReader.from_batches(table.schema, table.to_batches(max_chunksize=1))
    result = crampwise.recommend_batch(reader)
    assert isinstance(result, pa.RecordBatchReader)
    assert result.schema.names[0] == "triage_level"
    batches = list(result)
    assert [b.num_rows for b in batches] == [1, 1, 1, 1]
    assert got(pa.Table.from_batches(batches)) == want(PROFILES)


def test_duckdb_relations_are_read_as_streams() -> None:
    frame = pa.table({"age": [40, 70, 8], "cramps.per_week": [1, 2, 3]})  # noqa: F841 (read by DuckDB)
    relation = duckdb.sql('select * from frame')
    result = crampwise.recommend_batch(relation)
    assert got(pa.table(result)) == want([{"age": 40, "cramps": {"per_week": 1}},
                                          {"age": 70, "cramps": {"per_week": 2}},
                                          {"age": 8, "cramps": {"per_week": 3}}])  # fmt: skip


def test_a_filtered_pandas_frame_leaves_its_index_out() -> None:
    frame = pd.DataFrame({"age": [30, 50, 70, 80], "cramps.per_week": [1, 2, 3, 4]})
    older = frame[frame.age > 40]
    for table in (older, pa.Table.from_pandas(older), older.set_index("cramps.per_week")):
        result = crampwise.recommend_batch(table)
        assert result.num_rows == 3
    indexed = pd.DataFrame({"age": [45, 71]}, index=pd.Index([7, 9], name="user_id"))
    out = crampwise.recommend_batch(indexed, keep=["user_id"])
    assert out.column("user_id").to_pylist() == [7, 9]


def test_polars_struct_columns_read_as_dotted_paths_at_every_depth() -> None:
    profiles = [*PROFILES, {"age": 50, "supplements": [{"form": "citrate", "elemental_mg": 200}],
                            "preferences": {"format": "capsule", "avoid": ["artificial_colors"]}}]  # fmt: skip
    frame = pl.DataFrame(profiles)
    assert isinstance(frame.schema["cramps"], pl.Struct)
    assert got(crampwise.recommend_batch(frame, full=True)) == want(profiles)
    plans = crampwise.recommend_batch(frame, full=True).column("plan_json").to_pylist()
    assert plans == [crampwise.recommend(p).to_json() for p in profiles]
    with pytest.raises(ValueError, match=r"column `cramps\.per_wek`: not a profile field; did you mean `cramps\.per_week`\?"):
        crampwise.recommend_batch(pl.DataFrame([{"age": 40, "cramps": {"per_wek": 3}}]))


CLI_CSV = ROOT / "examples" / "batch" / "cohort.csv"


def test_a_csv_in_the_command_lines_format_reads_with_pandas_and_polars() -> None:
    text = CLI_CSV.read_text(encoding="utf-8")
    assert ";" in text
    from_pandas = crampwise.recommend_batch(pd.read_csv(io.StringIO(text)), full=True)
    from_polars = crampwise.recommend_batch(pl.read_csv(io.StringIO(text)), full=True)
    assert from_pandas.column("plan_json").to_pylist() == from_polars.column("plan_json").to_pylist()
    # What `crampwise batch examples/batch/cohort.csv` counts (README).
    levels = from_polars.column("triage_level").to_pylist()
    statuses = from_polars.column("supplement_status").to_pylist()
    assert sorted(levels) == ["clinician", "clinician", "self_care", "self_care"]
    assert sorted(statuses) == ["clinician_first", "not_advised", "not_advised", "suggested"]
    joined = pa.table({"cramps.timing": ["night; sitting", "[]", None], "age": [50, 50, 50]})
    plans = crampwise.recommend_batch(joined, full=True).column("plan_json").to_pylist()
    assert plans == [crampwise.recommend(p).to_json() for p in (
        {"age": 50, "cramps": {"timing": ["night", "sitting"]}},
        {"age": 50, "cramps": {"timing": []}},
        {"age": 50},
    )]  # fmt: skip


def test_kept_columns_pass_through_unchanged_and_in_order() -> None:
    dates = pa.array([1, 2, 3, 4], pa.int32()).cast(pa.date32())
    frame = pa.table(pl.DataFrame(PROFILES)).append_column("user_id", pa.array(["a", "b", "c", "d"]))
    frame = frame.append_column("seen", dates)
    out = crampwise.recommend_batch(frame, errors="collect", keep=["seen", "user_id"])
    assert out.schema.names[-3:] == ["error", "seen", "user_id"]
    assert out.column("seen").equals(frame.column("seen"))
    assert out.column("user_id").to_pylist() == ["a", "b", "c", "d"]
    with pytest.raises(ValueError, match=r"column `user_idd`: is in `keep` but not in the input; did you mean `user_id`\?"):
        crampwise.recommend_batch(frame, keep=["user_idd"])
    with pytest.raises(ValueError, match=r"column `user_id`: not a profile field"):
        crampwise.recommend_batch(frame, keep=["seen"])


BAD = {"age": [40, 41, 400, 42], "sex": [None, None, None, "other"]}


@pytest.mark.parametrize("library", ["pyarrow", "pandas", "polars"])
def test_a_bad_row_raises_profile_error_with_its_position(library: str) -> None:
    table = pa.table(BAD)
    data: Any = {"pyarrow": table, "pandas": table.to_pandas(), "polars": pl.from_arrow(table)}[library]
    with pytest.raises(crampwise.ProfileError) as caught:
        crampwise.recommend_batch(data)
    error = caught.value
    assert error.row == 2
    assert str(error) == "row 2 (counted from 0): age: expected a number from 0 to 120, got `400`"
    assert error.errors() == [{"path": "age", "message": "expected a number from 0 to 120, got `400`",
                               "input": 400}]  # fmt: skip
    again = pickle.loads(pickle.dumps(error))
    assert again.row == 2 and str(again) == str(error)


def test_collect_gives_each_error_its_position_and_a_stream_stays_lazy() -> None:
    table = pa.table(BAD)
    out = crampwise.recommend_batch(table, errors="collect").column("error").to_pylist()
    assert out[:2] == [None, None]
    assert out[2] == "row 2 (counted from 0): age: expected a number from 0 to 120, got `400`"
    assert out[3].startswith("row 3 (counted from 0): sex: unknown variant `other`")
    reader = pa.RecordBatchReader.from_batches(table.schema, table.to_batches(max_chunksize=1))
    lazy = crampwise.recommend_batch(reader)  # nothing read yet: no error
    with pytest.raises(pa.ArrowInvalid, match=r"row 2 \(counted from 0\): age: expected"):
        lazy.read_all()

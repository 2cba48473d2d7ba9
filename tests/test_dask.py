"""crampwise.dask on a real distributed cluster: the same results as one process.

A `LocalCluster` with two worker processes (one thread each) evaluates 2,000
synthetic profiles in 4 partitions; every column (with `full=True`, the plan
JSON too) must equal what the single-process path gives for the same pandas
frame, with the partition index kept. Worker processes build their own
engine (nothing unpicklable travels in the task graph).

The Spark test at the end runs only where pyspark and Java are installed.
"""

from __future__ import annotations

import importlib
import logging
import os
import shutil
import sys
from typing import Any, Iterator

import cloudpickle  # type: ignore[import-untyped,unused-ignore]
import dask
import dask.dataframe
import distributed
import pandas as pd  # type: ignore[import-untyped,unused-ignore]
import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]
import pytest

import crampwise.dask as cwdask
from tests.benchmarks.profiles import profiles, to_table

N = 2000
BAD_ROWS = (5, 777, 1999)  # out-of-range values: one `error` row each with errors="collect"

# Much of dask's DataFrame and distributed API is not annotated.
dd: Any = dask.dataframe
Client: Any = distributed.Client
LocalCluster: Any = distributed.LocalCluster


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    cluster = LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=logging.ERROR,
    )
    client = Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


@pytest.fixture(scope="module")
def frame() -> Any:
    """2,000 profiles as a pandas frame of Arrow-backed columns (a non-default index)."""
    rows = profiles(N, seed=11)
    for i in BAD_ROWS:
        rows[i]["age"] = 150
    pdf = to_table(rows).to_pandas(types_mapper=pd.ArrowDtype)
    pdf.index = pd.RangeIndex(10_000, 10_000 + 3 * N, 3, name="profile_id")
    return pdf


def _single_process(pdf: Any, *, full: bool, errors: str) -> Any:
    table = cwdask.evaluate_table(
        pa.Table.from_pandas(pdf, preserve_index=False), full=full, errors=errors
    )
    out = table.to_pandas(types_mapper=pd.ArrowDtype)
    out.index = pdf.index
    return out


def test_distributed_matches_single_process(client: Any, frame: Any) -> None:
    workers = client.run(os.getpid)
    assert len(workers) == 2 and os.getpid() not in workers.values()

    ddf = dd.from_pandas(frame, npartitions=4)
    assert ddf.npartitions == 4
    lazy = cwdask.recommend(ddf, full=True)
    # The graph pickles: it holds the module-level `_partition` and plain options, no engine.
    assert "_partition" in str(cloudpickle.dumps(dict(lazy.__dask_graph__())))
    expected = _single_process(frame, full=True, errors="collect")
    assert list(lazy.columns) == list(expected.columns)
    assert dict(lazy.dtypes) == dict(expected.dtypes)

    got = lazy.compute()  # the default scheduler is the client's cluster

    assert len(got) == N
    pd.testing.assert_index_equal(got.index, frame.index)
    pd.testing.assert_frame_equal(got, expected)
    assert pa.Table.from_pandas(got, preserve_index=False).equals(
        pa.Table.from_pandas(expected, preserve_index=False)
    )
    errors = got["error"].notna()
    assert [frame.index.get_loc(i) for i in got.index[errors]] == list(BAD_ROWS)
    assert got.loc[errors, "triage_level"].isna().all()
    assert got.loc[~errors, "plan_json"].notna().all()
    assert set(got["triage_level"].dropna()) == {"self_care", "clinician", "urgent", "emergency"}


def test_summary_mode_and_raise(client: Any, frame: Any) -> None:
    good = frame.drop(index=frame.index[list(BAD_ROWS)])
    ddf = dd.from_pandas(good, npartitions=4)
    got = cwdask.recommend(ddf, errors="raise").compute()
    expected = _single_process(good, full=False, errors="raise")
    assert list(got.columns) == [
        "triage_level",
        "supplement_status",
        "daily_max_mg",
        "schedule_total_mg",
        "forms",
        "rules",
    ]
    pd.testing.assert_frame_equal(got, expected)

    with pytest.raises(ValueError, match="age"):
        cwdask.recommend(dd.from_pandas(frame, npartitions=4), errors="raise").compute()


def test_text_columns_from_convert_string_are_refused(frame: Any) -> None:
    # Dask's default `dataframe.convert-string` turns object columns (Python
    # lists) into text in from_pandas; recommend says so instead of failing late.
    objects = to_table(profiles(20, seed=3)).to_pandas()
    with dask.config.set({"dataframe.convert-string": True}):
        ddf = dd.from_pandas(objects, npartitions=2)
    with pytest.raises(TypeError, match="convert-string"):
        cwdask.recommend(ddf)
    with pytest.raises(ValueError, match="errors"):
        cwdask.recommend(dd.from_pandas(frame, npartitions=1), errors="ignore")


def test_spark_map_in_arrow(monkeypatch: pytest.MonkeyPatch) -> None:
    """The Spark recipe of README.md, where pyspark and Java are present."""
    pytest.importorskip("pyspark")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("Java is not installed")
    monkeypatch.setenv("PYSPARK_PYTHON", sys.executable)  # workers import crampwise from here
    SparkSession: Any = importlib.import_module("pyspark.sql").SparkSession

    spark = (
        SparkSession.builder.master("local[2]")
        .appName("crampwise-test")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    try:
        table = to_table(profiles(500, seed=13))
        # Spark reads a dot in a column name as struct access (mapInArrow too): the
        # profile columns travel as `cramps__per_week` and get their dots back in plans().
        pdf = table.to_pandas()
        pdf.columns = [c.replace(".", "__") for c in pdf.columns]
        pdf.insert(0, "user_id", range(len(pdf)))
        df = spark.createDataFrame(pdf)
        schema = cwdask.output_schema(errors="collect").append(pa.field("user_id", pa.int64()))

        def plans(batches: Iterator[Any]) -> Iterator[Any]:
            for batch in batches:
                ids = batch.column("user_id")
                profile = batch.drop_columns(["user_id"])
                profile = profile.rename_columns(
                    [c.replace("__", ".") for c in profile.schema.names]
                )
                out = cwdask.evaluate_table(profile, errors="collect")
                out = out.append_column("user_id", pa.chunked_array([ids]))
                yield from out.to_batches()

        spark_schema = (
            "triage_level string, supplement_status string, daily_max_mg double, "
            "schedule_total_mg double, forms array<string>, rules array<string>, "
            "error string, user_id long"
        )
        got = df.mapInArrow(plans, spark_schema).toPandas().sort_values("user_id")
        expected = cwdask.evaluate_table(table, errors="collect").to_pandas()
        assert schema.names == list(got.columns)
        assert got["triage_level"].tolist() == expected["triage_level"].tolist()
        assert got["daily_max_mg"].tolist() == expected["daily_max_mg"].tolist()
        assert [list(x) for x in got["rules"]] == [list(x) for x in expected["rules"]]
    finally:
        spark.stop()

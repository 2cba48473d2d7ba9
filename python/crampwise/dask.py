"""crampwise over a Dask DataFrame: one `recommend_batch` call per partition.

Needs `dask[dataframe]` (with pandas and pyarrow); `import crampwise` never
imports any of them, this module only does when its functions are called.

    import dask.dataframe as dd
    import crampwise.dask

    ddf = dd.read_parquet("cohort.parquet", dtype_backend="pyarrow")  # one row per profile
    plans = crampwise.dask.recommend(ddf)  # lazy; errors="collect" by default
    plans.triage_level.value_counts().compute()

The input columns are the profile's dotted paths (`age`, `cramps.per_week`,
`symptoms`, ...; section 3 of the contract), null meaning "not asked"; keep
other columns (ids) out, and join the result back on the index, which is the
input's. The result has the columns of `recommend_batch`: `triage_level`,
`supplement_status`, `daily_max_mg`, `schedule_total_mg`, `forms`, `rules`,
`plan_json` with `full=True`, `error` with `errors="collect"`; every column
is a pandas `ArrowDtype`, so nulls stay nulls and lists stay Arrow lists.

List columns held as Python objects (`object` dtype) are turned into text by
Dask's `dataframe.convert-string` option when a pandas frame is handed to
`dd.from_pandas`; keep them as `pd.ArrowDtype(pa.list_(pa.string()))` (what
`dtype_backend="pyarrow"` gives) or switch that option off.

The engine is never part of the task graph (pyo3 objects do not pickle): the
tasks hold only this module's `_partition` function and two plain options, and
each worker process builds the default engine the first time a partition
runs there (`crampwise.default_engine()`, created once per process) and
reuses it for every later partition.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple

__all__ = [
    "evaluate_table",
    "output_meta",
    "output_schema",
    "profile_columns",
    "recommend",
]

_ERRORS = ("raise", "collect")


def profile_columns() -> Dict[str, str]:
    """Every profile column a table may have: dotted path -> kind (`number`,
    `bool`, `enum`, `set`, or `list` for `supplements`), from the engine's
    field table (`crampwise.fields()`), in profile order.
    """
    import crampwise

    return {
        f["path"]: f["kind"]
        for f in crampwise.fields()
        if f["source"] == "profile" and "[]" not in f["path"]
    }


def _not_text() -> frozenset[str]:
    """Profile columns that hold lists or booleans: never text."""
    columns = profile_columns()
    return frozenset(path for path, kind in columns.items() if kind in ("set", "list", "bool"))


def _check_errors(errors: str) -> None:
    if errors not in _ERRORS:
        raise ValueError(f'errors: expected "raise" or "collect", got {errors!r}')


def _output_fields(full: bool, errors: str) -> List[Tuple[str, str]]:
    fields = [
        ("triage_level", "string"),
        ("supplement_status", "string"),
        ("daily_max_mg", "double"),
        ("schedule_total_mg", "double"),
        ("forms", "list"),
        ("rules", "list"),
    ]
    if full:
        fields.append(("plan_json", "string"))
    if errors == "collect":
        fields.append(("error", "string"))
    return fields


def output_schema(*, full: bool = False, errors: str = "collect") -> Any:
    """The pyarrow schema of the result of `recommend_batch(table, full, errors)`."""
    import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]

    _check_errors(errors)
    types = {"string": pa.string(), "double": pa.float64(), "list": pa.list_(pa.string())}
    return pa.schema([(name, types[kind]) for name, kind in _output_fields(full, errors)])


def output_meta(*, full: bool = False, errors: str = "collect", index: Any = None) -> Any:
    """An empty pandas DataFrame with exactly the columns and dtypes `recommend` returns.

    `index`: an (empty) index whose type the result keeps; a RangeIndex by default.
    """
    import pandas as pd  # type: ignore[import-untyped,unused-ignore]

    schema = output_schema(full=full, errors=errors)
    columns = {f.name: pd.Series([], dtype=pd.ArrowDtype(f.type)) for f in schema}
    frame = pd.DataFrame(columns)
    if index is not None:
        frame.index = index[:0]
    return frame


def _as_table(data: Any) -> Any:
    import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]

    if isinstance(data, pa.Table):
        return data
    if isinstance(data, pa.RecordBatchReader):
        return data.read_all()
    if isinstance(data, pa.RecordBatch):
        return pa.Table.from_batches([data])
    if hasattr(data, "__arrow_c_stream__"):
        return pa.table(data)
    try:
        import pandas as pd  # type: ignore[import-untyped,unused-ignore]
    except ImportError:  # pragma: no cover - pandas is optional
        pd = None
    if pd is not None and isinstance(data, pd.DataFrame):
        return pa.Table.from_pandas(data, preserve_index=False)
    raise TypeError(
        f"expected a table exporting the Arrow PyCapsule interface, got {type(data).__name__}"
    )


def evaluate_table(data: Any, *, full: bool = False, errors: str = "collect") -> Any:
    """`crampwise.recommend_batch` as a pyarrow Table with exactly `output_schema`.

    `data`: a pyarrow Table, RecordBatch or
    RecordBatchReader, a pandas DataFrame, or anything exporting `__arrow_c_stream__`.
    """
    import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]

    _check_errors(errors)
    schema = output_schema(full=full, errors=errors)
    import crampwise

    # No row positions in the errors: a partition's index says which row it is.
    result = crampwise._batch(
        data, full=full, errors=errors, keep=(), engine=crampwise.default_engine(), positions=False
    )
    return result if result.schema.equals(schema) else result.cast(schema)


def _partition(pdf: Any, full: bool, errors: str) -> Any:
    """One partition: pandas -> Arrow -> recommend_batch -> pandas, same index.

    Module-level, so the task graph holds a reference to it, never an engine.
    """
    import pandas as pd  # type: ignore[import-untyped,unused-ignore]
    import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]

    if len(pdf) == 0:
        return output_meta(full=full, errors=errors, index=pdf.index)
    table = pa.Table.from_pandas(pdf, preserve_index=False)
    out = evaluate_table(table, full=full, errors=errors).to_pandas(types_mapper=pd.ArrowDtype)
    out.index = pdf.index
    return out


def _check_dtypes(ddf: Any) -> None:
    """Fails early when Dask has turned list or boolean columns into text (convert-string)."""
    import pandas as pd  # type: ignore[import-untyped,unused-ignore]
    import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]

    def is_text(dtype: Any) -> bool:
        if isinstance(dtype, pd.StringDtype):
            return True
        return isinstance(dtype, pd.ArrowDtype) and (
            pa.types.is_string(dtype.pyarrow_dtype)
            or pa.types.is_large_string(dtype.pyarrow_dtype)
            or pa.types.is_string_view(dtype.pyarrow_dtype)
        )

    dtypes = getattr(ddf, "dtypes", None)
    if dtypes is None:
        return
    not_text = _not_text()
    text = [str(name) for name, dtype in dtypes.items() if name in not_text and is_text(dtype)]
    if text:
        raise TypeError(
            f"columns {', '.join(text)} are text, but hold lists or booleans in a profile. "
            "Dask's `dataframe.convert-string` option turns object columns into strings in "
            "dd.from_pandas: give those columns an Arrow dtype (e.g. "
            "pd.ArrowDtype(pa.list_(pa.string())), or dtype_backend='pyarrow' when reading), "
            "or set dask.config.set({'dataframe.convert-string': False})"
        )


def recommend(
    ddf: Any, *, full: bool = False, errors: str = "collect", meta: Optional[Any] = None
) -> Any:
    """The plans of a Dask DataFrame of profiles, lazily: same partitions, same index.

    `ddf` holds only profile columns, named by their dotted paths (select them
    first; join the result back on the index). `full=True` adds `plan_json`
    (the whole plan, slower); `errors="collect"` (the default) gives a bad row
    an `error` string instead of failing the job, `errors="raise"` fails it.
    `meta` overrides the computed `output_meta(...)` (an empty pandas frame
    with the result's columns).
    """
    _check_errors(errors)
    _check_dtypes(ddf)
    if meta is None:
        index = getattr(getattr(ddf, "_meta", None), "index", None)
        meta = output_meta(full=full, errors=errors, index=index)
    return ddf.map_partitions(_partition, full=full, errors=errors, meta=meta)

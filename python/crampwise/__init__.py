"""crampwise: evidence-aware guidance for muscle cramps and magnesium supplementation.

Guidance, not a diagnosis. An intake profile (a dict, or JSON text) goes in;
an explained, safe plan comes out:

>>> import crampwise
>>> plan = crampwise.recommend({"age": 45, "cramps": {"per_week": 3, "timing": ["night"]},
...                             "conditions": [], "medications": []})
>>> plan.triage_level, plan.status
('self_care', 'suggested')
>>> plan.to_dict()["versions"]["contract"]
'1'

The knowledge base is in `crampwise.content`:

>>> crampwise.__version__
'0.1.0'
>>> crampwise.content.get("glycinate")["elemental_fraction"]
0.141
"""

from __future__ import annotations

import json
import threading
from typing import Any, Dict, List, Optional, Sequence, TypedDict, Union

from crampwise import _native, content
from crampwise._errors import (
    ContentError,
    CrampwiseError,
    ErrorDetails,
    FoodsError,
    InputError,
    LabelError,
    ProfileError,
    RuleErrorDetails,
    RulesError,
    UnknownRuleError,
)
from crampwise._native import Engine, Plan, __version__
from crampwise._label import (
    FoodEstimate,
    Label,
    LabelReport,
    check_label,
    check_label_json,
    check_label_text,
    check_labels,
    estimate_foods,
    estimate_foods_text,
)
from crampwise._plan_types import PlanDict, Status, TriageLevel
from crampwise._rules import Rule, Rules
from crampwise._types import BatchErrors, Profile, SchemaKind
from crampwise.content import StrPath, UnknownIdError

__all__ = [
    "BatchErrors",
    "ContentError",
    "CrampwiseError",
    "Engine",
    "ErrorDetails",
    "Field",
    "FoodEstimate",
    "FoodsError",
    "InputError",
    "Label",
    "LabelError",
    "LabelReport",
    "Plan",
    "PlanDict",
    "Profile",
    "ProfileError",
    "Rule",
    "RuleErrorDetails",
    "Rules",
    "RulesError",
    "SchemaKind",
    "Status",
    "TriageLevel",
    "UnknownIdError",
    "UnknownRuleError",
    "__version__",
    "check_label",
    "check_label_json",
    "check_label_text",
    "check_labels",
    "content",
    "content_version",
    "default_engine",
    "estimate_foods",
    "estimate_foods_text",
    "explain",
    "fields",
    "recommend",
    "recommend_batch",
    "recommend_json",
    "rules",
    "rules_version",
    "schema",
]

class Field(TypedDict):
    """A field of the engine's field table (`crampwise rules fields --format json`):
    one a rule condition may read, a profile input, or both.
    """

    path: str
    """Dotted path; `supplements[].form` is the `form` of each `supplements` entry."""
    kind: str
    """`number`, `bool`, `enum` or `set`; `list` for the `supplements` list."""
    values: List[str]
    """The allowed values of an `enum` or `set` (for a profile input, every
    value accepted, other spellings such as `bisglycinate` last); empty otherwise."""
    minimum: Optional[float]
    """The smallest value accepted, for a number of the profile; `None` otherwise."""
    maximum: Optional[float]
    """The largest value accepted, for a number of the profile; `None` otherwise."""
    source: str
    """`profile` (a key of the intake profile) or `derived` (a fact computed from it)."""
    condition: bool
    """Whether a rule condition may read it."""
    required: bool
    """Whether a profile must give it (only `age`)."""


_engine: Optional[Engine] = None
_engine_lock = threading.Lock()


def default_engine() -> Engine:
    """The engine with the built-in rules and content, created once per process.

    Thread-safe; every module-level function below uses it.
    """
    global _engine
    engine = _engine
    if engine is None:
        with _engine_lock:
            if _engine is None:
                _engine = Engine()
            engine = _engine
    return engine


def recommend(
    profile: Union[Profile, Dict[str, Any], str], foods: Optional[Union[List[Dict[str, Any]], Dict[str, Any]]] = None
) -> Plan:
    """The plan for an intake profile: a dict (as `json.loads` gives it) or JSON text.

    `foods` (a list of `{"id", "servings", "per"}` dicts, or a food list dict
    as `estimate_foods` takes) sets the profile's `diet_magnesium_mg` from the
    foods, so the plan sees the gap to the RDA; the age, sex, pregnancy,
    lactation and diet it leaves out are the profile's. A profile that already
    has `diet_magnesium_mg` is a `ProfileError` then.

    Raises `ProfileError` (a `ValueError`) listing every problem with its JSON
    path, e.g. an unknown key or a number out of range. Absent keys mean "not
    asked", which is not the same as an empty list or `False`.
    """
    return default_engine().recommend(profile, foods)


def _in_memory(table: Any) -> bool:
    """Whether `table` is a table held in memory (read again as often as
    wanted), not a stream: pyarrow, pandas and polars tables and record
    batches, and anything exporting one array (`__arrow_c_array__`)."""
    kind = type(table)
    name = f"{kind.__module__.split('.')[0]}.{kind.__name__}"
    if name in {"pyarrow.Table", "pyarrow.RecordBatch", "pandas.DataFrame", "polars.DataFrame"}:
        return True
    return hasattr(table, "__arrow_c_array__") and not hasattr(table, "__arrow_c_stream__")


def recommend_batch(
    table: Any,
    full: bool = False,
    errors: BatchErrors = "raise",
    *,
    keep: Sequence[str] = (),
) -> Any:
    """Evaluate one profile per row of a table, in Rust, on every core.

    `table` is anything exporting the Arrow PyCapsule interface: a pyarrow
    Table, RecordBatch or RecordBatchReader, a pandas or polars DataFrame, a
    DuckDB relation. Columns are named by the profile's dotted paths (`age`,
    `cramps.per_week`, `symptoms`, ...), or are struct columns whose fields
    are (`cramps` with `per_week`, as `pl.DataFrame(list_of_profile_dicts)`
    builds); a pandas index is left out; a list column may be text with its
    values separated by `;` as in the command line's CSV (`[]`: none), and
    `supplements` JSON text. A null cell or a missing column means "not asked";
    any other column is an error at once, with a did-you-mean, unless `keep`
    names it: kept columns (ids, dates, anything) come back after the plans'
    columns, unchanged and in the order given.

    The result (one row per input row, in order) has `triage_level`,
    `supplement_status`, `daily_max_mg`, `schedule_total_mg`, `forms`,
    `rules`, plus `plan_json` when `full=True` and `error` when
    `errors="collect"`, then the kept columns. For a table in memory it is a
    `pyarrow.Table`, evaluated now: with `errors="raise"` a bad row raises
    `ProfileError` here, with `.row` its position counted from 0 (as pandas
    and polars count). For a stream (a `RecordBatchReader`, a DuckDB relation)
    it is a lazy `pyarrow.RecordBatchReader`, evaluated batch by batch as it
    is read (memory bounded by one batch); a bad row then stops the stream
    when it is read, as `pyarrow.ArrowInvalid` (a `ValueError`) naming the
    row. With `errors="collect"` each `error` cell starts with its row,
    `row 17 (counted from 0): ...`.

    >>> import pyarrow as pa
    >>> plans = recommend_batch(pa.table({"age": [40, 70], "user_id": [7, 8]}), keep=["user_id"])
    >>> plans.column("user_id").to_pylist(), plans.num_rows
    ([7, 8], 2)
    """
    return _batch(table, full=full, errors=errors, keep=keep, engine=default_engine())


def _batch(
    table: Any,
    *,
    full: bool,
    errors: str,
    keep: Sequence[str],
    engine: Engine,
    positions: bool = True,
) -> Any:
    import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]

    if isinstance(keep, str):
        raise TypeError(f"keep: expected a list of column names, got the string {keep!r}")
    lazy = not _in_memory(table)
    if type(table).__module__.startswith("polars") and hasattr(table, "to_arrow"):
        # polars exports a `Null` column with a buffer the Arrow C interface
        # does not allow (arrow-rs refuses it); its own pyarrow export does not.
        table = table.to_arrow()
    result = engine.recommend_batch(
        table, full, errors, keep=list(keep), lazy=lazy, positions=positions
    )
    if lazy:
        return pa.RecordBatchReader.from_stream(result)
    return pa.table(result)


def recommend_json(profile_json: str) -> str:
    """The plan for a profile given as JSON text, as the contract's JSON text.

    Byte for byte what `crampwise recommend --format json` prints (without its newline).
    """
    return default_engine().recommend_json(profile_json)


def rules(*, engine: Optional[Engine] = None) -> Rules:
    """The loaded rules in evaluation order, queryable (`.get(id)`, `.by_category(c)`, `.ids()`)."""
    return Rules.from_json((engine or default_engine()).rules_json())


def explain(rule_id: str) -> str:
    """One rule explained for a reviewer: its condition, effects and the claims behind it.

    Raises `UnknownRuleError` (a `KeyError`) for an unknown id.
    """
    return default_engine().explain(rule_id)


def schema(kind: SchemaKind) -> Dict[str, Any]:
    """The JSON Schema of the intake profile (`"profile"`) or of the plan (`"plan"`).

    Raises `ValueError` for another kind.
    """
    result: Dict[str, Any] = json.loads(_native.schema_json(kind))
    return result


def fields() -> List[Field]:
    """The engine's field table: every field a rule condition may read, then the
    profile inputs no condition reads directly (`supplements`, `supplements[].form`, ...),
    each with its kind, allowed values and, for a number of the profile, its range.
    """
    result: List[Field] = json.loads(_native.fields_json())
    return result


def rules_version() -> str:
    """The version of the built-in rules: their semver plus a hash of the rule files."""
    return default_engine().rules_version


def content_version(*, content_dir: Optional[StrPath] = None) -> str:
    """The version of the knowledge base: its semver plus a hash of its files."""
    return content.version(content_dir=content_dir)

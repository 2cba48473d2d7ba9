"""Type stubs of the native module `crampwise._native` (written in Rust, `crates/py`).

Use the `crampwise` package rather than this module: it decodes the JSON
these functions return. Argument names and defaults match the Rust
signatures; `python -m mypy.stubtest crampwise._native` checks them.
"""

import os
from typing import Any, final

from crampwise._plan_types import Dose, PlanDict, Status, SupplementPlan, TraceEntry, Triage, TriageLevel
from crampwise._types import Profile

__all__ = [
    "__version__",
    "Engine",
    "Plan",
    "content_version",
    "collections",
    "collection_json",
    "find_json",
    "schema_json",
    "fields_json",
    "plan_from_json",
]

__version__: str
"""The version of the crampwise crates this module was built from."""

def content_version(*, content_dir: str | os.PathLike[str] | None = None) -> str:
    """The version of the content: its semver plus a hash of its files."""

def collections() -> list[str]:
    """The names of the content collections, in the order the content defines them."""

def collection_json(name: str, *, content_dir: str | os.PathLike[str] | None = None) -> str:
    """A collection as compact JSON text: a list of items (`intakes`: an object of lists).

    Raises `ContentError` for an unknown collection name.
    """

def find_json(
    id: str, *, content_dir: str | os.PathLike[str] | None = None
) -> tuple[str, str] | None:
    """The item with this id in any collection, as `(collection, item JSON)`, or `None`."""

def schema_json(kind: str) -> str:
    """The JSON Schema of the intake profile (`kind="profile"`) or of the plan
    (`kind="plan"`), as indented JSON text.

    Raises `ValueError` for another kind.
    """

def plan_from_json(plan_json: str) -> Plan:
    """A plan read back from its JSON (`plan.to_json()`): how plans unpickle.

    Raises `ProfileError` (code `invalid_plan`) for text that is not a crampwise plan.
    """

def fields_json() -> str:
    """The field table as JSON text: a list of `{"path", "kind", "values",
    "minimum", "maximum", "source", "condition", "required"}`.
    """

@final
class Engine:
    """The crampwise rules engine: content plus compiled rules.

    `Engine()` uses the built-in rules and content (loaded once per process);
    `rules_dir` loads the rules from a directory of rule files instead, and
    `content_dir` the content from a directory of content files, as the
    command line's `--rules-dir` and `--content-dir` (`path` and
    `content_path` are their old names). Raises `RulesError` (or
    `ContentError`) when they do not validate. An engine is immutable, safe to
    share between threads, and pickles as its directories (each process loads
    them again).
    """

    def __new__(
        cls,
        path: str | os.PathLike[str] | None = None,
        content_path: str | os.PathLike[str] | None = None,
        *,
        rules_dir: str | os.PathLike[str] | None = None,
        content_dir: str | os.PathLike[str] | None = None,
    ) -> Engine: ...
    @property
    def rules_dir(self) -> str | None:
        """The rules directory this engine was loaded from; `None` for the built-in rules."""

    @property
    def content_dir(self) -> str | None:
        """The content directory this engine was loaded from; `None` for the built-in content."""

    def __reduce__(self) -> tuple[type[Engine], tuple[str | None, str | None]]:
        """Pickles as its directories: `Engine(rules_dir, content_dir)` loads them again."""
    def recommend(
        self,
        profile: Profile | dict[str, Any] | str,
        foods: list[dict[str, Any]] | dict[str, Any] | None = None,
    ) -> Plan:
        """The plan for a profile: a dict (as `json.loads` gives) or JSON text.

        `foods` (a list of `{"id", "servings", "per"}` dicts, or a food list
        dict as for `estimate_foods_json`) sets the profile's
        `diet_magnesium_mg` from the foods; age, sex, pregnancy, lactation and
        diet the food list leaves out are the profile's.

        Raises `ProfileError` (a `ValueError`) listing every problem with its path.
        """

    def check_label_json(
        self, label: str | dict[str, Any], profile: Profile | dict[str, Any] | str | None = None
    ) -> str:
        """The label report for one label, as JSON text (byte for byte what
        `crampwise label check --format json` prints). `label` is Supplement
        Facts text (JSON text when it starts with `{`), a dict in crampwise's
        JSON label shape, or an NIH DSLD record dict; with `profile` (a dict
        or JSON text) the report says whether the product fits that person's plan.

        Raises `LabelError` (a `ValueError`) for a label that cannot be read,
        `ProfileError` for a profile that does not validate.
        """

    def check_label_text(
        self,
        label: str | dict[str, Any],
        profile: Profile | dict[str, Any] | str | None = None,
        width: int | None = None,
    ) -> str:
        """The label report for one label as text for a terminal of `width`
        characters (as `crampwise label check` prints it, without colour).
        Arguments and errors as for `check_label_json`.
        """

    def check_labels_json(
        self,
        labels: list[str | dict[str, Any]] | tuple[str | dict[str, Any], ...],
        profile: Profile | dict[str, Any] | str | None = None,
    ) -> list[str]:
        """The label report JSON of every label in a list, for one person: the
        profile is evaluated once. Every bad label is named in one `LabelError`,
        its path starting with the label's index (`[2].ingredients[0].unit`).
        """

    def estimate_foods_json(self, foods: dict[str, Any] | str) -> str:
        """Magnesium a day from food against the RDA, with foods that would close
        the gap, as JSON text (what `crampwise foods estimate --format json`
        prints). `foods` is the food list as a dict or JSON text:
        `{"age", "sex", "pregnancy", "lactating", "diet", "foods": [{"id", "servings", "per"}]}`.

        Raises `FoodsError` (a `ProfileError`) naming every problem, unknown food ids included.
        """

    def estimate_foods_text(self, foods: dict[str, Any] | str, width: int | None = None) -> str:
        """The food estimate as text for a terminal of `width` characters (as
        `crampwise foods estimate` prints it, without colour).
        """

    def recommend_batch(
        self,
        table: Any,
        full: bool = False,
        errors: str = "raise",
        *,
        keep: list[str] = ...,
        lazy: bool = True,
        positions: bool = True,
    ) -> Any:
        """Every row of an Arrow table: a table (`lazy=False`, evaluated now) or a
        lazy reader, both exporting `__arrow_c_stream__`; use `crampwise.recommend_batch`.
        """
    def recommend_json(self, profile_json: str) -> str:
        """The plan for a profile given as JSON text, as the contract's JSON text
        (byte for byte what `crampwise recommend --format json` prints).
        """

    def plan_violations(self, profile: Profile | dict[str, Any] | str, plan_json: str) -> list[str]:
        """Every hard rule of the contract, as the safety kernel enforces it,
        that the plan (JSON text) breaks for the profile (a dict or JSON
        text); empty when it keeps them all. A plan that is not a crampwise
        plan is one violation that says why.

        Raises `ProfileError` for a profile that does not validate.
        """

    def rules_json(self) -> str:
        """Every rule, in evaluation order, as JSON text (a list of objects)."""

    def explain(self, rule_id: str) -> str:
        """One rule explained for a reviewer: its condition, effects and the claims behind it.

        Raises `UnknownRuleError` (a `KeyError`) for an unknown id.
        """

    @property
    def content_version(self) -> str:
        """The version of the content: its semver plus a hash of its files."""

    @property
    def rules_version(self) -> str:
        """The version of the rules: their semver plus a hash of the rule files."""

@final
class Plan:
    """A plan: triage, whether and how to take magnesium, companions, lifestyle,
    foods, cautions, evidence and the trace of every rule that fired.

    `to_json()` is the contract's JSON, `to_dict()` the same as Python data;
    in a notebook the plan shows itself as Markdown or HTML.
    """

    def to_json(self) -> str:
        """The plan as the contract's compact JSON text."""

    def to_dict(self) -> PlanDict:
        """The plan as Python data: `json.loads(plan.to_json())`."""

    @property
    def triage(self) -> Triage:
        """The triage: `{"level", "reasons", "advice"}`, as in `to_dict()["triage"]`."""

    @property
    def supplement(self) -> SupplementPlan:
        """The supplement decision, as in `to_dict()["supplement"]`."""

    @property
    def schedule(self) -> list[Dose]:
        """The doses, as in `to_dict()["supplement"]["schedule"]`."""

    @property
    def trace(self) -> list[TraceEntry]:
        """Every rule that fired and why, as in `to_dict()["trace"]`."""

    def __eq__(self, value: object, /) -> bool:
        """Plans are equal when their JSON is."""

    def __hash__(self) -> int: ...
    def __reduce__(self) -> tuple[Any, tuple[str]]:
        """Pickles as its JSON: `plan_from_json(plan.to_json())`."""

    @property
    def triage_level(self) -> TriageLevel:
        """The triage level: `self_care`, `clinician`, `urgent` or `emergency`."""

    @property
    def status(self) -> Status:
        """The supplement status: `suggested`, `clinician_first` or `not_advised`."""

    def _repr_markdown_(self) -> str:
        """The plan as Markdown (Jupyter shows it)."""

    def _repr_html_(self) -> str:
        """The plan as an HTML fragment (Jupyter shows it)."""

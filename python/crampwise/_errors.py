"""The exceptions crampwise raises: one tree under `CrampwiseError`.

    CrampwiseError
    ├── InputError (ValueError)      a profile, food list or label that does not validate
    │   ├── ProfileError             code `invalid_profile`
    │   │   └── FoodsError           code `invalid_foods` (a ProfileError: food lists were one)
    │   └── LabelError               code `invalid_label`
    ├── RulesError (ValueError)      rule files that do not load or validate
    ├── ContentError (ValueError)    content that does not load, or an unknown collection
    └── UnknownRuleError (KeyError)  no rule has this id (code `unknown_rule`)

They are defined in Python and raised by the native module
(`crates/py/src/errors.rs`) from the engine's diagnostics, each class for one
diagnostic code: real exception classes with the structured details a
program needs, like pydantic-core's `ValidationError`.
"""

from __future__ import annotations

from typing import Any, List, Optional, Sequence, TypedDict

__all__ = [
    "ContentError",
    "CrampwiseError",
    "ErrorDetails",
    "FoodsError",
    "InputError",
    "LabelError",
    "ProfileError",
    "RuleErrorDetails",
    "RulesError",
    "UnknownRuleError",
]


class ErrorDetails(TypedDict):
    """One problem with a profile."""

    path: str
    """JSON path of the bad value (`cramps.per_week`, `supplements[0].form`); `""` for the whole profile."""
    message: str
    """What was expected, lowercase, the offending input in backticks."""
    input: Any
    """The offending value (`None` when there is none, e.g. a missing field)."""


class CrampwiseError(Exception):
    """The base of every exception crampwise raises: catch it to catch them all."""


class InputError(CrampwiseError, ValueError):
    """An input that does not validate: every problem, each with a JSON path,
    a message and the offending input. `code` names the kind of input."""

    code: str = "invalid_input"

    def __init__(self, errors: Sequence[ErrorDetails]) -> None:
        details = [ErrorDetails(path=e["path"], message=e["message"], input=e["input"]) for e in errors]
        super().__init__(details)
        self._errors = details

    def errors(self) -> List[ErrorDetails]:
        """Every problem as `{"path", "message", "input"}`, in the order found."""
        return [ErrorDetails(path=e["path"], message=e["message"], input=e["input"]) for e in self._errors]

    def __str__(self) -> str:
        return "\n".join(
            f"{e['path']}: {e['message']}" if e["path"] else e["message"] for e in self._errors
        )

    def __repr__(self) -> str:
        n = len(self._errors)
        return f"{type(self).__name__}({n} {'error' if n == 1 else 'errors'}: {str(self)!r})"


class ProfileError(InputError):
    """The profile is not valid: every problem, each with its JSON path.

    >>> import crampwise
    >>> try:
    ...     crampwise.recommend({"age": 40, "cramps": {"per_week": -3}})
    ... except crampwise.ProfileError as error:
    ...     print(error)
    ...     print(error.errors()[0]["input"])
    cramps.per_week: expected a number from 0 to 100, got `-3`
    -3
    """

    code = "invalid_profile"

    row: Optional[int]
    """For a row of a table (`recommend_batch`): its position, counted from 0
    as pandas and polars count; `None` for a profile given alone."""

    def __init__(self, errors: Sequence[ErrorDetails], row: Optional[int] = None) -> None:
        super().__init__(errors)
        self.row = row

    def __str__(self) -> str:
        text = super().__str__()
        if self.row is None:
            return text
        return f"row {self.row} (counted from 0): {text}"

    def __reduce__(self) -> Any:
        return (type(self), (self._errors, self.row))


class FoodsError(ProfileError):
    """A food list is not valid (`estimate_foods`, or `recommend(..., foods=...)`):
    every problem, each with its JSON path (`foods[0].servings`).

    It is a `ProfileError`, as food list problems were reported before it existed.
    """

    code = "invalid_foods"


class LabelError(InputError):
    """A label could not be read: every problem, each with its JSON path.

    The path is that of the bad value in a label dict (`ingredients[0].unit`),
    starting with the label's index for a list of labels (`[2].ingredients`),
    or `""` for the whole label (text that is too long, JSON that does not
    parse). `input` is the offending Python value when it is not JSON, else `None`.

    >>> import crampwise
    >>> try:
    ...     crampwise.check_label({"ingredients": [{"name": "Magnesium", "amount": 200, "unit": "mgs"}]})
    ... except crampwise.LabelError as error:
    ...     print(error.errors()[0]["path"])
    ingredients[0].unit
    """

    code = "invalid_label"


class RuleErrorDetails(TypedDict):
    """One problem in a rule file."""

    file: str
    """The rule file's name (or the directory, when it cannot be read)."""
    line: int
    """1-based line; 0 when unknown."""
    column: int
    """1-based column; 0 when unknown."""
    rule: Optional[str]
    """The rule's id, when known."""
    message: str
    """What is wrong."""


class RulesError(CrampwiseError, ValueError):
    """Rule files did not load or validate.

    `str(error)` names every problem as `file:line:col: rule `id`: message`,
    one a line; `errors()` gives them as dicts.
    """

    def __init__(self, message: str, errors: Sequence[RuleErrorDetails] = ()) -> None:
        super().__init__(message, list(errors))
        self._errors = list(errors)

    def errors(self) -> List[RuleErrorDetails]:
        """Every problem as `{"file", "line", "column", "rule", "message"}`."""
        return [RuleErrorDetails(**e) for e in self._errors]

    def __str__(self) -> str:
        return str(self.args[0])


class ContentError(CrampwiseError, ValueError):
    """The knowledge base could not be loaded, or a name in it does not exist."""


class UnknownRuleError(CrampwiseError, KeyError):
    """No rule has this id (a `KeyError`)."""

    code = "unknown_rule"

    def __str__(self) -> str:
        # KeyError would show the message quoted; show it as written.
        return str(self.args[0]) if self.args else ""


for _cls in (
    CrampwiseError,
    InputError,
    ProfileError,
    FoodsError,
    LabelError,
    RulesError,
    ContentError,
    UnknownRuleError,
):
    _cls.__module__ = "crampwise"  # where users find them

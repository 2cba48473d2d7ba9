"""The exceptions crampwise raises for bad profiles, bad labels, bad rules and unknown rule ids.

They are defined in Python and raised by the native module (`crates/py/src/errors.rs`):
real exception classes, catchable as `ValueError` (or `KeyError`), with the
structured details a program needs, like pydantic-core's `ValidationError`.
"""

from __future__ import annotations

from typing import Any, List, Optional, Sequence, TypedDict

__all__ = [
    "ErrorDetails",
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


class _PathErrors(ValueError):
    """Problems that each have a JSON path, a message and the offending input."""

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


class ProfileError(_PathErrors):
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


class LabelError(_PathErrors):
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


class RulesError(ValueError):
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


class UnknownRuleError(KeyError):
    """No rule has this id (a `KeyError`)."""

    def __str__(self) -> str:
        # KeyError would show the message quoted; show it as written.
        return str(self.args[0]) if self.args else ""


for _cls in (ProfileError, LabelError, RulesError, UnknownRuleError):
    _cls.__module__ = "crampwise"  # where users find them

"""Supplement labels and food: `check_label`, `check_labels` and `estimate_foods`.

The work is done in Rust (`crates/label`, `crates/rules/src/diet.rs`) with the
GIL released; these functions only pass the data and decode the JSON, which
is byte for byte what `crampwise label check --format json` and
`crampwise foods estimate --format json` print.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Dict, Iterable, List, Optional, Sequence, Union

from crampwise._types import FoodEstimate, LabelReport, Profile

if TYPE_CHECKING:
    from crampwise._native import Engine

__all__ = [
    "FoodEstimate",
    "Label",
    "LabelReport",
    "check_label",
    "check_label_json",
    "check_label_text",
    "check_labels",
    "estimate_foods",
    "estimate_foods_text",
]

Label = Union[str, Dict[str, Any]]
"""A label: Supplement Facts text as printed (JSON text when it starts with `{`),
a dict in crampwise's JSON label shape, or an NIH DSLD v9 label record dict."""

ProfileArg = Optional[Union["Profile", Dict[str, Any], str]]


def _engine(engine: Optional[Engine]) -> Engine:
    if engine is not None:
        return engine
    from crampwise import default_engine

    return default_engine()


def check_label_json(label: Label, profile: ProfileArg = None, *, engine: Optional[Engine] = None) -> str:
    """The label report as compact JSON text: byte for byte what
    `crampwise label check LABEL --format json` prints (without its newline).
    """
    return _engine(engine).check_label_json(label, profile)


def check_label_text(
    label: Label, profile: ProfileArg = None, *, width: Optional[int] = None, engine: Optional[Engine] = None
) -> str:
    """The label report as text for a terminal of `width` characters (88 by
    default), as `crampwise label check LABEL` prints it, without colour.
    Arguments and errors as for `check_label`.

    >>> import crampwise
    >>> text = crampwise.check_label_text("Magnesium (as magnesium glycinate) 200 mg", width=60)
    >>> "glycinate" in text and max(len(line) for line in text.splitlines()) <= 60
    True
    """
    return _engine(engine).check_label_text(label, profile, width)


def check_label(label: Label, profile: ProfileArg = None, *, engine: Optional[Engine] = None) -> LabelReport:
    """Checks a magnesium supplement's label: forms (main form first), elemental
    magnesium per serving (flagged when estimated from a compound weight), the
    buying checklist, warnings, the lines it could not read and a verdict.

    `label` is Supplement Facts text, a dict in crampwise's JSON label shape
    or an NIH DSLD record dict. With `profile` (a dict or JSON text) the
    report's `fit` says whether the product fits that person's plan, and the
    verdict may be `unsafe for you`.

    Raises `LabelError` (a `ValueError`) for a label that cannot be read, each
    problem with its JSON path, and `ProfileError` for a profile that does not
    validate.

    >>> import crampwise
    >>> report = crampwise.check_label("Magnesium (as magnesium glycinate) 200 mg")
    >>> report["forms"], report["elemental_mg_per_serving"], report["verdict"]
    (['glycinate'], 200, 'acceptable')
    """
    result: LabelReport = json.loads(check_label_json(label, profile, engine=engine))
    return result


def check_labels(
    labels: Iterable[Label], profile: ProfileArg = None, *, engine: Optional[Engine] = None
) -> List[LabelReport]:
    """Checks many labels for one person (the profile is evaluated once): one
    report per label, in order, as `check_label` gives it.

    Every label that cannot be read is named in one `LabelError`, its path
    starting with the label's index (`[2].ingredients[0].unit`).
    """
    if isinstance(labels, (str, dict)):
        raise TypeError("check_labels: expected a list of labels; use check_label for one label")
    items = labels if isinstance(labels, (list, tuple)) else list(labels)
    return [json.loads(r) for r in _engine(engine).check_labels_json(items, profile)]


def estimate_foods(
    foods: Union[Sequence[Dict[str, Any]], Dict[str, Any]],
    *,
    age: Optional[float] = None,
    sex: Optional[str] = None,
    pregnancy: Optional[str] = None,
    lactating: Optional[bool] = None,
    diet: Optional[str] = None,
    engine: Optional[Engine] = None,
) -> FoodEstimate:
    """Magnesium a day from food, against the RDA for the person, with foods
    that would close the gap.

    `foods` is a list of `{"id", "servings", "per"}` dicts (`per`: `"day"`,
    the default, or `"week"`; ids as `crampwise.content.foods()` lists them),
    or the whole food list dict (`{"age", "sex", ..., "foods": [...]}`, as
    `crampwise foods estimate` reads). The keyword arguments fill in the
    person; `age` is needed. Giving a key both in the dict and as a keyword
    is a `TypeError`.

    Raises `FoodsError` (a `ProfileError`) naming every problem with its path,
    e.g. an unknown food id with the close ids it may mean.

    >>> import crampwise
    >>> estimate = crampwise.estimate_foods([{"id": "almonds", "servings": 1}], age=40, sex="female")
    >>> estimate["total_mg_per_day"], estimate["rda_mg"], estimate["gap_mg"]
    (80.0, 320.0, 240.0)
    """
    result: FoodEstimate = json.loads(
        _engine(engine).estimate_foods_json(_food_list(foods, age, sex, pregnancy, lactating, diet))
    )
    return result


def _food_list(
    foods: Union[Sequence[Dict[str, Any]], Dict[str, Any]],
    age: Optional[float],
    sex: Optional[str],
    pregnancy: Optional[str],
    lactating: Optional[bool],
    diet: Optional[str],
) -> Dict[str, Any]:
    """The food list dict `crampwise foods estimate` reads, the keyword arguments filled in."""
    data: Dict[str, Any] = dict(foods) if isinstance(foods, dict) else {"foods": list(foods)}
    person = {"age": age, "sex": sex, "pregnancy": pregnancy, "lactating": lactating, "diet": diet}
    for key, value in person.items():
        if value is None:
            continue
        if key in data:
            raise TypeError(f"estimate_foods: `{key}` is given both in `foods` and as a keyword argument")
        data[key] = value
    return data


def estimate_foods_text(
    foods: Union[Sequence[Dict[str, Any]], Dict[str, Any]],
    *,
    age: Optional[float] = None,
    sex: Optional[str] = None,
    pregnancy: Optional[str] = None,
    lactating: Optional[bool] = None,
    diet: Optional[str] = None,
    width: Optional[int] = None,
    engine: Optional[Engine] = None,
) -> str:
    """The food estimate as text for a terminal of `width` characters (88 by
    default), as `crampwise foods estimate` prints it, without colour.
    Arguments and errors as for `estimate_foods`.
    """
    data = _food_list(foods, age, sex, pregnancy, lactating, diet)
    return _engine(engine).estimate_foods_text(data, width)

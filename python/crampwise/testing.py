"""Helpers to test code that uses crampwise, the way `polars.testing` ships them.

- `profiles()`: a Hypothesis strategy of valid intake profiles (dicts), with
  optional keys left out ("not asked") as often as given.
- `random_profile(rng)`: the same kind of profile from a `random.Random`,
  without Hypothesis (seeded data sets, benchmarks).
- `assert_plan_safe(profile, plan)`: the contract's hard rules, checked by
  the engine's safety kernel on any plan (from any rule or content
  directory, or edited by hand).

Hypothesis is imported only when `profiles()` is called; crampwise does not
depend on it (`pip install hypothesis` to use the strategy).

>>> import random, crampwise
>>> from crampwise.testing import assert_plan_safe, random_profile
>>> profile = random_profile(random.Random(7))
>>> assert_plan_safe(profile, crampwise.recommend(profile))
"""

from __future__ import annotations

import json
import math
import random
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple, Union

import crampwise
from crampwise._native import Engine

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

    from crampwise._native import Plan

__all__ = [
    "SUPPLEMENT_UL_MG",
    "assert_plan_safe",
    "plan_violations",
    "profiles",
    "random_profile",
    "supplemental_cap_mg",
    "upper_limit_mg",
]

Profile = Dict[str, Any]

# --- the profile's fields, read from the engine's field table
# --- (`crampwise.fields()`): path, kind, allowed values and range.


def _range(field: crampwise.Field) -> Tuple[float, float]:
    low, high = field["minimum"], field["maximum"]
    if low is None or high is None:  # pragma: no cover - every number has a range
        raise ValueError(f"{field['path']}: a number field without a range")
    return (low, high)


_INPUTS: Dict[str, crampwise.Field] = {
    f["path"]: f for f in crampwise.fields() if f["source"] == "profile"
}
_COLUMNS = [f for path, f in _INPUTS.items() if "[]" not in path]

# Numbers: dotted path -> (low, high), the ranges the engine accepts.
NUMBERS: Dict[str, Tuple[float, float]] = {
    f["path"]: _range(f) for f in _COLUMNS if f["kind"] == "number"
}
ENUMS: Dict[str, Sequence[str]] = {
    f["path"]: tuple(f["values"]) for f in _COLUMNS if f["kind"] == "enum"
}
SETS: Dict[str, Sequence[str]] = {
    f["path"]: tuple(f["values"]) for f in _COLUMNS if f["kind"] == "set"
}
BOOLS: Tuple[str, ...] = tuple(f["path"] for f in _COLUMNS if f["kind"] == "bool")
# A supplements entry: magnesium (`form`, `elemental_mg`) or another nutrient (`nutrient`, `mg`).
FORMS: Tuple[str, ...] = tuple(_INPUTS["supplements[].form"]["values"])
NUTRIENTS: Tuple[str, ...] = tuple(_INPUTS["supplements[].nutrient"]["values"])
ELEMENTAL_MG: Tuple[float, float] = _range(_INPUTS["supplements[].elemental_mg"])
NUTRIENT_MG: Tuple[float, float] = _range(_INPUTS["supplements[].mg"])

# Ages where an upper limit or a rule changes, drawn more often than chance would.
EDGE_AGES = (0, 0.5, 0.99, 1, 3.99, 4, 8.99, 9, 13.99, 14, 18, 19, 50, 51, 64, 65, 70, 71, 120)

# --- the hard rules (contract section 2) -------------------------------------

SUPPLEMENT_UL_MG: Dict[str, Tuple[Tuple[float, float], ...]] = {
    # (from age, mg a day) bands, ascending: supplemental magnesium (IOM 1997, EFSA).
    "us": ((0, 0), (1, 65), (4, 110), (9, 350)),
    "eu": ((0, 0), (4, 250)),
}
"""Tolerable upper intake level of supplemental magnesium by jurisdiction: `(from age, mg)` bands."""

LEVELS = ("self_care", "clinician", "urgent", "emergency")
UNSAFE_CONDITIONS = ("kidney_disease", "heart_block", "myasthenia_gravis")
RED_FLAG_SYMPTOMS = (
    "chest_pain", "shortness_of_breath", "dark_urine", "leg_swelling",
    "pain_walking_relieved_by_rest", "muscle_weakness", "numbness", "confusion",
)  # fmt: skip


def upper_limit_mg(age: float, jurisdiction: str = "us") -> float:
    """The supplemental upper limit for this age: US 1-3 y 65, 4-8 y 110, 9 y+ 350; EU 4 y+ 250; else 0."""
    limit = 0.0
    for start, mg in SUPPLEMENT_UL_MG[jurisdiction]:
        if age >= start:
            limit = mg
    return limit


def _magnesium_taken(profile: Mapping[str, Any]) -> float:
    return float(
        sum(s.get("elemental_mg", 0) for s in profile.get("supplements") or [] if "form" in s)
    )


def supplemental_cap_mg(profile: Mapping[str, Any]) -> float:
    """The most magnesium a plan may schedule: the upper limit minus what is already taken, not below 0."""
    limit = upper_limit_mg(float(profile["age"]), profile.get("jurisdiction", "us"))
    return max(0.0, limit - _magnesium_taken(profile))


def _plan_json(plan: Union[Plan, Mapping[str, Any], str]) -> str:
    if isinstance(plan, str):
        return plan
    if isinstance(plan, Mapping):
        return json.dumps(plan)
    return plan.to_json()


def plan_violations(
    profile: Mapping[str, Any],
    plan: Union[Plan, Mapping[str, Any], str],
    *,
    engine: Optional[Engine] = None,
) -> List[str]:
    """Every hard rule of the contract `plan` breaks for `profile`; empty if none.

    The check is the engine's own safety kernel (Rust), so it agrees with it
    by construction: the limits are the reference values (the content's when
    lower), whatever rule or content directory made the plan. `engine` gives
    the content whose limits apply (the built-in content by default).
    Raises `crampwise.ProfileError` when the profile does not validate.
    """
    chosen = engine if engine is not None else crampwise.default_engine()
    return chosen.plan_violations(dict(profile), _plan_json(plan))


def assert_plan_safe(
    profile: Mapping[str, Any],
    plan: Union[Plan, Mapping[str, Any], str],
    *,
    engine: Optional[Engine] = None,
) -> None:
    """Raises `AssertionError` naming every hard rule of the contract the plan breaks.

    `plan` is a `crampwise.Plan`, its `to_dict()` or its JSON text; `profile`
    the (valid) profile it was made for. The rules, as the safety kernel
    enforces them: the scheduled magnesium and `daily_elemental_mg.max` stay
    within the supplemental upper limit for age and jurisdiction minus what is
    already taken, and no allowance is shown when magnesium is not advised;
    kidney disease, heart block, myasthenia gravis, pregnancy, lactation and
    age under 9 are never `suggested` and raise triage to at least
    `clinician`; `clinician_first` implies triage of at least `clinician`;
    every warning sign raises triage to its level and is named in the
    reasons; companions stay within their limits with what is taken; never
    potassium; a disclaimer, a safety net and complete versions.
    """
    problems = plan_violations(profile, plan, engine=engine)
    if problems:
        listed = "\n".join(f"  - {p}" for p in problems)
        raise AssertionError(
            f"the plan breaks the contract's hard rules:\n{listed}\nprofile: {json.dumps(profile)}"
        )


# --- generating profiles ------------------------------------------------------


def _nest(flat: Mapping[str, Any]) -> Profile:
    """`{"cramps.per_week": 3}` -> `{"cramps": {"per_week": 3}}`."""
    out: Profile = {}
    for path, value in flat.items():
        parts = path.split(".")
        node = out
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return out


# What `random_profile` draws less often, so that about half its profiles are
# healthy enough for a supplement plan and the dose logic is exercised too.
_RARE: Dict[str, Sequence[str]] = {
    "symptoms": RED_FLAG_SYMPTOMS + ("leg_redness_warmth",),
    "conditions": UNSAFE_CONDITIONS,
    "pregnancy": ("trimester1", "trimester2", "trimester3"),
}

# Where `random_profile` draws most numbers from (the full ranges are drawn too).
_TYPICAL: Dict[str, Tuple[float, float]] = {
    "cramps.per_week": (0, 14),
    "cramps.weeks": (0, 52),
    "cramps.duration_minutes": (0, 15),
    "lifestyle.exercise_per_week": (0, 10),
    "lifestyle.caffeine_cups_per_day": (0, 6),
    "lifestyle.alcohol_drinks_per_week": (0, 14),
    "lifestyle.water_liters_per_day": (0, 4),
    "lifestyle.sitting_hours_per_day": (0, 12),
    "diet_magnesium_mg": (100, 500),
    "supplements[].elemental_mg": (0, 500),
    "supplements[].mg": (0, 1000),
}


def random_profile(rng: random.Random, *, present: float = 0.6) -> Profile:
    """A valid random profile; each optional key is present with probability `present`.

    Numbers are whole or have at most two decimals, so the JSON stays short.
    Red-flag symptoms, unsafe conditions, pregnancy and lactation come up in
    about one profile in ten each, so most profiles are not triaged away.
    """

    def number(low: float, high: float) -> Union[int, float]:
        if rng.random() < 0.7:
            return rng.randint(int(low), int(high))
        return round(rng.uniform(low, high), rng.choice((1, 2)))

    def some(path: str, values: Sequence[str]) -> List[str]:
        rare = _RARE.get(path, ())
        common = [v for v in values if v not in rare]
        k = rng.choices((0, 1, 2, 3), weights=(4, 3, 2, 1))[0]
        chosen = rng.sample(common, min(k, len(common)))
        if rare and rng.random() < 0.1:
            chosen.append(rng.choice(rare))
        return chosen

    def one(path: str, values: Sequence[str]) -> str:
        rare = _RARE.get(path, ())
        common = [v for v in values if v not in rare]
        return rng.choice(rare if rare and rng.random() < 0.15 else common)

    def amount(path: str, low: float, high: float) -> Union[int, float]:
        if path in _TYPICAL and rng.random() < 0.8:
            low, high = _TYPICAL[path]
        return number(low, high)

    flat: Dict[str, Any] = {}
    low, high = NUMBERS["age"]
    flat["age"] = rng.choice(EDGE_AGES) if rng.random() < 0.15 else number(9, high)
    for path, (low, high) in NUMBERS.items():
        if path != "age" and rng.random() < present:
            flat[path] = amount(path, low, high)
    for path, values in ENUMS.items():
        if rng.random() < present:
            flat[path] = one(path, values)
    for path, values in SETS.items():
        if rng.random() < present:
            flat[path] = some(path, values)
    for path in BOOLS:
        if rng.random() < present:
            flat[path] = rng.random() < (0.1 if path == "lactating" else 0.5)
    if rng.random() < present:
        supplements: List[Dict[str, Any]] = []
        for _ in range(rng.choices((0, 1, 2, 3), weights=(4, 3, 2, 1))[0]):
            if rng.random() < 0.6:
                mg = amount("supplements[].elemental_mg", *ELEMENTAL_MG)
                supplements.append({"form": rng.choice(FORMS), "elemental_mg": mg})
            else:
                mg = amount("supplements[].mg", *NUTRIENT_MG)
                supplements.append({"nutrient": rng.choice(NUTRIENTS), "mg": mg})
        flat["supplements"] = supplements
    return _nest(flat)


def profiles() -> SearchStrategy[Profile]:
    """A Hypothesis strategy of valid intake profiles (needs `hypothesis`).

    Every optional key may be left out ("not asked"); numbers cover their whole
    range, including fractions; ages near the limits where rules change come up
    often.

        from hypothesis import given
        from crampwise.testing import profiles, assert_plan_safe

        @given(profiles())
        def test_my_app_keeps_plans_safe(profile):
            assert_plan_safe(profile, my_app.plan_for(profile))
    """
    from hypothesis import strategies as st

    def number(low: float, high: float) -> SearchStrategy[Union[int, float]]:
        return st.one_of(
            st.integers(math.ceil(low), math.floor(high)),
            st.floats(low, high, allow_nan=False, allow_infinity=False),
        )

    def some(values: Sequence[str]) -> SearchStrategy[List[str]]:
        return st.lists(st.sampled_from(values), unique=True, max_size=len(values))

    magnesium = st.fixed_dictionaries(
        {"form": st.sampled_from(FORMS), "elemental_mg": number(*ELEMENTAL_MG)}
    )
    other = st.fixed_dictionaries(
        {"nutrient": st.sampled_from(NUTRIENTS), "mg": number(*NUTRIENT_MG)}
    )
    optional: Dict[str, SearchStrategy[Any]] = {}
    for path, (low, high) in NUMBERS.items():
        if path != "age":
            optional[path] = number(low, high)
    for path, values in ENUMS.items():
        optional[path] = st.sampled_from(values)
    for path, values in SETS.items():
        optional[path] = some(values)
    for path in BOOLS:
        optional[path] = st.booleans()
    optional["supplements"] = st.lists(st.one_of(magnesium, other), max_size=4)
    age = st.one_of(st.sampled_from(EDGE_AGES), number(*NUMBERS["age"]))
    flat: SearchStrategy[Dict[str, Any]] = st.fixed_dictionaries({"age": age}, optional=optional)
    nest: Callable[[Dict[str, Any]], Profile] = _nest
    return flat.map(nest)

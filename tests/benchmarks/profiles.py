"""Seeded synthetic intake profiles with a realistic mix, for benchmarks and agreement checks.

`profiles(n, seed)` gives contract profiles (nested dicts, as `json.loads`
gives them); `to_table(profiles)` gives the same profiles as a pyarrow Table
in the batch layout of the contract (section 3): one row per profile, columns
named by dotted paths, list fields as list<string>, `supplements` as
list<struct<form, elemental_mg, nutrient, mg>>, null meaning "not asked".

The mix: ages 0-100 weighted to adults, women and men (a few unspecified or
not asked), pregnancy or breastfeeding for some women of 18-45, 0-3 symptoms
with some red flags, conditions (kidney disease for about 3 %), medications
weighted by age, magnesium already taken by about 20 %, US and EU limits.
Every optional question is sometimes left out ("not asked").

`diet_magnesium_mg` is never set: the rule it drives (`dose_food_nearly_enough`)
is outside the part of the rules the benchmark mirrors in zen and plain Python.

>>> ps = profiles(3, seed=1)
>>> len(ps), all("age" in p for p in ps)
(3, True)
>>> profiles(5, seed=2) == profiles(5, seed=2)
True
"""

from __future__ import annotations

import random
from typing import Any, Dict, List, Optional, Sequence, Tuple

Profile = Dict[str, Any]

__all__ = ["COLUMNS", "Profile", "arrow_schema", "flatten", "profiles", "to_table"]

# (column, arrow type name) in the batch layout; "list" is list<string>.
COLUMNS: List[Tuple[str, str]] = [
    ("age", "double"),
    ("sex", "string"),
    ("pregnancy", "string"),
    ("lactating", "bool"),
    ("cramps.per_week", "double"),
    ("cramps.timing", "list"),
    ("cramps.sites", "list"),
    ("cramps.severity", "double"),
    ("cramps.one_sided", "bool"),
    ("cramps.weeks", "double"),
    ("symptoms", "list"),
    ("lifestyle.exercise_per_week", "double"),
    ("lifestyle.heavy_sweating", "bool"),
    ("lifestyle.caffeine_cups_per_day", "double"),
    ("lifestyle.stress", "double"),
    ("conditions", "list"),
    ("medications", "list"),
    ("supplements", "supplements"),
    ("preferences.format", "string"),
    ("jurisdiction", "string"),
]

_COMMON_SYMPTOMS: List[Tuple[str, float]] = [
    ("poor_sleep", 16),
    ("twitching", 9),
    ("persistent_tightness", 7),
    ("restless_legs", 7),
    ("constipation", 8),
    ("loose_stools", 5),
]
_RED_FLAGS: List[Tuple[str, float]] = [
    ("numbness", 3),
    ("muscle_weakness", 2),
    ("palpitations", 2),
    ("leg_swelling", 2),
    ("leg_redness_warmth", 1),
    ("dark_urine", 1),
    ("pain_walking_relieved_by_rest", 1.5),
    ("shortness_of_breath", 0.8),
    ("chest_pain", 0.5),
    ("confusion", 0.4),
]
_SYMPTOMS = _COMMON_SYMPTOMS + _RED_FLAGS

# condition: (probability under 50, from 50)
_CONDITIONS: List[Tuple[str, float, float]] = [
    ("diabetes", 0.04, 0.14),
    ("hypothyroidism", 0.04, 0.07),
    ("neuropathy", 0.01, 0.06),
    ("peripheral_artery_disease", 0.002, 0.05),
    ("kidney_disease", 0.015, 0.05),
    ("liver_disease", 0.005, 0.015),
    ("malabsorption", 0.01, 0.01),
    ("heart_block", 0.001, 0.01),
    ("myasthenia_gravis", 0.002, 0.004),
]
_MEDICATIONS: List[Tuple[str, float, float]] = [
    ("statin", 0.04, 0.30),
    ("thiazide_diuretic", 0.02, 0.12),
    ("loop_diuretic", 0.005, 0.04),
    ("potassium_sparing_diuretic", 0.003, 0.01),
    ("ppi", 0.06, 0.14),
    ("levothyroxine", 0.03, 0.08),
    ("bisphosphonate", 0.002, 0.05),
    ("beta_agonist", 0.05, 0.05),
    ("calcium_channel_blocker", 0.01, 0.10),
    ("gabapentinoid", 0.02, 0.04),
    ("digoxin", 0.001, 0.01),
    ("tetracycline", 0.01, 0.005),
    ("fluoroquinolone", 0.01, 0.01),
]
_MG_FORMS = ["glycinate", "citrate", "oxide", "malate", "chloride", "taurate", "l_threonate"]
_MG_FORM_WEIGHTS = [30, 25, 20, 10, 5, 5, 5]
_MG_AMOUNTS = [50, 100, 120, 150, 200, 250, 300, 350, 400]
_MG_AMOUNT_WEIGHTS = [8, 20, 8, 12, 20, 10, 8, 6, 8]
_SITES = ["calf", "foot", "hamstring", "quadriceps", "hand", "neck", "back", "abdomen", "eyelid"]
_SITE_P = [0.75, 0.30, 0.12, 0.08, 0.06, 0.03, 0.03, 0.02, 0.02]


def _age(rng: random.Random) -> float:
    band = rng.choices(range(6), weights=[2, 3, 5, 5, 63, 22])[0]
    if band == 0:
        return rng.choice([0.0, 0.5, 1.0, 2.0, 3.0])
    lo, hi = [(0, 0), (4, 8), (9, 13), (14, 17), (18, 64), (65, 100)][band]
    return float(rng.randint(lo, hi))


def _number(value: float) -> Any:
    """Whole numbers as int, as JSON from a form would carry them."""
    return int(value) if float(value).is_integer() else value


def _sample_without_replacement(
    rng: random.Random, items: Sequence[Tuple[str, float]], k: int
) -> List[str]:
    pool = list(items)
    chosen: List[str] = []
    for _ in range(min(k, len(pool))):
        i = rng.choices(range(len(pool)), weights=[w for _, w in pool])[0]
        chosen.append(pool.pop(i)[0])
    return chosen


def _one(rng: random.Random) -> Profile:
    age = _age(rng)
    adult = age >= 18
    older = age >= 50
    p: Profile = {"age": _number(age)}

    r = rng.random()
    sex: Optional[str] = (
        "female" if r < 0.48 else "male" if r < 0.96 else "unspecified" if r < 0.98 else None
    )
    if sex is not None:
        p["sex"] = sex

    pregnant = False
    if sex in ("female", "unspecified", None) and 18 <= age <= 45:
        if rng.random() < 0.7:
            pregnant = rng.random() < 0.12
            p["pregnancy"] = (
                rng.choice(["trimester1", "trimester2", "trimester3"]) if pregnant else "none"
            )
        if rng.random() < 0.6:
            p["lactating"] = (not pregnant) and rng.random() < 0.07
    elif sex == "female" and rng.random() < 0.5:
        p["pregnancy"] = "none"
        if rng.random() < 0.5:
            p["lactating"] = False
    elif sex == "male" and rng.random() < 0.1:
        p["pregnancy"] = "none"

    exercise = rng.choices([0, 1, 2, 3, 4, 5, 6, 7], weights=[20, 12, 15, 18, 12, 10, 6, 7])[0]
    if rng.random() < 0.95:
        cramps: Dict[str, Any] = {}
        band = rng.choices(range(5), weights=[5, 50, 25, 17, 3])[0]
        lo, hi = [(0, 0), (1, 3), (4, 6), (7, 14), (15, 30)][band]
        cramps["per_week"] = rng.randint(lo, hi)
        if rng.random() < 0.9:
            timing = []
            if rng.random() < (0.65 if older else 0.45):
                timing.append("night")
            if rng.random() < 0.05 + 0.05 * exercise:
                timing.append("during_exercise")
            if rng.random() < 0.04 + 0.04 * exercise:
                timing.append("after_exercise")
            if rng.random() < 0.10:
                timing.append("daytime_rest")
            if rng.random() < 0.08:
                timing.append("sitting")
            cramps["timing"] = timing
        if rng.random() < 0.8:
            cramps["sites"] = [s for s, q in zip(_SITES, _SITE_P) if rng.random() < q]
        if rng.random() < 0.7:
            cramps["severity"] = rng.randint(1, 10)
        if rng.random() < 0.4:
            cramps["one_sided"] = rng.random() < 0.15
        if rng.random() < 0.5:
            cramps["weeks"] = rng.choice([1, 2, 4, 8, 12, 26, 52, 104])
        p["cramps"] = cramps

    if rng.random() < 0.9:
        k = rng.choices([0, 1, 2, 3], weights=[45, 30, 17, 8])[0]
        p["symptoms"] = _sample_without_replacement(rng, _SYMPTOMS, k)

    if rng.random() < 0.8:
        life: Dict[str, Any] = {"exercise_per_week": exercise}
        if rng.random() < 0.6:
            life["heavy_sweating"] = rng.random() < 0.2
        if adult and rng.random() < 0.6:
            life["caffeine_cups_per_day"] = rng.choice([0, 1, 2, 3, 4, 6])
        if rng.random() < 0.5:
            life["stress"] = rng.randint(0, 10)
        p["lifestyle"] = life

    if rng.random() < 0.85:
        p["conditions"] = [
            c for c, young, old in _CONDITIONS if rng.random() < (old if older else young)
        ]
    if rng.random() < 0.85:
        p["medications"] = [
            m for m, young, old in _MEDICATIONS if rng.random() < (old if older else young)
        ]

    # Magnesium already taken by ~20 % of everyone (25 % of those asked).
    if rng.random() < 0.8:
        supplements: List[Dict[str, Any]] = []
        if rng.random() < 0.25:
            for _ in range(2 if rng.random() < 0.06 else 1):
                supplements.append(
                    {
                        "form": rng.choices(_MG_FORMS, weights=_MG_FORM_WEIGHTS)[0],
                        "elemental_mg": rng.choices(_MG_AMOUNTS, weights=_MG_AMOUNT_WEIGHTS)[0],
                    }
                )
        if rng.random() < 0.06:
            supplements.append({"nutrient": "vitamin_b6", "mg": rng.choice([2, 10, 25, 50, 100])})
        if rng.random() < 0.03:
            supplements.append({"nutrient": "potassium", "mg": 99})
        if rng.random() < 0.03:
            supplements.append({"nutrient": "taurine", "mg": rng.choice([500, 1000, 2000])})
        p["supplements"] = supplements

    if rng.random() < 0.2:
        p["preferences"] = {"format": rng.choice(["capsule", "tablet", "powder", "any"])}

    r = rng.random()
    if r < 0.55:
        p["jurisdiction"] = "us"
    elif r < 0.95:
        p["jurisdiction"] = "eu"
    return p


def profiles(n: int, seed: int = 20240601) -> List[Profile]:
    """`n` synthetic contract profiles, the same for the same seed."""
    rng = random.Random(seed)
    return [_one(rng) for _ in range(n)]


def flatten(profile: Profile) -> Dict[str, Any]:
    """One profile as a row of the batch layout: dotted keys, absent keys left out."""
    row: Dict[str, Any] = {}
    for key, value in profile.items():
        if isinstance(value, dict):
            for sub, v in value.items():
                row[f"{key}.{sub}"] = v
        else:
            row[key] = value
    return row


def arrow_schema() -> Any:
    """The pyarrow schema of `to_table` (pyarrow is imported here, not at module import)."""
    import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]

    supplement = pa.struct(
        [
            ("form", pa.string()),
            ("elemental_mg", pa.float64()),
            ("nutrient", pa.string()),
            ("mg", pa.float64()),
        ]
    )
    types = {
        "double": pa.float64(),
        "string": pa.string(),
        "bool": pa.bool_(),
        "list": pa.list_(pa.string()),
        "supplements": pa.list_(supplement),
    }
    return pa.schema([(name, types[kind]) for name, kind in COLUMNS])


def to_table(profiles: Sequence[Profile]) -> Any:
    """The profiles as a pyarrow Table in the contract's batch layout (null: not asked)."""
    import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]

    schema = arrow_schema()
    rows = [flatten(p) for p in profiles]
    unknown = {k for row in rows for k in row} - set(schema.names)
    if unknown:
        raise ValueError(f"profiles hold fields the batch layout here lacks: {sorted(unknown)}")
    columns = {}
    for field in schema:
        values = [row.get(field.name) for row in rows]
        if field.name == "supplements":
            keys = ("form", "elemental_mg", "nutrient", "mg")
            values = [
                None if v is None else [{k: s.get(k) for k in keys} for s in v] for v in values
            ]
        columns[field.name] = pa.array(values, type=field.type)
    return pa.table(columns, schema=schema)

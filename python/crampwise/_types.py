"""Typed shapes of what crampwise takes and gives: the intake profile, the
options, the label report and the food estimate.

A `TypedDict` is a plain dict at run time; the types let mypy (or an IDE)
catch a misspelt key (`"conditons"`) or option (`errors="colect"`) before the
engine does. `tests/test_types.py` checks them against the profile's JSON
Schema, the field table and real reports.
"""

from __future__ import annotations

from typing import Any, Dict, List, Literal, Optional, TypedDict

from crampwise._plan_types import FormId, Jurisdiction, Medication, Status, TriageLevel

__all__ = [
    "BatchErrors",
    "Condition",
    "Cramps",
    "CrampSite",
    "CrampTiming",
    "Diet",
    "FoodEstimate",
    "FormId",
    "Jurisdiction",
    "LabelReport",
    "Lifestyle",
    "Medication",
    "Nutrient",
    "Preferences",
    "PreferredFormat",
    "Pregnancy",
    "Profile",
    "SchemaKind",
    "Sex",
    "Status",
    "SupplementTaken",
    "Symptom",
    "TriageLevel",
    "Avoid",
]

BatchErrors = Literal["raise", "collect"]
"""What `recommend_batch` does with a bad row: raise `ProfileError`, or give it an `error` cell."""

SchemaKind = Literal["profile", "plan"]
"""The schemas `crampwise.schema` gives."""

Sex = Literal["female", "male", "unspecified"]
Pregnancy = Literal["none", "trimester1", "trimester2", "trimester3"]
CrampTiming = Literal["night", "during_exercise", "after_exercise", "daytime_rest", "sitting"]
CrampSite = Literal[
    "calf", "foot", "hamstring", "quadriceps", "hand", "neck", "shoulder", "jaw", "back",
    "abdomen", "eyelid",
]  # fmt: skip
Symptom = Literal[
    "twitching", "persistent_tightness", "poor_sleep", "restless_legs", "constipation",
    "loose_stools", "palpitations", "numbness", "muscle_weakness", "leg_swelling",
    "leg_redness_warmth", "dark_urine", "pain_walking_relieved_by_rest", "chest_pain",
    "shortness_of_breath", "confusion", "headache", "vision_changes", "vaginal_bleeding",
    "vomiting", "tendon_pain",
]  # fmt: skip
Diet = Literal["standard", "low_carb", "keto", "high_protein", "vegetarian", "vegan"]
Condition = Literal[
    "kidney_disease", "heart_block", "myasthenia_gravis", "diabetes", "malabsorption",
    "peripheral_artery_disease", "neuropathy", "hypothyroidism", "liver_disease",
]  # fmt: skip
PreferredFormat = Literal["capsule", "tablet", "powder", "any"]
Avoid = Literal["artificial_sweeteners", "artificial_colors", "animal_ingredients"]
Nutrient = Literal["vitamin_b6", "taurine", "potassium"]
SupplementForm = Literal[
    "glycinate", "malate", "citrate", "oxide", "chloride", "sulfate", "taurate", "l_threonate",
    "lactate", "aspartate", "carbonate", "hydroxide", "orotate", "gluconate", "bisglycinate",
]  # fmt: skip
"""A magnesium form as a profile may name it (`bisglycinate` is read as `glycinate`)."""


class Cramps(TypedDict, total=False):
    """How the cramps present (contract, section 3)."""

    per_week: float
    timing: List[CrampTiming]
    sites: List[CrampSite]
    severity: float
    one_sided: bool
    weeks: float
    duration_minutes: float
    eases_with_stretching: bool
    sudden_onset: bool
    task_specific: bool


class Lifestyle(TypedDict, total=False):
    """Habits that bear on cramps and magnesium."""

    exercise_per_week: float
    heavy_sweating: bool
    caffeine_cups_per_day: float
    alcohol_drinks_per_week: float
    stress: float
    diet: Diet
    water_liters_per_day: float
    sitting_hours_per_day: float


class SupplementTaken(TypedDict, total=False):
    """A supplement already taken: a magnesium form with its elemental mg, or another nutrient."""

    form: SupplementForm
    elemental_mg: float
    nutrient: Nutrient
    mg: float


class Preferences(TypedDict, total=False):
    """What the person prefers in a product."""

    format: PreferredFormat
    avoid: List[Avoid]


class Profile(TypedDict, total=False):
    """An intake profile as Python data (contract, section 3). Every key may be
    left out, meaning "not asked" (only `age` is required, which the engine checks).
    """

    age: float
    sex: Sex
    pregnancy: Pregnancy
    lactating: bool
    cramps: Cramps
    symptoms: List[Symptom]
    lifestyle: Lifestyle
    conditions: List[Condition]
    medications: List[Medication]
    supplements: List[SupplementTaken]
    diet_magnesium_mg: Optional[float]
    preferences: Preferences
    jurisdiction: Jurisdiction


# The label report (`crampwise label check --format json`).


class LabelCheck(TypedDict):
    """One item of the label checklist."""

    id: str
    status: str
    note: str
    title: str


class LabelWarning(TypedDict):
    """A warning the label gives reason for."""

    id: str
    text: str


class FitReason(TypedDict):
    """One reason the product fits the person's plan, or does not."""

    id: str
    ok: bool
    safety: bool
    text: str


class LabelFit(TypedDict):
    """Whether the product fits the plan of the person given."""

    fits: bool
    reasons: List[FitReason]


class _MagnesiumRowRequired(TypedDict):
    row: str
    forms: List[str]
    elemental_mg: float


class MagnesiumRow(_MagnesiumRowRequired, total=False):
    """A magnesium line of the label, read: forms and the real elemental amount."""

    basis: str
    compound_mg: Optional[float]
    fraction: Optional[float]
    assumed: str
    alternatives: List[str]


class _LabelReportRequired(TypedDict):
    forms: List[str]
    elemental_mg_per_serving: Optional[float]
    elemental_is_estimate: bool
    checks: List[LabelCheck]
    warnings: List[LabelWarning]
    unread_lines: List[Any]
    verdict: str
    verdict_reasons: List[str]


class LabelReport(_LabelReportRequired, total=False):
    """The label report (contract section 4 plus extras)."""

    elemental_is_lower_bound: bool
    ignored_lines: List[Dict[str, Any]]
    corrections: List[Any]
    taken_by_mouth: bool
    forms_from_ingredients: bool
    eu_layout: bool
    drug_facts: bool
    fit: LabelFit
    magnesium: List[MagnesiumRow]
    name: str
    brand: str
    source: str
    form_factor: str
    serving: Dict[str, Any]
    ingredients: List[Dict[str, Any]]
    other_ingredients: List[str]
    marks: List[Any]
    claims: List[Any]


# The food estimate (`crampwise foods estimate --format json`).


class FoodEaten(TypedDict):
    """A food of the list, with the magnesium it gives a day."""

    id: str
    name: str
    serving: str
    servings_per_day: float
    mg_per_serving: float
    mg_per_day: float
    verified: bool


class FoodSuggestion(TypedDict):
    """A food that would close the gap to the RDA."""

    id: str
    name: str
    serving: str
    mg_per_serving: float
    servings_per_day: float
    mg_per_day: float


class FoodEstimate(TypedDict):
    """Magnesium a day from food against the RDA, with foods that would close the gap."""

    foods: List[FoodEaten]
    total_mg_per_day: float
    rda_mg: float
    rda_kind: str
    gap_mg: float
    percent_of_rda: float
    suggestions: List[FoodSuggestion]
    notes: List[str]

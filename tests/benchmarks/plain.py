"""The core of the default rules in plain Python: triage level, status, cap, target and form.

A hand-written mirror of `crates/rules/rules/{triage,safety,dose,forms}.toml`
and of what `crates/rules/src/decide.rs` does with them, on the contract's
profile dict as it is (no preparation). It is the "what if we just wrote it
in Python" baseline of `compare.py`, and `tests/test_benchmarks_agree.py`
checks it against crampwise so the mirror stays honest.

Scope: red-flag and safety triage, supplement status, the cap (supplemental
upper limit for age and jurisdiction minus the magnesium already taken), the
target (300 mg, 150 mg at 9-13, 200 mg from 70, 0 when 250 mg or more is
already taken; at most the cap; rounded down to 25 mg; 0 unless suggested) and
the first form. Not mirrored: `diet_magnesium_mg` (the `dose_food_nearly_enough`
rule needs the RDA table), so a profile with it is refused.

"Not asked" follows the engine: a rule fires only when its condition is true,
so an absent list contains nothing and a comparison with an absent number is
false.

>>> core({"age": 45, "cramps": {"per_week": 3, "timing": ["night"]}})
Core(triage_level='self_care', supplement_status='suggested', daily_max_mg=350.0, target_mg=300.0, form='glycinate')
>>> core({"age": 72, "conditions": ["kidney_disease"], "jurisdiction": "eu"}).supplement_status
'not_advised'
"""

from __future__ import annotations

import math
from typing import Any, Dict, Iterable, NamedTuple, Optional

__all__ = ["Core", "core", "upper_limit_mg", "LEVELS"]

LEVELS = ("self_care", "clinician", "urgent", "emergency")

_CLINICIAN_SYMPTOMS = (
    "leg_swelling",
    "dark_urine",
    "pain_walking_relieved_by_rest",
    "muscle_weakness",
    "numbness",
    "palpitations",
)
_DIURETICS = ("loop_diuretic", "thiazide_diuretic", "potassium_sparing_diuretic")
_CRAMP_CONDITIONS = ("peripheral_artery_disease", "neuropathy", "liver_disease", "diabetes")
_NOT_ADVISED_CONDITIONS = ("kidney_disease", "heart_block", "myasthenia_gravis")
_TRIMESTERS = ("trimester1", "trimester2", "trimester3")


class Core(NamedTuple):
    """The decisions compared across crampwise, zen and this function."""

    triage_level: str
    supplement_status: str
    daily_max_mg: float
    """The cap: upper limit minus magnesium already taken, not below 0."""
    target_mg: float
    """The daily target (= the scheduled total), 0 unless suggested."""
    form: Optional[str]
    """The scheduled form, None unless suggested."""


def core_of_plan(plan: Dict[str, Any]) -> Core:
    """The mirrored part of a crampwise plan (as `json.loads` gives it)."""
    supplement = plan["supplement"]
    schedule = supplement["schedule"]
    return Core(
        plan["triage"]["level"],
        supplement["status"],
        float(supplement["daily_elemental_mg"]["max"]),
        float(sum(d["elemental_mg"] for d in schedule)),
        schedule[0]["form"] if schedule else None,
    )


def upper_limit_mg(age: float, jurisdiction: str) -> Optional[float]:
    """Supplemental magnesium upper limit (content `intakes.toml`), None: not established."""
    if jurisdiction == "eu":
        return None if age < 4 else 250.0
    if age < 1:
        return None
    if age < 4:
        return 65.0
    if age < 9:
        return 110.0
    return 350.0


def _ge(value: Any, bound: float) -> bool:
    return value is not None and value >= bound


def core(profile: Dict[str, Any]) -> Core:
    """Triage level, status, cap, target and form for one contract profile."""
    if "diet_magnesium_mg" in profile:
        raise ValueError("diet_magnesium_mg is outside the mirrored part of the rules")
    age = float(profile["age"])
    cramps = profile.get("cramps") or {}
    per_week = cramps.get("per_week")
    severity = cramps.get("severity")
    one_sided = cramps.get("one_sided") is True
    timing = cramps.get("timing") or ()
    symptoms = profile.get("symptoms") or ()
    conditions = profile.get("conditions") or ()
    medications = profile.get("medications") or ()
    pregnant = profile.get("pregnancy") in _TRIMESTERS
    lactating = profile.get("lactating") is True

    # Safety rules (safety.toml): the most restrictive status; each also raises triage.
    if any(c in conditions for c in _NOT_ADVISED_CONDITIONS) or age < 1:
        status = "not_advised"
    elif "liver_disease" in conditions or pregnant or lactating or age < 9:
        status = "clinician_first"
    else:
        status = "suggested"

    # Triage rules (triage.toml): the highest level of any red flag.
    sob = "shortness_of_breath" in symptoms
    swelling = "leg_swelling" in symptoms
    red_leg = "leg_redness_warmth" in symptoms
    if "chest_pain" in symptoms or ((swelling or red_leg) and sob):
        level = 3
    elif (
        sob
        or red_leg
        or (swelling and one_sided)
        or "confusion" in symptoms
        or ("dark_urine" in symptoms and ("muscle_weakness" in symptoms or _ge(severity, 7)))
    ):
        level = 2
    elif (
        status != "suggested"
        or any(s in symptoms for s in _CLINICIAN_SYMPTOMS)
        or (
            per_week is not None
            and per_week > 0
            and ("statin" in medications or any(m in medications for m in _DIURETICS))
        )
        or ("night" in timing and _ge(per_week, 7))
        or (age >= 65 and (_ge(per_week, 7) or (_ge(severity, 8) and _ge(per_week, 3))))
        or (_ge(per_week, 3) and any(c in conditions for c in _CRAMP_CONDITIONS))
    ):
        level = 1
    else:
        level = 0
    if status == "suggested" and level >= 1:
        status = "clinician_first"

    # Cap and target (dose.toml and the engine's cap).
    upper = upper_limit_mg(age, profile.get("jurisdiction", "us"))
    supplements = profile.get("supplements")
    taken = (
        None
        if supplements is None
        else float(sum(s.get("elemental_mg", 0) for s in supplements if "form" in s))
    )
    cap = max((upper or 0.0) - (taken or 0.0), 0.0)
    targets = []
    if age >= 9:
        targets.append(300.0)
    if 9 <= age < 14:
        targets.append(150.0)
    if age >= 70:
        targets.append(200.0)
    if _ge(taken, 250):
        targets.append(0.0)
    target = max(math.floor(min(min(targets, default=0.0), cap) / 25.0) * 25.0, 0.0)
    if status == "suggested" and (upper is None or target < 25.0):
        status = "not_advised"
    if status != "suggested":
        return Core(LEVELS[level], status, cap, 0.0, None)

    # Form (forms.toml): highest score, ties to the earlier form in the catalog.
    # Scores: glycinate 2 (+3 night or poor sleep), malate 1 (+3 exercise),
    # citrate 1 (+5 constipation without loose stools); loose stools exclude
    # citrate. No other form can score above glycinate's 2, and glycinate,
    # malate and citrate come in every format, so the format preference never
    # changes the choice.
    loose = "loose_stools" in symptoms
    if "constipation" in symptoms and not loose:
        form = "citrate"
    elif "night" in timing or "poor_sleep" in symptoms:
        form = "glycinate"
    elif "during_exercise" in timing or "after_exercise" in timing:
        form = "malate"
    else:
        form = "glycinate"
    return Core(LEVELS[level], status, cap, target, form)


# Rules added after the mirrors were written (ruleset 1.0): the clinical
# judgement rules (warning signs behind "cramps", no indication, what is
# already taken). A profile where any of them fires is outside what the
# mirrors compute, so agreement is checked on the others only.
UNMIRRORED = frozenset(
    {
        "cramp_long_or_unrelieved", "one_sided_calf_at_rest", "one_sided_calf_new",
        "statin_dark_urine", "pregnancy_abdominal_cramps", "pregnancy_swelling",
        "pregnancy_pre_eclampsia_signs", "exercise_confusion", "thiazide_confusion",
        "electrolyte_medicine_symptoms", "widespread_or_sudden_cramps",
        "task_specific_hand_cramps", "heavy_alcohol", "restless_legs",
        "fluoroquinolone_tendon_pain", "b6_numbness", "very_old_unchecked",
        "eyelid_twitching_only", "abdominal_cramps_only", "loose_stools_present", "no_cramps",
        "rhabdomyolysis_signs",
    }
)  # fmt: skip


def mirrored(fired_rules: Iterable[str]) -> bool:
    """Whether a plan whose trace fired these rules is in the mirrored part."""
    return not any(rule in UNMIRRORED for rule in fired_rules)


def allowance(core: Core) -> Core:
    """A mirror's core as a plan shows it: not advised shows no allowance (max 0)."""
    if core.supplement_status == "not_advised":
        return core._replace(daily_max_mg=0.0)
    return core

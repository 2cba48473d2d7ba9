"""The GoRules zen-engine side of the benchmark: the JDM graph, its loader and its input.

`zen/crampwise_core.json` is a JSON Decision Model graph (open it in the JDM
editor, https://editor.gorules.io) that mirrors the triage, status, cap,
target and form part of the default rules, as `plain.py` does in Python:

    request -> triage (decision table, 39 rows, highest level first)
            -> status (decision table: safety.toml, most restrictive first)
            -> upper_limit (decision table: intakes.toml by jurisdiction and age)
            -> rule_cap (decision table: dose.toml targets, lowest first)
            -> form (decision table: forms.toml, highest score first)
            -> decide (expression node: cap, rounded target, status, form)
            -> response

A decision table reads flat fields, so `context(profile)` turns the contract
profile into one: a boolean per symptom, condition, medication and timing
the rules name, the magnesium already taken summed, numbers as they are
(None when not asked; zen treats a comparison with null as false, which is
what the engine does with an unknown). compare.py times that preparation
separately from `evaluate`.

zen-engine is imported only by `engine()`, so this module imports without it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, Dict, Mapping, Tuple

from tests.benchmarks.plain import Core

if TYPE_CHECKING:
    import zen

__all__ = ["JDM_PATH", "KEY", "context", "engine", "to_core"]

JDM_PATH = Path(__file__).resolve().parent / "zen" / "crampwise_core.json"
KEY = "crampwise_core.json"

_SYMPTOMS = (
    "chest_pain",
    "shortness_of_breath",
    "leg_swelling",
    "leg_redness_warmth",
    "dark_urine",
    "muscle_weakness",
    "confusion",
    "pain_walking_relieved_by_rest",
    "numbness",
    "palpitations",
    "constipation",
    "loose_stools",
    "poor_sleep",
)
_CONDITIONS = (
    "peripheral_artery_disease",
    "neuropathy",
    "liver_disease",
    "diabetes",
    "kidney_disease",
    "heart_block",
    "myasthenia_gravis",
)
_MEDICATIONS = ("statin", "loop_diuretic", "thiazide_diuretic", "potassium_sparing_diuretic")
_TIMING = ("night", "during_exercise", "after_exercise")


def context(profile: Mapping[str, Any]) -> Dict[str, Any]:
    """The flat input of the JDM graph for one contract profile."""
    if "diet_magnesium_mg" in profile:
        raise ValueError("diet_magnesium_mg is outside the mirrored part of the rules")
    cramps = profile.get("cramps") or {}
    symptoms = profile.get("symptoms") or ()
    conditions = profile.get("conditions") or ()
    medications = profile.get("medications") or ()
    timing = cramps.get("timing") or ()
    supplements = profile.get("supplements")
    ctx: Dict[str, Any] = {
        "age": profile["age"],
        "jurisdiction": profile.get("jurisdiction", "us"),
        "pregnancy": profile.get("pregnancy"),
        "lactating": profile.get("lactating"),
        "per_week": cramps.get("per_week"),
        "severity": cramps.get("severity"),
        "one_sided": cramps.get("one_sided"),
        "taken_mg": (
            None
            if supplements is None
            else sum(s.get("elemental_mg", 0) for s in supplements if "form" in s)
        ),
    }
    for name in _SYMPTOMS:
        ctx[name] = name in symptoms
    for name in _CONDITIONS:
        ctx[name] = name in conditions
    for name in _MEDICATIONS:
        ctx[name] = name in medications
    for name in _TIMING:
        ctx[name] = name in timing
    return ctx


def engine() -> Tuple["zen.ZenEngine", "zen.ZenDecision"]:
    """A ZenEngine whose loader returns the JDM graph, and the compiled decision (reuse it)."""
    import zen

    content = JDM_PATH.read_text(encoding="utf-8")

    def loader(key: str) -> str:
        if key != KEY:
            raise KeyError(key)
        return content

    eng = zen.ZenEngine({"loader": loader})
    return eng, eng.get_decision(KEY)


def to_core(result: Mapping[str, Any]) -> Core:
    """The `result` of an evaluation as the compared decisions."""
    return Core(
        str(result["triage_level"]),
        str(result["supplement_status"]),
        float(result["daily_max_mg"]),
        float(result["target_mg"]),
        result.get("form"),
    )


def describe() -> str:
    """A one-line summary of the graph (node count, rows), for the benchmark report."""
    jdm = json.loads(JDM_PATH.read_text(encoding="utf-8"))
    tables = [n for n in jdm["nodes"] if n["type"] == "decisionTableNode"]
    rows = sum(len(n["content"]["rules"]) for n in tables)
    exprs = sum(
        len(n["content"]["expressions"]) for n in jdm["nodes"] if n["type"] == "expressionNode"
    )
    return f"{len(tables)} decision tables ({rows} rows) + 1 expression node ({exprs} expressions)"

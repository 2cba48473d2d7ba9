"""The clinical case corpus (tests/clinical/*.toml) through the Python API.

The same files and the same checks as `crates/rules/tests/clinical.rs`: a
case says what a sound plan must and must not do, from its cited source.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any, Dict, List, Tuple

import pytest

import crampwise
from crampwise.testing import LEVELS, assert_plan_safe

CORPUS = Path(__file__).parent / "clinical"


def _cases() -> List[Tuple[str, Dict[str, Any]]]:
    out = []
    for path in sorted(CORPUS.glob("*.toml")):
        with path.open("rb") as f:
            for case in tomllib.load(f)["case"]:
                out.append((path.name, case))
    return out


CASES = _cases()


def _advice(plan: Dict[str, Any]) -> str:
    parts: List[str] = list(plan["summary"])
    parts += [r["text"] for r in plan["triage"]["reasons"]]
    parts.append(plan["supplement"]["reason"])
    parts += [s["text"] for s in plan["supplement"]["spacing"]]
    for key in ("cautions", "companions", "lifestyle", "expectations", "assumptions"):
        parts += [item["text"] for item in plan[key]]
    parts.append(plan["safety_net"])
    return "\n".join(parts).lower()


def _problems(case: Dict[str, Any], plan: Dict[str, Any]) -> List[str]:
    p: List[str] = []
    must = case["must"]
    level = LEVELS.index(plan["triage"]["level"])
    if "triage" in must and plan["triage"]["level"] != must["triage"]:
        p.append(f"triage {plan['triage']['level']}, expected {must['triage']}")
    if "triage_min" in must and level < LEVELS.index(must["triage_min"]):
        p.append(f"triage {plan['triage']['level']}, expected at least {must['triage_min']}")
    if "triage_max" in must and level > LEVELS.index(must["triage_max"]):
        p.append(f"triage {plan['triage']['level']}, expected at most {must['triage_max']}")
    s = plan["supplement"]
    if "status_in" in must and s["status"] not in must["status_in"]:
        p.append(f"status {s['status']}, expected one of {must['status_in']}")
    if "max_mg_at_most" in must and s["daily_elemental_mg"]["max"] > must["max_mg_at_most"]:
        p.append(f"daily max {s['daily_elemental_mg']['max']}")
    total = sum(d["elemental_mg"] for d in s["schedule"])
    if "schedule_total_at_most" in must and total > must["schedule_total_at_most"]:
        p.append(f"schedule total {total}")
    if must.get("schedule_empty") and s["schedule"]:
        p.append("schedule is not empty")
    companions = {c["id"] for c in plan["companions"]}
    for cid in must.get("companions_absent", []):
        if cid in companions:
            p.append(f"companion {cid} suggested")
    for med, (before, after) in must.get("spacing_hours_at_least", {}).items():
        found = [x for x in s["spacing"] if x["medication"] == med]
        if not found:
            p.append(f"no spacing for {med}")
        elif (found[0]["hours_before"] or 0) < before or (found[0]["hours_after"] or 0) < after:
            p.append(f"spacing for {med} too short")
    reasons = "\n".join(r["text"] for r in plan["triage"]["reasons"]).lower()
    summary = "\n".join(plan["summary"]).lower()
    advice = _advice(plan)
    for key, text in (("reasons_mention", reasons), ("summary_mention", summary), ("advice_mention", advice)):
        for group in must.get(key, []):
            if not any(term.lower() in text for term in group):
                p.append(f"{key}: none of {group}")
    must_not = case.get("must_not", {})
    for term in must_not.get("advice_mention", []):
        if term.lower() in advice:
            p.append(f"advice mentions {term!r}")
    for term in must_not.get("summary_mention", []):
        if term.lower() in summary:
            p.append(f"summary mentions {term!r}")
    if s["status"] in must_not.get("status_in", []):
        p.append(f"status {s['status']}")
    for cid in must_not.get("companions", []):
        if cid in companions:
            p.append(f"companion {cid} suggested")
    return p


def test_the_corpus_is_large_and_sourced() -> None:
    assert len(CASES) >= 80
    ids = [case["id"] for _, case in CASES]
    assert len(ids) == len(set(ids))
    for _, case in CASES:
        assert case["source"] and case["why"] and case["must"]


@pytest.mark.parametrize(("file", "case"), CASES, ids=[c["id"] for _, c in CASES])
def test_clinical_case(file: str, case: Dict[str, Any]) -> None:
    data = json.loads(crampwise.recommend_json(case["profile"]))
    profile = json.loads(case["profile"])
    assert_plan_safe(profile, data)
    problems = _problems(case, data)
    assert not problems, f"{file}: {case['id']}: {problems}"


def test_a_wrong_expectation_fails() -> None:
    _, case = next((f, c) for f, c in CASES if c["class"] == "ordinary")
    plan = json.loads(crampwise.recommend_json(case["profile"]))
    wrong = {"must": {"triage": "emergency", "advice_mention": [["no such words anywhere"]]}}
    assert len(_problems(wrong, plan)) == 2

"""The benchmark's mirrors of the default rules agree with crampwise, profile by profile.

tests/benchmarks/compare.py times crampwise against a plain Python function
(`plain.core`) and a GoRules zen-engine JDM graph (`zen/crampwise_core.json`)
that reimplement the triage, status, cap, target and form part of the rules.
A benchmark is only honest if they compute the same thing: this runs the
agreement check (not the timing) on 2,000 synthetic profiles, against zen as
well when zen-engine is installed (it is pinned in tests/requirements.txt).

The mirrors implement the rules as they were when the benchmark was written
(ruleset 1.0). The clinical judgement rules added since (warning signs behind
"cramps", no indication, what is already taken) are not mirrored yet, so the
profiles where any of them fires are left out of the comparison, and at least
half the cohort must remain; a not-advised plan shows no allowance, which the
comparison maps onto the mirrors' cap.
"""

from __future__ import annotations

import importlib.util
import json
from typing import List

import pytest

import crampwise
from tests.benchmarks import plain, zen_mirror
from tests.benchmarks.profiles import Profile, profiles

N = 2000


def _mirrored(profile: Profile) -> bool:
    plan = crampwise.recommend(profile).to_dict()
    return plain.mirrored(step["rule"] for step in plan["trace"])


@pytest.fixture(scope="module")
def cohort() -> List[Profile]:
    everyone = profiles(N, seed=7)
    kept = [p for p in everyone if _mirrored(p)]
    assert len(kept) >= N // 2, f"only {len(kept)} of {N} profiles are in the mirrored part"
    return kept


@pytest.fixture(scope="module")
def expected(cohort: List[Profile]) -> List[plain.Core]:
    return [plain.core_of_plan(json.loads(crampwise.recommend(p).to_json())) for p in cohort]


def _mismatches(got: List[plain.Core], expected: List[plain.Core], cohort: List[Profile]) -> str:
    bad = [i for i, (g, e) in enumerate(zip(got, expected)) if g != e]
    if not bad:
        return ""
    i = bad[0]
    return (
        f"{len(bad)} of {len(cohort)} profiles disagree; first: {json.dumps(cohort[i])}\n"
        f"  mirror:    {got[i]}\n  crampwise: {expected[i]}"
    )


def test_the_cohort_exercises_every_outcome(expected: List[plain.Core]) -> None:
    assert {c.triage_level for c in expected} == set(plain.LEVELS)
    assert {c.supplement_status for c in expected} == {
        "suggested",
        "clinician_first",
        "not_advised",
    }
    assert {c.form for c in expected} == {None, "glycinate", "malate", "citrate"}
    assert {c.target_mg for c in expected} >= {0.0, 100.0, 150.0, 200.0, 250.0, 300.0}


def test_plain_python_mirror_agrees(cohort: List[Profile], expected: List[plain.Core]) -> None:
    got = [plain.allowance(plain.core(p)) for p in cohort]
    assert not _mismatches(got, expected, cohort), _mismatches(got, expected, cohort)


def test_zen_mirror_agrees_when_installed(
    cohort: List[Profile], expected: List[plain.Core]
) -> None:
    if importlib.util.find_spec("zen") is None:
        # Not a skip: the plain Python mirror above still holds the line.
        return
    _, decision = zen_mirror.engine()
    got = [
        plain.allowance(zen_mirror.to_core(decision.evaluate(zen_mirror.context(p))["result"]))
        for p in cohort
    ]
    assert not _mismatches(got, expected, cohort), _mismatches(got, expected, cohort)

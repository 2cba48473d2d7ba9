"""Property tests over random valid profiles (Hypothesis, `crampwise.testing.profiles()`).

The Rust crate runs the large property suites (100k profiles); these check the
Python surface: every plan keeps the contract's hard rules as checked in Python,
a dict and its JSON text give the same bytes, and safety only ever tightens.
"""

from __future__ import annotations

import copy
import json
from typing import Any, Dict

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import crampwise
from crampwise.testing import LEVELS, RED_FLAG_SYMPTOMS, UNSAFE_CONDITIONS, assert_plan_safe, profiles

Profile = Dict[str, Any]

# Each recommend() takes well under a millisecond (debug build: about one);
# the examples are bounded so the suite stays a few seconds.
common = settings(max_examples=400, deadline=None, database=None,
                  suppress_health_check=[HealthCheck.too_slow])  # fmt: skip


@common
@given(profiles())
def test_every_plan_keeps_the_hard_rules(profile: Profile) -> None:
    assert_plan_safe(profile, crampwise.recommend(profile))


@common
@given(profiles())
def test_a_dict_and_its_json_text_give_the_same_bytes(profile: Profile) -> None:
    text = json.dumps(profile)
    from_dict = crampwise.recommend(profile).to_json()
    assert from_dict == crampwise.recommend_json(text)
    assert from_dict == crampwise.recommend(text).to_json()
    assert from_dict == crampwise.recommend(json.loads(text)).to_json()


@common
@given(profiles(), st.sampled_from(RED_FLAG_SYMPTOMS))
def test_a_red_flag_never_lowers_triage(profile: Profile, symptom: str) -> None:
    before = crampwise.recommend(profile).triage_level
    worse = copy.deepcopy(profile)
    worse["symptoms"] = sorted(set(worse.get("symptoms", [])) | {symptom})
    after = crampwise.recommend(worse).triage_level
    assert LEVELS.index(after) >= max(LEVELS.index(before), LEVELS.index("clinician"))


@common
@given(profiles(), st.sampled_from(UNSAFE_CONDITIONS))
def test_an_unsafe_condition_is_never_suggested(profile: Profile, condition: str) -> None:
    worse = copy.deepcopy(profile)
    worse["conditions"] = sorted(set(worse.get("conditions", [])) | {condition})
    plan = crampwise.recommend(worse)
    assert plan.status != "suggested"
    assert_plan_safe(worse, plan)


@common
@given(profiles(), st.integers(1, 400))
def test_more_magnesium_taken_never_raises_the_dose(profile: Profile, extra: int) -> None:
    before = crampwise.recommend(profile).to_dict()["supplement"]["daily_elemental_mg"]
    more = copy.deepcopy(profile)
    more["supplements"] = [*more.get("supplements", []), {"form": "citrate", "elemental_mg": extra}]
    after = crampwise.recommend(more).to_dict()["supplement"]["daily_elemental_mg"]
    assert after["max"] <= before["max"]
    assert after["target"] <= before["target"]

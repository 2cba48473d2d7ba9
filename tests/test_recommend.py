"""crampwise.recommend: the public vignettes, the contract's hard rules, profile errors and Plan."""

from __future__ import annotations

import json
import math
import pickle
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Dict, List

import pytest

import crampwise
from crampwise.testing import LEVELS, assert_plan_safe, plan_violations

from .conftest import ROOT

VIGNETTES: List[Dict[str, Any]] = json.loads(
    (ROOT / "tests" / "fixtures" / "vignettes.json").read_text(encoding="utf-8")
)
EXAMPLES = sorted((ROOT / "examples").glob("*.json"))


def level(name: str) -> int:
    return LEVELS.index(name)


@pytest.mark.parametrize("case", VIGNETTES, ids=[v["name"] for v in VIGNETTES])
def test_vignette_meets_its_expectations(case: Dict[str, Any]) -> None:
    profile, expect = case["profile"], case["expect"]
    plan = crampwise.recommend(profile)
    assert_plan_safe(profile, plan)
    p = plan.to_dict()
    triage = p["triage"]["level"]
    if "triage_min" in expect:
        assert level(triage) >= level(expect["triage_min"]), p["triage"]
    if "triage_max" in expect:
        assert level(triage) <= level(expect["triage_max"]), p["triage"]
    status = p["supplement"]["status"]
    if "status_in" in expect:
        assert status in expect["status_in"]
    forms = [d["form"] for d in p["supplement"]["schedule"]]
    if expect.get("forms_any") and status == "suggested":
        assert set(forms) & set(expect["forms_any"]), forms
    for form in expect.get("forms_none", []):
        assert form not in forms
    for medication in expect.get("spacing", []):
        assert medication in [s["medication"] for s in p["supplement"]["spacing"]]


def test_there_are_public_vignettes() -> None:
    assert len(VIGNETTES) >= 8


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_examples_give_safe_plans(path: Path) -> None:
    profile = json.loads(path.read_text(encoding="utf-8"))
    assert_plan_safe(profile, crampwise.recommend(profile))


def hard_rule_cases() -> List[Dict[str, Any]]:
    base: Dict[str, Any] = {"cramps": {"per_week": 4, "timing": ["night"]}, "conditions": [],
                            "medications": []}  # fmt: skip
    return [
        {**base, "age": 40, "conditions": ["kidney_disease"]},
        {**base, "age": 40, "conditions": ["heart_block"]},
        {**base, "age": 40, "conditions": ["myasthenia_gravis"]},
        {**base, "age": 30, "sex": "female", "pregnancy": "trimester1"},
        {**base, "age": 30, "sex": "female", "lactating": True},
        {**base, "age": 8.99},
        {**base, "age": 0.5},
        {**base, "age": 40, "supplements": [{"form": "citrate", "elemental_mg": 400}]},
        {**base, "age": 40, "jurisdiction": "eu", "supplements": [{"form": "oxide", "elemental_mg": 100}]},
        {**base, "age": 6, "jurisdiction": "eu"},
        {**base, "age": 40, "symptoms": ["chest_pain"]},
        {**base, "age": 70, "symptoms": ["dark_urine", "muscle_weakness"]},
    ]


@pytest.mark.parametrize("profile", hard_rule_cases(), ids=lambda p: json.dumps(p, sort_keys=True)[:60])
def test_hard_rules_hold(profile: Dict[str, Any]) -> None:
    plan = crampwise.recommend(profile)
    assert_plan_safe(profile, plan)


def test_unsafe_conditions_are_never_suggested() -> None:
    for condition in ("kidney_disease", "heart_block", "myasthenia_gravis"):
        plan = crampwise.recommend({"age": 40, "conditions": [condition]})
        assert plan.status != "suggested"
        assert level(plan.triage_level) >= level("clinician")
        assert plan.to_dict()["supplement"]["schedule"] == []


def test_assert_plan_safe_catches_a_broken_plan() -> None:
    profile = {"age": 40, "conditions": ["kidney_disease"]}
    plan = crampwise.recommend(profile).to_dict()
    plan["supplement"]["status"] = "suggested"
    plan["supplement"]["schedule"] = [{"form": "oxide", "time": "evening", "elemental_mg": 500}]
    problems = plan_violations(profile, plan)
    assert "schedule total 500 mg exceeds the cap 350 mg" in problems, problems
    assert any("`suggested` despite kidney disease" in p for p in problems), problems
    with pytest.raises(AssertionError, match="hard rules"):
        assert_plan_safe(profile, plan)


def test_plan_checks_are_the_kernels() -> None:
    """What the kernel corrects, the check reports: warning signs with their
    level and reason, allowances when not advised, plans that are not plans."""
    profile = {"age": 40, "symptoms": ["chest_pain"]}
    plan = crampwise.recommend(profile).to_dict()
    assert plan_violations(profile, plan) == []
    plan["triage"]["level"] = "clinician"
    plan["triage"]["reasons"] = [r for r in plan["triage"]["reasons"] if r["id"] != "chest_pain"]
    problems = plan_violations(profile, plan)
    assert "warning sign `chest_pain` calls for at least `emergency`; triage is `clinician`" in problems
    assert "warning sign `chest_pain` is not named in the reasons" in problems
    advised = crampwise.recommend({"age": 40, "conditions": ["heart_block"]}).to_dict()
    advised["supplement"]["daily_elemental_mg"]["max"] = 350
    assert "an allowance is shown though magnesium is not advised" in plan_violations(
        {"age": 40, "conditions": ["heart_block"]}, advised
    )
    broken = plan_violations({"age": 40}, {"triage": {}})
    assert len(broken) == 1 and broken[0].startswith("the plan is not a crampwise plan: missing field")
    with pytest.raises(crampwise.ProfileError):
        plan_violations({"age": 400}, plan)


# --- profile errors ----------------------------------------------------------


def errors_of(profile: Any) -> List[crampwise.ErrorDetails]:
    with pytest.raises(crampwise.ProfileError) as info:
        crampwise.recommend(profile)
    assert isinstance(info.value, ValueError)
    return info.value.errors()


def test_unknown_key_is_an_error_naming_its_path() -> None:
    errors = errors_of({"age": 40, "conditons": ["kidney_disease"]})
    assert [e["path"] for e in errors] == ["conditons"]
    assert errors[0]["message"].startswith("unknown field `conditons`; expected one of `age`")
    assert errors[0]["input"] == ["kidney_disease"]


def test_every_range_error_is_reported_with_its_input() -> None:
    errors = errors_of({"age": 40, "cramps": {"per_week": -3}, "lifestyle": {"stress": 11}})
    assert errors == [
        {"path": "cramps.per_week", "message": "expected a number from 0 to 100, got `-3`", "input": -3},
        {"path": "lifestyle.stress", "message": "expected a number from 0 to 10, got `11`", "input": 11},
    ]


def test_wrong_types_name_path_and_input() -> None:
    errors = errors_of({"age": "forty"})
    assert errors[0]["path"] == "age" and errors[0]["input"] == "forty"
    assert "expected a number" in errors[0]["message"]
    errors = errors_of({"age": 30, "cramps": {"timing": ["nigth"]}})
    assert errors[0]["path"] == "cramps.timing[0]"
    assert errors[0]["message"].startswith("unknown variant `nigth`")
    assert errors[0]["input"] == "nigth"
    errors = errors_of({"age": 30, "supplements": [{"form": "citrte", "elemental_mg": 1}]})
    assert (errors[0]["path"], errors[0]["input"]) == ("supplements[0].form", "citrte")
    errors = errors_of({"age": 30, "lactating": "yes"})
    assert errors[0]["path"] == "lactating"


def test_missing_age_and_bad_json() -> None:
    assert errors_of({}) == [{"path": "", "message": "missing field `age`", "input": {}}]
    errors = errors_of("{")
    assert errors[0]["path"] == "" and errors[0]["message"].startswith("not valid JSON at line 1")
    assert errors_of([1])[0]["message"] == "expected an object, got `[1]`"


@pytest.mark.parametrize(
    ("profile", "path", "message"),
    [
        ({"age": 40, "symptoms": {"poor_sleep"}}, "symptoms", "got `{'poor_sleep'}` of type `set`"),
        ({"age": math.nan}, "age", "expected a finite number, got `nan`"),
        ({"age": 40, "cramps": {"per_week": -math.inf}}, "cramps.per_week", "got `-inf`"),
        ({"age": 40, "supplements": [{"form": "citrate", "elemental_mg": b"1"}]},
         "supplements[0].elemental_mg", "of type `bytes`"),  # fmt: skip
        ({"age": 40, "cramps": {1: 2}}, "cramps", "keys must be strings, got `1` of type `int`"),
        ({"age": 40, "cramps": {"weeks": 10**400}}, "cramps.weeks", "is out of range"),
    ],
)
def test_python_values_that_are_not_json_name_their_path(profile: Any, path: str, message: str) -> None:
    errors = errors_of(profile)
    assert len(errors) == 1
    assert errors[0]["path"] == path
    assert message in errors[0]["message"]


def test_nesting_is_limited_and_cycles_are_caught() -> None:
    deep: Dict[str, Any] = {"age": 40}
    for _ in range(100):
        deep = {"a": deep}
    errors = errors_of({"age": 3, "x": deep})
    assert errors[0]["message"] == "nested more than 64 levels deep"
    assert errors[0]["path"].startswith("x.a.a.")
    cycle: Dict[str, Any] = {"age": 40}
    cycle["cramps"] = cycle
    assert errors_of(cycle)[0]["message"] == "nested more than 64 levels deep"


def test_every_problem_is_reported_at_once() -> None:
    errors = errors_of({"age": 400, "sex": "x"})
    assert [e["path"] for e in errors] == ["age", "sex"]
    text = '{"age": 60, "conditons": ["kidney_disease"], "cramps": {"per_week": -3}}'
    errors = errors_of(text)
    assert [e["path"] for e in errors] == ["conditons", "cramps.per_week"]
    assert errors[0]["message"].endswith("; did you mean `conditions`?")
    # JSON text keeps the document's order.
    errors = errors_of('{"sex": "x", "age": 400}')
    assert [e["path"] for e in errors] == ["sex", "age"]
    assert errors_of('{"age": 1e999}')[0]["path"] == "age"
    # A dict keeps the order its keys were written in, as JSON text does.
    errors = errors_of({"sex": "x", "conditons": [], "cramps": {"per_week": -3}, "age": 400})
    assert [e["path"] for e in errors] == ["sex", "conditons", "cramps.per_week", "age"]
    # A number too large for a double is one problem among the others.
    errors = errors_of('{"age": 1e999, "sex": "x", "cramps": {"weeks": -1e400}}')
    assert [e["path"] for e in errors] == ["age", "sex", "cramps.weeks"]
    assert "number `1e999` is out of range" in errors[0]["message"]
    errors = errors_of({"sex": "x", "age": 10**400})
    assert [e["path"] for e in errors] == ["sex", "age"]
    assert errors[1]["message"].startswith("number `1000")
    assert errors[1]["message"].endswith(
        "is out of range; expected a number a double can hold (at most about 1.8e308)"
    )


@pytest.mark.parametrize(
    "profile",
    ["\ud800", {"age": 40, "sex": "\ud800"}, {"age": 40, "\udfff": 1}],
)
def test_lone_surrogates_raise_profile_error(profile: Any) -> None:
    errors = errors_of(profile)
    assert len(errors) == 1
    assert "lone surrogate" in errors[0]["message"]
    with pytest.raises(crampwise.ProfileError):
        crampwise.recommend_json("\ud800")


def test_huge_python_values_are_refused_with_their_path() -> None:
    errors = errors_of({"age": 40, "extra": list(range(200_000))})
    assert errors[0]["path"] == "extra"
    assert errors[0]["message"] == "200000 entries; at most 100000 values are read in all"
    many = {"age": 40, "cramps": {f"k{i}": [0] * 10 for i in range(20_000)}}
    errors = errors_of(many)
    assert "100000 values" in errors[0]["message"]
    assert errors[0]["path"].startswith("cramps.k")


def test_tuples_and_str_subclasses_read_as_json() -> None:
    class Timing(str):
        pass

    a = crampwise.recommend({"age": 40, "cramps": {"timing": (Timing("night"),)}})
    b = crampwise.recommend({"age": 40, "cramps": {"timing": ["night"]}})
    assert a.to_json() == b.to_json()


def test_bool_is_not_a_number() -> None:
    errors = errors_of({"age": True})
    assert errors[0]["path"] == "age" and errors[0]["input"] is True


def test_profile_error_str_lists_path_and_message_lines() -> None:
    with pytest.raises(crampwise.ProfileError) as info:
        crampwise.recommend({"age": 400, "cramps": {"per_week": -3}})
    assert str(info.value) == (
        "age: expected a number from 0 to 120, got `400`\n"
        "cramps.per_week: expected a number from 0 to 100, got `-3`"
    )
    assert "2 errors" in repr(info.value)


def test_profile_error_pickles_and_errors_is_a_copy() -> None:
    with pytest.raises(crampwise.ProfileError) as info:
        crampwise.recommend({"age": -1})
    error = info.value
    error.errors()[0]["path"] = "changed"
    assert error.errors()[0]["path"] == "age"
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is crampwise.ProfileError
    assert again.errors() == error.errors() and str(again) == str(error)


def test_recommend_json_raises_the_same_errors() -> None:
    with pytest.raises(crampwise.ProfileError) as info:
        crampwise.recommend_json('{"age": 40, "cramps": {"per_week": -3}}')
    assert [e["path"] for e in info.value.errors()] == ["cramps.per_week"]


# --- Plan -------------------------------------------------------------------

NIGHT = json.loads((ROOT / "examples" / "night-cramps.json").read_text(encoding="utf-8"))


def test_plan_json_dict_and_views_agree() -> None:
    plan = crampwise.recommend(NIGHT)
    text = plan.to_json()
    assert text == crampwise.recommend_json(json.dumps(NIGHT))
    assert text == crampwise.recommend(json.dumps(NIGHT)).to_json()
    assert plan.to_dict() == json.loads(text)
    d = plan.to_dict()
    for key in ("triage", "supplement", "companions", "lifestyle", "foods", "cautions", "evidence",
                "trace", "versions"):  # fmt: skip
        assert key in d, key
    assert d["versions"]["contract"] == "1"
    assert d["versions"]["rules"] == crampwise.rules_version()
    assert d["versions"]["content"] == crampwise.content_version()
    assert plan.triage_level == d["triage"]["level"] == "self_care"
    assert plan.status == d["supplement"]["status"] == "suggested"
    target = d["supplement"]["daily_elemental_mg"]["target"]
    assert repr(plan) == f"<crampwise.Plan triage=self_care status=suggested target={target} mg>"
    markdown = plan._repr_markdown_()
    assert "### Triage: self-care is reasonable" in markdown
    html = plan._repr_html_()
    assert html.startswith('<div class="crampwise-plan">') and "<h4>Triage" in html
    assert str(plan).splitlines()[3] == "In short"
    assert "Triage: self-care is reasonable" in str(plan).splitlines()
    assert "\x1b[" not in str(plan)


def test_plan_and_engine_are_immutable() -> None:
    plan = crampwise.recommend(NIGHT)
    with pytest.raises(AttributeError):
        plan.status = "not_advised"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        crampwise.default_engine().rules_version = "x"  # type: ignore[misc]


def test_absent_is_not_the_same_as_empty() -> None:
    asked = crampwise.recommend({"age": 40, "conditions": [], "medications": []}).to_dict()
    unasked = crampwise.recommend({"age": 40}).to_dict()
    assert asked["assumptions"] != unasked["assumptions"]
    assert unasked["assumptions"], "an unasked safety question states what was assumed"


def test_plans_are_deterministic_and_thread_safe() -> None:
    profiles = [case["profile"] for case in VIGNETTES] * 8
    expected = [crampwise.recommend(p).to_json() for p in profiles]
    with ThreadPoolExecutor(max_workers=4) as pool:
        got = list(pool.map(lambda p: crampwise.recommend(p).to_json(), profiles))
    assert got == expected


def test_the_default_engine_is_created_once() -> None:
    engines: List[crampwise.Engine] = []
    barrier = threading.Barrier(4)

    def get() -> None:
        barrier.wait()
        engines.append(crampwise.default_engine())

    threads = [threading.Thread(target=get) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(e is engines[0] for e in engines)
    assert crampwise.default_engine() is engines[0]
    # Engine() shares the loaded built-in rules: same versions, cheap to create.
    assert crampwise.Engine().rules_version == engines[0].rules_version

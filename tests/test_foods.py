"""crampwise.estimate_foods and recommend(profile, foods=...): hand arithmetic,
the command line's JSON byte for byte, errors, and the plan seeing the gap."""

from __future__ import annotations

import json
from typing import Any, Dict, List

import pytest

import crampwise

from .conftest import ROOT, RunCli

WEEK = ROOT / "examples" / "foods" / "week.json"
SEEDS = ROOT / "examples" / "foods" / "seeds-and-greens.json"
NIGHT_CRAMPS = ROOT / "examples" / "night-cramps.json"

# 1 oz almonds (80 mg) and 1/2 cup spinach (78 mg) a day, 2 bananas (32 mg each) a week.
FOODS: List[Dict[str, Any]] = [
    {"id": "almonds", "servings": 1, "per": "day"},
    {"id": "spinach", "servings": 1, "per": "day"},
    {"id": "banana", "servings": 2, "per": "week"},
]


def night_cramps() -> Dict[str, Any]:
    result: Dict[str, Any] = json.loads(NIGHT_CRAMPS.read_text(encoding="utf-8"))
    return result


def trace(plan: crampwise.Plan) -> List[str]:
    return [step["rule"] for step in plan.to_dict()["trace"]]


def test_the_estimate_matches_hand_arithmetic() -> None:
    estimate = crampwise.estimate_foods(FOODS, age=40, sex="female")
    total = 80 + 78 + 2 * 32 / 7  # 167.142857...
    assert estimate["total_mg_per_day"] == 167.14 == round(total, 2)
    assert estimate["rda_mg"] == 320  # a 40-year-old woman
    assert estimate["rda_kind"] == "rda"
    assert estimate["gap_mg"] == 152.86 == round(320 - total, 2)
    assert estimate["percent_of_rda"] == 52.2
    lines = {f["id"]: f for f in estimate["foods"]}
    assert lines["almonds"]["mg_per_day"] == 80
    assert lines["spinach"]["mg_per_day"] == 78
    assert lines["banana"]["servings_per_day"] == 0.29
    assert lines["banana"]["mg_per_day"] == 9.14
    # Suggestions close the gap on their own, richest first, none already eaten.
    suggestions = estimate["suggestions"]
    assert suggestions[0]["id"] == "pumpkin_seeds"
    assert all(s["mg_per_day"] >= estimate["gap_mg"] for s in suggestions)
    assert not {s["id"] for s in suggestions} & {"almonds", "spinach", "banana"}


def test_the_rda_follows_the_person() -> None:
    assert crampwise.estimate_foods(FOODS, age=40, sex="male")["rda_mg"] == 420
    assert crampwise.estimate_foods(FOODS, age=30, sex="female", pregnancy="trimester2")["rda_mg"] == 350
    vegan = crampwise.estimate_foods(FOODS, age=40, sex="female", diet="vegan")
    assert all(s["id"] not in ("salmon", "halibut", "yogurt", "milk") for s in vegan["suggestions"])


def test_the_full_dict_matches_the_cli_byte_for_byte(cli: RunCli) -> None:
    data = json.loads(WEEK.read_text(encoding="utf-8"))
    run = cli("foods", "estimate", str(WEEK), "--format", "json")
    assert run.returncode == 0, run.stderr
    assert crampwise.default_engine().estimate_foods_json(data) == run.stdout[:-1]
    assert crampwise.default_engine().estimate_foods_json(json.dumps(data)) == run.stdout[:-1]
    assert crampwise.estimate_foods(data) == json.loads(run.stdout)
    assert crampwise.estimate_foods(FOODS, age=40, sex="female") == json.loads(run.stdout)


def test_an_unknown_food_is_named_with_close_ids() -> None:
    with pytest.raises(crampwise.ProfileError) as info:
        crampwise.estimate_foods([{"id": "almond", "servings": 1}], age=40)
    error = info.value
    assert isinstance(error, ValueError)
    [detail] = error.errors()
    assert detail["path"] == "foods[0].id"
    assert detail["message"] == "unknown food `almond`; did you mean `almonds` or `salmon`?"
    assert detail["input"] == "almond"


def test_every_problem_is_listed() -> None:
    with pytest.raises(crampwise.ProfileError) as info:
        crampwise.estimate_foods(
            [{"id": "kale", "servings": 1}, {"id": "banana", "servings": 60, "per": "month"}], age=40
        )
    paths = [e["path"] for e in info.value.errors()]
    assert paths == ["foods[1].per"]  # a shape error first, alone
    with pytest.raises(crampwise.ProfileError) as info:
        crampwise.estimate_foods([{"id": "kale", "servings": 1}, {"id": "banana", "servings": 60}], age=40)
    paths = [e["path"] for e in info.value.errors()]
    assert paths == ["foods[0].id", "foods[1].servings"]


def test_age_is_needed_and_keys_are_not_given_twice() -> None:
    with pytest.raises(crampwise.ProfileError, match="missing field `age`"):
        crampwise.estimate_foods(FOODS)
    with pytest.raises(TypeError, match="`age` is given both"):
        crampwise.estimate_foods({"age": 40, "foods": FOODS}, age=41)
    with pytest.raises(crampwise.ProfileError) as info:
        crampwise.estimate_foods([{"id": "banana", "servings": {1}}], age=40)
    assert info.value.errors()[0]["path"] == "foods[0].servings"


def test_recommend_with_foods_sets_the_diet() -> None:
    profile = night_cramps()
    foods = json.loads(SEEDS.read_text(encoding="utf-8"))
    plan = crampwise.recommend(profile, foods=foods)
    # 156 + 80 + 78 + 60 a day and 3 bananas (32 mg) a week = 387.71 mg a day.
    same = crampwise.recommend({**profile, "diet_magnesium_mg": 387.71})
    assert plan.to_json() == same.to_json()
    # A list of foods alone works too, and the engine method is the same.
    assert crampwise.recommend(profile, foods["foods"]).to_json() == plan.to_json()
    assert crampwise.default_engine().recommend(profile, foods=foods).to_json() == plan.to_json()
    # The profile itself is not changed.
    assert "diet_magnesium_mg" not in profile


def test_a_small_gap_favours_food_first() -> None:
    profile = night_cramps()  # a 63-year-old man: RDA 420 mg
    assert "dose_food_nearly_enough" not in trace(crampwise.recommend(profile))
    # 387.71 mg a day from food: a gap of 32.29 mg, under 100.
    near = crampwise.recommend(profile, foods=json.loads(SEEDS.read_text(encoding="utf-8")))
    assert "dose_food_nearly_enough" in trace(near)
    assert near.to_dict()["supplement"]["daily_elemental_mg"]["target"] == 150
    # 80 mg a day from food: a gap of 340 mg, the default target.
    far = crampwise.recommend(profile, foods=[{"id": "almonds", "servings": 1}])
    assert "dose_food_nearly_enough" not in trace(far)


def test_recommend_with_foods_matches_the_cli(cli: RunCli) -> None:
    run = cli("recommend", str(NIGHT_CRAMPS), "--foods", str(SEEDS), "--format", "json")
    assert run.returncode == 0, run.stderr
    plan = crampwise.recommend(night_cramps(), foods=json.loads(SEEDS.read_text(encoding="utf-8")))
    assert plan.to_json() + "\n" == run.stdout


def test_recommend_foods_errors() -> None:
    profile = night_cramps()
    with pytest.raises(crampwise.ProfileError) as info:
        crampwise.recommend({**profile, "diet_magnesium_mg": 200}, foods=FOODS)
    [detail] = info.value.errors()
    assert detail["path"] == "diet_magnesium_mg"
    assert "give either `diet_magnesium_mg` or a food list, not both" in detail["message"]
    with pytest.raises(crampwise.ProfileError) as info:
        crampwise.recommend(profile, foods={"age": 40, "foods": FOODS})
    assert info.value.errors()[0]["path"] == "age"
    assert "the food list says `40` but the profile says `63`" in str(info.value)
    with pytest.raises(crampwise.ProfileError) as info:
        crampwise.recommend(profile, foods=[{"id": "almond", "servings": 1}])
    assert info.value.errors()[0]["path"] == "foods[0].id"


def test_the_example_food_list_is_valid() -> None:
    week = json.loads(WEEK.read_text(encoding="utf-8"))
    assert crampwise.estimate_foods(week)["total_mg_per_day"] == 167.14

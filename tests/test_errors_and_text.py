"""One exception tree for every input error, and the text views the command
line prints, from Python."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import crampwise
from .conftest import RunCli

LABEL = "Supplement Facts\nServing Size 2 capsules\nMagnesium (as magnesium oxide) 400 mg 95%\n"


def test_every_error_is_a_crampwise_error_with_the_class_of_its_code() -> None:
    with pytest.raises(crampwise.ProfileError) as profile:
        crampwise.recommend({"age": 400})
    with pytest.raises(crampwise.FoodsError) as foods:
        crampwise.estimate_foods([{"id": "almondz", "servings": 1}], age=40)
    with pytest.raises(crampwise.FoodsError) as fed:
        crampwise.recommend({"age": 40}, foods=[{"id": "almonds", "servings": -1}])
    with pytest.raises(crampwise.LabelError) as label:
        crampwise.check_label({"ingredients": [{"name": "Magnesium", "amount": 200, "unit": "mgs"}]})
    with pytest.raises(crampwise.UnknownRuleError) as rule:
        crampwise.explain("no_such_rule")
    with pytest.raises(crampwise.ContentError) as content:
        crampwise.content.collection("no_such_collection")
    codes = [e.value.code for e in (profile, foods, fed, label, rule)]
    assert codes == ["invalid_profile", "invalid_foods", "invalid_foods", "invalid_label", "unknown_rule"]
    for error in (profile, foods, fed, label, rule, content):
        assert isinstance(error.value, crampwise.CrampwiseError), error
    for error in (profile, foods, fed, label):
        assert isinstance(error.value, crampwise.InputError) and isinstance(error.value, ValueError)
    # A food list problem was a ProfileError before FoodsError existed, and still is one.
    assert isinstance(foods.value, crampwise.ProfileError)
    assert foods.value.errors()[0]["path"] == "foods[0].id"
    assert "did you mean `almonds`?" in foods.value.errors()[0]["message"]
    assert fed.value.errors()[0]["path"] == "foods[0].servings"
    assert isinstance(rule.value, KeyError)
    assert not isinstance(label.value, crampwise.ProfileError)


def test_a_dict_that_is_not_json_raises_the_class_of_what_it_was_for() -> None:
    with pytest.raises(crampwise.FoodsError) as foods:
        crampwise.recommend({"age": 40}, foods=[{"id": "almonds", "servings": float("nan")}])
    assert foods.value.errors()[0]["path"] == "foods[0].servings"
    with pytest.raises(crampwise.LabelError) as label:
        crampwise.check_labels(["Magnesium 100 mg", {"ingredients": [{"amount": {1, 2}}]}])
    assert label.value.errors()[0]["path"] == "[1].ingredients[0].amount"
    with pytest.raises(crampwise.ProfileError) as profile:
        crampwise.recommend({"age": 40, "cramps": {"timing": [object()]}})
    assert profile.value.errors()[0]["path"] == "cramps.timing[0]"
    assert not isinstance(profile.value, crampwise.FoodsError)


def test_the_label_text_is_what_the_command_line_prints(cli: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "label.txt"
    path.write_text(LABEL, encoding="utf-8")
    profile = {"age": 70, "conditions": ["kidney_disease"]}
    (tmp_path / "profile.json").write_text(json.dumps(profile), encoding="utf-8")
    for width in (60, 100):
        text = crampwise.check_label_text(LABEL, profile, width=width)
        run = cli("label", "check", str(path), "--profile", str(tmp_path / "profile.json"))
        assert run.returncode == 0, run.stderr
        if width == 100:  # the command line's width when COLUMNS is not set
            assert text == run.stdout
        assert max(len(line) for line in text.splitlines()) <= width
        assert "oxide" in text and "\x1b[" not in text
    assert crampwise.check_label_text(LABEL) == crampwise.check_label_text(LABEL, width=88)


def test_the_foods_text_is_what_the_command_line_prints(cli: RunCli, tmp_path: Path) -> None:
    foods = {"age": 40, "sex": "female", "foods": [{"id": "almonds", "servings": 1}]}
    path = tmp_path / "foods.json"
    path.write_text(json.dumps(foods), encoding="utf-8")
    run = cli("foods", "estimate", str(path))
    assert run.returncode == 0, run.stderr
    assert crampwise.estimate_foods_text(foods, width=100) == run.stdout
    narrow = crampwise.estimate_foods_text([{"id": "almonds", "servings": 1}], age=40, sex="female", width=50)
    assert max(len(line) for line in narrow.splitlines()) <= 50
    with pytest.raises(crampwise.FoodsError):
        crampwise.estimate_foods_text([{"id": "almondz", "servings": 1}], age=40)

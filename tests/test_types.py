"""The types catch typos: mypy --strict rejects a user's script with
misspelt keys and options, line by line, and the TypedDicts and Literals
agree with the contract (schemas, field table, real reports)."""

from __future__ import annotations

import re
import subprocess
import sys
import typing
from typing import Any, Dict, List, Set

import crampwise
from crampwise import _plan_types, _types

from .conftest import ROOT
from .typed_plan import generate

SCRIPT = ROOT / "tests" / "typed" / "misspelt.py"


def mypy_errors() -> Dict[int, str]:
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", "/dev/null",
         "--config-file", "/dev/null", str(SCRIPT)],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )  # fmt: skip
    errors: Dict[int, str] = {}
    for line in run.stdout.splitlines():
        match = re.match(r".*misspelt\.py:(\d+): error: (.*)", line)
        if match:
            errors[int(match.group(1))] = errors.get(int(match.group(1)), "") + match.group(2)
    assert run.returncode == 1, run.stdout + run.stderr
    return errors


def test_mypy_strict_rejects_each_typo_and_nothing_else() -> None:
    errors = mypy_errors()
    lines = SCRIPT.read_text(encoding="utf-8").splitlines()
    marked = {i + 1 for i, line in enumerate(lines) if "# error:" in line}
    assert set(errors) == marked, errors
    want = {
        "conditons": 'Extra key "conditons" for TypedDict "Profile"',
        "timng": 'Extra key "timng" for TypedDict "Cramps"',
        "femal": "Literal['femal']",
        "supplment": '"PlanDict" has no key "supplment"',
        "maxx": '"DailyDose" has no key "maxx"',
        "colect": "Literal['colect']",
        "plann": "Literal['plann']",
        "verdictt": '"LabelReport" has no key "verdictt"',
        "gap_mgs": '"FoodEstimate" has no key "gap_mgs"',
    }
    for typo, message in want.items():
        (line,) = [i + 1 for i, text in enumerate(lines) if typo in text and "# error:" in text]
        assert message in errors[line], (typo, errors[line])


def test_the_plan_types_are_generated_from_the_schema() -> None:
    text = (ROOT / "python" / "crampwise" / "_plan_types.py").read_text(encoding="utf-8")
    assert text == generate(crampwise.schema("plan")), "run: python -m tests.typed_plan > python/crampwise/_plan_types.py"


def keys(cls: Any) -> Set[str]:
    return set(typing.get_type_hints(cls))


def literal(alias: Any) -> List[str]:
    return list(typing.get_args(alias))


def test_the_profile_type_has_every_field_and_value() -> None:
    hints = {"": typing.get_type_hints(_types.Profile)}
    for name in ("cramps", "lifestyle", "preferences"):
        hints[name] = typing.get_type_hints(hints[""][name])
    hints["supplements[]"] = typing.get_type_hints(_types.SupplementTaken)
    seen = set()
    for field in crampwise.fields():
        if field["source"] != "profile":
            continue
        path = field["path"]
        parent, _, key = path.rpartition(".")
        hint = hints[parent][key]
        seen.add(path)
        if field["kind"] in ("enum", "set"):
            if field["kind"] == "set":
                (hint,) = typing.get_args(hint)
            assert sorted(literal(hint)) == sorted(field["values"]), path
    declared = {f"{p}.{k}" if p else k for p, h in hints.items() for k in h}
    declared -= {"cramps", "lifestyle", "preferences"}
    assert declared == seen


def test_plan_report_and_estimate_types_match_real_outputs() -> None:
    def check(value: Any, cls: Any, where: str) -> None:
        hints = typing.get_type_hints(cls)
        assert set(value) <= set(hints), (where, set(value) - set(hints))
        assert cls.__required_keys__ <= set(value), (where, cls.__required_keys__ - set(value))

    plan = crampwise.recommend({"age": 58, "cramps": {"per_week": 3, "timing": ["night"]},
                                "medications": ["thiazide_diuretic"]})  # fmt: skip
    check(plan.to_dict(), _plan_types.PlanDict, "plan")
    assert plan.triage == plan.to_dict()["triage"]
    assert plan.supplement == plan.to_dict()["supplement"]
    assert plan.schedule == plan.to_dict()["supplement"]["schedule"]
    assert plan.trace == plan.to_dict()["trace"]
    for label in sorted((ROOT / "examples" / "labels").iterdir()):
        report = crampwise.check_label(label.read_text(encoding="utf-8"), profile={"age": 40})
        check(report, _types.LabelReport, label.name)
        for row in report["magnesium"]:
            check(row, _types.MagnesiumRow, label.name)
        check(report["fit"], _types.LabelFit, label.name)
    estimate = crampwise.estimate_foods([{"id": "pumpkin_seeds", "servings": 1}], age=40)
    check(estimate, _types.FoodEstimate, "estimate")
    for food in estimate["foods"]:
        check(food, _types.FoodEaten, "food")
    for suggestion in estimate["suggestions"]:
        check(suggestion, _types.FoodSuggestion, "suggestion")

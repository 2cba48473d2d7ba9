"""crampwise.rules(), explain(), schema(), fields() and Engine with custom rules."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict

import pytest

import crampwise

from .conftest import ROOT, RunCli

NIGHT = (ROOT / "examples" / "night-cramps.json").read_text(encoding="utf-8")
CATEGORIES = {"triage", "safety", "indication", "form", "timing", "dose", "companion", "lifestyle", "food",
              "caution", "expectation"}  # fmt: skip


def test_rules_are_a_queryable_list() -> None:
    rules = crampwise.rules()
    assert len(rules) > 50
    assert len(rules.ids()) == len(set(rules.ids())) == len(rules)
    for rule in rules:
        assert set(rule) >= {"id", "title", "category", "when", "claims", "effects", "file", "line"}
        assert rule["category"] in CATEGORIES
        assert rule["claims"], rule["id"]
        assert rule["effects"], rule["id"]
        assert rule["file"].endswith(".toml") and rule["line"] > 0
    dvt = rules.get("dvt_signs")
    assert dvt is not None and dvt["category"] == "triage"
    assert dvt["effects"] == {"red_flag": "possible_dvt"}
    assert rules.get("no_such_rule") is None
    known: object = "dvt_signs"  # `in` takes an id too (typed `object` for mypy's strict equality)
    unknown: object = "no_such_rule"
    assert known in rules and dvt in rules and unknown not in rules
    triage = rules.by_category("triage")
    assert len(triage) > 5 and all(r["category"] == "triage" for r in triage)
    assert rules.by_category("no_such_category") == crampwise.Rules([])
    assert rules[0] == rules.get(rules.ids()[0])
    assert rules[:3].ids() == rules.ids()[:3]
    # Triage and safety rules are evaluated first.
    categories = rules.categories()
    assert categories[:2] == ["triage", "safety"] and set(categories) <= CATEGORIES
    assert rules.in_file("triage.toml").ids() == [r["id"] for r in rules if r["file"] == "triage.toml"]
    assert repr(rules).startswith(f"<crampwise.Rules: {len(rules)} rules [")


def test_rules_match_the_cli_json(cli: RunCli) -> None:
    run = cli("rules", "list", "--format", "json")
    assert run.returncode == 0, run.stderr
    assert run.stdout == crampwise.default_engine().rules_json() + "\n"
    assert list(crampwise.rules()) == json.loads(run.stdout)


def test_explain_matches_the_cli(cli: RunCli) -> None:
    text = crampwise.explain("dvt_signs")
    assert text.startswith("dvt_signs (triage, triage.toml:")
    assert "claims:" in text and "red_flag_dvt" in text
    run = cli("rules", "explain", "dvt_signs")
    assert run.returncode == 0 and run.stdout == text


def test_unknown_rule_is_a_key_error_with_a_suggestion() -> None:
    with pytest.raises(crampwise.UnknownRuleError) as info:
        crampwise.explain("dvt_sign")
    assert isinstance(info.value, KeyError)
    assert str(info.value) == "unknown rule `dvt_sign`; did you mean `dvt_signs`?"
    with pytest.raises(KeyError, match="unknown rule `zzzzzz`$"):
        crampwise.explain("zzzzzz")


def test_schema_matches_the_cli(cli: RunCli) -> None:
    for kind in ("profile", "plan"):
        run = cli("schema", kind)
        assert run.returncode == 0, run.stderr
        assert crampwise.schema(kind) == json.loads(run.stdout)
    profile = crampwise.schema("profile")
    assert "age" in profile["required"]
    with pytest.raises(ValueError, match="unknown schema `plans`; expected `profile` or `plan`"):
        crampwise.schema("plans")  # type: ignore[arg-type]


def test_fields_match_the_cli(cli: RunCli) -> None:
    run = cli("rules", "fields", "--format", "json")
    assert run.returncode == 0, run.stderr
    fields = crampwise.fields()
    assert fields == json.loads(run.stdout)
    by_path = {f["path"]: f for f in fields}
    assert by_path["cramps.timing"]["kind"] == "set"
    assert "night" in by_path["cramps.timing"]["values"]


# --- Engine with other rules ----------------------------------------------------


@pytest.fixture
def rules_dir(tmp_path: Path, cli: RunCli) -> Path:
    """A copy of the built-in rules (written by `crampwise rules export`)."""
    target = tmp_path / "rules"
    run = cli("rules", "export", str(target))
    assert run.returncode == 0, run.stderr
    return target


def normalized(plan: Dict[str, Any]) -> Dict[str, Any]:
    """A plan without its rules version, its lists of notes in id order."""
    out = dict(plan)
    out["versions"] = {**plan["versions"], "rules": None}
    for key, by in (("cautions", "id"), ("evidence", "claim"), ("trace", "rule"),
                    ("assumptions", "id"), ("expectations", "id"), ("undecided", "rule")):  # fmt: skip
        out[key] = sorted(plan[key], key=lambda item: str(item[by]))
    return out


@pytest.mark.parametrize("example", sorted((ROOT / "examples").glob("*.json")), ids=lambda p: p.name)
def test_an_unchanged_copy_gives_the_same_plans(rules_dir: Path, example: Path) -> None:
    engine = crampwise.Engine(path=rules_dir)
    profile = example.read_text(encoding="utf-8")
    ours = json.loads(engine.recommend_json(profile))
    built_in = json.loads(crampwise.recommend_json(profile))
    assert normalized(ours) == normalized(built_in)


def test_an_unchanged_copy_gives_byte_identical_plans(rules_dir: Path) -> None:
    engine = crampwise.Engine(path=rules_dir)
    assert engine.rules_version == crampwise.rules_version()
    assert engine.recommend_json(NIGHT) == crampwise.recommend_json(NIGHT)


def test_a_modified_copy_changes_the_plan(rules_dir: Path, cli: RunCli) -> None:
    dose = rules_dir / "dose.toml"
    text = dose.read_text(encoding="utf-8")
    assert "target_mg = 300" in text
    dose.write_text(text.replace("target_mg = 300", "target_mg = 200", 1), encoding="utf-8")
    (rules_dir / "custom.toml").write_text(
        '[[rule]]\nid = "custom_stretch"\ntitle = "Always stretch"\ncategory = "lifestyle"\n'
        "when = '''true'''\nclaims = [\"stretch_acute_cramp\"]\nlifestyle = [\"stretch_gently\"]\n",
        encoding="utf-8",
    )
    engine = crampwise.Engine(str(rules_dir))
    assert engine.rules_version != crampwise.rules_version()
    plan = engine.recommend(json.loads(NIGHT)).to_dict()
    assert plan["supplement"]["daily_elemental_mg"]["target"] == 200
    assert plan["versions"]["rules"] == engine.rules_version
    assert "custom_stretch" in [t["rule"] for t in plan["trace"]]
    custom = crampwise.rules(engine=engine)
    assert custom.get("custom_stretch") is not None
    assert len(custom) == len(crampwise.rules()) + 1
    # The command line loads the same directory to the same plan.
    run = cli("recommend", "--rules-dir", str(rules_dir), "--format", "json",
              str(ROOT / "examples" / "night-cramps.json"))  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert run.stdout == engine.recommend_json(NIGHT) + "\n"


def test_broken_rules_raise_rules_error_naming_file_line_column(rules_dir: Path) -> None:
    (rules_dir / "zz_bad.toml").write_text(
        '[[rule]]\nid = "bad_rule"\ntitle = "Bad"\ncategory = "lifestyle"\n'
        "when = '''agee >= 3'''\nclaims = [\"stretch_acute_cramp\"]\nlifestyle = [\"stretch_gently\"]\n",
        encoding="utf-8",
    )
    with pytest.raises(crampwise.RulesError) as info:
        crampwise.Engine(path=rules_dir)
    error = info.value
    assert isinstance(error, ValueError)
    lines = str(error).splitlines()
    assert lines[0] == f"the rules in `{rules_dir}` do not validate:"
    assert lines[1] == "  zz_bad.toml:5:11: rule `bad_rule`: when: unknown field `agee`; did you mean `age`?"
    assert error.errors() == [
        {"file": "zz_bad.toml", "line": 5, "column": 11, "rule": "bad_rule",
         "message": "when: unknown field `agee`; did you mean `age`?"},  # fmt: skip
    ]


def test_toml_syntax_errors_and_missing_directories_are_rules_errors(tmp_path: Path) -> None:
    # Worded as the command line words `--rules-dir` (the facade's one message).
    with pytest.raises(crampwise.RulesError, match=r"`.*missing` is not a directory"):
        crampwise.Engine(path=tmp_path / "missing")
    with pytest.raises(crampwise.ContentError, match=r"`.*missing` is not a directory"):
        crampwise.Engine(content_path=tmp_path / "missing")
    (tmp_path / "ruleset.toml").write_text("version = \n", encoding="utf-8")
    with pytest.raises(crampwise.RulesError) as info:
        crampwise.Engine(path=tmp_path)
    assert info.value.errors()[0]["file"] == "ruleset.toml"
    assert info.value.errors()[0]["line"] == 1


def test_bad_content_is_a_content_error(tmp_path: Path) -> None:
    with pytest.raises(crampwise.ContentError):
        crampwise.Engine(content_path=tmp_path)

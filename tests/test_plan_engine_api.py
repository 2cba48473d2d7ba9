"""Plans and engines travel between processes (pickle), plans compare by
content and have typed attributes, and `Engine` takes the command line's
directory names."""

from __future__ import annotations

import multiprocessing
import pickle
import shutil
from pathlib import Path

import pytest

import crampwise

from .conftest import ROOT

PROFILE: crampwise.Profile = {"age": 58, "cramps": {"per_week": 3, "timing": ["night"]},
                              "medications": ["thiazide_diuretic"]}  # fmt: skip


def test_a_plan_pickles_as_its_json_and_compares_by_content() -> None:
    plan = crampwise.recommend(PROFILE)
    again = pickle.loads(pickle.dumps(plan))
    assert again == plan and hash(again) == hash(plan)
    assert again.to_json() == plan.to_json() and again is not plan
    assert crampwise.recommend(dict(PROFILE)) == plan
    assert crampwise.recommend({"age": 30}) != plan
    assert plan != plan.to_json()
    assert len({plan, again, crampwise.recommend({"age": 30})}) == 2
    with pytest.raises(crampwise.ProfileError, match="not a crampwise plan"):
        crampwise._native.plan_from_json('{"triage": 1}')


def test_a_plan_has_typed_attributes_for_its_main_parts() -> None:
    plan = crampwise.recommend({"age": 45, "cramps": {"per_week": 3, "timing": ["night"]},
                                "conditions": [], "medications": []})  # fmt: skip
    data = plan.to_dict()
    assert plan.triage == data["triage"] and plan.triage["level"] == plan.triage_level
    assert plan.supplement == data["supplement"] and plan.supplement["status"] == plan.status
    assert plan.schedule == data["supplement"]["schedule"] and plan.schedule
    assert plan.trace == data["trace"] and plan.trace[0]["rule"]


def _triage(engine: crampwise.Engine) -> str:
    return engine.recommend(PROFILE).triage_level


def test_engines_pickle_as_their_directories_and_run_in_other_processes(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "crates" / "rules" / "rules", rules)
    engine = crampwise.Engine(rules_dir=rules)
    assert Path(str(engine.rules_dir)) == rules and engine.content_dir is None
    again = pickle.loads(pickle.dumps(engine))
    assert again.rules_version == engine.rules_version and again.rules_dir == engine.rules_dir
    built_in = pickle.loads(pickle.dumps(crampwise.Engine()))
    assert built_in.rules_dir is None and built_in.rules_version == crampwise.rules_version()
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        assert pool.map(_triage, [engine]) == [_triage(engine)]


def test_engine_takes_rules_dir_and_content_dir_and_keeps_the_old_names(tmp_path: Path) -> None:
    content = ROOT / "crates" / "content" / "data"
    rules = ROOT / "crates" / "rules" / "rules"
    new = crampwise.Engine(rules_dir=rules, content_dir=content)
    old = crampwise.Engine(path=rules, content_path=content)
    positional = crampwise.Engine(rules, content)
    assert new.rules_version == old.rules_version == positional.rules_version
    assert new.content_version == old.content_version
    with pytest.raises(TypeError, match="give `rules_dir` or its old name `path`, not both"):
        crampwise.Engine(path=rules, rules_dir=rules)
    with pytest.raises(crampwise.RulesError):
        crampwise.Engine(rules_dir=tmp_path / "missing")

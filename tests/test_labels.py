"""crampwise.check_label and check_labels: the same report as the command line,
byte for byte, for label texts, JSON labels and DSLD records; profiles; errors."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Dict, List

import pytest

import crampwise

from .conftest import ROOT, RunCli

LABELS = ROOT / "crates" / "label" / "tests" / "labels"

TEXTS = [
    "01_glycinate_clean.txt",
    "02_citrate_compound_powder.txt",
    "03_buffered_oxide.txt",
    "04_oxide_high_dose.txt",
    "05_proprietary_blend.txt",
    "06_multiline_b6_taurine.txt",
    "10_threonate_providing_elemental.txt",
    "15_european_nrv.txt",
    "17_elemental_from_compound_and_blend.txt",
    "18_zinc_only.txt",
]
DSLD = ["dsld_blend_tablets.json", "dsld_citrate_powder.json", "dsld_glycinate_capsules.json"]

KIDNEY: Dict[str, Any] = {"age": 60, "conditions": ["kidney_disease"], "medications": [], "symptoms": []}
ADULT: Dict[str, Any] = {
    "age": 45,
    "sex": "female",
    "cramps": {"per_week": 3, "timing": ["night"]},
    "conditions": [],
    "medications": [],
    "symptoms": [],
    "supplements": [],
}


def read(name: str) -> str:
    return (LABELS / name).read_text(encoding="utf-8")


def load(name: str) -> Dict[str, Any]:
    result: Dict[str, Any] = json.loads(read(name))
    return result


def cli_report(cli: RunCli, path: Path, *extra: str) -> str:
    run = cli("label", "check", str(path), "--format", "json", *extra)
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    assert run.stdout.endswith("}\n")
    return run.stdout[:-1]


@pytest.mark.parametrize("name", TEXTS)
def test_text_labels_match_the_cli_byte_for_byte(cli: RunCli, name: str) -> None:
    from_cli = cli_report(cli, LABELS / name)
    assert crampwise.check_label_json(read(name)) == from_cli
    assert crampwise.check_label(read(name)) == json.loads(from_cli)


@pytest.mark.parametrize("name", DSLD)
def test_dsld_records_match_the_cli_byte_for_byte(cli: RunCli, name: str) -> None:
    from_cli = cli_report(cli, LABELS / name)
    # A dict (as json.loads gives it), and the same record as JSON text.
    assert crampwise.check_label_json(load(name)) == from_cli
    assert crampwise.check_label_json(read(name)) == from_cli
    report = crampwise.check_label(load(name))
    assert report == json.loads(from_cli)
    assert report["source"] == "dsld"


def test_our_json_shape_matches_the_cli(cli: RunCli) -> None:
    path = ROOT / "examples" / "labels" / "citrate-powder.json"
    label = json.loads(path.read_text(encoding="utf-8"))
    assert crampwise.check_label_json(label) == cli_report(cli, path)


def test_the_findings_are_those_of_the_label() -> None:
    glycinate = crampwise.check_label(read("01_glycinate_clean.txt"))
    assert glycinate["forms"] == ["glycinate"]
    assert glycinate["elemental_mg_per_serving"] == 200
    assert glycinate["elemental_is_estimate"] is False
    assert glycinate["verdict"] == "good"
    assert [c["id"] for c in glycinate["checks"]] == [
        "chelated_form",
        "avoids_oxide",
        "clean_fillers",
        "third_party_tested",
        "combination",
        "form_factor",
    ]
    assert glycinate["unread_lines"] == []
    assert glycinate["fit"] is None

    citrate = crampwise.check_label(read("02_citrate_compound_powder.txt"))
    assert citrate["elemental_mg_per_serving"] == 162  # 1,000 mg x 16.2 %
    assert citrate["elemental_is_estimate"] is True
    assert "estimate_from_compound" in [w["id"] for w in citrate["warnings"]]

    blend = crampwise.check_label(read("05_proprietary_blend.txt"))
    assert blend["elemental_mg_per_serving"] is None
    assert [w["id"] for w in blend["warnings"]] == ["proprietary_blend"]

    oxide = crampwise.check_label(read("04_oxide_high_dose.txt"))
    assert oxide["verdict"] == "poor"
    assert "above_upper_limit" in [w["id"] for w in oxide["warnings"]]

    capsules = crampwise.check_label(load("dsld_glycinate_capsules.json"))
    assert capsules["forms"] == ["glycinate"]
    assert capsules["elemental_mg_per_serving"] == 200


def test_unread_lines_are_reported() -> None:
    report = crampwise.check_label(
        "Supplement Facts\nMagnesium (as magnesium glycinate) 100 mg\nBest for sleep!!\n"
    )
    assert report["unread_lines"] == ["Best for sleep!!"]


def test_kidney_disease_does_not_fit(cli: RunCli, tmp_path: Path) -> None:
    label = read("01_glycinate_clean.txt")
    report = crampwise.check_label(label, KIDNEY)
    assert report["verdict"] == "unsafe for you"
    fit = report["fit"]
    assert fit["fits"] is False
    status = fit["reasons"][0]
    assert status["id"] == "status" and status["ok"] is False and status["safety"] is True
    # The same as the command line with --profile, and as the profile given as JSON text.
    profile = tmp_path / "kidney.json"
    profile.write_text(json.dumps(KIDNEY), encoding="utf-8")
    from_cli = cli_report(cli, LABELS / "01_glycinate_clean.txt", "--profile", str(profile))
    assert crampwise.check_label_json(label, KIDNEY) == from_cli
    assert crampwise.check_label_json(label, json.dumps(KIDNEY)) == from_cli


def test_a_plain_adult_fits_a_clean_glycinate() -> None:
    report = crampwise.check_label(read("01_glycinate_clean.txt"), profile=ADULT)
    assert report["fit"]["fits"] is True
    assert report["verdict"] == "good"


def test_a_bad_json_label_raises_label_error_with_its_path() -> None:
    label = {"ingredients": [{"name": "Magnesium", "amount": 200, "unit": "mgs"}]}
    with pytest.raises(crampwise.LabelError) as info:
        crampwise.check_label(label)
    error = info.value
    assert isinstance(error, ValueError)
    [detail] = error.errors()
    assert detail["path"] == "ingredients[0].unit"
    assert detail["message"].startswith("unknown variant `mgs`; expected one of `mg`, `mcg`")
    assert detail["input"] is None
    assert str(error).startswith("ingredients[0].unit: unknown variant `mgs`")
    assert repr(error).startswith("LabelError(1 error: ")

    with pytest.raises(crampwise.LabelError) as info:
        crampwise.check_label({"ingredients": [], "colour": "blue"})
    assert info.value.errors()[0]["path"] == "colour"

    # JSON text that does not parse: the whole label, with line and column.
    with pytest.raises(crampwise.LabelError) as info:
        crampwise.check_label('{"ingredients": [')
    [detail] = info.value.errors()
    assert detail["path"] == ""
    assert detail["message"] == "line 1 column 17: not valid JSON: EOF while parsing a list"


def test_what_is_not_a_label_raises_label_error() -> None:
    with pytest.raises(crampwise.LabelError) as info:
        crampwise.check_label(42)  # type: ignore[arg-type]
    assert str(info.value) == "expected label text (a str) or a label dict, got a value of type `int`"
    with pytest.raises(crampwise.LabelError) as info:
        crampwise.check_label({"ingredients": [{"name": "Magnesium", "amount": {1, 2}, "unit": "mg"}]})
    [detail] = info.value.errors()
    assert detail["path"] == "ingredients[0].amount"
    assert detail["input"] == {1, 2}


def test_a_lone_surrogate_raises_label_error() -> None:
    with pytest.raises(crampwise.LabelError) as info:
        crampwise.check_label("Supplement Facts\n\ud800")
    assert "lone surrogate" in str(info.value)
    with pytest.raises(crampwise.LabelError):
        crampwise.check_labels(["Supplement Facts", "\ud800"])
    with pytest.raises(crampwise.ProfileError):
        crampwise.check_label("Supplement Facts", profile="\ud800")


def test_a_bad_profile_raises_profile_error() -> None:
    with pytest.raises(crampwise.ProfileError) as info:
        crampwise.check_label(read("01_glycinate_clean.txt"), {"age": 40, "conditons": []})
    assert info.value.errors()[0]["path"] == "conditons"


def test_check_labels_gives_one_report_per_label_in_order() -> None:
    labels: List[crampwise.Label] = [read(n) for n in TEXTS[:4]] + [load(n) for n in DSLD]
    reports = crampwise.check_labels(labels)
    assert reports == [crampwise.check_label(label) for label in labels]
    # With a profile (evaluated once), any iterable, and an empty list.
    personal = crampwise.check_labels(iter(labels), KIDNEY)
    assert personal == [crampwise.check_label(label, KIDNEY) for label in labels]
    assert all(r["verdict"] == "unsafe for you" for r in personal if r["forms"])
    assert crampwise.check_labels([]) == []


def test_check_labels_names_every_bad_label_by_index() -> None:
    labels: List[crampwise.Label] = [
        read("01_glycinate_clean.txt"),
        {"ingredients": [{"name": "Magnesium", "amount": 200, "unit": "mgs"}]},
        "Magnesium oxide 400 mg",
        {"ingredients": "none"},
    ]
    with pytest.raises(crampwise.LabelError) as info:
        crampwise.check_labels(labels)
    paths = [e["path"] for e in info.value.errors()]
    assert paths == ["[1].ingredients[0].unit", "[3].ingredients"]
    with pytest.raises(crampwise.LabelError) as info:
        crampwise.check_labels(["Magnesium oxide 400 mg", 7])  # type: ignore[list-item]
    assert info.value.errors()[0]["path"] == "[1]"
    with pytest.raises(TypeError):
        crampwise.check_labels("Magnesium oxide 400 mg")


def test_labels_can_be_checked_from_many_threads() -> None:
    labels = [read(n) for n in TEXTS]
    expected = crampwise.check_labels(labels)
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(crampwise.check_label, labels * 4))
    assert results == expected * 4


def test_an_engine_can_be_given() -> None:
    engine = crampwise.Engine()
    label = read("03_buffered_oxide.txt")
    assert crampwise.check_label(label, engine=engine) == crampwise.check_label(label)
    assert engine.check_label_json(label) == crampwise.check_label_json(label)
    assert engine.check_labels_json([label]) == [crampwise.check_label_json(label)]


def _corpus() -> List[Dict[str, Any]]:
    """The label corpus and its hand-worked expectations (shared with crates/label/tests/labels.rs)."""
    try:
        import tomllib  # Python 3.11+
    except ModuleNotFoundError:  # pragma: no cover - older Pythons
        tomllib = pytest.importorskip("tomli")
    with open(LABELS / "expected.toml", "rb") as f:
        cases: List[Dict[str, Any]] = tomllib.load(f)["label"]
    return cases


CORPUS = _corpus()


def test_the_corpus_is_complete() -> None:
    files = sorted(p.name for p in LABELS.iterdir() if p.suffix in (".txt", ".json"))
    assert sorted(c["file"] for c in CORPUS) == files
    assert len(CORPUS) >= 60


@pytest.mark.parametrize("case", CORPUS, ids=[c["file"] for c in CORPUS])
def test_every_corpus_label_meets_its_expected_findings(case: Dict[str, Any]) -> None:
    name = case["file"]
    report = crampwise.check_label(load(name) if name.endswith(".json") else read(name))
    want_mg = case["elemental_mg"]
    got_mg = report["elemental_mg_per_serving"]
    if want_mg == "null":
        assert got_mg is None
    else:
        assert got_mg is not None and abs(got_mg - want_mg) < 0.05, got_mg
    assert report["forms"] == case["forms"]
    assert report["elemental_is_estimate"] is case["estimate"]
    assert report["verdict"] == case["verdict"]
    assert {c["id"]: c["status"] for c in report["checks"]} == case["checks"]
    assert {w["id"] for w in report["warnings"]} == set(case["warnings"])
    assert report["unread_lines"] == case["unread"]
    assert (report["form_factor"] or "none") == case["form_factor"]
    assert len(report["ingredients"]) == case["ingredients"]
    if "serving" in case:
        assert report["serving"]["text"] == case["serving"]
    if "name" in case:
        assert report["name"] == case["name"]
    if "ignored" in case:
        assert [line["kind"] for line in report["ignored_lines"]] == case["ignored"]
    assert report["taken_by_mouth"] is case.get("taken_by_mouth", True)
    assert report["forms_from_ingredients"] is case.get("from_ingredients", False)
    assert report["eu_layout"] is case.get("eu_layout", False)
    assert report["drug_facts"] is case.get("drug_facts", False)
    assert len(report["corrections"]) == case.get("corrections", 0)

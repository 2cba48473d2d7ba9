"""The Rust crate, the command line and Python give the same plan, byte for byte.

For every public vignette and the 1,000 seeded random profiles of
`fixtures/cross_language_profiles.jsonl`, these must be identical:

(a) `crampwise.recommend_json(text)`,
(b) `crampwise.recommend(dict).to_json()`,
(c) `crampwise recommend --jsonl` (one process for all profiles),
(d) Rust's `Engine::evaluate(..).to_json()`: `crates/cli/tests/cross_language.rs`
    compares (c) with (d) for the same files, so all four agree.

The fixture was written by `python -m tests.test_cross_language` (seed below);
regenerate it only when the profile vocabulary changes.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, List

import crampwise
from crampwise.testing import random_profile

from .conftest import ROOT, RunCli

FIXTURE = ROOT / "tests" / "fixtures" / "cross_language_profiles.jsonl"
VIGNETTES = ROOT / "tests" / "fixtures" / "vignettes.json"
SEED = 20240917
COUNT = 1000


def generate() -> List[str]:
    rng = random.Random(SEED)
    return [json.dumps(random_profile(rng)) for _ in range(COUNT)]


def profile_lines() -> List[str]:
    vignettes: List[Dict[str, Any]] = json.loads(VIGNETTES.read_text(encoding="utf-8"))
    stored = FIXTURE.read_text(encoding="utf-8").splitlines()
    return [json.dumps(v["profile"]) for v in vignettes] + stored


def jsonl(cli_path: str, text: str) -> "subprocess.CompletedProcess[str]":
    return subprocess.run(
        [cli_path, "recommend", "--jsonl", "-"],
        input=text,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )


def test_the_fixture_holds_1000_valid_profiles() -> None:
    lines = FIXTURE.read_text(encoding="utf-8").splitlines()
    assert len(lines) == COUNT
    for line in lines:
        crampwise.recommend(line)  # raises ProfileError if one is not valid


def test_rust_cli_and_python_agree_byte_for_byte(cli_path: str) -> None:
    lines = profile_lines()
    run = jsonl(cli_path, "\n".join(lines) + "\n")
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    from_cli = run.stdout.split("\n")
    assert from_cli.pop() == "", "the output ends with a newline"
    assert len(from_cli) == len(lines)
    mismatches = []
    for i, (line, cli_json) in enumerate(zip(lines, from_cli)):
        a = crampwise.recommend_json(line)
        b = crampwise.recommend(json.loads(line)).to_json()
        if not a == b == cli_json:
            mismatches.append(f"line {i + 1}: {line}")
    assert not mismatches, f"{len(mismatches)} profiles differ, the first:\n{mismatches[0]}"


def test_single_profiles_match_recommend_json(cli: RunCli) -> None:
    for path in sorted((ROOT / "examples").glob("*.json")):
        run = cli("recommend", "--format", "json", str(path))
        assert run.returncode == 0, run.stderr
        assert run.stdout == crampwise.recommend_json(path.read_text(encoding="utf-8")) + "\n"


def test_bad_lines_report_the_same_errors_as_python(cli_path: str) -> None:
    bad = [
        '{"age": 40, "conditons": ["kidney_disease"]}',
        '{"age": 40, "cramps": {"per_week": -3}, "lifestyle": {"stress": 11}}',
        '{"age": "forty"}',
        '{"age": 30, "supplements": [{"form": "citrte", "elemental_mg": 1}]}',
        "{",
    ]
    good = '{"age": 40}'
    run = jsonl(cli_path, "\n".join([good, *bad]) + "\n")
    assert run.returncode == 2
    out = run.stdout.splitlines()
    assert out[0] == crampwise.recommend_json(good)
    for number, (line, got) in enumerate(zip(bad, out[1:]), start=2):
        try:
            crampwise.recommend_json(line)
        except crampwise.ProfileError as error:
            assert json.loads(got) == {"error": {"line": number, "errors": error.errors()}}
        else:  # pragma: no cover - every line above is bad
            raise AssertionError(f"{line} is valid")
    assert run.stderr.startswith(f"error: recommend: {len(bad)} of {len(bad) + 1} lines on standard input")
    assert "  line 2: conditons: unknown field `conditons`" in run.stderr


if __name__ == "__main__":
    FIXTURE.write_text("\n".join(generate()) + "\n", encoding="utf-8")
    sys.stdout.write(f"wrote {COUNT} profiles to {Path(FIXTURE).relative_to(ROOT)}\n")

"""`crampwise serve` from outside: schemathesis against its OpenAPI document,
and the README's curl examples against a live server.

Both run against the real binary (`CRAMPWISE_BIN` in ./dev test), started
on a free loopback port.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import pytest

from .conftest import ROOT

LISTENING = "crampwise serve: listening on http://"


@pytest.fixture(scope="module")
def server(cli_path: str) -> Iterator[str]:
    """A running `crampwise serve` on a free port: its base URL."""
    process = subprocess.Popen(
        [cli_path, "serve", "--addr", "127.0.0.1:0", "--quiet"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert process.stderr is not None
    first = process.stderr.readline().rstrip("\n")
    if not first.startswith(LISTENING):
        process.kill()
        pytest.fail(f"crampwise serve did not start: {first!r}")
    yield "http://" + first.removeprefix(LISTENING)
    process.terminate()
    assert process.wait(timeout=20) == 0


# schemathesis's own command line: its pytest plugin does not run under this
# pytest. Bounded: 8 examples per operation, deterministic, no shrinking.
SCHEMATHESIS_CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
)


def test_api_matches_its_openapi_document(server: str) -> None:
    """No 5xx, and every answer has a documented status, media type and schema."""
    command = [
        str(Path(sys.executable).with_name("schemathesis")),
        "run",
        f"{server}/openapi.json",
        "--checks",
        ",".join(SCHEMATHESIS_CHECKS),
        "--phases",
        "examples,fuzzing",
        "--max-examples",
        "8",
        "--generation-deterministic",
        "--no-shrink",
        "--suppress-health-check",
        "all",
        "--request-timeout",
        "10",
        # JSON Lines bodies have no schemathesis serializer; the Rust tests
        # (crates/serve/tests/api.rs) cover the batch endpoint line by line.
        "--exclude-path",
        "/v1/recommend/batch",
    ]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False, timeout=300)
    assert done.returncode == 0, f"schemathesis found problems:\n{done.stdout}\n{done.stderr}"
    # It tested every operation of the document, not none of them.
    assert re.search(r"\b(\d+) passed\b", done.stdout), done.stdout


SECTION = re.compile(r"^## Service\n(.*?)^## ", re.MULTILINE | re.DOTALL)
BLOCK = re.compile(r"^```shell\n(.*?)^```", re.MULTILINE | re.DOTALL)


def curl_examples() -> list[tuple[str, list[str]]]:
    """Each `$ curl ...` line of the README's service section and the lines shown after it."""
    section = SECTION.search((ROOT / "README.md").read_text(encoding="utf-8"))
    assert section, "README.md has no `## Service` section"
    examples: list[tuple[str, list[str]]] = []
    for block in BLOCK.findall(section.group(1)):
        for line in block.splitlines():
            if line.startswith("$ "):
                examples.append((line[2:], []))
            elif examples and examples[-1][0].startswith("curl"):
                examples[-1][1].append(line.rstrip())
    return [(command, shown) for command, shown in examples if command.startswith("curl")]


def test_readme_has_curl_examples() -> None:
    assert len(curl_examples()) >= 4


@pytest.mark.parametrize("index", range(len(curl_examples())))
def test_readme_curl_example_runs_as_shown(server: str, index: int) -> None:
    command, shown = curl_examples()[index]
    args = [arg.replace("http://127.0.0.1:8080", server) for arg in shlex.split(command)]
    done = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, f"{command}: {done.stderr}"
    actual = iter(line.rstrip() for line in done.stdout.splitlines())
    for expected in (line for line in shown if line and line != "..."):
        assert any(line == expected for line in actual), (
            f"{command}: the README shows a line it does not print (in this order):\n"
            f"{expected}\n\nactual output:\n{done.stdout}"
        )

"""Shared fixtures: the repository root and the crampwise command line."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Callable

import pytest

ROOT = Path(__file__).resolve().parent.parent

RunCli = Callable[..., "subprocess.CompletedProcess[str]"]

DATA_DIR = ROOT / "crates" / "content" / "data"


def pytest_sessionstart(session: pytest.Session) -> None:
    """Stops early, with a clear message, when the built module embeds older content."""
    import crampwise

    try:
        on_disk = crampwise.content_version(content_dir=DATA_DIR)
    except crampwise.ContentError as error:
        pytest.exit(f"{DATA_DIR} does not validate:\n{error}", returncode=1)
    built = crampwise.content_version()
    if built != on_disk:
        pytest.exit(
            f"crampwise._native is stale: it embeds content {built}, the files in {DATA_DIR} "
            f"are {on_disk}; rebuild it with ./dev test (or maturin develop in the venv)",
            returncode=1,
        )


def _build_cli() -> str:
    """Builds the command line with cargo (a no-op when up to date) and returns its path."""
    try:
        build = subprocess.run(
            ["cargo", "build", "--quiet", "-p", "crampwise-cli", "--message-format=json"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
    except FileNotFoundError:
        pytest.fail("cargo not found: install Rust, or set CRAMPWISE_BIN to a crampwise binary")
    if build.returncode != 0:
        pytest.fail(f"cargo build -p crampwise-cli failed:\n{build.stderr}")
    for line in build.stdout.splitlines():
        message = json.loads(line)
        executable = message.get("executable")
        if message.get("reason") == "compiler-artifact" and executable:
            if message.get("target", {}).get("name") == "crampwise":
                return str(executable)
    pytest.fail("cargo build did not report the crampwise binary")


@pytest.fixture(scope="session")
def cli_path() -> str:
    """The crampwise binary: $CRAMPWISE_BIN, or the debug build of this checkout."""
    return os.environ.get("CRAMPWISE_BIN") or _build_cli()


@pytest.fixture(scope="session")
def cli(cli_path: str) -> RunCli:
    """Runs `crampwise ARGS...` and returns the completed process (never raises on exit code)."""

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [cli_path, *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=False,
            env={**os.environ, "NO_COLOR": "1"},
        )

    return run


# A user's script with typos, for mypy only (tests/test_types.py): never imported.
collect_ignore = ["typed"]

"""Python and the command line give the same content, byte for byte in JSON."""

from __future__ import annotations

import json

import pytest

import crampwise
from crampwise import _native, content

from .conftest import RunCli


@pytest.mark.parametrize("name", content.collections())
def test_collections_match_the_cli_json(cli: RunCli, name: str) -> None:
    run = cli("content", "list", name, "--format", "json")
    assert run.returncode == 0, run.stderr
    assert run.stdout == _native.collection_json(name) + "\n"
    assert json.loads(run.stdout) == content.collection(name)


def test_ids_are_unique_across_collections() -> None:
    ids = [
        item["id"]
        for name in content.collections()
        if name != "intakes"
        for item in content.collection(name)
    ]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("name", [n for n in content.collections() if n != "intakes"])
def test_show_matches_get(cli: RunCli, name: str) -> None:
    # The first and last item of each collection (the collection as a whole is
    # compared above; one process per item would take seconds).
    items = content.collection(name)
    for item in {i["id"]: i for i in (items[0], items[-1])}.values():
        run = cli("content", "show", item["id"], "--format", "json")
        assert run.returncode == 0, run.stderr
        found = _native.find_json(item["id"])
        assert found is not None
        assert found == (name, run.stdout.rstrip("\n"))
        assert json.loads(run.stdout) == content.get(item["id"]) == item


def test_versions_match_the_cli(cli: RunCli) -> None:
    run = cli("content", "version")
    assert run.returncode == 0, run.stderr
    assert run.stdout == crampwise.content_version() + "\n"
    run = cli("--version")
    assert run.stdout == f"crampwise {crampwise.__version__}\n"


def test_unknown_collection_exits_2(cli: RunCli) -> None:
    run = cli("content", "list", "fromz")
    assert run.returncode == 2
    assert run.stdout == ""
    assert "unknown collection `fromz`; expected one of `sources`, `claims`" in run.stderr

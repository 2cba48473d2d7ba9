"""The CDS Hooks responses crampwise gives (the golden files that
`cargo test -p crampwise-cds` keeps equal to what the service returns) are
valid against the project's JSON Schema of a CDS Hooks 2.0 response, and the
schema rejects what the specification forbids."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any, Dict, List

import jsonschema  # type: ignore[import-untyped,unused-ignore]
import pytest

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "crates/cds/schema/cds-hooks-response.schema.json").read_text())
RESPONSES = sorted((ROOT / "crates/cds/tests/data/responses").glob("*.json"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def test_schema_is_valid() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_there_are_responses_of_every_indicator() -> None:
    indicators = {
        card["indicator"]
        for path in RESPONSES
        for card in json.loads(path.read_text())["cards"]
    }
    assert len(RESPONSES) >= 9
    assert indicators == {"info", "warning", "critical"}


@pytest.mark.parametrize("path", RESPONSES, ids=lambda p: p.name)
def test_response_is_valid(path: Path) -> None:
    VALIDATOR.validate(json.loads(path.read_text()))


def first_card() -> Dict[str, Any]:
    for path in RESPONSES:
        cards: List[Dict[str, Any]] = json.loads(path.read_text())["cards"]
        for card in cards:
            if "suggestions" in card:
                return copy.deepcopy(card)
    raise AssertionError("no card with suggestions in the golden responses")


@pytest.mark.parametrize(
    "change",
    [
        lambda c: c.update(summary="x" * 140),
        lambda c: c.pop("uuid"),
        lambda c: c.update(indicator="hard-stop"),
        lambda c: c["source"].pop("label"),
        lambda c: c.pop("selectionBehavior"),
        lambda c: c["suggestions"][0]["actions"][0].update(type="replace"),
        lambda c: c.update(uuid="not-a-uuid"),
        lambda c: c.update(colour="red"),
    ],
)
def test_schema_rejects(change: Any) -> None:
    card = first_card()
    change(card)
    with pytest.raises(jsonschema.ValidationError):
        VALIDATOR.validate({"cards": [card]})

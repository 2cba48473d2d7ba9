"""The loaded rules as a queryable list (`crampwise.rules()`)."""

from __future__ import annotations

import json
from typing import Any, Dict, Iterable, Iterator, List, Optional, Sequence, TypedDict, Union, overload

__all__ = ["Rule", "Rules"]


class Rule(TypedDict):
    """One rule, as `crampwise rules list --format json` prints it."""

    id: str
    title: str
    category: str
    """`triage`, `safety`, `form`, `timing`, `dose`, `companion`, `lifestyle`, `food`, `caution` or `expectation`."""
    when: str
    """The condition, as written in the rule file."""
    claims: List[str]
    """The content claims that back the rule."""
    rationale: Optional[str]
    effects: Dict[str, Any]
    """What the rule does when it fires (`red_flag`, `status`, `prefer`, `exclude`, ...)."""
    file: str
    line: int


class Rules(Sequence[Rule]):
    """The rules in evaluation order: a list of dicts you can also query.

    >>> import crampwise
    >>> rules = crampwise.rules()
    >>> rules.get("dvt_signs")["category"]
    'triage'
    >>> "dvt_signs" in rules, "no_such_rule" in rules
    (True, False)
    >>> all(r["category"] == "safety" for r in rules.by_category("safety"))
    True
    """

    __slots__ = ("_by_id", "_rules")

    def __init__(self, rules: Iterable[Rule]) -> None:
        self._rules: List[Rule] = list(rules)
        self._by_id: Dict[str, Rule] = {r["id"]: r for r in self._rules}

    @classmethod
    def from_json(cls, text: str) -> Rules:
        """Rules from the JSON text of `Engine.rules_json()`."""
        rules: List[Rule] = json.loads(text)
        return cls(rules)

    def __len__(self) -> int:
        return len(self._rules)

    def __iter__(self) -> Iterator[Rule]:
        return iter(self._rules)

    @overload
    def __getitem__(self, index: int) -> Rule: ...

    @overload
    def __getitem__(self, index: slice) -> Rules: ...

    def __getitem__(self, index: Union[int, slice]) -> Union[Rule, Rules]:
        if isinstance(index, slice):
            return Rules(self._rules[index])
        return self._rules[index]

    def __contains__(self, item: object) -> bool:
        """Whether a rule with this id (or this rule) is in the list."""
        if isinstance(item, str):
            return item in self._by_id
        return item in self._rules

    def __eq__(self, other: object) -> bool:
        """Equal to `Rules` or a list holding the same rules in the same order."""
        if isinstance(other, Rules):
            return self._rules == other._rules
        if isinstance(other, list):
            return self._rules == other
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # a list of dicts is not hashable

    def __repr__(self) -> str:
        shown = ", ".join(self.ids()[:3])
        more = ", ..." if len(self) > 3 else ""
        return f"<crampwise.Rules: {len(self)} rules [{shown}{more}]>"

    def get(self, rule_id: str, default: Optional[Rule] = None) -> Optional[Rule]:
        """The rule with this id, or `default` (None) when there is none."""
        return self._by_id.get(rule_id, default)

    def by_category(self, category: str) -> Rules:
        """The rules of one category (`triage`, `safety`, `form`, ...), in evaluation order."""
        return Rules(r for r in self._rules if r["category"] == category)

    def ids(self) -> List[str]:
        """Every rule id, in evaluation order."""
        return [r["id"] for r in self._rules]

    def categories(self) -> List[str]:
        """The categories that have rules, in the order they first appear."""
        return list(dict.fromkeys(r["category"] for r in self._rules))

    def in_file(self, file: str) -> Rules:
        """The rules loaded from one rule file (e.g. `triage.toml`)."""
        return Rules(r for r in self._rules if r["file"] == file)


Rules.__module__ = "crampwise"

"""The crampwise knowledge base: magnesium forms, foods, intakes, sources, claims, ...

Every function returns plain Python data (lists, dicts, strings, numbers,
booleans), equal to what `crampwise content list NAME --format json` and
`crampwise content show ID --format json` print. The schema of each collection
is described in `crates/content/data/README.md`.

By default the content built into the native module is used; pass
`content_dir` to load and validate a directory of content files instead.

>>> from crampwise import content
>>> len(content.forms())
14
"""

from __future__ import annotations

import json
import os
from typing import Any, Dict, List, Optional, Tuple, Union

from crampwise import _native
from crampwise._errors import ContentError

__all__ = [
    "ContentError",
    "Item",
    "StrPath",
    "UnknownIdError",
    "claims",
    "collection",
    "collections",
    "find",
    "foods",
    "forms",
    "get",
    "intakes",
    "sources",
    "version",
]

StrPath = Union[str, "os.PathLike[str]"]
"""A path given as a string or a path-like object."""

Item = Dict[str, Any]
"""One content item: a JSON object with at least an `id` (except intake bands)."""


class UnknownIdError(ContentError, KeyError):
    """No item in any collection has this id (a `ContentError` and a `KeyError`)."""

    def __str__(self) -> str:
        # KeyError would show the message quoted; show it as written.
        return str(self.args[0]) if self.args else ""


UnknownIdError.__module__ = "crampwise"  # where users find it, like ContentError


def version(*, content_dir: Optional[StrPath] = None) -> str:
    """The version of the content: its semver plus a hash of its files."""
    return _native.content_version(content_dir=content_dir)


def collections() -> List[str]:
    """The names of all collections, e.g. `forms`, `foods`, `intakes`, `sources`, `claims`."""
    return _native.collections()


def collection(name: str, *, content_dir: Optional[StrPath] = None) -> Any:
    """All items of the collection `name`.

    A list of items (dicts); for `intakes`, a dict with the lists `rda` and
    `upper_limit`. Raises `ContentError` when there is no such collection.
    """
    return json.loads(_native.collection_json(name, content_dir=content_dir))


def _items(name: str, content_dir: Optional[StrPath]) -> List[Item]:
    items: List[Item] = collection(name, content_dir=content_dir)
    return items


def forms(*, content_dir: Optional[StrPath] = None) -> List[Item]:
    """The magnesium forms (glycinate, citrate, oxide, ...) with `elemental_fraction` and more."""
    return _items("forms", content_dir)


def foods(*, content_dir: Optional[StrPath] = None) -> List[Item]:
    """Foods rich in magnesium, with `serving` and `mg_per_serving`."""
    return _items("foods", content_dir)


def sources(*, content_dir: Optional[StrPath] = None) -> List[Item]:
    """The sources that claims cite: guidelines, reviews, trials, fact sheets."""
    return _items("sources", content_dir)


def claims(*, content_dir: Optional[StrPath] = None) -> List[Item]:
    """Graded claims: a `statement`, its evidence `grade` and the `sources` behind it."""
    return _items("claims", content_dir)


def intakes(*, content_dir: Optional[StrPath] = None) -> Dict[str, List[Item]]:
    """Reference intakes by age band: `rda` (mg a day) and `upper_limit` (supplemental mg a day)."""
    bands: Dict[str, List[Item]] = collection("intakes", content_dir=content_dir)
    return bands


def find(id: str, *, content_dir: Optional[StrPath] = None) -> Optional[Tuple[str, Item]]:
    """The collection name and the item with this id, or `None` when no item has it."""
    found = _native.find_json(id, content_dir=content_dir)
    if found is None:
        return None
    name, item_json = found
    item: Item = json.loads(item_json)
    return name, item


def get(id: str, *, content_dir: Optional[StrPath] = None) -> Item:
    """The item with this id, from whichever collection holds it.

    Raises `UnknownIdError` (a `KeyError`) when no item has this id.
    """
    found = find(id, content_dir=content_dir)
    if found is None:
        raise UnknownIdError(f"unknown content id `{id}`; no item in any collection has it")
    return found[1]

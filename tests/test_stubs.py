"""The stub `_native.pyi` and the built module name the same things.

`python -m mypy.stubtest crampwise._native` (run by ./dev test) checks the
signatures too; this test keeps the names honest even without mypy.
"""

from __future__ import annotations

import ast
import inspect

from crampwise import _native

from .conftest import ROOT

STUB = ROOT / "python" / "crampwise" / "_native.pyi"


def stub_names() -> set[str]:
    tree = ast.parse(STUB.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names


def runtime_names() -> set[str]:
    return {n for n in vars(_native) if not n.startswith("_")} | {"__version__"}


def test_every_stub_name_exists_at_runtime() -> None:
    missing = stub_names() - set(vars(_native))
    assert not missing, f"in the stub but not in the module: {sorted(missing)}"


def test_every_public_runtime_name_has_a_stub() -> None:
    missing = runtime_names() - stub_names()
    assert not missing, f"in the module but not in the stub: {sorted(missing)}"


def test_functions_are_documented() -> None:
    for name in stub_names():
        obj = getattr(_native, name)
        if callable(obj):
            assert inspect.getdoc(obj), name

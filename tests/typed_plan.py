"""Writes the plan's TypedDicts (`python/crampwise/_plan_types.py`) from the
plan's JSON Schema, so the types are the contract's, not a second copy of it.

    python -m tests.typed_plan > python/crampwise/_plan_types.py

`tests/test_types.py` regenerates the text and fails when the module differs.
"""

from __future__ import annotations

import sys
from typing import Any, Dict, List

HEADER = '''"""The plan as typed Python data: `Plan.to_dict()` and the plan's attributes.

Generated from `crampwise.schema("plan")` by `python -m tests.typed_plan`; do
not edit (`tests/test_types.py` fails when it is out of date).
"""

from __future__ import annotations

from typing import List, Literal, Optional, TypedDict
'''


def _type(prop: Dict[str, Any]) -> str:
    if "$ref" in prop:
        return str(prop["$ref"]).rsplit("/", 1)[-1]
    if "const" in prop:
        return f'Literal["{prop["const"]}"]'
    kind = prop.get("type")
    if isinstance(kind, list):
        rest = [k for k in kind if k != "null"]
        inner = _type({**prop, "type": rest[0]})
        return f"Optional[{inner}]" if "null" in kind else inner
    if kind == "array":
        return f"List[{_type(prop['items'])}]"
    if "anyOf" in prop:
        options = [o for o in prop["anyOf"] if o.get("type") != "null"]
        inner = _type(options[0])
        return f"Optional[{inner}]" if len(options) < len(prop["anyOf"]) else inner
    return {"string": "str", "number": "float", "integer": "int", "boolean": "bool"}[str(kind)]


def _doc(text: str, indent: str) -> List[str]:
    text = " ".join(text.split()).replace('"""', "'")
    return [f'{indent}"""{text}"""']


def _typed_dict(name: str, spec: Dict[str, Any]) -> List[str]:
    props: Dict[str, Any] = spec.get("properties", {})
    required = set(spec.get("required", []))
    lines: List[str] = []
    needed = [k for k in props if k in required]
    optional = [k for k in props if k not in required]
    base = f"_{name}Required" if needed and optional else None
    if base:
        lines += ["", "", f"class {base}(TypedDict):"]
        for key in needed:
            lines.append(f"    {key}: {_type(props[key])}")
            lines += _doc(props[key].get("description", ""), "    ")
        lines += ["", "", f"class {name}({base}, total=False):"]
        lines += _doc(spec.get("description", name), "    ")
        keys = optional
    else:
        total = "" if needed or not props else ", total=False"
        lines += ["", "", f"class {name}(TypedDict{total}):"]
        lines += _doc(spec.get("description", name), "    ")
        keys = list(props)
    for key in keys:
        lines.append(f"    {key}: {_type(props[key])}")
        lines += _doc(props[key].get("description", ""), "    ")
    return lines


def generate(schema: Dict[str, Any]) -> str:
    defs: Dict[str, Any] = schema["$defs"]
    out = [HEADER.rstrip("\n")]
    for name in sorted(defs):
        spec = defs[name]
        if "oneOf" in spec or "enum" in spec:
            values = [o["const"] for o in spec["oneOf"]] if "oneOf" in spec else spec["enum"]
            literal = ", ".join(f'"{v}"' for v in values)
            out += ["", f"{name} = Literal[{literal}]"]
            out += _doc(spec.get("description", name), "")
    for name in sorted(defs):
        if defs[name].get("type") == "object":
            out += _typed_dict(name, defs[name])
    out += _typed_dict("PlanDict", {**schema, "description": schema.get("description", "")})
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    import crampwise

    sys.stdout.write(generate(crampwise.schema("plan")))

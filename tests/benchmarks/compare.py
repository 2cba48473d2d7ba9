"""crampwise against GoRules zen-engine and plain Python, on the same synthetic profiles.

    python tests/benchmarks/compare.py                     # 10,000 profiles, under a minute
    python tests/benchmarks/compare.py --n 100000 --write  # the figures in BENCHMARKS.md

Measures profiles per second (time.perf_counter, a warm-up, best of 3, garbage
collection off while timing, as timeit does) of:

- crampwise `recommend(dict)` -> Plan, and `recommend_json(str)` -> str (the full plan);
- crampwise `recommend_batch(table)` summary and `full=True`, Arrow in and Arrow
  out;
- zen-engine evaluating `zen/crampwise_core.json` (the triage, status, cap,
  target and form part of the default rules) with the compiled decision reused,
  without and with trace, and `async_evaluate` gathered on one event loop;
- `plain.core`, the same part hand-written in Python.

zen-engine reads flat fields, so each profile is first turned into its flat
context (`zen_mirror.context`); that preparation is timed on its own and not
included in the zen rows. The other methods take the contract profile as it
is (a dict, JSON text, or the Arrow table built beforehand, also untimed).

Then it checks that crampwise, zen and plain Python agree, profile by
profile, on triage level, supplement status, cap (`daily_max_mg`), target
(the scheduled total) and form, and prints the first mismatch of each kind.
Exit code 1 when anything disagrees. `--write` writes BENCHMARKS.md at the
repository root. This is a benchmark, not a test: pytest never runs it (the
agreement alone is tests/test_benchmarks_agree.py).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import gc
import json
import mmap
import os
import platform
import struct
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Dict, List, NamedTuple, Optional, Sequence, Tuple

if TYPE_CHECKING:
    from zen import DecisionEvaluateOptions

ROOT = Path(__file__).resolve().parents[2]
if __name__ == "__main__":  # run as a script: import the benchmark modules as a package
    if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
        sys.path.pop(0)
    sys.path.insert(0, str(ROOT))

from tests.benchmarks import plain, zen_mirror  # noqa: E402
from tests.benchmarks.profiles import Profile, profiles, to_table  # noqa: E402

FIELDS = ("triage_level", "supplement_status", "daily_max_mg", "target_mg", "form")
REPRODUCE = "python tests/benchmarks/compare.py --n 100000 --write"
HAND_WRITTEN = "<!-- written by hand from here on; compare.py --write keeps it -->"


class Row(NamedTuple):
    method: str
    seconds: float
    n: int
    kind: str  # "crampwise", "zen", "plain", "prep"
    note: str

    @property
    def rate(self) -> float:
        return self.n / self.seconds


def timed(run: Callable[[], Any], warm: Callable[[], Any], repeat: int) -> Tuple[float, Any]:
    """Best wall time of `repeat` runs after a warm-up, garbage collection off; the last result."""
    warm()
    best = float("inf")
    result: Any = None
    for _ in range(repeat):
        result = None
        gc.collect()
        gc.disable()
        try:
            start = time.perf_counter()
            result = run()
            best = min(best, time.perf_counter() - start)
        finally:
            gc.enable()
    return best, result


# --- the machine -------------------------------------------------------------------


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _rustc() -> str:
    try:
        out = subprocess.run(["rustc", "--version"], capture_output=True, text=True, check=False)
        return out.stdout.strip() or "unknown"
    except OSError:
        return "not found"


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def _elf_section_names(path: Path) -> List[str]:
    """Section names of a 64-bit little-endian ELF file (empty when it is not one)."""
    with path.open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
        if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
            return []
        (shoff,) = struct.unpack_from("<Q", data, 0x28)
        shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3A)
        headers = [struct.unpack_from("<IIQQQQ", data, shoff + i * shentsize) for i in range(shnum)]
        strtab_offset = headers[shstrndx][4]
        names = []
        for name_offset, *_ in headers:
            start = strtab_offset + name_offset
            names.append(bytes(data[start : data.find(b"\0", start)]).decode("ascii", "replace"))
        return names


def native_build() -> str:
    """Whether the crampwise extension has debug info (`maturin develop` without `--release`)."""
    import crampwise

    try:
        names = _elf_section_names(Path(crampwise._native.__file__ or ""))
    except (OSError, ValueError, IndexError, struct.error):
        return "unknown"
    if not names:
        return "unknown (not an ELF file)"
    if ".debug_info" in names:
        return "debug info present (likely a debug build: maturin develop without --release)"
    return "release (no debug info)"


def machine() -> Dict[str, str]:
    import crampwise
    from crampwise import dask as cwdask

    load = os.getloadavg() if hasattr(os, "getloadavg") else (float("nan"),) * 3
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": _cpu_model(),
        "cores": str(os.cpu_count()),
        "os": f"{platform.system()} {platform.release()}",
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "rust": _rustc(),
        "crampwise": f"{crampwise.__version__} (rules {crampwise.rules_version()})",
        "crampwise build": native_build(),
        "zen-engine": _version("zen-engine"),
        "pyarrow": _version("pyarrow"),
        "load average at start": " ".join(f"{x:.2f}" for x in load),
    }


# --- the runs ----------------------------------------------------------------------


def _zen_micros(text: str) -> float:
    """zen's `performance` string ("12.3µs", "456ns", "1.2ms") in microseconds."""
    for unit, scale in (("ns", 1e-3), ("µs", 1.0), ("us", 1.0), ("ms", 1e3), ("s", 1e6)):
        if text.endswith(unit):
            return float(text[: -len(unit)]) * scale
    return float("nan")


def run(n: int, seed: int, repeat: int) -> Tuple[List[Row], Dict[str, Any]]:
    import crampwise
    import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]
    from crampwise import dask as cwdask

    info: Dict[str, Any] = {"rules": len(crampwise.rules()), "repeat": repeat}
    ps = profiles(n, seed=seed)
    warm_n = min(n, 500)
    t = time.perf_counter()
    table = to_table(ps)
    info["table_seconds"] = time.perf_counter() - t
    texts = [json.dumps(p) for p in ps]
    rows: List[Row] = []

    def add(
        method: str, kind: str, note: str, go: Callable[[Any], Any], data: Any, warm: Any
    ) -> Any:
        seconds, result = timed(lambda: go(data), lambda: go(warm), repeat)
        rows.append(Row(method, seconds, n, kind, note))
        print(f"  {method:<74} {n / seconds:>12,.0f} profiles/s", flush=True)
        return result

    print(f"{n:,} profiles (seed {seed})", flush=True)
    recommend, recommend_json = crampwise.recommend, crampwise.recommend_json
    add(
        "crampwise recommend(dict) -> Plan",
        "crampwise",
        "full plan, 1 thread",
        lambda xs: [recommend(p) for p in xs],
        ps,
        ps[:warm_n],
    )

    def each_json(xs: Sequence[str]) -> None:
        for x in xs:
            recommend_json(x)

    add(
        "crampwise recommend_json(str) -> str",
        "crampwise",
        "full plan, 1 thread",
        each_json,
        texts,
        texts[:warm_n],
    )

    def batch(full: bool) -> Callable[[Any], Any]:
        def go(tb: Any) -> Any:
            if full:  # stream the plans through, batch by batch, as a writer would
                out = cwdask.evaluate_table(tb, full=True, errors="raise")
                for _ in pa.RecordBatchReader.from_stream(out):
                    pass
                return None
            return cwdask.evaluate_table(tb, full=False, errors="raise")

        return go

    threads = f"Arrow in/out, {os.cpu_count()} threads"
    summary = add(
        "crampwise recommend_batch summary",
        "crampwise",
        threads,
        batch(False),
        table,
        table.slice(0, warm_n),
    )
    add(
        "crampwise recommend_batch full=True",
        "crampwise",
        threads + ", plan_json",
        batch(True),
        table,
        table.slice(0, warm_n),
    )

    # zen-engine: flat contexts first (timed apart), the compiled decision reused.
    seconds, ctxs = timed(
        lambda: [zen_mirror.context(p) for p in ps],
        lambda: [zen_mirror.context(p) for p in ps[:warm_n]],
        repeat,
    )
    rows.append(
        Row(
            "zen input preparation (profile -> flat context)",
            seconds,
            n,
            "prep",
            "Python; not in the zen rows",
        )
    )
    print(f"  {rows[-1].method:<74} {rows[-1].rate:>12,.0f} profiles/s", flush=True)
    zen_results: Optional[List[Any]] = None
    try:
        _, decision = zen_mirror.engine()
    except ImportError:
        print("  zen-engine not installed: pip install zen-engine (zen rows left out)")
        decision = None
    if decision is not None:
        no_trace: "DecisionEvaluateOptions" = {"trace": False}
        with_trace: "DecisionEvaluateOptions" = {"trace": True}
        zen_results = add(
            "zen evaluate, compiled decision, no trace",
            "zen",
            "1 thread",
            lambda cs: [decision.evaluate(c, no_trace) for c in cs],
            ctxs,
            ctxs[:warm_n],
        )

        def traced(cs: Sequence[Dict[str, Any]]) -> None:
            for c in cs:
                decision.evaluate(c, with_trace)

        add(
            "zen evaluate, compiled decision, trace", "zen", "1 thread", traced, ctxs, ctxs[:warm_n]
        )

        async def gather(cs: Sequence[Dict[str, Any]]) -> List[Any]:
            return list(await asyncio.gather(*(decision.async_evaluate(c, no_trace) for c in cs)))

        add(
            "zen async_evaluate, gathered, no trace",
            "zen",
            "zen's runtime threads",
            lambda cs: asyncio.run(gather(cs)),
            ctxs,
            ctxs[:warm_n],
        )
        micros = sorted(_zen_micros(r["performance"]) for r in zen_results)
        info["zen_reported_median_us"] = micros[len(micros) // 2]
    plain_results = add(
        "plain Python function (plain.core)",
        "plain",
        "1 thread",
        lambda xs: [plain.core(p) for p in xs],
        ps,
        ps[:warm_n],
    )

    # Agreement, profile by profile.
    got = summary.to_pydict()
    crampwise_cores = [
        plain.Core(
            got["triage_level"][i],
            got["supplement_status"][i],
            got["daily_max_mg"][i],
            got["schedule_total_mg"][i],
            (got["forms"][i] or [None])[0],
        )
        for i in range(n)
    ]
    sample = min(n, 2000)
    per_call = [plain.core_of_plan(json.loads(recommend_json(texts[i]))) for i in range(sample)]
    checks: Dict[str, Tuple[int, Dict[str, int], Optional[str]]] = {}
    checks["crampwise batch vs crampwise recommend_json"] = agreement(
        crampwise_cores[:sample], per_call, ps[:sample]
    )
    # The mirrors compute ruleset 1.0: profiles where a rule added since
    # fired are left out of the comparison with them (see plain.UNMIRRORED).
    kept = [i for i in range(n) if plain.mirrored(got["rules"][i])]
    mirrored_ps = [ps[i] for i in kept]
    mirrored_cores = [crampwise_cores[i] for i in kept]
    plain_kept = [plain.allowance(plain_results[i]) for i in kept]
    checks["crampwise vs plain Python"] = agreement(mirrored_cores, plain_kept, mirrored_ps)
    if zen_results is not None:
        zen_kept = [plain.allowance(zen_mirror.to_core(zen_results[i]["result"])) for i in kept]
        checks["crampwise vs zen-engine"] = agreement(mirrored_cores, zen_kept, mirrored_ps)
        checks["zen-engine vs plain Python"] = agreement(zen_kept, plain_kept, mirrored_ps)
    info["checks"] = checks
    info["mirrored"] = (len(kept), n)
    info["mix"] = _mix(crampwise_cores)
    return rows, info


def agreement(
    a: Sequence[plain.Core], b: Sequence[plain.Core], ps: Sequence[Profile]
) -> Tuple[int, Dict[str, int], Optional[str]]:
    """(profiles compared, mismatches per field, the first mismatch as text)."""
    counts = {f: 0 for f in FIELDS}
    example: Optional[str] = None
    for i, (x, y) in enumerate(zip(a, b)):
        if x == y:
            continue
        for f, u, v in zip(FIELDS, x, y):
            if u != v:
                counts[f] += 1
        if example is None:
            example = f"profile {i}: {json.dumps(ps[i])}\n    {tuple(x)}\n != {tuple(y)}"
    return min(len(a), len(b)), counts, example


def _mix(cores: Sequence[plain.Core]) -> str:
    from collections import Counter

    levels = Counter(c.triage_level for c in cores)
    status = Counter(c.supplement_status for c in cores)
    n = max(len(cores), 1)

    def pct(counter: "Counter[str]") -> str:
        return ", ".join(f"{k} {100 * v / n:.1f} %" for k, v in counter.most_common())

    return f"triage: {pct(levels)}; status: {pct(status)}"


# --- the report --------------------------------------------------------------------


def table_lines(rows: Sequence[Row]) -> List[str]:
    zen_rows = [r for r in rows if r.kind == "zen"]
    zen_base = next(
        (r.rate for r in zen_rows if "no trace" in r.method and "async" not in r.method), None
    )
    zen_best = max((r.rate for r in zen_rows), default=None)
    lines = [
        "| method | profiles/s | µs/profile | × zen evaluate | × best zen | notes |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        x = f"{r.rate / zen_base:,.2f}" if zen_base and r.kind != "prep" else "-"
        y = f"{r.rate / zen_best:,.2f}" if zen_best and r.kind != "prep" else "-"
        lines.append(f"| {r.method} | {r.rate:,.0f} | {1e6 / r.rate:,.2f} | {x} | {y} | {r.note} |")
    return lines


def agreement_lines(info: Dict[str, Any]) -> Tuple[List[str], bool]:
    lines = []
    ok = True
    for name, (compared, counts, example) in info["checks"].items():
        bad = {k: v for k, v in counts.items() if v}
        if bad:
            ok = False
            lines.append(
                f"- {name}: **{sum(bad.values())} field mismatches** in {compared:,} "
                f"profiles ({', '.join(f'{k} {v}' for k, v in bad.items())}); first:"
            )
            lines.append(f"  ```\n  {example}\n  ```")
        else:
            lines.append(f"- {name}: all {compared:,} profiles agree on {', '.join(FIELDS)}")
    return lines, ok


def report(
    rows: Sequence[Row], info: Dict[str, Any], mach: Dict[str, str], n: int, seed: int
) -> str:
    agree, _ = agreement_lines(info)
    zen_us = info.get("zen_reported_median_us")
    prep = next((r for r in rows if r.kind == "prep"), None)
    notes = [
        f"- Profiles: {n:,} synthetic profiles from `tests/benchmarks/profiles.py` (seed {seed}), "
        f"the same for every method; {info['mix']}.",
        f"- Timing: `time.perf_counter`, a warm-up on {min(n, 500)} profiles, best of "
        f"{info['repeat']} runs, garbage collection off while timing. One process; the native "
        "batch rows use every core (rayon), the others one thread unless noted.",
        f"- Every crampwise row evaluates all {info['rules']} default rules; `recommend`, "
        "`recommend_json` and `full=True` also build the full plan (text, evidence, trace). "
        "zen and plain Python compute only the mirrored part: triage level, status, cap, "
        "target and form.",
        "- zen-engine evaluates `tests/benchmarks/zen/crampwise_core.json` "
        f"({zen_mirror.describe()}) through `ZenEngine(loader).get_decision(key)`, compiled "
        "once and reused. Its input is a flat context; building it from the profile "
        + (
            f"costs {1e6 / prep.rate:.2f} µs a profile (the prep row), not in the zen rows."
            if prep
            else "is timed apart."
        )
        + (
            f" zen's own `performance` figure for one evaluation (median, no trace) was "
            f"{zen_us:.1f} µs; the rest of a zen row's time is spent outside zen's timer, in its "
            "Python binding (converting the context and the result, handing the evaluation to "
            "its runtime)."
            if zen_us
            else ""
        ),
        f"- The Arrow table for the batch rows is built beforehand ({info['table_seconds']:.2f} s "
        "from the dicts, untimed); `full=True` streams the plans through, batch by batch.",
    ]
    if mach["crampwise build"].startswith("debug"):
        notes.append(
            "- **The crampwise extension is a debug build** (`maturin develop` without "
            "`--release`): its rows understate release performance."
        )
    lines = [
        "# Benchmarks",
        "",
        "crampwise against GoRules zen-engine and plain Python on the same synthetic profiles, "
        "in one run of `tests/benchmarks/compare.py`.",
        "",
        *table_lines(rows),
        "",
        "## Agreement",
        "",
        *agree,
        "",
        f"The mirrors compute the rules as they were when the benchmark was written (ruleset "
        f"1.0); the comparisons with them leave out the profiles where a clinical judgement "
        f"rule added since fired (`plain.UNMIRRORED`): {info['mirrored'][0]:,} of "
        f"{info['mirrored'][1]:,} profiles are compared. A not-advised plan shows no "
        "allowance, which the comparison maps onto the mirrors' cap.",
        "",
        "## What is measured",
        "",
        *notes,
        "",
        "## Machine",
        "",
        "| | |",
        "|---|---|",
        *[f"| {k} | {v} |" for k, v in mach.items()],
        "",
        "## Reproduce",
        "",
        "```console",
        "$ ./dev test                            # .venv with the pinned tools (zen-engine, pyarrow)",
        "$ .venv/bin/maturin develop --release   # a release build of the extension",
        f"$ .venv/bin/{REPRODUCE}",
        "```",
        "",
        "Run it on an otherwise idle machine; the load average at start is recorded above.",
        "",
    ]
    return "\n".join(lines)


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=10000, help="profiles (default 10,000)")
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per method, best kept")
    parser.add_argument(
        "--write", action="store_true", help="write BENCHMARKS.md at the repository root"
    )
    parser.add_argument(
        "--out", type=Path, default=ROOT / "BENCHMARKS.md", help="where --write writes"
    )
    args = parser.parse_args(argv)
    mach = machine()
    for k, v in mach.items():
        print(f"{k:>22}: {v}")
    rows, info = run(args.n, args.seed, args.repeat)
    print()
    print("\n".join(table_lines(rows)))
    print()
    agree, ok = agreement_lines(info)
    print("\n".join(agree))
    kept, total = info["mirrored"]
    print(f"(mirrors compared on the {kept:,} of {total:,} profiles no unmirrored rule fired for)")
    if args.write:
        path = args.out
        text = report(rows, info, mach, args.n, args.seed)
        # The Rust (criterion) figures and the targets are written by hand
        # below the marker; keep them.
        old = path.read_text(encoding="utf-8") if path.exists() else ""
        if HAND_WRITTEN in old:
            text += "\n" + old[old.index(HAND_WRITTEN) :]
        path.write_text(text, encoding="utf-8")
        print(f"\nwrote {path}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

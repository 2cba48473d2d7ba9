"""Memory and speed of `recommend_batch` streaming many rows: a benchmark, not a test.

    python tests/benchmarks/stream.py                  # 1,000,000 rows
    python tests/benchmarks/stream.py --rows 10000000  # the figure in BENCHMARKS.md

Builds 100,000 synthetic profiles (`profiles.py`) and writes them as an
Arrow IPC file; a fresh process then maps that file and feeds a
`pyarrow.RecordBatchReader` that repeats its batches until `--rows` rows
have gone through, so the input is never held in memory whole. The reader
goes to `crampwise.recommend_batch` (summary, errors collected) and the
output is consumed batch by batch, counting triage levels. Prints rows/s and
the peak resident set size of the streaming process (`VmHWM`), which
includes Python, pyarrow, crampwise and the mapped 16 MB source.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Iterator, Optional, Sequence

ROOT = Path(__file__).resolve().parents[2]
if __name__ == "__main__":  # run as a script: import the benchmark modules as a package
    if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
        sys.path.pop(0)
    sys.path.insert(0, str(ROOT))

import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]  # noqa: E402

import crampwise  # noqa: E402
from tests.benchmarks.profiles import profiles, to_table  # noqa: E402


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MB.

    Linux's `VmHWM` belongs to the address space, so it starts afresh at
    exec; `ru_maxrss` would carry the parent's peak over a fork and exec.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--batch-rows", type=int, default=65_536)
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--source", type=Path, help="an Arrow IPC file of profiles (made if absent)")
    args = parser.parse_args(argv)

    if args.source is None:
        # Python dicts for 100,000 profiles take far more memory than the
        # stream; build the source here and stream in a fresh process.
        with tempfile.TemporaryDirectory() as tmp:
            source_path = Path(tmp) / "profiles.arrow"
            table = to_table(profiles(100_000, args.seed)).combine_chunks()
            with pa.OSFile(str(source_path), "wb") as sink:
                with pa.ipc.new_file(sink, table.schema) as writer:
                    writer.write_table(table, max_chunksize=args.batch_rows)
            del table
            command = [sys.executable, __file__, "--source", str(source_path)]
            command += ["--rows", str(args.rows), "--batch-rows", str(args.batch_rows)]
            return subprocess.run(command, check=False).returncode

    source = pa.ipc.open_file(pa.memory_map(str(args.source))).read_all()
    batches = source.to_batches(max_chunksize=args.batch_rows)
    print(f"source table: {source.num_rows:,} rows, {source.nbytes / 1e6:.1f} MB (memory-mapped)")
    print(f"peak RSS before streaming: {peak_rss_mb():.0f} MB")

    def repeat() -> Iterator[pa.RecordBatch]:
        left = args.rows
        while left > 0:
            for batch in batches:
                if left <= 0:
                    return
                part = batch.slice(0, min(left, batch.num_rows))
                left -= part.num_rows
                yield part

    reader = pa.RecordBatchReader.from_batches(source.schema, repeat())
    start = time.perf_counter()
    result = crampwise.recommend_batch(reader, errors="collect")
    out = pa.RecordBatchReader.from_stream(result)
    triage: Counter[str] = Counter()
    rows = errors = 0
    for batch in out:
        rows += batch.num_rows
        errors += batch.num_rows - batch.column("error").null_count
        for item in batch.column("triage_level").value_counts().to_pylist():
            triage[str(item["values"])] += item["counts"]
    seconds = time.perf_counter() - start
    print(f"rows: {rows:,} in {seconds:.1f} s = {rows / seconds:,.0f} rows/s; errors: {errors}")
    print("triage: " + ", ".join(f"{k} {v:,}" for k, v in sorted(triage.items())))
    print(f"peak RSS: {peak_rss_mb():.0f} MB")
    return 0 if rows == args.rows and errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

"""The analyst notebook (`examples/notebooks/cohort.ipynb`) runs headlessly:
10,000 generated profiles through polars, pandas and DuckDB, a plot with
matplotlib's Agg backend. Its cells assert their own counts, so a wrong
result fails here. It is committed with its outputs cleared."""

from __future__ import annotations

import nbformat  # type: ignore[import-untyped,unused-ignore]
from nbclient import NotebookClient  # type: ignore[import-untyped,unused-ignore]

from .conftest import ROOT

NOTEBOOK = ROOT / "examples" / "notebooks" / "cohort.ipynb"


def test_the_notebook_is_committed_without_outputs() -> None:
    notebook = nbformat.read(NOTEBOOK, as_version=4)  # type: ignore[no-untyped-call]
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None


def test_the_notebook_runs_and_plots() -> None:
    notebook = nbformat.read(NOTEBOOK, as_version=4)  # type: ignore[no-untyped-call]
    NotebookClient(notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}).execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert any("image/png" in o.get("data", {}) for o in outputs), "no figure was drawn"
    text = "".join(str(o.get("data", {}).get("text/plain", "")) for o in outputs)
    assert "self_care" in text and "suggested" in text

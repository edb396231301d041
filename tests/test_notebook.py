"""notebooks/explore.ipynb runs top to bottom on a fresh set-up (nbclient, the venv's python3
kernel) and shows what it promises: query tables, analytics, the page, and the story, with the
public API (graph.api, as `import graph as parley`) alone."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "explore.ipynb"


@pytest.mark.slow
def test_notebook_executes_with_outputs(tmp_path):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=900, kernel_name="python3",
                                     resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()  # raises CellExecutionError, with the cell and its traceback, if any cell fails
    nbformat.write(nb, tmp_path / "explore.out.ipynb")  # kept for a look when a later assertion fails

    code = [c for c in nb.cells if c.cell_type == "code"]
    # The facade alone: no internal module imported, no helper functions defined.
    imports = [line for c in code for line in c.source.splitlines() if re.match(r"\s*(import|from)\s", line)]
    assert [line for line in imports if "graph" in line] == ["import graph as parley"], imports
    assert not [c for c in code if re.search(r"^\s*def ", c.source, re.M)]
    assert all(c.outputs for c in code), [c.source[:60] for c in code if not c.outputs]
    assert not [o for c in code for o in c.outputs if o.output_type == "error"]

    def rich(kind: str) -> list[str]:
        return [o["data"][kind] for c in code for o in c.outputs if "data" in o and kind in o["data"]]

    tables = rich("text/html")
    # The ready queries' tables: one per query, and pandas rendered them.
    queries = sorted(p.stem for p in (NOTEBOOK.parent.parent / "ontology" / "queries").glob("*.rq"))
    listing = next(t for t in tables if "what it answers" in t)
    assert all(q in listing for q in queries)
    assert sum("<table" in t for t in tables) >= 8

    # Who speaks for whom (the ready query over the relations): the seeds' presidents and their states.
    [speaks] = [t for t in tables if "<table" in t and "officeKinds" in t]
    assert re.search(r"Volodymyr Zelensky</td>\s*<td>President</td>\s*<td>headOfState</td>\s*<td>Ukraine<", speaks)
    assert re.search(r"Vladimir Putin</td>\s*<td>President</td>\s*<td>headOfState</td>\s*<td>Russia<", speaks)

    # The page, inside the notebook, escaped into the iframe's srcdoc: no markup of it is live.
    [frame] = [t for t in tables if t.startswith("<iframe")]
    inner = re.search(r'srcdoc="([^"]*)"', frame).group(1)
    assert "<" not in inner and "&lt;script" in inner and "vis-network" in inner

    # The story: its sections, with names that come from the graph.
    [story] = [m for m in rich("text/markdown") if "### Who mediates" in m]
    for section in ("### Who mediates", "### What derailed the talks", "### What every outlet reports",
                    "### Where they differ"):
        assert section in story
    assert "**5 documents**" in story
    assert "Ukraine" in story and "Russia" in story

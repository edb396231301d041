"""The PLOVER gold records (../shared) build end to end: every record a document, and the scorer's figures hold."""

from __future__ import annotations

import importlib.util
import io
import json
from contextlib import redirect_stdout

import pytest

from graph.export import write_outputs
from graph.pipeline import run


@pytest.mark.slow
def test_plover_records_build_and_score(shared_dir, tmp_path):
    gold = shared_dir / "external" / "plover" / "plover_gsr.jsonl"
    result = run([gold], lambda error: None)
    records = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(result.analyses) == len(records)  # a duplicated gold id is kept under a new id, not dropped
    write_outputs(result.quads, tmp_path, ["turtle"])
    spec = importlib.util.spec_from_file_location("parley_plover_score", shared_dir / "eval" / "plover_score.py")
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    report_path = tmp_path / "report.json"
    with redirect_stdout(io.StringIO()):
        score.main([str(tmp_path / "graph.ttl"), "--gold", str(gold), "--json", str(report_path)])
    report = json.loads(report_path.read_text())
    assert report["category_recall"] >= 0.6, report
    assert report["extra_categories_per_record"] <= 0.5, report
    assert report["participant_recall"] >= 0.7, report

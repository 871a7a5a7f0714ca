"""The command line, driven through click's CliRunner."""
from __future__ import annotations

import json
import subprocess
import sys

from click.testing import CliRunner

from extractor.cli import cli

from .conftest import CORPUS

MEDWAY = str(CORPUS / "docs" / "medway-2020-12-03-csp-annual-scrutiny.txt")
SEVENOAKS = str(CORPUS / "docs" / "sevenoaks-2024-03-05-csp-strategy-action-plan-2024-25.txt")


def run(*args):
    result = CliRunner().invoke(cli, list(args))
    return result


def test_extract_summary_shows_fields_and_items():
    result = run("extract", MEDWAY)
    assert result.exit_code == 0, result.output
    assert "council:     Medway Council (Kent)" in result.output
    assert "1. Strengthening communities  <community_cohesion>" in result.output
    assert "£106,460 2019-20, Police and Crime Commissioner" in result.output


def test_extract_json_is_the_gold_shape_with_provenance():
    result = run("extract", MEDWAY, "--format", "json", "--include-text")
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["source"] == MEDWAY
    assert set(out) >= {"document", "priorities", "recommendations", "risks", "funding", "decisions", "text"}
    risk = out["risks"][0]
    assert risk["rating"] == "E2"
    assert out["text"][risk["char_start"]:risk["char_end"]] == risk["quote"]


def test_extract_jsonl_one_line_per_document():
    result = run("extract", MEDWAY, SEVENOAKS, "--format", "jsonl")
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert [json.loads(line)["document"]["council"] for line in lines] == ["Medway Council", "Sevenoaks District Council"]


def test_extract_bad_file_is_reported_and_batch_continues(tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    result = CliRunner().invoke(cli, ["extract", str(bad), MEDWAY, "--format", "jsonl"])
    assert result.exit_code == 1, result.output
    assert "empty.txt" in result.output and "the file is empty" in result.output
    assert '"Medway Council"' in result.output


def test_extract_unsupported_extension_names_the_formats(tmp_path):
    odd = tmp_path / "report.xls"
    odd.write_bytes(b"something")
    result = run("extract", str(odd))
    assert result.exit_code == 1
    assert "unsupported file type .xls" in result.output and ".pdf" in result.output


def test_evaluate_prints_table_and_json():
    result = run("evaluate", str(CORPUS))
    assert result.exit_code == 0, result.output
    assert "overall F1" in result.output and "recommendations" in result.output
    result = run("evaluate", str(CORPUS), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["kinds"]["risks"]["f1"] >= 0.95


def test_evaluate_min_f1_fails_when_not_met(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "gold").mkdir()
    (tmp_path / "docs" / "a.txt").write_text("Recommendations\n\n1. The Committee is asked to note the report.\n")
    (tmp_path / "gold" / "a.json").write_text(json.dumps({"document": {}, "priorities": [{"rank": 1, "text": "Hate Crime", "themes": ["hate_crime"]}],
                                                          "recommendations": [], "risks": [], "funding": [], "decisions": []}))
    result = run("evaluate", str(tmp_path), "--min-f1", "0.99")
    assert result.exit_code == 1
    assert "below --min-f1" in result.output


def test_evaluate_without_gold_says_what_is_needed(tmp_path):
    result = run("evaluate", str(tmp_path))
    assert result.exit_code == 1
    assert "no gold/ folder" in result.output


def test_build_models_writes_calibration_and_metrics(tmp_path):
    import shutil
    models = tmp_path / "models"
    shutil.copytree(CORPUS.parent / "models", models)
    (models / "confidence.json").unlink()
    result = run("build-models", "--models", str(models), "--corpus", str(CORPUS))
    assert result.exit_code == 0, result.output
    rules = json.loads((models / "confidence.json").read_text())["rules"]
    assert rules["risk.table"] == {"tp": 6, "n": 6}
    assert rules["priority.list"]["n"] >= 12
    metrics = json.loads((models / "metrics.json").read_text())
    assert metrics["corpora"]["corpus"]["kinds"]["risks"]["f1"] == 1.0


def test_build_models_rejects_a_pattern_without_an_id(tmp_path):
    import shutil
    models = tmp_path / "models"
    shutil.copytree(CORPUS.parent / "models", models)
    with (models / "patterns" / "csp_patterns" / "money.jsonl").open("a") as f:
        f.write(json.dumps({"label": "MONEY", "pattern": [{"TEXT": "£"}]}) + "\n")
    result = run("build-models", "--models", str(models), "--corpus", str(CORPUS))
    assert result.exit_code == 1
    assert "every pattern needs id, label and pattern" in result.output


def test_python_dash_m_extractor_help():
    proc = subprocess.run([sys.executable, "-m", "extractor", "--help"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "extract" in proc.stdout and "evaluate" in proc.stdout

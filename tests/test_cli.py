"""The command line, driven through click's CliRunner."""
from __future__ import annotations

import json
import subprocess
import sys

import click
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
    result = run("evaluate", str(CORPUS), "--format", "json")
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


def _commands():
    ctx = click.Context(cli)
    return {name: cli.get_command(ctx, name) for name in cli.list_commands(ctx)}


def test_every_command_shows_an_example_in_its_help():
    for name in _commands():
        result = run(name, "--help")
        assert result.exit_code == 0, result.output
        examples = result.output.split("Examples:", 1)
        assert len(examples) == 2, name
        assert f"csp-extract {name}" in examples[1], name


def test_the_database_and_the_output_format_are_spelt_the_same_everywhere():
    for name, command in _commands().items():
        options = {opt: param for param in command.params for opt in param.opts if opt.startswith("--")}
        database = [p for p in command.params if isinstance(p, click.Option) and "db" in p.name.lower()]
        assert all(p.opts == ["--db"] for p in database), name
        outputs = [p for p in command.params if isinstance(p.type, click.Choice) and "json" in p.type.choices]
        assert all(p.opts == ["--format"] and p.default == "summary" for p in outputs), name
        if "--json" in options:  # the old spelling, kept working
            assert options["--json"].help.startswith("Deprecated"), name
    for name in ("ingest", "serve", "demo", "changes"):
        assert "--db" in {opt for p in _commands()[name].params for opt in p.opts}, name


def test_evaluate_old_json_flag_still_works_with_a_note(tmp_path):
    result = run("evaluate", str(CORPUS), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["kinds"]["risks"]["f1"] >= 0.95
    assert "note: --json is deprecated; use --format json" in result.stderr


def test_serve_takes_db_and_the_old_positional_db_with_a_note(tmp_path, monkeypatch):
    from extractor.publish import serve

    served = []
    monkeypatch.setattr(serve, "serve", lambda db, **kw: served.append(db) or 0)
    result = run("serve", "--db", "a.db")
    assert result.exit_code == 0, result.output
    assert served == ["a.db"] and "deprecated" not in result.output
    result = run("serve", "b.db")
    assert result.exit_code == 0, result.output
    assert served[-1] == "b.db"
    assert "note: csp-extract serve DB is deprecated; use csp-extract serve --db b.db" in result.stderr
    result = run("serve")
    assert result.exit_code == 0 and served[-1] == "csp.db"
    result = run("serve", "b.db", "--db", "c.db")
    assert result.exit_code == 2 and "two databases given" in result.output

"""The ``csp-extract correct`` commands, ``evaluate --corrections`` and the gold files written
from corrected documents (issue 16); the fixtures are test_corrections's."""
from __future__ import annotations

import hashlib
import json

import pytest
from click.testing import CliRunner

from extractor.cli import cli
from extractor.corrections import feedback, manage, store as corrections_store
from tests.test_corrections import MEDWAY, _changed_extractor, _fix_theme, _priority, site  # noqa: F401
from tests.test_store import fake_extract


# ------------------------------------------------------------------------------------ the CLI
def test_the_correct_commands(site):
    db_path, path, _ = site
    item = _priority(db_path, "Strengthening communities")
    runner = CliRunner()
    added = runner.invoke(cli, ["correct", "add", "--db", str(db_path), "--item", f"priorities:{item['id']}",
                                "--set", "rank=9", "--who", "Ann", "--why", "ninth in the plan"])
    assert added.exit_code == 0, added.output
    correction_id = added.output.split(":")[0]
    listed = runner.invoke(cli, ["correct", "list", "--db", str(db_path)])
    assert listed.exit_code == 0, listed.output
    assert correction_id in listed.output and "rank=9" in listed.output and "applied" in listed.output
    bad = runner.invoke(cli, ["correct", "add", "--db", str(db_path), "--item", f"priorities:{item['id']}",
                              "--set", "colour=red", "--why", "x"])
    assert bad.exit_code == 1 and "no field 'colour'" in bad.output and "give one of rank" in bad.output
    dropped = runner.invoke(cli, ["correct", "drop", correction_id, "--db", str(db_path)])
    assert dropped.exit_code == 0, dropped.output
    assert _priority(db_path, "Strengthening communities")["rank"] == 1
    assert corrections_store.read(path) == []


def test_export_gold_writes_corrected_documents_in_the_annotation_shape(site, tmp_path):
    db_path, path, _ = site
    _fix_theme(db_path, path)
    result = CliRunner().invoke(cli, ["correct", "export-gold", str(tmp_path / "gold"), "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    gold = json.loads((tmp_path / "gold" / f"{MEDWAY.stem}.json").read_text())
    assert gold["source"] == f"docs/{MEDWAY.name}" and gold["document"]["council"] == "Medway Council"
    assert gold["priorities"][0] == {"rank": 1, "text": "Strengthening communities", "themes": ["drugs"]}
    assert len(list((tmp_path / "gold").iterdir())) == 1  # only corrected documents


# ---------------------------------------------------------------------------------- feedback
def test_evaluate_against_corrections_gives_per_kind_figures(site):
    db_path, path, _ = site
    _fix_theme(db_path, path)  # the fake extractor still says community_cohesion: wrong
    item = _priority(db_path, "Reducing re-offending")
    manage.add(db_path, path, item=f"priorities:{item['id']}", delete=True, why="not a priority")  # still extracted
    manage.add(db_path, path, document=hashlib.sha256(MEDWAY.read_bytes()).hexdigest(), new="priorities",
               quote="strategic assessment of crime, disorder and other community safety issues",
               sets={"text": "Road safety"}, why="missed")  # the fake extractor still misses it
    with pytest.raises(ValueError, match="the extractor finds this item itself"):
        manage.add(db_path, path, document=hashlib.sha256(MEDWAY.read_bytes()).hexdigest(), new="priorities",
                   quote="Tackling the harm caused by substance misuse", sets={"text": "x"}, why="found already")
    table = feedback.score(corrections_store.read(path), lambda p: fake_extract(p))
    assert table["fix priorities"] == {"right": 0, "wrong": 1, "not found": 0}
    assert table["delete priorities"] == {"right": 0, "wrong": 1, "not found": 0}
    assert table["add priorities"] == {"right": 0, "wrong": 1, "not found": 0}

    def improved(p):  # an extractor that now finds the missed item and no longer the deleted one
        result = fake_extract(p)
        start = result["text"].find("strategic assessment of crime, disorder and other community safety issues")
        result["priorities"] = [it for it in result["priorities"] if it["text"] != "Reducing re-offending"] + [
            {"rank": 6, "text": "Road safety", "themes": ["road_safety"], "char_start": start,
             "char_end": start + 20, "quote": result["text"][start:start + 20]}]
        return result

    table = feedback.score(corrections_store.read(path), improved)
    assert table["add priorities"]["right"] == 1 and table["delete priorities"]["right"] == 1
    table = feedback.score(corrections_store.read(path), _changed_extractor)
    assert table["fix priorities"]["wrong"] == 1
    text = feedback.format_score(table)
    assert "fix priorities" in text and "all corrections" in text


def test_evaluate_corrections_on_the_command_line(site):
    db_path, path, _ = site
    sha = hashlib.sha256(MEDWAY.read_bytes()).hexdigest()
    manage.add(db_path, path, document=sha, sets={"council": "Medway Council"}, why="as printed")
    manage.add(db_path, path, document=sha, sets={"author": "Someone Else"}, why="the signature")
    result = CliRunner().invoke(cli, ["evaluate", "--corrections", str(path)])
    assert result.exit_code == 0, result.output
    assert "document council" in result.output
    lines = {line.split()[1]: line.split()[2:] for line in result.output.splitlines() if line.startswith("document")}
    assert lines["council"] == ["1", "1", "0", "0", "100.0"]  # the extractor gets the council right
    assert lines["author"] == ["1", "0", "1", "0", "0.0"]  # and the author still 'wrong'


def test_validate_exits_1_and_names_the_fix_for_a_correction_whose_document_is_gone(site):
    db_path, path, docs = site
    correction, _ = _fix_theme(db_path, path)
    rows = corrections_store.read(path)
    rows[0].document_id, rows[0].source_path = "0" * 64, "/nowhere/medway.txt"
    corrections_store.write(path, rows)
    result = CliRunner().invoke(cli, ["correct", "validate", "--db", str(db_path)])
    assert result.exit_code == 1, result.output
    assert f"{correction.id}: fix priorities unanchored" in result.output
    assert "ingest that file" in result.output and f"correct drop {correction.id}" in result.output
    assert _priority(db_path, "Strengthening communities")["corrected"] is None  # taken off the rows

"""Corrections across an extractor change made for real (issue 16, acceptance (3)): a copy of
``models/`` with one lexicon word removed changes what the real extractor finds in a bundled
report; ``ingest --models`` with that copy extracts the unchanged file again (its models hash
differs) and every correction is applied or reported unanchored with its fix, never dropped or
put on another item.  ``test_corrections`` simulates the same with another extract function.

Also: which stored files ``ingest`` extracts again when the models differ (with the fake
extractor of test_store, in seconds), and ``--models`` validated.
"""
from __future__ import annotations

import hashlib
import io
import json
import shutil

import pytest
from click.testing import CliRunner

from extractor.batch import ingest
from extractor.cli import cli
from extractor.core import KINDS, extract_file
from extractor.corrections import manage
from extractor.settings import Settings, models_hash
from tests.helpers import db_rows
from tests.test_store import CORPUS, fake_extract

MEDWAY = next(p for p in CORPUS if p.name.startswith("medway"))
SCRUTINISE = "The Committee is requested to scrutinise the activity"  # recommendation 8.3
FINDINGS = "The Committee is requested to note the findings"  # recommendation 8.1


def _models_without_the_word_scrutinise(tmp_path):
    """A copy of the bundled models/ whose lexicon no longer knows 'scrutinise' as an action."""
    models = tmp_path / "other-models"
    shutil.copytree(Settings().models_dir, models)
    lexicon = models / "lexicon.json"
    data = json.loads(lexicon.read_text(encoding="utf-8"))
    data["actions"]["scrutinise"].remove("scrutinise")
    lexicon.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return models


def _items(path, models) -> set[tuple]:
    found = extract_file(path, Settings(models_dir=models))
    return {(kind, it["char_start"], it["char_end"], it["quote"]) for kind in KINDS for it in found[kind]}


def _one(db_path, table: str, start: str) -> dict:
    rows = db_rows(db_path, f"SELECT * FROM [{table}] WHERE quote LIKE ?", [start + "%"])
    assert len(rows) == 1, rows
    return rows[0]


def _corrected(db_path, tmp_path):
    """Four corrections on the report as the bundled models extract it: a priority's theme, a
    recommendation deleted, a priority added, and recommendation 8.3's addressee."""
    path = tmp_path / "corrections.csv"
    theme = manage.add(db_path, path, item=f"priorities:{_one(db_path, 'priorities', 'Strengthening')['id']}",
                       sets={"main_theme": "drugs"}, who="scrutiny officer", why="filed under drugs")[0]
    delete = manage.add(db_path, path, item=f"recommendations:{_one(db_path, 'recommendations', FINDINGS)['id']}",
                        delete=True, why="a noting, not a request")[0]
    add = manage.add(db_path, path, document=hashlib.sha256(MEDWAY.read_bytes()).hexdigest(), new="priorities",
                     quote="strategic assessment of crime, disorder and other community safety issues",
                     sets={"text": "Road safety", "rank": "6", "main_theme": "road_safety"}, why="missed")[0]
    addressee = manage.add(db_path, path, why="the committee's full name",
                           item=f"recommendations:{_one(db_path, 'recommendations', SCRUTINISE)['id']}",
                           sets={"addressee": "Regeneration, Culture and Environment Overview and Scrutiny Committee"})[0]
    statuses = db_rows(db_path, "SELECT status FROM corrections")
    assert statuses == [{"status": "applied"}] * 4
    return theme, delete, add, addressee


def test_corrections_survive_ingest_with_another_models_folder(tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    shutil.copy(MEDWAY, reports / MEDWAY.name)
    db_path = tmp_path / "csp.db"
    ingest.ingest_paths([reports], db_path, quiet=True, workers=0)  # the real extractor, bundled models
    theme, delete, add, addressee = _corrected(db_path, tmp_path)
    other = _models_without_the_word_scrutinise(tmp_path)
    before, after = _items(MEDWAY, Settings().models_dir), _items(MEDWAY, other)
    assert [i[3][:len(SCRUTINISE)] for i in before - after] == [SCRUTINISE] and not after - before

    result = CliRunner().invoke(cli, ["ingest", str(reports), "--db", str(db_path), "--models", str(other),
                                      "--workers", "0"])
    assert result.exit_code == 0, result.output
    assert "1 ok (1 replaced), 0 skipped" in result.output  # the same bytes, extracted again
    assert db_rows(db_path, "SELECT id, models_hash FROM documents") == [
        {"id": hashlib.sha256(MEDWAY.read_bytes()).hexdigest(), "models_hash": models_hash(Settings(models_dir=other))}]
    stored = {r["id"]: r for r in db_rows(db_path, "SELECT id, status, message, item_id FROM corrections")}

    # the fix: applied again to the same priority of the new extraction
    assert stored[theme.id]["status"] == "applied"
    item = _one(db_path, "priorities", "Strengthening")
    assert (item["main_theme"], item["corrected"], item["correction_id"]) == ("drugs", 1, theme.id)
    # the deletion: the new extractor still finds the item, and it stays deleted
    assert stored[delete.id]["status"] == "applied"
    assert not db_rows(db_path, "SELECT id FROM recommendations WHERE quote LIKE ?", [FINDINGS + "%"])
    # the added item: added again
    assert stored[add.id]["status"] == "applied"
    assert _one(db_path, "priorities", "strategic assessment of crime")["correction_id"] == add.id
    # the fix of an item the new extractor no longer finds: reported with the fix, put on no other item
    assert stored[addressee.id]["status"] == "unanchored" and stored[addressee.id]["item_id"] is None
    assert f"correct drop {addressee.id}" in stored[addressee.id]["message"]
    assert f"correction {addressee.id} (fix recommendations) unanchored" in result.output
    assert not db_rows(db_path, "SELECT id FROM recommendations WHERE quote LIKE ?", [SCRUTINISE + "%"])
    assert db_rows(db_path, "SELECT COUNT(*) AS n FROM recommendations WHERE corrected = 1") == [{"n": 0}]


# -------------------------------------------------------------- which files are extracted again
def _ingest(reports, db_path, models=None):
    return ingest.ingest_paths([reports], db_path, extract=fake_extract, quiet=True, workers=0, models_dir=models,
                               err=io.StringIO())


def test_a_stored_file_is_extracted_again_only_when_the_models_differ(tmp_path):
    reports = tmp_path / "reports"
    shutil.copytree(MEDWAY.parent, reports, ignore=shutil.ignore_patterns("*.md"))
    db_path = tmp_path / "csp.db"
    assert _ingest(reports, db_path).ok == 5
    assert _ingest(reports, db_path).skipped == 5
    other = tmp_path / "models"
    shutil.copytree(Settings().models_dir, other)
    (other / "metrics.json").write_text("{}", encoding="utf-8")  # a measurement: nothing to extract again
    taxonomy = other / "taxonomy.json"  # applied to the database by the schema stamp, not by extraction
    taxonomy.write_text(taxonomy.read_text(encoding="utf-8").replace('"Domestic abuse', '"Domestic violence and abuse'),
                        encoding="utf-8")
    assert _ingest(reports, db_path, other).skipped == 5
    cues = other / "patterns" / "csp_patterns" / "cues.jsonl"
    cues.write_text("".join(line for line in cues.read_text(encoding="utf-8").splitlines(True)
                            if '"id": "cue.moved"' not in line), encoding="utf-8")
    summary = _ingest(reports, db_path, other)
    assert (summary.ok, summary.replaced, summary.skipped) == (5, 5, 0)
    assert _ingest(reports, db_path, other).skipped == 5
    assert _ingest(reports, db_path).replaced == 5  # back to the bundled models


def test_a_stored_file_is_extracted_again_after_the_extraction_code_changed(tmp_path, monkeypatch):
    from extractor import settings

    reports = tmp_path / "reports"
    shutil.copytree(MEDWAY.parent, reports, ignore=shutil.ignore_patterns("*.md"))
    rule = tmp_path / "funding.py"  # stands for a module of extractor/extract in a newer release
    rule.write_text("RULE = 1\n", encoding="utf-8")
    monkeypatch.setattr(settings, "_code_state",  # as the code files looked when a process started
                        lambda: ((("code/extract/funding.py", rule.stat().st_size, rule.stat().st_mtime_ns, rule)),))
    db_path = tmp_path / "csp.db"
    assert _ingest(reports, db_path).ok == 5
    assert _ingest(reports, db_path).skipped == 5
    rule.write_text("RULE = 2  # a rule changed\n", encoding="utf-8")
    assert _ingest(reports, db_path).replaced == 5


def test_the_extraction_code_is_part_of_the_hash():
    from extractor import settings

    names = [name for name, _ in settings._code_files()]
    assert "code/extract/funding.py" in names and "code/core.py" in names and "code/read/pdf.py" in names


def test_a_document_stored_before_models_were_recorded_is_kept(tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    shutil.copy(MEDWAY, reports / MEDWAY.name)
    db_path = tmp_path / "csp.db"
    _ingest(reports, db_path)
    import sqlite3

    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE documents SET models_hash = NULL")
    conn.close()
    assert _ingest(reports, db_path).skipped == 1


def test_the_models_folder_must_be_a_folder(tmp_path):
    with pytest.raises(ValueError, match="not a folder; give the models/ folder"):
        Settings(models_dir=tmp_path / "missing")
    result = CliRunner().invoke(cli, ["ingest", str(MEDWAY), "--db", str(tmp_path / "csp.db"),
                                      "--models", str(tmp_path / "missing")])
    assert result.exit_code == 2 and "--models" in result.output and "does not exist" in result.output

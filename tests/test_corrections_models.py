"""``ingest --models``: which stored files are extracted again when the models differ (with the
fake extractor of test_store, in seconds), and the models folder validated.
"""
from __future__ import annotations

import io
import shutil

import pytest
from click.testing import CliRunner

from extractor.batch import ingest
from extractor.cli import cli
from extractor.settings import Settings
from tests.test_store import CORPUS, fake_extract

MEDWAY = next(p for p in CORPUS if p.name.startswith("medway"))


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

"""Corrections (issue 16): kept in a CSV beside the database, applied on every ingest, anchored to
the document and the item, re-anchored when spans shift or the extractor changes, reported when
they cannot be applied, visible in the comparisons, and fed back into evaluation.

The documents are stored with the fake extractor of test_store (gold items with provenance found
in the text), so the tests do not depend on the extractor's accuracy and run in seconds.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json

import pytest

from extractor.batch import ingest
from extractor.corrections import manage, store as corrections_store
from extractor.store.db import open_db
from extractor.store.save import save_document
from tests.helpers import db_rows
from tests.test_store import CORPUS, fake_extract, ingested_copy

MEDWAY = next(p for p in CORPUS if p.name.startswith("medway"))
SPELTHORNE = next(p for p in CORPUS if p.name.startswith("spelthorne"))


@pytest.fixture
def site(tmp_path_factory):
    """The bundled reports copied and ingested; returns (db path, corrections path, docs folder)."""
    db_path = ingested_copy(tmp_path_factory, "corrections", workers=0)
    return db_path, db_path.parent / "corrections.csv", db_path.parent / "docs"




def _priority(db_path, text):
    rows = db_rows(db_path, "SELECT * FROM priorities WHERE text = ?", [text])
    assert len(rows) == 1, rows
    return rows[0]


def _fix_theme(db_path, path, text="Strengthening communities", theme="drugs"):
    item = _priority(db_path, text)
    return manage.add(db_path, path, item=f"priorities:{item['id']}", sets={"main_theme": theme},
                      who="scrutiny officer", why="the plan puts it under drugs")


def _resave(db_path, doc, corrections_path, extract=fake_extract):
    """Store ``doc`` again (as a re-extraction of the same bytes does), with the corrections file."""
    db = open_db(db_path)
    try:
        sha = hashlib.sha256(doc.read_bytes()).hexdigest()
        return save_document(db, extract(doc), sha, doc, corrections=corrections_store.read(corrections_path))
    finally:
        db.close()


def _matrix(db_path, council, column):
    rows = db_rows(db_path, f"SELECT [{column}] AS cell FROM priority_matrix WHERE council = ?", [council])
    return rows[0]["cell"]


# ---------------------------------------------------------------------------------- the file
def test_a_correction_is_written_with_who_when_and_why_and_applied_at_once(site):
    db_path, path, _ = site
    correction, outcome = _fix_theme(db_path, path)
    assert outcome.status == "applied"
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [(r["id"], r["kind"], r["item_kind"], r["field"], r["value"], r["who"], r["why"]) for r in rows] == [
        (correction.id, "fix", "priorities", "main_theme", "drugs", "scrutiny officer", "the plan puts it under drugs")]
    assert rows[0]["at"] and rows[0]["quote"] == "Strengthening communities"
    item = _priority(db_path, "Strengthening communities")
    assert (item["main_theme"], item["corrected"], item["correction_id"]) == ("drugs", 1, correction.id)
    # the original extracted value stays queryable
    stored = db_rows(db_path, "SELECT status, original FROM corrections WHERE id = ?", [correction.id])[0]
    assert json.loads(stored["original"])["value"] == "community_cohesion"
    assert _matrix(db_path, "Medway Council", "Drugs and substance misuse") is not None


# ------------------------------------------------------------------------ surviving re-ingests
def test_a_correction_survives_reingesting_the_same_file(site):
    db_path, path, docs = site
    correction, _ = _fix_theme(db_path, path)
    summary = ingest.ingest_paths([docs], db_path, extract=fake_extract, quiet=True, workers=0)
    assert summary.skipped == 5
    saved = _resave(db_path, docs / MEDWAY.name, path)  # the same bytes extracted and stored again
    assert [(c.id, o.status) for c, o in saved["corrections"]] == [(correction.id, "applied")]
    item = _priority(db_path, "Strengthening communities")
    assert (item["main_theme"], item["correction_id"]) == ("drugs", correction.id)
    themes = db_rows(db_path, "SELECT theme_id FROM priority_themes WHERE priority_id = ? AND is_main = 1", [item["id"]])
    assert themes == [{"theme_id": "drugs"}]


def test_a_correction_follows_a_changed_file_whose_spans_shift(site):
    db_path, path, docs = site
    correction, _ = _fix_theme(db_path, path)
    medway = docs / MEDWAY.name
    medway.write_text("Addendum: this report was re-issued with a new cover note.\n\n" + medway.read_text(encoding="utf-8"),
                      encoding="utf-8")
    summary = ingest.ingest_paths([docs], db_path, extract=fake_extract, quiet=True, workers=0)
    assert (summary.ok, summary.replaced) == (1, 1)
    item = _priority(db_path, "Strengthening communities")
    assert (item["main_theme"], item["correction_id"]) == ("drugs", correction.id)
    stored = db_rows(db_path, "SELECT status, message, applied_to FROM corrections")[0]
    assert stored["status"] == "re-anchored"
    assert "followed the changed file" in stored["message"] and "moved" in stored["message"]
    assert stored["applied_to"] == hashlib.sha256(medway.read_bytes()).hexdigest()


def _changed_extractor(path, settings=None):
    """Another extractor version: it reads one more character into each priority's quote and
    lists the priorities in another order (every quote shifts, so each correction is re-anchored;
    tests/test_corrections_models.py changes a copy of models/ for the real extractor)."""
    result = fake_extract(path, settings)
    for item in result["priorities"]:
        item["char_end"] += 1
        item["quote"] = result["text"][item["char_start"]:item["char_end"]]
    result["priorities"].reverse()
    return result


def test_a_correction_survives_an_extractor_change_that_alters_the_items(site):
    db_path, path, docs = site
    correction, _ = _fix_theme(db_path, path)
    saved = _resave(db_path, docs / MEDWAY.name, path, extract=_changed_extractor)
    assert [o.status for _, o in saved["corrections"]] == ["re-anchored"]
    item = _priority(db_path, "Strengthening communities")
    assert item["quote"] != "Strengthening communities"  # the new extractor's quote
    assert (item["main_theme"], item["correction_id"]) == ("drugs", correction.id)


def test_an_unanchorable_correction_is_reported_with_the_fix_and_applied_nowhere(site, capsys):
    db_path, path, docs = site
    correction, _ = _fix_theme(db_path, path)
    medway = docs / MEDWAY.name
    medway.write_text(medway.read_text(encoding="utf-8").replace("Strengthening communities", "Stronger places"),
                      encoding="utf-8")
    err = io.StringIO()
    ingest.ingest_paths([docs], db_path, extract=fake_extract, quiet=False, workers=0, err=err, out=io.StringIO())
    assert f"correction {correction.id} (fix priorities) unanchored" in err.getvalue()
    assert f"csp-extract correct drop {correction.id}" in err.getvalue()
    assert db_rows(db_path, "SELECT COUNT(*) AS n FROM priorities WHERE corrected = 1")[0]["n"] == 0
    stored = db_rows(db_path, "SELECT status, message FROM corrections")[0]
    assert stored["status"] == "unanchored" and "no priorities item" in stored["message"]
    [(_, outcome)] = manage.validate(db_path, path)
    assert outcome.status == "unanchored" and f"correct drop {correction.id}" in outcome.message


# ------------------------------------------------------------------------ delete and add
def test_a_deleted_item_stays_deleted(site):
    db_path, path, docs = site
    item = _priority(db_path, "Reducing re-offending")
    correction, outcome = manage.add(db_path, path, item=f"priorities:{item['id']}", delete=True,
                                     why="an action, not a priority")
    assert outcome.status == "applied"
    assert not db_rows(db_path, "SELECT id FROM priorities WHERE text = 'Reducing re-offending'")
    _resave(db_path, docs / MEDWAY.name, path)
    assert not db_rows(db_path, "SELECT id FROM priorities WHERE text = 'Reducing re-offending'")
    original = json.loads(db_rows(db_path, "SELECT original FROM corrections")[0]["original"])
    assert original["row"]["text"] == "Reducing re-offending"  # what extraction gave, kept
    assert _matrix(db_path, "Medway Council", "Reducing reoffending") is None
    manage.drop(db_path, path, correction.id)  # dropping it brings the extracted item back
    assert _priority(db_path, "Reducing re-offending")["corrected"] is None


def test_an_added_item_appears_in_the_matrix_and_the_money_views(site):
    db_path, path, docs = site
    assert _matrix(db_path, "Medway Council", "Road safety") is None
    manage.add(db_path, path, document=hashlib.sha256(MEDWAY.read_bytes()).hexdigest()[:10], new="priorities",
               quote="strategic assessment of crime, disorder and other community safety issues",
               sets={"text": "Road safety", "rank": "6", "main_theme": "road_safety"}, why="missed")
    assert _matrix(db_path, "Medway Council", "Road safety") == 6
    spelthorne = hashlib.sha256(SPELTHORNE.read_bytes()).hexdigest()
    manage.add(db_path, path, document=spelthorne, new="funding", quote="Creation of the new Community Safety Partnership Plan",
               sets={"amount_gbp": "£12,000", "period": "2024-25", "funder": "Police and Crime Commissioner"},
               why="the grant in appendix 1")
    money = db_rows(db_path, "SELECT total_gbp FROM funding_by_council_year WHERE council = ? AND period = '2024-25'",
                   ["Spelthorne Borough Council"])
    assert money == [{"total_gbp": 12000}]
    added = db_rows(db_path, "SELECT corrected, correction_id, rules, page FROM funding WHERE document_id = ?", [spelthorne])
    assert added[0]["corrected"] == 1 and added[0]["rules"] == '["correction.add"]' and added[0]["page"] == 1
    _resave(db_path, docs / MEDWAY.name, path)  # and it stays through a re-ingest
    assert _matrix(db_path, "Medway Council", "Road safety") == 6


def test_quoted_words_that_are_not_in_the_document_are_refused_with_the_fix(site):
    db_path, path, _ = site
    with pytest.raises(ValueError, match="not in the document's text"):
        manage.add(db_path, path, document=hashlib.sha256(MEDWAY.read_bytes()).hexdigest(), new="priorities",
                   quote="words nobody wrote", why="missed")
    assert not path.exists()  # nothing written


def test_a_document_field_is_corrected_for_its_items_too(site):
    db_path, path, _ = site
    sha = hashlib.sha256(MEDWAY.read_bytes()).hexdigest()
    manage.add(db_path, path, document=sha, sets={"meeting_date": "2020-12-04"}, why="the date on the cover")
    doc = db_rows(db_path, "SELECT meeting_date, corrected FROM documents WHERE id = ?", [sha])[0]
    assert doc == {"meeting_date": "2020-12-04", "corrected": 1}
    with pytest.raises(ValueError, match="yyyy-mm-dd"):
        manage.add(db_path, path, document=sha, sets={"meeting_date": "4 Dec"}, why="x")


def test_the_plan_to_plan_changes_use_the_corrected_priorities(site):
    db_path, path, _ = site
    earlier = next(p for p in CORPUS if p.name.startswith("sevenoaks-2021"))
    assert not db_rows(db_path, "SELECT id FROM priority_changes WHERE council = 'Sevenoaks District Council'")
    manage.add(db_path, path, document=hashlib.sha256(earlier.read_bytes()).hexdigest(), new="priorities",
               quote="strategic priorities", sets={"text": "Business Crime", "rank": "1", "main_theme": "business_crime"},
               why="the annual report's priority, named in its appendix")
    changes = db_rows(db_path, "SELECT change, from_text, to_text FROM priority_changes "
                              "WHERE council = 'Sevenoaks District Council' AND from_text = 'Business Crime'")
    assert changes == [{"change": "re-ranked", "from_text": "Business Crime", "to_text": "Business Crime"}]

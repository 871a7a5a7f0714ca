"""Change over time and follow-through (extractor/store/changes.py and outcomes.py, issue 6).

- the pure functions on hand-made priorities, recommendations and decisions: every kind of
  change (added, dropped, kept, re-ranked, renamed), plan ordering, and linking a
  recommendation to the decision recorded on it;
- the real extractor on real corpus documents, stored with save_document: Spelthorne's plan and
  its November 2025 review, Kent County Council's three documents, and Sevenoaks' 2024-25 plan
  report with the Council minutes on it (the last four from ../shared/corpus, read where they
  lie, never copied into the repository; skipped when ../shared is absent);
- the derived tables kept in step when documents are saved, replaced and re-saved;
- the Datasette views and canned queries, and the `changes` command.

The expectations are what the real extractor gives today; where it misses something, the test
says so (see the Sevenoaks minutes).
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from extractor import store
from extractor.publish import serve
from extractor.store import changes, outcomes
from extractor.store.changes import compare_priorities, order_documents
from extractor.store.outcomes import link_recommendations
from extractor.cli.db import changes as changes_command
from extractor.batch.ingest import ingest_paths

from .conftest import CORPUS, SHARED_CORPUS
from .helpers import get, get_json

SEVENOAKS_PLAN = CORPUS / "docs" / "sevenoaks-2024-03-05-csp-strategy-action-plan-2024-25.txt"
SHARED_DOCS = SHARED_CORPUS / "docs"
SEVENOAKS_MINUTES = SHARED_DOCS / "21_sevenoaks_2024.txt"
SPELTHORNE = [SHARED_DOCS / "13_spelthorne_2024.txt", SHARED_DOCS / "14_spelthorne_2025-11.txt"]
KENT = [SHARED_DOCS / "03_kent-county_2024-03-14.txt", SHARED_DOCS / "04_kent-county_2022-03-24.txt",
        SHARED_DOCS / "05_kent-county_2022.txt"]  # fmt: skip
# the committee report that covers Spelthorne's 2024-26 plan names one priority in passing
SPELTHORNE_REPORT = CORPUS / "docs" / "spelthorne-2024-csp-plan-priorities-2024-26.txt"
REAL = [SEVENOAKS_PLAN, SEVENOAKS_MINUTES, *SPELTHORNE, SPELTHORNE_REPORT, *KENT]


def needs_shared(*paths: Path):
    missing = [p.name for p in paths if not p.is_file()]
    if missing:
        pytest.skip(f"../shared/corpus is absent ({', '.join(missing)})")


def P(rank, text, theme, **extra):
    return {"rank": rank, "text": text, "themes": [theme] if theme else [], **extra}


def by_change(rows):
    out: dict[str, list] = {}
    for r in rows:
        out.setdefault(r["change"], []).append(r)
    return out


# ------------------------------------------------------------------------------ plan-to-plan
OLD = [
    P(1, "Anti-social behaviour", "asb", id=11, page=2, quote="Anti-social behaviour"),
    P(2, "Domestic abuse", "domestic_abuse", id=12, page=2),
    P(3, "Serious violence", "serious_violence", id=13, page=2),
    P(4, "Drugs and alcohol", "drugs", id=14, page=3),
    P(5, "Reducing reoffending", "reoffending", id=15, page=3),
    P(6, "Water safety", "other", id=16, page=3),
]
NEW = [
    P(1, "Anti-social behaviour", "asb", id=21, page=1),
    P(2, "Serious violence", "serious_violence", id=22, page=1),
    P(3, "Domestic abuse", "domestic_abuse", id=23, page=1),
    P(4, "Drugs, alcohol and county lines", "drugs", id=24, page=1),
    P(5, "Reducing re-offending", "reoffending", id=25, page=1),
    P(6, "Violence against women and girls", "vawg", id=26, page=4),
]


def test_every_kind_of_change():
    rows = compare_priorities(OLD, NEW)
    kinds = by_change(rows)
    assert [r["change"] for r in rows] == [
        "added", "dropped", "renamed", "re-ranked", "re-ranked", "kept", "kept"]  # fmt: skip
    (added,) = kinds["added"]
    assert (added["to_text"], added["to_rank"], added["to_page"], added["to_priority_id"]) == (
        "Violence against women and girls", 6, 4, 26)
    assert added["from_text"] is None and added["from_rank"] is None and added["score"] is None
    assert added["detail"] == "new at rank 6"
    (dropped,) = kinds["dropped"]
    assert (dropped["from_text"], dropped["from_rank"], dropped["to_text"]) == ("Water safety", 6, None)
    (renamed,) = kinds["renamed"]
    assert (renamed["from_text"], renamed["to_text"]) == ("Drugs and alcohol", "Drugs, alcohol and county lines")
    assert renamed["from_theme"] == renamed["to_theme"] == "drugs"
    assert "the only drugs priority on both sides" in renamed["detail"]
    reranked = {r["to_text"]: r for r in kinds["re-ranked"]}
    assert (reranked["Serious violence"]["from_rank"], reranked["Serious violence"]["to_rank"]) == (3, 2)
    assert reranked["Serious violence"]["detail"] == "moved up 1 (3 → 2)"
    assert reranked["Domestic abuse"]["detail"] == "moved down 1 (2 → 3)"
    kept = {r["to_text"]: r for r in kinds["kept"]}
    assert kept["Anti-social behaviour"]["score"] == 100
    assert kept["Anti-social behaviour"]["from_quote"] == "Anti-social behaviour"
    assert (kept["Anti-social behaviour"]["from_priority_id"], kept["Anti-social behaviour"]["to_priority_id"]) == (11, 21)
    # the same priority reworded is still kept (the scoring rule's "similar"), and says so
    assert kept["Reducing re-offending"]["from_text"] == "Reducing reoffending"
    assert "reworded" in kept["Reducing re-offending"]["detail"]
    # every priority on each side appears exactly once
    assert sorted(r["from_priority_id"] for r in rows if r["from_priority_id"]) == [11, 12, 13, 14, 15, 16]
    assert sorted(r["to_priority_id"] for r in rows if r["to_priority_id"]) == [21, 22, 23, 24, 25, 26]


def test_identical_plans_are_all_kept():
    rows = compare_priorities(OLD, OLD)
    assert {r["change"] for r in rows} == {"kept"} and len(rows) == len(OLD)


def test_first_and_empty_plans():
    assert [r["change"] for r in compare_priorities([], NEW[:2])] == ["added", "added"]
    assert [r["change"] for r in compare_priorities(OLD[:2], [])] == ["dropped", "dropped"]
    assert compare_priorities([], []) == []


def test_renamed_by_similar_wording_among_several_of_a_theme():
    old = [P(1, "Tackling anti-social behaviour", "asb"), P(2, "Fly-tipping", "asb"),
           P(3, "Road safety", "road_safety")]  # fmt: skip
    new = [P(1, "Reducing anti-social behaviour and nuisance", "asb"), P(2, "Graffiti", "asb"),
           P(3, "Speeding", "road_safety"), P(4, "Speeding near schools", "road_safety")]  # fmt: skip
    kinds = by_change(compare_priorities(old, new))
    renamed = {(r["from_text"], r["to_text"]): r for r in kinds["renamed"]}
    # ratio 71 >= 60 with the same main theme (token_set_ratio 82 < 85: not the same priority)
    assert renamed[("Tackling anti-social behaviour", "Reducing anti-social behaviour and nuisance")][
        "detail"].count("similar wording") == 1
    # then the only asb priority left on each side
    assert "the only asb priority" in renamed[("Fly-tipping", "Graffiti")]["detail"]
    # two road-safety priorities in the new plan: neither is "the only one", and the wording
    # is too far from "Road safety" (ratio < 60), so one is dropped and two are added
    assert [r["from_text"] for r in kinds["dropped"]] == ["Road safety"]
    assert [r["to_text"] for r in kinds["added"]] == ["Speeding", "Speeding near schools"]


def test_other_theme_and_fragments_are_not_renamed():
    kinds = by_change(compare_priorities(
        [P(1, "Water safety", "other"), P(2, "Crime", "acquisitive_crime")],
        [P(1, "Cost of living", "other"), P(2, "Business Crime", "business_crime")],
    ))  # fmt: skip
    assert "renamed" not in kinds and "kept" not in kinds
    assert len(kinds["dropped"]) == 2 and len(kinds["added"]) == 2


def test_unranked_to_ranked_is_re_ranked():
    (row,) = compare_priorities([P(None, "Domestic Abuse (DA)", "domestic_abuse")],
                                [P(3, "Domestic Abuse", "domestic_abuse")])  # fmt: skip
    assert row["change"] == "re-ranked" and row["detail"].startswith("now ranked 3 (was unranked)")


def test_thresholds_are_documented_constants():
    assert changes.SAME_PRIORITY == 85 and changes.RENAMED_RATIO == 60 and outcomes.LINK_SCORE == 70
    for module, name in ((changes, "SAME_PRIORITY"), (changes, "RENAMED_RATIO"), (outcomes, "LINK_SCORE")):
        assert name in module.__doc__ or f"``{name}``" in module.__doc__


def test_document_naming_priorities_in_passing():
    docs = [
        {"id": "plan", "plan_start_year": 2024, "plan_end_year": 2026, "order": 1},
        {"id": "cover", "plan_start_year": 2024, "plan_end_year": 2026, "order": 2},
        {"id": "minutes", "plan_start_year": 2022, "plan_end_year": 2023, "order": 3},
        {"id": "none", "plan_start_year": 2025, "plan_end_year": 2026, "order": 4},
    ]
    priorities = {
        "plan": [P(1, "Serious violence", "serious_violence"), P(2, "Hate crime", "hate_crime")],
        "cover": [P(None, "Hate crime", "hate_crime")],
        "minutes": [P(None, "ASB", "asb")],
    }
    assert changes.in_passing(priorities["cover"]) and not changes.in_passing(priorities["plan"])
    # the covering report is the same plan seen partly: left out; the 2022 minutes are the only
    # record of their period: kept; a document without priorities is no plan
    assert [d["id"] for d in changes.plan_sequence(docs, priorities)] == ["minutes", "plan"]
    rows = changes.compare_plans(docs, priorities)
    added = [r for r in rows if r["change"] == "added"]
    assert added[0]["to_text"] == "Serious violence"
    assert added[0]["detail"] == (
        "new at rank 1; the earlier document only names priorities in passing (none ranked), "
        "so it may not be new")
    (dropped,) = compare_priorities(priorities["plan"][:1], priorities["cover"])[1:]
    assert dropped["change"] == "dropped" and "may not be a real drop" in dropped["detail"]


def test_plan_order():
    docs = [
        {"id": "c", "plan_start_year": 2024, "meeting_date": None, "order": 1},
        {"id": "b", "plan_start_year": 2024, "meeting_date": "2024-03-05", "order": 3},
        {"id": "a", "plan_start_year": None, "meeting_date": "2022-03-24", "order": 2},
        {"id": "z", "plan_start_year": None, "meeting_date": None, "order": 0},
        {"id": "d", "plan_start_year": 2024, "meeting_date": None, "order": 4},
    ]
    # year (the meeting's when no plan year), then date (undated after dated), then ingest
    # order; no year at all goes last
    assert [d["id"] for d in order_documents(docs)] == ["a", "b", "c", "d", "z"]
    # ingest order: time stored, then path (parallel workers may store a run's files in any
    # order within the second), then row order
    docs = [{"id": "14", "plan_start_year": 2024, "ingested_at": "2025-01-01T10:00:00", "path": "/x/14.txt", "order": 1},
            {"id": "13", "plan_start_year": 2024, "ingested_at": "2025-01-01T10:00:00", "path": "/x/13.txt", "order": 2},
            {"id": "re", "plan_start_year": 2024, "ingested_at": "2025-02-01T09:00:00", "path": "/x/01.txt", "order": 0}]
    assert [d["id"] for d in order_documents(docs)] == ["13", "14", "re"]


# ------------------------------------------------------------------------------ follow-through
def R(id, text, actions, addressee=None, document_id="rep", date="2024-03-05", council="X Council"):
    return {"id": id, "text": text, "actions": actions, "addressee": addressee, "page": 1,
            "quote": text, "document_id": document_id, "meeting_date": date, "council": council,
            "title": "Report"}  # fmt: skip


def D(id, text, outcome, body=None, document_id="min", date="2024-04-10", council="X Council"):
    return {"id": id, "text": text, "outcome": outcome, "body": body, "page": 2, "quote": text,
            "document_id": document_id, "meeting_date": date, "council": council,
            "title": "Minutes"}  # fmt: skip


def test_recommendation_linked_to_later_decision():
    recs = [R(1, "To approve the Community Safety Partnership Strategy and Action Plan 2024-25.",
              ["approve"], "Council"),
            R(2, "To note the Annual Report of the Community Safety Partnership.", ["note"], "Council")]
    decs = [D(7, "That the High Weald Area of Outstanding Natural Beauty Management Plan, be adopted.",
              "approved", "Council"),
            D(8, "That the Community Safety Partnership Strategy and Action Plan be adopted.",
              "approved", "Council"),
            D(9, "Noted the Community Safety Partnership annual report.", "noted", "Council")]
    rows = {r["recommendation_id"]: r for r in link_recommendations(recs, decs)}
    assert rows[1]["decision_id"] == 8 and rows[1]["status"] == "approved"
    assert rows[1]["score"] >= outcomes.LINK_SCORE
    assert "asked to approve, recorded as approved" in rows[1]["reason"]
    assert "decided by Council, the body asked" in rows[1]["reason"]
    assert (rows[1]["decision_document_id"], rows[1]["decision_page"]) == ("min", 2)
    assert rows[1]["recommendation_quote"].startswith("To approve")
    assert rows[2]["decision_id"] == 9 and rows[2]["status"] == "noted"


def test_words_every_csp_paper_shares_do_not_make_a_match():
    council = "Sevenoaks District Council"
    recs = [R(1, "To consider the Sevenoaks District Community Safety Partnership's Annual Report "
                 "for 2020-21", ["consider"], "Cabinet", date="2021-07-08", council=council)]  # fmt: skip
    decs = [D(8, "That the Sevenoaks District Community Safety Partnership Strategy and Action Plan "
                 "2024-25 be approved.", "approved", "Cabinet", council=council)]  # fmt: skip
    (row,) = link_recommendations(recs, decs)
    assert row["status"] == "no recorded outcome" and row["score"] < 60
    assert outcomes.subject_words(recs[0]["text"], council) == ["annual", "report", "2020-21"]


def test_action_mapping():
    fit = outcomes.action_fit
    assert fit(["adopt"], "approved")[0] == "expected"
    assert fit(["endorse"], "approved")[0] == "expected"
    assert fit(["recommend"], "agreed")[0] == "expected"
    assert fit(["delegate"], "delegated")[0] == "expected"
    assert fit(["approve"], "agreed")[0] == "consent"
    assert fit(["note"], "approved")[0] == "other"
    assert fit(["approve"], "deferred")[0] == "expected"  # any recommendation can be deferred
    assert fit([], "approved")[0] == "unknown"


def test_no_link_to_earlier_decision_or_other_council():
    recs = [R(1, "To approve the Community Safety Partnership Strategy 2024-25.", ["approve"])]
    decs = [D(8, "The Community Safety Partnership Strategy 2024-25 be approved.", "approved",
              date="2024-01-01"),
            D(9, "The Community Safety Partnership Strategy 2024-25 be approved.", "approved",
              council="Other Council")]  # fmt: skip
    (row,) = link_recommendations(recs, decs)
    assert row["status"] == outcomes.NO_OUTCOME and row["decision_id"] is None
    assert row["score"] is None and "no decision on this subject recorded by X Council" in row["reason"]
    # undated minutes count
    decs[0]["meeting_date"] = None
    (row,) = link_recommendations(recs, decs)
    assert row["decision_id"] == 8


def test_unrelated_decision_is_not_linked_and_named_as_closest():
    recs = [R(1, "To approve the Sevenoaks District Community Safety Partnership Strategy and "
                 "Action Plan 2024-25.", ["approve"], "Council")]  # fmt: skip
    decs = [D(7, "That the High Weald Area of Outstanding Natural Beauty Management Plan, be adopted.",
              "approved", "Council")]  # fmt: skip
    (row,) = link_recommendations(recs, decs)
    assert row["status"] == "no recorded outcome" and row["score"] < outcomes.LINK_SCORE
    assert "closest: “That the High Weald" in row["reason"]


def test_generic_decision_covers_its_own_documents_recommendations():
    recs = [R(1, "The Committee were asked to consider the work of the CSP.", ["consider"],
              "Committee", document_id="notice", council=None)]  # fmt: skip
    decs = [D(5, "Recommendations Approved", "approved", "Corporate Projects Scrutiny Committee",
              document_id="notice", council=None)]  # fmt: skip
    (row,) = link_recommendations(recs, decs)
    assert row["decision_id"] == 5 and row["status"] == "approved"
    assert "report's recommendations as a whole" in row["reason"]
    # ... but not a recommendation in another document
    recs[0]["document_id"] = "report"
    (row,) = link_recommendations(recs, decs)
    assert row["status"] == "no recorded outcome" and "council is unknown" in row["reason"]


def test_body_mismatch_lowers_the_score():
    rec = R(1, "To approve the Community Safety Strategy.", ["approve"], "Cabinet")
    same = outcomes.link_score(rec, D(1, "The Community Safety Strategy be approved.", "approved", "Cabinet"))
    other = outcomes.link_score(rec, D(1, "The Community Safety Strategy be approved.", "approved", "Council"))
    assert other[0] < same[0] and "asked of Cabinet but decided by Council" in other[1]


# ------------------------------------------------------------------------------ stored, real documents
@pytest.fixture(scope="module")
def real_db(tmp_path_factory):
    """The seven real documents through the real extractor, ingested in place."""
    needs_shared(*REAL)
    tmp = tmp_path_factory.mktemp("changes")
    db_path = tmp / "csp.db"
    summary = ingest_paths(REAL, db_path, quiet=True)
    assert summary.failed == 0
    db = store.open_db(db_path)
    yield db
    db.close()


def _changes(db, council):
    return db.query(
        "SELECT c.*, fd.file_name AS from_file, td.file_name AS to_file FROM priority_changes c "
        "JOIN documents fd ON fd.id = c.from_document_id JOIN documents td ON td.id = c.to_document_id "
        "WHERE c.council = ? ORDER BY c.pair, c.id", [council],
    )  # fmt: skip


def test_spelthorne_review_adds_clear_hold_build(real_db):
    rows = list(_changes(real_db, "Spelthorne Borough Council"))
    # both documents give the plan period 2024-26 and no meeting date: ingest order decides;
    # the covering committee report (2024-26 too, naming only "Hate Crime" in passing) is left
    # out, as the plan's list is in another document for the same period
    assert {(r["from_file"], r["to_file"], r["pair"]) for r in rows} == {
        ("13_spelthorne_2024.txt", "14_spelthorne_2025-11.txt", 1)}
    kinds = by_change(rows)
    assert set(kinds) == {"added", "kept"}
    assert len(kinds["kept"]) == 9
    (added,) = kinds["added"]
    assert added["to_rank"] == 10 and added["to_text"].startswith("Clear, Hold, Build – Ashford Town")
    assert added["to_page"] == 1 and added["to_quote"].startswith("Clear, Hold, Build")
    town = next(r for r in kinds["kept"] if r["from_rank"] == 5)
    assert (town["from_text"], town["to_text"]) == ("Town Centre Acquisitive Crime", "Town Centre & Acquisitive Crime")
    assert "reworded" in town["detail"]
    assert real_db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_kent_county_2022_to_2024(real_db):
    rows = list(_changes(real_db, "Kent County Council"))
    # 05_kent-county_2022 lists no priorities (the excerpt stops first), so the one pair is
    # the March 2022 refresh (2022-23) -> the March 2024 update (2024-25)
    assert {(r["from_file"], r["to_file"]) for r in rows} == {
        ("04_kent-county_2022-03-24.txt", "03_kent-county_2024-03-14.txt")}
    got = sorted((r["change"], r["from_text"], r["to_text"]) for r in rows)
    assert got == [
        ("added", None, "Serious Violence (including the serious violence duty and violence reduction)"),
        ("added", None, "Violence Against Women and Girls"),
        ("re-ranked", "Domestic Abuse (DA)", "Domestic Abuse"),
        ("renamed", "ASB", "Anti-Social Behaviour (including environmental)"),
    ]
    # Kent's 2022 minutes record decisions but its documents make no recommendations
    assert real_db.execute(
        "SELECT COUNT(*) FROM recommendation_outcomes WHERE council = 'Kent County Council'"
    ).fetchone()[0] == 0


def test_sevenoaks_recommendations_and_the_council_minutes(real_db):
    rows = {r["asked"]: r for r in real_db.query(
        "SELECT * FROM recommendation_follow_through WHERE council = 'Sevenoaks District Council'")}
    report = real_db.execute(
        "SELECT id FROM documents WHERE file_name = ?", [SEVENOAKS_PLAN.name]).fetchone()[0]
    minutes = real_db.execute(
        "SELECT id FROM documents WHERE file_name = ?", [SEVENOAKS_MINUTES.name]).fetchone()[0]
    council = rows["Council"]
    assert council["recommendation_quote"].startswith("To approve the Sevenoaks District Community Safety")
    assert (council["recommendation_document_id"], council["recommendation_page"]) == (report, 1)
    # The minutes excerpt (21_sevenoaks_2024.txt) records the motion "that the Sevenoaks
    # Community Safety Partnership Strategy and Action Plan, be adopted" but stops before the
    # vote, so no decision is extracted from it (gold: no decisions either).  The honest
    # outcome is "no recorded outcome", with the motion named as where to look.
    assert council["status"] == "no recorded outcome" and council["decision_id"] is None
    assert "“Matters considered by the Cabinet and/or Scrutiny Committee” (undated, p. 1)" in council["reason"]
    assert "be adopted" in council["reason"]
    # the minutes' High Weald resolution is not taken for it (nor extracted as a decision)
    assert "High Weald" not in council["reason"]
    assert {r["status"] for r in rows.values()} == {"no recorded outcome"}
    assert minutes in {r[0] for r in real_db.execute("SELECT document_id FROM recommendations")}


def test_sevenoaks_minutes_with_the_resolution_link_the_council_recommendation(tmp_path):
    """The same minutes with the resolution the excerpt cuts off (hand-written here, in a
    temporary file, in the words of the motion) link the report's recommendation to Council."""
    needs_shared(SEVENOAKS_MINUTES)
    minutes = tmp_path / "sevenoaks-council-minutes-completed.txt"
    minutes.write_text(
        SEVENOAKS_MINUTES.read_text(encoding="utf-8")
        + "ority areas.\nThe motion was put to the vote and it was\n"
        "Resolved: That the Sevenoaks Community Safety Partnership Strategy and Action Plan, be adopted.\n",
        encoding="utf-8",
    )
    db_path = tmp_path / "csp.db"
    ingest_paths([SEVENOAKS_PLAN, minutes], db_path, quiet=True)
    db = store.open_db(db_path)
    rows = {r["asked"]: r for r in db.query("SELECT * FROM recommendation_follow_through")}
    minutes_id = db.execute("SELECT id FROM documents WHERE file_name = ?", [minutes.name]).fetchone()[0]
    council = rows["Council"]
    assert council["decision_document_id"] == minutes_id and council["decision_page"] == 1
    assert council["decision_quote"].endswith(
        "the Sevenoaks Community Safety Partnership Strategy and Action Plan, be adopted.")
    # the extractor records "be adopted" as agreed (see the report to the lead); adopt ->
    # approved would be the exact mapping, agreed is accepted as consent
    assert council["status"] in {"approved", "agreed"}
    assert council["score"] >= outcomes.LINK_SCORE
    assert "asked to approve" in council["reason"] and "(undated, p. 1)" in council["reason"]
    # the motion in the minutes is settled by the resolution after it in the same document
    motion = next(r for r in rows.values() if r["recommendation_document_id"] == minutes_id)
    assert motion["decision_document_id"] == minutes_id and "same document" in motion["reason"]
    db.close()


# ------------------------------------------------------------------------------ kept in step
def _result(council, priorities, recommendations=(), decisions=(), date=None, year=None):
    text = "\n".join([p[1] for p in priorities] + [r[0] for r in recommendations] + [d[0] for d in decisions]) or "x"
    def prov(t):
        start = text.find(t)
        return {"page": 1, "char_start": start, "char_end": start + len(t), "quote": t,
                "confidence": 0.9, "rules": ["test"]}  # fmt: skip
    return {
        "text": text, "pages": 1, "warnings": [], "extractor_version": "test",
        "document": {"council": council, "county": "Kent", "meeting_date": date, "title": f"Plan {year}",
                     "plan_period": {"start_year": year, "end_year": year + 1} if year else None},
        "priorities": [{"rank": r, "text": t, "themes": [th], **prov(t)} for r, t, th in priorities],
        "recommendations": [{"text": t, "addressee": a, "actions": ac, **prov(t)} for t, a, ac in recommendations],
        "decisions": [{"text": t, "body": b, "outcome": o, **prov(t)} for t, b, o in decisions],
        "risks": [], "funding": [],
    }  # fmt: skip


def test_saving_recomputes_and_replacing_keeps_integrity(db, tmp_path):
    a, b, c = (tmp_path / n for n in ("a.txt", "b.txt", "c.txt"))
    store.save_document(db, _result("Dover District Council", [(1, "Anti-social behaviour", "asb")],
                                    year=2022), "1" * 64, a)  # fmt: skip
    assert store.counts(db)["priority_changes"] == 0  # one plan: nothing to compare
    store.save_document(db, _result("Dover District Council", [(1, "Anti-social behaviour", "asb"),
                                    (2, "Drugs", "drugs")], year=2024), "2" * 64, b)  # fmt: skip
    assert [tuple(r) for r in db.execute("SELECT change, to_text FROM priority_changes ORDER BY id")] == [
        ("added", "Drugs"), ("kept", "Anti-social behaviour")]
    # a plan saved later but for an earlier period goes first in the sequence
    store.save_document(db, _result("Dover District Council", [(1, "Drugs", "drugs")], year=2020),
                        "3" * 64, c)  # fmt: skip
    pairs = [tuple(r) for r in db.execute(
        "SELECT DISTINCT pair, from_document_id, to_document_id FROM priority_changes ORDER BY pair")]
    assert pairs == [(1, "3" * 64, "1" * 64), (2, "1" * 64, "2" * 64)]
    # replacing the middle plan (changed file at the same path) recomputes both pairs
    store.save_document(db, _result("Dover District Council", [(1, "Road safety", "road_safety")],
                                    year=2022), "4" * 64, a)  # fmt: skip
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    got = sorted(tuple(r) for r in db.execute("SELECT pair, change, from_text, to_text FROM priority_changes"))
    assert got == [
        (1, "added", None, "Road safety"), (1, "dropped", "Drugs", None),
        (2, "added", None, "Anti-social behaviour"), (2, "added", None, "Drugs"),
        (2, "dropped", "Road safety", None),
    ]
    # moving a document to another council recomputes the one it left
    store.save_document(db, _result("Deal Town Council", [(1, "Road safety", "road_safety")],
                                    year=2022), "5" * 64, a)  # fmt: skip
    assert {r[0] for r in db.execute("SELECT DISTINCT pair FROM priority_changes")} == {1}
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_outcomes_follow_saves(db, tmp_path):
    report = _result("Dover District Council", [], [("To approve the Community Safety Plan 2024-25.",
                     "Cabinet", ["approve"])], date="2024-03-01")  # fmt: skip
    store.save_document(db, report, "a" * 64, tmp_path / "report.txt")
    assert db.execute("SELECT status FROM recommendation_outcomes").fetchone()[0] == "no recorded outcome"
    minutes = _result("Dover District Council", [], [], [("That the Community Safety Plan 2024-25 be approved.",
                      "Cabinet", "approved")], date="2024-03-20")  # fmt: skip
    store.save_document(db, minutes, "b" * 64, tmp_path / "minutes.txt")
    row = db.execute("SELECT status, decision_document_id FROM recommendation_outcomes").fetchone()
    assert tuple(row) == ("approved", "b" * 64)
    # the minutes replaced by a version without the decision: back to no recorded outcome
    minutes["decisions"] = []
    store.save_document(db, minutes, "c" * 64, tmp_path / "minutes.txt")
    assert db.execute("SELECT status FROM recommendation_outcomes").fetchone()[0] == "no recorded outcome"
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_failed_save_leaves_derived_tables_as_they_were(db, tmp_path):
    store.save_document(db, _result("Dover District Council", [(1, "Drugs", "drugs")], year=2022),
                        "1" * 64, tmp_path / "a.txt")  # fmt: skip
    store.save_document(db, _result("Dover District Council", [(1, "Drugs", "drugs")], year=2023),
                        "2" * 64, tmp_path / "b.txt")  # fmt: skip
    before = db.execute("SELECT * FROM priority_changes").fetchall()
    bad = _result("Dover District Council", [(1, "Road safety", "road_safety")], year=2024)
    bad["risks"] = [{"risk": None}]
    with pytest.raises(Exception):
        store.save_document(db, bad, "3" * 64, tmp_path / "c.txt")
    assert db.execute("SELECT * FROM priority_changes").fetchall() == before


def test_older_database_is_backfilled(tmp_path):
    database = store.open_db(tmp_path / "old.db")
    store.ensure_schema(database)
    for i, year in enumerate((2022, 2024)):
        store.save_document(database, _result("Dover District Council", [(1, "Drugs", "drugs")], year=year),
                            str(i) * 64, tmp_path / f"{i}.txt")  # fmt: skip
    database.execute("DROP TABLE priority_changes")
    database.execute("DROP TABLE recommendation_outcomes")
    store.ensure_schema(database)
    assert [tuple(r) for r in database.execute("SELECT change FROM priority_changes")] == [("kept",)]
    database.close()


# ------------------------------------------------------------------------------ Datasette
@pytest.fixture(scope="module")
def site(real_db):
    path = Path(real_db.execute("PRAGMA database_list").fetchall()[0][2])
    return serve.build_app(path)


def test_views_have_rows_and_descriptions(site):
    metadata = serve.load_metadata()["databases"]["csp"]
    for view in ("what_changed", "recommendation_follow_through", "theme_trends"):
        assert view in store.VIEWS
        rows = get_json(site, f"/csp/{view}.json", _shape="array")
        assert rows, view
        description = metadata["tables"][view]["description"]
        html = get(site, f"/csp/{view}").text
        assert metadata["tables"][view]["title"] in html
        assert description[:40].replace("'", "&#39;").replace('"', "&#34;") in html, view
    html = get(site, "/").text
    assert 'href="/csp/what_changed"' in html and 'href="/csp/recommendation_follow_through"' in html


def test_what_changed_view_links_both_plans(site):
    rows = get_json(site, "/csp/what_changed.json", _shape="array", council="Spelthorne Borough Council")
    assert rows[0]["change"] == "added" and rows[0]["to_priority"].startswith("Clear, Hold, Build")
    assert (rows[0]["from_plan"], rows[0]["to_plan"]) == ("2024-26", "2024-26")
    assert rows[0]["to_document"].endswith("REVIEW November 2025")
    html = get(site, "/csp/what_changed", council="Kent County Council").text
    # from_page and to_page are links to the page of each plan; change kinds are badges
    for doc in ("04_kent-county_2022-03-24.txt", "03_kent-county_2024-03-14.txt"):
        doc_id = [r for r in get_json(site, "/csp/documents.json", _shape="array", file_name=doc)][0]["id"]
        assert f'href="/-/csp-page/csp/{doc_id}/1"' in html, doc
    assert re.search(r'class="csp-badge"[^>]*>renamed</span>', html)


def test_council_changes_canned_query(site):
    rows = get_json(site, "/csp/council_changes.json", _shape="array", council="spelthorne")
    assert [r["change"] for r in rows] == ["added"] + ["kept"] * 9
    assert rows[0]["plans"] == "2024-26 → 2024-26"
    assert (rows[0]["before"], rows[0]["after"]) == (None, "10. Clear, Hold, Build – Ashford Town")
    assert rows[0]["to_document"].endswith("REVIEW November 2025")
    assert [r["after"].split(".")[0] for r in rows[1:]] == [str(n) for n in range(1, 10)]
    assert rows[5]["before"] == "5. Town Centre Acquisitive Crime"
    assert (rows[5]["after"], rows[5]["detail"]) == ("5. Town Centre & Acquisitive Crime", "same rank (5); reworded")
    html = get(site, "/csp/council_changes", council="Kent").text
    assert "What changed in a council&#39;s priorities" in html
    assert 'href="/-/csp-static/changes.css"' in html
    assert "td.col-detail" in get(site, "/-/csp-static/changes.css").text
    assert "Anti-Social Behaviour (including environmental)" in html
    assert re.search(r'href="/-/csp-page/csp/[0-9a-f]{64}/1"', html)


def test_follow_through_view_and_query(site):
    rows = get_json(site, "/csp/council_follow_through.json", _shape="array", council="Sevenoaks")
    assert len(rows) == 4 and {r["status"] for r in rows} == {"no recorded outcome"}
    rows = get_json(site, "/csp/recommendation_follow_through.json", _shape="array")
    assert len(rows) == 6  # Sevenoaks' 4 and the Spelthorne covering report's 2
    html = get(site, "/csp/recommendation_follow_through").text
    # the recommendation's page links to its report
    assert re.search(r'href="/-/csp-page/csp/[0-9a-f]{64}/1"[^>]*>p.&nbsp;1</a>', html)
    assert "no recorded outcome</span>" in html


def test_theme_trends_and_chart(site):
    rows = get_json(site, "/csp/theme_trends.json", _shape="array")
    got = {(r["year"], r["county"], r["theme_id"]): r for r in rows}
    assert got[(2024, "Surrey", "serious_violence")]["partnerships"] == 1
    assert got[(2024, "Surrey", "serious_violence")]["priorities"] == 2  # the plan and its review
    assert got[(2024, "Kent", "domestic_abuse")]["partnerships"] == 2  # Sevenoaks and Kent County
    assert got[(2022, "Kent", "asb")]["councils"] == "Kent County Council"
    dashboard = serve.load_metadata()["plugins"]["datasette-dashboards"]["csp-overview"]
    assert any("theme-trends" in row for row in dashboard["layout"])
    chart = dashboard["charts"]["theme-trends"]
    data = get_json(site, "/csp.json", sql=chart["query"].replace("[[ AND county = :county ]]", ""),
                    _shape="array")  # fmt: skip
    assert {"year", "county", "theme", "partnerships"} <= set(data[0])


# ------------------------------------------------------------------------------ the command
def test_changes_command(real_db):
    path = real_db.execute("PRAGMA database_list").fetchall()[0][2]
    runner = CliRunner()
    result = runner.invoke(changes_command, ["Spelthorne", "--db", path])
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.startswith("Spelthorne Borough Council (Surrey): 2 plan(s) with priorities\n"
                          "  left out: spelthorne-2024-csp-plan-priorities-2024-26.txt (2024-26) names "
                          "priorities only in\n    passing; another document lists that plan's priorities\n")
    assert "1 added, 0 dropped, 0 renamed, 0 re-ranked, 9 kept" in out
    assert re.search(r"added +10\. Clear, Hold, Build – Ashford Town  \(p\. 1\)", out)
    assert "  from 2024-26  Spelthorne Borough Community Safety Partnership Plan & Priorities 2024/2026\n" in out
    assert "13_spelthorne_2024.txt, undated" in out and "14_spelthorne_2025-11.txt, undated" in out
    assert "(reworded from “Town Centre Acquisitive Crime”)" in out
    assert all(len(line) <= 100 for line in out.splitlines())
    result = runner.invoke(changes_command, ["kent county", "--db", path, "--format", "json"])
    assert result.exit_code == 0, result.output
    (kent,) = json.loads(result.output)
    assert [p["plan"] for p in kent["plans"]] == ["2022-23", "2024-25"]
    assert [p["in_passing"] for p in kent["plans"]] == [True, False] and kent["left_out"] == []
    assert "note: the earlier document only names priorities in passing" in runner.invoke(
        changes_command, ["kent county", "--db", path]).output
    assert kent["pairs"][0]["counts"] == {"added": 2, "dropped": 0, "renamed": 1, "re-ranked": 1, "kept": 0}
    # one plan only: says so
    result = runner.invoke(changes_command, ["Sevenoaks", "--db", path])
    assert result.exit_code == 0 and "nothing to compare yet: one plan, 2024-25" in result.output


def test_changes_command_errors(real_db, tmp_path):
    path = real_db.execute("PRAGMA database_list").fetchall()[0][2]
    result = CliRunner().invoke(changes_command, ["Narnia", "--db", path])
    assert result.exit_code == 1
    assert "no council matching 'Narnia'" in result.output and "Spelthorne Borough Council" in result.output
    result = CliRunner().invoke(changes_command, ["Dover", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1 and "csp-extract ingest" in result.output


def test_changes_command_shows_every_kind(db, tmp_path):
    for n, (year, plan) in enumerate([(2021, OLD), (2024, NEW)]):
        result = _result("Dover District Council", [(p["rank"], p["text"], p["themes"][0]) for p in plan],
                         year=year)  # fmt: skip
        store.save_document(db, result, str(n) * 64, tmp_path / f"plan{n}.txt")
    path = db.execute("PRAGMA database_list").fetchall()[0][2]
    result = CliRunner().invoke(changes_command, ["dover", "--db", path])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "  1 added, 1 dropped, 1 renamed, 2 re-ranked, 2 kept" in lines
    assert "  added       6. Violence against women and girls  (p. 1)" in lines
    assert "  dropped     6. Water safety  (was rank 6; p. 1)" in lines
    assert ("  renamed     4. Drugs, alcohol and county lines  (was “Drugs and alcohol”; same main "
            "theme: drugs)") in lines
    assert "  re-ranked   2. Serious violence  (was rank 3)" in lines
    assert "  kept        1. Anti-social behaviour" in lines
    assert "  kept        5. Reducing re-offending  (reworded from “Reducing reoffending”)" in lines
    assert all(len(line) <= 100 for line in lines)

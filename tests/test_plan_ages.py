"""Every comparison shows the period of the plans it compares and how old they are (issue 13:
"a 2005 plan is set beside 2024 plans with no age shown").

Every view of the database and every canned query of the site is a comparison unless it is
named in NOT_COMPARISONS: each must give a period's first and last year (a column ending in
``start_year`` and one ending in ``end_year``) and an age (a column ending in ``age_years``), and
the ages must be the years since the plan's first year (its meeting's year when it names no
period), as latest_plans counts them."""
from __future__ import annotations

import datetime
import re
import sqlite3

import pytest

from extractor.publish import serve
from extractor.store.views import VIEWS
from tests.helpers import get_json
from tests.test_summaries import corpus_db  # noqa: F401  (the bundled reports, with plans that change)

# Views and queries that compare no plans, and why.
NOT_COMPARISONS = {
    "recommendations_by_body_action": "counts bodies and actions over every report",
    "risk_register": "lists risks with their meeting date",
    "items": "lists every item",
    "theme_trends": "its rows are the plans' years",
    "search_items": "a search", "search_documents": "a search", "search_pages": "a search",
}  # fmt: skip
PARAMS = {"council": "Sevenoaks", "county_a": "Surrey", "county_b": "Kent", "year": "2024",
          "theme": "domestic abuse", "q": "domestic abuse", "page": ""}  # fmt: skip
THIS_YEAR = datetime.date.today().year


def _period_and_age(columns: list[str]) -> list[str]:
    """What ``columns`` lack of a period's first year, last year and an age."""
    wanted = {"start_year": "a first year", "end_year": "a last year", "age_years": "an age"}
    return [what for suffix, what in wanted.items() if not any(c.endswith(suffix) for c in columns)]


@pytest.fixture(scope="module")
def app(corpus_db):  # noqa: F811
    return serve.build_app(corpus_db)


def _rows(db_path, sql: str, params=()) -> list[sqlite3.Row]:
    conn = sqlite3.connect(db_path)
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def _year(doc: sqlite3.Row) -> int | None:
    """The year a document stands for: its plan's first year, or its meeting's."""
    if doc["plan_start_year"] is not None:
        return doc["plan_start_year"]
    return int(doc["meeting_date"][:4]) if doc["meeting_date"] else None


def test_every_comparison_view_shows_the_period_and_age(corpus_db):  # noqa: F811
    for name in VIEWS:
        if name in NOT_COMPARISONS:
            continue
        conn = sqlite3.connect(corpus_db)
        columns = [c[0] for c in conn.execute(f"SELECT * FROM [{name}] LIMIT 0").description]
        conn.close()
        assert not _period_and_age(columns), f"view {name} lacks {_period_and_age(columns)}: {columns}"


def test_every_comparison_query_shows_the_period_and_age(app):
    queries = serve.load_metadata()["databases"]["csp"]["queries"]
    for name, spec in queries.items():
        if name in NOT_COMPARISONS:
            continue
        params = {p: PARAMS[p] for p in set(re.findall(r":(\w+)", spec["sql"]))}
        data = get_json(app, f"/csp/{name}.json", _shape="objects", **params)
        assert data["rows"], f"{name} gave no rows: the check would prove nothing"
        missing = _period_and_age(data["columns"])
        assert not missing, f"canned query {name} lacks {missing}: {data['columns']}"


def test_ages_are_the_years_since_the_plan_began(corpus_db):  # noqa: F811
    docs = {d["id"]: d for d in _rows(corpus_db, "SELECT * FROM documents")}
    checked = 0
    for view, prefixes in [("latest_plans", [""]), ("council_theme_ranks", [""]), ("priority_matrix", [""]),
                           ("priorities_over_time", [""]), ("what_changed", ["from_", "to_"])]:  # fmt: skip
        for row in _rows(corpus_db, f"SELECT * FROM [{view}]"):
            for prefix in prefixes:
                doc = docs[row[f"{prefix}document_id"]]
                expected = THIS_YEAR - _year(doc) if _year(doc) is not None else None
                assert row[f"{prefix}age_years"] == expected, (view, dict(row))
                if f"{prefix}plan_start_year" in row.keys():
                    assert row[f"{prefix}plan_start_year"] == doc["plan_start_year"], (view, dict(row))
                    assert row[f"{prefix}plan_end_year"] == doc["plan_end_year"], (view, dict(row))
                checked += expected is not None
    assert checked > 20


def test_aggregates_show_their_oldest_plan(corpus_db):  # noqa: F811
    ranks = _rows(corpus_db, "SELECT theme_id, age_years FROM council_theme_ranks")
    themes = _rows(corpus_db, "SELECT * FROM themes_by_county WHERE all_partnerships + county_wide_bodies > 0")
    assert themes
    for row in themes:
        ages = [r["age_years"] for r in ranks if r["theme_id"] == row["theme_id"] and r["age_years"] is not None]
        assert row["oldest_age_years"] == max(ages) and row["newest_age_years"] == min(ages), dict(row)
        assert row["earliest_plan_start_year"] == THIS_YEAR - max(ages), dict(row)
    peers = _rows(corpus_db, "SELECT p.*, lp.age_years AS plan_age FROM peers p "
                             "JOIN latest_plans lp ON lp.council = p.peer")  # fmt: skip
    assert peers and all(p["peer_age_years"] == p["plan_age"] for p in peers)
    for row in _rows(corpus_db, "SELECT * FROM funding_by_council_year"):
        start = int(row["period"][:4]) if row["period"] != "unknown" else None
        assert row["period_start_year"] == start and row["age_years"] == (THIS_YEAR - start if start else None)

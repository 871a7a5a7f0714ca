"""funding_by_council_year adds up money a journalist can quote: relevant, distinct sums, no
totals, no rows without a council, each figure linked to the rows behind it (issue 12)."""
from __future__ import annotations

import re

from extractor import store
from tests.helpers import get
from extractor.publish import serve

TEXT = "Community safety money."


def _sum(amount, period="2023-24", high=None, total=False, rules=("funding.money",), purpose="CCTV"):
    return {"amount_gbp": amount, "amount_high_gbp": high, "amount_text": f"£{amount:,}", "is_total": total,
            "period": period, "funder": "Police and Crime Commissioner", "purpose": purpose, "recipient": None,
            "page": 1, "char_start": 0, "char_end": 9, "quote": TEXT[:9], "confidence": 0.9, "rules": list(rules)}


def _save(db, sha, council, funding):
    document = {"council": council, "county": "Kent" if council else None}
    result = {"text": TEXT, "pages": 1, "document": document, "funding": funding}
    store.save_document(db, result, sha * 64, f"/r/{sha}.txt")


def _rows(db):
    return [dict(r) for r in db.query("SELECT * FROM funding_by_council_year")]


def test_totals_unrelated_sums_and_rows_without_a_council_are_not_added(db):
    _save(db, "a", "Dover District Council", [
        _sum(20_000), _sum(30_000, purpose="wardens"), _sum(50_000, total=True),
        _sum(1_000_000, rules=("funding.unrelated",))])
    _save(db, "b", None, [_sum(70_000)])
    [row] = _rows(db)
    assert (row["council"], row["period"], row["total_gbp"], row["items"], row["repeats"]) == (
        "Dover District Council", "2023-24", 50_000, 2, 0)
    ids = [r[0] for r in db.execute("SELECT id FROM funding WHERE amount_gbp IN (20000, 30000) ORDER BY id")]
    assert sorted(int(i) for i in row["funding_ids"].split(",")) == ids


def test_the_same_sum_for_the_same_year_in_two_reports_is_added_once_and_both_rows_are_linked(db):
    _save(db, "a", "Dover District Council", [_sum(20_000)])
    _save(db, "b", "Dover District Council", [_sum(20_000), _sum(5_000, period=None)])
    rows = {r["period"]: r for r in _rows(db)}
    assert (rows["2023-24"]["total_gbp"], rows["2023-24"]["items"], rows["2023-24"]["repeats"]) == (20_000, 1, 1)
    assert len(rows["2023-24"]["funding_ids"].split(",")) == 2
    assert rows["unknown"]["total_gbp"] == 5_000


def test_a_range_adds_its_low_end_to_the_total_and_its_high_end_to_the_high_total(db):
    _save(db, "a", "Dover District Council", [_sum(20_000, high=30_000), _sum(5_000)])
    [row] = _rows(db)
    assert (row["total_gbp"], row["total_high_gbp"], row["items"]) == (25_000, 35_000, 2)


def test_the_rows_behind_a_figure_are_one_click_away(db, tmp_path):
    _save(db, "a", "Dover District Council", [_sum(20_000), _sum(30_000)])
    app = serve.build_app(tmp_path / "csp.db")
    html = get(app, "/csp/funding_by_council_year").text
    [row] = _rows(db)
    assert f'href="/csp/funding?id__in={row["funding_ids"]}"' in html and ">2 rows</a>" in html
    rows = get(app, f"/csp/funding?id__in={row['funding_ids']}").text
    assert "£20,000" in rows and "£30,000" in rows  # each row links to its page: the PDF at #page=N, else the page view
    assert "#page=1" in rows or re.search(r'href="/-/csp-page/csp/[0-9a-f]+/1', rows)


def test_a_national_pot_is_listed_but_not_added_to_the_councils_money(db):
    _save(db, "a", "Dover District Council", [_sum(20_000), _sum(50_000_000, rules=("funding.money", "funding.national"))])
    [row] = _rows(db)
    assert (row["total_gbp"], row["items"]) == (20_000, 1)
    assert db.execute("SELECT COUNT(*) FROM funding").fetchone()[0] == 2


def test_a_part_of_a_sum_already_counted_is_listed_but_not_added_again(db):
    _save(db, "a", "Dover District Council", [_sum(2_458_000), _sum(1_400_000, rules=("funding.money", "funding.part"))])
    [row] = _rows(db)
    assert (row["total_gbp"], row["items"]) == (2_458_000, 1)

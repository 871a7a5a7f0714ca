"""The views of the database (SQL, in creation order): latest plans, the priority matrix, themes
by county, money, changes and follow-through.  ``{theme_columns}`` in priority_matrix is filled
from the themes table by :func:`matrix_columns`.

The comparison views that aggregate are kept as tables (:mod:`extractor.store.summaries`): their
SQL here is the definition, filled by :func:`definition` either for the whole database (the
view's query as it always was) or for one council (``{only:COLUMN}`` becomes ``COLUMN IS
:council``), which is how a council's rows are refreshed when one of its documents is saved.
"""
from __future__ import annotations

from typing import Iterable


# A plan's period as people write it: 2020-24, 2024-25, or the meeting year when unknown.
# The year a document stands for: its plan's first year, or the meeting year.
_YEAR = "COALESCE(d.plan_start_year, CAST(substr(d.meeting_date, 1, 4) AS INTEGER))"
_PLAN = (
    "CASE WHEN d.plan_start_year IS NULL THEN substr(d.meeting_date, 1, 4) "
    "WHEN d.plan_end_year IS NULL OR d.plan_end_year = d.plan_start_year "
    "THEN CAST(d.plan_start_year AS TEXT) "
    "ELSE d.plan_start_year || '-' || substr(CAST(d.plan_end_year AS TEXT), 3, 2) END"
)


# How old a plan is: the years since the year it stands for (_YEAR), counted from today.  Every
# comparison shows it beside the plan's period (tests/test_plan_ages.py); a column whose name ends
# in ``age_years`` is kept in a summary table as the year it counts from, so it stays current.
_THIS_YEAR = "CAST(strftime('%Y', 'now') AS INTEGER)"
_AGE = f"{_THIS_YEAR} - {_YEAR}"


def _plan(alias: str) -> str:
    """_PLAN for a documents table called ``alias``."""
    return _PLAN.replace("d.", f"{alias}.")


def _age(alias: str) -> str:
    """_AGE for a documents table called ``alias``."""
    return _AGE.replace("d.", f"{alias}.")


def _period(alias: str, prefix: str = "") -> str:
    """The period's first and last years of documents table ``alias``, then its age, as columns
    named ``{prefix}plan_start_year``, ``{prefix}plan_end_year`` and ``{prefix}age_years``."""
    return (f"{alias}.plan_start_year AS {prefix}plan_start_year, {alias}.plan_end_year AS {prefix}plan_end_year, "
            f"{_age(alias)} AS {prefix}age_years")


# A funding row's financial year ("2019-20" or "2019", as normalise/periods.py prints it): its
# first and last years ("unknown" or another text: empty).
_FY = "year"
_FY_START = f"CASE WHEN {_FY} GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr({_FY}, 1, 4) AS INTEGER) END"
_FY_END = (
    f"CASE WHEN {_FY} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]' THEN {_FY_START} - {_FY_START} % 100"
    f" + CAST(substr({_FY}, 6, 2) AS INTEGER) + 100 * (CAST(substr({_FY}, 6, 2) AS INTEGER) < {_FY_START} % 100)"
    f" WHEN {_FY} GLOB '[0-9][0-9][0-9][0-9]' THEN {_FY_START} END"
)

# How many councils of the same type, nearest in population, are a council's peers (view peers).
PEERS_BY_TYPE = 5

# what_changed lists additions first, then drops, renames, re-rankings and what was kept.
_CHANGE_ORDER = (
    "CASE c.change WHEN 'added' THEN 1 WHEN 'dropped' THEN 2 WHEN 'renamed' THEN 3 "
    "WHEN 're-ranked' THEN 4 ELSE 5 END"
)

# The peers view's pairs of councils: ``{in_county:a.county}`` keeps the councils of one county
# (extractor/store/summaries.py refreshes a county's pairs), or all of them.
_PEER_PAIRS = f"""
WITH c AS (
  SELECT name, county, type, population, COALESCE(kind IN ('county', 'pcc'), 0) AS county_wide
  FROM councils
), pairs AS (
  SELECT a.name AS council, b.name AS peer, 1 AS by_county, 0 AS by_type
  FROM c a JOIN c b ON b.county = a.county AND b.name != a.name AND b.county_wide = a.county_wide
  WHERE {{in_county:a.county}}
  UNION ALL
  SELECT council, peer, 0, 1 FROM (
    SELECT a.name AS council, b.name AS peer, ROW_NUMBER() OVER (
      PARTITION BY a.name ORDER BY abs(b.population - a.population), b.name) AS n
    FROM c a JOIN c b ON b.type = a.type AND b.name != a.name AND b.population IS NOT NULL
    WHERE a.population IS NOT NULL AND {{in_county:a.county}}
  ) WHERE n <= {PEERS_BY_TYPE}
)"""
_PEER_REASON = (
    "CASE WHEN MAX(pr.by_county) AND MAX(pr.by_type) THEN 'same county; same type, nearest population'\n"
    "       WHEN MAX(pr.by_county) THEN 'same county' ELSE 'same type, nearest population' END"
)
# What the peers summary table stores: each pair without the peer's plan (joined when read),
# with the view's order (by_county, distance).
PEER_PAIRS = _PEER_PAIRS + f"""
SELECT pr.council, pr.peer, {_PEER_REASON} AS reason,
  pc.county AS peer_county, pc.type AS peer_type, pc.population AS peer_population,
  pc.population - cc.population AS population_difference,
  MAX(pr.by_county) AS by_county, abs(pc.population - cc.population) AS distance
FROM pairs pr
JOIN councils cc ON cc.name = pr.council
JOIN councils pc ON pc.name = pr.peer
GROUP BY pr.council, pr.peer"""

# Views, in creation order (later ones use earlier ones).  ``{theme_columns}`` in
# priority_matrix is filled from the themes table: one column per theme.
VIEWS: dict[str, str] = {
    # A council's plan of record: a document that lists ranked priorities beats one that names
    # some in passing (a covering report, minutes), then the latest period, the latest meeting,
    # the most complete list; ties go to the latest ingest, then the document id.  The same
    # preference as ``changes`` (store/changes.py: in_passing).  ``age_years``: how old the plan is.
    "latest_plans": f"""
SELECT council, county, document_id, plan, plan_start_year, plan_end_year, age_years, priorities FROM (
  SELECT d.council, d.county, d.id AS document_id, {_PLAN} AS plan, {_period('d')},
    (SELECT COUNT(*) FROM priorities p WHERE p.document_id = d.id) AS priorities,
    ROW_NUMBER() OVER (
      PARTITION BY d.council
      ORDER BY EXISTS (SELECT 1 FROM priorities p WHERE p.document_id = d.id AND p.rank IS NOT NULL) DESC,
               {_YEAR} DESC,
               d.meeting_date DESC,
               (SELECT COUNT(*) FROM priorities p WHERE p.document_id = d.id) DESC,
               d.ingested_at DESC, d.id
    ) AS n
  FROM documents d
  WHERE d.council IS NOT NULL AND {{only:d.council}}
    AND EXISTS (SELECT 1 FROM priorities p WHERE p.document_id = d.id)
) WHERE n = 1""",
    "council_theme_ranks": """
SELECT lp.council, lp.county, lp.plan, lp.plan_start_year, lp.plan_end_year, lp.age_years, pt.theme_id, t.label AS theme, p.rank,
  p.text AS priority, pt.is_main, p.document_id, p.page, p.id AS priority_id
FROM latest_plans lp
JOIN priorities p ON p.document_id = lp.document_id
JOIN priority_themes pt ON pt.priority_id = p.id
JOIN themes t ON t.id = pt.theme_id
WHERE {only:lp.council}""",
    "priority_matrix": """
SELECT council, county, plan, plan_start_year, plan_end_year, age_years,
  COUNT(DISTINCT priority_id) AS priorities{theme_columns}, document_id
FROM council_theme_ranks
WHERE {only:council}
GROUP BY council, county, plan, plan_start_year, plan_end_year, age_years, document_id""",
    # District partnerships are counted apart from county-wide bodies (a county council's
    # agreement, a police and crime commissioner), which cover the districts' areas.  The plans
    # counted span earliest_plan_start_year (a plan naming no period: its meeting's year) to
    # latest_plan_end_year; oldest_age_years is the age of the oldest, newest_age_years the newest's.
    "themes_by_county": f"""
SELECT t.id AS theme_id, t.label AS theme,
  COUNT(DISTINCT CASE WHEN ct.county = 'Kent' AND NOT ct.county_wide THEN ct.council END) AS kent_partnerships,
  COUNT(DISTINCT CASE WHEN ct.county = 'Surrey' AND NOT ct.county_wide THEN ct.council END) AS surrey_partnerships,
  COUNT(DISTINCT CASE WHEN NOT ct.county_wide THEN ct.council END) AS all_partnerships,
  COUNT(DISTINCT CASE WHEN ct.county_wide THEN ct.council END) AS county_wide_bodies,
  MIN({_THIS_YEAR} - ct.age_years) AS earliest_plan_start_year,
  MAX(COALESCE(ct.plan_end_year, {_THIS_YEAR} - ct.age_years)) AS latest_plan_end_year,
  MAX(ct.age_years) AS oldest_age_years, MIN(ct.age_years) AS newest_age_years,
  group_concat(DISTINCT ct.council) AS councils
FROM themes t LEFT JOIN (
  SELECT r.*, COALESCE(c.kind IN ('county', 'pcc'), 0) AS county_wide
  FROM council_theme_ranks r LEFT JOIN councils c ON c.name = r.council
) ct ON ct.theme_id = t.id
GROUP BY t.id, t.label
ORDER BY all_partnerships DESC, t.label""",
    "priorities_over_time": f"""
SELECT d.council, d.county, {_PLAN} AS plan, {_period('d')},
  d.meeting_date, p.rank, p.text AS priority, t.label AS main_theme,
  (SELECT group_concat(t2.label, '; ') FROM priority_themes pt2
     JOIN themes t2 ON t2.id = pt2.theme_id WHERE pt2.priority_id = p.id) AS themes,
  d.title AS document, p.page, p.document_id, p.id AS priority_id
FROM priorities p
JOIN documents d ON d.id = p.document_id
LEFT JOIN themes t ON t.id = p.main_theme
ORDER BY d.council, {_YEAR},
  d.meeting_date, p.rank""",
    # Money a journalist can add up: per council and year, each distinct sum once (the same amount
    # for the same council and year in several reports is one sum, counted in ``repeats``), never
    # a total of other rows (is_total), never a sum kept only as unrelated to community safety,
    # never a row without a council.  A range adds its low end to total_gbp and its high end to
    # total_high_gbp.  funding_ids lists every row behind the figure (each with its page).  The
    # financial year's first and last years, and its age, stand beside it ("unknown": empty).
    "funding_by_council_year": f"""
WITH counted AS (
  SELECT f.*, COALESCE(f.period, 'unknown') AS year,
    ROW_NUMBER() OVER (
      PARTITION BY f.council, COALESCE(f.period, 'unknown'), f.amount_gbp,
        COALESCE(f.amount_high_gbp, f.amount_gbp)
      ORDER BY f.id) AS copy
  FROM funding f
  WHERE f.council IS NOT NULL AND NOT COALESCE(f.is_total, 0)
    AND COALESCE(f.rules, '') NOT LIKE '%funding.unrelated%' AND COALESCE(f.rules, '') NOT LIKE '%funding.national%'
    AND COALESCE(f.rules, '') NOT LIKE '%funding.part%'
    AND {{only:f.council}}
)
SELECT council, county, year AS period,
  {_FY_START} AS period_start_year, {_FY_END} AS period_end_year, {_THIS_YEAR} - {_FY_START} AS age_years,
  SUM(CASE WHEN copy = 1 THEN amount_gbp END) AS total_gbp,
  SUM(CASE WHEN copy = 1 THEN COALESCE(amount_high_gbp, amount_gbp) END) AS total_high_gbp,
  SUM(copy = 1) AS items, COUNT(*) - SUM(copy = 1) AS repeats,
  group_concat(DISTINCT funder) AS funders,
  group_concat(DISTINCT purpose) AS purposes,
  group_concat(id) AS funding_ids
FROM counted
GROUP BY council, county, year
ORDER BY council, period""",
    "recommendations_by_body_action": """
SELECT COALESCE(r.addressee, 'unknown') AS body, a.value AS action,
  COUNT(*) AS recommendations, COUNT(DISTINCT r.council) AS councils,
  group_concat(DISTINCT r.council) AS council_names
FROM recommendations r, json_each(COALESCE(r.actions, '[]')) a
GROUP BY COALESCE(r.addressee, 'unknown'), a.value
ORDER BY recommendations DESC, body, action""",
    "risk_register": """
SELECT r.council, r.county, r.risk, r.description, r.mitigation, r.rating,
  d.title AS document, d.meeting_date, r.page, r.document_id, r.id AS risk_id
FROM risks r JOIN documents d ON d.id = r.document_id
ORDER BY r.council, d.meeting_date, r.rating IS NULL, r.rating, r.id""",
    "items": """
SELECT 'priority' AS kind, id AS item_id, document_id, council, county,
  text, page, quote FROM priorities
UNION ALL
SELECT 'recommendation', id, document_id, council, county, text, page, quote
  FROM recommendations
UNION ALL
SELECT 'risk', id, document_id, council, county,
  risk || COALESCE(' — ' || mitigation, ''), page, quote FROM risks
UNION ALL
SELECT 'funding', id, document_id, council, county,
  COALESCE(amount_text, '£' || amount_gbp) || COALESCE(' — ' || purpose, ''), page, quote
  FROM funding
UNION ALL
SELECT 'decision', id, document_id, council, county, text, page, quote FROM decisions""",
    "what_changed": f"""
SELECT c.council, c.county, c.pair, {_plan('fd')} AS from_plan, {_plan('td')} AS to_plan,
  {_age('fd')} AS from_age_years, {_age('td')} AS to_age_years, c.change, c.from_rank, c.from_text AS from_priority, c.to_rank, c.to_text AS to_priority,
  c.detail, c.score, ft.label AS from_theme, tt.label AS to_theme,
  fd.title AS from_document, fd.meeting_date AS from_date,
  fd.plan_start_year AS from_plan_start_year, fd.plan_end_year AS from_plan_end_year, c.from_page, c.from_document_id,
  td.title AS to_document, td.meeting_date AS to_date,
  td.plan_start_year AS to_plan_start_year, td.plan_end_year AS to_plan_end_year, c.to_page, c.to_document_id,
  c.id AS change_id
FROM priority_changes c
JOIN documents fd ON fd.id = c.from_document_id
JOIN documents td ON td.id = c.to_document_id
LEFT JOIN themes ft ON ft.id = c.from_theme
LEFT JOIN themes tt ON tt.id = c.to_theme
WHERE {{only:c.council}}
ORDER BY c.council, c.pair, {_CHANGE_ORDER}, COALESCE(c.to_rank, c.from_rank), c.id""",
    # The report's plan (its period, else its meeting's year) and the age of that plan.
    "recommendation_follow_through": f"""
SELECT o.council, o.county, rd.title AS report, rd.meeting_date AS report_date,
  {_plan('rd')} AS plan, {_period('rd')},
  r.addressee AS asked, r.actions, o.recommendation_quote, o.status, o.score, o.reason,
  c.body AS decided_by, dd.meeting_date AS decision_date, o.decision_quote,
  o.recommendation_page, o.recommendation_document_id,
  o.decision_page, o.decision_document_id, o.recommendation_id, o.decision_id
FROM recommendation_outcomes o
JOIN recommendations r ON r.id = o.recommendation_id
JOIN documents rd ON rd.id = o.recommendation_document_id
LEFT JOIN decisions c ON c.id = o.decision_id
LEFT JOIN documents dd ON dd.id = o.decision_document_id
WHERE {{only:o.council}}
ORDER BY o.council IS NULL, o.council, rd.meeting_date, o.recommendation_id""",
    "theme_trends": f"""
SELECT {_YEAR} AS year,
  COALESCE(d.county, 'unknown') AS county, pt.theme_id, t.label AS theme,
  COUNT(DISTINCT d.council) AS partnerships, COUNT(DISTINCT p.id) AS priorities,
  SUM(pt.is_main) AS as_main_theme, COUNT(DISTINCT d.id) AS documents,
  group_concat(DISTINCT d.council) AS councils
FROM priorities p
JOIN documents d ON d.id = p.document_id
JOIN priority_themes pt ON pt.priority_id = p.id
JOIN themes t ON t.id = pt.theme_id
WHERE {_YEAR} IS NOT NULL
GROUP BY 1, 2, pt.theme_id, t.label
ORDER BY year, county, partnerships DESC, theme""",
    # Each council's peers: the other councils of its ceremonial county at its own level (a
    # district beside districts and unitaries, a county council beside commissioners), and the
    # PEERS_BY_TYPE councils of its type with the nearest population anywhere in England (ties:
    # by name).  One row per pair; a peer that is both says so.  peer_plan: the period of the peer's
    # plan of record (latest_plans; 'undated'), empty when it has no documents with priorities.
    "peers": _PEER_PAIRS + """
SELECT pr.council, pr.peer, """ + _PEER_REASON + """ AS reason,
  pc.county AS peer_county, pc.type AS peer_type, pc.population AS peer_population,
  pc.population - cc.population AS population_difference,
  CASE WHEN lp.council IS NOT NULL THEN COALESCE(lp.plan, 'undated') END AS peer_plan,
  lp.plan_start_year AS peer_plan_start_year, lp.plan_end_year AS peer_plan_end_year,
  lp.age_years AS peer_age_years
FROM pairs pr
JOIN councils cc ON cc.name = pr.council
JOIN councils pc ON pc.name = pr.peer
LEFT JOIN latest_plans lp ON lp.council = pr.peer
GROUP BY pr.council, pr.peer
ORDER BY pr.council, MAX(pr.by_county) DESC, abs(pc.population - cc.population), pr.peer""",
}


def matrix_columns(themes: Iterable[tuple[str, str]]) -> str:
    """One column per theme: the best rank of the council's priorities naming that theme (an
    integer, so the column sorts 1, 2, ... 10; SQLite sorts numbers before text), or a tick
    when they name it without a rank."""
    parts = []
    for theme_id, label in themes:
        tid = theme_id.replace("'", "''")
        col = label.replace('"', '""')
        parts.append(
            f",\n  COALESCE(MIN(CASE WHEN theme_id = '{tid}' THEN rank END),"
            f" CASE WHEN SUM(theme_id = '{tid}') > 0 THEN '✓' END) AS \"{col}\""
        )
    return "".join(parts)


class _Only:
    """``{only:d.council}`` in a definition: a filter on one council, or 1 (every council)."""

    def __init__(self, template: str = ""):
        self.template = template

    def __format__(self, column: str) -> str:
        return self.template.format(column) if self.template else "1"


EVERY = {"only": _Only(), "in_county": _Only()}
ONE_COUNCIL = {
    "only": _Only("{} IS :council"),
    "in_county": _Only("{} = (SELECT county FROM councils WHERE name = :council)"),
}


def definition(sql: str, theme_rows: Iterable[tuple[str, str]] = (), council: bool = False) -> str:
    """A view's SQL (VIEWS[name], or PEER_PAIRS) for every council, or for the one given as
    ``:council``; ``theme_rows`` (id, label) make the priority matrix's columns."""
    filters = ONE_COUNCIL if council else EVERY
    return sql.format(theme_columns=matrix_columns(theme_rows), **filters).strip()

"""The comparison views that aggregate, kept as tables so that the site answers from an index
instead of recomputing them over every document on each request.

Each view named in ``SUMMARIES`` (latest_plans, council_theme_ranks, priority_matrix,
themes_by_county, funding_by_council_year, what_changed, recommendation_follow_through, peers)
keeps its name and columns: it becomes ``SELECT ... FROM summary_<name>``, a table holding the
rows its definition (:mod:`extractor.store.views`) gives.  :func:`refresh_summaries` recomputes
one council's rows (inside the transaction that saved its document: see
:func:`extractor.store.derived.refresh_council`), in order, since later ones read earlier ones;
``themes_by_county`` (one row per theme) is recomputed whole.  ``peers`` holds pairs of councils,
which documents do not change: :func:`refresh_peers` recomputes those of a county when a save adds
a council to it, and all of them when a new register of councils is loaded.  A column whose name
ends in ``age_years`` (a plan's age, which every comparison shows) is stored as the year it counts
from (``..._age_from_year``) and the view computes the age from it, so that ages stay current.

:func:`ensure_summaries` (called by ``ensure_schema``) creates the tables, their indexes and
views; when a definition changes (a new version, or the themes and so the matrix's columns) the
view's SQL changes with it (it carries a hash of the definition), and every table is rebuilt from
the definitions (:func:`rebuild_summaries`).
"""
from __future__ import annotations

import hashlib
from typing import Iterable, NamedTuple

from .views import PEER_PAIRS, VIEWS, definition

PREFIX = "summary_"
_CHANGE_ORDER = (
    "CASE change WHEN 'added' THEN 1 WHEN 'dropped' THEN 2 WHEN 'renamed' THEN 3 "
    "WHEN 're-ranked' THEN 4 ELSE 5 END"
)
_THIS_YEAR = "CAST(strftime('%Y', 'now') AS INTEGER)"


class Summary(NamedTuple):
    """A view kept as a table.  ``scope``: whose rows one refresh recomputes (``council``,
    ``county``: the pairs of the councils of its county, ``all``); ``stored``: the table's
    columns from the definition's, and ``view``: the view's columns from the table ``s`` (None:
    each column as it is, but ages: see :func:`_columns`); ``order``: the view's ORDER BY;
    ``indexes``: those its queries use."""

    scope: str
    stored: str | None = None
    view: str | None = None
    order: str = ""
    indexes: tuple[str, ...] = ("council",)
    source: str | None = None  # the SQL the table holds, when it is not the view's own


SUMMARIES: dict[str, Summary] = {
    "latest_plans": Summary("council", indexes=("council", "county", "document_id")),
    "council_theme_ranks": Summary("council", indexes=("council", "theme_id", "county")),
    "priority_matrix": Summary("council", indexes=("council", "county")),
    "themes_by_county": Summary("all", order="s.all_partnerships DESC, s.theme", indexes=()),
    "funding_by_council_year": Summary("council", order="s.council, s.period", indexes=("council, period", "county")),
    "what_changed": Summary(
        "council",
        order=f"s.council, s.pair, {_CHANGE_ORDER.replace('change', 's.change', 1)}, "
        "COALESCE(s.to_rank, s.from_rank), s.change_id",
        indexes=(f"council, pair, {_CHANGE_ORDER}, COALESCE(to_rank, from_rank), change_id", "county", "change"),
    ),
    "recommendation_follow_through": Summary(
        "council",
        order="s.council IS NULL, s.council, s.report_date, s.recommendation_id",
        indexes=("council IS NULL, council, report_date, recommendation_id", "county", "status"),
    ),
    "peers": Summary(
        "county",
        stored="*",
        view="s.council, s.peer, s.reason, s.peer_county, s.peer_type, s.peer_population, "
        "s.population_difference, CASE WHEN lp.council IS NOT NULL THEN COALESCE(lp.plan, 'undated') END AS peer_plan, "
        "lp.plan_start_year AS peer_plan_start_year, lp.plan_end_year AS peer_plan_end_year, "
        "lp.age_years AS peer_age_years",
        order="s.council, s.by_county DESC, s.distance, s.peer",
        indexes=("council, by_county DESC, distance, peer", "peer"),
        source=PEER_PAIRS,
    ),
}
_JOINS = {"peers": "LEFT JOIN latest_plans lp ON lp.council = s.peer"}


def table_name(name: str) -> str:
    return PREFIX + name


def _kept(column: str) -> str:
    """The stored name of an age column: the year the age counts from."""
    return column[: -len("age_years")] + "age_from_year"


def _columns(db, name: str, theme_rows) -> tuple[str, str]:
    """(stored, view): the table's columns from the definition's, and the view's from the table
    ``s``.  Each column is kept as it is, but a plan's age (``*age_years``), which would go stale
    in a table: the table keeps the year it counts from, and the view counts the years since."""
    spec = SUMMARIES[name]
    if spec.view is not None:
        return spec.stored or "*", spec.view
    sql = definition(spec.source or VIEWS[name], theme_rows)
    names = [c[0] for c in db.execute(f"SELECT * FROM (\n{sql}\n) LIMIT 0").description]
    aged = {c for c in names if c.endswith("age_years")}
    stored = [f"{_THIS_YEAR} - [{c}] AS [{_kept(c)}]" if c in aged else f"[{c}]" for c in names]
    view = [f"{_THIS_YEAR} - s.[{_kept(c)}] AS [{c}]" if c in aged else f"s.[{c}]" for c in names]
    return ", ".join(stored), ", ".join(view)


def _source(db, name: str, theme_rows, council: bool) -> str:
    """The SQL whose rows the table holds (for one council when ``council``)."""
    spec = SUMMARIES[name]
    sql = definition(spec.source or VIEWS[name], theme_rows, council)
    return f"SELECT {_columns(db, name, theme_rows)[0]} FROM (\n{sql}\n)"


def view_sql(db, name: str, theme_rows: Iterable[tuple[str, str]]) -> str:
    """The view over the table, carrying a hash of what the table holds (a changed definition
    changes the view, which :func:`ensure_summaries` takes as the sign to rebuild)."""
    spec = SUMMARIES[name]
    theme_rows = list(theme_rows)
    digest = hashlib.sha256(_source(db, name, theme_rows, False).encode()).hexdigest()[:16]
    columns = _columns(db, name, theme_rows)[1]
    sql = f"SELECT {columns} FROM [{table_name(name)}] s {_JOINS.get(name, '')}".rstrip()
    if spec.order:
        sql += f" ORDER BY {spec.order}"
    return f"{sql} /* kept as a table by extractor/store/summaries.py; definition {digest} */"


def _create_table(db, name: str, theme_rows) -> None:
    table = table_name(name)
    db.execute(f"DROP TABLE IF EXISTS [{table}]")
    db.execute(f"CREATE TABLE [{table}] AS {_source(db, name, theme_rows, False)} LIMIT 0")
    for n, columns in enumerate(SUMMARIES[name].indexes):
        db.execute(f"CREATE INDEX [idx_{table}_{n}] ON [{table}] ({columns})")


def ensure_summaries(db, theme_rows: list[tuple[str, str]], created_views) -> bool:
    """Create the table, indexes and view of every summary whose view is missing or outdated
    (``created_views(name, sql)`` creates or replaces a view and returns whether it changed),
    in order; when any was, rebuild them all.  Returns whether they were rebuilt."""
    changed = False
    for name in VIEWS:
        if name not in SUMMARIES:
            continue
        sql = view_sql(db, name, theme_rows)
        exists = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                            [table_name(name)]).fetchone()  # fmt: skip
        if changed or not exists or _view_differs(db, name, sql):
            _create_table(db, name, theme_rows)
            created_views(name, sql)
            changed = True
    if changed:
        rebuild_summaries(db)
    return changed


def _view_differs(db, name: str, sql: str) -> bool:
    current = db.execute("SELECT sql FROM sqlite_master WHERE type = 'view' AND name = ?", [name]).fetchone()
    return not (current and current[0].endswith(sql))


def matrix_theme_rows(db) -> list[tuple[str, str]]:
    """The themes the stored priority matrix has a column for (a theme a save added after the
    schema was applied gets its column at the next ``ensure_schema``)."""
    table = table_name("priority_matrix")
    columns = {r[1] for r in db.execute(f"PRAGMA table_info([{table}])")}
    rows = db.execute("SELECT id, label FROM themes ORDER BY id = 'other', label").fetchall()
    return [(r[0], r[1]) for r in rows if r[1] in columns]


def _fill(db, name: str, theme_rows, council: str | None, one: bool) -> None:
    table = table_name(name)
    scope = SUMMARIES[name].scope
    params = {"council": council} if one else {}
    if not one or scope == "all":
        db.execute(f"DELETE FROM [{table}]")
        db.execute(f"INSERT INTO [{table}] {_source(db, name, theme_rows, False)}")
        return
    if scope == "county":
        db.execute(f"DELETE FROM [{table}] WHERE council IN (SELECT name FROM councils WHERE county = "
                   "(SELECT county FROM councils WHERE name = :council))", params)  # fmt: skip
    else:
        db.execute(f"DELETE FROM [{table}] WHERE council IS :council", params)
    db.execute(f"INSERT INTO [{table}] {_source(db, name, theme_rows, True)}", params)


def refresh_peers(db, council: str | None = None) -> None:
    """Recompute the pairs of the peers table: all of them (the councils table was loaded
    again), or those of the councils of ``council``'s county (a save added that council or gave
    it its county).  Documents never change them: the peer's plan is read from latest_plans."""
    _fill(db, "peers", [], council, council is not None)


def councils_fingerprint(db) -> str:
    """A hash of what the peers are computed from (so that a reload that changed nothing costs
    nothing)."""
    rows = db.execute("SELECT name, county, kind, type, population FROM councils ORDER BY name").fetchall()
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def refresh_summaries(db, council: str | None) -> None:
    """Recompute one council's rows of every summary table but peers (which a document does not
    change: :func:`refresh_peers`); call inside the saving transaction, after the derived tables."""
    theme_rows = matrix_theme_rows(db)
    for name, spec in SUMMARIES.items():
        if spec.scope != "county":
            _fill(db, name, theme_rows, council, True)


def rebuild_summaries(db) -> None:
    """Recompute every summary table from its definition, over the whole database."""
    theme_rows = matrix_theme_rows(db)
    for name in SUMMARIES:
        _fill(db, name, theme_rows, None, False)


def old_query(name: str, theme_rows: Iterable[tuple[str, str]]) -> str:
    """What the view computed before it was kept as a table: its definition over the whole
    database, reading the definitions (not the tables) of the summaries before it, as CTEs."""
    theme_rows = list(theme_rows)
    order = list(VIEWS)
    earlier = [n for n in SUMMARIES if order.index(n) < order.index(name)]
    ctes = [f"[{n}] AS (SELECT * FROM (\n{definition(VIEWS[n], theme_rows)}\n))" for n in earlier]
    body = f"SELECT * FROM (\n{definition(VIEWS[name], theme_rows)}\n)"
    return ("WITH " + ",\n".join(ctes) + "\n" if ctes else "") + body

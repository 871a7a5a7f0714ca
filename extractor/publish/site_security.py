"""Security of the served and published site, used by the Datasette plugin (``csp_plugin.py``).

- every response carries ``X-Frame-Options: DENY``, ``X-Content-Type-Options: nosniff`` and a
  Content-Security-Policy (:func:`content_security_policy`): scripts only from this site, plus
  the inline scripts Datasette and the chart plugin write themselves, allowed by their SHA-256
  (:func:`trusted_inline_script`); the chart page also gets ``'unsafe-eval'``, which Vega needs
  to compile its expressions.  A response that sets its own policy (a sandboxed saved web page)
  keeps it, and a PDF gets none (Chromium's PDF viewer does not load under one);
- with arbitrary SQL off (the published copy, unless exported with ``--allow-sql``), a request
  with ``sql=`` runs only when the SQL is one of the chart queries of the dashboards, and
  ``_where=`` (an SQL fragment on a table page) is refused (:func:`refused_sql`);
- each SQLite connection is capped (:func:`limit_connection`): a value's size, the SQLite heap of
  the process and the bytes a single query may return to Python;
- ``Content-Disposition`` names a file as RFC 6266 and RFC 5987 ask (:func:`content_disposition`).

Datasette loads every file of the plugins folder, so this file registers its own hooks
(``asgi_wrapper``, ``prepare_connection``, ``handle_exception``) and needs nothing but the
standard library and Datasette (a published copy has no csp-extract installed); ``csp_plugin.py``
loads it by path for :func:`content_disposition` and :func:`safe_redirect`.
"""
from __future__ import annotations

import base64
import hashlib
import itertools
import re
import sqlite3
import urllib.parse
import weakref
from pathlib import Path

from datasette import hookimpl
from datasette.utils.asgi import Response

# A single value (string or blob) SQLite may build or return; the largest documents.text of a
# 300-page report is about 1 MB.
VALUE_BYTES = 32_000_000
# All SQLite memory of the process (PRAGMA hard_heap_limit): past it a query fails, out of memory.
HEAP_BYTES = 256_000_000
# The text and blob bytes one query may hand to Python (Datasette keeps up to
# max_returned_rows rows of it in memory, and then renders them).
RESULT_BYTES = 100_000_000
SQL_OFF_MESSAGE = (
    "Arbitrary SQL is off on this copy of the site: use the tables, views, searches and "
    "canned queries (the publisher can allow it with csp-extract serve --export DIR --allow-sql)."
)
DASHBOARDS_PATH = "/-/dashboards/"
BASE_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
HEADERS = {"x-frame-options": "DENY", "x-content-type-options": "nosniff",
           "referrer-policy": "same-origin"}  # fmt: skip
NO_POLICY_TYPES = ("application/pdf",)

_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc\s*=)[^>]*>(.*?)</script", re.IGNORECASE | re.DOTALL)
# Inline scripts Datasette 0.65 and its plugins write, besides its template files' own
# (_close_open_menus.html, _codemirror_foot.html): the table page's facet flag, and the body
# script of datasette-leaflet (loaded by the chart plugin).
_TRUSTED_PATTERNS = [
    re.compile(r"DATASETTE_ALLOW_FACET = (true|false);"),
    re.compile(
        r"\s*window\.datasette = window\.datasette \|\| \{\};\s*datasette\.leaflet = \{\s*"
        r"JAVASCRIPT_URL: '[\w/.:-]+',\s*CSS_URL: '[\w/.:-]+'\s*\};\s*"
    ),
]
# The chart page's calls, one a chart: renderChart('slug', {chart as JSON}, 'query string',
# 'site url'), and on a chart's own page a fifth argument, true (full page).  Jinja's tojson
# writes no < > & or ', and a query string is URL-encoded.
_DASHBOARD_SCRIPT = re.compile(
    r"\s*(renderChart\('[\w-]+', \{[^<>&']*\}, '[^'<>\\]*', '[^'<>\\]*'(?:, (?:true|false))?\)\s*)+"
)


def _datasette_template_scripts() -> set[str]:
    try:
        import datasette
    except ImportError:  # pragma: no cover - the plugin only runs inside Datasette
        return set()
    folder = Path(datasette.__file__).parent / "templates"
    scripts = set()
    for name in ("_close_open_menus.html", "_codemirror_foot.html"):
        path = folder / name
        if path.is_file():
            scripts.update(_INLINE_SCRIPT.findall(path.read_text(encoding="utf-8")))
    return scripts


_TEMPLATE_SCRIPTS = _datasette_template_scripts()


def trusted_inline_script(text: str, dashboard: bool = False) -> bool:
    """Whether an inline script is one Datasette or the chart plugin writes (never one that a
    value in the database could have put on the page)."""
    if text in _TEMPLATE_SCRIPTS or any(p.fullmatch(text) for p in _TRUSTED_PATTERNS):
        return True
    return dashboard and _DASHBOARD_SCRIPT.fullmatch(text) is not None


def script_hashes(html: str, dashboard: bool = False) -> list[str]:
    """CSP sources ('sha256-...') for the trusted inline scripts of a page, first seen first."""
    found = (s for s in _INLINE_SCRIPT.findall(html) if trusted_inline_script(s, dashboard))
    digests = (base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode() for s in found)
    return [f"'sha256-{d}'" for d in dict.fromkeys(digests)]


def content_security_policy(html: str = "", dashboard: bool = False) -> str:
    policy = dict(BASE_POLICY)
    sources = ["'self'", *script_hashes(html, dashboard)] + (["'unsafe-eval'"] if dashboard else [])
    policy["script-src"] = " ".join(sources)
    return "; ".join(f"{k} {v}" for k, v in policy.items())


def content_disposition(disposition: str, name: str) -> str:
    """``inline; filename="..."`` with an ASCII fallback (control characters, quotes, backslashes
    and non-ASCII letters as ``_``), plus ``filename*=UTF-8''...`` when the name is not plain
    ASCII (RFC 6266, RFC 5987): no character of a name can end or add a header."""
    fallback = "".join(c if " " <= c <= "~" and c not in '"\\' else "_" for c in name) or "file"
    header = f'{disposition}; filename="{fallback}"'
    if fallback != name:
        header += f"; filename*=UTF-8''{urllib.parse.quote(name, safe='')}"
    return header


def safe_redirect(url) -> bool:
    """Whether ``url`` may be sent as a Location: an http(s) address with no control character."""
    return isinstance(url, str) and re.fullmatch(r"https?://[^\x00-\x20\x7f]+", url) is not None


# ---- SQL ----------------------------------------------------------------------------------

_OPTIONAL = re.compile(r"\[\[.*?\]\]", re.DOTALL)


def _normal_sql(sql: str) -> str:
    return " ".join(sql.split())


def query_variants(query: str) -> set[str]:
    """The SQL a dashboard chart can send: each ``[[ ... ]]`` part kept (without its brackets)
    or left out, as datasette-dashboards fills them from the page's filters."""
    parts = _OPTIONAL.findall(query)
    variants = set()
    for keep in itertools.product((False, True), repeat=len(parts)):
        sql = query
        for part, kept in zip(parts, keep):
            sql = sql.replace(part, part[2:-2] if kept else "", 1)
        variants.add(_normal_sql(sql))
    return variants


def dashboard_queries(dashboards_config) -> set[str]:
    """Every SQL text the configured dashboards run from the browser."""
    allowed = set()
    for dashboard in (dashboards_config or {}).values():
        for chart in (dashboard.get("charts") or {}).values():
            if chart.get("query"):
                allowed |= query_variants(chart["query"])
    return allowed


def refused_sql(query_string: str, allowed: set[str]) -> bool:
    """Whether a request's query string carries SQL that is not one of ``allowed`` (read as
    Datasette reads it: keys and values URL-decoded)."""
    args = urllib.parse.parse_qs(query_string, keep_blank_values=True)
    if args.get("_where"):
        return True
    return any(_normal_sql(sql) not in allowed for sql in args.get("sql", []))


# ---- SQLite limits ------------------------------------------------------------------------

_spent: weakref.WeakKeyDictionary[sqlite3.Cursor, int] = weakref.WeakKeyDictionary()


def _counting_row(cursor, row):
    size = sum(len(v) for v in row if isinstance(v, (str, bytes)))
    total = _spent.get(cursor, 0) + size
    _spent[cursor] = total
    if total > RESULT_BYTES:
        raise sqlite3.DataError(
            f"query result too large: more than {RESULT_BYTES // 1_000_000} MB of text; "
            "select fewer rows or columns"
        )
    return sqlite3.Row(cursor, row)


def limit_connection(conn) -> None:
    """Cap what one query can cost in memory: each value, SQLite's heap, the result's bytes."""
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, VALUE_BYTES)
    conn.execute(f"PRAGMA hard_heap_limit = {HEAP_BYTES}")
    conn.row_factory = _counting_row


# ---- the ASGI wrapper ---------------------------------------------------------------------


def _header(headers, name: bytes) -> bytes:
    return next((v for k, v in headers if k.lower() == name), b"")


def _with_security_headers(headers, path: str, body: bytes | None) -> list:
    headers = list(headers)
    present = {k.lower() for k, _ in headers}
    for name, value in HEADERS.items():
        if name.encode() not in present:
            headers.append([name.encode(), value.encode()])
    content_type = _header(headers, b"content-type").decode("latin-1")
    if b"content-security-policy" not in present and not content_type.startswith(NO_POLICY_TYPES):
        html = body.decode("utf-8", "replace") if body is not None else ""
        policy = content_security_policy(html, dashboard=path.startswith(DASHBOARDS_PATH))
        headers.append([b"content-security-policy", policy.encode()])
    return headers


def _is_html(headers) -> bool:
    return _header(headers, b"content-type").startswith(b"text/html")


def wrap(app, allowed_sql):
    """``app`` with security headers on every response; ``allowed_sql()`` is None when any SQL
    may run, else the set of SQL texts that may."""

    async def secured(scope, receive, send):
        if scope["type"] != "http":
            return await app(scope, receive, send)
        path = scope.get("path", "")
        allowed = allowed_sql()
        if allowed is not None and refused_sql(scope.get("query_string", b"").decode("latin-1"), allowed):
            return await _refuse(path, send)
        start, chunks = None, []

        async def send_secured(event):
            nonlocal start
            if event["type"] == "http.response.start":
                if _is_html(event.get("headers", [])):
                    start = event  # held until the body is known: its scripts are hashed
                    return
                event = dict(event, headers=_with_security_headers(event.get("headers", []), path, None))
            elif event["type"] == "http.response.body" and start is not None:
                chunks.append(event.get("body", b""))
                if event.get("more_body"):
                    return
                body = b"".join(chunks)
                await send(dict(start, headers=_with_security_headers(start.get("headers", []), path, body)))
                event = {"type": "http.response.body", "body": body}
            await send(event)

        await app(scope, receive, send_secured)

    return secured


async def _refuse(path: str, send) -> None:
    body = SQL_OFF_MESSAGE.encode()
    headers = [[b"content-type", b"text/plain; charset=utf-8"], [b"content-length", str(len(body)).encode()]]
    await send({"type": "http.response.start", "status": 403,
                "headers": _with_security_headers(headers, path, None)})  # fmt: skip
    await send({"type": "http.response.body", "body": body})


# ---- the hooks ----------------------------------------------------------------------------


def allowed_sql(datasette):
    """None when any SQL may run (``serve``; an export made with ``--allow-sql``), else the
    dashboards' own queries (``plugins: csp-extract: allow_sql: false`` in the metadata)."""
    if (datasette.plugin_config("csp-extract") or {}).get("allow_sql", True):
        return None
    return dashboard_queries(datasette.plugin_config("datasette-dashboards"))


@hookimpl
def asgi_wrapper(datasette):
    """Security headers on every response; SQL limited to the charts' when it is off."""
    return lambda app: wrap(app, lambda: allowed_sql(datasette))


@hookimpl
def prepare_connection(conn):
    limit_connection(conn)


@hookimpl
def handle_exception(exception):
    """A query past SQLite's heap limit is the reader's error (400), not the server's."""
    if isinstance(exception, MemoryError):
        return Response.text(
            "This query needs more memory than this site allows; select fewer rows or columns.",
            status=400,
        )
    return None

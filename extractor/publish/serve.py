"""Publish a csp-extract database with Datasette.

``serve`` runs ``datasette serve -i DB`` (immutable: Datasette never writes to it, and counts
rows once) on 127.0.0.1 with the metadata, canned queries and chart dashboard shipped in
``extractor/publish/``.  Datasette names a database after its file (``csp.db`` -> ``csp``); the
shipped metadata is written for ``csp`` and :func:`load_metadata` renames it for any other file.

``export_publish_files`` writes the same metadata, settings and plugin to a folder for
``datasette publish`` (see the README), with a copy of the database whose file paths are
relative (:func:`publishable_copy`), and arbitrary SQL off unless asked for.

Before opening a database immutable, ``serve`` folds a ``-wal`` file left by a killed ingest into
it (:func:`fold_wal`): an immutable reader never looks at the WAL, so it would show stale data.
"""
from __future__ import annotations

import copy
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import urllib.parse
from pathlib import Path
from typing import Any

import yaml

PUBLISH_DIR = Path(__file__).resolve().parent
METADATA_FILE = PUBLISH_DIR / "metadata.yml"
PLUGIN_FILE = PUBLISH_DIR / "csp_plugin.py"
# modules the plugin loads from beside itself: the page search's query builder, the stylesheets,
# headers and SQL limits, the document and about pages; and the corrected badge (site_corrections)
SIBLING_FILES = (PUBLISH_DIR / "search.py", PUBLISH_DIR / "styles.py", PUBLISH_DIR / "site_security.py",
                 PUBLISH_DIR / "site_pages.py", PUBLISH_DIR / "site_corrections.py")
PLUGIN_FILES = (PLUGIN_FILE, *SIBLING_FILES)
# Datasette's --template-dir of the editing site only: an item's correction forms under its row
EDIT_TEMPLATES = PUBLISH_DIR / "edit_templates"
SHIPPED_NAME = "csp"
DASHBOARD = "csp-overview"
# Pinned chart plugin: tested offline with datasette 0.65.5 (its JavaScript is bundled).
CHART_PLUGIN = "datasette-dashboards==0.8.0"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8001
# Facet suggestions run one query per column: on the 19-column priority matrix that is most of
# the time of a page (812 ms against 44 ms without, on a 5,000-document database).
# A query stops after 5 s and returns at most 1,000 rows (the plugin also caps what a query may
# hold in memory: extractor/publish/site_security.py).
SETTINGS = {"sql_time_limit_ms": "5000", "facet_time_limit_ms": "500", "suggest_facets": "off",
            "max_returned_rows": "1000"}  # fmt: skip
# Plugin configuration read by csp_plugin.py: whether any SQL may run (off in a published copy
# unless exported with --allow-sql; the charts' own queries always run).
PLUGIN_NAME = "csp-extract"
REQUIRED_TABLES = {"documents", "priorities", "themes"}


def database_name(db_path: str | Path) -> str:
    """The name Datasette gives a database file: its stem."""
    return Path(db_path).stem


def _rename(value: Any, name: str) -> Any:
    if isinstance(value, dict):
        return {k: _rename(v, name) for k, v in value.items()}
    if isinstance(value, list):
        return [_rename(v, name) for v in value]
    if isinstance(value, str):
        return value.replace(f"/{SHIPPED_NAME}/", f"/{urllib.parse.quote(name)}/")
    return value


def with_sql_allowed(metadata: dict[str, Any], allow_sql: bool) -> dict[str, Any]:
    """``metadata`` with the plugin told whether arbitrary SQL may run."""
    metadata = copy.deepcopy(metadata)
    metadata.setdefault("plugins", {})[PLUGIN_NAME] = {"allow_sql": allow_sql}
    return metadata


def load_metadata(name: str = SHIPPED_NAME) -> dict[str, Any]:
    """The shipped Datasette metadata, for a database called ``name``."""
    metadata = yaml.safe_load(METADATA_FILE.read_text(encoding="utf-8"))
    if name == SHIPPED_NAME:
        return metadata
    metadata = _rename(copy.deepcopy(metadata), name)
    metadata["databases"] = {name: metadata["databases"][SHIPPED_NAME]}
    for dashboard in (metadata.get("plugins", {}).get("datasette-dashboards") or {}).values():
        for part in list((dashboard.get("charts") or {}).values()) + list(
            (dashboard.get("filters") or {}).values()
        ):
            if part.get("db") == SHIPPED_NAME:
                part["db"] = name
    return metadata


def check_database(db_path: str | Path) -> Path:
    """Raise ValueError with the fix unless ``db_path`` is a csp-extract database."""
    path = Path(db_path)
    if not path.is_file():
        raise ValueError(
            f"{path}: no such database; create it with: csp-extract ingest REPORTS... --db {path}"
        )
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        finally:
            conn.close()
    except sqlite3.DatabaseError as e:
        raise ValueError(f"{path}: not an SQLite database ({e})") from None
    missing = REQUIRED_TABLES - tables
    if missing:
        raise ValueError(
            f"{path}: not a csp-extract database (no {', '.join(sorted(missing))} table); "
            f"create one with: csp-extract ingest REPORTS... --db {path}"
        )
    return path


def export_publish_files(
    db_path: str | Path, out_dir: str | Path, allow_sql: bool = False
) -> dict[str, Path]:
    """Write ``metadata.json`` (for this database's name, with arbitrary SQL off unless
    ``allow_sql``), ``settings.json`` (serve's settings), ``plugins/`` (the plugin and the files
    it loads) and a copy of the database with relative paths (:func:`publishable_copy`)."""
    out = Path(out_dir)
    plugins = out / "plugins"
    plugins.mkdir(parents=True, exist_ok=True)
    metadata_path = out / "metadata.json"
    metadata = with_sql_allowed(load_metadata(database_name(db_path)), allow_sql)
    metadata_path.write_text(json.dumps(metadata, indent=2, ensure_ascii=False), encoding="utf-8")
    settings_path = out / "settings.json"
    settings = {k: _setting_value(v) for k, v in SETTINGS.items()}
    settings_path.write_text(json.dumps(settings, indent=2), encoding="utf-8")
    for source in PLUGIN_FILES:
        shutil.copyfile(source, plugins / source.name)
    database = publishable_copy(db_path, out / Path(db_path).name)
    return {"metadata": metadata_path, "settings": settings_path, "plugins_dir": plugins,
            "database": database}  # fmt: skip


# Where ingest writes file paths: documents.path and ingest_log.path, and in messages.
PATH_COLUMNS = {"documents": ("path",), "ingest_log": ("path",)}
TEXT_COLUMNS = {"documents": ("warnings",), "ingest_log": ("message",)}
# An absolute path left in a message (POSIX, or a Windows drive): kept to its last part.
_ABSOLUTE = re.compile(r"(?:(?<![\w.~/])/|\b[A-Za-z]:[\\/])(?:[^\s/\\\"':]+[/\\])+(?=[^\s/\\])")


def _root(paths: list[str]) -> str:
    """The folder the absolute paths have in common ("" when there are none)."""
    folders = [os.path.dirname(p) for p in paths if os.path.isabs(p)]
    return os.path.commonpath(folders) if folders else ""


def relative_text(text, root: str):
    """``text`` with ``root/`` taken off its paths and any other absolute path cut to its last
    part."""
    if not isinstance(text, str):
        return text
    if root:
        text = text.replace(root.rstrip(os.sep) + os.sep, "")
    return _ABSOLUTE.sub("", text)


def publishable_copy(db_path: str | Path, copy_path: str | Path) -> Path:
    """A copy of the database for publishing: file paths relative to the folder the ingested
    files have in common, and no absolute path in ``documents.warnings`` or
    ``ingest_log.message``; vacuumed, so the old values are not left in free pages."""
    copy_path = Path(copy_path)
    if copy_path.resolve() == Path(db_path).resolve():
        raise ValueError(f"{copy_path}: export to another folder than the database's")
    copy_path.unlink(missing_ok=True)
    source = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    target = sqlite3.connect(copy_path)
    try:
        source.backup(target)
        _make_paths_relative(target)
        target.execute("PRAGMA journal_mode = DELETE")
        target.execute("VACUUM")
    finally:
        source.close()
        target.close()
    return copy_path


def _make_paths_relative(conn: sqlite3.Connection) -> None:
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    paths = [r[0] for t in PATH_COLUMNS if t in tables for r in conn.execute(f"SELECT path FROM {t}")]
    root = _root([p for p in paths if p])
    with conn:
        for table in tables & (PATH_COLUMNS.keys() | TEXT_COLUMNS.keys()):
            for column in PATH_COLUMNS.get(table, ()) + TEXT_COLUMNS.get(table, ()):
                rows = conn.execute(f"SELECT rowid, {column} FROM {table}").fetchall()
                changed = [(relative_text(v, root), rowid) for rowid, v in rows if relative_text(v, root) != v]
                conn.executemany(f"UPDATE {table} SET {column} = ? WHERE rowid = ?", changed)


def fold_wal(db_path: str | Path, echo=print) -> None:
    """Fold a ``-wal`` file into the database before it is opened immutable (which never reads
    the WAL), warning when it held data: a killed ingest leaves one.  Raise ValueError when an
    ingest is writing to the database now."""
    wal = Path(f"{db_path}-wal")
    if not wal.exists():
        return
    had_data = wal.stat().st_size > 0
    conn = sqlite3.connect(db_path, timeout=0.5)
    try:
        busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        if busy:
            raise sqlite3.OperationalError("database is locked")
        conn.execute("PRAGMA journal_mode = DELETE")
    except sqlite3.OperationalError:
        raise ValueError(
            f"{db_path} is being written (an ingest is running: {wal.name} is in use); serve it "
            "when the batch has finished: the site opens the database immutable and would not "
            "show the batch's rows"
        ) from None
    finally:
        conn.close()
    if had_data:
        echo(
            f"Warning: {db_path} had a {wal.name} file (an ingest was stopped before it finished); "
            "its committed rows are now in the database. Run the same ingest again to finish it."
        )


def datasette_args(
    db_path: str | Path,
    metadata_path: str | Path,
    plugins_dir: str | Path,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    edit: bool = False,
) -> list[str]:
    """The ``datasette serve`` command line for a database (immutable, with our metadata; with
    ``edit``, writable, with a sign-in link for the root actor and the correction forms' templates)."""
    args = [
        sys.executable, "-m", "datasette", "serve",
        *([str(db_path), "--root", "--template-dir", str(EDIT_TEMPLATES)] if edit else ["-i", str(db_path)]),
        "--metadata", str(metadata_path),
        "--plugins-dir", str(plugins_dir),
        "--host", host,
        "--port", str(port),
    ]  # fmt: skip
    for key, value in SETTINGS.items():
        args += ["--setting", key, value]
    return args


def publish_command(db_path: str | Path, out_dir: str | Path) -> str:
    """A ``datasette publish`` command line using files from :func:`export_publish_files`: the
    copy of the database in ``out_dir``, and serve's settings."""
    out = Path(out_dir)
    settings = " ".join(f"--setting {k} {v}" for k, v in SETTINGS.items())
    return (
        f"datasette publish cloudrun {out / Path(db_path).name} --service csp-extract "
        f"--metadata {out / 'metadata.json'} --plugins-dir {out / 'plugins'} "
        f"--install {CHART_PLUGIN} --extra-options '{settings}'"
    )


def _setting_value(value: str):
    """A --setting string as Datasette's Python API takes it."""
    return {"on": True, "off": False}.get(value, int(value) if value.isdigit() else value)


def build_app(db_path: str | Path, allow_sql: bool = True, corrections: str | Path | None = None):
    """An in-process Datasette for ``db_path`` configured exactly as ``serve`` runs it
    (used by the tests; ``app.client.get(...)`` is async); ``allow_sql=False`` as a published
    copy runs; with ``corrections`` (a corrections file), as ``serve --edit`` runs it."""
    from datasette.app import Datasette

    path = check_database(db_path)
    metadata = with_sql_allowed(load_metadata(database_name(path)), allow_sql)
    if corrections is not None:
        metadata = edit_metadata(metadata, database_name(path), corrections)
    return Datasette(
        [str(path)] if corrections is not None else [],
        immutables=[] if corrections is not None else [str(path)],
        metadata=metadata,
        plugins_dir=str(PUBLISH_DIR),
        template_dir=str(EDIT_TEMPLATES) if corrections is not None else None,
        settings={k: _setting_value(v) for k, v in SETTINGS.items()},
    )


def check_port(host: str, port: int) -> None:
    """Raise ValueError, with the fix, when another program listens on ``host:port`` already
    (before Datasette would print a raw error after 'Serving ...')."""
    import socket

    if port == 0:
        return
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError:
            raise ValueError(f"{host}:{port} is in use by another program; serve on another port with "
                             f"-p {port + 1}, or stop the other server") from None


def edit_metadata(metadata: dict[str, Any], name: str, corrections: str | Path) -> dict[str, Any]:
    """``metadata`` for the editing site: the correction forms (writable canned queries for the
    root actor) and the plugin told where the corrections file is."""
    from ..corrections.web import canned_queries

    metadata = copy.deepcopy(metadata)
    metadata["databases"][name].setdefault("queries", {}).update(canned_queries(name))
    metadata.setdefault("plugins", {}).setdefault(PLUGIN_NAME, {}).update(
        {"edit": True, "corrections_file": str(Path(corrections).resolve())})
    return metadata


def prepare_edit(db_path: Path, host: str, corrections: str | Path | None) -> Path:
    """Check that an editing site stays on this machine and bring the database's schema up to
    date (the corrections table); returns the corrections file."""
    if host != DEFAULT_HOST:
        raise ValueError(f"serve --edit listens on {DEFAULT_HOST} only (its forms write to the database); "
                         f"drop --host {host}, or serve read-only without --edit")
    from ..corrections.manage import open_database
    from ..corrections.store import default_path

    open_database(db_path).close()
    return Path(corrections) if corrections else default_path(db_path)


def serve(
    db_path: str | Path,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    export_dir: str | Path | None = None,
    echo=print,
    allow_sql: bool = False,
    edit: bool = False,
    corrections: str | Path | None = None,
) -> int:
    """Serve ``db_path`` with Datasette until interrupted; return Datasette's exit status.

    With ``export_dir``, write the publish files there (arbitrary SQL off unless ``allow_sql``)
    and print the ``datasette publish`` command instead of serving.  With ``edit``, serve it
    writable on 127.0.0.1 with the correction forms (``corrections``: the corrections file,
    default corrections.csv beside the database).
    """
    path = check_database(db_path)
    if edit:
        if export_dir is not None:
            raise ValueError("--edit serves this machine only; it cannot be combined with --export")
        corrections = prepare_edit(path, host, corrections)
    fold_wal(path, echo)
    if export_dir is not None:
        files = export_publish_files(path, export_dir, allow_sql=allow_sql)
        echo(f"Wrote {files['metadata']}, {files['settings']}, {files['database']} (file paths made "
             f"relative) and {files['plugins_dir']}/")
        echo("Publish with, for example:")
        echo("  " + publish_command(path, export_dir))
        return 0
    check_port(host, port)
    with tempfile.TemporaryDirectory(prefix="csp-serve-") as tmp:
        metadata_path = Path(tmp) / "metadata.json"
        metadata = load_metadata(database_name(path))
        if edit:
            metadata = edit_metadata(metadata, database_name(path), corrections)
        metadata_path.write_text(json.dumps(metadata, ensure_ascii=False), encoding="utf-8")
        args = datasette_args(path, metadata_path, PUBLISH_DIR, host, port, edit=edit)
        url = f"http://{host}:{port}/"
        mode = (f"for editing: corrections go to {corrections}; sign in with the link Datasette prints "
                "next, then correct an item on its row's page" if edit else "read-only")
        echo(
            f"Serving {path} at {url} ({mode}); charts at {url}-/dashboards/{DASHBOARD}. "
            "Press Ctrl+C to stop."
        )
        return run_until_stopped(args)


def run_until_stopped(args: list[str]) -> int:
    """Run Datasette until it exits, Ctrl+C, or SIGTERM; on either signal stop it too (a SIGTERM
    to ``csp-extract serve`` used to leave the Datasette child serving)."""
    child = subprocess.Popen(args)
    stopped: list[int] = []

    def stop(signum, frame):
        stopped.append(128 + signum)
        child.terminate()

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        code = child.wait()
        return stopped[0] if stopped else code
    except KeyboardInterrupt:
        child.terminate()
        child.wait(timeout=10)
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)
        if child.poll() is None:
            child.kill()

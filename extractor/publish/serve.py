"""Publish a csp-extract database with Datasette.

``serve`` runs ``datasette serve -i DB`` (immutable: Datasette never writes to it, and counts
rows once) on 127.0.0.1 with the metadata, canned queries and chart dashboard shipped in
``extractor/publish/``.  Datasette names a database after its file (``csp.db`` -> ``csp``); the
shipped metadata is written for ``csp`` and :func:`load_metadata` renames it for any other file.

``export_publish_files`` writes the same metadata and plugin to a folder for
``datasette publish`` (see the README).
"""
from __future__ import annotations

import copy
import json
import shutil
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
SEARCH_FILE = PUBLISH_DIR / "search.py"  # the page search's query builder, which the plugin loads
SITE_FILE = PUBLISH_DIR / "site_pages.py"  # the document page, the about page, hidden columns
SHIPPED_NAME = "csp"
DASHBOARD = "csp-overview"
# Pinned chart plugin: tested offline with datasette 0.65.5 (its JavaScript is bundled).
CHART_PLUGIN = "datasette-dashboards==0.8.0"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8001
# Facet suggestions run one query per column: on the 19-column priority matrix that is most of
# the time of a page (812 ms against 44 ms without, on a 5,000-document database).
SETTINGS = {"sql_time_limit_ms": "5000", "facet_time_limit_ms": "500", "suggest_facets": "off"}
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


def export_publish_files(db_path: str | Path, out_dir: str | Path) -> dict[str, Path]:
    """Write ``metadata.json`` (for this database's name), ``plugins/csp_plugin.py``, the
    ``plugins/search.py`` it loads and the ``plugins/site_pages.py`` plugin."""
    out = Path(out_dir)
    plugins = out / "plugins"
    plugins.mkdir(parents=True, exist_ok=True)
    metadata_path = out / "metadata.json"
    metadata_path.write_text(
        json.dumps(load_metadata(database_name(db_path)), indent=2, ensure_ascii=False),
        encoding="utf-8",
    )
    shutil.copyfile(PLUGIN_FILE, plugins / PLUGIN_FILE.name)
    shutil.copyfile(SEARCH_FILE, plugins / SEARCH_FILE.name)
    shutil.copyfile(SITE_FILE, plugins / SITE_FILE.name)
    return {"metadata": metadata_path, "plugins_dir": plugins}


def datasette_args(
    db_path: str | Path,
    metadata_path: str | Path,
    plugins_dir: str | Path,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
) -> list[str]:
    """The ``datasette serve`` command line for a database (immutable, with our metadata)."""
    args = [
        sys.executable, "-m", "datasette", "serve",
        "-i", str(db_path),
        "--metadata", str(metadata_path),
        "--plugins-dir", str(plugins_dir),
        "--host", host,
        "--port", str(port),
    ]  # fmt: skip
    for key, value in SETTINGS.items():
        args += ["--setting", key, value]
    return args


def publish_command(db_path: str | Path, out_dir: str | Path) -> str:
    """A ``datasette publish`` command line using files from :func:`export_publish_files`."""
    out = Path(out_dir)
    return (
        f"datasette publish cloudrun {db_path} --service csp-extract "
        f"--metadata {out / 'metadata.json'} --plugins-dir {out / 'plugins'} "
        f"--install {CHART_PLUGIN}"
    )


def _setting_value(value: str):
    """A --setting string as Datasette's Python API takes it."""
    return {"on": True, "off": False}.get(value, int(value) if value.isdigit() else value)


def build_app(db_path: str | Path):
    """An in-process Datasette for ``db_path`` configured exactly as ``serve`` runs it
    (used by the tests; ``app.client.get(...)`` is async)."""
    from datasette.app import Datasette

    path = check_database(db_path)
    return Datasette(
        immutables=[str(path)],
        metadata=load_metadata(database_name(path)),
        plugins_dir=str(PUBLISH_DIR),
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


def serve(
    db_path: str | Path,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    export_dir: str | Path | None = None,
    echo=print,
) -> int:
    """Serve ``db_path`` with Datasette until interrupted; return Datasette's exit status.

    With ``export_dir``, write the publish files there and print the ``datasette publish``
    command instead of serving.
    """
    path = check_database(db_path)
    if export_dir is not None:
        export_publish_files(path, export_dir)
        echo(f"Wrote {Path(export_dir) / 'metadata.json'} and {Path(export_dir) / 'plugins'}/")
        echo("Publish with, for example:")
        echo("  " + publish_command(path, export_dir))
        return 0
    check_port(host, port)
    with tempfile.TemporaryDirectory(prefix="csp-serve-") as tmp:
        metadata_path = Path(tmp) / "metadata.json"
        metadata_path.write_text(
            json.dumps(load_metadata(database_name(path)), ensure_ascii=False), encoding="utf-8"
        )
        args = datasette_args(path, metadata_path, PUBLISH_DIR, host, port)
        url = f"http://{host}:{port}/"
        echo(
            f"Serving {path} at {url} (read-only); charts at {url}-/dashboards/{DASHBOARD}. "
            "Press Ctrl+C to stop."
        )
        try:
            return subprocess.call(args)
        except KeyboardInterrupt:
            return 0

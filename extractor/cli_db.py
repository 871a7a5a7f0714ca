"""Click commands for the database side: ``ingest``, ``serve`` and ``demo``.

Each command parses its options, calls one library function and turns the library's errors
(``ExtractorError``, ``ValueError``) into a ``click.ClickException`` with the message; with
``--debug`` the original traceback is shown instead.  Register them with
``cli.add_command(ingest)`` etc.
"""
from __future__ import annotations

import contextlib
import sqlite3
import sys

import click

from .errors import ExtractorError

DEFAULT_DB = "csp.db"


@contextlib.contextmanager
def _errors(debug: bool = False):
    try:
        yield
    except (ExtractorError, ValueError, sqlite3.DatabaseError) as e:
        if debug:
            raise
        raise click.ClickException(str(e)) from None


@click.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATHS...")
@click.option(
    "--db", "db_path", default=DEFAULT_DB, show_default=True, type=click.Path(dir_okay=False),
    help="SQLite database to create or update.",
)  # fmt: skip
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but failures.")
@click.option("--debug", is_flag=True, help="Show Python tracebacks for failures.")
@click.option("--password", default=None, help="Password for encrypted PDFs.")
def ingest(paths, db_path, quiet, debug, password):
    """Extract reports into an SQLite database.

    PATHS are files, folders (searched recursively for .pdf, .txt and .md) or patterns such
    as 'reports/**/*.pdf'.  A file already stored with the same bytes is skipped; a changed
    file replaces its earlier version.  Exit status 1 if any file failed.
    """
    from .ingest import ingest_paths

    with _errors(debug):
        summary = ingest_paths(paths, db_path, password=password, quiet=quiet, debug=debug)
    sys.exit(summary.exit_code)


@click.command()
@click.argument("db_path", default=DEFAULT_DB, metavar="[DB]", type=click.Path(dir_okay=False))
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; 0.0.0.0 makes it reachable from other machines.")
@click.option("--port", "-p", default=8001, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--export", "export_dir", default=None, type=click.Path(file_okay=False),
    help="Write metadata.json and plugins/ for `datasette publish` to this folder, print the "
    "publish command and exit.",
)  # fmt: skip
def serve(db_path, host, port, export_dir):
    """Browse a database in Datasette (read-only), with comparison views and charts."""
    from .serve import serve as run_server

    with _errors():
        code = run_server(db_path, host=host, port=port, export_dir=export_dir, echo=click.echo)
    sys.exit(code)


@click.command()
@click.option(
    "--db", "db_path", default=DEFAULT_DB, show_default=True, type=click.Path(dir_okay=False),
    help="Database to put the sample reports in.",
)  # fmt: skip
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", "-p", default=8001, show_default=True, type=click.IntRange(0, 65535))
@click.option("--no-serve", is_flag=True, help="Only build the database.")
def demo(db_path, host, port, no_serve):
    """Ingest the five sample reports in corpus/ and open them in Datasette."""
    from .ingest import demo as run_demo

    with _errors():
        code = run_demo(db_path, host=host, port=port, serve=not no_serve)
    sys.exit(code)

"""Click commands for the database side: ``ingest``, ``serve`` and ``demo``.

Each command parses its options, calls one library function and turns the library's errors
(``ExtractorError``, ``ValueError``) into a ``click.ClickException`` with the message; with
``--debug`` the original traceback is shown instead.  Register them with
``cli.add_command(ingest)`` etc.
"""
from __future__ import annotations

import sys

import click

from .common import DEFAULT_DB, MAX_MEMORY_HELP, Size, _errors, _sigterm_unwinds


@click.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATHS...")
@click.option(
    "--db", "db_path", default=DEFAULT_DB, show_default=True, type=click.Path(dir_okay=False),
    help="SQLite database to create or update.",
)  # fmt: skip
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but failures.")
@click.option("--debug", is_flag=True, help="Show Python tracebacks for failures.")
@click.option("--password", default=None, help="Password for encrypted PDFs.")
@click.option(
    "--workers", "-w", type=click.IntRange(min=0), default=None,
    help="Worker processes extracting in parallel (default: one per core; 0: in this process, "
    "without --timeout).",
)  # fmt: skip
@click.option(
    "--timeout", type=click.FloatRange(min=0, min_open=True), default=None,
    help="Seconds one file may take before its worker is stopped and the file logged as "
    "'timeout' (default 120).",
)  # fmt: skip
@click.option("--max-memory", type=Size(), default=None, help=MAX_MEMORY_HELP)
@click.option(
    "--exclude", "exclude", multiple=True, metavar="GLOB",
    help="Leave out files whose name or path matches GLOB (repeatable), e.g. --exclude '*appendix*'.",
)  # fmt: skip
@click.option("--council", default=None, metavar="NAME",
              help="The council these reports belong to, whatever the text says (e.g. 'Wigan Council').")
@click.option("--county", default=None, metavar="COUNTY",
              help="Its ceremonial county, when the gazetteer does not know the council (with --council).")
@click.option("--manifest", default=None, type=click.Path(exists=True, dir_okay=False), metavar="FILE.csv",
              help="A CSV with the columns path, url, council, meeting_date, title (any but path blank): "
                   "its values override extraction, file by file.")
def ingest(paths, db_path, quiet, debug, password, workers, timeout, max_memory, exclude, council, county,
           manifest):  # fmt: skip
    """Extract reports into an SQLite database.

    PATHS are files, folders (searched recursively for .pdf, .txt, .md, .html, .htm and .docx) or patterns such
    as 'reports/**/*.pdf'.  In a folder, files about the reports rather than reports (README,
    ANNOTATION, LICENSE ...) are left out, and so is any file matching --exclude; the summary
    names them.  --council or a --manifest supply what the text does not say; their values
    override extraction.  A file already stored with the same bytes is skipped; a changed
    file replaces its earlier version.  Each document is stored in one transaction, so an
    interrupted run can simply be run again.  Exit status: 0 when every file is ok or
    skipped, 1 when any failed, 2 for usage errors.
    """
    from ..batch.ingest import ingest_paths

    from ..batch.supplied import Supplied, for_folder, load_manifest

    with _errors(debug, usage=True), _sigterm_unwinds():
        supplied = Supplied(for_folder(council, county), load_manifest(manifest) if manifest else None)
        summary = ingest_paths(
            paths, db_path, password=password, quiet=quiet, debug=debug, workers=workers,
            timeout=timeout, exclude=exclude, supplied=supplied or None, max_memory=max_memory,
        )  # fmt: skip
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
    from ..publish.serve import serve as run_server

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
    from ..batch.ingest import demo as run_demo

    with _errors():
        code = run_demo(db_path, host=host, port=port, serve=not no_serve)
    sys.exit(code)


@click.command()
@click.argument("council")
@click.option(
    "--db", "db_path", default=DEFAULT_DB, show_default=True,
    type=click.Path(dir_okay=False), help="The database to read.",
)  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Print the changes as JSON.")
def changes(council, db_path, as_json):
    """Show what changed in a council's priorities from plan to plan.

    COUNCIL is its name or part of it (e.g. Spelthorne).  Each council's plans are put in
    order (plan start year, meeting date, ingest order) and every consecutive pair is
    compared: priorities added, dropped, renamed, re-ranked or kept.
    """
    import json

    from ..store.report import council_changes, format_changes
    from ..publish.serve import check_database
    from ..store.db import open_db

    with _errors():
        path = check_database(db_path)
        db = open_db(path)
        try:
            if "priority_changes" not in db.table_names():
                raise ValueError(
                    f"{path}: made by an older csp-extract (no priority_changes table); "
                    f"run: csp-extract ingest REPORTS... --db {path}"
                )
            found = council_changes(db, council)
            if not found:
                known = [r[0] for r in db.execute(
                    "SELECT DISTINCT council FROM documents WHERE council IS NOT NULL ORDER BY 1")]
                raise ValueError(
                    f"no council matching {council!r} in {path}; councils: "
                    + (", ".join(known) or "none")
                )  # fmt: skip
        finally:
            db.close()
    if as_json:
        click.echo(json.dumps(found, indent=2, ensure_ascii=False))
    else:
        click.echo(format_changes(found), nl=False)

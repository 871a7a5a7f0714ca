"""Click commands for the database side: ``ingest``, ``serve``, ``demo`` and ``changes``.

Every one takes the database as ``--db FILE`` (``serve DB`` still works, with a deprecation
note), prints with ``--format`` where it has more than one output, and shows examples at the
end of its ``--help``.

Each command parses its options, calls one library function and turns the library's errors
(``ExtractorError``, ``ValueError``) into a ``click.ClickException`` with the message; with
``--debug`` the original traceback is shown instead.  Register them with
``cli.add_command(ingest)`` etc.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from .common import (DEFAULT_DB, MAX_MEMORY_HELP, Size, _errors, _sigterm_unwinds, database_path, db_option,
                     format_option, json_flag, report_format)

INGEST_EXAMPLES = """\b
Examples:
  csp-extract ingest reports/ --db csp.db
  csp-extract ingest 'reports/**/*.pdf' --db csp.db --workers 2 --exclude '*appendix*'
  csp-extract ingest minutes/ --council "Wigan Council" --db csp.db
"""
SERVE_EXAMPLES = """\b
Examples:
  csp-extract serve --db csp.db
  csp-extract serve --db csp.db -p 8002
  csp-extract serve --db csp.db --export publish/
  csp-extract serve --db csp.db --edit
"""
DEMO_EXAMPLES = """\b
Examples:
  csp-extract demo
  csp-extract demo --db sample.db --no-serve
"""
CHANGES_EXAMPLES = """\b
Examples:
  csp-extract changes Spelthorne --db csp.db
  csp-extract changes "Kent County" --db csp.db --format json
"""


@click.command(epilog=INGEST_EXAMPLES)
@click.argument("paths", nargs=-1, required=True, metavar="PATHS...")
@db_option("SQLite database to create or update")
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
@click.option("--corrections", "corrections_path", default=None, type=click.Path(dir_okay=False), metavar="FILE",
              help="The corrections to apply to every document stored (default: corrections.csv beside the "
                   "database, when it exists; see csp-extract correct).")
@click.option("--models", "models_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              metavar="DIRECTORY", help="Extract with this models/ folder instead of the bundled one (a stored "
                                        "file extracted with other models is extracted again).")
def ingest(paths, db_path, quiet, debug, password, workers, timeout, max_memory, exclude, council, county,
           manifest, corrections_path, models_dir):  # fmt: skip
    """Extract reports into an SQLite database.

    PATHS are files, folders (searched recursively for .pdf, .txt, .md, .html, .htm and .docx) or patterns such
    as 'reports/**/*.pdf'.  In a folder, files about the reports rather than reports (README,
    ANNOTATION, LICENSE ...) are left out, and so is any file matching --exclude; the summary
    names them.  --council or a --manifest supply what the text does not say; their values
    override extraction.  A file already stored with the same bytes, extracted with the same
    models and code, is skipped; a changed file, or one extracted with other models (--models, a
    changed models/ folder) or an older csp-extract, replaces its earlier version.  Each document is stored in one
    transaction, so an interrupted run can simply be run again.  Exit status: 0 when every file is ok or
    skipped, 1 when any failed, 2 for usage errors.
    """
    from ..batch.ingest import ingest_paths

    from ..batch.supplied import Supplied, for_folder, load_manifest

    with _errors(debug, usage=True), _sigterm_unwinds():
        supplied = Supplied(for_folder(council, county), load_manifest(manifest) if manifest else None)
        summary = ingest_paths(
            paths, db_path or DEFAULT_DB, password=password, quiet=quiet, debug=debug, workers=workers,
            timeout=timeout, exclude=exclude, supplied=supplied or None, max_memory=max_memory,
            corrections=corrections_path, models_dir=models_dir,
        )  # fmt: skip
    sys.exit(summary.exit_code)


@click.command(epilog=SERVE_EXAMPLES)
@db_option("The database to serve")
@click.argument("db_arg", required=False, metavar="[DB]", type=click.Path(dir_okay=False))
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; 0.0.0.0 makes it reachable from other machines.")
@click.option("--port", "-p", default=8001, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--export", "export_dir", default=None, type=click.Path(file_okay=False),
    help="Write metadata.json and plugins/ for `datasette publish` to this folder, print the "
    "publish command and exit.",
)
@click.option(
    "--allow-sql", is_flag=True,
    help="With --export: let visitors of the published copy run their own SQL (off by default; "
    "the charts' queries always run).",
)  # fmt: skip
@click.option("--edit", is_flag=True,
              help="Serve the database writable on 127.0.0.1 with a correction form on each item "
                   "(sign in with the link printed); corrections go to the corrections file.")
@click.option("--corrections", "corrections_path", default=None, type=click.Path(dir_okay=False), metavar="FILE",
              help="With --edit: the corrections file (default: corrections.csv beside the database).")
def serve(db_path, db_arg, host, port, export_dir, allow_sql, edit, corrections_path):
    """Browse a database in Datasette (read-only), with comparison views and charts.

    It keeps running until you press Ctrl+C.  With --edit (127.0.0.1 only) the database
    is opened writable and each item has a correction form, for the root actor (Datasette's
    --root sign-in link).  DB as a bare argument (serve csp.db) still works but is
    deprecated: give --db, as every other command does.
    """
    from ..publish.serve import serve as run_server

    db_path = database_path(db_path, db_arg, "serve")
    if allow_sql and export_dir is None:
        raise click.UsageError("--allow-sql only applies to --export (serve always allows SQL)")
    if corrections_path and not edit:
        raise click.UsageError("--corrections only applies to --edit (a read-only site shows the corrections table)")
    with _errors():
        code = run_server(db_path, host=host, port=port, export_dir=export_dir, echo=click.echo,
                          allow_sql=allow_sql, edit=edit, corrections=corrections_path)  # fmt: skip
    sys.exit(code)


@click.command(epilog=DEMO_EXAMPLES)
@db_option("Database to put the sample reports in")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", "-p", default=8001, show_default=True, type=click.IntRange(0, 65535))
@click.option("--no-serve", is_flag=True, help="Only build the database.")
def demo(db_path, host, port, no_serve):
    """Ingest the five sample reports in corpus/ and open them in Datasette."""
    from ..batch.ingest import demo as run_demo

    with _errors():
        code = run_demo(db_path or DEFAULT_DB, host=host, port=port, serve=not no_serve)
    sys.exit(code)


@click.command(epilog=CHANGES_EXAMPLES)
@click.argument("council")
@db_option("The database to read")
@format_option(help="summary: readable text; json: the plans and changes as JSON.")
@json_flag()
def changes(council, db_path, fmt, as_json):
    """Show what changed in a council's priorities from plan to plan.

    COUNCIL is its name or part of it (e.g. Spelthorne).  Each council's plans are put in
    order (plan start year, meeting date, ingest order) and every consecutive pair is
    compared: priorities added, dropped, renamed, re-ranked or kept.
    """
    import json

    from ..store.report import council_changes, format_changes
    from ..publish.serve import check_database
    from ..store.db import open_db

    fmt = report_format(fmt, as_json)
    with _errors():
        path = check_database(db_path or DEFAULT_DB)
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
    if fmt == "json":
        click.echo(json.dumps(found, indent=2, ensure_ascii=False))
    else:
        click.echo(format_changes(found), nl=False)

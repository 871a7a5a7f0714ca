"""Click commands for ingesting beyond one machine: ``map`` (extraction on a Dask cluster into
JSONL records) and ``load`` (the records into the database).  Each parses its options, calls one
library function (:func:`extractor.batch.dask_map.map_paths`,
:func:`extractor.batch.load.load_folder`) and turns its errors into ``Error: ...`` with the fix."""
from __future__ import annotations

import sys

import click

from .common import DEFAULT_DB, MAX_MEMORY_HELP, Size, _errors, _sigterm_unwinds, db_option

MAP_EXAMPLES = """\b
Examples:
  csp-extract map reports/ --out records/ --local-workers 2
  csp-extract map /shared/reports/ --out /shared/records/ --scheduler tcp://10.0.0.5:8786
  csp-extract load records/ --db csp.db
"""
LOAD_EXAMPLES = """\b
Examples:
  csp-extract load records/ --db csp.db
"""


@click.command("map", epilog=MAP_EXAMPLES)
@click.argument("paths", nargs=-1, required=True, metavar="PATHS...")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False), metavar="DIR",
              help="Folder for the JSONL records (created if need be); each run adds a part-NNNN.jsonl.")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="A running Dask scheduler, e.g. tcp://10.0.0.5:8786 (default: a cluster on this machine).")
@click.option("--local-workers", type=click.IntRange(min=1), default=None, metavar="N",
              help="Without --scheduler: worker processes of the cluster started here (default: one per core).")
@click.option("--password", default=None, help="Password for encrypted PDFs.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=None,
              help="Seconds one file may take before it is stopped and recorded as 'timeout' (default 120).")
@click.option("--max-memory", type=Size(), default=None, help=MAX_MEMORY_HELP)
@click.option("--exclude", "exclude", multiple=True, metavar="GLOB",
              help="Leave out files whose name or path matches GLOB (repeatable).")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but failures.")
@click.option("--debug", is_flag=True, help="Show Python tracebacks for failures.")
def map_command(paths, out_dir, scheduler, local_workers, password, timeout, max_memory, exclude, quiet, debug):
    """Extract reports on a Dask cluster into JSONL records, one line per file.

    PATHS are files, folders or patterns, chosen as ingest chooses them.  Each file is read
    by a Dask worker, with the same extraction, time limit and memory ceiling as ingest, and
    its record (the extraction, or why it failed) is written to DIR in the order of the file
    list.  A file already recorded in DIR with the same bytes is not mapped again, so an
    interrupted map is finished by running it again.  Workers read the files at the paths
    given: on a cluster, give paths every worker sees (a shared file system).  Store the
    records with `csp-extract load DIR`.  Exit status: 0 when every file is ok or skipped,
    1 when any failed, 2 for usage errors.
    """
    from ..batch.dask_map import map_paths

    if scheduler and local_workers:
        raise click.UsageError("--local-workers sizes the cluster started here; with --scheduler the "
                               "cluster is yours: give one of them")
    with _errors(debug, usage=True), _sigterm_unwinds():
        summary = map_paths(paths, out_dir, scheduler=scheduler, local_workers=local_workers, password=password,
                            timeout=timeout, max_memory=max_memory, exclude=exclude, quiet=quiet, debug=debug)
    sys.exit(summary.exit_code)


@click.command(epilog=LOAD_EXAMPLES)
@click.argument("folder", metavar="DIR", type=click.Path(file_okay=False))
@db_option("SQLite database to create or update")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but failures.")
@click.option("--debug", is_flag=True, help="Show Python tracebacks for failures.")
def load(folder, db_path, quiet, debug):
    """Store the JSONL records of `csp-extract map` in an SQLite database, as ingest stores.

    A record whose bytes are already stored is skipped; a changed file replaces its earlier
    version; each document is stored in one transaction, so an interrupted load can simply
    be run again.  Exit status: 0 when every record is ok or skipped, 1 when any failed (a
    file that could not be read, a line that is not a record), 2 for usage errors.
    """
    from ..batch.load import load_folder

    with _errors(debug, usage=True), _sigterm_unwinds():
        summary = load_folder(folder, db_path or DEFAULT_DB, quiet=quiet, debug=debug)
    sys.exit(summary.exit_code)

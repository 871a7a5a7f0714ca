"""What every command shares: settings from options, and library errors as click errors."""
from __future__ import annotations

import contextlib
import signal
import sqlite3
import sys

import click

from ..errors import ExtractorError, StoreError
from ..settings import Settings

FORMATS = ("summary", "json", "jsonl")
REPORT_FORMATS = ("summary", "json")  # evaluate, changes
DEFAULT_DB = "csp.db"


class UsageProblem(click.ClickException):
    """A bad path or database given on the command line: exit status 2, like click's own."""

    exit_code = 2


@contextlib.contextmanager
def _errors(debug: bool = False, usage: bool = False):
    """Turn library errors into a one-line ``Error: ...``: exit 2 when ``usage`` and the error
    is about what was given (a path that matches nothing, a file that is not a database: a
    ValueError or ExtractorError), else 1; a database that cannot be written
    (:class:`StoreError`: locked, read-only, disk full) or fails mid-run is a runtime error, 1."""
    try:
        yield
    except (ExtractorError, ValueError) as e:
        if debug:
            raise
        raise (UsageProblem if usage else click.ClickException)(str(e)) from None
    except (StoreError, sqlite3.DatabaseError) as e:
        if debug:
            raise
        raise click.ClickException(str(e)) from None


@contextlib.contextmanager
def _sigterm_unwinds():
    """While ingesting, SIGTERM exits like Ctrl+C does (status 143): the workers are stopped,
    the open transaction is rolled back and the database is closed cleanly."""
    previous = signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


class Size(click.ParamType):
    """A memory size: 4G, 1500M, 2.5GB (a bare number is megabytes)."""

    name = "SIZE"

    def convert(self, value, param, ctx):
        if isinstance(value, int):
            return value
        from ..settings import MIN_MEMORY, parse_size

        try:
            size = parse_size(value)
        except ValueError as e:
            self.fail(str(e), param, ctx)
        if size < MIN_MEMORY:
            self.fail(f"{value} is too little: the models alone take about 300 MB; give at least 512M", param, ctx)
        return size


MAX_MEMORY_HELP = ("Memory one extracting process may use, e.g. 4G or 1500M (default: three quarters of "
                   "the machine's memory shared by the workers, at least 2G); a file needing more is "
                   "reported as 'too_large'.")


def make_settings(**options) -> Settings:
    """Settings from CLI options, with bad values turned into usage errors."""
    try:
        return Settings(**{k: v for k, v in options.items() if v is not None})
    except ValueError as e:
        raise click.BadParameter(str(e))



def deprecated(old: str, new: str) -> None:
    """Say on stderr that ``old`` still works but ``new`` is the spelling to use (stdout stays
    clean for scripts)."""
    click.echo(f"note: {old} is deprecated; use {new} (the same in every command)", err=True)


def database_path(option: str | None, positional: str | None, command: str) -> str:
    """The database given with ``--db`` (every command's spelling) or, deprecated, as
    ``serve``'s old positional argument; the default ``csp.db`` when neither is given."""
    if positional is not None:
        if option is not None and option != positional:
            raise click.UsageError(f"two databases given: {positional} and --db {option}; give one, with --db")
        deprecated(f"csp-extract {command} DB", f"csp-extract {command} --db {positional}")
        return positional
    return option if option is not None else DEFAULT_DB


def report_format(fmt: str, as_json: bool) -> str:
    """``--format`` of ``evaluate`` and ``changes``; their old ``--json`` flag means json."""
    if as_json:
        deprecated("--json", "--format json")
        return "json"
    return fmt


def format_option(choices=REPORT_FORMATS, help: str = "summary: readable text; json: for programs."):
    """The output-format option, spelt the same in every command."""
    return click.option("--format", "fmt", type=click.Choice(choices), default="summary", show_default=True, help=help)


def json_flag():
    """The old ``--json`` of ``evaluate`` and ``changes``, kept working (deprecated)."""
    return click.option("--json", "as_json", is_flag=True, help="Deprecated: the same as --format json.")


def db_option(help: str):
    """``--db FILE``: every command that reads or writes a database takes it this way."""
    return click.option("--db", "db_path", default=None, type=click.Path(dir_okay=False), metavar="FILE",
                        help=help + f" (default {DEFAULT_DB}).")

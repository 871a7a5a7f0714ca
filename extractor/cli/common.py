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


"""What every command shares: settings from options, and library errors as click errors."""
from __future__ import annotations

import contextlib
import signal
import sqlite3
import sys

import click

from ..errors import ExtractorError
from ..settings import Settings

FORMATS = ("summary", "json", "jsonl")
DEFAULT_DB = "csp.db"


class UsageProblem(click.ClickException):
    """A bad path or database given on the command line: exit status 2, like click's own."""

    exit_code = 2


@contextlib.contextmanager
def _errors(debug: bool = False, usage: bool = False):
    """Turn library errors into a one-line ``Error: ...`` (exit 2 when ``usage``, else 1)."""
    try:
        yield
    except (ExtractorError, ValueError, sqlite3.DatabaseError) as e:
        if debug:
            raise
        raise (UsageProblem if usage else click.ClickException)(str(e)) from None


@contextlib.contextmanager
def _sigterm_unwinds():
    """While ingesting, SIGTERM exits like Ctrl+C does (status 143): the workers are stopped,
    the open transaction is rolled back and the database is closed cleanly."""
    previous = signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def make_settings(**options) -> Settings:
    """Settings from CLI options, with bad values turned into usage errors."""
    try:
        return Settings(**{k: v for k, v in options.items() if v is not None})
    except ValueError as e:
        raise click.BadParameter(str(e))


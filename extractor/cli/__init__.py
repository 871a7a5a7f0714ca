"""The csp-extract command line: thin click commands over the library, one module per group:
``extract`` (extract), ``quality`` (evaluate, build-models), ``db`` (ingest, serve, demo,
changes), ``bulk`` (map, load: ingesting on a Dask cluster) and ``correct`` (the correct group)."""
from __future__ import annotations

import click

from ..about import VERSION
from .bulk import load, map_command
from .correct import correct
from .db import changes, demo, ingest, serve
from .extract import extract
from .quality import build_models, evaluate


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(VERSION, prog_name="csp-extract")
def cli():
    """csp-extract: council Community Safety Partnership reports into data.

    Reads committee reports (.pdf, .txt, .md, .html, .docx), extracts priorities,
    recommendations, risks, funding and decisions with the page and words each
    came from, and scores the extraction against gold annotations.
    """



for _command in (extract, evaluate, build_models, ingest, map_command, load, serve, demo, changes, correct):
    cli.add_command(_command)


def main():
    cli()

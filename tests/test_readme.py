"""The README documents every command and option, and its quickstart matches CI."""
from __future__ import annotations

import re

import click

from extractor.cli import cli

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands():
    ctx = click.Context(cli)
    return {name: cli.get_command(ctx, name) for name in cli.list_commands(ctx)}


def test_every_command_is_documented():
    missing = [name for name in _commands() if f"csp-extract {name}" not in README]
    assert not missing, f"README lacks a section for: {missing}"


def test_every_option_is_documented():
    missing = []
    for name, command in _commands().items():
        for param in command.params:
            if isinstance(param, click.Option):
                if not any(opt in README for opt in param.opts if opt.startswith("--")) and param.name != "help":
                    missing.append(f"{name} {param.opts}")
    assert not missing, f"README lacks options: {missing}"


def test_quickstart_test_command_is_what_ci_runs():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    command = "pip install -e '.[test]' && python -m pytest -q"
    assert command in README
    assert command in ci


def test_quickstart_has_two_commands():
    block = README.split("## Quickstart", 1)[1].split("```bash", 1)[1].split("```", 1)[0]
    commands = [line for line in block.splitlines() if line.strip() and not line.startswith("#")]
    assert len(commands) == 2, commands
    assert re.search(r"csp-extract (demo|ingest)", commands[0])

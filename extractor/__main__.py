"""python -m extractor"""
from .cli import cli

cli(prog_name="csp-extract")

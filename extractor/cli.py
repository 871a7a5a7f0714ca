"""The csp-extract command line: thin click commands over the library."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from .about import KINDS, VERSION
from .cli_db import changes, demo, ingest, serve
from .errors import ExtractorError
from .settings import Settings

FORMATS = ("summary", "json", "jsonl")


def make_settings(**options) -> Settings:
    """Settings from CLI options, with bad values turned into usage errors."""
    try:
        return Settings(**{k: v for k, v in options.items() if v is not None})
    except ValueError as e:
        raise click.BadParameter(str(e))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(VERSION, prog_name="csp-extract")
def cli():
    """csp-extract: council Community Safety Partnership reports into data.

    Reads committee reports (.pdf, .txt, .md, .html, .docx), extracts priorities,
    recommendations, risks, funding and decisions with the page and words each
    came from, and scores the extraction against gold annotations.
    """


for _command in (ingest, serve, demo, changes):
    cli.add_command(_command)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="summary", show_default=True,
              help="summary: readable text; json: one object per document (a list for several); jsonl: one per line.")
@click.option("--include-text", is_flag=True, help="Add the document's canonical text as 'text' (json/jsonl).")
@click.option("--all", "all_items", is_flag=True, help="Also output items below the confidence threshold.")
@click.option("--password", help="Password for encrypted PDFs.")
@click.option("--models", "models_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Use this models/ folder instead of the bundled one.")
@click.option("--debug", is_flag=True, help="Show tracebacks for files that fail.")
def extract(paths, fmt, include_text, all_items, password, models_dir, debug):
    """Extract items from report files and print them.

    Files that cannot be read are reported on stderr and skipped; the exit
    status is 1 when any file failed.
    """
    import json
    import traceback

    from . import core
    settings = make_settings(password=password, models_dir=models_dir)
    results, failed = [], 0
    for path in paths:
        try:
            results.append(core.extract_file(path, settings, include_text=include_text, all_items=all_items))
        except ExtractorError as e:
            failed += 1
            click.echo(f"error: {e}", err=True)
            if debug:
                traceback.print_exc()
        if fmt == "jsonl" and results:
            click.echo(json.dumps(results.pop(), ensure_ascii=False))
    _print_results(results, fmt)
    sys.exit(1 if failed else 0)


def _print_results(results: list[dict], fmt: str) -> None:
    import json

    if fmt == "json":
        payload = results[0] if len(results) == 1 else results
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
    elif fmt == "summary":
        click.echo("\n\n".join(format_summary(r) for r in results))


def format_summary(result: dict) -> str:
    """A readable account of one document's extraction."""
    d = result["document"]
    period = d.get("plan_period") or {}
    lines = [f"{result['source']}  ({result['pages']} page{'s' if result['pages'] != 1 else ''})",
             f"  council:     {d.get('council') or '-'}" + (f" ({d['county']})" if d.get("county") else ""),
             f"  title:       {d.get('title') or '-'}",
             f"  meeting:     {d.get('meeting_body') or '-'}, {d.get('meeting_date') or 'date unknown'}",
             f"  author:      {d.get('author') or '-'}",
             f"  plan period: {_period(period)}"]
    lines += [f"  warning: {w}" for w in result.get("warnings", [])]
    for kind in KINDS:
        items = result.get(kind, [])
        lines.append(f"  {kind} ({len(items)}):")
        lines += [f"    {_summary_line(kind, it)}  [p{it['page']}]" for it in items]
    return "\n".join(lines)


def _period(period: dict) -> str:
    if not period:
        return "-"
    return f"{period['start_year']}-{period['end_year']}"


def _summary_line(kind: str, it: dict) -> str:
    if kind == "priorities":
        rank = f"{it['rank']}." if it["rank"] else "-"
        return f"{rank} {it['text']}  <{', '.join(it['themes'])}>"
    if kind == "recommendations":
        return f"[{it['addressee'] or '?'}: {', '.join(it['actions']) or '-'}] {_short(it['text'])}"
    if kind == "risks":
        return f"{_short(it['risk'], 60)} (rating {it['rating'] or '-'}) mitigation: {_short(it['mitigation'] or '-', 50)}"
    if kind == "funding":
        extras = ", ".join(x for x in (it["period"], it["funder"], it["purpose"], it["recipient"]) if x)
        return f"£{it['amount_gbp']:,} {extras}"
    return f"[{it['body'] or '?'}: {it['outcome']}] {_short(it['text'])}"


def _short(text: str, width: int = 90) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


@cli.command()
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--min-f1", type=click.FloatRange(0, 1), help="Exit 1 when the overall F1 is below this.")
@click.option("--all", "all_items", is_flag=True,
              help="Score every item, whatever its confidence, and print precision at each confidence threshold.")
@click.option("--models", "models_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Use this models/ folder instead of the bundled one.")
def evaluate(directory, as_json, min_f1, all_items, models_dir):
    """Score extraction against gold: DIRECTORY/docs (or DIRECTORY) vs DIRECTORY/gold.

    Prints precision, recall and F1 per kind, per-field accuracy and document
    field accuracy, as corpus/ANNOTATION.md's Scoring section defines them.
    """
    import json

    from . import core
    from .evaluate import evaluate_directory, format_calibration, format_report
    settings = make_settings(models_dir=models_dir)
    try:
        report = evaluate_directory(directory, lambda p: core.extract_file(p, settings, all_items=all_items))
    except (FileNotFoundError, ExtractorError) as e:
        raise click.ClickException(str(e))
    click.echo(json.dumps(report.to_dict(), indent=2) if as_json else format_report(report))
    if all_items and not as_json:
        click.echo(format_calibration(report))
    if min_f1 is not None and report.overall_f1 < min_f1:
        raise click.ClickException(f"overall F1 {report.overall_f1:.3f} is below --min-f1 {min_f1}")


@cli.command("build-models")
@click.option("--models", "models_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("models"), show_default=True, help="The models/ folder to check and write to.")
@click.option("--corpus", "corpora", multiple=True, type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="A corpus with gold/ (repeatable). Default: corpus/, corpus/council-pdfs and ../shared/corpus "
                   "where present.")
def build_models(models_dir, corpora):
    """Rebuild models/confidence.json and models/metrics.json from the gold corpora.

    Loads config.cfg and every pattern file (failing on a pattern without an id
    or label), measures each rule's precision on the documents with gold (an
    item's confidence is its rule's smoothed precision) and records the scores.
    """
    from .build import DEFAULT_CORPORA, build_models as build
    from .evaluate import format_report
    try:
        reports = build(models_dir, corpora or DEFAULT_CORPORA)
    except (FileNotFoundError, ExtractorError, ValueError) as e:
        raise click.ClickException(str(e))
    for name, report in reports.items():
        click.echo(f"== {name}\n{format_report(report)}")
    click.echo(f"wrote {models_dir / 'confidence.json'} and {models_dir / 'metrics.json'}")


def main():
    cli()


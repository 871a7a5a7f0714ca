"""``csp-extract extract``: items from files, printed."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from ..about import KINDS
from ..errors import ExtractorError, memory_message
from ..normalise.money import format_money
from .common import FORMATS, MAX_MEMORY_HELP, Size, format_option, make_settings

EXTRACT_EXAMPLES = """\b
Examples:
  csp-extract extract corpus/docs/medway-2020-12-03-csp-annual-scrutiny.txt
  csp-extract extract reports/*.pdf --format jsonl > items.jsonl
  csp-extract extract agenda.pdf --password secret --all --format json
"""


@click.command(epilog=EXTRACT_EXAMPLES)
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@format_option(FORMATS, help="summary: readable text; json: one object per document (a list for several); jsonl: one per line.")
@click.option("--include-text", is_flag=True, help="Add the document's canonical text as 'text' (json/jsonl).")
@click.option("--all", "all_items", is_flag=True, help="Also output items below the confidence threshold.")
@click.option("--password", help="Password for encrypted PDFs.")
@click.option("--models", "models_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Use this models/ folder instead of the bundled one.")
@click.option("--max-memory", type=Size(), default=None, help=MAX_MEMORY_HELP)
@click.option("--debug", is_flag=True, help="Show tracebacks for files that fail.")
def extract(paths, fmt, include_text, all_items, password, models_dir, max_memory, debug):
    """Extract items from report files and print them.

    Files that cannot be read are reported on stderr with the fix and the
    others are still printed; the exit status is 1 when any file failed.
    """
    import json

    from ..batch.memory import ceiling
    from ..settings import memory_limit

    settings = make_settings(password=password, models_dir=models_dir, max_memory=max_memory)
    limit = memory_limit(settings, processes=1)
    results, failed = [], 0
    with ceiling(limit):
        for path in paths:
            result = _extract_one(path, settings, include_text, all_items, limit, debug)
            failed += result is None
            if result is not None and fmt == "jsonl":
                click.echo(json.dumps(result, ensure_ascii=False))
            elif result is not None:
                results.append(result)
    _print_results(results, fmt)
    sys.exit(1 if failed else 0)


def _extract_one(path, settings, include_text: bool, all_items: bool, limit, debug: bool) -> dict | None:
    """One file's extraction, or None after reporting on stderr why it failed and the fix:
    one bad file never hides the others' output."""
    import traceback

    from .. import core

    try:
        return core.extract_file(path, settings, include_text=include_text, all_items=all_items)
    except ExtractorError as e:
        message = str(e)
    except MemoryError:
        message = f"{path}: {memory_message(limit)}"
    except Exception as e:  # noqa: BLE001 - a bug must not hide the other files' output
        message = f"{path}: internal error {type(e).__name__}: {e} (run with --debug for the traceback)"
    click.echo(f"error: {message}", err=True)
    if debug:
        traceback.print_exc()
    return None


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
        high = f"–{format_money(it['amount_high_gbp'])}" if it.get("amount_high_gbp") is not None else ""
        total = " (total)" if it.get("is_total") else ""
        return f"{format_money(it['amount_gbp'])}{high}{total} {extras}"
    return f"[{it['body'] or '?'}: {it['outcome']}] {_short(it['text'])}"


def _short(text: str, width: int = 90) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"

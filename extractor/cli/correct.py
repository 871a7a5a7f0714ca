"""``csp-extract correct``: corrections by the people who know a council's plan (add, list,
validate, drop, export-gold), kept in a CSV file beside the database and applied on every ingest."""
from __future__ import annotations

import json
import sys

import click

from .common import DEFAULT_DB, _errors, db_option, format_option

EXAMPLES = """\b
Examples:
  csp-extract correct add --item priorities:12 --set main_theme=drugs --why "it is about drug supply"
  csp-extract correct add --item funding:3 --delete --why "a council tax figure, not community safety"
  csp-extract correct add --document 368f454a --new priorities --quote "Tackling knife crime" \\
      --set rank=6 --set main_theme=serious_violence --why "missed: item 6 of the list on page 2"
  csp-extract correct add --document 368f454a --set meeting_date=2024-03-05 --why "the date on the cover"
  csp-extract correct list
  csp-extract correct validate
  csp-extract correct drop c1a2b3c4d
  csp-extract correct export-gold gold/
"""


def corrections_option():
    return click.option("--corrections", "corrections_path", default=None, type=click.Path(dir_okay=False),
                        metavar="FILE", help="The corrections file (default: corrections.csv beside the database).")


def _paths(db_path, corrections_path):
    from ..corrections.store import default_path

    db_path = db_path or DEFAULT_DB
    return db_path, corrections_path or default_path(db_path)


def _pairs(sets):
    pairs = {}
    for text in sets:
        name, eq, value = text.partition("=")
        if not eq or not name.strip():
            raise click.BadParameter(f"{text!r}: write FIELD=VALUE, e.g. main_theme=drugs", param_hint="--set")
        pairs[name.strip()] = value
    return pairs


@click.group(epilog=EXAMPLES)
def correct():
    """Correct what extraction got wrong; corrections survive every re-ingest.

    Corrections are kept in a CSV file beside the database (one row per correction, with
    who, when and why: review it and keep it in version control) and applied to the
    database at once and on every ingest, anchored to the document's SHA-256 (or its path,
    for a changed file) and to the item's quote and span.
    """


@correct.command("add", epilog=EXAMPLES)
@db_option("The database whose rows are corrected")
@corrections_option()
@click.option("--item", metavar="KIND:ID", help="The item to fix or delete, e.g. priorities:12 (its row id).")
@click.option("--document", metavar="ID", help="The document (its id, or the start of it) to add an item to, or "
                                               "whose field to fix.")
@click.option("--new", "new_kind", metavar="KIND", help="With --document: add a missed item of this kind "
                                                        "(priorities, recommendations, risks, funding, decisions).")
@click.option("--quote", metavar="WORDS", help="With --new: the item's words, as printed in the document.")
@click.option("--set", "sets", multiple=True, metavar="FIELD=VALUE", help="A field's right value (repeatable with --new).")
@click.option("--delete", is_flag=True, help="With --item: the item is wrong and is deleted.")
@click.option("--who", default=None, help="Who makes the correction (default: your login name).")
@click.option("--why", required=True, help="Why: what the document says (kept with the correction).")
def add(db_path, corrections_path, item, document, new_kind, quote, sets, delete, who, why):
    """Add a correction, apply it to the database and write it to the file."""
    from ..corrections import manage

    db_path, path = _paths(db_path, corrections_path)
    with _errors():
        correction, outcome = manage.add(db_path, path, item=item, document=document, new=new_kind, quote=quote,
                                         sets=_pairs(sets), delete=delete, who=who, why=why)
    click.echo(f"{correction.id}: {correction.kind} {correction.item_kind or 'document'} {outcome.status}"
               + (f" ({outcome.message})" if outcome.message else "") + f"; written to {path}")


@correct.command("list")
@db_option("The database to read the corrections' status from")
@corrections_option()
@format_option(help="summary: one line per correction; json: every column.")
def list_(db_path, corrections_path, fmt):
    """List the corrections with their status in the database."""
    from ..corrections import manage

    db_path, path = _paths(db_path, corrections_path)
    with _errors():
        rows = manage.listing(db_path, path)
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    for row in rows:
        what = row["field"] and f"{row['field']}={row['value']}" or row["quote"][:50]
        click.echo(f"{row['id']}  {row['kind']:<8} {row['item_kind'] or 'document':<15} {row['status']:<12} "
                   f"{what}  ({row['who']}, {row['at'][:10]}: {row['why']})")
    click.echo(f"{len(rows)} corrections in {path}")


@correct.command("validate")
@db_option("The database to check the corrections against")
@corrections_option()
def validate(db_path, corrections_path):
    """Anchor every correction again, apply the ones not applied, report the rest.

    Run it after editing the corrections file by hand or pulling it from version
    control.  Exit status 1 when a correction cannot be applied (each is named, with the fix).
    """
    from ..corrections import manage

    db_path, path = _paths(db_path, corrections_path)
    with _errors():
        results = manage.validate(db_path, path)
    bad = [(c, o) for c, o in results if o.status not in ("applied", "re-anchored")]
    for c, o in results:
        click.echo(f"{c.id}: {c.kind} {c.item_kind or 'document'} {o.status}" + (f": {o.message}" if o.message else ""))
    click.echo(f"{len(results)} corrections: {len(results) - len(bad)} applied, {len(bad)} not applied")
    sys.exit(1 if bad else 0)


@correct.command("drop")
@click.argument("correction_id")
@db_option("The database to take the correction off")
@corrections_option()
def drop(correction_id, db_path, corrections_path):
    """Take a correction off the database and out of the file (what extraction gave comes back)."""
    from ..corrections import manage

    db_path, path = _paths(db_path, corrections_path)
    with _errors():
        dropped = manage.drop(db_path, path, correction_id)
    click.echo(f"dropped {dropped.id} ({dropped.kind} {dropped.item_kind or 'document'}) from {path}")


@correct.command("export-gold")
@click.argument("directory", type=click.Path(file_okay=False))
@db_option("The database to read the corrected documents from")
def export_gold(directory, db_path):
    """Write gold JSON (corpus/ANNOTATION.md's shape) for every corrected document to DIRECTORY."""
    from ..corrections.feedback import export_gold as export
    from ..corrections.manage import open_database

    with _errors():
        db = open_database(db_path or DEFAULT_DB)
        try:
            written = export(db, directory)
        finally:
            db.close()
    for path in written:
        click.echo(str(path))
    click.echo(f"{len(written)} gold files written to {directory} (check them before adding them to a corpus)")

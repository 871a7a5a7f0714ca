"""``csp-extract evaluate`` and ``build-models``: extraction scored against gold."""
from __future__ import annotations

from pathlib import Path

import click

from ..errors import ExtractorError
from .common import format_option, json_flag, make_settings, report_format

EVALUATE_EXAMPLES = """\b
Examples:
  csp-extract evaluate
  csp-extract evaluate corpus/test --format json
  csp-extract evaluate ../shared/corpus --all
  csp-extract evaluate --corrections corrections.csv
"""
BUILD_EXAMPLES = """\b
Examples:
  csp-extract build-models
  csp-extract build-models --models models --corpus corpus --corpus ../shared/corpus
"""


@click.command(epilog=EVALUATE_EXAMPLES)
@click.argument("directory", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path))
@format_option(help="summary: readable tables; json: the scores (and per-document counts) as JSON.")
@json_flag()
@click.option("--min-f1", type=click.FloatRange(0, 1),
              help="Exit 1 when the overall F1 (with no DIRECTORY: the test split's items F1) is below this.")
@click.option("--all", "all_items", is_flag=True,
              help="Score every item, whatever its confidence, and print precision at each confidence threshold.")
@click.option("--models", "models_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Use this models/ folder instead of the bundled one.")
@click.option("--corrections", "corrections_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              metavar="FILE", help="Score the extractor against a corrections file instead of gold: per kind of "
                                   "correction, how many it now gets right.")
def evaluate(directory, fmt, as_json, min_f1, all_items, models_dir, corrections_path):
    """Score extraction against gold: DIRECTORY/docs (or DIRECTORY) vs DIRECTORY/gold.

    Prints precision, recall and F1 per kind, per-field accuracy and document
    field accuracy, as corpus/ANNOTATION.md's Scoring section defines them.
    With no DIRECTORY, scores the project's train split (corpus/, corpus/train,
    corpus/council-pdfs and ../shared/corpus where present) and its frozen test
    split (corpus/test) side by side.
    """
    import json

    from .. import core
    from ..evaluate.score import evaluate_directory, format_calibration, format_report, format_splits
    as_json = report_format(fmt, as_json) == "json"
    settings = make_settings(models_dir=models_dir)
    extract = lambda p: core.extract_file(p, settings, all_items=all_items)  # noqa: E731
    if corrections_path is not None:
        return _against_corrections(corrections_path, directory, settings, as_json)
    try:
        if directory is None:
            from ..evaluate.build import evaluate_splits
            splits = evaluate_splits(extract)
            score = splits["test"].items_f1
            click.echo(json.dumps({n: r.to_dict() for n, r in splits.items()}, indent=2) if as_json
                       else format_splits(splits))
            reports = list(splits.values())
        else:
            report = evaluate_directory(directory, extract)
            score = report.overall_f1
            click.echo(json.dumps(report.to_dict(), indent=2) if as_json else format_report(report))
            reports = [report]
    except (FileNotFoundError, ExtractorError) as e:
        raise click.ClickException(str(e))
    if all_items and not as_json:
        from ..evaluate.score import merge
        click.echo(format_calibration(merge(reports)))
    if min_f1 is not None and score < min_f1:
        raise click.ClickException(f"F1 {score:.3f} is below --min-f1 {min_f1}")


def _against_corrections(path: Path, directory, settings, as_json: bool) -> None:
    """``evaluate --corrections FILE``: the extractor scored against the corrections."""
    import json

    from .. import core
    from ..corrections import feedback, store

    if directory is not None:
        raise click.UsageError("give a DIRECTORY of gold or --corrections FILE, not both")
    try:
        table = feedback.score(store.read(path), lambda p: core.extract_file(p, settings, include_text=True))
    except (ValueError, ExtractorError) as e:
        raise click.ClickException(str(e))
    click.echo(json.dumps(table, indent=2) if as_json else feedback.format_score(table))


@click.command("build-models", epilog=BUILD_EXAMPLES)
@click.option("--models", "models_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("models"), show_default=True, help="The models/ folder to check and write to.")
@click.option("--corpus", "corpora", multiple=True, type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="A corpus with gold/ (repeatable). Default: corpus/, corpus/train, corpus/council-pdfs, "
                   "../shared/corpus and corpus/test where present; confidences are calibrated on all but corpus/test.")
def build_models(models_dir, corpora):
    """Rebuild models/confidence.json and models/metrics.json from the gold corpora.

    Loads config.cfg and every pattern file (failing on a pattern without an id
    or label), measures each rule's precision on the documents with gold (an
    item's confidence is its rule's smoothed precision) and records the scores.
    """
    from ..evaluate.build import DEFAULT_CORPORA, build_models as build
    from ..evaluate.score import format_report
    try:
        reports = build(models_dir, corpora or DEFAULT_CORPORA)
    except (FileNotFoundError, ExtractorError, ValueError) as e:
        raise click.ClickException(str(e))
    for name, report in reports.items():
        click.echo(f"== {name}\n{format_report(report)}")
    click.echo(f"wrote {models_dir / 'confidence.json'} and {models_dir / 'metrics.json'}")

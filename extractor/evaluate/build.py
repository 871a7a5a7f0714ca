"""Rebuild what models/ derives from the corpus: calibrated confidences and metrics.

``csp-extract build-models`` calls :func:`build_models`: it loads the pipeline from
``models/config.cfg`` and the pattern files (so a broken pattern fails here), runs every
document with gold through the extractor with all items kept, records for each rule how many
items it produced and how many were right (``models/confidence.json``: an item's confidence is
then its rule's smoothed precision), and writes the scores per corpus to ``models/metrics.json``.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from .. import core
from .score import Report, evaluate_directory, find_pairs, merge, rule_counts
from ..extract.context import load_calibration, load_lexicon
from ..analyse.pipeline import build_nlp
from ..analyse.segment import load_lexicon as load_headings
from ..settings import Settings

ROOT = Path(__file__).resolve().parents[2]
# The train split: rules may be written from these documents' failures, and confidences are
# calibrated on them.  The test split (corpus/test: councils that appear in no train document)
# is only ever scored.
TRAIN_CORPORA = (ROOT / "corpus", ROOT / "corpus" / "train", ROOT / "corpus" / "council-pdfs",
                 ROOT.parent / "shared" / "corpus")
TEST_CORPORA = (ROOT / "corpus" / "test",)
DEFAULT_CORPORA = TRAIN_CORPORA + TEST_CORPORA
SPLITS = {"train": TRAIN_CORPORA, "test": TEST_CORPORA}


def available_corpora(corpora) -> list[Path]:
    """The corpora that have gold and at least one reachable document."""
    out = []
    for corpus in map(Path, corpora):
        try:
            out += [corpus] if find_pairs(corpus) else []
        except FileNotFoundError:
            continue
    return out


def clear_caches() -> None:
    for cached in (build_nlp, load_lexicon, load_headings, load_calibration):
        cached.cache_clear()


def build_models(models_dir: Path, corpora=DEFAULT_CORPORA) -> dict[str, Report]:
    """Write models/confidence.json (calibrated on the train corpora among ``corpora``, never on
    the test split) and models/metrics.json (every corpus, and the train and test splits);
    return the report per corpus."""
    models_dir = Path(models_dir).resolve()
    clear_caches()
    nlp = build_nlp(models_dir)
    (models_dir / "confidence.json").unlink(missing_ok=True)
    clear_caches()
    settings = Settings(models_dir=models_dir)
    corpora = available_corpora(corpora)
    train = [c for c in corpora if not _is_test(c)]
    raw = {str(c): evaluate_directory(c, lambda p: core.extract_file(p, settings, all_items=True)) for c in train}
    _write_calibration(models_dir, raw.values())
    clear_caches()
    reports = {str(c): evaluate_directory(c, lambda p: core.extract_file(p, settings)) for c in corpora}
    _write_metrics(models_dir, reports, nlp)
    return reports


def _is_test(corpus: Path) -> bool:
    return any(Path(corpus).resolve() == Path(t).resolve() for t in TEST_CORPORA)


def evaluate_splits(extract, splits: dict = SPLITS) -> dict[str, Report]:
    """The train and test splits, each scored over its available corpora."""
    return {name: merge(evaluate_directory(c, extract) for c in available_corpora(corpora))
            for name, corpora in splits.items()}


def _write_calibration(models_dir: Path, reports) -> None:
    merged = Report()
    for report in reports:
        merged.calibration += report.calibration
    payload = {"_about": "Per extraction rule: items produced on the gold corpora (n) and items right (tp). "
                         "Written by `csp-extract build-models`; an item's confidence is (tp + 2*prior) / (n + 2).",
               "rules": rule_counts(merged)}
    (models_dir / "confidence.json").write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")


def _write_metrics(models_dir: Path, reports: dict[str, Report], nlp) -> None:
    metrics = {"pipeline": nlp.pipe_names,
               "patterns": {name: len(nlp.get_pipe(name).patterns) for name in ("csp_patterns", "csp_themes")},
               "corpora": {}}
    for name, report in reports.items():
        scores = report.to_dict()
        scores.pop("documents")
        metrics["corpora"][_relative(name)] = scores
    metrics["splits"] = {}
    for split, corpora in SPLITS.items():
        members = [r for name, r in reports.items() if any(Path(name).resolve() == Path(c).resolve() for c in corpora)]
        scores = merge(members).to_dict()
        scores.pop("documents")
        metrics["splits"][split] = {"corpora": [_relative(str(c)) for c in corpora if str(c) in reports
                                                or any(Path(n).resolve() == Path(c).resolve() for n in reports)],
                                    "documents": sum(len(r.documents) for r in members), **scores}
    (models_dir / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n", encoding="utf-8")


def _relative(path: str) -> str:
    return os.path.relpath(Path(path).resolve(), ROOT)

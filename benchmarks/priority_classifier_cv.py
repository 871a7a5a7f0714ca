"""Does a trained spaCy text classifier beat the rules at telling partnership priority lists apart?

Every list introduced by a lead-in that mentions priorities, themes or focus areas is a
candidate ("the seven priorities ... are:", "the following corporate priorities:", "Key actions
to deliver the priorities:").  A candidate is positive when most of its items are gold
priorities.  The rules (extractor/extract/priorities.py) are compared with a spaCy ``textcat``
(bag-of-words, trained from scratch on ``spacy.blank("en")``) by leave-one-council-out
cross-validation over every document with gold: corpus/, corpus/council-pdfs/ and, where it
lies, ../shared/corpus.

    python benchmarks/priority_classifier_cv.py [--out models/priority_textcat_cv.json]

Prints per-approach precision, recall, F1 and accuracy over the held-out folds.
"""
from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

import spacy
from spacy.training import Example

from extractor.core import build_context
from extractor.evaluate.score import find_pairs
from extractor.normalise.text import similar
from extractor.extract.context import contains_any
from extractor.extract.priorities import _STRONG_LEAD, _owned_by_partnership, _ACTIONS_FIRST, list_after, themes_of
from extractor.read import read_document
from extractor.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
CORPORA = [ROOT / "corpus", ROOT / "corpus" / "council-pdfs", ROOT.parent / "shared" / "corpus"]


def candidates(doc_path: Path, gold: dict) -> list[dict]:
    """Lead-in + list candidates of one document, labelled from the gold and judged by the rules."""
    ctx = build_context(read_document(doc_path), Settings())
    gold_texts = [p["text"] for p in gold.get("priorities", [])]
    out = []
    for i, block in enumerate(ctx.blocks):
        run = list_after(ctx.blocks, i)
        cue = contains_any(block.text, ctx.lexicon["priority_cues"])
        if not run or not cue or not (block.text.rstrip().endswith(":") or len(block.text.split()) <= 8):
            continue
        hits = sum(any(similar(b.text, g) for g in gold_texts) for b in run)
        themed = any(themes_of(ctx, b.start, b.end) != ["other"] for b in run)
        rule = (_owned_by_partnership(ctx, block.text) and not _ACTIONS_FIRST.search(block.text)
                and (themed or bool(_STRONG_LEAD.search(block.text))))
        out.append({"text": block.text + " || " + " | ".join(b.text for b in run),
                    "label": hits * 2 > len(run), "rule": rule})
    return out


def council_of(gold: dict, path: Path) -> str:
    return (gold.get("document") or {}).get("council") or path.stem.split("_")[1]


def collect() -> list[dict]:
    rows = []
    for corpus in CORPORA:
        if (corpus / "gold").is_dir():
            for doc, gold_path in find_pairs(corpus):
                gold = json.loads(gold_path.read_text(encoding="utf-8"))
                rows += [dict(c, council=council_of(gold, doc), document=doc.name) for c in candidates(doc, gold)]
    return rows


def train(rows: list[dict], seed: int = 0):
    nlp = spacy.blank("en")
    textcat = nlp.add_pipe("textcat", config={"model": {"@architectures": "spacy.TextCatBOW.v3",
                                                          "exclusive_classes": True, "ngram_size": 2,
                                                          "no_output_layer": False}})
    for label in ("POS", "NEG"):
        textcat.add_label(label)
    examples = [Example.from_dict(nlp.make_doc(r["text"]), {"cats": {"POS": float(r["label"]), "NEG": float(not r["label"])}})
                for r in rows]
    random.seed(seed)
    optimizer = nlp.initialize(lambda: examples)
    for _ in range(30):
        random.shuffle(examples)
        nlp.update(examples, sgd=optimizer)
    return nlp


def scores(pairs: list[tuple[bool, bool]]) -> dict:
    tp = sum(p and g for p, g in pairs)
    fp = sum(p and not g for p, g in pairs)
    fn = sum(g and not p for p, g in pairs)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    accuracy = sum(p == g for p, g in pairs) / len(pairs) if pairs else 1.0
    return {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3),
            "accuracy": round(accuracy, 3), "n": len(pairs)}


def cross_validate(rows: list[dict]) -> dict:
    rule_pairs, model_pairs = [], []
    for council in sorted({r["council"] for r in rows}):
        held = [r for r in rows if r["council"] == council]
        rest = [r for r in rows if r["council"] != council]
        nlp = train(rest) if len({r["label"] for r in rest}) == 2 else None
        for r in held:
            rule_pairs.append((r["rule"], r["label"]))
            predicted = nlp(r["text"]).cats["POS"] >= 0.5 if nlp else rest[0]["label"]
            model_pairs.append((predicted, r["label"]))
    return {"rules": scores(rule_pairs), "textcat": scores(model_pairs),
            "candidates": len(rows), "positives": sum(r["label"] for r in rows),
            "folds": len({r["council"] for r in rows})}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args()
    result = cross_validate(collect())
    print(json.dumps(result, indent=2))
    if args.out:
        args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

"""Score extractor output against gold, as corpus/ANNOTATION.md's Scoring section says.

Text is compared after folding whitespace, ignoring case and surrounding
punctuation, removing ``<p>`` markup and reading ``&`` as "and".  Two texts are
similar when rapidfuzz ``token_set_ratio`` >= 85 and the shorter is at least 60%
as long as the longer.  Items pair one to one within a kind, most similar first.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable


KINDS = ("priorities", "recommendations", "risks", "funding", "decisions")
HEADLINE_KINDS = ("priorities", "recommendations", "risks", "funding")
ITEM_KINDS = ("priorities", "recommendations", "funding", "decisions")  # the generalisation figure's kinds
KEY_FIELD = {"priorities": "text", "recommendations": "text", "risks": "risk", "funding": "amount_gbp",
             "decisions": "text"}
EXACT_FIELDS = {"priorities": ["rank"], "recommendations": ["actions"], "risks": ["rating"],
                "funding": ["period"], "decisions": ["outcome"]}
SIMILAR_FIELDS = {"priorities": [], "recommendations": ["addressee"], "risks": ["mitigation"],
                  "funding": ["funder", "purpose"], "decisions": []}
DOC_EXACT = ("council", "county", "meeting_date", "plan_period")
DOC_SIMILAR = ("title", "author")

from ..normalise.text import SIMILAR, norm, similar, similarity  # noqa: F401  (scoring is this rule)


@dataclass
class KindScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    fields: dict = field(default_factory=dict)  # name -> [right, total]

    @property
    def precision(self) -> float:
        return 1.0 if self.tp + self.fp == 0 else self.tp / (self.tp + self.fp)

    @property
    def recall(self) -> float:
        return 1.0 if self.tp + self.fn == 0 else self.tp / (self.tp + self.fn)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)

    def add(self, other: "KindScore") -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn
        for name, (right, total) in other.fields.items():
            acc = self.fields.setdefault(name, [0, 0])
            acc[0] += right
            acc[1] += total


def pair_items(kind: str, gold: list[dict], out: list[dict]) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, output index), most similar first."""
    key = KEY_FIELD[kind]
    candidates = []
    for gi, g in enumerate(gold):
        for oi, o in enumerate(out):
            score = _pair_score(kind, g.get(key), o.get(key))
            if score is not None:
                candidates.append((score, gi, oi))
    pairs, used_g, used_o = [], set(), set()
    for score, gi, oi in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        if gi not in used_g and oi not in used_o:
            pairs.append((gi, oi))
            used_g.add(gi)
            used_o.add(oi)
    return pairs


def _pair_score(kind: str, g, o) -> float | None:
    if kind == "funding":
        return 100.0 if g is not None and o is not None and float(g) == float(o) else None
    s = similarity(g, o)
    return s if s >= SIMILAR else None


def field_right(kind: str, name: str, g: dict, o: dict) -> bool:
    gv, ov = g.get(name), o.get(name)
    if name == "actions":
        return set(gv or []) == set(ov or [])
    if name in SIMILAR_FIELDS[kind]:
        return (gv is None and ov is None) or (gv is not None and ov is not None and similar(gv, ov))
    return gv == ov


def score_kind(kind: str, gold: list[dict], out: list[dict], calibration: list | None = None) -> KindScore:
    """P/R counts and per-field accuracy for one kind of one document.

    With ``calibration``, (confidence, paired) is appended for every scored output item.
    """
    pairs = pair_items(kind, gold, out)
    ignored_o = {oi for gi, oi in pairs if gold[gi].get("ignore")}
    kept = [(gi, oi) for gi, oi in pairs if not gold[gi].get("ignore")]
    n_gold = sum(1 for g in gold if not g.get("ignore"))
    score = KindScore(tp=len(kept), fp=len(out) - len(ignored_o) - len(kept), fn=n_gold - len(kept))
    if calibration is not None:
        paired = {oi for _, oi in kept}
        calibration += [(o.get("confidence", 1.0), oi in paired, (o.get("rules") or ["?"])[0])
                        for oi, o in enumerate(out) if oi not in ignored_o]
    for name in EXACT_FIELDS[kind] + SIMILAR_FIELDS[kind] + (["main_theme"] if kind == "priorities" else []):
        right = sum(_field_ok(kind, name, gold[gi], out[oi]) for gi, oi in kept)
        score.fields[name] = [right, len(kept)]
    return score


def _field_ok(kind: str, name: str, g: dict, o: dict) -> bool:
    if name == "main_theme":
        return (g.get("themes") or [None])[0] == (o.get("themes") or [None])[0]
    return field_right(kind, name, g, o)


def _known(value):
    """A value, or None for one that says nothing: a plan period of null years (``{"start_year": null,
    "end_year": null}``, as some gold writes "unknown") is the same as null."""
    if isinstance(value, dict) and value and all(v is None for v in value.values()):
        return None
    return value


def score_document_fields(gold: dict, out: dict) -> dict[str, bool]:
    """Each document field right or wrong."""
    result = {name: _known(gold.get(name)) == _known(out.get(name)) for name in DOC_EXACT}
    for name in DOC_SIMILAR:
        g, o = gold.get(name), out.get(name)
        result[name] = (g is None and o is None) or (g is not None and o is not None and similar(g, o))
    return result


@dataclass
class Report:
    kinds: dict = field(default_factory=lambda: {k: KindScore() for k in KINDS})
    doc_fields: dict = field(default_factory=dict)   # name -> [right, total]
    documents: list = field(default_factory=list)   # per-document summaries
    calibration: list = field(default_factory=list)  # (confidence, paired, rule) per output item

    @property
    def overall_f1(self) -> float:
        return sum(self.kinds[k].f1 for k in HEADLINE_KINDS) / len(HEADLINE_KINDS)

    @property
    def items_f1(self) -> float:
        """Mean F1 of priorities, recommendations, funding and decisions (the train/test figure)."""
        return sum(self.kinds[k].f1 for k in ITEM_KINDS) / len(ITEM_KINDS)

    @property
    def doc_accuracy(self) -> float:
        right = sum(r for r, _ in self.doc_fields.values())
        total = sum(t for _, t in self.doc_fields.values())
        return 1.0 if total == 0 else right / total

    def to_dict(self) -> dict:
        return {
            "overall_f1": round(self.overall_f1, 4),
            "items_f1": round(self.items_f1, 4),
            "document_fields_accuracy": round(self.doc_accuracy, 4),
            "kinds": {k: {"precision": round(s.precision, 4), "recall": round(s.recall, 4), "f1": round(s.f1, 4),
                          "tp": s.tp, "fp": s.fp, "fn": s.fn,
                          "fields": {n: _ratio(v) for n, v in s.fields.items()}} for k, s in self.kinds.items()},
            "document_fields": {n: _ratio(v) for n, v in self.doc_fields.items()},
            "documents": self.documents,
        }


def _ratio(v) -> float | None:
    return None if v[1] == 0 else round(v[0] / v[1], 4)


def score_pair(report: Report, name: str, gold: dict, out: dict) -> None:
    """Add one document's gold/output comparison to a report."""
    summary = {"document": name, "kinds": {}}
    for kind in KINDS:
        s = score_kind(kind, gold.get(kind) or [], out.get(kind) or [], report.calibration)
        report.kinds[kind].add(s)
        summary["kinds"][kind] = {"tp": s.tp, "fp": s.fp, "fn": s.fn}
    fields = score_document_fields(gold.get("document") or {}, out.get("document") or {})
    for fname, ok in fields.items():
        acc = report.doc_fields.setdefault(fname, [0, 0])
        acc[0] += ok
        acc[1] += 1
    summary["document_fields_wrong"] = [f for f, ok in fields.items() if not ok]
    report.documents.append(summary)


def find_pairs(directory: Path) -> list[tuple[Path, Path]]:
    """(document, gold) pairs: documents in DIR/docs (or DIR), gold in DIR/gold."""
    directory = Path(directory)
    docs_dir = directory / "docs" if (directory / "docs").is_dir() else directory
    gold_dir = directory / "gold"
    if not gold_dir.is_dir():
        raise FileNotFoundError(f"{directory}: no gold/ folder; evaluate needs DIR/gold/<stem>.json beside the documents")
    pairs = []
    for gold in sorted(gold_dir.glob("*.json")):
        doc = _document_for(gold, docs_dir, directory)
        if doc is not None:
            pairs.append((doc, gold))
    if not pairs:
        raise FileNotFoundError(f"{directory}: no document matches a gold file by name; put DIR/docs/<stem>.txt beside DIR/gold/<stem>.json")
    return pairs


def _document_for(gold: Path, docs_dir: Path, directory: Path) -> Path | None:
    """DIR/docs/<stem>.* or, for documents kept elsewhere, the gold's own "source" path (relative to DIR)."""
    docs = [p for p in sorted(docs_dir.glob(gold.stem + ".*")) if p.suffix != ".json"]
    if docs:
        return docs[0]
    source = json.loads(gold.read_text(encoding="utf-8")).get("source")
    candidate = (directory / source).resolve() if source else None
    return candidate if candidate is not None and candidate.is_file() else None


def evaluate_directory(directory: Path, extract: Callable[[Path], dict]) -> Report:
    """Extract every document that has gold and score it."""
    report = Report()
    for doc_path, gold_path in find_pairs(Path(directory)):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        score_pair(report, doc_path.name, gold, extract(doc_path))
    return report


def format_report(report: Report) -> str:
    """The table printed by `csp-extract evaluate`."""
    lines = [f"{'kind':16} {'P':>6} {'R':>6} {'F1':>6} {'tp':>4} {'fp':>4} {'fn':>4}  fields"]
    for kind, s in report.kinds.items():
        fields = ", ".join(f"{n} {_fmt(v)}" for n, v in s.fields.items())
        lines.append(f"{kind:16} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.tp:4} {s.fp:4} {s.fn:4}  {fields}")
    lines.append(f"{'overall F1':16} {report.overall_f1:6.3f}   (mean of priorities, recommendations, risks, funding)")
    doc = ", ".join(f"{n} {_fmt(v)}" for n, v in report.doc_fields.items())
    lines.append(f"{'document fields':16} {report.doc_accuracy:6.3f}   {doc}")
    return "\n".join(lines)


def merge(reports) -> Report:
    """One report over several corpora (the items and fields of all their documents)."""
    merged = Report()
    for report in reports:
        for kind, score in report.kinds.items():
            merged.kinds[kind].add(score)
        for name, (right, total) in report.doc_fields.items():
            acc = merged.doc_fields.setdefault(name, [0, 0])
            acc[0] += right
            acc[1] += total
        merged.documents += report.documents
        merged.calibration += report.calibration
    return merged


def format_splits(splits: dict[str, Report]) -> str:
    """Per kind, P / R / F1 of each split side by side (`csp-extract evaluate` with no DIRECTORY)."""
    names = list(splits)
    head = f"{'kind':16}" + "".join(f" | {n + f' ({len(splits[n].documents)} documents)':>30}" for n in names)
    lines = [head, f"{'':16}" + "".join(f" | {'P':>8} {'R':>6} {'F1':>6} {'tp/fp/fn':>7}" for _ in names)]
    for kind in KINDS:
        cells = []
        for n in names:
            s = splits[n].kinds[kind]
            cells.append(f" | {s.precision:8.3f} {s.recall:6.3f} {s.f1:6.3f} {f'{s.tp}/{s.fp}/{s.fn}':>7}")
        lines.append(f"{kind:16}" + "".join(cells))
    rows = (("items F1", lambda r: r.items_f1, "mean of priorities, recommendations, funding, decisions"),
            ("overall F1", lambda r: r.overall_f1, "mean of priorities, recommendations, risks, funding"),
            ("document fields", lambda r: r.doc_accuracy, "accuracy of council, county, dates, title, author"))
    for label, value, note in rows:
        lines.append(f"{label:16}" + "".join(f" | {value(splits[n]):22.3f}{'':7}" for n in names) + f"   ({note})")
    return "\n".join(lines)


def format_calibration(report: Report, thresholds=(0.0, 0.5, 0.6, 0.7, 0.8, 0.9)) -> str:
    """Precision of the items kept at each confidence threshold (run over all items)."""
    lines = ["confidence >=  items  precision"]
    for t in thresholds:
        kept = [paired for conf, paired, _ in report.calibration if conf >= t]
        precision = sum(kept) / len(kept) if kept else 1.0
        lines.append(f"{t:13.2f} {len(kept):6} {precision:10.3f}")
    return "\n".join(lines)


def rule_counts(report: Report) -> dict:
    """Per rule id: items produced (n) and items paired with gold (tp)."""
    counts: dict = {}
    for _, paired, rule in report.calibration:
        entry = counts.setdefault(rule, {"tp": 0, "n": 0})
        entry["tp"] += int(paired)
        entry["n"] += 1
    return dict(sorted(counts.items()))


def _fmt(v) -> str:
    return "-" if v[1] == 0 else f"{v[0]}/{v[1]}"

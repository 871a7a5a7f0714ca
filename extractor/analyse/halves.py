"""The pattern ruler matched by two processes at once: half of its token patterns in each.

spaCy's Matcher, not the tokenizer, is most of the spaCy pass over a long document (0.65 to 0.8 s
of about 1.2 s for a 300-page pack): at every token it tries each pattern that may start there.  It
finds each key's matches on its own (its de-duplication and its greedy filter work per key, and
a SpanRuler gives every pattern its own key), so two Matchers holding half of the keys each find,
together, exactly the matches of the whole one; each takes 55 to 60% of its time.  One half
runs in a helper process (:mod:`extractor.batch.helper`) while this one matches the other, and
the union becomes the ruler's spans as :meth:`spacy.pipeline.SpanRuler.match` makes them.
"""
from __future__ import annotations

import warnings

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span

_HALVES: dict[int, tuple] = {}  # id(ruler) -> (ruler, its two half Matchers)


def halves(ruler) -> tuple[Matcher, Matcher] | None:
    """Two Matchers holding every other key of ``ruler``'s token patterns (sorted keys); None
    when it has fewer than two keys.  Made once per ruler."""
    kept = _HALVES.get(id(ruler))
    if kept is not None and kept[0] is ruler:
        return kept[1]
    keyed: dict[str, list] = {}
    for entry in ruler.patterns:
        if not isinstance(entry["pattern"], str):  # phrase patterns stay with the ruler's PhraseMatcher
            keyed.setdefault(repr((entry["label"], entry.get("id", ""))), []).append(entry["pattern"])
    keys = sorted(keyed)
    made = None
    if len(keys) >= 2:
        made = tuple(_matcher(ruler.matcher.vocab, {k: keyed[k] for k in keys[half::2]}) for half in (0, 1))
    _HALVES[id(ruler)] = (ruler, made)
    return made


def _matcher(vocab, keyed: dict[str, list]) -> Matcher:
    matcher = Matcher(vocab, validate=False)
    for key, patterns in keyed.items():
        matcher.add(key, patterns)  # as SpanRuler.add_patterns adds them: one key per (label, id)
    return matcher


def matches(matcher: Matcher, doc: Doc) -> list[tuple[int, int, int]]:
    """``matcher(doc)`` as (key, start, end) tuples of plain ints (cheap to send)."""
    return [(int(key), int(start), int(end)) for key, start, end in matcher(doc)]


def helped_ruler(ruler, doc: Doc, helper) -> Doc:
    """``ruler(doc)``, with half of its token patterns matched by ``helper``
    (:class:`extractor.batch.helper.Helper`)."""
    split = halves(ruler)
    if split is None:
        return ruler(doc)
    theirs, mine = split  # the helper takes the half with more keys: this process also builds the spans
    with helper.run([lambda: matches(theirs, doc)]) as answers:
        found = matches(mine, doc)
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="\\[W036")  # a ruler without phrase patterns
            found += [tuple(m) for m in ruler.phrase_matcher(doc)]
        found += answers.take()
    ruler.set_annotations(doc, spans(ruler, doc, found))
    return doc


def spans(ruler, doc: Doc, found: list[tuple[int, int, int]]) -> list[Span]:
    """The matches as :meth:`spacy.pipeline.SpanRuler.match` returns them (spaCy 3.8): one
    labelled span per distinct match, empty ones dropped, sorted."""
    labels = ruler._match_label_id_map
    unique = {Span(doc, start, end, label=labels[key]["label"], span_id=labels[key]["id"])
              for key, start, end in found if start != end}
    return sorted(unique)

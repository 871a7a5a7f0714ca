"""Build the spaCy pipeline from ``models/`` and run it over a Document.

``models/config.cfg`` declares the components (spaCy's English tokenizer with one more suffix, a
sentencizer and two SpanRulers); the rules come from
``models/patterns/<component>/*.jsonl``, one family per file, an ``id`` on every
pattern.  Nothing is downloaded: the pipeline is ``spacy.blank("en")`` plus
these files.  Structure and items live in ``doc.spans[...]``.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Callable

import numpy
import spacy
from spacy.attrs import IDX, LOWER, NORM, ORTH, SENT_START, SPACY
from spacy.language import Language
from spacy.schemas import validate_token_pattern
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span

from ..document import Document
from ..errors import ModelError
from ..settings import DEFAULT_MODELS
from .halves import helped_ruler

RULER_COMPONENTS = ("csp_patterns", "csp_themes")
ABBREVIATIONS = {"cllr", "mr", "mrs", "ms", "dr", "no", "st", "insp", "supt", "cllrs", "para", "e.g", "i.e", "etc"}

if not Doc.has_extension("csp_document"):
    Doc.set_extension("csp_document", default=None)
if not Span.has_extension("block"):
    Span.set_extension("block", default=None)


@Language.component("csp_sentences")
def csp_sentences(doc: Doc) -> Doc:
    """Sentences never cross a block boundary, nor end after 'Cllr.' or 'Mr.'."""
    if len(doc) < 2:
        return doc
    starts = doc.to_array([SENT_START]).astype("int64")  # set as one array: token by token is slow
    starts[_after_abbreviations(doc)] = -1
    document = doc._.csp_document
    if document is not None:
        offsets = doc.to_array([IDX]).astype("int64")
        wanted = numpy.asarray(sorted({b.start for b in document.blocks}), dtype="int64")
        at = numpy.searchsorted(offsets, wanted)
        inside = at < len(doc)
        at, wanted = at[inside], wanted[inside]
        starts[at[offsets[at] == wanted]] = 1
    starts[0] = 1
    doc.from_array([SENT_START], starts.astype("uint64"))
    return doc


def _after_abbreviations(doc: Doc) -> list[int]:
    """Token indices that follow 'Cllr.' / 'Mr .' (one token or two), where no sentence starts."""
    lower = doc.to_array([LOWER])
    strings = doc.vocab.strings
    dotted = {strings.add(a + ".") for a in ABBREVIATIONS}
    bare = {strings.add(a) for a in ABBREVIATIONS}
    dot = strings.add(".")
    out = []
    for i in numpy.flatnonzero(numpy.isin(lower, list(dotted)) | (lower == dot)):
        glued = lower[i] != dot
        if i + 1 < len(doc) and (glued or (i > 0 and lower[i - 1] in bare)):
            out.append(int(i) + 1)
    return out


def load_patterns(models_dir: Path, component: str) -> list[dict]:
    """All patterns of a component, checked for an id, a label and a valid token pattern."""
    patterns = []
    for path in sorted((models_dir / "patterns" / component).glob("*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                patterns.append(_checked(json.loads(line), path, n))
    if not patterns:
        raise ModelError(str(models_dir), f"no patterns for {component}; restore models/patterns/{component}/")
    return patterns


def _checked(pattern: dict, path: Path, n: int) -> dict:
    if not pattern.get("id") or not pattern.get("label") or "pattern" not in pattern:
        raise ModelError(str(path), f"line {n}: every pattern needs id, label and pattern")
    if not isinstance(pattern["pattern"], str):
        problems = validate_token_pattern(pattern["pattern"])
        if problems:
            raise ModelError(str(path), f"line {n} ({pattern['id']}): {'; '.join(problems)}")
    return pattern


# ----------------------------------------------------------------------------- lexical flags
LEXICAL = {"TEXT": None, "ORTH": None, "LOWER": str.lower}  # token attributes that are the word's string
FLAGS = range(19, 64)  # spaCy's free lexeme flag bits (FLAG19 ... FLAG63)


def with_lexical_flags(vocab, patterns: list[dict]) -> list[dict]:
    """The token patterns with every test on a token's own string (``REGEX``, ``IN`` or
    ``NOT_IN`` on ``TEXT``/``ORTH``/``LOWER``) replaced by a lexeme flag (``Vocab.add_flag``)
    that gives the same answer.  The Matcher calls a Python predicate for every such test at
    every token (most patterns can start anywhere), while a flag is computed once per distinct
    word and tested in C: the same matches, about a third of the time.  Tests beyond the 45
    flags still free in ``vocab`` stay predicates."""
    free = [flag for flag in FLAGS if flag not in vocab.lex_attr_getters]  # another call may hold some
    flags: dict[str, int] = {}
    for pattern in patterns:  # tests a match can start with take the flags first
        if not isinstance(pattern["pattern"], str):
            for token in _start_tokens(pattern["pattern"]):
                _flagged(vocab, token, flags, free)
    out = []
    for pattern in patterns:
        if not isinstance(pattern["pattern"], str):
            tokens = [_flagged(vocab, token, flags, free) for token in pattern["pattern"]]
            pattern = {**pattern, "pattern": tokens}
        out.append(pattern)
    return out


def _start_tokens(tokens: list[dict]) -> list[dict]:
    """The pattern tokens a match can start with: up to the first one that must be there."""
    out = []
    for token in tokens:
        out.append(token)
        if token.get("OP") not in ("?", "*"):
            break
    return out


def _flagged(vocab, token: dict, flags: dict[str, int], free: list[int]) -> dict:
    """One pattern token with its lexical tests as flags (``flags``: those given so far, by
    test; ``free``: the flag bits not yet used)."""
    out = {}
    for key, value in token.items():
        test = _lexical_test(key, value)
        name = json.dumps([key.upper(), value], sort_keys=True)
        if test is not None and name not in flags and len(flags) < len(free):
            flags[name] = vocab.add_flag(test, free[len(flags)])
        if test is not None and name in flags:
            out[f"FLAG{flags[name]}"] = True
        else:
            out[key] = value
    return out


def _lexical_test(key: str, value) -> Callable[[str], bool] | None:
    """The test ``{key: value}`` applies to a word's string, or None when it is not lexical."""
    if key.upper() not in LEXICAL or not isinstance(value, dict) or len(value) != 1:
        return None
    (op, arg), = value.items()
    form = LEXICAL[key.upper()] or str
    if op == "REGEX" and isinstance(arg, str):
        regex = re.compile(arg)
        return lambda word: regex.search(form(word)) is not None
    if op in ("IN", "NOT_IN") and isinstance(arg, (list, tuple)) and all(isinstance(a, str) for a in arg):
        allowed, inside = frozenset(arg), op == "IN"
        return lambda word: (form(word) in allowed) is inside
    return None


@lru_cache(maxsize=4)
def build_nlp(models_dir: Path = DEFAULT_MODELS) -> Language:
    """The pipeline described by models/config.cfg with its pattern files."""
    models_dir = Path(models_dir)
    cfg_path = models_dir / "config.cfg"
    if not cfg_path.exists():
        raise ModelError(str(cfg_path), "missing; restore models/ from the repository or set CSP_EXTRACT_MODELS")
    config = spacy.util.load_config(cfg_path)
    nlp = spacy.util.load_model_from_config(config, auto_fill=True, validate=True)
    nlp.tokenizer.max_cache_size = TOKENIZER_CACHE
    for name in RULER_COMPONENTS:
        nlp.get_pipe(name).add_patterns(with_lexical_flags(nlp.vocab, load_patterns(models_dir, name)))
    return nlp


COLON_DASH = r":-$"  # a suffix of its own (below)


@spacy.registry.tokenizers("csp_extract.Tokenizer.v1")
def create_tokenizer() -> Callable[[Language], Tokenizer]:
    """spaCy's English tokenizer (``spacy.Tokenizer.v1``) with one more suffix: minutes write a
    colon and a dash after a lead word ("Resolved:-", "That Cabinet:-"), which the English
    tokenizer keeps on the word.  Built with it from the start, not changed afterwards: setting
    a built tokenizer's ``suffix_search`` compiles the suffixes again and reloads its 2,700
    special cases (0.1 s of every worker's start-up)."""

    def tokenizer_factory(nlp: Language) -> Tokenizer:
        defaults = nlp.Defaults
        return Tokenizer(
            nlp.vocab,
            rules=defaults.tokenizer_exceptions,
            prefix_search=spacy.util.compile_prefix_regex(defaults.prefixes).search,
            suffix_search=spacy.util.compile_suffix_regex([*defaults.suffixes, COLON_DASH]).search,
            infix_finditer=spacy.util.compile_infix_regex(defaults.infixes).finditer,
            token_match=defaults.token_match,
            url_match=defaults.url_match,
        )

    return tokenizer_factory


# spaCy's tokenizer caches how it split each whitespace-separated chunk of a text, but stops
# caching for the rest of a call once it meets a special case, and the line break after the
# first line of a text is one: a document's chunks were split afresh however often they recur
# (0.8 s of CPU for a 300-page pack).  So each distinct line of the text is tokenized on its own,
# once, and the Doc is built from the lines' tokens (their orth ids, trailing spaces and norms)
# in text order.  A line ends after its line break and the white space that follows, so every
# line starts where the whole text's tokenizer starts a new chunk, and affixes and special cases
# never reach across white space: the same tokens.  Built from a list of known length, the Doc's
# token array has one slot per token; the tokenizer's own Doc doubles its array as it grows (an
# 800,000-token pack held 157 MB where 96 MB are used, and 236 MB while the array was copied).
TOKENIZER_CACHE = 1_000_000  # chunks the tokenizer may cache (spaCy's default, 10,000, fills up)
_LINE = re.compile(r"[^\n]*\n\s*|[^\n]+")
_TOKENIZED: dict[int, int] = {}  # characters tokenized per tokenizer since its cache was emptied


def tokenize(tokenizer, text: str) -> Doc:
    """The Doc ``tokenizer(text)`` gives, built line by line (see above)."""
    _make_room(tokenizer, len(text))
    lines = _LINE.findall(text)
    if len(lines) < 2:
        return tokenizer(text)
    tokens = {line: tokenizer(line).to_array([ORTH, SPACY, NORM]) for line in dict.fromkeys(lines)}
    joined = numpy.concatenate([tokens[line] for line in lines])
    del tokens
    doc = Doc(tokenizer.vocab, words=joined[:, 0].tolist(), spaces=joined[:, 1].astype(bool).tolist())
    return doc.from_array([NORM], joined[:, 2:])  # a special case's own norm ("n't": "not")


def _make_room(tokenizer, size: int) -> None:
    """Empty the tokenizer's cache before it can be full (it holds at most one chunk per
    character tokenized), so that it never stops taking this text's chunks."""
    done = _TOKENIZED.get(id(tokenizer), 0) + size
    if done > tokenizer.max_cache_size:
        tokenizer._flush_cache()
        done = size
    _TOKENIZED[id(tokenizer)] = done


def analyse(document: Document, models_dir: Path = DEFAULT_MODELS, helper=None) -> Doc:
    """Run the pipeline over the canonical text; blocks go to doc.spans['blocks'].  With a
    ``helper`` (:class:`extractor.batch.helper.Helper`) a second process matches half of each
    ruler's token patterns (:mod:`extractor.analyse.halves`): the same spans."""
    nlp = build_nlp(Path(models_dir))
    # The pipeline has no parser or NER, so spaCy's 1M-character guard
    # (nlp.max_length, sized for those) does not apply: tokenise directly.
    doc = tokenize(nlp.tokenizer, document.text)
    doc._.csp_document = document
    for name, component in nlp.pipeline:
        doc = helped_ruler(component, doc, helper) if helper and name in RULER_COMPONENTS else component(doc)
    doc.spans["blocks"] = [_block_span(doc, b) for b in document.blocks]
    return doc


def _block_span(doc: Doc, block) -> Span:
    span = doc.char_span(block.start, block.end, label=block.kind, alignment_mode="expand")
    if span is None:
        span = doc[0:0]
    span._.block = block
    return span

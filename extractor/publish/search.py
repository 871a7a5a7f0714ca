"""Page search: what a reader types, turned into an SQLite FTS5 ``MATCH`` expression.

:func:`page_query` is a pure function of the reader's text and the theme taxonomy:

- words are all required (``knife crime`` finds pages with both words); ``OR`` (any case)
  separates alternatives and ``AND`` in capitals is allowed and changes nothing;
- ``"a quoted phrase"`` must appear as written (FTS5's porter stemmer still folds
  "crimes" into "crime"); a quote that is never closed runs to the end of the text;
- a hyphenated word is a phrase of its parts (``re-offending`` = ``"re offending"``), as the
  FTS tokenizer reads it in the documents;
- words that name a theme, by its label or by one of the words the taxonomy says it covers
  (``serious violence``, ``knife crime``), are widened to the theme: its label or any of its
  words.  A quoted phrase is never widened: quote a phrase to search for it alone;
- every other character (``-``, ``*``, ``(``, ``:``, ``^``) is punctuation, so nothing a reader
  types can be an FTS5 syntax error; text with no words gives ``'""'``, which matches nothing.

Every phrase is rebuilt from its word characters and put in double quotes, so the expression
never carries FTS5 syntax the reader did not ask for.  Standard library only: the Datasette
plugin (``csp_plugin.py``) loads this file by path, also where csp-extract is not installed, and
Datasette runs every file of its plugins folder outside ``sys.modules`` (so no dataclasses here).
"""
from __future__ import annotations

import re
from typing import Iterable, NamedTuple, Sequence

# What the FTS tokenizer (unicode61, under porter) keeps as a word: letters and digits.
_WORD = re.compile(r"[^\W_]+")
# A quoted phrase (closing quote optional) or a run of characters that are not space or quote.
_PART = re.compile(r'"([^"]*)"?|([^\s"]+)')
NOTHING = '""'


class Theme(NamedTuple):
    """A theme of the taxonomy: its label and the words it covers."""

    label: str
    words: tuple[str, ...] = ()

    def phrases(self) -> list[tuple[str, ...]]:
        """The theme's label and words as token tuples, first occurrence first."""
        seen = dict.fromkeys(t for t in map(tokens, (self.label, *self.words)) if t)
        return list(seen)


def tokens(text: str) -> tuple[str, ...]:
    """The words of ``text`` as the FTS tokenizer sees them, lowercased."""
    return tuple(w.lower() for w in _WORD.findall(text))


def themes_from_taxonomy(entries: Iterable[dict]) -> list[Theme]:
    """Themes from ``models/taxonomy.json`` entries (``{"label", "covers"}``) or ``themes``
    rows (``{"label", "words"}``, words a list)."""
    out = []
    for entry in entries:
        words = entry.get("covers", entry.get("words")) or []
        if isinstance(words, str):
            words = [w.strip() for w in words.split(",")]
        out.append(Theme(entry["label"], tuple(w for w in words if w)))
    return out


# ------------------------------------------------------------------------------ parsing


class Word(NamedTuple):
    """A bare word: its tokens (several for a hyphenated word)."""

    tokens: tuple[str, ...]


class Phrase(NamedTuple):
    """A quoted phrase, searched as written."""

    tokens: tuple[str, ...]


def parse(text: str) -> list[list[Word | Phrase]]:
    """The reader's text as alternatives (split at OR), each a list of words and phrases."""
    branches: list[list[Word | Phrase]] = [[]]
    for m in _PART.finditer(text or ""):
        quoted, bare = m.group(1), m.group(2)
        if bare is not None and bare.upper() == "OR":
            branches.append([])
        elif bare is not None and bare == "AND":
            continue
        elif quoted is not None:
            if tokens(quoted):
                branches[-1].append(Phrase(tokens(quoted)))
        elif tokens(bare):
            branches[-1].append(Word(tokens(bare)))
    return [b for b in branches if b]


# ------------------------------------------------------------------------------ building


def _phrase(toks: Sequence[str]) -> str:
    return '"' + " ".join(toks) + '"'  # tokens are word characters only: nothing to escape


def _theme_index(themes: Iterable[Theme]) -> dict[tuple[str, ...], list[Theme]]:
    """Token tuple of every label and word -> the themes it names."""
    index: dict[tuple[str, ...], list[Theme]] = {}
    for theme in themes:
        if not theme.words:  # a theme that covers nothing ("None of the above") widens nothing
            continue
        for phrase in theme.phrases():
            index.setdefault(phrase, []).append(theme)
    return index


def _run_atoms(words: list[Word], index: dict[tuple[str, ...], list[Theme]]) -> list[str]:
    """The atoms of a run of bare words: the longest run of whole words that names a theme
    becomes the theme's alternatives; any other word is itself (a phrase when hyphenated)."""
    atoms: list[str] = []
    i = 0
    while i < len(words):
        for j in range(len(words), i, -1):
            key = tuple(t for w in words[i:j] for t in w.tokens)
            if key in index:
                alternatives = dict.fromkeys(
                    _phrase(p) for theme in index[key] for p in [key, *theme.phrases()]
                )
                atoms.append("(" + " OR ".join(alternatives) + ")")
                i = j
                break
        else:
            atoms.append(_phrase(words[i].tokens))
            i += 1
    return atoms


def _branch(parts: list[Word | Phrase], index: dict[tuple[str, ...], list[Theme]]) -> str:
    atoms: list[str] = []
    run: list[Word] = []
    for part in parts + [None]:  # type: ignore[list-item]
        if isinstance(part, Word):
            run.append(part)
            continue
        atoms += _run_atoms(run, index)
        run = []
        if isinstance(part, Phrase):
            atoms.append(_phrase(part.tokens))
    return " AND ".join(atoms)


def page_query(text: str, themes: Iterable[Theme] = ()) -> str:
    """The FTS5 MATCH expression for what the reader typed (see the module docstring)."""
    index = _theme_index(themes)
    branches = [_branch(parts, index) for parts in parse(text)]
    if not branches:
        return NOTHING
    if len(branches) == 1:
        return branches[0]
    return " OR ".join(f"({b})" if " AND " in b else b for b in branches)

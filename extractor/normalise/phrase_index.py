"""Run a large alternation of names only where one of its names can start.

The gazetteer's regexes are alternations of hundreds of names behind ``(?<!\\w)``; ``finditer``
tries every alternative at every character of a long text, which made finding councils in a
300-page pack cost half a second.  A match of such a regex starts a word: the first word of one
of its names.  :class:`IndexedRegex` keeps those first words, finds where they stand in the text
(:class:`TextWords`, once per text for every regex) and calls ``regex.match`` only there, which
gives the same matches as ``finditer``, in the same order."""
from __future__ import annotations

import bisect
import re
import unicodedata
from typing import Iterable, Iterator

__all__ = ["IndexedRegex", "TextWords", "first_word", "without_overlaps"]

_RUN = re.compile(r"\w+")


def _is_word(char: str) -> bool:
    """What ``\\w`` matches in a ``str`` pattern (``re`` reads it as alphanumeric or '_')."""
    return char.isalnum() or char == "_"


def first_word(phrase: str) -> str | None:
    """The word a match of ``phrase`` (as the gazetteer writes it: tokens split on spaces, '&'
    read as 'and') starts with, or None when that cannot be said safely: a first token that is
    'and' or '&', that does not start with a word character, or that is not plain ASCII up to
    its first non-word character, unless that is punctuation (case-blind matching could
    otherwise start at another word)."""
    tokens = phrase.replace("&", " & ").split()
    if not tokens or tokens[0].lower() in ("and", "&"):
        return None
    run = _RUN.match(tokens[0])
    rest = tokens[0][run.end():] if run else ""
    if run is None or not run.group().isascii() or not _caseless(rest[:1]):
        return None
    return run.group()


def _caseless(char: str) -> bool:
    """Whether case-blind matching can take ``char`` (not a word character) for nothing but
    itself: ASCII, or punctuation ("’"), which has no case."""
    return char.isascii() or unicodedata.category(char)[0] in "PZ"


class TextWords:
    """The words of one text (runs of word characters) and where each stands, found once."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.words = set(_RUN.findall(text))
        self._where: dict[str, list[int]] = {}

    def where(self, word: str) -> list[int]:
        """Offsets of ``word`` as a whole run of word characters, in order."""
        if word not in self._where:
            text, size, found = self.text, len(word), []
            at = text.find(word)
            while at >= 0:
                if (at == 0 or not _is_word(text[at - 1])) and (at + size == len(text) or not _is_word(text[at + size])):
                    found.append(at)
                at = text.find(word, at + 1)
            self._where[word] = found
        return self._where[word]


class IndexedRegex:
    """``regex``, every match of which starts at a whole word from ``firsts`` (compared in
    lower case when ``ignore_case``); ``firsts`` None when that is not known (then the regex
    scans the whole text, as before)."""

    def __init__(self, regex: re.Pattern | None, firsts: Iterable[str | None] | None, ignore_case: bool) -> None:
        self.regex = regex
        firsts = None if firsts is None else list(firsts)
        known = firsts is not None and None not in firsts
        self.firsts = frozenset(f.lower() if ignore_case else f for f in firsts) if known else None
        self.ignore_case = ignore_case

    def finditer(self, words: TextWords) -> Iterator[re.Match]:
        """What ``regex.finditer(words.text)`` yields."""
        if self.regex is None:
            return
        if self.firsts is None:
            yield from self.regex.finditer(words.text)
            return
        end = 0
        for at in self._starts(words):
            if at >= end:
                match = self.regex.match(words.text, at)
                if match is not None:
                    end = match.end()
                    yield match

    def _starts(self, words: TextWords) -> list[int]:
        """Where a match can start: the text's words that are first words (in any case when
        ``ignore_case``; a word beyond ASCII is always tried, case-blind matching being wider
        than ``str.lower``)."""
        if self.ignore_case:
            chosen = [w for w in words.words if w.lower() in self.firsts or not w.isascii()]
        else:
            chosen = [w for w in words.words if w in self.firsts]
        return sorted(at for w in chosen for at in words.where(w))


def without_overlaps(spans: Iterable) -> list:
    """Each span (anything with ``start`` and ``end``) that overlaps none kept before it, in the
    order given: what comparing each with every kept span gives, by bisection over the kept spans
    (disjoint, so their ends rise with their starts).  An empty span, if one is kept, is compared
    with every kept span from then on."""
    kept: list = []
    starts: list[int] = []
    ends: list[int] = []
    linear = False
    for span in spans:
        if linear or span.start >= span.end:
            if not any(k.start < span.end and span.start < k.end for k in kept):
                kept.append(span)
                linear = True
            continue
        i = bisect.bisect_left(starts, span.end)  # the kept spans that start before this one ends
        if i and ends[i - 1] > span.start:
            continue
        kept.append(span)
        starts.insert(i, span.start)
        ends.insert(i, span.end)
    return kept

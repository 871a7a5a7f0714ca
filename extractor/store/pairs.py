"""Candidate pairs through an index of subject words, so that the follow-through refresh
(:mod:`extractor.store.outcomes`) scores a recommendation only against the decisions (and
other recommendations) that share a subject word with it, instead of against all of them.

A subject is the text's subject words joined by spaces (``outcomes.subject_words``), worked
out once per item per refresh.  Its *keys* are its words cut to ``KEY_LENGTH`` characters, so
that "priority" and "priorities", "service" and "services", "behaviour" and "behavioural" meet
under one key.  Two subjects with no key in common are far apart (token_set_ratio and
token_sort_ratio of two disjoint word lists, typically 30-55), and such a pair is taken never
to reach the link threshold.  That is a rule of thumb, not a bound: two wordings that differ
within each word's first five letters ("anti-social"/"antisocial" with nothing else shared)
could score 70 and be missed.  The tests (tests/test_refresh.py) check on the bundled and
shared corpus that the links are those of the all-pairs rule.

:class:`Classes` groups identical items (the same subject, date, council and, for decisions,
outcome and body: the copies of one paper, filed again or published twice), so that each
class is scored once and a council of many copies costs what one copy does.
"""
from __future__ import annotations

from typing import Any, Hashable, Iterable, Sequence

KEY_LENGTH = 5  # characters of a subject word that make its key


def subject_keys(subject: str) -> set[str]:
    """The index keys of a subject (its words cut to ``KEY_LENGTH`` characters)."""
    return {word[:KEY_LENGTH] for word in subject.split()}


class SubjectIndex:
    """The subjects of a list of items, each key mapped to the positions holding it."""

    def __init__(self, subjects: Sequence[str]):
        self.subjects = list(subjects)
        self.keys = [subject_keys(s) for s in self.subjects]
        self._where: dict[str, list[int]] = {}
        for position, keys in enumerate(self.keys):
            for key in keys:
                self._where.setdefault(key, []).append(position)

    def sharing(self, keys: Iterable[str]) -> list[int]:
        """The positions, in order, of the items whose subject shares a key with ``keys``."""
        found: set[int] = set()
        for key in keys:
            found.update(self._where.get(key, ()))
        return sorted(found)


class Classes:
    """Items grouped into classes of equal keys (a key's first field is the subject): the
    copies of one paper, filed again or published twice, are scored once.  ``documents``
    gives each item's document, since an item is not compared with its own document's."""

    def __init__(self, keys: Sequence[tuple[Hashable, ...]], documents: Sequence[Any]):
        self.keys: list[tuple] = []
        self.members: list[list[int]] = []  # each class's positions, in order
        self._class: list[int] = []
        self.documents = list(documents)
        found: dict[tuple, int] = {}
        for position, key in enumerate(keys):
            c = found.setdefault(key, len(self.keys))
            if c == len(self.keys):
                self.keys.append(key)
                self.members.append([])
            self.members[c].append(position)
            self._class.append(c)
        self.index = SubjectIndex([key[0] for key in self.keys])

    def key_of(self, position: int) -> tuple:
        return self.keys[self._class[position]]

    def sharing(self, subject: str) -> list[int]:
        """The classes whose subject shares a key with ``subject``."""
        return self.index.sharing(subject_keys(subject))

    def ranked(self, scored: Iterable[tuple[float, int]]) -> list[tuple[float, int]]:
        """(score, class) pairs, best first; on a tie, the class met first."""
        return sorted(scored, key=lambda t: (-t[0], self.members[t[1]][0]))

    def first(self, ranked: Sequence[tuple[float, int]], document: Any) -> tuple[float, int] | None:
        """(score, position) of the best item outside ``document`` among ``ranked`` classes:
        the highest score, the first position on a tie."""
        best = None
        for score, c in ranked:
            if best is not None and score < best[0]:
                break
            position = next((p for p in self.members[c] if self.documents[p] != document), None)
            if position is not None and (best is None or position < best[1]):
                best = (score, position)
        return best

"""Candidate pairs through an index of subject words, so that the follow-through refresh
(:mod:`extractor.store.outcomes`) scores a recommendation only against the decisions (and
other recommendations) that share a subject word with it, instead of against all of them.

A subject is the text's subject words joined by spaces (``outcomes.subject_words``), worked
out once per item per refresh.  Its *keys* are its words cut to ``KEY_LENGTH`` characters, so
that "priority" and "priorities", "service" and "services", "behaviour" and "behavioural" meet
under one key.  Two subjects with no key in common are far apart (token_set_ratio and
token_sort_ratio of two disjoint word lists, typically 30-55): such a pair is never linked,
and the tests (tests/test_refresh.py) check on every corpus that the links are those of the
all-pairs rule.
"""
from __future__ import annotations

from typing import Iterable, Sequence

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

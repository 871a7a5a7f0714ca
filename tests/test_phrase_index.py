"""The gazetteer's regexes run only where a name can start (issue 15): the same matches as
``finditer`` over the whole text, in the same order."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.normalise.councils import load_gazetteer
from extractor.normalise.phrase_index import IndexedRegex, TextWords, first_word, without_overlaps

GAZ = load_gazetteer()
WORDS = ["Kent", "KENT", "kent", "County", "Council", "Swale", "swale", "Borough", "Safer", "Woking", "Partnership",
         "Local", "Committee", "(Elmbridge)", "Guildford", "KCC", "SCC", "Tonbridge", "&", "and", "Malling", "BC",
         "Mayor’s", "Office", "for", "Policing", "Crime", "Hall,", "Maidstone", "ſwale", "İnsp", "Kentish", "-", "\n",
         "Community", "Safety", "North", "Hampshire", "Medway", "CSP", "Sevenoaks", "District", "The"]  # fmt: skip


def spans(matches) -> list:
    return [(m.span(), m.group(), m.groupdict()) for m in matches]


@settings(max_examples=300, deadline=None)
@given(words=st.lists(st.sampled_from(WORDS), max_size=30), glue=st.sampled_from([" ", "\n", "  ", ", "]))
def test_each_gazetteer_regex_finds_what_finditer_finds(words, glue):
    text = glue.join(words)
    found = TextWords(text)
    for name, indexed in GAZ._indexed.items():
        assert indexed.firsts is not None, name  # every regex is indexed
        assert spans(indexed.finditer(found)) == spans(indexed.regex.finditer(text)), name


@pytest.mark.parametrize("phrase, first", [("Kent County Council", "Kent"), ("Mayor’s Office", "Mayor"),
                                           ("St. Albans", "St"), ("& Co", None), ("and more", None),
                                           ("(Elmbridge)", None), ("Kent·x", "Kent"), ("Kentⓐ", None),
                                           ("Ōban Council", None)])
def test_the_first_word_of_a_name_or_none_when_unsure(phrase, first):
    assert first_word(phrase) == first


def test_a_regex_without_known_first_words_scans_the_whole_text():
    regex = re.compile(r"(?<!\w)(?:and|&)\s+Co(?!\w)", re.I)
    indexed = IndexedRegex(regex, [first_word("& Co")], ignore_case=True)
    assert indexed.firsts is None
    assert spans(indexed.finditer(TextWords("Smith & Co and co"))) == spans(regex.finditer("Smith & Co and co"))


def test_case_blind_names_are_tried_at_words_beyond_ascii():
    regex = re.compile(r"(?<!\w)(?:swale)(?!\w)", re.I)
    indexed = IndexedRegex(regex, ["swale"], ignore_case=True)
    text = "ſwale SWALE swales"  # the long s matches 's' when case is ignored
    assert spans(indexed.finditer(TextWords(text))) == spans(regex.finditer(text)) != []


@settings(max_examples=300, deadline=None)
@given(spans=st.lists(st.tuples(st.integers(0, 30), st.integers(0, 8)), max_size=25))
def test_without_overlaps_keeps_what_comparing_with_every_kept_span_keeps(spans):
    from types import SimpleNamespace

    given_spans = [SimpleNamespace(start=s, end=s + n) for s, n in spans]
    expected: list = []
    for span in given_spans:
        if not any(k.start < span.end and span.start < k.end for k in expected):
            expected.append(span)
    assert [id(s) for s in without_overlaps(given_spans)] == [id(s) for s in expected]

"""The spaCy pipeline built from models/: pattern files are validated, and tests on a word's
string become lexeme flags that match exactly what the Matcher's own predicates match."""
from __future__ import annotations

import json

import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.matcher import Matcher

from extractor.analyse import pipeline
from extractor.errors import ModelError
from extractor.settings import DEFAULT_MODELS

WORDS = ["2019", "2019/20", "20", "-", "to", "£", "5,000", "m", "A3", "12", "x", "4", "High", "very", "low",
         "RESOLVED", "Resolved", "resolved", "that", ":", "The", "Cabinet", "agreed", "is", "asked", "to", "Monday",
         ",", "3rd", "March", "2024", "12/03/2024", "Committee", "of", "and", "\n", "Members", "moved", "by"]  # fmt: skip


def matches(matcher, doc) -> set[tuple[str, int, int]]:
    return {(doc.vocab.strings[key], start, end) for key, start, end in matcher(doc)}


@pytest.fixture(scope="module")
def two_matchers():
    """The shipped patterns as they are, and with lexeme flags (each in its own vocabulary)."""
    plain_nlp, flagged_nlp = spacy.blank("en"), spacy.blank("en")
    patterns = pipeline.load_patterns(DEFAULT_MODELS, "csp_patterns")
    plain, flagged = Matcher(plain_nlp.vocab, validate=True), Matcher(flagged_nlp.vocab, validate=False)
    for source, compiled in zip(patterns, pipeline.with_lexical_flags(flagged_nlp.vocab, patterns)):
        plain.add(source["id"], [source["pattern"]])
        flagged.add(compiled["id"], [compiled["pattern"]])
    return (plain_nlp, plain), (flagged_nlp, flagged)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=st.lists(st.sampled_from(WORDS), max_size=25))
def test_flagged_patterns_match_what_the_patterns_match(two_matchers, words):
    (plain_nlp, plain), (flagged_nlp, flagged) = two_matchers
    text = " ".join(words)
    assert matches(flagged, flagged_nlp(text)) == matches(plain, plain_nlp(text))


def test_lexical_tests_become_flags_and_other_tests_stay():
    nlp = spacy.blank("en")
    tokens = [{"TEXT": {"REGEX": "^(19|20)\\d\\d$"}}, {"LOWER": {"IN": ["to", "until"]}, "OP": "?"},
              {"LOWER": {"NOT_IN": ["x"]}}, {"IS_TITLE": True}, {"LENGTH": {">=": 2}}]  # fmt: skip
    [compiled] = pipeline.with_lexical_flags(nlp.vocab, [{"id": "t", "label": "T", "pattern": tokens}])
    assert compiled["pattern"] == [{"FLAG19": True}, {"FLAG20": True, "OP": "?"}, {"FLAG21": True},
                                   {"IS_TITLE": True}, {"LENGTH": {">=": 2}}]  # fmt: skip
    assert nlp.vocab["2024"].check_flag(19) and not nlp.vocab["1066"].check_flag(19)
    assert nlp.vocab["Until"].check_flag(20) and not nlp.vocab["X"].check_flag(21)


def test_the_built_pipeline_uses_flags_for_its_patterns():
    nlp = pipeline.build_nlp(DEFAULT_MODELS)
    doc = nlp("The plan runs from 2022 to 2025. RESOLVED: that the plan be approved.")
    labels = {(s.label_, s.text) for s in doc.spans["patterns"]}
    assert ("PERIOD", "2022 to 2025") in labels and ("DECISION_CUE", "RESOLVED: that") in labels


def test_an_invalid_token_pattern_names_its_file_and_line(tmp_path):
    folder = tmp_path / "patterns" / "csp_patterns"
    folder.mkdir(parents=True)
    good = {"id": "ok", "label": "X", "pattern": [{"LOWER": "ok"}]}
    bad = {"id": "bad.key", "label": "X", "pattern": [{"LOWERCASE": "x"}]}
    (folder / "family.jsonl").write_text(json.dumps(good) + "\n" + json.dumps(bad) + "\n", encoding="utf-8")
    with pytest.raises(ModelError, match=r"family\.jsonl.*line 2 \(bad\.key\)"):
        pipeline.load_patterns(tmp_path, "csp_patterns")


def test_two_pattern_sets_on_one_vocabulary_get_their_own_flags():
    nlp = spacy.blank("en")
    first = pipeline.with_lexical_flags(nlp.vocab, [{"id": "a", "label": "A", "pattern": [{"LOWER": {"IN": ["budget"]}}]}])
    second = pipeline.with_lexical_flags(nlp.vocab, [{"id": "b", "label": "B", "pattern": [{"LOWER": {"IN": ["risk"]}}]}])
    assert first[0]["pattern"] != second[0]["pattern"]
    matcher = Matcher(nlp.vocab, validate=False)
    for compiled in first + second:
        matcher.add(compiled["label"], [compiled["pattern"]])
    assert matches(matcher, nlp("budget risk")) == {("A", 0, 1), ("B", 1, 2)}


def test_tests_that_are_not_plain_strings_stay_predicates():
    nlp = spacy.blank("en")
    token = {"LOWER": {"REGEX": {"IN": ["^bud", "^ris"]}}}
    [compiled] = pipeline.with_lexical_flags(nlp.vocab, [{"id": "n", "label": "N", "pattern": [token]}])
    assert compiled["pattern"] == [token]


def test_a_report_over_a_million_characters_is_analysed_not_refused():
    # Regression: spaCy's nlp.max_length (1,000,000 characters, a guard for the parser and
    # NER, which this pipeline does not have) made a long agenda pack fail with E088.
    from extractor.core import extract_text

    filler = ("The partnership met and noted the report of the officer. " * 40 + "\n\n")
    text = "Priorities\n\nThe priorities are:\n- Tackling domestic abuse\n- Reducing knife crime\n\n"
    text += filler * (1_000_000 // len(filler) + 5)
    assert len(text) > 1_000_000
    result = extract_text(text)
    themes = [t for p in result["priorities"] for t in p["themes"]]
    assert "domestic_abuse" in themes


@pytest.mark.parametrize("text", ["", "\n", "One line", "Mr. Smith's report\n\nThe CSP don't meet :)\n  (Mr.\nMr. Smith's report\n",
                                  "x\r\ny\t\tz  \n  \nResolved:-\n" * 3])
def test_tokenize_gives_the_tokenizers_own_tokens(text):
    # issue 15: the lines are tokenized first to fill the tokenizer's cache; the tokens are those
    # of one call on the whole text with an empty cache
    from spacy.attrs import IDX, NORM, ORTH, SPACY

    fresh = pipeline.build_nlp.__wrapped__(DEFAULT_MODELS).tokenizer
    expected = fresh(text).to_array([ORTH, NORM, SPACY, IDX]).tolist()
    built = pipeline.build_nlp(DEFAULT_MODELS).tokenizer
    assert pipeline.tokenize(built, text).to_array([ORTH, NORM, SPACY, IDX]).tolist() == expected
    assert pipeline.tokenize(built, text).to_array([ORTH, NORM, SPACY, IDX]).tolist() == expected


@pytest.mark.parametrize("text", ["See https://example.org/csp-plan.pdf, e.g. para. 3.", "We don't; they'll (a) £5,000-£7,500",
                                  "Cllr. O'Neil's 12/03/2024 report:", "RESOLVED :- that", "2019/20 - 21st"])
def test_the_tokenizer_is_englishs_own_but_for_the_colon_dash(text):
    # the pipeline builds its tokenizer with one more suffix (":-"); every other token is the one
    # spaCy's English tokenizer gives (its special cases, URLs, prefixes and infixes kept)
    words = [t.text for t in pipeline.build_nlp(DEFAULT_MODELS).tokenizer(text)]
    assert words == [t.text for t in spacy.blank("en")(text)]


def test_the_tokenizer_splits_a_colon_dash_off_a_word():
    words = [t.text for t in pipeline.build_nlp(DEFAULT_MODELS).tokenizer("Resolved:- That Cabinet:-")]
    assert words == ["Resolved", ":-", "That", "Cabinet", ":-"]

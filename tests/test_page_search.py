"""The page search's query builder (extractor/publish/search.py): what a reader types -> FTS5."""
from __future__ import annotations

import json
import sqlite3

import pytest
from hypothesis import given, settings, strategies as st

from extractor.publish.search import (
    NOTHING, Phrase, Theme, Word, page_query, parse, themes_from_taxonomy, tokens,
)
from tests.conftest import ROOT

VIOLENCE = Theme("Serious violence", ("violent crime", "knife crime"))
REOFFENDING = Theme("Reducing reoffending", ("re-offending", "youth offending"))
NONE = Theme("None of the above", ())
THEMES = [VIOLENCE, REOFFENDING, NONE]

PAGES = [
    "Knife crime rose in the town centre.",
    "The Serious Violence Duty came into force in 2023.",
    "Violent crimes were down; knife-crime was not.",
    "Reducing re-offending by young people.",
    "Anti-social behaviour and criminal damage.",
    'The "buy in" of agencies (risk E2).',
]


@pytest.fixture(scope="module")
def fts():
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE pages USING fts5(text, tokenize='porter')")
    conn.executemany("INSERT INTO pages (rowid, text) VALUES (?, ?)", enumerate(PAGES, 1))
    yield conn
    conn.close()


def hits(conn, text: str, themes=THEMES) -> list[int]:
    """The PAGES (1-based) the reader's text finds."""
    return [r[0] for r in conn.execute(
        "SELECT rowid FROM pages WHERE pages MATCH ? ORDER BY rowid", [page_query(text, themes)])]


def test_words_are_all_required():
    assert page_query("town centre") == '"town" AND "centre"'


def test_or_in_any_case_gives_alternatives():
    assert page_query("burglary OR robbery") == '"burglary" OR "robbery"'
    assert page_query("burglary or robbery") == '"burglary" OR "robbery"'
    assert page_query("town centre OR robbery") == '("town" AND "centre") OR "robbery"'
    assert page_query("AND burglary") == '"burglary"'  # AND in capitals is the default anyway


def test_quoted_phrase_is_kept_whole():
    assert page_query('"town centre" robbery') == '"town centre" AND "robbery"'


def test_hyphenated_word_is_a_phrase_of_its_parts():
    assert page_query("fly-tipping") == '"fly tipping"'


def test_punctuation_and_stray_quotes_cannot_make_fts_syntax():
    assert page_query('knife "crime') == '"knife" AND "crime"'  # unclosed quote runs to the end
    assert page_query(" - ") == NOTHING
    assert page_query("") == NOTHING and page_query("OR") == NOTHING
    # FTS5 operators and column filters are words; punctuation inside a word joins a phrase
    assert page_query("NEAR(a b) col:x ^y z*") == '"near a" AND "b" AND "col x" AND "y" AND "z"'
    assert page_query('say "') == '"say"'


def test_a_theme_word_is_widened_to_the_theme():
    expected = '("knife crime" OR "serious violence" OR "violent crime")'
    assert page_query("knife crime", THEMES) == expected
    assert page_query("Knife-Crime", THEMES) == expected
    assert page_query("serious violence", THEMES) == '("serious violence" OR "violent crime" OR "knife crime")'


def test_a_theme_inside_other_words_is_widened_alone():
    assert page_query("knife crime Kent", THEMES) == (
        '("knife crime" OR "serious violence" OR "violent crime") AND "kent"')
    assert page_query("re-offending", THEMES).startswith('("re offending" OR "reducing reoffending"')


def test_quoting_a_theme_word_searches_for_it_alone():
    assert page_query('"knife crime"', THEMES) == '"knife crime"'


def test_a_theme_that_covers_nothing_widens_nothing():
    assert page_query("none of the above", THEMES) == '"none" AND "of" AND "the" AND "above"'


def test_no_themes_no_widening():
    assert page_query("knife crime") == '"knife" AND "crime"'


def test_parse():
    assert parse('a "b c" OR d-e') == [[Word(("a",)), Phrase(("b", "c"))], [Word(("d", "e"))]]
    assert tokens("Women's safety") == ("women", "s", "safety")


def test_search_finds_the_right_pages(fts):
    assert hits(fts, "knife crime", themes=[]) == [1, 3]
    assert hits(fts, "knife crime OR serious violence", themes=[]) == [1, 2, 3]
    assert hits(fts, '"serious violence duty"') == [2]
    # the theme: knife crime also finds violent crimes (porter: crimes ~ crime) and serious violence
    assert hits(fts, "knife crime") == [1, 2, 3]
    assert hits(fts, '"knife crime"') == [1, 3]
    assert hits(fts, "young people OR criminal damage") == [4, 5]
    assert hits(fts, 'buy in"') == [6] and hits(fts, '"') == []


def test_the_shipped_taxonomy_widens_serious_violence_to_knife_crime():
    taxonomy = json.loads((ROOT / "models" / "taxonomy.json").read_text(encoding="utf-8"))
    themes = themes_from_taxonomy(taxonomy)
    query = page_query("serious violence", themes)
    assert '"knife crime"' in query and '"violent crime"' in query
    # a word that several themes cover is widened to all of them; none is lost
    words = {w for t in themes for w in t.words}
    assert all(page_query(w, themes) != NOTHING for w in words)


def test_themes_from_database_rows():
    rows = [{"label": "Serious violence", "words": ["knife crime"]}, {"label": "x", "words": None}]
    assert themes_from_taxonomy(rows) == [Theme("Serious violence", ("knife crime",)), Theme("x", ())]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('ab -"*()^:.OR\'/\\_é\t')) | st.characters(), max_size=40))
def test_any_text_is_a_valid_fts5_query(text):
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE pages USING fts5(text, tokenize='porter')")
    conn.execute("INSERT INTO pages VALUES ('knife crime')")
    conn.execute("SELECT COUNT(*) FROM pages WHERE pages MATCH ?", [page_query(text, THEMES)]).fetchall()

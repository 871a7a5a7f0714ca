"""Tests for extractor.normalise.councils and models/gazetteer.json."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings as hsettings, strategies as st

from extractor import settings
from extractor.normalise.councils import (
    Council, CouncilMention, Gazetteer, KINDS, load_gazetteer,
)

GAZ = load_gazetteer()

KENT_DISTRICTS = [
    "Ashford Borough Council", "Canterbury City Council", "Dartford Borough Council",
    "Dover District Council", "Folkestone and Hythe District Council", "Gravesham Borough Council",
    "Maidstone Borough Council", "Sevenoaks District Council", "Swale Borough Council",
    "Thanet District Council", "Tonbridge and Malling Borough Council",
    "Tunbridge Wells Borough Council",
]
SURREY_DISTRICTS = [
    "Elmbridge Borough Council", "Epsom and Ewell Borough Council", "Guildford Borough Council",
    "Mole Valley District Council", "Reigate and Banstead Borough Council",
    "Runnymede Borough Council", "Spelthorne Borough Council", "Surrey Heath Borough Council",
    "Tandridge District Council", "Waverley Borough Council", "Woking Borough Council",
]


def found(text: str) -> list[tuple[str, str, str]]:
    """(name, how, matched) for every mention in *text*."""
    return [(m.name, m.how, m.matched) for m in GAZ.find(text)]


# ----- the gazetteer file -----
def test_gazetteer_lists_every_english_council_and_commissioner():
    by_name = {c.name: c for c in GAZ.councils}
    assert {"Kent County Council", "Medway Council", "Surrey County Council", *KENT_DISTRICTS,
            *SURREY_DISTRICTS} <= set(by_name)
    assert sum(c.kind != "pcc" for c in GAZ.councils) == 317  # current English councils in the register
    assert sum(c.kind == "pcc" for c in GAZ.councils) >= 37  # a commissioner per force area
    assert by_name["Wigan Metropolitan Borough Council"].county == "Greater Manchester"
    assert by_name["London Borough of Brent"].county == "Greater London"
    assert by_name["Stockton-on-Tees Borough Council"].county == "Durham"
    assert by_name["Police and Crime Commissioner for Thames Valley"].county is None  # three counties
    assert all(by_name[n].county == "Kent" for n in ["Medway Council", *KENT_DISTRICTS])
    assert all(by_name[n].county == "Surrey" for n in SURREY_DISTRICTS)
    assert by_name["Medway Council"].kind == "unitary"
    assert by_name["Kent County Council"].kind == by_name["Surrey County Council"].kind == "county"
    assert by_name["Canterbury City Council"].kind == "city"


@pytest.mark.parametrize("council", GAZ.councils, ids=lambda c: c.name)
def test_kind_matches_name(council):
    assert council.kind in KINDS
    word = {"district": "District Council", "borough": "Borough Council",
            "city": "City Council", "county": "County Council"}.get(council.kind)
    assert word is None or council.name.endswith(word)
    assert council.aliases or council.names, "every council needs another form of its name"


def test_gazetteer_json_shape_and_local_committee_note():
    data = json.loads((settings.DEFAULT_MODELS / "gazetteer.json").read_text(encoding="utf-8"))
    assert "Local Committee" in data["local_committees"]["note"]
    assert data["local_committees"]["council"] == "Surrey County Council"
    for entry in data["councils"]:
        assert {"name", "county", "kind", "aliases", "partnerships"} <= set(entry)
    aliases = {a for e in data["councils"] for a in e["aliases"]}
    assert "Kent" not in aliases and "Surrey" not in aliases
    assert "CC BY 4.0" in data["about"]  # the register's attribution travels with the derived table


def test_load_gazetteer_is_cached_per_path(tmp_path):
    assert load_gazetteer(settings.DEFAULT_MODELS) is GAZ
    (tmp_path / "gazetteer.json").write_text(json.dumps({"councils": [
        {"name": "Brentwood Borough Council", "county": "Essex", "kind": "borough",
         "aliases": ["Brentwood"], "partnerships": []}]}), encoding="utf-8")
    other = load_gazetteer(tmp_path)
    assert other is load_gazetteer(tmp_path) and other is not GAZ
    assert [c.name for c in other.councils] == ["Brentwood Borough Council"]


def test_load_gazetteer_missing_file_names_the_fix(tmp_path):
    with pytest.raises(FileNotFoundError, match="gazetteer"):
        load_gazetteer(tmp_path / "nowhere")


def test_malformed_entry_is_rejected():
    with pytest.raises(ValueError, match="kind"):
        Gazetteer.from_dict({"councils": [{"name": "X Council", "kind": "parish"}]})


# ----- find -----
def test_find_real_snippets():
    # Sevenoaks, 5 March 2024
    text = ("The Crime & Disorder Act 1998 places a statutory responsibility on Sevenoaks District "
            "Council, Kent County Council, Kent Fire & Rescue Service, Health, Probation and Kent Police")
    assert found(text) == [("Sevenoaks District Council", "full", "Sevenoaks District Council"),
                           ("Kent County Council", "full", "Kent County Council")]
    # Thanet, 16 April 2024
    text = "Executive group; Kent Police, Thanet District Council, Probation, KFRS, Heath, KCC, Public Health"
    assert found(text) == [("Thanet District Council", "full", "Thanet District Council"),
                           ("Kent County Council", "alias", "KCC")]
    # Spelthorne, 2024
    text = ("In this borough this is referred to as Spelthorne Safer Stronger Partnership or 'SSSP'. "
            "The Community Safety Team are agents of the SSSP")
    spelthorne = "Spelthorne Borough Council"
    assert found(text) == [(spelthorne, "partnership", "Spelthorne Safer Stronger Partnership"),
                           (spelthorne, "partnership", "SSSP"),
                           (spelthorne, "partnership", "SSSP")]


def test_find_reports_offsets_and_county():
    text = "Report of the Safer Maidstone Partnership."
    (mention,) = GAZ.find(text)
    assert isinstance(mention, CouncilMention)
    assert text[mention.start:mention.end] == mention.matched == "Safer Maidstone Partnership"
    assert (mention.name, mention.county, mention.kind, mention.how) == (
        "Maidstone Borough Council", "Kent", "borough", "partnership")


def test_find_full_name_variants_and_line_wraps():
    text = ("SEVENOAKS DISTRICT COUNCIL; Tonbridge & Malling Borough Council; Shepway District\n"
            "Council; Tonbridge and\nMalling")
    assert found(text) == [
        ("Sevenoaks District Council", "full", "SEVENOAKS DISTRICT COUNCIL"),
        ("Tonbridge and Malling Borough Council", "full", "Tonbridge & Malling Borough Council"),
        ("Folkestone and Hythe District Council", "full", "Shepway District\nCouncil"),
        ("Tonbridge and Malling Borough Council", "alias", "Tonbridge and\nMalling"),
    ]


@pytest.mark.parametrize("text", [
    "Kent", "Kent Police", "Kent Fire & Rescue Service", "Surrey", "Surrey Police",
    "the swale was flooded", "scc", "kcc",
])
def test_find_does_not_match_county_or_lower_case_words(text):
    assert GAZ.find(text) == []


def test_medway_alone_matches_but_kent_does_not():
    assert found("Public Health (Kent & Medway)") == [("Medway Council", "alias", "Medway")]
    assert found("Medway CSP was allocated") == [("Medway Council", "partnership", "Medway CSP")]
    assert found("Office of the Kent Police and Crime Commissioner") == [
        ("Police and Crime Commissioner for Kent", "full", "Kent Police and Crime Commissioner")]


def test_partnerships():
    assert found("the Safer Waverley Partnership (SWP)") == [
        ("Waverley Borough Council", "partnership", "Safer Waverley Partnership")]
    assert found("Safer Woking Partnership and Safer Guildford Partnership") == [
        ("Woking Borough Council", "partnership", "Safer Woking Partnership"),
        ("Guildford Borough Council", "partnership", "Safer Guildford Partnership")]


def test_local_committees_are_surrey_county_council():
    text = ("Guildford Local Committee; Local Committee (Elmbridge); Local Committee for Mole Valley; "
            "Epsom & Ewell Local Committee")
    assert [(n, h) for n, h, _ in found(text)] == [("Surrey County Council", "local_committee")] * 4
    # a Kent district has no Surrey Local Committee: only its alias matches
    assert found("Dover Local Committee") == [("Dover District Council", "alias", "Dover")]


def test_councils_anywhere_in_england_by_their_full_names():
    text = ("Report To Brentwood Borough Council; a Member of Newcastle-under-Lyme Borough Council; "
            "Essex County Council; Brighton and Hove City Council; Epping Forest District Council")
    mentions = GAZ.find(text)
    assert [(m.name, m.county, m.kind, m.how) for m in mentions] == [
        ("Brentwood Borough Council", "Essex", "borough", "full"),
        ("Newcastle-under-Lyme Borough Council", "Staffordshire", "borough", "full"),
        ("Essex County Council", "Essex", "county", "full"),
        ("Brighton and Hove City Council", "East Sussex", "city", "full"),
        ("Epping Forest District Council", "Essex", "district", "full"),
    ]
    assert all(text[m.start:m.end] == m.matched for m in mentions)


def test_general_rule_for_councils_outside_the_gazetteer():
    text = "Report To Shepwayton Borough Council and Newtown District Council"
    assert [(m.name, m.county, m.how) for m in GAZ.find(text)] == [
        ("Shepwayton Borough Council", None, "general"), ("Newtown District Council", None, "general")]


@pytest.mark.parametrize("text, council", [
    ("Wigan Council agreed the plan", "Wigan Metropolitan Borough Council"),
    ("a report to London Borough of Lambeth Cabinet", "London Borough of Lambeth"),
    ("the Police and Crime Commissioner for Cheshire approved", "Police and Crime Commissioner for Cheshire"),
    ("the North Yorkshire Police, Fire and Crime Commissioner", "Police, Fire and Crime Commissioner for North Yorkshire"),
    ("Safer Stockport Partnership", "Stockport Metropolitan Borough Council"),
    ("implemented by the Southend community safety partnership", "Southend-on-Sea Borough Council"),
    ("the Norfolk County Community Safety Partnership", "Norfolk County Council"),
    ("the Mayor's Office for Policing and Crime (MOPAC)", "Mayor's Office for Policing and Crime"),
    ("a report to London Borough of Brent Cabinet", "London Borough of Brent"),
    ("the work of the Stronger Safer Gloucester Partnership (SSGP)", "Gloucester City Council"),
    ("WIGAN COUNCIL", "Wigan Metropolitan Borough Council"),
])
def test_council_forms_outside_kent_and_surrey(text, council):
    assert [m.name for m in GAZ.find(text)][:1] == [council]


@pytest.mark.parametrize("text", [
    "Reading the report, members agreed",  # a place that is also a word
    "Mr Hart and Ms Bolton presented",  # places that are also surnames
    "Thames Valley Police attended",
    "The Parish Council and the Town Council met",  # the shape of a council name, but no known council
    "Safer Streets funding was bid for",
    "Safer North Hampshire Strategic Community Safety Partnership",  # "Hampshire" is part of a longer name
])
def test_bare_places_outside_kent_and_surrey_name_no_council(text):
    assert GAZ.find(text) == []


def test_a_venue_address_names_no_council():
    assert found("Venue: County Hall, Maidstone. Contact: Democratic Services") == []
    assert found("Maidstone Borough Council, County Hall") == [
        ("Maidstone Borough Council", "full", "Maidstone Borough Council")]


@pytest.mark.parametrize("text", [
    "The District Council", "the Borough Council", "Each District Council", "District and Borough Councils",
    "The County Council agreed",
])
def test_general_rule_needs_a_name(text):
    assert GAZ.find(text) == []


def test_gazetteer_beats_general_rule():
    assert found("The Annual Sevenoaks District Council report") == [
        ("Sevenoaks District Council", "full", "Sevenoaks District Council")]


def test_find_on_whole_corpus_documents():
    docs = Path(__file__).resolve().parent.parent / "corpus" / "docs"
    expected = {"medway": "Medway Council", "sevenoaks": "Sevenoaks District Council",
                "spelthorne": "Spelthorne Borough Council", "thanet": "Thanet District Council"}
    for path in sorted(docs.glob("*.txt")):
        names = [m.name for m in GAZ.find(path.read_text(encoding="utf-8"))]
        council = expected[path.name.split("-")[0]]
        assert max(set(names), key=names.count) == council, path.name


# ----- lookup -----
@pytest.mark.parametrize("name, expected", [
    ("Tonbridge & Malling BC", "Tonbridge and Malling Borough Council"),
    ("Sevenoaks District Council", "Sevenoaks District Council"),
    ("Sevenoaks DC", "Sevenoaks District Council"),
    ("sevenoaks", "Sevenoaks District Council"),
    ("Sevenoaks District Counci", "Sevenoaks District Council"),
    ("Sevenoks District Council", "Sevenoaks District Council"),
    ("the Medway Council", "Medway Council"),
    ("KCC", "Kent County Council"),
    ("Kent CC", "Kent County Council"),
    ("Surrey County Council", "Surrey County Council"),
    ("Shepway District Council", "Folkestone and Hythe District Council"),
    ("Folkestone & Hythe DC", "Folkestone and Hythe District Council"),
    ("Epsom & Ewell Borough", "Epsom and Ewell Borough Council"),
    ("Safer Waverley Partnership", "Waverley Borough Council"),
    ("Canterbury City Council", "Canterbury City Council"),
])
def test_lookup(name, expected):
    council = GAZ.lookup(name)
    assert isinstance(council, Council)
    assert council.name == expected


@pytest.mark.parametrize("name", ["Kent", "Surrey", "Shepwayton Borough Council", "", "Council", None])
def test_lookup_unknown(name):
    assert GAZ.lookup(name) is None


# ----- robustness -----
@hsettings(max_examples=150)
@given(st.text(max_size=80))
def test_find_and_lookup_never_raise(text):
    for mention in GAZ.find(text):
        assert text[mention.start:mention.end] == mention.matched
        assert mention.how in ("full", "alias", "partnership", "local_committee", "general")
    GAZ.lookup(text)


@given(st.lists(st.sampled_from(["Sevenoaks District Council", "KCC", "Medway", "Kent", "Surrey",
                                 "Safer Woking Partnership", "Guildford Local Committee", "and",
                                 "the", "Brentwood Borough Council", ",", "\n"]), max_size=12))
def test_find_mentions_never_overlap(words):
    text = " ".join(words)
    mentions = GAZ.find(text)
    for a, b in zip(mentions, mentions[1:]):
        assert a.end <= b.start

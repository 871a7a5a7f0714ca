"""Peers (issue 13): the councils table from mySociety's register, the peers view and the peer
comparison canned queries, on a small database of text reports ingested by the real extractor."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from extractor import store
from extractor.batch.ingest import ingest_paths
from extractor.publish import serve
from extractor.settings import Settings
from extractor.store.views import PEERS_BY_TYPE
from tests.helpers import db_rows, get, get_json

SPELTHORNE = "Spelthorne Borough Council"
# the other Surrey districts (ceremonial county Surrey, not the county council)
SURREY_DISTRICTS = {
    "Elmbridge Borough Council", "Epsom and Ewell Borough Council", "Guildford Borough Council",
    "Mole Valley District Council", "Reigate and Banstead Borough Council",
    "Runnymede Borough Council", "Surrey Heath Borough Council", "Tandridge District Council",
    "Waverley Borough Council", "Woking Borough Council",
}  # fmt: skip
# districts (NMD) nearest Spelthorne's 99,873 people: Woking 100,008, Lincoln 100,049,
# Worcester 100,265, Great Yarmouth 99,198, Bromsgrove 100,569
NEAREST_DISTRICTS = [
    "Woking Borough Council", "City of Lincoln Council", "Worcester City Council",
    "Great Yarmouth Borough Council", "Bromsgrove District Council",
]  # fmt: skip

REPORT = """{council}

Community Safety Partnership Plan 2024-2027

Report of the Community Safety Manager to the Overview and Scrutiny Committee.

The partnership's priorities for 2024-2027 are:

{priorities}
"""
REPORTS = {
    "spelthorne.txt": (SPELTHORNE, ["Serious violence", "Domestic abuse", "Tackling anti-social behaviour"]),
    "woking.txt": ("Woking Borough Council", ["Tackling anti-social behaviour", "Reducing drug misuse", "Domestic abuse"]),
    "elmbridge.txt": ("Elmbridge Borough Council", ["Domestic abuse", "Tackling hate crime"]),
    "lincoln.txt": ("City of Lincoln Council", ["Reducing drug misuse", "Serious violence"]),
    # Kent: not a peer of Spelthorne, so its theme must not show as something Spelthorne lacks
    "sevenoaks.txt": ("Sevenoaks District Council", ["Business and retail crime", "Domestic abuse"]),
}  # fmt: skip


def write_reports(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, (council, priorities) in REPORTS.items():
        listed = "\n".join(f"{i}. {p}" for i, p in enumerate(priorities, 1))
        (folder / name).write_text(REPORT.format(council=council, priorities=listed), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("peers")
    docs = write_reports(tmp / "docs")
    db_path = tmp / "csp.db"
    summary = ingest_paths([docs], db_path, workers=0, quiet=True)
    assert summary.ok == len(REPORTS) and summary.failed == 0
    return {"db": db_path, "docs": docs, "app": serve.build_app(db_path)}




def canned(site, name, council):
    return get_json(site["app"], f"/csp/{name}.json", _shape="array", council=council)


def register():
    with store.councils_path().open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


# ------------------------------------------------------------------------------ councils table
def test_the_reports_were_read_as_written(site):
    plans = {r["council"]: r["priorities"] for r in db_rows(site["db"], "SELECT * FROM latest_plans")}
    assert plans == {council: len(p) for council, p in REPORTS.values()}


def test_every_english_council_is_stored_with_or_without_documents(site):
    stored = {r["name"]: r for r in db_rows(site["db"], "SELECT * FROM councils")}
    expected = register()
    assert len(expected) == 317 and {r["name"] for r in expected} <= set(stored)
    surrey_heath = stored["Surrey Heath Borough Council"]  # no document in this database
    assert (surrey_heath["type"], surrey_heath["county"], surrey_heath["county_council"],
            surrey_heath["region"], surrey_heath["population"], surrey_heath["gss_code"]) == (
        "NMD", "Surrey", "Surrey County Council", "South East", 89204, "E07000214")  # fmt: skip
    assert stored[SPELTHORNE]["kind"] == "borough" and stored[SPELTHORNE]["code"] == "SPE"
    assert isinstance(stored[SPELTHORNE]["population"], int)


def test_ensure_schema_and_ingest_twice_change_nothing(site, tmp_path):
    db_path = tmp_path / "again.db"
    docs = write_reports(tmp_path / "docs")
    ingest_paths([docs], db_path, workers=0, quiet=True)

    def counts():
        return {name: db_rows(db_path, f"SELECT COUNT(*) AS n FROM [{name}]")[0]["n"]
                for name in ("councils", "documents", "priorities", "peers")}  # fmt: skip

    first = counts()
    assert first["councils"] == 317 and first["documents"] == len(REPORTS)
    database = store.open_db(db_path)
    store.ensure_schema(database)
    store.ensure_schema(database)
    database.close()
    assert counts() == first
    again = ingest_paths([docs], db_path, workers=0, quiet=True)
    assert again.skipped == len(REPORTS)
    (docs / "woking.txt").write_text((docs / "woking.txt").read_text() + "\nAddendum.\n")
    assert ingest_paths([docs], db_path, workers=0, quiet=True).ok == 1  # a changed file: re-saved
    assert counts() == first


def test_councils_csv_missing_or_malformed(tmp_path):
    assert store.load_councils(Settings(models_dir=tmp_path)) == []
    (tmp_path / "councils.csv").write_text("code,name\nSPE,Spelthorne Borough Council\n")
    with pytest.raises(ValueError, match="make_gazetteer"):
        store.load_councils(Settings(models_dir=tmp_path))


# ------------------------------------------------------------------------------ peers view
def test_peers_of_spelthorne(site):
    peers = db_rows(site["db"], "SELECT * FROM peers WHERE council = ?", [SPELTHORNE])
    by_county = {p["peer"] for p in peers if p["reason"].startswith("same county")}
    by_type = [p["peer"] for p in peers if p["reason"].endswith("nearest population")]
    assert by_county == SURREY_DISTRICTS  # not Surrey County Council, not itself
    assert sorted(by_type) == sorted(NEAREST_DISTRICTS)
    woking = next(p for p in peers if p["peer"] == "Woking Borough Council")
    assert woking["reason"] == "same county; same type, nearest population"
    assert woking["population_difference"] == 100008 - 99873
    assert len(peers) == len(SURREY_DISTRICTS | set(NEAREST_DISTRICTS))  # one row per peer
    plans = {p["peer"]: p["peer_plan"] for p in peers}
    assert plans["Woking Borough Council"] == "2024-27" and plans["Surrey Heath Borough Council"] is None
    # same county first, then by population difference
    assert [p["peer"] for p in peers][-4:] == [n for n in NEAREST_DISTRICTS if n != "Woking Borough Council"]


def test_nearest_population_peers_match_the_register_everywhere(site):
    """For every council with a population: the PEERS_BY_TYPE nearest of its type, ties by name."""
    councils = [r for r in register() if r["population"]]
    got: dict[str, set[str]] = {}
    for r in db_rows(site["db"], "SELECT council, peer FROM peers WHERE reason LIKE '%nearest population'"):
        got.setdefault(r["council"], set()).add(r["peer"])
    for c in councils:
        same = [o for o in councils if o["type"] == c["type"] and o["name"] != c["name"]]
        same.sort(key=lambda o: (abs(int(o["population"]) - int(c["population"])), o["name"]))
        assert got.get(c["name"], set()) == {o["name"] for o in same[:PEERS_BY_TYPE]}, c["name"]


def test_county_councils_are_peers_of_county_councils_only(site):
    peers = db_rows(site["db"], "SELECT * FROM peers WHERE council = 'Kent County Council'")
    assert len(peers) == PEERS_BY_TYPE and {p["peer_type"] for p in peers} == {"CTY"}
    medway = {p["peer"] for p in db_rows(site["db"], "SELECT * FROM peers WHERE council = 'Medway Council' "
                                                     "AND reason LIKE 'same county%'")}  # fmt: skip
    assert "Sevenoaks District Council" in medway and "Kent County Council" not in medway


# ------------------------------------------------------------------------------ comparison
def test_comparison_shows_ranks_theme_by_theme(site):
    table = {r["theme"]: r for r in canned(site, "peer_comparison", "Spelthorne")}
    themes = {r["label"] for r in db_rows(site["db"], "SELECT label FROM themes")}
    assert set(table) == themes  # every theme of the taxonomy, once
    assert {r["council"] for r in table.values()} == {SPELTHORNE}
    violence, abuse, drugs = table["Serious violence"], table["Domestic abuse"], table["Drugs and substance misuse"]
    assert (violence["rank"], abuse["rank"]) == ("1", "2")
    assert abuse["peers_naming_it"] == "2 of 3"  # Woking, Elmbridge (Lincoln does not name it)
    assert abuse["same_county"] == "Elmbridge 1 · Woking 3"
    assert abuse["same_type_nearest_population"] == "Woking 3"
    assert violence["same_type_nearest_population"] == "City of Lincoln 2" and violence["same_county"] is None
    # a theme the peers have and Spelthorne lacks
    assert drugs["rank"] is None and drugs["gap"] == "peers have it"
    assert drugs["same_type_nearest_population"] == "City of Lincoln 1 · Woking 2"
    # Sevenoaks (Kent) is no peer: its business crime is nothing Spelthorne lacks
    business = table["Business and retail crime"]
    assert business["peers_naming_it"] == "0 of 3" and business["gap"] is None
    assert violence["gap"] is None


def test_gaps_list_what_peers_have_and_the_council_lacks(site):
    gaps = canned(site, "peer_gaps", "spelthorne borough council")
    assert [(g["theme"], g["peers_naming_it"], g["peers_with_plans"]) for g in gaps] == [
        ("Drugs and substance misuse", 2, 3), ("Hate crime", 1, 3)]
    assert gaps[0]["which_peers"] == ("City of Lincoln (rank 1, same type, nearest population) · "
                                      "Woking (rank 2, same county; same type, nearest population)")  # fmt: skip
    # a council with no plan in the database lacks nothing it can be shown to lack
    assert canned(site, "peer_gaps", "Surrey Heath") == []


def test_a_council_is_chosen_by_name_short_name_or_code(site):
    for typed in ("Spelthorne", "SPE", "spelthorne borough council", " Spelthorne "):
        assert {r["council"] for r in canned(site, "peer_comparison", typed)} == {SPELTHORNE}, typed
    # an exact short name beats a longer name containing it
    assert {r["council"] for r in canned(site, "peer_comparison", "Surrey")} == {"Surrey County Council"}
    surrey_heath = canned(site, "peer_comparison", "Surrey Heath")
    assert {r["plan"] for r in surrey_heath} == {"no plan in the database"}
    assert not any(r["gap"] for r in surrey_heath)
    assert canned(site, "peer_comparison", "") == []
    assert canned(site, "peer_comparison", "Atlantis") == []


def test_pages_describe_and_link_the_comparison(site):
    home = get(site["app"], "/").text
    assert 'href="/csp/peer_comparison?council=Spelthorne"' in home and 'href="/csp/peer_gaps' in home
    assert "CC BY 4.0" in home and "mySociety" in home
    page = get(site["app"], "/csp/peer_comparison", council="Spelthorne").text
    assert "Only peers with a plan in the database show ranks" in page
    assert 'class="csp-badge"' in page and "peers have it" in page
    councils = get(site["app"], "/csp/councils").text
    assert "CC BY 4.0" in councils and "creativecommons.org/licenses/by/4.0" in councils
    peers = get(site["app"], "/csp/peers").text
    assert "CC BY 4.0" in peers and "nearest population" in peers


def test_ties_in_population_go_by_name(tmp_path):
    """Councils equally near in population are taken in order of name, so peers never vary."""
    import shutil

    models = tmp_path / "models"
    shutil.copytree(store.taxonomy_path().parent, models)
    head = "code,name,nice_name,type,kind,county,county_council,region,population,gss_code\n"
    lines = [f"C{i:02d},{name} District Council,{name},NMD,district,Shire{i},,Region,{pop},E0{i}\n"
             for i, (name, pop) in enumerate([("Middle", 1000), ("Zed", 1010), ("Abel", 990), ("Yew", 1010),
                                              ("Bay", 990), ("Cove", 1020), ("Dale", 980)])]  # fmt: skip
    (models / "councils.csv").write_text(head + "".join(lines), encoding="utf-8")
    database = store.open_db(tmp_path / "ties.db")
    store.ensure_schema(database, Settings(models_dir=models))
    peers = [r[0] for r in database.execute(
        "SELECT peer FROM peers WHERE council = 'Middle District Council'")]  # fmt: skip
    # four at 10 people's distance (by name), then Cove before Dale at 20
    assert peers == ["Abel District Council", "Bay District Council", "Yew District Council",
                     "Zed District Council", "Cove District Council"]  # fmt: skip

"""Build ``models/gazetteer.json`` and ``models/councils.csv`` for every English council and PCC.

Source: mySociety's "UK Local Authority Names and Codes" (CC BY 4.0), the copy in
``../shared/reference/uk-local-authorities``.  Run from a checkout::

    python -m extractor.normalise.make_gazetteer ../shared/reference/uk-local-authorities

The hand-curated Kent and Surrey entries already in ``gazetteer.json`` (place aliases, local
partnership names, web domains) are kept as they are.  Every other current English council gets
its official name, its ceremonial county and only *full* forms of its name ("Wigan Council",
"Wigan Metropolitan Borough Council", "London Borough of Brent", "Safer Brent Partnership"...):
a bare place name ("Reading", "Hart", "Bolton") is too often a word or a surname to name a
council.  Police and Crime Commissioners are added per force area.

``county`` is the ceremonial county: for a district, its county council's; for a metropolitan
borough, its metropolitan county (from the combined authority); London boroughs are in Greater
London; unitary authorities are mapped by :data:`UNITARY_COUNTY` (the source has no such column).
"""
from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path

from extractor import settings

ATTRIBUTION = "Contains data from mySociety's UK Local Authority Names and Codes (CC BY 4.0)"
CSV_NAME = "uk_local_authorities_current.csv"

METROPOLITAN_COUNTY = {"GMCA": "Greater Manchester", "WMCA": "West Midlands", "WYCA": "West Yorkshire",
                       "LCR": "Merseyside", "SCR": "South Yorkshire", "NECA": "Tyne and Wear",
                       "NTCA": "Tyne and Wear"}
UNITARY_COUNTY = {
    "Bath and North East Somerset": "Somerset", "Blackburn with Darwen": "Lancashire", "Bedford": "Bedfordshire",
    "Brighton and Hove": "East Sussex", "Bournemouth, Christchurch and Poole": "Dorset", "Blackpool": "Lancashire",
    "Bracknell Forest": "Berkshire", "City of Bristol": "Bristol", "Buckinghamshire": "Buckinghamshire",
    "Cumberland": "Cumbria", "Central Bedfordshire": "Bedfordshire", "Cheshire East": "Cheshire",
    "Cheshire West and Chester": "Cheshire", "Cornwall": "Cornwall", "Darlington": "Durham", "Derby": "Derbyshire",
    "Dorset Council": "Dorset", "County Durham": "Durham", "East Riding of Yorkshire": "East Riding of Yorkshire",
    "Halton": "Cheshire", "Herefordshire": "Herefordshire", "Hartlepool": "Durham", "Isles of Scilly": "Cornwall",
    "Isle of Wight": "Isle of Wight", "Kingston upon Hull": "East Riding of Yorkshire", "Leicester": "Leicestershire",
    "Luton": "Bedfordshire", "Middlesbrough": "North Yorkshire", "Medway": "Kent", "Milton Keynes": "Buckinghamshire",
    "Northumberland": "Northumberland", "North East Lincolnshire": "Lincolnshire", "Nottingham": "Nottinghamshire",
    "North Lincolnshire": "Lincolnshire", "North Northamptonshire": "Northamptonshire", "North Somerset": "Somerset",
    "North Yorkshire": "North Yorkshire", "Plymouth": "Devon", "Portsmouth": "Hampshire",
    "Peterborough": "Cambridgeshire", "Redcar and Cleveland": "North Yorkshire", "Reading": "Berkshire",
    "Rutland": "Rutland", "South Gloucestershire": "Gloucestershire", "Shropshire": "Shropshire",
    "Slough": "Berkshire", "Somerset": "Somerset", "Southend-on-Sea": "Essex", "Stoke-on-Trent": "Staffordshire",
    "Southampton": "Hampshire", "Stockton-on-Tees": "Durham", "Swindon": "Wiltshire",
    "Telford and Wrekin": "Shropshire", "Thurrock": "Essex", "Torbay": "Devon",
    "Westmorland and Furness": "Cumbria", "West Berkshire": "Berkshire", "Wiltshire": "Wiltshire",
    "Windsor and Maidenhead": "Berkshire", "West Northamptonshire": "Northamptonshire", "Wokingham": "Berkshire",
    "Warrington": "Cheshire", "York": "North Yorkshire",
}
# Police force areas: the ceremonial county when the area is one county, else None.
FORCE_AREAS = {
    "Avon and Somerset": None, "Bedfordshire": "Bedfordshire", "Cambridgeshire": "Cambridgeshire",
    "Cheshire": "Cheshire", "Cleveland": None, "Cumbria": "Cumbria", "Derbyshire": "Derbyshire",
    "Devon and Cornwall": None, "Dorset": "Dorset", "Durham": "Durham", "Essex": "Essex",
    "Gloucestershire": "Gloucestershire", "Hampshire and the Isle of Wight": None, "Hampshire": None,
    "Hertfordshire": "Hertfordshire", "Humberside": None, "Kent": "Kent", "Lancashire": "Lancashire",
    "Leicestershire": "Leicestershire", "Lincolnshire": "Lincolnshire", "Merseyside": "Merseyside",
    "Norfolk": "Norfolk", "North Yorkshire": "North Yorkshire", "Northamptonshire": "Northamptonshire",
    "Northumbria": None, "Nottinghamshire": "Nottinghamshire", "South Yorkshire": "South Yorkshire",
    "Staffordshire": "Staffordshire", "Suffolk": "Suffolk", "Surrey": "Surrey", "Sussex": None,
    "Thames Valley": None, "Warwickshire": "Warwickshire", "West Mercia": None, "West Midlands": "West Midlands",
    "West Yorkshire": "West Yorkshire", "Wiltshire": "Wiltshire",
}
# Areas whose commissioner also runs the fire service (a "Police, Fire and Crime Commissioner").
FIRE_AREAS = ("Essex", "North Yorkshire", "Northamptonshire", "Staffordshire", "Cumbria")
CURATED_COUNTIES = ("Kent", "Surrey")  # their entries in gazetteer.json are kept as written
ABOUT = ("'name' is the canonical full name; 'county' the ceremonial county (None for a force area across "
         "several); 'kind' is county, unitary, district, borough, city or pcc; 'names' are other full forms of "
         "the name; 'places' place names that count only before a partnership word ('Southend community safety "
         "partnership'); 'aliases' (Kent and Surrey only, curated) are place names matched as whole words, and "
         "'<alias> <Kind> Council' is read as the full name; 'partnerships' are Community Safety Partnership "
         "names; 'domains' web and e-mail domains; 'code' the register code.")
CSV_COLUMNS = ("code", "name", "nice_name", "type", "kind", "county", "county_council", "region", "population",
               "gss_code")


def _kind(row: dict) -> str:
    name, kind = row["official-name"], row["local-authority-type"]
    if kind == "CTY":
        return "county"
    for word, value in (("District Council", "district"), ("Borough Council", "borough"), ("City Council", "city")):
        if name.endswith(word):
            return value
    return "london_borough" if kind == "LBO" else "unitary"


def _county(row: dict, county_councils: dict[str, dict]) -> str | None:
    kind, nice = row["local-authority-type"], row["nice-name"]
    if kind == "CTY":
        return nice
    if kind == "NMD":
        return county_councils[row["county-la"]]["nice-name"]
    if kind == "MD":
        return METROPOLITAN_COUNTY[row["combined-authority"]]
    if kind == "LBO":
        return "Greater London"
    if kind == "CC":
        return "City of London"
    return UNITARY_COUNTY[nice]


def _place(row: dict) -> str:
    """The place as a name form uses it: "Dorset" for "Dorset Council", "Bristol" for "City of Bristol"."""
    place = re.sub(r"^(?:City of|County) ", "", row["nice-name"]).replace("St. ", "St ")
    return re.sub(r" Council$", "", place)


def name_forms(row: dict) -> list[str]:
    """Full forms of a council's name as papers print them (never the bare place name)."""
    place, name = _place(row), row["official-name"]
    forms = [f"{place} Council", f"{place} {'County' if row['local-authority-type'] == 'CTY' else 'Borough'} Council"]
    if row["local-authority-type"] == "MD":
        forms += [f"{place} Metropolitan Borough Council", f"{place} MBC", f"{place} City Council"]
    if row["local-authority-type"] == "LBO":
        forms += [f"London Borough of {place}", f"LB {place}"]
    if row["local-authority-type"] == "UA":
        forms += [f"{place} Unitary Council", f"{place} City Council"]
    forms += [f"City of {place} Council"] if "City" in name or row["nice-name"].startswith("City of") else []
    return [f for f in dict.fromkeys(forms) if f != name]


def places(row: dict) -> list[str]:
    """The place, and its short form where papers use one ("Southend" for "Southend-on-Sea")."""
    place = _place(row)
    short = re.split(r"-(?:on|upon|under)-| upon | on ", place)[0]
    return list(dict.fromkeys([place, short]))


def partnership_forms(row: dict) -> list[str]:
    """Partnership names beyond what the places find ("<place> Community Safety Partnership",
    "Safer <place>" are found through ``places``): none for a council from the register."""
    return []


def domains(row: dict) -> list[str]:
    """Likely web and e-mail domains, from the register's GOV.UK slug ("brighton-and-hove" ->
    brighton-and-hove.gov.uk, brightonandhove.gov.uk, brighton-hove.gov.uk)."""
    slug = row["gov-uk-slug"]
    if not slug:
        return []
    forms = [slug, slug.replace("-", ""), slug.replace("-and-", "-"), slug.replace("-and-", "")]
    return [f"{s}.gov.uk" for s in dict.fromkeys(forms)]


def council_entry(row: dict, county: str | None) -> dict:
    return {"name": row["official-name"], "county": county, "kind": _kind(row), "names": name_forms(row),
            "aliases": [], "places": places(row), "partnerships": partnership_forms(row), "domains": domains(row),
            "code": row["local-authority-code"]}


def pcc_entries() -> list[dict]:
    """A commissioner per force area, and the fire-and-crime form where there is one."""
    entries = []
    for area, county in FORCE_AREAS.items():
        titles = [("Police and Crime Commissioner", "PCC")]
        titles += [("Police, Fire and Crime Commissioner", "PFCC")] if area in FIRE_AREAS else []
        for title, short in titles:
            forms = [f"{area} {title}", f"Office of the {title} for {area}", f"{short} for {area}",
                     f"O{short} for {area}", f"{area} {short}", f"{area} O{short}"]
            entries.append({"name": f"{title} for {area}", "county": county, "kind": "pcc", "names": forms, "aliases": [],
                            "partnerships": [], "domains": []})
    entries.append({"name": "Mayor's Office for Policing and Crime", "county": "Greater London", "kind": "pcc",
                    "names": ["Mayor’s Office for Policing and Crime"], "aliases": ["MOPAC"], "partnerships": [],
                    "domains": []})
    return entries


def english_rows(reference: Path) -> list[dict]:
    with (reference / CSV_NAME).open(encoding="utf-8") as f:
        return [r for r in csv.DictReader(f) if r["nation"] == "England" and r["current-authority"] == "True"
                and r["local-authority-type"] in ("CTY", "NMD", "MD", "LBO", "UA", "CC")]


def build(reference: Path, models: Path) -> tuple[int, int]:
    """Write the gazetteer and the councils table; returns (councils, commissioners)."""
    rows = english_rows(reference)
    county_councils = {r["local-authority-code"]: r for r in rows if r["local-authority-type"] == "CTY"}
    old = json.loads((models / "gazetteer.json").read_text(encoding="utf-8"))
    curated = {e["name"]: e for e in old["councils"] if e.get("county") in CURATED_COUNTIES and e["kind"] != "pcc"}
    councils, table = [], []
    for row in rows:
        county = _county(row, county_councils)
        entry = curated.get(row["official-name"]) or council_entry(row, county)
        councils.append({**entry, "code": row["local-authority-code"]})
        table.append(_table_row(row, entry["kind"], county, county_councils))
    missing = set(curated) - {c["name"] for c in councils}
    if missing:
        raise ValueError(f"curated entries not in the reference list: {sorted(missing)}")
    pccs = pcc_entries()
    about = (f"Every current English council ({len(councils)}) and every Police and Crime Commissioner "
             f"({len(pccs)}), built by python -m extractor.normalise.make_gazetteer. {ATTRIBUTION}. " + ABOUT)
    data = {"about": about, "local_committees": old["local_committees"], "councils": councils + pccs}
    (models / "gazetteer.json").write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    _write_table(models / "councils.csv", table)
    return len(councils), len(pccs)


def _table_row(row: dict, kind: str, county: str | None, county_councils: dict[str, dict]) -> dict:
    parent = county_councils.get(row["county-la"])
    population = row["pop-2020"]
    return {"code": row["local-authority-code"], "name": row["official-name"], "nice_name": row["nice-name"],
            "type": row["local-authority-type"], "kind": kind, "county": county,
            "county_council": parent["official-name"] if parent else "", "region": row["region"],
            "population": str(int(float(population))) if population else "", "gss_code": row["gss-code"]}


def _write_table(path: Path, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)


def main(argv: list[str]) -> int:
    if len(argv) != 1 or not (Path(argv[0]) / CSV_NAME).is_file():
        print(f"usage: python -m extractor.normalise.make_gazetteer REFERENCE_DIR (the folder holding {CSV_NAME})",
              file=sys.stderr)
        return 2
    councils, pccs = build(Path(argv[0]), settings.DEFAULT_MODELS)
    print(f"wrote {settings.DEFAULT_MODELS / 'gazetteer.json'}: {councils} councils, {pccs} commissioners; "
          f"and councils.csv")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

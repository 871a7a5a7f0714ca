"""The council a report belongs to: a letterhead or title naming one, else a vote over the
councils the text names (full names, aliases, local committees, council e-mail and web domains),
else the one place the page names most.  Split from :mod:`metadata` (the other document fields)."""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from ..normalise.councils import load_gazetteer
from .context import Context

def find_council(ctx: Context, header: list[int], title: str | None = None,
                 body: str | None = None) -> tuple[str | None, str | None]:
    """The council whose report this is: a letterhead line or the title naming one, else a vote
    where header mentions and council web/e-mail domains count most and county councils (often
    named as partners) least, unless the meeting is the County Council's own."""
    gazetteer = load_gazetteer(ctx.models_dir)
    named = _letterhead(ctx, header, gazetteer) or (gazetteer.find(title) if title else [])
    if named:
        return named[0].name, named[0].county
    text = ctx.document.text
    cut = min(ctx.blocks[header[-1]].end if header else len(text), 600)
    scores: dict[str, list] = {}
    mentions = _corroborated(gazetteer.find(text), _shared_initials(gazetteer))
    for m in mentions:
        if not _REGION_BEFORE.search(text[max(0, m.start - 10):m.start]):
            _add(scores, m.name, m.county, m.start, _mention_weight(m, cut))
    domains = _domain_mentions(ctx, gazetteer)
    for name, start in domains:
        council = gazetteer.get(name)
        _add(scores, name, council.county, start, DOMAIN_WEIGHT)
    if not scores:
        return _named_place(text, gazetteer)
    if body and re.search(r"\bcounty council\b", body, re.I):
        _vote_for_county_council(scores, gazetteer)
    name, (score, _, county) = max(scores.items(), key=lambda kv: (kv[1][0], -kv[1][1]))
    if _a_partner(gazetteer, name) and name not in dict(domains) and not _COMMISSIONER_OWN.search(text[:cut]):
        place = _named_place(text, gazetteer, margin=2, partner_page=True)  # a district's paper on the PCC's funding
        if place[0] is not None:
            return place
        if _COUNCIL_VOICE.search(text):
            return None, county  # a council's paper in the commissioner's area, naming no place of its own
    if _named_once_in_passing(mentions, name, cut) and name not in dict(domains):
        place = _named_place(text, gazetteer, margin=2)  # "Hyndburn" on every line, "Pendle Borough Council" once
        if place[0] is not None and place[0] != name:
            return place
    return name, county


def _corroborated(mentions: list, shared: frozenset) -> list:
    """An acronym several councils share ("SCC": Surrey's, Suffolk's or Somerset's?) counts only
    when it is repeated or beside a mention of the same council in words."""
    worded = {m.name for m in mentions if not _ACRONYM.fullmatch(m.matched)}
    repeated = {matched for matched, n in Counter(m.matched for m in mentions).items() if n >= 2}
    return [m for m in mentions if not _ACRONYM.fullmatch(m.matched) or m.matched not in shared
            or m.name in worded or m.matched in repeated]


@lru_cache(maxsize=4)
def _shared_initials(gazetteer) -> frozenset:
    """Initials ("SCC") that more than one council's name gives."""
    counts: dict[str, int] = {}
    for council in gazetteer.councils:
        initials = "".join(w[0] for w in re.findall(r"[A-Za-z][\w'’-]*", council.name) if w[0].isupper())
        counts[initials] = counts.get(initials, 0) + 1
    return frozenset(k for k, n in counts.items() if n > 1)


def _named_once_in_passing(mentions: list, name: str, cut: int) -> bool:
    own = [m for m in mentions if m.name == name]
    return len(own) == 1 and own[0].start >= cut


_ACRONYM = re.compile(r"[A-Z]{2,6}")


def _a_partner(gazetteer, name: str) -> bool:
    """A commissioner (or the Mayor's Office for Policing and Crime): named in a council's paper as
    the partner that funds it, more often than the council itself is named in full."""
    council = gazetteer.get(name)
    return council is not None and council.kind == "pcc"


# a commissioner's own page opens with its decision record ('PCC Decision Notice', 'Decision number: 44/2024-25')
_COMMISSIONER_OWN = re.compile(r"\b(?:PCC|PFCC|OPCC|Commissioner['’]?s?)\b[^\n]{0,40}\bdecisions?\b"
                               r"|\bdecision\s+(?:number|reference|record|summary)\b", re.I)


def _named_place(text: str, gazetteer, margin: int = 1, partner_page: bool = False) -> tuple[str | None, str | None]:
    """No council named in full: the district or borough whose place name ("make Broxtowe a safe
    place", "Havering's plan") the page uses most, at least twice and ``margin`` more than any other."""
    if len(_COMMISSIONER.findall(text)) >= 2 and not partner_page:
        # a commissioner's page names the districts it funds; its own area, where no Council speaks
        return _commissioner_area(text, gazetteer) if not _A_COUNCIL.search(text) else (None, None)
    counts: dict = {}
    local = set()
    for m in _places_regex(gazetteer).finditer(text):
        council = _place_owner(gazetteer).get(m.group())
        counts[council] = counts.get(council, 0) + 1
        if _LOCAL_BEFORE.search(text, max(0, m.start() - 30), m.start()) or _LOCAL_AFTER.match(text, m.end()):
            local.add(council)
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    once = len(ranked) == 1 and ranked[0][0] in local  # the only place named, and named as the page's own
    if not ranked or (ranked[0][1] < 2 and not once) or (len(ranked) > 1 and ranked[0][1] - ranked[1][1] < margin):
        return None, None
    return ranked[0][0].name, ranked[0][0].county


_COMMISSIONER = re.compile(r"\b(?:Commissioner|PCC|PFCC|OPCC)\b")
# a place named as the page's own: "the CSP in Bury", "across Mid Devon", "make Broxtowe a safe place",
# "Middlesbrough's Community Safety Plan", "all Haringey residents", "the Barnet Community Safety Strategy"
_LOCAL_BEFORE = re.compile(r"\b(?:in|across|of|for|within|throughout|make|making)\s+(?:the\s+)?(?:whole\s+of\s+)?$", re.I)
_LOCAL_AFTER = re.compile(r"(?:['’]s\b|\s+(?:residents|city\s+centre|town\s+centre|Community\s+Safety|Safer|Partnership|CSP"
                          r"|Borough|District|Domestic|Town\s+Hall|Civic\s+Centre)\b)", re.I)


# a council's paper or meeting, not a commissioner's own page
_VOICE = r"\b(?:the|this|our)\s+Council\b|\bCllr\b|\bCabinet\b|\bAgenda\s+item\b|\bMinutes:|\bApologies\b|\bChair(?:man)?\b"
_A_COUNCIL = re.compile(_VOICE + r"|\bCouncillors?\b")
# a council speaking (not councillors named as a commissioner's grant holders): a council's paper or minutes
_COUNCIL_VOICE = re.compile(_VOICE + r"|\bCouncillor\s+[A-Z]")


def _commissioner_area(text: str, gazetteer) -> tuple[str | None, str | None]:
    """On a commissioner's page that names no council, the commissioner of the one force area the
    page names, at least twice ('Surrey Drug and Alcohol Care', 'across Surrey'); none when it names
    two areas, or an area another commissioner's name begins with ('Hampshire' of 'Hampshire and
    Isle of Wight'). Of a Police and Crime and a Police, Fire and Crime Commissioner of one area,
    the one the page's words name."""
    named = {}
    for pcc, area, rx in _commissioner_areas(gazetteer):
        count = len(rx.findall(text))
        if count:
            named.setdefault(area, []).append((pcc, count))
    if len(named) != 1:
        return None, None
    (area, found), = named.items()
    fire = bool(re.search(r"\bFire\s+and\s+Crime\b|\bPFCC\b", text))
    found = [(p, n) for p, n in found if ("Fire" in p.name) == fire] or found
    if found[0][1] < 2 or len(found) > 1 or any(a.startswith(area + " ") for _, a, _ in _commissioner_areas(gazetteer)):
        return None, None
    return found[0][0].name, found[0][0].county


@lru_cache(maxsize=4)
def _commissioner_areas(gazetteer) -> tuple:
    """(commissioner, its force area's name, a regex for it) for every commissioner in the gazetteer."""
    areas = []
    for c in gazetteer.councils:
        if c.kind == "pcc" and " for " in c.name:
            area = c.name.split(" for ", 1)[1]
            words = r"\s+(?:and|&)\s+".join(re.escape(w) for w in area.split(" and "))
            areas.append((c, area, re.compile(rf"(?<![\w-]){words}(?![\w-])")))
    return tuple(areas)


@lru_cache(maxsize=4)
def _place_owner(gazetteer) -> dict:
    owners: dict = {}
    for c in gazetteer.councils:
        if c.kind not in ("county", "pcc"):
            for place in c.places:
                owners.setdefault(place, []).append(c)
    return {place: cs[0] for place, cs in owners.items() if len(cs) == 1}  # a place two councils share names neither


@lru_cache(maxsize=4)
def _places_regex(gazetteer) -> re.Pattern:
    places = sorted(_place_owner(gazetteer), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(p) for p in places) + r")(?![\w-])")


def _letterhead(ctx: Context, header: list[int], gazetteer) -> list:
    """A line near the top that is nothing but a council's name ("KENT COUNTY COUNCIL")."""
    for i in header[:3]:
        text = ctx.blocks[i].text.strip()
        found = gazetteer.find(text)
        if found and found[0].matched.lower() == text.lower() and found[0].how in ("full", "general"):
            return found
    return []


def _vote_for_county_council(scores: dict, gazetteer) -> None:
    """A 'County Council' meeting is the county council's: of the county most mentions point to."""
    counties = {}
    for score, _, county in scores.values():
        counties[county] = counties.get(county, 0.0) + score
    county = max((c for c in counties if c), key=counties.get, default=None)
    council = next((c for c in gazetteer.councils if c.kind == "county" and c.county == county), None)
    if council is not None:
        _add(scores, council.name, council.county, 0, 2 * max(s for s, _, _ in scores.values()))


DOMAIN_WEIGHT = 4.0
_REGION_BEFORE = re.compile(r"\b(?:Kent|Surrey)\s+(?:and|&)\s+$")  # "Kent and Medway" is a region
_DOMAIN = re.compile(r"(?:@|www\.|//)(?P<d>[a-z0-9.-]+\.gov\.uk)\b", re.I)


def _mention_weight(m, cut: int) -> float:
    """Full names and Surrey local committees count most; county councils (named as partners) least."""
    weight = {"local_committee": 3.0, "full": 2.0}.get(m.how, 1.0)
    weight *= 0.25 if m.kind == "county" and m.how != "local_committee" else 1.0
    return weight * (2.0 if m.start < cut else 1.0)


def _add(scores: dict, name: str, county, start: int, weight: float) -> None:
    entry = scores.setdefault(name, [0.0, start, county])
    entry[0] += weight


def _domain_mentions(ctx: Context, gazetteer) -> list[tuple[str, int]]:
    """Council e-mail and web addresses ("@kent.gov.uk") name the council that wrote the paper."""
    by_domain = {d: c.name for c in gazetteer.councils for d in c.domains}
    out = []
    for m in _DOMAIN.finditer(ctx.document.text):
        domain = m.group("d").lower()
        name = by_domain.get(domain) or by_domain.get(domain.split(".", 1)[-1])
        if name:
            out.append((name, m.start()))
    return out

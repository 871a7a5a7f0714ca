"""The council gazetteer: which council a piece of text names.

``models/gazetteer.json`` lists every current English council and Police and Crime
Commissioner with the forms used for it in text (built by :mod:`.make_gazetteer`).  :meth:`Gazetteer.find` finds council mentions in running
text; :meth:`Gazetteer.lookup` turns one printed name into a :class:`Council`.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

from rapidfuzz import fuzz, process

from extractor import settings
from extractor.normalise.phrase_index import IndexedRegex, TextWords, first_word, without_overlaps

__all__ = ["Council", "CouncilMention", "Gazetteer", "load_gazetteer", "GAZETTEER_FILE"]

GAZETTEER_FILE = "gazetteer.json"
KINDS = ("county", "unitary", "district", "borough", "city", "london_borough", "pcc")
_KIND_WORDS = {"district": "District", "borough": "Borough", "city": "City", "county": "County"}
_ABBREVIATIONS = {"bc": "borough council", "dc": "district council", "cc": "county council"}
LOOKUP_THRESHOLD = 90

# Order in which overlapping gazetteer matches are preferred (lower wins).
_PRIORITY = {"full": 0, "partnership": 1, "local_committee": 2, "alias": 3, "general": 4}


@dataclass(frozen=True)
class Council:
    """One council: canonical ``name``, ceremonial ``county`` (None for a force area across
    several counties) and ``kind``; ``names`` are other full forms of its name."""

    name: str
    county: str | None
    kind: str
    aliases: tuple[str, ...] = ()
    partnerships: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()  # web and e-mail domains, e.g. "kent.gov.uk"
    names: tuple[str, ...] = ()  # other full forms: "Wigan Council", "London Borough of Brent"
    places: tuple[str, ...] = ()  # places that name it only before a partnership word

    def full_names(self) -> list[str]:
        """The canonical name and "<alias> <Kind> Council" for each place alias."""
        names = [self.name, *self.names]
        kind_word = _KIND_WORDS.get(self.kind)
        if kind_word and self.kind != "county":
            names += [f"{alias} {kind_word} Council" for alias in self.aliases if not _is_acronym(alias)]
        return names


@dataclass(frozen=True)
class CouncilMention:
    """A council named in text at ``text[start:end] == matched``.

    ``how`` is "full", "alias", "partnership", "local_committee" or "general"
    (a "<Name> Borough|District|City|County Council" outside the gazetteer,
    whose ``county`` is None).
    """

    name: str
    county: str | None
    kind: str
    start: int
    end: int
    matched: str
    how: str


def _is_acronym(form: str) -> bool:
    """True for forms such as "KCC" or "SSSP", which are matched case-sensitively."""
    return form.isupper() and form.isalpha()


def _key(text: str) -> str:
    """Comparison key: lower case, "&" read as "and", punctuation dropped, spaces folded."""
    text = text.lower().replace("&", " and ")
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def _phrase_pattern(phrase: str) -> str:
    """A regex for *phrase* allowing any whitespace (line wraps) and "and" for "&"."""
    parts = []
    for token in phrase.replace("&", " & ").split():
        parts.append(r"(?:and|&)" if token.lower() in ("and", "&") else re.escape(token))
    return r"\s+".join(parts)


def _phrases_regex(phrases: Iterable[str], ignore_case: bool) -> re.Pattern | None:
    """One whole-word regex matching any of *phrases*, longest first; None if none."""
    patterns = sorted({_phrase_pattern(p) for p in phrases}, key=len, reverse=True)
    if not patterns:
        return None
    flags = re.IGNORECASE if ignore_case else 0
    return re.compile(r"(?<!\w)(?:" + "|".join(patterns) + r")(?!\w)", flags)


# what follows a place in a partnership's name: "Community Safety Partnership", "CSP", "Safer Communities"
_PARTNERSHIP_WORDS = (r"(?i:(?:strategic\s+)?community\s+safety(?:\s+(?:and|&)\s+\w+)?\s+partnership"
                      r"|crime\s+and\s+disorder\s+(?:reduction\s+)?partnership|safer\s+communities\s+partnership"
                      r"|(?:strategic\s+)?community\s+safety\s+board)(?!\w)|CSP\b")


# an address before a place name: the meeting's venue, not the council ("County Hall, Maidstone")
_VENUE_BEFORE = re.compile(r"\b(?:Hall|House|Offices?|Centre|Chambers?|Road|Street|Lane|Square|Guildhall)\s*,\s*$")
# a capitalised word before a place: part of a longer name ("North Hampshire"), unless it is one of these
_NAME_BEFORE = re.compile(r"(?<![\w-])(?!(?:The|Safer|A|An|And|Of|Our|Their|By|With|For)\s)[A-Z][\w'-]*\s+$")


# Cheap tests that a text can hold a shape or a place partnership at all (most lines cannot)
_PARTNERSHIP_HINT = re.compile(r"partnership|\bCSP\b|safer|safety\s+board|disorder", re.I)
# The words a council's name is built around: the name stands before "Council"/"MBC", after
# "Borough of"/"LB"; "City of <Name> Council" ends with "Council" too
_SHAPE_ANCHOR = re.compile(r"\b(?:council|mbc)\b|\bborough\s+of\b|\bLB(?=\s)", re.I)


def _words_back(text: str, end: int, count: int) -> int:
    """Where the ``count`` words before ``end`` start (within the same line group)."""
    start = end
    for _ in range(count):
        m = re.search(r"\S+\s*$", text[max(0, start - 60):start])
        if not m:
            break
        start = max(0, start - 60) + m.start()
    return start


def _words_on(text: str, start: int, count: int) -> int:
    """Where the ``count`` words after ``start`` end."""
    m = re.match(rf"(?:\s*\S+){{0,{count}}}", text[start:start + 200])
    return start + (m.end() if m else 0)


# Shapes of council names looked up rather than compiled into one regex
_NAME = r"[A-Z][\w'’.-]*(?:(?:\s+(?:and|&|upon|on|under|in|of|le|with)\s+|\s+)[A-Z][\w'’.-]*){0,5}"
_SHAPES = tuple(re.compile(shape, re.I) for shape in (  # any case: only known names are taken
    rf"(?<![\w&]){_NAME}\s+(?:Metropolitan\s+Borough\s+|Unitary\s+|Borough\s+|City\s+|County\s+|District\s+)?"
    r"Council(?!\w)",
    rf"(?<![\w&])(?:London|Royal)\s+Borough\s+of\s+{_NAME}(?!\w)",
    rf"(?<![\w&])City\s+of\s+{_NAME}\s+Council(?!\w)",
    rf"(?<![\w&])(?:{_NAME}\s+MBC|LB\s+{_NAME})(?!\w)",
))


# --- the general rule: "<Capitalised Name> Borough|District|City|County Council" ---
_WORD = (r"(?i:(?!(?:council|borough|district|city|county)s?\b))"  # not part of a name
         r"[A-Z][A-Za-z'\u2019]*(?:-[A-Za-z][A-Za-z'\u2019]*)*")
_CONNECTOR = r"(?:\s+(?:and|&|upon|on|under|in|of|le)\s+|\s+)"
_GENERAL_RE = re.compile(
    rf"(?<![\w&])(?P<name>{_WORD}(?:{_CONNECTOR}{_WORD}){{0,4}})\s+"
    r"(?P<kind>Borough|District|City|County|BOROUGH|DISTRICT|CITY|COUNTY)\s+(?:Council|COUNCIL)(?!\w)"
)
_LEADING_STOPWORDS = frozenset("""
    a an the this that these those each every all any both other another our your their its his
    her my local neighbouring relevant respective said same lead host new former whole
    to of for from by with at in on upon under and le into per via as within across between
    including include includes dear mr mrs ms dr cllr councillor member members leader chief
    executive officer officers report reports minutes agenda meeting item appendix annex cabinet
    committee council partner partners see note
""".split())


def _strip_leading(name: str) -> int:
    """Characters of leading stop words ("Report To", "The", "Member of") in a captured name.

    Returns ``len(name)`` when every word is a stop word.
    """
    for word in re.finditer(r"\S+", name):
        if word.group().lower() not in _LEADING_STOPWORDS and word.group() != "&":
            return word.start()
    return len(name)


class Gazetteer:
    """Councils (and commissioners), with text matching and name lookup."""

    def __init__(self, councils: Iterable[Council], local_committee_council: str | None = None,
                 local_committee_county: str | None = None):
        """Index *councils*; Local Committees of *local_committee_county*'s districts
        are attributed to the council named *local_committee_council*."""
        self._councils = list(councils)
        self._by_name = {c.name: c for c in self._councils}
        self._local_council = self._by_name.get(local_committee_council or "")
        self._local_places = [c for c in self._councils
                              if c.county == local_committee_county and c.kind != "county"]
        self._tables = self._build_tables()
        self._keyed = {how: {_key(form): c for form, c in table.items()}
                       for how, table in self._tables.items()}
        self._regexes = self._build_regexes()
        self._indexed = self._index_regexes()
        self._lookup_keys = self._build_lookup()
        self._lookup_choices = list(self._lookup_keys)

    # ----- construction -----
    @classmethod
    def from_dict(cls, data: dict) -> "Gazetteer":
        """Build from the parsed JSON of ``gazetteer.json`` (raises ValueError if malformed)."""
        councils = [_council_from_dict(entry) for entry in data.get("councils", [])]
        local = data.get("local_committees") or {}
        return cls(councils, local.get("council"), local.get("places_in"))

    def _build_tables(self) -> dict[str, dict[str, Council]]:
        """Printed form -> council, per kind of match ("full", "alias", "partnership", "place")."""
        tables: dict[str, dict[str, Council]] = {"full": {}, "alias": {}, "partnership": {}, "place": {}}
        for council in self._councils:
            for name in council.full_names():
                tables["full"][name] = council
            for alias in council.aliases:
                tables["full" if _key(alias) == _key(council.name) else "alias"][alias] = council
            for partnership in council.partnerships:
                tables["partnership"][partnership] = council
        for council in self._local_places:
            tables["place"].update({a: council for a in council.aliases if not _is_acronym(a)})
        return tables

    def _build_regexes(self) -> dict[str, re.Pattern | None]:
        """The compiled regexes used by :meth:`find`; acronyms match case-sensitively.  Name forms
        that a general shape finds ("Wigan Council", "London Borough of Brent": see
        :data:`_SHAPES`) are looked up, not compiled into the regex, which keeps start-up fast."""
        plain = {how: [f for f in table if not _is_acronym(f)] for how, table in self._tables.items()}
        plain["full"] = [f for f in plain["full"] if not any(rx.fullmatch(f) for rx in _SHAPES)]
        acronyms = {how: [f for f in table if _is_acronym(f)] for how, table in self._tables.items()}
        return {
            "full": _phrases_regex(plain["full"], True),
            "partnership": _phrases_regex(plain["partnership"], True),
            "partnership_acronym": _phrases_regex(acronyms["partnership"], False),
            "alias": _phrases_regex(plain["alias"], True),
            "alias_acronym": _phrases_regex(acronyms["alias"], False),
            "local_committee": self._local_committee_regex(plain["place"]),
            "place_partnership": self._place_partnership_regex(),
        }

    def _index_regexes(self) -> dict[str, IndexedRegex]:
        """Each regex of :meth:`_build_regexes` with the words its matches start with."""
        plain = {how: [f for f in table if not _is_acronym(f)] for how, table in self._tables.items()}
        firsts = {name: [first_word(f) for f in table if _is_acronym(f) == name.endswith("_acronym")]
                  for name, table in (("full", self._tables["full"]), ("partnership", self._tables["partnership"]),
                                      ("partnership_acronym", self._tables["partnership"]),
                                      ("alias", self._tables["alias"]), ("alias_acronym", self._tables["alias"]))}
        firsts["local_committee"] = ["Local", *map(first_word, plain["place"])]
        firsts["place_partnership"] = ["Safer", *map(first_word, self._places_printed)]
        return {name: IndexedRegex(regex, firsts[name], ignore_case=name in ("full", "partnership", "alias",
                                                                            "local_committee"))
                for name, regex in self._regexes.items()}

    def _place_partnership_regex(self) -> re.Pattern | None:
        """"<Place> Community Safety Partnership", "<Place> community safety partnership",
        "Safer <Place> Strategic Partnership": a place names a council only in such a phrase."""
        places = {p: c for c in self._councils for p in (*c.places, *(a for a in c.aliases if not _is_acronym(a)))}
        self._places = {_key(p): c for p, c in places.items()}
        self._places_printed = list(places)
        if not places:
            return None
        alternatives = "|".join(sorted((_phrase_pattern(p) for p in places), key=len, reverse=True))
        return re.compile(rf"(?<![\w-])(?:(?:Safer\s+)?(?P<place>{alternatives})\s+"
                          rf"(?:(?:County|Borough|District|City)\s+)?(?:{_PARTNERSHIP_WORDS})"
                          rf"|Safer\s+(?P<safer>{alternatives})(?:\s+Partnership)?(?!\s+(?:Streets|Roads)\b)(?![\w-]))")

    def _local_committee_regex(self, places: list[str]) -> re.Pattern | None:
        """"<Place> Local Committee", "Local Committee (<Place>)", "Local Committee for <Place>"."""
        if not places or self._local_council is None:
            return None
        place = "|".join(sorted((_phrase_pattern(p) for p in places), key=len, reverse=True))
        return re.compile(
            rf"(?<!\w)(?:(?:{place})\s+Local\s+Committee"
            rf"|Local\s+Committee\s*\(\s*(?:{place})\s*\)"
            rf"|Local\s+Committee\s+for\s+(?:{place}))(?!\w)", re.IGNORECASE)

    def _build_lookup(self) -> dict[str, Council]:
        """Key -> council for :meth:`lookup`: names, aliases, partnerships and variants."""
        keys: dict[str, Council] = {}
        for how in ("partnership", "alias", "full"):
            keys.update(self._keyed[how])
        for council in self._councils:
            for alias in council.aliases:
                if not _is_acronym(alias):
                    keys.setdefault(_key(f"{alias} council"), council)
                    kind_word = _KIND_WORDS.get(council.kind)
                    if kind_word and council.kind != "county":
                        keys.setdefault(_key(f"{alias} {kind_word}"), council)
        return keys

    # ----- public API -----
    @property
    def councils(self) -> list[Council]:
        """Every council in the gazetteer, in file order."""
        return list(self._councils)

    def get(self, name: str) -> Council | None:
        """The council whose canonical name is exactly *name*."""
        return self._by_name.get(name)

    def lookup(self, name: str) -> Council | None:
        """The council a printed name stands for, exactly or fuzzily; None if no match.

        "Tonbridge & Malling BC" -> Tonbridge and Malling Borough Council.
        Abbreviations BC, DC and CC are expanded; fuzzy matching uses rapidfuzz
        ``fuzz.ratio`` with a cut-off of ``LOOKUP_THRESHOLD``.
        """
        if not isinstance(name, str):
            return None
        words = [_ABBREVIATIONS.get(w, w) for w in _key(name).split()]
        key = " ".join(words[1:] if words[:1] == ["the"] else words)
        if not key:
            return None
        if key in self._lookup_keys:
            return self._lookup_keys[key]
        best = process.extractOne(key, self._lookup_choices, scorer=fuzz.ratio,
                                  score_cutoff=LOOKUP_THRESHOLD)
        return self._lookup_keys[best[0]] if best else None

    def find(self, text: str) -> list[CouncilMention]:
        """Every council mention in *text*, in order, without overlaps.

        Gazetteer matches win over the general rule; among gazetteer matches the
        longest wins ("Safer Woking Partnership" over "Woking"), then full name,
        partnership, local committee, alias.
        """
        if not isinstance(text, str) or not text:
            return []
        gazetteer = sorted(self._gazetteer_candidates(TextWords(text)),
                           key=lambda m: (m.start - m.end, _PRIORITY[m.how], m.start))
        chosen = without_overlaps([*gazetteer, *self._general_candidates(text)])
        return sorted(chosen, key=lambda m: m.start)

    # ----- matching helpers -----
    def _gazetteer_candidates(self, words: TextWords) -> Iterator[CouncilMention]:
        """Candidate mentions from names, aliases, partnerships and local committees."""
        text = words.text
        for regex_name, how in (("full", "full"), ("partnership", "partnership"),
                                ("partnership_acronym", "partnership"), ("alias", "alias"),
                                ("alias_acronym", "alias")):
            for match in self._indexed[regex_name].finditer(words):
                if how == "alias" and not match.group()[0].isupper():
                    continue  # "swale" in lower case is a word, not the borough
                if how == "alias" and _VENUE_BEFORE.search(text[max(0, match.start() - 40):match.start()]):
                    continue  # "County Hall, Maidstone" is where a meeting was held
                yield _mention(self._keyed[how][_key(match.group())], match, how)
        yield from self._local_committee_candidates(words)
        yield from self._shape_candidates(text)
        for match in self._indexed["place_partnership"].finditer(words) if _PARTNERSHIP_HINT.search(text) else ():
            if match["place"] and _NAME_BEFORE.search(text[max(0, match.start() - 30):match.start()]):
                continue  # "Safer North Hampshire ...": the place is part of a longer name
            council = self._places[_key(match["place"] or match["safer"])]
            yield CouncilMention(council.name, council.county, council.kind, match.start(), match.end(),
                                 match.group(), "partnership")

    def _local_committee_candidates(self, words: TextWords) -> Iterator[CouncilMention]:
        """"Guildford Local Committee" / "Local Committee (Elmbridge)" -> the county council."""
        for match in self._indexed["local_committee"].finditer(words):
            yield _mention(self._local_council, match, "local_committee")

    def _shape_candidates(self, text: str) -> Iterator[CouncilMention]:
        """Known councils in the shapes their names take ("Wigan Council", "London Borough of
        Brent", "Bury MBC"), found from the shape's anchor word and looked up in the gazetteer:
        an unknown "<Name> Council" is no mention."""
        last_end = -1
        for anchor in _SHAPE_ANCHOR.finditer(text):
            if anchor.start() < last_end:
                continue
            before = anchor.group().lower() in ("council", "mbc")  # the name stands before these words
            start, end = (_words_back(text, anchor.start(), 7), anchor.end()) if before else \
                (_words_back(text, anchor.start(), 1), _words_on(text, anchor.end(), 6))  # "London|Royal Borough of"
            found = self._longest_known(text, start, end, ends_at_anchor=before)
            if found is not None:
                council, s, e = found
                last_end = e
                yield CouncilMention(council.name, council.county, council.kind, s, e, text[s:e], "full")

    def _longest_known(self, text: str, start: int, end: int, ends_at_anchor: bool = True):
        """The longest known name in text[start:end] that ends at ``end`` (a name before its anchor
        word: "The Annual Sevenoaks District Council") or, when not ``ends_at_anchor``, that
        contains the anchor near ``start`` and ends at any later word ("London Borough of Brent
        Cabinet")."""
        words = [m.span() for m in re.finditer(r"\S+", text[start:end])]
        for size in range(len(words), 0, -1):
            firsts = [len(words) - size] if ends_at_anchor else range(min(2, len(words) - size + 1))
            for first in firsts:
                s, e = start + words[first][0], start + words[first + size - 1][1]
                e = s + len(text[s:e].rstrip(",;:.)"))
                council = self._keyed["full"].get(_key(text[s:e]))
                if council is not None:
                    return council, s, e
        return None

    def _general_candidates(self, text: str) -> Iterator[CouncilMention]:
        """"<Capitalised Name> Borough|District|City|County Council" outside the gazetteer."""
        for match in _GENERAL_RE.finditer(text):
            dropped = _strip_leading(match["name"])
            if dropped >= len(match["name"]):
                continue
            start = match.start("name") + dropped
            printed = " ".join(text[start:match.end()].split())
            known = self._keyed["full"].get(_key(printed))
            council = known or Council(printed, None, match["kind"].lower())
            yield CouncilMention(council.name, council.county, council.kind, start, match.end(),
                                 text[start:match.end()], "full" if known else "general")


def _mention(council: Council, match: re.Match, how: str) -> CouncilMention:
    """A CouncilMention for *council* at *match*."""
    return CouncilMention(council.name, council.county, council.kind,
                          match.start(), match.end(), match.group(), how)


def _council_from_dict(entry: dict) -> Council:
    """One gazetteer entry; raises ValueError naming the entry when it is malformed."""
    name = entry.get("name")
    if not name or entry.get("kind") not in KINDS:
        raise ValueError(f"{GAZETTEER_FILE}: entry {entry!r} needs a name and a kind from {KINDS}")
    return Council(name=name, county=entry.get("county"), kind=entry["kind"],
                   aliases=tuple(entry.get("aliases", ())),
                   partnerships=tuple(entry.get("partnerships", ())),
                   domains=tuple(entry.get("domains", ())), names=tuple(entry.get("names", ())),
                   places=tuple(entry.get("places", ())))


@lru_cache(maxsize=None)
def _load_cached(path: str) -> Gazetteer:
    """Read and build the gazetteer at *path* (cached per path)."""
    file = Path(path)
    if not file.is_file():
        raise FileNotFoundError(f"{file}: gazetteer not found; point models_dir at the folder "
                                f"holding {GAZETTEER_FILE} (default {settings.DEFAULT_MODELS})")
    return Gazetteer.from_dict(json.loads(file.read_text(encoding="utf-8")))


def load_gazetteer(models_dir: Path | str | None = None) -> Gazetteer:
    """The gazetteer in *models_dir* (default ``settings.DEFAULT_MODELS``), cached per path."""
    folder = Path(models_dir) if models_dir is not None else settings.DEFAULT_MODELS
    return _load_cached(str((folder / GAZETTEER_FILE).resolve()))

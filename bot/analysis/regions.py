"""Regions: named seas, straits, islands, features and strategic regions.

Owns the catalogue look-up (data/regions.yaml, with aliases: Ayungin Shoal = Second Thomas Shoal
= Ren'ai Jiao) and finding places the catalogue lacks from their shape: "X Shoal", "X Islands",
"Sea of X", "northern Australia". Pure.
"""

from __future__ import annotations

import re

from bot.analysis.doc import Doc, territory_codes
from bot.analysis.gazetteer import fold
from bot.analysis.rules import on

_FEATURE = (
    r"(?:Sea|Seas|Strait|Straits|Shoal|Reef|Reefs|Atoll|Island|Islands|Archipelago|"
    r"archipelago|Peninsula|Bay|Gulf|Channel|Cay|Bank|Jiao|Dao|Qundao)"
)
_SHAPED = re.compile(
    rf"\b((?:[A-Z][a-z'’-]+\s+){{1,3}}{_FEATURE}|(?:Sea|Bay|Gulf|Strait|Straits)\s+of\s+"
    rf"(?:the\s+)?[A-Z][a-z]+|(?:[A-Z][a-z'’-]+\s+){{1,3}}(?:island|islands|shoal|reef|atoll)"
    r"(?=\s+in\s+(?:the\s+)?[A-Z]|[,.;]|\s+(?:archipelago|area|waters)\b))\b"
)
_GATE = (
    " sea",
    "strait",
    "shoal",
    "reef",
    "atoll",
    "island",
    "archipelago",
    "peninsula",
    " bay",
    "gulf",
    "channel",
    " cay",
    " bank",
    "jiao",
    " dao",
    "qundao",
)
_DIRECTION = re.compile(
    r"\b(?:northern|southern|eastern|western|north-eastern|north-western|south-eastern|"
    r"south-western|northeastern|northwestern|southeastern|southwestern|north|south|east|west|"
    r"central)\s+$"
)
_COMPASS = re.compile(r"^(?:north|south|east|west|central|upper|lower|inner|outer)", re.I)
# "in eastern Ladakh": a lower-case direction, then a place the catalogue may lack.
_DIRECTED = re.compile(
    r"\b(?:in|of|across|along|into|from|to|near|off)\s+(?:the\s+)?((?:northern|southern|eastern|"
    r"western|north|south|east|west)\s+[A-Z][a-z]{3,})\b(?!\s+[A-Z])"
)

# A place name followed by one of these is part of an organisation's or a post's name
# ("Northern Luzon Commander", "Hainan Provincial Maritime Bureau").
# So is an event named after the place ("the 2004 Indian Ocean earthquake and tsunami").
_ORG_AFTER = re.compile(
    r"^[\s-]*(?:Command|Commander|Provincial|Province|University|Bureau|Fleet|Forum|Defen[cs]e|"
    r"Ministers|Economic|Government|Maritime\s+Safety|Coast\s+Guard|Police|Daily|Times|Post|"
    r"Council|Institute|Center|Centre|Network|Program|Programme|Summit|"
    r"(?i:earthquakes?|tsunamis?|typhoons?|cyclones?|floods?))\b"
)
# A place that names an office in lower case: "the Hainan entry-exit inspection and quarantine
# bureau" (not "the Hainan coast").
_OFFICE_AFTER = re.compile(
    r"^(?:\s+[a-z][\w-]*){0,5}\s+(?:bureau|office|authority|administration|department|agency|"
    r"government|committee)\b"
)
# A feature inside a law's name: the "Archipelagic Sea Lanes Act".
_LAW_AFTER = re.compile(r"[\s-]+(?:[A-Z]\w+\s+){0,2}(?:Act|Law|Code|Decree)\b")
# "Queensland's Shoalwater Bay": the place is the feature, not the possessor.
_POSSESSOR = re.compile(r"^.*?[\w.-]+['’]s\s+")


def find_regions(doc: Doc) -> list[str]:
    """Region names in order of first appearance, each once, catalogue names where known."""
    g = doc.gazetteer
    out: list[str] = []
    for sent in doc.sents:
        taken = [
            (m.start - sent.start, m.end - sent.start)
            for m in sent.mentions
            if m.kind in ("region", "other", "exercise", "agreement")
        ]
        for m in sent.mentions:
            if m.kind == "region":
                if not (
                    _ORG_AFTER.search(doc.text[m.end : m.end + 24])
                    or (on("office_after") and _OFFICE_AFTER.match(doc.text[m.end : m.end + 80]))
                ):
                    lead = sent.text[max(0, m.start - sent.start - 16) : m.start - sent.start]
                    d = _DIRECTION.search(lead)
                    if d and not _COMPASS.match(m.value) and m.surface[:1].isupper():
                        out.append(f"{d.group().strip()} {m.surface}")  # "north Arabian Sea"
                    else:
                        out.append(m.value)
            elif (
                m.kind == "country"
                and on("territories")
                and m.surface[:1].isupper()
                and m.value.lower() in territory_codes(g)
                and fold(m.surface) == fold(g.display.get(m.value, ""))
            ):
                out.append(g.regions.get(fold(m.surface), m.surface))  # "Christmas Island"
            elif m.kind == "country" and fold(m.surface) in g.names:
                lead = sent.text[max(0, m.start - sent.start - 16) : m.start - sent.start]
                d = _DIRECTION.search(lead)
                if (
                    d
                    and m.surface[:1].isupper()
                    and fold(m.surface) == fold(g.display.get(m.value, ""))
                ):
                    out.append(f"{d.group().strip()} {m.surface}")
        for dm in _DIRECTED.finditer(sent.text):
            word = dm.group(1).split()[1]
            if fold(word) not in g.names and not any(
                x.start - sent.start == dm.start(1) + len(dm.group(1)) - len(word)
                for x in sent.mentions
            ):
                out.append(dm.group(1))
        if not any(g in sent.folded for g in _GATE):
            continue
        for sm in _SHAPED.finditer(sent.text):
            if any(s <= sm.start() < e or sm.start() <= s < sm.end() for s, e in taken):
                continue
            if sm.group(1)[-1:].islower() and not on("lowercase_island"):
                continue
            words = (_POSSESSOR.sub("", sm.group(1)) if on("possessor") else sm.group(1)).split()
            while words and fold(words[0]) in g.words["region_lead"]:
                words.pop(0)
            if len(words) < 2:
                continue
            name = " ".join(words)
            if words[-1].islower() and any(fold(w) in g.names for w in words[:-1]):
                continue  # "a Philippine island, Japanese reef": a country's, not a name
            if (
                (on("law_name") and _LAW_AFTER.match(sent.text, sm.end()))
                or _ORG_AFTER.search(sent.text[sm.end() : sm.end() + 24])
                or re.match(r"[\s-]+(?:19|20)?\d\d\b", sent.text[sm.end() : sm.end() + 6])
            ):
                continue  # "Northern Luzon Command"; "Guardian Sea 2024" is an exercise
            known = [x for x in g.table.scan(name) if x.kind in ("country", "force", "group")]
            if (
                known
                and known[0].end - known[0].start == len(name)
                and not (on("territories") and known[0].value.lower() in territory_codes(g))
            ):
                continue  # "Solomon Islands" is a country
            out.append(g.regions.get(fold(name), name))
    return list(dict.fromkeys(out))

"""Officials named in a statement: name, role and country, learned from the text itself.

Owns the title-and-name patterns ("Indian Defence Minister Rajnath Singh", "Mr. MOTEGI
Toshimitsu, Minister for Foreign Affairs of Japan", "Japan's Defence Minister, Mr Kishi Nobuo")
and the resolution of later references ("Minister Kishi", "Kishi", "the Secretary") to the
official first introduced. The titles themselves are data (lexicon.yaml `roles`). Pure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from bot.analysis.doc import COUNTRY_KINDS, Doc
from bot.analysis.gazetteer import fold
from bot.analysis.matcher import Mention
from bot.analysis.rules import on
from bot.analysis.sources import home_country
from bot.models import Official

_HONORIFIC = (
    r"(?:(?:Mr|Mrs|Ms|Mdm|Dr|Hon|Sen|Sr|Gen|Adm|Lt|Col|Capt|Cmdr|Maj|Brig|Vice Adm|Rear Adm|Lt\. Gen|"
    r"Maj\. Gen|Brig\. Gen)\.?\s+|(?:Shri|Smt|Senior Captain|Captain|the Honorable|the Honourable|"
    r"The Honorable|His Excellency|Her Excellency|H\.E\.|Major General|Lieutenant General|"
    r"Vice Admiral|Rear Admiral|Admiral|Senior Lieutenant General|Lieutenant|General|"
    r"Datuk Seri|Dato' Sri|Dato’ Sri|Datuk|Tan Sri)\s+)*"
)
_WORD = r"(?:[A-Z][a-z]+(?:[-'’][A-Za-z]+)?|[A-Z]{2,}(?![a-z])|[A-Z]\.)"
_NAME = rf"{_WORD}(?:[ \t]+{_WORD}){{0,4}}(?:,?[ \t]+(?:Jr\.|Sr\.|III|II|IV)(?![A-Za-z]))?"
_AFTER_ASCII = re.compile(rf"(?:[ \t]*,[ \t]*|[ \t]+){_HONORIFIC}({_NAME})")
_BEFORE_ASCII = re.compile(rf"{_HONORIFIC}({_NAME}),[ \t]+(?:the[ \t]+)?$")
# Names as wire reports print them: with diacritics ("Phan Văn Giang") and a bare initial
# ("Mark T Esper").
_WORD_ANY = (
    r"(?:[A-ZÀ-ÖØ-ÞĐ][^\W\d_A-Z]+(?:[-'’][^\W\d_]+)?|[A-Z]{2,}(?![a-z])|[A-Z]\.|"
    r"[A-Z](?=[ \t]+[A-Z][a-z]))"
)
_NAME_ANY = (
    rf"{_WORD_ANY}(?:[ \t]+{_WORD_ANY}){{0,4}}(?:,?[ \t]+(?:Jr\.|Sr\.|III|II|IV)(?![A-Za-z]))?"
)
_AFTER_ANY = re.compile(rf"(?:[ \t]*,[ \t]*|[ \t]+){_HONORIFIC}({_NAME_ANY})")
_BEFORE_ANY = re.compile(rf"{_HONORIFIC}({_NAME_ANY}),[ \t]+(?:the[ \t]+)?$")
_OF = re.compile(r"[ \t]+(?:of|for)[ \t]+(?:the[ \t]+)?")
_POSSESSIVE = re.compile(r"^(?:['’]s)?[ \t]+$")
# "his Japanese counterpart Taro Kono": the other side's official, by the adjective before.
_COUNTERPART = re.compile(r"\b(?:his|her|their)[ \t]+((?:[A-Z][\w-]*[ \t]+){1,2})counterparts?\b")
# Titles of a national government, which an unqualified report gives its own country's
# officials ("Defence Minister Rajnath Singh" in an Indian report).
_NATIONAL_ROLE = re.compile(r"Minister|Secretary|President|Premier|Chancellor|Raksha")


@cache
def _role_pattern(roles: tuple[str, ...], spellings: bool = True) -> re.Pattern[str]:
    alts = sorted(roles, key=len, reverse=True)
    lower = [r.lower() for r in alts if r in ("Spokesperson", "Spokesman")]
    body = "|".join(re.escape(r).replace(r"\ ", r"\s+") for r in [*alts, *lower])
    # "Minister of National Defence" is the title "Minister of National Defense".
    if spellings:
        body = body.replace("Defense", "Defen[cs]e").replace("Defence", "Defen[cs]e")
    return re.compile(rf"(?<![A-Za-z])(?:{body})s?(?![A-Za-z])")


@dataclass
class Person:
    name: str
    role: str | None
    country: str | None
    spans: list[tuple[int, int]] = field(default_factory=list)  # where the text names them

    def name_keys(self) -> set[str]:
        return {w.casefold() for w in re.findall(r"[A-Za-z][A-Za-z'’-]{2,}", self.name)} - {
            "jr",
            "sr",
            "iii",
        }


@dataclass
class Officials:
    people: list[Person] = field(default_factory=list)

    def find(self, word: str) -> Person | None:
        """The official a later reference means: a surname ("Kishi") or a bare title ("the
        Secretary"), when exactly one official fits."""
        key = word.casefold().removeprefix("the ").strip()
        by_name = [p for p in self.people if key in p.name_keys()]
        if len(by_name) == 1:
            return by_name[0]
        by_role = [p for p in self.people if p.role and key in p.role.casefold()]
        return by_role[0] if len(by_role) == 1 else None

    def add(self, person: Person) -> Person:
        for p in self.people:
            if p.name_keys() & person.name_keys():
                if len(person.name) > len(p.name):
                    p.name = person.name
                if person.role and (not p.role or len(person.role) > len(p.role)):
                    p.role = person.role
                p.country = p.country or person.country
                p.spans.extend(person.spans)
                return p
        self.people.append(person)
        return person

    def as_models(self) -> tuple[Official, ...]:
        return tuple(Official(p.name, p.role, p.country) for p in self.people)


def _country_at(mentions: dict[int, Mention], doc: Doc, pos: int) -> tuple[str | None, int]:
    m = mentions.get(pos)
    if m is None:
        return None, pos
    codes = doc.codes([m])
    return (codes[0] if len(codes) == 1 else None), m.end


def _valid(name: str, doc: Doc, start: int) -> str | None:
    if doc.text[max(0, start - 4) : start].casefold().endswith(("the ", "of ")):
        return None  # "the Emergency Disaster Response Headquarters": a thing, not a person
    words = name.replace(",", " ").split()
    if words and words[-1][-2:] in ("'s", "’s"):
        words[-1] = words[-1][:-2]
    stop = doc.gazetteer.words["name_stop"]
    while words and fold(words[-1].rstrip(".")) in stop:
        words.pop()
    if not words or fold(words[0].rstrip(".")) in stop:
        return None
    if all(len(w.rstrip(".")) <= 1 for w in words):
        return None
    for m in doc.gazetteer.table.scan(" ".join(words)):
        if m.kind in COUNTRY_KINDS or m.kind in ("region", "group", "other"):
            return None
    return " ".join(words)


def find_officials(doc: Doc, source: str | None = None) -> Officials:
    """Every official the statement names, merged across mentions."""
    g = doc.gazetteer
    text = doc.text
    ends: dict[int, Mention] = {}
    starts: dict[int, Mention] = {}
    for m in doc.mentions():
        if m.kind in COUNTRY_KINDS or m.kind in ("other", "region"):
            ends[m.end] = m
            starts[m.start] = m
    pattern = _role_pattern(tuple(g.roles), on("name_shapes"))
    name_after, name_before = (
        (_AFTER_ANY, _BEFORE_ANY) if on("name_shapes") else (_AFTER_ASCII, _BEFORE_ASCII)
    )
    found = Officials()
    lookup = {r.casefold(): r for r in g.roles}
    chain: tuple[int, str | None] = (-1, None)  # where the last title ended, and its country
    for rm in pattern.finditer(text):
        said = " ".join(rm.group().split())
        if on("name_shapes") and said not in g.roles:
            said = re.sub(r"(?i)defence", "Defense", said)
        role = (
            lookup.get(said.casefold())
            or lookup.get(said[:-1].casefold())
            or lookup.get(said.replace("Defense", "Defence").casefold())
            or said
        )
        country: str | None = g.roles.get(role)
        # Country before the title: "Japanese Defense Minister", "Japan's Defence Minister".
        for gap in (1, 3):
            pos = rm.start() - gap
            if pos in ends and _POSSESSIVE.match(text[pos : rm.start()]):
                country = _country_at(ends, doc, pos)[0] or country
                break
        # Titles joined by "and" share the country: "Lao Deputy Prime Minister and Minister of
        # National Defense General X".
        if chain[1] and re.fullmatch(r"[ \t]+and[ \t]+", text[chain[0] : rm.start()]):
            country = country or chain[1]
        chain = (rm.end(), country)
        tail = rm.end()
        of = _OF.match(text, tail)
        if of and of.end() in starts:
            c, tail = _country_at(starts, doc, of.end())
            country = c or country
        after = name_after.match(text, tail)
        name = _valid(after.group(1), doc, after.start(1)) if after else None
        span = (after.start(1), after.start(1) + len(name)) if after and name else None
        if name is None:
            before = name_before.search(text, max(0, rm.start() - 80), rm.start())
            if before:
                name = _valid(before.group(1), doc, before.start(1))
                span = (before.start(1), before.end(1)) if name else None
        if name is None or span is None:
            continue
        found.add(Person(name, role, country, [span]))
    if on("counterpart_official"):
        _counterparts(doc, ends, found)
    if on("home_official"):
        _home(doc, source, found)
    return found


def _counterparts(doc: Doc, ends: dict[int, Mention], found: Officials) -> None:
    """ "his Japanese counterpart Taro Kono": an official of the country the adjective names."""
    for cm in _COUNTERPART.finditer(doc.text):
        country = None
        for m in ends.values():
            if cm.start(1) <= m.start < cm.end(1):
                country = _country_at(ends, doc, m.end)[0]
        after = _AFTER_ANY.match(doc.text, cm.end())
        name = _valid(after.group(1), doc, after.start(1)) if after and country else None
        if after and name:
            found.add(
                Person(name, "Counterpart", country, [(after.start(1), after.start(1) + len(name))])
            )


def _home(doc: Doc, source: str | None, found: Officials) -> None:
    """An official a report names without a country ("Defence Minister Rajnath Singh") is of
    the issuer's country, else of the dateline's ("NEW DELHI:"), when no one else is."""
    home = home_country(doc, source)
    if not home or any(p.country == home for p in found.people):
        return
    for p in found.people:
        if p.country is None and p.role and _NATIONAL_ROLE.search(p.role):
            p.country = home
            return


_BARE_REF = re.compile(
    r"\b(?:the\s+)?(?:Secretary|Minister|Prime Minister|President|Spokesperson|Ambassador)\b"
    r"|\b[A-Z][a-z]{2,}\b"
)


def actors_before(doc: Doc, officials: Officials, start: int, end: int) -> list[str]:
    """Countries of whoever acts in text[start:end] (the words before a trigger): countries
    named there, and officials named or referred to ("Kishi", "the Secretary")."""
    out = doc.codes(
        [
            m
            for m in doc.mentions()
            if start <= m.start < end and m.kind in ("country", "force", "group")
        ]
    )
    for m in _BARE_REF.finditer(doc.text, start, end):
        person = officials.find(m.group())
        if person and person.country and person.country not in out:
            out.append(person.country)
    return out

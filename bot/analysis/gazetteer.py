"""Gazetteers: countries, groupings, exercises, agreements, regions and word lists — loaded once
from the YAML in `data/`.

Owns the name tables and the lookups over them (`resolve` a country as a person writes it,
`country_name` for display, `table` to find every name in a text). Pure: reads only its own
package data, never the network or store. The extractor and the chat commands share it, so
"Phillipines", "U.S." and "Japan-India" mean the same thing in a subscription as in a statement.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

from bot.analysis.matcher import PhraseTable

_COMPOUND_SPLIT = re.compile(r"\s*[-–—/]\s*")
# Prefixes used in compounds: "Indo-Japanese", "Sino-Indian", "Australo-Japanese".
_COMBINING_FORMS = {
    "indo": "IN",
    "sino": "CN",
    "japano": "JP",
    "russo": "RU",
    "anglo": "GB",
    "franco": "FR",
    "australo": "AU",
    "americo": "US",
    "korean": "KR",
}


def fold(text: str) -> str:
    """Case- and accent-insensitive form used for every lookup: 'Viet Nam' -> 'viet nam'."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("’", "'").replace("‘", "'")
    return " ".join(text.casefold().split())


def _load(name: str) -> Any:
    data = resources.files("bot.analysis").joinpath("data", name).read_text(encoding="utf-8")
    return yaml.safe_load(data)


@dataclass(frozen=True, slots=True)
class ExerciseInfo:
    participants: tuple[str, ...] = ()  # who holds it by definition
    cue: bool = False  # the name is also a common word: needs "exercise"/"drill" beside it
    unilateral: bool = False  # one country's drills


@dataclass(frozen=True)
class Gazetteer:
    names: dict[str, str]  # folded name / adjective / metonym -> alpha-2
    display: dict[str, str]  # alpha-2 -> the short name shown to people
    groups: dict[str, tuple[str, ...]]  # folded group name -> alpha-2 codes
    exercises: dict[str, str]  # folded alias -> canonical exercise name
    regions: dict[str, str]  # folded alias -> canonical region name
    agreements: dict[str, str] = field(default_factory=dict)  # folded alias -> short name
    agreement_keywords: tuple[tuple[str, str], ...] = ()  # (folded keyword, short name)
    invoked_only: frozenset[str] = frozenset()  # agreements that count only where invoked
    exercise_info: dict[str, ExerciseInfo] = field(default_factory=dict)
    region_country: dict[str, str] = field(default_factory=dict)  # region -> country it names
    group_names: dict[str, str] = field(default_factory=dict)  # folded -> display name
    cooperation: dict[str, tuple[str, ...]] = field(default_factory=dict)  # tag -> phrases
    principles: dict[str, tuple[str, ...]] = field(default_factory=dict)
    roles: dict[str, str | None] = field(default_factory=dict)  # title -> implied country
    words: dict[str, frozenset[str]] = field(default_factory=dict)  # folded word lists
    table: PhraseTable = field(default_factory=PhraseTable)  # every name above, to scan text
    added: frozenset[str] = frozenset()  # folded names added in round 5 (rule "catalogue_r5")
    cues: PhraseTable = field(default_factory=PhraseTable)  # cooperation and principle phrases

    def country_name(self, code: str) -> str:
        return self.display.get(code, code)

    def resolve(self, token: str) -> tuple[str, ...] | None:
        """Countries a written name stands for, or None: 'India' -> ('IN',),
        'Japan-India' -> ('JP', 'IN'), 'Quad' -> ('AU', 'IN', 'JP', 'US'), 'Phillipines' -> ('PH',)."""
        token = token.strip(" \t.,;:!?()[]\"'")
        if not token:
            return None
        key = fold(token)
        if key in self.names:
            return (self.names[key],)
        undotted = key.replace(".", "")
        if undotted in self.names:
            return (self.names[undotted],)
        if key in self.groups:
            return self.groups[key]
        if len(token) == 2 and token.isalpha() and token.upper() in self.display:
            return (token.upper(),)
        parts = [p for p in _COMPOUND_SPLIT.split(token) if p]
        if len(parts) > 1:
            codes: list[str] = []
            for part in parts:
                sub = _COMBINING_FORMS.get(fold(part)) or self.resolve(part)
                if sub is None:
                    return None
                for c in (sub,) if isinstance(sub, str) else sub:
                    if c not in codes:
                        codes.append(c)
            return tuple(codes)
        if len(key) >= 5:
            close = difflib.get_close_matches(key, self._fuzzy_keys(), n=1, cutoff=0.85)
            if close:
                return (self.names[close[0]],)
        return None

    def _fuzzy_keys(self) -> list[str]:
        return [k for k in self.names if len(k) >= 5]


@cache
def load_gazetteer() -> Gazetteer:
    """The gazetteer, read from package data once per process (it never changes at run time)."""
    table, cues = PhraseTable(), PhraseTable()
    names: dict[str, str] = {}
    display: dict[str, str] = {}
    for code, entry in _load("countries.yaml")["countries"].items():
        forms = list(entry.get("names", []))
        display[code] = entry.get("short") or forms[0]
        for form in forms + entry.get("adjectives", []) + entry.get("metonyms", []):
            names.setdefault(fold(form), code)
            if fold(form).startswith("the "):
                names.setdefault(fold(form)[4:], code)
            table.add(form, "country", code)
        table.add_all(entry.get("forces", []), "force", code)
    groups: dict[str, tuple[str, ...]] = {}
    group_names: dict[str, str] = {}
    for name, codes in _load("groups.yaml")["groups"].items():
        groups[fold(name)] = tuple(codes)
        group_names[fold(name)] = name
        table.add(name, "group", fold(name))
    added: set[str] = set()
    exercises: dict[str, str] = {}
    info: dict[str, ExerciseInfo] = {}
    for name, entry in _load("exercises.yaml")["exercises"].items():
        entry = entry or {}
        info[name] = ExerciseInfo(
            tuple(entry.get("participants", ())),
            bool(entry.get("cue")),
            bool(entry.get("unilateral")),
        )
        for form in _forms(name, entry, added):
            exercises[fold(form)] = name
            table.add(form, "exercise", name)
    regions: dict[str, str] = {}
    region_country: dict[str, str] = {}
    for name, entry in _load("regions.yaml")["regions"].items():
        entry = entry or {}
        if entry.get("country"):
            region_country[name] = entry["country"]
        for form in _forms(name, entry, added):
            regions[fold(form)] = name
            table.add(form, "region", name)
    # "East and South China Seas" names two seas at once.
    for form in (
        "East and South China Seas",
        "South and East China Seas",
        "East and South China Sea",
        "South and East China Sea",
    ):
        table.add(form, "region", "East China Sea")
        table.add(form, "region", "South China Sea")
    agreements: dict[str, str] = {}
    keywords: list[tuple[str, str]] = []
    invoked_only: set[str] = set()
    for name, entry in _load("agreements.yaml")["agreements"].items():
        entry = entry or {}
        if entry.get("invoked_only"):
            invoked_only.add(name)
        for form in _forms(name, entry, added):
            agreements[fold(form)] = name
            table.add(form, "agreement", name)
        keywords.extend((fold(k), name) for k in entry.get("keywords", []))
    for name, entry in _load("others.yaml")["others"].items():
        table.add(name, "other", (entry or {}).get("country") or "")
    lexicon = _load("lexicon.yaml")
    cooperation = {tag: tuple(phrases) for tag, phrases in lexicon["cooperation"].items()}
    principles = {p: tuple(phrases) for p, phrases in lexicon["principles"].items()}
    for tag, phrases in cooperation.items():
        cues.add_all(phrases, "cooperation", tag)
        # A plural of the last word names the same area ("defense procurements"); filed apart
        # so the extractor can tell (and a measurement can switch it off).
        cues.add_all(
            (p + "s" for p in phrases if p[-1:].isalpha() and p[-1:] != "s"),
            "cooperation_plural",
            tag,
        )
    for tag, phrases in (lexicon.get("cooperation_more") or {}).items():
        cues.add_all(phrases, "cooperation_more", tag)
    for tag, phrases in (lexicon.get("cooperation_r5") or {}).items():
        cues.add_all(phrases, "cooperation_r5", tag)
    for name, phrases in principles.items():
        cues.add_all(phrases, "principle", name)
    return Gazetteer(
        names,
        display,
        groups,
        exercises,
        regions,
        agreements=agreements,
        agreement_keywords=tuple(keywords),
        invoked_only=frozenset(invoked_only),
        exercise_info=info,
        region_country=region_country,
        group_names=group_names,
        cooperation=cooperation,
        principles=principles,
        roles=dict(lexicon["roles"]),
        table=table,
        cues=cues,
        words={k: frozenset(fold(str(w)) for w in v) for k, v in lexicon["words"].items()},
        added=frozenset(added),
    )


def _forms(name: str, entry: dict[str, Any], added: set[str]) -> list[str]:
    """A catalogue entry's name and aliases; those added in round 5 (`added: 5`, or listed under
    `aliases_r5`) are also recorded, so that a measurement can switch them off."""
    old = [name, *entry.get("aliases", [])]
    new = list(entry.get("aliases_r5", []))
    if entry.get("added") == 5:
        new, old = old + new, []
    added.update(fold(f) for f in new)
    return old + new

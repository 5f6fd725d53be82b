"""Gazetteers: countries, groupings, exercises, regions — loaded once from the YAML in `data/`.

Owns the name tables and the lookups over them (`resolve` a country as a person writes it,
`country_name` for display). Pure: reads only its own package data, never the network or store.
The extractor and the chat commands share it, so "Phillipines", "U.S." and "Japan-India" mean
the same thing in a subscription as in a statement.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

_COMPOUND_SPLIT = re.compile(r"\s*[-–—/]\s*")
# Prefixes used in compounds: "Indo-Japanese", "Sino-Indian", "Australo-Japanese".
_COMBINING_FORMS = {"indo": "IN", "sino": "CN", "japano": "JP", "russo": "RU", "anglo": "GB",
                    "franco": "FR", "australo": "AU", "americo": "US", "korean": "KR"}


def fold(text: str) -> str:
    """Case- and accent-insensitive form used for every lookup: 'Viet Nam' -> 'viet nam'."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("’", "'").replace("‘", "'")
    return " ".join(text.casefold().split())


def _load(name: str) -> Any:
    data = resources.files("bot.analysis").joinpath("data", name).read_text(encoding="utf-8")
    return yaml.safe_load(data)


@dataclass(frozen=True)
class Gazetteer:
    names: dict[str, str]  # folded name / adjective / metonym -> alpha-2
    display: dict[str, str]  # alpha-2 -> the short name shown to people
    groups: dict[str, tuple[str, ...]]  # folded group name -> alpha-2 codes
    exercises: dict[str, str]  # folded alias -> canonical exercise name
    regions: dict[str, str]  # folded alias -> canonical region name

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
    names: dict[str, str] = {}
    display: dict[str, str] = {}
    for code, entry in _load("countries.yaml")["countries"].items():
        forms = list(entry.get("names", []))
        display[code] = entry.get("short") or forms[0]
        for form in forms + entry.get("adjectives", []) + entry.get("metonyms", []):
            names.setdefault(fold(form), code)
            if fold(form).startswith("the "):
                names.setdefault(fold(form)[4:], code)
    groups = {fold(k): tuple(v) for k, v in _load("groups.yaml")["groups"].items()}
    exercises: dict[str, str] = {}
    for name, entry in _load("exercises.yaml")["exercises"].items():
        for form in [name, *(entry or {}).get("aliases", [])]:
            exercises[fold(form)] = name
    regions: dict[str, str] = {}
    for name, entry in _load("regions.yaml")["regions"].items():
        for form in [name, *(entry or {}).get("aliases", [])]:
            regions[fold(form)] = name
    return Gazetteer(names, display, groups, exercises, regions)

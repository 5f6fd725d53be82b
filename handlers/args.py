"""Reading command arguments: countries, key-point types, keywords and a count.

`/subscribe Philippines China type:status_quo,exercise Ayungin` and `/latest India Japan 10`
are read the same way: country names in any usual form resolve through the extractor's own
gazetteer ("U.S.", "Japan-India", "Phillipines"); names of places and exercises ("South China
Sea", "Malabar") stay whole as keyword phrases; `type:` lists key-point types; the rest are
keywords, matched literally (never as patterns). Pure: no IO.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from bot.analysis.gazetteer import Gazetteer, fold
from bot.models import KEY_POINT_TYPES

MAX_ARGS_CHARS = 500
MAX_KEYWORDS = 8
MAX_KEYWORD_CHARS = 64
_SPAN = 4  # the longest name read as one: "United States of America"

TYPE_ALIASES = {
    **{t: t for t in KEY_POINT_TYPES},
    "status-quo": "status_quo",
    "statusquo": "status_quo",
    "sq": "status_quo",
    "exercises": "exercise",
    "drill": "drills",
    "agreements": "agreement",
    "treaty": "agreement",
    "concerns": "concern",
    "condemnation": "concern",
    "principles": "principle",
    "cooperation_area": "cooperation",
    "call": "engagement",
    "meeting": "engagement",
}


@dataclass
class Parsed:
    countries: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    count: int | None = None
    bad_types: list[str] = field(default_factory=list)
    truncated: bool = False


def small_int(text: str, max_digits: int = 6) -> int | None:
    """A non-negative number written in ASCII digits, or None: '²', '١٢' and a 5,000-digit
    string are not numbers a command takes (int() would accept some and choke on others)."""
    if text.isascii() and text.isdigit() and len(text) <= max_digits:
        return int(text)
    return None


def clean(text: str) -> str:
    """Drop control and format characters, collapse whitespace, cap the length."""
    kept = "".join(
        " " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c
        for c in text
        if unicodedata.category(c) not in ("Cf", "Cs", "Co")
    )
    return " ".join(kept.split())[:MAX_ARGS_CHARS]


def _tokens(text: str) -> list[str]:
    """Words, split at spaces, commas and semicolons; a `type:a,b` list stays one token."""
    out: list[str] = []
    for chunk in text.split():
        if chunk.lower().startswith(("type:", "types:")):
            out.append(chunk.rstrip(",;"))
        else:
            out.extend(t for t in re.split(r"[,;]+", chunk) if t)
    return out


def _is_place_or_exercise(phrase: str, g: Gazetteer) -> bool:
    key = fold(phrase)
    return key in g.regions or key in g.exercises


def parse_filter(text: str, g: Gazetteer, allow_count: bool = False) -> Parsed:
    out = Parsed(truncated=len(text) > MAX_ARGS_CHARS)
    tokens = _tokens(clean(text))
    if allow_count and tokens and tokens[-1].isascii() and tokens[-1].isdigit():
        out.count = small_int(tokens.pop()) or 10**6  # absurd counts are refused by the caller
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.lower().startswith("type:") or tok.lower().startswith("types:"):
            for t in tok.split(":", 1)[1].split(","):
                key = TYPE_ALIASES.get(t.strip().lower().replace(" ", "_"))
                if key and key not in out.types:
                    out.types.append(key)
                elif t.strip() and not key:
                    out.bad_types.append(t.strip()[:32])
            i += 1
            continue
        # Longest span first: "South China Sea" is a place, not China; "New Zealand" a country.
        for n in range(min(_SPAN, len(tokens) - i), 0, -1):
            phrase = " ".join(tokens[i : i + n])
            if n > 1 and _is_place_or_exercise(phrase, g):
                _add_keyword(out, phrase)
                break
            codes = g.resolve(phrase)
            if codes and (n > 1 or not _is_place_or_exercise(phrase, g)):
                out.countries.extend(c for c in codes if c not in out.countries)
                break
        else:
            _add_keyword(out, tok)
            n = 1
        i += n
    return out


def _add_keyword(out: Parsed, word: str) -> None:
    word = word.strip("\"'“”‘’")[:MAX_KEYWORD_CHARS]
    if (
        word
        and len(out.keywords) < MAX_KEYWORDS
        and word.casefold() not in (k.casefold() for k in out.keywords)
    ):
        out.keywords.append(word)


def describe(p: Parsed, g: Gazetteer) -> str:
    """What was understood, in words: 'India + Japan; types: exercise; words: Malabar'."""
    parts = []
    if p.countries:
        parts.append(" + ".join(g.country_name(c) for c in p.countries))
    if p.types:
        parts.append("types: " + ", ".join(t.replace("_", "-") for t in p.types))
    if p.keywords:
        parts.append("words: " + ", ".join(f"“{k}”" for k in p.keywords))
    return "; ".join(parts) or "everything"

"""Finding gazetteer names in text, with exact offsets into the original text.

Owns the offset-preserving fold, the word tokenizer and the phrase table (a dict of token
tuples, tried longest first, so "South China Sea" is a region and not the country China). Knows
nothing of what the names mean and never reads the YAML itself: `gazetteer` fills the table.

Why tokens and not one big regex: a regex alternation of a thousand names is tried name by name
at every position; a dict lookup per word and length is what keeps `analyse` at hundreds of
statements a second.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

# A word: letters/digits, with inner apostrophes ("ren'ai"), or short parts joined by dots
# ("u.s.a", "d.p.r.k"; not "alliance.the" in text scraped without a space after a full stop).
# Hyphens, slashes and spaces separate words: "Japan-India" is two, "Indo Pacific" = "Indo-Pacific".
_TOKEN = re.compile(r"(?:[a-z0-9]{1,2}\.)+[a-z0-9]{1,2}(?![a-z0-9'])|[a-z0-9]+(?:'[a-z0-9]+)*")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "“": '"', "”": '"'})


@lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    base = "".join(x for x in unicodedata.normalize("NFKD", c) if not unicodedata.combining(x))
    low = (base or c).lower().translate(_QUOTES)
    return low if len(low) == 1 else c.lower()[:1] or c


def fold_keep(text: str) -> str:
    """Lower-case, accent- and quote-folded text of exactly the same length as `text`."""
    low = text.lower()
    if low.isascii():
        return low
    if len(low) != len(text):  # a rare character whose lower case is longer ("İ")
        return "".join(_fold_char(c) for c in text)
    return low.translate({ord(c): _fold_char(c) for c in set(low) if ord(c) > 127})


def words(folded: str) -> list[tuple[str, int, int]]:
    """(word, start, end) of each word of folded text; a possessive "'s" is left off."""
    out: list[tuple[str, int, int]] = []
    for m in _TOKEN.finditer(folded):
        w = m.group()
        s, e = m.span()
        if w[-2:] == "'s" and len(w) > 2:
            w, e = w[:-2], e - 2
        out.append((w, s, e))
    return out


def key_of(name: str) -> tuple[str, ...]:
    """The word tuple a name is filed under: 'the U.S.' -> ('the', 'u.s')."""
    return tuple(w for w, _, _ in words(fold_keep(name)))


@dataclass(frozen=True, slots=True)
class Entry:
    kind: str  # country | force | group | region | exercise | agreement | ...
    value: str  # alpha-2 code, group name or canonical name
    exact: str | None = None  # a short capitals form that must be written as such ("US")


@dataclass(frozen=True, slots=True)
class Mention:
    kind: str
    value: str
    start: int
    end: int
    surface: str


def _is_capitals_form(name: str) -> bool:
    letters = name.replace(".", "")
    return letters.isalpha() and letters.isupper() and len(letters) <= 4


class PhraseTable:
    """Names filed by their word tuples; `scan` finds them longest first, left to right."""

    def __init__(self) -> None:
        self._map: dict[tuple[str, ...], list[Entry]] = {}
        self._lengths: dict[str, list[int]] = {}

    def add(self, name: str, kind: str, value: str) -> None:
        key = key_of(name)
        if not key:
            return
        exact = name.strip() if _is_capitals_form(name.strip()) else None
        bucket = self._map.setdefault(key, [])
        entry = Entry(kind, value, exact)
        if entry not in bucket:
            bucket.append(entry)
        lengths = self._lengths.setdefault(key[0], [])
        if len(key) not in lengths:
            lengths.append(len(key))
            lengths.sort(reverse=True)

    def add_all(self, names: Iterable[str], kind: str, value: str) -> None:
        for name in names:
            self.add(name, kind, value)

    def scan(
        self, text: str, folded: str | None = None, ws: list[tuple[str, int, int]] | None = None
    ) -> list[Mention]:
        """Every name in `text`, offsets into `text`. `folded` and `ws` (its `words`) may be
        passed when several tables scan the same text."""
        if ws is None:
            ws = words(fold_keep(text) if folded is None else folded)
        wl = [w for w, _, _ in ws]
        lengths = self._lengths
        table = self._map
        out: list[Mention] = []
        i, total = 0, len(wl)
        while i < total:
            step = 1
            for n in lengths.get(wl[i], ()):
                if i + n > total:
                    continue
                entries = table.get(tuple(wl[i : i + n]))
                if not entries:
                    continue
                s, e = ws[i][1], ws[i + n - 1][2]
                surface = text[s:e]
                hits = [
                    x
                    for x in entries
                    if x.exact is None or x.exact.replace(".", "") == surface.replace(".", "")
                ]
                if hits:
                    out.extend(Mention(x.kind, x.value, s, e, surface) for x in hits)
                    step = n
                    break
            i += step
        return out

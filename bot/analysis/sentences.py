"""Sentence splitting with offsets. Pure; knows nothing of what the sentences mean."""

from __future__ import annotations

import re
from collections.abc import Iterator

# A sentence ends at . ! ? (optionally followed by a closing quote or bracket) before whitespace
# and a capital, digit or opening quote; or at a blank line. Abbreviations that end a word with a
# full stop but do not end a sentence are protected: titles and ranks ("Lt. Cmdr. Gill"), months
# in datelines ("Nov. 22"), "U.S." and the like.
_ABBREV = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|Gen|Lt|Col|Adm|Capt|Cdr|Cmdr|Maj|Sgt|Brig|Cpl|Pvt|Gov|Sen|Rep|Amb|Hon|"
    r"Rev|St|No|Nos|Jr|Sr|Vol|Art|Sec|Dept|Govt|Prof|Mt|Ft|Jan|Feb|Mar|Apr|Aug|Sept|Sep|Oct|"
    r"Nov|Dec|U\.S|U\.K|U\.N|e\.g|i\.e|vs|etc|approx|Rs|H\.E|Shri|Smt|[A-Z])\.$"
)
# Also a full stop glued to the next sentence in scraped text ("next week.Seoul's JCS said").
_BOUNDARY = re.compile(
    r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])|\n\s*\n|(?<=[a-z]{3}\.)(?=[A-Z][a-z]{2,})"
)
_LINE = re.compile(r"[^\n]+")


def sentences(text: str) -> Iterator[tuple[int, str]]:
    """Yield (offset, sentence) for each sentence of `text`, stripped, offsets into `text`."""
    start = 0
    for m in _BOUNDARY.finditer(text):
        candidate = text[start : m.start()]
        if "\n" not in m.group() and _ABBREV.search(candidate):
            continue
        yield from _emit(text, start, m.start())
        start = m.end()
    yield from _emit(text, start, len(text))


def _emit(text: str, start: int, end: int) -> Iterator[tuple[int, str]]:
    # A single newline inside a paragraph block often separates a heading or Q/A line.
    for part in _LINE.finditer(text, start, end):
        chunk = part.group()
        stripped = chunk.strip()
        if stripped:
            yield part.start() + (len(chunk) - len(chunk.lstrip())), stripped

"""Is a new statement a copy of one already stored? And what did a correction change? Pure.

Two texts are the same statement when most of the shorter one's 5-word shingles occur in the
longer (containment, not Jaccard: a wire report quotes a ministry's release and adds its own
framing, so the release is contained in the report though the two differ in length), or when
they overlap less but carry nearly the same title; and they were published within a few days of
each other. Exact sets of hashed shingles are used: candidates are few (same principal country,
same few days, found through an index), so no approximation (MinHash, SimHash) is needed.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from datetime import timedelta

from bot.analysis.gazetteer import fold
from bot.models import Statement, Summary

SHINGLE = 5
MAX_GAP = timedelta(days=3)
CONTAINED = 0.5  # this much of the shorter text in the longer: the same statement
ALSO_TITLE = 0.25  # ... or this much, with titles this alike:
TITLE_ALIKE = 0.6

_WORD = re.compile(r"\w+")


def shingles(text: str) -> set[int]:
    words = _WORD.findall(fold(text))
    if len(words) < SHINGLE:
        return {zlib.crc32(" ".join(words).encode())} if words else set()
    return {
        zlib.crc32(" ".join(words[i : i + SHINGLE]).encode())
        for i in range(len(words) - SHINGLE + 1)
    }


def containment(a: set[int], b: set[int]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def title_likeness(a: str | None, b: str | None) -> float:
    wa, wb = set(_WORD.findall(fold(a or ""))), set(_WORD.findall(fold(b or "")))
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / len(wa | wb)


def find_event(new: Statement, candidates: Sequence[Statement]) -> int | None:
    """The event id of the stored statement `new` is a copy of, or None (a new event)."""
    mine = shingles(new.text)
    best: tuple[float, int] | None = None
    for old in candidates:
        if old.event_id is None or old.source_id == new.source_id:
            continue
        gap = abs((new.published or new.fetched) - (old.published or old.fetched))
        if gap > MAX_GAP:
            continue
        c = containment(mine, shingles(old.text))
        alike = c >= CONTAINED or (
            c >= ALSO_TITLE and title_likeness(new.title, old.title) >= TITLE_ALIKE
        )
        if alike and (best is None or c > best[0]):
            best = (c, old.event_id)
    return best[1] if best else None


def describe_change(old: Statement, new_text: str, new_summary: Summary) -> str:
    """One line saying what a corrected release changed: key points added and removed, else
    how much of the text changed."""
    before = {k.line for k in old.summary.key_points}
    after = {k.line for k in new_summary.key_points}
    added, removed = sorted(after - before), sorted(before - after)
    parts = []
    if added:
        parts.append("new: " + "; ".join(added[:3]))
    if removed:
        parts.append("no longer: " + "; ".join(removed[:3]))
    if parts:
        return "Updated — " + " | ".join(parts)
    a, b = shingles(old.text), shingles(new_text)
    changed = 1.0 - (len(a & b) / max(len(a | b), 1))
    return f"Updated — wording changed (about {round(changed * 100)}% of the text); key points unchanged"

"""The naive keyword matcher: the floor every real extractor must beat.

Country names, a list of exercise names, a list of region names and the words "status quo",
each found anywhere in the text. It is kept as the reference the eval command and bench/ score
the real extractor against, and it is what `analyse` ran before the extractor existed.
Pure: text in, Summary out.
"""

from __future__ import annotations

import re
from datetime import datetime

from bot.analysis.gazetteer import Gazetteer, fold, load_gazetteer
from bot.analysis.sentences import sentences
from bot.models import KeyPoint, Summary

_WORD = re.compile(r"[A-Za-z][A-Za-z.'’-]*(?:\s+[A-Za-z][A-Za-z.'’-]*){0,3}")


def _find(text: str, table: dict[str, str]) -> list[tuple[str, int]]:
    """Each value of `table` whose folded key occurs in folded text as whole words, first offset."""
    folded = fold(text)
    found: dict[str, int] = {}
    for key, value in table.items():
        if len(key) < 3:
            continue
        m = re.search(r"(?<![\w.])" + re.escape(key) + r"(?![\w])", folded)
        if m and (value not in found or m.start() < found[value]):
            found[value] = m.start()
    return sorted(found.items(), key=lambda kv: kv[1])


def _sentence_at(text: str, offset: int) -> tuple[int, str]:
    best = (0, text[:200])
    for start, sent in sentences(text):
        if start <= offset:
            best = (start, sent)
        else:
            break
    return best


def analyse_baseline(
    text: str,
    title: str | None = None,
    published: datetime | None = None,
    source: str | None = None,
    gazetteer: Gazetteer | None = None,
) -> Summary:
    g = gazetteer or load_gazetteer()
    whole = f"{title}\n\n{text}" if title else text
    countries = [c for c, _ in _find(whole, g.names)]
    points: list[KeyPoint] = []
    for name, off in _find(text, g.exercises):
        start, sent = _sentence_at(text, off)
        points.append(KeyPoint("exercise", f"Exercise {name}", sent, start, {"name": name}))
    m = re.search(r"status quo", text, re.I)
    if m:
        start, sent = _sentence_at(text, m.start())
        points.append(KeyPoint("status_quo", "Opposes change of the status quo", sent, start))
    regions = [r for r, _ in _find(text, g.regions)]
    low = text.lower()
    engagement = (
        "call"
        if re.search(r"\b(call|telephon|telecon|phone)", low)
        else "meeting"
        if re.search(r"\b(met|meeting|talks|visit)", low)
        else "press_release"
    )
    names = "–".join(g.country_name(c) for c in countries[:2])
    headline = f"{names} {engagement.replace('_', ' ')}" if names else (title or "Statement")
    return Summary(
        countries=tuple(countries),
        engagement=engagement,
        key_points=tuple(points),
        regions=tuple(regions),
        headline=headline,
    )

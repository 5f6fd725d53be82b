"""The naive keyword matcher: the floor every real extractor must beat.

Issue 3 describes it as "country names, a list of exercise names, the words 'status quo'",
which scores micro F1 ≈ 0.87 on statements like these. To make the side-by-side comparison
honest, every scored field gets the same naive treatment, each found anywhere in the text with
the extractor's own word lists (data/*.yaml), and nothing else:

    countries      every country name, adjective or capital named in the title or text
    exercises      every catalogued exercise name
    participants   every country named in the sentence where the exercise is first named
    agreements     every catalogued agreement name or alias
    regions        every catalogued region name or alias
    cooperation    every area whose keyword (data/lexicon.yaml) occurs
    status quo     true when the words "status quo" occur
    engagement     the first keyword hit in reading order (title, then text): "joint
                   statement", "call"/"phone", "met"/"meeting"/"talks"/"visit",
                   "remarks"/"speech"/"press conference", "reported"/"said"; else press release

It is kept as the reference the eval command (`readout eval --baseline`) and bench/ score the
real extractor against. Pure: text in, Summary out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from functools import cache

from bot.analysis.gazetteer import Gazetteer, fold, load_gazetteer
from bot.analysis.sentences import sentences
from bot.models import KeyPoint, Summary

_ENGAGEMENT_WORDS: tuple[tuple[str, str], ...] = (
    ("joint_statement", r"joint statement|joint declaration|trilateral statement"),
    ("call", r"telephone|telecon\w*|phone|calls?|spoke with"),
    ("meeting", r"met|meeting|meets|talks|visit\w*|summit|dialogue"),
    ("speech", r"speech|remarks|press conference|transcript"),
    ("news_report", r"reported|said|according to"),
)


@cache
def _pattern(key: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w.])" + re.escape(key) + r"(?![\w])")


def _find(folded: str, table: Iterable[tuple[str, str]]) -> list[tuple[str, int]]:
    """Each value whose folded key occurs in `folded` as whole words, at its first offset,
    in order of appearance. Keys shorter than three characters are skipped ("us", "in")."""
    found: dict[str, int] = {}
    for key, value in table:
        if len(key) < 3 or key not in folded:
            continue
        m = _pattern(key).search(folded)
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


def _cooperation_keys(g: Gazetteer) -> list[tuple[str, str]]:
    return [(fold(phrase), tag) for tag, phrases in g.cooperation.items() for phrase in phrases]


def _engagement(title: str | None, text: str) -> str:
    """The engagement whose keyword occurs first in reading order."""
    whole = f"{title or ''}\n{text}".lower()
    best = ("press_release", len(whole) + 1)
    for kind, words in _ENGAGEMENT_WORDS:
        m = re.search(rf"\b(?:{words})\b", whole)
        if m and m.start() < best[1]:
            best = (kind, m.start())
    return best[0]


def analyse_baseline(
    text: str,
    title: str | None = None,
    published: datetime | None = None,
    source: str | None = None,
    gazetteer: Gazetteer | None = None,
) -> Summary:
    g = gazetteer or load_gazetteer()
    folded_text = fold(text)
    whole = f"{title}\n\n{text}" if title else text
    countries = [c for c, _ in _find(fold(whole), g.names.items())]
    points: list[KeyPoint] = []
    for name, off in _find(folded_text, g.exercises.items()):
        start, sent = _sentence_at(text, off)
        here = [c for c, _ in _find(fold(sent), g.names.items())]
        points.append(
            KeyPoint(
                "exercise", f"Exercise {name}", sent, start, {"name": name, "participants": here}
            )
        )
    for name, off in _find(folded_text, g.agreements.items()):
        start, sent = _sentence_at(text, off)
        points.append(KeyPoint("agreement", f"Agreement {name}", sent, start, {"name": name}))
    m = re.search(r"status quo", text, re.I)
    if m:
        start, sent = _sentence_at(text, m.start())
        points.append(KeyPoint("status_quo", "Opposes change of the status quo", sent, start))
    cooperation = [t for t, _ in _find(folded_text, _cooperation_keys(g))]
    regions = [r for r, _ in _find(folded_text, g.regions.items())]
    engagement = _engagement(title, text)
    names = "–".join(g.country_name(c) for c in countries[:2])
    headline = f"{names} {engagement.replace('_', ' ')}" if names else (title or "Statement")
    return Summary(
        countries=tuple(countries),
        engagement=engagement,
        key_points=tuple(points),
        regions=tuple(regions),
        cooperation=tuple(cooperation),
        headline=headline,
    )

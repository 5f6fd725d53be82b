"""Areas of cooperation, as tags from the fixed list (bot.models.COOPERATION_TAGS).

Owns turning the cooperation phrases of data/lexicon.yaml, and a few shapes ("coast guard &
security cooperation", "jointly train"), into tags and key points. A phrase in a sentence that
reports another party breaking a rule ("violated Security Council resolutions") is not an area
of cooperation. Pure.
"""

from __future__ import annotations

import re

from bot.analysis.doc import Doc, Sent
from bot.analysis.modality import modality_at
from bot.models import COOPERATION_TAGS, KeyPoint

_SHAPES: tuple[tuple[str, str, re.Pattern[str]], ...] = (
    (
        "maritime_security",
        "cooperation",
        re.compile(
            r"\b(?:maritime|coast\s+guard|naval|navy)(?:\s+(?:&|and)\s+\w+)?\s+cooperation\b", re.I
        ),
    ),
    ("training", "train", re.compile(r"\b(?:jointly\s+train|train\s+together|train\s+in)\b", re.I)),
    (
        "capacity_building",
        "capacity",
        re.compile(r"\bcapacity\s+(?:enhancement|development)\b", re.I),
    ),
    ("peacekeeping", "peace keeping", re.compile(r"\bpeace\s+keeping\b", re.I)),
)
_NOT_COOPERATION = re.compile(r"\bviolat\w*|\bbreach\w*", re.I)


def _tags_in(sent: Sent) -> list[tuple[str, int]]:
    if ("violat" in sent.folded or "breach" in sent.folded) and _NOT_COOPERATION.search(sent.text):
        return []
    out = [(c.value, c.start - sent.start) for c in sent.cues if c.kind == "cooperation"]
    for tag, gate, pattern in _SHAPES:
        if gate not in sent.folded:
            continue
        m = pattern.search(sent.text)
        if m:
            out.append((tag, m.start()))
    return out


def find_cooperation(doc: Doc) -> tuple[list[str], list[KeyPoint]]:
    """The tags in order of first appearance, and one key point per tag."""
    points: dict[str, KeyPoint] = {}
    for sent in doc.sents:
        for tag, pos in _tags_in(sent):
            if tag in points or tag not in COOPERATION_TAGS:
                continue
            points[tag] = KeyPoint(
                type="cooperation",
                line=f"Cooperation: {tag.replace('_', ' ')}",
                evidence=sent.text,
                offset=sent.start,
                attributes={"area": tag},
                modality=modality_at(sent.text, pos),
            )
    return list(points), list(points.values())

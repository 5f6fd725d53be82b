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
    ("training", "train", re.compile(
        r"\b(?:jointly\s+train\w*|train(?:s|ed|ing)?\s+(?:together|alongside|jointly|with\s+(?:the\s+)?"
        r"[A-Z]\w*)|train\s+in|to\s+train)\b", re.I)),
    ("intelligence", "information", re.compile(
        r"\b(?:exchang|shar)\w*\s+(?:of\s+)?(?:(?:sensitive|classified|military|defen[cs]e|"
        r"security|maritime)\s+)+information\b", re.I)),
    (
        "capacity_building",
        "capacity",
        re.compile(r"\bcapacity\s+(?:enhancement|development)\b", re.I),
    ),
    ("peacekeeping", "peace keeping", re.compile(r"\bpeace\s+keeping\b", re.I)),
)
_NOT_COOPERATION = re.compile(r"\bviolat\w*|\bbreach\w*", re.I)
# What another party calls a provocation is not an area of cooperation: "the so-called joint
# patrols", "during the joint patrol ... was clearly a deliberate provocation".
_DISOWNED = re.compile(r"\bso-called\b|\bprovocat\w*", re.I)
# A phrase inside an organisation's name: "the Emergency Disaster Response Headquarters".
_ORG_NAME_AFTER = re.compile(
    r"^\s+(?:Headquarters|Office|Center|Centre|Agency|Division|Unit|Command|Council|Committee|"
    r"Department|Bureau|Fund|Program|Programme|Team|Force)\b"
)
# Adjectives sharing one head: "regional maritime, economic, and technology security" names
# maritime security and economic security.
_SHARED_HEAD = re.compile(
    r"\b([a-z-]+(?:\s*,\s*[a-z-]+)*,?\s+(?:and|&)\s+[a-z-]+)\s+(security|cooperation)\b"
)


def _shared_head(sent: Sent, doc: Doc) -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []
    for m in _SHARED_HEAD.finditer(sent.text):
        for adjective in re.split(r"\s*,\s*(?:and\s+|&\s+)?|,?\s+(?:and|&)\s+", m.group(1)):
            for cue in doc.gazetteer.cues.scan(f"{adjective} {m.group(2)}"):
                if cue.kind == "cooperation":
                    out.append((cue.value, m.start()))
    return out


def _tags_in(sent: Sent, doc: Doc) -> list[tuple[str, int]]:
    if ("violat" in sent.folded or "breach" in sent.folded) and _NOT_COOPERATION.search(sent.text):
        return []
    disowned = ("so-called" in sent.folded or "provocat" in sent.folded) and bool(
        _DISOWNED.search(sent.text)
    )
    out = [
        (c.value, c.start - sent.start)
        for c in sent.cues
        if c.kind == "cooperation"
        and not (disowned and c.value == "maritime_security")
        and not (c.surface.istitle() and _ORG_NAME_AFTER.match(doc.text[c.end : c.end + 20]))
    ]
    for tag, gate, pattern in _SHAPES:
        if gate not in sent.folded:
            continue
        m = pattern.search(sent.text)
        if m:
            out.append((tag, m.start()))
    if ("security" in sent.folded or "cooperation" in sent.folded) and (
        " and " in sent.text or " & " in sent.text
    ):
        out += _shared_head(sent, doc)
    return out


def find_cooperation(doc: Doc) -> tuple[list[str], list[KeyPoint]]:
    """The tags in order of first appearance, and one key point per tag."""
    points: dict[str, KeyPoint] = {}
    for sent in doc.sents:
        for tag, pos in _tags_in(sent, doc):
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

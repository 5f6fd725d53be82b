"""Concern and condemnation, and the principles a statement upholds.

Owns the concern/condemnation cues (who is concerned, about what) and turns the principle phrases
of data/lexicon.yaml (free and open Indo-Pacific, rule of law, freedom of navigation, UNCLOS,
peaceful resolution …) into key points. Status-quo opposition is `statusquo`, not here. Pure.
"""

from __future__ import annotations

import re

from bot.analysis.doc import Doc
from bot.analysis.modality import modality_at
from bot.analysis.officials import Officials, actors_before
from bot.models import KeyPoint

_CONDEMN = re.compile(
    r"\b(?:condemn\w*|deplor\w*|denounc\w*|strongly\s+protest\w*|lodged\s+(?:a\s+)?"
    r"(?:strong\s+)?protest\w*|solemn\s+representations|stern\s+warning|strong\s+opposition|"
    r"firmly\s+oppos\w*|strongly\s+oppos\w*)\b",
    re.I,
)
_CONCERN = re.compile(
    r"\b(?:(?:expressed|voiced|shared|raised|noted|reiterated)\s+(?:their\s+|his\s+|her\s+|its\s+)?"
    r"(?:\w+\s+)?concerns?|concerns?\s+(?:about|over|at|regarding)|(?:is|are|was|were|remain)\s+"
    r"(?:deeply\s+|seriously\s+|gravely\s+)?concerned|with\s+(?:serious\s+|grave\s+)?concern|"
    r"alarm\w*\s+(?:about|over|at)|regret\w*)\b",
    re.I,
)
_GATE = (
    "concern",
    "condemn",
    "deplor",
    "denounc",
    "protest",
    "representations",
    "warning",
    "oppos",
    "alarm",
    "regret",
)
_OBJECT_END = re.compile(r"[,;.]|\s+(?:and|but|while|which)\s")


def find_concerns(doc: Doc, officials: Officials) -> list[KeyPoint]:
    points: list[KeyPoint] = []
    for sent in doc.sents:
        if not any(g in sent.folded for g in _GATE):
            continue
        cue = _CONDEMN.search(sent.text) or _CONCERN.search(sent.text)
        if cue is None:
            continue
        kind = "condemnation" if _CONDEMN.search(sent.text) else "concern"
        rest = sent.text[cue.end() :].strip()
        end = _OBJECT_END.search(rest, 12)
        about = rest[: end.start()] if end else rest[:100]
        by = actors_before(doc, officials, sent.start, sent.start + cue.start())
        verb = "Condemn" if kind == "condemnation" else "Concern"
        points.append(
            KeyPoint(
                type="concern",
                line=f"{verb}: {about.strip(' :')}"[:120],
                evidence=sent.text,
                offset=sent.start,
                attributes={"kind": kind, "by": by, "about": about},
                modality=modality_at(sent.text, cue.start()),
            )
        )
    return points


def find_principles(doc: Doc) -> list[KeyPoint]:
    """One key point per principle, on the first sentence that names it."""
    points: dict[str, KeyPoint] = {}
    for sent in doc.sents:
        for cue in sent.cues:
            if cue.kind != "principle" or cue.value in points:
                continue
            points[cue.value] = KeyPoint(
                type="principle",
                line=f"Principle: {cue.value}",
                evidence=sent.text,
                offset=sent.start,
                attributes={"principle": cue.value},
                modality=modality_at(sent.text, cue.start - sent.start),
            )
    return list(points.values())

"""The headline a person would write: who, what kind of engagement, and its two or three most
telling points ("India–Japan defence ministers' call: oppose coercive change of status quo;
Malabar completed").

Owns only the wording, from an already built Summary's parts. Pure.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.analysis.gazetteer import Gazetteer
from bot.analysis.officials import Officials
from bot.models import KeyPoint

_NOUN = {
    "call": "call",
    "meeting": "meeting",
    "joint_statement": "joint statement",
    "press_release": "statement",
    "speech": "remarks",
    "news_report": "report",
    "other": "statement",
}
_RANK = {"status_quo": 0, "exercise": 1, "drills": 1, "agreement": 2, "concern": 3}
_ROLE_KIND = re.compile(r"\b(defen[cs]e|foreign|prime)\b", re.I)


def _who(roles: list[str]) -> str:
    kinds = {(_ROLE_KIND.search(r) or [None])[0] for r in roles}
    kinds.discard(None)
    if len(roles) >= 2 and len(kinds) == 1:
        kind = str(kinds.pop()).lower()
        if kind == "prime":
            return "prime ministers'"
        return f"{kind.replace('defense', 'defence')} ministers'"
    return ""


def _short(point: KeyPoint) -> str:
    a = point.attributes
    if point.type == "status_quo":
        return f"oppose {a.get('manner', 'unilateral')} change of status quo"
    if point.type in ("exercise", "drills"):
        return f"{a.get('name') or 'exercise'} {a.get('status', '')}".strip()
    if point.type == "agreement":
        return f"{a.get('name')} {a.get('status', '')}".strip()
    if point.type == "concern":
        verb = "condemn" if a.get("kind") == "condemnation" else "concern over"
        about = re.sub(r"^(?:the|about|over|at)\s+", "", str(a.get("about", "")))
        return f"{verb} {about}"[:60].rstrip()
    return point.line


def make_headline(
    countries: Sequence[str],
    engagement: str,
    officials: Officials,
    points: Sequence[KeyPoint],
    g: Gazetteer,
    title: str | None,
) -> str:
    names = "–".join(g.country_name(c) for c in countries[:4])
    roles = [p.role for p in officials.people if p.role and p.country in countries[:4]]
    who = _who(roles)
    event = f"{who} {_NOUN.get(engagement, 'statement')}".strip()
    head = f"{names} {event}".strip() if names else (title or event.capitalize())
    ranked = sorted(
        (p for p in points if p.type in _RANK and p.modality != "negated"),
        key=lambda p: _RANK[p.type],
    )
    seen: list[str] = []
    for p in ranked:
        s = _short(p)
        if s and s not in seen and (p.type != "concern" or not seen):
            seen.append(s)
    if not seen:
        return head
    return f"{head}: {'; '.join(seen[:3])}"

"""Daily digests, decided purely: when a chat's digest is due, and what it says.

A digest groups the day's statements by country pair, the pairs with the most significant
points first (status-quo opposition, then new exercises, agreements, concerns …), and is shown
as an ordinary Alert so that every platform renders it without special code.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.analysis.gazetteer import Gazetteer
from bot.delivery.render import TYPE_ORDER, Alert, AlertPoint
from bot.models import Statement

MAX_LINES = 30


def last_boundary(now: datetime, at: str, timezone: str) -> datetime:
    """The latest moment <= now at which the digest time `at` (HH:MM) fell in `timezone`."""
    tz = ZoneInfo(timezone)
    local = now.astimezone(tz)
    hour, minute = (int(x) for x in at.split(":"))
    candidate = local.replace(hour=hour, minute=minute, second=0, microsecond=0)
    if candidate > local:
        candidate -= timedelta(days=1)
    return candidate.astimezone(ZoneInfo("UTC"))


def significance(statement: Statement) -> int:
    """Lower is more significant: the rank of the statement's most significant key point."""
    ranks = [TYPE_ORDER.get(k.type, 99) for k in statement.summary.key_points]
    return min(ranks, default=99)


def pair_of(statement: Statement, g: Gazetteer) -> str:
    """The statement's first two principal countries, in alphabetical order: "Japan–India"
    and "India–Japan" are one group."""
    names = sorted(g.country_name(c) for c in statement.summary.countries[:2])
    return "–".join(names) if names else "Other"


def build_digest(statements: Sequence[Statement], g: Gazetteer, day: datetime) -> Alert:
    groups: dict[str, list[Statement]] = {}
    for s in statements:
        groups.setdefault(pair_of(s, g), []).append(s)
    ordered = sorted(groups.items(), key=lambda kv: (min(significance(s) for s in kv[1]), kv[0]))
    points: list[AlertPoint] = []
    for pair, items in ordered:
        for s in sorted(items, key=significance):
            best = min(s.summary.key_points, key=lambda k: TYPE_ORDER.get(k.type, 99), default=None)
            points.append(
                AlertPoint(
                    type=best.type if best else "engagement",
                    line=f"{pair}: {s.summary.headline or s.title or 'statement'}",
                    evidence=best.evidence if best else "",
                )
            )
    n = len(statements)
    return Alert(
        statement_id=0,
        headline=f"Readout daily digest, {day.date().isoformat()}: {n} statement{'s' * (n != 1)}",
        date=day.date().isoformat(),
        source="Readout",
        url=None,
        countries=(),
        points=tuple(points[:MAX_LINES]),
        regions=(),
        more_points=max(len(points) - MAX_LINES, 0),
    )

"""What a chat is shown, before any platform formats it: the platform-neutral `Alert`.

Owns the choice and order of what an alert says (headline, date and source, one bullet per key
point, regions, link, and the evidence kept for "Quote"). Knows no markup: Telegram HTML, Slack
Block Kit and the console each format an Alert their own way, escaping as they must.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from bot.analysis.gazetteer import Gazetteer
from bot.models import Statement

# The order key points are shown in: what an analyst wants first.
TYPE_ORDER = {
    t: i
    for i, t in enumerate(
        (
            "status_quo",
            "exercise",
            "drills",
            "agreement",
            "concern",
            "principle",
            "cooperation",
            "engagement",
        )
    )
}
MAX_POINTS = 8


@dataclass(frozen=True, slots=True)
class AlertPoint:
    type: str
    line: str
    evidence: str
    modality: str = "asserted"


@dataclass(frozen=True, slots=True)
class Alert:
    statement_id: int
    headline: str
    date: str | None  # YYYY-MM-DD
    source: str
    url: str | None  # only http(s) links survive
    countries: tuple[str, ...]  # display names
    points: tuple[AlertPoint, ...]
    regions: tuple[str, ...]
    title: str | None = None
    also_reported: tuple[str, ...] = ()
    update_note: str | None = None
    more_points: int = 0  # key points left out for length
    subscription_id: int | None = None  # the subscription that matched (for "Unsubscribe")


def safe_link(url: str | None) -> str | None:
    """The URL if it is an absolute http(s) link, else None: a feed cannot make us render a
    `javascript:` or `data:` link."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url.strip()


def render_alert(statement: Statement, gazetteer: Gazetteer) -> Alert:
    s = statement.summary
    points = sorted(
        (p for p in s.key_points if p.type != "engagement" or len(s.key_points) == 1),
        key=lambda p: (TYPE_ORDER.get(p.type, 99), p.offset),
    )
    unique: list[AlertPoint] = []
    seen: set[str] = set()
    for p in points:
        # One bullet per thing said: a point that repeats another, or says less than another
        # of its type ("Oppose … status quo" beside "Oppose … status quo in the East China
        # Sea"), goes. Its evidence stays available through /quote.
        says_less = any(
            q.type == p.type and q.line != p.line and q.line.startswith(p.line) for q in points
        )
        if p.line in seen or says_less:
            continue
        seen.add(p.line)
        unique.append(AlertPoint(p.type, p.line, p.evidence, p.modality))
    when = statement.published or statement.fetched
    return Alert(
        statement_id=statement.id or 0,
        headline=s.headline or statement.title or "New statement",
        title=statement.title,
        date=when.date().isoformat() if when else None,
        source=statement.source_name or statement.source_id,
        url=safe_link(statement.url),
        countries=tuple(gazetteer.country_name(c) for c in s.countries),
        points=tuple(unique[:MAX_POINTS]),
        regions=s.regions,
        more_points=max(len(unique) - MAX_POINTS, 0),
    )


def quote_lines(statement: Statement) -> list[tuple[str, str]]:
    """(key point line, verbatim evidence sentence) for every key point, in text order."""
    return [
        (k.line, k.evidence) for k in sorted(statement.summary.key_points, key=lambda k: k.offset)
    ]

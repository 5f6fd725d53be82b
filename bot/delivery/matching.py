"""Who gets a statement: the pure decision of whether a subscription matches it.

No IO. The store calls `matches` inside the transaction that writes the statement, so the
outbox rows and the statement appear together or not at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.analysis.gazetteer import fold
from bot.models import Statement, Subscription


def keyword_pattern(word: str) -> re.Pattern[str]:
    """A whole-word, case- and accent-insensitive literal match for a user's word. The word is
    escaped: users never supply a regular expression."""
    return re.compile(r"(?<!\w)" + re.escape(fold(word)) + r"(?!\w)")


def statement_haystack(statement: Statement) -> str:
    """The folded text keywords are matched against: title, text, headline, key point lines,
    exercise / agreement names and regions."""
    s = statement.summary
    parts: list[str] = [statement.title or "", statement.text, s.headline, *s.regions]
    for k in s.key_points:
        parts.append(k.line)
        parts.extend(str(v) for v in k.attributes.values() if isinstance(v, str))
    return fold("\n".join(parts))


def matches(sub: Subscription, statement: Statement, haystack: str | None = None) -> bool:
    """True when every country of the subscription is a principal actor, at least one key
    point has one of its types (if any are given), every keyword occurs, and the source is one
    of its sources (if any are given)."""
    s = statement.summary
    if sub.countries and not set(sub.countries) <= set(s.countries):
        return False
    if sub.types and not any(k.type in sub.types for k in s.key_points):
        return False
    if sub.sources and statement.source_id not in sub.sources:
        return False
    if sub.keywords:
        text = haystack if haystack is not None else statement_haystack(statement)
        if not all(keyword_pattern(w).search(text) for w in sub.keywords):
            return False
    return True


def matching(subs: Iterable[Subscription], statement: Statement) -> list[Subscription]:
    haystack = statement_haystack(statement)
    return [sub for sub in subs if matches(sub, statement, haystack)]

"""Analysis: statement text -> Summary. Pure: no IO, no store, no platform.

`analyse` is the entry point every other part of Readout calls.
"""

from __future__ import annotations

from datetime import datetime

from bot.analysis.baseline import analyse_baseline
from bot.models import Summary


def analyse(
    text: str,
    title: str | None = None,
    published: datetime | None = None,
    source: str | None = None,
) -> Summary:
    """Read a statement and return its Summary."""
    return analyse_baseline(text, title=title, published=published, source=source)


__all__ = ["analyse"]

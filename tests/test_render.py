"""The platform-neutral alert: order of points, one bullet per thing said, safe links."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.analysis.gazetteer import load_gazetteer
from bot.delivery.render import render_alert, safe_link
from bot.models import KeyPoint, Statement, Summary


def stmt(points: list[KeyPoint], url: str | None = "https://mod.example/1") -> Statement:
    summary = Summary(countries=("IN", "JP"), key_points=tuple(points), headline="H")
    return Statement(
        "s",
        url,
        "T",
        datetime(2020, 12, 22, tzinfo=UTC),
        datetime(2020, 12, 23, tzinfo=UTC),
        "text",
        summary,
        "h",
        id=1,
    )


def test_points_ordered_by_significance_and_not_repeated() -> None:
    sq_short = KeyPoint("status_quo", "Oppose coercive change of the status quo", "b", 50)
    sq_long = KeyPoint("status_quo", "Oppose coercive change of the status quo in the ECS", "a", 0)
    coop = KeyPoint("cooperation", "Cooperation: hadr", "c", 10)
    ex = KeyPoint("exercise", "Exercise Malabar", "d", 90)
    again = KeyPoint("exercise", "Exercise Malabar", "e", 120)
    alert = render_alert(stmt([coop, sq_short, ex, sq_long, again]), load_gazetteer())
    assert [p.line for p in alert.points] == [
        "Oppose coercive change of the status quo in the ECS",
        "Exercise Malabar",
        "Cooperation: hadr",
    ]
    assert alert.date == "2020-12-22" and alert.countries == ("India", "Japan")


def test_only_http_links_are_links() -> None:
    assert safe_link("https://mod.example/a") == "https://mod.example/a"
    for bad in (
        "javascript:alert(1)",
        "data:text/html,x",
        "ftp://x/y",
        "//evil.example",
        "",
        None,
        "mailto:a@b.c",
        " javascript:alert(1)",
    ):
        assert safe_link(bad) is None
    assert render_alert(stmt([], url="javascript:alert(1)"), load_gazetteer()).url is None

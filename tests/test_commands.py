"""The platform-neutral command core: what /subscribe understands, /latest, /unsubscribe,
usage replies for bad arguments, and no traceback ever."""

from __future__ import annotations

import pytest

from bot.analysis.gazetteer import load_gazetteer
from bot.clock import FakeClock
from bot.models import Chat
from bot.store import Store
from handlers.args import parse_filter
from tests.conftest import sample
from tests.helpers import run_command
from tests.test_outbox import statement


@pytest.mark.parametrize(
    ("args", "countries", "types", "keywords"),
    [
        ("India Japan", ["IN", "JP"], [], []),
        ("IN JP", ["IN", "JP"], [], []),
        ("U.S. Japan", ["US", "JP"], [], []),
        ("Japan-India", ["JP", "IN"], [], []),
        (
            "Phillipines China type:status_quo,exercise",
            ["PH", "CN"],
            ["status_quo", "exercise"],
            [],
        ),
        ("Malabar", [], [], ["Malabar"]),
        ("United States of America", ["US"], [], []),
        ("South Korea", ["KR"], [], []),
        ("Philippines South China Sea", ["PH"], [], ["South China Sea"]),
        ("Quad", ["AU", "IN", "JP", "US"], [], []),
        ("India, Japan; Malabar", ["IN", "JP"], [], ["Malabar"]),
    ],
)
def test_subscribe_arguments_are_understood(args, countries, types, keywords) -> None:
    p = parse_filter(args, load_gazetteer())
    assert (p.countries, p.types, p.keywords) == (countries, types, keywords)


async def test_subscribe_says_what_was_understood(store: Store, clock: FakeClock) -> None:
    reply = await run_command(store, clock, "/subscribe Phillipines China type:status-quo Ayungin")
    assert not reply.error
    assert "Philippines + China" in reply.text
    assert "types: status-quo" in reply.text and "“Ayungin”" in reply.text
    again = await run_command(store, clock, "/subscribe Phillipines China type:status-quo Ayungin")
    assert again.text.startswith("Already subscribed")
    listing = await run_command(store, clock, "/subscriptions")
    assert listing.text.count("\n") == 1 and "Philippines + China" in listing.text
    assert listing.buttons[0].action.startswith("unsubscribe #id")


async def test_unsubscribe_by_number_button_and_all(store: Store, clock: FakeClock) -> None:
    await run_command(store, clock, "/subscribe India Japan")
    await run_command(store, clock, "/subscribe Malabar")
    await run_command(store, clock, "/subscribe Australia")
    bad = await run_command(store, clock, "/unsubscribe 7")
    assert bad.error and "Usage: /unsubscribe" in bad.text and "1. India + Japan" in bad.text
    assert (
        "Unsubscribed from: words: “Malabar”"
        in (await run_command(store, clock, "/unsubscribe 2")).text
    )
    listing = await run_command(store, clock, "/subscriptions")
    button = listing.buttons[0].action
    assert "India + Japan" in (await run_command(store, clock, "/" + button)).text
    assert "Removed all 1" in (await run_command(store, clock, "/unsubscribe all")).text
    assert "no subscriptions" in (await run_command(store, clock, "/subscriptions")).text


async def test_bad_arguments_get_usage_not_errors(store: Store, clock: FakeClock) -> None:
    for line, expected in [
        ("/subscribe", "Usage: /subscribe"),
        ("/subscribe India type:nonsense", "Unknown type 'nonsense'"),
        ("/latest India 500", "n must be between 1 and 20"),
        ("/latest India 0", "n must be between 1 and 20"),
        ("/search", "Usage: /search"),
        ("/search !!! ???", "Usage: /search"),
        ("/frobnicate", "Unknown command /frobnicate"),
    ]:
        reply = await run_command(store, clock, line)
        assert reply.error and expected in reply.text, (line, reply.text)


async def test_hostile_arguments_get_a_clear_reply(store: Store, clock: FakeClock) -> None:
    for args in [
        "x" * 10_000,
        "'; DROP TABLE statements; --",
        "(a+)+$",
        "\x00\x07\u202e",
        "日本 インド",
        '"unterminated',
        "NEAR(a b) OR *",
    ]:
        for command in ("latest", "search", "subscribe"):
            reply = await run_command(store, clock, f"/{command} {args}")
            assert reply.text and "Traceback" not in reply.text
    assert await store.count_statements() == 0


async def test_latest_lists_newest_first_and_pages(store: Store, clock: FakeClock) -> None:
    for i, sid in enumerate(["in-jp-dmm-2019-09", "jimex-2021-jmod", "in-jp-dm-call-2020-12-ani"]):
        s = sample(sid)
        clock.advance(3600)
        await store.add_statement(statement(clock, str(s["text"])), f"i{i}", clock.now())
    reply = await run_command(store, clock, "/latest India Japan 2")
    assert [a.statement_id for a in reply.items] == [3, 2]
    assert reply.visibility == "public" and reply.buttons[0].label == "More"
    more = await run_command(store, clock, "/" + reply.buttons[0].action)
    assert [a.statement_id for a in more.items] == [1] and not more.buttons
    words = await run_command(store, clock, "/latest Japan Malabar")
    assert [a.statement_id for a in words.items] == [3]
    none = await run_command(store, clock, "/latest Vietnam")
    assert "No statements found for Vietnam" in none.text
    found = await run_command(store, clock, "/search Murasame")
    assert [a.statement_id for a in found.items] == [2]


async def test_subscription_changes_need_the_platforms_verdict(store: Store, clock: FakeClock):
    group = Chat("console", "g1", "group")
    refused = await run_command(store, clock, "/subscribe India", chat=group, may_manage=False)
    assert refused.error and "administrators" in refused.text
    # The bot's own admins may always.
    ok = await run_command(
        store, clock, "/subscribe India", chat=group, may_manage=False, user="admin"
    )
    assert not ok.error
    # Lookups are open to everyone.
    assert not (
        await run_command(store, clock, "/latest India", chat=group, may_manage=False)
    ).error


async def test_help_lists_every_command_from_its_docstring(store: Store, clock: FakeClock):
    from handlers import COMMANDS

    text = (await run_command(store, clock, "/help")).text
    for c in COMMANDS:
        if c.name != "start":
            assert c.usage in text and c.summary in text
    start = await run_command(store, clock, "/start")
    assert any(b.action == "subscribe India Japan" for b in start.buttons)


async def test_numbers_are_ascii_digits_of_sane_length(store: Store, clock: FakeClock) -> None:
    """Found by the hypothesis test: int() refuses a 4,300-digit string and accepts '²' only
    sometimes; such arguments get the usage line, not the apology."""
    await run_command(store, clock, "/subscribe India")
    for line in (
        "/unsubscribe " + "9" * 5000,
        "/unsubscribe ²",
        "/unsubscribe ١",
        "/quote " + "9" * 5000,
        "/quote ²",
        "/latest India ²",
        "/latest @" + "9" * 5000,
        "/latest India " + "9" * 5000,
    ):
        reply = await run_command(store, clock, line)
        assert "went wrong" not in reply.text, (line[:30], reply.text)

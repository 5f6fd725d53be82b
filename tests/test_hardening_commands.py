"""Hostile chat input: any command with any arguments gets a clear reply and never an error
(property-based, against a real SQLite store), and the per-chat command rate limit."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.analysis.gazetteer import load_gazetteer
from bot.clock import FakeClock
from bot.config import parse_config
from bot.errors import ConfigError
from bot.models import Chat
from bot.store import Store, open_store
from handlers import COMMANDS
from handlers.core import Reply, Request, Services, handle
from handlers.ratelimit import MAX_CHATS, CommandLimiter, command_limiter

APOLOGY = "something went wrong on our side"

HOSTILE = [
    "'; DROP TABLE statements; --",
    "1 OR 1=1",
    '" OR ""="',
    "Robert'); DELETE FROM subscriptions;--",
    "(a+)+$",
    "(?:x+x+)+y",
    ".*.*.*.*.*=.*",
    "[[[[[",
    "\\",
    'NEAR(a b) OR * AND NOT "x',
    'india* OR japan^2 "unterminated',
    "col:value -term +term ~term",
    "\x00\x01\x07\x1b[31m\u202e\u2066\ufeff\ud7ff",
    "日本 インド 🇯🇵🇮🇳 \u0301\u0301\u0301",
    "<b>bold</b> <a href='javascript:alert(1)'>x</a> <!channel> <@U123>",
    "%s %d {0} ${HOME} $(id) `id`",
    "#id999999999999999999999",
    "all",
    "type:" + ",".join(["status_quo"] * 200),
    "selector:" + "a" * 300,
    "http://169.254.169.254/latest/meta-data/",
    "999999999999999999999999",
    "-1",
]

arguments = st.one_of(
    st.text(max_size=300),  # any Unicode, control characters included
    st.sampled_from(HOSTILE),
    st.builds(
        lambda s, n: s * n, st.sampled_from([*HOSTILE, "x", "India ", "日"]), st.integers(1, 2000)
    ),
    st.builds(lambda a, b: f"{a} {b}", st.sampled_from(HOSTILE), st.text(max_size=50)),
)
names = st.sampled_from(
    [c.name for c in COMMANDS] + [a for c in COMMANDS for a in c.aliases] + ["HeLP", "x" * 500, ""]
)


def test_any_command_with_any_arguments_gets_a_clear_reply(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Every command in handlers.COMMANDS, arbitrary text: a Reply with text, never the
    apology that an exception produces, never a traceback, and the store still whole."""
    with asyncio.Runner() as runner:
        store: Store = runner.run(open_store(f"sqlite:///{tmp_path / 'readout.db'}"))
        clock = FakeClock()
        svc = Services(
            store=store,
            clock=clock,
            gazetteer=load_gazetteer(),
            admins=frozenset({"console:admin"}),
        )
        chats = [Chat("console", "c1", "private"), Chat("telegram", "-100123", "supergroup")]

        @settings(
            max_examples=250,
            deadline=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        )
        @given(name=names, args=arguments, admin=st.booleans(), chat=st.sampled_from(chats))
        def check(name: str, args: str, admin: bool, chat: Chat) -> None:
            req = Request(chat, "admin" if admin else "u1", args, may_manage=admin)
            reply = runner.run(handle(COMMANDS, name, req, svc))
            assert isinstance(reply, Reply)
            assert reply.text.strip(), (name, args)
            assert APOLOGY not in reply.text, (name, args)
            assert "Traceback" not in reply.text
            for item in reply.items:
                assert item.title is None or isinstance(item.title, str)

        check()
        assert "Traceback" not in caplog.text
        assert runner.run(store.count_statements()) == 0  # the tables are all still there
        runner.run(store.close())


@pytest.mark.parametrize("args", ["x" * 10_000, "\x00" * 10_000, "日本" * 5_000, "(a+)+$" * 2_000])
async def test_ten_thousand_characters(store: Store, clock: FakeClock, args: str) -> None:
    svc = Services(store=store, clock=clock, gazetteer=load_gazetteer())
    for command in COMMANDS:
        reply = await handle(
            COMMANDS, command.name, Request(Chat("console", "c", "private"), "u", args), svc
        )
        assert reply.text and APOLOGY not in reply.text, command.name


# -- per-chat command rate limit -------------------------------------------------------------


def _services(store: Store, clock: FakeClock, per_chat: str | None = "20/min") -> Services:
    return Services(
        store=store,
        clock=clock,
        gazetteer=load_gazetteer(),
        command_limit=command_limiter(per_chat),
    )


async def test_twenty_commands_a_minute_then_slow_down(
    store: Store, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    svc = _services(store, clock)
    busy, other = Chat("telegram", "1", "private"), Chat("telegram", "2", "private")

    async def help_in(chat: Chat) -> Reply:
        return await handle(COMMANDS, "help", Request(chat, "u", ""), svc)

    for _ in range(20):
        assert not (await help_in(busy)).error
        clock.advance(1)
    refused = await help_in(busy)
    assert refused.error and refused.text.startswith("Slow down, please")
    assert "at most 20 commands a minute" in refused.text and "Try again in 40 s" in refused.text
    for _ in range(50):  # a flood: refused, not counted, logged once
        assert (await help_in(busy)).error
    assert caplog.text.count("asked to slow down") == 1
    assert not (await help_in(other)).error  # other chats are not affected
    clock.advance(40)  # the first command leaves the window
    assert not (await help_in(busy)).error
    assert (await help_in(busy)).error


async def test_limit_counts_unknown_commands_and_buttons_too(
    store: Store, clock: FakeClock
) -> None:
    svc = _services(store, clock, "3/10s")
    chat = Chat("slack", "C1", "channel")
    for name in ("frobnicate", "latest", "subscriptions"):
        assert (
            "Slow down" not in (await handle(COMMANDS, name, Request(chat, "u", "India"), svc)).text
        )
    reply = await handle(COMMANDS, "help", Request(chat, "u", ""), svc)
    assert "Slow down" in reply.text and "3 commands every 10 seconds" in reply.text


async def test_no_limit_when_configured_off(store: Store, clock: FakeClock) -> None:
    svc = _services(store, clock, None)
    chat = Chat("telegram", "1", "private")
    for _ in range(100):
        assert not (await handle(COMMANDS, "help", Request(chat, "u", ""), svc)).error


def test_limiter_memory_stays_bounded() -> None:
    limiter = CommandLimiter(command_limiter("20/min").rate)  # type: ignore[union-attr]
    for i in range(3 * MAX_CHATS):
        assert limiter.wait(f"telegram:{i}", float(i)) is None  # one chat per second
    assert len(limiter._times) <= MAX_CHATS + 60


def test_config_key() -> None:
    assert parse_config("").commands.per_chat == "20/min"
    assert parse_config("commands: {per_chat: 5/10s}").commands.per_chat == "5/10s"
    assert parse_config("commands: {per_chat: null}").commands.per_chat is None
    with pytest.raises(ConfigError, match=r"commands.per_chat: .*not a rate"):
        parse_config("commands: {per_chat: lots}")

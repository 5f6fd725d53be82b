"""Fixtures of the Slack tests: the fake Slack on loopback, a SlackPlatform wired to it (not
started), and the two channels and users most tests use."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest

from bot.analysis.gazetteer import load_gazetteer
from bot.clock import FakeClock
from bot.config import SlackConfig
from bot.store import Store
from handlers.core import Services
from handlers.slack import SlackPlatform
from tests.fakes.slack_api import BOT_TOKEN, FakeSlack
from tests.slack.driver import SECRET, Driver, free_port


@pytest.fixture
async def fake_slack() -> AsyncIterator[FakeSlack]:
    fake = FakeSlack()
    fake.channels.update(
        {
            "C1": {"name": "general", "is_private": False, "is_member": True},
            "C2": {"name": "philippines-desk", "is_private": False, "is_member": True},
            "C3": {"name": "old-project", "is_private": False, "is_member": True},
            "C4": {"name": "announcements", "is_private": False, "is_member": False},
            "G1": {"name": "secret-desk", "is_private": True, "is_member": False},
        }
    )
    fake.users.update(
        {
            "U1": {"name": "alice", "is_admin": False, "is_owner": False},
            "UADMIN": {"name": "wanda", "is_admin": True, "is_owner": False},
            "UBOSS": {"name": "boss", "is_admin": False, "is_owner": False},
        }
    )
    await fake.start()
    yield fake
    await fake.stop()


@pytest.fixture
def services(store: Store, clock: FakeClock) -> Services:
    return Services(store=store, clock=clock, gazetteer=load_gazetteer())


@pytest.fixture
def platform(fake_slack: FakeSlack, services: Services) -> SlackPlatform:
    """A SlackPlatform for sending (send_alert / edit_alert need no start())."""
    return SlackPlatform(
        SlackConfig(bot_token=BOT_TOKEN, api_base_url=fake_slack.api_url), services
    )


@pytest.fixture
async def serve_http(
    fake_slack: FakeSlack, store: Store, clock: FakeClock
) -> AsyncIterator[Callable[..., Awaitable[Driver]]]:
    """Start a SlackPlatform in HTTP mode on loopback (with settings of the test's choosing)
    and return a Driver that talks to it as Slack does. Stopped after the test."""
    started: list[SlackPlatform] = []

    async def start(**settings: Any) -> Driver:
        config = SlackConfig(
            **{
                "bot_token": BOT_TOKEN,
                "signing_secret": SECRET,
                "mode": "http",
                "listen": "127.0.0.1",
                "port": free_port(),
                "api_base_url": fake_slack.api_url,
                **settings,
            }
        )
        services = Services(
            store=store,
            clock=clock,
            gazetteer=load_gazetteer(),
            admins=frozenset({"slack:UBOSS"}),
        )
        platform = SlackPlatform(config, services)
        await platform.start()
        started.append(platform)
        assert platform.port is not None
        return Driver(fake_slack, f"http://127.0.0.1:{platform.port}/slack/events")

    yield start
    for platform in started:
        await platform.stop()

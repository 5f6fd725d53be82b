"""Socket Mode: apps.connections.open hands out a ws:// URL on the fake, which then delivers a
slash-command envelope; bolt acks it over the socket and answers through the response_url."""

from __future__ import annotations

import logging

import pytest

from bot.config import SlackConfig
from bot.store import Store
from handlers.core import Services
from handlers.slack import SlackPlatform
from tests.fakes.slack_api import APP_TOKEN, BOT_TOKEN, FakeSlack
from tests.slack.driver import free_port, slash_payload


def socket_platform(fake: FakeSlack, services: Services, app_token: str | None) -> SlackPlatform:
    config = SlackConfig(bot_token=BOT_TOKEN, app_token=app_token, api_base_url=fake.api_url)
    return SlackPlatform(config, services)


async def test_slash_command_envelope_is_acked_and_answered(
    fake_slack: FakeSlack, services: Services, store: Store
) -> None:
    platform = socket_platform(fake_slack, services, APP_TOKEN)
    await platform.start()
    try:
        assert platform.started and fake_slack.socket_connected
        payload = slash_payload(fake_slack, "/subscribe India Japan", "C1", "U1", "general")
        await fake_slack.socket_send(
            {
                "envelope_id": "env-1",
                "type": "slash_commands",
                "accepts_response_payload": True,
                "payload": payload,
            }
        )
        (ack,) = await fake_slack.wait_for(
            lambda: [a for a in fake_slack.socket_acks if a["envelope_id"] == "env-1"]
        )
        assert "payload" not in ack  # an empty ack: the answer follows via response_url
        (answer,) = await fake_slack.wait_for(lambda: fake_slack.responses(payload["response_url"]))
        assert answer.text.startswith("Subscribed to: India + Japan")
        assert await store.find_chat("slack", "C1") is not None
    finally:
        await platform.stop()
    await fake_slack.wait_for(lambda: not fake_slack.socket_connected)


@pytest.mark.parametrize(
    ("app_token", "expected"),
    [
        (None, "socket mode needs the app-level token"),
        ("xapp-wrong", "apps.connections.open refused the app token (invalid_auth)"),
    ],
)
async def test_without_a_usable_app_token_commands_stay_off_with_one_log_line(
    fake_slack: FakeSlack,
    services: Services,
    caplog: pytest.LogCaptureFixture,
    app_token: str | None,
    expected: str,
) -> None:
    platform = socket_platform(fake_slack, services, app_token)
    with caplog.at_level(logging.INFO):
        await platform.start()
    await platform.stop()
    assert not platform.started and not fake_slack.socket_connected
    (line,) = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert expected in line.getMessage() and line.exc_info is None


async def test_an_unreachable_socket_does_not_hold_up_the_start(
    fake_slack: FakeSlack, services: Services, caplog: pytest.LogCaptureFixture
) -> None:
    fake_slack.socket_url = f"ws://127.0.0.1:{free_port()}/socket"  # nothing listens there
    platform = socket_platform(fake_slack, services, APP_TOKEN)
    platform.connect_wait = 0.3
    with caplog.at_level(logging.WARNING):
        await platform.start()  # returns: the SDK keeps trying in the background
    assert "keeps trying in the background" in caplog.text
    await platform.stop()
    assert not platform.started

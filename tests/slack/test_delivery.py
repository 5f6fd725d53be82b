"""Alerts out through the real slack_sdk client to the fake Web API, and what each failure
means for the outbox (bot.errors)."""

from __future__ import annotations

import logging
from dataclasses import replace

import pytest

from bot.config import SlackConfig
from bot.delivery.render import Alert, AlertPoint
from bot.errors import ChatGone, RateLimited, Rejected, Retryable
from bot.models import Chat
from handlers.core import Services
from handlers.slack import SlackPlatform
from tests.fakes.slack_api import FakeSlack

C1 = Chat("slack", "C1", "channel", "general")
ALERT = Alert(
    statement_id=5,
    headline="Japan and the Philippines sign the Reciprocal Access Agreement",
    date="2024-07-08",
    source="MOFA Japan",
    url="https://www.mofa.go.jp/a_o/sea2/ph/page1e_000001.html",
    countries=("Japan", "Philippines"),
    points=(AlertPoint("agreement", "RAA signed", "The RAA was signed.", "asserted"),),
    regions=("South China Sea",),
    subscription_id=3,
)


async def test_send_alert_posts_block_kit_and_returns_the_ts(
    platform: SlackPlatform, fake_slack: FakeSlack
) -> None:
    ts = await platform.send_alert(C1, ALERT, None)
    (msg,) = fake_slack.in_channel("C1")
    assert msg.ts == ts
    assert msg.blocks[0] == {
        "type": "header",
        "text": {"type": "plain_text", "text": ALERT.headline, "emoji": True},
    }
    assert msg.text.startswith("Japan and the Philippines sign")
    # Never ask Slack to turn names into mentions, and keep the page preview out.
    assert "link_names" not in msg.args and "parse" not in msg.args
    assert msg.args["unfurl_links"] is False
    assert "thread_ts" not in msg.args
    assert fake_slack.in_channel("C2") == []


async def test_thread_id_becomes_thread_ts_and_edit_uses_chat_update(
    platform: SlackPlatform, fake_slack: FakeSlack
) -> None:
    ts = await platform.send_alert(C1, ALERT, "1700000000.000100")
    assert fake_slack.in_channel("C1")[0].args["thread_ts"] == "1700000000.000100"
    await platform.edit_alert(C1, ts, replace(ALERT, also_reported=("Kyodo",)))
    (update,) = fake_slack.in_channel("C1", "chat.update")
    assert update.ts == ts and "Also reported by:* Kyodo" in update.all_text
    with pytest.raises(Rejected, match="message_not_found"):
        await platform.edit_alert(C1, "1.000000", ALERT)


async def test_429_is_rate_limited_with_the_exact_retry_after(
    platform: SlackPlatform, fake_slack: FakeSlack
) -> None:
    fake_slack.rate_limit("C1", 7)
    with pytest.raises(RateLimited) as caught:
        await platform.send_alert(C1, ALERT, None)
    assert caught.value.retry_after == 7 and caught.value.scope == "chat"
    assert fake_slack.refused == [("chat.postMessage", "C1", "ratelimited")]
    # One call only: slack_sdk's retry handlers did not quietly wait and try again.
    assert [m for m, _ in fake_slack.calls] == ["chat.postMessage"]


async def test_past_the_burst_a_channel_gets_429_and_others_do_not(
    platform: SlackPlatform, fake_slack: FakeSlack
) -> None:
    for _ in range(fake_slack.burst):
        await platform.send_alert(C1, ALERT, None)
    with pytest.raises(RateLimited) as caught:
        await platform.send_alert(C1, ALERT, None)
    assert caught.value.retry_after == 1
    await platform.send_alert(Chat("slack", "C2", "channel"), ALERT, None)  # its own budget


@pytest.mark.parametrize(
    "code", ["channel_not_found", "not_in_channel", "is_archived", "account_inactive"]
)
async def test_channel_errors_mean_the_chat_is_gone(
    platform: SlackPlatform, fake_slack: FakeSlack, code: str
) -> None:
    fake_slack.fail("C1", code)
    with pytest.raises(ChatGone) as caught:
        await platform.send_alert(C1, ALERT, None)
    assert str(caught.value) == code


@pytest.mark.parametrize("code", ["invalid_blocks", "msg_too_long"])
async def test_a_refused_message_is_rejected(
    platform: SlackPlatform, fake_slack: FakeSlack, code: str
) -> None:
    fake_slack.fail("C1", code)
    with pytest.raises(Rejected, match=code):
        await platform.send_alert(C1, ALERT, None)


async def test_server_errors_are_retryable(platform: SlackPlatform, fake_slack: FakeSlack) -> None:
    fake_slack.fail("C1", "500")
    with pytest.raises(Retryable, match="HTTP 500"):
        await platform.send_alert(C1, ALERT, None)
    await platform.send_alert(C1, ALERT, None)  # and the next try goes through


async def test_an_unreachable_slack_is_retryable(services: Services) -> None:
    dead = SlackPlatform(
        SlackConfig(bot_token="xoxb-x", api_base_url="http://127.0.0.1:9/api/"), services
    )
    with pytest.raises(Retryable, match="unreachable"):
        await dead.send_alert(C1, ALERT, None)


async def test_a_bad_token_is_retryable_and_logged_not_a_gone_chat(
    fake_slack: FakeSlack, services: Services, caplog: pytest.LogCaptureFixture
) -> None:
    wrong = SlackPlatform(
        SlackConfig(bot_token="xoxb-revoked", api_base_url=fake_slack.api_url), services
    )
    with caplog.at_level(logging.ERROR), pytest.raises(Retryable, match="invalid_auth"):
        await wrong.send_alert(C1, ALERT, None)
    assert "bot token or the app's scopes are wrong" in caplog.text

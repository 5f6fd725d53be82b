"""HTTP mode: bolt behind Readout's aiohttp server, driven by requests signed as Slack signs
them. Slash commands, the /readout umbrella, buttons, who may manage, and refused forgeries."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Awaitable, Callable
from urllib.parse import urlencode

import pytest

from bot.config import SlackConfig
from bot.store import Store
from handlers.core import Services
from handlers.slack import SlackPlatform
from tests.fakes.slack_api import BOT_TOKEN, FakeSlack
from tests.slack.driver import Driver, button, free_port, sign, slash_payload

Serve = Callable[..., Awaitable[Driver]]


async def test_subscribe_acks_empty_then_answers_ephemerally(
    serve_http: Serve, fake_slack: FakeSlack, store: Store
) -> None:
    slack = await serve_http()
    status, body, url = await slack.command("/subscribe India Japan")
    assert (status, body) == (200, "")  # the ack: nothing shown, the answer follows
    (answer,) = await fake_slack.wait_for(lambda: fake_slack.responses(url))
    assert answer.args["response_type"] == "ephemeral"
    assert answer.text.startswith("Subscribed to: India + Japan.")
    chat = await store.find_chat("slack", "C1")
    assert chat is not None and chat.title == "general"
    assert chat.id is not None
    (sub,) = await store.list_subscriptions(chat.id)
    assert sub.countries == ("IN", "JP")
    assert button(answer, "Unsubscribe")["value"] == f"unsubscribe #id{sub.id}"

    gone = await slack.click(button(answer, "Unsubscribe"))
    assert gone.text.startswith("Unsubscribed from: India + Japan")
    assert gone.args["response_type"] == "ephemeral" and gone.args["replace_original"] is False
    assert await store.list_subscriptions(chat.id) == []


async def test_lookups_answer_in_channel_and_errors_ephemerally(
    serve_http: Serve, fake_slack: FakeSlack
) -> None:
    slack = await serve_http()
    found = await slack.said("/latest India Japan")
    assert found.args["response_type"] == "in_channel"
    assert found.text == "No statements found for India + Japan."
    wrong = await slack.said("/latest India 99")
    assert wrong.args["response_type"] == "ephemeral" and "n must be between 1 and 20" in wrong.text


async def test_umbrella_and_prefixed_commands(serve_http: Serve) -> None:
    slack = await serve_http()
    helped = await slack.said("/readout")
    assert helped.text.startswith("Commands:") and "/subscribe" in helped.text
    subscribed = await slack.said("/readout subscribe Philippines China", channel="C2")
    assert subscribed.text.startswith("Subscribed to: Philippines + China")
    searched = await slack.said("/readout-search Malabar")  # Slack reserves /search itself
    assert searched.text == "No statements found for “Malabar”."
    unknown = await slack.said("/readout frobnicate now")
    assert unknown.text.startswith("Unknown command /frobnicate")
    listed = await slack.said("/readout subscriptions", channel="C2")
    assert "Philippines + China" in listed.text
    # Slack keeps /search for itself: Readout's own texts point to the name that works.
    assert "/readout-search &lt;words&gt;" in helped.text and "/search" not in helped.text.replace(
        "/readout-search", ""
    )


async def test_what_a_user_typed_is_escaped_when_echoed(serve_http: Serve) -> None:
    slack = await serve_http()
    # Slack delivers `<`, `>` and `&` in a command's text as entities.
    answer = await slack.said("/search &lt;!channel&gt; &amp; Malabar")
    everything = answer.text + json.dumps(answer.blocks)
    assert "&lt;!channel&gt;" in everything and "<!channel>" not in everything


async def test_forged_and_stale_requests_are_refused(
    serve_http: Serve, fake_slack: FakeSlack, store: Store
) -> None:
    slack = await serve_http()
    payload = slash_payload(fake_slack, "/subscribe India Japan", "C1", "U1", "general")
    body = urlencode(payload).encode()
    forged = sign(body, secret="not-the-signing-secret")
    stale = sign(body, timestamp=int(time.time()) - 6 * 60)  # correct signature, 6 min old
    tampered = sign(body.replace(b"India", b"China"))  # signed, then the body changed
    assert (await slack.post(body, forged))[0] == 401
    assert (await slack.post(body, stale))[0] == 401
    assert (await slack.post(body.replace(b"India", b"Korea"), tampered))[0] == 401
    assert (await slack.post(body, {}))[0] == 401
    assert (await slack.post(body, sign(body)))[0] == 200  # the same request, signed: accepted
    await fake_slack.wait_for(lambda: fake_slack.responses(payload["response_url"]))
    assert len(fake_slack.responses()) == 1  # only the genuine one was answered


async def test_link_button_click_is_acked_without_an_answer(
    serve_http: Serve, fake_slack: FakeSlack
) -> None:
    slack = await serve_http()
    body = urlencode(
        {
            "payload": json.dumps(
                {
                    "type": "block_actions",
                    "team": {"id": "TFAKE"},
                    "user": {"id": "U1"},
                    "channel": {"id": "C1"},
                    "response_url": fake_slack.response_url(),
                    "actions": [{"action_id": "readout_link:0", "type": "button"}],
                }
            )
        }
    ).encode()
    assert (await slack.post(body, sign(body)))[0] == 200
    await slack.said("/help")  # a later answer arrives; the link click produced none
    assert len(fake_slack.responses()) == 1


async def test_manage_admins_asks_users_info_and_bot_admins_are_always_allowed(
    serve_http: Serve, fake_slack: FakeSlack
) -> None:
    slack = await serve_http(manage="admins")
    refused = await slack.said("/subscribe India Japan", user="U1")
    assert refused.text == "Only the chat's administrators can change its subscriptions."
    assert refused.args["response_type"] == "ephemeral"
    allowed = await slack.said("/subscribe India Japan", user="UADMIN")
    assert allowed.text.startswith("Subscribed to")
    boss = await slack.said("/subscribe Japan", user="UBOSS")  # in config `admins`
    assert boss.text.startswith("Subscribed to")
    looked = await slack.said("/latest India", user="U1")  # lookups need no check
    assert looked.text.startswith("No statements found")
    asked = [args["user"] for method, args in fake_slack.calls if method == "users.info"]
    assert asked == ["U1", "UADMIN", "UBOSS"]


async def test_the_ack_does_not_wait_for_the_command(
    serve_http: Serve, fake_slack: FakeSlack
) -> None:
    slack = await serve_http(manage="admins")
    gate = fake_slack.hold("users.info")  # Slack answers users.info only when we say so
    status, body, url = await slack.command("/subscribe India Japan", user="UADMIN")
    assert (status, body) == (200, "")  # acked while the command is still waiting
    assert fake_slack.responses(url) == []
    gate.set()
    (answer,) = await fake_slack.wait_for(lambda: fake_slack.responses(url))
    assert answer.text.startswith("Subscribed to")


async def test_subscribing_where_alerts_cannot_arrive_says_how_to_fix_it(
    serve_http: Serve, fake_slack: FakeSlack
) -> None:
    slack = await serve_http()
    hidden = await slack.said("/subscribe India Japan", channel="G1", channel_name="secret-desk")
    assert hidden.text.startswith("Subscribed to") and "/invite @Readout" in hidden.text
    public = await slack.said("/subscribe India Japan", channel="C4")  # not a member: fine
    assert "/invite" not in public.text


async def test_manage_anyone_never_asks_users_info(
    serve_http: Serve, fake_slack: FakeSlack
) -> None:
    slack = await serve_http()
    answer = await slack.said("/subscribe India Japan", user="U1")
    assert answer.text.startswith("Subscribed to")
    assert not [m for m, _ in fake_slack.calls if m == "users.info"]


async def test_http_mode_without_a_signing_secret_does_not_start(
    fake_slack: FakeSlack, services: Services, caplog: pytest.LogCaptureFixture
) -> None:
    config = SlackConfig(
        bot_token=BOT_TOKEN,
        mode="http",
        listen="127.0.0.1",
        port=free_port(),
        api_base_url=fake_slack.api_url,
    )
    platform = SlackPlatform(config, services)
    with caplog.at_level(logging.INFO):
        await platform.start()
    await platform.stop()
    assert not platform.started and platform.port is None
    (line,) = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert "http mode needs the signing secret" in line.getMessage()
    assert line.exc_info is None  # one clear line, no traceback

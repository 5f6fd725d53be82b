"""Starting and stopping: the command menu (and surviving its failure), a refused token, a
prompt stop while a long poll is pending, and webhook mode with its secret token checked on
every request."""

from __future__ import annotations

import logging
import socket
import time
from collections.abc import AsyncIterator

import aiohttp
import pytest

from bot.clock import FakeClock
from bot.errors import ConfigError
from bot.store import Store
from handlers import COMMANDS
from handlers.telegram import TelegramPlatform, create
from tests.fakes.telegram_api import FakeTelegram, Fault
from tests.telegram.conftest import Bot, config, services


async def test_command_menu_comes_from_the_command_table(bot: Bot) -> None:
    assert bot.fake.commands == [{"command": c.name, "description": c.summary} for c in COMMANDS]
    # Long polling asks for exactly the updates the platform acts on.
    first_poll = await bot.fake.wait_for(
        lambda: next((p for m, p in bot.fake.calls if m == "getUpdates"), None)
    )
    assert first_poll["allowed_updates"] == [
        "message",
        "channel_post",
        "callback_query",
        "my_chat_member",
    ]


async def test_set_my_commands_failure_is_logged_not_fatal(
    fake: FakeTelegram, store: Store, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    fake.fail_method("setMyCommands", Fault.server_error())
    platform = create(config(fake), services(store, clock))
    with caplog.at_level(logging.ERROR, logger="handlers.telegram"):
        await platform.start()
    try:
        assert any("setMyCommands failed" in r.message for r in caplog.records)
        await fake.message(fake.chat(501), fake.user(501), "/help")
        (reply,) = await fake.wait_sent(501)
        assert reply.plain.startswith("Commands:")
    finally:
        await platform.stop()


async def test_a_refused_token_is_a_config_error(
    fake: FakeTelegram, store: Store, clock: FakeClock
) -> None:
    cfg = config(fake).model_copy(
        update={"telegram": config(fake).telegram.model_copy(update={"token": "999:WRONG"})}
    )
    platform = create(cfg, services(store, clock))
    with pytest.raises(ConfigError, match=r"^telegram.token: the Bot API at .* refused it$") as e:
        await platform.start()
    assert "WRONG" not in str(e.value)  # the token never reaches logs or stderr
    await platform.stop()  # safe after a failed start (which already released its clients)


async def test_stop_is_prompt_during_a_long_poll(
    fake: FakeTelegram, store: Store, clock: FakeClock
) -> None:
    platform = create(config(fake), services(store, clock))
    await platform.start()
    await fake.wait_for(lambda: any(m == "getUpdates" for m, _ in fake.calls))
    started = time.monotonic()
    await platform.stop()
    assert time.monotonic() - started < 3.0  # not the 10 s long-poll timeout


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
async def webhook(
    fake: FakeTelegram, store: Store, clock: FakeClock
) -> AsyncIterator[tuple[TelegramPlatform, str]]:
    port = free_port()
    cfg = config(
        fake,
        mode="webhook",
        webhook_url="https://bot.example/telegram/hook",
        secret_token="s3cret-token",
        listen="127.0.0.1",
        port=port,
    )
    platform = create(cfg, services(store, clock))
    await platform.start()
    try:
        yield platform, f"http://127.0.0.1:{port}/telegram/hook"
    finally:
        await platform.stop()


async def test_webhook_checks_the_secret_token_on_every_request(
    fake: FakeTelegram, webhook: tuple[TelegramPlatform, str]
) -> None:
    _, url = webhook
    assert fake.webhook == {
        "url": "https://bot.example/telegram/hook",
        "secret_token": "s3cret-token",
    }
    assert not [m for m, _ in fake.calls if m == "getUpdates"]  # no polling in webhook mode
    chat, user = fake.chat(502), fake.user(502)

    def update(n: int, text: str) -> dict[str, object]:
        return {"update_id": n, "message": fake.make_message(chat, text, **{"from": user})}

    header = "X-Telegram-Bot-Api-Secret-Token"
    async with aiohttp.ClientSession() as http:
        async with http.post(url, json=update(1, "/subscribe India")) as r:
            assert r.status == 403
        async with http.post(
            url, json=update(2, "/subscribe India"), headers={header: "nope"}
        ) as r:
            assert r.status == 403
        async with http.post(url, data=b"{not json", headers={header: "s3cret-token"}) as r:
            assert r.status == 400
        async with http.post(url, json=update(3, "/start"), headers={header: "s3cret-token"}) as r:
            assert r.status == 200
    (reply,) = await fake.wait_sent(502)
    assert "Readout follows" in reply.plain  # only the update with the right secret ran


async def test_webhook_without_a_configured_secret_makes_one_up(
    fake: FakeTelegram, store: Store, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    cfg = config(
        fake,
        mode="webhook",
        webhook_url="https://bot.example/hook",
        listen="127.0.0.1",
        port=free_port(),
    )
    platform = create(cfg, services(store, clock))
    with caplog.at_level(logging.WARNING, logger="handlers.telegram"):
        await platform.start()
    try:
        assert len(fake.webhook["secret_token"] or "") >= 32
        assert any("no telegram.secret_token set" in r.message for r in caplog.records)
    finally:
        await platform.stop()


def test_webhook_mode_needs_a_url(fake: FakeTelegram, store: Store, clock: FakeClock) -> None:
    with pytest.raises(ConfigError, match=r"telegram\.webhook_url"):
        create(config(fake, mode="webhook"), services(store, clock))

"""Logs and secrets: text or JSON lines with the ids passed as extras; every configured secret
and anything shaped like a token redacted (real loggers, httpx- and PTB-style records); the
`readout status` output and config errors free of secrets; `*_FILE` for every secret; and the
warning about a world-readable config file that holds a secret inline."""

from __future__ import annotations

import io
import json
import logging
import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bot import logs
from bot.cli import main
from bot.clock import FakeClock
from bot.config import parse_config
from bot.store import open_store
from tests.fakes.feed_server import FeedServer, Route, rss
from tests.helpers import make_rig, source, subscribe_chat
from tests.test_outbox import statement

TOKEN = "7123456789:AAHf3kD9x_Zq-8bLmNoPqRsTuVwXyZ012345"
SLACK_BOT = "xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOpQrStUvWx"
SLACK_APP = "xapp-1-A012BCDEF-1234567890123-abcdef0123456789"
SIGNING = "8f742231b10e8888abcd99yyyzzz85a5"
WEBHOOK_SECRET = "webhook-secret-Zy9"
DB_PASSWORD = "s3cr3t-db-pw"


@pytest.fixture(autouse=True)
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for h in list(root.handlers):
        if h not in handlers:
            root.removeHandler(h)
    root.setLevel(level)


def config_text(tmp_path: Path) -> str:
    return f"""
database: {{url: "postgresql://readout:{DB_PASSWORD}@127.0.0.1:1/readout"}}
telegram: {{token: "{TOKEN}", secret_token: "{WEBHOOK_SECRET}"}}
slack: {{bot_token: "{SLACK_BOT}", app_token: "{SLACK_APP}", signing_secret: "{SIGNING}"}}
"""


def all_secrets() -> list[str]:
    return [TOKEN, SLACK_BOT, SLACK_APP, SIGNING, WEBHOOK_SECRET, DB_PASSWORD]


def configured(fmt: str = "text") -> tuple[io.StringIO, logs.Redactor]:
    out = io.StringIO()
    redactor = logs.setup("INFO", fmt, stream=out)  # type: ignore[arg-type]
    redactor.add(logs.secret_values(parse_config(config_text(Path()), env={})))
    return out, redactor


def test_httpx_and_ptb_style_records_are_redacted() -> None:
    out, _ = configured()
    url = httpx.URL(f"https://api.telegram.org/bot{TOKEN}/sendMessage")
    # httpx logs each request like this (at INFO; WARNING here, since INFO is muted for httpx).
    logging.getLogger("httpx").warning(
        'HTTP Request: %s %s "%s %d %s"', "POST", url, "HTTP/1.1", 200, "OK"
    )
    logging.getLogger("telegram.ext.Updater").error(
        "Error while getting Updates: %s", f"bad URL {url}"
    )
    try:
        raise RuntimeError(f"POST {url} failed; auth {SLACK_BOT} / {SLACK_APP}")
    except RuntimeError:
        logging.getLogger("telegram.ext.Application").exception("No error handlers are registered")
    logging.getLogger("slack_bolt").warning(
        "signature check with %s, secret %s, db %s", SIGNING, WEBHOOK_SECRET, DB_PASSWORD
    )
    logging.getLogger("bot.x").warning(
        "extra fields too", extra={"url": str(url), "chat": SLACK_BOT}
    )
    text = out.getvalue()
    for secret in all_secrets():
        assert secret not in text
    assert "https://api.telegram.org/bot[REDACTED]/sendMessage" in text
    assert text.count("[REDACTED]") >= 8
    assert "RuntimeError" in text  # the traceback is kept, minus the secrets


def test_token_shapes_are_redacted_without_configuration() -> None:
    r = logs.Redactor()
    assert r.redact(f"https://api.telegram.org/bot{TOKEN}/getMe") == (
        "https://api.telegram.org/bot[REDACTED]/getMe"
    )
    assert r.redact(f"Authorization: Bearer {SLACK_BOT}") == "Authorization: Bearer [REDACTED]"
    assert r.redact(f"app token {SLACK_APP}.") == "app token [REDACTED]."
    assert r.redact("xoxp-1234567890-abcdef, xoxa-2-xyz123456") == "[REDACTED], [REDACTED]"
    # Ordinary text stays: a time, a statement id, a URL with a port.
    plain = "12:30 statement 42 at http://127.0.0.1:8080/feed.xml, ratio 3:1"
    assert r.redact(plain) == plain


def test_json_lines_carry_the_ids() -> None:
    out, _ = configured("json")
    log = logging.getLogger("bot.pipeline")
    log.info("poll %s: ok", "mofa-jp", extra={"source": "mofa-jp", "statement": 12})
    log.warning(
        "sent to %s", "telegram:-100", extra={"chat": "telegram:-100", "delivery": 7, "url": TOKEN}
    )
    try:
        1 / 0  # noqa: B018
    except ZeroDivisionError:
        log.exception("boom")
    first, second, third = (json.loads(line) for line in out.getvalue().splitlines())
    assert set(first) == {"time", "level", "logger", "message", "source", "statement"}
    assert first["message"] == "poll mofa-jp: ok" and first["statement"] == 12
    assert first["level"] == "INFO" and first["logger"] == "bot.pipeline"
    assert first["time"].endswith("+00:00")
    assert second["chat"] == "telegram:-100" and second["delivery"] == 7
    assert second["url"] == "[REDACTED]"
    assert "ZeroDivisionError" in third["exception"]


async def test_pipeline_logs_name_the_source_in_json(
    store: object, clock: FakeClock, feed_server: FeedServer
) -> None:
    out, _ = configured("json")
    feed_server.set("/feed.xml", Route(rss([])))
    rig = make_rig(store, clock)  # type: ignore[arg-type]
    await rig.store.sync_sources([source("m", feed_server.url("/feed.xml"))])
    await rig.pipeline.poll("m")
    await rig.close()
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert any(line.get("source") == "m" and "poll m" in line["message"] for line in lines)


def test_text_is_the_readable_default() -> None:
    out, _ = configured()
    logging.getLogger("bot.app").info("readout running")
    line = out.getvalue().strip()
    assert line.endswith("INFO    bot.app: readout running") and not line.startswith("{")


# -- secrets from files, and the config file's permissions -----------------------------------


def test_file_variant_for_every_secret(tmp_path: Path) -> None:
    env = {}
    for var, value in [
        ("TELEGRAM_BOT_TOKEN", TOKEN),
        ("TELEGRAM_SECRET_TOKEN", WEBHOOK_SECRET),
        ("SLACK_BOT_TOKEN", SLACK_BOT),
        ("SLACK_APP_TOKEN", SLACK_APP),
        ("SLACK_SIGNING_SECRET", SIGNING),
        ("DB_PASSWORD", DB_PASSWORD),
    ]:
        (tmp_path / var).write_text(value + "\n")
        env[f"{var}_FILE"] = str(tmp_path / var)
    c = parse_config('database: {url: "postgresql://r:${DB_PASSWORD}@db/r"}', env=env)
    assert (c.telegram.token, c.telegram.secret_token) == (TOKEN, WEBHOOK_SECRET)
    assert (c.slack.bot_token, c.slack.app_token, c.slack.signing_secret) == (
        SLACK_BOT,
        SLACK_APP,
        SIGNING,
    )
    assert c.database.url == f"postgresql://r:{DB_PASSWORD}@db/r"
    assert sorted(logs.secret_values(c)) == sorted(all_secrets())


@pytest.mark.parametrize(
    ("text", "mode", "warned"),
    [
        (f'telegram: {{token: "{TOKEN}"}}', 0o644, "telegram.token"),
        (f'slack: {{signing_secret: "{SIGNING}"}}', 0o604, "slack.signing_secret"),
        (f'database: {{url: "postgresql://u:{DB_PASSWORD}@h/d"}}', 0o644, "database.url"),
        (f"# pasted by mistake: {SLACK_BOT}\n", 0o644, "token-shaped"),
        (f'telegram: {{token: "{TOKEN}"}}', 0o600, None),  # not readable by others
        ('telegram: {token: "${TELEGRAM_BOT_TOKEN}"}', 0o644, None),  # from the environment
        ('database: {url: "postgresql://u:${DB_PW}@h/d"}', 0o644, None),
    ],
)
def test_world_readable_config_with_inline_secret_warns(
    tmp_path: Path, text: str, mode: int, warned: str | None
) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(text)
    os.chmod(path, mode)
    out, _ = configured()
    assert logs.warn_if_exposed(path) is (warned is not None)
    if warned:
        (line,) = out.getvalue().splitlines()
        assert "readable by every user" in line and warned in line and "chmod 600" in line
        for secret in all_secrets():
            assert secret not in line


def test_cli_check_warns_once_and_prints_no_secret(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(config_text(tmp_path))
    os.chmod(path, 0o644)
    assert main(["--log-format", "json", "check", "--config", str(path)]) == 0
    captured = capsys.readouterr()
    warnings = [json.loads(x) for x in captured.err.splitlines() if x.startswith("{")]
    assert len(warnings) == 1 and warnings[0]["level"] == "WARNING"
    assert "telegram.token" in warnings[0]["message"]
    for secret in all_secrets():
        assert secret not in captured.err + captured.out


def test_config_error_line_has_no_secret(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(f'telegram: {{token: "{TOKEN}", mode: "carrier-pigeon"}}')
    assert main(["check", "--config", str(path)]) == 2
    err = capsys.readouterr().err
    assert "telegram.mode" in err and TOKEN not in err


async def test_status_output_has_no_secret(
    tmp_path: Path, clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "r.db"
    store = await open_store(f"sqlite:///{db}")
    await store.sync_sources([source("m", "https://m.example/feed.xml")])
    await store.record_poll(
        "m",
        now=clock.now(),
        next_due=clock.now(),
        error=f"HTTP 401 from https://api.telegram.org/bot{TOKEN}/getMe",
    )
    await subscribe_chat(store, clock, "slack", "C1", countries=("IN",))
    await store.add_statement(statement(clock), "id-1", clock.now())
    (row,) = await store.claim_due("t", clock.now(), 60, 10)
    await store.mark_failed(row.id, "t", f"invalid_auth for {SLACK_BOT} (signing {SIGNING})")
    await store.close()
    path = tmp_path / "config.yaml"
    path.write_text(
        f'database: {{url: "sqlite:///{db}"}}\nslack: {{signing_secret: "{SIGNING}"}}\n'
    )
    os.chmod(path, 0o600)
    assert await _in_thread(main, ["status", "--config", str(path)]) == 0
    out = capsys.readouterr().out
    assert "[REDACTED]" in out and "invalid_auth" in out
    for secret in (TOKEN, SLACK_BOT, SIGNING):
        assert secret not in out


async def _in_thread(func, *args):  # type: ignore[no-untyped-def]
    """The CLI runs its own event loop (asyncio.run): give it a thread of its own."""
    import asyncio

    return await asyncio.to_thread(func, *args)

"""`readout run` as a real process with Slack in HTTP mode: the bot token from SLACK_BOT_TOKEN,
the signing secret from the file SLACK_SIGNING_SECRET_FILE names; it takes a signed slash
command, answers it, and stops cleanly on SIGTERM."""

from __future__ import annotations

import asyncio
import signal
import sys
from pathlib import Path

from tests.fakes.slack_api import BOT_TOKEN, FakeSlack
from tests.slack.driver import SECRET, Driver, free_port


async def _wait_for(stream: asyncio.StreamReader, needle: str, seen: list[str]) -> None:
    while True:
        line = (await stream.readline()).decode()
        if not line:
            raise AssertionError(f"process ended before {needle!r}:\n" + "".join(seen))
        seen.append(line)
        if needle in line:
            return


async def test_run_takes_slack_commands_with_secrets_from_env_and_file(
    tmp_path: Path, fake_slack: FakeSlack
) -> None:
    port = free_port()
    secret_file = tmp_path / "signing_secret"
    secret_file.write_text(SECRET + "\n")
    config = tmp_path / "config.yaml"
    config.write_text(f"""
database:
  url: sqlite:///{tmp_path}/readout.db
slack:
  mode: http
  listen: 127.0.0.1
  port: {port}
  api_base_url: "{fake_slack.api_url}"
""")
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        "--config",
        str(config),
        stderr=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        env={
            "PATH": "/usr/bin:/bin",
            "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_SIGNING_SECRET_FILE": str(secret_file),
            "TELEGRAM_BOT_TOKEN": "",
        },
    )
    assert proc.stderr is not None
    seen: list[str] = []
    try:
        async with asyncio.timeout(60):
            await _wait_for(proc.stderr, "slack: taking commands", seen)
        slack = Driver(fake_slack, f"http://127.0.0.1:{port}/slack/events")
        answer = await slack.said("/subscribe India Japan")
        assert answer.text.startswith("Subscribed to: India + Japan")
        proc.send_signal(signal.SIGTERM)
        async with asyncio.timeout(30):
            rest = (await proc.stderr.read()).decode()
            code = await proc.wait()
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    log = "".join(seen) + rest
    assert code == 0, log
    assert "slack: http mode" in log and "NOT taking commands" not in log
    assert "Traceback" not in log and log.rstrip().endswith("stopped")
    noisy = [ln for ln in log.splitlines() if "slack" in ln and ("WARNING" in ln or "ERROR" in ln)]
    assert noisy == []  # e.g. no bolt warning about the token it was handed twice

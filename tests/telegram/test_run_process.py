"""`readout run` as a real process with Telegram: the token from TELEGRAM_BOT_TOKEN_FILE, the
Bot API at the fake's URL; it registers its commands, answers a person, never writes the
token to its log, and stops cleanly on SIGTERM."""

from __future__ import annotations

import asyncio
import signal
import sys
from pathlib import Path

from tests.fakes.telegram_api import FakeTelegram


async def _wait_for(stream: asyncio.StreamReader, needle: str, seen: list[str]) -> None:
    while True:
        line = (await stream.readline()).decode()
        if not line:
            raise AssertionError(f"process ended before {needle!r}:\n" + "".join(seen))
        seen.append(line)
        if needle in line:
            return


async def test_run_serves_telegram_with_the_token_from_a_file(
    tmp_path: Path, fake: FakeTelegram
) -> None:
    token_file = tmp_path / "token"
    token_file.write_text(fake.token + "\n")
    config = tmp_path / "config.yaml"
    config.write_text(f"""
database:
  url: sqlite:///{tmp_path}/readout.db
telegram:
  api_base_url: "{fake.api_url}"
""")
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "--log-level",
        "DEBUG",  # even the most talkative log must not show the token
        "run",
        "--config",
        str(config),
        stderr=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        env={"PATH": "/usr/bin:/bin", "TELEGRAM_BOT_TOKEN_FILE": str(token_file)},
    )
    assert proc.stderr is not None
    seen: list[str] = []
    try:
        async with asyncio.timeout(60):
            await _wait_for(proc.stderr, "telegram: taking commands", seen)
        await fake.message(fake.chat(7), fake.user(7), "/subscribe India Japan")
        (reply,) = await fake.wait_sent(7, within=30)
        assert reply.plain.startswith("Subscribed to: India + Japan")
        assert [c["command"] for c in fake.commands][:3] == ["help", "start", "subscribe"]
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
    assert "telegram: signed in as @readout_test_bot" in log
    assert "Traceback" not in log and log.rstrip().endswith("stopped")
    assert fake.token not in log and fake.token.split(":")[1] not in log

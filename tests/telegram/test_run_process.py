"""`readout run` as a real process with Telegram: the token from TELEGRAM_BOT_TOKEN_FILE, the
Bot API at the fake's URL; it registers its commands, answers a person, never writes the
token to its log, and stops cleanly on SIGTERM."""

from __future__ import annotations

from pathlib import Path

from tests.fakes.telegram_api import FakeTelegram
from tests.processes import start_readout


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
    # Even the most talkative log must not show the token.
    readout = await start_readout(
        config, {"TELEGRAM_BOT_TOKEN_FILE": str(token_file)}, "--log-level", "DEBUG"
    )
    try:
        await readout.wait_log("telegram: taking commands")
        await fake.message(fake.chat(7), fake.user(7), "/subscribe India Japan")
        (reply,) = await fake.wait_sent(7, within=30)
        assert reply.plain.startswith("Subscribed to: India + Japan")
        assert [c["command"] for c in fake.commands][:3] == ["help", "start", "subscribe"]
        code = await readout.stop()
    finally:
        await readout.kill()
    log = readout.text()
    assert code == 0, log
    assert "telegram: signed in as @readout_test_bot" in log
    assert "Traceback" not in log and log.rstrip().endswith("stopped")
    assert fake.token not in log and fake.token.split(":")[1] not in log

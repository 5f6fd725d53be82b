"""`readout run` as a real process with Slack in HTTP mode: the bot token from SLACK_BOT_TOKEN,
the signing secret from the file SLACK_SIGNING_SECRET_FILE names; it takes a signed slash
command, answers it, and stops cleanly on SIGTERM."""

from __future__ import annotations

from pathlib import Path

from tests.fakes.slack_api import BOT_TOKEN, FakeSlack
from tests.processes import start_readout
from tests.slack.driver import SECRET, Driver, free_port


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
    readout = await start_readout(
        config,
        {
            "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_SIGNING_SECRET_FILE": str(secret_file),
            "TELEGRAM_BOT_TOKEN": "",
        },
    )
    try:
        await readout.wait_log("slack: taking commands")
        slack = Driver(fake_slack, f"http://127.0.0.1:{port}/slack/events")
        answer = await slack.said("/subscribe India Japan")
        assert answer.text.startswith("Subscribed to: India + Japan")
        code = await readout.stop()
    finally:
        await readout.kill()
    log = readout.text()
    assert code == 0, log
    assert "slack: http mode" in log and "NOT taking commands" not in log
    assert "Traceback" not in log and log.rstrip().endswith("stopped")
    noisy = [ln for ln in log.splitlines() if "slack" in ln and ("WARNING" in ln or "ERROR" in ln)]
    assert noisy == []  # e.g. no bolt warning about the token it was handed twice

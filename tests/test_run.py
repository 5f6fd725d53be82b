"""`readout run` as a real process: starts, schedules every source, polls, logs that alerts go
to the console, and stops cleanly on SIGTERM."""

from __future__ import annotations

from pathlib import Path

from tests.fakes.feed_server import FeedServer, Route, rss
from tests.processes import start_readout


async def test_run_starts_polls_and_stops_on_sigterm(tmp_path: Path, feed_server: FeedServer):
    feed_server.set("/a.xml", Route(rss([])))
    feed_server.set("/b.xml", Route(status=500))
    config = tmp_path / "config.yaml"
    config.write_text(f"""
database:
  url: sqlite:///{tmp_path}/readout.db
http:
  allow_private: true
scheduler:
  jitter: 0s
sources:
  - {{id: a, name: A, url: "{feed_server.url("/a.xml")}", interval: 10m}}
  - {{id: b, name: B, url: "{feed_server.url("/b.xml")}", interval: 10m}}
""")
    readout = await start_readout(config, {"TELEGRAM_BOT_TOKEN": "", "SLACK_BOT_TOKEN": ""})
    try:
        await readout.wait_log("alerts go to the console")
        await readout.wait_log("2 sources scheduled")
        await readout.wait_log("poll a: initialised")
        await readout.wait_log("poll b failed (1 in a row)")
        code = await readout.stop()
    finally:
        await readout.kill()
    log = readout.text()
    assert code == 0, log
    assert "poll a: initialised" in log
    assert "poll b failed (1 in a row)" in log and "HTTP 500" in log
    assert log.rstrip().endswith("stopped")
    assert "Traceback" not in log, log

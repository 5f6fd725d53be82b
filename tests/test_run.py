"""`readout run` as a real process: starts, schedules every source, polls, logs that alerts go
to the console, and stops cleanly on SIGTERM."""

from __future__ import annotations

import asyncio
import signal
import sys
from pathlib import Path

from tests.fakes.feed_server import FeedServer, Route, rss


async def _wait_for(stream: asyncio.StreamReader, needle: str, seen: list[str]) -> None:
    while True:
        line = (await stream.readline()).decode()
        if not line:
            raise AssertionError(f"process ended before {needle!r}:\n" + "".join(seen))
        seen.append(line)
        if needle in line:
            return


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
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        "--config",
        str(config),
        stderr=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        env={"PATH": "/usr/bin:/bin", "TELEGRAM_BOT_TOKEN": "", "SLACK_BOT_TOKEN": ""},
    )
    assert proc.stderr is not None
    seen: list[str] = []
    try:
        async with asyncio.timeout(60):
            await _wait_for(proc.stderr, "alerts go to the console", seen)
            await _wait_for(proc.stderr, "2 sources scheduled", seen)
            for _ in range(2):
                await _wait_for(proc.stderr, "poll ", seen)
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
    assert "poll a: initialised" in log
    assert "poll b failed (1 in a row)" in log and "HTTP 500" in log
    assert log.rstrip().endswith("stopped")
    assert "Traceback" not in log, log

"""The operator's view: Prometheus metrics counted by the real fetcher, pipeline and dispatcher,
/metrics and /healthz served over real HTTP, the composition root starting them, and the
Dockerfile's HEALTHCHECK run against a live endpoint."""

from __future__ import annotations

import asyncio
import json
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import httpx
from prometheus_client import CollectorRegistry

from bot.analysis.gazetteer import load_gazetteer
from bot.app import Running, serve
from bot.clock import FakeClock
from bot.config import DeliveryConfig, HttpConfig, SchedulerConfig, parse_config
from bot.delivery.dispatcher import Dispatcher
from bot.errors import RateLimited, Rejected, Retryable
from bot.ops.metrics import Metrics
from bot.ops.server import OpsServer
from bot.pipeline import Pipeline
from bot.sources.fetch import Fetcher
from bot.store import Store, open_store
from tests.fakes.feed_server import FeedServer, Item, Route, rss
from tests.fakes.platform import ScriptedPlatform
from tests.helpers import source, subscribe_chat
from tests.test_outbox import statement

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def value(metrics: Metrics, name: str, **labels: str) -> float:
    got = metrics.registry.get_sample_value(name, labels)
    return 0.0 if got is None else got


async def test_pipeline_and_fetcher_count_polls_latency_and_statements(
    store: Store, clock: FakeClock, feed_server: FeedServer
) -> None:
    metrics = Metrics(CollectorRegistry())
    fetcher = Fetcher(HttpConfig(allow_private=True, timeout=3), metrics=metrics)
    pipeline = Pipeline(store, fetcher, clock, SchedulerConfig(), metrics=metrics)
    text = "India and Japan held a telephone call on defence cooperation. " * 20
    feed_server.set("/good.xml", Route(rss([Item("g1", "Call", None, content=text)])))
    feed_server.set("/bad.xml", Route(status=503))
    await store.sync_sources(
        [
            source("good", feed_server.url("/good.xml"), backfill=1),
            source("bad", feed_server.url("/bad.xml")),
        ]
    )
    await pipeline.poll("good")
    await pipeline.poll("bad")
    await pipeline.poll("good")  # 304
    await fetcher.aclose()
    assert value(metrics, "readout_polls_total", outcome="initialised") == 1
    assert value(metrics, "readout_polls_total", outcome="error") == 1
    assert value(metrics, "readout_polls_total", outcome="not_modified") == 1
    assert value(metrics, "readout_statements_stored_total") == 1
    assert value(metrics, "readout_fetch_seconds_count", kind="feed") == 3
    assert value(metrics, "readout_fetch_failures_total", kind="feed", reason="http") == 1


async def test_dispatcher_counts_alerts_by_platform_and_result(
    store: Store, clock: FakeClock
) -> None:
    metrics = Metrics(CollectorRegistry())
    fake = ScriptedPlatform()
    fake.script["limited"] = [RateLimited(30)]
    fake.script["flaky"] = [Retryable("HTTP 502")]
    fake.script["refused"] = [Rejected("message too long")]
    for address in ("ok", "limited", "flaky", "refused"):
        await subscribe_chat(store, clock, "fake", address, countries=("IN",))
    await store.add_statement(statement(clock), "id-1", clock.now())
    dispatcher = Dispatcher(
        store, {"fake": fake}, clock, DeliveryConfig(), load_gazetteer(), metrics=metrics
    )
    await dispatcher.drain()
    assert value(metrics, "readout_alerts_total", platform="fake", result="sent") == 1
    assert value(metrics, "readout_alerts_total", platform="fake", result="retried") == 1
    assert value(metrics, "readout_alerts_total", platform="fake", result="failed") == 1
    assert value(metrics, "readout_rate_limited_total", platform="fake") == 1


@dataclass
class _Platform:
    name: str
    connected: bool = True


async def test_metrics_and_healthz_over_http(store: Store, clock: FakeClock) -> None:
    metrics = Metrics(CollectorRegistry())
    metrics.polled("ok", 2)
    await subscribe_chat(store, clock, "fake", "a", countries=("IN",))
    await store.add_statement(statement(clock), "id-1", clock.now())
    running = {"scheduler": True}
    slack = _Platform("slack")
    platforms = {"telegram": _Platform("telegram"), "slack": slack, "console": object()}
    port = free_port()
    ops = OpsServer(metrics, store, lambda: running["scheduler"], platforms, port=port)
    await ops.start()
    try:
        async with httpx.AsyncClient(base_url=ops.url) as http:
            page = await http.get("/metrics")
            assert page.status_code == 200 and page.headers["content-type"].startswith("text/plain")
            assert 'readout_polls_total{outcome="ok"} 1.0' in page.text
            assert "readout_statements_stored_total 2.0" in page.text
            assert 'readout_queue_depth{state="pending"} 1.0' in page.text  # read at scrape
            healthy = await http.get("/healthz")
            assert healthy.status_code == 200
            assert healthy.json() == {
                "status": "ok",
                "checks": {
                    "store": "ok",
                    "scheduler": "ok",
                    "platforms": {
                        "telegram": "connected",
                        "slack": "connected",
                        "console": "connected",
                    },
                },
            }
            slack.connected = False
            running["scheduler"] = False
            sick = await http.get("/healthz")
            assert sick.status_code == 503
            assert sick.json()["failed"] == ["scheduler", "platform slack"]
    finally:
        await ops.stop()


async def test_healthz_when_the_store_is_gone(tmp_path: Path) -> None:
    where = tmp_path / "db"
    where.mkdir()
    store = await open_store(f"sqlite:///{where / 'r.db'}")
    ops = OpsServer(Metrics(), store, lambda: True, {}, port=free_port())
    await ops.start()
    try:
        async with httpx.AsyncClient(base_url=ops.url) as http:
            assert (await http.get("/healthz")).status_code == 200
            await store.close()
            shutil.rmtree(where)  # the store stops answering
            gone = await http.get("/healthz")
            assert gone.status_code == 503 and gone.json()["failed"] == ["store"]
            assert gone.json()["checks"]["store"].startswith("unreachable")
            assert (await http.get("/metrics")).status_code == 200  # still served
    finally:
        await ops.stop()


async def test_serve_starts_the_ops_endpoint(tmp_path: Path, feed_server: FeedServer) -> None:
    feed_server.set("/a.xml", Route(rss([])))
    port = free_port()
    config = parse_config(
        f"""
database: {{url: "sqlite:///{tmp_path}/r.db"}}
http: {{allow_private: true}}
scheduler: {{jitter: 0s}}
ops: {{port: {port}}}
sources:
  - {{id: a, name: A, url: "{feed_server.url("/a.xml")}"}}
""",
        env={},
    )
    stop, up = asyncio.Event(), asyncio.Event()
    started: list[Running] = []
    task = asyncio.create_task(serve(config, stop, ready=lambda r: (started.append(r), up.set())))
    try:
        async with asyncio.timeout(20):
            await up.wait()
            assert started[0].ops is not None
            async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as http:
                health = await http.get("/healthz")
                assert health.status_code == 200, health.text
                assert health.json()["checks"]["platforms"] == {"console": "connected"}
                await started[0].pipeline.poll("a")
                text = (await http.get("/metrics")).text
                assert re.search(r'readout_polls_total\{outcome="initialised"\} [1-9]', text)
                assert 'readout_fetch_seconds_bucket{kind="feed",le="0.5"}' in text
    finally:
        stop.set()
        await asyncio.wait_for(task, 20)


async def test_ops_port_zero_starts_nothing(tmp_path: Path) -> None:
    config = parse_config(
        f'database: {{url: "sqlite:///{tmp_path}/r.db"}}\nops: {{port: 0}}', env={}
    )
    stop, up = asyncio.Event(), asyncio.Event()
    started: list[Running] = []
    task = asyncio.create_task(serve(config, stop, ready=lambda r: (started.append(r), up.set())))
    await asyncio.wait_for(up.wait(), 20)
    assert started[0].ops is None
    stop.set()
    await asyncio.wait_for(task, 20)


def _healthcheck_command() -> list[str]:
    text = (ROOT / "Dockerfile").read_text()
    match = re.search(r"HEALTHCHECK[^\n]*\\\n\s*CMD (\[.*\])", text)
    assert match, "the Dockerfile has a HEALTHCHECK CMD in exec form"
    command = json.loads(match.group(1))
    assert "/healthz" in " ".join(command) and "curl" not in command
    return [sys.executable if c == "python" else c for c in command]


async def test_dockerfile_healthcheck_uses_healthz(store: Store, clock: FakeClock) -> None:
    command = _healthcheck_command()
    port = free_port()
    running = {"scheduler": True}
    ops = OpsServer(Metrics(), store, lambda: running["scheduler"], {}, port=port)
    await ops.start()
    env = {**os.environ, "READOUT_OPS_PORT": str(port)}
    try:
        ok = await asyncio.to_thread(subprocess.run, command, env=env, capture_output=True)
        assert ok.returncode == 0, (shlex.join(command), ok.stderr)
        running["scheduler"] = False
        sick = await asyncio.to_thread(subprocess.run, command, env=env, capture_output=True)
        assert sick.returncode != 0
    finally:
        await ops.stop()
    down = await asyncio.to_thread(subprocess.run, command, env=env, capture_output=True)
    assert down.returncode != 0

"""Prometheus metrics: what an operator graphs and alerts on. Owns the metric definitions only.

One `Metrics` object, built by the composition root around its own `CollectorRegistry` (no
module-level registry, so tests and several instances never share counters), is passed to the
Fetcher, the Pipeline and the Dispatcher, each of which takes it as an optional argument (None:
nothing is counted). The queue depth is read from the store when /metrics is scraped.

    readout_polls_total{outcome}                 skipped | not_modified | initialised | ok | error
    readout_fetch_seconds{kind}                  feed | page: whole fetch, redirects included
    readout_fetch_failures_total{kind, reason}   timeout | too_large | http | refused | parse | …
    readout_statements_stored_total              new statements stored
    readout_alerts_total{platform, result}       sent | failed | retried
    readout_rate_limited_total{platform}         429 answers (retry_after honoured)
    readout_queue_depth{state}                   outbox rows by state, at scrape time
"""

from __future__ import annotations

from collections.abc import Mapping

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

CONTENT_TYPE = CONTENT_TYPE_LATEST
# Seconds: ministries answer in 0.1-3 s; the default budget (http.timeout) is 20 s.
FETCH_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 30.0, 60.0)
QUEUE_STATES = ("pending", "sending", "sent", "failed", "cancelled")


class Metrics:
    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry if registry is not None else CollectorRegistry()
        r = self.registry
        self.polls = Counter("readout_polls", "Source polls by outcome", ["outcome"], registry=r)
        self.fetch_seconds = Histogram(
            "readout_fetch_seconds",
            "Time of a whole fetch (redirects included), by kind",
            ["kind"],
            buckets=FETCH_BUCKETS,
            registry=r,
        )
        self.fetch_failures = Counter(
            "readout_fetch_failures",
            "Fetches that failed, by kind and reason",
            ["kind", "reason"],
            registry=r,
        )
        self.statements = Counter("readout_statements_stored", "New statements stored", registry=r)
        self.alerts = Counter(
            "readout_alerts",
            "Deliveries by platform and result (sent, failed, retried)",
            ["platform", "result"],
            registry=r,
        )
        self.rate_limited = Counter(
            "readout_rate_limited",
            "Rate-limit answers (HTTP 429) by platform",
            ["platform"],
            registry=r,
        )
        self.queue = Gauge(
            "readout_queue_depth", "Outbox rows by state (read at scrape)", ["state"], registry=r
        )
        for state in QUEUE_STATES:
            self.queue.labels(state).set(0)

    # -- hooks -----------------------------------------------------------------------------

    def polled(self, outcome: str, stored: int = 0) -> None:
        self.polls.labels(outcome).inc()
        if stored:
            self.statements.inc(stored)

    def fetched(self, kind: str, seconds: float, failure: str | None = None) -> None:
        self.fetch_seconds.labels(kind).observe(seconds)
        if failure is not None:
            self.fetch_failures.labels(kind, failure).inc()

    def alert(self, platform: str, result: str) -> None:
        self.alerts.labels(platform, result).inc()

    def limited(self, platform: str) -> None:
        self.rate_limited.labels(platform).inc()

    def set_queue(self, depth: Mapping[str, int]) -> None:
        """Outbox rows by state; states no longer present read 0."""
        for state in {*QUEUE_STATES, *depth}:
            self.queue.labels(state).set(depth.get(state, 0))

    def render(self) -> bytes:
        """The text exposition format, for /metrics."""
        return bytes(generate_latest(self.registry))

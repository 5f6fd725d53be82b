"""Scheduling polls: one APScheduler interval job per enabled source, with jitter.

Owns the timing of polls only. What a poll does is the Pipeline's; whether a source is backing
off after failures is decided inside the poll from the stored due time, so a broken source
never delays the others (each job runs on its own, at most one instance at a time).
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from datetime import timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.clock import Clock
from bot.pipeline import Pipeline
from bot.store import SourceState

log = logging.getLogger(__name__)


class SourceScheduler:
    def __init__(
        self, pipeline: Pipeline, clock: Clock, jitter_s: float, rnd: random.Random | None = None
    ) -> None:
        self._pipeline = pipeline
        self._clock = clock
        self._jitter = jitter_s
        self._rnd = rnd or random.Random()
        self._scheduler = AsyncIOScheduler(timezone="UTC")
        self._polls: set[asyncio.Task[object]] = set()

    @property
    def running(self) -> bool:
        return bool(self._scheduler.running)

    def start(self) -> None:
        self._scheduler.start()

    def shutdown(self) -> None:
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)

    async def stop(self, grace_s: float = 30.0) -> None:
        """Stop starting polls, let the ones under way finish (a poll cut in half would only be
        redone, but its log would say it failed), then shut the scheduler down."""
        if self._scheduler.running:
            self._scheduler.pause()
        if self._polls:
            await asyncio.wait(set(self._polls), timeout=grace_s)
        self.shutdown()

    async def _poll(self, source_id: str, min_gap_s: float) -> None:
        task = asyncio.ensure_future(self._pipeline.poll(source_id, min_gap_s))
        self._polls.add(task)
        task.add_done_callback(self._polls.discard)
        await asyncio.shield(task)

    def schedule(self, source: SourceState) -> None:
        """(Re)schedule a source: first poll soon (spread over the jitter window so that a
        restart does not hit every ministry in the same second), then every interval."""
        jitter = min(self._jitter, source.interval_s / 2)
        first = self._clock.now() + timedelta(seconds=self._rnd.uniform(0, max(jitter, 1.0)))
        self._scheduler.add_job(
            self._poll,
            IntervalTrigger(seconds=source.interval_s, jitter=jitter or None),
            args=[source.id],
            # Another replica may have polled it this interval already: skip it then.
            kwargs={"min_gap_s": source.interval_s / 2},
            id=f"poll:{source.id}",
            name=f"poll {source.id}",
            next_run_time=first,
            replace_existing=True,
            max_instances=1,
            coalesce=True,
            misfire_grace_time=int(max(source.interval_s / 2, 30)),
        )
        log.info(
            "scheduled %s every %.0fs (first poll at %s)",
            source.id,
            source.interval_s,
            first.strftime("%H:%M:%S"),
        )

    def schedule_every_minute(self, job_id: str, func: Callable[[], Awaitable[object]]) -> None:
        """A cron job at second 0 of every minute (the daily-digest check)."""
        self._scheduler.add_job(
            func,
            CronTrigger(second=0, timezone="UTC"),
            id=job_id,
            name=job_id,
            replace_existing=True,
            max_instances=1,
            coalesce=True,
            misfire_grace_time=50,
        )

    def unschedule(self, source_id: str) -> None:
        job = self._scheduler.get_job(f"poll:{source_id}")
        if job is not None:
            job.remove()

    def job_ids(self) -> list[str]:
        return [j.id for j in self._scheduler.get_jobs()]

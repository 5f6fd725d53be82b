"""The poll cycle of one source, from fetch to outbox. Pipeline.poll(source_id):

    source = store.get_source(id)                     skip if disabled or backing off
    fetched = fetch(url, etag, last_modified)         FetchError -> failure, back off
    if 304: record success, done                      (nothing else is read or parsed)
    entries = parse(fetched)                          RSS/Atom, or links from a list page
    (all of it under the source's lease: with several replicas, one polls it)
    new = entries whose identity the store has not seen
    first poll ever: mark them all seen (or keep the newest `backfill`), done
    for each new entry, oldest first, at most max_new_per_poll:
        text = entry's own full text, else read the article page (trafilatura),
               else the feed's description
        summary = analyse(text, title, published, source)           pure
        event = find_event(statement, store.event_candidates(...))  pure: a copy of another?
        store.add_statement(...)  statement + event + outbox rows, ONE transaction
    for each known entry whose feed item changed (a corrected release):
        re-read; if the text changed: store.revise_statement(...) + updates, ONE transaction
    record success (validators, due time); wake the dispatcher

Deciding is kept apart from doing: `backoff_delay` and `pick_new` are pure. The pipeline talks
to the network through the Fetcher and to the database through the Store; it knows no platform.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from bot.analysis import analyse
from bot.clock import Clock
from bot.clustering import MAX_GAP, describe_change, find_event
from bot.config import SchedulerConfig
from bot.errors import FetchError
from bot.models import Entry, Statement, Summary, content_hash
from bot.sources.fetch import Fetcher
from bot.sources.parse import parse_entries
from bot.sources.read import read_article
from bot.store import KnownEntry, SourceState, Store

if TYPE_CHECKING:
    from bot.ops.metrics import Metrics

log = logging.getLogger(__name__)

Analyser = Callable[[str, str | None, datetime | None, str | None], Summary]


@dataclass(frozen=True, slots=True)
class PollResult:
    source_id: str
    outcome: str  # skipped | not_modified | initialised | ok | error
    new: int = 0
    queued: int = 0
    error: str | None = None


FIRST_RETRY_S = 300.0


def backoff_delay(interval_s: float, failures: int, max_s: float, rnd: random.Random) -> float:
    """Seconds to wait after `failures` consecutive failures: a blip is retried soon (after
    5 minutes, or the interval if shorter), then the wait doubles per failure up to `max_s`,
    with ±10% jitter so that sources failing together do not retry together."""
    base = min(min(interval_s, FIRST_RETRY_S) * (2 ** (max(failures, 1) - 1)), max_s)
    return float(base * rnd.uniform(0.9, 1.1))


def _order_key(item: tuple[int, Entry]) -> tuple[float, int]:
    index, entry = item
    # Feeds list newest first: without dates, later in the document means older.
    return (entry.published.timestamp() if entry.published else 0.0, -index)


def item_hash(entry: Entry) -> str:
    """What a feed item looked like: a change means the ministry edited it."""
    return content_hash(
        "\n".join(
            [
                entry.title or "",
                entry.summary or "",
                entry.text or "",
                entry.published.isoformat() if entry.published else "",
            ]
        )
    )


def changed_entries(entries: Sequence[Entry], known: Mapping[str, KnownEntry]) -> list[Entry]:
    """Known entries with a statement whose feed item no longer looks as it did."""
    out = []
    for e in entries:
        k = known.get(e.identity)
        if k and k.statement_id is not None and k.item_hash and k.item_hash != item_hash(e):
            out.append(e)
    return out


def pick_new(entries: Sequence[Entry], known: set[str]) -> list[Entry]:
    """Entries not seen before, each identity once, oldest first."""
    fresh: dict[str, tuple[int, Entry]] = {}
    for i, e in enumerate(entries):
        if e.identity not in known and e.identity not in fresh:
            fresh[e.identity] = (i, e)
    return [e for _, e in sorted(fresh.values(), key=_order_key)]


class Pipeline:
    def __init__(
        self,
        store: Store,
        fetcher: Fetcher,
        clock: Clock,
        settings: SchedulerConfig,
        analyser: Analyser = analyse,
        on_queued: Callable[[], None] | None = None,
        rnd: random.Random | None = None,
        owner: str = "local",
        metrics: Metrics | None = None,
    ) -> None:
        self._owner = owner  # this replica's name in source leases
        self._metrics = metrics  # None: not counted (tests, the demo)
        self._store = store
        self._fetcher = fetcher
        self._clock = clock
        self._settings = settings
        self._analyse = analyser
        self._on_queued = on_queued
        self._rnd = rnd or random.Random()

    async def poll(self, source_id: str, min_gap_s: float = 0.0) -> PollResult:
        """Poll one source under its lease. `min_gap_s` (the scheduler passes half the
        interval) skips a source another replica polled moments ago."""
        lease_s = max(self._fetcher.time_budget * (self._settings.max_new_per_poll + 2), 300.0)
        if not await self._store.claim_source(
            source_id, self._owner, self._clock.now(), lease_s, min_gap_s
        ):
            log.info(
                "poll %s: skipped, another replica holds it or has just polled it",
                source_id,
                extra={"source": source_id},
            )
            result = PollResult(source_id, "skipped")
        else:
            try:
                result = await self._poll(source_id)
            finally:
                await self._store.release_source(source_id, self._owner)
        if self._metrics is not None:
            self._metrics.polled(result.outcome, result.new)
        return result

    async def _poll(self, source_id: str) -> PollResult:
        source = await self._store.get_source(source_id)
        now = self._clock.now()
        if source is None or not source.enabled:
            return PollResult(source_id, "skipped")
        if source.failures and source.next_due and now < source.next_due:
            return PollResult(source_id, "skipped")  # still backing off
        try:
            fetched = await self._fetcher.fetch(source.url, source.etag, source.last_modified)
            if fetched.not_modified:
                await self._store.record_poll(
                    source.id, now=now, next_due=now, keep_validators=True
                )
                return PollResult(source.id, "not_modified")
            # Parsing is CPU work (bounded by bot.sources.defuse): off the event loop, so a big
            # feed never stalls the other polls, the dispatcher or the chat platforms.
            entries = await asyncio.to_thread(parse_entries, fetched, source.kind, source.selector)
        except FetchError as e:
            return await self._failed(source, now, str(e))
        known = await self._store.known_entries(source.id, [e.identity for e in entries])
        new = pick_new(entries, set(known))
        if not source.initialised:
            keep = new[-source.backfill :] if source.backfill else []
            await self._store.mark_seen(
                source.id, {e.identity: item_hash(e) for e in new[: len(new) - len(keep)]}, now
            )
            new = keep
        queued = stored = 0
        for entry in new[: self._settings.max_new_per_poll]:
            result = await self._ingest(source, entry)
            if result is not None:
                stored += 1
                queued += result
        for entry in changed_entries(entries, known):
            queued += await self._revise(source, entry, known[entry.identity])
        await self._store.record_poll(
            source.id,
            now=self._clock.now(),
            next_due=self._clock.now(),
            etag=fetched.etag,
            last_modified=fetched.last_modified,
            initialised=True,
        )
        if queued and self._on_queued:
            self._on_queued()
        outcome = "ok" if source.initialised else "initialised"
        log.info(
            "poll %s: %s, %d new, %d alerts queued",
            source.id,
            outcome,
            stored,
            queued,
            extra={"source": source.id},
        )
        return PollResult(source.id, outcome, stored, queued)

    async def _failed(self, source: SourceState, now: datetime, error: str) -> PollResult:
        delay = backoff_delay(
            source.interval_s, source.failures + 1, self._settings.max_backoff, self._rnd
        )
        await self._store.record_poll(
            source.id, now=now, next_due=now + timedelta(seconds=delay), error=error
        )
        log.warning(
            "poll %s failed (%d in a row), next try in %.0fs: %s",
            source.id,
            source.failures + 1,
            delay,
            error,
            extra={"source": source.id},
        )
        return PollResult(source.id, "error", error=error)

    async def _text_of(
        self, source: SourceState, entry: Entry
    ) -> tuple[str | None, str | None, bool]:
        """(text, title, retry_later) of an entry: its own full text, else its page, else its
        description. `retry_later` when the page failed and no description can stand in."""
        text, title = entry.text, entry.title
        if text is None and entry.link:
            try:
                article = await read_article(self._fetcher, entry.link)
                text, title = article.text, title or article.title
            except FetchError as e:
                if not entry.summary:
                    log.warning(
                        "%s: cannot read %s yet: %s",
                        source.id,
                        entry.link,
                        e,
                        extra={"source": source.id, "url": entry.link},
                    )
                    return None, title, True
                log.info(
                    "%s: page unreadable (%s), using the feed's description",
                    source.id,
                    e,
                    extra={"source": source.id, "url": entry.link},
                )
        return text or entry.summary or entry.title, title, False

    async def _revise(self, source: SourceState, entry: Entry, known: KnownEntry) -> int:
        """A known entry's feed item changed: if its text changed too, it is a corrected
        release — store the new revision and queue updates; return how many."""
        assert known.statement_id is not None
        old = await self._store.get_statement(known.statement_id)
        text, title, _ = await self._text_of(source, entry)
        if old is None or not text:
            return 0
        new_hash = content_hash(text)
        if new_hash == old.content_hash:
            await self._store.set_item_hash(source.id, entry.identity, item_hash(entry))
            return 0
        summary = self._analyse(text, title, entry.published, source.name)
        note = describe_change(old, text, summary)
        queued = await self._store.revise_statement(
            known.statement_id,
            text=text,
            content_hash=new_hash,
            summary=summary,
            change_note=note,
            item_hash=item_hash(entry),
            identity=entry.identity,
            now=self._clock.now(),
        )
        log.info(
            "%s: statement %d corrected (%s); %d updates queued",
            source.id,
            known.statement_id,
            note,
            queued,
            extra={"source": source.id, "statement": known.statement_id},
        )
        return queued

    async def _ingest(self, source: SourceState, entry: Entry) -> int | None:
        """Read, analyse and store one entry; the number of alerts queued, or None if nothing
        was stored (already there, or unreadable now and worth another try next poll)."""
        text, title, retry_later = await self._text_of(source, entry)
        if retry_later:
            return None
        if not text:
            log.info(
                "%s: entry %s has no text at all; skipped",
                source.id,
                entry.identity,
                extra={"source": source.id},
            )
            await self._store.mark_seen(
                source.id, {entry.identity: item_hash(entry)}, self._clock.now()
            )
            return None
        summary = self._analyse(text, title, entry.published, source.name)
        statement = Statement(
            source_id=source.id,
            url=entry.link,
            title=title,
            published=entry.published,
            fetched=self._clock.now(),
            text=text,
            summary=summary,
            content_hash=content_hash(text),
        )
        candidates = await self._store.event_candidates(
            summary.countries, entry.published or self._clock.now(), MAX_GAP.total_seconds()
        )
        stored = await self._store.add_statement(
            statement,
            entry.identity,
            self._clock.now(),
            event_id=find_event(statement, candidates),
            item_hash=item_hash(entry),
        )
        if stored is None:
            return None
        if not stored.new_event:
            log.info(
                "%s: statement %d is another report of event %d",
                source.id,
                stored.statement_id,
                stored.event_id,
                extra={"source": source.id, "statement": stored.statement_id},
            )
        log.info(
            "%s: stored statement %d %r (%s), %d alerts queued",
            source.id,
            stored.statement_id,
            summary.headline,
            ",".join(summary.countries),
            stored.queued,
            extra={"source": source.id, "statement": stored.statement_id},
        )
        return stored.queued

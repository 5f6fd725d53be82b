"""Several replicas on one database: the named leases a replica keeps while it runs.

Owns the lease loop: every third of the lease's life, take or renew each wanted lease
("send:telegram" — this replica spends that token's rate budget; "updates:telegram" — this
replica long-polls Telegram) and report changes. With one replica (or SQLite) it simply holds
them all. A replica that dies stops renewing; another takes over when the lease expires.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Iterable

from bot.clock import Clock
from bot.store import Store

log = logging.getLogger(__name__)

OnChange = Callable[[str, bool], object]


class LeaseKeeper:
    def __init__(
        self,
        store: Store,
        clock: Clock,
        owner: str,
        names: Iterable[str] = (),
        ttl_s: float = 30.0,
        on_change: OnChange | None = None,
    ) -> None:
        self._store = store
        self._clock = clock
        self.owner = owner
        self._names = list(names)
        self._ttl = ttl_s
        self._on_change = on_change
        self._held: set[str] = set()

    def want(self, names: Iterable[str], on_change: OnChange | None = None) -> None:
        """The leases to compete for (known once every platform is built)."""
        self._names = list(names)
        self._on_change = on_change

    def holds(self, name: str) -> bool:
        return name in self._held

    async def renew(self) -> None:
        """One round: take or renew every wanted lease; note gains and losses."""
        for name in self._names:
            try:
                got = await self._store.take_lease(name, self.owner, self._clock.now(), self._ttl)
            except Exception:
                log.exception("lease %s: could not renew; assuming it lost", name)
                got = False
            if got != (name in self._held):
                (self._held.add if got else self._held.discard)(name)
                log.info("lease %s %s by %s", name, "taken" if got else "lost", self.owner)
                if self._on_change is not None:
                    result = self._on_change(name, got)
                    if asyncio.iscoroutine(result):
                        await result

    async def run(self, stop: asyncio.Event) -> None:
        try:
            while not stop.is_set():
                await self.renew()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=self._ttl / 3)
        finally:
            for name in list(self._held):
                await self._store.drop_lease(name, self.owner)
            self._held.clear()

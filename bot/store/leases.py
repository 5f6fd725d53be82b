"""Store topic: leases — how several replicas share work without stepping on each other.

Owns the `leases` table (named leases: a platform token's sending, Telegram's update polling)
and the per-source poll lease in `sources` (lease_owner, lease_until). A lease is taken or
renewed in one atomic statement: INSERT … ON CONFLICT DO UPDATE … WHERE the lease is free,
expired, or already ours. A replica that dies simply stops renewing; its leases expire.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.store.schema import leases, sources


class LeasesStore:
    _engine: AsyncEngine

    async def take_lease(self, name: str, owner: str, now: datetime, ttl_s: float) -> bool:
        """Take or renew the named lease; True when `owner` holds it afterwards."""
        until = now + timedelta(seconds=ttl_s)
        async with self._engine.begin() as conn:
            dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
            stmt = dialect.insert(leases).values(name=name, owner=owner, until=until)
            stmt = stmt.on_conflict_do_update(
                index_elements=[leases.c.name],
                set_={"owner": owner, "until": until},
                where=sa.or_(leases.c.until < now, leases.c.owner == owner),
            ).returning(leases.c.owner)
            got = (await conn.execute(stmt)).scalar()
        return got == owner

    async def drop_lease(self, name: str, owner: str) -> None:
        async with self._engine.begin() as conn:
            await conn.execute(
                leases.delete().where(leases.c.name == name, leases.c.owner == owner)
            )

    async def lease_holder(self, name: str, now: datetime) -> str | None:
        async with self._engine.connect() as conn:
            return (
                await conn.execute(
                    sa.select(leases.c.owner).where(leases.c.name == name, leases.c.until >= now)
                )
            ).scalar()

    async def claim_source(
        self, source_id: str, owner: str, now: datetime, ttl_s: float, min_gap_s: float = 0.0
    ) -> bool:
        """Lease a source for one poll. Refused while another replica holds it, or when it was
        polled less than `min_gap_s` ago (another replica's job already did this interval)."""
        cond = [
            sources.c.id == source_id,
            sa.or_(
                sources.c.lease_until.is_(None),
                sources.c.lease_until < now,
                sources.c.lease_owner == owner,
            ),
        ]
        if min_gap_s > 0:
            cond.append(
                sa.or_(
                    sources.c.last_attempt_at.is_(None),
                    sources.c.last_attempt_at <= now - timedelta(seconds=min_gap_s),
                )
            )
        async with self._engine.begin() as conn:
            res = await conn.execute(
                sources.update()
                .where(*cond)
                .values(lease_owner=owner, lease_until=now + timedelta(seconds=ttl_s))
            )
            return res.rowcount == 1

    async def release_source(self, source_id: str, owner: str) -> None:
        async with self._engine.begin() as conn:
            await conn.execute(
                sources.update()
                .where(sources.c.id == source_id, sources.c.lease_owner == owner)
                .values(lease_owner=None, lease_until=None)
            )

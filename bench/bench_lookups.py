"""Lookups at scale: /latest and /search over 1,000,000 statements, on SQLite and PostgreSQL.

Generates N statements (default 1,000,000) from templates over the real labelled texts in
tests/fixtures/eval: each is one to three real sentences, given two or three principal countries
out of 60 and a time over ten years (benchmark data only: it never leaves the temporary
database). They are bulk-loaded through the real schema (migrations, indexes, full-text
search), then the real command functions answer, 200 times each:

    /latest India Japan      /latest Philippines China      /search Malabar

and the script prints p50 / p95 / p99 in milliseconds per database, beside a naive reference
measured in the same run (the same question answered by scanning statements in time order and
filtering, as a store without the country index would) and, last, one JSON line.
Usage: bench_lookups.py [--n N] [--only sqlite|postgresql] [--pg URL]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from bot.analysis.sentences import sentences  # noqa: E402

# 60 countries, the Indo-Pacific's principal actors weighted as they appear in such statements.
HEAVY = {
    "US": 12,
    "JP": 10,
    "IN": 9,
    "AU": 8,
    "CN": 8,
    "PH": 7,
    "KR": 6,
    "VN": 4,
    "ID": 3,
    "TW": 3,
    "SG": 3,
    "MY": 2,
    "TH": 2,
    "NZ": 2,
    "GB": 2,
    "FR": 2,
}
LIGHT = [
    "DE",
    "CA",
    "IT",
    "NL",
    "ES",
    "BR",
    "MX",
    "ZA",
    "EG",
    "SA",
    "AE",
    "QA",
    "IL",
    "TR",
    "PK",
    "BD",
    "LK",
    "NP",
    "MM",
    "KH",
    "LA",
    "BN",
    "TL",
    "PG",
    "FJ",
    "TO",
    "WS",
    "SB",
    "VU",
    "MN",
    "KZ",
    "UZ",
    "RU",
    "UA",
    "PL",
    "SE",
    "NO",
    "FI",
    "DK",
    "CL",
    "PE",
    "AR",
    "NG",
    "KE",
]
COUNTRIES = list(HEAVY) + LIGHT
WEIGHTS = [HEAVY.get(c, 1) for c in COUNTRIES]
QUERIES = [
    ("latest", "India Japan"),
    ("latest", "Philippines China"),
    ("search", "Malabar"),
    ("latest", "Mongolia Fiji"),
]  # a rare pair: where a scan hurts most
RUNS = 200


def corpus() -> list[str]:
    texts: list[str] = []
    for name in ("dev.jsonl", "extra.jsonl"):
        path = ROOT / "tests" / "fixtures" / "eval" / name
        if path.exists():
            for line in path.read_text().splitlines():
                if line.strip():
                    texts.extend(s for _, s in sentences(json.loads(line)["text"]) if len(s) > 40)
    return texts


def rows(n: int, seed: int = 7):  # type: ignore[no-untyped-def]
    rnd = random.Random(seed)
    pool = corpus()
    start = datetime(2016, 1, 1, tzinfo=UTC)
    span = 10 * 365 * 86400
    for i in range(n):
        when = start + timedelta(seconds=span * i / n + rnd.random())
        k = rnd.choice((2, 2, 3))
        countries: list[str] = []
        while len(countries) < k:
            c = rnd.choices(COUNTRIES, WEIGHTS)[0]
            if c not in countries:
                countries.append(c)
        text = " ".join(rnd.sample(pool, rnd.choice((1, 2, 3))))
        yield i + 1, when, countries, text


async def load(url: str, n: int) -> None:
    from bot.models import content_hash
    from bot.store import open_store
    from bot.store.schema import events, sources, statement_countries, statements

    store = await open_store(url)
    engine = store._engine
    async with engine.begin() as conn:
        await conn.execute(
            sources.insert().values(
                id="bench",
                name="Bench",
                url="https://bench.invalid/",
                kind="rss",
                interval_s=600,
                official=True,
                backfill=0,
                origin="config",
                enabled=True,
                initialised=True,
                failures=0,
            )
        )
    batch_s, batch_e, batch_c = [], [], []
    t0 = time.perf_counter()

    async def flush() -> None:
        async with engine.begin() as conn:
            await conn.execute(events.insert(), batch_e)
            await conn.execute(statements.insert(), batch_s)
            await conn.execute(statement_countries.insert(), batch_c)
        batch_s.clear(), batch_e.clear(), batch_c.clear()

    for i, when, countries, text in rows(n):
        batch_e.append({"id": i, "lead_statement_id": i, "created_at": when, "sort_time": when})
        batch_s.append(
            {
                "id": i,
                "source_id": "bench",
                "event_id": i,
                "url": f"https://bench.invalid/{i}",
                "title": None,
                "published": when,
                "fetched": when,
                "sort_time": when,
                "text": text,
                "content_hash": content_hash(f"{i} {text}"),
                "headline": "–".join(countries),
                "summary": {"countries": countries, "headline": "–".join(countries)},
            }
        )
        batch_c.extend({"statement_id": i, "country": c, "sort_time": when} for c in countries)
        if len(batch_s) >= 5000:
            await flush()
    if batch_s:
        await flush()
    async with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            await conn.execute(sa.text("ANALYZE"))
            await conn.execute(
                sa.text(
                    "SELECT setval(pg_get_serial_sequence('statements', 'id'), "
                    "(SELECT max(id) FROM statements))"
                )
            )
        else:
            await conn.execute(sa.text("ANALYZE"))
    await store.close()
    print(f"  loaded {n} statements in {time.perf_counter() - t0:.0f} s")


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


async def measure(url: str) -> dict[str, dict[str, float]]:
    from bot.analysis.gazetteer import load_gazetteer
    from bot.clock import SystemClock
    from bot.models import Chat
    from bot.store import open_store
    from handlers import COMMANDS
    from handlers.core import Request, Services, handle

    store = await open_store(url)
    svc = Services(store=store, clock=SystemClock(), gazetteer=load_gazetteer())
    chat = Chat("bench", "bench", "private")
    out: dict[str, dict[str, float]] = {}
    for name, args in QUERIES:
        times = []
        for _ in range(RUNS):
            t = time.perf_counter()
            reply = await handle(COMMANDS, name, Request(chat, "u", args), svc)
            times.append((time.perf_counter() - t) * 1000)
        assert reply.items or "Fiji" in args, f"/{name} {args} found nothing"
        out[f"/{name} {args}"] = {
            "p50": pct(times, 50),
            "p95": pct(times, 95),
            "p99": pct(times, 99),
        }
    # The naive reference: newest first by time, every statement checked for the countries,
    # as a store without the country index would answer.
    for pair, label in ((("IN", "JP"), "India Japan"), (("MN", "FJ"), "Mongolia Fiji")):
        naive = []
        async with store._engine.connect() as conn:
            for _ in range(3):
                t = time.perf_counter()
                res = await conn.stream(
                    sa.text("SELECT id, summary FROM statements ORDER BY sort_time DESC")
                )
                found = 0
                async for row in res:
                    summary = row[1] if isinstance(row[1], dict) else json.loads(row[1])
                    if set(pair) <= set(summary["countries"]):
                        found += 1
                        if found == 5:
                            break
                await res.close()
                naive.append((time.perf_counter() - t) * 1000)
        out[f"naive /latest {label} (scan)"] = {"p50": statistics.median(naive)}
    await store.close()
    return out


async def reset_pg(url: str) -> str:
    import asyncpg

    admin = await asyncpg.connect(url)
    await admin.execute("DROP DATABASE IF EXISTS readout_bench WITH (FORCE)")
    await admin.execute("CREATE DATABASE readout_bench")
    await admin.close()
    return url.rsplit("/", 1)[0] + "/readout_bench"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--only", choices=["sqlite", "postgresql"])
    ap.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/test")
    args = ap.parse_args()
    results: dict[str, dict[str, dict[str, float]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        targets = []
        if args.only in (None, "sqlite"):
            targets.append(("sqlite", f"sqlite:///{tmp}/bench.db"))
        if args.only in (None, "postgresql"):
            targets.append(("postgresql", asyncio.run(reset_pg(args.pg))))
        for name, url in targets:
            print(f"{name}: generating {args.n} statements")
            asyncio.run(load(url, args.n))
            results[name] = asyncio.run(measure(url))
            for q, r in results[name].items():
                print(f"  {q:36s} " + "  ".join(f"{k} {v:8.2f} ms" for k, v in r.items()))
    summary = {"bench": "lookups", "n": args.n}
    for db, r in results.items():
        for q, v in r.items():
            key = f"{db} {q}"
            summary[key] = {k: round(x, 2) for k, x in v.items()}  # type: ignore[assignment]
        for label in ("India Japan", "Mongolia Fiji"):
            ref = r[f"naive /latest {label} (scan)"]["p50"]
            speedup = round(ref / r[f"/latest {label}"]["p50"], 1)
            summary[f"{db} speedup_vs_scan {label}"] = speedup  # type: ignore[assignment]
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Speed of `analyse` beside trafilatura extracting the same statements from HTML, in one run.

    .venv/bin/python bench/bench_analysis.py [--rounds N] [--seed S] [FILE.jsonl ...]

Reads the labelled statements (tests/fixtures/eval/dev.jsonl, a copy of shared/eval/dev.jsonl,
extra.jsonl, extra2.jsonl, extra3.jsonl and extra4.jsonl by default; never a held-out file) and times, on one core, in the
same process:

    extract (realistic)  trafilatura.extract(html) of each statement inside a heavy ministry page
    extract (simple)     the same statement inside a bare page (title, 4-link nav, footer)
    analyse              bot.analysis.analyse(text, title, source) for every statement
    baseline             the naive keyword matcher, for reference

Realistic pages. Real release pages carry 40-150 KB of HTML around a 1-3 KB statement. The
generator (`heavy_page`, deterministic for a given --seed) imitates the structure of three kinds
of release page, chosen per statement:

    mod.go.jp     Japan MOD English pages: a global header with a mega-menu (Policy, Press,
                  Activities, About; ~100 links), breadcrumbs, the release, a "Related links"
                  box, a site-map footer, inline <style> and menu <script>
    pib.gov.in    PIB releases: language bar, ministry drop-down (~55 ministries), "Posted On /
                  by PIB Delhi / Release ID", the release, a sidebar of related releases,
                  footer link farm, large inline scripts
    defense.gov   DoD releases: consent banner, header with nested menus, breadcrumbs, share
                  buttons, the release, "Related Stories" cards, subscribe form, JSON-LD, a
                  footer of military branches / agencies / resources (~80 links)

Each page is padded with more related items, menu entries and script to a size drawn from
40-150 KB. The statement text itself is unchanged. Extraction fidelity (share of statement words
trafilatura returns) is printed so a fast but wrong extraction cannot hide.

Absolute times drift on shared machines, so the figures that matter are the ratios: analysis
time / extraction time (target <= 0.25 on realistic pages) and statements/second of analyse
(target >= 300). Prints the figures, then one JSON line. Never run by the test suite.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import pathlib
import random
import re
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import trafilatura  # noqa: E402

from bench.pages import heavy_page, simple_page  # noqa: E402
from bot.analysis import analyse  # noqa: E402
from bot.analysis.baseline import analyse_baseline  # noqa: E402
from bot.analysis.gazetteer import load_gazetteer  # noqa: E402

DEFAULT_FILES = [
    ROOT / "tests" / "fixtures" / "eval" / "dev.jsonl",
    ROOT / "tests" / "fixtures" / "eval" / "extra.jsonl",
    ROOT / "tests" / "fixtures" / "eval" / "extra2.jsonl",
    ROOT / "tests" / "fixtures" / "eval" / "extra3.jsonl",
    ROOT / "tests" / "fixtures" / "eval" / "extra4.jsonl",
]


def fidelity(rows: list[dict[str, Any]], pages: list[str]) -> tuple[float, float]:
    """Mean share of each statement's words that trafilatura's output contains, and the median
    of output length / statement length (above 1: page furniture extracted too)."""
    shares, lengths = [], []
    for row, page in zip(rows, pages, strict=True):
        out = trafilatura.extract(page) or ""
        got = set(re.findall(r"\w+", out.lower()))
        want = re.findall(r"\w+", row["text"].lower())
        shares.append(sum(w in got for w in want) / max(1, len(want)))
        lengths.append(len(out) / max(1, len(row["text"])))
    return statistics.mean(shares), statistics.median(lengths)


def timed(fn: Callable[[], object], rounds: int) -> float:
    """Best-of-`rounds` wall time of fn(), with the garbage collector out of the way."""
    times = []
    for _ in range(rounds):
        gc.collect()
        gc.disable()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
        gc.enable()
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("files", nargs="*", type=pathlib.Path)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=20240)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
    files = [p for p in (args.files or DEFAULT_FILES) if p.exists()]
    rows = [
        json.loads(x)
        for p in files
        for x in p.read_text(encoding="utf-8").splitlines()
        if x.strip()
    ]
    if not rows:
        print("no statements found", file=sys.stderr)
        return 1
    rng = random.Random(args.seed)
    heavy = [heavy_page(r, rng) for r in rows]
    simple = [simple_page(r) for r in rows]
    load_gazetteer()  # loaded once per process, as in the service
    analyse(rows[0]["text"])  # warm caches (compiled patterns)
    trafilatura.extract(heavy[0])
    trafilatura.extract(simple[0])

    t_heavy = timed(lambda: [trafilatura.extract(p) for p in heavy], max(2, args.rounds // 2))
    t_simple = timed(lambda: [trafilatura.extract(p) for p in simple], args.rounds)
    t_analyse = timed(
        lambda: [analyse(r["text"], title=r.get("title"), source=r.get("source")) for r in rows],
        args.rounds,
    )
    t_base = timed(
        lambda: [analyse_baseline(r["text"], title=r.get("title")) for r in rows], args.rounds
    )
    n = len(rows)
    chars = statistics.mean(len(r["text"]) for r in rows)
    kb = [len(p.encode()) / 1024 for p in heavy]
    per_s = n / t_analyse
    ratio_heavy, ratio_simple = t_analyse / t_heavy, t_analyse / t_simple
    (fid_heavy, len_heavy), (fid_simple, len_simple) = fidelity(rows, heavy), fidelity(rows, simple)
    print(f"statements: {n} from {', '.join(p.name for p in files)} (mean {chars:.0f} chars)")
    print(
        f"realistic pages: mean {statistics.mean(kb):.0f} KB (min {min(kb):.0f}, max "
        f"{max(kb):.0f}); seed {args.seed}; templates mod.go.jp / pib.gov.in / defense.gov"
    )
    print(
        f"trafilatura, realistic pages: {t_heavy * 1000:8.1f} ms  {n / t_heavy:8.0f} pages/s"
        f"  (statement words recovered {fid_heavy:.1%}, output/statement length "
        f"{len_heavy:.2f})"
    )
    print(
        f"trafilatura, simple pages:    {t_simple * 1000:8.1f} ms  {n / t_simple:8.0f} pages/s"
        f"  (statement words recovered {fid_simple:.1%}, output/statement length "
        f"{len_simple:.2f})"
    )
    print(f"analyse:                      {t_analyse * 1000:8.1f} ms  {per_s:8.0f} statements/s")
    print(f"naive baseline:               {t_base * 1000:8.1f} ms  {n / t_base:8.0f} statements/s")
    print(f"analysis / extraction time, realistic pages: {ratio_heavy:.3f} (target <= 0.25)")
    print(f"analysis / extraction time, simple pages:    {ratio_simple:.3f} (for reference)")
    print(f"analyse statements/s {per_s:.0f} (target >= 300)")
    print(
        json.dumps(
            {
                "statements": n,
                "analyse_per_s": round(per_s, 1),
                "baseline_per_s": round(n / t_base, 1),
                "realistic": {
                    "extract_per_s": round(n / t_heavy, 1),
                    "mean_page_kb": round(statistics.mean(kb), 1),
                    "extraction_fidelity": round(fid_heavy, 4),
                    "extracted_to_statement_length": round(len_heavy, 3),
                    "analysis_to_extraction_ratio": round(ratio_heavy, 4),
                },
                "simple": {
                    "extract_per_s": round(n / t_simple, 1),
                    "extraction_fidelity": round(fid_simple, 4),
                    "analysis_to_extraction_ratio": round(ratio_simple, 4),
                },
                "analysis_to_extraction_ratio": round(ratio_heavy, 4),
                "ok": per_s >= 300 and ratio_heavy <= 0.25,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

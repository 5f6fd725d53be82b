"""Speed of `analyse` beside trafilatura extracting the same statements from HTML, in one run.

    .venv/bin/python bench/bench_analysis.py [--rounds N] [FILE.jsonl ...]

Reads the labelled statements (tests/fixtures/eval/dev.jsonl, a copy of shared/eval/dev.jsonl, and tests/fixtures/eval/extra.jsonl by
default), wraps each text in a plain realistic page (title, nav, article, footer), and times on
one core, in the same process:

    extract   trafilatura.extract(html) for every page
    analyse   bot.analysis.analyse(text, title, source) for every statement
    baseline  the naive keyword matcher, for reference

Absolute times drift on shared machines, so the figure that matters is the ratio: analysis
time / extraction time (target <= 0.25) and statements/second (target >= 300). Prints the
figures, then one JSON line. Never run by the test suite.
"""

from __future__ import annotations

import argparse
import gc
import html
import json
import os
import pathlib
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import trafilatura  # noqa: E402

from bot.analysis import analyse  # noqa: E402
from bot.analysis.baseline import analyse_baseline  # noqa: E402
from bot.analysis.gazetteer import load_gazetteer  # noqa: E402

DEFAULT_FILES = [
    ROOT / "tests" / "fixtures" / "eval" / "dev.jsonl",
    ROOT / "tests" / "fixtures" / "eval" / "extra.jsonl",
]


def page(row: dict[str, Any]) -> str:
    """A simple, realistic HTML page around a statement's text."""
    title = html.escape(row.get("title") or "Press release")
    paras = "".join(
        f"<p>{html.escape(p.strip())}</p>\n" for p in row["text"].split("\n") if p.strip()
    )
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{title}</title></head><body>"
        "<nav><ul><li><a href='/'>Home</a></li><li><a href='/press'>Press releases</a></li>"
        "<li><a href='/about'>About the Ministry</a></li><li><a href='/contact'>Contact</a></li>"
        "</ul></nav>"
        f"<article><h1>{title}</h1>\n{paras}</article>"
        "<footer><p>Copyright Ministry. All rights reserved.</p><a href='/privacy'>Privacy</a>"
        "</footer></body></html>"
    )


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
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=pathlib.Path)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
    files = [p for p in (args.files or DEFAULT_FILES) if p.exists()]
    rows = [json.loads(x) for p in files for x in p.read_text(encoding="utf-8").splitlines()
            if x.strip()]
    if not rows:
        print("no statements found", file=sys.stderr)
        return 1
    pages = [page(r) for r in rows]
    load_gazetteer()  # loaded once per process, as in the service
    analyse(rows[0]["text"])  # warm caches (compiled patterns)
    trafilatura.extract(pages[0])

    t_extract = timed(lambda: [trafilatura.extract(p) for p in pages], args.rounds)
    t_analyse = timed(
        lambda: [analyse(r["text"], title=r.get("title"), source=r.get("source")) for r in rows],
        args.rounds,
    )
    t_base = timed(lambda: [analyse_baseline(r["text"], title=r.get("title")) for r in rows],
                   args.rounds)
    n = len(rows)
    chars = statistics.mean(len(r["text"]) for r in rows)
    per_s = n / t_analyse
    ratio = t_analyse / t_extract
    print(f"statements: {n} from {', '.join(p.name for p in files)} (mean {chars:.0f} chars)")
    print(f"trafilatura extract: {t_extract * 1000:8.1f} ms  {n / t_extract:8.0f} statements/s")
    print(f"analyse:             {t_analyse * 1000:8.1f} ms  {per_s:8.0f} statements/s")
    print(f"naive baseline:      {t_base * 1000:8.1f} ms  {n / t_base:8.0f} statements/s")
    print(f"analysis / extraction time: {ratio:.3f} (target <= 0.25); "
          f"statements/s {per_s:.0f} (target >= 300)")
    print(json.dumps({
        "statements": n,
        "analyse_per_s": round(per_s, 1),
        "extract_per_s": round(n / t_extract, 1),
        "baseline_per_s": round(n / t_base, 1),
        "analysis_to_extraction_ratio": round(ratio, 4),
        "ok": per_s >= 300 and ratio <= 0.25,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())

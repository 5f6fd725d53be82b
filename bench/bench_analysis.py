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
import html
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

# Words the generated navigation, related items and footers are made of.
_TOPICS = (
    "Defense Policy",
    "Press Releases",
    "Press Conferences",
    "Minister's Activities",
    "International Cooperation",
    "Disaster Relief",
    "Budget",
    "White Paper",
    "Recruitment",
    "Procurement",
    "Exercises",
    "Maritime Security",
    "Cyber Defense",
    "Space Policy",
    "Equipment and Technology",
    "Personnel",
    "Statistics",
    "Publications",
    "Organization",
    "History",
    "Museum",
    "Contact",
    "Accessibility",
    "Site Policy",
)
_VERBS = (
    "holds",
    "attends",
    "visits",
    "signs",
    "welcomes",
    "launches",
    "reviews",
    "hosts",
    "completes",
    "announces",
    "inaugurates",
    "meets",
)
_OBJECTS = (
    "bilateral talks",
    "trilateral exercise",
    "joint training",
    "defence dialogue",
    "maritime patrol",
    "capacity building seminar",
    "logistics agreement",
    "coast guard exercise",
    "academy graduation",
    "naval review",
    "HADR drill",
    "industry expo",
    "security conference",
    "port call",
    "flypast",
)
_WHO = (
    "Raksha Mantri",
    "Defence Secretary",
    "Chief of Naval Staff",
    "Minister of Defense",
    "State Minister",
    "Parliamentary Vice-Minister",
    "Secretary of Defense",
    "Deputy Secretary",
    "Chief of Staff, JMSDF",
    "Chief of the Army Staff",
)
_PLACES = (
    "New Delhi",
    "Tokyo",
    "Washington",
    "Visakhapatnam",
    "Yokosuka",
    "Canberra",
    "Manila",
    "Honolulu",
    "Kochi",
    "Okinawa",
    "Singapore",
    "Jakarta",
)
_MINISTRIES = tuple(
    f"Ministry of {x}"
    for x in (
        "Agriculture",
        "AYUSH",
        "Chemicals",
        "Civil Aviation",
        "Coal",
        "Commerce",
        "Communications",
        "Consumer Affairs",
        "Cooperation",
        "Corporate Affairs",
        "Culture",
        "Defence",
        "Earth Sciences",
        "Education",
        "Electronics",
        "Environment",
        "External Affairs",
        "Finance",
        "Fisheries",
        "Food Processing",
        "Health",
        "Heavy Industries",
        "Home Affairs",
        "Housing",
        "Information",
        "Jal Shakti",
        "Labour",
        "Law",
        "MSME",
        "Mines",
        "Minority Affairs",
        "New Energy",
        "Panchayati Raj",
        "Parliamentary Affairs",
        "Personnel",
        "Petroleum",
        "Power",
        "Railways",
        "Road Transport",
        "Rural Development",
        "Science",
        "Shipping",
        "Skill Development",
        "Social Justice",
        "Space",
        "Statistics",
        "Steel",
        "Textiles",
        "Tourism",
        "Tribal Affairs",
        "Women and Child",
        "Youth Affairs",
        "Ports",
        "Cooperation II",
        "Planning",
    )
)
_LANGUAGES = (
    "English",
    "Hindi",
    "Urdu",
    "Marathi",
    "Bengali",
    "Punjabi",
    "Gujarati",
    "Odia",
    "Tamil",
    "Telugu",
    "Kannada",
    "Malayalam",
    "Assamese",
    "Manipuri",
)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _headline(rng: random.Random) -> str:
    return (
        f"{rng.choice(_WHO)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} in {rng.choice(_PLACES)}"
    )


def _links(rng: random.Random, n: int, base: str) -> str:
    items = []
    for _ in range(n):
        label = rng.choice(_TOPICS) if rng.random() < 0.5 else _headline(rng)
        items.append(
            f'<li class="menu-item"><a href="{base}/{_slug(label)}/'
            f'{rng.randrange(10**5)}.html" title="{label}">{label}</a></li>'
        )
    return "\n".join(items)


def _script(rng: random.Random, kb: float) -> str:
    """Inline JavaScript of about `kb` kilobytes (menu, analytics, consent handlers)."""
    parts, size = [], 0
    while size < kb * 1024:
        name = f"fn{rng.randrange(10**6):x}"
        line = (
            f"function {name}(e){{var t=document.querySelectorAll('.nav-{rng.randrange(99)}"
            f" li');for(var i=0;i<t.length;i++){{t[i].classList.toggle('open',e&&e.key=="
            f"'{rng.choice('abcdefgh')}');}}window.dataLayer=window.dataLayer||[];"
            f"dataLayer.push({{event:'{name}',v:{rng.random():.6f}}});}}\n"
        )
        parts.append(line)
        size += len(line)
    return "<script>\n" + "".join(parts) + "</script>"


def _style(rng: random.Random, kb: float) -> str:
    parts, size = [], 0
    while size < kb * 1024:
        line = (
            f".c{rng.randrange(10**5)} .m{rng.randrange(999)}>a{{color:#{rng.randrange(16**6):06x};"
            f"padding:{rng.randrange(20)}px {rng.randrange(20)}px;font-size:{rng.randrange(10, 20)}px}}\n"
        )
        parts.append(line)
        size += len(line)
    return "<style>\n" + "".join(parts) + "</style>"


def _related(rng: random.Random, n: int, base: str) -> str:
    return "\n".join(
        f'<div class="related-item"><a href="{base}/{rng.randrange(10**6)}">'
        f'<h4>{_headline(rng)}</h4></a><span class="date">{rng.randrange(1, 29)} '
        f"{rng.choice(['Jan', 'Mar', 'Jun', 'Sep', 'Nov'])} 202{rng.randrange(5)}</span>"
        f"<p>{_headline(rng)}. {_headline(rng)}.</p></div>"
        for _ in range(n)
    )


def _body(row: dict[str, Any]) -> str:
    return "\n".join(
        f"<p>{html.escape(p.strip())}</p>" for p in row["text"].split("\n") if p.strip()
    )


def _mod_go_jp(row: dict[str, Any], rng: random.Random, pad: int) -> str:
    title = html.escape(row.get("title") or "Press Release")
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{title} | Japan Ministry of Defense</title>{_style(rng, 6 + pad / 3)}
<script async src="/js/gtm.js"></script></head><body>
<div id="skip"><a href="#main">Skip to main content</a></div>
<header id="header"><div class="logo"><a href="/e/"><img src="/img/logo.png" alt="Ministry of Defense"></a></div>
<form class="search"><input type="text" name="q"><button>Search</button></form>
<nav id="gnav"><ul>{_links(rng, 100 + pad * 4, "/e")}</ul></nav></header>
<div class="breadcrumbs"><a href="/e/">Home</a> &gt; <a href="/e/press/">Press Releases</a> &gt; <span>{title}</span></div>
<main id="main"><article><h1>{title}</h1><p class="date">{row.get("published") or ""}</p>
{_body(row)}
</article><aside class="related"><h2>Related links</h2><ul>{_links(rng, 12 + pad, "/e/press")}</ul></aside></main>
<footer><div class="sitemap"><ul>{_links(rng, 60 + pad * 3, "/e")}</ul></div>
<p class="copyright">Copyright Ministry of Defense. All Rights Reserved.</p></footer>
{_script(rng, 8 + pad)}</body></html>"""


def _pib_gov_in(row: dict[str, Any], rng: random.Random, pad: int) -> str:
    title = html.escape(row.get("title") or "Press Release")
    languages = "".join(f'<a href="?lang={i}">{x}</a> ' for i, x in enumerate(_LANGUAGES))
    ministries = "".join(f'<option value="{i}">{m}</option>' for i, m in enumerate(_MINISTRIES))
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title>
{_style(rng, 4 + pad / 4)}{_script(rng, 6 + pad / 2)}</head><body>
<div class="top-bar">{languages}<a href="#">Screen Reader Access</a> <a href="#">A-</a> <a href="#">A+</a></div>
<div class="header"><img src="/images/pib_logo.png" alt="PIB"><h2>Press Information Bureau</h2>
<h3>Government of India</h3><select id="ministry">{ministries}</select></div>
<ul class="main-menu">{_links(rng, 40 + pad * 2, "/PressReleasePage.aspx")}</ul>
<div class="content-area"><div class="release-body">
<div class="ReleaseDateSubHeaddateTime">Posted On: {row.get("published") or ""} by PIB Delhi</div>
<h2>{title}</h2>
{_body(row)}
<p>***</p><p>ABB/Savvy</p><p>(Release ID: {rng.randrange(10**6, 10**7)})</p></div>
<div class="sidebar"><h3>Related releases</h3>{_related(rng, 20 + pad * 2, "/PressReleasePage.aspx?PRID=")}</div></div>
<div class="footer"><ul>{_links(rng, 70 + pad * 3, "/")}</ul><p>Visitor Counter : {rng.randrange(10**7)}</p></div>
{_script(rng, 10 + pad)}</body></html>"""


def _defense_gov(row: dict[str, Any], rng: random.Random, pad: int) -> str:
    title = html.escape(row.get("title") or "Release")
    ld = json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": row.get("title") or "",
            "publisher": "U.S. Department of Defense",
        }
    )
    return f"""<!DOCTYPE html><html lang="en-US"><head><meta charset="utf-8"><title>{title} &gt; U.S. Department of Defense &gt; Release</title>
<script type="application/ld+json">{ld}</script>{_style(rng, 8 + pad / 3)}</head><body>
<div id="consent-banner" class="cookie"><p>This website uses cookies to improve your experience.
<a href="/privacy">Privacy &amp; Security</a></p><button>Accept</button><button>Decline</button></div>
<header><a class="logo" href="/">U.S. Department of Defense</a>
<nav class="primary"><ul>{_links(rng, 90 + pad * 4, "")}</ul></nav></header>
<div class="breadcrumb"><a href="/">Home</a> / <a href="/News/">News</a> / <a href="/News/Releases/">Releases</a></div>
<div class="share"><a href="#">Facebook</a> <a href="#">X</a> <a href="#">LinkedIn</a> <a href="#">Email</a> <a href="#">Print</a></div>
<main><article class="body"><h1 class="maintitle">{title}</h1><p class="date">{row.get("published") or ""}</p>
{_body(row)}
</article><section class="related-stories"><h2>Related Stories</h2>{_related(rng, 10 + pad * 2, "/News/Releases/Release/Article/")}</section>
<form class="subscribe"><label>Subscribe to Defense.gov products</label><input type="email"><button>Subscribe</button></form></main>
<footer><h3>Military Branches</h3><ul>{_links(rng, 80 + pad * 3, "")}</ul>
<p>Hosted by Defense Media Activity - WEB.mil</p></footer>{_script(rng, 12 + pad)}</body></html>"""


_TEMPLATES = (_mod_go_jp, _pib_gov_in, _defense_gov)


def heavy_page(row: dict[str, Any], rng: random.Random) -> str:
    """A realistic release page around a statement: one of three templates, padded to a size
    drawn from 40-150 KB."""
    template = rng.choice(_TEMPLATES)
    target = rng.uniform(40, 150) * 1024
    pad = 0
    state = rng.getstate()
    page = template(row, rng, pad)
    while len(page.encode()) < target:
        pad += max(1, int((target - len(page.encode())) / 12000))
        rng.setstate(state)
        page = template(row, rng, pad)
    return page


def simple_page(row: dict[str, Any]) -> str:
    """A bare page: title, a four-link nav, the statement, a footer."""
    title = html.escape(row.get("title") or "Press release")
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{title}</title></head><body>"
        "<nav><ul><li><a href='/'>Home</a></li><li><a href='/press'>Press releases</a></li>"
        "<li><a href='/about'>About the Ministry</a></li><li><a href='/contact'>Contact</a></li>"
        "</ul></nav>"
        f"<article><h1>{title}</h1>\n{_body(row)}</article>"
        "<footer><p>Copyright Ministry. All rights reserved.</p><a href='/privacy'>Privacy</a>"
        "</footer></body></html>"
    )


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

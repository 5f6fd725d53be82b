"""Realistic release pages for the extraction benchmark: a statement inside 40-150 KB of the
HTML that ministries wrap around it, deterministic for a given random generator.

Three templates imitate the structure of mod.go.jp, pib.gov.in and defense.gov release pages
(menus, breadcrumbs, related items, link-farm footers, inline script and style); see
bench_analysis.py for what each carries. `simple_page` is the bare page kept for reference.
"""

from __future__ import annotations

import html
import json
import random
import re
from typing import Any

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

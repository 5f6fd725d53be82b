"""Where a statement comes from: its `source` string and its wire dateline.

Owns telling a news or wire report from an official release by the source string ("News18
(news report)", "Orissa Diary (repost of PIB / India Ministry of Defence release)"), the issuing
country a source names, and the dateline a report opens with ("NEW DELHI, Dec 22 (ANI):",
"KUALA LUMPUR:"). Pure.
"""

from __future__ import annotations

import re

from bot.analysis.doc import Doc
from bot.analysis.rules import on

# A wire dateline: "BEIJING, Nov. 22 (Xinhua) --", "Tokyo, Sept. 10 (Jiji Press)--".
DATELINE = re.compile(
    r"^\W*[A-Z][A-Za-z]+(?:\s+[A-Z][A-Za-z]+)*(?:\s+\[[^]]+\])?,\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2}"
    r"\s*(?:\([^)]{2,30}\))?\s*(?:--|—|–|:)"
)
_NEWS_SOURCE = re.compile(
    r"\b(?:news\s+report|wire\s+report|report\s+(?:of|on|citing|quoting)|news\s+agency|"
    r"newspaper|(?:\w+\s+)?report\)|wire|via)\b",
    re.I,
)
# "(news item based on U.S. Marine Corps release)": an outlet's own news item.
_NEWS_ITEM = re.compile(r"\bnews\s+items?\b|\bbased\s+on\b", re.I)
# "Asia News Network (The Nation report)": a report named at the end of the source.
_REPORT_END = re.compile(r"\breport\)\s*$", re.I)
# A source that is the government or its own outlet (also a repost of one).
_OFFICIAL_SOURCE = re.compile(
    r"\b(?:repost\s+of|ministry|department|command|forces|army|navy|air\s+force|marine\s+corps|"
    r"government|embassy|office|kantei|white\s+house|minister|press\s+release|news\s+release|"
    r"media\s+release|readout|publication|transcript|white\s+paper|state\s+council)\b",
    re.I,
)


def dateline_end(text: str) -> int:
    """Where a wire dateline ("BANGKOK, Nov. 17 (Yonhap) --") ends; 0 if there is none."""
    m = DATELINE.search(text[:120])
    return m.end() if m else 0


_OUTLET = re.compile(
    r"\b(?:news|agency|report|newspaper|press|times|post|daily|herald|media|"
    r"network|broadcast\w*|radio|television|tv)\b",
    re.I,
)


def official_source(source: str | None) -> bool:
    """The government or its own outlet issued the text (DVIDS, a ministry, a repost of one)."""
    return bool(source and _OFFICIAL_SOURCE.search(source) and not news_source(source))


def news_source(source: str | None) -> bool:
    """The source says it is a news or wire report (also a repost of one)."""
    if not source:
        return False
    low = source.lower()
    reposted = low.split("repost of", 1)[1] if "repost of" in low else None
    said = reposted if reposted is not None else source
    return bool(
        _NEWS_SOURCE.search(said)
        or (on("news_dash_dateline") and _REPORT_END.search(said))
        or (on("news_item_source") and reposted is None and _NEWS_ITEM.search(said))
    )


_SOURCE_PART = re.compile(r"\((?:[^()]*?\b(?:repost\s+of|citing|quoting|of)\b)?([^()]*)\)")
# "(U.S. Department of State)": the "of" of an institution's name is no "report of".
_SOURCE_PART_NAMED = re.compile(
    r"\((?:[^()]*?\b(?:repost\s+of|citing|quoting|carrying|(?:report|copy|transcript|statement|"
    r"release|readout|remarks|answer|briefing|announcement)s?\s+of)\b)?([^()]*)\)",
    re.I,
)


def source_countries(source: str | None, doc: Doc) -> list[str]:
    """The issuing country a `source` string names: 'EIN Presswire (repost of U.S. DoD …)'.
    An outlet's own name counts only when it is an official body ("Japan Ministry of
    Defense"), never a newspaper's ("New Delhi Times", "Korea Herald")."""
    if not source:
        return []
    inner = (_SOURCE_PART_NAMED if on("source_of") else _SOURCE_PART).search(source)
    outer = source[: inner.start()] if inner else source
    parts = [inner.group(1)] if inner else []
    # "(Vietnam News Agency report)": an outlet's own name is no issuer.
    if (
        inner
        and on("outlet_not_issuer")
        and inner.group(1) == inner.group(0)[1:-1]
        and (_OUTLET.search(inner.group(1)) and not _OFFICIAL_SOURCE.search(inner.group(1)))
    ):
        parts = []
    if official_source(outer):
        parts.append(outer)
    for part in parts:
        codes = doc.codes(doc.gazetteer.table.scan(part))
        if codes:
            return codes[:1]
    return []


# The place a report is filed from, at its very start: "NEW DELHI:", "KUALA LUMPUR, July 9
# (Bernama) --", "Jakarta (VNA) -", "SEOUL —", "New Delhi [India], July 2 :".
_PLACE_DATELINE = re.compile(
    r"^\W*[A-Z][A-Za-z]+(?:[ -][A-Z][A-Za-z]+){0,2}(?:\s*\[[^]]+\])?(?:,\s+[A-Z][A-Za-z.]+"
    r"(?:\s+\d{1,2})?)?\s*(?:\([^)]{2,40}\))?\s*(?::|--|—|–|-\s)"
)


def home_country(doc: Doc, source: str | None) -> str | None:
    """The country a report is from: the issuer its source names, else the place of its
    dateline (the first country or capital named in it)."""
    issuer = source_countries(source, doc)
    if issuer:
        return issuer[0]
    m = _PLACE_DATELINE.match(doc.text[:80])
    if not m or not doc.sents:
        return None
    codes = doc.codes(
        [x for x in doc.sents[0].mentions if x.start < m.end() and x.kind in ("country", "other")]
    )
    return codes[0] if codes else None

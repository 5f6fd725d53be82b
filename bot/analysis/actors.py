"""Principal actors: the countries a statement is *about* as parties, not every country named.

Owns the weighing of a country's mentions: in the title, as the issuing source, in the opening
sentence, as the country of an official taking part, and how often it is named outside lists
("Belgium, Brazil, Brunei, …"), observer clauses and passing places ("in Singapore", "such as
Ukraine"). For a call or meeting the parties to it decide. Pure.
"""

from __future__ import annotations

import re
from collections import defaultdict

from bot.analysis.doc import Doc, Sent
from bot.analysis.engagement import dateline_end, lead_sentences
from bot.analysis.matcher import Mention
from bot.analysis.officials import Officials

_KINDS = frozenset({"country", "force", "group", "other", "region"})
_PASSING = re.compile(
    r"\b(?:in|at|near|around|off|across|throughout|regarding|toward|towards|such\s+as|like|"
    r"including|include|to\s+include|other\s+than|following|against|on|over|about|beyond|"
    r"than|within|outside|via|between|capital\s+of)\s+(?:the\s+)?$",
    re.I,
)
_LIST_GAP = re.compile(r"^\s*(?:,|,?\s+and|,?\s+or|/|&)\s+(?:the\s+)?$", re.I)
_OBSERVE = re.compile(r"\bobserv\w*", re.I)
# The party a show of force is aimed at: "drills around the Taiwan Island".
_TARGETED = re.compile(
    r"\b(?:around|near|encircl\w*|surrounding|off|against|toward|towards)\s+(?:the\s+)?$", re.I
)
_FORCE_SHOWN = re.compile(r"\b(?:drills?|exercises?|patrols?|war\s?games?|blockade)\b", re.I)
_SOURCE_PART = re.compile(r"\((?:[^()]*?\b(?:repost\s+of|citing|quoting|of)\b)?([^()]*)\)")


def _runs(sent: Sent, doc: Doc) -> list[list[Mention]]:
    """Country mentions grouped into coordinations: "France and Fiji", "Japan, ROK, and U.S."."""
    ms = [m for m in sent.mentions if m.kind in ("country", "force")]
    runs: list[list[Mention]] = []
    for m in ms:
        if runs and _LIST_GAP.match(doc.text[runs[-1][-1].end : m.start]):
            runs[-1].append(m)
        else:
            runs.append([m])
    return runs


def source_countries(source: str | None, doc: Doc) -> list[str]:
    """The issuing country a `source` string names: 'EIN Presswire (repost of U.S. DoD …)'."""
    if not source:
        return []
    inner = _SOURCE_PART.search(source)
    for part in ([inner.group(1)] if inner else []) + [source]:
        codes = doc.codes(doc.gazetteer.table.scan(part))
        if codes:
            return codes[:1]
    return []


def principal_countries(
    doc: Doc,
    officials: Officials,
    engagement: str,
    source: str | None,
    topic_parties: list[str] | None = None,
) -> list[str]:
    """The principal actors. `topic_parties`: the countries that hold, by definition, the
    exercise a press release or report is about (Talisman Sabre: AU, US)."""
    score: dict[str, float] = defaultdict(float)
    order: dict[str, int] = {}

    def bump(code: str, weight: float, pos: int) -> None:
        score[code] += weight
        order.setdefault(code, pos)

    for code in doc.title_countries():
        bump(code, 3.0, -1000)
    for code in source_countries(source, doc):
        bump(code, 3.0, -500)
    lead = lead_sentences(doc, 2)
    opening = lead[0] if lead else None
    counted: dict[str, float] = defaultdict(float)
    dateline = dateline_end(doc.text)
    for sent in doc.sents:
        passing_at: set[int] = set()
        targeted: set[int] = set()
        for run in _runs(sent, doc):
            first = run[0]
            before = doc.text[max(sent.start, first.start - 24) : first.start]
            # A coordination shares the fate of its first member ("like France and Fiji").
            if (
                len({x.value for x in run}) >= 3
                or _PASSING.search(before)
                or _OBSERVE.search(doc.text[run[-1].end : min(sent.end, run[-1].end + 40)])
                or first.start < dateline
            ):
                passing_at.update(x.start for x in run)
            if _TARGETED.search(before) and _FORCE_SHOWN.search(sent.text):
                targeted.update(x.start for x in run)
        for m in sent.mentions:
            if m.kind not in _KINDS:
                continue
            before = doc.text[max(sent.start, m.start - 24) : m.start]
            passing = m.start in passing_at or bool(_PASSING.search(before))
            if m.kind == "region" and _TARGETED.search(before) and _FORCE_SHOWN.search(sent.text):
                targeted.add(m.start)
            if m.start in targeted:
                for code in doc.codes([m]):
                    bump(code, 3.0, m.start)
            for code in doc.codes([m]):
                weight = 0.25 if passing else 1.0
                if m.kind == "region":
                    weight = 0.25
                counted[code] += weight
                order.setdefault(code, m.start)
                if sent is opening and not passing:
                    bump(code, 1.5, m.start)
    for code, w in counted.items():
        score[code] += min(w, 4.0)
    for code in topic_parties or ():
        bump(code, 3.0, -200)
    parties = _parties(doc, officials, lead)
    for code in parties:
        bump(code, 2.0, -100)
    if engagement in ("call", "meeting"):
        picked = [c for c in parties if score[c] >= 2.0]
        picked += [c for c in doc.title_countries() if c not in picked]
        if len(picked) >= 2:
            return picked
    chosen = [c for c, s in score.items() if s >= 3.0]
    return sorted(chosen, key=lambda c: order.get(c, 0))


def _parties(doc: Doc, officials: Officials, lead: list[Sent]) -> list[str]:
    """Countries of the officials the opening sentences name."""
    out: list[str] = []
    for p in officials.people:
        if p.country and any(s.start <= a < s.end for s in lead for a, _ in p.spans):
            if p.role and re.search(r"spokes|press secretary", p.role, re.I):
                continue
            if p.country not in out:
                out.append(p.country)
    return out

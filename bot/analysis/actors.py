"""Principal actors: the countries a statement is *about* as parties, not every country named.

Owns the weighing of a country's mentions: in the title, as the issuing source, in the opening
sentence, as the country of an official taking part, and how often it is named outside lists
("Belgium, Brazil, Brunei, …"), observer clauses and passing places ("in Singapore", "such as
Ukraine"). For a call or meeting the parties to it decide. Pure.
"""

from __future__ import annotations

import re
from collections import defaultdict

from bot.analysis.doc import Doc, Sent, territory_codes
from bot.analysis.engagement import lead_sentences, meet_or_call, meeting_end
from bot.analysis.matcher import Mention
from bot.analysis.officials import Officials
from bot.analysis.rules import on
from bot.analysis.sources import dateline_end, source_countries
from bot.models import KeyPoint

_KINDS = frozenset({"country", "force", "group", "other", "region"})
_PASSING = re.compile(
    r"\b(?:in|at|near|around|off|across|throughout|regarding|toward|towards|such\s+as|like|"
    r"including|include|to\s+include|other\s+than|following|against|on|over|about|beyond|"
    r"than|within|outside|via|between|capital\s+of)\s+(?:the\s+)?$",
    re.I,
)
# The country a message is sent to is not a party: "In a snub to China", "a strong signal to".
_MESSAGE_TO = re.compile(
    r"\b(?:message|signal|snub|rebuff|swipe|dig)\s+(?:at|to)\s+(?:the\s+)?$", re.I
)
# A heading of a press conference or release: "(2) Parliamentary Elections in Ukraine".
_HEADING = re.compile(r"^(?:\(?\d{1,2}[.)]\s*)?[A-Z][^.!?:;\"“”]{2,90}$")
_LIST_GAP = re.compile(r"^\s*(?:,|,?\s+and|,?\s+or|/|&)\s+(?:the\s+)?$", re.I)
_OBSERVE = re.compile(r"\bobserv\w*", re.I)
# The party a show of force is aimed at: "drills around the Taiwan Island".
_TARGETED = re.compile(
    r"\b(?:around|near|encircl\w*|surrounding|off|against|toward|towards)\s+(?:the\s+)?$", re.I
)
_FORCE_SHOWN = re.compile(r"\b(?:drills?|exercises?|patrols?|war\s?games?|blockade)\b", re.I)
# A country that acts: the subject of a verb of action or speech ("the Republic of Korea and the
# United States launched", "DPRK leader Kim Jong-un said", "Chinese vessels fired").
_ACTS_AFTER = re.compile(
    r"^(?:['’]s)?(?:\s+(?:government|military|armed\s+forces|forces|army|navy|air\s+force|"
    r"coast\s+guard|vessels?|ships?|warships?|aircraft|jets?|ministry|leader|president|"
    r"spokes\w+|officials?|troops|authorities|side|defen[cs]e\s+ministry|foreign\s+ministry)"
    r"(?:\s+[A-Z][\w.-]*){0,3})?\s+(?:has\s+|have\s+|had\s+|also\s+|then\s+)?(?:launched|fired|conducted|"
    r"declared|announced|deployed|dispatched|sent|seized|blocked|rammed|harassed|intruded|"
    r"violated|detained|protested|condemned|warned|urged|demanded|rejected|opposed|claimed|said|"
    r"says|stated|issued|tested|staged|flew|sailed|entered|approached|attacked|struck|invaded|"
    r"threatened|imposed|summoned|obstructed|boarded|collided|shadowed|fired|demands?|demanded|"
    r"urges?|urged|protests?|protested)\b"
)
# The addressee of a demand is a party: "Vietnam demands that China not ...", "urged Japan to".
_DEMANDED_OF = re.compile(
    r"\b(?:demand(?:s|ed|ing)?\s+that|urg(?:e|es|ed|ing)|call(?:s|ed|ing)?\s+(?:on|upon)|"
    r"press(?:es|ed|ing)?)\s+(?:the\s+)?$",
    re.I,
)
# "his Philippine counterpart": the other party to a call or meeting.
# "Japan's defence minister and his Philippine counterpart": both are parties.
_COUNTERPART_AFTER = re.compile(
    r"^(?:['’]s)?\s+(?:[\w-]+\s+){0,3}?(?:(?:and|with)\s+(?:his|her|their)\s+(?:[\w-]+\s+){0,2})?"
    r"counterparts?\b",
    re.I,
)


# "held bilateral meetings with her counterparts from the three friendly countries of Papua New
# Guinea, Norway, and China": each country listed is a party.
_COUNTERPARTS_FROM = re.compile(
    r"\bcounterparts\s+(?:from|of)\s+(?:the\s+)?(?:(?:two|three|four|five|\d+)\s+)?(?:[\w-]+\s+)?"
    r"(?:(?:countries|nations)\s+(?:of\s+)?)?$",
    re.I,
)


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

    for m in doc.title_mentions:
        shown = not _MESSAGE_TO.search(doc.title[max(0, m.start - 24) : m.start])
        for code in doc.codes([m]):
            bump(code, 3.0 if shown else 1.0, -1000)
    for code in source_countries(source, doc):
        bump(code, 3.0, -500)
    lead = lead_sentences(doc, 2)
    opening = lead[0] if lead else None
    counted: dict[str, float] = defaultdict(float)
    dateline = dateline_end(doc.text)
    # The addressee of a demand is a party ("urged Japan to"). (In a call or meeting readout the
    # two sides decide, below, so "called on China and the Philippines to abide" adds no party.)
    demands = on("demand_addressee")
    for sent in doc.sents:
        passing_at: set[int] = set()
        targeted: set[int] = set()
        run_end: dict[int, int] = {}
        for run in _runs(sent, doc):
            run_end.update((x.start, run[-1].end) for x in run)
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
            if on("counterparts_from") and _COUNTERPARTS_FROM.search(
                doc.text[max(sent.start, first.start - 70) : first.start]
            ):
                targeted.update(x.start for x in run)  # the parties met, however many
        for m in sent.mentions:
            if m.kind not in _KINDS:
                continue
            before = doc.text[max(sent.start, m.start - 24) : m.start]
            heading = bool(_HEADING.match(sent.text)) and len(sent.text.split()) <= 12
            passing = not heading and (
                m.start in passing_at
                or bool(_PASSING.search(before))
                or bool(_MESSAGE_TO.search(before))
            )
            if m.kind == "region" and _TARGETED.search(before) and _FORCE_SHOWN.search(sent.text):
                targeted.add(m.start)
            if m.start in targeted or (
                m.kind in ("country", "force") and demands and _DEMANDED_OF.search(before)
            ):
                for code in doc.codes([m]):
                    bump(code, 3.0, m.start)
            after = doc.text[m.end : min(sent.end, m.end + 60)]
            end = run_end.get(m.start, m.end)
            acts = (
                m.kind != "region"
                and not passing
                and bool(_ACTS_AFTER.match(doc.text[end : min(sent.end, end + 60)]))
            )
            for code in doc.codes([m]):
                weight = 0.25 if passing else 2.0 if acts or heading else 1.0
                if m.kind == "region":
                    weight = 0.25
                if _COUNTERPART_AFTER.match(after):
                    bump(code, 2.0, m.start)
                counted[code] += weight
                order.setdefault(code, m.start)
                if sent is opening and not passing:
                    bump(code, 1.5, m.start)
    if on("territories"):
        for code in territory_codes(doc.gazetteer):
            score.pop(code.upper(), None)
            counted.pop(code.upper(), None)
    for code, w in counted.items():
        score[code] += min(w, 4.0)
    for code in topic_parties or ():
        bump(code, 3.0, -200)
    parties = _parties(doc, officials, lead)
    for code in parties:
        bump(code, 2.0, -100)
    # A joint statement's parties are its officials' countries too, unless a grouping issues it.
    grouped = any(m.kind == "group" for s in lead for m in s.mentions)
    readout = ("call", "meeting") + (
        ("joint_statement",) if on("joint_parties") and not grouped else ()
    )
    if engagement in readout:
        picked = [c for c in parties if score[c] >= 2.0]
        # With both sides known from their officials, a country the title names is a party
        # only where the title names the engagement with it ("Teodoro meets with defense
        # ministers of Lithuania, Canada"), not a topic ("... over Iran Tensions").
        topical = on("title_topic") and len(picked) >= 2 and engagement != "joint_statement"
        picked += [c for c in _title_parties(doc, topical) if c not in picked]
        if len(picked) >= 2:
            return picked
    chosen = [c for c, s in score.items() if s >= 3.0]
    return sorted(chosen, key=lambda c: order.get(c, 0))


# A title's topic, not its parties: "... over Iran Tensions", "Work Closely against China".
_TITLE_TOPIC = re.compile(
    r"\b(?:over|against|amid|about|on|regarding|concerning|deter|"
    r"counter|in)\b",
    re.I,
)


def _title_parties(doc: Doc, topical: bool) -> list[str]:
    """The countries of the title; with `topical`, only those of a title that names a call or
    meeting, and not named after a topic word ("... with US Defence Secretary over Iran")."""
    if not topical:
        return doc.title_countries()
    cue = meeting_end(doc.title)
    if cue is None:
        return []
    return doc.codes(
        [
            m
            for m in doc.title_mentions
            if not _TITLE_TOPIC.search(doc.title, min(cue, m.start), m.start)
        ]
    )


def only_parties(
    doc: Doc,
    officials: Officials,
    engagement: str,
    source: str | None,
    holders: list[str],
    points: list[KeyPoint],
    countries: list[str],
) -> list[str]:
    """A release or report about a multinational exercise: the countries that only take part
    in it are not principal actors (README convention), unless the title, the issuer, an official
    or the exercise's holders by definition make them one ("Maritime forces from the Royal
    Australian Navy, ..., Republic of Korea Navy and U.S. Navy begin Pacific Vanguard")."""
    if engagement in ("call", "meeting") or not on("multilateral_participants"):
        return countries
    drills = [k for k in points if k.type in ("exercise", "drills")]
    listed = set(drills[0].attributes.get("participants") or ()) if len(drills) == 1 else set()
    if len(listed) < 3:
        return countries
    keep = set(doc.title_countries()) | set(source_countries(source, doc)) | set(holders)
    keep |= {p.country for p in officials.people if p.country}
    # An opening that does not name the exercise names the parties ("India and Japan vowed").
    lead = lead_sentences(doc, 1)
    if lead and lead[0].start != drills[0].offset:
        keep |= set(doc.codes(list(lead[0].mentions)))
    return [c for c in countries if c not in listed or c in keep]


def _parties(doc: Doc, officials: Officials, lead: list[Sent]) -> list[str]:
    """Countries of the officials the opening sentences name, and of officials who join a
    meeting or call further on ("Jeong and Kono are scheduled to join U.S. Secretary of Defense
    Mark Esper for trilateral talks")."""
    out: list[str] = []
    taking_part = lead + [s for s in doc.sents[:6] if s not in lead and meet_or_call(s.text)]
    for p in officials.people:
        if p.country and any(s.start <= a < s.end for s in taking_part for a, _ in p.spans):
            if p.role and re.search(r"spokes|press secretary", p.role, re.I):
                continue
            if p.country not in out:
                out.append(p.country)
    return out

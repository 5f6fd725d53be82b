"""Areas of cooperation, as tags from the fixed list (bot.models.COOPERATION_TAGS).

Owns turning the cooperation phrases of data/lexicon.yaml, and a few shapes ("coast guard &
security cooperation", "jointly train"), into tags and key points. A phrase in a sentence that
reports another party breaking a rule ("violated Security Council resolutions") is not an area
of cooperation. Pure.
"""

from __future__ import annotations

import re

from bot.analysis.doc import Doc, Sent
from bot.analysis.matcher import Mention
from bot.analysis.modality import modality_at
from bot.analysis.rules import on
from bot.models import COOPERATION_TAGS, KeyPoint

_SHAPES: tuple[tuple[str, str, re.Pattern[str]], ...] = (
    (
        "maritime_security",
        "cooperation",
        re.compile(
            r"\b(?:maritime|coast\s+guard|naval|navy)(?:\s+(?:&|and)\s+\w+)?\s+cooperation\b", re.I
        ),
    ),
    (
        "training",
        "train",
        re.compile(
            r"\b(?:jointly\s+train\w*|train(?:s|ed|ing)?\s+(?:together|alongside|jointly|with\s+(?:the\s+)?"
            r"[A-Z]\w*)|train\s+in|to\s+train)\b",
            re.I,
        ),
    ),
    (
        "intelligence",
        "information",
        re.compile(
            r"\b(?:exchang|shar)\w*\s+(?:of\s+)?(?:(?:sensitive|classified|military|defen[cs]e|"
            r"security|maritime|geospatial|satellite)\s+)+(?:information|data)\b",
            re.I,
        ),
    ),
    (
        "intelligence",
        "data",
        re.compile(
            r"\b(?:exchang|shar)\w*\s+(?:of\s+)?(?:(?:sensitive|classified|military|defen[cs]e|"
            r"security|maritime|geospatial|satellite)\s+)+data\b",
            re.I,
        ),
    ),
    # "operations utilizing land, sea, air, cyber and space assets": space as a domain.
    (
        "space",
        "space",
        re.compile(
            r"\b(?:land|sea|air|maritime|cyber)(?:\s*,\s*(?:land|sea|air|maritime|cyber))*,?\s+and\s+"
            r"(?:outer\s+)?space\b|\bspace\s+and\s+cyber",
            re.I,
        ),
    ),
    (
        "counter_terrorism",
        "terrorism",
        re.compile(
            r"\b(?:tackl|combat|counter|fight|prevent|address|confront|suppress)\w*\s+(?:transnational\s+"
            r"|international\s+|global\s+|cross-border\s+)?terrorism\b",
            re.I,
        ),
    ),
    (
        "capacity_building",
        "capacity",
        re.compile(r"\bcapacity\s+(?:enhancement|development)\b", re.I),
    ),
    ("peacekeeping", "peace keeping", re.compile(r"\bpeace\s+keeping\b", re.I)),
    (
        "capacity_building",
        "capacit",
        re.compile(r"\bdevelop\w*\s+(?:the|their|its|our)\s+capacit(?:y|ies)\b", re.I),
    ),
    # "improving capacity for medical military forces", "enhance the capacity of".
    (
        "capacity_building",
        "capacity",
        re.compile(
            r"\b(?:improv|enhanc|build|strengthen|rais|boost)\w*\s+(?:the\s+|their\s+|its\s+)?capacit"
            r"(?:y|ies)\s+(?:for|of)\b",
            re.I,
        ),
    ),
    # Handing over equipment: "the transfer of air surveillance radar systems".
    (
        "defence_industry",
        "transfer",
        re.compile(
            r"\btransfers?\s+of\s+(?:[\w-]+\s+){0,3}(?:radars?|systems|equipment|aircraft|vessels|"
            r"ships|frigates|destroyers|submarines|missiles|weapons|platforms|helicopters)\b(?!-)",
            re.I,
        ),
    ),
    # Exercises as an area of cooperation (not one exercise): "cooperation such as exercises
    # between the SDF and the AFP", "facilitation of exercises", "activities, and exercises".
    (
        "training",
        "exercises",
        re.compile(
            r"\b(?:(?:cooperation|activities|exchanges|training),?\s+(?:and|such\s+as|including)|"
            r"(?:facilitation|promotion|expansion|strengthening)\s+of)\s+(?:joint\s+|bilateral\s+|"
            r"combined\s+)?exercises\b",
            re.I,
        ),
    ),
    # Support for another country's coast guard is maritime security cooperation.
    (
        "maritime_security",
        "coast guard",
        re.compile(
            r"\b(?:capacity[\s-]building|support|assistance|equipment|cooperation)\s+(?:\w+\s+){0,4}?"
            r"(?:of|for|to|with)\s+(?:the\s+)?(?:[A-Z][\w-]*\s+){0,2}Coast\s+Guard\b"
        ),
    ),
    # Countering economic coercion is economic security; a party's coercion named alone is not.
    (
        "economic_security",
        "coercion",
        re.compile(
            r"\b(?:counter\w*|address\w*|respond\w*\s+to|resilien\w*\s+(?:to|against)|deter\w*)\s+"
            r"(?:\w+\s+){0,2}economic\s+coercion\b",
            re.I,
        ),
    ),
)
# The shapes written for one cause each (docs/key-points.md, "What generalises").
_SHAPE_RULES = {
    "exercises": "exercises_area",
    "coast guard": "coast_guard_support",
    "transfer": "coop_shapes",
    "space": "coop_shapes",
    "terrorism": "coop_shapes",
    "capacit": "coop_shapes",
    "coercion": "coop_shapes",
    "capacity": "capacity_verbs",
}
# Areas that are also everyday words count only in a text about defence or security:
# "training and human resources development" in a development-aid release is not.
_NEEDS_MILITARY = frozenset({"training", "logistics"})
_MILITARY_TEXT = re.compile(
    r"\b(?:defen[cs]e|military|militaries|armed\s+forces|army|armies|navy|navies|naval|air\s+"
    r"forces?|troops|soldiers|exercises?|drills?|security|coast\s+guard|marines?|self-defen[cs]e|"
    r"SDF|peacekeeping)\b",
    re.I,
)
_NOT_COOPERATION = re.compile(r"\bviolat\w*|\bbreach\w*", re.I)
# A party's own weapons programme is a threat, not an area: "North Korea's ongoing nuclear
# weapons program"; and a hedged alliance is none: "a quasi-alliance".
_PROGRAMME_AFTER = re.compile(r"^\s+(?:programs?|programmes?|development|arsenal)\b", re.I)
_OWNER_BEFORE = re.compile(r"(?:\b(?:its|their|his|her)|['’]s)\s+(?:[\w-]+\s+){0,4}$", re.I)
_HEDGED_BEFORE = re.compile(r"(?:\bquasi-|\bde\s+facto\s+|\bsemi-)$", re.I)
# What another party calls a provocation is not an area of cooperation: "the so-called joint
# patrols", "during the joint patrol ... was clearly a deliberate provocation".
_DISOWNED = re.compile(r"\bso-called\b|\bprovocat\w*", re.I)
# A phrase inside an organisation's name: "the Emergency Disaster Response Headquarters".
# Also inside the name of a law or a warning scale ("Warning on Infectious Disease Levels").
_ORG_NAME_AFTER = re.compile(
    r"^\s+(?:Headquarters|Office|Center|Centre|Agency|Division|Unit|Command|Council|Committee|"
    r"Department|Bureau|Fund|Program|Programme|Team|Force|Levels?|Act|Law|Alert|Advisory)\b"
)
# Adjectives sharing one head: "regional maritime, economic, and technology security" names
# maritime security and economic security.
_SHARED_HEAD = re.compile(
    r"\b([a-z-]+(?:\s*,\s*[a-z-]+)*,?\s+(?:and|&)\s+[a-z-]+)\s+(security|cooperation)\b"
)


def _shared_head(sent: Sent, doc: Doc) -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []
    for m in _SHARED_HEAD.finditer(sent.text):
        for adjective in re.split(r"\s*,\s*(?:and\s+|&\s+)?|,?\s+(?:and|&)\s+", m.group(1)):
            for cue in doc.gazetteer.cues.scan(f"{adjective} {m.group(2)}"):
                if cue.kind == "cooperation":
                    out.append((cue.value, m.start()))
    return out


# Supply chains beside defence industry are defence industry: "Strengthen our mutual industrial
# bases through collaboration on supply chains" (not "resilient supply chains" in a Quad list).
_INDUSTRY_NEAR = re.compile(
    r"\b(?:industr\w*|defen[cs]e\s+(?:innovation|production|equipment)|"
    r"Security\s+of\s+Supply)\b",
    re.I,
)


def _industry(c: Mention, sent: Sent) -> str:
    if (
        c.value == "economic_security"
        and "supply" in c.surface.lower()
        and on("supply_chain_industry")
        and _INDUSTRY_NEAR.search(sent.text)
    ):
        return "defence_industry"
    return c.value


def _owned_programme(c: Mention, doc: Doc) -> bool:
    return c.value == "nonproliferation" and bool(
        _PROGRAMME_AFTER.match(doc.text[c.end : c.end + 20])
        and _OWNER_BEFORE.search(doc.text[max(0, c.start - 60) : c.start])
    )


def _tags_in(sent: Sent, doc: Doc) -> list[tuple[str, int]]:
    if ("violat" in sent.folded or "breach" in sent.folded) and _NOT_COOPERATION.search(sent.text):
        return []
    disowned = ("so-called" in sent.folded or "provocat" in sent.folded) and bool(
        _DISOWNED.search(sent.text)
    )
    kinds = {"cooperation"}
    if on("plurals"):
        kinds.add("cooperation_plural")
    if on("lexicon_more"):
        kinds.add("cooperation_more")
    if on("lexicon_r5"):
        kinds.add("cooperation_r5")
    out = [
        (_industry(c, sent), c.start - sent.start)
        for c in sent.cues
        if c.kind in kinds
        and not (disowned and c.value == "maritime_security")
        and not (c.surface.istitle() and _ORG_NAME_AFTER.match(doc.text[c.end : c.end + 20]))
        and not (on("owned_programme") and _owned_programme(c, doc))
        and not (
            on("hedged_alliance")
            and _HEDGED_BEFORE.search(doc.text[max(sent.start, c.start - 10) : c.start])
        )
    ]
    for tag, gate, pattern in _SHAPES:
        if gate not in sent.folded or (gate in _SHAPE_RULES and not on(_SHAPE_RULES[gate])):
            continue
        m = pattern.search(sent.text)
        if m:
            out.append((tag, m.start()))
    if ("security" in sent.folded or "cooperation" in sent.folded) and (
        " and " in sent.text or " & " in sent.text
    ):
        out += _shared_head(sent, doc)
    return out


# A reporter's question in a transcript sets a topic; it names no area of the speaker's
# cooperation ("Question: ... reiterated the US defense commitment to the Philippines ...").
_QUESTION = re.compile(r"^(?:Q|Questions?)\s*[:.]")
_TURN = re.compile(r"^[A-Z][\w.'’ -]{1,40}:\s")
_TURN_ALONE = re.compile(r"^[A-Z][\w.'’ -]{1,40}:$")  # "Minister:" on a line of its own


def find_cooperation(doc: Doc) -> tuple[list[str], list[KeyPoint]]:
    """The tags in order of first appearance, and one key point per tag."""
    points: dict[str, KeyPoint] = {}
    military = bool(_MILITARY_TEXT.search(doc.title) or _MILITARY_TEXT.search(doc.text))
    asked = False
    for sent in doc.sents:
        if (
            _QUESTION.match(sent.text)
            or _TURN.match(sent.text)
            or (on("answer_turn") and _TURN_ALONE.match(sent.text))
        ):
            asked = bool(_QUESTION.match(sent.text))
        if asked and on("reporters_question"):
            continue
        for tag, pos in _tags_in(sent, doc):
            if tag in points or tag not in COOPERATION_TAGS:
                continue
            if tag in _NEEDS_MILITARY and not military and on("needs_military"):
                continue
            points[tag] = KeyPoint(
                type="cooperation",
                line=f"Cooperation: {tag.replace('_', ' ')}",
                evidence=sent.text,
                offset=sent.start,
                attributes={"area": tag},
                modality=modality_at(sent.text, pos),
            )
    return list(points), list(points.values())

"""Status and date of an exercise from the sentences that speak of it.

Owns the verbs that say an exercise is completed, ongoing, planned, announced or held, and the
date phrases ("in November", "from July 22 to August 4", "next year"). Also the test that an
unnamed "exercise" is a military one and not "exercise restraint" or a "tsunami exercise".
Pure.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.analysis.doc import Sent
from bot.models import Modality

_STATUS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "cancelled",
        re.compile(r"\b(?:cancel\w*|called\s+off|postpon\w*|suspend\w*|scrapped)\b", re.I),
    ),
    (
        "completed",
        re.compile(
            r"\b(?:completion|completed|concluded|conclusion|wrapped\s+up|came\s+to\s+a\s+close|"
            r"culminat\w*|closing\s+ceremony|ended)\b",
            re.I,
        ),
    ),
    (
        "planned",
        re.compile(
            r"\b(?:agreed\s+to\s+(?:hold|conduct|carry\s+out)|will\s+(?:be\s+)?(?:hold|held|conduct|"
            r"conducted|take\s+place|begin|commence|start|feature|include|involve|witness|converge|"
            r"be\s+the)|to\s+be\s+(?:held|conducted)|scheduled|plans?\s+to|planned|next\s+year|"
            r"upcoming|forthcoming|is\s+set\s+to|are\s+set\s+to|would\s+witness)\b",
            re.I,
        ),
    ),
    (
        "ongoing",
        re.compile(
            r"\b(?:under\s?way|ongoing|is\s+being|are\s+being|currently|commenced|kicked\s+off|"
            r"began|begins|opened|opening\s+ceremony|launch\w*|started|is\s+taking\s+place|"
            r"are\s+taking\s+place|engage\s+in)\b",
            re.I,
        ),
    ),
    ("announced", re.compile(r"\bannounc\w*\b", re.I)),
    (
        "held",
        re.compile(
            r"\b(?:held|conducted|took\s+place|participated|carried\s+out|staged|performed|"
            r"showed|demonstrated)\b",
            re.I,
        ),
    ),
)
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
)
_WHEN = re.compile(
    rf"\b(?:from\s+{_MONTH}\s+\d{{1,2}}(?:\s+to\s+(?:{_MONTH}\s+)?\d{{1,2}})?|"
    rf"from\s+\d{{1,2}}\s+(?:to|-)\s+\d{{1,2}}\s+{_MONTH}|"
    rf"(?:on|in|since|by|during|until|till)\s+(?:(?:early|mid|late)-?\s*)?{_MONTH}(?:\s+\d{{1,2}})?"
    rf"(?:,?\s+\d{{4}})?|{_MONTH}\s+\d{{1,2}}(?:\s+to\s+\d{{1,2}})?|"
    r"next\s+(?:year|month|week)|this\s+(?:year|month|week)|later\s+this\s+year|"
    r"in\s+(?:19|20)\d\d)\b"
)

# "exercise restraint", "exercising stock options", "tsunami exercise": not military exercises.
NON_MILITARY = re.compile(
    r"\b(?:exercis\w*\s+(?:of\s+)?(?:self-)?(?:restraint|caution|patience|control|sovereignty|"
    r"jurisdiction|rights?|the\s+right|options?|stock|influence|leadership|judgement|judgment|"
    r"discretion|power|authority|vigilance|maximum|utmost)|"
    r"(?:tsunami|earthquake|evacuation|fire|disaster\s+prevention|disaster|stock|option|"
    r"mental|physical|breathing|writing|classroom|fitness|tabletop)\s+(?:exercises?|drills?))\b",
    re.I,
)


def status_of(sents: Sequence[Sent]) -> tuple[str, Modality]:
    """The exercise's status, read first from its first sentence, then from the rest."""
    for sent in sents:
        for status, pattern in _STATUS:
            if pattern.search(sent.text):
                return status, _modality(status)
    return "mentioned", "asserted"


def _modality(status: str) -> Modality:
    if status == "planned":
        return "future"
    if status == "cancelled":
        return "negated"
    return "asserted"


# Words of another event between a date and the exercise: the date is that event's ("the
# signing of Japan-India ACSA in September and ... the naval exercise "Malabar" ...").
_OTHER_EVENT = re.compile(
    r"\b(?:sign\w*|agreement|accord|treaty|meeting|visit|talks|summit|call|election|and\s+the)\b",
    re.I,
)


def when_of(sents: Sequence[Sent], anchors: dict[int, list[int]] | None = None) -> str | None:
    """The date of the exercise: in the first sentence that gives one, the date after the
    exercise's name (`anchors`: sentence index -> offsets of the name), else one before it
    with no other event in between."""
    for sent in sents:
        found = list(_WHEN.finditer(sent.text))
        at = (anchors or {}).get(sent.index)
        if not found or not at:
            if found:
                return found[0].group()
            continue
        after = [m for m in found if m.start() >= at[0]]
        if after:
            return after[0].group()
        before = [m for m in found if not _OTHER_EVENT.search(sent.text, m.end(), at[0])]
        if before:
            return before[-1].group()
    return None

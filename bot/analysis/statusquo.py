"""Status-quo opposition: who opposes a unilateral, forcible or coercive change, and where.

Owns the test that a sentence opposes a *change* of the status quo (any wording: "oppose any
unilateral attempts to change the status quo by force or coercion", "remains opposed to any
unilateral attempts to change the status quo", "not to allow any attempt to change the status
quo", "unilaterally disrupt the status quo" when condemned). A sentence that only mentions the
status quo ("maintain the status quo") or only condemns "coercive actions" is not one. Pure.
"""

from __future__ import annotations

import re

from bot.analysis.doc import Doc, Sent
from bot.analysis.modality import modality_at
from bot.analysis.officials import Officials, actors_before
from bot.models import KeyPoint

_STATUS_QUO = re.compile(r"\bstatus[\s-]+quo\b", re.I)
_CHANGE = re.compile(
    r"\b(?:chang\w*|alter\w*|disrupt\w*|undermin\w*|upend\w*|overturn\w*|modif\w*|revis\w*|"
    r"unilateral\w*|destabili\w*)\b",
    re.I,
)
_OPPOSE = re.compile(
    r"\b(?:oppos\w*|objection\w*|object(?:ed|s|ing)?\s+to|reject\w*|condemn\w*|denounc\w*|"
    r"deplor\w*|resist\w*|counter(?:ing)?|unacceptable|no\s+place\s+for|"
    r"(?:stand|stands|stood|standing|warn\w*|firmly|strongly|resolutely|push\w*\s+back)\s+"
    r"against|against\s+(?:any|all)|"
    r"(?:not|never|cannot|can't)\s+(?:to\s+)?(?:allow|accept|tolerate|condone|permit|"
    r"recogni[sz]e)\w*)\b",
    re.I,
)
# "concern" counts only where the change it is about is unilateral, forcible or coercive.
_CONCERN = re.compile(r"\bconcern\w*\b", re.I)
_MANNER = re.compile(r"\b(?:unilateral\w*|by\s+force|coerci\w*|forcibl\w*)\b", re.I)
_SELF_NEGATING = re.compile(r"^(?:not|never|cannot|can't)\b", re.I)
_SOFT = re.compile(r"\bby\s+(?:force|coercion)|coerci\w*|forc\w*", re.I)


def _opposition(sent: Sent) -> re.Match[str] | None:
    """The opposition cue of a status-quo sentence, or None."""
    if "status" not in sent.folded:
        return None
    sq = _STATUS_QUO.search(sent.text)
    if sq is None or not _CHANGE.search(sent.text):
        return None
    cue = _OPPOSE.search(sent.text)
    if cue is None and _MANNER.search(sent.text):
        cue = _CONCERN.search(sent.text)
    return cue


def find_status_quo(doc: Doc, officials: Officials) -> list[KeyPoint]:
    points: list[KeyPoint] = []
    for sent in doc.sents:
        cue = _opposition(sent)
        if cue is None:
            continue
        negatable = not _SELF_NEGATING.match(cue.group())
        modality = modality_at(sent.text, cue.start(), negatable=negatable)
        if modality == "future":
            modality = "asserted"  # "will continue to oppose" is an opposition stated now
        who = actors_before(doc, officials, sent.start, sent.start + cue.start())
        where = [m.value for m in sent.mentions if m.kind == "region"]
        manner = "coercive" if _SOFT.search(sent.text) else "unilateral"
        line = f"Oppose {manner} change of the status quo"
        if where:
            line += " in " + ", ".join(dict.fromkeys(where))
        points.append(
            KeyPoint(
                type="status_quo",
                line=line,
                evidence=sent.text,
                offset=sent.start,
                attributes={"by": who, "where": list(dict.fromkeys(where)), "manner": manner},
                modality=modality,
            )
        )
    return points

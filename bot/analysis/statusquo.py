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
from bot.analysis.rules import on
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
_SELF_NEGATING = re.compile(r"^(?:not|never|cannot|can't|without)\b", re.I)
_WITHOUT = re.compile(r"\bwithout\b", re.I)
_SOFT = re.compile(r"\bby\s+(?:force|coercion)|coerci\w*|forc\w*", re.I)


# Words that end the reach of an opposition cue: "... committed to maintaining the status quo,
# but China ... undermines peace" is no opposition to a change of the status quo.
_BREAK = re.compile(r";|,\s*(?:but|while|whereas)\b|\.\s")


def _opposition(sent: Sent) -> re.Match[str] | None:
    """The opposition cue of a status-quo sentence, or None. The change word must be beside
    the status quo ("change the status quo", "the status quo being altered") and the cue before
    it in the same clause ("oppose any attempt to ...") or just after ("... is unacceptable")."""
    if "status" not in sent.folded:
        return None
    text = sent.text
    for sq in _STATUS_QUO.finditer(text):
        lo, hi = max(0, sq.start() - 60), min(len(text), sq.end() + 40)
        change = [
            c
            for c in _CHANGE.finditer(text, lo, hi)
            if not _BREAK.search(text, min(c.end(), sq.end()), max(c.start(), sq.start()))
        ]
        if not change:
            continue
        start = min(sq.start(), change[0].start())
        breaks = list(_BREAK.finditer(text, 0, start))
        clause_start = max([start - 160, *(b.end() for b in breaks)])
        before = [c for c in _OPPOSE.finditer(text, max(0, clause_start), start)]
        if before:
            return before[-1]
        end = max(sq.end(), change[-1].end())
        after = _OPPOSE.search(text, end, min(len(text), end + 60))
        if after and not _BREAK.search(text, end, after.start()):
            return after
        if _MANNER.search(text, lo, hi):
            concern = [c for c in _CONCERN.finditer(text, max(0, clause_start), start)]
            if concern:
                return concern[-1]
            # "resolve disputes ... without resorting to force or any attempt to unilaterally
            # change the status quo": a unilateral change ruled out is one opposed.
            without = (
                list(_WITHOUT.finditer(text, max(0, clause_start), start))
                if on("ruled_out_change")
                else []
            )
            if without:
                return without[-1]
    return None


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

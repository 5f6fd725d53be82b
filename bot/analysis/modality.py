"""Modality of a key point: asserted, future, negated or hypothetical.

Owns the reading of the words in front of a trigger, inside its clause ("will not recognise",
"agreed to hold ... next year", "if the Philippines insists"). Knows nothing of what the trigger
is. Pure.
"""

from __future__ import annotations

import re

from bot.models import Modality

# The clause a trigger sits in starts after the last of these before it.
_CLAUSE_BREAK = re.compile(r"[;:]|,\s+(?:but|while|whereas|although|and)\s|\.\s")
_NEGATION = re.compile(
    r"\b(?:not|never|no longer|neither|nor|cannot|can't|won't|don't|doesn't|didn't|refused to|"
    r"declined to|failed to|without)\b(?:\s+\w+){0,3}\s*$"
)
_HYPOTHETICAL = re.compile(
    r"\b(?:if|unless|should\s+\w+\s+\w+|in the event|in case|whether|would|could|might|may)\b"
)
_FUTURE = re.compile(
    r"\b(?:will|shall|going to|plans? to|planned|planning to|intends? to|intention to|aims? to|"
    r"agreed to|agree to|decided to|to be held|scheduled|is set to|are set to|next year|"
    r"next month|upcoming|forthcoming|expects? to|expected to|would like to|committed to|"
    r"look forward to|seeks? to)\b"
)
# "would" is hypothetical only beside a condition ("would invoke Article V if attacked"); in
# reported speech of an intention it is the future ("affirmed that they would continue to ...").
_CONDITION = re.compile(
    r"\b(?:if|unless|should|in\s+the\s+event|in\s+case|otherwise|were\s+to|"
    r"whether)\b",
    re.I,
)
_FUTURE_AFTER = re.compile(r"^[^.;]{0,60}\b(?:next (?:year|month|week)|in (?:20\d\d)|later this)")


def clause_before(sentence: str, pos: int) -> str:
    """The words of the trigger's clause that come before it."""
    head = sentence[:pos]
    breaks = list(_CLAUSE_BREAK.finditer(head))
    return head[breaks[-1].end() :] if breaks else head


def modality_at(sentence: str, pos: int, negatable: bool = True) -> Modality:
    """Modality of the trigger at `pos` in `sentence`. `negatable=False` for triggers whose
    negation is part of their meaning ("not to allow any attempt" is itself an opposition)."""
    before = clause_before(sentence, pos).lower()
    if negatable and _NEGATION.search(before):
        return "negated"
    said = [h.group() for h in _HYPOTHETICAL.finditer(before)]
    if said and (set(said) != {"would"} or _CONDITION.search(sentence)):
        return "hypothetical"
    if said:
        return "future"
    if _FUTURE.search(before) or _FUTURE_AFTER.search(sentence[pos:].lower()):
        return "future"
    return "asserted"

"""Engagement: what kind of statement this is — call, meeting, joint statement, press release,
speech, news report or other.

Owns the cues and their order: a joint statement says so in its title or opening; a speech or
press conference is a transcript or titled so (a spokesperson's Q&A release is a press
release); a call or meeting named in the title or opening sentence decides; otherwise a third
party's write-up ("the statement said", "(Xinhua)") is a news report; then a call or meeting
further in; else a press release. Pure.
"""

from __future__ import annotations

import re

from bot.analysis.doc import Doc, Sent

_JOINT = re.compile(
    r"\b(?:joint|trilateral|quadrilateral|bilateral|leaders['’]?)\s+(?:press\s+|leaders['’]?\s+)?"
    r"(?:statement|declaration|communiqu\w*|readout)\b",
    re.I,
)
_SPEECH_TITLE = re.compile(
    r"\b(?:speech|remarks\s+(?:by|at|to)|address\s+(?:by|at|to)|keynote|press\s+conference|"
    r"news\s+conference|press\s+briefing|media\s+availability|transcript|interview|lecture|"
    r"opening\s+remarks)\b",
    re.I,
)
_SPOKESPERSON = re.compile(r"\bspokes(?:person|man|woman)['’]?s?\b", re.I)
_TRANSCRIPT = re.compile(r"^(?:[A-Z][A-Z.'’-]+\s+){1,6}[A-Z][A-Z.'’-]+:\s", re.M)
_QA = re.compile(r"^\s*Q\s*[:.]", re.M)
_COURTESY = re.compile(r"\bcourtesy\s+call|\bcalled\s+on\b|\bcall\s+on\s+(?:the\s+)?[A-Z]", re.I)
_CALL = re.compile(
    r"\b(?:tele(?:phone|phonic|con\w*)|phone|video\s*(?:call|conference|link|teleconference)|"
    r"virtual\s+(?:meeting|call|talks)|spoke\s+(?:today\s+|by\s+phone\s+|on\s+the\s+phone\s+)?"
    r"with|spoke\s+by\s+phone|calls?\s+with|calls\s+(?:his|her|their\s+)?[A-Z]\w+|"
    r"calls\s+(?:philippine|japanese|indian|australian|counterpart)|(?<!courtesy\s)call\b)",
    re.I,
)
_MEETING = re.compile(
    r"\b(?:met|meets|meet|meeting|talks|dialogue|2\s*\+\s*2|summit|consultations|"
    r"co-?chaired|held\s+(?:bilateral\s+)?talks|hosted|received|official\s+visit|state\s+visit|"
    r"working\s+visit|visit(?:ed|ing|s)?\s+(?:to\s+)?(?=[A-Z]))",
    re.I,
)
_WIRE = re.compile(
    r"\((?:ANI|PTI|IANS|Xinhua|Reuters|AP|AFP|Yonhap|Kyodo|Bernama|PNA|UNI|Jiji|TASS)\)"
)
_REPORTED = re.compile(
    r"\b(?:said|stated|told|added|noted)\s+(?:on|in|at|that|the|a)\b|\baccording\s+to\b|"
    r"\b(?:the\s+statement|the\s+ministry|the\s+release)\s+(?:said|added|continued)\b|"
    r"[,”\"]\s*(?:said|says)\s+[A-Z]|\bsaid\s+in\s+a\b|\bthe\s+\w+\s+(?:said|stated)\b",
)
# Lines that only introduce the statement: "The below is attributable to Spokesperson X:".
_PREAMBLE = re.compile(
    r"(?:attributable\s+to|following\s+readout|provided\s+the\s+following|^\w+\s+\d{1,2},\s+\d{4}$)",
    re.I,
)


def lead_sentences(doc: Doc, n: int = 1) -> list[Sent]:
    """The first `n` sentences that say something (preambles and datelines skipped)."""
    return [s for s in doc.sents if not _PREAMBLE.search(s.text)][:n]


def _meet_or_call(text: str) -> str | None:
    if _COURTESY.search(text):
        return "meeting"
    if _CALL.search(text):
        return "call"
    if _MEETING.search(text):
        return "meeting"
    return None


def classify(doc: Doc) -> tuple[str, Sent | None]:
    """The engagement, and the sentence that shows it (None when only the title does)."""
    first = lead_sentences(doc, 1)
    opening = first[0] if first else None
    head = f"{doc.title}\n{opening.text if opening else ''}"
    if _JOINT.search(head):
        return "joint_statement", opening
    if (_SPEECH_TITLE.search(doc.title) and not _SPOKESPERSON.search(doc.title)) or len(
        _TRANSCRIPT.findall(doc.text[:400])
    ):
        return "speech", opening
    if _QA.search(doc.text[:200]):
        return "press_release", opening
    for text, sent in ((doc.title, opening), (opening.text if opening else "", opening)):
        kind = _meet_or_call(text)
        if kind:
            return kind, sent
    if _WIRE.search(doc.text[:300]) or len(_REPORTED.findall(doc.text)) >= 2:
        return "news_report", opening
    for sent in lead_sentences(doc, 3)[1:]:
        kind = _meet_or_call(sent.text)
        if kind:
            return kind, sent
    return "press_release", opening

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
_COURTESY = re.compile(
    r"\bcourtesy\s+call|\b(?:called|calls?|calling)\s+on\s+(?:the\s+)?(?:(?-i:[A-Z])\w+\s+)?"
    r"(?:Prime\s+Minister|President|Minister|Secretary|Chancellor|King|Emperor|Premier|"
    r"His\s+Excellency|Her\s+Excellency|Mr|Ms|Dr)\b",
    re.I,
)
_CALL = re.compile(
    r"\b(?:tele(?:phone|phonic|con\w*)|phone|video\s*(?:call|conference|link|teleconference)|"
    r"virtual\s+(?:meeting|call|talks)|spoke\s+(?:today\s+|by\s+phone\s+|on\s+the\s+phone\s+)?"
    r"with|spoke\s+by\s+phone|calls?\s+with|calls\s+(?:his\s+|her\s+|their\s+)?(?-i:[A-Z])\w+|"
    r"calls\s+counterpart|(?<!courtesy\s)call\b(?!\s+(?:on|for|upon)\b))",
    re.I,
)
_MEETING = re.compile(
    r"\b(?:met|meets|meet|meeting|talks|dialogue|2\s*\+\s*2|summit|consultations|"
    r"co-?chaired|held\s+(?:bilateral\s+)?talks|hosted|received|official\s+visit|state\s+visit|"
    r"working\s+visit|visit(?:ed|ing|s)?\s+(?:to\s+)?(?=(?-i:[A-Z])))",
    re.I,
)
# A wire dateline: "BEIJING, Nov. 22 (Xinhua) --", "Tokyo, Sept. 10 (Jiji Press)--".
_DATELINE = re.compile(
    r"^\W*[A-Z][A-Za-z]+(?:\s+[A-Z][A-Za-z]+)*(?:\s+\[[^]]+\])?,\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2}"
    r"\s*(?:\([^)]{2,30}\))?\s*(?:--|—|–|:)"
)
# A third party attributing the news to an institution: "the defense ministry said",
# "according to the Ministry of Defence", "said the AFP in a statement".
_ATTRIBUTED = re.compile(
    r"\b(?:ministry|government|military|navy|army|department|command|spokesperson|spokesman|"
    r"statement|agency|office)\s+(?:said|stated|added|continued|noted)\b|"
    r"\baccording\s+to\s+(?:the\s+)?(?:\w+\s+){0,3}(?:ministry|government|military|"
    r"department|command|statement|agency|office|officials?)\b|"
    r"\bsaid\s+the\s+(?:\w+\s+){0,3}(?:in\s+a\s+statement|ministry|military|government)\b|"
    r"\b(?:the\s+)?(?:\w+\s+)?government\s+said\b",
    re.I,
)
_NEWS_SOURCE = re.compile(
    r"\b(?:news\s+report|wire\s+report|report\s+of|news\s+agency|newspaper)\b", re.I
)
_OTHER_TITLE = re.compile(r"\b(?:white\s+paper|annual\s+report|yearbook|blue\s+book)\b", re.I)
_NOT_HAPPENED = re.compile(
    r"\b(?:set\s+to|were\s+to|was\s+to|to\s+hold|will|would|plans?\s+to|scheduled|ahead\s+of|"
    r"expected\s+to)\b",
    re.I,
)
# Lines that only introduce the statement: "The below is attributable to Spokesperson X:".
_PREAMBLE = re.compile(
    r"(?:attributable\s+to|following\s+readout|provided\s+the\s+following|^\w+\s+\d{1,2},\s+\d{4}$)",
    re.I,
)


def dateline_end(text: str) -> int:
    """Where a wire dateline ("BANGKOK, Nov. 17 (Yonhap) --") ends; 0 if there is none."""
    m = _DATELINE.search(text[:120])
    return m.end() if m else 0


def lead_sentences(doc: Doc, n: int = 1) -> list[Sent]:
    """The first `n` sentences that say something (preambles and datelines skipped)."""
    out: list[Sent] = []
    for s in doc.sents:
        if len(out) >= n:
            break
        if not _PREAMBLE.search(s.text):
            out.append(s)
    return out


def _meet_or_call(text: str) -> str | None:
    """A call or meeting that happened, as this text reports it; a planned one is not."""
    for kind, pattern in (("meeting", _COURTESY), ("call", _CALL), ("meeting", _MEETING)):
        m = pattern.search(text)
        if m:
            if _NOT_HAPPENED.search(text[max(0, m.start() - 40) : m.start()]):
                return None
            return kind
    return None


def is_news(doc: Doc, source: str | None) -> bool:
    """A third party's write-up: a wire dateline, news attributed to an institution, or a
    source that says it is a news report."""
    if source and _NEWS_SOURCE.search(source) and "repost of" not in source.lower():
        return True
    return bool(_DATELINE.search(doc.text[:120]) or _ATTRIBUTED.search(doc.text))


def classify(doc: Doc, source: str | None = None) -> tuple[str, Sent | None]:
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
    if _OTHER_TITLE.search(doc.title):
        return "other", opening
    for text, sent in ((doc.title, opening), (opening.text if opening else "", opening)):
        kind = _meet_or_call(text)
        if kind:
            return kind, sent
    if is_news(doc, source):
        return "news_report", opening
    for sent in lead_sentences(doc, 2)[1:]:
        kind = _meet_or_call(sent.text)
        if kind:
            return kind, sent
    return "press_release", opening

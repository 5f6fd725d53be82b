"""Engagement: what kind of statement this is — call, meeting, joint statement, press release,
speech, news report or other.

Owns the cues and their order. The engagement a text *reports* decides, whoever wrote it (a wire
report of a call is a call, as dev.jsonl labels the ANI report of the India–Japan call):
1. a joint statement, declaration or readout in the title or lead ("in a joint statement on
   Tuesday", "the Wilmington Declaration Joint Statement");
2. a speech, transcript or press conference: titled so (a spokesperson's "Remarks on X" or Q&A
   release is a press release, "Regular Press Conference" is a speech), a transcript with
   speakers' names, or a report of a press briefing ("told a regular press conference");
3. a call or meeting named in the title or opening sentence, held or scheduled ("set to hold
   talks"; not "ahead of the summit"); in a third party's report, also one held in the next
   sentences by the report's own actors ("Abe and Modi welcomed it during their telephone
   conversation"), not one mentioned in passing ("when Sullivan met Wang Yi");
4. a third party's report of an exercise or drills, or of no single engagement, is a news
   report; its report of one institution's statement ("the DFA said in a statement") is a press
   release; an official outlet's own news item (DVIDS, a ministry's "publication") is a press
   release.
Pure.
"""

from __future__ import annotations

import re

from bot.analysis.doc import Doc, Sent
from bot.analysis.engagement_cues import (
    ACCORDING,
    AT_PRESS_CONFERENCE,
    AT_SPEECH,
    ATTRIBUTED,
    CALL,
    CALL_ON,
    CO_HOSTED,
    CONTEXT,
    COURTESY,
    DASH_DATELINE,
    EXERCISE_TOPIC,
    GREETING,
    JOINT,
    JOINT_CONFERENCE,
    MADE_STATEMENT,
    MEETING,
    MEETING_MORE,
    MINISTERS_STATEMENT,
    NO_MEETING,
    NOT_HAPPENED,
    NOT_MILITARY,
    NOT_SPEAKERS,
    OTHER_TITLE,
    PAPER_HEADING,
    PAST_AFTER,
    PREAMBLE,
    PRESS_CONFERENCE,
    QA,
    SIGNING,
    SINCE_BEFORE,
    SPEECH_TITLE,
    SPOKESPERSON,
    STATES,
    TRANSCRIPT,
    TRIP,
    TURN,
)
from bot.analysis.rules import on
from bot.analysis.sources import (
    DATELINE,
    dateline_end,
    news_source,
    official_source,
    source_countries,
)


def lead_sentences(doc: Doc, n: int = 1) -> list[Sent]:
    """The first `n` sentences that say something (preambles and datelines skipped)."""
    out: list[Sent] = []
    for s in doc.sents:
        if len(out) >= n:
            break
        if not PREAMBLE.search(s.text):
            out.append(s)
    return out


def _meeting_patterns() -> list[tuple[str, re.Pattern[str]]]:
    out = [("meeting", COURTESY), ("call", CALL), ("meeting", MEETING)]
    if on("signing_ceremony"):
        out.append(("meeting", SIGNING))
    if on("meeting_shapes"):
        out.append(("meeting", MEETING_MORE))
    if on("call_on"):
        out.append(("meeting", CALL_ON))
    if on("trip_visit"):
        out.append(("meeting", TRIP))
    return out


def _search(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """The first match of a meeting pattern that is not a word of meeting without a meeting."""
    if not on("held_meeting_cue") or pattern is not MEETING:
        return pattern.search(text)
    spans = [(n.start(), n.end()) for n in NO_MEETING.finditer(text)]
    if on("co_hosted"):
        spans += [(n.start(), n.end()) for n in CO_HOSTED.finditer(text)]
    for m in pattern.finditer(text):
        if not any(a <= m.start() < b for a, b in spans):
            return m
    return None


def meeting_end(text: str) -> int | None:
    """Where the first word of call or meeting in `text` ends (None if there is none)."""
    ends = [m.end() for _, pattern in _meeting_patterns() if (m := _search(pattern, text))]
    return min(ends) if ends else None


def meet_or_call(text: str, held_only: bool = False) -> str | None:
    """A call or meeting this text reports (held or scheduled; with `held_only`, held)."""
    for kind, pattern in _meeting_patterns():
        m = _search(pattern, text)
        if m:
            before = text[: m.start()] if held_only else text[max(0, m.start() - 40) : m.start()]
            if (NOT_HAPPENED if held_only else CONTEXT).search(before):
                return None
            if (
                held_only
                and on("background_visit")
                and (PAST_AFTER.match(text, m.end()) or SINCE_BEFORE.search(before))
            ):
                return None  # "during Mr Luxon's visit to Manila last year": background
            return kind
    return None


def is_news(doc: Doc, source: str | None) -> bool:
    """A third party's write-up: a source that says so, else a wire dateline or news
    attributed to an institution."""
    if news_source(source):
        return True
    if official_source(source):
        return False
    if on("news_dash_dateline") and DASH_DATELINE.search(doc.text[:60]):
        return True
    return bool(DATELINE.search(doc.text[:120]) or ATTRIBUTED.search(doc.text))


def _transcript(doc: Doc) -> bool:
    """A transcript: speakers' names in capitals, or two or more speakers taking turns."""
    said = TRANSCRIPT.search(doc.text[:400])
    # A dateline in capitals is no speaker: "NEW DELHI: Defence Minister ... held".
    if said and (
        not on("dateline_speaker")
        or said.start() > 0
        or len(TRANSCRIPT.findall(doc.text[:3000])) > 1
    ):
        return True
    turns = [
        t.group(1)
        for t in TURN.finditer(doc.text[:3000])
        if t.group(1) not in NOT_SPEAKERS and len(t.group(1)) > 1
    ]
    # One question and its answer is a spokesperson's Q&A release, not a press conference.
    return len(turns) >= (3 if on("three_turns") else 2) and len(set(turns)) >= 2


def _speech(doc: Doc, source: str | None) -> bool:
    title = doc.title
    if PRESS_CONFERENCE.search(title) and not re.search(r"\bremarks\s+on\b", title, re.I):
        return True
    if SPEECH_TITLE.search(title) and not SPOKESPERSON.search(title):
        return True
    if source and re.search(r"\((?:[^()]*\b)?(?:speech|transcript)\)", source, re.I):
        return True
    if on("greeting_speech") and GREETING.search(doc.text[:120]):
        return True
    return _transcript(doc)


def _subject_countries(doc: Doc, sent: Sent) -> set[str]:
    """Countries the opening's first words name: the actors a report is about."""
    cut = sent.start + dateline_end(sent.text) + 100
    return set(doc.codes([m for m in sent.mentions if m.start < cut]))


def _news_kind(doc: Doc, source: str | None, lead: list[Sent]) -> str:
    """The engagement a third party's report is about."""
    opening = lead[0] if lead else None
    subject = _subject_countries(doc, opening) if opening else set()
    for sent in lead[1:4]:
        kind = meet_or_call(sent.text, held_only=True)
        if kind and subject & set(doc.codes(list(sent.mentions))):
            return kind
    head = f"{doc.title}\n{opening.text if opening else ''}"
    if EXERCISE_TOPIC.search(NOT_MILITARY.sub("", head)):
        return "news_report"
    if opening and (
        STATES.search(opening.text)
        or (on("report_of_speech") and MADE_STATEMENT.search(opening.text))
    ):
        return "press_release"
    if on("attributed_statement") and any(ACCORDING.search(s.text) for s in lead[:2]):
        return "press_release"
    return "news_report"


def _others_met(doc: Doc, sent: Sent, source: str | None) -> bool:
    """An official release's opening reports a meeting of two other countries ("Australian
    Minister Wong and Chinese Minister Wang held ..." in Taiwan's MOFA release): not its own."""
    issuer = source_countries(source, doc)
    named = doc.codes(list(sent.mentions))
    return on("others_meeting") and bool(issuer) and len(named) >= 2 and issuer[0] not in named


def classify(doc: Doc, source: str | None = None) -> tuple[str, Sent | None]:
    """The engagement, and the sentence that shows it (None when only the title does)."""
    lead = lead_sentences(doc, 4)
    opening = lead[0] if lead else None
    head = f"{doc.title}\n{opening.text if opening else ''}"
    news = is_news(doc, source)
    several = on("ministers_statement") and bool(
        MINISTERS_STATEMENT.search(f"{doc.title}\n{source or ''}")
    )
    if (
        JOINT.search(head)
        or several
        or (source and not news and on("joint_source") and JOINT.search(source))
    ):
        return "joint_statement", opening
    # A report whose opening is the meeting itself is about the meeting, even when it goes on
    # to quote the joint statement issued after it.
    met = bool(opening and meet_or_call(opening.text, held_only=True))
    if (
        news
        and len(lead) > 1
        and JOINT.search(lead[1].text)
        and not (met and on("joint_in_second"))
    ):
        return "joint_statement", lead[1]
    if _speech(doc, source):
        return "speech", opening
    if QA.search(doc.text[:200]):
        return "press_release", opening
    if OTHER_TITLE.search(doc.title) or (
        on("paper_heading") and PAPER_HEADING.match(doc.text[:200].lstrip("\n"))
    ):
        return "other", opening
    # A press conference an official release mentions is someone else's ("At the press
    # conference that followed, Minister Wong stated ..." in Taiwan's MOFA release).
    own = official_source(source) and not news
    briefing = (
        None
        if own
        else next(
            (
                s
                for s in lead
                if AT_PRESS_CONFERENCE.search(s.text)
                or (on("report_of_speech") and AT_SPEECH.search(s.text))
                or (on("joint_conference") and JOINT_CONFERENCE.search(s.text))
            ),
            None,
        )
    )
    if briefing or (news and source and PRESS_CONFERENCE.search(source)):
        return "speech", briefing or opening
    for text, sent in ((doc.title, opening), (opening.text if opening else "", opening)):
        kind = meet_or_call(text)
        if kind and not (
            own and sent is not None and text is not doc.title and _others_met(doc, sent, source)
        ):
            return kind, sent
    if news:
        return _news_kind(doc, source, lead), opening
    for sent in lead[1:2]:
        kind = meet_or_call(sent.text, held_only=True)
        if kind and not (own and opening and _others_met(doc, opening, source)):
            return kind, sent
    return "press_release", opening

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
from bot.analysis.rules import on
from bot.analysis.sources import (
    DATELINE,
    dateline_end,
    news_source,
    official_source,
    source_countries,
)

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
_PRESS_CONFERENCE = re.compile(
    r"\b(?:press|news|media)\s+(?:conference|briefing)s?\b|\bbriefing\b", re.I
)
# A press conference the report is about: "told a regular press conference", "made the remarks
# at a daily news briefing", "during a routine press briefing".
_AT_PRESS_CONFERENCE = re.compile(
    r"\b(?:told|at|during|in|to)\s+(?:a|the|its|his|her|their)\s+(?:(?:regular|routine|daily|"
    r"weekly|monthly|regularly\s+scheduled|scheduled)\s+)?(?:press|news|media)\s+"
    r"(?:conference|briefing)\b|\b(?:made\s+the\s+remarks|said|says)\s+when\s+asked\b",
    re.I,
)
# A report of one speech: "made the remarks during an address at the National Press Club".
_AT_SPEECH = re.compile(
    r"\b(?:made\s+the\s+remarks|said|spoke)\s+(?:during|in|at)\s+(?:an?|the|his|her|their)\s+"
    r"(?:\w+\s+)?(?:address|speech|keynote|lecture)\b",
    re.I,
)
# "During a joint conference following a bilateral meeting": a joint press conference.
_JOINT_CONFERENCE = re.compile(
    r"\b(?:at|during|in)\s+(?:a|the|their)\s+joint\s+(?:press\s+|news\s+)?conference\b", re.I
)
# Speakers' turns in a transcript: "Mao Ning:", "People's Daily:", "Question:" at a line start.
_TURN = re.compile(r"^\s*((?:[A-Z][\w’'.-]*\s){0,3}[A-Z][\w’'.-]*):\s", re.M)
_NOT_SPEAKERS = frozenset(
    [
        "Q",
        "A",
        "Date",
        "Time",
        "Venue",
        "Place",
        "Location",
        "Source",
        "Photo",
        "Note",
        "Notes",
        "Contact",
        "Media",
        "Tags",
        "Related",
        "Subject",
        "Title",
        "Attendees",
        "Participants",
        "Summary",
        "Background",
        "Editor's Note",
        "Read more",
        "Also read",
        "Update",
    ]
)
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
    r"calls\s+counterpart|(?<!courtesy\s)(?<!port\s)(?<!roll\s)(?<!wake-up\s)call\b"
    r"(?!\s+(?:on|for|upon|to)\b))",
    re.I,
)
_MEETING = re.compile(
    r"\b(?:met|meets|meet|meeting|talks|dialogue|2\s*\+\s*2|summit|consultations|"
    r"co-?chaired|held\s+(?:bilateral\s+)?talks|(?:hosted|received)(?!\s+(?:the\s+|an?\s+)?"
    r"(?:[\w-]+\s+){0,3}?(?:exercis|drill|[\w-]+\s+(?:19|20)\d\d|shipments?|deliver|award|prize))|official\s+visit|state\s+visit|"
    r"working\s+visit|(?!visiting\s+forces?\b)visit(?:ed|ing|s)?\s+(?:to\s+)?(?=(?-i:[A-Z])))",
    re.I,
)
# "made a call on his Indonesian counterpart", "paid a courtesy call on": a visit to a person.
_CALL_ON = re.compile(
    r"\b(?:paid|pays?|paying|made|makes?|making)\s+(?:an?\s+)?(?:courtesy\s+|official\s+|"
    r"introductory\s+)?(?:call|visit)s?\s+(?:on|to)\b|\bcall(?:ed|s)?\s+on\s+(?:his|her|their)\s+"
    r"(?:[\w-]+\s+){0,2}counterparts?\b",
    re.I,
)
# "the first official trip to Seoul by a Japanese defense minister": a visit.
_TRIP = re.compile(r"\b(?:official|working|two-day|three-day|first|overseas)\s+trip\s+to\b", re.I)
# A text that opens with a greeting is a speech: "Good afternoon, and thank you, General X".
_GREETING = re.compile(
    r"^\W*(?:[A-Z][\w ]{0,20}\.\s+)?(?:Good\s+(?:morning|afternoon|evening)|Ladies\s+and\s+"
    r"gentlemen|Excellenc(?:y|ies)|Distinguished\s+guests|Honou?rable\s+\w+|Thank\s+you\s+"
    r"(?:all|very\s+much|for\s+(?:having|inviting|the\s+kind)))\b"
)
# A past engagement a report mentions as background: "during Mr Luxon's visit to Manila last
# year", "since the state visit of Prime Minister X".
_PAST_AFTER = re.compile(
    r"[^.;]{0,50}?\b(?:last\s+(?:year|month|week)|(?:a|two|three|several)\s+(?:years?|months?)\s+"
    r"ago|in\s+(?:19|20)\d\d)\b",
    re.I,
)
_SINCE_BEFORE = re.compile(
    r"\bsince\s+(?:the\s+|his\s+|her\s+|their\s+)?(?:[\w'’-]+\s+){0,3}$", re.I
)
# "co-hosted annually in Thailand by ...": an exercise's or event's hosts, no meeting.
_CO_HOSTED = re.compile(r"\bco-?host(?:ed|s|ing)\b", re.I)
# A signing ceremony brings the signatories together.
_SIGNING = re.compile(r"\bsigning\s+ceremony|\bceremony\b(?=[^;]{0,200}?\bsign(?:ed|s)\b)", re.I)
# Words of meeting that report no meeting: "co-hosted by Thailand", "if they have received any
# document", "engage in meaningful dialogue", "visited the troops taking part in Exercise X".
_NO_MEETING = re.compile(
    r"(?:co-?)?hosted\s+by\b|received\s+(?:any|an?|the|its|their|no)?\s*(?:[\w-]+\s+){0,2}?"
    r"(?:documents?|reports?|information|letters?|requests?|briefs?|assistance|support|training|"
    r"awards?|shipments?|deliver\w*|calls?\s+from)\b|"
    r"\b(?:engage|engaging|engaged|resume|resuming|return\s+to|returning\s+to|call\s+for|calls\s+for|"
    r"urged?\s+\w+\s+to\s+\w+\s+in|through|via|by)\s+(?:\w+\s+){0,2}?(?:dialogue|talks)\b|"
    r"visit(?:ed|ing|s)?\s+(?:the\s+)?(?:[A-Z][\w()-]*\s+){0,4}?(?:troops|personnel|units?|"
    r"exercises?|Exercise|soldiers|sailors|base|ships?|command\s+post)\b",
    re.I,
)
# Meeting shapes without a meeting noun: "held the 7th ... policy consultation", "welcomed
# Singapore Defense Minister Ng Eng Hen to the Pentagon".
_MEETING_MORE = re.compile(
    r"\b(?:held|hold|holds|co-?chaired)\s+(?:the|a|an|their)\s+(?:[\w-]+\s+){0,9}?consultation\b|"
    r"\bwelcom(?:ed|es|ing)\s+(?:[A-Z][\w.'’-]*\s+){1,8}?to\s+(?:the\s+)?(?:Pentagon|[A-Z][a-z]+)\b",
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
# A wire dateline without a date: "BANGKOK –", "MANILA --".
_DASH_DATELINE = re.compile(
    r"^\W*[A-Z]{3,}(?:[ -][A-Z]{2,}){0,2}(?:,\s+[A-Z][A-Za-z]+)?\s+(?:--|—|–)\s"
)
_OTHER_TITLE = re.compile(
    r"\b(?:white\s+paper|annual\s+report|yearbook|blue\s+book|fact\s*sheet|backgrounder|"
    r"background\s+paper)\b",
    re.I,
)
# A background or policy paper opens with a heading of its own: "1. Background", "Overview".
_PAPER_HEADING = re.compile(
    r"^\s*(?:\d{1,2}[.)]\s*|[IVX]{1,4}[.)]\s*)?(?:Background|Overview)\s*$", re.M
)
# Before a call or meeting: it is not the engagement reported, only its context.
_CONTEXT = re.compile(r"\b(?:ahead\s+of|prior\s+to|in\s+the\s+run-up\s+to)\b", re.I)
# Before a call or meeting in a later sentence: not held (yet), so not what the report is about.
_NOT_HAPPENED = re.compile(
    r"\b(?:set\s+to|were\s+to|was\s+to|to\s+hold|will|would|plans?\s+to|scheduled|ahead\s+of|"
    r"expected\s+to|prior\s+to|next)\b",
    re.I,
)
# What a report is about when it is about an exercise or drills.
_EXERCISE_TOPIC = re.compile(
    r"\b(?:exercis\w*|drills?|war\s?games?|(?:military|naval)\s+(?:manoeuvres?|maneuvers?))\b", re.I
)
_NOT_MILITARY = re.compile(
    r"\bexercis\w*\s+(?:of\s+)?(?:self-)?(?:restraint|caution|patience)", re.I
)
# An institution's statement is what the opening reports: "The DFA said in a statement".
_STATES = re.compile(
    r"\b(?:ministry|department|government|office|embassy|spokes\w+|secretary|minister|"
    r"military|command|agency|council|DFA|MOFA|MFA|DND|MND|DoD|cabinet)\b[^.;]{0,40}?\b"
    r"(?:said|says|stated|states|announced|declared|added|noted)\b|"
    r"\b(?:said|stated)\s+in\s+a\s+(?:statement|press\s+release|news\s+release)\b",
    re.I,
)
_MADE_STATEMENT = re.compile(
    r"\b(?:ministry|department|government|office|embassy|spokes\w+|secretary|minister|"
    r"military|command|agency|council|DFA|MOFA|MFA|DND|MND|DoD|cabinet)\b[^.;]{0,40}?\b"
    r"made\s+(?:the|a)\s+statement\b",
    re.I,
)
# A report of one spokesperson's or ministry's words: "according to Thomas Pigott, Principal
# Deputy Spokesperson for the Department of State".
_ACCORDING = re.compile(
    r"\baccording\s+to\s+(?:[A-Z][\w.'’-]*\s*){1,4},\s+(?:the\s+)?(?:[A-Z]\w*\s+){0,3}"
    r"(?:Spokes\w+|Minister|Secretary|Ministry|Department)\b"
)
# Several ministers' statement: "ASEAN Foreign Ministers' Statement on ...".
_MINISTERS_STATEMENT = re.compile(
    r"\b(?:Ministers|Leaders|Chairs|Co-?[Cc]hairs)['’]\s+(?:Joint\s+)?Statement\b"
)
# Lines that only introduce the statement: "The below is attributable to Spokesperson X:".
_PREAMBLE = re.compile(
    r"(?:attributable\s+to|following\s+readout|provided\s+the\s+following|^\w+\s+\d{1,2},\s+\d{4}$)",
    re.I,
)


def lead_sentences(doc: Doc, n: int = 1) -> list[Sent]:
    """The first `n` sentences that say something (preambles and datelines skipped)."""
    out: list[Sent] = []
    for s in doc.sents:
        if len(out) >= n:
            break
        if not _PREAMBLE.search(s.text):
            out.append(s)
    return out


def _meeting_patterns() -> list[tuple[str, re.Pattern[str]]]:
    out = [("meeting", _COURTESY), ("call", _CALL), ("meeting", _MEETING)]
    if on("signing_ceremony"):
        out.append(("meeting", _SIGNING))
    if on("meeting_shapes"):
        out.append(("meeting", _MEETING_MORE))
    if on("call_on"):
        out.append(("meeting", _CALL_ON))
    if on("trip_visit"):
        out.append(("meeting", _TRIP))
    return out


def _search(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """The first match of a meeting pattern that is not a word of meeting without a meeting."""
    if not on("held_meeting_cue") or pattern is not _MEETING:
        return pattern.search(text)
    spans = [(n.start(), n.end()) for n in _NO_MEETING.finditer(text)]
    if on("co_hosted"):
        spans += [(n.start(), n.end()) for n in _CO_HOSTED.finditer(text)]
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
            if (_NOT_HAPPENED if held_only else _CONTEXT).search(before):
                return None
            if (
                held_only
                and on("background_visit")
                and (_PAST_AFTER.match(text, m.end()) or _SINCE_BEFORE.search(before))
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
    if on("news_dash_dateline") and _DASH_DATELINE.search(doc.text[:60]):
        return True
    return bool(DATELINE.search(doc.text[:120]) or _ATTRIBUTED.search(doc.text))


def _transcript(doc: Doc) -> bool:
    """A transcript: speakers' names in capitals, or two or more speakers taking turns."""
    said = _TRANSCRIPT.search(doc.text[:400])
    # A dateline in capitals is no speaker: "NEW DELHI: Defence Minister ... held".
    if said and (
        not on("dateline_speaker")
        or said.start() > 0
        or len(_TRANSCRIPT.findall(doc.text[:3000])) > 1
    ):
        return True
    turns = [
        t.group(1)
        for t in _TURN.finditer(doc.text[:3000])
        if t.group(1) not in _NOT_SPEAKERS and len(t.group(1)) > 1
    ]
    # One question and its answer is a spokesperson's Q&A release, not a press conference.
    return len(turns) >= (3 if on("three_turns") else 2) and len(set(turns)) >= 2


def _speech(doc: Doc, source: str | None) -> bool:
    title = doc.title
    if _PRESS_CONFERENCE.search(title) and not re.search(r"\bremarks\s+on\b", title, re.I):
        return True
    if _SPEECH_TITLE.search(title) and not _SPOKESPERSON.search(title):
        return True
    if source and re.search(r"\((?:[^()]*\b)?(?:speech|transcript)\)", source, re.I):
        return True
    if on("greeting_speech") and _GREETING.search(doc.text[:120]):
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
    if _EXERCISE_TOPIC.search(_NOT_MILITARY.sub("", head)):
        return "news_report"
    if opening and (
        _STATES.search(opening.text)
        or (on("report_of_speech") and _MADE_STATEMENT.search(opening.text))
    ):
        return "press_release"
    if on("attributed_statement") and any(_ACCORDING.search(s.text) for s in lead[:2]):
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
        _MINISTERS_STATEMENT.search(f"{doc.title}\n{source or ''}")
    )
    if (
        _JOINT.search(head)
        or several
        or (source and not news and on("joint_source") and _JOINT.search(source))
    ):
        return "joint_statement", opening
    # A report whose opening is the meeting itself is about the meeting, even when it goes on
    # to quote the joint statement issued after it.
    met = bool(opening and meet_or_call(opening.text, held_only=True))
    if (
        news
        and len(lead) > 1
        and _JOINT.search(lead[1].text)
        and not (met and on("joint_in_second"))
    ):
        return "joint_statement", lead[1]
    if _speech(doc, source):
        return "speech", opening
    if _QA.search(doc.text[:200]):
        return "press_release", opening
    if _OTHER_TITLE.search(doc.title) or (
        on("paper_heading") and _PAPER_HEADING.match(doc.text[:200].lstrip("\n"))
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
                if _AT_PRESS_CONFERENCE.search(s.text)
                or (on("report_of_speech") and _AT_SPEECH.search(s.text))
                or (on("joint_conference") and _JOINT_CONFERENCE.search(s.text))
            ),
            None,
        )
    )
    if briefing or (news and source and _PRESS_CONFERENCE.search(source)):
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

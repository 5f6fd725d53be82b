"""The cues engagement.py reads: compiled patterns of the language of calls, meetings, joint
statements, speeches, transcripts and reports, each with an example of what it catches.
Data only (no logic); engagement.py owns their order and use. Pure.
"""

from __future__ import annotations

import re

JOINT = re.compile(
    r"\b(?:joint|trilateral|quadrilateral|bilateral|leaders['’]?)\s+(?:press\s+|leaders['’]?\s+)?"
    r"(?:statement|declaration|communiqu\w*|readout)\b",
    re.I,
)
SPEECH_TITLE = re.compile(
    r"\b(?:speech|remarks\s+(?:by|at|to)|address\s+(?:by|at|to)|keynote|press\s+conference|"
    r"news\s+conference|press\s+briefing|media\s+availability|transcript|interview|lecture|"
    r"opening\s+remarks)\b",
    re.I,
)
SPOKESPERSON = re.compile(r"\bspokes(?:person|man|woman)['’]?s?\b", re.I)
PRESS_CONFERENCE = re.compile(
    r"\b(?:press|news|media)\s+(?:conference|briefing)s?\b|\bbriefing\b", re.I
)
# A press conference the report is about: "told a regular press conference", "made the remarks
# at a daily news briefing", "during a routine press briefing".
AT_PRESS_CONFERENCE = re.compile(
    r"\b(?:told|at|during|in|to)\s+(?:a|the|its|his|her|their)\s+(?:(?:regular|routine|daily|"
    r"weekly|monthly|regularly\s+scheduled|scheduled)\s+)?(?:press|news|media)\s+"
    r"(?:conference|briefing)\b|\b(?:made\s+the\s+remarks|said|says)\s+when\s+asked\b",
    re.I,
)
# A report of one speech: "made the remarks during an address at the National Press Club".
AT_SPEECH = re.compile(
    r"\b(?:made\s+the\s+remarks|said|spoke)\s+(?:during|in|at)\s+(?:an?|the|his|her|their)\s+"
    r"(?:\w+\s+)?(?:address|speech|keynote|lecture)\b",
    re.I,
)
# "During a joint conference following a bilateral meeting": a joint press conference.
JOINT_CONFERENCE = re.compile(
    r"\b(?:at|during|in)\s+(?:a|the|their)\s+joint\s+(?:press\s+|news\s+)?conference\b", re.I
)
# Speakers' turns in a transcript: "Mao Ning:", "People's Daily:", "Question:" at a line start.
TURN = re.compile(r"^\s*((?:[A-Z][\w’'.-]*\s){0,3}[A-Z][\w’'.-]*):\s", re.M)
NOT_SPEAKERS = frozenset(
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
TRANSCRIPT = re.compile(r"^(?:[A-Z][A-Z.'’-]+\s+){1,6}[A-Z][A-Z.'’-]+:\s", re.M)
QA = re.compile(r"^\s*Q\s*[:.]", re.M)
COURTESY = re.compile(
    r"\bcourtesy\s+call|\b(?:called|calls?|calling)\s+on\s+(?:the\s+)?(?:(?-i:[A-Z])\w+\s+)?"
    r"(?:Prime\s+Minister|President|Minister|Secretary|Chancellor|King|Emperor|Premier|"
    r"His\s+Excellency|Her\s+Excellency|Mr|Ms|Dr)\b",
    re.I,
)
CALL = re.compile(
    r"\b(?:tele(?:phone|phonic|con\w*)|phone|video\s*(?:call|conference|link|teleconference)|"
    r"virtual\s+(?:meeting|call|talks)|spoke\s+(?:today\s+|by\s+phone\s+|on\s+the\s+phone\s+)?"
    r"with|spoke\s+by\s+phone|calls?\s+with|calls\s+(?:his\s+|her\s+|their\s+)?(?-i:[A-Z])\w+|"
    r"calls\s+counterpart|(?<!courtesy\s)(?<!port\s)(?<!roll\s)(?<!wake-up\s)call\b"
    r"(?!\s+(?:on|for|upon|to)\b))",
    re.I,
)
MEETING = re.compile(
    r"\b(?:met|meets|meet|meeting|talks|dialogue|2\s*\+\s*2|summit|consultations|"
    r"co-?chaired|held\s+(?:bilateral\s+)?talks|(?:hosted|received)(?!\s+(?:the\s+|an?\s+)?"
    r"(?:[\w-]+\s+){0,3}?(?:exercis|drill|[\w-]+\s+(?:19|20)\d\d|shipments?|deliver|award|prize))|official\s+visit|state\s+visit|"
    r"working\s+visit|(?!visiting\s+forces?\b)visit(?:ed|ing|s)?\s+(?:to\s+)?(?=(?-i:[A-Z])))",
    re.I,
)
# "made a call on his Indonesian counterpart", "paid a courtesy call on": a visit to a person.
CALL_ON = re.compile(
    r"\b(?:paid|pays?|paying|made|makes?|making)\s+(?:an?\s+)?(?:courtesy\s+|official\s+|"
    r"introductory\s+)?(?:call|visit)s?\s+(?:on|to)\b|\bcall(?:ed|s)?\s+on\s+(?:his|her|their)\s+"
    r"(?:[\w-]+\s+){0,2}counterparts?\b",
    re.I,
)
# "the first official trip to Seoul by a Japanese defense minister": a visit.
TRIP = re.compile(r"\b(?:official|working|two-day|three-day|first|overseas)\s+trip\s+to\b", re.I)
# A text that opens with a greeting is a speech: "Good afternoon, and thank you, General X".
GREETING = re.compile(
    r"^\W*(?:[A-Z][\w ]{0,20}\.\s+)?(?:Good\s+(?:morning|afternoon|evening)|Ladies\s+and\s+"
    r"gentlemen|Excellenc(?:y|ies)|Distinguished\s+guests|Honou?rable\s+\w+|Thank\s+you\s+"
    r"(?:all|very\s+much|for\s+(?:having|inviting|the\s+kind)))\b"
)
# A past engagement a report mentions as background: "during Mr Luxon's visit to Manila last
# year", "since the state visit of Prime Minister X".
PAST_AFTER = re.compile(
    r"[^.;]{0,50}?\b(?:last\s+(?:year|month|week)|(?:a|two|three|several)\s+(?:years?|months?)\s+"
    r"ago|in\s+(?:19|20)\d\d)\b",
    re.I,
)
SINCE_BEFORE = re.compile(
    r"\bsince\s+(?:the\s+|his\s+|her\s+|their\s+)?(?:[\w'’-]+\s+){0,3}$", re.I
)
# "co-hosted annually in Thailand by ...": an exercise's or event's hosts, no meeting.
CO_HOSTED = re.compile(r"\bco-?host(?:ed|s|ing)\b", re.I)
# A signing ceremony brings the signatories together.
SIGNING = re.compile(r"\bsigning\s+ceremony|\bceremony\b(?=[^;]{0,200}?\bsign(?:ed|s)\b)", re.I)
# Words of meeting that report no meeting: "co-hosted by Thailand", "if they have received any
# document", "engage in meaningful dialogue", "visited the troops taking part in Exercise X".
NO_MEETING = re.compile(
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
MEETING_MORE = re.compile(
    r"\b(?:held|hold|holds|co-?chaired)\s+(?:the|a|an|their)\s+(?:[\w-]+\s+){0,9}?consultation\b|"
    r"\bwelcom(?:ed|es|ing)\s+(?:[A-Z][\w.'’-]*\s+){1,8}?to\s+(?:the\s+)?(?:Pentagon|[A-Z][a-z]+)\b",
)
# A third party attributing the news to an institution: "the defense ministry said",
# "according to the Ministry of Defence", "said the AFP in a statement".
ATTRIBUTED = re.compile(
    r"\b(?:ministry|government|military|navy|army|department|command|spokesperson|spokesman|"
    r"statement|agency|office)\s+(?:said|stated|added|continued|noted)\b|"
    r"\baccording\s+to\s+(?:the\s+)?(?:\w+\s+){0,3}(?:ministry|government|military|"
    r"department|command|statement|agency|office|officials?)\b|"
    r"\bsaid\s+the\s+(?:\w+\s+){0,3}(?:in\s+a\s+statement|ministry|military|government)\b|"
    r"\b(?:the\s+)?(?:\w+\s+)?government\s+said\b",
    re.I,
)
# A wire dateline without a date: "BANGKOK –", "MANILA --".
DASH_DATELINE = re.compile(
    r"^\W*[A-Z]{3,}(?:[ -][A-Z]{2,}){0,2}(?:,\s+[A-Z][A-Za-z]+)?\s+(?:--|—|–)\s"
)
OTHER_TITLE = re.compile(
    r"\b(?:white\s+paper|annual\s+report|yearbook|blue\s+book|fact\s*sheet|backgrounder|"
    r"background\s+paper)\b",
    re.I,
)
# A background or policy paper opens with a heading of its own: "1. Background", "Overview".
PAPER_HEADING = re.compile(
    r"^\s*(?:\d{1,2}[.)]\s*|[IVX]{1,4}[.)]\s*)?(?:Background|Overview)\s*$", re.M
)
# Before a call or meeting: it is not the engagement reported, only its context.
CONTEXT = re.compile(r"\b(?:ahead\s+of|prior\s+to|in\s+the\s+run-up\s+to)\b", re.I)
# Before a call or meeting in a later sentence: not held (yet), so not what the report is about.
NOT_HAPPENED = re.compile(
    r"\b(?:set\s+to|were\s+to|was\s+to|to\s+hold|will|would|plans?\s+to|scheduled|ahead\s+of|"
    r"expected\s+to|prior\s+to|next)\b",
    re.I,
)
# What a report is about when it is about an exercise or drills.
EXERCISE_TOPIC = re.compile(
    r"\b(?:exercis\w*|drills?|war\s?games?|(?:military|naval)\s+(?:manoeuvres?|maneuvers?))\b", re.I
)
NOT_MILITARY = re.compile(
    r"\bexercis\w*\s+(?:of\s+)?(?:self-)?(?:restraint|caution|patience)", re.I
)
# An institution's statement is what the opening reports: "The DFA said in a statement".
STATES = re.compile(
    r"\b(?:ministry|department|government|office|embassy|spokes\w+|secretary|minister|"
    r"military|command|agency|council|DFA|MOFA|MFA|DND|MND|DoD|cabinet)\b[^.;]{0,40}?\b"
    r"(?:said|says|stated|states|announced|declared|added|noted)\b|"
    r"\b(?:said|stated)\s+in\s+a\s+(?:statement|press\s+release|news\s+release)\b",
    re.I,
)
MADE_STATEMENT = re.compile(
    r"\b(?:ministry|department|government|office|embassy|spokes\w+|secretary|minister|"
    r"military|command|agency|council|DFA|MOFA|MFA|DND|MND|DoD|cabinet)\b[^.;]{0,40}?\b"
    r"made\s+(?:the|a)\s+statement\b",
    re.I,
)
# A report of one spokesperson's or ministry's words: "according to Thomas Pigott, Principal
# Deputy Spokesperson for the Department of State".
ACCORDING = re.compile(
    r"\baccording\s+to\s+(?:[A-Z][\w.'’-]*\s*){1,4},\s+(?:the\s+)?(?:[A-Z]\w*\s+){0,3}"
    r"(?:Spokes\w+|Minister|Secretary|Ministry|Department)\b"
)
# Several ministers' statement: "ASEAN Foreign Ministers' Statement on ...".
MINISTERS_STATEMENT = re.compile(
    r"\b(?:Ministers|Leaders|Chairs|Co-?[Cc]hairs)['’]\s+(?:Joint\s+)?Statement\b"
)
# Lines that only introduce the statement: "The below is attributable to Spokesperson X:".
PREAMBLE = re.compile(
    r"(?:attributable\s+to|following\s+readout|provided\s+the\s+following|^\w+\s+\d{1,2},\s+\d{4}$)",
    re.I,
)

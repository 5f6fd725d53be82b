"""Who takes part in an exercise, from the sentences that speak of it.

Owns telling a participant from the other countries an exercise sentence names, the way
statements list them: "the navies of A, B and C", "the X Navy", ships ("INS/JS/USS/HMAS ..."),
"forces from A and B", "alongside A", "which also included A", and the anaphora "troops from the
three nations" (the last list of three countries before it). Left out:
- observers: the nearer of an "observe" word and a "take part" word decides, inside the clause
  ("participation of Australia and the observation by Japan"; "China sent observers");
- places: "off the coast of Guam", "in Japan", "at Misawa", "Darwin, Australia";
- targets and addressees: "drills around Taiwan", "a message to China", "a protest from China";
- other clauses: "..., while Chinese vessels watched"; "; Japan observed the exercise".
Pure.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.analysis.doc import Doc, Sent
from bot.analysis.matcher import Mention
from bot.analysis.rules import on

_OBSERVE = re.compile(r"\bobserv\w*", re.I)
_JOINS = re.compile(
    r"\b(?:participat\w*|involv\w*|join\w*|inclu\w*|take\s+part|took\s+part|taking\s+part|"
    r"alongside|together\s+with|along\s+with|with)\b",
    re.I,
)
# The list word right after the observer noun: "Observers, including", "Observer Program,
# including", "observer nations such as" (no country named in between).
_LIST_WORD = re.compile(r"[\w-]*(?:\s+[A-Z][\w-]*){0,2}[\s,]+(?:including|such\s+as)\b")
# ... or a dash after the observer team's name: "the Combined Observer Liaison team (COLT) – A, B".
_LIST_DASH = re.compile(r"[\w-]*(?:\s+[A-Za-z][\w-]*){0,3}(?:\s*\([^()]{1,12}\))?\s*[–—:]")
# "Niuatoputapu (Tonga)": a place, then in brackets the country it is in.
_IN_BRACKETS = re.compile(r"\b([A-Z][\w'’.-]+)\s*\(\s*$")
_JOINS_ONLY = re.compile(
    r"\b(?:participat\w*|join\w*|take\s+part|took\s+part|taking\s+part)\b", re.I
)
# Sentences that name an exercise's participants without naming the exercise.
TAKE_PART = re.compile(
    r"\b(?:participat\w*|involv\w*|join\w*|take\s+part|took\s+part|taking\s+part|collaborat\w*|"
    r"contribut\w*|includ\w*|alongside|train(?:ed|ing)?\s+(?:together|with|alongside))\b",
    re.I,
)
# A clause ends at a semicolon or before a word that starts another event.
_CLAUSE = re.compile(
    r";|\s—\s|\b(?:while|whereas|amid|amidst|despite|although|though|but|after|days?\s+after|"
    r"weeks?\s+after)\b",
    re.I,
)
_PLACE_BEFORE = re.compile(
    r"\b(?:in|at|off|near|around|across|over|into|to|toward|towards|against|within|inside|"
    r"coast\s+of|waters\s+of|east\s+of|west\s+of|north\s+of|south\s+of|encircl\w*|surrounding|"
    # ports of call: "with stops scheduled for A, B and C", "port calls in A", "visits to A"
    r"(?:message|signal|snub|warning|rebuke|protest|criticism|objection|opposition|"
    r"condemnation|reaction|response|concern)s?\s+(?:from|by|to|of|against))\s+(?:the\s+)?$",
    re.I,
)
# Ports of call: "with stops scheduled for A, B and C", "port calls in A", "visits to A".
_PORTS_BEFORE = re.compile(
    r"\b(?:stops?\s+(?:\w+\s+)?(?:for|in|at)|port\s+(?:calls?|visits?)\s+(?:in|at|to)|"
    r"visits?\s+to)\s+(?:the\s+)?$",
    re.I,
)
# ... and the threat an exercise answers: "neutralizing North Korean threats".
_TARGET_AFTER = re.compile(
    r"^\W*\s*(?:independence|separatis\w*|threats?|provocations?|aggression|attacks?|"
    r"invasions?|incursions?)\b",
    re.I,
)
_APPOSITION = re.compile(r"\b([A-Z][\w'’.-]+),\s+$")
_NUMBERS = {
    "both": 2,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
_ANAPHORA = re.compile(
    r"\b(?:the|all|both|these|our)\s+(?:(two|three|four|five|six|seven|eight|nine|ten|\d+)\s+)?"
    r"(?:nations|countries|navies|militaries|armies|air\s+forces|forces|sides|partners|allies)\b"
    r"|\bboth\s+(?:nations|countries|navies|militaries|sides)\b",
    re.I,
)


# The role a list is given right after it: "with Malaysia and Vietnam attending as observers".
_AS_OBSERVERS = re.compile(
    r"[^,;.]{0,30}?\b(?:attend\w*|present|participat\w*|join\w*|tak\w+\s+part|sent|send\w*)?"
    r"\s*as\s+(?:an?\s+)?observers?\b",
    re.I,
)
# Taking part denied: "Although they did not participate this year, the Royal New Zealand Air
# Force won last year's belt".
_NOT_TAKING_PART = re.compile(
    r"\b(?:not|never|no\s+longer)\s+(?:\w+\s+)?(?:participat\w*|join\w*|tak\w+\s+part|"
    r"attend\w*)\b|\b(?:absent|withdr[ae]w\w*|pulled\s+out)\b",
    re.I,
)
# Taking part without a verb of taking part: "hone their skills with members of the Royal
# Australian Air Force", "trained alongside personnel from".
TAKE_PART_WITH = re.compile(
    r"\bwith\s+(?:members|personnel|forces|units|troops|sailors|airmen|soldiers|marines|"
    r"counterparts|crews|teams|aircrews?|service\s+members)\s+(?:of|from)\b",
    re.I,
)


def takes_part(text: str) -> re.Match[str] | None:
    """A word of taking part in `text` (TAKE_PART, or "with members of ...")."""
    return TAKE_PART.search(text) or (TAKE_PART_WITH.search(text) if on("as_observers") else None)


@lru_cache(maxsize=512)
def _breaks(text: str) -> tuple[tuple[int, int, bool], ...]:
    return tuple((m.start(), m.end(), m.group() in (";", " — ")) for m in _CLAUSE.finditer(text))


def clause_of(sent: Sent, pos: int) -> tuple[int, int]:
    """The clause (start, end), offsets in the sentence, that holds sentence offset `pos`."""
    start, end = 0, len(sent.text)
    for b_start, b_end, punct in _breaks(sent.text):
        if b_start <= pos:
            start = b_end if punct else b_start
        else:
            end = b_start
            break
    return start, end


def is_observer(sent: Sent, m: Mention) -> bool:
    """The nearer of an "observe" word and a "take part" word, inside the clause, decides. A
    list word ("including", "such as") only carries on the noun before it: "its International
    Observer Program, including representatives from A and B" lists observers."""
    lo, hi = m.start - sent.start, m.end - sent.start
    c_start, c_end = clause_of(sent, lo)
    after = sent.text[hi : min(c_end, hi + 40)]
    before = sent.text[max(c_start, lo - 60) : lo]
    seen = list(_OBSERVE.finditer(sent.text, c_start, lo))
    if seen:
        listed = _LIST_WORD.match(sent.text, seen[-1].end()) if on("observer_list") else None
        if listed is None and on("observer_team"):
            listed = _LIST_DASH.match(sent.text, seen[-1].end())
        if listed and not _JOINS_ONLY.search(sent.text, listed.end(), lo):
            return True
    distances: list[tuple[int, bool]] = []
    for pattern, observer in ((_OBSERVE, True), (_JOINS, False)):
        a = pattern.search(after)
        if a:
            distances.append((a.start(), observer))
        b = list(pattern.finditer(before))
        if b:
            distances.append((len(before) - b[-1].end(), observer))
    return bool(distances) and min(distances)[1]


def _is_place_or_target(sent: Sent, m: Mention, run_start: int) -> bool:
    lo = run_start - sent.start
    window = max(0, lo - 40)
    before = sent.text[window:lo]
    after = sent.text[m.end - sent.start : m.end - sent.start + 20]
    if (
        _PLACE_BEFORE.search(before)
        or (on("ports_of_call") and _PORTS_BEFORE.search(before))
        or (on("threat_after") and _TARGET_AFTER.search(after))
    ):
        return True
    if on("place_in_brackets") and m.kind == "country":
        br = _IN_BRACKETS.search(before)
        word_end = sent.start + window + br.end(1) if br else -1
        if br and not any(x.end == word_end for x in sent.mentions):
            return True
    # "Darwin, Australia": a place name, then the country it is in (not "Japan, Australia").
    ap = _APPOSITION.search(before) if m.kind == "country" else None
    if ap is None:
        return False
    word_end = sent.start + window + ap.end(1)
    # "Hokkaido, Japan": a named place before the country is a place too.
    kinds = ("country", "force", "group") if on("place_in_brackets") else None
    return not any(x.end == word_end and (kinds is None or x.kind in kinds) for x in sent.mentions)


def _runs(sent: Sent, doc: Doc) -> list[list[Mention]]:
    """Country mentions grouped into coordinations ("India, Japan and the United States")."""
    runs: list[list[Mention]] = []
    for m in sent.mentions:
        if m.kind not in ("country", "force", "group"):
            continue
        gap = doc.text[runs[-1][-1].end : m.start] if runs else ""
        if runs and re.fullmatch(r"\s*(?:,|,?\s+and|,?\s+&)\s+(?:the\s+)?", gap):
            runs[-1].append(m)
        else:
            runs.append([m])
    return runs


def _anaphora(sent: Sent, clause: tuple[int, int], before: list[Sent], doc: Doc) -> list[str]:
    """Countries "the three nations" refers to: the last list of that many before it; for
    "both countries" with no such list, the two sides the opening names."""
    m = _ANAPHORA.search(sent.text, clause[0], clause[1])
    if m is None:
        return []
    said = (m.group(1) or "").lower()
    n = _NUMBERS.get(said) or (int(said) if said.isdigit() else 0)
    if m.group().lower().startswith("both"):
        n = 2
    for prev in reversed(before[-3:]):
        for run in reversed(_runs(prev, doc)):
            codes = doc.codes(run)
            if len(codes) >= 2 and (n == 0 or len(codes) == n):
                return codes
    return []


def participants(sents: list[Sent], anchors: dict[int, list[int]], doc: Doc) -> list[str]:
    """Participants named in `sents`. `anchors`: sentence index -> offsets (in the sentence)
    where the exercise is named or referred to; there, the clauses of the exercise and the
    clauses with a word of taking part count; in other sentences only the latter."""
    out: list[str] = []
    for sent in sents:
        spans = [clause_of(sent, a) for a in anchors.get(sent.index, ())]
        spans += [clause_of(sent, t.start()) for t in TAKE_PART.finditer(sent.text)]
        if on("as_observers"):
            spans += [clause_of(sent, t.start()) for t in TAKE_PART_WITH.finditer(sent.text)]
        for run in _runs(sent, doc):
            role = on("as_observers") and bool(
                _AS_OBSERVERS.match(sent.text, run[-1].end - sent.start)
            )
            for m in run:
                lo = m.start - sent.start
                if not any(s <= lo < e for s, e in spans):
                    continue
                if role or is_observer(sent, m) or _is_place_or_target(sent, m, run[0].start):
                    continue
                if on("as_observers") and _NOT_TAKING_PART.search(
                    sent.text, clause_of(sent, lo)[0], lo
                ):
                    continue
                out.extend(c for c in doc.codes([m]) if c not in out)
        for span in spans:
            earlier = [s for s in doc.sents if s.index < sent.index]
            out.extend(c for c in _anaphora(sent, span, earlier, doc) if c not in out)
    return out

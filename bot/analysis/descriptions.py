"""Agreements a statement describes instead of naming: "two memoranda of understanding on
maritime cooperation", "signed an agreement on defence logistics", "an agreement between A, B
and C for the exchange of ...", "the signing of a cost-sharing arrangement", and the subject a
description gives them. Used by `agreements`. Pure.
"""

from __future__ import annotations

import re

from bot.analysis.doc import Doc, Sent
from bot.analysis.gazetteer import fold
from bot.analysis.rules import on

# "in" goes on a title ("... Technical Cooperation in Earth Observations") but not before a
# place or a date ("the Agreement on Defence Cooperation in Canberra", "... in November").
_IN_NAME = re.compile(r"\s+in\s+([A-Z][\w'’.-]*)")
# Lower-case descriptions with a subject. A memorandum of understanding is always a document;
# an "agreement on" is one only after a verb of signing or negotiating.
_MOU = re.compile(
    r"\b(?:memorand(?:um|a)\s+of\s+understanding|mous?|MOUs?|MoUs?|joint\s+declarations?|"
    r"exchanges?\s+of\s+notes)\s+"
    r"(?:\([^)]{2,8}\)\s+)?(?:on|concerning|regarding|for|in\s+the\s+field\s+of)\s+",
    re.I,
)
_SIGNED_LOWER = re.compile(
    r"\b(?:sign\w*|ink\w*|conclud\w*|exchang\w*|renew\w*|finali[sz]\w*|initial+ed|ratif\w*|"
    r"entered\s+into|negotiat\w*(?:\s+(?:on|of|for))?)\s+(?:an?|the|two|three|four|several|\d+|"
    r"new|its|their)?\s*(?:[\w-]+\s+){0,3}?"
    r"(agreements?|arrangements?|pacts?|accords?|treat(?:y|ies)|protocols?)\s+"
    r"(?:on|concerning|regarding|relating\s+to|in\s+the\s+field\s+of)\s+"
)
# "an agreement between the U.S. government, the Australian government, and the UK government
# for the exchange of naval nuclear propulsion information": parties, then a subject.
_BETWEEN_FOR = re.compile(
    r"\b(?:an?|the)\s+(agreements?|arrangements?|pacts?|accords?|treat(?:y|ies))\s+"
    r"(?:between|among)\s+([^;]{5,140}?)\s+(for|on|concerning|regarding)\s+"
)
_PARTY_WORDS = re.compile(r"\b(?:governments?|countries|nations|sides|states)\b", re.I)
# "the recent signing of a cost-sharing arrangement": an unnamed agreement known by a compound
# that says what it does (not "a long-term agreement" or "a landmark pact").
_COMPOUND_SIGNED = re.compile(
    r"\b(sign(?:ed|ing|s)?(?:\s+of)?|ink(?:ed|ing|s)?|conclu(?:ded|ding|sion\s+of)|exchang\w+)\s+"
    r"(?:a|an|the|its|their|new)\s+(?:new\s+|bilateral\s+)?([a-z]+-[a-z]+)\s+"
    r"(arrangement|agreement|pact|accord|treaty)\b(?!\s+(?:on|concerning|regarding|for|with))"
)
_ISSUED_BEFORE = re.compile(
    r"\b(?:issu|releas|adopt|announc|publish)\w*\s+(?:a|an|the|their)?\s*$", re.I
)


def tidy(raw: str, doc: Doc) -> str:
    """A name without trailing function words or punctuation: 'Treaty of X between the'."""
    g = doc.gazetteer
    for im in _IN_NAME.finditer(raw):
        word = fold(im.group(1).strip(",;:."))
        if (
            word in g.names
            or word in g.regions
            or word in g.words["not_exercise_names"]
            or any(m.kind in ("country", "region", "other") for m in g.table.scan(im.group(1)))
        ):
            raw = raw[: im.start()]
            break
    words = raw.split()
    dates = doc.gazetteer.words["not_exercise_names"]  # "... Declaration on Monday"
    for i, w in enumerate(words[1:], 1):
        if fold(w.strip(",;:.")) in dates and fold(words[i - 1]) in ("on", "in", "of"):
            words = words[: i - 1]
            break
    trailing = doc.gazetteer.words["agreement_trailing"]
    while words and fold(words[-1].strip(",;:")) in trailing:
        words.pop()
    name = " ".join(words).strip(" ,;:")
    if name.endswith(".") and not re.search(r"\b[A-Z]\.$", name):
        name = name[:-1]
    return name


def subject_of(text: str, start: int, doc: Doc) -> str:
    """The subject of a lower-case description: 'maritime cooperation' in '... MoU on maritime
    cooperation with Vietnam'. Words up to punctuation or a word that starts a new phrase; "in"
    only before a name ("incident prevention in the South China Sea")."""
    out: list[str] = []
    stop = doc.gazetteer.words["agreement_subject_stop"]
    for m in re.finditer(r"[^\s,.;:()\"“”‘’]+|[,.;:()\"“”‘’]", text[start : start + 120]):
        w = m.group()
        low = w.lower()
        named = on("np_grammar") and bool(out) and out[-1][:1].isupper()
        if not re.match(r"[\w'-]", w) or low in stop or len(out) >= (16 if named else 8):
            break
        if low == "in" and not re.match(r"\s+the\s+[A-Z]", text[start + m.end() :]):
            break
        out.append(w)
    return tidy(" ".join(out), doc)


def complement(text: str, start: int, doc: Doc) -> str:
    """A lower-case complement of a signed title: 'for cooperation in the field of Hydrography'
    (up to a party complement, a place or punctuation)."""
    m = re.match(r"(for|on|concerning|regarding)\s+", text[start:])
    if m is None:
        return ""
    field = re.match(
        r"(.*?\s+in\s+the\s+field\s+of\s+)", text[start + m.end() : start + m.end() + 60]
    )
    lead = m.group() + (field.group(1) if field else "")
    subject = subject_of(text, start + len(lead), doc)
    return f"{lead}{subject}".strip() if subject else ""


# A memorandum of understanding signed or implemented, with no subject of its own: "the
# effective implementation of a Memorandum of Understanding in the field signed in 2010".
_BARE_MOU = re.compile(
    r"\b(?:sign\w*|implement\w*|conclu\w*|ink\w*|renew\w*|their|its|our)\s+(?:of\s+)?(?:an?\s+|the\s+|"
    r"their\s+|its\s+|our\s+)?(memorand(?:um|a)\s+of\s+understanding|MoUs?|MOUs?)\b",
    re.I,
)
_ANAPHORIC = re.compile(
    r"(?:the|this|that|these|such)\s+(?:collaboration|cooperation|matter|issue|"
    r"field|area|subject|partnership)s?",
    re.I,
)


def lower_case(sent: Sent, doc: Doc) -> list[tuple[str, int, int]]:
    """(name, start, end) of described agreements: 'MOU on maritime cooperation'."""
    out: list[tuple[str, int, int]] = []
    text = sent.text
    for cm in _COMPOUND_SIGNED.finditer(text) if on("compound_signed") else ():
        words = cm.group(2).lower().split("-")
        if not any(w in doc.gazetteer.words["agreement_not_compound"] for w in words):
            out.append((f"{cm.group(2)} {cm.group(3)}", cm.start(2), cm.end(3)))
    for bm in _BETWEEN_FOR.finditer(text) if on("between_for") else ():
        parties = doc.codes(doc.gazetteer.table.scan(bm.group(2)))
        subject = subject_of(text, bm.end(), doc)
        if subject and (len(parties) >= 2 or _PARTY_WORDS.search(bm.group(2))):
            noun = bm.group(1).rstrip("s").replace("treati", "treaty").capitalize()
            out.append((f"{noun} {bm.group(3)} {subject}", bm.start(1), bm.end() + len(subject)))
    for pattern, head in ((_MOU, "MOU"), (_SIGNED_LOWER, "")):
        for m in pattern.finditer(text):
            noun = head or m.group(1).rstrip("s").replace("treati", "treaty").capitalize()
            if m.group().lower().startswith("exchange"):
                noun = "Exchange of notes"
            elif m.group().lower().startswith("joint"):
                if _ISSUED_BEFORE.search(text, max(0, m.start() - 30), m.start()):
                    continue  # "issued a joint declaration on X" is the statement itself
                noun = "Joint declaration"
            pos, first = m.end(), m.start()
            while True:
                subject = subject_of(text, pos, doc)
                if on("bare_mou") and _ANAPHORIC.fullmatch(subject):
                    subject = ""  # "their MoU on the collaboration": the subject said before
                if subject:
                    out.append((f"{noun} on {subject}", first, pos + len(subject)))
                more = re.match(
                    r"\s+and\s+(?:on|concerning|regarding)\s+", text[pos + len(subject) :]
                )
                if not subject or not more:
                    break
                pos = first = pos + len(subject) + more.end()
    if on("bare_mou"):
        out += [("MOU", b.start(1), b.end(1)) for b in _BARE_MOU.finditer(text)]
    return out

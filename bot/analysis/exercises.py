"""Military exercises and drills: which, who takes part, and whether held, ongoing, completed,
planned or announced.

Owns finding exercise names (the catalogue in data/exercises.yaml, and unknown names from the
words around them: "Exercise 'X'", "the X exercise", "X-2024 drills", "drills code-named 'X'"),
telling a military exercise from "exercise restraint", a "tsunami exercise" or "exercising stock
options", and the participants (observers left out). Status and dates are `exercise_status`.
Pure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.analysis.doc import Doc, Sent
from bot.analysis.exercise_status import status_of, when_of
from bot.analysis.gazetteer import fold
from bot.analysis.participants import participants, takes_part
from bot.analysis.rules import on
from bot.models import KeyPoint

_Q = "\"“”‘’'"
_CAP = r"[A-Z][\w'’]*(?:-[A-Z]\w*)?"
_EDITION = r"(?:[\s-]*(?:19|20)?\d\d[A-Z]?\b)?(?:\s+Phase[\s-]*\w+)?"
_NAMED = [
    # drills code-named 'Joint Sword-2024B'; an exercise called "X"
    # (not 'the so-called "rules-based order"'; a military word must be in the sentence)
    re.compile(
        rf"\b(?:code-?named|dubbed|(?<!so-)(?<!so\s)called|named|titled)\s*[{_Q}]"
        rf"([^{_Q}]{{2,40}})[{_Q}]"
    ),
    # Exercise Talisman Sabre / Exercise "Malabar" / Exercise FREEDOM EDGE
    re.compile(
        rf"(?:\b|(?<=\d(?:st|nd|rd|th)))[Ee]xercise\s+[{_Q}]?({_CAP}(?:\s+{_CAP}){{0,3}})"
        rf"{_EDITION}[{_Q}]?"
    ),
    # the Freedom Edge exercise / Joint Sword-2024B drills / "Malabar" exercise
    re.compile(
        rf"[{_Q}]?\b({_CAP}(?:\s+{_CAP}){{0,3}}){_EDITION}[{_Q}]?\s+"
        r"(?:[Ee]xercises?|[Dd]rills?|[Ww]ar\s?games?)\b"
    ),
    # an apposition: 'Garuda Strike, a joint exercise between ...', 'Balikatan 2024, the
    # largest annual drills' (adjectives only between: not 'Smith, a spokesman for the exercise')
    re.compile(
        rf"\b({_CAP}(?:\s+{_CAP}){{0,3}}){_EDITION},\s+(?:a|an|the)\s+"
        r"(?:(?!(?:for|of|the|in|to|with|at|on|by)\s)(?:[a-z][\w-]*|[A-Z]{2,})\s+){0,3}"
        r"(?:exercises?|drills?|war\s?games?)(?=\s*[,;.)(]|\s+(?:between|among|with|involving|"
        r"that|which|in|off|at|near|held|led|hosted|run|conducted|organi[sz]ed|co-?hosted)\b)"
    ),
    # a name joined to its edition, then what kind of exercise it is: 'the Peace Garuda-2024
    # joint HADR exercise', 'the China-Bangladesh "Golden Friendship-2024" joint army training'
    re.compile(
        rf"[{_Q}]?\b({_CAP}(?:\s+{_CAP}){{0,3}})-(?:19|20)\d\d[A-Z]?[{_Q}]?\s+(?:[\w/-]+\s+){{0,3}}?"
        r"(?:[Ee]xercises?|[Dd]rills?|[Tt]raining|[Ww]ar\s?games?|[Mm]an(?:oeu|eu)vers?)\b"
    ),
]
# An unknown name with an edition, after a word that says it is held: "the ongoing Bushido
# Guardian 25", "hosted Pacific Reach 2025", "the 5th edition of Dustlik" (in a military
# sentence only: "participated in Aero India 2021, a defence exhibition" is no exercise).
_EDITIONED = re.compile(
    r"\b(?:(?:ongoing|annual|biennial|upcoming|inaugural)\s+|((?:\d+(?:st|nd|rd|th)|first|second|"
    r"third|fourth|fifth|\w+th)\s+(?:edition|iteration)\s+of\s+(?:the\s+)?)|(?:held|holds?|holding|"
    r"conduct(?:ed|s|ing)?|began|begins?|kicked\s+off|launched|concluded|opened|host(?:ed|s)?|"
    r"joined|participated\s+in|took\s+part\s+in)\s+(?:the\s+)?)"
    rf"({_CAP}(?:\s+{_CAP}){{0,2}})(?:[\s-]+((?:19|20)?\d\d[A-Z]?))?\b"
)
_TWO_DIGITS = re.compile(r"\d\d")
_MILITARY_NEAR = re.compile(
    r"\b(?:exercis\w*|drills?|war\s?games?|manoeuvres?|maneuvers?|naval|navy|navies|"
    r"military|troops|forces)\b",
    re.I,
)
# A text about disaster preparedness with no word of defence: its unknown exercise names are
# civil ones (the "Earthquake Mock Exercise" of a disaster authority).
_MILITARY_TEXT = re.compile(
    r"\b(?:military|militaries|navy|navies|naval|army|armies|air\s+forces?|troops|soldiers|"
    r"marines?|armed\s+forces|defen[cs]e|warships?|destroyers?|frigates?|fighter|PLA|SDF|"
    r"self-defen[cs]e|coast\s+guards?)\b",
    re.I,
)
_CIVIL_TEXT = re.compile(
    r"\b(?:disasters?|earthquakes?|tsunamis?|floods?|cyclones?|mock|table-?\s?top|evacuation|"
    r"fire\s+drills?|emergency|preparedness|civil\s+protection)\b",
    re.I,
)
# Civil protection, not defence: "the Singapore Civil Defence Force", "the Home Team".
_CIVIL_DEFENCE = re.compile(r"\bcivil\s+defen[cs]e\b|\bhome\s+team\b|\bpolice\s+force\b", re.I)
# A drill named for a disaster is a civil one: "the National Simultaneous Earthquake Drill".
_CIVIL_NAME = re.compile(
    r"\b(?:earthquakes?|tsunamis?|floods?|typhoons?|cyclones?|evacuations?|"
    r"civil\s+emergency)\b",
    re.I,
)
# "exercise" the verb and its object, in a title's capitals: "Calls on PRC to Exercise Restraint".
_VERB_OBJECT = re.compile(
    r"^(?:(?:Self-|Maximum\s+|Utmost\s+)?Restraint|Caution|Patience|Sovereignty|Jurisdiction|"
    r"Control|Rights?|Leadership|Vigilance|Discretion|Influence|Power|Authority|Judg(?:e)?ment|"
    r"Care|Calm|Prudence|Responsibility|Options?)\b",
    re.I,
)
# A pre-modifier right before "exercise" and a name after it: "the bilateral Tri-Service
# exercise Tiger Triumph" (the name is "Tiger Triumph", not "Tri-Service").
_NAME_AFTER = re.compile(rf"\s+(?:[{_Q}]?[A-Z])")
_REFERENCE = re.compile(
    r"\b(?:the|this|that|these|its|their)\s+(?:[\w'’]+\s+){0,2}(?:exercises?|drills?|"
    r"war\s?games?)\b",
    re.I,
)


@dataclass
class Found:
    name: str
    sent: Sent
    sents: list[Sent] = field(default_factory=list)
    anchors: dict[int, list[int]] = field(default_factory=dict)  # sentence -> offsets

    def add(self, sent: Sent, pos: int) -> None:
        if sent not in self.sents:
            self.sents.append(sent)
        self.anchors.setdefault(sent.index, []).append(pos)


def _canonical(raw: str, doc: Doc, explicit: bool = False, whole: bool = False) -> str | None:
    """The catalogue name for a raw name, or a tidy form of an unknown one; None if generic.
    `whole`: the name is written whole (an edition number follows it: "Guardian Sea 2024")."""
    g = doc.gazetteer
    if explicit and on("verb_objects") and _VERB_OBJECT.match(raw.lstrip(_Q)):
        return None
    if on("civil_names") and _CIVIL_NAME.search(raw):
        return None
    name = re.sub(rf"^[{_Q}]+|[{_Q}]+$", "", raw).strip()
    name = re.sub(r"[\s-]*(?:19|20)?\d\d[A-Za-z]?$", "", name).strip(" -")
    generic = g.words["exercise_generic"]
    words = [w for w in re.split(r"\s+", name) if w]
    # "Malabar Naval Exercise" is Malabar; "Joint Military Exercise" is no name at all.
    while words and fold(words[-1]) in generic and not (whole and len(words) > 1):
        words.pop()
    while (
        not explicit
        and words
        and fold(words[0]) in generic
        and fold(" ".join(words)) not in g.exercises
    ):
        words.pop(0)
    if (
        not words
        or all(fold(w) in g.names for w in words)
        or fold(words[0]) in g.words["not_exercise_names"]
    ):
        return None
    name = " ".join(words)
    known = g.exercises.get(fold(name))
    if known:
        return known
    # "Exercise Pacific Griffin" is a name; "Exercise Pacific" or "the Japan exercise" is a
    # place or a party.
    for m in g.table.scan(name):
        if m.kind in ("country", "force", "region", "group", "other", "agreement") and not (
            explicit and on("explicit_names") and m.end - m.start < len(name)
        ):
            return None
    if name.isupper() and len(name) > 5:
        name = name.title()
    return name


# Cheap tests on the folded sentence before any pattern runs (analysis must stay fast).
_GATE = (
    "exercis",
    "drill",
    "training",
    "war game",
    "wargame",
    "code-named",
    "codenamed",
    "dubbed",
    "called",
    "named",
    "titled",
)


def _names_in(
    sent: Sent, doc: Doc, confirmed: frozenset[str] = frozenset()
) -> list[tuple[str, int]]:
    """(name, offset in sentence) of each exercise the sentence names. A catalogue name that is
    also a common word needs a military word beside it, unless the text has already shown it is
    the exercise (`confirmed`): "Pacific Partnership brings nations together" then counts."""
    out: list[tuple[str, int]] = []
    info = doc.gazetteer.exercise_info
    for m in sent.mentions:
        if m.kind != "exercise":
            continue
        if (
            info.get(m.value)
            and info[m.value].cue
            and m.value not in confirmed
            and not _MILITARY_NEAR.search(sent.text)
        ):
            continue
        out.append((m.value, m.start - sent.start))
    edition = (
        "edition" in sent.folded
        or "iteration" in sent.folded
        or bool(_TWO_DIGITS.search(sent.text))
    )
    if (
        edition
        and on("editioned")
        and (any(m.kind == "force" for m in sent.mentions) or _MILITARY_NEAR.search(sent.text))
    ):
        for em in _EDITIONED.finditer(sent.text):
            name = (
                _canonical(em.group(2), doc, whole=bool(em.group(3)))
                if (em.group(1) or em.group(3))
                else None
            )
            if name and all(name != n for n, _ in out):
                out.append((name, em.start(2)))
    if not any(g in sent.folded for g in _GATE):
        return out
    military = bool(_MILITARY_NEAR.search(sent.text))
    listed = (
        [(m.start - sent.start, m.end - sent.start) for m in sent.mentions if m.kind == "exercise"]
        if on("catalogue_overlap")
        else []
    )
    for i, pattern in enumerate(_NAMED):
        if (i == 3 and not on("apposition")) or (i == 4 and not on("edition_type")):
            continue
        if i == 0 and not military:
            continue
        for pm in pattern.finditer(sent.text):
            if any(a < pm.end(1) and pm.start(1) < b for a, b in listed):
                continue  # "Exercise Rim of the Pacific": the catalogue name, not "Rim"
            if i == 2 and on("catalogue_overlap") and _NAME_AFTER.match(sent.text, pm.end()):
                continue  # "Tri-Service exercise Tiger Triumph": a modifier, then the name
            name = _canonical(pm.group(1), doc, explicit=i < 2, whole=i == 4)
            if name and all(name != n for n, _ in out):
                out.append((name, pm.start(1)))
    return out


def _civil(doc: Doc) -> bool:
    """A text with no word of defence: its exercises are civil ones, unless catalogued."""
    text = f"{doc.title}\n{doc.text}"
    if on("civil_names"):
        text = _CIVIL_DEFENCE.sub("", text)  # the "Office of Civil Defense" is no defence
    return on("civil_text") and bool(_CIVIL_TEXT.search(text)) and not _MILITARY_TEXT.search(text)


def _title_names(doc: Doc) -> list[str]:
    names = [m.value for m in doc.title_mentions if m.kind == "exercise"]
    if _civil(doc):
        return names
    for i, pattern in enumerate(_NAMED):
        if (i == 3 and not on("apposition")) or (i == 4 and not on("edition_type")):
            continue
        for pm in pattern.finditer(doc.title):
            name = _canonical(pm.group(1), doc, explicit=i < 2)
            if name and name not in names:
                names.append(name)
    return names


def find_exercises(doc: Doc, engagement: str) -> list[KeyPoint]:
    """One key point per exercise (type "exercise"; "drills" for one country's drills)."""
    found: dict[str, Found] = {}
    current: Found | None = None
    named = {sent.index: _names_in(sent, doc) for sent in doc.sents}
    if _civil(doc):
        known = doc.gazetteer.exercise_info
        named = {i: [(n, p) for n, p in ns if n in known] for i, ns in named.items()}
    confirmed = frozenset(n for names in named.values() for n, _ in names)
    for sent in doc.sents:
        have = {n for n, _ in named[sent.index]}
        if any(
            m.kind == "exercise" and m.value in confirmed and m.value not in have
            for m in sent.mentions
        ):
            named[sent.index] = _names_in(sent, doc, confirmed)
    for sent in doc.sents:
        names = named[sent.index]
        for name, pos in names:
            current = found.setdefault(name, Found(name, sent))
            current.add(sent, pos)
        said = _REFERENCE.search(sent.text) if not names and current else None
        if current and said:
            current.add(sent, said.start())
    titled = _title_names(doc)
    if titled and not found:
        # "Japan-India Maritime Exercise JIMEX" in the title; the text says "a maritime exercise".
        ref = next((s for s in doc.sents if _MILITARY_NEAR.search(s.text)), None)
        if ref:
            found[titled[0]] = Found(titled[0], ref)
            found[titled[0]].add(ref, 0)
    lead = set(titled) | {n for s in doc.sents[:2] for n, _ in named[s.index]}
    whole_text = engagement in ("press_release", "news_report", "joint_statement")
    points: list[KeyPoint] = []
    for f in found.values():
        sents = list(f.sents)
        if f.name in lead and whole_text and len(found) == 1:
            sents = [s for s in doc.sents if s in sents or takes_part(s.text)]
        info = doc.gazetteer.exercise_info.get(f.name)
        people = participants(sents, f.anchors, doc)
        mentioned = set(doc.codes(doc.mentions()))
        if info and info.unilateral:
            people = [c for c in info.participants if c in mentioned] or list(info.participants)
        elif info:
            people += [c for c in info.participants if c in mentioned and c not in people]
        points.append(_point(f, people, sents, info is not None and info.unilateral))
    return points


def exercise_topic_parties(doc: Doc, engagement: str, points: list[KeyPoint]) -> list[str]:
    """Countries that hold, by definition, the one exercise a release or report is about
    (named in its title or opening), when the text names them: Talisman Sabre -> AU, US."""
    if engagement in ("call", "meeting") or len(points) != 1 or not on("topic_holders"):
        return []
    name = str(points[0].attributes.get("name") or "")
    info = doc.gazetteer.exercise_info.get(name)
    lead = set(_title_names(doc)) | {n for s in doc.sents[:1] for n, _ in _names_in(s, doc)}
    if info is None or name not in lead:
        return []
    mentioned = set(doc.codes(doc.mentions()))
    return [c for c in info.participants if c in mentioned]


def bilateral_partners(points: list[KeyPoint], countries: list[str], engagement: str) -> list[str]:
    """The partner in a bilateral exercise of a principal actor is a principal actor too ("troops
    from the PLA Southern Theater Command will take part in the Peace Garuda-2024 exercise with
    the Indonesian military"). For a call or meeting the parties decide."""
    if engagement in ("call", "meeting") or not on("bilateral_partner"):
        return []
    out: list[str] = []
    for k in points:
        people = list(k.attributes.get("participants") or ())
        if k.type == "exercise" and len(people) == 2 and any(c in countries for c in people):
            out += [c for c in people if c not in countries and c not in out]
    return out


def _point(f: Found, people: list[str], sents: list[Sent], unilateral: bool) -> KeyPoint:
    status, modality = status_of(sents)
    when = when_of(sents, f.anchors)
    kind = "drills" if unilateral or len(people) == 1 else "exercise"
    who = ", ".join(people)
    line = f"{'Drills' if kind == 'drills' else 'Exercise'} {f.name}"
    line += f" ({who})" if who else ""
    line += f": {status}" + (f", {when}" if when else "")
    return KeyPoint(
        type=kind,
        line=line,
        evidence=f.sent.text,
        offset=f.sent.start,
        attributes={"name": f.name, "participants": people, "status": status, "when": when},
        modality=modality,
    )

"""Agreements, treaties and arrangements: which, and whether signed, in force, invoked, under
negotiation or agreed to pursue.

Owns finding agreement names the way statements write them:
- the catalogue in data/agreements.yaml, with aliases, in any case ("the reciprocal access
  agreement"), except where a lower-case form names a *kind* ("Japan's first status of forces
  agreement with another country") and, for conventions such as UNCLOS, except where the text
  does not invoke them ("rights under UNCLOS" does; "law as reflected in UNCLOS" is a principle);
- formal titles that contain a catalogue keyword ("the Agreement between Japan and ... Concerning
  the Facilitation of Reciprocal Access ..." is the RAA);
- unknown titles from their shape: "signed the X Agreement", "the Agreement between Japan and the
  U.S.", "the Joint Declaration on Security Cooperation", "the provisional arrangement";
- lower-case descriptions with a subject: "two memoranda of understanding on maritime
  cooperation" ("MOU on maritime cooperation"), "signed an agreement on defence logistics".
A declaration or communiqué without a subject ("the Wilmington Declaration") is the statement
itself, not an agreement; neither is a law ("the Taiwan Relations Act"). Pure.
"""

from __future__ import annotations

import re

from bot.analysis.descriptions import complement, lower_case, tidy
from bot.analysis.doc import Doc, Sent
from bot.analysis.gazetteer import fold
from bot.analysis.matcher import Mention
from bot.analysis.modality import modality_at
from bot.analysis.rules import on
from bot.models import KeyPoint, Modality

_HEAD = (
    r"(?:Agreement|Agreements|Treaty|Arrangement|Arrangements|Accords?|Pact|Protocol|"
    r"Guidelines|Roadmap|Declaration|Memorandum\s+of\s+(?:Understanding|Agreement)|"
    r"Communiqu[eé]s?)"
)
_CAPWORD = r"(?:[A-Z][\w'’.-]*|of|on|for|and|the|to)"
_PREP = r"(?:on|for|of|between|concerning|regarding|relating\s+to|in\s+the\s+field\s+of)"
_COMPLEMENT = (
    rf"(?:\s+{_PREP}\s+(?:the\s+)?[A-Z][\w'’.-]*"
    r"(?:\s+(?:and|of|the|on|between|concerning|in(?=\s+[A-Z])|[A-Z][\w'’.-]*))*)"
)
# "the Bilateral Defense Guidelines", "the updated Joint Declaration on Security Cooperation"
_TITLED = re.compile(rf"((?:[A-Z][\w'’.-]*\s+)(?:{_CAPWORD}\s+){{0,7}}){_HEAD}\b({_COMPLEMENT}?)")
# "the Agreement between Japan and the U.S." (a head first, then what it is between or about)
_HEAD_FIRST = re.compile(rf"\b({_HEAD}){_COMPLEMENT}")
# More head nouns, as titles spell them: "the India-US Defence Cooperation Road map", "the
# ASEAN-ROK FTA" (an abbreviated head after a compound of parties).
_TITLED_MORE = re.compile(
    rf"((?:[A-Z][\w'’.-]*\s+)(?:{_CAPWORD}\s+){{0,7}})(?:Road\s+[Mm]ap|(?<=-[A-Z]{{2}}\s)FTA|"
    rf"(?<=-[A-Z]{{3}}\s)FTA|(?<=-[A-Z]{{4}}\s)FTA|(?:Free\s+Trade|Economic\s+Partnership)"
    rf"\s+Agreement)\b({_COMPLEMENT}?)"
)
# A capitalised title signed, then a lower-case complement: "signed an Implementing Arrangement
# for cooperation in the field of Hydrography between ...".
_SIGNED_TITLE = re.compile(
    rf"\b(?:sign(?:ed|ing|s)?|conclud\w*|ink\w*|exchang\w*)\s+(?:of\s+)?(?:an?|the|two|its|their)\s+"
    rf"((?:[A-Z][\w'’-]*\s+){{0,4}}{_HEAD})\s+((?:for|on|concerning|regarding)\s+[a-z])"
)
_LOWER = re.compile(
    r"\b(?:provisional|interim|temporary|transitional)\s+(?:arrangement|agreement|understanding)\b"
)
# A formal title followed by the short name it is known by: '... Defense Force ("Japan-Australia
# Reciprocal Access Agreement", or "Japan-Australia RAA")'; the short name is the agreement.
_SHORT_AFTER = re.compile(
    r"^[^()\"“”.;]{0,60}?[\s\"”]*\(\s*(?:hereinafter\s+(?:referred\s+to\s+as\s+)?|the\s+)?[\"“]([^\"”]{2,80})[\"”]"
)
# A title's complements: who the agreement is between, and what it is about. With a subject, the
# parties are left out ("MOU on Defense Cooperation Between the Philippines and the Lao PDR").
_PARTIES = re.compile(
    r"\s+(?i:between|among)\s+.*?(?=\s+(?:on|concerning|regarding|for|relating\s+to|in\s+the\s+"
    r"field\s+of)\s|$)"
)
_SUBJECT_COMPLEMENT = re.compile(r"\s(?:on|concerning|regarding|for|relating\s+to)\s+\S", re.I)
_NOT_AGREEMENTS = frozenset(
    fold(x)
    for x in (
        "UNCLOS",
        "Joint Statement",
        "Joint Declaration",
        "Declaration",
        "Agreement",
        "Treaty",
        "Arrangement",
        "Guidelines",
        "Roadmap",
        "Accord",
        "Memorandum of Understanding",
        "Memorandum of Agreement",
        "Protocol",
        "Pact",
        "Communique",
        "Communiqué",
        "Accords",
    )
)
# A lower-case catalogue form after one of these names a kind of agreement, not one agreement.
_KIND_BEFORE = re.compile(
    r"\b(?:first|another|any|such|similar|type\s+of|kind\s+of|own|other|every|each)\s+"
    r"(?:[\w-]+\s+){0,2}$",
    re.I,
)
_INVOKED_BEFORE = re.compile(
    r"\b(?:under|party\s+to|parties\s+to|signator\w*\s+(?:to|of)|ratif\w*|violat\w*|"
    r"breach\w*\s+of|obligations\s+(?:under|of)|rights\s+(?:under|of))\s+(?:the\s+)?"
    r"(?:1982\s+)?$",
    re.I,
)
# A convention cited as what law reflects is a principle ("international law as reflected in
# the 1982 Law of the Sea Convention"); cited otherwise, it is invoked.
_REFLECTED_BEFORE = re.compile(r"\breflected\s+in\s+(?:the\s+)?(?:1982\s+)?$", re.I)
# A charter counts where it is the basis of what is asked: "based on the principles of the
# Treaty of Amity ..., the ASEAN Charter as well as the Charter of the United Nations" (not
# "Support for the UN Charter").
_BASIS_BEFORE = re.compile(
    r"\b(?:principles?\s+of|based\s+on|basis\s+of|in\s+accordance\s+with|consistent\s+with|"
    r"enshrined\s+in|under|violat\w*|breach\w*|abid\w*\s+by|compl\w*\s+with|uphold\w*)\b"
    r"[^.;:]{0,160}$",
    re.I,
)
# A declaration that speaks is the statement being reported: "the Wilmington Declaration said".
_SPEAKS_AFTER = re.compile(
    r"^[\s,'’\"”]*(?:Joint\s+Statement|stated|said|says|read|reads|added|noted)\b", re.I
)
_DECLARATION = re.compile(r"\b(?:Declaration|Communiqu[eé]s?)$", re.I)
_ISSUER = re.compile(r"(?<=Declaration)\s+of\s+the\s+.*$")
# A document noun, then its title in quotes: 'the joint declaration "ASEAN 2025: Forging Ahead
# Together"' (a statement's quoted title is not an agreement).
_QUOTED_TITLE = re.compile(
    r"\b(?:declaration|agreement|treaty|accord|arrangement|pact)\s+[\"“]([A-Z][^\"”]{3,80})[\"”]",
    re.I,
)

_STATUS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("under negotiation", re.compile(r"\bnegotiat\w*|\btalks\s+on\b", re.I)),
    (
        "agreed to pursue",
        re.compile(
            r"\b(?:agreed\s+to\s+(?:pursue|explore|work|begin|start|launch)|expeditiously\s+"
            r"conclud\w*|toward(?:s)?\s+(?:the\s+)?conclu\w*|early\s+conclusion|to\s+conclude|"
            r"committed\s+to\s+building)\b",
            re.I,
        ),
    ),
    ("signed", re.compile(r"\b(?:sign(?:ed|ing|s)?|concluded|concluding|inked)\b", re.I)),
    (
        "in force",
        re.compile(
            r"\b(?:entered\s+into\s+force|entry\s+into\s+force|in\s+force|came\s+into\s+(?:force|"
            r"effect)|took\s+effect|ratif\w*)\b",
            re.I,
        ),
    ),
    (
        "invoked",
        re.compile(
            r"\b(?:invok\w*|covered\s+by|extends?\s+to|appl(?:y|ies|icability)|Article\s+[IVX\d]+|"
            r"commitment\w*\s+(?:to|under)|rights\s+under|obligations\s+under)\b",
            re.I,
        ),
    ),
    ("implemented", re.compile(r"\b(?:implement\w*|under\s+the|based\s+on|expanding)\b", re.I)),
)


def _catalogued(raw: str, doc: Doc) -> str:
    """The catalogue short name a title or description contains a keyword of, else `raw`."""
    g = doc.gazetteer
    folded = fold(raw)
    if folded in g.agreements:
        return g.agreements[folded]
    for keyword, short in g.agreement_keywords:
        if keyword in folded:
            return short
    return raw


def _name_of(raw: str, doc: Doc, statement: bool = False) -> str | None:
    """The catalogue short name of a title, or the tidy title of an unknown agreement."""
    g = doc.gazetteer
    known = _catalogued(raw, doc)
    if known != raw:
        return known
    words = raw.split()
    while words and fold(words[0]) in g.words["agreement_lead"]:
        words.pop(0)
    name = tidy(" ".join(words), doc)
    if not name or fold(name) in _NOT_AGREEMENTS:
        return None
    if fold(name) in g.agreements:
        return g.agreements[fold(name)]
    # "the Vientiane Declaration of the ASEAN Defence Ministers' Meeting on ASEAN: ...": the short
    # name leaves out who issued it.
    name = _ISSUER.sub("", name)
    if _DECLARATION.search(name) and (statement or len(name.split()) < 2):
        return None  # in a joint statement, a declaration with no subject is the statement
    if re.search(r"\bAct\b", name):
        return None
    return _without_parties(name)


def _without_parties(name: str) -> str:
    """'MOU on X Between A and B' -> 'MOU on X'; 'Agreement between A and B' stays (no subject).
    The party complement right after the head goes first, else the last one."""
    if not _SUBJECT_COMPLEMENT.search(name):
        return name
    parts = list(_PARTIES.finditer(name))
    if not parts:
        return name
    head_end = re.match(rf"\S*(?:\s+\S+)*?\s*{_HEAD}", name)
    first = parts[0]
    cut = first if head_end and first.start() == head_end.end() else parts[-1]
    trimmed = (name[: cut.start()] + name[cut.end() :]).strip()
    return trimmed if _SUBJECT_COMPLEMENT.search(trimmed) else name


_GATE = (
    "agreement",
    "treaty",
    "arrangement",
    "accord",
    "pact",
    "protocol",
    "guideline",
    "roadmap",
    "declaration",
    "memorand",
    "communiqu",
    "understanding",
    "mou",
    "of notes",
    "road map",
    " fta",
)


def _counts(m: Mention, sent: Sent, doc: Doc) -> bool:
    """Whether a catalogue mention names this agreement here (not a kind, not a convention
    merely cited as a principle)."""
    before = doc.text[max(sent.start, m.start - 40) : m.start]
    if "Charter" in m.value:
        wide = doc.text[max(sent.start, m.start - 200) : m.start]
        return on("charters") and bool(_BASIS_BEFORE.search(wide))
    if m.value in doc.gazetteer.invoked_only:
        if on("cited_convention"):
            return not _REFLECTED_BEFORE.search(before)
        return bool(_INVOKED_BEFORE.search(before))
    written_lower = m.surface[:1].islower()
    return not (written_lower and _KIND_BEFORE.search(before))


def _found_in(sent: Sent, doc: Doc, statement: bool = False) -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []
    spans: list[tuple[int, int]] = []
    for m in sent.mentions:
        if m.kind == "agreement":
            spans.append((m.start - sent.start, m.end - sent.start))
            if _counts(m, sent, doc) and all(m.value != n for n, _ in out):
                out.append((m.value, m.start - sent.start))
    if not any(g in sent.folded for g in _GATE):
        return out
    candidates: list[tuple[str, int, int, bool]] = []  # raw, start, end, described
    patterns = [_HEAD_FIRST, _TITLED, _LOWER] + ([_TITLED_MORE] if on("np_grammar") else [])
    for pattern in patterns:
        for pm in pattern.finditer(sent.text):
            short = _SHORT_AFTER.match(sent.text[pm.end() :]) if on("short_in_brackets") else None
            if short and fold(short.group(1)) not in _NOT_AGREEMENTS:
                continue  # the short name in brackets is the agreement, found on its own
            if not _SPEAKS_AFTER.match(sent.text[pm.end() :]):
                candidates.append((pm.group(), pm.start(), pm.end(), False))
    candidates += [(*c, True) for c in lower_case(sent, doc)]
    if on("np_grammar"):
        for sm in _SIGNED_TITLE.finditer(sent.text):
            tail = complement(sent.text, sm.start(2), doc)
            if tail:
                # the title as signed, with its own first words ("Implementing Arrangement")
                raw = tidy(f"{sm.group(1)} {tail}", doc)
                candidates.append((raw, sm.start(1), sm.start(2) + len(tail), True))
    if not statement and on("quoted_title"):
        candidates += [
            (q.group(1), q.start(1), q.end(1), True) for q in _QUOTED_TITLE.finditer(sent.text)
        ]
    # Longest first, so "the Joint Declaration on X" wins over "Declaration on X".
    for raw, start, end, described in sorted(candidates, key=lambda c: (c[1] - c[2], c[1])):
        if any(s <= start < e or start <= s < end for s, e in spans):
            continue
        spans.append((start, end))
        name = _catalogued(raw, doc) if described else _name_of(raw, doc, statement)
        if name and all(name != n for n, _ in out):
            out.append((name, start))
    return sorted(out, key=lambda x: x[1])


def _status(sent: Sent, pos: int) -> tuple[str, Modality]:
    modality = modality_at(sent.text, pos)
    for status, pattern in _STATUS:
        if pattern.search(sent.text):
            if status in ("agreed to pursue", "under negotiation") and modality == "asserted":
                modality = "future"
            return status, modality
    return "mentioned", modality


def find_agreements(doc: Doc, engagement: str = "") -> list[KeyPoint]:
    """One key point per agreement, on the first sentence that names it. In a joint statement
    a declaration without a subject is the statement itself, not an agreement."""
    points: dict[str, KeyPoint] = {}
    statement = engagement == "joint_statement"
    for sent in doc.sents:
        for name, pos in _found_in(sent, doc, statement):
            if name in points:
                continue
            status, modality = _status(sent, pos)
            points[name] = KeyPoint(
                type="agreement",
                line=f"{name}: {status}",
                evidence=sent.text,
                offset=sent.start,
                attributes={"name": name, "status": status},
                modality=modality,
            )
    return list(points.values())

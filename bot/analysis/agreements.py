"""Agreements, treaties and arrangements: which, and whether signed, in force, invoked, under
negotiation or agreed to pursue.

Owns finding agreement names (the catalogue in data/agreements.yaml, formal titles that contain a
catalogue keyword, and unknown names from their shape: "signed the X Agreement", "the Agreement
between Japan and the U.S.", "the provisional arrangement"). Pure.
"""

from __future__ import annotations

import re

from bot.analysis.doc import Doc, Sent
from bot.analysis.gazetteer import fold
from bot.analysis.modality import modality_at
from bot.models import KeyPoint, Modality

_HEAD = (r"(?:Agreement|Agreements|Treaty|Arrangement|Arrangements|Accord|Pact|Protocol|"
         r"Guidelines|Roadmap|Declaration|Memorandum\s+of\s+Understanding|Communiqu[eé]s?)")
_CAPWORD = r"(?:[A-Z][\w'’.-]*|of|on|for|and|the|in|to)"
# "the Bilateral Defense Guidelines", "the updated Joint Declaration on Security Cooperation"
_TITLED = re.compile(
    rf"((?:[A-Z][\w'’.-]*\s+)(?:{_CAPWORD}\s+){{0,7}}){_HEAD}\b"
    rf"((?:\s+(?:on|for|of|between|concerning|in)\s+(?:the\s+)?[A-Z][\w'’.-]*"
    rf"(?:\s+(?:and|of|the|[A-Z][\w'’.-]*))*)?)"
)
# "the Agreement between Japan and the U.S." (a head first, then what it is between or about)
_HEAD_FIRST = re.compile(
    rf"\b({_HEAD})\s+(?:between|on|concerning|for|of)\s+(?:the\s+)?"
    rf"[A-Z][\w'’.-]*(?:\s+(?:and|of|the|on|between|concerning|[A-Z][\w'’.-]*))*"
)
_LOWER = re.compile(
    r"\b(?:provisional|interim|temporary|transitional)\s+(?:arrangement|agreement|understanding)\b"
)
_NOT_AGREEMENTS = frozenset(
    fold(x) for x in ("UNCLOS", "Joint Statement", "Joint Declaration", "Declaration",
                      "Agreement", "Treaty", "Arrangement", "Guidelines", "Roadmap", "Accord")
)
_STATUS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("under negotiation", re.compile(r"\bnegotiat\w*|\btalks\s+on\b", re.I)),
    ("agreed to pursue", re.compile(
        r"\b(?:agreed\s+to\s+(?:pursue|explore|work|begin|start|launch)|expeditiously\s+"
        r"conclud\w*|toward(?:s)?\s+(?:the\s+)?conclu\w*|early\s+conclusion|to\s+conclude|"
        r"committed\s+to\s+building)\b", re.I)),
    ("signed", re.compile(r"\b(?:sign(?:ed|ing|s)?|concluded|concluding|inked)\b", re.I)),
    ("in force", re.compile(
        r"\b(?:entered\s+into\s+force|entry\s+into\s+force|in\s+force|came\s+into\s+force|"
        r"took\s+effect|ratif\w*)\b", re.I)),
    ("invoked", re.compile(
        r"\b(?:invok\w*|covered\s+by|extends?\s+to|appl(?:y|ies|icability)|Article\s+[IVX\d]+|"
        r"commitment\w*\s+(?:to|under))\b", re.I)),
    ("implemented", re.compile(r"\b(?:implement\w*|under\s+the|based\s+on|expanding)\b", re.I)),
)


def _name_of(raw: str, doc: Doc) -> str | None:
    """The catalogue short name of a title, or the tidy title of an unknown agreement."""
    g = doc.gazetteer
    folded = fold(raw)
    if folded in g.agreements:
        return g.agreements[folded]
    for keyword, short in g.agreement_keywords:
        if keyword in folded:
            return short
    words = raw.split()
    while words and fold(words[0]) in g.words["agreement_lead"]:
        words.pop(0)
    name = " ".join(words).strip(" ,;")
    if name.endswith(".") and not re.search(r"\b[A-Z]\.$", name):
        name = name[:-1]
    if not name or fold(name) in _NOT_AGREEMENTS or fold(name) in g.agreements.values():
        return g.agreements.get(fold(name)) if fold(name) in g.agreements else None
    return name


_GATE = ("agreement", "treaty", "arrangement", "accord", "pact", "protocol", "guideline",
         "roadmap", "declaration", "memorandum", "communiqu", "understanding")


def _found_in(sent: Sent, doc: Doc) -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []
    spans: list[tuple[int, int]] = []
    for m in sent.mentions:
        if m.kind == "agreement":
            out.append((m.value, m.start - sent.start))
            spans.append((m.start - sent.start, m.end - sent.start))
    if not any(g in sent.folded for g in _GATE):
        return out
    for pattern in (_HEAD_FIRST, _TITLED, _LOWER):
        for pm in pattern.finditer(sent.text):
            if any(s <= pm.start() < e or pm.start() <= s < pm.end() for s, e in spans):
                continue
            name = _name_of(pm.group(), doc)
            if name and all(name != n for n, _ in out):
                out.append((name, pm.start()))
                spans.append((pm.start(), pm.end()))
    return out


def _status(sent: Sent, pos: int) -> tuple[str, Modality]:
    window = sent.text
    modality = modality_at(sent.text, pos)
    for status, pattern in _STATUS:
        if pattern.search(window):
            if status in ("agreed to pursue", "under negotiation") and modality == "asserted":
                modality = "future"
            return status, modality
    return "mentioned", modality


def find_agreements(doc: Doc) -> list[KeyPoint]:
    """One key point per agreement, on the first sentence that names it."""
    points: dict[str, KeyPoint] = {}
    for sent in doc.sents:
        for name, pos in _found_in(sent, doc):
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

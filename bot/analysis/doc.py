"""A statement read once: its sentences, and every gazetteer name and cue phrase in each.

Owns `Doc` and `Sent`, the structure every extractor module reads instead of re-scanning the
text. Knows nothing of countries' roles, key points or scoring. Pure.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from bot.analysis.gazetteer import Gazetteer, fold
from bot.analysis.matcher import Mention, fold_keep, words
from bot.analysis.rules import on
from bot.analysis.sentences import sentences

COUNTRY_KINDS = frozenset({"country", "force"})


@dataclass(frozen=True, slots=True)
class Sent:
    index: int
    start: int  # offset of the sentence in the statement text
    text: str  # verbatim: doc.text[start:start + len(text)] == text
    folded: str  # fold_keep(text), same length
    mentions: tuple[Mention, ...]  # offsets into the statement text
    cues: tuple[Mention, ...]

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass(frozen=True)
class Doc:
    text: str
    title: str
    sents: tuple[Sent, ...]
    title_mentions: tuple[Mention, ...]
    title_cues: tuple[Mention, ...]
    gazetteer: Gazetteer

    def mentions(self, kind: str | None = None) -> list[Mention]:
        return [m for s in self.sents for m in s.mentions if kind is None or m.kind == kind]

    def title_countries(self) -> list[str]:
        return _codes(self.title_mentions, self.gazetteer)

    def codes(self, mentions: tuple[Mention, ...] | list[Mention]) -> list[str]:
        """Countries the mentions name, in order, each once (groups expanded)."""
        return _codes(mentions, self.gazetteer)


def _codes(mentions: tuple[Mention, ...] | list[Mention], g: Gazetteer) -> list[str]:
    out: list[str] = []
    for m in mentions:
        if m.kind in COUNTRY_KINDS:
            codes: tuple[str, ...] = (m.value,)
        elif m.kind == "group":
            codes = g.groups.get(m.value, ())
        elif m.kind in ("region", "other"):
            code = g.region_country.get(m.value, "") if m.kind == "region" else m.value
            codes = (code,) if code else ()
        else:
            codes = ()
        out.extend(c for c in codes if c not in out)
    return out


def territory_codes(g: Gazetteer) -> frozenset[str]:
    """Island territories with an ISO code (folded codes), the round-5 ones when switched on."""
    extra = g.words.get("territories_r5", frozenset()) if on("catalogue_r5") else frozenset()
    return g.words["territories"] | extra


def read(text: str, title: str | None, g: Gazetteer) -> Doc:
    """Split `text` into sentences and find every name and cue phrase, once."""
    folded = fold_keep(text)
    ws = words(folded)
    mentions = g.table.scan(text, ws=ws)
    if g.added and not on("catalogue_r5"):
        mentions = [m for m in mentions if fold(m.surface) not in g.added]
    cues = g.cues.scan(text, ws=ws)
    m_starts = [m.start for m in mentions]
    c_starts = [c.start for c in cues]
    sents: list[Sent] = []
    for i, (start, sent) in enumerate(sentences(text)):
        end = start + len(sent)
        ms = mentions[bisect.bisect_left(m_starts, start) : bisect.bisect_left(m_starts, end)]
        cs = cues[bisect.bisect_left(c_starts, start) : bisect.bisect_left(c_starts, end)]
        sents.append(Sent(i, start, sent, folded[start:end], tuple(ms), tuple(cs)))
    title = title or ""
    return Doc(
        text=text,
        title=title,
        sents=tuple(sents),
        title_mentions=tuple(
            m for m in g.table.scan(title) if on("catalogue_r5") or fold(m.surface) not in g.added
        ),
        title_cues=tuple(g.cues.scan(title)),
        gazetteer=g,
    )

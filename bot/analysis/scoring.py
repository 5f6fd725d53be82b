"""Scoring predicted labels against hand labels, the way shared/eval/SCHEMA.md describes.

Owns name normalisation for comparison (case, accents, the word "exercise", years, aliases)
and the per-field counts. Pure: label dicts in, counts out; it reads no file and never runs the
extractor (`evaluate` does both).

Fields scored as sets per statement: countries, exercises (by name), participants ((exercise,
country) pairs), agreements, regions, cooperation. status_quo_opposition is one binary label per
statement (a true positive, a false hit or a miss only when either side says true). micro F1
adds up the counts of all of these; engagement is scored apart, as accuracy.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from bot.analysis.gazetteer import fold, load_gazetteer

SET_FIELDS: tuple[str, ...] = (
    "countries",
    "exercises",
    "participants",
    "agreements",
    "regions",
    "cooperation",
)
FIELDS: tuple[str, ...] = (*SET_FIELDS, "status_quo_opposition")

_YEAR = re.compile(r"\b(?:19|20)\d\d[a-z]?\b|(?<=[a-z])-\d\d\b")
_EXERCISE_WORD = re.compile(r"\b(?:exercises?|drills?)\b")
_NON_WORD = re.compile(r"[^a-z0-9]+")
# "Memorandum of Understanding on X" and "MOU on X" are one name (also "MoUs", "memoranda").
_MOU = re.compile(r"\bmemorand(?:um|a) of understanding\b|\bmous\b")


def _plain(name: str) -> str:
    s = fold(name).replace("&", " and ")
    s = _YEAR.sub(" ", s)
    s = _EXERCISE_WORD.sub(" ", s)
    s = _MOU.sub("mou", s)
    s = _NON_WORD.sub(" ", s).strip()
    return s[4:] if s.startswith("the ") else s


@cache
def _aliases() -> dict[str, dict[str, str]]:
    g = load_gazetteer()
    out: dict[str, dict[str, str]] = {}
    for kind, table in (
        ("exercises", g.exercises),
        ("agreements", g.agreements),
        ("regions", g.regions),
    ):
        out[kind] = {_plain(alias): _plain(canonical) for alias, canonical in table.items()}
    return out


def norm_name(kind: str, name: str) -> str:
    """The form two names are compared in: 'Ayungin Shoal' and 'Second Thomas Shoal' agree."""
    plain = _plain(name)
    mapped = _aliases().get(kind, {}).get(plain)
    if mapped is not None:
        return mapped
    if kind == "agreements":
        for keyword, short in load_gazetteer().agreement_keywords:
            if _plain(keyword) in plain:
                return _plain(short)
    return plain


def label_sets(labels: Mapping[str, Any]) -> dict[str, set[Any]]:
    """The comparable sets of one statement's labels (gold or predicted)."""
    exercises = labels.get("exercises") or []
    return {
        "countries": {str(c).upper() for c in labels.get("countries") or []},
        "exercises": {norm_name("exercises", e["name"]) for e in exercises},
        "participants": {
            (norm_name("exercises", e["name"]), str(c).upper())
            for e in exercises
            for c in e.get("participants") or []
        },
        "agreements": {norm_name("agreements", a) for a in labels.get("agreements") or []},
        "regions": {norm_name("regions", r) for r in labels.get("regions") or []},
        "cooperation": {str(c) for c in labels.get("cooperation") or []},
        "status_quo_opposition": {True} if labels.get("status_quo_opposition") else set(),
    }


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, gold: set[Any], pred: set[Any]) -> tuple[set[Any], set[Any]]:
        """Count one statement; return (missed, false hits)."""
        self.tp += len(gold & pred)
        self.fp += len(pred - gold)
        self.fn += len(gold - pred)
        return gold - pred, pred - gold

    @property
    def p(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def r(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.p, self.r
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Score:
    n: int = 0
    fields: dict[str, Counts] = field(default_factory=lambda: {f: Counts() for f in FIELDS})
    engagement_correct: int = 0
    errors: list[tuple[str, str, str, Any]] = field(default_factory=list)  # id, field, kind, item

    def add(self, sid: str, gold: Mapping[str, Any], pred: Mapping[str, Any]) -> None:
        self.n += 1
        gs, ps = label_sets(gold), label_sets(pred)
        for name in FIELDS:
            missed, false = self.fields[name].add(gs[name], ps[name])
            self.errors.extend((sid, name, "miss", x) for x in sorted(missed, key=str))
            self.errors.extend((sid, name, "false hit", x) for x in sorted(false, key=str))
        if gold.get("engagement") == pred.get("engagement"):
            self.engagement_correct += 1
        else:
            self.errors.append(
                (
                    sid,
                    "engagement",
                    "wrong",
                    f"{pred.get('engagement')} != {gold.get('engagement')}",
                )
            )

    @property
    def engagement_accuracy(self) -> float:
        return self.engagement_correct / self.n if self.n else 0.0

    @property
    def micro(self) -> Counts:
        total = Counts()
        for c in self.fields.values():
            total.tp, total.fp, total.fn = total.tp + c.tp, total.fp + c.fp, total.fn + c.fn
        return total

    def as_json(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "fields": {
                name: {"p": round(c.p, 4), "r": round(c.r, 4), "f1": round(c.f1, 4)}
                for name, c in self.fields.items()
            },
            "engagement_accuracy": round(self.engagement_accuracy, 4),
            "micro_f1": round(self.micro.f1, 4),
        }


def score_rows(rows: Iterable[tuple[str, Mapping[str, Any], Mapping[str, Any]]]) -> Score:
    """Score (id, gold labels, predicted labels) triples."""
    score = Score()
    for sid, gold, pred in rows:
        score.add(sid, gold, pred)
    return score

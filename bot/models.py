"""The data types that travel through Readout, each named after the stage that produces it.

    Fetched  (sources.fetch)   one HTTP answer for a source: body or "not modified"
    Entry    (sources.parse)   one item of a feed or list page, with its identity
    Summary  (analysis)        what a statement says: actors, engagement, key points
    Statement (pipeline)       an entry read, analysed and stored
    Subscription, Chat         who wants what (store)
    Alert    (delivery.render) what a chat is shown, before any platform formats it

This module holds data only: no IO, no platform, no database.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

Modality = Literal["asserted", "future", "negated", "hypothetical"]
Engagement = Literal[
    "call", "meeting", "joint_statement", "press_release", "speech", "news_report", "other"
]
ENGAGEMENTS: tuple[str, ...] = (
    "call",
    "meeting",
    "joint_statement",
    "press_release",
    "speech",
    "news_report",
    "other",
)

# Key-point types. Their PLOVER / CAMEO codes live with the analysis (bot/analysis/codes.py).
KEY_POINT_TYPES: tuple[str, ...] = (
    "engagement",
    "status_quo",
    "exercise",
    "drills",
    "agreement",
    "concern",
    "principle",
    "cooperation",
)

COOPERATION_TAGS: tuple[str, ...] = (
    "maritime_security",
    "hadr",
    "defence_industry",
    "training",
    "logistics",
    "intelligence",
    "cyber",
    "space",
    "counter_terrorism",
    "missile_defence",
    "nonproliferation",
    "economic_security",
    "capacity_building",
    "health",
    "disinformation",
    "peacekeeping",
    "deterrence",
)


@dataclass(frozen=True, slots=True)
class Fetched:
    """One HTTP answer for a URL. `not_modified` means a 304: nothing else is set."""

    url: str
    status: int
    body: bytes = b""
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False
    truncated: bool = False


@dataclass(frozen=True, slots=True)
class Entry:
    """One item of a feed or HTML list page. `identity` decides whether it is new."""

    identity: str
    link: str | None
    title: str | None
    published: datetime | None
    text: str | None  # full text when the feed carries it; else None and the page is read
    summary: str | None = None  # the feed's short description, a fallback for `text`


@dataclass(frozen=True, slots=True)
class Official:
    name: str
    role: str | None
    country: str | None


@dataclass(frozen=True, slots=True)
class KeyPoint:
    """One thing a statement says, with the sentence it was read from."""

    type: str
    line: str  # one short normalised line, e.g. "Exercise Malabar (IN, JP, US, AU): completed"
    evidence: str  # the verbatim sentence
    offset: int  # where `evidence` starts in the statement text
    attributes: Mapping[str, Any] = field(default_factory=dict)
    modality: Modality = "asserted"

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "line": self.line,
            "evidence": self.evidence,
            "offset": self.offset,
            "attributes": dict(self.attributes),
            "modality": self.modality,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> KeyPoint:
        return cls(
            type=d["type"],
            line=d["line"],
            evidence=d["evidence"],
            offset=int(d["offset"]),
            attributes=dict(d.get("attributes") or {}),
            modality=d.get("modality", "asserted"),
        )


@dataclass(frozen=True, slots=True)
class Summary:
    """What a statement says. Produced by `bot.analysis.analyse`, pure data."""

    countries: tuple[str, ...] = ()
    officials: tuple[Official, ...] = ()
    engagement: str = "other"
    key_points: tuple[KeyPoint, ...] = ()
    regions: tuple[str, ...] = ()
    cooperation: tuple[str, ...] = ()
    headline: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "countries": list(self.countries),
            "officials": [
                {"name": o.name, "role": o.role, "country": o.country} for o in self.officials
            ],
            "engagement": self.engagement,
            "key_points": [k.to_dict() for k in self.key_points],
            "regions": list(self.regions),
            "cooperation": list(self.cooperation),
            "headline": self.headline,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Summary:
        return cls(
            countries=tuple(d.get("countries") or ()),
            officials=tuple(
                Official(o["name"], o.get("role"), o.get("country"))
                for o in d.get("officials") or ()
            ),
            engagement=d.get("engagement", "other"),
            key_points=tuple(KeyPoint.from_dict(k) for k in d.get("key_points") or ()),
            regions=tuple(d.get("regions") or ()),
            cooperation=tuple(d.get("cooperation") or ()),
            headline=d.get("headline", ""),
        )

    def labels(self) -> dict[str, Any]:
        """The summary in the labelled-set schema of shared/eval/SCHEMA.md."""
        exercises: list[dict[str, Any]] = []
        agreements: list[str] = []
        for k in self.key_points:
            if k.type in ("exercise", "drills") and k.attributes.get("name"):
                name = str(k.attributes["name"])
                if all(e["name"] != name for e in exercises):
                    exercises.append(
                        {"name": name, "participants": list(k.attributes.get("participants", []))}
                    )
            elif k.type == "agreement" and k.attributes.get("name"):
                name = str(k.attributes["name"])
                if name not in agreements:
                    agreements.append(name)
        return {
            "countries": list(self.countries),
            "engagement": self.engagement,
            "status_quo_opposition": any(
                k.type == "status_quo" and k.modality != "negated" for k in self.key_points
            ),
            "exercises": exercises,
            "agreements": agreements,
            "regions": list(self.regions),
            "cooperation": list(self.cooperation),
        }


def content_hash(text: str) -> str:
    """Identity of a text regardless of whitespace: sha256 of its words joined by one space."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Statement:
    """An entry read and analysed. `id` and `event_id` are set once stored."""

    source_id: str
    url: str | None
    title: str | None
    published: datetime | None
    fetched: datetime
    text: str
    summary: Summary
    content_hash: str
    id: int | None = None
    event_id: int | None = None
    source_name: str | None = None


@dataclass(frozen=True, slots=True)
class Subscription:
    """A chat's filter. All `countries` must be involved; any keyword may match."""

    chat_id: int
    countries: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    mode: Literal["push", "digest"] = "push"
    digest_time: str | None = None  # "HH:MM"
    timezone: str | None = None
    thread_id: str | None = None
    id: int | None = None


@dataclass(frozen=True, slots=True)
class Chat:
    """A place alerts go: a Telegram chat, a Slack channel, the console."""

    platform: str
    address: str  # the platform's own id of the chat or channel
    kind: str = "private"  # private | group | supergroup | channel | console
    title: str | None = None
    active: bool = True
    id: int | None = None

"""PLOVER event types and CAMEO codes of key points, so alerts can be exported to tools that
speak them. The table is mirrored in docs/key-points.md.

Owns only the mapping. A key point's code depends on its type and, for some types, on an
attribute (an agreement signed is CAMEO 057, one under negotiation 046; HA/DR cooperation is
AID / 073). Pure data and one look-up function.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from bot.models import KeyPoint


class EventCode(NamedTuple):
    plover: str  # PLOVER event type, with its mode after a colon where one applies
    cameo: str  # CAMEO code
    meaning: str


ENGAGEMENT: Mapping[str, EventCode] = {
    "call": EventCode("CONSULT:phone", "041", "Discuss by telephone"),
    "meeting": EventCode("CONSULT:visit", "042", "Make a visit / meet"),
    "joint_statement": EventCode("AGREE", "030", "Express intent to cooperate (joint statement)"),
    "press_release": EventCode("CONSULT", "010", "Make statement"),
    "speech": EventCode("CONSULT", "010", "Make statement"),
    "news_report": EventCode("CONSULT", "010", "Make statement (reported)"),
    "other": EventCode("CONSULT", "010", "Make statement"),
}
BY_TYPE: Mapping[str, EventCode] = {
    "status_quo": EventCode("ACCUSE:disapprove", "111", "Criticize or denounce"),
    "exercise": EventCode("COOPERATE:military", "062", "Cooperate militarily"),
    "drills": EventCode("MOBILIZE:military", "150", "Demonstrate military power"),
    "agreement": EventCode("SUPPORT", "057", "Sign formal agreement"),
    "concern": EventCode("ACCUSE:disapprove", "110", "Disapprove"),
    "principle": EventCode("SUPPORT", "051", "Praise or endorse"),
    "cooperation": EventCode("COOPERATE:military", "062", "Cooperate militarily"),
}
AGREEMENT_STATUS: Mapping[str, EventCode] = {
    "signed": EventCode("SUPPORT", "057", "Sign formal agreement"),
    "in force": EventCode("SUPPORT", "057", "Sign formal agreement (in force)"),
    "invoked": EventCode("SUPPORT", "057", "Formal agreement invoked"),
    "under negotiation": EventCode("CONSULT:negotiate", "046", "Engage in negotiation"),
    "agreed to pursue": EventCode("AGREE", "036", "Express intent to meet or negotiate"),
}
CONCERN_KIND: Mapping[str, EventCode] = {
    "condemnation": EventCode("ACCUSE:disapprove", "111", "Criticize or denounce"),
    "concern": EventCode("ACCUSE:disapprove", "110", "Disapprove"),
}
COOPERATION_AREA: Mapping[str, EventCode] = {
    "hadr": EventCode("AID:humanitarian", "073", "Provide humanitarian aid"),
    "health": EventCode("AID:humanitarian", "073", "Provide humanitarian aid"),
    "intelligence": EventCode("COOPERATE:intelligence", "064", "Share intelligence or information"),
    "economic_security": EventCode("COOPERATE:economic", "061", "Cooperate economically"),
    "capacity_building": EventCode("AID:military", "072", "Provide military aid"),
    "peacekeeping": EventCode("AID:military", "074", "Provide military protection or peacekeeping"),
}


def _lookup(point_type: str, attributes: Mapping[str, Any]) -> EventCode | None:
    if point_type == "engagement":
        return ENGAGEMENT.get(str(attributes.get("kind")))
    if point_type == "agreement" and attributes.get("status") in AGREEMENT_STATUS:
        return AGREEMENT_STATUS[str(attributes["status"])]
    if point_type == "concern" and attributes.get("kind") in CONCERN_KIND:
        return CONCERN_KIND[str(attributes["kind"])]
    if point_type == "cooperation" and attributes.get("area") in COOPERATION_AREA:
        return COOPERATION_AREA[str(attributes["area"])]
    return BY_TYPE.get(point_type)


def event_code(point: KeyPoint) -> EventCode | None:
    """The PLOVER type and CAMEO code of a key point (None for an unknown type)."""
    return _lookup(point.type, point.attributes)

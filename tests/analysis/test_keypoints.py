"""Each key-point type, its modality, its evidence and its PLOVER/CAMEO code.

The short texts here are synthetic test inputs written for these tests (marked SYNTHETIC), not
real statements; the real ones are in the labelled sets."""

from __future__ import annotations

import json

import pytest

from bot.analysis import analyse
from bot.analysis.codes import event_code
from bot.models import KEY_POINT_TYPES, KeyPoint, Summary
from tests.analysis.conftest import labelled_paths


def points(summary: Summary, kind: str) -> list[KeyPoint]:
    return [k for k in summary.key_points if k.type == kind]


def assert_evidence(text: str, summary: Summary) -> None:
    for k in summary.key_points:
        assert text[k.offset : k.offset + len(k.evidence)] == k.evidence, k


# SYNTHETIC test input.
CALL = (
    "Indian Defence Minister Rajnath Singh spoke on the telephone with Japanese Defence "
    "Minister Nobuo Kishi today. The ministers strongly oppose any unilateral attempts to "
    "change the status quo by coercion in the East China Sea. They welcomed the successful "
    "completion of the naval exercise Malabar held by Japan, the United States, India and "
    "Australia in November. Minister Kishi noted the signing of the Acquisition and "
    "Cross-Servicing Agreement. The ministers expressed serious concern over the situation in "
    "the South China Sea. They reaffirmed a free and open Indo-Pacific and the rule of law. "
    "They agreed to deepen cooperation in humanitarian assistance and disaster relief and "
    "cyber security."
)


def test_every_type_from_one_call() -> None:
    s = analyse(CALL, title="SYNTHETIC: India-Japan defence ministers' call")
    assert_evidence(CALL, s)
    assert s.engagement == "call"
    assert s.countries == ("IN", "JP")
    kinds = {k.type for k in s.key_points}
    assert {
        "engagement",
        "status_quo",
        "exercise",
        "agreement",
        "concern",
        "principle",
        "cooperation",
    } <= kinds
    (sq,) = points(s, "status_quo")
    assert sq.modality == "asserted" and "East China Sea" in sq.attributes["where"]
    assert set(sq.attributes["by"]) == set()  # "The ministers": countries resolved by engagement
    (ex,) = points(s, "exercise")
    assert ex.attributes["name"] == "Malabar"
    assert ex.attributes["status"] == "completed"
    assert set(ex.attributes["participants"]) == {"JP", "US", "IN", "AU"}
    assert ex.attributes["when"] == "in November"
    (ag,) = points(s, "agreement")
    assert ag.attributes == {"name": "ACSA", "status": "signed"}
    assert {p.attributes["principle"] for p in points(s, "principle")} >= {
        "free and open Indo-Pacific",
        "rule of law",
    }
    assert s.cooperation == ("logistics", "hadr", "cyber")  # ACSA is cross-servicing
    assert s.labels()["status_quo_opposition"] is True
    assert "India–Japan defence ministers' call" in s.headline
    assert "oppose coercive change of status quo" in s.headline
    assert "Malabar completed" in s.headline
    assert len(points(s, "concern")) == 1  # the opposition sentence is not a concern too


def test_every_type_has_a_plover_and_cameo_code() -> None:
    s = analyse(CALL)
    for k in s.key_points:
        code = event_code(k)
        assert code is not None and code.cameo.isdigit() and code.plover, k
    for kind in KEY_POINT_TYPES:
        assert event_code(KeyPoint(kind, "", "", 0, {"kind": "call"})) is not None
    call = next(k for k in s.key_points if k.type == "engagement")
    assert event_code(call) == ("CONSULT:phone", "041", "Discuss by telephone")
    assert event_code(points(s, "status_quo")[0])[:2] == ("ACCUSE:disapprove", "111")
    assert event_code(points(s, "exercise")[0])[:2] == ("COOPERATE:military", "062")
    assert event_code(points(s, "agreement")[0])[:2] == ("SUPPORT", "057")
    hadr = next(k for k in points(s, "cooperation") if k.attributes["area"] == "hadr")
    assert event_code(hadr)[:2] == ("AID:humanitarian", "073")


def test_drills_of_one_country() -> None:
    text = (
        "SYNTHETIC: The PLA Eastern Theater Command launched joint military drills "
        "code-named 'Strait Thunder-2025A' around Taiwan on Tuesday."
    )
    s = analyse(text)
    (d,) = points(s, "drills")
    assert d.attributes["name"] == "Strait Thunder"
    assert d.attributes["participants"] == ["CN"]
    assert d.attributes["status"] == "ongoing"
    assert event_code(d)[:2] == ("MOBILIZE:military", "150")
    assert s.labels()["exercises"] == [{"name": "Strait Thunder", "participants": ["CN"]}]
    assert set(s.countries) == {"CN", "TW"}


@pytest.mark.parametrize(
    ("sentence", "modality"),
    [
        ("Japan will not recognise the so-called exclusive zone.", "negated"),
        ("The two sides will hold the exercise Dharma Guardian next year.", "future"),
        ("If the Philippines insists on going its own way, China will respond.", "hypothetical"),
        ("Japan and India held the exercise Dharma Guardian in February.", "asserted"),
    ],
)
def test_modality(sentence: str, modality: str) -> None:
    from bot.analysis.modality import modality_at

    trigger = {
        "negated": "recognise",
        "future": "hold",
        "hypothetical": "China will respond",
        "asserted": "held",
    }[modality]
    assert modality_at(sentence, sentence.index(trigger)) == modality


def test_concern_and_condemnation() -> None:
    text = (
        "SYNTHETIC: The Ministers strongly condemned North Korea's ballistic missile launch. "
        "Japan expressed serious concern about the dangerous maneuvers near the Senkaku "
        "Islands."
    )
    s = analyse(text)
    kinds = [k.attributes["kind"] for k in points(s, "concern")]
    assert kinds == ["condemnation", "concern"]
    assert event_code(points(s, "concern")[0])[:2] == ("ACCUSE:disapprove", "111")
    assert points(s, "concern")[1].attributes["by"] == ["JP"]


def test_agreement_statuses() -> None:
    text = (
        "SYNTHETIC: Japan and the Philippines signed the Reciprocal Access Agreement. "
        "The two sides commenced negotiations on an Acquisition and Cross-Servicing "
        "Agreement. The Secretary reiterated that the Mutual Defense Treaty extends to "
        "Philippine public vessels. The two countries agreed to explore a General Security "
        "of Military Information Agreement."
    )
    s = analyse(text)
    got = {k.attributes["name"]: k.attributes["status"] for k in points(s, "agreement")}
    assert got == {
        "RAA": "signed",
        "ACSA": "under negotiation",
        "Mutual Defense Treaty": "invoked",
        "GSOMIA": "agreed to pursue",
    }


def test_unknown_agreement_found_from_its_shape() -> None:
    text = (
        "SYNTHETIC: Vietnam and Australia signed the Maritime Domain Cooperation "
        "Arrangement. Both sides implement the Agreement between Japan and the U.S."
    )
    names = {k.attributes["name"] for k in points(analyse(text), "agreement")}
    assert names == {
        "Maritime Domain Cooperation Arrangement",
        "Agreement between Japan and the U.S.",
    }


def test_evidence_offsets_exact_on_every_labelled_statement() -> None:
    n = 0
    for path in labelled_paths():
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            s = analyse(row["text"], title=row.get("title"), source=row.get("source"))
            assert_evidence(row["text"], s)
            assert all(k.type in KEY_POINT_TYPES for k in s.key_points)
            n += 1
    assert n >= 15 or not labelled_paths()

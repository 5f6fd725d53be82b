"""`run_analyse` and `run_eval`: the JSON they print matches SCHEMA.md, labels are never read,
and the labelled sets score above the goals of issue 3."""

from __future__ import annotations

import io
import json
import pathlib

import pytest

from bot.analysis.evaluate import read_many, run_analyse, run_eval
from bot.analysis.scoring import FIELDS
from bot.models import COOPERATION_TAGS, ENGAGEMENTS, KEY_POINT_TYPES

LABEL_KEYS = {
    "countries",
    "engagement",
    "status_quo_opposition",
    "exercises",
    "agreements",
    "regions",
    "cooperation",
}


def _check_labels(labels: dict[str, object]) -> None:
    assert set(labels) == LABEL_KEYS
    assert all(isinstance(c, str) and len(c) == 2 and c.isupper() for c in labels["countries"])  # type: ignore[attr-defined]
    assert labels["engagement"] in ENGAGEMENTS
    assert isinstance(labels["status_quo_opposition"], bool)
    for e in labels["exercises"]:  # type: ignore[attr-defined]
        assert set(e) == {"name", "participants"} and isinstance(e["name"], str)
        assert all(len(c) == 2 for c in e["participants"])
    assert all(isinstance(a, str) for a in labels["agreements"])  # type: ignore[attr-defined]
    assert all(isinstance(r, str) for r in labels["regions"])  # type: ignore[attr-defined]
    assert set(labels["cooperation"]) <= set(COOPERATION_TAGS)  # type: ignore[arg-type]


def test_analyse_jsonl_matches_the_schema(dev_path: pathlib.Path) -> None:
    out = io.StringIO()
    assert run_analyse(dev_path, out) == 0
    lines = [json.loads(x) for x in out.getvalue().splitlines()]
    ids = [json.loads(x)["id"] for x in dev_path.read_text(encoding="utf-8").splitlines() if x]
    assert [x["id"] for x in lines] == ids
    for line in lines:
        assert set(line) == {"id", "labels", "summary"}
        _check_labels(line["labels"])
        summary = line["summary"]
        assert set(summary) == {
            "countries",
            "officials",
            "engagement",
            "key_points",
            "regions",
            "cooperation",
            "headline",
        }
        for k in summary["key_points"]:
            assert k["type"] in KEY_POINT_TYPES
            assert k["modality"] in ("asserted", "future", "negated", "hypothetical")


def test_analyse_never_reads_labels(tmp_path: pathlib.Path) -> None:
    text = "SYNTHETIC: Japan and India held the exercise JIMEX in the Bay of Bengal."
    plain = tmp_path / "plain.jsonl"
    lying = tmp_path / "lying.jsonl"
    plain.write_text(json.dumps({"id": "a", "text": text}) + "\n")
    lying.write_text(
        json.dumps(
            {
                "id": "a",
                "text": text,
                "labels": {
                    "countries": ["FR"],
                    "exercises": [{"name": "Nope", "participants": []}],
                },
            }
        )
        + "\n"
    )
    a, b = io.StringIO(), io.StringIO()
    assert run_analyse(plain, a) == 0 and run_analyse(lying, b) == 0
    assert a.getvalue() == b.getvalue()


def test_bad_input_is_an_error_not_a_crash(tmp_path: pathlib.Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": 1}\n')
    assert run_analyse(bad, io.StringIO()) == 1
    assert run_eval(tmp_path / "missing.jsonl", io.StringIO()) == 1


def _last_json(out: io.StringIO) -> dict[str, object]:
    last = json.loads(out.getvalue().strip().splitlines()[-1])
    assert set(last) == {"n", "fields", "engagement_accuracy", "micro_f1"}
    assert set(last["fields"]) == set(FIELDS)  # type: ignore[arg-type]
    for f in last["fields"].values():  # type: ignore[attr-defined]
        assert set(f) == {"p", "r", "f1"}
    return last


def test_eval_prints_table_errors_and_a_final_json_line(dev_path: pathlib.Path) -> None:
    out = io.StringIO()
    assert run_eval(dev_path, out, errors=True) == 0
    text = out.getvalue()
    assert "countries" in text and "micro" in text and "engagement accuracy" in text
    assert _last_json(out)["n"] == 15
    base = io.StringIO()
    assert run_eval(dev_path, base, baseline=True) == 0
    assert "baseline" in base.getvalue()
    assert _last_json(base)["micro_f1"] < _last_json(out)["micro_f1"]  # type: ignore[operator]


GOALS = {
    "countries": 0.95,
    "exercises": 0.95,
    "participants": 0.90,
    "agreements": 0.90,
    "regions": 0.90,
    "cooperation": 0.75,
    "status_quo_opposition": 0.95,
}


def _score(path: pathlib.Path) -> dict[str, object]:
    out = io.StringIO()
    assert run_eval(path, out) == 0
    return _last_json(out)


def test_dev_set_scores_above_the_goals(dev_path: pathlib.Path) -> None:
    score = _score(dev_path)
    assert score["micro_f1"] >= 0.95  # type: ignore[operator]
    assert score["engagement_accuracy"] >= 0.90  # type: ignore[operator]
    for name, goal in GOALS.items():
        assert score["fields"][name]["f1"] >= goal, name  # type: ignore[index]


def test_extra_development_half_scores_above_the_goals(
    extra_path: pathlib.Path, tmp_path: pathlib.Path
) -> None:
    # The whole of extra.jsonl is developed on now (the held-out measure is a separate file,
    # collected apart and never read here); its first half keeps the goals as a regression check.
    rows = [x for x in extra_path.read_text(encoding="utf-8").splitlines() if x.strip()]
    if len(rows) < 10:
        pytest.skip("too few extra statements yet")
    first = tmp_path / "first.jsonl"
    first.write_text("\n".join(rows[: len(rows) // 2]) + "\n", encoding="utf-8")
    score = _score(first)
    assert score["micro_f1"] >= 0.95  # type: ignore[operator]
    assert score["engagement_accuracy"] >= 0.90  # type: ignore[operator]


def test_read_many(dev_path: pathlib.Path, extra_path: pathlib.Path) -> None:
    rows = read_many(dev_path, extra_path)
    assert len(rows) >= 15 and all("text" in r for r in rows)

"""Shared fixtures for the analysis tests: the labelled sets and a tiny helper to load them."""

from __future__ import annotations

import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
DEV = ROOT / "tests" / "fixtures" / "eval" / "dev.jsonl"  # a copy of shared/eval/dev.jsonl
EXTRA = ROOT / "tests" / "fixtures" / "eval" / "extra.jsonl"


def labelled_paths() -> list[pathlib.Path]:
    return [p for p in (DEV, EXTRA) if p.exists()]


@pytest.fixture(scope="session")
def dev_path() -> pathlib.Path:
    if not DEV.exists():
        pytest.skip(f"the shared dev set is not beside the repository ({DEV})")
    return DEV


@pytest.fixture(scope="session")
def extra_path() -> pathlib.Path:
    if not EXTRA.exists():
        pytest.skip(f"no extra labelled statements yet ({EXTRA})")
    return EXTRA

"""Short readers of analyse()'s labels for the rule tests: one field of a SYNTHETIC text."""

from __future__ import annotations

from bot.analysis import analyse


def labels(text: str, title: str | None = None, source: str | None = None) -> dict[str, object]:
    return analyse(text, title=title, source=source).labels()


def agreements(text: str, source: str | None = None) -> list[object]:
    return labels(text, source=source)["agreements"]  # type: ignore[return-value]


def participants(text: str, title: str | None = None) -> dict[str, list[str]]:
    return {
        str(e["name"]): list(e["participants"])  # type: ignore[index]
        for e in labels(text, title)["exercises"]
    }  # type: ignore[attr-defined]


def cooperation(text: str, title: str | None = None) -> list[object]:
    return labels(text, title)["cooperation"]  # type: ignore[return-value]


def regions(text: str) -> list[object]:
    return labels(text)["regions"]  # type: ignore[return-value]


# --- participants -------------------------------------------------------------------------------

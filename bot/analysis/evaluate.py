"""`readout analyse --jsonl` and `readout eval`: run the extractor over a JSONL file of statements.

Owns reading the rows, calling `analyse` (or the naive baseline), printing one JSON object per
row, and printing the score table. The scoring itself is `scoring`; argument parsing is the
CLI's (bot/cli.py). The only IO here is the file it is given and the stream it writes to.

`run_analyse` never looks at a row's `labels`: it is the command that produces them.
"""

from __future__ import annotations

import json
import pathlib
import sys
from collections.abc import Iterator
from datetime import datetime
from typing import Any, TextIO

from bot.analysis import analyse
from bot.analysis.baseline import analyse_baseline
from bot.analysis.scoring import FIELDS, Score, score_rows
from bot.models import Summary

_ANALYSE_KEYS = ("id", "text", "title", "published", "source")


class BadRow(ValueError):
    """A JSONL row that is not an object with an `id` and a `text`."""


def _published(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    for fmt in ("%Y-%m-%d", "%Y-%m", "%Y"):
        try:
            return datetime.strptime(value[: len(fmt) + 2], fmt)
        except ValueError:
            continue
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def read_rows(path: pathlib.Path) -> Iterator[dict[str, Any]]:
    """The rows of a JSONL file; blank lines are skipped, a bad line raises BadRow."""
    with path.open(encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as e:
                raise BadRow(f"{path}:{number}: not JSON ({e.msg})") from e
            if not isinstance(row, dict) or "id" not in row or not isinstance(row.get("text"), str):
                raise BadRow(f"{path}:{number}: a row needs an 'id' and a 'text'")
            yield row


def read_many(*paths: pathlib.Path) -> list[dict[str, Any]]:
    """All rows of several JSONL files, in order (for tests and the bench)."""
    return [row for p in paths for row in read_rows(p)]


def summarise(row: dict[str, Any], baseline: bool = False) -> Summary:
    """The Summary of one row, read only from its id/text/title/published/source."""
    fields = {k: row.get(k) for k in _ANALYSE_KEYS}  # labels never reach the extractor
    run = analyse_baseline if baseline else analyse
    return run(
        str(fields["text"]),
        title=fields["title"] or None,
        published=_published(fields["published"]),
        source=fields["source"] or None,
    )


def run_analyse(path: pathlib.Path, out: TextIO) -> int:
    """Print `{"id", "labels", "summary"}` for each row of `path`; 0 on success, 1 on bad input."""
    try:
        for row in read_rows(path):
            summary = summarise(row)
            line = {"id": row["id"], "labels": summary.labels(), "summary": summary.to_dict()}
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
    except (BadRow, OSError) as e:
        print(f"readout analyse: {e}", file=sys.stderr)
        return 1
    return 0


def score_file(path: pathlib.Path, baseline: bool = False) -> Score:
    """Score the extractor (or the baseline) on a labelled JSONL file."""
    rows = [r for r in read_rows(path) if isinstance(r.get("labels"), dict)]
    return score_rows((str(r["id"]), r["labels"], summarise(r, baseline).labels()) for r in rows)


def format_table(score: Score, title: str = "") -> str:
    lines = [title] if title else []
    lines.append(f"{'field':<24}{'tp':>5}{'fp':>5}{'fn':>5}{'P':>8}{'R':>8}{'F1':>8}")
    for name in FIELDS:
        c = score.fields[name]
        lines.append(f"{name:<24}{c.tp:>5}{c.fp:>5}{c.fn:>5}{c.p:>8.3f}{c.r:>8.3f}{c.f1:>8.3f}")
    m = score.micro
    lines.append(f"{'micro':<24}{m.tp:>5}{m.fp:>5}{m.fn:>5}{m.p:>8.3f}{m.r:>8.3f}{m.f1:>8.3f}")
    lines.append(
        f"{'engagement accuracy':<24}{score.engagement_correct:>5}/{score.n:<4}"
        f"{score.engagement_accuracy:>20.3f}"
    )
    return "\n".join(lines)


def format_errors(score: Score) -> str:
    return "\n".join(
        f"{sid}\t{field}\t{kind}\t{item if not isinstance(item, tuple) else ' / '.join(item)}"
        for sid, field, kind, item in score.errors
    )


def run_eval(path: pathlib.Path, out: TextIO, errors: bool = False, baseline: bool = False) -> int:
    """Print the score table (and, with `errors`, every miss and false hit), then one JSON line."""
    try:
        score = score_file(path, baseline=baseline)
    except (BadRow, OSError) as e:
        print(f"readout eval: {e}", file=sys.stderr)
        return 1
    name = "baseline (naive keyword matcher)" if baseline else "extractor"
    out.write(format_table(score, f"{path.name}: {score.n} statements, {name}") + "\n")
    if errors and score.errors:
        out.write("\nid\tfield\tkind\titem\n" + format_errors(score) + "\n")
    out.write(json.dumps(score.as_json()) + "\n")
    return 0

"""The core never loads a chat SDK: only handlers/telegram.py and handlers/slack.py may."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORE_MODULES = [
    "bot",
    "bot.app",
    "bot.cli",
    "bot.config",
    "bot.pipeline",
    "bot.scheduler",
    "bot.store",
    "bot.delivery.dispatcher",
    "bot.delivery.render",
    "bot.sources.fetch",
    "bot.sources.read",
    "bot.analysis",
    "bot.demo",
    "bot.status",
    "handlers",
    "handlers.console",
]


def test_core_imports_load_no_chat_sdk() -> None:
    code = (
        "import importlib, sys\n"
        f"for m in {CORE_MODULES!r}: importlib.import_module(m)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('telegram', 'slack_bolt', 'slack_sdk'))\n"
        "print(','.join(bad))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == ""


def test_no_sdk_import_statement_in_the_core() -> None:
    pattern = re.compile(r"^\s*(import|from)\s+(telegram|slack_bolt|slack_sdk)\b", re.M)
    offenders = [p for p in (ROOT / "bot").rglob("*.py") if pattern.search(p.read_text())]
    assert offenders == []

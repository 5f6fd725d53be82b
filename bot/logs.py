"""Logging: readable text by default, one JSON object per line with `--log-format json`, and no
secret in either.

Owns the log format and the secret filter; the CLI installs both once (`setup`), then tells the
filter the configured secrets once the config is read (`Redactor.add`). The filter sits on the
root handlers, so it sees every record, whichever library logged it: python-telegram-bot and
httpx log request URLs that hold the bot token (`https://api.telegram.org/bot<TOKEN>/…`).

Redacted: every configured secret value (telegram.token and .secret_token, slack.bot_token,
.app_token and .signing_secret, the database password) and anything shaped like a Telegram bot
token (`123456:AA…`) or a Slack token (`xoxb-…`, `xapp-…`), in the message, its arguments, the
`extra=` fields and the traceback text.

JSON lines carry time (UTC, ISO 8601), level, logger, message, every `extra=` field the call
passed (source, statement, chat, delivery, url, …) and, for an exception, its traceback.

`inline_secrets` and `warn_if_exposed` serve the config-file check: a world-readable config
file that holds a secret written out (rather than `${VAR}`) gets one warning line at start.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import stat
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import yaml

REDACTED = "[REDACTED]"
_PATTERNS = re.compile(
    r"(?<![0-9])\d{5,}:[A-Za-z0-9_-]{30,}"  # Telegram bot token (also after "/bot")
    r"|xox[abposr]-[A-Za-z0-9-]{6,}"  # Slack bot / user / app-level tokens
    r"|xapp-[A-Za-z0-9-]{6,}"
)
# What every LogRecord has; anything else on a record came from `extra=`.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}
# (section, key) of the config values that are secrets.
SECRET_KEYS = (
    ("telegram", "token"),
    ("telegram", "secret_token"),
    ("slack", "bot_token"),
    ("slack", "app_token"),
    ("slack", "signing_secret"),
)
_NOISY = ("httpx", "httpcore", "apscheduler.executors.default", "aiosqlite")


class Redactor(logging.Filter):
    """A handler filter that rewrites each record with every secret replaced by [REDACTED]."""

    def __init__(self, secrets: Iterable[str | None] = ()) -> None:
        super().__init__()
        self._secrets: list[str] = []
        self.add(secrets)

    def add(self, secrets: Iterable[str | None]) -> None:
        """Also redact these values (short ones are ignored: they would redact ordinary words)."""
        for s in secrets:
            if s and len(s) >= 6 and s not in self._secrets:
                self._secrets.append(s)
        self._secrets.sort(key=len, reverse=True)  # a longer secret before its prefix

    def redact(self, text: str) -> str:
        for s in self._secrets:
            if s in text:
                text = text.replace(s, REDACTED)
        return _PATTERNS.sub(REDACTED, text)

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: keep what there is
            message = f"{record.msg} {record.args}"
        record.msg, record.args = self.redact(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        for key, value in list(vars(record).items()):
            if key not in _STANDARD and isinstance(value, str):
                setattr(record, key, self.redact(value))
        return True


def extras(record: logging.LogRecord) -> dict[str, Any]:
    """The `extra=` fields of a record."""
    return {k: v for k, v in vars(record).items() if k not in _STANDARD and not k.startswith("_")}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, the extras, the exception."""

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in extras(record).items():
            out[key] = value if isinstance(value, str | int | float | bool | None) else str(value)
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            out["exception"] = record.exc_text
        if record.stack_info:
            out["stack"] = record.stack_info
        return json.dumps(out, ensure_ascii=False)


TEXT_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"


def setup(
    level: str = "INFO",
    fmt: Literal["text", "json"] = "text",
    stream: Any = None,
) -> Redactor:
    """Give the root logger our handler (text or JSON, with the secret filter) and return the
    filter, to which the CLI adds the configured secrets once it has read the config."""
    handler = logging.StreamHandler(stream or sys.stderr)
    if fmt == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter(TEXT_FORMAT, datefmt="%Y-%m-%d %H:%M:%S"))
    redactor = Redactor()
    handler.addFilter(redactor)
    handler.set_name("readout")
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == "readout"]:
        root.removeHandler(old)  # set up again (tests call the CLI in one process)
    root.addHandler(handler)
    for other in root.handlers:  # any handler already there gets the filter too
        if redactor not in other.filters:
            other.addFilter(redactor)
    root.setLevel(getattr(logging, level))
    for noisy in _NOISY:
        logging.getLogger(noisy).setLevel(max(logging.WARNING, getattr(logging, level)))
    return redactor


def secret_values(config: Any) -> list[str]:
    """The configured secrets of a `Config`, and the database password."""
    values = [getattr(getattr(config, section), key, None) for section, key in SECRET_KEYS]
    from sqlalchemy.engine import make_url

    with contextlib.suppress(Exception):  # not a URL SQLAlchemy reads: the store says so
        values.append(make_url(config.database.url).password)
    return [str(v) for v in values if v]


def inline_secrets(text: str) -> list[str]:
    """Keys of the config text that hold a secret written out rather than as `${VAR}`."""
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError:
        raw = None
    raw = raw if isinstance(raw, dict) else {}
    found = []
    for section, key in SECRET_KEYS:
        part = raw.get(section)
        value = part.get(key) if isinstance(part, dict) else None
        if isinstance(value, str | int) and value and "${" not in str(value):
            found.append(f"{section}.{key}")
    db = raw.get("database")
    url = db.get("url") if isinstance(db, dict) else None
    if isinstance(url, str) and re.search(r"://[^/@]*:[^/@$]+@", url):
        found.append("database.url (password)")
    if not found and _PATTERNS.search(text):
        found.append("a token-shaped value")
    return found


def warn_if_exposed(path: Path, log: logging.Logger | None = None) -> bool:
    """Log one warning when `path` is readable by every user and holds a secret inline."""
    try:
        mode = os.stat(path).st_mode
        text = path.read_text(encoding="utf-8")
    except OSError:
        return False
    if not mode & stat.S_IROTH:
        return False
    keys = inline_secrets(text)
    if not keys:
        return False
    (log or logging.getLogger("bot.config")).warning(
        "%s is readable by every user of this machine and holds %s inline: chmod 600 it, or "
        "write ${VAR} and set the variable (or VAR_FILE)",
        path,
        ", ".join(keys),
    )
    return True

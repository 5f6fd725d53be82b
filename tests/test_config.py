"""Config: every invalid case is one line naming the key, exit code 2, no traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import parse_config
from bot.errors import ConfigError

SOURCE = "sources:\n  - id: a\n    name: A\n    url: https://example.org/feed\n"

BAD = [
    ("telegram:\n  tokne: x\n", "telegram.tokne: unknown key (did you mean 'token'?)"),
    ("databse:\n  url: x\n", "databse: unknown key"),
    (SOURCE + "    colour: red\n", "sources[0].colour: unknown key"),
    ("http:\n  timeout: [1]\n", "http.timeout:"),
    ("http:\n  max_bytes: lots\n", "http.max_bytes: 'lots' is not a size"),
    ("sources:\n  - id: a\n    url: https://x.org/\n", "sources[0].name: required value missing"),
    (SOURCE + "    interval: 5x\n", "sources[0].interval: '5x' is not a duration"),
    (SOURCE + "    interval: 10s\n", "sources[0].interval: must be at least 1m"),
    (SOURCE + "    kind: json\n", "sources[0].kind: must be 'rss', 'atom' or 'html'"),
    (SOURCE + "    kind: html\n", "sources[0].selector: required when kind is html"),
    (SOURCE + "    country: India\n", "sources[0].country: 'India' is not valid here"),
    (SOURCE + "  - id: a\n    name: B\n    url: https://y.org/\n", "sources[1].id: duplicate"),
    ("sources:\n  - id: a\n    name: A\n    url: ftp://x\n", "sources[0].url: 'ftp://x'"),
    ("slack:\n  mode: sockets\n", "slack.mode: must be 'socket' or 'http'"),
    ("slack:\n  port: 99999\n", "slack.port: must be less than or equal to 65535"),
    ("http:\n  allow_private: maybe\n", "http.allow_private:"),
    (
        "database:\n  url: postgresql://${PGUSER}@h/db\n",
        "database.url: environment variable PGUSER",
    ),
    ("a: [\n", "config: "),
    ("- just\n- a list\n", "config: the top level must be a mapping"),
]


@pytest.mark.parametrize(("text", "expected"), BAD)
def test_invalid_config_is_one_clear_line(text: str, expected: str) -> None:
    with pytest.raises(ConfigError) as err:
        parse_config(text, env={})
    message = str(err.value)
    assert message.startswith(expected), message
    assert "\n" not in message


def test_defaults_and_durations() -> None:
    c = parse_config(SOURCE + "    interval: 1h30m\n", env={})
    assert c.sources[0].interval == 5400
    assert c.database.url == "sqlite:///data/readout.db"
    assert c.http.max_redirects == 5
    assert parse_config("http:\n  max_bytes: 2MB\n", env={}).http.max_bytes == 2 * 1024 * 1024


def test_secrets_from_env_and_file(tmp_path: Path) -> None:
    secret = tmp_path / "token"
    secret.write_text("123:abc\n")
    text = "telegram:\n  token: ${TELEGRAM_BOT_TOKEN}\n"
    assert parse_config(text, env={}).telegram.token is None  # unset: platform off
    assert parse_config(text, env={"TELEGRAM_BOT_TOKEN": "1:x"}).telegram.token == "1:x"
    assert parse_config(text, env={"TELEGRAM_BOT_TOKEN_FILE": str(secret)}).telegram.token == (
        "123:abc"
    )
    # Not mentioned in the YAML at all: still taken from the environment.
    assert parse_config("", env={"SLACK_BOT_TOKEN": "xoxb-1"}).slack.bot_token == "xoxb-1"
    with_default = parse_config("database:\n  url: ${DB:-sqlite:///x.db}\n", env={})
    assert with_default.database.url == "sqlite:///x.db"


def test_unreadable_secret_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="TELEGRAM_BOT_TOKEN_FILE: cannot read"):
        parse_config("", env={"TELEGRAM_BOT_TOKEN_FILE": str(tmp_path / "missing")})


@pytest.mark.parametrize(
    ("text", "expected"), [BAD[0], BAD[6], ("a: [\n", "config.yaml: expected the node content")]
)
def test_cli_exits_2_with_one_line(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(text)
    for command in ("check", "run"):
        proc = subprocess.run(
            [sys.executable, "-m", "bot", command, "--config", str(path)],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert proc.returncode == 2
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1, proc.stderr
        assert expected in lines[0]
        assert "Traceback" not in proc.stderr


def test_cli_missing_config_file(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "run", "--config", str(tmp_path / "nope.yaml")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert "no such config file" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_shipped_config_is_valid() -> None:
    root = Path(__file__).resolve().parent.parent
    config = parse_config((root / "config.yaml").read_text(), env={})
    assert len(config.sources) >= 8
    assert all(s.url.startswith("https://") or s.url.startswith("http://") for s in config.sources)

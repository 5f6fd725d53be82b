"""Configuration: `config.yaml` for settings, the environment for secrets.

Owns reading, substituting and validating the config, and turning every mistake into ONE line
that names the key and the problem (`ConfigError`). Touches no network, store or platform; the
composition root (`bot.cli`) passes the resulting `Config` to whoever needs a part of it.

Secrets: `${VAR}` (or `${VAR:-default}`) anywhere in a YAML string is replaced from the
environment; when VAR is unset but VAR_FILE names a file (Docker secrets), the file's content is
used. A value that is exactly `${VAR}` with VAR unset becomes "not set" (null), which is how a
platform stays off when its token is absent.
"""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from bot.delivery.limits import Rate
from bot.errors import ConfigError

_DURATION = re.compile(r"^\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m)?\s*(?:(\d+)\s*s)?\s*$")
_ENV = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}")
_SIZE = re.compile(r"^\s*(\d+)\s*([kKmMgG]?)[bB]?\s*$")


def parse_duration(value: Any) -> float:
    """Seconds from 90, "90s", "10m", "1h", "1h30m". Raises ValueError with a readable reason."""
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a duration like 90s, 10m or 1h")
    if isinstance(value, int | float):
        if value < 0:
            raise ValueError("must not be negative")
        return float(value)
    if isinstance(value, str):
        m = _DURATION.match(value)
        if m and any(m.groups()) and value.strip():
            h, mi, s = (int(g) if g else 0 for g in m.groups())
            return float(h * 3600 + mi * 60 + s)
    raise ValueError(f"{value!r} is not a duration like 90s, 10m or 1h")


def parse_size(value: Any) -> int:
    """Bytes from 5000000, "5MB", "512k"."""
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    if isinstance(value, str):
        m = _SIZE.match(value)
        if m:
            n = int(m.group(1)) * {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[m.group(2).lower()]
            if n > 0:
                return n
    raise ValueError(f"{value!r} is not a size like 5MB or 512k")


Duration = Annotated[float, BeforeValidator(parse_duration)]
Size = Annotated[int, BeforeValidator(parse_size)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DatabaseConfig(_Strict):
    url: str = "sqlite:///data/readout.db"


class HttpConfig(_Strict):
    timeout: Duration = 20.0
    max_bytes: Size = 5 * 1024 * 1024
    max_page_bytes: Size = 2 * 1024 * 1024  # article pages (trafilatura's input)
    max_redirects: int = Field(5, ge=0, le=20)
    user_agent: str = "Readout/0.1 (+https://github.com/readout-bot/readout)"
    per_host: int = Field(2, ge=1, le=32)
    allow_private: bool = False
    ports: list[int] = Field(default_factory=lambda: [80, 443])


class SourceConfig(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,62}$")
    name: str
    url: str = Field(pattern=r"^https?://")
    kind: Literal["rss", "atom", "html"] = "rss"
    interval: Duration = 600.0
    country: str | None = Field(None, pattern=r"^[A-Z]{2}$")
    official: bool = False
    selector: str | None = None
    backfill: int = Field(0, ge=0, le=100)
    enabled: bool = True

    @field_validator("interval")
    @classmethod
    def _min_interval(cls, v: float) -> float:
        if v < 60:
            raise ValueError("must be at least 1m (be polite to the ministries)")
        return v

    @model_validator(mode="after")
    def _selector_for_html(self) -> SourceConfig:
        if self.kind == "html" and not self.selector:
            raise ValueError("selector: required when kind is html (CSS selector of article links)")
        return self


class TelegramConfig(_Strict):
    token: str | None = None
    api_base_url: str = "https://api.telegram.org/bot"
    mode: Literal["polling", "webhook"] = "polling"
    webhook_url: str | None = None
    secret_token: str | None = None
    listen: str = "0.0.0.0"
    port: int = Field(8443, ge=1, le=65535)


class SlackConfig(_Strict):
    bot_token: str | None = None
    app_token: str | None = None
    signing_secret: str | None = None
    mode: Literal["socket", "http"] = "socket"
    listen: str = "0.0.0.0"  # http mode: the address to bind (127.0.0.1 behind a proxy, tests)
    port: int = Field(3000, ge=1, le=65535)
    api_base_url: str = "https://slack.com/api/"
    manage: Literal["anyone", "admins"] = "anyone"


def _rate(value: Any) -> str | None:
    if value is None:
        return None
    Rate.parse(str(value))  # raises ValueError with a readable reason
    return str(value)


RateText = Annotated[str | None, BeforeValidator(_rate)]


class TelegramLimits(_Strict):
    """Telegram's documented limits: 30 messages/s per bot, 1/s per chat, 20/min per group."""

    per_token: RateText = "30/s"
    per_chat: RateText = "1/s"
    per_group: RateText = "20/min"


class SlackLimits(_Strict):
    """Slack: chat.postMessage allows about 1 message per second per channel."""

    per_token: RateText = None
    per_chat: RateText = "1/s"
    per_group: RateText = None


class LimitsConfig(_Strict):
    telegram: TelegramLimits = TelegramLimits()
    slack: SlackLimits = SlackLimits()


class DeliveryConfig(_Strict):
    batch: int = Field(50, ge=1, le=1000)
    concurrency: int = Field(200, ge=1, le=10000)  # deliveries in flight (most wait for a slot)
    limits: LimitsConfig = LimitsConfig()
    lease: Duration = 60.0
    max_attempts: int = Field(8, ge=1, le=100)
    backoff_base: Duration = 5.0
    backoff_max: Duration = 3600.0
    poll_interval: Duration = 1.0


class SchedulerConfig(_Strict):
    jitter: Duration = 30.0
    max_backoff: Duration = 6 * 3600.0
    max_new_per_poll: int = Field(50, ge=1, le=1000)


class ReplicasConfig(_Strict):
    """Several replicas on one PostgreSQL: how long a replica's leases last without renewal
    (a dead replica's work is taken over after this)."""

    lease: Duration = 30.0


class CommandsConfig(_Strict):
    """Chat commands: at most `per_chat` per chat (a rate like 20/min; null: no limit)."""

    per_chat: RateText = "20/min"


class OpsConfig(_Strict):
    """The operator's HTTP endpoint: /metrics (Prometheus) and /healthz. Port 0 or null: off."""

    port: int | None = Field(9464, ge=0, le=65535)
    listen: str = "127.0.0.1"


class ConsoleConfig(_Strict):
    enabled: Literal["auto", "on", "off"] = "auto"
    countries: list[str] = Field(default_factory=list)


class Config(_Strict):
    database: DatabaseConfig = DatabaseConfig()
    http: HttpConfig = HttpConfig()
    scheduler: SchedulerConfig = SchedulerConfig()
    delivery: DeliveryConfig = DeliveryConfig()
    sources: list[SourceConfig] = Field(default_factory=list)
    telegram: TelegramConfig = TelegramConfig()
    slack: SlackConfig = SlackConfig()
    console: ConsoleConfig = ConsoleConfig()
    replicas: ReplicasConfig = ReplicasConfig()
    commands: CommandsConfig = CommandsConfig()
    ops: OpsConfig = OpsConfig()
    admins: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique_source_ids(self) -> Config:
        seen: set[str] = set()
        for i, s in enumerate(self.sources):
            if s.id in seen:
                raise ValueError(f"sources[{i}].id: duplicate id {s.id!r}")
            seen.add(s.id)
        return self


# Where a platform's secret comes from when the YAML does not mention it at all.
_SECRET_ENV = {
    ("telegram", "token"): "TELEGRAM_BOT_TOKEN",
    ("slack", "bot_token"): "SLACK_BOT_TOKEN",
    ("slack", "app_token"): "SLACK_APP_TOKEN",
    ("slack", "signing_secret"): "SLACK_SIGNING_SECRET",
    ("telegram", "secret_token"): "TELEGRAM_SECRET_TOKEN",
}


def env_value(name: str, env: dict[str, str]) -> str | None:
    """VAR from the environment, else the content of the file VAR_FILE names, else None."""
    if env.get(name):
        return env[name]
    path = env.get(f"{name}_FILE")
    if path:
        try:
            return Path(path).read_text(encoding="utf-8").strip()
        except OSError as e:
            raise ConfigError(f"{name}_FILE: cannot read {path}: {e.strerror}") from None
    return None


def _substitute(node: Any, env: dict[str, str], where: str) -> Any:
    if isinstance(node, dict):
        return {
            k: _substitute(v, env, f"{where}.{k}" if where else str(k)) for k, v in node.items()
        }
    if isinstance(node, list):
        return [_substitute(v, env, f"{where}[{i}]") for i, v in enumerate(node)]
    if not isinstance(node, str) or "${" not in node:
        return node
    whole = _ENV.fullmatch(node.strip())
    if whole and whole.group(2) is None:
        return env_value(whole.group(1), env)  # None when unset: the setting is off

    def one(m: re.Match[str]) -> str:
        value = env_value(m.group(1), env)
        if value is None:
            if m.group(2) is not None:
                return m.group(2)
            raise ConfigError(f"{where}: environment variable {m.group(1)} is not set")
        return value

    return _ENV.sub(one, node)


def _fill_secrets(raw: dict[str, Any], env: dict[str, str]) -> None:
    for (section, key), var in _SECRET_ENV.items():
        part = raw.get(section)
        if part is None:
            part = raw[section] = {}
        if isinstance(part, dict) and key not in part:
            value = env_value(var, env)
            if value is not None:
                part[key] = value


def _location(loc: tuple[int | str, ...]) -> str:
    out = ""
    for p in loc:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out


def _explain(err: ValidationError) -> str:
    e = err.errors(include_url=False)[0]
    loc = tuple(p for p in e["loc"] if not (isinstance(p, str) and p.startswith("function-")))
    where = _location(loc) or "config"
    kind, msg = e["type"], e["msg"]
    if kind == "extra_forbidden":
        parent, name = loc[:-1], str(loc[-1])
        hint = _suggest(parent, name)
        return f"{where}: unknown key{hint}"
    if kind == "missing":
        return f"{where}: required value missing"
    msg = msg.removeprefix("Value error, ").replace("Input should be", "must be")
    nested = re.match(r"^([\w\[\].]+): (.*)$", msg)
    if nested:  # a model-level check that names its own key
        key = nested.group(1)
        where = key if where == "config" else f"{where}{'' if key.startswith('[') else '.'}{key}"
        return f"{where}: {nested.group(2)}"
    if kind == "literal_error":
        return f"{where}: {msg} (got {e.get('input')!r})"
    if kind == "string_pattern_mismatch":
        return f"{where}: {e.get('input')!r} is not valid here ({_PATTERN_HELP.get(str(loc[-1]), msg)})"
    return f"{where}: {msg}"


_PATTERN_HELP = {
    "id": "lower-case letters, digits, - and _",
    "url": "must start with http:// or https://",
    "country": "an ISO 3166-1 alpha-2 code such as IN or JP",
}


def _suggest(parent: tuple[int | str, ...], name: str) -> str:
    model: Any = Config
    for p in parent:
        if isinstance(p, int):
            continue
        field = model.model_fields.get(str(p))
        if field is None:
            return ""
        ann = field.annotation
        args = getattr(ann, "__args__", None)
        model = args[0] if args else ann
    fields = list(getattr(model, "model_fields", {}))
    close = difflib.get_close_matches(name, fields, n=1)
    return f" (did you mean {close[0]!r}?)" if close else f" (known keys: {', '.join(fields)})"


def parse_config(text: str, env: dict[str, str] | None = None, origin: str = "config") -> Config:
    """Validate config text. Raises ConfigError with one line naming the key and the problem."""
    env = dict(os.environ) if env is None else env
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = f" at line {mark.line + 1}" if mark else ""
        problem = getattr(e, "problem", None) or "not valid YAML"
        raise ConfigError(f"{origin}: {problem}{line}") from None
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise ConfigError(f"{origin}: the top level must be a mapping of settings")
    raw = _substitute(raw, env, "")
    _fill_secrets(raw, env)
    try:
        return Config.model_validate(raw)
    except ValidationError as e:
        raise ConfigError(_explain(e)) from None


def load_config(path: Path, env: dict[str, str] | None = None) -> Config:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such config file (use --config PATH)") from None
    except OSError as e:
        raise ConfigError(f"{path}: cannot read: {e.strerror}") from None
    return parse_config(text, env, origin=str(path))

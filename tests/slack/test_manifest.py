"""slack-manifest.yaml creates an app that can run every command Readout has, with the scopes
the adapter uses and none of the names Slack keeps for itself."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from handlers import COMMANDS
from handlers.core import find_command
from handlers.slack.commands import RENAMED, UMBRELLA, route

MANIFEST = Path(__file__).resolve().parents[2] / "slack-manifest.yaml"
# Slack's built-in commands: an app manifest declaring one is refused as a whole.
SLACK_BUILT_INS = {
    "/away", "/collapse", "/dm", "/dnd", "/expand", "/feed", "/invite", "/join", "/leave",
    "/me", "/msg", "/mute", "/open", "/pro", "/remind", "/search", "/shortcuts", "/shrug",
    "/status", "/topic", "/who",
}  # fmt: skip


def manifest() -> dict[str, Any]:
    data = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_every_command_is_declared_and_every_declared_command_is_known() -> None:
    declared = [c["command"] for c in manifest()["features"]["slash_commands"]]
    assert f"/{UMBRELLA}" in declared
    reachable = {route(c, "")[0] for c in declared if c != f"/{UMBRELLA}"}
    for name in reachable:
        assert find_command(COMMANDS, name) is not None, name
    assert reachable == {c.name for c in COMMANDS}
    assert not set(declared) & SLACK_BUILT_INS
    assert {f"/{n}" for n in RENAMED.values()} <= set(declared)


def test_commands_want_the_text_as_typed_with_short_descriptions() -> None:
    for c in manifest()["features"]["slash_commands"]:
        assert c["should_escape"] is False
        assert 0 < len(c["description"]) <= 100, c["command"]
        assert len(c.get("usage_hint", "")) <= 100, c["command"]


def test_scopes_interactivity_and_socket_mode() -> None:
    m = manifest()
    assert set(m["oauth_config"]["scopes"]["bot"]) == {
        "commands",
        "chat:write",
        "chat:write.public",
        "channels:read",
        "groups:read",
        "users:read",
    }
    assert m["settings"]["interactivity"]["is_enabled"] is True
    assert m["settings"]["socket_mode_enabled"] is True
    assert m["features"]["bot_user"]["display_name"] == "Readout"  # as in "/invite @Readout"

"""What a failed Slack Web API call means for the outbox: slack_sdk exceptions → bot.errors.

Owns the table below and nothing else; it sends nothing and keeps no state. The dispatcher
decides what to do with each DeliveryError (wait, back off, deactivate, give up).

    HTTP 429 / `ratelimited`                RateLimited(Retry-After seconds), costs no attempt
    channel_not_found, not_in_channel,
    is_archived, account_inactive           ChatGone(<error code>): deactivate the channel
    invalid_blocks, msg_too_long, …         Rejected: this message can never be sent as it is
    invalid_auth, token_revoked, …          Retryable, logged as an error: the token is wrong,
                                            which is no channel's fault, so nothing is deactivated
    5xx, timeouts, connection errors        Retryable

Error codes: https://api.slack.com/methods/chat.postMessage#errors and
https://api.slack.com/methods/chat.update#errors; rate limits: https://api.slack.com/apis/rate-limits
"""

from __future__ import annotations

import asyncio
import logging

import aiohttp
from slack_sdk.errors import SlackApiError

from bot.errors import ChatGone, DeliveryError, RateLimited, Rejected, Retryable

log = logging.getLogger(__name__)

# The channel is gone for us (deleted, archived, the bot removed from it). `account_inactive`
# (the bot user or workspace was deactivated) is listed by issue 5 as a reason to deactivate.
GONE = frozenset({"channel_not_found", "not_in_channel", "is_archived", "account_inactive"})

# The message itself is wrong: retrying the same payload can only fail the same way.
REJECTED = frozenset(
    {
        "invalid_blocks",
        "invalid_blocks_format",
        "msg_too_long",
        "msg_blocks_too_long",
        "no_text",
        "too_many_attachments",
        "invalid_arguments",
        "invalid_metadata_format",
        "message_not_found",  # chat.update of a message that no longer exists
        "cant_update_message",
        "edit_window_closed",
        "restricted_action",  # a channel setting forbids the bot to post (e.g. announcements)
    }
)

# The token or the app's configuration is wrong: an operator must act; no chat is at fault.
TOKEN = frozenset(
    {
        "invalid_auth",
        "not_authed",
        "token_revoked",
        "token_expired",
        "missing_scope",
        "not_allowed_token_type",
        "no_permission",
        "team_access_not_granted",
    }
)


def retry_after(headers: object, default: float = 1.0) -> float:
    """Seconds from a Retry-After header (Slack sends whole seconds)."""
    value = None
    if headers is not None and hasattr(headers, "get"):
        value = headers.get("Retry-After") or headers.get("retry-after")
    try:
        seconds = float(value) if value is not None else default
    except (TypeError, ValueError):
        return default
    return seconds if seconds >= 0 else default


def error_code(e: SlackApiError) -> str:
    """The `error` field of Slack's answer, or "" when the body was not Slack's JSON."""
    data = getattr(e.response, "data", None)
    return str(data.get("error") or "") if isinstance(data, dict) else ""


def delivery_error(e: BaseException, where: str) -> DeliveryError | None:
    """The DeliveryError a failed call stands for, or None for an exception that is no API or
    network failure (a bug: the dispatcher logs and retries it)."""
    if isinstance(e, SlackApiError):
        status = int(getattr(e.response, "status_code", 0) or 0)
        code = error_code(e)
        if status == 429 or code == "ratelimited":
            seconds = retry_after(getattr(e.response, "headers", None))
            return RateLimited(seconds, "chat", f"Slack rate limit: retry after {seconds:g}s")
        if code in GONE:
            return ChatGone(code)
        if code in REJECTED:
            return Rejected(f"Slack refused the message: {code}")
        if code in TOKEN:
            log.error(
                "slack: %s failed with %s: the bot token or the app's scopes are wrong "
                "(check SLACK_BOT_TOKEN and reinstall the app from slack-manifest.yaml); "
                "the delivery will be retried",
                where,
                code,
            )
            return Retryable(f"Slack token problem: {code}")
        if status >= 500:
            return Retryable(f"Slack HTTP {status}" + (f": {code}" if code else ""))
        return Retryable(f"Slack error: {code or f'HTTP {status}'}")
    if isinstance(e, asyncio.TimeoutError | aiohttp.ClientError | ConnectionError):
        return Retryable(f"Slack unreachable: {type(e).__name__}: {e}"[:300])
    return None

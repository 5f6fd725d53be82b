"""A fake Telegram Bot API on loopback, driven by the real python-telegram-bot through `base_url`.

Owns only what a test needs from Telegram's side of the wire: the methods Readout calls
(getMe, getUpdates, sendMessage, editMessageText, answerCallbackQuery, setMyCommands,
deleteWebhook, setWebhook, getChatMember, getChat), an update queue the test pushes into, a
record of everything the bot sent, and the strictness of the real server:

- HTML is parsed like Telegram parses it (`parse_html`, also used by property tests): only the
  documented tags, correct nesting, every `<`, `>` and `&` outside a tag escaped (the docs say
  they "must be replaced"; the fake refuses a bare one where the real server is lenient, so
  that an escaping bug cannot hide). Invalid → 400 "Bad Request: can't parse entities: …".
- Text longer than 4096 UTF-16 code units after parsing → 400 "message is too long".
- Flood limits → 429 with `parameters.retry_after`: 30 messages/s per token, 1/s per chat
  with a burst of 3, 20/min per group, supergroup or channel (`Limits`).
- Faults on demand, per chat (`fail`) or per method (`fail_method`): blocked, kicked,
  migrated, 5xx, flood, "can't parse entities".

Specs: https://core.telegram.org/bots/api (methods) and
https://core.telegram.org/bots/api#formatting-options (HTML).

It never sleeps to pass time: long polls wait on a condition, and tests wait for what they
expect with `wait_for(predicate)`, which the fake wakes whenever it records something.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import time
from collections.abc import Callable
from typing import Any

from aiohttp import web

from tests.fakes.telegram_html import MAX_UNITS, HtmlError, parse_html, utf16_len
from tests.fakes.telegram_world import ApiError, Fault, Limits, Sent

__all__ = [
    "MAX_UNITS",
    "ApiError",
    "FakeTelegram",
    "Fault",
    "HtmlError",
    "Limits",
    "Sent",
    "parse_html",
    "utf16_len",
]

JSON_PARAMS = {
    "reply_markup",
    "link_preview_options",
    "reply_parameters",
    "commands",
    "allowed_updates",
    "entities",
    "scope",
}
INT_PARAMS = {"message_thread_id", "offset", "limit", "timeout", "message_id", "user_id"}


# ---------------------------------------------------------------------------------------------
# The server.


def _admin_rights(user: dict[str, Any], status: str) -> dict[str, Any]:
    if status == "creator":
        return {"status": "creator", "user": user, "is_anonymous": False}
    rights = [
        "can_manage_chat",
        "can_delete_messages",
        "can_manage_video_chats",
        "can_restrict_members",
        "can_promote_members",
        "can_change_info",
        "can_invite_users",
        "can_post_stories",
        "can_edit_stories",
        "can_delete_stories",
        "can_post_messages",
        "can_edit_messages",
    ]
    return {
        "status": "administrator",
        "user": user,
        "can_be_edited": False,
        "is_anonymous": False,
        **dict.fromkeys(rights, True),
    }


class FakeTelegram:
    """One bot token's view of Telegram. Start it, point PTB at `api_url`, push updates."""

    def __init__(self, token: str = "123456:TEST-token", username: str = "readout_test_bot"):
        self.token = token
        self.bot_id = int(token.split(":", 1)[0])
        self.bot_user = {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": "Readout",
            "username": username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }
        self.base = ""
        self.limits = Limits()
        self.chats: dict[int, dict[str, Any]] = {}
        self.users: dict[int, dict[str, Any]] = {}
        self.members: dict[tuple[int, int], str] = {}  # (chat, user) -> status
        self.sent: list[Sent] = []
        self.answers: list[dict[str, Any]] = []  # answerCallbackQuery calls
        self.commands: list[dict[str, Any]] = []  # the last setMyCommands
        self.webhook: dict[str, Any] = {}  # url, secret_token of the last setWebhook
        self.calls: list[tuple[str, dict[str, Any]]] = []  # every request, in order
        self.rejected: list[tuple[str, int, str]] = []  # (method, status, description)
        self._faults: dict[int, list[Fault]] = {}
        self._method_faults: dict[str, list[Fault]] = {}
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids: dict[int, itertools.count[int]] = {}
        self._queries: set[str] = set()
        self._query_ids = itertools.count(1)
        self._changed = asyncio.Condition()
        self._closing = False
        self._runner: web.AppRunner | None = None

    # -- lifecycle ------------------------------------------------------------------------------

    @property
    def api_url(self) -> str:
        """What `telegram.api_base_url` should be: PTB appends the token and the method."""
        return self.base + "/bot"

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.1)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.base = f"http://127.0.0.1:{self._runner.addresses[0][1]}"

    async def stop(self) -> None:
        self._closing = True
        await self._notify()  # long polls answer now instead of at their timeout
        if self._runner is not None:
            await self._runner.cleanup()

    # -- the world the test sets up -------------------------------------------------------------

    def user(self, user_id: int, first_name: str = "Ann", username: str | None = None) -> dict:
        u = {"id": user_id, "is_bot": False, "first_name": first_name}
        if username:
            u["username"] = username
        self.users[user_id] = u
        return u

    def chat(
        self,
        chat_id: int,
        kind: str = "private",
        title: str | None = None,
        username: str | None = None,
        is_forum: bool = False,
    ) -> dict[str, Any]:
        c: dict[str, Any] = {"id": chat_id, "type": kind}
        if kind == "private":
            c["first_name"] = title or "Ann"
        else:
            c["title"] = title or f"{kind} {chat_id}"
        if username:
            c["username"] = username
        if is_forum:
            c["is_forum"] = True
        self.chats[chat_id] = c
        return c

    def set_member(self, chat_id: int, user_id: int, status: str) -> None:
        """creator | administrator | member | left | kicked."""
        self.members[(chat_id, user_id)] = status

    def fail(self, chat_id: int, fault: Fault) -> None:
        """The next sendMessage / editMessageText to this chat fails (every one if sticky)."""
        self._faults.setdefault(chat_id, []).append(fault)

    def heal(self, chat_id: int) -> None:
        self._faults.pop(chat_id, None)

    def fail_method(self, method: str, fault: Fault) -> None:
        """The next call of `method` fails (every one if sticky)."""
        self._method_faults.setdefault(method, []).append(fault)

    # -- updates --------------------------------------------------------------------------------

    async def push(self, kind: str, payload: dict[str, Any]) -> int:
        """Queue one update for getUpdates; its update_id."""
        update_id = next(self._update_ids)
        self._updates.append({"update_id": update_id, kind: payload})
        await self._notify()
        return update_id

    def make_message(self, chat: dict[str, Any], text: str, **extra: Any) -> dict[str, Any]:
        """A Message object as Telegram would deliver it (not queued)."""
        self.chats.setdefault(chat["id"], chat)
        counter = self._message_ids.setdefault(chat["id"], itertools.count(1))
        msg: dict[str, Any] = {
            "message_id": next(counter),
            "date": int(time.time()),
            "chat": chat,
            **extra,
        }
        if text:
            msg["text"] = text
        if text.startswith("/"):
            command = text.split()[0]
            msg["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return msg

    async def message(
        self,
        chat: dict[str, Any],
        user: dict[str, Any] | None,
        text: str,
        thread_id: int | None = None,
        sender_chat: dict[str, Any] | None = None,
    ) -> int:
        """A person (or, with sender_chat, a chat such as an anonymous admin) writes `text`."""
        extra: dict[str, Any] = {}
        if user is not None:
            extra["from"] = user
        if sender_chat is not None:
            extra["sender_chat"] = sender_chat
        if thread_id is not None:
            extra.update(message_thread_id=thread_id, is_topic_message=True)
        return await self.push("message", self.make_message(chat, text, **extra))

    async def channel_post(self, chat: dict[str, Any], text: str) -> int:
        return await self.push("channel_post", self.make_message(chat, text, sender_chat=chat))

    async def press(self, sent: Sent, user: dict[str, Any], data: str) -> int:
        """A person presses the inline button with callback `data` under a sent message;
        the update's id."""
        assert data in [d for _, d in sent.buttons], f"no button {data!r} under the message"
        query_id = f"q{next(self._query_ids)}"
        self._queries.add(query_id)
        message = self._sent_message_json(sent)
        return await self.push(
            "callback_query",
            {
                "id": query_id,
                "from": user,
                "chat_instance": f"ci{sent.chat_id}",
                "data": data,
                "message": message,
            },
        )

    async def member_update(
        self, chat: dict[str, Any], by: dict[str, Any], old: str, new: str
    ) -> int:
        """The bot's own status in `chat` changed (added, removed, blocked, promoted)."""
        self.chats.setdefault(chat["id"], chat)
        self.members[(chat["id"], self.bot_id)] = new

        def member(status: str) -> dict[str, Any]:
            if status in ("administrator", "creator"):
                return _admin_rights(self.bot_user, status)
            m = {"status": status, "user": self.bot_user}
            if status == "kicked":
                m["until_date"] = 0
            return m

        return await self.push(
            "my_chat_member",
            {
                "chat": chat,
                "from": by,
                "date": int(time.time()),
                "old_chat_member": member(old),
                "new_chat_member": member(new),
            },
        )

    async def migrate(self, group: dict[str, Any], new_id: int) -> int:
        """A group becomes a supergroup (self.chats[new_id]): the service message in the old
        group, and the sticky error for sends to the old id. The update's id."""
        self.chat(new_id, "supergroup", group.get("title"))
        self.fail(group["id"], Fault.migrated(new_id))
        return await self.push("message", self.make_message(group, "", migrate_to_chat_id=new_id))

    # -- what tests read ------------------------------------------------------------------------

    def sent_to(self, chat_id: int) -> list[Sent]:
        return [s for s in self.sent if s.chat_id == chat_id]

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    async def wait_for(self, predicate: Callable[[], Any], within: float = 10.0) -> Any:
        """Wait until predicate() is truthy (re-checked whenever the fake records something);
        return its value. On timeout, fail with what was sent so far."""
        try:
            async with asyncio.timeout(within), self._changed:
                await self._changed.wait_for(predicate)
        except TimeoutError:
            seen = "\n".join(f"  {s.chat_id}: {s.plain[:120]!r}" for s in self.sent)
            raise AssertionError(f"timed out waiting; sent so far:\n{seen}") from None
        return predicate()

    async def wait_sent(self, chat_id: int, n: int = 1, within: float = 10.0) -> list[Sent]:
        """The first n messages sent to chat_id, once there are that many."""
        await self.wait_for(lambda: len(self.sent_to(chat_id)) >= n, within)
        return self.sent_to(chat_id)[:n]

    # -- HTTP -----------------------------------------------------------------------------------

    async def _params(self, request: web.Request) -> dict[str, Any]:
        """PTB posts form fields whose non-string values are JSON; others may post JSON."""
        if request.content_type == "application/json":
            return dict(await request.json())
        raw = dict((await request.post()) if request.can_read_body else {})
        raw.update(request.query)
        params: dict[str, Any] = {}
        for k, v in raw.items():
            v = str(v)
            if k in JSON_PARAMS:
                params[k] = json.loads(v)
            elif k in INT_PARAMS or (k == "chat_id" and re.fullmatch(r"-?\d+", v)):
                params[k] = int(v)
            elif k in ("show_alert", "drop_pending_updates"):
                params[k] = v.lower() in ("true", "1")
            else:
                params[k] = v
        return params

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response(
                {"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401
            )
        method = request.match_info["method"]
        params = await self._params(request)
        self.calls.append((method, params))
        await self._notify()  # a test may wait for a call (say, the first long poll)
        handler = getattr(self, f"_m_{method}", None)
        try:
            if handler is None:
                raise ApiError(404, "Not Found: method not found")
            faults = self._method_faults.get(method)
            if faults:
                fault = faults[0] if faults[0].sticky else faults.pop(0)
                raise ApiError.of(fault)
            result = await handler(params)
        except ApiError as e:
            self.rejected.append((method, e.status, e.description))
            body: dict[str, Any] = {
                "ok": False,
                "error_code": e.status,
                "description": e.description,
            }
            if e.parameters:
                body["parameters"] = e.parameters
            await self._notify()
            return web.json_response(body, status=e.status)
        await self._notify()
        return web.json_response({"ok": True, "result": result})

    def _chat_of(self, ref: Any) -> dict[str, Any]:
        if isinstance(ref, str) and ref.startswith("@"):
            for c in self.chats.values():
                if c.get("username", "").lower() == ref[1:].lower():
                    return c
        elif isinstance(ref, int) and ref in self.chats:
            return self.chats[ref]
        raise ApiError(400, "Bad Request: chat not found")

    def _chat_fault(self, chat_id: int) -> None:
        faults = self._faults.get(chat_id)
        if faults:
            fault = faults[0] if faults[0].sticky else faults.pop(0)
            raise ApiError.of(fault)

    def _sent_message_json(self, s: Sent) -> dict[str, Any]:
        msg: dict[str, Any] = {
            "message_id": s.message_id,
            "date": int(time.time()),
            "chat": self.chats[s.chat_id],
            "from": self.bot_user,
            "text": s.plain,
        }
        if s.entities:
            msg["entities"] = s.entities
        if s.thread_id is not None:
            msg.update(message_thread_id=s.thread_id, is_topic_message=True)
        if s.reply_markup:
            msg["reply_markup"] = s.reply_markup
        return msg

    @staticmethod
    def _read_text(params: dict[str, Any]) -> tuple[str, list[dict[str, Any]]]:
        text, mode = params.get("text", ""), params.get("parse_mode")
        if mode is None:
            plain, entities = text, []
        elif mode == "HTML":
            try:
                plain, entities = parse_html(text)
            except HtmlError as e:
                raise ApiError(400, f"Bad Request: can't parse entities: {e}") from None
        else:
            raise ApiError(400, f"Bad Request: unsupported parse_mode {mode!r} in this fake")
        if not plain.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if utf16_len(plain) > MAX_UNITS:
            raise ApiError(400, "Bad Request: message is too long")
        return plain, entities

    @staticmethod
    def _check_markup(markup: dict[str, Any] | None) -> None:
        if markup is None:
            return
        for row in markup.get("inline_keyboard", []):
            for b in row:
                data = b.get("callback_data")
                if not b.get("text") or (data is None) == (b.get("url") is None):
                    raise ApiError(400, "Bad Request: can't parse inline keyboard button")
                if data is not None and not 1 <= len(data.encode()) <= 64:
                    raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")

    # -- methods (each follows https://core.telegram.org/bots/api#<lower-case name>) ----------

    async def _m_getMe(self, p: dict[str, Any]) -> dict[str, Any]:
        return self.bot_user

    async def _m_getUpdates(self, p: dict[str, Any]) -> list[dict[str, Any]]:
        if self.webhook.get("url"):
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; use "
                "deleteWebhook to delete the webhook first",
            )
        offset, timeout = p.get("offset", 0), min(float(p.get("timeout", 0)), 50.0)
        limit = p.get("limit", 100)
        # Confirming: updates below the offset are forgotten, as on the real server.
        self._updates = [u for u in self._updates if u["update_id"] >= offset]
        if not self._updates and timeout > 0 and not self._closing:
            try:
                async with asyncio.timeout(timeout), self._changed:
                    await self._changed.wait_for(lambda: bool(self._updates) or self._closing)
            except TimeoutError:
                pass
        return self._updates[:limit]

    async def _m_deleteWebhook(self, p: dict[str, Any]) -> bool:
        if p.get("drop_pending_updates"):
            self._updates.clear()
        self.webhook = {}
        return True

    async def _m_setWebhook(self, p: dict[str, Any]) -> bool:
        if not str(p.get("url", "")).startswith("https://"):
            raise ApiError(400, "Bad Request: bad webhook: An HTTPS URL must be provided")
        self.webhook = {"url": p["url"], "secret_token": p.get("secret_token")}
        return True

    async def _m_setMyCommands(self, p: dict[str, Any]) -> bool:
        commands = p.get("commands", [])
        for c in commands:
            if not re.fullmatch(r"[a-z0-9_]{1,32}", c.get("command", "")):
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(c.get("description", "")) <= 256:
                raise ApiError(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
        self.commands = commands
        return True

    async def _m_sendMessage(self, p: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat_of(p.get("chat_id"))
        self._chat_fault(chat["id"])
        self.limits.check(chat["id"], chat["type"] != "private")
        self._check_markup(p.get("reply_markup"))
        thread = p.get("message_thread_id")
        if thread is not None and not chat.get("is_forum"):
            thread = None  # outside forums Telegram ignores a thread id the bot passes
        plain, entities = self._read_text(p)
        counter = self._message_ids.setdefault(chat["id"], itertools.count(1))
        sent = Sent(
            chat_id=chat["id"],
            message_id=next(counter) + 10_000,  # never collides with pushed messages' ids
            text=p["text"],
            plain=plain,
            parse_mode=p.get("parse_mode"),
            thread_id=thread,
            reply_markup=p.get("reply_markup"),
            link_preview_options=p.get("link_preview_options"),
            entities=entities,
            reply_to=(p.get("reply_parameters") or {}).get("message_id"),
        )
        self.sent.append(sent)
        return self._sent_message_json(sent)

    async def _m_editMessageText(self, p: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat_of(p.get("chat_id"))
        self._chat_fault(chat["id"])
        target = next(
            (s for s in self.sent_to(chat["id"]) if s.message_id == p.get("message_id")), None
        )
        if target is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        self._check_markup(p.get("reply_markup"))
        plain, entities = self._read_text(p)
        if (p["text"], p.get("reply_markup")) == (target.text, target.reply_markup):
            raise ApiError(
                400,
                "Bad Request: message is not modified: specified new message content and "
                "reply markup are exactly the same as a current content and reply markup of "
                "the message",
            )
        target.text, target.plain, target.entities = p["text"], plain, entities
        target.parse_mode, target.reply_markup = p.get("parse_mode"), p.get("reply_markup")
        target.edits += 1
        return self._sent_message_json(target)

    async def _m_answerCallbackQuery(self, p: dict[str, Any]) -> bool:
        query_id = p.get("callback_query_id")
        if query_id not in self._queries:
            raise ApiError(
                400,
                "Bad Request: query is too old and response timeout expired or query ID is invalid",
            )
        if len(p.get("text", "")) > 200:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        self._queries.discard(query_id)
        self.answers.append(p)
        return True

    async def _m_getChat(self, p: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat_of(p.get("chat_id"))
        status = self.members.get((chat["id"], self.bot_id), "member")
        if not chat.get("username") and status in ("left", "kicked"):
            # A private group or channel the bot is not in is unknown to it; public ones
            # (with a @username) can be looked up by anyone.
            raise ApiError(400, "Bad Request: chat not found")
        return {
            **chat,
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }

    async def _m_getChatMember(self, p: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat_of(p.get("chat_id"))
        user_id = p["user_id"]
        bot_status = self.members.get((chat["id"], self.bot_id), "member")
        if chat["type"] == "channel" and user_id != self.bot_id and bot_status != "administrator":
            raise ApiError(400, "Bad Request: member list is inaccessible")
        default = "member" if chat["type"] != "channel" else "left"
        status = self.members.get((chat["id"], user_id), default)
        user = self.bot_user if user_id == self.bot_id else self.users.get(user_id)
        if user is None:
            user = {"id": user_id, "is_bot": False, "first_name": "Someone"}
        if status in ("administrator", "creator"):
            return _admin_rights(user, status)
        member: dict[str, Any] = {"status": status, "user": user}
        if status == "kicked":
            member["until_date"] = 0
        return member

"""/digest <HH:MM> [<time zone>] | off: one message a day instead of an alert per statement.

Platform-neutral: validates the time and the IANA time zone and switches every subscription of
the chat; the daily digest itself is sent by the delivery side.
"""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from handlers.args import clean
from handlers.core import Reply, Request, Services, usage_reply

DIGEST_USAGE = "/digest <HH:MM> [<time zone>] | off — e.g. /digest 08:00 Asia/Tokyo"
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


async def digest(req: Request, svc: Services) -> Reply:
    """Get one daily digest instead of an alert per statement (or `off`)."""
    words = clean(req.args).split()
    if not words:
        return usage_reply(DIGEST_USAGE)
    chat = await svc.store.find_chat(req.chat.platform, req.chat.address)
    subs = await svc.store.list_subscriptions(chat.id) if chat and chat.id else []
    if chat is None or chat.id is None or not subs:
        return Reply("This chat has no subscriptions yet; /subscribe first.", error=True)
    if words[0].lower() == "off":
        await svc.store.set_delivery_mode(chat.id, "push", None, None)
        return Reply("Digest off: each matching statement is posted as it comes.")
    m = _TIME.match(words[0])
    if not m or len(words) > 2:
        return usage_reply(DIGEST_USAGE)
    tz = words[1] if len(words) == 2 else "UTC"
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        return usage_reply(DIGEST_USAGE, f"Unknown time zone {tz[:40]!r} (use e.g. Asia/Kolkata)")
    at = f"{int(m.group(1)):02d}:{m.group(2)}"
    n = await svc.store.set_delivery_mode(chat.id, "digest", at, tz)
    return Reply(
        f"Daily digest at {at} {tz} for this chat's {n} subscription(s); "
        "no alert is pushed in between. /digest off switches back."
    )

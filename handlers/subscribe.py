"""/subscribe, /unsubscribe and /subscriptions: what a chat wants to be alerted about.

Platform-neutral: reads and writes the store, returns a Reply. Whether the user may change the
chat's subscriptions is the platform's verdict (`Request.may_manage`), checked by `handle`.
"""

from __future__ import annotations

from bot.models import Subscription
from handlers.args import Parsed, describe, parse_filter, small_int
from handlers.core import Reply, Request, Services, button, usage_reply

SUBSCRIBE_USAGE = "/subscribe <countries…> [type:<types>] [<words…>], e.g. /subscribe India Japan"
UNSUBSCRIBE_USAGE = "/unsubscribe <n>|all (n from /subscriptions)"
MAX_SUBSCRIPTIONS = 50


def _filter_line(sub: Subscription, svc: Services) -> str:
    p = Parsed(list(sub.countries), list(sub.types), list(sub.keywords))
    line = describe(p, svc.gazetteer)
    if sub.sources:
        line += "; sources: " + ", ".join(sub.sources)
    if sub.mode == "digest":
        line += f" (daily digest at {sub.digest_time} {sub.timezone or 'UTC'})"
    return line


async def subscribe(req: Request, svc: Services) -> Reply:
    """Get alerts for statements involving all the named countries (and words)."""
    p = parse_filter(req.args, svc.gazetteer)
    if p.bad_types:
        return usage_reply(
            SUBSCRIBE_USAGE,
            f"Unknown type {p.bad_types[0]!r} (types: status_quo, exercise, drills, agreement, "
            "concern, principle, cooperation, engagement)",
        )
    if not (p.countries or p.keywords or p.types):
        return usage_reply(SUBSCRIBE_USAGE, "Say what to follow")
    now = svc.clock.now()
    chat = await svc.store.ensure_chat(req.chat, now)
    assert chat.id is not None
    existing = await svc.store.list_subscriptions(chat.id)
    if len(existing) >= MAX_SUBSCRIPTIONS:
        return Reply(
            f"This chat already has {MAX_SUBSCRIPTIONS} subscriptions; remove some with "
            "/unsubscribe first.",
            error=True,
        )
    digest = next((s for s in existing if s.mode == "digest"), None)
    sub = await svc.store.add_subscription(
        Subscription(
            chat_id=chat.id,
            countries=tuple(p.countries),
            types=tuple(p.types),
            keywords=tuple(p.keywords),
            thread_id=req.thread_id,
            # A chat in digest mode stays in it: nothing in a digest is also pushed.
            mode="digest" if digest else "push",
            digest_time=digest.digest_time if digest else None,
            timezone=digest.timezone if digest else None,
        ),
        now,
        created_by=req.user,
    )
    again = any(s.id == sub.id for s in existing)
    lead = "Already subscribed to" if again else "Subscribed to"
    note = " (the words were cut to fit)" if p.truncated else ""
    return Reply(
        f"{lead}: {describe(p, svc.gazetteer)}{note}. New statements that match will be posted "
        "here. /subscriptions lists them; /unsubscribe removes them.",
        buttons=button("Unsubscribe", f"unsubscribe #id{sub.id}"),
    )


async def subscriptions(req: Request, svc: Services) -> Reply:
    """List this chat's subscriptions."""
    chat = await svc.store.find_chat(req.chat.platform, req.chat.address)
    subs = await svc.store.list_subscriptions(chat.id) if chat and chat.id else []
    if not subs:
        return Reply("This chat has no subscriptions. Try /subscribe India Japan.")
    lines = [f"{i}. {_filter_line(s, svc)}" for i, s in enumerate(subs, 1)]
    buttons = tuple(
        b
        for i, s in enumerate(subs, 1)
        for b in button(f"Unsubscribe {i}", f"unsubscribe #id{s.id}")
    )
    return Reply("Subscriptions of this chat:\n" + "\n".join(lines), buttons=buttons[:20])


async def unsubscribe(req: Request, svc: Services) -> Reply:
    """Stop a subscription: /unsubscribe <n> (from /subscriptions) or all."""
    chat = await svc.store.find_chat(req.chat.platform, req.chat.address)
    subs = await svc.store.list_subscriptions(chat.id) if chat and chat.id else []
    if chat is None or chat.id is None or not subs:
        return Reply("This chat has no subscriptions.")
    arg = req.args.strip().lower()
    if arg == "all":
        n = await svc.store.remove_subscriptions(chat.id, None)
        return Reply(f"Removed all {n} subscriptions of this chat.")
    if arg.startswith("#id"):  # from a button: the subscription's stored id
        ids = [s for s in subs if str(s.id) == arg[3:]]
        if not ids:
            return Reply("That subscription was already removed.")
        await svc.store.remove_subscriptions(chat.id, [ids[0].id or 0])
        return Reply(f"Unsubscribed from: {_filter_line(ids[0], svc)}.")
    if not arg and len(subs) == 1:
        arg = "1"
    number = small_int(arg)
    if number is None or not 1 <= number <= len(subs):
        listing = "; ".join(f"{i}. {_filter_line(s, svc)}" for i, s in enumerate(subs, 1))
        return usage_reply(UNSUBSCRIBE_USAGE, f"Which one? {listing[:600]}")
    sub = subs[number - 1]
    await svc.store.remove_subscriptions(chat.id, [sub.id or 0])
    return Reply(f"Unsubscribed from: {_filter_line(sub, svc)}.")

"""/quote <id>: the verbatim sentences an alert's key points were read from. Platform-neutral."""

from __future__ import annotations

from bot.delivery.render import quote_lines, safe_link
from handlers.args import small_int
from handlers.core import Reply, Request, Services, usage_reply

QUOTE_USAGE = "/quote <statement id> (the number under an alert)"


async def quote(req: Request, svc: Services) -> Reply:
    """The sentences an alert's key points came from."""
    arg = req.args.strip().lstrip("#")
    number = small_int(arg, max_digits=12)
    if number is None:
        return usage_reply(QUOTE_USAGE)
    statement = await svc.store.get_statement(number)
    if statement is None:
        return Reply(f"No statement {arg}.", error=True)
    quotes = quote_lines(statement)
    head = statement.summary.headline or statement.title or f"Statement {arg}"
    link = safe_link(statement.url)
    text = f"Evidence for “{head}”" + (f" ({link})" if link else "") + ":"
    if not quotes:
        text = f"“{head}” has no key points to quote."
    return Reply(text, quotes=tuple(quotes), visibility="public")

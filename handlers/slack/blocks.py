"""Slack Block Kit rendering: an `Alert` or a command `Reply` in, `(text, blocks)` out.

Pure: no SDK, no network, no store. Owns Slack's text rules and limits:

- every untrusted string (feed titles, evidence, sources, what a user typed) is escaped for
  mrkdwn (`&` `<` `>`), so a feed can never write `<!channel>`, `<!here>`, `<@U123>`, `<#C123>`
  or a forged `<http://evil|text>` link. Specs: https://api.slack.com/reference/surfaces/formatting#escaping
  (plain_text fields are escaped the same way: Slack stores and shows every text field in its
  escaped form, so `&amp;` displays as `&`.)
- Block Kit limits, counted in UTF-16 units like Slack's own clients: at most 50 blocks, header
  text 150, section text 3000, button text 75, button value 2000, button URL 3000. Text that
  does not fit is trimmed with "…" and a "Read more" link to the statement when there is one.
  Specs: https://api.slack.com/reference/block-kit/blocks
- a plain-text fallback `text` (also escaped) for notifications and screen readers.

Buttons carry a command line as their value ("quote 42", "unsubscribe #id7"); the platform's
action handler runs it through `handlers.core.handle`, like a typed command.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

from bot.delivery.render import Alert, AlertPoint, safe_link
from handlers.core import Button, Reply

Block = dict[str, Any]

MAX_BLOCKS = 50
MAX_HEADER = 150
MAX_SECTION = 3000
MAX_CONTEXT = 2000  # a context element's text; Slack documents no lower limit than this
MAX_BUTTON_TEXT = 75
MAX_BUTTON_VALUE = 2000
MAX_URL = 3000
MAX_ACTIONS = 25  # elements in one actions block
MAX_FALLBACK = 3000  # the fallback text: notifications show far less; keep it modest

# The action_id prefixes the platform's action handlers listen to.
ACTION_COMMAND = "readout_cmd"  # value: a command line to run
ACTION_LINK = "readout_link"  # a URL button: Slack still sends the click, which must be acked

MODALITY = {"future": "planned", "negated": "negated", "hypothetical": "conditional"}
ELLIPSIS = "…"


def escape(text: str) -> str:
    """Escape a string for Slack text: only `&`, `<` and `>` are special (in that order)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def units(text: str) -> int:
    """Length as Slack counts it in the worst case: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def clip(raw: str, limit: int, tail: str = ELLIPSIS) -> str:
    """`raw` escaped, cut so that the result (with `tail` when cut) is at most `limit` units.
    Cuts between characters of the raw text, so an entity such as `&amp;` is never split."""
    out = escape(raw)
    if units(out) <= limit:
        return out
    budget = limit - units(tail)
    kept: list[str] = []
    used = 0
    for ch in raw:
        piece = escape(ch)
        size = units(piece)
        if used + size > budget:
            break
        kept.append(piece)
        used += size
    return "".join(kept).rstrip() + tail


def one_line(text: str) -> str:
    """Collapse whitespace: a feed's line breaks must not start a mrkdwn quote or list."""
    return " ".join(text.split())


def slack_url(url: str | None) -> str | None:
    """A statement's URL as Slack can take it, or None: only http(s) links (safe_link), with
    spaces, `<`, `>`, `|`, quotes and non-ASCII percent-encoded (a raw space or `|` would end
    a mrkdwn link early, and a button with an invalid URL fails the whole message)."""
    checked = safe_link(url)
    if checked is None:
        return None
    encoded = quote(checked, safe=":/?#[]@!$&'()*+,;=%~")
    return encoded if len(encoded) <= MAX_URL else None


def link(url: str, label: str) -> str:
    """A mrkdwn link to a URL from slack_url, with an escaped label."""
    return f"<{escape(url)}|{escape(label)}>"


def _mrkdwn(text: str) -> Block:
    return {"type": "mrkdwn", "text": text}


def _plain(text: str) -> Block:
    return {"type": "plain_text", "text": text, "emoji": True}


def section(text: str) -> Block:
    return {"type": "section", "text": _mrkdwn(text)}


def context(*texts: str) -> Block:
    return {"type": "context", "elements": [_mrkdwn(t) for t in texts if t][:10]}


def button(b: Button, index: int) -> Block | None:
    """A Block Kit button for a Reply button, or None when it cannot be shown safely."""
    element: Block = {"type": "button", "text": _plain(clip(b.label, MAX_BUTTON_TEXT))}
    if b.url is not None:
        url = slack_url(b.url)
        if url is None:
            return None
        element.update(action_id=f"{ACTION_LINK}:{index}", url=url)
        return element
    if len(b.action) > MAX_BUTTON_VALUE:
        return None
    element.update(action_id=f"{ACTION_COMMAND}:{index}", value=b.action)
    return element


def actions(buttons: Iterable[Button]) -> list[Block]:
    """Buttons in actions blocks of at most 25 elements each."""
    elements = [e for i, b in enumerate(buttons) if (e := button(b, i)) is not None]
    return [
        {"type": "actions", "elements": elements[i : i + MAX_ACTIONS]}
        for i in range(0, len(elements), MAX_ACTIONS)
    ]


def _modality(p: AlertPoint) -> str:
    label = MODALITY.get(p.modality)
    return f" _({label})_" if label else ""


def _point_text(p: AlertPoint, url: str | None) -> str:
    """One key point: its line in bold (with its modality when not asserted), then the
    evidence sentence as a quote, trimmed with a Read more link when too long."""
    head = f"*{clip(one_line(p.line) or 'Key point', 300)}*{_modality(p)}"
    if not one_line(p.evidence):
        return head
    more = " " + link(url, "Read more") if url else ""
    budget = MAX_SECTION - units(head) - units("\n>“”") - units(more)
    evidence = clip(one_line(p.evidence), budget)
    cut = evidence != escape(one_line(p.evidence))
    return f"{head}\n>“{evidence}”" + (more if cut else "")


def headline(alert: Alert) -> str:
    """The alert's headline on one line; a feed may give only whitespace."""
    return one_line(alert.headline) or "New statement"


def fallback(alert: Alert) -> str:
    """The notification text: headline, then where and when it is from."""
    meta = one_line(" · ".join(p for p in (alert.source, alert.date) if p))
    return clip(f"{headline(alert)} ({meta})" if meta else headline(alert), MAX_FALLBACK)


def alert_message(alert: Alert) -> tuple[str, list[Block]]:
    """An alert as Block Kit: header, context, a section per key point, regions, "also
    reported by", and the link / Quote / Unsubscribe buttons."""
    url = slack_url(alert.url)
    head: list[Block] = [
        {"type": "header", "text": _plain(clip(headline(alert), MAX_HEADER))},
        # statement_id 0: not one statement (a daily digest): nothing to quote.
        context(
            clip(_meta_raw(alert), MAX_CONTEXT),
            f"statement {alert.statement_id}" if alert.statement_id else "",
        ),
    ]
    if alert.update_note:
        head.append(section(f"*Update:* {clip(one_line(alert.update_note), MAX_SECTION - 12)}"))
    if alert.title and one_line(alert.title) not in ("", headline(alert)):
        head.append(context(clip(one_line(alert.title), MAX_CONTEXT)))

    tail: list[Block] = []
    if alert.regions:
        tail.append(context("*Regions:* " + clip(", ".join(alert.regions), MAX_CONTEXT - 20)))
    if alert.also_reported:
        names = clip(", ".join(alert.also_reported), MAX_CONTEXT - 30)
        tail.append(context("*Also reported by:* " + names))
    buttons: list[Button] = []
    if url:
        buttons.append(Button("Read the statement", "", url=url))
    if alert.statement_id:
        buttons.append(Button("Quote", f"quote {alert.statement_id}"))
    if alert.subscription_id is not None:
        buttons.append(Button("Unsubscribe", f"unsubscribe #id{alert.subscription_id}"))
    tail.extend(actions(buttons))

    room = MAX_BLOCKS - len(head) - len(tail) - 1  # one spare for the "more" note
    points = [section(_point_text(p, url)) for p in alert.points[:room]]
    left_out = alert.more_points + max(len(alert.points) - room, 0)
    if left_out:
        note = f"{ELLIPSIS} and {left_out} more key point{'s' if left_out > 1 else ''}"
        points.append(context(note + (" — " + link(url, "Read more") if url else "")))
    blocks = [b for b in head + points + tail if b["type"] != "context" or b["elements"]]
    return fallback(alert), blocks


def _meta_raw(alert: Alert) -> str:
    parts = [alert.date, alert.source, ", ".join(alert.countries)]
    return one_line(" · ".join(p for p in parts if p))


def _item_text(i: int, item: Alert) -> str:
    """A compact item of a /latest or /search answer: linked headline, meta, point lines."""
    url = slack_url(item.url)
    title = clip(headline(item), 300)
    head = f"*{i}. <{escape(url)}|{title}>*" if url else f"*{i}. {title}*"
    text = f"{head}\n{clip(_meta_raw(item), 300)} · statement {item.statement_id}"
    for p in item.points:
        line = f"\n• {clip(one_line(p.line), 300)}{_modality(p)}"
        if units(text + line) > MAX_SECTION:
            break  # the whole statement is one Quote button away
        text += line
    return text


def _text_sections(text: str) -> list[Block]:
    """A reply's text as sections of at most 3000 units, split at line ends."""
    blocks: list[Block] = []
    chunk = ""
    for line in text.splitlines() or [""]:
        piece = clip(line, MAX_SECTION)
        candidate = f"{chunk}\n{piece}" if chunk else piece
        if units(candidate) > MAX_SECTION:
            blocks.append(section(chunk))
            candidate = piece
        chunk = candidate
    if chunk.strip():
        blocks.append(section(chunk))
    return blocks


def _quote_sections(quotes: Iterable[tuple[str, str]]) -> list[Block]:
    """Quotes as "line, then the quoted sentence", packed into as few sections as fit."""
    blocks: list[Block] = []
    chunk = ""
    for line, evidence in quotes:
        piece = f"• *{clip(one_line(line), 300)}*\n>“{clip(one_line(evidence), 2500)}”"
        candidate = f"{chunk}\n{piece}" if chunk else piece
        if units(candidate) > MAX_SECTION:
            blocks.append(section(chunk))
            candidate = piece
        chunk = candidate
    if chunk:
        blocks.append(section(chunk))
    return blocks


def reply_message(reply: Reply) -> tuple[str, list[Block]]:
    """A command's reply: its text, its items (compact, each with a Quote button), its quotes
    and its buttons; trimmed to the 50-block limit with a note when it would not fit."""
    body = _text_sections(reply.text)
    for i, item in enumerate(reply.items, 1):
        block = section(_item_text(i, item))
        block["accessory"] = {
            "type": "button",
            "text": _plain("Quote"),
            "action_id": f"{ACTION_COMMAND}:q{i}",
            "value": f"quote {item.statement_id}",
        }
        body.append(block)
    body.extend(_quote_sections(reply.quotes))
    tail = actions(reply.buttons)
    room = MAX_BLOCKS - len(tail)
    if len(body) > room:
        body = [*body[: room - 1], context(f"{ELLIPSIS} more not shown; narrow the question.")]
    return clip(one_line(reply.text) or "Readout", MAX_FALLBACK), body + tail

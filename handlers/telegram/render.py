"""Telegram HTML for alerts and command replies, cut into messages Telegram will take.

Owns how Readout looks in Telegram: the alert layout (headline, date · source, one bullet per
key point with its modality, regions, "also reported by", the link), the compact item layout of
/latest and /search, quotes, and the inline keyboards. Every string that came from a feed, a
store or a user goes through `esc` (html.escape); a link is written only when
bot.delivery.render.safe_link lets it through. Touches no network and no store.

Splitting: content is a list of `Block`s (a header, one bullet, a footer line), each rendered
whole; blocks are packed into `Part`s whose HTML source stays under MAX_UNITS UTF-16 code units.
Telegram counts the text after parsing, so measuring the source is stricter, and a cut can
never fall inside a tag or an entity because cuts happen only between blocks. A single block is
kept far below the limit by clipping its untrusted strings (`clip`) before they are escaped.
Each part also carries a plain-text twin, sent when Telegram cannot parse our HTML.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.delivery.render import Alert, safe_link
from handlers.core import MAX_ACTION_BYTES, Button, Reply

# Specs: https://core.telegram.org/bots/api#sendmessage ("1-4096 characters after entities
# parsing"); https://core.telegram.org/bots/api#formatting-options (HTML style).
MAX_UNITS = 4096
# Longest rendering of one untrusted string, so that a hostile feed cannot make a block that
# does not fit in a message on its own.
CLIP_HEADLINE = 600
CLIP_LINE = 1000
CLIP_QUOTE = 2500
CLIP_NAME = 200

MODALITY = {"future": "planned", "negated": "not", "hypothetical": "if"}


def units(text: str) -> int:
    """Length in UTF-16 code units, as Telegram counts it."""
    return len(text.encode("utf-16-le")) // 2


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def clip(text: str, limit: int) -> str:
    """`text`, cut so that its escaped form is at most `limit` UTF-16 units (with "…")."""
    if units(esc(text)) <= limit:
        return text
    out, used = [], 1  # room for the ellipsis
    for ch in text:
        used += units(esc(ch))
        if used > limit:
            break
        out.append(ch)
    return "".join(out).rstrip() + "…"


@dataclass(frozen=True, slots=True)
class Block:
    html: str
    plain: str
    gap: bool = False  # a blank line before it, unless it starts a message


@dataclass(frozen=True, slots=True)
class Part:
    html: str
    plain: str


def text_block(text: str, limit: int = CLIP_LINE, gap: bool = False, bold: bool = False) -> Block:
    t = clip(text, limit)
    return Block(f"<b>{esc(t)}</b>" if bold else esc(t), t, gap)


def link_block(url: str | None, label: str, tail: str = "", gap: bool = False) -> Block | None:
    """A link line, or a plain `tail` when the URL is not a safe http(s) link."""
    link = safe_link(url)
    if link is None:
        return Block(esc(tail), tail, gap) if tail else None
    link = clip(link, CLIP_LINE)
    sep = " · " if tail else ""
    return Block(
        f'<a href="{html.escape(link, quote=True)}">{esc(label)}</a>{sep}{esc(tail)}',
        f"{label}: {link}{sep}{tail}",
        gap,
    )


def point_block(line: str, modality: str) -> Block:
    t = clip(line, CLIP_LINE)
    mark = MODALITY.get(modality)
    suffix = f" ({mark})" if mark else ""
    return Block(f"• {esc(t)}<i>{suffix}</i>" if mark else f"• {esc(t)}", f"• {t}{suffix}")


def alert_blocks(alert: Alert) -> list[Block]:
    """An alert: header, one block per key point, then regions, sources and the link."""
    head = [f"<b>{esc(clip(alert.headline, CLIP_HEADLINE))}</b>"]
    plain = [clip(alert.headline, CLIP_HEADLINE)]
    if alert.update_note:
        note = clip(alert.update_note, CLIP_LINE)
        head.append(f"<i>{esc(note)}</i>")
        plain.append(note)
    if alert.title and alert.title != alert.headline:
        title = clip(alert.title, CLIP_HEADLINE)
        head.append(f"<i>{esc(title)}</i>")
        plain.append(title)
    meta = " · ".join(clip(x, CLIP_NAME) for x in (alert.date, alert.source) if x)
    if meta:
        head.append(esc(meta))
        plain.append(meta)
    blocks = [Block("\n".join(head), "\n".join(plain))]
    points = [point_block(p.line, p.modality) for p in alert.points]
    if points:
        points[0] = Block(points[0].html, points[0].plain, gap=True)
    blocks += points
    tail: list[Block] = []
    if alert.more_points:
        more = f"… and {alert.more_points} more key point{'s' if alert.more_points > 1 else ''}"
        tail.append(Block(f"<i>{more}</i>", more))
    if alert.regions:
        tail.append(text_block("Regions: " + ", ".join(clip(r, CLIP_NAME) for r in alert.regions)))
    if alert.also_reported:
        names = ", ".join(clip(r, CLIP_NAME) for r in alert.also_reported)
        tail.append(text_block("Also reported by: " + names))
    footer = link_block(alert.url, "Read the statement", f"statement {alert.statement_id}")
    if footer:
        tail.append(footer)
    if tail:
        tail[0] = Block(tail[0].html, tail[0].plain, gap=True)
    return blocks + tail


def item_blocks(n: int, item: Alert) -> list[Block]:
    """One statement in a /latest or /search answer: compact, no evidence."""
    headline = clip(item.headline, CLIP_HEADLINE)
    meta = " · ".join(
        clip(x, CLIP_NAME) for x in (item.date, item.source, f"statement {item.statement_id}") if x
    )
    head = Block(f"<b>{n}. {esc(headline)}</b>\n{esc(meta)}", f"{n}. {headline}\n{meta}", gap=True)
    blocks = [head, *(point_block(p.line, p.modality) for p in item.points)]
    link = link_block(item.url, "Read")
    return [*blocks, link] if link else blocks


def quote_block(line: str, evidence: str) -> Block:
    t, q = clip(line, CLIP_LINE), clip(evidence, CLIP_QUOTE)
    return Block(f"• <b>{esc(t)}</b>\n<blockquote>{esc(q)}</blockquote>", f"• {t}\n“{q}”", gap=True)


def reply_blocks(reply: Reply) -> list[Block]:
    """A command's reply: its text line by line, then its items, then its quotes."""
    blocks = [text_block(ln, CLIP_QUOTE) for ln in reply.text.splitlines() if ln.strip()]
    for i, item in enumerate(reply.items, 1):
        blocks += item_blocks(i, item)
    for line, evidence in reply.quotes:
        blocks.append(quote_block(line, evidence))
    return blocks or [text_block("(nothing to show)")]


def pack(blocks: Iterable[Block], limit: int = MAX_UNITS) -> list[Part]:
    """Blocks into as few messages as fit, in order, each message ≤ limit UTF-16 units."""
    parts: list[Part] = []
    cur_html: list[str] = []
    cur_plain: list[str] = []
    size = 0

    def flush() -> None:
        nonlocal size
        if cur_html:
            parts.append(Part("".join(cur_html), "".join(cur_plain)))
        cur_html.clear()
        cur_plain.clear()
        size = 0

    for b in blocks:
        sep = ("\n\n" if b.gap else "\n") if cur_html else ""
        need = units(sep) + max(units(b.html), units(b.plain))
        if cur_html and size + need > limit:
            flush()
            sep, need = "", max(units(b.html), units(b.plain))
        if need > limit:  # cannot happen with clipped blocks; never send what Telegram refuses
            raise ValueError(f"a block of {need} UTF-16 units does not fit in a message")
        cur_html.append(sep + b.html)
        cur_plain.append(sep + b.plain)
        size += need
    flush()
    return parts


def render_alert(alert: Alert) -> list[Part]:
    return pack(alert_blocks(alert))


def render_reply(reply: Reply) -> list[Part]:
    return pack(reply_blocks(reply))


def alert_buttons(alert: Alert) -> tuple[Button, ...]:
    """Quote (the evidence sentences) and, when a subscription matched, Unsubscribe."""
    buttons = [Button("Quote", f"quote {alert.statement_id}")]
    if alert.subscription_id is not None:
        buttons.append(Button("Unsubscribe", f"unsubscribe #id{alert.subscription_id}"))
    return tuple(buttons)


def keyboard(buttons: Sequence[Button]) -> InlineKeyboardMarkup | None:
    """Inline buttons, a few to a row. A callback button's data is its command line, which
    Telegram caps at 64 bytes (longer ones are dropped); a URL button needs a safe link.
    Specs: https://core.telegram.org/bots/api#inlinekeyboardbutton"""
    made: list[InlineKeyboardButton] = []
    for b in buttons:
        label = clip(b.label, 64)
        if b.url is not None:
            link = safe_link(b.url)
            if link:
                made.append(InlineKeyboardButton(label, url=link))
        elif 0 < len(b.action.encode()) <= MAX_ACTION_BYTES:
            made.append(InlineKeyboardButton(label, callback_data=b.action))
    if not made:
        return None
    rows: list[list[InlineKeyboardButton]] = []
    for btn in made:
        # Short labels share a row (three at most); long ones get their own.
        if rows and len(rows[-1]) < 3 and sum(len(x.text) for x in rows[-1]) + len(btn.text) <= 30:
            rows[-1].append(btn)
        else:
            rows.append([btn])
    return InlineKeyboardMarkup(rows)

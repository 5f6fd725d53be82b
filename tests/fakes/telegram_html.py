"""Telegram's HTML, as the Bot API reads it: the fake server's validator, also used by the
property tests of Readout's Telegram rendering. Specs:
https://core.telegram.org/bots/api#html-style

Strict where Telegram is strict (only the documented tags, correct nesting), and stricter than
the real server in one respect: a bare `<`, `>` or `&` outside a tag is refused (the docs say
they "must be replaced"), so that an escaping bug cannot hide.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

MAX_UNITS = 4096


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


# ---------------------------------------------------------------------------------------------
# HTML, as Telegram reads it. Specs: https://core.telegram.org/bots/api#html-style


class HtmlError(ValueError):
    """The text is not HTML Telegram would accept; str() is the API's explanation."""


STYLE_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
}
OTHER_TAGS = {"a": "text_link", "code": "code", "pre": "pre", "blockquote": "blockquote"}
_ENTITY = re.compile(r"&(?:(lt|gt|amp|quot)|#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6}));")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9-]*")
_ATTR = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


@dataclass
class _Open:
    name: str
    start: int  # in UTF-16 units of the parsed text
    attrs: dict[str, str]


def _decode_entities(text: str, at: Callable[[int], int], base: int) -> tuple[str, int]:
    """Decode one entity at text[0]; (character, length in the source)."""
    m = _ENTITY.match(text)
    if not m:
        raise HtmlError(
            f"Character '&' is reserved and must be escaped as &amp; at byte offset {at(base)}"
        )
    if m.group(1):
        return _NAMED[m.group(1)], m.end()
    code = int(m.group(2)) if m.group(2) else int(m.group(3), 16)
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        raise HtmlError(f"Invalid HTML entity at byte offset {at(base)}")
    return chr(code), m.end()


def _unescape_value(value: str, at: Callable[[int], int], base: int) -> str:
    out, i = [], 0
    while i < len(value):
        if value[i] == "&":
            ch, n = _decode_entities(value[i:], at, base + i)
            out.append(ch)
            i += n
        else:
            out.append(value[i])
            i += 1
    return "".join(out)


def _read_tag(text: str, i: int, at: Callable[[int], int]) -> tuple[str, dict[str, str], int]:
    """Read a start tag at text[i] == '<'; (name, attributes, index after '>')."""
    m = _NAME.match(text, i + 1)
    if not m:
        raise HtmlError(f'Unsupported start tag "" at byte offset {at(i)}')
    name, j, attrs = m.group().lower(), m.end(), {}
    while True:
        while j < len(text) and text[j] in " \t\r\n":
            j += 1
        if j >= len(text):
            raise HtmlError(f"Unclosed start tag at byte offset {at(i)}")
        if text[j] == ">":
            return name, attrs, j + 1
        a = _ATTR.match(text, j)
        if not a:
            raise HtmlError(f'Expected equal sign in declaration of an attribute of "{name}"')
        key, j = a.group().lower(), a.end()
        value = ""
        if j < len(text) and text[j] == "=":
            j += 1
            if j < len(text) and text[j] in "\"'":
                close = text.find(text[j], j + 1)
                if close < 0:
                    raise HtmlError(f"Unclosed start tag at byte offset {at(i)}")
                value, j = _unescape_value(text[j + 1 : close], at, j + 1), close + 1
            else:
                v = re.match(r"[^\s>\"'=<`]+", text[j:])
                if not v:
                    raise HtmlError(f'Empty attribute value in tag "{name}"')
                value, j = _unescape_value(v.group(), at, j), j + v.end()
        attrs[key] = value


def _check_nesting(name: str, attrs: dict[str, str], stack: list[_Open]) -> None:
    """The docs' rules: style entities nest anywhere but inside pre/code; blockquotes do not
    nest; a link, code or pre contains no other link, code, pre or blockquote (code may sit
    directly inside pre to name its language)."""
    names = [o.name for o in stack]
    if "code" in names:
        raise HtmlError(f'Can\'t use tag "{name}" inside a "code" entity')
    if "pre" in names and not (name == "code" and names[-1] == "pre"):
        raise HtmlError(f'Can\'t use tag "{name}" inside a "pre" entity')
    if name in OTHER_TAGS and "a" in names:
        raise HtmlError(f'Can\'t use tag "{name}" inside a "text_link" entity')
    if name == "blockquote" and "blockquote" in names:
        raise HtmlError("Blockquote entities can't be nested")
    if name == "span" and attrs.get("class") != "tg-spoiler":
        raise HtmlError('Tag "span" must have class "tg-spoiler"')
    if name == "a" and not attrs.get("href"):
        raise HtmlError('Tag "a" must have a non-empty attribute "href"')
    if name == "code" and "class" in attrs and not (names and names[-1] == "pre"):
        raise HtmlError("Programming language can't be specified for a standalone code tag")


def parse_html(text: str) -> tuple[str, list[dict[str, Any]]]:
    """Parse Telegram HTML like the Bot API: (the text a reader sees, its entities with UTF-16
    offsets). Raises HtmlError with the API's kind of explanation when Telegram would refuse."""

    def at(i: int) -> int:
        return len(text[:i].encode())

    out: list[str] = []
    units = 0
    stack: list[_Open] = []
    entities: list[dict[str, Any]] = []
    i = 0
    while i < len(text):
        c = text[i]
        if c == "&":
            ch, n = _decode_entities(text[i:], at, i)
            out.append(ch)
            units += utf16_len(ch)
            i += n
        elif c == ">":
            raise HtmlError(
                f"Character '>' is reserved and must be escaped as &gt; at byte offset {at(i)}"
            )
        elif c == "<" and text.startswith("</", i):
            end = text.find(">", i)
            if end < 0:
                raise HtmlError(f"Unclosed end tag at byte offset {at(i)}")
            name = text[i + 2 : end].strip().lower()
            if not stack:
                raise HtmlError(f'Unexpected end tag "{name}" at byte offset {at(i)}')
            top = stack.pop()
            if name != top.name:
                raise HtmlError(
                    f'Unmatched end tag at byte offset {at(i)}, expected "</{top.name}>", '
                    f'found "</{name}>"'
                )
            if units > top.start:
                entity: dict[str, Any] = {
                    "type": STYLE_TAGS.get(top.name) or OTHER_TAGS[top.name],
                    "offset": top.start,
                    "length": units - top.start,
                }
                if top.name == "a":
                    entity["url"] = top.attrs["href"]
                if top.name == "blockquote" and "expandable" in top.attrs:
                    entity["type"] = "expandable_blockquote"
                entities.append(entity)
            i = end + 1
        elif c == "<":
            name, attrs, i2 = _read_tag(text, i, at)
            if name not in STYLE_TAGS and name not in OTHER_TAGS:
                raise HtmlError(f'Unsupported start tag "{name}" at byte offset {at(i)}')
            _check_nesting(name, attrs, stack)
            stack.append(_Open(name, units, attrs))
            i = i2
        else:
            out.append(c)
            units += utf16_len(c)
            i += 1
    if stack:
        raise HtmlError(f'Can\'t find end tag corresponding to start tag "{stack[-1].name}"')
    return "".join(out), sorted(entities, key=lambda e: (e["offset"], -e["length"]))

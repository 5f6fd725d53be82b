"""Making a fetched body safe and unambiguous before a parser sees it. Pure: bytes in, text out.

A feed is the one document a stranger fully controls that we hand to an XML parser, so before
feedparser (expat, or its forgiving SGML fallback) reads it:

- Encoding: one decision, made here, and the text handed on is UTF-8 that says so. A byte-order
  mark wins over what the server and the XML declaration claim; a body declared as a single-byte
  Western encoding (latin-1, cp1252, ASCII) that is valid UTF-8 with non-ASCII bytes is UTF-8;
  a body that does not decode as declared is read as UTF-8, else cp1252. Each override is a note.
- Entities: a DOCTYPE's internal subset (where `<!ENTITY` lives: "billion laughs", quadratic
  blow-up, external entities such as `file:///etc/passwd`) is removed, and any `<!ENTITY` left
  elsewhere is defused, so no entity is ever expanded or fetched; an unknown `&name;` stays as
  text. feedparser alone re-inserts "safe" entities and its fallback parser expands them: a
  200 kB feed grew to 15 GB before this.
- Size: at most `max_items` items or entries are kept (feeds list newest first); the rest of the
  document is cut before parsing, so a 5 MB feed of 100,000 items costs what 1,000 cost.
- Shape: feedparser and the standard library's SAX layer are pure Python with superlinear
  corners (a start tag with 300,000 attributes took 14 minutes; 400,000 nested elements, 7 s;
  5 MB of `<`, 6 s in the fallback parser; a `<` followed by 4 MB without `>`, 600 MB of regex
  backtracking state). A document with more than `MAX_MARKUP` `<` outside CDATA sections, a
  tag with more than `MAX_ATTRIBUTES` attributes, or a tag still open after `MAX_TAG_CHARS`, is
  refused before parsing. Each is found with C-speed string operations, linear in the body.

`prepare_feed` does all three and returns the notes to log; `decode_html` does the encoding part
for HTML list pages.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

# Single-byte encodings that servers claim by default; a body that is valid UTF-8 with non-ASCII
# bytes is almost never really one of these (the UTF-8 byte patterns are improbable in prose).
_WESTERN = {"ascii", "latin-1", "iso8859-1", "cp1252", "iso8859-15"}
# Codecs that are "text encodings" to Python but not to any web server.
_REFUSED = {"unicode-escape", "raw-unicode-escape", "idna", "punycode", "undefined"}
_BOMS = (
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
)
_CHARSET = re.compile(r"""charset\s*=\s*["']?([\w.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([\w.:-]+)["']""")
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([\w.:-]+)""", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]{0,500}?\?>")
_SPACE = re.compile(r"\s*")
_ENTITY = re.compile(r"<!ENTITY", re.I)
_ITEM = re.compile(r"<(?:[\w.-]+:)?(?:item|entry)[\s>/]")
_ITEM_END = re.compile(r"</(?:[\w.-]+:)?(?:item|entry)\s*>")

MAX_ITEMS = 1000
# A 1,000-item feed has about 20,000 `<`; full texts in CDATA do not count.
MAX_MARKUP = 100_000
MAX_ATTRIBUTES = 20  # real feed elements have fewer than 10
MAX_TAG_CHARS = 32_768
_LONG_TAG = re.compile(r"<[A-Za-z_][^<>]{200,}>")
_UNCLOSED_TAG = re.compile(rf"<[^<>]{{{MAX_TAG_CHARS}}}")
_ATTRIBUTE = re.compile(r"""\s[^\s=<>"']+\s*=\s*["']""")


@dataclass
class Prepared:
    body: bytes  # UTF-8, with an XML declaration that says so
    encoding: str  # what the bytes were read as
    notes: list[str] = field(default_factory=list)  # what was overridden or removed, and why
    refused: str | None = None  # why the document must not be parsed at all


def _codec(name: str | None) -> str | None:
    """Python's canonical name of an encoding label, or None if unknown or refused."""
    if not name:
        return None
    try:
        info = codecs.lookup(name.strip().lower())
    except LookupError:
        return None
    canonical = info.name.replace("_", "-")
    if canonical in _REFUSED or not getattr(info, "_is_text_encoding", True):
        return None
    return {"iso8859-1": "latin-1", "us-ascii": "ascii", "windows-1252": "cp1252"}.get(
        canonical, canonical
    )


def _bom(body: bytes) -> tuple[str | None, int]:
    """The encoding a byte-order mark names (and its length), else the one the NUL bytes around
    the first ASCII character imply (XML 1.0, appendix F), else None."""
    for mark, name in _BOMS:
        if body.startswith(mark):
            return name, len(mark)
    head = [b == 0 for b in body[:4]]
    if len(head) == 4:
        if head == [True, True, True, False]:
            return "utf-32-be", 0
        if head == [False, True, True, True]:
            return "utf-32-le", 0
        if head[:2] == [True, False]:
            return "utf-16-be", 0
        if head[:2] == [False, True]:
            return "utf-16-le", 0
    return None, 0


def _is_utf8_beyond_ascii(body: bytes) -> bool:
    if body.isascii():
        return False
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def decode(body: bytes, declared: list[tuple[str, str | None]]) -> tuple[str, str, list[str]]:
    """(text, encoding used, notes). `declared`: (who, label) in order of authority, e.g.
    [("the server", "iso-8859-1"), ("the XML declaration", "utf-8")]."""
    notes: list[str] = []
    sniffed, skip = _bom(body)
    claims = [(who, label, _codec(label)) for who, label in declared if label]
    for who, label, codec in claims:
        if codec is None:
            notes.append(f"{who} names an unknown encoding {label!r}; ignored")
    claimed = next(((who, c) for who, _, c in claims if c), None)
    if sniffed:
        if (
            claimed
            and claimed[1] != sniffed
            and not (claimed[1].startswith(sniffed[:6]) and sniffed.startswith("utf-"))
        ):
            notes.append(
                f"{claimed[0]} says {claimed[1]}, the byte-order mark {sniffed}: read as {sniffed}"
            )
        return body[skip:].decode(sniffed, "replace"), sniffed, notes
    if claimed and claimed[1].startswith(("utf-16", "utf-32")):
        # No byte-order mark and no '<' in that encoding: the claim is wrong, and believing it
        # turns ASCII into CJK soup (or hides markup from every check before the parser).
        notes.append(f"{claimed[0]} says {claimed[1]}, but the body is not: read as utf-8")
        claimed = None
    choice = claimed[1] if claimed else "utf-8"
    if choice in _WESTERN and _is_utf8_beyond_ascii(body):
        notes.append(
            f"{claimed[0] if claimed else 'nothing'} says {choice}, but the body is UTF-8: read as utf-8"
        )
        return body.decode("utf-8"), "utf-8", notes
    for candidate in dict.fromkeys((choice, "utf-8", "cp1252")):
        try:
            text = body.decode(candidate)
        except (UnicodeDecodeError, LookupError):
            continue
        if candidate != choice:
            notes.append(f"the body is not valid {choice}: read as {candidate}")
        return text, candidate, notes
    notes.append(
        f"the body is not valid {choice}, utf-8 or cp1252: read as utf-8, bad bytes replaced"
    )
    return body.decode("utf-8", "replace"), "utf-8", notes


def _skip_prolog(text: str) -> int | None:
    """Index of a `<!DOCTYPE` in the prolog (after the XML declaration, comments and processing
    instructions), or None when the prolog has none."""
    i, n = 0, len(text)
    while i < n:
        i = _SPACE.match(text, i).end()  # type: ignore[union-attr]  # \s* always matches
        if text.startswith("<?", i):
            end = text.find("?>", i + 2)
        elif text.startswith("<!--", i):
            end = text.find("-->", i + 4)
        elif text[i : i + 9].upper() == "<!DOCTYPE":
            return i
        else:
            return None
        if end < 0:
            return None
        i = end + (2 if text[i + 1] == "?" else 3)
    return None


def _doctype_end(text: str, start: int) -> tuple[int, bool]:
    """(index just past the DOCTYPE that starts at `start`, whether it has an internal subset).
    The end is len(text) when it never closes."""
    i, n, depth, quote, subset = start + 9, len(text), 0, "", False
    while i < n:
        c = text[i]
        if quote:
            if c == quote:
                quote = ""
        elif text.startswith("<!--", i):
            end = text.find("-->", i + 4)
            i = n if end < 0 else end + 3
            continue
        elif c in "\"'":
            quote = c
        elif c == "[":
            depth += 1
            subset = True
        elif c == "]":
            depth = max(depth - 1, 0)
        elif c == ">" and depth == 0:
            return i + 1, subset
        i += 1
    return n, subset


def defuse_entities(text: str) -> tuple[str, list[str]]:
    """Remove a DOCTYPE internal subset and defuse any other `<!ENTITY`: no entity is ever
    declared, so none is expanded or fetched."""
    notes = []
    start = _skip_prolog(text)
    if start is not None:
        end, subset = _doctype_end(text, start)
        if subset or end == len(text):
            count = len(_ENTITY.findall(text, start, end))
            text = text[:start] + text[end:]
            notes.append(
                f"removed a DOCTYPE with an internal subset ({count} entity declarations): "
                "entities are never expanded or fetched"
            )
    stray = len(_ENTITY.findall(text))
    if stray:
        text = _ENTITY.sub("&lt;!ENTITY", text)
        notes.append(f"defused {stray} entity declarations outside a DOCTYPE")
    return text, notes


def cap_items(text: str, limit: int) -> tuple[str, str | None]:
    """Keep the first `limit` items/entries; cut the rest out, keeping the document's tail
    (`</channel></rss>`, `</feed>`) so that it stays well-formed."""
    cut = None
    for k, m in enumerate(_ITEM.finditer(text)):
        if k == limit:
            cut = m.start()
            break
    if cut is None:
        return text, None
    total = limit + len(_ITEM.findall(text, cut))
    last_end = None
    for m in _ITEM_END.finditer(text, cut):
        last_end = m.end()
    tail = text[last_end:] if last_end is not None else ""
    return text[:cut] + tail, f"{total} items; only the first {limit} are read"


def _outside_cdata(text: str) -> list[str]:
    """The parts of `text` outside CDATA sections (whose `<` are text, not markup)."""
    parts, i = [], 0
    while (start := text.find("<![CDATA[", i)) >= 0:
        parts.append(text[i:start])
        end = text.find("]]>", start + 9)
        if end < 0:
            return parts
        i = end + 3
    parts.append(text[i:])
    return parts


def check_shape(text: str) -> str | None:
    """Why this document's shape is hostile to the parser, or None."""
    markup = 0
    for part in _outside_cdata(text):
        markup += part.count("<")
        if markup > MAX_MARKUP:
            return f"more than {MAX_MARKUP} tags: refused before parsing"
        if _UNCLOSED_TAG.search(part):
            return f"a tag still open after {MAX_TAG_CHARS} characters: refused before parsing"
        for tag in _LONG_TAG.finditer(part):
            n = len(_ATTRIBUTE.findall(tag.group()))
            if n > MAX_ATTRIBUTES:
                return (
                    f"a tag with {n} attributes (at most {MAX_ATTRIBUTES}): refused before parsing"
                )
    return None


def prepare_feed(body: bytes, content_type: str, max_items: int = MAX_ITEMS) -> Prepared:
    """A feed body as UTF-8 with its encoding decided, its entities defused and its items capped."""
    header = _CHARSET.search(content_type or "")
    in_doc = _XML_ENCODING.match(body[:512])
    text, encoding, notes = decode(
        body,
        [
            ("the server", header.group(1) if header else None),
            ("the XML declaration", in_doc.group(1).decode("ascii") if in_doc else None),
        ],
    )
    text, more = defuse_entities(text.lstrip("\ufeff \t\r\n"))
    notes += more
    text, capped = cap_items(text, max_items)
    if capped:
        notes.append(capped)
    refused = check_shape(text)
    if refused:
        return Prepared(b"", encoding, notes, refused)
    decl = '<?xml version="1.0" encoding="utf-8"?>'
    text = _XML_DECL.sub(decl, text, count=1) if _XML_DECL.match(text) else decl + "\n" + text
    return Prepared(text.encode("utf-8"), encoding, notes)


def decode_html(body: bytes, content_type: str) -> tuple[bytes, list[str]]:
    """An HTML page as UTF-8 (BOM > server > `<meta charset>` > UTF-8), with the notes."""
    header = _CHARSET.search(content_type or "")
    meta = _META_CHARSET.search(body[:4096])
    text, _, notes = decode(
        body,
        [
            ("the server", header.group(1) if header else None),
            ("the page's <meta charset>", meta.group(1).decode("ascii") if meta else None),
        ],
    )
    return text.encode("utf-8"), notes

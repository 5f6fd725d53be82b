"""Telegram HTML without the network: the fake's HTML reader is as strict as Telegram's, and
whatever a feed or a person writes, every message we render is one Telegram accepts, fits in
4096 UTF-16 units, and shows the text literally (property tests with hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.delivery.render import Alert, AlertPoint
from handlers.core import Button, Reply
from handlers.telegram.render import (
    CLIP_LINE,
    clip,
    esc,
    keyboard,
    render_alert,
    render_reply,
    units,
)
from handlers.telegram.updates import parse_command
from tests.fakes.telegram_api import HtmlError, parse_html


@pytest.mark.parametrize(
    ("html", "plain"),
    [
        ("<b>bold</b> &lt;tag&gt; &amp; &quot;q&quot; &#60;&#x3E;", 'bold <tag> & "q" <>'),
        ('<a href="https://x.example/?a=1&amp;b=2">link</a>', "link"),
        ('<pre><code class="language-python">x</code></pre>', "x"),
        ("<blockquote expandable>quote <i>it</i></blockquote>", "quote it"),
        ('<span class="tg-spoiler">s</span><tg-spoiler>t</tg-spoiler>', "st"),
        ("<b><i><u><s>nested</s></u></i></b> 🇮🇳", "nested 🇮🇳"),
    ],
)
def test_the_fake_accepts_what_telegram_accepts(html: str, plain: str) -> None:
    assert parse_html(html)[0] == plain


@pytest.mark.parametrize(
    ("html", "why"),
    [
        ("<script>x</script>", 'Unsupported start tag "script"'),
        ("AT&T", "Character '&' is reserved"),
        ("a &nbsp; b", "Character '&' is reserved"),
        ("a < b", 'Unsupported start tag ""'),
        ("a > b", "Character '>' is reserved"),
        ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("<b>x", 'Can\'t find end tag corresponding to start tag "b"'),
        ("x</b>", "Unexpected end tag"),
        ("<b", "Unclosed start tag"),
        ("<code><b>x</b></code>", 'inside a "code" entity'),
        ("<a href='https://a'><a href='https://b'>x</a></a>", "text_link"),
        ("<blockquote><blockquote>x</blockquote></blockquote>", "can't be nested"),
        ("<span>x</span>", 'must have class "tg-spoiler"'),
        ("<a>x</a>", 'must have a non-empty attribute "href"'),
        ("&#0;", "Invalid HTML entity"),
    ],
)
def test_the_fake_refuses_what_telegram_refuses(html: str, why: str) -> None:
    with pytest.raises(HtmlError, match=None) as e:
        parse_html(html)
    assert why in str(e.value)


untrusted = st.text(
    alphabet=st.one_of(
        st.sampled_from("<>&\"';/=#x ab\n"), st.characters(blacklist_categories=("Cs",))
    ),
    max_size=1500,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    headline=untrusted,
    title=untrusted,
    source=untrusted,
    lines=st.lists(untrusted, max_size=8),
    regions=st.lists(untrusted, max_size=3),
    url=st.one_of(st.none(), untrusted.map(lambda s: "https://x.example/" + s), untrusted),
    modality=st.sampled_from(["asserted", "future", "negated", "hypothetical"]),
)
def test_any_alert_renders_to_messages_telegram_accepts(
    headline: str,
    title: str,
    source: str,
    lines: list[str],
    regions: list[str],
    url: str | None,
    modality: str,
) -> None:
    alert = Alert(
        statement_id=1,
        headline=headline,
        title=title,
        date="2026-03-01",
        source=source,
        url=url,
        countries=(),
        points=tuple(AlertPoint("concern", line, "e", modality) for line in lines),
        regions=tuple(regions),
    )
    parts = render_alert(alert)
    shown = ""
    for part in parts:
        assert units(part.html) <= 4096 and units(part.plain) <= 4096
        plain, entities = parse_html(part.html)  # raises if Telegram would refuse it
        assert {e["type"] for e in entities} <= {"bold", "italic", "text_link"}
        for e in entities:
            if e["type"] == "text_link":
                assert e["url"].lower().startswith(("http://", "https://"))
        shown += plain + "\n"
    for line in lines:
        assert f"• {clip(line, CLIP_LINE)}" in shown  # every bullet whole and literal


@settings(max_examples=80, deadline=None)
@given(text=untrusted, quotes=st.lists(st.tuples(untrusted, untrusted), max_size=4))
def test_any_reply_renders_to_messages_telegram_accepts(
    text: str, quotes: list[tuple[str, str]]
) -> None:
    for part in render_reply(Reply(text, quotes=tuple(quotes))):
        assert units(part.html) <= 4096
        parse_html(part.html)


def test_clip_counts_escaped_utf16_units() -> None:
    assert clip("abc", 10) == "abc"
    clipped = clip("&" * 100, 50)  # each "&" is 5 units once escaped
    assert units(esc(clipped)) <= 50 and clipped.endswith("…")
    flags = clip("🇮🇳" * 100, 41)  # a flag is 4 UTF-16 units
    assert units(flags) <= 41


def test_keyboard_keeps_only_buttons_telegram_takes() -> None:
    markup = keyboard(
        (
            Button("Quote", "quote 1"),
            Button("Unsubscribe", "unsubscribe #id2"),
            Button("Too long", "latest " + "x" * 80),  # over 64 bytes of callback data
            Button("Site", "", url="https://mod.example/"),
            Button("Evil", "", url="javascript:alert(1)"),
            Button("Follow Philippines China", "subscribe Philippines China"),
        )
    )
    assert markup is not None
    rows = [[(b.text, b.callback_data or b.url) for b in row] for row in markup.inline_keyboard]
    assert rows == [
        [
            ("Quote", "quote 1"),
            ("Unsubscribe", "unsubscribe #id2"),
            ("Site", "https://mod.example/"),
        ],
        [("Follow Philippines China", "subscribe Philippines China")],
    ]
    assert keyboard(()) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/latest India Japan", ("latest", "India Japan", False)),
        ("/latest@Readout_Test_Bot India", ("latest", "India", True)),
        ("/latest@other_bot India", None),
        ("/LATEST\nIndia  Japan", ("latest", "India  Japan", False)),
        ("/start", ("start", "", False)),
    ],
)
def test_command_lines_are_read_like_telegram_clients_write_them(
    text: str, expected: tuple[str, str, bool] | None
) -> None:
    assert parse_command(text, "readout_test_bot") == expected

"""Block Kit rendering, without the network: untrusted text is escaped everywhere, limits hold
for any input, and what is cut says so with a Read more link."""

from __future__ import annotations

import json
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.delivery.render import Alert, AlertPoint
from handlers.core import Button, Reply
from handlers.slack.blocks import (
    MAX_HEADER,
    MAX_SECTION,
    alert_message,
    clip,
    escape,
    reply_message,
    units,
)
from tests.fakes.slack_api import block_errors

HOSTILE = "<!channel> <!here> <@U123> <#C123> <http://evil.example|click> & co"


def alert(**kw: object) -> Alert:
    base: dict[str, object] = {
        "statement_id": 42,
        "headline": "India and Japan oppose unilateral change of the status quo",
        "date": "2020-12-22",
        "source": "ANI",
        "url": "https://example.gov/statement?id=1&lang=en",
        "countries": ("India", "Japan"),
        "points": (
            AlertPoint("status_quo", "Oppose change of status quo", "They oppose it.", "asserted"),
            AlertPoint("exercise", "Malabar to be held", "Malabar will be held.", "future"),
        ),
        "regions": ("Indo-Pacific",),
    }
    base.update(kw)
    return Alert(**base)  # type: ignore[arg-type]


def texts(blocks: list[dict[str, object]]) -> str:
    return json.dumps(blocks, ensure_ascii=False)


# Anything Slack would read as a mention, a channel link or a link: `<` followed by `!`, `@`,
# `#` or a URL scheme, in any text we produce.
CONTROL = re.compile(r"<(?:[!@#]|https?:|mailto:)")


def no_control_sequences_from(untrusted: str, rendered: str) -> bool:
    ours = {m.group(0) for m in re.finditer(r"<https?://[^|>]*\|[^>]*>", rendered)}
    stripped = rendered
    for link in ours:
        stripped = stripped.replace(link, "")
    return CONTROL.search(stripped) is None


def test_escape_is_slacks_three_entities() -> None:
    assert escape("a & b < c > d") == "a &amp; b &lt; c &gt; d"
    assert escape("&lt;") == "&amp;lt;"  # an entity in a feed stays visible as typed


def test_clip_never_splits_an_entity_and_respects_the_limit() -> None:
    raw = "&" * 100
    out = clip(raw, 50)
    assert units(out) <= 50 and out.endswith("…")
    assert re.fullmatch(r"(&amp;)+…", out)


def test_hostile_feed_text_is_escaped_in_every_field() -> None:
    a = alert(
        headline=HOSTILE,
        title=HOSTILE + " (title)",
        source=HOSTILE,
        countries=(HOSTILE,),
        points=(AlertPoint("concern", HOSTILE, HOSTILE, "asserted"),),
        regions=(HOSTILE,),
        also_reported=(HOSTILE,),
        update_note=HOSTILE,
    )
    text, blocks = alert_message(a)
    rendered = text + texts(blocks)
    assert "&lt;!channel&gt;" in rendered and "&lt;@U123&gt;" in rendered
    assert "<!channel>" not in rendered and "<!here>" not in rendered
    assert "<@U123>" not in rendered and "<#C123>" not in rendered
    assert "<http://evil" not in rendered
    assert no_control_sequences_from(HOSTILE, rendered)
    assert block_errors(blocks) == []


def test_alert_layout_buttons_and_modality() -> None:
    text, blocks = alert_message(alert(subscription_id=7))
    assert [b["type"] for b in blocks] == [
        "header",
        "context",
        "section",
        "section",
        "context",
        "actions",
    ]
    assert blocks[0]["text"]["text"].startswith("India and Japan")
    assert "_(planned)_" in blocks[3]["text"]["text"]  # future: marked
    assert "_(" not in blocks[2]["text"]["text"]  # asserted: not marked
    elements = blocks[-1]["elements"]
    assert elements[0]["url"] == "https://example.gov/statement?id=1&lang=en"
    assert [e.get("value") for e in elements[1:]] == ["quote 42", "unsubscribe #id7"]
    assert text == "India and Japan oppose unilateral change of the status quo (ANI · 2020-12-22)"


def test_no_unsubscribe_button_without_a_subscription_and_no_unsafe_link() -> None:
    _, blocks = alert_message(alert(url="javascript:alert(1)"))
    values = [e.get("value") for e in blocks[-1]["elements"]]
    assert values == ["quote 42"]
    assert "javascript" not in texts(blocks)


def test_a_digest_has_no_quote_button_and_no_empty_quotes() -> None:
    lines = tuple(AlertPoint("engagement", f"India–Japan: talks {i}", "") for i in range(30))
    digest = alert(statement_id=0, url=None, countries=(), regions=(), points=lines, more_points=4)
    _, blocks = alert_message(digest)
    assert block_errors(blocks) == [] and len(blocks) <= 50
    assert "quote" not in texts(blocks) and "statement 0" not in texts(blocks)
    assert "“”" not in texts(blocks)
    assert "and 4 more key points" in texts(blocks)


def test_very_long_alert_stays_within_limits_with_read_more() -> None:
    long_sentence = "The ministers agreed that " + "cooperation & trust " * 800
    many = tuple(
        AlertPoint("cooperation", f"Point {i} " + "x" * 400, long_sentence, "hypothetical")
        for i in range(120)
    )
    text, blocks = alert_message(alert(headline="H" * 400, points=many, more_points=3))
    assert block_errors(blocks) == []
    assert len(blocks) <= 50
    assert units(blocks[0]["text"]["text"]) <= MAX_HEADER
    sections = [b for b in blocks if b["type"] == "section"]
    assert all(units(b["text"]["text"]) <= MAX_SECTION for b in sections)
    assert "Read more>" in sections[0]["text"]["text"]  # the cut evidence links to the rest
    note = next(b for b in blocks if "more key points" in texts([b]))
    assert "Read more" in texts([note])
    assert len(text) <= 3000


def test_reply_with_items_quotes_and_buttons() -> None:
    items = tuple(alert(statement_id=i, headline=f"Statement {i} <!here>") for i in range(1, 4))
    reply = Reply(
        "Statements 1–3 for India + Japan, newest first:",
        items=items,
        buttons=(Button("More", "latest @3 India Japan"),),
        quotes=(("Oppose change", "They “oppose” <any> change."),),
        visibility="public",
    )
    text, blocks = reply_message(reply)
    assert block_errors(blocks) == []
    assert text.startswith("Statements 1–3")
    items_blocks = [b for b in blocks if "accessory" in b]
    assert [b["accessory"]["value"] for b in items_blocks] == ["quote 1", "quote 2", "quote 3"]
    assert "&lt;!here&gt;" in texts(items_blocks) and "<!here>" not in texts(blocks)
    assert ">“They “oppose” &lt;any&gt; change.”" in texts(blocks)
    assert blocks[-1]["elements"][0]["value"] == "latest @3 India Japan"


def test_reply_over_fifty_blocks_is_cut_with_a_note() -> None:
    items = tuple(alert(statement_id=i) for i in range(80))
    buttons = tuple(Button(f"B{i}", f"quote {i}") for i in range(30))  # two actions blocks
    _, blocks = reply_message(Reply("Many:", items=items, buttons=buttons))
    assert len(blocks) == 50 and block_errors(blocks) == []
    assert "more not shown" in texts(blocks)


def test_user_text_echoed_in_a_reply_is_escaped() -> None:
    text, blocks = reply_message(Reply("No statements found for “<!channel>”."))
    assert "<!channel>" not in text + texts(blocks)


@settings(max_examples=200, deadline=None)
@given(
    headline=st.text(min_size=1, max_size=400),
    line=st.text(max_size=500),
    evidence=st.text(max_size=4000),
    source=st.text(max_size=200),
    url=st.one_of(st.none(), st.text(max_size=50).map(lambda s: "https://x.example/" + s)),
)
def test_any_alert_is_valid_block_kit_and_leaks_no_control_sequence(
    headline: str, line: str, evidence: str, source: str, url: str | None
) -> None:
    a = alert(
        headline=headline,
        source=source,
        url=url,
        points=(AlertPoint("concern", line, evidence, "negated"),) * 3,
    )
    text, blocks = alert_message(a)
    assert block_errors(blocks) == []
    untrusted = headline + line + evidence + source
    assert no_control_sequences_from(untrusted, text + texts(blocks))


@settings(max_examples=100, deadline=None)
@given(
    text=st.text(max_size=7000),
    quotes=st.lists(st.tuples(st.text(max_size=300), st.text(max_size=3000)), max_size=40),
    labels=st.lists(st.text(max_size=120), max_size=30),
)
def test_any_reply_is_valid_block_kit_and_leaks_no_control_sequence(
    text: str, quotes: list[tuple[str, str]], labels: list[str]
) -> None:
    reply = Reply(
        text,
        items=(alert(headline=text[:200]),),
        quotes=tuple(quotes),
        buttons=tuple(Button(label, f"quote {i}") for i, label in enumerate(labels)),
    )
    fallback, blocks = reply_message(reply)
    assert fallback and block_errors(blocks) == []
    assert no_control_sequences_from(text, fallback + texts(blocks))


def _urls(node: object) -> list[str]:
    """Every "url" value anywhere in a Block Kit structure."""
    if isinstance(node, dict):
        found = [str(v) for k, v in node.items() if k == "url"]
        return found + [u for v in node.values() for u in _urls(v)]
    if isinstance(node, list):
        return [u for v in node for u in _urls(v)]
    return []


@settings(max_examples=150, deadline=None)
@given(
    url=st.one_of(
        st.text(max_size=80),
        st.sampled_from(
            [
                "javascript:alert(1)",
                " javascript:alert(1)",
                "data:text/html,x",
                "ftp://x.example/a",
                "//evil.example/",
                "https://x.example/<!channel>",
                "https://x.example/a|click",
                "mailto:a@b.c",
            ]
        ),
    )
)
def test_only_http_links_are_ever_links(url: str) -> None:
    """Whatever a feed puts in a statement's link, Slack is only ever handed http(s) URLs, and
    no URL becomes mrkdwn link syntax."""
    text, blocks = alert_message(alert(url=url))
    for u in _urls(blocks):
        assert u.lower().startswith(("http://", "https://")), u
    assert "<javascript:" not in text + texts(blocks).lower()
    assert no_control_sequences_from(url, text + texts(blocks))

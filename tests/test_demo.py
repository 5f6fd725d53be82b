"""`readout demo` prints the India–Japan alert (status quo, Malabar) and the /latest answer."""

from __future__ import annotations

import io

from rich.console import Console

from bot.demo import run_demo


async def test_demo_shows_the_alert_and_latest() -> None:
    out = io.StringIO()
    code = await run_demo(Console(file=out, width=120, color_system=None))
    text = out.getvalue()
    assert code == 0, text
    alert_part, _, latest_part = text.partition("> /latest India Japan")
    assert "India, Japan Defence Ministers hold telephonic talks" in alert_part
    assert "Malabar" in alert_part and "status quo" in alert_part.lower()
    assert "Poll 3" in alert_part and "304" in alert_part
    assert "2020-12-22" in latest_part and "Malabar" in latest_part

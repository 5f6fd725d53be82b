"""Officials learned from the text, later references resolved, and the headline built from
them. Sentences are SYNTHETIC test inputs."""

from __future__ import annotations

from bot.analysis import analyse
from bot.analysis.doc import read
from bot.analysis.gazetteer import load_gazetteer
from bot.analysis.officials import find_officials

TEXT = (
    "SYNTHETIC: Secretary of Defense Lloyd J. Austin III spoke with Japan's Defence Minister, "
    "Mr Kishi Nobuo, and with Mr. MOTEGI Toshimitsu, Minister for Foreign Affairs of Japan. "
    "Indian Defence Minister Rajnath Singh joined later. Minister Kishi thanked the Secretary. "
    "Kishi said Singh and Motegi agreed."
)


def test_officials_learned_and_resolved() -> None:
    found = find_officials(read(TEXT, None, load_gazetteer()))
    got = {(p.name, p.role, p.country) for p in found.people}
    assert got == {
        ("Lloyd J. Austin III", "Secretary of Defense", "US"),
        ("Kishi Nobuo", "Defence Minister", "JP"),
        ("MOTEGI Toshimitsu", "Minister for Foreign Affairs", "JP"),
        ("Rajnath Singh", "Defence Minister", "IN"),
    }
    kishi = found.find("Kishi")
    assert kishi is not None and kishi.name == "Kishi Nobuo" and len(kishi.spans) == 2
    secretary = found.find("the Secretary")
    assert secretary is not None and secretary.name == "Lloyd J. Austin III"
    assert found.find("Singh") is not None and found.find("Nobody") is None


def test_summary_officials_and_headline() -> None:
    s = analyse(TEXT)
    assert ("Kishi Nobuo", "Defence Minister", "JP") in {
        (o.name, o.role, o.country) for o in s.officials
    }
    assert s.engagement == "call"
    assert s.headline.startswith("U.S.–Japan")

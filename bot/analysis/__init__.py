"""Analysis: statement text -> Summary. Pure: no IO, no store, no platform.

`analyse` is the entry point every other part of Readout calls. It reads a statement once
(`doc.read`: sentences, gazetteer names, cue phrases) and then, in order:

    officials    who is named, with role and country      (officials)
    engagement   call / meeting / joint statement / …     (engagement)
    countries    the principal actors                     (actors)
    key points   status quo, exercises and drills with     (statusquo, exercises,
                 their participants, agreements,           participants, agreements,
                 concerns, principles, cooperation,        stance, cooperation)
                 the engagement itself
    regions      named seas, straits, features            (regions)
    headline     what a person would write                (headline)

Every key point carries its verbatim evidence sentence and that sentence's offset in `text`.
"""

from __future__ import annotations

from datetime import datetime

from bot.analysis.actors import only_parties, principal_countries
from bot.analysis.agreements import find_agreements
from bot.analysis.cooperation import find_cooperation
from bot.analysis.doc import Doc, Sent, read
from bot.analysis.engagement import classify
from bot.analysis.exercises import bilateral_partners, exercise_topic_parties, find_exercises
from bot.analysis.gazetteer import Gazetteer, load_gazetteer
from bot.analysis.headline import make_headline
from bot.analysis.officials import Officials, find_officials
from bot.analysis.regions import find_regions
from bot.analysis.stance import find_concerns, find_principles
from bot.analysis.statusquo import find_status_quo
from bot.models import KeyPoint, Summary


def _engagement_point(
    doc: Doc, kind: str, sent: Sent | None, officials: Officials, countries: list[str]
) -> KeyPoint | None:
    if sent is None:
        return None
    people = [p for p in officials.people if any(sent.start <= a < sent.end for a, _ in p.spans)]
    names = ", ".join(f"{p.name} ({p.country})" if p.country else p.name for p in people)
    line = f"{kind.replace('_', ' ').capitalize()}" + (f": {names}" if names else "")
    return KeyPoint(
        type="engagement",
        line=line,
        evidence=sent.text,
        offset=sent.start,
        attributes={"kind": kind, "countries": countries, "officials": [p.name for p in people]},
    )


def analyse(
    text: str,
    title: str | None = None,
    published: datetime | None = None,
    source: str | None = None,
    gazetteer: Gazetteer | None = None,
) -> Summary:
    """Read a statement and return its Summary."""
    g = gazetteer or load_gazetteer()
    doc = read(text, title, g)
    officials = find_officials(doc, source)
    engagement, shown_in = classify(doc, source)
    exercises = find_exercises(doc, engagement)
    topic = exercise_topic_parties(doc, engagement, exercises)
    countries = principal_countries(doc, officials, engagement, source, topic)
    countries += bilateral_partners(exercises, countries, engagement)
    countries = only_parties(doc, officials, engagement, source, topic, exercises, countries)
    points: list[KeyPoint] = []
    first = _engagement_point(doc, engagement, shown_in, officials, countries)
    if first:
        points.append(first)
    status_quo = find_status_quo(doc, officials)
    points += status_quo
    points += exercises
    points += find_agreements(doc, engagement)
    said = {k.offset for k in status_quo}  # an opposition already stated is not a 2nd point
    points += [k for k in find_concerns(doc, officials) if k.offset not in said]
    points += find_principles(doc)
    tags, coop_points = find_cooperation(doc)
    points += coop_points
    headline = make_headline(countries, engagement, officials, points, g, title)
    return Summary(
        countries=tuple(countries),
        officials=officials.as_models(),
        engagement=engagement,
        key_points=tuple(points),
        regions=tuple(find_regions(doc)),
        cooperation=tuple(tags),
        headline=headline,
    )


__all__ = ["analyse"]

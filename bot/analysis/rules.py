"""Named rules that can be switched off, to measure what generalises.

Owns the registry of the rules that were written for one cause found in one labelled file, and
a switch per rule. The extractor asks `on(name)` where such a rule fires; every rule is on
unless a measurement (`bot.analysis.lofo`) switches it off inside `switched_off(...)`, which
is how "develop on three files, score the fourth" is measured: a rule stays in the model for a
held-out file only if it earns its keep on the other files. Pure; the switches are process
state used only by that measurement (the service never touches them).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

# name -> what the rule does (the cause it was written for is in docs/key-points.md).
RULES: dict[str, str] = {
    # countries
    "demand_addressee": "the addressee of a demand is a party ('urged Japan to')",
    "bilateral_partner": "the partner in a bilateral exercise of an actor is an actor",
    "topic_holders": "the holders by definition of the one catalogued exercise a release is about",
    "source_of": "'(U.S. Department of State)': the 'of' of a name is no 'report of'",
    "multilateral_participants": "countries that only take part in a multinational exercise",
    "counterpart_official": "'his Japanese counterpart Taro Kono' is an official of Japan",
    "name_shapes": "names with diacritics or a bare initial; 'Defence'/'Defense' in any title",
    "title_topic": "with both sides known from officials, a country the title names is a topic",
    "joint_parties": "a joint statement's parties are its officials' countries, as a readout's",
    "counterparts_from": "'her counterparts from A, B and C': each country listed is a party",
    "outlet_not_issuer": "'(Vietnam News Agency report)': an outlet's own name is no issuer",
    "home_official": "'Defence Minister X' unqualified in a report is of the issuer's or dateline's country",
    # engagement
    "joint_source": "an official source that says '(joint statement)'",
    "ministers_statement": "'Foreign Ministers' Statement': several ministers' statement = joint",
    "report_of_speech": "a report of one speech or of one spokesperson's statement",
    "signing_ceremony": "a signing ceremony is a meeting",
    "paper_heading": "a paper opening with 'Background'/'Overview' is other",
    "others_meeting": "an official release on two other countries' meeting is its own release",
    "joint_in_second": "a report quoting a joint statement in its second sentence",
    "three_turns": "a transcript needs three turns (one Q&A is a release)",
    "held_meeting_cue": "meeting words need a meeting (not 'hosted by', 'engage in dialogue')",
    "meeting_shapes": "'held the 7th policy consultation', 'welcomed X to the Pentagon'",
    "joint_conference": "a report of a joint (press) conference is a speech",
    "attributed_statement": "a report 'according to X, Spokesperson for Y' is a press release",
    "news_dash_dateline": "'BANGKOK –' dateline and '(X report)' source mark a news report",
    "dateline_speaker": "'NEW DELHI: Defence Minister ...': a capitals dateline is no speaker",
    "call_on": "'made a call on his Indonesian counterpart': a visit to a person is a meeting",
    "trip_visit": "'the first official trip to Seoul by ...' is a visit",
    "news_item_source": "'(news item based on ... release)' in the source marks a news report",
    "greeting_speech": "a text that opens with a greeting ('Good afternoon') is a speech",
    "background_visit": "'during X's visit to Manila last year', 'since the state visit': background",
    "co_hosted": "'co-hosted annually by A and B' names hosts, not a meeting",
    # exercises and participants
    "civil_names": "a drill named for a disaster, or run by civil defence, is civil",
    "observer_team": "'the Combined Observer Liaison team (COLT) – A, B' lists observers",
    "place_in_brackets": "'Niuatoputapu (Tonga)': a country in brackets after a place is a place",
    "edition_type": "'the Peace Garuda-2024 joint HADR exercise': a name joined to its edition",
    "apposition": "'Garuda Strike, a joint exercise between ...'",
    "editioned": "an unknown name with an edition after a word of holding",
    "catalogue_overlap": "a pattern name inside a catalogue name is the catalogue name",
    "explicit_names": "'Exercise Pacific Griffin': an explicit name may hold a place word",
    "civil_text": "an unknown exercise name needs a military word in the text",
    "verb_objects": "'Exercise Restraint' in a title is the verb 'exercise' and its object",
    "observer_list": "'Observer Program, including A and B' lists observers",
    "as_observers": "'with A and B attending as observers' / 'did not participate'",
    "ports_of_call": "'with stops scheduled for A, B' are places",
    "threat_after": "'neutralizing North Korean threats' is no participant",
    # agreements
    "bare_mou": "a memorandum of understanding signed or implemented, without a subject: 'MOU'",
    "short_in_brackets": "a formal title followed by its short name in brackets",
    "compound_signed": "'the signing of a cost-sharing arrangement'",
    "between_for": "'an agreement between A, B and C for X'",
    "quoted_title": "a document noun, then its title in quotes",
    "np_grammar": "agreement head nouns with lower-case complements after a signing verb",
    "cited_convention": "a convention counts unless cited as what law reflects",
    "charters": "a charter invoked as the basis ('based on the principles of the ASEAN Charter')",
    # catalogue
    "catalogue_r5": "catalogue entries and aliases added in round 5 (regions, exercises, agreements)",
    # regions
    "territories": "island territories with an ISO code (Guam) are places, not parties",
    "law_name": "a feature inside a law's name ('Archipelagic Sea Lanes Act') is no region",
    "possessor": "'Queensland's Shoalwater Bay' -> 'Shoalwater Bay'",
    "lowercase_island": "'Phu Lam island in Hoang Sa'",
    "office_after": "'the Hainan ... quarantine bureau' is no region",
    # cooperation
    "owned_programme": "a party's own weapons programme is no nonproliferation",
    "hedged_alliance": "'a quasi-alliance' is no deterrence",
    "reporters_question": "a reporter's question names no area",
    "answer_turn": "'Minister:' on a line of its own ends a reporter's question",
    "plurals": "a cue's plural names the same area ('defense procurements')",
    "lexicon_more": "phrases added from extra3's misses (THAAD, logistical support, ...)",
    "needs_military": "training / logistics only in a text about defence or security",
    "exercises_area": "exercises as an area of cooperation",
    "coop_shapes": "transfer of systems, domain lists, tackling terrorism, develop the capacity",
    "coast_guard_support": "support for a coast guard is maritime security",
    "capacity_verbs": "'improving capacity for', 'enhance the capacity of' are capacity building",
    "lexicon_r5": "names added in round 5: UN peacekeeping missions (UNIFIL ...), Defeat-ISIS",
    "supply_chain_industry": "supply chains beside defence industry are defence industry",
    # status quo
    "ruled_out_change": "'without ... any attempt to unilaterally change the status quo'",
}

_off: set[str] = set()


def on(name: str) -> bool:
    """Whether the rule `name` is in force (always, outside a measurement)."""
    if name not in RULES:
        raise KeyError(f"unknown rule {name!r}")
    return name not in _off


@contextmanager
def switched_off(names: Iterable[str]) -> Iterator[None]:
    """Switch the named rules off for the duration of a measurement."""
    names = set(names)
    unknown = names - RULES.keys()
    if unknown:
        raise KeyError(f"unknown rules: {sorted(unknown)}")
    before = set(_off)
    _off.update(names)
    try:
        yield
    finally:
        _off.clear()
        _off.update(before)

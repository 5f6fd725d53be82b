"""The general rules behind each field, one test per rule: how statements name agreements, list
exercise participants, report calls and briefings, name the principal actors, oppose a change
of the status quo, name areas of cooperation and places.

Every text here is a SYNTHETIC test input written for these tests (not a real statement); the
real ones are in the labelled sets."""

from __future__ import annotations

import pytest

from bot.analysis import analyse
from bot.analysis.baseline import analyse_baseline
from bot.analysis.gazetteer import load_gazetteer
from bot.analysis.scoring import norm_name


def labels(text: str, title: str | None = None, source: str | None = None) -> dict[str, object]:
    return analyse(text, title=title, source=source).labels()


def agreements(text: str) -> list[object]:
    return labels(text)["agreements"]  # type: ignore[return-value]


def participants(text: str) -> dict[str, list[str]]:
    return {
        str(e["name"]): list(e["participants"])  # type: ignore[index]
        for e in labels(text)["exercises"]
    }  # type: ignore[attr-defined]


# --- agreements ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "SYNTHETIC: The two ministers signed a memorandum of understanding on defence cooperation.",
            ["MOU on defence cooperation"],
        ),
        (
            "SYNTHETIC: The two sides exchanged two MoUs on maritime cooperation and on cyber security.",
            ["MOU on maritime cooperation", "MOU on cyber security"],
        ),
        (
            "SYNTHETIC: The two memoranda of understanding on incident prevention in the South China "
            "Sea were announced during the visit.",
            ["MOU on incident prevention in the South China Sea"],
        ),
        (
            "SYNTHETIC: The two sides inked a pact on defence logistics with Vietnam.",
            ["Pact on defence logistics"],
        ),
    ],
)
def test_lower_case_descriptions_with_a_subject_are_agreements(
    text: str, expected: list[str]
) -> None:
    assert agreements(text) == expected


def test_an_agreement_on_needs_a_verb_of_signing() -> None:
    assert agreements("SYNTHETIC: The agreement on rice exports helped farmers.") == []
    assert agreements("SYNTHETIC: The two sides reached agreement on the need for talks.") == []


def test_catalogue_names_in_lower_case_and_kinds() -> None:
    assert agreements(
        "SYNTHETIC: The Japan-Philippines reciprocal access agreement entered "
        "into force on Wednesday."
    ) == ["RAA"]
    assert agreements(
        "SYNTHETIC: Japan signed an acquisition and cross-servicing agreement with India."
    ) == ["ACSA"]
    # A kind of agreement, not one agreement.
    assert (
        agreements(
            "SYNTHETIC: It is Japan's first status of forces agreement with another country."
        )
        == []
    )


def test_formal_titles_longest_first_and_tidy() -> None:
    assert agreements(
        "SYNTHETIC: The leaders signed the Joint Declaration on Security Cooperation."
    ) == ["Joint Declaration on Security Cooperation"]
    assert agreements(
        "SYNTHETIC: The Treaty of Friendship and Cooperation between the two countries was renewed."
    ) == ["Treaty of Friendship and Cooperation"]
    assert agreements(
        "SYNTHETIC: Australia and Indonesia signed the Defence Cooperation Agreement in Canberra."
    ) == ["Defence Cooperation Agreement"]
    assert agreements(
        "SYNTHETIC: India and the US signed a Memorandum of Agreement regarding the "
        "Assignment of Liaison Officers."
    ) == ["Memorandum of Agreement regarding the Assignment of Liaison Officers"]


def test_statements_declarations_and_laws_are_not_agreements() -> None:
    # In a joint statement, a declaration without a subject is the statement itself; a third
    # text reporting or citing it names a document (as extra2.jsonl labels the "Vientiane
    # Declaration" an ASEAN meeting adopted).
    assert (
        labels(
            "SYNTHETIC: The leaders adopted the Tokyo Declaration on Monday.",
            title="Japan-Australia Joint Statement",
        )["agreements"]
        == []
    )
    assert agreements(
        "SYNTHETIC: The 18th meeting adopted the Tokyo Declaration of the Defense "
        "Ministers' Meeting on Peace."
    ) == ["Tokyo Declaration"]
    assert (
        agreements("SYNTHETIC: 'The Quad is a force for good,' the Wilmington Declaration stated.")
        == []
    )
    assert agreements("SYNTHETIC: The US follows the Taiwan Relations Act.") == []


def test_a_convention_counts_only_where_invoked() -> None:
    assert agreements(
        "SYNTHETIC: The Philippines is fighting for its rights under the United "
        "Nations Convention on the Law of the Sea."
    ) == ["UNCLOS"]
    assert agreements("SYNTHETIC: They upheld international law as reflected in UNCLOS.") == []


def test_scoring_folds_memorandum_of_understanding() -> None:
    assert norm_name(
        "agreements", "Memorandum of Understanding on Maritime Cooperation"
    ) == norm_name("agreements", "MOU on maritime cooperation")


# --- exercise participants ----------------------------------------------------------------------


def test_places_are_not_participants() -> None:
    got = participants(
        "SYNTHETIC: The Malabar exercise was held off the coast of Guam with the "
        "navies of India, Japan and the United States."
    )
    assert got == {"Malabar": ["IN", "JP", "US"]}
    got = participants(
        "SYNTHETIC: The Marines, forward-postured from Darwin, Australia, will "
        "join the Philippine Marine Corps for Exercise KAMANDAG 9."
    )
    assert got == {"Kamandag": ["PH"]}


def test_addressees_and_other_clauses_are_not_participants() -> None:
    got = participants(
        "SYNTHETIC: In a strong message to China, India invited Australia to take "
        "part in the Malabar exercise along with the US and Japan."
    )
    assert sorted(got["Malabar"]) == ["AU", "IN", "JP", "US"]
    got = participants(
        "SYNTHETIC: India's INS Delhi and Japan's JS Izumo held a PASSEX in the "
        "Indian Ocean while Chinese vessels watched."
    )
    assert got == {"PASSEX": ["IN", "JP"]}
    got = participants(
        "SYNTHETIC: The exercise Balikatan, held in Luzon, drew a protest from China."
    )
    assert got == {"Balikatan": []}


def test_observers_are_decided_inside_their_clause() -> None:
    got = participants(
        "SYNTHETIC: The U.S. and the Philippines held Balikatan 2024, which also "
        "included France's navy and Australian forces; Japan observed the "
        "exercise."
    )
    assert got == {"Balikatan": ["US", "PH", "FR", "AU"]}


def test_ships_and_navies_name_participants() -> None:
    got = participants(
        "SYNTHETIC: HMAS Anzac, USS Dewey and JS Takanami conducted a trilateral "
        'exercise named "Pacific Vanguard" in the Philippine Sea.'
    )
    assert got == {"Pacific Vanguard": ["AU", "US", "JP"]}


def test_the_three_nations_are_the_last_three_named() -> None:
    got = participants(
        "SYNTHETIC: They reaffirmed cooperation among Japan, Australia and the "
        "United States. They welcomed Exercise Southern Jackaroo, in which troops "
        "from the three nations are participating."
    )
    assert got == {"Southern Jackaroo": ["JP", "AU", "US"]}


# --- exercise names -----------------------------------------------------------------------------


def test_unknown_names_with_an_edition() -> None:
    assert participants(
        "SYNTHETIC: Indian and Uzbek troops began the 5th edition of Dustlik at Termez."
    ) == {"Dustlik": ["IN", "UZ"]}
    assert list(
        participants("SYNTHETIC: The Royal Thai Navy hosted Guardian Sea 2024 with the U.S. Navy.")
    ) == ["Guardian Sea"]
    # Not a military sentence, or not a name: no exercise.
    assert (
        participants(
            "SYNTHETIC: The United States participated in Aero India 2021, a defense exhibition."
        )
        == {}
    )
    assert participants("SYNTHETIC: The Army began the exercise Monday, August 22.") == {}


# --- engagement ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "text", "source", "expected"),
    [
        (
            None,
            "SYNTHETIC: BEIJING, June 4 (Xinhua) -- China opposes the arms sales, a spokesperson "
            "said. Wang made the remarks at a regular press briefing.",
            None,
            "speech",
        ),
        (
            "Foreign Ministry Spokesperson's Regular Press Conference on May 5",
            "SYNTHETIC: AFP: What is your comment?\n\nWang Wenbin: We oppose it.\n\nReuters: Any "
            "update?\n\nWang Wenbin: No.",
            None,
            "speech",
        ),
        (
            None,
            "SYNTHETIC: The Department of Foreign Affairs said in a statement today that it filed a "
            "diplomatic protest.",
            "Daily News (news report quoting DFA statement)",
            "press_release",
        ),
        (
            None,
            "SYNTHETIC: NEW DELHI, Oct 5 (PTI) - Indian and US troops began the Yudh Abhyas "
            "exercise on Monday, the Army said.",
            None,
            "news_report",
        ),
        (
            None,
            "SYNTHETIC: TOKYO, Sept. 10 (Jiji Press)--The Japanese government said it signed a "
            "logistics pact with India. Japanese Prime Minister Abe and his Indian counterpart "
            "welcomed the signing during their telephone conversation.",
            None,
            "call",
        ),
        (
            None,
            "SYNTHETIC: TAIPEI, Jan. 28 (CNA) - Taiwan's foreign ministry said Taiwan is committed "
            "to peace. It noted that when US adviser Jake Sullivan met with Wang Yi in Bangkok, he "
            "stressed peace.",
            None,
            "press_release",
        ),
        (
            None,
            "SYNTHETIC: Foreign ministers from the Quad countries, in a joint statement on Tuesday, "
            "opposed coercion.",
            "Daily (news report)",
            "joint_statement",
        ),
        (
            None,
            "SYNTHETIC: The Indian Navy's INS Kolkata arrived in Manila for a three-day port call.",
            None,
            "press_release",
        ),
    ],
)
def test_the_engagement_a_text_reports_decides(
    title: str | None, text: str, source: str | None, expected: str
) -> None:
    assert labels(text, title, source)["engagement"] == expected


# --- principal countries ------------------------------------------------------------------------


def test_subjects_of_actions_and_counterparts_are_actors() -> None:
    got = labels(
        "SYNTHETIC: MANILA (AP) — The Philippine coast guard said Sunday that Chinese "
        "vessels fired water cannon at a Philippine boat near Second Thomas Shoal."
    )
    assert got["countries"] == ["PH", "CN"]
    got = labels(
        "SYNTHETIC: Japan's defence minister and his Philippine counterpart agreed on "
        "Monday to deepen ties during talks in Tokyo."
    )
    assert got["countries"] == ["JP", "PH"]


def test_a_newspaper_name_is_not_the_issuer() -> None:
    text = "SYNTHETIC: Vietnam and the Philippines agreed to boost coast guard cooperation."
    assert "IN" not in labels(text, source="New Delhi Times (wire report)")["countries"]  # type: ignore[operator]
    assert "JP" in labels(text, source="Japan Ministry of Defense")["countries"]  # type: ignore[operator]


def test_the_addressee_of_a_message_is_not_a_party() -> None:
    got = labels(
        "SYNTHETIC: India invited Australia to join Malabar with the US and Japan. The "
        "navies of India, Australia, the US and Japan will take part.",
        title="In a snub to China, Australia to join India's naval exercise",
    )
    assert "CN" not in got["countries"]  # type: ignore[operator]


# --- status quo, cooperation, regions -----------------------------------------------------------


def test_opposition_must_reach_the_change_of_the_status_quo() -> None:
    assert (
        labels(
            "SYNTHETIC: Taiwan is committed to maintaining the status quo, but China "
            "undermines peace, and the world should share condemnation."
        )["status_quo_opposition"]
        is False
    )
    assert (
        labels("SYNTHETIC: Attempts to change the status quo by force are unacceptable.")[
            "status_quo_opposition"
        ]
        is True
    )


@pytest.mark.parametrize(
    ("text", "tags"),
    [
        (
            "SYNTHETIC: They will strengthen regional maritime, economic, and technology security.",
            {"maritime_security", "economic_security"},
        ),
        ("SYNTHETIC: Soldiers from the two countries trained together for a week.", {"training"}),
        ("SYNTHETIC: The pact is for exchanging sensitive military information.", {"intelligence"}),
        (
            "SYNTHETIC: The Prime Minister convened the Emergency Disaster Response Headquarters.",
            set(),
        ),
        ("SYNTHETIC: It frequently conducts the so-called joint patrols.", set()),
        ("SYNTHETIC: They reaffirmed the ironclad U.S.-Japan Alliance.", {"deterrence"}),
    ],
)
def test_cooperation_shapes(text: str, tags: set[str]) -> None:
    assert set(labels(text)["cooperation"]) == tags  # type: ignore[arg-type]


def test_directions_and_place_aliases() -> None:
    got = labels(
        "SYNTHETIC: The navies exercised in the north Arabian Sea and troops stood in "
        "eastern Ladakh, near the Philippines Sea."
    )
    assert got["regions"] == ["north Arabian Sea", "eastern Ladakh", "Philippine Sea"]


def test_norway_is_no_not_false() -> None:
    assert load_gazetteer().resolve("Norway") == ("NO",)


# --- the naive baseline -------------------------------------------------------------------------


def test_baseline_is_naive_on_every_field() -> None:
    text = (
        "SYNTHETIC: Japan and India held Exercise JIMEX with Australia near China. They "
        "signed the RAA and discussed the status quo and maritime security."
    )
    got = analyse_baseline(text, title="Japan-India call").labels()
    assert got["exercises"] == [{"name": "JIMEX", "participants": ["JP", "IN", "AU", "CN"]}]
    assert got["agreements"] == ["RAA"]
    assert got["status_quo_opposition"] is True
    assert got["cooperation"] == ["maritime_security"]
    assert got["engagement"] == "call"

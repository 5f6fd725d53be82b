"""Generalisation rules, second half: those written from the wire reports and PRC transcripts
(round 3, phase 2) and the shapes issue 3 names. Each on a SYNTHETIC sentence written for these
tests (not a real statement), with a counter-example the rule must leave alone."""

from __future__ import annotations

from tests.analysis.readers import agreements, cooperation, labels, participants, regions

# --- phase 2: rules from the wire reports and PRC transcripts -----------------------------------


def test_a_name_joined_to_its_edition_then_the_kind_of_exercise() -> None:
    assert participants(
        "SYNTHETIC: Troops of the PLA and the Thai army will take part in the "
        "Blue Strike-2025 joint HADR exercise in May."
    ) == {"Blue Strike": ["CN", "TH"]}
    assert list(
        participants(
            'SYNTHETIC: The army will hold a joint exercise codenamed"Falcon '
            'Strike-2025" with Thai troops.'
        )
    ) == ["Falcon Strike"]
    # Not a name: a type of exercise, or a "so-called" phrase.
    assert participants("SYNTHETIC: Chinese troops joined a joint HADR exercise.") == {}
    assert (
        participants('SYNTHETIC: They insinuate China with the so-called "rules-based order".')
        == {}
    )


def test_the_partner_in_a_bilateral_exercise_of_a_principal_actor_is_one() -> None:
    got = labels(
        "SYNTHETIC: Wu Qian: Troops from the PLA Southern Theater Command will join the "
        "Indonesian military in the Peace Garuda-2024 joint exercise.",
        title="Regular Press Conference of the Ministry of National Defense",
    )
    assert got["countries"] == ["CN", "ID"]


def test_the_threat_an_exercise_answers_is_no_participant() -> None:
    got = participants(
        "SYNTHETIC: South Korea and the United States will hold the Freedom "
        "Shield exercise, neutralizing North Korean threats."
    )
    assert got == {"Freedom Shield": ["KR", "US"]}


def test_engagement_of_reports_and_releases() -> None:
    # One question and its answer is a spokesperson's release.
    assert (
        labels(
            "SYNTHETIC: TASS: What is your comment on the new pact?\n\nHua Chunying: We oppose it."
        )["engagement"]
        == "press_release"
    )
    # ... also when the question names a summit the others held.
    assert (
        labels(
            "TASS: The Quad summit among the US, Japan, Australia and India ended. Any "
            "comment?\n\nHua Chunying: SYNTHETIC: We oppose it.",
            source="Embassy of the PRC (repost of PRC MFA spokesperson's answer)",
        )["engagement"]
        == "press_release"
    )
    # A report of one speech.
    assert (
        labels(
            "SYNTHETIC: War would be catastrophic, Foreign Minister Penny Wong said. The "
            "minister made the remarks during an address at the National Press Club.",
            source="The Canberra Times (news report)",
        )["engagement"]
        == "speech"
    )
    # A spokesperson's statement reported by a wire.
    assert (
        labels(
            "SYNTHETIC: Foreign Ministry spokesperson Le Thi Thu Hang made the statement "
            "on April 29 in response to questions.",
            source="VNA (news report)",
        )["engagement"]
        == "press_release"
    )
    # A signing ceremony is a meeting.
    assert (
        labels(
            "SYNTHETIC: THE Philippines and the US signed a pact on Monday. In a ceremony "
            "held at Camp Aguinaldo, Philippine Secretary Teodoro and US Secretary Austin "
            "signed the agreement.",
            source="SunStar (news report)",
        )["engagement"]
        == "meeting"
    )
    # A report that opens with the meeting, then quotes the joint statement, is the meeting.
    assert (
        labels(
            "SYNTHETIC: India's Defence Minister held the 2 plus 2 meeting in Tokyo with "
            "Japan's Foreign Minister on Thursday. A Joint Statement issued after the "
            "meeting said they would cooperate.",
            source="Daily (news report)",
        )["engagement"]
        == "meeting"
    )
    # "Visiting Forces" is an agreement's name, not a visit.
    assert (
        labels(
            "SYNTHETIC: New Zealand will sign a new agreement, the minister announced. "
            "Collins will sign the Status of Visiting Forces Agreement.",
            source="Ministry of Defence of New Zealand",
        )["engagement"]
        == "press_release"
    )


def test_the_addressee_of_a_demand_is_a_party() -> None:
    got = labels(
        "SYNTHETIC: Vietnam demands that China not make similar moves, the spokesperson said.",
        source="VNA (news report)",
    )
    assert got["countries"] == ["VN", "CN"]


def test_ruling_out_a_unilateral_change_is_opposing_it() -> None:
    text = (
        "SYNTHETIC: They stressed the need to resolve disputes without resorting to the use "
        "of force or any attempt to unilaterally change the status quo."
    )
    assert labels(text)["status_quo_opposition"] is True
    assert (
        labels("SYNTHETIC: The status quo held without change.")["status_quo_opposition"] is False
    )


def test_more_cooperation_shapes() -> None:
    assert cooperation(
        "SYNTHETIC: The troops build proficiency in tackling transnational terrorism."
    ) == ["counter_terrorism"]
    assert cooperation("SYNTHETIC: The pact lets the militaries share geospatial information.") == [
        "intelligence"
    ]
    assert cooperation("SYNTHETIC: The drills use land, sea, air, cyber and space assets.") == [
        "cyber",
        "space",
    ]
    assert cooperation("SYNTHETIC: It commits both to mutual capability development.") == [
        "capacity_building"
    ]
    assert cooperation("SYNTHETIC: Japan sees the Philippines as a quasi-alliance partner.") == []
    assert (
        cooperation(
            "SYNTHETIC: North Korea keeps advancing its ballistic missile and nuclear "
            "weapons programs."
        )
        == []
    )
    assert cooperation("SYNTHETIC: They reaffirmed the elimination of nuclear weapons.") == [
        "nonproliferation"
    ]


def test_a_reporters_question_names_no_area() -> None:
    text = (
        "Question: The US reiterated its defense commitment to the Philippines. Any "
        "comment?\n\nWu Qian: SYNTHETIC: We oppose foreign interference."
    )
    assert cooperation(text) == []
    assert cooperation("Wu Qian: SYNTHETIC: Our defense commitment is firm.") == ["deterrence"]


def test_sentences_glued_by_a_full_stop_are_read_apart() -> None:
    got = cooperation(
        "SYNTHETIC: The allies will train next week.The JCS said it will "
        "strengthen the combined defense posture."
    )
    assert "deterrence" in got


def test_lower_case_islands_and_offices() -> None:
    assert sorted(
        regions(
            "SYNTHETIC: China set up an office on Phu Lam island in Hoang "  # type: ignore[type-var]
            "Sa."
        )
    ) == ["Paracel Islands", "Phu Lam island"]
    assert regions("SYNTHETIC: The navy visited a Philippine island.") == []
    assert (
        regions("SYNTHETIC: The Hainan entry-exit inspection and quarantine bureau opened.") == []
    )
    assert regions("SYNTHETIC: He warned about flashpoints such as the Himalayas.") == ["Himalayas"]


def test_agreements_between_parties_and_titles_in_a_field() -> None:
    assert agreements(
        "SYNTHETIC: He commented on an agreement between the U.S. government, the "
        "Australian government, and the UK government for the exchange of naval "
        "nuclear propulsion information."
    ) == ["Agreement for the exchange of naval nuclear propulsion information"]
    assert agreements(
        "SYNTHETIC: NOAA signed a Memorandum of Understanding for Technical "
        "Cooperation in Earth Observations."
    ) == ["Memorandum of Understanding for Technical Cooperation in Earth Observations"]
    assert agreements(
        "SYNTHETIC: They signed the Agreement on Defence Cooperation in Canberra."
    ) == ["Agreement on Defence Cooperation"]
    assert agreements(
        'SYNTHETIC: Youth exchanges grew. The joint declaration "ASEAN 2040: '
        'Moving On" was adopted in 2030.'
    ) == ["ASEAN 2040: Moving On"]


# --- shapes from the brief, checked on SYNTHETIC sentences only --------------------------------


def test_an_exercise_named_in_apposition() -> None:
    assert participants(
        "SYNTHETIC: Garuda Strike, a joint exercise between the Indonesian and "
        "Indian navies, began on Monday."
    ) == {"Garuda Strike": ["ID", "IN"]}
    # Not a name: a sentence adverb, or a person with the exercise's title.
    assert participants("SYNTHETIC: Overall, the exercise will help both armies.") == {}
    assert (
        participants("SYNTHETIC: Lt. Cmdr. Timothy Gill, the exercise spokesperson, said so.") == {}
    )


def test_an_exchange_of_notes_with_a_subject_is_an_agreement() -> None:
    assert agreements(
        "SYNTHETIC: The two governments concluded an exchange of notes on the "
        "provision of coastal radar."
    ) == ["Exchange of notes on the provision of coastal radar"]

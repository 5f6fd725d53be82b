"""The rules added so the extractor generalises beyond the texts it was developed on (see
docs/key-points.md, "What generalises"): one test per rule, each on a SYNTHETIC sentence written
for these tests (not a real statement), and a counter-example that the rule must leave alone.

The real statements are in tests/fixtures/eval; these tests never read them."""

from __future__ import annotations

from bot.analysis import analyse
from tests.analysis.readers import agreements, cooperation, labels, participants, regions


def test_a_list_after_an_observer_noun_lists_observers() -> None:
    got = participants(
        "SYNTHETIC: The Royal Thai Air Force and the U.S. Air Force held Exercise Cope Tiger. "
        "Alongside the exercise, Thailand hosted an Observer Program, including representatives "
        "from the Royal Malaysian Air Force, the Indonesian Air Force and the Japan Air "
        "Self-Defense Force."
    )
    assert got == {"Cope Tiger": ["TH", "US"]}
    # A list of those taking part is still a list of participants.
    got = participants(
        "SYNTHETIC: Japan sent observers. Exercise Cope Tiger drew forces "
        "including those of Singapore and Malaysia."
    )
    assert sorted(got["Cope Tiger"]) == ["MY", "SG"]


def test_ports_of_call_are_places_not_participants() -> None:
    got = participants(
        "SYNTHETIC: Exercise Pacific Reach 2025 set sail aboard USNS Mercy, with stops scheduled "
        "for Vietnam, Palau and Fiji. The team includes medics from Japan, Canada and Chile."
    )
    assert sorted(got["Pacific Reach"]) == ["CA", "CL", "JP", "US"]


def test_a_name_shown_once_to_be_an_exercise_counts_everywhere() -> None:
    # "Sea Dragon" needs a military word beside it; once one sentence shows it is the exercise,
    # the opening sentence that names it without one counts too (and takes the whole release).
    got = participants(
        "SYNTHETIC: Sea Dragon brings nations together every year. "
        "Sea Dragon 2025 began on Monday with the U.S. Navy. "
        "This year's team includes crews from Japan, India and Korea."
    )
    assert got == {"Sea Dragon": ["US", "JP", "IN", "KR"]}
    assert participants("SYNTHETIC: The sea dragon brings luck every year.") == {}


# --- regions ------------------------------------------------------------------------------------


def test_the_pacific_inside_a_longer_name_is_no_region() -> None:
    assert (
        "Pacific"
        not in regions(
            "SYNTHETIC: The Pacific Partnership mission left Guam. It sailed across the Pacific."
        )[:1]
    )
    assert regions("SYNTHETIC: The ships sailed across the Pacific.") == ["Pacific"]


def test_a_place_in_an_event_name_is_no_region() -> None:
    assert (
        regions("SYNTHETIC: After the 2004 Indian Ocean earthquake and tsunami, the navy helped.")
        == []
    )
    assert regions("SYNTHETIC: The navy patrols the Indian Ocean.") == ["Indian Ocean"]


def test_a_possessor_is_not_part_of_the_feature() -> None:
    assert regions("SYNTHETIC: Troops trained at Queensland's Shoalwater Bay training area.") == [
        "Shoalwater Bay"
    ]


def test_philippine_islands_and_sub_continental_regions() -> None:
    assert regions("SYNTHETIC: The navies will train in the vicinity of Cebu.") == ["Cebu"]
    assert regions("SYNTHETIC: The aid goes to three countries in West Africa.") == ["West Africa"]
    # Inside the name of a summit or a programme, a region is not meant.
    assert regions("SYNTHETIC: He announced it at the East Asia Summit.") == []


# --- countries ----------------------------------------------------------------------------------


def test_a_currency_is_not_a_country() -> None:
    got = labels(
        "SYNTHETIC: Japan will extend 18 million US dollars in aid to Liberia.",
        source="Ministry of Foreign Affairs of Japan",
    )
    assert "US" not in got["countries"]  # type: ignore[operator]


def test_titles_joined_by_and_share_their_country() -> None:
    got = analyse(
        "SYNTHETIC: Secretary Teodoro met with Lao Deputy Prime Minister and Minister "
        "of National Defense General Chansamone Chanyalath in Vientiane.",
        source="Department of National Defense of the Philippines",
    )
    assert any(o.country == "LA" and "Chansamone" in o.name for o in got.officials)
    assert "LA" in got.countries


# --- agreements ---------------------------------------------------------------------------------


def test_a_formal_title_with_its_short_name_in_brackets_is_the_short_name() -> None:
    assert agreements(
        'SYNTHETIC: Notes for the entry into force of the "Agreement between Japan and the '
        'United Kingdom concerning Mutual Access of their Forces ("Japan-UK Reciprocal Access '
        'Agreement")" were exchanged.'
    ) == ["RAA"]


def test_with_a_subject_the_parties_are_left_out_of_a_title() -> None:
    assert agreements(
        "SYNTHETIC: They signed the Memorandum of Understanding on Defense "
        "Cooperation Between Thailand and the Lao PDR."
    ) == ["Memorandum of Understanding on Defense Cooperation"]
    # Without a subject the parties are the name.
    assert agreements("SYNTHETIC: They welcomed the Agreement between Japan and the U.S.") == [
        "Agreement between Japan and the U.S."
    ]


def test_accords_are_agreements() -> None:
    assert agreements(
        "SYNTHETIC: The exercise was conceived during the Camp David Accords of 1978."
    ) == ["Camp David Accords"]


def test_an_unnamed_agreement_known_by_what_it_does() -> None:
    assert agreements(
        "SYNTHETIC: He welcomed the recent signing of a cost-sharing arrangement."
    ) == ["cost-sharing arrangement"]
    assert agreements("SYNTHETIC: The two sides signed a long-term agreement.") == []
    assert agreements("SYNTHETIC: New Zealand signed a similar agreement with Fiji.") == []


def test_a_lower_case_joint_declaration_with_a_subject_is_a_document() -> None:
    assert agreements(
        "SYNTHETIC: These principles are enshrined in our joint declaration on the "
        "comprehensive partnership of 2015."
    ) == ["Joint declaration on the comprehensive partnership of 2015"]
    # The declaration a meeting issues is the statement itself.
    assert agreements("SYNTHETIC: The leaders issued a joint declaration on the partnership.") == []


# --- engagement ---------------------------------------------------------------------------------


def test_an_official_joint_statement_says_so_in_its_source() -> None:
    got = labels(
        "SYNTHETIC: 1. The ministers of Australia and Fiji held the third ministerial "
        "meeting in Suva.",
        title="Third Australia-Fiji Ministerial Meeting",
        source="Australian Minister for Foreign Affairs (joint statement)",
    )
    assert got["engagement"] == "joint_statement"


def test_an_official_release_about_others_meeting_is_a_press_release() -> None:
    text = (
        "SYNTHETIC: Australian Foreign Minister Penny Wong and Chinese Foreign Minister Wang "
        "Yi held talks in Canberra on March 20. At the press conference that followed, "
        "Minister Wong stated that Australia had raised concern. The Ministry of Foreign "
        "Affairs welcomes this statement."
    )
    got = labels(text, source="Ministry of Foreign Affairs, Republic of China (Taiwan)")
    assert got["engagement"] == "press_release"
    assert "TW" in got["countries"]  # type: ignore[operator]
    # The issuer's own meeting is still a meeting.
    text = (
        "SYNTHETIC: Japanese Foreign Minister Kamikawa and Chinese Foreign Minister Wang Yi "
        "held talks in Tokyo on March 20."
    )
    assert labels(text, source="Ministry of Foreign Affairs of Japan")["engagement"] == "meeting"


def test_a_background_paper_is_other() -> None:
    got = labels(
        "1. Background\n\nSYNTHETIC: Youth exchanges between Japan and ASEAN began in 2007.",
        source="Mission of Japan to ASEAN",
    )
    assert got["engagement"] == "other"


# --- cooperation --------------------------------------------------------------------------------


def test_new_cooperation_shapes() -> None:
    assert cooperation(
        "SYNTHETIC: The minister welcomed the transfer of air surveillance radar systems."
    ) == ["defence_industry"]
    assert cooperation("SYNTHETIC: The transfer of weapons-grade material worries us.") == []
    assert cooperation(
        "SYNTHETIC: They confirmed cooperation such as exercises between the two militaries."
    ) == ["training"]
    assert sorted(
        cooperation(
            "SYNTHETIC: Japan will support equipment and capacity building "
            "of the Vietnam Coast Guard."
        )
    ) == [  # type: ignore[type-var]
        "capacity_building",
        "maritime_security",
    ]
    assert cooperation("SYNTHETIC: Chinese Coast Guard vessels blocked the boats.") == []
    assert cooperation(
        "SYNTHETIC: Experts help countries develop the capacity to withstand storms."
    ) == ["capacity_building"]
    assert cooperation(
        "SYNTHETIC: They thanked Australia for its support to counter-ISIL operations."
    ) == ["counter_terrorism"]
    assert cooperation("SYNTHETIC: They discussed COVID-19 vaccination efforts.") == ["health"]
    assert cooperation("SYNTHETIC: The SDF explained its infection-preventative measures.") == [
        "health"
    ]


def test_economic_coercion_is_an_area_only_when_countered() -> None:
    assert cooperation("SYNTHETIC: They agreed on countering economic coercion.") == [
        "economic_security"
    ]
    assert cooperation("SYNTHETIC: I stated strong opposition to economic coercion.") == []


def test_everyday_words_need_a_text_about_defence() -> None:
    assert (
        cooperation(
            "SYNTHETIC: The white paper covers infrastructure, training and human "
            "resources development."
        )
        == []
    )
    assert cooperation(
        "SYNTHETIC: The navies expanded training and human resources development."
    ) == ["training"]


def test_a_phrase_inside_a_name_or_a_vague_capability_is_no_area() -> None:
    assert (
        cooperation(
            "SYNTHETIC: The ministry raised its Warning on Infectious Disease Levels "
            "for ten countries."
        )
        == []
    )
    assert (
        cooperation(
            "SYNTHETIC: The grant will improve the Ebola response capabilities of these countries."
        )
        == []
    )

"""Alias forms of countries, regions, exercises and agreements, and the chat look-ups that
share the gazetteer. Sentences are SYNTHETIC test inputs."""

from __future__ import annotations

import pytest

from bot.analysis import analyse
from bot.analysis.gazetteer import fold, load_gazetteer
from bot.analysis.scoring import norm_name


@pytest.mark.parametrize(
    ("written", "codes"),
    [
        ("India", ("IN",)),
        ("U.S.", ("US",)),
        ("Japan-India", ("JP", "IN")),
        ("Indo-Japanese", ("IN", "JP")),
        ("U.S.-Japan", ("US", "JP")),
        ("Quad", ("AU", "IN", "JP", "US")),
        ("Phillipines", ("PH",)),
        ("the Pentagon", ("US",)),
        ("New Delhi", ("IN",)),
        ("Filipino", ("PH",)),
        ("ROK", ("KR",)),
        ("Viet Nam", ("VN",)),
    ],
)
def test_resolve(written: str, codes: tuple[str, ...]) -> None:
    assert load_gazetteer().resolve(written) == codes


def test_short_display_names_for_ugly_iso_names() -> None:
    g = load_gazetteer()
    assert g.country_name("IR") == "Iran"
    assert g.country_name("KR") == "South Korea"
    assert g.country_name("JP") == "Japan"
    assert all("," not in name for name in g.display.values())


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("Ayungin Shoal", "Second Thomas Shoal"),
        ("Second Thomas Shoal", "Second Thomas Shoal"),
        ("Ren'ai Jiao", "Second Thomas Shoal"),
        ("Ren’ai Jiao", "Second Thomas Shoal"),
        ("Diaoyu Dao", "Senkaku Islands"),
        ("Senkaku Islands", "Senkaku Islands"),
        ("Nansha Qundao", "Spratly Islands"),
        ("Huangyan Dao", "Scarborough Shoal"),
        ("Indo Pacific", "Indo-Pacific"),
        ("Taiwan Straits", "Taiwan Strait"),
    ],
)
def test_region_aliases(written: str, canonical: str) -> None:
    s = analyse(f"SYNTHETIC: Vessels were seen near {written} on Monday.")
    assert canonical in s.regions
    assert norm_name("regions", written) == norm_name("regions", canonical)


def test_east_and_south_china_seas_are_two_regions() -> None:
    s = analyse("SYNTHETIC: They discussed the situation in the East and South China Seas.")
    assert {"East China Sea", "South China Sea"} <= set(s.regions)


def test_unknown_regions_from_their_shape() -> None:
    s = analyse(
        "SYNTHETIC: Ships gathered off Pag-asa Island and in the Tokyo Bay, and troops "
        "trained in northern Australia. The Northern Luzon Command said so."
    )
    assert {"Thitu Island", "Tokyo Bay", "Northern Australia"} <= set(s.regions)
    assert "Luzon" not in s.regions


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("Japan and India held the Japan-India Maritime Exercise in October.", "JIMEX"),
        ("Australia and the U.S. conducted Exercise Talisman Saber in July.", "Talisman Sabre"),
        ("The navies joined Malabar-20 in the Bay of Bengal.", "Malabar"),
        ("The U.S. hosted the Rim of the Pacific exercise in Hawaii.", "RIMPAC"),
        ("Japan, the ROK and the U.S. completed Exercise FREEDOM EDGE.", "Freedom Edge"),
        ("The PLA launched Joint Sword-2024B drills near Taiwan.", "Joint Sword"),
        # names not in the catalogue, found from the words around them
        ("India and Vietnam held the naval exercise 'Sea Lotus' in June.", "Sea Lotus"),
        ("Vietnam and India held the Blue Lotus exercise in June.", "Blue Lotus"),
        ("The PLA staged Iron Wall-2025 drills off Taiwan.", "Iron Wall"),
        ("Troops began Exercise Southern Cross on Monday with Fiji.", "Southern Cross"),
    ],
)
def test_exercise_names_and_aliases(sentence: str, name: str) -> None:
    s = analyse("SYNTHETIC: " + sentence)
    assert [e["name"] for e in s.labels()["exercises"]] == [name]


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("They signed the Agreement on the Reciprocal Provision of Supplies and Services.", "ACSA"),
        ("They signed an acquisition and cross-servicing agreement.", "ACSA"),
        ("The Reciprocal Access Agreement entered into force.", "RAA"),
        ("Seoul suspended the termination of GSOMIA.", "GSOMIA"),
        ("Both sides reviewed the Visiting Forces Agreement.", "VFA"),
        ("Washington expanded sites under the Enhanced Defense Cooperation Agreement.", "EDCA"),
        ("The 1951 U.S.-Philippines Mutual Defense Treaty applies.", "Mutual Defense Treaty"),
        ("Article V of the Treaty of Mutual Cooperation and Security applies.", "Security Treaty"),
        ("India and the U.S. signed LEMOA in 2016.", "LEMOA"),
        ("They signed the Communications Compatibility and Security Agreement.", "COMCASA"),
        ("They signed the Basic Exchange and Cooperation Agreement.", "BECA"),
        (
            "ASEAN and China continued talks on the Code of Conduct in the South China Sea.",
            "Code of Conduct",
        ),
    ],
)
def test_agreement_aliases(sentence: str, name: str) -> None:
    s = analyse("SYNTHETIC: " + sentence)
    assert s.labels()["agreements"] == [name]


def test_fold() -> None:
    assert fold("Viet Nam") == "viet nam"
    assert fold("Ren’ai  Jiao") == "ren'ai jiao"

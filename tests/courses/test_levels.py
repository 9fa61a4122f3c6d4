import pytest

from courses.levels import link_levels, resource_level


@pytest.mark.parametrize(
    ("difficulty", "expected"),
    [
        ("Beginner", (0, 2)),  # Coursera
        ("Introductory", (0, 2)),  # edX
        ("Beginner Level", (0, 2)),  # Udemy
        ("All Levels", (0, 2)),
        ("Intermediate", (2, 3)),
        ("Intermediate Level", (2, 3)),
        ("Advanced", (3, 4)),
        ("Expert Level", (3, 4)),
        ("", (0, 2)),
    ],
)
def test_course_difficulty_gives_level_expected_then_reached(difficulty, expected):
    assert link_levels(difficulty) == expected


def test_beginner_courses_chain_into_intermediate_then_advanced():
    # What a beginner course reaches is what an intermediate one expects, and so on up.
    assert link_levels("beginner")[1] == link_levels("intermediate")[0]
    assert link_levels("intermediate")[1] == link_levels("advanced")[0]


def test_practice_reaches_at_least_level_3_and_kaggle_segments_are_levels():
    assert link_levels("Getting Started", practice=True) == (1, 3)
    assert link_levels("Playground", practice=True) == (2, 3)
    assert link_levels("Featured", practice=True) == (3, 4)
    assert resource_level("Research") == "advanced"


def test_every_pair_teaches_above_what_it_expects():
    for practice in (False, True):
        for word in ("beginner", "mixed", "intermediate", "advanced", "unknown"):
            required, reached = link_levels(word, practice=practice)
            assert 0 <= required < reached <= 5

import pytest

from advisor.engine.catalogue import COURSE_MAX_LEVEL
from courses.levels import link_levels, resource_level


@pytest.mark.parametrize(
    ("difficulty", "expected"),
    [
        ("Beginner", (0, 2)),  # Coursera
        ("Introductory", (0, 2)),  # edX
        ("Beginner Level", (0, 2)),  # Udemy
        ("All Levels", (0, 2)),
        ("Intermediate", (1, 3)),
        ("Intermediate Level", (1, 3)),
        ("Advanced", (2, 4)),
        ("Expert Level", (2, 4)),
        ("", (0, 2)),
    ],
)
def test_course_difficulty_gives_level_expected_then_reached(difficulty, expected):
    assert link_levels(difficulty) == expected


def test_beginner_courses_chain_into_intermediate_then_advanced():
    # A course never expects more than the level below reaches, so a beginner can climb.
    assert link_levels("beginner")[1] >= link_levels("intermediate")[0]
    assert link_levels("advanced")[0] <= link_levels("intermediate")[1]


def test_beginner_and_intermediate_courses_raise_a_level_under_the_planners_course_cap():
    for word in ("beginner", "mixed", "intermediate"):
        required, reached = link_levels(word)
        assert required < min(reached, COURSE_MAX_LEVEL), word


def test_practice_picks_up_where_courses_stop():
    # Courses give at most the foundations; practice of every level builds on no more than that
    # or on the level practice of the level below reaches.
    assert link_levels("intermediate", practice=True)[0] <= COURSE_MAX_LEVEL
    assert (
        link_levels("advanced", practice=True)[0] <= link_levels("intermediate", practice=True)[1]
    )


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

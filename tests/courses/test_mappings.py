from courses.importing.mappings import (
    certificate_price,
    coursera,
    duration_hours,
    effort_hours,
    skill_list,
)


def test_coursera_duration_buckets_become_hours():
    assert duration_hours("Less Than 2 Hours", 5) == 2
    assert duration_hours("1 - 4 Weeks", 5) == 12.5
    assert duration_hours("1 - 3 Months", 5) == round(2 * 52 / 12 * 5, 1)
    assert duration_hours("soon", 5) is None


def test_edx_effort_times_length():
    assert effort_hours("2–3 hours per week", "7 Weeks") == 17.5
    assert effort_hours("", "7 Weeks") is None


def test_edx_certificate_price():
    assert certificate_price("FREE-Add a Verified Certificate for $49 USD") == "49"
    assert certificate_price("FREE-Add a Verified Certificate for $49.99 USD") == "49.99"


def test_coursera_skill_list_is_deduplicated_and_tolerates_junk():
    assert skill_list("['Risk Management', 'SQL', 'risk management']") == [
        "Risk Management",
        "SQL",
    ]
    assert skill_list("[]") == [] and skill_list("not a list") == []


def test_coursera_row_with_thousands_of_reviews():
    values = coursera(
        {
            "course_title": "T",
            "course_url": "https://www.coursera.org/learn/t",
            "course_reviews_num": "39.2k",
            "course_difficulty": "Advanced",
            "course_certificate_type": "Guided Project",
            "course_time": "Less Than 2 Hours",
            "course_skills": "['SQL']",
        }
    )
    assert values["rating_count"] == "39200"
    assert values["kind"] == "project"
    # The provider's skill strings are kept raw for the linker, not matched here.
    assert values["topics"] == ["SQL"]
    assert values["skills"] == []

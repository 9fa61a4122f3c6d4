import csv
import re

from courses.importing.mappings import (
    COURSERA_SUBSCRIPTION_USD_PER_MONTH,
    certificate_price,
    coursera,
    duration_hours,
    edx,
    effort_hours,
    skill_list,
    udemy,
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


# Prices per mapping, checked against every row of the real scrapes (docs/prices.md).


def _rows(shared_data, name):
    with (shared_data / "courses" / f"{name}_courses.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_edx_every_row_is_free_to_follow_and_its_certificate_costs_the_listed_dollars(
    shared_data,
):
    rows = _rows(shared_data, "edx")
    assert len(rows) == 975
    for row in rows:
        mapped = edx(row)
        dollars = re.fullmatch(
            r"FREE-Add a Verified Certificate for \$(\d+(?:\.\d+)?) USD", row["price"]
        )
        assert dollars, row["price"]
        assert (mapped["price"], mapped["certificate_price"]) == ("0", dollars[1])
        assert mapped["currency"] == "USD" and mapped["certificate"] == "true"


def test_coursera_certificate_is_the_subscription_for_the_months_the_course_lasts(shared_data):
    months_by_bucket = {
        "Less Than 2 Hours": 1,
        "1 - 4 Weeks": 1,  # 2.5 weeks at 5 h a week
        "1 - 3 Months": 2,
        "3 - 6 Months": 5,  # 4.5 months, rounded up: the person pays the fifth month
    }
    rows = _rows(shared_data, "coursera")
    assert {row["course_time"] for row in rows} == set(months_by_bucket)
    for row in rows:
        mapped = coursera(row)
        assert mapped["price"] == "0"
        expected = COURSERA_SUBSCRIPTION_USD_PER_MONTH * months_by_bucket[row["course_time"]]
        assert mapped["certificate_price"] == str(expected), row["course_time"]


def test_udemy_price_is_the_listed_price_and_paid_courses_include_their_certificate(
    shared_data,
):
    rows = _rows(shared_data, "udemy")
    paid = 0
    for row in rows:
        mapped = udemy(row)
        if row["is_paid"] == "True":
            paid += 1
            assert mapped["price"] == row["price"] and mapped["certificate"] == "true"
        else:
            assert mapped["price"] == "0" and mapped["certificate"] == "false"
        assert mapped["certificate_price"] == "0"
    assert 3000 < paid < len(rows)  # most Udemy courses are paid; some are free


def test_scrape_levels_use_the_one_difficulty_rule(shared_data):
    seen = {(row["Level"], edx(row)["level"]) for row in _rows(shared_data, "edx")}
    assert seen == {
        ("Introductory", "beginner"),
        ("Intermediate", "intermediate"),
        ("Advanced", "advanced"),
    }
    seen = {(row["level"], udemy(row)["level"]) for row in _rows(shared_data, "udemy")}
    assert ("All Levels", "mixed") in seen and ("Expert Level", "advanced") in seen


def test_udemy_and_edx_keep_their_subject_as_a_topic_and_no_lecture_count():
    from courses.importing.mappings import edx, udemy

    row = udemy(
        {
            "course_id": "1",
            "course_title": "Piano for beginners",
            "url": "https://www.udemy.com/piano/",
            "is_paid": "True",
            "price": "20",
            "num_lectures": "24",
            "level": "Beginner Level",
            "content_duration": "1.5",
            "subject": "Musical Instruments",
        }
    )
    assert row["topics"] == ["Musical Instruments"]
    assert "lectures" not in row["description"]
    assert edx({"title": "T", "subject": "Computer Science"})["topics"] == ["Computer Science"]

"""On the real data: after importing the three scrapes and linking, most courses are published."""

import pytest
from django.core.management import call_command

from courses.linking import catalogue_link
from courses.models import Resource, ResourceSkill
from skills.services import skill_twins_link

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def test_most_real_courses_are_published_with_a_skill_and_the_rest_say_why(shared_data):
    call_command("import_esco", str(shared_data / "esco"), verbosity=0)
    call_command("import_esco", str(shared_data / "esco-fr"), "--language", "fr", verbosity=0)
    call_command("import_onet", str(shared_data / "onet"), verbosity=0)
    skill_twins_link()
    for mapping in ("coursera", "edx", "udemy"):
        path = shared_data / "courses" / f"{mapping}_courses.csv"
        call_command("import_resources", str(path), "--mapping", mapping, verbosity=0)

    report = catalogue_link()

    rows = Resource.objects.count()
    linked = Resource.objects.published().filter(skill_links__level_taught__gt=0).distinct().count()
    print(f"{linked} of {rows} course rows published with a skill ({linked / rows:.1%})")
    assert rows == 5646  # 1000 Coursera, 974 edX, 3672 Udemy (duplicates skipped)
    assert linked / rows >= 0.85
    assert report.published == linked
    left = Resource.objects.exclude(status=Resource.Status.PUBLISHED)
    assert {item["resource"] for item in report.unpublished} == set(
        left.values_list("id", flat=True)
    )
    assert all(item["reason"] for item in report.unpublished)
    # Every kind of match plays its part, and the courses our users most need are in.
    assert {"provider", "alias", "fuzzy", "tagger"} <= set(report.matches)
    for title in ("AI For Everyone", "Generative AI with Large Language Models"):
        course = Resource.objects.get(title=title)
        assert course.status == Resource.Status.PUBLISHED
        names = set(course.skill_links.values_list("skill__name", flat=True))
        assert "principles of artificial intelligence" in names or "machine learning" in names
    # O*NET twins never get a link of their own.
    assert not ResourceSkill.objects.filter(skill__same_as__isnull=False).exists()

    again = catalogue_link()
    assert (again.links_created, again.suggestions_created, again.published) == (0, 0, 0)

"""The three real catalogue scrapes import through their built-in mappings, unedited."""

import json

import pytest
from django.core.management import call_command

from courses.models import Resource, ResourceSkill
from tests.courses.taxonomy import load_esco_skills

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def import_scrape(shared_data, tmp_path, mapping):
    path = shared_data / "courses" / f"{mapping}_courses.csv"
    report_path = tmp_path / f"{mapping}-{Resource.objects.count()}.json"
    call_command(
        "import_resources", str(path), "--mapping", mapping, "--report", str(report_path), "-v0"
    )
    return json.loads(report_path.read_text())


def test_coursera_imports_1000_and_keeps_every_listed_skill_string(shared_data, tmp_path):
    load_esco_skills(shared_data)
    report = import_scrape(shared_data, tmp_path, "coursera")
    assert report["rows"] == 1000
    assert report["created"] == 1000
    assert report["invalid"] == [] and report["duplicates"] == []
    # The provider's skill strings are kept raw for the linker (courses.linking): none is lost
    # for lack of a matching label, and the import itself links nothing.
    assert report["unmatched_skills"] == []
    aws = Resource.objects.get(
        url="https://www.coursera.org/professional-certificates/aws-cloud-technology-consultant"
    )
    assert "Python Programming" in aws.topics
    assert not ResourceSkill.objects.exists()
    assert Resource.objects.filter(status=Resource.Status.DRAFT).count() == 1000

    again = import_scrape(shared_data, tmp_path, "coursera")
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 1000)


def test_edx_imports_975_rows_and_reports_its_duplicate_url(shared_data, tmp_path):
    report = import_scrape(shared_data, tmp_path, "edx")
    assert report["rows"] == 975
    assert report["created"] == 974
    assert report["invalid"] == []
    assert [(d["row"], d["first_row"]) for d in report["duplicates"]] == [(97, 61)]
    assert "introduction-to-probability" in report["duplicates"][0]["key"]
    effort = Resource.objects.get(title="How to Learn Online")
    assert float(effort.hours) == 5.0  # 2–3 hours per week × 2 weeks
    assert Resource.objects.filter(language="es").count() == 176

    again = import_scrape(shared_data, tmp_path, "edx")
    assert (again["created"], again["unchanged"]) == (0, 974)


def test_udemy_imports_3678_rows_and_reports_6_duplicate_ids(shared_data, tmp_path):
    report = import_scrape(shared_data, tmp_path, "udemy")
    assert report["rows"] == 3678
    assert report["created"] == 3672
    assert report["invalid"] == []
    assert sorted(d["key"].split()[-1] for d in report["duplicates"]) == sorted(
        ["837322", "1157298", "1035638", "1084454", "185526", "28295"]
    )
    banking = Resource.objects.get(provider__slug="udemy", external_id="1070968")
    assert (float(banking.price), banking.currency, banking.level) == (200, "USD", "mixed")

    again = import_scrape(shared_data, tmp_path, "udemy")
    assert (again["created"], again["unchanged"]) == (0, 3672)

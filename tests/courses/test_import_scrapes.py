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


def test_coursera_imports_1000_and_keeps_its_skill_strings_for_the_linker(shared_data, tmp_path):
    load_esco_skills(shared_data)
    report = import_scrape(shared_data, tmp_path, "coursera")
    assert report["rows"] == 1000
    assert report["created"] == 1000
    assert report["invalid"] == [] and report["duplicates"] == []
    # The provider's skill strings stay raw in topics (none lost for lack of a matching label);
    # courses.linking makes the links.
    assert report["unmatched_skills"] == []
    coursera = Resource.objects.filter(provider__slug="coursera")
    assert coursera.exclude(topics=[]).count() == 645  # SOURCE.md: 645 rows list skills
    assert not ResourceSkill.objects.filter(resource__provider__slug="coursera").exists()
    assert Resource.objects.filter(status=Resource.Status.DRAFT).count() == 1000
    # Audited free; the certificate through the subscription, in USD.
    assert coursera.filter(price=0, certificate_price__gte=49, currency="USD").count() == 1000

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
    # Free to follow, the verified certificate paid: both stored, in the scrape's currency.
    edx = Resource.objects.filter(provider__slug="edx")
    assert edx.filter(price=0, certificate_price__gt=0, currency="USD").count() == 974

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
    assert (banking.certificate, float(banking.certificate_price)) == (True, 0)

    again = import_scrape(shared_data, tmp_path, "udemy")
    assert (again["created"], again["unchanged"]) == (0, 3672)

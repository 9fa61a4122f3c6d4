import io
import json

import pytest
from django.core.management import call_command

from tests.courses.factories import ResourceSkillFactory
from tests.skills.factories import OccupationFactory, OccupationSkillFactory, SectorFactory


@pytest.mark.django_db
def test_gaps_report_skills_no_published_resource_reaches():
    finance = SectorFactory(name="Finance")
    role = OccupationFactory(title="Risk data analyst", is_target=True)
    role.sectors.add(finance)
    covered = OccupationSkillFactory(occupation=role, level=3, skill__name="SQL")
    too_low = OccupationSkillFactory(occupation=role, level=4, skill__name="risk models")
    OccupationSkillFactory(occupation__is_target=False, skill__name="not a target")
    ResourceSkillFactory(skill=covered.skill, level_taught=3)
    ResourceSkillFactory(skill=too_low.skill, level_taught=2)
    ResourceSkillFactory(skill=too_low.skill, level_taught=5, resource__status="draft")

    out = io.StringIO()
    call_command("catalogue_gaps", "--json", stdout=out)
    [report] = json.loads(out.getvalue())
    assert report["title"] == "Risk data analyst" and report["sectors"] == ["Finance"]
    assert (report["required"], report["closable"]) == (2, 1)
    assert [(g["skill"], g["required_level"], g["best_level"]) for g in report["gaps"]] == [
        ("risk models", 4, 2)
    ]

    text = io.StringIO()
    call_command("catalogue_gaps", stdout=text)
    assert "== Finance" in text.getvalue() and "risk models: needs 4" in text.getvalue()

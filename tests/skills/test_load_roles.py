import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from skills.importers.esco import is_ai_skill
from skills.models import Occupation, Sector, Source
from skills.services import ROLES_FILE, roles_load

from .conftest import read_csv

pytestmark = pytest.mark.django_db
SECTORS = {"finance", "health", "marketing", "design"}


def test_roles_file_is_versioned_and_every_uri_is_in_esco(shared_data):
    data = json.loads(ROLES_FILE.read_text())
    assert data["version"]
    skills = read_csv(shared_data / "esco" / "skills_en.csv")
    digital = set(read_csv(shared_data / "esco" / "digitalSkillsCollection_en.csv").conceptUri)
    labels = dict(zip(skills.conceptUri, skills.preferredLabel, strict=True))
    occupations = set(read_csv(shared_data / "esco" / "occupations_en.csv").conceptUri)
    per_sector = {}
    for role in data["roles"]:
        assert role["code"].startswith("AI-") and not role["code"].startswith("DEMO-")
        assert role["extends"]["uri"] in occupations, role["code"]
        assert len(role["skills"]) >= 8, role["code"]
        assert all(s["uri"] in labels for s in role["skills"]), role["code"]
        assert any(is_ai_skill(labels[s["uri"]], s["uri"] in digital) for s in role["skills"])
        per_sector[role["sector"]] = per_sector.get(role["sector"], 0) + 1
    assert set(per_sector) == SECTORS
    assert all(4 <= n <= 6 for n in per_sector.values())


def test_without_esco_import_it_says_what_it_needs():
    with pytest.raises(CommandError, match="Run `python manage.py import_esco"):
        call_command("load_roles")
    assert not Occupation.objects.filter(is_target=True).exists()


def test_missing_or_broken_roles_file_is_named(tmp_path):
    with pytest.raises(CommandError, match="file is missing"):
        call_command("load_roles", file=tmp_path / "none.json")
    (tmp_path / "bad.json").write_text("{")
    with pytest.raises(CommandError, match="not valid JSON"):
        call_command("load_roles", file=tmp_path / "bad.json")


@pytest.mark.slow
def test_after_esco_import_every_sector_has_roles_on_resolved_ai_skills(shared_data):
    call_command("import_esco", str(shared_data / "esco"), verbosity=0)
    call_command("load_roles")
    report = roles_load()  # idempotent: a second load creates nothing

    assert report.roles_created == 0
    roles = Occupation.objects.filter(is_target=True, source=Source.CURATED)
    assert roles.count() == 16
    for sector in Sector.objects.filter(slug__in=SECTORS):
        assert 4 <= sector.occupations.filter(is_target=True).count() <= 6
    for role in roles:
        required = role.required_skills.select_related("skill")
        assert required.count() >= 8
        assert all(r.skill.source == Source.ESCO for r in required)
        assert any(r.skill.is_ai for r in required), role.code
        assert role.extends.source == Source.ESCO

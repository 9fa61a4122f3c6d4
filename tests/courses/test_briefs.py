"""Our project briefs: the file's rules, the loader, and practice for every AI-era role."""

import io
import json

import pytest
from django.core.management import call_command
from django.db.models import Count

from courses.briefs import BRIEFS_FILE, brief_problems, briefs_read
from courses.models import Resource, ResourceSkill
from skills.models import Occupation
from skills.services import ROLES_FILE
from tests.courses.factories import ResourceSkillFactory
from tests.skills.factories import SkillFactory

ROLES = {role["code"]: role for role in json.loads(ROLES_FILE.read_text())["roles"]}
BRIEFS = briefs_read(BRIEFS_FILE)["briefs"]


def test_every_brief_is_complete_in_french_and_english():
    assert [problem for brief in BRIEFS for problem in brief_problems(brief)] == []
    codes = [brief["code"] for brief in BRIEFS]
    assert len(codes) == len(set(codes))
    for brief in BRIEFS:
        assert brief["en"]["title"] != brief["fr"]["title"], brief["code"]


def test_every_role_has_three_briefs_practising_its_own_skills():
    per_role = {code: [] for code in ROLES}
    for brief in BRIEFS:
        assert brief["role"] in ROLES, brief["code"]
        per_role[brief["role"]].append(brief)
        role_uris = {skill["uri"] for skill in ROLES[brief["role"]]["skills"]}
        assert {link["uri"] for link in brief["skills"]} <= role_uris, brief["code"]
    assert {code: len(briefs) for code, briefs in per_role.items() if len(briefs) < 3} == {}


def test_briefs_take_each_main_skill_of_a_role_to_the_level_it_requires():
    for code, role in ROLES.items():
        reached = {}
        for brief in (b for b in BRIEFS if b["role"] == code):
            for link in brief["skills"]:
                reached[link["uri"]] = max(reached.get(link["uri"], 0), link["reaches"])
        short = [
            (skill["label"], skill["level"], reached.get(skill["uri"], 0))
            for skill in role["skills"]
            if skill["weight"] == 1.0 and reached.get(skill["uri"], 0) < max(3, skill["level"])
        ]
        assert short == [], code


def test_a_brief_can_be_started_after_the_courses_and_level_4_builds_on_level_3():
    taught_by_courses = {skill["uri"] for skill in briefs_read(BRIEFS_FILE)["course_taught"]}
    for brief in BRIEFS:
        for link in brief["skills"]:
            where = (brief["code"], link["label"])
            if link["reaches"] == 4:
                assert link["expects"] == 3, where
                feeders = [
                    other["code"]
                    for other in BRIEFS
                    if other["role"] == brief["role"]
                    for step in other["skills"]
                    if step["uri"] == link["uri"] and step["reaches"] == 3
                ]
                assert link["uri"] in taught_by_courses or feeders, where
            elif link["uri"] not in taught_by_courses:
                assert link["expects"] == 0, where


def load(path=None):
    out = io.StringIO()
    call_command("load_briefs", *(["--file", str(path)] if path else []), stdout=out)
    return out.getvalue()


def small_file(tmp_path, skills, extra=()):
    brief = {
        "code": "T-01",
        "role": "AI-TEST-01",
        "hours": 25,
        "en": {"title": "Campaign A/B analysis", "deliverable": "A memo.", "done_when": "It is."},
        "fr": {"title": "Analyse A/B", "deliverable": "Une note.", "done_when": "C'est fait."},
        "skills": [
            {"uri": skills[0].uri, "label": "statistics", "expects": 2, "reaches": 4},
            {"uri": skills[1].uri, "label": "data analytics", "expects": 1, "reaches": 3},
        ],
    }
    path = tmp_path / "briefs.json"
    path.write_text(json.dumps({"version": "t", "briefs": [brief, *extra]}), encoding="utf-8")
    return path


@pytest.mark.django_db
def test_a_brief_becomes_one_published_project_per_language_linked_from_the_file(tmp_path):
    skills = [SkillFactory(name="statistics"), SkillFactory(name="data analytics")]
    output = load(small_file(tmp_path, skills))
    assert output.startswith("1 project briefs (file version t): 2 created, 0 updated")
    projects = Resource.objects.filter(provider__slug="reconversion")
    assert sorted(projects.values_list("external_id", "language")) == [
        ("T-01.en", "en"),
        ("T-01.fr", "fr"),
    ]
    french = projects.get(language="fr")
    assert (french.kind, french.status, french.level) == ("project", "published", "advanced")
    assert french.description == "Une note.\n\nTerminé quand : C'est fait."
    assert french.url.endswith(f"/catalogue/{french.pk}/")
    links = ResourceSkill.objects.filter(resource=french).order_by("level_taught")
    assert [(lk.level_required, lk.level_taught, lk.origin, lk.confidence) for lk in links] == [
        (1, 3, "file", 1.0),
        (2, 4, "file", 1.0),
    ]


@pytest.mark.django_db
def test_reload_changes_nothing_and_keeps_a_curators_link(tmp_path):
    skills = [SkillFactory(name="statistics"), SkillFactory(name="data analytics")]
    path = small_file(tmp_path, skills)
    load(path)
    english = Resource.objects.get(external_id="T-01.en")
    ResourceSkillFactory(resource=english, skill=SkillFactory(name="SQL"), origin="curator")
    assert "0 created, 0 updated, 2 unchanged" in load(path)
    assert english.skill_links.count() == 3


@pytest.mark.django_db
def test_a_brief_with_an_unknown_skill_is_reported_and_the_others_load(tmp_path):
    skills = [SkillFactory(name="statistics"), SkillFactory(name="data analytics")]
    bad = {
        "code": "T-02",
        "role": "AI-TEST-01",
        "hours": 10,
        "en": {"title": "x", "deliverable": "y", "done_when": "z"},
        "fr": {"title": "x", "deliverable": "y", "done_when": ""},
        "skills": [{"uri": "http://data.europa.eu/esco/skill/nope", "expects": 2, "reaches": 5}],
    }
    output = load(small_file(tmp_path, skills, extra=[bad]))
    assert "2 created" in output and "3 problem(s)" in output
    assert "brief T-02, fr.done_when: missing" in output
    assert "brief T-02, skills[0]: levels 2→5" in output
    assert "skill http://data.europa.eu/esco/skill/nope (?) is not imported" in output
    assert not Resource.objects.filter(external_id__startswith="T-02").exists()


@pytest.mark.slow
@pytest.mark.django_db
def test_every_target_role_has_three_practice_resources_at_level_3_on_real_data(shared_data):
    quiet = {"stdout": io.StringIO(), "verbosity": 0}
    call_command("import_esco", str(shared_data / "esco"), **quiet)
    call_command("load_roles", **quiet)
    call_command("load_briefs", **quiet)
    call_command(
        "import_practice", str(shared_data / "practice" / "kaggle_competitions.csv"), **quiet
    )
    roles = Occupation.objects.filter(is_target=True)
    assert roles.count() == len(ROLES)
    for role in roles:
        skills = role.required_skills.values_list("skill_id", flat=True)
        practice = (
            Resource.objects.published()
            .filter(kind__in=Resource.PRACTICE_KINDS)
            .filter(skill_links__skill_id__in=skills, skill_links__level_taught__gte=3)
            .values("language")
            .annotate(n=Count("id", distinct=True))
        )
        per_language = {row["language"]: row["n"] for row in practice}
        assert per_language.get("en", 0) >= 3 and per_language.get("fr", 0) >= 3, role.code

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from skills.importers.esco import is_ai_skill
from skills.models import Occupation, OccupationSkill, Sector, Skill, SkillGroup, Source
from skills.services import AI_SKILL_URN, AI_SKILLS_FILE, ROLES_FILE, roles_load

from .conftest import read_csv
from .factories import OccupationFactory, SkillFactory

pytestmark = pytest.mark.django_db
SECTORS = {"finance", "health", "marketing", "design"}
ROLES = json.loads(ROLES_FILE.read_text())
AI_SKILLS = json.loads(AI_SKILLS_FILE.read_text())
OURS = {s["uri"]: s for s in AI_SKILLS["skills"]}
# ESCO's essential skills make most of a role; the rest are AI-era skills (ours or ESCO's) and
# a few supporting ones. 40 % is the floor measured on the file (docs/roles.md).
MIN_ESSENTIAL_SHARE = 0.4


@pytest.fixture
def esco(shared_data):
    folder = shared_data / "esco"
    skills = read_csv(folder / "skills_en.csv")
    relations = read_csv(folder / "occupationSkillRelations.csv")
    essential = relations[relations.relationType == "essential"]
    return {
        "labels": dict(zip(skills.conceptUri, skills.preferredLabel, strict=True)),
        "digital": set(read_csv(folder / "digitalSkillsCollection_en.csv").conceptUri),
        "transversal": set(read_csv(folder / "transversalSkillsCollection_en.csv").conceptUri)
        | set(skills.conceptUri[skills.reuseLevel == "transversal"]),
        "occupations": read_csv(folder / "occupations_en.csv").set_index("conceptUri"),
        "essential": essential.groupby("occupationUri").skillUri.agg(set).to_dict(),
    }


def test_every_role_has_15_to_25_weighted_skills_mostly_its_occupations_essential_ones(esco):
    assert ROLES["version"]
    per_sector = {}
    for role in ROLES["roles"]:
        code, skills = role["code"], role["skills"]
        assert code.startswith("AI-") and not code.startswith("DEMO-")
        assert role["extends"]["uri"] in esco["occupations"].index, code
        assert 15 <= len(skills) <= 25, (code, len(skills))
        uris = [s["uri"] for s in skills]
        assert len(set(uris)) == len(uris), code
        assert all(u in esco["labels"] or u in OURS for u in uris), code
        assert all(0 < s["weight"] <= 1 and s["level"] in range(6) for s in skills), code
        # No generic transversal padding ("follow work schedule", "listen actively").
        assert not [s["label"] for s in skills if s["uri"] in esco["transversal"]], code
        essential = esco["essential"][role["extends"]["uri"]]
        share = sum(u in essential for u in uris) / len(uris)
        assert share >= MIN_ESSENTIAL_SHARE, (code, round(share, 2))
        assert any(
            u in OURS or is_ai_skill(esco["labels"][u], u in esco["digital"]) for u in uris
        ), code
        assert role["title_fr"] and role["description"] and role["description_fr"], code
        per_sector[role["sector"]] = per_sector.get(role["sector"], 0) + 1
    assert set(per_sector) == SECTORS | {"administration"}
    assert all(4 <= per_sector[s] <= 6 for s in SECTORS), per_sector


def test_the_missing_roles_of_issue_11_exist_in_french_and_english(esco):
    titles = {r["code"]: (r["title"], r["title_fr"], r["extends"]["label"]) for r in ROLES["roles"]}
    assert titles["AI-FIN-05"][0] == "AI governance and model risk analyst"
    assert titles["AI-HEA-06"][0] == "Clinical AI validation specialist"
    assert titles["AI-MKT-05"][0] == "AI product manager"
    assert titles["AI-DES-05"][0] == "Conversation designer"
    assert titles["AI-MKT-02"][0].startswith("Marketing technologist")
    # A target for a nurse and one for a clerk, building on what they already do.
    assert titles["AI-HEA-05"][2] == "nurse responsible for general care"
    assert titles["AI-ADM-01"][0] == "AI data annotation and quality specialist"
    for title, title_fr, _extends in titles.values():
        assert title != title_fr


def test_regulated_professions_are_marked_with_the_reason(esco):
    regulated = {r["code"]: r.get("regulated") for r in ROLES["roles"] if r.get("regulated")}
    assert set(regulated) == {"AI-HEA-04", "AI-HEA-05"}
    assert all(entry["why"].strip() for entry in regulated.values())
    # Whatever extends a profession ESCO itself marks regulated is marked too.
    notes = esco["occupations"].regulatedProfessionNote
    for role in ROLES["roles"]:
        if notes[role["extends"]["uri"]].endswith("/regulated"):
            assert role["code"] in regulated, role["code"]


def test_ai_skills_are_what_esco_lacks_with_broader_skill_and_onet_tools(esco, shared_data):
    tech = read_csv(shared_data / "onet" / "Technology Skills.txt", sep="\t")
    tools = set(zip(tech["Example"], tech["Commodity Code"], strict=True))
    esco_names = {label.lower() for label in esco["labels"].values()}
    used = {s["uri"] for role in ROLES["roles"] for s in role["skills"]}
    assert 10 <= len(OURS) <= 20
    for uri, skill in OURS.items():
        assert uri.startswith(AI_SKILL_URN), uri
        assert skill["name"].lower() not in esco_names, uri
        assert skill["name"] != skill["name_fr"] and skill["description_fr"], uri
        assert esco["labels"][skill["broader"]["uri"]] == skill["broader"]["label"], uri
        for ref in skill["onet_technology"]:
            assert (ref["example"], ref["commodity_code"]) in tools, (uri, ref)
        assert uri in used, f"{uri} is required by no role"
    assert sum(bool(s["onet_technology"]) for s in OURS.values()) >= 6


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


@pytest.fixture
def small_files(tmp_path):
    """One AI-era skill and one regulated role on three ESCO-like skills, as the real files."""
    group = SkillGroup.objects.create(uri="http://esco/group/S5", source=Source.ESCO, name="ICT")
    broader, anatomy, vision = (
        SkillFactory(uri=f"http://esco/skill/{n}", name=n, source=Source.ESCO)
        for n in ("principles of artificial intelligence", "human anatomy", "computer vision")
    )
    broader.groups.add(group)
    OccupationFactory(uri="http://esco/occupation/radiographer", source=Source.ESCO, code="2269.8")
    skill = {
        "uri": f"{AI_SKILL_URN}prompt-engineering",
        "kind": "skill",
        "name": "prompt engineering",
        "name_fr": "ingénierie de prompts",
        "description": "Write and refine prompts.",
        "description_fr": "Rédiger et affiner des prompts.",
        "broader": {"uri": broader.uri, "label": broader.name},
        "onet_technology": [{"example": "OpenAI ChatGPT", "commodity_code": "43232402"}],
        "alt_labels": ["ChatGPT"],
    }
    role = {
        "code": "AI-HEA-99",
        "sector": "health",
        "title": "AI imaging specialist",
        "title_fr": "Spécialiste de l'imagerie par IA",
        "extends": {"uri": "http://esco/occupation/radiographer"},
        "regulated": {"why": "radiographers only"},
        "skills": [
            {"uri": anatomy.uri, "level": 3, "weight": 1.0},
            {"uri": vision.uri, "level": 2, "weight": 0.5},
            {"uri": skill["uri"], "level": 2, "weight": 0.8},
        ],
    }
    files = {"skills": tmp_path / "skills.json", "roles": tmp_path / "roles.json"}
    write = {
        "skills": lambda skills: files["skills"].write_text(
            json.dumps({"version": "t", "skills": skills})
        ),
        "roles": lambda roles: files["roles"].write_text(
            json.dumps(
                {"version": "t", "sectors": [{"slug": "health", "name": "Health"}], "roles": roles}
            )
        ),
    }
    write["skills"]([skill])
    write["roles"]([role])
    return {"files": files, "write": write, "skill": skill, "role": role, "group": group}


def test_ai_skills_load_before_the_roles_and_a_reload_changes_nothing(small_files):
    files = small_files["files"]
    report = roles_load(path=files["roles"], skills_path=files["skills"])
    assert (report.ai_skills_created, report.roles_created) == (1, 1)
    assert report.regulated_roles == ["AI-HEA-99"]
    prompt = Skill.objects.get(uri=small_files["skill"]["uri"])
    assert (prompt.source, prompt.name_fr, prompt.is_ai) == (
        Source.CURATED,
        "ingénierie de prompts",
        True,
    )
    assert list(prompt.groups.all()) == [small_files["group"]]
    assert " chatgpt" in prompt.search_text
    role = Occupation.objects.get(code="AI-HEA-99")
    assert role.regulated and role.is_target
    required = dict(role.required_skills.values_list("skill__uri", "essential"))
    assert required[prompt.uri] is True  # weight 0.8: essential

    again = roles_load(path=files["roles"], skills_path=files["skills"])
    assert (again.ai_skills_created, again.ai_skills_updated, again.roles_created) == (0, 1, 0)
    assert Skill.objects.filter(uri__startswith=AI_SKILL_URN).count() == 1
    assert OccupationSkill.objects.filter(occupation=role).count() == 3


def test_a_hand_edited_ai_skill_is_left_as_the_curator_made_it(small_files):
    files = small_files["files"]
    roles_load(path=files["roles"], skills_path=files["skills"])
    Skill.objects.filter(uri=small_files["skill"]["uri"]).update(name="Prompting", curated=True)
    report = roles_load(path=files["roles"], skills_path=files["skills"])
    assert report.ai_skills_hand_edited == [small_files["skill"]["uri"]]
    assert Skill.objects.get(uri=small_files["skill"]["uri"]).name == "Prompting"


def test_dropping_the_regulated_mark_unmarks_the_role(small_files):
    files = small_files["files"]
    roles_load(path=files["roles"], skills_path=files["skills"])
    small_files["write"]["roles"]([{**small_files["role"], "regulated": None}])
    roles_load(path=files["roles"], skills_path=files["skills"])
    assert not Occupation.objects.get(code="AI-HEA-99").regulated


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"broader": {"uri": "http://esco/skill/none"}}, "broader ESCO skill .* is not imported"),
        ({"uri": "http://example.org/prompt"}, r"uri must be urn:reconversion:skill:<slug>"),
        ({"name_fr": ""}, "'name_fr' is missing"),
        ({"kind": "tool"}, "'kind' must be 'skill' or 'knowledge'"),
    ],
)
def test_a_bad_ai_skill_is_named_and_nothing_is_written(small_files, change, message):
    files = small_files["files"]
    small_files["write"]["skills"]([{**small_files["skill"], **change}])
    with pytest.raises(CommandError, match=message):
        call_command("load_roles", file=files["roles"], skills=files["skills"])
    assert not Skill.objects.filter(uri__startswith=AI_SKILL_URN).exists()
    assert not Occupation.objects.filter(is_target=True).exists()


def test_a_regulated_mark_without_a_reason_is_refused(small_files):
    files = small_files["files"]
    small_files["write"]["roles"]([{**small_files["role"], "regulated": {"why": " "}}])
    with pytest.raises(CommandError, match="role AI-HEA-99: 'regulated' must say why"):
        call_command("load_roles", file=files["roles"], skills=files["skills"])
    assert not Skill.objects.filter(uri__startswith=AI_SKILL_URN).exists()


@pytest.mark.slow
def test_after_esco_import_every_sector_has_roles_on_resolved_ai_skills(shared_data):
    call_command("import_esco", str(shared_data / "esco"), verbosity=0)
    call_command("load_roles")
    report = roles_load()  # idempotent: a second load creates nothing

    assert (report.roles_created, report.ai_skills_created) == (0, 0)
    roles = Occupation.objects.filter(is_target=True, source=Source.CURATED)
    assert roles.count() == len(ROLES["roles"]) == 22
    for sector in Sector.objects.filter(slug__in=SECTORS):
        assert 4 <= sector.occupations.filter(is_target=True).count() <= 6
    assert set(roles.filter(regulated=True).values_list("code", flat=True)) == {
        "AI-HEA-04",
        "AI-HEA-05",
    }
    for role in roles:
        required = role.required_skills.select_related("skill")
        assert 15 <= required.count() <= 25, role.code
        assert all(
            r.skill.source == Source.ESCO or r.skill.uri.startswith(AI_SKILL_URN) for r in required
        )
        assert any(r.skill.is_ai for r in required), role.code
        assert role.extends.source == Source.ESCO
    for skill in Skill.objects.filter(uri__startswith=AI_SKILL_URN).prefetch_related("groups"):
        broader = Skill.objects.get(uri=OURS[skill.uri]["broader"]["uri"])
        assert set(skill.groups.all()) == set(broader.groups.all()), skill.uri


def test_a_role_code_another_source_uses_is_refused_and_nothing_is_written(small_files):
    files = small_files["files"]
    OccupationFactory(code="AI-HEA-99", source=Source.ONET, uri=None)
    with pytest.raises(CommandError, match="code AI-HEA-99 is already used by a onet occupation"):
        call_command("load_roles", file=files["roles"], skills=files["skills"])
    assert not Skill.objects.filter(uri__startswith=AI_SKILL_URN).exists()


def test_an_ai_skill_uri_another_source_uses_is_refused(small_files):
    files = small_files["files"]
    SkillFactory(uri=small_files["skill"]["uri"], source=Source.ESCO)
    with pytest.raises(CommandError, match="prompt-engineering is already used by a esco skill"):
        call_command("load_roles", file=files["roles"], skills=files["skills"])
    assert not Occupation.objects.filter(is_target=True).exists()

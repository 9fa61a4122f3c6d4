"""A small demo-like world for the page tests and the browser journey: two sectors, a
marketing assistant's job, two AI-era roles with required skills, and resources that teach
them. Used until `seed_demo` (on main) can stand in for it."""

from dataclasses import dataclass, field

from courses.models import Resource
from skills.models import Occupation, Skill
from tests.courses.factories import ProviderFactory, ResourceFactory, ResourceSkillFactory
from tests.skills.factories import (
    OccupationFactory,
    OccupationSkillFactory,
    SectorFactory,
    SkillFactory,
)


@dataclass
class World:
    job: Occupation
    roles: list[Occupation]
    skills: dict[str, Skill]
    resources: list[Resource] = field(default_factory=list)


SKILLS = [
    ("copywriting", "Copywriting", "Rédaction publicitaire"),
    ("analytics", "Web analytics", "Analyse d'audience web"),
    ("prompting", "Prompt engineering", "Ingénierie de prompts"),
    ("python", "Python programming", "Programmation Python"),
    ("sql", "SQL querying", "Requêtes SQL"),
]


def build_world() -> World:
    marketing = SectorFactory(slug="marketing", name="Marketing", name_fr="Marketing")
    finance = SectorFactory(slug="finance", name="Finance", name_fr="Finance")
    skills = {
        key: SkillFactory(name=name, name_fr=name_fr, uri=f"urn:reconversion:journey:{key}")
        for key, name, name_fr in SKILLS
    }
    job = OccupationFactory(
        code="JOURNEY-JOB", title="Marketing assistant", title_fr="Assistant marketing"
    )
    job.sectors.add(marketing)
    for key, level in [("copywriting", 3), ("analytics", 2)]:
        OccupationSkillFactory(occupation=job, skill=skills[key], level=level)
    growth = OccupationFactory(
        code="JOURNEY-ROLE-1",
        title="AI-assisted growth marketer",
        title_fr="Growth marketeur assisté par l'IA",
        is_target=True,
        extends=job,
    )
    growth.sectors.add(marketing)
    analyst = OccupationFactory(
        code="JOURNEY-ROLE-2",
        title="Financial data analyst",
        title_fr="Analyste de données financières",
        is_target=True,
    )
    analyst.sectors.add(finance)
    for key, level, weight in [
        ("copywriting", 3, 1.0),
        ("analytics", 3, 1.0),
        ("prompting", 3, 1.0),
        ("python", 2, 0.5),
    ]:
        OccupationSkillFactory(occupation=growth, skill=skills[key], level=level, weight=weight)
    for key, level in [("sql", 3), ("python", 3), ("analytics", 2)]:
        OccupationSkillFactory(occupation=analyst, skill=skills[key], level=level)
    provider = ProviderFactory(slug="journey-academy", name="Journey Academy")
    resources = []
    for title, kind, hours, price, teaches in [
        ("Prompting for marketers", Resource.Kind.COURSE, 6, 0, [("prompting", 3)]),
        ("Analytics in practice", Resource.Kind.PROJECT, 12, 49, [("analytics", 3)]),
        ("Python from zero", Resource.Kind.COURSE, 20, 0, [("python", 3)]),
        ("SQL essentials", Resource.Kind.COURSE, 8, 19, [("sql", 3)]),
    ]:
        resource = ResourceFactory(
            provider=provider, title=title, kind=kind, hours=hours, price=price
        )
        for key, level in teaches:
            ResourceSkillFactory(resource=resource, skill=skills[key], level_taught=level)
        resources.append(resource)
    return World(job=job, roles=[growth, analyst], skills=skills, resources=resources)

"""A small hand-built world: one AI-era role, its skills, and resources that teach them."""

from courses.models import Resource
from skills.models import Occupation
from tests.courses.factories import ResourceFactory, ResourceSkillFactory
from tests.skills.factories import OccupationFactory, OccupationSkillFactory, SkillFactory


def build_world():
    python = SkillFactory(name="Python")
    stats = SkillFactory(name="Statistics")
    ml = SkillFactory(name="Machine learning")
    role = OccupationFactory(code="AI-DATA-ANALYST", title="AI data analyst", is_target=True)
    OccupationSkillFactory(occupation=role, skill=python, level=2, weight=1.0)
    OccupationSkillFactory(occupation=role, skill=stats, level=2, weight=0.5)
    OccupationSkillFactory(occupation=role, skill=ml, level=4, weight=1.0)
    intro = ResourceFactory(title="Python basics", hours=20, price=0)
    ResourceSkillFactory(resource=intro, skill=python, level_taught=3)
    stats_course = ResourceFactory(title="Statistics 101", hours=15, price=50)
    ResourceSkillFactory(resource=stats_course, skill=stats, level_taught=2)
    ml_course = ResourceFactory(title="ML course", hours=30, price=100)
    ResourceSkillFactory(resource=ml_course, skill=ml, level_taught=3)
    ResourceSkillFactory(resource=ml_course, skill=python, level_taught=0, level_required=2)
    project = ResourceFactory(
        title="ML project", hours=25, price=0, kind=Resource.Kind.PROJECT, format="online"
    )
    ResourceSkillFactory(resource=project, skill=ml, level_taught=4, level_required=2)
    return {
        "role": role,
        "skills": {"python": python, "stats": stats, "ml": ml},
        "resources": {"intro": intro, "stats": stats_course, "ml": ml_course, "project": project},
    }


__all__ = ["Occupation", "build_world"]

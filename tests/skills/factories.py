import factory

from skills.models import Occupation, OccupationSkill, Sector, Skill, Source


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sector
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"sector-{n}")
    name = factory.Sequence(lambda n: f"Sector {n}")


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill

    uri = factory.Sequence(lambda n: f"urn:reconversion:test:skill:{n}")
    source = Source.CURATED
    name = factory.Sequence(lambda n: f"Skill {n}")
    kind = Skill.Kind.SKILL


class OccupationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Occupation

    code = factory.Sequence(lambda n: f"TEST-{n:04d}")
    source = Source.CURATED
    title = factory.Sequence(lambda n: f"Occupation {n}")


class OccupationSkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OccupationSkill

    occupation = factory.SubFactory(OccupationFactory)
    skill = factory.SubFactory(SkillFactory)
    level = 3
    weight = 1.0

import factory

from courses.models import Provider, Resource, ResourceSkill
from tests.skills.factories import SkillFactory


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"provider-{n}")
    name = factory.Sequence(lambda n: f"Provider {n}")


class ResourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resource

    provider = factory.SubFactory(ProviderFactory)
    external_id = factory.Sequence(lambda n: f"res-{n}")
    title = factory.Sequence(lambda n: f"Resource {n}")
    url = factory.Sequence(lambda n: f"https://example.org/resources/{n}")
    hours = 10
    price = 0
    status = Resource.Status.PUBLISHED


class ResourceSkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResourceSkill

    resource = factory.SubFactory(ResourceFactory)
    skill = factory.SubFactory(SkillFactory)
    level_taught = 2
    level_required = 0

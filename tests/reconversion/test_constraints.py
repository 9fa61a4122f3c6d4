"""The database itself keeps data sane, whatever code path writes it."""

import pytest
from django.db import IntegrityError, transaction

from advisor.models import Profile, ProfileSkill
from courses.models import Resource, ResourceSkill
from skills.models import OccupationSkill
from tests.courses.factories import ResourceFactory
from tests.skills.factories import OccupationFactory, SkillFactory

pytestmark = pytest.mark.django_db


def rejected(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_required_level_of_7_is_rejected():
    occupation, skill = OccupationFactory(), SkillFactory()
    rejected(lambda: OccupationSkill.objects.create(occupation=occupation, skill=skill, level=7))


def test_required_weight_outside_0_1_is_rejected():
    occupation, skill = OccupationFactory(), SkillFactory()
    rejected(
        lambda: OccupationSkill.objects.create(
            occupation=occupation, skill=skill, level=3, weight=1.5
        )
    )


def test_negative_hours_and_price_are_rejected():
    rejected(lambda: ResourceFactory(hours=-1))
    rejected(lambda: ResourceFactory(price=-10))


def test_rating_above_5_is_rejected():
    rejected(lambda: ResourceFactory(rating=5.5))


def test_external_id_is_unique_per_provider_but_not_across_providers():
    first = ResourceFactory(external_id="abc")
    rejected(lambda: ResourceFactory(provider=first.provider, external_id="abc"))
    assert ResourceFactory(external_id="abc").provider != first.provider


def test_resources_without_external_id_are_unique_by_url():
    first = ResourceFactory(external_id="", url="https://example.org/c")
    rejected(lambda: ResourceFactory(provider=first.provider, external_id="", url=first.url))


def test_resource_cannot_teach_below_what_it_requires():
    resource, skill = ResourceFactory(), SkillFactory()
    rejected(
        lambda: ResourceSkill.objects.create(
            resource=resource, skill=skill, level_taught=2, level_required=3
        )
    )
    rejected(
        lambda: ResourceSkill.objects.create(
            resource=resource, skill=skill, level_taught=0, level_required=0
        )
    )
    rejected(lambda: ResourceSkill.objects.create(resource=resource, skill=skill, level_taught=6))


def test_profile_limits_and_skill_levels(user):
    rejected(lambda: Profile.objects.create(user=user, weekly_hours=0))
    profile = Profile.objects.create(user=user)
    rejected(lambda: ProfileSkill.objects.create(profile=profile, skill=SkillFactory(), level=6))


def test_resource_defaults_to_draft_and_is_hidden_from_the_public_catalogue():
    resource = ResourceFactory(status=Resource.Status.DRAFT)
    assert resource not in Resource.objects.published()

"""Factories for the counselling suite (advisor's own factories may land later in issue-5)."""

import datetime as dt

import factory
from django.utils import timezone

from advisor import services as advisor_services
from advisor.models import (
    Assessment,
    CounsellorAccess,
    LearningPath,
    PathStep,
    ProfileSkill,
)
from tests.accounts.factories import UserFactory
from tests.advisor.factories import ProfileFactory
from tests.courses.factories import ResourceFactory
from tests.skills.factories import OccupationFactory, SkillFactory


class ProfileSkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProfileSkill

    profile = factory.SubFactory(ProfileFactory)
    skill = factory.SubFactory(SkillFactory)
    level = 1


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    profile = factory.SubFactory(ProfileFactory)
    target = factory.SubFactory(OccupationFactory, is_target=True)
    status = Assessment.Status.DONE
    readiness = 0.5
    finished_at = factory.LazyFunction(timezone.now)


class LearningPathFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LearningPath

    assessment = factory.SubFactory(AssessmentFactory)
    profile = factory.SelfAttribute("assessment.profile")
    weeks_to_ready = 6


class PathStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PathStep

    path = factory.SubFactory(LearningPathFactory)
    resource = factory.SubFactory(ResourceFactory)
    order = factory.Sequence(lambda n: n + 1)
    planned_hours = 10
    rationale = "Closes a missing skill."


class GrantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CounsellorAccess

    client = factory.SubFactory(UserFactory)
    counsellor = factory.SubFactory("tests.accounts.factories.CounsellorFactory")


def client_with_plan(*, steps: int = 3, counsellor=None, target=None, **user_kwargs):
    """A job-seeker with a finished assessment and a path of `steps` steps (orders 1..n).

    With `counsellor`, the client has granted them access.
    """
    user = UserFactory(**user_kwargs)
    profile = ProfileFactory(user=user)
    kwargs = {"profile": profile}
    if target is not None:
        kwargs["target"] = target
    assessment = AssessmentFactory(**kwargs)
    path = LearningPathFactory(assessment=assessment, profile=profile)
    for i in range(1, steps + 1):
        PathStepFactory(
            path=path, order=i, resource=ResourceFactory(title=f"Step resource {i}-{user.pk}")
        )
    if counsellor is not None:
        CounsellorAccess.objects.create(client=user, counsellor=counsellor)
    return user, path


def client_assessed_by_the_worker(counsellor, world, capture_on_commit, *, skills=()):
    """A client of `counsellor` (1,000 EUR, 10 h a week from 2 March 2026), assessed for the
    world's role by the real engine run (tests.advisor.world), with `skills` as (id, level)."""
    profile = ProfileFactory(budget=1000, weekly_hours=10, start_date=dt.date(2026, 3, 2))
    if skills:
        advisor_services.profile_skills_set(profile=profile, skills=list(skills))
    CounsellorAccess.objects.create(client=profile.user, counsellor=counsellor)
    with capture_on_commit(execute=True):
        assessment = advisor_services.assessment_create(profile=profile, target=world["role"])
    return profile, assessment
